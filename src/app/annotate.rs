//! Making and changing annotations: highlight a selection, edit a note,
//! change a tag, delete, undo and redo. Every change asks the event loop to
//! save (an [`Effect::Save`]) before the next key is read.

use super::{App, Effect, Notice, Pending};
use crate::annotation::{Annotation, State, new_id, rfc3339};
use crate::text::{BytePos, CharPos, decode};
use std::ops::Range;

/// One undoable change: the annotation before and after (None: absent).
#[derive(Debug, Clone)]
pub struct Change {
    pub before: Option<Annotation>,
    pub after: Option<Annotation>,
}

impl App {
    /// Milliseconds since the Unix epoch, as last told by the event loop.
    fn now(&self) -> String {
        rfc3339(self.clock)
    }

    fn random(&mut self) -> u128 {
        // xorshift128+, seeded by the event loop.
        let mut x = self.rng;
        x ^= x << 23;
        x ^= x >> 17;
        x ^= x << 26;
        self.rng = x;
        (u128::from(x) << 64) | u128::from(x.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15)
    }

    /// Tell the app the time (milliseconds since the Unix epoch) and give
    /// it randomness for ids. Called by the event loop before each event.
    pub fn tick(&mut self, unix_millis: u64, random: u64) {
        self.clock = unix_millis;
        if self.rng == 0 {
            self.rng = random | 1;
        }
    }

    /// Refuse to change annotations when their file could not be read.
    fn writable(&mut self) -> bool {
        match &self.annotations_readonly {
            Some(why) => {
                self.message = Some(format!("annotations are read-only: {why}"));
                false
            }
            None => true,
        }
    }

    /// The name of tag number `n` (1-based), falling back to the first.
    pub fn tag_name(&self, n: usize) -> String {
        self.settings
            .tags
            .get(n.wrapping_sub(1))
            .or(self.settings.tags.first())
            .map_or_else(|| "highlight".to_string(), |t| t.name.clone())
    }

    /// Highlight byte range `range` of the open article with `tag`;
    /// returns the new annotation's id. When a placed highlight covers
    /// exactly the same chars already, nothing is added: its id is
    /// returned (for the caller to focus) and the status row says so.
    pub(super) fn highlight(
        &mut self,
        range: Range<BytePos>,
        tag: String,
        note: String,
    ) -> Option<String> {
        if !self.writable() {
            return None;
        }
        let now = self.now();
        let random = self.random();
        let clock = self.clock;
        if range.is_empty() {
            return None;
        }
        let (start, end, quote, prefix, suffix) = self.describe_range(range)?;
        if quote.trim().is_empty() {
            // Blank (a lone newline, spaces): nothing would show it.
            self.message = Some("nothing to highlight: the selection is blank".into());
            return None;
        }
        if let Some((id, tag)) = self
            .highlight_of(start, end)
            .map(|a| (a.id.clone(), crate::sanitize::line(&a.tag)))
        {
            self.message = Some(format!(
                "already highlighted ({tag}): focused that highlight"
            ));
            return Some(id);
        }
        let a = Annotation {
            id: new_id(clock, random),
            start,
            end,
            quote,
            prefix,
            suffix,
            tag,
            note,
            created: now.clone(),
            updated: now,
            deleted: None,
            state: Default::default(),
            score: None,
            draft: None,
            extra: toml::Table::new(),
        };
        let id = a.id.clone();
        let said = Notice::Highlighted {
            quote: a.quote.clone(),
            chars: a.end - a.start,
            tag: a.tag.clone(),
            undo: self.undo_key(),
        };
        self.apply(Change {
            before: None,
            after: Some(a),
        });
        self.notify(said);
        Some(id)
    }

    /// The key that undoes a change (`U` unless rebound).
    fn undo_key(&self) -> String {
        let undo = self
            .keymap
            .keys_for(crate::keymap::Mode::Normal, crate::action::Action::Undo);
        undo.first().map_or("U".to_string(), |k| k.to_string())
    }

