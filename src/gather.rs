//! Gathering every note under some directories for the notes browser
//! ([`crate::browser`]): the walk and the reading of sidecars, in the
//! background, handing [`Batch`]es to whoever waits for them (the event
//! loop, a bench).
//!
//! The walk is [`crate::walk::sidecars`] (ripgrep's: `.gitignore`,
//! `.ignore`, no hidden files, links followed, loops skipped; the same
//! as `annotty export DIR`'s); the data directory's `articles/` (the
//! snapshots `annotty add` keeps there, unless the directories asked for
//! overlap it) and `sidecars/` (notes of articles in read-only folders,
//! kept by content hash) are added. A
//! directory that cannot be walked is reported with why. Sidecars are read
//! ([`crate::store::Store::peek`]); for the notes browser through
//! [`crate::notebook::read_sidecar`], which also merges the conflict copies
//! beside one (saved, then removed, as opening the article does). One that
//! cannot be read is reported with why and skipped, never changed. Each sidecar's article is
//! the file beside it without the suffix; its title is the article's first
//! line ([`crate::library::title_of`]) or its file name.

use crate::browser::{Batch, Source};
use crate::notebook::Places;
use crate::store::Store;
use crate::walk::{self, Walked};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A batch is sent at least this often while sidecars are read, so rows
/// appear as they arrive without waking the loop for each.
pub const BATCH_EVERY: Duration = Duration::from_millis(30);

/// Threads reading sidecars (parsing is the work; the walk is one thread).
const READERS: usize = 2;

/// Bytes of an article read for its title.
const TITLE_BYTES: usize = 4096;

/// Walk `dirs` (and `data_dir`'s sidecars) and read every sidecar found,
/// calling `send` with what was found since the last call (at least every
/// [`BATCH_EVERY`]), the last batch with `done`. With `merging` (the notes
/// browser), the conflict copies beside each sidecar are merged in as the
/// reader merges them on opening ([`crate::notebook::read_sidecar`]:
/// saved, then removed; locks and backups in its `files_dir`); without,
/// sidecars are only read. Returns when all is read, or soon after `send`
/// returns false or `stop` is set. Runs on the calling thread plus a few
/// of its own.
pub fn gather(
    dirs: &[PathBuf],
    data_dir: Option<&Path>,
    merging: Option<&Places>,
    stop: &AtomicBool,
    send: &(dyn Fn(Batch) -> bool + Sync),
) {
    let found = AtomicUsize::new(0);
    // Each sidecar with its place in the walk (its article order).
    let (tx, rx) = channel::<(usize, PathBuf)>();
    let rx = Mutex::new(rx);
    let gone = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..READERS {
            scope.spawn(|| read_sidecars(&rx, merging, &found, stop, &gone, send));
        }
        let sidecar = |p| {
            let order = found.fetch_add(1, Ordering::Relaxed);
            let _ = tx.send((order, p));
        };
        // A directory that cannot be walked is listed like a sidecar that
        // cannot be read.
        let skipped = |why: String| {
            send(Batch {
                unreadable: vec![why],
                found: found.load(Ordering::Relaxed),
                ..Batch::default()
            })
        };
        walk(dirs, data_dir, stop, &gone, sidecar, skipped);
        drop(tx);
    });
    if !stop.load(Ordering::Relaxed) && !gone.load(Ordering::Relaxed) {
        send(Batch {
            found: found.load(Ordering::Relaxed),
            done: true,
            ..Batch::default()
        });
    }
}

/// Every sidecar under `dirs` and the data directory's `articles/`
/// ([`crate::walk::sidecars`]), then its `sidecars/`, to `sidecar`; what the walk skipped, with why, to
/// `skipped`.
fn walk(
    dirs: &[PathBuf],
    data_dir: Option<&Path>,
    stop: &AtomicBool,
    gone: &AtomicBool,
    mut sidecar: impl FnMut(PathBuf),
    mut skipped: impl FnMut(String) -> bool,
) {
    let going = || !stop.load(Ordering::Relaxed) && !gone.load(Ordering::Relaxed);
    // With the snapshots `annotty add` keeps in the data directory (its
    // default library), unless the directories asked for and it overlap.
    let mut roots = dirs.to_vec();
    if let Some(library) = data_dir.map(|d| d.join("articles"))
        && library.is_dir()
        && !overlaps(dirs, &library)
    {
        roots.push(library);
    }
    walk::sidecars(&roots, |walked| {
        match walked {
            Walked::Sidecar(p) => sidecar(p),
            Walked::Skipped(why) => {
                if !skipped(why) {
                    gone.store(true, Ordering::Relaxed);
                }
            }
        }
        going()
    });
    if !going() {
        return;
    }
    if let Some(dir) = data_dir
        && !overlaps(dirs, &dir.join("sidecars"))
        && let Ok(entries) = std::fs::read_dir(dir.join("sidecars"))
    {
        for e in entries.flatten() {
            if walk::is_sidecar(&e.path()) {
                sidecar(e.path());
            }
        }
    }
}

