//! The JSON export checked field by field against the W3C Web Annotation
//! Data Model, and `annotty import` reading it back: into a copy of the
//! article elsewhere (the same annotations), into an edited copy (placed by
//! quote), twice (nothing changes), from standard input, into --store.

mod export_common;

use annotty::annotation::Annotation;
use annotty::store;
use export_common::w3c_model;
use export_common::*;
use serde_json::Value;
use std::path::Path;

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

fn export_json(dir: &Path, args: &[&str]) -> Value {
    let mut c = annotty(dir);
    c.args(["export", "--format", "json"]).args(args);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn is_uuid_urn(v: &Value) -> bool {
    let Some(s) = v.as_str().and_then(|s| s.strip_prefix("urn:uuid:")) else {
        return false;
    };
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit() && !b.is_ascii_uppercase(),
        })
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

/// The `file://` URI `annotty export` run in `dir` writes for `name`.
fn file_uri(dir: &Path, name: &str) -> String {
    let path = dir.canonicalize().unwrap().join(name);
    let mut uri = String::from("file://");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// The collection of `text` holding `expected` (live annotations, any
/// order), exported in `dir` for the article named `name`: every MUST and
/// SHOULD of the model (see `w3c_model`), then what annotty puts in each
/// field.
fn check_collection(c: &Value, dir: &Path, name: &str, text: &str, expected: &[Annotation]) {
    w3c_model::check_collection(c);
    let chars: Vec<char> = text.chars().collect();
    let slice = |a: u64, b: u64| chars[a as usize..b as usize].iter().collect::<String>();

    // 5.1: ids follow the text; the label is its first line.
    assert_eq!(c["@context"], CONTEXT);
    assert!(is_uuid_urn(&c["id"]), "collection id {}", c["id"]);
    assert_eq!(c["label"], "The Night Library");
    assert_eq!(c["total"], expected.len());
    let page = &c["first"];
    assert!(is_uuid_urn(&page["id"]), "page id {}", page["id"]);
    assert_ne!(page["id"], c["id"]);
    assert_eq!(page["startIndex"], 0);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), expected.len());

    let mut last_start = 0;
    for item in items {
        // Only what the model or annotty defines.
        for k in keys(item) {
            assert!(
                [
                    "@context",
                    "id",
                    "type",
                    "motivation",
                    "created",
                    "modified",
                    "generator",
                    "body",
                    "target",
                    "annotty:state"
                ]
                .contains(&k),
                "unexpected key {k}"
            );
        }
        assert_eq!(item["@context"], CONTEXT);
        assert!(is_uuid_urn(&item["id"]), "annotation id {}", item["id"]);
        let id = &item["id"].as_str().unwrap()["urn:uuid:".len()..];
        let a = expected
            .iter()
            .find(|a| a.id == id)
            .unwrap_or_else(|| panic!("{id} is not a live annotation"));

        // 3.3.5 Motivation; 3.3.1 Lifecycle; 3.3.2 the generator.
        let motivation = if a.note.is_empty() {
            "highlighting"
        } else {
            "commenting"
        };
        assert_eq!(item["motivation"], motivation);
        assert_eq!(item["created"], a.created.as_str());
        assert_eq!(item["modified"], a.updated.as_str());
        assert_eq!(item["generator"]["type"], "Software");
        assert_eq!(
            item["generator"]["name"],
            concat!("annotty ", env!("CARGO_PKG_VERSION"))
        );

        // 3.2.4 Embedded Textual Body: the note (commenting) and the tag
        // (tagging), both plain text.
        let bodies = item["body"].as_array().unwrap();
        for b in bodies {
            assert_eq!(b["format"], "text/plain");
        }
        let of = |purpose: &str| -> Vec<&Value> {
            bodies.iter().filter(|b| b["purpose"] == purpose).collect()
        };
        let tags = of("tagging");
        assert_eq!(tags.len(), 1);
        assert_eq!(tags[0]["value"], a.tag.as_str());
        let notes = of("commenting");
        if a.note.is_empty() {
            assert!(notes.is_empty());
        } else {
            assert_eq!(notes.len(), 1);
            assert_eq!(notes[0]["value"], a.note.as_str());
        }
        assert_eq!(bodies.len(), tags.len() + notes.len());

        // 4 Specific Resource: the article's file URI, plain text, and the
        // path as named; 4.2.4 Text Quote and 4.2.5 Text Position
        // selectors, positions in code points.
        let target = &item["target"];
        assert_eq!(target["source"], file_uri(dir, name));
        assert_eq!(target["format"], "text/plain");
        assert_eq!(target["annotty:path"], name);
        let selectors = target["selector"].as_array().unwrap();
        assert_eq!(selectors.len(), 2);
        let quote = &selectors[0];
        let position = &selectors[1];
        assert_eq!(quote["type"], "TextQuoteSelector");
        assert_eq!(position["type"], "TextPositionSelector");
        let start = position["start"].as_u64().unwrap();
        let end = position["end"].as_u64().unwrap();
        assert!(start <= end && end as usize <= chars.len());
        assert_eq!((start, end), (a.start.0, a.end.0));
        assert!(start >= last_start, "items in text order");
        last_start = start;
        let exact = quote["exact"].as_str().unwrap();
        assert_eq!(exact, a.quote);
        assert_eq!(exact, slice(start, end), "exact is the text at start..end");
        let prefix = quote["prefix"].as_str().unwrap();
        let suffix = quote["suffix"].as_str().unwrap();
        assert_eq!(
            prefix,
            slice(start - prefix.chars().count() as u64, start),
            "prefix is the text just before"
        );
        assert_eq!(
            suffix,
            slice(end, end + suffix.chars().count() as u64),
            "suffix is the text just after"
        );

        match a.state.name() {
            Some(s) => assert_eq!(item["annotty:state"], s),
            None => assert!(item.get("annotty:state").is_none()),
        }
    }
}

