use super::*;

/// Every row from the top, drawn as text: `|` ends each row, a blank row
/// between paragraphs is shown as `~`.
fn picture(text: &str, width: usize, style: ParagraphStyle) -> String {
    let bytes = text.as_bytes();
    let mut layout = Layout::new(width, style);
    let mut out = String::new();
    let mut row = Some(layout.first_row());
    while let Some(r) = row {
        if r.gap {
            out.push_str("~\n");
        } else {
            let range = layout.row_range(bytes, r);
            out.push_str(&text[range].replace('\n', "⏎").replace('\r', ""));
            out.push_str("|\n");
        }
        row = layout.next_row(bytes, r);
    }
    out
}

/// All rows top to bottom and bottom to top must be the same list.
fn assert_consistent(bytes: &[u8], width: usize, style: ParagraphStyle) -> Vec<RowId> {
    let mut layout = Layout::new(width, style);
    let mut down = vec![layout.first_row()];
    while let Some(r) = layout.next_row(bytes, *down.last().unwrap()) {
        assert!(r > *down.last().unwrap(), "rows go forward");
        down.push(r);
    }
    let mut fresh = Layout::new(width, style);
    let mut up = vec![fresh.last_row(bytes)];
    while let Some(r) = fresh.prev_row(bytes, *up.last().unwrap()) {
        assert!(up.len() < down.len(), "more rows going up than down");
        up.push(r);
    }
    up.reverse();
    assert_eq!(down, up, "scrolling down and up show the same rows");
    // Content bytes are shown by the row row_at names (a sample of them
    // in big documents, with a cold cache each time for small ones).
    let step = (bytes.len() / 3000).max(1);
    for (i, r) in down.iter().enumerate() {
        let range = layout.row_range(bytes, *r);
        for p in range.clone() {
            if bytes[p] == b'\n' || bytes[p] == b'\r' || p % step != 0 {
                continue;
            }
            let at = if step == 1 {
                Layout::new(width, style).row_at(bytes, p)
            } else {
                fresh.row_at(bytes, p)
            };
            assert_eq!(at, *r, "row_at({p}) in row {i}");
        }
    }
    down
}

#[test]
fn one_paragraph_per_line_gets_blank_rows_between() {
    let text = "Title\nThe quick brown fox jumps\nEnd";
    assert_eq!(
        picture(text, 10, ParagraphStyle::OnePerLine),
        "Title|\n~\nThe quick |\nbrown fox |\njumps|\n~\nEnd|\n"
    );
}

#[test]
fn empty_lines_are_rows_without_extra_gaps() {
    let text = "a\n\nb\n";
    assert_eq!(picture(text, 10, ParagraphStyle::OnePerLine), "a|\n|\nb|\n");
    assert_consistent(text.as_bytes(), 10, ParagraphStyle::OnePerLine);
}

#[test]
fn hard_wrapped_paragraphs_are_reflowed() {
    let text = "This is a hard\nwrapped paragraph\nof text.\n\n    indented code\n    stays put\n- a list\n- item\nNext";
    assert_eq!(
        picture(text, 20, ParagraphStyle::HardWrapped),
        "This is a hard⏎|\nwrapped paragraph⏎of |\ntext.|\n|\n    indented code|\n    stays put|\n- a list|\n- item⏎Next|\n"
    );
    assert_eq!(
        picture("one two\nthree four\nfive", 30, ParagraphStyle::HardWrapped),
        "one two⏎three four⏎five|\n"
    );
}

#[test]
fn crlf_reads_like_lf() {
    let lf = picture("ab cd\nef\n\ngh", 3, ParagraphStyle::OnePerLine);
    let crlf = picture("ab cd\r\nef\r\n\r\ngh", 3, ParagraphStyle::OnePerLine);
    assert_eq!(lf, crlf);
    assert_consistent(b"ab cd\r\nef\r\n\r\ngh\r\n", 3, ParagraphStyle::OnePerLine);
    assert_consistent(b"ab cd\r\nef\r\n\r\ngh\r\n", 3, ParagraphStyle::HardWrapped);
}

#[test]
fn tiny_documents() {
    for text in ["", "\n", "\n\n", "x", "x\n", "\r\n", "\n\nx\n\n"] {
        for style in [ParagraphStyle::OnePerLine, ParagraphStyle::HardWrapped] {
            assert_consistent(text.as_bytes(), 5, style);
        }
    }
    assert_eq!(picture("", 5, ParagraphStyle::OnePerLine), "|\n");
}

fn words(n: usize, seed: u64) -> String {
    let mut x = seed;
    let mut out = String::new();
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let w = [
            "lorem",
            "ipsum",
            "漢字",
            "e\u{301}té",
            "dolor",
            "sit",
            "amet",
            "“quoted”",
            "—",
        ][x as usize % 9];
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[test]
fn a_huge_paragraph_is_the_same_from_both_ends() {
    let text = words(30_000, 7);
    assert!(text.len() > 4 * SEGMENT);
    let rows = assert_consistent(text.as_bytes(), 37, ParagraphStyle::OnePerLine);
    assert!(rows.len() > 1000);
}

#[test]
fn a_huge_hard_wrapped_paragraph_is_the_same_from_both_ends() {
    // 70-column lines, one paragraph of about 100 KB.
    let text = words(20_000, 3);
    let mut wrapped = String::new();
    let mut col = 0;
    for w in text.split(' ') {
        if col + w.len() > 70 {
            wrapped.push('\n');
            col = 0;
        } else if col > 0 {
            wrapped.push(' ');
            col += 1;
        }
        wrapped.push_str(w);
        col += w.len();
    }
    assert_consistent(wrapped.as_bytes(), 50, ParagraphStyle::HardWrapped);
}

#[test]
fn many_paragraphs_are_consistent() {
    let text: String = (0..200)
        .map(|i| words(i % 40, i as u64 + 1) + "\n")
        .collect();
    assert_consistent(text.as_bytes(), 23, ParagraphStyle::OnePerLine);
}

#[test]
fn a_wide_glyph_in_a_one_column_row_reads_the_same_both_ways() {
    // Found by the render fuzz target: a reflowed line break after a wide
    // glyph at width 1 began a row of its own, which read as an empty
    // line going up, so scrolling up from the end cycled between two rows.
    let text = "\0。\n.";
    assert_consistent(text.as_bytes(), 1, ParagraphStyle::HardWrapped);
    assert_eq!(
        picture(text, 1, ParagraphStyle::HardWrapped),
        "\0|\n。⏎|\n.|\n"
    );
}

#[test]
fn style_is_detected() {
    let column = "Keep the lights on after nine, because the library is where the town reads and argues.\nSecond paragraph is long enough to be a whole line of its own in a news column.\nThird.\nFourth paragraph.\nFifth.\n";
    assert_eq!(detect_style(column.as_bytes()), ParagraphStyle::OnePerLine);
    let email = "This message is written the way mail programs write, with\nlines broken near seventy columns so that they fit a narrow\nterminal window of the old days, and paragraphs separated by\nempty lines.\n\nA second paragraph follows the first one, again broken at\nabout the same width by the program that sent it along.\n";
    assert_eq!(detect_style(email.as_bytes()), ParagraphStyle::HardWrapped);
    let poem = "Roses\nare red\nviolets are\nblue\nsugar\n";
    assert_eq!(detect_style(poem.as_bytes()), ParagraphStyle::OnePerLine);
}
