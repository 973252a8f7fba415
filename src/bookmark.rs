//! Bookmarks that last: `m` + an uppercase letter. Kept in the article's
//! sidecar as `[[bookmark]]` tables (`name`, `at`: a char offset, the text
//! around it as `prefix` and `suffix`, `created`), and placed again on a
//! changed article like highlights are ([`place`], through
//! [`crate::anchor`], the one way notes are placed). Lowercase marks are
//! the reader's for the session only and never come here.
//!
//! The sidecar format keeps `[[bookmark]]` among its top-level tables
//! ([`crate::store::Sidecar::extra`]); this module reads and writes that
//! value ([`from_extra`], [`to_value`]) and merges two lists ([`merge`]:
//! by name, the one set last wins). Positions are char offsets of the
//! decoded text, as in [`crate::annotation`]. Pure.

use crate::annotation::Annotation;
use crate::text::CharPos;
use toml::{Table, Value};

/// The top-level key of the sidecar that holds bookmarks.
pub const KEY: &str = "bookmark";

/// One bookmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    /// An uppercase ASCII letter.
    pub name: char,
    /// Where it is: a char offset (the top of the screen when it was set).
    pub at: CharPos,
    /// Up to [`crate::annotation::CONTEXT_CHARS`] chars before and after
    /// `at`, to find the place again in a changed text.
    pub prefix: String,
    pub suffix: String,
    /// RFC 3339 time it was set.
    pub created: String,
}

/// How the id of a bookmark's stand-in annotation ([`as_annotation`])
/// starts; its name follows.
const ID_PREFIX: &str = "bookmark-";

/// The name of the bookmark whose stand-in annotation ([`as_annotation`])
/// has id `id`; `None` for the id of a note.
pub fn named_by_id(id: &str) -> Option<char> {
    let mut name = id.strip_prefix(ID_PREFIX)?.chars();
    match (name.next(), name.next()) {
        (Some(c), None) if lasts(c) => Some(c),
        _ => None,
    }
}

/// True for the names of bookmarks that last (`A`–`Z`).
pub fn lasts(name: char) -> bool {
    name.is_ascii_uppercase()
}

/// The bookmarks a sidecar's top-level tables hold (entries that are not
/// well-formed bookmarks are left out).
pub fn from_extra(extra: &Table) -> Vec<Bookmark> {
    let Some(Value::Array(items)) = extra.get(KEY) else {
        return Vec::new();
    };
    let text = |t: &Table, k: &str| t.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let mut list: Vec<Bookmark> = items
        .iter()
        .filter_map(Value::as_table)
        .filter_map(|t| {
            let mut name = t.get("name")?.as_str()?.chars();
            let (Some(name), None) = (name.next(), name.next()) else {
                return None;
            };
            let at = u64::try_from(t.get("at")?.as_integer()?).ok()?;
            lasts(name).then(|| Bookmark {
                name,
                at: CharPos(at),
                prefix: text(t, "prefix"),
                suffix: text(t, "suffix"),
                created: text(t, "created"),
            })
        })
        .collect();
    list.sort_by_key(|b| b.name);
    list.dedup_by_key(|b| b.name);
    list
}

/// The value of the sidecar's `bookmark` key for `list` (sorted by name).
pub fn to_value(list: &[Bookmark]) -> Value {
    let mut sorted: Vec<&Bookmark> = list.iter().collect();
    sorted.sort_by_key(|b| b.name);
    Value::Array(
        sorted
            .into_iter()
            .map(|b| {
                let mut t = Table::new();
                t.insert("name".into(), Value::String(b.name.to_string()));
                t.insert(
                    "at".into(),
                    Value::Integer(b.at.0.min(i64::MAX as u64) as i64),
                );
                t.insert("prefix".into(), Value::String(b.prefix.clone()));
                t.insert("suffix".into(), Value::String(b.suffix.clone()));
                t.insert("created".into(), Value::String(b.created.clone()));
                Value::Table(t)
            })
            .collect(),
    )
}

/// `ours` and `theirs` in one list: by name, the one set last (then the
/// greater, so the merge is commutative).
pub fn merge(ours: &[Bookmark], theirs: &[Bookmark]) -> Vec<Bookmark> {
    let mut all: Vec<&Bookmark> = ours.iter().chain(theirs).collect();
    all.sort_by(|a, b| {
        a.name.cmp(&b.name).then_with(|| {
            (&b.created, b.at, &b.prefix, &b.suffix).cmp(&(&a.created, a.at, &a.prefix, &a.suffix))
        })
    });
    all.dedup_by_key(|b| b.name);
    all.into_iter().cloned().collect()
}

