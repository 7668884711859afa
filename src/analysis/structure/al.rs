//! The structural model of one AL object: properties, fields, keys, field groups, enum values,
//! page and report controls, actions, data items, XMLport elements, global variables,
//! procedures and triggers (object triggers and those of each field, control or action), each an
//! element of its own, so that a three-way compare of a modified base-app object can tell a
//! change in one procedure from a change in another.
//!
//! AL is read with a small scanner that knows strings (`'...'`, `''` inside), quoted names
//! (`"..."`), `//` and `/* */` comments, braces and parentheses; code blocks are closed by
//! counting `begin`/`case` against `end`. An entry such as `field(5; "Server Address"; Text[250])
//! { ... }` is one element holding its properties; the triggers and entries nested in it are
//! elements of their own.

use super::{ElementKind, ObjectModel};
use crate::objects::alscan::{is_ident, Scanner};

/// Read `text` (one AL object) into `model`.
pub(super) fn read(text: &str, model: &mut ObjectModel) {
    let s = Scanner { b: text.as_bytes() };
    let Some(open) = s.find_byte(0, text.len(), b'{') else {
        model.add(ElementKind::Section, "source", "source".into(), text);
        return;
    };
    let close = s.block_end(open, text.len());
    // The header names the object and what it extends or implements.
    model.add(
        ElementKind::Property,
        "(header)",
        "object header".into(),
        &text[..open],
    );
    let mut reader = Reader {
        s,
        text,
        model,
        pending: Vec::new(),
    };
    reader.members(open + 1, close.saturating_sub(1), &Context::top());
}

/// Where the members being read sit.
#[derive(Clone)]
struct Context {
    /// The section (`fields`, `layout`, `actions`, ...) or the entry keyword around them.
    section: String,
    /// The label of the entry the members belong to (`field 5 "No."`), empty at the top.
    owner: String,
    /// Inside an `actions` section, where groups and areas are actions too.
    in_actions: bool,
}

impl Context {
    fn top() -> Context {
        Context {
            section: String::new(),
            owner: String::new(),
            in_actions: false,
        }
    }

    fn within(&self, section: &str, owner: &str) -> Context {
        Context {
            section: section.to_string(),
            owner: owner.to_string(),
            in_actions: self.in_actions || section == "actions",
        }
    }
}

struct Reader<'t, 'm> {
    s: Scanner<'t>,
    text: &'t str,
    model: &'m mut ObjectModel,
    /// Attributes (`[EventSubscriber(...)]`) waiting for the procedure they belong to.
    pending: Vec<String>,
}

