//! Sentences as the text is shown: a sentence ends at `.`, `!` or `?`
//! (and closing quotes or brackets) followed by blanks, or at a line
//! break that is shown. A line break the reader reflows into a space
//! (see [`crate::layout`]) is a blank like any other, so a sentence runs
//! on across it. A `.` after an abbreviation (`e.g.`, `Mr.`, `Dr.`), after
//! initials (`J. R. R.`), or followed by a lower-case word (`etc. and`)
//! does not end one. Positions are **byte** offsets of glyph starts.

use super::{backward, first_char, forward};
use crate::glyph::Glyph;

/// Whether the line break whose LF is at byte `nl` is shown (ends a
/// block); any other newline reads as a space.
pub type Shown<'a> = &'a dyn Fn(usize) -> bool;

/// How far a walk back for the start of a sentence goes, in bytes.
const LOOK_BACK: usize = 1 << 16;

/// Words that a `.` follows without ending the sentence, in lower case,
/// without their last dot. Initials (`J.`, `U.S.`) are found by shape.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "rev", "hon", "gen", "col", "capt", "lt",
    "sgt", "vs", "cf", "viz", "approx", "no", "fig", "vol", "ch", "pp",
];

/// True for characters that end a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？')
}

/// True for closing quotes and brackets that may follow a sentence's end.
fn closing(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»' | '」' | '』')
}

/// True for opening quotes and brackets that may come before a word.
fn opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '(' | '[' | '“' | '‘' | '«' | '「' | '『')
}

/// What a glyph is for sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A line break that is shown.
    Break,
    /// A space, a tab, or a line break reflowed into a space.
    Blank,
    Text,
}

fn kind(bytes: &[u8], g: &Glyph, shown: Shown) -> Kind {
    match bytes.get(g.start) {
        Some(b'\n') => {
            return if shown(g.start) {
                Kind::Break
            } else {
                Kind::Blank
            };
        }
        Some(b'\r') => {
            let nl = g.end - 1;
            return if bytes.get(nl) != Some(&b'\n') || shown(nl) {
                Kind::Break
            } else {
                Kind::Blank
            };
        }
        _ => {}
    }
    if g.is_blank() {
        Kind::Blank
    } else {
        Kind::Text
    }
}

