//! The outline panel (`t`): the article's headings as the scan has found
//! them so far, the current section marked, typing filters, Enter jumps.

use super::App;
use crate::action::Action;
use crate::keymap::{Key, Mode};
use crate::outline::Heading;
use crate::scan::Checkpoint;
use crate::text::BytePos;

/// Rows of text shown above a heading jumped to (and how far down the
/// screen a heading may be and still be the current section).
pub const CONTEXT_ROWS: usize = 2;

/// The outline panel's state.
#[derive(Debug, Clone, Default)]
pub struct OutlinePanel {
    /// Typed text: only headings holding it (any case) are listed.
    pub filter: String,
    /// Index into the listed headings.
    pub selected: usize,
}

impl App {
    /// Checkpoints and headings from the open article's scan. True when
    /// the screen shows something they change (the outline panel, the
    /// current section).
    pub fn scan_progress(&mut self, cps: Vec<Checkpoint>, headings: Vec<Heading>) -> bool {
        let found = !headings.is_empty();
        cps.into_iter().for_each(|cp| self.scan_checkpoint(cp));
        if let Some(r) = &mut self.reader {
            r.outline.extend(headings);
        }
        found || self.outline.is_some()
    }

    /// The index (into the outline) of the section the reader is in: the
    /// last heading at or above the row [`CONTEXT_ROWS`] down the screen.
    /// Right after a jump from the outline it is the heading jumped to,
    /// wherever the end of the article left it on screen.
    pub fn current_section(&self) -> Option<usize> {
        let r = self.reader.as_ref()?;
        if let Some((top, at)) = r.section_jump
            && top == r.top
        {
            return r.outline.current(at);
        }
        let probe = r
            .rows
            .get(CONTEXT_ROWS)
            .or(r.rows.last())
            .map_or(r.top.start, |row| row.range.start.max(r.top.start));
        r.outline.current(probe)
    }

    /// The current section's heading.
    pub fn current_heading(&self) -> Option<&Heading> {
        let i = self.current_section()?;
        self.reader.as_ref()?.outline.headings.get(i)
    }

    /// The headings the outline panel lists (indices into the outline):
    /// those holding the filter, in text order.
    pub fn outline_entries(&self) -> Vec<usize> {
        let Some(r) = &self.reader else {
            return Vec::new();
        };
        let filter = self
            .outline
            .as_ref()
            .map_or(String::new(), |p| p.filter.to_lowercase());
        r.outline
            .headings
            .iter()
            .enumerate()
            .filter(|(_, h)| filter.is_empty() || h.title.to_lowercase().contains(&filter))
            .map(|(i, _)| i)
            .collect()
    }

    /// `t`: open the outline on the current section.
    pub(super) fn open_outline(&mut self) {
        self.outline = Some(OutlinePanel::default());
        self.select_current_section();
    }

    /// Select the listed heading nearest above the current section.
    fn select_current_section(&mut self) {
        let current = self.current_section();
        let entries = self.outline_entries();
        let at = current.map_or(0, |c| {
            entries.partition_point(|&i| i <= c).saturating_sub(1)
        });
        if let Some(p) = &mut self.outline {
            p.selected = at;
        }
    }

    /// Keys in the outline panel: its bindings, else typing into the
    /// filter.
    pub(super) fn outline_key(&mut self, key: Key) {
        match (self.keymap.action(Mode::Outline, key), key) {
            (Some(action), _) => self.outline_action(action),
            (None, Key::Char(c)) => self.edit_outline_filter(|f| f.push(c)),
            _ => {}
        }
    }

    fn edit_outline_filter(&mut self, edit: impl FnOnce(&mut String)) {
        if let Some(p) = &mut self.outline {
            edit(&mut p.filter);
        }
        self.select_current_section();
    }

    pub(super) fn outline_action(&mut self, action: Action) {
        let len = self.outline_entries().len();
        let page = self.text_rows().saturating_sub(3).max(1);
        let last = len.saturating_sub(1);
        let Some(p) = &mut self.outline else { return };
        match action {
            Action::ScrollDown => p.selected = (p.selected + 1).min(last),
            Action::ScrollUp => p.selected = p.selected.saturating_sub(1),
            Action::PageDown => p.selected = (p.selected + page).min(last),
            Action::PageUp => p.selected = p.selected.saturating_sub(page),
            Action::Top => p.selected = 0,
            Action::Bottom => p.selected = last,
            Action::Backspace => self.edit_outline_filter(|f| {
                f.pop();
            }),
            Action::ClearLine => self.edit_outline_filter(String::clear),
            Action::Cancel => self.outline = None,
            Action::Open => {
                let selected = p.selected;
                let chosen = self.outline_entries().get(selected).copied();
                let Some(r) = &mut self.reader else { return };
                let Some(at) = chosen
                    .and_then(|i| r.outline.headings.get(i))
                    .map(|h| h.byte)
                else {
                    self.message = Some("no heading to go to".into());
                    return;
                };
                self.outline = None;
                r.jump_to(BytePos(at));
                let before = r.last_jump;
                r.scroll_up(CONTEXT_ROWS);
                r.last_jump = before;
                r.section_jump = Some((r.top, at));
            }
            other => self.common_action(other),
        }
    }
}
