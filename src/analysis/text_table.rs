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

impl fmt::Display for TextTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let columns = self.all_rows().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![1usize; columns];
        for row in self.all_rows() {
            for (cell, width) in row.iter().zip(widths.iter_mut()) {
                for line in cell.split('\n') {
                    *width = (*width).max(display_width(line));
                }
            }
        }
        if widths.iter().any(|&w| w > usize::from(u16::MAX)) {
            return write!(f, "{}", self.comfy());
        }
        let mut out = String::new();
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
        rule(&mut out, "┌", "─", "┬", "┐");
        for (index, row) in self.all_rows().enumerate() {
            let cells: Vec<Vec<&str>> = (0..columns)
                .map(|c| {
                    row.get(c)
                        .map_or_else(Vec::new, |cell| cell.split('\n').collect())
                })
                .collect();
            // A missing cell still takes one (blank) line.
            let height = cells.iter().map(|c| c.len().max(1)).max().unwrap_or(0);
            for line in 0..height {
                out.push('\n');
                out.push('│');
                for (c, cell) in cells.iter().enumerate() {
                    if c > 0 {
                        out.push('┆');
                    }
                    let width = widths[c];
                    match cell.get(line) {
                        Some(text) => {
                            let pad = width.saturating_sub(display_width(text));
                            let right = self.right.get(c).copied().unwrap_or(false);
                            out.push(' ');
                            if right {
                                spaces(&mut out, pad);
                                out.push_str(text);
                            } else {
                                out.push_str(text);
                                spaces(&mut out, pad);
                            }
                            out.push(' ');
                        }
                        None => spaces(&mut out, width + 2),
                    }
                }
                out.push('│');
            }
            if index == 0 {
                out.push('\n');
                rule(&mut out, "╞", "═", "╪", "╡");
            }
        }
        out.push('\n');
        rule(&mut out, "└", "─", "┴", "┘");
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