fn live() -> Vec<Annotation> {
    annotations().into_iter().filter(|a| a.is_live()).collect()
}

#[test]
fn json_follows_the_w3c_model() {
    let dir = tempfile::tempdir().unwrap();
    golden(dir.path());
    let text = decoded(ARTICLE.as_bytes());
    let v = export_json(dir.path(), &["essay.txt"]);
    check_collection(&v, dir.path(), "essay.txt", &text, &live());

    // Several articles: an array of collections.
    let other = dir.path().join("b");
    std::fs::create_dir(&other).unwrap();
    golden(&other);
    let v = export_json(dir.path(), &["essay.txt", "b/essay.txt"]);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2);
    check_collection(&list[0], dir.path(), "essay.txt", &text, &live());
    check_collection(&list[1], dir.path(), "b/essay.txt", &text, &live());
    // The collection's id follows the text: the same text, the same id.
    assert_eq!(list[0]["id"], list[1]["id"]);
}

#[test]
fn the_model_checks_catch_what_older_exports_lacked() {
    // An export as annotty wrote it before: the bare name as the source,
    // no formats, no generator, no last page, no partOf.
    let dir = tempfile::tempdir().unwrap();
    golden(dir.path());
    let mut v = export_json(dir.path(), &["essay.txt"]);
    let c = v.as_object_mut().unwrap();
    c.remove("last");
    let page = c["first"].as_object_mut().unwrap();
    page.remove("partOf");
    let item = page["items"][0].as_object_mut().unwrap();
    item.remove("generator");
    item["body"][1].as_object_mut().unwrap().remove("format");
    let target = item["target"].as_object_mut().unwrap();
    target.remove("format");
    target.remove("annotty:path");
    target["source"] = "essay.txt".into();
    let failed = |rules, node| w3c_model::failures(rules, node).join("\n");
    let item = &v["first"]["items"][0];
    let annotation = failed(w3c_model::ANNOTATION, item);
    for rule in [
        "§4 MUST: a specific resource has exactly one source, an IRI",
        "§3.2.1 SHOULD: each body has exactly one format",
        "§3.2.1 SHOULD: each target has exactly one format",
        "§3.3.1 SHOULD: exactly one generator",
        "§3.3.2 SHOULD: the generator agent has exactly one id",
    ] {
        assert!(annotation.contains(rule), "{rule} not in\n{annotation}");
    }
    assert!(failed(w3c_model::COLLECTION, &v).contains("§5.1 SHOULD: a last page"));
    assert!(failed(w3c_model::PAGE, &v["first"]).contains("§5.2 SHOULD: partOf"));
    // The other annotations are as exported: they pass.
    assert_eq!(failed(w3c_model::ANNOTATION, &v["first"]["items"][1]), "");
    // What the export never did, but the model forbids: a single context
    // in an array, a collection of annotations without a first page, a
    // body's own creator or time made up.
    let mut odd = v.clone();
    odd["@context"] = serde_json::json!([CONTEXT]);
    odd["first"]["items"][1]["@context"] = serde_json::json!([CONTEXT]);
    odd["first"]["items"][1]["body"][0]["created"] = "2026-11-28T22:12:40Z".into();
    let item = odd["first"]["items"][1].clone();
    assert!(
        failed(w3c_model::ANNOTATION, &item)
            .contains("§3.1 MUST: a single @context is given as a string")
    );
    assert!(failed(w3c_model::NOT_KNOWN, &item).contains("§3.3.1 SHOULD: a body's creator"));
    odd.as_object_mut().unwrap().remove("first");
    let collection = failed(w3c_model::COLLECTION, &odd);
    for rule in [
        "§5.1 MUST: a single @context is given as a string",
        "§5.1 MUST: exactly one first page when it holds annotations",
    ] {
        assert!(collection.contains(rule), "{rule} not in\n{collection}");
    }
    // The checkers themselves.
    use w3c_model::{is_datetime_with_zone, is_media_type, is_uri};
    for (good, bad) in [
        ("file:///a%20b/c.txt", "a b.txt"),
        (
            "urn:uuid:01900000-0000-7000-8000-000000000001",
            "file:///漢字.txt",
        ),
        ("https://example.org/x?y#z", "file:///100%.txt"),
    ] {
        assert!(is_uri(&good.into()), "{good}");
        assert!(!is_uri(&bad.into()), "{bad}");
    }
    assert!(is_datetime_with_zone(&"2026-11-28T22:12:40.792Z".into()));
    assert!(is_datetime_with_zone(&"2026-11-28T22:12:40+01:00".into()));
    assert!(!is_datetime_with_zone(&"2026-11-28T22:12:40".into()));
    assert!(!is_datetime_with_zone(&"28 Nov 2026".into()));
    assert!(is_media_type(&"text/plain".into()));
    assert!(!is_media_type(&"plain".into()));
}

