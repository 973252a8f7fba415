//! A wrap unit as `textwrap` fragments: the runs of glyphs a row may not
//! break inside, each with its **byte** range in the unit and its width in
//! columns, the blanks after it and whether a row ending after it shows a
//! hyphen.
//!
//! Break opportunities are the greedy rule's (see [`crate::wrap`]): after
//! blanks, before and after CJK ideographs (closing punctuation stays with
//! what it closes: [`breaking`]), at dictionary hyphenation points and after a hyphen
//! between letters when hyphenating, and between grapheme clusters of a
//! word wider than the row. A piece may be zero columns wide (leading
//! blanks, or glyphs laid out with no width), which the algorithms take
//! as they come.

use crate::glyph::{Glyph, Glyphs, Shape};
use textwrap::core::Fragment;

/// One unbreakable run: `[start, end)` are byte offsets into the unit of
/// its glyphs, followed by blanks up to the next piece's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub start: u32,
    pub end: u32,
    /// Columns of its glyphs.
    pub width: u32,
    /// Columns of the blanks after it (hang past the edge at a row's end).
    pub blank: u32,
    /// A row ending after this piece shows a hyphen (one column).
    pub hyphen: bool,
}

impl Fragment for Piece {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.blank as f64
    }
    fn penalty_width(&self) -> f64 {
        if self.hyphen { 1.0 } else { 0.0 }
    }
}

/// True for ideographic scripts where a line may break between any two
/// characters (CJK ideographs, kana, hangul, fullwidth forms).
pub(crate) fn breaks_around(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFF60
        | 0x20000..=0x3FFFF)
}

/// Full-width closing punctuation (a small kinsoku set): never starts a
/// row, and a row may break after it.
fn closes_wide(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '」'
            | '』'
            | '）'
            | '！'
            | '？'
            | '：'
            | '；'
            | 'ー'
            | '〕'
            | '》'
            | '〉'
    )
}

/// Narrow closing punctuation, UAX #14's CL, CP, EX and IS classes in
/// spirit (and the closing double quote): never starts a row, even after
/// blanks (its LB13), and a row breaks after it only where it could break
/// anyway (no break inside `3.14` or `e.g`).
pub(crate) fn closes_narrow(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '”')
}

/// Quotes that close when they follow a glyph (`"` `'` `’` `»` `›`) but
/// may open after a blank: no break before them when they touch what
/// comes before.
fn closes_touching(c: char) -> bool {
    matches!(c, '"' | '\'' | '’' | '»' | '›')
}

/// How a glyph takes part in line breaking, as the greedy rule and the
/// pieces both read it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Breaking {
    /// An ideograph (or kana, hangul): a row may break before it.
    pub ideographic: bool,
    /// Closing punctuation: no break before it (it stays with what it
    /// closes, across blanks too unless it is a quote that may open).
    pub closing: bool,
    /// A row may break after it.
    pub break_after: bool,
}

/// How glyph `g` takes part in line breaking; `after_blank` when the glyph
/// before it is a blank.
fn breaking(g: &Glyph, after_blank: bool) -> Breaking {
    let Some(c) = first_char(g) else {
        return Breaking {
            ideographic: false,
            closing: false,
            break_after: false,
        };
    };
    let ideographic = breaks_around(c);
    Breaking {
        ideographic,
        closing: closes_wide(c) || closes_narrow(c) || (!after_blank && closes_touching(c)),
        break_after: ideographic || closes_wide(c),
    }
}

/// Reads a run of glyphs in order for line breaking (the greedy rule and
/// [`words`] both walk with one).
#[derive(Default)]
pub(crate) struct BreakScan {
    after_blank: bool,
}

impl BreakScan {
    /// How the next glyph `g` takes part in breaking; `None` for a blank.
    pub fn next(&mut self, g: &Glyph) -> Option<Breaking> {
        if g.is_blank() {
            self.after_blank = true;
            return None;
        }
        let b = breaking(g, self.after_blank);
        self.after_blank = false;
        Some(b)
    }
}

