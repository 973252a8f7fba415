//! The notes browser (`annotty notes`, `n` in the library): every note
//! under some directories in one list, filtered as the filter line says
//! ([`filter`]), sorted, with the selected one's quote in context and its
//! whole note; notes can be edited, re-tagged and deleted (undoably)
//! without leaving it.
//!
//! Pure state: the notes come in [`Batch`]es from the loader
//! (`crate::gather`, which walks the directories and reads the sidecars in
//! the background), and what needs the outside world — opening an article,
//! saving a changed note through the notebook — comes back from the
//! methods as a [`Request`] that the app turns into an effect. Positions
//! are char offsets as in [`crate::annotation`].

pub mod filter;
pub mod fuzzy;

use crate::annotation::{Annotation, rfc3339};
use crate::editor::TextArea;
use filter::Query;
use std::path::PathBuf;
use std::sync::Arc;

/// An article whose sidecar holds notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The sidecar the notes are read from and saved to.
    pub sidecar: PathBuf,
    /// The article's file, when it is known (`None` for a sidecar in the
    /// data directory, kept by content hash).
    pub article: Option<PathBuf>,
    /// Its title: the article's first line, else its file name.
    pub title: String,
    /// Its file name as the sidecar records it.
    pub file: String,
    /// Bookmarks kept in the sidecar.
    pub bookmarks: Vec<crate::bookmark::Bookmark>,
    /// Where the walk found the sidecar (0 first): the article order of
    /// the list, the same whichever sidecar is read first.
    pub order: usize,
    lower_title: String,
    lower_file: String,
}

impl Source {
    pub fn new(sidecar: PathBuf, article: Option<PathBuf>, title: String, file: String) -> Source {
        Source {
            lower_title: title.to_lowercase(),
            lower_file: file.to_lowercase(),
            sidecar,
            article,
            title,
            file,
            bookmarks: Vec::new(),
            order: 0,
        }
    }
}

/// One note in the list.
#[derive(Debug, Clone)]
pub struct NoteRow {
    pub source: Arc<Source>,
    pub note: Annotation,
    /// Where its article came in the walk (article order; its source's
    /// [`Source::order`]).
    pub order: usize,
    /// Set for a row that stands for a bookmark (`m` + this letter), not a
    /// note: `note` then only shows it (tag `bookmark`, the text after it
    /// as the quote) and is never saved.
    pub bookmark: Option<char>,
    lower_quote: String,
    lower_note: String,
}

/// The tag shown on a bookmark's row (so `tag:bookmark` lists them).
pub const BOOKMARK_TAG: &str = "bookmark";

impl NoteRow {
    pub fn new(source: Arc<Source>, note: Annotation, order: usize) -> NoteRow {
        NoteRow {
            lower_quote: note.quote.to_lowercase(),
            lower_note: note.note.to_lowercase(),
            source,
            note,
            order,
            bookmark: None,
        }
    }

    /// The row of bookmark `b` of `source`'s article.
    pub fn of_bookmark(
        source: Arc<Source>,
        b: &crate::bookmark::Bookmark,
        order: usize,
    ) -> NoteRow {
        // The annotation a bookmark is placed as, shown as a point.
        let mut note = crate::bookmark::as_annotation(b);
        note.end = note.start;
        note.quote = b
            .suffix
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(80)
            .collect();
        note.tag = BOOKMARK_TAG.into();
        note.note = format!("'{}", b.name);
        NoteRow {
            bookmark: Some(b.name),
            ..NoteRow::new(source, note, order)
        }
    }
}

/// What the loader found since its last batch.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Sidecars read, each with its live notes.
    pub read: Vec<(Arc<Source>, Vec<Annotation>)>,
    /// Sidecars (and directories) that could not be read, one line each
    /// (skipped, never changed).
    pub unreadable: Vec<String>,
    /// How many sidecars the walk has found so far.
    pub found: usize,
    /// True in the last batch.
    pub done: bool,
}

/// The order of the list (the fuzzy score comes first while fuzzy words
/// are typed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Newest,
    Oldest,
    /// By article (in the order they were found), then by place in it.
    Article,
}

