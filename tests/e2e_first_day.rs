//! What a first day of reading with annotty stumbled on (issue 19), in
//! the real binary in a pseudo-terminal: wording, quick highlights of
//! hard-wrapped text, what a highlight says it saved, tags, the mouse on
//! a highlight, and where `]` puts a highlight.

mod support;

use std::path::Path;
use support::pty::Term;
use support::{Home, quit};

const ESSAY: &str = include_str!("../seeds/essay.txt");

/// The annotations of `article`'s sidecar, as generic tables.
fn saved(article: &Path) -> Vec<toml::Table> {
    support::live_annotations(&support::sidecar_of(article)).unwrap()
}

/// Wait until the sidecar of `article` holds `n` live annotations.
fn wait_saved(article: &Path, n: usize) -> Vec<toml::Table> {
    support::eventually(&format!("{n} annotations saved"), || {
        saved(article).len() == n
    });
    saved(article)
}

/// The essay open in a new home at `cols`×`rows`.
fn essay(home: &Home, cols: u16, rows: u16) -> Term {
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], cols, rows);
    term.wait_text("Keep the Library");
    term
}

#[test]
fn a_bad_pattern_says_error_once() {
    let home = Home::new();
    let term = essay(&home, 80, 24);
    term.send_str("/(");
    term.wait_text("(bad pattern: unclosed group)");
    assert!(!term.contains("error"), "{}", term.dump());
    term.key_esc();
    term.wait_no_text("bad pattern");
    quit(&term);
}

#[test]
fn a_misspelt_action_in_the_config_is_named_with_the_closest_one() {
    let home = Home::new();
    home.write("config.toml", "[keys.normal]\nx = \"hightlight\"\n");
    let term = essay(&home, 160, 24);
    term.wait_text("unknown action \"hightlight\" — did you mean \"highlight\"?");
    quit(&term);
}

#[test]
fn the_editor_s_file_starts_with_the_quote_which_is_not_kept() {
    use std::os::unix::fs::PermissionsExt;
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    // An editor that keeps a copy of what it was given and adds a line.
    let editor = home.write(
        "editor",
        format!(
            "#!/bin/sh\ncp \"$1\" '{}/seen.txt'\nprintf 'my note\\n' >> \"$1\"\n",
            home.path().display()
        ),
    );
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let term = Term::builder(support::annotty_bin())
        .args(["essay.txt"])
        .home(home.path())
        .env("VISUAL", &editor)
        .size(90, 30)
        .spawn();
    term.wait_text("Keep the Library");
    term.send_str("/tariff");
    term.key_enter();
    term.send_str("ve");
    term.key_enter();
    let article = home.path().join("essay.txt");
    wait_saved(&article, 1);
    term.send_str("E");
    support::eventually("the note from the editor", || {
        saved(&article)
            .first()
            .and_then(|a| a.get("note")?.as_str().map(str::to_string))
            .is_some_and(|n| !n.is_empty())
    });
    let seen = std::fs::read_to_string(home.path().join("seen.txt")).unwrap();
    assert!(seen.starts_with("#> "), "{seen}");
    assert!(seen.contains("\n#>   tariff\n"), "{seen}");
    assert_eq!(saved(&article)[0]["note"].as_str(), Some("my note"));
    quit(&term);
}
