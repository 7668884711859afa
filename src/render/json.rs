//! The runbook as JSON: the serialised [`Runbook`], shape documented in docs/runbook.md.

use crate::plan::runbook::Runbook;

pub fn render(rb: &Runbook) -> String {
    // Serialising plain data with string keys cannot fail; fall back to an empty object anyway
    // rather than panic.
    let mut text = serde_json::to_string_pretty(rb).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
