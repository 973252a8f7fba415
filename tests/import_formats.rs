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

/// The Hypothesis client's "Export annotations" file: the same annotations
/// under `annotations`, with the export's date, user and client version.
#[test]
fn hypothesis_client_export() {
    golden_import("hypothesis-export", "hypothesis", "hypothesis-export.json");
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

/// Without `--library`, books are looked for in the current directory and
/// then in the library directory of snapshots (config `library`): a
/// clippings file imported from another directory finds its book there.
#[test]
fn without_library_the_configured_library_is_searched_too() {
    let dir = library();
    let elsewhere = dir.path().join("downloads");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::copy(
        fixtures().join("kindle-clippings.txt"),
        elsewhere.join("clips.txt"),
    )
    .unwrap();
    let config = dir.path().join(".config/annotty/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    let lib = dir.path().join("lib");
    std::fs::write(
        &config,
        format!("library = {:?}\n", lib.display().to_string()),
    )
    .unwrap();

    let mut c = annotty(dir.path());
    c.current_dir(&elsewhere);
    c.args(["import", "--from", "kindle", "clips.txt", "--dry-run"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 3, "one book is in no library: {out}{err}");
    assert!(out.contains("the-quiet-harbour.txt: 2 imported"), "{out}");

    // Without the config, nothing here or in the data directory matches.
    std::fs::remove_file(&config).unwrap();
    let mut c = annotty(dir.path());
    c.current_dir(&elsewhere);
    c.args(["import", "--from", "kindle", "clips.txt", "--dry-run"]);
    let (_, out, err) = run(c);
    assert!(!out.contains("the-quiet-harbour.txt"), "{out}");
    assert!(err.contains("not imported"), "{err}");
}

// ------------------------------------------------------------ bad input

/// Import `bytes` written as `name` into a fresh library.
fn import_bytes(
    format: &str,
    name: &str,
    bytes: &[u8],
) -> (tempfile::TempDir, i32, String, String) {
    let dir = library();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let mut c = annotty(dir.path());
    c.args(["import", "--from", format, name, "--library", "lib"]);
    let (code, out, err) = run(c);
    (dir, code, out, err)
}

#[test]
fn a_latin1_entry_and_a_cut_off_last_entry() {
    let mut bytes = "Über das Lesen (Feld, Jonas)\n- Ihre Markierung bei Position 4-6 | \
        Hinzugefügt am Montag, 7. Dezember 2026 08:00:40\n\nWer langsam liest, liest zweimal.\n==========\n"
        .as_bytes()
        .to_vec();
    // The same book's second highlight, written in Latin-1.
    let latin1 = |s: &str| s.chars().map(|c| c as u8).collect::<Vec<u8>>();
    bytes.extend(latin1("Über das Lesen (Feld, Jonas)\n"));
    bytes.extend(b"- Ihre Markierung bei Position 9 | Hinzugef\xfcgt am Montag, 7. Dezember 2026 08:02:00\n\n");
    bytes.extend(latin1(
        "Bücher sind Häuser, in denen man wohnen kann, solange man will.\n==========\n",
    ));
    // Cut off while the Kindle wrote it.
    bytes.extend(b"The Quiet Harbour (Mara Lind)\n- Your Highlight on Location 5-6 | Added on Sunday, 6 December 2026 10:16:00\n\nHe said the led");
    let (dir, code, out, err) = import_bytes("kindle", "clippings.txt", &bytes);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "lib/lesen.txt: 2 imported (2 placed, 0 moved by quote, 0 fuzzy, 0 orphaned), \
         0 duplicates skipped; lib/lesen.txt.annotty.toml\n"
    );
    assert_eq!(
        err,
        "annotty: clippings.txt: 3 lines not UTF-8, read as Windows-1252\n\
         annotty: clippings.txt: left out entry 3: cut off (no ========== after it)\n"
    );
    let names: Vec<String> = sidecars(dir.path()).into_iter().map(|s| s.0).collect();
    assert_eq!(names, ["lesen.txt.annotty.toml"]);
}

#[test]
fn input_of_the_wrong_shape_is_one_line_and_writes_nothing() {
    for (format, bytes, says) in [
        ("koreader", &br#"{"rows": []}"#[..], "not KOReader JSON"),
        ("koreader", b"[1]", "not KOReader JSON"),
        ("koreader", b"{\"entries\": [", "line 1:"),
        ("hypothesis", br#"{"documents": []}"#, "not Hypothesis JSON"),
        ("readwise", b"Title,Author\nx,y\n", "no `Highlight` column"),
        (
            "readwise",
            b"Highlight,Book Title\n\"a\nb\",Emma\nc,d,e\n",
            "line 4:",
        ),
        ("w3c", br#"{"x": 1}"#, "not a W3C annotation"),
    ] {
        let (dir, code, out, err) = import_bytes(format, "in.txt", bytes);
        assert_eq!((code, out.as_str()), (2, ""), "{format}: {err}");
        assert_eq!(err.lines().count(), 1, "{format}: {err}");
        assert!(err.starts_with("annotty: in.txt: "), "{format}: {err}");
        assert!(err.contains(says), "{format}: {err}");
        assert_eq!(sidecars(dir.path()), Vec::new(), "{format}");
    }
}

/// A file that holds no highlight of its format: exit 1, one line on
/// standard error naming the file and what such a file holds (or how many
/// entries were left out), nothing written.
#[test]
fn a_file_without_highlights_says_so_and_writes_nothing() {
    let bookmark = "The Quiet Harbour (Mara Lind)\n- Your Bookmark on Location 12 | \
        Added on Sunday, 6 December 2026 10:14:03\n\n\n==========\n";
    for (format, bytes, says) in [
        (
            "koreader",
            &b"hello\n"[..],
            "no KOReader highlights found (expected the exporter's JSON",
        ),
        ("koreader", b"[]", "no KOReader highlights found (expected"),
        (
            "koreader",
            br#"{"entries": []}"#,
            "no KOReader highlights found",
        ),
        (
            "kindle",
            b"",
            "no Kindle highlights found (expected entries of",
        ),
        (
            "kindle",
            bookmark.as_bytes(),
            "no Kindle highlights found (1 entry left out, above)",
        ),
        (
            "hypothesis",
            br#"{"rows": []}"#,
            "no Hypothesis highlights found",
        ),
        (
            "readwise",
            b"Highlight,Book Title\n",
            "no Readwise highlights found",
        ),
        (
            "w3c",
            b"[]",
            "no W3C annotations found (expected annotations",
        ),
    ] {
        let (dir, code, out, err) = import_bytes(format, "x.txt", bytes);
        assert_eq!((code, out.as_str()), (1, ""), "{format}: {err}");
        let last = err.lines().last().unwrap_or_default();
        assert!(last.starts_with("annotty: x.txt: "), "{format}: {err}");
        assert!(last.contains(says), "{format}: {err}");
        assert_eq!(sidecars(dir.path()), Vec::new(), "{format}");
    }
}

/// `annotty import --from kindle` of the Kindle fixture (copied to `k.txt`)
/// into `dir/lib` as it is: exit status, standard output and error.
fn import_kindle_into(dir: &Path) -> (i32, String, String) {
    std::fs::copy(fixtures().join("kindle-clippings.txt"), dir.join("k.txt")).unwrap();
    let mut c = annotty(dir);
    c.args(["import", "--from", "kindle", "k.txt", "--library", "lib"]);
    run(c)
}

/// A save that fails midway (here: its temporary file's name is taken by
/// a directory) stops the import: what was saved before it is reported on
/// standard output as usual, and the error says the import stopped there.
#[test]
fn a_save_that_fails_midway_reports_what_was_saved() {
    let dir = library();
    std::fs::create_dir(dir.path().join("lib/.lesen.txt.annotty.toml.tmp")).unwrap();
    let (code, out, err) = import_kindle_into(dir.path());
    assert_eq!(code, 2, "{out}{err}");
    let saved: Vec<String> = sidecars(dir.path()).into_iter().map(|s| s.0).collect();
    assert_eq!(saved, ["the-quiet-harbour.txt.annotty.toml"], "{out}{err}");
    assert!(
        out.starts_with("lib/the-quiet-harbour.txt: ") && out.lines().count() == 1,
        "{out}"
    );
    assert!(err.contains(".lesen.txt.annotty.toml.tmp"), "{err}");
    assert!(
        err.contains("stopped there: the 1 article before it saved, as reported; the rest not"),
        "{err}"
    );
}

/// One article's sidecar cannot be read: nothing is written for any
/// article (every article is placed before the first save).
#[test]
fn an_error_on_one_article_writes_nothing_for_the_others() {
    let dir = library();
    let bad = dir.path().join("lib/lesen.txt.annotty.toml");
    std::fs::write(&bad, "this is = not [ a sidecar").unwrap();
    let (code, out, err) = import_kindle_into(dir.path());
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("lesen.txt.annotty.toml"), "{err}");
    let names: Vec<String> = sidecars(dir.path()).into_iter().map(|s| s.0).collect();
    assert_eq!(
        names,
        ["lesen.txt.annotty.toml"],
        "only the bad one, untouched"
    );
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        "this is = not [ a sidecar"
    );
    // A missing --article: the same.
    let mut c = annotty(dir.path());
    c.args([
        "import",
        "--from",
        "kindle",
        "k.txt",
        "--article",
        "lib/gone.txt",
    ]);
    let (code, _, err) = run(c);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("lib/gone.txt"), "{err}");
}

/// A clippings file of several MB (the 50 MB figure is
/// `examples/import_clippings.rs`): thousands of books that match
/// nothing are listed, the one that matches is imported.
#[test]
fn a_large_clippings_file() {
    let mut bytes = Vec::new();
    let mut n: usize = 0;
    while bytes.len() < 4 << 20 {
        let (book, text) = match n % 1000 {
            0 => (
                "Field Notes on Birdsong".to_string(),
                "A wren is louder than it has any right to be.",
            ),
            _ => (
                format!("Book {} (Someone)", n % 3000),
                "Some words of some other book, highlighted.",
            ),
        };
        bytes.extend(format!(
            "{book}\r\n- Your Highlight on Location {n} | Added on Sunday, 6 December 2026 10:16:00\r\n\r\n{text}\r\n==========\r\n"
        ).bytes());
        n += 1;
    }
    let (dir, code, out, err) = import_bytes("kindle", "big.txt", &bytes);
    assert_eq!(code, 3);
    let imported = n.div_ceil(1000);
    assert_eq!(
        out,
        format!(
            "lib/field-notes.md: 1 imported (1 placed, 0 moved by quote, 0 fuzzy, 0 orphaned), \
             {} duplicates skipped; lib/field-notes.md.annotty.toml\n",
            imported - 1
        )
    );
    assert!(err.ends_with("annotty: 2997 books not imported (library searched: lib); name the article with --article PATH\n"), "{}", &err[err.len() - 300..]);
    assert_eq!(sidecars(dir.path()).len(), 1);
}
