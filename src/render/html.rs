//! The runbook as one self-contained, printable HTML file: inline CSS, an inline SVG step graph,
//! no scripts and no external assets. Everything from input is escaped.

use std::fmt::Write;

use super::escape::html;
use super::phase_heading;
use crate::plan::build::hours;
use crate::plan::runbook::{Runbook, Step};
use crate::plan::text::{Block, Inline};

const STYLE: &str = r#"
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #2b579a; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; color: #2b579a; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.meta { color: #555; font-size: .9rem; }
.verdict { padding: .6rem .9rem; border-left: 6px solid #888; background: #f4f4f4; }
.verdict.ready { border-color: #2e7d32; } .verdict.upgrade-required { border-color: #ef6c00; } .verdict.not-covered { border-color: #c62828; }
table { border-collapse: collapse; margin: .6rem 0 1rem; width: 100%; font-size: .92rem; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2f8; }
code { font-family: Consolas, "Courier New", monospace; font-size: .88em; background: #f3f3f3; padding: 0 .2em; overflow-wrap: anywhere; }
pre { background: #f3f3f3; padding: .6rem; white-space: pre-wrap; overflow-wrap: anywhere; }
ol.steps { list-style: none; padding-left: 0; }
li.step { margin: .8rem 0; padding: .5rem .7rem; border: 1px solid #ddd; border-radius: 6px; page-break-inside: avoid; }
li.step > label { font-weight: 600; }
.after { color: #666; font-size: .85rem; font-weight: normal; }
.decision { margin: .5rem 0 0; padding: .4rem .7rem; border-left: 4px solid #ef6c00; background: #fff7ec; }
.prereq { list-style: none; padding-left: 0; }
.graph { max-width: 100%; height: auto; }
.graph rect { fill: #eef2f8; stroke: #2b579a; }
.graph .decision rect { fill: #fff3e0; stroke: #ef6c00; }
.graph .oauth rect, .graph .verify rect { fill: #e8f5e9; stroke: #2e7d32; }
.graph text { font: 12px "Segoe UI", Helvetica, Arial, sans-serif; fill: #1b1b1b; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } .graph { page-break-inside: avoid; } }
"#;

fn inlines(runs: &[Inline]) -> String {
    runs.iter()
        .map(|r| match r {
            Inline::Text(t) => html(t),
            Inline::Code(c) => format!("<code>{}</code>", html(c)),
        })
        .collect()
}

fn table(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    out.push_str("<table>\n<thead><tr>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", html(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn step(out: &mut String, s: &Step) {
    let after = if s.after.is_empty() {
        String::new()
    } else {
        format!(
            " <span class=\"after\">(after {})</span>",
            s.after
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let _ = writeln!(
        out,
        "<li class=\"step\" id=\"step-{n}\"><label><input type=\"checkbox\"> {n}. {}</label>{after}",
        html(&s.title),
        n = s.number
    );
    for block in &s.text {
        match block {
            Block::Paragraph(runs) => {
                let _ = writeln!(out, "<p>{}</p>", inlines(runs));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", inlines(item));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    if let Some(d) = &s.decision {
        let _ = writeln!(
            out,
            "<div class=\"decision\"><p><strong>Decision:</strong> {}</p><ul><li><strong>Yes:</strong> {}</li><li><strong>No:</strong> {}</li></ul></div>",
            inlines(&d.question),
            inlines(&d.pass),
            inlines(&d.fail)
        );
    }
    out.push_str("</li>\n");
}

fn steps_by_phase(out: &mut String, steps: &[Step]) {
    let mut phase = None;
    for s in steps {
        if phase != Some(s.phase) {
            if phase.is_some() {
                out.push_str("</ol>\n");
            }
            phase = Some(s.phase);
            let _ = writeln!(
                out,
                "<h3>{}</h3>\n<ol class=\"steps\">",
                phase_heading(s.phase)
            );
        }
        step(out, s);
    }
    if phase.is_some() {
        out.push_str("</ol>\n");
    }
}

fn code(s: &str) -> String {
    format!("<code>{}</code>", html(s))
}

pub fn render(rb: &Runbook) -> String {
    let mut out = String::new();
    let h = &rb.header;
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        html(&h.title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", html(&h.title));
    let mut meta = vec![format!("Customer: {}", html(&h.customer))];
    if let Some(p) = &h.partner {
        meta.push(format!("Partner: {}", html(p)));
    }
    meta.push(format!("Date: {}", html(&h.date)));
    meta.push(format!("navplan {}", html(&h.navplan_version)));
    let data: Vec<String> = h
        .data_versions
        .iter()
        .map(|(f, v)| format!("{} {}", html(f), html(v)))
        .collect();
    meta.push(format!("data: {}", data.join(", ")));
    if let Some(o) = &h.steps_overrides {
        meta.push(format!("steps changed by {}", html(o)));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "));

    let v = &rb.verdict;
    let _ = writeln!(out, "<h2>Verdict</h2>");
    let _ = writeln!(
        out,
        "<div class=\"verdict {0}\"><p><strong>{0}</strong>: {1}</p>",
        v.verdict.name(),
        html(&v.sentence)
    );
    if let Some(support) = &v.support {
        let marker = if v.out_of_support {
            "<strong>Out of support.</strong> "
        } else {
            ""
        };
        let _ = writeln!(out, "<p>{marker}{}</p>", html(support));
    }
    for note in &v.notes {
        let _ = writeln!(out, "<p>{}</p>", html(note));
    }
    out.push_str("</div>\n");

    let _ = writeln!(out, "<h2>Summary</h2>");
    let rows: Vec<Vec<String>> = rb
        .summary
        .iter()
        .map(|r| vec![html(&r.label), html(&r.value)])
        .collect();
    table(&mut out, &["Item", "Value"], &rows);

    if let Some(nc) = &rb.not_covered {
        let _ = writeln!(
            out,
            "<h2>Why this procedure does not apply</h2>\n<p>{}</p>",
            html(&nc.why)
        );
        let _ = writeln!(
            out,
            "<h2>What to do instead</h2>\n<p>{}</p>",
            html(&nc.instead)
        );
        out.push_str("</body>\n</html>\n");
        return out;
    }

    if !rb.prerequisites.is_empty() {
        let _ = writeln!(out, "<h2>Prerequisites</h2>\n<ul class=\"prereq\">");
        for p in &rb.prerequisites {
            let _ = writeln!(
                out,
                "<li><label><input type=\"checkbox\"> {}</label></li>",
                inlines(p)
            );
        }
        out.push_str("</ul>\n");
    }

    let _ = writeln!(out, "<h2>Steps</h2>\n<p>Work through the steps in this order and tick them off. At a decision point, the answer says where to go on.</p>");
    steps_by_phase(&mut out, &rb.steps);

    if let Some(a) = &rb.analysis {
        let _ = writeln!(out, "<h2>Merge worklist</h2>");
        if a.worklist.is_empty() {
            let _ = writeln!(out, "<p>No object of the export is in the merge set.</p>");
        } else {
            let rows: Vec<Vec<String>> = a
                .worklist
                .iter()
                .map(|w| {
                    vec![
                        html(&w.object),
                        html(&w.action),
                        if w.customised { "yes" } else { "no" }.to_string(),
                        html(&w.reasons.join("; ")),
                        code(&w.location),
                        w.hours.map(hours).unwrap_or_default(),
                    ]
                })
                .collect();
            table(
                &mut out,
                &["Object", "Action", "Customised", "Why", "Where", "Hours"],
                &rows,
            );
        }
        let _ = writeln!(out, "<h2>DotNet fixes</h2>");
        if a.dotnet_fixes.is_empty() {
            let _ = writeln!(
                out,
                "<p>No version-pinned DotNet declaration was found.</p>"
            );
        } else {
            let _ = writeln!(out, "<p>Each declaration below pins an assembly version; replace the declaration with the text in the last column.</p>");
            let rows: Vec<Vec<String>> = a
                .dotnet_fixes
                .iter()
                .map(|f| {
                    vec![
                        html(&f.object),
                        code(&f.location),
                        html(&format!("{} {}", f.assembly, f.version)),
                        code(&f.before),
                        code(&f.after),
                    ]
                })
                .collect();
            table(
                &mut out,
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
        let _ = writeln!(out, "<h2>Impact and effort</h2>");
        if a.dependents.is_empty() {
            let _ = writeln!(
                out,
                "<p>No other object of the export uses the merge set.</p>"
            );
        } else {
            let _ = writeln!(out, "<p>These objects use an object of the merge set: recompile and re-test them after the merge.</p>");
            let rows: Vec<Vec<String>> = a
                .dependents
                .iter()
                .map(|d| vec![html(&d.object), html(&d.used_by.join(", "))])
                .collect();
            table(&mut out, &["Object", "Used by"], &rows);
        }
        if let Some(effort) = &a.effort {
            let mut rows: Vec<Vec<String>> = effort
                .by_class
                .iter()
                .map(|l| vec![html(&l.class), l.objects.to_string(), hours(l.hours)])
                .collect();
            rows.push(vec![
                "<strong>Total</strong>".into(),
                String::new(),
                format!("<strong>{}</strong>", hours(effort.total_hours)),
            ]);
            table(&mut out, &["Class", "Objects", "Hours"], &rows);
        }
        if !a.diagnostics.is_empty() {
            let _ = writeln!(out, "<p>Skipped or damaged input:</p>\n<ul>");
            for d in &a.diagnostics {
                let _ = writeln!(out, "<li>{}</li>", html(d));
            }
            out.push_str("</ul>\n");
        }
    }

    let _ = writeln!(out, "<h2>Step graph</h2>");
    out.push_str(&super::svg::render(rb));

    if let Some(o) = &rb.oauth {
        let _ = writeln!(out, "<h2>OAuth set-up</h2>\n<p>Do these steps on the test system first, then on production.</p>");
        let _ = writeln!(
            out,
            "<h3>Connection string</h3>\n<pre><code>{}</code></pre>",
            html(&o.connection_string)
        );
        let proxy = match o.proxy_version {
            Some(p) => format!("<code>ProxyVersion={p}</code> selects the Dynamics 365 SDK 9.1 proxy of Business Central 14 and 15."),
            None => "NAV has no ProxyVersion key in this string.".to_string(),
        };
        let gaps = if o.connection_string_complete {
            ""
        } else {
            " Fill in the parts in angle brackets (or run navplan again with --d365-url, --integration-user and --app-id)."
        };
        let _ = writeln!(
            out,
            "<p>Keep <code>{{PASSWORD}}</code> exactly as it is: the product puts the password from the set-up page there, and no password belongs in this document. <code>RedirectUri</code> is <code>app://</code> followed by the app id. {proxy}{gaps}</p>"
        );
        steps_by_phase(&mut out, &o.steps);
        if !o.troubleshooting.is_empty() {
            let _ = writeln!(out, "<h3>Troubleshooting the connection test</h3>\n<dl>");
            for t in &o.troubleshooting {
                let _ = writeln!(
                    out,
                    "<dt><strong>{}</strong></dt><dd>Cause: {}<br>Fix: {}</dd>",
                    html(&t.title),
                    html(&t.cause),
                    html(&t.fix)
                );
            }
            out.push_str("</dl>\n");
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}
