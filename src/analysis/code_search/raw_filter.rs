//! Skipping the decode: when can an object's undecoded bytes show that no code pattern matches
//! its text?
//!
//! Searching the raw bytes with the patterns themselves is not the same as searching the text.
//! In a code page such as 850, `é` (0x82) is a word character, so `\bTASKSCHEDULER` does not
//! match `éTASKSCHEDULER` in the text, but a lone 0x82 is no word character in the bytes; 0xFF is
//! a no-break space, which `\s` matches in the text and not in the bytes. And a pattern that
//! ignores case in Unicode mode matches `s` with LONG S (U+017F) and `k` with KELVIN SIGN (U+212A):
//! in the bytes those are the sequences C5 BF and E2 84 AA, which in code page 850 are the
//! text `┼┐` and `Γä¬` (so `TA\xC5\xBFKSCHEDULER.` matches in the bytes, never in the text).
//! Turning Unicode off (`(?-u)`) removes the last difference, not the first two: for the
//! shipped patterns and code page 850, no rule "search the bytes instead of the text" gives the
//! same matches.
//!
//! What does hold is a necessary condition: every match of `\bTableNo\s*=...` contains
//! `TableNo` in some case. If no character of the code page's upper half folds to a letter of
//! that literal (nor is ASCII), then every such occurrence in the text is made of ASCII bytes,
//! which the decode leaves as they are, so the undecoded bytes hold it too, in some ASCII case.
//! A pattern whose literal an object's bytes do not hold (ignoring ASCII case) cannot match its
//! text and is not run there; an object whose bytes hold none of the literals is not decoded at
//! all. The hits are the same by construction; only the work differs. The same holds for an
//! object whose bytes are all ASCII, in any file: its text is its bytes.

use super::literals::Literals;
use super::CodePattern;
use crate::objects::texts::HighHalf;

/// The patterns' required literals, searched in undecoded bytes of one code page.
#[derive(Debug)]
pub(super) struct RawFilter {
    pub(super) code_page: u16,
    /// Pattern `k`'s literal is literal `k`, searched ignoring ASCII case; `None` when there is
    /// no pattern.
    literals: Option<Literals>,
}

/// Shorter literals would send nearly every object to the decode anyway.
const MIN_LITERAL: usize = 3;

impl RawFilter {
    /// The filter, when there are at most [`MAX_LITERALS`] patterns (which [`Literals::new`]
    /// enforces), every pattern has a required literal of at least [`MIN_LITERAL`] characters
    /// and no character of the code page's upper half could stand for one of the literal's
    /// characters; `None` otherwise (every text holding bytes from 0x80 up is decoded and
    /// searched with every pattern).
    ///
    /// [`MAX_LITERALS`]: super::literals::MAX_LITERALS
    pub(super) fn new(patterns: &[CodePattern], high: &HighHalf<'_>) -> Option<RawFilter> {
        if high.number() == 0 || !upper_half_is_non_ascii(high.text()) {
            return None;
        }
        let mut literals = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            let literal = required_literal(pattern.regex.as_str())?;
            if literal.chars().count() < MIN_LITERAL || folds_into(&literal, high.text()) {
                return None;
            }
            literals.push(literal);
        }
        let literals = if literals.is_empty() {
            None
        } else {
            // ASCII case folding is enough: the literal's occurrences in the bytes are ASCII.
            let bytes: Vec<&[u8]> = literals.iter().map(|l| l.as_bytes()).collect();
            Some(Literals::new(&bytes)?)
        };
        Some(RawFilter {
            code_page: high.number(),
            literals,
        })
    }

    /// The patterns that could match the text these undecoded bytes decode to: bit `k` for
    /// pattern `k`. A pattern whose literal the bytes do not hold cannot match.
    pub(super) fn candidates(&self, raw: &[u8]) -> u64 {
        self.literals
            .as_ref()
            .map_or(0, |literals| literals.present(raw))
    }

    /// Whether any pattern could match the text these undecoded bytes decode to.
    #[cfg(test)]
    pub(super) fn may_match(&self, raw: &[u8]) -> bool {
        self.candidates(raw) != 0
    }
}

