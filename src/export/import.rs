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
//! (`TextQuoteSelector.exact`), context (`prefix`, `suffix`) and old
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

use super::json::{id_of_iri, origin_uri, path_of_iri, uuid8};
use crate::annotation::{Annotation, State, rfc3339};
use crate::encoding::Decoding;
use crate::notebook::{self, Places};
use crate::text::CharPos;
use crate::{sanitize, source, text};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// One annotation as read from the JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// The annotation id (`urn:uuid:` taken off); derived from the
    /// contents when the JSON has none.
    pub id: String,
    /// The target's source, as written.
    pub source: Option<String>,
    /// The target's `annotty:path`: the article's path as named when it
    /// was exported (an IRI reference; older exports had it as the source).
    pub path: Option<String>,
    pub exact: Option<String>,
    pub prefix: String,
    pub suffix: String,
    pub start: Option<CharPos>,
    pub end: Option<CharPos>,
    pub tag: Option<String>,
    pub note: String,
    pub created: Option<String>,
    pub modified: Option<String>,
    /// `annotty:state`.
    pub state: Option<String>,
}

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

/// What happened to one article's annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleReport {
    pub article: PathBuf,
    pub sidecar: PathBuf,
    /// Annotations written (new, or newer than the sidecar's).
    pub imported: usize,
    /// Of those, placed exactly by their quote somewhere else than their
    /// position.
    pub moved: usize,
    /// Of those, placed approximately (`state = "fuzzy"`).
    pub fuzzy: usize,
    /// Of those, whose quote was not found (`state = "orphan"`).
    pub orphans: usize,
    /// Left alone: the sidecar has them in the same or a later version.
    pub unchanged: usize,
}

/// Import `incoming` into the sidecars of their articles (or all into
/// `article`, when given).
pub fn import(
    incoming: Vec<Incoming>,
    article: Option<&Path>,
    places: &Places,
    decoding: &Decoding,
    now_millis: u64,
) -> Result<Vec<ArticleReport>, String> {
    let mut groups: Vec<(PathBuf, Vec<Incoming>)> = Vec::new();
    for a in incoming {
        // The path as named (relative to the current directory) when that
        // file is there, else the source (a `file://` URI in our exports).
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
    groups
        .into_iter()
        .map(|(path, list)| import_article(&path, list, places, decoding, now_millis))
        .collect()
}

fn import_article(
    path: &Path,
    list: Vec<Incoming>,
    places: &Places,
    decoding: &Decoding,
    now_millis: u64,
) -> Result<ArticleReport, String> {
    let doc = source::open_file_as(path, decoding)?;
    let bytes = doc.bytes();
    let article = notebook::Article::of_document(path, &doc);
    let located = notebook::locate(&article, places).filter(|l| l.readonly.is_none());
    let Some(located) = located else {
        return Err(format!(
            "{}: its folder is read-only and there is no data directory (use --store DIR)",
            source::shown(path)
        ));
    };
    let store = located.store;
    let mut doc = located.doc;
    doc.origin = list
        .iter()
        .filter_map(|a| a.source.as_deref())
        .find(|s| {
            let file = s
                .trim()
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("file:"));
            origin_uri(s).is_some() && !file
        })
        .map(|s| s.trim().to_string());
    let existing = store
        .load()
        .map_err(|e| notebook::unreadable(&e))?
        .map(|s| s.annotations)
        .unwrap_or_default();
    let text = text::decode(bytes, 0..bytes.len());
    let now = rfc3339(now_millis);
    let mut report = ArticleReport {
        article: path.to_path_buf(),
        sidecar: store.path().to_path_buf(),
        imported: 0,
        moved: 0,
        fuzzy: 0,
        orphans: 0,
        unchanged: 0,
    };
    // Those with a quote are placed by it; those without by position.
    let (mut quoted, mut out): (Vec<Annotation>, Vec<Annotation>) = (Vec::new(), Vec::new());
    for inc in list {
        let old = existing.iter().find(|e| e.id == inc.id);
        let updated = inc.modified.clone().or_else(|| inc.created.clone());
        if let Some(old) = old {
            let last = match &old.deleted {
                Some(d) if *d > old.updated => d,
                _ => &old.updated,
            };
            if updated.as_ref().is_none_or(|u| u <= last) {
                report.unchanged += 1;
                continue;
            }
        }
        if quoted.iter().chain(&out).any(|a| a.id == inc.id) {
            continue; // the same id twice in the file: the first wins
        }
        let quote = inc.exact.as_deref().map(|q| q.replace("\r\n", "\n"));
        let start = inc.start.unwrap_or_default();
        let quote_chars = quote.as_deref().map_or(0, |q| q.chars().count() as u64);
        let end = inc.end.unwrap_or(start + quote_chars);
        let extra = old.map(|o| o.extra.clone()).unwrap_or_default();
        let created = inc
            .created
            .clone()
            .or_else(|| inc.modified.clone())
            .unwrap_or_else(|| now.clone());
        let mut a = Annotation {
            id: inc.id,
            start,
            end,
            quote: quote.clone().unwrap_or_default(),
            prefix: inc.prefix,
            suffix: inc.suffix,
            tag: inc.tag.unwrap_or_else(|| "highlight".into()),
            note: inc.note,
            created: created.clone(),
            updated: updated.unwrap_or(created),
            deleted: None,
            state: inc
                .state
                .as_deref()
                .and_then(State::from_name)
                .unwrap_or_default(),
            score: None,
            draft: None,
            extra,
        };
        report.imported += 1;
        if quote.is_some_and(|q| !q.is_empty()) {
            quoted.push(a);
            continue;
        }
        // No quote: the position is all there is; the quote is the text
        // there.
        let text_end = CharPos::default() + article.chars;
        if a.start > text_end {
            report.orphans += 1;
            a.start = text_end;
            a.state = State::Orphan;
        }
        a.end = a.end.clamp(a.start, text_end);
        let at = |c: CharPos| text::byte_of_char(text.as_bytes(), c);
        let range = at(a.start)..at(a.end);
        a.quote = text[range.start.0..range.end.0].to_string();
        (a.prefix, a.suffix) = crate::annotation::context(text.as_bytes(), range);
        out.push(a);
    }
    let summary = notebook::place_foreign(&text, &mut quoted);
    report.moved += summary.moved;
    report.fuzzy += summary.fuzzy;
    report.orphans += summary.orphaned;
    out.append(&mut quoted);
    if !out.is_empty() {
        store
            .save(&doc, &out)
            .map_err(|e| sanitize::line(&e.to_string()))?;
    }
    Ok(report)
}

