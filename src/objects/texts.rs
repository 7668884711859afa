//! Each object's text, as the analysis searches it: from the object's header line up to the next
//! object's header line in the same file, decoded like a whole file (BOM, then UTF-8 when the file
//! is valid UTF-8, else the code page; a Ctrl-Z at the end dropped). Shared by the scan (which can
//! search the texts while it holds the file's bytes) and `analysis::source` (which reads the files
//! again), so both give a search the same text.

use rayon::prelude::*;

use super::model::Object;

/// Calls `search` with the text of each of `objects` (all from the file whose bytes are given),
/// in parallel, and returns what it found, in line order. Only an object holding bytes that are
/// not UTF-8 is decoded (into a buffer per worker); the others are searched in place.
/// `high` is the code page's text for the bytes 0x80-0xFF (`CodePage::high_half`).
pub fn search<'a, T: Send>(
    bytes: &[u8],
    mut objects: Vec<&'a Object>,
    high: &[String],
    search: &(impl Fn(&'a Object, &[u8]) -> Vec<T> + Sync),
) -> Vec<T> {
    let (prepared, _bom) = super::decode::prepare(bytes);
    let mut text: &[u8] = &prepared;
    while let [rest @ .., 0x1a] = text {
        text = rest;
    }
    // A file that is valid UTF-8 is its own text; otherwise every byte is decoded in the code
    // page, and lines stay where they are.
    let utf8 = text.is_ascii() || std::str::from_utf8(text).is_ok();
    objects.sort_by_key(|o| o.line);
    let mut header_lines: Vec<u32> = objects.iter().map(|o| o.line).collect();
    header_lines.dedup();
    let starts = header_starts(text, &header_lines);
    objects
        .par_iter()
        .map_init(Vec::new, |decoded, object| {
            let region = region(text, &starts, &header_lines, object.line);
            if utf8 {
                return search(object, region);
            }
            match first_non_ascii(region) {
                None => search(object, region),
                Some(at) => {
                    decode_into(region, at, high, decoded);
                    search(object, decoded)
                }
            }
        })
        .flatten()
        .collect()
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

/// Where each of the (sorted, distinct) header lines starts, or the text's length for a line past
/// its end: one pass over the newlines, without a table of every line of a 1 GB file.
fn header_starts(text: &[u8], header_lines: &[u32]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(header_lines.len());
    let mut wanted = header_lines.iter().map(|&l| l.max(1)).peekable();
    // Line 1 starts at 0; line n + 1 right after the n-th newline.
    while wanted.next_if_eq(&1).is_some() {
        starts.push(0);
    }
    if wanted.peek().is_some() {
        for (n, newline) in memchr::memchr_iter(b'\n', text).enumerate() {
            let line = n as u64 + 2;
            while wanted.next_if(|&l| u64::from(l) == line).is_some() {
                starts.push(newline + 1);
            }
            if wanted.peek().is_none() {
                break;
            }
        }
    }
    starts.resize(header_lines.len(), text.len());
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
