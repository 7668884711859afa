//! The summary's tables: the layout of comfy-table's `UTF8_FULL_CONDENSED` preset with content
//! arrangement disabled, written straight into one `String`.
//!
//! Why not comfy-table itself: on a 1 GB database the summary holds about 230,000 table lines
//! and comfy-table builds several `String`s per cell line (0.43 s of a 1.9 s scan). The output
//! must not change, so the rules are comfy-table's: a column is as wide as its widest line
//! (display width by `unicode-width`, at least 1) plus one space each side; cells split on
//! `\n`; no lines between rows. A test checks this against comfy-table on random tables, and a
//! column wider than comfy-table's limit (65,535) is left to comfy-table.

use std::fmt;

use rayon::prelude::*;
use unicode_width::UnicodeWidthStr;

/// A table with a header row; every column left-aligned unless told otherwise.
pub struct TextTable {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    right: Vec<bool>,
}

impl TextTable {
    pub fn new(header: &[&str]) -> Self {
        TextTable {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            right: Vec::new(),
        }
    }

    /// Cells given as `String`s are moved in, not copied (the summary of a 1 GB database has
    /// hundreds of thousands of them).
    pub fn add_row<T: Into<String>>(&mut self, cells: impl IntoIterator<Item = T>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// Align a column's cells (its header too) to the right.
    pub fn align_right(&mut self, column: usize) {
        if self.right.len() <= column {
            self.right.resize(column + 1, false);
        }
        self.right[column] = true;
    }

    fn all_rows(&self) -> impl Iterator<Item = &Vec<String>> {
        std::iter::once(&self.header).chain(&self.rows)
    }

    fn comfy(&self) -> comfy_table::Table {
        let mut table = comfy_table::Table::new();
        table
            .load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(comfy_table::ContentArrangement::Disabled)
            .set_header(&self.header);
        for row in &self.rows {
            table.add_row(row);
        }
        for (column, _) in self.right.iter().enumerate().filter(|(_, r)| **r) {
            if let Some(c) = table.column_mut(column) {
                c.set_cell_alignment(comfy_table::CellAlignment::Right);
            }
        }
        table
    }
}

/// Rows rendered by one worker: big enough that handing them out costs nothing next to the
/// rendering, small enough that both cores get a share of a table of a few thousand rows.
const ROWS_PER_CHUNK: usize = 256;

impl TextTable {
    /// Each column's width: its widest line (at least 1).
    fn widths(&self) -> Vec<usize> {
        let columns = self.all_rows().map(Vec::len).max().unwrap_or(0);
        let widen = |mut widths: Vec<usize>, row: &Vec<String>| {
            for (cell, width) in row.iter().zip(widths.iter_mut()) {
                for line in cell.split('\n') {
                    *width = (*width).max(display_width(line));
                }
            }
            widths
        };
        // The summary's dependents table has 200,000 lines on a big database: measure in parallel.
        let rows = self
            .rows
            .par_chunks(ROWS_PER_CHUNK)
            .map(|chunk| chunk.iter().fold(vec![1usize; columns], widen))
            .reduce(
                || vec![1usize; columns],
                |a, b| a.iter().zip(&b).map(|(x, y)| *x.max(y)).collect(),
            );
        widen(rows, &self.header)
    }

    /// Appends the table to `out` (no newline after the last rule), as [`fmt::Display`] writes
    /// it but without copying the text once more: the summary's tables run to 34 MB.
    pub fn write_to(&self, out: &mut String) {
        let widths = self.widths();
        if widths.iter().any(|&w| w > usize::from(u16::MAX)) {
            out.push_str(&self.comfy().to_string());
            return;
        }
        let rule = |out: &mut String, left: &str, line: &str, cross: &str, right: &str| {
            out.push_str(left);
            for (i, width) in widths.iter().enumerate() {
                if i > 0 {
                    out.push_str(cross);
                }
                for _ in 0..width + 2 {
                    out.push_str(line);
                }
            }
            out.push_str(right);
        };
        rule(out, "┌", "─", "┬", "┐");
        self.write_row(out, &self.header, &widths);
        out.push('\n');
        rule(out, "╞", "═", "╪", "╡");
        // The rows in chunks, each rendered by a worker into its own string, joined in order.
        let chunks: Vec<String> = self
            .rows
            .par_chunks(ROWS_PER_CHUNK)
            .map(|rows| {
                let mut text = String::new();
                for row in rows {
                    self.write_row(&mut text, row, &widths);
                }
                text
            })
            .collect();
        out.reserve(chunks.iter().map(String::len).sum::<usize>() + 4 * widths.len() + 64);
        for chunk in &chunks {
            out.push_str(chunk);
        }
        out.push('\n');
        rule(out, "└", "─", "┴", "┘");
    }

