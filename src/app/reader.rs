//! The state of one open article: where the view is, what is on screen,
//! what the background scan has learnt, the search and the marks.

use crate::annotation::{Annotations, State};
use crate::document::Document;
use crate::layout::{Layout, ParagraphStyle, RowId, is_terminator_at};
use crate::scan::{Checkpoint, Summary};
use crate::search::Pattern;
use crate::text::{BytePos, CharIndex, CharPos, paragraphs_ending};
use std::collections::HashMap;
use std::ops::Range;

/// How far past the scan's last checkpoint the status row still counts
/// paragraphs itself, in bytes: at most about 0.1 ms of counting per
/// frame (the scan covers a MiB in about a millisecond, so the count is
/// soon there; meanwhile the row says `¶ …`). It was 8 MiB: while the scan
/// was a few MiB behind the rows shown, every frame counted that much, and
/// frames come with each batch of headings the scan finds.
const COUNT_AHEAD: usize = 1 << 20;

/// A row on screen: its identity and the byte range it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRow {
    pub id: RowId,
    pub range: Range<usize>,
    /// What it shows besides its glyphs: widened gaps, a hyphen.
    pub dress: crate::wrap::Dress,
    /// How Markdown renders the row's unit, and whether this is the unit's
    /// first row (`None` when Markdown is not rendered).
    pub view: Option<(std::rc::Rc<crate::markdown::View>, bool)>,
}

/// An annotation on screen: its byte range (clamped to the screen) and
/// what drawing needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownAnnotation {
    pub bytes: Range<BytePos>,
    pub id: String,
    pub tag: String,
    pub has_note: bool,
    /// The annotation's whole length in chars (inner ones are shorter).
    pub chars: u64,
    /// True when its start is on screen.
    pub starts_here: bool,
    /// True when re-anchoring placed it approximately (not yet confirmed).
    pub fuzzy: bool,
}

/// A selection in select mode: the fixed end and the caret, both byte
/// offsets of glyph starts. The selection includes the glyph under the
/// caret, like vim's visual mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub anchor: BytePos,
    pub caret: BytePos,
}

/// The current search.
#[derive(Debug, Clone)]
pub struct Search {
    pub pattern: Pattern,
    pub backward: bool,
    /// The match last jumped to (byte range).
    pub current: Option<Range<usize>>,
    /// The matches are not coloured (`Esc`, `:noh`) until the next `n`,
    /// `N` or search.
    pub hidden: bool,
}

/// An open article and its view.
pub struct Reader {
    pub doc: Document,
    pub layout: Layout,
    /// The row at the top of the screen.
    pub top: RowId,
    /// Rows on screen, top to bottom (derived by [`Reader::refresh`]).
    pub rows: Vec<ShownRow>,
    /// True when the last row of the article is on screen.
    pub at_end: bool,
    /// Search matches that start on screen (byte ranges).
    pub matches: Vec<Range<usize>>,
    /// The article's annotations (char offsets).
    pub annotations: Annotations,
    /// Annotations on screen, in text order (derived by `refresh`).
    pub shown: Vec<ShownAnnotation>,
    /// The annotation in focus (`]`, `[`), by id.
    pub focus: Option<String>,
    /// The selection, in select mode.
    pub selection: Option<Selection>,
    /// The last selection left with `Esc` (byte range), for re-attaching
    /// an orphan to it.
    pub last_selection: Option<Range<BytePos>>,
    pub search: Option<Search>,
    /// Rows of text the screen holds.
    pub text_rows: usize,
    pub index: CharIndex,
    checkpoints: Vec<Checkpoint>,
    pub summary: Option<Summary>,
    /// The headings the scan has found so far.
    pub outline: crate::outline::Outline,
    /// The top row after a jump from the outline and the heading's byte:
    /// while the top stays there, that heading is the current section.
    pub section_jump: Option<(RowId, usize)>,
    /// Marks set with `m`: the top row when each was set.
    pub marks: HashMap<char, RowId>,
    /// Bookmarks that last (`m` + an uppercase letter), as the sidecar
    /// holds them.
    pub bookmarks: Vec<crate::bookmark::Bookmark>,
    /// The top row before the last jump.
    pub last_jump: Option<RowId>,
    /// True once the reader has moved the view (a resume no longer applies).
    pub moved: bool,
    /// How the reader chose to read the newlines of this article (key
    /// `r`, or remembered from last time); `None` while it is left to
    /// detection and the settings.
    pub chosen_style: Option<ParagraphStyle>,
    /// False while the style detected for a large article was judged on
    /// its start only ([`Document::style_is_final`]).
    pub style_settled: bool,
    /// How the article's file changed on disk since it was read (a word:
    /// `changed`, `replaced`, `truncated`, `deleted`), kept until reloaded.
    pub changed_on_disk: Option<&'static str>,
    /// The row the reader last put at the top. Resizing shows the row
    /// holding its first byte, so a series of resizes does not drift.
    anchor: RowId,
    /// Set while the reader shows a stretch of an article decoded only in
    /// part, decoded on its own ([`Reader::show_window`]): `doc` and
    /// `layout` are then the window's, and so are `top`, `anchor`, `rows`
    /// and `matches`; every other position (marks, the last jump, the
    /// index) is of the whole.
    window: Option<Box<Window>>,
}

