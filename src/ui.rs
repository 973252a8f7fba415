//! Drawing the app. Everything here only reads [`App`]; every piece of
//! text goes through the sanitiser (article glyphs are already safe glyphs).

mod browser;
pub mod editor;
mod help;
mod library;
mod markdown;
mod notes;
mod outline;
#[cfg(test)]
mod outline_tests;
pub(crate) mod status;

use crate::app::{App, ShownAnnotation};
use crate::glyph::Shape;
use crate::tags::TagColor;
use crate::text::BytePos;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Widget;
use std::ops::Range;

/// The background of the match last jumped to on plain text: orange
/// (xterm 256-colour 208), which no tag has.
pub const CURRENT_MATCH: Color = Color::Indexed(208);

/// The background of the other matches on screen on plain text: a dark
/// grey (xterm 256-colour 240), which no tag has.
pub const OTHER_MATCH: Color = Color::Indexed(240);

/// Colours, or none (`NO_COLOR`). Chosen by the event loop and given to
/// the drawing code: it is not the app's state.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true }
    }
}

impl Theme {
    /// A search match drawn over `under` (the style of a highlight there,
    /// or none): on plain text a colour no tag has, over a highlight that
    /// highlight in reverse video, so both show; `current` is the match
    /// last jumped to (bold as well). Without colour, reverse video
    /// (highlights are underlined, so the two never look the same).
    fn search_match(self, under: Option<Style>, current: bool) -> Style {
        let style = match under {
            Some(h) => h.add_modifier(Modifier::REVERSED),
            None if !self.color => Style::new().add_modifier(Modifier::REVERSED),
            None if current => Style::new().bg(CURRENT_MATCH).fg(Color::Black),
            None => Style::new().bg(OTHER_MATCH).fg(Color::White),
        };
        if current {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    fn selection(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    fn caret(self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::LightMagenta)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// A highlight of a tag with colour `c`; readable on dark and light
    /// backgrounds (dark text on light colours, white on dark ones).
    pub fn highlight(self, c: TagColor, focused: bool) -> Style {
        let style = if self.color {
            let (bg, fg) = match c {
                TagColor::Yellow => (Color::Yellow, Color::Black),
                TagColor::Red => (Color::Red, Color::White),
                TagColor::Blue => (Color::Blue, Color::White),
                TagColor::Green => (Color::Green, Color::Black),
                TagColor::Magenta => (Color::Magenta, Color::White),
                TagColor::Cyan => (Color::Cyan, Color::Black),
                TagColor::Gray => (Color::Gray, Color::Black),
            };
            Style::new().bg(bg).fg(fg)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        };
        if focused {
            style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            style
        }
    }

    /// The colour of a tag's marks in the gutter.
    pub fn mark(self, c: TagColor) -> Style {
        if !self.color {
            return Style::new();
        }
        self.highlight(c, false)
            .bg
            .map_or(Style::new(), |bg| Style::new().fg(bg))
    }

    fn bar(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}

/// The whole screen as a widget: the app, drawn in a theme.
pub struct Screen<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for Screen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        draw(self.app, self.theme, area, buf);
    }
}

/// Where the terminal's cursor belongs: in the note editor or the prompt.
pub fn cursor(app: &App, area: Rect) -> Option<(u16, u16)> {
    if app.too_small() || area.height == 0 {
        return None;
    }
    if let Some(ed) = &app.editor {
        let overlay = Rect {
            height: area.height - 1,
            ..area
        };
        let mut scratch = Buffer::empty(area);
        return editor::draw(&ed.area, "", editor_rect(app, overlay), &mut scratch);
    }
    if app.reader.is_none()
        && app.prompt.is_none()
        && app.help.is_none()
        && let Some(b) = &app.browser
    {
        let text = Rect {
            height: area.height.saturating_sub(app.bottom_rows()),
            ..area
        };
        let (filter, _, preview) = browser::areas(text);
        if let Some(editing) = &b.editing {
            let mut scratch = Buffer::empty(area);
            return editor::draw(editing, "", preview, &mut scratch);
        }
        let x = unicode_width::UnicodeWidthStr::width(browser::filter_line(b).as_str()) as u16;
        return b
            .typing
            .then_some((filter.x + x.min(filter.width.saturating_sub(1)), filter.y));
    }
    let p = app.prompt.as_ref()?;
    let x =
        unicode_width::UnicodeWidthStr::width(crate::sanitize::line(&p.text).as_str()) as u16 + 1;
    Some((
        area.x + x.min(area.width.saturating_sub(1)),
        area.y + area.height - 1,
    ))
}

/// Draw the whole screen.
pub fn draw(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    if app.too_small() {
        too_small(area, buf);
        return;
    }
    // From the bottom: the status row (or a longer message's rows), a
    // standing offer's rows, the note panel, the text.
    let bottom = app.bottom_rows().min(area.height - 1);
    let status_rows = (app.message_lines().len() as u16).clamp(1, bottom);
    let panel = app.note_panel_rows().min(area.height - bottom);
    let text_area = Rect {
        height: area.height - bottom - panel,
        ..area
    };
    let panel_area = Rect {
        y: text_area.bottom(),
        height: panel,
        ..area
    };
    let standing_area = Rect {
        y: panel_area.bottom(),
        height: bottom - status_rows,
        ..area
    };
    let status_area = Rect {
        y: area.bottom() - status_rows,
        height: status_rows,
        ..area
    };
    match &app.reader {
        Some(_) => draw_article(app, theme, text_area, buf),
        None if app.browser.is_some() => browser::draw(app, theme, text_area, buf),
        None => library::draw(app, text_area, buf),
    }
    if panel > 0 {
        notes::draw_note_panel(app, panel_area, buf);
    }
    if standing_area.height > 0 {
        let style = Style::new().add_modifier(Modifier::BOLD);
        buf.set_style(standing_area, style);
        for (i, line) in app.standing_lines().iter().enumerate() {
            let y = standing_area.y + i as u16;
            if y < standing_area.bottom() {
                buf.set_stringn(area.x, y, line, area.width as usize, style);
            }
        }
    }
    status::draw(app, theme, status_area, buf);
    let overlay = Rect {
        height: area.height - 1,
        ..area
    };
    if app.notes.is_some() {
        notes::draw_list(app, theme, overlay, buf);
    }
    if app.outline.is_some() {
        outline::draw(app, overlay, buf);
    }
    if let Some(ed) = &app.editor {
        let title = " note — Ctrl-s save · Esc cancel · Ctrl-e $EDITOR ";
        editor::draw(&ed.area, title, editor_rect(app, overlay), buf);
    }
    if app.help.is_some() {
        help::draw(app, overlay, buf);
    }
}

/// Where the note editor popup goes: over the text column, in the half of
/// the screen that does not hold the highlight being annotated.
pub fn editor_rect(app: &App, area: Rect) -> Rect {
    let (w, h) = app.editor_size();
    let width = (w as u16 + 2).min(area.width);
    let height = (h as u16 + 2).min(area.height);
    let highlight_row = app.reader.as_ref().and_then(|r| {
        let id = &app.editor.as_ref()?.id;
        let start = r.shown.iter().find(|a| &a.id == id)?.bytes.start.0;
        r.rows
            .iter()
            .position(|row| row.range.contains(&start) || row.range.start == start)
    });
    let low = highlight_row.is_some_and(|y| y as u16 >= area.height / 2);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: if low { area.y } else { area.bottom() - height },
        width,
        height,
    }
}

/// The longest of [`TOO_SMALL`] that fits in `width` columns.
pub fn too_small_message(width: u16) -> &'static str {
    TOO_SMALL
        .iter()
        .copied()
        .find(|m| m.chars().count() <= width as usize)
        .unwrap_or("")
}

