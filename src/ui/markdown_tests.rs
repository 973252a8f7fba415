//! Pictures of rendered Markdown, every construct at two widths.

use super::*;
use crate::app::Settings;
use crate::document::Document;
use crate::keymap::Keymap;
use crate::test_support::lines;
use crate::wrap::Typeset;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Balanced rows, hyphenated and justified as asked.
fn set(hyphenate: bool, justify: bool) -> Typeset {
    Typeset {
        hyphenate,
        justify,
        ..Typeset::BOOK
    }
}

/// The text rows of `text` opened as `a.md` with a text column of `width`
/// columns (in a screen 4 columns wider, or the narrowest one that is
/// read in), trailing empty rows left out.
fn picture(text: &str, width: u16) -> Vec<String> {
    picture_set(text, width, crate::wrap::Typeset::BOOK)
}

/// [`picture`] with rows set as `typeset` says.
fn picture_set(text: &str, width: u16, typeset: crate::wrap::Typeset) -> Vec<String> {
    let height = 30;
    let settings = Settings {
        text_width: width,
        typeset,
        ..Settings::default()
    };
    // Two columns of gutter each side, at least.
    let screen = (width + 4).max(crate::app::MIN_WIDTH);
    let mut app = App::new(Keymap::default(), settings, (screen, height));
    app.open(Document::from_text("a.md", text));
    let left = app.text_left() as usize;
    let mut term = Terminal::new(TestBackend::new(screen, height)).unwrap();
    term.draw(|f| {
        f.render_widget(
            Screen {
                app: &app,
                theme: Theme::default(),
            },
            f.area(),
        )
    })
    .unwrap();
    let mut rows: Vec<String> = lines(term.backend().buffer())
        .iter()
        .map(|r| r.chars().skip(left).collect())
        .collect();
    rows.pop(); // the status row
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    rows
}

/// The buffer itself, to look at styles.
fn buffer(text: &str, width: u16) -> Buffer {
    buffer_set(text, width, Typeset::BOOK).0
}

/// [`buffer`] with rows set as `typeset` says, and the app.
fn buffer_set(text: &str, width: u16, typeset: Typeset) -> (Buffer, App) {
    let settings = Settings {
        text_width: width,
        typeset,
        ..Settings::default()
    };
    let mut app = App::new(Keymap::default(), settings, (width + 4, 10));
    app.open(Document::from_text("a.md", text));
    let mut term = Terminal::new(TestBackend::new(width + 4, 10)).unwrap();
    term.draw(|f| {
        f.render_widget(
            Screen {
                app: &app,
                theme: Theme::default(),
            },
            f.area(),
        )
    })
    .unwrap();
    (term.backend().buffer().clone(), app)
}

#[test]
fn markdown_raw_in_the_config_shows_the_source_and_m_renders_it() {
    let settings = Settings {
        text_width: 40,
        markdown: crate::markdown::Mode::Raw,
        ..Settings::default()
    };
    let mut app = App::new(Keymap::default(), settings, (44, 6));
    app.open(Document::from_text(
        "a.md",
        "# Title\n\nSome **bold** text.",
    ));
    let draw = |app: &App| {
        let mut term = Terminal::new(TestBackend::new(44, 6)).unwrap();
        let theme = Theme::default();
        term.draw(|f| f.render_widget(Screen { app, theme }, f.area()))
            .unwrap();
        lines(term.backend().buffer())
    };
    assert_eq!(draw(&app)[2], "  Some **bold** text.");
    app.key(crate::keymap::Key::Char('M'));
    assert_eq!(draw(&app)[2], "  Some bold text.");
    // Plain text has nothing to render.
    app.open(Document::from_text("a.txt", "Some **bold** text."));
    app.key(crate::keymap::Key::Char('M'));
    assert!(app.message.as_deref().unwrap().starts_with("not Markdown"));
}

#[test]
fn emphasis_strong_strike_and_code_hide_their_marks() {
    let text = "Some **very** good *words* and ~~bad~~ ones with `code` in them.";
    assert_eq!(
        picture(text, 40),
        ["Some very good words and bad ones with", "code in them."]
    );
    assert_eq!(
        picture(text, 20),
        ["Some very good words", "and bad ones with", "code in them."]
    );
    let buf = buffer(text, 40);
    assert!(
        buf[(7, 0)].modifier.contains(Modifier::BOLD),
        "very is bold"
    );
    assert!(buf[(17, 0)].modifier.contains(Modifier::ITALIC), "words");
    assert!(buf[(27, 0)].modifier.contains(Modifier::CROSSED_OUT), "bad");
    assert!(!buf[(2, 0)].modifier.contains(Modifier::BOLD));
}

