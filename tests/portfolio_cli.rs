//! `navplan portfolio`: several customers with one broken, the table, JSON, runbooks in --out,
//! the exit code as the worst verdict.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/portfolio");

fn navplan() -> Command {
    let mut cmd = Command::cargo_bin("navplan").unwrap();
    cmd.args(["--date", "2026-11-26", "--color", "never"]);
    cmd.current_dir(DIR);
    cmd
}

fn json_of(args: &[&str]) -> (serde_json::Value, i32) {
    let out = navplan().args(args).arg("--json").output().unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap();
    (doc, out.status.code().unwrap())
}

fn verdicts(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_fixture_portfolio_gives_every_verdict_and_one_broken_row() {
    let out = tempfile::tempdir().unwrap();
    let assert = navplan()
        .args(["portfolio", "customers.toml", "--out"])
        .arg(out.path())
        .assert()
        .code(1);
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(!stdout.contains('\u{1b}'), "no colour in a pipe");
    let stdout = stdout.replace(&out.path().display().to_string(), "[out]");
    insta::assert_snapshot!("fixture_table", stdout);

    let mut written: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "adventure-works.md",
            "fabrikam-ltd.md",
            "northwind-traders.md",
            "tailspin-toys.md"
        ]
    );
    let fabrikam = std::fs::read_to_string(out.path().join("fabrikam-ltd.md")).unwrap();
    assert!(fabrikam.contains("Fabrikam Ltd."));
    assert!(fabrikam.contains("Contoso Consulting"));
    assert!(fabrikam.contains("Password={PASSWORD}"));
}

#[test]
fn json_has_every_row_and_the_summary() {
    let (doc, code) = json_of(&["portfolio", "customers.toml"]);
    assert_eq!(code, 1);
    assert_eq!(
        verdicts(&doc),
        pairs(&[
            ("Fabrikam Ltd.", "upgrade-required"),
            ("Northwind Traders", "ready"),
            ("Tailspin Toys", "not-covered"),
            ("Wide World Importers", "error"),
            ("Adventure Works", "ready"),
        ])
    );
    let wwi = &doc["customers"][3];
    assert!(wwi["problems"][0].as_str().unwrap().contains("HTTPS"));
    assert_eq!(doc["summary"]["worst"], "error");
    assert_eq!(doc["summary"]["exit_code"], 1);
    let fabrikam = &doc["customers"][0];
    assert!(
        fabrikam["objects_to_merge"].as_u64().unwrap() >= 1,
        "{fabrikam}"
    );
    assert!(fabrikam["dotnet_pins"].as_u64().unwrap() >= 2, "{fabrikam}");
    insta::assert_json_snapshot!("fixture_json", doc);
}

#[test]
fn csv_and_toml_give_the_same_rows() {
    let (toml, _) = json_of(&["portfolio", "customers.toml"]);
    let (csv, code) = json_of(&["portfolio", "customers.csv"]);
    assert_eq!(code, 1);
    assert_eq!(toml["customers"].as_array().unwrap().len(), 5);
    for (t, c) in toml["customers"]
        .as_array()
        .unwrap()
        .iter()
        .zip(csv["customers"].as_array().unwrap())
    {
        for key in [
            "name",
            "verdict",
            "platform",
            "application",
            "objects_to_merge",
            "dotnet_pins",
            "dependents",
            "effort_hours",
            "problems",
        ] {
            assert_eq!(t[key], c[key], "{key} of {}", t["name"]);
        }
    }
}

fn write_portfolio(dir: &Path, body: &str) -> PathBuf {
    let file = dir.join("p.toml");
    std::fs::write(&file, body).unwrap();
    file
}

fn customer(name: &str, installed: &str) -> String {
    format!("[[customer]]\nname = \"{name}\"\ninstalled = \"{installed}\"\n\n")
}

