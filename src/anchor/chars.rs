//! Char offsets ↔ byte offsets of a `&str`, built once per re-anchoring.
//!
//! [`crate::text::CharIndex`] does the same for an article's raw bytes,
//! where invalid UTF-8 and CRLF count specially; here the text is already
//! decoded, so a char is simply a Unicode scalar value of the `&str`.

/// Bytes between marks: a conversion scans at most this much.
const MARK_BYTES: usize = 1024;

/// A text with a mark every [`MARK_BYTES`] (at a char boundary).
pub(super) struct Chars<'t> {
    pub(super) text: &'t str,
    /// `(byte, char)` offsets of the marks, ascending; the first is
    /// `(0, 0)`, the last `(text.len(), total)`.
    marks: Vec<(usize, u64)>,
}

impl<'t> Chars<'t> {
    pub(super) fn new(text: &'t str) -> Chars<'t> {
        let mut marks = Vec::with_capacity(text.len() / MARK_BYTES + 2);
        marks.push((0, 0));
        let (mut byte, mut char) = (0, 0);
        while byte < text.len() {
            let next = ceil_char_boundary(text, byte + MARK_BYTES);
            char += text[byte..next].chars().count() as u64;
            byte = next;
            marks.push((byte, char));
        }
        Chars { text, marks }
    }

    /// Length of the text in chars.
    pub(super) fn total(&self) -> u64 {
        self.marks.last().map_or(0, |m| m.1)
    }

    /// Byte offset of char offset `char` (clamped to the end).
    pub(super) fn byte(&self, char: u64) -> usize {
        if char >= self.total() {
            return self.text.len();
        }
        let i = self.marks.partition_point(|m| m.1 <= char) - 1;
        let ((b0, c0), (b1, c1)) = (self.marks[i], self.marks[i + 1]);
        let n = (char - c0) as usize;
        if b1 - b0 == (c1 - c0) as usize {
            return b0 + n; // all ASCII between the marks
        }
        self.text[b0..b1]
            .char_indices()
            .nth(n)
            .map_or(b1, |(at, _)| b0 + at)
    }

    /// Char offset of byte offset `byte`, which must be a char boundary.
    pub(super) fn char(&self, byte: usize) -> u64 {
        let i = self.marks.partition_point(|m| m.0 <= byte) - 1;
        let (b0, c0) = self.marks[i];
        match self.marks.get(i + 1) {
            Some(&(b1, c1)) if b1 - b0 == (c1 - c0) as usize => c0 + (byte - b0) as u64,
            _ => c0 + self.text[b0..byte].chars().count() as u64,
        }
    }
}

/// The first char boundary of `text` at or after `at` (clamped).
pub(super) fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The last char boundary of `text` at or before `at` (clamped).
pub(super) fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
