//! Recognisers for references to other objects, shared by the C/AL and AL readers.
//!
//! The readers call these at the few bytes where a reference can start (`:` of a declaration,
//! `::` of `CODEUNIT::"..."`, `=` of a property, `[` of an attribute), outside strings and
//! comments. Each recogniser looks ahead a short way and pushes what it found; none consumes input
//! the reader still needs, except that [`event_subscriber`] tells the reader where its arguments end.

use super::alscan::Scanner;
use super::model::{ObjectKind, RefVia};
use super::scanbytes::*;

/// A target as written: an id, or a name (bytes, decoded later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RawTarget<'a> {
    Id(u32),
    Name(&'a [u8]),
}

#[derive(Debug, Clone, Copy)]
pub struct RawRef<'a> {
    pub pos: usize,
    pub kind: ObjectKind,
    pub target: RawTarget<'a>,
    pub via: RefVia,
}

#[derive(Debug, Clone, Copy)]
pub struct RawDotNet<'a> {
    pub pos: usize,
    /// The text between the double quotes.
    pub text: &'a [u8],
    pub automation: bool,
}

/// What one object's scan collected, in byte positions.
#[derive(Debug, Default)]
pub struct Found<'a> {
    pub refs: Vec<RawRef<'a>>,
    pub dotnet: Vec<RawDotNet<'a>>,
}

/// Longest stretch a property value is looked at (a TableRelation with many IF branches).
const MAX_VALUE: usize = 4096;

/// The object kind a type keyword names in a declaration (`Record`, `TestPage`, ...).
pub fn declared_kind(word: &[u8]) -> Option<ObjectKind> {
    let kind = match word.len() {
        4 if eq_ci(word, b"page") => ObjectKind::Page,
        4 if eq_ci(word, b"form") => ObjectKind::Form,
        4 if eq_ci(word, b"enum") => ObjectKind::Enum,
        5 if eq_ci(word, b"query") => ObjectKind::Query,
        6 if eq_ci(word, b"record") => ObjectKind::Table,
        6 if eq_ci(word, b"report") => ObjectKind::Report,
        7 if eq_ci(word, b"xmlport") => ObjectKind::XMLport,
        8 if eq_ci(word, b"codeunit") => ObjectKind::Codeunit,
        8 if eq_ci(word, b"testpage") => ObjectKind::Page,
        8 if eq_ci(word, b"dataport") => ObjectKind::Dataport,
        9 if eq_ci(word, b"interface") => ObjectKind::Interface,
        _ => return None,
    };
    Some(kind)
}

/// The kind named before `::` in code (`CODEUNIT::`, `DATABASE::`, AL `Codeunit::`, ...).
fn code_kind(word: &[u8]) -> Option<ObjectKind> {
    let kind = match word.len() {
        4 if eq_ci(word, b"page") => ObjectKind::Page,
        4 if eq_ci(word, b"enum") => ObjectKind::Enum,
        // Classic code runs forms and dataports as NAV 2013+ runs pages and XMLports
        // (`FORM.RUNMODAL(FORM::"Contact Business Relations",ContBusRel)`).
        4 if eq_ci(word, b"form") => ObjectKind::Form,
        5 if eq_ci(word, b"query") => ObjectKind::Query,
        6 if eq_ci(word, b"report") => ObjectKind::Report,
        7 if eq_ci(word, b"xmlport") => ObjectKind::XMLport,
        8 if eq_ci(word, b"codeunit") => ObjectKind::Codeunit,
        8 if eq_ci(word, b"database") => ObjectKind::Table,
        8 if eq_ci(word, b"dataport") => ObjectKind::Dataport,
        _ => return None,
    };
    Some(kind)
}

/// A kind word in a property value or an attribute (`Table`, `Page`, `TableData`, ...).
fn value_kind(word: &[u8]) -> Option<ObjectKind> {
    if eq_ci(word, b"table") || eq_ci(word, b"tabledata") || eq_ci(word, b"database") {
        return Some(ObjectKind::Table);
    }
    if eq_ci(word, b"objecttype") {
        return None;
    }
    declared_kind(word)
}

