//! Splitting raw article bytes into glyphs: the units that occupy screen
//! cells. A glyph is one grapheme cluster of valid UTF-8, or one maximal
//! invalid byte sequence (shown as U+FFFD, like `String::from_utf8_lossy`).
//!
//! Offsets here are **byte** offsets into the slice being iterated; the
//! caller adds the slice's position in the document.

use crate::sanitize;
use unicode_segmentation::{GraphemeIndices, UnicodeSegmentation};
use unicode_width::UnicodeWidthStr;

/// Columns a tab advances to: the next multiple of this.
pub const TAB_STOP: usize = 8;

/// What a glyph looks like on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape<'a> {
    /// Printable text (already safe), drawn as is; `width` is 1 or 2.
    Text(&'a str, u8),
    /// A stand-in symbol for something unsafe or invalid, one column wide.
    Symbol(char),
    /// A breakable space: an ASCII space, or a line break inside a
    /// reflowed paragraph. One column.
    Space,
    /// A tab: as many columns as reach the next tab stop.
    Tab,
    /// The CR of a CRLF pair: part of the line terminator, never shown.
    Hidden,
}

/// One glyph: the half-open byte range `[start, end)` it covers in the
/// iterated slice, and its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph<'a> {
    pub start: usize,
    pub end: usize,
    pub shape: Shape<'a>,
}

impl Glyph<'_> {
    /// Columns this glyph takes when it starts at column `col`.
    pub fn width_at(&self, col: usize) -> usize {
        match self.shape {
            Shape::Text(_, w) => w as usize,
            Shape::Symbol(_) | Shape::Space => 1,
            Shape::Tab => TAB_STOP - col % TAB_STOP,
            Shape::Hidden => 0,
        }
    }

    /// True for glyphs after which a row may break (spaces and tabs).
    pub fn is_blank(&self) -> bool {
        matches!(self.shape, Shape::Space | Shape::Tab | Shape::Hidden)
    }
}

/// Iterator over the glyphs of a byte slice.
#[derive(Clone)]
pub struct Glyphs<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// A run of valid UTF-8 being split into graphemes, and where it starts.
    run: Option<(usize, GraphemeIndices<'a>)>,
}

impl<'a> Glyphs<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Glyphs {
            bytes,
            pos: 0,
            run: None,
        }
    }

    /// Iterate from byte `pos`, which must be a glyph boundary.
    pub fn starting_at(bytes: &'a [u8], pos: usize) -> Self {
        Glyphs {
            bytes,
            pos,
            run: None,
        }
    }
}

/// True for bytes that are always a glyph on their own when the next byte
/// is ASCII too: printable ASCII.
fn is_printable_ascii(b: u8) -> bool {
    (0x20..0x7f).contains(&b)
}

impl<'a> Iterator for Glyphs<'a> {
    type Item = Glyph<'a>;

    fn next(&mut self) -> Option<Glyph<'a>> {
        loop {
            if let Some((base, graphemes)) = &mut self.run {
                if let Some((i, g)) = graphemes.next() {
                    let start = *base + i;
                    let end = start + g.len();
                    self.pos = end;
                    let next_is_lf = self.bytes.get(end) == Some(&b'\n');
                    return Some(Glyph {
                        start,
                        end,
                        shape: classify(g, next_is_lf),
                    });
                }
                self.run = None;
            }
            let bytes = self.bytes;
            let pos = self.pos;
            if pos >= bytes.len() {
                return None;
            }
            let b = bytes[pos];
            // Fast path: a printable ASCII byte not followed by a combining
            // sequence is a glyph by itself.
            if is_printable_ascii(b) && bytes.get(pos + 1).is_none_or(|&n| n < 0x80) {
                self.pos = pos + 1;
                let shape = if b == b' ' {
                    Shape::Space
                } else {
                    // Safe: a single printable ASCII byte is valid UTF-8.
                    let s = std::str::from_utf8(&bytes[pos..pos + 1]).unwrap_or("?");
                    Shape::Text(s, 1)
                };
                return Some(Glyph {
                    start: pos,
                    end: pos + 1,
                    shape,
                });
            }
            let chunk = bytes[pos..].utf8_chunks().next()?;
            if chunk.valid().is_empty() {
                let end = pos + chunk.invalid().len().max(1);
                self.pos = end;
                return Some(Glyph {
                    start: pos,
                    end,
                    shape: Shape::Symbol('\u{fffd}'),
                });
            }
            self.run = Some((pos, chunk.valid().grapheme_indices(true)));
        }
    }
}

