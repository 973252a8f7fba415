//! An article's outline: the lines that look like headings, found line by
//! line as the background scan reads the article (a window at a time), so
//! the outline of a big article grows while it is read.
//!
//! Plain text (`plain`): the article's title (a title-like line near the
//! top, after a blank line and before a blank line or a paragraph);
//! Project Gutenberg style divisions (`CHAPTER IV`, `BOOK II`, `PART ONE`,
//! `PREFACE`, with a one-line subtitle under them); RFC-style numbered
//! sections at column 0 between blank lines (`4.2.  Message Body`); a short
//! title at column 0 before indented text (`Abstract` in an RFC);
//! underlined titles (`====` / `----`); and in one-paragraph-per-line text,
//! a title-like line before a long paragraph. A title-like line is short
//! (at most 100 bytes, 16 words), starts with a capital or a digit, does
//! not end like a clause (`. , ; :` or a closing quote) and has no columns
//! laid out with runs of spaces (page headers and footers, drawings).
//!
//! Markdown (`markdown`): ATX and setext headings, none inside fenced code
//! blocks or front matter.
//!
//! Positions are byte offsets into the article's bytes (where the
//! heading's line starts); levels run from 1 (the title) down.

mod markdown;
mod plain;
pub mod rules;

/// Bytes of a line kept for the rules (a line longer is running text: only
/// its start and length matter).
const MAX_LINE: usize = 512;

/// Which rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Plain,
    Markdown,
}

impl Kind {
    /// Markdown for a name ending in `.md`, `.markdown`, `.mdown` or
    /// `.mkd` (any case), plain text otherwise.
    pub fn of_name(name: &str) -> Kind {
        let lower = name.to_ascii_lowercase();
        let md = [".md", ".markdown", ".mdown", ".mkd"]
            .iter()
            .any(|e| lower.ends_with(e));
        if md { Kind::Markdown } else { Kind::Plain }
    }
}

/// One heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Byte offset where the heading's line starts.
    pub byte: usize,
    /// 1 (the title, a `#`) and down.
    pub level: u8,
    /// The heading's text, trimmed, without Markdown's `#` marks (not
    /// sanitised: drawing does that).
    pub title: String,
}

/// A line handed to the rules.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// Byte offset of its first byte.
    start: usize,
    /// Its bytes without the line ending, at most [`MAX_LINE`].
    text: &'a [u8],
    /// Its whole length without the line ending.
    len: usize,
}

#[derive(Debug)]
enum Machine {
    Off,
    Plain(plain::Plain),
    Markdown(markdown::Markdown),
}

/// Finds headings in consecutive chunks of an article's bytes, each read
/// once. A line cut by a chunk's end is kept (its first [`MAX_LINE`]
/// bytes) until the next chunk ends it, and so is the last full line of a
/// chunk (the next one's first line may underline it).
#[derive(Debug)]
pub struct Collector {
    machine: Machine,
    /// Bytes fed so far.
    at: usize,
    /// The start of a line the last chunk ended in, and its bytes so far.
    partial: Option<(usize, Vec<u8>, usize)>,
    /// The last full line of the chunk before.
    prev: Vec<u8>,
    found: Vec<Heading>,
    /// The machine is in a state where a short line starting with an
    /// ASCII letter only moves it on (see `running`).
    quiet: bool,
    /// Tests: never take the quiet way.
    #[cfg(test)]
    slow: bool,
}

impl Collector {
    /// A collector for an article of `kind`.
    pub fn new(kind: Kind) -> Self {
        let machine = match kind {
            Kind::Plain => Machine::Plain(plain::Plain::default()),
            Kind::Markdown => Machine::Markdown(markdown::Markdown::default()),
        };
        Collector {
            machine,
            at: 0,
            partial: None,
            prev: Vec::new(),
            found: Vec::new(),
            quiet: false,
            #[cfg(test)]
            slow: false,
        }
    }

    /// A collector that finds nothing (a scan that wants no outline).
    pub fn off() -> Self {
        Collector {
            machine: Machine::Off,
            ..Collector::new(Kind::Plain)
        }
    }

