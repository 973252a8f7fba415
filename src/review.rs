//! Highlights that come back (`annotty review`): which notes to show
//! again today, by a Leitner schedule, and the schedule's file.
//!
//! Why Leitner and not FSRS: reviewing highlights is not memorising cards
//! (there is no right or wrong answer to grade, only "keep showing me this"
//! or "show it less"), so FSRS's fitted model of recall has nothing to fit;
//! a Leitner schedule says the same in a few lines, with no parameters and
//! no dependency, and behaves predictably. Each note is in a box (level
//! 0–5); "keep" puts it back in box 0 (again tomorrow), "less" moves it up
//! one box (again in 1, 3, 7, 21, 60, then 180 days). Days are UTC days,
//! for the day's number as for when a note is due: a note due "in N days"
//! is due from the start (midnight UTC) of the Nth day after the one it
//! was answered on. A note never
//! reviewed is due at once; the due ones come oldest-due first, then new
//! ones oldest first, at most `per_day` a day (notes answered today count).
//!
//! The schedule lives in the data directory (`review.toml`), keyed by
//! annotation id, so sidecars (which may be shared) are never touched by
//! reviewing. This module owns that file's format ([`Schedule::parse`],
//! [`Schedule::render`]); [`load`] and [`save`] are its only reads and
//! writes (atomic, through [`crate::store::write_atomic`]). Times are
//! milliseconds since the Unix epoch, written as RFC 3339.

use crate::annotation::rfc3339;
use crate::browser::millis_of;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Days until a note in box `i` is due again.
pub const INTERVAL_DAYS: [u64; 6] = [1, 3, 7, 21, 60, 180];

/// The highest box.
pub const TOP: u8 = (INTERVAL_DAYS.len() - 1) as u8;

const DAY: u64 = 86_400_000;

/// The start (midnight UTC) of the day of `now` (both in milliseconds
/// since the Unix epoch).
fn day_start(now: u64) -> u64 {
    now - now % DAY
}

/// One note's place in the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Card {
    /// Its box, 0..=[`TOP`].
    pub level: u8,
    /// When it is due again.
    pub due: u64,
    /// When it was last answered.
    pub seen: u64,
}

/// What the reader said of a note shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Keep showing it (box 0: again tomorrow).
    Keep,
    /// Show it less (one box up).
    Less,
}

/// Every note's card, by annotation id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    pub cards: BTreeMap<String, Card>,
    /// When the reader last said "done for today" (`D`): no more notes
    /// that day.
    pub done: Option<u64>,
}

impl Schedule {
    /// How many more notes to show today: `per_day` less those answered
    /// since midnight (UTC) of `now`.
    pub fn room_today(&self, now: u64, per_day: usize) -> usize {
        let today = day_start(now);
        if self.done.is_some_and(|d| d >= today) {
            return 0;
        }
        let answered = self.cards.values().filter(|c| c.seen >= today).count();
        per_day.saturating_sub(answered)
    }

