//! The sidecar store: the annotation file of an article
//! (`ARTICLE.annotty.toml`), its format, and the only code that writes it.
//!
//! The format is TOML written by hand so that it is deterministic byte for
//! byte (see [`render`]): a header comment, `version = 1`, a `[document]`
//! table (`file`, `chars`, `hash`, `encoding` for an article that is
//! not UTF-8, `origin` for one whose origin was recorded, and a snapshot's
//! `title`, `author`, `site`, `published`, `saved`, `converter` ([`About`])),
//! then one `[[annotation]]` table per
//! annotation sorted by id, fields in a fixed order. Whatever this version
//! does not know — unknown top-level keys and tables, unknown `[document]`
//! keys, unknown annotation fields — is kept and written back, so that an
//! older annotty never erases what a newer one wrote; a file of a newer
//! format version is refused (and never overwritten).
//!
//! [`Store::save`] locks the sidecar against other annotty processes,
//! merges what is on disk with what it is given (by id, see
//! [`annotation::merge`]), and replaces the file atomically (temporary
//! file, fsync, rename, fsync of the directory), keeping the previous
//! version as a backup. Any failure leaves the old file as it was.
//!
//! The sidecar is the only file a save leaves beside its article (its
//! temporary files live there only during a save, as a rename must stay in
//! one file system). A store given a directory of its own
//! ([`Store::keeping_files_in`], the data directory) keeps the lock and the
//! backup there, named after the sidecar and keyed by a hash of its real
//! path (`locks/NAME.KEY.lock`, `backups/NAME.KEY.bak`), and removes the
//! `.bak` and `.lock` that older versions left beside it once a save has
//! succeeded; without one they stay beside the sidecar, as they were.

mod disk;
mod format;
mod merge;

pub use disk::LOCK_TIMEOUT;
pub use format::{VERSION, parse, parse_bytes, render};
pub(crate) use merge::merge;
pub use merge::{MergeError, merge_extra, merge_sidecars, merge_texts};

use crate::annotation::Annotation;
use disk::{FileMeta, Fs, RealFs};
use std::ffi::OsString;
use std::fmt;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

/// What a sidecar records about its article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocInfo {
    /// The article's file name (no directory), for people reading the file.
    pub file: String,
    /// Length of the decoded, LF-normalised text in chars.
    pub chars: u64,
    /// Hex SHA-256 of the decoded, LF-normalised text
    /// ([`crate::scan::content_hash`]).
    pub hash: String,
    /// The encoding the article was decoded from when it is not UTF-8
    /// (`windows-1252`, see [`crate::encoding::name`]); written only then.
    pub encoding: Option<String>,
    /// Where the article came from (`origin = "https://…"`), when someone
    /// recorded it: annotty never makes one up, and a save keeps the one
    /// on disk (see [`Store::save`]). Export uses it as the annotations'
    /// source when it is an absolute IRI.
    pub origin: Option<String>,
    /// What a snapshot's front matter says about the page or book it was
    /// made from; all `None` for other articles.
    pub about: About,
}

/// What a snapshot (a web page or a book converted by `annotty add`)
/// records about its source in its front matter
/// ([`crate::convert::front_matter::Meta`]), kept in the sidecar's
/// `[document]` table after `origin` so that the sidecar alone says what
/// its notes are about. Each field is one line; `None` is not written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct About {
    pub title: Option<String>,
    /// The byline, or a book's creators.
    pub author: Option<String>,
    /// The site's name (or host); a book's publisher.
    pub site: Option<String>,
    /// The publication date as the page or book gives it.
    pub published: Option<String>,
    /// When the snapshot was made (RFC 3339, UTC).
    pub saved: Option<String>,
    /// `annotty VERSION (LIBRARY VERSION)`.
    pub converter: Option<String>,
}

impl About {
    /// The `[document]` keys and values, in the order written.
    pub fn fields(&self) -> [(&'static str, &Option<String>); 6] {
        [
            ("title", &self.title),
            ("author", &self.author),
            ("site", &self.site),
            ("published", &self.published),
            ("saved", &self.saved),
            ("converter", &self.converter),
        ]
    }

    /// The field named `key`, for a reader filling it in.
    pub fn field_mut(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "title" => &mut self.title,
            "author" => &mut self.author,
            "site" => &mut self.site,
            "published" => &mut self.published,
            "saved" => &mut self.saved,
            "converter" => &mut self.converter,
            _ => return None,
        })
    }

    /// True when nothing is recorded.
    pub fn is_empty(&self) -> bool {
        *self == About::default()
    }
}

