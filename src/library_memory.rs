//! What the library view remembers between runs: per library (a
//! directory, or the bundled articles), the selected article, the order
//! and the filter. A small TOML file in the data directory,
//! `library.toml`; this module is its only reader and writer.
//!
//! ```toml
//! ["/home/ann/reading"]
//! selected = "essays/walden.txt"
//! sort = "recent"
//! filter = ""
//! ```

use crate::library::{Sort, View};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Name of the file inside the data directory.
pub const FILE_NAME: &str = "library.toml";

/// Libraries remembered; the file is small, but not without end: beyond
/// this many, the ones not shown for longest are dropped.
const KEEP: usize = 200;

/// The key of the bundled articles' library.
pub const BUNDLED: &str = "bundled articles";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Kept {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    selected: Option<String>,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    filter: String,
    /// When it was last saved (seconds since the Unix epoch).
    #[serde(default)]
    seen: u64,
}

/// The key a library is remembered under: its directory made absolute,
/// or [`BUNDLED`].
pub fn key_of(dir: Option<&Path>) -> String {
    match dir {
        Some(d) => std::fs::canonicalize(d)
            .unwrap_or_else(|_| d.to_path_buf())
            .to_string_lossy()
            .into_owned(),
        None => BUNDLED.to_string(),
    }
}

fn read(dir: &Path) -> BTreeMap<String, Kept> {
    std::fs::read_to_string(dir.join(FILE_NAME))
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

/// What the library `key` was left as (`None`: nothing remembered, or the
/// file is missing or damaged).
pub fn load(data_dir: &Path, key: &str) -> Option<View> {
    let kept = read(data_dir).remove(key)?;
    Some(View {
        selected: kept.selected,
        sort: Sort::from_name(&kept.sort).unwrap_or_default(),
        filter: kept.filter,
    })
}

/// Remember `view` for library `key` at `now` (seconds since the Unix
/// epoch), replacing the file atomically (a damaged one is started
/// afresh: it holds nothing that cannot be lost).
pub fn save(data_dir: &Path, key: &str, view: &View, now: u64) -> std::io::Result<()> {
    std::fs::create_dir_all(data_dir)?;
    let mut all = read(data_dir);
    all.insert(
        key.to_string(),
        Kept {
            selected: view.selected.clone(),
            sort: view.sort.name().to_string(),
            filter: view.filter.clone(),
            seen: now,
        },
    );
    if all.len() > KEEP {
        let mut by_age: Vec<(u64, String)> = all.iter().map(|(k, v)| (v.seen, k.clone())).collect();
        by_age.sort();
        for (_, k) in by_age.iter().take(all.len() - KEEP) {
            all.remove(k);
        }
    }
    let text = format!(
        "# annotty: what each library view was left showing (the selected\n# article's path in it, the order, the filter), by directory.\n{}",
        toml::to_string(&all).map_err(std::io::Error::other)?
    );
    crate::store::write_atomic(&data_dir.join(FILE_NAME), text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_are_remembered_per_library() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(load(d, BUNDLED), None);
        let view = View {
            selected: Some("essays/walden \"1\".txt".into()),
            sort: Sort::Recent,
            filter: "pond".into(),
        };
        save(d, "/home/ann/reading", &view, 1).unwrap();
        save(d, BUNDLED, &View::default(), 2).unwrap();
        assert_eq!(load(d, "/home/ann/reading"), Some(view));
        assert_eq!(load(d, BUNDLED), Some(View::default()));
        std::fs::write(d.join(FILE_NAME), "not [toml").unwrap();
        assert_eq!(load(d, BUNDLED), None);
        save(d, BUNDLED, &View::default(), 3).unwrap();
        assert_eq!(load(d, BUNDLED), Some(View::default()));
    }
}
