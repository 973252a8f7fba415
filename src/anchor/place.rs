//! The steps that find one annotation in the new text, in byte offsets.

use super::chars::{Chars, ceil_char_boundary, floor_char_boundary};
use super::myers::{Column, Pattern, prefix_distance};
use crate::annotation::{Annotation, CONTEXT_CHARS};
use memchr::memmem;
use std::cell::OnceCell;
use std::ops::Range;

/// Bytes on each side of the expected place searched for exact
/// occurrences of the quote before the whole text is.
pub const EXACT_WINDOW: usize = 64 << 10;
/// Bytes on each side of the expected place searched approximately (plus
/// twice the quote's length in bytes).
pub const FUZZY_WINDOW: usize = 2 << 10;
/// The least score of an approximate match.
pub const FUZZY_THRESHOLD: f32 = 0.75;
/// How much an approximate match must score above the best one elsewhere
/// (not overlapping it).
pub const FUZZY_MARGIN: f32 = 0.05;
/// Weights of the approximate score: the quote's likeness
/// (1 − edits / quote chars), the prefix's and the suffix's (chars
/// matched / chars stored) and the closeness to the expected place
/// (1 / (1 + bytes away / (quote bytes + 256))). They add up to 1.
const WEIGHTS: [f32; 4] = [0.5, 0.2, 0.2, 0.1];

/// Where one annotation was found: a byte range of the new text.
#[derive(Debug, PartialEq)]
pub(super) enum Found {
    Exact(Range<usize>),
    Fuzzy(Range<usize>, f32),
    Orphan,
}

/// Find `a` in `text`; it is expected at its old start or at its old start
/// shifted by `delta` chars.
pub(super) fn find(text: &Chars, a: &Annotation, delta: i64) -> Found {
    let quote = a.quote.as_str();
    if quote.is_empty() {
        return Found::Orphan;
    }
    let old = text.byte(a.start.0);
    let shifted = text.byte(a.start.0.saturating_add_signed(delta));
    let job = Job {
        text: text.text,
        quote,
        context: Context::new(&a.prefix, &a.suffix),
        near: [old, shifted],
    };
    for at in [old, shifted] {
        let end = at + quote.len();
        if text.text[at..].starts_with(quote) && job.context.perfect(text.text, at, end) {
            return Found::Exact(at..end);
        }
    }
    if let Some(at) = job.exact() {
        return Found::Exact(at..at + quote.len());
    }
    match job.fuzzy() {
        Some((range, score)) => Found::Fuzzy(range, score),
        None => Found::Orphan,
    }
}

struct Job<'a> {
    text: &'a str,
    quote: &'a str,
    context: Context<'a>,
    /// Where the quote is expected (byte offsets): the old start and the
    /// old start shifted like the previous annotation.
    near: [usize; 2],
}

/// An exact occurrence and what ranks it.
struct Occurrence {
    at: usize,
    /// Chars of context matched.
    matched: usize,
    /// Bytes from the nearest expected place.
    distance: usize,
}

