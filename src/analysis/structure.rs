//! A structural model of one C/AL object, for comparing objects by what they contain rather than
//! by their layout: each property, object trigger, field (with each of its triggers apart), key,
//! field group, control, action, data item, global variable, procedure and the Documentation
//! trigger is an element with a stable key and its text with the whitespace normalised.
//! OBJECT-PROPERTIES (Date, Time, Modified, Version List) is left out on purpose: the merge tools
//! set those by switches, and they differ in every export.
//! Anything that is not C/AL (an AL file) is one element, its whole normalised text.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// What kind of element; the order is the order in which changes are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ElementKind {
    Property,
    Trigger,
    Field,
    Key,
    FieldGroup,
    Control,
    Action,
    DataItem,
    XmlElement,
    Variable,
    Procedure,
    Documentation,
    Section,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ElementKey {
    pub kind: ElementKind,
    /// Sortable identity within the kind (numbers zero-padded).
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// How people call it: `field 5 "Server Address"`, `OnValidate of field 5`, `procedure Run`.
    pub label: String,
    /// The normalised text: what equality means.
    pub content: String,
    /// The normalised lines, for telling edits on different lines apart.
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectModel {
    pub elements: BTreeMap<ElementKey, Element>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One element that differs between two versions of an object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ElementChange {
    #[serde(skip)]
    pub key: ElementKey,
    pub kind: ElementKind,
    pub element: String,
    pub change: ChangeKind,
}

impl fmt::Display for ElementChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let change = match self.change {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        };
        write!(f, "{} ({change})", self.element)
    }
}

impl ObjectModel {
    pub fn parse(text: &str) -> ObjectModel {
        let lines: Vec<&str> = text
            .lines()
            .map(|l| l.trim_end_matches(['\r', '\u{1a}']))
            .collect();
        let is_cal = lines
            .iter()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| {
                l.get(..7)
                    .is_some_and(|p| p.eq_ignore_ascii_case("OBJECT "))
            });
        let mut model = ObjectModel::default();
        if !is_cal {
            model.add(ElementKind::Section, "source", "source".into(), text);
            return model;
        }
        for (name, body) in sections(&lines) {
            match name {
                "OBJECT-PROPERTIES" => {}
                "PROPERTIES" => model.properties(&body),
                "FIELDS" => model.entries(&body, 4, EntryShape::FIELD),
                "KEYS" => model.entries(&body, 4, EntryShape::KEY),
                "FIELDGROUPS" => model.entries(&body, 4, EntryShape::FIELD_GROUP),
                "CONTROLS" => model.entries(&body, 4, EntryShape::CONTROL),
                "DATASET" => model.entries(&body, 4, EntryShape::DATA_ITEM),
                "ELEMENTS" => model.entries(&body, 4, EntryShape::XML_ELEMENT),
                "CODE" => model.code(&body),
                other => model.add(
                    ElementKind::Section,
                    other,
                    format!("section {other}"),
                    &body.join("\n"),
                ),
            }
        }
        model
    }

    /// What changed from `self` (the older side) to `newer`, in element order.
    pub fn diff(&self, newer: &ObjectModel) -> Vec<ElementChange> {
        let mut changes = Vec::new();
        for (key, old) in &self.elements {
            match newer.elements.get(key) {
                None => changes.push(change(key, old, ChangeKind::Removed)),
                Some(new) if new.content != old.content => {
                    changes.push(change(key, new, ChangeKind::Changed))
                }
                Some(_) => {}
            }
        }
        for (key, new) in &newer.elements {
            if !self.elements.contains_key(key) {
                changes.push(change(key, new, ChangeKind::Added));
            }
        }
        changes.sort();
        changes
    }

    fn add(&mut self, kind: ElementKind, name: &str, label: String, text: &str) {
        let key = ElementKey {
            kind,
            name: sortable(name),
        };
        let content = normalize(text);
        let lines: Vec<String> = text
            .lines()
            .map(normalize)
            .filter(|l| !l.is_empty())
            .collect();
        // A repeated key (two fields numbered alike in a broken file) keeps both texts.
        self.elements
            .entry(key)
            .and_modify(|e| {
                e.content.push('\n');
                e.content.push_str(&content);
                e.lines.extend(lines.iter().cloned());
            })
            .or_insert(Element {
                label,
                content,
                lines,
            });
    }

    fn properties(&mut self, body: &[&str]) {
        for (name, value) in properties(body, 4) {
            if name.eq_ignore_ascii_case("ActionList") {
                let lines: Vec<&str> = value.lines().skip(1).collect();
                self.entries(&lines, 6, EntryShape::ACTION);
            } else if is_trigger(&name, &value) {
                self.add(
                    ElementKind::Trigger,
                    &name,
                    format!("trigger {name}"),
                    &value,
                );
            } else {
                self.add(
                    ElementKind::Property,
                    &name,
                    format!("property {name}"),
                    &value,
                );
            }
        }
    }

    fn entries(&mut self, body: &[&str], indent: usize, shape: EntryShape) {
        for entry in split_entries(body, indent) {
            // XMLport and Query objects share the ELEMENTS section; XMLport lines start with a GUID.
            let shape = match (shape.kind, entry.first()) {
                (ElementKind::XmlElement, Some(first))
                    if !first.trim_start()[1..].trim_start().starts_with("[{") =>
                {
                    EntryShape::QUERY_ELEMENT
                }
                _ => shape,
            };
            let Some(parsed) = parse_entry(&entry, indent, shape.columns) else {
                continue;
            };
            let id = parsed
                .columns
                .get(shape.key_column)
                .map_or("", |s| s.trim())
                .to_string();
            let label = match shape.name_column.and_then(|c| parsed.columns.get(c)) {
                Some(name) if !name.trim().is_empty() => {
                    format!("{} {id} \"{}\"", shape.word, name.trim())
                }
                _ => format!("{} {id}", shape.word),
            };
            let mut plain = parsed.columns.join(";");
            for (name, value) in &parsed.properties {
                if is_trigger(name, value) {
                    let trigger_key = format!("{} {id} {name}", shape.word);
                    self.add(
                        ElementKind::Trigger,
                        &trigger_key,
                        format!("{name} of {label}"),
                        value,
                    );
                } else {
                    plain.push(';');
                    plain.push_str(name);
                    plain.push('=');
                    plain.push_str(value);
                }
            }
            self.add(shape.kind, &id, label, &plain);
        }
    }

    fn code(&mut self, body: &[&str]) {
        CodeReader::default().read(body, self);
    }
}

