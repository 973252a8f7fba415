//! The one merge of sidecars: two lists of annotations by id ([`merge`],
//! what every save does with the file on disk), and two whole sidecars
//! ([`merge_sidecars`], [`merge_texts`]) for the copies that sync tools
//! make (git's merge driver, Syncthing's and Dropbox's conflict copies).
//!
//! The merge is a union by id in which each annotation's newest version
//! wins ([`Annotation::newer_of`]: the later `updated`/`deleted` time, a
//! tombstone on a tie, then a fixed order of the contents). It is
//! commutative, associative and idempotent, so it needs no common
//! ancestor: a deletion is a tombstone with its time, never a missing
//! entry, and an edit carries its time, so what a three-way merge learns
//! from the ancestor (who changed what since) each version already says.

use super::{DocInfo, FormatError, Sidecar, parse_bytes, render};
use crate::annotation::{self, Annotation};
use std::fmt;

/// [`annotation::merge`], faster for the usual case of a save: both lists
/// sorted by id without duplicates and mostly equal (an equal pair needs no
/// [`Annotation::newer_of`], which compares contents by formatting them).
/// Crate-visible so that the sidecar fuzz target can check it agrees with
/// [`annotation::merge`].
pub(crate) fn merge(ours: &[Annotation], theirs: &[Annotation]) -> Vec<Annotation> {
    let sorted = |l: &[Annotation]| l.windows(2).all(|w| w[0].id < w[1].id);
    if !sorted(ours) || !sorted(theirs) {
        return annotation::merge(ours, theirs);
    }
    let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
    let (mut i, mut j) = (0, 0);
    while i < ours.len() && j < theirs.len() {
        let (a, b) = (&ours[i], &theirs[j]);
        match a.id.cmp(&b.id) {
            std::cmp::Ordering::Less => {
                out.push(a.clone());
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b.clone());
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(
                    if a == b {
                        a
                    } else {
                        Annotation::newer_of(a, b)
                    }
                    .clone(),
                );
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&ours[i..]);
    out.extend_from_slice(&theirs[j..]);
    out
}

/// Two versions of one sidecar merged into one: the annotations by id
/// ([`merge`]); the bookmarks by name ([`merge_extra`]); unknown
/// top-level and `[document]` entries of both (an entry both have with
/// different values: the one whose TOML text sorts last); the `[document]` table of the side changed last (the one holding
/// the newest change of an annotation; on a tie the greater of the two
/// tables), so that the notes are placed again when that side's text is not
/// the article's, with the origin either records (the greater of two) and
/// the snapshot's [`About`](super::About) either records (of two, the one
/// saved last, then the greater: an empty one never replaces another).
/// Commutative, associative and idempotent.
pub fn merge_sidecars(a: &Sidecar, b: &Sidecar) -> Sidecar {
    let mut document = if doc_key(a) >= doc_key(b) {
        a.document.clone()
    } else {
        b.document.clone()
    };
    // A recorded origin is never dropped (of two, the greater stays).
    document.origin = a.document.origin.clone().max(b.document.origin.clone());
    // Nor what a snapshot says of itself: the newest snapshot's.
    let about_key = |s: &Sidecar| (s.document.about.saved.clone(), s.document.about.clone());
    document.about = about_key(a).max(about_key(b)).1;
    Sidecar {
        document,
        annotations: merge(&a.annotations, &b.annotations),
        extra: merge_extra(&a.extra, &b.extra),
        document_extra: union(&a.document_extra, &b.document_extra),
    }
}

/// What decides whose `[document]` a merge keeps: the newest change of an
/// annotation, then the table itself.
fn doc_key(s: &Sidecar) -> (&str, &str, &str, u64, Option<&str>) {
    let newest = s
        .annotations
        .iter()
        .map(Annotation::last_change)
        .max()
        .unwrap_or("");
    let DocInfo {
        file,
        chars,
        hash,
        encoding,
        origin: _,
        about: _,
    } = &s.document;
    (newest, hash, file, *chars, encoding.as_deref())
}

/// Two sidecars' top-level entries other than annotations in one
/// ([`union`]), except the bookmarks when both hold a list of them: those
/// are merged by name ([`crate::bookmark::merge`]: the one set last), so
/// that bookmarks set on two machines all stay. Commutative, associative
/// and idempotent.
pub fn merge_extra(a: &toml::Table, b: &toml::Table) -> toml::Table {
    use crate::bookmark;
    let mut out = union(a, b);
    if let (Some(toml::Value::Array(_)), Some(toml::Value::Array(_))) =
        (a.get(bookmark::KEY), b.get(bookmark::KEY))
    {
        let merged = bookmark::merge(&bookmark::from_extra(a), &bookmark::from_extra(b));
        out.insert(bookmark::KEY.into(), bookmark::to_value(&merged));
    }
    out
}

/// Every key of both tables; a key of both with different values keeps the
/// value whose TOML text sorts last.
fn union(a: &toml::Table, b: &toml::Table) -> toml::Table {
    let mut out = a.clone();
    for (k, v) in b {
        match out.get(k) {
            Some(mine) if mine == v || mine.to_string() >= v.to_string() => {}
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

/// Which version of a sidecar did not parse in [`merge_texts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError {
    /// 0 for the first text, 1 for the second.
    pub side: usize,
    pub error: FormatError,
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = ["ours", "theirs"][self.side.min(1)];
        write!(f, "{side}: {}", self.error)
    }
}

impl std::error::Error for MergeError {}

/// The text of two sidecar files merged ([`merge_sidecars`], rendered as
/// every save renders); an error when either is not a sidecar this version
/// reads (then nothing is to be written).
pub fn merge_texts(ours: &[u8], theirs: &[u8]) -> Result<String, MergeError> {
    let parse =
        |side: usize, bytes: &[u8]| parse_bytes(bytes).map_err(|error| MergeError { side, error });
    let (a, b) = (parse(0, ours)?, parse(1, theirs)?);
    Ok(render(&merge_sidecars(&a, &b)))
}
