//! Property tests: no input makes the readers panic, and what they return stays in bounds.

use std::path::Path;

use navplan::objects::{self, ScanOptions};
use proptest::prelude::*;

const FIXTURES: &[&[u8]] = &[
    include_bytes!("fixtures/objects/clean/cal/COD50100.TXT"),
    include_bytes!("fixtures/objects/clean/cal/PAG50101.TXT"),
    include_bytes!("fixtures/objects/clean/cal/TAB50102.TXT"),
    include_bytes!("fixtures/objects/clean/cal/combined.txt"),
    include_bytes!("fixtures/objects/clean/cal/query-utf16.txt"),
    include_bytes!("fixtures/objects/clean/cal/TAB17.DELTA"),
    include_bytes!("fixtures/objects/clean/cal/newsyntax.txt"),
    include_bytes!("fixtures/objects/clean/al/SyncQueue.TableExt.al"),
    include_bytes!("fixtures/objects/clean/al/SyncSubscribers.Codeunit.al"),
    include_bytes!("fixtures/objects/broken/conflict.txt"),
    include_bytes!("fixtures/objects/broken/truncated.txt"),
];

/// Reads the bytes and checks what every caller relies on.
fn check(bytes: &[u8]) {
    let opts = ScanOptions::default();
    let (objs, diags) = objects::read_source(Path::new("p.txt"), bytes, &opts);
    for o in &objs {
        assert!(o.line >= 1);
        assert!(o.span.start <= o.span.end);
        // object_text must not panic, whatever the span.
        let _ = objects::object_text(bytes, o, &opts);
        for r in &o.references {
            assert!(r.line >= o.line, "a reference before its object's header");
        }
    }
    for d in &diags {
        assert!(!d.message.is_empty());
    }
}

/// An edit of a fixture: replace, insert or delete a short run of bytes, or cut the file.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, Vec<u8>),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Bias insertions toward the bytes the lexer cares about.
    let interesting = prop::sample::select(vec![
        b'{', b'}', b'\'', b'"', b'/', b':', b'=', b'[', b']', b'\n', b'\r', 0x1A, 0x00, 0x9B, 0xFF,
    ]);
    let chunk = prop::collection::vec(prop_oneof![interesting, any::<u8>()], 1..8);
    prop_oneof![
        (any::<usize>(), chunk.clone()).prop_map(|(at, b)| Edit::Replace(at, b)),
        (any::<usize>(), chunk).prop_map(|(at, b)| Edit::Insert(at, b)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Edit::Delete(at, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len().max(1);
        match e {
            Edit::Replace(at, b) => {
                let at = at % len;
                for (i, byte) in b.iter().enumerate() {
                    if let Some(slot) = bytes.get_mut(at + i) {
                        *slot = *byte;
                    }
                }
            }
            Edit::Insert(at, b) => {
                let at = (at % len).min(bytes.len());
                bytes.splice(at..at, b.iter().copied());
            }
            Edit::Delete(at, n) => {
                let at = (at % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Edit::Truncate(at) => bytes.truncate(at % len),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn random_text_with_headers_never_panics(
        parts in prop::collection::vec(prop::sample::select(vec![
            "OBJECT Table 1 A\n", "OBJECT Modification \"X\"(Table 2)\n", "{", "}", "\n", "  CODE\n",
            "  FIELDS\n", "BEGIN", "END;", "'", "\"", "//", ":", "::", "=", "[{", "Record 5 ",
            "TableRelation=", "OnValidate=BEGIN\n", "OnAction=VAR\n", "codeunit 5 \"X\" extends Y",
            "<<<<<<< HEAD\n", "=======\n", "RDLDATA\n", "  OBJECT-PROPERTIES\n", "Version List=NAVW1",
            "[EventSubscriber(", "DotNet \"'", "\u{FEFF}", "\r\n",
        ]), 0..64)
    ) {
        check(parts.concat().as_bytes());
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0..FIXTURES.len(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        check(&apply(FIXTURES[which].to_vec(), &edits));
    }
}
