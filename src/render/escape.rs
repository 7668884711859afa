//! Escaping for each output format. Everything that came from input (customer and object names,
//! file paths, a `--steps` file's texts) goes through one of these.

/// Markdown inline text: backslash-escape every character that could start markup, and fold line
/// breaks so a value cannot open a new block.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A Markdown code span that holds `s` whatever backticks it contains. Inside a table, a `|` must
/// still be escaped (GFM splits cells before it reads code spans).
pub fn md_code(s: &str, in_table: bool) -> String {
    let flat: String = s
        .chars()
        .map(|c| {
            if matches!(c, '\r' | '\n' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let flat = if in_table {
        flat.replace('|', "\\|")
    } else {
        flat
    };
    let longest = longest_run(&flat, '`');
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') || flat.starts_with(' ') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// A fenced code block that no line of `s` can close early.
pub fn md_fence(s: &str, info: &str) -> String {
    let fence = "`".repeat((longest_run(s, '`') + 1).max(3));
    format!("{fence}{info}\n{s}\n{fence}\n")
}

fn longest_run(s: &str, ch: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        if c == ch {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// HTML text and attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A Mermaid label inside `["..."]`: Mermaid's entity codes for what would end or mark up the label.
pub fn mermaid(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '\r' | '\n' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A Graphviz DOT double-quoted string.
pub fn dot(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\r' | '\n' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_cannot_open_markup() {
        assert_eq!(
            md_text("a|b <x> *y* [l](u)\nz"),
            "a\\|b \\<x\\> \\*y\\* \\[l\\](u) z"
        );
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(md_code("a`b", false), "``a`b``");
        assert_eq!(md_code("`x`", false), "`` `x` ``");
        assert_eq!(md_code("a|b", true), "`a\\|b`");
        assert!(md_fence("```\nx", "text").starts_with("````text\n"));
    }

    #[test]
    fn html_and_graph_labels_are_inert() {
        assert_eq!(html("<script>'&\""), "&lt;script&gt;&#39;&amp;&quot;");
        assert_eq!(mermaid("a\"]; click"), "a#quot;]; click");
        assert_eq!(dot("a\"b\\"), "a\\\"b\\\\");
    }
}
