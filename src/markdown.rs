//! Markdown rendered in place. The source text stays the document: every
//! offset (positions, sidecar ranges, export's `LINE:COL`) is a byte of the
//! `.md` file; rendering only decides how each wrap unit's bytes are drawn
//! ([`View`]): markup is hidden (zero width, not deleted), text gets looks,
//! and decorations (bullets, quote bars, heading marks, rules, table
//! borders) are drawn before or instead of rows.
//!
//! Which line breaks are shown (the layout's blocks) is decided here from a
//! few lines around each newline ([`lines`]) and whether those lines are in
//! fenced code, recovered from the nearest 64 KiB checkpoint ([`fences`]);
//! a unit's view is pulldown-cmark's reading of that unit alone (plus, for
//! a table row, of its table, at most [`TABLE_LINES`] lines). Nothing here
//! reads more than a bounded stretch around what is drawn. Pure: no
//! terminal, no files.

mod fences;
mod front;
mod inline;
pub mod lines;
pub mod row;
mod table;
mod view;

pub use fences::Code;
pub use view::{Link, Look, Show, Span, View, width_of};

use lines::{LOOK, Line, classify, indent, item_marker};
use std::cell::OnceCell;
use std::ops::Range;

/// The most lines of one table looked at.
pub const TABLE_LINES: usize = 256;
/// Deeper quotes or lists are drawn with a count instead of one bar each.
const DEEPEST: usize = 32;

/// Whether Markdown articles are rendered or shown as their source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Render,
    Raw,
}

/// The rendering rules for one article, with what they cache (fences,
/// front matter, tables).
#[derive(Debug, Default)]
pub struct Markdown {
    fences: fences::Fences,
    front: OnceCell<Option<Range<usize>>>,
    tables: table::Tables,
}

/// The line holding the newline at `nl` (its start) when it is at most
/// [`LOOK`] bytes long; else `None` (running text).
fn line_before(bytes: &[u8], nl: usize) -> Option<usize> {
    let floor = nl.saturating_sub(LOOK);
    match memchr::memrchr(b'\n', &bytes[floor..nl]) {
        Some(i) => Some(floor + i + 1),
        None if floor == 0 => Some(0),
        None => None,
    }
}

/// The end (terminator's LF or the text's end) of the line starting at `s`,
/// looked for within [`LOOK`] bytes.
fn line_end(bytes: &[u8], s: usize) -> usize {
    let to = (s + LOOK).min(bytes.len());
    memchr::memchr(b'\n', &bytes[s..to]).map_or(to, |i| s + i)
}

fn kind_at(bytes: &[u8], s: usize) -> Line {
    classify(&bytes[s..line_end(bytes, s)])
}

impl Markdown {
    /// The front matter's range (from the top to its closing line's end).
    pub fn front_matter(&self, bytes: &[u8]) -> Option<Range<usize>> {
        self.front.get_or_init(|| front::find(bytes)).clone()
    }

    /// Where the line starting at `line` stands with regard to fenced code.
    pub fn code_at(&self, bytes: &[u8], line: usize) -> Code {
        self.fences.at(bytes, line)
    }

