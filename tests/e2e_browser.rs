//! The notes browser (`annotty notes DIR`, `n` in the library) in the real
//! binary in a pseudo-terminal: every note of a directory of articles,
//! filtered by text and by `tag:`, Enter landing on the highlight, edits
//! saved in the sidecar; `annotty notes` in a pipe stays export; an
//! unreadable sidecar is reported and left alone.

mod support;

use support::library::{article_text, note, write_article};
use support::pty::Term;
use support::{Home, eventually, quit};

/// Give the keys to the list (from the filter line): Esc, and wait for
/// the filter row to say so (a key sent right after Esc would read as Alt).
fn to_list(term: &Term) {
    term.key_esc();
    term.wait_text("filter (f):");
}

/// Three articles in `home/shelf` (one in a subdirectory), two notes each:
/// the second note of article 1 has the tag `idea` and the note
/// "the heron idea"; every note's quote is "a lamp, a harbor".
fn shelf(home: &Home) -> std::path::PathBuf {
    let dir = home.path().join("shelf");
    std::fs::create_dir_all(dir.join("deeper")).unwrap();
    for i in 0..3 {
        let text = article_text(i, 4);
        let first = text.find("a lamp").unwrap();
        let second = text[first + 1..].find("a lamp").unwrap() + first + 1;
        let mut a = note(&text, i, 0, first, first + 16);
        let mut b = note(&text, i, 1, second, second + 16);
        a.tag = "highlight".into();
        b.tag = if i == 1 { "idea" } else { "important" }.into();
        b.note = if i == 1 {
            "the heron idea".into()
        } else {
            format!("plain note {i}")
        };
        let at = if i == 2 {
            dir.join("deeper")
        } else {
            dir.clone()
        };
        write_article(&at, &format!("article-{i}.txt"), &text, vec![a, b]);
    }
    dir
}

#[test]
fn the_browser_filters_opens_at_the_highlight_and_saves_an_edit() {
    let home = Home::new();
    let dir = shelf(&home);
    let term = home.spawn(&["notes".as_ref(), dir.as_os_str()], 110, 30);
    term.wait_text("6 of 6 notes");
    // The article's first line is its title.
    term.wait_text("Article number 2 on");
    term.send_str("tag:idea");
    term.wait_text("1 of 6 notes");
    term.wait_text("the heron idea");
    term.ctrl('u');
    term.wait_text("6 of 6 notes");
    // Fuzzy: letters in order.
    term.send_str("hern");
    term.wait_text("1 of 6 notes");
    term.key_enter();
    // The article, with that highlight focused: its note under the text.
    term.wait_text("Sentence 0 of article 1");
    term.wait_text("NORMAL");
    term.wait_text("the heron idea");
    // Back to the browser, where the list has the keys: edit the note.
    term.send_str("q");
    term.wait_text("BROWSER");
    term.send_str("a");
    term.wait_text("Ctrl-s save");
    term.send_str(" and a kingfisher");
    term.ctrl('s');
    term.wait_text("the heron idea and a kingfisher");
    let sidecar = dir.join("article-1.txt.annotty.toml");
    eventually("the edited note in the sidecar", || {
        std::fs::read_to_string(&sidecar)
            .unwrap()
            .contains("note = \"the heron idea and a kingfisher\"")
    });
    // Deleted, then brought back.
    term.send_str("x");
    term.wait_text("0 of 5 notes");
    eventually("a tombstone", || {
        std::fs::read_to_string(&sidecar)
            .unwrap()
            .contains("deleted = ")
    });
    term.send_str("u");
    term.wait_text("1 of 6 notes");
    eventually("the note back", || {
        !std::fs::read_to_string(&sidecar)
            .unwrap()
            .contains("deleted = ")
    });
    quit(&term);
}

#[test]
fn a_regex_and_the_article_narrow_and_sorting_cycles() {
    let home = Home::new();
    let dir = shelf(&home);
    let term = home.spawn(&["notes".as_ref(), dir.as_os_str()], 110, 30);
    term.wait_text("6 of 6 notes");
    term.send_str("in:article-2 /plain note \\d");
    term.wait_text("1 of 6 notes");
    term.wait_text("plain note 2");
    to_list(&term);
    term.send_str("s");
    term.wait_text("sorted by oldest");
    quit(&term);
}

#[test]
fn in_a_pipe_notes_is_export() {
    let home = Home::new();
    let dir = shelf(&home);
    let (code, out, err) = home.run(&["notes", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 6, "{out}");
    assert!(out.contains("the heron idea"), "{out}");
}

#[test]
fn an_unreadable_sidecar_is_reported_skipped_and_left_alone() {
    let home = Home::new();
    let dir = shelf(&home);
    let bad = dir.join("broken.txt.annotty.toml");
    std::fs::write(&bad, "[document\nnot toml").unwrap();
    let term = home.spawn(&["notes".as_ref(), dir.as_os_str()], 140, 30);
    term.wait_text("6 of 6 notes");
    term.wait_text("skipped");
    term.wait_text("broken.txt.annotty.toml:1:");
    to_list(&term);
    quit(&term);
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        "[document\nnot toml"
    );
}

#[test]
fn n_in_the_library_browses_its_notes_and_q_goes_back() {
    let home = Home::new();
    let dir = shelf(&home);
    let term = home.spawn(&[dir.as_os_str()], 110, 30);
    term.wait_text("LIBRARY");
    term.send_str("n");
    term.wait_text("6 of 6 notes");
    term.wait_text("BROWSER");
    to_list(&term);
    term.send_str("q");
    term.wait_text("LIBRARY");
    quit(&term);
}
