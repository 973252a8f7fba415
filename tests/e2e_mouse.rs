//! The mouse in the real binary over text that hides some of its bytes:
//! a drag over words after hidden Markdown markup, and over words after a
//! hidden page header and footer, selects exactly the words dragged over
//! (the sidecar's quote, read after quit).

mod support;

use support::pty::Term;
use support::{Home, quit};

const MEMO: &str = include_str!("fixtures/rfc_like.txt");

const PEARS: &str = "# Pears\n\n\
The old tree gives **very good** pears in a\nwarm year, and *few* in a cold one.\n\n\
- [a survey](https://example.org/pears) of the orchard\n";

/// Drag from the first cell of `word` (as shown) to its last, then press
/// Enter to highlight the selection.
fn drag_over(term: &Term, word: &str) {
    let (row, col) = term
        .find(word)
        .unwrap_or_else(|| panic!("{word} on screen:\n{}", term.dump()));
    let last = col + word.chars().count() as u16 - 1;
    // SGR reports are 1-based.
    term.mouse_sgr_drag_path(
        (col + 1, row + 1),
        &[(col + 3, row + 1), (last + 1, row + 1)],
    );
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(term);
}

/// The quotes of the sidecar of `article`, in the order of their start.
fn quotes(article: &std::path::Path) -> Vec<String> {
    let mut saved = support::live_annotations(&support::sidecar_of(article)).unwrap();
    saved.sort_by_key(|a| a["start"].as_integer());
    saved
        .iter()
        .map(|a| a["quote"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_drag_after_hidden_markdown_markup_selects_the_words_dragged_over() {
    let home = Home::new();
    let md = home.write("pears.md", PEARS);
    let term = home.spawn(&["pears.md"], 80, 12);
    term.wait_text("very good pears in a warm year");
    term.wait_text("• a survey of the orchard");
    // After `**very good**`: four asterisks hidden before it on its row.
    drag_over(&term, "pears in");
    // After `[a survey](https://example.org/pears)`: 30 bytes hidden.
    drag_over(&term, "orchard");
    quit(&term);
    assert_eq!(quotes(&md), ["pears in", "orchard"]);
}

#[test]
fn a_drag_after_a_hidden_page_header_selects_the_words_dragged_over() {
    let home = Home::new();
    let memo = home.write("memo.txt", MEMO);
    home.write(
        "config.toml",
        "reflow = \"always\"\ntext_width = 80\npage_breaks = \"hide\"\n",
    );
    let pole = MEMO
        .lines()
        .position(|l| l.starts_with("The pole stands"))
        .unwrap()
        + 1;
    let term = home.spawn(&[format!("memo.txt:{pole}")], 100, 40);
    // The row that joins the paragraph across the hidden footer, form feed
    // and header (their bytes lie between `keeper` and `returns`).
    term.wait_text("when the keeper returns and lights the lower lantern again.");
    assert!(!term.contains("[Page 1]"), "{}", term.dump());
    drag_over(&term, "lights the lower");
    quit(&term);
    assert_eq!(quotes(&memo), ["lights the lower"]);
}
