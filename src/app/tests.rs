use super::*;
use crate::search;
use std::sync::atomic::AtomicBool;

/// Paragraphs "p0 …" to "p{n-1} …", one per line.
fn article(n: usize) -> String {
    (0..n)
        .map(|i| format!("p{i} some words in paragraph number {i}\n"))
        .collect()
}

fn app_with(text: &str, w: u16, h: u16) -> App {
    let mut app = App::new(Keymap::default(), Settings::default(), (w, h));
    app.open(Document::from_text("test.txt", text));
    app
}

/// Press keys written as in the keymap, separated by spaces (`"5 j"`,
/// `"/ f o x Enter"`), carrying out search effects at once.
fn press(app: &mut App, keys: &str) {
    for k in keys.split(' ').filter(|k| !k.is_empty()) {
        app.key(Key::parse(k).unwrap());
        run_effects(app);
    }
}

fn run_effects(app: &mut App) {
    for effect in app.take_effects() {
        if let Effect::Search {
            id,
            pattern,
            from,
            backward,
        } = effect
        {
            let bytes = app.reader.as_ref().unwrap().doc.bytes.clone();
            let found = search::find(&bytes, &pattern, from, backward, &AtomicBool::new(false));
            app.search_done(id, found);
        }
    }
}

/// The text of the top row.
fn top(app: &App) -> String {
    let r = app.reader.as_ref().unwrap();
    let row = &r.rows[0];
    String::from_utf8_lossy(&r.doc.bytes()[row.range.clone()]).into_owned()
}

#[test]
fn rows_pages_and_counts_move_the_view() {
    // 80 wide: each paragraph is one row, with a blank row between; 12
    // rows of text.
    let mut app = app_with(&article(100), 80, 13);
    assert!(top(&app).starts_with("p0 "));
    press(&mut app, "j");
    assert!(
        app.reader.as_ref().unwrap().top.gap,
        "blank row between paragraphs"
    );
    press(&mut app, "j");
    assert!(top(&app).starts_with("p1 "));
    press(&mut app, "4 j");
    assert!(top(&app).starts_with("p3 "), "{}", top(&app));
    press(&mut app, "Space");
    assert!(
        top(&app).starts_with("p9 "),
        "a page is the 12 text rows: {}",
        top(&app)
    );
    press(&mut app, "b k k");
    assert!(top(&app).starts_with("p2 "), "{}", top(&app));
    press(&mut app, "C-d");
    assert!(top(&app).starts_with("p5 "), "{}", top(&app));
    press(&mut app, "u");
    assert!(top(&app).starts_with("p2 "), "{}", top(&app));
}

#[test]
fn end_top_percent_and_line() {
    let mut app = app_with(&article(100), 80, 11);
    press(&mut app, "G");
    let r = app.reader.as_ref().unwrap();
    assert!(r.at_end);
    assert_eq!(r.rows.len(), 10, "the end fills the screen");
    assert_eq!(app.reader.as_ref().unwrap().percent(), 100);
    let end_top = app.reader.as_ref().unwrap().top;
    press(&mut app, "j j");
    assert_eq!(
        app.reader.as_ref().unwrap().top,
        end_top,
        "no scrolling past the end"
    );
    press(&mut app, "g");
    assert!(top(&app).starts_with("p0 "));
    press(&mut app, "5 0 %");
    assert!(
        top(&app).starts_with("p49 ") || top(&app).starts_with("p50 "),
        "{}",
        top(&app)
    );
    press(&mut app, "2 0 G");
    assert!(
        top(&app).starts_with("p19 "),
        "20G is line 20: {}",
        top(&app)
    );
}

#[test]
fn search_previews_while_typing_and_wraps_with_a_message() {
    let mut app = app_with(&article(100), 80, 11);
    press(&mut app, "/ n u m b e r Space 7 0");
    assert!(top(&app).starts_with("p70 "), "live preview: {}", top(&app));
    assert_eq!(app.mode(), Mode::Prompt);
    press(&mut app, "Enter");
    assert_eq!(app.mode(), Mode::Normal);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.matches.len(), 1, "the visible match is highlighted");
    press(&mut app, "n");
    assert_eq!(app.message.as_deref(), Some("search wrapped to the top"));
    press(&mut app, "' '");
    assert!(
        top(&app).starts_with("p0 "),
        "'' goes back to before the search: {}",
        top(&app)
    );
}

