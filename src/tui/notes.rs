//! Where the open article's annotations live and how they get there: the
//! sidecar chosen for it (beside the article, in `--store DIR`, or in the
//! data directory), loading, saving after every change, and noticing when
//! another annotty changed the file.

use crate::annotation::{self, Annotation};
use crate::app::App;
use crate::store::{DocInfo, LoadError, Store};

/// Place `all` (those not deleted) on the open article's current text;
/// returns the status message ("3 moved, 1 orphaned — Tab to review").
fn reanchor(app: &App, all: &mut [Annotation]) -> String {
    let Some(r) = &app.reader else {
        return String::new();
    };
    let text = crate::text::decode(r.doc.bytes(), 0..r.doc.len());
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
    let mut parts = vec![format!("the article changed: {} moved", summary.moved)];
    if summary.fuzzy > 0 {
        parts.push(format!(
            "{} approximate (Enter on one confirms it)",
            summary.fuzzy
        ));
    }
    if summary.orphaned > 0 {
        parts.push(format!("{} orphaned", summary.orphaned));
    }
    format!("{} — Tab to review", parts.join(", "))
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
fn offer_import(place: &Placement, hash: &str, ours: &Path) -> Option<(PathBuf, String)> {
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
        let shown = crate::source::shown(&found);
        (
            found,
            format!("found {n} annotations for this text at {shown} — press i to import"),
        )
    })
}
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// How often the sidecar is checked for changes made by another process.
const RECHECK: Duration = Duration::from_secs(2);

/// The sidecar of the open article.
pub struct Sidecar {
    store: Store,
    doc: DocInfo,
    checked: Instant,
    /// True when the file could not be read: never write it then.
    readonly: bool,
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

/// What the status row says while a large sidecar is read.
const LOADING: &str = "loading the annotations…";

/// Sidecar files larger than this many bytes are read off the UI thread.
pub const READ_IN_BACKGROUND: u64 = 1 << 20;

/// A sidecar opened at once, or one whose file is still being read.
// Made once per opened article and taken apart at once: its size is moot.
#[allow(clippy::large_enum_variant)]
pub enum Opening {
    Ready(Sidecar),
    Loading(Loading),
}

/// What a background read of a sidecar sends back: what it found, and the
/// store it read through (which remembers the bytes, so the next save need
/// not parse them again).
type Loaded = (Result<Option<crate::store::Sidecar>, LoadError>, Store);

/// A sidecar whose (large) file a background thread is reading. Annotations
/// made meanwhile are merged with it when it arrives, never dropped.
pub struct Loading {
    chosen: Box<Chosen>,
    place: Placement,
    answer: Receiver<Loaded>,
}

impl Loading {
    /// The sidecar, loaded into `app`, once the background read is done;
    /// else `self` back.
    pub fn poll(self, app: &mut App) -> Result<Sidecar, Loading> {
        match self.answer.try_recv() {
            Err(TryRecvError::Empty) => Err(self),
            answer => Ok(self.arrived(app, answer.ok())),
        }
    }

    /// Wait for the background read (annotty is quitting with annotations
    /// that are not saved yet).
    pub fn wait(self, app: &mut App) -> Sidecar {
        let answer = self.answer.recv().ok();
        self.arrived(app, answer)
    }

    /// Load what the thread read (`None`: it is gone without an answer, so
    /// read the file here).
    fn arrived(self, app: &mut App, answer: Option<Loaded>) -> Sidecar {
        if app.message.as_deref() == Some(LOADING) {
            app.message = None;
        }
        let mut chosen = *self.chosen;
        let loaded = match answer {
            Some((loaded, store)) => {
                chosen.store = store;
                loaded
            }
            None => chosen.store.load(),
        };
        chosen.finish(app, loaded, &self.place)
    }
}

/// A sidecar chosen for the open article, before its file is read.
struct Chosen {
    store: Store,
    doc: DocInfo,
    data_dir: Option<PathBuf>,
    /// Where the notes are kept, when that is not beside the article.
    note: Option<String>,
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
                    note = Some(format!(
                        "the article's folder is read-only: notes are kept in {}",
                        crate::source::shown(s.path())
                    ));
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
                encoding: None,
            },
            data_dir: place.data_dir.clone(),
            note,
            found_beside,
        })
    }

    /// Load what was read (`loaded`) into `app`, merged with what was found
    /// beside a read-only article and what was made before, re-anchored if
    /// the article changed since; save when that changed anything.
    fn finish(
        self,
        app: &mut App,
        loaded: Result<Option<crate::store::Sidecar>, LoadError>,
        place: &Placement,
    ) -> Sidecar {
        let Chosen {
            store,
            doc,
            data_dir,
            mut note,
            found_beside,
        } = self;
        let hash = doc.hash.clone();
        let mut sidecar = Sidecar {
            store,
            doc,
            checked: Instant::now(),
            readonly: false,
            data_dir,
        };
        let made_before = made_before(app);
        match loaded {
            Ok(found) => {
                let existed = found.is_some();
                let (all, old_hash) = match found {
                    Some(s) => (s.annotations, Some(s.document.hash)),
                    None => (Vec::new(), None),
                };
                let mut all = annotation::merge(&all, &found_beside);
                let changed = old_hash.is_some_and(|h| h != hash) && !all.is_empty();
                if changed {
                    note = Some(reanchor(app, &mut all));
                }
                let all = annotation::merge(&all, &made_before);
                app.load_annotations(all, None);
                if changed || !made_before.is_empty() {
                    sidecar.save(app);
                }
                if existed {
                    sidecar.remember();
                } else if let Some(offer) = offer_import(place, &hash, sidecar.store.path()) {
                    note = Some(offer.1);
                    app.import_offer = Some(offer.0);
                }
            }
            Err(e) => {
                sidecar.readonly = true;
                app.load_annotations(made_before, Some(e.to_string()));
            }
        }
        if let Some(n) = note {
            app.error(n);
        }
        sidecar
    }
}

