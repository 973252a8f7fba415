//! The rendered view of one wrap unit: which of its bytes are shown, how
//! (styles, replacements) and the decorations drawn before its rows.
//! Offsets are **byte** offsets into the document, ranges half-open.

use crate::glyph::Glyphs;
use crate::wrap::{Dress, Typeset};
use std::ops::Range;

/// How a piece of text looks (combined flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Look {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    pub link: bool,
    /// A heading's level (0: not a heading).
    pub heading: u8,
    /// Markup kept visible but dimmed (HTML, footnote marks, decorations).
    pub dim: bool,
}

/// What is drawn for a span of source bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Show {
    /// Nothing: markup (zero width).
    Hidden,
    /// The source bytes themselves.
    Text(Look),
    /// This string instead (sanitised when drawn).
    Replace(String, Look),
}

/// A piece of the unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub show: Show,
}

/// A link's shown text and where it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub range: Range<usize>,
    pub url: String,
}

/// The rendered view of one wrap unit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// The unit's bytes.
    pub unit: Range<usize>,
    /// Contiguous pieces covering `unit`, in order.
    pub spans: Vec<Span>,
    /// Drawn before the first row (bullet, quote bars, heading mark).
    pub first: String,
    /// Drawn before every other row (the hanging indent, quote bars).
    pub rest: String,
    /// How the decorations look.
    pub deco: Look,
    /// A thematic break: the row is a rule across the width.
    pub rule: bool,
    /// Rows are not reflowed but cut by glyph (code).
    pub code: bool,
    /// Prose (a paragraph, a list item, a quote): its rows are hyphenated
    /// and justified as the article's typeset says; other views' rows
    /// (headings, code, tables, rules) never are.
    pub prose: bool,
    pub links: Vec<Link>,
}

/// Columns `s` takes.
pub fn width_of(s: &str) -> usize {
    let mut col = 0;
    for g in Glyphs::new(s.as_bytes()) {
        col += g.width_at(col);
    }
    col
}

impl View {
    /// A view showing every byte of `unit` as it is, in `look`.
    pub fn plain(unit: Range<usize>, look: Look) -> View {
        View {
            spans: vec![Span {
                range: unit.clone(),
                show: Show::Text(look),
            }],
            unit,
            ..View::default()
        }
    }

    /// A view of `unit` showing `pieces` (the rest hidden).
    pub fn from_spans(unit: Range<usize>, pieces: Vec<Span>) -> View {
        View {
            spans: Self::from_pieces(unit.clone(), pieces),
            unit,
            ..View::default()
        }
    }

    /// Build from pieces that may leave gaps (hidden) and may overlap
    /// (later overlapping pieces are dropped).
    pub fn from_pieces(unit: Range<usize>, mut pieces: Vec<Span>) -> Vec<Span> {
        pieces.sort_by_key(|s| s.range.start);
        let mut out = Vec::with_capacity(pieces.len() * 2 + 1);
        let mut at = unit.start;
        for p in pieces {
            let r = p.range.start.max(unit.start)..p.range.end.min(unit.end);
            if r.start < at || (r.is_empty() && !matches!(p.show, Show::Replace(..))) {
                continue;
            }
            if r.start > at {
                out.push(Span {
                    range: at..r.start,
                    show: Show::Hidden,
                });
            }
            at = r.end;
            out.push(Span {
                range: r,
                show: p.show,
            });
        }
        if at < unit.end {
            out.push(Span {
                range: at..unit.end,
                show: Show::Hidden,
            });
        }
        out
    }

    /// Hide the shown source byte `p` (a piece of markup the unit alone
    /// does not tell, such as a hard break's backslash).
    pub fn hide(&mut self, p: usize) {
        let Some(i) = self.spans.iter().position(|s| s.range.contains(&p)) else {
            return;
        };
        let Show::Text(look) = self.spans[i].show else {
            return;
        };
        let range = self.spans[i].range.clone();
        let piece = |range: Range<usize>, show| Span { range, show };
        let parts = [
            piece(range.start..p, Show::Text(look)),
            piece(p..p + 1, Show::Hidden),
            piece(p + 1..range.end, Show::Text(look)),
        ];
        self.spans
            .splice(i..=i, parts.into_iter().filter(|s| !s.range.is_empty()));
    }

