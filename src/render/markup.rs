//! The seam between the runbook's structure and its markup. `walk` goes through the runbook's
//! sections once and says what to write (a heading, a table, a step, ...); a [`Markup`] backend
//! (Markdown or HTML) says how. Text from input reaches a backend only as [`Span`]s or `&str`, so
//! every backend method is where escaping happens and the walker cannot forget it.

use std::borrow::Cow;

use crate::plan::runbook::Runbook;
use crate::plan::text::Inline;

/// A run of inline content. Every variant holds plain text, which the backend escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span<'a> {
    Text(Cow<'a, str>),
    Code(Cow<'a, str>),
    Strong(Cow<'a, str>),
}

impl<'a> Span<'a> {
    pub fn text(s: impl Into<Cow<'a, str>>) -> Self {
        Span::Text(s.into())
    }

    pub fn code(s: impl Into<Cow<'a, str>>) -> Self {
        Span::Code(s.into())
    }

    pub fn strong(s: impl Into<Cow<'a, str>>) -> Self {
        Span::Strong(s.into())
    }
}

/// A step text's runs as spans.
pub fn runs(runs: &[Inline]) -> Vec<Span<'_>> {
    runs.iter()
        .map(|r| match r {
            Inline::Text(t) => Span::text(t.as_str()),
            Inline::Code(c) => Span::code(c.as_str()),
        })
        .collect()
}

/// Where inline content stands. Markdown escapes table cells differently (GFM splits a row at
/// every `|` before it reads code spans), so the backend must know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Flow,
    Cell,
}

/// One term of a definition list (the troubleshooting notes): a term, then lines under it.
pub struct Definition<'a> {
    pub term: &'a str,
    pub lines: Vec<Vec<Span<'a>>>,
}

/// A table cell: spans, or none for a cell left empty on purpose.
pub type Cell<'a> = Vec<Span<'a>>;

/// How one output format writes each piece of the runbook. Implementors append to their own
/// buffer; `finish` hands it over.
pub trait Markup {
    /// The sentence above the DotNet fixes table. The two formats have always worded it
    /// differently; it stays per format so that the output does not change.
    const DOTNET_FIXES_INTRO: &'static str;

    /// Plain text, escaped for `place`.
    fn text(&self, s: &str, place: Place) -> String;
    /// A code span holding exactly `s`.
    fn code(&self, s: &str, place: Place) -> String;
    /// Strong emphasis around the escaped `s`.
    fn strong(&self, s: &str) -> String;

    /// Spans one after the other, each escaped for `place`.
    fn inline(&self, spans: &[Span], place: Place) -> String {
        spans
            .iter()
            .map(|span| match span {
                Span::Text(t) => self.text(t, place),
                Span::Code(c) => self.code(c, place),
                Span::Strong(s) => self.strong(s),
            })
            .collect()
    }

    /// Everything before the first heading (the HTML head); `title` is plain text.
    fn begin_document(&mut self, title: &str);
    fn end_document(&mut self);
    fn finish(self) -> String;

    /// A heading of `level` (1 to 3) with plain text.
    fn heading(&mut self, level: u8, text: &str);
    fn paragraph(&mut self, spans: &[Span]);
    /// The line of facts under the title (customer, date, data versions).
    fn meta(&mut self, spans: &[Span]);

    /// The verdict box: its paragraphs and notes come between begin and end.
    fn begin_verdict(&mut self, verdict: &str);
    fn verdict_note(&mut self, spans: &[Span]);
    fn end_verdict(&mut self);

    /// `head` is plain text; each row has one cell per column.
    fn table(&mut self, head: &[&str], rows: &[Vec<Cell>]);
    fn list(&mut self, items: &[Vec<Span>]);
    /// Items to tick off (the prerequisites).
    fn checklist(&mut self, items: &[Vec<Span>]);
    fn definitions(&mut self, items: &[Definition]);
    /// A block of verbatim text; `info` names its language where the format has a place for it.
    fn code_block(&mut self, text: &str, info: &str);
    /// The step graph in this format's own drawing (Mermaid or inline SVG).
    fn step_graph(&mut self, rb: &Runbook);

    /// The steps of one phase come between begin and end.
    fn begin_phase(&mut self, heading: &str);
    fn end_phase(&mut self);
    /// A step to tick off; `after` lists the numbers of the steps before it ("3, 5"), or is empty.
    fn begin_step(&mut self, number: u32, title: &str, after: &str);
    fn step_paragraph(&mut self, spans: &[Span]);
    fn step_list(&mut self, items: &[Vec<Span>]);
    /// A decision point: the question, then one line per answer saying where to go on.
    fn step_decision(&mut self, question: &[Span], answers: &[Vec<Span>]);
    fn end_step(&mut self);
}
