//! The real binary in a pseudo-terminal when the file system gets in the
//! way: a save that fails is shown in the status row and goes out with the
//! next save once the obstacle is gone; an article deleted or cut short on
//! disk while it is open is noticed, with no crash.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;
use support::annotty_bin;
use support::pty::Term;

const ESSAY: &str = include_str!("../seeds/essay.txt");
const EXIT: Duration = Duration::from_secs(10);
/// The article's file is looked at every 2 s.
const NOTICE: Duration = Duration::from_secs(8);

fn spawn(dir: &Path, args: &[&str]) -> Term {
    Term::builder(annotty_bin())
        .args(args)
        .home(dir)
        .size(100, 30)
        .spawn()
}

fn sidecar(dir: &Path) -> PathBuf {
    dir.join("essay.txt.annotty.toml")
}

/// Quotes of the live annotations in the sidecar.
fn quotes(dir: &Path) -> Vec<String> {
    support::live_quotes(&sidecar(dir))
}

fn highlight(term: &Term, word: &str) {
    term.send_str(&format!("/{word}\r"));
    term.send_str("ve");
    term.wait_text("SELECT");
    term.key_enter();
}

#[test]
fn a_failed_save_is_shown_and_the_next_one_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let term = spawn(dir.path(), &["essay.txt"]);
    term.wait_text("Keep the Library");
    // A directory where the lock file goes: opening it fails, even for root.
    let lock = support::lock_of(dir.path(), &dir.path().join("essay.txt"));
    std::fs::create_dir_all(&lock).unwrap();
    highlight(&term, "Marisol");
    term.wait_text("not saved");
    term.wait_text("locking");
    assert!(quotes(dir.path()).is_empty(), "nothing written");

    std::fs::remove_dir(&lock).unwrap();
    term.send_str(":w\r");
    term.wait_until("saved", |s| {
        support::pty::screen_rows(s)
            .lines()
            .last()
            .is_some_and(|l| l.trim_start().starts_with("saved"))
    });
    assert_eq!(
        quotes(dir.path()),
        ["Marisol"],
        "on disk before it says saved"
    );
    term.send_str("j");
    term.wait_text("1 highlight");

    // Again with the sidecar itself in the way (a directory where it
    // goes): the earlier highlight stays, the new one waits.
    let side = sidecar(dir.path());
    std::fs::rename(&side, dir.path().join("kept.toml")).unwrap();
    std::fs::create_dir(&side).unwrap();
    highlight(&term, "tariff");
    term.wait_text("not saved");
    std::fs::remove_dir(&side).unwrap();
    std::fs::rename(dir.path().join("kept.toml"), &side).unwrap();
    highlight(&term, "Alder");
    support::after_highlight(&term);
    term.wait_text("3 highlights");
    term.wait_no_text("not saved");
    support::wait_quotes(&sidecar(dir.path()), &["Alder", "Marisol", "tariff"]);
    term.send_str("q");
    assert_eq!(term.wait_exit(EXIT), Some(0));
}

#[test]
fn an_article_deleted_while_open_is_noticed_and_still_works() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let term = spawn(dir.path(), &["essay.txt"]);
    term.wait_text("Keep the Library");
    std::fs::remove_file(dir.path().join("essay.txt")).unwrap();
    term.wait_text_timeout("essay.txt was deleted on disk", NOTICE);
    term.send_str("G");
    term.wait_text("is only half a library.");
    highlight(&term, "Marisol");
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    support::wait_quotes(&sidecar(dir.path()), &["Marisol"]);
    term.send_str("q");
    assert_eq!(term.wait_exit(EXIT), Some(0));
}

#[test]
fn an_article_cut_short_while_open_is_noticed_and_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("essay.txt");
    std::fs::write(&path, ESSAY).unwrap();
    let term = spawn(dir.path(), &["essay.txt"]);
    term.wait_text("Keep the Library");
    // Truncated in place (the same file, as `> essay.txt` would).
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(10)
        .unwrap();
    term.wait_text_timeout("essay.txt was cut short on disk", NOTICE);
    // The text read at start is shown whole.
    term.send_str("G");
    term.wait_text("is only half a library.");
    term.send_str("g/tariff\r");
    term.wait_text("federal tariff");
    term.send_str("q");
    assert_eq!(term.wait_exit(EXIT), Some(0));
}
