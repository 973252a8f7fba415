//! Fuzz target `app`: key and mouse events → `App` on a bundled article.

use super::sidecar::fixed_point;
use super::{Input, draw_and_check, terminal};
use crate::action::Action;
use crate::annotation::Annotation;
use crate::app::{App, Effect, Reflow, Settings};
use crate::document::{Bytes, Document};
use crate::keymap::{Key, Keymap};
use crate::store::{DocInfo, Sidecar};
use crate::text::CharPos;
use std::sync::atomic::AtomicBool;

/// Keys the script picks from: every default binding and then some.
const KEYS: &[&str] = &[
    "j",
    "k",
    "Down",
    "Up",
    "Enter",
    "C-e",
    "C-y",
    "Space",
    "f",
    "b",
    "PageDown",
    "PageUp",
    "d",
    "u",
    "C-d",
    "C-u",
    "g",
    "G",
    "Home",
    "End",
    "<",
    ">",
    "%",
    "p",
    "/",
    "?",
    "n",
    "N",
    "m",
    "'",
    "h",
    "F1",
    "q",
    "v",
    "s",
    "S",
    "]",
    "[",
    "a",
    "E",
    "c",
    "x",
    "y",
    "U",
    "C-r",
    "Tab",
    "Esc",
    "i",
    ":",
    "l",
    "w",
    "e",
    "W",
    "B",
    "(",
    ")",
    "{",
    "}",
    "0",
    "$",
    "o",
    "1",
    "2",
    "3",
    "5",
    "9",
    "Left",
    "Right",
    "C-Left",
    "C-Right",
    "M-b",
    "M-f",
    "Backspace",
    "Delete",
    "C-w",
    "C-s",
    "C-k",
    "BackTab",
    "r",
    "C-c",
    "C-z",
    "C-g",
    "F2",
    "z",
    "A",
    "Z",
];

/// Characters beyond ASCII the script can type.
const CHARS: &[char] = &[
    'é', '漢', '👩', '\u{200d}', '\u{202e}', '\u{1b}', '\u{7}', '\u{0}', '\u{85}', '\t', '\n',
    '\u{fe0f}', '\u{301}', '\u{ffff}', '¶', '≈',
];

/// Random key and mouse events → `App` on a bundled article, drawn into a
/// `TestBackend` after every event.
///
/// Input: terminal width, height (mod 64), which seed article, flags (bit
/// 0: annotations loaded from a sidecar; bit 1: the scan finished; bits
/// 2–3: reflow); then events of one opcode byte and its arguments: keys
/// from [`KEYS`], typed characters, resizes, the wheel, mouse down / drag /
/// up, paste, the clock, the scan finishing.
///
/// The effects the app asks for are carried out as the event loop would
/// (searches run at once; a save goes through render → parse and comes
/// back with [`App::saved`]; `$EDITOR` answers with a changed text).
///
/// Checks: no panic; shown rows lie inside the article; the selection
/// lies inside the article; each save renders to a fixed point; every drawn
/// cell is safe (see [`render_article`]); the cursor is on screen.
pub fn drive_app(data: &[u8]) {
    run_script(data);
}

/// [`drive_app`], returning the app at the end of the script.
fn run_script(data: &[u8]) -> App {
    let mut input = Input { data };
    let (mut width, mut height) = (u16::from(input.byte()), u16::from(input.byte() % 64));
    let (name, text) = crate::seeds::SEEDS[usize::from(input.byte()) % crate::seeds::SEEDS.len()];
    let flags = input.byte();
    let settings = Settings {
        reflow: [Reflow::Auto, Reflow::Always, Reflow::Never, Reflow::Auto]
            [usize::from(flags >> 2 & 3)],
        ..Settings::default()
    };
    let mut app = App::new(Keymap::default(), settings, (width, height));
    let mut clock: u64 = 1_780_000_000_000;
    app.tick(clock, 0x5eed);
    app.open(Document::new(name, Bytes::Static(text)));
    if flags & 1 != 0 {
        app.load_annotations(seed_annotations(text), None);
    }
    if flags & 2 != 0 {
        scan(&mut app);
    }
    let mut term = terminal(width, height);
    draw_and_check(&mut term, &app, crate::ui::Theme::default());
    let mut events = 0;
    while !input.is_empty() && !app.should_quit() && events < 1000 {
        events += 1;
        let op = input.byte();
        match op % 16 {
            0..=7 => {
                let k = KEYS[usize::from(input.byte()) % KEYS.len()];
                app.key(Key::parse(k).expect("KEYS are valid"));
            }
            8 => {
                let b = input.byte();
                let c = if b < 0x80 {
                    char::from(b)
                } else {
                    CHARS[usize::from(b) % CHARS.len()]
                };
                app.key(Key::Char(c));
            }
            9 => {
                width = u16::from(input.byte());
                height = u16::from(input.byte() % 64);
                app.resize(width, height);
                term.backend_mut().resize(width, height);
            }
            10 => app.wheel(if input.byte() & 1 == 0 { 3 } else { -3 }),
            11 => app.mouse_down(u16::from(input.byte()), u16::from(input.byte())),
            12 => app.mouse_drag(u16::from(input.byte()), u16::from(input.byte())),
            13 => app.mouse_up(),
            14 => {
                let n = usize::from(input.byte() % 16);
                app.paste(&String::from_utf8_lossy(input.take(n)));
            }
            _ => match input.byte() % 4 {
                0 => {
                    clock += u64::from(input.byte()) * 1000;
                    app.tick(clock, 0x5eed);
                }
                1 => scan(&mut app),
                2 => app.search_done(0, None),
                _ => app.update(Action::Cancel),
            },
        }
        carry_out(&mut app);
        check_reader(&app);
        draw_and_check(&mut term, &app, crate::ui::Theme::default());
    }
    app
}

