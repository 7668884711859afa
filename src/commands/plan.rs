use crate::cli::PlanArgs;
use crate::{Context, Outcome, Result};

pub fn run(_args: &PlanArgs, _ctx: &Context) -> Result<Outcome> {
    super::not_built("plan")
}
