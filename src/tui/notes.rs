//! Where the open article's annotations live and how they get there: the
//! sidecar chosen for it (beside the article, in `--store DIR`, or in the
//! data directory), loading, saving after every change, and noticing when
//! another annotty changed the file.

pub use super::saver::SaveDone;
use super::saver::Saver;
use crate::annotation::{self, Annotation};
use crate::app::{App, Notice, Placed};
use crate::document::Bytes;
use crate::store::{DocInfo, LoadError, Store};
use std::sync::Arc;

/// Place `all` (those not deleted) on the article `bytes` (its current
/// text); returns how they were placed.
fn reanchor(bytes: &[u8], all: &mut [Annotation]) -> Placed {
    let text = crate::text::decode(bytes, 0..bytes.len());
    let live: Vec<usize> = (0..all.len()).filter(|&i| all[i].is_live()).collect();
    let mut subset: Vec<Annotation> = live.iter().map(|&i| all[i].clone()).collect();
    let placed = crate::anchor::reanchor(&text, &subset);
    let summary = crate::anchor::apply(&mut subset, &placed);
    // What moved is a change like any other: its new time makes it win
    // when the sidecar on disk (with the old places) is merged in.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    for (&i, mut a) in live.iter().zip(subset) {
        if a != all[i] {
            a.updated = crate::annotation::rfc3339(now).max(a.updated.clone());
        }
        all[i] = a;
    }
    Placed {
        moved: summary.moved,
        fuzzy: summary.fuzzy,
        orphaned: summary.orphaned,
    }
}

/// Annotations made on the open article before its sidecar was opened
/// (a large article's scan, which yields the content hash, still running):
/// they are merged with the sidecar's, never dropped.
pub fn made_before(app: &App) -> Vec<Annotation> {
    app.reader
        .as_ref()
        .map(|r| r.annotations.all())
        .unwrap_or_default()
}

/// A sidecar found elsewhere for this text (a moved or copied article):
/// its path and the offer to show.
fn offer_import(place: &Placement, hash: &str, ours: &Path) -> Option<(PathBuf, Notice)> {
    let found = crate::sidecar_index::lookup(place.data_dir.as_ref()?, hash)?;
    if found == ours || std::fs::canonicalize(ours).is_ok_and(|o| o == found) {
        return None;
    }
    let n = Store::at(&found)
        .load()
        .ok()??
        .annotations
        .iter()
        .filter(|a| a.is_live())
        .count();
    (n > 0).then(|| {
        let at = crate::source::shown(&found);
        (found, Notice::ImportOffer { count: n, at })
    })
}
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often the sidecar is checked for changes made by another process.
const RECHECK: Duration = Duration::from_secs(2);

/// The sidecar of the open article.
pub struct Sidecar {
    store: Arc<Store>,
    doc: DocInfo,
    checked: Instant,
    /// Writes the file, off the UI thread; `None` when it could not be
    /// read: never write it then.
    saver: Option<Saver>,
    /// `:w` asked to be told when the save with this number is done.
    tell: Option<u64>,
    /// Where the index of sidecars lives (the data directory).
    data_dir: Option<PathBuf>,
}

/// Where sidecars go, from the command line.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    /// `--store DIR`.
    pub store_dir: Option<PathBuf>,
    /// The data directory (fallback for read-only directories and
    /// standard input).
    pub data_dir: Option<PathBuf>,
}

/// Sidecar files larger than this many bytes are read off the UI thread.
pub const READ_IN_BACKGROUND: u64 = 1 << 20;

/// The open article's notes, chosen but not read yet: [`Opening::read`]
/// reads and places them, on a worker thread when [`Opening::slow`].
pub struct Opening {
    chosen: Chosen,
    place: Placement,
    bytes: Arc<Bytes>,
}

impl Opening {
    /// True when reading them may take long: a large sidecar file, or a
    /// large article (placing notes on a changed text decodes all of it).
    pub fn slow(&self) -> bool {
        self.bytes.len() > super::workers::SCAN_INLINE
            || std::fs::metadata(self.chosen.store.path())
                .is_ok_and(|m| m.len() > READ_IN_BACKGROUND)
    }

