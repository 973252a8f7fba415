//! The library: one article per row with its size, the selection reversed.

use crate::app::App;
use crate::library::human_size;
use crate::sanitize;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(lib) = &app.library else { return };
    let width = app.text_width().min(area.width as usize) as u16;
    let left = area.x + app.text_left().min(area.width - width);
    let rows = area.height as usize;
    let first = lib.selected.saturating_sub(rows.saturating_sub(1));
    if lib.entries.is_empty() {
        buf.set_stringn(
            left,
            area.y,
            "no articles here (.txt, .md or text files without an extension)",
            width as usize,
            Style::new(),
        );
    }
    for (i, entry) in lib.entries.iter().enumerate().skip(first).take(rows) {
        let y = area.y + (i - first) as u16;
        let size = human_size(entry.size);
        let name_room = (width as usize).saturating_sub(size.len() + 2);
        let style = if i == lib.selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        buf.set_stringn(left, y, " ".repeat(width as usize), width as usize, style);
        buf.set_stringn(left, y, sanitize::line(&entry.name), name_room, style);
        buf.set_stringn(
            left + width - size.len() as u16,
            y,
            &size,
            size.len(),
            style,
        );
    }
}
