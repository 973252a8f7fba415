use super::*;
use std::ops::Range;

/// Every row from the top, drawn as text: `|` ends each row, a blank row
/// between paragraphs is shown as `~`.
pub(super) fn picture(text: &str, width: usize, style: ParagraphStyle) -> String {
    picture_with(text, width, style, PageBreaks::Show)
}

/// [`picture`] with page breaks shown or hidden.
pub(super) fn picture_with(
    text: &str,
    width: usize,
    style: ParagraphStyle,
    pages: PageBreaks,
) -> String {
    let bytes = text.as_bytes();
    let mut layout = Layout::new(width, style);
    layout.set_page_breaks(pages);
    let mut out = String::new();
    let mut row = Some(layout.first_row());
    while let Some(r) = row {
        if r.gap {
            out.push_str("~\n");
        } else {
            // What the row shows: its bytes less any hidden by its view
            // (a hole where a page break is hidden).
            let range = layout.row_range(bytes, r);
            let shown = match layout.view_of_row(bytes, r) {
                Some((view, _)) => view.text_of(bytes, &range),
                None => text[range].to_string(),
            };
            out.push_str(&shown.replace('\n', "⏎").replace('\r', ""));
            out.push_str("|\n");
        }
        row = layout.next_row(bytes, r);
    }
    out
}

/// All rows top to bottom and bottom to top must be the same list.
fn assert_consistent(bytes: &[u8], width: usize, style: ParagraphStyle) -> Vec<RowId> {
    assert_consistent_with(bytes, width, style, PageBreaks::Show)
}

/// [`assert_consistent`] with page breaks shown or hidden.
pub(super) fn assert_consistent_with(
    bytes: &[u8],
    width: usize,
    style: ParagraphStyle,
    pages: PageBreaks,
) -> Vec<RowId> {
    assert_consistent_set(bytes, width, style, pages, crate::wrap::Typeset::default())
}

