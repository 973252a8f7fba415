//! Select mode: a caret that moves with vim's motions and a selection that
//! grows from where `v` was pressed; and the quick highlights `s` and `S`.

use super::{App, Reader, Selection};
use crate::action::Action;
use crate::layout::is_terminator_at;
use crate::motion;
use crate::text::BytePos;
use std::ops::Range;

impl App {
    /// `v`: start selecting at the current match if one is on screen, else
    /// at the first character of the top row.
    pub(super) fn start_select(&mut self) {
        let Some(r) = &mut self.reader else { return };
        let at = start_point(r);
        r.selection = Some(Selection {
            anchor: at,
            caret: at,
        });
        r.focus = None;
        self.sync_rows();
    }

    /// Select mode's actions.
    pub(super) fn select_action(&mut self, action: Action, count: Option<usize>) {
        let n = count.unwrap_or(1);
        match action {
            Action::Cancel => {
                if let Some(r) = &mut self.reader {
                    r.last_selection = r.selected();
                    r.selection = None;
                }
            }
            Action::Highlight => {
                let tag = self.tag_name(1);
                self.highlight_selection(tag, false);
            }
            Action::Annotate => {
                let tag = self.tag_name(1);
                self.highlight_selection(tag, true);
            }
            Action::Copy => {
                let text = self.reader.as_ref().and_then(|r| {
                    let range = r.selected()?;
                    Some(crate::text::decode(
                        r.doc.bytes(),
                        range.start.0..range.end.0,
                    ))
                });
                if let Some(text) = text {
                    self.copy(text);
                }
                if let Some(r) = &mut self.reader {
                    r.selection = None;
                }
            }
            Action::SwapEnds => {
                if let Some(s) = self.reader.as_mut().and_then(|r| r.selection.as_mut()) {
                    std::mem::swap(&mut s.anchor, &mut s.caret);
                }
                self.show_caret();
            }
            Action::SearchForward
            | Action::SearchBackward
            | Action::NextMatch
            | Action::PrevMatch => {
                self.reader_action(action, count);
            }
            Action::ToggleHelp | Action::Suspend | Action::ForceQuit => self.common_action(action),
            motion => {
                for _ in 0..n {
                    self.move_caret(motion);
                }
                self.show_caret();
            }
        }
    }

    /// Highlight the selection with `tag`, leaving select mode; with
    /// `note`, open the note editor on the new highlight.
    fn highlight_selection(&mut self, tag: String, note: bool) {
        let Some(range) = self.reader.as_ref().and_then(Reader::selected) else {
            return;
        };
        if let Some(r) = &mut self.reader {
            r.selection = None;
        }
        if let Some(id) = self.highlight(range, tag, String::new()) {
            if let Some(r) = &mut self.reader {
                r.focus = Some(id.clone());
                r.refresh();
            }
            if note {
                self.open_editor(id);
            }
        }
        self.sync_rows();
    }

    /// A digit in select mode: highlight with that tag; a digit that
    /// names no tag keeps the selection and says so.
    pub(super) fn select_digit(&mut self, digit: char) {
        if let Some(tag) = self.tag_of_key(digit) {
            self.highlight_selection(tag, false);
        }
    }

    /// Move the caret by one `motion`.
    fn move_caret(&mut self, motion: Action) {
        let Some(r) = &mut self.reader else { return };
        let Some(sel) = r.selection else { return };
        let bytes = &r.doc.bytes.clone()[..];
        let p = sel.caret.0;
        let last = last_glyph(bytes);
        let mut to = caret_motion(r, bytes, motion, p);
        // Into a hidden page break (a hole in a paragraph) or hidden
        // Markdown markup: the motion goes on from its far side, as if the
        // hole or the markup were not there.
        let forward = to > p;
        if let Some(hole) = r.layout.hole_at(bytes, to) {
            let from = if forward { hole.end - 1 } else { hole.start };
            to = caret_motion(r, bytes, motion, from);
        } else if let Some(markup) = r.layout.markup_at(bytes, to) {
            to = past_markup(r, bytes, motion, p, to, markup);
        }
        // Never onto a line terminator, nor left in a hole: stepping off
        // one may land in the other.
        let mut to = to.min(last);
        for _ in 0..2 {
            to = r.layout.caret_stop(bytes, to, forward).min(last);
            to = skip_terminator(bytes, to, p);
        }
        if let Some(s) = &mut r.selection {
            s.caret = BytePos(to);
        }
    }

