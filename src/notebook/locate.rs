//! Which sidecar holds an article's notes, and which others hold some.

use crate::store::{DocInfo, Store};
use std::path::{Path, PathBuf};

/// Where sidecars go besides beside their articles (from the command line
/// and the environment).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    /// `--store DIR`: the sidecars of the articles named on the command
    /// line, as `DIR/NAME.annotty.toml`.
    pub store_dir: Option<PathBuf>,
    /// The data directory: `sidecars/HASH.annotty.toml` holds the notes of
    /// articles in read-only folders and of standard input; its index of
    /// sidecars ([`crate::sidecar_index`]) finds the notes of moved copies.
    pub data_dir: Option<PathBuf>,
    /// This machine's own directory for the files a save keeps besides a
    /// sidecar (locks, backups), so that an article's folder holds only its
    /// sidecar; `None`: beside the sidecar.
    pub files_dir: Option<PathBuf>,
}

/// The article whose notes are looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Its file; `None` for standard input.
    pub path: Option<PathBuf>,
    /// Its name as the sidecar records it (a file name, or "standard input").
    pub name: String,
    /// Its content hash ([`crate::scan::content_hash`]).
    pub hash: String,
    /// Length of its decoded text in chars.
    pub chars: u64,
    /// The legacy encoding its file was decoded from (`None`: UTF-8).
    pub encoding: Option<String>,
}

impl Article {
    /// The article in the file at `path`, whose raw bytes are `bytes`
    /// (hashed and counted here: one pass each).
    pub fn of_file(path: &Path, name: &str, bytes: &[u8]) -> Article {
        Article {
            path: Some(path.to_path_buf()),
            name: name.to_string(),
            hash: crate::scan::content_hash(bytes),
            chars: crate::text::count_chars(bytes),
            encoding: None,
        }
    }

    /// The article opened from the file at `path` as `doc` (its decoded
    /// text is what is hashed and counted; its encoding is recorded).
    pub fn of_document(path: &Path, doc: &crate::document::Document) -> Article {
        Article {
            encoding: doc.encoding_name(),
            ..Article::of_file(path, &doc.name, doc.bytes())
        }
    }

    /// What a sidecar records about it.
    pub fn doc_info(&self) -> DocInfo {
        DocInfo {
            file: self.name.clone(),
            chars: self.chars,
            hash: self.hash.clone(),
            encoding: self.encoding.clone(),
            origin: None,
            about: Default::default(),
        }
    }
}

/// Why the notes are kept where they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Beside the article (`ARTICLE.annotty.toml`).
    Beside,
    /// In `--store DIR`.
    InStore,
    /// In the data directory, by content hash: the article's folder cannot
    /// be written.
    ReadOnlyFolder,
    /// In the data directory, by content hash: standard input.
    Stdin,
    /// In a sidecar named on the command line (or found in a folder).
    Named,
}

/// The sidecars of one article.
#[derive(Debug)]
pub struct Located {
    /// The sidecar its notes are read from and saved to.
    pub store: Store,
    pub kept: Kept,
    /// Other sidecars that exist and hold notes of this article (the one
    /// beside an article in a read-only folder; the one by hash of an
    /// article whose folder was read-only before): read and merged, never
    /// written.
    pub also: Vec<Store>,
    /// Set when no sidecar can be written for it (a read-only folder and
    /// no data directory): `store` is then read but never saved.
    pub readonly: Option<super::ReadOnly>,
    /// What the sidecar records about the article.
    pub doc: DocInfo,
    /// The data directory (its index of sidecars).
    pub data_dir: Option<PathBuf>,
}

impl Located {
    /// The notes of `article` as the sidecar at `sidecar` holds them (one
    /// named on the command line or found in a folder); its lock and backup
    /// in `files_dir` (`None`: beside it).
    pub fn named(sidecar: &Path, article: &Article, files_dir: Option<&Path>) -> Located {
        Located {
            store: Store::at(sidecar).keeping_files_in(files_dir),
            kept: Kept::Named,
            also: Vec::new(),
            readonly: None,
            doc: article.doc_info(),
            data_dir: None,
        }
    }
}

/// Where the notes of `article` are kept: with `--store DIR` there; for a
/// file, beside it when its folder can be written (tried by creating a
/// file there), else in the data directory by content hash; for standard
/// input in the data directory. `None`: standard input and no data
/// directory, so nowhere. Touches the file system only to try the folder
/// and to see which other sidecars exist.
pub fn locate(article: &Article, places: &Places) -> Option<Located> {
    let by_hash = places
        .data_dir
        .as_deref()
        .map(|d| Store::for_hash(d, &article.hash));
    let exists = |s: &Store| s.path().exists();
    let (store, kept, also, readonly) = match (&places.store_dir, &article.path) {
        (Some(dir), _) => (
            Store::in_dir(dir, &article.name),
            Kept::InStore,
            Vec::new(),
            None,
        ),
        (None, Some(path)) => {
            let beside = Store::beside(path);
            if beside.writable() {
                let also = by_hash.into_iter().filter(exists).collect();
                (beside, Kept::Beside, also, None)
            } else if let Some(by_hash) = by_hash {
                let also = Some(beside).into_iter().filter(exists).collect();
                (by_hash, Kept::ReadOnlyFolder, also, None)
            } else {
                let why = Some(super::ReadOnly::NoPlace);
                (beside, Kept::Beside, Vec::new(), why)
            }
        }
        (None, None) => (by_hash?, Kept::Stdin, Vec::new(), None),
    };
    Some(Located {
        store: store.keeping_files_in(places.files_dir.as_deref()),
        kept,
        also,
        readonly,
        doc: article.doc_info(),
        data_dir: places.data_dir.clone(),
    })
}
