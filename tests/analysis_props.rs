//! Properties of the analysis on random inventories: order does not matter, every entry has a
//! reason, and every dependent's path follows real references.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use navplan::analysis::{analyze, MergeRules, ObjectRef};
use navplan::objects::{
    DotNetDecl, Object, ObjectKind, RefTarget, RefVia, Reference, SourceFormat,
};
use proptest::prelude::*;

const NAMES: &[&str] = &[
    "CRM Thing",
    "Job Queue Thing",
    "Sales Thing",
    "Item Thing",
    "Coupling Thing",
    "Plain",
];
const KINDS: &[ObjectKind] = &[ObjectKind::Table, ObjectKind::Page, ObjectKind::Codeunit];

#[derive(Debug, Clone)]
struct Spec {
    kind: usize,
    id: u32,
    name: usize,
    partner_tag: bool,
    refs: Vec<(usize, u32)>,
    pinned: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0..KINDS.len(),
        prop_oneof![440u32..480, 5325u32..5340, 50000u32..50010],
        0..NAMES.len(),
        any::<bool>(),
        proptest::collection::vec(
            (
                0..KINDS.len(),
                prop_oneof![440u32..480, 5325u32..5340, 50000u32..50010],
            ),
            0..4,
        ),
        any::<bool>(),
    )
        .prop_map(|(kind, id, name, partner_tag, refs, pinned)| Spec {
            kind,
            id,
            name,
            partner_tag,
            refs,
            pinned,
        })
}

fn build(specs: &[Spec]) -> Vec<Object> {
    specs
        .iter()
        .map(|s| {
            let mut tags = vec!["NAVW111.00.00.19846".to_string()];
            if s.partner_tag {
                tags.push("PTR1.0".into());
            }
            Object {
                kind: KINDS[s.kind],
                id: s.id,
                name: format!("{} {}", NAMES[s.name], s.id),
                format: SourceFormat::Cal,
                version_list: tags,
                modified: false,
                date: None,
                time: None,
                file: PathBuf::from("does/not/exist.txt"),
                line: 1,
                extends: None,
                references: s
                    .refs
                    .iter()
                    .map(|&(k, id)| Reference {
                        kind: KINDS[k],
                        target: RefTarget::Id(id),
                        resolved_id: None,
                        via: RefVia::Variable,
                        line: 2,
                    })
                    .collect(),
                dotnet: if s.pinned {
                    vec![DotNetDecl {
                        assembly: "Newtonsoft.Json".into(),
                        version: Some("9.0.0.0".into()),
                        type_name: "Newtonsoft.Json.Linq.JObject".into(),
                        text: "'Newtonsoft.Json, Version=9.0.0.0'.Newtonsoft.Json.Linq.JObject"
                            .into(),
                        automation: false,
                        line: 3,
                        alias: None,
                        form: Default::default(),
                    }]
                } else {
                    Vec::new()
                },
                span: 0..0,
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn analysis_properties(specs in proptest::collection::vec(spec(), 0..30)) {
        let rules = MergeRules::embedded().expect("rules");
        let objects = build(&specs);
        let analysis = analyze(&objects, &rules, Some("nav2018"));

        let mut reversed = objects.clone();
        reversed.reverse();
        prop_assert_eq!(&analysis, &analyze(&reversed, &rules, Some("nav2018")));

        for entry in &analysis.merge_set {
            prop_assert!(!entry.reasons.is_empty());
            let best = entry.reasons.iter().map(|r| rules.class_rank(&r.class)).min();
            prop_assert_eq!(best, Some(rules.class_rank(&entry.class)));
        }

        // Paths are checked on an inventory with one object per type and id, so that the test
        // knows which of two duplicates the graph holds.
        let mut first: BTreeMap<(ObjectKind, u32), &Object> = BTreeMap::new();
        for o in &objects {
            first.entry((o.kind, o.id)).or_insert(o);
        }
        let unique: Vec<Object> = first.values().map(|o| (*o).clone()).collect();
        let analysis = analyze(&unique, &rules, Some("nav2018"));
        let label = |o: &Object| ObjectRef::of(o).to_string();
        let by_label: BTreeMap<String, &Object> = first.values().map(|o| (label(o), *o)).collect();
        let refers = |from: &str, to: &str| -> bool {
            let (Some(a), Some(b)) = (by_label.get(from), by_label.get(to)) else { return false };
            a.references.iter().any(|r| r.kind == b.kind && r.target == RefTarget::Id(b.id))
        };
        let in_set: BTreeSet<(ObjectKind, u32)> = analysis.merge_set.iter().map(|e| (e.object.kind, e.object.id)).collect();
        for entry in &analysis.dependents {
            prop_assert!(in_set.contains(&(entry.object.kind, entry.object.id)));
            let me = entry.object.to_string();
            for d in &entry.direct {
                prop_assert_eq!(d.path.len(), 2);
                prop_assert!(d.object != entry.object);
            }
            for d in &entry.transitive {
                prop_assert!(d.path.len() >= 3);
                prop_assert!(d.object != entry.object);
            }
            for d in entry.direct.iter().chain(&entry.transitive) {
                prop_assert_eq!(d.path.first(), Some(&d.object.to_string()));
                prop_assert_eq!(d.path.last(), Some(&me));
                for hop in d.path.windows(2) {
                    prop_assert!(refers(&hop[0], &hop[1]), "{} does not refer to {}", hop[0], hop[1]);
                }
            }
        }

        let e = &analysis.effort;
        let sum: f64 = e.classes.iter().map(|c| c.hours).sum::<f64>() + e.dotnet_fixes.hours + e.retest.hours;
        prop_assert!((e.total_hours - sum).abs() < 1e-9);
        prop_assert_eq!(e.classes.iter().map(|c| c.objects).sum::<usize>(), analysis.merge_set.len());
    }
}
