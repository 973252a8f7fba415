//! Page breaks of hard-wrapped documents (RFCs, old manuals): a form feed
//! with a footer line before it and a header line after it, padded with
//! empty lines. With [`PageBreaks::Hide`] those lines are not shown, so a
//! paragraph split by a page break reads on: when the shown lines on both
//! sides of a run of hidden lines would read as one paragraph without it
//! ([`joins`]), the run is a **hole** inside one wrap unit — its bytes are
//! a hidden span of the unit's view (zero width, like Markdown's hidden
//! markup), so rows fill across it.
//!
//! Whether a line is hidden depends only on lines near it (bounded by
//! [`SHORT_LINE`] bytes a line and [`EMPTY_RUN`] bytes of empty lines), so
//! rows stay the same scrolling down and up, and a run of hidden lines is
//! never longer than two runs of empty lines and three short lines.

use super::lines::{
    Line, SHORT_LINE, has_form_feed, is_bare_form_feed, is_hard_break, keeps_its_row,
    short_line_at, short_line_before,
};

/// How page breaks of hard-wrapped text are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageBreaks {
    /// Every line is shown; the footer, the form feed and the header keep
    /// their own rows.
    #[default]
    Show,
    /// The footer, the form feed, the header and the empty lines padding
    /// them are not shown.
    Hide,
}

/// The most bytes of consecutive empty lines that may be hidden around a
/// page break (a run of empty lines longer than this is shown).
const EMPTY_RUN: usize = 4096;
/// The most consecutive page lines (footer, form feed, header) hidden.
const PAGE_RUN: usize = 3;

/// True when the line `l` is hidden under [`PageBreaks::Hide`]:
/// - a **page line**: one holding a form feed, or a line right before one
///   (a footer) or right after a form feed on its own (a header) that holds
///   a digit (a page number, a date) and is set in columns or indented —
///   when at most [`PAGE_RUN`] page lines come in a row;
/// - an empty line in a run of empty lines between such a page line and
///   other text (not between two page breaks). When the text before the
///   run ends a sentence, the run's first line stays, as the empty line
///   between two paragraphs.
///
/// The first line of the document is always shown.
pub(super) fn is_hidden(bytes: &[u8], l: Line) -> bool {
    if l.start == 0 || !form_feed_near(bytes, l) {
        return false;
    }
    if !l.is_empty() {
        return is_hidden_page_line(bytes, l);
    }
    let Some((first, last)) = empty_run(bytes, l) else {
        return false;
    };
    let before = (first.start > 0)
        .then(|| short_line_before(bytes, first.start))
        .flatten();
    let after = short_line_at(bytes, last.next);
    let page_before = before.is_some_and(|b| is_hidden_page_line(bytes, b));
    let page_after = after.is_some_and(|a| is_hidden_page_line(bytes, a));
    match (page_before, page_after) {
        (true, false) => true,
        (false, true) => {
            let ends_paragraph = before.is_some_and(|b| ends_sentence(b.text(bytes)));
            !(l == first && ends_paragraph)
        }
        _ => false,
    }
}

/// True when a form feed lies close enough to `l` to make it part of a
/// page break: a quick test that spares running text the rest.
fn form_feed_near(bytes: &[u8], l: Line) -> bool {
    let reach = EMPTY_RUN + (PAGE_RUN + 2) * (SHORT_LINE + 2);
    let lo = l.start.saturating_sub(reach);
    let hi = (l.next + reach).min(bytes.len());
    memchr::memchr(0x0c, &bytes[lo..hi]).is_some()
}

/// True for a page line (see [`is_hidden`]), whatever its neighbours.
fn is_page_line(bytes: &[u8], l: Line) -> bool {
    let text = l.text(bytes);
    if has_form_feed(text) {
        return true;
    }
    if l.is_empty() {
        return false;
    }
    if !looks_like_page_line(text) {
        return false;
    }
    let footer = short_line_at(bytes, l.next).is_some_and(|n| has_form_feed(n.text(bytes)));
    let header = l.start > 0
        && short_line_before(bytes, l.start).is_some_and(|p| is_bare_form_feed(p.text(bytes)));
    footer || header
}

/// True for a line that may be a page's header or footer: it holds a
/// number (page, date) and is set in columns or indented, not running
/// text that happens to end a page.
fn looks_like_page_line(text: &[u8]) -> bool {
    text.iter().any(u8::is_ascii_digit)
        && (keeps_its_row(text) || matches!(text.first(), Some(b' ' | b'\t')))
}

/// True for a page line in a run of at most [`PAGE_RUN`] page lines.
fn is_hidden_page_line(bytes: &[u8], l: Line) -> bool {
    if !is_page_line(bytes, l) {
        return false;
    }
    let mut run = 1;
    let mut up = l;
    while up.start > 0 && run <= PAGE_RUN {
        match short_line_before(bytes, up.start).filter(|p| is_page_line(bytes, *p)) {
            Some(p) => {
                run += 1;
                up = p;
            }
            None => break,
        }
    }
    let mut down = l;
    while run <= PAGE_RUN {
        match short_line_at(bytes, down.next).filter(|n| is_page_line(bytes, *n)) {
            Some(n) => {
                run += 1;
                down = n;
            }
            None => break,
        }
    }
    run <= PAGE_RUN
}

/// The first and last line of the run of empty lines holding the empty
/// line `l`, when the run is at most [`EMPTY_RUN`] bytes long.
fn empty_run(bytes: &[u8], l: Line) -> Option<(Line, Line)> {
    let mut first = l;
    while first.start > 0 {
        match short_line_before(bytes, first.start).filter(Line::is_empty) {
            Some(p) => first = p,
            None => break,
        }
        if l.next - first.start > EMPTY_RUN {
            return None;
        }
    }
    let mut last = l;
    while let Some(n) = short_line_at(bytes, last.next).filter(Line::is_empty) {
        last = n;
        if last.next - first.start > EMPTY_RUN {
            return None;
        }
    }
    Some((first, last))
}

/// True when text ends a sentence: its last non-blank character, closing
/// quotes and brackets aside, is `.`, `!`, `?` or `:`.
fn ends_sentence(text: &[u8]) -> bool {
    let text = String::from_utf8_lossy(text);
    let last = text
        .trim_end()
        .trim_end_matches(['"', '\'', ')', ']', '\u{201d}', '\u{2019}'])
        .chars()
        .next_back();
    matches!(last, Some('.' | '!' | '?' | ':'))
}

/// True when the shown line ending just before byte `start` and the one
/// starting at `end` (both short and not empty) would be one paragraph
/// were the hidden lines `start..end` between them not there: the newline
/// between them, the two lines (and the one after) put side by side, reads
/// as a space.
pub(super) fn joins(bytes: &[u8], start: usize, end: usize) -> bool {
    let (Some(before), Some(after)) = (
        (start > 0)
            .then(|| short_line_before(bytes, start))
            .flatten(),
        short_line_at(bytes, end),
    ) else {
        return false;
    };
    if before.is_empty() || after.is_empty() {
        return false;
    }
    let mut side_by_side = before.text(bytes).to_vec();
    let nl = side_by_side.len();
    side_by_side.push(b'\n');
    side_by_side.extend_from_slice(after.text(bytes));
    side_by_side.push(b'\n');
    if let Some(next) = short_line_at(bytes, after.next) {
        side_by_side.extend_from_slice(next.text(bytes));
        side_by_side.push(b'\n');
    }
    !is_hard_break(&side_by_side, nl)
}
