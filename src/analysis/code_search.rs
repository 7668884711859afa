//! Code patterns (`[[code_pattern]]` in merge-rules.toml) searched in each object's text.
//!
//! `navplan scan` searches while the reader holds each file's bytes ([`CodeSearch`], handed to
//! `objects::scan_visiting`), so a 1 GB export is not read twice; the merge set then takes those
//! hits ([`CodeHits`]) and reads again only files where the texts could differ (see
//! [`CodeHits::in_file`]).

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod literals;
mod raw_filter;

use raw_filter::RawFilter;

use super::rules::CodePattern;
use super::MergeRules;
use crate::objects::texts::{HighHalf, ObjectText};
use crate::objects::{CodePage, Object, ObjectKind};

/// One pattern found in one object: the first match, with its 1-based line in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into `MergeRules::code_patterns`.
    pub pattern: usize,
    pub line: usize,
}

/// The first match of each pattern in an object's text.
pub fn hits_in(rules: &MergeRules, object: &Object, text: &[u8]) -> Vec<Hit> {
    hits_of_patterns(rules, object, text, u64::MAX)
}

/// [`hits_in`] for the patterns whose bit is set in `candidates` (patterns from the 65th on are
/// always searched).
fn hits_of_patterns(rules: &MergeRules, object: &Object, text: &[u8], candidates: u64) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (pattern, rule) in rules.code_patterns.iter().enumerate() {
        if pattern < 64 && candidates & (1 << pattern) == 0 {
            continue;
        }
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
    /// How to tell, from an object's undecoded bytes, that no pattern can match its text; `None`
    /// when that cannot be told (every such text is decoded and searched).
    raw: Option<RawFilter>,
    /// What the scan found, by file: the path is cloned once per file, not per object, and
    /// hashed as bytes (hashing a `Path` walks its components), with foldhash (once per object).
    seen: Mutex<HashMap<OsString, FileHits, foldhash::fast::FixedState>>,
}

impl<'r> CodeSearch<'r> {
    /// A search that decodes every text holding bytes from 0x80 up before searching it.
    pub fn new(rules: &'r MergeRules) -> Self {
        CodeSearch {
            rules,
            raw: None,
            seen: Mutex::new(HashMap::default()),
        }
    }

    /// A search of texts whose undecoded bytes are in `code_page`: an object whose bytes hold
    /// none of the patterns' required literals is not decoded at all (see [`RawFilter`]), when
    /// that is sound for these patterns in this code page; otherwise as [`CodeSearch::new`].
    pub fn for_code_page(rules: &'r MergeRules, code_page: &CodePage) -> Self {
        CodeSearch {
            raw: RawFilter::new(&rules.code_patterns, &HighHalf::of(code_page)),
            ..CodeSearch::new(rules)
        }
    }

    /// Whether undecoded bytes in this code page are searched without decoding them first.
    pub fn searches_raw_bytes(&self, code_page: u16) -> bool {
        self.raw
            .as_ref()
            .is_some_and(|raw| raw.code_page == code_page)
    }

    /// Called by the scan with each object's text, decoded only if a pattern could match it.
    pub fn visit_text(&self, object: &Object, text: &mut ObjectText) {
        let hits = self.hits_of(object, text);
        self.record(object, hits);
    }

    /// The hits in the object's text, the same as [`hits_in`] on the decoded text. Only the
    /// patterns whose literal the bytes hold are run (see [`RawFilter`]), when the bytes are in
    /// the filter's code page or all ASCII.
    fn hits_of(&self, object: &Object, text: &mut ObjectText) -> Vec<Hit> {
        let mut candidates = u64::MAX;
        if let Some(raw) = &self.raw {
            let filtered = if text.needs_decoding() {
                text.code_page() == raw.code_page
            } else {
                text.is_ascii()
            };
            if filtered {
                candidates = raw.candidates(text.raw());
                if candidates == 0 {
                    return Vec::new();
                }
            }
        }
        hits_of_patterns(self.rules, object, text.text(), candidates)
    }

