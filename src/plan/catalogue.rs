//! The step catalogue: `data/steps.toml`, embedded, plus a partner's `--steps FILE`, validated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use petgraph::graph::DiGraph;
use serde::{Deserialize, Serialize};

use super::conditions;
use super::facts::Product;
use super::text::placeholders;
use crate::{Error, Result};

/// The embedded catalogue.
pub const STEPS_TOML: &str = include_str!("../../data/steps.toml");
const STEPS_FILE: &str = "data/steps.toml";

/// The phases, in the order the runbook follows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Prepare,
    Platform,
    Application,
    Integration,
    Oauth,
    Verify,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Prepare => "prepare",
            Phase::Platform => "platform",
            Phase::Application => "application",
            Phase::Integration => "integration",
            Phase::Oauth => "oauth",
            Phase::Verify => "verify",
        }
    }

    /// Steps of these phases make up the OAuth section at the end of the runbook.
    pub fn in_oauth_section(self) -> bool {
        matches!(self, Phase::Oauth | Phase::Verify)
    }
}

/// A decision point: a question and where each answer leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionDef {
    pub question: String,
    pub pass: String,
    pub fail: String,
}

/// One step as the data file declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    pub id: String,
    pub title: String,
    pub phase: Phase,
    #[serde(default)]
    pub products: Vec<Product>,
    #[serde(default)]
    pub when: Vec<String>,
    #[serde(default)]
    pub unless: Vec<String>,
    #[serde(default)]
    pub after: Vec<String>,
    /// Steps that must come after this one (a convenience for `--steps` files).
    #[serde(default)]
    pub before: Vec<String>,
    pub text: String,
    #[serde(default)]
    pub decision: Option<DecisionDef>,
    pub source: String,
}

/// A prerequisite, selected like a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrerequisiteDef {
    pub id: String,
    #[serde(default)]
    pub products: Vec<Product>,
    #[serde(default)]
    pub when: Vec<String>,
    #[serde(default)]
    pub unless: Vec<String>,
    pub text: String,
    pub source: String,
}

/// Per-product facts used in texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductFacts {
    pub solution: String,
    pub role_admin: String,
    pub role_user: String,
    pub role_alt: String,
    pub setup_page: String,
    pub url_field: String,
    pub named_objects: String,
    pub service_folder: String,
    pub sdk_note: String,
    pub scheduler_note: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    data_version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    meta: Meta,
    product: BTreeMap<Product, ProductFacts>,
    #[serde(default)]
    prerequisite: Vec<PrerequisiteDef>,
    step: Vec<StepDef>,
}

/// A partner's change to one step: a new step (title, phase, text required) or an override of
/// the fields given.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepPatch {
    id: String,
    title: Option<String>,
    phase: Option<Phase>,
    products: Option<Vec<Product>>,
    when: Option<Vec<String>>,
    unless: Option<Vec<String>>,
    after: Option<Vec<String>>,
    before: Option<Vec<String>>,
    text: Option<String>,
    decision: Option<DecisionDef>,
    source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatchFile {
    #[serde(default)]
    step: Vec<StepPatch>,
}

/// The validated catalogue: steps in declared order.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub data_version: String,
    pub products: BTreeMap<Product, ProductFacts>,
    pub prerequisites: Vec<PrerequisiteDef>,
    pub steps: Vec<StepDef>,
    /// Where the partner's overrides came from, for the runbook header.
    pub overrides: Option<String>,
}

/// Placeholders every text may use; `step:ID` (or `step:A|B`) names steps.
pub const PLACEHOLDERS: &[&str] = &[
    "customer",
    "partner",
    "product",
    "installed_platform",
    "installed_application",
    "minimum",
    "target",
    "target_label",
    "rehearsal_version",
    "solution",
    "role_admin",
    "role_user",
    "role_alt",
    "setup_page",
    "url_field",
    "named_objects",
    "service_folder",
    "sdk_note",
    "scheduler_note",
    "merge_count",
    "dotnet_count",
    "integration_user",
    "d365_url",
    "app_id",
    "password_placeholder",
];