#[test]
fn json_sources_are_file_uris_and_import_reads_them_and_older_names() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("my notes #1/Über");
    std::fs::create_dir_all(&sub).unwrap();
    golden(&sub);
    let v = export_json(dir.path(), &[]);
    let target = &v["first"]["items"][0]["target"];
    let uri = file_uri(dir.path(), "my notes #1/Über/essay.txt");
    assert!(
        uri.ends_with("/my%20notes%20%231/%C3%9Cber/essay.txt"),
        "{uri}"
    );
    assert_eq!(target["source"], uri.as_str());
    assert_eq!(target["annotty:path"], "my%20notes%20%231/Über/essay.txt");
    w3c_model::check_collection(&v);
    let json = dir.path().join("n.json");
    std::fs::write(&json, v.to_string()).unwrap();
    let sidecar = sub.join("essay.txt.annotty.toml");

    // Import `json` anew (no sidecar yet) with `cwd` as the current
    // directory; what it says.
    let import_in = |cwd: &Path| {
        std::fs::remove_file(&sidecar).unwrap();
        let mut c = annotty(cwd);
        c.arg("import").arg(&json);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{err}");
        assert_eq!(sidecar_of(&sub.join("essay.txt")), live());
        out
    };

    // Imported where it was exported: the path as named.
    let out = import_in(dir.path());
    assert!(
        out.starts_with("my notes #1/Über/essay.txt: 6 imported"),
        "{out}"
    );
    // From another directory, where that path names nothing: the file URI.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = import_in(elsewhere.path());
    assert!(
        out.contains("/my notes #1/Über/essay.txt: 6 imported"),
        "{out}"
    );

    // An older export: the bare path as the source, no annotty:path.
    let mut old = v.clone();
    for item in old["first"]["items"].as_array_mut().unwrap() {
        let t = item["target"].as_object_mut().unwrap();
        let named = t.remove("annotty:path").unwrap();
        t.insert("source".into(), named);
    }
    std::fs::write(&json, old.to_string()).unwrap();
    let out = import_in(dir.path());
    assert!(
        out.starts_with("my notes #1/Über/essay.txt: 6 imported"),
        "{out}"
    );
}

