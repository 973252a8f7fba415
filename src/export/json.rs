//! The JSON format: the W3C Web Annotation Data Model (JSON-LD).
//!
//! Each article is an `AnnotationCollection` whose first (and only) page,
//! embedded, holds one `Annotation` per highlight. One article gives that
//! collection as the whole document; several give a JSON array of
//! collections, in path order.
//!
//! ```json
//! {
//!   "@context": "http://www.w3.org/ns/anno.jsonld",
//!   "id": "urn:uuid:…",                       (from the article's content hash)
//!   "type": "AnnotationCollection",
//!   "label": "The Night Library",              (its first non-empty line)
//!   "total": 1,
//!   "first": {
//!     "id": "urn:uuid:…", "type": "AnnotationPage", "partOf": "urn:uuid:…", "startIndex": 0,
//!     "items": [{
//!       "@context": "http://www.w3.org/ns/anno.jsonld",
//!       "id": "urn:uuid:01a22437-b6d8-727e-a298-71aa811c2037",
//!       "type": "Annotation",
//!       "motivation": "commenting",            (highlighting without a note)
//!       "created": "2026-11-28T22:12:40.792Z",
//!       "modified": "2026-11-28T22:12:41.203Z",
//!       "generator": {"id": "urn:annotty:software:0.1.0", "type": "Software", "name": "annotty 0.1.0"},
//!       "body": [
//!         {"type": "TextualBody", "value": "A key witness", "format": "text/plain", "purpose": "commenting"},
//!         {"type": "TextualBody", "value": "highlight", "format": "text/plain", "purpose": "tagging"}
//!       ],
//!       "target": {
//!         "type": "SpecificResource",
//!         "source": "file:///home/me/essay.txt",  (the article's absolute path)
//!         "format": "text/plain",
//!         "annotty:path": "essay.txt",            (the path as named)
//!         "selector": [
//!           {"type": "TextQuoteSelector", "exact": "Marisol Okafor", "prefix": "…", "suffix": "…"},
//!           {"type": "TextPositionSelector", "start": 1299, "end": 1313}
//!         ]
//!       }
//!     }]
//!   },
//!   "last": "urn:uuid:…"                       (the same page)
//! }
//! ```
//!
//! Positions count Unicode code points of the decoded text with CRLF read
//! as one LF (what the sidecar holds). For a Markdown article the
//! `TextQuoteSelector`'s `exact`, `prefix` and `suffix` are the text as it
//! reads rendered (markup left out, as the Markdown export quotes it:
//! [`markdown::rendered_quotes`]), which is what a tool annotating the
//! page it came from matches; each that differs from the source is kept
//! as it is in the source in `annotty:exact`, `annotty:prefix`,
//! `annotty:suffix`, which `annotty import` prefers. An orphan or a fuzzy match carries
//! `"annotty:state": "orphan"` / `"fuzzy"` (an absolute-IRI property, so
//! JSON-LD keeps it).
//!
//! The target's `source` is the article's origin when its sidecar records
//! one (`[document] origin`) that is an absolute IRI (`https://…`; written
//! as a URI: non-ASCII percent-encoded as UTF-8). Otherwise it is the
//! `file://` URI of the article's absolute
//! path (not resolving symbolic links), every byte that a URI cannot hold
//! literally percent-encoded (non-ASCII as UTF-8 bytes, bytes that are not
//! UTF-8 as they are). `annotty:path` keeps the path as it was named (an
//! IRI reference: relative stays relative), which is what older exports
//! had as the source; `annotty import` reads both. A `created` or
//! `modified` time that is not an `xsd:dateTime` with a time zone (an
//! oddity another tool wrote) is left out rather than written wrong. Not
//! written because annotty does not know them: a `creator` (who made a
//! note) and a body's `language`.

use super::{Prepared, markdown};
use crate::scan;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// The JSON-LD context of the model.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    first: Page<'a>,
    /// The last page's id: the first, as there is one.
    last: String,
}