fn data_error(file: &str, message: impl Into<String>) -> Error {
    Error::Data {
        file: file.to_string(),
        message: message.into(),
    }
}

impl Catalogue {
    /// The embedded catalogue (validated by the tests, so this only fails on a broken build).
    pub fn embedded() -> Result<Self> {
        match crate::datadir::text("steps.toml") {
            Some(file) => Self::parse(&file.text, &file.path.display().to_string()),
            None => Self::parse(STEPS_TOML, STEPS_FILE),
        }
    }

    /// The embedded catalogue with a partner's `--steps FILE` applied.
    pub fn with_overrides(path: Option<&Path>) -> Result<Self> {
        let mut catalogue = Self::embedded()?;
        if let Some(path) = path {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            catalogue.apply_patches(&text, &path.display().to_string())?;
        }
        Ok(catalogue)
    }

    pub fn parse(text: &str, file: &str) -> Result<Self> {
        let parsed: CatalogueFile =
            toml::from_str(text).map_err(|e| data_error(file, e.to_string()))?;
        let catalogue = Catalogue {
            data_version: parsed.meta.data_version,
            products: parsed.product,
            prerequisites: parsed.prerequisite,
            steps: parsed.step,
            overrides: None,
        };
        catalogue.validate(file)?;
        Ok(catalogue)
    }

    /// Apply a `--steps` file: overrides of existing steps and new steps, then validate again.
    pub fn apply_patches(&mut self, text: &str, file: &str) -> Result<()> {
        let patches: PatchFile =
            toml::from_str(text).map_err(|e| data_error(file, e.to_string()))?;
        for patch in patches.step {
            match self.steps.iter_mut().find(|s| s.id == patch.id) {
                Some(step) => {
                    if let Some(v) = patch.title {
                        step.title = v;
                    }
                    if let Some(v) = patch.phase {
                        step.phase = v;
                    }
                    if let Some(v) = patch.products {
                        step.products = v;
                    }
                    if let Some(v) = patch.when {
                        step.when = v;
                    }
                    if let Some(v) = patch.unless {
                        step.unless = v;
                    }
                    if let Some(v) = patch.after {
                        step.after = v;
                    }
                    if let Some(v) = patch.before {
                        step.before = v;
                    }
                    if let Some(v) = patch.text {
                        step.text = v;
                    }
                    if patch.decision.is_some() {
                        step.decision = patch.decision;
                    }
                    step.source = patch.source.unwrap_or_else(|| format!("{file} (override)"));
                }
                None => {
                    let missing = |field: &str| {
                        data_error(file, format!("new step {:?} needs a {field}", patch.id))
                    };
                    self.steps.push(StepDef {
                        title: patch.title.ok_or_else(|| missing("title"))?,
                        phase: patch.phase.ok_or_else(|| missing("phase"))?,
                        text: patch.text.ok_or_else(|| missing("text"))?,
                        products: patch.products.unwrap_or_default(),
                        when: patch.when.unwrap_or_default(),
                        unless: patch.unless.unwrap_or_default(),
                        after: patch.after.unwrap_or_default(),
                        before: patch.before.unwrap_or_default(),
                        decision: patch.decision,
                        source: patch.source.unwrap_or_else(|| file.to_string()),
                        id: patch.id,
                    });
                }
            }
        }
        self.overrides = Some(file.to_string());
        self.validate(file)
    }

    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// Dependencies as (before, after) index pairs, from both `after` and `before`.
    pub fn edges(&self) -> Vec<(usize, usize)> {
        let mut edges = BTreeSet::new();
        for (i, step) in self.steps.iter().enumerate() {
            for dep in &step.after {
                if let Some(d) = self.step_index(dep) {
                    edges.insert((d, i));
                }
            }
            for later in &step.before {
                if let Some(l) = self.step_index(later) {
                    edges.insert((i, l));
                }
            }
        }
        edges.into_iter().collect()
    }

