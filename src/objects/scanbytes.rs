//! Small byte helpers shared by the C/AL and AL readers: identifiers, whitespace, quoted names,
//! line numbers. Everything works on `&[u8]` and never panics on short input.

/// Identifier characters of C/AL and AL (ASCII letters, digits, `_`).
#[inline]
pub fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Spaces and tabs only (a value never continues across `\n` unless the caller says so).
pub fn skip_blanks(buf: &[u8], mut i: usize) -> usize {
    while i < buf.len() && (buf[i] == b' ' || buf[i] == b'\t') {
        i += 1;
    }
    i
}

/// Spaces, tabs, CR and LF.
pub fn skip_ws(buf: &[u8], mut i: usize) -> usize {
    while i < buf.len() && buf[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The identifier starting at `i` and the index after it.
pub fn ident_at(buf: &[u8], i: usize) -> (&[u8], usize) {
    let mut end = i;
    while end < buf.len() && is_ident(buf[end]) {
        end += 1;
    }
    (buf.get(i..end).unwrap_or_default(), end)
}

/// The identifier ending just before `end` (blanks before `end` skipped), as (start, word).
pub fn ident_before(buf: &[u8], end: usize) -> (usize, &[u8]) {
    let mut e = end.min(buf.len());
    while e > 0 && (buf[e - 1] == b' ' || buf[e - 1] == b'\t') {
        e -= 1;
    }
    let mut s = e;
    while s > 0 && is_ident(buf[s - 1]) {
        s -= 1;
    }
    (s, &buf[s..e])
}

/// A `"quoted name"` starting at `i` (which holds the opening quote), closed on the same line.
/// Returns the name without quotes and the index after the closing quote.
#[inline]
pub fn quoted_at(buf: &[u8], i: usize) -> Option<(&[u8], usize)> {
    if buf.get(i) != Some(&b'"') {
        return None;
    }
    let rest = buf.get(i + 1..)?;
    // Quoted names are short: a plain loop beats a vectorised search here.
    let close = rest.iter().position(|&b| b == b'"' || b == b'\n')?;
    if rest[close] != b'"' {
        return None;
    }
    Some((&rest[..close], i + 1 + close + 1))
}

/// Whether `word` equals `keyword` ignoring ASCII case.
#[inline]
pub fn eq_ci(word: &[u8], keyword: &[u8]) -> bool {
    word.eq_ignore_ascii_case(keyword)
}

/// A decimal number that fits in u32.
pub fn parse_u32(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 10 {
        return None;
    }
    // By hand: every reference has one, and `str::parse` checks UTF-8 and signs first.
    digits.iter().try_fold(0u32, |n, &b| {
        if !b.is_ascii_digit() {
            return None;
        }
        n.checked_mul(10)?.checked_add(u32::from(b - b'0'))
    })
}

/// Trim ASCII whitespace (including CR) at both ends.
pub fn trim(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

/// The end of the line starting at or containing `i` (the index of `\n`, or the buffer's end).
pub fn line_end(buf: &[u8], i: usize) -> usize {
    match buf.get(i..).and_then(|rest| memchr::memchr(b'\n', rest)) {
        Some(off) => i + off,
        None => buf.len(),
    }
}

/// Turns byte offsets into 1-based line numbers, for offsets visited in increasing order
/// (a backwards step recounts from where the counter started).
pub struct LineCounter<'a> {
    buf: &'a [u8],
    /// Where counting started, and that position's line: a position before the last one asked
    /// for is counted again from here, never from the start of the buffer (which would give a
    /// region's lines the wrong origin, and cost a pass over a whole 1 GB export per object).
    origin: (usize, u32),
    pos: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    pub fn new(buf: &'a [u8], start_pos: usize, start_line: u32) -> Self {
        let start_pos = start_pos.min(buf.len());
        LineCounter {
            buf,
            origin: (start_pos, start_line),
            pos: start_pos,
            line: start_line,
        }
    }

    /// The line of `pos`, which must not lie before the counter's start.
    pub fn line_at(&mut self, pos: usize) -> u32 {
        let pos = pos.min(self.buf.len()).max(self.origin.0);
        if pos < self.pos {
            (self.pos, self.line) = self.origin;
        }
        let newlines = super::blockscan::count_newlines(&self.buf[self.pos..pos]);
        self.line = self
            .line
            .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
        self.pos = pos;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idents_and_quotes() {
        assert_eq!(ident_at(b"Record 18", 0), (&b"Record"[..], 6));
        assert_eq!(ident_before(b"TableNo =", 8), (0, &b"TableNo"[..]));
        assert_eq!(
            quoted_at(b"\"Job Queue\";", 0),
            Some((&b"Job Queue"[..], 11))
        );
        assert_eq!(quoted_at(b"\"open\nx\"", 0), None);
        assert_eq!(parse_u32(b"99999999999"), None);
        assert_eq!(parse_u32(b"4294967295"), Some(u32::MAX));
        assert_eq!(parse_u32(b"4294967296"), None);
        assert_eq!(parse_u32(b"0050000"), Some(50000));
        assert_eq!(parse_u32(b"5330"), Some(5330));
        assert_eq!(parse_u32(b"+18"), None);
        assert_eq!(parse_u32(b"1 8"), None);
        assert_eq!(parse_u32(b""), None);
    }

    #[test]
    fn lines_count_forward_and_back() {
        let buf = b"a\nb\nc\n";
        let mut lines = LineCounter::new(buf, 0, 1);
        assert_eq!(lines.line_at(4), 3);
        assert_eq!(lines.line_at(2), 2);
        assert_eq!(lines.line_at(100), 4);
    }

    #[test]
    fn counting_backwards_restarts_at_the_counter_origin() {
        // A region starting at byte 4 (line 3 of the file), counted as line 1.
        let buf = b"a\nb\nOBJECT\nx\ny\nz";
        let mut lines = LineCounter::new(buf, 4, 1);
        assert_eq!(lines.line_at(buf.len()), 4);
        assert_eq!(lines.line_at(12), 2);
        // Before the origin: the origin's own line, not line 1 of the buffer.
        assert_eq!(lines.line_at(0), 1);
    }
}

#[cfg(test)]
mod parse_tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn parse_u32_agrees_with_str_parse(text in "[0-9+ -]{0,12}") {
            let expected = if text.len() <= 10 && text.bytes().all(|b| b.is_ascii_digit()) {
                text.parse::<u32>().ok()
            } else {
                None
            };
            prop_assert_eq!(super::parse_u32(text.as_bytes()), expected);
        }
    }
}
