use super::disk::{FileMeta, Fs, OldFile, RealFs};
use super::*;
use crate::annotation;
use crate::text::CharPos;
use proptest::prelude::*;
use std::cell::Cell;
use std::fs::File;
use std::io::Write as _;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use toml::{Table, Value};

const T0: &str = "2026-11-28T21:55:44.123Z";

fn ann(id: &str, start: u64) -> Annotation {
    Annotation {
        id: id.into(),
        start: CharPos(start),
        end: CharPos(start + 5),
        quote: "hello".into(),
        prefix: "say ".into(),
        suffix: " world".into(),
        tag: "highlight".into(),
        note: String::new(),
        created: T0.into(),
        updated: T0.into(),
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: Table::new(),
    }
}

fn doc() -> DocInfo {
    DocInfo {
        file: "essay.txt".into(),
        chars: 5123,
        hash: "ab".repeat(32),
        encoding: None,
        origin: None,
        about: Default::default(),
    }
}

fn ids(list: &[Annotation]) -> Vec<&str> {
    list.iter().map(|a| a.id.as_str()).collect()
}

// ------------------------------------------------------------ the format

#[test]
fn renders_the_documented_layout() {
    let mut a = ann("019ac3f2-0000-7000-8000-000000000001", 10);
    a.end = CharPos(20);
    a.note = "first line\nsecond line".into();
    let mut gone = ann("019ac3f2-0000-7000-8000-000000000002", 30);
    gone.deleted = Some("2026-11-29T08:00:00.000Z".into());
    gone.extra.insert("zeta".into(), Value::Integer(1));
    gone.extra.insert("alpha".into(), Value::Boolean(true));
    // Given out of order: written sorted by id.
    let text = render(&Sidecar::new(doc(), vec![gone, a]));
    let hash = "ab".repeat(32);
    let expected = format!(
        r#"# annotty annotations for essay.txt
# start and end count Unicode scalar values (chars) of the article's text
# after decoding it (from [document] encoding, else as UTF-8 with each
# invalid byte sequence as one U+FFFD), without a byte-order mark, and
# reading CRLF as LF; ranges are half-open: [start, end).
version = 1

[document]
file = "essay.txt"
chars = 5123
hash = "{hash}"

[[annotation]]
id = "019ac3f2-0000-7000-8000-000000000001"
start = 10
end = 20
quote = "hello"
prefix = "say "
suffix = " world"
tag = "highlight"
note = """
first line
second line"""
created = "{T0}"
updated = "{T0}"

[[annotation]]
id = "019ac3f2-0000-7000-8000-000000000002"
start = 30
end = 35
quote = "hello"
prefix = "say "
suffix = " world"
tag = "highlight"
created = "{T0}"
updated = "{T0}"
deleted = "2026-11-29T08:00:00.000Z"
alpha = true
zeta = 1
"#
    );
    assert_eq!(text, expected);
}

/// Strings that are hard to write as TOML.
const TRICKY: &[&str] = &[
    "",
    "plain",
    "line one\nline two",
    "ends with a newline\n",
    "\n",
    "\n\n",
    "\n\nstarts with newlines",
    "CRLF\r\ninside\r\n",
    "\r",
    "lone CR\rinside",
    "quote \" inside",
    "\"",
    "\"\"",
    "\"\"\"",
    "\"\"\"\"\"\"\"",
    "ends with a quote\"",
    "ends with quotes\"\"",
    "a\"b\"\"c\"\"\"d\"\"\"\"e",
    "multi\nline \"\"\" inside\n\"\"\"",
    "multi\nline ending in quotes\"\"",
    "\"\nstarts with a quote",
    "back\\slash",
    "\\",
    "trailing backslash\\",
    "multi\nline trailing backslash\\",
    "backslash before newline\\\nnext",
    "\\n is not a newline, \\u0041 not an A",
    "tab\there\t",
    "emoji 🦀 👩‍👩‍👧 é ñ 中文 \u{fffd}",
    "controls \u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}[31m red\u{7f}\u{85}\u{9f}",
    "bidi \u{202e}desrever\u{202c} \u{2066}x\u{2069} \u{200f}",
    "separators \u{2028} \u{2029} and a BOM \u{feff}",
    "'single' '''triple''' quotes",
    "# not a comment",
    "[[annotation]]\nid = \"fake\"\nstart = 0",
    "key = \"value\"\n[document]",
    "\u{10ffff}\u{e000}",
];

fn tricky_sidecar() -> Sidecar {
    let mut list = Vec::new();
    for (i, s) in TRICKY.iter().enumerate() {
        let mut a = ann(&format!("id-{i:03}"), i as u64);
        a.quote = s.to_string();
        a.prefix = s.to_string();
        a.suffix = s.to_string();
        a.tag = s.to_string();
        a.note = s.to_string();
        a.created = s.to_string();
        a.extra.insert("x".into(), Value::String(s.to_string()));
        list.push(a);
    }
    let mut d = doc();
    d.file = "weird\nname \"\u{1b}[2J\".txt".into();
    Sidecar::new(d, list)
}

#[test]
fn tricky_strings_round_trip_exactly() {
    let s = tricky_sidecar();
    let text = render(&s);
    let back = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, s);
    assert_eq!(render(&back), text, "render is not a fixed point");
    // A generic TOML reader sees the same strings.
    let generic: Table = toml::from_str(&text).unwrap();
    let list = generic["annotation"].as_array().unwrap();
    for (a, expected) in list.iter().zip(TRICKY) {
        assert_eq!(
            a.get("note").and_then(Value::as_str).unwrap_or(""),
            *expected
        );
        assert_eq!(a["quote"].as_str().unwrap(), *expected);
    }
    // One line per annotation field except multi-line notes; no raw
    // control character but LF reaches the file.
    assert!(
        !text
            .chars()
            .any(|c| c != '\n' && (c.is_control() || c == '\u{202e}'))
    );
}

#[test]
fn a_multi_line_note_stays_readable() {
    let mut a = ann("a", 0);
    a.note = "He said \"stop\".\nShe said \"\"\"go\"\"\".\n\tIndented \\ done".into();
    let text = render(&Sidecar::new(doc(), vec![a.clone()]));
    assert!(
        text.contains(
            "note = \"\"\"\nHe said \"stop\".\nShe said \"\"\\\"go\"\"\\\".\n\\tIndented \\\\ done\"\"\"\n"
        ),
        "{text}"
    );
    assert_eq!(parse(&text).unwrap().annotations, vec![a]);
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        r#"[a-z \n\r\t"'\\#=\[\]{}\x00-\x1f\x7f-\x9f\u{2028}\u{202e}\u{feff}é🦀]{0,40}"#,
    ]
}

