//! The frames the reader draws, sent through [`Ansi`] to an emulated
//! terminal one after another: after every frame the terminal must show
//! exactly the cells ratatui believes it shows. If the two ever disagree
//! (a glyph whose width the terminal counts differently, a cell the diff
//! skips), every later frame leaves stale glyphs behind.

use super::*;
use crate::app::{App, Settings};
use crate::document::{Bytes, Document};
use crate::keymap::Keymap;
use crate::test_support::press;
use crate::ui::Theme;
use ratatui::Terminal;
use ratatui::buffer::Buffer;

/// Lines of every kind of glyph that is hard to draw: controls, raw C1
/// bytes, bidi and zero-width characters, joiners, combining marks, wide
/// glyphs, clusters of several narrow characters, tabs, around plain
/// filler. (Not emoji ZWJ sequences or emoji with U+FE0F: terminals
/// disagree about their width, vt100 among them.)
fn awkward_article() -> Vec<u8> {
    let mut a = b"Awkward article\n\n".to_vec();
    let kinds: Vec<Vec<u8>> = vec![
        (0u8..0x20).filter(|&b| b != b'\n').chain([0x7f]).collect(),
        "c1 [\u{85}\u{9b}31m\u{9d}0;x\u{9c}]".into(),
        b"raw8bit [\x80\x9b2J\x9d0;t\x07\xff]".to_vec(),
        "bidi [\u{61c}x\u{200e}x\u{202e}x\u{2066}x\u{2069}x] evil\u{202e}txt.exe".into(),
        "zw [a\u{200b}b a\u{200c}b a\u{200d}b a\u{2060}b a\u{feff}b \u{200d}c \u{200c}]".into(),
        "marks [e\u{301} a\u{308}\u{304} \u{301}lone q\u{35c}\u{35c}]".into(),
        "wide [漢字かな 한국어 ｆｕｌｌ 🇫🇷 🦀]".into(),
        "tabs [a\tb\t\tc]".into(),
        "fa [می‌خواهم] hi [क्‍ष क्ष] th [ก้ำ] ta [நி] ko [한]".into(),
    ];
    for i in 0..80u32 {
        a.extend_from_slice(
            format!("Filler paragraph {i} so that the article needs several pages to read.\n")
                .as_bytes(),
        );
        a.extend_from_slice(&kinds[i as usize % kinds.len()]);
        a.push(b'\n');
        if i % 7 == 0 {
            for k in &kinds {
                a.extend_from_slice(k);
                a.push(b'\n');
            }
        }
    }
    a
}

/// `bytes` with every U+FFFD as U+2370 `⍰`: vt100 0.16 treats U+FFFD as
/// a character it cannot print and drops it, where real terminals draw it
/// in one cell; the stand-in keeps its columns right.
fn as_a_terminal_draws(bytes: &[u8]) -> Vec<u8> {
    String::from_utf8(bytes.to_vec())
        .expect("frames are UTF-8")
        .replace('\u{fffd}', "\u{2370}")
        .into_bytes()
}

/// Where the emulated terminal and ratatui's idea of it disagree, as
/// `(column, row, terminal's cell, ratatui's cell)`.
fn disagreements(screen: &vt100::Screen, buf: &Buffer) -> Vec<(u16, u16, String, String)> {
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let want = buf[(x, y)].symbol();
            let width = unicode_width::UnicodeWidthStr::width(want).max(1) as u16;
            let got = screen
                .cell(y, x)
                .map(|c| c.contents().to_string())
                .unwrap_or_default();
            let got = match got.as_str() {
                "" => " ".to_string(),
                "\u{2370}" => "\u{fffd}".to_string(),
                _ => got,
            };
            if got != want {
                out.push((x, y, got, want.to_string()));
            }
            x += width;
        }
    }
    out
}

/// A tiny deterministic generator (xorshift), so a failure repeats.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn every_frame_leaves_the_terminal_showing_what_ratatui_thinks() {
    const KEYS: &[&str] = &[
        "Space",
        "b",
        "j",
        "k",
        "g",
        "G",
        "d",
        "u",
        "5 j",
        "l",
        "w",
        "Esc",
        "/ ( e v i l [",
        "/ f i l l",
        "n",
        "N",
        "t",
        "Esc",
        "?",
        "v j j",
        "Esc",
    ];
    let sizes = [(100, 30), (50, 20), (37, 11), (80, 24), (23, 7)];
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    for round in 0..6 {
        let (w, h) = sizes[round % sizes.len()];
        let mut app = App::new(Keymap::default(), Settings::default(), (w, h));
        app.open(Document::new(
            "awkward.txt",
            Bytes::Owned(awkward_article()),
        ));
        let mut term = Terminal::new(Ansi::new(Vec::new(), Size::new(w, h))).unwrap();
        let mut parser = vt100::Parser::new(h, w, 0);
        for step in 0..150 {
            let keys = KEYS[dice.roll(KEYS.len())];
            press(&mut app, keys);
            if dice.roll(25) == 0 {
                let (w, h) = sizes[dice.roll(sizes.len())];
                app.resize(w, h);
                term.backend_mut().set_size(Size::new(w, h));
                term.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
                parser.screen_mut().set_size(h, w);
            }
            let frame = term
                .draw(|f| crate::tui::term::paint(&app, Theme::default(), f))
                .unwrap()
                .buffer
                .clone();
            let bytes = std::mem::take(&mut term.backend_mut().out);
            parser.process(&as_a_terminal_draws(&bytes));
            let wrong = disagreements(parser.screen(), &frame);
            assert!(
                wrong.is_empty(),
                "round {round}, step {step} after {keys:?}: {:?}\n{}",
                &wrong[..wrong.len().min(8)],
                parser.screen().contents()
            );
        }
    }
}
