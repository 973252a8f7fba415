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

/// A one-chapter book is judged on one window only (no majority of
/// windows to outvote a bad judgement): its 159-char licence line must
/// not flip it to one paragraph per line.
#[test]
fn a_short_book_with_one_long_licence_line_reads_reflowed() {
    let home = Home::new();
    let book = texts::book(1, true, 7);
    assert!(book.len() < 32 * 1024, "one window: {} bytes", book.len());
    home.write("short.txt", &book);
    let term = home.spawn(&["short.txt"], COLS, 24);
    // The header's lines after the long one run on into one row.
    term.wait_text("of it. Further terms travel");
    // And the chapter's wrapped lines run on too.
    term.send_str("30j");
    term.wait_no_text("The Harbour Press edition");
    assert!(
        !term.with_screen(|s| one_row_per_line(s, &book)),
        "{}",
        term.dump()
    );
    quit(&term);
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

#[test]
fn a_how_to_of_lists_with_hanging_indents_reads_as_written_without_blank_rows() {
    let home = Home::new();
    let guide = texts::list_how_to(2, 2);
    home.write("howto.txt", &guide);
    let term = home.spawn(&["howto.txt"], COLS, 60);
    let title = "Setting Up the Harbour Lamp for Winter";
    term.wait_text(title);
    // The list items and their continuation lines keep their rows, with
    // no blank row after each; the underlined titles keep theirs.
    let items: Vec<&str> = guide
        .lines()
        .filter(|l| l.starts_with("1. ") || l.starts_with("   ") || l.starts_with("- "))
        .collect();
    term.wait_until("every list line on a row of its own, none apart", |s| {
        let rows = rows(s);
        let at = |l: &str| rows.iter().position(|r| r == l.trim());
        let title_kept = at(title).is_some_and(|i| rows[i + 1].starts_with("====="));
        let part = guide.lines().find(|l| l.starts_with("Part 1: ")).unwrap();
        let part_kept = at(part).is_some_and(|i| rows[i + 1].starts_with("-----"));
        title_kept
            && part_kept
            && guide.lines().collect::<Vec<_>>().windows(2).all(|w| {
                // Two lines of one list follow each other on screen.
                !(items.contains(&w[0]) && items.contains(&w[1]))
                    || at(w[0]).is_none()
                    || at(w[1]).is_none()
                    || at(w[1]) == at(w[0]).map(|i| i + 1)
            })
            && items.iter().take(4).all(|l| at(l).is_some())
    });
    // Detected as hard-wrapped, as the status row says when wide enough.
    term.resize(150, 60);
    term.wait_until("the status row says reflowed", |s| {
        s.contents_between(59, 0, 59, 150).contains("  reflowed  ")
    });
    quit(&term);
}

#[test]
fn underlined_titles_keep_their_rows() {
    let home = Home::new();
    home.write("config.toml", "reflow = \"always\"\n");
    let text = "The intro paragraph ends\nhere.\nA Title Right After It\n======================\nText under the title\nruns on.\n\nGo\n--\nShort title, short line.\n";
    home.write("titles.txt", text);
    let term = home.spawn(&["titles.txt"], COLS, 20);
    term.wait_text("The intro paragraph ends here.");
    term.wait_until("titles and underlines on rows of their own", |s| {
        let rows = rows(s);
        let want = [
            "The intro paragraph ends here.",
            "A Title Right After It",
            "======================",
            "Text under the title runs on.",
            "",
            "Go",
            "--",
            "Short title, short line.",
        ];
        rows.len() >= want.len() && rows[..want.len()] == want
    });
    quit(&term);
}
