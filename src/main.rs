//! The `navplan` binary: parse the arguments, run the library, print, exit.
//! Everything else lives in the library so that tests can drive it directly.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    navplan::allocator::tune();
    let cli = navplan::cli::Cli::parse();
    // Stdout's own buffer flushes at every newline: a report of millions of lines needs a
    // larger one.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match navplan::run(&cli, &mut out) {
        Ok(outcome) => {
            // A closed pipe (`navplan scan . | head`) is not an error worth a message.
            let _ = out.write_all(outcome.stdout.as_bytes());
            let _ = out.flush();
            if !outcome.stderr.is_empty() {
                let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
            }
            ExitCode::from(outcome.code)
        }
        Err(err) => {
            let _ = out.flush();
            let _ = writeln!(std::io::stderr(), "navplan: error: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
