//! Where the open article's annotations live and how they get there: the
//! sidecar chosen for it (beside the article, in `--store DIR`, or in the
//! data directory), loading, saving after every change, and noticing when
//! another annotty changed the file.

use crate::annotation::{self, Annotation};
use crate::app::App;
use crate::store::{DocInfo, Store};
use std::path::{Path, PathBuf};
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

impl Sidecar {
    /// Choose the sidecar for an article (at `path`, if it is a file) with
    /// content hash `hash`, load it into `app`, and say where it is when it
    /// is not beside the article.
    pub fn open(
        app: &mut App,
        path: Option<&Path>,
        name: &str,
        hash: &str,
        chars: u64,
        place: &Placement,
    ) -> Option<Sidecar> {
        let mut note = None;
        // A sidecar beside a read-only article (made elsewhere) is read too.
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
        let doc = DocInfo {
            file: name.to_string(),
            chars,
            hash: hash.to_string(),
        };
        let mut sidecar = Sidecar {
            store,
            doc,
            checked: Instant::now(),
            readonly: false,
        };
        match sidecar.store.load() {
            Ok(found) => {
                let all = found.map(|s| s.annotations).unwrap_or_default();
                app.load_annotations(annotation::merge(&all, &found_beside), None);
            }
            Err(e) => {
                sidecar.readonly = true;
                app.load_annotations(Vec::new(), Some(e.to_string()));
            }
        }
        if let Some(n) = note {
            app.error(n);
        }
        Some(sidecar)
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
            Ok(on_disk) => app.saved(on_disk),
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
