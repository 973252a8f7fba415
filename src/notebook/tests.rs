//! The reader, `annotty export` and `annotty import` find an article's
//! notes in the same sidecar and place them the same way: one table of
//! cases, each run through the three front ends' own entry points.

use crate::annotation::{Annotation, State};
use crate::app::{App, Settings};
use crate::document::Document;
use crate::export::{self, Article as Out, Format, Found, Options};
use crate::keymap::Keymap;
use crate::notebook::Places;
use crate::store::{DocInfo, Store};
use crate::text::BytePos;
use crate::tui::notes::Sidecar;
use std::path::{Path, PathBuf};

/// The article as the notes were made on it.
const V1: &str = "Preface.\n\nalpha and omega stay here.\n\
the quick brown fox jumps over the lazy dog today\n\
zeta is a letter that will be cut\nthe end\n";

/// V1 edited: a new first line (everything shifts), the fox became a cat
/// (only an approximate match is left), the zeta line is gone.
const V2: &str = "A new first line, added later on.\nPreface.\n\nalpha and omega stay here.\n\
the quick brown cat jumps over the lazy dog today\nthe end\n";

/// The notes' quotes, each at its first occurrence in V1.
const QUOTES: [&str; 3] = [
    "alpha and omega",
    "the quick brown fox jumps over the lazy",
    "zeta is a letter",
];

/// Where an article and its notes are in one case.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Case {
    /// Beside the article.
    Beside,
    /// In `--store DIR`.
    StoreDir,
    /// The article's folder cannot be written (even by root: `/proc`):
    /// in the data directory by hash.
    ReadOnlyFolder,
    /// Standard input: in the data directory by hash.
    Stdin,
    /// A copy of an article moved elsewhere: the index of sidecars knows
    /// where the notes of its text are.
    MovedCopy,
    /// The article was edited since the notes were made.
    Edited,
    /// Some notes beside the article, one in the data directory by hash
    /// (kept there while its folder was read-only).
    BothPlaces,
}

/// One case set up on disk.
struct Scene {
    _dir: tempfile::TempDir,
    /// The article's file (`None`: standard input).
    article: Option<PathBuf>,
    text: String,
    places: Places,
    /// Where the notes are kept (expected).
    sidecar: PathBuf,
}

/// A note's place as a user sees it: quote, char range, state.
type Seen = (String, u64, u64, State);

