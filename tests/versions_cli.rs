//! `navplan versions` from the outside: the overview table, one product's CUs, JSON, errors.

use assert_cmd::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("navplan")
        .unwrap()
        .args(["--date", "2026-11-26", "--color", "never"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn overview_table() {
    let (code, stdout, _) = run(&["versions"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("│ Dynamics NAV 2018 "), "{stdout}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn overview_json() {
    let (code, stdout, _) = run(&["versions", "--json"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["products"].as_array().unwrap().len(), 26);
    insta::assert_snapshot!(stdout);
}

#[test]
fn one_product_by_any_name() {
    let by_name = run(&["versions", "Dynamics NAV 2018"]).1;
    assert_eq!(by_name, run(&["versions", "nav2018"]).1);
    assert!(
        by_name.contains(
            "│ CU 41 ┆ 11.0.47056.0 ┆ 2021-06  ┆         ┆ S-MSDOC-NAV2018-CU41 ┆ minimum for OAuth │"
        ),
        "{by_name}"
    );
    insta::assert_snapshot!("nav2018", by_name);
}

#[test]
fn bc14_table_and_json() {
    let (code, text, _) = run(&["versions", "BC14"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("bc14", text);
    let json = run(&["versions", "bc14", "--json"]).1;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["product"]["proxy_version"], 91);
    assert!(value["sources"]["S-UV14"]
        .as_str()
        .unwrap()
        .contains("update-versions-14"));
    insta::assert_snapshot!("bc14_json", json);
}

#[test]
fn a_product_not_covered_shows_what_applies_instead() {
    let (code, stdout, _) = run(&["versions", "BC 22"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("not covered by this procedure"));
    insta::assert_snapshot!(stdout);
}

#[test]
fn unknown_product_is_an_error_listing_the_keys() {
    let (code, stdout, stderr) = run(&["versions", "AX 2012"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("unknown product \"AX 2012\"") && stderr.contains("nav2018"),
        "{stderr}"
    );
}

#[test]
fn help_has_examples_and_exit_codes() {
    let (code, stdout, _) = run(&["versions", "--help"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}
