//! A structural model of one C/AL object, for comparing objects by what they contain rather than
//! by their layout: each property, object trigger, field (with each of its triggers apart), key,
//! field group, control, action, data item, global variable, procedure and the Documentation
//! trigger is an element with a stable key and its text with the whitespace normalised.
//! OBJECT-PROPERTIES (Date, Time, Modified, Version List) is left out on purpose: the merge tools
//! set those by switches, and they differ in every export.
//! AL objects are read into the same kinds of element by [`al`].

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

mod al;
mod code;
mod layout;

use code::CodeReader;
use layout::{
    is_trigger, parse_entry, properties, sections, sections_at, split_entries, EntryShape,
};

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
            al::read(text, &mut model);
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
                "REQUESTPAGE" => model.request_page(&body),
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
        let lines: Vec<String> = text
            .lines()
            .map(normalize)
            .filter(|l| !l.is_empty())
            .collect();
        let content = join_normalized(&lines);
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

    /// A report's or XMLport's request page: each of its properties and triggers, and each of
    /// its controls (with their triggers), as elements of their own; anything else in it is one
    /// element.
    fn request_page(&mut self, body: &[&str]) {
        for (name, inner) in sections_at(body, 4) {
            match name {
                "PROPERTIES" => {
                    for (property, value) in properties(&inner, 6) {
                        let key = format!("request page {property}");
                        if is_trigger(&property, &value) {
                            let label = format!("{property} of the request page");
                            self.add(ElementKind::Trigger, &key, label, &value);
                        } else {
                            let label = format!("request page property {property}");
                            self.add(ElementKind::Property, &key, label, &value);
                        }
                    }
                }
                "CONTROLS" => self.entries(&inner, 6, EntryShape::REQUEST_CONTROL),
                other => {
                    let key = format!("REQUESTPAGE {other}");
                    let label = format!("request page section {other}");
                    self.add(ElementKind::Section, &key, label, &inner.join("\n"));
                }
            }
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

/// `normalize` of a whole text from its normalised lines (quotes end at line ends, so the lines
/// normalise alone): one space between two lines unless punctuation meets the line break.
fn join_normalized(lines: &[String]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for line in lines {
        let last = out.chars().next_back();
        let first = line.chars().next();
        if let (Some(last), Some(first)) = (last, first) {
            if !is_punct(last) && !is_punct(first) {
                out.push(' ');
            }
        }
        out.push_str(line);
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

    proptest::proptest! {
        #[test]
        fn joining_normalised_lines_equals_normalising_the_text(text in "[ -~\n\tæø]{0,200}") {
            let lines: Vec<String> = text.lines().map(normalize).filter(|l| !l.is_empty()).collect();
            proptest::prop_assert_eq!(join_normalized(&lines), normalize(&text));
        }
    }

    #[test]
    fn sortable_pads_numbers() {
        assert!(sortable("field 10") > sortable("field 9"));
    }
}
