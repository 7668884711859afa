//! The runbook as Markdown (GitHub-flavoured: tables, task lists, a Mermaid block), the primary
//! output: partners paste it into a wiki or convert it with pandoc.

use std::fmt::Write;

use super::escape::{md_code, md_fence, md_text};
use super::phase_heading;
use crate::plan::build::hours;
use crate::plan::runbook::{Runbook, Step};
use crate::plan::text::{Block, Inline};

fn inlines(runs: &[Inline]) -> String {
    runs.iter()
        .map(|r| match r {
            Inline::Text(t) => md_text(t),
            Inline::Code(c) => md_code(c, false),
        })
        .collect()
}

fn cell(s: &str) -> String {
    if s.is_empty() {
        " ".to_string()
    } else {
        md_text(s)
    }
}

fn table(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(
        out,
        "|{}|",
        head.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    );
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

fn step(out: &mut String, s: &Step) {
    let after = if s.after.is_empty() {
        String::new()
    } else {
        format!(
            " *(after {})*",
            s.after
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let _ = writeln!(out, "- [ ] **{}. {}**{after}", s.number, md_text(&s.title));
    for block in &s.text {
        out.push('\n');
        match block {
            Block::Paragraph(runs) => {
                let _ = writeln!(out, "  {}", inlines(runs));
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "  - {}", inlines(item));
                }
            }
        }
    }
    if let Some(d) = &s.decision {
        out.push('\n');
        let _ = writeln!(out, "  > **Decision:** {}", inlines(&d.question));
        let _ = writeln!(out, "  >");
        let _ = writeln!(out, "  > - **Yes:** {}", inlines(&d.pass));
        let _ = writeln!(out, "  > - **No:** {}", inlines(&d.fail));
    }
    out.push('\n');
}

fn steps_by_phase(out: &mut String, steps: &[Step]) {
    let mut phase = None;
    for s in steps {
        if phase != Some(s.phase) {
            phase = Some(s.phase);
            let _ = writeln!(out, "### {}\n", phase_heading(s.phase));
        }
        step(out, s);
    }
}

pub fn render(rb: &Runbook) -> String {
    let mut out = String::new();
    let h = &rb.header;
    let _ = writeln!(out, "# {}\n", md_text(&h.title));
    let mut meta = vec![format!("Customer: {}", md_text(&h.customer))];
    if let Some(p) = &h.partner {
        meta.push(format!("Partner: {}", md_text(p)));
    }
    meta.push(format!("Date: {}", h.date));
    meta.push(format!("navplan {}", h.navplan_version));
    let data: Vec<String> = h
        .data_versions
        .iter()
        .map(|(file, v)| format!("{} {}", md_text(file), md_text(v)))
        .collect();
    meta.push(format!("data: {}", data.join(", ")));
    if let Some(o) = &h.steps_overrides {
        meta.push(format!("steps changed by {}", md_text(o)));
    }
    let _ = writeln!(out, "{}\n", meta.join(" · "));

    let v = &rb.verdict;
    let _ = writeln!(out, "## Verdict\n");
    let _ = writeln!(out, "**{}**: {}\n", v.verdict.name(), md_text(&v.sentence));
    if let Some(support) = &v.support {
        let marker = if v.out_of_support {
            "**Out of support.** "
        } else {
            ""
        };
        let _ = writeln!(out, "{marker}{}\n", md_text(support));
    }
    for note in &v.notes {
        let _ = writeln!(out, "> {}\n", md_text(note));
    }

    let _ = writeln!(out, "## Summary\n");
    let rows: Vec<Vec<String>> = rb
        .summary
        .iter()
        .map(|r| vec![cell(&r.label), cell(&r.value)])
        .collect();
    table(&mut out, &["Item", "Value"], &rows);

    if let Some(nc) = &rb.not_covered {
        let _ = writeln!(out, "## Why this procedure does not apply\n");
        let _ = writeln!(out, "{}\n", md_text(&nc.why));
        let _ = writeln!(out, "## What to do instead\n");
        let _ = writeln!(out, "{}\n", md_text(&nc.instead));
        return out;
    }

    if !rb.prerequisites.is_empty() {
        let _ = writeln!(out, "## Prerequisites\n");
        for p in &rb.prerequisites {
            let _ = writeln!(out, "- [ ] {}", inlines(p));
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## Steps\n");
    let _ = writeln!(
        out,
        "Work through the steps in this order and tick them off. At a decision point, the answer says where to go on.\n"
    );
    steps_by_phase(&mut out, &rb.steps);

    if let Some(a) = &rb.analysis {
        let _ = writeln!(out, "## Merge worklist\n");
        if a.worklist.is_empty() {
            let _ = writeln!(out, "No object of the export is in the merge set.\n");
        } else {
            let rows: Vec<Vec<String>> = a
                .worklist
                .iter()
                .map(|w| {
                    vec![
                        cell(&w.object),
                        cell(&w.action),
                        if w.customised { "yes" } else { "no" }.to_string(),
                        cell(&w.reasons.join("; ")),
                        md_code(&w.location, true),
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

        let _ = writeln!(out, "## DotNet fixes\n");
        if a.dotnet_fixes.is_empty() {
            let _ = writeln!(out, "No version-pinned DotNet declaration was found.\n");
        } else {
            let _ = writeln!(
                out,
                "Each declaration below pins an assembly version; replace the text on the left with the text on the right.\n"
            );
            let rows: Vec<Vec<String>> = a
                .dotnet_fixes
                .iter()
                .map(|f| {
                    vec![
                        cell(&f.object),
                        md_code(&f.location, true),
                        cell(&format!("{} {}", f.assembly, f.version)),
                        md_code(&f.before, true),
                        md_code(&f.after, true),
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

        let _ = writeln!(out, "## Impact and effort\n");
        if a.dependents.is_empty() {
            let _ = writeln!(out, "No other object of the export uses the merge set.\n");
        } else {
            let _ = writeln!(
                out,
                "These objects use an object of the merge set: recompile and re-test them after the merge.\n"
            );
            let rows: Vec<Vec<String>> = a
                .dependents
                .iter()
                .map(|d| vec![cell(&d.object), cell(&d.used_by.join(", "))])
                .collect();
            table(&mut out, &["Object", "Used by"], &rows);
        }
        if let Some(effort) = &a.effort {
            let mut rows: Vec<Vec<String>> = effort
                .by_class
                .iter()
                .map(|l| vec![cell(&l.class), l.objects.to_string(), hours(l.hours)])
                .collect();
            rows.push(vec![
                "**Total**".into(),
                String::new(),
                format!("**{}**", hours(effort.total_hours)),
            ]);
            table(&mut out, &["Class", "Objects", "Hours"], &rows);
        }
        if !a.diagnostics.is_empty() {
            let _ = writeln!(out, "Skipped or damaged input:\n");
            for d in &a.diagnostics {
                let _ = writeln!(out, "- {}", md_text(d));
            }
            out.push('\n');
        }
    }

    let _ = writeln!(out, "## Step graph\n");
    out.push_str(&md_fence(super::mermaid::render(rb).trim_end(), "mermaid"));
    out.push('\n');

    if let Some(o) = &rb.oauth {
        let _ = writeln!(out, "## OAuth set-up\n");
        let _ = writeln!(
            out,
            "Do these steps on the test system first, then on production.\n"
        );
        let _ = writeln!(out, "### Connection string\n");
        out.push_str(&md_fence(&o.connection_string, "text"));
        out.push('\n');
        let proxy = match o.proxy_version {
            Some(p) => format!("`ProxyVersion={p}` selects the Dynamics 365 SDK 9.1 proxy of Business Central 14 and 15."),
            None => "NAV has no ProxyVersion key in this string.".to_string(),
        };
        let gaps = if o.connection_string_complete {
            ""
        } else {
            " Fill in the parts in angle brackets (or run navplan again with --d365-url, --integration-user and --app-id)."
        };
        let _ = writeln!(
            out,
            "Keep `{{PASSWORD}}` exactly as it is: the product puts the password from the set-up page there, and no password belongs in this document. `RedirectUri` is `app://` followed by the app id. {proxy}{gaps}\n"
        );
        steps_by_phase(&mut out, &o.steps);
        if !o.troubleshooting.is_empty() {
            let _ = writeln!(out, "### Troubleshooting the connection test\n");
            for t in &o.troubleshooting {
                let _ = writeln!(
                    out,
                    "- **{}**  \n  Cause: {}  \n  Fix: {}",
                    md_text(&t.title),
                    md_text(&t.cause),
                    md_text(&t.fix)
                );
            }
            out.push('\n');
        }
    }
    out
}
