//! `navplan compare`: three-way classification of ORIGINAL / MODIFIED / TARGET object folders.

use std::fmt::Write as _;
use std::path::PathBuf;

use comfy_table::{presets, Cell, Color, ContentArrangement, Table};
use serde::Serialize;

use crate::analysis::source::ObjectSet;
use crate::analysis::structure::ElementChange;
use crate::analysis::threeway::{self, Class, Comparison, MergeResult};
use crate::analysis::MergeRules;
use crate::cli::CompareArgs;
use crate::{Context, Outcome, Result};

/// The JSON document of `navplan compare --json` (see docs/analysis.md).
#[derive(Serialize)]
struct Report<'a> {
    schema: u32,
    original: &'a PathBuf,
    modified: &'a PathBuf,
    target: &'a PathBuf,
    /// `merge-set` (the default) or `all`.
    scope: &'static str,
    #[serde(flatten)]
    comparison: &'a Comparison,
    problems: Vec<String>,
}

pub fn run(args: &CompareArgs, ctx: &Context) -> Result<Outcome> {
    let original = ObjectSet::load(&args.original, args.codepage)?;
    let modified = ObjectSet::load(&args.modified, args.codepage)?;
    let target = ObjectSet::load(&args.target, args.codepage)?;
    let rules = MergeRules::embedded()?;
    let scope = (!args.all).then(|| {
        threeway::merge_set_scope(&[&original, &modified, &target], &rules, args.codepage)
    });
    let comparison = threeway::compare(&original, &modified, &target, scope.as_ref());
    // The same folder may be given for two sides: say each problem once.
    let mut seen = std::collections::BTreeSet::new();
    let problems: Vec<String> = [&original, &modified, &target]
        .iter()
        .flat_map(|set| set.problems.iter().cloned())
        .filter(|p| seen.insert(p.clone()))
        .collect();
    let skipped = [&original, &modified, &target]
        .iter()
        .any(|s| s.skipped_input);

    let stdout = if args.json {
        let report = Report {
            schema: 1,
            original: &args.original,
            modified: &args.modified,
            target: &args.target,
            scope: if args.all { "all" } else { "merge-set" },
            comparison: &comparison,
            problems: problems.clone(),
        };
        let mut text = serde_json::to_string_pretty(&report)
            .map_err(|e| crate::Error::Input(e.to_string()))?;
        text.push('\n');
        text
    } else {
        render(&comparison, args.all, ctx.color)
    };
    let mut stderr = String::new();
    for problem in &problems {
        let _ = writeln!(stderr, "navplan: {problem}");
    }
    if skipped {
        let _ = writeln!(
            stderr,
            "navplan: some input was skipped, so the comparison is incomplete"
        );
    }
    Ok(Outcome {
        stdout,
        stderr,
        code: if skipped {
            crate::exit::ERROR
        } else {
            crate::exit::OK
        },
    })
}

fn class_text(class: Class) -> &'static str {
    match class {
        Class::TakeTarget => "take target",
        Class::KeepModified => "keep customer's",
        Class::Merge => "merge",
        Class::Inserted => "inserted",
        Class::Deleted => "deleted",
    }
}

fn result_text(result: MergeResult) -> &'static str {
    match result {
        MergeResult::Identical => "identical",
        MergeResult::Merged => "merged",
        MergeResult::Conflict => "conflict",
        MergeResult::Inserted => "inserted",
        MergeResult::Deleted => "deleted",
    }
}

/// Conflicts as they are, elements merged line by line marked so, and elements changed the same
/// way on both sides (a back-ported fix) marked so: without them such an element stood in both
/// change columns with nothing to say the two edits are one.
fn both_sides(object: &threeway::ObjectComparison) -> String {
    let conflicts = object.conflicts.iter().map(|c| format!("{c} (conflict)"));
    let apart = object
        .merged_elements
        .iter()
        .map(|e| format!("{e} (different lines)"));
    let not_same: Vec<String> = object
        .conflicts
        .iter()
        .chain(&object.merged_elements)
        .cloned()
        .collect();
    let same = if object.class == Class::Merge {
        threeway::same_on_both_sides(&object.modified_changes, &object.target_changes, &not_same)
    } else {
        Vec::new()
    };
    let same = same
        .into_iter()
        .map(|e| format!("{e} (same on both sides)"));
    conflicts
        .chain(apart)
        .chain(same)
        .collect::<Vec<_>>()
        .join("\n")
}

fn changes(list: &[ElementChange]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The table for people (results coloured when `color`), then the counts.
pub fn render(comparison: &Comparison, all: bool, color: bool) -> String {
    let mut out = String::new();
    if comparison.objects.is_empty() {
        let scope = if all {
            "in these folders"
        } else {
            "in the merge set"
        };
        let _ = writeln!(out, "No objects {scope} to compare.");
        return out;
    }
    let mut table = Table::new();
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header([
            "Object",
            "Class",
            "Result",
            "Changed by the customer",
            "Changed in the target",
            "Changed on both sides",
        ]);
    for object in &comparison.objects {
        let mut result = Cell::new(result_text(object.result));
        if color {
            result = result.fg(match object.result {
                MergeResult::Conflict => Color::Red,
                MergeResult::Merged => Color::Yellow,
                MergeResult::Identical => Color::Green,
                MergeResult::Inserted | MergeResult::Deleted => Color::Cyan,
            });
        }
        table.add_row([
            Cell::new(object.object.to_string()),
            Cell::new(class_text(object.class)),
            result,
            Cell::new(changes(&object.modified_changes)),
            Cell::new(changes(&object.target_changes)),
            Cell::new(both_sides(object)),
        ]);
    }
    let _ = writeln!(out, "{table}");
    let s = &comparison.summary;
    let _ = writeln!(out);
    let _ = writeln!(out, "Objects compared: {}", s.processed);
    for (label, count) in [
        ("identical", s.identical),
        ("merged", s.merged),
        ("conflict", s.conflict),
        ("inserted", s.inserted),
        ("deleted", s.deleted),
    ] {
        let _ = writeln!(out, "  {label:<10} {count}");
    }
    let _ = writeln!(
        out,
        "Elements changed on both sides (likely conflicts): {}",
        s.conflicting_elements
    );
    out
}
