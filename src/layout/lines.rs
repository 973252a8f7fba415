//! How the lines of hard-wrapped text are read: which newlines end a block
//! (a **hard break**) and which read as spaces, and which lines keep rows
//! of their own because they were laid out by hand.
//!
//! Every test looks at a bounded number of bytes around a newline: a line
//! is examined only when it is at most [`SHORT_LINE`] bytes long (longer
//! lines are running text), and the start of a line is looked for at most
//! [`LINE_LOOKBACK`] bytes back.

use crate::text::{line_is_empty_at, line_is_nonempty};

/// The longest line, in bytes without its terminator, whose layout is
/// examined (columns, diagrams, page marks).
pub(super) const SHORT_LINE: usize = 512;
/// How far back a hard-break test looks for the start of a line.
const LINE_LOOKBACK: usize = 4096;
/// The form feed that starts a new page.
const FORM_FEED: u8 = 0x0c;

/// One line: `start..end` is its text (byte offsets, half-open, without
/// its terminator), `next` the offset just past its terminator (the start
/// of the next line, or the end of the document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

impl Line {
    pub fn text<'a>(&self, bytes: &'a [u8]) -> &'a [u8] {
        &bytes[self.start..self.end]
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// The line that starts at byte `start`, when it is at most
/// [`SHORT_LINE`] bytes long and `start` is inside the document.
pub(super) fn short_line_at(bytes: &[u8], start: usize) -> Option<Line> {
    if start >= bytes.len() {
        return None;
    }
    let window = &bytes[start..(start + SHORT_LINE + 2).min(bytes.len())];
    let (end, next) = match memchr::memchr(b'\n', window) {
        Some(i) if i > 0 && window[i - 1] == b'\r' => (start + i - 1, start + i + 1),
        Some(i) => (start + i, start + i + 1),
        None if start + window.len() == bytes.len() => (bytes.len(), bytes.len()),
        None => return None,
    };
    (end - start <= SHORT_LINE).then_some(Line { start, end, next })
}

/// The short line whose terminator ends just before byte `next` (a line
/// start after the first line), as [`short_line_at`] finds it.
pub(super) fn short_line_before(bytes: &[u8], next: usize) -> Option<Line> {
    let nl = next.checked_sub(1)?;
    let floor = nl.saturating_sub(SHORT_LINE + 2);
    let start = match memchr::memrchr(b'\n', &bytes[floor..nl]) {
        Some(i) => floor + i + 1,
        None if floor == 0 => 0,
        None => return None,
    };
    short_line_at(bytes, start).filter(|l| l.next == next)
}

/// The short line holding byte `p` (its text or its terminator).
pub(super) fn short_line_holding(bytes: &[u8], p: usize) -> Option<Line> {
    let floor = p.saturating_sub(SHORT_LINE + 2);
    let start = match memchr::memrchr(b'\n', &bytes[floor..p]) {
        Some(i) => floor + i + 1,
        None if floor == 0 => 0,
        None => return None,
    };
    short_line_at(bytes, start).filter(|l| p < l.next)
}

