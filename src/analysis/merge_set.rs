//! The merge set: every object a rule names, with all its reasons and the class that prices it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::code_search::{hits_in, CodeHits};
use super::customisation::is_standard;
use super::source::map_texts;
use super::{
    Action, Customised, DotNetPin, MergeEntry, MergeRules, ObjectRef, Reason, RuleKind, Target,
    TargetSource,
};
use crate::objects::{Object, ObjectKind};

/// One object per type and id (the first by file and line when an object is exported twice),
/// sorted by type, then id.
pub fn unique_sorted(objects: &[Object]) -> Vec<&Object> {
    let mut sorted: Vec<&Object> = objects.iter().collect();
    // Everything that can differ takes part, so the choice never depends on the input order.
    // Borrowed, not cloned: the sort compares tens of thousands of objects.
    fn key(o: &Object) -> (ObjectKind, u32, &PathBuf, u32, &String, &Vec<String>, bool) {
        (
            o.kind,
            o.id,
            &o.file,
            o.line,
            &o.name,
            &o.version_list,
            o.modified,
        )
    }
    sorted.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then_with(|| a.references.cmp(&b.references))
            .then_with(|| a.dotnet.cmp(&b.dotnet))
            .then_with(|| a.extends.cmp(&b.extends))
    });
    sorted.dedup_by(|b, a| a.kind == b.kind && a.id == b.id);
    sorted
}

/// The product whose named objects apply: the one given, else Codeunit 1's NAVW1 major (every
/// CU re-tags it, and the scan's application version reads it first), else the highest NAVW1
/// major among all the objects' tags, else none (then every list applies). An add-on object
/// imported from a newer version can carry a newer tag than the application it sits in.
pub fn pick_target(objects: &[&Object], rules: &MergeRules, given: Option<&str>) -> Option<Target> {
    if let Some(product) = given {
        return Some(Target {
            product: product.trim().to_ascii_lowercase(),
            source: TargetSource::Given,
        });
    }
    let codeunit_1 = objects
        .iter()
        .filter(|o| o.kind == ObjectKind::Codeunit && o.id == 1);
    let major = highest_navw1_major(codeunit_1).or_else(|| highest_navw1_major(objects.iter()))?;
    rules.products_by_major.get(&major).map(|product| Target {
        product: product.clone(),
        source: TargetSource::Tags,
    })
}

fn highest_navw1_major<'a>(objects: impl Iterator<Item = &'a &'a Object>) -> Option<u32> {
    objects
        .flat_map(|o| o.version_list.iter())
        .filter_map(|tag| navw1_major(tag))
        .max()
}

