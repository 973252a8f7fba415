//! The sidecar file format: [`parse`] and [`render`].
//!
//! Rendering is done by hand rather than through `toml`'s serializer so
//! that the bytes written depend only on the data (not on the `toml`
//! version): the same sidecar always renders to the same text, which keeps
//! diffs and merges of sidecars under version control small.

use super::{DocInfo, FormatError, Sidecar};
use crate::annotation::{self, Annotation, State};
use crate::text::CharPos;
use std::fmt::Write as _;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::{Spanned, Table, Value};

/// The format version this annotty writes and the newest it reads.
pub const VERSION: i64 = 1;

/// Field names of `[[annotation]]` this version knows, in the order written.
const ANNOTATION_KEYS: [&str; 11] = [
    "id", "start", "end", "quote", "prefix", "suffix", "tag", "note", "created", "updated",
    "deleted",
];
/// Field names of `[document]` this version knows, in the order written.
const DOCUMENT_KEYS: [&str; 11] = [
    "file",
    "chars",
    "hash",
    "encoding",
    "origin",
    "title",
    "author",
    "site",
    "published",
    "saved",
    "converter",
];
/// Top-level names this version knows.
const TOP_KEYS: [&str; 3] = ["version", "document", "annotation"];

// ---------------------------------------------------------------- render

/// The text of a sidecar. Annotations are written sorted by id (two with the
/// same id are first merged into one); unknown fields in sorted key order;
/// unknown fields whose names collide with known ones are dropped (they
/// could not be written without making the file invalid).
pub fn render(s: &Sidecar) -> String {
    let mut sorted: Vec<&Annotation> = s.annotations.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut unique: Vec<&Annotation> = Vec::with_capacity(sorted.len());
    for a in sorted {
        match unique.last_mut() {
            Some(last) if last.id == a.id => *last = Annotation::newer_of(last, a),
            _ => unique.push(a),
        }
    }

    let mut out = String::with_capacity(512 + unique.len() * 400);
    out.push_str("# annotty annotations for ");
    push_escaped(&mut out, &s.document.file, Mode::Comment);
    out.push_str(concat!(
        "\n# start and end count Unicode scalar values (chars) of the article's text\n",
        "# after decoding it (from [document] encoding, else as UTF-8 with each\n",
        "# invalid byte sequence as one U+FFFD), without a byte-order mark, and\n",
        "# reading CRLF as LF; ranges are half-open: [start, end).\n",
        "version = 1\n",
    ));

    // Unknown top-level entries: plain values belong before the first
    // header; tables and arrays of tables become sections of their own.
    let mut sections: Vec<(&String, &Table)> = Vec::new();
    let mut array_sections: Vec<(&String, &Vec<Value>)> = Vec::new();
    for (k, v) in sorted_entries(&s.extra, &TOP_KEYS) {
        match v {
            Value::Table(t) => sections.push((k, t)),
            Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_table) => {
                array_sections.push((k, a))
            }
            _ => push_entry(&mut out, k, v),
        }
    }

    out.push_str("\n[document]\nfile = ");
    push_string(&mut out, &s.document.file);
    let _ = write!(out, "\nchars = {}\nhash = ", s.document.chars);
    push_string(&mut out, &s.document.hash);
    out.push('\n');
    let known = [
        ("encoding", &s.document.encoding),
        ("origin", &s.document.origin),
    ];
    for (key, value) in known.into_iter().chain(s.document.about.fields()) {
        if let Some(v) = value {
            out.push_str(key);
            out.push_str(" = ");
            push_string(&mut out, v);
            out.push('\n');
        }
    }
    for (k, v) in sorted_entries(&s.document_extra, &DOCUMENT_KEYS) {
        push_entry(&mut out, k, v);
    }

    for (k, t) in sections {
        out.push_str("\n[");
        push_key(&mut out, k);
        out.push_str("]\n");
        for (k, v) in sorted_entries(t, &[]) {
            push_entry(&mut out, k, v);
        }
    }
    for (k, a) in array_sections {
        for t in a.iter().filter_map(Value::as_table) {
            out.push_str("\n[[");
            push_key(&mut out, k);
            out.push_str("]]\n");
            for (k, v) in sorted_entries(t, &[]) {
                push_entry(&mut out, k, v);
            }
        }
    }

    for a in unique {
        push_annotation(&mut out, a);
    }
    out
}

