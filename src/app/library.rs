//! The library view in the app: its keys (moving, opening, `s` the next
//! order, `/` the filter typed as it is applied, `A` a URL or file to add
//! as a snapshot, `n` the notes browser), and the details the catalog
//! reads coming in. The list's own state and rules are
//! [`crate::library`].

use super::{App, Effect};
use crate::action::Action;
use crate::keymap::Key;
use crate::library::{Details, Library, Line};

impl App {
    /// Show a library.
    pub fn set_library(&mut self, library: Library) {
        self.library = Some(library);
    }

    /// Articles the library's listing found (`done`: all of them).
    pub fn library_listed(&mut self, batch: Vec<crate::library::Entry>, done: bool) {
        if let Some(lib) = &mut self.library {
            lib.add_listed(batch, done);
        }
    }

    /// Details of library entries the catalog read (indices into its
    /// entries).
    pub fn library_details(&mut self, batch: Vec<(usize, Details)>) {
        if let Some(lib) = &mut self.library {
            lib.take_details(batch);
        }
    }

    /// Ask for the details of the library rows on screen (about a screen
    /// around the selection) that are neither read nor asked for yet.
    pub(super) fn want_library_details(&mut self) {
        if self.mode() != super::Mode::Library {
            return;
        }
        let reach = self.text_rows();
        let Some(lib) = &mut self.library else { return };
        let wanted = lib.details_wanted_near_selection(reach);
        if !wanted.is_empty() {
            let entries = wanted
                .into_iter()
                .map(|i| (i, lib.entries[i].source.clone()))
                .collect();
            self.effects.push(Effect::ReadDetails(entries));
        }
    }

    pub(super) fn library_action(&mut self, action: Action, count: Option<usize>) {
        let page = self.text_rows().saturating_sub(2).max(1) as isize;
        let Some(lib) = &mut self.library else {
            self.common_action(action);
            return;
        };
        let n = count.unwrap_or(1) as isize;
        match action {
            Action::ScrollDown => lib.move_by(n),
            Action::ScrollUp => lib.move_by(-n),
            Action::PageDown => lib.move_by(page),
            Action::PageUp => lib.move_by(-page),
            Action::Top => lib.move_by(isize::MIN / 2),
            Action::Bottom => lib.move_by(isize::MAX / 2),
            Action::Open => {
                if let Some(entry) = lib.selected_entry() {
                    self.effects.push(Effect::Open(entry.source.clone()));
                }
            }
            Action::Sort => {
                lib.set_sort(lib.sort.next());
                self.message = Some(format!("sorted by {}", lib.sort.name()));
            }
            Action::Filter => lib.line = Some(Line::Filter),
            Action::AddArticle => {
                lib.typed.clear();
                lib.line = Some(Line::Add);
            }
            Action::Quit => self.quit = true,
            Action::NotesBrowser => {
                let title = format!("notes under {}", lib.title);
                let dirs = lib.dir.clone().into_iter().collect();
                self.open_browser(title, dirs);
            }
            other => self.common_action(other),
        }
    }

    /// True when the library has a line being typed (its keys go there).
    pub(super) fn library_typing(&self) -> bool {
        self.library.as_ref().is_some_and(|l| l.line.is_some())
    }

    /// A key while a line is typed in the library: the filter (applied
    /// as typed; `Enter` keeps it, `Esc` clears it) or what to add
    /// (`Enter` adds it, `Esc` gives up).
    pub(super) fn library_line_key(&mut self, key: Key) {
        let Some(lib) = &mut self.library else { return };
        let Some(line) = lib.line else { return };
        let mut text = match line {
            Line::Filter => lib.filter.clone(),
            Line::Add => lib.typed.clone(),
        };
        match key {
            Key::Char(c) => text.push(c),
            Key::Backspace | Key::Ctrl('h') if text.is_empty() => lib.line = None,
            Key::Backspace | Key::Ctrl('h') => {
                text.pop();
            }
            Key::Ctrl('u') => text.clear(),
            Key::Ctrl('w') => {
                let keep = text.trim_end().rfind(' ').map_or(0, |i| i + 1);
                text.truncate(keep);
            }
            Key::Down | Key::Ctrl('n') if line == Line::Filter => lib.move_by(1),
            Key::Up | Key::Ctrl('p') if line == Line::Filter => lib.move_by(-1),
            Key::Enter => {
                lib.line = None;
                if line == Line::Add && !text.trim().is_empty() {
                    let what = text.trim().to_string();
                    self.message = Some(format!("adding {}…", crate::sanitize::line(&what)));
                    self.effects.push(Effect::AddArticle(what));
                }
                return;
            }
            Key::Esc | Key::Ctrl('c') => {
                lib.line = None;
                text.clear();
                if line == Line::Add {
                    return;
                }
            }
            _ => return,
        }
        match line {
            Line::Filter if text != lib.filter => lib.set_filter(&text),
            Line::Filter => {}
            Line::Add => lib.typed = text,
        }
    }
}