/// An id, a `"quoted name"` or a bare name at `i`.
pub fn target_at(buf: &[u8], i: usize) -> Option<(RawTarget<'_>, usize)> {
    match buf.get(i)? {
        b'"' => {
            let (name, end) = quoted_at(buf, i)?;
            Some((RawTarget::Name(name), end))
        }
        b if b.is_ascii_digit() => {
            let (digits, end) = ident_at(buf, i);
            parse_u32(digits).map(|id| (RawTarget::Id(id), end))
        }
        b if is_ident(*b) => {
            let (word, end) = ident_at(buf, i);
            Some((RawTarget::Name(word), end))
        }
        _ => None,
    }
}

/// A declaration after `:` at `colon`: `Record 18`, `TEMPORARY Record 2000000078`,
/// `Codeunit "Job Queue - Enqueue"`, `DotNet "'assembly, Version=...'.Type"`, `Automation "..."`,
/// AL `DotNet Alias`.
pub fn declaration<'a>(buf: &'a [u8], colon: usize, found: &mut Found<'a>) {
    let mut i = skip_blanks(buf, colon + 1);
    let (mut word, mut end) = ident_at(buf, i);
    // Matrix pages keep their column records in arrays: C/AL `ARRAY [32] OF Record 367`
    // (nav2018dk pages), AL `array[32] of Record "Dimension Value"`. The element type after
    // `OF` is the reference; `TEMPORARY` may stand before or after the array part.
    loop {
        if eq_ci(word, b"temporary") {
            i = skip_blanks(buf, end);
        } else if eq_ci(word, b"array") {
            let Some(of_end) = array_of(buf, end) else {
                return;
            };
            i = skip_blanks(buf, of_end);
        } else {
            break;
        }
        (word, end) = ident_at(buf, i);
    }
    if word.is_empty() {
        return;
    }
    let after = skip_blanks(buf, end);
    if eq_ci(word, b"dotnet") || eq_ci(word, b"automation") {
        // C/AL quotes the whole type (`DotNet "'assembly, Version=...'.Type"`); AL names it by
        // its package alias, quoted or not (`DotNet CrmEntity`, `DotNet "Crm Entity"`).
        let text = match quoted_at(buf, after) {
            Some((text, _)) => Some(text),
            None => Some(ident_at(buf, after).0).filter(|w| !w.is_empty()),
        };
        if let Some(text) = text {
            found.dotnet.push(RawDotNet {
                pos: i,
                text,
                automation: eq_ci(word, b"automation"),
            });
        }
        return;
    }
    let Some(kind) = declared_kind(word) else {
        return;
    };
    if after == end && buf.get(after) != Some(&b'"') {
        return; // `Record18` is not a declaration
    }
    if let Some((target, _)) = target_at(buf, after) {
        found.refs.push(RawRef {
            pos: i,
            kind,
            target,
            via: RefVia::Variable,
        });
    }
}

/// After `ARRAY` at `i`: ` [32] OF` (AL `[2, 2] of`), the index after `OF`. The dimensions
/// stay on the line and are short; anything else is not an array declaration.
fn array_of(buf: &[u8], i: usize) -> Option<usize> {
    let open = skip_blanks(buf, i);
    if buf.get(open) != Some(&b'[') {
        return None;
    }
    let dims = buf.get(open + 1..buf.len().min(open + 64))?;
    let close = open + 1 + dims.iter().position(|b| matches!(b, b']' | b'\n'))?;
    if buf[close] != b']' {
        return None;
    }
    let of = skip_blanks(buf, close + 1);
    let (word, end) = ident_at(buf, of);
    eq_ci(word, b"of").then_some(end)
}

/// `CODEUNIT::"Job Queue - Enqueue"`, `DATABASE::"..."`, `Page::"..."`, at the first `:` of `::`.
pub fn code_reference<'a>(buf: &'a [u8], colons: usize, found: &mut Found<'a>) {
    let (start, word) = ident_before(buf, colons);
    if start + word.len() != colons {
        return;
    }
    let Some(kind) = code_kind(word) else {
        return;
    };
    if let Some((target, _)) = target_at(buf, colons + 2) {
        found.refs.push(RawRef {
            pos: start,
            kind,
            target,
            via: RefVia::Code,
        });
    }
}

