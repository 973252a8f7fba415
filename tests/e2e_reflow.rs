//! Switching between reflowed lines and one paragraph per line with `r`,
//! in the real binary: the same words stay at the top, the status row says
//! which style is in force, and reopening the article keeps the choice.

mod support;
use support::quit;

use std::time::Duration;
use support::{Home, texts};

const EXIT: Duration = Duration::from_secs(10);
const COLS: u16 = 80;

/// The screen's rows without the gutter and trailing blanks.
fn rows(s: &vt100::Screen) -> Vec<String> {
    s.rows(0, COLS).map(|r| r.trim().to_string()).collect()
}

/// True when some source line longer than 60 chars has a row of its own
/// with a blank row after it: one paragraph per line.
fn one_row_per_line(s: &vt100::Screen, book: &str) -> bool {
    let rows = rows(s);
    rows.windows(2)
        .any(|w| w[1].is_empty() && w[0].len() > 60 && book.lines().any(|l| l == w[0]))
}

#[test]
fn r_switches_to_one_paragraph_per_line_and_reopening_keeps_it() {
    let home = Home::new();
    let book = texts::book(6, true, 31);
    home.write("book.txt", &book);
    let term = home.spawn(&["book.txt"], COLS, 24);
    term.wait_text("The Harbour Press edition");
    // Detected as hard-wrapped despite the 159-char licence line: the
    // header lines after it run on.
    term.wait_text("of it. Further terms travel");
    term.send_str("60j");
    term.wait_no_text("The Harbour Press edition");
    assert!(!term.with_screen(|s| one_row_per_line(s, &book)));
    // The longest start of the top row that lies within one source line.
    let top = term.row(0).trim().to_string();
    let words: Vec<&str> = top.split(' ').collect();
    let start = (1..=words.len())
        .rev()
        .map(|n| words[..n].join(" "))
        .find(|p| book.lines().any(|l| l.contains(p.as_str())))
        .unwrap();

    term.send_str("r");
    term.wait_text("one paragraph per line (remembered for this article)");
    term.wait_until("one row per source line", |s| one_row_per_line(s, &book));
    assert!(term.row(0).contains(&start), "{start:?}\n{}", term.dump());
    let top = term.row(0);
    quit(&term);

    let again = home.spawn(&["book.txt"], COLS, 24);
    again.wait_text("as chosen last time");
    again.wait_until("the same top row, one paragraph per line", |s| {
        s.contents_between(0, 0, 0, COLS).trim_end() == top.trim_end() && one_row_per_line(s, &book)
    });
    // And back: reflowed again, which is remembered too.
    again.send_str("r");
    again.wait_text("reflowed: the lines of a paragraph run on (remembered");
    again.wait_until("paragraphs run on", |s| !one_row_per_line(s, &book));
    quit(&again);
    let third = home.spawn(&["book.txt"], COLS, 24);
    third.wait_until("the same top words", |s| {
        s.contents_between(0, 0, 0, COLS).contains(&start)
    });
    assert!(!third.contains("as chosen last time"), "{}", third.dump());
    assert!(!third.with_screen(|s| one_row_per_line(s, &book)));
    quit(&third);
}

#[test]
fn the_reflow_flag_wins_over_detection_and_r_lasts_until_closed() {
    let home = Home::new();
    let book = texts::book(3, true, 32);
    home.write("book.txt", &book);
    let term = home.spawn(&["--reflow", "never", "book.txt"], COLS, 24);
    term.wait_text("The Harbour Press edition");
    term.wait_until("one row per source line", |s| one_row_per_line(s, &book));
    term.send_str("r");
    term.wait_text("(until closed: reflow = never is set)");
    term.wait_text("of it. Further terms travel");
    quit(&term);
    // The choice is remembered, but the flag still wins, also once the
    // position has been taken up again.
    let again = home.spawn(&["--reflow", "never", "book.txt"], COLS, 24);
    again.wait_until("one row per source line", |s| one_row_per_line(s, &book));
    again.wait_quiet(Duration::from_millis(300), EXIT);
    assert!(
        again.with_screen(|s| one_row_per_line(s, &book)),
        "{}",
        again.dump()
    );
    quit(&again);
}