/// What a terminal too small to read in says, longest first; the last
/// fits in one column.
const TOO_SMALL: &[&str] = &["terminal too small", "too small", "small", "!"];

/// The longest wording that fits, whole, centred.
fn too_small(area: Rect, buf: &mut Buffer) {
    let msg = too_small_message(area.width);
    let width = msg.chars().count() as u16;
    let y = area.y + area.height / 2;
    let x = area.x + (area.width - width) / 2;
    buf.set_stringn(x, y, msg, width as usize, Style::new());
}

/// The innermost (shortest) shown annotation holding byte `p`.
fn innermost(shown: &[ShownAnnotation], p: usize) -> Option<&ShownAnnotation> {
    shown
        .iter()
        .filter(|a| a.bytes.contains(&BytePos(p)))
        .min_by_key(|a| a.chars)
}

/// Draw the rows of the open article in a centred column, with highlights,
/// the selection, search matches, and marks in the gutter.
fn draw_article(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let Some(r) = &app.reader else { return };
    let width = app.text_width().min(area.width as usize) as u16;
    let left = area.x + app.text_left().min(area.width - width);
    let current = r.search.as_ref().and_then(|s| s.current.clone());
    let selected = r.selected();
    let caret = r.selection.map(|s| s.caret.0);
    let tags = &app.settings.tags;
    for (i, row) in r.rows.iter().enumerate().take(area.height as usize) {
        let y = area.y + i as u16;
        let styles = |start: usize| {
            if caret == Some(start) {
                Some(theme.caret())
            } else if selected
                .as_ref()
                .is_some_and(|s| s.contains(&BytePos(start)))
            {
                Some(theme.selection())
            } else {
                let highlight = innermost(&r.shown, start).map(|a| {
                    let focused = r.focus.as_deref() == Some(a.id.as_str());
                    let style = theme.highlight(crate::tags::color_of(tags, &a.tag), focused);
                    // Placed approximately after an edit: marked until confirmed.
                    if a.fuzzy {
                        style.add_modifier(Modifier::UNDERLINED | Modifier::ITALIC)
                    } else {
                        style
                    }
                });
                if current.as_ref().is_some_and(|m| m.contains(&start)) {
                    Some(theme.search_match(highlight, true))
                } else if r.matches.iter().any(|m| m.contains(&start)) {
                    Some(theme.search_match(highlight, false))
                } else {
                    highlight
                }
            }
        };
        match &row.view {
            Some((view, first)) => markdown::draw_row(
                buf,
                theme,
                (left, y, width),
                r.doc.bytes(),
                row.range.clone(),
                (view, *first, row.dress),
                styles,
            ),
            None => {
                draw_row(
                    buf,
                    left,
                    y,
                    width,
                    r.doc.bytes(),
                    row.range.clone(),
                    row.dress,
                    styles,
                );
            }
        }
        draw_gutter(app, theme, r, row, left, y, buf);
    }
}

