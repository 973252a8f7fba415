//! Helpers shared by the unit tests of several modules.

use crate::annotation::Annotation;
use crate::app::{App, Effect};
use crate::keymap::Key;

/// An annotation of chars `start..end` of `text` (its quote taken from
/// it), tag `highlight`, no note, no context, created 2026-01-01.
pub fn annotation(id: &str, text: &str, start: u64, end: u64) -> Annotation {
    Annotation {
        id: id.into(),
        start: crate::text::CharPos(start),
        end: crate::text::CharPos(end),
        quote: text
            .chars()
            .skip(start as usize)
            .take(end.saturating_sub(start) as usize)
            .collect(),
        prefix: String::new(),
        suffix: String::new(),
        tag: "highlight".into(),
        note: String::new(),
        created: "2026-01-01T00:00:00.000Z".into(),
        updated: "2026-01-01T00:00:00.000Z".into(),
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: toml::Table::new(),
    }
}

/// Press keys written as in the keymap, separated by spaces (`"5 j"`,
/// `"/ f o x Enter"`), carrying out searches at once; other effects are
/// dropped.
pub fn press(app: &mut App, keys: &str) {
    for k in keys.split(' ').filter(|k| !k.is_empty()) {
        app.key(Key::parse(k).unwrap());
        run_searches(app);
    }
}

/// Carry out the searches the app asked for, as the event loop would.
pub fn run_searches(app: &mut App) {
    for effect in app.take_effects() {
        if let Effect::Search {
            id,
            pattern,
            from,
            backward,
            in_file,
        } = effect
        {
            let r = app.reader.as_ref().unwrap();
            let found = crate::fuzzing::search_now(r, &pattern, from, backward, in_file);
            app.search_done(id, found);
        }
    }
}

/// The rows of a drawn buffer as text, wide glyphs counted once, trailing
/// blanks removed.
pub fn lines(buf: &ratatui::buffer::Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            let mut s = String::new();
            let mut x = 0;
            while x < buf.area.width {
                let sym = buf[(x, y)].symbol();
                s.push_str(sym);
                x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
            }
            s.trim_end().to_string()
        })
        .collect()
}
