use super::*;
use proptest::prelude::*;

/// A text area from a picture: `|` marks the cursor.
fn at(picture: &str) -> TextArea {
    let pos = picture.find('|').expect("a cursor mark");
    let mut a = TextArea::new(&picture.replacen('|', "", 1));
    a.set_cursor(pos);
    a
}

/// The text with `|` at the cursor.
fn show(a: &TextArea) -> String {
    let mut s = a.text().to_string();
    s.insert(a.cursor(), '|');
    s
}

/// Press keys named as in the config file, separated by spaces.
fn press(a: &mut TextArea, keys: &str) {
    for k in keys.split(' ') {
        let key = Key::parse(k).unwrap();
        assert!(a.key(key), "{k} not handled");
    }
}

fn type_text(a: &mut TextArea, s: &str) {
    for c in s.chars() {
        assert!(a.key(Key::Char(c)));
    }
}

/// The visual rows at `width`, one per line, with `|` at the cursor.
fn rows(a: &TextArea, width: usize) -> String {
    let layout = a.layout(width);
    let mut out = String::new();
    for (i, row) in layout.rows.iter().enumerate() {
        let mut line = a.text()[row.text.clone()].to_string();
        if i == layout.cursor.0 {
            line.insert(a.cursor() - row.text.start, '|');
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn typing_inserts_at_the_cursor() {
    let mut a = TextArea::new("");
    type_text(&mut a, "hello");
    press(&mut a, "Left Left");
    type_text(&mut a, "XY");
    assert_eq!(show(&a), "helXY|lo");
    press(&mut a, "Enter");
    assert_eq!(show(&a), "helXY\n|lo");
    press(&mut a, "Tab");
    type_text(&mut a, "é漢");
    assert_eq!(show(&a), "helXY\n\té漢|lo");
}

#[test]
fn new_puts_the_cursor_at_the_end_and_normalises_line_breaks() {
    let a = TextArea::new("one\r\ntwo\rthree");
    assert_eq!(show(&a), "one\ntwo\nthree|");
    assert!(!a.is_changed());
}

#[test]
fn backspace_joins_lines_at_a_line_start() {
    let mut a = at("ab\n|cd");
    press(&mut a, "Backspace");
    assert_eq!(show(&a), "ab|cd");
    press(&mut a, "Backspace Backspace Backspace");
    assert_eq!(show(&a), "|cd");
    press(&mut a, "C-h");
    assert_eq!(show(&a), "|cd");
}

#[test]
fn delete_removes_the_grapheme_after_and_does_nothing_at_the_end() {
    let mut a = at("ab|\ncd");
    press(&mut a, "Delete");
    assert_eq!(show(&a), "ab|cd");
    press(&mut a, "Delete Delete");
    assert_eq!(show(&a), "ab|");
    press(&mut a, "Delete");
    assert_eq!(show(&a), "ab|");
}

#[test]
fn left_and_right_move_by_grapheme_across_line_ends() {
    // e + combining acute, a ZWJ sequence, a flag (two regional indicators).
    let text = "e\u{301}👩\u{200d}💻🇯🇵\nx";
    let mut a = TextArea::new(text);
    a.set_cursor(0);
    let mut stops = vec![0];
    for _ in 0..6 {
        press(&mut a, "Right");
        stops.push(a.cursor());
    }
    let e = "e\u{301}".len();
    let dev = e + "👩\u{200d}💻".len();
    let flag = dev + "🇯🇵".len();
    assert_eq!(stops, [0, e, dev, flag, flag + 1, text.len(), text.len()]);
    let mut back = vec![];
    for _ in 0..6 {
        press(&mut a, "Left");
        back.push(a.cursor());
    }
    assert_eq!(back, [flag + 1, flag, dev, e, 0, 0]);
}

#[test]
fn backspace_and_delete_remove_whole_clusters() {
    let mut a = at("e\u{301}👩\u{200d}💻|🇯🇵");
    press(&mut a, "Backspace");
    assert_eq!(show(&a), "e\u{301}|🇯🇵");
    press(&mut a, "Delete");
    assert_eq!(show(&a), "e\u{301}|");
    press(&mut a, "Backspace");
    assert_eq!(show(&a), "|");
}

#[test]
fn edits_that_merge_clusters_keep_the_cursor_on_a_boundary() {
    // Typing a base before a combining mark makes one cluster.
    let mut a = at("|\u{301}x");
    type_text(&mut a, "e");
    assert_eq!(show(&a), "e\u{301}|x");
    // Deleting the line break between a letter and a lone mark.
    let mut a = at("e\n|\u{301}");
    press(&mut a, "Backspace");
    assert_eq!(show(&a), "e\u{301}|");
    // A regional indicator typed between two flags pairs up differently.
    let mut a = at("🇯🇵|🇯🇵");
    type_text(&mut a, "🇫");
    assert_eq!(show(&a), "🇯🇵🇫🇯|🇵");
}

#[test]
fn up_and_down_keep_the_column_across_lines_of_different_lengths() {
    let mut a = at("abcde|f\nab\n\nabcdefgh");
    press(&mut a, "Down");
    assert_eq!(show(&a), "abcdef\nab|\n\nabcdefgh");
    press(&mut a, "Down");
    assert_eq!(show(&a), "abcdef\nab\n|\nabcdefgh");
    press(&mut a, "Down");
    assert_eq!(show(&a), "abcdef\nab\n\nabcde|fgh");
    press(&mut a, "Up Up Up");
    assert_eq!(show(&a), "abcde|f\nab\n\nabcdefgh");
    // Any other key forgets the column.
    press(&mut a, "Down Left Down Down");
    assert_eq!(show(&a), "abcdef\nab\n\na|bcdefgh");
}

#[test]
fn up_and_down_count_display_columns() {
    let mut a = at("漢字かな\nabc|def\na\tb");
    press(&mut a, "Up");
    // Column 3 is the second half of 字: the cursor goes before it.
    assert_eq!(show(&a), "漢|字かな\nabcdef\na\tb");
    press(&mut a, "Down");
    assert_eq!(show(&a), "漢字かな\nabc|def\na\tb");
    // The tab covers columns 1 to 7.
    press(&mut a, "Down");
    assert_eq!(show(&a), "漢字かな\nabcdef\na|\tb");
}

#[test]
fn up_and_down_move_by_wrapped_row() {
    let mut a = at("The qu|ick brown fox jumps over the lazy dog");
    a.scroll_to_cursor(10, 5);
    assert_eq!(
        rows(&a, 10),
        "The qu|ick \nbrown fox \njumps over \nthe lazy \ndog\n"
    );
    press(&mut a, "Down");
    assert_eq!(
        rows(&a, 10),
        "The quick \nbrown |fox \njumps over \nthe lazy \ndog\n"
    );
    press(&mut a, "Down Down Down");
    assert_eq!(
        rows(&a, 10),
        "The quick \nbrown fox \njumps over \nthe lazy \ndog|\n"
    );
    press(&mut a, "Up");
    assert_eq!(
        rows(&a, 10),
        "The quick \nbrown fox \njumps over \nthe la|zy \ndog\n"
    );
    // At the end of a wrapped row the cursor stays on that row: the row's
    // end is the next row's start.
    let mut a = at("abcdefghij|klmnop");
    a.scroll_to_cursor(5, 5);
    assert_eq!(rows(&a, 5), "abcde\nfghij\n|klmno\np\n");
    press(&mut a, "Up");
    assert_eq!(rows(&a, 5), "abcde\n|fghij\nklmno\np\n");
    press(&mut a, "End Down Down");
    assert_eq!(rows(&a, 5), "abcde\nfghij\nklmno\np|\n");
    press(&mut a, "Up");
    assert_eq!(rows(&a, 5), "abcde\nfghij\nklmn|o\np\n");
}

#[test]
fn up_on_the_first_row_and_down_on_the_last_go_to_the_ends() {
    let mut a = at("ab|c\ndef");
    press(&mut a, "Up");
    assert_eq!(show(&a), "|abc\ndef");
    // The wanted column is kept.
    press(&mut a, "Down");
    assert_eq!(show(&a), "abc\nde|f");
    press(&mut a, "Down");
    assert_eq!(show(&a), "abc\ndef|");
    press(&mut a, "Up");
    assert_eq!(show(&a), "ab|c\ndef");
}

#[test]
fn page_keys_move_by_a_view_less_one_row() {
    let text: Vec<String> = (0..10).map(|i| format!("line {i}")).collect();
    let mut a = TextArea::new(&text.join("\n"));
    a.set_cursor(2);
    a.scroll_to_cursor(20, 4);
    press(&mut a, "PageDown");
    assert_eq!(&a.text()[a.cursor()..a.cursor() + 3], "ne ");
    assert_eq!(a.layout(20).cursor, (3, 2));
    press(&mut a, "PageUp PageUp");
    assert_eq!(a.cursor(), 0);
}

#[test]
fn home_and_end_go_to_the_ends_of_the_row_then_the_line() {
    let mut a = at("first\nThe quick bro|wn fox jumps");
    a.scroll_to_cursor(10, 5);
    assert_eq!(rows(&a, 10), "first\nThe quick \nbro|wn fox \njumps\n");
    press(&mut a, "Home");
    assert_eq!(rows(&a, 10), "first\nThe quick \n|brown fox \njumps\n");
    press(&mut a, "Home");
    assert_eq!(rows(&a, 10), "first\n|The quick \nbrown fox \njumps\n");
    press(&mut a, "Home");
    assert_eq!(rows(&a, 10), "first\n|The quick \nbrown fox \njumps\n");
    // End stops before the blank the row breaks after…
    press(&mut a, "End");
    assert_eq!(rows(&a, 10), "first\nThe quick| \nbrown fox \njumps\n");
    // …and a second End goes to the end of the line.
    press(&mut a, "End");
    assert_eq!(rows(&a, 10), "first\nThe quick \nbrown fox \njumps|\n");
    press(&mut a, "Up Up Up End");
    assert_eq!(rows(&a, 10), "first|\nThe quick \nbrown fox \njumps\n");
}

#[test]
fn word_motions_stop_at_words_and_punctuation() {
    let mut a = at("|hello, world  foo");
    let mut stops = vec![];
    for _ in 0..5 {
        press(&mut a, "C-Right");
        stops.push(a.cursor());
    }
    assert_eq!(stops, [5, 7, 14, 17, 17]);
    let mut back = vec![];
    for _ in 0..5 {
        press(&mut a, "C-Left");
        back.push(a.cursor());
    }
    assert_eq!(back, [14, 7, 5, 0, 0]);
    // Alt-f and Alt-b are the same motions.
    press(&mut a, "M-f M-f");
    assert_eq!(a.cursor(), 7);
    press(&mut a, "M-b");
    assert_eq!(a.cursor(), 5);
    // Line breaks are blanks; CJK runs and clusters are word characters.
    let mut a = at("|foo\n  漢字e\u{301}!");
    press(&mut a, "M-f");
    assert_eq!(show(&a), "foo\n  |漢字e\u{301}!");
    press(&mut a, "M-f");
    assert_eq!(show(&a), "foo\n  漢字e\u{301}|!");
}

#[test]
fn ctrl_w_deletes_the_word_before_the_cursor() {
    let mut a = at("hello, world  foo|");
    let mut steps = vec![];
    for _ in 0..5 {
        press(&mut a, "C-w");
        steps.push(show(&a));
    }
    assert_eq!(steps, ["hello, world  |", "hello, |", "hello|", "|", "|"]);
    // It does not reach past a line start; there it deletes the break.
    let mut a = at("foo  \n  bar|");
    press(&mut a, "C-w");
    assert_eq!(show(&a), "foo  \n  |");
    press(&mut a, "C-w");
    assert_eq!(show(&a), "foo  \n|");
    press(&mut a, "C-w");
    assert_eq!(show(&a), "foo  |");
}

#[test]
fn paste_normalises_line_breaks_and_drops_controls() {
    let mut a = at("<|>");
    a.insert_str("a\r\nb\rc\u{1b}[0m\td\u{7f}\u{9b}e\n");
    assert_eq!(show(&a), "<a\nb\nc[0m\tde\n|>");
    // Typed control characters are not inserted either.
    assert!(!a.key(Key::Char('\u{1b}')));
    assert!(!a.key(Key::Char('\u{7}')));
    assert_eq!(show(&a), "<a\nb\nc[0m\tde\n|>");
}

#[test]
fn is_changed_compares_with_the_original_text() {
    let mut a = TextArea::new("note");
    assert!(!a.is_changed());
    type_text(&mut a, "s");
    assert!(a.is_changed());
    press(&mut a, "Backspace");
    assert!(!a.is_changed());
    press(&mut a, "Left Home End");
    assert!(!a.is_changed());
}

#[test]
fn keys_that_are_not_for_the_editor_are_left_to_the_app() {
    let mut a = at("ab|c");
    for key in [
        Key::Ctrl('e'),
        Key::Ctrl('s'),
        Key::Ctrl('a'),
        Key::Ctrl('c'),
        Key::Esc,
        Key::BackTab,
        Key::F(1),
        Key::Alt('x'),
    ] {
        assert!(!a.key(key), "{key:?}");
    }
    assert_eq!(show(&a), "ab|c");
}

#[test]
fn layout_wraps_each_line_and_places_the_cursor() {
    let a = at("A short line\n\nand then a |longer one\n");
    let layout = a.layout(8);
    let shown: Vec<(&str, bool)> = layout
        .rows
        .iter()
        .map(|r| (&a.text()[r.text.clone()], r.ends_line))
        .collect();
    assert_eq!(
        shown,
        [
            ("A short ", false),
            ("line", true),
            ("", true),
            ("and then ", false),
            ("a longer ", false),
            ("one", true),
            ("", true),
        ]
    );
    assert_eq!(layout.cursor, (4, 2));
    // Tabs reach the next multiple of 8, CJK counts two columns.
    assert_eq!(at("a\t漢|").layout(20).cursor, (0, 10));
}

#[test]
fn scrolling_keeps_the_cursor_row_in_view() {
    let text: Vec<String> = (0..10).map(|i| format!("line {i}")).collect();
    let mut a = TextArea::new(&text.join("\n"));
    a.scroll_to_cursor(20, 3);
    assert_eq!(a.top(), 7);
    press(&mut a, "Up Up");
    a.scroll_to_cursor(20, 3);
    assert_eq!(a.top(), 7);
    press(&mut a, "Up");
    a.scroll_to_cursor(20, 3);
    assert_eq!(a.top(), 6);
    // A taller view shows more rows above rather than empty rows below.
    a.scroll_to_cursor(20, 8);
    assert_eq!(a.top(), 2);
    // Deleting everything brings the top back to the first row.
    a.set_cursor(a.text().len());
    for _ in 0..80 {
        press(&mut a, "Backspace");
    }
    a.scroll_to_cursor(20, 3);
    assert_eq!((a.text(), a.top()), ("", 0));
}

// Property: any keys on any text.

fn text_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_string()),
        Just("word".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just(",.".to_string()),
        Just("漢字".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{301}".to_string()),
        Just("👩\u{200d}💻".to_string()),
        Just("\u{200d}".to_string()),
        Just("🇯🇵".to_string()),
        Just("🇫".to_string()),
        Just("\u{1b}".to_string()),
        Just("\r\n".to_string()),
        "[a-z]{1,12}",
    ]
}

#[derive(Debug, Clone)]
enum Op {
    Key(Key),
    Paste(String),
    Resize(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let keys = prop_oneof![
        Just(Key::Enter),
        Just(Key::Tab),
        Just(Key::Backspace),
        Just(Key::Delete),
        Just(Key::Left),
        Just(Key::Right),
        Just(Key::Up),
        Just(Key::Down),
        Just(Key::PageUp),
        Just(Key::PageDown),
        Just(Key::Home),
        Just(Key::End),
        Just(Key::CtrlLeft),
        Just(Key::CtrlRight),
        Just(Key::Alt('b')),
        Just(Key::Alt('f')),
        Just(Key::Ctrl('w')),
        Just(Key::Ctrl('e')),
        Just(Key::Esc),
        prop_oneof![
            Just('x'),
            Just(' '),
            Just('漢'),
            Just('\u{301}'),
            Just('\u{200d}'),
            Just('🇯'),
            Just('👩'),
            Just('\u{1b}'),
            Just('\r'),
        ]
        .prop_map(Key::Char),
    ];
    prop_oneof![
        8 => keys.prop_map(Op::Key),
        1 => text_piece().prop_map(Op::Paste),
        1 => (0usize..14, 0usize..6).prop_map(|(w, h)| Op::Resize(w, h)),
    ]
}

fn grapheme_boundaries(s: &str) -> Vec<usize> {
    let mut b: Vec<usize> = s.grapheme_indices(true).map(|(i, _)| i).collect();
    b.push(s.len());
    b
}

proptest! {
    #[test]
    fn any_keys_keep_the_cursor_on_a_boundary_and_rows_cover_the_text(
        pieces in proptest::collection::vec(text_piece(), 0..20),
        start in 0usize..200,
        ops in proptest::collection::vec(op(), 0..60),
    ) {
        let mut a = TextArea::new(&pieces.concat());
        a.set_cursor(start);
        let (mut w, mut h) = (10, 4);
        for op in ops {
            match op {
                Op::Key(k) => { a.key(k); }
                Op::Paste(s) => a.insert_str(&s),
                Op::Resize(nw, nh) => (w, h) = (nw, nh),
            }
            a.scroll_to_cursor(w, h);
            let text = a.text();
            prop_assert!(!text.contains('\r'));
            prop_assert!(text.is_char_boundary(a.cursor()));
            prop_assert!(
                grapheme_boundaries(text).contains(&a.cursor()),
                "cursor {} inside a cluster of {:?}", a.cursor(), text
            );
            for width in [w, 1, 3, 80] {
                let layout = a.layout(width);
                let mut joined = String::new();
                for (i, row) in layout.rows.iter().enumerate() {
                    joined.push_str(&text[row.text.clone()]);
                    if row.ends_line && i + 1 < layout.rows.len() {
                        joined.push('\n');
                    }
                }
                prop_assert_eq!(&joined, text);
                let (r, col) = layout.cursor;
                let row = &layout.rows[r];
                prop_assert!(row.text.start <= a.cursor() && a.cursor() <= row.text.end);
                prop_assert_eq!(col, columns(&text[row.text.start..a.cursor()]));
            }
            let layout = a.layout(w.max(1));
            prop_assert!(a.top() < layout.rows.len());
            if h > 0 {
                prop_assert!((a.top()..a.top() + h).contains(&layout.cursor.0));
            }
        }
    }
}

#[test]
fn the_editor_wraps_as_the_article_balanced_or_greedy() {
    let text = "See how the lamp returns at the end of the book, lit again; the first chapter left it dark and cold.|";
    let mut a = at(text);
    a.set_wrap(wrap::Wrap::Greedy);
    assert_eq!(
        rows(&a, 30),
        "See how the lamp returns at \nthe end of the book, lit \nagain; the first chapter left \nit dark and cold.|\n"
    );
    a.set_wrap(wrap::Wrap::Balanced);
    assert_eq!(
        rows(&a, 30),
        "See how the lamp returns \nat the end of the book, lit \nagain; the first chapter left \nit dark and cold.|\n"
    );
}
