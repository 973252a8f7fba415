//! The note editor popup and the notes panel (`Tab`).

use super::{App, Effect};
use crate::action::Action;
use crate::annotation::{Annotation, State};
use crate::editor::TextArea;
use crate::keymap::Key;

/// The note editor: which annotation's note, and the text being written.
pub struct NoteEditor {
    pub id: String,
    pub area: TextArea,
    /// Set by a first `Esc` on a changed note: a second one discards.
    pub confirm_discard: bool,
}

/// The list of the article's annotations.
#[derive(Debug, Clone, Default)]
pub struct NotesPanel {
    pub filter: String,
    /// True while typing into the filter.
    pub filtering: bool,
    /// Index into the filtered list.
    pub selected: usize,
}

/// True when `a` matches the notes panel's filter (case-insensitive, on
/// quote, note or tag).
fn matches(a: &Annotation, filter: &str) -> bool {
    if filter.is_empty() {
        return true;
    }
    let f = filter.to_lowercase();
    [&a.quote, &a.note, &a.tag]
        .iter()
        .any(|t| t.to_lowercase().contains(&f))
}

impl App {
    /// Open the note editor on annotation `id`.
    pub(super) fn open_editor(&mut self, id: String) {
        let found = self
            .reader
            .as_ref()
            .and_then(|r| r.annotations.get(&id))
            .map(|a| (a.note.clone(), a.draft().map(str::to_string)));
        let Some((note, draft)) = found else { return };
        let mut area = match &draft {
            Some(d) => {
                self.message = Some(
                    "this is the draft kept when annotty was ended: Ctrl-s saves it, Esc Esc discards it"
                        .into(),
                );
                TextArea::changed_from(&note, d)
            }
            None => TextArea::new(&note),
        };
        area.set_wrap(self.settings.typeset.wrap);
        let (w, h) = self.editor_size();
        area.scroll_to_cursor(w, h);
        self.editor = Some(NoteEditor {
            id,
            area,
            confirm_discard: false,
        });
        self.sync_rows();
    }

    /// Keys in the note editor: its bindings first, then text editing.
    pub(super) fn editor_key(&mut self, key: Key) {
        match self.keymap.action(crate::keymap::Mode::Editor, key) {
            Some(Action::Save) => self.save_note(),
            Some(Action::Cancel) => {
                let Some(ed) = &mut self.editor else { return };
                if ed.area.is_changed() && !ed.confirm_discard {
                    ed.confirm_discard = true;
                    self.message =
                        Some("discard this note? Esc again to discard, Ctrl-s to save".into());
                } else {
                    let id = ed.id.clone();
                    self.editor = None;
                    self.drop_draft(&id);
                    self.sync_rows();
                }
            }
            Some(Action::ExternalEditor) => {
                if let Some(ed) = &self.editor {
                    let (id, text) = (ed.id.clone(), ed.area.text().to_string());
                    self.edit_externally(id, text);
                }
            }
            Some(other) => self.common_action(other),
            None => {
                if let Some(ed) = &mut self.editor {
                    ed.confirm_discard = false;
                    ed.area.key(key);
                    let (w, h) = self.editor_size();
                    if let Some(ed) = &mut self.editor {
                        ed.area.scroll_to_cursor(w, h);
                    }
                }
            }
        }
    }

    /// Ask for `text`, the note of annotation `id`, to be written in
    /// `$EDITOR`, with its highlighted text shown above it.
    pub(super) fn edit_externally(&mut self, id: String, text: String) {
        let quote = self
            .reader
            .as_ref()
            .and_then(|r| r.annotations.get(&id))
            .map(|a| a.quote.clone())
            .unwrap_or_default();
        self.effects
            .push(Effect::EditExternally { id, text, quote });
    }

    /// Text pasted while the editor is open.
    pub fn paste(&mut self, text: &str) {
        if let Some(ed) = &mut self.editor {
            ed.area.insert_str(text);
            let (w, h) = self.editor_size();
            if let Some(ed) = &mut self.editor {
                ed.area.scroll_to_cursor(w, h);
            }
        } else if self.prompt.is_some() || self.library_typing() {
            for c in text.chars().filter(|c| !c.is_control()) {
                self.key(Key::Char(c));
            }
        }
    }