/// `d/essay.txt`'s sidecar with `origin = "…"` added by hand.
fn record_origin(d: &Path, origin: &str) {
    let sidecar = d.join("essay.txt.annotty.toml");
    let text = std::fs::read_to_string(&sidecar).unwrap().replace(
        "[document]\n",
        &format!("[document]\norigin = \"{origin}\"\n"),
    );
    std::fs::write(&sidecar, text).unwrap();
}

#[test]
fn json_source_is_the_articles_recorded_origin() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    golden(d);
    let text = decoded(ARTICLE.as_bytes());
    record_origin(d, "https://example.org/bücher/essay.txt");
    let v = export_json(d, &["essay.txt"]);
    w3c_model::check_collection(&v);
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), live().len());
    for item in items {
        let target = &item["target"];
        // The origin, as a URI; the file's name kept beside it.
        assert_eq!(
            target["source"],
            "https://example.org/b%C3%BCcher/essay.txt"
        );
        assert_eq!(target["annotty:path"], "essay.txt");
        assert_eq!(target["format"], "text/plain");
    }
    // Everything else as without an origin.
    let mut as_file = v.clone();
    for item in as_file["first"]["items"].as_array_mut().unwrap() {
        item["target"]["source"] = file_uri(d, "essay.txt").into();
    }
    check_collection(&as_file, d, "essay.txt", &text, &live());

    // Imported into a copy (which has no sidecar yet): the copy records
    // the same origin, and its export names the same source.
    let json = d.join("essay.json");
    std::fs::write(&json, v.to_string()).unwrap();
    std::fs::create_dir(d.join("copy")).unwrap();
    std::fs::write(d.join("copy/essay.txt"), ARTICLE).unwrap();
    let mut c = annotty(d);
    c.args(["import", "essay.json", "--article", "copy/essay.txt"]);
    assert_eq!(run(c).0, 0);
    let sidecar = std::fs::read(d.join("copy/essay.txt.annotty.toml")).unwrap();
    let copy = store::parse_bytes(&sidecar).unwrap();
    assert_eq!(
        copy.document.origin.as_deref(),
        Some("https://example.org/b%C3%BCcher/essay.txt")
    );
    let again = export_json(d, &["copy/essay.txt"]);
    assert_eq!(
        again["first"]["items"][0]["target"]["source"],
        v["first"]["items"][0]["target"]["source"]
    );

    // An origin that is not an absolute IRI is kept in the sidecar but not
    // used: the file URI is the source.
    let other = tempfile::tempdir().unwrap();
    golden(other.path());
    record_origin(other.path(), "example.org/essay.txt");
    let v = export_json(other.path(), &["essay.txt"]);
    check_collection(&v, other.path(), "essay.txt", &text, &live());
}

fn sidecar_of(article: &Path) -> Vec<Annotation> {
    let bytes = std::fs::read(store::Store::beside(article).path()).unwrap();
    store::parse_bytes(&bytes).unwrap().annotations
}

/// The golden article in `d`, its notes exported to `d/essay.json`.
fn golden_exported(d: &Path) {
    golden(d);
    let mut c = annotty(d);
    c.args(["export", "-f", "json", "-o", "essay.json", "essay.txt"]);
    assert_eq!(run(c).0, 0);
}