fn push_annotation(out: &mut String, a: &Annotation) {
    out.push_str("\n[[annotation]]\nid = ");
    push_string(out, &a.id);
    let _ = write!(out, "\nstart = {}\nend = {}\nquote = ", a.start, a.end);
    push_string(out, &a.quote);
    out.push_str("\nprefix = ");
    push_string(out, &a.prefix);
    out.push_str("\nsuffix = ");
    push_string(out, &a.suffix);
    out.push_str("\ntag = ");
    push_string(out, &a.tag);
    out.push('\n');
    if !a.note.is_empty() {
        out.push_str("note = ");
        if a.note.contains('\n') {
            push_multiline(out, &a.note);
        } else {
            push_string(out, &a.note);
        }
        out.push('\n');
    }
    out.push_str("created = ");
    push_string(out, &a.created);
    out.push_str("\nupdated = ");
    push_string(out, &a.updated);
    out.push('\n');
    if let Some(d) = &a.deleted {
        out.push_str("deleted = ");
        push_string(out, d);
        out.push('\n');
    }
    // The typed fields kept as before among the unknown ones, in sorted
    // key order; one of them wins over an unknown field of its name.
    let typed: Vec<(&str, Value)> = [
        ("draft", a.draft.clone().map(Value::String)),
        ("score", a.score.map(Value::Float)),
        ("state", a.state.name().map(|n| Value::String(n.into()))),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k, v?)))
    .collect();
    let mut rest: Vec<(&str, &Value)> = sorted_entries(&a.extra, &ANNOTATION_KEYS)
        .into_iter()
        .map(|(k, v)| (k.as_str(), v))
        .filter(|(k, _)| !typed.iter().any(|(t, _)| t == k))
        .collect();
    rest.extend(typed.iter().map(|(k, v)| (*k, v)));
    rest.sort_unstable_by(|x, y| x.0.cmp(y.0));
    for (k, v) in rest {
        push_entry(out, k, v);
    }
}

/// Take `value` of the field `key` into the typed field of that name, if
/// it is one and the value is one this version knows; `false` otherwise
/// (the caller keeps it among the unknown fields).
fn typed(a: &mut Annotation, key: &str, value: &Value) -> bool {
    match (key, value) {
        ("state", Value::String(s)) => match State::from_name(s) {
            Some(state) => a.state = state,
            None => return false,
        },
        ("score", Value::Float(f)) => a.score = Some(*f),
        ("draft", Value::String(s)) => a.draft = Some(s.clone()),
        _ => return false,
    }
    true
}

/// The entries of `t` whose keys are not in `known`, in sorted key order
/// (sorted here, not left to the map: with `toml`'s `preserve_order`
/// feature, which another crate could turn on, it would keep file order).
fn sorted_entries<'a>(t: &'a Table, known: &[&str]) -> Vec<(&'a String, &'a Value)> {
    let mut entries: Vec<_> = t
        .iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

fn push_entry(out: &mut String, key: &str, v: &Value) {
    push_key(out, key);
    out.push_str(" = ");
    push_value(out, v);
    out.push('\n');
}

fn push_key(out: &mut String, key: &str) {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        out.push_str(key);
    } else {
        push_string(out, key);
    }
}

/// A value on one line (inline tables and arrays included).
fn push_value(out: &mut String, v: &Value) {
    match v {
        Value::String(s) => push_string(out, s),
        Value::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => {
            if f.is_nan() {
                out.push_str("nan");
            } else if f.is_infinite() {
                out.push_str(if *f > 0.0 { "inf" } else { "-inf" });
            } else {
                // Debug prints the shortest text that reads back as the
                // same float, always with a `.` or an exponent: valid TOML.
                let _ = write!(out, "{f:?}");
            }
        }
        Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Datetime(d) => {
            let _ = write!(out, "{d}");
        }
        Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_value(out, v);
            }
            out.push(']');
        }
        Value::Table(t) => {
            if t.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{ ");
            for (i, (k, v)) in sorted_entries(t, &[]).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_key(out, k);
                out.push_str(" = ");
                push_value(out, v);
            }
            out.push_str(" }");
        }
    }
}

/// A basic string on one line: `"…"`.
fn push_string(out: &mut String, s: &str) {
    out.push('"');
    push_escaped(out, s, Mode::Basic);
    out.push('"');
}