/// What [`Reader::show_window`] set aside: the article as decoded from its
/// start, and where the window lies in the file.
struct Window {
    doc: Document,
    layout: Layout,
    top: RowId,
    anchor: RowId,
    /// Where the window lies in the file: input bytes, half-open.
    source: std::ops::Range<usize>,
}

impl Window {
    /// The part of the file the window goes on before or after is not
    /// decoded yet: false when it reaches the file's end.
    fn ends_before_the_file(&self) -> bool {
        let len = self.doc.rest.as_ref().map_or(0, |r| r.source_len());
        self.source.end < len
    }
}

impl Reader {
    /// Whether a search pattern's spaces match across a single line break:
    /// when the article is reflowed, and in rendered Markdown (whose soft
    /// line breaks are reflowed whatever the paragraph style), so a phrase
    /// shown on one row is found however the source breaks it.
    pub fn spaces_cross_line_breaks(&self) -> bool {
        self.layout.style() == ParagraphStyle::HardWrapped || self.layout.markdown()
    }

    /// `doc` shown with `layout` (configured before: the first screen is
    /// laid out once) on `text_rows` rows, from the top.
    pub fn new(doc: Document, layout: Layout, text_rows: usize) -> Self {
        let style_settled = doc.style_is_final;
        let mut reader = Reader {
            doc,
            layout,
            top: RowId::at(0),
            rows: Vec::new(),
            at_end: true,
            matches: Vec::new(),
            annotations: Annotations::default(),
            shown: Vec::new(),
            focus: None,
            selection: None,
            last_selection: None,
            search: None,
            text_rows,
            index: CharIndex::new(),
            checkpoints: Vec::new(),
            summary: None,
            outline: Default::default(),
            section_jump: None,
            marks: HashMap::new(),
            bookmarks: Vec::new(),
            last_jump: None,
            moved: false,
            chosen_style: None,
            style_settled,
            changed_on_disk: None,
            anchor: RowId::at(0),
            window: None,
        };
        reader.refresh();
        reader
    }

    pub fn bytes(&self) -> &[u8] {
        self.doc.bytes()
    }

    /// Recompute what is on screen from `top`.
    pub fn refresh(&mut self) {
        let bytes = &self.doc.bytes[..];
        self.rows.clear();
        let mut row = Some(self.top);
        while let Some(id) = row {
            if self.rows.len() == self.text_rows {
                break;
            }
            let range = self.layout.row_range(bytes, id);
            let view = self.layout.view_of_row(bytes, id);
            let dress = self.layout.dress(bytes, range.clone(), view.as_ref());
            self.rows.push(ShownRow {
                id,
                range,
                dress,
                view,
            });
            row = self.layout.next_row(bytes, id);
        }
        self.at_end = row.is_none();
        let reflowed = self.spaces_cross_line_breaks();
        if let Some(s) = &mut self.search {
            s.pattern.set_reflowed(reflowed);
        }
        self.matches = match (&self.search, self.rows.first(), self.rows.last()) {
            (Some(s), Some(first), Some(last)) if !s.hidden => s.pattern.matches_in(
                bytes,
                first.range.start..last.range.end.max(first.range.start),
            ),
            _ => Vec::new(),
        };
        self.shown = self.shown_annotations();
    }

