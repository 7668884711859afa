//! Object text for the analysis: reading export files, and cutting one object's text out of its
//! file by its header line (lines survive BOMs and UTF-16 transcoding; byte offsets would not).
//! Also [`ObjectSet`]: the objects of one folder (read by `objects::scan`) with their text, for
//! baselines and `compare`.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

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
fn line_starts(text: &(impl AsRef<[u8]> + ?Sized)) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', text.as_ref()).map(|i| i + 1));
    starts
}

/// What [`map_texts`] calls per object: the object and its text (as UTF-8 bytes).
pub trait TextSearch<'a, T>: Fn(&'a Object, &[u8]) -> Vec<T> + Sync {}
impl<'a, T, F: Fn(&'a Object, &[u8]) -> Vec<T> + Sync> TextSearch<'a, T> for F {}

/// Calls `search` with each object's text, the same text [`visit_texts`] gives, and returns
/// everything it found in file order. Made for searching a big database: files are mapped or
/// read one at a time and searched in parallel, object by object, and only an object holding
/// bytes that are not UTF-8 is decoded (into a buffer per worker), so no file's whole text is
/// ever held as a `String`.
pub fn map_texts<'a, T: Send>(
    objects: &[&'a Object],
    codepage: u16,
    search: impl TextSearch<'a, T>,
) -> Vec<T> {
    let high = CodePage::new(codepage).unwrap_or_default().high_half();
    let by_file: Vec<(&Path, Vec<&'a Object>)> = by_file(objects).into_iter().collect();
    let found: Vec<Vec<T>> = by_file
        .into_par_iter()
        .map(|(file, in_file)| {
            let Ok(bytes) = crate::objects::FileBytes::open(file) else {
                return Vec::new();
            };
            crate::objects::texts::search(&bytes, in_file, &high, &search)
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// Calls `visit` with each object's text: from its header line up to the next object's header in
/// the same file (or the end). Files are read once each; an unreadable file is skipped (the reader
/// has already reported it).
pub fn visit_texts<'a>(
    objects: &[&'a Object],
    codepage: u16,
    mut visit: impl FnMut(&'a Object, &str),
) {
    for (file, mut in_file) in by_file(objects) {
        let Ok(text) = read_text(file, codepage) else {
            continue;
        };
        let starts = line_starts(&text);
        in_file.sort_by_key(|o| o.line);
        let mut header_lines: Vec<u32> = in_file.iter().map(|o| o.line).collect();
        header_lines.dedup();
        for object in in_file {
            let begin = line_offset(&starts, object.line, text.len());
            let after = header_lines.partition_point(|&l| l <= object.line);
            let next = header_lines.get(after);
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

/// The objects grouped by the file they were read from, files in path order, so each file is
/// opened once.
fn by_file<'a>(objects: &[&'a Object]) -> BTreeMap<&'a Path, Vec<&'a Object>> {
    let mut grouped: BTreeMap<&'a Path, Vec<&'a Object>> = BTreeMap::new();
    for object in objects {
        grouped
            .entry(object.file.as_path())
            .or_default()
            .push(object);
    }
    grouped
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

    /// `map_texts` gives every object the same text as `visit_texts`, in UTF-8, CP850 (a file
    /// that is not UTF-8, with an object that is plain ASCII) and UTF-16 files.
    #[test]
    fn map_texts_and_visit_texts_agree() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cal = |name: &str, caption: &str| {
            format!("OBJECT Codeunit {name}\r\n{{\r\n  PROPERTIES\r\n  {{\r\n    CaptionML=DAN={caption};\r\n  }}\r\n}}\r\n\r\n")
        };
        let mut oem = cal("1 First", "Plain").into_bytes();
        oem.extend(
            cal("2 Second", "Opgavek\u{1}post")
                .replace('\u{1}', "\u{9b}")
                .into_bytes(),
        );
        // The `\u{9b}` above is two UTF-8 bytes; make it the one CP850 byte 0x9B.
        let oem: Vec<u8> = String::from_utf8(oem)
            .expect("utf8")
            .chars()
            .map(|c| if c == '\u{9b}' { 0x9B } else { c as u8 })
            .chain([0x1A])
            .collect();
        std::fs::write(dir.path().join("oem.txt"), &oem).expect("write");
        std::fs::write(dir.path().join("utf8.txt"), cal("3 Third", "Opgavekøpost")).expect("write");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                cal("4 Fourth", "Ünïcode")
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes()),
            )
            .collect();
        std::fs::write(dir.path().join("utf16.txt"), utf16).expect("write");
        let set = ObjectSet::load(dir.path(), 850).expect("load");
        let objects = set.inventory();
        assert_eq!(objects.len(), 4);
        let refs: Vec<&Object> = objects.iter().collect();
        let mut visited = Vec::new();
        visit_texts(&refs, 850, |o, text| visited.push((o.id, text.to_string())));
        let mapped = map_texts(&refs, 850, |o, text| {
            vec![(o.id, String::from_utf8(text.to_vec()).expect("utf8"))]
        });
        visited.sort();
        let mut mapped = mapped;
        mapped.sort();
        assert_eq!(mapped, visited);
        assert!(mapped[1].1.contains("Opgavek\u{f8}post"), "{:?}", mapped[1]);
        assert!(mapped[3].1.contains("Ünïcode"));
    }
}
