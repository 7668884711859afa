//! Step selection per product and condition, and the order of the runbook.

mod common;

use common::*;
use navplan::plan::facts::Product;
use navplan::plan::{Catalogue, People, Phase};

fn has(ids: &[String], id: &str) -> bool {
    ids.iter().any(|s| s == id)
}

#[test]
fn nav2018_below_minimum_gets_platform_merge_and_oauth() {
    let p = plan(
        gate(Product::Nav2018, true, true),
        Some(analysis()),
        &people(),
    );
    let ids = step_ids(&p);
    for id in [
        "backup",
        "rehearse-cronus",
        "convert-database",
        "fix-dotnet-pins",
        "check-adal-dll",
        "test-after-platform",
        "merge-crm-jobqueue",
        "full-merge",
        "deploy-integration-solution",
        "oauth-connection-setup",
        "remove-user-licence",
    ] {
        assert!(has(&ids, id), "{id} missing from {ids:?}");
    }
    for id in [
        "install-net462",
        "read-nav2016-article",
        "bc15-base-apps",
        "bc14-application-version",
        "import-cu-objects",
    ] {
        assert!(!has(&ids, id), "{id} should not be in {ids:?}");
    }
    assert_eq!(p.exit_code, 3);
}

#[test]
fn nav2017_platform_update_installs_net462_first() {
    let p = plan(gate(Product::Nav2017, true, true), None, &People::default());
    let ids = step_ids(&p);
    let pos = |id: &str| {
        ids.iter()
            .position(|s| s == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert!(pos("install-net462") < pos("stop-service-tier"));
    assert!(has(&ids, "check-adal-dll"));
}

#[test]
fn nav2016_reads_the_extra_article_and_has_no_adal_check() {
    let ids = step_ids(&plan(
        gate(Product::Nav2016, true, true),
        None,
        &People::default(),
    ));
    assert!(has(&ids, "read-nav2016-article"));
    assert!(!has(&ids, "check-adal-dll"));
}

#[test]
fn bc14_sets_the_application_version_and_bc15_uses_apps() {
    let bc14 = step_ids(&plan(
        gate(Product::Bc14, true, true),
        None,
        &People::default(),
    ));
    assert!(has(&bc14, "bc14-uninstall-extensions") && has(&bc14, "bc14-application-version"));
    let bc15 = step_ids(&plan(
        gate(Product::Bc15, true, true),
        None,
        &People::default(),
    ));
    for id in [
        "bc15-uninstall-extensions",
        "bc15-install-platform",
        "bc15-base-apps",
        "bc15-extensions",
    ] {
        assert!(has(&bc15, id), "{id}");
    }
    for id in ["convert-database", "merge-crm-jobqueue", "fix-dotnet-pins"] {
        assert!(!has(&bc15, id), "{id}");
    }
}

#[test]
fn a_ready_installation_goes_straight_to_oauth() {
    let p = plan(
        gate(Product::Nav2018, false, false),
        None,
        &People::default(),
    );
    let ids = step_ids(&p);
    assert_eq!(p.exit_code, 0);
    assert!(!ids
        .iter()
        .any(|s| s.contains("merge") || s.contains("convert") || s == "test-environment"));
    assert!(has(&ids, "rehearse-cronus") && has(&ids, "oauth-test-connection"));
}

#[test]
fn platform_only_below_minimum_skips_the_merge() {
    let ids = step_ids(&plan(
        gate(Product::Nav2018, true, false),
        Some(analysis()),
        &People::default(),
    ));
    assert!(has(&ids, "test-after-platform-update"));
    assert!(!has(&ids, "test-after-platform"));
    assert!(!has(&ids, "merge-crm-jobqueue"));
}

#[test]
fn an_unmodified_export_imports_the_update_instead_of_merging() {
    let mut clean = analysis();
    for w in &mut clean.worklist {
        w.customised = false;
    }
    let ids = step_ids(&plan(
        gate(Product::Nav2018, true, true),
        Some(clean),
        &People::default(),
    ));
    assert!(has(&ids, "import-cu-objects"));
    assert!(!has(&ids, "merge-crm-jobqueue") && !has(&ids, "export-merge-baselines"));
}

#[test]
fn not_covered_has_no_steps_and_exit_4() {
    let p = plan(not_covered(), None, &People::default());
    assert_eq!(p.exit_code, 4);
    assert_eq!(step_ids(&p).len(), 0);
    assert!(p.runbook.oauth.is_none());
    assert!(p.runbook.not_covered.is_some());
}

#[test]
fn order_respects_every_dependency_and_phases_never_go_back() {
    for product in Product::ALL {
        for (pb, ab) in [(true, true), (true, false), (false, true), (false, false)] {
            let p = plan(gate(product, pb, ab), Some(analysis()), &People::default());
            let steps: Vec<_> = p.runbook.all_steps().collect();
            for (i, s) in steps.iter().enumerate() {
                assert_eq!(s.number as usize, i + 1);
                for a in &s.after {
                    assert!(*a < s.number, "{} after {a}", s.number);
                }
            }
            let phases: Vec<Phase> = steps.iter().map(|s| s.phase).collect();
            assert!(
                phases.windows(2).all(|w| w[0] <= w[1]),
                "{product:?} {phases:?}"
            );
            // The OAuth set-up comes last.
            let last = steps.last().unwrap();
            assert!(last.phase.in_oauth_section());
        }
    }
}

#[test]
fn the_same_input_gives_the_same_runbook() {
    let a = plan(gate(Product::Bc14, true, true), Some(analysis()), &people());
    let b = plan(gate(Product::Bc14, true, true), Some(analysis()), &people());
    assert_eq!(
        navplan::render::json::render(&a.runbook),
        navplan::render::json::render(&b.runbook)
    );
}

#[test]
fn a_steps_file_adds_and_overrides_steps() {
    let mut catalogue = Catalogue::embedded().unwrap();
    catalogue
        .apply_patches(
            r#"
[[step]]
id = "notify-users"
title = "Tell the users about the downtime"
phase = "prepare"
text = "Send the notice to {customer}."
before = ["test-environment"]

[[step]]
id = "backup"
title = "Back up with our own script"
"#,
            "partner-steps.toml",
        )
        .unwrap();
    let p = navplan::plan::plan_from_facts(
        gate(Product::Nav2018, true, true),
        None,
        &people(),
        &catalogue,
        &ctx(),
    )
    .unwrap();
    let steps: Vec<_> = p.runbook.all_steps().collect();
    let notify = steps.iter().find(|s| s.id == "notify-users").unwrap();
    let test_env = steps.iter().find(|s| s.id == "test-environment").unwrap();
    assert!(notify.number < test_env.number);
    assert_eq!(steps[0].title, "Back up with our own script");
    assert_eq!(
        p.runbook.header.steps_overrides.as_deref(),
        Some("partner-steps.toml")
    );
}

#[test]
fn decision_points_name_the_step_to_go_on_with() {
    let p = plan(
        gate(Product::Nav2018, true, true),
        Some(analysis()),
        &people(),
    );
    let json = navplan::render::json::render(&p.runbook);
    let merge = p
        .runbook
        .all_steps()
        .find(|s| s.id == "merge-crm-jobqueue")
        .unwrap();
    let expected = format!(
        "step {} (Merge the CRM, Job Queue and Task Scheduler objects)",
        merge.number
    );
    assert!(json.contains(&expected), "{expected}");
    assert!(!json.contains("{step:"));
}

#[test]
fn plan_customer_runs_the_whole_pipeline_for_a_library_caller() {
    let req = navplan::plan::PlanRequest {
        installed: Some("BC 15.5".into()),
        objects: vec!["data/demo".into()],
        people: people(),
        ..Default::default()
    };
    let p = navplan::plan::plan_customer(&req, &ctx()).unwrap();
    assert_eq!(p.exit_code, 3);
    assert!(p.assessment.is_some() && p.inventory.is_some());
    assert_eq!(p.gate.product, Some(Product::Bc15));
    assert!(has(&step_ids(&p), "bc15-base-apps"));
    assert!(p
        .runbook
        .oauth
        .as_ref()
        .unwrap()
        .connection_string
        .contains("ProxyVersion=91;"));

    let secret = navplan::plan::PlanRequest {
        installed: Some("BC 15.5".into()),
        people: People {
            customer: Some("x;Password=abc".into()),
            ..People::default()
        },
        ..Default::default()
    };
    let err = navplan::plan::plan_customer(&secret, &ctx())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("never writes passwords") && !err.contains("abc"),
        "{err}"
    );
}

/// `plan` and `graph` report the scan of the customer's objects to a progress bar; every file
/// read is reported once, and the count matches the inventory's.
#[test]
fn the_scan_behind_a_plan_reports_every_file() {
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Default)]
    struct Counting {
        total: AtomicUsize,
        done: AtomicUsize,
    }
    impl navplan::objects::Progress for Counting {
        fn start(&self, total_files: usize) {
            self.total.store(total_files, Ordering::SeqCst);
        }
        fn file_done(&self, _path: &std::path::Path, _bytes: u64) {
            self.done.fetch_add(1, Ordering::SeqCst);
        }
    }

    let req = navplan::plan::PlanRequest {
        installed: Some("BC 15.5".into()),
        objects: vec!["data/demo".into()],
        people: people(),
        ..Default::default()
    };
    let counting = Counting::default();
    let p = navplan::plan::plan_customer_showing(&req, &ctx(), &counting).unwrap();
    let files = p.inventory.as_ref().unwrap().files_scanned;
    assert!(files > 1, "{files}");
    assert_eq!(counting.total.load(Ordering::SeqCst), files);
    assert_eq!(counting.done.load(Ordering::SeqCst), files);
}
