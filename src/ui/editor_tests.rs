use super::*;
use crate::keymap::Key;
use crate::test_support::lines;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Draw `area` in `rect` on a `w`×`h` test terminal; the screen's lines
/// (wide glyphs counted once, trailing blanks trimmed) and the cursor.
fn screen(area: &TextArea, rect: Rect, w: u16, h: u16) -> (Vec<String>, Option<(u16, u16)>) {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut cursor = None;
    term.draw(|f| {
        cursor = draw(area, " note ", rect, f.buffer_mut());
        if let Some(p) = cursor {
            f.set_cursor_position(p);
        }
    })
    .unwrap();
    (lines(term.backend().buffer()), cursor)
}

fn rect(x: u16, y: u16, width: u16, height: u16) -> Rect {
    Rect {
        x,
        y,
        width,
        height,
    }
}

#[test]
fn a_box_with_wrapped_text_and_the_cursor_at_its_end() {
    let a = TextArea::new("The quick brown fox jumps");
    let (shown, cursor) = screen(&a, rect(1, 1, 14, 5), 16, 7);
    assert_eq!(
        shown,
        [
            "",
            " ┌ note ──────┐",
            " │The quick   │",
            " │brown fox   │",
            " │jumps       │",
            " └────────────┘",
            "",
        ]
    );
    assert_eq!(cursor, Some((7, 4)));
}

#[test]
fn control_characters_and_tabs_are_drawn_safely() {
    let a = TextArea::new("a\u{1b}[2Jb\tc\u{7f}\u{202e}漢\nx");
    let (shown, cursor) = screen(&a, rect(0, 0, 16, 4), 16, 4);
    assert_eq!(
        shown,
        [
            "┌ note ────────┐",
            "│a␛[2Jb  c␡�漢 │",
            "│x             │",
            "└──────────────┘",
        ]
    );
    assert_eq!(cursor, Some((2, 2)));
}

#[test]
fn the_title_is_sanitised() {
    let a = TextArea::new("");
    let mut buf = Buffer::empty(rect(0, 0, 12, 3));
    draw(&a, "a\u{1b}]0;x\u{7}", rect(0, 0, 12, 3), &mut buf);
    assert_eq!(lines(&buf)[0], "┌a␛]0;x␇───┐");
}

#[test]
fn the_view_follows_the_cursor_after_scrolling() {
    let mut a = TextArea::new("one\ntwo\nthree\nfour\nfive");
    let r = rect(0, 0, 10, 4);
    let (w, h) = text_size(r);
    assert_eq!((w, h), (8, 2));
    a.scroll_to_cursor(w, h);
    let (shown, cursor) = screen(&a, r, 10, 4);
    assert_eq!(shown[1..3], ["│four    │", "│five    │"]);
    assert_eq!(cursor, Some((5, 2)));
    for _ in 0..3 {
        a.key(Key::Up);
        a.scroll_to_cursor(w, h);
    }
    let (shown, cursor) = screen(&a, r, 10, 4);
    assert_eq!(shown[1..3], ["│two     │", "│three   │"]);
    assert_eq!(cursor, Some((4, 1)));
    // Without a scroll after a change the cursor is still shown.
    a.key(Key::Down);
    a.key(Key::Down);
    a.key(Key::Down);
    let (shown, cursor) = screen(&a, r, 10, 4);
    assert_eq!(shown[1..3], ["│four    │", "│five    │"]);
    assert_eq!(cursor, Some((5, 2)));
}

#[test]
fn the_cursor_stays_inside_at_the_end_of_a_full_row() {
    let a = TextArea::new("abcdef");
    let (shown, cursor) = screen(&a, rect(0, 0, 8, 3), 8, 3);
    assert_eq!(shown[1], "│abcdef│");
    assert_eq!(cursor, Some((6, 1)));
}

#[test]
fn every_small_size_draws_inside_its_rect_without_panic() {
    let texts = [
        "",
        "a",
        "漢字かな漢字\n\t\u{1b}e\u{301}👩\u{200d}💻🇯🇵 word\n",
        "The quick brown fox jumps over the lazy dog",
    ];
    for text in texts {
        let mut a = TextArea::new(text);
        for w in 0..=12u16 {
            for h in 0..=6u16 {
                let r = rect(2, 1, w, h);
                let (tw, th) = text_size(r);
                a.scroll_to_cursor(tw, th);
                let mut buf = Buffer::empty(rect(0, 0, 16, 9));
                for cell in buf.content.iter_mut() {
                    cell.set_symbol("x");
                }
                let cursor = draw(&a, "a long title", r, &mut buf);
                for y in 0..9 {
                    for x in 0..16 {
                        let inside = r.contains((x, y).into());
                        assert!(
                            inside || buf[(x, y)].symbol() == "x",
                            "{w}×{h}: wrote outside at ({x}, {y}) for {text:?}"
                        );
                    }
                }
                if let Some((x, y)) = cursor {
                    assert!(x > r.x && x < r.right() - 1 && y > r.y && y < r.bottom() - 1);
                } else {
                    assert!(w <= 2 || h <= 2, "{w}×{h}: no cursor for {text:?}");
                }
                // A rect partly or wholly off the buffer is clipped.
                draw(&a, "t", rect(12, 6, w, h), &mut buf);
                draw(&a, "t", rect(40, 40, w, h), &mut buf);
            }
        }
    }
}

proptest::proptest! {
    #[test]
    fn any_text_draws_inside_its_rect_with_the_cursor_inside(
        text in "([a-z]{1,8}|[ \t\n]|漢|e\u{301}|👩\u{200d}💻|🇯🇵|\u{1b}|\u{202e}){0,40}",
        cursor in 0usize..200,
        (w, h) in (0u16..16, 0u16..8),
        scrolled: bool,
    ) {
        let mut a = TextArea::new(&text);
        a.set_cursor(cursor);
        let r = rect(1, 1, w, h);
        if scrolled {
            let (tw, th) = text_size(r);
            a.scroll_to_cursor(tw, th);
        }
        let mut buf = Buffer::empty(rect(0, 0, 18, 10));
        for cell in buf.content.iter_mut() {
            cell.set_symbol("x");
        }
        let pos = draw(&a, "note", r, &mut buf);
        for y in 0..10 {
            for x in 0..18 {
                proptest::prop_assert!(r.contains((x, y).into()) || buf[(x, y)].symbol() == "x");
            }
        }
        match pos {
            Some((x, y)) => proptest::prop_assert!(
                x > r.x && x < r.right() - 1 && y > r.y && y < r.bottom() - 1
            ),
            None => proptest::prop_assert!(w <= 2 || h <= 2),
        }
    }
}