fn seen(list: &[Annotation]) -> Vec<Seen> {
    let mut v: Vec<(String, Seen)> = list
        .iter()
        .filter(|a| a.is_live())
        .map(|a| {
            (
                a.id.clone(),
                (a.quote.clone(), a.start.0, a.end.0, a.state()),
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.into_iter().map(|(_, s)| s).collect()
}

/// Notes on `QUOTES`-like quotes of `text`, with context, as the reader
/// makes them.
fn notes_on(text: &str, quotes: &[&str]) -> Vec<Annotation> {
    quotes
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let at = text.find(q).expect("quote in text");
            let start = text[..at].chars().count() as u64;
            let mut a = crate::test_support::annotation(
                &format!("01900000-0000-7000-8000-00000000000{i}"),
                text,
                start,
                start + q.chars().count() as u64,
            );
            (a.prefix, a.suffix) =
                crate::annotation::context(text.as_bytes(), BytePos(at)..BytePos(at + q.len()));
            a
        })
        .collect()
}

fn doc_info(name: &str, text: &str) -> DocInfo {
    DocInfo {
        file: name.into(),
        chars: text.chars().count() as u64,
        hash: crate::scan::content_hash(text.as_bytes()),
        encoding: None,
        origin: None,
        about: Default::default(),
    }
}

/// `case` on disk; with `notes`, the notes (made on `made_on`) are saved
/// where the reader had kept them.
fn scene(case: Case, with_notes: bool) -> (Scene, Vec<Annotation>) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let data = d.join("data");
    let mut places = Places {
        store_dir: None,
        data_dir: Some(data.clone()),
        files_dir: Some(data.clone()),
    };
    let (made_on, text) = match case {
        Case::Edited => (V1.to_string(), V2.to_string()),
        Case::ReadOnlyFolder => {
            let t = std::fs::read_to_string("/proc/version").unwrap();
            (t.clone(), t)
        }
        _ => (V1.to_string(), V1.to_string()),
    };
    let quotes: Vec<&str> = match case {
        Case::ReadOnlyFolder => vec![&made_on[..13]],
        _ => QUOTES.to_vec(),
    };
    let notes = notes_on(&made_on, &quotes);
    let hash = crate::scan::content_hash(text.as_bytes());
    let by_hash = Store::for_hash(&data, &hash).path().to_path_buf();
    let (article, sidecar) = match case {
        Case::ReadOnlyFolder => (Some(PathBuf::from("/proc/version")), by_hash.clone()),
        Case::Stdin => (None, by_hash.clone()),
        _ => {
            let a = d.join(if case == Case::MovedCopy {
                "moved"
            } else {
                "here"
            });
            std::fs::create_dir_all(&a).unwrap();
            let a = a.join("a.txt");
            std::fs::write(&a, &text).unwrap();
            let s = if case == Case::StoreDir {
                places.store_dir = Some(d.join("notes"));
                d.join("notes/a.txt.annotty.toml")
            } else {
                Store::beside(&a).path().to_path_buf()
            };
            (Some(a), s)
        }
    };
    if with_notes {
        let name = article
            .as_deref()
            .and_then(Path::file_name)
            .map_or("standard input".into(), |n| {
                n.to_string_lossy().into_owned()
            });
        let kept = if case == Case::MovedCopy {
            // The original, somewhere else, which the index remembers.
            let original = d.join("original/a.txt");
            std::fs::create_dir_all(original.parent().unwrap()).unwrap();
            std::fs::write(&original, &text).unwrap();
            let s = Store::beside(&original).path().to_path_buf();
            crate::sidecar_index::record(&data, &hash, &s, 1).unwrap();
            s
        } else {
            sidecar.clone()
        };
        let (here, there) = match case {
            Case::BothPlaces => notes.split_at(2),
            _ => (&notes[..], &[][..]),
        };
        for (path, list) in [(&kept, here), (&by_hash, there)] {
            if !list.is_empty() {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                Store::at(path)
                    .save(&doc_info(&name, &made_on), list)
                    .unwrap();
            }
        }
    }
    let scene = Scene {
        _dir: dir,
        article,
        text,
        places,
        sidecar,
    };
    (scene, notes)
}

/// The reader: the article opened, its sidecar chosen and opened (and
/// an offer of notes found elsewhere taken with `i`). Its sidecar, what
/// it shows at first, and what it shows after `i`.
fn reader(s: &Scene) -> (PathBuf, Vec<Seen>, Vec<Seen>) {
    let name = s.article.as_deref().and_then(Path::file_name);
    let name = name.map_or("standard input".into(), |n| {
        n.to_string_lossy().into_owned()
    });
    let mut app = App::new(Keymap::default(), Settings::default(), (60, 10));
    app.open(Document::from_text(&name, &s.text));
    let hash = crate::scan::content_hash(s.text.as_bytes());
    let chars = s.text.chars().count() as u64;
    let article = crate::notebook::Article {
        path: s.article.clone(),
        name,
        hash,
        chars,
        encoding: None,
    };
    let bytes = app.reader.as_ref().unwrap().doc.bytes.clone();
    let opening = Sidecar::start(&article, bytes, &s.places).expect("a place for notes");
    let mut sc = opening.read().finish(&mut app, |_| {});
    sc.flush();
    let shown = |app: &App| seen(&app.reader.as_ref().unwrap().annotations.all());
    let first = shown(&app);
    if let Some(offer) = app.import_offer.take() {
        sc.import(&mut app, &offer);
    }
    (sc.path().to_path_buf(), first, shown(&app))
}