    /// True when the sidecar's file exists (there are notes to load).
    pub fn has_file(&self) -> bool {
        self.chosen.store.path().exists()
    }

    /// Read the sidecar and place its notes on the article's text.
    pub fn read(self) -> Opened {
        let Opening {
            chosen,
            place,
            bytes,
        } = self;
        chosen.read(&bytes, &place)
    }
}

/// The notes read from the open article's sidecar and placed on its text
/// (everything but what needs the app): see [`Opened::finish`].
pub struct Opened {
    chosen: Chosen,
    /// The notes (merged with those found beside a read-only article),
    /// whether the file existed and whether they were placed again.
    loaded: Result<(Vec<Annotation>, bool, bool), LoadError>,
    /// A sidecar found elsewhere for this text, and the offer to show.
    offer: Option<(PathBuf, Notice)>,
}

/// A sidecar chosen for the open article, before its file is read.
struct Chosen {
    store: Store,
    doc: DocInfo,
    data_dir: Option<PathBuf>,
    /// Where the notes are kept, when that is not beside the article, or
    /// how they were placed on a changed text.
    note: Option<Notice>,
    /// Annotations in a sidecar beside a read-only article (made elsewhere).
    found_beside: Vec<Annotation>,
}

impl Chosen {
    fn new(
        path: Option<&Path>,
        name: &str,
        hash: &str,
        chars: u64,
        place: &Placement,
    ) -> Option<Chosen> {
        let mut note = None;
        let mut found_beside = Vec::new();
        let store = match (path, &place.store_dir) {
            (_, Some(dir)) => Store::in_dir(dir, name),
            (Some(p), None) => {
                let beside = Store::beside(p);
                if beside.writable() {
                    beside
                } else {
                    if let Ok(Some(s)) = beside.load() {
                        found_beside = s.annotations;
                    }
                    let data = place.data_dir.as_ref()?;
                    let s = Store::for_hash(data, hash);
                    note = Some(Notice::KeptElsewhere(crate::source::shown(s.path())));
                    s
                }
            }
            (None, None) => Store::for_hash(place.data_dir.as_ref()?, hash),
        };
        Some(Chosen {
            store,
            doc: DocInfo {
                file: name.to_string(),
                chars,
                hash: hash.to_string(),
            },
            data_dir: place.data_dir.clone(),
            note,
            found_beside,
        })
    }

    /// Read the sidecar, merge what was found beside a read-only article,
    /// and place the notes on `bytes` (the article's text) when it changed
    /// since they were saved. No app needed: runs on a worker thread.
    fn read(mut self, bytes: &[u8], place: &Placement) -> Opened {
        let hash = self.doc.hash.clone();
        let loaded = self.store.load().map(|found| {
            let existed = found.is_some();
            let (all, old_hash) = match found {
                Some(s) => (s.annotations, Some(s.document.hash)),
                None => (Vec::new(), None),
            };
            let mut all = annotation::merge(&all, &self.found_beside);
            let changed = old_hash.is_some_and(|h| h != hash) && !all.is_empty();
            if changed {
                self.note = Some(Notice::Placed(reanchor(bytes, &mut all)));
            }
            (all, existed, changed)
        });
        let offer = match &loaded {
            Ok((_, false, _)) => offer_import(place, &hash, self.store.path()),
            _ => None,
        };
        Opened {
            chosen: self,
            loaded,
            offer,
        }
    }
}

