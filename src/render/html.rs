//! The runbook as one self-contained, printable HTML file: inline CSS, an inline SVG step graph,
//! no scripts and no external assets. Everything from input is escaped. What it says comes from
//! `walk`; this file only says how HTML writes it.

use std::fmt::Write;

use super::escape::html;
use super::markup::{Cell, Definition, Markup, Place, Span};
use crate::plan::runbook::Runbook;

const STYLE: &str = r#"
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #2b579a; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; color: #2b579a; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.meta { color: #555; font-size: .9rem; }
.verdict { padding: .6rem .9rem; border-left: 6px solid #888; background: #f4f4f4; }
.verdict.ready { border-color: #2e7d32; } .verdict.upgrade-required { border-color: #ef6c00; } .verdict.not-covered { border-color: #c62828; }
table { border-collapse: collapse; margin: .6rem 0 1rem; width: 100%; font-size: .92rem; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2f8; }
code { font-family: Consolas, "Courier New", monospace; font-size: .88em; background: #f3f3f3; padding: 0 .2em; overflow-wrap: anywhere; }
pre { background: #f3f3f3; padding: .6rem; white-space: pre-wrap; overflow-wrap: anywhere; }
ol.steps { list-style: none; padding-left: 0; }
li.step { margin: .8rem 0; padding: .5rem .7rem; border: 1px solid #ddd; border-radius: 6px; page-break-inside: avoid; }
li.step > label { font-weight: 600; }
.after { color: #666; font-size: .85rem; font-weight: normal; }
.decision { margin: .5rem 0 0; padding: .4rem .7rem; border-left: 4px solid #ef6c00; background: #fff7ec; }
.prereq { list-style: none; padding-left: 0; }
.graph { max-width: 100%; height: auto; }
.graph rect { fill: #eef2f8; stroke: #2b579a; }
.graph .decision rect { fill: #fff3e0; stroke: #ef6c00; }
.graph .oauth rect, .graph .verify rect { fill: #e8f5e9; stroke: #2e7d32; }
.graph text { font: 12px "Segoe UI", Helvetica, Arial, sans-serif; fill: #1b1b1b; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } .graph { page-break-inside: avoid; } }
"#;

pub fn render(rb: &Runbook) -> String {
    super::walk::render(rb, HtmlMarkup::default())
}

#[derive(Default)]
struct HtmlMarkup {
    out: String,
}

impl HtmlMarkup {
    fn items(&mut self, open: &str, item_open: &str, item_close: &str, items: &[Vec<Span>]) {
        let _ = writeln!(self.out, "{open}");
        for item in items {
            let text = self.inline(item, Place::Flow);
            let _ = writeln!(self.out, "{item_open}{text}{item_close}");
        }
        self.out.push_str("</ul>\n");
    }
}

impl Markup for HtmlMarkup {
    const DOTNET_FIXES_INTRO: &'static str = "Each declaration below pins an assembly version; replace the declaration with the text in the last column.";

    fn text(&self, s: &str, _place: Place) -> String {
        html(s)
    }

    fn code(&self, s: &str, _place: Place) -> String {
        format!("<code>{}</code>", html(s))
    }

    fn strong(&self, s: &str) -> String {
        format!("<strong>{}</strong>", html(s))
    }

    // The Content-Security-Policy allows inline styles and data: images only, so even markup that
    // slipped past escaping could load or run nothing.
    fn begin_document(&mut self, title: &str) {
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            html(title)
        );
    }

    fn end_document(&mut self) {
        self.out.push_str("</body>\n</html>\n");
    }

    fn finish(self) -> String {
        self.out
    }

    fn heading(&mut self, level: u8, text: &str) {
        let _ = writeln!(self.out, "<h{level}>{}</h{level}>", html(text));
    }

    fn paragraph(&mut self, spans: &[Span]) {
        let _ = writeln!(self.out, "<p>{}</p>", self.inline(spans, Place::Flow));
    }

    fn meta(&mut self, spans: &[Span]) {
        let text = self.inline(spans, Place::Flow);
        let _ = writeln!(self.out, "<p class=\"meta\">{text}</p>");
    }

    // The class colours the box's border by verdict (see STYLE).
    fn begin_verdict(&mut self, verdict: &str) {
        let _ = write!(self.out, "<div class=\"verdict {}\">", html(verdict));
    }

    fn verdict_note(&mut self, spans: &[Span]) {
        self.paragraph(spans);
    }

    fn end_verdict(&mut self) {
        self.out.push_str("</div>\n");
    }

    fn table(&mut self, head: &[&str], rows: &[Vec<Cell>]) {
        self.out.push_str("<table>\n<thead><tr>");
        for h in head {
            let _ = write!(self.out, "<th>{}</th>", html(h));
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.out.push_str("<tr>");
            for cell in row {
                let text = self.inline(cell, Place::Cell);
                let _ = write!(self.out, "<td>{text}</td>");
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    fn list(&mut self, items: &[Vec<Span>]) {
        self.items("<ul>", "<li>", "</li>", items);
    }

    fn checklist(&mut self, items: &[Vec<Span>]) {
        self.items(
            "<ul class=\"prereq\">",
            "<li><label><input type=\"checkbox\"> ",
            "</label></li>",
            items,
        );
    }

    fn definitions(&mut self, items: &[Definition]) {
        self.out.push_str("<dl>\n");
        for item in items {
            let lines: Vec<String> = item
                .lines
                .iter()
                .map(|line| self.inline(line, Place::Flow))
                .collect();
            let term = self.strong(item.term);
            let _ = writeln!(self.out, "<dt>{term}</dt><dd>{}</dd>", lines.join("<br>"));
        }
        self.out.push_str("</dl>\n");
    }

    fn code_block(&mut self, text: &str, _info: &str) {
        let _ = writeln!(self.out, "<pre><code>{}</code></pre>", html(text));
    }

    fn step_graph(&mut self, rb: &Runbook) {
        self.out.push_str(&super::svg::render(rb));
    }

    fn begin_phase(&mut self, heading: &str) {
        self.heading(3, heading);
        self.out.push_str("<ol class=\"steps\">\n");
    }

    fn end_phase(&mut self) {
        self.out.push_str("</ol>\n");
    }

    // The id lets a reader link to a step; the checkbox prints as a box to tick on paper.
    fn begin_step(&mut self, number: u32, title: &str, after: &str) {
        let _ = write!(
            self.out,
            "<li class=\"step\" id=\"step-{number}\"><label><input type=\"checkbox\"> {number}. {}</label>",
            html(title)
        );
        if !after.is_empty() {
            let _ = write!(
                self.out,
                " <span class=\"after\">(after {})</span>",
                html(after)
            );
        }
        self.out.push('\n');
    }

    fn step_paragraph(&mut self, spans: &[Span]) {
        self.paragraph(spans);
    }

    fn step_list(&mut self, items: &[Vec<Span>]) {
        self.list(items);
    }

    fn step_decision(&mut self, question: &[Span], answers: &[Vec<Span>]) {
        let question = self.inline(question, Place::Flow);
        let _ = write!(self.out, "<div class=\"decision\"><p>{question}</p><ul>");
        for answer in answers {
            let text = self.inline(answer, Place::Flow);
            let _ = write!(self.out, "<li>{text}</li>");
        }
        self.out.push_str("</ul></div>\n");
    }

    fn end_step(&mut self) {
        self.out.push_str("</li>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_is_an_ordered_list_of_steps_with_anchors() {
        let mut h = HtmlMarkup::default();
        h.begin_phase("P<");
        h.begin_step(3, "a<b", "1, 2");
        h.step_decision(&[Span::text("q")], &[vec![Span::code("y")]]);
        h.end_step();
        h.end_phase();
        assert_eq!(
            h.finish(),
            "<h3>P&lt;</h3>\n<ol class=\"steps\">\n<li class=\"step\" id=\"step-3\"><label><input type=\"checkbox\"> 3. a&lt;b</label> <span class=\"after\">(after 1, 2)</span>\n<div class=\"decision\"><p>q</p><ul><li><code>y</code></li></ul></div>\n</li>\n</ol>\n"
        );
    }

    #[test]
    fn an_empty_value_leaves_its_cell_empty_and_cells_are_escaped() {
        let mut h = HtmlMarkup::default();
        h.table(
            &["A", "B"],
            &[vec![vec![Span::text("")], vec![Span::code("<a|b>")]]],
        );
        assert_eq!(
            h.finish(),
            "<table>\n<thead><tr><th>A</th><th>B</th></tr></thead>\n<tbody>\n<tr><td></td><td><code>&lt;a|b&gt;</code></td></tr>\n</tbody>\n</table>\n"
        );
    }
}
