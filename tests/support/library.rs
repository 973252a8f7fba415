//! A library of articles with notes, made at test time: for the notes
//! browser's tests and its bench (`examples/notes_bench.rs`).

#![allow(dead_code)]

use annotty::annotation::Annotation;
use annotty::store::{DocInfo, Sidecar, render};
use annotty::text::CharPos;
use std::path::{Path, PathBuf};

/// Tags the notes cycle through.
pub const TAGS: [&str; 3] = ["highlight", "important", "idea"];

/// A note (id from `article` and `n`, made on day `n` of 2026 at
/// `article` minutes) on chars `start..end` of `text`.
pub fn note(text: &str, article: usize, n: usize, start: usize, end: usize) -> Annotation {
    let chars: Vec<char> = text.chars().collect();
    let s = |r: std::ops::Range<usize>| chars[r].iter().collect::<String>();
    let day = 1 + n % 300;
    let (month, mday) = (1 + (day - 1) / 28, 1 + (day - 1) % 28);
    let time = format!(
        "2026-{month:02}-{mday:02}T{:02}:{:02}:00.000Z",
        article / 60 % 24,
        article % 60
    );
    Annotation {
        id: format!("0190a000-{article:04x}-7000-8000-{n:012}"),
        start: CharPos(start as u64),
        end: CharPos(end as u64),
        quote: s(start..end),
        prefix: s(start.saturating_sub(32)..start),
        suffix: s(end..(end + 32).min(chars.len())),
        tag: TAGS[n % TAGS.len()].into(),
        note: if n.is_multiple_of(4) {
            format!("note {n} of article {article}: think about this")
        } else {
            String::new()
        },
        created: time.clone(),
        updated: time,
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: toml::Table::new(),
    }
}

/// Article `i`'s text: a title line, then `lines` numbered sentences.
pub fn article_text(i: usize, lines: usize) -> String {
    let mut text = format!("Article number {i} on rivers and stones\n\n");
    for l in 0..lines {
        text.push_str(&format!(
            "Sentence {l} of article {i} tells of a lamp, a harbor and a quiet meadow.\n"
        ));
    }
    text
}

/// Write `article` (its file name `name`, text `text`) into `dir` with a
/// sidecar holding `notes`; returns the article's path.
pub fn write_article(dir: &Path, name: &str, text: &str, notes: Vec<Annotation>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let doc = DocInfo {
        file: name.into(),
        chars: annotty::text::count_chars(text.as_bytes()),
        hash: annotty::scan::content_hash(text.as_bytes()),
        encoding: None,
        origin: None,
        about: Default::default(),
    };
    let sidecar = annotty::store::Store::beside(&path).path().to_path_buf();
    std::fs::write(sidecar, render(&Sidecar::new(doc, notes))).unwrap();
    path
}

/// `articles` articles in subdirectories of `dir` (100 to a directory),
/// each with `per` notes, one on each of its first `per` sentences.
pub fn make(dir: &Path, articles: usize, per: usize) {
    for i in 0..articles {
        let sub = dir.join(format!("shelf-{:03}", i / 100));
        std::fs::create_dir_all(&sub).unwrap();
        let text = article_text(i, per.max(1));
        let title_len = text.find('\n').unwrap() + 2;
        let mut notes = Vec::with_capacity(per);
        let mut at = title_len;
        for (n, line) in text[title_len..].lines().take(per).enumerate() {
            // "a lamp, a harbor" in each sentence.
            let off = line.find("a lamp").unwrap();
            notes.push(note(&text, i, n, at + off, at + off + 16));
            at += line.len() + 1;
        }
        write_article(&sub, &format!("article-{i:04}.txt"), &text, notes);
    }
}

/// What the benches over a made library (`examples/notes_bench.rs`,
/// `examples/library_bench.rs`) are asked: `[DIR] [ARTICLES]
/// [NOTES_PER_ARTICLE] [RUNS]` from the command line.
pub struct BenchArgs {
    pub dir: PathBuf,
    pub articles: usize,
    pub per: usize,
    pub runs: usize,
    /// The binary measured: `ANNOTTY_BIN`, else `target/release/annotty`.
    pub bin: PathBuf,
}

