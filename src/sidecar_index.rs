//! Which sidecar last held the annotations of which text: a small TOML file
//! in the data directory mapping content hash → sidecar path, so annotations
//! can follow an article that was moved or copied. This module is the only
//! reader and writer of that file.

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

fn read(dir: &Path) -> File {
    std::fs::read_to_string(dir.join(FILE_NAME))
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

/// The sidecar that last held annotations for content hash `hash`.
pub fn lookup(dir: &Path, hash: &str) -> Option<PathBuf> {
    read(dir).sidecars.remove(hash).map(|e| e.sidecar)
}

/// Record that `sidecar` holds the annotations of the text with content
/// hash `hash` (replacing the file atomically; a damaged index is started
/// afresh: it only helps find annotations, it never holds any).
pub fn record(dir: &Path, hash: &str, sidecar: &Path, now: u64) -> std::io::Result<()> {
    let mut file = read(dir);
    let sidecar = std::fs::canonicalize(sidecar).unwrap_or_else(|_| sidecar.to_path_buf());
    if file
        .sidecars
        .get(hash)
        .is_some_and(|e| e.sidecar == sidecar && now.saturating_sub(e.seen) < 3600)
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
    crate::store::write_atomic(&dir.join(FILE_NAME), text.as_bytes())
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
}
