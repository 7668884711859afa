//! The analysis as text for people: the tables `navplan scan` prints after its counts (and that
//! the runbook may reuse). Plain strings; the caller prints.

use std::fmt::Write as _;

use rayon::prelude::*;

use super::customisation::BASELINE_REASON;
use super::merge_set::product_title;
use super::text_table::TextTable;
use super::{Action, Analysis, TargetSource};

fn table(header: &[&str]) -> TextTable {
    TextTable::new(header)
}

fn action_text(action: Action) -> &'static str {
    match action {
        Action::Merge => "merge",
        Action::Replace => "replace",
        Action::Adapt => "adapt",
    }
}

/// Hours with at most two decimals and no trailing zeros: `7`, `0.25`, `12.5`.
pub fn hours(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Merge set, DotNet pins, dependents and effort, each under its own heading.
pub fn render_text(analysis: &Analysis) -> String {
    let mut out = String::new();
    write_text(analysis, &mut out);
    out
}

/// [`render_text`], appended to `out`: on a big database the tables run to tens of megabytes,
/// not worth copying once more.
pub fn write_text(analysis: &Analysis, out: &mut String) {
    match &analysis.target {
        Some(target) => {
            let from = match target.source {
                TargetSource::Given => "the version given",
                TargetSource::Tags => "the version read from the Version List tags",
            };
            let _ = writeln!(
                out,
                "Objects Microsoft names for the minimum CU: the {} list ({from}).",
                product_title(&target.product)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "Objects Microsoft names for the minimum CU: the tags name none of NAV 2016 to BC 15, so every version's list applies."
            );
        }
    }
    let _ = writeln!(out);

    let merge = analysis
        .merge_set
        .iter()
        .filter(|e| e.action == Action::Merge)
        .count();
    if analysis.merge_set.is_empty() {
        let _ = writeln!(out, "Merge set: no object matches a rule.");
    } else {
        let _ = writeln!(
            out,
            "Merge set: {} objects; {merge} of them are customised standard objects that need a three-way merge.",
            analysis.merge_set.len()
        );
    }
    if !analysis.merge_set.is_empty() {
        let _ = writeln!(
            out,
            "Action: merge = three-way merge with the target CU; replace = take the target CU's object; adapt = the customer's own object, edit and re-test it."
        );
    }
    if !analysis.merge_set.is_empty() {
        let mut t = table(&["Object", "Class", "Action", "Why", "Customised because"]);
        // Cells built in parallel: a big database has thousands of merge-set objects.
        let rows: Vec<[String; 5]> = analysis
            .merge_set
            .par_iter()
            .map(|entry| {
                let reasons: Vec<&str> = entry.reasons.iter().map(|r| r.text.as_str()).collect();
                [
                    entry.object.to_string(),
                    entry.class.clone(),
                    action_text(entry.action).to_string(),
                    reasons.join("\n"),
                    entry.customisation.join("\n"),
                ]
            })
            .collect();
        for row in rows {
            t.add_row(row);
        }
        t.write_to(out);
        out.push('\n');
    }
    let _ = writeln!(out);

    let differing: Vec<String> = analysis
        .customised
        .iter()
        .flat_map(|c| {
            c.reasons
                .iter()
                .filter(|r| r.starts_with(BASELINE_REASON))
                .map(move |r| format!("  {}: {}", c.object, &r[BASELINE_REASON.len()..]))
        })
        .collect();
    if !differing.is_empty() {
        let _ = writeln!(
            out,
            "Objects that differ from the baseline: {}",
            differing.len()
        );
        for line in differing {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(
        out,
        "Version-pinned DotNet declarations: {}",
        analysis.dotnet_pins.len()
    );
    if !analysis.dotnet_pins.is_empty() {
        let mut t = table(&["Object", "File:line", "Written", "Must become"]);
        for pin in &analysis.dotnet_pins {
            t.add_row([
                pin.object.to_string(),
                format!("{}:{}", pin.file.display(), pin.line),
                pin.text.clone(),
                pin.fix.clone(),
            ]);
        }
        t.write_to(out);
        out.push('\n');
    }
    let _ = writeln!(out);

    let _ = writeln!(out, "Dependents (recompile and re-test after the merge):");
    if analysis.dependents.is_empty() {
        let _ = writeln!(out, "  none found");
    } else {
        let mut t = table(&["Merged object", "Direct dependents", "Further dependents"]);
        // Cells built in parallel: on a big database the direct dependents alone are 200,000
        // lines.
        let rows: Vec<[String; 3]> = analysis
            .dependents
            .par_iter()
            .map(|entry| {
                // One string for the cell, not one per dependent joined afterwards.
                let mut direct = String::new();
                for (n, dependent) in entry.direct.iter().enumerate() {
                    if n > 0 {
                        direct.push('\n');
                    }
                    let _ = write!(direct, "{}", dependent.object);
                }
                [
                    entry.object.to_string(),
                    direct,
                    match entry.further {
                        0 => entry.transitive_count.to_string(),
                        n => format!("{} (+{n} further away)", entry.transitive_count),
                    },
                ]
            })
            .collect();
        for row in rows {
            t.add_row(row);
        }
        t.write_to(out);
        out.push('\n');
    }
    let _ = writeln!(out);

    let effort = &analysis.effort;
    let _ = writeln!(out, "Effort (hours; rates from merge-rules.toml):");
    let mut t = table(&["Class", "Objects", "Merge", "Replace", "Adapt", "Hours"]);
    for class in &effort.classes {
        t.add_row([
            class.title.clone(),
            class.objects.to_string(),
            class.merge.to_string(),
            class.replace.to_string(),
            class.adapt.to_string(),
            hours(class.hours),
        ]);
    }
    t.add_row([
        "DotNet declarations to rewrite".to_string(),
        effort.dotnet_fixes.count.to_string(),
        String::new(),
        String::new(),
        String::new(),
        hours(effort.dotnet_fixes.hours),
    ]);
    t.add_row([
        "Dependents to re-test".to_string(),
        effort.retest.count.to_string(),
        String::new(),
        String::new(),
        String::new(),
        hours(effort.retest.hours),
    ]);
    t.add_row(["Total", "", "", "", "", &hours(effort.total_hours)]);
    for column in 1..6 {
        t.align_right(column);
    }
    t.write_to(out);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::hours;

    #[test]
    fn hours_drop_trailing_zeros() {
        assert_eq!(hours(7.0), "7");
        assert_eq!(hours(0.25), "0.25");
        assert_eq!(hours(12.5), "12.5");
    }
}