impl Sidecar {
    /// Choose the sidecar for an article (at `path`, if it is a file) with
    /// content hash `hash`, load it into `app`, and say where it is when it
    /// is not beside the article. A large sidecar file (over
    /// [`READ_IN_BACKGROUND`] bytes) is read and parsed by a background
    /// thread, so the keys keep working meanwhile; see [`Loading`].
    pub fn start(
        app: &mut App,
        path: Option<&Path>,
        name: &str,
        hash: &str,
        chars: u64,
        place: &Placement,
    ) -> Option<Opening> {
        let mut chosen = Chosen::new(path, name, hash, chars, place)?;
        chosen.doc.encoding = app.reader.as_ref().and_then(|r| r.doc.encoding_name());
        let large =
            std::fs::metadata(chosen.store.path()).is_ok_and(|m| m.len() > READ_IN_BACKGROUND);
        if large {
            let (tx, rx) = std::sync::mpsc::channel();
            let store = chosen.store.clone();
            let reader = std::thread::Builder::new()
                .name("sidecar".into())
                .spawn(move || {
                    // Loaded through its own handle; the cache of what was
                    // read is handed back with it.
                    let _ = tx.send((store.load(), store));
                });
            // Without a thread, it is read here after all.
            if reader.is_ok() {
                app.error(LOADING);
                return Some(Opening::Loading(Loading {
                    chosen: Box::new(chosen),
                    place: place.clone(),
                    answer: rx,
                }));
            }
        }
        let loaded = chosen.store.load();
        Some(Opening::Ready(chosen.finish(app, loaded, place)))
    }

    /// Note in the data directory that this sidecar holds the annotations
    /// of the text with content hash `hash`.
    fn remember(&self) {
        let hash = &self.doc.hash;
        if let Some(dir) = &self.data_dir {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            // The index only helps find annotations again; losing it loses none.
            let _ = crate::sidecar_index::record(dir, hash, self.store.path(), now);
        }
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
        let placed = if their_hash != self.doc.hash {
            format!(" — {}", reanchor(app, &mut theirs))
        } else {
            String::new()
        };
        let Some(r) = &app.reader else { return };
        let all = annotation::merge(&r.annotations.all(), &theirs);
        app.load_annotations(all, None);
        self.save(app);
        app.error(format!(
            "imported {count} annotations from {}{placed}",
            crate::source::shown(path)
        ));
    }

    /// Save what the app holds; show an error and keep the change in
    /// memory (it goes out with the next save) when it fails.
    pub fn save(&mut self, app: &mut App) {
        if self.readonly {
            return;
        }
        let Some(r) = &app.reader else { return };
        let all = r.annotations.all();
        match self.store.save(&self.doc, &all) {
            Ok(on_disk) => {
                app.saved(on_disk);
                self.remember();
            }
            Err(e) => app.error(format!("not saved (will retry with the next change): {e}")),
        }
    }

    /// Every few seconds: take in what another annotty saved.
    pub fn recheck(&mut self, app: &mut App) -> bool {
        if self.checked.elapsed() < RECHECK {
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
            encoding: None,
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
        let sc = Sidecar::start(&mut app, Some(&path), "a.txt", &hash, doc.chars, &place);
        assert!(
            matches!(sc, Some(Opening::Ready(_))),
            "a small sidecar loads at once"
        );
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

    /// A sidecar of several megabytes is read by a background thread: the
    /// app keeps working (a highlight is made meanwhile) and nothing is
    /// lost when it arrives, or when annotty quits before it does.
    #[test]
    fn a_large_sidecar_loads_in_the_background_and_keeps_what_was_made_meanwhile() {
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

        for quit_first in [false, true] {
            let mut app = App::new(Keymap::default(), Settings::default(), (60, 10));
            app.open(Document::from_text("a.txt", text));
            app.tick(1_000 + u64::from(quit_first), 7);
            let place = Placement::default();
            let opening = Sidecar::start(&mut app, Some(&path), "a.txt", &hash, doc.chars, &place);
            let Some(Opening::Loading(mut loading)) = opening else {
                panic!("a large sidecar is read in the background");
            };
            assert_eq!(app.message.as_deref(), Some(LOADING));
            press(&mut app, "v e Enter");
            let sc = if quit_first {
                loading.wait(&mut app)
            } else {
                loop {
                    match loading.poll(&mut app) {
                        Ok(sc) => break sc,
                        Err(l) => loading = l,
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
            };
            assert!(!sc.readonly);
            let in_app = app.reader.as_ref().unwrap().annotations.all();
            assert!(in_app.iter().any(|a| a.quote == "alpha"));
            assert!(in_app.len() > 2_000, "{}", in_app.len());
            assert_ne!(app.message.as_deref(), Some(LOADING));
            let on_disk = Store::beside(&path).load().unwrap().unwrap().annotations;
            let alphas = on_disk.iter().filter(|a| a.quote == "alpha").count();
            assert_eq!(alphas, 1 + usize::from(quit_first), "saved with the rest");
            assert_eq!(on_disk.len(), 2_001 + usize::from(quit_first));
        }
    }
}
