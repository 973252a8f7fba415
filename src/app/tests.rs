use super::*;
use crate::app::{GUTTER, Selection};
use crate::test_support::press;

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

/// The text of the top row.
fn top(app: &App) -> String {
    row(app, 0)
}

/// The text of screen row `i` (0: the top).
fn row(app: &App, i: usize) -> String {
    let r = app.reader.as_ref().unwrap();
    let row = &r.rows[i];
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
    // `N` after `/` searches backward: it wraps to the end, and says so.
    press(&mut app, "N");
    assert_eq!(app.message.as_deref(), Some("search wrapped to the end"));
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

/// In rendered Markdown, soft line breaks are reflowed whatever the
/// paragraph style, so a phrase shown on one row is found though the
/// source breaks it; in the source (`M`) read one paragraph per line, it
/// is not; a blank line is never crossed.
#[test]
fn in_rendered_markdown_a_search_crosses_soft_line_breaks() {
    let text = "# Tides\n\nThe harbour office keeps the\ntables of a month.\n\n\
                Each table ends\n\nwith the moon.\n";
    let settings = Settings {
        reflow: crate::app::Reflow::Never,
        ..Settings::default()
    };
    let mut app = App::new(Keymap::default(), settings, (60, 12));
    app.open(crate::document::Document::from_text("tides.md", text));
    let found = |app: &mut App, pattern: &str| {
        press(app, "/");
        for c in pattern.chars() {
            app.key(Key::Char(c));
            crate::test_support::run_searches(app);
        }
        press(app, "Enter");
        let r = app.reader.as_ref().unwrap();
        let bytes = &r.doc.bytes[..];
        r.matches
            .iter()
            .map(|m| String::from_utf8_lossy(&bytes[m.clone()]).into_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(found(&mut app, "the tables"), ["the\ntables"]);
    assert!(found(&mut app, "ends with").is_empty(), "a blank line");
    press(&mut app, "M");
    assert!(found(&mut app, "the tables").is_empty(), "the source");
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
    let entry = |n: &str, i| Entry::new(n, 3, EntrySource::Seed(i));
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

/// In a big library whose details are still being read (in the order the
/// rows were first shown), the rows `G` brings on screen are asked for at
/// once, each only once; rows already read are not asked for.
#[test]
fn rows_brought_on_screen_have_their_details_asked_for_first() {
    use crate::library::{Details, Entry, EntrySource, Library};
    let mut app = App::new(Keymap::default(), Settings::default(), (80, 24));
    let entries = (0..5000)
        .map(|i| Entry::new(format!("{i:04}.txt"), 3, EntrySource::Seed(i)))
        .collect();
    app.set_library(Library::new("big", entries));
    // The catalog read the first screen's rows, and a few at the end.
    let read = |i: usize| (i, Details::default());
    app.library_details((0..30).chain([4999]).map(read).collect());
    // Keys pressed, and the entries whose details were asked for meanwhile
    // (`press` would drop the effects).
    let asked = |app: &mut App, keys: &str| -> Vec<usize> {
        for k in keys.split(' ') {
            app.key(Key::parse(k).unwrap());
        }
        app.take_effects()
            .into_iter()
            .flat_map(|e| match e {
                Effect::ReadDetails(entries) => entries.into_iter().map(|(i, _)| i).collect(),
                _ => Vec::new(),
            })
            .collect()
    };
    let first = asked(&mut app, "G");
    assert_eq!(first.first(), Some(&4998), "nearest the selection first");
    assert!(!first.contains(&4999), "already read");
    assert!(first.contains(&4980), "{first:?}");
    assert!(
        first.iter().all(|&i| i >= 4970),
        "about a screen: {first:?}"
    );
    let next = asked(&mut app, "k k");
    assert_eq!(next.len(), 2, "the two rows the window grew by: {next:?}");
    assert!(next.iter().all(|i| !first.contains(i)), "each row once");
    assert_eq!(
        asked(&mut app, "g g"),
        Vec::<usize>::new(),
        "the top is read"
    );
    // Once every row is read, nothing is asked.
    app.library_details((0..5000).map(read).collect());
    assert_eq!(asked(&mut app, "G"), Vec::<usize>::new());
}

#[test]
fn empty_and_tiny_articles_do_not_break_anything() {
    for text in ["", "\n", "x", "\n\n\n"] {
        let mut app = app_with(text, 20, 3);
        press(&mut app, "j k G g Space b 5 0 % / x Enter n N");
    }
}

/// Select-and-highlight on `App` without a terminal: `{` marks where the
/// caret starts (as if `v` had been pressed there), `keys` follow, and the
/// result shows every highlight as `[…]`.
fn check_select(text: &str, width: u16, keys: &str, expected: &str) {
    let caret = text.find('{').expect("a { marks the caret");
    let clean = text.replacen('{', "", 1);
    let mut app = app_with(&clean, width + GUTTER, 20);
    app.tick(1_764_366_944_123, 7);
    press(&mut app, "v");
    app.reader.as_mut().unwrap().selection = Some(Selection {
        anchor: crate::text::BytePos(caret),
        caret: crate::text::BytePos(caret),
    });
    press(&mut app, keys);
    assert_eq!(highlighted(&app), expected, "keys {keys:?} on {text:?}");
}

/// The article's text with each annotation's char range shown as `[…]`.
fn highlighted(app: &App) -> String {
    let r = app.reader.as_ref().unwrap();
    let chars: Vec<char> = String::from_utf8_lossy(r.doc.bytes()).chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        for a in r.annotations.live() {
            if a.start.0 == i as u64 {
                out.push('[');
            }
        }
        for a in r.annotations.live() {
            if a.end.0 == i as u64 {
                out.push(']');
            }
        }
        out.push(*c);
    }
    for a in r.annotations.live() {
        if a.end.0 == chars.len() as u64 {
            out.push(']');
        }
    }
    out
}

#[test]
fn select_with_word_motions() {
    check_select(
        "The {quick brown fox",
        40,
        "e Enter",
        "The [quick] brown fox",
    );
    check_select(
        "The {quick brown fox",
        40,
        "w e Enter",
        "The [quick brown] fox",
    );
    check_select(
        "The quick {brown fox",
        40,
        "b Enter",
        "The [quick b]rown fox",
    );
    check_select("{one-two three", 40, "W Enter", "[one-two t]hree");
    check_select("{one-two three", 40, "w Enter", "[one-]two three");
    check_select("one-two {three", 40, "B Enter", "[one-two t]hree");
    check_select("{one-two three", 40, "E Enter", "[one-two] three");
    check_select("The {quick brown", 40, "e o h Enter", "The[ quick] brown");
}

#[test]
fn select_by_grapheme_with_multibyte_and_cjk() {
    check_select("{É\u{301}té naïf", 40, "l l Enter", "[É\u{301}té] naïf");
    check_select("{漢字を読む", 40, "l l Enter", "[漢字を]読む");
    check_select("“{Quoted” — text", 40, "e Enter", "“[Quoted]” — text");
    check_select("a {👩\u{200d}💻 b", 40, "l l Enter", "a [👩\u{200d}💻 b]");
}

#[test]
fn select_by_row_across_wrapped_rows() {
    // Rows at width 10: "aaaa bbbb " / "cccc dddd " / "eeee ffff".
    let text = "aaaa {bbbb cccc dddd eeee ffff";
    check_select(text, 10, "j Enter", "aaaa [bbbb cccc d]ddd eeee ffff");
    check_select(text, 10, "$ Enter", "aaaa [bbbb] cccc dddd eeee ffff");
    check_select(text, 10, "j 0 Enter", "aaaa [bbbb c]ccc dddd eeee ffff");
    check_select(
        "aaaa bbbb cccc {dddd eeee",
        10,
        "k Enter",
        "aaaa [bbbb cccc d]ddd eeee",
    );
    check_select(
        "aaaa bbbb cccc {dddd eeee",
        10,
        "k k 0 Enter",
        "[aaaa bbbb cccc d]ddd eeee",
    );
}

#[test]
fn select_by_sentence_and_paragraph() {
    check_select(
        "One two. {Three four. Five",
        40,
        ") Enter",
        "One two. [Three four. F]ive",
    );
    check_select(
        "One two. Three {four. Five",
        40,
        "( Enter",
        "One two. [Three f]our. Five",
    );
    check_select(
        "{First para\nSecond para",
        40,
        "} Enter",
        "[First para\nS]econd para",
    );
    check_select(
        "First para\nSecond {para",
        40,
        "{ Enter",
        "First para\n[Second p]ara",
    );
}

#[test]
fn digits_pick_the_tag_and_quick_highlights_take_the_match() {
    let mut app = app_with(
        "One two. Three four. Five six.\nNext paragraph here.",
        40,
        10,
    );
    app.tick(1_764_366_944_123, 7);
    press(&mut app, "/ f o u r Enter s");
    assert_eq!(
        highlighted(&app),
        "One two. [Three four.] Five six.\nNext paragraph here."
    );
    press(&mut app, "/ N e x t Enter S");
    assert_eq!(
        highlighted(&app),
        "One two. [Three four.] Five six.\n[Next paragraph here.]"
    );
    let tags: Vec<_> = app
        .reader
        .as_ref()
        .unwrap()
        .annotations
        .live()
        .iter()
        .map(|a| a.tag.clone())
        .collect();
    assert_eq!(tags, ["highlight", "highlight"]);
    press(&mut app, "v e 2");
    let live = app.reader.as_ref().unwrap().annotations.live();
    let a = live.iter().find(|a| a.tag == "important").unwrap();
    assert_eq!(a.quote, "Next", "v starts at the match on screen");
}

#[test]
fn annotations_remember_quote_and_context_and_save_each_change() {
    let mut app = app_with("Before the words. The {quick} part. After it all.", 60, 10);
    app.tick(1_764_366_944_123, 7);
    press(&mut app, "/ q u i c k Enter v e");
    app.key(Key::Enter);
    assert!(
        app.take_effects().iter().any(|e| matches!(e, Effect::Save)),
        "saved at once"
    );
    let a = app.reader.as_ref().unwrap().annotations.live()[0].clone();
    assert_eq!(a.quote, "quick");
    assert_eq!(a.prefix, "Before the words. The {");
    assert_eq!(a.suffix, "} part. After it all.");
    assert_eq!((a.start.0, a.end.0), (23, 28));
    assert_eq!(a.created, "2025-11-28T21:55:44.123Z");
}

#[test]
fn focus_edit_tag_delete_undo_redo() {
    let mut app = app_with("alpha beta gamma delta", 60, 10);
    app.tick(1_000, 7);
    press(&mut app, "v e Enter / g a m m a Enter v e 3");
    assert_eq!(highlighted(&app), "[alpha] beta [gamma] delta");
    press(&mut app, "Esc g ]");
    let focus = app.reader.as_ref().unwrap().focus.clone().unwrap();
    assert_eq!(
        app.reader
            .as_ref()
            .unwrap()
            .annotations
            .get(&focus)
            .unwrap()
            .quote,
        "alpha"
    );
    press(&mut app, "] c 4");
    let r = app.reader.as_ref().unwrap();
    let gamma = r.annotations.get(r.focus.as_ref().unwrap()).unwrap();
    assert_eq!(
        (gamma.quote.as_str(), gamma.tag.as_str()),
        ("gamma", "idea")
    );
    press(&mut app, "x");
    assert_eq!(highlighted(&app), "[alpha] beta gamma delta");
    assert_eq!(
        app.message.as_deref(),
        Some("annotation deleted — U to undo")
    );
    assert_eq!(
        app.reader.as_ref().unwrap().annotations.all().len(),
        2,
        "a tombstone is kept"
    );
    press(&mut app, "U");
    assert_eq!(highlighted(&app), "[alpha] beta [gamma] delta");
    let r = app.reader.as_ref().unwrap();
    assert_eq!(
        r.annotations.live()[1].tag,
        "idea",
        "undo restores the version before the delete"
    );
    press(&mut app, "U");
    assert_eq!(
        app.reader.as_ref().unwrap().annotations.live()[1].tag,
        "question"
    );
    press(&mut app, "C-r");
    assert_eq!(
        app.reader.as_ref().unwrap().annotations.live()[1].tag,
        "idea"
    );
    press(&mut app, "U U");
    assert_eq!(
        highlighted(&app),
        "[alpha] beta gamma delta",
        "undoing a highlight removes it"
    );
    assert_eq!(
        app.reader.as_ref().unwrap().annotations.all().len(),
        2,
        "as a tombstone"
    );
}

#[test]
fn note_editor_saves_with_ctrl_s_and_asks_before_discarding() {
    let mut app = app_with("alpha beta gamma", 60, 20);
    app.tick(1_000, 7);
    press(&mut app, "v e a");
    assert_eq!(app.mode(), Mode::Editor);
    press(&mut app, "H i Enter t h e r e C-s");
    assert_eq!(app.mode(), Mode::Normal);
    let a = &app.reader.as_ref().unwrap().annotations.live()[0];
    assert_eq!(a.note, "Hi\nthere");
    assert_eq!(
        app.note_in_view(),
        Some("Hi\nthere"),
        "the focused note is shown"
    );
    assert!(app.note_panel_rows() > 0);
    press(&mut app, "a x Esc");
    assert_eq!(app.mode(), Mode::Editor, "a changed note asks first");
    press(&mut app, "Esc");
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(
        app.reader.as_ref().unwrap().annotations.live()[0].note,
        "Hi\nthere"
    );
}

#[test]
fn notes_panel_lists_filters_jumps_and_deletes() {
    let text: String = (0..60).map(|i| format!("para {i} with words\n")).collect();
    let mut app = app_with(&text, 60, 10);
    app.tick(1_000, 7);
    press(&mut app, "v e Enter / p a r a Space 4 0 Enter v e 2");
    assert_eq!(app.reader.as_ref().unwrap().annotations.len(), 2);
    press(&mut app, "Esc g Tab");
    assert_eq!(app.mode(), Mode::Notes);
    assert_eq!(app.notes_entries().len(), 2);
    press(&mut app, "/ i m p o r Enter");
    assert_eq!(app.notes_entries().len(), 1, "filter by tag");
    press(&mut app, "Enter");
    assert_eq!(app.mode(), Mode::Normal);
    // Two rows (a quarter of 9) above it, so its context shows.
    assert!(row(&app, 2).starts_with("para 40"), "{}", row(&app, 2));
    assert!(top(&app).starts_with("para 39"), "{}", top(&app));
    press(&mut app, "Tab x");
    assert_eq!(app.reader.as_ref().unwrap().annotations.len(), 1);
}

#[test]
fn read_only_annotations_refuse_changes() {
    let mut app = app_with("alpha beta", 60, 10);
    app.load_annotations(Vec::new(), Some("essay.txt.annotty.toml:3: bad".into()));
    press(&mut app, "v e Enter");
    assert!(app.reader.as_ref().unwrap().annotations.is_empty());
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .starts_with("annotations are read-only")
    );
}

#[test]
fn mouse_drag_selects_and_stays_in_select_mode() {
    let mut app = app_with("alpha beta gamma", 40, 10);
    app.tick(1_000, 7);
    let left = app.text_left();
    app.mouse_down(left + 6, 0);
    app.mouse_drag(left + 9, 0);
    app.mouse_up();
    assert_eq!(app.mode(), Mode::Select);
    press(&mut app, "Enter");
    assert_eq!(highlighted(&app), "alpha [beta] gamma");
}

/// An annotation over chars `start..end` of `text` with a re-anchoring state.
fn stateful(
    text: &str,
    id: &str,
    start: u64,
    end: u64,
    state: Option<&str>,
) -> crate::annotation::Annotation {
    let mut a = crate::test_support::annotation(id, text, start, end);
    a.prefix = "old context".into();
    if let Some(s) = state {
        a.state = crate::annotation::State::from_name(s).expect("a known state");
    }
    a
}

#[test]
fn enter_on_a_focused_fuzzy_annotation_confirms_it() {
    let text = "alpha beta gamma delta";
    let mut app = app_with(text, 60, 10);
    app.tick(5_000, 7);
    app.load_annotations(vec![stateful(text, "a", 6, 10, Some("fuzzy"))], None);
    assert!(app.reader.as_ref().unwrap().shown[0].fuzzy);
    press(&mut app, "]");
    app.key(Key::Enter);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(
        r.annotations.live()[0].state(),
        crate::annotation::State::Placed
    );
    assert!(!r.shown[0].fuzzy);
    assert_eq!(r.top.start, 0, "Enter confirmed instead of scrolling");
    assert!(app.take_effects().iter().any(|e| matches!(e, Effect::Save)));
}

#[test]
fn orphans_are_listed_last_and_reattached_to_the_last_selection() {
    let text = "alpha beta gamma delta";
    let mut app = app_with(text, 60, 10);
    app.tick(5_000, 7);
    app.load_annotations(
        vec![
            stateful(text, "o", 0, 5, Some("orphan")),
            stateful(text, "p", 17, 22, None),
        ],
        None,
    );
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.shown.len(), 1, "an orphan is not drawn");
    press(&mut app, "]");
    assert_eq!(
        app.reader.as_ref().unwrap().focus.as_deref(),
        Some("p"),
        "] skips orphans"
    );
    let order: Vec<_> = app.notes_entries().iter().map(|a| a.id.clone()).collect();
    assert_eq!(order, ["p", "o"]);
    press(&mut app, "Esc v w e Esc Tab j r");
    let a = app
        .reader
        .as_ref()
        .unwrap()
        .annotations
        .get("o")
        .unwrap()
        .clone();
    assert_eq!(
        (a.quote.as_str(), a.state()),
        ("alpha beta", crate::annotation::State::Placed)
    );
    assert_eq!(app.message.as_deref(), Some("re-attached"));
}

#[test]
fn colon_commands_save_export_and_complain() {
    let mut app = app_with("alpha beta", 60, 10);
    app.key(Key::Char(':'));
    assert_eq!(app.mode(), Mode::Prompt);
    for c in "w".chars() {
        app.key(Key::Char(c));
    }
    app.key(Key::Enter);
    assert!(
        app.take_effects()
            .iter()
            .any(|e| matches!(e, Effect::Write))
    );
    for c in ":export json notes.json".chars() {
        app.key(Key::Char(c));
    }
    app.key(Key::Enter);
    let effects = app.take_effects();
    assert!(
        matches!(effects.as_slice(), [Effect::Export { format, path }] if format == "json" && path.as_deref() == Some("notes.json")),
        "{effects:?}"
    );
    for c in ":fly".chars() {
        app.key(Key::Char(c));
    }
    app.key(Key::Enter);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .starts_with("unknown command :fly")
    );
    assert!(
        app.take_effects().is_empty(),
        "a search is never started by a command"
    );
}

