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
    // The paragraph reads on across the break: the row before it is
    // filled (here one row holds its last words on both sides of it).
    let at = shown
        .iter()
        .position(|r| r.contains("keeper⏎returns"))
        .unwrap();
    assert_eq!(
        shown[at - 1..=at],
        [
            "closed for the night and⏎that no boat should try to enter it before the morning, ",
            "when the keeper⏎returns and lights the lower lantern again.",
        ]
    );
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
fn the_caret_steps_over_a_hidden_page_break() {
    let text = "First paragraph ends here and\n\n\n        Page 1\n\u{c}\n        Memo 12\n\nSecond paragraph.\n";
    let bytes = text.as_bytes();
    let mut layout = Layout::new(40, ParagraphStyle::HardWrapped);
    layout.set_page_breaks(PageBreaks::Hide);
    let hole = text.find("and\n").unwrap() + 4..text.find("Second").unwrap();
    let feed = text.find('\u{c}').unwrap();
    assert_eq!(layout.caret_stop(bytes, feed, true), hole.end);
    assert_eq!(layout.caret_stop(bytes, feed, false), hole.start - 1);
    assert_eq!(layout.caret_stop(bytes, 3, true), 3);
    assert!(!layout.is_hard_break(bytes, hole.start - 1));
    // Shown, the page break is no hole.
    layout.set_page_breaks(PageBreaks::Show);
    assert_eq!(layout.caret_stop(bytes, feed, true), feed);
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
        ["First paragraph ends here and⏎Second ", "paragraph."]
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
    // feeds go, and the lines around them read on as one paragraph.
    let text = "a\n\u{c}\n\u{c}\nb\n\nlast line of text\n\u{c}\nnext text\n";
    let show = rows(text, 40, PageBreaks::Show);
    let hide = rows(text, 40, PageBreaks::Hide);
    assert_eq!(show.iter().filter(|r| *r == "\u{c}").count(), 3);
    assert_eq!(hide, ["a⏎b", "", "last line of text⏎next text"]);
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

/// A page break as an RFC sets it: two empty lines, a footer, a form
/// feed, a header and two empty lines.
fn page_break(n: usize) -> String {
    format!(
        "\n\nTinker & Mole          Experimental          [Page {n}]\n\u{c}\nRFC 9990          Lantern Signals          April 2026\n\n\n"
    )
}

/// Hard-wrapped paragraphs of `words` (lines of at most 60 bytes, no
/// sentence ends, so every page break splits a paragraph), with a page
/// break after each line number in `breaks`. Returns the text and, for
/// each break, the byte offsets of the last word before it and of the
/// first word after it.
fn paged_text(paragraphs: &[Vec<&str>], breaks: &[usize]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut splits = Vec::new();
    let mut line_no = 0;
    for (i, words) in paragraphs.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        let mut line = String::new();
        let mut lines = Vec::new();
        for w in words {
            if !line.is_empty() && line.len() + 1 + w.len() > 60 {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        lines.push(line);
        let count = lines.len();
        for (j, l) in lines.into_iter().enumerate() {
            text.push_str(&l);
            line_no += 1;
            if j + 1 < count && breaks.contains(&line_no) {
                let last = text.rfind(' ').map_or(text.len() - l.len(), |s| s + 1);
                let last = last.max(text.len() - l.len());
                text.push_str(&page_break(line_no));
                splits.push((last, text.len()));
            } else {
                text.push('\n');
            }
        }
    }
    (text, splits)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// With page breaks hidden, every word but the page lines' is shown,
    /// in order; the row before a break is filled with the words after it
    /// (it holds the first one, or that one would not fit); and rows from
    /// the top and from the end agree.
    #[test]
    fn hidden_page_breaks_leave_the_words_in_filled_rows(
        paragraphs in proptest::collection::vec(
            proptest::collection::vec(
                proptest::sample::select(vec!["lock", "keeper", "a", "lantern", "boats", "of", "upstream", "gate", "z"]),
                1..60,
            ),
            1..5,
        ),
        breaks in proptest::collection::vec(1usize..20, 0..4),
        width in 12usize..70,
    ) {
        let (text, splits) = paged_text(&paragraphs, &breaks);
        let bytes = text.as_bytes();
        assert_consistent_with(bytes, width, ParagraphStyle::HardWrapped, PageBreaks::Hide);
        let shown = rows(&text, width, PageBreaks::Hide);
        let words = |s: &str| -> Vec<String> {
            s.replace('⏎', " ").split_whitespace().map(String::from).collect()
        };
        let expected: Vec<String> = paragraphs.iter().flatten().map(|w| w.to_string()).collect();
        proptest::prop_assert_eq!(words(&shown.join(" ")), expected, "{}", shown.join("\n"));
        let mut layout = Layout::new(width, ParagraphStyle::HardWrapped);
        layout.set_page_breaks(PageBreaks::Hide);
        for (last, first) in splits {
            let row = layout.row_at(bytes, last);
            let range = layout.row_range(bytes, row);
            let next_word = text[first..].split_whitespace().next().unwrap();
            let shown_row = match layout.view_of_row(bytes, row) {
                Some((view, _)) => view.text_of(bytes, &range),
                None => text[range.clone()].to_string(),
            };
            let used = shown_row.trim_end().chars().count();
            proptest::prop_assert!(
                range.contains(&first) || used + 1 + next_word.len() > width,
                "row {:?} not filled with {:?} at width {}", shown_row, next_word, width
            );
        }
    }
}
