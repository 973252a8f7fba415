use super::*;
use crate::action::Action;
use crate::app::Settings;
use crate::document::Document;
use crate::keymap::Keymap;
use crate::style::texts;
use crate::test_support::press;
use std::sync::atomic::AtomicBool;

const HARD: ParagraphStyle = ParagraphStyle::HardWrapped;
const ONE: ParagraphStyle = ParagraphStyle::OnePerLine;

/// `text` open in a 60×20 terminal with the `reflow` setting.
fn open(text: &str, reflow: Reflow) -> App {
    let settings = Settings {
        reflow,
        ..Settings::default()
    };
    let mut app = App::new(Keymap::default(), settings, (60, 20));
    app.open(Document::from_text("book.txt", text));
    app
}

fn style(app: &App) -> ParagraphStyle {
    app.reader.as_ref().unwrap().layout.style()
}

/// Byte range of the top row.
fn top(app: &App) -> std::ops::Range<usize> {
    app.reader.as_ref().unwrap().rows[0].range.clone()
}

/// The background scan, done at once (it yields the content hash).
fn scan(app: &mut App) {
    let bytes = app.reader.as_ref().unwrap().doc.bytes.clone();
    let summary = crate::scan::scan(&bytes, &AtomicBool::new(false), |_| {}).unwrap();
    app.scan_done(summary);
}

#[test]
fn r_in_rendered_markdown_says_why_it_changes_nothing_and_works_on_the_source() {
    let text = "# Notes\n\nA paragraph written\nover two lines.\n\nAnother one.\n";
    let mut app = App::new(Keymap::default(), Settings::default(), (60, 20));
    app.open(Document::from_text("notes.md", text));
    assert!(app.reader.as_ref().unwrap().layout.markdown());
    let ranges = |app: &App| -> Vec<_> {
        let rows = &app.reader.as_ref().unwrap().rows;
        rows.iter().map(|r| r.range.clone()).collect()
    };
    let rows_before = ranges(&app);
    let style_before = style(&app);
    press(&mut app, "r");
    let message = app.message.take().unwrap();
    assert!(message.contains("rendered Markdown"), "{message}");
    assert!(message.contains("M: its source"), "{message}");
    assert_eq!(style(&app), style_before);
    assert_eq!(ranges(&app), rows_before);
    assert_eq!(app.reader.as_ref().unwrap().chosen_style, None);
    // In the source, r switches as in any article.
    press(&mut app, "M r");
    assert_ne!(style(&app), style_before);
}

#[test]
fn r_switches_the_style_keeping_the_same_words_at_the_top() {
    let book = texts::book(6, true, 21);
    let bytes = book.as_bytes();
    let mut app = open(&book, Reflow::Auto);
    assert_eq!(style(&app), HARD);
    press(&mut app, "3 0 0 j");
    // A top row that starts inside a source line, where the styles differ.
    while bytes[top(&app).start - 1] == b'\n' {
        press(&mut app, "j");
    }
    let before = top(&app).start;
    press(&mut app, "r");
    assert_eq!(style(&app), ONE);
    let after = top(&app);
    assert!(
        after.start <= before && before < after.end,
        "{after:?} {before}"
    );
    let message = app.message.clone().unwrap();
    assert!(
        message.contains("one paragraph per line") && message.contains("remembered"),
        "{message}"
    );
    press(&mut app, "r");
    assert_eq!(style(&app), HARD);
    assert_eq!(top(&app).start, before, "back where it was, no drift");
    assert!(app.message.as_ref().unwrap().starts_with("reflowed"));
}

#[test]
fn from_a_blank_row_r_shows_the_paragraph_after_it() {
    // List items: a row of their own in either style.
    let lines: String = (0..40).map(|i| format!("- item {i} of a list\n")).collect();
    let mut app = open(&lines, Reflow::Never);
    press(&mut app, "j");
    let r = app.reader.as_ref().unwrap();
    assert!(r.top.gap, "the blank row after the first line");
    let next = r.top.start + 1;
    press(&mut app, "r");
    assert_eq!(style(&app), HARD);
    assert_eq!(top(&app).start, next);
}

#[test]
fn the_help_screen_says_which_style_is_in_force_and_why() {
    let book = texts::book(2, false, 23);
    let mut app = open(&book, Reflow::Auto);
    let line = |app: &App| {
        let help = app.help.as_ref().unwrap();
        let toggle = Action::ToggleReflow.description();
        let (keys, what) = help.lines.iter().find(|l| l.1.starts_with(toggle)).unwrap();
        format!("{keys}: {what}")
    };
    press(&mut app, "h");
    assert!(line(&app).starts_with("r: "), "{}", line(&app));
    assert!(line(&app).ends_with("now: reflowed: the lines of a paragraph run on (detected)"));
    press(&mut app, "q r h");
    assert!(line(&app).ends_with("now: one paragraph per line (chosen with r)"));
}

