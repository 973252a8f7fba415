//! The library view's model: a list of articles to choose from, with what
//! the catalog read about each ([`Details`]: title, progress, notes, when
//! last read), in the chosen order ([`Sort`]), narrowed by a fuzzy filter,
//! with a selection that stays on its article while rows are re-sorted.
//! Listing a directory is done by [`crate::source`], reading the details
//! by [`crate::catalog`]; this is only the state.

mod order;

pub use order::{Progress, Sort};

use crate::browser::fuzzy;
use std::collections::HashSet;
use std::path::PathBuf;

/// Where a library entry's article comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntrySource {
    /// A file on disk.
    File(PathBuf),
    /// One of the articles bundled in the binary, by index into
    /// [`crate::seeds::SEEDS`].
    Seed(usize),
}

/// What the library shows of an article beyond its file name, read in the
/// background ([`crate::catalog`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Details {
    /// Its first line, or a snapshot's `title · site · date` (`None`:
    /// neither, the file name is shown).
    pub title: Option<String>,
    pub progress: Progress,
    /// How many notes (highlights, with or without a note) its sidecar
    /// holds.
    pub notes: usize,
    /// When it was last left, in seconds since the Unix epoch.
    pub last_read: Option<u64>,
}

/// One article in the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path relative to the library's directory (`essays/walden.txt`),
    /// or a bundled article's name.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    pub source: EntrySource,
    /// `None` until the catalog has read them.
    pub details: Option<Details>,
}

impl Entry {
    pub fn new(name: impl Into<String>, size: u64, source: EntrySource) -> Entry {
        Entry {
            name: name.into(),
            size,
            source,
            details: None,
        }
    }

    /// The title shown: the details' title, else the file name.
    pub fn title(&self) -> &str {
        self.details
            .as_ref()
            .and_then(|d| d.title.as_deref())
            .unwrap_or(&self.name)
    }
}

/// A line typed at the bottom of the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// `/`: the filter, applied as it is typed.
    Filter,
    /// `A`: a URL or a file to add as a snapshot.
    Add,
}

/// What the library view remembers between runs
/// ([`crate::library_memory`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// The selected article's [`Entry::name`].
    pub selected: Option<String>,
    pub sort: Sort,
    pub filter: String,
}

/// A list of articles with a selection.
#[derive(Debug, Clone)]
pub struct Library {
    /// Shown in the status row: the directory, or "bundled articles".
    pub title: String,
    /// Every article, in the listing's order (the walk's: see
    /// [`crate::source::list_dir_in_batches`]).
    pub entries: Vec<Entry>,
    /// The directory listed (`None`: the bundled articles).
    pub dir: Option<PathBuf>,
    /// The entries shown (indices into `entries`), in order.
    shown: Vec<usize>,
    /// Index into the rows shown of the selected one.
    pub selected: usize,
    pub sort: Sort,
    /// The fuzzy filter (words; every one must match the title or path).
    pub filter: String,
    /// The line being typed, if any; `typed` holds an `Add`'s text.
    pub line: Option<Line>,
    pub typed: String,
    /// How many entries have their details.
    pub detailed: usize,
    /// `Some(depth)` while the directory's articles are still being
    /// listed (down to `depth` levels of subdirectories): they come in
    /// batches ([`Library::add_listed`]).
    pub listing: Option<usize>,
    /// The selection moved by a key since the library was shown: a
    /// remembered selection no longer applies.
    moved: bool,
    /// The remembered selection, selected as soon as it is shown (the
    /// filter may hide it until its title is read) unless a key moved.
    wanted: Option<String>,
    /// Entries whose details were asked for out of turn
    /// ([`Library::details_wanted_near_selection`]).
    asked: HashSet<usize>,
}

impl Library {
    pub fn new(title: impl Into<String>, entries: Vec<Entry>) -> Self {
        let mut lib = Library {
            title: title.into(),
            shown: (0..entries.len()).collect(),
            entries,
            selected: 0,
            dir: None,
            sort: Sort::default(),
            filter: String::new(),
            line: None,
            typed: String::new(),
            detailed: 0,
            listing: None,
            moved: false,
            wanted: None,
            asked: HashSet::new(),
        };
        lib.arrange();
        lib
    }

