//! The two kinds of offset into an article, as distinct types so that one
//! cannot be passed where the other is meant. Converting one into the
//! other needs the text, and is done by [`super::CharIndex`] (or the free
//! functions of [`crate::text`]).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// A char offset: a count of Unicode scalar values of the article's
/// decoded, LF-normalised text (see [`crate::text`]) — what sidecars,
/// reading positions and annotation ranges store. Saved as a plain
/// integer.
///
/// The annotation queries take one:
///
/// ```
/// use annotty::annotation::Annotations;
/// use annotty::text::CharPos;
/// let notes = Annotations::default();
/// assert!(notes.first_from(CharPos(3)).is_none());
/// ```
///
/// and a byte offset in its place does not compile:
///
/// ```compile_fail
/// use annotty::annotation::Annotations;
/// use annotty::text::BytePos;
/// let notes = Annotations::default();
/// let _ = notes.first_from(BytePos(3));
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct CharPos(pub u64);

/// A byte offset into an article's bytes (the file's, or its text decoded
/// to UTF-8 for a legacy encoding) — what the view works in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct BytePos(pub usize);

impl CharPos {
    /// The number of chars from `earlier` to `self`, 0 if `earlier` is
    /// after it.
    pub fn since(self, earlier: CharPos) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// `chars` chars after a position.
impl Add<u64> for CharPos {
    type Output = CharPos;
    fn add(self, chars: u64) -> CharPos {
        CharPos(self.0 + chars)
    }
}

impl AddAssign<u64> for CharPos {
    fn add_assign(&mut self, chars: u64) {
        self.0 += chars;
    }
}

/// The number of chars between two positions (`self` must not be before
/// `other`).
impl Sub for CharPos {
    type Output = u64;
    fn sub(self, other: CharPos) -> u64 {
        self.0 - other.0
    }
}

/// Plain integer, as the sidecar writes it.
impl fmt::Display for CharPos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
