//! Command-line definitions (clap derive). Only the shape of the arguments lives here;
//! `crate::commands` turns them into work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "navplan",
    version,
    about = "Plan the move of a NAV 2016-2018 / Business Central 14-15 Dynamics 365 Sales integration to OAuth",
    long_about = "navplan reads what a partner has in hand (the installed version, a folder of exported \
objects) and tells whether the installation can get OAuth for its Dynamics 365 Sales integration, \
what must be upgraded and merged first, and writes the customer runbook that ends with the OAuth set-up.",
    after_help = crate::exit::HELP,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to colour the output: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// A folder with your own versions.toml, merge-rules.toml, steps.toml or errors.toml; each
    /// file there replaces the built-in one (e.g. to add a newly published CU build).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<std::path::PathBuf>,

    /// Pin the run date (YYYY-MM-DD) used for support status and runbook headers.
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess one customer and write the runbook (the main job).
    Plan(PlanArgs),
    /// Run `plan` on the embedded sample customer.
    Demo(DemoArgs),
    /// The gate alone: is this installation ready for OAuth? The exit code says it.
    Check(CheckArgs),
    /// Inventory of exported objects: versions, objects to merge, DotNet pins, dependents.
    Scan(ScanArgs),
    /// Three-way classification of objects: original (installed CU), modified (customer), target CU.
    Compare(CompareArgs),
    /// The minimum-CU table, or every known CU of one product.
    Versions(VersionsArgs),
    /// The OAuth connection string for a version, validated.
    ConnectionString(ConnectionStringArgs),
    /// Match an error message (or a whole log) against the known errors: cause and fix.
    Diagnose(DiagnoseArgs),
    /// The plan's step graph as DOT or Mermaid.
    Graph(GraphArgs),
    /// Many customers from one TOML or CSV file: a summary table and one runbook each.
    Portfolio(PortfolioArgs),
    /// Shell completions for bash, zsh, fish or PowerShell.
    Completions(CompletionsArgs),
    /// The man page (roff) on stdout.
    Man,
}

