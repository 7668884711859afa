//! The runbook as Markdown (GitHub-flavoured: tables, task lists, a Mermaid block), the primary
//! output: partners paste it into a wiki or convert it with pandoc. What it says comes from
//! `walk`; this file only says how Markdown writes it.

use std::fmt::Write;

use super::escape::{md_code, md_fence, md_text};
use super::markup::{Cell, Definition, Markup, Place, Span};
use crate::plan::runbook::Runbook;

pub fn render(rb: &Runbook) -> String {
    super::walk::render(rb, MarkdownMarkup::default())
}

/// Each top-level block ends with a blank line; the parts of a step are indented under its task
/// item, each after a blank line, so that they stay inside the item.
#[derive(Default)]
struct MarkdownMarkup {
    out: String,
}

impl MarkdownMarkup {
    fn items(&mut self, prefix: &str, items: &[Vec<Span>]) {
        for item in items {
            let _ = writeln!(self.out, "{prefix}{}", self.inline(item, Place::Flow));
        }
    }
}

impl Markup for MarkdownMarkup {
    const DOTNET_FIXES_INTRO: &'static str = "Each declaration below pins an assembly version; replace the text on the left with the text on the right.";

    fn text(&self, s: &str, place: Place) -> String {
        // An empty value is written as one space, as this runbook always has; a cell left empty on
        // purpose has no spans at all and stays empty.
        if place == Place::Cell && s.is_empty() {
            " ".to_string()
        } else {
            md_text(s)
        }
    }

    fn code(&self, s: &str, place: Place) -> String {
        md_code(s, place == Place::Cell)
    }

    fn strong(&self, s: &str) -> String {
        format!("**{}**", md_text(s))
    }

    fn begin_document(&mut self, _title: &str) {}

    fn end_document(&mut self) {}

    fn finish(self) -> String {
        self.out
    }

    fn heading(&mut self, level: u8, text: &str) {
        let marks = "#".repeat(usize::from(level));
        let _ = writeln!(self.out, "{marks} {}\n", md_text(text));
    }

    fn paragraph(&mut self, spans: &[Span]) {
        let _ = writeln!(self.out, "{}\n", self.inline(spans, Place::Flow));
    }

    fn meta(&mut self, spans: &[Span]) {
        self.paragraph(spans);
    }

    // The verdict is plain paragraphs; only its notes stand out, as quotes.
    fn begin_verdict(&mut self, _verdict: &str) {}

    fn verdict_note(&mut self, spans: &[Span]) {
        let _ = writeln!(self.out, "> {}\n", self.inline(spans, Place::Flow));
    }

    fn end_verdict(&mut self) {}

    fn table(&mut self, head: &[&str], rows: &[Vec<Cell>]) {
        let head: Vec<String> = head.iter().map(|h| md_text(h)).collect();
        let _ = writeln!(self.out, "| {} |", head.join(" | "));
        let _ = writeln!(self.out, "|{}|", vec!["---"; head.len()].join("|"));
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| self.inline(c, Place::Cell)).collect();
            let _ = writeln!(self.out, "| {} |", cells.join(" | "));
        }
        self.out.push('\n');
    }

    fn list(&mut self, items: &[Vec<Span>]) {
        self.items("- ", items);
        self.out.push('\n');
    }

    fn checklist(&mut self, items: &[Vec<Span>]) {
        self.items("- [ ] ", items);
        self.out.push('\n');
    }

    // A list item per term, its lines joined by hard breaks (two trailing spaces).
    fn definitions(&mut self, items: &[Definition]) {
        for item in items {
            let _ = write!(self.out, "- {}", self.strong(item.term));
            for line in &item.lines {
                let _ = write!(self.out, "  \n  {}", self.inline(line, Place::Flow));
            }
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn code_block(&mut self, text: &str, info: &str) {
        self.out.push_str(&md_fence(text, info));
        self.out.push('\n');
    }

    fn step_graph(&mut self, rb: &Runbook) {
        self.code_block(super::mermaid::render(rb).trim_end(), "mermaid");
    }

    fn begin_phase(&mut self, heading: &str) {
        self.heading(3, heading);
    }

    fn end_phase(&mut self) {}

    // A step is a task-list item; what belongs to it is indented under it, a blank line apart.
    fn begin_step(&mut self, number: u32, title: &str, after: &str) {
        let strong = self.strong(&format!("{number}. {title}"));
        let _ = write!(self.out, "- [ ] {strong}");
        if !after.is_empty() {
            let _ = write!(self.out, " *(after {})*", md_text(after));
        }
        self.out.push('\n');
    }

    fn step_paragraph(&mut self, spans: &[Span]) {
        let _ = writeln!(self.out, "\n  {}", self.inline(spans, Place::Flow));
    }

    fn step_list(&mut self, items: &[Vec<Span>]) {
        self.out.push('\n');
        self.items("  - ", items);
    }

    fn step_decision(&mut self, question: &[Span], answers: &[Vec<Span>]) {
        let question = self.inline(question, Place::Flow);
        let _ = writeln!(self.out, "\n  > {question}\n  >");
        self.items("  > - ", answers);
    }

    fn end_step(&mut self) {
        self.out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_value_fills_its_cell_and_a_pipe_in_code_is_escaped_only_in_tables() {
        let mut md = MarkdownMarkup::default();
        md.table(
            &["A", "B", "C"],
            &[vec![
                vec![Span::text("")],
                Vec::new(),
                vec![Span::code("a|b")],
            ]],
        );
        md.paragraph(&[Span::text("x|y "), Span::code("a|b")]);
        assert_eq!(
            md.finish(),
            "| A | B | C |\n|---|---|---|\n|   |  | `a\\|b` |\n\nx\\|y `a|b`\n\n"
        );
    }

    #[test]
    fn a_step_is_a_task_with_its_text_and_decision_indented_under_it() {
        let mut md = MarkdownMarkup::default();
        md.begin_step(3, "a*b", "1, 2");
        md.step_paragraph(&[Span::text("do")]);
        md.step_list(&[vec![Span::code("x")]]);
        md.step_decision(
            &[Span::text("q")],
            &[vec![Span::text("y")], vec![Span::text("n")]],
        );
        md.end_step();
        assert_eq!(
            md.finish(),
            "- [ ] **3. a\\*b** *(after 1, 2)*\n\n  do\n\n  - `x`\n\n  > q\n  >\n  > - y\n  > - n\n\n"
        );
    }
}
