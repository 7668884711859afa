//! One customer through the pipeline: connection details, gate, objects, plan, runbook.

use std::path::PathBuf;

use super::{Customer, Row};
use crate::cli::RunbookFormat;
use crate::oauth::{AppId, OrgUrl, Upn};
use crate::Context;

/// What every customer of one run shares.
#[derive(Debug, Clone)]
pub struct RowOptions {
    pub partner: Option<String>,
    /// Folder for the runbooks; `None` plans without writing.
    pub out: Option<PathBuf>,
    pub format: RunbookFormat,
    pub force: bool,
    /// Code page of exports that are not UTF-8.
    pub codepage: u16,
}

/// Plan one customer and describe the outcome as a summary row. Never fails: whatever goes
/// wrong becomes the row's problem.
pub fn plan_customer_row(customer: &Customer, opts: &RowOptions, ctx: &Context) -> Row {
    let mut problems = connection_problems(customer);
    for path in &customer.objects {
        if !path.exists() {
            problems.push(format!("objects path {} does not exist", path.display()));
        }
    }
    if !problems.is_empty() {
        return Row::error(customer, problems);
    }
    let _ = (opts, ctx);
    Row::error(
        customer,
        vec!["planning is not wired yet (waiting for the gate and the plan)".into()],
    )
}

/// Each connection detail given must be valid on its own; the plan decides what a partial set
/// means for the runbook.
fn connection_problems(customer: &Customer) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(url) = &customer.url {
        if let Err(e) = OrgUrl::parse(url) {
            problems.push(e.to_string());
        }
    }
    if let Some(user) = &customer.user {
        if let Err(e) = Upn::parse(user) {
            problems.push(e.to_string());
        }
    }
    if let Some(app_id) = &customer.app_id {
        if let Err(e) = AppId::parse(app_id) {
            problems.push(e.to_string());
        }
    }
    problems
}

/// The runbook file extension for a format.
pub fn extension(format: RunbookFormat) -> &'static str {
    match format {
        RunbookFormat::Md => "md",
        RunbookFormat::Html => "html",
        RunbookFormat::Json => "json",
    }
}