#[derive(Serialize)]
struct Page<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    /// The collection's id.
    #[serde(rename = "partOf")]
    part_of: String,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<&'a str>,
    generator: Agent,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    body: Vec<Body<'a>>,
    target: Target<'a>,
    #[serde(rename = "annotty:state", skip_serializing_if = "Option::is_none")]
    state: Option<&'static str>,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    value: &'a str,
    format: &'static str,
    purpose: &'static str,
}

/// The software that wrote the serialization (the model's `generator`).
#[derive(Serialize)]
struct Agent {
    id: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'static str,
}

/// annotty as the generator.
const ANNOTTY: Agent = Agent {
    id: concat!("urn:annotty:software:", env!("CARGO_PKG_VERSION")),
    kind: "Software",
    name: concat!("annotty ", env!("CARGO_PKG_VERSION")),
};

/// The media type of every article (and of notes and tags).
const PLAIN_TEXT: &str = "text/plain";

#[derive(Serialize)]
struct Target<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    source: String,
    format: &'static str,
    #[serde(rename = "annotty:path")]
    path: String,
    selector: [Selector<'a>; 2],
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Selector<'a> {
    TextQuoteSelector {
        exact: Cow<'a, str>,
        #[serde(skip_serializing_if = "str::is_empty")]
        prefix: Cow<'a, str>,
        #[serde(skip_serializing_if = "str::is_empty")]
        suffix: Cow<'a, str>,
        /// The Markdown source of each where it differs from the rendered
        /// text above, so that `annotty import` places the note exactly.
        #[serde(rename = "annotty:exact", skip_serializing_if = "Option::is_none")]
        source_exact: Option<&'a str>,
        #[serde(rename = "annotty:prefix", skip_serializing_if = "Option::is_none")]
        source_prefix: Option<&'a str>,
        #[serde(rename = "annotty:suffix", skip_serializing_if = "Option::is_none")]
        source_suffix: Option<&'a str>,
    },
    TextPositionSelector {
        start: u64,
        end: u64,
    },
}

pub(super) fn write(out: &mut dyn Write, articles: &[Prepared]) -> io::Result<()> {
    let collections: Vec<Collection> = articles.iter().map(collection).collect();
    let result = if let [one] = &collections[..] {
        serde_json::to_writer_pretty(&mut *out, one)
    } else {
        serde_json::to_writer_pretty(&mut *out, &collections)
    };
    result.map_err(io::Error::from)?;
    out.write_all(b"\n")
}

