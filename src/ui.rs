//! Drawing the app. Everything here only reads [`App`]; every piece of
//! text goes through the sanitiser (article glyphs are already safe glyphs).

mod help;
mod library;
mod status;

use crate::app::App;
use crate::glyph::{Glyphs, Shape};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Widget;
use std::ops::Range;

/// Colours, or none (`NO_COLOR`).
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn current_match(self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Yellow)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    fn other_match(self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    fn bar(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        draw(self, area, buf);
    }
}

/// Draw the whole screen.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    if app.too_small() {
        too_small(area, buf);
        return;
    }
    let text_area = Rect {
        height: area.height - 1,
        ..area
    };
    let status_area = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    match &app.reader {
        Some(_) => draw_article(app, text_area, buf),
        None => library::draw(app, text_area, buf),
    }
    status::draw(app, status_area, buf);
    if app.help.is_some() {
        help::draw(app, text_area, buf);
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let msg = "terminal too small";
    let y = area.y + area.height / 2;
    let x = area.x + area.width.saturating_sub(msg.len() as u16) / 2;
    buf.set_stringn(x, y, msg, area.width as usize, Style::new());
}

/// Draw the rows of the open article in a centred column.
fn draw_article(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(r) = &app.reader else { return };
    let width = app.text_width().min(area.width as usize) as u16;
    let left = area.x + (area.width - width) / 2;
    let current = r.search.as_ref().and_then(|s| s.current.clone());
    let theme = app.theme;
    for (i, row) in r.rows.iter().enumerate().take(area.height as usize) {
        let y = area.y + i as u16;
        let styles = |start: usize| {
            if current.as_ref().is_some_and(|m| m.contains(&start)) {
                Some(theme.current_match())
            } else if r.matches.iter().any(|m| m.contains(&start)) {
                Some(theme.other_match())
            } else {
                None
            }
        };
        draw_row(
            buf,
            left,
            y,
            width,
            r.doc.bytes(),
            row.range.clone(),
            styles,
        );
    }
}

/// Draw the glyphs of `range` from column `x`, clipped to `width`.
fn draw_row(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: u16,
    bytes: &[u8],
    range: Range<usize>,
    style_at: impl Fn(usize) -> Option<Style>,
) {
    let base = range.start;
    let mut col = 0usize;
    for g in Glyphs::new(&bytes[range]) {
        let w = g.width_at(col);
        if col + w > width as usize {
            break;
        }
        let style = style_at(base + g.start).unwrap_or_default();
        let cx = x + col as u16;
        match g.shape {
            Shape::Text(s, sw) => {
                use ratatui::buffer::CellWidth;
                let symbol = if s.cell_width() == sw as u16 {
                    s
                } else {
                    "\u{fffd}"
                };
                buf.set_stringn(cx, y, symbol, w, style);
            }
            Shape::Symbol(c) => {
                buf.set_stringn(cx, y, c.encode_utf8(&mut [0; 4]), 1, style);
            }
            Shape::Space | Shape::Tab => {
                for dx in 0..w as u16 {
                    buf[(cx + dx, y)].set_symbol(" ").set_style(style);
                }
            }
            Shape::Hidden => {}
        }
        col += w;
    }
}

#[cfg(test)]
mod tests;
