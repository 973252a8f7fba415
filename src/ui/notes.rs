//! The note panel under the text (the focused highlight's note) and the
//! notes list (`Tab`).

use crate::annotation::State;
use crate::app::App;
use crate::sanitize;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

/// The note of the annotation in view, in a box under the text.
pub fn draw_note_panel(app: &App, area: Rect, buf: &mut Buffer) {
    if app.note_in_view().is_none() {
        return;
    }
    let lines = app.note_lines();
    Clear.render(area, buf);
    let shown = area.height.saturating_sub(1) as usize;
    let more = lines.len() > shown;
    let title = if more {
        " note — J K scroll · a opens "
    } else {
        " note "
    };
    let block = Block::default().borders(Borders::TOP).title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let width = app.text_width().min(inner.width as usize) as u16;
    let left = inner.x + app.text_left().min(inner.width - width);
    let first = app.note_scroll().min(lines.len().saturating_sub(shown));
    let visible = lines.iter().skip(first).take(shown);
    for (i, line) in visible.enumerate() {
        let mut line = sanitize::line(line);
        // The last row shown of a longer note ends with `…`.
        if i + 1 == shown && first + shown < lines.len() {
            while line.width() + 1 > width as usize && line.pop().is_some() {}
            line.push('…');
        }
        buf.set_stringn(left, inner.y + i as u16, line, width as usize, Style::new());
    }
}

/// Shorten `text` to one line of at most `width` columns, with `…`.
pub(super) fn shorten(text: &str, width: usize) -> String {
    let line = sanitize::line(text);
    if line.width() <= width {
        return line;
    }
    let mut out = String::new();
    for c in line.chars() {
        if out.width() + c.to_string().width() + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The list of annotations with a filter line (and, when filtered, how
/// many of all are shown). Each row: the tag (in its colour) and labels,
/// the quote given the room the row has, the note's first line.
pub fn draw_list(app: &App, theme: super::Theme, area: Rect, buf: &mut Buffer) {
    let Some(panel) = &app.notes else { return };
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" notes — Enter go · / filter · x delete · r re-attach an orphan · Tab close ");
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let entries = app.notes_entries();
    let filter = if panel.filtering || !panel.filter.is_empty() {
        format!(
            "filter: {}{}  ({} of {})",
            sanitize::line(&panel.filter),
            if panel.filtering { "▏" } else { "" },
            entries.len(),
            app.notes_total()
        )
    } else {
        String::new()
    };
    buf.set_stringn(
        inner.x,
        inner.y,
        &filter,
        inner.width as usize,
        Style::new().add_modifier(Modifier::DIM),
    );
    if entries.is_empty() {
        buf.set_stringn(
            inner.x,
            inner.y + 1,
            "no annotations",
            inner.width as usize,
            Style::new(),
        );
        return;
    }
    let rows = inner.height.saturating_sub(1) as usize;
    let first = app.notes_first();
    let width = inner.width as usize;
    for (i, a) in entries.iter().enumerate().skip(first).take(rows) {
        let y = inner.y + 1 + (i - first) as u16;
        let style = if i == panel.selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        buf.set_stringn(inner.x, y, " ".repeat(width), width, style);
        // The tag, then what the reader should know about the entry.
        let mut labels = vec![a.tag.as_str()];
        match a.state() {
            State::Orphan => labels.push("orphan"),
            State::Fuzzy => labels.push("approximate"),
            State::Placed => {}
        }
        if a.draft().is_some() {
            labels.push("unsaved draft");
        }
        let labels = shorten(&format!("[{}]", labels.join(", ")), width);
        let color = crate::tags::color_of(&app.settings.tags, &a.tag);
        let (x, _) = buf.set_stringn(inner.x, y, &labels, width, theme.highlight(color, false));
        let room = width.saturating_sub(labels.width() + 1);
        let note = a
            .note
            .lines()
            .next()
            .map(|n| format!(" — {}", sanitize::line(n)))
            .unwrap_or_default();
        let after = match a.state() {
            State::Orphan => format!("{note} (was after “…{}”)", shorten(&a.prefix, 20)),
            _ => note,
        };
        // The quote gets what the note does not need, the note at most a
        // half of the row while the quote is cut.
        let quote = sanitize::line(&app.shown_quote(a));
        let quote_room = room
            .saturating_sub(2 + after.width().min(room / 2))
            .max(room.min(12));
        let text = format!(
            "“{}”{after}",
            shorten(&quote, quote_room.saturating_sub(2).max(1))
        );
        buf.set_stringn(x + 1, y, shorten(&text, room), room, style);
    }
}
