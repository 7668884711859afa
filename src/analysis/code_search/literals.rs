//! Which of a few ASCII literals occur in a text, ignoring ASCII case: the code search's filter
//! (`raw_filter`) asks this of every object's bytes, a gigabyte on a whole database.
//!
//! A regex alternation of the literals (what the filter used before) cannot do it well: with
//! case ignored, each literal has 2^n spellings, so its prefilter settles for short prefixes
//! such as `tab`, which C/AL writes all the time (`Table`, `TableRelation`, `SourceTable`), and
//! confirms each hit with a lazy DFA. Instead, as memchr's `memmem` does for one literal, each
//! literal is looked for by two of its rarer bytes at their distance, 64 positions a step
//! (AVX2), letters compared with their case bit set; a position where both bytes fit is then
//! compared in full. On the 1 GB benchmark export this and the patterns it spares took 2 % less
//! of the scan's CPU than the regex (docs/benchmark.md). Without AVX2, each literal is searched
//! with `memchr2` on one of those two bytes, in both cases.

/// Literals of a filter, lower-cased, with the two bytes each is looked for by.
#[derive(Debug, Clone)]
pub(super) struct Literals {
    literals: Vec<Literal>,
}

#[derive(Debug, Clone)]
struct Literal {
    lower: Box<[u8]>,
    /// Offsets of the two rarest bytes (`first < second`).
    first: usize,
    second: usize,
}

/// At most this many literals (one bit each in the answer).
pub(super) const MAX_LITERALS: usize = 64;

impl Literals {
    /// `None` unless there are 1 to [`MAX_LITERALS`] literals, each ASCII and at least two bytes
    /// long.
    pub(super) fn new(literals: &[&[u8]]) -> Option<Literals> {
        if literals.is_empty()
            || literals.len() > MAX_LITERALS
            || literals.iter().any(|l| l.len() < 2 || !l.is_ascii())
        {
            return None;
        }
        let literals: Vec<Literal> = literals
            .iter()
            .map(|l| {
                let lower: Box<[u8]> = l.to_ascii_lowercase().into();
                let (first, second) = rarest_pair(&lower);
                Literal {
                    lower,
                    first,
                    second,
                }
            })
            .collect();
        Some(Literals { literals })
    }

    /// Bit `k` is set when literal `k` occurs in `hay`, in any ASCII case.
    pub(super) fn present(&self, hay: &[u8]) -> u64 {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: AVX2 is available, checked just above.
            #[allow(unsafe_code)]
            return self.each(|literal| unsafe { literal.occurs_avx2(hay) });
        }
        self.present_memchr(hay)
    }

    /// [`Literals::present`] without AVX2.
    fn present_memchr(&self, hay: &[u8]) -> u64 {
        self.each(|literal| literal.occurs_memchr(hay))
    }

    /// Bit `k` set when `occurs` holds for literal `k`. Each literal is looked for in a loop of
    /// its own: with its bytes in registers the loop is a handful of instructions, where one
    /// loop over all literals spent more on choosing the literal than on looking (the second
    /// literal reads the object again, from the cache the first brought it into).
    fn each(&self, occurs: impl Fn(&Literal) -> bool) -> u64 {
        let mut found = 0;
        for (k, literal) in self.literals.iter().enumerate() {
            if occurs(literal) {
                found |= 1 << k;
            }
        }
        found
    }
}

impl Literal {
    /// Whether the literal occurs in `hay`, in any ASCII case: `memchr2` finds its second byte
    /// in either case, the rest is compared there.
    fn occurs_memchr(&self, hay: &[u8]) -> bool {
        let at = self.second;
        let byte = self.lower[at];
        memchr::memchr2_iter(byte, byte.to_ascii_uppercase(), hay)
            .filter(|&pos| pos >= at)
            .any(|pos| self.is_at(hay, pos - at))
    }

    /// Whether the literal occurs in `hay`, in any ASCII case, 64 positions a step.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    #[allow(unsafe_code)]
    unsafe fn occurs_avx2(&self, hay: &[u8]) -> bool {
        use std::arch::x86_64::*;
        const STEP: usize = 64;
        let first = self.lower[self.first];
        let second = self.lower[self.second];
        let (first_case, first_byte) = (
            _mm256_set1_epi8(case_bit(first) as i8),
            _mm256_set1_epi8(first as i8),
        );
        let (second_case, second_byte) = (
            _mm256_set1_epi8(case_bit(second) as i8),
            _mm256_set1_epi8(second as i8),
        );
        // Where both bytes fit, for the 32 positions from `p`: bit `j` for position `p + j`.
        let candidates = |p: *const u8| -> u32 {
            // SAFETY: the caller passes a pointer 32 + `self.second` bytes or more before the
            // end of `hay` (see the loop condition).
            let (a, b) = unsafe {
                (
                    _mm256_loadu_si256(p.add(self.first).cast()),
                    _mm256_loadu_si256(p.add(self.second).cast()),
                )
            };
            let a = _mm256_cmpeq_epi8(_mm256_or_si256(a, first_case), first_byte);
            let b = _mm256_cmpeq_epi8(_mm256_or_si256(b, second_case), second_byte);
            _mm256_movemask_epi8(_mm256_and_si256(a, b)) as u32
        };
        let len = self.lower.len();
        let mut pos = 0;
        // Loads read `pos + offset .. pos + offset + 64` with `offset < len`.
        while pos + STEP + len <= hay.len() + 1 {
            // SAFETY: `pos + 32 + offset + 32 <= pos + 64 + len - 1 <= hay.len()`.
            let (low, high) = unsafe {
                let at = hay.as_ptr().add(pos);
                (candidates(at), candidates(at.add(32)))
            };
            let mut both = u64::from(low) | u64::from(high) << 32;
            while both != 0 {
                if self.is_at(hay, pos + both.trailing_zeros() as usize) {
                    return true;
                }
                both &= both - 1;
            }
            pos += STEP;
        }
        (pos..hay.len()).any(|at| self.is_at(hay, at))
    }