/// The bench's arguments (defaults: `$TMPDIR/annotty-notes-lib` — an empty
/// DIR too — 1 000 articles, 100 notes each, 5 runs), the library made
/// there unless it already holds that many ([`make`]).
pub fn bench_args() -> BenchArgs {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().filter(|a| !a.is_empty()).map_or_else(
        || std::env::temp_dir().join("annotty-notes-lib"),
        PathBuf::from,
    );
    let articles: usize = args.get(1).map_or(1000, |s| s.parse().expect("ARTICLES"));
    let per: usize = args
        .get(2)
        .map_or(100, |s| s.parse().expect("NOTES_PER_ARTICLE"));
    let runs: usize = args.get(3).map_or(5, |s| s.parse().expect("RUNS"));
    let stamp = dir.join(format!(".made-{articles}x{per}"));
    if !stamp.exists() {
        let t = std::time::Instant::now();
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        make(&dir, articles, per);
        std::fs::write(&stamp, "").unwrap();
        eprintln!(
            "made {articles} articles with {per} notes each in {:?}",
            t.elapsed()
        );
    }
    BenchArgs {
        dir,
        articles,
        per,
        runs,
        bin: bench_bin(),
    }
}

/// The binary a bench measures: `ANNOTTY_BIN`, else
/// `target/release/annotty`.
pub fn bench_bin() -> PathBuf {
    let bin = std::path::absolute(
        std::env::var("ANNOTTY_BIN").unwrap_or("target/release/annotty".into()),
    )
    .unwrap();
    assert!(bin.exists(), "build first: cargo build --release");
    bin
}

/// What [`make_many_files`] made: how many files, and how many of them
/// the library lists (`.txt`, `.md`, text without an extension).
pub struct ManyFiles {
    pub files: usize,
    pub articles: usize,
    pub sidecars: usize,
}

/// `n` small files in `dir` (for the bench of a directory with 100 000
/// files): 40% directly in `dir`, the rest in 100 subdirectories; of each
/// ten, four `.txt`, two `.md`, one text without an extension, one binary
/// without one, two of other kinds (`.png`, `.json`); one article in a
/// hundred has a sidecar with one note (counted in `n`).
pub fn make_many_files(dir: &Path, n: usize) -> ManyFiles {
    let top = n * 2 / 5;
    let (mut made, mut articles, mut sidecars) = (0, 0, 0);
    while made < n {
        let i = made;
        let at = match i < top {
            true => dir.to_path_buf(),
            false => dir.join(format!("sub-{:02}", i % 100)),
        };
        std::fs::create_dir_all(&at).unwrap();
        let kind = i % 10;
        let (name, bytes): (String, Vec<u8>) = match kind {
            0..=3 => (format!("file-{i:06}.txt"), article_text(i, 2).into_bytes()),
            4 | 5 => (format!("file-{i:06}.md"), article_text(i, 2).into_bytes()),
            6 => (format!("file-{i:06}"), article_text(i, 1).into_bytes()),
            7 => (
                format!("blob-{i:06}"),
                vec![0x7f, b'E', b'L', b'F', 0, 1, 2],
            ),
            8 => (format!("pic-{i:06}.png"), vec![0x89, b'P', b'N', b'G', 0]),
            _ => (format!("data-{i:06}.json"), b"{\"k\": 1}\n".to_vec()),
        };
        articles += usize::from(kind <= 6);
        made += 1;
        if i % 100 == 0 && made < n {
            let text = String::from_utf8(bytes).unwrap();
            write_article(&at, &name, &text, vec![note(&text, i, 0, 0, 7)]);
            sidecars += 1;
            made += 1;
        } else {
            std::fs::write(at.join(&name), bytes).unwrap();
        }
    }
    ManyFiles {
        files: n,
        articles,
        sidecars,
    }
}
