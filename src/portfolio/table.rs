//! The portfolio summary for people: one table row per customer, then the totals.
//!
//! The table is drawn as Markdown (pipes and dashes) so it pastes into a ticket or wiki as it
//! is; it never depends on the terminal's width, and it carries colour only when asked to.

use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

use super::{Report, Row, RowVerdict};
use crate::style::Painter;

const HEADER: [&str; 11] = [
    "customer",
    "verdict",
    "product",
    "platform",
    "application",
    "support",
    "to merge",
    "DotNet pins",
    "dependents",
    "effort (h)",
    "note",
];

/// The table and the totals line.
pub fn render_table(report: &Report, paint: Painter) -> String {
    let mut table = Table::new();
    table
        .load_preset(comfy_table::presets::ASCII_MARKDOWN)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty();
    if paint.enabled() {
        table.enforce_styling();
    }
    table.set_header(
        HEADER
            .iter()
            .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
    );
    for row in &report.customers {
        table.add_row(cells(row));
    }
    for column in 6..10 {
        if let Some(c) = table.column_mut(column) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = table.to_string();
    out.push('\n');
    out.push('\n');
    out.push_str(&totals(report, paint));
    out
}

fn cells(row: &Row) -> Vec<Cell> {
    let count = |n: Option<usize>| n.map_or_else(|| "-".to_string(), |n| n.to_string());
    let text = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".to_string());
    let verdict = Cell::new(row.verdict.as_str()).fg(match row.verdict {
        RowVerdict::Ready => Color::Green,
        RowVerdict::UpgradeRequired => Color::Yellow,
        RowVerdict::NotCovered | RowVerdict::Error => Color::Red,
    });
    vec![
        Cell::new(one_line(&row.name)),
        verdict,
        Cell::new(text(&row.product)),
        Cell::new(text(&row.platform)),
        Cell::new(text(&row.application)),
        Cell::new(text(&row.support)),
        Cell::new(count(row.objects_to_merge)),
        Cell::new(count(row.dotnet_pins)),
        Cell::new(count(row.dependents)),
        Cell::new(
            row.effort_hours
                .map_or_else(|| "-".to_string(), |h| format!("{h:.1}")),
        ),
        Cell::new(one_line(&note(row))),
    ]
}

/// The reason of an error, else the plan's remarks; the gate's longer warnings are in `--json`.
fn note(row: &Row) -> String {
    if !row.problems.is_empty() {
        row.problems.join("; ")
    } else {
        row.remarks.join("; ")
    }
}

/// Cells stay on one line and never break the Markdown table.
fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "/")
}

fn totals(report: &Report, paint: Painter) -> String {
    let s = &report.summary;
    let mut parts = Vec::new();
    for (n, painted) in [
        (s.ready, paint.good("ready")),
        (s.upgrade_required, paint.warn("upgrade-required")),
        (s.not_covered, paint.bad("not-covered")),
        (s.error, paint.bad("error")),
    ] {
        if n > 0 {
            parts.push(format!("{n} {painted}"));
        }
    }
    let customers = if s.customers == 1 {
        "1 customer".to_string()
    } else {
        format!("{} customers", s.customers)
    };
    let mut out = format!(
        "{customers}: {}. Exit code {} ({}).\n",
        parts.join(", "),
        s.exit_code,
        s.worst.as_str()
    );
    if let Some(dir) = &report.out {
        let written = report
            .customers
            .iter()
            .filter(|r| r.runbook.is_some())
            .count();
        let runbooks = if written == 1 { "runbook" } else { "runbooks" };
        out.push_str(&format!("{written} {runbooks} written to {dir}\n"));
    }
    out
}
