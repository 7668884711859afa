//! `navplan plan`, `demo` and `graph` from the command line.

use assert_cmd::Command;
use predicates::prelude::*;

const APP: &str = "6f1d2c3b-4a59-4e7d-8c21-0b9a8f7e6d5c";

fn navplan() -> Command {
    let mut cmd = Command::cargo_bin("navplan").unwrap();
    cmd.args(["--date", "2026-11-26", "--color", "never"]);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

#[test]
fn demo_markdown() {
    let out = navplan()
        .arg("demo")
        .assert()
        .code(0)
        .stderr(predicate::str::contains("upgrade-required"))
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("demo_md", String::from_utf8(out).unwrap());
}

#[test]
fn demo_html_and_json() {
    insta::assert_snapshot!(
        "demo_html",
        stdout(navplan().args(["demo", "--format", "html"]))
    );
    insta::assert_snapshot!(
        "demo_json",
        stdout(navplan().args(["demo", "--format", "json"]))
    );
}

#[test]
fn demo_runbook_ends_with_the_oauth_set_up() {
    let md = stdout(navplan().arg("demo"));
    let oauth = md.find("## OAuth set-up").unwrap();
    for earlier in [
        "## Verdict",
        "## Summary",
        "## Prerequisites",
        "## Steps",
        "## Merge worklist",
        "## DotNet fixes",
        "## Impact and effort",
        "## Step graph",
    ] {
        let at = md
            .find(earlier)
            .unwrap_or_else(|| panic!("{earlier} missing"));
        assert!(at < oauth, "{earlier} after the OAuth section");
    }
    assert!(md[oauth..].contains("Password={PASSWORD}"));
    assert!(
        !md[oauth + 1..].contains("\n## "),
        "a section follows the OAuth set-up"
    );
}

#[test]
fn plan_exit_code_is_the_gates() {
    navplan()
        .args(["plan", "--installed", "NAV 2018 CU 30"])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("**upgrade-required**"));
    navplan()
        .args(["plan", "--installed", "NAV 2018 CU 45"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("**ready**"));
    navplan()
        .args(["plan", "--installed", "BC 14 CU 25"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ProxyVersion=91;"));
}

#[test]
fn not_covered_runbook_says_why_and_exits_4() {
    let assert = navplan()
        .args([
            "plan",
            "--installed",
            "NAV 2015 CU 10",
            "--customer",
            "Old Corp",
        ])
        .assert()
        .code(4);
    let md = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!("not_covered_md", md);
}

#[test]
fn plan_with_objects_and_oauth_inputs() {
    let md = stdout(navplan().args([
        "plan",
        "--installed",
        "NAV 2018 CU 30",
        "--objects",
        "tests/fixtures/plan/hostile",
        "--customer",
        "Contoso",
        "--d365-url",
        "https://contoso.crm4.dynamics.com",
        "--integration-user",
        "d365integration@contoso.onmicrosoft.com",
        "--app-id",
        APP,
    ]));
    assert!(md.contains(&format!(
        "AuthType=OAuth;Username=d365integration@contoso.onmicrosoft.com;Password={{PASSWORD}};Url=https://contoso.crm4.dynamics.com;AppId={APP};RedirectUri=app://{APP};TokenCacheStorePath=;LoginPrompt=Never"
    )));
    // The hostile object name is escaped in the tables.
    assert!(md.contains("Codeunit 50099 CRM \\<script\\>alert(1)\\</script\\> \\| \\*Sync\\*"));
    assert!(!md.contains("<script>"));
    let html = stdout(navplan().args([
        "plan",
        "--installed",
        "NAV 2018 CU 30",
        "--objects",
        "tests/fixtures/plan/hostile",
        "--format",
        "html",
    ]));
    assert!(html.contains("CRM &lt;script&gt;alert(1)&lt;/script&gt; | *Sync*"));
    assert!(!html.contains("<script>"));
}

#[test]
fn bad_oauth_inputs_are_refused() {
    navplan()
        .args([
            "plan",
            "--installed",
            "NAV 2018 CU 45",
            "--d365-url",
            "http://contoso.crm.dynamics.com",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("HTTPS"));
    navplan()
        .args([
            "plan",
            "--installed",
            "NAV 2018 CU 45",
            "--app-id",
            "not-a-guid",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a GUID"));
    navplan()
        .args([
            "plan",
            "--installed",
            "NAV 2018 CU 45",
            "--integration-user",
            "nobody",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("user principal name"));
}

#[test]
fn a_password_in_any_argument_is_refused() {
    for args in [
        vec!["--integration-user", "a@b.com;Password=hunter2"],
        vec!["--d365-url", "https://x.crm.dynamics.com;Password=hunter2"],
        vec!["--customer", "Contoso Password=hunter2"],
        vec!["--partner", "Fabrikam;ClientSecret=abc"],
    ] {
        let assert = navplan()
            .args(["plan", "--installed", "NAV 2018 CU 45"])
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("never writes passwords"));
        let out = assert.get_output();
        assert!(!String::from_utf8_lossy(&out.stdout).contains("hunter2"));
        assert!(!String::from_utf8_lossy(&out.stderr).contains("hunter2"));
    }
    // There is no password option at all.
    navplan()
        .args(["plan", "--installed", "NAV 2018 CU 45", "--password", "x"])
        .assert()
        .code(2);
}

#[test]
fn output_is_written_atomically_and_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("runbook.md");
    navplan()
        .args(["demo", "-o"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("runbook written to"));
    let first = std::fs::read_to_string(&file).unwrap();
    assert!(first.starts_with("# OAuth for the Dynamics 365 Sales integration"));

    std::fs::write(&file, "keep me").unwrap();
    navplan()
        .args(["plan", "--installed", "NAV 2018 CU 30", "-o"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");

    navplan()
        .args([
            "plan",
            "--installed",
            "NAV 2018 CU 30",
            "--force",
            "--format",
            "json",
            "-o",
        ])
        .arg(&file)
        .assert()
        .code(3);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(json["schema"], "navplan-runbook");
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn graph_in_dot_and_mermaid() {
    let dot = stdout(navplan().args(["graph", "--installed", "BC 14 CU 10", "--format", "dot"]));
    insta::assert_snapshot!("graph_bc14_dot", dot);
    let mermaid = stdout(navplan().args(["graph", "--installed", "BC 14 CU 10"]));
    insta::assert_snapshot!("graph_bc14_mermaid", mermaid);
    // The same steps in both.
    assert_eq!(
        dot.matches(" [label=").count(),
        mermaid.matches("    s").count()
    );
}

#[test]
fn a_steps_file_changes_the_runbook() {
    let dir = tempfile::tempdir().unwrap();
    let steps = dir.path().join("steps.toml");
    std::fs::write(
        &steps,
        "[[step]]\nid = \"notify-users\"\ntitle = \"Tell the key users\"\nphase = \"prepare\"\ntext = \"Mail {customer}.\"\nbefore = [\"test-environment\"]\n",
    )
    .unwrap();
    navplan()
        .args([
            "plan",
            "--installed",
            "NAV 2018 CU 30",
            "--customer",
            "Contoso",
            "--steps",
        ])
        .arg(&steps)
        .assert()
        .code(3)
        .stdout(predicate::str::contains("Tell the key users"))
        .stdout(predicate::str::contains("Mail Contoso."));

    std::fs::write(
        &steps,
        "[[step]]\nid = \"backup\"\nafter = [\"oauth-test-connection\"]\n",
    )
    .unwrap();
    navplan()
        .args(["plan", "--installed", "NAV 2018 CU 30", "--steps"])
        .arg(&steps)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("later phase"));
}

#[test]
fn output_is_byte_identical_across_runs() {
    let a = stdout(navplan().args(["demo", "--format", "html"]));
    let b = stdout(navplan().args(["demo", "--format", "html"]));
    assert_eq!(a, b);
}

#[test]
fn plan_needs_an_installed_version() {
    navplan()
        .args(["plan"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--installed"));
}

#[test]
fn damaged_input_is_listed_and_the_exit_code_stays_the_gates() {
    let assert = navplan()
        .args([
            "plan",
            "--installed",
            "NAV 2018 CU 30",
            "--objects",
            "tests/fixtures/plan/broken",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "1 problem(s) while reading the objects",
        ));
    let md = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(md.contains("Skipped or damaged input:"));
    assert!(md.contains("tests/fixtures/plan/broken/COD50100.TXT:"));
}

#[test]
fn help_texts() {
    for cmd in ["plan", "demo", "graph"] {
        let out = stdout(navplan().args([cmd, "--help"]));
        insta::assert_snapshot!(format!("help_{cmd}"), out);
    }
}

#[test]
fn the_application_version_comes_from_the_tags_when_not_given() {
    // The demo export's Codeunit 1 says NAV 2018 CU 30; the platform is at CU 45.
    navplan()
        .args([
            "plan",
            "--platform",
            "NAV 2018 CU 45",
            "--objects",
            "data/demo",
        ])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("the application (CU 30) is below"));
    // Given as CU 41 but tagged CU 30: the verdict follows the spec and carries a note.
    navplan()
        .args([
            "plan",
            "--installed",
            "NAV 2018 CU 41",
            "--objects",
            "data/demo",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "The objects' tags (NAVW111.00.00.43274) put the application at CU 30",
        ));
}

#[test]
fn the_runbook_lists_direct_then_indirect_dependents() {
    let args = [
        "plan",
        "--installed",
        "NAV 2018 CU 30",
        "--objects",
        "tests/fixtures/customer",
        "--date",
        "2026-11-26",
        "--color",
        "never",
    ];
    let md = stdout(navplan().args(args));
    // Codeunit 5330 is used by Table 5330 and Page 50030 directly; the partner's nightly export
    // reaches it through the page, the account sync through the table: both two hops away,
    // counted in the Markdown and in the JSON (runbook schema 2).
    assert!(md.contains(
        "| Codeunit 5330 CRM Integration Management | Table 5330 CRM Connection Setup, \
         Page 50030 PTR Customer Overview; 2 more through them (navplan scan --json lists them) |"
    ));
    // An object with no indirect dependents lists its direct ones only: Codeunit 448 has one,
    // the partner's AL codeunit that subscribes to its events.
    let impact = &md[md.find("## Impact and effort").unwrap()..];
    let line = impact
        .lines()
        .find(|l| l.starts_with("| Codeunit 448 Job Queue Dispatcher | "))
        .unwrap();
    assert_eq!(
        line,
        "| Codeunit 448 Job Queue Dispatcher | Codeunit 50121 PTR Job Queue Subscriber |"
    );
    // The re-test list: the direct dependents outside the merge set, each once, as many as
    // the effort table counts.
    assert!(impact.contains(
        "Re-test list (2): the objects outside the merge set that use it directly, each once.\n\n\
         - Page 50030 PTR Customer Overview\n\
         - PageExtension 50120 PTR Job Queue Entries\n"
    ));
    assert!(impact.contains("| Dependents to recompile and re-test | 2 |"));
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(navplan().args(json_args))).unwrap();
    let entry = json["analysis"]["dependents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["object"] == "Codeunit 5330 CRM Integration Management")
        .unwrap();
    assert_eq!(json["schema_version"], 2);
    assert_eq!(entry["indirect"], 2);
    assert_eq!(
        entry["used_by"],
        serde_json::json!([
            "Table 5330 CRM Connection Setup",
            "Page 50030 PTR Customer Overview"
        ])
    );
    // The two it reaches through them are in the scan's JSON, with their paths.
    let scan: serde_json::Value = serde_json::from_str(&stdout(navplan().args([
        "scan",
        "--json",
        "tests/fixtures/customer",
    ])))
    .unwrap();
    let listed = scan["dependents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "CRM Integration Management" && d["type"] == "Codeunit")
        .unwrap();
    let names: Vec<&str> = listed["transitive"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["PTR Nightly Export", "PTR Account Sync"]);
    assert_eq!(
        json["analysis"]["retest"],
        serde_json::json!([
            "Page 50030 PTR Customer Overview",
            "PageExtension 50120 PTR Job Queue Entries"
        ])
    );
}
