//! How far an article is read, and the library's orders: pure rules over
//! what the catalog read about each article ([`super::Details`]).

use super::{Details, Entry};
use std::cmp::Ordering;

/// How far an article is read, from its remembered position
/// ([`crate::positions::Position`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Progress {
    /// No position is remembered: never opened (or not on this machine).
    #[default]
    Unread,
    /// Opened, but the position does not say how far (kept by an annotty
    /// from before positions recorded it).
    Started,
    /// Read to this percent of its bytes (up to the bottom of the screen).
    Read(u8),
    /// The end of the article was on screen when it was left.
    Finished,
}

impl Progress {
    /// The progress a remembered position (`None`: none) says.
    pub fn of(position: Option<&crate::positions::Position>) -> Progress {
        match position.map(|p| p.percent) {
            None => Progress::Unread,
            Some(None) => Progress::Started,
            Some(Some(p)) if p >= 100 => Progress::Finished,
            Some(Some(p)) => Progress::Read(p),
        }
    }

    /// As the library shows it: `unread`, `started`, `42%`, `finished`.
    pub fn label(self) -> String {
        match self {
            Progress::Unread => "unread".into(),
            Progress::Started => "started".into(),
            Progress::Read(p) => format!("{p}%"),
            Progress::Finished => "finished".into(),
        }
    }

    /// Rank in the progress order (lower first): articles being read,
    /// furthest along first, then unread ones, then finished ones.
    fn rank(self) -> (u8, u8) {
        match self {
            Progress::Read(p) => (0, 100 - p.min(100)),
            Progress::Started => (0, 100),
            Progress::Unread => (1, 0),
            Progress::Finished => (2, 0),
        }
    }
}

/// The order of the library's rows (key `s` cycles through them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// By path in the directory (the bundled articles: as bundled).
    #[default]
    Path,
    /// Last read first; never read ones after, by path.
    Recent,
    /// By title (any case), then path.
    Title,
    /// Being read (furthest along first), then unread, then finished.
    Progress,
    /// Most notes first.
    Notes,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Path,
        Sort::Recent,
        Sort::Title,
        Sort::Progress,
        Sort::Notes,
    ];

    /// Its name, as the status row shows it and the remembered state keeps it.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Path => "path",
            Sort::Recent => "recent",
            Sort::Title => "title",
            Sort::Progress => "progress",
            Sort::Notes => "notes",
        }
    }

    pub fn from_name(name: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The one after this one (key `s`).
    pub fn next(self) -> Sort {
        let i = Sort::ALL.iter().position(|&s| s == self).unwrap_or(0);
        Sort::ALL[(i + 1) % Sort::ALL.len()]
    }

    /// `a` before `b` in this order? Ties (and articles whose details are
    /// not read yet, which sort as unread with no notes) fall back to the
    /// entries' order in the list (`ia`, `ib`: their indices).
    pub fn compare(self, (ia, a): (usize, &Entry), (ib, b): (usize, &Entry)) -> Ordering {
        let none = Details::default();
        let (da, db) = (
            a.details.as_ref().unwrap_or(&none),
            b.details.as_ref().unwrap_or(&none),
        );
        let first = match self {
            Sort::Path => Ordering::Equal,
            Sort::Recent => db.last_read.cmp(&da.last_read),
            Sort::Title => {
                let t =
                    |e: &Entry, d: &Details| d.title.as_deref().unwrap_or(&e.name).to_lowercase();
                t(a, da).cmp(&t(b, db))
            }
            Sort::Progress => da
                .progress
                .rank()
                .cmp(&db.progress.rank())
                .then(db.last_read.cmp(&da.last_read)),
            Sort::Notes => db.notes.cmp(&da.notes),
        };
        first.then(ia.cmp(&ib))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::positions::Position;
    use crate::text::CharPos;

    fn position(percent: Option<u8>) -> Position {
        Position {
            at: CharPos(10),
            seen: 1,
            set: None,
            reflow: None,
            percent,
            path: None,
            encoding: None,
        }
    }

    #[test]
    fn progress_is_unread_started_a_percentage_or_finished() {
        assert_eq!(Progress::of(None), Progress::Unread);
        assert_eq!(Progress::of(Some(&position(None))), Progress::Started);
        assert_eq!(Progress::of(Some(&position(Some(0)))), Progress::Read(0));
        assert_eq!(Progress::of(Some(&position(Some(42)))), Progress::Read(42));
        assert_eq!(Progress::of(Some(&position(Some(99)))), Progress::Read(99));
        assert_eq!(Progress::of(Some(&position(Some(100)))), Progress::Finished);
        let labels: Vec<_> = [
            Progress::Unread,
            Progress::Started,
            Progress::Read(42),
            Progress::Finished,
        ]
        .map(Progress::label)
        .into();
        assert_eq!(labels, ["unread", "started", "42%", "finished"]);
    }

    fn entry(name: &str, title: &str, progress: Progress, notes: usize, read: u64) -> Entry {
        Entry {
            name: name.into(),
            size: 1,
            source: super::super::EntrySource::Seed(0),
            details: Some(Details {
                title: Some(title.into()),
                progress,
                notes,
                last_read: (read > 0).then_some(read),
            }),
        }
    }

    fn sorted(sort: Sort, entries: &[Entry]) -> Vec<&str> {
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|&a, &b| sort.compare((a, &entries[a]), (b, &entries[b])));
        order.iter().map(|&i| entries[i].name.as_str()).collect()
    }

    #[test]
    fn each_sort_orders_as_named_and_ties_keep_the_list_order() {
        let entries = [
            entry("a.txt", "Zebra", Progress::Finished, 2, 300),
            entry("b.txt", "apple", Progress::Unread, 0, 0),
            entry("c.txt", "Mango", Progress::Read(40), 5, 100),
            entry("d.txt", "banana", Progress::Read(80), 5, 200),
            entry("e.txt", "cherry", Progress::Unread, 1, 0),
        ];
        let want = [
            (Sort::Path, "abcde"),
            (Sort::Recent, "adcbe"),
            (Sort::Title, "bdeca"),
            (Sort::Progress, "dcbea"),
            (Sort::Notes, "cdaeb"),
        ];
        for (sort, order) in want {
            let names: Vec<String> = order.chars().map(|c| format!("{c}.txt")).collect();
            assert_eq!(sorted(sort, &entries), names, "{}", sort.name());
        }
    }

    #[test]
    fn sorts_cycle_and_have_names() {
        let mut s = Sort::default();
        let mut seen = Vec::new();
        for _ in 0..Sort::ALL.len() {
            seen.push(s.name());
            assert_eq!(Sort::from_name(s.name()), Some(s));
            s = s.next();
        }
        assert_eq!(s, Sort::Path);
        assert_eq!(seen, ["path", "recent", "title", "progress", "notes"]);
        assert_eq!(Sort::from_name("size"), None);
    }
}