/// `[EventSubscriber(Table,1400,OnRegister...)]`, `[EventSubscriber(ObjectType::Table,
/// Database::"Job Queue Entry",...)]`, at `[`. Returns where the publisher argument ends, so the
/// reader does not see its `::` a second time.
pub fn event_subscriber<'a>(buf: &'a [u8], bracket: usize, found: &mut Found<'a>) -> Option<usize> {
    const ATTR: &[u8] = b"eventsubscriber";
    let name_start = skip_blanks(buf, bracket + 1);
    let (word, end) = ident_at(buf, name_start);
    if !eq_ci(word, ATTR) {
        return None;
    }
    let mut i = skip_blanks(buf, end);
    if buf.get(i) != Some(&b'(') {
        return None;
    }
    i = skip_ws(buf, i + 1);
    let (mut kind_word, mut j) = ident_at(buf, i);
    if eq_ci(kind_word, b"objecttype") && buf.get(j..j + 2) == Some(b"::") {
        (kind_word, j) = ident_at(buf, j + 2);
    }
    let kind = value_kind(kind_word)?;
    j = skip_ws(buf, j);
    if buf.get(j) != Some(&b',') {
        return None;
    }
    j = skip_ws(buf, j + 1);
    // AL names the publisher as `Codeunit::"..."` / `Database::"..."`.
    let (prefix, after_prefix) = ident_at(buf, j);
    if !prefix.is_empty() && buf.get(after_prefix..after_prefix + 2) == Some(b"::") {
        j = after_prefix + 2;
    }
    let (target, end) = target_at(buf, j)?;
    found.refs.push(RawRef {
        pos: bracket,
        kind,
        target,
        via: RefVia::EventSubscriber,
    });
    Some(end)
}

/// A property at its `=`: `TableNo=472`, `SourceTable=Table472`, `RunObject=Page 5330`,
/// `Permissions=TableData 472=rimd`, `TableRelation=...`, `CalcFormula=...`, and the AL forms
/// with blanks around `=`.
pub fn property<'a>(buf: &'a [u8], eq: usize, found: &mut Found<'a>) {
    let (start, name) = ident_before(buf, eq);
    if name.len() < 7 {
        return; // the shortest name we know is `TableNo`
    }
    if !starts_statement(buf, start) {
        return; // `RecordId.TableNo = 0` or `if TableNo = 0 then` in AL code
    }
    // AL code formatted by hand puts a long value on the line after the `=` (`CalcFormula =` then
    // `lookup("X".Name where(...))` in partner tables); C/AL keeps the value on the same line.
    property_value(buf, name, start, skip_ws(buf, eq + 1), found);
}

/// The references in the value at `value` of the property called `name` (any case), found at
/// `start`. A delta names the property apart from its value (`Property=Permissions;` then
/// `ModifiedValue=TableData 18=r`), so it calls this directly.
pub fn property_value<'a>(
    buf: &'a [u8],
    name: &[u8],
    start: usize,
    value: usize,
    found: &mut Found<'a>,
) {
    let mut lower = [0u8; 24];
    if name.len() > lower.len() {
        return;
    }
    for (d, s) in lower.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    match &lower[..name.len()] {
        b"tableno" | b"sourcetable" | b"dataitemtable" => {
            kinded_value(buf, start, value, Some(ObjectKind::Table), found)
        }
        // `RoleCenter` is an AL profile's page; C/AL has no profile objects.
        b"lookuppageid" | b"drilldownpageid" | b"cardpageid" | b"pagepartid" | b"rolecenter" => {
            kinded_value(buf, start, value, Some(ObjectKind::Page), found)
        }
        // Classic (NAV 2009) tables name their forms the same way: `LookupFormID=Form21001407;`
        // in a Russian partner's export; a table merged there keeps its forms as dependents.
        b"lookupformid" | b"drilldownformid" => {
            kinded_value(buf, start, value, Some(ObjectKind::Form), found)
        }
        b"runobject" => kinded_value(buf, start, value, None, found),
        b"permissions" | b"accessbypermission" => permissions(buf, value, found),
        b"tablerelation" => table_relation(buf, start, value, found),
        b"calcformula" => calc_formula(buf, start, value, found),
        b"runobjectid" => menu_item(buf, start, value, found),
        _ => {}
    }
}

