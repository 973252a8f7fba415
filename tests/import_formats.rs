//! `annotty import --from FORMAT`: golden tests of each format's sample
//! file (tests/fixtures/import/, described in docs/IMPORT-FORMATS.md)
//! imported into a small library (tests/fixtures/import/library/): the
//! exit status, the report, what was left out, and every sidecar written.
//! `ANNOTTY_BLESS=1 cargo test --test import_formats` rewrites the golden
//! files (`*.golden`) after a deliberate change; read the diff.

mod export_common;

use export_common::{annotty, run};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// A temporary directory holding a copy of the library in `lib/`.
fn library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    for e in std::fs::read_dir(fixtures().join("library")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), lib.join(e.file_name())).unwrap();
    }
    dir
}

/// The sidecars in `lib/`, by name, with their contents.
fn sidecars(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir.join("lib"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".annotty.toml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// Import `file` (a fixture) as `format` with `args`, in a fresh library.
fn import(format: &str, file: &str, args: &[&str]) -> (tempfile::TempDir, i32, String, String) {
    let dir = library();
    std::fs::copy(fixtures().join(file), dir.path().join(file)).unwrap();
    let mut c = annotty(dir.path());
    c.args(["import", "--from", format, file, "--library", "lib"]);
    c.args(args);
    let (code, out, err) = run(c);
    (dir, code, out, err)
}

fn describe(dir: &Path, code: i32, out: &str, err: &str) -> String {
    let mut s = format!("exit {code}\n--- standard output\n{out}--- standard error\n{err}");
    for (name, text) in sidecars(dir) {
        s.push_str(&format!("--- {name}\n{text}"));
    }
    s
}

/// Compare with (or, blessing, write) `tests/fixtures/import/NAME.golden`.
fn golden(name: &str, got: &str) {
    let path = fixtures().join(format!("{name}.golden"));
    if std::env::var_os("ANNOTTY_BLESS").is_some() {
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        want == got,
        "{name}: differs from {} (ANNOTTY_BLESS=1 to rewrite)\n--- got\n{got}",
        path.display()
    );
}

/// Import, compare with the golden file, import again: nothing is added
/// (every entry a duplicate) and no sidecar changes.
fn golden_import(name: &str, format: &str, file: &str) -> tempfile::TempDir {
    let (dir, code, out, err) = import(format, file, &[]);
    golden(name, &describe(dir.path(), code, &out, &err));
    let before = sidecars(dir.path());
    let mut c = annotty(dir.path());
    c.args(["import", "--from", format, file, "--library", "lib"]);
    let (again, out2, _) = run(c);
    assert_eq!(again, code, "{out2}");
    assert_eq!(
        sidecars(dir.path()),
        before,
        "a second import changes nothing"
    );
    for line in out2.lines() {
        assert!(line.contains(": 0 imported ("), "{line}");
    }
    dir
}

#[test]
fn kindle_clippings() {
    let dir = golden_import("kindle", "kindle", "kindle-clippings.txt");
    // The book not in the library is named, with exit status 3.
    let (_, code, _, err) = import("kindle", "kindle-clippings.txt", &["--dry-run"]);
    assert_eq!(code, 3);
    assert!(
        err.contains("not imported: \"Le Petit Traité\" by Anne Morel (1 highlight)"),
        "{err}"
    );
    drop(dir);
}

#[test]
fn a_dry_run_writes_nothing() {
    let (dir, code, out, _) = import("kindle", "kindle-clippings.txt", &["--dry-run"]);
    assert_eq!(code, 3);
    assert!(out.contains("(dry run: not written)"), "{out}");
    assert!(out.contains("the-quiet-harbour.txt: 2 imported"), "{out}");
    assert_eq!(sidecars(dir.path()), Vec::new());
}

#[test]
fn article_names_the_one_article_for_everything() {
    let (dir, code, out, err) = import(
        "kindle",
        "kindle-clippings.txt",
        &["--article", "lib/field-notes.md"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with(
            "lib/field-notes.md: 6 imported (1 placed, 0 moved by quote, 0 fuzzy, 5 orphaned), \
             1 duplicates skipped"
        ),
        "{out}"
    );
    assert_eq!(sidecars(dir.path()).len(), 1);
}

#[test]
fn readwise_csv() {
    golden_import("readwise", "readwise", "readwise.csv");
}

#[test]
fn koreader_json() {
    golden_import("koreader-json", "koreader", "koreader.json");
}

#[test]
fn koreader_markdown() {
    golden_import("koreader-md", "koreader", "koreader.md");
}

#[test]
fn hypothesis_json() {
    golden_import("hypothesis", "hypothesis", "hypothesis.json");
}

/// A Hypothesis annotation made on a `file://` page goes to that file,
/// whatever its title.
#[test]
fn a_file_uri_names_the_article() {
    let dir = library();
    let article = dir.path().join("lib/field-notes.md");
    let uri = format!("file://{}", article.display());
    let json = format!(
        r#"[{{"id": "f1", "uri": "{uri}", "text": "", "tags": [],
            "created": "2026-12-01T00:00:00Z", "document": {{"title": ["Untitled"]}},
            "target": [{{"source": "{uri}", "selector": [
              {{"type": "TextQuoteSelector", "exact": "A wren is louder"}}]}}]}}]"#
    );
    std::fs::write(dir.path().join("h.json"), json).unwrap();
    let mut c = annotty(dir.path());
    c.args([
        "import",
        "--from",
        "hypothesis",
        "h.json",
        "--library",
        "lib",
    ]);
    let (code, out, err) = run(c);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(
        out.contains("field-notes.md: 1 imported (1 placed"),
        "{out}"
    );
}
