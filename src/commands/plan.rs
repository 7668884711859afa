use crate::cli::PlanArgs;
use crate::plan::{plan_customer_showing, People, PlanRequest};
use crate::render::{render, write_atomic};
use crate::{Context, Outcome, Result};

pub fn request(args: &PlanArgs) -> PlanRequest {
    PlanRequest {
        installed: args.installed.installed.clone(),
        platform: args.installed.platform.clone(),
        application: args.installed.application.clone(),
        objects: args.objects.clone(),
        embedded: Vec::new(),
        codepage: args.codepage,
        people: People {
            customer: args.customer.clone(),
            partner: args.partner.clone(),
            d365_url: args.d365_url.clone(),
            integration_user: args.integration_user.clone(),
            app_id: args.app_id.clone(),
        },
        steps_file: args.steps.clone(),
    }
}

pub fn run(args: &PlanArgs, ctx: &Context) -> Result<Outcome> {
    // A bar on stderr while the customer's objects are read, drawn only when stderr is a
    // terminal (as in `scan`).
    let bar = crate::progress::Bar::new(ctx, "files");
    let planned = plan_customer_showing(&request(args), ctx, &bar)?;
    let text = render(&planned.runbook, args.format);
    let mut outcome = deliver(text, args.output.as_deref(), args.force, planned.exit_code)?;
    outcome.stderr.push_str(&scan_warning(&planned));
    Ok(outcome)
}

/// A line on stderr when the scan skipped or damaged something (the runbook lists each one);
/// the exit code stays the gate's.
pub fn scan_warning(planned: &crate::plan::PlannedCustomer) -> String {
    let problems = planned.analysis.as_ref().map_or(0, |a| a.diagnostics.len());
    if problems == 0 {
        String::new()
    } else {
        format!(
            "navplan: warning: {problems} problem(s) while reading the objects; see \"Skipped or damaged input\" in the runbook\n"
        )
    }
}

/// Print the runbook, or write it atomically and say where; the exit code is the gate's.
pub fn deliver(
    text: String,
    output: Option<&std::path::Path>,
    force: bool,
    code: u8,
) -> Result<Outcome> {
    match output {
        Some(path) => {
            write_atomic(path, text.as_bytes(), force)?;
            Ok(Outcome {
                stdout: String::new(),
                stderr: format!("navplan: runbook written to {}\n", path.display()),
                code,
            })
        }
        None => Ok(Outcome {
            stdout: text,
            stderr: String::new(),
            code,
        }),
    }
}
