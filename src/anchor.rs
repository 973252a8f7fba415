//! Re-anchoring: placing annotations again after their article changed.
//!
//! When an article's content hash differs from the one in its sidecar, the
//! stored ranges may point at the wrong text. [`reanchor`] finds every
//! annotation's text again from what it stored (range, quote, prefix and
//! suffix); [`apply`] writes the results into the annotations. Both are
//! pure: no I/O, no clock.
//!
//! All offsets are **char offsets** (Unicode scalar values) into the
//! decoded, LF-normalised text, ranges half-open `[start, end)`, like
//! everywhere else (see [`crate::text`]). The stored ones index the old
//! text, the placed ones the new text.
//!
//! # Steps
//!
//! For each annotation, the first that succeeds:
//!
//! 1. **Where it was.** The new text at the old start (or at the old start
//!    shifted by as much as the previous annotation in text order moved)
//!    holds the quote, and the whole stored prefix and suffix surround it →
//!    exact. (Requiring the context too keeps a short quote such as "the"
//!    from staying on whichever "the" an insertion shifted under it.)
//! 2. **Exact elsewhere.** Among the exact occurrences of the quote, the one
//!    whose context matches best, then the nearest to either expected
//!    place → exact, provided at least half of the stored context chars
//!    match. A side's match is its length minus the edit distance between
//!    it and the text beside the occurrence (its far end free), so that a
//!    changed char costs one char, not the rest of the side; a side shorter
//!    than [`CONTEXT_CHARS`](crate::annotation::CONTEXT_CHARS) ends at the text's start or end, which counts
//!    as one more char. Occurrences within [`EXACT_WINDOW`] bytes of the
//!    expected places come first; the whole text is searched only when none
//!    of them qualifies, and there only occurrences with one side of their
//!    context intact count (a passage moved far away takes context along).
//! 3. **Approximate.** Within [`FUZZY_WINDOW`] bytes plus twice the quote's
//!    length around the expected places, the matches of the quote with at
//!    most ⌈chars/4⌉ edits (bit-parallel: Myers' algorithm, in blocks of 64
//!    chars for longer quotes, so a quote of any length is matched whole).
//!    Each is scored in (0, 1]: 0.5 × (1 − edits/chars) + 0.2 × prefix
//!    match + 0.2 × suffix match (as in step 2, as fractions) + 0.1 ×
//!    closeness to the expected place. The best → fuzzy, if it scores at
//!    least [`FUZZY_THRESHOLD`] and [`FUZZY_MARGIN`] more than any match not
//!    overlapping it.
//! 4. Otherwise an **orphan**: it keeps its old range.
//!
//! Exact and fuzzy placements come with a new prefix and suffix taken from
//! the new text; the quote stays what the reader highlighted.
//!
//! Known limits: an occurrence near the expected place with half its
//! context wins over a better one more than [`EXACT_WINDOW`] away; a quote
//! both edited and moved further than the approximate window is orphaned.
//!
//! # Cost
//!
//! One pass over the text builds a char index (a mark every KiB). An
//! annotation that only shifted costs a comparison of its quote and
//! context; one that moved a little, a search of 128 KiB; one whose quote
//! changed, a search of the whole text (memchr's `memmem`, about 0.3 ms per
//! 10 MB here) and an approximate search of a few KiB, which costs
//! ⌈chars/64⌉ word operations per char of the window. Annotations are
//! handled in text order, in chunks of [`CHUNK`] spread over the available
//! cores; each chunk starts with no shift, so the result does not depend on
//! the number of cores. 10 000 annotations on a 10 MB article, 2 cores:
//! about 6 ms after edits near the start; 0.6 to 1.1 s when a third of the
//! quotes changed (`cargo bench --bench anchor`).

mod chars;
mod myers;
mod place;
#[cfg(test)]
mod tests;

pub use place::{EXACT_WINDOW, FUZZY_MARGIN, FUZZY_THRESHOLD, FUZZY_WINDOW};

use crate::annotation::{Annotation, State};
use crate::text::{BytePos, CharPos};
use chars::Chars;
use place::Found;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Annotations handled in sequence by one thread, in text order.
pub const CHUNK: usize = 1024;

/// Where an annotation was placed in the new text: char offsets,
/// half-open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Placement {
    /// On text equal to the quote.
    Exact { start: CharPos, end: CharPos },
    /// On text approximately equal to the quote; `score` in
    /// `[FUZZY_THRESHOLD, 1]` says how well it and its context match.
    Fuzzy {
        start: CharPos,
        end: CharPos,
        score: f32,
    },
    /// Not found: the annotation keeps its old range.
    Orphan,
}

impl Placement {
    /// The placed range, unless an orphan.
    pub fn range(&self) -> Option<(CharPos, CharPos)> {
        match *self {
            Placement::Exact { start, end } | Placement::Fuzzy { start, end, .. } => {
                Some((start, end))
            }
            Placement::Orphan => None,
        }
    }
}