    /// Scroll so the caret is on screen.
    pub(super) fn show_caret(&mut self) {
        let Some(r) = &mut self.reader else { return };
        let Some(s) = r.selection else { return };
        if !r.is_shown(s.caret) {
            let row = r.layout.row_at(r.doc.bytes(), s.caret.0);
            if row < r.top {
                r.show(s.caret);
            } else {
                // Bring the caret's row to the bottom of the screen.
                let mut top = row;
                for _ in 1..r.text_rows {
                    match r.layout.prev_row(r.doc.bytes(), top) {
                        Some(t) => top = t,
                        None => break,
                    }
                }
                r.show_row(top);
            }
        } else {
            r.refresh();
        }
    }

    /// `s` / `S`: highlight the sentence or paragraph at the current match
    /// (or the top of the screen), as the text is shown: in reflowed text
    /// both run on across the line breaks read as spaces.
    pub(super) fn quick_highlight(&mut self, paragraph: bool) {
        let Some(r) = &mut self.reader else { return };
        let at = start_point(r);
        let bytes = r.doc.bytes();
        let range = if paragraph {
            let row = r.layout.row_at(bytes, at.0);
            let start = r.layout.block_start(bytes, row);
            start..r.layout.block_end(bytes, row)
        } else {
            motion::sentence_at(bytes, at.0, &|nl| r.layout.is_hard_break(bytes, nl))
        };
        let range = BytePos(range.start)..BytePos(range.end);
        let tag = self.tag_name(1);
        if let Some(id) = self.highlight(range, tag, String::new())
            && let Some(r) = &mut self.reader
        {
            r.focus = Some(id);
            r.refresh();
        }
        self.sync_rows();
    }

    /// A mouse button went down on screen cell (`x`, `y`): start selecting
    /// there; on a highlight, wait to see whether it is a click (which
    /// focuses the highlight) or a drag (which selects). In the notes
    /// panel: select the row clicked.
    pub fn mouse_down(&mut self, x: u16, y: u16) {
        if self.mode() == crate::keymap::Mode::Notes {
            return self.notes_click(y);
        }
        if self.window_ignores_mouse() {
            return;
        }
        let Some(p) = self.byte_at_cell(x, y) else {
            return;
        };
        let Some(r) = &mut self.reader else { return };
        self.dragging = true;
        let on = r
            .shown
            .iter()
            .filter(|a| a.bytes.contains(&BytePos(p)))
            .min_by_key(|a| a.chars)
            .map(|a| a.id.clone());
        if let Some(id) = on {
            r.selection = None;
            self.pressed_on = Some((BytePos(p), id));
            return;
        }
        r.selection = Some(Selection {
            anchor: BytePos(p),
            caret: BytePos(p),
        });
        r.focus = None;
        r.refresh();
    }

    /// The mouse moved with the button down: the caret follows (a press
    /// on a highlight starts selecting once the mouse leaves its glyph).
    pub fn mouse_drag(&mut self, x: u16, y: u16) {
        if !self.dragging {
            return;
        }
        let Some(p) = self.byte_at_cell(x, y).map(BytePos) else {
            return;
        };
        let Some(r) = &mut self.reader else { return };
        match (&mut r.selection, &self.pressed_on) {
            (Some(s), _) => s.caret = p,
            (None, Some((at, _))) if *at != p => {
                r.selection = Some(Selection {
                    anchor: *at,
                    caret: p,
                });
                r.focus = None;
                self.pressed_on = None;
            }
            _ => {}
        }
        r.refresh();
    }

    /// The button went up: a selection stays, in select mode; a click on
    /// a highlight focuses it.
    pub fn mouse_up(&mut self) {
        self.dragging = false;
        if let Some((_, id)) = self.pressed_on.take()
            && let Some(r) = &mut self.reader
        {
            r.focus = Some(id);
            r.refresh();
            self.sync_rows();
        }
    }

