//! The outline panel (`t`): headings indented by level, the current
//! section marked, the selected one reversed, and whether the scan is
//! still finding them.

use super::notes::shorten;
use crate::app::App;
use crate::sanitize;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// Marks the current section's line.
const CURRENT: &str = "▸ ";

/// Draw the outline panel over `area`.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(panel), Some(r)) = (&app.outline, &app.reader) else {
        return;
    };
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" outline — type to filter · Enter go · Esc close ");
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let width = inner.width as usize;
    let outline = &r.outline;
    let mut head = if panel.filter.is_empty() {
        String::new()
    } else {
        format!("filter: {}▏  ", sanitize::line(&panel.filter))
    };
    if !outline.complete {
        let len = r.bytes().len().max(1);
        let percent = (outline.read as u128 * 100 / len as u128) as usize;
        head.push_str(&format!("outline so far… ({percent}% of the article read)"));
    }
    // The bookmarks that last, with the text they are at ('A jumps).
    for b in &r.bookmarks {
        head.push_str(&format!(
            "  '{} “{}”",
            b.name,
            shorten(b.suffix.trim_start(), 16)
        ));
    }
    buf.set_stringn(
        inner.x,
        inner.y,
        &head,
        width,
        Style::new().add_modifier(Modifier::DIM),
    );
    let entries = app.outline_entries();
    if entries.is_empty() {
        let none = match (outline.headings.is_empty(), outline.complete) {
            (true, true) => "no headings found",
            (true, false) => "no headings found yet",
            (false, _) => "no heading holds the filter",
        };
        buf.set_stringn(inner.x, inner.y + 1, none, width, Style::new());
        return;
    }
    let current = app.current_section();
    let depths = outline.depths();
    let rows = inner.height.saturating_sub(1) as usize;
    let first = panel.selected.saturating_sub(rows.saturating_sub(1));
    for (row, (n, &i)) in entries
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .enumerate()
    {
        let h = &outline.headings[i];
        let y = inner.y + 1 + row as u16;
        let mark = if current == Some(i) { CURRENT } else { "  " };
        let indent = "  ".repeat(depths[h.level as usize].min(8) as usize);
        let text = format!("{mark}{indent}{}", sanitize::line(&h.title));
        let style = if n == panel.selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else if current == Some(i) {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        buf.set_stringn(inner.x, y, " ".repeat(width), width, style);
        buf.set_stringn(inner.x, y, shorten(&text, width), width, style);
    }
}
