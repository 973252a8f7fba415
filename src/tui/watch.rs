//! Noticing that the open article's file changed on disk: truncated,
//! replaced (renamed over), or rewritten. Only memory-mapped articles are
//! watched: their bytes are the file's, so a change shows through (and a
//! truncation faults, see [`crate::mapped`]); an article read into memory
//! keeps the text it was opened with.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often the file's metadata is looked at.
const EVERY: Duration = Duration::from_millis(500);

/// What identifies a version of the file: device, inode, size in bytes,
/// modification time in nanoseconds.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime_ns: i128,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp {
        dev: m.dev(),
        ino: m.ino(),
        len: m.len(),
        mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
    })
}

/// The file of a memory-mapped article.
pub struct Watch {
    path: PathBuf,
    seen: Option<Stamp>,
    checked: Instant,
}

impl Watch {
    pub fn new(path: &Path) -> Watch {
        Watch {
            path: path.to_path_buf(),
            seen: stamp(path),
            checked: Instant::now(),
        }
    }

    /// How the file changed since it was opened, if it did: "truncated",
    /// "replaced", "changed". Looks at most every [`EVERY`] unless `now`.
    pub fn changed(&mut self, now: bool) -> Option<&'static str> {
        if !now && self.checked.elapsed() < EVERY {
            return None;
        }
        self.checked = Instant::now();
        let (old, new) = (self.seen?, stamp(&self.path)?);
        if new == old {
            return None;
        }
        Some(if (new.dev, new.ino) != (old.dev, old.ino) {
            "replaced"
        } else if new.len < old.len {
            "truncated"
        } else {
            "changed"
        })
    }
}
