//! Fuzz target `markdown`: bytes → a Markdown article rendered in place →
//! rows, views, the rendered text → screen.

use super::render::{check_layout, ink};
use super::{Input, draw_and_check, terminal};
use crate::action::Action;
use crate::app::{App, Settings};
use crate::document::{Bytes, Document};
use crate::keymap::Keymap;
use crate::layout::{Layout, ParagraphStyle};
use crate::markdown::{Show, width_of};

/// Bytes → Markdown layout at a width → the reader drawn into a
/// `TestBackend` at the top, at the end and as source (`M`).
///
/// Input: terminal width, terminal height (mod 64), flags (bit 0: colour),
/// the configured text width; the rest is the article.
///
/// Checks: rows go forward and cover the article, every byte's row is one
/// of them, going up gives the same rows (as for plain text); each row's
/// unit has a view whose spans cover it in order; no row shows wider than
/// the width (decoration and shown text; blanks may hang past the edge,
/// a lone glyph — one grapheme cluster, however many chars — may be wider);
/// the rendered text of the whole article can be taken; nothing drawn
/// contains a character [`crate::sanitize`] would replace.
pub fn render_markdown(data: &[u8]) {
    let mut input = Input { data };
    let width = u16::from(input.byte());
    let height = u16::from(input.byte() % 64);
    let flags = input.byte();
    let text_width = u16::from(input.byte());
    let article = input.data;

    let w = usize::from(text_width).max(1);
    let mut layout = Layout::new(w, ParagraphStyle::HardWrapped);
    layout.set_markdown(true);
    check_layout(article, &mut layout);
    check_views(article, &mut layout);
    let _ = layout.rendered_text(article, 0..article.len());

    let settings = Settings {
        text_width,
        ..Settings::default()
    };
    let mut app = App::new(Keymap::default(), settings, (width, height));
    app.open(Document::new("fuzz.md", Bytes::Owned(article.to_vec())));
    let mut term = terminal(width, height);
    let theme = crate::ui::Theme {
        color: flags & 1 != 0,
    };
    draw_and_check(&mut term, &app, theme);
    app.update(Action::Bottom);
    draw_and_check(&mut term, &app, theme);
    app.update(Action::ToggleMarkdown);
    draw_and_check(&mut term, &app, theme);
}

/// Every row's view covers its unit with spans in order, and the row's
/// shown text fits the width.
fn check_views(bytes: &[u8], layout: &mut Layout) {
    let width = layout.width();
    let mut row = Some(layout.first_row());
    while let Some(r) = row {
        let range = layout.row_range(bytes, r);
        if let Some((view, first)) = layout.view_of_row(bytes, r) {
            let mut at = view.unit.start;
            for s in &view.spans {
                assert_eq!(s.range.start, at, "spans of {:?} in order", view.unit);
                at = s.range.end;
            }
            assert!(
                at == view.unit.end || view.spans.is_empty() && view.unit.is_empty(),
                "spans cover {:?}",
                view.unit
            );
            if !view.rule {
                let deco = if first { &view.first } else { &view.rest };
                let mut shown = String::new();
                for s in &view.spans {
                    let part = s.range.start.max(range.start)..s.range.end.min(range.end);
                    match &s.show {
                        Show::Text(_) if part.start < part.end => {
                            shown.push_str(&String::from_utf8_lossy(&bytes[part]))
                        }
                        Show::Replace(t, _)
                            if range.start <= s.range.start && s.range.start < range.end =>
                        {
                            shown.push_str(t)
                        }
                        _ => {}
                    }
                }
                let (text, glyphs) = ink(shown.as_bytes(), 0);
                let inked = width_of(deco) + text;
                let decorated = width_of(deco) >= width;
                assert!(
                    inked <= width || decorated || glyphs <= 1,
                    "row {r:?} shows {inked} columns at width {width}: {deco:?} {shown:?}"
                );
            }
        }
        row = layout.next_row(bytes, r);
    }
}

#[cfg(test)]
mod tests {
    use super::render_markdown;

    /// A grapheme cluster of several chars that is wider than a one-column
    /// text is a row of its own (a cluster is never split): a prepend mark
    /// (U+0602) before `<` (fuzz crash 3), a ZWJ emoji sequence, Hangul
    /// jamo. The checker counted chars, and took these rows for too wide.
    #[test]
    fn a_cluster_of_several_chars_may_overfill_a_one_column_row() {
        for article in [
            "\u{602}<",
            "\u{602}<\u{602}<",
            "👩\u{200d}💻 x",
            "\u{1100}\u{1161}",
        ] {
            let mut data = vec![0x50, 0x10, 0, 1];
            data.extend_from_slice(article.as_bytes());
            render_markdown(&data);
        }
    }
}
