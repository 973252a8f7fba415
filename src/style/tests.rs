use super::texts::{self, LONG_LINE, WRAP};
use super::*;

const HARD: ParagraphStyle = ParagraphStyle::HardWrapped;
const ONE: ParagraphStyle = ParagraphStyle::OnePerLine;

/// The first `n` bytes of `text` (the sample the reader used to judge on).
fn head(text: &str, n: usize) -> &[u8] {
    &text.as_bytes()[..text.len().min(n)]
}

#[test]
fn a_book_with_one_long_licence_line_is_hard_wrapped() {
    let book = texts::book(30, true, 1);
    assert!(book.lines().any(|l| l == LONG_LINE) && LONG_LINE.len() == 159);
    assert!(book.lines().filter(|l| l.len() > WRAP).count() == 1);
    assert_eq!(detect(book.as_bytes()), HARD);
    // Its start alone, as the reader judged it before (64 KiB), too.
    assert_eq!(detect_style(head(&book, 64 * 1024)), HARD);
    assert_eq!(detect_style(head(&book, WINDOW)), HARD);
}

#[test]
fn the_same_book_without_the_long_line_is_hard_wrapped() {
    let book = texts::book(30, false, 1);
    assert_eq!(detect(book.as_bytes()), HARD);
    assert_eq!(detect_style(head(&book, 64 * 1024)), HARD);
}

#[test]
fn a_book_with_crlf_line_ends_is_hard_wrapped() {
    let book = texts::book(12, true, 2).replace('\n', "\r\n");
    assert_eq!(detect(book.as_bytes()), HARD);
}

#[test]
fn a_few_long_lines_in_a_short_hard_wrapped_text_do_not_flip_it() {
    let mail = format!(
        "Hello all,\n\nThe minutes of the meeting are online now, and the\nslides are at\n{}\nfor anyone who missed the talk or wants to read it again\nbefore the next meeting, which is on the third of May.\n\nThanks to everyone who helped with the chairs and the tea,\nand to the two people who stayed to sweep the hall.\n",
        "https://example.org/harbour/meetings/2026/april/slides-and-minutes-of-the-april-meeting-with-all-the-figures-the-treasurer-showed.html"
    );
    assert_eq!(detect_style(mail.as_bytes()), HARD);
}

#[test]
fn a_list_heavy_how_to_is_hard_wrapped() {
    let guide = texts::how_to(40, 3);
    let lines = guide.lines().filter(|l| !l.is_empty()).count();
    let items = guide
        .lines()
        .filter(|l| {
            l.starts_with(' ')
                || l.starts_with("- ")
                || l.bytes().next().is_some_and(|b| b.is_ascii_digit())
        })
        .count();
    assert!(items * 2 >= lines, "mostly lists: {items} of {lines} lines");
    assert_eq!(detect(guide.as_bytes()), HARD);
    let short = texts::how_to(3, 4);
    assert!(short.len() < WINDOW);
    assert_eq!(detect(short.as_bytes()), HARD);
}

#[test]
fn prose_with_one_paragraph_per_line_stays_one_per_line() {
    for blank_lines in [true, false] {
        for paragraphs in [6, 40, 400] {
            let prose = texts::one_per_line(paragraphs, blank_lines, 5);
            assert_eq!(
                detect(prose.as_bytes()),
                ONE,
                "{paragraphs} paragraphs, blank lines {blank_lines}"
            );
        }
    }
}

#[test]
fn short_notes_stay_one_per_line() {
    for lines in [1, 3, 5, 12, 60] {
        let notes = texts::notes(lines, 6);
        assert_eq!(detect(notes.as_bytes()), ONE, "{lines} lines");
    }
    let lines: String = (0..100)
        .map(|i| format!("p{i} some words in paragraph number {i}\n"))
        .collect();
    assert_eq!(detect(lines.as_bytes()), ONE, "no empty line at all");
    assert_eq!(detect(b""), ONE);
    assert_eq!(detect(b"\n\n\n"), ONE);
}

#[test]
fn windows_beyond_the_first_64_kib_are_consulted() {
    // A long foreword written one paragraph per line, then a hard-wrapped
    // book: the start alone says one paragraph per line.
    let mut text = texts::one_per_line(180, true, 7);
    assert!(text.len() > 64 * 1024);
    text.push_str(&texts::book(60, true, 8));
    assert_eq!(detect_style(head(&text, 64 * 1024)), ONE);
    let windows = windows(text.as_bytes());
    assert_eq!(windows.len(), WINDOWS);
    assert!(windows.iter().filter(|w| w.start > 64 * 1024).count() >= 5);
    assert_eq!(detect(text.as_bytes()), HARD);
    // And the other way round: a book's worth of prose one paragraph per
    // line after a hard-wrapped preface.
    let mut text = texts::book(8, false, 9);
    assert_eq!(detect_style(head(&text, 64 * 1024)), HARD);
    text.push_str(&texts::one_per_line(2000, true, 10));
    assert_eq!(detect(text.as_bytes()), ONE);
}

