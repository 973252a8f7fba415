//! Searching the raw bytes of an article with a regular expression, in
//! chunks so that a search of a large file can be cancelled at once.
//! Ranges are half-open **byte** ranges into the document.

use regex::bytes::{Regex, RegexBuilder};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// Bytes searched between checks for cancellation.
const CHUNK: usize = 1 << 20;
/// How far past a chunk a match may reach: a chunk is extended to the end
/// of its line, but never by more than this (one 50 MB line must not be
/// searched whole at once).
const REACH: usize = 64 << 10;

/// Where the haystack for matches starting before `p` ends: the end of the
/// line holding `p`, or `p + REACH`, whichever comes first.
fn reach_end(bytes: &[u8], p: usize) -> usize {
    let limit = (p + REACH).min(bytes.len());
    if p >= limit {
        return limit;
    }
    memchr::memchr(b'\n', &bytes[p..limit]).map_or(limit, |i| p + i)
}

/// A compiled search pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub text: String,
    regex: Regex,
}

impl Pattern {
    /// Compile `text` as a regular expression with smart case: it ignores
    /// case unless it has a capital letter.
    pub fn new(text: &str) -> Result<Pattern, String> {
        let ignore_case = !text.chars().any(char::is_uppercase);
        let regex = RegexBuilder::new(text)
            .case_insensitive(ignore_case)
            .multi_line(true)
            .size_limit(1 << 24)
            .build()
            .map_err(|e| match e {
                regex::Error::Syntax(s) => {
                    s.lines().last().unwrap_or("bad pattern").trim().to_string()
                }
                other => other.to_string(),
            })?;
        Ok(Pattern {
            text: text.to_string(),
            regex,
        })
    }

    /// Every non-empty match that starts inside `range`.
    pub fn matches_in(&self, bytes: &[u8], range: Range<usize>) -> Vec<Range<usize>> {
        let end = reach_end(bytes, range.end);
        let mut out = Vec::new();
        let mut at = range.start;
        while at < range.end {
            match self.regex.find_at(&bytes[..end], at) {
                Some(m) if m.start() < range.end => {
                    if m.end() > m.start() {
                        out.push(m.range());
                    }
                    at = m.end().max(m.start() + 1);
                }
                _ => break,
            }
        }
        out
    }
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    /// True when the search went past the end (or start) and wrapped.
    pub wrapped: bool,
}

/// The first match at or after `from` (forward) or starting before `from`
/// (backward), wrapping around the document once. `None` when there is no
/// match or `cancel` was set.
pub fn find(
    bytes: &[u8],
    pattern: &Pattern,
    from: usize,
    backward: bool,
    cancel: &AtomicBool,
) -> Option<Found> {
    find_releasing(bytes, pattern, from, backward, cancel, &|_| {})
}

/// [`find`], calling `release` with each chunk once it has been searched
/// (so memory-mapped pages can be given back).
pub fn find_releasing(
    bytes: &[u8],
    pattern: &Pattern,
    from: usize,
    backward: bool,
    cancel: &AtomicBool,
    release: &dyn Fn(Range<usize>),
) -> Option<Found> {
    let from = from.min(bytes.len());
    let (first, second) = if backward {
        (
            find_backward(bytes, pattern, 0, from, cancel, release),
            find_backward(bytes, pattern, from, bytes.len(), cancel, release),
        )
    } else {
        (
            find_forward(bytes, pattern, from, bytes.len(), cancel, release),
            find_forward(bytes, pattern, 0, from, cancel, release),
        )
    };
    if let Some(range) = first? {
        return Some(Found {
            range,
            wrapped: false,
        });
    }
    second?.map(|range| Found {
        range,
        wrapped: true,
    })
}