    /// The bytes on screen.
    pub fn screen_bytes(&self) -> Range<usize> {
        match (self.rows.first(), self.rows.last()) {
            (Some(first), Some(last)) => first.range.start..last.range.end.max(first.range.start),
            _ => 0..0,
        }
    }

    /// Annotations overlapping the screen, with byte ranges found in one
    /// pass over the screen's bytes.
    fn shown_annotations(&self) -> Vec<ShownAnnotation> {
        // The window's offsets are not those of the whole text.
        if self.annotations.is_empty() || self.window.is_some() {
            return Vec::new();
        }
        let bytes = self.bytes();
        let window = self.screen_bytes();
        let first_char = self.index.char_of_byte(bytes, BytePos(window.start));
        let last_char = self.index.char_of_byte(bytes, BytePos(window.end));
        let hits: Vec<_> = self
            .annotations
            .overlapping(first_char, last_char.max(first_char + 1))
            .filter(|a| a.state() != State::Orphan)
            .collect();
        let mut targets: Vec<CharPos> = hits
            .iter()
            .flat_map(|a| {
                [
                    a.start.clamp(first_char, last_char),
                    a.end.clamp(first_char, last_char),
                ]
            })
            .collect();
        targets.sort_unstable();
        targets.dedup();
        let found = crate::text::bytes_of_chars(bytes, BytePos(window.start), first_char, &targets);
        let byte_of = |c: CharPos| found[targets.partition_point(|&t| t < c)];
        hits.iter()
            .map(|a| ShownAnnotation {
                bytes: byte_of(a.start.clamp(first_char, last_char))
                    ..byte_of(a.end.clamp(first_char, last_char)),
                id: a.id.clone(),
                tag: a.tag.clone(),
                has_note: !a.note.is_empty(),
                chars: a.end - a.start,
                starts_here: a.start >= first_char,
                fuzzy: a.state() == State::Fuzzy,
            })
            .collect()
    }

    /// The selected byte range, `[start, end)`, including the glyph under
    /// the caret.
    pub fn selected(&self) -> Option<Range<BytePos>> {
        let s = self.selection?;
        let (lo, hi) = (s.anchor.min(s.caret), s.anchor.max(s.caret));
        let end = crate::motion::next_glyph(self.bytes(), hi.0).max(hi.0);
        Some(lo..BytePos(end.min(self.bytes().len())))
    }

    /// The highest top row that still fills the screen.
    fn max_top(&mut self) -> RowId {
        let bytes = &self.doc.bytes[..];
        let mut top = self.layout.last_row(bytes);
        for _ in 1..self.text_rows {
            match self.layout.prev_row(bytes, top) {
                Some(r) => top = r,
                None => break,
            }
        }
        top
    }

    fn set_top(&mut self, top: RowId) {
        let max = self.max_top();
        self.top = top.min(max);
        self.anchor = self.top;
        self.moved = true;
        self.refresh();
    }

    /// Scroll down by `n` rows, stopping when the end is on screen.
    pub fn scroll_down(&mut self, n: usize) {
        let bytes = &self.doc.bytes[..];
        let mut top = self.top;
        for _ in 0..n {
            if self.at_end && top == self.top {
                break;
            }
            match self.layout.next_row(bytes, top) {
                Some(r) => top = r,
                None => break,
            }
        }
        self.set_top(top);
    }

    /// Scroll up by `n` rows.
    pub fn scroll_up(&mut self, n: usize) {
        let bytes = &self.doc.bytes[..];
        let mut top = self.top;
        for _ in 0..n {
            match self.layout.prev_row(bytes, top) {
                Some(r) => top = r,
                None => break,
            }
        }
        self.set_top(top);
    }

    /// Show byte offset `p` at the top (or as near as the end allows),
    /// remembering where the view was for `''`.
    pub fn jump_to(&mut self, p: BytePos) {
        let row = self.layout.row_at(&self.doc.bytes[..], p.0);
        self.jump_to_row(row);
    }