#[test]
fn windows_start_at_line_starts_and_stay_apart() {
    let text = texts::book(120, true, 11);
    let bytes = text.as_bytes();
    let windows = windows(bytes);
    assert_eq!(windows.len(), WINDOWS);
    assert_eq!(windows[0], 0..WINDOW);
    for w in &windows {
        assert!(w.start == 0 || bytes[w.start - 1] == b'\n');
        assert!(w.end <= bytes.len() && w.len() <= WINDOW);
    }
    for pair in windows.windows(2) {
        assert!(pair[0].end <= pair[1].start);
    }
    let last = windows.last().unwrap();
    assert!(last.start > bytes.len() / 2);
    // A small article is one window, all of it.
    assert_eq!(super::windows(b"short\ntext\n"), vec![0..11]);
}

#[test]
fn a_single_giant_line_has_no_windows_but_the_first() {
    let line = "word ".repeat(60_000) + "\n";
    let windows = windows(line.as_bytes());
    assert_eq!(windows, vec![0..WINDOW]);
    assert_eq!(detect(line.as_bytes()), ONE);
}

#[test]
fn a_tie_goes_to_the_earliest_window() {
    // Two windows, one of each style: the start decides.
    let cut = |text: String, n: usize| {
        let end = text[..n].rfind('\n').unwrap() + 1;
        text[..end].to_string()
    };
    let book = cut(texts::book(3, false, 12), 19 * 1024);
    let prose = cut(texts::one_per_line(100, true, 13), 21 * 1024);
    for (text, style) in [(book.clone() + &prose, HARD), (prose + &book, ONE)] {
        assert_eq!(windows(text.as_bytes()).len(), 2);
        assert_eq!(detect(text.as_bytes()), style);
    }
}

#[test]
fn a_how_to_of_lists_with_hanging_indents_is_hard_wrapped() {
    for (sections, seed) in [(2, 1), (3, 2), (6, 3), (40, 4)] {
        let guide = texts::list_how_to(sections, seed);
        assert_eq!(
            detect(guide.as_bytes()),
            HARD,
            "{sections} sections:\n{guide}"
        );
    }
}

#[test]
fn an_rfc_with_an_indented_body_and_page_breaks_is_hard_wrapped() {
    // Before: its indented body lines were no evidence, so only the title
    // block and the headings counted, and it read one paragraph per line.
    for (sections, seed) in [(3, 1), (9, 2), (60, 3)] {
        let memo = texts::rfc(sections, seed);
        assert!(memo.contains("\n\x0c\n") && memo.contains("\n   "));
        assert_eq!(detect(memo.as_bytes()), HARD, "{sections} sections");
        assert_eq!(detect_style(head(&memo, WINDOW)), HARD);
    }
}

#[test]
fn indented_passages_in_one_paragraph_per_line_prose_do_not_flip_it() {
    // Quotations indented as a whole, one paragraph a line: the indented
    // lines are long and end at empty lines, so they say one per line.
    let prose = texts::one_per_line(40, true, 14);
    let quoted: String = prose
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| match i % 6 {
            2 => format!("    {l}"),
            _ => l.to_string(),
        })
        .collect();
    assert_eq!(detect(quoted.as_bytes()), ONE);
}

#[test]
fn a_paragraph_longer_than_a_window_is_hard_wrapped() {
    // Before: a window with no empty line in it said one paragraph per line.
    let giant = texts::long_paragraph(270_000, 15);
    let text = texts::book(2, false, 16) + &giant + &texts::book(2, false, 17);
    let windows = windows(text.as_bytes());
    let inside = windows
        .iter()
        .filter(|&w| !text.as_bytes()[w.clone()].windows(2).any(|p| p == b"\n\n"))
        .count();
    assert!(
        inside * 2 > windows.len(),
        "{inside} windows in the paragraph"
    );
    assert_eq!(detect(text.as_bytes()), HARD);
    let start = text.len() / 2;
    let start = start + text[start..].find('\n').unwrap() + 1;
    let window = &text.as_bytes()[start..start + WINDOW];
    assert_eq!(judge(window, Sample::Part), Some(HARD));
}

#[test]
fn a_window_of_a_log_with_no_empty_line_stays_one_per_line() {
    // Lines of similar length run on, but none goes on with a sentence.
    let mut rng = texts::Rng::new(18);
    let log: String = (0..2000)
        .map(|i| {
            let (n, m) = (rng.between(10, 99), rng.between(100, 9999));
            format!(
                "2026-03-0{} 12:{n}:07 INFO lamp {m} trimmed by the keeper on duty, wick {n} mm\n",
                i % 9 + 1
            )
        })
        .collect();
    assert_eq!(detect(log.as_bytes()), ONE);
    assert_eq!(judge(&log.as_bytes()[..WINDOW], Sample::Part), Some(ONE));
}

#[test]
fn the_rfc_shaped_memo_of_the_screen_tests_is_hard_wrapped() {
    let memo = include_str!("../../tests/fixtures/rfc_memo.txt");
    assert_eq!(detect(memo.as_bytes()), HARD);
}