impl Opened {
    /// Load the notes into `app`, merged with what was made before they
    /// came; save when that changed anything. `saved` hears of every save
    /// of the sidecar (see [`Sidecar::saved`]).
    pub fn finish(
        self,
        app: &mut App,
        saved: impl Fn(SaveDone) + Send + Sync + 'static,
    ) -> Sidecar {
        let Opened {
            chosen,
            loaded,
            offer,
        } = self;
        let Chosen {
            store,
            doc,
            data_dir,
            mut note,
            found_beside: _,
        } = chosen;
        app.withdraw(&Notice::Loading);
        let store = Arc::new(store);
        let mut sidecar = Sidecar {
            saver: None,
            tell: None,
            store: store.clone(),
            doc: doc.clone(),
            checked: Instant::now(),
            data_dir,
        };
        let made_before = made_before(app);
        match loaded {
            Ok((all, existed, changed)) => {
                let index = (sidecar.data_dir.clone(), doc.hash.clone());
                let path = store.path().to_path_buf();
                let saved = move |done: SaveDone| {
                    if done.1.is_ok() {
                        remember(index.0.as_deref(), &index.1, &path);
                    }
                    saved(done);
                };
                sidecar.saver = Some(Saver::start(store, doc, saved));
                let all = if made_before.is_empty() {
                    all
                } else {
                    annotation::merge(&all, &made_before)
                };
                app.load_annotations(all, None);
                let saving = changed || !made_before.is_empty();
                if saving {
                    sidecar.save(app);
                }
                if existed && !saving {
                    sidecar.remember();
                } else if let Some((path, offer)) = offer {
                    note = Some(offer);
                    app.import_offer = Some(path);
                }
            }
            Err(e) => app.load_annotations(made_before, Some(e.to_string())),
        }
        if let Some(n) = note {
            app.notify(n);
        }
        sidecar
    }
}

/// Note in the data directory `dir` that the sidecar at `path` holds the
/// annotations of the text with content hash `hash`.
fn remember(dir: Option<&Path>, hash: &str, path: &Path) {
    if let Some(dir) = dir {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        // The index only helps find annotations again; losing it loses none.
        let _ = crate::sidecar_index::record(dir, hash, path, now);
    }
}

impl Sidecar {
    /// Choose the sidecar for an article (at `path`, if it is a file)
    /// whose text is `bytes`, with content hash `hash` and `chars` chars;
    /// `None` when there is nowhere to keep its notes. [`Opening::read`]
    /// then reads them.
    pub fn start(
        path: Option<&Path>,
        name: &str,
        bytes: Arc<Bytes>,
        hash: &str,
        chars: u64,
        place: &Placement,
    ) -> Option<Opening> {
        let chosen = Chosen::new(path, name, hash, chars, place)?;
        Some(Opening {
            chosen,
            place: place.clone(),
            bytes,
        })
    }

    /// Note in the data directory that this sidecar holds the annotations
    /// of its text. Only while no save runs: the saving thread notes it
    /// after each save (one writer of the index).
    fn remember(&self) {
        remember(self.data_dir.as_deref(), &self.doc.hash, self.store.path());
    }

    /// `i`: merge the annotations of the sidecar at `path` into this one
    /// (placing them on this text first when it differs from theirs).
    pub fn import(&mut self, app: &mut App, path: &Path) {
        let (theirs, their_hash) = match Store::at(path).load() {
            Ok(Some(s)) => (s.annotations, s.document.hash),
            Ok(None) => {
                return app.error(format!("{}: no longer there", crate::source::shown(path)));
            }
            Err(e) => return app.error(e.to_string()),
        };
        let count = theirs.iter().filter(|a| a.is_live()).count();
        let mut theirs = theirs;
        let Some(r) = &app.reader else { return };
        let placed = (their_hash != self.doc.hash).then(|| reanchor(r.doc.bytes(), &mut theirs));
        let all = annotation::merge(&r.annotations.all(), &theirs);
        app.load_annotations(all, None);
        self.save(app);
        app.notify(Notice::Imported {
            count,
            from: crate::source::shown(path),
            placed,
        });
    }

    /// Save what the app holds, on the saving thread: [`Sidecar::saved`]
    /// takes in the answer.
    pub fn save(&mut self, app: &App) -> Option<u64> {
        let (Some(saver), Some(r)) = (&self.saver, &app.reader) else {
            return None;
        };
        Some(saver.save(r.annotations.all()))
    }

    /// `:w`: save now, and say so once it is on disk.
    pub fn write(&mut self, app: &mut App) {
        match self.save(app) {
            Some(number) => self.tell = Some(number),
            None => app.error("not saved: the annotations are read-only"),
        }
    }

