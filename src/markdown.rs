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

use lines::{LOOK, Line, classify, classify_in_items, indent, item_marker};
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

    /// True when the newline at byte `nl` is shown: it ends a block, or
    /// its line ends with a hard line break; the others are soft breaks
    /// inside a paragraph, read as spaces.
    pub fn is_hard_break(&self, bytes: &[u8], nl: usize) -> bool {
        // The line's own end first: it reads one line, the block test
        // reads lines around it and the fence state.
        self.ends_line_hard(bytes, nl) || self.ends_block(bytes, nl)
    }

    /// True when the line of the newline at byte `nl` ends with a hard
    /// line break (two blanks or a backslash), front matter excepted.
    fn ends_line_hard(&self, bytes: &[u8], nl: usize) -> bool {
        let in_front = self.front_matter(bytes).is_some_and(|f| nl < f.end);
        !in_front && line_before(bytes, nl).is_some_and(|s| lines::ends_hard(&bytes[s..nl]))
    }

    /// The backslash that makes the newline at byte `nl` a hard line
    /// break inside a paragraph: markup, not shown. At a block's end a
    /// backslash is text.
    fn break_backslash(&self, bytes: &[u8], nl: usize) -> Option<usize> {
        let s = line_before(bytes, nl)?;
        let line = &bytes[s..nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let breaks = lines::ends_in_backslash(line)
            && self.ends_line_hard(bytes, nl)
            && !self.ends_block(bytes, nl);
        breaks.then_some(s + line.len() - 1)
    }

    /// True when the newline at byte `nl` ends a block (a paragraph, an
    /// item, a heading, a line of code…).
    fn ends_block(&self, bytes: &[u8], nl: usize) -> bool {
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
        let b = &bytes[next..line_end(bytes, next)];
        let ka = self.kind_in_items(bytes, a_start, a);
        let kb = self.kind_in_items(bytes, next, b);
        if ka == Line::Blank || kb == Line::Blank {
            return true;
        }
        if self.code_at(bytes, a_start) != Code::Outside
            || self.code_at(bytes, next) != Code::Outside
        {
            return true;
        }
        let continues = matches!(ka, Line::Text | Line::Item | Line::Quote);
        // What a quoted line holds, and whether the next line may go on
        // with it (a paragraph's or a list item's text).
        let quoted = |s, line| self.quoted_kind_in_items(bytes, s, line);
        let goes_on = |kind| matches!(kind, Line::Text | Line::Item);
        match kb {
            // A setext underline is part of its heading; after a dashed one
            // only a paragraph's line makes it one (else it is a rule).
            Line::Rule if ka == Line::Text && self.setext_dashes(bytes, a_start, next) => false,
            // `===` continues any paragraph (underline or lazy text).
            Line::Text | Line::Indented | Line::Equals => {
                if !continues || (ka == Line::Quote && !goes_on(quoted(a_start, a))) {
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
                !(ka == Line::Quote
                    && lines::quote_depth(a).0 == lines::quote_depth(b).0
                    && goes_on(quoted(a_start, a))
                    && matches!(quoted(next, b), Line::Text | Line::Indented))
            }
            _ => true,
        }
    }

    /// The kind of the line `line` that starts at `s`, read inside the
    /// list items around it ([`classify_in_items`]).
    fn kind_in_items(&self, bytes: &[u8], s: usize, line: &[u8]) -> Line {
        classify_in_items(line, || self.item_of(bytes, s).map(|i| i.content()))
    }

    /// The kind of the quoted part of the line `line` that starts at `s`
    /// (after its `>` markers), read inside the list items of its quote.
    fn quoted_kind_in_items(&self, bytes: &[u8], s: usize, line: &[u8]) -> Line {
        let (_, at) = lines::quote_depth(line);
        classify_in_items(&line[at..], || {
            self.quoted_item_of(bytes, s).map(|i| i.content())
        })
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
        // The unit's terminator's LF (after a CR, if any).
        let nl = unit.end + usize::from(bytes.get(unit.end) == Some(&b'\r'));
        let mut v = self.unfitted(bytes, unit, width);
        if bytes.get(nl) == Some(&b'\n')
            && let Some(backslash) = self.break_backslash(bytes, nl)
        {
            v.hide(backslash);
        }
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
        let (code_here, fence) = self.fences.at_with_fence(bytes, unit.start);
        // A fenced block is drawn under the text of the list item holding
        // it, its lines without the fence's indentation.
        let (fence_cols, head) = fence.map_or((0, 0), |f| self.fence_indent(bytes, f));
        let pad = " ".repeat(head);
        match code_here {
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
                v.first = format!("{pad}╭─ ");
                v.deco = dim;
                return v;
            }
            Code::Closes => {
                let mut v = View::from_spans(unit, Vec::new());
                v.first = format!("{pad}╰─");
                v.deco = dim;
                return v;
            }
            Code::Inside => {
                let n = lines::skip_cols(text.as_bytes(), fence_cols);
                return code(unit.start + n..unit.end, unit, head);
            }
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
        // The list items an indented line may be in.
        let nest = (cols > 0).then(|| self.nest(bytes, unit.start)).flatten();
        let kind = classify_in_items(first, || nest.map(|n| n.content));
        match kind {
            Line::Rule | Line::Equals => {
                let mut v = View::from_spans(unit, Vec::new());
                v.rule = true;
                v.deco = dim;
                return v;
            }
            // Four columns of indentation past an item's text (or outside
            // any item) are code.
            Line::Indented if nest.is_none_or(|n| cols >= n.content + 4) => {
                // Four columns of indentation past the item's text are
                // markup; the code is drawn under that text.
                let n = lines::skip_cols(first, nest.map_or(0, |n| n.content) + 4);
                return code(unit.start + n..unit.end, unit, nest.map_or(0, |n| n.head));
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
        if matches!(kind, Line::Text | Line::Indented)
            && let Some(nest) = nest
        {
            let (_, i) = indent(text.as_bytes());
            let (pieces, links) = inline::pieces(&text[i..], unit.start + i);
            let mut v = View::from_spans(unit, pieces);
            v.first = " ".repeat(nest.head.min(width / 2));
            v.rest = v.first.clone();
            v.deco = dim;
            v.links = links;
            v.prose = true;
            return v;
        }
        self.block(unit, text, width, nest)
    }

    /// The list item whose content the indented line at `s` continues:
    /// going up over blank lines and the item's indented lines, the
    /// nearest item whose text starts at or before the line's indentation
    /// (a paragraph at the left margin ends the list). Looks at most 64
    /// lines up.
    fn item_of(&self, bytes: &[u8], s: usize) -> Option<ItemLine> {
        self.item_above(bytes, s, Some)
    }

    /// [`Markdown::item_of`] inside the block quotes of the line at `s`:
    /// the item its quoted part continues, among the lines above quoted
    /// as deep (columns counted after the `>` markers).
    fn quoted_item_of(&self, bytes: &[u8], s: usize) -> Option<ItemLine> {
        let depth = lines::quote_depth(&bytes[s..line_end(bytes, s)]).0;
        self.item_above(bytes, s, |line| {
            let (d, at) = lines::quote_depth(line);
            (d == depth).then(|| &line[at..])
        })
    }

    /// The walk of [`Markdown::item_of`] over what `content` keeps of
    /// each line (`None` ends the walk).
    fn item_above<'a>(
        &self,
        bytes: &'a [u8],
        mut s: usize,
        content: impl Fn(&'a [u8]) -> Option<&'a [u8]>,
    ) -> Option<ItemLine> {
        let (cols, _) = indent(content(&bytes[s..line_end(bytes, s)])?);
        for _ in 0..64 {
            if s == 0 {
                return None;
            }
            let prev = line_before(bytes, s - 1)?;
            let above = content(&bytes[prev..line_end(bytes, prev)])?;
            let (c, i) = indent(above);
            s = prev;
            if i == above.len() {
                continue;
            }
            if let Some((n, _)) = item_marker(&above[i..]) {
                if cols >= c + n {
                    return Some(ItemLine {
                        start: prev,
                        cols: c,
                        marker: n,
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

    /// For the fenced block whose fence line starts at `fence`: the
    /// columns of indentation its lines lose (the fence's), and the column
    /// it is drawn at (under the text of the list item holding it).
    fn fence_indent(&self, bytes: &[u8], fence: usize) -> (usize, usize) {
        let cols = indent(&bytes[fence..line_end(bytes, fence)]).0;
        let head = match cols {
            0 => 0,
            _ => self.nest(bytes, fence).map_or(0, |n| n.head),
        };
        (cols, head)
    }

    /// The list items holding the line at `s`, found going up from item
    /// to item (at most `2 * DEEPEST` of them).
    fn nest(&self, bytes: &[u8], s: usize) -> Option<Nest> {
        let inner = self.item_of(bytes, s)?;
        let (mut outer, mut depth, mut heads) = (inner, 1, inner.marker);
        while outer.cols > 0 && depth < 2 * DEEPEST {
            let Some(up) = self.item_of(bytes, outer.start) else {
                break;
            };
            (outer, depth, heads) = (up, depth + 1, heads + up.marker);
        }
        // The outermost item's bullet is drawn at its own indentation,
        // each item inside it under the text of the one holding it (as
        // [`Markdown::block`] draws them).
        Some(Nest {
            content: inner.content(),
            head: outer.cols.min(2 * DEEPEST) + heads,
            depth,
        })
    }

    /// A paragraph, heading, list item, quote, footnote or HTML block;
    /// `nest`: the list items holding it.
    fn block(&self, unit: Range<usize>, text: &str, width: usize, nest: Option<Nest>) -> View {
        let tb = text.as_bytes();
        let indent_of_nest = " ".repeat(nest.map_or(0, |n| n.head));
        let (mut first, mut rest) = (indent_of_nest.clone(), indent_of_nest);
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
            // In list items, the first line's indentation counts from the
            // text of the item holding it (and is not shown).
            let cols = if depth == 0 {
                skip = i;
                cols.saturating_sub(nest.map_or(0, |n| n.content))
            } else {
                cols
            };
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
                // Nested four columns or more in a quote, the item alone
                // would read as code: it is read from its marker.
                if depth > 0 && cols >= 4 {
                    skip = at + i;
                }
                // Under the text of the item holding it (then its own
                // indentation is not shown), or at its indentation; the
                // bullet tells how deep it is.
                let (pad, level) = match (depth, nest) {
                    (0, Some(nest)) => (0, nest.depth),
                    (0, None) => (cols, 0),
                    _ => (cols, cols / 2),
                };
                let pad = " ".repeat(pad.min(2 * DEEPEST));
                let mark = if ordered {
                    String::from_utf8_lossy(here[..n].trim_ascii_end()).into_owned()
                } else {
                    ["•", "◦", "▪"][level % 3].to_string()
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

/// A list item's first line, as [`Markdown::item_of`] finds it: the byte
/// it starts at, its indentation and its marker's width (with the blank
/// after it) in columns.
#[derive(Debug, Clone, Copy)]
struct ItemLine {
    start: usize,
    cols: usize,
    marker: usize,
}

impl ItemLine {
    /// The source column the item's text starts at.
    fn content(&self) -> usize {
        self.cols + self.marker
    }
}

/// The list items around a line, as [`Markdown::nest`] finds them: the
/// source column where the innermost one's text starts, the column that
/// text is drawn at (past the bullets and numbers drawn before it), and
/// how many items hold the line.
#[derive(Debug, Clone, Copy)]
struct Nest {
    content: usize,
    head: usize,
    depth: usize,
}

/// A line of code (`shown` of `unit`), cut by glyph with a marker, drawn
/// `indent` columns in.
fn code(shown: Range<usize>, unit: Range<usize>, indent: usize) -> View {
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
    let pad = " ".repeat(indent);
    v.first = format!("{pad}│ ");
    v.rest = format!("{pad}↪ ");
    v.deco = Look {
        dim: true,
        ..Look::default()
    };
    v.code = true;
    v
}

#[cfg(test)]
mod tests;
