//! Word wrapping of one wrap unit (a paragraph, or a slice of a very long
//! one) at a column width.
//!
//! Wrapping never builds strings: it returns **byte** offsets into the
//! unit where rows start. Rows are contiguous, so joining them gives the
//! unit back. Rows break after blanks (which may hang past the edge and are
//! not drawn there), around CJK ideographs, or — for a word longer than the
//! row — between grapheme clusters; when hyphenating, also at a word's
//! hyphenation points (the hyphen drawn there is display only, see
//! [`dress`]). No row is wider than the width, except that a lone
//! two-column glyph always gets a row of its own.
//!
//! Two ways to choose among those breaks ([`Wrap`]): greedy (each row takes
//! as many words as fit: [`row_starts`], with an ASCII fast path) and
//! balanced (`textwrap`'s optimal fit over the unit's [`pieces`], which
//! evens out the rows' right edges and avoids a lone short word on a
//! paragraph's last row). Both run over the same break opportunities.

mod dress;
mod hyphen;
mod pieces;

pub use dress::{Cell, Cells, Dress, Within, dress, split as split_dress};
pub use hyphen::{LANGUAGES, REACH as HYPHEN_REACH, hyphen_at};
pub use pieces::{Piece, pieces};

use crate::glyph::{Glyph, Glyphs};
use pieces::{BreakScan, closes_narrow};
use serde::Deserialize;
use textwrap::wrap_algorithms::{Penalties, wrap_first_fit, wrap_optimal_fit};

/// How rows are chosen among the break opportunities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Wrap {
    /// First fit: each row takes as many words as fit.
    #[default]
    Greedy,
    /// Optimal fit: the least raggedness over the whole unit.
    Balanced,
}

/// How text is set: the wrapping, hyphenation and justification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Typeset {
    pub wrap: Wrap,
    /// Break words at hyphenation points, drawing a hyphen there.
    pub hyphenate: bool,
    /// Widen the gaps of a row so it ends flush with the column (never a
    /// paragraph's last row, a row of one word or a CJK-only row).
    pub justify: bool,
}

impl Typeset {
    /// The settings of a reader who asked for nothing: balanced rows.
    pub const BOOK: Typeset = Typeset {
        wrap: Wrap::Balanced,
        hyphenate: false,
        justify: false,
    };

    /// The next of greedy → balanced → balanced and justified (key `w`),
    /// hyphenation kept as it is.
    pub fn cycled(self) -> Typeset {
        let (wrap, justify) = match (self.wrap, self.justify) {
            (Wrap::Greedy, _) => (Wrap::Balanced, false),
            (Wrap::Balanced, false) => (Wrap::Balanced, true),
            (Wrap::Balanced, true) => (Wrap::Greedy, false),
        };
        Typeset {
            wrap,
            justify,
            ..self
        }
    }

    /// A few words for the status row: `greedy`, `balanced`, `justified`,
    /// with `, hyphenated`.
    pub fn describe(self) -> String {
        let base = match (self.wrap, self.justify) {
            (_, true) => "justified",
            (Wrap::Greedy, false) => "greedy",
            (Wrap::Balanced, false) => "balanced",
        };
        if self.hyphenate {
            format!("{base}, hyphenated")
        } else {
            base.to_string()
        }
    }
}

/// Units longer than this many bytes are wrapped first fit even when
/// balanced, so that no key waits on optimal fit over a huge unit. Optimal
/// fit costs about 35 µs per KiB of random words and 55 µs per KiB of
/// English prose (release build, 80 and 200 columns, `examples/wrap_cost.rs`;
/// first fit: under 0.5 µs for words, 11–16 µs for prose), so a unit at the
/// 16 KiB rule's largest (about 17 KiB) takes 0.6–0.95 ms: one cold unit
/// still fits a key's 1.5 ms (p95) budget at 80×24. This limit (24 KiB:
/// 0.85–1.4 ms) only guards against a change of that rule.
pub const BALANCED_LIMIT: usize = 24 * 1024;

/// The same limit for a hyphenated unit, which has about 1.3–1.6 times the
/// pieces and costs 2.1–3.9 times as much to balance (about 120 µs per KiB
/// of prose or random words, `examples/wrap_cost.rs`): 8 KiB is about
/// 1 ms. Longer units (the slices of a giant paragraph) are hyphenated and
/// wrapped first fit; ordinary paragraphs are balanced.
pub const HYPHENATED_LIMIT: usize = 8 * 1024;