fn annotation_strategy() -> impl Strategy<Value = Annotation> {
    (
        "[0-9a-f-]{1,36}",
        0u64..1_000_000,
        0u64..1000,
        [
            text_strategy(),
            text_strategy(),
            text_strategy(),
            text_strategy(),
            text_strategy(),
        ],
        proptest::option::of(Just("2027-01-01T00:00:00.000Z".to_string())),
    )
        .prop_map(
            |(id, start, len, [quote, prefix, suffix, tag, note], deleted)| {
                let mut a = ann(&id, start);
                a.end = a.start + len;
                (a.quote, a.prefix, a.suffix, a.tag, a.note) = (quote, prefix, suffix, tag, note);
                a.deleted = deleted;
                a
            },
        )
}

proptest! {
    #[test]
    fn random_strings_round_trip(list in proptest::collection::vec(annotation_strategy(), 0..6)) {
        let mut s = Sidecar::new(doc(), list);
        s.annotations = annotation::merge(&s.annotations, &[]);
        let text = render(&s);
        let back = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &s);
        prop_assert_eq!(render(&back), text);
    }

    #[test]
    fn any_input_order_renders_the_same(
        list in proptest::collection::vec(annotation_strategy(), 0..8),
        order in Just((0..8).collect::<Vec<usize>>()).prop_shuffle(),
    ) {
        let shuffled: Vec<Annotation> = order
            .iter()
            .filter_map(|&i| list.get(i).cloned())
            .collect();
        prop_assert_eq!(
            render(&Sidecar::new(doc(), list)),
            render(&Sidecar::new(doc(), shuffled))
        );
    }
}

#[test]
fn the_same_annotations_in_any_order_render_identically() {
    let list: Vec<Annotation> = (0..20).map(|i| ann(&format!("id{i:02}"), i * 7)).collect();
    let expected = render(&Sidecar::new(doc(), list.clone()));
    let mut reversed = list.clone();
    reversed.reverse();
    assert_eq!(render(&Sidecar::new(doc(), reversed)), expected);
    for k in 1..20 {
        let mut rotated = list.clone();
        rotated.rotate_left(k);
        assert_eq!(render(&Sidecar::new(doc(), rotated)), expected);
    }
    // A duplicate id is written once, as the newer version.
    let mut newer = list[3].clone();
    newer.updated = "2030-01-01T00:00:00.000Z".into();
    newer.note = "edited".into();
    let mut twice = list.clone();
    twice.push(newer.clone());
    let mut merged = list.clone();
    merged[3] = newer;
    assert_eq!(
        render(&Sidecar::new(doc(), twice)),
        render(&Sidecar::new(doc(), merged))
    );
}

/// A file written by a newer annotty, with what this one does not know at
/// every level.
const FROM_THE_FUTURE: &str = r##"# written by annotty 9
version = 1
future_flag = true
numbers = [1, 0x1f, 2.5, -0.0, 1e300, -inf, 1979-05-27T07:32:00Z, 1979-05-27, 07:32:00.5]
"odd key" = "v"

[document]
file = "essay.txt"
chars = 3
hash = "h"
language = "en"
nested = { a = { b = [1, { c = "d" }] } }

[future]
x = 1
y.z = "dotted"

[[future_list]]
a = 1

[[future_list]]
b = """
two
lines"""

[[annotation]]
id = "a1"
start = 0
end = 1
color = "#ff0000"
sub.x = 1
created = 2026-11-28T21:55:44.123Z
[annotation.more]
y = [true, false]
"##;

#[test]
fn the_encoding_is_written_only_for_articles_that_are_not_utf8() {
    let utf8 = render(&Sidecar::new(doc(), vec![]));
    assert!(!utf8.contains("encoding ="), "{utf8}");
    let legacy = DocInfo {
        encoding: Some("windows-1252".into()),
        ..doc()
    };
    let text = render(&Sidecar::new(legacy.clone(), vec![]));
    let line = format!("hash = \"{}\"\nencoding = \"windows-1252\"\n", legacy.hash);
    assert!(text.contains(&line), "{text}");
    assert_eq!(parse(&text).unwrap().document, legacy);
    assert!(parse(&text).unwrap().document_extra().is_empty());
}

#[test]
fn unknown_fields_at_every_level_survive_a_round_trip() {
    let s = parse(FROM_THE_FUTURE).unwrap();
    assert_eq!(s.extra()["future_flag"], Value::Boolean(true));
    assert_eq!(s.extra()["odd key"].as_str(), Some("v"));
    assert_eq!(s.extra()["future"]["y"]["z"].as_str(), Some("dotted"));
    assert_eq!(
        s.extra()["future_list"][1]["b"].as_str(),
        Some("two\nlines")
    );
    assert_eq!(s.document_extra()["language"].as_str(), Some("en"));
    assert_eq!(
        s.document_extra()["nested"]["a"]["b"][1]["c"].as_str(),
        Some("d")
    );
    let a = &s.annotations[0];
    assert_eq!(a.extra["color"].as_str(), Some("#ff0000"));
    assert_eq!(a.extra["sub"]["x"].as_integer(), Some(1));
    assert_eq!(a.extra["more"]["y"][1].as_bool(), Some(false));
    // A bare date-time is read as its text.
    assert_eq!(a.created, T0);

    let text = render(&s);
    let again = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(again, s);
    assert_eq!(render(&again), text);
    let numbers = again.extra()["numbers"].as_array().unwrap();
    assert_eq!(numbers[1].as_integer(), Some(31));
    assert_eq!(numbers[4].as_float(), Some(1e300));
    assert!(numbers[3].as_float().unwrap().is_sign_negative());
    assert_eq!(numbers[5].as_float(), Some(f64::NEG_INFINITY));
    assert_eq!(numbers[8].as_datetime().unwrap().to_string(), "07:32:00.5");
}

#[test]
fn extras_named_like_known_fields_are_not_written_twice() {
    let mut a = ann("a", 0);
    a.extra.insert("id".into(), Value::String("evil".into()));
    a.extra.insert("note".into(), Value::String("evil".into()));
    let text = render(&Sidecar::new(doc(), vec![a.clone()]));
    let back = parse(&text).unwrap();
    a.extra.clear();
    assert_eq!(back.annotations, vec![a]);
}

