use crate::cli::DemoArgs;
use crate::{Context, Outcome, Result};

pub fn run(_args: &DemoArgs, _ctx: &Context) -> Result<Outcome> {
    super::not_built("demo")
}
