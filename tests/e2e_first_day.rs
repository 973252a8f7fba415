//! What a first day of reading with annotty stumbled on (issue 19), in
//! the real binary in a pseudo-terminal: wording, quick highlights of
//! hard-wrapped text, what a highlight says it saved, tags, the mouse on
//! a highlight, and where `]` puts a highlight.

mod support;

use std::path::Path;
use support::pty::Term;
use support::{Home, quit};

const ESSAY: &str = include_str!("../seeds/essay.txt");

/// The annotations of `article`'s sidecar, as generic tables.
fn saved(article: &Path) -> Vec<toml::Table> {
    support::live_annotations(&support::sidecar_of(article)).unwrap()
}

/// Wait until the sidecar of `article` holds `n` live annotations.
fn wait_saved(article: &Path, n: usize) -> Vec<toml::Table> {
    support::eventually(&format!("{n} annotations saved"), || {
        saved(article).len() == n
    });
    saved(article)
}

/// The essay open in a new home at `cols`×`rows`.
fn essay(home: &Home, cols: u16, rows: u16) -> Term {
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], cols, rows);
    term.wait_text("Keep the Library");
    term
}

#[test]
fn a_bad_pattern_says_error_once() {
    let home = Home::new();
    let term = essay(&home, 80, 24);
    term.send_str("/(");
    term.wait_text("(bad pattern: unclosed group)");
    assert!(!term.contains("error"), "{}", term.dump());
    term.key_esc();
    term.wait_no_text("bad pattern");
    quit(&term);
}

#[test]
fn a_misspelt_action_in_the_config_is_named_with_the_closest_one() {
    let home = Home::new();
    home.write("config.toml", "[keys.normal]\nx = \"hightlight\"\n");
    let term = essay(&home, 160, 24);
    term.wait_text("unknown action \"hightlight\" — did you mean \"highlight\"?");
    quit(&term);
}

#[test]
fn the_editor_s_file_starts_with_the_quote_which_is_not_kept() {
    use std::os::unix::fs::PermissionsExt;
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    // An editor that keeps a copy of what it was given and adds a line.
    let editor = home.write(
        "editor",
        format!(
            "#!/bin/sh\ncp \"$1\" '{}/seen.txt'\nprintf 'my note\\n' >> \"$1\"\n",
            home.path().display()
        ),
    );
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let term = Term::builder(support::annotty_bin())
        .args(["essay.txt"])
        .home(home.path())
        .env("VISUAL", &editor)
        .size(90, 30)
        .spawn();
    term.wait_text("Keep the Library");
    term.send_str("/tariff");
    term.key_enter();
    term.send_str("ve");
    term.key_enter();
    let article = home.path().join("essay.txt");
    wait_saved(&article, 1);
    term.send_str("E");
    support::eventually("the note from the editor", || {
        saved(&article)
            .first()
            .and_then(|a| a.get("note")?.as_str().map(str::to_string))
            .is_some_and(|n| !n.is_empty())
    });
    let seen = std::fs::read_to_string(home.path().join("seen.txt")).unwrap();
    assert!(seen.starts_with("#> "), "{seen}");
    assert!(seen.contains("\n#>   tariff\n"), "{seen}");
    assert_eq!(saved(&article)[0]["note"].as_str(), Some("my note"));
    quit(&term);
}

/// A hard-wrapped essay (lines broken at about 64 columns, paragraphs
/// apart by an empty line), as a file of someone's own might be.
const SLOW_READING: &str = "\
Reading Slowly

Most advice about reading is advice about reading more: more books,
more pages an hour, more summaries of what other people have read.
This essay argues the other way, for a while at least. Dr. Amsel,
who taught me, said so often, e.g. in every first lecture.

The point is only that slow reading is a skill, and like
any skill it can be learnt. It takes time. It takes a pencil, a
quiet table and the patience to go back over a sentence that did
not land the first time, which is most of them.

Nobody is born knowing how to do this. We learn to decode words
early and then stop, as if decoding were the whole of it, and the
rest of our lives we read the way we learnt to read at nine.

A second reading is not a failure of the first. It is where most
of the understanding happens, and a margin note is a record of it.
";

/// Wait until the top row of `term` (80 columns) shows `text`.
fn wait_top(term: &Term, text: &str) {
    term.wait_until(&format!("{text:?} at the top"), |s| {
        s.contents_between(0, 0, 0, 80).contains(text)
    });
}

#[test]
fn s_and_s_follow_a_hard_wrapped_paragraph_across_its_line_breaks() {
    let home = Home::new();
    let article = home.write("slow.txt", SLOW_READING);
    // Three rows of text, so each search below brings its match to the
    // top (and the test knows it has been found).
    let term = home.spawn(&["slow.txt"], 80, 4);
    term.wait_text("Reading Slowly");
    term.send_str("/The point");
    term.key_enter();
    // Reflowed: the paragraph's first two source lines share a row.
    wait_top(
        &term,
        "The point is only that slow reading is a skill, and like any skill",
    );
    term.send_str("s");
    let quotes = wait_saved(&article, 1);
    assert_eq!(
        quotes[0]["quote"].as_str(),
        Some(
            "The point is only that slow reading is a skill, and like\nany skill it can be learnt."
        )
    );
    // Abbreviations inside a sentence do not end it.
    term.send_str("/who taught");
    term.key_enter();
    wait_top(&term, "Dr. Amsel, who taught me");
    term.send_str("s");
    let quotes = wait_saved(&article, 2);
    assert!(
        quotes.iter().any(|a| a["quote"].as_str()
            == Some("Dr. Amsel,\nwho taught me, said so often, e.g. in every first lecture.")),
        "{quotes:?}"
    );
    // `S`: the whole paragraph, all three source lines.
    term.send_str("/Nobody");
    term.key_enter();
    wait_top(&term, "Nobody is born");
    term.send_str("S");
    let quotes = wait_saved(&article, 3);
    assert!(
        quotes.iter().any(|a| a["quote"].as_str()
            == Some(
                "Nobody is born knowing how to do this. We learn to decode words\n\
                 early and then stop, as if decoding were the whole of it, and the\n\
                 rest of our lives we read the way we learnt to read at nine."
            )),
        "{quotes:?}"
    );
    quit(&term);
}

