//! `--data DIR`: a partner's copies of the data files replace the embedded ones, are checked when
//! the command starts, and a mistake names the file.

use assert_cmd::Command;
use predicates::prelude::*;

const EMBEDDED_ERRORS: &str = include_str!("../data/errors.toml");
const EMBEDDED_VERSIONS: &str = include_str!("../data/versions.toml");
const EMBEDDED_RULES: &str = include_str!("../data/merge-rules.toml");

fn navplan() -> Command {
    let mut cmd = Command::cargo_bin("navplan").unwrap();
    cmd.args(["--date", "2026-11-26", "--color", "never"]);
    cmd
}

const EXTRA_ERROR: &str = r#"
[[error]]
id = "contoso-proxy-blocks-crm"
title = "The Contoso proxy blocks the Dynamics 365 host"
patterns = ['ContosoProxy denied']
runbook = false
cause = "The customer's outbound proxy refuses the Dynamics 365 host."
fix = "Ask Contoso IT to allow the organisation's host on the proxy."
source = "our own field note, ticket 4711"
"#;

#[test]
fn an_extra_known_error_is_matched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("errors.toml"),
        format!("{EMBEDDED_ERRORS}{EXTRA_ERROR}"),
    )
    .unwrap();
    // Without the folder, nothing matches; with it, the partner's entry does.
    navplan()
        .args(["diagnose", "ContosoProxy denied the request"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Contoso proxy").not());
    navplan()
        .arg("--data")
        .arg(dir.path())
        .args(["diagnose", "ContosoProxy denied the request"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "The Contoso proxy blocks the Dynamics 365 host",
        ));
}

#[test]
fn a_new_data_revision_shows_in_the_versions_json() {
    let dir = tempfile::tempdir().unwrap();
    assert!(EMBEDDED_VERSIONS.contains("revision = \"2026-11\""));
    std::fs::write(
        dir.path().join("versions.toml"),
        EMBEDDED_VERSIONS.replacen("revision = \"2026-11\"", "revision = \"2027-01\"", 1),
    )
    .unwrap();
    navplan()
        .arg("--data")
        .arg(dir.path())
        .args(["check", "--installed", "NAV 2018 CU 41", "--json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"2027-01\""));
}

#[test]
fn tuned_rules_change_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    assert!(EMBEDDED_RULES.contains("max_depth = 3"));
    std::fs::write(
        dir.path().join("merge-rules.toml"),
        EMBEDDED_RULES.replacen("max_depth = 3", "max_depth = 1", 1),
    )
    .unwrap();
    let json = |data: Option<&std::path::Path>| {
        let mut cmd = navplan();
        if let Some(d) = data {
            cmd.arg("--data").arg(d);
        }
        let out = cmd
            .args(["scan", "--json", "tests/fixtures/customer"])
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let depth = |v: &serde_json::Value| {
        v["dependents"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["transitive"].as_array().cloned().unwrap_or_default())
            .count()
    };
    let built_in = json(None);
    let tuned = json(Some(dir.path()));
    assert!(
        depth(&built_in) > 0,
        "the fixture has transitive dependents"
    );
    assert_eq!(
        depth(&tuned),
        0,
        "max_depth = 1 lists direct dependents only"
    );
}

#[test]
fn a_broken_file_stops_the_command_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("steps.toml"),
        "[[step]]\nid = \"x\"\nafter = [\"nowhere\"]\n",
    )
    .unwrap();
    navplan()
        .arg("--data")
        .arg(dir.path())
        .arg("demo")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("steps.toml"));
}

#[test]
fn a_folder_without_data_files_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    navplan()
        .arg("--data")
        .arg(dir.path())
        .arg("versions")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("none of versions.toml"));
    navplan()
        .args(["--data", "no/such/folder", "versions"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a folder"));
}
