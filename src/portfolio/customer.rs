//! One customer through the pipeline: connection details, gate, objects, plan, runbook.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{runbook_stem, Customer, Row, RowVerdict};
use crate::cli::RunbookFormat;
use crate::oauth::{AppId, OrgUrl, Upn};
use crate::plan::{self, People, PlanRequest, PlannedCustomer, Verdict};
use crate::version::{assess, Installation, VersionData};
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
    let request = PlanRequest {
        installed: customer.installed.clone(),
        platform: customer.platform.clone(),
        application: customer.application.clone(),
        objects: customer.objects.clone(),
        embedded: Vec::new(),
        codepage: opts.codepage,
        people: People {
            customer: Some(customer.name.clone()),
            partner: opts.partner.clone(),
            d365_url: customer.url.clone(),
            integration_user: customer.user.clone(),
            app_id: customer.app_id.clone(),
        },
        steps_file: None,
    };
    let planned = match plan::plan_customer(&request, ctx) {
        Ok(planned) => planned,
        Err(e) => return Row::error(customer, vec![e.to_string()]),
    };
    let mut row = summarise(customer, &planned, ctx);
    if let Some(dir) = &opts.out {
        let path = dir.join(format!(
            "{}.{}",
            runbook_stem(&customer.name),
            extension(opts.format)
        ));
        let text = crate::render::render(&planned.runbook, opts.format);
        match crate::render::write_atomic(&path, text.as_bytes(), opts.force) {
            Ok(()) => row.runbook = Some(path.display().to_string()),
            Err(e) => {
                row.verdict = RowVerdict::Error;
                row.problems.push(format!("runbook not written: {e}"));
            }
        }
    }
    row
}

/// The row's columns from the planned customer. The short table cells (product, sides, support)
/// come from the gate's own assessment; the plan adds the analysis and its remarks.
fn summarise(customer: &Customer, planned: &PlannedCustomer, ctx: &Context) -> Row {
    let gate = &planned.gate;
    let verdict = match gate.verdict {
        Verdict::Ready => RowVerdict::Ready,
        Verdict::UpgradeRequired => RowVerdict::UpgradeRequired,
        Verdict::NotCovered => RowVerdict::NotCovered,
    };
    let mut row = Row::blank(customer, verdict);
    let assessment = Installation::from_specs(
        customer.installed.as_deref(),
        customer.platform.as_deref(),
        customer.application.as_deref(),
    )
    .ok()
    .map(|installation| assess(&installation, VersionData::embedded(), ctx.today));
    match &assessment {
        Some(a) => {
            let product = short_product(&a.product.name);
            // A version outside the table reads "NAV 2015 CU 5": the product is its own column.
            let bare = |text: String| match text.strip_prefix(&format!("{product} ")) {
                Some(rest) => rest.to_string(),
                None => text,
            };
            row.platform = Some(bare(a.platform.placed_or_given().to_string()));
            row.application = Some(bare(a.application.placed_or_given().to_string()));
            row.product = Some(product);
            row.support = Some(a.support.short());
            row.target = a.target.as_ref().map(|t| t.release.label.clone());
            row.warnings.extend(a.notes.iter().cloned());
            if let Some(advice) = &a.advice {
                row.warnings.push(advice.clone());
            }
        }
        None => {
            row.product = Some(short_product(&gate.product_name));
            row.platform = Some(gate.installed_platform.clone());
            row.application = Some(gate.installed_application.clone());
            row.support = gate.support.clone();
        }
    }
    // The plan's own remarks (e.g. object tags that disagree with the version given); the
    // target is a column of its own.
    for note in &gate.notes {
        if !row.warnings.contains(note) && !note.starts_with("Target ") {
            row.remarks.push(note.clone());
        }
    }
    if let Some(analysis) = &planned.analysis {
        row.objects_to_merge = Some(analysis.worklist.len());
        row.dotnet_pins = Some(analysis.dotnet_fixes.len());
        let users: BTreeSet<&String> = analysis
            .dependents
            .iter()
            .flat_map(|d| d.used_by.iter())
            .collect();
        row.dependents = Some(users.len());
        row.effort_hours = analysis.effort.as_ref().map(|e| e.total_hours);
        match analysis.diagnostics.len() {
            0 => {}
            1 => row
                .remarks
                .push(format!("scan: {}", analysis.diagnostics[0])),
            n => row.remarks.push(format!(
                "scan: {n} diagnostics, first: {}",
                analysis.diagnostics[0]
            )),
        }
    }
    row
}

/// "Dynamics NAV 2018" -> "NAV 2018"; "Business Central 14 (spring 2019)" -> "BC 14".
fn short_product(name: &str) -> String {
    let name = name.split(" (").next().unwrap_or(name);
    let name = name.strip_prefix("Dynamics ").unwrap_or(name);
    match name.strip_prefix("Business Central") {
        Some(rest) => format!("BC{rest}"),
        None => name.to_string(),
    }
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
    crate::render::extension(format)
}

#[cfg(test)]
mod tests {
    use super::short_product;

    #[test]
    fn product_names_are_shortened_for_the_table() {
        assert_eq!(short_product("Dynamics NAV 2018"), "NAV 2018");
        assert_eq!(short_product("Business Central 14 (spring 2019)"), "BC 14");
        assert_eq!(short_product("Business Central online"), "BC online");
        assert_eq!(short_product("NAV 2015"), "NAV 2015");
    }
}
