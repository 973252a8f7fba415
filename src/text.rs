//! Positions in an article's text, and the conversions between them.
//!
//! An article is kept as its bytes: the file's, or its text decoded to
//! UTF-8 when the file is in a legacy encoding, without a byte-order mark
//! either way (see [`crate::encoding`]). Three coordinate systems point
//! into them:
//! - **byte offsets** into those bytes (what the view uses internally);
//! - **char offsets**: counts of Unicode scalar values of the *decoded*
//!   text — invalid UTF-8 decoded as one U+FFFD per maximal invalid
//!   sequence, CRLF read as one LF. Saved positions and annotation ranges
//!   use these; ranges are half-open `[start, end)`;
//! - **(line, column)**: 1-based line, 1-based byte column of those bytes,
//!   the convention of `rg --vimgrep` and compiler messages (for a legacy
//!   file: of its text in UTF-8, as an editor that decoded it counts).
//!
//! This module is the only place that converts between them. Byte and
//! char offsets have their own types, [`BytePos`] and [`CharPos`], so mixing
//! them up does not compile; lengths are plain integers (`u64` chars,
//! `usize` bytes).

mod locator;
mod units;

pub use locator::Locator;
pub use units::{BytePos, CharPos};

/// Distance between checkpoints of a [`CharIndex`], in bytes.
pub const CHECKPOINT_BYTES: usize = 64 << 10;

/// The first byte offset at or after `pos` where the byte stream can be cut
/// without splitting a UTF-8 sequence, a maximal invalid sequence, or a CRLF.
pub fn safe_cut(bytes: &[u8], pos: usize) -> usize {
    let mut p = pos.min(bytes.len());
    let mut steps = 0;
    while p < bytes.len() && steps < 3 && (0x80..0xc0).contains(&bytes[p]) {
        p += 1;
        steps += 1;
    }
    if p > 0 && p < bytes.len() && bytes[p] == b'\n' && bytes[p - 1] == b'\r' {
        p += 1;
    }
    p
}

/// Number of decoded chars in `bytes`, which must start and end at safe
/// cuts (see [`safe_cut`]).
pub fn count_chars(bytes: &[u8]) -> u64 {
    let mut n = 0u64;
    for chunk in bytes.utf8_chunks() {
        n += chunk.valid().chars().count() as u64;
        if !chunk.invalid().is_empty() {
            n += 1;
        }
    }
    n - memchr::memmem::find_iter(bytes, b"\r\n").count() as u64
}

/// The byte offset, relative to `bytes`, where decoded char number `char`
/// of `bytes` starts; `bytes.len()` when it is at or past the end.
/// A CRLF's LF maps to the CR's offset.
pub fn byte_of_char(bytes: &[u8], char: CharPos) -> BytePos {
    BytePos(nth_char_byte(bytes, char.0))
}

fn nth_char_byte(bytes: &[u8], nth: u64) -> usize {
    // Char `nth` starts within 4 bytes per char before it (a CRLF is two
    // bytes, an invalid sequence at most three): decode no further than
    // that, or a conversion near the start of a big text would validate it
    // all.
    let reach = usize::try_from(nth)
        .unwrap_or(usize::MAX)
        .saturating_mul(4)
        .saturating_add(4);
    let bytes = &bytes[..safe_cut(bytes, reach)];
    let mut left = nth;
    let mut base = 0;
    for chunk in bytes.utf8_chunks() {
        for (i, c) in chunk.valid().char_indices() {
            if c == '\n' && base + i > 0 && bytes[base + i - 1] == b'\r' {
                continue; // counted at its CR
            }
            if left == 0 {
                return base + i;
            }
            left -= 1;
        }
        base += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            if left == 0 {
                return base;
            }
            left -= 1;
            base += chunk.invalid().len();
        }
    }
    bytes.len()
}

/// Byte offsets of several char offsets at once, in one pass: `targets`
/// must be sorted and not before `from_char`, which is the char offset of
/// the safe cut `from_byte`.
pub fn bytes_of_chars(
    bytes: &[u8],
    from_byte: BytePos,
    from_char: CharPos,
    targets: &[CharPos],
) -> Vec<BytePos> {
    let mut out = Vec::with_capacity(targets.len());
    let (mut byte, mut char) = (from_byte.0, from_char);
    for &t in targets {
        let step = t.since(char);
        byte += nth_char_byte(&bytes[byte..], step);
        char += step;
        out.push(BytePos(byte.min(bytes.len())));
    }
    out
}

/// The decoded text of `bytes[range]` (lossy UTF-8, CRLF read as LF); the
/// range must start and end at safe cuts.
pub fn decode(bytes: &[u8], range: std::ops::Range<usize>) -> String {
    let text = String::from_utf8_lossy(&bytes[range]);
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.into_owned()
    }
}

