//! The facts of data/versions.toml that were checked against public sources (docs/versions.md,
//! "Checked against public sources") stay as checked. Each table below holds the values read on
//! the page named above it; an edit of the data file that contradicts one of them fails here, so
//! it has to come with a new source and an updated table.

use navplan::version::{Release, VersionData};

fn release(key: &str, number: u32) -> &'static Release {
    VersionData::embedded()
        .product(key)
        .unwrap_or_else(|| panic!("{key} missing"))
        .release(number)
        .unwrap_or_else(|| panic!("{key} {number} missing"))
}

fn text(version: Option<navplan::version::VersionNumber>) -> String {
    version.map(|v| v.to_string()).unwrap_or_default()
}

/// Microsoft's update table for BC 14 (update-versions-14, version of 2021-06): CU, platform,
/// application, month, KB. Platforms are written `14.0.<build>`: the table prints CU 13's as
/// 14.14.43286 and CU 1 ... 12 as bare build numbers.
const BC14_TABLE: [(u32, &str, &str, &str, u32); 24] = [
    (1, "14.0.32600.0", "14.1.32615.0", "2019-05", 4501146),
    (2, "14.0.34251.0", "14.3.34444.0", "2019-07", 4514872),
    (3, "14.0.35570.0", "14.4.35602.0", "2019-08", 4515445),
    (4, "14.0.35916.0", "14.5.35970.0", "2019-09", 4518535),
    (5, "14.0.36457.0", "14.6.36463.0", "2019-10", 4522949),
    (6, "14.0.37587.0", "14.7.37609.0", "2019-11", 4528705),
    (7, "14.0.38650.0", "14.8.38658.0", "2019-12", 4533396),
    (8, "14.0.39277.0", "14.9.39327.0", "2020-01", 4536555),
    (9, "14.0.40464.0", "14.10.40471.0", "2020-02", 4539529),
    (10, "14.0.41143.0", "14.11.41204.0", "2020-03", 4538887),
    (11, "14.0.41862.0", "14.12.41935.0", "2020-04", 4549677),
    (12, "14.0.42627.0", "14.13.42648.0", "2020-05", 4549684),
    (13, "14.0.43286.0", "14.14.43294.0", "2020-06", 4564070),
    (14, "14.0.43793.0", "14.15.43800.0", "2020-07", 4563405),
    (15, "14.0.44327.0", "14.16.44342.0", "2020-08", 4563410),
    (16, "14.0.44656.0", "14.17.44663.0", "2020-09", 4576662),
    (17, "14.0.44962.0", "14.18.44963.0", "2020-10", 4583496),
    (18, "14.0.45365.0", "14.19.45386.0", "2020-11", 4583511),
    (19, "14.0.45739.0", "14.20.45741.0", "2020-12", 4583550),
    (20, "14.0.46080.0", "14.21.46103.0", "2021-01", 4595149),
    (21, "14.0.46351.0", "14.22.46358.0", "2021-02", 5000693),
    (22, "14.0.46607.0", "14.23.46611.0", "2021-03", 5001232),
    (23, "14.0.46844.0", "14.24.46857.0", "2021-04", 5001732),
    (24, "14.0.47040.0", "14.25.47058.0", "2021-06", 5003472),
];