/// The contents of a sidecar file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sidecar {
    pub document: DocInfo,
    /// Sorted by id when parsed; [`render`] sorts anyway.
    pub annotations: Vec<Annotation>,
    /// Unknown top-level keys and tables.
    extra: toml::Table,
    /// Unknown keys of `[document]`.
    document_extra: toml::Table,
}

impl Sidecar {
    pub fn new(document: DocInfo, annotations: Vec<Annotation>) -> Sidecar {
        Sidecar {
            document,
            annotations,
            extra: toml::Table::new(),
            document_extra: toml::Table::new(),
        }
    }

    /// Unknown top-level keys and tables, kept as read.
    pub fn extra(&self) -> &toml::Table {
        &self.extra
    }

    /// The bookmarks it holds (its `[[bookmark]]` tables).
    pub fn bookmarks(&self) -> Vec<crate::bookmark::Bookmark> {
        crate::bookmark::from_extra(&self.extra)
    }

    /// Unknown keys of `[document]`, kept as read.
    pub fn document_extra(&self) -> &toml::Table {
        &self.document_extra
    }
}

/// Why a sidecar's text is not one: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// 1-based line.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for FormatError {}

/// Why [`Store::load`] failed.
#[derive(Debug)]
pub enum LoadError {
    /// The file is not a sidecar this version can read.
    Format { path: PathBuf, error: FormatError },
    /// The file could not be read.
    Io { path: PathBuf, source: io::Error },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Format { path, error } => {
                write!(f, "{}:{}: {}", path.display(), error.line, error.message)
            }
            LoadError::Io { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Format { error, .. } => Some(error),
            LoadError::Io { source, .. } => Some(source),
        }
    }
}

/// A step of a save, named in its error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    CreateDir,
    FollowLink,
    Lock,
    Read,
    Create,
    Write,
    Sync,
    Rename,
    SyncDir,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::CreateDir => "creating directory",
            Step::FollowLink => "following link",
            Step::Lock => "locking",
            Step::Read => "reading",
            Step::Create => "creating",
            Step::Write => "writing",
            Step::Sync => "syncing",
            Step::Rename => "renaming",
            Step::SyncDir => "syncing directory",
        })
    }
}

/// Why [`Store::save`] failed. Either way the sidecar is as it was.
#[derive(Debug)]
pub enum SaveError {
    /// The sidecar on disk does not parse (or is of a newer version): it
    /// was not touched. The user has to repair or move it.
    Corrupt { path: PathBuf, error: FormatError },
    /// A file-system step failed on `path`.
    Io {
        step: Step,
        path: PathBuf,
        source: io::Error,
    },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Corrupt { path, error } => write!(
                f,
                "{}:{}: {} (the file was left as it is)",
                path.display(),
                error.line,
                error.message
            ),
            SaveError::Io { step, path, source } => {
                write!(f, "{step} {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for SaveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SaveError::Corrupt { error, .. } => Some(error),
            SaveError::Io { source, .. } => Some(source),
        }
    }
}

/// One version of a sidecar file, see [`Store::stamp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    fn of(m: &std::fs::Metadata) -> Stamp {
        Stamp {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            modified: m.modified().ok(),
        }
    }
}

/// What a sidecar's file name ends with.
pub const SUFFIX: &str = ".annotty.toml";

/// Where one article's sidecar lives, and the only way to write it.
pub struct Store {
    path: PathBuf,
    /// Create the sidecar's directory when missing (`--store DIR`, the data
    /// directory), not for a sidecar beside its article.
    create_dir: bool,
    /// Where the lock and the backup are kept (`None`: beside the sidecar).
    files_dir: Option<PathBuf>,
    /// The bytes last read or written and what they parse to: when the file
    /// still holds exactly those bytes a save need not parse it again (the
    /// parse is most of the cost of a save of a large sidecar).
    last: Mutex<Option<(Vec<u8>, Sidecar)>>,
    /// The stamp of the version last loaded or saved through this store.
    seen: Mutex<Option<Stamp>>,
    /// Bookmarks placed again on the article as it is now: (as the file
    /// held them, where they are now). Every save writes the second of a
    /// pair where the file still holds the first ([`Store::moving_bookmarks`]).
    moved_bookmarks: Vec<(crate::bookmark::Bookmark, crate::bookmark::Bookmark)>,
}

