//! The merge set: every object a rule names, with all its reasons and the class that prices it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// The product whose named objects apply: the one given, else the highest NAVW1 major among the
/// objects' tags (Codeunit 1 carries the application's), else none (then every list applies).
pub fn pick_target(objects: &[&Object], rules: &MergeRules, given: Option<&str>) -> Option<Target> {
    if let Some(product) = given {
        return Some(Target {
            product: product.trim().to_ascii_lowercase(),
            source: TargetSource::Given,
        });
    }
    let major = objects
        .iter()
        .flat_map(|o| o.version_list.iter())
        .filter_map(|tag| navw1_major(tag))
        .max()?;
    rules.products_by_major.get(&major).map(|product| Target {
        product: product.clone(),
        source: TargetSource::Tags,
    })
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
    // Lower-cased once, not once per object.
    let name_patterns: Vec<String> = rules
        .name_patterns
        .iter()
        .map(|p| p.contains.to_lowercase())
        .collect();
    for object in objects.iter().copied().filter(|o| !is_extension(o.kind)) {
        for list in &rules.named {
            let applies = target.map_or(true, |t| t.product == list.target);
            if applies && list.objects.contains(&(object.kind, object.id)) {
                let text = format!(
                    "named by Microsoft for {} {}",
                    product_title(&list.target),
                    list.cu
                );
                add(object, RuleKind::Named, &list.class, text);
            }
        }
        let name = object.name.to_lowercase();
        for (pattern, contains) in rules.name_patterns.iter().zip(&name_patterns) {
            if name.contains(contains.as_str()) {
                add(
                    object,
                    RuleKind::NamePattern,
                    &pattern.class,
                    format!("name contains {:?}", pattern.contains),
                );
            }
        }
        for range in &rules.id_ranges {
            let kind_ok = range.kinds.is_empty() || range.kinds.contains(&object.kind);
            if kind_ok && (range.from..=range.to).contains(&object.id) {
                let text = format!("in the {} (ids {}-{})", range.label, range.from, range.to);
                add(object, RuleKind::IdRange, &range.class, text);
            }
        }
    }
    if !rules.code_patterns.is_empty() {
        // Hits the scan found where it can vouch for them; the other files are read again and
        // each object's text searched in parallel.
        let mut by_file: BTreeMap<&Path, Vec<&Object>> = BTreeMap::new();
        for object in objects {
            by_file.entry(&object.file).or_default().push(object);
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

    let customised: BTreeMap<(ObjectKind, u32), &Customised> = customised
        .iter()
        .map(|c| ((c.object.kind, c.object.id), c))
        .collect();
    let by_key: BTreeMap<(ObjectKind, u32), &Object> =
        objects.iter().map(|o| ((o.kind, o.id), *o)).collect();
    let mut entries = Vec::new();
    for (key, mut reasons) in reasons {
        let Some(object) = by_key.get(&key) else {
            continue;
        };
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
        entries.push(MergeEntry {
            object: ObjectRef::of(object),
            file: object.file.clone(),
            line: object.line,
            class,
            reasons,
            customised: !customisation.is_empty(),
            customisation,
            action,
        });
    }
    entries
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
