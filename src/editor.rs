//! The note editor's model: a multi-line text area with a cursor, wrapped
//! into visual rows like the article (see [`crate::wrap`]).
//!
//! Pure state: no terminal, no files. [`TextArea::key`] edits and moves,
//! [`TextArea::layout`] says where every row starts and where the cursor
//! is on screen, [`TextArea::scroll_to_cursor`] keeps the cursor's row in
//! view. `crate::ui::editor` draws it.
//!
//! Positions are **byte** offsets into the text. The cursor always sits on
//! a grapheme-cluster boundary: an `e` with a combining accent, an emoji
//! ZWJ sequence or a flag is one unit for moving and deleting.
//!
//! Line breaks are always `\n`: [`TextArea::new`] and
//! [`TextArea::insert_str`] turn `\r\n` and a lone `\r` into `\n`. Other
//! control characters in the text given to `new` are kept (and drawn as
//! visible symbols); typed and pasted ones are dropped, except tab.

use crate::glyph::Glyphs;
use crate::keymap::Key;
use crate::wrap;
use std::ops::Range;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// The width used for vertical motions before the first
/// [`TextArea::scroll_to_cursor`]: wide enough that only line breaks end rows.
const UNWRAPPED: usize = u32::MAX as usize;

/// A multi-line text field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextArea {
    text: String,
    /// Byte offset, always on a grapheme boundary.
    cursor: usize,
    /// The display column up and down aim for, kept while moving vertically.
    want_col: Option<usize>,
    /// The first visible row.
    top: usize,
    /// The text as it was created (line breaks normalised).
    original: String,
    /// The size given to the last `scroll_to_cursor`: rows are wrapped at
    /// `width` for up/down/home/end, and page keys move `height - 1` rows.
    width: usize,
    height: usize,
    /// How rows are chosen: as the reader's article ([`TextArea::set_wrap`]).
    wrap: wrap::Wrap,
}

/// One visual row of the wrapped text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The bytes shown on the row; never includes a line break.
    pub text: Range<usize>,
    /// True for the last row of a line: a `\n` follows it (unless it is the
    /// text's last row). Rows that do not end a line are followed directly
    /// by the next row.
    pub ends_line: bool,
}

/// The text wrapped at a width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The rows in order; at least one. Their `text` ranges, with a `\n`
    /// after each row that ends a line (but the last), join into the text.
    pub rows: Vec<Row>,
    /// The cursor's row and display column (CJK and emoji count two, tabs
    /// reach the next multiple of 8). The column may be at or past the
    /// width: at the end of a full row, or inside blanks hanging past the
    /// edge; the drawing code clamps it.
    pub cursor: (usize, usize),
}

/// `text` wrapped at `width` columns (at least 1) as `how` says: each line
/// (ended by `\n`) is one wrap unit of [`wrap::rows`], the article's
/// wrapping (balanced or greedy; free text is neither hyphenated nor
/// justified). At least one row. The one wrapping of free text (the note
/// editor, the note panel, help, the notes browser and messages), so they
/// break lines as the article does.
pub fn rows(text: &str, width: usize, how: wrap::Wrap) -> Vec<Row> {
    let typeset = wrap::Typeset {
        wrap: how,
        ..wrap::Typeset::default()
    };
    let mut rows = Vec::new();
    let mut line_start = 0;
    loop {
        let newline = text[line_start..].find('\n').map(|i| line_start + i);
        let line_end = newline.unwrap_or(text.len());
        let starts = wrap::rows(&text.as_bytes()[line_start..line_end], width, typeset);
        for (i, &s) in starts.iter().enumerate() {
            let end = starts
                .get(i + 1)
                .map_or(line_end, |&e| line_start + e as usize);
            rows.push(Row {
                text: line_start + s as usize..end,
                ends_line: end == line_end,
            });
        }
        match newline {
            Some(n) => line_start = n + 1,
            None => return rows,
        }
    }
}

