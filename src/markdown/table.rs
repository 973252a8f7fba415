//! Tables drawn as aligned columns: the extent of a table around a row
//! (bounded), its column widths (cached by the table's start), and the view
//! of one row. A table wider than the text is shown as its plain rows.

use super::inline;
use super::lines::{LOOK, Line, classify};
use super::view::{Look, Show, Span, View, width_of};
use super::{TABLE_LINES, line_before, line_end};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// Tables kept before the cache is emptied.
const KEEP: usize = 256;

/// Column widths and alignments of tables, by the start of their header
/// row.
#[derive(Debug, Default)]
pub struct Tables {
    columns: RefCell<HashMap<usize, Rc<Columns>>>,
}

/// How a column's cells sit in its width (from the delimiter row:
/// `:--` or `---` left, `:-:` centred, `--:` right).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Align {
    #[default]
    Left,
    Center,
    Right,
}

impl Align {
    /// The alignment a delimiter cell (`:-:`) asks for.
    fn of(cell: &[u8]) -> Align {
        match (cell.first() == Some(&b':'), cell.last() == Some(&b':')) {
            (true, true) if cell.len() > 1 => Align::Center,
            (false, true) => Align::Right,
            _ => Align::Left,
        }
    }

    /// Blank columns before and after a cell `pad` columns narrower than
    /// its column.
    fn split(self, pad: usize) -> (usize, usize) {
        match self {
            Align::Left => (0, pad),
            Align::Right => (pad, 0),
            Align::Center => (pad / 2, pad - pad / 2),
        }
    }
}

/// A table's columns: their widths (in columns) and alignments.
#[derive(Debug)]
struct Columns {
    widths: Vec<usize>,
    aligns: Vec<Align>,
}

/// The header row's start and the delimiter row's start of the table
/// holding the line that starts at `s`, looking at most [`TABLE_LINES`]
/// lines up through lines that hold `|`.
pub fn extent(bytes: &[u8], s: usize) -> Option<(usize, usize)> {
    let mut line = s;
    let mut below: Option<usize> = None;
    // The line itself may be the header (the delimiter is just below).
    let end = line_end(bytes, s);
    if end < bytes.len() && classify(&bytes[end + 1..line_end(bytes, end + 1)]) == Line::Delimiter {
        return Some((s, end + 1));
    }
    for _ in 0..TABLE_LINES {
        let text = &bytes[line..line_end(bytes, line)];
        if text.len() >= LOOK || !text.contains(&b'|') {
            return None;
        }
        if classify(text) == Line::Delimiter {
            below = Some(line);
            break;
        }
        if line == 0 {
            return None;
        }
        line = line_before(bytes, line - 1)?;
    }
    let delim = below?;
    let header = line_before(bytes, delim.checked_sub(1)?)?;
    let h = &bytes[header..delim - 1];
    (h.contains(&b'|') && classify(h) != Line::Blank).then_some((header, delim))
}