/// What the partner knows about the installed version.
#[derive(Debug, Clone, Default, Args)]
pub struct InstalledArgs {
    /// The installed version, for platform and application alike: "NAV 2018 CU 30", "BC 14.21",
    /// "11.0.44952.0", "NAVW114.21", ...
    #[arg(long, value_name = "SPEC")]
    pub installed: Option<String>,
    /// The platform version (executables, build number) when it differs from the application.
    #[arg(long, value_name = "SPEC")]
    pub platform: Option<String>,
    /// The application version (objects, Version List tags) when it differs from the platform.
    #[arg(long, value_name = "SPEC")]
    pub application: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunbookFormat {
    Md,
    Html,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  navplan plan --installed \"NAV 2018 CU 30\" --objects ./export --customer Contoso -o contoso.md
  navplan plan --platform 11.0.47056.0 --objects ./export --format html -o runbook.html
  navplan plan --installed \"BC 14 CU 10\" --d365-url https://contoso.crm4.dynamics.com \\
      --integration-user d365integration@contoso.onmicrosoft.com --app-id <GUID> --format json

The runbook ends with the OAuth set-up; its connection string always carries Password={PASSWORD}.
A password in any argument is refused. -o writes atomically and keeps an existing file unless --force.

Exit codes (the gate's, also when the runbook was written):
  0 ready, 3 upgrade-required, 4 not-covered, 1 error, 2 usage")]
pub struct PlanArgs {
    #[command(flatten)]
    pub installed: InstalledArgs,
    /// Exported objects (files or folders) of this customer.
    #[arg(long = "objects", value_name = "PATH", num_args = 1..)]
    pub objects: Vec<PathBuf>,
    /// Code page of exports that are not UTF-8.
    #[arg(long, default_value_t = 850, value_name = "N")]
    pub codepage: u16,
    /// The customer's name, for the runbook header.
    #[arg(long)]
    pub customer: Option<String>,
    /// The partner's name, for the runbook header.
    #[arg(long)]
    pub partner: Option<String>,
    /// The Dynamics 365 organisation URL, e.g. https://contoso.crm4.dynamics.com
    #[arg(long = "d365-url", value_name = "URL")]
    pub d365_url: Option<String>,
    /// The integration user's UPN, e.g. d365integration@contoso.onmicrosoft.com
    #[arg(long = "integration-user", value_name = "UPN")]
    pub integration_user: Option<String>,
    /// The Application (client) ID of the app registration.
    #[arg(long = "app-id", value_name = "GUID")]
    pub app_id: Option<String>,
    /// Output format of the runbook.
    #[arg(long, value_enum, default_value_t = RunbookFormat::Md)]
    pub format: RunbookFormat,
    /// Write the runbook to this file instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file when it exists.
    #[arg(long)]
    pub force: bool,
    /// A TOML file of extra steps or step texts that override the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub steps: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  navplan demo
  navplan demo --format html -o demo-runbook.html

The demo customer is a small synthetic NAV 2018 CU 30 export shipped in the binary. The command
exits 0 and names the gate's verdict for the demo customer on stderr.")]
pub struct DemoArgs {
    /// Output format of the runbook.
    #[arg(long, value_enum, default_value_t = RunbookFormat::Md)]
    pub format: RunbookFormat,
    /// Write the runbook to this file instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file when it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(after_help = crate::commands::check_help())]
pub struct CheckArgs {
    #[command(flatten)]
    pub installed: InstalledArgs,
    /// Print the verdict as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files and folders of exported objects, in any mix.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Code page of exports that are not UTF-8.
    #[arg(long, default_value_t = 850, value_name = "N")]
    pub codepage: u16,
    /// Print one JSON document instead of the summary.
    #[arg(long)]
    pub json: bool,
    /// Standard objects of the installed CU: objects that differ from them count as customised.
    #[arg(long, value_name = "DIR")]
    pub baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Each object in scope is classified: take-target (the customer did not change it), keep-modified
(only the customer changed it), merge (both changed it), inserted or deleted. The counts follow
Merge-NAVApplicationObject: identical, merged, conflict, inserted, deleted. Objects are compared
by structure (fields, triggers, procedures, properties, actions, controls); layout, Date and Time
are ignored. The JSON shape is in docs/analysis.md.

Exit codes: 0 done; 1 a folder is missing or some input was skipped; 2 wrong arguments.")]
pub struct CompareArgs {
    /// Standard objects of the installed CU.
    #[arg(long, value_name = "DIR")]
    pub original: PathBuf,
    /// The customer's objects.
    #[arg(long, value_name = "DIR")]
    pub modified: PathBuf,
    /// Standard objects of the target CU.
    #[arg(long, value_name = "DIR")]
    pub target: PathBuf,
    /// Classify every object, not only the merge set.
    #[arg(long)]
    pub all: bool,
    /// Code page of exports that are not UTF-8.
    #[arg(long, default_value_t = 850, value_name = "N")]
    pub codepage: u16,
    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = crate::commands::versions_help())]
pub struct VersionsArgs {
    /// A product ("NAV 2018", "nav2017", "BC14", ...): list every known CU of it.
    #[arg(value_name = "PRODUCT")]
    pub product: Option<String>,
    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  navplan connection-string --installed \"NAV 2018 CU 41\" --url https://contoso.crm4.dynamics.com \\\n      --user d365integration@contoso.onmicrosoft.com --app-id 6f1d2c3b-4a59-4e7d-8c21-0b9a8f7e6d5c\n  navplan connection-string --installed \"BC 14.21\" --url ... --user ... --app-id ... --json\n\nThe string goes to stdout alone (notes go to stderr). It always carries Password={PASSWORD}: type\nthe password into the connection set-up page, never into the string. BC 14 and 15 get ProxyVersion=91.\n\nExit codes: 0 the string was written (also when the version must be updated first: see the note),\n  1 bad input, 2 wrong arguments or a password given, 4 a version this procedure does not cover."
)]
pub struct ConnectionStringArgs {
    #[command(flatten)]
    pub installed: InstalledArgs,
    /// The Dynamics 365 organisation URL, e.g. https://contoso.crm4.dynamics.com
    #[arg(long, value_name = "URL")]
    pub url: String,
    /// The integration user's UPN.
    #[arg(long, value_name = "UPN")]
    pub user: String,
    /// The Application (client) ID of the app registration.
    #[arg(long = "app-id", value_name = "GUID")]
    pub app_id: String,
    /// Print JSON (string, product, proxy version, notes) instead of the bare string.
    #[arg(long)]
    pub json: bool,
    /// Refused: navplan never takes a password (accepted here only to say so clearly).
    #[arg(
        long,
        hide = true,
        aliases = ["pwd", "secret", "client-secret"],
        num_args = 0..=1,
        allow_hyphen_values = true,
        value_name = "PASSWORD"
    )]
    pub password: Option<Option<String>>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  navplan diagnose 'AADSTS65001: The user or administrator has not consented'\n  navplan diagnose - < NavServer.log\n  navplan diagnose --list"
)]
pub struct DiagnoseArgs {
    /// The error text, or a log file to read; `-` or nothing reads standard input.
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// List every known error (id and title) instead of matching.
    #[arg(long, conflicts_with = "text")]
    pub list: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  navplan graph --installed \"NAV 2018 CU 30\" --format dot | dot -Tsvg > plan.svg
  navplan graph --installed \"BC 15.5\" --steps our-steps.toml

Nodes are the runbook's steps (decision points as diamonds), grouped by phase. The exit code is
the gate's, as for `navplan plan`.")]
pub struct GraphArgs {
    #[command(flatten)]
    pub installed: InstalledArgs,
    /// Exported objects (files or folders) of this customer.
    #[arg(long = "objects", value_name = "PATH", num_args = 1..)]
    pub objects: Vec<PathBuf>,
    /// Code page of exports that are not UTF-8.
    #[arg(long, default_value_t = 850, value_name = "N")]
    pub codepage: u16,
    /// DOT (Graphviz) or Mermaid.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
    /// A TOML file of extra steps or step texts that override the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub steps: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  navplan portfolio customers.toml\n  navplan portfolio customers.csv --out runbooks/ --format html\n  navplan portfolio customers.toml --json\n\nThe file lists customers: name, installed (or platform and application), objects, and optionally\nurl, user and app_id (see docs/portfolio.md). A customer with bad input gets an error row; the\nothers are still planned. Passwords are refused.\n\nExit code = the worst verdict: 1 any error > 4 any not-covered > 3 any upgrade-required > 0 all ready."
)]
pub struct PortfolioArgs {
    /// The customers, as TOML or CSV.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write one runbook per customer into this folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Format of the runbooks written to --out.
    #[arg(long, value_enum, default_value_t = RunbookFormat::Md)]
    pub format: RunbookFormat,
    /// Overwrite runbooks that exist.
    #[arg(long)]
    pub force: bool,
    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Code page of exports that are not UTF-8.
    #[arg(long, default_value_t = 850, value_name = "N")]
    pub codepage: u16,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
