//! Kindle's `My Clippings.txt` (format notes: docs/IMPORT-FORMATS.md).
//!
//! Entries end with a line `==========`. Each is a title line
//! (`Title (Author)`: the last parenthesised group is the author), a
//! metadata line (`- Your Highlight on page 12 | Location 170-172 | Added
//! on Sunday, 6 December 2026 10:14:03`, in the device's language), an
//! empty line, and the text. Kinds and place words are recognised in
//! English, German, French, Spanish and Italian. A note attaches to the
//! highlight it follows (or, when the Kindle wrote the note first, to the
//! next highlight of the same book at its location); bookmarks, notes
//! with no highlight and a last entry with no `==========` after it (a
//! file cut off while written) are left out and said.

use super::{Book, Imported, Parsed, civil_millis};

const SEPARATOR: &str = "==========";

/// What a clippings file holds, for the message about one that holds none.
pub const EXPECTED: &str = "entries of a title line, a `- Your Highlight …` line and the text, \
     each ended by a line `==========`";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Highlight,
    Note,
    Bookmark,
}

/// The metadata line, read.
#[derive(Debug, Clone, PartialEq, Default)]
struct Meta {
    kind: Option<Kind>,
    /// Kindle locations, first and last (equal for one).
    location: Option<(u64, u64)>,
    page: Option<String>,
    added: Option<String>,
}

/// Every highlight in a `My Clippings.txt` (already decoded to text).
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    // Notes written before their highlight: (book, location, note).
    let mut waiting: Vec<(Book, Option<u64>, String, Option<String>)> = Vec::new();
    let mut last_highlight: Option<(usize, Option<(u64, u64)>)> = None;
    let mut chunk: Vec<&str> = Vec::new();
    let mut number = 0;
    for line in text.split('\n') {
        if line.trim() != SEPARATOR {
            chunk.push(line);
            continue;
        }
        number += 1;
        let lines = std::mem::take(&mut chunk);
        let Some((book, meta, body)) = entry(&lines) else {
            if lines.iter().any(|l| !l.trim().is_empty()) {
                parsed
                    .left_out
                    .push(format!("entry {number}: no title and metadata line"));
            }
            last_highlight = None;
            continue;
        };
        match meta.kind {
            Some(Kind::Bookmark) => {
                parsed
                    .left_out
                    .push(format!("entry {number}: a bookmark in {}", book.shown()));
            }
            Some(Kind::Note) => {
                let at = meta.location.map(|l| l.0);
                let follows = last_highlight.and_then(|(i, loc)| {
                    let e = &parsed.entries[i];
                    let near = match (loc, at) {
                        (Some((s, e)), Some(n)) => s <= n && n <= e,
                        _ => true,
                    };
                    (e.book == book && near).then_some(i)
                });
                match follows {
                    Some(i) => add_note(&mut parsed.entries[i], &body, meta.added),
                    None => waiting.push((book, at, body, meta.added)),
                }
                continue; // a note keeps the highlight before it current
            }
            Some(Kind::Highlight) if body.is_empty() => {
                parsed.left_out.push(format!(
                    "entry {number}: a highlight with no text in {}",
                    book.shown()
                ));
            }
            Some(Kind::Highlight) => {
                let mut e = Imported {
                    location: place(&meta),
                    created: meta.added.clone(),
                    quote: body,
                    book,
                    ..Imported::default()
                };
                let within = |n: &Option<u64>| match (meta.location, n) {
                    (Some((s, end)), Some(n)) => s <= *n && *n <= end,
                    _ => false,
                };
                while let Some(i) = waiting
                    .iter()
                    .position(|(b, at, _, _)| *b == e.book && within(at))
                {
                    let (_, _, note, added) = waiting.remove(i);
                    add_note(&mut e, &note, added);
                }
                parsed.entries.push(e);
                last_highlight = Some((parsed.entries.len() - 1, meta.location));
                continue;
            }
            None => {
                parsed.left_out.push(format!(
                    "entry {number}: metadata line not understood: {}",
                    crate::sanitize::line(lines.get(1).copied().unwrap_or("").trim())
                ));
            }
        }
        last_highlight = None;
    }
    if chunk.iter().any(|l| !l.trim().is_empty()) {
        parsed.left_out.push(format!(
            "entry {}: cut off (no {SEPARATOR} after it)",
            number + 1
        ));
    }
    for (book, _, _, _) in waiting {
        parsed.left_out.push(format!(
            "a note that follows no highlight in {}",
            book.shown()
        ));
    }
    parsed
}

