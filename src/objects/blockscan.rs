//! The C/AL lexer's byte classes, found 64 bytes at a time.
//!
//! In code the interesting bytes are dense (a `"`, `:=` or `'` every 15 bytes or so), so a search
//! that starts afresh after each hit reloads and recompares the same bytes again and again.
//! Instead, [`Blocks`] classifies a 64-byte block once into three bit masks (the stops of the
//! lexer's mode, the bytes that end a quoted name, the bytes that may end a string) and answers
//! every "next such byte" question inside that block from them (clear the bits below the
//! position, count trailing zeros), so the lexer rarely looks at a byte twice.
//!
//! Each byte belongs to at most one class, given by two 16-entry tables indexed by its low and
//! high nibble: the class bits of a byte are `LOW[b & 15] & HIGH[b >> 4]`. That is exact as long
//! as every class is a product of a set of low nibbles and a set of high nibbles (checked by a
//! test for all 256 bytes). On x86_64 with AVX2 (detected at run time) the tables are applied 32
//! bytes at a time with `vpshufb`; other x86_64 CPUs compare 16 bytes at a time with SSE2;
//! elsewhere a plain loop over a 256-entry table gives the same masks. A property test holds
//! every kernel to the plain one.

/// `{` and `}`.
pub const BRACE: u8 = 1 << 0;
/// `"`.
pub const QUOTE: u8 = 1 << 1;
/// `'` and `/` (share a class: both start something only in code).
pub const APOS_SLASH: u8 = 1 << 2;
/// `:`.
pub const COLON: u8 = 1 << 3;
/// `[`.
pub const BRACKET: u8 = 1 << 4;
/// `\n`.
pub const NEWLINE: u8 = 1 << 5;
/// `=`.
pub const EQUALS: u8 = 1 << 6;
/// `B`, `C`, `E` in either case: the first letters of BEGIN, CASE and END.
pub const LETTER: u8 = 1 << 7;

/// Which bytes are in which class.
const MEMBERS: [(u8, u8); 15] = [
    (b'{', BRACE),
    (b'}', BRACE),
    (b'"', QUOTE),
    (b'\'', APOS_SLASH),
    (b'/', APOS_SLASH),
    (b':', COLON),
    (b'[', BRACKET),
    (b'\n', NEWLINE),
    (b'=', EQUALS),
    (b'B', LETTER),
    (b'C', LETTER),
    (b'E', LETTER),
    (b'b', LETTER),
    (b'c', LETTER),
    (b'e', LETTER),
];

/// The nibble tables: (low, high).
const fn nibble_tables() -> ([u8; 16], [u8; 16]) {
    let mut low = [0u8; 16];
    let mut high = [0u8; 16];
    let mut k = 0;
    while k < MEMBERS.len() {
        let (byte, class) = MEMBERS[k];
        low[(byte & 15) as usize] |= class;
        high[(byte >> 4) as usize] |= class;
        k += 1;
    }
    (low, high)
}

const NIBBLES: ([u8; 16], [u8; 16]) = nibble_tables();

/// The class bits of every byte, from the nibble tables (what the SIMD kernel computes).
// x86_64 always runs a SIMD kernel; the plain one stays its reference in the tests.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
const fn class_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = NIBBLES.0[b & 15] & NIBBLES.1[b >> 4];
        b += 1;
    }
    t
}

// x86_64 always runs a SIMD kernel; the plain one stays its reference in the tests.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
static CLASS: [u8; 256] = class_table();

/// Bytes classified at once.
pub const BLOCK: usize = 64;

/// The masks of one block: bit `j` is set when byte `j` of the block is in the set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Masks {
    /// The classes the caller asked for (the lexer's mode).
    pub special: u64,
    /// `"` or `\n`: where a quoted name ends.
    pub quote_end: u64,
    /// `'`, `/` or `\n`: where a string may end.
    pub string_end: u64,
}

/// Classifies the 64 bytes at the pointer for the given set of classes.
type Kernel = unsafe fn(*const u8, u8, &mut Masks);

const QUOTE_END: u8 = QUOTE | NEWLINE;
const STRING_END: u8 = APOS_SLASH | NEWLINE;

/// The `:` of each `:=` whose `=` is in the block. Code skips an assignment (`colon` steps over
/// both bytes, and `=` means nothing there), so a search in code need not stop at it; where `=`
/// is a stop itself (outside code) the `:` must stay, or the `=` after it would be seen.
#[inline(always)]
fn assignments(colons: u64, equals: u64) -> u64 {
    colons & (equals >> 1)
}

