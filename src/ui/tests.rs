use super::*;
use crate::app::Settings;
use crate::document::Document;
use crate::keymap::Keymap;
use crate::test_support::lines;
use crate::test_support::press;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::atomic::AtomicBool;

fn app(text: &str, w: u16, h: u16) -> App {
    let mut app = App::new(Keymap::default(), Settings::default(), (w, h));
    app.open(Document::from_text("essay.txt", text));
    app
}

/// Give `a` its scan's totals, as the event loop would.
fn scanned(a: &mut App) {
    let bytes = a.reader.as_ref().unwrap().doc.bytes.clone();
    let s = crate::scan::scan(&bytes, &AtomicBool::new(false), |_| {}).unwrap();
    a.scan_done(s);
}

fn screen(app: &App) -> Buffer {
    screen_in(app, Theme::default())
}

fn screen_in(app: &App, theme: Theme) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    term.draw(|f| f.render_widget(Screen { app, theme }, f.area()))
        .unwrap();
    term.backend().buffer().clone()
}

#[test]
fn text_column_is_centred_with_a_status_row() {
    let mut a = app(
        "The quick brown fox jumps over the lazy dog\nSecond paragraph",
        30,
        6,
    );
    a.settings.text_width = 20;
    a.resize(30, 6);
    let buf = screen(&a);
    assert_eq!(
        lines(&buf)[..5],
        [
            // Balanced rows: no lone short word on the paragraph's last row.
            "     The quick brown",
            "     fox jumps over the",
            "     lazy dog",
            "",
            "     Second paragraph",
        ]
    );
    let status = &lines(&buf)[5];
    // 30 columns: the name and the counts give way to the mode and help.
    assert!(status.starts_with("¶ 2/…  100%"), "{status}");
    assert!(status.ends_with("NORMAL  h help"), "{status}");
    assert!(buf[(0, 5)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn status_row_shows_paragraph_totals_and_hints_when_there_is_room() {
    let text: String = (0..20).map(|i| format!("line {i}\n")).collect();
    let mut a = app(&text, 100, 5);
    scanned(&mut a);
    let status = lines(&screen(&a))[4].clone();
    assert!(status.contains("¶ 2/20"), "{status}");
    assert!(
        status.ends_with("NORMAL  / search  h help  q quit"),
        "{status}"
    );
}

#[test]
fn help_overlay_lists_the_live_keymap() {
    let mut a = app("text", 80, 24);
    press(&mut a, "h");
    let text = lines(&screen(&a)).join("\n");
    assert!(text.contains("keys — q to close"));
    assert!(
        text.lines()
            .any(|l| l.contains("│j Down Enter C-e C-n ") && l.contains("  one row down")),
        "{text}"
    );
    assert!(text.contains("h F1"), "{text}");
}

#[test]
fn too_small_terminal_says_so_whole_at_every_size() {
    for w in 1..25 {
        for h in 1..5 {
            let a = app("some text", w, h);
            if !a.too_small() {
                continue;
            }
            let buf = screen(&a);
            let want = crate::ui::too_small_message(w);
            assert!(!want.is_empty(), "{w}×{h}: something fits");
            let said = lines(&buf).iter().any(|l| l.trim() == want);
            assert!(said, "{w}×{h}: {want:?} whole in {:?}", lines(&buf));
            if w >= 18 {
                assert_eq!(want, "terminal too small");
            } else if w >= 9 {
                assert_eq!(want, "too small");
            }
        }
    }
}

#[test]
fn search_matches_are_highlighted_the_current_one_distinctly() {
    let mut a = app("a fox and a fox and a fox", 40, 4);
    press(&mut a, "/ f o x Enter n");
    let buf = screen(&a);
    // "a fox and a fox and a fox" centred: text starts at column 0 (width 40).
    let x = a.text_left();
    let first = buf[(x + 2, 0)].bg;
    let second = buf[(x + 12, 0)].bg;
    assert_eq!(second, crate::ui::CURRENT_MATCH, "the current match");
    assert_eq!(first, crate::ui::OTHER_MATCH, "another visible match");
    assert_eq!(buf[(x, 0)].bg, Color::Reset);
}

#[test]
fn no_color_matches_are_reversed_and_highlights_underlined() {
    let text = "a fox and a fox and a hen";
    let hl = [(12, 15, "highlight", ""), (22, 25, "highlight", "")];
    let mut a = annotated(text, &hl, 40, 4);
    press(&mut a, "/ f o x Enter");
    let buf = screen_in(&a, Theme { color: false });
    let x = a.text_left();
    let m = |c: u16| buf[(x + c, 0)].modifier;
    assert!(m(2).contains(Modifier::REVERSED), "the current match");
    assert!(!m(2).contains(Modifier::UNDERLINED));
    assert!(m(12).contains(Modifier::REVERSED), "a match on a highlight");
    assert!(m(12).contains(Modifier::UNDERLINED), "…still underlined");
    assert!(m(22).contains(Modifier::UNDERLINED), "a highlight");
    assert!(!m(22).contains(Modifier::REVERSED), "…not like a match");
    assert_eq!(buf[(x + 2, 0)].bg, Color::Reset);
}

#[test]
fn a_match_over_a_highlight_keeps_the_tag_colour_reversed() {
    let text = "a fox and a fox";
    let mut a = annotated(text, &[(12, 15, "highlight", "")], 40, 4);
    press(&mut a, "/ f o x Enter");
    let buf = screen(&a);
    let x = a.text_left();
    let tag = Theme::default()
        .highlight(crate::tags::TagColor::Yellow, false)
        .bg
        .unwrap();
    let cell = &buf[(x + 12, 0)];
    assert_eq!(cell.bg, tag, "the highlight's colour stays");
    assert!(
        cell.modifier.contains(Modifier::REVERSED),
        "the match shows"
    );
    assert_eq!(buf[(x + 2, 0)].bg, crate::ui::CURRENT_MATCH);
}

#[test]
fn search_colours_are_no_tag_colour() {
    use crate::tags::TagColor::*;
    for c in [Yellow, Red, Blue, Green, Magenta, Cyan, Gray] {
        let bg = Theme::default().highlight(c, false).bg;
        assert_ne!(bg, Some(crate::ui::CURRENT_MATCH), "{c:?}");
        assert_ne!(bg, Some(crate::ui::OTHER_MATCH), "{c:?}");
    }
}

#[test]
fn escape_and_noh_clear_the_search_colouring_until_n() {
    let mut a = app("a fox and a fox", 40, 4);
    let x = a.text_left();
    let coloured = |a: &App| {
        let buf = screen(a);
        [2, 12].map(|c| buf[(x + c, 0)].bg != Color::Reset)
    };
    press(&mut a, "/ f o x Enter");
    assert_eq!(coloured(&a), [true, true]);
    press(&mut a, "Esc");
    assert_eq!(coloured(&a), [false, false]);
    press(&mut a, "n");
    assert_eq!(coloured(&a), [true, true]);
    press(&mut a, ": n o h Enter");
    assert_eq!(coloured(&a), [false, false]);
}

#[test]
fn control_characters_are_drawn_as_symbols() {
    let a = app("x\u{1b}]0;owned\u{7}y\u{202e}z", 40, 3);
    assert_eq!(lines(&screen(&a))[0], "  x␛]0;owned␇y\u{fffd}z");
}

#[test]
fn wide_glyphs_are_not_split_and_never_overflow() {
    let a = app("漢字漢字漢字漢字漢字漢字 👩\u{200d}💻 done", 22, 4);
    let l = lines(&screen(&a));
    assert_eq!(l[0], "  漢字漢字漢字漢字漢字");
    assert_eq!(l[1], "  漢字 👩\u{200d}💻 done");
}

#[test]
fn library_rows_show_title_path_progress_notes_and_age() {
    use crate::library::{Details, Entry, EntrySource, Library, Progress};
    let mut a = App::new(Keymap::default(), Settings::default(), (80, 6));
    a.tick(10 * 86_400_000, 1);
    let e = |n: &str| Entry::new(n, 10, EntrySource::Seed(0));
    let mut lib = Library::new(
        "bundled articles",
        vec![e("guide.txt"), e("shelf/essay.txt"), e("new.txt")],
    );
    lib.take_details(vec![
        (
            0,
            Details {
                title: Some("Welcome to annotty".into()),
                progress: Progress::Finished,
                notes: 0,
                last_read: Some(7 * 86_400),
            },
        ),
        (
            1,
            Details {
                title: Some("Keep the Library Lights On".into()),
                progress: Progress::Read(42),
                notes: 2,
                last_read: Some(9 * 86_400),
            },
        ),
    ]);
    a.set_library(lib);
    let buf = screen(&a);
    let l = lines(&buf);
    assert!(
        l[0].starts_with("  Welcome to annotty  guide.txt"),
        "{:?}",
        l[0]
    );
    assert!(l[0].ends_with("finished           3d"), "{:?}", l[0]);
    assert!(
        l[1].starts_with("  Keep the Library Lights On  shelf/essay.txt"),
        "{:?}",
        l[1]
    );
    assert!(l[1].ends_with("     42%  2 notes  1d"), "{:?}", l[1]);
    assert!(
        l[2].starts_with("  new.txt") && l[2].ends_with("…"),
        "{:?}",
        l[2]
    );
    assert!(buf[(2, 0)].modifier.contains(Modifier::REVERSED));
    let path_at = "  Welcome to annotty  ".len() as u16;
    assert!(
        buf[(path_at, 0)].modifier.contains(Modifier::DIM),
        "the path is dimmed"
    );
    assert!(!buf[(2, 0)].modifier.contains(Modifier::DIM));
    assert!(
        l[5].starts_with("bundled articles  3 articles  reading 2/3"),
        "{}",
        l[5]
    );
}

/// An app on `text` with annotations over the given char ranges and tags.
fn annotated(text: &str, marks: &[(u64, u64, &str, &str)], w: u16, h: u16) -> App {
    use crate::annotation::Annotations;
    let mut a = app(text, w, h);
    let all = marks
        .iter()
        .enumerate()
        .map(|(i, &(start, end, tag, note))| {
            let mut ann = crate::test_support::annotation(&format!("id{i}"), text, start, end);
            ann.tag = tag.into();
            ann.note = note.into();
            ann
        })
        .collect();
    a.load_annotations(Annotations::from_all(all).all(), None);
    a
}

#[test]
fn highlights_take_their_tag_colour_and_inner_ones_win() {
    // "important" (red) over all of "alpha beta gamma", "question" (blue)
    // inside it over "beta".
    let a = annotated(
        "alpha beta gamma delta",
        &[(0, 16, "important", ""), (6, 10, "question", "")],
        40,
        4,
    );
    let buf = screen(&a);
    let x = a.text_left();
    assert_eq!(buf[(x, 0)].bg, Color::Red);
    assert_eq!(buf[(x + 6, 0)].bg, Color::Blue, "the inner highlight wins");
    assert_eq!(buf[(x + 12, 0)].bg, Color::Red);
    assert_eq!(buf[(x + 17, 0)].bg, Color::Reset);
    assert_eq!(
        buf[(x - 1, 0)].symbol(),
        "▎",
        "the outer one keeps an edge mark"
    );
    assert_eq!(buf[(x - 1, 0)].fg, Color::Red);
}

#[test]
fn rows_with_notes_get_a_marker_and_no_color_underlines() {
    let text = "first paragraph here\nsecond one with a note\n";
    let a = annotated(text, &[(28, 31, "highlight", "my note")], 40, 6);
    let buf = screen(&a);
    let x = a.text_left();
    assert_eq!(buf[(x - 2, 2)].symbol(), "✎");
    assert_eq!(buf[(x - 2, 0)].symbol(), " ");
    assert_eq!(buf[(x + 7, 2)].bg, Color::Yellow);
    let buf = screen_in(&a, Theme { color: false });
    assert!(buf[(x + 7, 2)].modifier.contains(Modifier::UNDERLINED));
    assert_eq!(buf[(x + 7, 2)].bg, Color::Reset);
}

#[test]
fn the_focused_note_shows_under_the_text_without_hiding_it() {
    let text: String = (0..30).map(|i| format!("line {i}\n")).collect();
    let mut a = annotated(&text, &[(7, 13, "idea", "a thought\non two lines")], 40, 12);
    press(&mut a, "]");
    let l = lines(&screen(&a));
    let panel = l.iter().position(|r| r.contains("note")).unwrap();
    assert_eq!(l[panel + 1].trim(), "a thought");
    assert_eq!(l[panel + 2].trim(), "on two lines");
    assert!(
        l[..panel].iter().any(|r| r.contains("line 1")),
        "the highlight stays visible: {l:?}"
    );
}

#[test]
fn a_long_search_shows_its_progress_in_the_status_row() {
    let mut a = app("alpha\nbeta\n", 80, 5);
    for k in ["/", "z", "q"] {
        a.key(crate::keymap::Key::parse(k).unwrap());
    }
    let id = a.searching.unwrap().id;
    a.search_progress(id, 37);
    assert_eq!(lines(&screen(&a))[4], "/zq   (searching… 37%)");
    a.key(crate::keymap::Key::Enter);
    let status = lines(&screen(&a))[4].clone();
    assert!(
        status.starts_with("searching for zq… 37%  (Esc cancels)"),
        "{status}"
    );
}

#[test]
fn the_mode_shows_even_when_its_keys_do_not_fit() {
    let mut a = App::new(Keymap::default(), Settings::default(), (80, 5));
    a.open(Document::from_text(
        "an essay with a rather long file name.txt",
        "alpha beta gamma\n",
    ));
    // A long name is cut to the room the other fields leave.
    let status = lines(&screen(&a))[4].clone();
    assert!(status.starts_with("an essay with a rather lo"), "{status}");
    assert!(status.contains("…  ¶ 1/…"), "{status}");
    assert!(
        status.contains("NORMAL") && status.ends_with("h help"),
        "{status}"
    );
    // Selecting, the row names the digits' tags, as many as fit with it.
    press(&mut a, "v");
    let status = lines(&screen(&a))[4].clone();
    assert!(status.contains("  SELECT"), "{status}");
    assert!(
        status.starts_with("1 highlight 2 important 3 question 4 idea 5 quote"),
        "{status}"
    );
    a.resize(40, 5);
    let status = lines(&screen(&a))[4].clone();
    assert!(status.ends_with("SELECT"), "{status}");
    assert!(status.starts_with("1 highlight 2 important …"), "{status}");
}

#[test]
fn the_notes_panel_marks_a_note_with_an_unsaved_draft() {
    let mut a = app("alpha beta gamma\ndelta epsilon\n", 70, 10);
    a.tick(1_000, 7);
    press(&mut a, "v e Enter / d e l t a Enter v e Enter");
    let mut all = a.reader.as_ref().unwrap().annotations.live().to_vec();
    assert_eq!(all.len(), 2);
    all[1].set_draft(Some("half a thought".into()));
    a.load_annotations(all, None);
    press(&mut a, "Esc g Tab");
    let rows = lines(&screen(&a));
    let row = |quote: &str| {
        rows.iter()
            .find(|r| r.contains(quote))
            .unwrap_or_else(|| panic!("{quote} not listed: {rows:#?}"))
            .clone()
    };
    assert!(row("“alpha”").contains("] “alpha”"), "{rows:#?}");
    assert!(!row("“alpha”").contains("draft"), "{rows:#?}");
    assert!(
        row("“delta”").contains(", unsaved draft] “delta”"),
        "{rows:#?}"
    );
}

#[test]
fn a_byte_order_mark_is_not_drawn_and_a_legacy_article_is_drawn_decoded() {
    use crate::document::Bytes;
    let draw = |bytes: &[u8]| {
        let mut a = App::new(Keymap::default(), Settings::default(), (40, 4));
        a.open(Document::new("a.txt", Bytes::Owned(bytes.to_vec())));
        lines(&screen(&a))[0].trim().to_string()
    };
    assert_eq!(draw(b"\xef\xbb\xbfFirst words"), "First words");
    assert_eq!(draw(b"Jane\x92s caf\xe9 \x97 done"), "Jane’s café — done");
}

#[test]
fn highlights_and_notes_are_counted_apart() {
    use crate::ui::status::counts;
    assert_eq!(counts(0, 0), "0 highlights");
    assert_eq!(counts(1, 0), "1 highlight");
    assert_eq!(counts(1, 1), "1 highlight · 1 note");
    assert_eq!(counts(9, 5), "9 highlights · 5 notes");
    let text = "alpha beta gamma delta";
    let marks = [
        (0, 5, "highlight", "why"),
        (6, 10, "highlight", ""),
        (11, 16, "highlight", "  "),
    ];
    let a = annotated(text, &marks, 100, 5);
    let status = lines(&screen(&a))[4].clone();
    assert!(status.contains("3 highlights · 1 note "), "{status}");
}

#[test]
fn at_60_columns_the_status_row_keeps_help_and_drops_the_least_first() {
    let text = "alpha beta gamma delta";
    let marks: Vec<_> = (0..9).map(|i| (i, i + 1, "highlight", "n")).collect();
    let mut a = annotated(text, &marks, 60, 5);
    let status = lines(&screen(&a))[4].clone();
    assert!(
        status.contains("NORMAL") && status.ends_with("h help  q quit"),
        "{status}"
    );
    assert!(
        status.starts_with("¶ 1/…  100%  9 highlights · 9 notes"),
        "{status}"
    );
    a.resize(120, 5);
    let status = lines(&screen(&a))[4].clone();
    assert!(
        status.starts_with("essay.txt  ¶ 1/…  100%  9 highlights · 9 notes  as-is"),
        "{status}"
    );
    assert!(
        status.ends_with("NORMAL  / search  h help  q quit"),
        "{status}"
    );
}

#[test]
fn paragraph_and_percent_describe_the_last_row_shown() {
    let text: String = (0..20).map(|i| format!("para {i}\n")).collect();
    let mut a = app(&text, 100, 6);
    scanned(&mut a);
    // 5 rows of text: para 0, blank, para 1, blank, para 2.
    let status = lines(&screen(&a))[5].clone();
    assert!(status.contains("¶ 3/20  "), "{status}");
    press(&mut a, "G");
    let status = lines(&screen(&a))[5].clone();
    assert!(status.contains("¶ 20/20  100%"), "{status}");
}

#[test]
fn a_file_changed_on_disk_is_marked_until_reloaded() {
    let mut a = app("alpha\n", 80, 5);
    a.reader.as_mut().unwrap().changed_on_disk = Some("changed");
    a.message = Some("something else happened".into());
    let status = lines(&screen(&a))[4].clone();
    assert!(!status.contains("on disk"), "a message wins: {status}");
    a.message = None;
    let status = lines(&screen(&a))[4].clone();
    assert!(status.starts_with("changed on disk: R reloads"), "{status}");
    a.key(crate::keymap::Key::parse("R").unwrap());
    assert!(matches!(
        a.take_effects().as_slice(),
        [crate::app::Effect::Reload]
    ));
}

/// The rows of the note panel (under its ` note ` title) of a note over
/// the first word, rows set as `wrap` says, in a 30-column text column.
fn note_panel(note: &str, wrap: crate::wrap::Wrap) -> Vec<String> {
    let text = "word\n";
    let settings = Settings {
        text_width: 30,
        typeset: crate::wrap::Typeset {
            wrap,
            ..crate::wrap::Typeset::BOOK
        },
        ..Settings::default()
    };
    let mut a = App::new(Keymap::default(), settings, (34, 30));
    a.open(Document::from_text("essay.txt", text));
    let mut ann = crate::test_support::annotation("id0", text, 0, 4);
    ann.note = note.into();
    a.load_annotations(vec![ann], None);
    press(&mut a, "]");
    let l = lines(&screen(&a));
    let panel = l.iter().position(|r| r.contains(" note ")).unwrap();
    l[panel + 1..]
        .iter()
        .take_while(|r| !r.trim().is_empty() && !r.contains("NORMAL"))
        .map(|r| r.trim_end().to_string())
        .collect()
}

#[test]
fn the_notes_panel_wraps_a_note_as_the_article_is_wrapped() {
    use crate::wrap::Wrap;
    let note = "See how the lamp returns at the end of the book, lit again; the first chapter left it dark and cold.";
    let panel = |wrap| -> Vec<String> {
        // The text column starts 2 columns in (the gutter).
        note_panel(note, wrap)
            .iter()
            .map(|r| r[2..].to_string())
            .collect()
    };
    assert_eq!(
        panel(Wrap::Greedy),
        [
            "See how the lamp returns at",
            "the end of the book, lit",
            "again; the first chapter left",
            "it dark and cold."
        ]
    );
    assert_eq!(
        panel(Wrap::Balanced),
        [
            "See how the lamp returns",
            "at the end of the book, lit",
            "again; the first chapter left",
            "it dark and cold."
        ]
    );
}
