//! Each object's text, as the analysis searches it: from the object's header line up to the next
//! object's header line in the same file, decoded like a whole file (BOM, then UTF-8 when the file
//! is valid UTF-8, else the code page; a Ctrl-Z at the end dropped). Shared by the scan (which can
//! search the texts while it holds the file's bytes) and `analysis::source` (which reads the files
//! again), so both give a search the same text.

use rayon::prelude::*;

use super::decode::CodePage;
use super::model::{Object, SourceFormat};

/// Calls `search` with the text of each of `objects` (all from the file whose bytes are given),
/// in parallel, and returns what it found, in line order. Only an object holding bytes that are
/// not UTF-8 is decoded (into a buffer per worker); the others are searched in place.
/// `high` is the code page's text for the bytes 0x80-0xFF (`CodePage::high_half`).
pub fn search<'a, T: Send>(
    bytes: &[u8],
    objects: Vec<&'a Object>,
    high: &[String],
    search: &(impl Fn(&'a Object, &[u8]) -> Vec<T> + Sync),
) -> Vec<T> {
    let high = HighHalf::unnamed(high);
    search_in(bytes, objects, &high, &decoding(search), false)
}

/// [`search`] for a search that may not need every text decoded: it gets each object's
/// [`ObjectText`] and decodes it only if it asks for the text ([`ObjectText::text`]).
pub fn search_lazily<'a, T: Send>(
    bytes: &[u8],
    objects: Vec<&'a Object>,
    high: &HighHalf<'_>,
    search: &(impl Fn(&'a Object, &mut ObjectText) -> Vec<T> + Sync),
) -> Vec<T> {
    search_in(bytes, objects, high, search, false)
}

/// [`search_lazily`] for the objects the C/AL reader has just read from these very bytes (the
/// scan): the reader counts an object's line from its span's start, which is where its header
/// line starts, so the header lines need not be found again by counting newlines.
pub fn search_just_read_lazily<'a, T: Send>(
    bytes: &[u8],
    objects: Vec<&'a Object>,
    high: &HighHalf<'_>,
    search: &(impl Fn(&'a Object, &mut ObjectText) -> Vec<T> + Sync),
) -> Vec<T> {
    search_in(bytes, objects, high, search, true)
}

/// A search of decoded texts as a lazy one: it always asks for the text.
fn decoding<'a, 's, T>(
    search: &'s (impl Fn(&'a Object, &[u8]) -> Vec<T> + Sync),
) -> impl Fn(&'a Object, &mut ObjectText) -> Vec<T> + Sync + 's {
    move |object, text| search(object, text.text())
}

/// A code page's text for the bytes 0x80-0xFF, with the code page's number, so that a search can
/// tell which code page undecoded bytes are in ([`ObjectText::code_page`]).
#[derive(Debug, Clone)]
pub struct HighHalf<'h> {
    /// 0 when not known (the callers of [`search`]).
    number: u16,
    text: std::borrow::Cow<'h, [String]>,
}

impl HighHalf<'static> {
    pub fn of(code_page: &CodePage) -> Self {
        HighHalf {
            number: code_page.number(),
            text: std::borrow::Cow::Owned(code_page.high_half()),
        }
    }
}

impl<'h> HighHalf<'h> {
    fn unnamed(text: &'h [String]) -> Self {
        HighHalf {
            number: 0,
            text: std::borrow::Cow::Borrowed(text),
        }
    }

    /// Any table, for tests of what a search makes of odd code pages.
    #[cfg(test)]
    pub(crate) fn for_tests(number: u16, text: Vec<String>) -> HighHalf<'static> {
        HighHalf {
            number,
            text: std::borrow::Cow::Owned(text),
        }
    }

    /// The code page's number (0: not known).
    pub fn number(&self) -> u16 {
        self.number
    }

    /// The text of the bytes 0x80-0xFF, in order.
    pub fn text(&self) -> &[String] {
        &self.text
    }
}