/// Microsoft's update table for BC 15 (update-versions-15, version of 2021-03); update 10's
/// platform is printed there as 15.10.44655.
const BC15_TABLE: [(u32, &str, &str, &str, u32); 16] = [
    (1, "15.0.37898.0", "15.1.38071.0", "2019-11", 4528699),
    (2, "15.0.38951.0", "15.2.39040.0", "2019-12", 4533389),
    (3, "15.0.40791.0", "15.3.40822.0", "2020-02", 4539530),
    (4, "15.0.41193.0", "15.4.41213.0", "2020-03", 4538888),
    (5, "15.0.41893.0", "15.5.41926.0", "2020-04", 4549678),
    (6, "15.0.42629.0", "15.6.42646.0", "2020-05", 4549685),
    (7, "15.0.43283.0", "15.7.43293.0", "2020-06", 4564071),
    (8, "15.0.43794.0", "15.8.43801.0", "2020-07", 4563406),
    (9, "15.0.44325.0", "15.9.44343.0", "2020-08", 4563414),
    (10, "15.0.44655.0", "15.10.44664.0", "2020-09", 4576663),
    (11, "15.0.44957.0", "15.11.44966.0", "2020-10", 4583500),
    (12, "15.0.45381.0", "15.12.45390.0", "2020-11", 4583512),
    (13, "15.0.45731.0", "15.13.45740.0", "2020-12", 4583552),
    (14, "15.0.46099.0", "15.14.46107.0", "2021-01", 4595150),
    (15, "15.0.46345.0", "15.15.46359.0", "2021-02", 5000694),
    (16, "15.0.46600.0", "15.16.46612.0", "2021-03", 5001233),
];

fn assert_bc_table(key: &str, table: &[(u32, &str, &str, &str, u32)]) {
    for &(number, platform, application, month, kb) in table {
        let r = release(key, number);
        assert_eq!(text(r.platform_version()), platform, "{key} {number}");
        assert_eq!(text(r.application_version()), application, "{key} {number}");
        assert_eq!(r.released.as_deref(), Some(month), "{key} {number}");
        assert!(!r.released_inferred, "{key} {number}: Microsoft dates it");
        assert_eq!(r.kb, Some(kb), "{key} {number}");
    }
}

#[test]
fn bc14_cu1_to_24_match_microsofts_update_table() {
    assert_bc_table("bc14", &BC14_TABLE);
}

#[test]
fn bc15_updates_1_to_16_match_microsofts_update_table() {
    assert_bc_table("bc15", &BC15_TABLE);
}

/// Microsoft's upgrade compatibility matrix (upgrade-v14-v15-compatibility, 2023-03): the KB it
/// links for BC 14 CU 1 ... 45, in order.
const BC14_MATRIX_KB: [u32; 45] = [
    4501146, 4514872, 4515445, 4518535, 4522949, 4528705, 4533396, 4536555, 4539529, 4538887,
    4549677, 4549684, 4564070, 4563405, 4563410, 4576662, 4583496, 4583511, 4583550, 4595149,
    5000693, 5001232, 5001732, 5003472, 5004718, 5005370, 5006072, 5007023, 5007776, 5009176,
    5010204, 5011303, 5012304, 5013418, 5014488, 5015472, 5016301, 5017014, 5017792, 5019238,
    5021001, 5021669, 5022711, 5023398, 5024400,
];

#[test]
fn bc14_kbs_match_the_compatibility_matrix_except_the_one_marked() {
    for (index, &kb) in BC14_MATRIX_KB.iter().enumerate() {
        let number = index as u32 + 1;
        let r = release("bc14", number);
        if number == 34 {
            // the update table and the matrix disagree; the entry says so
            assert_eq!(r.kb, Some(5013419));
            assert!(r.uncertain.as_deref().unwrap_or("").contains("5013418"));
        } else {
            assert_eq!(r.kb, Some(kb), "bc14 CU {number}");
        }
    }
    // the matrix names 15.17 with the KB the data carries
    assert_eq!(release("bc15", 17).kb, Some(5001733));
}

