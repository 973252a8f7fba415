//! Conflict copies of an article's sidecar, made by a sync tool when two
//! machines changed it (names: [`crate::conflict_copy`]): found beside the
//! sidecar, merged in with the store's merge, and — by [`super::open()`],
//! never by an export — removed once the merge is saved.

use crate::annotation::Annotation;
use crate::store::{Sidecar, Store};
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

/// The copies among `paths` that are sidecars this version reads, read
/// (one that is not is left alone: neither merged nor removed).
pub fn read(paths: Vec<PathBuf>) -> Vec<(PathBuf, Sidecar)> {
    paths
        .into_iter()
        .filter_map(|p| {
            let s = Store::at(&p).peek().ok()??;
            Some((p, s))
        })
        .collect()
}

/// How many annotations of `merged` are not as `before` has them (new,
/// edited or deleted since).
pub fn changed(before: &[Annotation], merged: &[Annotation]) -> usize {
    let old: HashMap<&str, &Annotation> = before.iter().map(|a| (a.id.as_str(), a)).collect();
    merged
        .iter()
        .filter(|a| old.get(a.id.as_str()) != Some(a))
        .count()
}

/// How many bookmarks of `merged` are not as `before` has them (new, or
/// set again elsewhere).
pub fn bookmarks_changed(
    before: &[crate::bookmark::Bookmark],
    merged: &[crate::bookmark::Bookmark],
) -> usize {
    merged.iter().filter(|b| !before.contains(b)).count()
}
