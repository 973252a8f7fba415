//! `annotty import FILE.json`: W3C Web Annotation JSON — what `annotty
//! export --format json` writes, and the usual shapes other tools write
//! (a collection with its first page embedded, a page, an annotation, or
//! an array of any of these) — into the sidecars of the articles.
//!
//! Each annotation goes to the article its target names: its
//! `annotty:path` (the path as named at export, relative to the current
//! directory) when that file exists, else its `source` (a `file://` URI or
//! a path relative to the current directory); or every one to `--article`,
//! keeping its id, tag, note and times. Where it goes in the text is
//! decided as the reader decides it for notes on a changed article
//! ([`notebook::place_foreign`], through [`crate::anchor`]): from its quote
//! (`TextQuoteSelector.exact`, or its `annotty:exact`: the Markdown source
//! where the export wrote the rendered text), context (`prefix`, `suffix`,
//! likewise) and old
//! position (`TextPositionSelector`) — exact where it was (keeping the
//! `annotty:state` it came with), exact elsewhere, approximately
//! (`state = "fuzzy"`), or at its old position with `state = "orphan"`.
//! One without a quote is placed by its position alone (the quote is the
//! text there; past the end of the text: an orphan at the end). Which
//! sidecar it goes to is [`notebook::locate`]'s choice, as for the reader.
//!
//! An annotation whose `source` is an absolute IRI other than a `file://`
//! one (an article that came from the web) records it as the sidecar's
//! `[document] origin`, unless the sidecar has one already; so exporting
//! again names the same source.
//!
//! An annotation the sidecar already has in a version changed at the same
//! time or later (or deleted) is left alone, so importing twice changes
//! nothing; the rest is saved with [`crate::store::Store::save`] (merge by id, lock,
//! atomic replace).

use super::json::{id_of_iri, path_of_iri, uuid8};
pub use crate::import::Incoming;
use crate::sanitize;
use crate::text::CharPos;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// What W3C Web Annotation JSON holds, for the message about a file that
/// holds no annotation.
pub const EXPECTED: &str =
    "annotations (`\"type\": \"Annotation\"`), as `annotty export -f json` writes them";

/// Every annotation in a W3C Web Annotation JSON document.
pub fn parse_json(text: &str) -> Result<Vec<Incoming>, String> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| format!("line {}: {}", e.line(), first_line(&e.to_string())))?;
    let mut out = Vec::new();
    collect(&v, &mut out, 0)?;
    Ok(out)
}

fn first_line(s: &str) -> String {
    sanitize::line(s.lines().next().unwrap_or(s))
}

fn types(o: &Map<String, Value>) -> Vec<&str> {
    fn strip(s: &str) -> &str {
        s.strip_prefix("oa:").unwrap_or(s)
    }
    match o.get("type").or_else(|| o.get("@type")) {
        Some(Value::String(s)) => vec![strip(s)],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(strip).collect(),
        _ => Vec::new(),
    }
}

fn collect(v: &Value, out: &mut Vec<Incoming>, depth: usize) -> Result<(), String> {
    if depth > 8 {
        return Err("nested too deeply".into());
    }
    match v {
        Value::Array(items) => {
            for item in items {
                collect(item, out, depth + 1)?;
            }
            Ok(())
        }
        Value::Object(o) => {
            let t = types(o);
            if t.contains(&"Annotation") {
                out.push(annotation(o)?);
                return Ok(());
            }
            if t.contains(&"AnnotationCollection") || t.contains(&"AnnotationPage") {
                for key in ["first", "items", "next"] {
                    match o.get(key) {
                        Some(Value::String(iri)) => {
                            return Err(format!(
                                "`{key}` refers to {} instead of holding it: only embedded pages can be imported",
                                sanitize::line(iri)
                            ));
                        }
                        Some(inner) => collect(inner, out, depth + 1)?,
                        None => {}
                    }
                }
                return Ok(());
            }
            Err(format!(
                "not a W3C annotation, page or collection (type {})",
                sanitize::line(&o.get("type").map_or("missing".into(), Value::to_string))
            ))
        }
        other => Err(format!("expected an object or an array, found {other}")),
    }
}

fn string(o: &Map<String, Value>, key: &str) -> Option<String> {
    o.get(key).and_then(Value::as_str).map(str::to_string)
}

/// One value or an array of them, as a list.
fn list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    }
}

