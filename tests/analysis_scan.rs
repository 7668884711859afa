//! `navplan scan` with the analysis: the customer fixture database, with and without a baseline.

use assert_cmd::Command;

fn scan(args: &[&str]) -> (String, i32) {
    let output = Command::cargo_bin("navplan")
        .expect("binary")
        .args(["--date", "2026-11-26", "--color", "never", "scan"])
        .args(args)
        .output()
        .expect("runs");
    (
        String::from_utf8(output.stdout).expect("utf-8"),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn the_summary_names_merge_set_pins_dependents_and_effort() {
    let (stdout, code) = scan(&["tests/fixtures/customer"]);
    assert_eq!(code, 0);
    for expected in [
        "Merge set: 8 objects",
        "Version-pinned DotNet declarations: 5",
        "'Microsoft.Xrm.Sdk'.Microsoft.Xrm.Sdk.Entity",
        "PageExtension 50120 PTR Job Queue Entries",
        "Total",
    ] {
        assert!(stdout.contains(expected), "{expected:?} missing:\n{stdout}");
    }
    insta::assert_snapshot!("customer_scan_summary", stdout);
}

#[test]
fn the_json_has_each_entry_with_its_reasons() {
    let (stdout, code) = scan(&["--json", "tests/fixtures/customer"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let merge_set = json["merge_set"].as_array().expect("merge_set");
    assert_eq!(merge_set.len(), 8);
    assert!(merge_set
        .iter()
        .all(|e| !e["reasons"].as_array().expect("reasons").is_empty()));
    assert_eq!(json["merge_target"]["product"], "nav2018");
    assert_eq!(json["dotnet_pins"].as_array().expect("pins").len(), 5);
    assert!(json["dependents"]
        .as_array()
        .expect("dependents")
        .iter()
        .any(|d| d["id"] == 5330));
    assert_eq!(json["effort"]["total_hours"], 18.75);
}

#[test]
fn a_baseline_finds_changes_no_flag_or_tag_shows() {
    let (plain, _) = scan(&["--json", "tests/fixtures/threeway/MODIFIED"]);
    let (with_baseline, code) = scan(&[
        "--json",
        "--baseline",
        "tests/fixtures/threeway/ORIGINAL",
        "tests/fixtures/threeway/MODIFIED",
    ]);
    assert_eq!(code, 0);
    let find = |text: &str| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_str(text).expect("JSON");
        json["customised_objects"]
            .as_array()
            .expect("customised_objects")
            .iter()
            .filter(|c| c["type"] == "Codeunit" && c["id"] == 1)
            .flat_map(|c| c["reasons"].as_array().cloned().unwrap_or_default())
            .map(|r| r.as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert!(find(&plain).is_empty());
    assert_eq!(
        find(&with_baseline),
        ["differs from the baseline: procedure ReportLogoPath (added)"]
    );
}

#[test]
fn a_missing_baseline_folder_is_an_error() {
    let output = Command::cargo_bin("navplan")
        .expect("binary")
        .args([
            "--color",
            "never",
            "scan",
            "--baseline",
            "no/such/baseline",
            "tests/fixtures/customer",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/baseline"));
}

#[test]
fn the_summary_lists_baseline_differences() {
    let (stdout, _) = scan(&[
        "--baseline",
        "tests/fixtures/threeway/ORIGINAL",
        "tests/fixtures/threeway/MODIFIED",
    ]);
    assert!(
        stdout.contains("Objects that differ from the baseline: 5\n  Table 472 Job Queue Entry: field 50000 \"PTR Notify On Error\" (added)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  Codeunit 1 ApplicationManagement: procedure ReportLogoPath (added)\n"),
        "{stdout}"
    );
}

#[test]
fn an_al_package_pin_is_listed_with_its_fix() {
    let (stdout, code) = scan(&["tests/fixtures/objects/al-dotnet"]);
    assert_eq!(code, 0);
    for expected in [
        "Version-pinned DotNet declarations: 1",
        "DotNetPackage.al:6",
        "assembly(\"Microsoft.Xrm.Sdk\") { Version = '8.0.0.0';",
        "assembly(\"Microsoft.Xrm.Sdk\") without Version, Culture and PublicKeyToken",
    ] {
        assert!(stdout.contains(expected), "{expected:?} missing:\n{stdout}");
    }
}
