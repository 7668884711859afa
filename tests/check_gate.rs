//! The gate as a library: boundaries of every covered product, platform and application judged
//! apart, every product that is not covered, support status on the run date.

use chrono::NaiveDate;
use navplan::version::{
    assess, Assessment, Installation, Position, Side, SupportStatus, Verdict, VersionData,
    VersionError,
};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn check(platform: &str, application: &str) -> Assessment {
    let installation = Installation::from_specs(None, Some(platform), Some(application))
        .unwrap_or_else(|e| panic!("{platform} / {application}: {e}"));
    assess(&installation, VersionData::embedded(), day("2026-11-26"))
}

fn installed(spec: &str) -> Assessment {
    check(spec, spec)
}

/// (name as typed, minimum CU, a build one below the minimum's, the minimum's build, one above)
const NAV: [(&str, u32, &str, &str, &str); 3] = [
    ("NAV 2016", 67, "9.0.52167.0", "9.0.52168.0", "9.0.52169.0"),
    (
        "NAV 2017",
        55,
        "10.0.30586.0",
        "10.0.30587.0",
        "10.0.30588.0",
    ),
    (
        "NAV 2018",
        41,
        "11.0.47055.0",
        "11.0.47056.0",
        "11.0.47057.0",
    ),
];

#[test]
fn nav_boundaries_by_cu() {
    for (name, min, ..) in NAV {
        assert_eq!(
            installed(&format!("{name} CU {}", min - 1)).verdict,
            Verdict::UpgradeRequired,
            "{name}"
        );
        assert_eq!(
            installed(&format!("{name} CU {min}")).verdict,
            Verdict::Ready,
            "{name}"
        );
        assert_eq!(
            installed(&format!("{name} RTM")).verdict,
            Verdict::UpgradeRequired,
            "{name}"
        );
    }
    assert_eq!(installed("NAV 2018 CU 42").verdict, Verdict::Ready);
    assert_eq!(installed("NAV 2018 CU 60").verdict, Verdict::Ready);
    // NAV 2017's last CU is unknown: a CU past the table is accepted, and says so
    let a = installed("NAV 2017 CU 58");
    assert_eq!(a.verdict, Verdict::Ready);
    assert_eq!(a.platform.position, Some(Position::Unlisted { number: 58 }));
    assert_eq!(
        a.platform.resolved.as_deref(),
        Some("CU 58, newer than navplan's table")
    );
}

#[test]
fn nav_boundaries_by_build_and_tag() {
    for (name, min, below, at, above) in NAV {
        let a = installed(below);
        assert_eq!(a.verdict, Verdict::UpgradeRequired, "{name} {below}");
        assert!(
            a.platform
                .resolved
                .as_deref()
                .unwrap()
                .ends_with(&format!("and CU {min}")),
            "{:?}",
            a.platform.resolved
        );
        let a = installed(at);
        assert_eq!(a.verdict, Verdict::Ready, "{name} {at}");
        assert_eq!(a.platform.position, Some(Position::Exact { number: min }));
        assert_eq!(installed(above).verdict, Verdict::Ready, "{name} {above}");
    }
    let tag = installed("NAVW111.00.00.47055");
    assert_eq!(tag.verdict, Verdict::UpgradeRequired);
    assert_eq!(installed("NAVW111.00.00.47056").verdict, Verdict::Ready);
    assert_eq!(installed("NAVW111.00").verdict, Verdict::UpgradeRequired);
}

#[test]
fn a_build_between_known_cus_names_both_and_still_gates() {
    let a = installed("11.0.44952.0");
    assert_eq!(
        a.platform.resolved.as_deref(),
        Some("between CU 31 and CU 41")
    );
    assert_eq!(
        a.platform.position,
        Some(Position::Between {
            after: 31,
            before: 41
        })
    );
    assert_eq!(a.verdict, Verdict::UpgradeRequired);
    // between two CUs that are both at or above the minimum: ready
    let a = installed("11.0.48000.0");
    assert_eq!(
        a.platform.resolved.as_deref(),
        Some("between CU 41 and CU 53")
    );
    assert_eq!(a.verdict, Verdict::Ready);
    // newer than every known build
    let a = installed("11.0.50000.0");
    assert_eq!(a.platform.resolved.as_deref(), Some("newer than CU 60"));
    assert_eq!(a.verdict, Verdict::Ready);
}

