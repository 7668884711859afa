use crate::cli::ConnectionStringArgs;
use crate::{Context, Outcome, Result};

pub fn run(_args: &ConnectionStringArgs, _ctx: &Context) -> Result<Outcome> {
    super::not_built("connection-string")
}
