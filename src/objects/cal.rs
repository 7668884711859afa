//! The C/AL reader: text exports (one or many objects, old or new syntax) and deltas.
//!
//! Objects are found by their `OBJECT ` header at the start of a line (memmem over the whole
//! buffer), then each object is read by a small lexer that knows where braces are structure and
//! where they are comments: sections and entries outside code, `{ }` comments (nested) inside code,
//! strings with `''`, `//` comments, quoted names, GUIDs in `[{...}]`, and triggers written as
//! property values (`OnAction=VAR ... BEGIN ... END;`) in FIELDS, CONTROLS, ACTIONS, DATASET and
//! ELEMENTS. A reference can start only at a few bytes (`:`, `=`, `[`), so the lexer jumps from
//! one interesting byte to the next and never builds lines or strings for the rest.

use std::path::Path;

use memchr::memmem;
use rayon::prelude::*;

use super::assemble::{self, diagnostic, Header, Parts, Properties, Scratch};
use super::blockscan::{Blocks, APOS_SLASH, BRACE, BRACKET, COLON, EQUALS, LETTER, QUOTE};
use super::decode::CodePage;
use super::linestarts::{line_starts, LineStarts};
use super::model::*;
use super::refs::{self, Found};
use super::scanbytes::*;

/// Objects read from one buffer, with what went wrong.
#[derive(Debug, Default)]
pub struct Read {
    pub objects: Vec<Object>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether any line starts with `OBJECT ` (stops at the first one).
pub fn has_header(buf: &[u8]) -> bool {
    let finder = memmem::Finder::new(b"OBJECT ");
    finder
        .find_iter(buf)
        .any(|hit| hit == 0 || buf[hit - 1] == b'\n')
}

/// Objects in a region below this size are read on one thread; above, in parallel.
const PARALLEL_MIN_OBJECTS: usize = 64;

pub fn read<'a>(buf: &'a [u8], file: &Path, cp: &CodePage) -> Read {
    let LineStarts {
        headers: starts,
        header_lines,
        conflicts: markers,
    } = line_starts(buf);
    let mut out = Read::default();
    let first = starts.first().copied().unwrap_or(buf.len());
    let leading = &buf[..first];
    if !is_blank(leading) && !markers.iter().any(|m| *m < first) {
        out.diagnostics.push(diagnostic(
            Severity::Warning,
            file,
            1,
            "text before the first OBJECT header was ignored".into(),
        ));
    }
    // The header search gave each header its line, so the regions are read in parallel with
    // their real line numbers.
    let mut bounds: Vec<Bounds> = starts
        .iter()
        .zip(&header_lines)
        .enumerate()
        .map(|(n, (&start, &line))| Bounds {
            start,
            end: starts.get(n + 1).copied().unwrap_or(buf.len()),
            line,
        })
        .collect();
    let ctx = Ctx { buf, file, cp };
    let read_range = |scratch: &mut Scratch<'a>, bounds: Bounds, last: bool| {
        let lo = markers.partition_point(|m| *m < bounds.start);
        let hi = markers.partition_point(|m| *m < bounds.end);
        let marker = markers[lo..hi].first().copied();
        ctx.region(scratch, bounds, marker, last)
    };
    let last = bounds.len().saturating_sub(1);
    let read_one = |scratch: &mut Scratch<'a>, (n, bounds): (usize, &Bounds)| {
        read_range(scratch, *bounds, n == last)
    };
    let mut results: Vec<Region> = if bounds.len() >= PARALLEL_MIN_OBJECTS {
        bounds
            .par_iter()
            .enumerate()
            .map_init(Scratch::default, read_one)
            .collect()
    } else {
        let mut scratch = Scratch::default();
        bounds
            .iter()
            .enumerate()
            .map(|item| read_one(&mut scratch, item))
            .collect()
    };
    if results.iter().any(|r| r.open) {
        rejoin_false_headers(&ctx, &mut bounds, &mut results, &read_range);
    }
    out.objects
        .reserve(results.iter().map(|r| r.read.objects.len()).sum());
    for r in results {
        out.objects.extend(r.read.objects);
        out.diagnostics.extend(r.read.diagnostics);
    }
    out
}

/// Where a region lies: from its header line to the next header line (or the end of the
/// buffer), and its header's 1-based line.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    start: usize,
    end: usize,
    line: u32,
}

/// One region read: its objects and diagnostics, whether its object was left open (it ends
/// before the object's closing brace), and whether text follows the object's closing brace.
struct Region {
    read: Read,
    open: bool,
    trailing_text: bool,
}

impl Region {
    /// A region whose object was not read (no header, a conflict): its diagnostic only.
    fn skipped(read: Read) -> Region {
        Region {
            read,
            open: false,
            trailing_text: false,
        }
    }
}

/// How many true-looking headers after an open object are tried as a pasted object (see
/// `rejoin_false_headers`): each try reads the joined text again, so the cost stays a small
/// constant per open object even in a file of nothing else.
const MAX_PASTED_HEADERS: usize = 3;

