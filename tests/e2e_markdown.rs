//! A Markdown article in the real binary in a pseudo-terminal (issue 14):
//! rendered in place, a highlight made over hidden markup keeps the source
//! slice, export's `LINE:COL` of the `.md` file lands on the quote in real
//! `vim -q`, the Markdown export quotes the rendered words, and reopening
//! shows the highlight over them.

mod support;

use std::process::Command;
use support::pty::first_has_background;
use support::{Home, quit};

const ARTICLE: &str = "---\ntitle: Pears\nauthor: Ann\n---\n\n# Pears\n\n\
The old tree gives **very good** pears in a\nwarm year, and *few* in a cold one.\n\n\
- [a survey](https://example.org/pears) of the orchard\n";

#[test]
fn a_highlight_over_bold_keeps_its_markup_and_lands_in_vim() {
    let home = Home::new();
    let md = home.write("pears.md", ARTICLE);
    let term = home.spawn(&["pears.md"], 80, 12);
    term.wait_text("⌄ Pears · Ann");
    // Rendered: no asterisks, the soft break reflowed.
    term.wait_text("§ Pears");
    term.wait_text("The old tree gives very good pears in a warm year, and few in a cold one.");
    assert!(!term.contains("**"), "{}", term.dump());
    term.wait_text("• a survey of the orchard");

    // Search a word inside the bold, select to the end of the next word
    // as shown (`e` steps over the hidden closing `**`), highlight.
    term.send_str("/good");
    term.key_enter();
    term.send_str("vee");
    term.key_enter();
    support::after_highlight(&term);
    // The sidecar is saved on a thread of its own: read it once quit is done.
    quit(&term);
    let saved = support::live_annotations(&support::sidecar_of(&md)).unwrap();
    assert_eq!(saved.len(), 1);
    let quote = saved[0]["quote"].as_str().unwrap();
    assert_eq!(quote, "good** pears", "the source slice, with its markup");
    let start = saved[0]["start"].as_integer().unwrap() as usize;
    assert_eq!(&ARTICLE[start..start + quote.len()], quote);

    // Export: LINE:COL of the .md file; real vim lands on the quote.
    let (code, out, err) = home.run(&["export", "pears.md", "-o", "errors.txt"]);
    assert_eq!(code, 0, "{out}{err}");
    let grep = std::fs::read_to_string(home.path().join("errors.txt")).unwrap();
    assert!(grep.starts_with("pears.md:8:27: "), "{grep}");
    let done = Command::new("vim")
        .current_dir(home.path())
        .env("HOME", home.path())
        .args(["-u", "NONE", "-i", "NONE", "-n", "-N", "-es"])
        .args(["--cmd", "set encoding=utf-8 fileencodings="])
        .args(["-q", "errors.txt", "-c", "redir! > vim-out.txt"])
        .args([
            "-c",
            "cc 1",
            "-c",
            "echo 'AT ' . getline('.')[col('.') - 1 :]",
        ])
        .args(["-c", "redir END", "-c", "qa!"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("vim must be installed (.ci/run installs it)");
    assert!(done.status.success(), "{done:?}");
    let at = std::fs::read_to_string(home.path().join("vim-out.txt")).unwrap();
    assert!(at.contains("AT good** pears in a"), "{at}");

    // The Markdown export quotes the words as they read.
    let (code, out, err) = home.run(&["export", "--format", "markdown", "pears.md"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("> good pears\n"), "{out}");

    // Reopened: the highlight is over the rendered words.
    let term = home.spawn(&["pears.md"], 80, 12);
    term.wait_text("gives very good pears");
    term.wait_until("the highlight over good pears", |s| {
        first_has_background(s, "good pears", vt100::Color::Idx(3))
    });
    assert!(
        !term.with_screen(|s| first_has_background(s, "very good", vt100::Color::Idx(3))),
        "very is not highlighted"
    );
    quit(&term);
}

#[test]
fn m_shows_the_source_at_the_same_place_and_a_focused_link_is_shown() {
    let home = Home::new();
    home.write("pears.md", ARTICLE);
    let term = home.spawn(&["pears.md"], 80, 12);
    term.wait_text("• a survey of the orchard");
    term.send_str("M");
    term.wait_text("Markdown source (M: rendered)");
    term.wait_text("The old tree gives **very good** pears in a");
    term.wait_text("title: Pears");
    term.send_str("M");
    term.wait_text("Markdown rendered (M: its source)");
    term.wait_text("⌄ Pears · Ann");
    // Highlight the link's text: the new highlight has the focus, and the
    // status row shows the URL. (`]` would look for one after it.)
    term.send_str("/survey");
    term.key_enter();
    term.send_str("ve");
    term.key_enter();
    support::after_highlight(&term);
    term.wait_text("→ https://example.org/pears");
    term.key_enter();
    term.wait_text("copied 25 characters");
    // In select mode, `gx` with the caret on the link copies it too.
    term.send_str("/survey");
    term.key_enter();
    term.wait_until("the message gone", |s| {
        !support::pty::screen_contains(s, "copied")
    });
    term.send_str("vgx");
    term.wait_text("copied 25 characters");
    term.key_esc();
    term.wait_until("select mode left", |s| {
        !support::pty::screen_contains(s, "SELECT")
    });
    quit(&term);
}
