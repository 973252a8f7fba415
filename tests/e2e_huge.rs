//! Huge and odd inputs in the real binary: an empty file, one newline,
//! 1 000 000 short lines, one 50 MB line, 100 000 annotations in one
//! sidecar, a 1 MB note, a note made only of combining marks, a tag of
//! 200 characters, a path with spaces and a newline (also through the
//! library). Each opens, draws its first screen, and works: `G`, a search,
//! a highlight that reaches the sidecar. Files are generated at test time.

mod support;
use support::quit;

use annotty::annotation::Annotation;
use annotty::store::{DocInfo, Sidecar, render};
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::notes::annotation;
use support::pty::Term;
use support::{annotty_bin, live_annotations, live_quotes, sidecar_of};

/// Large files are scanned (hashed) before their annotations load; a
/// debug build on a busy machine needs a while for 50 MB.
const SLOW: Duration = Duration::from_secs(60);
const ESSAY: &str = include_str!("../seeds/essay.txt");

fn spawn_in(dir: &Path, args: &[&str]) -> Term {
    Term::builder(annotty_bin())
        .args(args)
        .home(dir)
        .size(90, 30)
        .spawn()
}

/// The live annotations of a sidecar as TOML tables.
fn on_disk(sidecar: &Path) -> Vec<toml::Table> {
    live_annotations(sidecar).expect("the sidecar parses")
}

/// Search `word`, wait for it on screen, select to the end of the word
/// and highlight it; wait for the status row to count `notes`.
fn highlight(term: &Term, word: &str, notes: &str) {
    term.send_str(&format!("/{word}\r"));
    // The match in the text, not the prompt in the status row (a search
    // of a large file in a debug build takes longer than the 50 ms a key
    // waits for it).
    let deadline = std::time::Instant::now() + SLOW;
    while !term.with_screen(|s| {
        let rows = support::pty::screen_rows(s);
        let text: Vec<&str> = rows.lines().collect();
        text[..text.len() - 1].iter().any(|r| r.contains(word))
            && !text[text.len() - 1].starts_with('/')
    }) {
        assert!(std::time::Instant::now() < deadline, "{}", term.dump());
        std::thread::sleep(Duration::from_millis(20));
    }
    term.send_str("ve");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(term);
    term.wait_text_timeout(notes, SLOW);
}

/// Write `text` as `name` in `dir` and a sidecar beside it holding
/// `annotations`.
fn article_with(dir: &Path, name: &str, text: &str, annotations: Vec<Annotation>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let doc = DocInfo {
        file: name.into(),
        chars: text.chars().count() as u64,
        hash: annotty::scan::content_hash(text.as_bytes()),
        encoding: None,
        origin: None,
        about: Default::default(),
    };
    std::fs::write(sidecar_of(&path), render(&Sidecar::new(doc, annotations))).unwrap();
    path
}

#[test]
fn an_empty_file_and_a_lone_newline_open_and_work() {
    for (name, bytes) in [("empty.txt", ""), ("newline.txt", "\n")] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let term = spawn_in(dir.path(), &[name]);
        term.wait_text(&format!("{name}  ¶"));
        term.wait_text("0 highlights");
        term.send_str("G");
        term.send_str("/word\r");
        term.wait_text("not found");
        // Nothing to select: select mode and Enter highlight nothing.
        term.send_str("v");
        term.key_enter();
        term.key_esc();
        term.send_str("sS");
        term.wait_text("0 highlights");
        assert!(term.is_running(), "{}", term.dump());
        quit(&term);
        assert_eq!(
            live_quotes(&sidecar_of(&dir.path().join(name))),
            Vec::<String>::new(),
            "{name}"
        );
    }
}

