//! `navplan diagnose`: real-shaped messages and logs, a text that matches nothing, JSON, the list.

use assert_cmd::Command;
use predicates::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diagnose");

fn navplan() -> Command {
    let mut cmd = Command::cargo_bin("navplan").unwrap();
    cmd.args(["--date", "2026-11-26", "--color", "never"]);
    cmd
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

fn json_ids(stdout: &[u8]) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    doc["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_event_log_on_stdin_gives_the_waf_case_first_and_hides_the_password() {
    let out = navplan()
        .args(["diagnose", "-"])
        .write_stdin(fixture("NavServer-event-log.txt"))
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!stdout.contains("S3cret"), "password leaked:\n{stdout}");
    assert!(!stdout.contains('\r'));
    insta::assert_snapshot!("event_log_text", stdout);
}

#[test]
fn an_event_log_as_json_lists_specific_entries_before_wrappers() {
    let out = navplan()
        .args(["diagnose", "--json"])
        .write_stdin(fixture("NavServer-event-log.txt"))
        .assert()
        .success();
    let stdout = &out.get_output().stdout;
    let ids = json_ids(stdout);
    assert_eq!(ids[0], "adal-federated-waf-403", "{ids:?}");
    for expected in [
        "adal-federated-user",
        "sync-jobs-not-running",
        "password-in-clear",
        "connection-string-without-placeholder",
        "setup-cannot-be-validated",
        "adal-general",
    ] {
        assert!(ids.contains(&expected.to_string()), "{expected} in {ids:?}");
    }
    assert!(!String::from_utf8_lossy(stdout).contains("S3cret"));
    let doc: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    let wrapper_flags: Vec<bool> = doc["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["wrapper"].as_bool().unwrap())
        .collect();
    let first_wrapper = wrapper_flags.iter().position(|w| *w).unwrap();
    assert!(wrapper_flags[first_wrapper..].iter().all(|w| *w), "{ids:?}");
    assert!(ids[first_wrapper..].contains(&"adal-general".to_string()));
    insta::assert_json_snapshot!("event_log_json", doc);
}

#[test]
fn a_pasted_message_as_argument() {
    let text = String::from_utf8(fixture("sysadmin.txt")).unwrap();
    navplan()
        .args(["diagnose", text.trim()])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("1 known error matches.\n"))
        .stdout(predicate::str::contains(
            "id:     user-is-system-administrator",
        ))
        .stdout(predicate::str::contains("Remove System Administrator"));
}

#[test]
fn aadsts_messages_from_the_field() {
    for (message, id) in [
        ("AADSTS65001: The user or administrator has not consented to use the application with ID '0a1b2c3d-1111-4222-8333-944455556666'.", "aadsts65001-consent"),
        ("AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication", "aadsts-mfa-conditional-access"),
        ("AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", "aadsts7000218-public-client"),
        ("AADSTS700016: Application with identifier '0a1b2c3d-1111-4222-8333-944455556666' was not found in the directory 'fabrikam'.", "aadsts700016-app-not-found"),
        ("The application is set up to support secure connections (HTTPS) to Dynamics 365 only. You cannot use HTTP.", "http-instead-of-https"),
        ("The connection string must include the password placeholder {PASSWORD}.", "password-placeholder-missing"),
        ("User svc@fabrikam.com does not have the required roles on server https://f.crm4.dynamics.com.", "user-missing-integration-roles"),
        ("User svc@fabrikam.com is not licensed on server https://f.crm4.dynamics.com.", "user-not-licensed"),
    ] {
        let out = navplan().args(["diagnose", "--json", message]).assert().success();
        let ids = json_ids(&out.get_output().stdout);
        assert_eq!(ids.first().map(String::as_str), Some(id), "{message}: {ids:?}");
    }
}

#[test]
fn a_text_that_matches_nothing_says_so_and_succeeds() {
    navplan()
        .arg("diagnose")
        .write_stdin(fixture("harmless.txt"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "No known error matches this text (1 line searched,",
        ));
    let out = navplan()
        .args(["diagnose", "--json", "all good"])
        .assert()
        .success();
    assert!(json_ids(&out.get_output().stdout).is_empty());
}

#[test]
fn empty_input_is_an_error() {
    navplan()
        .args(["diagnose", "-"])
        .write_stdin("  \n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no text to diagnose"));
}

#[test]
fn list_shows_every_entry() {
    let out = navplan().args(["diagnose", "--list"]).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let count = navplan::diagnose::KnownErrors::embedded().entries().len();
    assert!(stdout.starts_with(&format!("{count} known errors:\n")));
    assert_eq!(stdout.lines().count(), count + 1);
    let out = navplan()
        .args(["diagnose", "--list", "--json"])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["errors"].as_array().unwrap().len(), count);
    assert!(doc["errors"][0]["fix"].is_string());
}

#[test]
fn colour_always_styles_the_titles_and_never_keeps_them_plain() {
    let mut cmd = Command::cargo_bin("navplan").unwrap();
    cmd.args(["--color", "always", "diagnose", "AADSTS50057"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}["));
    navplan()
        .args(["diagnose", "AADSTS50057"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[").not());
    // JSON is for tools: never coloured, whatever --color says.
    let mut cmd = Command::cargo_bin("navplan").unwrap();
    cmd.args(["--color", "always", "diagnose", "--json", "AADSTS50057"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[").not());
    // NO_COLOR wins over the default `auto`.
    let mut cmd = Command::cargo_bin("navplan").unwrap();
    cmd.env("NO_COLOR", "1")
        .args(["diagnose", "AADSTS50057"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn help_is_stable() {
    let out = navplan().args(["diagnose", "--help"]).assert().success();
    insta::assert_snapshot!(
        "diagnose_help",
        String::from_utf8_lossy(&out.get_output().stdout)
    );
}

#[test]
fn an_argument_naming_a_file_reads_the_file() {
    let out = navplan()
        .args([
            "diagnose",
            "--json",
            &format!("{FIXTURES}/NavServer-event-log.txt"),
        ])
        .assert()
        .success();
    assert_eq!(
        json_ids(&out.get_output().stdout)[0],
        "adal-federated-waf-403"
    );
}

/// A CRM tooling log in the shape of real reports (tab-separated trace lines, an ADAL stack
/// header, a GUID and a line break inside the messages, NAV's Danish wrapper); our own text.
#[test]
fn a_crm_tooling_log_names_the_real_cause_before_the_wrappers() {
    let out = navplan()
        .args(["diagnose", "--json", "-"])
        .write_stdin(fixture("crm-tooling-log.txt"))
        .assert()
        .success();
    let ids = json_ids(&out.get_output().stdout);
    assert_eq!(
        ids,
        [
            "aadsts-mfa-conditional-access",
            "adal-general",
            "crm-login-failed",
            "setup-cannot-be-validated"
        ],
        "the assembly name in the stack header is not a load failure; wrappers come last"
    );
    let out = navplan()
        .args(["diagnose", "-"])
        .write_stdin(fixture("crm-tooling-log.txt"))
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!stdout.contains('\r'));
    insta::assert_snapshot!("crm_tooling_log_text", stdout);
}
