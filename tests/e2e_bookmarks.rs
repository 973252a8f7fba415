//! Bookmarks that last (`m` + an uppercase letter) in the real binary: kept
//! in the sidecar as `[[bookmark]]`, found again after the article was
//! edited, listed in the outline; lowercase marks stay for the session.

mod support;

use support::{Home, eventually, quit};

/// 300 numbered lines, one paragraph each.
fn lines(from: usize, to: usize) -> String {
    (from..to)
        .map(|i| format!("Line {i:03} says something about the river.\n"))
        .collect()
}

#[test]
fn an_uppercase_bookmark_is_kept_and_survives_an_edit_of_the_article() {
    let home = Home::new();
    let article = home.write("log.txt", lines(0, 300));
    let sidecar = home.path().join("log.txt.annotty.toml");
    let term = home.spawn(&["log.txt"], 80, 24);
    term.wait_text("Line 000");
    // A highlight, so that opening the edited article saves the notes
    // placed again (and the sidecar records the new text).
    term.send_str("vee");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    term.send_str(":150\r");
    term.wait_text("Line 150");
    let top_row = |term: &support::pty::Term| {
        term.with_screen(|s| s.contents().lines().next().unwrap_or("").trim().to_string())
    };
    let marked = top_row(&term);
    assert!(marked.starts_with("Line 1"), "{marked}");
    term.send_str("mA");
    term.wait_text("bookmark A set");
    eventually("the bookmark in the sidecar", || {
        std::fs::read_to_string(&sidecar).is_ok_and(|s| s.contains("[[bookmark]]\n"))
    });
    // A lowercase mark is the session's only.
    term.send_str("ma");
    term.wait_text("mark a set");
    quit(&term);
    let saved = std::fs::read_to_string(&sidecar).unwrap();
    assert!(saved.contains("name = \"A\""), "{saved}");
    assert!(!saved.contains("name = \"a\""), "{saved}");

    // Twenty lines added at the top: the bookmark follows its text.
    let edited = format!("{}{}", lines(900, 920), lines(0, 300));
    std::fs::write(&article, edited).unwrap();
    let term = home.spawn(&["log.txt"], 80, 24);
    term.wait_text("Line 9");
    term.send_str("g");
    term.wait_text("Line 900");
    term.send_str("t");
    term.wait_text(&format!("'A “{}", &marked[..8]));
    term.key_esc();
    term.wait_no_text("outline —");
    term.send_str("'A");
    term.wait_no_text("Line 900");
    assert_eq!(
        top_row(&term),
        marked,
        "the bookmarked line at the top: {}",
        term.dump()
    );
    quit(&term);

    // Opened again (the sidecar now records the edited text, so nothing
    // is placed again): the bookmark was saved where it is now.
    let term = home.spawn(&["log.txt"], 80, 24);
    term.wait_text("Line ");
    term.send_str("g");
    term.wait_text("Line 900");
    term.send_str("'A");
    term.wait_no_text("Line 900");
    assert_eq!(top_row(&term), marked, "opened again: {}", term.dump());
    quit(&term);
}
