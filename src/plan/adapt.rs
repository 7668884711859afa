//! The seams to the other stages: the gate (`crate::version`), the inventory and analysis
//! (`crate::objects`, `crate::analysis`) and the known-errors table (`crate::diagnose`) are turned
//! into the planner's own facts here, and nowhere else.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::facts::{
    AnalysisFacts, Dependents, DotNetFix, Effort, EffortLine, GateFacts, NotCovered, Product,
    Verdict, WorkItem,
};
use super::runbook::Trouble;
use super::PlanRequest;
use crate::analysis::{self, Action, Analysis, MergeRules};
use crate::objects::{self, CodePage, Inventory, ObjectKind, Progress, ScanOptions, Severity};
use crate::version::{self, Assessment, Installation, Side, VersionData};
use crate::{Context, Error, Result};

/// The customer's objects, read and analysed.
#[derive(Debug, Clone)]
pub struct Analysed {
    pub inventory: Inventory,
    pub analysis: Analysis,
    pub facts: AnalysisFacts,
}

/// The inventory of the request's objects (files, folders and embedded files); `None` when none
/// were given.
pub fn inventory(req: &PlanRequest, progress: &dyn Progress) -> Result<Option<Inventory>> {
    if req.objects.is_empty() && req.embedded.is_empty() {
        return Ok(None);
    }
    let number = if req.codepage == 0 { 850 } else { req.codepage };
    let codepage = CodePage::new(number).ok_or_else(|| {
        Error::Usage(format!(
            "--codepage {} is not a code page navplan can read",
            req.codepage
        ))
    })?;
    let opts = ScanOptions { codepage };
    for path in &req.objects {
        if !path.exists() {
            return Err(Error::Input(format!(
                "{}: no such file or folder",
                path.display()
            )));
        }
    }
    let mut inventory = if req.objects.is_empty() {
        Inventory::default()
    } else {
        objects::scan(&req.objects, &opts, progress)
    };
    if !req.embedded.is_empty() {
        let sources: Vec<(&Path, &[u8])> = req
            .embedded
            .iter()
            .map(|f| (Path::new(f.name.as_str()), f.bytes))
            .collect();
        let embedded = objects::inventory_from(&sources, &opts);
        if req.objects.is_empty() {
            inventory = embedded;
        } else {
            inventory.objects.extend(embedded.objects);
            inventory.diagnostics.extend(embedded.diagnostics);
            inventory.files_scanned += embedded.files_scanned;
            inventory.bytes_scanned += embedded.bytes_scanned;
        }
    }
    Ok(Some(inventory))
}

/// The gate: the installed version from the specs, with the application version read from the
/// objects' tags when no application spec was given, and a note when the tags disagree.
pub fn assess(
    req: &PlanRequest,
    inventory: Option<&Inventory>,
    ctx: &Context,
) -> Result<(Assessment, GateFacts)> {
    let tags = inventory.and_then(|i| i.application_version.as_ref());
    let application = req
        .application
        .clone()
        .or_else(|| req.installed.clone())
        .or_else(|| tags.map(|t| t.tag.clone()));
    if req.platform.is_none() && req.installed.is_none() {
        return Err(Error::Usage(
            "give --installed SPEC, or --platform SPEC (with --application SPEC or --objects)"
                .into(),
        ));
    }
    let installation = Installation::from_specs(
        req.installed.as_deref(),
        req.platform.as_deref(),
        application.as_deref(),
    )?;
    let data = VersionData::embedded();
    let assessment = version::assess(&installation, data, ctx.today);
    let mut facts = gate_facts(&assessment);
    if let (Some(tags), Some(given)) = (tags, req.application.as_ref().or(req.installed.as_ref())) {
        if let Ok(from_tags) =
            Installation::from_specs(None, Some(given.as_str()), Some(tags.tag.as_str()))
        {
            let read = version::assess(&from_tags, data, ctx.today);
            if read.application.resolved != assessment.application.resolved {
                facts.notes.push(format!(
                    "The objects' tags ({}) put the application at {}, not at {} as given: check which one is installed.",
                    tags.tag,
                    read.application.resolved.as_deref().unwrap_or(tags.tag.as_str()),
                    facts.installed_application
                ));
            }
        }
    }
    Ok((assessment, facts))
}

/// The planner's view of an assessment.
pub fn gate_facts(a: &Assessment) -> GateFacts {
    let product = Product::from_key(&a.product.key).filter(|_| a.product.covered);
    let mut notes = a.notes.clone();
    if let Some(target) = &a.target {
        notes.push(format!(
            "Target {}: {}.",
            target.release.label, target.reason
        ));
    }
    GateFacts {
        verdict: a.verdict,
        product,
        product_name: a.product.name.clone(),
        installed_platform: a.platform.placed_or_given().to_string(),
        installed_application: a.application.placed_or_given().to_string(),
        platform_below_minimum: a.short.contains(&Side::Platform),
        application_below_minimum: a.short.contains(&Side::Application),
        minimum: a
            .minimum
            .as_ref()
            .map(|m| m.describe())
            .unwrap_or_default(),
        target: a
            .target
            .as_ref()
            .map(|t| t.release.describe())
            .unwrap_or_default(),
        target_label: a
            .target
            .as_ref()
            .map(|t| t.release.label.clone())
            .unwrap_or_default(),
        support: Some(format!(
            "Support on {}: {}.",
            a.date.format("%Y-%m-%d"),
            a.support_text
        )),
        out_of_support: a.support.is_out_of_support(),
        not_covered: (a.verdict == Verdict::NotCovered).then(|| NotCovered {
            why: "Only NAV 2016, 2017 and 2018 and Business Central 14 and 15 on premises reach OAuth this way."
                .to_string(),
            instead: a.advice.clone().unwrap_or_else(|| {
                "Upgrade to a covered version first, or better to a current Business Central."
                    .to_string()
            }),
        }),
        notes,
        data_version: Some(a.data_revision.clone()),
    }
}