    /// Show a row remembered earlier (a mark) at the top, remembering
    /// where the view was for `''`.
    pub fn jump_to_row(&mut self, row: RowId) {
        let bytes = &self.doc.bytes[..];
        let row = if row.gap && is_terminator_at(bytes, row.start) {
            row
        } else {
            self.layout.row_at(bytes, row.start)
        };
        self.last_jump = Some(self.top);
        self.set_top(row);
    }

    /// Show a row remembered earlier at the top without recording a jump.
    pub fn show_row(&mut self, row: RowId) {
        self.place(row);
        self.anchor = row;
    }

    /// Put the row holding `row` at the top (as near as the end allows).
    fn place(&mut self, row: RowId) {
        let bytes = &self.doc.bytes[..];
        let row = if row.gap && is_terminator_at(bytes, row.start) {
            row
        } else {
            self.layout.row_at(bytes, row.start)
        };
        let max = self.max_top();
        self.top = row.min(max);
        self.refresh();
    }

    /// Bring byte offset `p` into view with `context` rows of text above
    /// it (like vim's `scrolloff`), recording a jump; left alone when it is
    /// already shown with that many rows above and below it.
    pub fn reveal(&mut self, p: BytePos, context: usize) {
        let bytes = &self.doc.bytes[..];
        let row = self.layout.row_at(bytes, p.0);
        let at = self.rows.iter().position(|r| r.id == row);
        if at.is_some_and(|i| i >= context && i + context < self.text_rows) {
            self.refresh();
            return;
        }
        let mut top = row;
        for _ in 0..context {
            match self.layout.prev_row(bytes, top) {
                Some(r) => top = r,
                None => break,
            }
        }
        self.last_jump = Some(self.top);
        self.set_top(top);
    }

    /// Show byte offset `p` without recording a jump (resize, resume).
    pub fn show(&mut self, p: BytePos) {
        self.show_row(RowId::at(p.0));
    }

    pub fn to_top(&mut self) {
        self.jump_to(BytePos(0));
    }

    pub fn to_end(&mut self) {
        self.last_jump = Some(self.top);
        let top = self.max_top();
        self.set_top(top);
    }

    /// Jump to `percent` % of the article, by bytes.
    pub fn to_percent(&mut self, percent: usize) {
        let p = (self.bytes().len() as u128 * percent.min(100) as u128 / 100) as usize;
        self.jump_to(BytePos(p));
    }

    /// Change the text width and screen height, keeping the same words at
    /// the top.
    pub fn resize(&mut self, width: usize, text_rows: usize) {
        self.layout.set_width(width);
        self.text_rows = text_rows;
        self.place(self.anchor);
    }

    /// Read the newlines as `style` from now on, keeping the same words at
    /// the top (like a resize: the row holding the anchor's first byte).
    /// Rows remembered in the old layout (marks, the last jump) that were
    /// blank rows between paragraphs now name the paragraph after them.
    pub fn set_style(&mut self, style: ParagraphStyle) {
        if style == self.layout.style() {
            return;
        }
        let pages = self.layout.page_breaks();
        let typeset = self.layout.typeset();
        let md = self.layout.markdown();
        self.layout = Layout::new(self.layout.width(), style);
        self.layout.set_page_breaks(pages);
        self.layout.set_typeset(typeset);
        self.layout.set_markdown(md);
        let bytes = &self.doc.bytes[..];
        let words = |r: RowId| match r.gap {
            true if bytes.get(r.start) == Some(&b'\r') => RowId::at(r.start + 2),
            true => RowId::at(r.start + 1),
            false => r,
        };
        for mark in self.marks.values_mut() {
            *mark = words(*mark);
        }
        self.last_jump = self.last_jump.map(words);
        self.anchor = words(self.anchor);
        self.place(self.anchor);
    }

