//! Opening an article's notes, and the [`Notebook`] they are saved
//! through.

use super::{Located, Offer, ReadOnly, Report, place_again};
use crate::annotation::{self, Annotation};
use crate::store::{DocInfo, LoadError, SaveError, Store};
use std::path::{Path, PathBuf};

/// An article's sidecar, opened: what saves and rechecks go through.
/// `Send` and `Sync`; every method takes `&self`.
#[derive(Debug)]
pub struct Notebook {
    store: Store,
    doc: DocInfo,
    /// Set when it is never written.
    readonly: Option<ReadOnly>,
    /// Where the index of sidecars lives.
    data_dir: Option<PathBuf>,
}

/// What [`open`] read.
#[derive(Debug)]
pub struct Opened {
    pub notebook: Notebook,
    /// The notes (tombstones too), merged from every sidecar found and
    /// placed on the article's current text; sorted by id.
    pub annotations: Vec<Annotation>,
    pub report: Report,
    /// True when `annotations` differ from the sidecar's file (placed
    /// again): save them.
    pub changed: bool,
    /// True when the sidecar exists (and was read).
    pub existed: bool,
    /// Its bookmarks (`m` + an uppercase letter), placed on the article's
    /// current text like the notes.
    pub bookmarks: Vec<crate::bookmark::Bookmark>,
}

/// Read the notes of the article `located` was made for, whose raw bytes
/// are `bytes`: the sidecar, merged with the other sidecars found for it;
/// when the article changed since they were saved, placed again on its
/// text ([`place_again`], with `now_millis` as the time of the change). A
/// sidecar that cannot be read makes the notebook read-only (the reason in
/// the report) and yields no notes: it is never overwritten. With no
/// sidecar yet, the index of sidecars is asked for one holding notes of the
/// same text elsewhere (an [`Offer`]). Conflict copies of the sidecar
/// that a sync tool left beside it (Syncthing's, Dropbox's) are merged in
/// too; the merge is saved (the previous version becoming the backup) and
/// only then are the copies removed ([`Report::came_in`] says how many
/// notes came in; when the merge cannot be saved, it is kept in memory,
/// the copies stay and `unsaved` says why). Writes nothing else.
pub fn open(located: Located, bytes: &[u8], now_millis: u64) -> Opened {
    open_with(located, Some(bytes), now_millis, Store::load)
}

/// [`open`] for a caller that only reads the notes (an export): the same
/// notes and report, conflict copies merged, saved and removed as
/// [`open`] does, but the store keeps nothing of what it read for a
/// later save.
pub fn read(located: Located, bytes: &[u8], now_millis: u64) -> Opened {
    open_with(located, Some(bytes), now_millis, Store::peek)
}

/// The notes of the sidecar at `sidecar` as it holds them, for a front end
/// that lists notes without opening their articles (the notes browser):
/// what the sidecar records about its article is kept and nothing is
/// placed again, but its conflict copies are merged in, saved and removed
/// as [`open`] does (a copy made on another version of the article, whose
/// text is not at hand here, is left for the reader to place; the report
/// says so). Locks and backups go to `places.files_dir`. A sidecar that
/// cannot be read (or is gone) is an error in one line.
pub fn read_sidecar(
    sidecar: &Path,
    places: &super::Places,
    now_millis: u64,
) -> Result<Opened, String> {
    let located = Located {
        store: Store::at(sidecar).keeping_files_in(places.files_dir.as_deref()),
        kept: super::Kept::Named,
        also: Vec::new(),
        readonly: None,
        doc: DocInfo::default(),
        data_dir: None,
    };
    let opened = open_with(located, None, now_millis, Store::peek);
    match &opened.report.readonly {
        Some(ReadOnly::Unreadable(e)) => Err(e.clone()),
        _ if !opened.existed => Err(format!(
            "{}: no longer there",
            crate::source::shown(sidecar)
        )),
        _ => Ok(opened),
    }
}

/// How the sidecar is read: [`Store::load`] (remembered for a later save)
/// or [`Store::peek`].
type Load = fn(&Store) -> Result<Option<crate::store::Sidecar>, LoadError>;

