//! Where C/AL objects start, and where git left conflict markers: lines that begin with
//! `OBJECT ` or `<<<<<<<`.
//!
//! Both are found in one pass over the buffer. Every other line of an export is indented or
//! starts with `{`, `}` or a letter other than `O`, so a newline followed by `O` or `<` is rare
//! and the pass is a pair of byte compares per position, 32 positions at a time (AVX2), with
//! the whole needle checked only at those rare candidates. Without AVX2, each needle is looked
//! for with `memchr::memmem` and kept when a newline precedes it.
//!
//! The same pass counts the newlines, so each header comes with its line: the objects can then
//! be read in parallel with their real line numbers, instead of being counted from 1 and
//! shifted afterwards (a pass over the millions of references of a whole database).

use memchr::memmem;
use rayon::prelude::*;

/// The lines that start an object, and the lines that are git conflict markers.
#[derive(Debug, Default, PartialEq)]
pub(super) struct LineStarts {
    pub headers: Vec<usize>,
    /// The 1-based line of each header.
    pub header_lines: Vec<u32>,
    pub conflicts: Vec<usize>,
}

/// What one chunk's search found: its headers' lines count only the newlines inside the chunk
/// (the positions `max(start, 1) - 1 .. end - 1`, the newlines before its line starts), and
/// `newlines` is the chunk's total, so the chunks' counts add up.
#[derive(Debug, Default, PartialEq)]
struct ChunkStarts {
    starts: LineStarts,
    newlines: u32,
}

const HEADER: &[u8] = b"OBJECT ";
const CONFLICT_START: &[u8] = b"<<<<<<<";

/// Buffers above this size are searched in parallel chunks.
pub(super) const PARALLEL_SEARCH_MIN: usize = 16 << 20;
pub(super) const SEARCH_CHUNK: usize = 4 << 20;

/// Every line start of `buf` that begins an object or a conflict (a conflict always has its
/// `<<<<<<<` line, so its other two markers are looked for only when one is there).
pub(super) fn line_starts(buf: &[u8]) -> LineStarts {
    let per_chunk: Vec<ChunkStarts> = if buf.len() < PARALLEL_SEARCH_MIN {
        vec![starts_in(buf, 0, buf.len())]
    } else {
        let chunks: Vec<usize> = (0..buf.len()).step_by(SEARCH_CHUNK).collect();
        chunks
            .par_iter()
            .map(|&start| starts_in(buf, start, (start + SEARCH_CHUNK).min(buf.len())))
            .collect()
    };
    let mut found = LineStarts::default();
    let mut line = 1u32;
    for chunk in per_chunk {
        found.headers.extend(chunk.starts.headers);
        found.header_lines.extend(
            chunk
                .starts
                .header_lines
                .iter()
                .map(|within| line.saturating_add(*within)),
        );
        found.conflicts.extend(chunk.starts.conflicts);
        line = line.saturating_add(chunk.newlines);
    }
    if !found.conflicts.is_empty() {
        for marker in [&b"======="[..], b">>>>>>>"] {
            let finder = memmem::Finder::new(marker);
            found
                .conflicts
                .extend(hits_at_line_start(buf, &finder, 0, buf.len()));
        }
        found.conflicts.sort_unstable();
    }
    found
}

/// Headers and conflict starts beginning in `start..end` (a needle may run past `end`).
fn starts_in(buf: &[u8], start: usize, end: usize) -> ChunkStarts {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("popcnt")
    {
        // SAFETY: AVX2 and POPCNT were just detected.
        return unsafe { avx2::starts_in(buf, start, end) };
    }
    starts_in_by_memmem(buf, start, end)
}