    /// The entries shown, in order (indices into `entries`).
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    /// Move the selection by `delta` rows, staying inside the list.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.shown.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
        self.moved = true;
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.entries.get(*self.shown.get(self.selected)?)
    }

    /// Select the entry named `name` (a path relative to the directory),
    /// if it is shown.
    pub fn select_name(&mut self, name: &str) {
        if let Some(i) = self
            .shown
            .iter()
            .position(|&e| self.entries[e].name == name)
        {
            self.selected = i;
        }
    }

    /// Order by `sort`, keeping the selected article selected.
    pub fn set_sort(&mut self, sort: Sort) {
        self.sort = sort;
        self.moved = true;
        self.arrange();
    }

    /// Filter by `filter`; the best match (the first row) is selected.
    pub fn set_filter(&mut self, filter: &str) {
        self.filter = filter.to_string();
        self.moved = true;
        self.arrange();
        self.selected = 0;
    }

    /// The entries shown within `reach` rows of the selection whose details
    /// are not read yet and were not asked for by an earlier call (indices
    /// into `entries`, nearest rows first); they count as asked from now on.
    /// The catalog reads a big directory's rows in the order they were first
    /// shown: after `G`, or a filter, the rows now on screen are read out of
    /// turn with these.
    pub fn details_wanted_near_selection(&mut self, reach: usize) -> Vec<usize> {
        if self.detailed >= self.entries.len() {
            return Vec::new();
        }
        let from = self.selected.saturating_sub(reach);
        let to = (self.selected + reach + 1).min(self.shown.len());
        let mut near: Vec<usize> = (from..to).collect();
        near.sort_by_key(|&row| row.abs_diff(self.selected));
        near.into_iter()
            .map(|row| self.shown[row])
            .filter(|&i| self.entries[i].details.is_none() && self.asked.insert(i))
            .collect()
    }

    /// Take in details the catalog read (`index` into `entries`).
    pub fn take_details(&mut self, batch: Vec<(usize, Details)>) {
        for (i, d) in batch {
            if let Some(e) = self.entries.get_mut(i) {
                if e.details.is_none() {
                    self.detailed += 1;
                }
                e.details = Some(d);
            }
        }
        self.arrange();
    }

    /// Take in articles the listing found (after those listed before),
    /// the selection staying on its article; `done`: the listing is over.
    pub fn add_listed(&mut self, batch: Vec<Entry>, done: bool) {
        self.entries.extend(batch);
        if done {
            self.listing = None;
        }
        self.arrange();
    }

    /// Add an article (a snapshot just saved under the directory), unless
    /// it is listed already; the list is arranged again.
    pub fn add_entry(&mut self, entry: Entry) {
        if !self.entries.iter().any(|e| e.source == entry.source) {
            self.entries.push(entry);
            self.arrange();
        }
    }

    /// Sort and filter again, the selection staying on its article.
    fn arrange(&mut self) {
        let keep = self.shown.get(self.selected).copied();
        let words: Vec<fuzzy::Word> = self
            .filter
            .split_whitespace()
            .map(fuzzy::Word::new)
            .collect();
        let mut scored: Vec<(i64, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                if words.is_empty() {
                    // No filter: nothing to score (a listing of many
                    // files arranges the rows at every batch).
                    return Some((0, i));
                }
                let (title, name) = (e.title(), e.name.as_str());
                let (lt, ln) = (title.to_lowercase(), name.to_lowercase());
                fuzzy::score_all(&words, &[(title, &lt), (name, &ln)]).map(|s| (s, i))
            })
            .collect();
        let sort = self.sort;
        let entries = &self.entries;
        scored.sort_by(|&(sa, a), &(sb, b)| {
            sb.cmp(&sa)
                .then_with(|| sort.compare((a, &entries[a]), (b, &entries[b])))
        });
        self.shown = scored.into_iter().map(|(_, i)| i).collect();
        self.selected = keep
            .and_then(|k| self.shown.iter().position(|&i| i == k))
            .unwrap_or(0);
        if !self.moved
            && let Some(name) = self.wanted.clone()
        {
            self.select_name(&name);
        }
    }

    /// What to remember of it.
    pub fn view(&self) -> View {
        View {
            selected: self.selected_entry().map(|e| e.name.clone()),
            sort: self.sort,
            filter: self.filter.clone(),
        }
    }

    /// Show it as `view` says.
    pub fn restore(&mut self, view: &View) {
        self.sort = view.sort;
        self.filter = view.filter.clone();
        self.wanted = view.selected.clone();
        self.moved = false;
        self.arrange();
    }

    /// Whether a key moved the selection since the library was shown.
    pub fn moved(&self) -> bool {
        self.moved
    }
}