    /// The tag that `key` names (`1` … up to the number of tags), or None
    /// after saying there is no such tag.
    pub(super) fn tag_of_key(&mut self, key: char) -> Option<String> {
        let tags = &self.settings.tags;
        match key.to_digit(10) {
            Some(n @ 1..) if (n as usize) <= tags.len() => Some(tags[n as usize - 1].name.clone()),
            _ => {
                self.notify(Notice::NoSuchTag {
                    key,
                    tags: tags.len(),
                });
                None
            }
        }
    }

    /// The tags with their digits, for the status row and the help:
    /// `1 highlight`, `2 important`, `3 question`.
    pub fn tag_digits(&self) -> Vec<String> {
        self.settings
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{} {}", i + 1, crate::sanitize::line(&t.name)))
            .collect()
    }

    /// True while `c` waits for the digit of the new tag.
    pub fn picking_tag(&self) -> bool {
        self.pending == Pending::ChangeTag
    }

    /// The placed (not orphaned) highlight of exactly chars `start..end`.
    fn highlight_of(&self, start: CharPos, end: CharPos) -> Option<&Annotation> {
        self.reader
            .as_ref()?
            .annotations
            .overlapping(start, end)
            .find(|a| (a.start, a.end) == (start, end) && a.state() != State::Orphan)
    }

    /// The char range, text and context of byte range `range` of the open
    /// article: (start, end, quote, prefix, suffix).
    pub(super) fn describe_range(
        &self,
        range: Range<BytePos>,
    ) -> Option<(CharPos, CharPos, String, String, String)> {
        let r = self.reader.as_ref()?;
        let bytes = r.doc.bytes();
        let start = r.index.char_of_byte(bytes, range.start);
        let end = r.index.char_of_byte(bytes, range.end);
        let quote = decode(bytes, range.start.0..range.end.0);
        let (prefix, suffix) = crate::annotation::context(bytes, range);
        Some((start, end, quote, prefix, suffix))
    }

    /// Record and carry out a change.
    pub(super) fn apply(&mut self, change: Change) {
        self.put(&change.after, &change.before);
        self.undo.push(change);
        self.redo.clear();
    }

    /// Put `version` in place (or remove `previous` when `version` is None).
    fn put(&mut self, version: &Option<Annotation>, previous: &Option<Annotation>) {
        let Some(r) = &mut self.reader else { return };
        match (version, previous) {
            (Some(a), _) => r.annotations.put(a.clone()),
            (None, Some(p)) => r.annotations.forget(&p.id),
            (None, None) => {}
        }
        r.refresh();
        self.effects.push(Effect::Save);
    }

    /// Change the annotation `id` with `edit`, stamping the update time.
    pub(super) fn modify(&mut self, id: &str, edit: impl FnOnce(&mut Annotation)) {
        if !self.writable() {
            return;
        }
        let now = self.now();
        let Some(before) = self
            .reader
            .as_ref()
            .and_then(|r| r.annotations.get(id))
            .cloned()
        else {
            return;
        };
        let mut after = before.clone();
        edit(&mut after);
        after.updated = now;
        self.apply(Change {
            before: Some(before),
            after: Some(after),
        });
    }

    /// Delete annotation `id` (a tombstone is kept and saved).
    pub(super) fn delete(&mut self, id: &str) {
        let now = self.now();
        self.modify(id, |a| a.deleted = Some(now));
        if let Some(r) = &mut self.reader
            && r.focus.as_deref() == Some(id)
        {
            r.focus = None;
        }
        let key = self.undo_key();
        self.message = Some(format!("annotation deleted — {key} to undo"));
    }