    fn is_at(&self, hay: &[u8], pos: usize) -> bool {
        hay.get(pos..pos + self.lower.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(&self.lower))
    }
}

/// The bit that makes an ASCII letter lower case, for a lower-cased byte: OR-ing it into a
/// text byte turns `A`-`Z` into `a`-`z` and no other byte into a letter's lower case (a byte
/// that is not a letter is compared as it is).
fn case_bit(lower: u8) -> u8 {
    if lower.is_ascii_lowercase() {
        0x20
    } else {
        0
    }
}

/// The offsets of the two bytes a literal is looked for by (`first < second`): its rarest byte
/// in C/AL text, and the rarest of those at least two bytes away from it, so that the pair is
/// not a common pair of neighbours (`bl` of `TableNo` is in every `Table`); for a literal of
/// two bytes, both.
fn rarest_pair(lower: &[u8]) -> (usize, usize) {
    let rank = |at: &usize| frequency_rank(lower[*at]);
    // `min_by_key` keeps the first of equally rare bytes.
    let rarest = (0..lower.len()).min_by_key(rank).unwrap_or(0);
    let apart = (0..lower.len())
        .filter(|&at| at.abs_diff(rarest) >= 2)
        .min_by_key(rank);
    let other = apart
        .or_else(|| (0..lower.len()).filter(|&at| at != rarest).min_by_key(rank))
        .unwrap_or(rarest);
    (rarest.min(other), rarest.max(other))
}

/// How common a (lower-cased) byte is in exported objects: 0 rarest. Letters by their
/// frequency in English text, which C/AL names and captions are mostly written in; blanks,
/// punctuation of the language and digits above the letters.
fn frequency_rank(byte: u8) -> u8 {
    const LETTERS: &[u8] = b"zqjxkvbpygfwmuclrdhsnioate";
    const COMMON: &[u8] = b"0123456789_.,:;=()\"'\r\n\t ";
    if let Some(at) = LETTERS.iter().position(|&b| b == byte) {
        // 1..=26.
        return at as u8 + 1;
    }
    if let Some(at) = COMMON.iter().position(|&b| b == byte) {
        return 27 + at as u8;
    }
    // Any other byte (`#`, `@`, control characters) is rarer than any letter.
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What `present` must answer, the slow way.
    fn naive(literals: &[&[u8]], hay: &[u8]) -> u64 {
        let mut found = 0;
        for (k, literal) in literals.iter().enumerate() {
            if hay
                .windows(literal.len())
                .any(|w| w.eq_ignore_ascii_case(literal))
            {
                found |= 1 << k;
            }
        }
        found
    }

    #[test]
    fn finds_literals_in_any_ascii_case_anywhere() {
        let literals: [&[u8]; 2] = [b"TableNo", b"TASKSCHEDULER"];
        let set = Literals::new(&literals).expect("literals");
        let mut text = vec![b'x'; 200];
        assert_eq!(set.present(&text), 0);
        // At the very end, where no whole vector fits.
        text.extend_from_slice(b"tAbLeNO");
        assert_eq!(set.present(&text), 0b01);
        // In the middle, after a block boundary.
        text[70..83].copy_from_slice(b"taskscheduler");
        assert_eq!(set.present(&text), 0b11);
        assert_eq!(set.present_memchr(&text), 0b11);
        // Bytes that only look alike with the case bit set do not count.
        assert_eq!(set.present(b"T\x01BLENO TAS\xcbSCHEDULER tableN"), 0);
    }

    #[test]
    fn refuses_what_it_cannot_search() {
        assert!(Literals::new(&[]).is_none());
        assert!(Literals::new(&[b"a"]).is_none());
        assert!(Literals::new(&["caf\u{e9}".as_bytes()]).is_none());
        let many: Vec<&[u8]> = vec![b"ab"; MAX_LITERALS + 1];
        assert!(Literals::new(&many).is_none());
        assert!(Literals::new(&many[..MAX_LITERALS]).is_some());
    }

    #[test]
    fn looks_for_rare_bytes() {
        assert_eq!(rarest_pair(b"tableno"), (2, 5)); // b, then n (l is next to b)
        assert_eq!(rarest_pair(b"taskscheduler"), (3, 9)); // k, u
        assert_eq!(rarest_pair(b"aaa"), (0, 2));
        assert_eq!(rarest_pair(b"ab"), (0, 1));
        assert_eq!(rarest_pair(b"a;#"), (0, 2)); // # rarest, then a
    }

    /// Texts made of the literals' pieces, other letters, case changes and high bytes, so that
    /// near misses are common.
    fn text() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b"table".to_vec()),
            Just(b"No".to_vec()),
            Just(b"TABLENO".to_vec()),
            Just(b"tAsK".to_vec()),
            Just(b"scheduler".to_vec()),
            Just(b"k".to_vec()),
            Just(b"\x82".to_vec()),
            Just(b" ".to_vec()),
            proptest::collection::vec(any::<u8>(), 0..40),
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn present_agrees_with_the_naive_search(
            hay in text(),
            extra in proptest::collection::vec(b'a'..=b'z', 2..9),
        ) {
            let literals: [&[u8]; 3] = [b"TableNo", b"TASKSCHEDULER", &extra];
            let set = Literals::new(&literals).expect("literals");
            let expected = naive(&literals, &hay);
            prop_assert_eq!(set.present(&hay), expected);
            prop_assert_eq!(set.present_memchr(&hay), expected);
        }
    }
}
