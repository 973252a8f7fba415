//! Headings of Markdown, line by line: ATX (`#`…`######`) and setext
//! (`===` / `---` under a paragraph line) headings, none inside fenced
//! code blocks (`` ``` `` / `~~~`) or front matter.

use super::plain::push;
use super::rules;
use super::{Heading, Line};

/// Lines the front matter may take before a missing end shows it was
/// none (what was found meanwhile is then kept).
const FRONT_MATTER_LINES: usize = 200;

/// Front matter at the top: its closing lines, lines read, and the
/// headings found meanwhile (dropped when it closes).
#[derive(Debug)]
struct FrontMatter {
    yaml: bool,
    lines: usize,
    held: Vec<Heading>,
}

/// The Markdown machine.
#[derive(Debug, Default)]
pub(super) struct Markdown {
    lines: usize,
    /// The open fence: its character and length.
    fence: Option<(u8, usize)>,
    front: Option<FrontMatter>,
    /// The line before is paragraph text (a setext underline makes it a
    /// heading): its start.
    paragraph: Option<usize>,
}

impl Markdown {
    /// Take in the next line; `prev` is the text of the line before.
    pub fn line(&mut self, line: &Line, prev: &[u8], out: &mut Vec<Heading>) {
        let text = line.text;
        self.lines += 1;
        if self.lines == 1 {
            let t = text.trim_ascii_end();
            if t == b"---" || t == b"+++" {
                self.front = Some(FrontMatter {
                    yaml: t == b"---",
                    lines: 0,
                    held: Vec::new(),
                });
                return;
            }
        }
        if let Some(f) = &mut self.front {
            let t = text.trim_ascii_end();
            let closes = if f.yaml {
                t == b"---" || t == b"..."
            } else {
                t == b"+++"
            };
            f.lines += 1;
            if closes {
                *self = Markdown {
                    lines: self.lines,
                    ..Markdown::default()
                };
                return;
            }
            if f.lines > FRONT_MATTER_LINES {
                let held = std::mem::take(&mut f.held);
                self.front = None;
                held.into_iter().for_each(|h| push(out, h));
            } else {
                let mut held = std::mem::take(&mut f.held);
                self.step(line, prev, &mut held);
                if let Some(f) = &mut self.front {
                    f.held = held;
                }
                return;
            }
        }
        self.step(line, prev, out);
    }

    /// True when a line of running text (at most [`rules::LONG`] bytes,
    /// starting with an ASCII letter) would only be taken in with
    /// [`Markdown::running`]: outside front matter.
    pub fn quiet(&self) -> bool {
        self.front.is_none() && self.lines > 0
    }

    /// Take in `n` lines of running text while [`Markdown::quiet`], the
    /// last starting at `start`: none can open or close a fence nor be a
    /// heading or an underline; outside a fence they are paragraph text.
    pub fn running(&mut self, n: usize, start: usize) {
        self.lines += n;
        self.paragraph = self.fence.is_none().then_some(start);
    }

    fn step(&mut self, line: &Line, prev: &[u8], out: &mut Vec<Heading>) {
        let text = line.text;
        let paragraph = self.paragraph.take();
        if let Some((c, n)) = self.fence {
            if rules::fence_close(text, c, n) {
                self.fence = None;
            }
            return;
        }
        if rules::is_blank(text) {
            return;
        }
        if let Some(fence) = rules::fence_open(text) {
            self.fence = Some(fence);
            return;
        }
        if let Some((level, title)) = rules::atx(text) {
            push(
                out,
                Heading {
                    byte: line.start,
                    level,
                    title: rules::title(title),
                },
            );
            return;
        }
        if let (Some(start), Some(level)) = (paragraph, rules::setext(text)) {
            push(
                out,
                Heading {
                    byte: start,
                    level,
                    title: rules::title(prev),
                },
            );
            return;
        }
        let indented = rules::indent(text) >= 4;
        if !rules::md_not_paragraph(text) && (!indented || paragraph.is_some()) {
            self.paragraph = Some(line.start);
        }
    }

    /// The text ended.
    pub fn finish(&mut self, out: &mut Vec<Heading>) {
        if let Some(f) = self.front.take() {
            f.held.into_iter().for_each(|h| push(out, h));
        }
    }
}
