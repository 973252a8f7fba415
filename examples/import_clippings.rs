//! Time `annotty import --from kindle` on a generated `My Clippings.txt`
//! of about 50 MB (nothing is committed: the file is written to a
//! temporary directory), and its peak memory.
//!
//! ```sh
//! cargo run --release --example import_clippings -- [--mb N] [--matched N]
//! ```
//!
//! The library holds one article of about 1 MB; `--matched` highlights
//! (default 2 000) are sentences of it (a third of them with a note), the
//! rest of the file is highlights of 500 other books, which match no
//! article and are listed. Prints the file's size and entry count, the
//! wall time of the whole import (read, parse, match, place, one atomic
//! save) and the process's peak resident memory (`getrusage`'s maxrss,
//! which includes the generator's own strings, so an upper bound).

use annotty::import::{Format, Request, run};
use annotty::notebook::Places;
use std::fmt::Write as _;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut mb, mut matched) = (50usize, 2000usize);
    while let Some(a) = args.next() {
        let n = args.next().and_then(|n| n.parse().ok());
        match a.as_str() {
            "--mb" => mb = n.expect("--mb N"),
            "--matched" => matched = n.expect("--matched N"),
            _ => panic!("unknown argument {a}"),
        }
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    // The article: numbered sentences, hard-wrapped paragraphs.
    let mut article = String::from("Generated Article\n\n");
    let sentence = |i: usize| {
        format!(
            "Sentence {i} tells of harbour {} and the ledger kept there for {} winters.",
            i * 7 % 1000,
            i % 97
        )
    };
    let mut i = 0;
    while article.len() < 1 << 20 {
        article.push_str(&sentence(i));
        article.push(if i % 8 == 7 { '\n' } else { ' ' });
        if i % 8 == 7 {
            article.push('\n');
        }
        i += 1;
    }
    let sentences = i;
    std::fs::write(lib.join("generated-article.txt"), &article).unwrap();

    let mut file = String::with_capacity(mb << 20);
    let mut entries = 0usize;
    let entry = |file: &mut String, title: &str, kind: &str, loc: usize, text: &str| {
        let _ = write!(
            file,
            "{title}\r\n- Your {kind} on page {} | Location {loc}-{} | Added on Sunday, 6 December 2026 10:14:03\r\n\r\n{text}\r\n==========\r\n",
            loc / 15 + 1,
            loc + 2
        );
    };
    for k in 0..matched {
        let n = k * 7919 % sentences;
        entry(
            &mut file,
            "Generated Article (A. Writer)",
            "Highlight",
            n,
            &sentence(n),
        );
        entries += 1;
        if k % 3 == 0 {
            entry(
                &mut file,
                "Generated Article (A. Writer)",
                "Note",
                n + 1,
                "a note on it",
            );
            entries += 1;
        }
    }
    let filler = "Words of another book, highlighted on a long evening, one after another, \
                  until the file is as large as years of reading make it.";
    while file.len() < mb << 20 {
        let book = format!(
            "Another Book {} (Someone {})",
            entries % 500,
            entries % 500 % 37
        );
        entry(&mut file, &book, "Highlight", entries, filler);
        entries += 1;
    }
    let clippings = dir.path().join("My Clippings.txt");
    std::fs::write(&clippings, &file).unwrap();
    let size = file.len();
    drop(file);

    let request = Request {
        file: clippings,
        from: Format::Kindle,
        article: None,
        library: vec![lib.clone()],
        snapshots: None,
        store: None,
        decoding: Default::default(),
        dry_run: false,
    };
    let places = Places {
        store_dir: None,
        data_dir: Some(dir.path().join("data")),
        files_dir: Some(dir.path().join("data")),
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let start = Instant::now();
    let outcome = run(&request, places, 0, &mut out, &mut err).expect("import");
    let took = start.elapsed();
    println!(
        "{:.1} MB, {entries} entries: {outcome:?} in {:.2} s; peak RSS {} MB",
        size as f64 / (1 << 20) as f64,
        took.as_secs_f64(),
        peak_rss_kb() / 1024
    );
    print!("{}", String::from_utf8_lossy(&out));
    let err = String::from_utf8_lossy(&err);
    println!(
        "(standard error: {} lines; last: {})",
        err.lines().count(),
        err.lines().last().unwrap_or("")
    );
}

/// The process's peak resident set, in KiB.
fn peak_rss_kb() -> i64 {
    // SAFETY: getrusage writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss
}
