//! The notes browser in the app: its keys, and the effects its requests
//! become (open an article at a note, save a changed note, gather the
//! notes). The browser's own state and rules are [`crate::browser`].
//!
//! Keys: while the filter line has the keys (at first, and after `/` or
//! `f`) letters type into it, Up/Down (and `C-n`/`C-p`) move, Enter opens,
//! Esc gives the keys to the list. In the list the browser's key map
//! applies (`a` edit, `c` tag, `x` delete, `u` undo, `s` sort, `q` close).

use super::{App, Effect, Pending};
use crate::action::Action;
use crate::browser::{Batch, Browser, Request};
use crate::keymap::{Key, Mode};
use std::path::PathBuf;

impl App {
    /// Open the notes browser over `dirs` (the loader is asked to gather
    /// their notes).
    pub fn open_browser(&mut self, title: impl Into<String>, dirs: Vec<PathBuf>) {
        self.browser = Some(Browser::new(title));
        self.effects.push(Effect::GatherNotes(dirs));
    }

    /// `annotty review`: the notes browser over the notes `due` (ids, in
    /// order) under `dirs`.
    pub fn open_review(&mut self, dirs: Vec<PathBuf>, due: Vec<String>) {
        let title = format!(
            "review: {} for today",
            crate::words::count(due.len(), "highlight")
        );
        self.open_browser(title, dirs);
        if let Some(b) = &mut self.browser {
            b.review = Some(due);
            b.typing = false;
        }
    }

    /// The time the event loop last gave (milliseconds since the Unix
    /// epoch).
    pub fn clock(&self) -> u64 {
        self.clock
    }

    /// Notes the loader gathered.
    pub fn gathered(&mut self, batch: Batch) {
        if let Some(b) = &mut self.browser {
            b.take(batch);
        }
    }

    /// What a save through the notebook of `sidecar` left there.
    pub fn note_saved(
        &mut self,
        sidecar: &std::path::Path,
        on_disk: Vec<crate::annotation::Annotation>,
    ) {
        if let Some(b) = &mut self.browser {
            b.saved(sidecar, on_disk);
        }
    }

    /// The note to focus once the article opened from the browser has its
    /// notes (see [`App::focus_waiting_note`]).
    pub fn waiting_note(&self) -> Option<&str> {
        self.focus_note.as_deref()
    }

    /// The article opened from the browser has its notes: focus the note
    /// Enter was pressed on and bring it into view.
    pub fn focus_waiting_note(&mut self) {
        let Some(id) = self.focus_note.take() else {
            return;
        };
        if let Some(name) = crate::bookmark::named_by_id(&id) {
            return self.mark_key(Pending::JumpToMark, name);
        }
        let Some(r) = &mut self.reader else { return };
        if r.annotations.get(&id).is_none() {
            self.message = Some("the note is no longer in this article".into());
            return;
        }
        r.focus = Some(id);
        self.reveal_focus();
    }

    /// A key in the browser.
    pub(super) fn browser_key(&mut self, key: Key) {
        let Some(b) = &mut self.browser else { return };
        if let Some(area) = &mut b.editing {
            match key {
                Key::Ctrl('s') => {
                    let request = b.finish_editing(self.clock);
                    self.browser_request(request.map(Ok));
                }
                Key::Esc => b.editing = None,
                other => {
                    area.key(other);
                }
            }
            return;
        }
        if b.typing {
            let types = matches!(
                key,
                Key::Char(_) | Key::Backspace | Key::Ctrl('h' | 'u' | 'w')
            );
            if !types {
                // Moving or opening acts on the list the filter makes.
                b.settle();
            }
            match key {
                Key::Char(c) => b.edit_filter_later(|f| f.push(c)),
                Key::Backspace | Key::Ctrl('h') => b.edit_filter_later(|f| {
                    f.pop();
                }),
                Key::Ctrl('u') => b.edit_filter_later(String::clear),
                Key::Ctrl('w') => b.edit_filter_later(|f| {
                    let keep = f.trim_end().rfind(' ').map_or(0, |i| i + 1);
                    f.truncate(keep);
                }),
                Key::Down | Key::Ctrl('n') | Key::Tab => b.move_by(1),
                Key::Up | Key::Ctrl('p') | Key::BackTab => b.move_by(-1),
                Key::PageDown => b.move_by(self.size.1 as isize / 2),
                Key::PageUp => b.move_by(-(self.size.1 as isize / 2)),
                Key::Enter => self.browser_action(Action::Open),
                Key::Esc => b.typing = false,
                Key::Ctrl('c') => self.quit = true,
                Key::Ctrl('z') => self.effects.push(Effect::Suspend),
                Key::F(1) => self.open_help(),
                _ => {}
            }
            return;
        }
        match self.keymap.action(Mode::Browser, key) {
            Some(action) => self.update(action),
            None => self.count = None,
        }
    }