    /// A save is done: take in what the sidecar holds now (merged with
    /// what changed since the save was asked for), or show why it failed
    /// and keep the change in memory (it goes out with the next save).
    pub fn saved(&mut self, app: &mut App, (number, done): SaveDone) {
        let tell = self.tell.is_some_and(|t| number >= t);
        if tell {
            self.tell = None;
        }
        match done {
            Ok(on_disk) => {
                if tell {
                    app.notify(Notice::Saved);
                }
                // Exactly what was saved: nothing to take in.
                let Some(on_disk) = on_disk else { return };
                // The saving thread noted it in the index of sidecars.
                if let Some(r) = &app.reader {
                    let merged = annotation::merge(&r.annotations.all(), &on_disk);
                    app.saved(merged);
                }
            }
            Err(e) => app.error(format!("not saved (will retry with the next change): {e}")),
        }
    }

    /// Wait until every save asked for is on disk.
    pub fn flush(&self) {
        if let Some(saver) = &self.saver {
            saver.flush();
        }
    }

    /// Every few seconds: take in what another annotty saved (not while
    /// our own save runs).
    pub fn recheck(&mut self, app: &mut App) -> bool {
        if self.checked.elapsed() < RECHECK || self.saver.as_ref().is_some_and(Saver::busy) {
            return false;
        }
        self.checked = Instant::now();
        if !self.store.changed_elsewhere() {
            return false;
        }
        let Ok(Some(theirs)) = self.store.load() else {
            return false;
        };
        let Some(r) = &app.reader else { return false };
        let merged: Vec<Annotation> = annotation::merge(&r.annotations.all(), &theirs.annotations);
        app.saved(merged);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Settings;
    use crate::document::Document;
    use crate::keymap::Keymap;
    use crate::test_support::press;

    /// The article of these tests.
    const TEXT: &str = "alpha beta gamma delta\n";

    /// `TEXT` as `a.txt` in a new directory, with `annotations` in its
    /// sidecar: the directory (kept alive), the article's path and what the
    /// sidecar says of it.
    fn article_with_sidecar(annotations: &[Annotation]) -> (tempfile::TempDir, PathBuf, DocInfo) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, TEXT).unwrap();
        let doc = DocInfo {
            file: "a.txt".into(),
            chars: TEXT.chars().count() as u64,
            hash: crate::scan::content_hash(TEXT.as_bytes()),
        };
        Store::beside(&path).save(&doc, annotations).unwrap();
        (dir, path, doc)
    }

    /// A large article's annotations load once its scan is done; a
    /// highlight made before that was dropped by the load.
    #[test]
    fn highlights_made_before_the_sidecar_opens_are_kept_and_saved() {
        // Already on disk: one annotation.
        let old = crate::test_support::annotation("old", TEXT, 17, 22);
        let (_dir, path, doc) = article_with_sidecar(&[old]);
        let (text, hash) = (TEXT, doc.hash.clone());

        let mut app = App::new(Keymap::default(), Settings::default(), (60, 10));
        app.open(Document::from_text("a.txt", text));
        app.tick(1_000, 7);
        press(&mut app, "v e Enter");
        let place = Placement::default();
        let bytes = app.reader.as_ref().unwrap().doc.bytes.clone();
        let opening = Sidecar::start(Some(&path), "a.txt", bytes, &hash, doc.chars, &place);
        let opening = opening.expect("a sidecar beside the article");
        assert!(!opening.slow(), "a small sidecar of a small article");
        let sc = opening.read().finish(&mut app, |_| {});
        sc.flush();
        let quotes = |list: Vec<Annotation>| {
            let mut q: Vec<String> = list.into_iter().map(|a| a.quote).collect();
            q.sort();
            q
        };
        let in_app = app.reader.as_ref().unwrap().annotations.all();
        assert_eq!(quotes(in_app), ["alpha", "delta"]);
        let on_disk = Store::beside(&path).load().unwrap().unwrap().annotations;
        assert_eq!(quotes(on_disk), ["alpha", "delta"]);
    }

    /// A sidecar of several megabytes is slow to open, so it is read on
    /// another thread: the app keeps working (a highlight is made
    /// meanwhile) and nothing is lost when it arrives.
    #[test]
    fn a_large_sidecar_is_read_elsewhere_and_keeps_what_was_made_meanwhile() {
        let many: Vec<Annotation> = (0..2_000)
            .map(|i| {
                let mut a = crate::test_support::annotation(&format!("old{i:05}"), TEXT, 17, 22);
                a.note = "a long note ".repeat(60);
                a
            })
            .collect();
        let (_dir, path, doc) = article_with_sidecar(&many);
        let (text, hash) = (TEXT, doc.hash.clone());
        let size = std::fs::metadata(Store::beside(&path).path())
            .unwrap()
            .len();
        assert!(size > READ_IN_BACKGROUND, "{size}");

        let mut app = App::new(Keymap::default(), Settings::default(), (60, 10));
        app.open(Document::from_text("a.txt", text));
        app.tick(1_000, 7);
        let place = Placement::default();
        let bytes = app.reader.as_ref().unwrap().doc.bytes.clone();
        let opening = Sidecar::start(Some(&path), "a.txt", bytes, &hash, doc.chars, &place);
        let opening = opening.expect("a sidecar beside the article");
        assert!(opening.slow());
        let reading = std::thread::spawn(move || opening.read());
        press(&mut app, "v e Enter");
        let (tx, rx) = std::sync::mpsc::channel();
        let sc = reading.join().unwrap().finish(&mut app, move |d| {
            let _ = tx.send(d);
        });
        assert!(sc.saver.is_some(), "writable");
        sc.flush();
        let mut sc = sc;
        let answer = rx.try_recv().expect("the save answered");
        sc.saved(&mut app, answer);
        let in_app = app.reader.as_ref().unwrap().annotations.all();
        assert!(in_app.iter().any(|a| a.quote == "alpha"));
        assert_eq!(in_app.len(), 2_001);
        let on_disk = Store::beside(&path).load().unwrap().unwrap().annotations;
        assert_eq!(on_disk.iter().filter(|a| a.quote == "alpha").count(), 1);
        assert_eq!(on_disk.len(), 2_001);
    }

    /// Saves asked for while one runs are coalesced: the latest state is
    /// what ends up on disk, and every change of it is there.
    #[test]
    fn saves_asked_for_while_one_runs_end_with_the_latest_state() {
        let (_dir, path, doc) = article_with_sidecar(&[]);
        let mut app = App::new(Keymap::default(), Settings::default(), (60, 10));
        app.open(Document::from_text("a.txt", TEXT));
        app.tick(1_000, 7);
        let bytes = app.reader.as_ref().unwrap().doc.bytes.clone();
        let opening = Sidecar::start(
            Some(&path),
            "a.txt",
            bytes,
            &doc.hash,
            doc.chars,
            &Placement::default(),
        );
        let (tx, rx) = std::sync::mpsc::channel();
        let mut sc = opening.unwrap().read().finish(&mut app, move |d| {
            let _ = tx.send(d);
        });
        // Five highlights, each saved as soon as it is made.
        for (i, word) in ["w", "w w", "w w w", "w w w w", "$"].iter().enumerate() {
            app.tick(2_000 + i as u64, i as u64);
            press(&mut app, &format!("0 v {word} Enter"));
            sc.save(&app);
        }
        sc.flush();
        let answers: Vec<SaveDone> = rx.try_iter().collect();
        assert!(
            !answers.is_empty() && answers.len() <= 5,
            "{}",
            answers.len()
        );
        for a in answers {
            sc.saved(&mut app, a);
        }
        let in_app = app.reader.as_ref().unwrap().annotations.all();
        let on_disk = Store::beside(&path).load().unwrap().unwrap().annotations;
        assert_eq!(on_disk, in_app);
        assert_eq!(on_disk.iter().filter(|a| a.is_live()).count(), 5);
    }
}
