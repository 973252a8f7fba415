//! Annotations: highlighted passages of an article, each with a tag and an
//! optional note, and the queries the reader needs over them.
//!
//! Positions are **char offsets**: counts of Unicode scalar values of the
//! decoded, LF-normalised text (see [`crate::text`]). Ranges are half-open
//! `[start, end)`.

use crate::text::{BytePos, CharPos};
use std::cmp::Ordering;

/// Characters of context kept on each side of a highlight.
pub const CONTEXT_CHARS: usize = 32;

/// One highlight.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// Unique and time-ordered (a UUIDv7 in text form): sorting ids sorts
    /// annotations by creation time.
    pub id: String,
    /// First char offset of the highlighted text.
    pub start: CharPos,
    /// Char offset just past the highlighted text.
    pub end: CharPos,
    /// The highlighted text exactly as it was when highlighted.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] chars before the highlight.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] chars after the highlight.
    pub suffix: String,
    /// Tag name, e.g. `highlight`, `important`.
    pub tag: String,
    /// The note; empty for a plain highlight.
    pub note: String,
    /// RFC 3339 UTC time of creation, e.g. `2026-11-28T21:55:44.123Z`.
    pub created: String,
    /// RFC 3339 UTC time of the last change (equal to `created` at first).
    pub updated: String,
    /// RFC 3339 UTC time of deletion: a tombstone, kept so that another
    /// copy cannot bring the annotation back.
    pub deleted: Option<String>,
    /// Where re-anchoring left it (the sidecar's `state` field, absent
    /// for [`State::Placed`]).
    pub state: State,
    /// How well an approximate placement matched, in `[0, 1]`, two
    /// decimals (the sidecar's `score`); `None` unless fuzzy.
    pub score: Option<f64>,
    /// The note being written when annotty was ended before it was saved
    /// or discarded (by a signal, a closed terminal), kept until the
    /// editor saves or discards it (the sidecar's `draft`). The note
    /// itself is unchanged.
    pub draft: Option<String>,
    /// Fields this version of annotty does not know (and a known field
    /// with a value it does not know, such as a newer `state`), kept as
    /// they were.
    pub extra: toml::Table,
}

/// Where re-anchoring left an annotation (see [`crate::anchor`]); kept in
/// the sidecar as the field `state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum State {
    /// On its text (the field is absent).
    #[default]
    Placed,
    /// On text that approximately matches its quote, until confirmed.
    Fuzzy,
    /// Its text is gone; it keeps its last known position.
    Orphan,
}

impl State {
    /// The value of the sidecar's `state` field (also the word exports
    /// show); `None` for [`State::Placed`], which has no field.
    pub fn name(self) -> Option<&'static str> {
        match self {
            State::Placed => None,
            State::Fuzzy => Some("fuzzy"),
            State::Orphan => Some("orphan"),
        }
    }

    /// The state a `state` field names; `None` for a value this version
    /// does not know.
    pub fn from_name(name: &str) -> Option<State> {
        match name {
            "fuzzy" => Some(State::Fuzzy),
            "orphan" => Some(State::Orphan),
            _ => None,
        }
    }
}

impl Annotation {
    /// Where re-anchoring left it.
    pub fn state(&self) -> State {
        self.state
    }

    /// Mark it as placed on its text again (confirmed or re-attached).
    pub fn set_placed(&mut self) {
        self.state = State::Placed;
        self.score = None;
        // A state of a newer version is no longer true either.
        self.extra.remove("state");
        self.extra.remove("score");
    }

    /// The draft of its note, if any (the field `draft`).
    pub fn draft(&self) -> Option<&str> {
        self.draft.as_deref()
    }

    /// Keep `text` as the draft of the note, or drop the draft (`None`).
    pub fn set_draft(&mut self, text: Option<String>) {
        self.draft = text;
    }

    /// True unless deleted.
    pub fn is_live(&self) -> bool {
        self.deleted.is_none()
    }

    /// The time of the latest change of any kind (edit or deletion).
    pub(crate) fn last_change(&self) -> &str {
        match &self.deleted {
            Some(d) if d.as_str() > self.updated.as_str() => d,
            _ => &self.updated,
        }
    }

    /// Which of two versions of the same annotation wins a merge: the one
    /// changed last; on a tie a deletion; then a fixed order of the
    /// contents, so that merging is commutative.
    pub fn newer_of<'a>(a: &'a Annotation, b: &'a Annotation) -> &'a Annotation {
        if a == b {
            return a;
        }
        let by_time = a.last_change().cmp(b.last_change());
        let by_tombstone = a.deleted.is_some().cmp(&b.deleted.is_some());
        let by_content = || format!("{a:?}").cmp(&format!("{b:?}"));
        match by_time.then(by_tombstone).then_with(by_content) {
            Ordering::Less => b,
            _ => a,
        }
    }
}

/// Merge two sets of annotations by id: every id of either side survives,
/// with the winning version of each (see [`Annotation::newer_of`]). The
/// result is sorted by id. Commutative and idempotent.
pub fn merge(ours: &[Annotation], theirs: &[Annotation]) -> Vec<Annotation> {
    let mut all: Vec<&Annotation> = ours.iter().chain(theirs).collect();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out: Vec<Annotation> = Vec::with_capacity(all.len());
    for a in all {
        match out.last_mut() {
            Some(last) if last.id == a.id => {
                let winner = Annotation::newer_of(last, a).clone();
                *last = winner;
            }
            _ => out.push(a.clone()),
        }
    }
    out
}

