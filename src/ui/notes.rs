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
    let Some(note) = app.note_in_view() else {
        return;
    };
    Clear.render(area, buf);
    let block = Block::default().borders(Borders::TOP).title(" note ");
    let inner = block.inner(area);
    block.render(area, buf);
    let width = app.text_width().min(inner.width as usize) as u16;
    let left = inner.x + app.text_left().min(inner.width - width);
    for (i, line) in note.lines().take(inner.height as usize).enumerate() {
        buf.set_stringn(
            left,
            inner.y + i as u16,
            sanitize::line(line),
            width as usize,
            Style::new(),
        );
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

/// The list of annotations with a filter line.
pub fn draw_list(app: &App, area: Rect, buf: &mut Buffer) {
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
    let filter = if panel.filtering || !panel.filter.is_empty() {
        format!(
            "filter: {}{}",
            sanitize::line(&panel.filter),
            if panel.filtering { "▏" } else { "" }
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
    let entries = app.notes_entries();
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
    let first = panel.selected.saturating_sub(rows.saturating_sub(1));
    for (i, a) in entries.iter().enumerate().skip(first).take(rows) {
        let y = inner.y + 1 + (i - first) as u16;
        let note = a
            .note
            .lines()
            .next()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
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
        let labels = labels.join(", ");
        let text = match a.state() {
            State::Orphan => format!(
                "[{labels}] “{}”{} (was after “…{}”)",
                shorten(&a.quote, 30),
                note,
                shorten(&a.prefix, 20)
            ),
            _ => format!("[{labels}] “{}”{}", shorten(&a.quote, 40), note),
        };
        let style = if i == panel.selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        buf.set_stringn(
            inner.x,
            y,
            " ".repeat(inner.width as usize),
            inner.width as usize,
            style,
        );
        buf.set_stringn(
            inner.x,
            y,
            shorten(&text, inner.width as usize),
            inner.width as usize,
            style,
        );
    }
}