/// A line of a comment or of the Documentation trigger may begin with `OBJECT ` (exports
/// indent such text, but a hand-edited file may not), and the header search takes it for the
/// start of a new object, cutting the real one short. Where an object is left open, the
/// "headers" after it that open no object (their line does not parse as a header, or the next
/// line that is not blank is not `{`) are taken back: the object is read again up to the next
/// header that does open one, with a note at each line taken back.
///
/// A whole object pasted into a comment (its header, then `{` on a line of its own) looks like
/// a true header. It is taken back when the open object, read on across it (and up to
/// `MAX_PASTED_HEADERS` such headers), closes, and the last region taken back had text after
/// its own closing brace (the rest of the comment and of the object around it). A truly
/// cut-off object followed by a true object stays as it was: read on, it stays open, and the
/// true object has no text after its end. Each region is joined at most once, so a file of
/// many such lines is still read in linear time.
fn rejoin_false_headers<'a>(
    ctx: &Ctx<'a, '_>,
    bounds: &mut Vec<Bounds>,
    results: &mut Vec<Region>,
    read_range: &dyn Fn(&mut Scratch<'a>, Bounds, bool) -> Region,
) {
    let mut scratch = Scratch::default();
    let mut k = 0;
    while k + 1 < results.len() {
        if !results[k].open {
            k += 1;
            continue;
        }
        let taken_back = (k + 1..results.len())
            .take_while(|&j| !ctx.opens_object(bounds[j].start))
            .count();
        let joined = if taken_back > 0 {
            let last_joined = k + taken_back;
            let (whole, joined) = read_joined(&mut scratch, bounds, k, last_joined, read_range);
            Some((last_joined, whole, joined))
        } else {
            pasted_object(&mut scratch, bounds, results, k, read_range)
        };
        let Some((last_joined, whole, mut joined)) = joined else {
            k += 1;
            continue;
        };
        if let Some(object) = joined.read.objects.first() {
            let what = format!("{} {} {}", kind_word(object.kind), object.id, object.name);
            for false_header in &bounds[k + 1..=last_joined] {
                let line = false_header.line;
                ctx.diag(
                    &mut joined.read,
                    Severity::Info,
                    line,
                    format!(
                        "this line begins with \"OBJECT \" but lies inside {what}; read as part \
                         of it, not as a new object"
                    ),
                );
            }
        }
        results[k] = joined;
        results.drain(k + 1..=last_joined);
        bounds[k] = whole;
        bounds.drain(k + 1..=last_joined);
        k += 1;
    }
}

/// The open region `k` read on across the next true-looking headers, when that makes the pasted
/// object(s) part of it (see `rejoin_false_headers`): the last region joined, the joined
/// bounds and the joined read.
fn pasted_object<'a>(
    scratch: &mut Scratch<'a>,
    bounds: &[Bounds],
    results: &[Region],
    k: usize,
    read_range: &dyn Fn(&mut Scratch<'a>, Bounds, bool) -> Region,
) -> Option<(usize, Bounds, Region)> {
    let last_try = (k + MAX_PASTED_HEADERS).min(results.len() - 1);
    for (last_joined, region) in results.iter().enumerate().take(last_try + 1).skip(k + 1) {
        if !region.trailing_text {
            continue;
        }
        let (whole, joined) = read_joined(scratch, bounds, k, last_joined, read_range);
        if !joined.open {
            return Some((last_joined, whole, joined));
        }
    }
    None
}

/// Regions `k..=last_joined` read again as one: the joined bounds and the read.
fn read_joined<'a>(
    scratch: &mut Scratch<'a>,
    bounds: &[Bounds],
    k: usize,
    last_joined: usize,
    read_range: &dyn Fn(&mut Scratch<'a>, Bounds, bool) -> Region,
) -> (Bounds, Region) {
    let whole = Bounds {
        end: bounds[last_joined].end,
        ..bounds[k]
    };
    let joined = read_range(scratch, whole, last_joined + 1 == bounds.len());
    (whole, joined)
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| b.is_ascii_whitespace() || *b == 0x1A || *b == 0)
}

struct Ctx<'a, 'f> {
    buf: &'a [u8],
    file: &'f Path,
    cp: &'f CodePage,
}

