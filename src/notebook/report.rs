//! What opening an article's notes found, as data: the front end (the
//! reader's status row) turns it into words in one place.

use crate::anchor::Summary;
use std::path::PathBuf;

/// What [`open`](super::open()) found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The sidecar the notes are kept in.
    pub sidecar: PathBuf,
    /// Why there.
    pub kept: super::Kept,
    /// The article changed since the notes were saved: what placing them
    /// again did.
    pub placed: Option<Summary>,
    /// Notes for this very text found in another sidecar (a moved or
    /// copied article), when this one has none yet.
    pub offer: Option<Offer>,
    /// Set when the notes are never saved, and why.
    pub readonly: Option<ReadOnly>,
    /// Notes that came in from a sync tool's conflict copies of the sidecar.
    pub came_in: Option<super::CameIn>,
}

/// Notes found elsewhere for the same text, to be imported on request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// The sidecar holding them.
    pub path: PathBuf,
    /// How many live annotations it holds (more than 0).
    pub count: usize,
}

/// Why an article's notes are not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// Its folder is read-only and there is no data directory.
    NoPlace,
    /// Its sidecar could not be read (or is of a newer format): it is left
    /// as it is. The error, one line.
    Unreadable(String),
}