/// One annotation's placement and its context in the new text (up to
/// [`CONTEXT_CHARS`](crate::annotation::CONTEXT_CHARS) chars on each side; empty for orphans).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub placement: Placement,
    pub prefix: String,
    pub suffix: String,
}

/// What [`apply`] changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Placed exactly on a different range.
    pub moved: usize,
    /// Placed approximately.
    pub fuzzy: usize,
    /// Not found.
    pub orphaned: usize,
}

/// Place every annotation in `new_text`, the decoded, LF-normalised text of
/// the changed article (as [`crate::text::decode`] returns it). Returns one
/// [`Placed`] per annotation, in the same order. Deleted annotations are
/// placed like the others; pass only the live ones to save the work.
pub fn reanchor(new_text: &str, annotations: &[Annotation]) -> Vec<Placed> {
    let text = Chars::new(new_text);
    let mut order: Vec<usize> = (0..annotations.len()).collect();
    order.sort_by_key(|&i| (annotations[i].start, annotations[i].end));
    let chunks: Vec<&[usize]> = order.chunks(CHUNK).collect();
    let place_chunk = |chunk: &[usize]| -> Vec<Placed> {
        // How far the previous annotation moved, in chars.
        let mut delta = 0i64;
        let mut placed = Vec::with_capacity(chunk.len());
        for &i in chunk {
            let a = &annotations[i];
            let p = place(&text, a, delta);
            if let Some((start, _)) = p.placement.range() {
                delta = start.0 as i64 - a.start.0 as i64;
            }
            placed.push(p);
        }
        placed
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(chunks.len());
    let mut done: Vec<Option<Vec<Placed>>> = vec![None; chunks.len()];
    if threads <= 1 {
        for (d, chunk) in done.iter_mut().zip(&chunks) {
            *d = Some(place_chunk(chunk));
        }
    } else {
        let next = AtomicUsize::new(0);
        std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let c = next.fetch_add(1, Ordering::Relaxed);
                            let Some(chunk) = chunks.get(c) else { break };
                            mine.push((c, place_chunk(chunk)));
                        }
                        mine
                    })
                })
                .collect();
            for worker in workers {
                let mine = worker
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e));
                for (c, placed) in mine {
                    done[c] = Some(placed);
                }
            }
        });
    }
    let mut out: Vec<Option<Placed>> = vec![None; annotations.len()];
    for (&i, p) in order.iter().zip(done.into_iter().flatten().flatten()) {
        out[i] = Some(p);
    }
    out.into_iter()
        .map(|p| p.expect("every annotation is placed"))
        .collect()
}

fn place(text: &Chars, a: &Annotation, delta: i64) -> Placed {
    let (range, score) = match place::find(text, a, delta) {
        Found::Exact(range) => (range, None),
        Found::Fuzzy(range, score) => (range, Some(score)),
        Found::Orphan => {
            return Placed {
                placement: Placement::Orphan,
                prefix: String::new(),
                suffix: String::new(),
            };
        }
    };
    let start = CharPos(text.char(range.start));
    let end = start + text.text[range.clone()].chars().count() as u64;
    let range = BytePos(range.start)..BytePos(range.end);
    let (prefix, suffix) = crate::annotation::context(text.text.as_bytes(), range);
    Placed {
        placement: match score {
            None => Placement::Exact { start, end },
            Some(score) => Placement::Fuzzy { start, end, score },
        },
        prefix,
        suffix,
    }
}

/// Write placements (from [`reanchor`], same order) into the annotations:
/// the range, prefix and suffix of exact and fuzzy ones, and their
/// `state`: [`State::Fuzzy`] with a `score` (rounded to two decimals),
/// [`State::Orphan`] (range and context unchanged), or [`State::Placed`].
/// Nothing else changes (not `updated`).
pub fn apply(annotations: &mut [Annotation], placed: &[Placed]) -> Summary {
    assert_eq!(
        annotations.len(),
        placed.len(),
        "one placement per annotation"
    );
    let mut summary = Summary::default();
    for (a, p) in annotations.iter_mut().zip(placed) {
        match p.placement {
            Placement::Exact { start, end } => {
                if (start, end) != (a.start, a.end) {
                    summary.moved += 1;
                }
                a.set_placed();
            }
            Placement::Fuzzy { score, .. } => {
                summary.fuzzy += 1;
                a.set_placed();
                a.state = State::Fuzzy;
                a.score = Some((f64::from(score) * 100.0).round() / 100.0);
            }
            Placement::Orphan => {
                summary.orphaned += 1;
                a.set_placed();
                a.state = State::Orphan;
            }
        }
        if let Some((start, end)) = p.placement.range() {
            a.start = start;
            a.end = end;
            a.prefix.clone_from(&p.prefix);
            a.suffix.clone_from(&p.suffix);
        }
    }
    summary
}
