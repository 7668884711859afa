//! `navplan scan` as a user runs it: summary and JSON snapshots, exit codes.

use assert_cmd::Command;

const CLEAN: &str = "tests/fixtures/objects/clean";
const BROKEN: &str = "tests/fixtures/objects/broken";

fn scan(args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("navplan")
        .expect("binary builds")
        .args(["--date", "2026-11-26", "--color", "never", "scan"])
        .args(args)
        .output()
        .expect("navplan runs");
    (
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        out.status.code().expect("exit code"),
    )
}

#[test]
fn clean_folder_summary() {
    let (stdout, stderr, code) = scan(&[CLEAN]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn clean_folder_json() {
    let (stdout, _, code) = scan(&[CLEAN, "--json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["files_scanned"], 10, "the .svn folder is skipped");
    insta::assert_snapshot!(stdout);
}

#[test]
fn broken_folder_reports_every_problem_and_exits_1() {
    let (stdout, _, code) = scan(&[BROKEN]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn broken_folder_json_has_diagnostics_with_file_and_line() {
    let (stdout, stderr, code) = scan(&[BROKEN, "--json"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("see \"diagnostics\""), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    let diags = json["diagnostics"].as_array().expect("diagnostics array");
    assert!(diags
        .iter()
        .all(|d| d["file"].is_string() && d["line"].is_u64()));
    insta::assert_snapshot!(stdout);
}

#[test]
fn files_and_folders_mix() {
    let file = format!("{CLEAN}/cal/COD50100.TXT");
    let (stdout, _, code) = scan(&[&file, &format!("{CLEAN}/al"), "--json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["files_scanned"], 3);
    assert_eq!(json["objects"].as_array().map(Vec::len), Some(4));
}

#[test]
fn missing_path_is_an_error_diagnostic() {
    let (stdout, _, code) = scan(&["tests/fixtures/objects/no-such-folder"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("no-such-folder"), "{stdout}");
}

#[test]
fn unknown_codepage_is_a_usage_error() {
    let (_, stderr, code) = scan(&[CLEAN, "--codepage", "12345"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--codepage 12345"), "{stderr}");
}

#[test]
fn codepage_changes_how_oem_bytes_decode() {
    let file = format!("{CLEAN}/cal/COD50100.TXT");
    let (cp850, _, _) = scan(&[&file, "--json"]);
    let (cp1252, _, _) = scan(&[&file, "--json", "--codepage", "1252"]);
    assert!(cp850.contains("Sync Helper Æ"));
    assert!(!cp1252.contains("Sync Helper Æ"));
}

#[test]
fn same_input_gives_byte_identical_output() {
    let (a, _, _) = scan(&[CLEAN, BROKEN, "--json"]);
    let (b, _, _) = scan(&[CLEAN, BROKEN, "--json"]);
    assert_eq!(a, b);
}

#[test]
fn a_file_named_twice_is_read_once() {
    let file = format!("{CLEAN}/cal/COD50100.TXT");
    let (stdout, _, code) = scan(&[&format!("{CLEAN}/cal"), &file, "--json"]);
    assert_eq!(code, 0, "no duplicate error");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["files_scanned"], 8);
}

#[test]
fn the_summary_names_the_version_the_tags_give() {
    let line = |path: &str| -> String {
        let (stdout, stderr, _) = scan(&[path]);
        stdout
            .lines()
            .find(|l| l.starts_with("Application version: "))
            .unwrap_or_else(|| panic!("no version line: {stdout}{stderr}"))
            .to_string()
    };
    // A product the procedure does not cover is still named: 7.10 is NAV 2013 R2, not "7".
    assert!(line("tests/fixtures/objects/realcheck/uncovered-major").starts_with(
        "Application version: Dynamics NAV 2013 R2 (not a product this procedure covers) (tag NAVW17.10,"
    ));
    // A BC 14 tag's second part is the application version, said as such.
    assert!(line("tests/fixtures/portfolio/exports/northwind/objects.txt").starts_with(
        "Application version: Business Central 14 (spring 2019), application 14.21 = CU 20, at or above the minimum CU for OAuth (tag NAVW114.21,"
    ));
}

/// A report that cannot be written is an error with the reason, not a silent success; a reader
/// that stops early (`| head`) is not an error.
#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_is_an_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("navplan"))
        .args([
            "--date",
            "2026-11-26",
            "--color",
            "never",
            "scan",
            "--json",
            CLEAN,
        ])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot write the scan report") && stderr.contains("No space left"),
        "{stderr}"
    );
}

/// Lines beginning with `OBJECT ` inside a code comment and the Documentation trigger
/// (hand-edited, CP850): two objects, nothing lost after those lines, a note for each.
#[test]
fn lines_beginning_with_object_inside_comments_are_notes_not_objects() {
    let (stdout, stderr, code) =
        scan(&["tests/fixtures/objects/traps/object-lines-in-comments.txt"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("  Codeunit                    1\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  Table                       1\n"),
        "{stdout}"
    );
    insta::assert_snapshot!(stdout);
}
