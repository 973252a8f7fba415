//! The status row: where you are, what mode you are in, and the keys that
//! matter now — or the prompt, or a message.

use crate::action::Action;
use crate::app::App;
use crate::keymap::Mode;
use crate::layout::ParagraphStyle;
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
    let mode = app.mode().name().to_uppercase();
    // The link under the caret or the focused highlight comes first.
    let link = app
        .link_here()
        .map(|url| (0, format!("→ {}", sanitize::line(&url))));
    // Counted once per frame (it may count a MiB of newlines).
    let paragraph = app.reader.as_ref().map_or((None, None), |r| r.paragraph());
    let fields = |name_width: usize, with_style: bool| match (
        &app.message,
        app.searching.and_then(|s| s.percent),
    ) {
        (Some(m), _) => vec![(0, sanitize::line(m))],
        (None, Some(percent)) => vec![(0, searching(app, percent))],
        // Selecting: what each digit does is what matters now.
        (None, None) if app.mode() == Mode::Browser => {
            let room = width.saturating_sub(mode.width() + GAP);
            let b = app.browser.as_ref();
            b.map(|b| super::browser::status(b, room))
                .unwrap_or_default()
        }
        (None, None) if app.mode() == Mode::Select => {
            let room = width.saturating_sub(mode.width() + GAP);
            let mut f: Vec<Field> = link.clone().into_iter().collect();
            f.push((1, fit(&app.tag_digits(), room)));
            f
        }
        (None, None) if link.is_some() => link.clone().into_iter().collect(),
        (None, None) => position(app, name_width, paragraph)
            .into_iter()
            .filter(|f| with_style || f.0 != STYLE)
            .collect(),
    };
    // The mode with its keys, help first: they give way to the fields
    // on the left by priority when the row is narrow.
    let mut keys = vec![(0, mode.clone())];
    keys.extend(app.hints().into_iter().map(|(a, hint)| {
        let priority = if a == Action::ToggleHelp { 1 } else { 5 };
        (priority, hint)
    }));
    // A long name first gets a third of the row, then what is left over.
    let first = (width / 3).max(12);
    let (l, r) = fit_fields(&fields(first, true), &keys, width);
    let spare = width.saturating_sub(l.width() + r.width() + GAP);
    let name_width = first + spare;
    let (left, right) = match spare {
        0 => (l, r),
        _ => fit_fields(&fields(name_width, true), &keys, width),
    };
    // The current section when it did not fit whole: cut to the room left
    // without the reading mode.
    let whole = app.current_heading().map(|h| section(&h.title));
    let (left, right) = match (&app.message, app.searching, whole) {
        (None, None, Some(s)) if !left.ends_with(&s) => {
            let (l, r) = fit_fields(&fields(name_width, false), &keys, width);
            let cut = with_section(app, l.clone(), width.saturating_sub(r.width() + GAP));
            match cut.width() > l.width() {
                true => (cut, r),
                false => (left, right),
            }
        }
        _ => (left, right),
    };
    if !right.is_empty() && right.width() + 2 <= width {
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

/// A field of the status row: its priority (0 is kept longest) and text.
type Field = (u8, String);

/// The priority of the reading mode (`reflowed`, `as-is`), the last field
/// kept; the only one with it.
const STYLE: u8 = 7;

/// Space between two fields of one side.
const GAP: usize = 2;

/// The fields of both sides that fit in `width` columns with at least
/// [`GAP`] between the sides: the most important first, each that still
/// fits, in their order on the row; joined with [`GAP`] spaces.
fn fit_fields(left: &[Field], right: &[Field], width: usize) -> (String, String) {
    let mut order: Vec<(u8, bool, usize)> = left
        .iter()
        .enumerate()
        .map(|(i, f)| (f.0, false, i))
        .chain(right.iter().enumerate().map(|(i, f)| (f.0, true, i)))
        .collect();
    order.sort();
    let (mut keep_left, mut keep_right) = (vec![false; left.len()], vec![false; right.len()]);
    let joined = |fields: &[Field], keep: &[bool]| {
        fields
            .iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(f, _)| f.1.as_str())
            .collect::<Vec<_>>()
            .join(&" ".repeat(GAP))
    };
    for (n, (_, on_right, i)) in order.into_iter().enumerate() {
        let keep = if on_right {
            &mut keep_right[i]
        } else {
            &mut keep_left[i]
        };
        *keep = true;
        let (l, r) = (joined(left, &keep_left), joined(right, &keep_right));
        let used = l.width() + r.width() + if r.is_empty() { 0 } else { GAP };
        // The first field stays (cut at the edge) even when nothing fits.
        if used > width && n > 0 {
            if on_right {
                keep_right[i] = false;
            } else {
                keep_left[i] = false;
            }
        }
    }
    (joined(left, &keep_left), joined(right, &keep_right))
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

/// "name  ¶ 3/14  42%  9 highlights · 5 notes  reflowed" for an article
/// (with a pending count first and a file changed on disk), the library's
/// title and count otherwise; as fields with their priorities.
///
/// `paragraph`: the reader's [`crate::app::Reader::paragraph`].
fn position(app: &App, name_width: usize, paragraph: (Option<u64>, Option<u64>)) -> Vec<Field> {
    if let Some(r) = &app.reader {
        let mut fields = Vec::new();
        if let Some(c) = app.count {
            fields.push((0, c.to_string()));
        }
        if let Some(how) = r.changed_on_disk {
            fields.push((0, changed_on_disk(app, how)));
        }
        fields.push((4, super::notes::shorten(&r.doc.name, name_width)));
        let para = match paragraph {
            (Some(n), Some(m)) => format!("¶ {n}/{m}"),
            (Some(n), None) => format!("¶ {n}/…"),
            _ => "¶ …".to_string(),
        };
        fields.push((3, para));
        fields.push((1, format!("{}%", r.percent())));
        fields.push((2, counts(r.annotations.len(), r.annotations.notes())));
        let style = match r.layout.style() {
            ParagraphStyle::HardWrapped => "reflowed",
            ParagraphStyle::OnePerLine => "as-is",
        };
        fields.push((STYLE, style.to_string()));
        // The current section, whole when it fits (else cut, see `draw`).
        if let Some(h) = app.current_heading() {
            fields.push((6, section(&h.title)));
        }
        return fields;
    }
    match &app.library {
        Some(lib) => {
            let mut fields = vec![
                (0, sanitize::line(&lib.title)),
                (1, crate::words::count(lib.entries.len(), "article")),
            ];
            if lib.sort != crate::library::Sort::Path {
                fields.push((2, format!("by {}", lib.sort.name())));
            }
            if lib.listing.is_some() {
                fields.push((3, "listing…".to_string()));
            } else if lib.detailed < lib.entries.len() {
                fields.push((3, format!("reading {}/{}", lib.detailed, lib.entries.len())));
            }
            fields
        }
        None => Vec::new(),
    }
}

/// "9 highlights · 5 notes" (a highlight with a note counts in both);
/// "1 highlight", without notes when none has one.
pub fn counts(highlights: usize, notes: usize) -> String {
    let highlights = crate::words::count(highlights, "highlight");
    match notes {
        0 => highlights,
        n => format!("{highlights} · {}", crate::words::count(n, "note")),
    }
}

/// The marker of an article whose file changed on disk: how, and the key
/// that reads it again (from the key map).
fn changed_on_disk(app: &App, how: &str) -> String {
    if how == "deleted" {
        return "deleted on disk".to_string();
    }
    match app.keymap.keys_for(Mode::Normal, Action::Reload).first() {
        Some(k) => format!("{how} on disk: {k} reloads"),
        None => format!("{how} on disk"),
    }
}

/// "§ TITLE" of a section.
fn section(title: &str) -> String {
    format!("§ {}", sanitize::line(title))
}

/// `left` and then `  § TITLE` of the current section, when at least a few
/// columns of the title fit in `room`.
fn with_section(app: &App, left: String, room: usize) -> String {
    let Some(h) = app.current_heading() else {
        return left;
    };
    if left.is_empty() {
        return left;
    }
    let spare = room.saturating_sub(left.width() + "  § ".width());
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
