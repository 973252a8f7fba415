//! Noticing that the open article's file was deleted, replaced (renamed
//! over), cut short or rewritten while it is shown.
//!
//! What follows depends on where the article's bytes live. An article read
//! into memory keeps the text it was opened with, and the reader is told
//! once per kind of change in the status row. A memory-mapped article's
//! bytes are the file's, so a change shows through (and a truncation faults,
//! see [`crate::mapped`]): the session reloads it.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often the article's file is looked at (one `stat`).
const RECHECK: Duration = Duration::from_millis(500);

/// What identifies one version of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Version {
    dev: u64,
    ino: u64,
    /// Bytes.
    len: u64,
    /// Modification time, nanoseconds since the epoch.
    mtime_ns: i128,
}

impl Version {
    fn of(path: &Path) -> Option<Version> {
        let m = std::fs::metadata(path).ok()?;
        Some(Version {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
        })
    }
}

/// What became of the file since it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// No file at that path any more.
    Gone,
    /// Another file was put at the path (a rename over it).
    Replaced,
    /// The same file, now shorter.
    Shorter,
    /// The same file, rewritten or grown.
    Changed,
}

impl Fate {
    /// One word for a reload message: "truncated", "replaced", "changed".
    pub fn word(self) -> &'static str {
        match self {
            Fate::Gone => "deleted",
            Fate::Replaced => "replaced",
            Fate::Shorter => "truncated",
            Fate::Changed => "changed",
        }
    }
}

/// The file of the open article, as it was when it was read.
pub struct ArticleWatch {
    path: PathBuf,
    opened: Option<Version>,
    checked: Instant,
    /// The last fate reported, so each is said once.
    told: Option<Fate>,
    /// Whether the article's bytes are a mapping of this file.
    mapped: bool,
}

impl ArticleWatch {
    /// Watch `path`, read (or mapped, if `mapped`) just now.
    pub fn new(path: &Path, mapped: bool) -> ArticleWatch {
        ArticleWatch {
            path: path.to_path_buf(),
            opened: Version::of(path),
            checked: Instant::now(),
            told: None,
            mapped,
        }
    }

    /// Whether the article's bytes are a mapping of the file.
    pub fn mapped(&self) -> bool {
        self.mapped
    }

    /// What became of the file, looking now.
    pub fn fate(&self) -> Option<Fate> {
        let opened = self.opened?;
        match Version::of(&self.path) {
            None => Some(Fate::Gone),
            Some(v) if v == opened => None,
            Some(v) if (v.dev, v.ino) != (opened.dev, opened.ino) => Some(Fate::Replaced),
            Some(v) if v.len < opened.len => Some(Fate::Shorter),
            Some(_) => Some(Fate::Changed),
        }
    }

    /// The file's fate when it is new since the last time one was told;
    /// looks at most every [`RECHECK`] unless `now`.
    pub fn recheck(&mut self, now: bool) -> Option<Fate> {
        if !now && self.checked.elapsed() < RECHECK {
            return None;
        }
        self.checked = Instant::now();
        let fate = self.fate();
        if fate == self.told {
            return None;
        }
        self.told = fate;
        fate
    }
}

/// What the status row says about the file of an article kept in memory
/// (`name` is shown as given; the caller sanitises it).
pub fn message(fate: Fate, name: &str) -> String {
    let what = match fate {
        Fate::Gone => "was deleted",
        Fate::Shorter => "was cut short",
        Fate::Changed | Fate::Replaced => "changed",
    };
    format!("{name} {what} on disk: shown as it was when opened (notes are still saved)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_deleted_replaced_shortened_and_changed_files_apart() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "one two three").unwrap();
        let w = ArticleWatch::new(&p, false);
        assert_eq!(w.fate(), None);
        std::fs::write(&p, "one").unwrap();
        assert_eq!(w.fate(), Some(Fate::Shorter));
        std::fs::write(&p, "one two three four").unwrap();
        assert_eq!(w.fate(), Some(Fate::Changed));
        let other = dir.path().join("b.txt");
        std::fs::write(&other, "one two three").unwrap();
        std::fs::rename(&other, &p).unwrap();
        assert_eq!(w.fate(), Some(Fate::Replaced));
        std::fs::remove_file(&p).unwrap();
        assert_eq!(w.fate(), Some(Fate::Gone));
        assert!(message(Fate::Gone, "a.txt").starts_with("a.txt was deleted on disk"));
    }

    #[test]
    fn each_fate_is_told_once() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "text").unwrap();
        let mut w = ArticleWatch::new(&p, false);
        std::fs::remove_file(&p).unwrap();
        assert_eq!(w.recheck(false), None, "not looked at yet");
        assert_eq!(w.recheck(true), Some(Fate::Gone));
        w.checked -= RECHECK;
        assert_eq!(w.recheck(false), None, "said once");
        std::fs::write(&p, "te").unwrap();
        w.checked -= RECHECK;
        // A new file at the path: another inode (the old one was deleted).
        assert!(matches!(
            w.recheck(false),
            Some(Fate::Replaced | Fate::Shorter)
        ));
    }
}