/// `annotty export` of the article named directly.
fn exported(s: &Scene) -> Vec<Seen> {
    let found = Found {
        article: s.article.clone().unwrap(),
        sidecar: None,
        walked: false,
    };
    seen(
        &export::load(&found, &s.places, &Default::default())
            .unwrap()
            .annotations,
    )
}

/// `annotty import --article` of the notes, as W3C JSON exported from
/// the text they were made on, into `s` (which has no notes yet).
fn imported(s: &Scene, notes: &[Annotation], made_on: &str) -> (PathBuf, Vec<Seen>) {
    let mut json = Vec::new();
    let out = Out {
        path: Path::new("a.txt"),
        bytes: made_on.as_bytes(),
        annotations: notes,
        origin: None,
    };
    export::export_to(&mut json, Format::Json, &[out], &Options::default()).unwrap();
    let incoming = export::import::parse_json(std::str::from_utf8(&json).unwrap()).unwrap();
    let article = s.article.as_deref();
    let groups = export::import::group(incoming, article).unwrap();
    let reports =
        crate::import::place::import_all(groups, &s.places, &Default::default(), 1_000, false)
            .unwrap();
    let sidecar = reports[0].sidecar.clone();
    let on_disk = Store::at(&sidecar).load().unwrap().unwrap().annotations;
    (sidecar, seen(&on_disk))
}

#[test]
fn the_reader_export_and_import_find_and_place_notes_alike() {
    use Case::*;
    for case in [
        Beside,
        StoreDir,
        ReadOnlyFolder,
        Stdin,
        MovedCopy,
        Edited,
        BothPlaces,
    ] {
        let (s, notes) = scene(case, true);
        // Export first: it writes nothing, the reader saves what it placed.
        let export = s.article.is_some().then(|| exported(&s));
        let (sidecar, first, after_offer) = reader(&s);
        assert_eq!(sidecar, s.sidecar, "{case:?}: the reader's sidecar");
        let expected: Vec<Seen> = match case {
            // Found elsewhere: offered, not taken unasked.
            MovedCopy => Vec::new(),
            Edited => {
                let (fox, zeta) = (V2.find("the quick").unwrap(), V1.find("zeta").unwrap());
                let c = |t: &str, b: usize| t[..b].chars().count() as u64;
                let alpha = c(V2, V2.find("alpha").unwrap());
                vec![
                    (QUOTES[0].into(), alpha, alpha + 15, State::Placed),
                    (QUOTES[1].into(), c(V2, fox), c(V2, fox) + 39, State::Fuzzy),
                    (
                        QUOTES[2].into(),
                        c(V1, zeta),
                        c(V1, zeta) + 16,
                        State::Orphan,
                    ),
                ]
            }
            _ => seen(&notes),
        };
        assert_eq!(first, expected, "{case:?}: the reader's notes");
        if case == MovedCopy {
            assert_eq!(after_offer, seen(&notes), "{case:?}: taken with i");
        }
        if let Some(export) = export {
            assert_eq!(
                export, first,
                "{case:?}: export shows what the reader shows"
            );
        }
        // Standard input cannot be named to export or import.
        if s.article.is_none() {
            continue;
        }
        let made_on = match case {
            Edited => V1.to_string(),
            _ => s.text.clone(),
        };
        let (fresh, _) = scene(case, false);
        let (sidecar, placed) = imported(&fresh, &notes, &made_on);
        assert_eq!(sidecar, fresh.sidecar, "{case:?}: import's sidecar");
        assert_eq!(placed, after_offer, "{case:?}: import places as the reader");
    }
}

/// The loop hands these to worker threads and back.
#[test]
fn what_is_opened_and_saved_can_cross_threads() {
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<crate::notebook::Located>();
    send_and_sync::<crate::notebook::Opened>();
    send_and_sync::<crate::notebook::Notebook>();
}

