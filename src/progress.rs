//! Progress bars on stderr for long scans and portfolios (indicatif).
//!
//! Drawn only when stderr is a terminal (`Context::stderr_is_terminal`): in a pipe, a CI log or
//! a test, the bar is hidden and costs nothing, so stdout and stderr stay clean. Every method
//! takes `&self` and the bar is thread-safe, so rayon workers can advance it directly.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar counting units of work (files, customers).
#[derive(Debug, Clone)]
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar for `what` ("files", "customers"); hidden unless stderr is a terminal.
    pub fn new(ctx: &crate::Context, what: &str) -> Bar {
        Bar::with_visibility(ctx.stderr_is_terminal, ctx.color, what)
    }

    /// A bar that is never drawn.
    pub fn hidden() -> Bar {
        Bar {
            bar: ProgressBar::hidden(),
        }
    }

    fn with_visibility(visible: bool, color: bool, what: &str) -> Bar {
        if !visible {
            return Bar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let template = if color {
            "{spinner:.cyan} {prefix:.bold} [{bar:30.cyan/blue}] {pos}/{len} {wide_msg}"
        } else {
            "{spinner} {prefix} [{bar:30}] {pos}/{len} {wide_msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(what.to_string());
        Bar { bar }
    }

    pub fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }

    /// The amount of work is known: set the bar's length.
    pub fn start(&self, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(0);
    }

    /// One unit done; `label` (a file or customer name) is shown beside the bar.
    pub fn advance(&self, label: &str) {
        self.bar.set_message(label.to_string());
        self.bar.inc(1);
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// How many units are done (for tests and summaries).
    pub fn position(&self) -> u64 {
        self.bar.position()
    }
}

/// The objects reader reports files; the bar counts them.
impl crate::objects::Progress for Bar {
    fn start(&self, total_files: usize) {
        Bar::start(self, total_files as u64);
    }
    fn file_done(&self, path: &std::path::Path, _bytes: u64) {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.advance(&name);
    }
    fn finish(&self) {
        Bar::finish(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(stderr_is_terminal: bool) -> crate::Context {
        crate::Context {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            color: false,
            stderr_is_terminal,
        }
    }

    #[test]
    fn hidden_when_stderr_is_not_a_terminal_but_still_counts() {
        let bar = Bar::new(&ctx(false), "files");
        assert!(bar.is_hidden());
        bar.start(3);
        bar.advance("a");
        bar.advance("b");
        assert_eq!(bar.position(), 2);
        bar.finish();
    }

    #[test]
    fn the_scan_reports_every_file_to_the_bar() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["COD1.TXT", "TAB5330.TXT", "notes.txt"] {
            std::fs::write(dir.path().join(name), "OBJECT Codeunit 1 X\n{\n}\n").unwrap();
        }
        let bar = Bar::new(&ctx(false), "files");
        let opts = crate::objects::ScanOptions::default();
        let _ = crate::objects::scan(&[dir.path().to_path_buf()], &opts, &bar);
        assert_eq!(bar.position(), 3);
    }

    #[test]
    fn parallel_workers_can_advance_one_bar() {
        use rayon::prelude::*;
        let bar = Bar::new(&ctx(false), "customers");
        bar.start(100);
        (0..100)
            .into_par_iter()
            .for_each(|i| bar.advance(&i.to_string()));
        assert_eq!(bar.position(), 100);
    }
}
