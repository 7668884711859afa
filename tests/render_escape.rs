//! Escaping, for any input: Markdown text reads back as the same text (no markup appears), a code
//! span holds exactly its content, and HTML text carries no markup characters.

use navplan::render::escape::{html, md_code, md_text};
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser};

/// The text a CommonMark (+ GFM tables and strikethrough) reader sees in `markdown`, and whether
/// anything but text, code and soft breaks appeared.
fn read_back(markdown: &str) -> (String, String, bool) {
    let mut text = String::new();
    let mut code = String::new();
    let mut other = false;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for event in Parser::new_ext(markdown, opts) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::Code(c) => code.push_str(&c),
            Event::Start(pulldown_cmark::Tag::Paragraph)
            | Event::End(pulldown_cmark::TagEnd::Paragraph) => {}
            _ => other = true,
        }
    }
    (text, code, other)
}

fn folded(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\r' | '\n' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

proptest! {
    #[test]
    fn markdown_text_reads_back_as_itself(s in "[ -~äöüé€\n\t]{0,40}") {
        let (text, code, other) = read_back(&format!("x {} y", md_text(&s)));
        prop_assert!(!other, "markup from {s:?}");
        prop_assert!(code.is_empty());
        prop_assert_eq!(text, format!("x {} y", folded(&s)));
    }

    #[test]
    fn markdown_code_span_holds_its_content(s in "[!-~][ -~]{0,30}[!-~]") {
        let (_, code, other) = read_back(&format!("x {} y", md_code(&s, false)));
        prop_assert!(!other);
        prop_assert_eq!(code, s);
    }

    #[test]
    fn html_text_has_no_markup(s in "\\PC{0,40}") {
        let e = html(&s);
        prop_assert!(!e.contains('<') && !e.contains('>') && !e.contains('"') && !e.contains('\''));
        let back = e
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        prop_assert_eq!(back, s);
    }
}

#[test]
fn table_cells_keep_pipes_as_text() {
    let md = format!(
        "| a | b |\n|---|---|\n| {} | {} |\n",
        md_text("x|y"),
        md_code("p|q", true)
    );
    let opts = Options::ENABLE_TABLES;
    let mut cells: Vec<String> = Vec::new();
    for event in Parser::new_ext(&md, opts) {
        match event {
            Event::Start(pulldown_cmark::Tag::TableCell) => cells.push(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(cell) = cells.last_mut() {
                    cell.push_str(&t);
                }
            }
            _ => {}
        }
    }
    assert_eq!(cells, vec!["a", "b", "x|y", "p|q"]);
}
