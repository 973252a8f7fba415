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
        }
    }
}

/// One note in the list.
#[derive(Debug, Clone)]
pub struct NoteRow {
    pub source: Arc<Source>,
    pub note: Annotation,
    /// Where its article came in the walk (article order).
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
    /// Save this version of a note through the notebook of `sidecar`.
    Save {
        sidecar: PathBuf,
        note: Box<Annotation>,
    },
}

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
    /// Versions before each change (with their article and its order),
    /// newest last (`u` restores).
    undo: Vec<(Arc<Source>, usize, Annotation)>,
    sources: usize,
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
            let order = self.sources;
            self.sources += 1;
            for note in notes.into_iter().filter(Annotation::is_live) {
                self.rows.push(NoteRow::new(source.clone(), note, order));
            }
            for b in &source.bookmarks {
                self.rows
                    .push(NoteRow::of_bookmark(source.clone(), b, order));
            }
        }
        self.read = self.sources;
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
        self.change(now_millis, |a| a.note = text)
    }

    /// Set the selected note's tag.
    pub fn set_tag(&mut self, tag: &str, now_millis: u64) -> Option<Request> {
        self.change(now_millis, |a| a.tag = tag.to_string())
    }

    /// `x`: delete the selected note (a tombstone; `u` brings it back).
    pub fn delete(&mut self, now_millis: u64) -> Option<Request> {
        self.change(now_millis, |a| a.deleted = Some(rfc3339(now_millis)))
    }

    /// `u`: put back the note as it was before the last change, as a new
    /// change (a fresh `updated` time, so it wins when copies are merged).
    pub fn undo(&mut self, now_millis: u64) -> Result<Request, String> {
        let (source, order, mut before) = self.undo.pop().ok_or("nothing to undo")?;
        before.updated = rfc3339(now_millis);
        let sidecar = source.sidecar.clone();
        let found = self.rows.iter().position(|r| r.note.id == before.id);
        let i = found.unwrap_or_else(|| {
            // Its deletion was saved, and the row went with it.
            self.rows.push(NoteRow::new(source, before.clone(), order));
            self.rows.len() - 1
        });
        self.put(i, before.clone());
        Ok(Request::Save {
            sidecar,
            note: Box::new(before),
        })
    }

    /// What a save left in the sidecar `sidecar` (its notes, tombstones
    /// too): the rows of its article become those.
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
        self.rows.retain(|r| r.source.sidecar != sidecar);
        for note in on_disk.into_iter().filter(Annotation::is_live) {
            self.rows
                .push(NoteRow::new(source.0.clone(), note, source.1));
        }
        self.refilter();
        self.reselect(keep);
    }

    /// Change the selected note with `f` (its version before kept for undo)
    /// and ask for it to be saved.
    fn change(&mut self, now_millis: u64, f: impl FnOnce(&mut Annotation)) -> Option<Request> {
        let i = *self.shown.get(self.selected)?;
        let before = self.rows[i].note.clone();
        let mut after = before.clone();
        f(&mut after);
        if after == before {
            return None;
        }
        after.updated = rfc3339(now_millis);
        let row = &self.rows[i];
        self.undo.push((row.source.clone(), row.order, before));
        let sidecar = self.rows[i].source.sidecar.clone();
        self.put(i, after.clone());
        Some(Request::Save {
            sidecar,
            note: Box::new(after),
        })
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
    fn selected_key(&self) -> Option<String> {
        self.selected_row().map(|r| r.note.id.clone())
    }

    fn reselect(&mut self, key: Option<String>) {
        let found = key.and_then(|id| self.shown.iter().position(|&i| self.rows[i].note.id == id));
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

    #[test]
    fn edits_are_asked_for_and_undone() {
        let mut b = Browser::new("t");
        b.take(batch("a", vec![note("1", "idea", "sky", "old")]));
        b.start_editing();
        b.editing.as_mut().unwrap().insert_str(" and new");
        let Some(Request::Save { sidecar, note }) = b.finish_editing(1_000_000) else {
            panic!("a save")
        };
        assert_eq!(sidecar, PathBuf::from("a.annotty.toml"));
        assert_eq!(note.note, "old and new");
        assert_eq!(note.updated, rfc3339(1_000_000));
        let Some(Request::Save { note: gone, .. }) = b.delete(2_000_000) else {
            panic!("a save")
        };
        assert!(gone.deleted.is_some());
        assert!(b.is_empty());
        let Ok(Request::Save { note: back, .. }) = b.undo(3_000_000) else {
            panic!("a save")
        };
        assert!(back.is_live());
        assert_eq!(back.note, "old and new");
        assert_eq!(b.len(), 1);
        assert!(b.set_tag("idea", 4_000_000).is_none(), "no change, no save");
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