    /// Read the next chunk of the article.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.feed_counting(chunk, |_| {});
    }

    /// [`Collector::feed`], calling `newline` with the offset in `chunk`
    /// of each of its newlines, in order: a scan counting lines shares
    /// this pass instead of finding them again (also when off).
    pub fn feed_counting(&mut self, chunk: &[u8], mut newline: impl FnMut(usize)) {
        if matches!(self.machine, Machine::Off) {
            memchr::memchr_iter(b'\n', chunk).for_each(newline);
            return;
        }
        let base = self.at;
        self.at += chunk.len();
        let mut prev = std::mem::take(&mut self.prev);
        let mut from = 0;
        if let Some((start, mut kept, len)) = self.partial.take() {
            let Some(nl) = memchr::memchr(b'\n', chunk) else {
                let room = MAX_LINE.saturating_sub(kept.len());
                kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
                self.partial = Some((start, kept, len + chunk.len()));
                self.prev = prev;
                return;
            };
            newline(nl);
            // The line the last chunk ended in ends here (a carriage return
            // left at its end is a blank to every rule).
            let body = strip_cr(&chunk[..nl]);
            let room = MAX_LINE.saturating_sub(kept.len());
            kept.extend_from_slice(&body[..body.len().min(room)]);
            let line = Line {
                start,
                text: &kept,
                len: len + body.len(),
            };
            self.line(&line, &prev);
            prev = kept;
            from = nl + 1;
        }
        let mut last: Option<(usize, usize)> = None;
        // A run of running text taken the quiet way: how many lines, and
        // where the last one starts (told to the machine in one go).
        let mut run = (0, 0);
        let skip = from;
        for nl in memchr::memchr_iter(b'\n', &chunk[skip..]).map(|i| i + skip) {
            newline(nl);
            let start = base + from;
            // (A carriage return ends the line, not its first byte.)
            if self.quiet && nl - from <= rules::LONG && chunk[from].is_ascii_alphabetic() {
                let body = strip_cr(&chunk[from..nl]);
                // A line of running text after running text: the common
                // line of a hard-wrapped article changes no rule's mind
                // (each machine's `running` says how), so it costs no more
                // than finding its end.
                run = (run.0 + 1, start);
                last = Some((from, from + body.len()));
                from = nl + 1;
                continue;
            }
            let body = strip_cr(&chunk[from..nl]);
            self.running(&mut run);
            let line = Line {
                start,
                text: &body[..body.len().min(MAX_LINE)],
                len: body.len(),
            };
            let before = match last {
                Some((s, e)) => &chunk[s..e],
                None => &prev[..],
            };
            self.line(&line, before);
            last = Some((from, from + line.text.len()));
            from = nl + 1;
        }
        self.running(&mut run);
        if let Some((s, e)) = last {
            prev.clear();
            prev.extend_from_slice(&chunk[s..e]);
        }
        self.prev = prev;
        let rest = &chunk[from..];
        if !rest.is_empty() {
            let kept = rest[..rest.len().min(MAX_LINE)].to_vec();
            self.partial = Some((base + from, kept, rest.len()));
        }
    }

    /// Tell the machine of a run of `run.0` lines of running text, the
    /// last starting at `run.1`, and start a new run.
    fn running(&mut self, run: &mut (usize, usize)) {
        if run.0 == 0 {
            return;
        }
        match &mut self.machine {
            Machine::Off => {}
            Machine::Plain(m) => m.running(run.0, run.1),
            Machine::Markdown(m) => m.running(run.0, run.1),
        }
        *run = (0, 0);
    }

    /// The article ended: its last line (without a line ending) and what
    /// waited on the lines after it are decided.
    pub fn finish(&mut self) {
        if let Some((start, kept, len)) = self.partial.take() {
            let line = Line {
                start,
                text: &kept,
                len,
            };
            let prev = std::mem::take(&mut self.prev);
            self.line(&line, &prev);
        }
        match &mut self.machine {
            Machine::Off => {}
            Machine::Plain(m) => m.finish(&mut self.found),
            Machine::Markdown(m) => m.finish(&mut self.found),
        }
    }

    /// The headings found since the last call, in byte order.
    pub fn take(&mut self) -> Vec<Heading> {
        std::mem::take(&mut self.found)
    }

    fn line(&mut self, line: &Line, prev: &[u8]) {
        #[cfg(test)]
        let allowed = !self.slow;
        #[cfg(not(test))]
        let allowed = true;
        let quiet = match &mut self.machine {
            Machine::Off => false,
            Machine::Plain(m) => {
                m.line(line, prev, &mut self.found);
                m.quiet()
            }
            Machine::Markdown(m) => {
                m.line(line, prev, &mut self.found);
                m.quiet()
            }
        };
        self.quiet = quiet && allowed;
    }
}

/// The line without a final carriage return.
fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Every heading of a whole text (tests, small articles).
pub fn headings(kind: Kind, bytes: &[u8]) -> Vec<Heading> {
    let mut c = Collector::new(kind);
    c.feed(bytes);
    c.finish();
    c.take()
}

/// The outline known of the open article.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// In byte order.
    pub headings: Vec<Heading>,
    /// True once the whole article was read.
    pub complete: bool,
    /// Bytes of the article read so far.
    pub read: usize,
}

impl Outline {
    /// Take in headings found further on (in byte order; one already
    /// known is not added again).
    pub fn extend(&mut self, found: Vec<Heading>) {
        for h in found {
            plain::push(&mut self.headings, h);
        }
    }

    /// The index of the section holding byte `p`: the last heading that
    /// starts at or before it; `None` before the first heading, and while
    /// the article is not read as far as `p` (a heading not found yet may
    /// lie between the last one known and `p`).
    pub fn current(&self, p: usize) -> Option<usize> {
        if !self.complete && p >= self.read {
            return None;
        }
        self.headings
            .partition_point(|h| h.byte <= p)
            .checked_sub(1)
    }

    /// How deep each level is indented: its rank among the levels
    /// present (`depths()[level]`), so a book of a title and chapters
    /// indents its chapters one step whatever their level.
    pub fn depths(&self) -> [u8; 256] {
        let mut present = [false; 256];
        for h in &self.headings {
            present[h.level as usize] = true;
        }
        let mut depths = [0; 256];
        let mut rank = 0;
        for (level, here) in present.iter().enumerate() {
            depths[level] = rank;
            rank += u8::from(*here);
        }
        depths
    }
}

#[cfg(test)]
pub(crate) mod tests;
