//! `navplan connection-string`: the string per version, validation of every input, refusal of
//! passwords, not-covered versions.

use assert_cmd::Command;
use predicates::prelude::*;

const URL: &str = "https://contoso.crm4.dynamics.com";
const USER: &str = "d365integration@contoso.onmicrosoft.com";
const ID: &str = "6f1d2c3b-4a59-4e7d-8c21-0b9a8f7e6d5c";

fn navplan() -> Command {
    let mut cmd = Command::cargo_bin("navplan").unwrap();
    cmd.args([
        "--date",
        "2026-11-26",
        "--color",
        "never",
        "connection-string",
    ]);
    cmd
}

fn with(version: &str, url: &str, user: &str, app_id: &str) -> Command {
    let mut cmd = navplan();
    cmd.args([
        "--installed",
        version,
        "--url",
        url,
        "--user",
        user,
        "--app-id",
        app_id,
    ]);
    cmd
}

fn string_for(version: &str) -> String {
    let out = with(version, URL, USER, ID).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn nav_versions_get_no_proxy_version() {
    let expected = format!(
        "AuthType=OAuth;Username={USER};Password={{PASSWORD}};Url={URL};AppId={ID};\
         RedirectUri=app://{ID};TokenCacheStorePath=;LoginPrompt=Never\n"
    );
    for version in [
        "NAV 2018 CU 41",
        "NAV 2017 CU 55",
        "NAV 2016 CU 67",
        "11.0.47056.0",
    ] {
        assert_eq!(string_for(version), expected, "{version}");
    }
}

#[test]
fn bc_14_and_15_get_proxy_version_91() {
    for version in [
        "BC 14.21",
        "BC14 CU 20",
        "Business Central 15.13",
        "NAVW114.21",
    ] {
        let s = string_for(version);
        assert!(
            s.contains(";RedirectUri=app://6f1d2c3b-4a59-4e7d-8c21-0b9a8f7e6d5c;ProxyVersion=91;TokenCacheStorePath=;"),
            "{version}: {s}"
        );
        assert!(s.contains("Password={PASSWORD};"));
    }
}

#[test]
fn notes_go_to_stderr_and_name_the_page_and_the_sdk_version() {
    with("BC 14.21", URL, USER, ID)
        .assert()
        .success()
        .stdout(predicate::str::contains("note:").not())
        .stderr(predicate::str::contains(
            "Microsoft Dynamics 365 Connection Setup",
        ))
        .stderr(predicate::str::contains("SDK version 9.1"));
    with("NAV 2018 CU 41", URL, USER, ID)
        .assert()
        .success()
        .stderr(predicate::str::contains("for Sales Connection Setup"))
        .stderr(predicate::str::contains("9.1").not());
}

#[test]
fn below_the_minimum_the_string_comes_with_a_warning() {
    with("NAV 2018 CU 30", URL, USER, ID)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("AuthType=OAuth;"))
        .stderr(predicate::str::contains("below CU 41"));
}

#[test]
fn versions_not_covered_get_no_string_and_exit_4() {
    for version in ["BC 16", "NAV 2015 CU 5", "BC 13", "BC online"] {
        with(version, URL, USER, ID)
            .assert()
            .code(4)
            .stdout("")
            .stderr(predicate::str::contains("not covered by this procedure"));
    }
}

#[test]
fn bad_inputs_are_refused_with_a_clear_message() {
    let cases = [
        ("http://contoso.crm4.dynamics.com", USER, ID, "needs HTTPS"),
        (
            "https://contoso.example.com",
            USER,
            ID,
            "not a Dynamics 365 organisation host",
        ),
        (
            "https://crm4.dynamics.com",
            USER,
            ID,
            "a Dynamics 365 region, not an organisation",
        ),
        (URL, "d365integration", ID, "not a user principal name"),
        (URL, USER, "not-a-guid", "not a GUID"),
    ];
    for (url, user, id, message) in cases {
        with("NAV 2018 CU 41", url, user, id)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(message));
    }
    with("NAV 2018 CU banana", URL, USER, ID)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("accepted forms"));
}

#[test]
fn an_address_bar_url_gives_the_organisation_root() {
    let out = with(
        "NAV 2018 CU 41",
        "HTTPS://Contoso.CRM4.Dynamics.com/main.aspx?appid=0&pagetype=entitylist",
        USER,
        ID,
    )
    .assert()
    .success();
    let s = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        s.contains(";Url=https://contoso.crm4.dynamics.com;AppId="),
        "{s}"
    );
}

#[test]
fn app_ids_in_braces_and_upper_case_are_normalised() {
    let out = with("BC 14.21", URL, USER, &format!("{{{}}}", ID.to_uppercase()))
        .assert()
        .success();
    let s = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        s.contains(&format!("AppId={ID};RedirectUri=app://{ID};")),
        "{s}"
    );
}

#[test]
fn a_password_is_refused_in_every_form() {
    for extra in [
        vec!["--password", "hunter2"],
        vec!["--password"],
        vec!["--password=hunter2"],
        vec!["--pwd", "hunter2"],
        vec!["--client-secret", "abc"],
    ] {
        let out = with("NAV 2018 CU 41", URL, USER, ID)
            .args(&extra)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("never accepted"));
        assert!(!String::from_utf8_lossy(&out.get_output().stderr).contains("hunter2"));
    }
    with(
        "NAV 2018 CU 41",
        &format!("{URL};Password=hunter2"),
        USER,
        ID,
    )
    .assert()
    .code(2)
    .stderr(predicate::str::contains("a password was given"))
    .stderr(predicate::str::contains("hunter2").not());
    with("NAV 2018 CU 41", URL, &format!("{USER};Pwd=hunter2"), ID)
        .assert()
        .code(2);
}

#[test]
fn the_version_is_required() {
    navplan()
        .args(["--url", URL, "--user", USER, "--app-id", ID])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give the installed version"));
}

#[test]
fn json_carries_the_string_and_the_notes() {
    let out = with("BC 14.21", URL, USER, ID)
        .arg("--json")
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["proxy_version"], 91);
    insta::assert_json_snapshot!("bc14_json", doc);
}

#[test]
fn help_is_stable() {
    let out = navplan().arg("--help").assert().success();
    let help = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        !help.contains("--password"),
        "the refusal switch stays hidden"
    );
    insta::assert_snapshot!("connection_string_help", help);
}