/// NAV 2018: Microsoft's KB titles (as linked by S-FINN) give the build of CU 1 ... 9; a
/// container-image listing (S-FREDDY-2019-01) gives RTM and CU 1 ... 13 in order.
#[test]
fn nav2018_builds_and_kbs_match_the_kb_titles_and_the_image_list() {
    let kb_titles = [
        (1, "11.0.19846.0", 4058601),
        (2, "11.0.20348.0", 4078580),
        (3, "11.0.20783.0", 4091307),
        (4, "11.0.21441.0", 4100770),
        (5, "11.0.21836.0", 4171921),
        (6, "11.0.22292.0", 4337675),
        (7, "11.0.23019.0", 4341448),
        (8, "11.0.23572.0", 4346807),
        (9, "11.0.24232.0", 4462649),
    ];
    for (number, build, kb) in kb_titles {
        let r = release("nav2018", number);
        assert_eq!(text(r.build), build, "CU {number}");
        assert_eq!(r.kb, Some(kb), "CU {number}");
    }
    let image_list = [
        "11.0.19394.0",
        "11.0.19846.0",
        "11.0.20348.0",
        "11.0.20783.0",
        "11.0.21441.0",
        "11.0.21836.0",
        "11.0.22292.0",
        "11.0.23019.0",
        "11.0.23572.0",
        "11.0.24232.0",
        "11.0.24742.0",
        "11.0.25466.0",
        "11.0.26401.0",
        "11.0.26893.0",
    ];
    let nav2018 = VersionData::embedded().product("nav2018").unwrap();
    let listed: Vec<String> = nav2018
        .all_releases()
        .take(image_list.len())
        .map(|r| text(r.build))
        .collect();
    assert_eq!(listed, image_list);
    // later CUs read from the artifact tooling and posts
    for (number, build) in [
        (19, "11.0.33812.0"),
        (30, "11.0.43274.0"),
        (31, "11.0.43796.0"),
        (41, "11.0.47056.0"),
        (53, "11.0.48794.0"),
        (60, "11.0.49618.0"),
    ] {
        assert_eq!(text(release("nav2018", number).build), build, "CU {number}");
    }
}

/// NAV 2016: builds in the titles of Microsoft's KB articles and its CU 3 announcement, and the
/// twelve artifacts read as CU 56 ... 67.
#[test]
fn nav2016_builds_match_the_kb_titles_and_the_artifact_list() {
    for (number, build, kb) in [
        (2, "9.0.43897.0", Some(3121038)),
        (3, "9.0.44365.0", Some(3130298)),
        (13, "9.0.47256.0", Some(3202891)),
        (15, "9.0.47838.0", Some(3216191)),
        (24, "9.0.49326.0", Some(4045670)),
    ] {
        let r = release("nav2016", number);
        assert_eq!(text(r.build), build, "CU {number}");
        assert_eq!(r.kb, kb, "CU {number}");
    }
    let artifacts = [
        "9.0.51883.0",
        "9.0.51900.0",
        "9.0.51918.0",
        "9.0.51934.0",
        "9.0.51947.0",
        "9.0.51972.0",
        "9.0.52001.0",
        "9.0.52055.0",
        "9.0.52091.0",
        "9.0.52121.0",
        "9.0.52162.0",
        "9.0.52168.0",
    ];
    for (offset, build) in artifacts.iter().enumerate() {
        let number = 56 + offset as u32;
        assert_eq!(
            text(release("nav2016", number).build),
            *build,
            "CU {number}"
        );
    }
    // CU 27 and 28 have no build any source maps to them
    assert_eq!(release("nav2016", 27).build, None);
    assert_eq!(release("nav2016", 28).build, None);
}

/// The minimum CU per product and its month, as Microsoft's OAuth walkthrough lists them; the
/// builds of the NAV 2017 and NAV 2018 minimums as Microsoft's upgrade pages state them.
#[test]
fn minimum_cus_and_months_match_microsofts_oauth_walkthrough() {
    let data = VersionData::embedded();
    for (key, minimum, month) in [
        ("bc15", 13, "2020-12"),
        ("bc14", 20, "2021-01"),
        ("nav2018", 41, "2021-06"),
        ("nav2017", 55, "2021-07"),
        ("nav2016", 67, "2021-07"),
    ] {
        let product = data.product(key).unwrap();
        assert_eq!(product.minimum, Some(minimum), "{key}");
        let r = product.minimum_release().unwrap();
        assert_eq!(r.released.as_deref(), Some(month), "{key}");
        assert!(!r.released_inferred, "{key}: the walkthrough dates it");
    }
    assert_eq!(text(release("nav2018", 41).build), "11.0.47056.0");
    assert_eq!(text(release("nav2017", 55).build), "10.0.30587.0");
}
