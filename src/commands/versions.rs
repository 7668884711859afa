use crate::cli::VersionsArgs;
use crate::{Context, Outcome, Result};

pub fn run(_args: &VersionsArgs, _ctx: &Context) -> Result<Outcome> {
    super::not_built("versions")
}