/// The `Effect::Search` ids the app asked for (the searches are not run).
fn search_ids(app: &mut App) -> Vec<u64> {
    app.take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::Search { id, .. } => Some(id),
            _ => None,
        })
        .collect()
}

/// Deliver search `id`'s answer: the first occurrence of `word`.
fn answer_late(app: &mut App, id: u64, word: &[u8]) {
    let bytes = app.reader.as_ref().unwrap().doc.bytes.clone();
    let at = bytes.windows(word.len()).position(|w| w == word).unwrap();
    app.search_done(
        id,
        Some(crate::search::Found {
            range: at..at + word.len(),
            wrapped: false,
        }),
    );
}

#[test]
fn a_long_search_shows_progress_and_cancelling_drops_its_late_answer() {
    let mut app = app_with(&article(100), 80, 11);
    for k in ["/", "p", "5", "0", "Enter"] {
        app.key(Key::parse(k).unwrap());
    }
    let id = *search_ids(&mut app).last().unwrap();
    assert_eq!(app.searching.map(|s| s.id), Some(id));
    assert_eq!(
        app.searching.unwrap().percent,
        None,
        "no progress shown yet"
    );
    app.search_progress(id, 42);
    assert_eq!(app.searching.unwrap().percent, Some(42));
    assert!(app.search_cancelled());
    assert_eq!(app.searching, None);
    assert_eq!(app.message.as_deref(), Some("search cancelled"));
    // The answer arrives anyway: it must not move the view.
    answer_late(&mut app, id, b"p50");
    assert!(top(&app).starts_with("p0 "), "{}", top(&app));
    assert!(!app.search_cancelled(), "nothing left to cancel");
}