    /// Read the whole text, `bytes`, of an article opened with only its
    /// start decoded (the same bytes first; `marks`: where the steps of
    /// its decoding began): rows are laid out again (the last ones decoded
    /// may have ended mid-paragraph), keeping the same words at the top —
    /// in a window, those of the window, found in the whole by where it
    /// lies in the file ([`crate::document::Rest::text_offset`]).
    pub fn take_whole_text(
        &mut self,
        bytes: std::sync::Arc<crate::document::Bytes>,
        marks: &crate::encoding::StepMarks,
    ) {
        let window = self
            .window
            .as_ref()
            .map(|w| (w.source.start, self.doc.bytes.clone()));
        if let Some(at) = self.set_window_aside()
            && let Some((source_start, text)) = window
            && let Some(rest) = &self.doc.rest
        {
            let shift = rest.text_offset(source_start, marks);
            let found = bytes.get(shift..).is_some_and(|b| b.starts_with(&text));
            if found {
                self.anchor = RowId {
                    start: at.start + shift,
                    gap: at.gap,
                };
                self.top = self.anchor;
            }
            // The search's match, found in the window.
            if let Some(s) = &mut self.search {
                s.current = s
                    .current
                    .take()
                    .filter(|_| found)
                    .map(|m| m.start + shift..m.end + shift);
            }
        }
        self.doc = self.doc.with_whole_text(bytes);
        self.lay_out_again(self.layout.page_breaks());
    }

    /// Show a stretch of an article decoded only in part: at most
    /// `bytes` bytes of its file around input byte `at`, decoded on its own
    /// ([`Document::decoded_window`]), laid out as the article is, with the
    /// row holding `at` at the top (its last rows when `at` is its end).
    /// Until [`Reader::leave_window`] the reader reads the window; the last
    /// jump is where the view was before the first window. The byte of the
    /// window's text `at` was decoded to; `None` (nothing changed) when
    /// there is no window there.
    pub fn show_window(&mut self, at: usize, bytes: usize) -> Option<usize> {
        let (window, source, at) = self.opened_doc().decoded_window(at, bytes)?;
        self.set_window_aside();
        let mut layout = Layout::new(self.layout.width(), self.layout.style());
        layout.set_page_breaks(self.layout.page_breaks());
        layout.set_typeset(self.layout.typeset());
        layout.set_markdown(self.layout.markdown());
        let end = at >= window.len();
        let doc = std::mem::replace(&mut self.doc, window);
        let layout = std::mem::replace(&mut self.layout, layout);
        self.window = Some(Box::new(Window {
            doc,
            layout,
            top: self.top,
            anchor: self.anchor,
            source,
        }));
        self.last_jump = Some(self.top);
        self.selection = None;
        self.focus = None;
        self.section_jump = None;
        match end {
            true => self.show_end(),
            false => {
                let row = self.layout.row_at(&self.doc.bytes[..], at);
                self.set_top(row);
            }
        }
        Some(at)
    }

    /// Show the last rows, without recording a jump.
    pub fn show_end(&mut self) {
        let end = self.max_top();
        self.set_top(end);
    }

    /// True while the reader shows a stretch of an article decoded only
    /// in part ([`Reader::show_window`]).
    pub fn in_window(&self) -> bool {
        self.window.is_some()
    }

    /// The part of the article not decoded yet, also while a window is
    /// shown; `None` once it is decoded whole.
    pub fn rest(&self) -> Option<&crate::document::Rest> {
        self.opened_doc().rest.as_ref()
    }

    /// The article as it was opened: `doc`, or while a window is shown,
    /// the document set aside for it.
    pub fn opened_doc(&self) -> &Document {
        self.window.as_ref().map_or(&self.doc, |w| &w.doc)
    }

    /// While the article is decoded only in part: the input byte of its
    /// file that byte `p` of the text shown was decoded from (each input
    /// byte is one char).
    pub fn input_of_text(&self, p: usize) -> Option<usize> {
        self.rest()?;
        let base = self.window.as_ref().map_or(0, |w| w.source.start);
        let shown = &self.doc.bytes()[..p.min(self.doc.len())];
        Some(base + crate::encoding::chars_in(shown))
    }