/// Every byte 0x80-0xFF decodes to some text with no ASCII in it, so that a run of ASCII in the
/// decoded text is the same run in the bytes.
fn upper_half_is_non_ascii(high: &[String]) -> bool {
    high.len() == 0x80
        && high
            .iter()
            .all(|text| !text.is_empty() && text.chars().all(|c| !c.is_ascii()))
}

/// Whether a character of the upper half matches one of the literal's characters when case is
/// ignored (Unicode simple case folding, as the patterns fold it), like KELVIN SIGN for `k`.
fn folds_into(literal: &str, high: &[String]) -> bool {
    let alternatives: Vec<String> = literal
        .chars()
        .map(|c| regex::escape(c.encode_utf8(&mut [0; 4])))
        .collect();
    let Ok(any) = regex::Regex::new(&format!("(?i)^(?:{})$", alternatives.join("|"))) else {
        // Cannot tell: take it that it does.
        return true;
    };
    high.iter()
        .flat_map(|text| text.chars())
        .any(|c| any.is_match(c.encode_utf8(&mut [0; 4])))
}

/// The longest run of characters every match of the pattern contains, one after the other (in
/// the case the pattern allows): a run of plain characters at the top level of the pattern, none
/// of them optional or repeated. `None` when the pattern is not simple enough to tell: not
/// ASCII, an alternation at the top level, verbose mode (`x`, where spaces are no characters),
/// escapes that name characters by number or property (`\x41`, `\pL`) or anything unknown. Any
/// answer but `None` must be right: a wrong literal would lose hits. The pattern is read as
/// `Regex::new` reads it (as `MergeRules` compiles it): no builder options such as
/// `ignore_whitespace`.
pub(super) fn required_literal(pattern: &str) -> Option<String> {
    let b = pattern.as_bytes();
    if !pattern.is_ascii() || has_verbose_flag(b) {
        return None;
    }
    let mut best = String::new();
    let mut run = String::new();
    let mut i = 0;
    while i < b.len() {
        let literal = match b[i] {
            b'|' => return None,
            b'(' => {
                i = group_end(b, i)? + 1;
                None
            }
            b'[' => {
                i = class_end(b, i)? + 1;
                None
            }
            b'\\' => {
                let escaped = *b.get(i + 1)?;
                i += 2;
                if escaped.is_ascii_alphanumeric() || matches!(escaped, b'<' | b'>') {
                    // Assertions and classes (`\b`, `\s`, `\d`, `\A`): no literal. Escapes
                    // naming characters (`\x41`, `\u{..}`, `\p{L}`, `\n`): refuse, rather than
                    // know them all.
                    if !b"bBAzsSdDwW".contains(&escaped) {
                        return None;
                    }
                    None
                } else {
                    Some(escaped)
                }
            }
            b'.' | b'^' | b'$' => {
                i += 1;
                None
            }
            b'*' | b'+' | b'?' | b'{' | b')' | b']' | b'}' => return None,
            other => {
                i += 1;
                Some(other)
            }
        };
        match (literal, b.get(i)) {
            // Optional or repeated any number of times: not required where it stands.
            (_, Some(b'*' | b'?' | b'{')) | (None, _) => keep_longer(&mut best, &mut run),
            // Once or more: the first one follows the run, the last one may not.
            (Some(c), Some(b'+')) => {
                run.push(char::from(c));
                keep_longer(&mut best, &mut run);
            }
            (Some(c), _) => run.push(char::from(c)),
        }
        i = skip_repetition(b, i)?;
    }
    keep_longer(&mut best, &mut run);
    (!best.is_empty()).then_some(best)
}

fn keep_longer(best: &mut String, run: &mut String) {
    if run.len() > best.len() {
        std::mem::swap(best, run);
    }
    run.clear();
}