/// Press `keys` (as [`press`]) without carrying out the searches they ask
/// for, as when a search is still running in the background.
fn press_searching(app: &mut App, keys: &str) {
    for k in keys.split(' ').filter(|k| !k.is_empty()) {
        app.key(Key::parse(k).unwrap());
    }
}

#[test]
fn keys_typed_before_a_search_answers_act_on_its_match() {
    // `v e Enter` typed while the search runs: the highlight is the
    // match's word, not the top row's.
    let mut app = app_with(&article(100), 80, 11);
    app.tick(1_000, 7);
    press_searching(&mut app, "/ p 5 Enter v e Enter");
    assert!(
        app.reader.as_ref().unwrap().annotations.live().is_empty(),
        "nothing highlighted before the answer"
    );
    let id = *search_ids(&mut app).last().unwrap();
    answer_late(&mut app, id, b"p5 ");
    let live = app.reader.as_ref().unwrap().annotations.live();
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].quote, "p5");
    assert!(top(&app).starts_with("p5 "), "{}", top(&app));

    // `n` waits too, and the keys after it wait for its own search.
    app.tick(2_000, 9); // a new id for the next highlight
    press_searching(&mut app, "/ w o r d s Enter n s");
    let id = *search_ids(&mut app).last().unwrap();
    answer_late(&mut app, id, b"words");
    let asked = app.take_effects();
    let Some(Effect::Search { id, from, .. }) = asked.last().cloned() else {
        panic!("`n` searches once the first search answered: {asked:?}");
    };
    let first = article(100).find("words").unwrap();
    assert_eq!(from, first + 1, "`n` starts after the first match");
    assert_eq!(
        app.reader.as_ref().unwrap().annotations.live().len(),
        1,
        "`s` waits for the answer to `n`"
    );
    let second = first + article(100)[first + 1..].find("words").unwrap() + 1;
    app.search_done(
        id,
        Some(crate::search::Found {
            range: second..second + 5,
            wrapped: false,
        }),
    );
    let live = app.reader.as_ref().unwrap().annotations.live();
    assert_eq!(live.len(), 2, "{live:?}");
    assert!(
        live.iter()
            .any(|a| a.quote == "p1 some words in paragraph number 1"),
        "{live:?}"
    );
}

