//! Terminal styling: one place decides whether text gets ANSI colour, so call sites never write
//! escape codes. The decision comes from `Context::color` (`--color`, `NO_COLOR`, whether stdout
//! is a terminal); with colour off every helper returns the text unchanged, which keeps tables and
//! JSON clean for pipes.

use anstyle::{AnsiColor, Effects, Style};

/// Semantic styles for what the tool prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Painter {
    enabled: bool,
}

impl Painter {
    pub fn new(enabled: bool) -> Self {
        Painter { enabled }
    }

    /// From the shared command context.
    pub fn for_context(ctx: &crate::Context) -> Self {
        Painter::new(ctx.color)
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.enabled && !text.is_empty() {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    /// Headings and titles.
    pub fn heading(&self, text: &str) -> String {
        self.paint(Style::new().effects(Effects::BOLD), text)
    }
    /// Good news: ready, done.
    pub fn good(&self, text: &str) -> String {
        self.paint(AnsiColor::Green.on_default().effects(Effects::BOLD), text)
    }
    /// Work ahead: upgrade required, warnings.
    pub fn warn(&self, text: &str) -> String {
        self.paint(AnsiColor::Yellow.on_default().effects(Effects::BOLD), text)
    }
    /// Bad news: errors, not covered.
    pub fn bad(&self, text: &str) -> String {
        self.paint(AnsiColor::Red.on_default().effects(Effects::BOLD), text)
    }
    /// Secondary detail: ids, sources.
    pub fn dim(&self, text: &str) -> String {
        self.paint(Style::new().effects(Effects::DIMMED), text)
    }
    /// Something the user types or copies: commands, connection strings.
    pub fn code(&self, text: &str) -> String {
        self.paint(AnsiColor::Cyan.on_default(), text)
    }
}

/// Greedy word wrap of `text` to `width` columns, for text printed after a label as wide as
/// `indent`: every line, the first included, counts the indent; continuation lines start with it.
/// Words longer than the width stay whole (a URL must not be broken).
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let start = indent.chars().count();
    let mut column = start;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if column > start && column + 1 + len > width {
            out.push('\n');
            out.push_str(indent);
            column = indent.chars().count();
        } else if column > start {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_off_leaves_text_alone() {
        let p = Painter::new(false);
        assert_eq!(p.bad("error"), "error");
        assert_eq!(p.heading("x"), "x");
    }

    #[test]
    fn colour_on_wraps_text_in_escape_codes() {
        let p = Painter::new(true);
        let s = p.good("ready");
        assert!(s.starts_with("\u{1b}[") && s.contains("ready") && s.ends_with("\u{1b}[0m"));
        assert_eq!(p.good(""), "");
    }

    #[test]
    fn wrap_breaks_on_spaces_with_hanging_indent() {
        assert_eq!(wrap("aaa bbb ccc", 9, "  "), "aaa bbb\n  ccc");
        assert_eq!(wrap("  one   two ", 80, ""), "one two");
        assert_eq!(
            wrap("x https://a.very.long/url/that/does/not/fit", 10, ""),
            "x\nhttps://a.very.long/url/that/does/not/fit"
        );
        assert_eq!(wrap("aa bb cc", 8, "  "), "aa bb\n  cc");
    }
}