impl Job<'_> {
    fn distance(&self, at: usize) -> usize {
        self.near.iter().map(|n| n.abs_diff(at)).min().unwrap_or(0)
    }

    /// The text within `radius` bytes of the expected places (`extra` more
    /// after them), on char boundaries, overlaps merged.
    fn windows(&self, radius: usize, extra: usize) -> Vec<Range<usize>> {
        let len = self.text.len();
        let mut windows: Vec<Range<usize>> = Vec::with_capacity(2);
        let mut near = self.near;
        near.sort_unstable();
        for n in near {
            let start = floor_char_boundary(self.text, n.saturating_sub(radius));
            let end = ceil_char_boundary(self.text, n.saturating_add(radius + extra).min(len));
            match windows.last_mut() {
                Some(last) if start <= last.end => last.end = last.end.max(end),
                _ => windows.push(start..end),
            }
        }
        windows
    }

    /// Step 2: the exact occurrence of the quote whose context matches
    /// best (then the nearest), if at least half its context matches.
    /// Near the expected places first; only when no occurrence there
    /// qualifies, the whole text, where an occurrence must have one side
    /// of its context intact (a passage moved far away takes some context
    /// along; the test is cheap enough for a quote found a million times).
    fn exact(&self) -> Option<usize> {
        let finder = memmem::Finder::new(self.quote);
        let bytes = self.text.as_bytes();
        let mut best = None;
        for w in self.windows(EXACT_WINDOW, self.quote.len()) {
            for at in overlapping(&finder, &bytes[w.clone()]) {
                self.consider(&mut best, w.start + at);
            }
        }
        let enough = |o: &Occurrence| 2 * o.matched >= self.context.chars;
        if !best.as_ref().is_some_and(enough) {
            for at in overlapping(&finder, bytes) {
                let end = at + self.quote.len();
                let c = &self.context;
                if c.prefix_at(&self.text[..at]) || c.suffix_at(&self.text[end..]) {
                    self.consider(&mut best, at);
                }
            }
        }
        best.filter(enough).map(|o| o.at)
    }

    fn consider(&self, best: &mut Option<Occurrence>, at: usize) {
        let end = at + self.quote.len();
        let distance = self.distance(at);
        if let Some(b) = best.as_ref()
            && b.matched == self.context.chars
            && ((distance, at) >= (b.distance, b.at) || !self.context.perfect(self.text, at, end))
        {
            return; // only a nearer perfect one can beat a perfect one
        }
        let [p, s] = self.context.matched(self.text, at, end);
        let this = Occurrence {
            at,
            matched: p + s,
            distance,
        };
        let better =
            |b: &Occurrence| (this.matched, b.distance, b.at) > (b.matched, this.distance, this.at);
        if best.as_ref().is_none_or(better) {
            *best = Some(this);
        }
    }

    /// Step 3: the best approximate match near the expected places, with
    /// at most a quarter of the quote's chars (rounded up) in edits, if it
    /// scores at least [`FUZZY_THRESHOLD`] and [`FUZZY_MARGIN`] more than
    /// any match elsewhere.
    fn fuzzy(&self) -> Option<(Range<usize>, f32)> {
        let quote: Vec<char> = self.quote.chars().collect();
        let (m, k) = (quote.len(), quote.len().div_ceil(4));
        let forward = Pattern::new(quote.iter().copied());
        let backward = Pattern::new(quote.iter().rev().copied());
        let mut found: Vec<(Range<usize>, f32)> = Vec::new();
        let radius = FUZZY_WINDOW + 2 * self.quote.len();
        for w in self.windows(radius, self.quote.len()) {
            for end in match_ends(&forward, &self.text[w.clone()], k) {
                let before = &self.text[..w.start + end];
                // The start: the best alignment read backwards from the end.
                let (edits, n) = prefix_distance(&backward, before.chars().rev(), m + k);
                if n == 0 || edits > k {
                    continue;
                }
                let start = before.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
                let range = start..before.len();
                let score = self.score(range.clone(), edits, m);
                found.push((range, score));
            }
        }
        let (best, score) = found.iter().max_by(|a, b| a.1.total_cmp(&b.1))?.clone();
        let apart = |r: &Range<usize>| r.end <= best.start || r.start >= best.end;
        let second = found
            .iter()
            .filter(|(r, _)| apart(r))
            .map(|c| c.1)
            .fold(0.0, f32::max);
        (score >= FUZZY_THRESHOLD && score - second >= FUZZY_MARGIN).then_some((best, score))
    }

    fn score(&self, range: Range<usize>, edits: usize, quote_chars: usize) -> f32 {
        let [p, s] = self.context.matched(self.text, range.start, range.end);
        let ratio = |x: usize, of: usize| x as f32 / of as f32; // sides have at least one char
        let scale = (self.quote.len() + 256) as f32;
        let parts = [
            1.0 - ratio(edits, quote_chars),
            ratio(p, self.context.sides[0]),
            ratio(s, self.context.sides[1]),
            1.0 / (1.0 + self.distance(range.start) as f32 / scale),
        ];
        let score: f32 = parts.iter().zip(WEIGHTS).map(|(x, w)| x * w).sum();
        score.min(1.0)
    }
}