/// A read-only folder and no data directory: the notes beside the article
/// are read, never written, and the report says why.
#[test]
fn without_a_writable_place_the_notes_are_read_only() {
    let path = PathBuf::from("/proc/version");
    let text = std::fs::read_to_string(&path).unwrap();
    let article = crate::notebook::Article::of_file(&path, "version", text.as_bytes());
    let located = crate::notebook::locate(&article, &Places::default()).unwrap();
    assert_eq!(located.store.path(), Store::beside(&path).path());
    let opened = crate::notebook::open(located, text.as_bytes(), 0);
    assert_eq!(
        opened.report.readonly,
        Some(crate::notebook::ReadOnly::NoPlace)
    );
    let notes = notes_on(&text, &[&text[..5]]);
    assert!(opened.notebook.save(&notes).unwrap().is_none());
    assert!(!Store::beside(&path).path().exists());
    // Standard input with no data directory: no place at all.
    let stdin = crate::notebook::Article {
        path: None,
        ..article
    };
    assert!(crate::notebook::locate(&stdin, &Places::default()).is_none());
}

/// V1 written as `essay.txt` in `dir`: its path, what a sidecar records
/// of it, and a note on each of [`QUOTES`].
fn essay_in(dir: &Path) -> (PathBuf, DocInfo, Vec<Annotation>) {
    let path = dir.join("essay.txt");
    std::fs::write(&path, V1).unwrap();
    (path, doc_info("essay.txt", V1), notes_on(V1, &QUOTES))
}

/// Conflict copies a sync tool left beside the sidecar: opening merges
/// them, saves the merge (the previous version in the backup, in the data
/// directory) and only then removes them — and so do an export's
/// [`crate::notebook::read`] and the notes browser's
/// [`crate::notebook::read_sidecar`], the same way; a copy that is not a
/// sidecar is left alone, and said.
#[test]
fn conflict_copies_are_merged_saved_and_removed_when_read() {
    #[derive(Debug, Clone, Copy)]
    enum Way {
        Open,
        Export,
        Browser,
    }
    for way in [Way::Open, Way::Export, Way::Browser] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (path, doc, notes) = essay_in(d);
        let places = Places {
            data_dir: Some(d.join("data")),
            files_dir: Some(d.join("data")),
            ..Places::default()
        };
        let article = crate::notebook::Article::of_file(&path, "essay.txt", V1.as_bytes());
        let located = || crate::notebook::locate(&article, &places).unwrap();
        located().store.save(&doc, &notes[..1]).unwrap();
        let before = std::fs::read(Store::beside(&path).path()).unwrap();
        // Another machine deleted note 0 and added notes 1 and 2.
        let mut gone = notes[0].clone();
        gone.deleted = Some("2026-12-04T10:10:10.000Z".into());
        let syncthing = d.join("essay.txt.annotty.sync-conflict-20261204-101010-ABCDEFG.toml");
        let dropbox = d.join("essay.txt.annotty (laptop's conflicted copy 2026-12-04).toml");
        let broken = d.join("essay.txt.annotty.sync-conflict-20261204-111111-XYZ.toml");
        Store::at(&syncthing)
            .save(&doc, &[gone, notes[1].clone()])
            .unwrap();
        Store::at(&dropbox).save(&doc, &notes[2..]).unwrap();
        std::fs::write(&broken, "not [a sidecar").unwrap();

        let opened = match way {
            Way::Open => crate::notebook::open(located(), V1.as_bytes(), 0),
            Way::Export => crate::notebook::read(located(), V1.as_bytes(), 0),
            Way::Browser => {
                crate::notebook::read_sidecar(Store::beside(&path).path(), &places, 0).unwrap()
            }
        };
        let came = opened.report.came_in.clone().unwrap();
        assert_eq!((came.count, came.copies.len()), (3, 2), "{way:?}");
        assert_eq!(came.unsaved, None, "{way:?}");
        assert_eq!(
            came.left,
            [
                "conflict copy essay.txt.annotty.sync-conflict-20261204-111111-XYZ.toml is not a \
              readable sidecar: left in place"
            ],
            "{way:?}"
        );
        assert!(!opened.changed, "{way:?}: already saved");
        let on_disk = Store::beside(&path).load().unwrap().unwrap().annotations;
        assert_eq!(on_disk, opened.annotations, "{way:?}");
        assert_eq!(
            seen(&on_disk),
            seen(&notes[1..]),
            "{way:?}: 0 deleted, 1 and 2 in"
        );
        assert!(
            !syncthing.exists() && !dropbox.exists(),
            "{way:?}: merged copies removed"
        );
        assert!(
            broken.exists(),
            "{way:?}: a copy that is not a sidecar is left alone"
        );
        assert_eq!(
            std::fs::read(located().store.backup_path()).unwrap(),
            before,
            "{way:?}"
        );
        assert!(located().store.backup_path().starts_with(d.join("data")));

        // Nothing more comes in the next time.
        std::fs::remove_file(&broken).unwrap();
        let again = crate::notebook::open(located(), V1.as_bytes(), 0);
        assert_eq!(again.report.came_in, None, "{way:?}");
    }
}