fn collection<'a>(p: &'a Prepared<'a>) -> Collection<'a> {
    let hash = scan::content_hash(p.article.bytes);
    let source = p
        .article
        .origin
        .and_then(origin_uri)
        .or_else(|| file_uri(p.article.path))
        .unwrap_or_else(|| iri_of_path(p.article.path));
    let named = iri_of_path(p.article.path);
    // A Markdown article's quotes as they read on the page it renders.
    let mut rendered = markdown::rendered_quotes(p).map(Vec::into_iter);
    let items: Vec<Item> = p
        .entries
        .iter()
        .map(|e| {
            let a = e.a;
            let (exact, prefix, suffix) = match rendered.as_mut().and_then(Iterator::next) {
                Some(r) => (r.exact.into(), r.prefix.into(), r.suffix.into()),
                None => (
                    Cow::from(a.quote.as_str()),
                    Cow::from(a.prefix.as_str()),
                    Cow::from(a.suffix.as_str()),
                ),
            };
            let mut body = Vec::with_capacity(2);
            if !a.note.is_empty() {
                body.push(Body {
                    kind: "TextualBody",
                    value: &a.note,
                    format: PLAIN_TEXT,
                    purpose: "commenting",
                });
            }
            if !a.tag.is_empty() {
                body.push(Body {
                    kind: "TextualBody",
                    value: &a.tag,
                    format: PLAIN_TEXT,
                    purpose: "tagging",
                });
            }
            Item {
                context: CONTEXT,
                id: iri_of_id(&a.id),
                kind: "Annotation",
                motivation: if a.note.is_empty() {
                    "highlighting"
                } else {
                    "commenting"
                },
                created: Some(a.created.as_str()).filter(|t| is_datetime(t)),
                modified: Some(a.updated.as_str()).filter(|t| is_datetime(t)),
                generator: ANNOTTY,
                body,
                target: Target {
                    kind: "SpecificResource",
                    source: source.clone(),
                    format: PLAIN_TEXT,
                    path: named.clone(),
                    selector: [
                        Selector::TextQuoteSelector {
                            source_exact: differs(&exact, &a.quote),
                            source_prefix: differs(&prefix, &a.prefix),
                            source_suffix: differs(&suffix, &a.suffix),
                            exact,
                            prefix,
                            suffix,
                        },
                        Selector::TextPositionSelector {
                            start: a.start.0,
                            end: a.end.0,
                        },
                    ],
                },
                state: e.state.name(),
            }
        })
        .collect();
    let id = format!("urn:uuid:{}", uuid8(&format!("annotty collection {hash}")));
    let page = format!("urn:uuid:{}", uuid8(&format!("annotty page {hash}")));
    Collection {
        context: CONTEXT,
        id: id.clone(),
        kind: "AnnotationCollection",
        label: markdown::title(p.article.bytes, p.article.path),
        total: items.len(),
        first: Page {
            id: page.clone(),
            kind: "AnnotationPage",
            part_of: id,
            start_index: 0,
            items,
        },
        last: page,
    }
}

/// `source` when the rendered text shown instead of it differs.
fn differs<'a>(rendered: &str, source: &'a str) -> Option<&'a str> {
    (rendered != source).then_some(source)
}

