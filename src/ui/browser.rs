//! The notes browser: the filter line, one row per note (tag in its
//! colour, quote, the note's start, the article's title, age), and a
//! preview of the selected note (its quote in context and the whole note,
//! or the note being edited).

use super::Theme;
use super::notes::shorten;
use crate::app::App;
use crate::browser::{Browser, NoteRow, age};
use crate::sanitize;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Widget};
use unicode_width::UnicodeWidthStr;

/// Columns of the title at the end of a row (at most).
const TITLE_COLS: usize = 24;
/// Columns of the age.
const AGE_COLS: usize = 4;

/// Where the parts go in `area`: (filter row, list, preview).
pub fn areas(area: Rect) -> (Rect, Rect, Rect) {
    let filter = Rect {
        height: 1.min(area.height),
        ..area
    };
    let rest = area.height.saturating_sub(1);
    let preview_h = if rest >= 8 { (rest * 2 / 5).max(4) } else { 0 };
    let list = Rect {
        y: area.y + 1.min(area.height),
        height: rest - preview_h,
        ..area
    };
    let preview = Rect {
        y: list.bottom(),
        height: preview_h,
        ..area
    };
    (filter, list, preview)
}

/// The filter row's text (and where its cursor goes, in columns).
pub fn filter_line(b: &Browser) -> String {
    let lead = if b.typing { "filter: " } else { "filter (f): " };
    format!("{lead}{}", sanitize::line(&b.filter))
}

pub fn draw(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let Some(b) = &app.browser else { return };
    let (filter, list, preview) = areas(area);
    let width = area.width as usize;
    let mut line = filter_line(b);
    let count = match &b.problem {
        Some(p) => format!("   ({})", sanitize::line(p)),
        None => format!(
            "   {} of {}",
            b.len(),
            crate::words::count(b.total(), "note")
        ),
    };
    line.push_str(&count);
    let style = if b.typing {
        Style::new()
    } else {
        Style::new().add_modifier(Modifier::DIM)
    };
    buf.set_stringn(filter.x, filter.y, &line, width, style);
    let rows = list.height as usize;
    if b.is_empty() && rows > 0 {
        let why = match (b.done, b.total()) {
            (false, _) => "reading notes…",
            (true, 0) => "no notes here (sidecars *.annotty.toml under the directories)",
            (true, _) => "no note matches the filter",
        };
        buf.set_stringn(list.x, list.y, why, width, Style::new());
    }
    let first = b
        .selected
        .saturating_sub(rows.saturating_sub(1) / 2)
        .min(b.len().saturating_sub(rows));
    for i in first..(first + rows).min(b.len()) {
        let Some(row) = b.row(i) else { break };
        let y = list.y + (i - first) as u16;
        draw_row(
            app,
            theme,
            row,
            i == b.selected,
            Rect {
                y,
                height: 1,
                ..list
            },
            buf,
        );
    }
    if preview.height > 0 {
        draw_preview(app, theme, b, preview, buf);
    }
}

fn draw_row(app: &App, theme: Theme, row: &NoteRow, selected: bool, area: Rect, buf: &mut Buffer) {
    let width = area.width as usize;
    let style = if selected {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new()
    };
    buf.set_stringn(area.x, area.y, " ".repeat(width), width, style);
    let a = &row.note;
    let color = crate::tags::color_of(&app.settings.tags, &a.tag);
    let mut label = a.tag.clone();
    if let Some(state) = a.state().name() {
        label = format!("{label}, {state}");
    }
    let label = shorten(&format!("[{label}]"), 14.min(width));
    let (x, _) = buf.set_stringn(area.x, area.y, &label, width, theme.highlight(color, false));
    let when = age(&a.created, app.clock());
    let title = shorten(&row.source.title, TITLE_COLS.min(width / 4).max(1));
    let right = format!("{title}  {when:>AGE_COLS$}");
    let right_w = right.width();
    let used = (x - area.x) as usize + 1;
    let room = width.saturating_sub(used + right_w + 2);
    let note = a.note.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let note = if note.is_empty() {
        String::new()
    } else {
        format!(" — {}", sanitize::line(note))
    };
    let quote_room = room
        .saturating_sub(note.width().min(room / 2))
        .max(room.min(12));
    let text = format!(
        "“{}”{note}",
        shorten(&a.quote, quote_room.saturating_sub(2).max(1))
    );
    buf.set_stringn(x + 1, area.y, shorten(&text, room), room, style);
    if right_w + used < width {
        let rx = area.x + (width - right_w) as u16;
        buf.set_stringn(
            rx,
            area.y,
            &right,
            right_w,
            style.add_modifier(Modifier::DIM),
        );
    }
}

