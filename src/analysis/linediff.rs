//! Which lines of the original each side touched, to tell two edits of one trigger or procedure
//! that can be merged (different lines) from a likely conflict (the same or neighbouring lines).
//! A longest-common-subsequence diff over the element's normalised lines; elements are small.

/// Above this many cells the table is not built and the edits count as overlapping.
const MAX_CELLS: usize = 4_000_000;

/// The original's line ranges `[start, end)` that `new` changed; an insertion before line `i` is
/// the empty range `[i, i)`. `None` when the element is too large to diff.
pub fn hunks(old: &[String], new: &[String]) -> Option<Vec<(usize, usize)>> {
    let (n, m) = (old.len(), new.len());
    if (n + 1).saturating_mul(m + 1) > MAX_CELLS {
        return None;
    }
    // lcs[i][j]: length of the longest common subsequence of old[i..] and new[j..].
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if old[i] == new[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            if let Some(start) = open.take() {
                out.push((start, i));
            }
            i += 1;
            j += 1;
            continue;
        }
        open.get_or_insert(i);
        if j >= m || (i < n && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
            i += 1; // old[i] removed or replaced
        } else {
            j += 1; // new[j] inserted before old[i]
        }
    }
    if let Some(start) = open {
        out.push((start, i));
    }
    Some(out)
}

/// Whether two sets of hunks touch the same or neighbouring original lines (conservative, as a
/// merge tool would flag them).
pub fn overlap(a: &[(usize, usize)], b: &[(usize, usize)]) -> bool {
    a.iter()
        .any(|&(a0, a1)| b.iter().any(|&(b0, b1)| a0.max(b0) <= a1.min(b1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.split('|')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }

    #[test]
    fn hunks_name_the_original_lines_touched() {
        let old = lines("a|b|c|d|e");
        assert_eq!(hunks(&old, &lines("a|b|c|d|e")), Some(vec![]));
        assert_eq!(hunks(&old, &lines("a|B|c|d|e")), Some(vec![(1, 2)]));
        assert_eq!(hunks(&old, &lines("a|b|x|c|d|e")), Some(vec![(2, 2)]));
        assert_eq!(hunks(&old, &lines("a|b|c|d")), Some(vec![(4, 5)]));
        assert_eq!(hunks(&old, &lines("a|b|c|d|e|f")), Some(vec![(5, 5)]));
    }

    #[test]
    fn edits_far_apart_do_not_overlap_but_the_same_spot_does() {
        let old = lines("a|b|c|d|e|f");
        let top = hunks(&old, &lines("A|b|c|d|e|f")).expect("small");
        let bottom = hunks(&old, &lines("a|b|c|d|e|F")).expect("small");
        let top_again = hunks(&old, &lines("x|a|b|c|d|e|f")).expect("small");
        assert!(!overlap(&top, &bottom));
        assert!(overlap(&top, &top_again));
        // Two insertions at the same point conflict.
        let here = hunks(&old, &lines("a|b|c|x|d|e|f")).expect("small");
        let there = hunks(&old, &lines("a|b|c|y|d|e|f")).expect("small");
        assert!(overlap(&here, &there));
    }
}