    /// The glyph start drawn at screen cell (`x`, `y`), if text is there:
    /// the row's pieces as drawn ([`crate::markdown::row`]), so hidden
    /// markup and hidden page breaks take no column here either.
    pub fn byte_at_cell(&self, x: u16, y: u16) -> Option<usize> {
        if self.mode() != crate::keymap::Mode::Normal && self.mode() != crate::keymap::Mode::Select
        {
            return None;
        }
        let r = self.reader.as_ref()?;
        let row = r.rows.get(y as usize)?;
        let width = self.text_width();
        let bytes = r.doc.bytes();
        let pieces = match &row.view {
            Some((view, first)) => view.row(bytes, row.range.clone(), *first, width, row.dress),
            None => crate::markdown::row::plain(row.range.clone(), row.dress),
        };
        let x = x.saturating_sub(self.text_left()) as usize;
        crate::markdown::row::byte_at(&pieces, bytes, row.range.clone(), width, x)
    }
}

/// Where `v`, `s` and `S` start: the current match when it is on screen,
/// else the first character of the top row.
fn start_point(r: &Reader) -> BytePos {
    if let Some(m) = r.search.as_ref().and_then(|s| s.current.clone())
        && r.is_shown(BytePos(m.start))
    {
        return BytePos(m.start);
    }
    let first = r
        .rows
        .iter()
        .find(|row| !row.range.is_empty())
        .map_or(r.top.start.min(r.doc.len()), |row| row.range.start);
    BytePos(first)
}

/// The start of the last glyph of the document.
fn last_glyph(bytes: &[u8]) -> usize {
    let mut end = bytes.len();
    while end > 0 && is_terminator_at(bytes, motion::prev_glyph(bytes, end)) {
        end = motion::prev_glyph(bytes, end);
    }
    motion::prev_glyph(bytes, end)
}

/// The caret never rests on a line terminator: step over it in the
/// direction of travel.
fn skip_terminator(bytes: &[u8], to: usize, from: usize) -> usize {
    if !is_terminator_at(bytes, to) {
        return to;
    }
    if to > from {
        let mut p = to;
        while p < bytes.len() && is_terminator_at(bytes, p) {
            p = motion::next_glyph(bytes, p);
        }
        if p < bytes.len() { p } else { from }
    } else {
        let mut p = to;
        while p > 0 && is_terminator_at(bytes, p) {
            p = motion::prev_glyph(bytes, p);
        }
        p
    }
}

/// Where `motion` from `p` stops when it landed at `to`, inside Markdown
/// markup that is not drawn (`markup`): reading the text as shown, an end
/// of a word (`e`, `E`, `$`) is the glyph before the markup, unless that
/// is where the caret was or, for a word, a blank (then the motion goes on
/// past it); a word start (`w`, `W`) is the first glyph after it, or when
/// that is a blank the next word's start; a word or sentence start back
/// (`b`, `B`, `(`, `{`) goes on from the markup's start; the start of a
/// row is the first glyph after it. Other motions
/// stop here, and the caret is then stepped off the markup in their
/// direction ([`crate::layout::Layout::caret_stop`]).
fn past_markup(
    r: &mut Reader,
    bytes: &[u8],
    motion: Action,
    p: usize,
    to: usize,
    markup: std::ops::Range<usize>,
) -> usize {
    let before = motion::prev_glyph(bytes, markup.start);
    let word_end = matches!(motion, Action::WordEnd | Action::BigWordEnd);
    match motion {
        // Not on a blank before opening markup: the word is after it.
        Action::WordEnd | Action::BigWordEnd | Action::RowEnd
            if to > p
                && markup.start > 0
                && before > p
                && !(word_end && motion::is_blank_at(bytes, before)) =>
        {
            before
        }
        Action::WordEnd | Action::BigWordEnd if to > p => {
            caret_motion(r, bytes, motion, motion::glyph_start(bytes, markup.end - 1))
        }
        // A word start is the first glyph after the markup, unless that
        // is a blank (closing markup): then the next word's start.
        Action::WordForward | Action::BigWordForward if to > p => {
            let after = r.layout.caret_stop(bytes, to, true);
            if motion::is_blank_at(bytes, after) {
                caret_motion(r, bytes, motion, after)
            } else {
                after
            }
        }
        Action::WordBack | Action::BigWordBack | Action::SentenceBack | Action::ParagraphBack
            if to < p =>
        {
            caret_motion(r, bytes, motion, markup.start)
        }
        Action::RowStart => r.layout.caret_stop(bytes, to, true),
        _ => to,
    }
}

