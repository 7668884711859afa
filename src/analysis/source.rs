//! Object text for the analysis: reading export files, and cutting one object's text out of its
//! file by its header line (lines survive BOMs and UTF-16 transcoding; byte offsets would not).
//! Also [`ObjectSet`]: the objects of one folder (read by `objects::scan`) with their text, for
//! baselines and `compare`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::objects::{CodePage, NoProgress, Object, ObjectKind, ScanOptions, Severity};
use crate::{Error, Result};

/// Read a file and decode it: BOM first (UTF-8, UTF-16LE/BE), then UTF-8 when valid, else the
/// OEM code page (850 unless told). A Ctrl-Z at the end is dropped.
pub fn read_text(path: &Path, codepage: u16) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(decode(&bytes, codepage))
}

pub fn decode(bytes: &[u8], codepage: u16) -> String {
    let (prepared, _bom) = crate::objects::decode::prepare(bytes);
    let mut text = CodePage::new(codepage)
        .unwrap_or_default()
        .decode(&prepared);
    while text.ends_with('\u{1a}') {
        text.pop();
    }
    text
}

/// Byte offsets where each line starts (line n, 1-based, starts at `starts[n - 1]`).
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    starts
}

/// Calls `visit` with each object's text: from its header line up to the next object's header in
/// the same file (or the end). Files are read once each; an unreadable file is skipped (the reader
/// has already reported it).
pub fn visit_texts<'a>(
    objects: &[&'a Object],
    codepage: u16,
    mut visit: impl FnMut(&'a Object, &str),
) {
    let mut by_file: BTreeMap<&Path, Vec<&'a Object>> = BTreeMap::new();
    for object in objects {
        by_file
            .entry(object.file.as_path())
            .or_default()
            .push(object);
    }
    for (file, mut in_file) in by_file {
        let Ok(text) = read_text(file, codepage) else {
            continue;
        };
        let starts = line_starts(&text);
        in_file.sort_by_key(|o| o.line);
        let mut header_lines: Vec<u32> = in_file.iter().map(|o| o.line).collect();
        header_lines.dedup();
        for object in in_file {
            let begin = line_offset(&starts, object.line, text.len());
            let next = header_lines.iter().find(|&&l| l > object.line);
            let end = next.map_or(text.len(), |&l| line_offset(&starts, l, text.len()));
            visit(object, &text[begin..end.max(begin)]);
        }
    }
}

fn line_offset(starts: &[usize], line: u32, len: usize) -> usize {
    let index = (line.max(1) - 1) as usize;
    starts.get(index).copied().unwrap_or(len)
}

/// One object of an [`ObjectSet`] with its text.
#[derive(Debug, Clone)]
pub struct ObjectText {
    pub object: Object,
    pub text: String,
}

/// The objects of some files or folders, keyed by type and id (the first one wins when an object
/// is exported twice; the others are reported).
#[derive(Debug, Clone, Default)]
pub struct ObjectSet {
    pub objects: BTreeMap<(ObjectKind, u32), ObjectText>,
    /// What the reader could not take, and objects found twice: `error: file:line: ...` or
    /// `warning: file:line: ...`.
    pub problems: Vec<String>,
    /// Whether some input was skipped (an error, not a warning): the comparison is incomplete.
    pub skipped_input: bool,
}

impl ObjectSet {
    /// Read every object under `root` (a folder or one file) with the inventory reader, and
    /// each object's text.
    pub fn load(root: &Path, codepage: u16) -> Result<ObjectSet> {
        if !root.exists() {
            return Err(Error::Input(format!(
                "{}: no such file or folder",
                root.display()
            )));
        }
        let page = CodePage::new(codepage)
            .ok_or_else(|| Error::Usage(format!("--codepage {codepage} is not supported")))?;
        let options = ScanOptions { codepage: page };
        let inventory = crate::objects::scan(&[root.to_path_buf()], &options, &NoProgress);
        let mut set = ObjectSet::default();
        for d in &inventory.diagnostics {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => continue,
            };
            set.skipped_input |= d.severity == Severity::Error;
            let place = format!("{}:{}", d.file.display(), d.line);
            set.problems
                .push(format!("{severity}: {place}: {}", d.message));
        }
        let refs: Vec<&Object> = inventory.objects.iter().collect();
        let mut texts: BTreeMap<(ObjectKind, u32), Vec<ObjectText>> = BTreeMap::new();
        visit_texts(&refs, codepage, |object, text| {
            texts
                .entry((object.kind, object.id))
                .or_default()
                .push(ObjectText {
                    object: object.clone(),
                    text: text.to_string(),
                });
        });
        for (key, mut found) in texts {
            found.sort_by(|a, b| {
                (&a.object.file, a.object.line).cmp(&(&b.object.file, b.object.line))
            });
            let mut found = found.into_iter();
            let Some(first) = found.next() else {
                continue;
            };
            for other in found {
                set.problems.push(format!(
                    "warning: {}:{}: {:?} {} is also in {}:{}; the first one is used",
                    other.object.file.display(),
                    other.object.line,
                    key.0,
                    key.1,
                    first.object.file.display(),
                    first.object.line
                ));
            }
            set.objects.insert(key, first);
        }
        Ok(set)
    }
    /// The objects, for the analysis.
    pub fn inventory(&self) -> Vec<Object> {
        self.objects.values().map(|o| o.object.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_oem_bytes_decode() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("OBJECT".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16, 850), "OBJECT");
        // 0x9B is "ø" in code page 850 (as in a Danish caption).
        assert_eq!(decode(b"Opgavek\x9Bpost\x1a", 850), "Opgavek\u{f8}post");
    }
}
