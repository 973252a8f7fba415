//! End to end with a book: `annotty add book.epub` saves a Markdown
//! snapshot in the library and prints its path; a highlight made in the
//! snapshot exports with the book's `file://` URI as its source and the
//! snapshot's path in `annotty:path`; the grep export names the snapshot.
//! `annotty add --open book.epub --config X` reads the config X (given
//! after `add`) for the reader too. `annotty book.epub` and `annotty
//! page.html` alone save and open the snapshot the same way.

mod support;

use std::path::{Path, PathBuf};
use support::{Home, home_with_library, quit};

/// The test book in `dir/book.epub`.
fn write_book(dir: &Path) -> PathBuf {
    write_book_with(dir, &[])
}

/// [`write_book`] with `more` entries (name, bytes) after the book's.
fn write_book_with(dir: &Path, more: &[(&str, &[u8])]) -> PathBuf {
    let mut all = support::epub::entries(|_, b| Some(b));
    all.extend(more.iter().map(|(n, b)| (n.to_string(), b.to_vec())));
    let path = dir.join("book.epub");
    std::fs::write(&path, support::epub::zip(&all)).unwrap();
    path
}

#[test]
fn add_a_book_highlight_it_and_export_targets_the_book() {
    let (home, library) = home_with_library();
    let book = write_book(home.path());
    let config = home.path().join("config.toml");
    let config = config.to_str().unwrap();
    let (code, out, err) = home.run(&["--config", config, "add", book.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    let snapshot = library.join("the-salt-road.md");
    assert_eq!(out.trim(), snapshot.display().to_string());
    let names: Vec<_> = std::fs::read_dir(&library).unwrap().collect();
    assert_eq!(names.len(), 1, "one file in the library");

    let term = home.spawn(&[snapshot.as_os_str()], 100, 30);
    term.wait_text("The Pans at Dawn");
    term.send_str("/oiled canvas");
    term.key_enter();
    term.send_str("vee");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    // The outline lists the chapters.
    term.send_str("t");
    term.wait_text("outline —");
    term.wait_text("│▸ The Pans at Dawn");
    term.wait_text("│  Carters and Tolls");
    term.wait_text("│  What the Sea Keeps");
    term.key_esc();
    term.wait_no_text("outline —");
    quit(&term);

    let snap = snapshot.display().to_string();
    let (code, json, err) = home.run(&["--config", config, "export", "-f", "json", &snap]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let target = &v["first"]["items"][0]["target"];
    let uri = annotty::export::file_uri(&book).unwrap();
    assert_eq!(target["source"], uri.as_str(), "{json}");
    assert_eq!(target["annotty:path"], snap.as_str());
    assert_eq!(target["selector"][0]["exact"], "oiled canvas");
    assert_eq!(v["label"], "The Salt Road");

    let (code, grep, err) = home.run(&["--config", config, "export", &snap]);
    assert_eq!(code, 0, "{err}");
    assert!(
        grep.starts_with(&format!("{snap}:")) && grep.contains("oiled canvas"),
        "{grep}"
    );
}

#[test]
fn add_open_reads_the_config_given_after_add() {
    let home = Home::new();
    let library = home.path().join("narrow-lib");
    let narrow = home.write(
        "narrow.toml",
        format!("library = \"{}\"\ntext_width = 30\n", library.display()),
    );
    let book = write_book(home.path());
    let term = home.spawn(
        &[
            "add".as_ref(),
            "--open".as_ref(),
            book.as_os_str(),
            "--config".as_ref(),
            narrow.as_os_str(),
        ],
        100,
        30,
    );
    term.wait_text("Before the sun");
    // text_width = 30: the first paragraph is wrapped within 30 columns.
    let screen = term.screen_text();
    assert!(
        !screen.contains("Before the sun cleared the dunes, the rakers"),
        "{screen}"
    );
    quit(&term);
    assert!(library.join("the-salt-road.md").is_file());
}

/// The snapshot as `add` saves it, opened as it is by default (`--reflow
/// auto` takes this short one as hard-wrapped): `v e Enter` typed right
/// after a search's Enter, before its answer has come, highlights the
/// match's first word (it once highlighted the `---` of the front matter,
/// at the top of the screen).
#[test]
fn keys_typed_right_after_a_search_start_from_its_match() {
    let home = Home::new();
    let snapshot = home.write(
        "the-salt-road.md",
        support::epub::fixture("the-salt-road.md"),
    );
    let term = home.spawn(&[snapshot.as_os_str()], 100, 30);
    term.wait_text("The Pans at Dawn");
    term.send_str("/toll house on");
    term.key_enter();
    term.send_str("ve");
    term.key_enter();
    support::after_highlight(&term);
    quit(&term);
    let sidecar = support::sidecar_of(&snapshot);
    assert_eq!(support::live_quotes(&sidecar), ["toll"]);
    let saved = &support::live_annotations(&sidecar).unwrap()[0];
    let text = std::fs::read_to_string(&snapshot).unwrap();
    let at = text.find("toll house on").unwrap();
    assert_eq!(saved["start"].as_integer(), Some(at as i64), "{saved:?}");
}

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                found.push(rel.display().to_string());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn a_broken_book_is_one_line_and_exit_2_and_entry_names_never_become_files() {
    let (home, library) = home_with_library();
    let config = home.path().join("config.toml");
    let config = config.to_str().unwrap();
    let broken = home.write("broken.epub", "this is not a zip archive");
    let (code, out, err) = home.run(&["--config", config, "add", broken.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(
        err.starts_with(&format!(
            "annotty: {}: not a readable EPUB: ",
            broken.display()
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!library.exists(), "nothing written");

    // Entries named to climb out of the book, or absolutely: only read.
    let escape = home.path().join("escaped.xhtml");
    let absolute = escape.to_str().unwrap().to_string();
    let chapter = b"<html><body><p>Escaped text.</p></body></html>";
    let book = write_book_with(
        home.path(),
        &[
            ("../../escaped.xhtml", chapter),
            (absolute.as_str(), chapter),
            ("/tmp/annotty-e2e-escaped.xhtml", chapter),
        ],
    );
    let before = files_under(home.path());
    let (code, out, err) = home.run(&["--config", config, "add", book.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        library.join("the-salt-road.md").display().to_string()
    );
    let mut after = files_under(home.path());
    after.retain(|f| !before.contains(f));
    assert_eq!(after, ["lib/the-salt-road.md"]);
    assert!(!Path::new("/tmp/annotty-e2e-escaped.xhtml").exists());
    assert!(!home.path().parent().unwrap().join("escaped.xhtml").exists());
}

/// `annotty book.epub` and `annotty page.html` (no `add`) convert, save
/// the snapshot in the library and open it, as `add --open` does.
#[test]
fn a_book_or_a_page_named_alone_is_saved_and_opened() {
    let (home, library) = home_with_library();
    let book = write_book(home.path());
    let term = home.spawn(&[book.as_os_str()], 100, 30);
    term.wait_text("Before the sun");
    term.wait_text("NORMAL");
    quit(&term);
    assert!(library.join("the-salt-road.md").is_file());

    let page = home.write("page.html", include_str!("fixtures/web/article.html"));
    let term = home.spawn(&[page.as_os_str()], 100, 30);
    term.wait_text("NORMAL");
    term.wait_text("The Lamplighter’s Ledger");
    quit(&term);
    let saved: Vec<_> = std::fs::read_dir(&library)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    assert_eq!(saved.len(), 2, "{saved:?}");
}