/// The selected note: its quote between its context, the whole note,
/// where it is; or the note being edited.
fn draw_preview(app: &App, theme: Theme, b: &Browser, area: Rect, buf: &mut Buffer) {
    let Some(row) = b.selected_row() else { return };
    if let Some(editing) = &b.editing {
        let title = " note — Ctrl-s save · Esc cancel ";
        super::editor::draw(editing, title, area, buf);
        return;
    }
    let block = Block::default().borders(Borders::TOP).title(format!(
        " {} — {} ",
        shorten(&row.source.title, (area.width as usize / 2).max(1)),
        shorten(
            &crate::source::shown(row.source.article.as_ref().unwrap_or(&row.source.sidecar)),
            (area.width as usize / 3).max(1)
        ),
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let width = inner.width as usize;
    if width == 0 {
        return;
    }
    let a = &row.note;
    let bookmarks: String = row
        .source
        .bookmarks
        .iter()
        .map(|b| format!("  '{} “{}”", b.name, shorten(b.suffix.trim_start(), 16)))
        .collect();
    if !bookmarks.is_empty() && inner.height > 2 {
        // The last row of the preview.
        let line = format!("bookmarks:{bookmarks}");
        let y = inner.bottom() - 1;
        buf.set_stringn(
            inner.x,
            y,
            &line,
            width,
            Style::new().add_modifier(Modifier::DIM),
        );
    }
    let color = crate::tags::color_of(&app.settings.tags, &a.tag);
    // The quote in its context: prefix, quote (in the tag's colour),
    // suffix, wrapped as one paragraph.
    let (pre, quote, post) = (
        format!("…{}", sanitize::line(&a.prefix)),
        sanitize::line(&a.quote),
        format!("{}…", sanitize::line(&a.suffix)),
    );
    let whole = format!("{pre}{quote}{post}");
    let quote_at = pre.len()..pre.len() + quote.len();
    let mut y = inner.y;
    let shows_bookmarks = !bookmarks.is_empty() && inner.height > 2;
    let bottom = inner.bottom() - u16::from(shows_bookmarks);
    let mut offset = 0;
    for line in crate::editor::wrapped(&whole, width, app.settings.typeset.wrap) {
        if y >= bottom {
            return;
        }
        let mut x = inner.x;
        // `wrapped` keeps the text's chars in order, dropping the blanks it
        // breaks at; find each row's chars in the whole to style them.
        for c in line.chars() {
            let Some(found) = whole[offset..].find(c) else {
                break;
            };
            let at = offset + found;
            offset = at + c.len_utf8();
            let style = if quote_at.contains(&at) {
                theme.highlight(color, false)
            } else {
                Style::new().add_modifier(Modifier::DIM)
            };
            let (nx, _) = buf.set_stringn(x, y, c.to_string(), (inner.right() - x) as usize, style);
            x = nx;
        }
        y += 1;
    }
    y += 1;
    let note = if a.note.is_empty() {
        "(no note: a to write one)".to_string()
    } else {
        a.note.clone()
    };
    for line in crate::editor::wrapped(&note, width, app.settings.typeset.wrap) {
        if y >= bottom {
            return;
        }
        buf.set_stringn(inner.x, y, sanitize::line(&line), width, Style::new());
        y += 1;
    }
}

/// The status row's fields for the browser (priority, words): how far
/// the reading has come, what could not be read (shortened to fit `room`
/// columns), what it browses, the order.
pub fn status(b: &Browser, room: usize) -> Vec<(u8, String)> {
    let mut fields = vec![(3, sanitize::line(&b.title))];
    if !b.done {
        fields.push((0, format!("reading sidecars {}/{}", b.read, b.found)));
    }
    let skipped = match b.unreadable.as_slice() {
        [] => None,
        [one] => Some(format!("skipped {}", sanitize::line(one))),
        [first, rest @ ..] => Some(format!(
            "skipped {} unreadable, first {}",
            rest.len() + 1,
            sanitize::line(first),
        )),
    };
    if let Some(s) = skipped {
        fields.push((1, shorten(&s, (room * 2 / 3).max(8))));
    }
    fields.push((4, format!("by {}", b.sort.name())));
    fields
}
