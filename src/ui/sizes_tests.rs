//! Every terminal size from 1×1 to 120×50, in every mode, and random
//! sequences of resizes and keys: drawing never panics, never writes a
//! cell outside the area it was given, and the terminal cursor, when
//! shown, is inside that area.
//!
//! The area is drawn at an offset inside a larger buffer pre-filled with a
//! sentinel cell, so a write past any edge of the area (including a
//! drawing routine that forgot `area.x` / `area.y`) is caught.

use super::*;
use crate::annotation::{Annotation, Annotations};
use crate::app::{App, Settings};
use crate::document::Document;
use crate::keymap::{Key, Keymap};
use crate::library::{Entry, EntrySource, Library};
use crate::test_support::{annotation, press};
use ratatui::buffer::Cell;

/// Where the area starts inside the buffer, and how much bigger the buffer
/// is than the area (columns, rows).
const OFFSET: (u16, u16) = (3, 2);
const MARGIN: (u16, u16) = (6, 4);
const SENTINEL: &str = "§";

/// An article with what makes drawing hard: wide CJK and emoji clusters,
/// tabs, control characters, bidi and zero-width characters, a word longer
/// than any row, combining marks, several paragraphs.
fn article() -> String {
    let mut s = String::new();
    s.push_str("The quick brown fox jumps over the lazy dog. A second sentence here.\n");
    s.push_str("漢字かな交じり文は二桁の幅で描かれる。👩‍💻 emoji and e\u{301}\u{301} marks.\n");
    s.push_str(
        "tab\there\tand controls \u{1b}[2J \u{7} \u{9b} bidi \u{202e}evil\u{202c} zw a\u{200b}b\n",
    );
    s.push_str(&"averyveryverylongwordwithoutanyspace".repeat(6));
    s.push('\n');
    for i in 0..40 {
        s.push_str(&format!(
            "Paragraph {i} has a few words so that it wraps at narrow widths and fills the screen.\n"
        ));
    }
    s
}

fn settings() -> Settings {
    Settings::default()
}

/// An app reading [`article`] with highlights (nested, with notes, one
/// placed approximately) and two orphans.
fn reading() -> App {
    let text = article();
    let mut app = App::new(Keymap::default(), settings(), (80, 24));
    app.open(Document::from_text("sizes.txt", &text));
    app.tick(1_000, 7);
    let with = |id: &str, start, end, tag: &str, note: &str, state: Option<&str>| {
        let mut a: Annotation = annotation(id, &text, start, end);
        a.tag = tag.into();
        a.note = note.into();
        a.prefix = "some old context before it".into();
        if let Some(s) = state {
            a.state = crate::annotation::State::from_name(s).expect("a known state");
        }
        a
    };
    let all = vec![
        with("a", 4, 40, "important", "", None),
        with(
            "b",
            10,
            15,
            "question",
            "a note\non two lines\nand a third",
            None,
        ),
        with(
            "c",
            75,
            90,
            "idea",
            "wide 漢字 note \u{1b}]0;x\u{7}",
            Some("fuzzy"),
        ),
        with("d", 300, 360, "highlight", "", None),
        with("o1", 0, 5, "quote", "orphaned note", Some("orphan")),
        with("o2", 5, 9, "highlight", "", Some("orphan")),
    ];
    app.load_annotations(Annotations::from_all(all).all(), None);
    app
}

/// Every mode, as (name, app). Each app is built at 80×24 and then resized
/// through every size, so each mode also goes through thousands of resizes.
fn modes() -> Vec<(&'static str, App)> {
    let mut out = Vec::new();
    out.push(("reading", reading()));

    let mut searched = reading();
    press(&mut searched, "/ w o r d s Enter n");
    out.push(("reading with matches", searched));

    let mut focused = reading();
    press(&mut focused, "] ]");
    out.push(("focused note panel", focused));

    let mut select = reading();
    press(&mut select, "v j j j l l l");
    out.push(("select over rows", select));

    let mut editor = reading();
    press(&mut editor, "v e a");
    press(
        &mut editor,
        "H e l l o Space 漢 字 Enter s e c o n d Space l i n e Enter Tab t h i r d",
    );
    out.push(("note editor", editor));

    let mut help = reading();
    press(&mut help, "h");
    out.push(("help", help));

    let mut notes = reading();
    press(&mut notes, "Tab j j j");
    out.push(("notes panel", notes));

    let mut filtering = reading();
    press(&mut filtering, "Tab / n o t e");
    out.push(("notes panel filtering", filtering));

    let mut prompt = reading();
    press(&mut prompt, "/ q u i c k");
    out.push(("search prompt", prompt));

    let mut bad = reading();
    press(&mut bad, "/ (");
    out.push(("search prompt with a problem", bad));

    let mut command = reading();
    press(&mut command, ": e x p o r t");
    out.push(("command prompt", command));

    let mut message = reading();
    message.error("a long message that does not fit \u{1b}[2J in narrow terminals at all");
    out.push(("message", message));

    out.push(("library", library()));
    let mut library_help = library();
    press(&mut library_help, "h");
    out.push(("library help", library_help));

    let mut empty = App::new(Keymap::default(), settings(), (80, 24));
    empty.set_library(Library::new("empty", Vec::new()));
    out.push(("empty library", empty));
    out
}

