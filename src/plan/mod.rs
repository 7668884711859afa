//! The plan: which steps apply to this customer, in which order, and the runbook built from them.
//!
//! ```text
//! GateFacts + AnalysisFacts ──► Conditions ──► selected steps (data/steps.toml, --steps FILE)
//!                                               ──► DAG (petgraph) ──► stable order ──► Runbook
//! ```
//! [`plan_customer`] is the one call per customer that `plan`, `demo` and `portfolio` share.

pub mod adapt;
pub mod build;
pub mod catalogue;
pub mod conditions;
pub mod facts;
pub mod graph;
pub mod runbook;
pub mod text;

use std::path::PathBuf;

pub use build::{build_runbook, People};
pub use catalogue::{Catalogue, Phase};
pub use facts::{AnalysisFacts, GateFacts, Product, Verdict};
pub use runbook::Runbook;

use crate::{Context, Error, Result};

/// An object file that is not on disk (the demo's embedded export).
#[derive(Debug, Clone)]
pub struct EmbeddedFile {
    /// The name shown in the runbook, e.g. `demo/COD5330.TXT`.
    pub name: String,
    pub bytes: &'static [u8],
}

/// Everything `navplan plan` knows about one customer.
#[derive(Debug, Clone, Default)]
pub struct PlanRequest {
    /// The installed version for platform and application alike.
    pub installed: Option<String>,
    /// The platform version, when it differs.
    pub platform: Option<String>,
    /// The application version, when it differs.
    pub application: Option<String>,
    /// Exported objects (files or folders).
    pub objects: Vec<PathBuf>,
    /// Exported objects shipped in the binary (the demo).
    pub embedded: Vec<EmbeddedFile>,
    /// Code page of exports that are not UTF-8 (0 means the default, 850).
    pub codepage: u16,
    pub people: People,
    /// A `--steps` file of extra or overriding steps.
    pub steps_file: Option<PathBuf>,
}

/// One customer, planned.
#[derive(Debug, Clone)]
pub struct PlannedCustomer {
    /// The gate's full answer (absent when the plan was built from facts directly).
    pub assessment: Option<crate::version::Assessment>,
    /// The inventory of the customer's objects, when some were given.
    pub inventory: Option<crate::objects::Inventory>,
    pub gate: GateFacts,
    pub analysis: Option<AnalysisFacts>,
    pub runbook: Runbook,
    /// The gate's exit code (0 ready, 3 upgrade-required, 4 not-covered).
    pub exit_code: u8,
}

/// Refuse a password in any argument before anything else runs.
pub fn refuse_secrets(req: &PlanRequest) -> Result<()> {
    let args = [
        ("--installed", &req.installed),
        ("--platform", &req.platform),
        ("--application", &req.application),
        ("--customer", &req.people.customer),
        ("--partner", &req.people.partner),
        ("--d365-url", &req.people.d365_url),
        ("--integration-user", &req.people.integration_user),
        ("--app-id", &req.people.app_id),
    ];
    for (name, value) in args {
        if let Some(value) = value {
            crate::oauth::refuse_secret(name, value).map_err(|e| Error::Input(e.to_string()))?;
        }
    }
    Ok(())
}

/// Assess one customer and build the runbook: the gate, the analysis of its objects (when given),
/// the selected and ordered steps, and the OAuth set-up.
pub fn plan_customer(req: &PlanRequest, ctx: &Context) -> Result<PlannedCustomer> {
    plan_customer_showing(req, ctx, &crate::objects::NoProgress)
}

/// [`plan_customer`], reporting the scan of the customer's objects to `progress` (`plan` and
/// `graph` draw a bar; `portfolio` draws its own per customer, and `demo` reads no files).
pub fn plan_customer_showing(
    req: &PlanRequest,
    ctx: &Context,
    progress: &dyn crate::objects::Progress,
) -> Result<PlannedCustomer> {
    refuse_secrets(req)?;
    let catalogue = Catalogue::with_overrides(req.steps_file.as_deref())?;
    let inventory = adapt::inventory(req, progress)?;
    let (assessment, gate) = adapt::assess(req, inventory.as_ref(), ctx)?;
    let analysed = inventory
        .map(|inv| {
            adapt::analyse(
                inv,
                &gate,
                if req.codepage == 0 { 850 } else { req.codepage },
            )
        })
        .transpose()?;
    let (inventory, facts) = match analysed {
        Some(a) => (Some(a.inventory), Some(a.facts)),
        None => (None, None),
    };
    let mut planned = plan_from_facts(gate, facts, &req.people, &catalogue, ctx)?;
    planned.assessment = Some(assessment);
    planned.inventory = inventory;
    Ok(planned)
}

/// Build the plan from facts already gathered (tests and tools that have their own gate).
pub fn plan_from_facts(
    gate: GateFacts,
    analysis: Option<AnalysisFacts>,
    people: &People,
    catalogue: &Catalogue,
    ctx: &Context,
) -> Result<PlannedCustomer> {
    let runbook = build_runbook(
        &gate,
        analysis.as_ref(),
        people,
        catalogue,
        adapt::troubleshooting_notes(),
        ctx,
    )?;
    Ok(PlannedCustomer {
        assessment: None,
        inventory: None,
        exit_code: gate.verdict.exit_code(),
        gate,
        analysis,
        runbook,
    })
}