    /// While the article is decoded only in part: the bytes of the text
    /// shown that input bytes `range` of its file decode to, when it shows
    /// where `range` starts (its end is cut to what is shown).
    pub fn text_of_input(&self, range: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
        let rest = self.rest()?;
        let shown = match &self.window {
            Some(w) => w.source.clone(),
            None => 0..rest.decoded(),
        };
        if !(shown.contains(&range.start) || range.start == shown.end && range.is_empty()) {
            return None;
        }
        let start = rest.decoded_len(shown.start..range.start);
        let end = start + rest.decoded_len(range.start..range.end.min(shown.end));
        Some(start..end)
    }

    /// True while the reader shows a window that ends where the file does.
    pub fn window_at_end(&self) -> bool {
        self.window
            .as_ref()
            .is_some_and(|w| !w.ends_before_the_file())
    }

    /// True when the window's first row is on screen (rows before it are
    /// not decoded yet).
    pub fn at_window_start(&mut self) -> bool {
        self.window.as_ref().is_some_and(|w| w.source.start > 0)
            && self
                .layout
                .prev_row(&self.doc.bytes[..], self.top)
                .is_none()
    }

    /// True when the window's last row is on screen and the file goes on
    /// after it (rows after it are not decoded yet).
    pub fn at_window_end(&self) -> bool {
        self.at_end
            && self
                .window
                .as_ref()
                .is_some_and(|w| w.ends_before_the_file())
    }

    /// Read the article as decoded from its start again, where it was
    /// before the window was shown; the window's anchor, if it was shown.
    pub fn leave_window(&mut self) -> Option<RowId> {
        let at = self.set_window_aside()?;
        self.place(self.anchor);
        Some(at)
    }

    /// [`Reader::leave_window`] without laying out the screen.
    fn set_window_aside(&mut self) -> Option<RowId> {
        let window = *self.window.take()?;
        let at = self.anchor;
        let width = self.layout.width();
        self.doc = window.doc;
        self.layout = window.layout;
        self.layout.set_width(width);
        self.top = window.top;
        self.anchor = window.anchor;
        Some(at)
    }

    /// Show or hide the page breaks of reflowed text (`:set
    /// page_breaks`), keeping the same words at the top.
    pub fn set_page_breaks(&mut self, pages: crate::layout::PageBreaks) {
        if pages != self.layout.page_breaks() {
            self.lay_out_again(pages);
        }
    }

    /// Forget every row laid out (page breaks as `pages`), keeping the
    /// same words at the top.
    fn lay_out_again(&mut self, pages: crate::layout::PageBreaks) {
        let typeset = self.layout.typeset();
        let md = self.layout.markdown();
        self.layout = Layout::new(self.layout.width(), self.layout.style());
        self.layout.set_page_breaks(pages);
        self.layout.set_typeset(typeset);
        self.layout.set_markdown(md);
        self.place(self.anchor);
    }

    /// Set rows as `typeset` says from now on (`w`, `:set wrap`), keeping
    /// the same words at the top (like a resize).
    pub fn set_typeset(&mut self, typeset: crate::wrap::Typeset) {
        self.layout.set_typeset(typeset);
        self.place(self.anchor);
    }

    /// Render Markdown in place, or show its source (`M`), keeping the
    /// same words at the top. A blank row between paragraphs that was at
    /// the top names the paragraph after it.
    pub fn set_markdown(&mut self, on: bool) {
        if on == self.layout.markdown() {
            return;
        }
        self.layout.set_markdown(on);
        let bytes = &self.doc.bytes[..];
        if self.anchor.gap {
            let skip = if bytes.get(self.anchor.start) == Some(&b'\r') {
                2
            } else {
                1
            };
            self.anchor = RowId::at(self.anchor.start + skip);
        }
        for mark in self.marks.values_mut() {
            mark.gap = false;
        }
        self.place(self.anchor);
    }

    /// True when `p` is on screen.
    pub fn is_shown(&self, p: BytePos) -> bool {
        let p = p.0;
        match (self.rows.first(), self.rows.last()) {
            (Some(first), Some(last)) => {
                p >= first.range.start
                    && (p < last.range.end || (self.at_end && p <= last.range.end))
            }
            _ => false,
        }
    }

