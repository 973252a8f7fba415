//! Golden tests of every export format on a small article in the seeds'
//! style (curly quotes, em dashes, a CJK word, one CRLF line) whose notes
//! hold newlines, quotes, tabs, emoji and control characters: whole
//! outputs compared with the expected text. Also the filters, the ways of
//! naming articles, and the library API the reader uses.

mod export_common;

use annotty::export::{self, Article, Format, Options, Orphans};
use export_common::*;
use std::path::Path;

const GREP: &str = "\
essay.txt:3:48: [highlight] Marisol Okafor — A key witness⏎— and the \"best\" line
essay.txt:4:54: [important] the books are the excuse. — tab here, emoji 📚, ESC␛[31m and BEL␇
essay.txt:4:72: [highlight] excuse.⏎In Japanese
essay.txt:5:25: [idea] 図書館
essay.txt:6:18: [quote, fuzzy] lend out
essay.txt:6:30: [question, orphan] time — Where did this go?
";

/// rg's colours: magenta path, green line number; the tag in its colour
/// (the default tags: highlight yellow, important red, question blue,
/// idea green, quote magenta).
const GREP_COLOURED: &str = "\
\x1b[35messay.txt\x1b[0m:\x1b[32m3\x1b[0m:48: \x1b[33m[highlight]\x1b[0m Marisol Okafor — A key witness⏎— and the \"best\" line
\x1b[35messay.txt\x1b[0m:\x1b[32m4\x1b[0m:54: \x1b[31m[important]\x1b[0m the books are the excuse. — tab here, emoji 📚, ESC␛[31m and BEL␇
\x1b[35messay.txt\x1b[0m:\x1b[32m4\x1b[0m:72: \x1b[33m[highlight]\x1b[0m excuse.⏎In Japanese
\x1b[35messay.txt\x1b[0m:\x1b[32m5\x1b[0m:25: \x1b[32m[idea]\x1b[0m 図書館
\x1b[35messay.txt\x1b[0m:\x1b[32m6\x1b[0m:18: \x1b[35m[quote, fuzzy]\x1b[0m lend out
\x1b[35messay.txt\x1b[0m:\x1b[32m6\x1b[0m:30: \x1b[34m[question, orphan]\x1b[0m time — Where did this go?
";

const MARKDOWN: &str = "\
# The Night Library

> Marisol Okafor

#highlight

A key witness  
— and the \"best\" line

`essay.txt:3:48`

> the books are the excuse.

#important

tab\there, emoji 📚, ESC␛[31m and BEL␇

`essay.txt:4:54`

> excuse.
> In Japanese

#highlight

`essay.txt:4:72`

> 図書館

#idea

`essay.txt:5:25`

> lend out

#quote · *fuzzy*

`essay.txt:6:18`

> time

#question · *orphan*

Where did this go?

`essay.txt:6:30`
";

const JSON: &str = r#"{
  "@context": "http://www.w3.org/ns/anno.jsonld",
  "id": "urn:uuid:7b459bd5-2799-817d-b421-bbdb6602cf27",
  "type": "AnnotationCollection",
  "label": "The Night Library",
  "total": 6,
  "first": {
    "id": "urn:uuid:0f41b07a-8d8b-84b4-bf70-a5d1107cafbd",
    "type": "AnnotationPage",
    "partOf": "urn:uuid:7b459bd5-2799-817d-b421-bbdb6602cf27",
    "startIndex": 0,
    "items": [
      {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:01900000-0000-7000-8000-000000000001",
        "type": "Annotation",
        "motivation": "commenting",
        "created": "2026-11-28T22:12:40.792Z",
        "modified": "2026-11-28T22:14:03.005Z",
        "generator": {
          "id": "urn:annotty:software:0.1.0",
          "type": "Software",
          "name": "annotty 0.1.0"
        },
        "body": [
          {
            "type": "TextualBody",
            "value": "A key witness\n— and the \"best\" line",
            "format": "text/plain",
            "purpose": "commenting"
          },
          {
            "type": "TextualBody",
            "value": "highlight",
            "format": "text/plain",
            "purpose": "tagging"
          }
        ],
        "target": {
          "type": "SpecificResource",
          "source": "file:///DIR/essay.txt",
          "format": "text/plain",
          "annotty:path": "essay.txt",
          "selector": [
            {
              "type": "TextQuoteSelector",
              "exact": "Marisol Okafor",
              "prefix": "nk the library is about books,” ",
              "suffix": " told me.\nShe has worked the eve"
            },
            {
              "type": "TextPositionSelector",
              "start": 62,
              "end": 76
            }
          ]
        }
      },
      {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:01900000-0000-7000-8000-000000000002",
        "type": "Annotation",
        "motivation": "commenting",
        "created": "2026-11-28T22:12:40.792Z",
        "modified": "2026-11-28T22:14:03.005Z",
        "generator": {
          "id": "urn:annotty:software:0.1.0",
          "type": "Software",
          "name": "annotty 0.1.0"
        },
        "body": [
          {
            "type": "TextualBody",
            "value": "tab\there, emoji 📚, ESC\u001b[31m and BEL\u0007",
            "format": "text/plain",
            "purpose": "commenting"
          },
          {
            "type": "TextualBody",
            "value": "important",
            "format": "text/plain",
            "purpose": "tagging"
          }
        ],
        "target": {
          "type": "SpecificResource",
          "source": "file:///DIR/essay.txt",
          "format": "text/plain",
          "annotty:path": "essay.txt",
          "selector": [
            {
              "type": "TextQuoteSelector",
              "exact": "the books are the excuse.",
              "prefix": "evening desk for eleven years — ",
              "suffix": "\nIn Japanese the word is 図書館, a "
            },
            {
              "type": "TextPositionSelector",
              "start": 137,
              "end": 162
            }
          ]
        }
      },
      {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:01900000-0000-7000-8000-000000000006",
        "type": "Annotation",
        "motivation": "highlighting",
        "created": "2026-11-28T22:12:40.792Z",
        "modified": "2026-11-28T22:14:03.005Z",
        "generator": {
          "id": "urn:annotty:software:0.1.0",
          "type": "Software",
          "name": "annotty 0.1.0"
        },
        "body": [
          {
            "type": "TextualBody",
            "value": "highlight",
            "format": "text/plain",
            "purpose": "tagging"
          }
        ],
        "target": {
          "type": "SpecificResource",
          "source": "file:///DIR/essay.txt",
          "format": "text/plain",
          "annotty:path": "essay.txt",
          "selector": [
            {
              "type": "TextQuoteSelector",
              "exact": "excuse.\nIn Japanese",
              "prefix": "leven years — the books are the ",
              "suffix": " the word is 図書館, a hall of book"
            },
            {
              "type": "TextPositionSelector",
              "start": 155,
              "end": 174
            }
          ]
        }
      },
      {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:01900000-0000-7000-8000-000000000003",
        "type": "Annotation",
        "motivation": "highlighting",
        "created": "2026-11-28T22:12:40.792Z",
        "modified": "2026-11-28T22:14:03.005Z",
        "generator": {
          "id": "urn:annotty:software:0.1.0",
          "type": "Software",
          "name": "annotty 0.1.0"
        },
        "body": [
          {
            "type": "TextualBody",
            "value": "idea",
            "format": "text/plain",
            "purpose": "tagging"
          }
        ],
        "target": {
          "type": "SpecificResource",
          "source": "file:///DIR/essay.txt",
          "format": "text/plain",
          "annotty:path": "essay.txt",
          "selector": [
            {
              "type": "TextQuoteSelector",
              "exact": "図書館",
              "prefix": "excuse.\nIn Japanese the word is ",
              "suffix": ", a hall of books.\nWhat we actua"
            },
            {
              "type": "TextPositionSelector",
              "start": 187,
              "end": 190
            }
          ]
        }
      },
      {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:01900000-0000-7000-8000-000000000005",
        "type": "Annotation",
        "motivation": "highlighting",
        "created": "2026-11-28T22:12:40.792Z",
        "modified": "2026-11-28T22:14:03.005Z",
        "generator": {
          "id": "urn:annotty:software:0.1.0",
          "type": "Software",
          "name": "annotty 0.1.0"
        },
        "body": [
          {
            "type": "TextualBody",
            "value": "quote",
            "format": "text/plain",
            "purpose": "tagging"
          }
        ],
        "target": {
          "type": "SpecificResource",
          "source": "file:///DIR/essay.txt",
          "format": "text/plain",
          "annotty:path": "essay.txt",
          "selector": [
            {
              "type": "TextQuoteSelector",
              "exact": "lend out",
              "prefix": "hall of books.\nWhat we actually ",
              "suffix": " is time.\n"
            },
            {
              "type": "TextPositionSelector",
              "start": 226,
              "end": 234
            }
          ]
        },
        "annotty:state": "fuzzy"
      },
      {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:01900000-0000-7000-8000-000000000004",
        "type": "Annotation",
        "motivation": "commenting",
        "created": "2026-11-28T22:12:40.792Z",
        "modified": "2026-11-28T22:14:03.005Z",
        "generator": {
          "id": "urn:annotty:software:0.1.0",
          "type": "Software",
          "name": "annotty 0.1.0"
        },
        "body": [
          {
            "type": "TextualBody",
            "value": "Where did this go?",
            "format": "text/plain",
            "purpose": "commenting"
          },
          {
            "type": "TextualBody",
            "value": "question",
            "format": "text/plain",
            "purpose": "tagging"
          }
        ],
        "target": {
          "type": "SpecificResource",
          "source": "file:///DIR/essay.txt",
          "format": "text/plain",
          "annotty:path": "essay.txt",
          "selector": [
            {
              "type": "TextQuoteSelector",
              "exact": "time",
              "prefix": "s.\nWhat we actually lend out is ",
              "suffix": ".\n"
            },
            {
              "type": "TextPositionSelector",
              "start": 238,
              "end": 242
            }
          ]
        },
        "annotty:state": "orphan"
      }
    ]
  },
  "last": "urn:uuid:0f41b07a-8d8b-84b4-bf70-a5d1107cafbd"
}
"#;

fn export(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut c = annotty(dir);
    c.arg("export").args(args);
    run(c)
}

#[test]
fn golden_grep() {
    let dir = tempfile::tempdir().unwrap();
    golden(dir.path());
    assert_eq!(export(dir.path(), &[]), (0, GREP.into(), String::new()));
    assert_eq!(export(dir.path(), &["--format", "grep"]).1, GREP);
    assert_eq!(export(dir.path(), &["--color", "never"]).1, GREP);
    // `notes` is the same command.
    let mut c = annotty(dir.path());
    c.arg("notes");
    assert_eq!(run(c).1, GREP);
}

#[test]
fn golden_grep_in_colour() {
    let dir = tempfile::tempdir().unwrap();
    golden(dir.path());
    assert_eq!(export(dir.path(), &["--color", "always"]).1, GREP_COLOURED);
    // `always` is what the user asked for, NO_COLOR or not.
    let mut c = annotty(dir.path());
    c.args(["export", "--color=always"]).env("NO_COLOR", "1");
    assert_eq!(run(c).1, GREP_COLOURED);
    // Colours only colour the grep format.
    assert_eq!(
        export(dir.path(), &["-f", "markdown", "--color", "always"]).1,
        MARKDOWN
    );
}

#[test]
fn golden_markdown() {
    let dir = tempfile::tempdir().unwrap();
    golden(dir.path());
    assert_eq!(
        export(dir.path(), &["--format", "markdown"]),
        (0, MARKDOWN.into(), String::new())
    );
}

/// `json` with the `file://` URIs of articles in `dir` (where the export
/// ran) written as under `/DIR`, as [`JSON`] has them.
fn in_dir(json: &str, dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap();
    let dir = dir.to_str().unwrap();
    assert!(
        dir.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-._".contains(&b)),
        "a directory a URI holds as it is: {dir}"
    );
    json.replace(&format!("\"file://{dir}/"), "\"file:///DIR/")
}

#[test]
fn golden_json() {
    let dir = tempfile::tempdir().unwrap();
    golden(dir.path());
    let (code, out, err) = export(dir.path(), &["--format", "json"]);
    assert_eq!(
        (code, in_dir(&out, dir.path()), err),
        (0, JSON.into(), String::new())
    );
    // And it is JSON.
    let _: serde_json::Value = serde_json::from_str(JSON).unwrap();
}

#[test]
fn library_api_writes_what_the_command_writes() {
    let annotations = annotations();
    let article = Article {
        path: Path::new("essay.txt"),
        bytes: ARTICLE.as_bytes(),
        annotations: &annotations,
        origin: None,
    };
    for (format, expected) in [
        (Format::Grep, GREP),
        (Format::Markdown, MARKDOWN),
        (Format::Json, JSON),
    ] {
        let mut out = Vec::new();
        let n = export::export_to(&mut out, format, &[article], &Options::default()).unwrap();
        assert_eq!(n, 6, "{format:?}");
        let here = std::env::current_dir().unwrap();
        let out = in_dir(&String::from_utf8(out).unwrap(), &here);
        assert_eq!(out, expected, "{format:?}");
    }

    // What a reader's `:export FORMAT FILE` calls.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.md");
    let n = export::export_article("markdown", article, &annotations, &file);
    assert_eq!(n, Ok(6));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), MARKDOWN);
    let e = export::export_article("pdf", article, &annotations, &file);
    assert!(e.unwrap_err().contains("unknown format pdf"));
    // Nothing to export leaves the file alone (the article's own list is
    // not what is exported).
    let n = export::export_article("grep", article, &[], &file);
    assert_eq!(n, Ok(0));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), MARKDOWN);
}

fn lines_with(text: &str, words: &[&str]) -> String {
    text.lines()
        .filter(|l| words.iter().any(|w| l.contains(w)))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn tags_and_orphans_filter() {
    let dir = tempfile::tempdir().unwrap();
    golden(dir.path());
    let d = dir.path();
    assert_eq!(
        export(d, &["--tag", "highlight"]).1,
        lines_with(GREP, &["[highlight]"])
    );
    assert_eq!(
        export(d, &["-t", "idea", "--tag", "question"]).1,
        lines_with(GREP, &["[idea]", "[question"])
    );
    assert_eq!(export(d, &["--orphans"]).1, lines_with(GREP, &["orphan]"]));
    assert_eq!(
        export(d, &["--no-orphans"]).1,
        GREP.lines()
            .filter(|l| !l.contains("orphan]"))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    );
    assert_eq!(export(d, &["--orphans", "--tag", "idea"]).0, 1);
    let (code, _, err) = export(d, &["--orphans", "--no-orphans"]);
    assert_eq!(code, 2, "clap refuses both: {err}");

    // The same through the library.
    let annotations = annotations();
    let article = Article {
        path: Path::new("essay.txt"),
        bytes: ARTICLE.as_bytes(),
        annotations: &annotations,
        origin: None,
    };
    let opts = Options {
        orphans: Orphans::Exclude,
        tags: vec!["quote".into(), "question".into()],
        ..Options::default()
    };
    let mut out = Vec::new();
    let n = export::export_to(&mut out, Format::Grep, &[article], &opts).unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        lines_with(GREP, &["[quote, fuzzy]"])
    );
}

#[test]
fn articles_sidecars_and_directories_name_the_same_notes() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    golden(&sub);
    let d = dir.path();
    let as_path = |p: &str| GREP.replace("essay.txt:", &format!("{p}:"));
    // Paths are written as given or found: relative stays relative.
    assert_eq!(export(d, &[]).1, as_path("sub/essay.txt"));
    assert_eq!(export(d, &["sub"]).1, as_path("sub/essay.txt"));
    assert_eq!(export(d, &["./sub"]).1, as_path("./sub/essay.txt"));
    assert_eq!(export(d, &["sub/essay.txt"]).1, as_path("sub/essay.txt"));
    assert_eq!(
        export(d, &["sub/essay.txt.annotty.toml"]).1,
        as_path("sub/essay.txt")
    );
    let abs = sub.join("essay.txt");
    assert_eq!(
        export(d, &[abs.to_str().unwrap()]).1,
        as_path(abs.to_str().unwrap())
    );
    // An article named twice (itself and by its sidecar) once.
    assert_eq!(
        export(d, &["sub/essay.txt", "sub/essay.txt.annotty.toml", "sub"]).1,
        as_path("sub/essay.txt")
    );
}

#[test]
fn articles_come_in_path_order_and_text_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["b", "a", "a/z", ".hidden"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    let text = "one two three\n";
    let mk = |dir: &str, name: &str| {
        let notes = vec![
            annotation_on(
                text,
                "01900000-0000-7000-8000-00000000000a",
                "three",
                "idea",
                "",
            ),
            annotation_on(
                text,
                "01900000-0000-7000-8000-00000000000b",
                "one",
                "idea",
                "",
            ),
        ];
        write_article(&d.join(dir), name, text.as_bytes(), &notes);
    };
    mk("b", "x.txt");
    mk("a/z", "y.txt");
    mk("a", "y.txt");
    mk("a", "b.txt");
    mk(".hidden", "h.txt");
    let two = |p: &str| format!("{p}:1:1: [idea] one\n{p}:1:9: [idea] three\n");
    let expected: String = ["a/b.txt", "a/y.txt", "a/z/y.txt", "b/x.txt"]
        .iter()
        .map(|p| two(p))
        .collect();
    assert_eq!(export(d, &[]).1, expected);
    // Named paths keep the order they were given in.
    assert_eq!(
        export(d, &["b", "a/b.txt"]).1,
        format!("{}{}", two("b/x.txt"), two("a/b.txt"))
    );
    // Several articles in JSON: an array of collections, in that order.
    let (_, json, _) = export(d, &["-f", "json", "b", "a/b.txt"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sources: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["first"]["items"][0]["target"]["annotty:path"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(sources, ["b/x.txt", "a/b.txt"]);
    // Markdown: a section per article.
    let (_, md, _) = export(d, &["-f", "markdown", "b", "a/b.txt"]);
    assert_eq!(
        md.matches("\n# one two three\n").count()
            + usize::from(md.starts_with("# one two three\n")),
        2
    );
}

/// A directory is walked as the notes browser walks it (`.gitignore`
/// honoured, links followed, a loop of them walked once), so `annotty
/// notes DIR | grep` and the browser see the same sidecars; a subdirectory
/// that cannot be read is skipped and named on standard error.
#[test]
fn a_directory_is_walked_as_the_notes_browser_walks_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("notes");
    let elsewhere = dir.path().join("elsewhere");
    for sub in ["kept", "ignored", "locked"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    let (text, notes) = (ONE_LINE, one_note());
    for at in [
        d.join("kept"),
        d.join("ignored"),
        d.join("locked"),
        elsewhere.clone(),
    ] {
        write_article(&at, "x.txt", text.as_bytes(), &notes);
    }
    std::os::unix::fs::symlink(&elsewhere, d.join("linked")).unwrap();
    std::os::unix::fs::symlink(&d, d.join("kept/loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone"), d.join("dangling")).unwrap();
    let locked = d.join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Run as root, the locked directory is readable after all.
    let root = std::fs::read_dir(&locked).is_ok();
    let run_for = |command: &str| {
        let mut child = annotty(&d)
            .args([command, "."])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > std::time::Duration::from_secs(20) {
                child.kill().unwrap();
                panic!("{command} did not finish: a loop of links walked round?");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let export = run_for("export");
    let notes = run_for("notes");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (code, out, err) = export.clone();
    assert_eq!(code, Some(3), "something skipped: {err}");
    let expected = if root {
        "./kept/x.txt:1:5: [idea] two\n./linked/x.txt:1:5: [idea] two\n./locked/x.txt:1:5: [idea] two\n"
    } else {
        "./kept/x.txt:1:5: [idea] two\n./linked/x.txt:1:5: [idea] two\n"
    };
    assert_eq!(out, expected);
    let mut said: Vec<&str> = err.lines().collect();
    said.sort_unstable();
    let mut expected = vec!["annotty: skipped ./dangling: No such file or directory"];
    if !root {
        expected.push("annotty: skipped ./locked: Permission denied");
    }
    assert_eq!(said, expected, "named, and the rest exported");
    assert_eq!(notes, export, "notes into a pipe is export");
}

#[test]
fn notes_kept_in_the_data_directory_are_found() {
    // The reader keeps the notes of an article whose folder is read-only
    // in the data directory, by content hash; export finds them there.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("essay.txt"), ARTICLE).unwrap();
    let data = d.join(".data/annotty");
    let hash = annotty::scan::content_hash(ARTICLE.as_bytes());
    annotty::store::Store::for_hash(&data, &hash)
        .save(&doc_info("essay.txt", ARTICLE.as_bytes()), &annotations())
        .unwrap();
    assert_eq!(export(d, &["essay.txt"]), (0, GREP.into(), String::new()));
    // Only for articles named: a directory is searched for sidecars.
    assert_eq!(export(d, &[]).0, 1);
}

#[test]
fn markdown_keeps_a_notes_line_breaks_and_an_indented_quote_is_no_code_block() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Steps:\n\n    make install\n    make test\n\nDone.\n";
    let quote = "    make install\n    make test";
    let note = "first line\nsecond line\n\nnew paragraph";
    let a = annotation_on(
        text,
        "01900000-0000-7000-8000-000000000001",
        quote,
        "idea",
        note,
    );
    write_article(dir.path(), "howto.txt", text.as_bytes(), &[a]);
    let (code, md, _) = export(dir.path(), &["-f", "markdown"]);
    assert_eq!(code, 0);
    // Four spaces after `> ` would be an indented code block.
    let nbsp4 = "\u{a0}".repeat(4);
    assert!(
        md.contains(&format!("> {nbsp4}make install\n> {nbsp4}make test\n")),
        "{md}"
    );
    assert!(!md.contains(">     "), "{md}");
    // A hard break (two spaces) ends the note's first line only.
    assert!(
        md.contains("first line  \nsecond line\n\nnew paragraph\n"),
        "{md}"
    );
}