    fn record(&self, object: &Object, hits: Vec<Hit>) {
        // A poisoned lock only means another worker panicked: keep what it holds.
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let file = match seen.get_mut(object.file.as_os_str()) {
            Some(file) => file,
            None => seen.entry(object.file.clone().into()).or_default(),
        };
        file.lines.push(object.line);
        file.hits
            .push(((object.kind, object.id, object.line), hits));
    }

    pub fn finish(self) -> CodeHits {
        let seen = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut files = HashMap::with_capacity(seen.len());
        for (path, mut file) in seen {
            file.lines.sort_unstable();
            file.lines.dedup();
            file.hits.sort_unstable_by_key(|(key, _)| *key);
            files.insert(PathBuf::from(path), file);
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
    /// Each object's hits by (kind, id, header line), sorted by that key once the scan is done.
    hits: Vec<((ObjectKind, u32, u32), Vec<Hit>)>,
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
            let key = (object.kind, object.id, object.line);
            let at = found.hits.binary_search_by_key(&key, |(k, _)| *k).ok()?;
            let of_object = &found.hits[at].1;
            hits.extend(of_object.iter().map(|&hit| (*object, hit)));
        }
        Some(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::merge_set;
    use crate::objects::{read_source, scan_visiting, texts, NoProgress, ScanOptions};

    fn codeunit(id: u32, code: &str) -> String {
        format!(
            "OBJECT Codeunit {id} Unit{id}\r\n{{\r\n  OBJECT-PROPERTIES\r\n  {{\r\n    Version List=NAVW111.00;\r\n  }}\r\n  PROPERTIES\r\n  {{\r\n  }}\r\n  CODE\r\n  {{\r\n    BEGIN\r\n      {code}\r\n    END.\r\n  }}\r\n}}\r\n\r\n"
        )
    }

    /// The scan's hits give the merge set the same reasons as reading the files again, also for a
    /// file whose duplicate object the analysis drops (that file is read again), and for code
    /// page 850 bytes next to the patterns.
    #[test]
    fn hits_from_the_scan_match_hits_from_reading_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plain = [
            codeunit_bytes(50000, b"TASKSCHEDULER.CREATETASK(1,1); // caf\x82"),
            codeunit_bytes(50001, b"x := 1; // caf\x82"),
        ];
        std::fs::write(dir.path().join("a.txt"), plain.concat()).expect("write");
        // Codeunit 50002 twice: the second copy (with the call) belongs to the first's text
        // once the analysis drops it.
        let twice = codeunit(50002, "x := 1;") + &codeunit(50002, "TASKSCHEDULER.CREATETASK(1,1);");
        std::fs::write(dir.path().join("b.txt"), twice).expect("write");
        // `é` makes the name longer (no match); a no-break space is a space (a match).
        let odd = [
            codeunit_bytes(50003, b"x := 1;\r\n      \x82TASKSCHEDULER.CREATETASK;"),
            codeunit_bytes(50004, b"TASKSCHEDULER\xff.CREATETASK;"),
        ];
        std::fs::write(dir.path().join("c.txt"), odd.concat()).expect("write");
        let rules = MergeRules::embedded().expect("rules");
        let page = crate::objects::CodePage::new(850).expect("850");
        let search = CodeSearch::for_code_page(&rules, &page);
        let visit = |object: &Object, text: &mut ObjectText| search.visit_text(object, text);
        let inventory = scan_visiting(
            &[dir.path().to_path_buf()],
            &ScanOptions::default(),
            &NoProgress,
            Some(&visit),
        );
        let found = search.finish();
        let objects = merge_set::unique_sorted(&inventory.objects);
        assert_eq!(objects.len(), 5);
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
        assert_eq!(ids, [50000, 50002, 50004]);
    }

    fn codeunit_bytes(id: u32, code: &[u8]) -> Vec<u8> {
        let (head, tail) = codeunit(id, "@")
            .split_once('@')
            .map(|(h, t)| (h.to_string(), t.to_string()))
            .expect("marker");
        [head.as_bytes(), code, tail.as_bytes()].concat()
    }

    /// Each object's hits, searched lazily by [`CodeSearch::hits_of`] and in the decoded text
    /// by [`hits_in`], with whether the lazy search decoded the object.
    #[allow(clippy::type_complexity)]
    fn both_ways(file: &[u8]) -> (Vec<(u32, Vec<Hit>, bool)>, Vec<(u32, Vec<Hit>)>) {
        let rules = MergeRules::embedded().expect("rules");
        let page = crate::objects::CodePage::new(850).expect("850");
        let high = HighHalf::of(&page);
        let search = CodeSearch::for_code_page(&rules, &page);
        assert!(search.searches_raw_bytes(850) && !search.searches_raw_bytes(437));
        let (objects, _) = read_source(Path::new("x.txt"), file, &ScanOptions::default());
        let refs: Vec<&Object> = objects.iter().collect();
        let lazily = texts::search_just_read_lazily(file, refs.clone(), &high, &|object, text| {
            let hits = search.hits_of(object, text);
            vec![(object.id, hits, text.was_decoded())]
        });
        let decoded = texts::search(file, refs, high.text(), &|object, text| {
            vec![(object.id, hits_in(&rules, object, text))]
        });
        (lazily, decoded)
    }

    /// [`both_ways`] without whether each object was decoded.
    #[allow(clippy::type_complexity)]
    fn hits_both_ways(file: &[u8]) -> (Vec<(u32, Vec<Hit>)>, Vec<(u32, Vec<Hit>)>) {
        let (lazily, decoded) = both_ways(file);
        let lazily = lazily.into_iter().map(|(id, h, _)| (id, h)).collect();
        (lazily, decoded)
    }

    /// A file of one codeunit per code (its pieces joined), numbered from 50000.
    fn codeunits_file(codes: &[Vec<Vec<u8>>]) -> Vec<u8> {
        codes
            .iter()
            .enumerate()
            .flat_map(|(n, code)| codeunit_bytes(50000 + n as u32, &code.concat()))
            .collect()
    }

    /// Code page 850 bytes next to the patterns: an `é` before the call is part of the word (no
    /// hit), a no-break space before the dot is a space (a hit), the bytes of LONG S are box
    /// drawing (no hit); objects without the literals are not decoded.
    #[test]
    fn undecoded_bytes_next_to_the_patterns_give_the_texts_hits() {
        let file = [
            codeunit_bytes(1, b"\x82TASKSCHEDULER.CREATETASK; // caf\x82"),
            codeunit_bytes(2, b"x := 1;\r\n      TASKSCHEDULER\xFF.CREATETASK;"),
            codeunit_bytes(3, b"TA\xC5\xBFKSCHEDULER.CREATETASK; \x9b"),
            codeunit_bytes(4, b"Caption=\x8e; Task Scheduler."),
            codeunit_bytes(5, b"TableNo=472; // \xe1"),
            codeunit_bytes(6, b"TableNo = \"Job Queue Entry\" ;"),
        ]
        .concat();
        let (lazily, decoded) = both_ways(&file);
        let hits = |id: u32| decoded.iter().find(|(i, _)| *i == id).map(|(_, h)| h.len());
        assert_eq!(
            (1..=6).map(hits).collect::<Vec<_>>(),
            [Some(0), Some(1), Some(0), Some(0), Some(1), Some(1)]
        );
        let undecoded: Vec<u32> = lazily.iter().filter(|l| !l.2).map(|l| l.0).collect();
        // 3 holds no `TASKSCHEDULER` in ASCII; 6 no byte from 0x80 up: it is its own text.
        assert_eq!(undecoded, [3, 4, 6]);
        let lazily: Vec<(u32, Vec<Hit>)> = lazily.into_iter().map(|(id, h, _)| (id, h)).collect();
        assert_eq!(lazily, decoded);
    }

    proptest::proptest! {
        /// Random objects of pattern words, spaces, code page 850 bytes (letters, the no-break
        /// space, the bytes of LONG S and KELVIN SIGN) and any byte from 0x80 up: searching
        /// lazily finds what searching the decoded texts finds.
        #[test]
        fn lazy_and_decoded_searches_agree(
            codes in proptest::collection::vec(proptest::collection::vec(piece(), 0..14), 1..4)
        ) {
            let (lazily, decoded) = hits_both_ways(&codeunits_file(&codes));
            proptest::prop_assert_eq!(lazily, decoded);
        }
    }

    proptest::proptest! {
        /// The same for files in UTF-8, whose objects are not decoded: an object all in ASCII
        /// is filtered by its literals, one holding KELVIN SIGN or LONG S (which the patterns'
        /// `k` and `s` match) is searched with every pattern.
        #[test]
        fn lazy_and_decoded_searches_agree_in_utf8_files(
            codes in proptest::collection::vec(proptest::collection::vec(utf8_piece(), 0..14), 1..4)
        ) {
            let file = codeunits_file(&codes);
            proptest::prop_assert!(std::str::from_utf8(&file).is_ok());
            let (lazily, decoded) = hits_both_ways(&file);
            proptest::prop_assert_eq!(lazily, decoded);
        }
    }

    /// A UTF-8 file: `TA\u{212A}SCHEDULER.` (KELVIN SIGN) is a hit that no ASCII literal shows;
    /// the ASCII object next to it has none.
    #[test]
    fn kelvin_sign_in_a_utf8_file_is_still_found() {
        let file = [
            codeunit_bytes(
                1,
                "TAS\u{212A}SCHEDULER.CREATETASK; // caf\u{e9}".as_bytes(),
            ),
            codeunit_bytes(2, b"TASK SCHEDULER.CREATETASK; TableNo=18;"),
        ]
        .concat();
        let (lazily, decoded) = hits_both_ways(&file);
        let counts: Vec<(u32, usize)> = lazily.iter().map(|(id, h)| (*id, h.len())).collect();
        assert_eq!(counts, [(1, 1), (2, 0)]);
        assert_eq!(lazily, decoded);
    }

    fn utf8_piece() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let words: Vec<&'static str> = vec![
            "TASKSCHEDULER.",
            "TableNo=472;",
            "tableno = \"Job Queue Entry\";",
            "TA",
            "SKSCHEDULER",
            "TableNo",
            "Table",
            "No",
            "=",
            "472",
            ";",
            ".",
            " ",
            "\r\n      ",
            "\u{e9}",
            "\u{a0}",
            "\u{17f}",
            "\u{212a}",
            "TA\u{17f}",
            "TA\u{17f}KSCHEDULER.",
            "TAS\u{212a}SCHEDULER.",
        ];
        proptest::sample::select(words).prop_map(|w| w.as_bytes().to_vec())
    }

    fn piece() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let words: Vec<&'static [u8]> = vec![
            b"TASKSCHEDULER.",
            b"TableNo=472;",
            b"tableno = \"Job Queue Entry\";",
            b"TASKSCHEDULER",
            b"taskScheduler",
            b"TA",
            b"SKSCHEDULER",
            b"TableNo",
            b"tableno",
            b"Table",
            b"No",
            b"=",
            b"472",
            b"\"Job Queue Entry\"",
            b";",
            b".",
            b" ",
            b"\t",
            b"\r\n      ",
            b"x",
            b"\xff",
            b"\x82",
            b"\x90",
            b"\xc5\xbf",
            b"\xe2\x84\xaa",
        ];
        prop_oneof![
            3 => proptest::sample::select(words).prop_map(|w| w.to_vec()),
            1 => (0x80u8..=0xff).prop_map(|b| vec![b]),
        ]
    }
}