/// Whether any flag group turns on verbose mode (`(?x)`, `(?ix:`); also a harmless `\(?x` is
/// taken as one.
fn has_verbose_flag(b: &[u8]) -> bool {
    b.windows(2).enumerate().any(|(at, pair)| {
        pair == b"(?"
            && b[at + 2..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic() || **c == b'-')
                .any(|&c| c == b'x')
    })
}

/// Past a repetition operator at `i` (`*`, `+`, `?`, `{n,m}`, each maybe lazy), if any.
fn skip_repetition(b: &[u8], mut i: usize) -> Option<usize> {
    match b.get(i) {
        Some(b'*' | b'+' | b'?') => i += 1,
        Some(b'{') => i += b[i..].iter().position(|&c| c == b'}')? + 1,
        _ => return Some(i),
    }
    if b.get(i) == Some(&b'?') {
        i += 1;
    }
    Some(i)
}

/// Where the group opened at `open` closes.
fn group_end(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => i = class_end(b, i)?,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the bracketed class opened at `open` closes (nested classes, `[:alpha:]`, a `]` first).
fn class_end(b: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    if b.get(i) == Some(&b'^') {
        i += 1;
    }
    if b.get(i) == Some(&b']') {
        i += 1;
    }
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' if b.get(i + 1) == Some(&b':') => {
                i += b[i..].windows(2).position(|w| w == b":]")? + 1;
            }
            b'[' => i = class_end(b, i)?,
            b']' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_literals_of_simple_patterns() {
        let cases: &[(&str, Option<&str>)] = &[
            (r"(?i)\bTASKSCHEDULER\s*\.", Some("TASKSCHEDULER")),
            (
                r#"(?i)\bTableNo\s*=\s*(472|"Job Queue Entry")\s*;"#,
                Some("TableNo"),
            ),
            ("ab?cde", Some("cde")),
            ("abcd*ef", Some("abc")),
            ("xab+cd", Some("xab")),
            ("ab{2}cdef", Some("cdef")),
            ("abc{2,}?xy", Some("ab")),
            (r"[abc\]]xyz\d", Some("xyz")),
            ("[]a]long", Some("long")),
            ("[[:alpha:]]longer", Some("longer")),
            (r"(?i:abc)de\.f", Some("de.f")),
            ("(a|b)cd(?-i)efgh", Some("efgh")),
            (r"Call\(", Some("Call(")),
            ("a b", Some("a b")),
            ("abc|def", None),
            ("(?x)abc", None),
            ("(?ix:a b)cde", None),
            (r"\x41BCD", None),
            (r"\pLabcd", None),
            (r"\<word", None),
            (r"\nabcd", None),
            ("ägypten", None),
            (r"\b\s*", None),
        ];
        for (pattern, literal) in cases {
            assert_eq!(
                required_literal(pattern).as_deref(),
                *literal,
                "pattern {pattern}"
            );
            // Every pattern here is one the regex crate takes.
            assert!(regex::bytes::Regex::new(pattern).is_ok(), "{pattern}");
        }
    }

    /// The literal is in every match of the pattern (and a match is found in the examples).
    #[test]
    fn matches_hold_their_literal() {
        let cases = [
            (
                r"(?i)\bTASKSCHEDULER\s*\.",
                "x := taskScheduler  .CREATETASK",
            ),
            ("xab+cd", "xabbbbcd"),
            ("ab?cde", "acde"),
            ("abc{2,}?xy", "abccxy"),
            (r"(?i:abc)de\.f", "ABCde.f"),
        ];
        for (pattern, text) in cases {
            let literal = required_literal(pattern).expect("a literal");
            let found = regex::Regex::new(pattern)
                .expect("pattern")
                .find(text)
                .expect("a match");
            let lower = found.as_str().to_ascii_lowercase();
            assert!(lower.contains(&literal.to_ascii_lowercase()), "{pattern}");
        }
    }

    /// Why the Unicode-mode patterns cannot run on undecoded bytes: the text has word
    /// characters and spaces where the bytes have none, and the bytes have LONG S and KELVIN
    /// SIGN where the text has box drawing.
    #[test]
    fn code_page_850_bytes_and_text_differ_for_the_patterns() {
        let high = crate::objects::CodePage::new(850).expect("850").high_half();
        let text = |byte: u8| high[usize::from(byte - 0x80)].as_str();
        assert_eq!((text(0x82), text(0xFF)), ("é", "\u{a0}"));
        let word = regex::Regex::new(r"^\w$").expect("regex");
        let space = regex::Regex::new(r"^\s$").expect("regex");
        assert!(word.is_match(text(0x82)) && space.is_match(text(0xFF)));
        let scheduler = regex::bytes::Regex::new(r"(?i)\bTASKSCHEDULER\s*\.").expect("regex");
        assert!(scheduler.is_match(b"TA\xC5\xBFKSCHEDULER."));
        assert_eq!(format!("{}{}", text(0xC5), text(0xBF)), "┼┐");
        let unicode_off = regex::bytes::Regex::new(r"(?i-u)\bTASKSCHEDULER\s*\.").expect("regex");
        assert!(unicode_off.is_match(b"\x82TASKSCHEDULER."));
        assert!(!scheduler.is_match(format!("{}TASKSCHEDULER.", text(0x82)).as_bytes()));
        assert!(!unicode_off.is_match(b"TASKSCHEDULER\xFF."));
        assert!(scheduler.is_match(format!("TASKSCHEDULER{}.", text(0xFF)).as_bytes()));
    }

    fn patterns(regexes: &[&str]) -> Vec<CodePattern> {
        regexes
            .iter()
            .map(|r| CodePattern {
                regex: regex::bytes::Regex::new(r).expect("regex"),
                class: "c".into(),
                label: "l".into(),
            })
            .collect()
    }

    /// The shipped patterns in every code page navplan reads: the filter applies, except where
    /// it must not.
    #[test]
    fn the_filter_is_decided_from_the_patterns_and_the_code_page() {
        let rules = crate::analysis::MergeRules::embedded().expect("rules");
        for number in [
            437, 850, 852, 865, 866, 874, 1250, 1251, 1252, 1253, 1254, 1257,
        ] {
            let page = crate::objects::CodePage::new(number).expect("code page");
            let high = HighHalf::of(&page);
            let filter = RawFilter::new(&rules.code_patterns, &high);
            assert_eq!(
                filter.map(|f| f.code_page),
                Some(number),
                "code page {number}"
            );
        }
        let cp850 = HighHalf::of(&crate::objects::CodePage::new(850).expect("850"));
        let shipped = RawFilter::new(&rules.code_patterns, &cp850).expect("filter");
        assert!(shipped.may_match(b"x\x82 tableno=1"));
        assert!(!shipped.may_match(b"Table\x82No TASK SCHEDULER"));
        // A pattern without a literal, or with too short a one, or an alternation: decode.
        for regexes in [&[r"\bTableNo\b", r"\d+"][..], &["(?i)ab"], &["abc|def"]] {
            assert!(
                RawFilter::new(&patterns(regexes), &cp850).is_none(),
                "{regexes:?}"
            );
        }
        // No pattern at all: nothing can match.
        let none = RawFilter::new(&[], &cp850).expect("filter");
        assert!(!none.may_match(b"TASKSCHEDULER."));
        // A code page whose upper half holds KELVIN SIGN, or LONG S, or ASCII: decode.
        for odd in ["\u{212a}", "\u{17f}", "a", ""] {
            let mut text = cp850.text().to_vec();
            text[0x10] = odd.to_string();
            let high = HighHalf::for_tests(850, text);
            let shipped = patterns(&[r"(?i)\bTASKSCHEDULER\s*\."]);
            assert!(RawFilter::new(&shipped, &high).is_none(), "{odd:?}");
        }
        // KELVIN SIGN stands for no letter of `TableNo`.
        let mut text = cp850.text().to_vec();
        text[0x10] = "\u{212a}".to_string();
        let high = HighHalf::for_tests(850, text);
        assert!(RawFilter::new(&patterns(&[r"(?i)TableNo"]), &high).is_some());
    }
}
