use crate::cli::GraphArgs;
use crate::plan::{plan_customer, PlanRequest};
use crate::render::render_graph;
use crate::{Context, Outcome, Result};

pub fn run(args: &GraphArgs, ctx: &Context) -> Result<Outcome> {
    let req = PlanRequest {
        installed: args.installed.installed.clone(),
        platform: args.installed.platform.clone(),
        application: args.installed.application.clone(),
        objects: args.objects.clone(),
        codepage: args.codepage,
        steps_file: args.steps.clone(),
        ..PlanRequest::default()
    };
    let planned = plan_customer(&req, ctx)?;
    Ok(Outcome {
        stdout: render_graph(&planned.runbook, args.format),
        stderr: String::new(),
        code: planned.exit_code,
    })
}