#[test]
fn exit_code_is_the_worst_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (vec![("A", "NAV 2018 CU 41"), ("B", "BC 14.21")], 0),
        (vec![("A", "NAV 2018 CU 41"), ("B", "NAV 2017 CU 20")], 3),
        (
            vec![("A", "NAV 2017 CU 20"), ("B", "BC 16"), ("C", "BC 15.13")],
            4,
        ),
        (
            vec![
                ("A", "BC 16"),
                ("B", "NAV 2018 CU zz"),
                ("C", "NAV 2016 CU 1"),
            ],
            1,
        ),
    ];
    for (customers, code) in cases {
        let body: String = customers.iter().map(|(n, v)| customer(n, v)).collect();
        let file = write_portfolio(dir.path(), &body);
        navplan()
            .args(["portfolio"])
            .arg(&file)
            .assert()
            .code(code)
            .stdout(predicate::str::contains(format!("Exit code {code}")));
    }
}

#[test]
fn an_existing_runbook_is_kept_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "{}{}",
        customer("Alpha", "NAV 2018 CU 41"),
        customer("Beta", "BC 14.21")
    );
    let file = write_portfolio(dir.path(), &body);
    let out = dir.path().join("rb");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("alpha.html"), "mine").unwrap();
    let (doc, code) = json_of(&[
        "portfolio",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "html",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        verdicts(&doc),
        pairs(&[("Alpha", "error"), ("Beta", "ready")])
    );
    assert!(doc["customers"][0]["problems"][0]
        .as_str()
        .unwrap()
        .contains("--force"));
    assert_eq!(
        std::fs::read_to_string(out.join("alpha.html")).unwrap(),
        "mine"
    );
    assert!(out.join("beta.html").exists());

    let (doc, code) = json_of(&[
        "portfolio",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "html",
        "--force",
    ]);
    assert_eq!(code, 0, "{doc}");
    assert!(std::fs::read_to_string(out.join("alpha.html"))
        .unwrap()
        .contains("<html"));
}

#[test]
fn many_customers_keep_file_order_and_one_bad_row_stops_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::new();
    for i in 0..24 {
        let version = if i == 11 {
            "NAV 2099 CU 1"
        } else {
            "NAV 2018 CU 41"
        };
        body.push_str(&customer(&format!("Customer {i:02}"), version));
    }
    let file = write_portfolio(dir.path(), &body);
    let (doc, code) = json_of(&["portfolio", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    let rows = verdicts(&doc);
    assert_eq!(rows.len(), 24);
    for (i, (name, verdict)) in rows.iter().enumerate() {
        assert_eq!(name, &format!("Customer {i:02}"));
        assert_eq!(verdict, if i == 11 { "error" } else { "ready" }, "{name}");
    }
    assert_eq!(doc["summary"]["ready"], 23);
}

#[test]
fn colour_only_when_asked() {
    let mut cmd = Command::cargo_bin("navplan").unwrap();
    cmd.current_dir(DIR)
        .args(["--color", "always", "portfolio", "customers.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\u{1b}["));
    // NO_COLOR and a pipe: plain text even with the default --color auto.
    let mut cmd = Command::cargo_bin("navplan").unwrap();
    cmd.current_dir(DIR)
        .env("NO_COLOR", "1")
        .args(["portfolio", "customers.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\u{1b}[").not())
        .stderr("");
}

#[test]
fn a_broken_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.csv");
    std::fs::write(&file, "name,installed,password\nA,NAV 2018 CU 41,x\n").unwrap();
    navplan()
        .arg("portfolio")
        .arg(&file)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("p.csv"))
        .stderr(predicate::str::contains("refused"));
    navplan()
        .args(["portfolio", "no-such-file.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-file.toml"));
}

#[test]
fn help_is_stable() {
    let out = navplan().args(["portfolio", "--help"]).assert().success();
    insta::assert_snapshot!(
        "portfolio_help",
        String::from_utf8_lossy(&out.get_output().stdout)
    );
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let run = |threads: &str| {
        navplan()
            .env("RAYON_NUM_THREADS", threads)
            .args(["portfolio", "customers.toml", "--json"])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("4"));
}
