//! The runbook: everything the renderers print, as one serialisable value.
//! Its JSON is the `--format json` output; the shape is documented in docs/runbook.md and
//! versioned by [`SCHEMA_VERSION`].

use std::collections::BTreeMap;

use serde::Serialize;

use super::catalogue::Phase;
use super::facts::{AnalysisFacts, NotCovered, Verdict};
use super::text::{Block, Inline};

/// The name of the JSON document type.
pub const SCHEMA: &str = "navplan-runbook";
/// Bumped when a field is renamed or removed or changes meaning; adding a field does not bump it.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Debug, Clone, Serialize)]
pub struct Runbook {
    pub schema: &'static str,
    pub schema_version: u32,
    pub header: Header,
    pub verdict: VerdictInfo,
    pub summary: Vec<SummaryRow>,
    /// The named conditions that held for this customer (docs/steps.md).
    pub conditions: Vec<String>,
    pub prerequisites: Vec<Vec<Inline>>,
    /// The ordered steps before the OAuth set-up (phases prepare to integration).
    pub steps: Vec<Step>,
    /// The analysis of the customer's objects, when an export was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analysis: Option<AnalysisFacts>,
    /// All steps as a graph: nodes in runbook order, edges between step numbers.
    pub graph: StepGraph,
    /// The OAuth set-up, last; absent for a version this procedure does not cover.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth: Option<OAuthSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_covered: Option<NotCovered>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub title: String,
    pub customer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    /// The run date (YYYY-MM-DD).
    pub date: String,
    pub navplan_version: String,
    /// Data file -> data version.
    pub data_versions: BTreeMap<String, String>,
    /// The `--steps` file that changed the built-in steps, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps_overrides: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerdictInfo {
    pub verdict: Verdict,
    pub exit_code: u8,
    pub product: String,
    /// The verdict in one sentence.
    pub sentence: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<String>,
    pub out_of_support: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryRow {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub question: Vec<Inline>,
    pub pass: Vec<Inline>,
    pub fail: Vec<Inline>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// 1-based position in the runbook (numbering runs on into the OAuth section).
    pub number: u32,
    pub id: String,
    pub title: String,
    pub phase: Phase,
    /// Numbers of the steps that must be done first (transitively reduced).
    pub after: Vec<u32>,
    pub text: Vec<Block>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GraphNode {
    pub number: u32,
    pub id: String,
    pub title: String,
    pub phase: Phase,
    pub decision: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct StepGraph {
    pub nodes: Vec<GraphNode>,
    /// (from, to) step numbers.
    pub edges: Vec<(u32, u32)>,
}

/// One troubleshooting note for the connection test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trouble {
    pub id: String,
    pub title: String,
    pub cause: String,
    pub fix: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OAuthSection {
    pub steps: Vec<Step>,
    /// The connection string: the customer's own when URL, user and app id were given, otherwise a
    /// template with `<...>` gaps. The password is always the `{PASSWORD}` placeholder.
    pub connection_string: String,
    /// Whether URL, user and app id were all given and validated.
    pub connection_string_complete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_version: Option<u32>,
    pub troubleshooting: Vec<Trouble>,
}

impl Runbook {
    /// Every step, the OAuth section's included, in runbook order.
    pub fn all_steps(&self) -> impl Iterator<Item = &Step> {
        self.steps
            .iter()
            .chain(self.oauth.iter().flat_map(|o| o.steps.iter()))
    }
}