#[test]
fn escape_restores_the_view_and_bad_patterns_say_why() {
    let mut app = app_with(&article(100), 80, 11);
    press(&mut app, "/ p 5 0");
    assert!(top(&app).starts_with("p50 "));
    press(&mut app, "Esc");
    assert!(top(&app).starts_with("p0 "));
    press(&mut app, "/ (");
    assert!(
        app.prompt
            .as_ref()
            .unwrap()
            .problem
            .as_ref()
            .unwrap()
            .contains("bad pattern")
    );
    press(&mut app, "Esc / z z z q Enter");
    assert_eq!(app.message.as_deref(), Some("not found"));
}

#[test]
fn smart_case_search() {
    let mut app = app_with("alpha\nBeta\nbeta\n", 80, 3);
    press(&mut app, "/ B e t a Enter");
    assert_eq!(
        app.reader
            .as_ref()
            .unwrap()
            .search
            .as_ref()
            .unwrap()
            .current,
        Some(6..10)
    );
}

#[test]
fn marks_and_the_last_jump() {
    let mut app = app_with(&article(100), 80, 11);
    press(&mut app, "1 0 j m a G ' a");
    assert!(top(&app).starts_with("p5 "), "{}", top(&app));
    press(&mut app, "' '");
    assert!(app.reader.as_ref().unwrap().at_end);
    press(&mut app, "g 1 1 j m b g ' b");
    assert!(
        app.reader.as_ref().unwrap().top.gap,
        "a mark on a blank row returns there"
    );
    press(&mut app, "' z");
    assert_eq!(app.message.as_deref(), Some("mark z is not set"));
}

#[test]
fn help_is_generated_from_the_live_keymap() {
    let mut app = app_with("x", 80, 24);
    app.keymap.bind(Mode::Normal, Key::Char('Q'), Action::Quit);
    press(&mut app, "h");
    let help = app.help.as_ref().unwrap();
    assert!(
        help.lines
            .iter()
            .any(|(k, d)| k == "q Q" && d.starts_with("quit"))
    );
    press(&mut app, "q");
    assert!(app.help.is_none() && !app.should_quit());
}

#[test]
fn resize_keeps_the_same_words_at_the_top() {
    let text = "word ".repeat(2000);
    let mut app = app_with(&text, 40, 10);
    press(&mut app, "5 0 j");
    let before = app.reader.as_ref().unwrap().top.start;
    app.resize(27, 10);
    let r = app.reader.as_ref().unwrap();
    assert!(r.rows[0].range.start <= before && before < r.rows[0].range.end);
    for (w, h) in [(13, 3), (71, 40), (5, 2), (40, 10)] {
        app.resize(w, h);
    }
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.rows[0].range.start, before, "no drift after many resizes");
    app.resize(200, 50);
    assert_eq!(app.text_width(), 80, "the column stays at text_width");
}

#[test]
fn quit_from_an_article_opened_in_the_library_goes_back() {
    use crate::library::{Entry, EntrySource, Library};
    let mut app = App::new(Keymap::default(), Settings::default(), (80, 24));
    let entry = |n: &str, i| Entry {
        name: n.into(),
        size: 3,
        source: EntrySource::Seed(i),
    };
    app.set_library(Library::new(
        "seeds",
        vec![entry("a.txt", 0), entry("b.txt", 1)],
    ));
    assert_eq!(app.mode(), Mode::Library);
    press(&mut app, "j");
    app.key(Key::Enter);
    assert!(matches!(
        app.take_effects().as_slice(),
        [Effect::Open(EntrySource::Seed(1))]
    ));
    app.open(Document::from_text("b.txt", "bee"));
    assert_eq!(app.mode(), Mode::Normal);
    press(&mut app, "q");
    assert_eq!(app.mode(), Mode::Library);
    assert!(!app.should_quit());
    press(&mut app, "q");
    assert!(app.should_quit());
}

#[test]
fn empty_and_tiny_articles_do_not_break_anything() {
    for text in ["", "\n", "x", "\n\n\n"] {
        let mut app = app_with(text, 20, 3);
        press(&mut app, "j k G g Space b 5 0 % / x Enter n N");
    }
}
