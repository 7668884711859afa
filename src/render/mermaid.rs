//! The step graph as a Mermaid flowchart. Node ids are `s<number>`, labels are escaped, decision
//! points are drawn as diamonds, and one subgraph per phase keeps the picture readable.

use std::fmt::Write;

use super::escape::mermaid;
use super::phase_heading;
use crate::plan::runbook::Runbook;

pub fn render(rb: &Runbook) -> String {
    let mut out = String::from("flowchart TD\n");
    let mut phase = None;
    for node in &rb.graph.nodes {
        if phase != Some(node.phase) {
            if phase.is_some() {
                out.push_str("  end\n");
            }
            phase = Some(node.phase);
            let _ = writeln!(
                out,
                "  subgraph {}[\"{}\"]",
                node.phase.as_str(),
                mermaid(phase_heading(node.phase))
            );
        }
        let label = mermaid(&format!("{}. {}", node.number, node.title));
        if node.decision {
            let _ = writeln!(out, "    s{}{{\"{label}\"}}", node.number);
        } else {
            let _ = writeln!(out, "    s{}[\"{label}\"]", node.number);
        }
    }
    if phase.is_some() {
        out.push_str("  end\n");
    }
    for (a, b) in &rb.graph.edges {
        let _ = writeln!(out, "  s{a} --> s{b}");
    }
    out
}
