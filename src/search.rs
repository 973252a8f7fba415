//! Searching the raw bytes of an article with a regular expression, in
//! chunks so that a search of a large file can be cancelled at once.
//! Ranges are half-open **byte** ranges into the document.
//!
//! A search reads the article through a [`Haystack`], one window at a
//! time (a mapped file with `pread`, so the disk's read-ahead overlaps the
//! matching).
//!
//! In a reflowed (hard-wrapped) article a space typed in the pattern also
//! matches a line break (see [`spaces`]); a window then reaches on to the
//! end of the paragraph, so a match that crosses a chunk's end at a line
//! break is still found.

mod single_byte;
mod spaces;

pub use crate::haystack::{Buffer, Haystack};
use regex::bytes::{Regex, RegexBuilder};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// Bytes searched between checks for cancellation.
const CHUNK: usize = 1 << 20;
/// How far past a chunk a match may reach: a chunk is extended to the end
/// of its line, but never by more than this (one 50 MB line must not be
/// searched whole at once).
const REACH: usize = 64 << 10;
/// How many bytes before a window's first possible match start the window
/// also holds, for look-behind (`^`, `\b`): one UTF-8 character is
/// enough; a few more cost nothing.
const BEHIND: usize = 16;

/// The part of `hay` that matches starting in `range` can be found in:
/// [`BEHIND`] bytes before it, and on to [`reach_end`] of `range.end` (or
/// [`paragraph_end`] for a pattern whose spaces cross line breaks).
/// Returns the window's offset in the article and its bytes.
fn window_for<'a, H: Haystack + ?Sized>(
    hay: &'a H,
    range: Range<usize>,
    buf: &'a mut Buffer,
    across_lines: bool,
) -> (usize, &'a [u8]) {
    let lo = range.start.saturating_sub(BEHIND);
    let hi = (range.end + REACH).min(hay.len());
    let bytes = hay.window(lo..hi, buf);
    let end = if across_lines {
        paragraph_end(bytes, range.end - lo)
    } else {
        reach_end(bytes, range.end - lo)
    };
    (lo, &bytes[..end])
}

/// Where the haystack for matches starting before `p` ends: just past the
/// newline ending the line that holds `p` (so a pattern may end with
/// `\n`), or at `p + REACH`, whichever comes first.
fn reach_end(bytes: &[u8], p: usize) -> usize {
    let limit = (p + REACH).min(bytes.len());
    if p >= limit {
        return limit;
    }
    memchr::memchr(b'\n', &bytes[p..limit]).map_or(limit, |i| p + i + 1)
}

/// Like [`reach_end`], but on past every line break that is not followed
/// by a blank line: just past the newline ending the last line of the
/// paragraph that holds `p`, or at `p + REACH`, whichever comes first. A
/// space of a reflowed pattern never crosses a blank line, so a match
/// starting before `p` ends in this window.
fn paragraph_end(bytes: &[u8], p: usize) -> usize {
    let limit = (p + REACH).min(bytes.len());
    if p >= limit {
        return limit;
    }
    let mut line_end = None;
    for i in memchr::memchr_iter(b'\n', &bytes[p..limit]) {
        let nl = p + i;
        if let Some(prev) = line_end
            && bytes[prev + 1..nl]
                .iter()
                .all(|b| b" \t\r\x0b\x0c".contains(b))
        {
            return prev + 1;
        }
        line_end = Some(nl);
    }
    limit
}

/// A compiled search pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub text: String,
    regex: Regex,
    /// True when it ignores case (no capital letter in `text`).
    ignore_case: bool,
    /// `text` with its literal spaces crossing line breaks, when it has
    /// any (see [`spaces`]).
    across_source: Option<String>,
    /// That pattern compiled, the first time a reflowed article needs it
    /// (so typing a pattern over an article with one paragraph per line
    /// compiles one regex per key, not two); shared by the clones, so the
    /// search thread's compile serves the screen too. `None` inside when
    /// it does not compile (a size limit): the pattern as typed is used.
    across: Arc<OnceLock<Option<Regex>>>,
    /// True when the article is reflowed, so spaces cross line breaks.
    reflowed: bool,
}

/// `source` compiled with smart case's choice, multi-line, and a size
/// limit; a syntax error as its last line, without regex's `error: `
/// (the caller says what went wrong: `bad pattern: unclosed group`).
fn compile(source: &str, ignore_case: bool) -> Result<Regex, String> {
    RegexBuilder::new(source)
        .case_insensitive(ignore_case)
        .multi_line(true)
        .size_limit(1 << 24)
        .build()
        .map_err(|e| match e {
            regex::Error::Syntax(s) => {
                let last = s.lines().last().unwrap_or("bad pattern").trim();
                last.strip_prefix("error:")
                    .unwrap_or(last)
                    .trim()
                    .to_string()
            }
            other => other.to_string(),
        })
}

