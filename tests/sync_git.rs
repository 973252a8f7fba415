//! Sidecars synced with real git: two clones annotate the same article
//! differently (new notes on both sides, one deleted on one side, one note
//! edited on both, a bookmark set on each), and `git pull` merges them through
//! `annotty merge-driver` (set up by `annotty git-setup`) with no conflict:
//! the union, the deletion kept, the later edit winning. Without the driver
//! the same pull conflicts (so the test shows what the driver changes).
//! The same two histories met as a Syncthing conflict copy merge the same
//! when the article opens.
//! Everything is local (a bare repository on disk): no network.

mod support;

use annotty::annotation::Annotation;
use annotty::bookmark::Bookmark;
use annotty::notebook::Article;
use annotty::store::{Sidecar, Store};
use annotty::text::CharPos;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ESSAY: &str = "Notes travel between machines.\n\nThe quick brown fox jumps over the lazy dog.\n\nA second paragraph, and a third line of text.\n";

/// Run git in `dir` with a configuration of its own (no user or system
/// config is read; `home` is HOME).
fn git_out(home: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("PATH", path_with_annotty())
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .expect("git runs")
}

fn git(home: &Path, dir: &Path, args: &[&str]) -> String {
    let out = git_out(home, dir, args);
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `PATH` with the directory of the annotty under test first.
fn path_with_annotty() -> std::ffi::OsString {
    let bin = support::annotty_bin();
    let mut dirs = vec![bin.parent().unwrap().to_path_buf()];
    if let Some(p) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(dirs).unwrap()
}

fn annotty(home: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(support::annotty_bin())
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("PATH", path_with_annotty())
        .output()
        .unwrap()
}

fn time(minute: u32) -> String {
    format!("2026-12-04T10:{minute:02}:00.000Z")
}

/// A highlight of `quote` (found in the essay) with id `id`, made at
/// minute `minute`.
fn note(id: &str, quote: &str, minute: u32) -> Annotation {
    let id = format!("019ae8f0-0000-7000-8000-{id:0>12}");
    support::highlight(ESSAY, id, quote, time(minute))
}

/// The sidecar of the essay in `clone`, saved as the reader saves it (its
/// lock and backup in `data`, the data directory).
fn save_in(clone: &Path, data: &Path, notes: &[Annotation]) {
    let article = clone.join("essay.txt");
    let doc = Article::of_file(&article, "essay.txt", ESSAY.as_bytes()).doc_info();
    // Locks and backups in the data directory, as the reader keeps them.
    Store::beside(&article)
        .keeping_files_in(Some(data))
        .save(&doc, notes)
        .unwrap();
}

/// Bookmark `name` set in `clone` at minute `minute`, where `quote` starts
/// in the essay (saved as the reader saves it).
fn set_bookmark(clone: &Path, name: char, quote: &str, minute: u32) {
    let article = clone.join("essay.txt");
    let doc = Article::of_file(&article, "essay.txt", ESSAY.as_bytes()).doc_info();
    let at = ESSAY[..ESSAY.find(quote).unwrap()].chars().count() as u64;
    let bookmark = Bookmark {
        name,
        at: CharPos(at),
        prefix: String::new(),
        suffix: quote.into(),
        created: time(minute),
    };
    Store::beside(&article)
        .keeping_files_in(Some(&clone.parent().unwrap().join("data")))
        .save_bookmarks(&doc, &[bookmark])
        .unwrap();
}

/// [`save_in`] a clone of the shared repository (data directory beside it).
fn save(clone: &Path, notes: &[Annotation]) {
    save_in(clone, &clone.parent().unwrap().join("data"), notes);
}

fn load(clone: &Path) -> Sidecar {
    Store::beside(&clone.join("essay.txt"))
        .load()
        .unwrap()
        .unwrap()
}

/// A repository shared through a bare one, and two clones of it (alice,
/// bob) that hold the essay and its sidecar with three notes.
struct World {
    home: tempfile::TempDir,
    alice: PathBuf,
    bob: PathBuf,
}

fn world() -> World {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::write(h.join("gitconfig"), "").unwrap();
    let origin = h.join("origin.git");
    git(h, h, &["init", "-q", "--bare", "-b", "main", "origin.git"]);
    let clone = |name: &str| {
        git(h, h, &["clone", "-q", origin.to_str().unwrap(), name]);
        let dir = h.join(name);
        git(h, &dir, &["config", "user.name", name]);
        git(
            h,
            &dir,
            &["config", "user.email", &format!("{name}@example.org")],
        );
        git(h, &dir, &["config", "pull.rebase", "false"]);
        dir
    };
    let alice = clone("alice");
    std::fs::write(alice.join("essay.txt"), ESSAY).unwrap();
    save(
        &alice,
        &[
            note("1", "Notes travel", 0),
            note("2", "quick brown fox", 1),
            note("3", "second paragraph", 2),
        ],
    );
    git(h, &alice, &["add", "-A"]);
    git(h, &alice, &["commit", "-q", "-m", "essay and three notes"]);
    git(h, &alice, &["push", "-q", "origin", "HEAD:main"]);
    let bob = clone("bob");
    World { home, alice, bob }
}

/// Alice adds a note, deletes note 1, edits note 2 and sets bookmark A;
/// Bob adds a note, edits note 2 later and sets bookmark B. Each commits;
/// Alice pushes.
fn diverge(w: &World) {
    let h = w.home.path();
    let mut edited = note("2", "quick brown fox", 1);
    edited.note = "alice: a pangram".into();
    edited.updated = time(10);
    let mut gone = note("1", "Notes travel", 0);
    gone.deleted = Some(time(11));
    save(&w.alice, &[gone, edited, note("a", "lazy dog", 12)]);
    set_bookmark(&w.alice, 'A', "The quick", 14);
    git(h, &w.alice, &["commit", "-q", "-am", "alice reads"]);
    git(h, &w.alice, &["push", "-q", "origin", "HEAD:main"]);

    let mut edited = note("2", "quick brown fox", 1);
    edited.note = "bob: the typist's sentence".into();
    edited.updated = time(20);
    save(&w.bob, &[edited, note("b", "third line", 13)]);
    set_bookmark(&w.bob, 'B', "A second", 15);
    git(h, &w.bob, &["commit", "-q", "-am", "bob reads"]);
}

/// The merge of [`diverge`]'s two sides: every note of both, note 1's
/// deletion kept as a tombstone, Bob's later edit of note 2, the bookmark
/// each set.
fn assert_is_the_union(merged: &Sidecar) {
    let live: Vec<&str> = merged
        .annotations
        .iter()
        .filter(|a| a.is_live())
        .map(|a| a.quote.as_str())
        .collect();
    assert_eq!(
        live,
        [
            "quick brown fox",
            "second paragraph",
            "lazy dog",
            "third line"
        ]
    );
    let first = &merged.annotations[0];
    assert_eq!(
        (first.quote.as_str(), first.deleted.clone()),
        ("Notes travel", Some(time(11))),
        "the deletion is kept as a tombstone"
    );
    assert_eq!(merged.annotations[1].note, "bob: the typist's sentence");
    let bookmarks: Vec<char> = merged.bookmarks().iter().map(|b| b.name).collect();
    assert_eq!(bookmarks, ['A', 'B'], "the bookmarks of both sides");
}

#[test]
fn git_pull_merges_two_clones_notes_without_a_conflict() {
    let w = world();
    let h = w.home.path();
    diverge(&w);

    // Without the driver, git's line merge conflicts on the sidecar.
    let out = git_out(h, &w.bob, &["pull", "-q", "--no-edit", "origin", "main"]);
    assert!(
        !out.status.success(),
        "expected a conflict without the driver: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    git(h, &w.bob, &["merge", "--abort"]);

    let setup = annotty(h, &w.bob, &["git-setup"]);
    let said = String::from_utf8_lossy(&setup.stdout).into_owned();
    assert!(
        setup.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    assert!(
        said.contains("added `*.annotty.toml merge=annotty`"),
        "{said}"
    );
    assert!(said.contains("merge.annotty.driver"), "{said}");
    let again = annotty(h, &w.bob, &["git-setup"]);
    let said_again = String::from_utf8_lossy(&again.stdout).into_owned();
    assert_eq!(said_again.matches("already").count(), 3, "{said_again}");
    let attributes = std::fs::read_to_string(w.bob.join(".gitattributes")).unwrap();
    assert_eq!(attributes, "*.annotty.toml merge=annotty\n");
    let config = std::fs::read_to_string(w.bob.join(".git/config")).unwrap();
    assert!(
        config.contains("[merge \"annotty\"]")
            && config.contains("driver = annotty merge-driver %O %A %B %P"),
        "{config}"
    );

    git(h, &w.bob, &["pull", "-q", "--no-edit", "origin", "main"]);
    // Nothing but the sidecar beside the article: no backup, no lock.
    assert_eq!(
        git(h, &w.bob, &["status", "--porcelain"]),
        "?? .gitattributes\n"
    );
    let merged = load(&w.bob);
    assert_is_the_union(&merged);

    // Alice pulls Bob's merge: a fast-forward to the same notes.
    git(h, &w.bob, &["push", "-q", "origin", "HEAD:main"]);
    git(h, &w.alice, &["pull", "-q", "--no-edit", "origin", "main"]);
    assert_eq!(load(&w.alice), merged);
}

#[test]
fn a_side_that_is_not_a_sidecar_is_left_to_git() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut ok = note("1", "Notes travel", 0);
    ok.note = "x".into();
    let article = d.join("essay.txt");
    std::fs::write(&article, ESSAY).unwrap();
    save_in(d, &d.join("data"), &[ok]);
    let sidecar = support::sidecar_of(&article);
    std::fs::write(d.join("broken"), "<<<<<<< HEAD\nversion = 1\n").unwrap();
    std::fs::write(d.join("base"), "").unwrap();
    let before = std::fs::read(&sidecar).unwrap();
    for (ours, theirs) in [
        ("essay.txt.annotty.toml", "broken"),
        ("broken", "essay.txt.annotty.toml"),
    ] {
        let out = annotty(
            d,
            d,
            &[
                "merge-driver",
                "base",
                ours,
                theirs,
                "notes/essay.txt.annotty.toml",
            ],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("notes/essay.txt.annotty.toml") && err.contains("line 1"),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(&sidecar).unwrap(), before, "ours untouched");
    // Two readable sides: merged into ours, exit 0.
    let mut theirs = note("2", "quick brown fox", 3);
    theirs.note = "y".into();
    let other = d.join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("essay.txt"), ESSAY).unwrap();
    save_in(&other, &d.join("data"), &[theirs]);
    let out = annotty(
        d,
        d,
        &[
            "merge-driver",
            "base",
            "essay.txt.annotty.toml",
            "other/essay.txt.annotty.toml",
            "x",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let notes: Vec<String> = load(d).annotations.into_iter().map(|a| a.note).collect();
    assert_eq!(notes, ["x", "y"]);
}

/// The same two histories met through Syncthing instead of git: Bob's
/// sidecar arrives beside Alice's as a conflict copy. Opening the article
/// gives the same union as the git merge, saves it and removes the copy,
/// so Alice's clone then differs from her last commit only in the
/// sidecar.
#[test]
fn a_syncthing_conflict_copy_of_the_same_histories_merges_the_same() {
    let w = world();
    let h = w.home.path();
    diverge(&w);
    let copy = w
        .alice
        .join("essay.txt.annotty.sync-conflict-20261204-102000-BOBBOBB.toml");
    std::fs::copy(support::sidecar_of(&w.bob.join("essay.txt")), &copy).unwrap();

    let article = w.alice.join("essay.txt");
    let data = h.join("data");
    let places = annotty::notebook::Places {
        data_dir: Some(data.clone()),
        files_dir: Some(data),
        ..Default::default()
    };
    let of = Article::of_file(&article, "essay.txt", ESSAY.as_bytes());
    let located = annotty::notebook::locate(&of, &places).unwrap();
    let opened = annotty::notebook::open(located, ESSAY.as_bytes(), 0);
    let came = opened.report.came_in.expect("the copy is merged in");
    assert_eq!(came.copies, std::slice::from_ref(&copy));
    assert_eq!(came.unsaved, None);
    assert!(
        !copy.exists(),
        "the copy is removed once the merge is saved"
    );
    let merged = load(&w.alice);
    assert_is_the_union(&merged);
    assert_eq!(merged.annotations, opened.annotations);
    assert_eq!(
        merged.bookmarks(),
        opened.bookmarks,
        "the reader's bookmarks"
    );
    assert_eq!(
        git(h, &w.alice, &["status", "--porcelain"]),
        " M essay.txt.annotty.toml\n"
    );
}