/// `edited` as `d/edited.txt`, `d/essay.json` imported into it: what
/// import says.
fn import_into_edited(d: &Path, edited: &str) -> String {
    std::fs::write(d.join("edited.txt"), edited).unwrap();
    let mut c = annotty(d);
    c.args(["import", "essay.json", "--article", "edited.txt"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    out
}

fn by_start(mut v: Vec<Annotation>) -> Vec<Annotation> {
    v.sort_by_key(|a| (a.start, a.id.clone()));
    v
}

#[test]
fn import_into_a_copy_recreates_the_same_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    golden_exported(d);

    // A copy of the article in another directory, no sidecar.
    let copy = d.join("copy");
    std::fs::create_dir(&copy).unwrap();
    std::fs::write(copy.join("essay.txt"), ARTICLE).unwrap();
    let mut c = annotty(d);
    c.args(["import", "essay.json", "--article", "copy/essay.txt"]);
    let (code, out, err) = run(c);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "copy/essay.txt: 6 imported (4 placed, 0 moved by quote, 1 fuzzy, 1 orphaned), \
         0 duplicates skipped; \
         copy/essay.txt.annotty.toml\n"
    );
    // The same annotations (the deleted one was never exported).
    assert_eq!(sidecar_of(&copy.join("essay.txt")), live());

    // Importing again changes nothing: not a byte, not the file.
    let sidecar = copy.join("essay.txt.annotty.toml");
    let before = std::fs::read(&sidecar).unwrap();
    let inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&sidecar).unwrap());
    let mut c = annotty(d);
    c.args(["import", "essay.json", "--article", "copy/essay.txt"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            ": 0 imported (0 placed, 0 moved by quote, 0 fuzzy, 0 orphaned), 6 duplicates skipped"
        ),
        "{out}"
    );
    assert_eq!(std::fs::read(&sidecar).unwrap(), before);
    assert_eq!(
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&sidecar).unwrap()),
        inode
    );

    // Without --article: into the article the JSON names, relative to the
    // current directory.
    let other = d.join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("essay.txt"), ARTICLE).unwrap();
    std::fs::copy(d.join("essay.json"), other.join("essay.json")).unwrap();
    let mut c = annotty(&other);
    c.args(["import", "essay.json"]);
    assert_eq!(run(c).0, 0);
    assert_eq!(sidecar_of(&other.join("essay.txt")), live());

    // And the copy exports exactly what the original does.
    let mut a = annotty(d);
    a.args(["export", "essay.txt"]);
    let mut b = annotty(d);
    b.args(["export", "copy/essay.txt"]);
    assert_eq!(run(a).1.replace("essay.txt:", "copy/essay.txt:"), run(b).1);
}

#[test]
fn import_into_an_edited_copy_places_by_quote() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    golden(d);
    let mut c = annotty(d);
    c.args(["export", "-f", "json", "-o", "essay.json"]);
    assert_eq!(run(c).0, 0);

    // A preface added, a word changed: 図書館 is gone.
    let edited = format!("A preface — added later.\n\n{ARTICLE}").replace("図書館", "toshokan");
    let copy = d.join("edited.txt");
    assert_eq!(
        import_into_edited(d, &edited),
        "edited.txt: 6 imported (5 placed, 5 moved by quote, 0 fuzzy, 1 orphaned), \
         0 duplicates skipped; \
         edited.txt.annotty.toml\n"
    );
    let text: Vec<char> = decoded(edited.as_bytes()).chars().collect();
    let shift = "A preface — added later.\n\n".chars().count() as u64;
    let originals = by_start(live());
    let got = by_start(sidecar_of(&copy));
    assert_eq!(got.len(), originals.len());
    for (a, o) in got.iter().zip(&originals) {
        assert_eq!(
            (&a.id, &a.tag, &a.note, &a.quote),
            (&o.id, &o.tag, &o.note, &o.quote)
        );
        assert_eq!((&a.created, &a.updated), (&o.created, &o.updated));
        let here: String = text[a.start.0 as usize..a.end.0 as usize].iter().collect();
        if a.quote == "図書館" {
            assert_eq!(a.state.name(), Some("orphan"));
            assert_eq!((a.start, a.end), (o.start, o.end), "keeps its position");
        } else {
            assert_eq!(here, a.quote);
            // Each quote is once in the text: after the preface, and after
            // the longer word for the ones that follow it.
            let edited = decoded(edited.as_bytes());
            let at = edited[..edited.find(&a.quote).unwrap()].chars().count() as u64;
            assert_eq!(a.start.0, at);
            assert!(a.start == o.start + shift || a.start == o.start + shift + 5);
            assert_eq!(a.state.name(), None, "placed by its exact quote");
            // Context from the new text.
            let before: String = text[(a.start.0 as usize).saturating_sub(32)..a.start.0 as usize]
                .iter()
                .collect();
            assert_eq!(a.prefix, before);
        }
    }
    // The orphan shows as one.
    let mut c = annotty(d);
    c.args(["export", "--orphans", "edited.txt"]);
    let (_, out, _) = run(c);
    assert!(out.contains("[idea, orphan] 図書館"), "{out}");
}