/// The plain classifier: for targets other than x86_64, and the reference the others are
/// tested against.
// x86_64 always runs a SIMD kernel; the plain one stays its reference in the tests.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn classify_scalar(block: &[u8; BLOCK], set: u8) -> Masks {
    let mut masks = Masks::default();
    let (mut colons, mut equals) = (0u64, 0u64);
    for (j, &b) in block.iter().enumerate() {
        colons |= u64::from(b == b':') << j;
        equals |= u64::from(b == b'=') << j;
        let class = CLASS[b as usize];
        if class != 0 {
            let bit = 1u64 << j;
            if class & set != 0 {
                masks.special |= bit;
            }
            if class & QUOTE_END != 0 {
                masks.quote_end |= bit;
            }
            if class & STRING_END != 0 {
                masks.string_end |= bit;
            }
        }
    }
    if set & EQUALS == 0 {
        masks.special &= !assignments(colons, equals);
    }
    masks
}

/// # Safety
/// `p` must point to 64 readable bytes.
// x86_64 always runs a SIMD kernel; the plain one stays its reference in the tests.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
unsafe fn classify_scalar_raw(p: *const u8, set: u8, out: &mut Masks) {
    // SAFETY: the caller guarantees 64 readable bytes at `p`; `[u8; 64]` has alignment 1.
    *out = classify_scalar(unsafe { &*p.cast::<[u8; BLOCK]>() }, set);
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{assignments, Masks, EQUALS, NIBBLES, QUOTE_END, STRING_END};
    use std::arch::x86_64::*;

    /// # Safety
    /// `p` must point to 64 readable bytes, and the CPU must have AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn classify(p: *const u8, set: u8, out: &mut Masks) {
        let (low, high) = NIBBLES;
        // SAFETY (whole body): AVX2 is present (the caller's contract); the two unaligned loads
        // read bytes 0..32 and 32..64 of the 64 the caller vouches for; the tables are 16-byte
        // arrays read with unaligned loads.
        unsafe {
            let low = _mm256_broadcastsi128_si256(_mm_loadu_si128(low.as_ptr().cast()));
            let high = _mm256_broadcastsi128_si256(_mm_loadu_si128(high.as_ptr().cast()));
            let nibble = _mm256_set1_epi8(0x0F);
            let zero = _mm256_setzero_si256();
            // Bit j set when byte j is in none of the classes of `wanted`.
            let outside = |class: __m256i, wanted: u8| -> u64 {
                let hit = _mm256_and_si256(class, _mm256_set1_epi8(wanted as i8));
                u64::from(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hit, zero)) as u32)
            };
            let colon = _mm256_set1_epi8(b':' as i8);
            let equals = _mm256_set1_epi8(b'=' as i8);
            let mut masks = [[0u64; 5]; 2];
            for (half, half_masks) in masks.iter_mut().enumerate() {
                let v = _mm256_loadu_si256(p.add(32 * half).cast());
                let lo = _mm256_shuffle_epi8(low, _mm256_and_si256(v, nibble));
                let hi =
                    _mm256_shuffle_epi8(high, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble));
                let class = _mm256_and_si256(lo, hi);
                let is = |byte: __m256i| {
                    u64::from(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, byte)) as u32)
                };
                *half_masks = [
                    !outside(class, set),
                    !outside(class, QUOTE_END),
                    !outside(class, STRING_END),
                    is(colon),
                    is(equals),
                ];
            }
            let whole = |k: usize| masks[0][k] & 0xFFFF_FFFF | masks[1][k] << 32;
            out.special = whole(0);
            if set & EQUALS == 0 {
                out.special &= !assignments(whole(3), whole(4));
            }
            out.quote_end = whole(1);
            out.string_end = whole(2);
        }
    }

    /// # Safety
    /// The CPU must have AVX2 and POPCNT; `bytes` must hold at least 64 bytes.
    #[target_feature(enable = "avx2,popcnt")]
    pub unsafe fn count_newlines(bytes: &[u8]) -> usize {
        let newline = _mm256_set1_epi8(b'\n' as i8);
        let mask_at = |p: *const u8| -> u64 {
            // SAFETY: callers pass a pointer to 64 bytes inside `bytes`; AVX2 is present.
            unsafe {
                let a = _mm256_loadu_si256(p.cast());
                let b = _mm256_loadu_si256(p.add(32).cast());
                let a = _mm256_movemask_epi8(_mm256_cmpeq_epi8(a, newline)) as u32;
                let b = _mm256_movemask_epi8(_mm256_cmpeq_epi8(b, newline)) as u32;
                u64::from(a) | u64::from(b) << 32
            }
        };
        let len = bytes.len();
        debug_assert!(len >= super::BLOCK);
        let mut count = 0;
        let mut i = 0;
        while i + super::BLOCK <= len {
            count += mask_at(bytes[i..].as_ptr()).count_ones() as usize;
            i += super::BLOCK;
        }
        if i < len {
            // The last 64 bytes, without those already counted.
            let last = mask_at(bytes[len - super::BLOCK..].as_ptr());
            count += (last >> (i + super::BLOCK - len)).count_ones() as usize;
        }
        count
    }
}