/// True when the newline at byte `nl` ends a block of hard-wrapped text:
/// next to an empty line, before an indented or list line, after an
/// indented line, or next to a line laid out by hand
/// ([`keeps_its_row`]) or one that heads or foots a page (the line after
/// a form feed on its own, the line before a form feed).
pub(super) fn is_hard_break(bytes: &[u8], nl: usize) -> bool {
    let next = nl + 1;
    if next >= bytes.len() || line_is_empty_at(bytes, next) || !line_is_nonempty(bytes, nl) {
        return true;
    }
    if starts_specially(&bytes[next..]) {
        return true;
    }
    let floor = nl.saturating_sub(LINE_LOOKBACK);
    let indented = match memchr::memrchr(b'\n', &bytes[floor..nl]) {
        Some(i) => matches!(bytes[floor + i + 1], b' ' | b'\t'),
        None if floor == 0 => matches!(bytes[0], b' ' | b'\t'),
        None => false,
    };
    if indented {
        return true;
    }
    let this = short_line_before(bytes, next);
    let that = short_line_at(bytes, next);
    let laid_out = |l: Option<Line>| {
        l.is_some_and(|l| keeps_its_row(l.text(bytes)) || is_underline(l.text(bytes)))
    };
    // A title (the line over an underline) starts a row of its own.
    let title = that.is_some_and(|l| !l.is_empty()) && underlined(bytes, that);
    if laid_out(this) || laid_out(that) || title {
        return true;
    }
    // A page header after a form feed of its own, a footer before one.
    let reach =
        (nl.saturating_sub(2 * SHORT_LINE + 4))..(next + 2 * SHORT_LINE + 4).min(bytes.len());
    if !bytes[reach].contains(&FORM_FEED) {
        return false;
    }
    let header = this
        .filter(|l| l.start > 0)
        .and_then(|l| short_line_before(bytes, l.start))
        .is_some_and(|l| is_bare_form_feed(l.text(bytes)));
    let footer = that
        .and_then(|l| short_line_at(bytes, l.next))
        .is_some_and(|l| has_form_feed(l.text(bytes)));
    header || footer
}

/// True for lines that must start a row of their own in hard-wrapped
/// text: indented lines and list items.
pub(crate) fn starts_specially(line: &[u8]) -> bool {
    match line {
        [b' ' | b'\t', ..] => true,
        [b'-' | b'*' | b'+', b' ', ..] => true,
        [0xe2, 0x80, 0xa2, ..] => true, // •
        _ => {
            let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
            digits > 0
                && digits < 4
                && matches!(line.get(digits..digits + 2), Some([b'.' | b')', b' ']))
        }
    }
}

/// The column (in bytes, ASCII blanks) where the text of a list item or
/// an indented line starts, which the lines continuing it are indented
/// to (a hanging indent): `1. ` → 3, `- ` → 2, `    x` → 4; `None` for
/// other lines.
pub(crate) fn hanging_indent(line: &[u8]) -> Option<usize> {
    let blanks = line.iter().take_while(|&&b| b == b' ').count();
    let rest = &line[blanks..];
    let marker = match rest {
        [b'-' | b'*' | b'+', b' ', ..] => 1,
        [0xe2, 0x80, 0xa2, b' ', ..] => 3, // •
        _ => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            match rest.get(digits..digits + 2) {
                Some([b'.' | b')', b' ']) if (1..4).contains(&digits) => digits + 1,
                _ if blanks > 0 => 0,
                _ => return None,
            }
        }
    };
    let spaces = rest[marker..].iter().take_while(|&&b| b == b' ').count();
    let hang = blanks + marker + spaces;
    (hang > 0 && hang < rest.len() + blanks).then_some(hang)
}

/// True when `next` continues `line` under its hanging indent: `next` is
/// indented by exactly [`hanging_indent`]`(line)` spaces and is not a list
/// item itself (a nested list) nor blank.
pub(crate) fn continues(line: &[u8], next: &[u8]) -> bool {
    let Some(hang) = hanging_indent(line) else {
        return false;
    };
    let blanks = next.iter().take_while(|&&b| b == b' ').count();
    let rest = next[blanks..].trim_ascii_end();
    blanks == hang && !rest.is_empty() && !starts_specially(rest)
}

/// True for the underline of a title in plain text: two or more `=` or
/// two or more `-` and nothing else (blanks around it aside).
pub(super) fn is_underline(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    t.len() >= 2 && (t.iter().all(|&b| b == b'=') || t.iter().all(|&b| b == b'-'))
}

/// True when the line after `line` is an underline.
fn underlined(bytes: &[u8], line: Option<Line>) -> bool {
    line.and_then(|l| short_line_at(bytes, l.next))
        .is_some_and(|u| is_underline(u.text(bytes)))
}

/// True when a line contains a form feed.
pub(super) fn has_form_feed(line: &[u8]) -> bool {
    line.contains(&FORM_FEED)
}

