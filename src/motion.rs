//! Caret motions over an article's raw bytes, with vim's meanings: by
//! grapheme, word, WORD, sentence (`motion/sentence`). Positions are
//! **byte** offsets of glyph starts (see [`crate::glyph`]); nothing here
//! needs the whole document.

mod sentence;

pub use sentence::{Shown, sentence_at, sentence_back, sentence_forward, sentence_start};

use crate::glyph::{Glyph, Glyphs, Shape};

/// How far back a backward motion decodes at a time.
const WINDOW: usize = 4096;

/// The kind of character a glyph is, for word motions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Blank,
    Word,
    Punct,
}

fn class(bytes: &[u8], g: &Glyph, big: bool) -> Class {
    let c = match g.shape {
        Shape::Space | Shape::Tab | Shape::Hidden => return Class::Blank,
        Shape::Text(t, _) => t.chars().next().unwrap_or(' '),
        Shape::Symbol(_) => '?',
    };
    let _ = bytes;
    if c.is_whitespace() {
        Class::Blank
    } else if big || c.is_alphanumeric() || c == '_' {
        Class::Word
    } else {
        Class::Punct
    }
}

/// Glyphs from `p` to the end of the document.
fn forward(bytes: &[u8], p: usize) -> impl Iterator<Item = Glyph<'_>> {
    Glyphs::starting_at(bytes, p)
}

/// A safe place to start decoding at or before `p`: a line start within
/// [`WINDOW`] bytes, else a UTF-8 boundary.
fn decode_start(bytes: &[u8], p: usize, window: usize) -> usize {
    let floor = p.saturating_sub(window);
    match memchr::memrchr(b'\n', &bytes[floor..p]) {
        Some(i) if floor + i + 1 < p => floor + i + 1,
        _ => crate::text::safe_cut(bytes, floor),
    }
}

/// Glyphs before `p`, nearest first.
fn backward(bytes: &[u8], p: usize) -> impl Iterator<Item = Glyph<'_>> {
    let mut end = p.min(bytes.len());
    let mut pending: Vec<Glyph<'_>> = Vec::new();
    std::iter::from_fn(move || {
        if pending.is_empty() {
            if end == 0 {
                return None;
            }
            let mut start = decode_start(bytes, end, WINDOW);
            if start >= end {
                start = end.saturating_sub(1);
            }
            pending = Glyphs::starting_at(&bytes[..end], start).collect();
            end = start;
        }
        pending.pop()
    })
}

/// The start of the glyph after the one at `p` (or the end).
pub fn next_glyph(bytes: &[u8], p: usize) -> usize {
    forward(bytes, p).next().map_or(bytes.len(), |g| g.end)
}

/// The start of the glyph before `p` (or 0).
pub fn prev_glyph(bytes: &[u8], p: usize) -> usize {
    backward(bytes, p).next().map_or(0, |g| g.start)
}

/// The start of the glyph holding byte `p`.
pub fn glyph_start(bytes: &[u8], p: usize) -> usize {
    if p >= bytes.len() {
        return bytes.len();
    }
    let from = decode_start(bytes, p + 1, WINDOW);
    Glyphs::starting_at(&bytes[..bytes.len()], from)
        .take_while(|g| g.start <= p)
        .last()
        .map_or(p, |g| g.start)
}

/// True when the glyph at byte `p` is a blank (a space, a tab, a line
/// break), as word motions read it.
pub fn is_blank_at(bytes: &[u8], p: usize) -> bool {
    forward(bytes, p)
        .next()
        .is_some_and(|g| class(bytes, &g, false) == Class::Blank)
}

/// `w` / `W`: the start of the next word.
pub fn word_forward(bytes: &[u8], p: usize, big: bool) -> usize {
    let mut it = forward(bytes, p).peekable();
    let Some(first) = it.next() else { return p };
    let start_class = class(bytes, &first, big);
    let mut last_end = first.end;
    for g in it {
        let c = class(bytes, &g, big);
        if c != Class::Blank && c != start_class {
            return g.start;
        }
        if c == Class::Blank {
            // Skip blanks, then the next non-blank is the answer.
            for h in forward(bytes, g.end) {
                if class(bytes, &h, big) != Class::Blank {
                    return h.start;
                }
            }
            return bytes.len();
        }
        last_end = g.end;
    }
    last_end.min(bytes.len())
}

/// `e` / `E`: the last glyph of the current or next word.
pub fn word_end(bytes: &[u8], p: usize, big: bool) -> usize {
    let mut it = forward(bytes, p)
        .skip(1)
        .skip_while(|g| class(bytes, g, big) == Class::Blank);
    let Some(first) = it.next() else { return p };
    let c0 = class(bytes, &first, big);
    let mut last = first.start;
    for g in it {
        if class(bytes, &g, big) != c0 {
            break;
        }
        last = g.start;
    }
    last
}

/// `b` / `B`: the start of the current or previous word.
pub fn word_back(bytes: &[u8], p: usize, big: bool) -> usize {
    let mut it = backward(bytes, p).skip_while(|g| class(bytes, g, big) == Class::Blank);
    let Some(first) = it.next() else { return 0 };
    let c0 = class(bytes, &first, big);
    let mut start = first.start;
    for g in it {
        if class(bytes, &g, big) != c0 {
            break;
        }
        start = g.start;
    }
    start
}

fn first_char(g: &Glyph) -> Option<char> {
    match g.shape {
        Shape::Text(t, _) => t.chars().next(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Apply `motion` starting at the `|` in `text`; show the result with `|`.
    fn check(text: &str, motion: fn(&[u8], usize) -> usize, expected: &str) {
        let p = text.find('|').unwrap();
        let clean = text.replacen('|', "", 1);
        let got = motion(clean.as_bytes(), p);
        let mut shown = clean.clone();
        shown.insert(got, '|');
        assert_eq!(shown, expected);
    }

    #[test]
    fn graphemes() {
        check("ab|e\u{301}c", next_glyph, "abe\u{301}|c");
        check("abe\u{301}|c", prev_glyph, "ab|e\u{301}c");
        check("|👩\u{200d}💻x", next_glyph, "👩\u{200d}💻|x");
        check("漢|字", prev_glyph, "|漢字");
    }

    #[test]
    fn words_like_vim() {
        check(
            "|hello, world",
            |b, p| word_forward(b, p, false),
            "hello|, world",
        );
        check(
            "hello|, world",
            |b, p| word_forward(b, p, false),
            "hello, |world",
        );
        check(
            "|hello, world",
            |b, p| word_forward(b, p, true),
            "hello, |world",
        );
        check(
            "|hello, world",
            |b, p| word_end(b, p, false),
            "hell|o, world",
        );
        check(
            "hell|o, world",
            |b, p| word_end(b, p, false),
            "hello|, world",
        );
        check(
            "hello, wor|ld",
            |b, p| word_back(b, p, false),
            "hello, |world",
        );
        check(
            "hello, |world",
            |b, p| word_back(b, p, false),
            "hello|, world",
        );
        check(
            "hello, |world",
            |b, p| word_back(b, p, true),
            "|hello, world",
        );
        check(
            "end of |line\nnext",
            |b, p| word_forward(b, p, false),
            "end of line\n|next",
        );
        check(
            "“quo|ted” text",
            |b, p| word_forward(b, p, false),
            "“quoted|” text",
        );
    }
}
