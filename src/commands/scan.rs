use crate::cli::ScanArgs;
use crate::{Context, Outcome, Result};

pub fn run(_args: &ScanArgs, _ctx: &Context) -> Result<Outcome> {
    super::not_built("scan")
}