    /// Make every replacement fit the room left of `width` columns after
    /// the decorations (the layout cannot cut a replacement between rows):
    /// an image's mark becomes a bare `[` there, and any other replacement
    /// wider than the room is cut to it.
    pub fn fit(&mut self, width: usize) {
        let room = width.saturating_sub(self.deco_width()).max(1);
        for s in &mut self.spans {
            if let Show::Replace(t, _) = &mut s.show
                && width_of(t) > room
            {
                *t = if t == super::inline::IMAGE_MARK {
                    super::inline::IMAGE_MARK_NARROW.to_string()
                } else {
                    cut_to(t, room)
                };
            }
        }
    }

    /// Columns of the widest decoration.
    pub fn deco_width(&self) -> usize {
        width_of(&self.first).max(width_of(&self.rest))
    }

    /// The shown text as it is wrapped and, for each of its bytes'
    /// pieces, where it starts in the shown text and which span it is.
    fn shown(&self, bytes: &[u8]) -> (Vec<u8>, Vec<(usize, usize)>) {
        let mut text = Vec::new();
        let mut map = Vec::new();
        for (i, s) in self.spans.iter().enumerate() {
            match &s.show {
                Show::Hidden => {}
                Show::Text(_) => {
                    map.push((text.len(), i));
                    text.extend_from_slice(&bytes[s.range.clone()]);
                }
                // Blanks that stand for no source byte (a tab's columns
                // past the item's indentation) cannot end a row: a row
                // starts at a source byte, and the text after them starts
                // at the same one. Wrapped as a word, they stay with it.
                Show::Replace(r, _) if s.range.is_empty() && r.bytes().all(|b| b == b' ') => {
                    map.push((text.len(), i));
                    text.extend(std::iter::repeat_n(b'x', r.len()));
                }
                Show::Replace(r, _) => {
                    map.push((text.len(), i));
                    text.extend_from_slice(r.as_bytes());
                }
            }
        }
        (text, map)
    }