/// Place `list` on `text` (the decoded, LF-normalised text of a changed
/// article) by their context, as annotations are placed: each is looked
/// for as the text after it (its `suffix`) following its `prefix`. One not
/// found stays where it was, inside the text. Returns the bookmarks that
/// changed, each as it was and as it is now.
pub fn place(text: &str, list: &mut [Bookmark]) -> Vec<(Bookmark, Bookmark)> {
    if list.is_empty() {
        return Vec::new();
    }
    let as_notes: Vec<Annotation> = list.iter().map(as_annotation).collect();
    let placed = crate::anchor::reanchor(text, &as_notes);
    let chars = text.chars().count() as u64;
    let mut moved = Vec::new();
    for (b, p) in list.iter_mut().zip(placed) {
        let was = b.clone();
        b.at = match p.placement.range() {
            Some((start, _)) => start,
            None => CharPos(b.at.0.min(chars)),
        };
        if p.placement.range().is_some() {
            b.prefix = p.prefix;
        }
        if *b != was {
            moved.push((was, b.clone()));
        }
    }
    moved
}

/// In a sidecar's top-level tables `extra`, each bookmark equal to the
/// first of a pair of `moved` replaced by the second (a bookmark as the
/// file held it and where it is on the article as it is now). The
/// bookmark entry is rewritten only when one is replaced.
pub fn replace_moved(extra: &mut Table, moved: &[(Bookmark, Bookmark)]) {
    if moved.is_empty() {
        return;
    }
    let mut list = from_extra(extra);
    let mut replaced = false;
    for b in &mut list {
        if let Some((_, now)) = moved.iter().find(|(was, _)| was == b) {
            *b = now.clone();
            replaced = true;
        }
    }
    if replaced {
        extra.insert(KEY.into(), to_value(&list));
    }
}

/// A bookmark as the annotation [`crate::anchor`] places: its quote the
/// text after it.
pub(crate) fn as_annotation(b: &Bookmark) -> Annotation {
    let len = b.suffix.chars().count() as u64;
    Annotation {
        id: format!("{ID_PREFIX}{}", b.name),
        start: b.at,
        end: CharPos(b.at.0 + len),
        quote: b.suffix.clone(),
        prefix: b.prefix.clone(),
        suffix: String::new(),
        tag: String::new(),
        note: String::new(),
        created: b.created.clone(),
        updated: b.created.clone(),
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: Table::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(name: char, at: u64, prefix: &str, suffix: &str, created: &str) -> Bookmark {
        Bookmark {
            name,
            at: CharPos(at),
            prefix: prefix.into(),
            suffix: suffix.into(),
            created: created.into(),
        }
    }

    #[test]
    fn they_round_trip_through_the_sidecars_table() {
        let list = vec![
            mark('B', 10, "before ", "after it", "2026-12-05T10:00:00.000Z"),
            mark('A', 0, "", "start", "2026-12-05T09:00:00.000Z"),
        ];
        let mut extra = Table::new();
        extra.insert(KEY.into(), to_value(&list));
        let back = from_extra(&extra);
        assert_eq!(back, vec![list[1].clone(), list[0].clone()]);
        // Not a bookmark: a lowercase or long name, no position.
        let junk: Table = toml::from_str(
            "[[bookmark]]\nname = \"a\"\nat = 1\n[[bookmark]]\nname = \"AB\"\nat = 1\n\
             [[bookmark]]\nname = \"C\"\n",
        )
        .unwrap();
        assert!(from_extra(&junk).is_empty());
    }

    #[test]
    fn a_stand_in_annotation_names_its_bookmark() {
        let b = mark('Q', 5, "", "after", "2026-01-01T00:00:00.000Z");
        assert_eq!(named_by_id(&as_annotation(&b).id), Some('Q'));
        for note in [
            "0190a000-0000-7000-8000-000000000001",
            "bookmark-",
            "bookmark-QQ",
        ] {
            assert_eq!(named_by_id(note), None, "{note}");
        }
    }

    #[test]
    fn the_one_set_last_wins_a_merge() {
        let old = mark('A', 1, "", "", "2026-01-01T00:00:00.000Z");
        let new = mark('A', 9, "", "", "2026-02-01T00:00:00.000Z");
        let other = mark('B', 5, "", "", "2026-01-01T00:00:00.000Z");
        let m = merge(&[old.clone(), other.clone()], std::slice::from_ref(&new));
        assert_eq!(m, vec![new.clone(), other.clone()]);
        assert_eq!(m, merge(&[new], &[old, other]));
    }

    #[test]
    fn a_bookmark_follows_its_text_when_the_article_changes() {
        let text = "First paragraph here.\n\nThe bookmark is at this sentence.\n";
        let at = text.find("The bookmark").unwrap();
        let (prefix, suffix) = crate::annotation::context(
            text.as_bytes(),
            crate::text::BytePos(at)..crate::text::BytePos(at),
        );
        let mut list = vec![mark('A', at as u64, &prefix, &suffix, "t")];
        let edited = format!("A new opening line.\n\n{text}");
        assert_eq!(place(&edited, &mut list).len(), 1);
        assert_eq!(list[0].at.0 as usize, edited.find("The bookmark").unwrap());
    }
}