impl Sort {
    pub fn name(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Article => "article order",
        }
    }

    fn next(self) -> Sort {
        match self {
            Sort::Newest => Sort::Oldest,
            Sort::Oldest => Sort::Article,
            Sort::Article => Sort::Newest,
        }
    }
}

/// Something the browser needs done outside it.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Open the article with the note `id` focused.
    Open { article: PathBuf, id: String },
    /// Make this change to a note through the notebook of `sidecar`, on
    /// the note as the sidecar holds it then (another process may have
    /// changed it since the browser read it).
    Save { sidecar: PathBuf, change: Change },
}

/// A change the browser makes to one note: only what the reader changed,
/// so what another process changed in the note's other fields is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The note's id.
    pub id: String,
    pub edit: Edit,
    /// When it was made (milliseconds since the Unix epoch): the note's
    /// new `updated` time.
    pub at_millis: u64,
}

/// What a [`Change`] does.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// The note's text becomes this.
    Note(String),
    /// Its tag becomes this.
    Tag(String),
    /// It is deleted (a tombstone).
    Delete,
    /// It is brought back (undo of a delete); this version of it when the
    /// sidecar no longer holds it at all.
    Undelete(Box<Annotation>),
}

impl Change {
    /// The note `current` (as a sidecar holds it; `None`: not there) after
    /// the change, `None` when there is nothing to change.
    pub fn apply(&self, current: Option<&Annotation>) -> Option<Annotation> {
        let mut after = match (current, &self.edit) {
            (Some(a), _) => a.clone(),
            (None, Edit::Undelete(before)) => (**before).clone(),
            (None, _) => return None,
        };
        match &self.edit {
            Edit::Note(text) => after.note.clone_from(text),
            Edit::Tag(tag) => after.tag.clone_from(tag),
            Edit::Delete => after.deleted = Some(rfc3339(self.at_millis)),
            Edit::Undelete(_) => after.deleted = None,
        }
        if current == Some(&after) {
            return None;
        }
        after.updated = rfc3339(self.at_millis);
        Some(after)
    }

    /// The change that undoes this one, made on `before` (the note as it
    /// was), at `at_millis`.
    fn undoing(&self, before: &Annotation, at_millis: u64) -> Change {
        let edit = match &self.edit {
            Edit::Note(_) => Edit::Note(before.note.clone()),
            Edit::Tag(_) => Edit::Tag(before.tag.clone()),
            Edit::Delete => Edit::Undelete(Box::new(before.clone())),
            Edit::Undelete(_) => Edit::Delete,
        };
        Change {
            id: self.id.clone(),
            edit,
            at_millis,
        }
    }
}

/// One change made in the browser, kept so `u` can undo it.
#[derive(Debug, Clone)]
struct Done {
    source: Arc<Source>,
    /// The note before the change.
    before: Annotation,
    change: Change,
}

/// What identifies a row across changes of the list: its sidecar and the
/// note's id (two sidecars may hold notes with the same id: an article
/// copied with its sidecar).
type RowKey = (PathBuf, String);

/// The browser's state.
#[derive(Debug, Clone, Default)]
pub struct Browser {
    /// What it browses, for the status row (the directories).
    pub title: String,
    rows: Vec<NoteRow>,
    /// The listed rows (indices into `rows`), filtered and sorted.
    shown: Vec<usize>,
    /// Each row's score under the current filter.
    scores: Vec<i64>,
    /// The filter line as typed.
    pub filter: String,
    query: Query,
    /// What is wrong with the filter line (the list keeps the last good
    /// filter's rows).
    pub problem: Option<String>,
    /// True while keys type into the filter line.
    pub typing: bool,
    /// Index into the listed rows.
    pub selected: usize,
    pub sort: Sort,
    /// Sidecars read so far and found so far, and whether the walk is over.
    pub read: usize,
    pub found: usize,
    pub done: bool,
    /// Sidecars (and directories) skipped, with why.
    pub unreadable: Vec<String>,
    /// The note being edited (`a`), of the selected row.
    pub editing: Option<TextArea>,
    /// `c` was pressed: a digit chooses the tag.
    pub choosing_tag: bool,
    /// The changes made, newest last (`u` undoes).
    undo: Vec<Done>,
    /// The filter line changed since the list was filtered.
    stale: bool,
    /// In a review (`annotty review`): the notes to show, by id, in order
    /// (answered ones leave it); no other note is listed.
    pub review: Option<Vec<String>>,
    /// The reader moved the selection; until then it stays on the first
    /// row while rows arrive (so a review starts on its first due note).
    moved: bool,
}

