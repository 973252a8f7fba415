//! Rows on screen, derived lazily from the article's bytes.
//!
//! The text is split into **blocks** at hard line breaks (every newline
//! for one-paragraph-per-line articles; for hard-wrapped text the rules of
//! [`lines`]: only newlines around empty, indented, list or hand-laid-out
//! lines — the others read as spaces). A block longer than [`SEGMENT`]
//! bytes is further cut into **wrap units** near the multiples of
//! [`SEGMENT`] inside it (see [`cut`]); a shorter block is never cut. Each
//! unit is wrapped on its own (see [`crate::wrap`]), so the rows around any
//! byte offset can be found without wrapping, counting or even reading the
//! whole document, and scrolling up from the end shows exactly the rows
//! scrolling down from the top shows. With [`PageBreaks::Hide`], hard-wrapped
//! text skips the lines of its page breaks (see [`pages`]); where a page
//! break splits a paragraph, its lines are a hole in the paragraph's unit,
//! hidden by the unit's [`View`] — the one mechanism Markdown's hidden
//! markup uses too.
//!
//! A row is named by a [`RowId`]: the **byte** offset where it starts.

mod cut;
mod lines;
mod pages;

pub use crate::style::detect_style;
pub use cut::SEGMENT;
pub(crate) use lines::{continues, starts_specially};
pub use pages::PageBreaks;

use crate::markdown::{Markdown, View};
use crate::text::line_is_empty_at;
use crate::wrap;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// Wrapped units kept before the cache is emptied.
const CACHE_UNITS: usize = 4096;

/// How the article's newlines are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphStyle {
    /// Every line is a paragraph; a blank row is shown between paragraphs.
    OnePerLine,
    /// Paragraphs are runs of lines separated by empty lines; their line
    /// breaks read as spaces (reflow), except around indented, list and
    /// hand-laid-out lines, which stay as they are.
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
    pages: PageBreaks,
    /// How rows are wrapped, hyphenated and justified.
    typeset: wrap::Typeset,
    /// Row starts (relative) of each wrapped unit, by the unit's start.
    cache: HashMap<usize, Rc<[u32]>>,
    /// The cut of each segment point looked at (by its number `k`).
    cuts: RefCell<HashMap<usize, Option<usize>>>,
    /// The last unit found (start, end), so that walking rows in order
    /// does not look for the same unit again; empty when none.
    last_unit: Cell<(usize, usize)>,
    /// Markdown rendered in place, when on: its rules decide the blocks,
    /// and each unit is wrapped as its view shows it.
    md: Option<Markdown>,
    /// The rendered view of each unit (Markdown), by the unit's start.
    views: RefCell<HashMap<usize, Rc<View>>>,
}

impl Layout {
    pub fn new(width: usize, style: ParagraphStyle) -> Self {
        Layout {
            width: width.max(1),
            style,
            pages: PageBreaks::default(),
            typeset: wrap::Typeset::default(),
            cache: HashMap::new(),
            cuts: RefCell::new(HashMap::new()),
            last_unit: Cell::new((0, 0)),
            md: None,
            views: RefCell::new(HashMap::new()),
        }
    }

    /// Render Markdown in place (or stop): rows are laid out again.
    pub fn set_markdown(&mut self, on: bool) {
        if on == self.md.is_some() {
            return;
        }
        self.md = on.then(Markdown::default);
        self.cache.clear();
        self.cuts.get_mut().clear();
        self.views.get_mut().clear();
        self.last_unit.set((0, 0));
    }

    /// True while Markdown is rendered.
    pub fn markdown(&self) -> bool {
        self.md.is_some()
    }

    /// The rendered view of the unit holding row `r` (Markdown, or a unit
    /// with a hidden page break in it), and whether `r` is the unit's
    /// first row.
    pub fn view_of_row(&mut self, bytes: &[u8], r: RowId) -> Option<(Rc<View>, bool)> {
        if self.md.is_none() && !self.hides_pages() {
            return None;
        }
        if r.gap || r.start >= bytes.len() || is_terminator_at(bytes, r.start) {
            return None;
        }
        let unit = self.unit_at(bytes, r.start);
        let view = self.view(bytes, &unit)?;
        Some((view, unit.start == r.start))
    }