#[test]
fn a_million_short_lines_open_and_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::with_capacity(12_000_000);
    for i in 0..1_000_000 {
        text.push_str(&format!("line {i}\n"));
    }
    let path = dir.path().join("lines.txt");
    std::fs::write(&path, &text).unwrap();
    let term = spawn_in(dir.path(), &["lines.txt"]);
    term.wait_text("line 0");
    term.wait_text("line 13");
    term.send_str("G");
    term.wait_text("line 999999");
    term.send_str("g");
    term.wait_text_timeout("/1000000", SLOW); // the paragraph total
    highlight(&term, "line 500000", "1 highlight");
    assert!(term.contains("line 500000"), "{}", term.dump());
    quit(&term);
    assert_eq!(live_quotes(&sidecar_of(&path)), ["line"]);
}

#[test]
fn one_fifty_megabyte_line_opens_and_works() {
    let dir = tempfile::tempdir().unwrap();
    let words = "lorem ipsum dolor sit amet ".repeat(50_000_000 / 27 / 2 + 1);
    // The last words are one word, so that wherever the rows break it is
    // seen whole on the last screen.
    let text = format!("{words}needle in the middle {words}the_very_end");
    assert!(text.len() >= 50_000_000);
    let path = dir.path().join("line.txt");
    std::fs::write(&path, &text).unwrap();
    let term = spawn_in(dir.path(), &["line.txt"]);
    term.wait_text("lorem ipsum dolor");
    term.send_str("G");
    term.wait_text("the_very_end");
    term.send_str("g");
    highlight(&term, "needle", "1 highlight");
    assert!(term.contains("needle in the"), "{}", term.dump());
    quit(&term);
    assert_eq!(live_quotes(&sidecar_of(&path)), ["needle"]);
}

#[test]
fn a_hundred_thousand_annotations_in_one_sidecar() {
    let dir = tempfile::tempdir().unwrap();
    let text: String = (0..100_000)
        .map(|i| format!("Row {i:06} of the big article.\n"))
        .collect();
    // Each row's "Row" is highlighted: 31 chars a row.
    let list = (0..100_000u64)
        .map(|i| annotation(i as usize, "Row", i * 31, i * 31 + 3))
        .collect();
    let path = article_with(dir.path(), "big.txt", &text, list);
    let term = spawn_in(dir.path(), &["big.txt"]);
    term.wait_text("Row 000000");
    term.wait_text_timeout("100000 highlights", SLOW);
    term.send_str("]");
    term.wait_until("the first annotation focused", |s| {
        support::pty::screen_contains(s, "Row 000000")
    });
    term.send_str("G");
    term.wait_text("Row 099999");
    highlight(&term, "big article", "100001 highlights");
    quit(&term);
    let quotes = live_quotes(&sidecar_of(&path));
    assert_eq!(quotes.len(), 100_001);
    assert!(quotes.iter().any(|q| q == "big"));
}

#[test]
fn a_megabyte_note_shows_its_start_and_opens_in_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = annotation(1, "Keep", 0, 4);
    a.note = format!(
        "The start of a long note.\n{}",
        "and then it goes on and on.\n".repeat(1_000_000 / 28)
    );
    assert!(a.note.len() >= 1_000_000);
    let path = article_with(dir.path(), "essay.txt", ESSAY, vec![a]);
    let term = spawn_in(dir.path(), &["essay.txt"]);
    term.wait_text("1 highlight");
    term.send_str("]");
    term.wait_text("The start of a long note.");
    term.send_str("a");
    term.wait_text("Ctrl-s save");
    // The editor opens with the cursor at the end of the note.
    term.wait_text("and then it goes on and on.");
    term.send_str("!");
    term.send_str("\x13");
    term.wait_text("note saved");
    quit(&term);
    let notes = on_disk(&sidecar_of(&path));
    let note = notes[0]["note"].as_str().unwrap();
    assert!(note.starts_with("The start of a long note.\n"));
    assert!(
        note.ends_with("on and on.\n!"),
        "{:?}",
        &note[note.len() - 40..]
    );
}