/// Whether the name at `start` begins a statement, as a property does: after `{`, `;` or `}`
/// (blanks and line breaks between), or on the line after a comment or a `#` directive. A member
/// or a variable compared in AL code (`RecordId.TableNo = 0`, `exit(\n TableNo = 18)`) does not.
fn starts_statement(buf: &[u8], start: usize) -> bool {
    let before = &buf[..start.min(buf.len())];
    let Some(k) = before.iter().rposition(|b| !b.is_ascii_whitespace()) else {
        return true;
    };
    if matches!(before[k], b'{' | b';' | b'}') {
        return true;
    }
    if !before[k..].contains(&b'\n') {
        return false;
    }
    let line_start = before[..k]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let line = &before[line_start..=k];
    let first = line.iter().find(|b| !b.is_ascii_whitespace());
    line.windows(2).any(|w| w == b"//") || first == Some(&b'#') || line.ends_with(b"*/")
}

/// `Table472`, `Table 472`, `Page "Name"`, `"Name"`, `472`, `Customer` (when a kind is implied).
fn kinded_value<'a>(
    buf: &'a [u8],
    pos: usize,
    i: usize,
    implied: Option<ObjectKind>,
    found: &mut Found<'a>,
) {
    let mut push = |kind, target| {
        found.refs.push(RawRef {
            pos,
            kind,
            target,
            via: RefVia::Property,
        })
    };
    let (word, end) = ident_at(buf, i);
    if !word.is_empty() && !word[0].is_ascii_digit() {
        // `Table472`: a kind word glued to digits.
        let digits_at = word.iter().position(u8::is_ascii_digit);
        let (kind_part, digits) = match digits_at {
            Some(d) => (&word[..d], &word[d..]),
            None => (word, &b""[..]),
        };
        if let Some(kind) = value_kind(kind_part) {
            if let Some(id) = parse_u32(digits) {
                return push(kind, RawTarget::Id(id));
            }
            if digits.is_empty() {
                let next = skip_blanks(buf, end);
                if next > end || buf.get(next) == Some(&b'"') {
                    if let Some((target, _)) = target_at(buf, next) {
                        return push(kind, target);
                    }
                }
            }
        }
    }
    let Some(kind) = implied else {
        return;
    };
    // C/SIDE writes a page named in CardPageID or DrillDownPageID bare, spaces and dots
    // included (`CardPageID=Customer Card;`): a bare name runs to the end of the value.
    let target = match buf.get(i) {
        Some(b) if is_ident(*b) && !b.is_ascii_digit() => Some(RawTarget::Name(bare_value(buf, i))),
        _ => target_at(buf, i).map(|(target, _)| target),
    };
    if let Some(target) = target {
        push(kind, target);
    }
}

/// An unquoted value from `i` to `;`, `}` or the line end, trailing blanks left out.
fn bare_value(buf: &[u8], i: usize) -> &[u8] {
    let limit = buf.len().min(i.saturating_add(MAX_VALUE));
    let rest = &buf[i..limit];
    let len = rest
        .iter()
        .position(|b| matches!(b, b';' | b'}' | b'\r' | b'\n'))
        .unwrap_or(rest.len());
    rest[..len].trim_ascii_end()
}

