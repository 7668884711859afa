use crate::cli::CompareArgs;
use crate::{Context, Outcome, Result};

pub fn run(_args: &CompareArgs, _ctx: &Context) -> Result<Outcome> {
    super::not_built("compare")
}
