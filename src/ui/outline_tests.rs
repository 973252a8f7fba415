//! The outline panel and the status row's section, drawn.

use super::{Screen, Theme};
use crate::app::{App, CONTEXT_ROWS, Settings};
use crate::document::Document;
use crate::keymap::Keymap;
use crate::outline::tests::{NOVEL, RFC};
use crate::outline::{Kind, headings};
use crate::test_support::{lines, press};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::atomic::AtomicBool;

fn screen(app: &App) -> Vec<String> {
    let mut term = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    let theme = Theme::default();
    term.draw(|f| f.render_widget(Screen { app, theme }, f.area()))
        .unwrap();
    lines(term.backend().buffer())
}

/// `text` open at `w`×`h`, with the headings of its first `known` bytes
/// (all of it, scanned, when `known` is `None`).
fn app(name: &str, text: &str, w: u16, h: u16, known: Option<usize>) -> App {
    let mut app = App::new(Keymap::default(), Settings::default(), (w, h));
    app.open(Document::from_text(name, text));
    let kind = Kind::of_name(name);
    match known {
        Some(n) => {
            let found = headings(kind, &text.as_bytes()[..n]);
            let r = app.reader.as_mut().unwrap();
            r.outline.extend(found);
            r.outline.read = n;
        }
        None => {
            let all = headings(kind, text.as_bytes());
            app.scan_progress(Vec::new(), all);
            let s = crate::scan::scan(text.as_bytes(), &AtomicBool::new(false), |_| {}).unwrap();
            app.scan_done(s);
        }
    }
    app
}

#[test]
fn the_panel_lists_headings_by_level_and_marks_the_current_one() {
    let mut a = app("rfc.txt", RFC, 60, 16, None);
    press(&mut a, "/ h e a d e r Space a n d Enter");
    press(&mut a, "t");
    let s = screen(&a);
    let list = &s[2..10];
    assert_eq!(
        list,
        [
            "│  The Lantern Transfer Protocol (LTP)",
            "│    Abstract",
            "│    Table of Contents",
            "│    1.  Introduction",
            "│▸   2.  Messages",
            "│      2.1.  Message Body",
            "│    3.  Security Considerations",
            "│    Author's Address",
        ]
        .map(|l| format!("{l:<59}│")),
        "{s:#?}"
    );
    assert!(!s.join("\n").contains("so far"));
}

#[test]
fn while_the_scan_runs_the_panel_says_it_is_the_outline_so_far() {
    let cut = NOVEL.find("BOOK TWO").unwrap();
    let mut a = app("novel.txt", NOVEL, 70, 14, Some(cut));
    press(&mut a, "t");
    let s = screen(&a).join("\n");
    assert!(s.contains("outline so far… ("), "{s}");
    assert!(s.contains("CHAPTER II."), "{s}");
    assert!(!s.contains("BOOK TWO"), "{s}");
    // More headings arrive while it is open.
    let rest = headings(Kind::Plain, NOVEL.as_bytes());
    a.scan_progress(Vec::new(), rest);
    let s = screen(&a).join("\n");
    assert!(
        s.contains("BOOK TWO") && s.contains("outline so far…"),
        "{s}"
    );
}

#[test]
fn typing_filters_and_enter_jumps_with_rows_above_the_heading() {
    let mut a = app("novel.txt", NOVEL, 100, 12, None);
    press(&mut a, "t h a r b Enter");
    let s = screen(&a);
    assert!(a.outline.is_none());
    // (Reflowed: the subtitle joins the chapter line.)
    assert_eq!(s[CONTEXT_ROWS].trim(), "CHAPTER I. The Harbour", "{s:#?}");
    let status = s.last().unwrap();
    assert!(status.contains("§ CHAPTER I. The Harbour"), "{status}");
    // '' goes back to where the jump came from.
    press(&mut a, "' '");
    assert_eq!(screen(&a)[0].trim(), NOVEL.lines().next().unwrap());
    // A heading the end of the article keeps low on the screen is still
    // the current section after the jump.
    press(&mut a, "t i i i Enter");
    let s = screen(&a);
    assert!(
        s.last().unwrap().contains("§ CHAPTER III. THE RESCUE"),
        "{s:#?}"
    );
    assert!(s.iter().position(|l| l.trim() == "CHAPTER III. THE RESCUE") > Some(CONTEXT_ROWS));
}

#[test]
fn a_filter_matching_nothing_says_so_and_esc_closes() {
    let mut a = app("novel.txt", NOVEL, 70, 12, None);
    press(&mut a, "t z z z");
    assert!(
        screen(&a)
            .join("\n")
            .contains("no heading holds the filter")
    );
    press(&mut a, "Enter");
    assert!(a.outline.is_some());
    press(&mut a, "Esc");
    assert!(a.outline.is_none());
}

#[test]
fn the_section_is_the_status_rows_last_field() {
    let mut a = app("novel.txt", NOVEL, 100, 12, None);
    press(&mut a, "/ q u i e t Enter");
    let wide = screen(&a).last().unwrap().clone();
    assert!(wide.contains("§ CHAPTER I. The Harbour"), "{wide}");
    assert!(wide.ends_with("q quit"), "{wide}");
    // Narrower: the title is cut before anything else goes.
    a.resize(80, 12);
    let narrow = screen(&a).last().unwrap().clone();
    assert!(
        narrow.contains("§ CHAPTER") && narrow.contains('…'),
        "{narrow}"
    );
    a.resize(70, 12);
    let narrowest = screen(&a).last().unwrap().clone();
    assert!(!narrowest.contains('§'), "{narrowest}");
}

#[test]
fn the_help_lists_t_and_the_outlines_own_keys() {
    let mut a = app("novel.txt", NOVEL, 100, 90, None);
    press(&mut a, "h");
    let has = |a: &App, keys: &str, what: &str| {
        screen(a).iter().any(|l| {
            l.split('│')
                .any(|cell| cell.starts_with(&format!("{keys} ")) && cell.contains(what))
        })
    };
    assert!(
        has(&a, "t", "outline: the article's headings"),
        "{:#?}",
        screen(&a)
    );
    press(&mut a, "q t F1");
    assert!(
        has(&a, "letters", "filter the headings"),
        "{:#?}",
        screen(&a)
    );
    assert!(has(&a, "Enter", "open"), "{:#?}", screen(&a));
}
