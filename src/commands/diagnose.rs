//! `navplan diagnose [TEXT | -]`: match an error message or a log against the known errors.

use std::io::{IsTerminal, Read};

use crate::cli::DiagnoseArgs;
use crate::diagnose::{self, Diagnosis, KnownErrors};
use crate::style::{wrap, Painter};
use crate::{Context, Error, Outcome, Result};

/// Column at which cause and fix texts wrap.
const WIDTH: usize = 96;

pub fn run(args: &DiagnoseArgs, ctx: &Context) -> Result<Outcome> {
    let table = KnownErrors::embedded();
    let paint = Painter::for_context(ctx);
    if args.list {
        return Ok(Outcome::ok(if args.json {
            list_json(table)?
        } else {
            list_text(table, paint)
        }));
    }
    let text = match args.text.as_deref() {
        // A partner often has the log as a file: an argument naming a file is read.
        Some(path) if path != "-" && std::path::Path::new(path).is_file() => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            diagnose::decode_input(&bytes)
        }
        Some(text) if text != "-" => text.to_string(),
        given => {
            // Without an argument, waiting on a terminal would look like a hang: say what to do.
            if given.is_none() && std::io::stdin().is_terminal() {
                return Err(Error::Usage(
                    "give the error text as an argument, or pipe it in: navplan diagnose - < file.log"
                        .into(),
                ));
            }
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io("<stdin>", e))?;
            diagnose::decode_input(&bytes)
        }
    };
    if text.trim().is_empty() {
        return Err(Error::Input(
            "there is no text to diagnose (the argument or standard input was empty)".into(),
        ));
    }
    let diagnosis = diagnose::diagnose(&text, table);
    let stdout = if args.json {
        let mut json = serde_json::to_string_pretty(&diagnosis)
            .map_err(|e| Error::Input(format!("cannot write JSON: {e}")))?;
        json.push('\n');
        json
    } else {
        render_text(&diagnosis, table, paint)
    };
    Ok(Outcome::ok(stdout))
}

/// The matches for people: best first, each with where it was seen, cause, fix and source.
pub fn render_text(diagnosis: &Diagnosis, table: &KnownErrors, paint: Painter) -> String {
    let mut out = String::new();
    if diagnosis.matches.is_empty() {
        out.push_str(&format!(
            "No known error matches this text ({} searched, {} known errors).\n\
             Paste the whole message, including any 'detailed error description' part, or run\n\
             `navplan diagnose --list` to see every known error.\n",
            plural(diagnosis.lines, "line"),
            table.entries().len()
        ));
        return out;
    }
    let n = diagnosis.matches.len();
    out.push_str(&if n == 1 {
        "1 known error matches.\n".to_string()
    } else {
        format!("{n} known errors match, best first.\n")
    });
    let indent = "           ";
    for (i, m) in diagnosis.matches.iter().enumerate() {
        out.push('\n');
        out.push_str(&format!("{}. {}\n", i + 1, paint.heading(&m.title)));
        out.push_str(&format!("   id:     {}\n", paint.dim(&m.id)));
        let times = if m.seen_on_lines > 1 {
            format!(" (and on {} more lines)", m.seen_on_lines - 1)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "   seen:   line {}{times}: {}\n",
            m.line, m.excerpt
        ));
        out.push_str(&format!("   cause:  {}\n", wrap(&m.cause, WIDTH, indent)));
        out.push_str(&format!(
            "   {}    {}\n",
            paint.good("fix:"),
            wrap(&m.fix, WIDTH, indent)
        ));
        out.push_str(&format!(
            "   source: {}\n",
            paint.dim(&wrap(&m.source, WIDTH, indent))
        ));
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn list_text(table: &KnownErrors, paint: Painter) -> String {
    let width = table
        .entries()
        .iter()
        .map(|e| e.id().len())
        .max()
        .unwrap_or(0);
    let mut out = format!("{} known errors:\n", table.entries().len());
    for e in table.entries() {
        out.push_str(&format!(
            "  {}{}  {}\n",
            paint.dim(e.id()),
            " ".repeat(width - e.id().len()),
            e.title()
        ));
    }
    out
}

fn list_json(table: &KnownErrors) -> Result<String> {
    let list: Vec<_> = table.entries().iter().map(|e| &e.spec).collect();
    let doc = serde_json::json!({ "version": diagnose::JSON_VERSION, "errors": list });
    let mut json = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error::Input(format!("cannot write JSON: {e}")))?;
    json.push('\n');
    Ok(json)
}
