//! EPUB books → Markdown snapshots: a golden conversion of a book the test
//! zips itself from `tests/fixtures/epub/` (package document with
//! metadata, a spine of three chapters, a navigation document, a
//! footnote, an image with alt text, emphasis and lists), its front matter
//! and its outline; and bad input: zip bombs (an entry too large, too much
//! in all, too many entries), entry names with `../` or absolute paths,
//! malformed XML, a missing spine, bytes that are not a zip. Each is a
//! one-line error or a best-effort article, never a panic; the book is
//! read from memory, so nothing is ever unpacked.
//!
//! `UPDATE_GOLDEN=1 cargo test --test convert_epub` rewrites the golden
//! file after a deliberate change; review its diff.

mod support;

use annotty::convert::{self, epub};
use annotty::outline;
use std::path::Path;
use support::epub::{book, entries, fixture, zip};

const SAVED: &str = "2026-12-05T08:00:00.000Z";
const ORIGIN: &str = "file:///books/the-salt-road.epub";

fn try_convert(bytes: Vec<u8>, limits: epub::Limits) -> Result<convert::Snapshot, String> {
    convert::on_big_stack(move || epub::convert_within(&bytes, Some(ORIGIN), SAVED, limits))
        .unwrap()
}

fn convert(bytes: Vec<u8>) -> convert::Snapshot {
    try_convert(bytes, epub::LIMITS).unwrap()
}

fn golden(name: &str, got: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/epub");
    support::golden(&path.join(name), got.as_bytes());
}