/// A multi-line basic string: `"""`, a newline (which TOML drops), the text
/// with its newlines as they are, `"""`.
fn push_multiline(out: &mut String, s: &str) {
    out.push_str("\"\"\"\n");
    push_escaped(out, s, Mode::MultiLine);
    out.push_str("\"\"\"");
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Inside `"…"`.
    Basic,
    /// Inside `"""…"""`.
    MultiLine,
    /// In a comment: only what could end the line or garble a terminal.
    Comment,
}

/// Escape `s` for the inside of a basic string. In a multi-line one LF
/// stays literal and quotes are escaped only where they would end the
/// string: the third of a run and any run at the very end. CR is always
/// escaped (a parser may normalise a literal CRLF to LF).
///
/// Besides what TOML requires (`"`, `\`, U+0000–U+001F but tab, U+007F), C1
/// controls and invisible characters that change how a line displays (bidi
/// controls, line and paragraph separators, BOM) are escaped as `\uXXXX`, so
/// that `cat` of a sidecar cannot mislead or garble a terminal. Tabs are
/// escaped too (editors like to turn them into spaces).
fn push_escaped(out: &mut String, s: &str, mode: Mode) {
    let multiline = mode == Mode::MultiLine;
    let trailing_quotes_from = s.trim_end_matches('"').len();
    let mut quote_run = 0;
    for (i, c) in s.char_indices() {
        if mode == Mode::Comment && (c == '"' || c == '\\') {
            out.push(c);
            continue;
        }
        if c == '"' {
            if !multiline || quote_run == 2 || i >= trailing_quotes_from {
                out.push_str("\\\"");
                quote_run = 0;
            } else {
                out.push('"');
                quote_run += 1;
            }
            continue;
        }
        quote_run = 0;
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' if multiline => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if needs_unicode_escape(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
}

fn needs_unicode_escape(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

// ---------------------------------------------------------------- parse

/// Parse the bytes of a sidecar (which must be UTF-8; a leading BOM is
/// ignored).
pub fn parse_bytes(bytes: &[u8]) -> Result<Sidecar, FormatError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(e) => Err(FormatError {
            line: 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            message: "not valid UTF-8".into(),
        }),
    }
}

/// Parse the text of a sidecar. Annotations come back sorted by id; two
/// with the same id (say, after a line-based merge by a version control
/// tool) are merged into one.
pub fn parse(text: &str) -> Result<Sidecar, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The same answer as the whole-file parse whenever it gives one; any
    // surprise (and every error) is left to the whole-file parse, which
    // also words the error.
    match parse_in_blocks(text) {
        Some(sidecar) => Ok(sidecar),
        None => parse_whole(text),
    }
}

/// The line that starts each annotation in files annotty writes.
const ANNOTATION_HEADER: &str = "[[annotation]]";

/// Parse `text` one `[[annotation]]` at a time, so that only one
/// annotation's syntax tree exists at once: the whole file's tree of a
/// sidecar with 100 000 annotations (26 MB) took 427 MB. Cut at every line
/// that is exactly the header; `None` unless every piece parses and holds
/// what it should (the part before the first header no annotation, every
/// other piece exactly one annotation and nothing else), so a header inside
/// a multi-line string, a table after the annotations, or any error falls
/// back to [`parse_whole`].
fn parse_in_blocks(text: &str) -> Option<Sidecar> {
    let mut cuts = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
        if &text[at..end] == ANNOTATION_HEADER {
            cuts.push(at);
        }
        at = end + 1;
    }
    let (&first, _) = cuts.split_first()?;
    let head = DeTable::parse(&text[..first]).ok()?;
    let p = Parser { text };
    let (document, document_extra, extra, none) = p.head(&head).ok()?;
    if none.is_some() {
        return None;
    }
    drop(head);
    let mut list = Vec::with_capacity(cuts.len());
    for (i, &start) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).copied().unwrap_or(text.len());
        let piece = &text[start..end];
        let root = DeTable::parse(piece).ok()?;
        let mut keys = root.get_ref().iter();
        let (Some((k, v)), None) = (keys.next(), keys.next()) else {
            return None;
        };
        let DeValue::Array(items) = v.get_ref() else {
            return None;
        };
        if k.get_ref().as_ref() != "annotation" || items.len() != 1 {
            return None;
        }
        list.push(Parser { text: piece }.annotation(&items[0]).ok()?);
    }
    Some(finish(document, document_extra, extra, list))
}