    /// True when the newline at byte `nl` is shown (ends a block): the
    /// others are soft breaks inside a paragraph, read as spaces.
    pub fn is_hard_break(&self, bytes: &[u8], nl: usize) -> bool {
        let next = nl + 1;
        if next >= bytes.len() {
            return true;
        }
        if let Some(f) = self.front_matter(bytes)
            && nl < f.end
        {
            return false;
        }
        let Some(a_start) = line_before(bytes, nl) else {
            // A very long line of running text.
            return !matches!(kind_at(bytes, next), Line::Text);
        };
        let a = &bytes[a_start..nl];
        let (ka, kb) = (classify(a), kind_at(bytes, next));
        if ka == Line::Blank || kb == Line::Blank || lines::ends_hard(a) {
            return true;
        }
        if self.code_at(bytes, a_start) != Code::Outside
            || self.code_at(bytes, next) != Code::Outside
        {
            return true;
        }
        let continues = matches!(ka, Line::Text | Line::Item | Line::Quote);
        match kb {
            // A setext underline is part of its heading; after a dashed one
            // only a paragraph's line makes it one (else it is a rule).
            Line::Rule if ka == Line::Text && self.setext_dashes(bytes, a_start, next) => false,
            // `===` continues any paragraph (underline or lazy text).
            Line::Text | Line::Indented | Line::Equals => {
                if !continues || (ka == Line::Quote && quoted_kind(a) != Line::Text) {
                    return true;
                }
                // A table's header row starts a block of its own.
                let b_end = line_end(bytes, next);
                let header = bytes[next..b_end].contains(&b'|')
                    && b_end < bytes.len()
                    && kind_at(bytes, b_end + 1) == Line::Delimiter;
                header || (a.contains(&b'|') && self.in_table(bytes, a_start))
            }
            Line::Quote => {
                let b = &bytes[next..line_end(bytes, next)];
                !(ka == Line::Quote
                    && lines::quote_depth(a).0 == lines::quote_depth(b).0
                    && quoted_kind(a) == Line::Text
                    && matches!(quoted_kind(b), Line::Text | Line::Indented))
            }
            _ => true,
        }
    }

    /// True when the dashed line at `under` (a [`Line::Rule`]) underlines
    /// the text line at `line` as a setext heading: only dashes, and the
    /// paragraph holding `line` is not in a list item or quote (its first
    /// line, at most 64 lines up, follows a blank line or starts a block).
    fn setext_dashes(&self, bytes: &[u8], mut line: usize, under: usize) -> bool {
        let u = &bytes[under..line_end(bytes, under)];
        let u = u.trim_ascii();
        if u.is_empty() || !u.iter().all(|&b| b == b'-') {
            return false;
        }
        for _ in 0..64 {
            if line == 0 || self.is_hard_break(bytes, line - 1) {
                return kind_at(bytes, line) == Line::Text;
            }
            let Some(prev) = line_before(bytes, line - 1) else {
                return true;
            };
            line = prev;
        }
        true
    }

    /// True when the line starting at `s` is a row of a table (a
    /// delimiter row at most [`TABLE_LINES`] lines above, through lines
    /// with `|`).
    fn in_table(&self, bytes: &[u8], s: usize) -> bool {
        table::extent(bytes, s).is_some()
    }

    /// The view of wrap unit `unit` at `width` columns (its replacements
    /// fit the column, [`View::fit`]).
    pub fn view(&self, bytes: &[u8], unit: Range<usize>, width: usize) -> View {
        let mut v = self.unfitted(bytes, unit, width);
        v.fit(width);
        v
    }

