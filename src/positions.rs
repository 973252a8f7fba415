//! Where the reader left each article: a small TOML file in the data
//! directory mapping an article's content hash to the char offset of the
//! top row. This module is the only reader and writer of that file.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Positions kept; the least recently seen are dropped beyond this.
const KEEP: usize = 1000;

/// One remembered position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Char offset of the top row (decoded, LF-normalised text).
    pub at: u64,
    /// When it was saved, in seconds since the Unix epoch.
    pub seen: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    #[serde(default)]
    positions: BTreeMap<String, Position>,
}

/// Name of the file inside the data directory.
pub const FILE_NAME: &str = "positions.toml";

/// The remembered position of the article with content hash `hash`.
pub fn lookup(dir: &Path, hash: &str) -> Option<u64> {
    let text = std::fs::read_to_string(dir.join(FILE_NAME)).ok()?;
    let file: File = toml::from_str(&text).ok()?;
    file.positions.get(hash).map(|p| p.at)
}

/// Remember char offset `at` for content hash `hash`, replacing the file
/// atomically (a damaged file is started afresh: it holds nothing that
/// cannot be lost).
pub fn remember(dir: &Path, hash: &str, at: u64, now: u64) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(FILE_NAME);
    let mut file: File = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default();
    file.positions
        .insert(hash.to_string(), Position { at, seen: now });
    if file.positions.len() > KEEP {
        let mut by_age: Vec<(u64, String)> = file
            .positions
            .iter()
            .map(|(k, p)| (p.seen, k.clone()))
            .collect();
        by_age.sort();
        for (_, k) in by_age.iter().take(file.positions.len() - KEEP) {
            file.positions.remove(k);
        }
    }
    let text = format!(
        "# annotty: where each article was left, by content hash (SHA-256 of the\n# decoded, LF-normalised text); `at` counts Unicode scalar values.\n{}",
        toml::to_string(&file).map_err(std::io::Error::other)?
    );
    let tmp = dir.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_positions_by_hash() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(lookup(dir.path(), "h"), None);
        remember(dir.path(), "h", 42, 1).unwrap();
        remember(dir.path(), "g", 7, 2).unwrap();
        assert_eq!(lookup(dir.path(), "h"), Some(42));
        remember(dir.path(), "h", 43, 3).unwrap();
        assert_eq!(lookup(dir.path(), "h"), Some(43));
        assert_eq!(lookup(dir.path(), "g"), Some(7));
    }

    #[test]
    fn a_damaged_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "not [toml").unwrap();
        assert_eq!(lookup(dir.path(), "h"), None);
        remember(dir.path(), "h", 3, 1).unwrap();
        assert_eq!(lookup(dir.path(), "h"), Some(3));
    }
}
