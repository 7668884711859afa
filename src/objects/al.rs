//! The AL reader: `.al` sources (BC 14/15 base apps, extensions, txt2al output).
//!
//! In AL every brace is structure; comments are `//` and `/* */`, strings `'...'`, names `"..."`.
//! An object starts at depth 0 with `<type> [id] <name> [extends <name>] [implements ...] {`,
//! type keywords in any case. `#pragma`/`#if` lines, `namespace` and `using` are skipped.

use std::path::Path;

use super::alscan::Scanner;
use super::assemble::{self, diagnostic, Header, Parts, Properties};
use super::cal::Read;
use super::decode::CodePage;
use super::model::*;
use super::refs::{self, Found};
use super::scanbytes::*;

/// AL object type keywords and whether the type carries an id.
fn al_kind(word: &[u8]) -> Option<(ObjectKind, bool)> {
    const KINDS: [(&[u8], ObjectKind, bool); 19] = [
        (b"table", ObjectKind::Table, true),
        (b"tableextension", ObjectKind::TableExtension, true),
        (b"page", ObjectKind::Page, true),
        (b"pageextension", ObjectKind::PageExtension, true),
        (b"pagecustomization", ObjectKind::PageCustomization, false),
        (b"report", ObjectKind::Report, true),
        (b"reportextension", ObjectKind::ReportExtension, true),
        (b"codeunit", ObjectKind::Codeunit, true),
        (b"xmlport", ObjectKind::XMLport, true),
        (b"query", ObjectKind::Query, true),
        (b"enum", ObjectKind::Enum, true),
        (b"enumextension", ObjectKind::EnumExtension, true),
        (b"interface", ObjectKind::Interface, false),
        (b"controladdin", ObjectKind::ControlAddIn, false),
        (b"profile", ObjectKind::Profile, false),
        (b"permissionset", ObjectKind::PermissionSet, true),
        (
            b"permissionsetextension",
            ObjectKind::PermissionSetExtension,
            true,
        ),
        (b"entitlement", ObjectKind::Entitlement, false),
        (b"dotnet", ObjectKind::DotNet, false),
    ];
    KINDS
        .iter()
        .find(|(w, _, _)| eq_ci(word, w))
        .map(|(_, kind, has_id)| (*kind, *has_id))
}

/// Whether the buffer looks like AL: an object type keyword starts a line before any `{`.
pub fn looks_like_al(buf: &[u8]) -> bool {
    let mut i = 0;
    let limit = buf.len().min(64 * 1024);
    while i < limit {
        let start = skip_blanks(buf, i);
        let (word, _) = ident_at(buf, start);
        if al_kind(word).is_some() {
            return true;
        }
        i = line_end(buf, i) + 1;
    }
    false
}

static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b"{}\"'/:=[#";
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
};

pub fn read(buf: &[u8], file: &Path, cp: &CodePage) -> Read {
    let mut out = Read::default();
    let mut scratch = assemble::Scratch::default();
    let mut i = 0;
    let mut warned = false;
    let mut lines = LineCounter::new(buf, 0, 1);
    while i < buf.len() {
        i = skip_trivia(buf, i);
        if i >= buf.len() {
            break;
        }
        let (word, after) = ident_at(buf, i);
        if eq_ci(word, b"namespace") || eq_ci(word, b"using") {
            i = memchr::memchr(b';', &buf[i..]).map_or(buf.len(), |off| i + off + 1);
            continue;
        }
        let Some((kind, has_id)) = al_kind(word) else {
            if !warned {
                let line = lines.line_at(i);
                out.diagnostics.push(diagnostic(
                    Severity::Warning,
                    file,
                    line,
                    "text outside any AL object was ignored".into(),
                ));
                warned = true;
            }
            i = line_end(buf, i) + 1;
            continue;
        };
        let start = i;
        let line = lines.line_at(start);
        let Some((header, open)) = header(buf, after, kind, has_id, cp) else {
            out.diagnostics.push(diagnostic(
                Severity::Error,
                file,
                line,
                format!("malformed {kind:?} header; object skipped"),
            ));
            i = line_end(buf, i) + 1;
            continue;
        };
        let found = &mut scratch.found;
        let (close, unclosed) = body(buf, open, found);
        let props = Properties {
            version_list: version_comment(buf, open + 1, cp),
            ..Properties::default()
        };
        if unclosed {
            out.diagnostics.push(diagnostic(
                Severity::Error,
                file,
                line,
                format!(
                    "{} is truncated: its braces do not balance",
                    header.describe()
                ),
            ));
        }
        if header.extends.is_some() {
            if let Some(target) = ext_target(buf, after, open, kind) {
                found.refs.push(refs::RawRef {
                    pos: start,
                    kind: extends_kind(kind),
                    target,
                    via: RefVia::Extends,
                });
            }
        }
        let mut ref_lines = LineCounter::new(buf, start, line);
        let mut object = assemble::object(
            Parts {
                header,
                props,
                file,
                line,
                span: start..close,
            },
            &mut scratch,
            &mut ref_lines,
            cp,
        );
        if kind == ObjectKind::DotNet {
            let mut lines = LineCounter::new(buf, start, line);
            for (pos, mut decl) in package_decls(buf, open, close, cp) {
                decl.line = lines.line_at(pos);
                object.dotnet.push(decl);
            }
            object.dotnet.sort_by_key(|d| d.line);
        }
        out.objects.push(object);
        i = close;
    }
    out
}

