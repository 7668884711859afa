//! Step texts: paragraphs of plain text and `code`, with `{placeholders}` filled in per customer.
//!
//! Texts are kept structured (not pre-rendered Markdown) so that each renderer escapes what came
//! from input for its own format, and a customer name with backticks or `<script>` stays text.

use serde::Serialize;

/// A run of text inside a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Inline {
    Text(String),
    Code(String),
}

/// A paragraph, or a list whose items are runs of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Block {
    Paragraph(Vec<Inline>),
    List(Vec<Vec<Inline>>),
}

/// The placeholders a template uses, in order of appearance (`{step:a|b}` included as written).
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_placeholder_name(&after[..close]) => {
                found.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    found
}

fn is_placeholder_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-:|".contains(&b))
}

/// Fill in the placeholders of one line of text; unknown names stay as written.
pub fn fill(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_placeholder_name(&after[..close]) => {
                let name = &after[..close];
                match lookup(name) {
                    Some(value) => out.push_str(&value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Fill in a single-paragraph text (a decision, a prerequisite) as runs.
pub fn fill_inlines(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Vec<Inline> {
    let flat = template.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut runs = Vec::new();
    for (i, part) in flat.split('`').enumerate() {
        if part.is_empty() {
            continue;
        }
        let value = fill(part, lookup);
        // Odd parts sit between backticks.
        if i % 2 == 1 {
            runs.push(Inline::Code(value));
        } else {
            runs.push(Inline::Text(value));
        }
    }
    runs
}

/// Fill in a multi-paragraph text: blank lines separate paragraphs; a paragraph whose lines all
/// start with "- " is a list.
pub fn fill_blocks(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Vec<Block> {
    let normalised = template.replace("\r\n", "\n");
    let mut blocks = Vec::new();
    for para in normalised.split("\n\n") {
        let lines: Vec<&str> = para
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        if lines.iter().all(|l| l.starts_with("- ")) {
            let items = lines
                .iter()
                .map(|l| fill_inlines(&l[2..], lookup))
                .collect();
            blocks.push(Block::List(items));
        } else {
            blocks.push(Block::Paragraph(fill_inlines(&lines.join(" "), lookup)));
        }
    }
    blocks
}

/// The text of runs without markup (for tables, graph labels and searches).
pub fn plain(runs: &[Inline]) -> String {
    runs.iter()
        .map(|r| match r {
            Inline::Text(t) | Inline::Code(t) => t.as_str(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(name: &str) -> Option<String> {
        match name {
            "product" => Some("NAV 2018".into()),
            "evil" => Some("`<b>`".into()),
            _ => None,
        }
    }

    #[test]
    fn placeholders_are_found_and_json_braces_are_not() {
        let t = "Set `\"allowPublicClient\": true` for {product} and {step:a|b}; {Not} { x }";
        assert_eq!(placeholders(t), vec!["product", "step:a|b"]);
    }

    #[test]
    fn fill_keeps_unknown_names() {
        assert_eq!(fill("{product} {nope} {", &lookup), "NAV 2018 {nope} {");
    }

    #[test]
    fn code_runs_and_values_stay_apart() {
        let runs = fill_inlines("Run `Repair-NAVApp` on {evil}\n now", &lookup);
        assert_eq!(
            runs,
            vec![
                Inline::Text("Run ".into()),
                Inline::Code("Repair-NAVApp".into()),
                Inline::Text(" on `<b>` now".into()),
            ]
        );
    }

    #[test]
    fn paragraphs_and_lists() {
        let blocks = fill_blocks("First line\nsecond.\n\n- one\n- two {product}\n", &lookup);
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            blocks[0],
            Block::Paragraph(vec![Inline::Text("First line second.".into())])
        );
        match &blocks[1] {
            Block::List(items) => assert_eq!(plain(&items[1]), "two NAV 2018"),
            other => panic!("{other:?}"),
        }
    }
}