/// A sidecar that cannot be written (here: its temporary file's name is
/// taken by a directory): the copies are merged in memory, left where they
/// are, and the report says why; the sidecar is as it was.
#[test]
fn conflict_copies_that_cannot_be_saved_are_merged_in_memory_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (path, doc, notes) = essay_in(d);
    let store = Store::beside(&path);
    store.save(&doc, &notes[..1]).unwrap();
    let before = std::fs::read(store.path()).unwrap();
    let copy = d.join("essay.txt.annotty.sync-conflict-20261204-101010-ABCDEFG.toml");
    Store::at(&copy).save(&doc, &notes[1..]).unwrap();
    std::fs::create_dir(d.join(".essay.txt.annotty.toml.tmp")).unwrap();
    let article = crate::notebook::Article::of_file(&path, "essay.txt", V1.as_bytes());
    let located = crate::notebook::locate(&article, &Places::default()).unwrap();
    let read = crate::notebook::read(located, V1.as_bytes(), 0);
    assert_eq!(seen(&read.annotations), seen(&notes), "merged in memory");
    let came = read.report.came_in.unwrap();
    assert!(came.unsaved.is_some(), "{came:?}");
    assert!(copy.exists(), "the copy is kept");
    assert_eq!(std::fs::read(store.path()).unwrap(), before);
}

/// A snapshot whose sidecar was saved before it recorded what the
/// snapshot is: opening (or exporting) it leaves the file as it is; the
/// next save records the title and the rest from the front matter.
#[test]
fn a_snapshots_old_sidecar_is_unchanged_until_its_notes_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.md");
    let text = "---\ntitle: \"The Ledger\"\nsite: \"Quiet Hours\"\n\
                saved: \"2026-12-05T08:00:00.000Z\"\n\
                origin: \"https://example.org/ledger\"\n\
                converter: \"annotty 0.1.0 (dom_smoothie 0.19)\"\n---\n\n\
                Every evening at dusk the lamps were lit.\n";
    std::fs::write(&path, text).unwrap();
    let store = Store::beside(&path);
    let notes = notes_on(text, &["lamps"]);
    store.save(&doc_info("ledger.md", text), &notes).unwrap();
    let old = std::fs::read(store.path()).unwrap();
    assert!(!String::from_utf8_lossy(&old).contains("title"));

    let article = crate::notebook::Article::of_file(&path, "ledger.md", text.as_bytes());
    let located = || crate::notebook::locate(&article, &Places::default()).unwrap();
    let read = crate::notebook::read(located(), text.as_bytes(), 0);
    let opened = crate::notebook::open(located(), text.as_bytes(), 0);
    assert!(!opened.changed && read.report.readonly.is_none());
    assert_eq!(std::fs::read(store.path()).unwrap(), old, "not rewritten");
    assert_eq!(
        opened.notebook.doc().about.title.as_deref(),
        Some("The Ledger")
    );

    opened.notebook.save(&opened.annotations).unwrap();
    let about = store.load().unwrap().unwrap().document.about;
    assert_eq!(about.title.as_deref(), Some("The Ledger"));
    assert_eq!(about.site.as_deref(), Some("Quiet Hours"));
    assert_eq!(about.saved.as_deref(), Some("2026-12-05T08:00:00.000Z"));
    assert_eq!(about.author, None);
}