#[test]
fn nan_survives_too() {
    let text = "version = 1\nx = nan\n[document]\nfile = \"f\"\nchars = 0\nhash = \"h\"\n";
    let s = parse(text).unwrap();
    assert!(s.extra()["x"].as_float().unwrap().is_nan());
    assert!(render(&s).contains("\nx = nan\n"));
}

fn error_of(text: &str) -> FormatError {
    match parse(text) {
        Ok(s) => panic!("parsed: {s:?}"),
        Err(e) => e,
    }
}

const HEAD: &str = "version = 1\n\n[document]\nfile = \"essay.txt\"\nchars = 3\nhash = \"h\"\n";

#[test]
fn a_newer_version_is_refused_with_its_line() {
    let e = error_of("# annotty annotations for x\n\nversion = 2\nnew_thing = { }\n");
    assert_eq!(e.line, 3);
    assert!(
        e.message.contains("written by a newer annotty (version 2)"),
        "{e}"
    );
    assert_eq!(
        e.to_string(),
        "line 3: written by a newer annotty (version 2)"
    );
    // Even when the rest would not make sense to this version.
    let e = error_of("version = 7\n[document]\nfile = 3\n[[annotation]]\n");
    assert!(e.message.contains("version 7"), "{e}");
}

#[test]
fn a_missing_or_odd_version_is_an_error() {
    let e = error_of("[document]\nfile = \"x\"\nchars = 1\nhash = \"h\"\n");
    assert_eq!(e.line, 1);
    assert!(e.message.contains("version"), "{e}");
    let e = error_of("\nversion = \"1\"\n");
    assert_eq!((e.line, e.message.contains("integer")), (2, true), "{e}");
    let e = error_of("version = 0\n");
    assert!(e.message.contains("unknown version 0"), "{e}");
}

#[test]
fn garbage_reports_its_line() {
    let e = error_of(&format!(
        "{HEAD}\n[[annotation]]\nid = \"a\"\nstart = oops\n"
    ));
    assert_eq!(e.line, 10, "{e}");
    let e = error_of("version = 1\n<<<<<<< HEAD\n");
    assert_eq!(e.line, 2, "{e}");
    let e = error_of("\u{feff}version = 1\nversion = 1\n");
    assert_eq!(e.line, 2, "{e}");
    assert!(e.message.contains("duplicate"), "{e}");
    let e = parse_bytes(b"version = 1\n[document]\nfile = \"a\xffb\"\n").unwrap_err();
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("UTF-8"));
    let e = error_of("\0\0\0binary");
    assert_eq!(e.line, 1);
}

#[test]
fn a_truncated_file_reports_the_line_where_it_stops() {
    let mut a = ann("a", 0);
    a.note = "one\ntwo\nthree".into();
    let text = render(&Sidecar::new(doc(), vec![a, ann("b", 9)]));
    // Cut inside the multi-line note: an unterminated string.
    let cut = text.find("two").unwrap();
    let e = error_of(&text[..cut]);
    assert_eq!(e.line, text[..cut].lines().count() + 1, "{e}");
    // Cut just after `start = `.
    let cut = text.rfind("start = ").unwrap() + "start = ".len();
    let e = error_of(&text[..cut]);
    assert_eq!(e.line, text[..cut].lines().count(), "{e}");
    // Cut at a line boundary that drops a required field.
    let cut = text.rfind("start = ").unwrap();
    let e = error_of(&text[..cut]);
    let header = text[..cut].rfind("[[annotation]]").unwrap();
    assert_eq!(e.line, text[..header].lines().count() + 1, "{e}");
    assert!(e.message.contains("no `start`"), "{e}");
}

#[test]
fn wrong_fields_report_their_line() {
    let cases = [
        ("[[annotation]]\nstart = 0\nend = 1\n", 8, "no `id`"),
        (
            "[[annotation]]\nid = \"a\"\nstart = -1\nend = 1\n",
            10,
            "negative",
        ),
        (
            "[[annotation]]\nid = \"a\"\nstart = 5\nend = 1\n",
            11,
            "before",
        ),
        (
            "[[annotation]]\nid = \"a\"\nstart = 0\nend = 1\nquote = 3\n",
            12,
            "string",
        ),
        (
            "[[annotation]]\nid = \"\"\nstart = 0\nend = 1\n",
            9,
            "empty",
        ),
        (
            "[[annotation]]\nid = \"a\"\nstart = 0\nend = 1\ncreated = 5\n",
            12,
            "time",
        ),
    ];
    for (tail, line, what) in cases {
        let e = error_of(&format!("{HEAD}\n{tail}"));
        assert_eq!(e.line, line, "{tail}: {e}");
        assert!(e.message.contains(what), "{tail}: {e}");
    }
    let e = error_of(&format!("\nannotation = 3\n{HEAD}"));
    assert_eq!(e.line, 2, "{e}");
    assert!(e.message.contains("array of tables"), "{e}");
    let e = error_of("version = 1\n\n[document]\nfile = \"x\"\nhash = \"h\"\n");
    assert_eq!(
        (e.line, e.message.as_str()),
        (3, "no `chars` in [document]")
    );
    let e = error_of("version = 1\n");
    assert!(e.message.contains("[document]"), "{e}");
}

#[test]
fn duplicate_ids_in_a_file_are_merged() {
    let old = ann("a", 1);
    let mut new = ann("a", 1);
    new.updated = "2030-01-01T00:00:00.000Z".into();
    new.note = "newer".into();
    let text = format!(
        "{}{}",
        render(&Sidecar::new(doc(), vec![new.clone(), ann("c", 3)])),
        render(&Sidecar::new(doc(), vec![old, ann("b", 2)]))
            .split_once("[[annotation]]")
            .map(|(_, rest)| format!("[[annotation]]{rest}"))
            .unwrap()
    );
    let s = parse(&text).unwrap();
    assert_eq!(ids(&s.annotations), ["a", "b", "c"]);
    assert_eq!(s.annotations[0], new);
}

// ------------------------------------------------------------- the store

struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().unwrap(),
        }
    }
    fn path(&self) -> &Path {
        self.tmp.path()
    }
    fn store(&self) -> Store {
        Store::beside(&self.path().join("essay.txt"))
    }
    /// Names in the directory that look like temporary files.
    fn leftovers(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp") || n.contains(".probe."))
            .collect();
        names.sort();
        names
    }
}