/// One object's text as a lazy search gets it: the bytes as the file holds them, decoded only
/// when the search asks for the text.
pub struct ObjectText<'t, 'b> {
    raw: &'t [u8],
    /// Where the first byte from 0x80 up is, when the file is not UTF-8: then the text is the
    /// bytes decoded in the code page.
    first_high: Option<usize>,
    /// Whether `first_high` says if any byte is from 0x80 up: the file is not UTF-8 (every
    /// object was looked at), or is all ASCII.
    high_known: bool,
    high: &'t HighHalf<'t>,
    decoded: &'b mut Vec<u8>,
    is_decoded: bool,
}

impl<'t, 'b> ObjectText<'t, 'b> {
    /// The object's bytes as the file holds them (after the BOM; UTF-16 as UTF-8).
    pub fn raw(&self) -> &'t [u8] {
        self.raw
    }

    /// Whether [`ObjectText::raw`] differs from the text: it holds bytes from 0x80 up and the
    /// file is not UTF-8, so the text is those bytes decoded in [`ObjectText::code_page`].
    pub fn needs_decoding(&self) -> bool {
        self.first_high.is_some()
    }

    /// Whether every byte of the object is ASCII: then its text is its bytes, whatever the file's
    /// encoding.
    pub fn is_ascii(&self) -> bool {
        self.first_high.is_none() && (self.high_known || self.raw.is_ascii())
    }

    /// The code page of the undecoded bytes (0: not known).
    pub fn code_page(&self) -> u16 {
        self.high.number
    }

    /// Whether [`ObjectText::text`] has decoded the bytes (tests of what a search skips).
    #[cfg(test)]
    pub(crate) fn was_decoded(&self) -> bool {
        self.is_decoded
    }

    /// The text, UTF-8: the raw bytes themselves or, when they need it, decoded (once).
    pub fn text(&mut self) -> &[u8] {
        let Some(at) = self.first_high else {
            return self.raw;
        };
        if !self.is_decoded {
            decode_into(self.raw, at, self.high.text(), self.decoded);
            self.is_decoded = true;
        }
        self.decoded
    }
}

fn search_in<'a, T: Send>(
    bytes: &[u8],
    mut objects: Vec<&'a Object>,
    high: &HighHalf<'_>,
    search: &(impl Fn(&'a Object, &mut ObjectText) -> Vec<T> + Sync),
    just_read: bool,
) -> Vec<T> {
    let (prepared, _bom) = super::decode::prepare(bytes);
    let mut text: &[u8] = &prepared;
    while let [rest @ .., 0x1a] = text {
        text = rest;
    }
    // A file that is valid UTF-8 is its own text; otherwise every byte is decoded in the code
    // page, and lines stay where they are.
    let ascii = text.is_ascii();
    let utf8 = ascii || std::str::from_utf8(text).is_ok();
    objects.sort_by_key(|o| o.line);
    let mut header_lines: Vec<u32> = objects.iter().map(|o| o.line).collect();
    header_lines.dedup();
    let starts = just_read
        .then(|| starts_from_spans(text, &objects, header_lines.len()))
        .flatten()
        .unwrap_or_else(|| header_starts(text, &header_lines));
    objects
        .par_iter()
        .map_init(Vec::new, |decoded, object| {
            let raw = region(text, &starts, &header_lines, object.line);
            let mut object_text = ObjectText {
                raw,
                first_high: if utf8 { None } else { first_non_ascii(raw) },
                high_known: ascii || !utf8,
                high,
                decoded,
                is_decoded: false,
            };
            search(object, &mut object_text)
        })
        .flatten()
        .collect()
}

/// Where each distinct header line starts, taken from the spans of C/AL objects (sorted by
/// line), when every span starts a line of `text` and they rise with the lines; `None` when not
/// (an AL file, whose spans start at the object's keyword), to count newlines instead.
fn starts_from_spans(text: &[u8], objects: &[&Object], distinct: usize) -> Option<Vec<usize>> {
    let mut starts: Vec<usize> = Vec::with_capacity(distinct);
    let mut last_line = None;
    for object in objects {
        if !matches!(object.format, SourceFormat::Cal | SourceFormat::CalDelta) {
            return None;
        }
        if last_line == Some(object.line) {
            continue;
        }
        last_line = Some(object.line);
        let start = object.span.start;
        let at_line_start = start == 0 || text.get(start - 1) == Some(&b'\n');
        let rising = starts.last().map_or(true, |&previous| previous < start);
        if !at_line_start || !rising || start > text.len() {
            return None;
        }
        starts.push(start);
    }
    (starts.len() == distinct).then_some(starts)
}

/// Where the first byte from 0x80 up is, 8 bytes at a time (exports are nearly all ASCII).
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        if word & HIGH != 0 {
            return chunk.iter().position(|&b| b >= 0x80).map(|i| offset + i);
        }
        offset += 8;
    }
    let rest = chunks.remainder().iter().position(|&b| b >= 0x80);
    rest.map(|i| offset + i)
}