    /// Percent of the article (by bytes) up to the bottom of the screen.
    /// While it is decoded only in part, of the file's bytes (the part not
    /// decoded counted as decoding to as many bytes again, for each byte,
    /// as the part decoded).
    pub fn percent(&self) -> usize {
        let shown = self.bytes().len();
        let (len, before, end) = match (&self.doc.rest, &self.window) {
            // Only the start is decoded.
            (Some(rest), _) => {
                let ratio = rest.source_len() as f64 / rest.decoded().max(1) as f64;
                ((shown as f64 * ratio) as usize, 0, false)
            }
            // A stretch decoded on its own, maybe the end.
            (None, Some(w)) => {
                let ratio = shown as f64 / w.source.len().max(1) as f64;
                let file = w.doc.rest.as_ref().map_or(0, |r| r.source_len());
                let before = (w.source.start as f64 * ratio) as usize;
                let after = (file.saturating_sub(w.source.end) as f64 * ratio) as usize;
                (before + shown + after, before, after == 0)
            }
            (None, None) => (shown, 0, true),
        };
        if (self.at_end && end) || len == 0 {
            return 100;
        }
        let bottom = before + self.rows.last().map_or(0, |r| r.range.end);
        (bottom as u128 * 100 / len as u128).min(99) as usize
    }

    /// Take in a checkpoint from the background scan.
    pub fn add_checkpoint(&mut self, cp: Checkpoint) {
        self.index
            .push(BytePos(cp.byte as usize), CharPos(cp.chars));
        if self
            .checkpoints
            .last()
            .is_none_or(|last| cp.byte > last.byte)
        {
            self.checkpoints.push(cp);
        }
    }

    /// The paragraph the last row shown is in (1-based; the place
    /// [`Reader::percent`] describes too, so at the end it is the last)
    /// and the number of paragraphs, each when known.
    pub fn paragraph(&self) -> (Option<u64>, Option<u64>) {
        let pick = |p: (u64, u64)| match self.layout.style() {
            ParagraphStyle::OnePerLine => p.0,
            ParagraphStyle::HardWrapped => p.1,
        };
        let total = self.summary.as_ref().map(|s| pick(s.paragraphs).max(1));
        if self.window.is_some() {
            // Paragraphs before the window are not counted yet.
            return (None, total);
        }
        if self.at_end && total.is_some() {
            return (total, total);
        }
        let at = self.rows.last().map_or(self.top.start, |r| r.range.start);
        let cp = self
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.byte as usize <= at);
        let (base_byte, base) = cp.map_or((0, (0, 0)), |c| (c.byte as usize, c.paragraphs));
        if at - base_byte > COUNT_AHEAD {
            return (None, total);
        }
        let ahead = paragraphs_ending(self.bytes(), base_byte, at.min(self.bytes().len()));
        let n = pick((base.0 + ahead.0, base.1 + ahead.1)) + 1;
        (Some(total.map_or(n, |t| n.min(t))), total)
    }

    /// Stop colouring the search's matches (like less's `ESC u`); the
    /// pattern stays for `n` and `N`.
    pub fn hide_matches(&mut self) {
        if let Some(s) = &mut self.search {
            s.hidden = true;
            s.current = None;
            self.refresh();
        }
    }

    /// Char offset of the top row (for saving the reading position); in
    /// a window ([`Reader::show_window`]), whose chars before it are not
    /// counted yet, of the top row where the first window was shown.
    pub fn top_char(&self) -> CharPos {
        match &self.window {
            Some(t) => self.index.char_of_byte(t.doc.bytes(), BytePos(t.top.start)),
            None => self
                .index
                .char_of_byte(self.bytes(), BytePos(self.top.start)),
        }
    }

    /// Byte offset of char offset `c`.
    pub fn byte_of_char(&self, c: CharPos) -> BytePos {
        self.index.byte_of_char(self.bytes(), c)
    }

    /// A bookmark named `name` at the top row, set at `created` (RFC
    /// 3339), with the text around it to find it again.
    pub fn bookmark_here(&self, name: char, created: String) -> crate::bookmark::Bookmark {
        let p = BytePos(self.top.start);
        let (prefix, suffix) = crate::annotation::context(self.bytes(), p..p);
        crate::bookmark::Bookmark {
            name,
            at: self.top_char(),
            prefix,
            suffix,
            created,
        }
    }
}
