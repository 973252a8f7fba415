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
    if app.picking_tag() {
        return tag_picker(app, theme, area, buf);
    }
    // The mode with its keys; when they do not fit (a long file name, a
    // narrow terminal), the mode alone, which matters most.
    let mode = app.mode().name().to_uppercase();
    let left = match (&app.message, app.searching.and_then(|s| s.percent)) {
        (Some(m), _) => sanitize::line(m),
        (None, Some(percent)) => searching(app, percent),
        // Selecting: what each digit does is what matters now.
        (None, None) if app.mode() == crate::keymap::Mode::Select => {
            fit(&app.tag_digits(), width.saturating_sub(mode.width() + 2))
        }
        (None, None) => position(app),
    };
    let room = width.saturating_sub(left.width() + 2);
    let right = Some(format!("{mode}  {}", app.hints()))
        .filter(|r| r.width() <= room)
        .unwrap_or(mode);
    // The current section, last in priority: only in the room left.
    let left = match (&app.message, app.searching) {
        (None, None) => with_section(app, left, width.saturating_sub(right.width() + 2)),
        _ => left,
    };
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

/// As many of `words` as fit in `room` columns, one space apart, with `…`
/// for those left out.
fn fit(words: &[String], room: usize) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        let more = if i + 1 < words.len() { 2 } else { 0 };
        let sep = usize::from(!out.is_empty());
        if out.width() + sep + w.width() + more > room {
            if !out.is_empty() {
                out.push_str(" …");
            }
            break;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// After `c`: "new tag:  1 highlight  2 important …  (Esc: none)", each
/// name in its tag's colour.
fn tag_picker(app: &App, theme: super::Theme, area: Rect, buf: &mut Buffer) {
    let bar = theme.bar();
    let mut x = area.x;
    let mut put = |text: &str, style| {
        let room = area.right().saturating_sub(x) as usize;
        x = buf.set_stringn(x, area.y, text, room, style).0;
    };
    put("new tag:", bar);
    for (i, tag) in app.settings.tags.iter().enumerate() {
        put(&format!("  {} ", i + 1), bar);
        put(
            &sanitize::line(&tag.name),
            theme.highlight(tag.color, false),
        );
    }
    put("  (Esc: none)", bar);
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

/// `left` and then `  § TITLE` of the current section, when at least a few
/// columns of the title fit in `room`.
fn with_section(app: &App, left: String, room: usize) -> String {
    let Some(h) = app.current_heading() else {
        return left;
    };
    let spare = room.saturating_sub(left.width() + "  § ".len() - 1);
    if spare < 6 {
        return left;
    }
    format!("{left}  § {}", super::notes::shorten(&h.title, spare))
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn tags_left_out_for_want_of_room_are_a_dot_dot_dot() {
        let tags: Vec<String> = ["1 a", "2 bb", "3 c"].map(String::from).to_vec();
        assert_eq!(fit(&tags, 20), "1 a 2 bb 3 c");
        assert_eq!(fit(&tags, 12), "1 a 2 bb 3 c");
        assert_eq!(fit(&tags, 11), "1 a 2 bb …");
        assert_eq!(fit(&tags, 9), "1 a …");
        assert_eq!(fit(&tags, 2), "");
    }
}
