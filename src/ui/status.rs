//! The status row: where you are, what mode you are in, and the keys that
//! matter now — or the prompt, or a message.

use crate::app::App;
use crate::sanitize;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Draw the status row into `area`: one row, or the rows of a message
/// that needs more ([`App::message_lines`]).
pub fn draw(app: &App, theme: super::Theme, area: Rect, buf: &mut Buffer) {
    let style = theme.bar();
    buf.set_style(area, style);
    let width = area.width as usize;
    if area.height > 1 {
        // A message longer than the row, wrapped (App::message_lines).
        let lines = app.message_lines();
        for (i, line) in lines.iter().take(area.height as usize).enumerate() {
            buf.set_stringn(area.x, area.y + i as u16, line, width, style);
        }
        return;
    }
    if let Some(p) = &app.prompt {
        let lead = match (p.command, p.backward) {
            (true, _) => ':',
            (false, true) => '?',
            (false, false) => '/',
        };
        let mut text = format!("{lead}{}", sanitize::line(&p.text));
        if let Some(problem) = &p.problem {
            text.push_str(&format!("   ({})", sanitize::line(problem)));
        } else if let Some(percent) = app.searching.and_then(|s| s.percent) {
            text.push_str(&format!("   (searching… {percent}%)"));
        }
        buf.set_stringn(area.x, area.y, &text, width, style);
        return;
    }
    let left = match (&app.message, app.searching.and_then(|s| s.percent)) {
        (Some(m), _) => sanitize::line(m),
        (None, Some(percent)) => searching(app, percent),
        (None, None) => position(app),
    };
    // The mode with its keys; when they do not fit (a long file name, a
    // narrow terminal), the mode alone, which matters most.
    let mode = app.mode().name().to_uppercase();
    let room = width.saturating_sub(left.width() + 2);
    let right = Some(format!("{mode}  {}", app.hints()))
        .filter(|r| r.width() <= room)
        .unwrap_or(mode);
    if right.width() <= room {
        buf.set_stringn(
            area.right() - right.width() as u16,
            area.y,
            &right,
            right.width(),
            style,
        );
    }
    buf.set_stringn(area.x, area.y, &left, width, style);
}

/// "searching for PATTERN… 42%  (Esc cancels)".
fn searching(app: &App, percent: u8) -> String {
    let pattern = app
        .reader
        .as_ref()
        .and_then(|r| r.search.as_ref())
        .map(|s| sanitize::line(&s.pattern.text))
        .unwrap_or_default();
    format!("searching for {pattern}… {percent}%  (Esc cancels)")
}

/// "name  ¶ 3/14  42%  0 notes" for an article, the library's title and
/// count otherwise.
fn position(app: &App) -> String {
    if let Some(r) = &app.reader {
        let name = sanitize::line(&r.doc.name);
        let para = match r.paragraph() {
            (Some(n), Some(m)) => format!("¶ {n}/{m}"),
            (Some(n), None) => format!("¶ {n}/…"),
            _ => "¶ …".to_string(),
        };
        let count = app.count.map(|c| format!("  {c}")).unwrap_or_default();
        let notes = crate::words::count(r.annotations.len(), "note");
        return format!("{name}  {para}  {}%  {notes}{count}", r.percent());
    }
    match &app.library {
        Some(lib) => format!(
            "{}  {}",
            sanitize::line(&lib.title),
            crate::words::count(lib.entries.len(), "article")
        ),
        None => String::new(),
    }
}