impl Pattern {
    /// Compile `text` as a regular expression with smart case: it ignores
    /// case unless it has a capital letter. It starts out for an article
    /// with one paragraph per line (see [`Pattern::set_reflowed`]).
    pub fn new(text: &str) -> Result<Pattern, String> {
        let ignore_case = !text.chars().any(char::is_uppercase);
        Ok(Pattern {
            text: text.to_string(),
            regex: compile(text, ignore_case)?,
            ignore_case,
            across_source: spaces::across_lines(text),
            across: Arc::default(),
            reflowed: false,
        })
    }

    /// This pattern made to match the bytes of a file in the single-byte
    /// `encoding` where it matches their text (see [`single_byte`]);
    /// `None` when it cannot be.
    pub fn in_single_byte(&self, encoding: &'static encoding_rs::Encoding) -> Option<Pattern> {
        let translate = |s: &str| single_byte::translate(s, self.ignore_case, encoding);
        let across_source = match &self.across_source {
            Some(s) => Some(translate(s)?),
            None => None,
        };
        Some(Pattern {
            text: self.text.clone(),
            // Case is folded in the translation already.
            regex: compile(&translate(&self.text)?, false).ok()?,
            ignore_case: false,
            across_source,
            across: Arc::default(),
            reflowed: self.reflowed,
        })
    }

    /// Say whether the article searched is reflowed (hard-wrapped): then
    /// each literal space of the pattern matches any run of whitespace
    /// holding at most one line break (not a blank line); otherwise the
    /// pattern is the regex as typed.
    pub fn set_reflowed(&mut self, reflowed: bool) {
        self.reflowed = reflowed;
    }

    /// The regex in use, and whether its matches may cross line breaks.
    fn regex(&self) -> (&Regex, bool) {
        if self.reflowed
            && let Some(source) = &self.across_source
            && let Some(across) = self
                .across
                .get_or_init(|| compile(source, self.ignore_case).ok())
        {
            return (across, true);
        }
        (&self.regex, false)
    }

    /// Every non-empty match that starts inside `range`.
    pub fn matches_in(&self, bytes: &[u8], range: Range<usize>) -> Vec<Range<usize>> {
        self.matches_of(bytes, range, &mut Buffer::default(), false)
    }

