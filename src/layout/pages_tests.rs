//! Hard-wrapped text laid out by hand (title blocks, tables, diagrams) and
//! page breaks, on an RFC-like memo written for these tests.

use super::tests::{assert_consistent_with, picture_with};
use super::*;

const MEMO: &str = include_str!("../../tests/fixtures/rfc_like.txt");

/// The rows of `text` in reflowed text `width` columns wide.
fn rows(text: &str, width: usize, pages: PageBreaks) -> Vec<String> {
    picture_with(text, width, ParagraphStyle::HardWrapped, pages)
        .lines()
        .map(|r| r.strip_suffix('|').unwrap_or(r).to_string())
        .collect()
}

/// The lines of the memo that are laid out by hand.
fn laid_out_lines() -> Vec<&'static str> {
    let title = MEMO.lines().take(4);
    let drawing = MEMO.lines().filter(|l| l.starts_with(['=', '+', '|']));
    let table = MEMO
        .lines()
        .skip_while(|l| !l.starts_with("Upper"))
        .take_while(|l| !l.is_empty());
    title.chain(drawing).chain(table).collect()
}

#[test]
fn title_blocks_tables_and_drawings_keep_their_rows() {
    let shown = rows(MEMO, 80, PageBreaks::Show);
    for line in laid_out_lines() {
        assert!(
            shown.iter().any(|r| r == line),
            "{line:?} has no row of its own:\n{}",
            shown.join("\n")
        );
    }
    // Running text is still reflowed around them.
    let abstract_ = shown.iter().find(|r| r.starts_with("This memo")).unwrap();
    assert!(abstract_.contains("⏎a pole,"), "{abstract_:?}");
    assert_consistent_with(
        MEMO.as_bytes(),
        80,
        ParagraphStyle::HardWrapped,
        PageBreaks::Show,
    );
    assert_consistent_with(
        MEMO.as_bytes(),
        23,
        ParagraphStyle::HardWrapped,
        PageBreaks::Show,
    );
}

#[test]
fn page_breaks_keep_their_rows_when_shown() {
    let shown = rows(MEMO, 80, PageBreaks::Show);
    let at = |text: &str| {
        shown
            .iter()
            .position(|r| r.contains(text))
            .unwrap_or_else(|| panic!("no {text:?}"))
    };
    let footer = at("[Page 1]");
    assert_eq!(shown[footer + 1], "\u{c}");
    assert!(
        shown[footer + 2].starts_with("RFC 9990 "),
        "{:?}",
        shown[footer + 2]
    );
    assert_eq!(shown[footer + 3], "");
    assert!(shown[footer - 1].is_empty() && shown[footer - 3].ends_with("when the keeper"));
}

#[test]
fn hidden_page_breaks_join_a_paragraph_split_by_a_page() {
    let shown = rows(MEMO, 80, PageBreaks::Hide);
    for gone in ["[Page 1]", "\u{c}", "RFC 9990 "] {
        assert!(
            !shown.iter().any(|r| r.contains(gone)),
            "{gone:?} is shown:\n{}",
            shown.join("\n")
        );
    }
    let at = shown
        .iter()
        .position(|r| r.ends_with("when the keeper"))
        .unwrap();
    assert_eq!(shown[at + 1], "returns and lights the lower lantern again.");
    // The rest is as when shown; the last footer has no form feed after
    // it, so it stays.
    for line in laid_out_lines() {
        assert!(shown.iter().any(|r| r == line), "{line:?}");
    }
    assert!(shown.last().unwrap().ends_with("[Page 2]"));
    for width in [80, 23, 1] {
        assert_consistent_with(
            MEMO.as_bytes(),
            width,
            ParagraphStyle::HardWrapped,
            PageBreaks::Hide,
        );
    }
    // Only reflowed text hides page breaks.
    let mut layout = Layout::new(80, ParagraphStyle::OnePerLine);
    layout.set_page_breaks(PageBreaks::Hide);
    let footer = MEMO.find("Tinker & Mole ").unwrap();
    assert_eq!(layout.row_at(MEMO.as_bytes(), footer), RowId::at(footer));
}

#[test]
fn a_paragraph_ending_at_a_page_break_keeps_one_empty_row() {
    let text = "First paragraph ends here.\n\n\n        Page 1\n\u{c}\n        Memo 12\n\nSecond paragraph.\n";
    let shown = rows(text, 40, PageBreaks::Hide);
    assert_eq!(
        shown,
        ["First paragraph ends here.", "", "Second paragraph."]
    );
    let text = text.replace("here.", "here and");
    let shown = rows(&text, 40, PageBreaks::Hide);
    assert_eq!(
        shown,
        ["First paragraph ends here and", "Second paragraph."]
    );
    assert_consistent_with(
        text.as_bytes(),
        40,
        ParagraphStyle::HardWrapped,
        PageBreaks::Hide,
    );
}

#[test]
fn form_feeds_alone_are_hidden_and_lines_without_a_number_are_not() {
    // A line without a digit is not a footer or header: only the form
    // feeds go.
    let text = "a\n\u{c}\n\u{c}\nb\n\nlast line of text\n\u{c}\nnext text\n";
    let show = rows(text, 40, PageBreaks::Show);
    let hide = rows(text, 40, PageBreaks::Hide);
    let without_feeds: Vec<String> = show.iter().filter(|r| *r != "\u{c}").cloned().collect();
    assert_eq!(hide, without_feeds);
    assert_consistent_with(
        text.as_bytes(),
        40,
        ParagraphStyle::HardWrapped,
        PageBreaks::Hide,
    );
    // Page lines without end in a row are not a page break, so no walk
    // skips more than a few lines: here nothing is hidden.
    let many = "x 1    y\n\u{c}\n".repeat(500);
    let rows = assert_consistent_with(
        many.as_bytes(),
        9,
        ParagraphStyle::HardWrapped,
        PageBreaks::Hide,
    );
    assert_eq!(rows.len(), 1000);
}
