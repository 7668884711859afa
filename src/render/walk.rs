//! The runbook's sections in the order a reader meets them, written through a [`Markup`] backend.
//! This is the one place that decides what the Markdown and HTML runbooks say; the backends only
//! decide how it looks.

use std::borrow::Cow;

use super::markup::{runs, Cell, Definition, Markup, Span};
use super::phase_heading;
use crate::plan::build::hours;
use crate::plan::facts::AnalysisFacts;
use crate::plan::runbook::{OAuthSection, Runbook, Step};
use crate::plan::text::{Block, Inline};

/// The whole runbook in `markup`'s format.
pub fn render<M: Markup>(rb: &Runbook, mut markup: M) -> String {
    body(rb, &mut markup);
    markup.end_document();
    markup.finish()
}

fn body<M: Markup>(rb: &Runbook, m: &mut M) {
    m.begin_document(&rb.header.title);
    m.heading(1, &rb.header.title);
    meta(rb, m);
    verdict(rb, m);

    m.heading(2, "Summary");
    let rows: Vec<Vec<Cell>> = rb
        .summary
        .iter()
        .map(|r| vec![cell(&r.label), cell(&r.value)])
        .collect();
    m.table(&["Item", "Value"], &rows);

    if let Some(nc) = &rb.not_covered {
        m.heading(2, "Why this procedure does not apply");
        sentence(m, &nc.why);
        m.heading(2, "What to do instead");
        sentence(m, &nc.instead);
        return;
    }

    if !rb.prerequisites.is_empty() {
        m.heading(2, "Prerequisites");
        let items: Vec<Vec<Span>> = rb.prerequisites.iter().map(|p| runs(p)).collect();
        m.checklist(&items);
    }

    m.heading(2, "Steps");
    sentence(m, "Work through the steps in this order and tick them off. At a decision point, the answer says where to go on.");
    steps_by_phase(m, &rb.steps);

    if let Some(a) = &rb.analysis {
        worklist(a, m);
        dotnet_fixes(a, m);
        impact_and_effort(a, m);
    }

    m.heading(2, "Step graph");
    m.step_graph(rb);

    if let Some(o) = &rb.oauth {
        oauth(o, m);
    }
}

/// A paragraph of our own words, or of one input value.
fn sentence<M: Markup>(m: &mut M, text: &str) {
    m.paragraph(&[Span::text(text)]);
}

/// A cell of plain text.
fn cell<'a>(s: impl Into<Cow<'a, str>>) -> Cell<'a> {
    vec![Span::text(s)]
}

fn code_cell(s: &str) -> Cell<'_> {
    vec![Span::code(s)]
}

fn meta<M: Markup>(rb: &Runbook, m: &mut M) {
    let h = &rb.header;
    let mut facts: Vec<Vec<Span>> = vec![vec![Span::text("Customer: "), Span::text(&h.customer)]];
    if let Some(p) = &h.partner {
        facts.push(vec![Span::text("Partner: "), Span::text(p)]);
    }
    facts.push(vec![Span::text("Date: "), Span::text(&h.date)]);
    facts.push(vec![Span::text("navplan "), Span::text(&h.navplan_version)]);
    let mut data = vec![Span::text("data: ")];
    for (i, (file, version)) in h.data_versions.iter().enumerate() {
        if i > 0 {
            data.push(Span::text(", "));
        }
        data.extend([Span::text(file), Span::text(" "), Span::text(version)]);
    }
    facts.push(data);
    if let Some(o) = &h.steps_overrides {
        facts.push(vec![Span::text("steps changed by "), Span::text(o)]);
    }
    m.meta(&facts.join(&Span::text(" · ")));
}

fn verdict<M: Markup>(rb: &Runbook, m: &mut M) {
    let v = &rb.verdict;
    m.heading(2, "Verdict");
    m.begin_verdict(v.verdict.name());
    m.paragraph(&[
        Span::strong(v.verdict.name()),
        Span::text(": "),
        Span::text(&v.sentence),
    ]);
    if let Some(support) = &v.support {
        let mut spans = Vec::new();
        if v.out_of_support {
            spans.extend([Span::strong("Out of support."), Span::text(" ")]);
        }
        spans.push(Span::text(support));
        m.paragraph(&spans);
    }
    for note in &v.notes {
        m.verdict_note(&[Span::text(note)]);
    }
    m.end_verdict();
}

/// Steps under a heading per phase; consecutive steps of one phase share the heading.
fn steps_by_phase<M: Markup>(m: &mut M, steps: &[Step]) {
    let mut phase = None;
    for s in steps {
        if phase != Some(s.phase) {
            if phase.is_some() {
                m.end_phase();
            }
            phase = Some(s.phase);
            m.begin_phase(phase_heading(s.phase));
        }
        step(m, s);
    }
    if phase.is_some() {
        m.end_phase();
    }
}

fn step<M: Markup>(m: &mut M, s: &Step) {
    let after: Vec<String> = s.after.iter().map(u32::to_string).collect();
    m.begin_step(s.number, &s.title, &after.join(", "));
    for block in &s.text {
        match block {
            Block::Paragraph(r) => m.step_paragraph(&runs(r)),
            Block::List(items) => {
                let items: Vec<Vec<Span>> = items.iter().map(|i| runs(i)).collect();
                m.step_list(&items);
            }
        }
    }
    if let Some(d) = &s.decision {
        m.step_decision(
            &labelled("Decision:", &d.question),
            &[labelled("Yes:", &d.pass), labelled("No:", &d.fail)],
        );
    }
    m.end_step();
}

/// Runs after a strong label ("Yes: ...").
fn labelled<'a>(label: &'a str, text: &'a [Inline]) -> Vec<Span<'a>> {
    let mut spans = vec![Span::strong(label), Span::text(" ")];
    spans.extend(runs(text));
    spans
}