#[test]
fn bc14_boundaries_in_every_form() {
    for below in [
        "BC 14 CU 19",
        "BC 14.20",
        "14.20.45741.0",
        "NAVW114.20",
        "14.0.45739.0",
        "14.0.46079.0",
    ] {
        assert_eq!(
            installed(below).verdict,
            Verdict::UpgradeRequired,
            "{below}"
        );
    }
    for ready in [
        "BC 14 CU 20",
        "BC 14.21",
        "14.21.46103.0",
        "NAVW114.21",
        "14.0.46080.0",
        "BC14 CU 21",
        "BC 14.53",
    ] {
        let a = installed(ready);
        assert_eq!(a.verdict, Verdict::Ready, "{ready}");
        assert_eq!(a.proxy_version, Some(91));
        assert!(a.product.is_bc && !a.product.al_only);
    }
    // CU 1 is 14.1, 14.2 never shipped: it falls between CU 1 and CU 2
    assert_eq!(
        installed("BC 14.1").platform.resolved.as_deref(),
        Some("CU 1")
    );
    assert_eq!(
        installed("BC 14.2").platform.resolved.as_deref(),
        Some("between CU 1 and CU 2")
    );
    assert_eq!(
        installed("BC 14.3").platform.resolved.as_deref(),
        Some("CU 2")
    );
}

#[test]
fn bc15_boundaries_updates_not_cus() {
    for below in [
        "BC 15.12",
        "15.12.45390.0",
        "15.0.45381.0",
        "BC 15 update 12",
        "BC 15 CU 12",
    ] {
        assert_eq!(
            installed(below).verdict,
            Verdict::UpgradeRequired,
            "{below}"
        );
    }
    for ready in [
        "BC 15.13",
        "Business Central 15.13",
        "15.13",
        "15.0.45731.0",
        "BC 15 update 13",
        "BC 15 CU 13",
        "15.17",
    ] {
        let a = installed(ready);
        assert_eq!(a.verdict, Verdict::Ready, "{ready}");
        assert_eq!(a.minimum.as_ref().unwrap().label, "update 15.13");
        assert!(a.product.al_only);
    }
    let a = installed("BC 15 CU 13");
    assert!(
        a.notes.iter().any(|n| n.contains("read as update 15.13")),
        "{:?}",
        a.notes
    );
}

#[test]
fn platform_and_application_are_judged_apart() {
    let a = check("NAV 2018 CU 45", "NAVW111.00.00.44952");
    assert_eq!(a.verdict, Verdict::UpgradeRequired);
    assert_eq!(a.short, vec![Side::Application]);
    assert_eq!(a.platform.meets_minimum, Some(true));
    assert!(
        a.summary
            .contains("the application (between CU 31 and CU 41) is below CU 41"),
        "{}",
        a.summary
    );

    let a = check("11.0.43274.0", "NAV 2018 CU 50");
    assert_eq!(a.short, vec![Side::Platform]);
    assert!(
        a.summary.contains("the platform (CU 30) is below CU 41"),
        "{}",
        a.summary
    );

    let a = check("BC 14 CU 19", "BC 14 CU 18");
    assert_eq!(a.short, vec![Side::Platform, Side::Application]);

    let a = check("14.0.46080.0", "NAVW114.21");
    assert_eq!(a.verdict, Verdict::Ready);
    assert!(a.short.is_empty());
}

#[test]
fn installed_sets_both_and_an_explicit_side_overrides_it() {
    let i = Installation::from_specs(Some("NAV 2018 CU 45"), None, Some("NAV 2018 CU 30")).unwrap();
    let a = assess(&i, VersionData::embedded(), day("2026-11-26"));
    assert_eq!(a.platform.resolved.as_deref(), Some("CU 45"));
    assert_eq!(a.application.resolved.as_deref(), Some("CU 30"));
    assert_eq!(a.short, vec![Side::Application]);
}

#[test]
fn upgrade_required_names_the_minimum_builds_and_the_last_cu_as_target() {
    let a = installed("NAV 2018 CU 30");
    let min = a.minimum.as_ref().unwrap();
    assert_eq!(
        (min.label.as_str(), min.platform.as_deref()),
        ("CU 41", Some("11.0.47056.0"))
    );
    let target = a.target.as_ref().unwrap();
    assert_eq!(target.release.label, "CU 60");
    assert!(
        target.reason.contains("CU 41 is the lowest"),
        "{}",
        target.reason
    );
    // NAV 2017: the last CU is unknown, so the minimum is the target
    let a = installed("NAV 2017 CU 40");
    assert_eq!(a.target.as_ref().unwrap().release.label, "CU 55");
    assert!(a
        .target
        .as_ref()
        .unwrap()
        .reason
        .contains("does not know the last CU"));
    // BC 14: the minimum has separate platform and application builds
    let min = installed("BC 14 CU 3").minimum.unwrap();
    assert_eq!(min.platform.as_deref(), Some("14.0.46080.0"));
    assert_eq!(min.application.as_deref(), Some("14.21.46103.0"));
}

#[test]
fn every_product_that_is_not_covered_says_what_applies_instead() {
    let data = VersionData::embedded();
    for product in data.products.iter().filter(|p| !p.is_covered()) {
        let spec = product
            .aliases
            .first()
            .cloned()
            .unwrap_or_else(|| "BC 40".to_string());
        let a = installed(&spec);
        assert_eq!(a.verdict, Verdict::NotCovered, "{spec}");
        assert_eq!(a.exit_code, 4);
        assert_eq!(a.product.key, product.key, "{spec}");
        let advice = a.advice.as_deref().unwrap();
        let expected = match product.key.as_str() {
            "bc-online" => "on-premises procedure does not apply",
            k if k.starts_with("nav") || k == "bc13" => "Upgrade first",
            _ => "own OAuth support",
        };
        assert!(advice.contains(expected), "{spec}: {advice}");
        assert!(a.minimum.is_none() && a.target.is_none());
    }
}

