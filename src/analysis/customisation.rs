//! Customised objects: `Modified=Yes`, Version List tags that are not Microsoft's, and (when a
//! baseline of the installed CU's standard objects is given) a structural difference from it.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::source::{visit_texts, ObjectSet};
use super::structure::ObjectModel;
use super::{Customised, MergeRules, ObjectRef};
use crate::objects::{Object, ObjectKind};

/// The start of the reason given for a structural difference from the baseline.
pub const BASELINE_REASON: &str = "differs from the baseline: ";

/// How many changed elements a baseline reason names before it says "and N more".
const NAMED_CHANGES: usize = 3;

pub fn find(
    objects: &[&Object],
    rules: &MergeRules,
    baseline: Option<&ObjectSet>,
    codepage: u16,
) -> Vec<Customised> {
    // In parallel: each object's tags are read from memory, cold after the inventory. (Collected
    // in order: a type and id given twice keeps the last, as inserting one by one did.)
    let mut reasons: BTreeMap<(ObjectKind, u32), (ObjectRef, Vec<String>)> = objects
        .par_iter()
        .filter_map(|object| {
            let found = flag_and_tags(object, rules);
            (!found.is_empty()).then(|| ((object.kind, object.id), (ObjectRef::of(object), found)))
        })
        .collect();
    if let Some(baseline) = baseline {
        let in_baseline: Vec<&Object> = objects
            .iter()
            .copied()
            .filter(|o| baseline.objects.contains_key(&(o.kind, o.id)))
            .collect();
        visit_texts(&in_baseline, codepage, |object, text| {
            let Some(standard) = baseline.objects.get(&(object.kind, object.id)) else {
                return;
            };
            let changes = ObjectModel::parse(&standard.text).diff(&ObjectModel::parse(text));
            if changes.is_empty() {
                return;
            }
            let mut named: Vec<String> = changes
                .iter()
                .take(NAMED_CHANGES)
                .map(|c| c.to_string())
                .collect();
            if changes.len() > NAMED_CHANGES {
                named.push(format!("and {} more", changes.len() - NAMED_CHANGES));
            }
            let reason = format!("{BASELINE_REASON}{}", named.join(", "));
            reasons
                .entry((object.kind, object.id))
                .or_insert_with(|| (ObjectRef::of(object), Vec::new()))
                .1
                .push(reason);
        });
    }
    reasons
        .into_values()
        .map(|(object, reasons)| Customised { object, reasons })
        .collect()
}

/// The reasons readable from the object's header alone.
pub fn flag_and_tags(object: &Object, rules: &MergeRules) -> Vec<String> {
    let mut reasons = Vec::new();
    if object.modified {
        reasons.push("Modified=Yes".to_string());
    }
    let partner: Vec<&str> = object
        .version_list
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty() && !rules.is_microsoft_tag(t))
        .collect();
    if !partner.is_empty() {
        reasons.push(format!("partner tags {}", partner.join(", ")));
    }
    reasons
}

/// Whether the object ships with the standard application: it carries a Microsoft tag, and its
/// id is not in a customer's or partner's range. (A copy of a standard object saved under a
/// customer id keeps the tags it was copied with; the target CU has no object to merge it with.)
pub fn is_standard(object: &Object, rules: &MergeRules) -> bool {
    !rules.is_partner_id(object.id)
        && object
            .version_list
            .iter()
            .any(|t| rules.is_microsoft_tag(t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::ObjectKind;

    fn codeunit(id: u32, tags: &[&str]) -> Object {
        Object {
            version_list: tags.iter().map(|t| t.to_string()).collect(),
            ..Object::bare(ObjectKind::Codeunit, id, "Sync")
        }
    }

    #[test]
    fn a_standard_object_has_a_microsoft_tag_and_a_microsoft_id() {
        let rules = MergeRules::embedded().expect("rules");
        assert!(is_standard(
            &codeunit(5330, &["NAVW111.00.00.27667"]),
            &rules
        ));
        assert!(!is_standard(&codeunit(5330, &["PTR1.0"]), &rules));
        // A copy of a standard codeunit saved under a customer id keeps its tags.
        assert!(!is_standard(
            &codeunit(50100, &["NAVW111.00.00.27667", "PTR1.0"]),
            &rules
        ));
        assert!(!is_standard(&codeunit(70_000_010, &["NAVW114.5"]), &rules));
    }
}
