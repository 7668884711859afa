//! `scan --json` written on every core.
//!
//! serde_json writes a document on one core; the scan's report of a whole database is hundreds
//! of megabytes (gigabytes on the 1 GB benchmark export), most of it the `objects` and
//! `dependents` arrays. Here the report's fields are written one by one in serde_json's pretty
//! layout, and the elements of those two arrays are serialized in parallel, a chunk of them
//! into each buffer, and the buffers written in order. The bytes are the same as
//! `serde_json::to_writer_pretty(&report)`: the test `the_parallel_writer_matches_serde_json`
//! compares them, so a field added to [`ScanReport`] and not here fails it.
//!
//! Why the layout can be put together from pieces: serde_json's pretty printer indents each
//! line by two spaces per level of nesting, so a value printed on its own by the same rules
//! with the indentation counted from level `n` ([`NestedPretty`]) is that value at level `n`.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::scan::ScanReport;

/// Elements serialized per parallel task, and tasks per round (a round's text is held in
/// memory until it is written).
const CHUNK: usize = 64;
const ROUND: usize = 64;

/// Write `report` as `serde_json::to_writer_pretty` would, followed by a newline.
pub fn write(report: &ScanReport<'_>, out: &mut impl Write) -> io::Result<()> {
    let mut object = PrettyObject::begin(out)?;
    object.field("schema_version", &report.schema_version)?;
    object.field("files_scanned", &report.files_scanned)?;
    object.field("bytes_scanned", &report.bytes_scanned)?;
    object.field("codepage", &report.codepage)?;
    object.field("application_version", &report.application_version)?;
    object.field("counts", &report.counts)?;
    object.field("customised", &report.customised)?;
    object.key("objects")?;
    write_array(object.out, report.objects)?;
    object.field("diagnostics", &report.diagnostics)?;
    object.field("merge_target", &report.merge_target)?;
    object.field("merge_set", &report.merge_set)?;
    object.field("customised_objects", &report.customised_objects)?;
    object.field("dotnet_pins", &report.dotnet_pins)?;
    object.key("dependents")?;
    write_dependents(object.out, report)?;
    object.field("effort", &report.effort)?;
    object.end()?;
    object.out.write_all(b"\n")
}

/// A JSON object at the top level, written field by field.
struct PrettyObject<'w, W: Write> {
    out: &'w mut W,
    first: bool,
}

impl<'w, W: Write> PrettyObject<'w, W> {
    fn begin(out: &'w mut W) -> io::Result<Self> {
        out.write_all(b"{")?;
        Ok(PrettyObject { out, first: true })
    }

    fn key(&mut self, key: &str) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"\n  " } else { b",\n  " })?;
        self.first = false;
        serde_json::to_writer(&mut *self.out, key)?;
        self.out.write_all(b": ")
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> io::Result<()> {
        self.key(key)?;
        indented(value, 1, &mut *self.out)
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.write_all(if self.first { b"}" } else { b"\n}" })
    }
}

/// `value` printed pretty at nesting `level`, appended to `out`.
fn indented<T: Serialize + ?Sized>(value: &T, level: usize, out: impl Write) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, NestedPretty::at(level));
    value.serialize(&mut serializer)?;
    Ok(())
}

/// serde_json's `PrettyFormatter` (two spaces per level) for a value that starts `level`
/// levels deep: the same rules, with the indentation counted from there.
struct NestedPretty {
    level: usize,
    has_value: bool,
}

impl NestedPretty {
    fn at(level: usize) -> Self {
        NestedPretty {
            level,
            has_value: false,
        }
    }

    fn open<W: Write + ?Sized>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: Write + ?Sized>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(bracket)
    }

    fn item<W: Write + ?Sized>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }

    fn indent<W: Write + ?Sized>(&self, writer: &mut W) -> io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        let mut left = 2 * self.level;
        while left > 0 {
            let n = left.min(SPACES.len());
            writer.write_all(&SPACES[..n])?;
            left -= n;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for NestedPretty {
    fn begin_array<W: Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }
    fn end_array<W: Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }
    fn begin_array_value<W: Write + ?Sized>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }
    fn end_array_value<W: Write + ?Sized>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }
    fn end_object<W: Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }
    fn begin_object_key<W: Write + ?Sized>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }
    fn begin_object_value<W: Write + ?Sized>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }
    fn end_object_value<W: Write + ?Sized>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The text of elements `first..` of an array at level 1 (each element at level 2, after the
/// separator serde_json puts before it).
fn elements<T: Serialize>(items: &[T], first: bool, capacity: usize) -> io::Result<Vec<u8>> {
    let mut text = Vec::with_capacity(capacity);
    for (n, item) in items.iter().enumerate() {
        text.extend_from_slice(if first && n == 0 {
            b"\n    "
        } else {
            b",\n    "
        });
        indented(item, 2, &mut text)?;
    }
    Ok(text)
}

/// A top-level field's array, its elements serialized in parallel.
fn write_array<T: Serialize + Sync>(out: &mut impl Write, items: &[T]) -> io::Result<()> {
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    for (r, round) in items.chunks(CHUNK * ROUND).enumerate() {
        let texts: Vec<io::Result<Vec<u8>>> = round
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| elements(chunk, r == 0 && c == 0, 0))
            .collect();
        for text in texts {
            out.write_all(&text?)?;
        }
    }
    out.write_all(b"\n  ]")
}

