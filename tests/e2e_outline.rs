//! The outline (`t`) in a pseudo-terminal: the headings of a Gutenberg
//! style book, an RFC-style text and a Markdown file; Enter jumps to the
//! right row, typing filters, the status row shows the section.

mod support;

use support::pty::{Term, screen_contains};
use support::{Home, quit, texts};

/// Rows of text above a heading jumped to (`app::CONTEXT_ROWS`).
const CONTEXT: u16 = 2;

/// Wait until screen row `row` holds `text` (trimmed).
fn wait_row(term: &Term, row: u16, text: &str) {
    term.wait_until(&format!("row {row} is {text:?}"), |s| {
        s.contents_between(row, 0, row, s.size().1).trim() == text
    });
}

/// Wait until the status row (the last) contains `text`.
fn wait_status(term: &Term, text: &str) {
    term.wait_until(&format!("status row holds {text:?}"), |s| {
        let last = s.size().0 - 1;
        s.contents_between(last, 0, last, s.size().1).contains(text)
    });
}

/// An RFC-style text: a title block, a contents list, numbered sections,
/// a drawing, a page footer and header around a form feed.
const RFC: &str = include_str!("fixtures/outline-rfc.txt");

const MARKDOWN: &str = "\
---
title: Lantern notes
---

# Lantern notes

Some text about lanterns, with a `# hash` inside it.

## Wicks

Trim them square.

```sh
# not a heading
trim --square wick
```

Oil
---

Whale oil is out; paraffin is in.

### Storage

Keep it cool.

Keep it away from the lamp room, and away from the stairs, where a
spilled can would make the climb a danger to every keeper after you.

Count the cans each evening.

Write the count in the ledger.
";

#[test]
fn a_gutenberg_book_lists_its_chapters_and_enter_jumps_to_one() {
    let home = Home::new();
    home.write("ledger.txt", texts::book(6, false, 11));
    let term = home.spawn(&["ledger.txt"], 110, 24);
    term.wait_text("The Harbour Press edition");
    term.send_str("t");
    term.wait_text("outline — type to filter");
    // The title first, the chapters indented under it.
    // The title first (the current section, marked), the contents and
    // the chapters one step in, but not the contents' first entry.
    term.wait_text("│▸ The Harbour Press edition of The Keeper's Ledger, by Ada Marlow");
    term.wait_text("│    CONTENTS");
    term.wait_text("│    CHAPTER I.  ");
    term.wait_text("│    CHAPTER VI.");
    assert!(
        !term.screen_text().contains("CHAPTER I.  Q"),
        "{}",
        term.dump()
    );
    // Typing filters.
    term.send_str("iv");
    term.wait_no_text("CHAPTER VI.");
    term.wait_text("│    CHAPTER IV.");
    term.key_enter();
    term.wait_no_text("outline — type to filter");
    wait_row(&term, CONTEXT, "CHAPTER IV.");
    wait_status(&term, "§ CHAPTER IV.");
    // '' goes back.
    term.send_str("''");
    wait_row(
        &term,
        0,
        "The Harbour Press edition of The Keeper's Ledger, by Ada Marlow",
    );
    // Esc closes without moving.
    term.send_str("t");
    term.wait_text("outline — type to filter");
    term.key_esc();
    term.wait_no_text("outline — type to filter");
    wait_row(
        &term,
        0,
        "The Harbour Press edition of The Keeper's Ledger, by Ada Marlow",
    );
    quit(&term);
}

#[test]
fn an_rfc_style_text_lists_its_numbered_sections_by_level() {
    let home = Home::new();
    home.write("rfc9999.txt", RFC);
    let term = home.spawn(&["rfc9999.txt"], 80, 12);
    term.wait_text("Internet Engineering Task Force");
    term.send_str("t");
    term.wait_text("│  The Lantern Transfer Protocol (LTP)");
    term.wait_text("│    1.  Introduction");
    term.wait_text("│      2.1.  Message Body");
    term.wait_text("│    3.  Security Considerations");
    term.wait_text("│    Author's Address");
    // Neither the page header and footer nor the drawing.
    term.wait_until("no page header, footer or drawing", |s| {
        !screen_contains(s, "[Page 1]")
            && !screen_contains(s, "June 2026")
            && !screen_contains(s, "Keeper |")
    });
    term.send_str("body");
    term.wait_no_text("Introduction");
    term.key_enter();
    wait_row(&term, CONTEXT, "2.1.  Message Body");
    quit(&term);
}

#[test]
fn a_markdown_file_lists_its_headings_but_not_a_fenced_comment() {
    let home = Home::new();
    home.write("lanterns.md", MARKDOWN);
    // Wide enough for the section after the other fields of the status row.
    let term = home.spawn(&["lanterns.md"], 90, 10);
    // Rendered: the front matter is one summary row.
    term.wait_text("⌄ Lantern notes");
    term.send_str("t");
    term.wait_text("│▸ Lantern notes");
    term.wait_text("│    Wicks");
    term.wait_text("│    Oil");
    term.wait_text("│      Storage");
    assert!(
        !term.screen_text().contains("not a heading"),
        "{}",
        term.dump()
    );
    term.key_down();
    term.key_down();
    term.key_down();
    term.key_enter();
    wait_row(&term, CONTEXT, "§§§ Storage");
    wait_status(&term, "§ Storage");
    quit(&term);
}

#[test]
fn a_large_article_outline_fills_in_from_the_background_scan() {
    let home = Home::new();
    // Over 1 MiB: memory-mapped and scanned after the first frame.
    let book = texts::book(150, false, 5);
    assert!(book.len() > 1 << 20);
    home.write("big.txt", &book);
    let term = home.spawn(&["big.txt"], 80, 24);
    term.wait_text("The Harbour Press edition");
    term.send_str("t");
    term.wait_text("outline — type to filter");
    // The last chapter, once the scan has read that far; then the outline
    // no longer says it is incomplete.
    term.send_str("lll");
    term.wait_text("│    CHAPTER LLL.");
    term.wait_no_text("outline so far");
    term.key_enter();
    wait_row(&term, CONTEXT, "CHAPTER LLL.");
    quit(&term);
}
