//! Drawing the note editor: a bordered box with a title and the wrapped
//! text of a [`TextArea`]. Only reads the text area; scrolling is the
//! model's job ([`TextArea::scroll_to_cursor`]).

use crate::editor::TextArea;
use crate::sanitize;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Clear, Widget};

fn block(title: &str) -> Block<'static> {
    Block::bordered().title(sanitize::line(title))
}

/// The size of the text inside a box drawn in `rect`, as (width, height):
/// what to pass to [`TextArea::scroll_to_cursor`] so that scrolling and
/// vertical motions match what [`draw`] shows.
pub fn text_size(rect: Rect) -> (usize, usize) {
    let inner = Block::bordered().inner(rect);
    (inner.width as usize, inner.height as usize)
}

/// Clear `rect`, draw a box titled `title` in it and the text of `area`
/// inside, from its first visible row. Returns the screen position for the
/// terminal cursor, or `None` when there is no room for it.
///
/// The rows shown start at [`TextArea::visible_top`]: the stored top, or
/// — if the app has not scrolled since the last change or resize — the
/// nearest top that shows the cursor.
pub fn draw(area: &TextArea, title: &str, rect: Rect, buf: &mut Buffer) -> Option<(u16, u16)> {
    let rect = rect.intersection(buf.area);
    if rect.is_empty() {
        return None;
    }
    Clear.render(rect, buf);
    let block = block(title);
    let inner = block.inner(rect);
    block.render(rect, buf);
    if inner.is_empty() {
        return None;
    }
    let layout = area.layout(inner.width as usize);
    let top = area.visible_top(&layout, inner.height as usize);
    for (i, row) in layout
        .rows
        .iter()
        .skip(top)
        .take(inner.height as usize)
        .enumerate()
    {
        let line = &area.text().as_bytes()[row.text.clone()];
        draw_row(buf, inner.x, inner.y + i as u16, inner.width, line);
    }
    let (row, col) = layout.cursor;
    let y = row
        .checked_sub(top)
        .filter(|&dy| dy < inner.height as usize)?;
    let x = col.min(inner.width as usize - 1);
    Some((inner.x + x as u16, inner.y + y as u16))
}

/// Draw the glyphs of one row from column `x`, clipped to `width`: the
/// same rule as the article's rows (stand-in symbols for controls, tabs as
/// spaces to the next tab stop, a glyph that does not fit is left out).
fn draw_row(buf: &mut Buffer, x: u16, y: u16, width: u16, bytes: &[u8]) {
    super::draw_row(
        buf,
        x,
        y,
        width,
        bytes,
        0..bytes.len(),
        Default::default(),
        |_| None,
    );
}

#[cfg(test)]
#[path = "editor_tests.rs"]
mod tests;