impl<'a> Ctx<'a, '_> {
    fn diag(&self, out: &mut Read, severity: Severity, line: u32, message: String) {
        out.diagnostics
            .push(diagnostic(severity, self.file, line, message));
    }

    /// One object's bytes: from its header to the next header (or the end of the buffer), with
    /// lines counted on from the header's, and whether the object was left open.
    fn region(
        &self,
        scratch: &mut Scratch<'a>,
        bounds: Bounds,
        marker: Option<usize>,
        last: bool,
    ) -> Region {
        let Bounds { start, end, line } = bounds;
        let mut out = Read::default();
        let buf = self.buf;
        let header_end = line_end(buf, start);
        let Some(header) = self.header(&buf[start..header_end]) else {
            let text = String::from_utf8_lossy(trim(&buf[start..header_end])).into_owned();
            self.diag(
                &mut out,
                Severity::Error,
                line,
                format!("not an object header, object skipped: {text}"),
            );
            return Region::skipped(out);
        };
        if let Some(marker) = marker {
            let mut lines = LineCounter::new(buf, start, line);
            let at = lines.line_at(marker);
            self.diag(
                &mut out,
                Severity::Error,
                at,
                format!(
                    "{} contains a merge conflict marker; object skipped until the conflict is resolved",
                    header.describe()
                ),
            );
            return Region::skipped(out);
        }
        let mut lines = LineCounter::new(buf, start, line);
        let mut body = Body::new(self, header_end, end, std::mem::take(&mut scratch.found));
        body.run();
        let props = body.props.take().unwrap_or_default();
        let body_end = body.end_of_object;
        for (pos, message) in std::mem::take(&mut body.problems) {
            let at = lines.line_at(pos);
            self.diag(
                &mut out,
                Severity::Error,
                at,
                format!("{}: {message}", header.describe()),
            );
        }
        let open = body_end.is_none();
        let span_end = match body_end {
            Some(e) => e,
            None => {
                let at = lines.line_at(end);
                self.diag(
                    &mut out,
                    Severity::Error,
                    at,
                    format!(
                        "{} is truncated: it ends inside {} before its closing brace",
                        header.describe(),
                        body.where_.unwrap_or("the object"),
                    ),
                );
                end
            }
        };
        scratch.found = std::mem::take(&mut body.found);
        if header.format == SourceFormat::CalDelta {
            // A delta holds both sides of each change; the object depends on the modified one.
            super::delta::keep_modified_side(buf, start, span_end, &mut scratch.found);
        }
        let mut lines_for_refs = LineCounter::new(buf, start, line);
        let object = assemble::object(
            Parts {
                header,
                props,
                file: self.file,
                line,
                span: start..span_end,
            },
            scratch,
            &mut lines_for_refs,
            self.cp,
        );
        let trailing_text = span_end < end && !is_blank(&buf[span_end..end]);
        if trailing_text {
            let junk = span_end
                + buf[span_end..end]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
            let at = lines.line_at(junk);
            let what = if last {
                "the last object"
            } else {
                "the object"
            };
            self.diag(
                &mut out,
                Severity::Warning,
                at,
                format!(
                    "text after the end of {what} ({} {}) was ignored",
                    kind_word(object.kind),
                    object.id
                ),
            );
        }
        out.objects.push(object);
        Region {
            read: out,
            open,
            trailing_text,
        }
    }

    /// Whether the line at `start` opens an object: it parses as a header, and the next line
    /// that is not blank is `{`.
    fn opens_object(&self, start: usize) -> bool {
        let buf = self.buf;
        let header_end = line_end(buf, start);
        if self.header(&buf[start..header_end]).is_none() {
            return false;
        }
        let brace = skip_ws(buf, header_end);
        brace < buf.len()
            && buf[brace] == b'{'
            && trim(&buf[brace + 1..line_end(buf, brace)]).is_empty()
    }

    /// `OBJECT Table 18 Customer` or the delta form `OBJECT Modification "G/L Entry"(Table 17)`.
    fn header(&self, line: &[u8]) -> Option<Header> {
        let rest = trim(line.get(b"OBJECT ".len()..)?);
        let (word, after) = ident_at(rest, 0);
        let i = skip_blanks(rest, after);
        if let Some(kind) = cal_kind(word) {
            let (digits, after_id) = ident_at(rest, i);
            let id = parse_u32(digits)?;
            if after_id < rest.len() && !matches!(rest[after_id], b' ' | b'\t') {
                return None;
            }
            let name = self.cp.decode(trim(&rest[after_id..]));
            return Some(Header {
                kind,
                id,
                name,
                format: SourceFormat::Cal,
                extends: None,
            });
        }
        // Delta: `Modification "Name"(Table 17)`. C/SIDE quotes a name only when it needs
        // quotes: a one-word name is bare (`OBJECT Modification Customer(Table 18)` in a
        // partner's extension deltas, `LogInManagement(Codeunit 40)`), and such a delta was
        // rejected as not a header. A bare name runs to the `(`.
        let (name, after_name) = match quoted_at(rest, i) {
            Some(quoted) => quoted,
            None => {
                let open = i + memchr::memchr(b'(', &rest[i..])?;
                let name = trim(&rest[i..open]);
                if name.is_empty() || name.contains(&b'"') {
                    return None;
                }
                (name, open)
            }
        };
        let open = skip_blanks(rest, after_name);
        if rest.get(open) != Some(&b'(') {
            return None;
        }
        let (kind_word, after_kind) = ident_at(rest, skip_blanks(rest, open + 1));
        let kind = cal_kind(kind_word)?;
        let (digits, _) = ident_at(rest, skip_blanks(rest, after_kind));
        let id = parse_u32(digits)?;
        let name = self.cp.decode(name);
        Some(Header {
            kind,
            id,
            name: name.clone(),
            format: SourceFormat::CalDelta,
            extends: Some(name),
        })
    }
}

/// The C/AL object types (case-insensitive, as new-syntax and hand-edited files vary).
pub fn cal_kind(word: &[u8]) -> Option<ObjectKind> {
    const KINDS: [(&[u8], ObjectKind); 9] = [
        (b"table", ObjectKind::Table),
        (b"page", ObjectKind::Page),
        (b"report", ObjectKind::Report),
        (b"codeunit", ObjectKind::Codeunit),
        (b"xmlport", ObjectKind::XMLport),
        (b"query", ObjectKind::Query),
        (b"menusuite", ObjectKind::MenuSuite),
        (b"form", ObjectKind::Form),
        (b"dataport", ObjectKind::Dataport),
    ];
    KINDS
        .iter()
        .find(|(w, _)| eq_ci(word, w))
        .map(|(_, kind)| *kind)
}

