//! Merge set, customisations, DotNet pins, impact graph, three-way compare and effort (issue 4).
//!
//! [`analyze`] takes the inventory's objects and the [`MergeRules`] and returns an [`Analysis`]:
//! which objects the upgrade forces the partner to merge or fix (each with its reasons), which of
//! them the customer changed, every version-pinned DotNet declaration with its fix, what depends
//! on the merge set, and the hours. [`threeway`] classifies ORIGINAL/MODIFIED/TARGET sets.

pub mod code_search;
pub mod customisation;
pub mod dotnet;
pub mod effort;
pub mod impact;
pub mod linediff;
pub mod merge_set;
pub mod report;
pub mod rules;
pub mod source;
pub mod structure;
pub mod text_table;
pub mod threeway;

use std::path::PathBuf;

use serde::Serialize;

use crate::objects::{Object, ObjectKind};

pub use impact::Detail;
pub use rules::MergeRules;

/// Everything the analysis found, in a stable order (objects sorted by type, then id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The product whose Microsoft-named objects were used, and where that came from.
    pub target: Option<Target>,
    pub merge_set: Vec<MergeEntry>,
    /// Every customised object in the inventory (in the merge set or not).
    pub customised: Vec<Customised>,
    pub dotnet_pins: Vec<DotNetPin>,
    /// One entry per merge-set object that has dependents.
    pub dependents: Vec<Dependents>,
    pub effort: effort::Effort,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// Product key: nav2016, nav2017, nav2018, bc14, bc15.
    pub product: String,
    /// `given` (the caller named it) or `tags` (read from the NAVW1 Version List tags).
    pub source: TargetSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetSource {
    Given,
    Tags,
}

/// An object, as the analysis names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ObjectRef {
    #[serde(rename = "type")]
    pub kind: ObjectKind,
    pub id: u32,
    pub name: String,
}

impl ObjectRef {
    pub fn of(object: &Object) -> Self {
        ObjectRef {
            kind: object.kind,
            id: object.id,
            name: object.name.clone(),
        }
    }
}

impl std::fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        ObjectLabel::new(self.kind, self.id, &self.name).fmt(f)
    }
}

/// How the analysis names an object in text (`Codeunit 5330 CRM Integration Management`),
/// without owning the name.
#[derive(Debug, Clone, Copy)]
pub struct ObjectLabel<'a> {
    kind: ObjectKind,
    id: u32,
    name: &'a str,
}

impl<'a> ObjectLabel<'a> {
    pub fn new(kind: ObjectKind, id: u32, name: &'a str) -> Self {
        ObjectLabel { kind, id, name }
    }

    pub fn of(object: &'a Object) -> Self {
        ObjectLabel::new(object.kind, object.id, &object.name)
    }
}

impl std::fmt::Display for ObjectLabel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // AL objects without an id (interfaces, profiles, DotNet packages) go by name alone.
        if self.id == 0 {
            write!(f, "{:?} {}", self.kind, self.name)
        } else {
            write!(f, "{:?} {} {}", self.kind, self.id, self.name)
        }
    }
}

/// Which kind of rule put an object in the merge set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    Named,
    NamePattern,
    IdRange,
    CodePattern,
    DotnetPin,
}

/// One reason an object is in the merge set.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Reason {
    pub rule: RuleKind,
    pub class: String,
    /// In our words, e.g. `name contains "CRM"`.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeEntry {
    #[serde(flatten)]
    pub object: ObjectRef,
    pub file: PathBuf,
    pub line: u32,
    /// The class that prices it: the most specific one among its reasons.
    pub class: String,
    pub reasons: Vec<Reason>,
    pub customised: bool,
    /// Why it counts as customised (empty when it does not).
    pub customisation: Vec<String>,
    /// What to do with it: see [`Action`].
    pub action: Action,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// A standard object the customer changed: three-way merge with the target CU's object.
    Merge,
    /// A standard object as shipped: take the target CU's object.
    Replace,
    /// The customer's own object (no Microsoft tag): edit and re-test it in place.
    Adapt,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Customised {
    #[serde(flatten)]
    pub object: ObjectRef,
    pub reasons: Vec<String>,
}

/// A version-pinned DotNet declaration and the version-agnostic text it must become.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DotNetPin {
    #[serde(flatten)]
    pub object: ObjectRef,
    pub file: PathBuf,
    pub line: u32,
    pub assembly: String,
    pub version: String,
    /// The declaration's type text as written.
    pub text: String,
    /// The text it must become.
    pub fix: String,
}