/// Every occurrence of the finder's needle in `haystack`, overlapping ones
/// too (`find_iter` skips those).
fn overlapping(finder: &memmem::Finder, haystack: &[u8]) -> impl Iterator<Item = usize> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + finder.find(&haystack[from..])?;
        from = at + 1;
        Some(at)
    })
}

/// Byte offsets (just past a char of `text`) where `pattern` ends with at
/// most `k` edits and fewer than at the ends just before and just after
/// (all of a run of equal ends: which is best depends on the context).
fn match_ends(pattern: &Pattern, text: &str, k: usize) -> Vec<usize> {
    let mut column = Column::new(pattern, false);
    let (mut ends, mut run) = (Vec::new(), Vec::new());
    let mut previous = pattern.len();
    for (i, c) in text.char_indices() {
        let d = column.step(c);
        let end = i + c.len_utf8();
        if d < previous {
            run.clear();
            if d <= k {
                run.push(end);
            }
        } else if d == previous && !run.is_empty() {
            run.push(end);
        } else if d > previous {
            ends.append(&mut run);
        }
        previous = d;
    }
    ends.append(&mut run);
    ends
}

/// Stands for the start or end of the text in context patterns.
const EDGE: char = '\u{FFFF}';

/// The stored prefix and suffix, and how much of them surrounds a place.
///
/// A side shorter than [`CONTEXT_CHARS`] was cut by the start or the end
/// of the text, which then counts as one more char of it: a prefix `"ab"`
/// is fully matched only right after the text's start `"ab"`.
struct Context<'a> {
    prefix: &'a str,
    suffix: &'a str,
    /// Chars of each side, its edge included.
    sides: [usize; 2],
    /// Chars of both sides.
    chars: usize,
    /// The prefix reversed (it is read backwards from the quote) and the
    /// suffix, each with its edge, prepared on first use.
    patterns: OnceCell<[Pattern; 2]>,
}

impl<'a> Context<'a> {
    fn new(prefix: &'a str, suffix: &'a str) -> Context<'a> {
        let side = |s: &str| {
            let n = s.chars().count();
            n + usize::from(n < CONTEXT_CHARS)
        };
        let sides = [side(prefix), side(suffix)];
        Context {
            prefix,
            suffix,
            sides,
            chars: sides[0] + sides[1],
            patterns: OnceCell::new(),
        }
    }

    fn prefix_at(&self, before: &str) -> bool {
        if self.sides[0] > CONTEXT_CHARS {
            before == self.prefix
        } else {
            before.ends_with(self.prefix)
        }
    }

    fn suffix_at(&self, after: &str) -> bool {
        if self.sides[1] > CONTEXT_CHARS {
            after == self.suffix
        } else {
            after.starts_with(self.suffix)
        }
    }

    /// Whether the whole prefix and suffix surround `text[start..end]`.
    fn perfect(&self, text: &str, start: usize, end: usize) -> bool {
        self.prefix_at(&text[..start]) && self.suffix_at(&text[end..])
    }

    /// How many chars of the prefix and of the suffix surround
    /// `text[start..end]`: each side's length minus its edit distance to
    /// the text beside the range (the far end of the side is free).
    fn matched(&self, text: &str, start: usize, end: usize) -> [usize; 2] {
        let patterns = || {
            self.patterns.get_or_init(|| {
                let edge = |n: usize| (n > CONTEXT_CHARS).then_some(EDGE);
                [
                    Pattern::new(self.prefix.chars().rev().chain(edge(self.sides[0]))),
                    Pattern::new(self.suffix.chars().chain(edge(self.sides[1]))),
                ]
            })
        };
        let edge = std::iter::once(EDGE);
        let [p, s] = self.sides;
        let (before, after) = (&text[..start], &text[end..]);
        [
            match self.prefix_at(before) {
                true => p,
                false => {
                    p - prefix_distance(
                        &patterns()[0],
                        before.chars().rev().chain(edge.clone()),
                        2 * p,
                    )
                    .0
                }
            },
            match self.suffix_at(after) {
                true => s,
                false => s - prefix_distance(&patterns()[1], after.chars().chain(edge), 2 * s).0,
            },
        ]
    }
}
