//! `annotty import FILE.json`: W3C Web Annotation JSON — what `annotty
//! export --format json` writes, and the usual shapes other tools write
//! (a collection with its first page embedded, a page, an annotation, or
//! an array of any of these) — into the sidecars of the articles.
//!
//! Each annotation goes to the article its target names: its
//! `annotty:path` (the path as named at export, relative to the current
//! directory) when that file exists, else its `source` (a `file://` URI or
//! a path relative to the current directory); or every one to `--article`,
//! keeping its id, tag, note and times. Where it goes in the text:
//! - its quote (`TextQuoteSelector.exact`) is at its old position
//!   (`TextPositionSelector`): there, as it was;
//! - else the exact quote nearest to the old position: there, with its
//!   context taken from the article;
//! - else (quote not found): at the old position (clamped to the text),
//!   with `state = "orphan"`.
//!
//! This is a small local stand-in for re-anchoring by quote ([`place`]);
//! it is meant to give way to the `anchor` module's function.
//!
//! An annotation the sidecar already has in a version changed at the same
//! time or later (or deleted) is left alone, so importing twice changes
//! nothing; the rest is saved with [`Store::save`] (merge by id, lock,
//! atomic replace).

use super::Places;
use super::json::{id_of_iri, path_of_iri, uuid8};
use crate::annotation::{Annotation, CONTEXT_CHARS, rfc3339};
use crate::cli::ImportArgs;
use crate::store::{DocInfo, Store};
use crate::{sanitize, scan, source, text};
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
    pub start: Option<u64>,
    pub end: Option<u64>,
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
            a.start = s.get("start").and_then(Value::as_u64);
            a.end = s.get("end").and_then(Value::as_u64);
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

// ------------------------------------------------------------- placement

/// The decoded, LF-normalised text of an article with a sparse index for
/// char offset ↔ byte offset of that text.
pub struct Text {
    s: String,
    /// (byte, char) every 64 KiB or so, the first (0, 0).
    marks: Vec<(usize, u64)>,
    chars: u64,
}

impl Text {
    pub fn new(bytes: &[u8]) -> Text {
        let s = text::decode(bytes, 0..bytes.len());
        let mut marks = vec![(0usize, 0u64)];
        let (mut b, mut c) = (0usize, 0u64);
        loop {
            let mut next = (b + text::CHECKPOINT_BYTES).min(s.len());
            while !s.is_char_boundary(next) {
                next += 1;
            }
            c += s[b..next].chars().count() as u64;
            b = next;
            if b >= s.len() {
                break;
            }
            marks.push((b, c));
        }
        Text { s, marks, chars: c }
    }

    pub fn chars(&self) -> u64 {
        self.chars
    }

    pub fn as_str(&self) -> &str {
        &self.s
    }

    fn byte_of(&self, c: u64) -> usize {
        if c >= self.chars {
            return self.s.len();
        }
        let i = self.marks.partition_point(|m| m.1 <= c) - 1;
        let (b0, c0) = self.marks[i];
        self.s[b0..]
            .char_indices()
            .nth((c - c0) as usize)
            .map_or(self.s.len(), |(i, _)| b0 + i)
    }

    fn char_of(&self, b: usize) -> u64 {
        let i = self.marks.partition_point(|m| m.0 <= b) - 1;
        let (b0, c0) = self.marks[i];
        c0 + self.s[b0..b].chars().count() as u64
    }

    /// Up to [`CONTEXT_CHARS`] chars before and after `[start, end)`.
    fn context(&self, start: u64, end: u64) -> (String, String) {
        let (bs, be) = (self.byte_of(start), self.byte_of(end));
        let mut prefix: Vec<char> = self.s[..bs].chars().rev().take(CONTEXT_CHARS).collect();
        prefix.reverse();
        let suffix = self.s[be..].chars().take(CONTEXT_CHARS).collect();
        (prefix.into_iter().collect(), suffix)
    }
}

/// Where an annotation went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// Its quote is at its old position.
    Same { start: u64, end: u64 },
    /// Its quote was found elsewhere: the occurrence nearest the old start.
    Moved { start: u64, end: u64 },
    /// Its quote is nowhere in the text: the old position, clamped.
    Orphan { start: u64, end: u64 },
}