    /// The rendered view of the unit holding byte `p` (Markdown only).
    pub fn view_at(&self, bytes: &[u8], p: usize) -> Option<Rc<View>> {
        self.md.as_ref()?;
        if p >= bytes.len() || is_terminator_at(bytes, p) {
            return None;
        }
        let unit = self.unit_at(bytes, p);
        self.view(bytes, &unit)
    }

    /// The text of the source bytes `range` as rendered (markup left out,
    /// soft breaks as spaces, shown line breaks as newlines); the bytes
    /// themselves when Markdown is not rendered.
    pub fn rendered_text(&self, bytes: &[u8], range: Range<usize>) -> String {
        if self.md.is_none() {
            return String::from_utf8_lossy(&bytes[range]).into_owned();
        }
        let mut out = String::new();
        let mut p = range.start;
        while p < range.end.min(bytes.len()) {
            if is_terminator_at(bytes, p) {
                out.push('\n');
                p = terminator_end(bytes, p);
                continue;
            }
            let unit = self.unit_at(bytes, p);
            if unit.end <= p {
                break;
            }
            match self.view(bytes, &unit) {
                Some(v) => out.push_str(&v.text_of(bytes, &(p..range.end))),
                None => out.push_str(&String::from_utf8_lossy(&bytes[p..unit.end.min(range.end)])),
            }
            p = unit.end;
        }
        out
    }

    fn view(&self, bytes: &[u8], unit: &Range<usize>) -> Option<Rc<View>> {
        if self.md.is_none() && !self.hides_pages() {
            return None;
        }
        if let Some(v) = self.views.borrow().get(&unit.start)
            && v.unit == *unit
        {
            return Some(v.clone());
        }
        let v = Rc::new(match &self.md {
            Some(md) => md.view(bytes, unit.clone(), self.width),
            None => self.page_view(bytes, unit)?,
        });
        let mut views = self.views.borrow_mut();
        if views.len() >= CACHE_UNITS {
            views.clear();
        }
        views.insert(unit.start, v.clone());
        Some(v)
    }

    /// The view of a unit of reflowed text that holds holes (hidden page
    /// breaks joining its paragraph): the holes hidden, the rest shown as
    /// it is; `None` when it holds none.
    fn page_view(&self, bytes: &[u8], unit: &Range<usize>) -> Option<View> {
        let text = |range| crate::markdown::Span {
            range,
            show: crate::markdown::Show::Text(Default::default()),
        };
        let mut shown = Vec::new();
        let mut at = unit.start;
        for i in memchr::memchr_iter(0x0c, &bytes[unit.clone()]) {
            let f = unit.start + i;
            if f < at {
                continue;
            }
            if let Some(hole) = self.hole_at(bytes, f).filter(|h| h.start >= at) {
                shown.push(text(at..hole.start));
                at = hole.end;
            }
        }
        if shown.is_empty() {
            return None;
        }
        shown.push(text(at..unit.end));
        Some(View::from_spans(unit.clone(), shown))
    }

    /// The hole holding byte `p` (hard-wrapped text, page breaks hidden):
    /// the run of hidden lines around it as
    /// `start..end` (the first hidden line's start, the next shown line's
    /// start), when it joins the paragraph before it to the text after it
    /// ([`pages::joins`]).
    pub fn hole_at(&self, bytes: &[u8], p: usize) -> Option<Range<usize>> {
        let line = self.hidden_line_holding(bytes, p)?;
        let mut start = line.start;
        while let Some(l) = start
            .checked_sub(1)
            .and_then(|b| self.hidden_line_holding(bytes, b))
        {
            start = l.start;
        }
        let end = self.visible_from(bytes, line.next)?;
        pages::joins(bytes, start, end).then_some(start..end)
    }

    /// Where the caret may stand for byte `p`: `p` itself, or past the hole
    /// holding it (`forward`: the first byte after it; else the newline
    /// before it), or past the Markdown markup holding it (`forward`: the
    /// byte after it; else the glyph before it).
    pub fn caret_stop(&self, bytes: &[u8], p: usize, forward: bool) -> usize {
        if let Some(hole) = self.hole_at(bytes, p) {
            return if forward {
                hole.end
            } else {
                hole.start.saturating_sub(1)
            };
        }
        // Markup next to markup (`**[`): step until a shown byte.
        let mut p = p;
        while let Some(markup) = self.markup_at(bytes, p) {
            p = if forward {
                markup.end
            } else if markup.start == 0 {
                return 0;
            } else {
                crate::motion::prev_glyph(bytes, markup.start)
            };
        }
        p
    }