fn change(key: &ElementKey, element: &Element, change: ChangeKind) -> ElementChange {
    ElementChange {
        key: key.clone(),
        kind: key.kind,
        element: element.label.clone(),
        change,
    }
}

/// Zero-pad every run of digits so that "field 10" sorts after "field 9".
fn sortable(name: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    for c in name.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            out.push_str(&format!("{digits:0>12}"));
            digits.clear();
        }
        if c != '\0' {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The sections of an object: a name at indent 2 followed by `{` at indent 2; the body ends at
/// the last `}` at indent 2 before the next section (so stray braces inside code do not end it).
fn sections<'a>(lines: &[&'a str]) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut headers = Vec::new();
    for i in 0..lines.len().saturating_sub(1) {
        let line = lines[i];
        let name = line.trim();
        let is_name = indent_of(line) == 2
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_uppercase() || c == '-');
        if is_name && indent_of(lines[i + 1]) == 2 && lines[i + 1].trim() == "{" {
            headers.push((i, name));
        }
    }
    let mut out = Vec::new();
    for (n, &(at, name)) in headers.iter().enumerate() {
        let limit = headers.get(n + 1).map_or(lines.len(), |h| h.0);
        let body_start = at + 2;
        let close = (body_start..limit)
            .rev()
            .find(|&i| indent_of(lines[i]) == 2 && lines[i].trim() == "}")
            .unwrap_or(limit);
        out.push((name, lines[body_start..close].to_vec()));
    }
    out
}

/// `Name=value` entries starting at `indent`; deeper lines continue the value.
fn properties(body: &[&str], indent: usize) -> Vec<(String, String)> {
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
fn property_name(text: &str) -> Option<&str> {
    let eq = text.find('=')?;
    let name = &text[..eq];
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '.' || c == '_');
    ok.then_some(name.trim_end())
}

fn is_trigger(name: &str, value: &str) -> bool {
    let first = value.split_whitespace().next().unwrap_or("");
    name.starts_with("On")
        && (first.eq_ignore_ascii_case("BEGIN") || first.eq_ignore_ascii_case("VAR"))
}