/// The same as [`starts_in`], one needle at a time, the newlines counted apart.
fn starts_in_by_memmem(buf: &[u8], start: usize, end: usize) -> ChunkStarts {
    let end = end.min(buf.len());
    if start >= end {
        return ChunkStarts::default();
    }
    let headers = hits_at_line_start(buf, &memmem::Finder::new(HEADER), start, end);
    let first = start.max(1) - 1;
    let count = |from: usize, to: usize| {
        u32::try_from(super::blockscan::count_newlines(&buf[from..to.max(from)]))
            .unwrap_or(u32::MAX)
    };
    let mut within = 0u32;
    let mut counted_to = first;
    let mut header_lines = Vec::with_capacity(headers.len());
    for &header in &headers {
        within = within.saturating_add(count(counted_to, header));
        counted_to = counted_to.max(header);
        header_lines.push(within);
    }
    ChunkStarts {
        starts: LineStarts {
            headers,
            header_lines,
            conflicts: hits_at_line_start(buf, &memmem::Finder::new(CONFLICT_START), start, end),
        },
        newlines: count(first, end - 1),
    }
}

/// Where `finder`'s needle starts a line, for hits starting in `start..end`. The window reaches
/// past `end` by the needle's length so that no hit on a chunk edge is lost.
fn hits_at_line_start(
    buf: &[u8],
    finder: &memmem::Finder<'_>,
    start: usize,
    end: usize,
) -> Vec<usize> {
    let window_end = (end + finder.needle().len() - 1).min(buf.len());
    finder
        .find_iter(&buf[start..window_end])
        .map(|hit| start + hit)
        .filter(|hit| *hit < end && (*hit == 0 || buf[*hit - 1] == b'\n'))
        .collect()
}