fn kind_word(kind: ObjectKind) -> String {
    format!("{kind:?}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Sections, entries and properties: braces are structure.
    Struct,
    /// The CODE section: braces are comments; a `}` outside a comment closes the section.
    CodeSection,
    /// The VAR part of a trigger written as a property value, up to its BEGIN.
    TriggerVar,
    /// A trigger's BEGIN ... END, tracked by keyword depth.
    TriggerCode,
}

/// The byte classes each mode stops at (`blockscan`): Struct `{}"=:`, the CODE section
/// `{}"'/:[`, triggers `{}"'/:` and the first letters of BEGIN, CASE and END. (A trigger's VAR
/// part looks only for BEGIN, but stopping at C and E too changes nothing: the keyword check
/// skips the word. Struct has nothing to do at `[`, as in `CaptionML=[...]`: the GUID check
/// looks back from `{`.)
const STRUCT_SET: u8 = BRACE | QUOTE | EQUALS | COLON;
const CODE_SET: u8 = BRACE | QUOTE | APOS_SLASH | COLON | BRACKET;
const TRIGGER_SET: u8 = BRACE | QUOTE | APOS_SLASH | COLON | LETTER;

/// The lexer over one object's body.
struct Body<'a, 'c, 'f> {
    ctx: &'c Ctx<'a, 'f>,
    i: usize,
    end: usize,
    mode: Mode,
    depth: u32,
    code_depth: u32,
    section: Option<&'static str>,
    where_: Option<&'static str>,
    props: Option<Properties>,
    found: Found<'a>,
    problems: Vec<(usize, String)>,
    end_of_object: Option<usize>,
    /// The classes of the bytes around `i`, kept from hit to hit.
    blocks: Blocks<'a>,
}

impl<'a, 'c, 'f> Body<'a, 'c, 'f> {
    /// `found` is empty (a worker's scratch vectors, handed on from object to object).
    fn new(ctx: &'c Ctx<'a, 'f>, start: usize, end: usize, found: Found<'a>) -> Self {
        Body {
            ctx,
            i: start,
            end,
            mode: Mode::Struct,
            depth: 0,
            code_depth: 0,
            section: None,
            where_: None,
            props: None,
            found,
            problems: Vec::new(),
            end_of_object: None,
            blocks: Blocks::new(ctx.buf, start),
        }
    }

    fn run(&mut self) {
        while self.i < self.end && self.end_of_object.is_none() {
            let i = match self.mode {
                Mode::Struct if self.depth <= 1 => {
                    self.top_level();
                    continue;
                }
                Mode::Struct => self.next_stop(STRUCT_SET),
                Mode::CodeSection => self.next_stop(CODE_SET),
                Mode::TriggerVar | Mode::TriggerCode => self.next_stop(TRIGGER_SET),
            };
            self.i = i;
            if i >= self.end {
                break;
            }
            match self.mode {
                Mode::Struct => self.struct_byte(),
                _ => self.code_byte(),
            }
        }
    }

    /// The next stop of the mode's `set` from `self.i`, past every quoted name closed on its
    /// line: at one the lexer would only step over it, and quoted names are the most frequent
    /// stop (`"Document Type"::Order`, `Rec."No."`), so they are skipped here, without the jump
    /// on the kind of stop. A quote left open stops, for `quoted_end`.
    #[inline(always)]
    fn next_stop(&mut self, set: u8) -> usize {
        let buf = self.ctx.buf;
        let mut from = self.i;
        loop {
            let stop = self.blocks.next(from, self.end, set);
            if stop >= self.end || buf[stop] != b'"' {
                return stop;
            }
            let close = self.blocks.next_quote_end(stop + 1, buf.len());
            if buf.get(close) != Some(&b'"') {
                return stop;
            }
            from = close + 1;
        }
    }

    /// Depth 0 and 1: the object's own brace and the section names.
    fn top_level(&mut self) {
        let buf = self.ctx.buf;
        let i = skip_ws(buf, self.i).min(self.end);
        self.i = i;
        if i >= self.end {
            return;
        }
        match buf[i] {
            b'{' => {
                self.depth += 1;
                self.i = i + 1;
                if self.depth == 2 {
                    self.open_section();
                }
            }
            b'}' => {
                self.i = i + 1;
                if self.depth == 0 {
                    self.problems.push((i, "unbalanced closing brace".into()));
                    return;
                }
                self.depth -= 1;
                if self.depth == 0 {
                    self.end_of_object = Some(i + 1);
                }
            }
            _ if self.depth == 1 => {
                // A section name on its own line.
                let le = line_end(buf, i).min(self.end);
                self.section = Some(section_name(trim(&buf[i..le])));
                self.where_ = self.section;
                self.i = le;
            }
            _ => {
                // Text between the header and the object's brace (a delta or a damaged file).
                self.i = line_end(buf, i).min(self.end);
            }
        }
    }

    fn open_section(&mut self) {
        match self.section {
            Some("OBJECT-PROPERTIES") => self.object_properties(),
            Some("CODE") => self.mode = Mode::CodeSection,
            Some(name @ ("RDLDATA" | "WORDLAYOUT")) => self.skip_layout(name),
            _ => self.mode = Mode::Struct,
        }
    }

    /// `Date=...;`, `Time=...;`, `Modified=Yes;`, `Version List=...;`, one per line, up to `}`.
    fn object_properties(&mut self) {
        let buf = self.ctx.buf;
        let cp = self.ctx.cp;
        let mut props = Properties::default();
        let mut i = self.i;
        while i < self.end {
            let le = line_end(buf, i).min(self.end);
            let line = trim(&buf[i..le]);
            if line.first() == Some(&b'}') {
                self.depth -= 1;
                self.i = i + (line.as_ptr() as usize - buf[i..].as_ptr() as usize) + 1;
                self.props = Some(props);
                return;
            }
            if let Some(eq) = memchr::memchr(b'=', line) {
                let key = trim(&line[..eq]);
                let mut value = &line[eq + 1..];
                if let Some(semi) = memchr::memrchr(b';', value) {
                    value = &value[..semi];
                }
                let mut value = trim(value);
                // C/SIDE brackets a value that starts with a blank: `Time=[ 5:23:17 AM];`.
                if let [b'[', inner @ .., b']'] = value {
                    value = trim(inner);
                }
                if eq_ci(key, b"Version List") {
                    props.version_list = assemble::split_version_list(value, cp);
                } else if eq_ci(key, b"Modified") {
                    props.modified = eq_ci(value, b"yes") || eq_ci(value, b"true");
                } else if eq_ci(key, b"Date") && !value.is_empty() {
                    props.date = Some(cp.decode(value));
                } else if eq_ci(key, b"Time") && !value.is_empty() {
                    props.time = Some(cp.decode(value));
                }
            }
            i = le + 1;
        }
        self.props = Some(props);
        self.i = self.end;
    }

