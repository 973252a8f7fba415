//! KOReader's exporter plugin (format notes: docs/IMPORT-FORMATS.md): its
//! JSON — one book `{title, author, file, entries: [...]}`, or several as
//! `{documents: [...]}` (a bare list of books is read too) — and its
//! Markdown (`# Title`, `##### Author`, `## Chapter`, `### Page N @ DATE`,
//! the text, `---` and the note). Told apart by the first character that
//! is not a space: `{` or `[` is JSON.

use super::{Book, Imported, Parsed, kindle};
use serde_json::{Map, Value};

/// What a KOReader export holds, for the message about one that holds none.
pub const EXPECTED: &str = "the exporter's JSON with `entries` or `documents`, or its Markdown \
     with `### Page N @ DATE` entries";

/// Every highlight in a KOReader export (already decoded to text).
pub fn parse(text: &str) -> Result<Parsed, String> {
    match text.trim_start().chars().next() {
        Some('{' | '[') => parse_json(text),
        _ => Ok(parse_markdown(text)),
    }
}

fn parse_json(text: &str) -> Result<Parsed, String> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| format!("line {}: {}", e.line(), first_line(&e.to_string())))?;
    let books: Vec<&Map<String, Value>> = match &v {
        Value::Object(o) if o.contains_key("entries") => vec![o],
        Value::Object(o) => match o.get("documents") {
            Some(Value::Array(d)) => d.iter().filter_map(Value::as_object).collect(),
            _ => return Err(wrong_shape(&v)),
        },
        Value::Array(d) if d.iter().all(Value::is_object) => {
            d.iter().filter_map(Value::as_object).collect()
        }
        _ => return Err(wrong_shape(&v)),
    };
    let mut parsed = Parsed::default();
    for (b, doc) in books.into_iter().enumerate() {
        let Some(Value::Array(entries)) = doc.get("entries") else {
            return Err(format!("document {}: no `entries` list", b + 1));
        };
        let book = Book {
            title: string(doc, "title").unwrap_or_default(),
            author: string(doc, "author")
                .unwrap_or_default()
                .replace('\n', ", "),
            uri: None,
        };
        for (i, e) in entries.iter().enumerate() {
            let Some(e) = e.as_object() else {
                return Err(format!(
                    "document {}, entry {}: not an object",
                    b + 1,
                    i + 1
                ));
            };
            let quote = string(e, "text").unwrap_or_default();
            if quote.trim().is_empty() {
                parsed.left_out.push(format!(
                    "an entry with no text in {} (a bookmark?)",
                    book.shown()
                ));
                continue;
            }
            let page = e.get("page").map(|p| match p {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            let chapter = string(e, "chapter").unwrap_or_default();
            let colour = string(e, "color").map(|c| c.to_lowercase());
            parsed.entries.push(Imported {
                book: book.clone(),
                quote: quote.trim().to_string(),
                note: string(e, "note").unwrap_or_default(),
                tags: colour.filter(|c| c != "yellow").into_iter().collect(),
                created: e
                    .get("time")
                    .and_then(Value::as_u64)
                    .map(|t| crate::annotation::rfc3339(t.saturating_mul(1000))),
                location: format!("{chapter}\0{}", page.unwrap_or_default()),
                ..Imported::default()
            });
        }
    }
    Ok(parsed)
}

fn wrong_shape(v: &Value) -> String {
    format!(
        "not KOReader JSON: expected a book (an object with `entries`), an object with \
         `documents` or a list of books, found {}",
        crate::sanitize::line(&described(v))
    )
}

/// What a JSON value is, in a few words: `an object with title, rows`,
/// `a list of numbers`, `a string`.
fn described(v: &Value) -> String {
    match v {
        Value::Object(o) if o.is_empty() => "an empty object".into(),
        Value::Object(o) => {
            let keys: Vec<&str> = o.keys().map(String::as_str).take(6).collect();
            format!("an object with {}", keys.join(", "))
        }
        Value::Array(items) => match items.iter().find(|i| !i.is_object()) {
            Some(Value::Array(_)) => "a list of lists".into(),
            Some(Value::String(_)) => "a list of strings".into(),
            Some(Value::Number(_)) => "a list of numbers".into(),
            Some(_) => "a list of true, false or null".into(),
            None => "a list".into(),
        },
        Value::String(_) => "a string".into(),
        Value::Number(_) => "a number".into(),
        other => other.to_string(),
    }
}

fn string(o: &Map<String, Value>, key: &str) -> Option<String> {
    o.get(key).and_then(Value::as_str).map(str::to_string)
}

fn first_line(s: &str) -> String {
    crate::sanitize::line(s.lines().next().unwrap_or(s))
}

/// A Markdown entry being read: its heading, its text lines, its note
/// lines (once a line `---` was met).
type Entry<'a> = (String, Vec<&'a str>, Option<Vec<&'a str>>);

/// The exporter's Markdown: a book starts at `# Title` (its author on a
/// `#####` line), a chapter at `## Chapter`, an entry at `### Page N @
/// DATE`; the entry's text follows, then, after a line `---`, its note.
/// The text may be wrapped in the formatting the exporter was set to add
/// (`==…==`, `**…**`, `*…*`, `**_…_**`, `++…++`, `<u>…</u>`, `~~…~~`),
/// which is taken off.
fn parse_markdown(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut book = Book::default();
    let mut chapter = String::new();
    let mut entry: Option<Entry<'_>> = None;
    let finish =
        |entry: &mut Option<Entry<'_>>, book: &Book, chapter: &str, parsed: &mut Parsed| {
            let Some((heading, body, note)) = entry.take() else {
                return;
            };
            let quote = unformat(body.join("\n").trim());
            if quote.is_empty() {
                parsed
                    .left_out
                    .push(format!("an entry with no text in {}", book.shown()));
                return;
            }
            let (page, date) = heading.split_once('@').unwrap_or((&heading, ""));
            let page = page.trim().rsplit(' ').next().unwrap_or("").to_string();
            parsed.entries.push(Imported {
                book: book.clone(),
                quote,
                note: note
                    .map(|n| n.join("\n").trim().to_string())
                    .unwrap_or_default(),
                created: kindle::date(date),
                location: format!("{chapter}\0{page}"),
                ..Imported::default()
            });
        };
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("# ") {
            finish(&mut entry, &book, &chapter, &mut parsed);
            book = Book {
                title: title.trim().to_string(),
                ..Book::default()
            };
            chapter.clear();
        } else if let Some(author) = line.strip_prefix("##### ") {
            finish(&mut entry, &book, &chapter, &mut parsed);
            book.author = author.trim().to_string();
            if book.author == "N/A" {
                book.author.clear();
            }
        } else if let Some(c) = line.strip_prefix("## ") {
            finish(&mut entry, &book, &chapter, &mut parsed);
            chapter = c.trim().to_string();
        } else if let Some(h) = line.strip_prefix("### ") {
            finish(&mut entry, &book, &chapter, &mut parsed);
            entry = Some((h.trim().to_string(), Vec::new(), None));
        } else if let Some((_, body, note)) = entry.as_mut() {
            match note {
                Some(n) => n.push(line),
                None if line.trim() == "---" => *note = Some(Vec::new()),
                None => body.push(line),
            }
        }
    }
    finish(&mut entry, &book, &chapter, &mut parsed);
    parsed
}