/// A MenuSuite item: `RunObjectType=Page;` then `RunObjectID=21;` in the same entry.
fn menu_item<'a>(buf: &'a [u8], pos: usize, i: usize, found: &mut Found<'a>) {
    const TYPE: &[u8] = b"RunObjectType=";
    let window = &buf[pos.saturating_sub(400)..pos];
    let Some(at) = memchr::memmem::rfind(window, TYPE) else {
        return;
    };
    let type_at = pos.saturating_sub(400) + at + TYPE.len();
    let (word, _) = ident_at(buf, type_at);
    let (Some(kind), Some((RawTarget::Id(id), _))) = (value_kind(word), target_at(buf, i)) else {
        return;
    };
    found.refs.push(RawRef {
        pos,
        kind,
        target: RawTarget::Id(id),
        via: RefVia::Property,
    });
}

/// Every `TableData <id or name>` up to the end of the property.
fn permissions<'a>(buf: &'a [u8], i: usize, found: &mut Found<'a>) {
    let stop = value_end(buf, i);
    let mut j = i;
    while j < stop {
        let (word, end) = ident_at(buf, j);
        if word.is_empty() {
            j = match buf.get(j) {
                Some(b'"') => quoted_at(buf, j).map_or(j + 1, |(_, e)| e),
                _ => comment_end(buf, j).unwrap_or(j + 1),
            };
            continue;
        }
        if eq_ci(word, b"tabledata") {
            let next = skip_ws(buf, end);
            if let Some((target, after)) = target_at(buf, next) {
                found.refs.push(RawRef {
                    pos: j,
                    kind: ObjectKind::Table,
                    target,
                    via: RefVia::Permission,
                });
                j = after;
                continue;
            }
        }
        j = end;
    }
}

/// `TableRelation="Job Queue Category"`, `AllObjWithCaption."Object ID" WHERE (...)`,
/// `IF (Type=CONST(Item)) Item ELSE IF (...) Resource`.
fn table_relation<'a>(buf: &'a [u8], pos: usize, i: usize, found: &mut Found<'a>) {
    let stop = value_end(buf, i);
    let mut j = i;
    loop {
        j = skip_ws(buf, j);
        if j >= stop {
            return;
        }
        let (word, end) = ident_at(buf, j);
        if eq_ci(word, b"if") {
            j = skip_ws(buf, end);
            if buf.get(j) == Some(&b'(') {
                j = skip_parens(buf, j, stop);
            }
            j = skip_ws(buf, j);
        }
        if let Some(target) = relation_target(buf, j) {
            found.refs.push(RawRef {
                pos,
                kind: ObjectKind::Table,
                target,
                via: RefVia::TableRelation,
            });
        }
        // Find the next top-level ELSE.
        match next_else(buf, j, stop) {
            Some(after_else) => j = after_else,
            None => return,
        }
    }
}

/// The table a relation names at `j`. C/SIDE writes a name without blanks bare, a `/` included
/// (`TableRelation=Salesperson/Purchaser;`, `TableRelation=Country/Region;` in a partner's
/// vendor table), and a table missing from the database as `Table` glued to its id
/// (`TableRelation=Table51516023` in the same partner export); `ident_at` alone stops at the
/// `/` and takes `Table51516023` for a name.
fn relation_target(buf: &[u8], j: usize) -> Option<RawTarget<'_>> {
    match buf.get(j) {
        Some(b) if is_ident(*b) && !b.is_ascii_digit() => {
            let (word, mut end) = ident_at(buf, j);
            if word.len() > 5 && eq_ci(&word[..5], b"table") {
                if let Some(id) = parse_u32(&word[5..]) {
                    return Some(RawTarget::Id(id));
                }
            }
            while buf.get(end) == Some(&b'/') && buf.get(end + 1).is_some_and(|b| is_ident(*b)) {
                end = ident_at(buf, end + 1).1;
            }
            Some(RawTarget::Name(&buf[j..end]))
        }
        _ => target_at(buf, j).map(|(target, _)| target),
    }
}