#[test]
fn headings_have_a_level_mark() {
    let text = "# Title of it all\n\n## Second level heading\n\nSetext\n======";
    assert_eq!(
        picture(text, 40),
        [
            "§ Title of it all",
            "",
            "§§ Second level heading",
            "",
            "§ Setext"
        ]
    );
    assert_eq!(
        picture(text, 16),
        [
            "§ Title of",
            "  it all",
            "",
            "§§ Second level",
            "   heading",
            "",
            "§ Setext"
        ]
    );
    assert!(buffer(text, 40)[(4, 0)].modifier.contains(Modifier::BOLD));
}

#[test]
fn lists_have_bullets_numbers_and_a_hanging_indent() {
    let text = "- first item that is long\n- second\n  - nested one\n\n1. one\n2. two and more words\n- [x] done\n- [ ] to do";
    assert_eq!(
        picture(text, 40),
        [
            "• first item that is long",
            "• second",
            "  ◦ nested one",
            "",
            "1. one",
            "2. two and more words",
            "• ☑ done",
            "• ☐ to do"
        ]
    );
    assert_eq!(
        picture(text, 16),
        [
            "• first item",
            "  that is long",
            "• second",
            "  ◦ nested one",
            "",
            "1. one",
            "2. two and more",
            "   words",
            "• ☑ done",
            "• ☐ to do"
        ]
    );
}

#[test]
fn an_items_later_paragraphs_stay_under_its_text() {
    // Indented by two or four columns (to the item's text or past it, not
    // as far as code), after a blank line: paragraphs of the item.
    let text = "- first item that is long\n  and continues.\n\n    A second paragraph of it.\n\n  Another paragraph.\n\n1. one\n\n   Its paragraph.\n\nAfter the list.\n\n    code at the margin";
    assert_eq!(
        picture(text, 40),
        [
            "• first item that is long and continues.",
            "",
            "  A second paragraph of it.",
            "",
            "  Another paragraph.",
            "",
            "1. one",
            "",
            "   Its paragraph.",
            "",
            "After the list.",
            "",
            "│ code at the margin"
        ]
    );
    assert_eq!(
        picture(text, 16),
        [
            "• first item",
            "  that is long",
            "  and continues.",
            "",
            "  A second",
            "  paragraph",
            "  of it.",
            "",
            "  Another",
            "  paragraph.",
            "",
            "1. one",
            "",
            "   Its",
            "   paragraph.",
            "",
            "After the list.",
            "",
            "│ code at the ma",
            "↪ rgin"
        ]
    );
}

#[test]
fn block_quotes_get_a_bar_and_reflow() {
    let text = "> A quoted line\n> that goes on.\n>\n> > Nested quote.";
    assert_eq!(
        picture(text, 40),
        ["│ A quoted line that goes on.", "│", "│ │ Nested quote."]
    );
    assert_eq!(
        picture(text, 16),
        [
            "│ A quoted line",
            "│ that goes on.",
            "│",
            "│ │ Nested",
            "│ │ quote."
        ]
    );
}

#[test]
fn code_blocks_keep_their_lines_and_wrap_with_a_marker() {
    let text = "```rust\nfn main() { println!(\"hi\"); }\nlet x;\n```\n\n    indented code\n";
    assert_eq!(
        picture(text, 40),
        [
            "╭─ rust",
            "│ fn main() { println!(\"hi\"); }",
            "│ let x;",
            "╰─",
            "",
            "│ indented code"
        ]
    );
    assert_eq!(
        picture(text, 16),
        [
            "╭─ rust",
            "│ fn main() { pr",
            "↪ intln!(\"hi\");",
            "↪  }",
            "│ let x;",
            "╰─",
            "",
            "│ indented code"
        ]
    );
}

#[test]
fn a_thematic_break_is_a_rule() {
    let text = "above\n\n***\n\nbelow";
    assert_eq!(
        picture(text, 20),
        ["above", "", "────────────────────", "", "below"]
    );
    assert_eq!(
        picture(text, 16),
        ["above", "", "────────────────", "", "below"]
    );
}