/// Find `quote` in `text`: at `[start, end)` if it is there, else the exact
/// occurrence nearest to `start` (the earlier one of two as near). A
/// stand-in for the `anchor` module's re-anchoring.
pub fn place(text: &Text, quote: &str, start: u64, end: u64) -> Placed {
    let n = quote.chars().count() as u64;
    let clamped = || {
        let s = start.min(text.chars);
        Placed::Orphan {
            start: s,
            end: end.clamp(s, text.chars),
        }
    };
    if quote.is_empty() {
        return if start <= text.chars {
            Placed::Same {
                start,
                end: end.min(text.chars),
            }
        } else {
            clamped()
        };
    }
    let b0 = text.byte_of(start);
    if end == start + n && start < text.chars && text.s[b0..].starts_with(quote) {
        return Placed::Same { start, end };
    }
    let forward = text.s[b0..].find(quote).map(|i| b0 + i);
    let mut upto = (b0 + quote.len()).min(text.s.len());
    while !text.s.is_char_boundary(upto) {
        upto += 1;
    }
    let backward = text.s[..upto].rfind(quote);
    let best = [backward, forward]
        .into_iter()
        .flatten()
        .map(|b| text.char_of(b))
        .min_by_key(|&c| (c.abs_diff(start), c));
    match best {
        Some(c) => Placed::Moved {
            start: c,
            end: c + n,
        },
        None => clamped(),
    }
}

// ----------------------------------------------------------------- import

/// What happened to one article's annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleReport {
    pub article: PathBuf,
    pub sidecar: PathBuf,
    /// Annotations written (new, or newer than the sidecar's).
    pub imported: usize,
    /// Of those, placed by their quote somewhere else than their position.
    pub moved: usize,
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
        .map(|(path, list)| import_article(&path, list, places, now_millis))
        .collect()
}

/// The sidecar that annotations of `article` are written to, as the reader
/// chooses it: in `--store DIR`; else beside the article when its folder
/// can be written; else in the data directory, by content hash.
pub fn store_for(article: &Path, name: &str, hash: &str, places: &Places) -> Result<Store, String> {
    if let Some(dir) = &places.store_dir {
        return Ok(Store::in_dir(dir, name));
    }
    let beside = Store::beside(article);
    if beside.writable() {
        return Ok(beside);
    }
    match &places.data_dir {
        Some(data) => Ok(Store::for_hash(data, hash)),
        None => Err(format!(
            "{}: its folder is read-only and there is no data directory (use --store DIR)",
            source::shown(article)
        )),
    }
}