#[test]
fn where_sidecars_live() {
    assert_eq!(
        Store::beside(Path::new("/a/b/essay.txt")).path(),
        Path::new("/a/b/essay.txt.annotty.toml")
    );
    assert_eq!(
        Store::beside(Path::new("essay.txt")).path(),
        Path::new("essay.txt.annotty.toml")
    );
    assert_eq!(
        Store::in_dir(Path::new("/notes"), "essay.txt").path(),
        Path::new("/notes/essay.txt.annotty.toml")
    );
    assert_eq!(
        Store::in_dir(Path::new("/notes"), "../x").path(),
        Path::new("/notes/.._x.annotty.toml")
    );
    assert_eq!(
        Store::for_hash(Path::new("/data"), "abc").path(),
        Path::new("/data/sidecars/abc.annotty.toml")
    );
    let s = Store::beside(Path::new("/a/essay.txt"));
    assert_eq!(s.backup_path(), Path::new("/a/essay.txt.annotty.toml.bak"));
    assert_eq!(s.lock_path(), Path::new("/a/essay.txt.annotty.toml.lock"));
    // With a directory of its own: there, named after the sidecar and
    // keyed by its path.
    let s = s.keeping_files_in(Some(Path::new("/data")));
    let (bak, lock) = (s.backup_path(), s.lock_path());
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(bak.parent(), Some(Path::new("/data/backups")));
    assert_eq!(lock.parent(), Some(Path::new("/data/locks")));
    assert!(name(&bak).starts_with("essay.txt.annotty.toml.") && name(&bak).ends_with(".bak"));
    assert_eq!(name(&bak).len(), "essay.txt.annotty.toml.".len() + 16 + 4);
    assert_eq!(name(&lock).replace(".lock", ".bak"), name(&bak));
    let other = Store::beside(Path::new("/b/essay.txt")).keeping_files_in(Some(Path::new("/data")));
    assert_ne!(
        other.backup_path(),
        bak,
        "two folders' essays do not share one"
    );
}

/// The article's folder holds only its sidecar: the lock and the backup
/// are in the data directory, and what an older annotty left beside the
/// sidecar is removed by the first save.
#[test]
fn only_the_sidecar_is_left_beside_the_article() {
    let d = Dir::new();
    let data = d.path().join("data");
    let old = d.store();
    old.save(&doc(), &[ann("a", 1)]).unwrap();
    old.save(&doc(), &[ann("b", 2)]).unwrap();
    assert!(old.backup_path().exists() && old.lock_path().exists());
    let store = d.store().keeping_files_in(Some(&data));
    let v2 = std::fs::read(store.path()).unwrap();
    store.save(&doc(), &[ann("c", 3)]).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["data", "essay.txt.annotty.toml"]);
    assert_eq!(std::fs::read(store.backup_path()).unwrap(), v2);
    assert!(store.lock_path().exists());
    let v3 = std::fs::read(store.path()).unwrap();
    store.save(&doc(), &[ann("d", 4)]).unwrap();
    assert_eq!(std::fs::read(store.backup_path()).unwrap(), v3);
    assert_eq!(
        ids(&store.load().unwrap().unwrap().annotations),
        ["a", "b", "c", "d"]
    );
}

#[test]
fn saves_and_loads() {
    let d = Dir::new();
    let store = d.store();
    assert!(store.load().unwrap().is_none());
    assert!(store.modified().is_none());
    let mut a = ann("a", 1);
    a.note = "multi\nline".into();
    let merged = store.save(&doc(), &[ann("b", 2), a.clone()]).unwrap();
    assert_eq!(ids(&merged), ["a", "b"]);
    let loaded = store.load().unwrap().unwrap();
    assert_eq!(loaded.document, doc());
    assert_eq!(loaded.annotations, merged);
    assert_eq!(
        std::fs::read_to_string(store.path()).unwrap(),
        render(&loaded)
    );
    assert!(store.modified().is_some());
    assert!(!store.backup_path().exists(), "nothing to back up yet");
    assert!(d.leftovers().is_empty(), "{:?}", d.leftovers());
}

#[test]
fn every_save_by_anyone_changes_the_stamp() {
    let d = Dir::new();
    let mine = d.store();
    let theirs = d.store();
    assert_eq!(mine.stamp(), None);
    mine.save(&doc(), &[ann("a", 0)]).unwrap();
    let mut seen = mine.stamp().unwrap();
    for i in 1..30 {
        // Quick saves, most within the same clock tick.
        theirs.save(&doc(), &[ann(&format!("b{i:02}"), i)]).unwrap();
        let now = mine.stamp().unwrap();
        assert_ne!(now, seen, "save {i} went unnoticed");
        seen = now;
    }
    // A save that changes nothing keeps the stamp.
    theirs.save(&doc(), &[ann("a", 0)]).unwrap();
    assert_eq!(mine.stamp(), Some(seen));
}

#[test]
fn a_store_knows_when_another_saved() {
    let d = Dir::new();
    let mine = d.store();
    let theirs = d.store();
    assert!(!mine.changed_elsewhere(), "no file, none seen");
    mine.save(&doc(), &[ann("a", 0)]).unwrap();
    assert!(!mine.changed_elsewhere(), "our own save");
    for i in 0..20 {
        theirs.save(&doc(), &[ann(&format!("b{i:02}"), i)]).unwrap();
        assert!(mine.changed_elsewhere(), "their save {i}");
        assert!(!theirs.changed_elsewhere());
        mine.load().unwrap();
        assert!(!mine.changed_elsewhere(), "seen by the load");
        // Their save right after ours, within the same tick.
        mine.save(&doc(), &[ann(&format!("c{i:02}"), i)]).unwrap();
        theirs.save(&doc(), &[ann(&format!("d{i:02}"), i)]).unwrap();
        assert!(mine.changed_elsewhere(), "their save {i} right after ours");
        let merged = mine.save(&doc(), &[]).unwrap();
        assert!(!mine.changed_elsewhere(), "merged by our save");
        assert!(merged.iter().any(|a| a.id == format!("d{i:02}")));
    }
    // A save that changes nothing is still a version we saw.
    mine.save(&doc(), &[]).unwrap();
    assert!(!mine.changed_elsewhere());
    std::fs::remove_file(mine.path()).unwrap();
    assert!(mine.changed_elsewhere(), "removed");
}