/// `NAVW111.00.00.19846` -> 11, `NAVW19.00` -> 9, `NAVW114.21` -> 14.
fn navw1_major(tag: &str) -> Option<u32> {
    let rest = tag.trim().strip_prefix("NAVW1")?;
    let digits: &str = rest.split('.').next()?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A product key as people say it.
pub fn product_title(key: &str) -> String {
    match key {
        "nav2016" => "NAV 2016".into(),
        "nav2017" => "NAV 2017".into(),
        "nav2018" => "NAV 2018".into(),
        "bc14" => "Business Central 14".into(),
        "bc15" => "Business Central 15".into(),
        other => other.into(),
    }
}

/// AL extensions are never merged: they count as dependents of the object they extend.
fn is_extension(kind: ObjectKind) -> bool {
    matches!(
        kind,
        ObjectKind::TableExtension
            | ObjectKind::PageExtension
            | ObjectKind::ReportExtension
            | ObjectKind::EnumExtension
    )
}

pub fn build(
    objects: &[&Object],
    rules: &MergeRules,
    target: Option<&Target>,
    customised: &[Customised],
    pins: &[DotNetPin],
    codepage: u16,
    found: Option<&CodeHits>,
) -> Vec<MergeEntry> {
    let mut reasons: BTreeMap<(ObjectKind, u32), Vec<Reason>> = BTreeMap::new();
    for (key, found) in by_name_and_id(objects, rules, target) {
        match reasons.entry(key) {
            std::collections::btree_map::Entry::Vacant(entry) => {
                entry.insert(found);
            }
            // The same type and id twice in `objects`.
            std::collections::btree_map::Entry::Occupied(mut entry) => {
                entry.get_mut().extend(found)
            }
        }
    }
    let mut add = |object: &Object, rule: RuleKind, class: &str, text: String| {
        reasons
            .entry((object.kind, object.id))
            .or_default()
            .push(Reason {
                rule,
                class: class.to_string(),
                text,
            });
    };
    if !rules.code_patterns.is_empty() {
        // Hits the scan found where it can vouch for them; the other files are read again and
        // each object's text searched in parallel.
        // Grouped by hash, not in path order (comparing paths walks their components): the
        // order of the hits does not matter, each object's reasons are sorted below. Objects of
        // one file mostly come in a row: the same bytes as the previous object's path need no
        // hashing.
        let mut by_file: HashMap<&Path, Vec<&Object>> = HashMap::new();
        let mut run: Option<(&Path, Vec<&Object>)> = None;
        for object in objects {
            match &mut run {
                Some((file, in_file)) if file.as_os_str() == object.file.as_os_str() => {
                    in_file.push(object);
                }
                _ => {
                    if let Some((file, in_file)) = run.take() {
                        by_file.entry(file).or_default().extend(in_file);
                    }
                    run = Some((&object.file, vec![*object]));
                }
            }
        }
        if let Some((file, in_file)) = run {
            by_file.entry(file).or_default().extend(in_file);
        }
        let mut hits = Vec::new();
        let mut to_read = Vec::new();
        for (file, in_file) in by_file {
            match found.and_then(|f| f.in_file(file, &in_file)) {
                Some(in_file) => hits.extend(in_file),
                None => to_read.extend(in_file),
            }
        }
        hits.extend(map_texts(&to_read, codepage, |object, text| {
            let hits = hits_in(rules, object, text);
            hits.into_iter().map(|hit| (object, hit)).collect()
        }));
        for (object, hit) in hits {
            let pattern = &rules.code_patterns[hit.pattern];
            add(
                object,
                RuleKind::CodePattern,
                &pattern.class,
                format!("{} (line {})", pattern.label, hit.line),
            );
        }
    }
    let mut pinned: BTreeMap<(ObjectKind, u32), BTreeMap<(String, String), usize>> =
        BTreeMap::new();
    for pin in pins {
        *pinned
            .entry((pin.object.kind, pin.object.id))
            .or_default()
            .entry((pin.assembly.clone(), pin.version.clone()))
            .or_default() += 1;
    }
    for object in objects {
        if let Some(assemblies) = pinned.get(&(object.kind, object.id)) {
            for ((assembly, version), count) in assemblies {
                let plural = if *count == 1 {
                    "declaration"
                } else {
                    "declarations"
                };
                let text = format!("pins {assembly} {version} ({count} {plural})");
                add(object, RuleKind::DotnetPin, "dotnet-pin", text);
            }
        }
    }
    entries(objects, rules, customised, reasons)
}

/// The reasons of the rules that need only an object's type, id and name (named lists, name
/// patterns, id ranges), for every object that has any. In parallel: on a big database most of
/// the time goes to fetching each object's name from memory.
fn by_name_and_id(
    objects: &[&Object],
    rules: &MergeRules,
    target: Option<&Target>,
) -> Vec<((ObjectKind, u32), Vec<Reason>)> {
    // What each rule says is the same for every object it matches: written once, cloned per
    // match. The name patterns are lower-cased once, not once per object.
    let named: Vec<(&super::rules::NamedObjects, String)> = rules
        .named
        .iter()
        .filter(|list| target.map_or(true, |t| t.product == list.target))
        .map(|list| {
            let text = format!(
                "named by Microsoft for {} {}",
                product_title(&list.target),
                list.cu
            );
            (list, text)
        })
        .collect();
    let name_patterns: Vec<(String, String)> = rules
        .name_patterns
        .iter()
        .map(|p| {
            let text = format!("name contains {:?}", p.contains);
            (p.contains.to_lowercase(), text)
        })
        .collect();
    let id_ranges: Vec<String> = rules
        .id_ranges
        .iter()
        .map(|range| format!("in the {} (ids {}-{})", range.label, range.from, range.to))
        .collect();
    let reason = |rule: RuleKind, class: &str, text: &str| Reason {
        rule,
        class: class.to_string(),
        text: text.to_string(),
    };
    objects
        .par_iter()
        .filter(|o| !is_extension(o.kind))
        .map_init(String::new, |name, object| {
            let mut found = Vec::new();
            for (list, text) in &named {
                if list.objects.contains(&(object.kind, object.id)) {
                    found.push(reason(RuleKind::Named, &list.class, text));
                }
            }
            crate::objects::lower_case_into(&object.name, name);
            for (pattern, (contains, text)) in rules.name_patterns.iter().zip(&name_patterns) {
                if name.contains(contains.as_str()) {
                    found.push(reason(RuleKind::NamePattern, &pattern.class, text));
                }
            }
            for (range, text) in rules.id_ranges.iter().zip(&id_ranges) {
                let kind_ok = range.kinds.is_empty() || range.kinds.contains(&object.kind);
                if kind_ok && (range.from..=range.to).contains(&object.id) {
                    found.push(reason(RuleKind::IdRange, &range.class, text));
                }
            }
            ((object.kind, object.id), found)
        })
        .filter(|(_, found)| !found.is_empty())
        .collect()
}

/// One entry per object with reasons: its class, whether it is customised and what to do.
fn entries(
    objects: &[&Object],
    rules: &MergeRules,
    customised: &[Customised],
    reasons: BTreeMap<(ObjectKind, u32), Vec<Reason>>,
) -> Vec<MergeEntry> {
    let customised: BTreeMap<(ObjectKind, u32), &Customised> = customised
        .iter()
        .map(|c| ((c.object.kind, c.object.id), c))
        .collect();
    let by_key: BTreeMap<(ObjectKind, u32), &Object> =
        objects.iter().map(|o| ((o.kind, o.id), *o)).collect();
    let with_objects: Vec<(&Object, Vec<Reason>)> = reasons
        .into_iter()
        .filter_map(|(key, reasons)| Some((*by_key.get(&key)?, reasons)))
        .collect();
    // In parallel, in the same order: each entry copies the object's name and path and tests
    // its tags.
    with_objects
        .into_par_iter()
        .map(|(object, mut reasons)| {
            let key = (object.kind, object.id);
            reasons.sort();
            reasons.dedup();
            let class = reasons
                .iter()
                .min_by_key(|r| rules.class_rank(&r.class))
                .map(|r| r.class.clone())
                .unwrap_or_default();
            let customisation = customised
                .get(&key)
                .map(|c| c.reasons.clone())
                .unwrap_or_default();
            let action = if !is_standard(object, rules) {
                Action::Adapt
            } else if customisation.is_empty() {
                Action::Replace
            } else {
                Action::Merge
            };
            MergeEntry {
                object: ObjectRef::of(object),
                file: object.file.clone(),
                line: object.line,
                class,
                reasons,
                customised: !customisation.is_empty(),
                customisation,
                action,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navw1_majors_are_read_from_long_and_short_tags() {
        assert_eq!(navw1_major("NAVW111.00.00.19846"), Some(11));
        assert_eq!(navw1_major("NAVW19.00"), Some(9));
        assert_eq!(navw1_major("NAVW114.21"), Some(14));
        assert_eq!(navw1_major("NAVGB10.00"), None);
        assert_eq!(navw1_major("NAVW1"), None);
    }
}