/// Files the candidate at `at` (a line start whose first byte is `O` or `<`) under its needle;
/// `newlines` is the chunk's count of newlines before it.
fn file_candidate(buf: &[u8], at: usize, newlines: u32, out: &mut LineStarts) {
    let rest = &buf[at..];
    if rest.starts_with(HEADER) {
        out.headers.push(at);
        out.header_lines.push(newlines);
    } else if rest.starts_with(CONFLICT_START) {
        out.conflicts.push(at);
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::*;
    use std::arch::x86_64::*;

    /// # Safety
    /// The CPU must have AVX2 and POPCNT.
    #[target_feature(enable = "avx2,popcnt")]
    pub(super) unsafe fn starts_in(buf: &[u8], start: usize, end: usize) -> ChunkStarts {
        let mut out = LineStarts::default();
        let end = end.min(buf.len());
        if start >= end {
            return ChunkStarts::default();
        }
        if start == 0 && matches!(buf[0], b'O' | b'<') {
            file_candidate(buf, 0, 0, &mut out);
        }
        let mut newlines = 0u32;
        // Position `p` (a line start) is a candidate when buf[p - 1] is a newline and buf[p] is
        // `O` or `<`; `i` walks the newlines' positions, p = i + 1, over p in max(start, 1)..end.
        let first = start.max(1) - 1;
        let last = end - 1;
        let newline = _mm256_set1_epi8(b'\n' as i8);
        let letter_o = _mm256_set1_epi8(b'O' as i8);
        let angle = _mm256_set1_epi8(b'<' as i8);
        let mut i = first;
        // 32 newline positions need 33 bytes.
        while i + 33 <= buf.len() && i < last {
            // SAFETY: i + 33 <= buf.len(), so both 32-byte loads are inside `buf`.
            let (now, next) = unsafe {
                (
                    _mm256_loadu_si256(buf.as_ptr().add(i).cast()),
                    _mm256_loadu_si256(buf.as_ptr().add(i + 1).cast()),
                )
            };
            let starts_line = _mm256_cmpeq_epi8(now, newline);
            let first_byte = _mm256_or_si256(
                _mm256_cmpeq_epi8(next, letter_o),
                _mm256_cmpeq_epi8(next, angle),
            );
            let mut line_ends = _mm256_movemask_epi8(starts_line) as u32 as u64;
            let mut mask =
                _mm256_movemask_epi8(_mm256_and_si256(starts_line, first_byte)) as u32 as u64;
            // Only newline positions below `last` count (their line start is below `end`).
            if last - i < 32 {
                let below = (1u64 << (last - i)) - 1;
                mask &= below;
                line_ends &= below;
            }
            while mask != 0 {
                let bit = mask.trailing_zeros();
                let p = i + bit as usize + 1;
                // The newlines up to and including the one before `p`.
                let before = (line_ends & ((2u64 << bit) - 1)).count_ones();
                file_candidate(buf, p, newlines + before, &mut out);
                mask &= mask - 1;
            }
            newlines += line_ends.count_ones();
            i += 32;
        }
        // The tail: fewer than 33 bytes left.
        while i < last {
            if buf[i] == b'\n' {
                newlines += 1;
                if matches!(buf[i + 1], b'O' | b'<') {
                    file_candidate(buf, i + 1, newlines, &mut out);
                }
            }
            i += 1;
        }
        ChunkStarts {
            starts: out,
            newlines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn chunked_search_finds_headers_and_conflicts_on_chunk_edges() {
        let mut buf = vec![b'x'; PARALLEL_SEARCH_MIN + 3 * SEARCH_CHUNK];
        // Lines, so that the headers' line numbers add up over the chunks.
        for at in (0..buf.len()).step_by(997) {
            buf[at] = b'\n';
        }
        let mut expected = Vec::new();
        // `\nOBJECT ` across a chunk edge, with the edge between `\n` and `O`, wholly before it,
        // and after it.
        for (edge, before) in [
            (SEARCH_CHUNK, 4),
            (2 * SEARCH_CHUNK, 1),
            (3 * SEARCH_CHUNK, 8),
        ] {
            for at in [edge - before, edge + 20] {
                buf[at..at + 8].copy_from_slice(b"\nOBJECT ");
                expected.push(at + 1);
            }
            // Not at a line start: no header.
            buf[edge + 39..edge + 47].copy_from_slice(b"xOBJECT ");
        }
        expected.sort_unstable();
        // A conflict marker on a chunk edge, with its other two lines further on.
        let edge = 5 * SEARCH_CHUNK;
        buf[edge - 3..edge + 5].copy_from_slice(b"\n<<<<<<<");
        buf[edge + 100..edge + 108].copy_from_slice(b"\n=======");
        buf[edge + 200..edge + 208].copy_from_slice(b"\n>>>>>>>");
        // A marker not at a line start is text.
        buf[edge + 299..edge + 307].copy_from_slice(b"x<<<<<<<");
        let found = line_starts(&buf);
        assert_eq!(found.headers, expected);
        let lines: Vec<u32> = expected
            .iter()
            .map(|&at| 1 + memchr::memchr_iter(b'\n', &buf[..at]).count() as u32)
            .collect();
        assert_eq!(found.header_lines, lines);
        assert_eq!(found.conflicts, [edge - 2, edge + 101, edge + 201]);
        // Without a `<<<<<<<` line, the other two markers are not conflicts.
        buf[edge - 2] = b'x';
        assert!(line_starts(&buf).conflicts.is_empty());
    }

    #[test]
    fn a_header_at_the_very_start_and_at_the_very_end() {
        let buf = b"OBJECT Table 1 A\n  OBJECT x\r\nOBJECT ";
        let found = starts_in(buf, 0, buf.len());
        assert_eq!(found.starts.headers, [0, 29]);
        assert_eq!(line_starts(buf).header_lines, [1, 3]);
        // A needle cut off by the end of the buffer is no header.
        assert!(starts_in(b"x\nOBJEC", 0, 7).starts.headers.is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The one-pass search finds what the search by needle finds, on any window.
        #[test]
        fn one_pass_agrees_with_the_search_by_needle(
            pieces in prop::collection::vec(
                prop::sample::select(vec![
                    &b"\n"[..], b"\r\n", b"OBJECT ", b"OBJEC", b"<<<<<<<", b"<<<", b"O", b"<",
                    b"x", b"  ", b"\nOBJECT Table 1 T", b"\n<<<<<<< HEAD",
                ]),
                0..80,
            ),
            start in 0usize..200,
            len in 0usize..400,
        ) {
            let buf: Vec<u8> = pieces.concat();
            let start = start.min(buf.len());
            let end = (start + len).min(buf.len());
            prop_assert_eq!(starts_in(&buf, start, end), starts_in_by_memmem(&buf, start, end));
        }
    }
}
