//! The open article's notes in the reader: a thin adapter over
//! [`crate::notebook`], which decides where they are kept, reads, places
//! and saves them. Here: merging them with what the reader holds, reading
//! a large sidecar (and placing its notes) off the UI thread, rechecking
//! every few seconds for another annotty's saves, and the one place the
//! notebook's report becomes the status row's words.

use crate::annotation::{self, Annotation};
use crate::app::App;
use crate::notebook::{self, Article, Notebook, Opened, Places, ReadOnly, Report};
use std::path::Path;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// How often the sidecar is checked for changes made by another process.
const RECHECK: Duration = Duration::from_secs(2);

/// What the status row says while a large sidecar is read.
const LOADING: &str = "loading the annotations…";

/// Sidecar files larger than this many bytes are read off the UI thread.
pub const READ_IN_BACKGROUND: u64 = 1 << 20;

fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// What placing notes again did, in words ("3 moved, 1 orphaned — Tab to
/// review").
fn placed_text(summary: &crate::anchor::Summary) -> String {
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

/// The status row's words for what opening the notes found, if anything
/// is worth saying (a sidecar that could not be read is said by
/// [`App::load_annotations`]).
pub fn message(report: &Report) -> Option<String> {
    if let Some(ReadOnly::NoPlace) = report.readonly {
        return Some(
            "the article's folder is read-only and there is no data directory: notes are not saved"
                .into(),
        );
    }
    if let Some(offer) = &report.offer {
        let shown = crate::source::shown(&offer.path);
        return Some(format!(
            "found {} annotations for this text at {shown} — press i to import",
            offer.count
        ));
    }
    if let Some(summary) = &report.placed {
        return Some(placed_text(summary));
    }
    (report.kept == notebook::Kept::ReadOnlyFolder).then(|| {
        format!(
            "the article's folder is read-only: notes are kept in {}",
            crate::source::shown(&report.sidecar)
        )
    })
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

/// The sidecar of the open article.
pub struct Sidecar {
    notebook: Notebook,
    checked: Instant,
}

/// A sidecar opened at once, or one whose file is still being read.
// Made once per opened article and taken apart at once: its size is moot.
#[allow(clippy::large_enum_variant)]
pub enum Opening {
    Ready(Sidecar),
    Loading(Loading),
}

/// A sidecar whose (large) file a background thread is reading and whose
/// notes it places. Annotations made meanwhile are merged with it when it
/// arrives, never dropped.
pub struct Loading {
    /// What to open again if the thread goes away without an answer.
    opening: Box<(Article, Places)>,
    answer: Receiver<Opened>,
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
    fn arrived(self, app: &mut App, answer: Option<Opened>) -> Sidecar {
        if app.message.as_deref() == Some(LOADING) {
            app.message = None;
        }
        let opened = match answer {
            Some(o) => o,
            None => {
                let (article, place) = &*self.opening;
                let located =
                    notebook::locate(article, place).expect("located once, so there is a place");
                open_here(app, located)
            }
        };
        finish(app, opened)
    }
}

/// Open `located` on the UI thread, on the open article's bytes.
fn open_here(app: &App, located: notebook::Located) -> Opened {
    let bytes = app.reader.as_ref().map(|r| r.doc.bytes.clone());
    notebook::open(located, bytes.as_deref().map_or(&[], |b| b), now_millis())
}

/// Take what was opened into `app`, merged with what was made before;
/// save when that changed anything; say what the report says.
fn finish(app: &mut App, opened: Opened) -> Sidecar {
    let Opened {
        notebook,
        annotations,
        report,
        changed,
        existed,
    } = opened;
    let sidecar = Sidecar {
        notebook,
        checked: Instant::now(),
    };
    let made_before = made_before(app);
    if let Some(ReadOnly::Unreadable(e)) = &report.readonly {
        app.load_annotations(made_before, Some(e.clone()));
        return sidecar;
    }
    let all = annotation::merge(&annotations, &made_before);
    app.load_annotations(all, None);
    if changed || !made_before.is_empty() {
        sidecar.save(app);
    }
    if existed {
        sidecar.notebook.remember();
    }
    app.import_offer = report.offer.as_ref().map(|o| o.path.clone());
    if let Some(m) = message(&report) {
        app.error(m);
    }
    sidecar
}

impl Sidecar {
    /// The sidecar's path.
    #[cfg(test)]
    pub fn path(&self) -> &Path {
        self.notebook.path()
    }

    /// Choose the sidecar for an article (at `path`, if it is a file) with
    /// content hash `hash`, load it into `app`, and say where it is when it
    /// is not beside the article. A large sidecar file (over
    /// [`READ_IN_BACKGROUND`] bytes) is read, and its notes placed, by a
    /// background thread, so the keys keep working meanwhile; see
    /// [`Loading`]. `None`: there is no place for notes (standard input
    /// without a data directory).
    pub fn start(
        app: &mut App,
        path: Option<&Path>,
        name: &str,
        hash: &str,
        chars: u64,
        place: &Places,
    ) -> Option<Opening> {
        let article = Article {
            path: path.map(Path::to_path_buf),
            name: name.to_string(),
            hash: hash.to_string(),
            chars,
            encoding: app.reader.as_ref().and_then(|r| r.doc.encoding_name()),
        };
        let located = notebook::locate(&article, place)?;
        let large =
            std::fs::metadata(located.store.path()).is_ok_and(|m| m.len() > READ_IN_BACKGROUND);
        let bytes = app.reader.as_ref().map(|r| r.doc.bytes.clone());
        let located = match bytes {
            Some(bytes) if large => {
                let (tx, rx) = std::sync::mpsc::channel();
                let reader = std::thread::Builder::new()
                    .name("sidecar".into())
                    .spawn(move || {
                        let _ = tx.send(notebook::open(located, &bytes, now_millis()));
                    });
                if reader.is_ok() {
                    app.error(LOADING);
                    return Some(Opening::Loading(Loading {
                        opening: Box::new((article, place.clone())),
                        answer: rx,
                    }));
                }
                // Without a thread, it is read here after all.
                notebook::locate(&article, place)?
            }
            _ => located,
        };
        let opened = open_here(app, located);
        Some(Opening::Ready(finish(app, opened)))
    }

    /// `i`: merge the annotations of the sidecar at `path` into this one
    /// (placing them on this text first when it differs from theirs).
    pub fn import(&mut self, app: &mut App, path: &Path) {
        let Some(bytes) = app.reader.as_ref().map(|r| r.doc.bytes.clone()) else {
            return;
        };
        let taken = match self.notebook.take_in(path, &bytes, now_millis()) {
            Ok(t) => t,
            Err(e) => return app.error(e),
        };
        let Some(r) = &app.reader else { return };
        let all = annotation::merge(&r.annotations.all(), &taken.annotations);
        app.load_annotations(all, None);
        self.save(app);
        let placed = taken
            .placed
            .map(|s| format!(" — {}", placed_text(&s)))
            .unwrap_or_default();
        app.error(format!(
            "imported {} annotations from {}{placed}",
            taken.count,
            crate::source::shown(path)
        ));
    }

    /// Save what the app holds; show an error and keep the change in
    /// memory (it goes out with the next save) when it fails.
    pub fn save(&self, app: &mut App) {
        let Some(r) = &app.reader else { return };
        match self.notebook.save(&r.annotations.all()) {
            Ok(Some(on_disk)) => app.saved(on_disk),
            Ok(None) => {}
            Err(e) => app.error(format!("not saved (will retry with the next change): {e}")),
        }
    }

    /// Every few seconds: take in what another annotty saved.
    pub fn recheck(&mut self, app: &mut App) -> bool {
        if self.checked.elapsed() < RECHECK {
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
        let place = Places::default();
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
            let place = Places::default();
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
            assert!(sc.notebook.readonly().is_none());
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

    /// The report in words: what is worth saying, the most pressing first.
    #[test]
    fn the_report_in_words() {
        use crate::anchor::Summary;
        use crate::notebook::{Kept, Offer};
        let plain = Report {
            sidecar: PathBuf::from("/d/sidecars/h.annotty.toml"),
            kept: Kept::Beside,
            placed: None,
            offer: None,
            readonly: None,
        };
        assert_eq!(message(&plain), None, "beside the article: nothing to say");
        let folder = Report {
            kept: Kept::ReadOnlyFolder,
            ..plain.clone()
        };
        assert_eq!(
            message(&folder).as_deref(),
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
            message(&placed).as_deref(),
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
            message(&offered).as_deref(),
            Some(
                "found 4 annotations for this text at /old/a.txt.annotty.toml — press i to import"
            )
        );
        let nowhere = Report {
            readonly: Some(ReadOnly::NoPlace),
            ..offered
        };
        assert!(message(&nowhere).unwrap().contains("notes are not saved"));
    }
}