/// The `extends` target as written: a name (raw bytes, so the reference decodes like every
/// other name) or an object id (`extends 673`, which partner extensions write too).
fn ext_target(
    buf: &[u8],
    from: usize,
    open: usize,
    kind: ObjectKind,
) -> Option<refs::RawTarget<'_>> {
    let head = buf.get(from..open)?;
    let word = extends_word(kind);
    let at = find_word_ci(head, word)?;
    let i = skip_ws(head, at + word.len());
    refs::target_at(head, i).map(|(target, _)| target)
}

fn find_word_ci(hay: &[u8], word: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i + word.len() <= hay.len() {
        let before_ok = i == 0 || !is_ident(hay[i - 1]);
        if before_ok && hay[i..i + word.len()].eq_ignore_ascii_case(word) {
            let after = i + word.len();
            if after == hay.len() || !is_ident(hay[after]) {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

/// The header word that names the object an extension builds on: a page customization says
/// `customizes "Customer List"` where every other extension says `extends`.
fn extends_word(kind: ObjectKind) -> &'static [u8] {
    match kind {
        ObjectKind::PageCustomization => b"customizes",
        _ => b"extends",
    }
}

fn extends_kind(kind: ObjectKind) -> ObjectKind {
    match kind {
        ObjectKind::TableExtension => ObjectKind::Table,
        ObjectKind::PageExtension | ObjectKind::PageCustomization => ObjectKind::Page,
        ObjectKind::ReportExtension => ObjectKind::Report,
        ObjectKind::EnumExtension => ObjectKind::Enum,
        ObjectKind::PermissionSetExtension => ObjectKind::PermissionSet,
        other => other,
    }
}

/// Whitespace, comments and `#` directive lines between objects.
fn skip_trivia(buf: &[u8], mut i: usize) -> usize {
    loop {
        i = skip_ws(buf, i);
        match (buf.get(i), buf.get(i + 1)) {
            (Some(b'/'), Some(b'/')) | (Some(b'#'), _) => i = line_end(buf, i) + 1,
            (Some(b'/'), Some(b'*')) => {
                i = memchr::memmem::find(&buf[i + 2..], b"*/")
                    .map_or(buf.len(), |off| i + 2 + off + 2)
            }
            _ => return i.min(buf.len()),
        }
    }
}

/// `<id> <name> [extends <name>] [implements a, b]` up to the object's `{`.
fn header(
    buf: &[u8],
    after_kind: usize,
    kind: ObjectKind,
    has_id: bool,
    cp: &CodePage,
) -> Option<(Header, usize)> {
    let mut i = skip_ws(buf, after_kind);
    let mut id = 0;
    if has_id {
        let (digits, end) = ident_at(buf, i);
        id = parse_u32(digits)?;
        i = skip_ws(buf, end);
    }
    // A `dotnet` package has no name of its own; "package" reads well in tables and messages.
    let mut name = String::from("package");
    if kind != ObjectKind::DotNet {
        let (target, end) = refs::target_at(buf, i)?;
        name = match target {
            refs::RawTarget::Name(n) => cp.decode(n),
            refs::RawTarget::Id(n) => n.to_string(),
        };
        i = skip_ws(buf, end);
    }
    let mut extends = None;
    // Everything up to `{` is clauses (`extends`, `implements`); it must stay short.
    let open = i + memchr::memchr(b'{', buf.get(i..(i + 4096).min(buf.len()))?)?;
    let clauses = &buf[i..open];
    let word = extends_word(kind);
    if let Some(at) = find_word_ci(clauses, word) {
        let j = skip_ws(clauses, at + word.len());
        // AL also lets an extension name its base object by id (`pageextension 50244 X extends
        // 673`, `tableextension 50007 X extends 21` in partner apps): that was dropped, so the
        // extension had no `extends` and was missing from the dependents of the object it changes.
        extends = match refs::target_at(clauses, j) {
            Some((refs::RawTarget::Name(n), _)) => Some(cp.decode(n)),
            Some((refs::RawTarget::Id(id), _)) => Some(id.to_string()),
            None => None,
        };
    }
    Some((
        Header {
            kind,
            id,
            name,
            format: SourceFormat::Al,
            extends,
        },
        open,
    ))
}

/// The object's body from its `{`: references, and the index after the matching `}`.
/// Returns `(end, unclosed)`.
fn body<'a>(buf: &'a [u8], open: usize, found: &mut Found<'a>) -> (usize, bool) {
    let mut depth = 0u32;
    let mut i = open;
    let n = buf.len();
    while i < n {
        while i < n && !SPECIAL[buf[i] as usize] {
            i += 1;
        }
        if i >= n {
            break;
        }
        match buf[i] {
            b'{' => {
                element_source(buf, i, found);
                depth += 1;
                i += 1;
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
                if depth == 0 {
                    return (i, false);
                }
            }
            b'"' => i = quoted_at(buf, i).map_or(i + 1, |(_, e)| e),
            b'\'' => i = al_string_end(buf, i),
            b'/' => match buf.get(i + 1) {
                Some(b'/') => i = line_end(buf, i),
                Some(b'*') => {
                    i = memchr::memmem::find(&buf[i + 2..], b"*/").map_or(n, |off| i + 2 + off + 2)
                }
                _ => i += 1,
            },
            b'#' => {
                let line_start = buf[..i]
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |p| p + 1);
                i = if is_blank_run(&buf[line_start..i]) {
                    line_end(buf, i)
                } else {
                    i + 1
                };
            }
            b':' => match buf.get(i + 1) {
                Some(b':') => {
                    refs::code_reference(buf, i, found);
                    i += 2;
                }
                Some(b'=') => i += 2,
                _ => {
                    refs::declaration(buf, i, found);
                    i += 1;
                }
            },
            b'=' => {
                refs::property(buf, i, found);
                i += 1;
            }
            b'[' => i = refs::event_subscriber(buf, i, found).unwrap_or(i + 1),
            _ => i += 1,
        }
    }
    (n, true)
}

/// The object an AL element names in its header, just before its `{`: `dataitem(Cust; Customer)`
/// and `tableelement(Cust; Customer)` read a table, `part(Lines; "Sales Order Subform")` shows a
/// page. C/AL writes the same as the properties `DataItemTable=`, `SourceTable=` and `PagePartID=`,
/// so these are property references too.
fn element_source<'a>(buf: &'a [u8], open: usize, found: &mut Found<'a>) {
    let Some(mut close) = buf[..open].iter().rposition(|b| !b.is_ascii_whitespace()) else {
        return;
    };
    let line_start = buf[..close]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    if buf[close] != b')' {
        // Partner reports mark changed lines with a comment after the header, the `{` on the
        // next line: `dataitem(Customer; Customer) //1.3.6.2018`. The header ends before it.
        let Some(comment) = line_comment(&buf[line_start..=close]) else {
            return;
        };
        let Some(end) = buf[line_start..line_start + comment]
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
        else {
            return;
        };
        close = line_start + end;
        if buf[close] != b')' {
            return;
        }
    }
    let Some(paren) = memchr::memchr(b'(', &buf[line_start..close]).map(|p| line_start + p) else {
        return;
    };
    let (start, word) = ident_before(buf, paren);
    if eq_ci(word, b"field") {
        return field_enum(buf, start, paren, close, found);
    }
    let kind = if eq_ci(word, b"dataitem") || eq_ci(word, b"tableelement") {
        ObjectKind::Table
    } else if eq_ci(word, b"part") {
        ObjectKind::Page
    } else {
        return;
    };
    let Some(semi) = memchr::memchr(b';', &buf[paren + 1..close]) else {
        return;
    };
    let at = skip_blanks(buf, paren + 1 + semi + 1);
    if let Some((target, _)) = refs::target_at(buf, at) {
        found.refs.push(refs::RawRef {
            pos: start,
            kind,
            target,
            via: RefVia::Property,
        });
    }
}

