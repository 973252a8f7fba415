//! Sidecars made at test time: one annotation, and a 10 MB article whose
//! 10 000 lines each open with a highlighted quote, with the edits that
//! make its notes move. Used by the tests and by `examples/pager_bench.rs`.

#![allow(dead_code)]

use annotty::annotation::{Annotation, CONTEXT_CHARS};
use annotty::store::{DocInfo, Sidecar, render};
use annotty::text::CharPos;

/// An annotation (number `n`, a highlight made on 1 January 2026) of
/// chars `start..end` whose text is `quote`, without context.
pub fn annotation(n: usize, quote: &str, start: u64, end: u64) -> Annotation {
    let quote = quote.to_string();
    Annotation {
        id: format!("0190a000-0000-7000-8000-{n:012}"),
        start: CharPos(start),
        end: CharPos(end),
        quote,
        prefix: String::new(),
        suffix: String::new(),
        tag: "highlight".into(),
        note: String::new(),
        created: "2026-01-01T00:00:00.000Z".into(),
        updated: "2026-01-01T00:00:00.000Z".into(),
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: toml::Table::new(),
    }
}

/// Lines (paragraphs, one highlighted quote each) of [`article`].
pub const LINES: usize = 10_000;

/// The first line of an edited article (inserted at the top).
pub const EDITED_TOP: &str = "FIRSTWORD: an editor's note, added at the top.";

/// The article's last line.
pub const LAST_LINE: &str = "Here ends this long article: LASTWORD.";

/// The quote on line `i`; one in `changed_every` holds "the", which
/// [`edit_quotes`] misspells.
pub fn quote(i: usize, changed_every: usize) -> String {
    let mid = if i.is_multiple_of(changed_every) {
        "the"
    } else {
        "a"
    };
    format!("number {i:05} opens with {mid} river and {mid} stone")
}

/// The article (ASCII, about 10 MB): one paragraph of about 1 000 bytes a
/// line, each opening with its [`quote`]; [`LAST_LINE`] at the end.
pub fn article(changed_every: usize) -> String {
    const WORDS: &[&str] = &[
        "lamp", "north", "quiet", "paper", "window", "garden", "winter", "copper", "signal",
        "harbor", "meadow", "candle",
    ];
    let mut seed: u64 = 2026;
    let mut text = String::with_capacity(LINES * 1_010);
    for i in 0..LINES {
        text.push_str("Paragraph ");
        text.push_str(&quote(i, changed_every));
        text.push(',');
        let end = text.len() + 950;
        while text.len() < end {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            text.push(' ');
            text.push_str(WORDS[(seed >> 33) as usize % WORDS.len()]);
        }
        text.push_str(".\n");
    }
    text.push('\n');
    text.push_str(LAST_LINE);
    text.push('\n');
    text
}

/// The sidecar (named `file`) of [`article`]`(changed_every)`: each line's
/// quote highlighted, with its context.
pub fn sidecar(file: &str, text: &str, changed_every: usize) -> String {
    let mut list = Vec::with_capacity(LINES);
    let mut at = 0;
    for (i, line) in text.lines().take(LINES).enumerate() {
        let quote = quote(i, changed_every);
        let start = at + "Paragraph ".len();
        let end = start + quote.len();
        let mut a = annotation(i, &quote, start as u64, end as u64);
        a.prefix = text[start.saturating_sub(CONTEXT_CHARS)..start].to_string();
        a.suffix = text[end..end + CONTEXT_CHARS].to_string();
        list.push(a);
        at += line.len() + 1;
    }
    let doc = DocInfo {
        file: file.into(),
        chars: text.len() as u64,
        hash: annotty::scan::content_hash(text.as_bytes()),
        encoding: None,
        origin: None,
        about: Default::default(),
    };
    render(&Sidecar::new(doc, list))
}

/// `text` with [`EDITED_TOP`] and a blank line inserted at the top: every
/// note moves, each quote is still there.
pub fn edit_top(text: &str) -> String {
    format!("{EDITED_TOP}\n\n{text}")
}

/// [`edit_top`], and "the" misspelt everywhere: the quotes that held it
/// (one in `changed_every`) changed.
pub fn edit_quotes(text: &str) -> String {
    edit_top(&text.replace(" the ", " teh "))
}