/// `bytes` decoded byte by byte in a single-byte code page (`high`: the text of 0x80-0xFF) as
/// UTF-8 into `out`; `at` is where the first non-ASCII byte is. ASCII runs are copied whole.
fn decode_into(bytes: &[u8], mut at: usize, high: &[String], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(bytes.len() + bytes.len() / 8);
    let mut rest = bytes;
    loop {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(high[usize::from(rest[at] - 0x80)].as_bytes());
        rest = &rest[at + 1..];
        match first_non_ascii(rest) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.extend_from_slice(rest);
}

/// Below this size the header lines are found in one pass; above it, in parallel chunks.
const PARALLEL_MIN: usize = 8 << 20;

/// Where each of the (sorted, distinct) header lines starts, or the text's length for a line past
/// its end, without a table of every line of a 1 GB file. A big text is cut into chunks whose
/// newlines are counted in parallel; each chunk then finds the header lines that start in it.
fn header_starts(text: &[u8], header_lines: &[u32]) -> Vec<usize> {
    if text.len() < PARALLEL_MIN {
        let mut starts = header_starts_from(text, 0, 1, header_lines);
        starts.resize(header_lines.len(), text.len());
        return starts;
    }
    let chunk_len = text.len().div_ceil(4 * rayon::current_num_threads().max(1));
    header_starts_chunked(text, header_lines, chunk_len)
}

/// [`header_starts`] over chunks of `chunk_len` bytes.
fn header_starts_chunked(text: &[u8], header_lines: &[u32], chunk_len: usize) -> Vec<usize> {
    let chunks: Vec<&[u8]> = text.chunks(chunk_len.max(1)).collect();
    let newlines: Vec<usize> = chunks
        .par_iter()
        .map(|chunk| memchr::memchr_iter(b'\n', chunk).count())
        .collect();
    // Each chunk: its offset in the text, its first line's number and the header lines whose
    // start lies in it (line 1 in the first chunk; line n + 1 right after the n-th newline).
    let mut jobs = Vec::with_capacity(chunks.len());
    let (mut offset, mut first_line, mut rest) = (0usize, 1u64, header_lines);
    for (chunk, count) in chunks.iter().zip(&newlines) {
        let last_line = first_line + *count as u64;
        let here = rest.partition_point(|&l| u64::from(l.max(1)) <= last_line);
        jobs.push((offset, first_line, &rest[..here], *chunk));
        rest = &rest[here..];
        offset += chunk.len();
        first_line = last_line;
    }
    let mut starts: Vec<usize> = jobs
        .par_iter()
        .flat_map_iter(|&(offset, first_line, lines, chunk)| {
            header_starts_from(chunk, offset, first_line, lines)
        })
        .collect();
    starts.resize(header_lines.len(), text.len());
    starts
}

/// [`header_starts`] in one pass over `chunk`, which starts at `offset` in the text, on line
/// `first_line`; every one of `header_lines` starts in the chunk unless it lies past the text's
/// end (then the list ends short, and the caller pads it).
fn header_starts_from(
    chunk: &[u8],
    offset: usize,
    first_line: u64,
    header_lines: &[u32],
) -> Vec<usize> {
    let mut starts = Vec::with_capacity(header_lines.len());
    let mut wanted = header_lines.iter().map(|&l| u64::from(l.max(1))).peekable();
    while wanted.next_if(|&l| l <= first_line).is_some() {
        starts.push(offset);
    }
    if wanted.peek().is_some() {
        for (n, newline) in memchr::memchr_iter(b'\n', chunk).enumerate() {
            let line = first_line + n as u64 + 1;
            while wanted.next_if(|&l| l == line).is_some() {
                starts.push(offset + newline + 1);
            }
            if wanted.peek().is_none() {
                break;
            }
        }
    }
    starts
}

/// The bytes from the object's header line up to the next header line in the same file
/// (`starts[i]`: where `header_lines[i]` starts).
fn region<'t>(text: &'t [u8], starts: &[usize], header_lines: &[u32], line: u32) -> &'t [u8] {
    let at = header_lines.partition_point(|&l| l < line);
    let begin = starts.get(at).copied().unwrap_or(text.len());
    let end = starts.get(at + 1).copied().unwrap_or(text.len());
    &text[begin..end.max(begin)]
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Counting newlines in chunks finds the same starts as one pass, wherever the chunks
        /// are cut (also right after a newline) and for lines past the end.
        #[test]
        fn chunks_find_the_same_header_starts(
            text in proptest::collection::vec(proptest::sample::select(b"ab\r\n".to_vec()), 0..200),
            mut lines in proptest::collection::vec(0u32..80, 0..20),
            chunk_len in 1usize..50,
        ) {
            lines.sort_unstable();
            lines.dedup();
            let mut one_pass = header_starts_from(&text, 0, 1, &lines);
            one_pass.resize(lines.len(), text.len());
            proptest::prop_assert_eq!(header_starts_chunked(&text, &lines, chunk_len), one_pass);
        }
    }

    /// The spans of objects the C/AL reader read give the same starts as counting newlines, with
    /// text before the first header, a broken header and a duplicate; an AL file's do not.
    #[test]
    fn spans_of_objects_just_read_start_their_header_lines() {
        let object = |id: u32| {
            format!(
                "OBJECT Codeunit {id} U{id}\r\n{{\r\n  PROPERTIES\r\n  {{\r\n  }}\r\n}}\r\n\r\n"
            )
        };
        let text = format!(
            "\r\nnoise\r\n{}OBJECT Nonsense\r\n\r\n{}{}",
            object(1),
            object(2),
            object(2)
        );
        let path = std::path::Path::new("x.txt");
        let (objects, _) = crate::objects::read_source(path, text.as_bytes(), &Default::default());
        assert_eq!(objects.len(), 3);
        let refs: Vec<&Object> = objects.iter().collect();
        let lines: Vec<u32> = objects.iter().map(|o| o.line).collect();
        let from_spans = starts_from_spans(text.as_bytes(), &refs, lines.len());
        assert_eq!(from_spans, Some(header_starts(text.as_bytes(), &lines)));
        let al = "codeunit 50100 \"My Unit\"\n{\n    trigger OnRun()\n    begin\n    end;\n}\n";
        let (al_objects, _) = crate::objects::read_source(path, al.as_bytes(), &Default::default());
        let al_refs: Vec<&Object> = al_objects.iter().collect();
        assert_eq!(al_refs.len(), 1);
        assert_eq!(starts_from_spans(al.as_bytes(), &al_refs, 1), None);
    }

    #[test]
    fn header_lines_are_found_in_one_pass_and_past_the_end_is_the_end() {
        let text = b"a\nb\nc\n";
        assert_eq!(header_starts(text, &[0, 1, 3, 9]), [0, 0, 4, 6]);
        assert_eq!(header_starts(text, &[]), Vec::<usize>::new());
        assert_eq!(region(text, &[0, 4], &[1, 3], 1), b"a\nb\n");
        assert_eq!(region(text, &[0, 4], &[1, 3], 3), b"c\n");
        // A non-ASCII byte in the middle: decoded per byte, ASCII runs copied.
        let high = crate::objects::CodePage::new(850).expect("850").high_half();
        let mut out = Vec::new();
        decode_into(b"k\x9bb\x9b", 1, &high, &mut out);
        assert_eq!(out, "k\u{f8}b\u{f8}".as_bytes());
        assert_eq!(first_non_ascii(b"0123456789abcdef\xff"), Some(16));
        assert_eq!(first_non_ascii(b"plain"), None);
    }
}
