use crate::app::{App, Settings};
use crate::document::Document;
use crate::keymap::Keymap;
use crate::style::texts;
use crate::test_support::press;
use crate::wrap::{Typeset, Wrap};

fn open(text: &str) -> App {
    let mut app = App::new(Keymap::default(), Settings::default(), (60, 20));
    app.open(Document::from_text("book.txt", text));
    app
}

fn reader(app: &App) -> &crate::app::Reader {
    app.reader.as_ref().unwrap()
}

fn typeset(app: &App) -> Typeset {
    app.reader.as_ref().unwrap().layout.typeset()
}

#[test]
fn w_cycles_the_rows_keeping_the_same_words_at_the_top() {
    let book = texts::book(6, false, 5);
    let mut app = open(&book);
    assert_eq!(typeset(&app), Typeset::BOOK, "balanced by default");
    press(&mut app, "3 0 0 j");
    let first = reader(&app).rows[0].range.start;
    let mut seen = Vec::new();
    for _ in 0..3 {
        press(&mut app, "w");
        let top = reader(&app).rows[0].range.clone();
        assert!(top.contains(&first), "{top:?} holds {first}");
        let t = typeset(&app);
        seen.push((t.wrap, t.justify, app.message.clone().unwrap()));
        let widened = reader(&app).rows.iter().any(|r| r.dress.extra > 0);
        assert_eq!(widened, t.justify);
    }
    assert_eq!(
        seen,
        [
            (Wrap::Balanced, true, "rows justified".to_string()),
            (Wrap::Greedy, false, "rows greedy".to_string()),
            (Wrap::Balanced, false, "rows balanced".to_string()),
        ]
    );
}

#[test]
fn colon_set_hyphenate_draws_hyphens_at_row_ends() {
    let text = "Hyphenation and justification are the typographical \
        considerations that distinguish professionally typeset paragraphs \
        from merely wrapped ones, extraordinarily so in narrow columns.\n";
    let mut app = App::new(Keymap::default(), Settings::default(), (24, 20));
    app.open(Document::from_text("book.txt", text));
    assert!(reader(&app).rows.iter().all(|r| !r.dress.hyphen));
    app.update(crate::action::Action::Command);
    press(&mut app, "s e t Space h y p h e n a t e = t r u e Enter");
    assert!(typeset(&app).hyphenate, "{:?}", app.message);
    let rows = &reader(&app).rows;
    let hyphens = rows.iter().filter(|r| r.dress.hyphen).count();
    assert!(hyphens > 0, "{rows:?}");
    // A hyphen only where the row ends inside a word.
    let bytes = reader(&app).bytes();
    for r in rows.iter().filter(|r| r.dress.hyphen) {
        assert!(
            bytes[r.range.end - 1].is_ascii_alphabetic()
                && bytes[r.range.end].is_ascii_alphabetic()
        );
    }
}

#[test]
fn rendered_markdown_is_justified_and_hyphenated_like_any_article() {
    // Rendered Markdown used to be neither, and `w` and `:set` said so.
    let mut app = App::new(Keymap::default(), Settings::default(), (60, 20));
    app.open(Document::from_text(
        "notes.md",
        "# Title\n\nSome *words* here, and enough of them after the emphasis to \
         fill more than one row of the column, so that the first is justified \
         and characterization gets hyphenated somewhere along the way.\n",
    ));
    press(&mut app, "w");
    assert_eq!(app.message.as_deref(), Some("rows justified"));
    let widened = |app: &App| reader(app).rows.iter().any(|r| r.dress.extra > 0);
    assert!(widened(&app), "{:?}", reader(&app).rows);
    press(&mut app, "w");
    assert_eq!(app.message.as_deref(), Some("rows greedy"));
    assert!(!widened(&app));
    app.update(crate::action::Action::Command);
    press(&mut app, "s e t Space j u s t i f y = t r u e Enter");
    assert_eq!(app.message.as_deref(), Some("justify=true"));
    assert!(widened(&app));
}