fn annotation(o: &Map<String, Value>) -> Result<Incoming, String> {
    let mut a = Incoming {
        id: string(o, "id").map(|i| id_of_iri(&i)).unwrap_or_default(),
        source: None,
        path: None,
        exact: None,
        prefix: String::new(),
        suffix: String::new(),
        start: None,
        end: None,
        tag: None,
        note: String::new(),
        created: string(o, "created"),
        modified: string(o, "modified"),
        state: string(o, "annotty:state"),
    };
    let target = list(o.get("target")).into_iter().next();
    let selectors = match target {
        Some(Value::String(s)) => {
            a.source = Some(s.clone());
            Vec::new()
        }
        Some(Value::Object(t)) => {
            a.source = match t.get("source") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Object(s)) => string(s, "id"),
                _ => None,
            };
            a.path = string(t, "annotty:path");
            list(t.get("selector"))
        }
        _ => {
            return Err(format!(
                "annotation {} has no target",
                sanitize::line(&a.id)
            ));
        }
    };
    for s in selectors {
        let Value::Object(s) = s else { continue };
        let t = types(s);
        if t.contains(&"TextQuoteSelector") {
            a.exact = string(s, "exact");
            a.prefix = string(s, "prefix").unwrap_or_default();
            a.suffix = string(s, "suffix").unwrap_or_default();
            // annotty's export of a Markdown article: the source, where the
            // rendered text above differs from it.
            if let Some(x) = string(s, "annotty:exact") {
                a.exact = Some(x);
            }
            for (key, side) in [
                ("annotty:prefix", &mut a.prefix),
                ("annotty:suffix", &mut a.suffix),
            ] {
                if let Some(x) = string(s, key) {
                    *side = x;
                }
            }
        } else if t.contains(&"TextPositionSelector") {
            a.start = s.get("start").and_then(Value::as_u64).map(CharPos);
            a.end = s.get("end").and_then(Value::as_u64).map(CharPos);
        }
    }
    let motivation = list(o.get("motivation"));
    let mut notes = Vec::new();
    if let Some(v) = string(o, "bodyValue") {
        notes.push(v);
    }
    for b in list(o.get("body")) {
        let Value::Object(b) = b else { continue };
        let Some(value) = string(b, "value") else {
            continue;
        };
        let purposes = list(b.get("purpose"));
        let tagging = purposes.iter().any(|p| p.as_str() == Some("tagging"))
            || (purposes.is_empty() && motivation.iter().any(|m| m.as_str() == Some("tagging")));
        if tagging {
            if a.tag.is_none() {
                a.tag = Some(value);
            }
        } else {
            notes.push(value);
        }
    }
    a.note = notes.join("\n\n");
    if a.exact.is_none() && a.start.is_none() {
        return Err(format!(
            "annotation {} has neither a TextQuoteSelector nor a TextPositionSelector",
            sanitize::line(&a.id)
        ));
    }
    if let (Some(s), Some(e)) = (a.start, a.end)
        && e < s
    {
        return Err(format!(
            "annotation {}: end {e} is before start {s}",
            sanitize::line(&a.id)
        ));
    }
    if a.id.is_empty() {
        // No id: one made from the contents, so a second import of the
        // same file finds the first one's annotation.
        a.id = uuid8(&format!(
            "annotty import\0{:?}\0{:?}\0{:?}\0{:?}\0{:?}\0{}",
            a.source, a.exact, a.start, a.end, a.created, a.note
        ));
    }
    Ok(a)
}

// ----------------------------------------------------------------- import

/// The article each annotation names: with `article` (`--article`) that
/// one; else its `annotty:path` (relative to the current directory) when
/// that file exists, else its `source` (a `file://` URI in our exports).
pub fn group(
    incoming: Vec<Incoming>,
    article: Option<&Path>,
) -> Result<Vec<(PathBuf, Vec<Incoming>)>, String> {
    let mut groups: Vec<(PathBuf, Vec<Incoming>)> = Vec::new();
    for a in incoming {
        let named = a
            .path
            .as_deref()
            .map(path_of_iri)
            .filter(|p| p.exists())
            .or_else(|| a.source.as_deref().map(path_of_iri));
        let path = match (article, named) {
            (Some(p), _) => p.to_path_buf(),
            (None, Some(p)) => p,
            (None, None) => {
                return Err(format!(
                    "annotation {} names no article (give one with --article PATH)",
                    sanitize::line(&a.id)
                ));
            }
        };
        match groups.iter_mut().find(|(p, _)| *p == path) {
            Some((_, g)) => g.push(a),
            None => groups.push((path, vec![a])),
        }
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_shapes() {
        let one = r#"{"type": "Annotation", "id": "urn:uuid:01a22437-b6d8-727e-a298-71aa811c2037",
            "bodyValue": "plain note",
            "target": {"source": "a.txt", "selector": {"type": "TextQuoteSelector", "exact": "x"}}}"#;
        let got = parse_json(one).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].id, "01a22437-b6d8-727e-a298-71aa811c2037");
        assert_eq!(got[0].note, "plain note");
        assert_eq!(got[0].source.as_deref(), Some("a.txt"));
        let page = format!(r#"{{"type": "AnnotationPage", "items": [{one}, {one}]}}"#);
        assert_eq!(parse_json(&page).unwrap().len(), 2);
        let e = parse_json(r#"{"type": "AnnotationCollection", "first": "http://x/p1"}"#);
        assert!(e.unwrap_err().contains("only embedded pages"));
        let e = parse_json(r#"{"type": "Annotation", "target": "a.txt"}"#);
        assert!(e.unwrap_err().contains("neither"));
        assert!(parse_json("{").unwrap_err().starts_with("line 1:"));
    }
}
