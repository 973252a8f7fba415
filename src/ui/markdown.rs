//! Drawing a row of rendered Markdown: its decoration (bullet, quote
//! bars, heading mark), then its unit's spans that fall in the row —
//! hidden markup takes no column, replacements are drawn sanitised, and
//! each piece's look is laid under the highlight, selection or match style.

use super::Theme;
use crate::markdown::row::Drawn;
use crate::markdown::{Look, View};
use crate::wrap::Dress;
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
/// `first` when it is the unit's first row, `dress` the row's (shared
/// among its pieces). `style_at` gives the
/// highlight, selection or match style of a byte, laid over the look.
pub fn draw_row(
    buf: &mut Buffer,
    theme: Theme,
    (x, y, width): (u16, u16, u16),
    bytes: &[u8],
    range: Range<usize>,
    (view, first, dress): (&View, bool, Dress),
    style_at: impl Fn(usize) -> Option<Style>,
) {
    let width = width as usize;
    if view.rule {
        let rule = "─".repeat(width);
        buf.set_stringn(x, y, &rule, width, style_of(theme, view.deco));
        return;
    }
    for p in view.row(bytes, range, first, width, dress) {
        let at = x + p.col as u16;
        let room = (width - p.col) as u16;
        match &p.drawn {
            Drawn::Deco(deco) => {
                let style = style_of(theme, view.deco);
                let deco = deco.as_bytes();
                super::draw_row(
                    buf,
                    at,
                    y,
                    room,
                    deco,
                    0..deco.len(),
                    Dress::default(),
                    |_| Some(style),
                );
            }
            Drawn::Text { range, look, dress } => {
                let base = style_of(theme, *look);
                super::draw_row(buf, at, y, room, bytes, range.clone(), *dress, |p| {
                    Some(base.patch(style_at(p).unwrap_or_default()))
                });
            }
            Drawn::Replace(text, look, source, dress) => {
                let base = style_of(theme, *look).patch(style_at(*source).unwrap_or_default());
                let text = text.as_bytes();
                super::draw_row(buf, at, y, room, text, 0..text.len(), *dress, |_| {
                    Some(base)
                });
            }
        }
    }
}
