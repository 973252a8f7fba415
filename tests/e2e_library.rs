//! The library view (`annotty DIR`) in the real binary in a
//! pseudo-terminal: rows with the title, the path (dimmed), how far each
//! article is read, its notes and when it was last read; `s` sorts, `/`
//! filters; a snapshot shows its title · site · date; the selection, order
//! and filter are remembered; `A` adds a local HTML file and opens it.

mod support;

use std::path::PathBuf;
use support::pty::Term;
use support::{Home, quit};

const ESSAY: &str = include_str!("../seeds/essay.txt");
const PAGE: &str = include_str!("fixtures/web/article.html");
const ESSAY_TITLE: &str = "Keep the Library Lights On After Nine";

/// A library directory `lib` in `home`: the essay in a subdirectory, two
/// short articles, and a snapshot.
fn library(home: &Home) -> PathBuf {
    let dir = home.path().join("lib");
    std::fs::create_dir_all(dir.join("shelf")).unwrap();
    std::fs::write(dir.join("shelf/essay.txt"), ESSAY).unwrap();
    std::fs::write(
        dir.join("harbour.txt"),
        "Harbour Lights\n\nBoats come in at dusk.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("meadow.txt"),
        "Meadow Songs\n\nLarks over the grass.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("night.md"),
        "---\ntitle: \"The Night Library\"\nsite: \"example.org\"\npublished: \"2026-11-02\"\nsaved: \"2026-12-05T08:00:00.000Z\"\norigin: \"https://example.org/night\"\n---\n\n# The Night Library\n\nShelves after dark.\n",
    )
    .unwrap();
    dir
}

/// The screen row holding `text` (its first line on screen).
fn row_of(term: &Term, text: &str) -> String {
    let (row, _) = term
        .find(text)
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{}", term.dump()));
    term.row(row)
}

/// The titles of the library's rows, top to bottom, up to the status row.
fn titles(term: &Term) -> Vec<String> {
    let (_, rows) = term.size();
    (0..rows - 1)
        .map(|r| term.row(r))
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('/'))
        .map(|l| {
            let l = l.trim_start();
            l[..l.find("  ").unwrap_or(l.len())].to_string()
        })
        .collect()
}

/// The screen row selected (drawn reversed).
fn selected(term: &Term) -> Option<u16> {
    term.with_screen(selected_in)
}

fn selected_in(s: &vt100::Screen) -> Option<u16> {
    let (rows, cols) = s.size();
    (0..rows - 1).find(|&r| (0..cols).any(|c| s.cell(r, c).is_some_and(|c| c.inverse())))
}

/// Whether the row holding `text` is the selected one.
fn is_selected(s: &vt100::Screen, text: &str) -> bool {
    support::pty::find_all(s, text)
        .first()
        .is_some_and(|&(r, _)| selected_in(s) == Some(r))
}

/// Wait until the rows' details are read (the status row stops counting
/// them: `reading 2/4`).
fn wait_details(term: &Term) {
    term.wait_until("every row's details", |s| {
        let text = s.contents();
        text.contains("LIBRARY") && !text.contains("listing") && !text.contains("reading ")
    });
}

#[test]
fn progress_and_notes_columns_after_reading_and_annotating() {
    let home = Home::new();
    let dir = library(&home);
    let term = home.spawn(&[dir.as_os_str()], 100, 24);
    term.wait_text(ESSAY_TITLE);
    wait_details(&term);
    let row = row_of(&term, ESSAY_TITLE);
    assert!(row.contains("shelf/essay.txt"), "{row}");
    assert!(row.trim_end().ends_with("unread"), "{row}");
    assert!(!row.contains("note"), "{row}");
    // The path is dimmed, the title not.
    let (r, c) = term.find("shelf/essay.txt").unwrap();
    assert!(term.cell(r, c).unwrap().dim);
    let (r, c) = term.find(ESSAY_TITLE).unwrap();
    assert!(!term.cell(r, c).unwrap().dim);

    // Read to the middle, highlight a sentence, back to the library.
    // The essay is the last row (by path: shelf/essay.txt).
    term.send_str("G");
    term.wait_until("the essay selected", |s| is_selected(s, ESSAY_TITLE));
    term.key_enter();
    term.wait_text("NORMAL");
    term.send_str("50%");
    term.wait_no_text(ESSAY_TITLE);
    term.send_str("s");
    support::after_highlight(&term);
    let percent = term.with_screen(|s| {
        let status = s.contents_between(23, 0, 23, 100);
        status
            .split_whitespace()
            .find(|w| w.ends_with('%'))
            .unwrap()
            .to_string()
    });
    term.send_str("q");
    term.wait_until("the essay's row read and annotated", |s| {
        s.contents().lines().any(|l| {
            l.contains(ESSAY_TITLE)
                && l.contains(&format!(" {percent} "))
                && l.contains("1 note")
                && l.trim_end().ends_with("now")
        })
    });
    // The others are still unread.
    assert!(
        row_of(&term, "Harbour Lights")
            .trim_end()
            .ends_with("unread")
    );

    // To the end: finished.
    term.key_enter();
    term.wait_text("NORMAL");
    term.send_str("G");
    term.wait_text("is only half a library.");
    term.send_str("q");
    term.wait_until("the essay finished", |s| {
        s.contents()
            .lines()
            .any(|l| l.contains(ESSAY_TITLE) && l.contains("finished") && l.contains("1 note"))
    });

    // The note deleted in the notes browser (`n`): back in the library,
    // the essay's row counts no note.
    term.send_str("n");
    term.wait_text("1 of 1 note");
    term.key_esc();
    term.send_str("x");
    term.wait_text("note deleted");
    term.send_str("q");
    term.wait_text("LIBRARY");
    term.wait_until("the essay's row without a note", |s| {
        s.contents()
            .lines()
            .any(|l| l.contains(ESSAY_TITLE) && l.contains("finished") && !l.contains("note"))
    });
    quit(&term);
}

