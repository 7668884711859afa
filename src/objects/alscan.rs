//! A scanner over AL source bytes that knows strings (`'...'`, `''` inside), quoted names
//! (`"..."`), `//` and `/* */` comments, and matching brackets. Shared by the reader of AL
//! `dotnet` packages ([`super::al`]) and the structural model that `compare` uses
//! (`analysis::structure::al`). The object reader's own lexer (`al::body`) stays apart: it is
//! the hot path of a scan and skips with a byte table.

/// Identifier bytes, as the readers define them (ASCII letters, digits, `_`).
pub(crate) use super::scanbytes::is_ident;

/// Byte-level scanning that steps over strings, quoted names and comments. The indices it
/// returns lie on ASCII bytes, except where an unclosed bracket or string runs to the end of a
/// range: a caller slicing text must move that end to a character boundary.
#[derive(Clone, Copy)]
pub(crate) struct Scanner<'t> {
    pub(crate) b: &'t [u8],
}

impl<'t> Scanner<'t> {
    /// The index after a string, quoted name or comment starting at `i`, or `None` when none
    /// starts there.
    pub(crate) fn skip_literal(&self, i: usize, to: usize) -> Option<usize> {
        let b = self.b;
        match (b[i], b.get(i + 1)) {
            (b'\'', _) => {
                let mut j = i + 1;
                while j < to {
                    match b[j] {
                        b'\'' if b.get(j + 1) == Some(&b'\'') => j += 2,
                        b'\'' | b'\n' => return Some(j + 1),
                        _ => j += 1,
                    }
                }
                Some(to)
            }
            (b'"', _) => Some(
                b[i + 1..to]
                    .iter()
                    .position(|&c| c == b'"' || c == b'\n')
                    .map_or(to, |p| i + 1 + p + 1),
            ),
            (b'/', Some(b'/')) => Some(
                b[i..to]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(to, |p| i + p + 1),
            ),
            (b'/', Some(b'*')) => Some(
                b.get(i + 2..to)
                    .and_then(|rest| memchr::memmem::find(rest, b"*/"))
                    .map_or(to, |p| i + 2 + p + 2),
            ),
            _ => None,
        }
    }

    /// The start of the next identifier in `i..to`, past strings, quoted names and comments.
    pub(crate) fn next_word(&self, mut i: usize, to: usize) -> Option<usize> {
        while i < to {
            if let Some(next) = self.skip_literal(i, to) {
                i = next;
                continue;
            }
            if is_ident(self.b[i]) && (i == 0 || !is_ident(self.b[i - 1])) {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    /// Blanks and comments from `i`.
    pub(crate) fn skip_trivia(&self, mut i: usize, to: usize) -> usize {
        while i < to {
            if self.b[i].is_ascii_whitespace() {
                i += 1;
            } else if self.b[i] == b'/' && matches!(self.b.get(i + 1), Some(b'/' | b'*')) {
                i = self.skip_literal(i, to).unwrap_or(to);
            } else {
                break;
            }
        }
        i.min(to)
    }

    /// The next byte that is not blank or a comment.
    pub(crate) fn next_token(&self, i: usize, to: usize) -> Option<usize> {
        let i = self.skip_trivia(i, to);
        (i < to).then_some(i)
    }

    pub(crate) fn find_byte(&self, mut i: usize, to: usize, wanted: u8) -> Option<usize> {
        while i < to {
            if self.b[i] == wanted {
                return Some(i);
            }
            i = self.skip_literal(i, to).unwrap_or(i + 1);
        }
        None
    }

    /// The identifier at `i` and the index after it.
    pub(crate) fn word(&self, i: usize) -> (&'t str, usize) {
        let end = i + self.b[i..].iter().take_while(|&&c| is_ident(c)).count();
        (
            std::str::from_utf8(&self.b[i..end]).unwrap_or_default(),
            end,
        )
    }

    /// A name, quoted or not, without its quotes, and the index after it.
    pub(crate) fn name(&self, i: usize) -> (&'t str, usize) {
        if self.b[i] == b'"' {
            let end = self.skip_literal(i, self.b.len()).unwrap_or(self.b.len());
            let inner = &self.b[i + 1..end.saturating_sub(1).max(i + 1)];
            (std::str::from_utf8(inner).unwrap_or_default(), end)
        } else {
            self.word(i)
        }
    }

    /// The index after the closer matching the opener at `open` (`{`, `(` or `[`).
    pub(crate) fn matching(&self, open: usize, to: usize, opener: u8, closer: u8) -> usize {
        let mut depth = 0u32;
        let mut i = open;
        while i < to {
            if let Some(next) = self.skip_literal(i, to) {
                i = next;
                continue;
            }
            let c = self.b[i];
            if c == opener {
                depth += 1;
            } else if c == closer {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            i += 1;
        }
        to
    }

    pub(crate) fn block_end(&self, open: usize, to: usize) -> usize {
        self.matching(open, to, b'{', b'}')
    }

    pub(crate) fn paren_end(&self, open: usize, to: usize) -> usize {
        self.matching(open, to, b'(', b')')
    }

    pub(crate) fn bracket_end(&self, open: usize, to: usize) -> usize {
        self.matching(open, to, b'[', b']')
    }

    /// The index after the `;` that ends the statement from `i` (outside brackets and strings),
    /// or the `}` that closes the block around it.
    pub(crate) fn statement_end(&self, mut i: usize, to: usize) -> usize {
        let mut depth = 0i32;
        while i < to {
            if let Some(next) = self.skip_literal(i, to) {
                i = next;
                continue;
            }
            match self.b[i] {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth -= 1,
                b';' if depth <= 0 => return i + 1,
                b'}' if depth <= 0 => return i,
                _ => {}
            }
            i += 1;
        }
        to
    }
}