#[derive(Debug, Clone, Copy)]
struct EntryShape {
    kind: ElementKind,
    word: &'static str,
    /// How many `;`-separated columns come before the properties.
    columns: usize,
    key_column: usize,
    name_column: Option<usize>,
}

impl EntryShape {
    const FIELD: Self = Self {
        kind: ElementKind::Field,
        word: "field",
        columns: 4,
        key_column: 0,
        name_column: Some(2),
    };
    const KEY: Self = Self {
        kind: ElementKind::Key,
        word: "key",
        columns: 2,
        key_column: 1,
        name_column: None,
    };
    const FIELD_GROUP: Self = Self {
        kind: ElementKind::FieldGroup,
        word: "field group",
        columns: 2,
        key_column: 0,
        name_column: Some(1),
    };
    const CONTROL: Self = Self {
        kind: ElementKind::Control,
        word: "control",
        columns: 3,
        key_column: 0,
        name_column: None,
    };
    const ACTION: Self = Self {
        kind: ElementKind::Action,
        word: "action",
        columns: 3,
        key_column: 0,
        name_column: None,
    };
    const DATA_ITEM: Self = Self {
        kind: ElementKind::DataItem,
        word: "data item",
        columns: 4,
        key_column: 0,
        name_column: Some(3),
    };
    const QUERY_ELEMENT: Self = Self {
        kind: ElementKind::XmlElement,
        word: "element",
        columns: 4,
        key_column: 0,
        name_column: Some(3),
    };
    const XML_ELEMENT: Self = Self {
        kind: ElementKind::XmlElement,
        word: "element",
        columns: 5,
        key_column: 0,
        name_column: Some(2),
    };
}

/// Entries of a FIELDS/KEYS/CONTROLS/ACTIONS-like list: each starts with `{` at `indent`.
fn split_entries<'a>(body: &[&'a str], indent: usize) -> Vec<Vec<&'a str>> {
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

struct ParsedEntry {
    columns: Vec<String>,
    properties: Vec<(String, String)>,
}