/// Longest title kept, in chars.
pub const TITLE_CHARS: usize = 120;

/// An article's title from its first bytes: a snapshot's title (from
/// its front matter), else its first line that is not blank, trimmed, at
/// most [`TITLE_CHARS`] chars (`None`: no such line, or not text). Invalid
/// UTF-8 reads as U+FFFD.
pub fn title_of(start: &[u8]) -> Option<String> {
    if start.contains(&0) {
        return None;
    }
    if let Some(meta) = crate::convert::front_matter::Meta::read(start) {
        return meta.title.map(|t| shorten(&t)).filter(|t| !t.is_empty());
    }
    let text = String::from_utf8_lossy(start);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = line.trim_start_matches('#').trim();
    Some(shorten(line)).filter(|l| !l.is_empty())
}

/// What the library shows as an article's title, from its first bytes: a
/// snapshot's `title · site · date` ([`Meta::display`]), else
/// [`title_of`].
///
/// [`Meta::display`]: crate::convert::front_matter::Meta::display
pub fn heading_of(start: &[u8]) -> Option<String> {
    if start.contains(&0) {
        return None;
    }
    match crate::convert::front_matter::Meta::read(start).and_then(|m| m.display()) {
        Some(shown) => Some(shorten(&shown)),
        None => title_of(start),
    }
}

/// At most [`TITLE_CHARS`] chars of `text`, safe to show.
fn shorten(text: &str) -> String {
    crate::sanitize::line(&text.chars().take(TITLE_CHARS).collect::<String>())
}