#[test]
fn a_digit_in_select_mode_says_what_it_highlighted_and_the_row_names_the_tags() {
    let home = Home::new();
    let term = essay(&home, 100, 24);
    term.send_str("v");
    term.wait_text("1 highlight 2 important 3 question 4 idea 5 quote");
    // `v 3 e` as in vim: the 3 tags at once, and says what it saved.
    term.send_str("3");
    term.wait_text("highlighted “K” (1 char) as question — U to undo");
    let article = home.path().join("essay.txt");
    let saved = wait_saved(&article, 1);
    assert_eq!(saved[0]["quote"].as_str(), Some("K"));
    assert_eq!(saved[0]["tag"].as_str(), Some("question"));
    term.send_str("U");
    term.wait_text("undone");
    wait_saved(&article, 0);
    quit(&term);
}

#[test]
fn c_shows_the_tags_in_their_colours_and_refuses_a_digit_with_none() {
    let home = Home::new();
    let term = essay(&home, 100, 24);
    term.send_str("/tariff");
    term.key_enter();
    term.send_str("ve");
    term.key_enter();
    term.wait_text("highlighted “tariff”");
    term.send_str("c");
    term.wait_text("new tag:  1 highlight  2 important  3 question  4 idea  5 quote");
    term.wait_until("each tag in its colour", |s| {
        support::pty::first_has_background(s, "idea", vt100::Color::Idx(2))
            && support::pty::first_has_background(s, "question", vt100::Color::Idx(4))
    });
    term.send_str("9");
    term.wait_text("no tag 9 (the tags are 1–5): nothing changed");
    let article = home.path().join("essay.txt");
    assert_eq!(
        wait_saved(&article, 1)[0]["tag"].as_str(),
        Some("highlight")
    );
    term.send_str("c4");
    term.wait_text("tag: idea");
    support::eventually("the new tag saved", || {
        saved(&article)[0]["tag"].as_str() == Some("idea")
    });
    quit(&term);
}

/// Highlight the first "tariff" of the essay (search, `ve`, `Enter`),
/// then leave it (`Esc`) and go to the top by searching the title (so
/// the current match, drawn over highlights, is elsewhere).
fn highlight_tariff_and_leave_it(term: &Term) {
    term.send_str("/tariff");
    term.key_enter();
    term.send_str("ve");
    term.key_enter();
    term.wait_text("highlighted “tariff”");
    term.key_esc();
    term.wait_no_text("highlighted “tariff”");
    term.send_str("/Keep the");
    term.key_enter();
    // On the top row (the status row may name the section too), and the
    // highlight off the screen.
    term.wait_until("the title on top", |s| {
        s.contents_between(0, 0, 0, 80).contains("Keep the Library")
            && support::pty::find_all(s, "tariff").is_empty()
    });
}

#[test]
fn a_bracket_shows_the_highlight_three_rows_below_the_top() {
    let home = Home::new();
    let term = essay(&home, 80, 16);
    highlight_tariff_and_leave_it(&term);
    assert_eq!(term.find("tariff"), None, "off the first screen");
    term.send_str("]");
    term.wait_until("the highlight three rows down", |s| {
        support::pty::find_all(s, "tariff")
            .first()
            .map(|&(row, _)| row)
            == Some(3)
    });
    quit(&term);
}

#[test]
fn a_click_on_a_highlight_focuses_it_and_a_drag_from_it_selects() {
    let home = Home::new();
    let term = essay(&home, 100, 24);
    highlight_tariff_and_leave_it(&term);
    // A focused highlight is underlined (in colour, only then).
    let focused = |s: &vt100::Screen| {
        support::pty::find_all(s, "tariff")
            .first()
            .and_then(|&(r, c)| s.cell(r, c + 1))
            .is_some_and(|cell| cell.underline())
    };
    // `]` brings it on screen, `Esc` leaves it again.
    term.send_str("]");
    term.wait_until("focused by ]", focused);
    term.key_esc();
    term.wait_until("not focused", |s| {
        !focused(s) && support::pty::screen_contains(s, "tariff")
    });
    let (row, col) = term.find("tariff").unwrap();
    // A click (press and release on its first letter; the mouse counts
    // cells from 1): focused, still reading.
    term.mouse_sgr_press(col + 1, row + 1);
    term.mouse_sgr_release(col + 1, row + 1);
    term.wait_until("the highlight focused", focused);
    assert!(term.contains("NORMAL"), "{}", term.dump());
    // A drag that starts on it selects, from "t" to the "n" of "on".
    term.mouse_sgr_press(col + 1, row + 1);
    term.mouse_sgr_drag(col + 4, row + 1);
    term.mouse_sgr_drag(col + 9, row + 1);
    term.mouse_sgr_release(col + 9, row + 1);
    term.wait_text("SELECT");
    term.key_enter();
    let article = home.path().join("essay.txt");
    let saved = wait_saved(&article, 2);
    assert!(
        saved
            .iter()
            .any(|a| a["quote"].as_str() == Some("tariff on")),
        "{saved:?}"
    );
    quit(&term);
}