#[test]
fn cancelling_a_search_drops_the_keys_that_waited_for_it() {
    let mut app = app_with(&article(100), 80, 11);
    press_searching(&mut app, "/ p 5 Enter v e Enter");
    let id = *search_ids(&mut app).last().unwrap();
    assert!(app.search_cancelled());
    assert_eq!(
        app.message.as_deref(),
        Some("search cancelled (and the 3 keys typed after it)")
    );
    answer_late(&mut app, id, b"p5 ");
    assert_eq!(app.mode(), Mode::Normal);
    assert!(app.reader.as_ref().unwrap().annotations.live().is_empty());
    assert!(top(&app).starts_with("p0 "), "{}", top(&app));
    // Keys are taken at once again.
    press(&mut app, "v e Enter");
    assert_eq!(
        app.reader.as_ref().unwrap().annotations.live()[0].quote,
        "p0"
    );
}

#[test]
fn erasing_the_pattern_drops_the_answer_of_its_search() {
    let mut app = app_with(&article(100), 80, 11);
    press(&mut app, "/ p 1 Space Enter");
    let before = app.reader.as_ref().unwrap().search.clone().unwrap().current;
    assert!(before.is_some());
    for k in ["/", "p", "5", "0", "Backspace", "Backspace", "Backspace"] {
        app.key(Key::parse(k).unwrap());
    }
    let id = *search_ids(&mut app).last().unwrap();
    assert_eq!(app.searching, None);
    answer_late(&mut app, id, b"p50");
    assert!(top(&app).starts_with("p0 "), "{}", top(&app));
    let search = app.reader.as_ref().unwrap().search.clone().unwrap();
    assert_eq!(search.pattern.text, "p1 ", "the search from before stays");
    assert_eq!(search.current, before);
}

