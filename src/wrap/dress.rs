//! How a row is drawn beyond its glyphs: columns added to the gaps
//! between its words (justified text) and a hyphen after its last glyph
//! (hyphenated text). Both are display only: no byte stands for them. A
//! widened gap belongs to the blank that starts it, so a screen cell maps
//! to the same byte as without justification. A row is justified unless
//! it ends its paragraph, has one word, is CJK only, holds a tab, or would
//! have its gaps widened by more than [`WIDEST`] columns on average; [`Cells`] is the one walk
//! of a row's glyphs with their columns, for drawing and for the mouse,
//! and [`split`] shares a row's dress among the pieces of a row drawn in
//! pieces (rendered Markdown).

use super::Typeset;
use super::pieces::{breaks_around, first_char};
use crate::glyph::{Glyph, Glyphs};

/// A row whose gaps would each be widened by more than this many columns
/// on average is left ragged (a row before a word too long to share it).
pub const WIDEST: usize = 4;

/// What a row shows besides its glyphs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dress {
    /// Columns added to the row's gaps, spread over `gaps` of them.
    pub extra: u16,
    /// Gaps (runs of blanks between two glyphs of the row) widened.
    pub gaps: u16,
    /// A hyphen is drawn after the row's last glyph.
    pub hyphen: bool,
    /// Where the glyphs dressed sit in their row, when a row is drawn in
    /// pieces (rendered Markdown, see [`split`]); the default is a whole
    /// row.
    pub within: Within,
}

/// What a piece of a row (drawn after the row's earlier pieces) needs to
/// know of the rest of the row to widen its gaps as the whole row would.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Within {
    /// Gaps of the row that start before the piece.
    pub gap: u16,
    /// The row shows a glyph that is not blank before the piece.
    pub text_before: bool,
    /// The glyph shown just before the piece is a blank.
    pub blank_before: bool,
    /// The row shows a glyph that is not blank after the piece.
    pub text_after: bool,
}

/// The dress of the row `bytes[range]` drawn `width` columns wide;
/// `last` when the row ends its paragraph.
pub fn dress(
    bytes: &[u8],
    range: std::ops::Range<usize>,
    width: usize,
    last: bool,
    typeset: Typeset,
) -> Dress {
    let mut d = Dress::default();
    if !typeset.hyphenate && !typeset.justify || range.is_empty() {
        return d;
    }
    let row = &bytes[range.clone()];
    let hyphen = typeset.hyphenate && !last && super::hyphen::hyphen_at(bytes, range.end);
    let mut cols = 0usize;
    let mut content = 0usize; // columns up to the last glyph that is not blank
    let mut gaps = 0u16;
    let mut in_blank = false;
    let mut latin = false;
    let mut tab = false;
    for g in Glyphs::new(row) {
        cols += g.width_at(cols);
        tab |= g.shape == crate::glyph::Shape::Tab;
        if g.is_blank() {
            in_blank |= cols > 0;
            continue;
        }
        if in_blank && content > 0 {
            gaps += 1;
        }
        in_blank = false;
        content = cols;
        latin |= first_char(&g).is_some_and(is_latin);
    }
    // A hyphen is drawn where there is room for it.
    d.hyphen = hyphen && content < width;
    if !typeset.justify || last || tab {
        return d;
    }
    let used = content + usize::from(d.hyphen);
    if gaps == 0 || !latin || used >= width || width - used > WIDEST * gaps as usize {
        return d;
    }
    d.extra = (width - used).min(u16::MAX as usize) as u16;
    d.gaps = gaps;
    d
}

/// One glyph of a row with the column it is drawn at and its width there
/// (a widened blank is wider).
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    pub glyph: Glyph<'a>,
    pub col: usize,
    pub width: usize,
}

/// The glyphs of a row with their columns, gaps widened as `dress` says.
pub struct Cells<'a> {
    glyphs: std::iter::Peekable<Glyphs<'a>>,
    dress: Dress,
    col: usize,
    gap: u16,
    seen_text: bool,
    prev_blank: bool,
}

impl<'a> Cells<'a> {
    /// The cells of `row` (or of a piece of a row: `dress.within`).
    pub fn new(row: &'a [u8], dress: Dress) -> Self {
        Cells {
            glyphs: Glyphs::new(row).peekable(),
            dress,
            col: 0,
            gap: dress.within.gap,
            seen_text: dress.within.text_before,
            prev_blank: dress.within.blank_before,
        }
    }

    /// Where a piece drawn after the glyphs walked so far sits in the row
    /// (its `text_after` left for the caller).
    fn within_after(&self) -> Within {
        Within {
            gap: self.gap,
            text_before: self.seen_text,
            blank_before: self.prev_blank,
            text_after: false,
        }
    }

    /// Columns added to gap `i`: the extra spread evenly, the odd columns
    /// at even intervals.
    fn share(&self, i: u16) -> usize {
        let (extra, gaps) = (self.dress.extra as usize, self.dress.gaps as usize);
        let i = i as usize;
        (i + 1) * extra / gaps - i * extra / gaps
    }
}

impl<'a> Iterator for Cells<'a> {
    type Item = Cell<'a>;

    fn next(&mut self) -> Option<Cell<'a>> {
        let glyph = self.glyphs.next()?;
        let mut width = glyph.width_at(self.col);
        let blank = glyph.is_blank();
        if blank && !self.prev_blank && self.seen_text && self.gap < self.dress.gaps {
            // The first blank of a gap: is a glyph that is not blank after it?
            let inner = self.dress.within.text_after || self.glyphs.clone().any(|g| !g.is_blank());
            if inner {
                width += self.share(self.gap);
                self.gap += 1;
            }
        }
        self.seen_text |= !blank;
        self.prev_blank = blank;
        let cell = Cell {
            glyph,
            col: self.col,
            width,
        };
        self.col += width;
        Some(cell)
    }
}

/// The dress of each piece of a row drawn in pieces one after the other
/// (`pieces`: the bytes each shows, as rendered Markdown draws a row's
/// spans), from the row's `dress` over the text they show together: each
/// piece widens the row's gaps that start in it by the same columns as
/// the whole row would, and the last piece draws the hyphen.
pub fn split(dress: Dress, pieces: &[&[u8]]) -> Vec<Dress> {
    let shows_text = |p: &[u8]| Glyphs::new(p).any(|g| !g.is_blank());
    // Whether a later piece shows a glyph that is not blank, per piece.
    let mut text_after = vec![false; pieces.len()];
    for i in (1..pieces.len()).rev() {
        text_after[i - 1] = text_after[i] || shows_text(pieces[i]);
    }
    let mut within = Within::default();
    let mut out = Vec::with_capacity(pieces.len());
    for (i, piece) in pieces.iter().enumerate() {
        let d = Dress {
            hyphen: dress.hyphen && i + 1 == pieces.len(),
            within: Within {
                text_after: text_after[i],
                ..within
            },
            ..dress
        };
        let mut cells = Cells::new(piece, d);
        cells.by_ref().for_each(drop);
        within = cells.within_after();
        out.push(d);
    }
    out
}

/// Whether `c` makes a row one to justify: a letter or digit of a script
/// that puts spaces between words (not CJK ideographs, kana or hangul).
/// Punctuation and symbols, CJK ones (`、` `。` `「`) included, do not.
fn is_latin(c: char) -> bool {
    c.is_alphanumeric() && !breaks_around(c)
}