/// The text without the formatting the exporter wrapped it in.
fn unformat(text: &str) -> String {
    const WRAPS: &[(&str, &str)] = &[
        ("**_", "_**"),
        ("==", "=="),
        ("**", "**"),
        ("++", "++"),
        ("~~", "~~"),
        ("<u>", "</u>"),
        ("*", "*"),
    ];
    for (open, close) in WRAPS {
        if let Some(inner) = text
            .strip_prefix(open)
            .and_then(|t| t.strip_suffix(close))
            .filter(|t| !t.is_empty())
        {
            return inner.to_string();
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_entries_with_chapters_notes_and_formatting() {
        let md = "# The Quiet Harbour\n##### Mara Lind\n\n## One\n\
            ### Page 1 @ 06 December 2026 10:14:03 AM\n==He said the ledger==\n\n---\nWhy?\n\
            ### Page 2 @ 06 December 2026 01:00:00 PM\nplain\ntwo lines\n";
        let p = parse(md).unwrap();
        assert_eq!(p.entries.len(), 2);
        let e = &p.entries[0];
        assert_eq!(
            (e.quote.as_str(), e.note.as_str()),
            ("He said the ledger", "Why?")
        );
        assert_eq!(e.book.author, "Mara Lind");
        assert_eq!(e.created.as_deref(), Some("2026-12-06T10:14:03.000Z"));
        assert_eq!(e.location, "One\u{0}1");
        assert_eq!(p.entries[1].quote, "plain\ntwo lines");
        assert_eq!(
            p.entries[1].created.as_deref(),
            Some("2026-12-06T13:00:00.000Z")
        );
    }

    #[test]
    fn json_of_the_wrong_shape_is_said() {
        let e = parse(r#"{"rows": []}"#).unwrap_err();
        assert!(e.starts_with("not KOReader JSON: expected a book"), "{e}");
        assert!(e.ends_with("found an object with rows"), "{e}");
        let e = parse("[1]").unwrap_err();
        assert!(e.ends_with("found a list of numbers"), "{e}");
        assert_eq!(
            parse("[]").unwrap(),
            Parsed::default(),
            "an empty list: no books"
        );
        let e = parse(r#"{"documents": [{"title": "x"}]}"#).unwrap_err();
        assert_eq!(e, "document 1: no `entries` list");
        assert!(parse("{").unwrap_err().starts_with("line 1:"));
    }
}
