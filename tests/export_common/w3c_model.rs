//! The MUST and SHOULD statements of the W3C Web Annotation Data Model
//! (Recommendation of 23 February 2017) that apply to what annotty
//! exports, written as checks on the JSON, section by section. Each
//! statement is paraphrased in `says`; a failed check names its section.
//!
//! Statements about features annotty does not use (bodyValue, choices,
//! sets, states, styles, other selectors, several pages) are checked only
//! as far as "absent".

use serde_json::Value;

/// The JSON-LD context of the model.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// One statement about one kind of node.
pub struct Rule {
    /// The model's section.
    pub section: &'static str,
    /// MUST, MUST NOT or SHOULD.
    pub level: &'static str,
    /// What it asks, in our words.
    pub says: &'static str,
    pub holds: fn(&Value) -> bool,
}

/// An absolute URI (RFC 3986): a scheme, `:`, then only characters a URI
/// may hold, every `%` followed by two hex digits. (An IRI may hold more;
/// the W3C test suite checks `format: uri`, so annotty writes URIs.)
pub fn is_uri(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let b = rest.as_bytes();
    let chars_ok = b.iter().enumerate().all(|(i, &c)| {
        c.is_ascii_alphanumeric()
            || b"-._~:/?#[]@!$&'()*+,;=".contains(&c)
            || (c == b'%'
                && b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    scheme_ok && !rest.is_empty() && chars_ok
}

/// `xsd:dateTime` with a time zone: `YYYY-MM-DDThh:mm:ss`, optional
/// fractional seconds, `Z` or `±hh:mm`.
pub fn is_datetime_with_zone(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let shape: String = s
        .chars()
        .map(|c| if c.is_ascii_digit() { 'd' } else { c })
        .collect();
    let Some(rest) = shape.strip_prefix("dddd-dd-ddTdd:dd:dd") else {
        return false;
    };
    let rest = match rest.strip_prefix('.') {
        Some(frac) => {
            let zone = frac.trim_start_matches('d');
            if zone.len() == frac.len() {
                return false;
            }
            zone
        }
        None => rest,
    };
    matches!(rest, "Z" | "+dd:dd" | "-dd:dd")
}

/// A media type (`type/subtype`, RFC 6838 characters).
pub fn is_media_type(v: &Value) -> bool {
    let token = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
    };
    v.as_str()
        .and_then(|s| s.split_once('/'))
        .is_some_and(|(a, b)| token(a) && token(b))
}

/// The values of a property: one, or each of an array; none when absent.
pub fn values(v: &Value) -> Vec<&Value> {
    match v {
        Value::Null => Vec::new(),
        Value::Array(a) => a.iter().collect(),
        one => vec![one],
    }
}

/// Exactly one value (a single value, or an array of one).
fn exactly_one(v: &Value) -> Option<&Value> {
    match values(v).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// True when `type` has `name` among its values.
fn has_type(node: &Value, name: &str) -> bool {
    values(&node["type"]).iter().any(|t| *t == name)
}

/// True unless `@context` is an array of one (the model asks for a
/// single value as a plain string).
fn single_context_is_a_string(node: &Value) -> bool {
    node["@context"].as_array().is_none_or(|a| a.len() != 1)
}

/// True when an id is absent or exactly one URI.
fn uri_if_present(v: &Value) -> bool {
    v.is_null() || exactly_one(v).is_some_and(is_uri)
}

/// The motivations of section 3.3.5.
const MOTIVATIONS: &[&str] = &[
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
];

/// Every body of an annotation; every selector of its targets.
fn bodies(a: &Value) -> Vec<&Value> {
    values(&a["body"])
}

fn selectors(a: &Value) -> Vec<&Value> {
    values(&a["target"])
        .into_iter()
        .flat_map(|t| values(&t["selector"]))
        .collect()
}

fn of_type<'a>(list: Vec<&'a Value>, name: &str) -> Vec<&'a Value> {
    list.into_iter().filter(|s| has_type(s, name)).collect()
}

/// Statements about an Annotation and what it holds.
pub const ANNOTATION: &[Rule] = &[
    Rule {
        section: "3.1",
        level: "MUST",
        says: "@context is (or includes) the model's context",
        holds: |a| values(&a["@context"]).iter().any(|c| *c == CONTEXT),
    },
    Rule {
        section: "3.1",
        level: "MUST",
        says: "a single @context is given as a string",
        holds: |a| single_context_is_a_string(a),
    },
    Rule {
        section: "3.1",
        level: "MUST",
        says: "exactly one id, an IRI",
        holds: |a| exactly_one(&a["id"]).is_some_and(is_uri),
    },
    Rule {
        section: "3.1",
        level: "MUST",
        says: "type includes Annotation",
        holds: |a| has_type(a, "Annotation"),
    },
    Rule {
        section: "3.1",
        level: "MUST",
        says: "one or more targets",
        holds: |a| !values(&a["target"]).is_empty(),
    },
    Rule {
        section: "3.1",
        level: "SHOULD",
        says: "one or more bodies",
        holds: |a| !bodies(a).is_empty(),
    },
    Rule {
        section: "3.2.1",
        level: "SHOULD",
        says: "each body has exactly one format, a media type",
        holds: |a| {
            bodies(a)
                .iter()
                .all(|b| exactly_one(&b["format"]).is_some_and(is_media_type))
        },
    },
    Rule {
        section: "3.2.1",
        level: "SHOULD",
        says: "each target has exactly one format, a media type",
        holds: |a| {
            values(&a["target"])
                .iter()
                .all(|t| exactly_one(&t["format"]).is_some_and(is_media_type))
        },
    },
    Rule {
        section: "3.2.1",
        level: "MUST",
        says: "a body's or target's id, when given, is an IRI",
        holds: |a| {
            bodies(a)
                .iter()
                .chain(values(&a["target"]).iter())
                .all(|n| uri_if_present(&n["id"]))
        },
    },
    Rule {
        section: "3.2.4",
        level: "SHOULD",
        says: "an embedded textual body has type TextualBody",
        holds: |a| bodies(a).iter().all(|b| has_type(b, "TextualBody")),
    },
    Rule {
        section: "3.2.4",
        level: "MUST",
        says: "an embedded textual body has exactly one value, a string",
        holds: |a| {
            bodies(a)
                .iter()
                .all(|b| exactly_one(&b["value"]).is_some_and(Value::is_string))
        },
    },
    Rule {
        section: "3.2.5",
        level: "MUST NOT",
        says: "have both body and bodyValue",
        holds: |a| a.get("body").is_none() || a.get("bodyValue").is_none(),
    },
    Rule {
        section: "3.3.1",
        level: "MUST",
        says: "created, when given, is exactly one xsd:dateTime",
        holds: |a| a.get("created").is_none() || is_datetime_with_zone(&a["created"]),
    },
    Rule {
        section: "3.3.1",
        level: "MUST",
        says: "modified, when given, is exactly one xsd:dateTime",
        holds: |a| a.get("modified").is_none() || is_datetime_with_zone(&a["modified"]),
    },
    Rule {
        section: "3.3.1",
        level: "SHOULD",
        says: "created and modified have a time zone (annotty knows both)",
        holds: |a| is_datetime_with_zone(&a["created"]) && is_datetime_with_zone(&a["modified"]),
    },
    Rule {
        section: "3.3.1",
        level: "SHOULD",
        says: "exactly one generator (the software that wrote it)",
        holds: |a| exactly_one(&a["generator"]).is_some(),
    },
    Rule {
        section: "3.3.2",
        level: "SHOULD",
        says: "the generator agent has exactly one id, an IRI",
        holds: |a| exactly_one(&a["generator"]["id"]).is_some_and(is_uri),
    },
    Rule {
        section: "3.3.2",
        level: "SHOULD",
        says: "the generator agent's type is Software",
        holds: |a| has_type(&a["generator"], "Software"),
    },
    Rule {
        section: "3.3.2",
        level: "SHOULD",
        says: "the generator agent has exactly one name",
        holds: |a| exactly_one(&a["generator"]["name"]).is_some_and(Value::is_string),
    },
    Rule {
        section: "3.3.5",
        level: "SHOULD",
        says: "one or more motivations, from the model's list",
        holds: |a| {
            let m = values(&a["motivation"]);
            !m.is_empty()
                && m.iter()
                    .all(|m| m.as_str().is_some_and(|m| MOTIVATIONS.contains(&m)))
        },
    },
    Rule {
        section: "3.3.5",
        level: "SHOULD",
        says: "a body's purpose is from the model's list",
        holds: |a| {
            bodies(a).iter().all(|b| {
                values(&b["purpose"])
                    .iter()
                    .all(|p| p.as_str().is_some_and(|p| MOTIVATIONS.contains(&p)))
            })
        },
    },
    Rule {
        section: "4",
        level: "SHOULD",
        says: "a specific resource has type SpecificResource",
        holds: |a| {
            values(&a["target"])
                .iter()
                .all(|t| has_type(t, "SpecificResource"))
        },
    },
    Rule {
        section: "4",
        level: "MUST",
        says: "a specific resource has exactly one source, an IRI",
        holds: |a| {
            values(&a["target"])
                .iter()
                .all(|t| exactly_one(&t["source"]).is_some_and(is_uri))
        },
    },
    Rule {
        section: "4.2",
        level: "MUST",
        says: "every selector has a type",
        holds: |a| selectors(a).iter().all(|s| s["type"].is_string()),
    },
    Rule {
        section: "4.2.4",
        level: "MUST",
        says: "a TextQuoteSelector has exactly one exact, a string",
        holds: |a| {
            of_type(selectors(a), "TextQuoteSelector")
                .iter()
                .all(|s| exactly_one(&s["exact"]).is_some_and(Value::is_string))
        },
    },
    Rule {
        section: "4.2.4",
        level: "MUST",
        says: "a TextQuoteSelector's prefix and suffix, when given, are one string each",
        holds: |a| {
            of_type(selectors(a), "TextQuoteSelector").iter().all(|s| {
                ["prefix", "suffix"]
                    .iter()
                    .all(|k| s.get(*k).is_none_or(Value::is_string))
            })
        },
    },
    Rule {
        section: "4.2.5",
        level: "MUST",
        says: "a TextPositionSelector has exactly one start and one end, integers ≥ 0",
        holds: |a| {
            of_type(selectors(a), "TextPositionSelector")
                .iter()
                .all(|s| s["start"].is_u64() && s["end"].is_u64())
        },
    },
];

/// Statements about an Annotation Collection.
pub const COLLECTION: &[Rule] = &[
    Rule {
        section: "5.1",
        level: "MUST",
        says: "@context is (or includes) the model's context",
        holds: |c| values(&c["@context"]).iter().any(|v| *v == CONTEXT),
    },
    Rule {
        section: "5.1",
        level: "MUST",
        says: "a single @context is given as a string",
        holds: |c| single_context_is_a_string(c),
    },
    Rule {
        section: "5.1",
        level: "MUST",
        says: "exactly one id, an IRI",
        holds: |c| exactly_one(&c["id"]).is_some_and(is_uri),
    },
    Rule {
        section: "5.1",
        level: "MUST",
        says: "type includes AnnotationCollection",
        holds: |c| has_type(c, "AnnotationCollection"),
    },
    Rule {
        section: "5.1",
        level: "SHOULD",
        says: "one or more labels, strings",
        holds: |c| {
            let l = values(&c["label"]);
            !l.is_empty() && l.iter().all(|l| l.is_string())
        },
    },
    Rule {
        section: "5.1",
        level: "SHOULD",
        says: "exactly one total, an integer ≥ 0",
        holds: |c| c["total"].is_u64(),
    },
    Rule {
        section: "5.1",
        level: "MUST",
        says: "exactly one first page when it holds annotations: its IRI or the page itself",
        holds: |c| {
            c["total"] == 0
                || exactly_one(&c["first"]).is_some_and(|f| is_uri(f) || is_uri(&f["id"]))
        },
    },
    Rule {
        section: "5.1",
        level: "SHOULD",
        says: "a last page: its IRI or the page itself",
        holds: |c| is_uri(&c["last"]) || is_uri(&c["last"]["id"]),
    },
];

/// Statements about an Annotation Page.
pub const PAGE: &[Rule] = &[
    Rule {
        section: "5.2",
        level: "MUST",
        says: "exactly one id, an IRI",
        holds: |p| exactly_one(&p["id"]).is_some_and(is_uri),
    },
    Rule {
        section: "5.2",
        level: "MUST",
        says: "type includes AnnotationPage",
        holds: |p| has_type(p, "AnnotationPage"),
    },
    Rule {
        section: "5.2",
        level: "SHOULD",
        says: "partOf: the collection's IRI (or the collection)",
        holds: |p| is_uri(&p["partOf"]) || is_uri(&p["partOf"]["id"]),
    },
    Rule {
        section: "5.2",
        level: "MUST",
        says: "items: a list of one or more annotations",
        holds: |p| p["items"].as_array().is_some_and(|i| !i.is_empty()),
    },
    Rule {
        section: "5.2",
        level: "SHOULD",
        says: "exactly one startIndex, an integer ≥ 0",
        holds: |p| p["startIndex"].is_u64(),
    },
    Rule {
        section: "5.2",
        level: "MUST",
        says: "next and prev, when given, are IRIs (one page: none)",
        holds: |p| p.get("next").is_none() && p.get("prev").is_none(),
    },
];

/// SHOULDs annotty cannot meet because it does not know the value: it
/// writes nothing rather than something made up.
pub const NOT_KNOWN: &[Rule] = &[
    Rule {
        section: "3.3.1",
        level: "SHOULD",
        says: "exactly one creator — annotty does not record who made a note",
        holds: |a| a.get("creator").is_none(),
    },
    Rule {
        section: "3.3.1",
        level: "SHOULD",
        says: "a body's creator and created time — annotty keeps one record per note, \
               not one per body (its times are the annotation's)",
        holds: |a| {
            bodies(a)
                .iter()
                .all(|b| b.get("creator").is_none() && b.get("created").is_none())
        },
    },
    Rule {
        section: "3.2.1",
        level: "SHOULD",
        says: "a body's and target's language — annotty does not know it",
        holds: |a| {
            bodies(a)
                .iter()
                .chain(values(&a["target"]).iter())
                .all(|n| n.get("language").is_none())
        },
    },
];

/// The rules of `rules` that `node` breaks, as `§SECTION LEVEL: says`.
pub fn failures(rules: &[Rule], node: &Value) -> Vec<String> {
    rules
        .iter()
        .filter(|r| !(r.holds)(node))
        .map(|r| format!("§{} {}: {}", r.section, r.level, r.says))
        .collect()
}

/// Check every rule of `rules` on `node` (described as `what` in
/// messages): each failure names its section.
pub fn check(rules: &[Rule], node: &Value, what: &str) {
    let failed = failures(rules, node);
    assert!(
        failed.is_empty(),
        "W3C Web Annotation Data Model, {what} fails:\n{}\n{node:#}",
        failed.join("\n")
    );
}

/// Check a collection, its embedded first page and every annotation on it.
pub fn check_collection(c: &Value) {
    check(COLLECTION, c, "the collection");
    let page = &c["first"];
    check(PAGE, page, "the first page");
    assert_eq!(
        c["last"], page["id"],
        "§5.1: one page, so the last is the first"
    );
    assert_eq!(page["partOf"], c["id"], "§5.2: partOf names the collection");
    assert_eq!(
        c["total"],
        page["items"].as_array().map_or(0, Vec::len),
        "§5.1: total counts the annotations of its one page"
    );
    for (i, a) in page["items"].as_array().into_iter().flatten().enumerate() {
        let what = format!("annotation {i}");
        check(ANNOTATION, a, &what);
        check(NOT_KNOWN, a, &what);
    }
}