impl Browser {
    pub fn new(title: impl Into<String>) -> Browser {
        Browser {
            title: title.into(),
            typing: true,
            ..Browser::default()
        }
    }

    /// Take in what the loader found: its rows are listed at once (in
    /// order, filtered), the selection staying on the same note.
    pub fn take(&mut self, batch: Batch) {
        self.settle();
        let keep = self.selected_key();
        let from = self.rows.len();
        for (source, notes) in batch.read {
            let order = source.order;
            self.read += 1;
            for note in notes.into_iter().filter(Annotation::is_live) {
                self.rows.push(NoteRow::new(source.clone(), note, order));
            }
            for b in &source.bookmarks {
                self.rows
                    .push(NoteRow::of_bookmark(source.clone(), b, order));
            }
        }
        self.found = batch.found.max(self.read);
        self.done |= batch.done;
        self.unreadable.extend(batch.unreadable);
        for i in from..self.rows.len() {
            let score = self.score(&self.rows[i]);
            self.scores.push(score.unwrap_or(0));
            if score.is_some() {
                self.shown.push(i);
            }
        }
        if self.rows.len() > from {
            self.order();
            if self.moved {
                self.reselect(keep);
            } else {
                self.selected = 0;
            }
        }
    }

    /// Every note read (of every sidecar).
    pub fn total(&self) -> usize {
        self.rows.len()
    }

    /// How many notes the filter keeps.
    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// The `i`-th listed note.
    pub fn row(&self, i: usize) -> Option<&NoteRow> {
        self.shown.get(i).map(|&r| &self.rows[r])
    }

    /// The selected note.
    pub fn selected_row(&self) -> Option<&NoteRow> {
        self.row(self.selected)
    }