#[test]
fn a_book_becomes_the_golden_snapshot_with_its_chapters_in_the_outline() {
    let s = convert(book());
    assert_eq!(s.notice, None);
    let text = s.text();
    golden("the-salt-road.md", &text);
    for kept in [
        "---\ntitle: \"The Salt Road\"\n",
        "author: \"Maren Holt\"\n",
        "site: \"Tidewater Press\"\n",
        "published: \"2025-03-14\"\n",
        "saved: \"2026-12-05T08:00:00.000Z\"\n",
        "origin: \"file:///books/the-salt-road.epub\"\n",
        "converter: \"annotty ",
        "(rbook 0.7)\"\n---\n",
        "The work was *slow* and the pay was **slower**,",
        "[image: A hand-drawn map of the salt flats]",
        "- the salt, in sacks of oiled canvas;\n",
        "1. The spring tide of that year broke the dyke.\n",
        "> The sea gives salt and takes roads.",
        // A link inside the book is kept as its text.
        "counted the notches as the first chapter told and took",
    ] {
        assert!(text.contains(kept), "missing {kept:?} in\n{text}");
    }
    // The footnote: a reference where it was, its text as a Markdown
    // footnote after the chapter, the back link dropped.
    let reference = text.find("with every cart:[^").expect("a note reference");
    let label = &text[reference + "with every cart:[^".len()..];
    let label = &label[..label.find(']').unwrap()];
    let note =
        format!("[^{label}]: The ledgers of the toll house list a fourth: a dog, on most carts.\n");
    assert!(text.contains(&note), "missing {note:?} in\n{text}");
    assert!(!text.contains('↩'), "the back link is dropped");
    // Spine order.
    let order: Vec<usize> = ["rakers", "toll house on the ridge", "spring tide"]
        .iter()
        .map(|w| text.find(w).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");

    // The outline (`t`) lists the chapters, named by the table of contents.
    let titles: Vec<(u8, String)> = outline::headings(outline::Kind::Markdown, text.as_bytes())
        .into_iter()
        .map(|h| (h.level, h.title))
        .collect();
    assert_eq!(
        titles,
        [
            (1, "The Pans at Dawn".to_string()),
            (1, "Carters and Tolls".to_string()),
            (1, "What the Sea Keeps".to_string()),
        ]
    );
}

#[test]
fn zip_bombs_are_refused_by_entry_size_total_size_and_entry_count() {
    let limits = epub::Limits {
        entries: 20,
        entry_bytes: 64_000,
        total_bytes: 128_000,
    };
    assert!(try_convert(book(), limits).is_ok(), "the book fits");

    // One entry of 1 MiB of zeros, a few KiB compressed.
    let mut big = entries(|_, b| Some(b));
    big.push(("OEBPS/big.xhtml".into(), vec![0; 1 << 20]));
    let bomb = zip(&big);
    assert!(bomb.len() < 8 << 10, "compressed: {}", bomb.len());
    assert_eq!(
        try_convert(bomb, limits).unwrap_err(),
        "EPUB refused: entry OEBPS/big.xhtml is larger than 64.0 KB uncompressed (a zip bomb?)"
    );

    // Many entries each within the limit, too much in all.
    let mut many = entries(|_, b| Some(b));
    for i in 0..3 {
        many.push((format!("OEBPS/part{i}.xhtml"), vec![b' '; 60_000]));
    }
    assert_eq!(
        try_convert(zip(&many), limits).unwrap_err(),
        "EPUB refused: more than 128.0 KB uncompressed in all (a zip bomb?)"
    );

    // Too many entries.
    let mut crowd = entries(|_, b| Some(b));
    for i in 0..30 {
        crowd.push((format!("OEBPS/e{i}.css"), Vec::new()));
    }
    assert_eq!(
        try_convert(zip(&crowd), limits).unwrap_err(),
        "EPUB refused: 37 entries (at most 20)"
    );
}

#[test]
fn a_directory_that_lies_about_sizes_is_still_refused() {
    // The central and local headers claim 20 bytes for an entry of 1 MiB:
    // the bytes read count, not the claim.
    let limits = epub::Limits {
        entries: 20,
        entry_bytes: 64_000,
        total_bytes: 128_000,
    };
    let mut all = entries(|_, b| Some(b));
    all.push(("OEBPS/huge.xhtml".into(), vec![b'a'; 1 << 20]));
    let mut bomb = zip(&all);
    let lie = 20u32.to_le_bytes();
    let central = bomb.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
    bomb[central + 24..central + 28].copy_from_slice(&lie);
    let local = bomb.windows(4).rposition(|w| w == b"PK\x03\x04").unwrap();
    bomb[local + 22..local + 26].copy_from_slice(&lie);
    let e = try_convert(bomb, limits).unwrap_err();
    assert!(
        e.starts_with("EPUB refused: entry OEBPS/huge.xhtml")
            || e.starts_with("not a readable EPUB"),
        "{e}"
    );
    assert!(!e.contains('\n'));
}

#[test]
fn entry_names_with_dot_dot_or_absolute_paths_only_name_entries() {
    let dir = tempfile::tempdir().unwrap();
    let cwd = std::env::current_dir().unwrap();
    let outside = [
        "../escape.xhtml".to_string(),
        "/tmp/annotty-epub-escape.xhtml".to_string(),
        format!("{}/escaped.xhtml", dir.path().display()),
    ];
    // The package names the chapters by paths that climb out of the book.
    let opf = String::from_utf8(fixture("content.opf"))
        .unwrap()
        .replace("href=\"c3.xhtml\"", "href=\"../../escape.xhtml\"");
    let mut all = entries(|n, b| {
        Some(if n == "OEBPS/content.opf" {
            opf.clone().into_bytes()
        } else {
            b
        })
    });
    for name in &outside {
        all.push((name.clone(), fixture("c3.xhtml")));
    }
    let s = convert(zip(&all));
    assert!(s.body.contains("rakers"), "{}", s.body);
    for name in &outside {
        let path = Path::new(name);
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            cwd.join(path)
        };
        assert!(!path.exists(), "{} was written", path.display());
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn notes_numbered_again_in_each_chapter_keep_labels_of_their_own() {
    // Chapter three numbers its notes from 1 again, and also refers to
    // chapter two's note by file.
    let again = entries(|n, b| {
        Some(if n == "OEBPS/c3.xhtml" {
            br##"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>
<p>The pans flooded.<a epub:type="noteref" href="#n1">1</a> The dog came back.<a epub:type="noteref" href="c2.xhtml#n1">*</a></p>
<aside epub:type="footnote" id="n1"><p>In the spring of the second year.</p></aside>
</body></html>"##
                .to_vec()
        } else {
            b
        })
    });
    let body = convert(zip(&again)).body;
    let defined = |label: &str| body.matches(&format!("[^{label}]: ")).count();
    assert_eq!((defined("n1"), defined("n1-2")), (1, 1), "{body}");
    assert!(
        body.contains("[^n1-2]: In the spring of the second year."),
        "{body}"
    );
    assert!(
        body.contains("[^n1]: The ledgers of the toll house"),
        "{body}"
    );
    assert!(
        body.contains("The pans flooded.[^n1-2] The dog came back.[^n1]"),
        "{body}"
    );
}

#[test]
fn malformed_xml_missing_spine_and_not_a_zip_are_one_line_errors_or_best_effort_articles() {
    // A chapter of broken markup: read as well as can be.
    let broken = entries(|n, b| {
        Some(if n == "OEBPS/c3.xhtml" {
            b"<html><body><p>Half a <em>sentence</p></div><p>and &bogus; more".to_vec()
        } else {
            b
        })
    });
    let s = convert(zip(&broken));
    assert!(s.body.contains("Half a *sentence*"), "{}", s.body);
    assert!(s.body.contains("and &bogus; more"), "{}", s.body);

    // The package document is not XML: nothing to read.
    let unparsable = zip(&entries(|n, b| {
        Some(if n == "OEBPS/content.opf" {
            b"<package><metadata>".to_vec()
        } else {
            b
        })
    }));
    assert_eq!(
        try_convert(unparsable, epub::LIMITS).unwrap_err(),
        "not a readable EPUB: it has no spine and no chapters"
    );

    // No spine: the manifest's documents, in its order, and a notice.
    let spineless = zip(&entries(|n, b| {
        Some(if n == "OEBPS/content.opf" {
            String::from_utf8(b)
                .unwrap()
                .replace("<spine>", "<!--")
                .replace("</spine>", "-->")
                .into_bytes()
        } else {
            b
        })
    }));
    let s = try_convert(spineless, epub::LIMITS).unwrap();
    assert_eq!(
        s.notice.as_deref(),
        Some("the book has no spine: its documents are in the manifest's order")
    );
    let chapters: Vec<String> = outline::headings(outline::Kind::Markdown, s.body.as_bytes())
        .into_iter()
        .map(|h| h.title)
        .collect();
    assert_eq!(
        chapters,
        [
            "The Pans at Dawn",
            "Carters and Tolls",
            "What the Sea Keeps"
        ]
    );

    let no_container = zip(&entries(|n, b| {
        (n != "META-INF/container.xml").then_some(b)
    }));
    assert_eq!(
        try_convert(no_container, epub::LIMITS).unwrap_err(),
        "not a readable EPUB: META-INF/container.xml is missing"
    );
    let whole = book();
    for not_a_zip in [
        b"<html><body>not a book</body></html>".to_vec(),
        Vec::new(),
        whole[..whole.len() / 2].to_vec(),
    ] {
        assert_eq!(
            try_convert(not_a_zip, epub::LIMITS).unwrap_err(),
            "not a readable EPUB: invalid Zip archive: Could not find EOCD"
        );
    }
}

#[test]
fn a_chapter_nested_deeper_than_any_real_one_is_left_out_and_said() {
    // Parsing 400 000 nested divs took over ten minutes: such a chapter is
    // left out before it is parsed, and the others are kept.
    let deep = format!(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>{}<p>bottom</p>{}</body></html>",
        "<div>".repeat(400_000),
        "</div>".repeat(400_000)
    );
    let one_deep = entries(|n, b| {
        Some(if n == "OEBPS/c2.xhtml" {
            deep.clone().into_bytes()
        } else {
            b
        })
    });
    let s = convert(zip(&one_deep));
    assert!(!s.body.contains("bottom"), "{}", s.body);
    assert!(s.body.contains("the road was still there"), "{}", s.body);
    assert_eq!(
        s.notice.as_deref(),
        Some("1 chapter left out: nested more than 4096 deep")
    );
    let all_deep = entries(|n, b| {
        Some(if n.ends_with(".xhtml") && n.contains("/c") {
            deep.clone().into_bytes()
        } else {
            b
        })
    });
    let e = try_convert(zip(&all_deep), epub::LIMITS).unwrap_err();
    assert_eq!(e, "not converted: the book's tags nest more than 4096 deep");
}
