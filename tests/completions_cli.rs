//! `navplan completions SHELL` and `navplan man`: generated for every shell, smoke-tested.

use assert_cmd::Command;

fn navplan() -> Command {
    let mut cmd = Command::cargo_bin("navplan").unwrap();
    cmd.args(["--date", "2026-11-26", "--color", "never"]);
    cmd
}

fn stdout_of(args: &[&str]) -> String {
    let out = navplan().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

const SUBCOMMANDS: &[&str] = &[
    "plan",
    "demo",
    "check",
    "scan",
    "compare",
    "versions",
    "connection-string",
    "diagnose",
    "graph",
    "portfolio",
    "completions",
    "man",
];

#[test]
fn every_shell_gets_a_script_that_knows_every_subcommand() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef navplan"),
        ("fish", "complete -c navplan"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: no {sub}");
        }
        assert!(script.contains("app-id"), "{shell}: no app-id option");
    }
}

#[test]
fn completions_are_deterministic() {
    assert_eq!(
        stdout_of(&["completions", "zsh"]),
        stdout_of(&["completions", "zsh"])
    );
}

/// Runs a shell's own syntax check on the script when that shell is installed.
#[test]
fn scripts_parse_in_the_shells_that_are_installed() {
    for (shell, program, check) in [
        ("bash", "bash", vec!["-n"]),
        ("zsh", "zsh", vec!["-n"]),
        ("fish", "fish", vec!["--no-execute"]),
    ] {
        let Ok(path) = which(program) else {
            eprintln!("{program} is not installed: syntax check of the {shell} script skipped");
            continue;
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("navplan.{shell}"));
        std::fs::write(&file, stdout_of(&["completions", shell])).unwrap();
        let status = std::process::Command::new(path)
            .args(&check)
            .arg(&file)
            .status()
            .unwrap();
        assert!(status.success(), "{shell} rejects the script");
    }
}

#[test]
fn bash_completion_offers_subcommands_when_sourced() {
    let Ok(bash) = which("bash") else {
        eprintln!("bash is not installed: completion run skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("navplan.bash");
    std::fs::write(&file, stdout_of(&["completions", "bash"])).unwrap();
    // Simulate `navplan dia<TAB>` through the completion function bash would call.
    let script = format!(
        "source {}; COMP_WORDS=(navplan dia); COMP_CWORD=1; COMP_LINE='navplan dia'; COMP_POINT=11; \
         _navplan navplan dia navplan; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let out = std::process::Command::new(bash)
        .args(["-c", &script])
        .output()
        .unwrap();
    let offered = String::from_utf8_lossy(&out.stdout);
    assert!(
        offered.lines().any(|l| l == "diagnose"),
        "offered: {offered:?}"
    );
}

#[test]
fn man_page_has_every_command_and_the_exit_codes() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH navplan 1"));
    for sub in SUBCOMMANDS {
        let heading = format!(".SH \"NAVPLAN {}\"", sub.to_uppercase());
        assert!(page.contains(&heading), "no {heading}");
    }
    assert!(page.contains(".SH \"EXIT STATUS\""));
    assert!(page.contains("upgrade\\-required"));
    // The page refers to no separate per-command pages.
    assert!(!page.contains("navplan\\-plan(1)"));
}

#[test]
fn help_of_the_shell_commands_is_stable() {
    insta::assert_snapshot!("completions_help", stdout_of(&["completions", "--help"]));
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
        .ok_or(())
}