impl<'t> Reader<'t, '_> {
    /// `text[from..to]`, both ends moved back to a character boundary: the scanner's indices
    /// sit on ASCII bytes, except where an unclosed bracket or string runs to the end of a
    /// range, which may fall inside a character.
    fn slice(&self, from: usize, to: usize) -> &'t str {
        let floor = |mut i: usize| {
            i = i.min(self.text.len());
            while !self.text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let to = floor(to);
        self.text.get(floor(from).min(to)..to).unwrap_or_default()
    }

    /// The members between `from` and `to`; returns the text that belongs to no nested element
    /// (the owner's own properties).
    fn members(&mut self, from: usize, to: usize, ctx: &Context) -> String {
        let mut own = String::new();
        let mut i = from;
        while let Some(at) = self.s.next_token(i, to) {
            let b = self.s.b[at];
            if b == b'[' {
                let end = self.s.bracket_end(at, to);
                self.pending.push(self.slice(at, end).to_string());
                i = end;
                continue;
            }
            if !is_ident(b) {
                i = at + 1;
                continue;
            }
            let (word, after) = self.s.word(at);
            let lower = word.to_ascii_lowercase();
            if lower == "protected" {
                let next = self.s.skip_trivia(after, to);
                if next < to && is_ident(self.s.b[next]) {
                    let (then, after_var) = self.s.word(next);
                    if then.eq_ignore_ascii_case("var") {
                        i = self.globals(after_var, to, ctx, &mut own);
                        continue;
                    }
                }
            }
            match lower.as_str() {
                "procedure" | "local" | "internal" | "protected" | "trigger" => {
                    i = self.code_member(at, to, ctx);
                    continue;
                }
                "var" => {
                    i = self.globals(after, to, ctx, &mut own);
                    continue;
                }
                _ => {}
            }
            let next = self.s.skip_trivia(after, to);
            match self.s.b.get(next) {
                Some(b'=') => {
                    let end = self.s.statement_end(next, to);
                    own.push_str(self.slice(at, end));
                    own.push('\n');
                    if ctx.owner.is_empty() && ctx.section.is_empty() {
                        self.model.add(
                            ElementKind::Property,
                            word,
                            format!("property {word}"),
                            self.slice(at, end),
                        );
                    }
                    i = end;
                }
                Some(b'(') => {
                    let args_end = self.s.paren_end(next, to);
                    let block = self.s.skip_trivia(args_end, to);
                    if self.s.b.get(block) == Some(&b'{') {
                        let close = self.s.block_end(block, to);
                        let args = self.slice(next + 1, args_end.saturating_sub(1));
                        self.entry(&lower, word, args, (at, block, close), ctx);
                        i = close;
                    } else {
                        i = args_end;
                    }
                }
                Some(b'{') => {
                    // A section: `fields { ... }`, `layout { ... }`, `requestpage { ... }`.
                    let close = self.s.block_end(next, to);
                    let inner = ctx.within(&lower, &ctx.owner);
                    let rest = self.members(next + 1, close.saturating_sub(1), &inner);
                    if !rest.trim().is_empty() && ctx.owner.is_empty() {
                        self.model.add(
                            ElementKind::Section,
                            &lower,
                            format!("section {word}"),
                            &rest,
                        );
                    } else {
                        own.push_str(&rest);
                    }
                    i = close;
                }
                _ => i = after,
            }
        }
        own
    }

    /// `field(5; "No."; Code[20]) { ... }` and its kin: one element with its own properties;
    /// nested entries and triggers become elements of their own.
    fn entry(
        &mut self,
        keyword: &str,
        word: &str,
        args: &str,
        (at, block, close): (usize, usize, usize),
        ctx: &Context,
    ) {
        let parts: Vec<&str> = split_args(args);
        let first = parts.first().map_or("", |p| p.trim());
        let numbered = first.chars().all(|c| c.is_ascii_digit()) && !first.is_empty();
        let kind = match keyword {
            "field" | "value" if numbered => ElementKind::Field,
            "key" => ElementKind::Key,
            "fieldgroup" => ElementKind::FieldGroup,
            "dataitem" | "column" => ElementKind::DataItem,
            "tableelement" | "fieldelement" | "textelement" | "fieldattribute"
            | "textattribute" => ElementKind::XmlElement,
            "action" | "actionref" | "separator" => ElementKind::Action,
            _ if ctx.in_actions => ElementKind::Action,
            _ => ElementKind::Control,
        };
        let label = match (numbered, parts.get(1)) {
            (true, Some(name)) => format!("{word} {first} {}", name.trim()),
            _ => format!("{word} {}", first),
        };
        // Extensions say where (`addafter(General)`), so the keyword is part of the identity.
        let key = format!("{keyword} {first}");
        let inner = ctx.within(keyword, &label);
        let own = self.members(block + 1, close.saturating_sub(1), &inner);
        let header = self.slice(at, block);
        self.model
            .add(kind, &key, label, &format!("{}\n{}", header.trim(), own));
    }

    /// A procedure or trigger, with its attributes, up to the `end;` that closes its body.
    fn code_member(&mut self, at: usize, to: usize, ctx: &Context) -> usize {
        let end = self.s.code_end(at, to);
        let mut text = self.pending.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        self.pending.clear();
        text.push_str(self.slice(at, end));
        // The name follows `procedure` / `trigger` (after `local`, `internal`, ...).
        let mut i = at;
        let (mut word, mut after) = self.s.word(i);
        while !word.eq_ignore_ascii_case("procedure") && !word.eq_ignore_ascii_case("trigger") {
            i = self.s.skip_trivia(after, end);
            if i >= end || !is_ident(self.s.b[i]) {
                break;
            }
            (word, after) = self.s.word(i);
        }
        let is_trigger = word.eq_ignore_ascii_case("trigger");
        let name_at = self.s.skip_trivia(after, end);
        let name = if name_at < end && (is_ident(self.s.b[name_at]) || self.s.b[name_at] == b'"') {
            self.s.name(name_at).0
        } else {
            ""
        };
        if is_trigger {
            let (key, label) = if ctx.owner.is_empty() {
                (name.to_string(), format!("trigger {name}"))
            } else {
                (
                    format!("{} {name}", ctx.owner),
                    format!("{name} of {}", ctx.owner),
                )
            };
            self.model.add(ElementKind::Trigger, &key, label, &text);
        } else {
            self.model.add(
                ElementKind::Procedure,
                name,
                format!("procedure {name}"),
                &text,
            );
        }
        end
    }

    /// A global `var` section: one element per declaration, named by its variable(s).
    fn globals(&mut self, from: usize, to: usize, ctx: &Context, own: &mut String) -> usize {
        let mut i = from;
        loop {
            let Some(at) = self.s.next_token(i, to) else {
                return to;
            };
            let b = self.s.b[at];
            if b == b'[' || b == b'}' || !(is_ident(b) || b == b'"') {
                return at;
            }
            if is_ident(b) {
                let (word, _) = self.s.word(at);
                let lower = word.to_ascii_lowercase();
                if matches!(
                    lower.as_str(),
                    "procedure" | "local" | "internal" | "protected" | "trigger" | "var"
                ) {
                    return at;
                }
            }
            // `Name: Type;` or `A, B: Integer;` (a name may be quoted).
            let end = self.s.statement_end(at, to);
            let decl = self.slice(at, end);
            let Some(colon) = decl.find(':') else {
                // Not a declaration (a section keyword followed by `{`): leave it to members.
                return at;
            };
            let names = decl[..colon].trim();
            if ctx.owner.is_empty() {
                self.model.add(
                    ElementKind::Variable,
                    names,
                    format!("variable {names}"),
                    decl,
                );
            } else {
                own.push_str(decl);
                own.push('\n');
            }
            i = end;
        }
    }
}

