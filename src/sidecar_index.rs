//! Which sidecar last held the annotations of which text: a small TOML file
//! in the data directory mapping content hash → sidecar path, so annotations
//! can follow an article that was moved or copied. This module is the only
//! reader and writer of that file.
//!
//! With config `data_dir` in a synced folder, a sync tool may leave
//! conflict copies of it (`sidecars.sync-conflict-….toml`,
//! `sidecars (… conflicted copy …).toml`): they are read as part of it —
//! per hash, the entry seen last wins — and removed once the next record
//! has written the merge.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Name of the file inside the data directory.
pub const FILE_NAME: &str = "sidecars.toml";
/// Entries kept; the least recently seen are dropped beyond this.
const KEEP: usize = 5000;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    sidecar: PathBuf,
    /// Seconds since the Unix epoch when it was last seen.
    seen: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    #[serde(default)]
    sidecars: BTreeMap<String, Entry>,
}

fn read_file(path: &Path) -> File {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

/// The file merged with its conflict copies (per hash, the entry seen
/// last; on a tie the greater path), and the copies read.
fn read_all(dir: &Path) -> (File, Vec<PathBuf>) {
    let mut file = read_file(&dir.join(FILE_NAME));
    let copies = crate::conflict_copy::copies_in(dir, FILE_NAME);
    for c in &copies {
        for (hash, theirs) in read_file(c).sidecars {
            let newer = |mine: &Entry| (theirs.seen, &theirs.sidecar) > (mine.seen, &mine.sidecar);
            if file.sidecars.get(&hash).is_none_or(newer) {
                file.sidecars.insert(hash, theirs);
            }
        }
    }
    (file, copies)
}

fn read(dir: &Path) -> File {
    read_all(dir).0
}

/// The sidecar that last held annotations for content hash `hash`.
pub fn lookup(dir: &Path, hash: &str) -> Option<PathBuf> {
    read(dir).sidecars.remove(hash).map(|e| e.sidecar)
}

/// Record that `sidecar` holds the annotations of the text with content
/// hash `hash` (replacing the file atomically; a damaged index is started
/// afresh: it only helps find annotations, it never holds any).
pub fn record(dir: &Path, hash: &str, sidecar: &Path, now: u64) -> std::io::Result<()> {
    let (mut file, copies) = read_all(dir);
    let sidecar = std::fs::canonicalize(sidecar).unwrap_or_else(|_| sidecar.to_path_buf());
    if file
        .sidecars
        .get(hash)
        .is_some_and(|e| e.sidecar == sidecar && now.saturating_sub(e.seen) < 3600)
        && copies.is_empty()
    {
        return Ok(());
    }
    file.sidecars
        .insert(hash.to_string(), Entry { sidecar, seen: now });
    if file.sidecars.len() > KEEP {
        let mut by_age: Vec<(u64, String)> = file
            .sidecars
            .iter()
            .map(|(k, e)| (e.seen, k.clone()))
            .collect();
        by_age.sort();
        for (_, k) in by_age.iter().take(file.sidecars.len() - KEEP) {
            file.sidecars.remove(k);
        }
    }
    std::fs::create_dir_all(dir)?;
    let text = format!(
        "# annotty: which sidecar last held the annotations of each text, by content hash\n{}",
        toml::to_string(&file).map_err(std::io::Error::other)?
    );
    crate::store::write_atomic(&dir.join(FILE_NAME), text.as_bytes())?;
    // Merged into the file just written: the copies can go.
    for c in copies {
        let _ = std::fs::remove_file(c);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_finds_sidecars_by_hash() {
        let dir = tempfile::tempdir().unwrap();
        let side = dir.path().join("a.txt.annotty.toml");
        std::fs::write(&side, "x").unwrap();
        assert_eq!(lookup(dir.path(), "h"), None);
        record(dir.path(), "h", &side, 10).unwrap();
        assert_eq!(
            lookup(dir.path(), "h"),
            Some(std::fs::canonicalize(&side).unwrap())
        );
        std::fs::write(dir.path().join(FILE_NAME), "garbage [").unwrap();
        assert_eq!(lookup(dir.path(), "h"), None);
        record(dir.path(), "g", &side, 11).unwrap();
        assert!(lookup(dir.path(), "g").is_some());
    }

    #[test]
    fn conflict_copies_are_merged_then_removed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (a, b, c) = (d.join("a.toml"), d.join("b.toml"), d.join("c.toml"));
        for p in [&a, &b, &c] {
            std::fs::write(p, "x").unwrap();
        }
        record(d, "h1", &a, 100).unwrap();
        record(d, "h2", &a, 100).unwrap();
        // Another machine's version: h1 seen later there, h3 new.
        let mut theirs = File::default();
        let entry = |p: &Path, seen| Entry {
            sidecar: std::fs::canonicalize(p).unwrap(),
            seen,
        };
        theirs.sidecars.insert("h1".into(), entry(&b, 200));
        theirs.sidecars.insert("h2".into(), entry(&b, 50));
        theirs.sidecars.insert("h3".into(), entry(&c, 10));
        let copy = d.join("sidecars.sync-conflict-20261205-101010-ABCDEFG.toml");
        std::fs::write(&copy, toml::to_string(&theirs).unwrap()).unwrap();
        let canon = |p: &Path| Some(std::fs::canonicalize(p).unwrap());
        assert_eq!(
            lookup(d, "h1"),
            canon(&b),
            "seen later on the other machine"
        );
        assert_eq!(lookup(d, "h2"), canon(&a), "seen later here");
        assert_eq!(lookup(d, "h3"), canon(&c));
        assert!(copy.exists(), "a lookup only reads");
        record(d, "h4", &a, 300).unwrap();
        assert!(!copy.exists(), "merged into the file, then removed");
        assert_eq!(lookup(d, "h1"), canon(&b));
        assert_eq!(lookup(d, "h3"), canon(&c));
    }
}
