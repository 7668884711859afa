//! The step graph as Graphviz DOT, written by hand so the output is stable (petgraph's `Dot` is
//! meant for debugging and may change).

use std::fmt::Write;

use super::escape::dot;
use super::phase_heading;
use crate::plan::runbook::Runbook;

pub fn render(rb: &Runbook) -> String {
    let mut out = String::from(
        "digraph plan {\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n",
    );
    let mut phase = None;
    for node in &rb.graph.nodes {
        if phase != Some(node.phase) {
            if phase.is_some() {
                out.push_str("  }\n");
            }
            phase = Some(node.phase);
            let _ = writeln!(
                out,
                "  subgraph cluster_{} {{\n    label=\"{}\";",
                node.phase.as_str(),
                dot(phase_heading(node.phase))
            );
        }
        let shape = if node.decision { ", shape=diamond" } else { "" };
        let _ = writeln!(
            out,
            "    s{} [label=\"{}\"{shape}];",
            node.number,
            dot(&format!("{}. {}", node.number, node.title))
        );
    }
    if phase.is_some() {
        out.push_str("  }\n");
    }
    for (a, b) in &rb.graph.edges {
        let _ = writeln!(out, "  s{a} -> s{b};");
    }
    out.push_str("}\n");
    out
}