#[test]
fn import_from_standard_input_and_into_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    golden(d);
    std::fs::create_dir(d.join("copy")).unwrap();
    std::fs::write(d.join("copy/essay.txt"), ARTICLE).unwrap();
    let status = std::process::Command::new("sh")
        .current_dir(d)
        .env("HOME", d)
        .env("XDG_DATA_HOME", d.join(".data"))
        .arg("-c")
        .arg(format!(
            "'{bin}' export -f json essay.txt | '{bin}' import - --article copy/essay.txt --store notes",
            bin = env!("CARGO_BIN_EXE_annotty")
        ))
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let sidecar = d.join("notes/essay.txt.annotty.toml");
    let got = store::parse_bytes(&std::fs::read(&sidecar).unwrap()).unwrap();
    assert_eq!(got.annotations, live());
    assert_eq!(got.document, doc_info("essay.txt", ARTICLE.as_bytes()));
    assert!(!d.join("copy/essay.txt.annotty.toml").exists());
    // export --store reads it there.
    let mut c = annotty(d);
    c.args(["export", "--store", "notes", "copy/essay.txt"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 6);
}

#[test]
fn import_keeps_newer_versions_and_reports_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let article = golden(d);
    let mut c = annotty(d);
    c.args(["export", "-f", "json", "-o", "essay.json"]);
    assert_eq!(run(c).0, 0);

    // The sidecar changes one annotation later than the export.
    let mut all = annotations();
    all[0].note = "changed after the export".into();
    all[0].updated = "2030-01-01T00:00:00.000Z".into();
    store::Store::beside(&article)
        .save(&doc_info("essay.txt", ARTICLE.as_bytes()), &all)
        .unwrap();
    let mut c = annotty(d);
    c.args(["import", "essay.json"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    assert!(out.contains("6 duplicates skipped"), "{out}");
    let got = sidecar_of(&article);
    assert_eq!(got[0].note, "changed after the export");
    assert!(
        got.iter().any(|a| a.deleted.is_some()),
        "the tombstone stays"
    );

    // Errors: one line, exit 2, naming the file.
    std::fs::write(
        d.join("bad.json"),
        "{\n  \"type\": \"Annotation\",\n  oops\n}",
    )
    .unwrap();
    let mut c = annotty(d);
    c.args(["import", "bad.json"]);
    let (code, out, err) = run(c);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("annotty: bad.json: line 3: "), "{err}");
    assert_eq!(err.lines().count(), 1);

    // The article is gone: the error names the source's path (an older
    // export's source: the bare name).
    let json = std::fs::read_to_string(d.join("essay.json")).unwrap();
    let gone = d.canonicalize().unwrap().join("gone.txt");
    for (renamed, named) in [
        (
            json.replace("essay.txt\"", "gone.txt\""),
            gone.display().to_string(),
        ),
        (
            json.replace("\"annotty:path\"", "\"annotty:was\"")
                .replace(&format!("\"{}\"", file_uri(d, "essay.txt")), "\"gone.txt\""),
            "gone.txt".into(),
        ),
    ] {
        std::fs::write(d.join("gone.json"), renamed).unwrap();
        let mut c = annotty(d);
        c.args(["import", "gone.json"]);
        let (code, _, err) = run(c);
        assert_eq!(code, 2);
        assert_eq!(
            err,
            format!("annotty: {named}: No such file or directory\n")
        );
    }

    // A file with no annotation: nothing to do (exit 1), and said.
    std::fs::write(d.join("empty.json"), "[]").unwrap();
    let mut c = annotty(d);
    c.args(["import", "empty.json"]);
    let (code, out, err) = run(c);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.starts_with("annotty: empty.json: no W3C annotations found (expected "),
        "{err}"
    );
}