#[test]
fn the_choice_is_remembered_and_taken_up_again() {
    let book = texts::book(3, true, 24);
    let mut app = open(&book, Reflow::Auto);
    scan(&mut app);
    assert_eq!(app.position_to_remember().unwrap().2, None, "no choice yet");
    press(&mut app, "r");
    let (_, _, reflow) = app.position_to_remember().unwrap();
    assert_eq!(reflow, Some(false));

    let mut again = open(&book, Reflow::Auto);
    assert_eq!(style(&again), HARD, "detected");
    again.remembered_reflow(false);
    assert_eq!(style(&again), ONE, "the choice overrides detection");
    assert!(
        again
            .message
            .as_ref()
            .unwrap()
            .contains("as chosen last time")
    );
    scan(&mut again);
    assert_eq!(again.position_to_remember().unwrap().2, Some(false), "kept");
}

#[test]
fn a_reflow_setting_wins_over_the_remembered_choice_but_not_over_r() {
    let book = texts::book(3, true, 25);
    let mut app = open(&book, Reflow::Always);
    app.remembered_reflow(false);
    assert_eq!(style(&app), HARD, "reflow = always is set");
    scan(&mut app);
    assert_eq!(app.position_to_remember().unwrap().2, Some(false), "kept");
    press(&mut app, "r");
    assert_eq!(style(&app), ONE);
    let message = app.message.clone().unwrap();
    assert!(
        message.contains("until closed: reflow = always is set"),
        "{message}"
    );
}

#[test]
fn a_choice_made_before_the_scan_ends_is_not_undone_by_last_time() {
    let book = texts::book(3, true, 26);
    let mut app = open(&book, Reflow::Auto);
    press(&mut app, "r r");
    app.remembered_reflow(false);
    assert_eq!(style(&app), HARD);
}

#[test]
fn r_keeps_hidden_page_breaks_hidden() {
    let settings = Settings {
        page_breaks: crate::layout::PageBreaks::Hide,
        ..Settings::default()
    };
    let mut app = App::new(Keymap::default(), settings, (60, 20));
    app.open(Document::from_text("memo.txt", &texts::book(6, true, 21)));
    let pages = |app: &App| app.reader.as_ref().unwrap().layout.page_breaks();
    assert_eq!(pages(&app), crate::layout::PageBreaks::Hide);
    press(&mut app, "r");
    assert_eq!(pages(&app), crate::layout::PageBreaks::Hide);
    press(&mut app, "r");
    assert_eq!(pages(&app), crate::layout::PageBreaks::Hide);
}

/// A foreword of over 64 KiB one paragraph per line, then a hard-wrapped
/// book, in all over 1 MiB: its start alone says one paragraph per line,
/// its whole says hard-wrapped.
fn large_book_after_a_foreword() -> String {
    let mut text = texts::one_per_line(180, true, 7);
    while text.len() <= crate::document::JUDGED_WHOLE {
        text.push_str(&texts::book(60, true, text.len() as u64));
    }
    text
}

#[test]
fn a_large_article_is_judged_on_its_start_first_and_on_the_whole_after_its_scan() {
    let text = large_book_after_a_foreword();
    let mut app = open(&text, Reflow::Auto);
    // Judged on its first 64 KiB only: opening never reads windows
    // spread through a large (maybe cold, memory-mapped) file.
    assert!(!app.reader.as_ref().unwrap().doc.style_is_final);
    assert_eq!(style(&app), ONE);
    press(&mut app, "2 0 0 j");
    // A top row that starts inside a source line of the book.
    while text.as_bytes()[top(&app).start - 1] == b'\n' {
        press(&mut app, "j");
    }
    let before = top(&app).start;
    scan(&mut app);
    app.settle_style();
    assert_eq!(style(&app), HARD);
    let after = top(&app);
    assert!(
        after.start <= before && before < after.end,
        "{after:?} {before}"
    );
    assert!(app.message.as_deref().unwrap().contains("whole article"));
    // Once settled, it is not judged again.
    press(&mut app, "r");
    app.settle_style();
    assert_eq!(style(&app), ONE);
}

#[test]
fn a_setting_or_a_choice_wins_over_the_judgement_of_the_whole() {
    let text = large_book_after_a_foreword();
    let mut app = open(&text, Reflow::Never);
    scan(&mut app);
    app.settle_style();
    assert_eq!(style(&app), ONE, "reflow = never is set");
    let mut app = open(&text, Reflow::Auto);
    app.remembered_reflow(false);
    scan(&mut app);
    app.settle_style();
    assert_eq!(style(&app), ONE, "chosen last time");
    // A small article is judged on the whole at once.
    let small = open(&texts::book(6, true, 21), Reflow::Auto);
    assert!(small.reader.as_ref().unwrap().doc.style_is_final);
}
