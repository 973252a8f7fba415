//! Rows on screen, derived lazily from the article's bytes.
//!
//! The text is split into **blocks** at hard line breaks (every newline
//! for one-paragraph-per-line articles; for hard-wrapped text only the
//! newlines around empty, indented or list lines — the others read as
//! spaces). A block longer than [`SEGMENT`] is further cut into **wrap
//! units** at the first blank after every multiple of [`SEGMENT`] bytes, a
//! rule that needs no look at the rest of the file. Each unit is wrapped on
//! its own (see [`crate::wrap`]), so the rows around any byte offset can be
//! found without wrapping, counting or even reading the whole document,
//! and scrolling up from the end shows exactly the rows scrolling down from
//! the top shows.
//!
//! A row is named by a [`RowId`]: the **byte** offset where it starts.

pub use crate::style::detect_style;
use crate::text::{line_is_empty_at, line_is_nonempty};
use crate::wrap;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// Bytes between the points where a very long block may be cut.
pub const SEGMENT: usize = 16 * 1024;
/// How far past a segment point a cut looks for a blank.
const CUT_SEARCH: usize = 1024;
/// How far back a hard-break test looks for the start of a line.
const LINE_LOOKBACK: usize = 4096;
/// Wrapped units kept before the cache is emptied.
const CACHE_UNITS: usize = 4096;

/// How the article's newlines are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphStyle {
    /// Every line is a paragraph; a blank row is shown between paragraphs.
    OnePerLine,
    /// Paragraphs are runs of lines separated by empty lines; their line
    /// breaks read as spaces (reflow), except around indented or list
    /// lines, which stay as they are.
    HardWrapped,
}

/// One screen row: the byte offset where it starts in the document, and
/// whether it is the blank row shown after a paragraph (then `start` is the
/// offset of the newline that ends the paragraph).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowId {
    pub start: usize,
    pub gap: bool,
}

impl RowId {
    pub fn at(start: usize) -> Self {
        RowId { start, gap: false }
    }
}

/// Row geometry for one text width and paragraph style, with a cache of
/// wrapped units. Holds no text: every call gets the document's bytes.
#[derive(Debug)]
pub struct Layout {
    width: usize,
    style: ParagraphStyle,
    /// Row starts (relative) of each wrapped unit, by the unit's start.
    cache: HashMap<usize, Rc<[u32]>>,
}