    fn validate(&self, file: &str) -> Result<()> {
        let err = |m: String| data_error(file, m);
        for product in Product::ALL {
            if !self.products.contains_key(&product) {
                return Err(err(format!("[product.{}] is missing", product.key())));
            }
        }
        let mut ids = BTreeSet::new();
        for step in &self.steps {
            if !crate::ident::is_kebab(&step.id) {
                return Err(err(format!(
                    "step id {:?} must be lower-case words joined by '-'",
                    step.id
                )));
            }
            if !ids.insert(step.id.as_str()) {
                return Err(err(format!("step {:?} is declared twice", step.id)));
            }
        }
        for step in &self.steps {
            let name = &step.id;
            if step.title.trim().is_empty() || step.text.trim().is_empty() {
                return Err(err(format!("step {name:?} needs a title and a text")));
            }
            if step.source.trim().is_empty() {
                return Err(err(format!("step {name:?} needs a source")));
            }
            check_conditions(&step.when, &step.unless, name).map_err(&err)?;
            for dep in step.after.iter().chain(&step.before) {
                let Some(other) = self.steps.iter().find(|s| &s.id == dep) else {
                    return Err(err(format!(
                        "step {name:?} refers to {dep:?}, which is not a step (a dangling `after`/`before`)"
                    )));
                };
                let (first, second) = if step.after.contains(dep) {
                    (other, step)
                } else {
                    (step, other)
                };
                if first.phase > second.phase {
                    return Err(err(format!(
                        "step {:?} ({}) cannot come after {:?} ({}): a later phase cannot come first",
                        second.id,
                        second.phase.as_str(),
                        first.id,
                        first.phase.as_str()
                    )));
                }
            }
            let mut texts = vec![step.title.as_str(), step.text.as_str()];
            if let Some(d) = &step.decision {
                texts.extend([d.question.as_str(), d.pass.as_str(), d.fail.as_str()]);
            }
            for text in texts {
                self.check_placeholders(text, name).map_err(&err)?;
            }
        }
        let mut pre_ids = BTreeSet::new();
        for pre in &self.prerequisites {
            if !pre_ids.insert(pre.id.as_str()) {
                return Err(err(format!("prerequisite {:?} is declared twice", pre.id)));
            }
            check_conditions(&pre.when, &pre.unless, &pre.id).map_err(&err)?;
            self.check_placeholders(&pre.text, &pre.id).map_err(&err)?;
        }
        self.check_cycles().map_err(err)
    }

