//! End to end: `annotty add` a page from a loopback server (127.0.0.1),
//! highlight in the snapshot in the reader, `export -f json` targets the
//! page's URL (TextQuoteSelector with prefix and suffix; the path kept in
//! `annotty:path`), and the grep export's line opens in `vim -q` on the
//! snapshot. `annotty URL` converts and opens at once; a failed fetch
//! writes nothing and exits 2.

mod support;

use std::path::Path;
use std::process::Command;
use support::http::{Reply, Server};
use support::{Home, home_with_library, quit};

const PAGE: &str = include_str!("fixtures/web/article.html");

/// `annotty --config HOME/config.toml ARGS…` without a terminal.
fn run_with_config(home: &Home, args: &[&str]) -> (i32, String, String) {
    let config = home.path().join("config.toml");
    let config = config.to_str().unwrap();
    let all: Vec<&str> = ["--config", config].iter().chain(args).copied().collect();
    home.run(&all)
}

fn page_server() -> Server {
    Server::start(|path| match path {
        "/ledger" => Reply::ok("text/html; charset=utf-8", PAGE),
        _ => Reply::status(404),
    })
}

#[test]
fn add_a_page_highlight_it_and_export_targets_the_url() {
    let server = page_server();
    let (home, library) = home_with_library();
    let url = server.url("/ledger");
    let (code, out, err) = run_with_config(&home, &["add", &url]);
    assert_eq!(code, 0, "{err}");
    let snapshot = library.join("the-lamplighter-s-ledger.md");
    assert_eq!(out.trim(), snapshot.display().to_string());

    // Highlight "diary of the weather" in the snapshot.
    let term = home.spawn(&[&snapshot], 100, 30);
    term.wait_text("Every evening at dusk");
    term.send_str("/diary of");
    term.key_enter();
    term.send_str("veeee");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    quit(&term);

    // The sidecar records where the snapshot came from and what it is,
    // as the page and its front matter say.
    let sidecar = std::fs::read_to_string(support::sidecar_of(&snapshot)).unwrap();
    let sidecar: toml::Table = toml::from_str(&sidecar).unwrap();
    let document = &sidecar["document"];
    let field = |key: &str| {
        let value = document.get(key).and_then(|v| v.as_str());
        value.unwrap_or_else(|| panic!("no {key} in {sidecar}"))
    };
    assert_eq!(field("origin"), url);
    assert_eq!(field("title"), "The Lamplighter’s Ledger");
    assert_eq!(field("author"), "Ines Marlow");
    assert_eq!(field("site"), "Quiet Hours");
    assert_eq!(field("published"), "2026-10-14T09:30:00Z");
    let saved = field("saved");
    assert!(
        saved.len() == 24 && saved.starts_with("20") && saved.ends_with('Z'),
        "RFC 3339 in UTC: {saved}"
    );
    let version = format!("annotty {} (", env!("CARGO_PKG_VERSION"));
    assert!(field("converter").starts_with(&version), "{sidecar}");
    let front = std::fs::read_to_string(&snapshot).unwrap();
    for key in ["title", "author", "site", "published", "saved", "converter"] {
        let line = format!("{key}: {}\n", serde_json::to_string(field(key)).unwrap());
        assert!(front.contains(&line), "{key}: {line:?} in\n{front}");
    }

    let snap = snapshot.display().to_string();
    let (code, json, err) = run_with_config(&home, &["export", "-f", "json", &snap]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let target = &v["first"]["items"][0]["target"];
    assert_eq!(target["source"], url.as_str(), "{json}");
    assert_eq!(target["annotty:path"], snap.as_str());
    let quote = &target["selector"][0];
    assert_eq!(quote["type"], "TextQuoteSelector");
    // As the page reads (what a tool annotating it matches): the
    // snapshot's `**` around the quote left out of its context.
    assert_eq!(quote["exact"], "diary of the weather");
    let prefix = quote["prefix"].as_str().unwrap();
    let suffix = quote["suffix"].as_str().unwrap();
    assert!(prefix.ends_with("it is, in its way, a "), "{quote}");
    assert!(suffix.starts_with('.'), "{quote}");
    assert!(suffix.contains("The entries are terse"), "{quote}");
    assert!(!prefix.contains('*') && !suffix.contains('*'), "{quote}");
    // The position stays the snapshot's own (its Markdown source).
    let position = &target["selector"][1];
    assert_eq!(position["type"], "TextPositionSelector");
    let source = std::fs::read_to_string(&snapshot).unwrap();
    let start = source[..source.find("diary of the weather").unwrap()]
        .chars()
        .count();
    assert_eq!(position["start"], start, "{position}");
    assert_eq!(position["end"], start + "diary of the weather".len());
    assert_eq!(v["label"], "The Lamplighter’s Ledger");

    // The grep line opens in vim on the snapshot, at the highlight.
    let (code, grep, err) = run_with_config(&home, &["export", &snap, "-o", "errors.txt"]);
    assert_eq!(code, 0, "{err}{grep}");
    let line = std::fs::read_to_string(home.path().join("errors.txt")).unwrap();
    assert!(line.starts_with(&format!("{snap}:")), "{line}");
    let at = vim_word_at_first_entry(home.path());
    assert_eq!(at, "diary", "vim -q lands on the highlight ({line})");
}

#[test]
fn annotty_url_converts_and_opens_and_a_failed_fetch_writes_nothing() {
    let server = page_server();
    let (home, library) = home_with_library();
    let term = home.spawn(&[server.url("/ledger")], 100, 30);
    term.wait_text("Every evening at dusk");
    quit(&term);
    assert!(library.join("the-lamplighter-s-ledger.md").is_file());

    let (code, out, err) = run_with_config(&home, &["add", &server.url("/gone")]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!(
            "annotty: {}: the server answered 404 Not Found\n",
            server.url("/gone")
        )
    );
    let names: Vec<_> = std::fs::read_dir(&library).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing new was written");

    // Adding the same URL again refreshes the same file.
    let (code, out, err) = run_with_config(&home, &["add", &server.url("/ledger")]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        library
            .join("the-lamplighter-s-ledger.md")
            .display()
            .to_string()
    );
    assert!(err.contains("refreshed the earlier snapshot"), "{err}");
}

#[test]
fn the_same_file_added_by_another_path_refreshes_its_snapshot() {
    let (home, library) = home_with_library();
    let pages = home.path().join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::write(pages.join("ledger.html"), PAGE).unwrap();
    std::os::unix::fs::symlink(&pages, home.path().join("linked")).unwrap();
    let by = |path: &Path| {
        let (code, out, err) = run_with_config(&home, &["add", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        (out.trim().to_string(), err)
    };
    let (first, _) = by(&pages.join("ledger.html"));
    for other in [
        pages.join("../pages/ledger.html"),
        home.path().join("linked/ledger.html"),
    ] {
        let (again, err) = by(&other);
        assert_eq!(again, first, "{}", other.display());
        assert!(err.contains("refreshed the earlier snapshot"), "{err}");
    }
    let names: Vec<_> = std::fs::read_dir(&library).unwrap().collect();
    assert_eq!(names.len(), 1, "one snapshot");
    let text = std::fs::read_to_string(&first).unwrap();
    let origin = format!(
        "file://{}/ledger.html",
        pages.canonicalize().unwrap().display()
    );
    assert!(text.contains(&format!("origin: \"{origin}\"")), "{text}");
}

/// `vim -q errors.txt` in `dir`: the word under the cursor at the first
/// entry. vim must be installed (.ci/run installs it).
fn vim_word_at_first_entry(dir: &Path) -> String {
    let done = Command::new("vim")
        .current_dir(dir)
        .env("HOME", dir)
        .args(["-u", "NONE", "-i", "NONE", "-n", "-N", "-es"])
        .args(["--cmd", "set encoding=utf-8 fileencodings="])
        .args(["-q", "errors.txt"])
        .args(["-c", "redir! > vim-out.txt", "-c", "cc 1"])
        .args(["-c", "echo 'WORD ' . expand('<cword>')"])
        .args(["-c", "redir END", "-c", "qa!"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("vim runs (apt-get install vim; .ci/run does)");
    assert!(done.status.success(), "{done:?}");
    let out = std::fs::read_to_string(dir.join("vim-out.txt")).unwrap();
    out.lines()
        .find_map(|l| l.strip_prefix("WORD "))
        .unwrap_or_default()
        .to_string()
}
