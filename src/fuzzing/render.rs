//! Fuzz target `render`: bytes → document → rows → screen.

use super::app::scan;
use super::{Input, draw_and_check, terminal};
use crate::action::Action;
use crate::app::{App, Reflow, Settings};
use crate::document::{Bytes, Document};
use crate::keymap::Keymap;
use crate::layout::{Layout, PageBreaks, ParagraphStyle, RowId};

/// Bytes → document → layout at a width → the reader drawn into a
/// `TestBackend`, at the top and at the end.
///
/// Input: terminal width, terminal height (mod 64), flags (bits 0–1: reflow
/// auto/always/never; bit 2: colour; bit 3: the background scan finished),
/// the configured text width; the rest is the article.
///
/// Checks: rows going down cover the article in order, none is wider than
/// the width (blanks may hang past the edge; a lone wide glyph may take a
/// one-column row); going up from the end gives the same rows; nothing
/// drawn contains a character [`crate::sanitize`] would replace; the
/// cursor is inside the screen.
pub fn render_article(data: &[u8]) {
    let mut input = Input { data };
    let width = u16::from(input.byte());
    let height = u16::from(input.byte() % 64);
    let flags = input.byte();
    let text_width = u16::from(input.byte());
    let article = input.data;

    for style in [ParagraphStyle::OnePerLine, ParagraphStyle::HardWrapped] {
        check_rows(
            article,
            usize::from(text_width).max(1),
            style,
            PageBreaks::Show,
        );
    }
    let hard = ParagraphStyle::HardWrapped;
    check_rows(
        article,
        usize::from(text_width).max(1),
        hard,
        PageBreaks::Hide,
    );

    let settings = Settings {
        text_width,
        reflow: [Reflow::Auto, Reflow::Always, Reflow::Never, Reflow::Auto][usize::from(flags & 3)],
        ..Settings::default()
    };
    let mut app = App::new(Keymap::default(), settings, (width, height));
    app.open(Document::new("fuzz.txt", Bytes::Owned(article.to_vec())));
    if flags & 8 != 0 {
        scan(&mut app);
    }
    let mut term = terminal(width, height);
    let theme = crate::ui::Theme {
        color: flags & 4 != 0,
    };
    draw_and_check(&mut term, &app, theme);
    app.update(Action::Bottom);
    draw_and_check(&mut term, &app, theme);
}

/// The rows of `bytes` at `width`, walked down from the top and up from
/// the end.
fn check_rows(bytes: &[u8], width: usize, style: ParagraphStyle, pages: PageBreaks) {
    let mut layout = Layout::new(width, style);
    layout.set_page_breaks(pages);
    check_layout(bytes, &mut layout);
}

/// The rows of `layout` over `bytes`: forward, each a row of `row_at`,
/// the same going up; as wide as the width (as shown, for Markdown).
pub(super) fn check_layout(bytes: &[u8], layout: &mut Layout) {
    let (width, style, pages) = (layout.width(), layout.style(), layout.page_breaks());
    let mut down: Vec<RowId> = vec![layout.first_row()];
    let mut covered = 0;
    while let Some(next) = layout.next_row(bytes, *down.last().unwrap()) {
        let prev = *down.last().unwrap();
        assert!(
            next > prev,
            "rows go forward: {prev:?} then {next:?} at width {width}"
        );
        assert!(down.len() <= 2 * bytes.len() + 2, "too many rows");
        down.push(next);
    }
    for &r in &down {
        let range = layout.row_range(bytes, r);
        assert!(range.end <= bytes.len(), "{r:?} ends past the article");
        assert!(range.start >= covered, "{r:?} overlaps the row before");
        covered = range.end;
        if !layout.markdown() {
            // As shown: without a hidden page break (a hole) it spans.
            match layout.view_of_row(bytes, r) {
                Some((view, _)) => {
                    check_row_width(view.text_of(bytes, &range).as_bytes(), width, r)
                }
                None => check_row_width(&bytes[range], width, r),
            }
        }
    }
    for p in 0..bytes.len() {
        let r = layout.row_at(bytes, p);
        assert!(
            down.binary_search(&r).is_ok(),
            "row_at({p}) = {r:?} is not a row"
        );
    }
    let mut up = vec![layout.last_row(bytes)];
    while let Some(prev) = layout.prev_row(bytes, *up.last().unwrap()) {
        assert!(up.len() <= down.len(), "more rows going up than down");
        up.push(prev);
    }
    up.reverse();
    assert_eq!(
        up, down,
        "rows going up differ from rows going down at width {width}, {style:?}, {pages:?}"
    );
}

/// No row is wider than `width`, except for blanks hanging past the edge
/// and a lone glyph wider than the row
/// (with the blanks after it).
fn check_row_width(row: &[u8], width: usize, id: RowId) {
    let (inked, glyphs) = ink(row, 0);
    assert!(
        inked <= width || glyphs == 1,
        "row {id:?} is {inked} columns wide at width {width}"
    );
}

/// The inked width of `row` drawn from column `col` — the column after
/// its last glyph that is not blank — and how many glyphs (grapheme
/// clusters, see [`crate::glyph`]) are not blank. A row may be wider than
/// the width only when it holds one such glyph: a cluster is never split,
/// however many chars it has.
pub(super) fn ink(row: &[u8], mut col: usize) -> (usize, usize) {
    let mut inked = col;
    let mut glyphs = 0;
    for g in crate::glyph::Glyphs::new(row) {
        col += g.width_at(col);
        if !g.is_blank() {
            inked = col;
            glyphs += 1;
        }
    }
    (inked, glyphs)
}

#[cfg(test)]
mod tests {
    use super::ink;

    #[test]
    fn ink_counts_grapheme_clusters_not_chars_and_skips_trailing_blanks() {
        assert_eq!(ink("\u{602}<".as_bytes(), 0), (2, 1));
        assert_eq!(ink("👩\u{200d}💻  ".as_bytes(), 0), (2, 1));
        assert_eq!(ink("a\tb ".as_bytes(), 0), (9, 2));
        assert_eq!(ink("a\tb".as_bytes(), 3), (9, 2));
        assert_eq!(ink(b"  ", 4), (4, 0));
    }
}
