//! Object text for the analysis: reading export files, and cutting one object's text out of its
//! file by its header line (lines survive BOMs and UTF-16 transcoding; byte offsets would not).
//! Also [`ObjectSet`]: the objects of one folder with their text, for baselines and `compare`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;

use crate::objects::{DotNetDecl, Object, ObjectKind, SourceFormat};
use crate::{Error, Result};

/// Read a file and decode it: BOM first (UTF-8, UTF-16LE/BE), then UTF-8 when valid, else the
/// OEM code page (850 unless told). A Ctrl-Z at the end is dropped.
pub fn read_text(path: &Path, codepage: u16) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(decode(&bytes, codepage))
}

pub fn decode(bytes: &[u8], codepage: u16) -> String {
    let mut text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if bytes.starts_with(b"\xFF\xFE") {
        encoding_rs::UTF_16LE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned()
    } else if bytes.starts_with(b"\xFE\xFF") {
        encoding_rs::UTF_16BE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => match oem_cp::code_table::DECODING_TABLE_CP_MAP.get(&codepage) {
                Some(table) => table.decode_string_lossy(bytes),
                None => String::from_utf8_lossy(bytes).into_owned(),
            },
        }
    };
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
    /// Files that could not be read and objects found twice, with file and line.
    pub problems: Vec<String>,
}

impl ObjectSet {
    /// Read every file under `root` (a folder, walked without following links, or one file).
    pub fn load(root: &Path, codepage: u16) -> Result<ObjectSet> {
        if !root.exists() {
            return Err(Error::Input(format!(
                "{}: no such file or folder",
                root.display()
            )));
        }
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
            .follow_links(false)
            .into_iter()
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| entry.into_path())
            .collect();
        files.sort();
        let mut set = ObjectSet::default();
        for file in files {
            let text = match read_text(&file, codepage) {
                Ok(text) => text,
                Err(e) => {
                    set.problems.push(e.to_string());
                    continue;
                }
            };
            for object in split_objects(&file, &text) {
                let key = (object.object.kind, object.object.id);
                if let Some(first) = set.objects.get(&key) {
                    set.problems.push(format!(
                        "{}:{}: {:?} {} is also in {}:{}; the first one is used",
                        file.display(),
                        object.object.line,
                        key.0,
                        key.1,
                        first.object.file.display(),
                        first.object.line
                    ));
                    continue;
                }
                set.objects.insert(key, object);
            }
        }
        Ok(set)
    }

    /// The objects, for the analysis.
    pub fn inventory(&self) -> Vec<Object> {
        self.objects.values().map(|o| o.object.clone()).collect()
    }
}

fn header_regexes() -> &'static (Regex, Regex) {
    static RE: OnceLock<(Regex, Regex)> = OnceLock::new();
    RE.get_or_init(|| {
        let cal = Regex::new(r"^OBJECT[ \t]+([A-Za-z]+)[ \t]+([0-9]+)[ \t]*(.*?)[ \t]*$").expect("static regex");
        let al = Regex::new(
            r#"^(?i)(tableextension|pageextension|reportextension|enumextension|table|page|codeunit|report|xmlport|query|enum)[ \t]+([0-9]+)[ \t]+("([^"]*)"|[^ \t{]+)"#,
        )
        .expect("static regex");
        (cal, al)
    })
}

/// Cut a file into objects at C/AL `OBJECT <Type> <id> <Name>` headers and AL object headers at
/// column 0, reading the OBJECT-PROPERTIES the analysis needs (Version List, Modified).
pub fn split_objects(file: &Path, text: &str) -> Vec<ObjectText> {
    let (cal, al) = header_regexes();
    let starts = line_starts(text);
    let mut headers = Vec::new();
    for (index, &start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(text.len());
        let line = text[start..end].trim_end_matches(['\r', '\n']);
        // Headers start at column 0 with a letter; body lines are indented or braces.
        if !line.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let found = if let Some(c) = cal.captures(line) {
            crate::analysis::rules::parse_kind(&c[1])
                .zip(c[2].parse().ok())
                .map(|(kind, id)| (kind, id, c[3].to_string(), SourceFormat::Cal))
        } else if let Some(c) = al.captures(line) {
            let name = c.get(4).or(c.get(3)).map_or("", |m| m.as_str()).to_string();
            crate::analysis::rules::parse_kind(&c[1])
                .zip(c[2].parse().ok())
                .map(|(kind, id)| (kind, id, name, SourceFormat::Al))
        } else {
            None
        };
        if let Some(header) = found {
            headers.push((index, start, header));
        }
    }
    let mut objects = Vec::new();
    for (n, (index, start, (kind, id, name, format))) in headers.iter().enumerate() {
        let end = headers.get(n + 1).map_or(text.len(), |h| h.1);
        let body = &text[*start..end];
        let (version_list, modified) = object_properties(body);
        let dotnet = dotnet_declarations(body, *index as u32 + 1);
        objects.push(ObjectText {
            object: Object {
                kind: *kind,
                id: *id,
                name: name.clone(),
                format: *format,
                version_list,
                modified,
                date: None,
                time: None,
                file: file.to_path_buf(),
                line: *index as u32 + 1,
                extends: None,
                references: Vec::new(),
                dotnet,
                span: *start..end,
            },
            text: body.to_string(),
        });
    }
    objects
}

