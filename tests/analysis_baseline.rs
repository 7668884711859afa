//! Customisation against a baseline: the customer's objects (threeway/MODIFIED) against the
//! standard objects of the installed CU (threeway/ORIGINAL).

use std::path::Path;

use navplan::analysis::source::ObjectSet;
use navplan::analysis::{analyze_with, MergeRules, Options};
use navplan::objects::ObjectKind;

fn analysis() -> navplan::analysis::Analysis {
    let modified =
        ObjectSet::load(Path::new("tests/fixtures/threeway/MODIFIED"), 850).expect("MODIFIED");
    let baseline =
        ObjectSet::load(Path::new("tests/fixtures/threeway/ORIGINAL"), 850).expect("ORIGINAL");
    let rules = MergeRules::embedded().expect("rules");
    let objects = modified.inventory();
    analyze_with(
        &objects,
        &rules,
        &Options {
            target: None,
            baseline: Some(&baseline),
            codepage: 850,
        },
    )
}

fn reasons(analysis: &navplan::analysis::Analysis, kind: ObjectKind, id: u32) -> Vec<String> {
    analysis
        .customised
        .iter()
        .find(|c| c.object.kind == kind && c.object.id == id)
        .map(|c| c.reasons.clone())
        .unwrap_or_default()
}

#[test]
fn a_silent_change_is_found_only_by_the_baseline() {
    let analysis = analysis();
    assert_eq!(
        reasons(&analysis, ObjectKind::Codeunit, 1),
        ["differs from the baseline: procedure ReportLogoPath (added)"]
    );
}

#[test]
fn layout_and_date_differences_are_not_customisation() {
    let analysis = analysis();
    assert_eq!(
        reasons(&analysis, ObjectKind::Codeunit, 448),
        Vec::<String>::new()
    );
}

#[test]
fn flags_tags_and_differences_add_up() {
    let analysis = analysis();
    assert_eq!(
        reasons(&analysis, ObjectKind::Codeunit, 5330),
        [
            "Modified=Yes",
            "partner tags PTR1.02",
            "differs from the baseline: procedure CheckOrEnableCRMConnection (changed), procedure IsCRMIntegrationEnabled (changed), documentation (changed)",
        ]
    );
    assert_eq!(
        reasons(&analysis, ObjectKind::Table, 472),
        [
            "partner tags PTR1.01",
            "differs from the baseline: field 50000 \"PTR Notify On Error\" (added)"
        ]
    );
}

#[test]
fn objects_missing_from_the_baseline_are_not_compared() {
    let analysis = analysis();
    // The customer's own codeunit is customised by its flag and tag only.
    assert_eq!(
        reasons(&analysis, ObjectKind::Codeunit, 50010),
        ["Modified=Yes", "partner tags PTR1.00"]
    );
}