/// True when a line holds a form feed and nothing but blanks besides.
pub(super) fn is_bare_form_feed(line: &[u8]) -> bool {
    has_form_feed(line) && line.iter().all(|&b| matches!(b, FORM_FEED | b' ' | b'\t'))
}

/// True for a line (its text, without terminator) laid out by hand, which
/// keeps a row of its own in hard-wrapped text:
/// - it holds a form feed;
/// - it has columns: a run of three or more spaces, or a tab, between two
///   non-blank characters (a two-column title block, a table);
/// - it is a drawing: it starts or ends with `|`, holds a box-drawing
///   character, or is drawn with punctuation ([`Shape::drawn`]:
///   `=====`, `+----+----+`, `* * *`, `o---o---o`, `A -> B -> C`).
pub(super) fn keeps_its_row(line: &[u8]) -> bool {
    if has_form_feed(line) {
        return true;
    }
    let trimmed = line.trim_ascii();
    if trimmed.first() == Some(&b'|') || trimmed.last() == Some(&b'|') {
        return true;
    }
    if trimmed.is_ascii() {
        return ascii_keeps_its_row(trimmed);
    }
    let mut shape = Shape::default();
    let mut gap = 0; // blanks since the last non-blank character (a tab counts as 3)
    let mut seen = false;
    for chunk in trimmed.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                ' ' => gap += 1,
                '\t' => gap += 3,
                _ => {
                    if seen && gap >= 3 {
                        return true;
                    }
                    if ('\u{2500}'..='\u{257f}').contains(&c) {
                        return true;
                    }
                    shape.glyph(
                        gap > 0,
                        c.is_alphanumeric(),
                        c.is_ascii() && is_drawing(c as u8),
                    );
                    gap = 0;
                    seen = true;
                }
            }
        }
        if !chunk.invalid().is_empty() {
            shape.glyph(gap > 0, false, false);
            gap = 0;
            seen = true;
        }
    }
    shape.drawn()
}

/// [`keeps_its_row`] for a trimmed ASCII line without form feed, `|` ends
/// or box drawing, byte by byte.
fn ascii_keeps_its_row(line: &[u8]) -> bool {
    let mut shape = Shape::default();
    let mut gap = 0;
    for &b in line {
        match b {
            b' ' => gap += 1,
            b'\t' => gap += 3,
            _ => {
                if gap >= 3 {
                    return true;
                }
                shape.glyph(gap > 0, b.is_ascii_alphanumeric(), is_drawing(b));
                gap = 0;
            }
        }
    }
    shape.drawn()
}

/// ASCII characters that draw lines and arrows (`-` `=` `<` `>` `+` …),
/// not prose punctuation (`.` `,` `"` `!` …).
fn is_drawing(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'=' | b'_' | b'~' | b'+' | b'*' | b'#' | b'<' | b'>' | b'/' | b'\\' | b'|' | b'^'
    )
}

/// What a line is made of, counted glyph by glyph, to tell a drawing.
#[derive(Default)]
struct Shape {
    /// Letters and digits.
    letters: usize,
    /// Other non-blank characters.
    others: usize,
    /// Of those, [`is_drawing`] ones.
    drawing: usize,
    /// Words (runs of non-blanks).
    words: usize,
    /// Words of drawing characters and other punctuation only, holding at
    /// least one drawing character (`->`, `<=>`, `--`).
    connectors: usize,
    /// The word being read: whether it has a letter or digit, and a
    /// drawing character.
    word_alnum: bool,
    word_drawing: bool,
}

impl Shape {
    /// One non-blank glyph; `after_blank` when blanks came before it.
    fn glyph(&mut self, after_blank: bool, alnum: bool, drawing: bool) {
        if after_blank || self.words == 0 {
            self.end_word();
            self.words += 1;
        }
        if alnum {
            self.letters += 1;
            self.word_alnum = true;
        } else {
            self.others += 1;
            self.drawing += usize::from(drawing);
            self.word_drawing |= drawing;
        }
    }