/// True for an `xsd:dateTime` with a time zone, as the model asks of
/// `created` and `modified`: `YYYY-MM-DDThh:mm:ss`, optional fractional
/// seconds, then `Z` or `±hh:mm`.
fn is_datetime(t: &str) -> bool {
    let b = t.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let fixed = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && b.get(10) == Some(&b'T')
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19);
    if !fixed {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|d| d.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest {
        b"Z" => true,
        [sign, h1, h2, b':', m1, m2] => {
            matches!(sign, b'+' | b'-') && [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
        }
        _ => false,
    }
}

/// A name-based UUID (version 8, from SHA-256 of `seed`): the same seed
/// always gives the same id.
pub(crate) fn uuid8(seed: &str) -> String {
    let d = Sha256::digest(seed.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn is_uuid(id: &str) -> bool {
    id.len() == 36
        && id.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// An annotation id as an IRI: `urn:uuid:…` for a UUID (annotty's ids),
/// an id that is an IRI already as it is, anything else under
/// `urn:annotty:`. [`id_of_iri`] reverses it.
pub(crate) fn iri_of_id(id: &str) -> String {
    if is_uuid(id) {
        format!("urn:uuid:{id}")
    } else if has_scheme(id) {
        id.to_string()
    } else {
        format!("urn:annotty:{}", percent_encode(id.as_bytes(), false))
    }
}

/// The annotation id an IRI written by [`iri_of_id`] stands for.
pub(crate) fn id_of_iri(iri: &str) -> String {
    if let Some(u) = iri.strip_prefix("urn:uuid:").filter(|u| is_uuid(u)) {
        u.to_ascii_lowercase()
    } else if let Some(rest) = iri.strip_prefix("urn:annotty:") {
        String::from_utf8_lossy(&percent_decode(rest)).into_owned()
    } else {
        iri.to_string()
    }
}

/// `scheme:` at the start (RFC 3986: a letter, then letters, digits,
/// `+`, `-`, `.`).
fn has_scheme(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, _)) => {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// A path as an IRI reference: relative stays relative; what an IRI
/// cannot hold literally is percent-encoded; a first segment that would
/// read as a scheme (`a:b.txt`) gets `./` before it.
pub fn iri_of_path(path: &Path) -> String {
    let raw = path.as_os_str().as_bytes();
    let encoded = percent_encode(raw, false);
    let first = raw.split(|&b| b == b'/').next().unwrap_or_default();
    if !raw.starts_with(b"/") && first.contains(&b':') {
        format!("./{encoded}")
    } else {
        encoded
    }
}

/// The `file://` URI of `path` made absolute against the current
/// directory (symbolic links are not resolved), in ASCII: other bytes
/// percent-encoded. `None` when the current directory is unknown.
pub fn file_uri(path: &Path) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    Some(format!(
        "file://{}",
        percent_encode(absolute.as_os_str().as_bytes(), true)
    ))
}

/// A recorded origin as the URI written for it: `None` unless it is an
/// absolute IRI (RFC 3987: a scheme, `:`, something after it; no blanks,
/// controls or characters an IRI never holds, each `%` followed by two hex
/// digits). Non-ASCII characters are percent-encoded as UTF-8 bytes, so
/// the result is a URI; surrounding blanks are ignored.
pub fn origin_uri(origin: &str) -> Option<String> {
    let o = origin.trim();
    let (_, rest) = o.split_once(':')?;
    let b = o.as_bytes();
    let well_formed = has_scheme(o)
        && !rest.is_empty()
        && o.char_indices().all(|(i, c)| match c {
            '%' => {
                b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
            }
            c if c.is_ascii() => c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=".contains(c),
            c => !c.is_control() && !c.is_whitespace() && crate::sanitize::replacement(c).is_none(),
        });
    if !well_formed {
        return None;
    }
    let mut out = String::with_capacity(o.len());
    for c in o.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    Some(out)
}

/// The path an IRI reference written by [`iri_of_path`] names (a
/// `file://` IRI is read too).
pub fn path_of_iri(iri: &str) -> std::path::PathBuf {
    let rest = iri
        .strip_prefix("file://localhost")
        .or_else(|| iri.strip_prefix("file://"))
        .unwrap_or(iri);
    let raw = percent_decode(rest);
    // The `./` that `iri_of_path` puts before `a:b.txt` (the same file).
    let raw = match raw.strip_prefix(b"./") {
        Some(r)
            if r.split(|&b| b == b'/')
                .next()
                .is_some_and(|s| s.contains(&b':')) =>
        {
            r
        }
        _ => &raw[..],
    };
    std::path::PathBuf::from(std::ffi::OsStr::from_bytes(raw))
}

/// `raw` with what an IRI (`ascii_only`: a URI) cannot hold literally in
/// a path percent-encoded, byte by byte.
fn percent_encode(raw: &[u8], ascii_only: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    for chunk in raw.utf8_chunks() {
        for c in chunk.valid().chars() {
            let keep = match c {
                'A'..='Z' | 'a'..='z' | '0'..='9' => true,
                '-' | '.' | '_' | '~' | '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' => {
                    true
                }
                ';' | '=' | ':' | '@' | '/' => true,
                c if !c.is_ascii() => !ascii_only && crate::sanitize::replacement(c).is_none(),
                _ => false,
            };
            if keep {
                out.push(c);
            } else {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |x: u8| (x as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_through_iris() {
        for p in [
            "essay.txt",
            "dir/Über uns #1?.txt",
            "a:b.txt",
            "/abs/100%.txt",
            "漢字.md",
        ] {
            let iri = iri_of_path(Path::new(p));
            assert!(!iri.contains(' ') && !iri.contains('#'), "{iri}");
            assert_eq!(path_of_iri(&iri), Path::new(p), "{iri}");
        }
        assert_eq!(iri_of_path(Path::new("essay.txt")), "essay.txt");
        assert_eq!(iri_of_path(Path::new("a:b.txt")), "./a:b.txt");
        let odd = Path::new(std::ffi::OsStr::from_bytes(b"x\xff.txt"));
        assert_eq!(iri_of_path(odd), "x%FF.txt");
        assert_eq!(path_of_iri("x%FF.txt"), odd);
        assert_eq!(path_of_iri("file:///tmp/a%20b"), Path::new("/tmp/a b"));
    }

    #[test]
    fn file_uris_are_absolute_ascii_and_read_back() {
        let odd = std::ffi::OsStr::from_bytes(b"/tmp/x\xff y.txt");
        for (path, uri) in [
            ("/abs/essay.txt", "file:///abs/essay.txt"),
            (
                "/abs/Über uns #1?.txt",
                "file:///abs/%C3%9Cber%20uns%20%231%3F.txt",
            ),
            ("/d/100%.txt", "file:///d/100%25.txt"),
            ("/d/漢字.md", "file:///d/%E6%BC%A2%E5%AD%97.md"),
        ] {
            assert_eq!(file_uri(Path::new(path)).unwrap(), uri);
            assert_eq!(path_of_iri(uri), Path::new(path));
        }
        let uri = file_uri(Path::new(odd)).unwrap();
        assert_eq!(uri, "file:///tmp/x%FF%20y.txt");
        assert_eq!(path_of_iri(&uri), Path::new(odd));
        // A relative path is made absolute against the current directory.
        let here = std::env::current_dir().unwrap().join("a:b.txt");
        assert_eq!(path_of_iri(&file_uri(Path::new("a:b.txt")).unwrap()), here);
    }

    #[test]
    fn only_absolute_iris_are_origins_and_they_are_written_as_uris() {
        for (origin, uri) in [
            ("https://example.org/a.txt", "https://example.org/a.txt"),
            (
                "  https://example.org/x?y=1#z \n",
                "https://example.org/x?y=1#z",
            ),
            (
                "https://例え.jp/Über%20uns",
                "https://%E4%BE%8B%E3%81%88.jp/%C3%9Cber%20uns",
            ),
            ("urn:isbn:0451450523", "urn:isbn:0451450523"),
            ("file:///srv/texts/a.txt", "file:///srv/texts/a.txt"),
        ] {
            assert_eq!(origin_uri(origin).as_deref(), Some(uri), "{origin}");
        }
        for not in [
            "",
            "example.org/a.txt",
            "/srv/a.txt",
            "https:",
            "1http://x",
            "https://example.org/a b.txt",
            "https://example.org/<a>",
            "https://example.org/100%",
            "https://example.org/\u{202e}txt",
        ] {
            assert_eq!(origin_uri(not), None, "{not}");
        }
    }

    #[test]
    fn only_xsd_date_times_with_a_zone_are_times() {
        for good in [
            "2026-11-28T22:12:40.792Z",
            "2026-11-28T22:12:40Z",
            "2026-11-28T22:12:40+01:00",
            "2026-11-28T22:12:40.5-05:30",
        ] {
            assert!(is_datetime(good), "{good}");
        }
        for bad in [
            "",
            "2026-11-28",
            "2026-11-28T22:12:40",
            "2026-11-28 22:12:40Z",
            "2026-11-28T22:12:40.Z",
            "2026-11-28T22:12:40+0100",
            "yesterday",
            "2026-11-28T22:12:40Zjunk",
        ] {
            assert!(!is_datetime(bad), "{bad}");
        }
    }

    #[test]
    fn ids_round_trip_through_iris() {
        let u = "01a22437-b6d8-727e-a298-71aa811c2037";
        assert_eq!(iri_of_id(u), format!("urn:uuid:{u}"));
        for id in [u, "https://example.org/a/1", "my note 1"] {
            assert_eq!(id_of_iri(&iri_of_id(id)), id);
        }
    }

    #[test]
    fn name_based_uuids_are_stable_and_well_formed() {
        let a = uuid8("x");
        assert_eq!(a, uuid8("x"));
        assert_ne!(a, uuid8("y"));
        assert!(is_uuid(&a));
        assert_eq!(&a[14..15], "8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }
}
