//! Drawing a row of rendered Markdown: its decoration (bullet, quote
//! bars, heading mark), then its unit's spans that fall in the row —
//! hidden markup takes no column, replacements are drawn sanitised, and
//! each piece's look is laid under the highlight, selection or match style.

use super::Theme;
use crate::markdown::{Look, Show, View};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};
use std::ops::Range;

/// The style of a look.
pub fn style_of(theme: Theme, look: Look) -> Style {
    let mut s = Style::new();
    let mut m = Modifier::empty();
    if look.bold {
        m |= Modifier::BOLD;
    }
    if look.italic {
        m |= Modifier::ITALIC;
    }
    if look.strike {
        m |= Modifier::CROSSED_OUT;
    }
    if look.dim {
        m |= Modifier::DIM;
    }
    if look.link {
        m |= Modifier::UNDERLINED;
        if theme.color {
            s = s.fg(Color::Blue);
        }
    }
    if look.code && theme.color {
        s = s.fg(Color::Yellow);
    }
    if look.heading > 0 {
        m |= Modifier::BOLD;
        if theme.color {
            s = s.fg(if look.heading <= 2 {
                Color::Cyan
            } else {
                Color::Green
            });
        } else if look.heading == 1 {
            m |= Modifier::UNDERLINED;
        }
    }
    s.add_modifier(m)
}

/// Draw the part `range` of `view` at `(x, y)` in `width` columns;
/// `first` when it is the unit's first row. `style_at` gives the
/// highlight, selection or match style of a byte, laid over the look.
pub fn draw_row(
    buf: &mut Buffer,
    theme: Theme,
    (x, y, width): (u16, u16, u16),
    bytes: &[u8],
    range: Range<usize>,
    (view, first): (&View, bool),
    style_at: impl Fn(usize) -> Option<Style>,
) {
    let width = width as usize;
    if view.rule {
        let rule = "─".repeat(width);
        buf.set_stringn(x, y, &rule, width, style_of(theme, view.deco));
        return;
    }
    let deco = if first { &view.first } else { &view.rest };
    let deco = crate::sanitize::line(deco);
    let mut col = super::draw_row(
        buf,
        x,
        y,
        width as u16,
        deco.as_bytes(),
        0..deco.len(),
        |_| Some(style_of(theme, view.deco)),
    );
    let at_end = range.end == view.unit.end;
    for span in &view.spans {
        if col >= width {
            break;
        }
        let r = &span.range;
        let here = |p: usize| (range.start <= p && p < range.end) || (at_end && p == range.end);
        match &span.show {
            Show::Hidden => {}
            Show::Text(look) => {
                let part = r.start.max(range.start)..r.end.min(range.end);
                if part.start >= part.end {
                    continue;
                }
                let base = style_of(theme, *look);
                col += super::draw_row(
                    buf,
                    x + col as u16,
                    y,
                    (width - col) as u16,
                    bytes,
                    part,
                    |p| Some(base.patch(style_at(p).unwrap_or_default())),
                );
            }
            Show::Replace(text, look) if here(r.start) => {
                let base = style_of(theme, *look).patch(style_at(r.start).unwrap_or_default());
                let text = crate::sanitize::line(text);
                col += super::draw_row(
                    buf,
                    x + col as u16,
                    y,
                    (width - col) as u16,
                    text.as_bytes(),
                    0..text.len(),
                    |_| Some(base),
                );
            }
            Show::Replace(..) => {}
        }
    }
}
