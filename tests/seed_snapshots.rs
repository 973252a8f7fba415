//! The bundled web page and book (`seeds/tide-tables.html`, and
//! `seeds/the-lamp-room.epub` zipped from the files in `seeds/book/`) and
//! their Markdown snapshots, which the binary bundles (`src/seeds.rs`):
//! the committed book is the one the files make, and the committed
//! snapshots are what `annotty add` makes of the page and the book today.
//!
//! After changing a file in `seeds/book/`, the page or a converter,
//! `UPDATE_GOLDEN=1 cargo test --test seed_snapshots` rewrites the book
//! and the snapshots; review their diff.

mod support;

use annotty::convert::{self, epub, html};
use std::path::{Path, PathBuf};

/// The snapshots' time of saving.
const SAVED: &str = "2026-12-05T00:00:00.000Z";
/// Where the page pretends to come from (its links are made absolute
/// against it).
const PAGE_URL: &str = "https://shoreline-notes.example/tides/reading-a-tide-table.html";

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// `got` must be what `seeds/NAME` holds (or becomes it with UPDATE_GOLDEN).
fn golden(name: &str, got: &[u8]) {
    support::golden(&seeds().join(name), got);
}

/// The files of `seeds/book/` as zip entries, `mimetype` first.
fn book_entries() -> Vec<(String, Vec<u8>)> {
    let root = seeds().join("book");
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let name = path.strip_prefix(&root).unwrap().to_str().unwrap();
                files.push((name.replace('\\', "/"), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort_by_key(|(n, _)| (n != "mimetype", n.clone()));
    files
}

#[test]
fn the_bundled_book_and_snapshots_are_current() {
    let entries = book_entries();
    assert_eq!(entries[0].0, "mimetype");
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let book = annotty::fuzzing::epub_archive(&refs);
    golden("the-lamp-room.epub", &book);
    let book_snapshot = convert::on_big_stack(move || epub::convert(&book, None, SAVED))
        .unwrap()
        .unwrap();
    assert_eq!(book_snapshot.notice, None);
    golden("the-lamp-room.md", book_snapshot.text().as_bytes());

    let page = std::fs::read_to_string(seeds().join("tide-tables.html")).unwrap();
    let page_snapshot = convert::on_big_stack(move || {
        html::convert(
            &page,
            &html::Source {
                url: Some(PAGE_URL),
                saved: SAVED,
            },
        )
    })
    .unwrap()
    .unwrap();
    assert_eq!(page_snapshot.notice, None, "reader mode finds the article");
    golden("tide-tables.md", page_snapshot.text().as_bytes());
}

#[test]
fn the_snapshots_are_bundled() {
    let names: Vec<&str> = annotty::seeds::SEEDS.iter().map(|(n, _)| *n).collect();
    for name in ["tide-tables.md", "the-lamp-room.md"] {
        let bundled = annotty::seeds::SEEDS
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name} not in {names:?}"));
        assert_eq!(
            bundled.1,
            std::fs::read(seeds().join(name)).unwrap().as_slice()
        );
    }
}