fn worklist<M: Markup>(a: &AnalysisFacts, m: &mut M) {
    m.heading(2, "Merge worklist");
    if a.worklist.is_empty() {
        sentence(m, "No object of the export is in the merge set.");
        return;
    }
    let rows: Vec<Vec<Cell>> = a
        .worklist
        .iter()
        .map(|w| {
            vec![
                cell(&w.object),
                cell(&w.action),
                cell(if w.customised { "yes" } else { "no" }),
                cell(w.reasons.join("; ")),
                code_cell(&w.location),
                // No estimate: the cell stays empty.
                w.hours.map(|h| cell(hours(h))).unwrap_or_default(),
            ]
        })
        .collect();
    m.table(
        &["Object", "Action", "Customised", "Why", "Where", "Hours"],
        &rows,
    );
}

fn dotnet_fixes<M: Markup>(a: &AnalysisFacts, m: &mut M) {
    m.heading(2, "DotNet fixes");
    if a.dotnet_fixes.is_empty() {
        sentence(m, "No version-pinned DotNet declaration was found.");
        return;
    }
    sentence(m, M::DOTNET_FIXES_INTRO);
    let rows: Vec<Vec<Cell>> = a
        .dotnet_fixes
        .iter()
        .map(|f| {
            vec![
                cell(&f.object),
                code_cell(&f.location),
                cell(format!("{} {}", f.assembly, f.version)),
                code_cell(&f.before),
                code_cell(&f.after),
            ]
        })
        .collect();
    m.table(
        &[
            "Object",
            "Where",
            "Pinned assembly",
            "Declaration",
            "Becomes",
        ],
        &rows,
    );
}

fn impact_and_effort<M: Markup>(a: &AnalysisFacts, m: &mut M) {
    m.heading(2, "Impact and effort");
    if a.dependents.is_empty() {
        sentence(m, "No other object of the export uses the merge set.");
    } else {
        sentence(m, "These objects use an object of the merge set: recompile and re-test them after the merge.");
        // The objects reached only through others are counted, here and in the JSON (schema 2):
        // on a real database one merged table is used, through others, by thousands of objects.
        // `navplan scan --json` lists them with their paths.
        let rows: Vec<Vec<Cell>> = a
            .dependents
            .iter()
            .map(|d| {
                let mut used_by = d.used_by.join(", ");
                if d.indirect > 0 {
                    let sep = if used_by.is_empty() { "" } else { "; " };
                    used_by.push_str(&format!(
                        "{sep}{} more through them (navplan scan --json lists them)",
                        d.indirect
                    ));
                }
                vec![cell(&d.object), cell(used_by)]
            })
            .collect();
        m.table(&["Object", "Used by"], &rows);
        if !a.retest.is_empty() {
            sentence(
                m,
                &format!(
                    "Re-test list ({}): the objects outside the merge set that use it directly, each once.",
                    a.retest.len()
                ),
            );
            let items: Vec<Vec<Span>> = a.retest.iter().map(|o| vec![Span::text(o)]).collect();
            m.list(&items);
        }
    }
    if let Some(effort) = &a.effort {
        let mut rows: Vec<Vec<Cell>> = effort
            .by_class
            .iter()
            .map(|l| {
                vec![
                    cell(&l.class),
                    cell(l.objects.to_string()),
                    cell(hours(l.hours)),
                ]
            })
            .collect();
        rows.push(vec![
            vec![Span::strong("Total")],
            Vec::new(),
            vec![Span::strong(hours(effort.total_hours))],
        ]);
        m.table(&["Class", "Objects", "Hours"], &rows);
    }
    if !a.diagnostics.is_empty() {
        sentence(m, "Skipped or damaged input:");
        let items: Vec<Vec<Span>> = a.diagnostics.iter().map(|d| vec![Span::text(d)]).collect();
        m.list(&items);
    }
}

fn oauth<M: Markup>(o: &OAuthSection, m: &mut M) {
    m.heading(2, "OAuth set-up");
    sentence(
        m,
        "Do these steps on the test system first, then on production.",
    );
    m.heading(3, "Connection string");
    m.code_block(&o.connection_string, "text");

    let mut spans = vec![
        Span::text("Keep "),
        Span::code("{PASSWORD}"),
        Span::text(" exactly as it is: the product puts the password from the set-up page there, and no password belongs in this document. "),
        Span::code("RedirectUri"),
        Span::text(" is "),
        Span::code("app://"),
        Span::text(" followed by the app id. "),
    ];
    match o.proxy_version {
        Some(p) => spans.extend([
            Span::code(format!("ProxyVersion={p}")),
            Span::text(" selects the Dynamics 365 SDK 9.1 proxy of Business Central 14 and 15."),
        ]),
        None => spans.push(Span::text("NAV has no ProxyVersion key in this string.")),
    }
    if !o.connection_string_complete {
        spans.push(Span::text(" Fill in the parts in angle brackets (or run navplan again with --d365-url, --integration-user and --app-id)."));
    }
    m.paragraph(&spans);

    steps_by_phase(m, &o.steps);
    if !o.troubleshooting.is_empty() {
        m.heading(3, "Troubleshooting the connection test");
        let items: Vec<Definition> = o
            .troubleshooting
            .iter()
            .map(|t| Definition {
                term: &t.title,
                lines: vec![
                    vec![Span::text("Cause: "), Span::text(&t.cause)],
                    vec![Span::text("Fix: "), Span::text(&t.fix)],
                ],
            })
            .collect();
        m.definitions(&items);
    }
}

#[cfg(test)]
#[path = "walk_tests.rs"]
mod tests;
