//! Where the reader left each article: a small TOML file in the data
//! directory mapping an article's content hash to the char offset of the
//! top row, and to how the reader chose to read its newlines (key `r`) if
//! they did. This module is the only reader and writer of that file.

use crate::text::CharPos;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Positions kept; the least recently seen are dropped beyond this.
const KEEP: usize = 1000;

/// One remembered position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Char offset of the top row (decoded, LF-normalised text).
    pub at: CharPos,
    /// When it was saved, in seconds since the Unix epoch.
    pub seen: u64,
    /// The reader's choice for this article: `true` reflows hard-wrapped
    /// lines, `false` reads one paragraph per line; absent when the
    /// reader left it to detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reflow: Option<bool>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    #[serde(default)]
    positions: BTreeMap<String, Position>,
}

/// Name of the file inside the data directory.
pub const FILE_NAME: &str = "positions.toml";

/// The remembered position of the article with content hash `hash`.
pub fn lookup(dir: &Path, hash: &str) -> Option<Position> {
    let text = std::fs::read_to_string(dir.join(FILE_NAME)).ok()?;
    let file: File = toml::from_str(&text).ok()?;
    file.positions.get(hash).copied()
}

/// Remember char offset `at` and the reader's choice `reflow` (see
/// [`Position::reflow`]) for content hash `hash`, replacing the file
/// atomically (a damaged file is started afresh: it holds nothing that
/// cannot be lost).
pub fn remember(
    dir: &Path,
    hash: &str,
    at: CharPos,
    reflow: Option<bool>,
    now: u64,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(FILE_NAME);
    let mut file: File = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default();
    let position = Position {
        at,
        seen: now,
        reflow,
    };
    file.positions.insert(hash.to_string(), position);
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
        "# annotty: where each article was left, by content hash (SHA-256 of the\n# decoded, LF-normalised text); `at` counts Unicode scalar values; `reflow`\n# is the reader's choice of reading (true: reflowed, false: one paragraph\n# per line).\n{}",
        toml::to_string(&file).map_err(std::io::Error::other)?
    );
    let tmp = dir.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(dir: &Path, hash: &str) -> Option<CharPos> {
        lookup(dir, hash).map(|p| p.at)
    }

    #[test]
    fn remembers_positions_by_hash() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(at(dir.path(), "h"), None);
        remember(dir.path(), "h", CharPos(42), None, 1).unwrap();
        remember(dir.path(), "g", CharPos(7), None, 2).unwrap();
        assert_eq!(at(dir.path(), "h"), Some(CharPos(42)));
        remember(dir.path(), "h", CharPos(43), None, 3).unwrap();
        assert_eq!(at(dir.path(), "h"), Some(CharPos(43)));
        assert_eq!(at(dir.path(), "g"), Some(CharPos(7)));
    }

    #[test]
    fn remembers_the_choice_of_reflow_next_to_the_position() {
        let dir = tempfile::tempdir().unwrap();
        remember(dir.path(), "h", CharPos(42), Some(false), 1).unwrap();
        remember(dir.path(), "g", CharPos(7), None, 2).unwrap();
        let h = lookup(dir.path(), "h").unwrap();
        assert_eq!((h.at, h.reflow), (CharPos(42), Some(false)));
        assert_eq!(lookup(dir.path(), "g").unwrap().reflow, None);
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert_eq!(text.matches("reflow = false").count(), 1, "{text}");
        // A file written before the choice was kept reads as no choice.
        std::fs::write(
            dir.path().join(FILE_NAME),
            "[positions.h]\nat = 5\nseen = 1\n",
        )
        .unwrap();
        assert_eq!(lookup(dir.path(), "h").unwrap().reflow, None);
    }

    #[test]
    fn a_damaged_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "not [toml").unwrap();
        assert_eq!(at(dir.path(), "h"), None);
        remember(dir.path(), "h", CharPos(3), None, 1).unwrap();
        assert_eq!(at(dir.path(), "h"), Some(CharPos(3)));
    }
}