    /// Inner width and height the editor popup asks for (see
    /// `ui::editor_rect`, which may clip it on a small screen).
    pub fn editor_size(&self) -> (usize, usize) {
        let w = (self.text_width() as u16)
            .min(self.size.0)
            .saturating_sub(2)
            .max(1);
        let h = (self.size.1 / 2).max(3).saturating_sub(2).max(1);
        (w as usize, h as usize)
    }

    /// A draft of annotation `id`'s note, once it is saved or discarded, is
    /// dropped.
    fn drop_draft(&mut self, id: &str) {
        let has_draft = self
            .reader
            .as_ref()
            .and_then(|r| r.annotations.get(id))
            .is_some_and(|a| a.draft().is_some());
        if has_draft {
            self.modify(id, |a| a.set_draft(None));
        }
    }

    /// annotty is ending (a signal, a closed terminal) with the
    /// note editor open on changed text: keep the text as the note's
    /// draft (the note itself stays as it was) and ask for a save. True
    /// when there was one to keep.
    pub fn keep_draft(&mut self) -> bool {
        let Some(ed) = &self.editor else { return false };
        if !ed.area.is_changed() {
            return false;
        }
        let (id, text) = (ed.id.clone(), ed.area.text().to_string());
        let same = self
            .reader
            .as_ref()
            .and_then(|r| r.annotations.get(&id))
            .is_some_and(|a| a.draft() == Some(text.as_str()));
        if !same {
            self.modify(&id, |a| a.set_draft(Some(text)));
        }
        true
    }

    /// `Ctrl-s`: store the note.
    fn save_note(&mut self) {
        let Some(ed) = self.editor.take() else { return };
        let text = ed.area.text().to_string();
        self.set_note(&ed.id, text);
        self.sync_rows();
    }

    /// Set the note of annotation `id` (from the editor or `$EDITOR`).
    pub fn set_note(&mut self, id: &str, text: String) {
        let unchanged = self
            .reader
            .as_ref()
            .and_then(|r| r.annotations.get(id))
            .is_some_and(|a| a.note == text && a.draft().is_none());
        if !unchanged {
            self.modify(id, |a| {
                a.note = text;
                a.set_draft(None);
            });
            self.message = Some("note saved".into());
        }
    }

    /// The text `$EDITOR` left for annotation `id`.
    pub fn edited_externally(&mut self, id: &str, text: String) {
        let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
        match &mut self.editor {
            Some(ed) if ed.id == id => {
                ed.area = TextArea::new(&text);
                self.editor = None;
                self.set_note(id, text);
            }
            _ => self.set_note(id, text),
        }
        self.sync_rows();
    }

    /// The annotations the notes panel lists: those on the text in text
    /// order, then the orphans.
    pub fn notes_entries(&self) -> Vec<&Annotation> {
        let filter = self.notes.as_ref().map_or("", |n| n.filter.as_str());
        let Some(r) = &self.reader else {
            return Vec::new();
        };
        let placed = r
            .annotations
            .live()
            .iter()
            .filter(|a| a.state() != State::Orphan);
        placed
            .chain(r.annotations.orphans())
            .filter(|a| matches(a, filter))
            .collect()
    }

    /// `Tab`: the notes panel, on the focused highlight if there is one.
    pub(super) fn open_notes_panel(&mut self) {
        self.notes = Some(NotesPanel::default());
        let focus = self.reader.as_ref().and_then(|r| r.focus.clone());
        let at = focus.and_then(|id| self.notes_entries().iter().position(|a| a.id == id));
        if let (Some(i), Some(panel)) = (at, &mut self.notes) {
            panel.selected = i;
        }
    }

    /// Rows of the notes panel's list, for a screen of the app's size:
    /// the box (over all but the status row) less its borders and the
    /// filter line.
    pub fn notes_list_rows(&self) -> usize {
        self.size.1.saturating_sub(1 + 2 + 1) as usize
    }

    /// The first entry the notes panel shows: the selected one stays on
    /// screen.
    pub fn notes_first(&self) -> usize {
        let selected = self.notes.as_ref().map_or(0, |n| n.selected);
        selected.saturating_sub(self.notes_list_rows().saturating_sub(1))
    }