#[test]
fn a_note_being_typed_when_annotty_ends_is_kept_as_a_draft() {
    let mut app = app_with("alpha beta gamma", 60, 20);
    app.tick(1_000, 7);
    press(&mut app, "v e a O l d C-s");
    assert!(!app.keep_draft(), "no editor open: nothing to keep");
    press(&mut app, "a space n e w");
    let _ = app.take_effects();
    assert!(app.keep_draft());
    assert!(
        app.take_effects().iter().any(|e| matches!(e, Effect::Save)),
        "the draft is saved"
    );
    let a = app.reader.as_ref().unwrap().annotations.live()[0].clone();
    assert_eq!(a.note, "Old", "the note itself is unchanged");
    assert_eq!(a.draft(), Some("Old new"));

    // Next time: the editor opens on the draft, which counts as a change.
    let mut again = app_with("alpha beta gamma", 60, 20);
    again.load_annotations(vec![a], None);
    assert!(
        again
            .message
            .as_deref()
            .unwrap()
            .contains("1 unsaved note draft")
    );
    press(&mut again, "] a");
    assert_eq!(again.editor.as_ref().unwrap().area.text(), "Old new");
    press(&mut again, "! C-s");
    let a = &again.reader.as_ref().unwrap().annotations.live()[0];
    assert_eq!((a.note.as_str(), a.draft()), ("Old new!", None));

    // Discarding it drops it and keeps the note.
    let mut a = a.clone();
    a.set_draft(Some("scrap".into()));
    again.load_annotations(vec![a], None);
    press(&mut again, "] a");
    assert_eq!(again.editor.as_ref().unwrap().area.text(), "scrap");
    press(&mut again, "Esc Esc");
    let a = &again.reader.as_ref().unwrap().annotations.live()[0];
    assert_eq!((a.note.as_str(), a.draft()), ("Old new!", None));
}

#[test]
fn ctrl_z_suspends_from_the_note_editor_too() {
    let mut app = app_with("alpha beta gamma", 60, 20);
    app.tick(1_000, 7);
    press(&mut app, "v e a x");
    let _ = app.take_effects();
    app.key(Key::Ctrl('z'));
    let effects = app.take_effects();
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Suspend)),
        "{effects:?}"
    );
    assert_eq!(app.mode(), Mode::Editor, "the note is still being written");
    assert_eq!(app.editor.as_ref().unwrap().area.text(), "x");
}

#[test]
fn a_blank_selection_is_not_highlighted() {
    for text in ["\n", "\n\n\n", "   \n"] {
        let mut app = app_with(text, 60, 20);
        app.tick(1_000, 7);
        press(&mut app, "v Enter");
        press(&mut app, "s S");
        let r = app.reader.as_ref().unwrap();
        assert!(r.annotations.live().is_empty(), "{text:?}");
    }
    // A selection with a blank in it is fine.
    let mut app = app_with("a  b", 60, 20);
    app.tick(1_000, 7);
    press(&mut app, "v l Enter");
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.annotations.live()[0].quote, "a ");
}

/// `text` open 60×12 with paragraphs read as `reflow` says.
fn app_reflowed(text: &str, reflow: crate::app::Reflow) -> App {
    let settings = Settings {
        reflow,
        ..Settings::default()
    };
    let mut app = App::new(Keymap::default(), settings, (60, 12));
    app.open(Document::from_text("wrapped.txt", text));
    app
}

#[test]
fn n_and_shift_n_step_through_matches_across_reflowed_line_breaks() {
    // A hard-wrapped article: the phrase is broken over two source lines
    // twice, lies within one line once, and once straddles a blank line
    // (a paragraph break, which a space does not cross).
    let text = "Then sugar was added\nto their tea, and milk.\n\n\
                Milk was added to their\ncoffee as well, twice.\n\n\
                Honey was later added\n\nto their bread.\n\n\
                Salt was added\r\nto their soup.\n";
    let mut app = app_reflowed(text, crate::app::Reflow::Always);
    let current = |app: &App| {
        let r = app.reader.as_ref().unwrap();
        let m = r.search.as_ref().unwrap().current.clone().unwrap();
        String::from_utf8_lossy(&r.bytes()[m]).into_owned()
    };
    press(&mut app, "/ a d d e d Space t o Space t h e i r Enter");
    assert_eq!(app.message, None, "found without wrapping");
    assert_eq!(current(&app), "added\nto their");
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.matches.len(), 3, "every match on screen is coloured");
    assert!(
        r.rows.iter().any(|row| {
            let shown = String::from_utf8_lossy(&r.bytes()[row.range.clone()]).into_owned();
            shown.starts_with("Then sugar was added\nto their tea")
        }),
        "the phrase is shown on one row"
    );
    press(&mut app, "n");
    assert_eq!(current(&app), "added to their");
    press(&mut app, "n");
    assert_eq!(current(&app), "added\r\nto their");
    press(&mut app, "N N");
    assert_eq!(current(&app), "added\nto their");
    press(&mut app, "N");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("search wrapped"))
    );
    assert_eq!(current(&app), "added\r\nto their");
    press(&mut app, "n");
    assert_eq!(app.message.as_deref(), Some("search wrapped to the top"));
    assert_eq!(current(&app), "added\nto their");
    // One paragraph per line: the pattern as typed, only the match within
    // a line.
    let mut app = app_reflowed(text, crate::app::Reflow::Never);
    press(&mut app, "/ a d d e d Space t o Space t h e i r Enter n");
    assert_eq!(current(&app), "added to their");
    assert_eq!(app.message.as_deref(), Some("search wrapped to the top"));
}

/// True when the status row says a highlight was focused instead of added.
fn focused_again(app: &App) -> bool {
    app.message
        .as_deref()
        .is_some_and(|m| m.starts_with("already highlighted"))
}

#[test]
fn highlighting_exactly_a_highlighted_span_focuses_it_instead() {
    let text = "One two. Three four. Five six.\nNext paragraph here.";
    let mut app = app_with(text, 40, 10);
    app.tick(1_000, 7);
    let live = |app: &App| -> Vec<(u64, u64, String)> {
        let r = app.reader.as_ref().unwrap();
        r.annotations
            .live()
            .iter()
            .map(|a| (a.start.0, a.end.0, a.tag.clone()))
            .collect()
    };
    let focus = |app: &App| app.reader.as_ref().unwrap().focus.clone();
    press(&mut app, "/ t h r e e Enter v e Enter");
    let first = live(&app);
    assert_eq!(first, [(9, 14, "highlight".to_string())]);
    let id = focus(&app).unwrap();
    // The same span again: with Enter, a tag digit, and `a` (with a note).
    for keys in ["v e Enter", "v e 2", "v e a"] {
        press(&mut app, "Esc Esc g");
        app.reader.as_mut().unwrap().focus = None;
        press(&mut app, &format!("/ t h r e e Enter {keys}"));
        assert_eq!(live(&app), first, "{keys}: still one highlight, tag kept");
        assert_eq!(focus(&app).as_ref(), Some(&id), "{keys}: focused");
        assert_eq!(
            app.message.as_deref(),
            Some("already highlighted (highlight): focused that highlight"),
            "{keys}"
        );
    }
    // `a` opened the note editor on the existing highlight.
    assert_eq!(app.mode(), Mode::Editor);
    press(&mut app, "Esc");
    // With the mouse, the same word selected by dragging over it.
    press(&mut app, "Esc g");
    let left = app.text_left();
    app.mouse_down(left + 9, 0);
    app.mouse_drag(left + 13, 0);
    app.mouse_up();
    press(&mut app, "Enter");
    assert_eq!(live(&app), first, "mouse: still one highlight");
    assert!(focused_again(&app));
    // `s` twice on the same sentence: one highlight of it.
    press(&mut app, "/ f i v e Enter s");
    press(&mut app, "/ f i v e Enter s");
    assert_eq!(live(&app).len(), 2);
    assert!(focused_again(&app));
    // Overlapping but not the same span: a new highlight.
    press(&mut app, "/ t h r e e Enter v e l Enter");
    assert_eq!(live(&app).len(), 3);
    // Undo takes back that one, not a phantom duplicate.
    press(&mut app, "U");
    assert_eq!(live(&app).len(), 2);
}

