//! The open article's notes in the reader: a thin adapter over
//! [`crate::notebook`], which decides where they are kept, reads, places
//! and saves them. Here: what runs where — reading and placing them on a
//! worker ([`Opening::read`]), taking them into the app on the UI thread
//! ([`Opened::finish`], merged with what was made meanwhile), saving on the
//! sidecar's own thread ([`Saver`]), rechecking every few seconds for
//! another annotty's saves — and the one place the notebook's report
//! becomes a [`Notice`].

pub use super::saver::SaveDone;
use super::saver::Saver;
use crate::annotation::{self, Annotation};
use crate::app::{App, Notice, Placed};
use crate::document::Bytes;
use crate::notebook::{self, Article, Located, Notebook, Places, ReadOnly, Report};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the sidecar is checked for changes made by another process.
const RECHECK: Duration = Duration::from_secs(2);

/// Sidecar files larger than this many bytes are read off the UI thread.
pub const READ_IN_BACKGROUND: u64 = 1 << 20;

/// How notes were placed, as the status row counts them.
fn placed(summary: &crate::anchor::Summary) -> Placed {
    Placed {
        moved: summary.moved,
        fuzzy: summary.fuzzy,
        orphaned: summary.orphaned,
    }
}

/// What opening the notes found that is worth saying, the most pressing
/// first (a sidecar that could not be read is said by
/// [`App::load_annotations`]).
pub fn notice(report: &Report) -> Option<Notice> {
    let shown = crate::source::short;
    if let Some(ReadOnly::NoPlace) = report.readonly {
        return Some(Notice::NowhereToKeep);
    }
    if let Some(c) = &report.came_in {
        return Some(Notice::CameIn {
            count: c.count,
            copies: c.copies.len(),
            unsaved: c.unsaved.clone(),
            left: c.left.first().cloned(),
        });
    }
    if let Some(offer) = &report.offer {
        return Some(Notice::ImportOffer {
            count: offer.count,
            at: shown(&offer.path),
        });
    }
    if let Some(summary) = &report.placed {
        return Some(Notice::Placed(placed(summary)));
    }
    (report.kept == notebook::Kept::ReadOnlyFolder)
        .then(|| Notice::KeptElsewhere(shown(&report.sidecar)))
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

/// The open article's notes, located but not read yet: [`Opening::read`]
/// reads and places them, on a worker thread when [`Opening::slow`].
pub struct Opening {
    located: Located,
    bytes: Arc<Bytes>,
}

impl Opening {
    /// True when reading them may take long: a large sidecar file, or a
    /// large article (placing notes on a changed text decodes all of it).
    pub fn slow(&self) -> bool {
        self.bytes.len() > super::workers::SCAN_INLINE
            || std::fs::metadata(self.located.store.path())
                .is_ok_and(|m| m.len() > READ_IN_BACKGROUND)
    }

    /// True when the sidecar's file exists (there are notes to load).
    pub fn has_file(&self) -> bool {
        self.located.store.path().exists()
    }

    /// Read the sidecar and place its notes on the article's text. No app
    /// needed: runs on a worker thread.
    pub fn read(self) -> Opened {
        Opened(notebook::open(
            self.located,
            &self.bytes,
            crate::annotation::now_millis(),
        ))
    }
}

/// The notes read from the open article's sidecar and placed on its text
/// (everything but what needs the app): see [`Opened::finish`].
pub struct Opened(notebook::Opened);

impl Opened {
    /// Load the notes into `app`, merged with what was made before they
    /// came; save when that changed anything; say what the report says.
    /// `saved` hears of every save of the sidecar (see [`Sidecar::saved`]).
    pub fn finish(
        self,
        app: &mut App,
        saved: impl Fn(SaveDone) + Send + Sync + 'static,
    ) -> Sidecar {
        let notebook::Opened {
            notebook,
            annotations,
            report,
            changed,
            existed,
            bookmarks,
        } = self.0;
        app.load_bookmarks(bookmarks);
        app.withdraw(&Notice::Loading);
        let notebook = Arc::new(notebook);
        let mut sidecar = Sidecar {
            saver: None,
            tell: None,
            notebook: notebook.clone(),
            checked: Instant::now(),
        };
        let made_before = made_before(app);
        if let Some(ReadOnly::Unreadable(e)) = &report.readonly {
            app.load_annotations(made_before, Some(e.clone()));
            return sidecar;
        }
        if notebook.readonly().is_none() {
            sidecar.saver = Some(Saver::start(notebook.clone(), saved));
        }
        let all = if made_before.is_empty() {
            annotations
        } else {
            annotation::merge(&annotations, &made_before)
        };
        app.load_annotations(all, None);
        let saving = changed || !made_before.is_empty();
        if saving {
            sidecar.save(app);
        }
        if existed && !saving {
            // While no save runs: the saving thread notes it after each
            // save (one writer of the index).
            notebook.remember();
        }
        app.import_offer = report.offer.as_ref().map(|o| o.path.clone());
        if let Some(n) = notice(&report) {
            app.notify(n);
        }
        sidecar
    }
}

/// The sidecar of the open article.
pub struct Sidecar {
    notebook: Arc<Notebook>,
    checked: Instant,
    /// Writes the file, off the UI thread; `None` when it is never
    /// written (read-only, or it could not be read).
    saver: Option<Saver>,
    /// `:w` asked to be told when the save with this number is done.
    tell: Option<u64>,
}

impl Sidecar {
    /// Where the article came from, as the sidecar recorded it
    /// (`[document] origin`) when it was read.
    pub fn origin(&self) -> Option<&str> {
        self.notebook.doc().origin.as_deref()
    }

    /// The sidecar's path.
    #[cfg(test)]
    pub fn path(&self) -> &Path {
        self.notebook.path()
    }

    /// Locate the notes of `article`, whose text is `bytes`; `None` when
    /// there is nowhere to keep them (standard input without a data
    /// directory). [`Opening::read`] then reads them.
    pub fn start(article: &Article, bytes: Arc<Bytes>, place: &Places) -> Option<Opening> {
        let located = notebook::locate(article, place)?;
        Some(Opening { located, bytes })
    }

    /// `i`: merge the annotations of the sidecar at `path` into this one
    /// (placing them on this text first when it differs from theirs).
    pub fn import(&mut self, app: &mut App, path: &Path) {
        let Some(bytes) = app.reader.as_ref().map(|r| r.doc.bytes.clone()) else {
            return;
        };
        let taken = match self
            .notebook
            .take_in(path, &bytes, crate::annotation::now_millis())
        {
            Ok(t) => t,
            Err(e) => return app.error(e),
        };
        let Some(r) = &app.reader else { return };
        let all = annotation::merge(&r.annotations.all(), &taken.annotations);
        app.load_annotations(all, None);
        self.save(app);
        app.notify(Notice::Imported {
            count: taken.count,
            from: crate::source::short(path),
            placed: taken.placed.as_ref().map(placed),
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

    /// `m` + an uppercase letter: save the bookmark in the sidecar now
    /// (a rare, small change: on this thread, merged with the file).
    pub fn save_bookmark(&mut self, app: &mut App, bookmark: crate::bookmark::Bookmark) {
        match self.notebook.save_bookmarks(&[bookmark]) {
            Ok(Some(on_disk)) => app.load_bookmarks(on_disk),
            Ok(None) => app.error("bookmark not saved: the annotations are read-only"),
            Err(e) => app.error(format!("bookmark not saved: {e}")),
        }
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
        let Some(theirs) = self.notebook.recheck() else {
            return false;
        };
        let Some(r) = &app.reader else { return false };
        let merged: Vec<Annotation> = annotation::merge(&r.annotations.all(), &theirs);
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
    use crate::store::{DocInfo, Store};
    use crate::test_support::press;
    use std::path::PathBuf;

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
            origin: None,
            about: Default::default(),
        };
        Store::beside(&path).save(&doc, annotations).unwrap();
        (dir, path, doc)
    }

    /// The article of `article_with_sidecar`, as the reader names it.
    fn article(path: &Path, doc: &DocInfo) -> Article {
        Article {
            path: Some(path.to_path_buf()),
            name: doc.file.clone(),
            hash: doc.hash.clone(),
            chars: doc.chars,
            encoding: None,
        }
    }

    /// A large article's annotations load once its scan is done; a
    /// highlight made before that was dropped by the load.
    #[test]
    fn highlights_made_before_the_sidecar_opens_are_kept_and_saved() {
        // Already on disk: one annotation.
        let old = crate::test_support::annotation("old", TEXT, 17, 22);
        let (_dir, path, doc) = article_with_sidecar(&[old]);
        let text = TEXT;

        let mut app = App::new(Keymap::default(), Settings::default(), (60, 10));
        app.open(Document::from_text("a.txt", text));
        app.tick(1_000, 7);
        press(&mut app, "v e Enter");
        let place = Places::default();
        let bytes = app.reader.as_ref().unwrap().doc.bytes.clone();
        let opening = Sidecar::start(&article(&path, &doc), bytes, &place);
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
        let text = TEXT;
        let size = std::fs::metadata(Store::beside(&path).path())
            .unwrap()
            .len();
        assert!(size > READ_IN_BACKGROUND, "{size}");

        let mut app = App::new(Keymap::default(), Settings::default(), (60, 10));
        app.open(Document::from_text("a.txt", text));
        app.tick(1_000, 7);
        let place = Places::default();
        let bytes = app.reader.as_ref().unwrap().doc.bytes.clone();
        let opening = Sidecar::start(&article(&path, &doc), bytes, &place);
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
        let opening = Sidecar::start(&article(&path, &doc), bytes, &Places::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let mut sc = opening.unwrap().read().finish(&mut app, move |d| {
            let _ = tx.send(d);
        });
        // Five highlights of different spans (the same span again only
        // focuses the first), each saved as soon as it is made.
        for (i, word) in ["w", "w w", "w w w", "w w w w", "e"].iter().enumerate() {
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

    /// The report in words: what is worth saying, the most pressing first.
    #[test]
    fn the_report_as_notices() {
        use crate::anchor::Summary;
        use crate::notebook::{Kept, Offer};
        let plain = Report {
            sidecar: PathBuf::from("/d/sidecars/h.annotty.toml"),
            kept: Kept::Beside,
            placed: None,
            offer: None,
            readonly: None,
            came_in: None,
        };
        assert_eq!(notice(&plain), None, "beside the article: nothing to say");
        let folder = Report {
            kept: Kept::ReadOnlyFolder,
            ..plain.clone()
        };
        assert_eq!(
            notice(&folder).map(|n| n.to_string()).as_deref(),
            Some("the article's folder is read-only: notes are kept in /d/sidecars/h.annotty.toml")
        );
        let placed = Report {
            placed: Some(Summary {
                moved: 3,
                fuzzy: 1,
                orphaned: 2,
            }),
            ..folder.clone()
        };
        assert_eq!(
            notice(&placed).map(|n| n.to_string()).as_deref(),
            Some(
                "the article changed: 3 moved, 1 approximate (Enter on one confirms it), \
                 2 orphaned — Tab to review"
            )
        );
        let offered = Report {
            offer: Some(Offer {
                path: PathBuf::from("/old/a.txt.annotty.toml"),
                count: 4,
            }),
            ..plain.clone()
        };
        assert_eq!(
            notice(&offered).map(|n| n.to_string()).as_deref(),
            Some(
                "found 4 annotations for this text at /old/a.txt.annotty.toml — i imports, Esc dismisses"
            )
        );
        let synced = Report {
            came_in: Some(crate::notebook::CameIn {
                count: 3,
                copies: vec![PathBuf::from(
                    "/d/a.txt.annotty.sync-conflict-20261204-101010-AB.toml",
                )],
                unsaved: None,
                left: Vec::new(),
            }),
            ..placed.clone()
        };
        assert_eq!(
            notice(&synced).map(|n| n.to_string()).as_deref(),
            Some("3 notes came in from a sync conflict copy (merged; removed)")
        );
        // A copy that is not a sidecar is said, with or without others.
        let broken = "conflict copy a.txt.annotty.sync-conflict-20261204-111111-X.toml is not \
            a readable sidecar: left in place";
        let mut with_broken = synced.clone();
        with_broken.came_in.as_mut().unwrap().left = vec![broken.to_string()];
        assert_eq!(
            notice(&with_broken).map(|n| n.to_string()),
            Some(format!(
                "3 notes came in from a sync conflict copy (merged; removed); {broken}"
            ))
        );
        with_broken.came_in.as_mut().unwrap().copies.clear();
        assert_eq!(
            notice(&with_broken).map(|n| n.to_string()),
            Some(broken.to_string())
        );
        let nowhere = Report {
            readonly: Some(ReadOnly::NoPlace),
            ..offered
        };
        assert!(
            notice(&nowhere)
                .unwrap()
                .to_string()
                .contains("notes are not saved")
        );
    }
}
