//! `navplan portfolio FILE`: every customer of a TOML or CSV file, planned in parallel, with a
//! summary table (or `--json`) and one runbook each in `--out DIR`.

use crate::cli::PortfolioArgs;
use crate::portfolio::{self, Report, Row, RowOptions, Summary};
use crate::progress::Bar;
use crate::style::Painter;
use crate::{Context, Error, Outcome, Result};

pub fn run(args: &PortfolioArgs, ctx: &Context) -> Result<Outcome> {
    let mut file = portfolio::read(&args.file)?;
    portfolio::claim_runbook_names(&mut file.customers);
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    }
    let opts = RowOptions {
        partner: file.partner.clone(),
        out: args.out.clone(),
        format: args.format,
        force: args.force,
        codepage: args.codepage,
    };
    let bar = Bar::new(ctx, "customers");
    bar.start(file.customers.len() as u64);
    let rows: Vec<Row> = portfolio::plan_all(
        &file.customers,
        |customer| portfolio::plan_customer_row(customer, &opts, ctx),
        |row| bar.advance(&row.name),
    );
    bar.finish();
    let report = Report {
        version: portfolio::JSON_VERSION,
        date: ctx.today.format("%Y-%m-%d").to_string(),
        file: args.file.display().to_string(),
        partner: file.partner,
        out: args.out.as_ref().map(|p| p.display().to_string()),
        summary: Summary::of(&rows),
        customers: rows,
    };
    let stdout = if args.json {
        let mut json = serde_json::to_string_pretty(&report)
            .map_err(|e| Error::Input(format!("cannot write JSON: {e}")))?;
        json.push('\n');
        json
    } else {
        portfolio::render_table(&report, Painter::for_context(ctx))
    };
    Ok(Outcome {
        stdout,
        stderr: String::new(),
        code: report.summary.exit_code,
    })
}
