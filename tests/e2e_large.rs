//! Articles large enough to be memory-mapped and to take a while to
//! search (20 MB), in the real binary in a pseudo-terminal.

mod support;
use support::quit;

use std::path::{Path, PathBuf};
use std::time::Duration;
use support::annotty_bin;
use support::pty::Term;

/// A search that matches nowhere in [`big_article`] and takes seconds:
/// forty word characters or blanks then a digit (every line has a digit
/// after fewer), which no literal lets the regex engine skip to and whose
/// automaton is too big to cache.
const SLOW: &str = "/\\d [\\w ]{70}\\d\r";

/// How long a remembered position may take to show: it follows the scan,
/// which a debug build on a loaded machine does slowly (a cap, not a wait).
const SCANNED: Duration = Duration::from_secs(60);

/// An article of `mib` MiB of numbered lines, "line 0 …" to "line N …",
/// in a fresh home directory.
fn big_article(dir: &Path, mib: usize) -> PathBuf {
    let mut text = String::with_capacity((mib + 1) << 20);
    let mut i = 0;
    while text.len() < mib << 20 {
        text.push_str(&format!(
            "line {i} of a long article with words enough to wrap a little\n"
        ));
        i += 1;
    }
    let path = dir.join("big.txt");
    std::fs::write(&path, text).unwrap();
    path
}

fn spawn(home: &Path, file: &Path) -> Term {
    Term::builder(annotty_bin())
        .arg(file)
        .home(home)
        .size(80, 24)
        .spawn()
}

/// A 20 MiB [`big_article`] in a fresh home, opened, its first line shown.
fn opened() -> (tempfile::TempDir, PathBuf, Term) {
    opened_of(20)
}

/// A `mib` MiB [`big_article`] in a fresh home, opened, its first line
/// shown.
fn opened_of(mib: usize) -> (tempfile::TempDir, PathBuf, Term) {
    let home = tempfile::tempdir().unwrap();
    let file = big_article(home.path(), mib);
    let term = spawn(home.path(), &file);
    term.wait_text("line 0 of a long article");
    (home, file, term)
}

#[test]
fn a_long_search_shows_progress_and_escape_cancels_it_at_once() {
    let (_home, _file, term) = opened();
    term.send_str(SLOW);
    term.wait_until("progress in the status row", |s| {
        let status = status_row(s);
        status.starts_with("searching for ") && status.contains("%  (Esc cancels)")
    });
    term.key_esc();
    term.wait_text("search cancelled");
    assert!(term.is_running());
    term.send_str("j");
    term.wait_no_text("search cancelled");
    // Ctrl-c also cancels a search instead of quitting.
    term.send_str(SLOW);
    term.wait_text("searching for ");
    term.ctrl('c');
    term.wait_text("search cancelled");
    assert!(term.is_running(), "Ctrl-c during a search does not quit");
    quit(&term);
}

#[test]
fn searches_read_a_mapped_article_to_its_end_both_ways() {
    let (_home, file, term) = opened();
    let lines = std::fs::read(&file)
        .unwrap()
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    let last = format!("line {} of", lines - 1);
    let before_last = format!("line {} of", lines - 2);
    // Forward from the top to the last line (read with pread, a window at
    // a time, by the search thread).
    // (The status row echoes the pattern while the search runs, so only
    // the text rows count.)
    term.send_str(&format!("/{last}\r"));
    term.wait_until("the last line found", |s| text_rows(s).contains(&last));
    // Backward from the top wraps around to the end.
    term.send_str("g");
    term.wait_until("back at the top", |s| {
        let text = text_rows(s);
        text.trim_start().starts_with("line 0 of a long article") && !text.contains(&last)
    });
    term.send_str(&format!("?{before_last}\r"));
    term.wait_until("the line before the last found, wrapping", |s| {
        text_rows(s).contains(&before_last) && status_row(s).contains("wrapped")
    });
    quit(&term);
}