    /// RDLDATA and WORDLAYOUT hold a report layout up to `END_OF_<NAME>`; nothing to read there.
    fn skip_layout(&mut self, name: &str) {
        let buf = self.ctx.buf;
        if buf.get(skip_ws(buf, self.i)) == Some(&b'}') {
            // An empty section (`RDLDATA { }` of a processing-only report) has no marker.
            self.mode = Mode::Struct;
            return;
        }
        let marker = format!("END_OF_{name}");
        match memmem::find(&buf[self.i..self.end], marker.as_bytes()) {
            Some(off) => {
                self.i += off + marker.len();
                self.mode = Mode::Struct;
            }
            None => self.i = self.end,
        }
    }

    fn struct_byte(&mut self) {
        let buf = self.ctx.buf;
        let i = self.i;
        match buf[i] {
            b'{' => {
                if i > 0 && buf[i - 1] == b'[' {
                    // A GUID: `[{14A9AF85-...}]`.
                    self.i = match memchr::memchr(b'}', &buf[i..self.end]) {
                        Some(off) => i + off + 1,
                        None => self.end,
                    };
                    return;
                }
                self.depth += 1;
                self.i = i + 1;
            }
            b'}' => {
                self.depth -= 1;
                self.i = i + 1;
                if self.depth == 1 {
                    self.section = None;
                }
            }
            b'"' => self.i = self.quoted_end(i),
            b'=' => {
                refs::property(buf, i, &mut self.found);
                self.i = i + 1;
                self.trigger_start();
            }
            b':' => {
                self.colon();
            }
            _ => self.i = i + 1,
        }
    }

    /// After a property's `=`: `BEGIN` or `VAR` alone at the end of the line starts a trigger.
    fn trigger_start(&mut self) {
        let buf = self.ctx.buf;
        let (word, after) = ident_at(buf, self.i);
        let mode = if eq_ci(word, b"begin") {
            Mode::TriggerCode
        } else if eq_ci(word, b"var") {
            Mode::TriggerVar
        } else {
            if word.len() >= b"VariableCollection".len() {
                self.code_collection(word, after);
            }
            return;
        };
        let rest = skip_blanks(buf, after);
        if rest < self.end && buf[rest] != b'\r' && buf[rest] != b'\n' {
            return;
        }
        self.mode = mode;
        self.code_depth = u32::from(mode == Mode::TriggerCode);
        self.i = after;
    }

    /// A delta inserts (or deletes) whole procedures and variables as
    /// `ChangedElements=PROCEDURECollection { PROCEDURE ...; VAR ... BEGIN ... END; }` (and
    /// `VariableCollection`). What the braces hold is code, as in the CODE section: `{ }` are
    /// comments there and strings and `//` comments are skipped. Read as structure, a
    /// `CODEUNIT::` in a `//` comment of an inserted procedure was a reference, and a `}` in one
    /// of its strings ended the object early.
    fn code_collection(&mut self, word: &[u8], after: usize) {
        if !(eq_ci(word, b"PROCEDURECollection") || eq_ci(word, b"VariableCollection")) {
            return;
        }
        let buf = self.ctx.buf;
        let brace = skip_ws(buf, after);
        if brace < self.end && buf[brace] == b'{' {
            self.depth += 1;
            self.i = brace + 1;
            self.mode = Mode::CodeSection;
        }
    }

    fn colon(&mut self) {
        let buf = self.ctx.buf;
        let i = self.i;
        match buf.get(i + 1) {
            Some(b':') => {
                refs::code_reference(buf, i, &mut self.found);
                self.i = i + 2;
            }
            Some(b'=') => self.i = i + 2,
            _ => {
                refs::declaration(buf, i, &mut self.found);
                self.i = i + 1;
            }
        }
    }

    /// One interesting byte in code (CODE section or a trigger).
    fn code_byte(&mut self) {
        let buf = self.ctx.buf;
        let i = self.i;
        match buf[i] {
            b'{' => self.block_comment(),
            b'}' => {
                // Outside a comment, a closing brace ends the CODE section (or, in a damaged
                // trigger, the entry around it).
                self.mode = Mode::Struct;
                self.depth -= 1;
                self.i = i + 1;
                if self.depth <= 1 {
                    self.section = None;
                }
            }
            b'\'' => self.i = self.string_end(i),
            b'"' => self.i = self.quoted_end(i),
            b'/' => {
                self.i = if buf.get(i + 1) == Some(&b'/') {
                    line_end(buf, i).min(self.end)
                } else {
                    i + 1
                };
            }
            b':' => self.colon(),
            b'[' => {
                self.i = refs::event_subscriber(buf, i, &mut self.found).unwrap_or(i + 1);
            }
            _ => self.keyword(),
        }
    }