#[test]
fn a_note_of_combining_marks_only() {
    let dir = tempfile::tempdir().unwrap();
    let marks = "\u{301}\u{302}\u{303}\u{304}\u{308}\u{30a}".repeat(20);
    let path = dir.path().join("essay.txt");
    std::fs::write(&path, ESSAY).unwrap();
    let term = spawn_in(dir.path(), &["essay.txt"]);
    term.wait_text("Keep the Library");
    term.send_str("/Marisol\r");
    term.send_str("vea");
    term.wait_text("Ctrl-s save");
    term.paste(&marks);
    term.send_str("\u{301}\u{302}"); // typed too
    term.send_str("\x13");
    term.wait_text("note saved");
    term.send_str("j");
    term.wait_text("1 highlight");
    quit(&term);
    let notes = on_disk(&sidecar_of(&path));
    assert_eq!(
        notes[0]["note"].as_str().unwrap(),
        format!("{marks}\u{301}\u{302}")
    );
    // Reopened: drawn as the focused note, and edited again.
    let again = spawn_in(dir.path(), &["essay.txt"]);
    again.wait_text("1 highlight");
    again.send_str("]a");
    again.wait_text("Ctrl-s save");
    again.send_str("x\x13");
    again.wait_text("note saved");
    quit(&again);
    let notes = on_disk(&sidecar_of(&path));
    assert!(notes[0]["note"].as_str().unwrap().ends_with('x'));
}

#[test]
fn a_tag_of_two_hundred_characters() {
    let dir = tempfile::tempdir().unwrap();
    let long = "t".repeat(199) + "é";
    std::fs::create_dir(dir.path().join("config")).unwrap();
    std::fs::create_dir(dir.path().join("config/annotty")).unwrap();
    std::fs::write(
        dir.path().join("config/annotty/config.toml"),
        format!("[tags]\n1 = {{ name = \"{long}\", color = \"red\" }}\n"),
    )
    .unwrap();
    // One annotation already has a long tag the config does not know.
    let mut a = annotation(1, "Keep", 0, 4);
    a.tag = "u".repeat(200);
    let path = article_with(dir.path(), "essay.txt", ESSAY, vec![a]);
    let term = spawn_in(dir.path(), &["essay.txt"]);
    term.wait_text("1 highlight");
    term.send_str("]");
    term.send_str("/Marisol\r");
    highlight(&term, "tariff", "2 highlights");
    term.send_str("\t");
    term.wait_text("tttttttttt");
    term.key_tab();
    quit(&term);
    let tags: Vec<String> = on_disk(&sidecar_of(&path))
        .iter()
        .map(|a| a["tag"].as_str().unwrap().to_string())
        .collect();
    assert!(tags.contains(&long), "{tags:?}");
    assert!(tags.contains(&"u".repeat(200)), "{tags:?}");
}

#[test]
fn a_path_with_spaces_and_a_newline() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("my articles\nof the week");
    std::fs::create_dir(&folder).unwrap();
    let name = "an essay\nwith a newline.txt";
    let path = folder.join(name);
    std::fs::write(&path, ESSAY).unwrap();
    let term = spawn_in(dir.path(), &[path.to_str().unwrap()]);
    term.wait_text("Keep the Library");
    term.send_str("G");
    term.wait_text("is only half a library.");
    highlight(&term, "Marisol", "1 highlight");
    quit(&term);
    assert_eq!(live_quotes(&sidecar_of(&path)), ["Marisol"]);

    // Through the library.
    let lib = spawn_in(dir.path(), &[folder.to_str().unwrap()]);
    // (A long path is cut at its start: the file name's end shows.)
    lib.wait_text("with a newline.txt");
    lib.key_enter();
    lib.wait_text("1 highlight");
    highlight(&lib, "tariff", "2 highlights");
    lib.send_str("q");
    lib.wait_text("LIBRARY");
    quit(&lib);
    let mut q = live_quotes(&sidecar_of(&path));
    q.sort();
    assert_eq!(q, ["Marisol", "tariff"]);
}