/// What depends on one merge-set object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependents {
    #[serde(flatten)]
    pub object: ObjectRef,
    pub direct: Vec<Dependent>,
    /// Dependents up to `[impact] max_depth` hops away, each with its path.
    pub transitive: Vec<Dependent>,
    /// How many dependents lie further away than `max_depth` (counted, not listed).
    pub further: usize,
    /// How many transitive dependents there are: `transitive.len()`, also when the summary left
    /// the list itself out (see [`Detail::Counts`]).
    #[serde(skip)]
    pub transitive_count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependent {
    #[serde(flatten)]
    pub object: ObjectRef,
    /// How it refers to the next object on its path (variable, property, extends, ...).
    pub via: Vec<crate::objects::RefVia>,
    /// From this dependent to the merge-set object, both ends included (direct: two entries).
    pub path: Vec<String>,
}

/// Extra input to [`analyze_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Product key whose Microsoft-named objects apply; `None` reads it from the tags.
    pub target: Option<&'a str>,
    /// Standard objects of the installed CU: a difference from them makes an object customised.
    pub baseline: Option<&'a source::ObjectSet>,
    /// Code page for exports that are not UTF-8 (to read object text for code patterns).
    pub codepage: u16,
}

/// The analysis with defaults: object text read from the objects' files, no baseline.
pub fn analyze(objects: &[Object], rules: &MergeRules, target: Option<&str>) -> Analysis {
    analyze_with(
        objects,
        rules,
        &Options {
            target,
            baseline: None,
            codepage: 850,
        },
    )
}

/// The merge set alone (no graph, no effort): what `compare` needs for its scope.
pub fn merge_set_of(objects: &[Object], rules: &MergeRules, options: &Options) -> Vec<MergeEntry> {
    let objects = merge_set::unique_sorted(objects);
    findings(&objects, rules, options, None).merge_set
}

/// What the merge set stands on, shared by [`merge_set_of`] and [`analyze_in_detail`].
struct Findings {
    target: Option<Target>,
    customised: Vec<Customised>,
    dotnet_pins: Vec<DotNetPin>,
    merge_set: Vec<MergeEntry>,
}

fn findings(
    objects: &[&Object],
    rules: &MergeRules,
    options: &Options,
    found: Option<&code_search::CodeHits>,
) -> Findings {
    // Independent of each other, and each mostly waiting on memory: side by side.
    let (customised, (target, dotnet_pins)) = rayon::join(
        || customisation::find(objects, rules, options.baseline, options.codepage),
        || {
            (
                merge_set::pick_target(objects, rules, options.target),
                dotnet::find(objects, rules),
            )
        },
    );
    let merge_set = merge_set::build(
        objects,
        rules,
        target.as_ref(),
        &customised,
        &dotnet_pins,
        options.codepage,
        found,
    );
    Findings {
        target,
        customised,
        dotnet_pins,
        merge_set,
    }
}

/// The analysis: merge set, customisations, DotNet pins, dependents and effort.
pub fn analyze_with(objects: &[Object], rules: &MergeRules, options: &Options) -> Analysis {
    analyze_in_detail(objects, rules, options, Detail::Full, None)
}

/// [`analyze_with`], with the transitive dependents listed ([`Detail::Full`]) or only counted
/// ([`Detail::Counts`], for the text summary of a big database), and with the code-pattern hits
/// the scan found, if it searched (see [`code_search`]).
pub fn analyze_in_detail(
    objects: &[Object],
    rules: &MergeRules,
    options: &Options,
    detail: Detail,
    found: Option<&code_search::CodeHits>,
) -> Analysis {
    analyze_keeping_graph(objects, rules, options, detail, found).0
}

/// [`analyze_in_detail`], also returning the reference graph, from which the full dependents of
/// a counted analysis can be listed a few at a time ([`impact::ReferenceGraph::for_each_listed`]).
pub fn analyze_keeping_graph<'a>(
    objects: &'a [Object],
    rules: &MergeRules,
    options: &Options,
    detail: Detail,
    found: Option<&code_search::CodeHits>,
) -> (Analysis, impact::ReferenceGraph<'a>) {
    let objects = merge_set::unique_sorted(objects);
    // The reference graph does not depend on the merge set: built at the same time, it takes
    // the core the mostly sequential findings leave idle.
    let (findings, graph) = rayon::join(
        || findings(&objects, rules, options, found),
        || impact::ReferenceGraph::build(&objects),
    );
    let Findings {
        target,
        customised,
        dotnet_pins,
        merge_set,
    } = findings;
    let dependents = graph.dependents_with(
        merge_set.iter().map(|e| (e.object.kind, e.object.id)),
        rules.impact.max_depth,
        detail,
    );
    let effort = effort::estimate(rules, &merge_set, &dotnet_pins, &dependents);
    let analysis = Analysis {
        target,
        merge_set,
        customised,
        dotnet_pins,
        dependents,
        effort,
    };
    (analysis, graph)
}
