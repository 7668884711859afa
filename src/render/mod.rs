//! Renderers of the runbook (Markdown, HTML, JSON) and of the step graph (DOT, Mermaid), and the
//! atomic writer for output files. Renderers are pure: `&Runbook` in, `String` out.

pub mod dot;
pub mod escape;
pub mod html;
pub mod json;
pub mod markdown;
mod markup;
pub mod mermaid;
mod svg;
mod walk;

use std::io::Write;
use std::path::Path;

pub use crate::cli::{GraphFormat, RunbookFormat};
use crate::plan::catalogue::Phase;
use crate::plan::runbook::Runbook;
use crate::{Error, Result};

/// The runbook in one of its formats.
pub fn render(runbook: &Runbook, format: RunbookFormat) -> String {
    match format {
        RunbookFormat::Md => markdown::render(runbook),
        RunbookFormat::Html => html::render(runbook),
        RunbookFormat::Json => json::render(runbook),
    }
}

/// The step graph in one of its formats.
pub fn render_graph(runbook: &Runbook, format: GraphFormat) -> String {
    match format {
        GraphFormat::Dot => dot::render(runbook),
        GraphFormat::Mermaid => mermaid::render(runbook),
    }
}

/// The file extension for a runbook format.
pub fn extension(format: RunbookFormat) -> &'static str {
    match format {
        RunbookFormat::Md => "md",
        RunbookFormat::Html => "html",
        RunbookFormat::Json => "json",
    }
}

/// A heading for each phase, shared by every renderer.
pub fn phase_heading(phase: Phase) -> &'static str {
    match phase {
        Phase::Prepare => "Preparation",
        Phase::Platform => "Platform update",
        Phase::Application => "Application update and merge",
        Phase::Integration => "Integration solution",
        Phase::Oauth => "Integration user, app registration and connection",
        Phase::Verify => "Verification and hand-over",
    }
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder, then a rename. An
/// existing file is kept unless `force` is set (and even without `force` a file that appears
/// meanwhile is not clobbered).
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if !force && path.exists() {
        return Err(Error::Input(format!(
            "{} exists; pass --force to overwrite it",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".navplan-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), e))?;
    if force {
        tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Input(format!(
                    "{} exists; pass --force to overwrite it",
                    path.display()
                ))
            } else {
                Error::io(path, e.error)
            }
        })?;
    }
    Ok(())
}
