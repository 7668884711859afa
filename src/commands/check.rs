use crate::cli::CheckArgs;
use crate::{Context, Outcome, Result};

pub fn run(_args: &CheckArgs, _ctx: &Context) -> Result<Outcome> {
    super::not_built("check")
}