    fn check_placeholders(&self, text: &str, owner: &str) -> std::result::Result<(), String> {
        for name in placeholders(text) {
            if let Some(ids) = name.strip_prefix("step:") {
                for id in ids.split('|') {
                    if self.step_index(id).is_none() {
                        return Err(format!(
                            "{owner:?} refers to {{step:{id}}}, which is not a step"
                        ));
                    }
                }
            } else if !PLACEHOLDERS.contains(&name) {
                return Err(format!(
                    "{owner:?} uses the unknown placeholder {{{name}}} (known: {})",
                    PLACEHOLDERS.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// A cycle is reported with every step in it, found with Tarjan's strongly connected components.
    fn check_cycles(&self) -> std::result::Result<(), String> {
        let mut graph = DiGraph::<usize, ()>::new();
        let nodes: Vec<_> = (0..self.steps.len()).map(|i| graph.add_node(i)).collect();
        for (a, b) in self.edges() {
            graph.add_edge(nodes[a], nodes[b], ());
        }
        let mut cycles: Vec<Vec<&str>> = petgraph::algo::tarjan_scc(&graph)
            .into_iter()
            .filter(|scc| scc.len() > 1 || graph.contains_edge(scc[0], scc[0]))
            .map(|scc| {
                let mut ids: Vec<&str> = scc
                    .iter()
                    .map(|n| self.steps[graph[*n]].id.as_str())
                    .collect();
                ids.sort_unstable();
                ids
            })
            .collect();
        cycles.sort();
        match cycles.first() {
            None => Ok(()),
            Some(_) => Err(format!(
                "the steps depend on each other in a cycle: {}",
                cycles
                    .iter()
                    .map(|c| c.join(" -> "))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        }
    }
}

fn check_conditions(
    when: &[String],
    unless: &[String],
    owner: &str,
) -> std::result::Result<(), String> {
    for c in when.iter().chain(unless) {
        if !conditions::is_known(c) {
            return Err(format!(
                "{owner:?} uses the unknown condition {c:?} (see docs/steps.md)"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalogue_is_valid() {
        let c = Catalogue::embedded().unwrap();
        assert!(c.steps.len() > 30, "{}", c.steps.len());
        assert!(!c.data_version.is_empty());
    }

    #[test]
    fn every_step_has_a_source_and_every_phase_is_used() {
        let c = Catalogue::embedded().unwrap();
        let phases: BTreeSet<Phase> = c.steps.iter().map(|s| s.phase).collect();
        assert_eq!(phases.len(), 6);
        assert!(c.steps.iter().all(|s| s.source.len() > 3));
    }

    #[test]
    fn the_escalation_has_its_decision_points() {
        let c = Catalogue::embedded().unwrap();
        for id in [
            "rehearse-cronus",
            "test-after-platform",
            "test-after-crm-merge",
            "oauth-test-connection",
        ] {
            let step = &c.steps[c.step_index(id).unwrap()];
            assert!(step.decision.is_some(), "{id}");
        }
        assert!(c.step_index("full-merge").is_some());
    }

    #[test]
    fn a_cycle_names_its_steps() {
        let mut c = Catalogue::embedded().unwrap();
        let e = c
            .apply_patches(
                "[[step]]\nid = \"backup\"\nafter = [\"rehearse-cronus\"]\n",
                "x.toml",
            )
            .unwrap_err()
            .to_string();
        assert!(e.contains("cycle"), "{e}");
        assert!(e.contains("backup -> rehearse-cronus"), "{e}");
    }

    #[test]
    fn a_dangling_after_is_named() {
        let mut c = Catalogue::embedded().unwrap();
        let e = c
            .apply_patches(
                "[[step]]\nid = \"x-step\"\ntitle = \"X\"\nphase = \"verify\"\ntext = \"t\"\nafter = [\"no-such\"]\n",
                "x.toml",
            )
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"x-step\"") && e.contains("\"no-such\""), "{e}");
    }

    #[test]
    fn a_later_phase_cannot_come_first() {
        let mut c = Catalogue::embedded().unwrap();
        let e = c
            .apply_patches(
                "[[step]]\nid = \"backup\"\nafter = [\"oauth-register-app\"]\n",
                "x.toml",
            )
            .unwrap_err()
            .to_string();
        assert!(e.contains("later phase"), "{e}");
    }

    #[test]
    fn unknown_placeholders_and_conditions_are_refused() {
        let mut c = Catalogue::embedded().unwrap();
        let e = c
            .apply_patches("[[step]]\nid = \"backup\"\ntext = \"{nope}\"\n", "x.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("{nope}"), "{e}");
        let mut c = Catalogue::embedded().unwrap();
        let e = c
            .apply_patches("[[step]]\nid = \"backup\"\nwhen = [\"sunny\"]\n", "x.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("sunny"), "{e}");
    }

    #[test]
    fn new_steps_need_title_phase_and_text() {
        let mut c = Catalogue::embedded().unwrap();
        let e = c
            .apply_patches("[[step]]\nid = \"new-one\"\ntitle = \"T\"\n", "x.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("needs a phase"), "{e}");
    }

    #[test]
    fn toml_errors_carry_the_file_and_line() {
        let mut c = Catalogue::embedded().unwrap();
        let e = c
            .apply_patches("[[step]]\nid = \"backup\"\ntitle = \n", "mine.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("mine.toml") && e.contains("line 3"), "{e}");
    }
}