#[test]
fn every_highlight_says_what_it_saved_and_with_which_tag() {
    let mut app = app_with("One two. Three four. Five six.", 40, 10);
    app.tick(1_000, 7);
    // A vim habit: `v 3 e` tags with the digit at once, but says so.
    press(&mut app, "v 3");
    assert_eq!(
        app.message.as_deref(),
        Some("highlighted “O” (1 char) as question — U to undo")
    );
    assert_eq!(app.mode(), Mode::Normal);
    press(&mut app, "U / t h r e e Enter v e Enter");
    assert_eq!(
        app.message.as_deref(),
        Some("highlighted “Three” (5 chars) as highlight — U to undo")
    );
    press(&mut app, "/ f i v e Enter s");
    assert_eq!(
        app.message.as_deref(),
        Some("highlighted “Five six.” (9 chars) as highlight — U to undo")
    );
    // The next key clears it.
    press(&mut app, "j");
    assert_eq!(app.message, None);
}

#[test]
fn a_digit_with_no_tag_changes_nothing_and_says_so() {
    let mut app = app_with("One two. Three four. Five six.", 40, 10);
    app.tick(1_000, 7);
    let tags = |app: &App| -> Vec<String> {
        let r = app.reader.as_ref().unwrap();
        r.annotations.live().iter().map(|a| a.tag.clone()).collect()
    };
    // Select mode: the selection stays, nothing is highlighted.
    press(&mut app, "v e 9");
    assert_eq!(
        app.message.as_deref(),
        Some("no tag 9 (the tags are 1–5): nothing changed")
    );
    assert_eq!(app.mode(), Mode::Select);
    assert!(tags(&app).is_empty());
    press(&mut app, "Enter");
    assert_eq!(tags(&app), ["highlight"]);
    // `c` then 9: refused, the tag stays; `c` then 4: changed and said.
    press(&mut app, "c");
    assert!(app.picking_tag());
    assert_eq!(app.message, None, "the picker shows instead");
    press(&mut app, "9");
    assert!(!app.picking_tag());
    assert_eq!(
        app.message.as_deref(),
        Some("no tag 9 (the tags are 1–5): nothing changed")
    );
    assert_eq!(tags(&app), ["highlight"]);
    press(&mut app, "c 4");
    assert_eq!(app.message.as_deref(), Some("tag: idea"));
    assert_eq!(tags(&app), ["idea"]);
    // Esc leaves the picker with the tag as it was.
    press(&mut app, "c Esc");
    assert!(!app.picking_tag());
    assert_eq!(tags(&app), ["idea"]);
}

#[test]
fn the_help_names_the_digits_tags() {
    let mut app = app_with("One two. Three four.", 80, 30);
    press(&mut app, "v F1");
    let help = &app.help.as_ref().unwrap().lines;
    assert!(
        help.contains(&(
            "1-5".to_string(),
            "highlight at once with that tag: 1 highlight 2 important 3 question 4 idea 5 quote"
                .to_string()
        )),
        "{help:?}"
    );
    press(&mut app, "q Esc h");
    let help = &app.help.as_ref().unwrap().lines;
    assert!(
        help.iter().any(|(k, d)| k == "c"
            && d.ends_with("then its digit: 1 highlight 2 important 3 question 4 idea 5 quote")),
        "{help:?}"
    );
}

#[test]
fn brackets_and_the_notes_panel_show_a_highlight_with_context_above_it() {
    let text: String = (0..80).map(|i| format!("para {i} with words\n")).collect();
    // 24 rows: 23 of text, so three rows above.
    let mut app = app_with(&text, 60, 24);
    app.tick(1_000, 7);
    press(
        &mut app,
        "/ p a r a Space 3 0 Enter v e Enter / p a r a Space 6 0 Enter v e Enter Esc g",
    );
    assert!(top(&app).starts_with("para 0"));
    press(&mut app, "]");
    assert!(row(&app, 3).starts_with("para 30"), "{}", top(&app));
    press(&mut app, "]");
    assert!(row(&app, 3).starts_with("para 60"), "{}", top(&app));
    // Back to one already on screen, with room around it: no move.
    press(&mut app, "k k [");
    assert!(row(&app, 3).starts_with("para 30"), "{}", top(&app));
    press(&mut app, "j [ ]");
    assert!(row(&app, 3).starts_with("para 60"), "{}", top(&app));
    // At the top of the screen: brought down to three rows.
    press(&mut app, "3 j");
    assert!(row(&app, 0).starts_with("para 60"), "{}", top(&app));
    press(&mut app, "Tab j Enter");
    assert!(row(&app, 3).starts_with("para 60"), "{}", top(&app));
    // A small screen keeps a quarter of its rows above.
    app.resize(60, 9);
    press(&mut app, "g Tab j Enter");
    assert!(row(&app, 2).starts_with("para 60"), "{}", top(&app));
    assert_eq!(crate::app::scrolloff(8), 2);
    assert_eq!(crate::app::scrolloff(2), 0);
}