/// For x86_64 CPUs without AVX2: SSE2 is always there, but without `pshufb` each class is
/// found by comparing bytes (16 at a time).
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::*;
    use std::arch::x86_64::*;

    /// # Safety
    /// `p` must point to 64 readable bytes.
    pub unsafe fn classify(p: *const u8, set: u8, out: &mut Masks) {
        let mut masks = Masks::default();
        let (mut colons, mut equals) = (0u64, 0u64);
        for quarter in 0..BLOCK / 16 {
            // SAFETY: bytes `16 * quarter .. 16 * quarter + 16` are among the 64 the caller
            // vouches for; SSE2 is part of the x86_64 baseline.
            let v = unsafe { _mm_loadu_si128(p.add(16 * quarter).cast()) };
            let is = |byte: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8));
            let either = |a: u8, b: u8| _mm_or_si128(is(a), is(b));
            let (quote, newline, apos_slash) = (is(b'"'), is(b'\n'), either(b'\'', b'/'));
            let (colon, equal) = (is(b':'), is(b'='));
            // Only the classes of the set are compared for (B, C and E cost three compares).
            let mut special = _mm_setzero_si128();
            let mut add = |class: u8, v: &dyn Fn() -> __m128i| {
                if set & class != 0 {
                    special = _mm_or_si128(special, v());
                }
            };
            add(BRACE, &|| either(b'{', b'}'));
            add(QUOTE, &|| quote);
            add(APOS_SLASH, &|| apos_slash);
            add(COLON, &|| colon);
            add(BRACKET, &|| is(b'['));
            add(NEWLINE, &|| newline);
            add(EQUALS, &|| equal);
            add(LETTER, &|| {
                // Setting bit 5 maps the capitals onto the small letters.
                let folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
                let folded_is = |byte: u8| _mm_cmpeq_epi8(folded, _mm_set1_epi8(byte as i8));
                _mm_or_si128(
                    _mm_or_si128(folded_is(b'b'), folded_is(b'c')),
                    folded_is(b'e'),
                )
            });
            let shift = 16 * quarter;
            let bits = |v: __m128i| u64::from(_mm_movemask_epi8(v) as u16) << shift;
            masks.special |= bits(special);
            masks.quote_end |= bits(_mm_or_si128(quote, newline));
            masks.string_end |= bits(_mm_or_si128(apos_slash, newline));
            colons |= bits(colon);
            equals |= bits(equal);
        }
        if set & EQUALS == 0 {
            masks.special &= !assignments(colons, equals);
        }
        *out = masks;
    }
}

fn kernel() -> Kernel {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            return avx2::classify;
        }
        sse2::classify
    }
    #[cfg(not(target_arch = "x86_64"))]
    classify_scalar_raw
}

/// Which of a block's masks a search uses.
#[derive(Debug, Clone, Copy)]
enum Which {
    Special,
    QuoteEnd,
    StringEnd,
}

/// A cursor over a buffer that keeps the masks of the last block it classified.
pub struct Blocks<'a> {
    buf: &'a [u8],
    /// Where the classified block starts (it may reach past the buffer's end: those bytes are
    /// classified as zeros, which are in no class).
    base: usize,
    /// The classes `masks.special` was computed for.
    set: u8,
    masks: Masks,
    kernel: Kernel,
}