/// `Exist("Scheduled Task" WHERE (...))`, `-Sum("Cust. Ledger Entry".Amount WHERE (...))`.
fn calc_formula<'a>(buf: &'a [u8], pos: usize, i: usize, found: &mut Found<'a>) {
    let mut j = i;
    if buf.get(j) == Some(&b'-') {
        // The AL formatter writes a negated sum with a blank after the sign
        // (`CalcFormula = - Sum("Value Entry"."Invoiced Quantity" ...)`, base app and partner
        // tables alike); C/AL writes `-Sum(`.
        j = skip_blanks(buf, j + 1);
    }
    let (word, end) = ident_at(buf, j);
    if word.is_empty() {
        return;
    }
    let open = skip_blanks(buf, end);
    if buf.get(open) != Some(&b'(') {
        return;
    }
    let at = skip_ws(buf, open + 1);
    if let Some((target, _)) = target_at(buf, at) {
        found.refs.push(RawRef {
            pos,
            kind: ObjectKind::Table,
            target,
            via: RefVia::CalcFormula,
        });
    }
}

/// Where a property value ends: `;` or `}` outside quotes and parentheses, bounded.
fn value_end(buf: &[u8], i: usize) -> usize {
    let limit = buf.len().min(i.saturating_add(MAX_VALUE));
    let mut depth = 0u32;
    let mut j = i;
    while j < limit {
        match buf[j] {
            b'"' => {
                j = quoted_at(buf, j).map_or(j + 1, |(_, e)| e);
                continue;
            }
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b';' | b'}' if depth == 0 => return j,
            b'/' if depth == 0 => {
                if let Some(end) = comment_end(buf, j) {
                    j = end;
                    continue;
                }
            }
            _ => {}
        }
        j += 1;
    }
    limit
}

/// The end of an AL comment at `i` (`//` to the line end, `/* */` past `*/`), if one starts
/// there. Partner AL keeps retired entries of a `Permissions` list as comments, between the
/// live ones (`//TableData "Service Item" = rm,`, `// tabledata "Indent Line" = D,`): what a
/// comment names is no permission, and a `;` in one does not end the list. C/AL writes no
/// comments inside property values.
fn comment_end(buf: &[u8], i: usize) -> Option<usize> {
    let starts_comment = buf.get(i) == Some(&b'/') && matches!(buf.get(i + 1), Some(b'/' | b'*'));
    // The AL scanner's own step over a comment (past the line's newline, or past `*/`).
    starts_comment.then(|| {
        Scanner { b: buf }
            .skip_literal(i, buf.len())
            .unwrap_or(buf.len())
    })
}