    /// `U`: take back the last change (saved like any change).
    pub(super) fn undo(&mut self) {
        let Some(change) = self.undo.pop() else {
            self.message = Some("nothing to undo".into());
            return;
        };
        if !self.writable() {
            self.undo.push(change);
            return;
        }
        // A restored version gets a fresh update time so that it wins over
        // the version it replaces when copies are merged.
        let now = self.now();
        let restored = change.before.clone().map(|mut a| {
            a.updated = now.clone();
            a
        });
        let removed = match (&change.before, &change.after) {
            (None, Some(a)) => {
                let mut gone = a.clone();
                gone.deleted = Some(now);
                Some(gone)
            }
            _ => restored,
        };
        self.put(&removed, &change.after);
        self.redo.push(change);
        self.message = Some("undone".into());
    }

    /// `Ctrl-r`: do again what was undone.
    pub(super) fn redo(&mut self) {
        let Some(change) = self.redo.pop() else {
            self.message = Some("nothing to redo".into());
            return;
        };
        if !self.writable() {
            self.redo.push(change);
            return;
        }
        let now = self.now();
        let again = change.after.clone().map(|mut a| {
            a.updated = now.clone();
            if a.deleted.is_some() {
                a.deleted = Some(now.clone());
            }
            a
        });
        self.put(&again, &change.before);
        self.undo.push(change);
        self.message = Some("redone".into());
    }

    /// The focused annotation's id, or a message saying how to focus one.
    pub(super) fn focused(&mut self) -> Option<String> {
        let id = self.reader.as_ref().and_then(|r| r.focus.clone());
        if id.is_none() {
            self.message = Some("no annotation in focus: ] and [ go to one".into());
        }
        id
    }

    /// `]` / `[`: focus the next or previous annotation and show it.
    pub(super) fn step_annotation(&mut self, forward: bool) {
        let Some(r) = &mut self.reader else { return };
        // From the focused annotation, or from the top of the screen (where
        // an annotation starting right there counts as the next one).
        let found = match r.focus.as_ref().and_then(|id| r.annotations.get(id)) {
            Some(a) if forward => r.annotations.next_after(a.start),
            Some(a) => r.annotations.prev_before(a.start),
            None => {
                let top = r.top_char();
                if forward {
                    r.annotations.first_from(top)
                } else {
                    r.annotations.prev_before(top)
                }
            }
        };
        let Some(a) = found.cloned() else {
            self.message = Some(
                if forward {
                    "no annotation after this one"
                } else {
                    "no annotation before this one"
                }
                .into(),
            );
            return;
        };
        r.focus = Some(a.id.clone());
        self.reveal_focus();
    }

    /// Fit the rows to the focused annotation's note and bring the
    /// annotation into view a few rows below the top ([`super::scrolloff`]).
    pub(super) fn reveal_focus(&mut self) {
        self.sync_rows();
        let Some(r) = &mut self.reader else { return };
        let Some(start) = r
            .focus
            .as_ref()
            .and_then(|id| r.annotations.get(id))
            .map(|a| a.start)
        else {
            return;
        };
        let p = r.byte_of_char(start);
        r.reveal(p, super::scrolloff(r.text_rows));
    }

    /// Pending `c`: the next digit is the new tag of the focused
    /// annotation; a key that names no tag changes nothing and says so.
    pub(super) fn change_tag(&mut self, key: char) {
        let Some(tag) = self.tag_of_key(key) else {
            return;
        };
        let Some(id) = self.focused() else { return };
        let shown = crate::sanitize::line(&tag);
        self.modify(&id, |a| a.tag = tag);
        if self.annotations_readonly.is_none() {
            self.notify(Notice::TagChanged(shown));
        }
    }

    /// Ask for `text` to be copied to the clipboard.
    pub(super) fn copy(&mut self, text: String) {
        let chars = text.chars().count();
        self.effects.push(Effect::Copy(text));
        self.message = Some(format!("copied {chars} characters"));
    }

    /// Start waiting for the tag digit after `c` (the status row shows
    /// the tags to pick from, see [`App::picking_tag`]).
    pub(super) fn start_change_tag(&mut self) {
        if self.focused().is_some() {
            self.pending = Pending::ChangeTag;
        }
    }
}