fn library() -> App {
    let mut app = App::new(Keymap::default(), settings(), (80, 24));
    let entry = |name: String, size| Entry::new(name, size, EntrySource::Seed(0));
    let mut entries = vec![
        entry("guide.txt".into(), 4738),
        entry(format!("{}.txt", "long name 漢字 ".repeat(12)), 12_345_678),
        entry("bad\u{1b}]0;x\u{7}\u{202e}name.txt".into(), 0),
    ];
    entries.extend((0..60).map(|i| entry(format!("article {i}.txt"), i * 1000)));
    let mut lib = Library::new("a library", entries);
    let details = |i: usize| crate::library::Details {
        title: Some(format!(
            "The title of article {i} {}",
            "漢字 ".repeat(i % 20)
        )),
        progress: crate::library::Progress::Read((i % 100) as u8),
        notes: i * 37,
        last_read: Some(i as u64 * 86_400),
    };
    lib.take_details((0..40).map(|i| (i, details(i))).collect());
    lib.set_filter("e");
    app.set_library(lib);
    press(&mut app, "j j j j j");
    app
}

/// A buffer of `w`×`h` cells plus [`MARGIN`], filled with the sentinel,
/// and the area at [`OFFSET`] inside it.
fn framed(w: u16, h: u16) -> (Buffer, Rect) {
    let area = Rect::new(OFFSET.0, OFFSET.1, w, h);
    let full = Rect::new(0, 0, w + MARGIN.0, h + MARGIN.1);
    (Buffer::filled(full, sentinel()), area)
}

fn sentinel() -> Cell {
    let mut cell = Cell::default();
    cell.set_symbol(SENTINEL);
    cell
}

/// Draw `app` (already resized to the size of `area`) into `buf`, as a
/// fresh frame (the area's cells reset first, like ratatui does), and
/// check nothing outside `area` changed and the cursor is inside it.
/// Panics with `what` on a failure.
fn check(app: &App, buf: &mut Buffer, area: Rect, what: &dyn Fn() -> String) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].reset();
        }
    }
    draw(app, Theme::default(), area, buf);
    let full = buf.area;
    let sentinel = sentinel();
    // Only the frame around the area: full rows above and below, and the
    // columns left and right of it.
    let outside = (full.top()..full.bottom()).flat_map(|y| {
        let row_outside = y < area.top() || y >= area.bottom();
        let xs: Box<dyn Iterator<Item = u16>> = if row_outside {
            Box::new(full.left()..full.right())
        } else {
            Box::new((full.left()..area.left()).chain(area.right()..full.right()))
        };
        xs.map(move |x| (x, y))
    });
    for (x, y) in outside {
        if buf[(x, y)] != sentinel {
            panic!("{}: cell ({x}, {y}) outside {area:?} was written", what());
        }
    }
    if let Some((x, y)) = cursor(app, area) {
        assert!(
            area.contains(ratatui::layout::Position { x, y }),
            "{}: cursor ({x}, {y}) outside {area:?}",
            what()
        );
    }
}

/// Draw every mode at each size `sizes(mode_index)` yields, resizing each
/// mode's app from one size to the next.
fn every_mode_at(sizes: impl Fn(usize) -> Vec<(u16, u16)>) {
    for (i, (name, mut app)) in modes().into_iter().enumerate() {
        let mode = app.mode();
        for (w, h) in sizes(i) {
            let (mut buf, area) = framed(w, h);
            app.resize(w, h);
            check(&app, &mut buf, area, &|| format!("{name} at {w}×{h}"));
        }
        assert_eq!(
            app.mode(),
            mode,
            "{name}: resizing does not change the mode"
        );
    }
}