/// Marks left of a row: `≈` where an approximately placed highlight
/// starts, `✎` where a note's highlight starts, and an edge in the colour of
/// the outermost highlight covering the row (so an outer highlight stays
/// visible where an inner one paints over it).
fn draw_gutter(
    app: &App,
    theme: Theme,
    r: &crate::app::Reader,
    row: &crate::app::ShownRow,
    left: u16,
    y: u16,
    buf: &mut Buffer,
) {
    if left < 2 || row.range.is_empty() {
        return;
    }
    let covering = || {
        r.shown
            .iter()
            .filter(|a| a.bytes.start.0 < row.range.end && a.bytes.end.0 > row.range.start)
    };
    if let Some(outer) = covering().max_by_key(|a| a.chars) {
        let style = theme.mark(crate::tags::color_of(&app.settings.tags, &outer.tag));
        buf.set_stringn(left - 1, y, "▎", 1, style);
    }
    let starting = || covering().filter(|a| a.starts_here && row.range.contains(&a.bytes.start.0));
    let mark = if starting().any(|a| a.fuzzy) {
        Some("≈")
    } else if starting().any(|a| a.has_note) {
        Some("✎")
    } else {
        None
    };
    if let Some(mark) = mark {
        buf.set_stringn(
            left - 2,
            y,
            mark,
            1,
            Style::new().add_modifier(Modifier::BOLD),
        );
    }
}

/// Draw the glyphs of `range` from column `x`, clipped to `width`, with
/// its gaps widened and a hyphen after it as `dress` says; the columns
/// drawn.
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw_row(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: u16,
    bytes: &[u8],
    range: Range<usize>,
    dress: crate::wrap::Dress,
    style_at: impl Fn(usize) -> Option<Style>,
) -> usize {
    let base = range.start;
    let (mut text_end, mut drawn) = (0usize, 0usize);
    for cell in crate::wrap::Cells::new(&bytes[range], dress) {
        let (g, col, w) = (cell.glyph, cell.col, cell.width);
        if col + w > width as usize {
            // A widened gap is cut at the edge (its blank hangs past it).
            if g.is_blank() && col < width as usize {
                let style = style_at(base + g.start).unwrap_or_default();
                for cx in col..width as usize {
                    buf[(x + cx as u16, y)].set_symbol(" ").set_style(style);
                }
            }
            break;
        }
        if !g.is_blank() {
            text_end = col + w;
        }
        drawn = col + w;
        let style = style_at(base + g.start).unwrap_or_default();
        let cx = x + col as u16;
        match g.shape {
            // One printable ASCII byte: one cell, nothing to measure.
            Shape::Text(s, _) if s.len() == 1 => {
                buf[(cx, y)].set_symbol(s).set_style(style);
            }
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
    }
    if dress.hyphen && text_end < width as usize {
        buf[(x + text_end as u16, y)].set_symbol("-");
        text_end += 1;
    }
    drawn.max(text_end)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod sizes_tests;

#[cfg(test)]
mod markdown_tests;

#[cfg(test)]
mod mouse_tests;