#[test]
fn tables_are_aligned_or_plain_when_too_wide() {
    let text = "| a | bee |\n|---|---|\n| *a longer cell* | c |\n";
    assert_eq!(
        picture(text, 40),
        [
            "a             │ bee",
            "──────────────┼────",
            "a longer cell │ c"
        ]
    );
    assert_eq!(
        picture(text, 16),
        ["| a | bee |", "|---|---|", "| *a longer", "cell* | c |"]
    );
}

#[test]
fn links_show_their_text_and_images_their_alt() {
    let text = "See [the survey](https://example.org/s) and ![a label](l.jpg).";
    assert_eq!(picture(text, 40), ["See the survey and [image: a label]."]);
    assert_eq!(
        picture(text, 16),
        ["See the survey", "and [image: a", "label]."]
    );
    let buf = buffer(text, 40);
    assert!(buf[(6, 0)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn front_matter_is_one_summary_row() {
    let text = "---\ntitle: Orchard\nauthor: Ann\nsite: example.org\nsaved: 2026\n---\n\nText.";
    assert_eq!(
        picture(text, 40),
        ["⌄ Orchard · Ann · example.org", "", "Text."]
    );
    assert_eq!(picture(text, 16), ["⌄ Orchard · Ann", "", "Text."]);
}

#[test]
fn soft_breaks_reflow_and_hard_breaks_stay() {
    let text = "one line\nand the next\n\nkept  \nbreak";
    assert_eq!(
        picture(text, 40),
        ["one line and the next", "", "kept", "break"]
    );
    assert_eq!(
        picture(text, 16),
        // Balanced by default: the paragraph does not end in a lone word.
        ["one line and", "the next", "", "kept", "break"]
    );
}

#[test]
fn footnotes_and_html_stay_dimmed() {
    let text = "Text.[^1]\n\n[^1]: The note.\n\n<script>alert(1)</script>";
    assert_eq!(
        picture(text, 40),
        [
            "Text.[^1]",
            "",
            "[^1]: The note.",
            "",
            "<script>alert(1)</script>"
        ]
    );
    assert_eq!(
        picture(text, 16),
        [
            "Text.[^1]",
            "",
            "[^1]: The note.",
            "",
            "<script>alert(1)",
            "</script>"
        ]
    );
}

#[test]
fn an_image_mark_fits_a_narrow_column() {
    // `[image: ` takes 8 columns: narrower than that it is a bare `[`.
    let text = "- ![a label](l.jpg) x";
    assert_eq!(picture(text, 12), ["• [image: a", "  label] x"]);
    assert_eq!(picture(text, 8), ["• [a", "  label]", "  x"]);
    assert_eq!(picture("![a b](l.jpg)", 3), ["[a", "b]"]);
}

#[test]
fn a_wrapped_code_row_keeps_its_leading_blanks() {
    // The blanks a cut falls after start the next row, where they show.
    let text = "```\nabcdefghijklm  op\n```\n\n    abcdefghijkl    q\n";
    assert_eq!(
        picture(text, 16),
        [
            "╭─",
            "│ abcdefghijklm",
            "↪   op",
            "╰─",
            "",
            "│ abcdefghijkl",
            "↪     q"
        ]
    );
    assert_eq!(
        picture(text, 40),
        ["╭─", "│ abcdefghijklm  op", "╰─", "", "│ abcdefghijkl    q"]
    );
}

#[test]
fn table_columns_are_aligned_as_their_delimiters_say() {
    let text = "| left | centre | right |\n|:--|:-:|--:|\n| a | b | c |\n| longer | much longer | 12345 |\n";
    assert_eq!(
        picture(text, 40),
        [
            "left   │   centre    │ right",
            "───────┼─────────────┼──────",
            "a      │      b      │     c",
            "longer │ much longer │ 12345"
        ]
    );
    assert_eq!(
        picture(text, 28),
        [
            "left   │   centre    │ right",
            "───────┼─────────────┼──────",
            "a      │      b      │     c",
            "longer │ much longer │ 12345"
        ]
    );
    // A right-aligned first column is padded before its cells.
    let text = "n | name\n--:|---\n7 | seven\n100 | hundred\n";
    assert_eq!(
        picture(text, 20),
        [
            "  n │ name",
            "────┼────────",
            "  7 │ seven",
            "100 │ hundred"
        ]
    );
}

#[test]
fn a_setext_underline_is_hidden_with_its_heading() {
    let text = "A title over\ntwo lines\n===\n\nSecond level\n---\ntext\n\n---\n\n- item\n---\n> quote\n---";
    assert_eq!(
        picture(text, 40),
        [
            "§ A title over two lines",
            "",
            "§§ Second level",
            "text",
            "",
            "────────────────────────────────────────",
            "",
            "• item",
            "────────────────────────────────────────",
            "│ quote",
            "────────────────────────────────────────"
        ]
    );
    assert_eq!(
        picture(text, 16),
        [
            "§ A title over",
            "  two lines",
            "",
            "§§ Second level",
            "text",
            "",
            "────────────────",
            "",
            "• item",
            "────────────────",
            "│ quote",
            "────────────────"
        ]
    );
    let buf = buffer(text, 40);
    assert!(buf[(4, 0)].modifier.contains(Modifier::BOLD), "the title");
}

#[test]
fn a_rendered_paragraph_is_wrapped_as_the_article_balanced_or_greedy() {
    let text = "See how *the lamp* returns at the end of the **book**, lit again; the first chapter left it dark and cold.\n";
    assert_eq!(
        picture_set(text, 30, Typeset::default()),
        [
            "See how the lamp returns at",
            "the end of the book, lit",
            "again; the first chapter left",
            "it dark and cold."
        ]
    );
    assert_eq!(
        picture_set(text, 30, Typeset::BOOK),
        [
            "See how the lamp returns",
            "at the end of the book, lit",
            "again; the first chapter left",
            "it dark and cold."
        ]
    );
}

#[test]
fn deeper_list_items_nest_under_their_parents_text() {
    // Inside an item, indentation counts from the item's text: four
    // columns past the margin are a nested item, not code or text.
    let text = "- a one\n  - b two\n    - c three\n      - d four\n\n* x\n    * y\n\n1. one\n   - sub\n     - subsub\n";
    assert_eq!(
        picture(text, 40),
        [
            "• a one",
            "  ◦ b two",
            "    ▪ c three",
            "      • d four",
            "",
            "• x",
            "  ◦ y",
            "",
            "1. one",
            "   ◦ sub",
            "     ▪ subsub"
        ]
    );
    let text = "- a one\n  - b two\n    - c three that is long\n      more of c\n";
    assert_eq!(
        picture(text, 16),
        [
            "• a one",
            "  ◦ b two",
            "    ▪ c three",
            "      that is",
            "      long more",
            "      of c"
        ]
    );
}

#[test]
fn code_and_quotes_in_an_item_hang_under_its_text() {
    let text = "1. Step one:\n\n   ```sh\n   make all\n   ```\n\n- x:\n\n      code\n\n2. two\n   > q\n   > r";
    assert_eq!(
        picture(text, 40),
        [
            "1. Step one:",
            "",
            "   ╭─ sh",
            "   │ make all",
            "   ╰─",
            "",
            "• x:",
            "",
            "  │ code",
            "",
            "2. two",
            "   │ q r"
        ]
    );
    assert_eq!(
        picture(text, 10),
        [
            "1. Step",
            "   one:",
            "",
            "   ╭─ sh",
            "   │ make",
            "   ↪  all",
            "   ╰─",
            "",
            "• x:",
            "",
            "  │ code",
            "",
            "2. two",
            "   │ q r"
        ]
    );
}

#[test]
fn an_item_in_a_quote_reflows_its_soft_breaks() {
    let text = "> - in quote\n>   continued too\n> - next";
    assert_eq!(
        picture(text, 40),
        ["│ • in quote continued too", "│ • next"]
    );
    assert_eq!(
        picture(text, 16),
        ["│ • in quote", "│   continued", "│   too", "│ • next"]
    );
}

#[test]
fn a_backslash_hard_break_hides_its_backslash() {
    let text = "Term\\\nhard break\n\nlast\\\n\nC:\\";
    assert_eq!(
        picture(text, 40),
        ["Term", "hard break", "", "last\\", "", "C:\\"]
    );
    assert_eq!(
        picture(text, 8),
        ["Term", "hard", "break", "", "last\\", "", "C:\\"]
    );
    assert_eq!(picture("Term\\\r\nhard break", 40), ["Term", "hard break"]);
}

#[test]
fn deeper_items_in_a_quote_nest_too() {
    let text = "> - a\n>   - b\n>     - c\n>     - c2\n> - d";
    assert_eq!(
        picture(text, 40),
        ["│ • a", "│   ◦ b", "│     ▪ c", "│     ▪ c2", "│ • d"]
    );
}

/// A paragraph with bold text and a link, a list item, a quote, and the
/// blocks that are never hyphenated nor justified: a heading and code.
const TYPESET_MD: &str = "\
The **harbour master** kept a [ledger](https://example.org/ledger) of every vessel that came past the breakwater, and on quiet evenings he read it aloud to whoever stayed behind in the office.

- An item long enough to wrap: nobody remembered when the custom had started in the harbour.

> The newer clerks assumed it was an administrative regulation, and the older ones let them.

# A heading long enough to wrap at forty columns is left ragged

```
code   keeps   its   spacing and is cut at the edge, never justified
```
";

#[test]
fn a_rendered_paragraph_is_justified_and_hyphenated_at_40() {
    assert_eq!(
        picture_set(TYPESET_MD, 40, set(false, true)),
        [
            "The  harbour   master  kept   a   ledger",
            "of  every  vessel  that  came  past  the",
            "breakwater, and  on  quiet  evenings  he",
            "read it aloud  to whoever stayed  behind",
            "in the office.",
            "",
            "• An item  long enough  to wrap:  nobody",
            "  remembered when the custom had started",
            "  in the harbour.",
            "",
            "│ The newer  clerks  assumed it  was  an",
            "│ administrative  regulation,  and   the",
            "│ older ones let them.",
            "",
            "§ A heading long enough to wrap at forty",
            "  columns is left ragged",
            "",
            "╭─",
            "│ code   keeps   its   spacing and is cu",
            "↪ t at the edge, never justified",
            "╰─",
        ]
    );
    // Hyphenated too: the paragraph and the quote break inside words; the
    // list item (nothing to hyphenate), the heading and the code do not
    // change.
    let justified = picture_set(TYPESET_MD, 40, set(false, true));
    let hyphenated = picture_set(TYPESET_MD, 40, set(true, true));
    assert_eq!(
        hyphenated[..5],
        [
            "The harbour  master  kept  a  ledger  of",
            "every vessel that  came past the  break-",
            "water, and on quiet evenings he read  it",
            "aloud to  whoever stayed  behind in  the",
            "office.",
        ]
    );
    assert_eq!(
        hyphenated[10..13],
        [
            "│ The newer clerks assumed it was an ad-",
            "│ ministrative regulation, and the older",
            "│ ones let them.",
        ]
    );
    assert_eq!(hyphenated[5..10], justified[5..10]);
    assert_eq!(hyphenated[13..], justified[13..]);
    // The looks follow their words to their widened columns: `harbour
    // master` bold, `ledger` a link; the hidden markup takes no column.
    let (buf, app) = buffer_set(TYPESET_MD, 40, set(false, true));
    let left = app.text_left();
    let at = |x: u16| &buf[(left + x, 0)];
    assert_eq!(at(5).symbol(), "h");
    assert!(at(5).modifier.contains(Modifier::BOLD));
    assert_eq!(at(15).symbol(), "m");
    assert!(at(20).modifier.contains(Modifier::BOLD), "`r` of master");
    assert!(!at(24).modifier.contains(Modifier::BOLD), "`kept`");
    assert_eq!(at(34).symbol(), "l");
    assert!(at(34).modifier.contains(Modifier::UNDERLINED), "the link");
}

/// Fuzz input `crash-width-cr-ordered-item`: an ordered item after a lone
/// CR inside a list item's paragraph, its text indented code one column
/// past the item's (a blank that stands for no source byte). The wrap put
/// that blank at the end of one row and the drawing at the start of the
/// next, one column past the text's width, where it was cut off.
#[test]
fn blanks_for_no_source_byte_start_the_row_that_draws_them() {
    let rows = picture("- qe>ro`w\r1.\t\tt at/spt", 10);
    let shown: String = rows.concat().split_whitespace().collect();
    assert_eq!(
        shown, "•qe>ro`wtat/spt",
        "nothing cut at the edge: {rows:#?}"
    );
}
