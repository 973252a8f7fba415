//! Hyphenation points: where a word may be split across rows, from the
//! TeX patterns for American English that the `hyphenation` crate embeds
//! (its `embed_en-us` dictionary, about 90 KB), and after a hyphen
//! between letters.
//!
//! A **word** here is a maximal run of letters (alphabetic, not
//! ideographic) of at most [`LONGEST`] bytes; the wrapping and the drawing
//! of a row's end find the same word around a point, so the hyphen drawn
//! at a row's end is decided from the text alone. The hyphen is display
//! only: it is in no byte range. A word in a run between blanks holding a
//! `/` (a URL, a path) is not hyphenated, nor broken after its hyphens
//! ([`in_a_path`], one rule for both).

use super::pieces::{Piece, breaks_around, width_of};
#[cfg(feature = "hyphenation")]
use hyphenation::{Hyphenator, Language, Load, Standard};
#[cfg(feature = "hyphenation")]
use std::sync::OnceLock;

/// Longer runs of letters (in bytes) are not hyphenated.
const LONGEST: usize = 64;

/// The languages whose patterns are built in, by their config names
/// (none when built without the `hyphenation` feature).
#[cfg(feature = "hyphenation")]
pub const LANGUAGES: &[&str] = &["en-us"];
#[cfg(not(feature = "hyphenation"))]
pub const LANGUAGES: &[&str] = &[];

#[cfg(feature = "hyphenation")]
fn dictionary() -> Option<&'static Standard> {
    static DICT: OnceLock<Option<Standard>> = OnceLock::new();
    DICT.get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
        .as_ref()
}

/// Byte offsets inside `word` (letters only) where the dictionary splits it.
#[cfg(feature = "hyphenation")]
fn word_points(word: &str) -> Vec<usize> {
    dictionary().map_or_else(Vec::new, |d| d.hyphenate(word).breaks)
}

/// Without the `hyphenation` feature no word is split by a dictionary.
#[cfg(not(feature = "hyphenation"))]
fn word_points(_word: &str) -> Vec<usize> {
    Vec::new()
}

/// True for the chars words are made of.
fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !breaks_around(c)
}

/// The points (absolute byte offsets into `unit`, with whether a hyphen
/// is drawn there) where the piece `unit[start..end]` (valid UTF-8) may
/// break: the dictionary's points in each word, and after a hyphen
/// between letters; none in a word that is part of a path
/// ([`in_a_path`]).
fn points(unit: &[u8], piece: std::ops::Range<usize>, out: &mut Vec<(usize, bool)>) {
    let Ok(text) = std::str::from_utf8(&unit[piece.clone()]) else {
        return;
    };
    let base = piece.start;
    let mut word_start = None;
    let mut prev: Option<char> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if is_letter(c) {
            if word_start.is_none() {
                word_start = Some(i);
            }
        } else {
            if let Some(s) = word_start.take() {
                let word = &text[s..i];
                if word.len() <= LONGEST && !in_a_path(unit, base + s) {
                    out.extend(word_points(word).into_iter().map(|b| (base + s + b, true)));
                }
            }
            // After a hyphen between letters: a break with nothing drawn.
            let next_is_letter = text[i..].chars().nth(1).is_some_and(is_letter);
            if c == '-'
                && prev.is_some_and(is_letter)
                && next_is_letter
                && !in_a_path(unit, base + i)
            {
                out.push((base + i + 1, false));
            }
        }
        prev = Some(c);
    }
}

/// `pieces` split at their hyphenation points.
pub(super) fn split(unit: &[u8], pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len() + pieces.len() / 4);
    let mut at = Vec::new();
    for p in pieces {
        let (s, e) = (p.start as usize, p.end as usize);
        at.clear();
        if e - s >= 4 {
            points(unit, s..e, &mut at);
        }
        if at.is_empty() {
            out.push(p);
            continue;
        }
        at.sort_unstable();
        let mut from = s;
        for &(b, hyphen) in &at {
            if b <= from || b >= e {
                continue;
            }
            out.push(Piece {
                start: from as u32,
                end: b as u32,
                width: width_of(unit, from, b),
                blank: 0,
                hyphen,
            });
            from = b;
        }
        out.push(Piece {
            start: from as u32,
            width: width_of(unit, from, e),
            ..p
        });
    }
    out
}

/// True when a row ending at byte `end` of `bytes` ends at a dictionary
/// hyphenation point inside a word (so a hyphen is drawn after it).
pub fn hyphen_at(bytes: &[u8], end: usize) -> bool {
    if end == 0 || end >= bytes.len() {
        return false;
    }
    let lo = end.saturating_sub(LONGEST + 4);
    let hi = (end + LONGEST + 4).min(bytes.len());
    let back = crate::text::safe_cut(bytes, lo);
    let Ok(before) = std::str::from_utf8(&bytes[back..end]) else {
        return false;
    };
    let after = match std::str::from_utf8(&bytes[end..hi]) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&bytes[end..end + e.valid_up_to()]).unwrap_or(""),
    };
    let left = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_letter(c))
        .last()
        .map(|(i, _)| back + i);
    let right = after
        .char_indices()
        .find(|&(_, c)| !is_letter(c))
        .map_or(end + after.len(), |(i, _)| end + i);
    let Some(left) = left else { return false };
    if right == end || right - left > LONGEST || (left == back && back > 0 && lo > 0) {
        return false;
    }
    if in_a_path(bytes, left) {
        return false;
    }
    let Ok(word) = std::str::from_utf8(&bytes[left..right]) else {
        return false;
    };
    word_points(word).contains(&(end - left))
}

/// True when the word starting at byte `at` is part of a path or a URL,
/// never hyphenated: the run of glyphs between blanks around it holds a
/// `/` (looked for within [`PATH_REACH`] bytes each way). The one rule
/// for both the wrapping ([`split`]) and the drawing ([`hyphen_at`]),
/// which ask it about the same byte: the word's first.
fn in_a_path(bytes: &[u8], at: usize) -> bool {
    let blank = |b: &u8| matches!(b, b' ' | b'\n' | b'\t' | b'\r');
    let lo = at.saturating_sub(PATH_REACH);
    let hi = (at + PATH_REACH).min(bytes.len());
    let before = bytes[lo..at].iter().rev().take_while(|b| !blank(b));
    let after = bytes[at..hi].iter().take_while(|b| !blank(b));
    before.chain(after).any(|&b| b == b'/')
}

/// How far [`in_a_path`] looks.
const PATH_REACH: usize = 256;

/// How far from a row's end (in bytes, each way) [`hyphen_at`] reads.
pub const REACH: usize = LONGEST + 4 + PATH_REACH;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_have_points() {
        let mut out = Vec::new();
        points(b"hyphenation", 0..11, &mut out);
        assert_eq!(out, vec![(2, true), (6, true), (7, true)], "hy-phen-a-tion");
        assert!(hyphen_at(b"the hyphenation of", 10));
        assert!(hyphen_at(b"the Hyphenation of", 11));
        assert!(!hyphen_at(b"the hyphenation of", 12));
        assert!(!hyphen_at(b"the hyphenation of", 4));
    }

    #[test]
    fn a_hyphen_between_letters_breaks_without_drawing() {
        let mut out = Vec::new();
        points(b"well-known", 0..10, &mut out);
        assert!(out.contains(&(5, false)), "{out:?}");
        assert!(!hyphen_at(b"a well-known fact", 7));
    }
}