/// Every size from 1×1 to 120×50, row by row.
fn grid() -> impl Iterator<Item = (u16, u16)> {
    (1..=50u16).flat_map(|h| (1..=120u16).map(move |w| (w, h)))
}

/// Drawing costs about half a microsecond per cell in a debug build, so
/// every mode at all 6 000 sizes takes over a minute. The default run
/// draws each mode at every cramped size (at most 24 columns or at most 6
/// rows, where the edge cases are: too small, the gutter, boxes without an
/// inside) and at one size in 10 of the rest, a different tenth for each
/// mode, so each size is drawn in one or two modes.
/// [`every_size_in_every_mode_full_grid`] draws them all.
#[test]
fn every_size_in_every_mode_draws_inside_its_area() {
    every_mode_at(|i| {
        grid()
            .filter(|&(w, h)| {
                w <= 24 || h <= 6 || (w as usize + 3 * h as usize + i).is_multiple_of(10)
            })
            .collect()
    });
}

/// All 6 000 sizes in every mode: over a minute in a debug build, so run it
/// with `cargo test --lib full_grid -- --ignored` (or `--release`).
#[test]
#[ignore]
fn every_size_in_every_mode_full_grid() {
    every_mode_at(|_| grid().collect());
}

#[test]
fn the_prompt_cursor_is_placed_in_the_area_it_is_given() {
    // Regression: the prompt's cursor was computed as if the area started at
    // (0, 0), so an area drawn elsewhere got a cursor outside it.
    let mut app = reading();
    press(&mut app, "/ q u");
    app.resize(40, 10);
    let area = Rect::new(OFFSET.0, OFFSET.1, 40, 10);
    assert_eq!(cursor(&app, area), Some((OFFSET.0 + 3, OFFSET.1 + 9)));
}

/// A small deterministic PRNG (xorshift64*), so a failing sequence can be
/// replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Keys that move between modes and within them (reading, select, editor,
/// help, notes panel, prompt, library), as the key map names them.
const KEYS: &[&str] = &[
    "j",
    "k",
    "Space",
    "b",
    "G",
    "g",
    "d",
    "u",
    "v",
    "w",
    "e",
    "l",
    "h",
    "$",
    "0",
    "o",
    "(",
    ")",
    "{",
    "}",
    "Enter",
    "1",
    "3",
    "a",
    "x",
    "U",
    "C-r",
    "Esc",
    "Tab",
    "/",
    "?",
    "n",
    "N",
    "]",
    "[",
    "s",
    "S",
    "C-s",
    "Backspace",
    "q",
    ":",
    "y",
    "i",
    "Left",
    "Right",
    "Up",
    "Down",
    "Home",
    "End",
    "PageDown",
    "PageUp",
    "F1",
    "z",
    "漢",
    "5",
];

#[test]
fn random_resizes_and_keys_in_every_mode_draw_inside_the_area() {
    for seed in 1..=40u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let mut app = if seed.is_multiple_of(4) {
            library()
        } else {
            reading()
        };
        app.tick(2_000, seed);
        let mut log: Vec<String> = Vec::new();
        let (mut w, mut h) = (80u16, 24u16);
        for _ in 0..150 {
            if rng.below(3) == 0 {
                // Mostly small and medium sizes, sometimes anything.
                (w, h) = if rng.below(2) == 0 {
                    (1 + rng.below(30) as u16, 1 + rng.below(8) as u16)
                } else {
                    (1 + rng.below(120) as u16, 1 + rng.below(50) as u16)
                };
                app.resize(w, h);
                log.push(format!("{w}×{h}"));
            } else {
                let k = KEYS[rng.below(KEYS.len() as u64) as usize];
                app.key(Key::parse(k).unwrap());
                crate::test_support::run_searches(&mut app);
                log.push(k.to_string());
            }
            if app.should_quit() {
                break;
            }
            let (mut buf, area) = framed(w, h);
            check(&app, &mut buf, area, &|| {
                format!("seed {seed} after {}", log.join(" "))
            });
        }
    }
}
