//! The notes panel (`Tab`) in the real binary in a pseudo-terminal: the
//! width it gives quotes, tags in their colours, the count when filtered,
//! where it opens, the mouse.

mod support;

use support::pty::Term;
use support::{Home, quit};

const ESSAY: &str = include_str!("../seeds/essay.txt");
const EVERY_TOWN: &str =
    "“Every town has a building that tells you what it believes about itself.”";

/// The essay at 100×24 with the first sentences of lines 2 and 3
/// highlighted (`:N`, `s`).
fn two_highlights() -> (Home, Term) {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], 100, 24);
    term.wait_text("Keep the Library Lights On");
    for line in [2, 3] {
        term.send_str(&format!(":{line}\r"));
        term.send_str("s");
        support::after_highlight(&term);
    }
    (home, term)
}

/// The row (0-based) of the screen holding `needle`.
fn row_of(term: &Term, needle: &str) -> u16 {
    term.find(needle)
        .unwrap_or_else(|| panic!("{needle}: {}", term.dump()))
        .0
}

#[test]
fn quotes_use_the_width_and_tags_show_in_their_colours() {
    let (_home, term) = two_highlights();
    term.key_tab();
    term.wait_text("notes — Enter go");
    // 73 columns of quote, whole at 100 columns.
    term.wait_text(EVERY_TOWN);
    term.wait_until("the tag in its colour (yellow)", |s| {
        support::pty::first_has_background(s, "[highlight]", vt100::Color::Idx(3))
    });
    // Filtered: how many of all.
    term.send_str("/case\r");
    term.wait_text("(1 of 2)");
    term.key_esc();
    term.wait_no_text("notes — Enter go");
    quit(&term);
}

#[test]
fn the_panel_opens_on_the_focused_highlight_and_the_mouse_selects() {
    let (_home, term) = two_highlights();
    // Focus the second highlight.
    term.send_str("g]]");
    term.key_tab();
    term.wait_text("notes — Enter go");
    // The focused one is selected (waiting for both rows: a frame can
    // arrive in pieces).
    term.wait_text("“Every town");
    term.wait_text("“The case");
    let (first, second) = (row_of(&term, "“Every town"), row_of(&term, "“The case"));
    term.wait_until("the second selected", |s| {
        let inverse = |row| s.cell(row, 2).is_some_and(|c| c.inverse());
        inverse(second) && !inverse(first)
    });
    // A click selects a row.
    term.mouse_sgr_press(10, first + 1);
    term.mouse_sgr_release(10, first + 1);
    term.wait_until("the clicked row is selected, alone", |s| {
        let inverse = |row| s.cell(row, 2).is_some_and(|c| c.inverse());
        inverse(first) && !inverse(second)
    });
    // The wheel moves the selection.
    term.mouse_wheel_down(10, first + 1);
    term.wait_until("the wheel moved down", |s| {
        s.cell(second, 2).is_some_and(|c| c.inverse())
    });
    // A click on the selected row goes there.
    term.mouse_sgr_press(10, second + 1);
    term.mouse_sgr_release(10, second + 1);
    term.wait_no_text("notes — Enter go");
    quit(&term);
}

#[test]
fn the_note_under_the_text_wraps_shows_more_and_scrolls() {
    let (_home, term) = two_highlights();
    // A note of a long first line and twelve short ones on the focused
    // highlight.
    term.send_str("g]");
    term.send_str("a");
    term.wait_text("note — Ctrl-s save");
    term.paste(
        "The first line of this note is long enough to need two rows of the panel, \
         so it wraps at a space and ends with the word ending\n",
    );
    for n in 1..=12 {
        term.paste(&format!("short line {n}\n"));
    }
    term.ctrl('s');
    term.wait_no_text("note — Ctrl-s save");
    term.wait_text("note — J K scroll");
    // Wrapped at a word, its end on the next row (waited for: a frame can
    // arrive in pieces).
    term.wait_text("The first line of this note");
    let r = row_of(&term, "The first line of this note");
    term.wait_until("the first line's end on the next row", |s| {
        s.contents_between(r + 1, 0, r + 1, s.size().1)
            .contains("ending")
    });
    term.wait_until("the panel's last row", |s| {
        support::pty::find_all(s, "…")
            .iter()
            .any(|&(row, _)| row > r + 1)
    });
    // The panel is shorter than the note: its last row ends with `…`.
    assert!(!term.contains("short line 12"), "{}", term.dump());
    let more = term.find_all("…");
    assert!(
        more.iter()
            .any(|&(row, _)| row > r && term.row(row).contains("short line")),
        "{}",
        term.dump()
    );
    // J scrolls to the end.
    term.send_str("JJJJJJJJJJJJJJJ");
    term.wait_text("short line 12");
    term.send_str("KKKKKKKKKKKKKKK");
    term.wait_text("The first line of this note");
    quit(&term);
}
