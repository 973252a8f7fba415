//! Where the reader left each article: a small TOML file in the data
//! directory mapping an article's content hash to the char offset of the
//! top row, and to how the reader chose to read its newlines (key `r`) if
//! they did. This module is the only reader and writer of that file.
//!
//! A large article's hash is known only once its background scan is done;
//! left before that, its position is kept under a [`file_key`] instead (the
//! file's path, length and modification time), which the next opening of
//! the unchanged file finds beside the hash ([`lookup_newest`]).
//!
//! A large article read as UTF-8 on samples whose background scan found
//! it in a legacy encoding (see [`crate::encoding::redecide`]) is kept
//! under its [`file_key`] with that encoding ([`Position::encoding`]): the
//! next opening of the unchanged file reads it in it right after its
//! first frame, before its scan ([`encoding_of`]). Only a hint for the reader: the verdict is the
//! file's own (export and import judge the whole file and come to it).
//!
//! The data directory may be a synced folder (config `data_dir`): each
//! position keeps the time it was set, and two versions of the file merge
//! per article, the position set last winning ([`merge`]). The conflict
//! copies a sync tool leaves beside the file
//! (`positions.sync-conflict-….toml`, `positions (… conflicted copy …).toml`)
//! are merged in when it is read, and removed once it is written.

use crate::text::CharPos;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Positions kept; the least recently seen are dropped beyond this.
const KEEP: usize = 1000;

/// One remembered position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Char offset of the top row (decoded, LF-normalised text).
    pub at: CharPos,
    /// When it was last saved, in seconds since the Unix epoch (the least
    /// recently seen are dropped first).
    pub seen: u64,
    /// When the reader last moved it (or chose a style), in seconds since
    /// the Unix epoch: what decides between two machines' positions.
    /// Absent in files from before: then `seen`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<u64>,
    /// The reader's choice for this article: `true` reflows hard-wrapped
    /// lines, `false` reads one paragraph per line; absent when the
    /// reader left it to detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reflow: Option<bool>,
    /// How far the reader had read, in percent of the article's bytes up
    /// to the bottom of the screen (what the status row said; 100: the end
    /// was on screen). Absent in files from before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<u8>,
    /// The article's file (absolute) when it was left, for the library
    /// view, which knows files, not content hashes. Absent for standard
    /// input and the bundled articles, and in files from before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Kept under a [`file_key`] only: the legacy encoding the reader
    /// found this version of the file in after its scan (`windows-1252`,
    /// see [`crate::encoding::name`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

/// Where an article was left: what [`remember`] keeps.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Left {
    /// Char offset of the top row.
    pub at: CharPos,
    /// The reader's choice of style (see [`Position::reflow`]).
    pub reflow: Option<bool>,
    /// See [`Position::percent`].
    pub percent: Option<u8>,
    /// See [`Position::path`].
    pub path: Option<String>,
    /// See [`Position::encoding`].
    pub encoding: Option<String>,
}

impl Left {
    /// Left at `at` with the choice `reflow`, nothing else known.
    pub fn at(at: CharPos, reflow: Option<bool>) -> Left {
        Left {
            at,
            reflow,
            ..Left::default()
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    #[serde(default)]
    positions: BTreeMap<String, Position>,
}

/// Name of the file inside the data directory.
pub const FILE_NAME: &str = "positions.toml";

impl Position {
    /// When it was set (see [`Position::set`]).
    pub fn set_at(&self) -> u64 {
        self.set.unwrap_or(self.seen)
    }
}

/// Of two positions of one article, the one set last (on a tie, a fixed
/// order of the rest, so that merging is commutative and associative).
fn newer(a: Position, b: Position) -> Position {
    let key = |p: &Position| {
        (
            p.set_at(),
            p.at,
            p.reflow,
            p.seen,
            p.set,
            p.percent,
            p.path.clone(),
            p.encoding.clone(),
        )
    };
    if key(&a) >= key(&b) { a } else { b }
}

/// Two versions of the positions, merged per article: the position set
/// last wins. Commutative, associative and idempotent.
pub fn merge(
    a: &BTreeMap<String, Position>,
    b: &BTreeMap<String, Position>,
) -> BTreeMap<String, Position> {
    let mut out = a.clone();
    for (hash, p) in b {
        let merged = match out.get(hash) {
            Some(mine) => newer(mine.clone(), p.clone()),
            None => p.clone(),
        };
        out.insert(hash.clone(), merged);
    }
    out
}

/// The file's positions (none when it is missing or damaged).
fn read_file(path: &Path) -> BTreeMap<String, Position> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str::<File>(&t).ok())
        .map(|f| f.positions)
        .unwrap_or_default()
}