    /// Row starts relative to the unit when its shown text is wrapped at
    /// `width` columns less the decorations, as `typeset` says (the
    /// article's wrapping; hyphenated only when prose). Code is cut at the
    /// edge. A replacement is never cut (a row starts at a source byte): a
    /// cut inside one moves before it, or after it when it starts the
    /// row, and the rest is wrapped again from there (so no row is wider
    /// than the wrap made it).
    pub fn row_starts(&self, bytes: &[u8], width: usize, typeset: Typeset) -> Vec<u32> {
        let (text, map) = self.shown(bytes);
        let room = self.room(width);
        let typeset = self.typeset(typeset);
        let mut out = vec![0u32];
        // Where the rows being wrapped start in the shown text.
        let mut from = 0;
        'wrap: while from < text.len() {
            let rest = &text[from..];
            let starts = if self.code {
                cut_rows(rest, room)
            } else {
                crate::wrap::rows(rest, room, typeset)
            };
            let mut row = from;
            for s in starts.into_iter().skip(1) {
                let s = from + s as usize;
                let k = map.partition_point(|&(t, _)| t <= s) - 1;
                let (t, i) = map[k];
                let span = &self.spans[i];
                // A row starting right after blanks that stand for no
                // source byte would draw them (they sit at its start
                // byte): wrapped again from them, so they start the row.
                if let Some(blanks) = self.blanks_before(&map, k, s)
                    && blanks > row
                {
                    self.push_row(&mut out, span.range.start);
                    from = blanks;
                    continue 'wrap;
                }
                let (src, at) = match &span.show {
                    Show::Text(_) => (span.range.start + (s - t), s),
                    _ if s == t => (span.range.start, s),
                    // Inside a replacement: before it, or after it when
                    // the row starts with it; wrapped again from there.
                    Show::Replace(r, _) => {
                        let (src, at) = if t > row {
                            (span.range.start, t)
                        } else {
                            // After it, and after the blanks that follow
                            // (a row never starts with a blank).
                            self.past_blanks(&text, &map, span.range.end, t + r.len())
                        };
                        self.push_row(&mut out, src);
                        from = at.max(from + 1);
                        continue 'wrap;
                    }
                    Show::Hidden => (span.range.start, s),
                };
                self.push_row(&mut out, src);
                row = at;
            }
            break;
        }
        out
    }

    /// Columns the rows' text is wrapped in at `width`: less the widest
    /// decoration.
    fn room(&self, width: usize) -> usize {
        width.saturating_sub(self.deco_width()).max(1)
    }

    /// How this view's rows are set when the article's are set as
    /// `typeset`: the same wrapping, hyphens and widened gaps only in
    /// prose.
    fn typeset(&self, typeset: Typeset) -> Typeset {
        Typeset {
            wrap: typeset.wrap,
            hyphenate: typeset.hyphenate && self.prose,
            justify: typeset.justify && self.prose,
        }
    }

    /// What the row `range` shows besides its glyphs at `width` columns
    /// (`last`: it ends its paragraph): [`crate::wrap::dress`] over the
    /// text the row shows, with the shown text around it (markup left
    /// out) to find the word a hyphen would split. Rows of views that are
    /// not prose wear none.
    pub fn dress(
        &self,
        bytes: &[u8],
        range: Range<usize>,
        width: usize,
        last: bool,
        typeset: Typeset,
    ) -> Dress {
        let typeset = self.typeset(typeset);
        if !typeset.hyphenate && !typeset.justify {
            return Dress::default();
        }
        let (text, row) = self.shown_around(bytes, &range);
        crate::wrap::dress(&text, row, self.room(width), last, typeset)
    }

    /// True when the row `range` draws the replacement starting at source
    /// byte `p`: it starts in the row, or the row ends the unit and an
    /// empty replacement is at its end.
    pub(super) fn draws_replacement(&self, range: &Range<usize>, p: usize) -> bool {
        (range.start <= p && p < range.end) || (range.end == self.unit.end && p == range.end)
    }

    /// The text shown around the row `range` (at least
    /// [`crate::wrap::HYPHEN_REACH`] bytes each way, as far as the unit
    /// goes: what decides its hyphen) and where the row's own shown text
    /// is in it.
    fn shown_around(&self, bytes: &[u8], range: &Range<usize>) -> (Vec<u8>, Range<usize>) {
        let need = crate::wrap::HYPHEN_REACH;
        let mut reach = need;
        loop {
            let from = crate::text::safe_cut(bytes, range.start.saturating_sub(reach));
            let to = crate::text::safe_cut(bytes, (range.end + reach).min(self.unit.end));
            let (mut before, mut inside, mut after) = (Vec::new(), Vec::new(), Vec::new());
            let first = self.spans.partition_point(|s| s.range.end < from);
            for s in &self.spans[first..] {
                let r = &s.range;
                if r.start > to {
                    break;
                }
                match &s.show {
                    Show::Hidden => {}
                    Show::Text(_) => {
                        let clip =
                            |a: usize, b: usize| &bytes[r.start.clamp(a, b)..r.end.clamp(a, b)];
                        before.extend_from_slice(clip(from, range.start));
                        inside.extend_from_slice(clip(range.start, range.end));
                        after.extend_from_slice(clip(range.end, to));
                    }
                    Show::Replace(t, _) if self.draws_replacement(range, r.start) => {
                        inside.extend_from_slice(t.as_bytes())
                    }
                    Show::Replace(t, _) if r.start < range.start => {
                        before.extend_from_slice(t.as_bytes())
                    }
                    Show::Replace(t, _) => after.extend_from_slice(t.as_bytes()),
                }
            }
            // Hidden markup (a link's address) may leave too little shown.
            let enough = (before.len() >= need || from <= self.unit.start)
                && (after.len() >= need || to >= self.unit.end);
            if enough {
                let row = before.len()..before.len() + inside.len();
                before.append(&mut inside);
                before.append(&mut after);
                return (before, row);
            }
            reach *= 2;
        }
    }

    /// The source byte and shown-text offset past the blanks that start
    /// the shown text at `at` (source byte `src`): the source's own, and
    /// soft line breaks shown as a blank.
    fn past_blanks(
        &self,
        text: &[u8],
        map: &[(usize, usize)],
        mut src: usize,
        mut at: usize,
    ) -> (usize, usize) {
        while at < text.len() && matches!(text[at], b' ' | b'\n' | b'\r') {
            let k = map.partition_point(|&(t, _)| t <= at) - 1;
            let (t, i) = map[k];
            let span = &self.spans[i];
            match &span.show {
                Show::Text(_) => {
                    src = span.range.start + (at - t) + 1;
                    at += 1;
                }
                // A soft line break, shown as a blank.
                Show::Replace(r, _) if at == t && !r.is_empty() && r.bytes().all(|b| b == b' ') => {
                    src = span.range.end;
                    at += r.len();
                }
                _ => break,
            }
        }
        (src, at)
    }

    /// Where in the shown text the blanks that stand for no source byte
    /// start when they end exactly at `s`, the start of map entry `k`'s
    /// piece, and sit at that piece's first source byte.
    fn blanks_before(&self, map: &[(usize, usize)], k: usize, s: usize) -> Option<usize> {
        let (t, i) = map[k];
        let (tb, b) = *map.get(k.checked_sub(1)?)?;
        let blanks = &self.spans[b];
        let at_same_byte =
            blanks.range.is_empty() && blanks.range.start == self.spans[i].range.start;
        match &blanks.show {
            Show::Replace(r, _) if s == t && at_same_byte && tb + r.len() == s => Some(tb),
            _ => None,
        }
    }

    /// Add the row starting at source byte `src` (when it is after the
    /// last one and in the unit).
    fn push_row(&self, out: &mut Vec<u32>, src: usize) {
        let rel = (src - self.unit.start) as u32;
        if rel > *out.last().unwrap() && src < self.unit.end {
            out.push(rel);
        }
    }

    /// The shown text of the source bytes `range` (for quotes).
    pub fn text_of(&self, bytes: &[u8], range: &Range<usize>) -> String {
        let mut out = String::new();
        for s in &self.spans {
            let r = s.range.start.max(range.start)..s.range.end.min(range.end);
            if r.start >= r.end && !(r.start == r.end && s.range.is_empty()) {
                continue;
            }
            match &s.show {
                Show::Hidden => {}
                Show::Text(_) => out.push_str(&String::from_utf8_lossy(&bytes[r])),
                Show::Replace(t, _)
                    if s.range.start >= range.start && s.range.start < range.end =>
                {
                    out.push_str(t)
                }
                Show::Replace(..) => {}
            }
        }
        out
    }
}

