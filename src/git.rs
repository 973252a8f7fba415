//! git and sidecars: the merge driver (`annotty merge-driver %O %A %B %P`),
//! which merges two versions of a sidecar with the store's merge
//! ([`crate::store::merge_texts`]), and `annotty git-setup`, which tells a
//! repository to use it: a line in `.gitattributes` and the driver in the
//! repository's own config (through `git config`, so worktrees and
//! `core.worktree` are git's business). Both are idempotent.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `.gitattributes` line that sends sidecars to the driver.
pub const ATTRIBUTE: &str = "*.annotty.toml merge=annotty";
/// The arguments git passes, after the program.
const DRIVER_ARGS: &str = "merge-driver %O %A %B %P";

/// `annotty merge-driver`: merge the sidecars `ours` and `theirs` into
/// `ours` (replaced atomically). `base` (the common ancestor) is not read:
/// the merge needs none (see [`crate::store::merge_sidecars`]). `shown`
/// names the file in messages. An error (a side that is not a readable
/// sidecar) leaves `ours` as it was.
pub fn merge_driver(_base: &Path, ours: &Path, theirs: &Path, shown: &Path) -> Result<(), String> {
    let read = |p: &Path| {
        std::fs::read(p)
            .map_err(|e| format!("{}: {}", crate::source::shown(p), crate::source::reason(&e)))
    };
    let (a, b) = (read(ours)?, read(theirs)?);
    let merged = crate::store::merge_texts(&a, &b).map_err(|e| {
        format!(
            "{} ({}): line {}: {}",
            crate::source::shown(shown),
            ["ours", "theirs"][e.side.min(1)],
            e.error.line,
            crate::sanitize::line(&e.error.message)
        )
    })?;
    crate::store::write_atomic(ours, merged.as_bytes()).map_err(|e| {
        format!(
            "{}: {}",
            crate::source::shown(ours),
            crate::source::reason(&e)
        )
    })
}

/// `annotty git-setup DIR`: in the repository holding `dir`, add
/// [`ATTRIBUTE`] to the top-level `.gitattributes` unless a line says it
/// already, and set `merge.annotty.name` and `merge.annotty.driver` in the
/// repository's config unless set so. Returns one line per step: what was
/// done, or that it was already so.
pub fn setup(dir: &Path) -> Result<Vec<String>, String> {
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?.trim_end());
    let mut said = Vec::new();
    let attributes = top.join(".gitattributes");
    let shown = crate::source::shown(&attributes);
    let text = match std::fs::read_to_string(&attributes) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{shown}: {}", crate::source::reason(&e))),
    };
    if text
        .lines()
        .any(|l| l.split_whitespace().eq(ATTRIBUTE.split(' ')))
    {
        said.push(format!("{shown} already has `{ATTRIBUTE}`"));
    } else {
        let mut new = text;
        if !new.is_empty() && !new.ends_with('\n') {
            new.push('\n');
        }
        new.push_str(ATTRIBUTE);
        new.push('\n');
        crate::store::write_atomic(&attributes, new.as_bytes())
            .map_err(|e| format!("{shown}: {}", crate::source::reason(&e)))?;
        said.push(format!("added `{ATTRIBUTE}` to {shown}"));
    }
    let driver = format!("{} {DRIVER_ARGS}", program());
    for (key, value) in [
        ("merge.annotty.name", "annotty sidecars"),
        ("merge.annotty.driver", driver.as_str()),
    ] {
        let now = git(&top, &["config", "--local", "--get", key]).ok();
        if now.as_deref().map(str::trim_end) == Some(value) {
            said.push(format!("{key} is already `{value}`"));
        } else {
            git(&top, &["config", "--local", key, value])?;
            said.push(format!("set {key} = `{value}` in the repository's config"));
        }
    }
    Ok(said)
}

/// Run git in `dir`; its standard output, or its complaint as the error.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {}", crate::source::reason(&e)))?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    let why = String::from_utf8_lossy(&out.stderr);
    let why = why.lines().next().unwrap_or("failed");
    Err(format!(
        "git {}: {}",
        args.join(" "),
        crate::sanitize::line(why)
    ))
}

/// How the driver names annotty: `annotty` when that is what `PATH` finds
/// (this very program), else this program's full path, quoted for the
/// shell git runs the driver with.
fn program() -> String {
    let Ok(me) = std::env::current_exe().and_then(std::fs::canonicalize) else {
        return "annotty".into();
    };
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("annotty"))
            .find(|p| p.is_file())
    });
    if on_path.and_then(|p| std::fs::canonicalize(p).ok()) == Some(me.clone()) {
        return "annotty".into();
    }
    shell_quote(&me.to_string_lossy())
}

/// `s` as one word for `sh`.
fn shell_quote(s: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_the_shell() {
        assert_eq!(shell_quote("/usr/bin/annotty"), "/usr/bin/annotty");
        assert_eq!(shell_quote("/a b/it's"), r"'/a b/it'\''s'");
    }
}
