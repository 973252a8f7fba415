//! The real binary in a pseudo-terminal with a sync tool's conflict copies
//! of a sidecar beside the article (as Syncthing and Dropbox leave them
//! when two machines annotated it): opening the article merges them in,
//! says in the status row how many notes came in, saves the merge and
//! removes the copies; the article's folder then holds only the article and
//! its sidecar (lock and backup are in the data directory).

mod support;

use annotty::annotation::Annotation;
use annotty::notebook::Article;
use annotty::store::Store;
use support::Home;

const ESSAY: &str = include_str!("../seeds/essay.txt");

/// A highlight of `quote` (in the essay) with id ending in `id`, changed
/// last at second `second`.
fn note(id: u32, quote: &str, second: u32) -> Annotation {
    let time = format!("2026-12-04T10:00:{second:02}.000Z");
    support::highlight(
        ESSAY,
        format!("019ae8f0-0000-7000-8000-{id:012}"),
        quote,
        time,
    )
}

/// An article annotated on two machines, in `home/articles`.
struct Synced {
    article: std::path::PathBuf,
    sidecar: std::path::PathBuf,
    /// The other machine's version, as Syncthing left it.
    copy: std::path::PathBuf,
    /// The sidecar's bytes before anything opened it.
    before: Vec<u8>,
}

impl Synced {
    /// This machine's sidecar holds notes 1 and 2; the other machine
    /// deleted note 2 and added note 3 ("half a library"), and Syncthing
    /// kept its version as a conflict copy.
    fn new(home: &Home) -> Synced {
        std::fs::create_dir(home.path().join("articles")).unwrap();
        let article = home.write("articles/essay.txt", ESSAY);
        let doc = Article::of_file(&article, "essay.txt", ESSAY.as_bytes()).doc_info();
        let sidecar = support::sidecar_of(&article);
        Store::at(&sidecar)
            .save(
                &doc,
                &[note(1, "Marisol", 1), note(2, "Keep the Library", 2)],
            )
            .unwrap();
        let mut gone = note(2, "Keep the Library", 2);
        gone.deleted = Some("2026-12-04T10:00:30.000Z".into());
        let copy = home
            .path()
            .join("articles/essay.txt.annotty.sync-conflict-20261204-101010-ABCDEFG.toml");
        // (Saved by this test, its lock elsewhere: Syncthing makes only the copy.)
        Store::at(&copy)
            .keeping_files_in(Some(&home.path().join("scratch")))
            .save(
                &doc,
                &[note(1, "Marisol", 1), gone, note(3, "half a library", 3)],
            )
            .unwrap();
        let before = std::fs::read(&sidecar).unwrap();
        Synced {
            article,
            sidecar,
            copy,
            before,
        }
    }