#[test]
fn load_errors_name_the_path_and_line() {
    let d = Dir::new();
    let store = d.store();
    std::fs::write(store.path(), "version = 1\n\n[document\n").unwrap();
    let e = store.load().unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!("{}:3: ", store.path().display())),
        "{shown}"
    );
    assert!(matches!(e, LoadError::Format { ref error, .. } if error.line == 3));
    std::fs::remove_file(store.path()).unwrap();
    std::fs::create_dir(store.path()).unwrap();
    let e = store.load().unwrap_err();
    assert!(matches!(e, LoadError::Io { .. }), "{e}");
    assert!(e.to_string().contains(&*store.path().to_string_lossy()));
}

#[test]
fn unknown_fields_survive_load_and_save() {
    let d = Dir::new();
    let store = d.store();
    std::fs::write(store.path(), FROM_THE_FUTURE).unwrap();
    let before = store.load().unwrap().unwrap();
    let merged = store.save(&doc(), &[ann("b", 2)]).unwrap();
    assert_eq!(ids(&merged), ["a1", "b"]);
    let after = store.load().unwrap().unwrap();
    assert_eq!(after.extra(), before.extra());
    assert_eq!(after.document_extra(), before.document_extra());
    assert_eq!(after.annotations[0], before.annotations[0]);
    assert_eq!(
        after.annotations[0].extra["color"].as_str(),
        Some("#ff0000")
    );
    assert_eq!(after.document, doc());
    // And once more through a save of the loaded annotations.
    store.save(&doc(), &after.annotations).unwrap();
    assert_eq!(store.load().unwrap().unwrap(), after);
}

fn assert_corrupt_file_is_left_alone(bytes: &[u8], line: usize) {
    let d = Dir::new();
    let store = d.store();
    std::fs::write(store.path(), bytes).unwrap();
    let e = store.save(&doc(), &[ann("a", 1)]).unwrap_err();
    match &e {
        SaveError::Corrupt { path, error } => {
            assert_eq!(path, store.path());
            assert_eq!(error.line, line, "{e}");
        }
        other => panic!("{other}"),
    }
    assert!(e.to_string().contains(&*store.path().to_string_lossy()));
    assert_eq!(std::fs::read(store.path()).unwrap(), bytes);
    assert!(!store.backup_path().exists());
    assert!(d.leftovers().is_empty(), "{:?}", d.leftovers());
}

#[test]
fn a_corrupt_sidecar_is_never_overwritten() {
    assert_corrupt_file_is_left_alone(b"version = 1\n[document]\nfile = \"x\"\nchars = \n", 4);
    assert_corrupt_file_is_left_alone(
        b"# newer\nversion = 2\n[document]\nfile = \"x\"\nchars = 1\nhash = \"h\"\n",
        2,
    );
    assert_corrupt_file_is_left_alone(b"version = 1\n\xff\xfe", 2);
    let mut valid = render(&Sidecar::new(doc(), vec![ann("x", 0)])).into_bytes();
    valid.truncate(valid.len() - 20);
    let lines = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    assert_corrupt_file_is_left_alone(&valid, lines);
}

#[test]
fn saves_merge_with_what_is_on_disk() {
    let d = Dir::new();
    let one = d.store();
    let two = d.store();
    one.save(&doc(), &[ann("a", 1)]).unwrap();
    let merged = two.save(&doc(), &[ann("b", 2)]).unwrap();
    assert_eq!(
        ids(&merged),
        ["a", "b"],
        "the other's annotation comes back"
    );
    let merged = one.save(&doc(), &[ann("a", 1), ann("c", 3)]).unwrap();
    assert_eq!(ids(&merged), ["a", "b", "c"]);
    assert_eq!(
        ids(&one.load().unwrap().unwrap().annotations),
        ["a", "b", "c"]
    );
}

#[test]
fn a_tombstone_is_not_resurrected_by_an_older_copy() {
    let d = Dir::new();
    let store = d.store();
    let x = ann("x", 1);
    store.save(&doc(), std::slice::from_ref(&x)).unwrap();
    // Process B loaded x and keeps an old copy.
    let b_copy = store.load().unwrap().unwrap().annotations;
    // Process A deletes x.
    let mut dead = x.clone();
    dead.deleted = Some("2026-11-29T00:00:00.000Z".into());
    store.save(&doc(), &[dead.clone()]).unwrap();
    // B saves its old copy plus something new.
    let mut theirs = b_copy;
    theirs.push(ann("y", 2));
    let merged = store.save(&doc(), &theirs).unwrap();
    assert_eq!(merged, vec![dead.clone(), ann("y", 2)]);
    let on_disk = store.load().unwrap().unwrap().annotations;
    assert_eq!(on_disk[0].deleted, dead.deleted);
    assert!(on_disk[1].is_live());
}

#[test]
fn the_backup_holds_the_previous_version() {
    let d = Dir::new();
    let store = d.store();
    store.save(&doc(), &[ann("a", 1)]).unwrap();
    let v1 = std::fs::read(store.path()).unwrap();
    store.save(&doc(), &[ann("b", 2)]).unwrap();
    let v2 = std::fs::read(store.path()).unwrap();
    assert_eq!(std::fs::read(store.backup_path()).unwrap(), v1);
    store.save(&doc(), &[ann("c", 3)]).unwrap();
    assert_eq!(std::fs::read(store.backup_path()).unwrap(), v2);
    assert!(parse_bytes(&v2).is_ok());
}

#[test]
fn a_save_that_changes_nothing_writes_nothing() {
    let d = Dir::new();
    let store = d.store();
    store.save(&doc(), &[ann("a", 1)]).unwrap();
    store.save(&doc(), &[ann("b", 2)]).unwrap();
    let inode = std::fs::metadata(store.path()).unwrap().ino();
    let bak = std::fs::read(store.backup_path()).unwrap();
    let merged = store.save(&doc(), &[ann("a", 1)]).unwrap();
    assert_eq!(ids(&merged), ["a", "b"]);
    assert_eq!(std::fs::metadata(store.path()).unwrap().ino(), inode);
    assert_eq!(std::fs::read(store.backup_path()).unwrap(), bak);
}

#[test]
fn permission_bits_are_kept() {
    let d = Dir::new();
    let store = d.store();
    store.save(&doc(), &[ann("a", 1)]).unwrap();
    std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
    store.save(&doc(), &[ann("b", 2)]).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(store.path()), 0o600);
    assert_eq!(
        mode(&store.backup_path()),
        0o600,
        "the backup is as private"
    );
    std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o640)).unwrap();
    store.save(&doc(), &[ann("c", 3)]).unwrap();
    assert_eq!(mode(store.path()), 0o640);
}

