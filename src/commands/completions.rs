use crate::cli::CompletionsArgs;
use crate::{Context, Outcome, Result};

pub fn run(_args: &CompletionsArgs, _ctx: &Context) -> Result<Outcome> {
    super::not_built("completions")
}

pub fn man(_ctx: &Context) -> Result<Outcome> {
    super::not_built("man")
}