/// [`assert_consistent_with`] with rows set as `typeset` says.
fn assert_consistent_set(
    bytes: &[u8],
    width: usize,
    style: ParagraphStyle,
    pages: PageBreaks,
    typeset: crate::wrap::Typeset,
) -> Vec<RowId> {
    let new = || {
        let mut layout = Layout::new(width, style);
        layout.set_page_breaks(pages);
        layout.set_typeset(typeset);
        layout
    };
    let mut layout = new();
    let mut down = vec![layout.first_row()];
    while let Some(r) = layout.next_row(bytes, *down.last().unwrap()) {
        assert!(r > *down.last().unwrap(), "rows go forward");
        down.push(r);
    }
    let mut fresh = new();
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
                new().row_at(bytes, p)
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
fn a_huge_paragraph_balanced_and_hyphenated_is_the_same_from_both_ends() {
    let text = words(30_000, 11);
    for typeset in [BALANCED, HYPHENATED] {
        let rows = assert_consistent_set(
            text.as_bytes(),
            41,
            ParagraphStyle::OnePerLine,
            PageBreaks::Show,
            typeset,
        );
        assert!(rows.len() > 1000);
    }
}

const BALANCED: crate::wrap::Typeset = crate::wrap::Typeset::BOOK;
const HYPHENATED: crate::wrap::Typeset = crate::wrap::Typeset {
    hyphenate: true,
    ..crate::wrap::Typeset::BOOK
};

/// `text` broken into lines of at most `cols` columns (by bytes), each
/// starting with `indent`.
fn hard_wrap(text: &str, cols: usize, indent: &str) -> String {
    let mut wrapped = String::from(indent);
    let mut col = indent.len();
    for w in text.split(' ') {
        if col > indent.len() && col + 1 + w.len() > cols {
            wrapped.push('\n');
            wrapped.push_str(indent);
            col = indent.len();
        } else if col > indent.len() {
            wrapped.push(' ');
            col += 1;
        }
        wrapped.push_str(w);
        col += w.len();
    }
    wrapped
}

#[test]
fn a_huge_hard_wrapped_paragraph_is_the_same_from_both_ends() {
    // 70-column lines, one paragraph of about 100 KB.
    let wrapped = hard_wrap(&words(20_000, 3), 70, "");
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

/// A hard-wrapped book of at least `len` bytes: paragraphs of 1–30 lines
/// filled to 66–72 columns, and between them now and then a passage of
/// indented lines (as in RFCs), all separated by empty lines. Also the byte
/// range of every block, the text that reads as one paragraph: a whole
/// paragraph, or one indented line.
fn hard_wrapped_book(len: usize, seed: u64) -> (String, Vec<Range<usize>>) {
    let mut x = seed;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x as usize % n
    };
    let (mut text, mut blocks) = (String::new(), Vec::new());
    while text.len() < len {
        let cols = 66 + next(7);
        let paragraph = hard_wrap(
            &words(1 + next(30) * 10, next(1 << 20) as u64 + 1),
            cols,
            "",
        );
        blocks.push(text.len()..text.len() + paragraph.len());
        text.push_str(&paragraph);
        text.push_str("\n\n");
        if next(2) == 0 {
            let passage = hard_wrap(&words(40 + next(200), next(1 << 20) as u64 + 1), 69, "   ");
            for line in passage.split('\n') {
                blocks.push(text.len()..text.len() + line.len());
                text.push_str(line);
                text.push('\n');
            }
            text.push('\n');
        }
    }
    (text, blocks)
}

/// The starts of the rows the layout shows with text in them, top to
/// bottom.
fn text_rows(bytes: &[u8], width: usize, style: ParagraphStyle) -> Vec<usize> {
    let mut layout = Layout::new(width, style);
    let mut rows = Vec::new();
    let mut row = Some(layout.first_row());
    while let Some(r) = row {
        if !layout.row_range(bytes, r).is_empty() {
            rows.push(r.start);
        }
        row = layout.next_row(bytes, r);
    }
    rows
}

/// The row starts of every block wrapped as a whole.
fn wrapped_whole(bytes: &[u8], blocks: &[Range<usize>], width: usize) -> Vec<usize> {
    let mut rows = Vec::new();
    for b in blocks {
        let starts = crate::wrap::row_starts(&bytes[b.clone()], width);
        rows.extend(starts.iter().map(|&s| b.start + s as usize));
    }
    rows
}

/// Compare the rows shown with the blocks wrapped as a whole and name the
/// first row that differs, with its text.
fn assert_rows_whole(text: &str, blocks: &[Range<usize>], width: usize, style: ParagraphStyle) {
    let shown = text_rows(text.as_bytes(), width, style);
    let whole = wrapped_whole(text.as_bytes(), blocks, width);
    if let Some(i) = (0..shown.len().max(whole.len())).find(|&i| shown.get(i) != whole.get(i)) {
        let row = |rows: &[usize]| {
            rows.get(i).map(|&s| {
                let end = rows.get(i + 1).copied().unwrap_or(text.len());
                format!("{s}: {:?}", &text[s..end])
            })
        };
        panic!(
            "width {width}, {style:?}: row {i} differs from the whole block wrapped\n shown: {:?}\n whole: {:?}",
            row(&shown),
            row(&whole)
        );
    }
}

#[test]
fn ordinary_paragraphs_across_every_segment_point_are_never_cut() {
    // The first book in which every multiple of SEGMENT lies inside a
    // block, at least four inside paragraphs and four inside indented lines.
    let holder = |blocks: &[Range<usize>], m: usize| {
        blocks.iter().find(|b| b.start < m && m < b.end).cloned()
    };
    let (text, blocks, points) = (1..)
        .map(|seed| hard_wrapped_book(320 * 1024, seed))
        .find_map(|(text, blocks)| {
            let points: Vec<usize> = (1..=text.len() / SEGMENT).map(|k| k * SEGMENT).collect();
            let mut in_lines = 0;
            for &m in &points {
                in_lines += usize::from(text[holder(&blocks, m)?].starts_with("   "));
            }
            (in_lines >= 4 && in_lines + 4 <= points.len()).then_some((text, blocks, points))
        })
        .unwrap();
    assert!(points.len() >= 19);
    for width in [31, 72, 80] {
        assert_rows_whole(&text, &blocks, width, ParagraphStyle::HardWrapped);
    }
    // Indented lines keep their indent: the row holding each point in an
    // indented line is the whole line.
    let mut layout = Layout::new(80, ParagraphStyle::HardWrapped);
    for &m in &points {
        let b = holder(&blocks, m).unwrap();
        if text[b.clone()].starts_with("   ") {
            let r = layout.row_at(text.as_bytes(), m);
            assert_eq!(
                layout.row_range(text.as_bytes(), r),
                b.clone(),
                "the line at {m}"
            );
        }
    }
    assert_consistent(text.as_bytes(), 72, ParagraphStyle::HardWrapped);
}

#[test]
fn ordinary_lines_across_every_segment_point_are_never_cut() {
    // One paragraph per line, 100 bytes to 16 KiB each.
    let mut text = String::new();
    let mut blocks = Vec::new();
    let mut i = 0;
    while text.len() < 200 * 1024 {
        let n = [20, 300, 2900, 100, 1500][i % 5] + i;
        let line = words(n, i as u64 + 5);
        let line = &line[..crate::text::safe_cut(line.as_bytes(), line.len().min(SEGMENT))];
        blocks.push(text.len()..text.len() + line.len());
        text.push_str(line);
        text.push('\n');
        i += 1;
    }
    let cut_points = (1..=text.len() / SEGMENT)
        .filter(|k| {
            blocks
                .iter()
                .any(|b| b.start < k * SEGMENT && k * SEGMENT < b.end)
        })
        .count();
    assert!(cut_points >= 10, "{cut_points}");
    for width in [37, 80] {
        assert_rows_whole(&text, &blocks, width, ParagraphStyle::OnePerLine);
    }
}

#[test]
fn blocks_of_exactly_a_segment_are_whole_and_longer_ones_are_cut() {
    // Blocks of SEGMENT − 1, SEGMENT and SEGMENT + 1 bytes straddling a
    // segment point at several offsets.
    for (len, offset) in [
        (SEGMENT - 1, 1),
        (SEGMENT, 1),
        (SEGMENT, SEGMENT / 2),
        (SEGMENT, SEGMENT - 1),
        (SEGMENT + 1, SEGMENT / 2),
    ] {
        let lead = "x\n".repeat((SEGMENT - offset) / 2);
        let lead = if lead.len() < SEGMENT - offset {
            lead + "\n"
        } else {
            lead
        };
        let mut body = "lorem ipsum dolor sit amet ".repeat(len / 27 + 1);
        body.truncate(len - 1);
        body.push('x');
        let text = format!("{lead}{body}\nend\n");
        assert_eq!(body.len(), len);
        let block = lead.len()..lead.len() + body.len();
        assert!(block.start < SEGMENT && SEGMENT < block.end);
        let mut layout = Layout::new(40, ParagraphStyle::OnePerLine);
        let unit = layout.unit_at(text.as_bytes(), SEGMENT);
        if body.len() <= SEGMENT {
            assert_eq!(unit, block, "a block of {} bytes is one unit", body.len());
        } else {
            assert!(
                unit.start == block.start && unit.end < block.end,
                "a block of {} bytes is cut",
                body.len()
            );
        }
        assert_consistent(text.as_bytes(), 40, ParagraphStyle::OnePerLine);
        let shown = text_rows(text.as_bytes(), 40, ParagraphStyle::OnePerLine);
        assert!(shown.contains(&block.start));
        let _ = layout.row_at(text.as_bytes(), SEGMENT);
    }
}

#[test]
fn a_long_paragraph_is_cut_where_no_one_can_see() {
    // A paragraph of about 55 KB, less than a chain of cuts: cut into
    // units no longer than a segment and a bit, at places where its rows
    // break anyway.
    let text = hard_wrap(&words(8_500, 5), 70, "");
    assert!(text.len() > 3 * SEGMENT && text.len() < cut::CHAIN * SEGMENT);
    let blocks = [Range {
        start: 0,
        end: text.len(),
    }];
    for width in [37, 50, 72] {
        assert_rows_whole(&text, &blocks, width, ParagraphStyle::HardWrapped);
    }
    let layout = Layout::new(50, ParagraphStyle::HardWrapped);
    for p in (0..text.len()).step_by(1000) {
        if !is_terminator_at(text.as_bytes(), p) {
            let unit = layout.unit_at(text.as_bytes(), p);
            assert!(
                unit.contains(&p) && unit.len() <= SEGMENT + 1024,
                "{unit:?} at {p}"
            );
        }
    }
}

#[test]
fn a_giant_paragraph_has_a_short_row_at_most_at_each_anchor() {
    // About 300 KB in one line: every row is as full as greedy wrapping
    // makes it, except perhaps the row before the cut at an anchor.
    let text = words(60_000, 9);
    let anchors = text.len() / (cut::CHAIN * SEGMENT);
    assert!(anchors >= 3);
    for width in [29, 72] {
        let rows = text_rows(text.as_bytes(), width, ParagraphStyle::OnePerLine);
        let early: Vec<usize> = rows
            .windows(2)
            .filter(|w| crate::wrap::row_end(text.as_bytes(), w[0], width) != w[1])
            .map(|w| w[0])
            .collect();
        assert!(
            early.len() <= anchors,
            "width {width}: rows ending early at {early:?}"
        );
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A document of blocks of random lengths (short ones, ones of about a
    /// segment, and ones of two to three segments), so that segment points
    /// fall anywhere in them; with the byte range of every block.
    fn document(parts: &[(u8, u64)], style: ParagraphStyle) -> (String, Vec<Range<usize>>) {
        let (mut text, mut blocks) = (String::new(), Vec::new());
        for &(class, seed) in parts {
            let bytes = match class % 3 {
                0 => 40 + seed as usize % 2000,
                1 => SEGMENT - 60 + seed as usize % 120,
                _ => 2 * SEGMENT + seed as usize % SEGMENT,
            };
            let mut block = words(bytes / 5, seed);
            block.truncate(crate::text::safe_cut(
                block.as_bytes(),
                bytes.min(block.len()),
            ));
            while !block.is_char_boundary(block.len()) {
                block.pop();
            }
            let block = block.trim_end().to_string();
            let block = match style {
                ParagraphStyle::OnePerLine => block,
                ParagraphStyle::HardWrapped => hard_wrap(&block, 72, ""),
            };
            blocks.push(text.len()..text.len() + block.len());
            text.push_str(&block);
            text.push_str(match style {
                ParagraphStyle::OnePerLine => "\n",
                ParagraphStyle::HardWrapped => "\n\n",
            });
        }
        (text, blocks)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        #[test]
        fn rows_agree_both_ways_and_short_blocks_are_whole(
            parts in proptest::collection::vec((0u8..3, 1u64..1 << 40), 2..6),
            width in 5usize..90,
            hard in any::<bool>(),
        ) {
            let style = if hard { ParagraphStyle::HardWrapped } else { ParagraphStyle::OnePerLine };
            let (text, blocks) = document(&parts, style);
            let rows = assert_consistent(text.as_bytes(), width, style);
            // Balanced and hyphenated rows: the same both ways too, and a
            // short block is set as a whole.
            let set = assert_consistent_set(text.as_bytes(), width, style, PageBreaks::Show, HYPHENATED);
            let set_starts: Vec<usize> = set.iter().filter(|r| !r.gap).map(|r| r.start).collect();
            for b in blocks.iter().filter(|b| b.len() <= SEGMENT) {
                let shown: Vec<usize> =
                    set_starts.iter().copied().filter(|s| b.contains(s)).collect();
                let whole: Vec<usize> = crate::wrap::rows(&text.as_bytes()[b.clone()], width, HYPHENATED)
                    .iter()
                    .map(|&s| b.start + s as usize)
                    .collect();
                prop_assert_eq!(shown, whole, "set block {:?}", b);
            }
            let starts: Vec<usize> = rows.iter().filter(|r| !r.gap).map(|r| r.start).collect();
            for b in blocks.iter().filter(|b| b.len() <= SEGMENT) {
                let shown: Vec<usize> =
                    starts.iter().copied().filter(|s| b.contains(s)).collect();
                let whole = wrapped_whole(text.as_bytes(), std::slice::from_ref(b), width);
                prop_assert_eq!(shown, whole, "block {:?} of {} bytes", b, b.len());
            }
        }
    }
}

#[test]
fn underlined_titles_keep_their_rows() {
    // A title right after a paragraph's last line, one underlined with
    // two characters only, and text right under an underline.
    let text = "End of the\nintro.\nA Title\n=======\nText under it\nruns on.\n\nGo\n--\nMore text\nhere.\n";
    assert_eq!(
        picture(text, 40, ParagraphStyle::HardWrapped),
        "End of the⏎intro.|\nA Title|\n=======|\nText under it⏎runs on.|\n|\nGo|\n--|\nMore text⏎here.|\n"
    );
}