/// What `annotty import` is asked to do (the command line's arguments).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// The JSON file, or `-` for standard input.
    pub file: PathBuf,
    /// `--article PATH`: every annotation into this article's sidecar.
    pub article: Option<PathBuf>,
    /// `--store DIR`.
    pub store: Option<PathBuf>,
    /// How articles are read (`--encoding`, the config's `encoding`).
    pub decoding: Decoding,
}

/// `annotty import`: read the JSON (a file, or `-` for standard input),
/// import, and say what happened, one line per article. `Ok(false)` when
/// the file held no annotation (exit 1).
/// `places` says where sidecars go (its `store_dir` is `--store`'s).
pub fn run_import(args: &Request, mut places: Places) -> Result<bool, String> {
    use std::io::Read;
    let json = if args.file.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("standard input: {}", source::reason(&e)))?;
        s
    } else {
        std::fs::read_to_string(&args.file)
            .map_err(|e| format!("{}: {}", source::shown(&args.file), source::reason(&e)))?
    };
    let incoming = parse_json(&json).map_err(|e| {
        if args.file.as_os_str() == "-" {
            format!("standard input: {e}")
        } else {
            format!("{}: {e}", source::shown(&args.file))
        }
    })?;
    if incoming.is_empty() {
        return Ok(false);
    }
    places.store_dir = args.store.clone();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let reports = import(
        incoming,
        args.article.as_deref(),
        &places,
        &args.decoding,
        now,
    )?;
    for r in reports {
        let fuzzy = match r.fuzzy {
            0 => String::new(),
            n => format!(", {n} approximate"),
        };
        println!(
            "{}: {} imported ({} placed by quote{fuzzy}, {} orphaned), {} already there; {}",
            source::shown(&r.article),
            r.imported,
            r.moved,
            r.orphans,
            r.unchanged,
            source::shown(&r.sidecar)
        );
    }
    Ok(true)
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
