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
    let mut problems: Vec<String> = [&original, &modified, &target]
        .iter()
        .flat_map(|set| set.problems.iter().cloned())
        .filter(|p| seen.insert(p.clone()))
        .collect();
    problems.extend(mixed_syntax(
        &comparison,
        [
            ("ORIGINAL", &original),
            ("MODIFIED", &modified),
            ("TARGET", &target),
        ],
    ));
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

/// Whether a C/AL object was exported in NAV 2018's new syntax (`-ExportToNewSyntax`:
/// `Date=20180830D;`, references by quoted name) or the old one (`Date=30-08-18;`, references by
/// number); None for AL or an object without a Date.
fn new_syntax(text: &str) -> Option<bool> {
    let date = text
        .lines()
        .take_while(|l| l.trim() != "PROPERTIES")
        .find_map(|l| l.trim().strip_prefix("Date="))?;
    let date = date.trim_end_matches(';').trim();
    if date.is_empty() {
        return None;
    }
    let digits = date.strip_suffix(['D', 'd']).unwrap_or("");
    Some(digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// A warning when the compared objects come in the new export syntax on one side and the old on
/// another. Then `Record 472` against `Record "Job Queue Entry"`, `Yes` against `true`, and every
/// procedure that names a record or codeunit differs: the comparison reports customer or target
/// changes where there are none (checked on a real NAV 2018 Codeunit 453 exported both ways).
/// Merge-NAVApplicationObject needs one syntax on all sides too.
fn mixed_syntax(comparison: &Comparison, sides: [(&str, &ObjectSet); 3]) -> Option<String> {
    let mut new_sides = Vec::new();
    let mut old_sides = Vec::new();
    for (name, set) in sides {
        let (mut new, mut old) = (0, 0);
        for object in &comparison.objects {
            let key = (object.object.kind, object.object.id);
            match set.objects.get(&key).and_then(|o| new_syntax(&o.text)) {
                Some(true) => new += 1,
                Some(false) => old += 1,
                None => {}
            }
        }
        if new > 0 {
            new_sides.push(format!("{name} ({new} object(s))"));
        }
        if old > 0 {
            old_sides.push(format!("{name} ({old} object(s))"));
        }
    }
    (!new_sides.is_empty() && !old_sides.is_empty()).then(|| {
        format!(
            "warning: the objects are exported in two syntaxes: the new one (-ExportToNewSyntax, \
             Date=20180830D) in {}, the old one (Date=30-08-18) in {}; references by name and by \
             number differ, so changes are reported where there are none: export all three sides \
             the same way",
            new_sides.join(", "),
            old_sides.join(", ")
        )
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