/// Arguments split on `;` outside quotes and brackets: `5; "No."; Code[20]`.
fn split_args(args: &str) -> Vec<&str> {
    let b = args.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    for (i, &c) in b.iter().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'(' | b'[') => depth += 1,
            (None, b')' | b']') => depth -= 1,
            (None, b';') if depth == 0 => {
                parts.push(&args[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&args[start..]);
    parts
}

/// What only the structural model needs of the scanner: where a code member ends.
impl Scanner<'_> {
    /// The end of a procedure or trigger from its first keyword: its header, an optional `var`
    /// part, then `begin` ... the matching `end` (counting `begin` and `case`), and its `;`.
    fn code_end(&self, from: usize, to: usize) -> usize {
        let mut depth = 0u32;
        let mut parens = 0i32;
        let mut in_header = true;
        let mut i = from;
        while i < to {
            if let Some(next) = self.skip_literal(i, to) {
                i = next;
                continue;
            }
            let c = self.b[i];
            if is_ident(c) && (i == 0 || !is_ident(self.b[i - 1])) {
                let (word, after) = self.word(i);
                if word.eq_ignore_ascii_case("var") {
                    in_header = false;
                }
                if word.eq_ignore_ascii_case("begin") || word.eq_ignore_ascii_case("case") {
                    in_header = false;
                    depth += 1;
                } else if word.eq_ignore_ascii_case("end") && depth > 0 {
                    depth -= 1;
                    if depth == 0 {
                        let semi = self.skip_trivia(after, to);
                        return if self.b.get(semi) == Some(&b';') {
                            semi + 1
                        } else {
                            after
                        };
                    }
                }
                i = after;
                continue;
            }
            if c == b'}' && depth == 0 {
                // A declaration without a body (an interface's procedures) ends at its `;`.
                return i;
            }
            match c {
                b'(' => parens += 1,
                b')' => parens -= 1,
                b';' if in_header && parens <= 0 && self.no_body_follows(i + 1, to) => {
                    return i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        to
    }

    /// After a header's `;`: whether the procedure has no body (nothing but another member or
    /// the end of the block follows, not `var` or `begin`).
    fn no_body_follows(&self, i: usize, to: usize) -> bool {
        let j = self.skip_trivia(i, to);
        if j >= to || !is_ident(self.b[j]) {
            return true;
        }
        let (word, _) = self.word(j);
        !(word.eq_ignore_ascii_case("var") || word.eq_ignore_ascii_case("begin"))
    }
}
