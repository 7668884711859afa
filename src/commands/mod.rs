//! One module per subcommand: each takes its parsed arguments and the shared [`Context`] and
//! returns an [`Outcome`]. No module here prints: `scan`, whose report can run to gigabytes,
//! writes it to the writer it is handed instead of holding it in memory.

use crate::cli::Command;
use crate::{Context, Outcome, Result};

mod check;
mod compare;
mod completions;
mod connection_string;
mod demo;
mod diagnose;
mod graph;
mod plan;
mod portfolio;
mod scan;
mod scan_json;
mod versions;

pub use check::help as check_help;
pub use versions::help as versions_help;

pub fn run(command: &Command, ctx: &Context, stdout: &mut dyn std::io::Write) -> Result<Outcome> {
    match command {
        Command::Plan(args) => plan::run(args, ctx),
        Command::Demo(args) => demo::run(args, ctx),
        Command::Check(args) => check::run(args, ctx),
        Command::Scan(args) => scan::run(args, ctx, stdout),
        Command::Compare(args) => compare::run(args, ctx),
        Command::Versions(args) => versions::run(args, ctx),
        Command::ConnectionString(args) => connection_string::run(args, ctx),
        Command::Diagnose(args) => diagnose::run(args, ctx),
        Command::Graph(args) => graph::run(args, ctx),
        Command::Portfolio(args) => portfolio::run(args, ctx),
        Command::Completions(args) => completions::run(args, ctx),
        Command::Man => completions::man(ctx),
    }
}
