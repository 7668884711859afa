//! `navplan demo`: the full `plan` on the embedded sample customer (data/demo/), so a newcomer
//! sees a complete runbook with one command.

use crate::cli::DemoArgs;
use crate::plan::{plan_customer, EmbeddedFile, People, PlanRequest};
use crate::render::render;
use crate::{Context, Outcome, Result};

/// The demo export: a small synthetic NAV 2018 CU 30 database, written by hand (data/demo/README.md).
const DEMO_FILES: &[(&str, &[u8])] = &[
    ("demo/COD1.TXT", include_bytes!("../../data/demo/COD1.TXT")),
    (
        "demo/COD448.TXT",
        include_bytes!("../../data/demo/COD448.TXT"),
    ),
    (
        "demo/COD5330.TXT",
        include_bytes!("../../data/demo/COD5330.TXT"),
    ),
    (
        "demo/COD50010.TXT",
        include_bytes!("../../data/demo/COD50010.TXT"),
    ),
    (
        "demo/COD50020.TXT",
        include_bytes!("../../data/demo/COD50020.TXT"),
    ),
    (
        "demo/PAG50011.TXT",
        include_bytes!("../../data/demo/PAG50011.TXT"),
    ),
    (
        "demo/TAB472.TXT",
        include_bytes!("../../data/demo/TAB472.TXT"),
    ),
    (
        "demo/TAB5330.TXT",
        include_bytes!("../../data/demo/TAB5330.TXT"),
    ),
];

/// The demo customer's request: NAV 2018 CU 30, the embedded export, and made-up OAuth inputs.
pub fn demo_request() -> PlanRequest {
    PlanRequest {
        installed: Some("NAV 2018 CU 30".to_string()),
        embedded: DEMO_FILES
            .iter()
            .map(|(name, bytes)| EmbeddedFile {
                name: (*name).to_string(),
                bytes,
            })
            .collect(),
        codepage: 850,
        people: People {
            customer: Some("Northwind Traders (demo)".to_string()),
            partner: Some("Fabrikam Partners (demo)".to_string()),
            d365_url: Some("https://northwind.crm4.dynamics.com".to_string()),
            integration_user: Some("d365integration@northwind.onmicrosoft.com".to_string()),
            app_id: Some("3c7e9a51-0d2b-4f86-9e1a-5b4c2d8f7a60".to_string()),
        },
        ..PlanRequest::default()
    }
}

pub fn run(args: &DemoArgs, ctx: &Context) -> Result<Outcome> {
    let planned = plan_customer(&demo_request(), ctx)?;
    let text = render(&planned.runbook, args.format);
    // The demo itself succeeded: exit 0, and say what the gate would have answered.
    let mut outcome =
        super::plan::deliver(text, args.output.as_deref(), args.force, crate::exit::OK)?;
    outcome.stderr.push_str(&format!(
        "navplan: demo customer verdict: {} (`navplan plan` would exit with {})\n",
        planned.runbook.verdict.verdict.name(),
        planned.exit_code
    ));
    Ok(outcome)
}