/// The penalties of balanced rows at `width` columns: textwrap's, with a
/// paragraph's last row of one short word (under a third of the row)
/// costing as much as a gap of a third of the row on each of two rows.
/// A row wider than the column costs more than any way of not having one
/// (textwrap's default, 2 500 a column, was less than a row of only a
/// leading blank before a word as wide as the column); pieces are cut to
/// the column's width first, so only a lone glyph wider than the column
/// can overflow.
fn penalties(width: usize) -> Penalties {
    let third = (width / 3).max(1);
    Penalties {
        short_last_line_fraction: 3,
        short_last_line_penalty: 2 * third * third,
        overflow_penalty: u32::MAX as usize,
        ..Penalties::new()
    }
}

/// Row starts (relative to the unit) of `unit` wrapped at `width`
/// columns as `typeset` says. The first is always 0.
pub fn rows(unit: &[u8], width: usize, typeset: Typeset) -> Vec<u32> {
    let width = width.max(1);
    let fancy = typeset.wrap == Wrap::Balanced || typeset.hyphenate;
    if !fancy || unit.is_empty() || memchr::memchr(b'\t', unit).is_some() {
        return row_starts(unit, width);
    }
    let limit = if typeset.hyphenate {
        HYPHENATED_LIMIT
    } else {
        BALANCED_LIMIT
    };
    let balanced = typeset.wrap == Wrap::Balanced && unit.len() <= limit;
    if typeset.hyphenate && !balanced {
        return first_fit_hyphenating(unit, width);
    }
    let pieces = pieces(unit, width, typeset.hyphenate);
    let widths = [width as f64];
    let lines = if balanced {
        wrap_optimal_fit(&pieces, &widths, &penalties(width))
            .unwrap_or_else(|_| wrap_first_fit(&pieces, &widths))
    } else {
        wrap_first_fit(&pieces, &widths)
    };
    let mut starts: Vec<u32> = lines
        .iter()
        .filter_map(|l| l.first().map(|p| p.start))
        .collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts
}

/// Row starts of `unit` wrapped first fit over its hyphenated pieces (the
/// rows `wrap_first_fit` gives over `pieces(unit, width, true)`), looking
/// up hyphenation points only for the words that do not fit where they
/// fall: a word that fits whole is never split by first fit, so the
/// dictionary is asked about one word a row instead of every word (the
/// lookups are most of the cost: `examples/wrap_cost.rs`).
fn first_fit_hyphenating(unit: &[u8], width: usize) -> Vec<u32> {
    let mut rows = FirstFit {
        starts: vec![0],
        width: width as f64,
        taken: 0.0,
        empty: true,
    };
    for word in pieces::words(unit) {
        if word.width as usize <= width && rows.fits_whole(&word) {
            rows.place(&word);
            continue;
        }
        let split = hyphen::split(unit, vec![word]);
        for p in &pieces::fit(unit, split, width) {
            rows.place(p);
        }
    }
    rows.starts
}

/// textwrap's first fit, one piece at a time.
struct FirstFit {
    starts: Vec<u32>,
    width: f64,
    /// Columns taken on the current row (blanks included).
    taken: f64,
    /// No piece is on the current row yet.
    empty: bool,
}

impl FirstFit {
    /// Would `p` go on the current row (first fit never splits it then)?
    fn fits_whole(&self, p: &Piece) -> bool {
        use textwrap::core::Fragment;
        self.empty || self.taken + p.width() <= self.width
    }

    fn place(&mut self, p: &Piece) {
        use textwrap::core::Fragment;
        if !self.empty && self.taken + p.width() + p.penalty_width() > self.width {
            self.starts.push(p.start);
            self.taken = 0.0;
        }
        self.empty = false;
        self.taken += p.width() + p.whitespace_width();
    }
}

/// Byte offsets (relative to the unit) where each row of `unit` starts
/// when wrapped at `width` columns. The first is always 0; an empty unit
/// has one empty row.
pub fn row_starts(unit: &[u8], width: usize) -> Vec<u32> {
    let width = width.max(1);
    let mut starts = vec![0u32];
    let mut pos = 0;
    loop {
        let end = row_end(unit, pos, width);
        if end >= unit.len() {
            return starts;
        }
        starts.push(end as u32);
        pos = end;
    }
}

/// Byte offset where the row starting at byte `start` of `unit` ends
/// (exclusive), wrapping at `width` columns.
pub fn row_end(unit: &[u8], start: usize, width: usize) -> usize {
    ascii_row_end(unit, start, width).unwrap_or_else(|| unicode_row_end(unit, start, width))
}