/// [`open`], [`read`] and [`read_sidecar`]: `bytes` are the article's
/// (`None`: not at hand; the sidecar's own record of it is the article's).
fn open_with(located: Located, bytes: Option<&[u8]>, now_millis: u64, load: Load) -> Opened {
    let Located {
        mut store,
        kept,
        also,
        mut readonly,
        mut doc,
        data_dir,
    } = located;
    let mut report = Report {
        sidecar: store.path().to_path_buf(),
        kept,
        placed: None,
        offer: None,
        readonly: None,
        came_in: None,
    };
    let (mut annotations, mut changed, mut existed) = (Vec::new(), false, false);
    // A snapshot of a web page or a book names its origin in its front
    // matter (one the sidecar records wins) and says what it is (the
    // snapshot as it is now wins: adding it again refreshes `saved`).
    if let Some(meta) = bytes.and_then(crate::convert::front_matter::Meta::read) {
        doc.about = meta.about();
        if doc.origin.is_none() {
            doc.origin = meta.origin;
        }
    }
    let mut bookmarks = Vec::new();
    match load(&store) {
        Ok(found) => {
            existed = found.is_some();
            let (ours, old_hash) = match found {
                Some(s) if bytes.is_none() => {
                    bookmarks = s.bookmarks();
                    let hash = s.document.hash.clone();
                    doc = s.document;
                    (s.annotations, Some(hash))
                }
                Some(s) => {
                    bookmarks = s.bookmarks();
                    if s.document.origin.is_some() {
                        doc.origin = s.document.origin;
                    }
                    (s.annotations, Some(s.document.hash))
                }
                None => (Vec::new(), None),
            };
            annotations = ours;
            for other in &also {
                if let Ok(Some(s)) = other.peek() {
                    annotations = annotation::merge(&annotations, &s.annotations);
                }
            }
            let mut text = None;
            let mut decoded = || -> Option<String> {
                let bytes = bytes?;
                Some(
                    text.get_or_insert_with(|| crate::text::decode(bytes, 0..bytes.len()))
                        .clone(),
                )
            };
            let copies = super::conflicts::find(store.path());
            let came = (!copies.is_empty()).then(|| {
                super::conflicts::merge_in(
                    copies,
                    &doc.hash,
                    &mut annotations,
                    &mut bookmarks,
                    &mut decoded,
                    now_millis,
                )
            });
            let text_changed = old_hash.is_some_and(|h| h != doc.hash);
            if text_changed && let Some(text) = decoded() {
                if !annotations.is_empty() {
                    report.placed = Some(place_again(&text, &mut annotations, now_millis));
                    changed = true;
                }
                if !bookmarks.is_empty() {
                    // Saved with the next save of a bookmark or a note: that
                    // save records the new hash, so it must write the places
                    // on the new text too (else the next open, seeing the
                    // hash unchanged, would not place them again).
                    let moved = crate::bookmark::place(&text, &mut bookmarks);
                    store = store.moving_bookmarks(moved);
                }
            }
            if let Some((mut came_in, extra_in)) = came {
                if !came_in.copies.is_empty() {
                    let why_not = readonly
                        .as_ref()
                        .map(|_| "the notes are read-only".to_string());
                    // The merge on disk first; only then the copies go.
                    let saved = match why_not {
                        Some(why) => Err(why),
                        None => store
                            .save_merging(&doc, &annotations, &extra_in)
                            .map_err(|e| crate::sanitize::line(&e.to_string())),
                    };
                    match saved {
                        Ok(on_disk) => {
                            annotations = on_disk;
                            changed = false;
                            existed = true;
                            for p in &came_in.copies {
                                let _ = std::fs::remove_file(p);
                            }
                        }
                        Err(why) => {
                            came_in.unsaved = Some(why);
                            changed = true;
                        }
                    }
                }
                // (Copies gone since they were listed bring nothing to say.)
                if !came_in.copies.is_empty() || !came_in.left.is_empty() {
                    report.came_in = Some(came_in);
                }
            }
            if !existed {
                report.offer = offer(data_dir.as_deref(), &doc.hash, store.path());
            }
        }
        Err(e) => readonly = Some(ReadOnly::Unreadable(unreadable(&e))),
    }
    report.readonly.clone_from(&readonly);
    let notebook = Notebook {
        store,
        doc,
        readonly,
        data_dir,
    };
    Opened {
        notebook,
        annotations,
        report,
        changed,
        existed,
        bookmarks,
    }
}

/// The notebook of the sidecar at `sidecar` itself, with its notes (and
/// tombstones), for a front end that changes notes without opening their
/// article (the notes browser): what the sidecar records about the article
/// is kept as it is and nothing is placed again. Locks and backups go to
/// `places.files_dir`. A sidecar that cannot be read (or is gone) is an
/// error in one line, and nothing is written.
pub fn at_sidecar(
    sidecar: &Path,
    places: &super::Places,
) -> Result<(Notebook, Vec<Annotation>), String> {
    let store = Store::at(sidecar).keeping_files_in(places.files_dir.as_deref());
    let found = match store.load() {
        Ok(Some(s)) => s,
        Ok(None) => {
            return Err(format!(
                "{}: no longer there",
                crate::source::shown(sidecar)
            ));
        }
        Err(e) => return Err(unreadable(&e)),
    };
    let notebook = Notebook {
        store,
        doc: found.document,
        readonly: None,
        data_dir: places.data_dir.clone(),
    };
    Ok((notebook, found.annotations))
}

/// A sidecar that cannot be read, in one line: the file (as shown) and,
/// for one that does not parse, the line and what is wrong there.
pub fn unreadable(e: &LoadError) -> String {
    use crate::source::{reason, shown};
    match e {
        LoadError::Format { path, error } => format!(
            "{}:{}: {}",
            shown(path),
            error.line,
            crate::sanitize::line(&error.message)
        ),
        LoadError::Io { path, source } => format!("{}: {}", shown(path), reason(source)),
    }
}

