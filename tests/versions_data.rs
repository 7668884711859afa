//! Validation of the embedded data/versions.toml: the rules every fact must keep, and proof that
//! the validator catches each kind of mistake.

use navplan::version::data::EMBEDDED_TOML;
use navplan::version::{validate, VersionData};

fn raw() -> VersionData {
    toml::from_str(EMBEDDED_TOML).expect("versions.toml parses")
}

#[test]
fn embedded_file_has_no_problems() {
    let problems = validate::problems(&raw());
    assert!(problems.is_empty(), "problems: {problems:#?}");
    // and the cached copy is the same file
    assert_eq!(VersionData::embedded().products.len(), raw().products.len());
}

#[test]
fn every_product_a_partner_may_name_is_there() {
    let data = VersionData::embedded();
    let mut keys = vec![
        "nav2009",
        "nav2009r2",
        "nav2013",
        "nav2013r2",
        "nav2015",
        "nav2016",
        "nav2017",
        "nav2018",
        "bc13",
        "bc14",
        "bc15",
        "bc-later",
        "bc-online",
    ];
    let later: Vec<String> = (16..=28).map(|n| format!("bc{n}")).collect();
    keys.extend(later.iter().map(String::as_str));
    for key in keys {
        assert!(data.product(key).is_some(), "{key} missing");
    }
    let covered: Vec<&str> = data
        .products
        .iter()
        .filter(|p| p.is_covered())
        .map(|p| p.key.as_str())
        .collect();
    assert_eq!(covered, ["nav2016", "nav2017", "nav2018", "bc14", "bc15"]);
}

#[test]
fn minimum_cus_and_builds_are_the_documented_ones() {
    let data = VersionData::embedded();
    let expect = [
        ("nav2016", 67, "9.0.52168.0", "9.0.52168.0"),
        ("nav2017", 55, "10.0.30587.0", "10.0.30587.0"),
        ("nav2018", 41, "11.0.47056.0", "11.0.47056.0"),
        ("bc14", 20, "14.0.46080.0", "14.21.46103.0"),
        ("bc15", 13, "15.0.45731.0", "15.13.45740.0"),
    ];
    for (key, cu, platform, application) in expect {
        let product = data.product(key).unwrap();
        let min = product.minimum_release().unwrap();
        assert_eq!(min.number, cu, "{key}");
        assert_eq!(
            min.platform_version().unwrap().to_string(),
            platform,
            "{key}"
        );
        assert_eq!(
            min.application_version().unwrap().to_string(),
            application,
            "{key}"
        );
    }
    // NAV 2016's minimum build is derived, and says so
    assert!(data
        .product("nav2016")
        .unwrap()
        .minimum_release()
        .unwrap()
        .uncertain
        .is_some());
    // the last NAV 2017 CU is unknown: it stays empty
    assert_eq!(data.product("nav2017").unwrap().last, None);
    assert_eq!(data.product("nav2018").unwrap().last, Some(60));
    assert_eq!(data.product("bc14").unwrap().last, Some(52));
    assert_eq!(data.product("bc15").unwrap().last, Some(17));
}

#[test]
fn proxy_version_is_91_for_bc14_and_bc15_and_absent_for_nav() {
    let data = VersionData::embedded();
    for key in ["bc14", "bc15"] {
        assert_eq!(data.product(key).unwrap().proxy_version, Some(91));
    }
    for key in ["nav2016", "nav2017", "nav2018"] {
        assert_eq!(data.product(key).unwrap().proxy_version, None);
    }
}

#[test]
fn bc14_cu_n_is_application_minor_n_plus_1_from_cu2() {
    let bc14 = VersionData::embedded().product("bc14").unwrap();
    for release in &bc14.releases {
        let minor = release.application.unwrap().minor;
        let expected = if release.number == 1 {
            1
        } else {
            release.number + 1
        };
        assert_eq!(minor, expected, "BC 14 CU {}", release.number);
    }
}

#[test]
fn unknown_builds_stay_empty_and_are_not_invented() {
    let nav2017 = VersionData::embedded().product("nav2017").unwrap();
    // CU 16-43 and 45-54 have no sourced build
    for n in (16..=43).chain(45..=54) {
        assert!(
            nav2017.release(n).unwrap().build.is_none(),
            "NAV 2017 CU {n}"
        );
    }
}

fn problems_after(edit: impl FnOnce(&mut VersionData)) -> Vec<String> {
    let mut data = raw();
    edit(&mut data);
    validate::problems(&data)
}

fn product_mut<'a>(data: &'a mut VersionData, key: &str) -> &'a mut navplan::version::Product {
    data.products.iter_mut().find(|p| p.key == key).unwrap()
}

#[test]
fn validator_catches_a_minimum_outside_the_list() {
    let p = problems_after(|d| product_mut(d, "nav2018").minimum = Some(99));
    assert!(
        p.iter()
            .any(|m| m.contains("minimum CU is not in its list")),
        "{p:?}"
    );
}

#[test]
fn validator_catches_builds_that_do_not_increase() {
    let p = problems_after(|d| {
        let nav = product_mut(d, "nav2018");
        nav.releases[4].build = Some("11.0.19000.0".parse().unwrap());
    });
    assert!(
        p.iter()
            .any(|m| m.contains("nav2018 CU 5: platform 19000 is not above")),
        "{p:?}"
    );
}

#[test]
fn validator_catches_duplicate_cus_and_missing_sources() {
    let p = problems_after(|d| {
        let nav = product_mut(d, "nav2016");
        let copy = nav.releases[2].clone();
        nav.releases.insert(3, copy);
        nav.releases[10].source = "S-NOWHERE".into();
    });
    assert!(p.iter().any(|m| m.contains("CU 3 appears twice")), "{p:?}");
    assert!(p.iter().any(|m| m.contains("S-NOWHERE")), "{p:?}");
}

#[test]
fn validator_catches_lifecycle_dates_out_of_order() {
    let p = problems_after(|d| {
        let lc = product_mut(d, "nav2017").lifecycle.as_mut().unwrap();
        lc.extended_end = Some(lc.start);
    });
    assert!(
        p.iter()
            .any(|m| m.contains("nav2017: lifecycle dates are not in order")),
        "{p:?}"
    );
}

#[test]
fn validator_catches_wrong_major_and_missing_advice() {
    let p = problems_after(|d| {
        product_mut(d, "bc15").releases[0].application = Some("14.1.1.0".parse().unwrap());
        product_mut(d, "nav2015").advice = None;
    });
    assert!(p.iter().any(|m| m.contains("is not of major 15")), "{p:?}");
    assert!(
        p.iter()
            .any(|m| m.contains("nav2015: a product that is not covered needs advice")),
        "{p:?}"
    );
}

#[test]
fn a_broken_file_is_an_error_not_a_panic() {
    let err = VersionData::from_toml("schema = 1\n[advice]\n").unwrap_err();
    assert!(
        err.to_string().starts_with("data file versions.toml:"),
        "{err}"
    );
    let mut text = EMBEDDED_TOML.replace("minimum = 41", "minimum = 61");
    assert!(VersionData::from_toml(&text).is_err());
    text = EMBEDDED_TOML.to_string();
    assert!(VersionData::from_toml(&text).is_ok());
}