/// Shape of one grapheme cluster of valid UTF-8.
fn classify(g: &str, next_is_lf: bool) -> Shape<'_> {
    let mut chars = g.chars();
    let first = chars.next().unwrap_or(' ');
    let single = chars.next().is_none();
    if single {
        match first {
            ' ' | '\n' => return Shape::Space,
            '\t' => return Shape::Tab,
            '\r' if next_is_lf => return Shape::Hidden,
            _ => {}
        }
        if let Some(sym) = sanitize::replacement(first) {
            return Shape::Symbol(sym);
        }
        if sanitize::is_joiner(first) {
            return Shape::Symbol('\u{fffd}');
        }
    } else if g == "\r\n" {
        // A CRLF inside a reflowed paragraph reads as one space.
        return Shape::Space;
    } else if g
        .chars()
        .any(|c| sanitize::replacement(c).is_some() && !sanitize::is_joiner(c))
    {
        // Never reached with Unicode's rules (controls are clusters of their
        // own), but a cluster must never smuggle a control character through.
        return Shape::Symbol('\u{fffd}');
    }
    let width = g.width();
    match width {
        0 => Shape::Symbol('\u{25cc}'), // a lone combining mark: dotted circle
        1 => Shape::Text(g, 1),
        _ => Shape::Text(g, 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(s: &[u8]) -> Vec<(usize, usize, String, usize)> {
        Glyphs::new(s)
            .map(|g| {
                let text = match g.shape {
                    Shape::Text(t, _) => t.to_string(),
                    Shape::Symbol(c) => c.to_string(),
                    Shape::Space => " ".into(),
                    Shape::Tab => "\t".into(),
                    Shape::Hidden => String::new(),
                };
                (g.start, g.end, text, g.width_at(0))
            })
            .collect()
    }

    #[test]
    fn combining_marks_stay_with_their_base() {
        let g = shapes("e\u{301}x".as_bytes());
        assert_eq!(g[0], (0, 3, "e\u{301}".into(), 1));
        assert_eq!(g[1], (3, 4, "x".into(), 1));
    }

    #[test]
    fn cjk_and_emoji_are_two_columns() {
        let g = shapes("漢👩\u{200d}💻🇯🇵".as_bytes());
        assert_eq!(g.len(), 3);
        assert!(g.iter().all(|g| g.3 == 2), "{g:?}");
    }

    #[test]
    fn invalid_utf8_is_one_replacement_per_maximal_sequence() {
        let g = shapes(b"a\xe2\x82b\xffc");
        let texts: Vec<_> = g.iter().map(|g| g.2.as_str()).collect();
        assert_eq!(texts, ["a", "\u{fffd}", "b", "\u{fffd}", "c"]);
        assert_eq!(String::from_utf8_lossy(b"a\xe2\x82b\xffc"), texts.concat());
    }

    #[test]
    fn controls_become_symbols_and_crlf_is_hidden() {
        let g = shapes(b"\x1b[0m\r\n");
        assert_eq!(g[0].2, "\u{241b}");
        assert_eq!(g.last().unwrap().2, " ");
        let lone_cr = shapes(b"a\rb");
        assert_eq!(lone_cr[1].2, "\u{240d}");
    }

    #[test]
    fn bidi_override_and_zero_width_space_are_replaced() {
        let g = shapes("a\u{202e}b\u{200b}c".as_bytes());
        let texts: Vec<_> = g.iter().map(|g| g.2.as_str()).collect();
        assert_eq!(texts, ["a", "\u{fffd}", "b", "\u{fffd}", "c"]);
    }

    #[test]
    fn lone_combining_mark_gets_a_dotted_circle() {
        let g = shapes("\u{301}".as_bytes());
        assert_eq!(g[0].2, "\u{25cc}");
    }
}
