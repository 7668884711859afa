//! `navplan compare` on the hand-written ORIGINAL/MODIFIED/TARGET triples.

use assert_cmd::Command;
use predicates::prelude::*;

const BASE: &str = "tests/fixtures/threeway";

fn compare(extra: &[&str]) -> assert_cmd::assert::Assert {
    compare_in(BASE, extra)
}

/// `navplan compare` on the ORIGINAL/MODIFIED/TARGET folders under `base`.
fn compare_in(base: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = Command::cargo_bin("navplan").expect("binary");
    cmd.args(["--date", "2026-11-26", "--color", "never", "compare"])
        .args(["--original", &format!("{base}/ORIGINAL")])
        .args(["--modified", &format!("{base}/MODIFIED")])
        .args(["--target", &format!("{base}/TARGET")])
        .args(extra);
    cmd.assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("utf-8")
}

#[test]
fn the_table_classifies_the_merge_set() {
    let assert = compare(&[]).success().stderr("");
    let text = stdout(&assert);
    assert!(text.contains("Objects compared: 8"), "{text}");
    assert!(
        !text.contains("ApplicationManagement"),
        "Codeunit 1 is outside the merge set"
    );
    insta::assert_snapshot!("compare_table", text);
}

#[test]
fn all_widens_the_scope_to_every_object() {
    let assert = compare(&["--all"]).success();
    let text = stdout(&assert);
    assert!(text.contains("Codeunit 1 ApplicationManagement"), "{text}");
    assert!(text.contains("Objects compared: 9"), "{text}");
}

#[test]
fn the_json_carries_classes_changes_and_conflicts() {
    let assert = compare(&["--json"]).success();
    let text = stdout(&assert);
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(json["summary"]["conflict"], 1);
    assert_eq!(json["scope"], "merge-set");
    let objects = json["objects"].as_array().expect("objects");
    let tab5330 = objects
        .iter()
        .find(|o| o["type"] == "Table" && o["id"] == 5330)
        .expect("Table 5330");
    assert_eq!(tab5330["class"], "merge");
    assert_eq!(tab5330["result"], "conflict");
    assert_eq!(
        tab5330["conflicts"][0],
        "OnValidate of field 2 \"Server Address\""
    );
    let cod5330 = objects
        .iter()
        .find(|o| o["type"] == "Codeunit" && o["id"] == 5330)
        .expect("Codeunit 5330");
    assert_eq!(
        cod5330["result"], "merged",
        "edits on different lines of one procedure merge"
    );
    assert_eq!(
        cod5330["merged_elements"][0],
        "procedure IsCRMIntegrationEnabled"
    );
    insta::assert_snapshot!("compare_json", text);
}

#[test]
fn every_class_appears_once_at_least() {
    let assert = compare(&["--json", "--all"]).success();
    let json: serde_json::Value = serde_json::from_str(&stdout(&assert)).expect("valid JSON");
    let classes: std::collections::BTreeSet<String> = json["objects"]
        .as_array()
        .expect("objects")
        .iter()
        .map(|o| o["class"].as_str().unwrap_or_default().to_string())
        .collect();
    for class in [
        "take-target",
        "keep-modified",
        "merge",
        "inserted",
        "deleted",
    ] {
        assert!(classes.contains(class), "{class} missing from {classes:?}");
    }
}

#[test]
fn the_output_is_byte_identical_between_runs() {
    let first = stdout(&compare(&["--json"]).success());
    let second = stdout(&compare(&["--json"]).success());
    assert_eq!(first, second);
}

