//! The DOT output of `navplan graph` through real Graphviz: it must parse, lay out every step,
//! and keep hostile step titles (quotes, backslashes, angle brackets) as plain label text.
//! Skips with a notice when `dot` is not installed; CI installs Debian's `graphviz` package.

use std::io::Write;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;

fn graphviz() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("dot"))
        .find(|candidate| candidate.is_file())
}

fn navplan_graph(args: &[&str]) -> String {
    let out = Command::cargo_bin("navplan")
        .unwrap()
        .args([
            "--date",
            "2026-11-26",
            "--color",
            "never",
            "graph",
            "--format",
            "dot",
        ])
        .args(args)
        .output()
        .unwrap();
    // `graph` exits with the gate's code, like `plan`: 0 ready, 3 upgrade-required.
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Lay the graph out as SVG; panics with Graphviz's own message when it refuses the input.
fn layout(dot_bin: &std::path::Path, dot: &str) -> String {
    let mut child = Process::new(dot_bin)
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "graphviz refused the graph: {}\n{dot}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_product_graph_lays_out_with_one_node_per_step() {
    let Some(dot_bin) = graphviz() else {
        eprintln!("graph_graphviz: skipped, no `dot` on PATH (apt-get install graphviz)");
        return;
    };
    for installed in [
        "NAV 2016 CU 10",
        "NAV 2017 CU 40",
        "NAV 2018 CU 30",
        "BC 14 CU 10",
        "BC 15.5",
    ] {
        let dot = navplan_graph(&["--installed", installed]);
        let steps = dot.matches(" [label=").count();
        assert!(steps > 20, "{installed}: {steps} steps");
        let svg = layout(&dot_bin, &dot);
        assert_eq!(svg.matches("class=\"node\"").count(), steps, "{installed}");
        assert_eq!(
            svg.matches("class=\"edge\"").count(),
            dot.matches(" -> ").count(),
            "{installed}"
        );
    }
}

#[test]
fn hostile_step_titles_stay_label_text() {
    let Some(dot_bin) = graphviz() else {
        eprintln!("graph_graphviz: skipped, no `dot` on PATH (apt-get install graphviz)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let steps = dir.path().join("steps.toml");
    std::fs::write(
        &steps,
        r#"[[step]]
id = "hostile"
title = 'Say "hi" \ to <b>them</b> } { ; -> x'
phase = "prepare"
text = "Nothing."
before = ["test-environment"]
"#,
    )
    .unwrap();
    let dot = navplan_graph(&[
        "--installed",
        "NAV 2018 CU 30",
        "--steps",
        steps.to_str().unwrap(),
    ]);
    let svg = layout(&dot_bin, &dot);
    // The title survives as text (XML-escaped by Graphviz), and adds no node or edge of its own.
    assert!(
        svg.contains("Say &quot;hi&quot; \\ to &lt;b&gt;them&lt;/b&gt; } { ; &#45;&gt; x</text>"),
        "{svg}"
    );
    assert_eq!(
        svg.matches("class=\"node\"").count(),
        dot.matches(" [label=").count()
    );
}
