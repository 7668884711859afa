//! Which side of a C/AL delta (`Compare-NAVApplicationObject` output) references come from.
//!
//! A delta's CHANGES section holds both sides of each change: `OriginalCode=BEGIN ... END;`
//! beside `ModifiedCode=BEGIN ... END;`, `OriginalValue=` beside `ModifiedValue=`, and whole
//! `{ Deletion ;... ChangedElements=VariableCollection { ... } }` entries that list what the
//! partner removed (real deltas remove DotNet variables this way). The lexer reads all of it
//! alike; after the merge the object holds only the modified side, so that is what it depends
//! on. This pass drops what was found on the original side. It runs on deltas only, after the
//! object has been read, and looks at lines: C/SIDE writes every CHANGES entry at indent 4 as
//! `{ <Kind> ;`, and each key of an entry at the start of its own line (or after the `;` of the
//! entry's first line).

use super::refs::{self, Found};
use super::scanbytes::*;

/// The kinds of CHANGES entries C/SIDE writes.
const ENTRY_KINDS: [&[u8]; 7] = [
    b"Insertion",
    b"Deletion",
    b"Modification",
    b"CodeModification",
    b"PropertyModification",
    b"PropertyInsertion",
    b"PropertyDeletion",
];

/// Keys that start the original side of a change.
const ORIGINAL_KEYS: [&[u8]; 2] = [b"OriginalCode", b"OriginalValue"];

/// Keys that end it: the modified side, or the entry's other keys.
const OTHER_KEYS: [&[u8]; 6] = [
    b"ModifiedCode",
    b"ModifiedValue",
    b"Target",
    b"Property",
    b"InsertAfter",
    b"ChangedElements",
];

/// Drops the references and DotNet declarations of `found` that lie on the original side of
/// the delta object in `buf[start..end]`.
///
/// A `PropertyModification` names its property apart from the value (`Property=Permissions;`
/// then `ModifiedValue=TableData "G/L Entry"=r,...`), so the lexer, which reads a property by
/// the name before its `=`, finds nothing in `ModifiedValue`; it is read here under the name
/// `Property=` gives.
pub fn keep_modified_side<'a>(buf: &'a [u8], start: usize, end: usize, found: &mut Found<'a>) {
    let Changes { original, modified } = changes(buf, start, end);
    if !original.is_empty() {
        let on_original = |pos: usize| original.iter().any(|r| r.contains(&pos));
        found.refs.retain(|r| !on_original(r.pos));
        found.dotnet.retain(|d| !on_original(d.pos));
    }
    for (name, key, value) in modified {
        refs::property_value(buf, name, key, value, found);
    }
}

/// What the CHANGES section of a delta says, in byte positions.
struct Changes<'a> {
    /// The original side: whole Deletion entries, and each `OriginalCode=` or `OriginalValue=`
    /// up to the next key of its entry (or the entry's end).
    original: Vec<std::ops::Range<usize>>,
    /// Each `ModifiedValue=` with the name `Property=` gave it: (name, key, value).
    modified: Vec<(&'a [u8], usize, usize)>,
}

fn changes(buf: &[u8], start: usize, end: usize) -> Changes<'_> {
    let mut ranges = Vec::new();
    let mut modified = Vec::new();
    let mut property: Option<&[u8]> = None;
    let mut in_changes = false;
    let mut open: Option<usize> = None;
    let mut in_deletion = false;
    let mut i = start;
    while i < end {
        let le = line_end(buf, i).min(end);
        let line = &buf[i..le];
        let indent = line
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let text = trim(line);
        let next = (le + 1).min(end);
        if text.is_empty() {
            i = next;
            continue;
        }
        if !in_changes {
            in_changes = indent == 2 && eq_ci(text, b"CHANGES");
            i = next;
            continue;
        }
        // The section's own braces sit at indent 2; its closing one ends it.
        if indent <= 2 {
            if text == b"}" {
                break;
            }
            i = next;
            continue;
        }
        if let Some(after) = entry_start(text).filter(|_| indent == 4) {
            if let Some(from) = open.take() {
                ranges.push(from..i);
            }
            in_deletion = eq_ci(after.0, b"Deletion");
            property = None;
            if in_deletion || starts_with_key(after.1, &ORIGINAL_KEYS) {
                open = Some(i);
            } else {
                property = property_name(after.1).or(property);
            }
        } else if !in_deletion {
            if open.is_none() && starts_with_key(text, &ORIGINAL_KEYS) {
                open = Some(i);
            } else if starts_with_key(text, &OTHER_KEYS) {
                if let Some(from) = open.take() {
                    ranges.push(from..i);
                }
                property = property_name(text).or(property);
                match property {
                    Some(name) if starts_with_key(text, &[b"ModifiedValue"]) => {
                        let key = offset_in(buf, text);
                        modified.push((name, key, key + b"ModifiedValue=".len()));
                    }
                    _ => {}
                }
            }
        }
        i = next;
    }
    if let Some(from) = open {
        ranges.push(from..i);
    }
    Changes {
        original: ranges,
        modified,
    }
}

/// The name in `Property=<name>;` at the start of `text`.
fn property_name(text: &[u8]) -> Option<&[u8]> {
    if !starts_with_key(text, &[b"Property"]) {
        return None;
    }
    let value = &text[b"Property=".len()..];
    let semi = memchr::memchr(b';', value).unwrap_or(value.len());
    Some(trim(&value[..semi]))
}

/// Where `part`, a slice of `buf`, starts in it.
fn offset_in(buf: &[u8], part: &[u8]) -> usize {
    part.as_ptr() as usize - buf.as_ptr() as usize
}

/// `{ <Kind>   ;rest`: the entry's kind and the text after its `;`.
fn entry_start(text: &[u8]) -> Option<(&[u8], &[u8])> {
    let rest = text.strip_prefix(b"{")?;
    let (word, after) = ident_at(rest, skip_blanks(rest, 0));
    if !ENTRY_KINDS.iter().any(|k| eq_ci(word, k)) {
        return None;
    }
    let semi = skip_blanks(rest, after);
    (rest.get(semi) == Some(&b';')).then(|| (word, &rest[semi + 1..]))
}

/// Whether `text` starts with one of `keys` followed by `=`.
fn starts_with_key(text: &[u8], keys: &[&[u8]]) -> bool {
    let (word, after) = ident_at(text, 0);
    text.get(after) == Some(&b'=') && keys.iter().any(|k| eq_ci(word, k))
}
