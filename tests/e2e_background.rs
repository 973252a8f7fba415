//! Keys are answered while the notes are read, placed and saved in the
//! background: a 10 MB article with 10 000 annotations, edited on disk (a
//! line inserted at the top, one quote in a hundred changed), scrolls while
//! its notes are on their way, and the report of where they went shows
//! afterwards; a key is answered while a save waits, and quitting waits
//! for the save.
//!
//! A third of the quotes changed, as `examples/pager_bench.rs` measures,
//! takes a debug build minutes to place (each changed quote is looked for
//! in the whole text); here one in a hundred is.
//!
//! The waits are made by the test, not by timing: the sidecar is a named
//! pipe the test fills only after the keys were answered, and the sidecar's
//! lock is held by the test while the save waits for it.

mod support;

use std::os::unix::ffi::OsStrExt;
use std::os::unix::io::AsRawFd;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use support::pty::Term;
use support::{Home, live_annotations, notes, sidecar_of};

const EXIT: Duration = Duration::from_secs(10);
/// Hashing 10 MB and placing 10 000 notes in a debug build on a busy
/// machine.
const SLOW: Duration = Duration::from_secs(300);
const ESSAY: &str = include_str!("../seeds/essay.txt");

/// Every how many quotes one changes.
const CHANGED_EVERY: usize = 100;

/// A named pipe at `path`: whoever reads it waits until it is written.
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a plain system call on a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// Give `bytes` to the next reader of the named pipe at `path` (the first
/// save reads the sidecar to merge with what is on disk), unless the path
/// is a file by then or `stop` is set first.
fn serve_pipe(path: &Path, bytes: String, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    use std::io::Write;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            // Without a reader, opening a pipe without blocking fails.
            let opened = std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(&path);
            let Ok(mut pipe) = opened else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            if pipe.metadata().unwrap().file_type().is_fifo() {
                // SAFETY: fcntl on a descriptor we own: blocking writes.
                unsafe { libc::fcntl(pipe.as_raw_fd(), libc::F_SETFL, 0) };
                pipe.write_all(bytes.as_bytes()).unwrap();
            }
            return;
        }
    })
}

/// The text of the status row (the last of 30).
/// The bottom rows: the status row, and the rows above it that a longer
/// message wraps onto (up to three in all).
fn status(term: &Term) -> String {
    (27..30).map(|r| term.row(r)).collect::<Vec<_>>().join(" ")
}

#[test]
fn keys_are_answered_while_the_notes_of_an_edited_article_are_on_their_way() {
    let home = Home::new();
    let old = notes::article(CHANGED_EVERY);
    let sidecar = notes::sidecar("big.txt", &old, CHANGED_EVERY);
    let edited = notes::edit_quotes(&old);
    let path = home.write("big.txt", &edited);
    // The notes come through a pipe: annotty reads them on a worker, which
    // waits until the test writes them.
    let pipe = sidecar_of(&path);
    mkfifo(&pipe);

    let term = home.spawn(&["big.txt"], 90, 30);
    term.wait_text(notes::EDITED_TOP);
    term.wait_text_timeout("loading the annotations", SLOW);
    // The keys are answered meanwhile: the screen moves, no report yet.
    term.send_str("j");
    term.wait_no_text(notes::EDITED_TOP);
    assert!(!term.contains("the article changed"), "{}", term.dump());
    term.send_str("G");
    term.wait_text(notes::LAST_LINE);
    // A highlight made before the notes arrive is kept with them.
    term.send_str("?long article\r");
    // The search (on a worker too) is done.
    term.wait_text_timeout("search wrapped to the end", SLOW);
    term.send_str("ve");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    term.wait_text("1 note");
    assert!(!term.contains("the article changed"), "{}", term.dump());

    // Now the notes: read, placed on the edited text, then reported.
    let pipe_again = pipe.clone();
    let served = sidecar.clone();
    let writer = std::thread::spawn(move || std::fs::write(&pipe_again, served).unwrap());
    term.wait_text_timeout("the article changed", SLOW);
    writer.join().unwrap();
    let report = status(&term);
    assert!(report.contains("moved"), "{report}");
    assert!(report.contains("approximate"), "{report}");
    let stop = Arc::new(AtomicBool::new(false));
    let server = serve_pipe(&pipe, sidecar, stop.clone());
    // Quitting waits for the save of all of them (slow in a debug build).
    term.send_str("q");
    let exit = term.wait_exit(SLOW);
    stop.store(true, Ordering::Relaxed);
    server.join().unwrap();
    assert_eq!(exit, Some(0), "{}", term.dump());

    let saved = live_annotations(&sidecar_of(&path)).expect("the sidecar parses");
    assert_eq!(
        saved.len(),
        notes::LINES + 1,
        "all of them, and the new one"
    );
    assert!(saved.iter().any(|a| a["quote"].as_str() == Some("long")));
    let fuzzy = saved
        .iter()
        .filter(|a| a.get("state").and_then(|s| s.as_str()) == Some("fuzzy"))
        .count();
    assert!(
        fuzzy > 0 && fuzzy <= notes::LINES.div_ceil(CHANGED_EVERY),
        "{fuzzy} approximate"
    );
}

/// Take the lock of `article`'s sidecar as another annotty saving would
/// (one run with `home` as HOME: the lock is in its data directory).
fn hold_lock(home: &Path, article: &Path) -> std::fs::File {
    let name = support::lock_of(home, article);
    std::fs::create_dir_all(name.parent().unwrap()).unwrap();
    let file = std::fs::File::create(name).unwrap();
    // SAFETY: flock on a file descriptor we own.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
    assert_eq!(r, 0, "flock");
    file
}

#[test]
fn a_key_is_answered_while_a_save_waits_and_quitting_waits_for_it() {
    let home = Home::new();
    let path = home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], 90, 30);
    term.wait_text("Keep the Library");
    // While the test holds the lock, a save waits for it (as for another
    // annotty saving a large sidecar).
    let lock = hold_lock(home.path(), &path);
    term.send_str("/Marisol\rve");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    term.wait_text("1 note");
    term.send_str("G");
    term.wait_text("is only half a library.");
    assert!(!sidecar_of(&path).exists(), "the save is still waiting");
    term.send_str("q");
    // Still running: it waits for the save (which waits for the lock).
    assert_eq!(term.wait_exit(Duration::from_millis(500)), None);
    assert!(term.is_running(), "{}", term.dump());
    drop(lock);
    assert_eq!(term.wait_exit(EXIT), Some(0), "{}", term.dump());
    assert_eq!(support::live_quotes(&sidecar_of(&path)), ["Marisol"]);
}