/// A table field typed by an enum, `field(10; "Report Output Type"; Enum "Job Queue Report
/// Output Type")` (the Job Queue Entry of later base apps; partner tables write `enum X`
/// unquoted too): the table depends on the enum as a variable of that type does, so it is a
/// variable reference. The type is the third argument; a page's `field(Name; Expression)` has
/// no third and gives none. `paren` and `close` are the header's `(` and `)`.
fn field_enum<'a>(buf: &'a [u8], start: usize, paren: usize, close: usize, found: &mut Found<'a>) {
    let mut semicolons = 0;
    let mut i = paren + 1;
    while i < close {
        match buf[i] {
            // A field's name may hold a `;` inside its quotes (`"Status; old"`).
            b'"' => match memchr::memchr(b'"', &buf[i + 1..close]) {
                Some(len) => i += len + 1,
                None => return,
            },
            b';' => {
                semicolons += 1;
                if semicolons == 2 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if semicolons != 2 {
        return;
    }
    let at = skip_blanks(buf, i + 1);
    let (word, end) = ident_at(buf, at);
    if !eq_ci(word, b"enum") {
        return;
    }
    if let Some((target, _)) = refs::target_at(buf, skip_blanks(buf, end)) {
        found.refs.push(refs::RawRef {
            pos: start,
            kind: ObjectKind::Enum,
            target,
            via: RefVia::Variable,
        });
    }
}

/// Where a `//` comment starts in one line of AL, outside strings and quoted names.
fn line_comment(line: &[u8]) -> Option<usize> {
    memchr::memchr(b'/', line)?;
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b'"' | b'\'' => {
                let quote = line[i];
                i += 1 + memchr::memchr(quote, &line[i + 1..])?;
            }
            b'/' if line.get(i + 1) == Some(&b'/') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// What an AL `dotnet { assembly(...) { ... } }` package declares, with each declaration's
/// position: every `type(Full.Name; Alias)` under its alias (so variables can be tied to their
/// assembly), and, for an assembly block that pins a `Version`, the pin itself, at the Version's
/// line (the one line a partner edits).
fn package_decls(buf: &[u8], open: usize, close: usize, cp: &CodePage) -> Vec<(usize, DotNetDecl)> {
    let end = close.min(buf.len());
    let scan = Scanner { b: buf };
    let mut out = Vec::new();
    let mut i = open + 1;
    while let Some(at) = scan.next_word(i, end) {
        let (word, after) = ident_at(buf, at);
        i = after;
        if !eq_ci(word, b"assembly") {
            continue;
        }
        let Some((arg, after_arg)) = paren_arg(buf, after, end) else {
            continue;
        };
        let assembly = cp.decode(unquote(arg));
        let block_open = skip_ws(buf, after_arg);
        if buf.get(block_open) != Some(&b'{') {
            continue;
        }
        let block_close = scan.block_end(block_open, end);
        let mut pin: Option<(usize, String)> = None;
        let mut properties = Vec::new();
        let mut types = Vec::new();
        let mut j = block_open + 1;
        while let Some(at) = scan.next_word(j, block_close) {
            let (word, after) = ident_at(buf, at);
            j = after;
            if eq_ci(word, b"type") {
                if let Some((arg, after_arg)) = paren_arg(buf, after, block_close) {
                    let mut parts = arg.splitn(2, |b| *b == b';');
                    let full = cp.decode(unquote(parts.next().unwrap_or_default()));
                    j = after_arg;
                    if full.is_empty() {
                        // The designer's placeholder `type("";"")` declares nothing.
                        continue;
                    }
                    let alias = parts
                        .next()
                        .map(|a| cp.decode(unquote(a)))
                        .filter(|a| !a.is_empty())
                        .unwrap_or_else(|| full.clone());
                    let text = cp.decode(&buf[at..after_arg]);
                    types.push((at, full, alias, text));
                }
                continue;
            }
            let key = ["Version", "Culture", "PublicKeyToken"]
                .into_iter()
                .find(|k| eq_ci(word, k.as_bytes()));
            let eq = skip_ws(buf, after);
            let quote = skip_ws(buf, eq + 1);
            if let (Some(key), Some(b'='), Some(b'\'')) = (key, buf.get(eq), buf.get(quote)) {
                let value_end = al_string_end(buf, quote).min(block_close);
                let value = cp.decode(
                    buf.get(quote + 1..value_end.saturating_sub(1))
                        .unwrap_or_default(),
                );
                if key == "Version" {
                    pin = Some((at, value.clone()));
                }
                properties.push(format!("{key} = '{value}';"));
                j = value_end;
            }
        }
        if let Some((at, version)) = pin {
            let declared: Vec<&str> = types.iter().map(|(_, full, _, _)| full.as_str()).collect();
            out.push((
                at,
                DotNetDecl {
                    assembly: assembly.clone(),
                    version: Some(version),
                    type_name: declared.join(", "),
                    text: format!("assembly(\"{assembly}\") {{ {} }}", properties.join(" ")),
                    automation: false,
                    line: 0,
                    alias: None,
                    form: DotNetForm::PackageAssembly,
                },
            ));
        }
        for (at, full, alias, text) in types {
            out.push((
                at,
                DotNetDecl {
                    assembly: assembly.clone(),
                    version: None,
                    type_name: full,
                    text,
                    automation: false,
                    line: 0,
                    alias: Some(alias),
                    form: DotNetForm::PackageType,
                },
            ));
        }
        i = block_close;
    }
    out.sort_by_key(|(at, _)| *at);
    out
}

/// `( ... )` after blanks at `i`, on one line: its content and the index after `)`.
fn paren_arg(buf: &[u8], i: usize, end: usize) -> Option<(&[u8], usize)> {
    let open = skip_ws(buf, i);
    if open >= end || buf[open] != b'(' {
        return None;
    }
    let line = line_end(buf, open).min(end);
    let close = open + 1 + memchr::memchr(b')', &buf[open + 1..line])?;
    Some((&buf[open + 1..close], close + 1))
}

/// A name as written in a package: `"Microsoft.Xrm.Sdk"` or `mscorlib`.
fn unquote(arg: &[u8]) -> &[u8] {
    let arg = trim(arg);
    arg.strip_prefix(b"\"")
        .and_then(|a| a.strip_suffix(b"\""))
        .unwrap_or(arg)
}

fn is_blank_run(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| *b == b' ' || *b == b'\t')
}

/// AL strings may not span lines; `''` is a quote inside.
fn al_string_end(buf: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    loop {
        match memchr::memchr2(b'\'', b'\n', &buf[j.min(buf.len())..]) {
            Some(off) => {
                j += off;
                if buf[j] == b'\n' {
                    return j;
                }
                if buf.get(j + 1) == Some(&b'\'') {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            None => return buf.len(),
        }
    }
}

/// txt2al keeps the Version List as `// version NAVW111.0,GLSN10.0` right after the `{`.
fn version_comment(buf: &[u8], from: usize, cp: &CodePage) -> Vec<String> {
    let i = skip_ws(buf, from);
    let line = &buf[i.min(buf.len())..line_end(buf, i)];
    let Some(rest) = line.strip_prefix(b"//") else {
        return Vec::new();
    };
    let rest = trim(rest);
    if rest.len() < 8 || !eq_ci(&rest[..8], b"version ") {
        return Vec::new();
    }
    assemble::split_version_list(&rest[8..], cp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_forms() {
        let text = "#pragma warning disable AA0005 // x\nPageExtension 52185918 pageextension52185918 extends \"Job Queue Entry Card\"\n{\n  // version NAVW111.0,GLSN10.0\n}\ncodeunit 50100 \"My CU\"\n{\n    var X: Record \"Job Queue Entry\" temporary;\n}\n";
        let r = read(text.as_bytes(), Path::new("a.al"), &CodePage::default());
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(r.objects.len(), 2);
        let ext = &r.objects[0];
        assert_eq!(ext.kind, ObjectKind::PageExtension);
        assert_eq!(ext.extends.as_deref(), Some("Job Queue Entry Card"));
        assert_eq!(ext.version_list, ["NAVW111.0", "GLSN10.0"]);
        assert_eq!(ext.references[0].via, RefVia::Extends);
        assert_eq!(r.objects[1].references[0].line, 8);
    }
}
