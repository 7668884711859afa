//! Effort: hours per merge-set object by class (merge, replace or adapt), plus DotNet fixes and
//! the re-test of direct dependents, summed per class and in total. The rates are the partner's,
//! from `data/merge-rules.toml`.

use std::collections::BTreeSet;

use rayon::prelude::*;

use serde::Serialize;

use super::{Action, Dependents, DotNetPin, MergeEntry, MergeRules};
use crate::objects::ObjectKind;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effort {
    pub classes: Vec<ClassEffort>,
    pub dotnet_fixes: Line,
    /// Direct dependents outside the merge set: recompile and re-test.
    pub retest: Line,
    pub total_hours: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassEffort {
    pub class: String,
    pub title: String,
    pub objects: usize,
    pub merge: usize,
    pub replace: usize,
    pub adapt: usize,
    pub hours: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub count: usize,
    pub hours: f64,
}

pub fn estimate(
    rules: &MergeRules,
    merge_set: &[MergeEntry],
    pins: &[DotNetPin],
    dependents: &[Dependents],
) -> Effort {
    let mut classes = Vec::new();
    for class in &rules.classes {
        let members: Vec<&MergeEntry> = merge_set.iter().filter(|e| e.class == class.key).collect();
        if members.is_empty() {
            continue;
        }
        let count = |action: Action| members.iter().filter(|e| e.action == action).count();
        let (merge, replace, adapt) = (
            count(Action::Merge),
            count(Action::Replace),
            count(Action::Adapt),
        );
        let hours =
            (merge + adapt) as f64 * class.merge_hours + replace as f64 * class.replace_hours;
        classes.push(ClassEffort {
            class: class.key.clone(),
            title: class.title.clone(),
            objects: members.len(),
            merge,
            replace,
            adapt,
            hours,
        });
    }
    let dotnet_fixes = Line {
        count: pins.len(),
        hours: pins.len() as f64 * rules.effort.hours_per_dotnet_fix,
    };
    let outside = direct_outside(merge_set, dependents);
    let retest = Line {
        count: outside,
        hours: outside as f64 * rules.effort.hours_per_dependent,
    };
    let total_hours =
        classes.iter().map(|c| c.hours).sum::<f64>() + dotnet_fixes.hours + retest.hours;
    Effort {
        classes,
        dotnet_fixes,
        retest,
        total_hours,
    }
}

/// How many distinct objects are direct dependents of the merge set without being in it.
///
/// On a big database the direct dependents run to hundreds of thousands, mostly the same
/// objects again: their keys are sorted in parallel and deduplicated, then those of the merge
/// set taken out.
fn direct_outside(merge_set: &[MergeEntry], dependents: &[Dependents]) -> usize {
    let mut direct: Vec<(ObjectKind, u32)> = dependents
        .iter()
        .flat_map(|d| d.direct.iter())
        .map(|d| (d.object.kind, d.object.id))
        .collect();
    direct.par_sort_unstable();
    direct.dedup();
    let in_set: BTreeSet<(ObjectKind, u32)> = merge_set
        .iter()
        .map(|e| (e.object.kind, e.object.id))
        .collect();
    direct.iter().filter(|k| !in_set.contains(k)).count()
}
