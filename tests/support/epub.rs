//! The test book, "The Salt Road": zipped (with the `zip` crate, through
//! `annotty::fuzzing::epub_archive`) from `tests/fixtures/epub/`.

use std::path::Path;

const CONTAINER: &str = r#"<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>"#;

/// A file of `tests/fixtures/epub/`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/epub");
    std::fs::read(path.join(name)).unwrap()
}

/// The book's entries: `mimetype`, the container, then the fixture files
/// under `OEBPS/`, with `change` applied to (name, bytes) of each
/// (`None` leaves the entry out).
pub fn entries(change: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) -> Vec<(String, Vec<u8>)> {
    let mut all = vec![
        ("mimetype".to_string(), b"application/epub+zip".to_vec()),
        (
            "META-INF/container.xml".to_string(),
            CONTAINER.as_bytes().to_vec(),
        ),
    ];
    for name in [
        "content.opf",
        "nav.xhtml",
        "c1.xhtml",
        "c2.xhtml",
        "c3.xhtml",
    ] {
        all.push((format!("OEBPS/{name}"), fixture(name)));
    }
    all.into_iter()
        .filter_map(|(n, b)| change(&n, b).map(|b| (n, b)))
        .collect()
}

/// A zip archive of `entries`, in order.
pub fn zip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    annotty::fuzzing::epub_archive(&refs)
}

/// The book as it is.
pub fn book() -> Vec<u8> {
    zip(&entries(|_, b| Some(b)))
}