/// The same answer as [`unicode_row_end`] in cost proportional to the
/// row's width instead of the glyphs walked, when the row is plain ASCII.
/// `None` when the fast path cannot decide.
fn ascii_row_end(unit: &[u8], start: usize, width: usize) -> Option<usize> {
    let printable = |b: u8| (0x20..0x7f).contains(&b);
    let rest = &unit[start..];
    if rest.len() <= width {
        return rest.iter().all(|&b| printable(b)).then_some(unit.len());
    }
    // Every glyph up to and including the first one past the edge must be a
    // lone printable ASCII byte.
    let window = &rest[..=width];
    if !window.iter().all(|&b| printable(b)) || rest.get(width + 1).is_some_and(|&b| b >= 0x80) {
        return None;
    }
    if rest[width] == b' ' {
        // Blanks hang past the edge; the next row starts after them.
        let blanks = rest[width..].iter().take_while(|&&b| b == b' ').count();
        let after = width + blanks;
        if rest
            .get(after)
            .is_some_and(|&b| !printable(b) || b == b'\t' || closes_narrow(b as char))
        {
            return None;
        }
        return Some(start + after);
    }
    let end = match memchr::memrchr(b' ', &rest[..width]) {
        Some(i) => start + i + 1,
        None => start + width,
    };
    // Closing punctuation after blanks stays with the word before them.
    (!unit.get(end).is_some_and(|&b| closes_narrow(b as char))).then_some(end)
}

/// The general wrapping rule, glyph by glyph.
fn unicode_row_end(unit: &[u8], start: usize, width: usize) -> usize {
    let mut col = 0;
    // Where the row may end, if the next glyph does not fit.
    let mut last_break: Option<usize> = None;
    // The break that was possible just before the previous glyph.
    let mut break_before_prev: Option<usize> = None;
    let mut scan = BreakScan::default();
    for g in Glyphs::starting_at(unit, start) {
        let w = g.width_at(col);
        let Some(b) = scan.next(&g) else {
            col += w;
            last_break = Some(g.end);
            continue;
        };
        if b.ideographic && !b.closing && g.start > start {
            last_break = Some(g.start);
        }
        if b.closing && last_break == Some(g.start) {
            // Keep closing punctuation with what it closes.
            last_break = break_before_prev;
        }
        if col + w > width {
            return overflow(unit, start, &g, last_break);
        }
        col += w;
        break_before_prev = last_break;
        if b.break_after {
            last_break = Some(g.end);
        }
    }
    unit.len()
}

