//! navplan: plans the move of the Dynamics 365 Sales integration of on-premises NAV 2016-2018 and
//! Business Central 14/15 to OAuth.
//!
//! The pipeline is a chain of typed values, each stage a module that never prints:
//! installed spec -> [`version`] (installation, gate verdict)
//! object files   -> [`objects`] (inventory)
//! both           -> [`analysis`] (merge set, customisations, DotNet pins, impact, effort)
//!                -> [`plan`] (the step DAG in a stable order) -> [`render`] (md, html, json, dot, mermaid).
//! [`commands`] glues one subcommand to the stages and returns an [`Outcome`]; `main.rs` prints it.

pub mod allocator;
pub mod analysis;
pub mod cli;
pub mod commands;
pub mod datadir;
pub mod diagnose;
pub mod error;
pub mod exit;
mod ident;
pub mod oauth;
pub mod objects;
pub mod plan;
pub mod portfolio;
pub mod progress;
pub mod render;
pub mod style;
pub mod version;

pub use error::{Error, Result};

/// What a command produced: text for stdout, text for stderr, and the exit code.
///
/// A command whose output can be large (`scan --json` on a whole database runs to gigabytes)
/// writes it to the writer [`run`] is given instead, and leaves `stdout` empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Text for stdout, written after anything the command wrote to the writer itself.
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

impl Outcome {
    pub fn ok(stdout: impl Into<String>) -> Self {
        Outcome {
            stdout: stdout.into(),
            stderr: String::new(),
            code: exit::OK,
        }
    }
}

/// Settings that every command shares.
#[derive(Debug, Clone)]
pub struct Context {
    /// The run date: today, unless `--date` pins it (tests pin it for byte-identical output).
    pub today: chrono::NaiveDate,
    /// Whether terminal output may carry colour.
    pub color: bool,
    /// Whether stderr is a terminal (progress bars are drawn only then).
    pub stderr_is_terminal: bool,
}

impl Context {
    pub fn from_cli(cli: &cli::Cli) -> Result<Self> {
        use std::io::IsTerminal;
        let today = match &cli.date {
            Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| Error::Usage(format!("--date wants YYYY-MM-DD, got {text:?}")))?,
            None => chrono::Local::now().date_naive(),
        };
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let color = match cli.color {
            cli::ColorChoice::Always => true,
            cli::ColorChoice::Never => false,
            cli::ColorChoice::Auto => {
                stdout_is_terminal && std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty())
            }
        };
        Ok(Context {
            today,
            color,
            stderr_is_terminal: std::io::stderr().is_terminal(),
        })
    }
}

/// Run the command the user asked for. Large output goes to `stdout` as it is produced (give a
/// buffered writer); the rest comes back in the [`Outcome`].
pub fn run(cli: &cli::Cli, stdout: &mut dyn std::io::Write) -> Result<Outcome> {
    if let Some(dir) = &cli.data {
        datadir::install(dir)?;
    }
    let ctx = Context::from_cli(cli)?;
    commands::run(&cli.command, &ctx, stdout)
}
