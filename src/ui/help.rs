//! The help overlay: the live keymap of the mode underneath (or the last
//! messages), as a scrollable box over the text. Its rows are
//! [`Help::rows`], the same the app scrolls by.

use crate::app::{App, HELP_WIDTH, Help};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Widget};

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(help) = &app.help else { return };
    let width = area.width.min(HELP_WIDTH);
    let inner_width = Help::inner_width(area.width);
    let rows = help.rows(inner_width);
    let height = area.height.min(rows.len() as u16 + 2);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(rect, buf);
    let block = Block::default().borders(Borders::ALL).title(help.title);
    let inner = block.inner(rect);
    block.render(rect, buf);
    let key_col = help.key_width(inner_width) as u16;
    // Never past the last row, even right after a resize.
    let scroll = help
        .scroll
        .min(rows.len().saturating_sub(inner.height as usize));
    let bold = Style::new().add_modifier(Modifier::BOLD);
    for (i, (keys, what)) in rows
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        buf.set_stringn(inner.x, y, keys, key_col as usize, bold);
        let x = if key_col == 0 {
            inner.x
        } else {
            inner.x + key_col + 2
        };
        let room = inner.right().saturating_sub(x) as usize;
        buf.set_stringn(x, y, what, room, Style::new());
    }
}