/// The file's positions merged with those of its conflict copies, and the
/// copies read.
fn read_all(dir: &Path) -> (BTreeMap<String, Position>, Vec<std::path::PathBuf>) {
    let mut positions = read_file(&dir.join(FILE_NAME));
    let copies = crate::conflict_copy::copies_in(dir, FILE_NAME);
    for c in &copies {
        positions = merge(&positions, &read_file(c));
    }
    (positions, copies)
}

/// The remembered position of the article with content hash `hash`.
pub fn lookup(dir: &Path, hash: &str) -> Option<Position> {
    lookup_newest(dir, &[hash])
}

/// Of the positions kept under `keys` (a content hash, a [`file_key`]),
/// the one set last.
pub fn lookup_newest(dir: &Path, keys: &[&str]) -> Option<Position> {
    let all = read_all(dir).0;
    keys.iter()
        .filter_map(|k| all.get(*k).cloned())
        .reduce(newer)
}

/// Every remembered position, by key (a content hash or a [`file_key`]),
/// the file's conflict copies merged in: for the library view, which
/// looks up many articles at once.
pub fn all(dir: &Path) -> BTreeMap<String, Position> {
    read_all(dir).0
}

/// The legacy encoding remembered for the file whose [`file_key`] is
/// `key` (this version of it), if any.
pub fn encoding_of(dir: &Path, key: &str) -> Option<String> {
    lookup(dir, key)?.encoding
}

/// The path in a [`file_key`] (`None` for a content hash).
pub fn path_of_key(key: &str) -> Option<&str> {
    let rest = key.strip_prefix("file:")?;
    let mut parts = rest.splitn(3, ':');
    parts.next()?;
    parts.next()?;
    parts.next()
}

/// The key of a position kept for the file at `path` (absolute), `len`
/// bytes long, modified at `mtime_ns` nanoseconds since the Unix epoch:
/// for an article left before its content hash was known. It starts with
/// `file:`, which no content hash (hex) does.
pub fn file_key(path: &Path, len: u64, mtime_ns: i128) -> String {
    format!("file:{len}:{mtime_ns}:{}", path.to_string_lossy())
}

