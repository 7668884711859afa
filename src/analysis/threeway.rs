//! Three-way classification, like Merge-NAVApplicationObject but scoped and read-only:
//! ORIGINAL = standard objects of the installed CU, MODIFIED = the customer's, TARGET = standard
//! objects of the target CU. Each object in scope is one of: unchanged by the customer (take the
//! target), changed only by the customer (keep it), changed by both (merge, with the elements
//! changed on each side and the overlapping ones, the likely conflicts), inserted or deleted.

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;

use super::linediff;
use super::source::{ObjectSet, ObjectText};
use super::structure::{ElementChange, ElementKey, ObjectModel};
use super::ObjectRef;
use crate::objects::ObjectKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// The customer did not change it: take the target's object.
    TakeTarget,
    /// Only the customer changed it: keep the customer's object.
    KeepModified,
    /// Both changed it: merge.
    Merge,
    Inserted,
    Deleted,
}

/// The outcome in Merge-NAVApplicationObject's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MergeResult {
    Identical,
    Merged,
    Conflict,
    Inserted,
    Deleted,
}

/// Where an object exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Presence {
    pub original: bool,
    pub modified: bool,
    pub target: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectComparison {
    #[serde(flatten)]
    pub object: ObjectRef,
    pub class: Class,
    pub result: MergeResult,
    pub present: Presence,
    /// MODIFIED against ORIGINAL.
    pub modified_changes: Vec<ElementChange>,
    /// TARGET against ORIGINAL.
    pub target_changes: Vec<ElementChange>,
    /// Elements both sides changed, and not in the same way.
    pub conflicts: Vec<String>,
    /// Elements both sides changed on different lines: they merge, but deserve a look.
    pub merged_elements: Vec<String>,
    /// What to do, in one sentence.
    pub advice: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub processed: usize,
    pub identical: usize,
    pub merged: usize,
    pub conflict: usize,
    pub inserted: usize,
    pub deleted: usize,
    /// Elements changed on both sides, over all objects.
    pub conflicting_elements: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub summary: Summary,
    pub objects: Vec<ObjectComparison>,
}

/// Compare the three sets. `scope` limits the objects compared (None: every object in any set).
pub fn compare(
    original: &ObjectSet,
    modified: &ObjectSet,
    target: &ObjectSet,
    scope: Option<&BTreeSet<(ObjectKind, u32)>>,
) -> Comparison {
    let keys: BTreeSet<(ObjectKind, u32)> = original
        .objects
        .keys()
        .chain(modified.objects.keys())
        .chain(target.objects.keys())
        .filter(|k| scope.map_or(true, |s| s.contains(k)))
        .copied()
        .collect();
    // Parsing dominates: classify in parallel, keep the key order.
    let keys: Vec<(ObjectKind, u32)> = keys.into_iter().collect();
    let compared: Vec<ObjectComparison> = keys
        .par_iter()
        .map(|key| {
            classify([
                original.objects.get(key),
                modified.objects.get(key),
                target.objects.get(key),
            ])
        })
        .collect();
    let mut summary = Summary::default();
    let mut objects = Vec::new();
    for comparison in compared {
        summary.processed += 1;
        match comparison.result {
            MergeResult::Identical => summary.identical += 1,
            MergeResult::Merged => summary.merged += 1,
            MergeResult::Conflict => summary.conflict += 1,
            MergeResult::Inserted => summary.inserted += 1,
            MergeResult::Deleted => summary.deleted += 1,
        }
        summary.conflicting_elements += comparison.conflicts.len();
        objects.push(comparison);
    }
    Comparison { summary, objects }
}

