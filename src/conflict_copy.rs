//! The names sync tools give the copies they make when two machines
//! changed one file: Syncthing inserts `.sync-conflict-YYYYMMDD-HHMMSS-DEVICE`
//! before the last extension (`essay.txt.annotty.sync-conflict-20261204-101010-ABCDEFG.toml`);
//! Dropbox, Nextcloud and ownCloud insert ` (… conflicted copy …)` there
//! (`essay.txt.annotty (laptop's conflicted copy 2026-12-04).toml`).
//! [`is_copy_of`] is pure (names in, yes or no out); [`copies_in`] lists a
//! directory with it.

/// Whether the file name `candidate` is a sync tool's conflict copy of the
/// file named `name` (both without a directory).
pub fn is_copy_of(name: &str, candidate: &str) -> bool {
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => name.split_at(i),
        _ => (name, ""),
    };
    let Some(middle) = candidate
        .strip_prefix(stem)
        .and_then(|rest| rest.strip_suffix(ext))
    else {
        return false;
    };
    syncthing(middle) || dropbox(middle)
}

/// The conflict copies of the file named `name` in directory `dir` (none
/// when it cannot be read).
pub fn copies_in(dir: &std::path::Path, name: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| is_copy_of(name, &e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect()
}

/// `.sync-conflict-YYYYMMDD-HHMMSS-DEVICE` (DEVICE: letters and digits).
fn syncthing(middle: &str) -> bool {
    let Some(rest) = middle.strip_prefix(".sync-conflict-") else {
        return false;
    };
    let mut parts = rest.splitn(3, '-');
    let digits = |s: Option<&str>, n: usize| {
        s.is_some_and(|s| s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
    };
    digits(parts.next(), 8)
        && digits(parts.next(), 6)
        && parts
            .next()
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// ` (… conflicted copy …)`, maybe followed by ` (N)`.
fn dropbox(middle: &str) -> bool {
    middle.starts_with(" (")
        && middle.ends_with(')')
        && middle.to_ascii_lowercase().contains("conflicted copy")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIDECAR: &str = "essay.txt.annotty.toml";

    #[test]
    fn syncthing_and_dropbox_copies_are_recognised() {
        for copy in [
            "essay.txt.annotty.sync-conflict-20261204-101010-ABCDEFG.toml",
            "essay.txt.annotty (laptop's conflicted copy 2026-12-04).toml",
            "essay.txt.annotty (conflicted copy 2026-12-04 101010).toml",
            "essay.txt.annotty (Jo's conflicted copy 2026-12-04) (1).toml",
        ] {
            assert!(is_copy_of(SIDECAR, copy), "{copy}");
        }
        assert!(is_copy_of(
            "positions.toml",
            "positions.sync-conflict-20261204-101010-XYZ1234.toml"
        ));
        assert!(is_copy_of(
            "README",
            "README.sync-conflict-20261204-101010-AB"
        ));
    }

    #[test]
    fn other_names_are_not_copies() {
        for other in [
            SIDECAR,
            "essay.txt.annotty.toml.bak",
            "other.txt.annotty.sync-conflict-20261204-101010-ABCDEFG.toml",
            "essay.txt.annotty.sync-conflict-2026124-101010-ABCDEFG.toml",
            "essay.txt.annotty.sync-conflict-20261204-101010-.toml",
            "essay.txt.annotty.sync-conflict-20261204-101010-AB/C.toml",
            "essay.txt.annotty (copy).toml",
            "essay.txt.annotty.sync-conflict-20261204-101010-ABCDEFG.toml.tmp",
        ] {
            assert!(!is_copy_of(SIDECAR, other), "{other}");
        }
    }
}