#[cfg(test)]
thread_local! {
    /// A kernel a test forces on the lexer of its thread, so that each kernel is tested inside
    /// the reader too, not only against the plain one.
    static FORCED_KERNEL: std::cell::Cell<Option<Kernel>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` once with each kernel this CPU has forced on the current thread's lexers.
#[cfg(test)]
pub(crate) fn with_each_kernel<T>(mut f: impl FnMut() -> T) -> Vec<T> {
    tests::kernels()
        .into_iter()
        .map(|kernel| {
            FORCED_KERNEL.with(|forced| forced.set(Some(kernel)));
            let result = f();
            FORCED_KERNEL.with(|forced| forced.set(None));
            result
        })
        .collect()
}

impl<'a> Blocks<'a> {
    pub fn new(buf: &'a [u8], at: usize) -> Self {
        #[cfg(test)]
        if let Some(kernel) = FORCED_KERNEL.with(|forced| forced.get()) {
            return Self::with_kernel(buf, at, kernel);
        }
        Self::with_kernel(buf, at, kernel())
    }

    fn with_kernel(buf: &'a [u8], at: usize, kernel: Kernel) -> Self {
        let mut blocks = Blocks {
            buf,
            base: 0,
            set: 0,
            masks: Masks::default(),
            kernel,
        };
        blocks.load(at.min(buf.len()));
        blocks
    }

    /// Classify the block starting at `at` (at most `buf.len()`).
    #[inline]
    fn load(&mut self, at: usize) {
        self.base = at;
        let buf = self.buf;
        if buf.len() - at >= BLOCK {
            // SAFETY: `at + 64 <= buf.len()`, so the kernel reads only bytes of `buf`; the
            // kernel was chosen by `kernel()` for this CPU.
            unsafe { (self.kernel)(buf[at..].as_ptr(), self.set, &mut self.masks) }
        } else {
            let mut tail = [0u8; BLOCK];
            tail[..buf.len() - at].copy_from_slice(&buf[at..]);
            // SAFETY: `tail` is 64 bytes on the stack.
            unsafe { (self.kernel)(tail.as_ptr(), self.set, &mut self.masks) }
        }
    }

    #[inline(always)]
    fn search(&mut self, from: usize, end: usize, which: Which) -> usize {
        let end = end.min(self.buf.len());
        let mut i = from;
        while i < end {
            let mut offset = i.wrapping_sub(self.base);
            if offset >= BLOCK {
                self.load(i);
                offset = 0;
            }
            let mask = match which {
                Which::Special => self.masks.special,
                Which::QuoteEnd => self.masks.quote_end,
                Which::StringEnd => self.masks.string_end,
            };
            let hits = mask & (u64::MAX << offset);
            if hits != 0 {
                return (self.base + hits.trailing_zeros() as usize).min(end);
            }
            i = self.base + BLOCK;
        }
        from.max(end)
    }

    /// The first index in `from..end` whose byte is in one of the classes of `set`, or
    /// `max(from, end)` when there is none (`end` is capped at the buffer's length). When `set`
    /// lacks [`EQUALS`], the `:` of a `:=` may be passed over (see `assignments`).
    #[inline(always)]
    pub fn next(&mut self, from: usize, end: usize, set: u8) -> usize {
        if set != self.set {
            // A new mode: its masks from `from` on.
            self.set = set;
            self.load(from.min(self.buf.len()));
        }
        self.search(from, end, Which::Special)
    }

    /// The first `"` or `\n` in `from..end`, as [`Blocks::next`] says.
    #[inline(always)]
    pub fn next_quote_end(&mut self, from: usize, end: usize) -> usize {
        self.search(from, end, Which::QuoteEnd)
    }

    /// The first `'`, `/` or `\n` in `from..end`, as [`Blocks::next`] says.
    #[inline(always)]
    pub fn next_string_end(&mut self, from: usize, end: usize) -> usize {
        self.search(from, end, Which::StringEnd)
    }
}