fn classify(sides: [Option<&ObjectText>; 3]) -> ObjectComparison {
    let [o, m, t] = sides;
    let present = Presence {
        original: o.is_some(),
        modified: m.is_some(),
        target: t.is_some(),
    };
    // The name as the customer knows it, else the target's, else the original's.
    let named = m
        .or(t)
        .or(o)
        .map(|x| ObjectRef::of(&x.object))
        .unwrap_or_else(|| ObjectRef {
            kind: ObjectKind::Table,
            id: 0,
            name: String::new(),
        });
    let model = |x: Option<&ObjectText>| x.map(|x| ObjectModel::parse(&x.text)).unwrap_or_default();
    let (om, mm, tm) = (model(o), model(m), model(t));
    let modified_changes = if o.is_some() && m.is_some() {
        om.diff(&mm)
    } else {
        Vec::new()
    };
    let target_changes = if o.is_some() && t.is_some() {
        om.diff(&tm)
    } else {
        Vec::new()
    };

    let mut merged_elements = Vec::new();
    let (class, result, conflicts, advice) = match (o.is_some(), m.is_some(), t.is_some()) {
        (true, true, true) => {
            let (conflicts, apart) =
                overlapping(&modified_changes, &target_changes, [&om, &mm, &tm]);
            merged_elements = apart;
            match (modified_changes.is_empty(), target_changes.is_empty()) {
                (true, _) => (
                    Class::TakeTarget,
                    MergeResult::Identical,
                    vec![],
                    "take the target CU's object".to_string(),
                ),
                (false, true) => (
                    Class::KeepModified,
                    MergeResult::Identical,
                    vec![],
                    "keep the customer's object".to_string(),
                ),
                (false, false) if conflicts.is_empty() => (
                    Class::Merge,
                    MergeResult::Merged,
                    vec![],
                    // A partner who back-ported a CU's fix (a hotfix applied before the
                    // update) changed the same elements as the target, in the same way: the
                    // real 2018 CU 5 -> CU 9 Codeunit 455 showed it. "Different elements"
                    // was then false; say what is the case.
                    if mm.diff(&tm).is_empty() {
                        "take the target CU's object: it holds every change the customer made \
                         (the same edits on both sides)"
                            .to_string()
                    } else if merged_elements.is_empty() {
                        match same_on_both_sides(
                            &modified_changes,
                            &target_changes,
                            &merged_elements,
                        )
                        .len()
                        {
                            0 => "merge: both sides changed different elements".to_string(),
                            same => format!(
                                "merge: {same} element(s) changed the same way on both sides, \
                                 the others on one side only"
                            ),
                        }
                    } else {
                        format!(
                            "merge: {} element(s) changed on both sides, on different lines; review them",
                            merged_elements.len()
                        )
                    },
                ),
                (false, false) => {
                    let advice = format!(
                        "merge by hand: {} element(s) changed on both sides",
                        conflicts.len()
                    );
                    (Class::Merge, MergeResult::Conflict, conflicts, advice)
                }
            }
        }
        (false, true, false) => (
            Class::Inserted,
            MergeResult::Inserted,
            vec![],
            "the customer's own object: keep it".into(),
        ),
        (false, false, true) => (
            Class::Inserted,
            MergeResult::Inserted,
            vec![],
            "new in the target CU: import it".into(),
        ),
        (false, true, true) => {
            let differences = mm.diff(&tm);
            if differences.is_empty() {
                (
                    Class::Inserted,
                    MergeResult::Identical,
                    vec![],
                    "added on both sides, identically".into(),
                )
            } else {
                let conflicts = differences.iter().map(|c| c.element.clone()).collect();
                (
                    Class::Inserted,
                    MergeResult::Conflict,
                    conflicts,
                    "added on both sides, differently: merge by hand".into(),
                )
            }
        }
        (true, false, true) => {
            if target_changes.is_empty() {
                (
                    Class::Deleted,
                    MergeResult::Deleted,
                    vec![],
                    "the customer deleted it: leave it out".into(),
                )
            } else {
                let advice = "the customer deleted it but the target CU changed it: decide whether it is needed".into();
                (
                    Class::Deleted,
                    MergeResult::Conflict,
                    vec!["object deleted by the customer, changed by the target".into()],
                    advice,
                )
            }
        }
        // Missing from TARGET is not always removed by the target CU: a CU package's
        // APPLICATION folder (CUObjects.*.txt) holds only the objects changed since the
        // release (the NAV 2018 DK repository built from those packages stores Codeunit 453
        // Job Queue - Enqueue at CU 9 only). Given as TARGET, every object the CU left alone
        // looked removed, and the advice said to remove it. Microsoft seldom removes an object
        // in a CU: say both readings.
        (true, true, false) => {
            if modified_changes.is_empty() {
                (
                    Class::Deleted,
                    MergeResult::Deleted,
                    vec![],
                    "not in the target: remove it if the target CU removed it; if TARGET holds \
                     only a CU package's changed objects, the CU did not change it: keep it"
                        .into(),
                )
            } else {
                let advice = "not in the target but customised: if the target CU removed it, move \
                              the customer's changes elsewhere; if TARGET holds only a CU \
                              package's changed objects, keep the customer's object"
                    .into();
                (
                    Class::Deleted,
                    MergeResult::Conflict,
                    vec!["object customised, removed by the target".into()],
                    advice,
                )
            }
        }
        (true, false, false) => (
            Class::Deleted,
            MergeResult::Deleted,
            vec![],
            "deleted on both sides".into(),
        ),
        (false, false, false) => (
            Class::TakeTarget,
            MergeResult::Identical,
            vec![],
            String::new(),
        ),
    };
    ObjectComparison {
        object: named,
        class,
        result,
        present,
        modified_changes,
        target_changes,
        conflicts,
        merged_elements,
        advice,
    }
}

/// Elements both sides changed in the same way (a back-ported fix): in both change lists, and
/// not among `not_same` (the conflicts and the elements merged on different lines).
pub fn same_on_both_sides<'a>(
    modified: &'a [ElementChange],
    target: &[ElementChange],
    not_same: &[String],
) -> Vec<&'a str> {
    let target_keys: BTreeSet<&ElementKey> = target.iter().map(|c| &c.key).collect();
    modified
        .iter()
        .filter(|c| target_keys.contains(&c.key) && !not_same.contains(&c.element))
        .map(|c| c.element.as_str())
        .collect()
}