#[test]
fn quitting_during_a_search_still_saves_the_position() {
    // The scan gives way to searches; a quit cancels the search, so the
    // scan can finish and the position is remembered by content hash. On
    // a loaded machine a debug build's scan may still outlast the quit's
    // wait (3 s): then the position is kept by the file (its path, length
    // and time), which the next opening finds as well — so this holds
    // however long the scan takes.
    let (home, file, term) = opened_of(8);
    term.send_str("50%");
    term.wait_no_text("line 0 of a long article");
    let middle = term.row(0);
    term.send_str(SLOW);
    term.wait_text("searching for ");
    // How long the quit takes is the scan's time (seconds of a debug
    // build on a busy machine), so it is not asserted.
    quit(&term);
    let again = spawn(home.path(), &file);
    again.wait_text_timeout(middle.trim(), SCANNED);
    quit(&again);
}

#[test]
fn leaving_an_article_before_its_scan_ends_still_saves_the_position() {
    // Back to the library during a search: the scan gives way to the
    // search, so the content hash is not known (not for a while on a
    // loaded machine) and the position is kept by the file instead,
    // found again when the unchanged file is opened next.
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("articles");
    std::fs::create_dir(&dir).unwrap();
    let file = big_article(&dir, 20);
    let term = spawn(home.path(), &dir);
    term.wait_text("big.txt");
    term.key_enter();
    term.wait_text("line 0 of a long article");
    term.send_str("50%");
    term.wait_no_text("line 0 of a long article");
    let middle = term.row(0);
    term.send_str(SLOW);
    term.wait_text("searching for ");
    term.send_str("q");
    term.wait_text("LIBRARY");
    quit(&term);
    let again = spawn(home.path(), &file);
    again.wait_text_timeout(middle.trim(), SCANNED);
    quit(&again);
}

/// The text rows of the 80×24 screen (all but the status row).
fn text_rows(s: &vt100::Screen) -> String {
    s.contents_between(0, 0, 22, 80)
}

/// The status row of the 80×24 screen.
fn status_row(s: &vt100::Screen) -> String {
    s.contents_between(23, 0, 23, 80)
}

/// Whether the last row says the article was reloaded because of `why`.
fn says_reloaded(s: &vt100::Screen, why: &str) -> bool {
    status_row(s).contains(&format!("the article changed on disk ({why}): reloaded"))
}

#[test]
fn a_mapped_article_truncated_while_open_is_reloaded_not_a_crash() {
    let (_home, file, term) = opened();
    // Keep the first 5000 bytes: whole lines, then a piece of one.
    let f = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
    f.set_len(5000).unwrap();
    drop(f);
    let kept = String::from_utf8(std::fs::read(&file).unwrap()).unwrap();
    let (whole, piece) = kept.rsplit_once('\n').unwrap();
    let last_whole = whole.lines().last().unwrap().to_string();
    let n: usize = last_whole.split(' ').nth(1).unwrap().parse().unwrap();
    // G reads the end of the old 20 MB, which is gone.
    term.send_str("G");
    term.wait_until("the reload message", |s| says_reloaded(s, "truncated"));
    assert!(term.is_running(), "{}", term.dump());
    term.send_str("G");
    term.wait_text(&last_whole);
    term.wait_text(piece);
    term.wait_no_text(&format!("line {}", n + 2));
    // The totals are the new file's (lines 0..=n and the piece).
    term.wait_until("paragraph totals of the new file", |s| {
        status_row(s).contains(&format!("/{}  100%", n + 2))
    });
    term.send_str("gjjk");
    term.wait_text("line 1 of a long article");
    assert!(term.is_running());
    quit(&term);
}

#[test]
fn a_mapped_article_replaced_while_open_is_reloaded() {
    let (home, file, term) = opened();
    let new = home.path().join("new.txt");
    std::fs::write(&new, "A REPLACEMENT article, short.\n").unwrap();
    std::fs::rename(&new, &file).unwrap();
    term.wait_until("the reload message", |s| says_reloaded(s, "replaced"));
    term.wait_text("A REPLACEMENT article, short.");
    term.wait_no_text("line 0 of a long article");
    quit(&term);
}
