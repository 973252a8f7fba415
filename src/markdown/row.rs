//! One row as it is drawn: its pieces from left to right, each at the
//! column where it starts. The one place that says which column shows
//! which source byte — drawing (`ui/markdown`) and the mouse
//! (`App::byte_at_cell`) both walk these pieces, so a cell maps to the
//! byte drawn there, markup and hidden page breaks taking no column.
//! Offsets are byte offsets into the document, ranges half-open; columns
//! count from the row's left edge, the decoration included.

use super::view::{Look, Show, View};
use crate::wrap::{Cells, Dress};
use std::ops::Range;

/// What a piece of a row draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drawn {
    /// The decoration (sanitised): a bullet, quote bars, an indent.
    Deco(String),
    /// The source bytes `range` as they are, gaps widened as `dress` says.
    Text {
        range: Range<usize>,
        look: Look,
        dress: Dress,
    },
    /// A string (sanitised) drawn for the source bytes from `at`, gaps
    /// widened as `dress` says.
    Replace(String, Look, usize, Dress),
}

/// A piece of a row and the column it starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub col: usize,
    pub drawn: Drawn,
}

/// Columns the glyphs of `bytes` take when drawn from column 0 in `width`
/// columns: up to the first glyph that does not fit.
pub fn fitted(bytes: &[u8], dress: Dress, width: usize) -> usize {
    Cells::new(bytes, dress)
        .take_while(|c| c.col + c.width <= width)
        .last()
        .map_or(0, |c| c.col + c.width)
}

/// A row with no view: its bytes `range` from column 0.
pub fn plain(range: Range<usize>, dress: Dress) -> Vec<Placed> {
    vec![Placed {
        col: 0,
        drawn: Drawn::Text {
            range,
            look: Look::default(),
            dress,
        },
    }]
}

impl View {
    /// The pieces of the row `range` of this view drawn `width` columns
    /// wide; `first` when it is the unit's first row; `dress` the row's
    /// ([`View::dress`]), shared among its pieces. A rule has none.
    pub fn row(
        &self,
        bytes: &[u8],
        range: Range<usize>,
        first: bool,
        width: usize,
        dress: Dress,
    ) -> Vec<Placed> {
        let mut out = Vec::new();
        if self.rule {
            return out;
        }
        let deco = crate::sanitize::line(if first { &self.first } else { &self.rest });
        let mut col = fitted(deco.as_bytes(), Dress::default(), width);
        out.push(Placed {
            col: 0,
            drawn: Drawn::Deco(deco),
        });
        let parts = self.parts(&range);
        let shown: Vec<&[u8]> = parts
            .iter()
            .map(|p| match p {
                Drawn::Text { range, .. } => &bytes[range.clone()],
                Drawn::Replace(text, ..) => text.as_bytes(),
                Drawn::Deco(deco) => deco.as_bytes(),
            })
            .collect();
        let dresses = crate::wrap::split_dress(dress, &shown);
        for ((drawn, text), d) in parts.iter().zip(&shown).zip(dresses) {
            if col >= width {
                break;
            }
            let mut drawn = drawn.clone();
            match &mut drawn {
                Drawn::Text { dress, .. } | Drawn::Replace(.., dress) => *dress = d,
                Drawn::Deco(_) => {}
            }
            let cols = fitted(text, d, width - col);
            out.push(Placed { col, drawn });
            col += cols;
        }
        out
    }

    /// What the row `range` shows, in order, undressed: its text (the
    /// parts of text spans in it) and its replacements.
    fn parts(&self, range: &Range<usize>) -> Vec<Drawn> {
        let dress = Dress::default();
        let mut out = Vec::new();
        for span in &self.spans {
            let r = &span.range;
            match &span.show {
                Show::Hidden => {}
                Show::Text(look) => {
                    let part = r.start.max(range.start)..r.end.min(range.end);
                    if part.start < part.end {
                        let look = *look;
                        out.push(Drawn::Text {
                            range: part,
                            look,
                            dress,
                        });
                    }
                }
                Show::Replace(text, look) if self.draws_replacement(range, r.start) => {
                    let text = crate::sanitize::line(text);
                    out.push(Drawn::Replace(text, *look, r.start, dress));
                }
                Show::Replace(..) => {}
            }
        }
        out
    }
}