/// Parse the whole of `text` at once (see [`parse`]).
fn parse_whole(text: &str) -> Result<Sidecar, FormatError> {
    let p = Parser { text };
    let root = DeTable::parse(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        let message = e.message().lines().next().unwrap_or("invalid TOML");
        p.error(at..at, message.trim().to_string())
    })?;
    let (document, document_extra, extra, annotations) = p.head(&root)?;
    let mut list = Vec::new();
    if let Some(v) = annotations {
        let DeValue::Array(items) = v.get_ref() else {
            return Err(p.error(
                v.span(),
                "`annotation` must be an array of tables ([[annotation]])".into(),
            ));
        };
        list.reserve(items.len());
        for item in items.iter() {
            list.push(p.annotation(item)?);
        }
    }
    Ok(finish(document, document_extra, extra, list))
}

/// The sidecar of these parts, annotations sorted by id (and merged where
/// two have the same id).
fn finish(
    document: DocInfo,
    document_extra: Table,
    extra: Table,
    list: Vec<Annotation>,
) -> Sidecar {
    let sorted = list.windows(2).all(|w| w[0].id < w[1].id);
    let annotations = if sorted {
        list
    } else {
        annotation::merge(&list, &[])
    };
    Sidecar {
        document,
        annotations,
        extra,
        document_extra,
    }
}

/// What a sidecar's top level holds besides its annotations: the document,
/// the document's unknown fields, the unknown top-level fields, and the
/// `annotation` value itself, if any.
type Head<'a, 'i> = (DocInfo, Table, Table, Option<&'a Item<'i>>);

struct Parser<'t> {
    text: &'t str,
}

type Item<'i> = Spanned<DeValue<'i>>;