/// The first match starting in `[lo, hi)`; outer `None` when cancelled.
fn find_forward(
    bytes: &[u8],
    p: &Pattern,
    lo: usize,
    hi: usize,
    cancel: &AtomicBool,
    release: &dyn Fn(Range<usize>),
) -> Option<Option<Range<usize>>> {
    let mut at = lo;
    while at < hi {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        // Matches must start in [at, chunk_end); they may reach past it.
        let chunk_end = (at + CHUNK).min(hi);
        let haystack = &bytes[..reach_end(bytes, chunk_end)];
        let mut from = at;
        while from < chunk_end {
            match p.regex.find_at(haystack, from) {
                Some(m) if m.start() < chunk_end => {
                    if m.end() > m.start() {
                        return Some(Some(m.range()));
                    }
                    from = m.end() + 1;
                }
                _ => break,
            }
        }
        release(at..chunk_end);
        at = chunk_end;
    }
    Some(None)
}

/// The last match starting in `[lo, hi)`; outer `None` when cancelled.
fn find_backward(
    bytes: &[u8],
    p: &Pattern,
    lo: usize,
    hi: usize,
    cancel: &AtomicBool,
    release: &dyn Fn(Range<usize>),
) -> Option<Option<Range<usize>>> {
    let mut top = hi;
    while top > lo {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let start = top.saturating_sub(CHUNK).max(lo);
        if let Some(m) = p.matches_in(bytes, start..top).pop() {
            return Some(Some(m));
        }
        release(start..top);
        top = start;
    }
    Some(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go(text: &str, pat: &str, from: usize, backward: bool) -> Option<(usize, bool)> {
        let p = Pattern::new(pat).unwrap();
        find(text.as_bytes(), &p, from, backward, &AtomicBool::new(false))
            .map(|f| (f.range.start, f.wrapped))
    }

    #[test]
    fn smart_case() {
        assert_eq!(go("a Tariff b", "tariff", 0, false), Some((2, false)));
        assert_eq!(go("a tariff b", "Tariff", 0, false), None);
    }

    #[test]
    fn forward_and_backward_wrap_around() {
        let text = "one fox\ntwo fox\nthree";
        assert_eq!(go(text, "fox", 5, false), Some((12, false)));
        assert_eq!(go(text, "fox", 13, false), Some((4, true)));
        assert_eq!(go(text, "fox", 12, true), Some((4, false)));
        assert_eq!(go(text, "fox", 3, true), Some((12, true)));
    }

    #[test]
    fn regex_and_errors() {
        assert_eq!(go("colour color", "colou?r", 1, false), Some((7, false)));
        assert!(Pattern::new("(").unwrap_err().contains("unclosed"));
    }

    #[test]
    fn cancelled_search_finds_nothing() {
        let p = Pattern::new("x").unwrap();
        assert_eq!(find(b"aaax", &p, 0, false, &AtomicBool::new(true)), None);
    }

    #[test]
    fn one_long_line_is_searched_in_chunks_without_missing_matches() {
        // A match straddling a chunk boundary is still found, both ways.
        let mut text = "x".repeat(CHUNK - 3);
        text.push_str("needle");
        text.push_str(&"y".repeat(CHUNK));
        let p = Pattern::new("needle").unwrap();
        let want = Some(Found {
            range: CHUNK - 3..CHUNK + 3,
            wrapped: false,
        });
        assert_eq!(
            find(text.as_bytes(), &p, 0, false, &AtomicBool::new(false)),
            want
        );
        assert_eq!(
            find(
                text.as_bytes(),
                &p,
                text.len(),
                true,
                &AtomicBool::new(false)
            ),
            want
        );
        // Chunks are given back as they are passed.
        let released = std::cell::RefCell::new(Vec::new());
        let none = Pattern::new("absent").unwrap();
        find_releasing(
            text.as_bytes(),
            &none,
            0,
            false,
            &AtomicBool::new(false),
            &|r| released.borrow_mut().push(r),
        );
        assert!(
            released.borrow().iter().all(|r| r.len() <= CHUNK),
            "{:?}",
            released.borrow()
        );
    }

    #[test]
    fn matches_in_a_range() {
        let p = Pattern::new("ab").unwrap();
        assert_eq!(p.matches_in(b"ab ab ab", 1..6), vec![3..5]);
    }
}
