use crate::cli::PlanArgs;
use crate::plan::{plan_customer, People, PlanRequest};
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
    let planned = plan_customer(&request(args), ctx)?;
    let text = render(&planned.runbook, args.format);
    deliver(text, args.output.as_deref(), args.force, planned.exit_code)
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