/// The source byte drawn at column `x` of the row `row` made of `pieces`
/// in `width` columns: the glyph start under it; left of the first byte
/// shown (the decoration), that byte; past the last, the last glyph's
/// start (a blank hanging past the edge excepted). A replacement stands
/// for the byte it starts at (the row's last glyph when that is the row's
/// end). `None` when the row shows no byte.
pub fn byte_at(
    pieces: &[Placed],
    bytes: &[u8],
    row: Range<usize>,
    width: usize,
    x: usize,
) -> Option<usize> {
    let mut last = None;
    // Each cell drawn: its column, width, byte, and whether it counts
    // as the row's last (not a blank taking no column).
    let cells = pieces.iter().flat_map(|p| -> Box<dyn Iterator<Item = _>> {
        match &p.drawn {
            Drawn::Deco(_) => Box::new(std::iter::empty()),
            Drawn::Text { range, dress, .. } => Box::new(
                Cells::new(&bytes[range.clone()], *dress)
                    .take_while(move |c| p.col + c.col + c.width <= width)
                    .map(move |c| {
                        let shows = !c.glyph.is_blank() || c.width > 0;
                        (p.col + c.col, c.width, range.start + c.glyph.start, shows)
                    }),
            ),
            Drawn::Replace(text, _, at, dress) => {
                let w = fitted(text.as_bytes(), *dress, width.saturating_sub(p.col));
                Box::new(std::iter::once((p.col, w, *at, true)))
            }
        }
    });
    for (col, w, at, shows) in cells {
        let at = match last {
            _ if at < row.end => at,
            Some(l) => l,
            None => continue,
        };
        if x < col && last.is_none() || (x >= col && x < col + w.max(1)) {
            return Some(at);
        }
        if shows {
            last = Some(at);
        }
    }
    last.filter(|&at| at < row.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Span;

    /// `**very** good`: the asterisks hidden, a bullet before.
    fn bold() -> (&'static [u8], View) {
        let text: &[u8] = b"**very** good";
        let shown = |range| Span {
            range,
            show: Show::Text(Look::default()),
        };
        let mut view = View::from_spans(0..text.len(), vec![shown(2..6), shown(8..13)]);
        view.first = "- ".into();
        (text, view)
    }

    #[test]
    fn hidden_markup_takes_no_column() {
        let (text, view) = bold();
        let pieces = view.row(text, 0..text.len(), true, 20, Dress::default());
        let cols: Vec<usize> = pieces.iter().map(|p| p.col).collect();
        assert_eq!(cols, [0, 2, 6], "the bullet, `very`, ` good`");
        let at = |x| byte_at(&pieces, text, 0..text.len(), 20, x);
        // The bullet: the first byte shown; `v` at column 2, `g` at 7.
        assert_eq!(at(0), Some(2));
        assert_eq!(at(2), Some(2));
        assert_eq!(at(5), Some(5), "y");
        assert_eq!(at(6), Some(8), "the space after the hidden `**`");
        assert_eq!(at(7), Some(9), "g");
        assert_eq!(at(10), Some(12), "d");
        assert_eq!(at(15), Some(12), "past the end: the last glyph");
    }

    #[test]
    fn a_replacement_stands_for_its_first_byte_and_a_row_cut_short_clips() {
        let text: &[u8] = b"a &amp; b";
        let spans = vec![
            Span {
                range: 0..2,
                show: Show::Text(Look::default()),
            },
            Span {
                range: 2..7,
                show: Show::Replace("&".into(), Look::default()),
            },
            Span {
                range: 7..9,
                show: Show::Text(Look::default()),
            },
        ];
        let view = View::from_spans(0..text.len(), spans);
        let pieces = view.row(text, 0..text.len(), true, 4, Dress::default());
        let at = |x| byte_at(&pieces, text, 0..text.len(), 4, x);
        assert_eq!((at(1), at(2), at(3)), (Some(1), Some(2), Some(7)));
        assert_eq!(at(9), Some(7), "`b` does not fit in 4 columns");
    }

    #[test]
    fn a_plain_row_maps_widened_gaps_to_their_blank() {
        let text: &[u8] = b"ab cd";
        let dress = Dress {
            extra: 2,
            gaps: 1,
            ..Dress::default()
        };
        let pieces = plain(0..text.len(), dress);
        let at = |x| byte_at(&pieces, text, 0..text.len(), 7, x);
        assert_eq!((at(2), at(4), at(5)), (Some(2), Some(2), Some(3)));
    }
}