#[test]
fn a_symlinked_sidecar_is_written_through() {
    let d = Dir::new();
    let elsewhere = d.path().join("synced");
    std::fs::create_dir(&elsewhere).unwrap();
    let target = elsewhere.join("essay.annotations.toml");
    let store = d.store();
    std::os::unix::fs::symlink("synced/essay.annotations.toml", store.path()).unwrap();
    // The link dangles: the first save creates its target.
    store.save(&doc(), &[ann("a", 1)]).unwrap();
    let is_link = |p: &Path| {
        std::fs::symlink_metadata(p)
            .unwrap()
            .file_type()
            .is_symlink()
    };
    assert!(is_link(store.path()));
    let v1 = std::fs::read(&target).unwrap();
    store.save(&doc(), &[ann("b", 2)]).unwrap();
    assert!(is_link(store.path()), "the link stays a link");
    assert_eq!(
        ids(&parse_bytes(&std::fs::read(&target).unwrap())
            .unwrap()
            .annotations),
        ["a", "b"]
    );
    assert_eq!(
        store.backup_path(),
        elsewhere.join("essay.annotations.toml.bak")
    );
    assert_eq!(std::fs::read(store.backup_path()).unwrap(), v1);
    assert_eq!(ids(&store.load().unwrap().unwrap().annotations), ["a", "b"]);
    assert!(d.leftovers().is_empty());
    let in_target_dir: Vec<_> = std::fs::read_dir(&elsewhere)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(in_target_dir.is_empty(), "{in_target_dir:?}");
}

/// A save replaces the sidecar by renaming a new file over it, so it
/// replaces this name only: another hard link to the old file keeps the
/// previous version, whole (documented in the README).
#[test]
fn a_hard_linked_sidecar_is_replaced_under_its_own_name_only() {
    let d = Dir::new();
    let store = d.store();
    store.save(&doc(), &[ann("a", 1)]).unwrap();
    let v1 = std::fs::read(store.path()).unwrap();
    let other = d.path().join("elsewhere.toml");
    std::fs::hard_link(store.path(), &other).unwrap();
    store.save(&doc(), &[ann("a", 1), ann("b", 2)]).unwrap();
    assert_eq!(ids(&store.load().unwrap().unwrap().annotations), ["a", "b"]);
    assert_eq!(
        std::fs::read(&other).unwrap(),
        v1,
        "the other name is as it was"
    );
    assert_eq!(std::fs::read(store.backup_path()).unwrap(), v1);
    assert_eq!(std::fs::metadata(store.path()).unwrap().nlink(), 1);
    assert!(d.leftovers().is_empty(), "{:?}", d.leftovers());
}

#[test]
fn a_stale_temporary_file_is_replaced() {
    let d = Dir::new();
    let store = d.store();
    store.save(&doc(), &[ann("a", 1)]).unwrap();
    // What a save killed half-way leaves behind.
    let stale = d.path().join(".essay.txt.annotty.toml.tmp");
    std::fs::write(&stale, "half a fi").unwrap();
    std::fs::write(d.path().join(".essay.txt.annotty.toml.bak.tmp"), "x").unwrap();
    store.save(&doc(), &[ann("b", 2)]).unwrap();
    assert!(d.leftovers().is_empty(), "{:?}", d.leftovers());
    assert_eq!(ids(&store.load().unwrap().unwrap().annotations), ["a", "b"]);
}