/// Whether `dir` is one of `dirs`, inside one, or holds one (compared as
/// canonical paths, so links and `..` do not hide it).
fn overlaps(dirs: &[PathBuf], dir: &Path) -> bool {
    let Ok(dir) = std::fs::canonicalize(dir) else {
        return false;
    };
    dirs.iter()
        .filter_map(|d| {
            std::fs::canonicalize(if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            })
            .ok()
        })
        .any(|d| d.starts_with(&dir) || dir.starts_with(&d))
}

/// A reading thread: take sidecar paths until the walk is over, send
/// batches.
fn read_sidecars(
    rx: &Mutex<Receiver<(usize, PathBuf)>>,
    merging: Option<&Places>,
    found: &AtomicUsize,
    stop: &AtomicBool,
    gone: &AtomicBool,
    send: &(dyn Fn(Batch) -> bool + Sync),
) {
    let mut batch = Batch::default();
    let mut since = Instant::now();
    loop {
        if stop.load(Ordering::Relaxed) || gone.load(Ordering::Relaxed) {
            return;
        }
        let next = rx
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .recv_timeout(BATCH_EVERY);
        let ended = match next {
            Ok((order, path)) => {
                read_one(&path, order, merging, &mut batch);
                false
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => false,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => true,
        };
        let has = !batch.read.is_empty() || !batch.unreadable.is_empty();
        if has && (ended || since.elapsed() >= BATCH_EVERY) {
            batch.found = found.load(Ordering::Relaxed);
            if !send(std::mem::take(&mut batch)) {
                gone.store(true, Ordering::Relaxed);
                return;
            }
            since = Instant::now();
        }
        if ended {
            return;
        }
    }
}

/// One sidecar, the `order`-th the walk found, into `batch`: its article
/// and notes, or why it cannot be read; with `merging`, its conflict copies merged in, and what is worth
/// saying about them (a copy left in place, a merge not saved) listed with
/// the sidecars that could not be read.
fn read_one(sidecar: &Path, order: usize, merging: Option<&Places>, batch: &mut Batch) {
    let read = match merging {
        Some(places) => {
            crate::notebook::read_sidecar(sidecar, places, crate::annotation::now_millis()).map(
                |o| {
                    batch
                        .unreadable
                        .extend(unsaved_or_left(sidecar, o.report.came_in.as_ref()));
                    (o.notebook.doc().file.clone(), o.annotations, o.bookmarks)
                },
            )
        }
        None => match Store::at(sidecar).peek() {
            Ok(Some(s)) => Ok((
                s.document.file.clone(),
                s.annotations.clone(),
                s.bookmarks(),
            )),
            Ok(None) => Err(format!(
                "{}: no longer there",
                crate::source::shown(sidecar)
            )),
            Err(e) => Err(crate::notebook::unreadable(&e)),
        },
    };
    let (file, notes, bookmarks) = match read {
        Ok(read) => read,
        Err(why) => return batch.unreadable.push(why),
    };
    let beside = crate::export::strip_suffix(sidecar).filter(|a| a.is_file());
    let title = beside
        .as_deref()
        .and_then(first_bytes)
        .and_then(|b| crate::library::title_of(&b))
        .unwrap_or_else(|| file.clone());
    let mut source = Source::new(sidecar.to_path_buf(), beside, title, file);
    source.bookmarks = bookmarks;
    source.order = order;
    batch.read.push((Arc::new(source), notes));
}

/// The lines worth saying about the conflict copies of `sidecar` that were
/// not taken in: a merge not saved (the copies kept), copies left in place.
fn unsaved_or_left(sidecar: &Path, came_in: Option<&crate::notebook::CameIn>) -> Vec<String> {
    let Some(c) = came_in else {
        return Vec::new();
    };
    let at = crate::source::shown(sidecar);
    let unsaved = c.unsaved.iter().map(|why| {
        format!("{at}: its conflict copies merged for this list only (not saved: {why}); kept")
    });
    unsaved
        .chain(c.left.iter().map(|l| format!("{at}: {l}")))
        .collect()
}

fn first_bytes(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::with_capacity(TITLE_BYTES);
    std::fs::File::open(path)
        .ok()?
        .take(TITLE_BYTES as u64)
        .read_to_end(&mut buf)
        .ok()?;
    Some(buf)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn run(dirs: &[PathBuf], data_dir: Option<&Path>) -> Vec<Batch> {
        let got = Mutex::new(Vec::new());
        gather(dirs, data_dir, None, &AtomicBool::new(false), &|b| {
            got.lock().unwrap().push(b);
            true
        });
        got.into_inner().unwrap()
    }

    /// A sidecar of `file` with one note on `quote`.
    pub(crate) fn sidecar(file: &str, quote: &str) -> String {
        let doc = crate::store::DocInfo {
            file: file.into(),
            chars: 10,
            hash: "00".into(),
            encoding: None,
            origin: None,
            about: Default::default(),
        };
        let note = crate::browser::tests::note("0190", "idea", quote, "");
        crate::store::render(&crate::store::Sidecar::new(doc, vec![note]))
    }

    #[test]
    fn sidecars_are_found_ignored_ones_skipped_and_bad_ones_reported() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub/deeper")).unwrap();
        std::fs::create_dir_all(d.join("skipped")).unwrap();
        std::fs::write(d.join(".gitignore"), "skipped/\n").unwrap();
        std::fs::write(d.join("a.txt"), "\n  The Title  \nbody").unwrap();
        std::fs::write(d.join("a.txt.annotty.toml"), sidecar("a.txt", "The")).unwrap();
        std::fs::write(
            d.join("sub/deeper/b.txt.annotty.toml"),
            sidecar("b.txt", "bee"),
        )
        .unwrap();
        std::fs::write(
            d.join("skipped/c.txt.annotty.toml"),
            sidecar("c.txt", "sea"),
        )
        .unwrap();
        let bad = "[document\nbroken";
        std::fs::write(d.join("sub/bad.txt.annotty.toml"), bad).unwrap();
        // A loop of links is walked once.
        std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
        // A link that leads nowhere is named with why.
        std::os::unix::fs::symlink(d.join("gone"), d.join("dangling")).unwrap();
        let batches = run(&[d.to_path_buf()], None);
        assert!(batches.last().unwrap().done);
        let mut read: Vec<_> = batches.iter().flat_map(|b| b.read.clone()).collect();
        read.sort_by(|a, b| a.0.file.cmp(&b.0.file));
        let files: Vec<_> = read.iter().map(|(s, _)| s.file.as_str()).collect();
        assert_eq!(files, ["a.txt", "b.txt"]);
        assert_eq!(read[0].0.title, "The Title");
        assert_eq!(
            read[0].0.article.as_deref(),
            Some(d.join("a.txt").as_path())
        );
        assert_eq!(read[1].0.title, "b.txt", "no article: its file name");
        assert_eq!(read[1].0.article, None);
        let mut unreadable: Vec<_> = batches.iter().flat_map(|b| b.unreadable.clone()).collect();
        unreadable.sort();
        assert_eq!(unreadable.len(), 2, "{unreadable:?}");
        assert_eq!(
            unreadable[0],
            format!(
                "{}: No such file or directory",
                d.join("dangling").display()
            )
        );
        assert!(unreadable[1].contains("bad.txt.annotty.toml"));
        assert_eq!(
            std::fs::read_to_string(d.join("sub/bad.txt.annotty.toml")).unwrap(),
            bad
        );
    }

    #[test]
    fn the_data_directorys_sidecars_come_too() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(data.join("sidecars")).unwrap();
        std::fs::write(
            data.join("sidecars/abc.annotty.toml"),
            sidecar("kept.txt", "x"),
        )
        .unwrap();
        let empty = dir.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        // And the snapshots of the default library, `articles/`.
        std::fs::create_dir_all(data.join("articles")).unwrap();
        std::fs::write(data.join("articles/page.md"), "# A page\n").unwrap();
        std::fs::write(
            data.join("articles/page.md.annotty.toml"),
            sidecar("page.md", "y"),
        )
        .unwrap();
        let files = |dirs: &[PathBuf]| {
            let mut files: Vec<String> = run(dirs, Some(&data))
                .iter()
                .flat_map(|b| b.read.clone())
                .map(|(source, _)| source.file.clone())
                .collect();
            files.sort();
            files
        };
        assert_eq!(files(&[empty]), ["kept.txt", "page.md"]);
        // Asked for the library itself (or a part of it): read once.
        assert_eq!(files(&[data.join("articles")]), ["kept.txt", "page.md"]);
        assert_eq!(files(std::slice::from_ref(&data)), ["kept.txt", "page.md"]);
    }
}