#[test]
fn a_click_on_a_highlight_focuses_it_and_a_drag_still_selects() {
    let mut app = app_with("One two. Three four. Five six.", 40, 10);
    app.tick(1_000, 7);
    press(&mut app, "/ t h r e e Enter v e Enter Esc");
    let r = app.reader.as_ref().unwrap();
    let id = r.annotations.live()[0].id.clone();
    assert_eq!(r.focus, None);
    let left = app.text_left();
    // A click on "Three": focused, no selection, still reading.
    app.mouse_down(left + 10, 0);
    app.mouse_up();
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.reader.as_ref().unwrap().focus.as_ref(), Some(&id));
    // A drag from inside it selects from where it started.
    app.mouse_down(left + 10, 0);
    app.mouse_drag(left + 12, 0);
    app.mouse_drag(left + 16, 0);
    app.mouse_up();
    assert_eq!(app.mode(), Mode::Select);
    press(&mut app, "Enter");
    assert_eq!(
        highlighted(&app),
        "One two. [T[hree] fo]ur. Five six.",
        "a new highlight of the dragged span"
    );
    // A click off any highlight still starts a selection there.
    app.mouse_down(left + 1, 0);
    app.mouse_up();
    assert_eq!(app.mode(), Mode::Select);
}

/// With page breaks hidden, a paragraph split by one reads on, and the
/// caret steps over the break as if it were not there: `w` from the last
/// word before it lands on the first word after it, `b` comes back, and
/// `l`/`h` cross the joining space.
#[test]
fn the_caret_crosses_a_hidden_page_break_like_a_space() {
    let text =
        "Before it the keeper\n\n\n        Page 1\n\u{c}\n        Memo 12\n\nreturns at dawn.\n";
    let mut app = app_with(text, 40 + GUTTER, 10);
    let r = app.reader.as_mut().unwrap();
    r.set_style(ParagraphStyle::HardWrapped);
    r.set_page_breaks(crate::layout::PageBreaks::Hide);
    press(&mut app, "v");
    let keeper = text.find("keeper").unwrap();
    let returns = text.find("returns").unwrap();
    let caret = |app: &App| app.reader.as_ref().unwrap().selection.unwrap().caret.0;
    app.reader.as_mut().unwrap().selection = Some(Selection {
        anchor: crate::text::BytePos(keeper),
        caret: crate::text::BytePos(keeper),
    });
    press(&mut app, "w");
    assert_eq!(caret(&app), returns);
    press(&mut app, "b");
    assert_eq!(caret(&app), keeper);
    press(&mut app, "e l");
    assert_eq!(caret(&app), returns);
    press(&mut app, "h");
    assert_eq!(caret(&app), keeper + "keeper".len() - 1);
}

#[test]
fn help_lines_wrap_as_the_article_balanced_or_greedy() {
    let help = |wrap| {
        Help {
        title: "",
        lines: vec![(
            "w".into(),
            "cycle greedy, balanced and justified rows, keeping the same words at the top of the screen".into(),
        )],
        scroll: 0,
        wrap,
    }
    };
    // 33 columns: the key's, a gap of 2 and 30 for the words.
    let words = |h: Help| h.rows(33).into_iter().map(|(_, w)| w).collect::<Vec<_>>();
    assert_eq!(
        words(help(crate::wrap::Wrap::Greedy)),
        [
            "cycle greedy, balanced and",
            "justified rows, keeping the",
            "same words at the top of the",
            "screen"
        ]
    );
    assert_eq!(
        words(help(crate::wrap::Wrap::Balanced)),
        [
            "cycle greedy, balanced and",
            "justified rows, keeping the",
            "same words at the top of",
            "the screen"
        ]
    );
}

#[test]
fn an_alt_key_bound_to_nothing_is_an_esc_and_the_key() {
    let mut app = app_with("alpha beta gamma", 60, 20);
    assert!(app.reads_as_esc_then_key(Key::Alt('j')));
    assert!(!app.reads_as_esc_then_key(Key::Char('j')));
    assert!(!app.reads_as_esc_then_key(Key::Esc));
    // Bound in the keymap, it is that binding.
    let mut keymap = Keymap::default();
    keymap.bind(Mode::Normal, Key::Alt('j'), Action::ScrollDown);
    let mut bound = App::new(keymap, Settings::default(), (60, 20));
    bound.open(Document::from_text("test.txt", "alpha beta gamma"));
    assert!(!bound.reads_as_esc_then_key(Key::Alt('j')));
    // The note editor keeps its own Alt keys (M-b, M-f move by word).
    press(&mut app, "v e a");
    assert_eq!(app.mode(), Mode::Editor);
    assert!(!app.reads_as_esc_then_key(Key::Alt('b')));
    assert!(!app.reads_as_esc_then_key(Key::Alt('x')));
}

/// In `text` opened as Markdown, what is highlighted after `v` with the
/// caret on the first `caret`, `keys`, then `Enter`.
fn md_highlight_after(text: &str, caret: &str, keys: &str) -> String {
    let mut app = App::new(Keymap::default(), Settings::default(), (60, 12));
    app.open(crate::document::Document::from_text("t.md", text));
    app.tick(1_764_366_944_123, 7);
    press(&mut app, "v");
    let at = text.find(caret).unwrap();
    app.reader.as_mut().unwrap().selection = Some(Selection {
        anchor: crate::text::BytePos(at),
        caret: crate::text::BytePos(at),
    });
    press(&mut app, keys);
    press(&mut app, "Enter");
    highlighted(&app)
}

#[test]
fn in_rendered_markdown_the_caret_steps_over_hidden_markup() {
    let check_in = |text: &str, caret: &str, keys: &str, expected: &str| {
        let got = md_highlight_after(text, caret, keys);
        assert_eq!(got, expected, "keys {keys:?} from {caret:?}");
    };
    let text = "It was **very** good, said the *keeper*.\n";
    let check = |caret: &str, keys: &str, expected: &str| check_in(text, caret, keys, expected);
    // The end of a word as shown: before the closing `**`.
    check("very", "E", "It was **[very]** good, said the *keeper*.\n");
    check("was", "E E", "It [was **very]** good, said the *keeper*.\n");
    // A glyph at a time: the markup is stepped over both ways.
    check(
        "very",
        "l l l l",
        "It was **[very** ]good, said the *keeper*.\n",
    );
    check(
        "good",
        "h h",
        "It was **ver[y** g]ood, said the *keeper*.\n",
    );
    // Word starts: as if the markup were not there.
    check("good", "b", "It was **[very** g]ood, said the *keeper*.\n");
    check("was", "w", "It [was **v]ery** good, said the *keeper*.\n");
    check("said", "$", "It was **very** good, [said the *keeper*.]\n");
    // A row that starts with markup starts after it.
    check_in("**Bold** words.\n", "words", "0", "**[Bold** w]ords.\n");
}