/// Version List tags and the Modified flag from a C/AL object's OBJECT-PROPERTIES (AL: the
/// `// version` comment that txt2al keeps).
fn object_properties(body: &str) -> (Vec<String>, bool) {
    let mut tags = Vec::new();
    let mut modified = false;
    for line in body.lines().take(40) {
        let line = line.trim();
        if let Some(list) = line.strip_prefix("Version List=") {
            tags = split_tags(list.trim_end_matches(';'));
        } else if let Some(list) = line.strip_prefix("// version ") {
            tags = split_tags(list);
        } else if line.eq_ignore_ascii_case("Modified=Yes;")
            || line.eq_ignore_ascii_case("Modified=true;")
        {
            modified = true;
        } else if line == "PROPERTIES" {
            break;
        }
    }
    (tags, modified)
}

/// DotNet declarations with a quoted assembly (`DotNet "'Asm, Version=...'.Type"`), enough for
/// the pins when no full reader has looked at the file.
fn dotnet_declarations(body: &str, first_line: u32) -> Vec<DotNetDecl> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"(?i)\bDotNet\s+"('([^',]+)(,[^']*)?'\.([^"]+))""#).expect("static regex")
    });
    re.captures_iter(body)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let version = c.get(3).and_then(|rest| {
                rest.as_str().split(',').find_map(|part| {
                    part.trim()
                        .strip_prefix("Version=")
                        .map(|v| v.trim().to_string())
                })
            });
            Some(DotNetDecl {
                assembly: c[2].trim().to_string(),
                version,
                type_name: c[4].to_string(),
                text: c[1].to_string(),
                automation: false,
                line: first_line
                    + memchr::memchr_iter(b'\n', &body.as_bytes()[..whole.start()]).count() as u32,
            })
        })
        .collect()
}

fn split_tags(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_combined_file_is_cut_at_each_header_with_tags_and_flag() {
        let text = "OBJECT Table 5330 CRM Connection Setup\r\n{\r\n  OBJECT-PROPERTIES\r\n  {\r\n    Date=21-12-17;\r\n    Modified=Yes;\r\n    Version List=NAVW111.00.00.19846,PTR1.0;\r\n  }\r\n}\r\n\r\nOBJECT Codeunit 50100 Sync  Helper\r\n{\r\n}\r\n";
        let objects = split_objects(Path::new("x.txt"), text);
        assert_eq!(objects.len(), 2);
        assert_eq!(
            objects[0].object.version_list,
            ["NAVW111.00.00.19846", "PTR1.0"]
        );
        assert!(objects[0].object.modified);
        assert_eq!(objects[1].object.name, "Sync  Helper");
        assert_eq!(objects[1].object.line, 11);
        assert!(objects[1].text.starts_with("OBJECT Codeunit 50100"));
        assert!(!objects[1].object.modified);
    }

    #[test]
    fn pinned_dotnet_declarations_are_found_with_their_lines() {
        let text = "OBJECT Codeunit 50020 PTR Account Sync\n{\n  CODE\n  {\n    VAR\n      E@1 : DotNet \"'Microsoft.Xrm.Sdk, Version=8.0.0.0, Culture=neutral'.Microsoft.Xrm.Sdk.Entity\";\n      S@2 : DotNet \"'mscorlib'.System.String\";\n";
        let objects = split_objects(Path::new("x.txt"), text);
        let dotnet = &objects[0].object.dotnet;
        assert_eq!(dotnet.len(), 2);
        assert_eq!(
            (
                dotnet[0].assembly.as_str(),
                dotnet[0].version.as_deref(),
                dotnet[0].line
            ),
            ("Microsoft.Xrm.Sdk", Some("8.0.0.0"), 6)
        );
        assert_eq!(dotnet[0].type_name, "Microsoft.Xrm.Sdk.Entity");
        assert_eq!(dotnet[1].version, None);
    }

    #[test]
    fn al_headers_are_found_with_quoted_names() {
        let text =
            "pageextension 50120 \"PTR Job Queue Entries\" extends \"Job Queue Entries\"\n{\n}\n";
        let objects = split_objects(Path::new("x.al"), text);
        assert_eq!(objects.len(), 1);
        assert_eq!(objects[0].object.kind, ObjectKind::PageExtension);
        assert_eq!(objects[0].object.name, "PTR Job Queue Entries");
    }

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
