//! An article's notebook: where its notes are kept, opening them (parse
//! and re-anchor), saving, taking in what another process saved, and
//! placing notes that come from elsewhere (an import). The one home of
//! these rules for the reader (`tui/notes`), `annotty export` and
//! `annotty import`.
//!
//! The pieces, one concept each:
//! - [`locate`] (`notebook/locate`): which sidecar holds an article's
//!   notes — `--store DIR`, beside the article, or in the data directory by
//!   content hash when its folder is read-only (or it is standard input) —
//!   and the other sidecars found for it;
//! - [`open()`] (`notebook/open`): read them into an [`Opened`]: the notes,
//!   merged and placed on the text as it is now, a [`Notebook`] to save
//!   through, and a typed [`Report`] (what moved, an import offer, why it
//!   is read-only) that a front end turns into words;
//! - `notebook/conflicts`: the conflict copies a sync tool (Syncthing,
//!   Dropbox) left beside the sidecar, merged in, saved and then removed
//!   by [`open()`], [`read()`] (an export) and [`read_sidecar()`] (the
//!   notes browser) alike;
//! - `notebook/place`: the two ways notes are placed on a text through
//!   [`crate::anchor`] — [`place_again`] (the article changed since the
//!   notes were saved) and [`place_foreign`] (notes made on another copy).
//!
//! Everything here takes owned or borrowed plain data (paths, bytes, the
//! [`Places`] of the command line), never the reader's state, and returns
//! typed results, so it can run on any thread. Positions are char offsets
//! of the decoded, LF-normalised text, ranges half-open (see
//! [`crate::text`]).

mod conflicts;
mod locate;
mod open;
mod place;
mod report;
#[cfg(test)]
mod tests;

pub use conflicts::CameIn;
pub use locate::{Article, Kept, Located, Places, locate};
pub use open::{Notebook, Opened, TakenIn, at_sidecar, open, read, read_sidecar, unreadable};
pub use place::{place_again, place_foreign};
pub use report::{Offer, ReadOnly, Report};