fn caret_motion(r: &mut Reader, bytes: &[u8], motion: Action, p: usize) -> usize {
    let last = last_glyph(bytes);
    match motion {
        Action::CaretLeft => motion::prev_glyph(bytes, p),
        Action::CaretRight => motion::next_glyph(bytes, p).min(last),
        Action::WordForward => motion::word_forward(bytes, p, false),
        Action::BigWordForward => motion::word_forward(bytes, p, true),
        Action::WordBack => motion::word_back(bytes, p, false),
        Action::BigWordBack => motion::word_back(bytes, p, true),
        Action::WordEnd => motion::word_end(bytes, p, false),
        Action::BigWordEnd => motion::word_end(bytes, p, true),
        Action::SentenceForward => {
            motion::sentence_forward(bytes, p, &|nl| r.layout.is_hard_break(bytes, nl))
        }
        Action::SentenceBack => {
            motion::sentence_back(bytes, p, &|nl| r.layout.is_hard_break(bytes, nl))
        }
        Action::ParagraphForward => paragraph_forward(r, p),
        Action::ParagraphBack => paragraph_back(r, p),
        Action::RowStart => {
            let row = r.layout.row_at(bytes, p);
            r.layout.row_range(bytes, row).start
        }
        Action::RowEnd => {
            let row = r.layout.row_at(bytes, p);
            let range = r.layout.row_range(bytes, row);
            last_visible_in(bytes, range).unwrap_or(p)
        }
        Action::CaretDown | Action::CaretUp => vertical(r, p, motion == Action::CaretDown),
        _ => p,
    }
}

/// The last glyph of `row` that is not a hanging blank.
fn last_visible_in(bytes: &[u8], row: Range<usize>) -> Option<usize> {
    let base = row.start;
    let glyphs: Vec<_> = crate::glyph::Glyphs::new(&bytes[row]).collect();
    glyphs
        .iter()
        .rev()
        .find(|g| !g.is_blank())
        .or(glyphs.last())
        .map(|g| base + g.start)
}

/// `j` / `k`: the glyph in the next or previous text row at the caret's
/// column (or that row's end).
fn vertical(r: &mut Reader, p: usize, down: bool) -> usize {
    let bytes = &r.doc.bytes.clone()[..];
    let row = r.layout.row_at(bytes, p);
    let range = r.layout.row_range(bytes, row);
    let col: usize = crate::glyph::Glyphs::new(&bytes[range.start..p.max(range.start)])
        .scan(0, |c, g| {
            *c += g.width_at(*c);
            Some(*c)
        })
        .last()
        .unwrap_or(0);
    let mut next = row;
    loop {
        let step = if down {
            r.layout.next_row(bytes, next)
        } else {
            r.layout.prev_row(bytes, next)
        };
        match step {
            Some(n) => next = n,
            None => return p,
        }
        if !r.layout.row_range(bytes, next).is_empty() {
            break;
        }
    }
    let target = r.layout.row_range(bytes, next);
    let mut c = 0;
    let mut best = target.start;
    for g in crate::glyph::Glyphs::new(&bytes[target.clone()]) {
        if c > col {
            break;
        }
        best = target.start + g.start;
        c += g.width_at(c);
    }
    best
}

/// `}`: the start of the next paragraph (or the end).
fn paragraph_forward(r: &mut Reader, p: usize) -> usize {
    let bytes = &r.doc.bytes.clone()[..];
    let row = r.layout.row_at(bytes, p);
    let mut end = r.layout.block_end(bytes, row);
    while end < bytes.len() && is_terminator_at(bytes, end) {
        end = motion::next_glyph(bytes, end);
    }
    if end >= bytes.len() {
        last_glyph(bytes)
    } else {
        end
    }
}

/// `{`: the start of this paragraph, or of the previous one when already
/// at its start.
fn paragraph_back(r: &mut Reader, p: usize) -> usize {
    let bytes = &r.doc.bytes.clone()[..];
    let row = r.layout.row_at(bytes, p);
    let start = r.layout.block_start(bytes, row);
    if start < p {
        return start;
    }
    let before = skip_terminator(bytes, motion::prev_glyph(bytes, start), start);
    let row = r.layout.row_at(bytes, before);
    r.layout.block_start(bytes, row)
}