fn add_note(e: &mut Imported, note: &str, added: Option<String>) {
    if note.is_empty() {
        return;
    }
    if !e.note.is_empty() {
        e.note.push_str("\n\n");
    }
    e.note.push_str(note);
    if added > e.created {
        e.modified = added;
    }
}

/// The id's location: `loc 170-172`, else `page 12`.
fn place(meta: &Meta) -> String {
    match (&meta.location, &meta.page) {
        (Some((s, e)), _) => format!("loc {s}-{e}"),
        (None, Some(p)) => format!("page {p}"),
        (None, None) => String::new(),
    }
}

/// An entry's lines → its book, metadata and text.
fn entry(lines: &[&str]) -> Option<(Book, Meta, String)> {
    let mut lines = lines.iter().skip_while(|l| l.trim().is_empty());
    let title = lines.next()?.trim();
    let meta = lines.next()?.trim();
    if !meta.starts_with('-') {
        return None;
    }
    let rest: Vec<&str> = lines.copied().collect();
    let body = rest.join("\n").trim().to_string();
    Some((book(title), metadata(meta), body))
}

/// `Title (Author)` → the book; the last parenthesised group at the end
/// is the author (`Essays (Penguin Classics) (Montaigne, Michel de)`).
fn book(line: &str) -> Book {
    let line = line.trim();
    if let Some(inner) = line.strip_suffix(')') {
        let mut depth = 0;
        for (i, c) in inner.char_indices().rev() {
            match c {
                ')' => depth += 1,
                '(' if depth == 0 => {
                    return Book {
                        title: inner[..i].trim().to_string(),
                        author: inner[i + 1..].trim().to_string(),
                        uri: None,
                    };
                }
                '(' => depth -= 1,
                _ => {}
            }
        }
    }
    Book {
        title: line.to_string(),
        ..Book::default()
    }
}

const HIGHLIGHT: &[&str] = &[
    "highlight",
    "markierung",
    "surlignement",
    "subrayado",
    "evidenziazione",
];
const NOTE: &[&str] = &["note", "notiz", "nota"];
const BOOKMARK: &[&str] = &[
    "bookmark",
    "lesezeichen",
    "signet",
    "marcador",
    "segnalibro",
];
const LOCATION: &[&str] = &[
    "location",
    "position",
    "emplacement",
    "posición",
    "posizione",
];
const PAGE: &[&str] = &["page", "seite", "página", "pagina"];

/// The metadata line: `- KIND … | … | ADDED`, segments split at `|`.
fn metadata(line: &str) -> Meta {
    let lower = line.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let kind = if has(BOOKMARK) {
        Some(Kind::Bookmark)
    } else if has(HIGHLIGHT) {
        Some(Kind::Highlight)
    } else if has(NOTE) {
        Some(Kind::Note)
    } else {
        None
    };
    let mut meta = Meta {
        kind,
        ..Meta::default()
    };
    let segments: Vec<&str> = lower.split('|').collect();
    for (i, seg) in segments.iter().enumerate() {
        let words: Vec<&str> = seg
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .collect();
        let named = |list: &[&str]| words.iter().any(|w| list.contains(w));
        if named(LOCATION) {
            meta.location = range(seg);
        } else if named(PAGE) {
            meta.page = numbers(seg).first().map(u64::to_string);
        }
        if i > 0 && i + 1 == segments.len() {
            meta.added = date(seg);
        }
    }
    meta
}

