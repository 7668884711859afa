//! `navplan check` from the outside: exit codes, text and JSON output, help.

use assert_cmd::Command;
use predicates::str::contains;

fn navplan() -> Command {
    let mut cmd = Command::cargo_bin("navplan").unwrap();
    cmd.args(["--date", "2026-11-26", "--color", "never"]);
    cmd
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = navplan().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn exit_code_for_every_verdict_and_error() {
    let cases: [(&[&str], i32); 9] = [
        (&["check", "--installed", "NAV 2018 CU 41"], 0),
        (&["check", "--installed", "nav2018 cu40"], 3),
        (
            &[
                "check",
                "--platform",
                "11.0.47056.0",
                "--application",
                "NAVW111.00.00.44952",
            ],
            3,
        ),
        (&["check", "--installed", "NAV 2015"], 4),
        (&["check", "--installed", "BC 22"], 4),
        (&["check", "--installed", "Dynamics NAV 2019"], 1),
        (
            &[
                "check",
                "--platform",
                "NAV 2018 CU 41",
                "--application",
                "BC 14.21",
            ],
            1,
        ),
        (&["check", "--platform", "NAV 2018 CU 41"], 2),
        (&["check", "--nonsense"], 2),
    ];
    for (args, code) in cases {
        let (got, stdout, stderr) = run(args);
        assert_eq!(got, code, "{args:?}\n{stdout}\n{stderr}");
    }
}

#[test]
fn every_input_form_of_the_issue_gates() {
    for (spec, verdict) in [
        ("NAV 2018 CU 30", "upgrade-required"),
        ("nav2018 cu30", "upgrade-required"),
        ("Dynamics NAV 2017 CU55", "ready"),
        ("BC14 CU 20", "ready"),
        ("BC 14.21", "ready"),
        ("Business Central 15.13", "ready"),
        ("15.13", "ready"),
        ("11.0.44952.0", "upgrade-required"),
        ("11.0.44952", "upgrade-required"),
        ("14.21.46103.0", "ready"),
        ("NAVW111.00.00.44952", "upgrade-required"),
        ("NAVW114.21", "ready"),
        ("NAVW111.00", "upgrade-required"),
        ("BC online", "not-covered"),
    ] {
        let (_, stdout, stderr) = run(&["check", "--installed", spec]);
        assert!(
            stdout.starts_with(&format!("verdict      {verdict} ")),
            "{spec}: {stdout}{stderr}"
        );
    }
}

#[test]
fn upgrade_required_text() {
    let (code, stdout, _) = run(&[
        "check",
        "--platform",
        "NAV 2018 CU 45",
        "--application",
        "NAVW111.00.00.44952",
    ]);
    assert_eq!(code, 3);
    insta::assert_snapshot!(stdout);
}

#[test]
fn ready_text_for_bc14_with_support_note() {
    let (code, stdout, _) = run(&["check", "--installed", "BC 14.21"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn not_covered_text() {
    let (code, stdout, _) = run(&["check", "--installed", "Business Central 16.2"]);
    assert_eq!(code, 4);
    insta::assert_snapshot!(stdout);
}

#[test]
fn nav2016_text_marks_the_uncertain_minimum() {
    let (_, stdout, _) = run(&["check", "--installed", "NAV 2016 CU 60"]);
    assert!(
        stdout.contains("derived from the order of published artifacts"),
        "{stdout}"
    );
    insta::assert_snapshot!(stdout);
}

#[test]
fn json_output() {
    let (code, stdout, _) = run(&["check", "--installed", "NAV 2018 CU 30", "--json"]);
    assert_eq!(code, 3);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["verdict"], "upgrade-required");
    assert_eq!(
        value["short"],
        serde_json::json!(["platform", "application"])
    );
    insta::assert_snapshot!(stdout);
}

#[test]
fn json_output_bc15_carries_proxy_version_and_al_only() {
    let (code, stdout, _) = run(&["check", "--installed", "BC 15 CU 13", "--json"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["proxy_version"], 91);
    assert_eq!(value["product"]["al_only"], true);
    insta::assert_snapshot!(stdout);
}

#[test]
fn output_is_byte_identical_between_runs() {
    let first = run(&["check", "--installed", "11.0.44952.0", "--json"]).1;
    let second = run(&["check", "--installed", "11.0.44952.0", "--json"]).1;
    assert_eq!(first, second);
}

#[test]
fn bad_spec_error_lists_the_accepted_forms() {
    let (code, stdout, stderr) = run(&["check", "--installed", "NAV 2018 SP1"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    insta::assert_snapshot!(stderr);
}

#[test]
fn missing_side_is_a_usage_error() {
    navplan()
        .args(["check", "--application", "NAV 2018 CU 41"])
        .assert()
        .code(2)
        .stderr(contains(
            "give --installed SPEC, or both --platform SPEC and --application SPEC",
        ));
}

#[test]
fn help_has_examples_forms_and_exit_codes() {
    let (code, stdout, _) = run(&["check", "--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Exit codes:") && stdout.contains("upgrade-required"));
    insta::assert_snapshot!(stdout);
}

#[test]
fn colour_only_when_asked() {
    let coloured = Command::cargo_bin("navplan")
        .unwrap()
        .args([
            "--date",
            "2026-11-26",
            "--color",
            "always",
            "check",
            "--installed",
            "NAV 2018 CU 41",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8(coloured.stdout)
        .unwrap()
        .contains("\u{1b}["));
    let (_, plain, _) = run(&["check", "--installed", "NAV 2018 CU 41"]);
    assert!(!plain.contains('\u{1b}'));
}

#[test]
fn every_covered_product_around_its_minimum_and_every_other_product() {
    for (below, at, above) in [
        ("NAV 2016 CU 66", "NAV 2016 CU 67", "9.0.52169.0"),
        ("NAV 2017 CU 54", "NAV 2017 CU 55", "NAV 2017 CU 56"),
        ("NAV 2018 CU 40", "NAV 2018 CU 41", "NAV 2018 CU 42"),
        ("BC 14 CU 19", "BC 14 CU 20", "BC 14 CU 21"),
        ("BC 15.12", "BC 15.13", "BC 15.14"),
    ] {
        assert_eq!(run(&["check", "--installed", below]).0, 3, "{below}");
        assert_eq!(run(&["check", "--installed", at]).0, 0, "{at}");
        assert_eq!(run(&["check", "--installed", above]).0, 0, "{above}");
    }
    for other in [
        "NAV 2009",
        "NAV 2009 R2",
        "NAV 2013",
        "NAV 2013 R2",
        "NAV 2015",
        "BC 13",
        "BC 16",
        "BC 20",
        "BC 28",
        "BC 30",
        "BC online",
    ] {
        let (code, stdout, _) = run(&["check", "--installed", other]);
        assert_eq!(code, 4, "{other}");
        assert!(stdout.contains("\ninstead      "), "{other}: {stdout}");
    }
}
