//! The help overlay: the live keymap of the mode underneath, as a
//! scrollable box over the text.

use crate::app::App;
use crate::sanitize;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Widget};

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(help) = &app.help else { return };
    let width = area.width.min(84);
    let height = area.height.min(help.lines.len() as u16 + 2);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" keys — q to close ");
    let inner = block.inner(rect);
    block.render(rect, buf);
    let key_col = help
        .lines
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(inner.width as usize / 2) as u16;
    for (i, (keys, what)) in help
        .lines
        .iter()
        .skip(help.scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        let bold = Style::new().add_modifier(Modifier::BOLD);
        buf.set_stringn(inner.x, y, sanitize::line(keys), key_col as usize, bold);
        let x = inner.x + key_col + 2;
        let room = inner.right().saturating_sub(x) as usize;
        buf.set_stringn(x, y, sanitize::line(what), room, Style::new());
    }
}