#[test]
fn import_of_edited_quotes_places_them_as_the_reader_would() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    golden_exported(d);

    // One quote edited a little (an approximate match is left), one gone.
    let edited = ARTICLE
        .replace("the books are the excuse.", "the books were the excuse.")
        .replace("図書館", "toshokan");
    assert_eq!(
        import_into_edited(d, &edited),
        "edited.txt: 6 imported (4 placed, 3 moved by quote, 1 fuzzy, 1 orphaned), \
         0 duplicates skipped; \
         edited.txt.annotty.toml\n"
    );
    let got = by_start(sidecar_of(&d.join("edited.txt")));
    let state = |a: &Annotation| a.state.name();
    let of = |q: &str| got.iter().find(|a| a.quote == q).unwrap();
    assert_eq!(state(of("the books are the excuse.")), Some("fuzzy"));
    assert_eq!(state(of("図書館")), Some("orphan"));

    // The reader places the same notes on the same text so: through
    // `notebook::place_again`, as when it opens an edited article.
    let mut theirs: Vec<Annotation> = live();
    annotty::notebook::place_again(&decoded(edited.as_bytes()), &mut theirs, 0);
    let theirs = by_start(theirs);
    let place = |a: &Annotation| (a.id.clone(), a.start, a.end, state(a), a.prefix.clone());
    assert_eq!(
        got.iter().map(place).collect::<Vec<_>>(),
        theirs.iter().map(place).collect::<Vec<_>>()
    );
}

/// A Markdown article: the quote selector reads as the rendered page does
/// (markup left out), as the Markdown export's quote does; the position
/// and the `annotty:` source fields keep the Markdown source, so importing
/// the export into a copy places the note exactly where it was.
#[test]
fn a_markdown_quote_is_the_rendered_text_and_imports_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "# Harbour\n\nThe keeper wrote that the *fog* came in **at four bells** \
                and stayed, as `fog` does, until noon.\n";
    let quote = "*fog* came in **at four bells**";
    let a = annotation_on(text, "01a2", quote, "highlight", "");
    write_article(d, "harbour.md", text.as_bytes(), std::slice::from_ref(&a));
    let v = export_json(d, &["harbour.md"]);
    let selector = &v["first"]["items"][0]["target"]["selector"];
    let q = &selector[0];
    assert_eq!(q["exact"], "fog came in at four bells", "{q}");
    assert_eq!(q["prefix"], "bour\n\nThe keeper wrote that the ", "{q}");
    assert_eq!(q["suffix"], " and stayed, as fog does, unti", "{q}");
    // The source, only where it differs.
    assert_eq!(q["annotty:exact"], quote);
    assert_eq!(q.get("annotty:prefix"), None, "{q}");
    assert_eq!(q["annotty:suffix"].as_str(), Some(a.suffix.as_str()));
    assert_eq!(selector[1]["start"], a.start.0);
    assert_eq!(selector[1]["end"], a.end.0);
    // The Markdown export shows the same quote.
    let mut c = annotty(d);
    c.args(["export", "-f", "markdown", "harbour.md"]);
    assert!(run(c).1.contains("\n> fog came in at four bells\n"));

    std::fs::write(d.join("h.json"), v.to_string()).unwrap();
    std::fs::create_dir(d.join("copy")).unwrap();
    std::fs::write(d.join("copy/harbour.md"), text).unwrap();
    let mut c = annotty(d);
    c.args(["import", "h.json", "--article", "copy/harbour.md"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1 imported (1 placed, 0 moved by quote, 0 fuzzy"),
        "{out}"
    );
    assert_eq!(sidecar_of(&d.join("copy/harbour.md")), [a]);
}
