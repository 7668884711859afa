use crate::cli::GraphArgs;
use crate::{Context, Outcome, Result};

pub fn run(_args: &GraphArgs, _ctx: &Context) -> Result<Outcome> {
    super::not_built("graph")
}
