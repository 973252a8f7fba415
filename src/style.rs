//! How an article's newlines are meant ([`ParagraphStyle`]), guessed from
//! the shape of its text: hard-wrapped lines, to be reflowed, or one
//! paragraph per line. Pure: bytes in, a style out.
//!
//! A large article is judged on a few sample windows spread through it
//! ([`windows`]), never on the whole file, so opening it stays as fast as
//! drawing its first screen. Each window is judged on its own
//! ([`judge`]); the style most windows show wins, a tie goes to the
//! earliest window that had an opinion, and none at all means one
//! paragraph per line.

use crate::layout::{ParagraphStyle, continues, starts_specially};
use std::ops::Range;

/// Bytes in one sample window.
pub const WINDOW: usize = 16 * 1024;
/// The most windows one article is judged on.
pub const WINDOWS: usize = 8;

/// Lines a window needs (non-empty, complete) to have an opinion.
const MIN_LINES: usize = 4;
/// The dominant length of filled lines, in chars, that hard-wrapped text
/// may have: narrower is a poem or a list, wider is prose written one
/// paragraph per line.
const WRAP_WIDTHS: std::ops::RangeInclusive<usize> = 30..=120;

/// The style of a whole article: the majority of its windows' judgements.
pub fn detect(bytes: &[u8]) -> ParagraphStyle {
    let (mut hard, mut one, mut first) = (0, 0, None);
    for w in windows(bytes) {
        let extent = match (w.start, w.end == bytes.len()) {
            (0, true) => Sample::Whole,
            (_, true) => Sample::Tail,
            _ => Sample::Part,
        };
        let Some(style) = judge(&bytes[w.clone()], extent) else {
            continue;
        };
        first.get_or_insert(style);
        match style {
            ParagraphStyle::HardWrapped => hard += 1,
            ParagraphStyle::OnePerLine => one += 1,
        }
    }
    match hard.cmp(&one) {
        std::cmp::Ordering::Greater => ParagraphStyle::HardWrapped,
        std::cmp::Ordering::Less => ParagraphStyle::OnePerLine,
        std::cmp::Ordering::Equal => first.unwrap_or(ParagraphStyle::OnePerLine),
    }
}

/// Where the windows of an article of `len` bytes lie before they are
/// moved to line starts (see [`windows`]): as many whole [`WINDOW`]s as
/// fit, at most [`WINDOWS`], the first at the start and the others at
/// evenly spaced offsets; half-open byte ranges that do not overlap.
fn spans(len: usize) -> Vec<Range<usize>> {
    let n = (len / WINDOW).clamp(1, WINDOWS);
    (0..n)
        .map(|k| {
            let at = (len as u128 * k as u128 / n as u128) as usize;
            at..(at + WINDOW).min(len)
        })
        .collect()
}

/// The windows an article is judged on: its [`spans`], each moved forward
/// to the start of a line (a span holding no line start is left out);
/// together at most `WINDOWS * WINDOW` bytes.
pub fn windows(bytes: &[u8]) -> Vec<Range<usize>> {
    spans(bytes.len())
        .into_iter()
        .filter_map(|Range { start: at, end }| {
            let start = if at == 0 || bytes[at - 1] == b'\n' {
                at
            } else {
                at + memchr::memchr(b'\n', &bytes[at..end])? + 1
            };
            (start < end).then_some(start..end)
        })
        .collect()
}

/// The style of a text that starts at a line start and may be cut off
/// mid-line (one window); one paragraph per line when it cannot tell.
pub fn detect_style(sample: &[u8]) -> ParagraphStyle {
    judge(sample, Sample::Part).unwrap_or(ParagraphStyle::OnePerLine)
}

/// One line of a sample, as the judgement sees it.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Length in chars without trailing blanks; 0 for an empty or blank line.
    chars: usize,
    /// Length of its first word in chars (after its indentation, up to
    /// the next space).
    first_word: usize,
    /// Its indentation: the blanks (spaces or tabs, one each) it starts with.
    indent: usize,
    /// Starts with a blank: its own row in hard-wrapped text.
    indented: bool,
    /// An indented line or a list item: a row of its own in hard-wrapped text.
    special: bool,
    /// Its text after the indentation is a list item.
    item: bool,
    /// Its text starts with a lowercase letter: it goes on with a
    /// sentence the line before began (in a wrapped paragraph).
    starts_lower: bool,
    /// The next line continues this one under its hanging indent (a
    /// list item wrapped onto lines indented to its text).
    continued: bool,
}

impl Line {
    fn of(line: &[u8]) -> Line {
        let mut end = line.len();
        while end > 0 && matches!(line[end - 1], b' ' | b'\t' | b'\r') {
            end -= 1;
        }
        let text = &line[..end];
        let body = text.trim_ascii_start();
        let word = memchr::memchr(b' ', body).map_or(body, |i| &body[..i]);
        // Chars of the (possibly invalid) UTF-8: bytes that do not
        // continue one; in ASCII, bytes.
        let chars = |b: &[u8]| match b.is_ascii() {
            true => b.len(),
            false => b.iter().filter(|&&c| (c as i8) >= -0x40).count(),
        };
        // The first char: decoded from at most its 4 bytes.
        let starts_lower = match body.first() {
            Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
            _ => {
                let head = &body[..body.len().min(4)];
                let first = head
                    .utf8_chunks()
                    .next()
                    .and_then(|c| c.valid().chars().next());
                first.is_some_and(char::is_lowercase)
            }
        };
        Line {
            chars: chars(text),
            first_word: chars(word),
            indent: text.len() - body.len(),
            indented: matches!(line.first(), Some(b' ' | b'\t')),
            special: starts_specially(line),
            item: starts_specially(body),
            starts_lower,
            continued: false,
        }
    }