/// Analyse the inventory for the product the gate found.
pub fn analyse(inventory: Inventory, gate: &GateFacts, codepage: u16) -> Result<Analysed> {
    let rules = MergeRules::embedded()?;
    // The transitive dependents are only counted: the runbook names the direct ones (schema 2).
    let analysis = analysis::analyze_in_detail(
        &inventory.objects,
        &rules,
        &analysis::Options {
            target: gate.product.map(Product::key),
            baseline: None,
            codepage,
        },
        analysis::Detail::Counts,
        None,
    );
    let dependents = used_by(&analysis);
    let facts = analysis_facts(&inventory, &analysis, &rules, dependents);
    Ok(Analysed {
        inventory,
        analysis,
        facts,
    })
}

/// Each merge-set object's direct dependents by name, and how many it reaches through them.
/// Runbook schema 1 named those too: on a database where every object depends on thousands,
/// that was the merge set times the database in strings (14 GB for the dense benchmark file,
/// docs/benchmark.md); `navplan scan --json` lists them, with their paths, as it writes.
fn used_by(a: &Analysis) -> Vec<Dependents> {
    a.dependents
        .iter()
        .map(|d| Dependents {
            object: d.object.to_string(),
            used_by: d.direct.iter().map(|x| x.object.to_string()).collect(),
            indirect: d.transitive_count,
        })
        .collect()
}

fn location(file: &Path, line: u32) -> String {
    format!("{}:{line}", file.display())
}

/// The planner's view of an analysis, with the dependents as [`used_by`] names them.
pub fn analysis_facts(
    inventory: &Inventory,
    a: &Analysis,
    rules: &MergeRules,
    dependents: Vec<Dependents>,
) -> AnalysisFacts {
    let worklist = a
        .merge_set
        .iter()
        .map(|e| {
            let class = rules.class(&e.class);
            let (action, hours) = match e.action {
                Action::Merge => ("merge", class.map(|c| c.merge_hours)),
                Action::Adapt => ("adapt", class.map(|c| c.merge_hours)),
                Action::Replace => ("replace", class.map(|c| c.replace_hours)),
            };
            let mut reasons: Vec<String> = e.reasons.iter().map(|r| r.text.clone()).collect();
            reasons.extend(e.customisation.iter().cloned());
            WorkItem {
                object: e.object.to_string(),
                action: action.to_string(),
                reasons,
                customised: e.customised,
                location: location(&e.file, e.line),
                hours,
            }
        })
        .collect();
    let dotnet_fixes = a
        .dotnet_pins
        .iter()
        .map(|p| DotNetFix {
            object: p.object.to_string(),
            location: location(&p.file, p.line),
            assembly: p.assembly.clone(),
            version: p.version.clone(),
            before: p.text.clone(),
            after: p.fix.clone(),
        })
        .collect();
    // The same objects the effort's re-test line counts (`analysis::effort`).
    let in_merge_set: BTreeSet<(ObjectKind, u32)> = a
        .merge_set
        .iter()
        .map(|e| (e.object.kind, e.object.id))
        .collect();
    let retest: BTreeMap<(ObjectKind, u32), &analysis::ObjectRef> = a
        .dependents
        .iter()
        .flat_map(|d| &d.direct)
        .map(|x| ((x.object.kind, x.object.id), &x.object))
        .filter(|(key, _)| !in_merge_set.contains(key))
        .collect();
    let retest = retest.values().map(|o| o.to_string()).collect();
    let mut by_class: Vec<EffortLine> = a
        .effort
        .classes
        .iter()
        .map(|c| EffortLine {
            class: c.title.clone(),
            objects: c.objects,
            hours: c.hours,
        })
        .collect();
    if a.effort.dotnet_fixes.count > 0 {
        by_class.push(EffortLine {
            class: "DotNet declarations to fix".into(),
            objects: a.effort.dotnet_fixes.count,
            hours: a.effort.dotnet_fixes.hours,
        });
    }
    if a.effort.retest.count > 0 {
        by_class.push(EffortLine {
            class: "Dependents to recompile and re-test".into(),
            objects: a.effort.retest.count,
            hours: a.effort.retest.hours,
        });
    }
    AnalysisFacts {
        objects_scanned: inventory.objects.len(),
        diagnostics: inventory
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .map(|d| format!("{}: {}", location(&d.file, d.line), d.message))
            .collect(),
        worklist,
        dotnet_fixes,
        dependents,
        retest,
        effort: Some(Effort {
            total_hours: a.effort.total_hours,
            by_class,
        }),
        data_version: Some("schema 1".to_string()),
    }
}

/// The troubleshooting notes for the connection test: the known errors marked for the runbook.
pub fn troubleshooting_notes() -> Vec<Trouble> {
    crate::diagnose::KnownErrors::embedded()
        .runbook_notes()
        .map(|e| Trouble {
            id: e.id().to_string(),
            title: e.title().to_string(),
            cause: e.cause().to_string(),
            fix: e.fix().to_string(),
        })
        .collect()
}