/// A sidecar the index of sidecars names for the text with content hash
/// `hash`, other than `ours`, holding live notes.
fn offer(data_dir: Option<&Path>, hash: &str, ours: &Path) -> Option<Offer> {
    let found = crate::sidecar_index::lookup(data_dir?, hash)?;
    if found == ours || std::fs::canonicalize(ours).is_ok_and(|o| o == found) {
        return None;
    }
    let count = Store::at(&found)
        .peek()
        .ok()??
        .annotations
        .iter()
        .filter(|a| a.is_live())
        .count();
    (count > 0).then_some(Offer { path: found, count })
}

/// What [`Notebook::take_in`] read from another sidecar.
#[derive(Debug)]
pub struct TakenIn {
    /// Its notes (tombstones too), placed on this article's text.
    pub annotations: Vec<Annotation>,
    /// How many of them are live.
    pub count: usize,
    /// Set when they were made on a different text and placed again.
    pub placed: Option<crate::anchor::Summary>,
}

impl Notebook {
    /// The sidecar's path.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// What the sidecar records about the article: the article's name,
    /// length, hash and encoding as they are now, and the sidecar's
    /// `origin` as it was read.
    pub fn doc(&self) -> &DocInfo {
        &self.doc
    }

    /// Why it is never written, if it is not.
    pub fn readonly(&self) -> Option<&ReadOnly> {
        self.readonly.as_ref()
    }

    /// Save `all` (tombstones too), merged with what the sidecar holds now;
    /// returns what is on disk after the save (`None`: read-only, nothing
    /// written). Records the sidecar in the index of sidecars.
    pub fn save(&self, all: &[Annotation]) -> Result<Option<Vec<Annotation>>, SaveError> {
        if self.readonly.is_some() {
            return Ok(None);
        }
        let on_disk = self.store.save(&self.doc, all)?;
        self.remember();
        Ok(Some(on_disk))
    }

    /// Change the note `id` with `change`, under the sidecar's lock, on the
    /// note as the sidecar holds it then (`None` when it holds none with
    /// that id; `change` returns the new version, or `None` for no
    /// change), so what another process saved meanwhile is kept; returns
    /// what is on disk after the save (`None`: read-only, nothing
    /// written). Records the sidecar in the index of sidecars.
    pub fn change_note(
        &self,
        id: &str,
        change: impl FnOnce(Option<&Annotation>) -> Option<Annotation>,
    ) -> Result<Option<Vec<Annotation>>, SaveError> {
        if self.readonly.is_some() {
            return Ok(None);
        }
        let on_disk = self.store.save_changing(&self.doc, |all| {
            let i = all.iter().position(|a| a.id == id);
            let Some(after) = change(i.map(|i| &all[i])) else {
                return;
            };
            match i {
                Some(i) => all[i] = after,
                None => *all = annotation::merge(all, &[after]),
            }
        })?;
        self.remember();
        Ok(Some(on_disk))
    }

    /// Save `bookmarks` (merged with those on disk, by name, the one set
    /// last winning); returns the bookmarks on disk after the save
    /// (`None`: read-only, nothing written).
    pub fn save_bookmarks(
        &self,
        bookmarks: &[crate::bookmark::Bookmark],
    ) -> Result<Option<Vec<crate::bookmark::Bookmark>>, SaveError> {
        if self.readonly.is_some() {
            return Ok(None);
        }
        self.store.save_bookmarks(&self.doc, bookmarks).map(Some)
    }

    /// What another process saved since this notebook last read or wrote
    /// the sidecar (`None`: nothing, or nothing readable).
    pub fn recheck(&self) -> Option<Vec<Annotation>> {
        if !self.store.changed_elsewhere() {
            return None;
        }
        Some(self.store.load().ok()??.annotations)
    }

    /// The notes of the sidecar at `path` (an [`Offer`]), placed on this
    /// article's text (raw bytes `bytes`) when they were made on another.
    /// Errors are one line.
    pub fn take_in(&self, path: &Path, bytes: &[u8], now_millis: u64) -> Result<TakenIn, String> {
        let theirs = match Store::at(path).load() {
            Ok(Some(s)) => s,
            Ok(None) => return Err(format!("{}: no longer there", crate::source::shown(path))),
            Err(e) => return Err(e.to_string()),
        };
        let mut annotations = theirs.annotations;
        let count = annotations.iter().filter(|a| a.is_live()).count();
        let placed = (theirs.document.hash != self.doc.hash).then(|| {
            let text = crate::text::decode(bytes, 0..bytes.len());
            place_again(&text, &mut annotations, now_millis)
        });
        Ok(TakenIn {
            annotations,
            count,
            placed,
        })
    }

    /// Note in the data directory's index that this sidecar holds the
    /// notes of this text (the reader does, for a sidecar it opened or
    /// saved; an export does not). The index only helps find notes again:
    /// failing to write it loses none.
    pub fn remember(&self) {
        if let Some(dir) = &self.data_dir {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let _ = crate::sidecar_index::record(dir, &self.doc.hash, self.store.path(), now);
        }
    }
}