/// How many `\n` bytes `bytes` holds. The line counters ask this for the stretch between two
/// references (a few hundred bytes, millions of times on a big export), where a loop of 64-byte
/// compares and popcounts, inlined, costs less than a general counting routine's set-up.
pub fn count_newlines(bytes: &[u8]) -> usize {
    #[cfg(target_arch = "x86_64")]
    if bytes.len() >= BLOCK
        && std::arch::is_x86_feature_detected!("avx2")
        && std::arch::is_x86_feature_detected!("popcnt")
    {
        // SAFETY: AVX2 and POPCNT were just detected.
        return unsafe { avx2::count_newlines(bytes) };
    }
    bytes.iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The class of each byte as meant, without the nibble tables.
    fn intended(b: u8) -> u8 {
        MEMBERS
            .iter()
            .filter(|(m, _)| *m == b)
            .fold(0, |acc, (_, class)| acc | class)
    }

    #[test]
    fn nibble_tables_give_exactly_the_classes() {
        for b in 0..=255u8 {
            assert_eq!(CLASS[b as usize], intended(b), "byte {b:#04x}");
        }
    }

    fn plain_next(buf: &[u8], from: usize, end: usize, set: u8) -> usize {
        let end = end.min(buf.len());
        (from..end)
            .find(|&j| intended(buf[j]) & set != 0)
            .unwrap_or(from.max(end))
    }

    pub(super) fn kernels() -> Vec<Kernel> {
        let mut all: Vec<Kernel> = vec![classify_scalar_raw];
        #[cfg(target_arch = "x86_64")]
        {
            all.push(sse2::classify);
            if std::arch::is_x86_feature_detected!("avx2") {
                all.push(avx2::classify);
            }
        }
        all
    }

    const ALPHABET: &[u8] = b"{}\"'/:[\n=BCEbcexyz 0\r\x82\xc2\xff";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn newlines_counted_as_a_plain_count(
            buf in prop::collection::vec(prop::sample::select(b"\nab\r\x8a".to_vec()), 0..400),
            start in 0usize..400,
        ) {
            let bytes = &buf[start.min(buf.len())..];
            let expected = bytes.iter().filter(|&&b| b == b'\n').count();
            prop_assert_eq!(count_newlines(bytes), expected);
        }

        #[test]
        fn kernels_agree_with_the_class_table(
            block in prop::collection::vec(any::<u8>(), BLOCK),
            set in any::<u8>(),
        ) {
            let block: [u8; BLOCK] = block.try_into().expect("64 bytes");
            let expected = classify_scalar(&block, set);
            for (j, &b) in block.iter().enumerate() {
                let assignment =
                    set & EQUALS == 0 && b == b':' && block.get(j + 1) == Some(&b'=');
                prop_assert_eq!(
                    expected.special >> j & 1 == 1,
                    intended(b) & set != 0 && !assignment
                );
                prop_assert_eq!(expected.quote_end >> j & 1 == 1, b == b'"' || b == b'\n');
                prop_assert_eq!(
                    expected.string_end >> j & 1 == 1,
                    b == b'\'' || b == b'/' || b == b'\n'
                );
            }
            for kernel in kernels() {
                let mut masks = Masks::default();
                // SAFETY: `block` is 64 bytes; the kernel list holds only what this CPU runs.
                unsafe { kernel(block.as_ptr(), set, &mut masks) };
                prop_assert_eq!(masks, expected);
            }
        }

        #[test]
        fn successive_searches_agree_with_a_plain_search(
            buf in prop::collection::vec(prop::sample::select(ALPHABET.to_vec()), 0..300),
            steps in prop::collection::vec((0usize..90, 0usize..400, any::<u8>(), 0u8..4), 1..20),
            start in 0usize..320,
        ) {
            for kernel in kernels() {
                let mut blocks = Blocks::with_kernel(&buf, start, kernel);
                let mut at = start;
                for &(advance, len, set, which) in &steps {
                    // Mostly forwards, as the lexer goes; sometimes back to a smaller index.
                    let from = if advance == 0 { at / 2 } else { at + advance - 1 };
                    let end = from + len;
                    let found = match which {
                        0 => blocks.next_quote_end(from, end),
                        1 => blocks.next_string_end(from, end),
                        _ => blocks.next(from, end, set),
                    };
                    let wanted = match which {
                        0 => QUOTE_END,
                        1 => STRING_END,
                        _ => set,
                    };
                    let end = end.min(buf.len());
                    if which >= 2 && set & EQUALS == 0 {
                        // The `:` of a `:=` may be passed over, nothing else.
                        let is_assignment =
                            |j: usize| buf[j] == b':' && buf.get(j + 1) == Some(&b'=');
                        prop_assert!(found <= from.max(end));
                        prop_assert!((from..found.min(end))
                            .all(|j| intended(buf[j]) & set == 0 || is_assignment(j)));
                        prop_assert!(found >= end || intended(buf[found]) & set != 0);
                    } else {
                        prop_assert_eq!(found, plain_next(&buf, from, end, wanted));
                    }
                    at = found;
                }
            }
        }
    }
}