/// Sparse checkpoints that turn byte offsets into char offsets and back in
/// time proportional to the distance to the nearest checkpoint. Built in
/// order, from the start, by whoever scans the text.
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// `(byte, char)` pairs, ascending; the first is always `(0, 0)`.
    points: Vec<(u64, u64)>,
}

impl CharIndex {
    pub fn new() -> Self {
        CharIndex {
            points: vec![(0, 0)],
        }
    }

    /// Record that the safe cut at `byte` is char offset `char`. Points
    /// must come in ascending order; others are ignored.
    pub fn push(&mut self, byte: BytePos, char: CharPos) {
        let byte = byte.0 as u64;
        if self.points.last().is_none_or(|&(b, _)| byte > b) {
            self.points.push((byte, char.0));
        }
    }

    /// Furthest byte offset with a checkpoint.
    pub fn covered(&self) -> BytePos {
        BytePos(self.points.last().map_or(0, |p| p.0 as usize))
    }

    /// Char offset of byte offset `byte` (which should be a glyph start).
    pub fn char_of_byte(&self, bytes: &[u8], byte: BytePos) -> CharPos {
        let byte = byte.0.min(bytes.len());
        let i = self.points.partition_point(|&(b, _)| b as usize <= byte) - 1;
        let (b0, c0) = self.points[i];
        CharPos(c0 + count_chars(&bytes[b0 as usize..byte]))
    }

    /// Byte offset where char offset `char` starts.
    pub fn byte_of_char(&self, bytes: &[u8], char: CharPos) -> BytePos {
        let i = self.points.partition_point(|&(_, c)| c <= char.0) - 1;
        let (b0, c0) = self.points[i];
        BytePos(b0 as usize + nth_char_byte(&bytes[b0 as usize..], char.0 - c0))
    }
}

/// Byte offset where 1-based line `line` of the file starts, clamped to
/// the last line.
pub fn line_start(bytes: &[u8], line: usize) -> BytePos {
    if line <= 1 {
        return BytePos(0);
    }
    let start = memchr::memchr_iter(b'\n', bytes)
        .take(line - 1)
        .last()
        .map_or(0, |nl| (nl + 1).min(bytes.len()))
        .min(last_line_start(bytes));
    BytePos(start)
}

fn last_line_start(bytes: &[u8]) -> usize {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    memchr::memrchr(b'\n', body).map_or(0, |nl| nl + 1)
}

/// Byte offset of 1-based `line` and 1-based byte `column`, clamped to
/// that line's end.
pub fn line_column(bytes: &[u8], line: usize, column: usize) -> BytePos {
    let start = line_start(bytes, line).0;
    let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
    BytePos((start + column.saturating_sub(1)).min(end))
}

/// 1-based (line, byte column) of byte offset `byte`.
pub fn line_column_of(bytes: &[u8], byte: BytePos) -> (usize, usize) {
    let byte = byte.0.min(bytes.len());
    let line = memchr::memchr_iter(b'\n', &bytes[..byte]).count() + 1;
    let start = memchr::memrchr(b'\n', &bytes[..byte]).map_or(0, |i| i + 1);
    (line, byte - start + 1)
}

/// How many paragraphs end in `bytes[from..to]`, counted two ways.
/// `per_line`: non-empty lines (articles with one paragraph per line).
/// `blocks`: runs of non-empty lines separated by empty lines (hard-wrapped
/// text). The text after the last newline counts when `to` is the end.
pub fn paragraphs_ending(bytes: &[u8], from: usize, to: usize) -> (u64, u64) {
    let mut count = Paragraphs::default();
    for nl in memchr::memchr_iter(b'\n', &bytes[from..to]) {
        count.newline(bytes, from + nl);
    }
    count.stop(bytes, to);
    (count.per_line, count.blocks)
}

/// The counts of [`paragraphs_ending`] kept newline by newline, for a pass
/// that finds the newlines itself (the scan shares the outline's).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Paragraphs {
    pub per_line: u64,
    pub blocks: u64,
}

impl Paragraphs {
    /// The newline at byte `nl` of `bytes` ends a line.
    #[inline]
    pub fn newline(&mut self, bytes: &[u8], nl: usize) {
        self.line_end(bytes, nl, nl + 1);
    }

    /// Counting stops at byte `to`: the text after the last newline is a
    /// line too when `to` is the end of `bytes`.
    pub fn stop(&mut self, bytes: &[u8], to: usize) {
        if to == bytes.len() && !bytes.ends_with(b"\n") {
            self.line_end(bytes, to, to);
        }
    }

    #[inline]
    fn line_end(&mut self, bytes: &[u8], end: usize, next: usize) {
        if line_is_nonempty(bytes, end) {
            self.per_line += 1;
            if next >= bytes.len() || line_is_empty_at(bytes, next) {
                self.blocks += 1;
            }
        }
    }
}

