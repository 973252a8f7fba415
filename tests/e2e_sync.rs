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

#[test]
fn a_syncthing_conflict_copy_is_merged_in_when_the_article_opens() {
    let home = Home::new();
    std::fs::create_dir(home.path().join("articles")).unwrap();
    let article = home.write("articles/essay.txt", ESSAY);
    let doc = Article::of_file(&article, "essay.txt", ESSAY.as_bytes()).doc_info();
    let sidecar = support::sidecar_of(&article);
    // This machine: two notes. An older annotty's backup and lock beside.
    Store::at(&sidecar)
        .save(
            &doc,
            &[note(1, "Marisol", 1), note(2, "Keep the Library", 2)],
        )
        .unwrap();
    std::fs::write(
        home.path().join("articles/essay.txt.annotty.toml.bak"),
        "old",
    )
    .unwrap();
    std::fs::write(home.path().join("articles/essay.txt.annotty.toml.lock"), "").unwrap();
    // The other machine deleted note 2 and added a note: Syncthing kept
    // its version as a conflict copy.
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

    let term = home.spawn(&["articles/essay.txt"], 100, 30);
    term.wait_text("2 notes came in from a sync conflict copy");
    assert!(
        !copy.exists(),
        "the copy is removed once the merge is saved"
    );
    assert_eq!(
        support::live_quotes(&sidecar),
        ["Marisol", "half a library"]
    );
    support::quit(&term);

    let mut names: Vec<String> = std::fs::read_dir(home.path().join("articles"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["essay.txt", "essay.txt.annotty.toml"]);
    let backup = Store::beside(&article)
        .keeping_files_in(Some(&support::data_dir(home.path())))
        .backup_path();
    assert_eq!(
        std::fs::read(backup).unwrap(),
        before,
        "the backup keeps the previous version"
    );
}
