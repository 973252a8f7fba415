//! Hypothesis (format notes: docs/IMPORT-FORMATS.md): the JSON of its
//! API's search (`{"total": N, "rows": [...]}`), of the client's "Export
//! annotations" (`{"export_date": …, "export_userid": …,
//! "client_version": …, "annotations": [...]}`), or a bare list of
//! annotations (as other export tools write it). Each annotation has `target[].selector` with a
//! `TextQuoteSelector` (`exact`, `prefix`, `suffix`) and usually a
//! `TextPositionSelector` (`start`, `end`), `text` (the note), `tags`,
//! `uri`, `created`, `updated` and `document.title`. Page notes (no
//! quote) and replies (`references`) are left out and said.

use super::{Book, Imported, Parsed, iso_time};
use crate::text::CharPos;
use serde_json::{Map, Value};

/// What Hypothesis JSON holds, for the message about a file that holds no
/// highlight.
pub const EXPECTED: &str = "annotations whose `target` has a `TextQuoteSelector`";

/// Every annotation in Hypothesis JSON (already decoded to text).
pub fn parse(text: &str) -> Result<Parsed, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        format!(
            "line {}: {}",
            e.line(),
            crate::sanitize::line(msg.lines().next().unwrap_or(""))
        )
    })?;
    let rows = match &v {
        Value::Object(o) => match o.get("rows").or_else(|| o.get("annotations")) {
            Some(Value::Array(rows)) => rows,
            _ => return Err(wrong_shape()),
        },
        Value::Array(rows) => rows,
        _ => return Err(wrong_shape()),
    };
    let mut parsed = Parsed::default();
    for (i, row) in rows.iter().enumerate() {
        let Some(a) = row.as_object() else {
            return Err(format!("annotation {}: not an object", i + 1));
        };
        if !a.contains_key("target") && !a.contains_key("uri") {
            return Err(format!(
                "annotation {}: no `target` or `uri` (not Hypothesis JSON?)",
                i + 1
            ));
        }
        let uri = string(a, "uri");
        let title = a
            .get("document")
            .and_then(|d| d.get("title"))
            .and_then(|t| match t {
                Value::Array(t) => t.first().and_then(Value::as_str),
                other => other.as_str(),
            })
            .map(str::to_string);
        let book = Book {
            title: title.or_else(|| uri.clone()).unwrap_or_default(),
            author: String::new(),
            uri,
        };
        if a.get("references")
            .and_then(Value::as_array)
            .is_some_and(|r| !r.is_empty())
        {
            parsed.left_out.push(format!("a reply on {}", book.shown()));
            continue;
        }
        let mut e = Imported {
            note: string(a, "text").unwrap_or_default(),
            tags: a
                .get("tags")
                .and_then(Value::as_array)
                .map(|t| {
                    t.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            created: string(a, "created").and_then(|t| iso_time(&t)),
            modified: string(a, "updated").and_then(|t| iso_time(&t)),
            id: string(a, "id"),
            book,
            ..Imported::default()
        };
        let selectors = a
            .get("target")
            .and_then(Value::as_array)
            .and_then(|t| t.first())
            .and_then(|t| t.get("selector"))
            .and_then(Value::as_array);
        for s in selectors.into_iter().flatten() {
            let Some(s) = s.as_object() else { continue };
            match s.get("type").and_then(Value::as_str) {
                Some("TextQuoteSelector") => {
                    e.quote = string(s, "exact").unwrap_or_default();
                    e.prefix = string(s, "prefix").unwrap_or_default();
                    e.suffix = string(s, "suffix").unwrap_or_default();
                }
                Some("TextPositionSelector") => {
                    let at = |k: &str| s.get(k).and_then(Value::as_u64).map(CharPos);
                    if let (Some(start), Some(end)) = (at("start"), at("end"))
                        && start <= end
                    {
                        e.position = Some((start, end));
                    }
                }
                _ => {}
            }
        }
        if e.quote.is_empty() {
            parsed
                .left_out
                .push(format!("a page note (no quote) on {}", e.book.shown()));
            continue;
        }
        parsed.entries.push(e);
    }
    Ok(parsed)
}

fn wrong_shape() -> String {
    "not Hypothesis JSON: expected an object with `rows` (the API's search) or `annotations` \
     (the client's export), or a list of annotations"
        .into()
}

fn string(o: &Map<String, Value>, key: &str) -> Option<String> {
    o.get(key).and_then(Value::as_str).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_with_quote_and_position_selectors() {
        let json = r#"{"total": 3, "rows": [
          {"id": "AbC123", "uri": "https://example.org/a", "text": "note", "tags": ["x", "y"],
           "created": "2026-12-01T10:00:00.000000+00:00", "updated": "2026-12-02T10:00:00.000000+00:00",
           "document": {"title": ["A Page"]},
           "target": [{"source": "https://example.org/a", "selector": [
             {"type": "RangeSelector", "startContainer": "/p[1]"},
             {"type": "TextPositionSelector", "start": 10, "end": 14},
             {"type": "TextQuoteSelector", "exact": "word", "prefix": "a ", "suffix": " b"}]}]},
          {"id": "R", "uri": "https://example.org/a", "references": ["AbC123"], "target": [{"source": "x"}]},
          {"id": "P", "uri": "https://example.org/a", "text": "page note", "target": [{"source": "x"}]}
        ]}"#;
        let p = parse(json).unwrap();
        assert_eq!(p.entries.len(), 1);
        let e = &p.entries[0];
        assert_eq!(e.position, Some((CharPos(10), CharPos(14))));
        assert_eq!((e.prefix.as_str(), e.suffix.as_str()), ("a ", " b"));
        assert_eq!(e.book.title, "A Page");
        assert_eq!(e.modified.as_deref(), Some("2026-12-02T10:00:00.000Z"));
        assert_eq!(p.left_out.len(), 2);
        assert!(parse(r#"{"entries": []}"#).unwrap_err().contains("`rows`"));
        // The client's export: the same annotations under `annotations`.
        let export = format!(
            r#"{{"export_date": "2026-12-06T09:00:00.000Z", "export_userid": "acct:me@hypothes.is",
                "client_version": "1.1500.0", "annotations": {}}}"#,
            &json[json.find('[').unwrap()..json.rfind('}').unwrap()]
        );
        assert_eq!(parse(&export).unwrap(), p);
        assert!(
            parse(r#"[{"title": "x"}]"#)
                .unwrap_err()
                .contains("no `target`")
        );
    }
}