#[test]
fn a_save_waits_for_the_lock() {
    let d = Dir::new();
    let store = d.store();
    store.save(&doc(), &[ann("a", 1)]).unwrap();
    let held = RealFs.lock(&store.lock_path()).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let s2 = store.clone();
    let t = std::thread::spawn(move || {
        let r = s2.save(&doc(), &[ann("b", 2)]);
        tx.send(()).unwrap();
        r
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(rx.try_recv().is_err(), "saved while another held the lock");
    assert_eq!(ids(&store.load().unwrap().unwrap().annotations), ["a"]);
    drop(held);
    let merged = t.join().unwrap().unwrap();
    assert_eq!(ids(&merged), ["a", "b"]);
}

#[test]
fn writable_tells_where_files_can_be_made() {
    let d = Dir::new();
    assert!(d.store().writable());
    assert!(d.leftovers().is_empty(), "the probe is removed");
    // /proc and /sys refuse new files even to root.
    assert!(!Store::beside(Path::new("/proc/essay.txt")).writable());
    assert!(!Store::beside(Path::new("/sys/essay.txt")).writable());
    assert!(!Store::in_dir(Path::new("/proc/annotty-notes"), "essay.txt").writable());
    assert!(!Store::for_hash(Path::new("/sys/annotty"), "abc").writable());
    assert!(!Store::beside(Path::new("/no/such/dir/essay.txt")).writable());
    // The data directory is made on demand.
    let data = d.path().join("data");
    let s = Store::for_hash(&data, "abc");
    assert!(s.writable());
    assert!(data.join("sidecars").is_dir());
    let notes = d.path().join("notes");
    let s = Store::in_dir(&notes, "essay.txt");
    s.save(&doc(), &[ann("a", 1)]).unwrap();
    assert!(notes.join("essay.txt.annotty.toml").is_file());
}

#[test]
fn saving_where_nothing_can_be_written_fails_cleanly() {
    let e = Store::beside(Path::new("/proc/essay.txt"))
        .save(&doc(), &[ann("a", 1)])
        .unwrap_err();
    assert!(
        matches!(
            e,
            SaveError::Io {
                step: Step::Lock,
                ..
            }
        ),
        "{e}"
    );
    assert!(
        e.to_string().contains("/proc/essay.txt.annotty.toml.lock"),
        "{e}"
    );
}

// ------------------------------------------------------ fault injection

mod faults;

proptest! {
    #[test]
    fn the_fast_merge_is_the_merge(
        ours in proptest::collection::vec(version_strategy(), 0..12),
        theirs in proptest::collection::vec(version_strategy(), 0..12),
        sort in any::<bool>(),
    ) {
        let (ours, theirs) = if sort {
            (annotation::merge(&ours, &[]), annotation::merge(&theirs, &[]))
        } else {
            (ours, theirs)
        };
        prop_assert_eq!(super::merge(&ours, &theirs), annotation::merge(&ours, &theirs));
        prop_assert_eq!(super::merge(&theirs, &ours), annotation::merge(&ours, &theirs));
    }
}

/// A few ids in a few versions each, often equal.
fn version_strategy() -> impl Strategy<Value = Annotation> {
    (0..6u8, 0..3u8, 0..3u8, any::<bool>()).prop_map(|(id, updated, note, deleted)| {
        let mut a = ann(&format!("id{id}"), u64::from(id));
        a.updated = format!("2026-01-0{}T00:00:00.000Z", updated + 1);
        a.note = ["", "x", "y"][usize::from(note)].into();
        if deleted {
            a.deleted = Some("2026-01-02T00:00:00.000Z".into());
        }
        a
    })
}

/// `state`, `score` and `draft` are typed fields of an annotation, written
/// where they were written when they were kept among the unknown fields
/// (in sorted key order with them), so the file is byte for byte what an
/// earlier version wrote; a `state` of a newer version stays as it was.
#[test]
fn state_score_and_draft_are_typed_and_written_as_before() {
    let mut a = ann("a", 0);
    a.state = crate::annotation::State::Fuzzy;
    a.score = Some(0.88);
    a.draft = Some("half a thought".into());
    a.extra.insert("color".into(), Value::String("red".into()));
    a.extra.insert("zzz".into(), Value::Integer(1));
    let text = render(&Sidecar::new(doc(), vec![a.clone()]));
    assert!(
        text.ends_with(
            "color = \"red\"\ndraft = \"half a thought\"\nscore = 0.88\nstate = \"fuzzy\"\nzzz = 1\n"
        ),
        "{text}"
    );
    let back = parse(&text).unwrap().annotations.remove(0);
    assert_eq!(back, a);
    assert_eq!(back.extra.len(), 2, "only the unknown fields in extra");

    let newer = text.replace("state = \"fuzzy\"", "state = \"mended\"");
    let b = parse(&newer).unwrap().annotations.remove(0);
    assert_eq!(b.state, crate::annotation::State::Placed);
    assert_eq!(b.extra["state"].as_str(), Some("mended"));
    assert_eq!(render(&parse(&newer).unwrap()), newer, "kept as it was");
}

// ------------------------------------------------ merging whole sidecars

/// A sidecar as one history may leave it: a few ids in a few versions,
/// one of three documents, maybe an origin, a snapshot's title, an unknown
/// top-level and `[document]` entry.
fn sidecar_strategy() -> impl Strategy<Value = Sidecar> {
    (
        proptest::collection::vec(version_strategy(), 0..8),
        0..3u8,
        proptest::option::of(0..3i64),
        proptest::option::of(0..3i64),
        proptest::option::of(0..3u8),
        proptest::option::of(0..3u8),
        proptest::collection::vec((0..3u8, 0..3u8), 0..4),
    )
        .prop_map(
            |(versions, which, extra, doc_extra, origin, title, marks)| {
                let mut d = doc();
                d.origin = origin.map(|o| format!("https://example.org/{o}"));
                d.about.title = title.map(|t| format!("Snapshot {t}"));
                // Two snapshots of one page saved on different days.
                d.about.saved = title.map(|t| format!("2026-12-0{}T08:00:00.000Z", 1 + t % 2));
                d.hash = ["ab", "cd", "ef"][usize::from(which)].repeat(32);
                d.chars += u64::from(which);
                let mut s = Sidecar::new(d, annotation::merge(&versions, &[]));
                if let Some(v) = extra {
                    s.extra.insert("sync".into(), Value::Integer(v));
                }
                if let Some(v) = doc_extra {
                    s.document_extra.insert("source".into(), Value::Integer(v));
                }
                // Bookmarks A–C, set at one of three times (some sidecars have
                // the same one, some set it again).
                let marks: Vec<crate::bookmark::Bookmark> = marks
                    .into_iter()
                    .map(|(name, when)| crate::bookmark::Bookmark {
                        name: char::from(b'A' + name),
                        at: CharPos(u64::from(when)),
                        prefix: String::new(),
                        suffix: String::new(),
                        created: format!("2026-12-0{}T08:00:00.000Z", 1 + when),
                    })
                    .collect();
                if !marks.is_empty() {
                    s.extra.insert(
                        crate::bookmark::KEY.into(),
                        crate::bookmark::to_value(&crate::bookmark::merge(&marks, &[])),
                    );
                }
                s
            },
        )
}

proptest! {
    /// The merge of git's driver and of conflict copies: any order, any
    /// grouping, any repetition gives the same file, and every id of every
    /// side is in it.
    #[test]
    fn merging_sidecars_is_commutative_associative_and_idempotent(
        a in sidecar_strategy(),
        b in sidecar_strategy(),
        c in sidecar_strategy(),
    ) {
        let m = |x: &Sidecar, y: &Sidecar| merge_sidecars(x, y);
        let ab = m(&a, &b);
        prop_assert_eq!(render(&ab), render(&m(&b, &a)));
        prop_assert_eq!(render(&m(&ab, &c)), render(&m(&a, &m(&b, &c))));
        prop_assert_eq!(render(&m(&ab, &ab)), render(&ab));
        prop_assert_eq!(render(&m(&ab, &a)), render(&ab));
        for x in a.annotations.iter().chain(&b.annotations) {
            prop_assert!(ab.annotations.iter().any(|y| y.id == x.id));
        }
        // Every bookmark name of either side, the one set last.
        let names = |s: &Sidecar| s.bookmarks().iter().map(|b| b.name).collect::<Vec<_>>();
        let mut both = [names(&a), names(&b)].concat();
        both.sort_unstable();
        both.dedup();
        prop_assert_eq!(names(&ab), both);
        for x in a.bookmarks().iter().chain(&b.bookmarks()) {
            let kept = ab.bookmarks().into_iter().find(|y| y.name == x.name).unwrap();
            prop_assert!(kept.created >= x.created);
        }
        // The driver's text merge is the same merge of the parsed files.
        let (ta, tb) = (render(&a), render(&b));
        prop_assert_eq!(merge_texts(ta.as_bytes(), tb.as_bytes()).unwrap(), render(&ab));
    }
}

#[test]
fn merging_keeps_the_newest_version_the_tombstone_and_unknown_fields() {
    let mut old = ann("a", 1);
    old.note = "old".into();
    let mut new = ann("a", 1);
    new.note = "new".into();
    new.updated = "2026-12-01T00:00:00.000Z".into();
    let mut gone = ann("b", 2);
    gone.deleted = Some("2026-12-02T00:00:00.000Z".into());
    let mut x = Sidecar::new(doc(), vec![old, ann("b", 2)]);
    x.extra.insert("mine".into(), Value::Integer(1));
    let mut y = Sidecar::new(doc(), vec![new, gone.clone(), ann("c", 3)]);
    y.document_extra
        .insert("theirs".into(), Value::String("kept".into()));
    let m = merge_sidecars(&x, &y);
    assert_eq!(ids(&m.annotations), ["a", "b", "c"]);
    assert_eq!(m.annotations[0].note, "new");
    assert_eq!(m.annotations[1], gone);
    assert_eq!(m.extra()["mine"], Value::Integer(1));
    assert_eq!(m.document_extra()["theirs"].as_str(), Some("kept"));
    let e = merge_texts(b"version = 1\n", render(&x).as_bytes()).unwrap_err();
    assert_eq!(e.side, 0);
    let e = merge_texts(render(&x).as_bytes(), b"garbage [").unwrap_err();
    assert_eq!((e.side, e.error.line), (1, 1));
}

#[test]
fn merging_keeps_what_the_newest_snapshot_says_of_itself() {
    let about = |title: &str, saved: &str| crate::store::About {
        title: Some(title.into()),
        saved: Some(saved.into()),
        ..Default::default()
    };
    let mut snapshot = doc();
    snapshot.about = about("Ledger", "2026-12-01T08:00:00.000Z");
    // The side changed last (its note is newer) records nothing of the
    // snapshot: what the other records stays.
    let mut newer_note = ann("b", 2);
    newer_note.updated = "2026-12-03T00:00:00.000Z".into();
    let plain = Sidecar::new(doc(), vec![newer_note]);
    let recorded = Sidecar::new(snapshot.clone(), vec![ann("a", 1)]);
    for m in [
        merge_sidecars(&plain, &recorded),
        merge_sidecars(&recorded, &plain),
    ] {
        assert_eq!(m.document.about, snapshot.about);
        assert_eq!(ids(&m.annotations), ["a", "b"]);
    }
    // Of two, the one saved last, whichever side's notes changed last.
    let mut again = doc();
    again.about = about("The Ledger", "2026-12-02T08:00:00.000Z");
    let refreshed = Sidecar::new(again.clone(), vec![ann("a", 1)]);
    let stale = Sidecar::new(snapshot, vec![ann("b", 2)]);
    assert_eq!(
        merge_sidecars(&stale, &refreshed).document.about,
        again.about
    );
    assert_eq!(
        merge_sidecars(&refreshed, &stale).document.about,
        again.about
    );
}

#[test]
fn a_recorded_origin_is_read_and_never_dropped_by_a_save() {
    let d = Dir::new();
    let store = d.store();
    let origin = "https://example.org/texts/essay.txt";
    // Someone records where the article came from, by hand.
    let by_hand = render(&Sidecar::new(doc(), vec![ann("a", 1)])).replace(
        "[document]\n",
        &format!("[document]\norigin = \"{origin}\"\n"),
    );
    std::fs::write(store.path(), by_hand).unwrap();
    let read = store.load().unwrap().unwrap();
    assert_eq!(read.document.origin.as_deref(), Some(origin));
    assert!(read.document_extra().is_empty(), "a known field");

    // A save that knows no origin (the reader's) keeps it, and so does one
    // that names another.
    store.save(&doc(), &[ann("b", 2)]).unwrap();
    let text = std::fs::read_to_string(store.path()).unwrap();
    let line = format!("hash = \"{}\"\norigin = \"{origin}\"\n", doc().hash);
    assert!(text.contains(&line), "{text}");
    let other = DocInfo {
        origin: Some("https://example.org/elsewhere".into()),
        ..doc()
    };
    store.save(&other, &[ann("c", 3)]).unwrap();
    let after = store.load().unwrap().unwrap();
    assert_eq!(after.document.origin.as_deref(), Some(origin));
    assert_eq!(ids(&after.annotations), ["a", "b", "c"]);

    // A new sidecar takes the origin it is given.
    std::fs::remove_file(store.path()).unwrap();
    store.save(&other, &[ann("a", 1)]).unwrap();
    assert_eq!(store.load().unwrap().unwrap().document, other);
}

#[test]
fn a_snapshots_title_and_the_rest_are_written_read_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::beside(&dir.path().join("ledger.md"));
    let snapshot = DocInfo {
        origin: Some("https://example.org/ledger".into()),
        about: crate::store::About {
            title: Some("The Lamplighter’s Ledger".into()),
            author: Some("Ann Example".into()),
            site: Some("example.org".into()),
            published: Some("2026-10-02".into()),
            saved: Some("2026-12-05T08:00:00.000Z".into()),
            converter: Some("annotty 0.1.0 (dom_smoothie 0.19)".into()),
        },
        ..doc()
    };
    // A sidecar written before these were recorded reads, and a load does
    // not change it on disk.
    let old = render(&Sidecar::new(doc(), vec![ann("a", 1)]));
    assert!(!old.contains("title"), "{old}");
    std::fs::write(store.path(), &old).unwrap();
    let read = store.load().unwrap().unwrap();
    assert!(read.document.about.is_empty());
    assert_eq!(std::fs::read_to_string(store.path()).unwrap(), old);

    store.save(&snapshot, &[ann("a", 1)]).unwrap();
    let text = std::fs::read_to_string(store.path()).unwrap();
    assert!(
        text.contains(
            "origin = \"https://example.org/ledger\"\ntitle = \"The Lamplighter’s Ledger\"\n\
             author = \"Ann Example\"\nsite = \"example.org\"\npublished = \"2026-10-02\"\n\
             saved = \"2026-12-05T08:00:00.000Z\"\n\
             converter = \"annotty 0.1.0 (dom_smoothie 0.19)\"\n"
        ),
        "{text}"
    );
    let read = store.load().unwrap().unwrap();
    assert_eq!(read.document, snapshot);
    assert!(read.document_extra().is_empty(), "known fields");

    // A save that knows nothing of the snapshot keeps what is recorded; one
    // made from the snapshot as it is now (added again) replaces it.
    store.save(&doc(), &[ann("b", 2)]).unwrap();
    assert_eq!(
        store.load().unwrap().unwrap().document.about,
        snapshot.about
    );
    let mut refreshed = snapshot.clone();
    refreshed.about.saved = Some("2026-12-06T09:00:00.000Z".into());
    store.save(&refreshed, &[ann("c", 3)]).unwrap();
    assert_eq!(store.load().unwrap().unwrap().document, refreshed);
}
