//! Shared helpers for integration tests. Include with `mod support;`.

#![allow(dead_code)]

pub mod epub;
pub mod http;
pub mod library;
pub mod notes;
pub mod pty;
pub mod texts;

use pty::Term;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Press `q` and check annotty exits with status 0 within 10 s (the
/// screen is printed when it does not).
pub fn quit(term: &Term) {
    term.send_str("q");
    let exit = term.wait_exit(std::time::Duration::from_secs(10));
    assert_eq!(exit, Some(0), "{}", term.dump());
}

/// Path of the `annotty` binary built by cargo for integration tests.
pub fn annotty_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_annotty"))
}

/// annotty's data directory when it runs with `XDG_DATA_HOME` set to
/// `home/data` (as [`Home`] and `pty::Builder::home` do).
pub fn data_dir(home: &Path) -> PathBuf {
    home.join("data").join("annotty")
}

/// The lock annotty (run with `home` as above) takes to save the sidecar of
/// `article`: in its data directory, not beside the article.
pub fn lock_of(home: &Path, article: &Path) -> PathBuf {
    annotty::store::Store::beside(article)
        .keeping_files_in(Some(&data_dir(home)))
        .lock_path()
}

/// A highlight of the first `quote` in `text`, with id `id`, made and last
/// changed at `time` (RFC 3339), no note, no context.
pub fn highlight(
    text: &str,
    id: String,
    quote: &str,
    time: String,
) -> annotty::annotation::Annotation {
    let at = text.find(quote).expect("the quote is in the text");
    let start = text[..at].chars().count() as u64;
    annotty::annotation::Annotation {
        id,
        start: annotty::text::CharPos(start),
        end: annotty::text::CharPos(start + quote.chars().count() as u64),
        quote: quote.into(),
        prefix: String::new(),
        suffix: String::new(),
        tag: "highlight".into(),
        note: String::new(),
        created: time.clone(),
        updated: time,
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: toml::Table::new(),
    }
}

/// The sidecar annotty writes beside `article`.
pub fn sidecar_of(article: &Path) -> PathBuf {
    let mut s = article.as_os_str().to_owned();
    s.push(".annotty.toml");
    PathBuf::from(s)
}

/// The live (not deleted) annotations of the sidecar at `path`, read with
/// a generic TOML reader, as tables; none when there is no file, an error
/// when it does not parse.
pub fn live_annotations(path: &Path) -> Result<Vec<toml::Table>, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(Vec::new());
    };
    let doc: toml::Table =
        toml::from_str(&text).map_err(|e| format!("the sidecar does not parse: {e}"))?;
    Ok(doc
        .get("annotation")
        .and_then(|a| a.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|a| a.as_table())
                .filter(|a| a.get("deleted").is_none())
                .cloned()
                .collect()
        })
        .unwrap_or_default())
}

/// The quotes of [`live_annotations`]; panics when the sidecar does not
/// parse.
pub fn live_quotes(path: &Path) -> Vec<String> {
    live_annotations(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .iter()
        .map(|a| a["quote"].as_str().unwrap().to_string())
        .collect()
}

/// A scratch home for one test: config and data directories of its own.
pub struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write file `name` of this home.
    pub fn write(&self, name: impl AsRef<OsStr>, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(name.as_ref());
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// Run annotty on `args` in a `cols`×`rows` terminal, with
    /// `config.toml` of this home as its config if there is one.
    pub fn spawn<S: AsRef<OsStr>>(&self, args: &[S], cols: u16, rows: u16) -> Term {
        let config = self.path().join("config.toml");
        let mut builder = Term::builder(annotty_bin());
        if config.exists() {
            builder = builder.env("ANNOTTY_CONFIG", config);
        }
        builder
            .args(args)
            .home(self.path())
            .size(cols, rows)
            .spawn()
    }

    /// Run the binary without a terminal; (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        self.run_with(args, &[])
    }

    /// [`Home::run`] with these environment variables set too.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &OsStr)]) -> (i32, String, String) {
        let out = Command::new(annotty_bin())
            .args(args)
            .envs(env.iter().copied())
            .current_dir(self.path())
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// Wait (up to ten seconds) until `done` says what a file holds is as
/// expected: saves run off the reader's thread, so the screen may show a
/// change a moment before the file holds it.
pub fn eventually(what: &str, done: impl Fn() -> bool) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !done() {
        assert!(std::time::Instant::now() < until, "waited for {what}");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Wait (see [`eventually`]) until the sorted [`live_quotes`] of the
/// sidecar at `path` are `want`.
pub fn wait_quotes(path: &Path, want: &[&str]) {
    let sorted = || {
        let mut got = live_quotes(path);
        got.sort();
        got
    };
    eventually(&format!("{}: live quotes {want:?}", path.display()), || {
        sorted() == want
    });
}

/// A highlight was just made: wait for the status row to say so
/// (`highlighted “…”`), then clear that word with a key that does nothing
/// (F12), so the row shows the position and the counts again.
pub fn after_highlight(term: &Term) {
    term.wait_text("highlighted “");
    term.key_f(12);
    term.wait_no_text("highlighted “");
}

/// `got` must be what the file at `path` holds; with `UPDATE_GOLDEN` set
/// in the environment, the file is rewritten first (review its diff).
pub fn golden(path: &Path, got: &[u8]) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, got).unwrap();
    }
    let want = std::fs::read(path).unwrap();
    if got != want.as_slice() {
        let why = format!("{} changed (UPDATE_GOLDEN=1 to accept)", path.display());
        let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        assert_eq!(lossy(got), lossy(&want), "{why}");
        panic!("{why}");
    }
}

/// A scratch home whose `config.toml` puts the library in `lib/`; the
/// home and that directory (not made yet).
pub fn home_with_library() -> (Home, PathBuf) {
    let home = Home::new();
    let library = home.path().join("lib");
    home.write(
        "config.toml",
        format!("library = \"{}\"\n", library.display()),
    );
    (home, library)
}