    fn unfitted(&self, bytes: &[u8], unit: Range<usize>, width: usize) -> View {
        if let Some(f) = self.front_matter(bytes)
            && unit.start < f.end
        {
            let mut v = View::from_spans(unit.clone(), Vec::new());
            v.first = front::summary(&bytes[f]);
            v.deco = Look {
                dim: true,
                ..Look::default()
            };
            return v;
        }
        let Ok(text) = std::str::from_utf8(&bytes[unit.clone()]) else {
            return View::plain(unit, Look::default());
        };
        let line_start = unit.start == 0 || bytes[unit.start - 1] == b'\n';
        let dim = Look {
            dim: true,
            ..Look::default()
        };
        match self.code_at(bytes, unit.start) {
            Code::Opens => {
                let (_, i) = indent(text.as_bytes());
                let fence = text.as_bytes()[i];
                let n = text.as_bytes()[i..]
                    .iter()
                    .take_while(|&&b| b == fence)
                    .count();
                let info = unit.start + i + n..unit.end;
                let mut v = View::from_spans(
                    unit.clone(),
                    vec![Span {
                        range: info,
                        show: Show::Text(dim),
                    }],
                );
                v.first = "╭─ ".into();
                v.deco = dim;
                return v;
            }
            Code::Closes => {
                let mut v = View::from_spans(unit, Vec::new());
                v.first = "╰─".into();
                v.deco = dim;
                return v;
            }
            Code::Inside => return code(unit.clone(), unit),
            Code::Outside => {}
        }
        if !line_start {
            let (pieces, links) = inline::pieces(text, unit.start);
            let mut v = View::from_spans(unit, pieces);
            v.links = links;
            v.prose = true;
            return v;
        }
        let first_end = memchr::memchr(b'\n', text.as_bytes()).unwrap_or(text.len());
        let first = &text.as_bytes()[..first_end];
        let cols = indent(first).0;
        // The list item an indented line may belong to.
        let item = (cols > 0)
            .then(|| self.item_of(bytes, unit.start))
            .flatten();
        match classify(first) {
            Line::Rule | Line::Equals => {
                let mut v = View::from_spans(unit, Vec::new());
                v.rule = true;
                v.deco = dim;
                return v;
            }
            // Four columns of indentation past an item's text (or outside
            // any item) are code.
            Line::Indented if item.is_none_or(|item| cols >= item.content + 4) => {
                // Four columns of indentation are markup.
                let mut cols = 0;
                let n = first
                    .iter()
                    .take_while(|&&b| {
                        cols += if b == b'\t' { 4 - cols % 4 } else { 1 };
                        cols <= 4 && (b == b' ' || b == b'\t')
                    })
                    .count();
                return code(unit.start + n..unit.end, unit);
            }
            Line::Table | Line::Delimiter => {
                if let Some(v) = self.tables.view(bytes, unit.clone(), width) {
                    return v;
                }
            }
            Line::Text if first.contains(&b'|') => {
                if let Some(v) = self.tables.view(bytes, unit.clone(), width) {
                    return v;
                }
            }
            _ => {}
        }
        // A later paragraph of a list item (indented to its text): under
        // the item's text, with its hanging indent.
        if matches!(classify(first), Line::Text | Line::Indented)
            && let Some(item) = item
        {
            let (_, i) = indent(text.as_bytes());
            let (pieces, links) = inline::pieces(&text[i..], unit.start + i);
            let mut v = View::from_spans(unit, pieces);
            v.first = " ".repeat(item.head.min(width / 2));
            v.rest = v.first.clone();
            v.deco = dim;
            v.links = links;
            v.prose = true;
            return v;
        }
        self.block(unit, text, width)
    }

    /// The list item whose content the indented line at `s` continues:
    /// going up over blank lines and the item's indented lines, the
    /// nearest item whose text starts at or before the line's indentation
    /// (a paragraph at the left margin ends the list). Looks at most 64
    /// lines up.
    fn item_of(&self, bytes: &[u8], mut s: usize) -> Option<Item> {
        let line = &bytes[s..line_end(bytes, s)];
        let (cols, _) = indent(line);
        for _ in 0..64 {
            if s == 0 {
                return None;
            }
            let prev = line_before(bytes, s - 1)?;
            let above = &bytes[prev..line_end(bytes, prev)];
            let (c, i) = indent(above);
            s = prev;
            if i == above.len() {
                continue;
            }
            if let Some((n, _)) = item_marker(&above[i..]) {
                if cols >= c + n {
                    // As [`Markdown::block`] draws its head.
                    return Some(Item {
                        content: c + n,
                        head: c.min(2 * DEEPEST) + n,
                    });
                }
                continue;
            }
            if c == 0 {
                return None;
            }
        }
        None
    }

