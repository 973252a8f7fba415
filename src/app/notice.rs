//! What the status row reports of work done in the background (loading,
//! saving, placing notes on a changed text, importing, exporting,
//! reloading): typed, so the words for each are written here once.
//! Errors are not notices: they go through [`App::error`](super::App::error).

use std::fmt;

/// A report for the status row (shown until the next key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The notes are being read and placed in the background.
    Loading,
    /// `:w`: the notes are on disk.
    Saved,
    /// The article changed since its notes were saved: how they were
    /// placed on the new text.
    Placed(Placed),
    /// The article's folder is read-only: the notes are kept at this
    /// (shown) path.
    KeptElsewhere(String),
    /// The article's folder is read-only and there is no data directory:
    /// its notes are shown but never saved.
    NowhereToKeep,
    /// Another sidecar holds `count` notes for this text, at `at` (shown).
    ImportOffer { count: usize, at: String },
    /// `i`: `count` notes were brought in from `from` (shown), placed on
    /// this text as `placed` when it differed from theirs.
    Imported {
        count: usize,
        from: String,
        placed: Option<Placed>,
    },
    /// `:export`: `count` annotations written to `path` (shown); none
    /// writes no file.
    Exported { count: usize, path: String },
    /// A memory-mapped article changed on disk (`why`) and was read again.
    Reloaded { why: &'static str },
    /// A key needs the whole text of an article only partly decoded yet:
    /// it is done when the rest is.
    Decoding,
}

/// How notes were placed on a changed text (counts of annotations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Placed {
    pub moved: usize,
    pub fuzzy: usize,
    pub orphaned: usize,
}

impl fmt::Display for Placed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the article changed: {} moved", self.moved)?;
        if self.fuzzy > 0 {
            write!(f, ", {} approximate (Enter on one confirms it)", self.fuzzy)?;
        }
        if self.orphaned > 0 {
            write!(f, ", {} orphaned", self.orphaned)?;
        }
        write!(f, " — Tab to review")
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Loading => write!(f, "loading the annotations…"),
            Notice::Saved => write!(f, "saved"),
            Notice::Placed(p) => write!(f, "{p}"),
            Notice::KeptElsewhere(at) => write!(
                f,
                "the article's folder is read-only: notes are kept in {at}"
            ),
            Notice::NowhereToKeep => write!(
                f,
                "the article's folder is read-only and there is no data directory: notes are not saved"
            ),
            Notice::ImportOffer { count, at } => write!(
                f,
                "found {count} annotations for this text at {at} — press i to import"
            ),
            Notice::Imported {
                count,
                from,
                placed,
            } => {
                write!(f, "imported {count} annotations from {from}")?;
                match placed {
                    Some(p) => write!(f, " — {p}"),
                    None => Ok(()),
                }
            }
            Notice::Exported { count: 0, path } => write!(
                f,
                "nothing to export: no annotations, so {path} was not written"
            ),
            Notice::Exported { count, path } => write!(
                f,
                "exported {count} annotation{} to {path}",
                if *count == 1 { "" } else { "s" }
            ),
            Notice::Reloaded { why } => {
                write!(f, "the article changed on disk ({why}): reloaded")
            }
            Notice::Decoding => write!(f, "decoding the rest…"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placements_name_only_what_happened() {
        let moved = Placed {
            moved: 3,
            ..Placed::default()
        };
        assert_eq!(
            Notice::Placed(moved).to_string(),
            "the article changed: 3 moved — Tab to review"
        );
        let all = Placed {
            moved: 1,
            fuzzy: 2,
            orphaned: 1,
        };
        assert_eq!(
            Notice::Imported {
                count: 4,
                from: "b.toml".into(),
                placed: Some(all)
            }
            .to_string(),
            "imported 4 annotations from b.toml — the article changed: 1 moved, \
             2 approximate (Enter on one confirms it), 1 orphaned — Tab to review"
        );
    }

    #[test]
    fn exports_count_in_words() {
        let export = |count| {
            Notice::Exported {
                count,
                path: "n.md".into(),
            }
            .to_string()
        };
        assert_eq!(
            export(0),
            "nothing to export: no annotations, so n.md was not written"
        );
        assert_eq!(export(1), "exported 1 annotation to n.md");
        assert_eq!(export(2), "exported 2 annotations to n.md");
    }
}