    /// The non-empty matches starting inside `range` of `hay` (all of
    /// them, or only the first when `first_only`), as article ranges.
    fn matches_of<H: Haystack + ?Sized>(
        &self,
        hay: &H,
        range: Range<usize>,
        buf: &mut Buffer,
        first_only: bool,
    ) -> Vec<Range<usize>> {
        let (regex, across_lines) = self.regex();
        let (lo, haystack) = window_for(hay, range.clone(), buf, across_lines);
        let until = range.end - lo;
        let mut out = Vec::new();
        let mut at = range.start - lo;
        while at < until {
            match regex.find_at(haystack, at) {
                Some(m) if m.start() < until => {
                    if m.end() > m.start() {
                        out.push(lo + m.start()..lo + m.end());
                        if first_only {
                            break;
                        }
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
    find_in(bytes, pattern, from, backward, cancel, &|_| {})
}

/// [`find`] in any [`Haystack`], calling `searched` with the number of
/// bytes of each chunk once it has been searched (for progress).
pub fn find_in<H: Haystack + ?Sized>(
    hay: &H,
    pattern: &Pattern,
    from: usize,
    backward: bool,
    cancel: &AtomicBool,
    searched: &dyn Fn(usize),
) -> Option<Found> {
    let mut buf = Buffer::default();
    let mut matches = |range, first_only| pattern.matches_of(hay, range, &mut buf, first_only);
    Chunks::new(hay.len(), &mut matches, cancel, searched).find(from, backward)
}

/// [`find_in`] over the file of an article in the single-byte `encoding`
/// that is not decoded yet (see [`crate::document::Rest`]): `from` and the
/// range found are **input byte** offsets of the file, which a
/// single-byte encoding decodes to one char each. It finds what a search
/// of the decoded text finds, at the same places: with the pattern made
/// to match the file's bytes ([`Pattern::in_single_byte`]), or when it
/// cannot be, on each chunk decoded on its own with the room around it
/// that a window of the text has ([`BEHIND`] bytes before, [`REACH`]
/// after), its matches mapped back.
pub fn find_in_file<H: Haystack + ?Sized>(
    file: &H,
    encoding: &'static encoding_rs::Encoding,
    pattern: &Pattern,
    from: usize,
    backward: bool,
    cancel: &AtomicBool,
    searched: &dyn Fn(usize),
) -> Option<Found> {
    if let Some(bytes) = pattern.in_single_byte(encoding) {
        return find_in(file, &bytes, from, backward, cancel, searched);
    }
    let mut buf = Buffer::default();
    let mut text = Vec::new();
    let mut matches = |range: Range<usize>, first_only| {
        let lo = range.start.saturating_sub(BEHIND);
        let hi = (range.end + REACH).min(file.len());
        let bytes = file.window(lo..hi, &mut buf);
        text.clear();
        crate::encoding::decode_appending(&bytes[..range.start - lo], encoding, &mut text);
        let start = text.len();
        crate::encoding::decode_appending(
            &bytes[range.start - lo..range.end - lo],
            encoding,
            &mut text,
        );
        let end = text.len();
        crate::encoding::decode_appending(&bytes[range.end - lo..], encoding, &mut text);
        let found = pattern.matches_of(&text[..], start..end, &mut Buffer::default(), first_only);
        // Text offsets to input bytes: one char each, counted on in order.
        let (mut at, mut chars) = (0, lo);
        let mut input = |p: usize| {
            chars += crate::encoding::chars_in(&text[at..p]);
            at = p;
            chars
        };
        found
            .into_iter()
            .map(|m| input(m.start)..input(m.end))
            .collect()
    };
    Chunks::new(file.len(), &mut matches, cancel, searched).find(from, backward)
}

/// The non-empty matches starting in an article range (all of them, or
/// only the first when asked), as article ranges.
type Matches<'a> = dyn FnMut(Range<usize>, bool) -> Vec<Range<usize>> + 'a;

/// One search over an article of `len` bytes, a chunk at a time.
struct Chunks<'a, 'm> {
    len: usize,
    matches: &'a mut Matches<'m>,
    cancel: &'a AtomicBool,
    searched: &'a dyn Fn(usize),
}

impl<'a, 'm> Chunks<'a, 'm> {
    fn new(
        len: usize,
        matches: &'a mut Matches<'m>,
        cancel: &'a AtomicBool,
        searched: &'a dyn Fn(usize),
    ) -> Self {
        Chunks {
            len,
            matches,
            cancel,
            searched,
        }
    }

    /// The first match at or after `from` (forward) or starting before
    /// `from` (backward), wrapping around once.
    fn find(&mut self, from: usize, backward: bool) -> Option<Found> {
        let from = from.min(self.len);
        let len = self.len;
        let mut run = |lo, hi| {
            if backward {
                self.last(lo..hi)
            } else {
                self.first(lo..hi)
            }
        };
        let first = if backward {
            run(0, from)
        } else {
            run(from, len)
        };
        if let Some(range) = first? {
            return Some(Found {
                range,
                wrapped: false,
            });
        }
        let second = if backward {
            run(from, len)
        } else {
            run(0, from)
        };
        second?.map(|range| Found {
            range,
            wrapped: true,
        })
    }

    /// The first match starting in `range`; outer `None` when cancelled.
    fn first(&mut self, range: Range<usize>) -> Option<Option<Range<usize>>> {
        let mut at = range.start;
        while at < range.end {
            if self.cancel.load(Ordering::Relaxed) {
                return None;
            }
            // Matches must start in [at, chunk_end); they may reach past it.
            let chunk_end = (at + CHUNK).min(range.end);
            let found = (self.matches)(at..chunk_end, true);
            if let Some(m) = found.into_iter().next() {
                return Some(Some(m));
            }
            (self.searched)(chunk_end - at);
            at = chunk_end;
        }
        Some(None)
    }

    /// The last match starting in `range`; outer `None` when cancelled.
    fn last(&mut self, range: Range<usize>) -> Option<Option<Range<usize>>> {
        let mut top = range.end;
        while top > range.start {
            if self.cancel.load(Ordering::Relaxed) {
                return None;
            }
            let start = top.saturating_sub(CHUNK).max(range.start);
            if let Some(m) = (self.matches)(start..top, false).pop() {
                return Some(Some(m));
            }
            (self.searched)(top - start);
            top = start;
        }
        Some(None)
    }
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
        assert_eq!(Pattern::new("(").unwrap_err(), "unclosed group");
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
        // Progress comes a chunk at a time and adds up to the whole.
        let steps = std::cell::RefCell::new(Vec::new());
        let none = Pattern::new("absent").unwrap();
        let hay: &[u8] = text.as_bytes();
        let found = find_in(hay, &none, 0, false, &AtomicBool::new(false), &|n| {
            steps.borrow_mut().push(n)
        });
        assert_eq!(found, None);
        let steps = steps.into_inner();
        assert!(steps.iter().all(|&n| n <= CHUNK), "{steps:?}");
        assert_eq!(steps.iter().sum::<usize>(), text.len());
    }

    #[test]
    fn windows_read_into_a_buffer_find_what_the_whole_text_finds() {
        // Look-behind at chunk edges: `word` starts exactly at a chunk's
        // start, after a newline, a space, an ASCII letter or a two-byte
        // letter; and matches that run past the chunk.
        let mut text = String::new();
        for before in ["\n", " ", "a", "é"] {
            let pad = CHUNK * (text.len() / CHUNK + 1) - text.len() - before.len();
            text.push_str(&"z".repeat(pad));
            text.push_str(before);
            text.push_str("word and more\n");
        }
        let copied = crate::haystack::Copied::new(text.as_bytes());
        let whole: &[u8] = text.as_bytes();
        let no = AtomicBool::new(false);
        for pat in [
            r"^word",
            r"\bword",
            r"\Bword",
            r"word and",
            r"e\n",
            r"z+ ?w",
        ] {
            let p = Pattern::new(pat).unwrap();
            let mut every = Vec::new();
            let mut from = 0;
            while let Some(f) = find_in(whole, &p, from, false, &no, &|_| {}) {
                if f.wrapped {
                    break;
                }
                from = f.range.end;
                every.push(f.range);
            }
            assert!(!every.is_empty(), "{pat}");
            for &backward in &[false, true] {
                for from in [0, CHUNK - 1, CHUNK, 2 * CHUNK + 5, text.len()] {
                    let want = find_in(whole, &p, from, backward, &no, &|_| {});
                    let got = find_in(&copied, &p, from, backward, &no, &|_| {});
                    assert_eq!(got, want, "{pat} from {from} backward {backward}");
                }
            }
            // The whole-text answers are the regex's own on the full text.
            let direct: Vec<_> = p.regex.find_iter(whole).map(|m| m.range()).collect();
            assert_eq!(every, direct, "{pat}");
        }
        assert!(copied.widest.get() <= CHUNK + REACH + BEHIND);
        // A forward pass reads each byte once: the file is read strictly
        // in order, so the kernel's read-ahead keeps up.
        copied.copied.set(0);
        let p = Pattern::new("absent").unwrap();
        assert_eq!(find_in(&copied, &p, 0, false, &no, &|_| {}), None);
        assert_eq!(copied.copied.get(), text.len());
    }

    /// The first match of `pat` in `text` from 0 forward and from the end
    /// backward, searching the text as reflowed or not.
    fn across(text: &str, pat: &str, reflowed: bool) -> [Option<Range<usize>>; 2] {
        let mut p = Pattern::new(pat).unwrap();
        p.set_reflowed(reflowed);
        let no = AtomicBool::new(false);
        [0, text.len()].map(|from| find(text.as_bytes(), &p, from, from > 0, &no).map(|f| f.range))
    }

    #[test]
    fn in_reflowed_text_a_space_matches_one_line_break() {
        let text = "sugar was\nadded\nto their tea\n";
        let want = Some(10..24);
        assert_eq!(across(text, "added to their", true), [want.clone(), want]);
        // Several spaces, blanks around the break, and a run of spaces.
        let text = "were added  \n  to   their tea";
        assert_eq!(across(text, "were added to their", true)[0], Some(0..25));
        // One paragraph per line: the pattern as typed.
        assert_eq!(
            across("added\nto their", "added to their", false),
            [None, None]
        );
        assert_eq!(
            across("added to their", "added to their", false)[0],
            Some(0..14)
        );
        // Only literal spaces: `[ ]` and `\ ` still mean one space.
        assert_eq!(across("added\nto", "added[ ]to", true), [None, None]);
        assert_eq!(across("added\nto", r"added\ to", true), [None, None]);
        // Smart case looks at the pattern as typed (the rewrite has `\S`).
        assert_eq!(across("ADDED\nTO", "added to", true)[0], Some(0..8));
        assert_eq!(across("added\nto", "Added to", true)[0], None);
    }

    #[test]
    fn a_space_never_crosses_a_blank_line() {
        for text in [
            "added\n\nto their",
            "added\n   \nto their",
            "added\r\n\r\nto their",
            "added\n\t\r\nto their",
        ] {
            assert_eq!(across(text, "added to", true), [None, None], "{text:?}");
        }
    }

    #[test]
    fn a_space_crosses_a_crlf_line_break() {
        let text = "were added\r\nto their tea";
        assert_eq!(across(text, "added to their", true)[0], Some(5..20));
        assert_eq!(across(text, "added to their", true)[1], Some(5..20));
    }

    #[test]
    fn a_match_across_a_line_break_at_a_chunk_end_is_found() {
        // `added` starts in one chunk; its line break and `to their` lie
        // in the next. Every placement around the boundary, both ways, in
        // memory and read into a buffer, finds what the regex finds in the
        // whole text.
        let no = AtomicBool::new(false);
        let mut p = Pattern::new("added to their").unwrap();
        p.set_reflowed(true);
        for shift in 0..14 {
            let start = CHUNK - shift;
            let mut text = "z".repeat(start - 1);
            text.push(' ');
            text.push_str("added\nto their tea\nand more\n");
            text.push_str(&"y".repeat(CHUNK));
            let want = Some(start..start + "added\nto their".len());
            let whole: &[u8] = text.as_bytes();
            let direct = p.regex().0.find(whole).map(|m| m.range());
            assert_eq!(direct, want, "shift {shift}");
            let copied = crate::haystack::Copied::new(whole);
            for (from, backward) in [(0, false), (text.len(), true), (CHUNK / 2, false)] {
                let got = find_in(whole, &p, from, backward, &no, &|_| {}).map(|f| f.range);
                assert_eq!(got, want, "shift {shift} from {from} backward {backward}");
                let got = find_in(&copied, &p, from, backward, &no, &|_| {}).map(|f| f.range);
                assert_eq!(got, want, "buffered: shift {shift} from {from}");
            }
        }
    }

    #[test]
    fn matches_in_a_range() {
        let p = Pattern::new("ab").unwrap();
        assert_eq!(p.matches_in(b"ab ab ab", 1..6), vec![3..5]);
    }

    #[test]
    fn a_file_not_decoded_yet_is_searched_as_its_text_is() {
        use encoding_rs::WINDOWS_1252;
        // Over a chunk of Windows-1252, hard-wrapped, CRLF line ends.
        let mut file = Vec::new();
        let mut i = 0;
        while file.len() < CHUNK + CHUNK / 2 {
            let end: &[u8] = if i % 4 == 3 { b"\r\n\r\n" } else { b"\r\n" };
            file.extend_from_slice(format!("Line {i} of Jane").as_bytes());
            file.extend_from_slice(b"\x92s caf\xe9 \x97 it was");
            file.extend_from_slice(end);
            i += 1;
        }
        let text = crate::encoding::to_utf8(&file, WINDOWS_1252).unwrap();
        let input = |p: usize| crate::encoding::chars_in(&text[..p]);
        let never = AtomicBool::new(false);
        let copied = crate::haystack::Copied::new(&file);
        for (pat, reflowed) in [
            ("café — it", false),
            ("^Line 9\\d*5 ", false),
            ("was Line 4", true),
            ("not there", false),
            // Not translated: searched on each chunk decoded.
            (r"\bJane’s café", false),
            (r"\bwas\s+Line\b", true),
        ] {
            let mut p = Pattern::new(pat).unwrap();
            p.set_reflowed(reflowed);
            let translated = p.in_single_byte(WINDOWS_1252).is_some();
            assert_eq!(translated, !pat.contains(r"\b"), "{pat:?}");
            for from in [17, CHUNK + 40_000, file.len() - 9] {
                // `from` as an offset of the text: where its char starts.
                let text_from = text
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| (**b as i8) >= -0x40)
                    .nth(from)
                    .map_or(text.len(), |(i, _)| i);
                for backward in [false, true] {
                    let want = find(&text, &p, text_from, backward, &never).map(|f| Found {
                        range: input(f.range.start)..input(f.range.end),
                        wrapped: f.wrapped,
                    });
                    assert_eq!(want.is_none(), pat == "not there", "{pat:?}");
                    let got =
                        find_in_file(&copied, WINDOWS_1252, &p, from, backward, &never, &|_| {});
                    assert_eq!(got, want, "{pat:?} from {from} backward {backward}");
                }
            }
        }
    }
}