    /// A paragraph, heading, list item, quote, footnote or HTML block.
    fn block(&self, unit: Range<usize>, text: &str, width: usize) -> View {
        let tb = text.as_bytes();
        let (mut first, mut rest) = (String::new(), String::new());
        let mut deco = Look {
            dim: true,
            ..Look::default()
        };
        let mut at = 0;
        let mut depth = 0;
        let mut skip = 0;
        loop {
            let (cols, i) = indent(&tb[at..]);
            let here = &tb[at + i..];
            if here.first() == Some(&b'>') && cols < 4 {
                depth += 1;
                if depth > DEEPEST * 4 {
                    // Pathologically deep: shown as text after the bars.
                    let v = View::plain(unit.start + at..unit.end, Look::default());
                    let mut v = View::from_spans(unit, v.spans);
                    v.first = format!("»{depth} ");
                    v.rest = " ".repeat(width_of(&v.first));
                    v.deco = deco;
                    return v;
                }
                first.push_str("│ ");
                rest.push_str("│ ");
                at += i + 1;
                if matches!(tb.get(at), Some(b' ' | b'\t')) {
                    at += 1;
                }
                continue;
            }
            if let Some((n, ordered)) = item_marker(here) {
                if depth == 0 {
                    skip = i;
                }
                let pad = " ".repeat(cols.min(2 * DEEPEST));
                let mark = if ordered {
                    String::from_utf8_lossy(here[..n].trim_ascii_end()).into_owned()
                } else {
                    ["•", "◦", "▪"][(cols / 2) % 3].to_string()
                };
                let head = format!("{pad}{mark} ");
                rest.push_str(&" ".repeat(width_of(&head)));
                first.push_str(&head);
            } else if let Line::Heading(level) = classify(here) {
                let head = format!("{} ", "§".repeat(level as usize));
                rest.push_str(&" ".repeat(width_of(&head)));
                first.push_str(&head);
                deco = Look {
                    heading: level,
                    bold: true,
                    ..Look::default()
                };
            }
            break;
        }
        if width_of(&first) > width / 2 {
            first = format!("»{depth} ");
            rest = " ".repeat(width_of(&first));
        }
        let (pieces, links) = if depth > DEEPEST {
            (
                View::plain(unit.start + at..unit.end, Look::default()).spans,
                Vec::new(),
            )
        } else {
            inline::pieces(&text[skip..], unit.start + skip)
        };
        // A setext heading (its underline is in the unit, hidden): the
        // level mark, as for `#`.
        let setext = pieces.iter().find_map(|p| match &p.show {
            Show::Text(l) | Show::Replace(_, l) if l.heading > 0 => Some(l.heading),
            _ => None,
        });
        if let Some(level) = setext.filter(|_| first.is_empty()) {
            first = format!("{} ", "§".repeat(level as usize));
            rest = " ".repeat(width_of(&first));
            deco = Look {
                heading: level,
                bold: true,
                ..Look::default()
            };
        }
        let mut v = View::from_spans(unit, pieces);
        v.first = first;
        v.rest = rest;
        v.deco = deco;
        v.links = links;
        v.prose = deco.heading == 0;
        v
    }
}

/// The text of Markdown source `text` (a highlight's quote) as rendered:
/// markup left out, soft breaks as spaces, a newline where hidden markup
/// held one (between blocks).
pub fn rendered(text: &str) -> String {
    let (pieces, _) = inline::pieces(text, 0);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for p in pieces {
        if p.range.start < at {
            continue;
        }
        if text.as_bytes()[at..p.range.start].contains(&b'\n') && !out.is_empty() {
            out.push('\n');
        }
        match p.show {
            Show::Text(_) => out.push_str(&text[p.range.clone()]),
            Show::Replace(r, _) => out.push_str(&r),
            Show::Hidden => {}
        }
        at = p.range.end;
    }
    out
}

/// A list item, as [`Markdown::item_of`] finds it: the column its text
/// starts at in the source, and the width of the head (bullet or number)
/// drawn before it.
#[derive(Debug, Clone, Copy)]
struct Item {
    content: usize,
    head: usize,
}

/// What the content of a quoted line is (after its `>` markers).
fn quoted_kind(line: &[u8]) -> Line {
    let (_, at) = lines::quote_depth(line);
    classify(&line[at..])
}

/// A line of code (`shown` of `unit`), cut by glyph with a marker.
fn code(shown: Range<usize>, unit: Range<usize>) -> View {
    let look = Look {
        code: true,
        ..Look::default()
    };
    let mut v = View::from_spans(
        unit,
        vec![Span {
            range: shown,
            show: Show::Text(look),
        }],
    );
    v.first = "│ ".into();
    v.rest = "↪ ".into();
    v.deco = Look {
        dim: true,
        ..Look::default()
    };
    v.code = true;
    v
}

#[cfg(test)]
mod tests;
