//! Headings of plain text, decided line by line with at most two lines of
//! look-ahead (see [`super`] for the rules).

use super::rules::{self, LONG, MAX_TITLE};
use super::{Heading, Line};

/// Lines from the top in which the article's title is looked for.
const TITLE_LINES: usize = 40;

/// Which rule a pending line is waiting on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// The article's title: the next line (or the one after a title-like
    /// byline) is blank or a paragraph.
    Title,
    /// `CHAPTER IV`: emitted at the next line, with that line as a
    /// subtitle when it is title-like and a blank line follows it.
    Division,
    /// `4.2.  Message Body`: the next line is blank.
    Numbered,
    /// `Abstract` at column 0: a blank line, then indented text.
    Column0,
    /// A title-like line of one-paragraph-per-line text: the next
    /// non-blank line (after at most one blank) is a long paragraph.
    Paragraph,
}

#[derive(Debug, Clone)]
struct Candidate {
    rule: Rule,
    heading: Heading,
    /// Lines seen since.
    age: u8,
    /// The subtitle a division line may take.
    subtitle: Option<String>,
}

/// What is known of the line before.
#[derive(Debug, Clone, Copy)]
struct Before {
    start: usize,
    /// Blank, or the start of the text.
    blank: bool,
    long: bool,
    /// Title-like and indented at most 3: may be underlined.
    titled: bool,
}

/// The plain-text machine.
#[derive(Debug)]
pub(super) struct Plain {
    before: Before,
    lines: usize,
    title_found: bool,
    pending: Vec<Candidate>,
}

impl Default for Plain {
    fn default() -> Self {
        Plain {
            before: Before {
                start: 0,
                blank: true,
                long: false,
                titled: false,
            },
            lines: 0,
            title_found: false,
            pending: Vec::new(),
        }
    }
}

/// What the line is, for the rules waiting on it.
#[derive(Debug, Clone, Copy)]
struct Seen {
    blank: bool,
    long: bool,
    indent: usize,
}

impl Plain {
    /// Take in the next line; `prev` is the text of the line before (cut
    /// like [`Line::text`]). Headings decided go to `out`.
    pub fn line(&mut self, line: &Line, prev: &[u8], out: &mut Vec<Heading>) {
        let text = line.text;
        let blank = line.len <= rules::KEEP_TITLE && rules::is_blank(text);
        let seen = Seen {
            blank,
            long: line.len > LONG,
            indent: rules::indent(text),
        };
        if !self.pending.is_empty() {
            self.resolve(seen, text, out);
        }
        let before = self.before;
        self.lines += 1;
        self.before = Before {
            start: line.start,
            blank,
            long: seen.long,
            titled: false,
        };
        if blank || seen.long {
            return;
        }
        // An underline under a title after a blank line.
        if let Some((level, n)) = rules::underline(text) {
            let t = rules::trim(prev);
            if before.titled && n * 2 >= t.len() && n <= t.len() * 2 + 3 {
                let heading = Heading {
                    byte: before.start,
                    level,
                    title: rules::title(prev),
                };
                push(out, heading);
            }
            return;
        }
        // Only a line after a break may start a heading: the common line
        // of running text costs no more than the tests above.
        if !(before.blank || before.long) {
            return;
        }
        let title_like = rules::title_like(text);
        self.before.titled = title_like && seen.indent <= 3 && before.blank;
        let mut add = |rule, level, title: &[u8]| {
            self.pending.push(Candidate {
                rule,
                heading: Heading {
                    byte: line.start,
                    level,
                    title: rules::title(title),
                },
                age: 0,
                subtitle: None,
            });
        };
        if let Some(level) = rules::division(text) {
            add(Rule::Division, level, text);
            return;
        }
        if seen.indent == 0
            && let Some((level, _)) = rules::numbered(text)
        {
            add(Rule::Numbered, level, text);
            return;
        }
        if !title_like {
            return;
        }
        if !self.title_found && self.lines <= TITLE_LINES && before.blank {
            add(Rule::Title, 1, text);
        }
        if seen.indent == 0 && rules::trim(text).len() <= 60 && before.blank {
            add(Rule::Column0, 2, text);
        }
        if seen.indent <= 3 {
            add(Rule::Paragraph, 2, text);
        }
    }

    /// True when a line of running text (at most [`LONG`] bytes, starting
    /// with an ASCII letter) would only be taken in with [`Plain::running`]:
    /// nothing waits for a line, and the line before was running text too.
    pub fn quiet(&self) -> bool {
        self.pending.is_empty() && !self.before.blank && !self.before.long
    }

    /// Take in `n` lines of running text while [`Plain::quiet`], the last
    /// starting at `start`: what [`Plain::line`] would do with them.
    pub fn running(&mut self, n: usize, start: usize) {
        self.lines += n;
        self.before = Before {
            start,
            blank: false,
            long: false,
            titled: false,
        };
    }

    /// Decide what waits on this line.
    fn resolve(&mut self, seen: Seen, text: &[u8], out: &mut Vec<Heading>) {
        let mut pending = std::mem::take(&mut self.pending);
        let mut done = None;
        for c in &mut pending {
            c.age += 1;
            let emit = match (c.rule, c.age) {
                // A byline may come between a title and what follows.
                (Rule::Title, 1) if !seen.long && rules::title_like(text) => None,
                (Rule::Title | Rule::Numbered, _) => Some(seen.blank || seen.long),
                (Rule::Division, 1) if seen.blank => Some(true),
                // A list of divisions (a table of contents) is no heading.
                (Rule::Division, 1) if rules::division(text).is_some() => Some(false),
                (Rule::Division, 1) => {
                    let t = rules::trim(text);
                    if rules::title_like(text) && t.len() <= MAX_TITLE / 2 {
                        c.subtitle = Some(rules::title(text));
                        None
                    } else {
                        Some(true)
                    }
                }
                (Rule::Division, _) => {
                    if !seen.blank {
                        c.subtitle = None;
                    }
                    Some(true)
                }
                (Rule::Column0, 1) if seen.blank => None,
                (Rule::Column0, 1) => Some(false),
                (Rule::Column0, _) => Some(!seen.blank && seen.indent >= 2),
                (Rule::Paragraph, 1) if seen.blank => None,
                (Rule::Paragraph, _) => Some(seen.long),
            };
            match emit {
                Some(true) if done.is_none_or(|d| d != c.heading.byte) => {
                    let mut h = c.heading.clone();
                    if let Some(sub) = c.subtitle.take() {
                        h.title = format!("{} {sub}", h.title);
                    }
                    if c.rule == Rule::Title {
                        self.title_found = true;
                    }
                    done = Some(h.byte);
                    push(out, h);
                    c.age = u8::MAX;
                }
                Some(_) => c.age = u8::MAX,
                None => {}
            }
        }
        pending.retain(|c| c.age != u8::MAX && done != Some(c.heading.byte));
        self.pending = pending;
    }

    /// The text ended: what waits on a blank line is decided as if one
    /// followed.
    pub fn finish(&mut self, out: &mut Vec<Heading>) {
        for _ in 0..2 {
            if self.pending.is_empty() {
                break;
            }
            let seen = Seen {
                blank: true,
                long: false,
                indent: 0,
            };
            self.resolve(seen, b"", out);
        }
        self.pending.clear();
    }
}

/// Add `h` to `out` in byte order, once per line.
pub(super) fn push(out: &mut Vec<Heading>, h: Heading) {
    let at = out.partition_point(|o| o.byte < h.byte);
    if out.get(at).is_some_and(|o| o.byte == h.byte) {
        return;
    }
    out.insert(at, h);
}
