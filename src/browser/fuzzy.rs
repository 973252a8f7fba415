//! A small fuzzy matcher for the notes browser: does a typed word occur
//! in a text as a subsequence, and how well.
//!
//! Written here rather than taken from a crate: the browser needs only one
//! scored subsequence test per word and field, far less than
//! `nucleo-matcher` (helix's) brings. The rule, in chars of the lower-cased text:
//! - a word found as a substring scores best (more at a word's start);
//! - else its chars must appear in order; every char scores, a char right
//!   after the previous match or at a word's start scores more, and the
//!   gaps between matches cost.
//!
//! Smart case: a word with an uppercase letter matches case-sensitively.
//! Pure; no allocation per call beyond lower-casing the word.

/// Points for each char of a word found as a substring.
const SUBSTRING: i64 = 16;
/// Extra points when the substring or a match starts a word.
const WORD_START: i64 = 8;
/// Points for a char matched right after the previous one.
const CONSECUTIVE: i64 = 6;
/// Points for any other matched char.
const MATCHED: i64 = 2;
/// Cost of every skipped char between two matches (capped per gap).
const GAP: i64 = 1;
const GAP_CAP: i64 = 8;

/// The score of every word of `words` in the best of `fields` (each a
/// text and that text lower-cased), summed; `None` when a word matches
/// none of them. No words: 0.
pub fn score_all(words: &[Word], fields: &[(&str, &str)]) -> Option<i64> {
    words.iter().try_fold(0, |sum, w| {
        let best = fields.iter().filter_map(|(f, l)| w.score(f, l)).max()?;
        Some(sum + best)
    })
}

/// A word prepared for matching many texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word as matched: lower-cased unless it has an uppercase letter.
    chars: Vec<char>,
    text: String,
    /// True when it has an uppercase letter (matched as it is).
    pub exact_case: bool,
}

impl Word {
    pub fn new(word: &str) -> Word {
        let exact_case = word.chars().any(char::is_uppercase);
        let text = if exact_case {
            word.to_string()
        } else {
            word.to_lowercase()
        };
        Word {
            chars: text.chars().collect(),
            text,
            exact_case,
        }
    }

    /// The score of the word in `text` (`lower`: `text` lower-cased, given
    /// by callers that match many words against the same text), or `None`
    /// when its chars do not occur in order.
    pub fn score(&self, text: &str, lower: &str) -> Option<i64> {
        if self.chars.is_empty() {
            return Some(0);
        }
        let hay = if self.exact_case { text } else { lower };
        if let Some(at) = hay.find(&self.text) {
            let start = starts_word(hay, at);
            return Some(SUBSTRING * self.chars.len() as i64 + if start { WORD_START } else { 0 });
        }
        let mut want = self.chars.iter().peekable();
        let (mut score, mut prev): (i64, Option<char>) = (0, None);
        let mut gap: i64 = -1;
        for c in hay.chars() {
            let Some(&&w) = want.peek() else { break };
            if c == w {
                score += match gap {
                    0 => CONSECUTIVE,
                    _ if prev.is_none_or(|p| !p.is_alphanumeric()) => MATCHED + WORD_START,
                    _ => MATCHED,
                };
                if gap > 0 {
                    score -= (gap * GAP).min(GAP_CAP);
                }
                gap = 0;
                want.next();
            } else if gap >= 0 {
                gap += 1;
            }
            prev = Some(c);
        }
        want.peek().is_none().then_some(score)
    }
}

/// True when the byte offset `at` of `text` starts a word.
fn starts_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(word: &str, text: &str) -> Option<i64> {
        Word::new(word).score(text, &text.to_lowercase())
    }

    #[test]
    fn letters_in_order_match_and_others_do_not() {
        assert!(score("frst", "the first line").is_some());
        assert!(score("tsrif", "the first line").is_none());
        assert_eq!(score("", "anything"), Some(0));
    }

    #[test]
    fn a_substring_beats_scattered_letters_and_a_word_start_beats_its_middle() {
        let sub = score("idea", "an idea here").unwrap();
        let scattered = score("idea", "i do eat apples").unwrap();
        assert!(sub > scattered, "{sub} vs {scattered}");
        let middle = score("dea", "an idea").unwrap();
        let start = score("dea", "a dealer").unwrap();
        assert!(start > middle);
    }

    #[test]
    fn smart_case() {
        assert!(score("Idea", "an idea").is_none());
        assert!(score("Idea", "an Idea").is_some());
        assert!(score("idea", "an IDEA").is_some());
    }
}
