//! The seams to the other stages: the gate (`crate::version`), the inventory and analysis
//! (`crate::objects`, `crate::analysis`) and the known-errors table (`crate::diagnose`) are turned
//! into the planner's own facts here, and nowhere else.

use super::facts::{AnalysisFacts, GateFacts};
use super::runbook::Trouble;
use super::PlanRequest;
use crate::{Context, Error, Result};

/// The analysis of the request's objects, with what the gate may read from them.
#[derive(Debug, Clone)]
pub struct Analysed {
    pub facts: AnalysisFacts,
}

/// Read and analyse the customer's objects; `None` when none were given.
pub fn analyse(req: &PlanRequest) -> Result<Option<Analysed>> {
    if req.objects.is_empty() && req.embedded.is_empty() {
        return Ok(None);
    }
    Err(Error::Input(
        "reading object exports is not built yet (crate::objects / crate::analysis)".into(),
    ))
}

/// The gate's verdict for the installed version.
pub fn assess(
    _req: &PlanRequest,
    _analysis: Option<&Analysed>,
    _ctx: &Context,
) -> Result<GateFacts> {
    Err(Error::Input(
        "the gate is not built yet (crate::version)".into(),
    ))
}

/// The troubleshooting notes for the connection test.
pub fn troubleshooting_notes() -> Vec<Trouble> {
    Vec::new()
}