/// A bookmark placed again on an edited article is saved where it is now
/// by the save that records the new text: opened a second time (the hash
/// now matching, nothing placed again) it is still on its sentence.
#[test]
fn a_bookmark_placed_again_is_saved_where_it_is_now() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("essay.txt");
    std::fs::write(&path, V1).unwrap();
    let store = Store::beside(&path);
    let notes = notes_on(V1, &QUOTES[..1]);
    store.save(&doc_info("essay.txt", V1), &notes).unwrap();
    let sentence = "alpha and omega";
    let mark = |text: &str| {
        let at = text.find(sentence).unwrap();
        let (prefix, suffix) =
            crate::annotation::context(text.as_bytes(), BytePos(at)..BytePos(at));
        crate::bookmark::Bookmark {
            name: 'B',
            at: crate::text::CharPos(text[..at].chars().count() as u64),
            prefix,
            suffix,
            created: "2026-12-05T10:00:00.000Z".into(),
        }
    };
    store
        .save_bookmarks(&doc_info("essay.txt", V1), &[mark(V1)])
        .unwrap();
    std::fs::write(&path, V2).unwrap();
    let open = || {
        let article = crate::notebook::Article::of_file(&path, "essay.txt", V2.as_bytes());
        let located = crate::notebook::locate(&article, &Places::default()).unwrap();
        crate::notebook::open(located, V2.as_bytes(), 0)
    };
    let first = open();
    assert_eq!(first.bookmarks, vec![mark(V2)], "placed again in memory");
    assert!(first.changed, "the notes moved: the reader saves them");
    first.notebook.save(&first.annotations).unwrap();
    assert_eq!(
        store.load().unwrap().unwrap().bookmarks()[0].at,
        mark(V2).at
    );
    assert_eq!(open().bookmarks[0].at, mark(V2).at, "opened again");
}

/// The notes browser changes a note through the sidecar's notebook as a
/// change made on the note as the sidecar holds it at the save: another
/// process's edit of the note's text since the browser read it stays
/// when the browser changes its tag.
#[test]
fn a_change_to_one_field_keeps_another_processs_edit_of_the_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("essay.txt");
    std::fs::write(&path, V1).unwrap();
    let store = Store::beside(&path);
    let mut note = notes_on(V1, &QUOTES[..1]).remove(0);
    note.note = "first thoughts".into();
    store
        .save(&doc_info("essay.txt", V1), &[note.clone()])
        .unwrap();
    let (notebook, read) = crate::notebook::at_sidecar(store.path(), &Places::default()).unwrap();
    assert_eq!(read[0].note, "first thoughts");
    // Meanwhile the reader in another process adds to the note.
    let mut elsewhere = note.clone();
    elsewhere.note = "first thoughts, and more".into();
    elsewhere.updated = "2026-12-06T10:00:00.000Z".into();
    Store::beside(&path)
        .save(&doc_info("essay.txt", V1), &[elsewhere])
        .unwrap();
    let change = crate::browser::Change {
        id: note.id.clone(),
        edit: crate::browser::Edit::Tag("todo".into()),
        at_millis: 1_800_000_000_000,
    };
    let on_disk = notebook
        .change_note(&note.id, |current| change.apply(current))
        .unwrap()
        .unwrap();
    let saved = Store::beside(&path).load().unwrap().unwrap().annotations;
    assert_eq!(saved, on_disk);
    assert_eq!(
        (saved[0].tag.as_str(), saved[0].note.as_str()),
        ("todo", "first thoughts, and more")
    );
}