/// Remember where the article with content hash (or [`file_key`]) `hash`
/// was left (`left`: the char offset, the reader's choice of style, how
/// far, its file) at `now` (seconds since the Unix epoch), replacing the
/// file atomically (a damaged file is started afresh: it holds nothing
/// that cannot be lost).
pub fn remember(dir: &Path, hash: &str, left: &Left, now: u64) -> std::io::Result<()> {
    let (at, reflow) = (left.at, left.reflow);
    std::fs::create_dir_all(dir)?;
    let path = dir.join(FILE_NAME);
    let (positions, copies) = read_all(dir);
    let mut file = File { positions };
    // Where it already is: only seen again, not set again (so it does not
    // win over a move made meanwhile on another machine).
    let set = match file.positions.get(hash) {
        Some(p) if p.at == at && p.reflow == reflow => p.set_at(),
        _ => now,
    };
    let position = Position {
        at,
        seen: now,
        set: Some(set),
        reflow,
        percent: left.percent,
        path: left.path.clone(),
        encoding: left.encoding.clone(),
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
        "# annotty: where each article was left, by content hash (SHA-256 of the\n# decoded, LF-normalised text), or by `file:LENGTH:MTIME_NS:PATH` when it was\n# left before its hash was known; `at` counts Unicode scalar values; `reflow`\n# is the reader's choice of reading (true: reflowed, false: one paragraph\n# per line); `set` is when it was set (the later wins when two machines'\n# files are merged); `percent` how far the reader had read (100: the end);\n# `path` the article's file, for the library view; `encoding` (under a\n# file key) the legacy encoding that version of the file was found in.\n{}",
        toml::to_string(&file).map_err(std::io::Error::other)?
    );
    let tmp = dir.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &path)?;
    // Merged into the file just written: the copies can go.
    for c in copies {
        let _ = std::fs::remove_file(c);
    }
    Ok(())
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
        remember(dir.path(), "h", &Left::at(CharPos(42), None), 1).unwrap();
        remember(dir.path(), "g", &Left::at(CharPos(7), None), 2).unwrap();
        assert_eq!(at(dir.path(), "h"), Some(CharPos(42)));
        remember(dir.path(), "h", &Left::at(CharPos(43), None), 3).unwrap();
        assert_eq!(at(dir.path(), "h"), Some(CharPos(43)));
        assert_eq!(at(dir.path(), "g"), Some(CharPos(7)));
    }

    #[test]
    fn remembers_the_choice_of_reflow_next_to_the_position() {
        let dir = tempfile::tempdir().unwrap();
        remember(dir.path(), "h", &Left::at(CharPos(42), Some(false)), 1).unwrap();
        remember(dir.path(), "g", &Left::at(CharPos(7), None), 2).unwrap();
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

    /// An article left before its hash was known: its position is found
    /// by the file's key next to the hash, the one set last winning; a
    /// changed file (another length or time) has another key.
    #[test]
    fn a_position_kept_by_file_is_found_beside_the_hash() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let key = file_key(Path::new("/a/b c.txt"), 10, 7);
        assert!(key.starts_with("file:") && key.ends_with("/a/b c.txt"));
        assert_ne!(key, file_key(Path::new("/a/b c.txt"), 10, 8));
        assert_ne!(key, file_key(Path::new("/a/b c.txt"), 11, 7));
        remember(d, "h", &Left::at(CharPos(5), None), 100).unwrap();
        remember(d, &key, &Left::at(CharPos(9), Some(true)), 200).unwrap();
        let p = lookup_newest(d, &["h", &key]).unwrap();
        assert_eq!((p.at, p.reflow), (CharPos(9), Some(true)));
        assert_eq!(at(d, "h"), Some(CharPos(5)));
        // Moved later, with the hash known: the hash's wins.
        remember(d, "h", &Left::at(CharPos(20), None), 300).unwrap();
        assert_eq!(lookup_newest(d, &["h", &key]).unwrap().at, CharPos(20));
        assert_eq!(lookup_newest(d, &["g", "x"]), None);
    }

    /// The encoding a file turned out to be in is kept under its key, for
    /// that version of the file only.
    #[test]
    fn the_encoding_found_for_a_file_is_kept_under_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let key = file_key(Path::new("/a/old.txt"), 10, 7);
        let left = Left {
            encoding: Some("windows-1252".into()),
            ..Left::at(CharPos(3), None)
        };
        remember(dir.path(), &key, &left, 5).unwrap();
        assert_eq!(
            encoding_of(dir.path(), &key).as_deref(),
            Some("windows-1252")
        );
        let changed = file_key(Path::new("/a/old.txt"), 11, 8);
        assert_eq!(encoding_of(dir.path(), &changed), None);
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert!(text.contains("encoding = \"windows-1252\""), "{text}");
    }

    /// How far an article was read and its file are kept for the library;
    /// a file key names its file too.
    #[test]
    fn how_far_and_which_file_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let left = Left {
            percent: Some(42),
            path: Some("/a/b: c.txt".into()),
            ..Left::at(CharPos(7), None)
        };
        remember(dir.path(), "h", &left, 5).unwrap();
        let all = all(dir.path());
        assert_eq!(all["h"].percent, Some(42));
        assert_eq!(all["h"].path.as_deref(), Some("/a/b: c.txt"));
        let key = file_key(Path::new("/a/b: c.txt"), 10, 7);
        assert_eq!(path_of_key(&key), Some("/a/b: c.txt"));
        assert_eq!(encoding_of(dir.path(), "h"), None);
        assert_eq!(path_of_key("06dd5c91"), None);
    }

    #[test]
    fn a_damaged_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "not [toml").unwrap();
        assert_eq!(at(dir.path(), "h"), None);
        remember(dir.path(), "h", &Left::at(CharPos(3), None), 1).unwrap();
        assert_eq!(at(dir.path(), "h"), Some(CharPos(3)));
    }

    /// Two machines reading the same article, the data directory synced:
    /// the position set later wins, whichever file it came in.
    #[test]
    fn the_later_position_wins_when_synced_copies_meet() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        remember(d, "h", &Left::at(CharPos(10), None), 100).unwrap();
        remember(d, "g", &Left::at(CharPos(1), None), 100).unwrap();
        // The other machine's version: h moved later, g earlier.
        let other = tempfile::tempdir().unwrap();
        remember(other.path(), "h", &Left::at(CharPos(500), None), 200).unwrap();
        remember(other.path(), "g", &Left::at(CharPos(2), None), 50).unwrap();
        let copy = d.join("positions.sync-conflict-20261204-101010-ABCDEFG.toml");
        std::fs::copy(other.path().join(FILE_NAME), &copy).unwrap();
        assert_eq!(at(d, "h"), Some(CharPos(500)), "the copy's later position");
        assert_eq!(at(d, "g"), Some(CharPos(1)));
        // Writing merges the copy into the file and removes it.
        remember(d, "k", &Left::at(CharPos(3), None), 300).unwrap();
        assert!(!copy.exists());
        let (file, copies) = read_all(d);
        assert!(copies.is_empty());
        assert_eq!(file["h"].at, CharPos(500));
        assert_eq!(file["g"].at, CharPos(1));
    }

    /// Quitting where the article already was does not make that position
    /// newer than a move made meanwhile elsewhere.
    #[test]
    fn staying_put_does_not_set_the_position_again() {
        let dir = tempfile::tempdir().unwrap();
        remember(dir.path(), "h", &Left::at(CharPos(10), None), 100).unwrap();
        remember(dir.path(), "h", &Left::at(CharPos(10), None), 900).unwrap();
        let p = lookup(dir.path(), "h").unwrap();
        assert_eq!((p.set_at(), p.seen), (100, 900));
        remember(dir.path(), "h", &Left::at(CharPos(11), None), 950).unwrap();
        assert_eq!(lookup(dir.path(), "h").unwrap().set_at(), 950);
    }

    fn arb_positions() -> impl proptest::strategy::Strategy<Value = BTreeMap<String, Position>> {
        use proptest::prelude::*;
        proptest::collection::btree_map(
            "[a-c]",
            (
                0u64..4,
                0u64..4,
                0u64..4,
                proptest::option::of(any::<bool>()),
                any::<bool>(),
            )
                .prop_map(|(at, seen, set, reflow, old)| Position {
                    at: CharPos(at),
                    seen,
                    set: (!old).then_some(set),
                    reflow,
                    percent: (at > 1).then_some(at as u8 * 30),
                    path: (seen > 2).then(|| format!("/a/{at}")),
                    encoding: None,
                }),
            0..4,
        )
    }

    proptest::proptest! {
        #[test]
        fn merging_positions_is_commutative_associative_and_idempotent(
            a in arb_positions(),
            b in arb_positions(),
            c in arb_positions(),
        ) {
            let ab = merge(&a, &b);
            proptest::prop_assert_eq!(&ab, &merge(&b, &a));
            proptest::prop_assert_eq!(merge(&ab, &c), merge(&a, &merge(&b, &c)));
            proptest::prop_assert_eq!(&merge(&ab, &ab), &ab);
            proptest::prop_assert_eq!(&merge(&ab, &a), &ab);
        }
    }
}