/// The cells of a row: byte ranges (relative to the line) of each cell's
/// trimmed text, and of the `|` after it (if any).
fn cells(line: &[u8]) -> Vec<(Range<usize>, Option<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    let trimmed_start = line
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    if line.get(trimmed_start) == Some(&b'|') {
        start = trimmed_start + 1;
    }
    let mut i = start;
    let mut in_code = false;
    while i < line.len() {
        match line[i] {
            b'\\' => i += 1,
            b'`' => in_code = !in_code,
            b'|' if !in_code => {
                out.push((trim(line, start..i), Some(i)));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let last = trim(line, start.min(line.len())..line.len());
    if !last.is_empty() || out.is_empty() {
        out.push((last, None));
    }
    out
}

fn trim(line: &[u8], r: Range<usize>) -> Range<usize> {
    let s = &line[r.clone()];
    let a = s
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(s.len());
    let b = s
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(a, |i| i + 1);
    r.start + a..r.start + b
}

/// The columns a cell's text takes when rendered.
fn cell_width(text: &str) -> usize {
    let (pieces, _) = inline::pieces(text, 0);
    pieces
        .iter()
        .map(|p| match &p.show {
            Show::Text(_) => width_of(&text[p.range.clone()]),
            Show::Replace(r, _) => width_of(r),
            Show::Hidden => 0,
        })
        .sum()
}

impl Tables {
    fn columns(&self, bytes: &[u8], header: usize, delim: usize) -> Option<Rc<Columns>> {
        if let Some(c) = self.columns.borrow().get(&header) {
            return Some(c.clone());
        }
        let mut widths: Vec<usize> = Vec::new();
        let mut aligns = Vec::new();
        let mut line = header;
        for n in 0..TABLE_LINES {
            let end = line_end(bytes, line);
            let text = &bytes[line..end];
            if text.len() >= LOOK || !text.contains(&b'|') && n > 1 {
                break;
            }
            if line == delim {
                aligns = cells(text)
                    .into_iter()
                    .map(|(c, _)| Align::of(&text[c]))
                    .collect();
            } else {
                let text = std::str::from_utf8(text).ok()?;
                for (k, (c, _)) in cells(text.as_bytes()).into_iter().enumerate() {
                    let w = cell_width(&text[c]);
                    if k >= widths.len() {
                        widths.push(w);
                    } else {
                        widths[k] = widths[k].max(w);
                    }
                }
            }
            if end >= bytes.len() {
                break;
            }
            line = end + 1;
        }
        let columns = Rc::new(Columns { widths, aligns });
        let mut cache = self.columns.borrow_mut();
        if cache.len() >= KEEP {
            cache.clear();
        }
        cache.insert(header, columns.clone());
        Some(columns)
    }

    /// The view of the table row `unit` (a whole line), or `None` when it
    /// is not in a table.
    pub fn view(&self, bytes: &[u8], unit: Range<usize>, width: usize) -> Option<View> {
        let (header, delim) = extent(bytes, unit.start)?;
        let columns = self.columns(bytes, header, delim)?;
        let widths = &columns.widths;
        let total = widths.iter().sum::<usize>() + 3 * widths.len().saturating_sub(1);
        let dim = Look {
            dim: true,
            ..Look::default()
        };
        if total > width || widths.is_empty() {
            return Some(View::plain(unit, Look::default()));
        }
        if unit.start == delim {
            let mut v = View::from_spans(unit, Vec::new());
            v.first = widths
                .iter()
                .map(|&w| "─".repeat(w))
                .collect::<Vec<_>>()
                .join("─┼─");
            v.deco = dim;
            return Some(v);
        }
        let text = std::str::from_utf8(&bytes[unit.clone()]).ok()?;
        let head = Look {
            bold: unit.start == header,
            ..Look::default()
        };
        let mut pieces = Vec::new();
        let mut links = Vec::new();
        let row = cells(text.as_bytes());
        let n = row.len().min(widths.len());
        // Blank columns before and after each cell.
        let pads: Vec<(usize, usize)> = row
            .iter()
            .take(n)
            .enumerate()
            .map(|(k, (c, _))| {
                let pad = widths[k].saturating_sub(cell_width(&text[c.clone()]));
                columns
                    .aligns
                    .get(k)
                    .copied()
                    .unwrap_or_default()
                    .split(pad)
            })
            .collect();
        for (k, (c, bar)) in row.into_iter().enumerate().take(n) {
            if k == 0 && pads[0].0 > 0 {
                // Before the first cell: on its `|`, or on nothing.
                let at = unit.start + c.start;
                let lead = text.as_bytes()[..c.start].iter().rposition(|&b| b == b'|');
                pieces.push(Span {
                    range: lead.map_or(at..at, |b| unit.start + b..unit.start + b + 1),
                    show: Show::Replace(" ".repeat(pads[0].0), dim),
                });
            }
            let (mut ps, ls) = inline::pieces(&text[c.clone()], unit.start + c.start);
            for p in &mut ps {
                if let Show::Text(l) | Show::Replace(_, l) = &mut p.show {
                    l.bold |= head.bold;
                }
            }
            pieces.extend(ps);
            links.extend(ls);
            if k + 1 < n {
                let at = bar.map_or(unit.start + c.end..unit.start + c.end, |b| {
                    unit.start + b..unit.start + b + 1
                });
                let (after, before) = (pads[k].1, pads[k + 1].0);
                pieces.push(Span {
                    range: at,
                    show: Show::Replace(
                        format!("{} │ {}", " ".repeat(after), " ".repeat(before)),
                        dim,
                    ),
                });
            }
        }
        let mut v = View::from_spans(unit, pieces);
        v.links = links;
        // Rows keep their columns: cut, never reflowed.
        v.code = true;
        Some(v)
    }
}
