//! Shared by the `export_*` tests: a small article in the style of the
//! seeds (curly quotes, em dashes, a CJK word, one CRLF line) and
//! annotations on it whose notes hold newlines, quotes, tabs, emoji and
//! control characters. Include with `mod export_common;`.

#![allow(dead_code)]

pub mod w3c_model;

use annotty::annotation::{Annotation, CONTEXT_CHARS};
use annotty::store::{DocInfo, Store};
use annotty::{scan, text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The article. Line 4 ends in CRLF.
pub const ARTICLE: &str = "The Night Library\n\
\n\
“People think the library is about books,” Marisol Okafor told me.\n\
She has worked the evening desk for eleven years — the books are the excuse.\r\n\
In Japanese the word is 図書館, a hall of books.\n\
What we actually lend out is time.\n";

/// One annotation of the golden article: (id, quote, tag, note, state,
/// deleted).
pub type Spec = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    bool,
);

/// The annotations of the golden article, in the order of their ids.
pub const SPECS: &[Spec] = &[
    (
        "01900000-0000-7000-8000-000000000001",
        "Marisol Okafor",
        "highlight",
        "A key witness\n— and the \"best\" line",
        None,
        false,
    ),
    (
        "01900000-0000-7000-8000-000000000002",
        "the books are the excuse.",
        "important",
        "tab\there, emoji 📚, ESC\u{1b}[31m and BEL\u{7}",
        None,
        false,
    ),
    (
        "01900000-0000-7000-8000-000000000003",
        "図書館",
        "idea",
        "",
        None,
        false,
    ),
    (
        "01900000-0000-7000-8000-000000000004",
        "time",
        "question",
        "Where did this go?",
        Some("orphan"),
        false,
    ),
    (
        "01900000-0000-7000-8000-000000000005",
        "lend out",
        "quote",
        "",
        Some("fuzzy"),
        false,
    ),
    (
        "01900000-0000-7000-8000-000000000006",
        "excuse.\nIn Japanese",
        "highlight",
        "",
        None,
        false,
    ),
    (
        "01900000-0000-7000-8000-000000000007",
        "Night",
        "highlight",
        "deleted: never exported",
        None,
        true,
    ),
];

/// The decoded, LF-normalised text.
pub fn decoded(bytes: &[u8]) -> String {
    text::decode(bytes, 0..bytes.len())
}

/// An annotation of `quote` (its first occurrence) in `text`, with
/// context, fixed times.
pub fn annotation_on(text: &str, id: &str, quote: &str, tag: &str, note: &str) -> Annotation {
    let at = text
        .find(quote)
        .unwrap_or_else(|| panic!("{quote:?} not in text"));
    let start = text[..at].chars().count() as u64;
    let end = start + quote.chars().count() as u64;
    let before: Vec<char> = text[..at].chars().collect();
    let prefix: String = before[before.len().saturating_sub(CONTEXT_CHARS)..]
        .iter()
        .collect();
    let suffix: String = text[at + quote.len()..]
        .chars()
        .take(CONTEXT_CHARS)
        .collect();
    Annotation {
        id: id.to_string(),
        start: annotty::text::CharPos(start),
        end: annotty::text::CharPos(end),
        quote: quote.to_string(),
        prefix,
        suffix,
        tag: tag.to_string(),
        note: note.to_string(),
        created: "2026-11-28T22:12:40.792Z".into(),
        updated: "2026-11-28T22:14:03.005Z".into(),
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: toml::Table::new(),
    }
}

/// A short article of one line, for tests that only need some article
/// with one note.
pub const ONE_LINE: &str = "one two three\n";

/// One note (tag `idea`) on "two" of [`ONE_LINE`]; exported as
/// `PATH:1:5: [idea] two`.
pub fn one_note() -> [Annotation; 1] {
    [annotation_on(
        ONE_LINE,
        "01900000-0000-7000-8000-00000000000a",
        "two",
        "idea",
        "",
    )]
}

/// The annotations of [`SPECS`] on [`ARTICLE`].
pub fn annotations() -> Vec<Annotation> {
    let text = decoded(ARTICLE.as_bytes());
    SPECS
        .iter()
        .map(|&(id, quote, tag, note, state, deleted)| {
            let mut a = annotation_on(&text, id, quote, tag, note);
            if let Some(s) = state {
                a.state = annotty::annotation::State::from_name(s).expect("a known state");
            }
            if deleted {
                a.deleted = Some("2026-11-29T08:00:00.000Z".into());
            }
            a
        })
        .collect()
}

/// The sidecar's `[document]` for `bytes` named `name`.
pub fn doc_info(name: &str, bytes: &[u8]) -> DocInfo {
    DocInfo {
        file: name.into(),
        chars: text::count_chars(bytes),
        hash: scan::content_hash(bytes),
        encoding: None,
        origin: None,
        about: Default::default(),
    }
}

/// Write `bytes` as `dir/name` with `annotations` in its sidecar (through
/// the store, as the reader saves).
pub fn write_article(dir: &Path, name: &str, bytes: &[u8], annotations: &[Annotation]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    if !annotations.is_empty() {
        Store::beside(&path)
            .save(&doc_info(name, bytes), annotations)
            .unwrap();
    }
    path
}

/// The golden article and its sidecar as `dir/essay.txt`.
pub fn golden(dir: &Path) -> PathBuf {
    write_article(dir, "essay.txt", ARTICLE.as_bytes(), &annotations())
}

/// The `annotty` binary, run in `dir`, with a private config and data
/// directory and without colour or terminal.
pub fn annotty(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_annotty"));
    c.current_dir(dir)
        .env("XDG_DATA_HOME", dir.join(".data"))
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("HOME", dir)
        .env_remove("NO_COLOR")
        .env_remove("ANNOTTY_CONFIG");
    c
}

/// Run and collect, with the exit status as a number.
pub fn run(mut c: Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}