    /// In rendered Markdown, the bytes of markup that hold byte `p` and
    /// are not drawn: a hidden span (`**`, `](url)`), or a replaced
    /// piece's bytes after its first (the caret shows a replacement at its
    /// first byte). Byte offsets, half-open.
    pub fn markup_at(&self, bytes: &[u8], p: usize) -> Option<Range<usize>> {
        let view = self.view_at(bytes, p)?;
        let span = view.spans.iter().find(|s| s.range.contains(&p))?;
        match span.show {
            crate::markdown::Show::Hidden => Some(span.range.clone()),
            crate::markdown::Show::Replace(..) if p > span.range.start => {
                Some(span.range.start + 1..span.range.end)
            }
            _ => None,
        }
    }

    /// True when a blank row is shown between paragraphs.
    fn gaps(&self) -> bool {
        self.style == ParagraphStyle::OnePerLine && self.md.is_none()
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn style(&self) -> ParagraphStyle {
        self.style
    }

    pub fn page_breaks(&self) -> PageBreaks {
        self.pages
    }

    /// Change the text width; wrapped rows are recomputed as needed.
    pub fn set_width(&mut self, width: usize) {
        let width = width.max(1);
        if width != self.width {
            self.width = width;
            self.cache.clear();
            self.cuts.get_mut().clear();
            self.views.get_mut().clear();
            self.last_unit.set((0, 0));
        }
    }

    pub fn typeset(&self) -> wrap::Typeset {
        self.typeset
    }

    /// Change how rows are wrapped; wrapped rows are recomputed as needed
    /// (cuts between units are the same for every typeset).
    pub fn set_typeset(&mut self, typeset: wrap::Typeset) {
        if typeset != self.typeset {
            self.typeset = typeset;
            self.cache.clear();
        }
    }

    /// What row `range` shows besides its glyphs (justification, a
    /// hyphen at its end): see [`wrap::dress`].
    pub fn dress(&self, bytes: &[u8], range: Range<usize>) -> wrap::Dress {
        let last = range.end >= bytes.len() || is_terminator_at(bytes, range.end);
        wrap::dress(bytes, range, self.width, last, self.typeset)
    }

    /// Show or hide the page breaks of hard-wrapped text.
    pub fn set_page_breaks(&mut self, pages: PageBreaks) {
        self.pages = pages;
    }

    /// True when the newline (LF) at byte `nl` ends a block: a line
    /// break that is shown; the others read as spaces.
    pub fn is_hard_break(&self, bytes: &[u8], nl: usize) -> bool {
        if let Some(md) = &self.md {
            return md.is_hard_break(bytes, nl);
        }
        if self.style == ParagraphStyle::OnePerLine {
            return true;
        }
        // A newline of a hole, or the one before it, is read as a space.
        let hole = |p: usize| p < bytes.len() && self.hole_at(bytes, p).is_some();
        if self.hides_pages() && (hole(nl) || hole(nl + 1)) {
            return false;
        }
        lines::is_hard_break(bytes, nl)
    }

    /// The cut near segment point `k · SEGMENT` (see [`cut`]), remembered.
    fn cut(&self, bytes: &[u8], k: usize) -> Option<usize> {
        if let Some(&c) = self.cuts.borrow().get(&k) {
            return c;
        }
        let c = cut::cut(
            bytes,
            k,
            self.width,
            &|nl| self.is_hard_break(bytes, nl),
            &|| self.cut(bytes, k - 1),
        );
        let mut cuts = self.cuts.borrow_mut();
        if cuts.len() >= CACHE_UNITS {
            cuts.clear();
        }
        cuts.insert(k, c);
        c
    }

    /// The wrap unit holding content byte `p` (not inside a hard line
    /// terminator), as a half-open byte range.
    ///
    /// A cut lies in `[k·SEGMENT, k·SEGMENT + CUT_SEARCH)` of its segment
    /// point `k`, and there is none only where the block holding the point
    /// is at most `SEGMENT` bytes long, ends within `CUT_SEARCH` bytes, or
    /// starts at the point. So without a cut to stop at, the start of the
    /// block holding `p` lies after `(k−2)·SEGMENT` and its end before
    /// `(k+2)·SEGMENT`, where `k = p / SEGMENT`.
    fn unit_at(&self, bytes: &[u8], p: usize) -> Range<usize> {
        let (start, end) = self.last_unit.get();
        if (start..end).contains(&p) {
            return start..end;
        }
        let unit = self.find_unit(bytes, p);
        self.last_unit.set((unit.start, unit.end));
        unit
    }

    /// [`Layout::unit_at`] without the memory of the last unit.
    fn find_unit(&self, bytes: &[u8], p: usize) -> Range<usize> {
        let k = p / SEGMENT;
        let here = self.cut(bytes, k);
        let lower = match here {
            Some(c) if c <= p => Some(c),
            _ if k <= 1 => None,
            _ => self.cut(bytes, k - 1),
        };
        let floor = lower.unwrap_or(k.saturating_sub(2) * SEGMENT);
        let mut start = floor;
        let mut hay_end = p;
        while let Some(i) = memchr::memrchr(b'\n', &bytes[floor.saturating_sub(1)..hay_end]) {
            let nl = floor.saturating_sub(1) + i;
            if self.is_hard_break(bytes, nl) {
                start = nl + 1;
                break;
            }
            hay_end = nl;
        }
        let upper = match here {
            Some(c) if c > p => Some(c),
            _ => self.cut(bytes, k + 1),
        };
        let ceiling = upper.unwrap_or(((k + 2) * SEGMENT + 2).min(bytes.len()));
        let mut end = upper.unwrap_or(bytes.len());
        let mut from = p;
        while let Some(i) = memchr::memchr(b'\n', &bytes[from..ceiling]) {
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
        let rows: Rc<[u32]> = match self.view(bytes, unit) {
            Some(v) => v.row_starts(bytes, self.width, self.typeset.wrap).into(),
            None => wrap::rows(&bytes[unit.clone()], self.width, self.typeset).into(),
        };
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
        if let Some(line) = self.hidden_line_holding(bytes, p)
            && self.hole_at(bytes, p).is_none()
        {
            // Not shown: the row after it, or at the end the row before.
            return match self.visible_from(bytes, line.next) {
                Some(q) => self.row_at(bytes, q),
                None => match self.visible_before(bytes, line.start - 1) {
                    Some(nl) => self.row_at(bytes, nl),
                    None => RowId::at(0),
                },
            };
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
            return self.visible_from(bytes, q).map(RowId::at);
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
        let q = self.visible_from(bytes, terminator_end(bytes, end))?;
        if self.gaps() && !line_is_empty_at(bytes, q) {
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
        let t = terminator_start(bytes, self.visible_before(bytes, before)?);
        if t == 0 || bytes[t - 1] == b'\n' {
            return Some(RowId::at(t));
        }
        if self.gaps() && !empty_line {
            return Some(RowId {
                start: t,
                gap: true,
            });
        }
        let unit = self.unit_at(bytes, t - 1);
        Some(self.last_row_of_unit(bytes, &unit))
    }

    /// True when page breaks are hidden (in hard-wrapped text only).
    fn hides_pages(&self) -> bool {
        self.pages == PageBreaks::Hide
            && self.style == ParagraphStyle::HardWrapped
            && self.md.is_none()
    }

    /// The hidden line holding byte `p`, if any.
    fn hidden_line_holding(&self, bytes: &[u8], p: usize) -> Option<lines::Line> {
        if !self.hides_pages() {
            return None;
        }
        lines::short_line_holding(bytes, p).filter(|&l| pages::is_hidden(bytes, l))
    }

    /// The first shown line start at or after line start `q`, or `None`
    /// when no line from there on is shown.
    fn visible_from(&self, bytes: &[u8], mut q: usize) -> Option<usize> {
        while q < bytes.len() {
            match self.hidden_line_holding(bytes, q) {
                Some(line) => q = line.next,
                None => return Some(q),
            }
        }
        None
    }

    /// The newline ending the nearest shown line that ends at or before
    /// the newline at `nl`, or `None` when every line up to `nl` is hidden
    /// (the first line never is).
    fn visible_before(&self, bytes: &[u8], mut nl: usize) -> Option<usize> {
        while let Some(line) = self.hidden_line_holding(bytes, nl) {
            nl = line.start.checked_sub(1)?;
        }
        Some(nl)
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

#[cfg(test)]
mod pages_tests;
#[cfg(test)]
mod tests;