    /// A digit after `c`: the selected note gets that tag.
    pub(super) fn browser_tag(&mut self, key: char) {
        let Some(tag) = self.tag_of_key(key) else {
            return;
        };
        let Some(b) = &mut self.browser else { return };
        let request = b.set_tag(&tag, self.clock);
        self.browser_request(request.map(Ok));
    }

    /// Before a frame is drawn: the browser's list follows the filter
    /// line typed since the last frame.
    pub fn before_frame(&mut self) {
        if let Some(b) = &mut self.browser {
            b.settle();
        }
    }

    pub(super) fn browser_action(&mut self, action: Action) {
        let rows = self.size.1.saturating_sub(3) as isize / 2;
        let clock = self.clock;
        let Some(b) = &mut self.browser else { return };
        b.settle();
        if let Some(name) = b.selected_bookmark()
            && matches!(
                action,
                Action::EditNote | Action::ChangeTag | Action::Delete
            )
        {
            self.message = Some(format!(
                "a bookmark, not a note: Enter goes there; m {name} in the article sets it again"
            ));
            return;
        }
        match action {
            Action::ScrollDown => b.move_by(1),
            Action::ScrollUp => b.move_by(-1),
            Action::PageDown => b.move_by(rows.max(1)),
            Action::PageUp => b.move_by(-rows.max(1)),
            Action::Top => b.move_by(isize::MIN / 2),
            Action::Bottom => b.move_by(isize::MAX / 2),
            Action::Filter => b.typing = true,
            Action::SearchForward => {
                b.typing = true;
                if !b.filter.contains('/') {
                    b.edit_filter(|f| {
                        if !f.is_empty() && !f.ends_with(' ') {
                            f.push(' ');
                        }
                        f.push('/');
                    });
                }
            }
            Action::Sort => {
                b.cycle_sort();
                self.message = Some(format!("sorted by {}", b.sort.name()));
            }
            Action::EditNote => {
                b.start_editing();
                if let Some(area) = &mut b.editing {
                    area.set_wrap(self.settings.typeset.wrap);
                }
            }
            Action::ChangeTag => {
                if b.selected_row().is_some() {
                    self.pending = Pending::ChangeTag;
                }
            }
            Action::Delete => {
                let request = b.delete(clock);
                if request.is_some() {
                    self.message = Some("note deleted (u brings it back)".into());
                }
                self.browser_request(request.map(Ok));
            }
            Action::Undo => {
                let request = b.undo(clock);
                self.browser_request(Some(request));
            }
            Action::Open => {
                // Back from the article, the keys are the list's.
                b.typing = false;
                let request = b.open();
                self.browser_request(Some(request));
            }
            Action::ReviewKeep | Action::ReviewLess => {
                let answer = match action {
                    Action::ReviewKeep => crate::review::Answer::Keep,
                    _ => crate::review::Answer::Less,
                };
                if b.review.is_none() {
                    self.message = Some("only in a review (annotty review)".into());
                    return;
                }
                let Some(id) = b.selected_row().map(|r| r.note.id.clone()) else {
                    return;
                };
                b.answered(&id);
                let left = b.review.as_ref().map_or(0, Vec::len);
                self.message = Some(match (answer, left) {
                    (_, 0) => "done for today".to_string(),
                    (crate::review::Answer::Keep, _) => "again tomorrow".to_string(),
                    (crate::review::Answer::Less, _) => "shown less often".to_string(),
                });
                self.effects.push(Effect::Review { id, answer });
            }
            Action::ReviewDone => {
                if b.review.is_some() {
                    self.effects.push(Effect::ReviewDoneToday);
                }
                self.close_browser();
            }
            Action::Quit | Action::Cancel => self.close_browser(),
            other => self.common_action(other),
        }
    }

    /// Carry out what the browser asked for (or say why it cannot).
    fn browser_request(&mut self, request: Option<Result<Request, String>>) {
        match request {
            None => {}
            Some(Err(why)) => self.message = Some(crate::sanitize::line(&why)),
            Some(Ok(Request::Save { sidecar, change })) => {
                self.effects.push(Effect::SaveNote { sidecar, change })
            }
            Some(Ok(Request::Open { article, id })) => {
                self.focus_note = Some(id);
                self.effects
                    .push(Effect::Open(crate::library::EntrySource::File(article)));
            }
        }
    }

    /// `q` in the browser: back to the library it was opened from, or quit.
    fn close_browser(&mut self) {
        self.browser = None;
        self.effects.push(Effect::StopGathering);
        if self.library.is_none() {
            self.quit = true;
        }
    }
}