    /// The merge is on disk, the copy gone, the previous version in the
    /// backup in the data directory, and the article's folder holds only
    /// the article and its sidecar.
    fn assert_merged(&self, home: &Home) {
        assert!(
            !self.copy.exists(),
            "the copy is removed once the merge is saved"
        );
        assert_eq!(
            support::live_quotes(&self.sidecar),
            ["Marisol", "half a library"]
        );
        let mut names: Vec<String> = std::fs::read_dir(home.path().join("articles"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["essay.txt", "essay.txt.annotty.toml"]);
        let backup = Store::beside(&self.article)
            .keeping_files_in(Some(&support::data_dir(home.path())))
            .backup_path();
        assert_eq!(
            std::fs::read(backup).unwrap(),
            self.before,
            "the backup keeps the previous version"
        );
    }
}

#[test]
fn a_syncthing_conflict_copy_is_merged_in_when_the_article_opens() {
    let home = Home::new();
    let synced = Synced::new(&home);
    // An older annotty's backup and lock beside.
    std::fs::write(
        home.path().join("articles/essay.txt.annotty.toml.bak"),
        "old",
    )
    .unwrap();
    std::fs::write(home.path().join("articles/essay.txt.annotty.toml.lock"), "").unwrap();

    let term = home.spawn(&["articles/essay.txt"], 100, 30);
    term.wait_text("2 notes came in from a sync conflict copy");
    assert!(
        !synced.copy.exists(),
        "the copy is removed once the merge is saved"
    );
    support::quit(&term);
    synced.assert_merged(&home);
}

/// A conflict copy that is not a sidecar annotty can read is left where it
/// is, and the status row says so when the article opens.
#[test]
fn a_conflict_copy_that_does_not_parse_is_said_and_left() {
    let home = Home::new();
    let synced = Synced::new(&home);
    std::fs::remove_file(&synced.copy).unwrap();
    std::fs::write(&synced.copy, "not [a sidecar").unwrap();
    let term = home.spawn(&["articles/essay.txt"], 140, 30);
    term.wait_text("is not a readable sidecar: left in place");
    support::quit(&term);
    assert_eq!(
        std::fs::read_to_string(&synced.copy).unwrap(),
        "not [a sidecar"
    );
    assert_eq!(std::fs::read(&synced.sidecar).unwrap(), synced.before);
}

/// `annotty export` merges a conflict copy as opening the article does:
/// the export holds the union, the merge is saved, the copy removed, and
/// standard error says so.
#[test]
fn export_merges_a_conflict_copy_saves_and_removes_it() {
    let home = Home::new();
    let synced = Synced::new(&home);
    let (code, out, err) = home.run(&["export", "articles/essay.txt"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Marisol") && out.contains("half a library"),
        "{out}"
    );
    assert!(
        !out.contains("Keep the Library"),
        "deleted elsewhere: {out}"
    );
    assert_eq!(
        err,
        "annotty: articles/essay.txt.annotty.toml: 2 notes came in from a sync conflict copy \
         (merged into it; removed)\n"
    );
    synced.assert_merged(&home);
}

/// The notes browser lists the notes of a conflict copy, merged, saved and
/// removed as opening the article does.
#[test]
fn the_notes_browser_merges_a_conflict_copy() {
    let home = Home::new();
    let synced = Synced::new(&home);
    let term = home.spawn(&["notes", "articles"], 110, 30);
    term.wait_text("2 of 2 notes");
    term.wait_text("half a library");
    // Esc gives the keys to the list (from the filter line), then quit.
    term.key_esc();
    term.wait_text("filter (f):");
    support::quit(&term);
    synced.assert_merged(&home);
}

/// The char offset where `line` of the essay starts.
fn line_start(line: &str) -> u64 {
    let at = ESSAY.find(line).unwrap();
    ESSAY[..at].chars().count() as u64
}

/// config `data_dir` in a synced folder: the reading position is read
/// there, the other machine's later position (a conflict copy) wins, and
/// the next position is written there (the copy merged and removed); the
/// machine's own data directory gets no positions.
#[test]
fn reading_positions_follow_through_a_synced_data_directory() {
    let home = Home::new();
    let synced = home.path().join("Sync/annotty");
    std::fs::create_dir_all(&synced).unwrap();
    home.write(
        "config.toml",
        format!("data_dir = \"{}\"\n", synced.display()),
    );
    home.write("essay.txt", ESSAY);
    let hash = annotty::scan::content_hash(ESSAY.as_bytes());
    let here = line_start("History offers a small lesson");
    let there = line_start("Neighboring towns have tried");
    std::fs::write(
        synced.join("positions.toml"),
        format!("[positions.{hash}]\nat = {here}\nseen = 100\nset = 100\n"),
    )
    .unwrap();
    let copy = synced.join("positions.sync-conflict-20261204-101010-ABCDEFG.toml");
    std::fs::write(
        &copy,
        format!("[positions.{hash}]\nat = {there}\nseen = 200\nset = 200\n"),
    )
    .unwrap();

    let term = home.spawn(&["essay.txt"], 100, 12);
    term.wait_text("Neighboring towns have tried");
    assert!(!term.contains("History offers"), "{}", term.dump());
    // Moving writes the file (merged with the copy, which goes).
    term.send_str("gg");
    term.wait_text("Keep the Library");
    support::quit(&term);
    assert!(!copy.exists(), "merged into positions.toml and removed");
    let text = std::fs::read_to_string(synced.join("positions.toml")).unwrap();
    assert!(text.contains("at = 0\n"), "{text}");
    assert!(
        !support::data_dir(home.path())
            .join("positions.toml")
            .exists()
    );
}

/// An article left open where it was resumed, while the other machine
/// moved on and its position synced in: quitting does not put back the
/// old one.
#[test]
fn quitting_where_it_resumed_keeps_a_position_synced_in_meanwhile() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let data = support::data_dir(home.path());
    std::fs::create_dir_all(&data).unwrap();
    let hash = annotty::scan::content_hash(ESSAY.as_bytes());
    let position = |line: &str, set: u32| {
        let at = line_start(line);
        format!("[positions.{hash}]\nat = {at}\nseen = {set}\nset = {set}\n")
    };
    let file = data.join("positions.toml");
    std::fs::write(&file, position("History offers a small lesson", 100)).unwrap();
    let term = home.spawn(&["essay.txt"], 100, 12);
    term.wait_text("History offers a small lesson");
    // Synced in from the other machine while this one reads.
    let theirs = position("Neighboring towns have tried", 200);
    std::fs::write(&file, &theirs).unwrap();
    support::quit(&term);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs);

    // Moving on here and quitting does write it.
    let term = home.spawn(&["essay.txt"], 100, 12);
    term.wait_text("Neighboring towns have tried");
    term.send_str("gg");
    term.wait_text("Keep the Library");
    support::quit(&term);
    let now = std::fs::read_to_string(&file).unwrap();
    assert!(now.contains("at = 0\n"), "{now}");
}