    /// Move the selection by `delta` rows, inside the list.
    pub fn move_by(&mut self, delta: isize) {
        self.moved |= delta != 0;
        let last = self.shown.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize)
            .saturating_add(delta)
            .clamp(0, last) as usize;
    }

    /// Change the filter line; the list follows when it parses.
    pub fn edit_filter(&mut self, edit: impl FnOnce(&mut String)) {
        self.edit_filter_later(edit);
        self.settle();
    }

    /// Change the filter line; the list follows at the next
    /// [`Browser::settle`] (so keys typed in one burst filter the rows
    /// once, not once each).
    pub fn edit_filter_later(&mut self, edit: impl FnOnce(&mut String)) {
        edit(&mut self.filter);
        self.stale = true;
    }

    /// Apply a filter line changed with [`Browser::edit_filter_later`].
    pub fn settle(&mut self) {
        if !std::mem::take(&mut self.stale) {
            return;
        }
        match Query::parse(&self.filter) {
            Ok(q) => {
                self.problem = None;
                self.query = q;
                self.refilter();
                self.selected = 0;
            }
            Err(e) => self.problem = Some(e),
        }
    }

    /// The next sort order.
    pub fn cycle_sort(&mut self) {
        let keep = self.selected_key();
        self.sort = self.sort.next();
        self.order();
        self.reselect(keep);
    }

    /// Enter: open the selected note's article at it.
    pub fn open(&self) -> Result<Request, String> {
        let row = self.selected_row().ok_or("no note to open")?;
        let article = row.source.article.clone().ok_or_else(|| {
            format!(
                "the article of {} is not known (its notes are kept by content hash)",
                crate::sanitize::line(&row.source.file)
            )
        })?;
        Ok(Request::Open {
            article,
            id: row.note.id.clone(),
        })
    }

    /// The bookmark the selected row stands for, if it does.
    pub fn selected_bookmark(&self) -> Option<char> {
        self.selected_row().and_then(|r| r.bookmark)
    }

    /// `a`: edit the selected note.
    pub fn start_editing(&mut self) {
        if let Some(row) = self.selected_row().filter(|r| r.bookmark.is_none()) {
            self.editing = Some(TextArea::new(&row.note.note));
        }
    }

    /// Save the note being edited (at `now_millis`).
    pub fn finish_editing(&mut self, now_millis: u64) -> Option<Request> {
        let text = self.editing.take()?.text().to_string();
        self.change(Edit::Note(text), now_millis)
    }

    /// Set the selected note's tag.
    pub fn set_tag(&mut self, tag: &str, now_millis: u64) -> Option<Request> {
        self.change(Edit::Tag(tag.to_string()), now_millis)
    }

    /// `x`: delete the selected note (a tombstone; `u` brings it back).
    pub fn delete(&mut self, now_millis: u64) -> Option<Request> {
        self.change(Edit::Delete, now_millis)
    }

    /// `u`: undo the last change, as a new change (a fresh `updated` time,
    /// so it wins when copies are merged) of the same field.
    pub fn undo(&mut self, now_millis: u64) -> Result<Request, String> {
        let done = self.undo.pop().ok_or("nothing to undo")?;
        let change = done.change.undoing(&done.before, now_millis);
        let sidecar = done.source.sidecar.clone();
        let key = (sidecar.clone(), change.id.clone());
        let i = match self.position(&key) {
            Some(i) => i,
            None => {
                // Its deletion was saved, and the row went with it.
                let order = done.source.order;
                self.rows
                    .push(NoteRow::new(done.source, done.before.clone(), order));
                self.rows.len() - 1
            }
        };
        let current = &self.rows[i].note;
        let after = change
            .apply(Some(current))
            .unwrap_or_else(|| current.clone());
        self.put(i, after);
        Ok(Request::Save { sidecar, change })
    }

    /// What a save left in the sidecar `sidecar` (its notes, tombstones
    /// too): the note rows of its article become those (its bookmarks'
    /// rows stay).
    pub fn saved(&mut self, sidecar: &std::path::Path, on_disk: Vec<Annotation>) {
        let keep = self.selected_key();
        let Some(source) = self
            .rows
            .iter()
            .find(|r| r.source.sidecar == sidecar)
            .map(|r| (r.source.clone(), r.order))
        else {
            return;
        };
        self.rows
            .retain(|r| r.source.sidecar != sidecar || r.bookmark.is_some());
        for note in on_disk.into_iter().filter(Annotation::is_live) {
            self.rows
                .push(NoteRow::new(source.0.clone(), note, source.1));
        }
        self.refilter();
        self.reselect(keep);
    }

    /// Make `edit` to the selected note (the change kept for undo) and ask
    /// for it to be saved.
    fn change(&mut self, edit: Edit, now_millis: u64) -> Option<Request> {
        let i = *self.shown.get(self.selected)?;
        let row = &self.rows[i];
        let change = Change {
            id: row.note.id.clone(),
            edit,
            at_millis: now_millis,
        };
        let after = change.apply(Some(&row.note))?;
        let sidecar = row.source.sidecar.clone();
        self.undo.push(Done {
            source: row.source.clone(),
            before: row.note.clone(),
            change: change.clone(),
        });
        self.put(i, after);
        Some(Request::Save { sidecar, change })
    }

    /// The row of the note `key` names.
    fn position(&self, key: &RowKey) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| r.source.sidecar == key.0 && r.note.id == key.1)
    }

    /// Replace row `i`'s note (a deleted one leaves the list).
    fn put(&mut self, i: usize, note: Annotation) {
        let keep = self.selected_key();
        if let Some(row) = self.rows.get_mut(i) {
            *row = NoteRow::new(row.source.clone(), note, row.order);
        } else {
            return;
        }
        self.refilter();
        self.reselect(keep);
    }

    /// Filter every row again and sort.
    fn refilter(&mut self) {
        self.scores.clear();
        self.shown.clear();
        for (i, row) in self.rows.iter().enumerate() {
            let score = if row.note.is_live() {
                self.score(row)
            } else {
                None
            };
            self.scores.push(score.unwrap_or(0));
            if score.is_some() {
                self.shown.push(i);
            }
        }
        self.order();
    }

    /// The filter's score of `row`, `None` when it is not listed (in a
    /// review, a note not due is not).
    fn score(&self, row: &NoteRow) -> Option<i64> {
        match &self.review {
            Some(due) if !due.contains(&row.note.id) => None,
            _ => self.query.score(row),
        }
    }

    /// A note answered in a review leaves the list.
    pub fn answered(&mut self, id: &str) {
        let keep = self.selected_key();
        if let Some(due) = &mut self.review {
            due.retain(|d| d != id);
        }
        self.refilter();
        self.reselect(keep);
    }

    fn order(&mut self) {
        if let Some(due) = &self.review {
            let rank = |i: &usize| due.iter().position(|d| *d == self.rows[*i].note.id);
            let mut shown = std::mem::take(&mut self.shown);
            shown.sort_by_key(rank);
            self.shown = shown;
            return;
        }
        let rows = &self.rows;
        let scores = &self.scores;
        let ranked = self.query.ranks();
        let sort = self.sort;
        self.shown.sort_by(|&a, &b| {
            let (ra, rb) = (&rows[a], &rows[b]);
            let by_score = if ranked {
                scores[b].cmp(&scores[a])
            } else {
                std::cmp::Ordering::Equal
            };
            by_score.then_with(|| match sort {
                Sort::Newest => {
                    (&rb.note.created, &rb.note.id).cmp(&(&ra.note.created, &ra.note.id))
                }
                Sort::Oldest => {
                    (&ra.note.created, &ra.note.id).cmp(&(&rb.note.created, &rb.note.id))
                }
                Sort::Article => (ra.order, ra.note.start, &ra.note.id).cmp(&(
                    rb.order,
                    rb.note.start,
                    &rb.note.id,
                )),
            })
        });
    }

    /// What identifies the selected note across changes of the list.
    fn selected_key(&self) -> Option<RowKey> {
        self.selected_row()
            .map(|r| (r.source.sidecar.clone(), r.note.id.clone()))
    }

    fn reselect(&mut self, key: Option<RowKey>) {
        let found = key.and_then(|(sidecar, id)| {
            self.shown.iter().position(|&i| {
                let row = &self.rows[i];
                row.note.id == id && row.source.sidecar == sidecar
            })
        });
        match found {
            Some(i) => self.selected = i,
            None => self.move_by(0),
        }
    }
}