/// True when the line that ends at byte `end` (a newline or the end of
/// the text) has content.
pub fn line_is_nonempty(bytes: &[u8], end: usize) -> bool {
    match end {
        0 => false,
        _ if bytes[end - 1] == b'\n' => false,
        1 => bytes[0] != b'\r',
        _ => !(bytes[end - 1] == b'\r' && bytes[end - 2] == b'\n'),
    }
}

/// True when a line starting at `start` is empty (starts with its
/// terminator).
pub fn line_is_empty_at(bytes: &[u8], start: usize) -> bool {
    match bytes.get(start) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(start + 1) == Some(&b'\n'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_count_lossy_and_crlf_as_one() {
        assert_eq!(count_chars(b"abc"), 3);
        assert_eq!(count_chars("“é” 漢".as_bytes()), 5);
        assert_eq!(count_chars(b"a\r\nb"), 3);
        assert_eq!(count_chars(b"a\xe2\x82b\xff"), 4);
        let lossy = String::from_utf8_lossy(b"x\xf0\x90\x80y\xc0\xafz");
        assert_eq!(
            count_chars(b"x\xf0\x90\x80y\xc0\xafz"),
            lossy.chars().count() as u64
        );
    }

    #[test]
    fn byte_of_char_inverts_char_counting() {
        for text in [
            &b"ab\r\ncd"[..],
            "“q” — 漢字 👩\u{200d}💻".as_bytes(),
            b"a\xe2\x82b\xffc\r\n",
        ] {
            let total = count_chars(text);
            for nth in 0..=total {
                let b = byte_of_char(text, CharPos(nth)).0;
                assert_eq!(count_chars(&text[..b]), nth, "{text:?} char {nth}");
            }
        }
        assert_eq!(
            byte_of_char(b"a\r\nb", CharPos(1)),
            BytePos(1),
            "LF of CRLF maps to the CR"
        );
        assert_eq!(byte_of_char(b"a\r\nb", CharPos(2)), BytePos(3));
    }

    #[test]
    fn index_converts_both_ways_across_checkpoints() {
        let text = "é漢a\r\n".repeat(1000);
        let bytes = text.as_bytes();
        let mut index = CharIndex::new();
        let mut at = 0;
        while at < bytes.len() {
            let cut = safe_cut(bytes, at + 777);
            if cut >= bytes.len() {
                break;
            }
            index.push(BytePos(cut), CharPos(count_chars(&bytes[..cut])));
            at = cut;
        }
        assert!(index.points.len() > 5);
        for byte in (0..bytes.len()).filter(|&b| text.is_char_boundary(b)) {
            if bytes[byte] == b'\n' {
                continue; // the LF of a CRLF is not a char of its own
            }
            let c = index.char_of_byte(bytes, BytePos(byte));
            assert_eq!(c, CharPos(count_chars(&bytes[..byte])));
            assert_eq!(index.byte_of_char(bytes, c), BytePos(byte));
        }
    }

    #[test]
    fn lines_and_columns_follow_vimgrep() {
        let text = b"one\ntwo \xe2\x80\x94 x\nthree";
        assert_eq!(line_start(text, 2), BytePos(4));
        assert_eq!(line_column(text, 2, 9), BytePos(12));
        assert_eq!(line_column_of(text, BytePos(12)), (2, 9));
        assert_eq!(
            line_start(text, 99),
            BytePos(14),
            "clamped to the last line"
        );
        assert_eq!(line_start(b"a\nb\n", 9), BytePos(2));
    }

    #[test]
    fn converting_near_the_start_does_not_read_the_whole_text() {
        // Invalid UTF-8 far away must not matter (and must not be decoded).
        let mut text = "é".repeat(10).into_bytes();
        text.extend(std::iter::repeat_n(0xff, 1 << 20));
        assert_eq!(byte_of_char(&text, CharPos(5)), BytePos(10));
        assert_eq!(byte_of_char(b"a\r\nb", CharPos(2)), BytePos(3));
        assert_eq!(byte_of_char(b"ab", CharPos(9)), BytePos(2));
    }

    #[test]
    fn safe_cuts_avoid_splitting() {
        let text = "a漢\r\nb".as_bytes();
        assert_eq!(safe_cut(text, 2), 4);
        assert_eq!(safe_cut(text, 5), 6);
    }

    #[test]
    fn paragraphs_are_counted_both_ways() {
        let text = b"one\ntwo\n\nthree\r\nfour";
        assert_eq!(paragraphs_ending(text, 0, text.len()), (4, 2));
        assert_eq!(paragraphs_ending(text, 0, 5), (1, 0));
        assert_eq!(paragraphs_ending(b"", 0, 0), (0, 0));
        assert_eq!(paragraphs_ending(b"\n\n", 0, 2), (0, 0));
    }
}