impl Clone for Store {
    fn clone(&self) -> Store {
        Store {
            files_dir: self.files_dir.clone(),
            moved_bookmarks: self.moved_bookmarks.clone(),
            ..Store::new(self.path.clone(), self.create_dir)
        }
    }
}

impl PartialEq for Store {
    fn eq(&self, other: &Store) -> bool {
        (&self.path, self.create_dir, &self.files_dir)
            == (&other.path, other.create_dir, &other.files_dir)
    }
}

impl Eq for Store {}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("create_dir", &self.create_dir)
            .field("files_dir", &self.files_dir)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// The sidecar at `path` itself (one found through the index of
    /// sidecars, or named on the command line).
    pub fn at(path: &Path) -> Store {
        Store::new(path.to_path_buf(), false)
    }

    /// `dir/essay.txt` → `dir/essay.txt.annotty.toml`.
    pub fn beside(article: &Path) -> Store {
        Store::new(with_suffix(article, SUFFIX), false)
    }

    /// `<dir>/<article_name>.annotty.toml` (`--store DIR`). A `/` in the
    /// name is replaced by `_`.
    pub fn in_dir(dir: &Path, article_name: &str) -> Store {
        let name = format!("{}{SUFFIX}", article_name.replace('/', "_"));
        Store::new(dir.join(name), true)
    }

    /// `<data_dir>/sidecars/<hash>.annotty.toml`: for an article whose own
    /// directory cannot be written (or standard input).
    pub fn for_hash(data_dir: &Path, hash: &str) -> Store {
        let name = format!("{}{SUFFIX}", hash.replace('/', "_"));
        Store::new(data_dir.join("sidecars").join(name), true)
    }

    fn new(path: PathBuf, create_dir: bool) -> Store {
        Store {
            path,
            create_dir,
            files_dir: None,
            last: Mutex::new(None),
            seen: Mutex::new(None),
            moved_bookmarks: Vec::new(),
        }
    }

    /// What `bytes` parse to, if they are the bytes last read or written.
    fn take_cached(&self, bytes: &[u8]) -> Option<Sidecar> {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        match last.take() {
            Some((b, s)) if b == bytes => Some(s),
            _ => None,
        }
    }

    /// Keep what the file holds now: `bytes`, parsed to `sidecar`, in the
    /// version `stamp`.
    fn remember(&self, bytes: Vec<u8>, sidecar: Sidecar, stamp: Option<Stamp>) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some((bytes, sidecar));
        *self.seen.lock().unwrap_or_else(|e| e.into_inner()) = stamp;
    }

    /// The sidecar's path (possibly a symbolic link).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Keep the lock and the backup in `dir` (the data directory) instead
    /// of beside the sidecar; `None` leaves them beside it.
    pub fn keeping_files_in(mut self, dir: Option<&Path>) -> Store {
        self.files_dir = dir.map(Path::to_path_buf);
        self
    }

    /// Write, with every save from now on, the bookmarks of `moved` (pairs
    /// of a bookmark as the file holds it and the same bookmark placed
    /// again on the article as it is now) where they are now: a save
    /// records the article's current hash, so the positions it writes must
    /// be on the current text too. A bookmark the file holds in another
    /// version (set again meanwhile) is left as it is.
    pub fn moving_bookmarks(
        mut self,
        moved: Vec<(crate::bookmark::Bookmark, crate::bookmark::Bookmark)>,
    ) -> Store {
        self.moved_bookmarks = moved;
        self
    }

    /// The previous version of the sidecar: in the store's directory of
    /// files, else beside the file the path leads to after following links.
    pub fn backup_path(&self) -> PathBuf {
        self.side_file(&self.real_path(), Side::Backup)
    }

    /// The lock file taken while saving (where the backup is).
    pub fn lock_path(&self) -> PathBuf {
        self.side_file(&self.real_path(), Side::Lock)
    }

    /// The backup or lock of the sidecar whose real path is `real`.
    fn side_file(&self, real: &Path, side: Side) -> PathBuf {
        let (sub, suffix) = match side {
            Side::Backup => ("backups", ".bak"),
            Side::Lock => ("locks", ".lock"),
        };
        match &self.files_dir {
            None => with_suffix(real, suffix),
            Some(dir) => dir.join(sub).join(format!(
                "{}.{}{suffix}",
                name_of(real).to_string_lossy(),
                path_key(real)
            )),
        }
    }

    fn real_path(&self) -> PathBuf {
        disk::resolve(&self.path).unwrap_or_else(|_| self.path.clone())
    }

    /// Whether files can be created in the sidecar's directory (tested by
    /// creating and removing one). Creates the directory of an
    /// [`in_dir`](Store::in_dir) or [`for_hash`](Store::for_hash) store.
    pub fn writable(&self) -> bool {
        static PROBES: AtomicU64 = AtomicU64::new(0);
        let real = self.real_path();
        let dir = dir_of(&real);
        if self.create_dir && std::fs::create_dir_all(dir).is_err() {
            return false;
        }
        let probe = dir.join(format!(
            ".{}.probe.{}.{}",
            name_of(&real).to_string_lossy(),
            std::process::id(),
            PROBES.fetch_add(1, Ordering::Relaxed)
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
        {
            Ok(_) => std::fs::remove_file(&probe).is_ok(),
            Err(_) => false,
        }
    }

    /// The sidecar, or `None` when there is none yet. Takes no lock: saves
    /// replace the file atomically, so a load sees one version or the other.
    pub fn load(&self) -> Result<Option<Sidecar>, LoadError> {
        let file = match RealFs.read(&self.path) {
            Ok(Some(f)) => f,
            Ok(None) => {
                *self.seen.lock().unwrap_or_else(|e| e.into_inner()) = None;
                return Ok(None);
            }
            Err(source) => {
                return Err(LoadError::Io {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        match parse_bytes(&file.bytes) {
            Ok(s) => {
                self.remember(file.bytes, s.clone(), Some(file.stamp));
                Ok(Some(s))
            }
            Err(error) => Err(LoadError::Format {
                path: self.path.clone(),
                error,
            }),
        }
    }

    /// The sidecar as [`load`](Store::load) reads it, for a reader that
    /// never saves through this store (an export): nothing is kept for a
    /// later save.
    pub fn peek(&self) -> Result<Option<Sidecar>, LoadError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(LoadError::Io {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        parse_bytes(&bytes)
            .map(Some)
            .map_err(|error| LoadError::Format {
                path: self.path.clone(),
                error,
            })
    }

    /// When the sidecar (the file a link leads to) was last changed; `None`
    /// if there is none. To notice another process's save, prefer
    /// [`stamp`](Store::stamp): file times may not change between two saves
    /// made within the same clock tick.
    pub fn modified(&self) -> Option<SystemTime> {
        std::fs::metadata(&self.path).ok()?.modified().ok()
    }

    /// What identifies the version of the sidecar on disk now; `None` if
    /// there is none. Every save that changes the file gives it a new
    /// stamp (a save replaces the file, so the inode changes even when the
    /// time does not), so a stamp different from the one seen after the
    /// last load or save means someone else saved.
    pub fn stamp(&self) -> Option<Stamp> {
        Some(Stamp::of(&std::fs::metadata(&self.path).ok()?))
    }

    /// Whether the sidecar on disk is no longer the version this store
    /// last loaded or saved (another process saved, or the file was
    /// edited or removed): then [`load`](Store::load) it again. The stamp
    /// compared is the one of the very bytes read or written, so a save by
    /// another process right after ours is never missed.
    pub fn changed_elsewhere(&self) -> bool {
        self.stamp() != *self.seen.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Write `annotations` (tombstones included) merged with whatever the
    /// sidecar holds now, and return the merged list, sorted by id: what is
    /// on disk after the save, including what other processes added or
    /// deleted. Unknown fields and tables of the file on disk are kept;
    /// the `[document]` table is `doc`, except that the file's `origin`
    /// is kept when it has one (`doc`'s is written only where the file
    /// has none: a save never drops or replaces a recorded origin), and
    /// the file's [`About`] is kept when `doc` records none.
    ///
    /// Blocks while another process saves (up to
    /// [`LOCK_TIMEOUT`], then fails). Writes nothing when
    /// the file already holds exactly this text. On any error the sidecar
    /// is byte for byte what it was.
    pub fn save(
        &self,
        doc: &DocInfo,
        annotations: &[Annotation],
    ) -> Result<Vec<Annotation>, SaveError> {
        self.save_with(&RealFs, doc, annotations, &toml::Table::new())
    }

    /// [`save`](Store::save), also merging `extra` (top-level entries of
    /// other copies of the sidecar, bookmarks among them) into what the
    /// file holds ([`merge::merge_extra`], as a merge of whole sidecars
    /// does).
    pub fn save_merging(
        &self,
        doc: &DocInfo,
        annotations: &[Annotation],
        extra: &toml::Table,
    ) -> Result<Vec<Annotation>, SaveError> {
        self.save_with(&RealFs, doc, annotations, extra)
    }

    /// Change the notes the file holds with `change`, under the lock (so
    /// no other process saves between the read and the write), everything
    /// else kept; as [`save`](Store::save) otherwise. Returns the notes on
    /// disk after the save.
    pub fn save_changing(
        &self,
        doc: &DocInfo,
        change: impl FnOnce(&mut Vec<Annotation>),
    ) -> Result<Vec<Annotation>, SaveError> {
        let mut change = Some(change);
        self.save_changed_with(&RealFs, doc, &[], &toml::Table::new(), &mut |all| {
            if let Some(change) = change.take() {
                change(all);
            }
        })
    }

    /// Write `bookmarks` merged with those the sidecar holds now
    /// ([`crate::bookmark::merge`]: by name, the one set last), its
    /// annotations and everything else kept; as [`save`](Store::save)
    /// (the lock, a backup, nothing changed on error). Returns the
    /// bookmarks on disk after the save.
    pub fn save_bookmarks(
        &self,
        doc: &DocInfo,
        bookmarks: &[crate::bookmark::Bookmark],
    ) -> Result<Vec<crate::bookmark::Bookmark>, SaveError> {
        let mut extra = toml::Table::new();
        if !bookmarks.is_empty() {
            extra.insert(
                crate::bookmark::KEY.into(),
                crate::bookmark::to_value(bookmarks),
            );
        }
        self.save_with(&RealFs, doc, &[], &extra)?;
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        Ok(last
            .as_ref()
            .map(|(_, s)| s.bookmarks())
            .unwrap_or_default())
    }

    fn save_with(
        &self,
        fs: &dyn Fs,
        doc: &DocInfo,
        ours: &[Annotation],
        extra_in: &toml::Table,
    ) -> Result<Vec<Annotation>, SaveError> {
        self.save_changed_with(fs, doc, ours, extra_in, &mut |_| {})
    }

    /// The one save: under the lock, `ours` merged with the file's notes,
    /// then `change`d; `extra_in` merged with its other tables.
    fn save_changed_with(
        &self,
        fs: &dyn Fs,
        doc: &DocInfo,
        ours: &[Annotation],
        extra_in: &toml::Table,
        change: &mut dyn FnMut(&mut Vec<Annotation>),
    ) -> Result<Vec<Annotation>, SaveError> {
        let fail = |step: Step, path: &Path| {
            let path = path.to_path_buf();
            move |source| SaveError::Io { step, path, source }
        };
        if self.create_dir {
            let dir = dir_of(&self.path);
            fs.create_dir_all(dir).map_err(fail(Step::CreateDir, dir))?;
        }
        let real = fs
            .resolve(&self.path)
            .map_err(fail(Step::FollowLink, &self.path))?;
        let dir = dir_of(&real);
        let name = name_of(&real).to_string_lossy().into_owned();
        let lock_path = self.side_file(&real, Side::Lock);
        if self.files_dir.is_some() {
            let locks = dir_of(&lock_path);
            fs.create_dir_all(locks)
                .map_err(fail(Step::CreateDir, locks))?;
        }
        let _lock = fs.lock(&lock_path).map_err(fail(Step::Lock, &lock_path))?;

        let old = fs.read(&real).map_err(fail(Step::Read, &real))?;
        let theirs = match &old {
            Some(o) => match self.take_cached(&o.bytes) {
                Some(s) => Some(s),
                None => Some(parse_bytes(&o.bytes).map_err(|error| SaveError::Corrupt {
                    path: real.clone(),
                    error,
                })?),
            },
            None => None,
        };
        let mut merged = merge(
            ours,
            theirs.as_ref().map_or(&[], |t| t.annotations.as_slice()),
        );
        change(&mut merged);
        let (extra, document_extra, origin, about) = theirs
            .map(|t| {
                (
                    t.extra,
                    t.document_extra,
                    t.document.origin,
                    t.document.about,
                )
            })
            .unwrap_or_default();
        let mut extra = if extra_in.is_empty() {
            extra
        } else {
            merge::merge_extra(&extra, extra_in)
        };
        crate::bookmark::replace_moved(&mut extra, &self.moved_bookmarks);
        let sidecar = Sidecar {
            document: DocInfo {
                origin: origin.or_else(|| doc.origin.clone()),
                about: if doc.about.is_empty() {
                    about
                } else {
                    doc.about.clone()
                },
                ..doc.clone()
            },
            annotations: merged,
            extra,
            document_extra,
        };
        let text = render(&sidecar);
        if let Some(o) = old.as_ref().filter(|o| o.bytes == text.as_bytes()) {
            let merged = sidecar.annotations.clone();
            self.remember(text.into_bytes(), sidecar, Some(o.stamp));
            return Ok(merged);
        }

        // Temporary files have fixed names: they are only made under the
        // lock, so one left by a killed save is simply replaced.
        let tmp = dir.join(format!(".{name}.tmp"));
        let meta = old.as_ref().map(|o| &o.meta);
        let stamp = write_new(fs, &tmp, text.as_bytes(), meta)?;
        // The old file itself is kept under a second name, no copy, until
        // the new one is safely in place; then it becomes the backup. Where
        // a second name is not possible (no hard links on the file system,
        // or not ours to link), a copy.
        let bak = self.side_file(&real, Side::Backup);
        let bak_tmp = dir.join(format!(".{name}.bak.tmp"));
        if let Some(o) = &old {
            let staged = match fs.link(&real, &bak_tmp) {
                Ok(()) => Ok(()),
                Err(_) => write_new(fs, &bak_tmp, &o.bytes, meta).map(drop),
            };
            if let Err(e) = staged {
                let _ = fs.remove(&tmp);
                return Err(e);
            }
        }
        if let Err(e) = fs.rename(&tmp, &real) {
            let _ = fs.remove(&tmp);
            if old.is_some() {
                let _ = fs.remove(&bak_tmp);
            }
            return Err(fail(Step::Rename, &real)(e));
        }
        if let Err(e) = fs.sync_dir(dir) {
            // The new version is in place but may not survive a crash:
            // put the old one back so that an error always means "nothing
            // changed" (the backup was not touched yet).
            let restored = match &old {
                Some(_) => fs.rename(&bak_tmp, &real).and_then(|()| fs.sync_dir(dir)),
                None => fs.remove(&real).and_then(|()| fs.sync_dir(dir)),
            };
            let source = match restored {
                Ok(()) => e,
                Err(r) => {
                    if old.is_some() {
                        // Keep the previous version where it is looked for.
                        let _ = fs.rename(&bak_tmp, &bak);
                    }
                    io::Error::new(
                        e.kind(),
                        format!("{e}; restoring the previous version failed too: {r}"),
                    )
                }
            };
            return Err(fail(Step::SyncDir, dir)(source));
        }
        // The save stands whatever happens to the backup: if it cannot be
        // put in place, the backup keeps an older version.
        if let Some(o) = &old {
            self.keep_backup(fs, &bak_tmp, &bak, &o.bytes, meta);
        }
        if self.files_dir.is_some() {
            // What an older annotty kept beside the sidecar.
            for suffix in [".bak", ".lock"] {
                let beside = with_suffix(&real, suffix);
                if beside != lock_path && beside.exists() {
                    let _ = fs.remove(&beside);
                }
            }
        }
        let merged = sidecar.annotations.clone();
        self.remember(text.into_bytes(), sidecar, stamp);
        Ok(merged)
    }
}

/// The two files a store keeps besides the sidecar.
#[derive(Debug, Clone, Copy)]
enum Side {
    Backup,
    Lock,
}

/// A short key of a sidecar's real path: 16 hex digits of the SHA-256 of
/// its absolute form (its directory's canonical path and its name).
fn path_key(real: &Path) -> String {
    use sha2::{Digest, Sha256};
    let dir = dir_of(real);
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|cwd| cwd.join(dir))
            .unwrap_or_else(|_| dir.to_path_buf())
    });
    let full = dir.join(name_of(real));
    let digest = Sha256::digest(full.as_os_str().as_encoded_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// Make `staged` (the previous version, a second name of it beside the
    /// sidecar) the backup `bak`: a rename, or where that cannot be done
    /// (the data directory on another file system) a copy of `bytes`
    /// renamed into place. Any failure leaves the older backup.
    fn keep_backup(
        &self,
        fs: &dyn Fs,
        staged: &Path,
        bak: &Path,
        bytes: &[u8],
        meta: Option<&FileMeta>,
    ) {
        let dir = dir_of(bak);
        if self.files_dir.is_some() && fs.create_dir_all(dir).is_err() {
            let _ = fs.remove(staged);
            return;
        }
        if fs.rename(staged, bak).is_ok() {
            return;
        }
        let _ = fs.remove(staged);
        if self.files_dir.is_none() {
            return;
        }
        let copy = dir.join(format!(".{}.tmp", name_of(bak).to_string_lossy()));
        if write_new(fs, &copy, bytes, meta).is_ok() && fs.rename(&copy, bak).is_err() {
            let _ = fs.remove(&copy);
        }
    }
}

/// Replace the file at `path` (not a sidecar: an export's `-o FILE`) with
/// `bytes` atomically, through the same steps as a save: a temporary file
/// in the same directory (named with the process id, as there is no lock),
/// written and synced with the old file's permissions, renamed over
/// `path`, the directory synced. No lock, no backup. On any error the
/// temporary file is removed and `path` is as it was (the error of a
/// directory that cannot be synced is ignored: the new file is in place).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let fs = &RealFs;
    let dir = dir_of(path);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let like = std::fs::metadata(path).ok().map(|m| disk::FileMeta {
        mode: m.mode() & 0o777,
        uid: m.uid(),
        gid: m.gid(),
    });
    let io_error = |e: SaveError| match e {
        SaveError::Io { source, .. } => source,
        SaveError::Corrupt { .. } => io::Error::other(e.to_string()),
    };
    write_new(fs, &tmp, bytes, like.as_ref()).map_err(io_error)?;
    if let Err(e) = fs.rename(&tmp, path) {
        let _ = fs.remove(&tmp);
        return Err(e);
    }
    let _ = fs.sync_dir(dir);
    Ok(())
}

/// Create `path` afresh, write `bytes`, fsync, and tell the new file's
/// stamp (which a rename keeps); on failure remove it.
fn write_new(
    fs: &dyn Fs,
    path: &Path,
    bytes: &[u8],
    like: Option<&FileMeta>,
) -> Result<Option<Stamp>, SaveError> {
    let err = |step: Step| {
        move |source| SaveError::Io {
            step,
            path: path.to_path_buf(),
            source,
        }
    };
    let mut file = fs.create(path, like).map_err(err(Step::Create))?;
    let written = fs
        .write(&mut file, bytes)
        .map_err(err(Step::Write))
        .and_then(|()| fs.sync(&file).map_err(err(Step::Sync)));
    match written {
        Ok(()) => Ok(disk::stamp_of(&file).ok()),
        Err(e) => {
            drop(file);
            let _ = fs.remove(path);
            Err(e)
        }
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = OsString::from(path.as_os_str());
    s.push(suffix);
    PathBuf::from(s)
}

/// The directory of a file path (`.` for a bare name).
fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn name_of(path: &Path) -> &std::ffi::OsStr {
    path.file_name().unwrap_or(path.as_os_str())
}

#[cfg(test)]
mod tests;