/// `170-172` → (170, 172); `172` → (172, 172).
fn range(seg: &str) -> Option<(u64, u64)> {
    match numbers(seg)[..] {
        [s, e, ..] if e >= s => Some((s, e)),
        [s, ..] => Some((s, s)),
        [] => None,
    }
}

fn numbers(seg: &str) -> Vec<u64> {
    seg.split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect()
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
];

/// `Added on Sunday, 6 December 2026 10:14:03`, `… March 2, 2026
/// 9:05:40 PM`, `Hinzugefügt am Sonntag, 6. Dezember 2026 10:14:03`,
/// `Ajouté le dimanche 6 décembre 2026 10:14:03` → RFC 3339, read as UTC
/// (the file says no zone).
pub(super) fn date(seg: &str) -> Option<String> {
    let mut year = None;
    let mut month = None;
    let mut day = None;
    let mut time = None;
    let mut pm = None;
    let seg = seg.to_lowercase();
    for token in seg.split(|c: char| c.is_whitespace() || c == ',') {
        let token = token.trim_end_matches('.');
        if token.contains(':') {
            let parts: Vec<u32> = token.split(':').filter_map(|n| n.parse().ok()).collect();
            if let [h, m, ref rest @ ..] = parts[..] {
                time = Some([h, m, rest.first().copied().unwrap_or(0)]);
            }
        } else if let Ok(n) = token.parse::<u32>() {
            match token.len() {
                4 => year = Some(n),
                1 | 2 => day = Some(n),
                _ => {}
            }
        } else if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| *name == token) {
            month = Some(m);
        } else if matches!(token, "am" | "a.m" | "pm" | "p.m") {
            pm = Some(token.starts_with('p'));
        }
    }
    let [mut h, m, s] = time.unwrap_or([0, 0, 0]);
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    let millis = civil_millis([year?, month?, day?], [h, m, s], 0)?;
    Some(crate::annotation::rfc3339(millis))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_lines_in_several_languages() {
        let en = metadata(
            "- Your Highlight on page 12 | Location 170-172 | Added on Sunday, 6 December 2026 10:14:03",
        );
        assert_eq!(en.kind, Some(Kind::Highlight));
        assert_eq!(en.location, Some((170, 172)));
        assert_eq!(en.page.as_deref(), Some("12"));
        assert_eq!(en.added.as_deref(), Some("2026-12-06T10:14:03.000Z"));
        let us =
            metadata("- Your Note on Location 172 | Added on Monday, March 2, 2026 9:05:40 PM");
        assert_eq!(
            (us.kind, us.location, us.added.as_deref()),
            (
                Some(Kind::Note),
                Some((172, 172)),
                Some("2026-03-02T21:05:40.000Z")
            )
        );
        let de = metadata(
            "- Ihre Markierung auf Seite 3 | Position 40-41 | Hinzugefügt am Sonntag, 6. Dezember 2026 08:01:02",
        );
        assert_eq!(
            (de.kind, de.location, de.added.as_deref()),
            (
                Some(Kind::Highlight),
                Some((40, 41)),
                Some("2026-12-06T08:01:02.000Z")
            )
        );
        let fr = metadata(
            "- Votre signet sur la page 3 | emplacement 40 | Ajouté le dimanche 6 décembre 2026 08:01:02",
        );
        assert_eq!(fr.kind, Some(Kind::Bookmark));
        let fr =
            metadata("- Votre note à l'emplacement 41 | Ajouté le lundi 7 décembre 2026 09:00:00");
        assert_eq!((fr.kind, fr.location), (Some(Kind::Note), Some((41, 41))));
    }

    #[test]
    fn the_author_is_the_last_parenthesised_group() {
        let b = book("Essays (Penguin Classics) (Montaigne, Michel de)");
        assert_eq!(
            (b.title.as_str(), b.author.as_str()),
            ("Essays (Penguin Classics)", "Montaigne, Michel de")
        );
        assert_eq!(book("No Author Here").author, "");
    }
}