/// Where a row ends when glyph `g` does not fit.
fn overflow(unit: &[u8], start: usize, g: &Glyph, last_break: Option<usize>) -> usize {
    match last_break {
        Some(b) if b > start => b,
        _ if g.start > start => g.start,
        // A lone glyph wider than the row takes the row alone; the blanks
        // after it hang past the edge, as after any other glyph, so that no
        // row starts with a blank (a row starting with a line break would
        // read as an empty line).
        _ => Glyphs::starting_at(unit, g.end)
            .take_while(Glyph::is_blank)
            .last()
            .map_or(g.end, |b| b.end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The rows of `text` at `width`, one per line, each ended by `|`.
    fn picture(text: &str, width: usize) -> String {
        let starts = row_starts(text.as_bytes(), width);
        let mut out = String::new();
        for (i, &s) in starts.iter().enumerate() {
            let e = starts.get(i + 1).map_or(text.len(), |&e| e as usize);
            out.push_str(&text[s as usize..e]);
            out.push_str("|\n");
        }
        out
    }

    fn display_width(row: &str) -> usize {
        let trimmed = row.trim_end_matches([' ', '\t']);
        Glyphs::new(trimmed.as_bytes())
            .scan(0, |col, g| {
                *col += g.width_at(*col);
                Some(*col)
            })
            .last()
            .unwrap_or(0)
    }

    #[test]
    fn words_break_between_words() {
        assert_eq!(
            picture("The quick brown fox jumps over the lazy dog", 10),
            "The quick |\nbrown fox |\njumps over |\nthe lazy |\ndog|\n"
        );
    }

    #[test]
    fn a_word_longer_than_the_row_breaks_by_grapheme() {
        assert_eq!(
            picture("ab supercalifragilistic", 6),
            "ab |\nsuperc|\nalifra|\ngilist|\nic|\n"
        );
    }

    #[test]
    fn blanks_hang_past_the_edge() {
        assert_eq!(picture("abcde    fgh", 5), "abcde    |\nfgh|\n");
    }

    #[test]
    fn blanks_hang_after_a_lone_glyph_wider_than_the_row() {
        // Found by the render fuzz target: the blank after a two-column
        // glyph in a one-column row started the next row.
        assert_eq!(picture("漢 字", 1), "漢 |\n字|\n");
        assert_eq!(picture("。\n.", 1), "。\n|\n.|\n");
    }

    #[test]
    fn curly_quotes_and_dashes_wrap_like_letters() {
        assert_eq!(
            picture("“Close it,” she said — twice.", 12),
            "“Close it,” |\nshe said — |\ntwice.|\n"
        );
    }

    #[test]
    fn cjk_breaks_between_ideographs_and_keeps_punctuation() {
        assert_eq!(
            picture("漢字を読む。本を読む", 10),
            "漢字を読|\nむ。本を読|\nむ|\n"
        );
        assert_eq!(picture("日本語のテキスト", 6), "日本語|\nのテキ|\nスト|\n");
    }

    #[test]
    fn emoji_and_combining_marks_are_never_split() {
        let text = "ab 👩\u{200d}💻👩\u{200d}💻 e\u{301}e\u{301}e\u{301}";
        assert_eq!(
            picture(text, 4),
            "ab |\n👩\u{200d}💻👩\u{200d}💻 |\ne\u{301}e\u{301}e\u{301}|\n"
        );
        assert_eq!(picture("👋🏽🇯🇵", 3), "👋🏽|\n🇯🇵|\n");
    }

    #[test]
    fn right_to_left_text_stays_in_logical_order() {
        assert_eq!(picture("שלום עולם טוב", 5), "שלום |\nעולם |\nטוב|\n");
    }

    #[test]
    fn empty_unit_has_one_row() {
        assert_eq!(row_starts(b"", 10), vec![0]);
    }

    fn article_text() -> impl Strategy<Value = String> {
        article_text_with(&["\t"])
    }

    /// Paragraphs of words, blanks, CJK, clusters, RTL and controls, with
    /// `extra` pieces too.
    pub(super) fn article_text_with(extra: &[&'static str]) -> impl Strategy<Value = String> {
        let pieces = [
            "a",
            "word",
            " ",
            "  ",
            "漢",
            "e\u{301}",
            "👩\u{200d}💻",
            "—",
            "שלום",
            "。",
            "\u{1b}",
        ];
        let fixed: Vec<String> = pieces.iter().chain(extra).map(|p| p.to_string()).collect();
        proptest::collection::vec(
            prop_oneof![proptest::sample::select(fixed), "[a-z]{1,14}"],
            0..70,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn no_row_is_wider_than_the_width(text in article_text(), width in 2usize..40) {
            let starts = row_starts(text.as_bytes(), width);
            for (i, &s) in starts.iter().enumerate() {
                let e = starts.get(i + 1).map_or(text.len(), |&e| e as usize);
                prop_assert!(e > s as usize || text.is_empty(), "empty row");
                let row = &text[s as usize..e];
                prop_assert!(display_width(row) <= width, "row {row:?} wider than {width}");
            }
        }

        #[test]
        fn joining_rows_gives_back_the_paragraph(text in article_text(), width in 1usize..40) {
            let starts = row_starts(text.as_bytes(), width);
            prop_assert_eq!(starts[0], 0);
            prop_assert!(starts.windows(2).all(|w| w[0] < w[1]));
            // Every start is a grapheme boundary: it is a glyph start.
            let glyph_starts: Vec<usize> = Glyphs::new(text.as_bytes()).map(|g| g.start).collect();
            for &s in &starts[1..] {
                prop_assert!(glyph_starts.contains(&(s as usize)));
            }
        }

        #[test]
        fn ascii_fast_path_agrees_with_the_general_rule(
            text in "[a-z .,!?)]{0,80}", width in 1usize..30, start_frac in 0usize..100
        ) {
            let bytes = text.as_bytes();
            let start = if bytes.is_empty() { 0 } else { start_frac * (bytes.len() - 1) / 100 };
            if let Some(fast) = ascii_row_end(bytes, start, width) {
                prop_assert_eq!(fast, unicode_row_end(bytes, start, width));
            }
        }
    }
}

#[cfg(test)]
mod typeset_tests;
