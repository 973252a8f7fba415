//! The JSON export checked field by field against the W3C Web Annotation
//! Data Model, and `annotty import` reading it back: into a copy of the
//! article elsewhere (the same annotations), into an edited copy (placed by
//! quote), twice (nothing changes), from standard input, into --store.

mod export_common;

use annotty::annotation::Annotation;
use annotty::store;
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

/// xsd:dateTime in UTC, as the model asks for `created` and `modified`.
fn is_utc_datetime(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && s.ends_with('Z')
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

/// Every rule of the model that applies, for the collection of `text`
/// holding `expected` (live annotations, any order).
fn check_collection(c: &Value, source: &str, text: &str, expected: &[Annotation]) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |a: u64, b: u64| chars[a as usize..b as usize].iter().collect::<String>();

    // 5.1 Annotation Collection: @context, an IRI id, the type; label and
    // total; the first page embedded.
    assert_eq!(c["@context"], CONTEXT);
    assert!(is_uuid_urn(&c["id"]), "collection id {}", c["id"]);
    assert_eq!(c["type"], "AnnotationCollection");
    assert_eq!(c["label"], "The Night Library");
    assert_eq!(c["total"], expected.len());
    let page = &c["first"];
    // 5.2 Annotation Page.
    assert!(is_uuid_urn(&page["id"]), "page id {}", page["id"]);
    assert_ne!(page["id"], c["id"]);
    assert_eq!(page["type"], "AnnotationPage");
    assert_eq!(page["startIndex"], 0);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), expected.len());

    let mut last_start = 0;
    for item in items {
        // 3.1 Annotations: @context, id (an IRI), type and target are
        // required.
        for k in keys(item) {
            assert!(
                [
                    "@context",
                    "id",
                    "type",
                    "motivation",
                    "created",
                    "modified",
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
        assert_eq!(item["type"], "Annotation");
        let id = &item["id"].as_str().unwrap()["urn:uuid:".len()..];
        let a = expected
            .iter()
            .find(|a| a.id == id)
            .unwrap_or_else(|| panic!("{id} is not a live annotation"));

        // 3.3.5 Motivation; 3.3.1 Lifecycle.
        let motivation = if a.note.is_empty() {
            "highlighting"
        } else {
            "commenting"
        };
        assert_eq!(item["motivation"], motivation);
        assert!(is_utc_datetime(&item["created"]));
        assert!(is_utc_datetime(&item["modified"]));
        assert_eq!(item["created"], a.created.as_str());
        assert_eq!(item["modified"], a.updated.as_str());

        // 3.2.4 Embedded Textual Body: the note (text/plain, commenting)
        // and the tag (purpose tagging).
        let bodies = item["body"].as_array().unwrap();
        for b in bodies {
            assert_eq!(b["type"], "TextualBody");
            assert!(b["value"].is_string());
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
            assert_eq!(notes[0]["format"], "text/plain");
        }
        assert_eq!(bodies.len(), tags.len() + notes.len());

        // 4 Specific Resource with 4.2.4 Text Quote and 4.2.5 Text
        // Position selectors; positions in code points.
        let target = &item["target"];
        assert_eq!(target["type"], "SpecificResource");
        assert_eq!(target["source"], source);
        let selectors = target["selector"].as_array().unwrap();
        assert_eq!(selectors.len(), 2);
        let quote = &selectors[0];
        let position = &selectors[1];
        assert_eq!(quote["type"], "TextQuoteSelector");
        assert_eq!(position["type"], "TextPositionSelector");
        let start = position["start"].as_u64().unwrap();
        let end = position["end"].as_u64().unwrap();
        assert!(start <= end && end as usize <= chars.len());
        assert_eq!((start, end), (a.start, a.end));
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
    check_collection(&v, "essay.txt", &text, &live());

    // Several articles: an array of collections.
    let other = dir.path().join("b");
    std::fs::create_dir(&other).unwrap();
    golden(&other);
    let v = export_json(dir.path(), &["essay.txt", "b/essay.txt"]);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2);
    check_collection(&list[0], "essay.txt", &text, &live());
    check_collection(&list[1], "b/essay.txt", &text, &live());
    // The collection's id follows the text: the same text, the same id.
    assert_eq!(list[0]["id"], list[1]["id"]);
}

#[test]
fn json_sources_are_iri_references() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("my notes #1");
    std::fs::create_dir(&sub).unwrap();
    golden(&sub);
    let v = export_json(dir.path(), &[]);
    assert_eq!(
        v["first"]["items"][0]["target"]["source"],
        "my%20notes%20%231/essay.txt"
    );
    // Which import reads back as the path.
    let json = dir.path().join("n.json");
    std::fs::write(&json, v.to_string()).unwrap();
    std::fs::remove_file(sub.join("essay.txt.annotty.toml")).unwrap();
    let mut c = annotty(dir.path());
    c.args(["import", "n.json"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("my notes #1/essay.txt: 6 imported"),
        "{out}"
    );
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
        "copy/essay.txt: 6 imported (0 placed by quote, 0 orphaned), 0 already there; \
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
        out.contains(": 0 imported (0 placed by quote, 0 orphaned), 6 already there"),
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
        "edited.txt: 6 imported (5 placed by quote, 1 orphaned), 0 already there; \
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
        let here: String = text[a.start as usize..a.end as usize].iter().collect();
        if a.quote == "図書館" {
            assert_eq!(a.state.name(), Some("orphan"));
            assert_eq!((a.start, a.end), (o.start, o.end), "keeps its position");
        } else {
            assert_eq!(here, a.quote);
            // Each quote is once in the text: after the preface, and after
            // the longer word for the ones that follow it.
            let edited = decoded(edited.as_bytes());
            let at = edited[..edited.find(&a.quote).unwrap()].chars().count() as u64;
            assert_eq!(a.start, at);
            assert!(a.start == o.start + shift || a.start == o.start + shift + 5);
            assert_eq!(a.state.name(), None, "placed by its exact quote");
            // Context from the new text.
            let before: String = text[(a.start as usize).saturating_sub(32)..a.start as usize]
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
    assert!(out.contains("6 already there"), "{out}");
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

    let json = std::fs::read_to_string(d.join("essay.json")).unwrap();
    std::fs::write(
        d.join("gone.json"),
        json.replace("\"essay.txt\"", "\"gone.txt\""),
    )
    .unwrap();
    let mut c = annotty(d);
    c.args(["import", "gone.json"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 2);
    assert_eq!(err, "annotty: gone.txt: No such file or directory\n");

    // A file with no annotation: nothing to do (exit 1).
    std::fs::write(d.join("empty.json"), "[]").unwrap();
    let mut c = annotty(d);
    c.args(["import", "empty.json"]);
    assert_eq!(run(c), (1, String::new(), String::new()));
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
        "edited.txt: 6 imported (3 placed by quote, 1 approximate, 1 orphaned), 0 already there; \
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