fn import_article(
    path: &Path,
    list: Vec<Incoming>,
    places: &Places,
    now_millis: u64,
) -> Result<ArticleReport, String> {
    let doc = source::open_file_as(path, &places.decoding)?;
    let bytes = doc.bytes();
    let text = Text::new(bytes);
    let hash = scan::content_hash(bytes);
    let store = store_for(path, &doc.name, &hash, places)?;
    let existing = store
        .load()
        .map_err(|e| sanitize::line(&e.to_string()))?
        .map(|s| s.annotations)
        .unwrap_or_default();
    let now = rfc3339(now_millis);
    let mut report = ArticleReport {
        article: path.to_path_buf(),
        sidecar: store.path().to_path_buf(),
        imported: 0,
        moved: 0,
        orphans: 0,
        unchanged: 0,
    };
    let mut out: Vec<Annotation> = Vec::new();
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
        if out.iter().any(|a| a.id == inc.id) {
            continue; // the same id twice in the file: the first wins
        }
        let quote = inc.exact.as_deref().map(|q| q.replace("\r\n", "\n"));
        let start = inc.start.unwrap_or(0);
        let quote_chars = quote.as_deref().map_or(0, |q| q.chars().count() as u64);
        let end = inc.end.unwrap_or(start + quote_chars);
        let mut extra = old.map(|o| o.extra.clone()).unwrap_or_default();
        extra.remove("state");
        let (placed, quote, prefix, suffix) = match quote.filter(|q| !q.is_empty()) {
            Some(q) => match place(&text, &q, start, end) {
                p @ Placed::Same { start, end } => {
                    if let Some(s) = inc.state.as_deref().filter(|s| !s.is_empty()) {
                        extra.insert("state".into(), toml::Value::String(s.to_string()));
                    }
                    let (prefix, suffix) = if inc.prefix.is_empty() && inc.suffix.is_empty() {
                        text.context(start, end)
                    } else {
                        (inc.prefix.clone(), inc.suffix.clone())
                    };
                    (p, q, prefix, suffix)
                }
                p @ Placed::Moved { start, end } => {
                    report.moved += 1;
                    let (prefix, suffix) = text.context(start, end);
                    (p, q, prefix, suffix)
                }
                p @ Placed::Orphan { .. } => {
                    report.orphans += 1;
                    extra.insert("state".into(), toml::Value::String("orphan".into()));
                    (p, q, inc.prefix.clone(), inc.suffix.clone())
                }
            },
            // No quote: the position is all there is; the quote is the
            // text there.
            None => {
                let p = place(&text, "", start, end);
                let (s, e) = match p {
                    Placed::Same { start, end }
                    | Placed::Moved { start, end }
                    | Placed::Orphan { start, end } => (start, end),
                };
                if matches!(p, Placed::Orphan { .. }) {
                    report.orphans += 1;
                    extra.insert("state".into(), toml::Value::String("orphan".into()));
                }
                let q = text.s[text.byte_of(s)..text.byte_of(e)].to_string();
                let (prefix, suffix) = text.context(s, e);
                (p, q, prefix, suffix)
            }
        };
        let (start, end) = match placed {
            Placed::Same { start, end }
            | Placed::Moved { start, end }
            | Placed::Orphan { start, end } => (start, end),
        };
        let created = inc
            .created
            .clone()
            .or_else(|| inc.modified.clone())
            .unwrap_or_else(|| now.clone());
        out.push(Annotation {
            id: inc.id,
            start,
            end,
            quote,
            prefix,
            suffix,
            tag: inc.tag.unwrap_or_else(|| "highlight".into()),
            note: inc.note,
            created: created.clone(),
            updated: updated.unwrap_or(created),
            deleted: None,
            extra,
        });
        report.imported += 1;
    }
    if !out.is_empty() {
        let info = DocInfo {
            file: doc.name.clone(),
            chars: text.chars,
            hash,
            encoding: doc.encoding_name(),
        };
        store
            .save(&info, &out)
            .map_err(|e| sanitize::line(&e.to_string()))?;
    }
    Ok(report)
}

/// `annotty import`: read the JSON (a file, or `-` for standard input),
/// import, and say what happened, one line per article. `Ok(false)` when
/// the file held no annotation (exit 1).
pub fn run_import(args: &ImportArgs, data_dir: Option<PathBuf>) -> Result<bool, String> {
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
    let places = Places {
        store_dir: args.store.clone(),
        data_dir,
        decoding: crate::encoding::Decoding {
            forced: args.encoding,
            fallback: None,
        },
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let reports = import(incoming, args.article.as_deref(), &places, now)?;
    for r in reports {
        println!(
            "{}: {} imported ({} placed by quote, {} orphaned), {} already there; {}",
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
    fn places_by_quote_nearest_to_the_old_position() {
        let t = Text::new("one two one two one\r\nthree 漢字 two".as_bytes());
        assert_eq!(t.chars(), 32);
        assert_eq!(place(&t, "two", 4, 7), Placed::Same { start: 4, end: 7 });
        // "two" at 4, 12 and 29; from 9 the nearest is 12.
        assert_eq!(
            place(&t, "two", 9, 12),
            Placed::Moved { start: 12, end: 15 }
        );
        assert_eq!(place(&t, "two", 7, 10), Placed::Moved { start: 4, end: 7 });
        assert_eq!(
            place(&t, "two", 99, 102),
            Placed::Moved { start: 29, end: 32 }
        );
        assert_eq!(
            place(&t, "漢字", 0, 2),
            Placed::Moved { start: 26, end: 28 }
        );
        assert_eq!(place(&t, "four", 3, 7), Placed::Orphan { start: 3, end: 7 });
        assert_eq!(
            place(&t, "four", 40, 44),
            Placed::Orphan { start: 32, end: 32 }
        );
    }

    #[test]
    fn index_of_a_long_text() {
        let s = "é漢a\n".repeat(40_000);
        let t = Text::new(s.as_bytes());
        assert!(t.marks.len() > 3);
        for c in [0u64, 1, 2, 65_000, 100_001, 159_999] {
            let b = t.byte_of(c);
            assert_eq!(s[..b].chars().count() as u64, c);
            assert_eq!(t.char_of(b), c);
        }
        assert_eq!(t.byte_of(t.chars()), s.len());
    }

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