    fn end_word(&mut self) {
        if self.words > 0 && self.word_drawing && !self.word_alnum {
            self.connectors += 1;
        }
        self.word_alnum = false;
        self.word_drawing = false;
    }

    /// A drawing: punctuation outnumbering letters four to one (`=====`,
    /// `+--+`, `* * *`); a short line mostly drawn (`o---o---o`,
    /// `+--[ A ]--+`: at most three words, drawing characters at least twice
    /// the letters); or words joined by connectors (`Client -> Gateway ->
    /// Display`: two or more, a third of the words).
    fn drawn(mut self) -> bool {
        self.end_word();
        (self.others >= 3 && self.others >= 4 * self.letters)
            || (self.words <= 3 && self.drawing >= 3 && self.drawing >= 2 * self.letters)
            || (self.connectors >= 2 && 3 * self.connectors >= self.words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_laid_out_by_hand_keep_their_rows() {
        for line in [
            "Network Working Group                                  A. Writer",
            "Request for Comments: 9999                  Example Institute",
            "   | Name   | Value |",
            "+--------+--------+",
            "=====================",
            "-----   -----",
            "* * *",
            "one\ttwo",
            "\u{c}",
            "│ box │",
            "Writer                 Informational                  [Page 3]",
            "o---o---o",
            "+--[ A ]--+",
            "Client -> Gateway -> Display",
            "A <=> B <=> C",
        ] {
            assert!(keeps_its_row(line.as_bytes()), "{line:?}");
        }
        for line in [
            "An ordinary line of running text, filled to about seventy columns.",
            "two spaces after a sentence.  Then the next one goes on.",
            "\"Oh!\" she said.",
            "\"No.\"",
            "   indented text is handled by the indent rule",
            "",
            "an ending -- with dashes -- and \"quotes\"...",
            "so the request goes A -> B in the text, then on to the display",
            "he said -- and she said -- that was that",
            "x = y",
            "\"No!\" \"Yes!\"",
        ] {
            assert!(!keeps_its_row(line.as_bytes()), "{line:?}");
        }
    }

    #[test]
    fn hanging_indents_and_underlines() {
        assert_eq!(hanging_indent(b"1. Open the valve"), Some(3));
        assert_eq!(hanging_indent(b"12) Open"), Some(4));
        assert_eq!(hanging_indent(b"- a bullet"), Some(2));
        assert_eq!(hanging_indent(b"    more text"), Some(4));
        assert_eq!(hanging_indent(b"Plain text"), None);
        assert!(continues(b"1. Open the", b"   valve slowly"));
        assert!(continues(b"   valve slowly", b"   and wait"));
        assert!(!continues(b"1. Open the", b"    valve"), "another indent");
        assert!(!continues(b"1. Open the", b"   - a nested item"));
        assert!(!continues(b"Plain text", b"   indented"));
        for u in ["==", "-----", "  =======  "] {
            assert!(is_underline(u.as_bytes()), "{u:?}");
        }
        for u in ["=", "-=-=", "- item", "== x =="] {
            assert!(!is_underline(u.as_bytes()), "{u:?}");
        }
    }

    #[test]
    fn lines_are_found_within_bounds() {
        let text = b"ab\r\ncd\n\nef";
        let l = short_line_at(text, 0).unwrap();
        assert_eq!((l.start, l.end, l.next), (0, 2, 4));
        assert_eq!(short_line_before(text, 4), Some(l));
        assert_eq!(short_line_holding(text, 3), Some(l));
        assert_eq!(
            short_line_holding(text, 7).map(|l| l.is_empty()),
            Some(true)
        );
        assert_eq!(
            short_line_at(text, 8).map(|l| l.text(text)),
            Some(&b"ef"[..])
        );
        let long = vec![b'x'; SHORT_LINE + 1];
        assert_eq!(short_line_at(&long, 0), None);
        assert_eq!(short_line_holding(&long, SHORT_LINE), None);
    }
}