/// The dependents, listed from the reference graph a few at a time when the report has it.
fn write_dependents(out: &mut impl Write, report: &ScanReport<'_>) -> io::Result<()> {
    let dependents = &report.dependents;
    let Some(graph) = dependents.graph else {
        return write_array(out, dependents.counted);
    };
    if dependents.counted.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let mut first = true;
    // A few entries per core at a time: one entry can list tens of thousands of dependents
    // (10 MB of text on the 1 GB benchmark export); enough of them that the cores seldom wait
    // for the batch's largest.
    let batch = 8 * rayon::current_num_threads();
    graph.for_each_listed(
        dependents.counted,
        dependents.max_depth,
        batch,
        |listed| {
            // Sized up front: an entry's text is about 250 bytes per dependent, and growing a
            // 10 MB buffer by doubling copies it over and over.
            let capacity = 256 + 320 * listed.len();
            elements(std::slice::from_ref(listed), false, capacity)
        },
        |text| {
            let text = text?;
            // Every element was written with the separator of a later one; the first has none.
            let text = if first { &text[1..] } else { &text[..] };
            first = false;
            out.write_all(text)
        },
    )?;
    out.write_all(b"\n  ]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_value_is_indented_from_its_level() {
        let mut out = Vec::new();
        indented(&serde_json::json!({"a": [1, "x\ny"]}), 1, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\n    \"a\": [\n      1,\n      \"x\\ny\"\n    ]\n  }"
        );
    }

    /// The whole report of the fixture database, with its merge set, pins and dependents (some
    /// transitive), and of the same with no analysis: byte for byte what serde_json writes.
    #[test]
    fn the_parallel_writer_matches_serde_json() {
        use crate::analysis::{self, MergeRules};
        use crate::objects::{self, NoProgress, ScanOptions};
        let paths = [
            std::path::PathBuf::from("tests/fixtures/customer"),
            std::path::PathBuf::from("tests/fixtures/objects"),
        ];
        let inventory = objects::scan(&paths, &ScanOptions::default(), &NoProgress);
        let rules = MergeRules::embedded().unwrap();
        let (analysis, graph) = analysis::analyze_keeping_graph(
            &inventory.objects,
            &rules,
            &analysis::Options::default(),
            analysis::Detail::Counts,
            None,
        );
        assert!(inventory.objects.len() > 20 && !inventory.diagnostics.is_empty());
        assert!(analysis.dependents.iter().any(|d| d.transitive_count > 0));
        let bare = ScanReport::new(&inventory, 850);
        let mut listed = ScanReport::new(&inventory, 850).with_analysis(&analysis);
        listed.dependents.graph = Some(&graph);
        listed.dependents.max_depth = rules.impact.max_depth;
        for report in [&bare, &listed] {
            let expected = serde_json::to_string_pretty(report).unwrap() + "\n";
            let mut out = Vec::new();
            write(report, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }

    #[test]
    fn arrays_match_serde_json_at_level_one() {
        #[derive(Serialize)]
        struct Doc<'a> {
            items: &'a [serde_json::Value],
        }
        for n in [0usize, 1, 2, CHUNK, CHUNK + 1, CHUNK * ROUND + 3] {
            let items: Vec<serde_json::Value> = (0..n)
                .map(|i| serde_json::json!({"n": i, "list": [i, {"k": []}], "empty": {}}))
                .collect();
            let expected = serde_json::to_string_pretty(&Doc { items: &items }).unwrap();
            let mut out = Vec::new();
            let mut object = PrettyObject::begin(&mut out).unwrap();
            object.key("items").unwrap();
            write_array(object.out, &items).unwrap();
            object.end().unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{n} items");
        }
    }
}