/// Elements changed on both sides, and not in the same way: likely conflicts when the edits
/// touch the same or neighbouring lines of the original (or the element was added or removed on
/// a side), merged otherwise. Returns (conflicts, merged apart).
fn overlapping(
    modified: &[ElementChange],
    target: &[ElementChange],
    [om, mm, tm]: [&ObjectModel; 3],
) -> (Vec<String>, Vec<String>) {
    let target_keys: BTreeSet<&ElementKey> = target.iter().map(|c| &c.key).collect();
    let mut conflicts = Vec::new();
    let mut apart = Vec::new();
    for change in modified.iter().filter(|c| target_keys.contains(&c.key)) {
        let (o, m, t) = (
            om.elements.get(&change.key),
            mm.elements.get(&change.key),
            tm.elements.get(&change.key),
        );
        if m.map(|e| &e.content) == t.map(|e| &e.content) {
            continue;
        }
        let separate = match (o, m, t) {
            (Some(o), Some(m), Some(t)) => match (
                linediff::hunks(&o.lines, &m.lines),
                linediff::hunks(&o.lines, &t.lines),
            ) {
                (Some(a), Some(b)) => !linediff::overlap(&a, &b),
                _ => false,
            },
            _ => false,
        };
        if separate {
            apart.push(change.element.clone());
        } else {
            conflicts.push(change.element.clone());
        }
    }
    (conflicts, apart)
}

/// The default scope: every object the rules put in the merge set, on any of the sides (so an
/// object new in the target or removed from it is in scope too).
pub fn merge_set_scope(
    sets: &[&ObjectSet],
    rules: &super::MergeRules,
    codepage: u16,
) -> BTreeSet<(ObjectKind, u32)> {
    let mut scope = BTreeSet::new();
    for set in sets {
        let objects = set.inventory();
        let options = super::Options {
            target: None,
            baseline: None,
            codepage,
        };
        let merge_set = super::merge_set_of(&objects, rules, &options);
        scope.extend(merge_set.iter().map(|e| (e.object.kind, e.object.id)));
    }
    scope
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::Object;

    fn codeunit(body: &str) -> ObjectText {
        ObjectText {
            object: Object::bare(ObjectKind::Codeunit, 50, "C"),
            text: format!(
                "OBJECT Codeunit 50 C\n{{\n  CODE\n  {{\n{body}\n    BEGIN\n    END.\n  }}\n}}\n"
            ),
        }
    }

    const A: &str = "    PROCEDURE A@1();\n    BEGIN\n    END;\n";
    const A2: &str = "    PROCEDURE A@1();\n    BEGIN\n      x := 2;\n    END;\n";
    const A3: &str = "    PROCEDURE A@1();\n    BEGIN\n      x := 3;\n    END;\n";

    fn one(o: Option<&str>, m: Option<&str>, t: Option<&str>) -> ObjectComparison {
        let set = |body: Option<&str>| {
            let mut set = ObjectSet::default();
            if let Some(body) = body {
                set.objects
                    .insert((ObjectKind::Codeunit, 50), codeunit(body));
            }
            set
        };
        let mut found = compare(&set(o), &set(m), &set(t), None).objects;
        assert_eq!(found.len(), 1);
        found.remove(0)
    }

    #[test]
    fn the_same_edit_on_both_sides_is_no_conflict() {
        let c = one(Some(A), Some(A2), Some(A2));
        assert_eq!((c.class, c.result), (Class::Merge, MergeResult::Merged));
        assert!(c.conflicts.is_empty());
    }

    #[test]
    fn different_edits_of_one_procedure_conflict() {
        let c = one(Some(A), Some(A2), Some(A3));
        assert_eq!((c.class, c.result), (Class::Merge, MergeResult::Conflict));
        assert_eq!(c.conflicts, ["procedure A"]);
    }

    #[test]
    fn insertions_on_both_sides_compare_the_two() {
        assert_eq!(one(None, Some(A), Some(A)).result, MergeResult::Identical);
        let c = one(None, Some(A), Some(A2));
        assert_eq!(
            (c.class, c.result),
            (Class::Inserted, MergeResult::Conflict)
        );
    }

    #[test]
    fn a_deletion_against_a_change_is_a_conflict() {
        assert_eq!(one(Some(A), None, Some(A)).result, MergeResult::Deleted);
        assert_eq!(one(Some(A), None, Some(A2)).result, MergeResult::Conflict);
        assert_eq!(one(Some(A), Some(A), None).result, MergeResult::Deleted);
        assert_eq!(one(Some(A), Some(A2), None).result, MergeResult::Conflict);
        let gone = one(Some(A), None, None);
        assert_eq!(
            (gone.class, gone.result),
            (Class::Deleted, MergeResult::Deleted)
        );
    }
}