    /// The notes due at `now` (ids, in order), from `notes` (each note's id
    /// and creation time): due ones oldest-due first, then ones never
    /// shown oldest first; at most `room`.
    pub fn due<'a>(
        &self,
        notes: impl IntoIterator<Item = (&'a str, &'a str)>,
        now: u64,
        room: usize,
    ) -> Vec<String> {
        let mut due: Vec<(u64, u64, &str)> = Vec::new();
        let mut fresh: Vec<(u64, &str)> = Vec::new();
        for (id, created) in notes {
            match self.cards.get(id) {
                Some(c) if c.due <= now => due.push((c.due, c.seen, id)),
                Some(_) => {}
                None => fresh.push((millis_of(created).unwrap_or(0), id)),
            }
        }
        due.sort();
        fresh.sort();
        due.into_iter()
            .map(|(_, _, id)| id)
            .chain(fresh.into_iter().map(|(_, id)| id))
            .take(room)
            .map(str::to_string)
            .collect()
    }

    /// Take in `answer` about note `id` at `now`: it is due at the start
    /// of the day its box's interval ([`INTERVAL_DAYS`]) after today.
    pub fn answer(&mut self, id: &str, answer: Answer, now: u64) {
        let level = match (answer, self.cards.get(id)) {
            (Answer::Keep, _) => 0,
            (Answer::Less, Some(c)) => (c.level + 1).min(TOP),
            // Shown for the first time and already "less": box 1.
            (Answer::Less, None) => 1,
        };
        let due = day_start(now) + INTERVAL_DAYS[level as usize] * DAY;
        self.cards.insert(
            id.to_string(),
            Card {
                level,
                due,
                seen: now,
            },
        );
    }

    /// The reader is done for the day of `now` ([`room_today`] is 0 until
    /// the next midnight, UTC).
    ///
    /// [`room_today`]: Schedule::room_today
    pub fn done_today(&mut self, now: u64) {
        self.done = Some(now);
    }

    /// The file's text: `version = 1`, `done` (when set), then a `[card."ID"]` table per
    /// note (`level`, `due`, `seen`), sorted by id.
    pub fn render(&self) -> String {
        let mut out = String::from(
            "# annotty's review schedule: when each highlight (by annotation id) shows again\n\
             version = 1\n",
        );
        if let Some(done) = self.done {
            out.push_str(&format!("done = \"{}\"\n", rfc3339(done)));
        }
        for (id, c) in &self.cards {
            out.push_str(&format!(
                "\n[card.{}]\nlevel = {}\ndue = \"{}\"\nseen = \"{}\"\n",
                toml::Value::String(id.clone()),
                c.level,
                rfc3339(c.due),
                rfc3339(c.seen)
            ));
        }
        out
    }

    /// Parse the file's text; an error says what is wrong in one line.
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            format!(
                "not a review schedule: {}",
                e.message().lines().next().unwrap_or("invalid TOML")
            )
        })?;
        match table.get("version").and_then(toml::Value::as_integer) {
            Some(1) => {}
            Some(n) => return Err(format!("written by a newer annotty (version {n})")),
            None => return Err("no `version` (not a review schedule?)".into()),
        }
        let mut cards = BTreeMap::new();
        let done = table
            .get("done")
            .and_then(toml::Value::as_str)
            .and_then(millis_of);
        let Some(list) = table.get("card").and_then(toml::Value::as_table) else {
            return Ok(Schedule { cards, done });
        };
        for (id, v) in list {
            let time = |k: &str| v.get(k).and_then(toml::Value::as_str).and_then(millis_of);
            let level = v.get("level").and_then(toml::Value::as_integer);
            let (Some(level), Some(due)) = (level, time("due")) else {
                return Err(format!("card {id}: needs `level` and `due`"));
            };
            cards.insert(
                id.clone(),
                Card {
                    level: level.clamp(0, TOP as i64) as u8,
                    due,
                    seen: time("seen").unwrap_or(0),
                },
            );
        }
        Ok(Schedule { cards, done })
    }
}

/// The schedule's file in the data directory `data_dir`.
pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join("review.toml")
}