impl Layout {
    pub fn new(width: usize, style: ParagraphStyle) -> Self {
        Layout {
            width: width.max(1),
            style,
            cache: HashMap::new(),
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn style(&self) -> ParagraphStyle {
        self.style
    }

    /// Change the text width; wrapped rows are recomputed as needed.
    pub fn set_width(&mut self, width: usize) {
        let width = width.max(1);
        if width != self.width {
            self.width = width;
            self.cache.clear();
        }
    }

    /// True when the newline at byte `nl` ends a block.
    fn is_hard_break(&self, bytes: &[u8], nl: usize) -> bool {
        if self.style == ParagraphStyle::OnePerLine {
            return true;
        }
        let next = nl + 1;
        if next >= bytes.len() || line_is_empty_at(bytes, next) || !line_is_nonempty(bytes, nl) {
            return true;
        }
        if starts_specially(&bytes[next..]) {
            return true;
        }
        let floor = nl.saturating_sub(LINE_LOOKBACK);
        match memchr::memrchr(b'\n', &bytes[floor..nl]) {
            Some(i) => matches!(bytes[floor + i + 1], b' ' | b'\t'),
            None if floor == 0 => matches!(bytes[0], b' ' | b'\t'),
            None => false,
        }
    }

    /// The cut near `k * SEGMENT` (k ≥ 1): just after the first blank at or
    /// past that offset, or `None` when a block ends first.
    fn cut(&self, bytes: &[u8], k: usize) -> Option<usize> {
        let from = k * SEGMENT;
        if from >= bytes.len() {
            return None;
        }
        let usable = |c: usize| (c < bytes.len() && !is_terminator_at(bytes, c)).then_some(c);
        for (i, &b) in bytes[from..(from + CUT_SEARCH).min(bytes.len())]
            .iter()
            .enumerate()
        {
            let i = from + i;
            match b {
                b'\n' if self.is_hard_break(bytes, i) => return None,
                b'\n' | b' ' => return usable(i + 1),
                _ => {}
            }
        }
        usable(crate::text::safe_cut(bytes, from))
    }

    /// The wrap unit holding content byte `p` (not inside a hard line
    /// terminator), as a half-open byte range.
    fn unit_at(&self, bytes: &[u8], p: usize) -> Range<usize> {
        let k = p / SEGMENT;
        let cut_k = if k == 0 { Some(0) } else { self.cut(bytes, k) };
        let lower = match cut_k {
            Some(c) if c <= p => Some(c),
            _ if k <= 1 => Some(0),
            _ => self.cut(bytes, k - 1),
        };
        let scan_lo = lower.unwrap_or_else(|| (k - 1) * SEGMENT);
        let mut start = scan_lo;
        let mut hay_end = p;
        while let Some(i) = memchr::memrchr(b'\n', &bytes[scan_lo..hay_end]) {
            let nl = scan_lo + i;
            if self.is_hard_break(bytes, nl) {
                start = nl + 1;
                break;
            }
            hay_end = nl;
        }
        let upper = match cut_k {
            Some(c) if c > p => Some(c),
            _ => self.cut(bytes, k + 1),
        };
        let scan_hi = upper.unwrap_or(((k + 1) * SEGMENT + CUT_SEARCH).min(bytes.len()));
        let mut end = scan_hi;
        let mut from = p;
        while let Some(i) = memchr::memchr(b'\n', &bytes[from..scan_hi]) {
            let nl = from + i;
            if self.is_hard_break(bytes, nl) {
                end = terminator_start(bytes, nl);
                break;
            }
            from = nl + 1;
        }
        start..end
    }

    /// Row starts (relative to the unit) of a unit, wrapped and cached.
    fn rows_of(&mut self, bytes: &[u8], unit: &Range<usize>) -> Rc<[u32]> {
        if let Some(rows) = self.cache.get(&unit.start) {
            return rows.clone();
        }
        if self.cache.len() >= CACHE_UNITS {
            self.cache.clear();
        }
        let rows: Rc<[u32]> = wrap::row_starts(&bytes[unit.clone()], self.width).into();
        self.cache.insert(unit.start, rows.clone());
        rows
    }

    /// The unit holding text row `r`, its rows, and the row's index there.
    fn locate(&mut self, bytes: &[u8], start: usize) -> (Range<usize>, Rc<[u32]>, usize) {
        let unit = self.unit_at(bytes, start);
        let rows = self.rows_of(bytes, &unit);
        let rel = (start - unit.start) as u32;
        let idx = rows.partition_point(|&s| s <= rel) - 1;
        (unit, rows, idx)
    }

    fn last_row_of_unit(&mut self, bytes: &[u8], unit: &Range<usize>) -> RowId {
        let rows = self.rows_of(bytes, unit);
        RowId::at(unit.start + *rows.last().unwrap_or(&0) as usize)
    }

    /// The first row of the document.
    pub fn first_row(&self) -> RowId {
        RowId::at(0)
    }

    /// The last row of the document.
    pub fn last_row(&mut self, bytes: &[u8]) -> RowId {
        match bytes.len() {
            0 => RowId::at(0),
            len if bytes[len - 1] == b'\n' => self.row_at(bytes, terminator_start(bytes, len - 1)),
            len => self.row_at(bytes, len - 1),
        }
    }

    /// The row that shows byte `p` (clamped to the document).
    pub fn row_at(&mut self, bytes: &[u8], p: usize) -> RowId {
        let len = bytes.len();
        if len == 0 {
            return RowId::at(0);
        }
        if p >= len {
            return self.last_row(bytes);
        }
        let nl = match bytes[p] {
            b'\n' => Some(p),
            b'\r' if bytes.get(p + 1) == Some(&b'\n') => Some(p + 1),
            _ => None,
        };
        if let Some(nl) = nl.filter(|&nl| self.is_hard_break(bytes, nl)) {
            let t = terminator_start(bytes, nl);
            if t == 0 || bytes[t - 1] == b'\n' {
                return RowId::at(t); // an empty line
            }
            return self.row_at(bytes, t - 1);
        }
        let (unit, rows, idx) = self.locate(bytes, p);
        RowId::at(unit.start + rows[idx] as usize)
    }

    /// The byte range a row shows (empty for blank rows).
    pub fn row_range(&mut self, bytes: &[u8], r: RowId) -> Range<usize> {
        if r.gap || r.start >= bytes.len() || is_terminator_at(bytes, r.start) {
            return r.start..r.start;
        }
        let (unit, rows, idx) = self.locate(bytes, r.start);
        let start = unit.start + rows[idx] as usize;
        let end = rows
            .get(idx + 1)
            .map_or(unit.end, |&e| unit.start + e as usize);
        start..end
    }

    /// The row after `r`, or `None` at the end.
    pub fn next_row(&mut self, bytes: &[u8], r: RowId) -> Option<RowId> {
        let len = bytes.len();
        if r.start >= len {
            return None;
        }
        if r.gap || is_terminator_at(bytes, r.start) {
            let q = terminator_end(bytes, r.start);
            return (q < len).then(|| RowId::at(q));
        }
        let (unit, rows, idx) = self.locate(bytes, r.start);
        if let Some(&next) = rows.get(idx + 1) {
            return Some(RowId::at(unit.start + next as usize));
        }
        let end = unit.end;
        if end >= len {
            return None;
        }
        if !is_terminator_at(bytes, end) {
            return Some(RowId::at(end)); // the next unit of a long block
        }
        let q = terminator_end(bytes, end);
        if q >= len {
            return None;
        }
        if self.style == ParagraphStyle::OnePerLine && !line_is_empty_at(bytes, q) {
            return Some(RowId {
                start: end,
                gap: true,
            });
        }
        Some(RowId::at(q))
    }

    /// The row before `r`, or `None` at the top.
    pub fn prev_row(&mut self, bytes: &[u8], r: RowId) -> Option<RowId> {
        if r.gap {
            let unit = self.unit_at(bytes, r.start - 1);
            return Some(self.last_row_of_unit(bytes, &unit));
        }
        let empty_line = r.start >= bytes.len() || is_terminator_at(bytes, r.start);
        let block_start = if empty_line {
            r.start.min(bytes.len())
        } else {
            let (unit, rows, idx) = self.locate(bytes, r.start);
            if idx > 0 {
                return Some(RowId::at(unit.start + rows[idx - 1] as usize));
            }
            unit.start
        };
        if block_start == 0 {
            return None;
        }
        let before = block_start - 1;
        if bytes[before] != b'\n' || !self.is_hard_break(bytes, before) {
            let unit = self.unit_at(bytes, before);
            return Some(self.last_row_of_unit(bytes, &unit));
        }
        let t = terminator_start(bytes, before);
        if t == 0 || bytes[t - 1] == b'\n' {
            return Some(RowId::at(t));
        }
        if self.style == ParagraphStyle::OnePerLine && !empty_line {
            return Some(RowId {
                start: t,
                gap: true,
            });
        }
        let unit = self.unit_at(bytes, t - 1);
        Some(self.last_row_of_unit(bytes, &unit))
    }

    /// The end of the paragraph (block) that row `r` belongs to: where its
    /// line terminator starts, or the end of the text.
    pub fn block_end(&self, bytes: &[u8], r: RowId) -> usize {
        if r.gap || r.start >= bytes.len() || is_terminator_at(bytes, r.start) {
            return r.start.min(bytes.len());
        }
        let mut p = r.start;
        loop {
            let unit = self.unit_at(bytes, p);
            if unit.end >= bytes.len() || is_terminator_at(bytes, unit.end) || unit.end <= p {
                return unit.end;
            }
            p = unit.end;
        }
    }

    /// The start of the paragraph (block) that row `r` belongs to.
    pub fn block_start(&self, bytes: &[u8], r: RowId) -> usize {
        if r.gap || r.start >= bytes.len() || is_terminator_at(bytes, r.start) {
            return r.start;
        }
        let mut p = r.start;
        loop {
            let unit = self.unit_at(bytes, p);
            if unit.start == 0
                || bytes[unit.start - 1] == b'\n' && self.is_hard_break(bytes, unit.start - 1)
            {
                return unit.start;
            }
            p = unit.start - 1;
        }
    }
}

/// True when a line terminator (LF, or CR LF) starts at `p`.
pub fn is_terminator_at(bytes: &[u8], p: usize) -> bool {
    match bytes.get(p) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(p + 1) == Some(&b'\n'),
        _ => false,
    }
}

/// Where the terminator whose LF is at `nl` starts (at its CR, if any).
fn terminator_start(bytes: &[u8], nl: usize) -> usize {
    if nl > 0 && bytes[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    }
}

/// The offset just past the terminator starting at `t`.
fn terminator_end(bytes: &[u8], t: usize) -> usize {
    if bytes.get(t) == Some(&b'\r') {
        t + 2
    } else {
        t + 1
    }
}

/// True for lines that must start a row of their own in hard-wrapped
/// text: indented lines and list items.
pub(crate) fn starts_specially(line: &[u8]) -> bool {
    match line {
        [b' ' | b'\t', ..] => true,
        [b'-' | b'*' | b'+', b' ', ..] => true,
        [0xe2, 0x80, 0xa2, ..] => true, // •
        _ => {
            let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
            digits > 0
                && digits < 4
                && matches!(line.get(digits..digits + 2), Some([b'.' | b')', b' ']))
        }
    }
}

#[cfg(test)]
mod tests;
