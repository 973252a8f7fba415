//! Fetching from a loopback HTTP server started by each test (127.0.0.1
//! only): the User-Agent every request sends, a redirect, a gzip body, a charset other than UTF-8, a 404, a
//! body past the size cap, a server slower than the timeout, a server that
//! does not speak TLS behind an `https://` address, an image sent as a
//! `.html` page, and that nothing is written into the library when a
//! fetch fails.

mod support;

use annotty::fetch::{self, Options};
use annotty::snapshot::{self, Input};
use std::io::Write;
use std::path::Path;
use std::time::Duration;
use support::http::{Reply, Server};

const PAGE: &str = "<html><head><title>Tide Tables</title></head><body><article>\
<h1>Tide Tables</h1><p>The tide comes in twice a day, a little later each day, and the \
tables in the harbour office say by how much. Fishermen read them before they read the \
weather, because the weather can be argued with and the tide cannot.</p><p>Each table \
covers a month; the old ones are kept in a drawer, in case anyone asks how high the water \
was on a day long gone, which somebody always does.</p></article></body></html>";

fn options() -> Options {
    Options {
        max_bytes: 64_000,
        timeout: Duration::from_secs(2),
        proxy_from_env: false,
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn add(url: &str, library: &Path) -> Result<snapshot::Added, String> {
    let options = snapshot::Options {
        library: library.to_path_buf(),
        fetch: options(),
    };
    snapshot::add(&Input::Url(url.into()), &options, 1_764_921_600_000)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_redirected_gzipped_page_is_saved_with_the_final_url_as_its_origin() {
    let server = Server::start(|path| match path {
        "/old" => Reply::redirect("/hop"),
        "/hop" => Reply::redirect("/tides"),
        "/tides" => Reply::ok("text/html; charset=utf-8", gzip(PAGE.as_bytes()))
            .header("Content-Encoding", "gzip"),
        _ => Reply::status(404),
    });
    let lib = tempfile::tempdir().unwrap();
    let added = add(&server.url("/old"), lib.path()).unwrap();
    assert_eq!(added.path, lib.path().join("tide-tables.md"));
    let text = std::fs::read_to_string(&added.path).unwrap();
    assert!(
        text.contains(&format!("origin: \"{}\"", server.url("/tides"))),
        "{text}"
    );
    assert!(text.contains("title: \"Tide Tables\""));
    assert!(text.contains("site: \"127.0.0.1\""));
    assert!(text.contains("\n# Tide Tables\n\nThe tide comes in twice a day"));
}

#[test]
fn every_request_says_it_is_annotty_and_accepts_gzip() {
    let server = Server::start(|path| match path {
        "/old" => Reply::redirect("/tides"),
        "/tides" => Reply::ok("text/html", PAGE),
        _ => Reply::status(404),
    });
    let lib = tempfile::tempdir().unwrap();
    add(&server.url("/old"), lib.path()).unwrap();
    let agents = server.header_values("user-agent");
    assert_eq!(agents.len(), 2, "the first address and the redirect's");
    for agent in agents {
        let agent = agent.expect("a User-Agent header");
        assert_eq!(agent, fetch::USER_AGENT);
        assert!(agent.starts_with("annotty/"), "{agent}");
    }
    for accepted in server.header_values("accept-encoding") {
        assert!(accepted.unwrap_or_default().contains("gzip"));
    }
}

#[test]
fn the_charset_comes_from_the_header_or_the_meta_tag() {
    let koi8 = b"<html><head><title>\xf0\xd2\xc9\xd7\xc5\xd4</title></head><body><p>\
\xf0\xd2\xc9\xd7\xc5\xd4, \xcd\xc9\xd2! The rest of this paragraph is long enough to be an \
article of its own, or so the extraction hopes, since it needs some text to choose.</p></body></html>";
    let latin1 = "<html><head><meta charset=\"iso-8859-1\"><title>Caf\u{e9}</title></head>\
<body><p>Caf\u{e9} cr\u{e8}me, served all day.</p></body></html>";
    let latin1: Vec<u8> = latin1.chars().map(|c| c as u32 as u8).collect();
    let server = Server::start(move |path| match path {
        "/koi8" => Reply::ok("text/html; charset=koi8-r", koi8.to_vec()),
        "/latin1" => Reply::ok("text/html", latin1.clone()),
        _ => Reply::status(404),
    });
    let lib = tempfile::tempdir().unwrap();
    let a = add(&server.url("/koi8"), lib.path()).unwrap();
    let text = std::fs::read_to_string(&a.path).unwrap();
    assert!(text.contains("Привет, мир!"), "{text}");
    assert_eq!(a.path, lib.path().join("привет.md"));
    let b = add(&server.url("/latin1"), lib.path()).unwrap();
    let text = std::fs::read_to_string(&b.path).unwrap();
    assert!(text.contains("Café crème, served all day."), "{text}");
}

#[test]
fn failures_are_one_line_and_write_nothing() {
    let big = vec![b'x'; 200 * 1024];
    let server = Server::start(move |path| match path {
        "/missing" => Reply::status(404),
        "/big" => Reply::ok("text/html", big.clone()),
        "/big-no_length" => Reply {
            no_length: true,
            ..Reply::ok("text/html", big.clone())
        },
        "/slow" => Reply {
            delay: Duration::from_secs(6),
            ..Reply::ok("text/html", PAGE)
        },
        "/image" => Reply::ok("image/png", b"\x89PNG\r\n\x1a\n\0\0".to_vec()),
        "/notes.txt" => Reply::ok("text/plain; charset=utf-8", b"Just words.\n".to_vec()),
        "/loop" => Reply::redirect("/loop"),
        _ => Reply::status(500),
    });
    let lib = tempfile::tempdir().unwrap();
    let library = lib.path().join("articles");
    let cases = [
        ("/missing", "the server answered 404 Not Found"),
        ("/big", "larger than the limit of 64.0 KB"),
        ("/big-no_length", "larger than the limit of 64.0 KB"),
        ("/slow", "timed out"),
        ("/image", "not a web page or a book (image/png)"),
        (
            "/notes.txt",
            "not a web page or a book (text/plain; charset=utf-8)",
        ),
        ("/loop", "more than 10 redirects"),
    ];
    for (path, want) in cases {
        let e = add(&server.url(path), &library).unwrap_err();
        assert!(e.contains(want), "{path}: {e}");
        assert!(e.starts_with(&server.url(path)), "{path}: {e}");
        assert!(!e.contains('\n'), "one line: {e}");
    }
    assert!(files_in(&library).is_empty(), "{:?}", files_in(&library));
    let e = fetch::get("ftp://127.0.0.1/x", &options()).unwrap_err();
    assert!(e.contains("only http:// and https://"), "{e}");
}

#[test]
fn a_failed_tls_handshake_is_one_line_and_writes_nothing() {
    // A loopback server that answers a TLS client hello with plain HTTP.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let lib = tempfile::tempdir().unwrap();
    let library = lib.path().join("articles");
    let url = format!("https://127.0.0.1:{port}/page");
    let e = add(&url, &library).unwrap_err();
    assert!(e.starts_with(&format!("{url}: TLS: ")), "{e}");
    assert!(!e.contains('\n'), "one line: {e}");
    assert!(files_in(&library).is_empty(), "{:?}", files_in(&library));
}
#[test]
fn a_binary_behind_an_html_url_is_refused_and_writes_nothing() {
    // A JPEG's first bytes, sent as a web page under a `.html` name.
    let jpeg =
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb".to_vec();
    let server = Server::start(move |path| match path {
        "/photo.html" => Reply::ok("text/html; charset=utf-8", jpeg.clone()),
        _ => Reply::status(404),
    });
    let lib = tempfile::tempdir().unwrap();
    let library = lib.path().join("articles");
    let url = server.url("/photo.html");
    let e = add(&url, &library).unwrap_err();
    assert!(e.starts_with(&url), "{e}");
    assert!(e.contains("not an HTML page (binary data)"), "{e}");
    assert!(!e.contains('\n'), "one line: {e}");
    assert!(files_in(&library).is_empty(), "{:?}", files_in(&library));
}
