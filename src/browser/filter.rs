//! The notes browser's filter line: what it says and which notes it keeps.
//!
//! Words separated by spaces. `tag:NAME` keeps notes with that tag,
//! `state:orphan` (or `fuzzy`, `placed`) those re-anchoring left so,
//! `in:WORD` those of an article whose title or file name holds WORD (any
//! case); repeating a key keeps notes matching any of its values. The
//! other words are matched fuzzily ([`super::fuzzy`]) each against the
//! quote, the note, the tag and the title, and all must match; the score
//! is the sum of each word's best. Text starting with `/` is instead a
//! regular expression (smart case: case-insensitive unless it has an
//! uppercase letter) that one of those fields must match.

use super::NoteRow;
use super::fuzzy::Word;
use crate::annotation::State;

/// A parsed filter line.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub tags: Vec<String>,
    pub states: Vec<State>,
    /// Lower-cased.
    pub ins: Vec<String>,
    pub text: Text,
}

/// What the free text of a filter is.
#[derive(Debug, Clone, Default)]
pub enum Text {
    #[default]
    Any,
    Fuzzy(Vec<Word>),
    Regex(regex::Regex),
}

impl Query {
    /// Parse a filter line; an error says what is wrong in a few words.
    pub fn parse(line: &str) -> Result<Query, String> {
        let mut q = Query::default();
        let mut rest: Vec<&str> = Vec::new();
        let trimmed = line.trim_start();
        // A regex takes the rest of the line as it is, spaces and all.
        let (keys, regex) = match trimmed.find(" /") {
            _ if trimmed.starts_with('/') => ("", Some(&trimmed[1..])),
            Some(at) => (&trimmed[..at], Some(&trimmed[at + 2..])),
            None => (trimmed, None),
        };
        for word in keys.split_whitespace() {
            if let Some(tag) = word.strip_prefix("tag:") {
                if !tag.is_empty() {
                    q.tags.push(tag.to_lowercase());
                }
            } else if let Some(state) = word.strip_prefix("state:") {
                match state {
                    "" => {}
                    "orphan" | "orphans" => q.states.push(State::Orphan),
                    "fuzzy" | "approximate" => q.states.push(State::Fuzzy),
                    "placed" => q.states.push(State::Placed),
                    _ => return Err("state: is orphan, fuzzy or placed".into()),
                }
            } else if let Some(article) = word.strip_prefix("in:") {
                if !article.is_empty() {
                    q.ins.push(article.to_lowercase());
                }
            } else {
                rest.push(word);
            }
        }
        q.text = match regex {
            Some(pattern) if !pattern.is_empty() => {
                let insensitive = !pattern.chars().any(char::is_uppercase);
                let re = regex::RegexBuilder::new(pattern)
                    .case_insensitive(insensitive)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| match e {
                        regex::Error::Syntax(_) => "not a regular expression".to_string(),
                        _ => "regular expression too big".to_string(),
                    })?;
                if !rest.is_empty() {
                    return Err("words go before the /regex".into());
                }
                Text::Regex(re)
            }
            _ if rest.is_empty() => Text::Any,
            _ => Text::Fuzzy(rest.into_iter().map(Word::new).collect()),
        };
        Ok(q)
    }

    /// True when it keeps every note (nothing typed).
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
            && self.states.is_empty()
            && self.ins.is_empty()
            && matches!(self.text, Text::Any)
    }

    /// True when the free text ranks the notes (fuzzy words).
    pub fn ranks(&self) -> bool {
        matches!(self.text, Text::Fuzzy(_))
    }

    /// `None` when `row` is filtered out, else its score (0 without fuzzy
    /// words; higher is better).
    pub fn score(&self, row: &NoteRow) -> Option<i64> {
        let a = &row.note;
        if !self.tags.is_empty() && !self.tags.iter().any(|t| a.tag.eq_ignore_ascii_case(t)) {
            return None;
        }
        if !self.states.is_empty() && !self.states.contains(&a.state()) {
            return None;
        }
        if !self.ins.is_empty()
            && !self
                .ins
                .iter()
                .any(|w| row.source.lower_title.contains(w) || row.source.lower_file.contains(w))
        {
            return None;
        }
        let fields = [
            (a.quote.as_str(), row.lower_quote.as_str()),
            (a.note.as_str(), row.lower_note.as_str()),
            (a.tag.as_str(), a.tag.as_str()),
            (row.source.title.as_str(), row.source.lower_title.as_str()),
        ];
        match &self.text {
            Text::Any => Some(0),
            Text::Regex(re) => fields.iter().any(|(f, _)| re.is_match(f)).then_some(0),
            Text::Fuzzy(words) => super::fuzzy::score_all(words, &fields),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::tests::row;

    fn keeps(filter: &str, r: &NoteRow) -> bool {
        Query::parse(filter).unwrap().score(r).is_some()
    }

    #[test]
    fn keys_and_words_are_told_apart() {
        let q = Query::parse("tag:Idea  state:orphan in:Essay margin notes").unwrap();
        assert_eq!(q.tags, ["idea"]);
        assert_eq!(q.states, [State::Orphan]);
        assert_eq!(q.ins, ["essay"]);
        assert!(matches!(&q.text, Text::Fuzzy(w) if w.len() == 2));
        assert!(Query::parse("").unwrap().is_empty());
        assert!(Query::parse("tag: in:").unwrap().is_empty());
        assert!(Query::parse("state:gone").is_err());
    }

    #[test]
    fn a_slash_starts_a_regex_that_takes_the_rest() {
        let q = Query::parse("tag:idea /a b+").unwrap();
        assert_eq!(q.tags, ["idea"]);
        let Text::Regex(re) = &q.text else {
            panic!("a regex")
        };
        assert!(re.is_match("A BB"), "smart case: lower case is any case");
        assert!(Query::parse("/(").is_err());
        assert!(Query::parse("word /x").is_err());
        assert!(matches!(Query::parse("/").unwrap().text, Text::Any));
    }

    #[test]
    fn notes_are_kept_by_tag_state_article_and_text() {
        let r = row(
            "essay.txt",
            "The Essay",
            "idea",
            "a bright thought",
            "check later",
        );
        assert!(keeps("tag:idea", &r));
        assert!(keeps("tag:IDEA tag:other", &r));
        assert!(!keeps("tag:other", &r));
        assert!(keeps("state:placed", &r));
        assert!(!keeps("state:orphan", &r));
        assert!(keeps("in:essay", &r));
        assert!(!keeps("in:novel", &r));
        assert!(keeps("brght", &r), "fuzzy on the quote");
        assert!(keeps("chk ltr", &r), "every word, on the note");
        assert!(!keeps("bright zebra", &r), "all words must match");
        assert!(keeps("/thought$", &r));
        assert!(!keeps("/^thought", &r));
    }

    #[test]
    fn closer_matches_score_higher() {
        let q = Query::parse("thought").unwrap();
        let exact = row("a", "A", "idea", "a thought", "");
        let scattered = row("b", "B", "idea", "the hour got there", "");
        assert!(q.score(&exact) > q.score(&scattered));
    }
}