/// Three annotations on `text`: a highlight with a note, one placed
/// approximately, and an orphan.
fn seed_annotations(text: &[u8]) -> Vec<Annotation> {
    let chars: Vec<char> = String::from_utf8_lossy(text).chars().collect();
    let quote = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    let len = chars.len();
    let time = "2026-01-01T00:00:00.000Z".to_string();
    let make = |n: u8, s: usize, e: usize| Annotation {
        start: CharPos(s.min(len) as u64),
        end: CharPos(e.min(len) as u64),
        quote: quote(s.min(len), e.min(len)),
        id: format!("0190f0c2-7a00-7000-8000-00000000000{n}"),
        prefix: String::new(),
        suffix: String::new(),
        tag: "highlight".into(),
        note: String::new(),
        created: time.clone(),
        updated: time.clone(),
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: toml::Table::new(),
    };
    let mut noted = make(1, 40, 90);
    noted.note = "a note\nof two lines".into();
    let mut fuzzy = make(2, 300, 340);
    fuzzy.state = crate::annotation::State::Fuzzy;
    let mut orphan = make(3, 500, 520);
    orphan.state = crate::annotation::State::Orphan;
    vec![noted, fuzzy, orphan]
}

/// The background scan of the open article, done at once.
pub(super) fn scan(app: &mut App) {
    let Some(r) = &app.reader else { return };
    let bytes = r.doc.bytes.clone();
    let mut checkpoints = Vec::new();
    let summary = crate::scan::scan(&bytes, &AtomicBool::new(false), |cp| checkpoints.push(cp));
    for cp in checkpoints {
        app.scan_checkpoint(cp);
    }
    if let Some(s) = summary {
        app.scan_done(s);
    }
}

/// Do what the app asked for, as the event loop does.
fn carry_out(app: &mut App) {
    for effect in app.take_effects() {
        match effect {
            Effect::Search {
                id,
                pattern,
                from,
                backward,
                in_file,
            } => {
                let Some(r) = &app.reader else { continue };
                let found = search_now(r, &pattern, from, backward, in_file);
                app.search_done(id, found);
            }
            Effect::Save | Effect::Write => {
                let Some(r) = &app.reader else { continue };
                let sidecar = Sidecar::new(DocInfo::default(), r.annotations.all());
                let text = fixed_point(&sidecar);
                let back = crate::store::parse(&text).expect("checked by fixed_point");
                app.saved(back.annotations);
            }
            Effect::EditExternally { id, text, .. } => {
                app.edited_externally(&id, format!("{text}\nedited\n"));
            }
            _ => {}
        }
    }
}

/// The reader's rows and selection lie inside its article.
fn check_reader(app: &App) {
    let Some(r) = &app.reader else { return };
    let len = r.doc.len();
    for row in &r.rows {
        assert!(
            row.range.start <= row.range.end && row.range.end <= len,
            "row {:?} outside 0..{len}",
            row.range
        );
    }
    if let Some(s) = r.selection {
        assert!(
            s.anchor.0 <= len && s.caret.0 <= len,
            "selection {s:?} outside 0..{len}"
        );
    }
}

/// What the event loop's search of the open article (of its file, when
/// `in_file`) finds.
pub(crate) fn search_now(
    r: &crate::app::Reader,
    pattern: &crate::search::Pattern,
    from: usize,
    backward: bool,
    in_file: bool,
) -> Option<crate::search::Found> {
    let never = AtomicBool::new(false);
    match r.rest().filter(|_| in_file) {
        Some(rest) => rest.find(pattern, from, backward, &never, &|_| {}),
        None => crate::search::find(r.doc.bytes(), pattern, from, backward, &never),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The script bytes for keys written as in [`KEYS`] (`"v e Enter"`);
    /// a character not in [`KEYS`] is typed.
    fn script(keys: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for k in keys.split(' ') {
            match KEYS.iter().position(|&n| n == k) {
                Some(i) => out.extend([0, i as u8]),
                None => out.extend([8, k.as_bytes()[0]]),
            }
        }
        out
    }

    #[test]
    fn a_script_highlights_writes_a_note_and_saves_it() {
        // 80×24, the essay, no annotations loaded, scanned.
        let mut data = vec![80, 24, 1, 2];
        data.extend(script("v e Enter ] a h i C-s"));
        let app = run_script(&data);
        let r = app.reader.as_ref().unwrap();
        let all = r.annotations.all();
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].note, "hi");
        assert_eq!(all[0].quote, "Keep");
    }

    #[test]
    fn resizes_and_mouse_drags_are_decoded() {
        // 80×24, then 30×10; a drag over the first row selects from
        // column 10 to column 14.
        let data = [80, 24, 1, 0, 9, 30, 10, 11, 10, 0, 12, 14, 0];
        let app = run_script(&data);
        assert_eq!(app.size, (30, 10));
        let s = app.reader.as_ref().unwrap().selection.unwrap();
        assert!(s.caret > s.anchor, "{s:?}");
    }
}