#[test]
fn a_missing_folder_is_a_clear_error() {
    Command::cargo_bin("navplan")
        .expect("binary")
        .args([
            "--color",
            "never",
            "compare",
            "--original",
            "no/such/dir",
            "--modified",
            BASE,
            "--target",
            BASE,
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no/such/dir")
                .and(predicate::str::contains("no such file or folder")),
        );
}

#[test]
fn colour_only_when_asked() {
    let plain = stdout(&compare(&[]).success());
    assert!(!plain.contains('\u{1b}'));
    let mut cmd = Command::cargo_bin("navplan").expect("binary");
    cmd.args(["--color", "always", "compare"])
        .args(["--original", &format!("{BASE}/ORIGINAL")])
        .args(["--modified", &format!("{BASE}/MODIFIED")])
        .args(["--target", &format!("{BASE}/TARGET")]);
    let coloured = stdout(&cmd.assert().success());
    assert!(coloured.contains('\u{1b}'), "{coloured}");
}

#[test]
fn skipped_input_is_reported_once_and_exits_1() {
    let broken = "tests/fixtures/objects/broken";
    let output = Command::cargo_bin("navplan")
        .expect("binary")
        .args([
            "--color",
            "never",
            "compare",
            "--all",
            "--original",
            broken,
            "--modified",
            broken,
            "--target",
            broken,
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("objects.fob").count(), 1, "{stderr}");
    assert!(stderr.contains("navplan: error: "), "{stderr}");
    assert!(stderr.contains("the comparison is incomplete"), "{stderr}");
}

#[test]
fn help_names_the_three_folders() {
    let output = Command::cargo_bin("navplan")
        .expect("binary")
        .args(["compare", "--help"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("utf-8");
    for flag in ["--original", "--modified", "--target", "--all", "--json"] {
        assert!(text.contains(flag), "{flag} missing");
    }
    insta::assert_snapshot!("compare_help", text);
}

/// A fix back-ported by the partner: the customer's object holds the target's edit. The advice
/// said "both sides changed different elements", which was false (round 7, NAV 2018 CU 5 -> CU 9
/// Codeunit 455 with the CU 9 fix already applied on the customer's side).
#[test]
fn a_back_ported_fix_is_named_the_same_edit_on_both_sides() {
    let run =
        |extra: &[&str]| stdout(&compare_in("tests/fixtures/threeway-backport", extra).success());
    let json: serde_json::Value = serde_json::from_str(&run(&["--json"])).expect("valid JSON");
    let objects = json["objects"].as_array().expect("objects");
    let advice =
        |id: u32| objects.iter().find(|o| o["id"] == id).expect("object")["advice"].clone();
    assert_eq!(
        advice(460),
        "take the target CU's object: it holds every change the customer made (the same edits on both sides)"
    );
    assert_eq!(
        advice(461),
        "merge: 1 element(s) changed the same way on both sides, the others on one side only"
    );
    assert_eq!(json["summary"]["conflicting_elements"], 0);
    let text = run(&[]);
    assert_eq!(
        text.matches("procedure RetryLimit (same on both sides)")
            .count(),
        2,
        "{text}"
    );
    assert!(!text.contains("RetryDelay (same"), "{text}");
}

/// One side exported with -ExportToNewSyntax, the others without: every reference differs
/// (`Record 472` against `Record "Job Queue Entry"`), so the customer seems to have changed an
/// object they never touched. Round 7 found it on a real NAV 2018 Codeunit 453; now a warning
/// says so (the exit code stays 0: nothing was skipped).
#[test]
fn sides_in_two_export_syntaxes_are_warned_about() {
    let assert = compare_in("tests/fixtures/threeway-syntax", &["--json"])
        .success()
        .stderr(predicate::str::contains("exported in two syntaxes"));
    let json: serde_json::Value = serde_json::from_str(&stdout(&assert)).expect("valid JSON");
    let problems = json["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let warning = problems[0].as_str().expect("text");
    assert!(warning.starts_with("warning: "), "{warning}");
    assert!(warning.contains("in MODIFIED (1 object(s))"), "{warning}");
    assert!(
        warning.contains("in ORIGINAL (1 object(s)), TARGET (1 object(s))"),
        "{warning}"
    );
}

/// TARGET given as a CU package's changed objects (CUObjects.*.txt): the objects the CU left
/// alone are missing from it. The advice said "removed in the target CU: remove it" (and, for a
/// customised one, to move the changes elsewhere); it now names both readings (round 7).
#[test]
fn an_object_missing_from_the_target_is_not_simply_removed() {
    let assert = compare_in("tests/fixtures/threeway-partial-target", &["--json"]).success();
    let json: serde_json::Value = serde_json::from_str(&stdout(&assert)).expect("valid JSON");
    let objects = json["objects"].as_array().expect("objects");
    let find = |id: u32| {
        objects
            .iter()
            .find(|o| o["id"] == id)
            .expect("object")
            .clone()
    };
    let (untouched, customised) = (find(464), find(465));
    assert_eq!(
        (&untouched["class"], &untouched["result"]),
        (&"deleted".into(), &"deleted".into())
    );
    let advice = untouched["advice"].as_str().expect("advice");
    assert!(advice.contains("if the target CU removed it"), "{advice}");
    assert!(advice.contains("CU package's changed objects"), "{advice}");
    assert_eq!(customised["result"], "conflict");
    let advice = customised["advice"].as_str().expect("advice");
    assert!(advice.contains("keep the customer's object"), "{advice}");
}
