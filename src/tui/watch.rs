//! Noticing that the open article's file was deleted, cut short or
//! changed on disk while it is shown. annotty keeps showing the text it
//! read (small files are read into memory); the reader is told once per
//! kind of change, in the status row.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How often the article's file is looked at.
const RECHECK: Duration = Duration::from_secs(2);

/// What identifies one version of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Version {
    dev: u64,
    ino: u64,
    /// Bytes.
    len: u64,
    modified: Option<SystemTime>,
}

impl Version {
    fn of(path: &Path) -> Option<Version> {
        let m = std::fs::metadata(path).ok()?;
        Some(Version {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

/// What became of the file since it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Gone,
    Shorter,
    Changed,
}

/// The file of the open article, as it was when it was read.
pub struct ArticleWatch {
    path: PathBuf,
    opened: Option<Version>,
    checked: Instant,
    /// The last fate reported, so each is said once.
    told: Option<Fate>,
}

impl ArticleWatch {
    /// Watch `path`, read just now.
    pub fn new(path: &Path) -> ArticleWatch {
        ArticleWatch {
            path: path.to_path_buf(),
            opened: Version::of(path),
            checked: Instant::now(),
            told: None,
        }
    }

    /// What became of the file, looking now.
    pub fn fate(&self) -> Option<Fate> {
        let opened = self.opened?;
        match Version::of(&self.path) {
            None => Some(Fate::Gone),
            Some(v) if v == opened => None,
            Some(v) if v.len < opened.len => Some(Fate::Shorter),
            Some(_) => Some(Fate::Changed),
        }
    }

    /// Every few seconds: the message to show when the file's fate is new.
    pub fn recheck(&mut self, name: &str) -> Option<String> {
        if self.checked.elapsed() < RECHECK {
            return None;
        }
        self.checked = Instant::now();
        let fate = self.fate();
        if fate == self.told {
            return None;
        }
        self.told = fate;
        fate.map(|f| message(f, name))
    }
}

/// What the status row says about an article's file (`name` is shown as
/// given; the caller sanitises it).
pub fn message(fate: Fate, name: &str) -> String {
    let what = match fate {
        Fate::Gone => "was deleted",
        Fate::Shorter => "was cut short",
        Fate::Changed => "changed",
    };
    format!("{name} {what} on disk: shown as it was when opened (notes are still saved)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_deleted_shortened_and_changed_files_apart() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "one two three").unwrap();
        let w = ArticleWatch::new(&p);
        assert_eq!(w.fate(), None);
        std::fs::write(&p, "one").unwrap();
        assert_eq!(w.fate(), Some(Fate::Shorter));
        std::fs::write(&p, "one two three four").unwrap();
        assert_eq!(w.fate(), Some(Fate::Changed));
        std::fs::remove_file(&p).unwrap();
        assert_eq!(w.fate(), Some(Fate::Gone));
        assert!(message(Fate::Gone, "a.txt").starts_with("a.txt was deleted on disk"));
    }

    #[test]
    fn each_fate_is_told_once() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "text").unwrap();
        let mut w = ArticleWatch::new(&p);
        std::fs::remove_file(&p).unwrap();
        w.checked -= RECHECK;
        assert!(w.recheck("a.txt").unwrap().contains("deleted"));
        w.checked -= RECHECK;
        assert_eq!(w.recheck("a.txt"), None, "said once");
        std::fs::write(&p, "te").unwrap();
        w.checked -= RECHECK;
        assert!(w.recheck("a.txt").unwrap().contains("cut short"));
    }
}
