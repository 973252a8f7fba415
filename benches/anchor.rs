//! Re-anchoring 10 000 annotations on a 10 MB article after it changed.
//!
//! The article: paragraphs of random words (some multibyte) with stock
//! phrases repeated throughout. The annotations: quotes of 3 to 300 chars
//! spread over the whole text, with their 32-char context. The change: a
//! paragraph inserted near the start, a few words edited (three of them
//! inside highlights) and one highlighted passage deleted; every other
//! annotation must land on its own text. A second, costlier change: a
//! common word misspelt everywhere.
//!
//! `cargo bench --bench anchor` (release profile); the placement counts are
//! printed once before the timings.

use annotty::anchor::{Placement, reanchor};
use annotty::annotation::{Annotation, CONTEXT_CHARS, new_id};
use annotty::text::CharPos;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const ARTICLE_BYTES: usize = 10_000_000;
const ANNOTATIONS: usize = 10_000;

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A vocabulary of made-up words and a few multibyte ones.
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ter", "sun", "ra", "ve", "dor", "pi", "an", "el", "ost", "ri", "gu",
        "ne", "sta",
    ];
    let mut words: Vec<String> = (0..3000)
        .map(|_| {
            (0..1 + rng.below(3))
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect()
        })
        .collect();
    for w in ["the", "of", "and", "a", "to", "in", "is", "it"] {
        words.extend(std::iter::repeat_n(w.to_string(), 60));
    }
    words.extend(["café", "naïve", "—", "“quoted”", "it’s", "漢字", "Ελλάδα"].map(String::from));
    words
}

const PHRASES: &[&str] = &[
    "in the middle of the night",
    "as far as the eye could see",
    "for the sake of the argument",
    "at the end of the day",
    "on the other hand",
    "the river and the stone",
];

fn article(rng: &mut Rng, words: &[String], bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 1000);
    while out.len() < bytes {
        for i in 0..40 + rng.below(120) {
            if i > 0 {
                out.push(' ');
            }
            if rng.below(25) == 0 {
                out.push_str(PHRASES[rng.below(PHRASES.len())]);
            } else {
                out.push_str(&words[rng.below(words.len())]);
            }
        }
        out.push_str(".\n\n");
    }
    out
}

fn annotation(chars: &[char], start: usize, end: usize, i: usize) -> Annotation {
    let take = |r: std::ops::Range<usize>| chars[r].iter().collect::<String>();
    Annotation {
        id: new_id(1_764_000_000_000 + i as u64, i as u128),
        start: CharPos(start as u64),
        end: CharPos(end as u64),
        quote: take(start..end),
        prefix: take(start.saturating_sub(CONTEXT_CHARS)..start),
        suffix: take(end..(end + CONTEXT_CHARS).min(chars.len())),
        tag: "highlight".into(),
        note: String::new(),
        created: "2026-11-28T00:00:00.000Z".into(),
        updated: "2026-11-28T00:00:00.000Z".into(),
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: toml::Table::new(),
    }
}

/// The annotations, the changed article, and where each annotation's own
/// text went (`None` when an edit touched it).
fn scenario() -> (Vec<Annotation>, String, Vec<Option<u64>>) {
    let mut rng = Rng(2026);
    let words = vocabulary(&mut rng);
    let old = article(&mut rng, &words, ARTICLE_BYTES);
    let chars: Vec<char> = old.chars().collect();
    let n = chars.len();
    let mut annotations: Vec<Annotation> = (0..ANNOTATIONS)
        .map(|i| {
            let start = 1_000 + i * (n - 2_000) / ANNOTATIONS + rng.below(300);
            let len = match rng.below(10) {
                0 => 65 + rng.below(235), // longer than one 64-char block
                _ => 3 + rng.below(60),
            };
            annotation(&chars, start, start + len, i)
        })
        .collect();
    annotations.sort_by(|a, b| a.id.cmp(&b.id)); // as a sidecar lists them

    // The edits, from the end backwards so that offsets stay valid.
    let mut new = chars;
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for &k in &[2_000, 5_000, 8_000] {
        // a word inside a highlight
        let a = &annotations[k];
        let at = (a.start.0 + a.end.0) as usize / 2;
        edits.push((at, at + 2, "zz".into()));
    }
    let gone = &annotations[6_000];
    edits.push((gone.start.0 as usize, gone.end.0 as usize, String::new()));
    for _ in 0..5 {
        // a few words elsewhere
        let at = 5_000 + rng.below(n - 10_000);
        edits.push((at, at + 4, "edit".into()));
    }
    let paragraph = article(&mut Rng(7), &words, 600);
    edits.push((300, 300, paragraph));
    let moved_to = annotations
        .iter()
        .map(|a| {
            let (start, end) = (a.start.0 as usize, a.end.0 as usize);
            let touched = edits.iter().any(|e| e.0 < end && e.1 > start);
            let shift: i64 = edits
                .iter()
                .filter(|e| e.1 <= start)
                .map(|e| e.2.chars().count() as i64 - (e.1 - e.0) as i64)
                .sum();
            (!touched).then_some((start as i64 + shift) as u64)
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (a, b, text) in edits {
        new.splice(a..b, text.chars());
    }
    (annotations, new.into_iter().collect(), moved_to)
}

/// Print how the annotations were placed.
fn tally(what: &str, placed: &[annotty::anchor::Placed]) {
    let count = |f: fn(&Placement) -> bool| placed.iter().filter(|p| f(&p.placement)).count();
    eprintln!(
        "{what}: {} exact, {} fuzzy, {} orphaned",
        count(|p| matches!(p, Placement::Exact { .. })),
        count(|p| matches!(p, Placement::Fuzzy { .. })),
        count(|p| matches!(p, Placement::Orphan)),
    );
}

fn anchor(c: &mut Criterion) {
    let (annotations, new_text, moved_to) = scenario();
    let placed = reanchor(&new_text, &annotations);
    tally("edits near the start", &placed);
    for ((a, p), to) in annotations.iter().zip(&placed).zip(&moved_to) {
        if let Some(to) = *to {
            let len = a.end - a.start;
            assert_eq!(
                p.placement,
                Placement::Exact {
                    start: CharPos(to),
                    end: CharPos(to + len)
                }
            );
        }
    }
    let mut group = c.benchmark_group("anchor");
    group.sample_size(20);
    group.bench_function(
        "reanchor 10 000 annotations, 10 MB article, edits near the start",
        |b| b.iter(|| reanchor(black_box(&new_text), black_box(&annotations))),
    );
    // The costly case: a third of the quotes changed, so each is searched
    // for in the whole text before its approximate match is found.
    let everywhere = new_text.replace(" the ", " teh ");
    tally(
        "\"the\" misspelt everywhere",
        &reanchor(&everywhere, &annotations),
    );
    group.sample_size(10);
    group.bench_function(
        "reanchor 10 000 annotations, 10 MB article, a word misspelt everywhere",
        |b| b.iter(|| reanchor(black_box(&everywhere), black_box(&annotations))),
    );
    group.finish();
}

criterion_group!(benches, anchor);
criterion_main!(benches);
