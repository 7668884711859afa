use crate::cli::DiagnoseArgs;
use crate::{Context, Outcome, Result};

pub fn run(_args: &DiagnoseArgs, _ctx: &Context) -> Result<Outcome> {
    super::not_built("diagnose")
}