/// Read the schedule (none yet: an empty one). An error (a file that
/// cannot be read or parsed) says so in one line; the file is then never
/// written over.
pub fn load(data_dir: &Path) -> Result<Schedule, String> {
    let p = path(data_dir);
    match std::fs::read_to_string(&p) {
        Ok(text) => {
            Schedule::parse(&text).map_err(|e| format!("{}: {e}", crate::source::shown(&p)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Schedule::default()),
        Err(e) => Err(format!(
            "{}: {}",
            crate::source::shown(&p),
            crate::source::reason(&e)
        )),
    }
}

/// Write the schedule (atomically).
pub fn save(data_dir: &Path, schedule: &Schedule) -> Result<(), String> {
    let p = path(data_dir);
    std::fs::create_dir_all(data_dir)
        .and_then(|()| crate::store::write_atomic(&p, schedule.render().as_bytes()))
        .map_err(|e| {
            format!(
                "{}: {}",
                crate::source::shown(&p),
                crate::source::reason(&e)
            )
        })
}

/// Every live note under `dirs` and the data directory's, gathered as
/// the notes browser gathers them ([`crate::gather`]), with the lines of
/// the sidecars that could not be read.
pub fn gather_notes(
    dirs: &[PathBuf],
    data_dir: Option<&Path>,
) -> (Vec<crate::browser::NoteRow>, Vec<String>) {
    let got = std::sync::Mutex::new((Vec::new(), Vec::new()));
    crate::gather::gather(
        dirs,
        data_dir,
        None,
        &std::sync::atomic::AtomicBool::new(false),
        &|batch| {
            let mut g = got.lock().unwrap_or_else(|e| e.into_inner());
            for (order, (source, notes)) in batch.read.into_iter().enumerate() {
                for note in notes.into_iter().filter(|a| a.is_live()) {
                    g.0.push(crate::browser::NoteRow::new(source.clone(), note, order));
                }
            }
            g.1.extend(batch.unreadable);
            true
        },
    );
    got.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// `annotty review --print N`: the notes of `rows` whose ids are `due`,
/// grep-style (`ARTICLE:LINE:COL: [tag] quote — note`, as `annotty
/// export` writes them), articles read with `decoding`. Notes whose
/// article is not known or cannot be read are left out. Returns how many
/// were written.
pub fn print_due(
    out: &mut dyn std::io::Write,
    rows: &[crate::browser::NoteRow],
    due: &[String],
    decoding: &crate::encoding::Decoding,
) -> std::io::Result<usize> {
    use crate::export::{Article, Format, Options, export_to};
    let mut by_article: BTreeMap<PathBuf, Vec<crate::annotation::Annotation>> = BTreeMap::new();
    for id in due {
        if let Some(row) = rows.iter().find(|r| &r.note.id == id)
            && let Some(path) = &row.source.article
        {
            by_article
                .entry(path.clone())
                .or_default()
                .push(row.note.clone());
        }
    }
    let docs: Vec<(PathBuf, crate::document::Document, Vec<_>)> = by_article
        .into_iter()
        .filter_map(|(p, notes)| {
            let doc = crate::source::open_file_as(&p, decoding).ok()?;
            Some((p, doc, notes))
        })
        .collect();
    let articles: Vec<Article> = docs
        .iter()
        .map(|(path, doc, notes)| Article {
            path,
            bytes: doc.bytes(),
            annotations: notes,
            origin: None,
        })
        .collect();
    export_to(out, Format::Grep, &articles, &Options::default())
}

/// The time now for `annotty review`: `ANNOTTY_NOW` (an RFC 3339 time,
/// for tests and trying out a schedule) or the clock.
pub fn now() -> u64 {
    std::env::var("ANNOTTY_NOW")
        .ok()
        .and_then(|t| millis_of(&t))
        .unwrap_or_else(crate::annotation::now_millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_764_936_000_000; // 2025-12-05T12:00:00Z

    #[test]
    fn new_notes_come_oldest_first_up_to_the_days_number() {
        let s = Schedule::default();
        let notes = [
            ("b", "2026-02-01T00:00:00Z"),
            ("a", "2026-01-01T00:00:00Z"),
            ("c", "2026-03-01T00:00:00Z"),
        ];
        assert_eq!(s.due(notes, NOW, s.room_today(NOW, 2)), ["a", "b"]);
    }

    #[test]
    fn keep_brings_a_note_back_tomorrow_and_less_spaces_it_out() {
        let mut s = Schedule::default();
        let notes = [("a", "2026-01-01T00:00:00Z"), ("b", "2026-01-02T00:00:00Z")];
        s.answer("a", Answer::Keep, NOW);
        s.answer("b", Answer::Less, NOW);
        // Answered today: the day's number is used up.
        assert_eq!(s.room_today(NOW + 1000, 2), 0);
        assert_eq!(s.room_today(NOW + DAY, 2), 2);
        assert_eq!(s.due(notes, NOW + DAY, 5), ["a"]);
        assert_eq!(s.due(notes, NOW + 3 * DAY, 5), ["a", "b"]);
        s.answer("b", Answer::Less, NOW + 3 * DAY);
        assert_eq!(s.cards["b"].level, 2);
        assert_eq!(s.cards["b"].due, day_start(NOW) + 10 * DAY);
        for _ in 0..10 {
            s.answer("b", Answer::Less, NOW);
        }
        assert_eq!(s.cards["b"].level, TOP, "the top box is the last");
        s.answer("b", Answer::Keep, NOW);
        assert_eq!(s.cards["b"].level, 0);
    }

    /// "Again tomorrow" late in the evening is due the next morning, when
    /// the day's number is new again (both at midnight UTC).
    #[test]
    fn kept_late_in_the_day_is_due_the_next_morning() {
        let evening = millis_of("2026-12-06T21:24:00Z").unwrap();
        let morning = millis_of("2026-12-07T09:00:00Z").unwrap();
        let mut s = Schedule::default();
        s.answer("a", Answer::Keep, evening);
        let notes = [("a", "2026-01-01T00:00:00Z")];
        assert_eq!(s.room_today(morning, 5), 5);
        assert_eq!(s.due(notes, morning, 5), ["a"]);
        assert_eq!(s.cards["a"].due, millis_of("2026-12-07T00:00:00Z").unwrap());
        assert!(s.due(notes, evening + 60_000, 5).is_empty(), "not today");
    }

    #[test]
    fn done_for_today_leaves_no_room_until_tomorrow() {
        let mut s = Schedule::default();
        assert_eq!(s.room_today(NOW, 5), 5);
        s.done_today(NOW);
        assert_eq!(s.room_today(NOW + 1000, 5), 0);
        let midnight = NOW - NOW % DAY + DAY;
        assert_eq!(s.room_today(midnight, 5), 5);
    }

    #[test]
    fn the_file_round_trips_and_a_bad_one_is_an_error() {
        let mut s = Schedule::default();
        s.answer("0190-\"odd\" id", Answer::Less, NOW);
        s.answer("0191", Answer::Keep, NOW);
        assert_eq!(Schedule::parse(&s.render()), Ok(s.clone()));
        s.done_today(NOW);
        assert_eq!(Schedule::parse(&s.render()), Ok(s));
        assert!(Schedule::parse("version = 2").is_err());
        assert!(Schedule::parse("[card").is_err());
        assert!(Schedule::parse("version = 1\n[card.x]\nlevel = 1\n").is_err());
    }
}
