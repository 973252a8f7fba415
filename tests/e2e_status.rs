//! The status row in the real binary: what it counts, where it says you
//! are, what gives way when the terminal is narrow, the marker of a file
//! changed on disk (and `R`, which reads it again), and the words shown
//! when the terminal is too small to read in.

mod support;

use support::pty::Term;
use support::{Home, quit};

const ESSAY: &str = include_str!("../seeds/essay.txt");

fn wait_status(term: &Term, what: &str, ok: impl Fn(&str) -> bool) {
    term.wait_until(what, |s| {
        let (rows, cols) = s.size();
        ok(&s.contents_between(rows - 1, 0, rows - 1, cols))
    });
}

#[test]
fn highlights_and_notes_are_counted_apart_and_help_shows_at_60_columns() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], 60, 20);
    term.wait_text("Keep the Library");
    wait_status(&term, "an empty count and help at 60 columns", |s| {
        s.contains("0 highlights") && s.contains("h help")
    });
    term.send_str("/tariff\rve\r");
    support::after_highlight(&term);
    wait_status(&term, "one highlight", |s| s.contains("1 highlight "));
    term.send_str("/supplier\rvea");
    term.wait_text("Ctrl-s save");
    term.send_str("a note");
    term.ctrl('s');
    term.wait_text("note saved");
    term.key_esc();
    wait_status(&term, "counted apart", |s| {
        s.contains("2 highlights · 1 note") && s.contains("h help")
    });
    quit(&term);
}

#[test]
fn paragraph_and_percent_agree_and_read_n_of_n_at_the_end() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], 100, 30);
    term.wait_text("Keep the Library");
    wait_status(&term, "the paragraph total", |s| s.contains("/14"));
    term.send_str("G");
    wait_status(&term, "the end", |s| s.contains("¶ 14/14  100%"));
    // The reading mode in force, the first field to go: shown when wide.
    term.resize(140, 30);
    wait_status(&term, "the reading mode", |s| s.contains("  as-is  "));
    quit(&term);
}

#[test]
fn a_file_changed_on_disk_keeps_a_marker_and_r_reloads_it_in_place() {
    let home = Home::new();
    let text: String = (1..=60)
        .map(|i| format!("Paragraph number {i} of the first version.\n"))
        .collect();
    let path = home.write("list.txt", &text);
    let term = home.spawn(&["list.txt"], 80, 12);
    term.wait_text("Paragraph number 1 of the first");
    term.send_str("40j");
    term.wait_no_text("Paragraph number 1 of the first");
    std::fs::write(&path, text.replace("first version", "second version")).unwrap();
    wait_status(&term, "the message", |s| s.contains("changed on disk"));
    // Once the message has gone with the next key, the marker stays.
    term.send_str("j");
    wait_status(&term, "the marker", |s| {
        s.starts_with("changed on disk: R reloads")
    });
    term.send_str("k");
    term.send_str("/number\r");
    wait_status(&term, "the marker stays", |s| {
        s.starts_with("changed on disk: R reloads")
    });
    term.wait_idle(
        std::time::Duration::from_millis(300),
        std::time::Duration::from_secs(10),
    );
    let top = term.row(0);
    term.send_str("R");
    term.wait_text("the article was read again");
    let want = top.replace("first version", "second version");
    term.wait_until(&format!("the same place, the new text: {want:?}"), |s| {
        s.contents_between(0, 0, 0, 80).trim_end() == want.trim_end()
    });
    term.send_str("j");
    wait_status(&term, "no marker", |s| s.starts_with("list.txt"));
    quit(&term);
}

#[test]
fn too_small_is_said_whole_down_to_one_cell() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], 80, 24);
    term.wait_text("Keep the Library");
    for (cols, rows, want) in [
        (19, 2, "terminal too small"),
        (12, 2, "too small"),
        (6, 1, "small"),
        (1, 1, "!"),
    ] {
        term.resize(cols, rows);
        term.wait_until(&format!("{want:?} at {cols}×{rows}"), |s| {
            (0..rows).any(|r| s.contents_between(r, 0, r, cols).trim() == want)
        });
    }
    term.resize(80, 24);
    term.wait_text("Keep the Library");
    quit(&term);
}
