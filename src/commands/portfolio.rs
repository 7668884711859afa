use crate::cli::PortfolioArgs;
use crate::{Context, Outcome, Result};

pub fn run(_args: &PortfolioArgs, _ctx: &Context) -> Result<Outcome> {
    super::not_built("portfolio")
}