/// Split an entry into its leading columns and its properties. Properties start at the column of
/// the first one; trigger bodies sit deeper, so they stay inside their property.
fn parse_entry(lines: &[&str], indent: usize, columns: usize) -> Option<ParsedEntry> {
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

/// Reads the CODE section: global VAR, procedures (with their attributes), event handlers and the
/// Documentation trigger. Keywords at indent 4 drive it; everything deeper belongs to the element
/// being read.
#[derive(Default)]
struct CodeReader {
    state: CodeState,
    pending_attributes: Vec<String>,
    current: Option<(ElementKind, String, String, Vec<String>)>,
}

#[derive(Default, PartialEq)]
enum CodeState {
    #[default]
    Start,
    Globals,
    Procedure {
        ended: bool,
    },
    Documentation,
}

impl CodeReader {
    fn read(mut self, body: &[&str], model: &mut ObjectModel) {
        for line in body {
            let text = line.trim();
            if text.is_empty() {
                continue;
            }
            if self.state == CodeState::Documentation {
                self.push(line);
                continue;
            }
            let indent = indent_of(line);
            let open_procedure = self.state == (CodeState::Procedure { ended: false });
            if indent == 4 {
                let upper = text.to_ascii_uppercase();
                if upper == "VAR" && !matches!(self.state, CodeState::Procedure { .. }) {
                    self.flush(model);
                    self.state = CodeState::Globals;
                    continue;
                }
                if text.starts_with('[') && !open_procedure {
                    self.flush(model);
                    self.pending_attributes.push(text.to_string());
                    continue;
                }
                if let Some(name) = procedure_name(text) {
                    self.flush(model);
                    let mut lines = std::mem::take(&mut self.pending_attributes);
                    lines.push(text.to_string());
                    self.current = Some((
                        ElementKind::Procedure,
                        name.clone(),
                        format!("procedure {name}"),
                        lines,
                    ));
                    self.state = CodeState::Procedure { ended: false };
                    continue;
                }
                if upper == "BEGIN" && !open_procedure {
                    self.flush(model);
                    self.state = CodeState::Documentation;
                    self.current = Some((
                        ElementKind::Documentation,
                        "documentation".into(),
                        "documentation".into(),
                        vec![],
                    ));
                    continue;
                }
                if upper == "END;" && open_procedure {
                    self.push(line);
                    self.state = CodeState::Procedure { ended: true };
                    continue;
                }
            }
            if self.state == CodeState::Globals {
                if indent == 6 && text.starts_with('[') {
                    self.flush(model);
                    self.pending_attributes.push(text.to_string());
                    continue;
                }
                if indent == 6 {
                    self.flush(model);
                    let name = text
                        .split('@')
                        .next()
                        .unwrap_or(text)
                        .trim()
                        .trim_matches('"')
                        .to_string();
                    let mut lines = std::mem::take(&mut self.pending_attributes);
                    lines.push(text.to_string());
                    self.current = Some((
                        ElementKind::Variable,
                        name.clone(),
                        format!("variable {name}"),
                        lines,
                    ));
                    continue;
                }
            }
            self.push(line);
        }
        self.flush(model);
    }

    fn push(&mut self, line: &str) {
        if let Some(current) = self.current.as_mut() {
            current.3.push(line.to_string());
        }
    }

    fn flush(&mut self, model: &mut ObjectModel) {
        if let Some((kind, name, label, lines)) = self.current.take() {
            model.add(kind, &name, label, &lines.join("\n"));
        }
    }
}

/// `PROCEDURE Name@5(...)`, `LOCAL PROCEDURE Name@5`, `EVENT Var@3::Event@94(...)` -> the name.
fn procedure_name(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    let rest = if upper.starts_with("PROCEDURE ") {
        &text[10..]
    } else if upper.starts_with("LOCAL PROCEDURE ") {
        &text[16..]
    } else if upper.starts_with("EVENT ") {
        &text[6..]
    } else {
        return None;
    };
    let head = rest.split(['(', ';']).next().unwrap_or(rest);
    let name: String = head
        .split("::")
        .map(|part| {
            part.split('@')
                .next()
                .unwrap_or(part)
                .trim()
                .trim_matches('"')
        })
        .collect::<Vec<_>>()
        .join("::");
    (!name.is_empty()).then_some(name)
}

/// Whitespace-insensitive text: runs of spaces, tabs and line breaks become one space, and none
/// is kept next to punctuation; text inside '...' strings and "..." names stays as written.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut space = false;
    // Trailing blanks go first: an unclosed quote (an apostrophe in a comment) ends at the line end.
    let lines = text.lines().map(str::trim_end);
    for c in lines.flat_map(|line| line.chars().chain(std::iter::once('\n'))) {
        if let Some(q) = quote {
            if c == '\n' || c == '\r' {
                quote = None;
                space = true;
                continue;
            }
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            let last_is_punct = out.chars().last().is_some_and(is_punct);
            if !out.is_empty() && !last_is_punct && !is_punct(c) {
                out.push(' ');
            }
            space = false;
        }
        if c == '\'' || c == '"' {
            quote = Some(c);
        }
        out.push(c);
    }
    out
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        ';' | '{'
            | '}'
            | '('
            | ')'
            | '['
            | ']'
            | '='
            | ','
            | ':'
            | '.'
            | '<'
            | '>'
            | '+'
            | '-'
            | '*'
            | '/'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_ignores_layout_but_not_strings() {
        assert_eq!(
            normalize("{ 1   ;   ;No.                 ;Code20        }"),
            "{1;;No.;Code20}"
        );
        assert_eq!(
            normalize("IF  x THEN\r\n   y := 'a  b';"),
            "IF x THEN y:='a  b';"
        );
        assert_ne!(normalize("'a b'"), normalize("'a  b'"));
    }

    #[test]
    fn procedure_names_drop_ids() {
        assert_eq!(
            procedure_name("PROCEDURE IsCRMIntegrationEnabled@5() : Boolean;").as_deref(),
            Some("IsCRMIntegrationEnabled")
        );
        assert_eq!(
            procedure_name("LOCAL PROCEDURE Setup@12(VAR X@1 : Record 18);").as_deref(),
            Some("Setup")
        );
        assert_eq!(
            procedure_name("EVENT XmlDoc@1003::NodeInserting@94(sender@1001 : Variant);")
                .as_deref(),
            Some("XmlDoc::NodeInserting")
        );
        assert_eq!(procedure_name("BEGIN"), None);
    }

    #[test]
    fn sortable_pads_numbers() {
        assert!(sortable("field 10") > sortable("field 9"));
    }
}