    /// True when `next` goes on with the indented block this line is in:
    /// the same indentation, and not a list item.
    fn goes_on_in(&self, next: &Line) -> bool {
        next.chars > 0 && next.indent == self.indent && !next.item
    }
}

/// How much of a text a sample is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sample {
    /// A window of a longer text, starting at a line start; its last line
    /// may be cut off.
    Part,
    /// The end of a longer text, starting at a line start.
    Tail,
    /// The whole text.
    Whole,
}

/// Judge one sample that starts at a line start (its last line is left
/// out unless it runs to the end of the text). `None` when it has fewer
/// than [`MIN_LINES`] non-empty lines.
///
/// The evidence is the lines whose line break the style decides: a
/// non-indented line followed by an empty line or by a line that is not
/// indented or a list item (around those, a break is kept either way),
/// a list item's line that the next line continues under its hanging
/// indent ([`continues`]: a wrapped item), and a line of an indented
/// block (an RFC's body) followed by an empty line or by the block's
/// next line (the same indentation).
/// Text is hard-wrapped when
/// - it has an empty line (paragraphs are separated somehow) — or, in a
///   window of a longer text (a paragraph may be longer than a window),
///   a third of the lines it runs on to start with a lowercase letter
///   (they go on with a sentence; a log or a list does not),
/// - at least a third of those lines run on into a non-empty line
///   ("soft" lines; one-paragraph-per-line prose has nearly none),
/// - their dominant length — the 75th percentile, so that a few long
///   lines (a licence line, a URL) do not count — is a usual wrap width
///   ([`WRAP_WIDTHS`]),
/// - and three quarters of them are filled: no longer than 125 % of it,
///   and either at least 60 % of it or too long to take the next line's
///   first word (a greedy wrap leaves a line short only by less than the
///   next word: the line before a long URL).
pub fn judge(sample: &[u8], extent: Sample) -> Option<ParagraphStyle> {
    let at_end = extent != Sample::Part;
    let mut lines: Vec<Line> = Vec::with_capacity(sample.len() / 32);
    let mut start = 0;
    // The line before, and whether it is a list item or continues one
    // (an indented block of code or verse is no wrapped item).
    let (mut before, mut in_item): (&[u8], bool) = (&[], false);
    let ends = memchr::memchr_iter(b'\n', sample).chain(at_end.then_some(sample.len()));
    for end in ends {
        let text = &sample[start..end];
        let line = Line::of(text);
        let continued = in_item && continues(before, text);
        if let Some(last) = lines.last_mut() {
            last.continued = continued;
        }
        in_item = continued || (line.special && !line.indented);
        lines.push(line);
        before = text;
        start = end + 1;
    }
    if lines.iter().filter(|l| l.chars > 0).count() < MIN_LINES {
        return None;
    }
    let one = Some(ParagraphStyle::OnePerLine);
    let mut decided = 0;
    // Soft lines: their length, the length of the next line's first word,
    // and whether the next line starts with a lowercase letter.
    let mut soft: Vec<(usize, usize, bool)> = Vec::new();
    for pair in lines.windows(2) {
        let (line, next) = (pair[0], pair[1]);
        let runs_on = (line.chars, next.first_word, next.starts_lower);
        // A list item's line that the next continues under its hanging
        // indent was wrapped there: evidence like a paragraph's line.
        if line.continued {
            decided += 1;
            soft.push(runs_on);
            continue;
        }
        if line.chars == 0 {
            continue;
        }
        // A line of an indented block of wrapped text (an RFC's body):
        // evidence like a paragraph's line, within its block.
        if line.indented {
            if next.chars == 0 || line.goes_on_in(&next) {
                decided += 1;
            }
            if line.goes_on_in(&next) {
                soft.push(runs_on);
            }
            continue;
        }
        if next.chars > 0 && next.special {
            continue;
        }
        decided += 1;
        if next.chars > 0 {
            soft.push(runs_on);
        }
    }
    // The end of the text is no empty line (but ends a paragraph below).
    let inner = &lines[..lines.len() - usize::from(at_end)];
    let separated = inner.iter().any(|l| l.chars == 0);
    let sentences_run_on = || soft.iter().filter(|s| s.2).count() * 3 >= soft.len();
    if !separated && (extent == Sample::Whole || !sentences_run_on()) {
        return one;
    }
    if soft.len() < 3 || soft.len() * 3 < decided {
        return one;
    }
    let mut sorted: Vec<usize> = soft.iter().map(|s| s.0).collect();
    let rank = (sorted.len() * 3).div_ceil(4) - 1;
    let width = *sorted.select_nth_unstable(rank).1;
    if !WRAP_WIDTHS.contains(&width) {
        return one;
    }
    let filled = soft
        .iter()
        .filter(|&&(n, word, _)| {
            (n * 10 >= width * 6 || n + 1 + word > width) && n * 4 <= width * 5
        })
        .count();
    if filled * 4 >= soft.len() * 3 {
        Some(ParagraphStyle::HardWrapped)
    } else {
        one
    }
}

/// What a style means to a reader, for messages and the help screen.
pub fn describe(style: ParagraphStyle) -> &'static str {
    match style {
        ParagraphStyle::HardWrapped => "reflowed: the lines of a paragraph run on",
        ParagraphStyle::OnePerLine => "one paragraph per line",
    }
}

/// Generated texts of known shapes, for the tests here and in `app`.
#[cfg(test)]
#[path = "../tests/support/texts.rs"]
pub(crate) mod texts;

#[cfg(test)]
mod tests;