/// A size in bytes written for people: `5.2 KB`, `1.0 GB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit < UNITS.len() - 1 {
        size /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_first_lines() {
        assert_eq!(
            title_of(b"\n\n  # Walden  \nbody").as_deref(),
            Some("Walden")
        );
        assert_eq!(title_of(b"\xef\xbb\xbfA\r\nB").as_deref(), Some("A"));
        assert_eq!(title_of(b"  \n"), None);
        assert_eq!(title_of(b"bin\0ary"), None);
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(5290), "5.3 KB");
        assert_eq!(human_size(1_073_741_824), "1.1 GB");
    }

    #[test]
    fn snapshots_show_title_site_and_date() {
        let snapshot = b"---\ntitle: \"The Night Library\"\nsite: \"example.org\"\npublished: \"2026-11-02\"\n---\n\n# The Night Library\n";
        assert_eq!(
            heading_of(snapshot).as_deref(),
            Some("The Night Library · example.org · 2026-11-02")
        );
        assert_eq!(title_of(snapshot).as_deref(), Some("The Night Library"));
        assert_eq!(heading_of(b"# Plain\n").as_deref(), Some("Plain"));
    }

    #[test]
    fn selection_stays_in_the_list() {
        let e = |n: &str| Entry::new(n, 1, EntrySource::Seed(0));
        let mut lib = Library::new("t", vec![e("a"), e("b")]);
        lib.move_by(-3);
        assert_eq!(lib.selected, 0);
        lib.move_by(10);
        assert_eq!(lib.selected, 1);
    }

    fn details(title: &str, notes: usize) -> Details {
        Details {
            title: Some(title.into()),
            notes,
            ..Details::default()
        }
    }

    fn names(lib: &Library) -> Vec<&str> {
        lib.shown()
            .iter()
            .map(|&i| lib.entries[i].name.as_str())
            .collect()
    }

    #[test]
    fn the_selection_follows_its_article_through_sorts_filters_and_details() {
        let e = |n: &str| Entry::new(n, 1, EntrySource::Seed(0));
        let mut lib = Library::new("t", vec![e("a.txt"), e("b.txt"), e("c.txt")]);
        lib.move_by(1);
        assert_eq!(lib.selected_entry().unwrap().name, "b.txt");
        lib.set_sort(Sort::Notes);
        lib.take_details(vec![
            (0, details("Rivers and stones", 1)),
            (1, details("Harbour lights", 0)),
            (2, details("Meadow songs", 7)),
        ]);
        assert_eq!(lib.detailed, 3);
        assert_eq!(names(&lib), ["c.txt", "a.txt", "b.txt"]);
        assert_eq!(
            lib.selected_entry().unwrap().name,
            "b.txt",
            "still selected"
        );
        // Fuzzy over title and path: "hbr" is in "Harbour" only.
        lib.set_filter("hbr");
        assert_eq!(names(&lib), ["b.txt"]);
        lib.set_filter("stones");
        assert_eq!(names(&lib), ["a.txt"]);
        assert_eq!(lib.selected_entry().unwrap().name, "a.txt", "the first row");
        lib.set_filter("c.txt");
        assert_eq!(names(&lib), ["c.txt"]);
        lib.set_filter("nothing like it");
        assert!(names(&lib).is_empty());
        assert!(lib.selected_entry().is_none());
        lib.set_filter("");
        assert_eq!(names(&lib), ["c.txt", "a.txt", "b.txt"]);
        lib.select_name("b.txt");
        assert_eq!(lib.selected, 2);
    }

    #[test]
    fn articles_listed_in_batches_keep_the_selection_and_find_the_remembered_one() {
        let e = |n: &str| Entry::new(n, 1, EntrySource::Seed(0));
        let mut lib = Library::new("t", Vec::new());
        lib.listing = Some(2);
        lib.restore(&View {
            selected: Some("sub/c.txt".into()),
            ..View::default()
        });
        lib.add_listed(vec![e("a.txt"), e("b.txt")], false);
        assert_eq!(lib.selected_entry().unwrap().name, "a.txt");
        assert_eq!(lib.listing, Some(2), "still listing");
        lib.add_listed(vec![e("sub/c.txt"), e("sub/d.txt")], false);
        assert_eq!(
            lib.selected_entry().unwrap().name,
            "sub/c.txt",
            "remembered"
        );
        lib.move_by(1);
        lib.add_listed(vec![e("z.txt")], true);
        assert_eq!(lib.selected_entry().unwrap().name, "sub/d.txt", "kept");
        assert_eq!(lib.listing, None, "listed");
        let names: Vec<&str> = lib
            .shown()
            .iter()
            .map(|&i| lib.entries[i].name.as_str())
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "sub/c.txt", "sub/d.txt", "z.txt"]);
    }

    /// A remembered selection hidden by the filter until the titles are
    /// read is selected when they are, unless a key moved meanwhile.
    #[test]
    fn a_remembered_selection_is_found_once_its_title_is_read() {
        let e = |n: &str| Entry::new(n, 1, EntrySource::Seed(0));
        let view = View {
            selected: Some("b.txt".into()),
            sort: Sort::Title,
            filter: "harbour".into(),
        };
        let mut lib = Library::new("t", vec![e("a.txt"), e("b.txt"), e("c.txt")]);
        lib.restore(&view);
        assert!(lib.selected_entry().is_none(), "no title holds it yet");
        lib.take_details(vec![(0, details("Harbour one", 0))]);
        assert_eq!(lib.selected_entry().unwrap().name, "a.txt");
        lib.take_details(vec![(1, details("Harbour two", 0))]);
        assert_eq!(lib.selected_entry().unwrap().name, "b.txt");
        assert_eq!(lib.view(), view);
        let mut moved = Library::new("t", vec![e("a.txt"), e("b.txt"), e("c.txt")]);
        moved.restore(&view);
        moved.take_details(vec![(0, details("Harbour one", 0))]);
        moved.move_by(1);
        moved.take_details(vec![(1, details("Harbour two", 0))]);
        assert_eq!(moved.selected_entry().unwrap().name, "a.txt", "a key moved");
    }
}
