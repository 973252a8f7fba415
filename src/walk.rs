//! Walking directories the way ripgrep does (the `ignore` crate): the one
//! walk behind the library's listing ([`crate::source`]), the notes
//! browser's gathering ([`crate::gather`]) and `annotty export DIR`
//! ([`crate::export`]), so all of them see the same files.
//!
//! `.gitignore` (inside a git repository or not), `.ignore` and git's
//! excludes are honoured, hidden files and directories are left out,
//! symbolic links are followed and a loop of them is noticed and skipped.
//! A directory that cannot be read is skipped and reported ([`skipped`]).

use crate::store::SUFFIX;
use std::path::{Path, PathBuf};

/// The walker over `dir` (more roots can be `add`ed), set up as this
/// module describes. Callers add a depth or an order.
pub fn builder(dir: &Path) -> ignore::WalkBuilder {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder.follow_links(true).require_git(false);
    builder
}

/// Why the walker skipped something, one line naming the path
/// (`PATH: Permission denied`); `None` for a loop of links, which the walk
/// expects when it follows links (each place is walked once).
pub fn skipped(e: &ignore::Error) -> Option<String> {
    match e {
        ignore::Error::Loop { .. } => None,
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            skipped(err)
        }
        ignore::Error::WithPath { path, err } => {
            let why = skipped(err)?;
            Some(format!("{}: {why}", crate::source::shown(path)))
        }
        ignore::Error::Io(io) => {
            // The walker wraps the system's error in its own, which says
            // the path again: the innermost says just why.
            let mut inner: &dyn std::error::Error = io;
            while let Some(next) = inner.source() {
                inner = next;
            }
            let io = inner.downcast_ref::<std::io::Error>().unwrap_or(io);
            Some(crate::source::reason(io))
        }
        other => Some(crate::sanitize::line(&other.to_string())),
    }
}

/// What [`sidecars`] meets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Walked {
    /// A sidecar (`*.annotty.toml`, a file or a link to one).
    Sidecar(PathBuf),
    /// Something that could not be walked, with why ([`skipped`]).
    Skipped(String),
}

/// True for a sidecar's file name (`X.annotty.toml`, X not empty).
pub fn is_sidecar(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.len() > SUFFIX.len() && n.ends_with(SUFFIX))
}

/// Every sidecar under `dirs`, and every directory skipped, to `each` in
/// the walker's order (not sorted) until it returns false.
pub fn sidecars(dirs: &[PathBuf], mut each: impl FnMut(Walked) -> bool) {
    let Some((first, rest)) = dirs.split_first() else {
        return;
    };
    let mut builder = builder(first);
    for d in rest {
        builder.add(d);
    }
    for entry in builder.build() {
        let walked = match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                if is_sidecar(entry.path()) {
                    Walked::Sidecar(entry.into_path())
                } else if entry.depth() == 0 {
                    // An article named itself: the sidecar beside it.
                    let beside = crate::store::Store::beside(entry.path())
                        .path()
                        .to_path_buf();
                    if !beside.is_file() {
                        continue;
                    }
                    Walked::Sidecar(beside)
                } else {
                    continue;
                }
            }
            Ok(_) => continue,
            Err(e) => match skipped(&e) {
                Some(why) => Walked::Skipped(why),
                None => continue,
            },
        };
        if !each(walked) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(dirs: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
        let (mut found, mut skipped) = (Vec::new(), Vec::new());
        sidecars(dirs, |w| {
            match w {
                Walked::Sidecar(p) => found.push(p),
                Walked::Skipped(why) => skipped.push(why),
            }
            true
        });
        found.sort();
        (found, skipped)
    }

    /// Ignored, hidden and non-sidecar files are left out; a link to a
    /// sidecar counts, a loop of links is walked once and not reported.
    #[test]
    fn sidecars_as_ripgrep_would_find_them() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub/ignored")).unwrap();
        std::fs::create_dir_all(d.join(".hidden")).unwrap();
        std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
        for f in [
            "a.txt.annotty.toml",
            "sub/b.txt.annotty.toml",
            "sub/ignored/c.txt.annotty.toml",
            ".hidden/d.txt.annotty.toml",
            ".annotty.toml",
            "e.txt",
        ] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        std::os::unix::fs::symlink(d.join("a.txt.annotty.toml"), d.join("l.txt.annotty.toml"))
            .unwrap();
        std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
        let (found, skipped) = walk(&[d.to_path_buf()]);
        let names: Vec<_> = found.iter().map(|p| p.strip_prefix(d).unwrap()).collect();
        assert_eq!(
            names,
            [
                Path::new("a.txt.annotty.toml"),
                Path::new("l.txt.annotty.toml"),
                Path::new("sub/b.txt.annotty.toml")
            ]
        );
        assert_eq!(skipped, Vec::<String>::new());
        // Files named: a sidecar, or an article (its sidecar beside it); an
        // article with none adds nothing.
        std::fs::write(d.join("sub/b.txt"), "x").unwrap();
        let (found, _) = walk(&[
            d.join("sub/b.txt"),
            d.join("a.txt.annotty.toml"),
            d.join("e.txt"),
        ]);
        assert_eq!(
            found,
            [
                d.join("a.txt.annotty.toml"),
                d.join("sub/b.txt.annotty.toml")
            ]
        );
    }

    /// A directory named that is not there and a link that leads
    /// nowhere are named with why (the walk goes on).
    #[test]
    fn what_cannot_be_walked_is_reported_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let here = dir.path().join("here");
        std::fs::create_dir(&here).unwrap();
        std::fs::write(here.join("a.txt.annotty.toml"), "x").unwrap();
        std::os::unix::fs::symlink(&gone, here.join("dangling")).unwrap();
        let (found, skipped) = walk(&[gone.clone(), here.clone()]);
        assert_eq!(found, [here.join("a.txt.annotty.toml")]);
        assert_eq!(
            skipped,
            [
                format!("{}: No such file or directory", gone.display()),
                format!(
                    "{}: No such file or directory",
                    here.join("dangling").display()
                ),
            ]
        );
    }
}
