//! The text layout of a C/AL object: sections at indent 2, `Name=value` properties, and the
//! `{ ... }` entries of FIELDS, KEYS, CONTROLS, ACTIONS, DATASET and ELEMENTS.

use super::ElementKind;

pub(super) fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The sections of an object: a name at indent 2 followed by `{` at indent 2; the body ends at
/// the last `}` at indent 2 before the next section (so stray braces inside code do not end it).
pub(super) fn sections<'a>(lines: &[&'a str]) -> Vec<(&'a str, Vec<&'a str>)> {
    sections_at(lines, 2)
}

/// [`sections`] at another indent: a request page's PROPERTIES and CONTROLS sit at 4.
pub(super) fn sections_at<'a>(lines: &[&'a str], indent: usize) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut headers = Vec::new();
    for i in 0..lines.len().saturating_sub(1) {
        let line = lines[i];
        let name = line.trim();
        let is_name = indent_of(line) == indent
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_uppercase() || c == '-');
        if is_name && indent_of(lines[i + 1]) == indent && lines[i + 1].trim() == "{" {
            headers.push((i, name));
        }
    }
    let mut out = Vec::new();
    for (n, &(at, name)) in headers.iter().enumerate() {
        let limit = headers.get(n + 1).map_or(lines.len(), |h| h.0);
        let body_start = at + 2;
        let close = (body_start..limit)
            .rev()
            .find(|&i| indent_of(lines[i]) == indent && lines[i].trim() == "}")
            .unwrap_or(limit);
        out.push((name, lines[body_start..close].to_vec()));
    }
    out
}

/// `Name=value` entries starting at `indent`; deeper lines continue the value.
pub(super) fn properties(body: &[&str], indent: usize) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in body {
        if line.trim().is_empty() {
            continue;
        }
        let starts = indent_of(line) == indent && property_name(line.trim_start()).is_some();
        match (starts, out.last_mut()) {
            (true, _) => {
                let text = line.trim_start();
                let name = property_name(text).unwrap_or_default();
                out.push((name.to_string(), text[name.len() + 1..].to_string()));
            }
            (false, Some(last)) => {
                last.1.push('\n');
                last.1.push_str(line);
            }
            (false, None) => {}
        }
    }
    out
}

/// The name in `Name=...` when the text starts like a property (letters, digits, spaces, dots).
pub(super) fn property_name(text: &str) -> Option<&str> {
    let eq = text.find('=')?;
    let name = &text[..eq];
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '.' || c == '_');
    ok.then_some(name.trim_end())
}

pub(super) fn is_trigger(name: &str, value: &str) -> bool {
    let first = value.split_whitespace().next().unwrap_or("");
    name.starts_with("On")
        && (first.eq_ignore_ascii_case("BEGIN") || first.eq_ignore_ascii_case("VAR"))
}

#[derive(Debug, Clone, Copy)]
pub(super) struct EntryShape {
    pub(super) kind: ElementKind,
    pub(super) word: &'static str,
    /// How many `;`-separated columns come before the properties.
    pub(super) columns: usize,
    pub(super) key_column: usize,
    pub(super) name_column: Option<usize>,
}

impl EntryShape {
    pub(super) const FIELD: Self = Self {
        kind: ElementKind::Field,
        word: "field",
        columns: 4,
        key_column: 0,
        name_column: Some(2),
    };
    pub(super) const KEY: Self = Self {
        kind: ElementKind::Key,
        word: "key",
        columns: 2,
        key_column: 1,
        name_column: None,
    };
    pub(super) const FIELD_GROUP: Self = Self {
        kind: ElementKind::FieldGroup,
        word: "field group",
        columns: 2,
        key_column: 0,
        name_column: Some(1),
    };
    pub(super) const CONTROL: Self = Self {
        kind: ElementKind::Control,
        word: "control",
        columns: 3,
        key_column: 0,
        name_column: None,
    };
    /// A report's or XMLport's request page holds controls laid out as a page's.
    pub(super) const REQUEST_CONTROL: Self = Self {
        word: "request page control",
        ..Self::CONTROL
    };
    pub(super) const ACTION: Self = Self {
        kind: ElementKind::Action,
        word: "action",
        columns: 3,
        key_column: 0,
        name_column: None,
    };
    pub(super) const DATA_ITEM: Self = Self {
        kind: ElementKind::DataItem,
        word: "data item",
        columns: 4,
        key_column: 0,
        name_column: Some(3),
    };
    pub(super) const QUERY_ELEMENT: Self = Self {
        kind: ElementKind::XmlElement,
        word: "element",
        columns: 4,
        key_column: 0,
        name_column: Some(3),
    };
    pub(super) const XML_ELEMENT: Self = Self {
        kind: ElementKind::XmlElement,
        word: "element",
        columns: 5,
        key_column: 0,
        name_column: Some(2),
    };
}

/// Entries of a FIELDS/KEYS/CONTROLS/ACTIONS-like list: each starts with `{` at `indent`.
pub(super) fn split_entries<'a>(body: &[&'a str], indent: usize) -> Vec<Vec<&'a str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    for line in body {
        if indent_of(line) == indent && line.trim_start().starts_with('{') {
            out.push(vec![line]);
        } else if let Some(last) = out.last_mut() {
            last.push(line);
        }
    }
    out
}

pub(super) struct ParsedEntry {
    pub(super) columns: Vec<String>,
    pub(super) properties: Vec<(String, String)>,
}

/// Split an entry into its leading columns and its properties. Properties start at the column of
/// the first one; trigger bodies sit deeper, so they stay inside their property.
pub(super) fn parse_entry(lines: &[&str], indent: usize, columns: usize) -> Option<ParsedEntry> {
    let first = lines.first()?;
    let after_brace = &first[indent + 1..];
    let mut cols = Vec::new();
    let mut rest = after_brace;
    let mut consumed = indent + 1;
    for _ in 0..columns {
        match rest.find(';') {
            Some(at) => {
                cols.push(rest[..at].trim().to_string());
                consumed += at + 1;
                rest = &rest[at + 1..];
            }
            None => {
                cols.push(rest.trim().trim_end_matches('}').trim().to_string());
                consumed += rest.len();
                rest = "";
                break;
            }
        }
    }
    let mut prop_lines: Vec<String> = Vec::new();
    let mut prop_column = None;
    if !rest.trim().is_empty() {
        let lead = rest.len() - rest.trim_start().len();
        let column = first[..consumed + lead].chars().count();
        prop_column = Some(column);
        prop_lines.push(format!("{}{}", " ".repeat(column), rest.trim_start()));
    }
    for line in &lines[1..] {
        if prop_column.is_none() && !line.trim().is_empty() {
            prop_column = Some(indent_of(line));
        }
        prop_lines.push(line.to_string());
    }
    // The entry's own closing brace: the last `}` of its text.
    if let Some(last) = prop_lines.iter_mut().rev().find(|l| !l.trim().is_empty()) {
        let trimmed = last.trim_end();
        if let Some(stripped) = trimmed.strip_suffix('}') {
            *last = stripped.to_string();
        }
    }
    let refs: Vec<&str> = prop_lines.iter().map(String::as_str).collect();
    let properties = prop_column
        .map(|c| properties(&refs, c))
        .unwrap_or_default();
    Some(ParsedEntry {
        columns: cols,
        properties,
    })
}