/// The first glyphs of `s` that fit in `room` columns.
fn cut_to(s: &str, room: usize) -> String {
    let mut col = 0;
    let mut end = 0;
    for g in Glyphs::new(s.as_bytes()) {
        let w = g.width_at(col);
        if col + w > room {
            break;
        }
        col += w;
        end = g.end;
    }
    s[..end].to_string()
}

/// Rows of at most `width` columns, cut between glyphs (code keeps its
/// spacing; no word wrap). A row does not end with blanks that a glyph
/// after them had no room for: they start the next row, where they can be
/// seen (at a row's end they would look like nothing), unless the row
/// holds nothing else.
fn cut_rows(text: &[u8], width: usize) -> Vec<u32> {
    let mut out = vec![0u32];
    let mut col = 0;
    // The blanks at the end of the row so far.
    let mut trailing: Vec<crate::glyph::Glyph> = Vec::new();
    let mut inked = false;
    for g in Glyphs::new(text) {
        let w = g.width_at(col);
        if col + w > width && col > 0 {
            col = 0;
            if inked && !trailing.is_empty() {
                out.push(trailing[0].start as u32);
                for b in &trailing {
                    col += b.width_at(col);
                }
                if col + g.width_at(col) > width {
                    // The blanks fill the row on their own.
                    out.push(g.start as u32);
                    col = 0;
                    trailing.clear();
                }
            } else {
                out.push(g.start as u32);
                trailing.clear();
            }
            inked = false;
        }
        if g.is_blank() {
            trailing.push(g);
        } else {
            trailing.clear();
            inked = true;
        }
        col += g.width_at(col);
    }
    out
}