#[test]
fn a_snapshot_shows_its_title_site_and_date() {
    let home = Home::new();
    let dir = library(&home);
    let term = home.spawn(&[dir.as_os_str()], 100, 24);
    let row = {
        term.wait_text("The Night Library · example.org · 2026-11-02");
        row_of(&term, "The Night Library · example.org")
    };
    assert!(row.contains("night.md"), "{row}");
    assert!(!row.contains("---"), "{row}");
    quit(&term);
}

#[test]
fn sort_and_filter() {
    let home = Home::new();
    let dir = library(&home);
    // Read the meadow article once, so "recent" puts it first.
    let term = home.spawn(&[dir.join("meadow.txt").as_os_str()], 100, 24);
    term.wait_text("Larks over the grass.");
    quit(&term);

    let term = home.spawn(&[dir.as_os_str()], 100, 24);
    wait_details(&term);
    // By path at first.
    assert_eq!(
        titles(&term),
        [
            "Harbour Lights",
            "Meadow Songs",
            "The Night Library · example.org · 2026-11-02",
            ESSAY_TITLE
        ]
    );
    term.send_str("s");
    term.wait_text("sorted by recent");
    assert_eq!(titles(&term)[0], "Meadow Songs");
    term.send_str("s");
    term.wait_text("sorted by title");
    assert_eq!(
        titles(&term),
        [
            "Harbour Lights",
            ESSAY_TITLE,
            "Meadow Songs",
            "The Night Library · example.org · 2026-11-02",
        ]
    );
    // A fuzzy filter over titles and paths, as it is typed.
    term.send_str("/");
    term.send_str("hrbr");
    term.wait_text("/hrbr▏  1 of 4");
    assert_eq!(titles(&term), ["Harbour Lights"]);
    term.send_str("\x7f\x7f\x7f\x7f");
    term.send_str("shelf");
    term.wait_text("/shelf▏  1 of 4");
    assert_eq!(titles(&term), [ESSAY_TITLE]);
    // Enter keeps it and opens nothing; Enter again opens the one row.
    term.key_enter();
    term.wait_text("/shelf  1 of 4");
    term.key_enter();
    term.wait_text("NORMAL");
    term.send_str("q");
    term.wait_text("LIBRARY");
    // `/` then Esc clears it.
    term.send_str("/");
    term.key_esc();
    term.wait_no_text("of 4");
    assert_eq!(titles(&term).len(), 4);
    quit(&term);
}

#[test]
fn the_selection_order_and_filter_are_remembered_after_a_restart() {
    let home = Home::new();
    let dir = library(&home);
    let term = home.spawn(&[dir.as_os_str()], 100, 24);
    wait_details(&term);
    term.send_str("s");
    term.wait_text("sorted by recent");
    term.send_str("/");
    term.send_str("o");
    term.wait_text("/o▏");
    term.key_enter();
    term.send_str("jj");
    // Row 0 is the filter line.
    term.wait_until("the third article selected", |s| selected_in(s) == Some(3));
    let third = titles(&term)[2].clone();
    quit(&term);

    let again = home.spawn(&[dir.as_os_str()], 100, 24);
    wait_details(&again);
    again.wait_text("/o  ");
    again.wait_text("by recent");
    assert_eq!(titles(&again)[2], third);
    assert_eq!(selected(&again), Some(3), "{}", again.dump());
    // Enter opens the remembered one.
    again.key_enter();
    again.wait_text("NORMAL");
    again.wait_text(&third);
    again.send_str("q");
    again.wait_text("LIBRARY");
    quit(&again);
}

#[test]
fn a_adds_a_local_html_file_and_opens_it() {
    let home = Home::new();
    let dir = library(&home);
    let web = dir.join("web");
    home.write("config.toml", format!("library = \"{}\"\n", web.display()));
    let page = home.write("page.html", PAGE);
    let term = home.spawn(&[dir.as_os_str()], 100, 24);
    wait_details(&term);
    term.send_str("A");
    term.wait_text("add (a URL, or an .html or .epub file): ▏");
    term.paste(page.to_str().unwrap());
    term.key_enter();
    term.wait_text("Every evening at dusk");
    term.wait_text("added ");
    term.wait_text("NORMAL");
    let snapshot = web.join("the-lamplighter-s-ledger.md");
    assert!(snapshot.is_file());
    assert!(
        std::fs::read_to_string(&snapshot)
            .unwrap()
            .starts_with("---\ntitle: \"The Lamplighter’s Ledger\"")
    );
    // Back in the library, it is listed and selected, by its title.
    term.send_str("q");
    term.wait_text("LIBRARY");
    term.wait_until("the snapshot's row", |s| {
        s.contents()
            .lines()
            .any(|l| l.contains("The Lamplighter’s Ledger") && l.contains("-ledger.md"))
    });
    assert!(
        term.with_screen(|s| is_selected(s, "The Lamplighter’s Ledger")),
        "{}",
        term.dump()
    );
    // A file that is not a page: one line, nothing added.
    term.send_str("A");
    term.paste("nowhere.html");
    term.key_enter();
    term.wait_text("not added: nowhere.html: No such file or directory");
    quit(&term);
}
