//! Conflict copies of an article's sidecar, made by a sync tool when two
//! machines changed it (names: [`crate::conflict_copy`]): found beside the
//! sidecar, merged in with the store's merge, and removed once the merge
//! is saved (by every way notes are read: [`super::open()`], the export's
//! [`super::read()`], the notes browser's [`super::read_sidecar()`]).

use crate::annotation::Annotation;
use crate::bookmark::Bookmark;
use crate::store::Store;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What the conflict copies of a sidecar brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameIn {
    /// Annotations that were new, or changed (edited, deleted), compared
    /// with the sidecar itself, and bookmarks that were new or set again.
    pub count: usize,
    /// The copies merged.
    pub copies: Vec<PathBuf>,
    /// Set when the merge could not be saved (the copies were then kept):
    /// why, one line.
    pub unsaved: Option<String>,
    /// Copies left where they are, each with why, one line (`conflict copy
    /// X is not a readable sidecar: left in place`).
    pub left: Vec<String>,
}

/// The conflict copies of the sidecar at `sidecar` that exist beside it,
/// sorted by name.
pub fn find(sidecar: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (sidecar.parent(), sidecar.file_name()) else {
        return Vec::new();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = name.to_string_lossy();
    let Ok(list) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = list
        .filter_map(Result::ok)
        .filter(|e| crate::conflict_copy::is_copy_of(&name, &e.file_name().to_string_lossy()))
        .map(|e| dir.join(e.file_name()))
        .collect();
    found.sort();
    found
}

/// Merge the conflict copies at `paths` into `annotations` and
/// `bookmarks`, the sidecar's, of the text whose content hash is `hash`,
/// with the store's merge. A copy made on another version of the text is
/// placed on this one first ([`super::place_again`]), on the text `text`
/// gives (`None`: not at hand, and the copy is left out). Returns what
/// came in (the copies merged, the ones left out with why) and the top-level
/// entries of the copies besides their notes (bookmarks, fields of a newer
/// annotty), merged as a whole-sidecar merge does
/// ([`crate::store::merge_extra`]), for the save.
pub fn merge_in(
    paths: Vec<PathBuf>,
    hash: &str,
    annotations: &mut Vec<Annotation>,
    bookmarks: &mut Vec<Bookmark>,
    text: &mut dyn FnMut() -> Option<String>,
    now_millis: u64,
) -> (CameIn, toml::Table) {
    let (notes_before, bookmarks_before) = (annotations.clone(), bookmarks.clone());
    let mut came_in = CameIn {
        count: 0,
        copies: Vec::new(),
        unsaved: None,
        left: Vec::new(),
    };
    let mut extra_in = toml::Table::new();
    for path in paths {
        let named =
            || crate::sanitize::line(&path.file_name().unwrap_or_default().to_string_lossy());
        let copy = match Store::at(&path).peek() {
            Ok(Some(copy)) => copy,
            Ok(None) => continue,
            Err(_) => {
                let why = format!(
                    "conflict copy {} is not a readable sidecar: left in place",
                    named()
                );
                came_in.left.push(why);
                continue;
            }
        };
        let mut theirs = copy.annotations.clone();
        let mut extra = copy.extra().clone();
        if copy.document.hash != hash {
            // Made on another version of the article.
            let Some(text) = text() else {
                came_in.left.push(format!(
                    "conflict copy {} was made on another version of the article: left for \
                     the reader to place",
                    named()
                ));
                continue;
            };
            if !theirs.is_empty() {
                super::place_again(&text, &mut theirs, now_millis);
            }
            let mut marks = copy.bookmarks();
            if !marks.is_empty() {
                crate::bookmark::place(&text, &mut marks);
                extra.insert(
                    crate::bookmark::KEY.into(),
                    crate::bookmark::to_value(&marks),
                );
            }
        }
        *annotations = crate::store::merge(annotations, &theirs);
        *bookmarks = crate::bookmark::merge(bookmarks, &crate::bookmark::from_extra(&extra));
        extra_in = crate::store::merge_extra(&extra_in, &extra);
        came_in.copies.push(path);
    }
    came_in.count =
        changed(&notes_before, annotations) + bookmarks_changed(&bookmarks_before, bookmarks);
    (came_in, extra_in)
}

/// How many annotations of `merged` are not as `before` has them (new,
/// edited or deleted since).
fn changed(before: &[Annotation], merged: &[Annotation]) -> usize {
    let old: HashMap<&str, &Annotation> = before.iter().map(|a| (a.id.as_str(), a)).collect();
    merged
        .iter()
        .filter(|a| old.get(a.id.as_str()) != Some(a))
        .count()
}

/// How many bookmarks of `merged` are not as `before` has them (new, or
/// set again elsewhere).
fn bookmarks_changed(before: &[Bookmark], merged: &[Bookmark]) -> usize {
    merged.iter().filter(|b| !before.contains(b)).count()
}
