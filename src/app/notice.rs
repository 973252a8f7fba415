//! What the status row reports of work done in the background (loading,
//! saving, placing notes on a changed text, importing, exporting,
//! reloading) and of highlights and tags just made (what a highlight saved,
//! a tag changed or refused): typed, so the words for each are written here
//! once.
//! Errors are not notices: they go through [`App::error`](super::App::error).

use crate::words::count as count_of;
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
    /// `count` notes came in from `copies` conflict copies of the sidecar
    /// (made by a sync tool), merged and removed; `unsaved`: the merge
    /// could not be saved (why), and the copies were kept; `left`: a copy
    /// left where it is, and why (one line).
    CameIn {
        count: usize,
        copies: usize,
        unsaved: Option<String>,
        left: Option<String>,
    },
    /// The article was read again: a memory-mapped one changed on disk
    /// (`why`), or the reader asked (`R`: `None`).
    Reloaded { why: Option<&'static str> },
    /// The whole article, read by its background scan, is text in this
    /// legacy encoding (its name): it is read in it from now on.
    ReadAs(String),
    /// A key needs the whole text of an article only partly decoded yet:
    /// it is done when the rest is.
    Decoding,
    /// A highlight was made: of `quote` (`chars` chars long) with `tag`;
    /// `undo` is the key that takes it back.
    Highlighted {
        quote: String,
        chars: u64,
        tag: String,
        undo: String,
    },
    /// `c` and a digit: the focused annotation's tag is now this one.
    TagChanged(String),
    /// A tag key (`c` then `key`, or `key` in select mode) names no tag:
    /// nothing changed; there are `tags` tags.
    NoSuchTag { key: char, tags: usize },
}

/// Longest quote a message shows whole, in chars; a longer one keeps its
/// start and end around a `…`. 28 keeps `highlighted “…” (123 chars) as
/// question — U to undo` within 80 columns.
const QUOTE_SHOWN: usize = 28;

/// `quote` for a one-row message: each run of blanks and line breaks as
/// one space, and when longer than [`QUOTE_SHOWN`] chars, its start and
/// end (whole words where they allow) with `…` between.
fn shorten(quote: &str) -> String {
    let flat = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = flat.chars().collect();
    if chars.len() <= QUOTE_SHOWN {
        return flat;
    }
    let head = QUOTE_SHOWN * 2 / 3;
    let tail = QUOTE_SHOWN - head - 1;
    let mut start: String = chars[..head].iter().collect();
    if chars[head] != ' '
        && let Some(i) = start.rfind(' ')
    {
        start.truncate(i);
    }
    let mut end: String = chars[chars.len() - tail..].iter().collect();
    if chars[chars.len() - tail - 1] != ' '
        && let Some(i) = end.find(' ')
    {
        end.drain(..=i);
    }
    format!("{}…{}", start.trim_end(), end.trim_start())
}

/// `1 char`, `2 chars`.
fn chars(n: u64) -> String {
    count_of(usize::try_from(n).unwrap_or(usize::MAX), "char")
}

impl Notice {
    /// True for an offer that waits for a key (import): it stands until
    /// answered or dismissed instead of going with the next key.
    pub fn waits_for_key(&self) -> bool {
        matches!(self, Notice::ImportOffer { .. })
    }
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
                "found {} for this text at {at} — i imports, Esc dismisses",
                count_of(*count, "annotation")
            ),
            Notice::Imported {
                count,
                from,
                placed,
            } => {
                write!(f, "imported {} from {from}", count_of(*count, "annotation"))?;
                match placed {
                    Some(p) => write!(f, " — {p}"),
                    None => Ok(()),
                }
            }
            Notice::Exported { count: 0, path } => write!(
                f,
                "nothing to export: no annotations, so {path} was not written"
            ),
            Notice::Exported { count, path } => {
                write!(f, "exported {} to {path}", count_of(*count, "annotation"))
            }
            Notice::CameIn {
                count,
                copies,
                unsaved,
                left,
            } => {
                let from = match copies {
                    0 => return write!(f, "{}", left.as_deref().unwrap_or_default()),
                    1 => "a sync conflict copy".to_string(),
                    n => format!("{n} sync conflict copies"),
                };
                write!(f, "{} came in from {from}", count_of(*count, "note"))?;
                match unsaved {
                    None => write!(f, " (merged; removed)")?,
                    Some(why) => write!(f, ", not saved yet ({why}): kept")?,
                }
                match left {
                    Some(left) => write!(f, "; {left}"),
                    None => Ok(()),
                }
            }
            Notice::Reloaded { why: Some(why) } => {
                write!(f, "the article changed on disk ({why}): reloaded")
            }
            Notice::Reloaded { why: None } => write!(f, "the article was read again"),
            Notice::ReadAs(name) => write!(f, "read as {name}"),
            Notice::Decoding => write!(f, "decoding the rest…"),
            Notice::Highlighted {
                quote,
                chars: n,
                tag,
                undo,
            } => write!(
                f,
                "highlighted “{}” ({}) as {tag} — {undo} to undo",
                shorten(quote),
                chars(*n)
            ),
            Notice::TagChanged(tag) => write!(f, "tag: {tag}"),
            Notice::NoSuchTag { key, tags } => {
                let range = match tags {
                    0 | 1 => "1".to_string(),
                    n => format!("1–{n}"),
                };
                write!(f, "no tag {key} (the tags are {range}): nothing changed")
            }
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
    fn a_highlight_says_what_it_saved_and_how() {
        let said = |quote: &str, chars| {
            Notice::Highlighted {
                quote: quote.into(),
                chars,
                tag: "question".into(),
                undo: "U".into(),
            }
            .to_string()
        };
        assert_eq!(
            said("n", 1),
            "highlighted “n” (1 char) as question — U to undo"
        );
        assert_eq!(
            said("slow reading\nis  a skill", 24),
            "highlighted “slow reading is a skill” (24 chars) as question — U to undo"
        );
        let long =
            "The point is only that slow reading is a skill, and like\nany skill it can be learnt.";
        assert_eq!(
            said(long, 85),
            "highlighted “The point is only…learnt.” (85 chars) as question — U to undo"
        );
    }

    #[test]
    fn tag_changes_say_the_new_tag_or_why_not() {
        assert_eq!(Notice::TagChanged("idea".into()).to_string(), "tag: idea");
        assert_eq!(
            Notice::NoSuchTag { key: '9', tags: 5 }.to_string(),
            "no tag 9 (the tags are 1–5): nothing changed"
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