fn skip_parens(buf: &[u8], open: usize, stop: usize) -> usize {
    let mut depth = 0u32;
    let mut j = open;
    while j < stop {
        match buf[j] {
            b'"' => {
                j = quoted_at(buf, j).map_or(j + 1, |(_, e)| e);
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += 1;
    }
    stop
}

fn next_else(buf: &[u8], from: usize, stop: usize) -> Option<usize> {
    let mut depth = 0u32;
    let mut j = from;
    while j < stop {
        match buf[j] {
            b'"' => {
                j = quoted_at(buf, j).map_or(j + 1, |(_, e)| e);
                continue;
            }
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b if depth == 0 && is_ident(b) && (j == 0 || !is_ident(buf[j - 1])) => {
                let (word, end) = ident_at(buf, j);
                if eq_ci(word, b"else") {
                    return Some(end);
                }
                j = end;
                continue;
            }
            _ => {}
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(text: &str) -> Vec<(ObjectKind, RawTarget<'_>, RefVia)> {
        let buf = text.as_bytes();
        let mut found = Found::default();
        let eq = memchr::memchr(b'=', buf).expect("test text has =");
        property(buf, eq, &mut found);
        found
            .refs
            .iter()
            .map(|r| (r.kind, r.target, r.via))
            .collect()
    }

    #[test]
    fn property_forms() {
        use ObjectKind::*;
        use RawTarget::*;
        assert_eq!(props("TableNo=472;"), [(Table, Id(472), RefVia::Property)]);
        assert_eq!(props("SourceTable=Table472;")[0].1, Id(472));
        assert_eq!(props("LookupPageID=Page672;")[0].0, Page);
        assert_eq!(
            props("RunObject=Page 5330;")[0],
            (Page, Id(5330), RefVia::Property)
        );
        assert_eq!(
            props("RunObject = Page \"Default Dimensions\";")[0].1,
            Name(b"Default Dimensions")
        );
        assert_eq!(props("SourceTable = Customer;")[0].1, Name(b"Customer"));
        assert_eq!(
            props("CardPageID=Item Card-Editable;")[0].1,
            Name(b"Item Card-Editable")
        );
        assert_eq!(
            props("DrillDownPageID=CRM Synch. Job Queue }")[0].1,
            Name(b"CRM Synch. Job Queue")
        );
        assert_eq!(
            props("TableNo=\"Job Queue Entry\";")[0].1,
            Name(b"Job Queue Entry")
        );
        let perms =
            props("Permissions=TableData 472=rimd,\r\n    TableData \"Job Queue Log Entry\"=rim;");
        assert_eq!(perms.len(), 2);
        assert_eq!(perms[1].1, Name(b"Job Queue Log Entry"));
        assert!(props("Caption=Table 18;").is_empty());
        let menu = "{ MenuItem ;[{A}] ;Name=Customers;\n RunObjectType=Page;\n RunObjectID=22 }";
        let buf = menu.as_bytes();
        let mut found = Found::default();
        let eq = memchr::memmem::find(buf, b"ID=").expect("RunObjectID=") + 2;
        property(buf, eq, &mut found);
        assert_eq!(found.refs[0].kind, Page);
        assert_eq!(found.refs[0].target, Id(22));
    }

    #[test]
    fn relations_and_formulas() {
        use RawTarget::*;
        let rel = props(
            "TableRelation=IF (Type=CONST(Item)) Item ELSE IF (Type=CONST(Resource)) Resource;",
        );
        let names: Vec<_> = rel.iter().map(|r| r.1).collect();
        assert_eq!(names, [Name(b"Item"), Name(b"Resource")]);
        let rel = props("TableRelation=AllObjWithCaption.\"Object ID\" WHERE (Object Type=FIELD(Object Type to Run));");
        assert_eq!(rel[0].1, Name(b"AllObjWithCaption"));
        let calc = props("CalcFormula=Exist(\"Scheduled Task\" WHERE (ID=FIELD(System Task ID)));");
        assert_eq!(calc[0].1, Name(b"Scheduled Task"));
        assert_eq!(calc[0].2, RefVia::CalcFormula);
        let calc = props("CalcFormula=-Sum(\"Cust. Ledger Entry\".Amount);");
        assert_eq!(calc[0].1, Name(b"Cust. Ledger Entry"));
    }

    #[test]
    fn declarations_and_code() {
        let buf: &[u8] = b"X@1 : TEMPORARY Record 2000000078; Y : Codeunit \"Job Queue - Enqueue\"; CODEUNIT::\"A B\" ObjectType::Codeunit";
        let mut found = Found::default();
        for (i, _) in buf.iter().enumerate().filter(|(_, b)| **b == b':') {
            if buf.get(i + 1) == Some(&b':') {
                code_reference(buf, i, &mut found);
            } else if i > 0 && buf[i - 1] != b':' {
                declaration(buf, i, &mut found);
            }
        }
        let targets: Vec<_> = found.refs.iter().map(|r| r.target).collect();
        assert_eq!(
            targets,
            [
                RawTarget::Id(2000000078),
                RawTarget::Name(b"Job Queue - Enqueue"),
                RawTarget::Name(b"A B")
            ]
        );
    }

    #[test]
    fn event_subscribers() {
        let mut found = Found::default();
        let buf: &[u8] = b"[EventSubscriber(ObjectType::Table, Database::\"Job Queue Entry\", 'OnX', '', false, false)]";
        assert!(event_subscriber(buf, 0, &mut found).is_some());
        let buf: &[u8] = b"[EventSubscriber(Table,1400,OnRegisterServiceConnection)]";
        assert!(event_subscriber(buf, 0, &mut found).is_some());
        assert_eq!(found.refs[0].target, RawTarget::Name(b"Job Queue Entry"));
        assert_eq!(found.refs[1].target, RawTarget::Id(1400));
        assert_eq!(found.refs[1].kind, ObjectKind::Table);
    }
}