    /// One row, each of its lines starting with a newline.
    fn write_row(&self, out: &mut String, row: &[String], widths: &[usize]) {
        let mut cells: Vec<std::str::Split<'_, char>> = (0..widths.len())
            .map(|c| row.get(c).map_or("", String::as_str).split('\n'))
            .collect();
        // A missing cell still takes one (blank) line, like an empty one; the row is as high as
        // its tallest cell.
        let height = (0..widths.len())
            .map(|c| row.get(c).map_or(1, |cell| cell.split('\n').count()))
            .max()
            .unwrap_or(0);
        for _ in 0..height {
            out.push('\n');
            out.push('│');
            for (c, cell) in cells.iter_mut().enumerate() {
                if c > 0 {
                    out.push('┆');
                }
                let width = widths[c];
                match cell.next() {
                    Some(text) => {
                        let pad = width.saturating_sub(display_width(text));
                        let right = self.right.get(c).copied().unwrap_or(false);
                        out.push(' ');
                        if right {
                            spaces(out, pad);
                            out.push_str(text);
                        } else {
                            out.push_str(text);
                            spaces(out, pad);
                        }
                        out.push(' ');
                    }
                    None => spaces(out, width + 2),
                }
            }
            out.push('│');
        }
    }
}

impl fmt::Display for TextTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write_to(&mut out);
        f.write_str(&out)
    }
}

/// The display width `unicode-width` gives, without its per-character lookup for the usual
/// cell line: printable ASCII only, one column per byte.
fn display_width(line: &str) -> usize {
    if line.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        line.len()
    } else {
        line.width()
    }
}

fn spaces(out: &mut String, mut count: usize) {
    const SPACES: &str = "                                                                ";
    while count > SPACES.len() {
        out.push_str(SPACES);
        count -= SPACES.len();
    }
    out.push_str(&SPACES[..count]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn both(table: &TextTable) -> (String, String) {
        (table.to_string(), table.comfy().to_string())
    }

    #[test]
    fn the_summary_shapes_match_comfy_table() {
        let mut t = TextTable::new(&["Class", "Objects", "Hours"]);
        t.add_row(["Job Queue", "52", "61"]);
        t.add_row(["Dependents\nto re-test", "", "969.25"]);
        t.add_row(["Tøtal ✓ 漢字", "1", ""]);
        // Padding longer than the spaces written at a time.
        t.add_row(["x".repeat(150).as_str(), "", "y"]);
        t.align_right(1);
        t.align_right(2);
        let (ours, theirs) = both(&t);
        assert_eq!(ours, theirs);
        assert!(ours.starts_with("┌────"));
        let empty = TextTable::new(&["Object", "Why"]);
        assert_eq!(empty.to_string(), empty.comfy().to_string());
    }

    proptest! {
        /// The printable-ASCII shortcut gives unicode-width's width, for any string.
        #[test]
        fn display_width_is_unicode_width(line in "(\\PC|[ -~]|\t|\r|\u{7f}|\u{0}){0,40}") {
            prop_assert_eq!(display_width(&line), line.width());
        }

        #[test]
        fn random_tables_match_comfy_table(
            header in proptest::collection::vec("[a-zA-Z ]{0,6}", 1..5),
            rows in proptest::collection::vec(
                proptest::collection::vec("(\\PC|\n|\t| |é|漢|\u{200b}|\u{301}){0,12}", 0..6),
                0..6,
            ),
            right in proptest::collection::vec(any::<bool>(), 0..6),
        ) {
            let names: Vec<&str> = header.iter().map(String::as_str).collect();
            let mut t = TextTable::new(&names);
            for row in &rows {
                t.add_row(row);
            }
            for (c, r) in right.iter().enumerate() {
                if *r {
                    t.align_right(c);
                }
            }
            let (ours, theirs) = both(&t);
            prop_assert_eq!(ours, theirs);
        }
    }
}