#[test]
fn verdict_exit_codes_and_names() {
    assert_eq!(
        (Verdict::Ready.exit_code(), Verdict::Ready.name()),
        (0, "ready")
    );
    assert_eq!(
        (
            Verdict::UpgradeRequired.exit_code(),
            Verdict::UpgradeRequired.name()
        ),
        (3, "upgrade-required")
    );
    assert_eq!(
        (Verdict::NotCovered.exit_code(), Verdict::NotCovered.name()),
        (4, "not-covered")
    );
}

#[test]
fn support_status_depends_on_the_run_date() {
    let i = Installation::from_specs(Some("NAV 2016 CU 67"), None, None).unwrap();
    let data = VersionData::embedded();
    assert_eq!(
        assess(&i, data, day("2026-04-14")).support,
        SupportStatus::Extended {
            until: day("2026-04-14")
        }
    );
    let late = assess(&i, data, day("2026-04-15"));
    assert_eq!(
        late.support,
        SupportStatus::OutOfSupport {
            since: day("2026-04-14")
        }
    );
    assert_eq!(late.verdict, Verdict::Ready);
    assert!(late.notes.iter().any(|n| n.starts_with("out of support")));
    let nav2018 = Installation::from_specs(Some("NAV 2018 CU 41"), None, None).unwrap();
    assert!(matches!(
        assess(&nav2018, data, day("2022-06-01")).support,
        SupportStatus::Mainstream { .. }
    ));
}

#[test]
fn input_errors() {
    let err =
        Installation::from_specs(None, Some("NAV 2018 CU 41"), Some("NAV 2017 CU 55")).unwrap_err();
    assert!(matches!(err, VersionError::ProductMismatch { .. }), "{err}");
    assert!(err.to_string().contains("different products"));
    let err = Installation::from_specs(None, Some("NAV 2018 CU 41"), None).unwrap_err();
    assert_eq!(
        err,
        VersionError::MissingSide {
            side: "application"
        }
    );
    let err = Installation::from_specs(Some("NAV 2018"), None, None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("e.g. \"NAV 2018 CU 41\""), "{err}");
    let err = Installation::from_specs(Some("NAV 2018 CU 61"), None, None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("has no CU 61: the last was CU 60"), "{err}");
    let err = Installation::from_specs(Some("BC 15 update 18"), None, None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("has no update 15.18: the last was update 15.17"),
        "{err}"
    );
    let err = Installation::from_specs(Some("BC 14.54"), None, None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("has no application 14.54: the last was CU 52"),
        "{err}"
    );
}

#[test]
fn describe_application_for_the_scan() {
    let data = VersionData::embedded();
    let r = data.describe_application(11, 47056).unwrap();
    assert_eq!(
        (r.product.as_str(), r.resolution.label.as_str()),
        ("nav2018", "CU 41")
    );
    assert!(r.resolution.meets_minimum);
    let r = data.describe_application(11, 44952).unwrap();
    assert_eq!(r.resolution.label, "between CU 31 and CU 41");
    assert!(!r.resolution.meets_minimum);
    let r = data.describe_application(14, 21).unwrap();
    assert_eq!(r.resolution.label, "CU 20");
    assert_eq!(
        data.describe_application(11, 0).unwrap().resolution.label,
        "RTM"
    );
    assert!(data.describe_application(8, 38798).is_none());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn nav2018_build_is_ready_exactly_from_the_minimum_build(build in 19394u32..60000) {
            let a = installed(&format!("11.0.{build}.0"));
            let expected = if build >= 47056 { Verdict::Ready } else { Verdict::UpgradeRequired };
            prop_assert_eq!(a.verdict, expected);
        }

        #[test]
        fn bc14_application_minor_is_ready_exactly_from_21(minor in 1u32..=53) {
            let a = check("BC 14 CU 52", &format!("NAVW114.{minor:02}"));
            let expected = if minor >= 21 { Verdict::Ready } else { Verdict::UpgradeRequired };
            prop_assert_eq!(a.verdict, expected);
        }

        #[test]
        fn verdict_is_the_same_whichever_side_is_short(low in 1u32..41, high in 41u32..=60) {
            let p = check(&format!("NAV 2018 CU {low}"), &format!("NAV 2018 CU {high}"));
            let a = check(&format!("NAV 2018 CU {high}"), &format!("NAV 2018 CU {low}"));
            prop_assert_eq!(p.verdict, Verdict::UpgradeRequired);
            prop_assert_eq!(a.verdict, Verdict::UpgradeRequired);
            prop_assert_eq!(p.short, vec![Side::Platform]);
            prop_assert_eq!(a.short, vec![Side::Application]);
        }
    }
}
