//! Code patterns (`[[code_pattern]]` in merge-rules.toml) searched in each object's text.
//!
//! `navplan scan` searches while the reader holds each file's bytes ([`CodeSearch`], handed to
//! `objects::scan_visiting`), so a 1 GB export is not read twice; the merge set then takes those
//! hits ([`CodeHits`]) and reads again only files where the texts could differ (see
//! [`CodeHits::in_file`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::MergeRules;
use crate::objects::{Object, ObjectKind};

/// One pattern found in one object: the first match, with its 1-based line in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into `MergeRules::code_patterns`.
    pub pattern: usize,
    pub line: usize,
}

/// The first match of each pattern in an object's text.
pub fn hits_in(rules: &MergeRules, object: &Object, text: &[u8]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (pattern, rule) in rules.code_patterns.iter().enumerate() {
        if let Some(m) = rule.regex.find(text) {
            let line =
                object.line as usize + memchr::memchr_iter(b'\n', &text[..m.start()]).count();
            hits.push(Hit { pattern, line });
        }
    }
    hits
}

/// Collects hits from the scan's workers.
pub struct CodeSearch<'r> {
    rules: &'r MergeRules,
    seen: Mutex<Vec<Seen>>,
}

/// An object the scan visited, with what it holds.
struct Seen {
    file: PathBuf,
    kind: ObjectKind,
    id: u32,
    line: u32,
    hits: Vec<Hit>,
}

impl<'r> CodeSearch<'r> {
    pub fn new(rules: &'r MergeRules) -> Self {
        CodeSearch {
            rules,
            seen: Mutex::new(Vec::new()),
        }
    }

    /// Called by the scan with each object's text (from several threads).
    pub fn visit(&self, object: &Object, text: &[u8]) {
        let hits = hits_in(self.rules, object, text);
        let seen = Seen {
            file: object.file.clone(),
            kind: object.kind,
            id: object.id,
            line: object.line,
            hits,
        };
        // A poisoned lock only means another worker panicked: keep what it holds.
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(seen);
    }

    pub fn finish(self) -> CodeHits {
        let seen = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut files: HashMap<PathBuf, FileHits> = HashMap::new();
        for s in seen {
            let file = files.entry(s.file).or_default();
            file.lines.push(s.line);
            file.hits.insert((s.kind, s.id, s.line), s.hits);
        }
        for file in files.values_mut() {
            file.lines.sort_unstable();
            file.lines.dedup();
        }
        CodeHits { files }
    }
}

/// What the scan found, by file.
#[derive(Debug, Default)]
pub struct CodeHits {
    files: HashMap<PathBuf, FileHits>,
}

#[derive(Debug, Default)]
struct FileHits {
    /// Header lines of every object the scan read in the file, sorted.
    lines: Vec<u32>,
    hits: HashMap<(ObjectKind, u32, u32), Vec<Hit>>,
}

impl CodeHits {
    /// The hits of each of `objects` (all from `file`), when the scan saw exactly these objects
    /// there: an object's text runs up to the next object's header, so when the analysis keeps
    /// fewer objects of a file than the scan read (a duplicate dropped), the texts differ and
    /// the file must be searched again (`None`).
    pub fn in_file<'a>(
        &self,
        file: &Path,
        objects: &[&'a Object],
    ) -> Option<Vec<(&'a Object, Hit)>> {
        let found = self.files.get(file)?;
        let mut lines: Vec<u32> = objects.iter().map(|o| o.line).collect();
        lines.sort_unstable();
        lines.dedup();
        if lines != found.lines {
            return None;
        }
        let mut hits = Vec::new();
        for object in objects {
            let of_object = found.hits.get(&(object.kind, object.id, object.line))?;
            hits.extend(of_object.iter().map(|&hit| (*object, hit)));
        }
        Some(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::merge_set;
    use crate::objects::{scan_visiting, NoProgress, ScanOptions};

    fn codeunit(id: u32, code: &str) -> String {
        format!(
            "OBJECT Codeunit {id} Unit{id}\r\n{{\r\n  OBJECT-PROPERTIES\r\n  {{\r\n    Version List=NAVW111.00;\r\n  }}\r\n  PROPERTIES\r\n  {{\r\n  }}\r\n  CODE\r\n  {{\r\n    BEGIN\r\n      {code}\r\n    END.\r\n  }}\r\n}}\r\n\r\n"
        )
    }

    /// The scan's hits give the merge set the same reasons as reading the files again, also for a
    /// file whose duplicate object the analysis drops (that file is read again).
    #[test]
    fn hits_from_the_scan_match_hits_from_reading_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plain = codeunit(50000, "TASKSCHEDULER.CREATETASK(1,1);") + &codeunit(50001, "x := 1;");
        std::fs::write(dir.path().join("a.txt"), plain).expect("write");
        // Codeunit 50002 twice: the second copy (with the call) belongs to the first's text
        // once the analysis drops it.
        let twice = codeunit(50002, "x := 1;") + &codeunit(50002, "TASKSCHEDULER.CREATETASK(1,1);");
        std::fs::write(dir.path().join("b.txt"), twice).expect("write");
        let rules = MergeRules::embedded().expect("rules");
        let search = CodeSearch::new(&rules);
        let visit = |object: &Object, text: &[u8]| search.visit(object, text);
        let inventory = scan_visiting(
            &[dir.path().to_path_buf()],
            &ScanOptions::default(),
            &NoProgress,
            Some(&visit),
        );
        let found = search.finish();
        let objects = merge_set::unique_sorted(&inventory.objects);
        assert_eq!(objects.len(), 3);
        let in_a: Vec<&Object> = objects.iter().copied().filter(|o| o.id < 50002).collect();
        let hits = found
            .in_file(&in_a[0].file, &in_a)
            .expect("a.txt as scanned");
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].0.id, hits[0].1.line), (50000, 13));
        let in_b: Vec<&Object> = objects.iter().copied().filter(|o| o.id == 50002).collect();
        assert!(found.in_file(&in_b[0].file, &in_b).is_none());
        let build = |found| merge_set::build(&objects, &rules, None, &[], &[], 850, found);
        let with_scan = build(Some(&found));
        assert_eq!(with_scan, build(None));
        let ids: Vec<u32> = with_scan.iter().map(|e| e.object.id).collect();
        assert_eq!(ids, [50000, 50002]);
    }
}
