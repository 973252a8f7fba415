//! Annotations follow an article that was edited on disk.

mod support;
use support::quit;

use std::path::Path;
use support::annotty_bin;
use support::pty::Term;

const ESSAY: &str = include_str!("../seeds/essay.txt");

fn spawn(dir: &Path) -> Term {
    // One data directory for the test, wherever the article is.
    let home = if dir.ends_with("moved") {
        dir.parent().unwrap()
    } else {
        dir
    };
    Term::builder(annotty_bin())
        .arg("essay.txt")
        .cwd(dir)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .size(100, 30)
        .spawn()
}

/// (quote, state) of every annotation in the sidecar.
fn sidecar(dir: &Path) -> Vec<(String, String, usize, usize)> {
    let text = std::fs::read_to_string(dir.join("essay.txt.annotty.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    doc["annotation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let s = |k: &str| a.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
            let n = |k: &str| a[k].as_integer().unwrap() as usize;
            (s("quote"), s("state"), n("start"), n("end"))
        })
        .collect()
}

#[test]
fn highlights_follow_edits_become_fuzzy_or_orphans() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let term = spawn(dir.path());
    term.wait_text("Keep the Library");
    term.send_str("/Marisol\rvee\r");
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    term.send_str("/nostalgic\rveeee\r");
    support::after_highlight(&term);
    term.wait_text("2 highlights");
    term.send_str("/Both statements\rs");
    support::after_highlight(&term);
    term.wait_text("3 highlights");
    quit(&term);
    let before = sidecar(dir.path());
    let quotes: Vec<&str> = before.iter().map(|a| a.0.as_str()).collect();
    assert!(quotes.contains(&"Marisol Okafor"), "{quotes:?}");
    assert!(quotes.contains(&"nostalgic luxury in an"), "{quotes:?}");
    assert!(quotes.contains(&"Both statements are true."), "{quotes:?}");

    // Edit the article: a paragraph at the top, a word changed inside one
    // highlight, another highlight's sentence deleted.
    let edited = ESSAY
        .replacen(
            '\n',
            "\nAn editor’s note: this column was corrected after publication.\n",
            1,
        )
        .replace("nostalgic luxury", "nostalgic luxuries")
        .replace("Both statements are true. ", "");
    assert_ne!(edited, ESSAY);
    std::fs::write(dir.path().join("essay.txt"), &edited).unwrap();

    let term = spawn(dir.path());
    term.wait_text("1 moved");
    term.wait_text("1 orphaned");
    // The new places are saved (off the reader's thread).
    let orphaned = || sidecar(dir.path()).iter().any(|a| a.1 == "orphan");
    support::eventually("the orphan saved", orphaned);
    let after = sidecar(dir.path());
    let find = |q: &str| after.iter().find(|a| a.0 == q).unwrap().clone();
    let chars: Vec<char> = edited.chars().collect();
    let exact = find("Marisol Okafor");
    assert_eq!(exact.1, "", "placed exactly, no state");
    assert_eq!(
        chars[exact.2..exact.3].iter().collect::<String>(),
        "Marisol Okafor"
    );
    let fuzzy = find("nostalgic luxury in an");
    assert_eq!(fuzzy.1, "fuzzy");
    assert!(
        chars[fuzzy.2..fuzzy.3]
            .iter()
            .collect::<String>()
            .starts_with("nostalgic luxuries")
    );
    let orphan = find("Both statements are true.");
    assert_eq!(orphan.1, "orphan", "kept in the sidecar as an orphan");
    // The first highlight is drawn on the same words.
    // The search match is drawn in reverse video until Esc; waiting for
    // each state keeps the Esc apart from the next key (an Esc and a key
    // read together are one Alt-key).
    let okafor_inverse = |s: &vt100::Screen| {
        support::pty::find_all(s, "Okafor")
            .first()
            .is_some_and(|&(r, c)| s.cell(r, c).is_some_and(|cell| cell.inverse()))
    };
    term.send_str("/Okafor\r");
    term.wait_until("Okafor found", okafor_inverse);
    term.key_esc();
    term.wait_until("Marisol Okafor drawn yellow", |s| {
        support::pty::first_has_background(s, "Marisol", vt100::Color::Idx(3)) && !okafor_inverse(s)
    });
    term.send_str("\t");
    term.wait_text("orphan]");
    term.wait_text("approximate]");
    term.key_esc();
    term.wait_no_text("approximate]");
    quit(&term);
}

/// The essay highlighted in a scratch directory, then the same text
/// opened from `moved/` (without a sidecar) there: annotty offers to
/// import the first one's annotations.
fn moved_copy() -> (tempfile::TempDir, Term) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let term = spawn(dir.path());
    term.wait_text("Keep the Library");
    term.send_str("/Marisol\rvee\r");
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    quit(&term);
    // The same text somewhere else, without a sidecar.
    std::fs::create_dir(dir.path().join("moved")).unwrap();
    std::fs::write(dir.path().join("moved/essay.txt"), ESSAY).unwrap();
    let term = spawn(&dir.path().join("moved"));
    (dir, term)
}

#[test]
fn an_import_offer_is_dismissed_with_esc() {
    let (_dir, term) = moved_copy();
    term.wait_text("i imports, Esc dismisses");
    term.key_esc();
    term.wait_text("not imported");
    term.wait_no_text("i imports, Esc dismisses");
    term.send_str("i");
    term.wait_text("nothing to import");
    quit(&term);
}

#[test]
fn a_moved_article_offers_its_annotations_and_i_imports_them() {
    let (dir, term) = moved_copy();
    // The whole offer, its path shortened to `~` (the home is `dir`),
    // the right number, on as many rows as it needs.
    term.wait_text("found 1 annotation for this text at");
    term.wait_text("~/essay.txt.annotty.toml — i imports, Esc dismisses");
    // It waits for its key: other keys leave it standing.
    term.send_str("j");
    term.wait_until("the title scrolled off", |s| {
        !s.contents_between(0, 0, 0, 100)
            .contains("Keep the Library")
    });
    assert!(term.contains("i imports, Esc dismisses"), "{}", term.dump());
    term.send_str("i");
    term.wait_text("imported 1 annotation from ~/essay.txt.annotty.toml");
    term.wait_no_text("i imports, Esc dismisses");
    term.send_str("j");
    term.wait_text("1 highlight");
    quit(&term);
    let moved = dir.path().join("moved");
    let text = std::fs::read_to_string(moved.join("essay.txt.annotty.toml")).unwrap();
    assert!(text.contains("quote = \"Marisol Okafor\""), "{text}");
}