/// The first char of a text glyph.
pub(crate) fn first_char(g: &Glyph) -> Option<char> {
    match g.shape {
        Shape::Text(t, _) => t.chars().next(),
        _ => None,
    }
}

/// The pieces of `unit` for rows `width` columns wide, hyphenated at the
/// dictionary's points when `hyphenate`. Tabs must not occur (their width
/// depends on the column; the caller wraps such units greedily).
pub fn pieces(unit: &[u8], width: usize, hyphenate: bool) -> Vec<Piece> {
    let mut out = words(unit);
    if hyphenate {
        out = super::hyphen::split(unit, out);
    }
    fit(unit, out, width)
}

/// `pieces` wider than `width` cut as [`chunk`] says; the others as they are.
pub(crate) fn fit(unit: &[u8], pieces: Vec<Piece>, width: usize) -> Vec<Piece> {
    if pieces.iter().any(|p| p.width as usize > width) {
        chunk(unit, pieces, width.max(1))
    } else {
        pieces
    }
}

/// The pieces of `unit` before hyphenation and before cutting pieces wider
/// than a row: its words (and CJK glyphs) with the blanks after them.
pub(crate) fn words(unit: &[u8]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(unit.len() / 5 + 1);
    // May the next glyph start a piece of its own (a break before it)?
    let mut open = true;
    let mut scan = BreakScan::default();
    for g in Glyphs::new(unit) {
        let w = g.width_at(0) as u32;
        let Some(b) = scan.next(&g) else {
            match out.last_mut() {
                Some(p) => p.blank += w,
                None => out.push(piece_at(g.start, 0, w)),
            }
            open = true;
            continue;
        };
        match out.last_mut() {
            // Keep closing punctuation with what it closes, even across blanks.
            Some(p) if b.closing => {
                p.width += p.blank + w;
                p.blank = 0;
                p.end = g.end as u32;
            }
            Some(p) if !open && !b.ideographic => {
                p.width += w;
                p.end = g.end as u32;
            }
            _ => {
                let mut p = piece_at(g.start, w, 0);
                p.end = g.end as u32;
                out.push(p);
            }
        }
        open = b.break_after;
    }
    out
}

fn piece_at(start: usize, width: u32, blank: u32) -> Piece {
    Piece {
        start: start as u32,
        end: start as u32,
        width,
        blank,
        hyphen: false,
    }
}

/// Pieces wider than `width` cut between grapheme clusters into runs of
/// at most `width` columns from their start (a lone wider glyph stays
/// whole), as the greedy rule cuts a word longer than the row.
fn chunk(unit: &[u8], pieces: Vec<Piece>, width: usize) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len() + 8);
    for p in pieces {
        if p.width as usize <= width {
            out.push(p);
            continue;
        }
        let mut cur = piece_at(p.start as usize, 0, 0);
        for g in Glyphs::starting_at(&unit[..p.end as usize], p.start as usize) {
            let w = g.width_at(0) as u32;
            if g.is_blank() {
                // Only inside a piece that closing punctuation joined.
                cur.blank += w;
                continue;
            }
            if g.start > cur.start as usize && (cur.width + cur.blank + w) as usize > width {
                if cur.start == p.start {
                    // The run starts a row, as the greedy rule starts a
                    // word longer than the row on a row of its own.
                    cur.width = cur.width.max(width as u32);
                }
                out.push(cur);
                cur = piece_at(g.start, 0, 0);
            }
            cur.width += cur.blank + w;
            cur.blank = 0;
            cur.end = g.end as u32;
        }
        cur.blank += p.blank;
        cur.hyphen = p.hyphen;
        out.push(cur);
    }
    out
}

/// Columns of `unit[start..end]` (no tabs).
pub(crate) fn width_of(unit: &[u8], start: usize, end: usize) -> u32 {
    Glyphs::starting_at(&unit[..end], start)
        .map(|g| g.width_at(0) as u32)
        .sum()
}
