//! The `:` prompt's commands, `ZZ`, the help screen and the messages, in
//! the real binary in a pseudo-terminal.

mod support;

use std::time::Duration;
use support::pty::Term;
use support::{Home, quit};

const ESSAY: &str = include_str!("../seeds/essay.txt");
const EXIT: Duration = Duration::from_secs(10);

/// The essay opened in a fresh home at `cols`×`rows`.
fn essay(cols: u16, rows: u16) -> (Home, Term) {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], cols, rows);
    term.wait_text("Keep the Library Lights On");
    (home, term)
}

/// Highlight "I spent four" (`:4`, `vee`, `Enter`).
fn highlight_i_spent_four(term: &Term) {
    term.send_str(":4\r");
    term.wait_until("line 4 at the top", |s| {
        s.contents_between(0, 0, 0, 200).contains("I spent four")
    });
    term.send_str("vee");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(term);
}

/// The screen's rows, trimmed at the end, joined by newlines.
fn rows(term: &Term) -> Vec<String> {
    term.screen_text()
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect()
}

#[test]
fn colon_number_goes_to_that_line() {
    let (_home, term) = essay(80, 24);
    term.send_str(":10\r");
    term.wait_until("line 10 at the top", |s| {
        s.contents_between(0, 0, 0, 80)
            .contains("History offers a small lesson")
    });
    quit(&term);
}

#[test]
fn colon_x_wq_and_zz_save_and_quit_and_q_bang_quits() {
    for keys in [":x\r", ":wq\r", "ZZ", ":q!\r"] {
        let (home, term) = essay(80, 24);
        highlight_i_spent_four(&term);
        term.send_str(keys);
        assert_eq!(term.wait_exit(EXIT), Some(0), "{keys}: {}", term.dump());
        let sidecar = support::sidecar_of(&home.path().join("essay.txt"));
        assert_eq!(support::live_quotes(&sidecar), ["I spent four"], "{keys}");
    }
}

#[test]
fn colon_set_lists_and_changes_the_reading_options() {
    let (_home, term) = essay(100, 24);
    term.send_str(":set\r");
    term.wait_text("text_width=80  reflow=auto");
    term.wait_text("page_breaks=show");
    term.wait_text("wrap=balanced");
    term.wait_text("hyphenate=false  justify=false");
    term.send_str(":set text_width=40\r");
    term.wait_text("text_width=40");
    // The first paragraph now wraps at 40 columns.
    term.wait_until("rows of at most 40 columns", |s| {
        let row = s.contents_between(2, 0, 2, 100);
        row.trim().len() <= 40 && row.contains("Every town has a")
    });
    term.send_str(":set width=3\r");
    term.wait_text(
        "no option width (:set knows text_width, reflow, page_breaks, wrap, hyphenate, justify)",
    );
    term.send_str(":set wrap=ragged\r");
    term.wait_text("wrap takes greedy or balanced, not ragged");
    term.send_str(":set justify=true\r");
    term.wait_text("justify=true");
    quit(&term);
}

#[test]
fn colon_export_without_a_file_writes_next_to_the_article_and_says_where() {
    let (home, term) = essay(100, 24);
    highlight_i_spent_four(&term);
    term.send_str(":export markdown\r");
    term.wait_text("exported 1 annotation to essay.txt.notes.md");
    let md = std::fs::read_to_string(home.path().join("essay.txt.notes.md")).unwrap();
    assert!(md.contains("I spent four"), "{md}");
    term.send_str(":export grep\r");
    term.wait_text("exported 1 annotation to essay.txt.notes.txt");
    assert!(home.path().join("essay.txt.notes.txt").exists());
    quit(&term);
}

#[test]
fn messages_come_back_with_colon_messages_and_g_less() {
    let (_home, term) = essay(80, 24);
    term.send_str("n");
    term.wait_text("no search yet: / to search");
    term.send_str("m");
    term.send_str("a");
    term.wait_text("mark a set");
    term.send_str("j");
    term.wait_no_text("mark a set");
    term.send_str(":messages\r");
    term.wait_text("messages — q to close");
    term.wait_text("no search yet: / to search");
    term.wait_text("mark a set");
    term.send_str("q");
    term.wait_no_text("messages — q to close");
    // `g<` shows them too, and leaves the view where it was.
    let top = term.row(0);
    term.send_str("g<");
    term.wait_text("messages — q to close");
    term.send_str("q");
    term.wait_no_text("messages — q to close");
    assert_eq!(term.row(0), top, "g< does not move to the top");
    quit(&term);
}

#[test]
fn a_long_message_wraps_and_keeps_its_end() {
    let (_home, term) = essay(40, 20);
    term.send_str(":set width=3\r");
    // 86 columns of words at 40: three rows, the end on the last.
    term.wait_text("justify)");
    let r = rows(&term);
    let at = r
        .iter()
        .position(|l| l.starts_with("no option width"))
        .unwrap();
    assert!(r[at + 2].contains("justify)"), "{}", term.dump());
    term.send_str("j");
    term.wait_no_text("justify)");
    quit(&term);
}

#[test]
fn help_lists_commands_and_i_and_wraps_at_60_columns() {
    let (_home, term) = essay(60, 40);
    term.send_str("h");
    term.wait_text("keys — q to close");
    term.wait_text("show or hide this help");
    // A description too long for the row wraps under itself. (Waiting
    // for its end first: a frame this size can arrive in pieces.)
    term.wait_text("back to it)");
    let r = rows(&term);
    let quit_row = r
        .iter()
        .position(|l| l.contains("quit (from an article opened in"))
        .unwrap_or_else(|| panic!("{}", term.dump()));
    let column = r[quit_row].find("quit (from").unwrap();
    let next = &r[quit_row + 1];
    assert!(
        next[column..]
            .trim_end_matches('│')
            .trim()
            .ends_with("back to it)"),
        "{}",
        term.dump()
    );
    assert!(
        next[..column]
            .trim_matches(|c| c == '│' || c == ' ')
            .is_empty()
    );
    // `i` and the commands are there.
    term.send_str("G");
    // At 60 columns the keys column is 19 wide: the usage wraps too.
    term.wait_text(":export FORMAT");
    term.wait_text("[FILE]");
    term.wait_text(":wq  :x  ZZ");
    let text = term.screen_text();
    assert!(text.contains("bring in the annotations"), "{text}");
    quit_help(&term);
    quit(&term);
}

/// Close the help with `q`.
fn quit_help(term: &Term) {
    term.send_str("q");
    term.wait_no_text("keys — q to close");
}

#[test]
fn help_g_and_space_stop_at_the_last_entry() {
    let (_home, term) = essay(80, 20);
    for keys in ["G", "          "] {
        term.send_str("h");
        term.wait_text("keys — q to close");
        term.send_str(keys);
        // The box's last inner row holds the last entry's last row.
        term.wait_until("the last entry at the bottom of the box", |s| {
            let last_inner = s.contents_between(17, 0, 17, 80);
            last_inner.contains(".json)")
        });
        let r = rows(&term);
        assert!(r[18].starts_with('└'), "{}", term.dump());
        quit_help(&term);
    }
    quit(&term);
}
