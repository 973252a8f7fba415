//! Fuzz targets `html` and `epub`: bytes → a web page or a book → a
//! Markdown snapshot ([`crate::convert`]).

use super::Input;
use crate::convert::epub::Limits;
use crate::convert::{self, Snapshot, front_matter::Meta};
use std::io::Write;

/// Bytes → charset detection → reader mode → Markdown.
///
/// Input: flags (bit 0: the page has a URL, so links are made absolute),
/// then the page's bytes.
///
/// Checks: as [`check_result`].
pub fn convert_html(data: &[u8]) {
    let mut input = Input { data };
    let flags = input.byte();
    let page = input.data.to_vec();
    let url = (flags & 1 != 0).then(|| "https://example.org/dir/page.html".to_string());
    let result = on_big_stack(move || {
        let html = convert::charset::decode(&page, None)?;
        let source = convert::html::Source {
            url: url.as_deref(),
            saved: SAVED,
        };
        convert::html::convert(&html, &source)
    });
    check_result(&result);
}

/// Bytes → an EPUB archive → the book's snapshot, within small limits
/// (64 entries, 64 KiB each, 256 KiB in all).
///
/// Input: flags; with bit 0 set, the rest is the archive itself (zip
/// bombs, broken directories). Otherwise the rest is split at each `0xFF`
/// byte (never part of UTF-8) into the package document, the navigation
/// document and the chapters (`c1.xhtml`, …), which are zipped with
/// `META-INF/container.xml` pointing at the package document (bit 1: left
/// out) and, with bit 2 set, an entry named `../escape.xhtml` holding the
/// first chapter's bytes.
///
/// Checks: as [`check_result`].
pub fn convert_epub(data: &[u8]) {
    let mut input = Input { data };
    let flags = input.byte();
    let archive = if flags & 1 != 0 {
        input.data.to_vec()
    } else {
        let parts: Vec<&[u8]> = input.data.split(|&b| b == 0xFF).collect();
        let mut entries: Vec<(String, &[u8])> = vec![("mimetype".into(), b"application/epub+zip")];
        if flags & 2 == 0 {
            entries.push(("META-INF/container.xml".into(), CONTAINER.as_bytes()));
        }
        let names = ["OEBPS/content.opf", "OEBPS/nav.xhtml"];
        for (i, part) in parts.iter().enumerate().take(64) {
            let name = match names.get(i) {
                Some(n) => n.to_string(),
                None => format!("OEBPS/c{}.xhtml", i - 1),
            };
            entries.push((name, part));
        }
        if flags & 4 != 0 {
            entries.push((
                "../escape.xhtml".into(),
                parts.get(2).copied().unwrap_or(b""),
            ));
        }
        let entries: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        epub_archive(&entries)
    };
    let limits = Limits {
        entries: 64,
        entry_bytes: 64 << 10,
        total_bytes: 256 << 10,
    };
    let result = on_big_stack(move || convert::epub::convert_within(&archive, None, SAVED, limits));
    check_result(&result);
}

/// The container document of [`convert_epub`]'s books.
const CONTAINER: &str = r#"<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"#;

const SAVED: &str = "2026-12-05T08:00:00.000Z";

/// A zip archive of `entries` (name, bytes), the first stored and the
/// others deflated, every entry dated 2026-01-01: the same entries always
/// make the same bytes. For the fuzz targets, the tests and the bundled
/// book.
pub fn epub_archive(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let date = zip::DateTime::from_date_and_time(2026, 1, 1, 0, 0, 0).expect("a valid date");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (i, (name, bytes)) in entries.iter().enumerate() {
        let method = if i == 0 {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(date);
        zip.start_file(*name, options).expect("writing to memory");
        zip.write_all(bytes).expect("writing to memory");
    }
    zip.finish().expect("writing to memory").into_inner()
}

/// Run `f` as the converters run ([`convert::on_big_stack`]), but let its
/// panic through.
fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let thread = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("a thread");
    match thread.join() {
        Ok(t) => t,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// An error is one line; a snapshot's body is empty or ends with a
/// newline, holds none of the converters' private marker characters and
/// no carriage return, and its front matter reads back as written.
fn check_result(result: &Result<Snapshot, String>) {
    match result {
        Err(e) => assert!(!e.contains('\n') && !e.is_empty(), "error {e:?}"),
        Ok(s) => {
            assert!(s.body.is_empty() || s.body.ends_with('\n'), "body end");
            assert!(!s.body.contains('\r'), "carriage return in the body");
            assert!(
                !s.body
                    .contains(['\u{e000}', '\u{e001}', '\u{e002}', '\u{e003}']),
                "marker left in {:?}",
                s.body
            );
            let front = s.meta.render();
            let text = s.text();
            if front.len() < 16 * 1024 {
                let back = Meta::read(text.as_bytes()).expect("front matter reads back");
                assert_eq!(back.render(), front, "front matter round trip");
            }
        }
    }
}