    /// BEGIN / CASE / END at a word start, in triggers written as property values.
    fn keyword(&mut self) {
        let buf = self.ctx.buf;
        let i = self.i;
        if i > 0 && is_ident(buf[i - 1]) {
            let (_, end) = ident_at(buf, i);
            self.i = end.max(i + 1);
            return;
        }
        let (word, end) = ident_at(buf, i);
        self.i = end.max(i + 1);
        if eq_ci(word, b"begin") || (self.mode == Mode::TriggerCode && eq_ci(word, b"case")) {
            self.mode = Mode::TriggerCode;
            self.code_depth += 1;
        } else if self.mode == Mode::TriggerCode && eq_ci(word, b"end") {
            self.code_depth = self.code_depth.saturating_sub(1);
            if self.code_depth == 0 {
                self.mode = Mode::Struct;
            }
        }
    }

    /// The index after the `"quoted name"` starting at `i`, or `i + 1` when the line (or the
    /// buffer) ends before its closing quote: what `quoted_at` says, from the block masks.
    #[inline(always)]
    fn quoted_end(&mut self, i: usize) -> usize {
        let buf = self.ctx.buf;
        let close = self.blocks.next_quote_end(i + 1, buf.len());
        if buf.get(close) == Some(&b'"') {
            close + 1
        } else {
            i + 1
        }
    }

    /// The end of a `'string'` starting at `i` (`''` is a quote inside); a string never spans
    /// lines. `'` shares its class with `/`, which is skipped here.
    fn string_end(&mut self, i: usize) -> usize {
        let buf = self.ctx.buf;
        let mut j = i + 1;
        loop {
            j = self.blocks.next_string_end(j, self.end);
            if j >= self.end {
                return self.end;
            }
            match buf[j] {
                b'\n' => return j,
                b'\'' if buf.get(j + 1) == Some(&b'\'') => j += 2,
                b'\'' => return j + 1,
                _ => j += 1,
            }
        }
    }

    /// A `{ ... }` comment in code, nested; quotes inside mean nothing.
    fn block_comment(&mut self) {
        let buf = self.ctx.buf;
        let start = self.i;
        let mut depth = 0u32;
        let mut i = start;
        while let Some(off) = memchr::memchr2(b'{', b'}', &buf[i..self.end]) {
            i += off;
            if buf[i] == b'{' {
                depth += 1;
            } else {
                depth -= 1;
                if depth == 0 {
                    self.i = i + 1;
                    return;
                }
            }
            i += 1;
        }
        self.problems
            .push((start, "a { comment } in code is never closed".into()));
        self.i = self.end;
    }
}

