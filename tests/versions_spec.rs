//! The installed-version spec parser: every accepted form, and bad forms with a clear error.

use navplan::version::{parse_spec, Point, SpecForm, VersionError};
use proptest::prelude::*;

fn parsed(text: &str) -> (String, SpecForm, Point) {
    let spec = parse_spec(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    (spec.product, spec.form, spec.point)
}

fn cu(n: u32) -> Point {
    Point::Cu { number: n }
}

#[test]
fn product_and_cu_in_every_spelling() {
    for text in [
        "NAV 2018 CU 30",
        "nav2018 cu30",
        "NAV2018CU30",
        "  nav 2018   cu 30 ",
        "Dynamics NAV 2018 CU 30",
        "Microsoft Dynamics NAV 2018 Cumulative Update 30",
        "NAV 2018 CU 030",
    ] {
        assert_eq!(
            parsed(text),
            ("nav2018".into(), SpecForm::Name, cu(30)),
            "{text}"
        );
    }
    assert_eq!(
        parsed("Dynamics NAV 2017 CU55"),
        ("nav2017".into(), SpecForm::Name, cu(55))
    );
    assert_eq!(parsed("NAV 2016 CU 67").2, cu(67));
    assert_eq!(
        parsed("BC14 CU 20"),
        ("bc14".into(), SpecForm::Name, cu(20))
    );
    assert_eq!(parsed("Business Central 14 CU20").2, cu(20));
    assert_eq!(parsed("Dynamics 365 Business Central 14 CU 20").0, "bc14");
    assert_eq!(parsed("BC 14 on-prem CU 20").2, cu(20));
    assert_eq!(parsed("NAV 2018 RTM").2, Point::Rtm);
    assert_eq!(parsed("NAV 2018 CU 0").2, Point::Rtm);
}

#[test]
fn bc_application_versions_after_a_name_or_alone() {
    let app = |minor, build| Point::AppVersion { minor, build };
    assert_eq!(
        parsed("BC 14.21"),
        ("bc14".into(), SpecForm::Name, app(21, None))
    );
    assert_eq!(parsed("bc14.21").2, app(21, None));
    assert_eq!(
        parsed("Business Central 15.13"),
        ("bc15".into(), SpecForm::Name, app(13, None))
    );
    assert_eq!(
        parsed("15.13"),
        ("bc15".into(), SpecForm::Number, app(13, None))
    );
    assert_eq!(
        parsed("14.21.46103.0"),
        ("bc14".into(), SpecForm::Number, app(21, Some(46103)))
    );
    assert_eq!(parsed("BC 14 14.21.46103.0").2, app(21, Some(46103)));
    assert_eq!(parsed("BC 15 update 15.13").2, app(13, None));
    assert_eq!(
        parsed("14.0"),
        ("bc14".into(), SpecForm::Number, Point::Rtm)
    );
}

#[test]
fn bc15_counts_updates_and_reads_cu_as_update_with_a_note() {
    let spec = parse_spec("BC 15 update 13").unwrap();
    assert_eq!(spec.point, cu(13));
    assert!(spec.notes.is_empty());
    let spec = parse_spec("BC 15 CU 13").unwrap();
    assert_eq!(spec.point, cu(13));
    assert!(
        spec.notes[0].contains("read as update 15.13"),
        "{:?}",
        spec.notes
    );
    // BC 14 counts CUs: "update 21" is ambiguous there and refused with a hint
    let err = parse_spec("BC 14 update 21").unwrap_err().to_string();
    assert!(err.contains("counts CUs"), "{err}");
}

#[test]
fn platform_builds_with_three_or_four_parts() {
    let build = |b| Point::Build { build: b };
    assert_eq!(
        parsed("11.0.44952.0"),
        ("nav2018".into(), SpecForm::Number, build(44952))
    );
    assert_eq!(
        parsed("11.0.44952"),
        ("nav2018".into(), SpecForm::Number, build(44952))
    );
    assert_eq!(parsed("10.0.30587.0").0, "nav2017");
    assert_eq!(parsed("9.0.52168.0").0, "nav2016");
    assert_eq!(
        parsed("14.0.46080.0"),
        ("bc14".into(), SpecForm::Number, build(46080))
    );
    assert_eq!(parsed("NAV 2018 11.0.47056.0").2, build(47056));
}

#[test]
fn version_list_tags() {
    assert_eq!(
        parsed("NAVW111.00.00.44952"),
        (
            "nav2018".into(),
            SpecForm::Tag,
            Point::Build { build: 44952 }
        )
    );
    assert_eq!(
        parsed("navw111.00.00.44952").2,
        Point::Build { build: 44952 }
    );
    assert_eq!(
        parsed("NAVW114.21"),
        (
            "bc14".into(),
            SpecForm::Tag,
            Point::AppVersion {
                minor: 21,
                build: None
            }
        )
    );
    assert_eq!(
        parsed("NAVW114.40.00").2,
        Point::AppVersion {
            minor: 40,
            build: None
        }
    );
    // a tag without a build: RTM, the CU is unknown, and the spec says so
    let spec = parse_spec("NAVW111.00").unwrap();
    assert_eq!((spec.product.as_str(), spec.point), ("nav2018", Point::Rtm));
    assert!(spec.notes[0].contains("CU is unknown"), "{:?}", spec.notes);
    // a new-syntax export of NAV 2018's Codeunit 1 (nav2018w1-newsyntax) writes one zero
    let spec = parse_spec("NAVW111.0").unwrap();
    assert_eq!((spec.product.as_str(), spec.point), ("nav2018", Point::Rtm));
    assert!(spec.notes[0].contains("CU is unknown"), "{:?}", spec.notes);
    assert_eq!(parsed("NAVW19.00.00.43402").0, "nav2016");
    assert_eq!(parsed("NAVW110.00.00.18976").0, "nav2017");
    // local tags and whole Version Lists
    assert_eq!(
        parsed("NAVDK11.00.00.24232").2,
        Point::Build { build: 24232 }
    );
    assert_eq!(
        parsed("NAVW111.00.00.24232,NAVDK11.00.00.24232").2,
        Point::Build { build: 24232 }
    );
}

#[test]
fn products_not_covered_by_name_number_or_tag() {
    for (text, key) in [
        ("NAV 2009", "nav2009"),
        ("NAV 2009 R2", "nav2009r2"),
        ("NAV 2013", "nav2013"),
        ("NAV 2013 R2", "nav2013r2"),
        ("Dynamics NAV 2015 CU 26", "nav2015"),
        ("8.0.47438.0", "nav2015"),
        ("NAVW17.10.00.45254", "nav2013r2"),
        ("7.1.35473.0", "nav2013r2"),
        ("NAVW17.00.00.35201", "nav2013"),
        ("NAVW16.00.01", "nav2009"),
        ("BC 13", "bc13"),
        ("NAVW113.02", "bc13"),
        ("13.1.25940.0", "bc13"),
        ("BC 16", "bc16"),
        ("Business Central 16.2", "bc16"),
        ("22.0.54157.0", "bc22"),
        ("BC 28", "bc28"),
        ("BC 31", "bc-later"),
        ("31.2", "bc-later"),
        ("BC online", "bc-online"),
        ("Business Central online", "bc-online"),
        ("12.0.22015.0", "bc-online"),
    ] {
        assert_eq!(parsed(text).0, key, "{text}");
    }
}

#[test]
fn unrecognised_input_lists_the_accepted_forms() {
    for text in [
        "",
        "   ",
        "foo",
        "NAV",
        "NAV 2019 CU 3",
        "11",
        "NAV 2018 CU",
        "NAV 2018 CU x",
        "1.2.3.4.5",
        "5.0.1.0",
        "NAVX",
    ] {
        let err = parse_spec(text).unwrap_err();
        assert!(
            matches!(err, VersionError::Unrecognised { .. }),
            "{text:?}: {err:?}"
        );
        let message = err.to_string();
        assert!(message.contains("accepted forms"), "{text:?}: {message}");
        assert!(message.contains("NAVW111.00.00.44952"), "{message}");
    }
    let err = parse_spec("nav 2019").unwrap_err().to_string();
    assert!(err.contains("known NAV versions are"), "{err}");
}

#[test]
fn a_number_after_a_name_must_belong_to_it() {
    let err = parse_spec("NAV 2018 10.0.30587.0").unwrap_err().to_string();
    assert!(err.contains("is a number of Dynamics NAV 2017"), "{err}");
}

proptest! {
    #[test]
    fn any_text_gives_a_spec_or_an_error_never_a_panic(text in "\\PC{0,40}") {
        let _ = parse_spec(&text);
    }

    #[test]
    fn any_nav2018_build_reads_as_that_build(build in 1u32..999_999, four in any::<bool>()) {
        let text = if four { format!("11.0.{build}.0") } else { format!("11.0.{build}") };
        let spec = parse_spec(&text).unwrap();
        prop_assert_eq!(spec.product, "nav2018");
        prop_assert_eq!(spec.point, Point::Build { build });
    }

    #[test]
    fn case_and_spaces_do_not_matter(cu in 1u32..60, upper in any::<bool>(), spaces in 0usize..3) {
        let gap = " ".repeat(spaces);
        let text = format!("nav{gap}2018{gap}cu{gap}{cu}");
        let text = if upper { text.to_uppercase() } else { text };
        prop_assert_eq!(parse_spec(&text).unwrap().point, Point::Cu { number: cu });
    }
}

// Forms seen in partners' tickets and forum posts (written here in our own words).

#[test]
fn a_country_version_after_the_spec_is_read_off_with_a_note() {
    for (text, code) in [
        ("NAV 2017 CU 55 (GB)", "GB"),
        ("nav 2017 cu55 dk", "DK"),
        ("NAV 2017 CU 55 W1", "W1"),
        ("NAV 2017 CU 55 (de) localisation", "DE"),
    ] {
        let spec = parse_spec(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(
            (spec.product.as_str(), spec.point),
            ("nav2017", cu(55)),
            "{text}"
        );
        assert!(
            spec.notes
                .iter()
                .any(|n| n.contains(&format!("country version {code}"))),
            "{text}: {:?}",
            spec.notes
        );
    }
    let build = parse_spec("11.0.47056.0 (W1)").unwrap();
    assert_eq!(build.point, Point::Build { build: 47056 });
    assert_eq!(parsed("BC14 CU20 (AU)").2, cu(20));
    // A two-letter word that is no country code is still refused.
    assert!(parse_spec("NAV 2017 CU 55 XY").is_err());
}

#[test]
fn a_nav_release_year_alone_names_nav() {
    assert_eq!(
        parsed("2018 CU41"),
        ("nav2018".into(), SpecForm::Name, cu(41))
    );
    assert_eq!(parsed("2017 cu 55").0, "nav2017");
    assert_eq!(parsed("2013 R2").0, "nav2013r2");
    // "2018" alone reads as NAV 2018, which needs its CU: the Installation says so.
    let alone = navplan::version::Installation::from_specs(Some("2018"), None, None)
        .unwrap_err()
        .to_string();
    assert!(alone.contains("not its CU"), "{alone}");
    // 2019 and later are Business Central, which is never named by a year alone.
    assert!(parse_spec("2019 CU 1").is_err());
}

#[test]
fn a_build_named_as_such_or_beside_its_cu_is_read() {
    assert_eq!(
        parsed("NAV 2018 Build 47056").2,
        Point::Build { build: 47056 }
    );
    for text in [
        "NAV 2018 CU 41 build 47056",
        "Microsoft Dynamics NAV 2018 CU 41 (Build 47056)",
        "NAV 2018 CU 41 11.0.47056.0",
    ] {
        assert_eq!(
            parsed(text),
            ("nav2018".into(), SpecForm::Name, cu(41)),
            "{text}"
        );
    }
    let wrong = parse_spec("NAV 2018 CU 41 build 47000")
        .unwrap_err()
        .to_string();
    assert!(wrong.contains("has the build 47056, not 47000"), "{wrong}");
    let other = parse_spec("NAV 2018 CU 41 10.0.30587.0")
        .unwrap_err()
        .to_string();
    assert!(other.contains("not of Dynamics NAV 2018"), "{other}");
}

#[test]
fn on_prem_after_the_cu_and_a_v_before_a_number_are_ignored() {
    assert_eq!(parsed("BC 14 CU20 on-prem").2, cu(20));
    assert_eq!(parsed("v11.0.47056.0").2, Point::Build { build: 47056 });
}