    /// Move the notes panel's selection by `rows` (the wheel).
    pub(super) fn notes_move_by(&mut self, rows: isize) {
        let len = self.notes_entries().len();
        if let Some(panel) = &mut self.notes {
            panel.selected = panel
                .selected
                .saturating_add_signed(rows)
                .min(len.saturating_sub(1));
        }
    }

    /// A click at screen row `y` in the notes panel: the entry there is
    /// selected; a click on the selected one goes to it (like `Enter`).
    pub(super) fn notes_click(&mut self, y: u16) {
        // The list starts under the top border and the filter line.
        let Some(row) = (y as usize).checked_sub(2) else {
            return;
        };
        if row >= self.notes_list_rows() {
            return;
        }
        let i = self.notes_first() + row;
        if i >= self.notes_entries().len() {
            return;
        }
        match &mut self.notes {
            Some(panel) if panel.selected == i => self.notes_action(Action::Open),
            Some(panel) => panel.selected = i,
            None => {}
        }
    }

    /// How many annotations the notes panel lists without a filter.
    pub fn notes_total(&self) -> usize {
        self.reader.as_ref().map_or(0, |r| {
            r.annotations
                .live()
                .iter()
                .filter(|a| a.state() != State::Orphan)
                .count()
                + r.annotations.orphans().count()
        })
    }

    /// `r` on an orphan: put it on the last selection.
    fn reattach(&mut self, id: &str) {
        let Some(r) = &self.reader else { return };
        if r.annotations
            .get(id)
            .is_none_or(|a| a.state() != State::Orphan)
        {
            self.message = Some("only an orphan can be re-attached".into());
            return;
        }
        let Some(range) = r.last_selection.clone() else {
            self.message = Some("select the new text first (v, motions, Esc), then r here".into());
            return;
        };
        let Some((start, end, quote, prefix, suffix)) = self.describe_range(range) else {
            return;
        };
        self.modify(id, |a| {
            a.start = start;
            a.end = end;
            a.quote = quote;
            a.prefix = prefix;
            a.suffix = suffix;
            a.set_placed();
        });
        self.message = Some("re-attached".into());
    }

    /// Keys in the notes panel.
    pub(super) fn notes_key(&mut self, key: Key) {
        if self.notes.as_ref().is_some_and(|n| n.filtering) {
            let Some(panel) = &mut self.notes else { return };
            match key {
                Key::Enter => panel.filtering = false,
                Key::Esc => {
                    panel.filtering = false;
                    panel.filter.clear();
                }
                Key::Backspace => {
                    panel.filter.pop();
                }
                Key::Char(c) => panel.filter.push(c),
                _ => {}
            }
            panel.selected = 0;
            return;
        }
        match self.keymap.action(crate::keymap::Mode::Notes, key) {
            Some(action) => self.notes_action(action),
            None => self.count = None,
        }
    }

    pub(super) fn notes_action(&mut self, action: Action) {
        let len = self.notes_entries().len();
        let Some(panel) = &mut self.notes else { return };
        match action {
            Action::ScrollDown => panel.selected = (panel.selected + 1).min(len.saturating_sub(1)),
            Action::ScrollUp => panel.selected = panel.selected.saturating_sub(1),
            Action::Filter => panel.filtering = true,
            Action::Reattach => {
                let chosen = self
                    .notes_entries()
                    .get(self.notes.as_ref().map_or(0, |n| n.selected))
                    .map(|a| a.id.clone());
                if let Some(id) = chosen {
                    self.reattach(&id);
                }
            }
            Action::Cancel => self.notes = None,
            Action::Open | Action::Delete => {
                let chosen = self
                    .notes_entries()
                    .get(self.notes.as_ref().map_or(0, |n| n.selected))
                    .map(|a| a.id.clone());
                let Some(id) = chosen else { return };
                if action == Action::Delete {
                    self.delete(&id);
                    let len = self.notes_entries().len();
                    if let Some(panel) = &mut self.notes {
                        panel.selected = panel.selected.min(len.saturating_sub(1));
                    }
                } else {
                    self.notes = None;
                    if let Some(r) = &mut self.reader {
                        r.focus = Some(id);
                    }
                    self.reveal_focus();
                }
            }
            other => self.common_action(other),
        }
    }
}