/// How long ago the RFC 3339 time `time` was at `now_millis`, in a few
/// chars: `now`, `5m`, `3h`, `2d`, `3w`, `4mo`, `2y` (empty when it does
/// not parse).
pub fn age(time: &str, now_millis: u64) -> String {
    match millis_of(time) {
        Some(then) => age_of_millis(then, now_millis),
        None => String::new(),
    }
}

/// How long ago `then` was at `now` (both milliseconds since the Unix
/// epoch), as [`age`] says it.
pub fn age_of_millis(then: u64, now_millis: u64) -> String {
    let minutes = now_millis.saturating_sub(then) / 60_000;
    match minutes {
        0 => "now".into(),
        m if m < 60 => format!("{m}m"),
        m if m < 60 * 24 => format!("{}h", m / 60),
        m if m < 60 * 24 * 14 => format!("{}d", m / (60 * 24)),
        m if m < 60 * 24 * 61 => format!("{}w", m / (60 * 24 * 7)),
        m if m < 60 * 24 * 365 => format!("{}mo", m / (60 * 24 * 30)),
        m => format!("{}y", m / (60 * 24 * 365)),
    }
}

/// Milliseconds since the Unix epoch of an RFC 3339 UTC time as
/// [`rfc3339`] writes it (`2026-11-28T21:55:44.123Z`; the fraction and a
/// `Z` are optional).
pub fn millis_of(time: &str) -> Option<u64> {
    let b = time.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> { time.get(r)?.parse().ok() };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let ms = match b.get(19) {
        Some(b'.') => num(20..23).unwrap_or(0),
        _ => 0,
    };
    // Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hh * 3600 + mm * 60 + ss;
    u64::try_from(secs * 1000 + ms).ok()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::text::CharPos;
    use std::path::Path;

    pub(crate) fn note(id: &str, tag: &str, quote: &str, text: &str) -> Annotation {
        Annotation {
            id: id.into(),
            start: CharPos(0),
            end: CharPos(quote.chars().count() as u64),
            quote: quote.into(),
            prefix: String::new(),
            suffix: String::new(),
            tag: tag.into(),
            note: text.into(),
            created: "2026-11-01T10:00:00.000Z".into(),
            updated: "2026-11-01T10:00:00.000Z".into(),
            deleted: None,
            state: Default::default(),
            score: None,
            draft: None,
            extra: Default::default(),
        }
    }

    pub(crate) fn row(file: &str, title: &str, tag: &str, quote: &str, text: &str) -> NoteRow {
        let source = Source::new(
            PathBuf::from(format!("{file}.annotty.toml")),
            Some(PathBuf::from(file)),
            title.into(),
            file.into(),
        );
        NoteRow::new(Arc::new(source), note("1", tag, quote, text), 0)
    }

    fn batch(file: &str, notes: Vec<Annotation>) -> Batch {
        let source = Source::new(
            PathBuf::from(format!("{file}.annotty.toml")),
            Some(PathBuf::from(file)),
            file.to_uppercase(),
            file.into(),
        );
        Batch {
            read: vec![(Arc::new(source), notes)],
            unreadable: Vec::new(),
            found: 2,
            done: false,
        }
    }

    fn dated(id: &str, created: &str) -> Annotation {
        Annotation {
            created: created.into(),
            ..note(id, "idea", &format!("quote {id}"), "")
        }
    }

    fn ids(b: &Browser) -> Vec<String> {
        (0..b.len())
            .map(|i| b.row(i).unwrap().note.id.clone())
            .collect()
    }

    #[test]
    fn rows_arrive_sorted_and_the_selection_stays_on_its_note() {
        let mut b = Browser::new("t");
        b.take(batch("a", vec![dated("a1", "2026-01-01T00:00:00Z")]));
        assert_eq!(b.read, 1);
        b.take(batch("b", vec![dated("b1", "2026-03-01T00:00:00Z")]));
        assert_eq!(ids(&b), ["b1", "a1"], "newest first");
        b.move_by(1);
        b.take(batch("c", vec![dated("c1", "2026-05-01T00:00:00Z")]));
        assert_eq!(b.selected_row().unwrap().note.id, "a1");
        b.cycle_sort();
        assert_eq!(ids(&b), ["a1", "b1", "c1"], "oldest first");
        b.cycle_sort();
        assert_eq!(b.sort, Sort::Article);
        assert_eq!(ids(&b), ["a1", "b1", "c1"], "in the order found");
    }

    #[test]
    fn until_the_reader_moves_the_first_row_is_selected_as_rows_arrive() {
        let mut b = Browser::new("t");
        b.take(batch("a", vec![dated("a1", "2026-01-01T00:00:00Z")]));
        b.take(batch("b", vec![dated("b1", "2026-03-01T00:00:00Z")]));
        assert_eq!(b.selected_row().unwrap().note.id, "b1", "newest first");
        // A review lists its due notes in its own order, whichever sidecar
        // is read first.
        let mut r = Browser::new("review");
        r.review = Some(vec!["a1".into(), "b1".into()]);
        r.take(batch("b", vec![dated("b1", "2026-03-01T00:00:00Z")]));
        r.take(batch("a", vec![dated("a1", "2026-01-01T00:00:00Z")]));
        assert_eq!(ids(&r), ["a1", "b1"]);
        assert_eq!(r.selected_row().unwrap().note.id, "a1");
    }

    #[test]
    fn filtering_narrows_and_a_bad_filter_keeps_the_list() {
        let mut b = Browser::new("t");
        b.take(batch(
            "a",
            vec![note("1", "idea", "sky", ""), note("2", "todo", "sea", "")],
        ));
        b.edit_filter(|f| f.push_str("tag:todo"));
        assert_eq!(ids(&b), ["2"]);
        b.edit_filter(|f| f.push_str(" /("));
        assert!(b.problem.is_some());
        assert_eq!(ids(&b), ["2"]);
        b.edit_filter(String::clear);
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn bookmarks_are_listed_and_go_there_but_are_not_edited_as_notes() {
        let mut b = Browser::new("t");
        let mut with_marks = batch("a", Vec::new());
        let source = Arc::get_mut(&mut with_marks.read[0].0).unwrap();
        source.bookmarks = vec![crate::bookmark::Bookmark {
            name: 'A',
            at: crate::text::CharPos(40),
            prefix: String::new(),
            suffix: "where the second part begins".into(),
            created: "2026-01-02T00:00:00.000Z".into(),
        }];
        b.take(with_marks);
        b.take(batch("b", vec![note("1", "idea", "sky", "")]));
        assert_eq!(b.total(), 2, "an article with bookmarks and no notes too");
        b.edit_filter(|f| f.push_str("tag:bookmark"));
        assert_eq!(ids(&b), ["bookmark-A"]);
        assert_eq!(b.selected_bookmark(), Some('A'));
        let row = b.selected_row().unwrap();
        assert_eq!(
            (row.note.quote.as_str(), row.note.start.0),
            ("where the second part begins", 40)
        );
        b.start_editing();
        assert!(b.editing.is_none(), "a bookmark has no note to edit");
        let Ok(Request::Open { article, id }) = b.open() else {
            panic!("Enter opens its article")
        };
        assert_eq!((article, id.as_str()), (PathBuf::from("a"), "bookmark-A"));
    }

    /// The change a request asks for, applied to `note`.
    fn applied(request: Option<Request>, note: &Annotation) -> Annotation {
        let Some(Request::Save { change, .. }) = request else {
            panic!("a save")
        };
        change.apply(Some(note)).expect("a change")
    }

    #[test]
    fn edits_are_asked_for_and_undone() {
        let mut b = Browser::new("t");
        let old = note("1", "idea", "sky", "old");
        b.take(batch("a", vec![old.clone()]));
        b.start_editing();
        b.editing.as_mut().unwrap().insert_str(" and new");
        let Some(Request::Save { sidecar, change }) = b.finish_editing(1_000_000) else {
            panic!("a save")
        };
        assert_eq!(sidecar, PathBuf::from("a.annotty.toml"));
        let edited = change.apply(Some(&old)).unwrap();
        assert_eq!(edited.note, "old and new");
        assert_eq!(edited.updated, rfc3339(1_000_000));
        let gone = applied(b.delete(2_000_000), &edited);
        assert!(gone.deleted.is_some());
        assert!(b.is_empty());
        let back = applied(b.undo(3_000_000).ok(), &gone);
        assert!(back.is_live());
        assert_eq!(back.note, "old and new");
        assert_eq!(b.len(), 1);
        assert!(b.set_tag("idea", 4_000_000).is_none(), "no change, no save");
    }

    /// The browser asks for what the reader changed, not for its whole
    /// copy of the note: a tag changed in the browser keeps the note text
    /// another process saved since the browser read it.
    #[test]
    fn a_change_keeps_what_another_process_changed_in_the_note() {
        let mut b = Browser::new("t");
        let read = note("1", "idea", "sky", "first thoughts");
        b.take(batch("a", vec![read.clone()]));
        let elsewhere = Annotation {
            note: "first thoughts, and more".into(),
            updated: "2026-11-02T10:00:00.000Z".into(),
            ..read
        };
        let tagged = applied(b.set_tag("todo", 5_000_000_000_000), &elsewhere);
        assert_eq!(
            (tagged.tag.as_str(), tagged.note.as_str()),
            ("todo", "first thoughts, and more")
        );
        // Undone: the tag goes back, the other process's text stays.
        let undone = applied(b.undo(5_000_000_001_000).ok(), &tagged);
        assert_eq!(
            (undone.tag.as_str(), undone.note.as_str()),
            ("idea", "first thoughts, and more")
        );
        // A note another process removed from its sidecar is not made up.
        let Some(Request::Save { change, .. }) = b.set_tag("todo", 5_000_000_002_000) else {
            panic!("a save")
        };
        assert_eq!(change.apply(None), None);
    }

    #[test]
    fn a_saved_edit_keeps_the_articles_bookmark_rows() {
        let mut b = Browser::new("t");
        let mut with_mark = batch("a", vec![note("1", "idea", "sky", "")]);
        Arc::get_mut(&mut with_mark.read[0].0).unwrap().bookmarks =
            vec![crate::bookmark::Bookmark {
                name: 'B',
                at: crate::text::CharPos(4),
                prefix: String::new(),
                suffix: "later".into(),
                created: String::new(),
            }];
        b.take(with_mark);
        assert_eq!(b.len(), 2);
        b.saved(
            Path::new("a.annotty.toml"),
            vec![note("1", "idea", "sky", "!")],
        );
        let mut listed = ids(&b);
        listed.sort();
        assert_eq!(listed, ["1", "bookmark-B"]);
    }

    /// An article copied with its sidecar: both hold a note with the same
    /// id. Undo puts back the row of the sidecar the change was made in.
    #[test]
    fn undo_restores_the_row_of_the_sidecar_it_was_made_in() {
        let mut b = Browser::new("t");
        b.take(batch("a", vec![note("1", "idea", "sky", "")]));
        b.take(batch("copy", vec![note("1", "idea", "sky", "")]));
        b.edit_filter(|f| f.push_str("in:copy"));
        assert_eq!(b.selected_row().unwrap().source.file, "copy");
        b.delete(1_000_000).unwrap();
        b.edit_filter(String::clear);
        assert_eq!(b.len(), 1);
        let Ok(Request::Save { sidecar, .. }) = b.undo(2_000_000) else {
            panic!("a save")
        };
        assert_eq!(sidecar, PathBuf::from("copy.annotty.toml"));
        let mut files: Vec<_> = (0..b.len())
            .map(|i| b.row(i).unwrap().source.file.clone())
            .collect();
        files.sort();
        assert_eq!(files, ["a", "copy"], "both listed once");
    }

    /// Article order is the walk's, whichever sidecar is read first.
    #[test]
    fn article_order_is_the_walks_whichever_is_read_first() {
        let in_walk = |file: &str, order: usize, start: u64| {
            let mut n = batch(file, vec![note(&format!("{file}{start}"), "idea", "q", "")]);
            let (source, notes) = &mut n.read[0];
            Arc::get_mut(source).unwrap().order = order;
            notes[0].start = CharPos(start);
            n
        };
        let mut b = Browser::new("t");
        b.cycle_sort();
        b.cycle_sort();
        assert_eq!(b.sort, Sort::Article);
        b.take(in_walk("z", 1, 5));
        b.take(in_walk("y", 2, 0));
        b.take(in_walk("z", 1, 2));
        b.take(in_walk("x", 0, 9));
        assert_eq!(ids(&b), ["x9", "z2", "z5", "y0"]);
    }

    #[test]
    fn ages_read_well() {
        let now = millis_of("2026-12-05T12:00:00.000Z").unwrap();
        assert_eq!(rfc3339(now), "2026-12-05T12:00:00.000Z");
        assert_eq!(age("2026-12-05T11:58:00Z", now), "2m");
        assert_eq!(age("2026-12-02T12:00:00Z", now), "3d");
        assert_eq!(age("2026-06-05T12:00:00Z", now), "6mo");
        assert_eq!(age("2024-12-05T12:00:00Z", now), "2y");
        assert_eq!(age("junk", now), "");
    }
}