/// `text` wrapped at `width` columns as `how` says ([`rows`]) as strings,
/// blanks at the row ends trimmed (they hang past the edge).
pub fn wrapped(text: &str, width: usize, how: wrap::Wrap) -> Vec<String> {
    rows(text, width, how)
        .into_iter()
        .map(|r| text[r.text].trim_end().to_string())
        .collect()
}

/// What a grapheme counts as for word motions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Blank,
    Word,
    Punct,
}

fn class(g: &str) -> Class {
    let c = g.chars().next().unwrap_or(' ');
    if c.is_whitespace() {
        Class::Blank
    } else if c.is_alphanumeric() || c == '_' {
        Class::Word
    } else {
        Class::Punct
    }
}

/// `s` with `\r\n` and `\r` turned into `\n`.
fn normalize_breaks(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// `s` as it may be typed or pasted: line breaks normalised, control
/// characters other than `\n` and `\t` dropped.
fn clean_input(s: &str) -> String {
    normalize_breaks(s)
        .chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect()
}

/// Display columns of `s` drawn from column 0.
fn columns(s: &str) -> usize {
    let mut col = 0;
    for g in Glyphs::new(s.as_bytes()) {
        col += g.width_at(col);
    }
    col
}

impl TextArea {
    /// A text area holding `text`, with the cursor at the end.
    pub fn new(text: &str) -> Self {
        let text = normalize_breaks(text);
        TextArea {
            cursor: text.len(),
            original: text.clone(),
            text,
            want_col: None,
            top: 0,
            width: UNWRAPPED,
            height: 0,
            wrap: wrap::Typeset::BOOK.wrap,
        }
    }

    /// Choose rows as `how` says (the reader's `wrap`; balanced unless
    /// set). Call [`Self::scroll_to_cursor`] after it.
    pub fn set_wrap(&mut self, how: wrap::Wrap) {
        self.wrap = how;
    }

    /// How rows are chosen ([`Self::set_wrap`]).
    pub fn wrap(&self) -> wrap::Wrap {
        self.wrap
    }

    /// A text area holding `text` that counts as changed from `original`
    /// (a draft of the note `original`), cursor at the end.
    pub fn changed_from(original: &str, text: &str) -> Self {
        let mut area = TextArea::new(text);
        area.original = normalize_breaks(original);
        area
    }

    /// The text as edited so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when the text differs from the one it was created with.
    pub fn is_changed(&self) -> bool {
        self.text != self.original
    }

    /// The cursor's byte offset.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Put the cursor at byte `pos` (clamped to the text), or at the
    /// grapheme boundary before it when `pos` is inside a cluster.
    pub fn set_cursor(&mut self, pos: usize) {
        let mut pos = pos.min(self.text.len());
        while !self.text.is_char_boundary(pos) {
            pos -= 1;
        }
        self.cursor = if self.is_boundary(pos) {
            pos
        } else {
            self.prev_boundary(pos)
        };
        self.want_col = None;
    }

    /// The first visible row, as last set by [`Self::scroll_to_cursor`].
    pub fn top(&self) -> usize {
        self.top
    }

    /// Handle a key. Returns true when it was an editing or motion key of
    /// the text area (even if it changed nothing, like Left at the start);
    /// false for every other key, which the caller may bind.
    pub fn key(&mut self, key: Key) -> bool {
        let vertical = matches!(key, Key::Up | Key::Down | Key::PageUp | Key::PageDown);
        match key {
            Key::Char(c) => {
                let mut buf = [0; 4];
                let s = clean_input(c.encode_utf8(&mut buf));
                if s.is_empty() {
                    return false;
                }
                self.insert(&s);
            }
            Key::Enter => self.insert("\n"),
            Key::Tab => self.insert("\t"),
            Key::Backspace | Key::Ctrl('h') => {
                let from = self.prev_boundary(self.cursor);
                self.delete(from..self.cursor);
            }
            Key::Delete => {
                let to = self.next_boundary(self.cursor);
                self.delete(self.cursor..to);
            }
            Key::Ctrl('w') => {
                let from = self.delete_word_start();
                self.delete(from..self.cursor);
            }
            Key::Left => self.cursor = self.prev_boundary(self.cursor),
            Key::Right => self.cursor = self.next_boundary(self.cursor),
            Key::CtrlLeft | Key::Alt('b') => self.cursor = self.word_left(self.cursor),
            Key::CtrlRight | Key::Alt('f') => self.cursor = self.word_right(self.cursor),
            Key::Up => self.vertical(-1),
            Key::Down => self.vertical(1),
            Key::PageUp => self.vertical(-self.page()),
            Key::PageDown => self.vertical(self.page()),
            Key::Home => self.cursor = self.home(),
            Key::End => self.cursor = self.end(),
            _ => return false,
        }
        if !vertical {
            self.want_col = None;
        }
        true
    }

    /// Paste: insert `s` at the cursor as is, except that `\r\n` and `\r`
    /// become `\n` and other control characters but tab are dropped.
    pub fn insert_str(&mut self, s: &str) {
        let s = clean_input(s);
        self.insert(&s);
        self.want_col = None;
    }

    /// The text wrapped at `width` columns (at least 1), see [`rows`].
    pub fn layout(&self, width: usize) -> Layout {
        let rows = rows(&self.text, width, self.wrap);
        let row = rows
            .partition_point(|r| r.text.start <= self.cursor)
            .saturating_sub(1);
        let col = columns(&self.text[rows[row].text.start..self.cursor]);
        Layout {
            rows,
            cursor: (row, col),
        }
    }

    /// The first row to show in a view `height` rows high: the stored top,
    /// moved as little as needed to show the cursor's row and not to leave
    /// rows empty at the bottom that text could fill. This is what
    /// [`Self::scroll_to_cursor`] stores.
    pub fn visible_top(&self, layout: &Layout, height: usize) -> usize {
        let row = layout.cursor.0;
        let mut top = self
            .top
            .min(layout.rows.len().saturating_sub(height.max(1)));
        if row < top {
            top = row;
        } else if height > 0 && row >= top + height {
            top = row + 1 - height;
        }
        top
    }

    /// Scroll so that the cursor's row is visible in a view of `width`
    /// columns and `height` rows, and remember that size for up/down,
    /// home/end and the page keys. Call it after every key and resize.
    pub fn scroll_to_cursor(&mut self, width: usize, height: usize) {
        self.width = width.max(1);
        self.height = height;
        let layout = self.layout(self.width);
        self.top = self.visible_top(&layout, height);
    }

    // Editing.

    fn insert(&mut self, s: &str) {
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
        self.snap();
    }

    fn delete(&mut self, range: Range<usize>) {
        self.cursor = range.start;
        self.text.replace_range(range, "");
        self.snap();
    }

    /// After an edit, neighbours may have merged into one cluster (a
    /// combining mark after a deleted line break, a regional indicator
    /// pairing differently): move the cursor to the end of the cluster.
    fn snap(&mut self) {
        if !self.is_boundary(self.cursor) {
            self.cursor = self.next_boundary(self.cursor);
        }
    }

    /// Where Ctrl-w deletes back to: at a line start, just the line break;
    /// else the start of the word before (blanks before the cursor go with
    /// it), but not past the line start.
    fn delete_word_start(&self) -> usize {
        let line_start = self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1);
        if self.cursor == line_start {
            return self.prev_boundary(self.cursor);
        }
        self.word_left(self.cursor).max(line_start)
    }

    // Grapheme boundaries.

    fn is_boundary(&self, pos: usize) -> bool {
        self.text.is_char_boundary(pos)
            && GraphemeCursor::new(pos, self.text.len(), true)
                .is_boundary(&self.text, 0)
                .unwrap_or(false)
    }

    /// The grapheme boundary after `pos` (which must be a char boundary),
    /// or the end of the text.
    fn next_boundary(&self, pos: usize) -> usize {
        GraphemeCursor::new(pos, self.text.len(), true)
            .next_boundary(&self.text, 0)
            .ok()
            .flatten()
            .unwrap_or(self.text.len())
    }

    /// The grapheme boundary before `pos`, or 0.
    fn prev_boundary(&self, pos: usize) -> usize {
        GraphemeCursor::new(pos, self.text.len(), true)
            .prev_boundary(&self.text, 0)
            .ok()
            .flatten()
            .unwrap_or(0)
    }

    // Word motions, vim's `w` and `b`: a word is a run of alphanumerics or
    // a run of punctuation; blanks (line breaks too) are skipped.

    fn word_right(&self, pos: usize) -> usize {
        let mut graphemes = self.text[pos..].grapheme_indices(true).peekable();
        if let Some(&(_, g)) = graphemes.peek() {
            let first = class(g);
            if first != Class::Blank {
                while graphemes.next_if(|&(_, g)| class(g) == first).is_some() {}
            }
        }
        while graphemes
            .next_if(|&(_, g)| class(g) == Class::Blank)
            .is_some()
        {}
        graphemes.peek().map_or(self.text.len(), |&(i, _)| pos + i)
    }

    fn word_left(&self, pos: usize) -> usize {
        let mut graphemes = self.text[..pos].grapheme_indices(true).rev().peekable();
        while graphemes
            .next_if(|&(_, g)| class(g) == Class::Blank)
            .is_some()
        {}
        let Some(&(_, g)) = graphemes.peek() else {
            return 0;
        };
        let run = class(g);
        let mut start = pos;
        while let Some((i, _)) = graphemes.next_if(|&(_, g)| class(g) == run) {
            start = i;
        }
        start
    }

    // Row motions, on the rows at the width last given to scroll_to_cursor.

    fn page(&self) -> isize {
        self.height.saturating_sub(1).max(1) as isize
    }

    /// Move `delta` visual rows, aiming for the wanted column. Past the
    /// first or last row the cursor goes to the start or end of the text.
    fn vertical(&mut self, delta: isize) {
        let layout = self.layout(self.width);
        let (row, col) = layout.cursor;
        let want = *self.want_col.get_or_insert(col);
        let target = row as isize + delta;
        if target < 0 {
            self.cursor = 0;
        } else if target as usize >= layout.rows.len() {
            self.cursor = self.text.len();
        } else {
            self.cursor = self.at_column(&layout.rows[target as usize], want);
        }
    }

    /// The rightmost cursor position on `row` whose column is at most
    /// `want`. The row's end counts only on a line's last row (elsewhere
    /// it is the next row's start).
    fn at_column(&self, row: &Row, want: usize) -> usize {
        let bytes = &self.text.as_bytes()[row.text.clone()];
        let mut col = 0;
        for g in Glyphs::new(bytes) {
            let w = g.width_at(col);
            let last = row.text.start + g.end == row.text.end;
            if col + w > want || (last && !row.ends_line) {
                return row.text.start + g.start;
            }
            col += w;
        }
        row.text.end
    }

    /// Home: the start of the visual row; at a wrapped row's start, the
    /// start of the line.
    fn home(&self) -> usize {
        let layout = self.layout(self.width);
        let start = layout.rows[layout.cursor.0].text.start;
        if self.cursor == start {
            self.text[..start].rfind('\n').map_or(0, |i| i + 1)
        } else {
            start
        }
    }

    /// End: the end of the visual row — on a wrapped row, before the blanks
    /// it breaks after (or its last glyph); there, a second End goes to the
    /// end of the line.
    fn end(&self) -> usize {
        let layout = self.layout(self.width);
        let row = &layout.rows[layout.cursor.0];
        let line_end = self.text[row.text.end..]
            .find('\n')
            .map_or(self.text.len(), |i| row.text.end + i);
        if row.ends_line {
            return line_end;
        }
        let shown = &self.text[row.text.clone()];
        let trimmed = shown.trim_end_matches([' ', '\t']);
        let end = if trimmed.len() < shown.len() {
            row.text.start + trimmed.len()
        } else {
            self.prev_boundary(row.text.end)
        };
        if self.cursor == end { line_end } else { end }
    }
}

#[cfg(test)]
mod tests;