fn section_name(line: &[u8]) -> &'static str {
    const NAMES: [&str; 20] = [
        "OBJECT-PROPERTIES",
        "PROPERTIES",
        "FIELDS",
        "KEYS",
        "FIELDGROUPS",
        "CONTROLS",
        "ACTIONS",
        "DATASET",
        "REQUESTPAGE",
        "REQUESTFORM",
        "LABELS",
        "ELEMENTS",
        "EVENTS",
        "MENUNODES",
        "CODE",
        "RDLDATA",
        "WORDLAYOUT",
        "CHANGES",
        "SECTIONS",
        "DATAITEMS",
    ];
    NAMES
        .iter()
        .find(|n| eq_ci(line, n.as_bytes()))
        .copied()
        .unwrap_or("a section")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Read {
        read(text.as_bytes(), Path::new("t.txt"), &CodePage::default())
    }

    #[test]
    fn braces_in_strings_comments_and_guids_do_not_end_the_object() {
        let text = "OBJECT Codeunit 50000 Test\r\n{\r\n  OBJECT-PROPERTIES\r\n  {\r\n    Version List=X;\r\n  }\r\n  PROPERTIES\r\n  {\r\n  }\r\n  CODE\r\n  {\r\n    VAR\r\n      T@1 : TextConst '@@@={Locked};ENU=}';\r\n      R@2 : Record 18;\r\n\r\n    PROCEDURE P@1();\r\n    BEGIN\r\n      // a } here\r\n      { nested { comment } with ' quote }\r\n      CODEUNIT.RUN(CODEUNIT::\"Job Queue - Enqueue\");\r\n    END;\r\n\r\n    BEGIN\r\n    {\r\n      doc's }{ text }\r\n    END.\r\n  }\r\n}\r\n";
        let r = read_str(text);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let o = &r.objects[0];
        assert_eq!(o.references.len(), 2);
        assert_eq!(o.references[0].line, 14);
        assert_eq!(o.span.end, text.len() - 2);
    }

    #[test]
    fn lines_are_right_when_objects_are_read_in_parallel() {
        let one = "OBJECT Table {id} T\r\n{\r\n  PROPERTIES\r\n  {\r\n    LookupPageID=Page{id};\r\n  }\r\n}\r\n\r\n";
        let text: String = (1..=3 * PARALLEL_MIN_OBJECTS)
            .map(|id| one.replace("{id}", &id.to_string()))
            .collect();
        let r = read_str(&text);
        assert!(r.diagnostics.is_empty());
        for (n, o) in r.objects.iter().enumerate() {
            let expected = 1 + 8 * n as u32;
            assert_eq!(o.line, expected);
            assert_eq!(o.references[0].line, expected + 4);
        }
    }

    #[test]
    fn dotnet_lines_are_right_in_the_second_object_of_a_file() {
        // The DotNet variable comes before the last reference, so its line is counted after
        // theirs; it must still be counted from its own object's header.
        let first = "OBJECT Codeunit 50000 A\r\n{\r\n  CODE\r\n  {\r\n    BEGIN\r\n    END.\r\n  }\r\n}\r\n\r\n";
        let second = "OBJECT Codeunit 50001 B\r\n{\r\n  CODE\r\n  {\r\n    VAR\r\n      E@1 : DotNet \"'Microsoft.Xrm.Sdk, Version=8.0.0.0'.Microsoft.Xrm.Sdk.Entity\";\r\n      R@2 : Record 18;\r\n\r\n    BEGIN\r\n    END.\r\n  }\r\n}\r\n";
        let r = read_str(&format!("{first}{second}"));
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let b = &r.objects[1];
        assert_eq!(b.line, 10);
        assert_eq!(b.dotnet.len(), 1);
        assert_eq!(b.dotnet[0].line, 15);
        assert_eq!(b.references[0].line, 16);
    }

    /// Every fixture the reader may meet, prepared as the scan prepares it (BOM, UTF-16).
    fn fixtures() -> Vec<(std::path::PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(std::path::PathBuf, Vec<u8>)>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .expect("fixture folder")
                .map(|e| e.expect("fixture entry").path())
                .collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    let bytes = std::fs::read(&path).expect("fixture file");
                    let prepared = super::super::decode::prepare(&bytes).0.into_owned();
                    out.push((path, prepared));
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/objects"),
            &mut out,
        );
        out
    }

    fn read_with_each_kernel(bytes: &[u8]) -> Vec<(Vec<Object>, Vec<Diagnostic>)> {
        super::super::blockscan::with_each_kernel(|| {
            let r = read(bytes, Path::new("t.txt"), &CodePage::default());
            (r.objects, r.diagnostics)
        })
    }

    #[test]
    fn every_kernel_reads_the_fixtures_alike() {
        let fixtures = fixtures();
        assert!(fixtures.len() > 20, "{} fixtures", fixtures.len());
        let mut objects = 0;
        for (path, bytes) in &fixtures {
            let results = read_with_each_kernel(bytes);
            objects += results[0].0.len();
            for other in &results[1..] {
                assert_eq!(other, &results[0], "{}", path.display());
            }
        }
        assert!(objects > 20, "{objects} objects read");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        #[test]
        fn every_kernel_reads_mutated_fixtures_alike(
            pick in proptest::prelude::any::<proptest::sample::Index>(),
            cuts in proptest::collection::vec(
                (proptest::prelude::any::<proptest::sample::Index>(), 0usize..40, proptest::prelude::any::<u8>()),
                1..6,
            ),
        ) {
            let fixtures = fixtures();
            let mut bytes = fixtures[pick.index(fixtures.len())].1.clone();
            // Replace a stretch with one byte, or insert the byte: what a damaged file looks like.
            for (at, len, byte) in cuts {
                let start = at.index(bytes.len() + 1);
                let end = (start + len).min(bytes.len());
                bytes.splice(start..end, [byte]);
            }
            let results = read_with_each_kernel(&bytes);
            for other in &results[1..] {
                proptest::prop_assert_eq!(other, &results[0]);
            }
        }
    }

    /// A codeunit whose comments hold lines beginning with `OBJECT ` at column 0.
    fn codeunit_with_object_lines(comment_lines: &str, doc_lines: &str) -> String {
        format!(
            "OBJECT Codeunit 50000 Sync Log\r\n{{\r\n  PROPERTIES\r\n  {{\r\n  }}\r\n  CODE\r\n  {{\r\n    \
             PROCEDURE Run@1();\r\n    VAR\r\n      Entry@1000 : Record 472;\r\n    BEGIN\r\n      {{ changed:\r\n\
             {comment_lines}      }}\r\n      CODEUNIT.RUN(CODEUNIT::\"CRM Integration Management\");\r\n    END;\r\n\r\n    \
             BEGIN\r\n    {{\r\n{doc_lines}    }}\r\n    END.\r\n  }}\r\n}}\r\n\r\n\
             OBJECT Table 50001 Sync Entry\r\n{{\r\n  PROPERTIES\r\n  {{\r\n    LookupPageID=Page50002;\r\n  }}\r\n}}\r\n"
        )
    }

    #[test]
    fn a_line_beginning_with_object_inside_comments_does_not_cut_the_object() {
        let text = codeunit_with_object_lines(
            "OBJECT renamed by XY\r\n",
            "OBJECT Codeunit 50000 was split in two (2019)\r\n  more notes\r\nOBJECT list: see wiki\r\n",
        );
        let r = read_str(&text);
        assert_eq!(r.objects.len(), 2, "{:?}", r.diagnostics);
        let codeunit = &r.objects[0];
        assert_eq!((codeunit.id, codeunit.name.as_str()), (50000, "Sync Log"));
        // The reference after the false header in the procedure's comment is still found.
        let targets: Vec<String> = codeunit
            .references
            .iter()
            .map(|r| format!("{:?}@{}", r.target, r.line))
            .collect();
        assert_eq!(
            targets,
            ["Id(472)@10", "Name(\"CRM Integration Management\")@15"]
        );
        assert_eq!(
            codeunit.span.end,
            text.find("\r\n\r\nOBJECT Table").expect("second object")
        );
        assert_eq!(r.objects[1].line, 28);
        assert_eq!(r.objects[1].references[0].line, 32);
        // No error, one note per false header, at its line.
        let notes: Vec<(Severity, u32)> =
            r.diagnostics.iter().map(|d| (d.severity, d.line)).collect();
        assert_eq!(
            notes,
            [
                (Severity::Info, 13),
                (Severity::Info, 20),
                (Severity::Info, 22)
            ]
        );
        assert!(r.diagnostics[0]
            .message
            .contains("inside Codeunit 50000 Sync Log"));
    }

    #[test]
    fn many_lines_beginning_with_object_are_all_taken_back_at_once() {
        let lines = "OBJECT x\r\n".repeat(5000);
        let text = codeunit_with_object_lines(&lines, "");
        let r = read_str(&text);
        assert_eq!(r.objects.len(), 2);
        assert_eq!(r.diagnostics.len(), 5000);
        assert!(r.diagnostics.iter().all(|d| d.severity == Severity::Info));
        assert_eq!(r.diagnostics[4999].line, 13 + 4999);
        assert_eq!(r.objects[1].line, 24 + 5000);
    }

    /// A codeunit whose Documentation trigger holds a whole object pasted from elsewhere,
    /// header and braces and all, followed by a true object.
    const PASTED_IN_DOCUMENTATION: &str = "OBJECT Codeunit 50 A\r\n{\r\n  CODE\r\n  {\r\n\
        VAR\r\n      Log@1 : Record 5330;\r\n\r\n    BEGIN\r\n    {\r\n\
        The old version, kept for reference:\r\n\
        OBJECT Table 51 Old Log\r\n{\r\n  PROPERTIES\r\n  {\r\n    LookupPageID=Page52;\r\n\
        }\r\n}\r\n    }\r\n    END.\r\n  }\r\n}\r\n\r\n\
        OBJECT Table 53 B\r\n{\r\n  PROPERTIES\r\n  {\r\n    LookupPageID=Page54;\r\n  }\r\n}\r\n";

    #[test]
    fn an_object_pasted_into_a_comment_is_part_of_the_comment() {
        let r = read_str(PASTED_IN_DOCUMENTATION);
        let objects: Vec<(u32, u32, usize)> = r
            .objects
            .iter()
            .map(|o| (o.id, o.line, o.references.len()))
            .collect();
        // The codeunit keeps its Record 5330 and gains nothing from the pasted table's
        // LookupPageID; the true table after it is read as before.
        assert_eq!(objects, [(50, 1, 1), (53, 23, 1)]);
        assert_eq!(r.objects[0].references[0].target, RefTarget::Id(5330));
        let notes: Vec<(Severity, u32)> =
            r.diagnostics.iter().map(|d| (d.severity, d.line)).collect();
        assert_eq!(notes, [(Severity::Info, 11)], "{:?}", r.diagnostics);
        assert!(r.diagnostics[0].message.contains("Codeunit 50 A"));
    }

    #[test]
    fn two_objects_pasted_into_one_code_comment_are_taken_back() {
        let text = "OBJECT Codeunit 60 A\r\n{\r\n  CODE\r\n  {\r\n    PROCEDURE P@1();\r\n\
                    BEGIN\r\n      {\r\nOBJECT Table 61 X\r\n{\r\n}\r\n\
                    OBJECT Table 62 Y\r\n{\r\n}\r\n      }\r\n\
                    CODEUNIT.RUN(CODEUNIT::\"Job Queue Dispatcher\");\r\n    END;\r\n\r\n\
                    BEGIN\r\n    END.\r\n  }\r\n}\r\n";
        let r = read_str(text);
        assert_eq!(r.objects.len(), 1, "{:?}", r.diagnostics);
        assert_eq!(r.objects[0].references.len(), 1);
        let lines: Vec<u32> = r.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [8, 11]);
        assert!(r.diagnostics.iter().all(|d| d.severity == Severity::Info));
    }

    #[test]
    fn an_open_object_before_a_clean_true_object_is_not_joined_to_it() {
        // Read on, the codeunit would close: in its open comment the three `}` of the table's
        // string close the table's braces and the comment, and the table's last two braces
        // close the codeunit. But the table has no text after its end: no pasted object.
        let text = "OBJECT Codeunit 70 A\r\n{\r\n  CODE\r\n  {\r\n    BEGIN\r\n    {\r\n\
                    OBJECT Table 71 B\r\n{\r\n  CODE\r\n  {\r\n    PROCEDURE P@1();\r\n\
                    BEGIN\r\n      MESSAGE('}}}');\r\n    END;\r\n\r\n    BEGIN\r\n    END.\r\n\
                    }\r\n}\r\n";
        let r = read_str(text);
        let ids: Vec<u32> = r.objects.iter().map(|o| o.id).collect();
        assert_eq!(ids, [70, 71]);
        assert!(r
            .diagnostics
            .iter()
            .any(|d| d.message.contains("truncated")));
        assert!(r.diagnostics.iter().all(|d| d.severity != Severity::Info));
    }

    #[test]
    fn an_object_cut_off_before_a_true_header_stays_cut_off() {
        let text = "OBJECT Codeunit 1 A\r\n{\r\n  CODE\r\n  {\r\n    BEGIN\r\n    {\r\n\
                    OBJECT Table 2 B\r\n{\r\n  PROPERTIES\r\n  {\r\n  }\r\n}\r\n";
        let r = read_str(text);
        assert_eq!(r.objects.len(), 2);
        let errors: Vec<(Severity, u32, bool)> = r
            .diagnostics
            .iter()
            .map(|d| (d.severity, d.line, d.message.contains("truncated")))
            .collect();
        // The open comment, then the object cut off where the next one starts.
        assert_eq!(
            errors,
            [(Severity::Error, 6, false), (Severity::Error, 7, true)]
        );
    }

    #[test]
    fn truncated_object_is_reported() {
        let r = read_str("OBJECT Table 1 A\n{\n  FIELDS\n  {\n    { 1 ; ;No ;Code20 }\n");
        assert_eq!(r.objects.len(), 1);
        assert_eq!(r.diagnostics.len(), 1);
        assert!(r.diagnostics[0].message.contains("truncated"));
    }
}
