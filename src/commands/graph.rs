use crate::cli::GraphArgs;
use crate::plan::{plan_customer_showing, PlanRequest};
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
    let bar = crate::progress::Bar::new(ctx, "files");
    let planned = plan_customer_showing(&req, ctx, &bar)?;
    Ok(Outcome {
        stdout: render_graph(&planned.runbook, args.format),
        stderr: String::new(),
        code: planned.exit_code,
    })
}