/// The context of a highlight: up to [`CONTEXT_CHARS`] chars of decoded
/// text before and after the byte range `range` of `bytes` (raw article
/// bytes, or an already decoded text's: decoding those changes nothing).
/// The one way context is computed, for new highlights, re-anchored and
/// imported ones alike. Reads at most a few hundred bytes on each side.
pub fn context(bytes: &[u8], range: std::ops::Range<BytePos>) -> (String, String) {
    let range = range.start.0..range.end.0;
    let reach = CONTEXT_CHARS * 4 + 4;
    let before = crate::text::safe_cut(bytes, range.start.saturating_sub(reach));
    let after = crate::text::safe_cut(bytes, (range.end + reach).min(bytes.len()));
    let prefix = crate::text::decode(bytes, before..range.start);
    let n = prefix.chars().count();
    let prefix = prefix
        .chars()
        .skip(n.saturating_sub(CONTEXT_CHARS))
        .collect();
    let suffix = crate::text::decode(bytes, range.end..after)
        .chars()
        .take(CONTEXT_CHARS)
        .collect();
    (prefix, suffix)
}

/// A new time-ordered id (UUIDv7) from the time in milliseconds since the
/// Unix epoch and 74 random bits (taken from `random`).
pub fn new_id(unix_millis: u64, random: u128) -> String {
    let ms = unix_millis & 0xffff_ffff_ffff;
    let rand_a = (random >> 62) as u64 & 0xfff;
    let rand_b = random as u64 & 0x3fff_ffff_ffff_ffff;
    let hi = (ms << 16) | (0x7 << 12) | rand_a;
    let lo = (0b10 << 62) | rand_b;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

/// The clock now, in milliseconds since the Unix epoch (0 before it):
/// what annotations, snapshots and placements are stamped with.
pub fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// RFC 3339 UTC time with milliseconds for a time in milliseconds since
/// the Unix epoch: `2026-11-28T21:55:44.123Z`.
pub fn rfc3339(unix_millis: u64) -> String {
    let secs = unix_millis / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        unix_millis % 1000
    )
}

/// The live annotations of one article, sorted by start (then end, then
/// id), with the queries the reader needs. Deleted ones are kept aside so
/// they are saved as tombstones.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    live: Vec<Annotation>,
    tombstones: Vec<Annotation>,
}

impl Annotations {
    /// Take a merged set (as loaded from a sidecar).
    pub fn from_all(all: Vec<Annotation>) -> Self {
        let (mut live, tombstones): (Vec<_>, Vec<_>) =
            all.into_iter().partition(Annotation::is_live);
        live.sort_by(text_order);
        Annotations { live, tombstones }
    }

    /// Everything, tombstones included, sorted by id (for saving).
    pub fn all(&self) -> Vec<Annotation> {
        let mut all: Vec<Annotation> = self.live.iter().chain(&self.tombstones).cloned().collect();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        all
    }

    /// The live annotations in text order.
    pub fn live(&self) -> &[Annotation] {
        &self.live
    }

    pub fn len(&self) -> usize {
        self.live.len()
    }

    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// How many live annotations have a note (not only blanks).
    pub fn notes(&self) -> usize {
        self.live
            .iter()
            .filter(|a| !a.note.trim().is_empty())
            .count()
    }

    pub fn get(&self, id: &str) -> Option<&Annotation> {
        self.live.iter().find(|a| a.id == id)
    }

    /// Add or replace (by id) an annotation; a deleted one goes to the
    /// tombstones.
    pub fn put(&mut self, a: Annotation) {
        self.live.retain(|x| x.id != a.id);
        self.tombstones.retain(|x| x.id != a.id);
        if a.is_live() {
            let at = self
                .live
                .partition_point(|x| text_order(x, &a) == Ordering::Less);
            self.live.insert(at, a);
        } else {
            self.tombstones.push(a);
        }
    }

    /// Remove every trace of an id (used by undo of an add).
    pub fn forget(&mut self, id: &str) {
        self.live.retain(|x| x.id != id);
        self.tombstones.retain(|x| x.id != id);
    }

    /// Live annotations overlapping the char range `[start, end)`.
    pub fn overlapping(&self, start: CharPos, end: CharPos) -> impl Iterator<Item = &Annotation> {
        // Sorted by start: everything from `end` on is out; earlier ones
        // may still reach into the range.
        let upto = self.live.partition_point(|a| a.start < end);
        self.live[..upto].iter().filter(move |a| a.end > start)
    }

    /// The first placed annotation starting at or after char offset `pos`.
    pub fn first_from(&self, pos: CharPos) -> Option<&Annotation> {
        let i = self.live.partition_point(|a| a.start < pos);
        self.live[i..].iter().find(|a| a.state() != State::Orphan)
    }

    /// The first placed annotation starting after char offset `pos`.
    pub fn next_after(&self, pos: CharPos) -> Option<&Annotation> {
        let i = self.live.partition_point(|a| a.start <= pos);
        self.live[i..].iter().find(|a| a.state() != State::Orphan)
    }

    /// The last placed annotation starting before char offset `pos`.
    pub fn prev_before(&self, pos: CharPos) -> Option<&Annotation> {
        let i = self.live.partition_point(|a| a.start < pos);
        self.live[..i]
            .iter()
            .rev()
            .find(|a| a.state() != State::Orphan)
    }

    /// The orphans: annotations whose text is gone.
    pub fn orphans(&self) -> impl Iterator<Item = &Annotation> {
        self.live.iter().filter(|a| a.state() == State::Orphan)
    }
}

fn text_order(a: &Annotation, b: &Annotation) -> Ordering {
    (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id))
}

#[cfg(test)]
mod tests;