#[test]
fn word_motions_in_rendered_markdown_skip_a_blank_next_to_hidden_markup() {
    let text = "Intro paragraph with **strong words** and more.\n";
    let check = |caret: &str, keys: &str, expected: &str| {
        let got = md_highlight_after(text, caret, keys);
        assert_eq!(got, expected, "keys {keys:?} from {caret:?}");
    };
    // As shown (`with strong words and`): `e` ends on `strong`'s `g` and
    // `w` starts on `and`, never on a blank beside the asterisks.
    check(
        "with",
        "e e",
        "Intro paragraph [with **strong] words** and more.\n",
    );
    check(
        "strong",
        "w w",
        "Intro paragraph with **[strong words** a]nd more.\n",
    );
    check(
        "words",
        "b b",
        "Intro paragraph [with **strong w]ords** and more.\n",
    );
}

#[test]
fn gx_in_select_mode_copies_the_link_under_the_caret() {
    let text = "Read [the survey](https://example.org/s) today.\n";
    let mut app = App::new(Keymap::default(), Settings::default(), (60, 12));
    app.open(crate::document::Document::from_text("t.md", text));
    app.tick(1_764_366_944_123, 7);
    press(&mut app, "v");
    let at = text.find("survey").unwrap();
    app.reader.as_mut().unwrap().selection = Some(Selection {
        anchor: crate::text::BytePos(at),
        caret: crate::text::BytePos(at),
    });
    assert_eq!(app.link_here().as_deref(), Some("https://example.org/s"));
    app.take_effects();
    for k in ["g", "x"] {
        app.key(Key::parse(k).unwrap());
    }
    assert!(
        matches!(app.take_effects().as_slice(), [Effect::Copy(url)] if url == "https://example.org/s"),
        "{:?}",
        app.message
    );
    assert_eq!(app.mode(), Mode::Select, "still selecting");
    // Off a link it says so; a `g` before another key leaves that key be.
    press(&mut app, "0");
    app.key(Key::parse("g").unwrap());
    app.key(Key::parse("x").unwrap());
    assert!(app.take_effects().is_empty());
    assert!(app.message.as_deref().unwrap().starts_with("no link here"));
    app.key(Key::parse("g").unwrap());
    press(&mut app, "w Enter");
    assert_eq!(
        highlighted(&app),
        "Read [[the s]urvey](https://example.org/s) today.\n"
    );
}

#[test]
fn m_switches_rendered_and_source_markdown_at_the_same_place() {
    let text: String = (0..200)
        .map(|i| format!("Paragraph **{i}** of the notes, with *some* words.\n\n"))
        .collect();
    let mut app = App::new(Keymap::default(), Settings::default(), (50, 12));
    app.open(crate::document::Document::from_text("notes.md", &text));
    press(&mut app, "1 2 0 j");
    let shown = |app: &App| {
        let r = app.reader.as_ref().unwrap();
        (r.layout.markdown(), r.rows[0].range.clone())
    };
    let (rendered, top) = shown(&app);
    assert!(rendered && top.start > 1000, "{top:?}");
    press(&mut app, "M");
    let (rendered, source_top) = shown(&app);
    assert!(!rendered);
    assert!(
        source_top.contains(&top.start),
        "{source_top:?} holds {}",
        top.start
    );
    press(&mut app, "M");
    let (rendered, again) = shown(&app);
    assert!(rendered);
    assert!(again.contains(&top.start), "{again:?} holds {}", top.start);
}

#[test]
fn the_note_editor_wraps_as_the_config_says() {
    for wrap in [crate::wrap::Wrap::Greedy, crate::wrap::Wrap::Balanced] {
        let settings = Settings {
            typeset: crate::wrap::Typeset {
                wrap,
                ..crate::wrap::Typeset::BOOK
            },
            ..Settings::default()
        };
        let mut app = App::new(Keymap::default(), settings, (60, 20));
        app.open(Document::from_text("test.txt", "alpha beta gamma"));
        app.tick(1_000, 7);
        press(&mut app, "v e a");
        assert_eq!(app.mode(), Mode::Editor);
        assert_eq!(app.editor.as_ref().unwrap().area.wrap(), wrap);
    }
}

#[test]
fn a_bookmark_opened_from_the_notes_browser_is_jumped_to() {
    let text = article(200);
    let mut app = app_with(&text, 60, 10);
    let at = text.find("p150 ").unwrap();
    let r = app.reader.as_mut().unwrap();
    r.bookmarks.push(crate::bookmark::Bookmark {
        name: 'B',
        at: crate::text::CharPos(at as u64),
        prefix: String::new(),
        suffix: String::new(),
        created: String::new(),
    });
    app.focus_note = Some("bookmark-B".into());
    app.focus_waiting_note();
    assert!(top(&app).starts_with("p150 "), "{}", top(&app));
}

#[test]
fn in_the_notes_browser_a_bookmark_is_not_edited_tagged_or_deleted() {
    use crate::browser::{Batch, Source};
    let mut app = App::new(Keymap::default(), Settings::default(), (80, 20));
    app.open_browser("notes", vec![std::path::PathBuf::from(".")]);
    let mut source = Source::new(
        "a.txt.annotty.toml".into(),
        Some("a.txt".into()),
        "A".into(),
        "a.txt".into(),
    );
    source.bookmarks = vec![crate::bookmark::Bookmark {
        name: 'C',
        at: crate::text::CharPos(3),
        prefix: String::new(),
        suffix: "later on".into(),
        created: String::new(),
    }];
    app.gathered(Batch {
        read: vec![(std::sync::Arc::new(source), Vec::new())],
        unreadable: Vec::new(),
        found: 1,
        done: true,
    });
    app.take_effects();
    app.browser.as_mut().unwrap().typing = false;
    for keys in ["a", "c", "x"] {
        press(&mut app, keys);
        let said = app.message.clone().unwrap_or_default();
        assert!(said.starts_with("a bookmark, not a note"), "{keys}: {said}");
        // (After `c`, a digit picks no tag: nothing waits for one.)
        press(&mut app, "1");
        assert!(
            !app.take_effects()
                .iter()
                .any(|e| matches!(e, Effect::SaveNote { .. })),
            "{keys}: nothing saved"
        );
        assert!(app.browser.as_ref().unwrap().editing.is_none());
    }
}
