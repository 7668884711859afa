//! The HTML runbook in a real browser: headless Chromium loads it without errors, and hostile
//! customer and object names stay inert text. Skips (with a notice) when no Chromium is installed;
//! CI installs Debian's `chromium` package.

mod common;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use navplan::plan::facts::Product;
use navplan::render::{render, RunbookFormat};

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NAVPLAN_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Load `html` in headless Chromium; returns (DOM after load, browser log).
fn load(browser: &PathBuf, html: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("runbook.html");
    std::fs::write(&page, html).unwrap();
    let profile = dir.path().join("profile");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    // A guard against a hung browser, not a timing assertion.
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn html_runbook_loads_and_hostile_names_stay_text() {
    let Some(browser) = chromium() else {
        eprintln!("NOTICE: html_browser skipped: no chromium binary found (apt-get install chromium, or set NAVPLAN_CHROMIUM)");
        return;
    };
    let mut who = people();
    who.customer = Some("<script>document.title='pwned'</script><img src=x onerror=\"document.body.dataset.pwned=1\">".into());
    let mut facts = analysis();
    facts.worklist[0].object = "Codeunit 5330 <b onmouseover=alert(1)>CRM</b>".into();
    facts.dotnet_fixes[0].object = "Codeunit 50010 </td><script>alert(2)</script>".into();
    let planned = plan(gate(Product::Nav2018, true, true), Some(facts), &who);
    let html = render(&planned.runbook, RunbookFormat::Html);

    let (dom, log) = load(&browser, &html);
    assert!(
        dom.contains("<h1>"),
        "the page did not render:\n{dom}\n{log}"
    );
    assert!(dom.contains("<svg"), "the step graph is missing");
    assert!(dom.contains("OAuth set-up"), "the OAuth section is missing");
    // Hostile input shows as text, never as elements.
    assert!(
        !dom.contains("<script"),
        "a script element made it into the DOM"
    );
    assert!(!dom.contains("<img"), "an img element made it into the DOM");
    assert!(
        !dom.contains("<b onmouseover"),
        "markup from an object name was parsed"
    );
    assert!(!dom.contains("pwned=\"1\"") && !dom.contains("data-pwned"));
    assert!(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assert!(dom.contains("&lt;b onmouseover=alert(1)&gt;CRM&lt;/b&gt;"));
    // Nothing tried to run or load: the page has no script, so any console message (a script
    // error or a request blocked by the page's Content-Security-Policy) means input got through.
    for bad in [
        ":CONSOLE",
        "Uncaught",
        "Content Security Policy",
        "Refused to",
        "Failed to load",
    ] {
        assert!(!log.contains(bad), "browser log has {bad:?}:\n{log}");
    }
}
