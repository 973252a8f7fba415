//! The library: one article per row — its title, its path in the
//! directory (dimmed), how far it is read, its notes and when it was last
//! read — the selection reversed; above them the filter or the `A` line
//! while one is typed.

use crate::app::App;
use crate::library::{Entry, Library, Line};
use crate::sanitize;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns the title and path keep at least before a column on the right
/// gives way.
const LEFT_AT_LEAST: usize = 24;

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(lib) = &app.library else { return };
    let width = app.text_width().min(area.width as usize) as u16;
    let left = area.x + app.text_left().min(area.width - width);
    let mut area = Rect {
        x: left,
        width,
        ..area
    };
    if let Some(line) = top_line(lib) {
        buf.set_stringn(area.x, area.y, &line, width as usize, Style::new());
        area.y += 1;
        area.height = area.height.saturating_sub(1);
    }
    let rows = area.height as usize;
    if rows == 0 {
        return;
    }
    let shown = lib.shown();
    if shown.is_empty() {
        let text = match (lib.entries.is_empty(), lib.listing.is_some()) {
            (true, true) => "listing the directory…",
            (true, false) => "no articles here (.txt, .md or text files without an extension)",
            (false, _) => "no article matches the filter (Esc in the filter clears it)",
        };
        buf.set_stringn(area.x, area.y, text, width as usize, Style::new());
        return;
    }
    let first = lib.selected.saturating_sub(rows.saturating_sub(1));
    let now = app.clock();
    let visible: Vec<(usize, Vec<String>)> = shown
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(row, &i)| (row, columns(&lib.entries[i], now)))
        .collect();
    // Each column as wide as its widest cell on screen (none when empty).
    let mut widths: Vec<usize> = Vec::new();
    for (_, cols) in &visible {
        for (c, cell) in cols.iter().enumerate() {
            if widths.len() <= c {
                widths.push(0);
            }
            widths[c] = widths[c].max(cell.width());
        }
    }
    for (row, cols) in visible {
        let y = area.y + (row - first) as u16;
        let style = if row == lib.selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        buf.set_stringn(area.x, y, " ".repeat(width as usize), width as usize, style);
        let entry = &lib.entries[shown[row]];
        draw_entry(
            entry,
            &cols,
            &widths,
            Rect {
                y,
                height: 1,
                ..area
            },
            style,
            buf,
        );
    }
}

/// The filter (`/heron  3 of 12`) or the `A` line, when there is one.
fn top_line(lib: &Library) -> Option<String> {
    let caret = |typing: bool| if typing { "▏" } else { "" };
    match lib.line {
        Some(Line::Add) => Some(format!(
            "add (a URL, or an .html or .epub file): {}{}",
            sanitize::line(&lib.typed),
            caret(true)
        )),
        Some(Line::Filter) => Some(filter_line(lib, caret(true))),
        None if !lib.filter.is_empty() => Some(filter_line(lib, "")),
        None => None,
    }
}

fn filter_line(lib: &Library, caret: &str) -> String {
    format!(
        "/{}{caret}  {} of {}",
        sanitize::line(&lib.filter),
        lib.shown().len(),
        lib.entries.len()
    )
}

/// One row: title and dimmed path on the left, the columns on the right
/// (as many as leave the left [`LEFT_AT_LEAST`] columns).
fn draw_entry(
    entry: &Entry,
    columns: &[String],
    widths: &[usize],
    area: Rect,
    style: Style,
    buf: &mut Buffer,
) {
    let width = area.width as usize;
    let mut right = String::new();
    for (i, &w) in widths.iter().enumerate().filter(|&(_, &w)| w > 0) {
        let cell = columns.get(i).map_or("", String::as_str);
        let pad = " ".repeat(w.saturating_sub(cell.width()));
        let wider = format!("{}{pad}{cell}", if right.is_empty() { "" } else { "  " });
        if width.saturating_sub(right.width() + wider.width() + 2) < LEFT_AT_LEAST {
            break;
        }
        right.push_str(&wider);
    }
    let room = width.saturating_sub(right.width() + if right.is_empty() { 0 } else { 2 });
    let title = sanitize::line(entry.title());
    let path = match title == entry.name {
        true => String::new(),
        false => sanitize::line(&entry.name),
    };
    // Both whole when they fit; else the path keeps up to a third of the
    // room and the title is cut (with `…`) before it.
    let path_room = match title.width() + 2 + path.width() <= room || path.is_empty() {
        true => path.width(),
        false => path.width().min(room / 3),
    };
    let title_room = room.saturating_sub(if path.is_empty() { 0 } else { path_room + 2 });
    let (x, _) = buf.set_stringn(
        area.x,
        area.y,
        super::notes::shorten(&title, title_room),
        title_room,
        style,
    );
    if !path.is_empty() && path_room > 0 {
        let dim = style.add_modifier(Modifier::DIM);
        let path = shorten_start(&path, path_room);
        buf.set_stringn(x + 2, area.y, &path, path_room, dim);
    }
    let at = area.x + (width - right.width()) as u16;
    buf.set_stringn(at, area.y, &right, right.width(), style);
}

/// `path` in at most `width` columns, cut at its start (`…` first): its
/// end (the file name, a `-2` that tells two snapshots apart) stays.
fn shorten_start(path: &str, width: usize) -> String {
    if path.width() <= width {
        return path.to_string();
    }
    let mut kept = 0;
    for (at, c) in path.char_indices().rev() {
        let wider = kept + c.width().unwrap_or(0);
        if wider + 1 > width {
            return format!("…{}", &path[at + c.len_utf8()..]);
        }
        kept = wider;
    }
    path.to_string()
}

/// The right-hand cells, most important first: progress, notes, when
/// last read (`…` until the details are read).
fn columns(entry: &Entry, now_millis: u64) -> Vec<String> {
    let Some(d) = &entry.details else {
        return vec!["…".into()];
    };
    let notes = match d.notes {
        0 => String::new(),
        n => crate::words::count(n, "note"),
    };
    let age = d
        .last_read
        .map(|s| crate::browser::age_of_millis(s.saturating_mul(1000), now_millis))
        .unwrap_or_default();
    vec![d.progress.label(), notes, age]
}

#[cfg(test)]
mod tests {
    use super::shorten_start;

    #[test]
    fn a_cut_path_keeps_its_end() {
        assert_eq!(
            shorten_start("snapshots/cafe-culture-and-the-night-2.md", 16),
            "…-the-night-2.md"
        );
        assert_eq!(shorten_start("short.md", 16), "short.md");
    }
}