/// True when `word` (the text before a `.`, without it) is an
/// abbreviation or initials: `Mr`, `e.g`, `J`, `U.S`.
fn abbreviation(word: &str) -> bool {
    let word = word.trim_start_matches(opening);
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Initials: single letters joined by dots (`J`, `e.g`, `i.e`, `U.S`).
    !word.is_empty()
        && word
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

/// True when the sentence-ending glyph `g` really ends a sentence: after
/// it (and more ending marks and closing quotes) come blanks or a shown
/// line break or the end, the next word does not start in lower case,
/// and for a `.` the word before it is not an abbreviation.
fn ends_here(bytes: &[u8], g: &Glyph, shown: Shown) -> bool {
    let mut blank = false;
    for h in forward(bytes, g.end) {
        match kind(bytes, &h, shown) {
            Kind::Break => return true,
            Kind::Blank => blank = true,
            Kind::Text => {
                let c = first_char(&h);
                if !blank {
                    if c.is_some_and(|c| ends_sentence(c) || closing(c)) {
                        continue;
                    }
                    return false;
                }
                if c.is_some_and(char::is_lowercase) {
                    return false;
                }
                break;
            }
        }
    }
    if first_char(g) != Some('.') {
        return true;
    }
    // The word before the dot, nearest glyph first.
    let mut word: Vec<&str> = Vec::new();
    for h in backward(bytes, g.start).take(32) {
        if kind(bytes, &h, shown) != Kind::Text {
            break;
        }
        match h.shape {
            crate::glyph::Shape::Text(t, _) => word.push(t),
            _ => return true,
        }
    }
    word.reverse();
    !abbreviation(&word.concat())
}

/// True when glyph `g` ends a sentence (a shown line break, or an ending
/// mark that [really does](ends_here)).
fn is_end(bytes: &[u8], g: &Glyph, shown: Shown) -> bool {
    match kind(bytes, g, shown) {
        Kind::Break => true,
        Kind::Blank => false,
        Kind::Text => first_char(g).is_some_and(ends_sentence) && ends_here(bytes, g, shown),
    }
}

/// The start of the sentence after the one holding `p` (or the end).
pub fn sentence_forward(bytes: &[u8], p: usize, shown: Shown) -> usize {
    let mut ended = false;
    for g in forward(bytes, p) {
        let k = kind(bytes, &g, shown);
        if ended {
            let c = first_char(&g);
            let trailing = k != Kind::Text || c.is_some_and(|c| ends_sentence(c) || closing(c));
            if !trailing {
                return g.start;
            }
        } else if is_end(bytes, &g, shown) {
            ended = true;
        }
    }
    bytes.len()
}

/// The start of the sentence holding `p`, or of the one before when `p`
/// is already at a sentence start.
pub fn sentence_back(bytes: &[u8], p: usize, shown: Shown) -> usize {
    let here = sentence_start(bytes, p, shown);
    if here < p {
        return here;
    }
    match backward(bytes, p).find(|g| kind(bytes, g, shown) == Kind::Text) {
        Some(g) => sentence_start(bytes, g.start, shown),
        None => 0,
    }
}

/// The start of the sentence holding `p`.
pub fn sentence_start(bytes: &[u8], p: usize, shown: Shown) -> usize {
    // Walk back to the end of the previous sentence, then forward.
    let mut from = 0;
    let mut seen_text = false;
    for g in backward(bytes, p) {
        if p - g.start > LOOK_BACK {
            from = g.start;
            break;
        }
        if seen_text && is_end(bytes, &g, shown) {
            from = g.start;
            break;
        }
        if kind(bytes, &g, shown) == Kind::Text {
            seen_text = true;
        }
    }
    let mut s = if from == 0 {
        0
    } else {
        sentence_forward(bytes, from, shown)
    };
    if s > p {
        s = from;
    }
    // The sentence ending just before `p` may hold `p` in its blanks.
    let mut next = sentence_forward(bytes, s, shown);
    while next <= p && next > s {
        s = next;
        next = sentence_forward(bytes, s, shown);
    }
    if s == 0 {
        forward(bytes, 0)
            .find(|g| kind(bytes, g, shown) == Kind::Text)
            .map_or(0, |g| g.start.min(p))
    } else {
        s
    }
}

/// The sentence holding `p`, without trailing blanks: `[start, end)`.
pub fn sentence_at(bytes: &[u8], p: usize, shown: Shown) -> std::ops::Range<usize> {
    let start = sentence_start(bytes, p, shown);
    let next = sentence_forward(bytes, start, shown);
    let mut end = next;
    for g in backward(bytes, next) {
        if g.start < start || kind(bytes, &g, shown) == Kind::Text {
            break;
        }
        end = g.start;
    }
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line break shown (one paragraph per line).
    fn all(_: usize) -> bool {
        true
    }

    /// Line breaks shown only before an empty line or after one (a
    /// reflowed, hard-wrapped article).
    fn reflowed(bytes: &[u8]) -> impl Fn(usize) -> bool + '_ {
        move |nl| bytes.get(nl + 1) == Some(&b'\n') || (nl > 0 && bytes[nl - 1] == b'\n')
    }

    /// Apply `motion` starting at the `|` in `text`; show the result with `|`.
    fn check(text: &str, motion: fn(&[u8], usize, Shown) -> usize, expected: &str) {
        let p = text.find('|').unwrap();
        let clean = text.replacen('|', "", 1);
        let got = motion(clean.as_bytes(), p, &all);
        let mut shown = clean.clone();
        shown.insert(got, '|');
        assert_eq!(shown, expected);
    }

    /// The sentence at the first `|` of `text`, read as `shown` says.
    fn at(text: &str, shown: Shown) -> String {
        let p = text.find('|').unwrap();
        let clean = text.replacen('|', "", 1);
        let b = clean.as_bytes();
        String::from_utf8(b[sentence_at(b, p, shown)].to_vec()).unwrap()
    }

    #[test]
    fn sentences() {
        check(
            "One |two. Three “four.” Five? Six",
            sentence_forward,
            "One two. |Three “four.” Five? Six",
        );
        check(
            "One two. Thr|ee “four.” Five? Six",
            sentence_forward,
            "One two. Three “four.” |Five? Six",
        );
        check(
            "One two. Thr|ee four.",
            sentence_back,
            "One two. |Three four.",
        );
        check(
            "One two. |Three four.",
            sentence_back,
            "|One two. Three four.",
        );
        check(
            "First line\nSec|ond line",
            sentence_back,
            "First line\n|Second line",
        );
        let b = "One two. Three four. Five".as_bytes();
        assert_eq!(&b[sentence_at(b, 11, &all)], b"Three four.");
        assert_eq!(&b[sentence_at(b, 0, &all)], b"One two.");
        assert_eq!(&b[sentence_at(b, 23, &all)], b"Five");
    }

    #[test]
    fn a_reflowed_line_break_is_a_space() {
        let text = "Slow reading.\n\nThe point is only that slow reading is a skill, and like\n\
                    any skill it can be learnt. It takes time.\n";
        let clean = text.replacen('|', "", 1);
        let shown = reflowed(clean.as_bytes());
        let with_caret = text.replacen("The point", "The |point", 1);
        assert_eq!(
            at(&with_caret, &shown),
            "The point is only that slow reading is a skill, and like\nany skill it can be learnt."
        );
        // From the sentence's second line, the same sentence.
        let from_second = text.replacen("any skill", "any |skill", 1);
        assert_eq!(
            at(&from_second, &shown),
            "The point is only that slow reading is a skill, and like\nany skill it can be learnt."
        );
        // Every line break shown (one paragraph per line): it ends there.
        assert_eq!(
            at(&with_caret, &all),
            "The point is only that slow reading is a skill, and like"
        );
        // A shown break (before the empty line) still ends a sentence.
        let title = text.replacen("Slow", "|Slow", 1);
        assert_eq!(at(&title, &shown), "Slow reading.");
        // `)` over the reflowed break goes to the next sentence.
        let b = clean.as_bytes();
        let p = clean.find("The point").unwrap();
        let next = sentence_forward(b, p, &shown);
        assert!(clean[next..].starts_with("It takes"), "{}", &clean[next..]);
        assert_eq!(sentence_back(b, next, &shown), p);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_a_sentence() {
        for (text, want) in [
            (
                "Start here. Some |words, e.g. apples, fit. Next one.",
                "Some words, e.g. apples, fit.",
            ),
            (
                "Start here. |Ask Dr. Smith and Mr. Jones today. Next one.",
                "Ask Dr. Smith and Mr. Jones today.",
            ),
            (
                "Start here. |Pears, plums, etc. and more. Next one.",
                "Pears, plums, etc. and more.",
            ),
            (
                "Start here. |Read J. R. R. Tolkien first. Next one.",
                "Read J. R. R. Tolkien first.",
            ),
            (
                "Start here. |That is, i.e. Both. Next one.",
                "That is, i.e. Both.",
            ),
            (
                "Start here. |“Hey!” she said. Next one.",
                "“Hey!” she said.",
            ),
            (
                "Start here. |Pi is 3.14 or so. Next one.",
                "Pi is 3.14 or so.",
            ),
            // `etc.` before a capital does end one.
            ("Start here. |Plums, etc. Next one.", "Plums, etc."),
        ] {
            assert_eq!(at(text, &all), want, "{text}");
        }
        // Walking back over an abbreviation finds the real start.
        check(
            "Start here. Ask Dr. Smith |today.",
            sentence_back,
            "Start here. |Ask Dr. Smith today.",
        );
        check(
            "Start here. Ask Dr. |Smith today.",
            sentence_forward,
            "Start here. Ask Dr. Smith today.|",
        );
    }

    #[test]
    fn crlf_breaks_read_like_lf() {
        let text = "One line\r\nand its end. Next.\r\n";
        let b = text.as_bytes();
        let shown = |nl: usize| !(nl > 0 && b[nl - 1] == b'\r' && b.get(nl + 1) == Some(&b'a'));
        let r = sentence_at(b, 0, &shown);
        assert_eq!(&text[r], "One line\r\nand its end.");
        let r = sentence_at(b, 0, &all);
        assert_eq!(&text[r], "One line");
    }
}