impl Parser<'_> {
    /// Check the version, then read the document and the unknown
    /// top-level fields of `root`.
    fn head<'a, 'i>(&self, root: &'a Spanned<DeTable<'i>>) -> Result<Head<'a, 'i>, FormatError> {
        let mut version = None;
        let mut document = None;
        let mut annotations = None;
        let mut unknown = Vec::new();
        for (k, v) in root.get_ref() {
            match k.get_ref().as_ref() {
                "version" => version = Some(v),
                "document" => document = Some(v),
                "annotation" => annotations = Some(v),
                other => unknown.push((other, v)),
            }
        }

        // The version first: a newer file may differ in anything else.
        let Some(version) = version else {
            return Err(self.error(0..0, "no `version` (not an annotty sidecar?)".into()));
        };
        match version.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(VERSION) => {}
                Ok(n) if n > VERSION => {
                    return Err(self.error(
                        version.span(),
                        format!("written by a newer annotty (version {n})"),
                    ));
                }
                _ => return Err(self.error(version.span(), format!("unknown version {i}"))),
            },
            _ => {
                return Err(self.error(version.span(), "`version` must be an integer".into()));
            }
        }

        let mut extra = Table::new();
        for (k, v) in unknown {
            extra.insert(k.to_string(), self.value(v)?);
        }

        let Some(document) = document else {
            return Err(self.error(0..0, "no [document] table".into()));
        };
        let (document, document_extra) = self.document(document)?;
        Ok((document, document_extra, extra, annotations))
    }

    fn error(&self, span: Range<usize>, message: String) -> FormatError {
        let at = span.start.min(self.text.len());
        let line = 1 + self.text.as_bytes()[..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        FormatError { line, message }
    }

    fn table<'a, 'i>(&self, v: &'a Item<'i>, what: &str) -> Result<&'a DeTable<'i>, FormatError> {
        match v.get_ref() {
            DeValue::Table(t) => Ok(t),
            _ => Err(self.error(v.span(), format!("{what} must be a table"))),
        }
    }

    fn document(&self, v: &Item<'_>) -> Result<(DocInfo, Table), FormatError> {
        let t = self.table(v, "`document`")?;
        let (mut file, mut chars, mut hash) = (None, None, None);
        let (mut encoding, mut origin) = (None, None);
        let mut about = super::About::default();
        let mut extra = Table::new();
        for (k, v) in t {
            let key = k.get_ref().as_ref();
            if let Some(slot) = about.field_mut(key) {
                *slot = Some(self.string(v, key)?);
                continue;
            }
            match key {
                "file" => file = Some(self.string(v, "file")?),
                "chars" => chars = Some(self.count(v, "chars")?),
                "hash" => hash = Some(self.string(v, "hash")?),
                "encoding" => encoding = Some(self.string(v, "encoding")?),
                "origin" => origin = Some(self.string(v, "origin")?),
                other => {
                    extra.insert(other.to_string(), self.value(v)?);
                }
            }
        }
        let missing = |name: &str| self.error(v.span(), format!("no `{name}` in [document]"));
        let doc = DocInfo {
            file: file.ok_or_else(|| missing("file"))?,
            chars: chars.ok_or_else(|| missing("chars"))?,
            hash: hash.ok_or_else(|| missing("hash"))?,
            encoding,
            origin,
            about,
        };
        Ok((doc, extra))
    }

    fn annotation(&self, v: &Item<'_>) -> Result<Annotation, FormatError> {
        let t = self.table(v, "each `annotation`")?;
        let mut a = Annotation {
            id: String::new(),
            start: CharPos(0),
            end: CharPos(0),
            quote: String::new(),
            prefix: String::new(),
            suffix: String::new(),
            tag: String::new(),
            note: String::new(),
            created: String::new(),
            updated: String::new(),
            deleted: None,
            state: Default::default(),
            score: None,
            draft: None,
            extra: Table::new(),
        };
        let (mut id, mut start, mut end) = (false, false, false);
        let mut end_span = v.span();
        for (k, v) in t {
            let key: &str = k.get_ref().as_ref();
            match key {
                "id" => {
                    a.id = self.string(v, key)?;
                    if a.id.is_empty() {
                        return Err(self.error(v.span(), "`id` is empty".into()));
                    }
                    id = true;
                }
                "start" => (a.start, start) = (CharPos(self.count(v, key)?), true),
                "end" => {
                    (a.end, end) = (CharPos(self.count(v, key)?), true);
                    end_span = v.span();
                }
                "quote" => a.quote = self.string(v, key)?,
                "prefix" => a.prefix = self.string(v, key)?,
                "suffix" => a.suffix = self.string(v, key)?,
                "tag" => a.tag = self.string(v, key)?,
                "note" => a.note = self.string(v, key)?,
                "created" => a.created = self.time(v, key)?,
                "updated" => a.updated = self.time(v, key)?,
                "deleted" => a.deleted = Some(self.time(v, key)?),
                other => {
                    let value = self.value(v)?;
                    if !typed(&mut a, other, &value) {
                        a.extra.insert(other.to_string(), value);
                    }
                }
            }
        }
        for (present, name) in [(id, "id"), (start, "start"), (end, "end")] {
            if !present {
                return Err(self.error(v.span(), format!("no `{name}` in [[annotation]]")));
            }
        }
        if a.end < a.start {
            return Err(self.error(end_span, "`end` is before `start`".into()));
        }
        Ok(a)
    }

    fn string(&self, v: &Item<'_>, key: &str) -> Result<String, FormatError> {
        match v.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(self.error(v.span(), format!("`{key}` must be a string"))),
        }
    }

    /// A time: a string (as written) or a bare TOML date-time.
    fn time(&self, v: &Item<'_>, key: &str) -> Result<String, FormatError> {
        match v.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            DeValue::Datetime(d) => Ok(d.to_string()),
            _ => Err(self.error(v.span(), format!("`{key}` must be a time"))),
        }
    }

    fn count(&self, v: &Item<'_>, key: &str) -> Result<u64, FormatError> {
        match v.get_ref() {
            DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix())
                .map_err(|_| self.error(v.span(), format!("`{key}` must not be negative"))),
            _ => Err(self.error(v.span(), format!("`{key}` must be an integer"))),
        }
    }

    /// An unknown value, converted to keep.
    fn value(&self, v: &Item<'_>) -> Result<Value, FormatError> {
        Ok(match v.get_ref() {
            DeValue::String(s) => Value::String(s.to_string()),
            DeValue::Integer(i) => Value::Integer(
                i64::from_str_radix(i.as_str(), i.radix())
                    .map_err(|_| self.error(v.span(), "integer out of range".into()))?,
            ),
            DeValue::Float(f) => Value::Float(
                f.as_str()
                    .parse()
                    .map_err(|_| self.error(v.span(), "invalid float".into()))?,
            ),
            DeValue::Boolean(b) => Value::Boolean(*b),
            DeValue::Datetime(d) => Value::Datetime(*d),
            DeValue::Array(a) => {
                Value::Array(a.iter().map(|v| self.value(v)).collect::<Result<_, _>>()?)
            }
            DeValue::Table(t) => {
                let mut out = Table::new();
                for (k, v) in t {
                    out.insert(k.get_ref().to_string(), self.value(v)?);
                }
                Value::Table(out)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sidecar(notes: &[&str]) -> Sidecar {
        let list = notes
            .iter()
            .enumerate()
            .map(|(i, note)| {
                let mut extra = Table::new();
                extra.insert("color".into(), Value::String(format!("c{i}")));
                Annotation {
                    id: format!("id-{i:03}"),
                    start: CharPos(i as u64 * 10),
                    end: CharPos(i as u64 * 10 + 5),
                    quote: "hello".into(),
                    prefix: "say ".into(),
                    suffix: " world".into(),
                    tag: "highlight".into(),
                    note: note.to_string(),
                    created: "2026-11-28T21:55:44.123Z".into(),
                    updated: "2026-11-28T21:55:44.123Z".into(),
                    deleted: None,
                    state: Default::default(),
                    score: None,
                    draft: None,
                    extra,
                }
            })
            .collect();
        let doc = DocInfo {
            file: "essay.txt".into(),
            chars: 5123,
            hash: "ab".repeat(32),
            encoding: Some("windows-1252".into()),
            origin: Some("https://example.org/essay.txt".into()),
            about: crate::store::About {
                title: Some("An \"essay\": on things".into()),
                saved: Some("2026-12-05T08:00:00.000Z".into()),
                ..Default::default()
            },
        };
        let mut s = Sidecar::new(doc, list);
        s.extra.insert("later".into(), Value::Integer(7));
        s.document_extra
            .insert("source".into(), Value::String("paper".into()));
        s
    }

    #[test]
    fn a_written_sidecar_is_read_one_annotation_at_a_time() {
        let s = sidecar(&["", "one line", "two\nlines", "\"\"\"quoted\"\"\""]);
        let text = render(&s);
        assert_eq!(parse_in_blocks(&text), Some(s.clone()));
        assert_eq!(parse_whole(&text), Ok(s.clone()));
        // Unsorted ids (a line-based merge) are merged the same way.
        let mut swapped: Vec<&str> = text.split_inclusive("[[annotation]]\n").collect();
        swapped.swap(1, 2);
        let swapped = swapped.concat();
        assert!(parse_in_blocks(&swapped).is_some());
        assert_eq!(parse(&swapped), parse_whole(&swapped));
    }

    #[test]
    fn anything_unusual_is_left_to_the_whole_file_parse() {
        let header_in_a_note = render(&sidecar(&["a\n[[annotation]]\nb", "x"]));
        let document_last = {
            let s = render(&sidecar(&["x", "y"]));
            let start = s.find("[document]").unwrap();
            let end = s.find("[[annotation]]").unwrap();
            format!("{}{}{}", &s[..start], &s[end..], &s[start..end])
        };
        let twice = format!(
            "{}{}",
            render(&sidecar(&["x"])),
            "[document]\nfile = \"b\"\n"
        );
        let inline =
            "version = 1\nannotation = []\n[document]\nfile = \"a\"\nchars = 1\nhash = \"h\"\n";
        let broken = render(&sidecar(&["x", "y"])).replace("start = 10", "start = \"ten\"");
        let crlf = render(&sidecar(&["x", "y"])).replace('\n', "\r\n");
        for text in [
            header_in_a_note,
            document_last,
            twice,
            inline.to_string(),
            broken,
            crlf,
        ] {
            assert_eq!(parse_in_blocks(&text), None, "{text}");
            assert_eq!(parse(&text), parse_whole(&text), "{text}");
        }
        // The note holding a header line is read whole, as written.
        let s = sidecar(&["a\n[[annotation]]\nb", "x"]);
        assert_eq!(parse(&render(&s)), Ok(s));
    }
}
