//! The screen's bytes: ratatui's changed cells encoded as ANSI escape
//! sequences into one buffer, handed to the terminal in one write per frame.
//!
//! It replaces ratatui's crossterm backend for drawing because that one
//! formats every cell through `core::fmt` and asks the kernel for the
//! terminal's size on every frame; here the size is known (set at start and
//! on every resize event) and the bytes are appended directly. It only ever
//! emits these sequences: cursor position (`CSI row;col H`), SGR (`CSI … m`),
//! erase in display/line (`CSI n J`, `CSI n K`) and cursor show/hide
//! (`CSI ?25h`, `CSI ?25l`). It remembers what the terminal's cursor looks
//! like, so a frame in which nothing changed writes nothing at all.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};

/// A ratatui backend that writes ANSI sequences to `W`.
pub struct Ansi<W: Write> {
    out: W,
    /// What the next flush writes.
    pending: Vec<u8>,
    /// Terminal size in cells, as last told.
    size: Size,
    /// Where the cursor was last put, 0-based.
    cursor: Position,
    /// Where the terminal's cursor is now, when known: drawing cells moves
    /// it (by a glyph's width), a cursor move puts it somewhere.
    at: Option<Position>,
    /// Whether the terminal shows its cursor, when known.
    shown: Option<bool>,
}

impl<W: Write> Ansi<W> {
    /// A backend for a terminal of `size` cells.
    pub fn new(out: W, size: Size) -> Ansi<W> {
        Ansi {
            out,
            pending: Vec::with_capacity(16 * 1024),
            size,
            cursor: Position::ORIGIN,
            at: None,
            shown: None,
        }
    }

    /// The terminal now has `size` cells (after a resize event, or after
    /// it was lent to another program): where its cursor is and whether it
    /// shows are no longer known, and are sent again.
    pub fn set_size(&mut self, size: Size) {
        self.size = size;
        self.at = None;
        self.shown = None;
    }

    /// Show or hide the terminal's cursor, unless it already is.
    fn show(&mut self, shown: bool) {
        if self.shown != Some(shown) {
            self.shown = Some(shown);
            let seq: &[u8] = if shown { b"\x1b[?25h" } else { b"\x1b[?25l" };
            self.pending.extend_from_slice(seq);
        }
    }

    /// Raw bytes to send with the next flush (e.g. an OSC 52 the reader
    /// asked for).
    pub fn queue_raw(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
    }

    fn move_to(&mut self, x: u16, y: u16) {
        self.pending.extend_from_slice(b"\x1b[");
        push_number(&mut self.pending, u32::from(y) + 1);
        self.pending.push(b';');
        push_number(&mut self.pending, u32::from(x) + 1);
        self.pending.push(b'H');
    }
}

/// Append the decimal digits of `n`.
fn push_number(out: &mut Vec<u8>, n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// SGR parameters for modifiers that are on (the caller resets first).
const MODIFIER_CODES: [(Modifier, &[u8]); 9] = [
    (Modifier::BOLD, b"1"),
    (Modifier::DIM, b"2"),
    (Modifier::ITALIC, b"3"),
    (Modifier::UNDERLINED, b"4"),
    (Modifier::SLOW_BLINK, b"5"),
    (Modifier::RAPID_BLINK, b"6"),
    (Modifier::REVERSED, b"7"),
    (Modifier::HIDDEN, b"8"),
    (Modifier::CROSSED_OUT, b"9"),
];

/// Which colour an SGR colour parameter sets.
#[derive(Clone, Copy)]
enum Layer {
    Fore,
    Back,
    Under,
}

/// Append `;`-less SGR parameters that set `layer` to `color`.
fn push_color(out: &mut Vec<u8>, layer: Layer, color: Color) {
    let (base, bright, extended, reset): (u32, u32, &[u8], &[u8]) = match layer {
        Layer::Fore => (30, 90, b"38", b"39"),
        Layer::Back => (40, 100, b"48", b"49"),
        Layer::Under => (0, 0, b"58", b"59"),
    };
    let named = |i: u32| -> Option<u32> {
        match layer {
            Layer::Under => None,
            _ if i < 8 => Some(base + i),
            _ => Some(bright + i - 8),
        }
    };
    let indexed = |out: &mut Vec<u8>, i: u8| {
        out.extend_from_slice(extended);
        out.extend_from_slice(b";5;");
        push_number(out, u32::from(i));
    };
    let palette = match color {
        Color::Reset => {
            out.extend_from_slice(reset);
            return;
        }
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => {
            indexed(out, i);
            return;
        }
        Color::Rgb(r, g, b) => {
            out.extend_from_slice(extended);
            out.extend_from_slice(b";2");
            for c in [r, g, b] {
                out.push(b';');
                push_number(out, u32::from(c));
            }
            return;
        }
    };
    match named(palette) {
        Some(code) => push_number(out, code),
        None => indexed(out, palette as u8),
    }
}

/// The style a cell is drawn with.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }

    /// One SGR sequence that turns the terminal's pen from `self` into
    /// `to`: a full reset and the new style when modifiers change (turning
    /// single attributes off is where terminals disagree), else only the
    /// colours that changed.
    fn change_to(self, to: Pen, out: &mut Vec<u8>) {
        out.extend_from_slice(b"\x1b[");
        let full = self.modifier != to.modifier;
        let mut first = true;
        let mut sep = |out: &mut Vec<u8>| {
            if !std::mem::take(&mut first) {
                out.push(b';');
            }
        };
        if full {
            sep(out);
            out.push(b'0');
            for (m, code) in MODIFIER_CODES {
                if to.modifier.contains(m) {
                    sep(out);
                    out.extend_from_slice(code);
                }
            }
        }
        let plain = Pen::PLAIN;
        let from = if full { plain } else { self };
        for (layer, old, new) in [
            (Layer::Fore, from.fg, to.fg),
            (Layer::Back, from.bg, to.bg),
            (Layer::Under, from.underline, to.underline),
        ] {
            if old != new {
                sep(out);
                push_color(out, layer, new);
            }
        }
        out.push(b'm');
    }
}

impl<W: Write> Backend for Ansi<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut pen = Pen::PLAIN;
        let mut next: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            if next != Some((x, y)) {
                self.move_to(x, y);
            }
            next = Some((x.saturating_add(1), y));
            let want = Pen::of(cell);
            if want != pen {
                pen.change_to(want, &mut self.pending);
                pen = want;
            }
            self.pending.extend_from_slice(cell.symbol().as_bytes());
        }
        if pen != Pen::PLAIN {
            self.pending.extend_from_slice(b"\x1b[0m");
        }
        if next.is_some() {
            // After a wide glyph the cursor is a column further than
            // `next` says: not worth tracking, the next move is sent.
            self.at = None;
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.show(false);
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.show(true);
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        if self.at != Some(p) {
            self.move_to(p.x, p.y);
            self.at = Some(p);
        }
        self.cursor = p;
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        let seq: &[u8] = match clear_type {
            ClearType::All => b"\x1b[2J",
            ClearType::AfterCursor => b"\x1b[0J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[0K",
        };
        self.pending.extend_from_slice(seq);
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::ZERO,
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let result = self.out.write_all(&self.pending);
            self.pending.clear();
            result?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::style::Style;

    fn frame(size: (u16, u16), paint: impl FnOnce(&mut ratatui::Frame)) -> Vec<u8> {
        let backend = Ansi::new(Vec::new(), Size::new(size.0, size.1));
        let mut t = Terminal::new(backend).unwrap();
        t.draw(paint).unwrap();
        t.backend().out.clone()
    }

    /// What a terminal shows after reading `bytes`.
    fn screen(bytes: &[u8], size: (u16, u16)) -> vt100::Parser {
        let mut p = vt100::Parser::new(size.1, size.0, 0);
        p.process(bytes);
        p
    }

    #[test]
    fn a_frame_shows_its_cells_and_puts_the_pen_back() {
        let bytes = frame((20, 3), |f| {
            let buf = f.buffer_mut();
            buf.set_string(2, 0, "plain", Style::new());
            buf.set_string(0, 1, "wide 漢字 ok", Style::new().fg(Color::Red));
            buf.set_string(0, 2, "x", Style::new().bg(Color::Rgb(1, 2, 3)).bold());
        });
        let p = screen(&bytes, (20, 3));
        assert_eq!(p.screen().contents(), "  plain\nwide 漢字 ok\nx");
        let red = p.screen().cell(1, 0).unwrap();
        assert_eq!(red.fgcolor(), vt100::Color::Idx(1));
        let strong = p.screen().cell(2, 0).unwrap();
        assert!(strong.bold());
        assert_eq!(strong.bgcolor(), vt100::Color::Rgb(1, 2, 3));
        // The pen is put back after the frame.
        assert!(
            bytes.windows(5).any(|w| w == b"x\x1b[0m"),
            "{}",
            String::from_utf8_lossy(&bytes)
        );
    }

    #[test]
    fn turning_a_modifier_off_resets_the_others_correctly() {
        let bytes = frame((6, 1), |f| {
            let buf = f.buffer_mut();
            let s = Style::new().fg(Color::LightBlue);
            buf.set_string(
                0,
                0,
                "ab",
                s.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            );
            buf.set_string(2, 0, "cd", s.add_modifier(Modifier::BOLD));
            buf.set_string(
                4,
                0,
                "ef",
                Style::new().underline_color(Color::Indexed(200)),
            );
        });
        let p = screen(&bytes, (6, 1));
        let cell = |x| p.screen().cell(0, x).unwrap().clone();
        assert!(cell(0).inverse() && cell(0).bold());
        assert!(!cell(2).inverse() && cell(2).bold());
        assert_eq!(cell(2).fgcolor(), vt100::Color::Idx(12));
        assert!(!cell(4).bold() && !cell(4).inverse());
        assert_eq!(cell(4).fgcolor(), vt100::Color::Default);
    }

    /// Counts the writes it gets.
    #[derive(Default)]
    struct Writes(usize);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += 1;
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_whole_frame_goes_out_in_one_write() {
        let mut t = Terminal::new(Ansi::new(Writes::default(), Size::new(80, 24))).unwrap();
        t.draw(|f| {
            for y in 0..24 {
                let line = format!("{y:>2} the quick brown fox jumps over the lazy dog");
                f.buffer_mut()
                    .set_string(0, y, line, Style::new().fg(Color::Cyan));
            }
        })
        .unwrap();
        assert_eq!(t.backend().out.0, 1);
    }

    #[test]
    fn a_frame_in_which_nothing_changed_writes_nothing() {
        let mut t = Terminal::new(Ansi::new(Vec::new(), Size::new(20, 4))).unwrap();
        let text = |f: &mut ratatui::Frame| {
            f.buffer_mut()
                .set_string(0, 0, "漢字 and text", Style::new());
        };
        let written = |t: &mut Terminal<Ansi<Vec<u8>>>| {
            let out = std::mem::take(&mut t.backend_mut().out);
            String::from_utf8(out).unwrap()
        };
        // Cursor hidden: the first frame hides it, the same frame again
        // writes nothing.
        t.draw(text).unwrap();
        assert!(written(&mut t).contains("\x1b[?25l"));
        t.draw(text).unwrap();
        assert_eq!(written(&mut t), "");
        // Cursor shown at a place (a prompt): shown and moved once.
        let prompt = |f: &mut ratatui::Frame| {
            text(f);
            f.set_cursor_position((5, 3));
        };
        t.draw(prompt).unwrap();
        assert_eq!(written(&mut t), "\x1b[?25h\x1b[4;6H");
        t.draw(prompt).unwrap();
        assert_eq!(written(&mut t), "");
        // A changed cell moves the terminal's cursor: it is put back.
        t.draw(|f| {
            prompt(f);
            f.buffer_mut().set_string(0, 1, "x", Style::new());
        })
        .unwrap();
        assert_eq!(written(&mut t), "\x1b[2;1Hx\x1b[4;6H");
        // After the terminal was lent out (resize or suspend), both are
        // sent again.
        t.backend_mut().set_size(Size::new(20, 4));
        t.draw(prompt).unwrap();
        assert!(written(&mut t).ends_with("\x1b[?25h\x1b[4;6H"));
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0u32, 7, 10, 99, 100, 65_535, u32::MAX] {
            let mut out = Vec::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
        }
    }

    #[test]
    fn the_size_is_what_it_was_told() {
        let mut b = Ansi::new(Vec::new(), Size::new(80, 24));
        assert_eq!(b.size().unwrap(), Size::new(80, 24));
        b.set_size(Size::new(100, 30));
        assert_eq!(b.size().unwrap(), Size::new(100, 30));
        b.set_cursor_position((4, 2)).unwrap();
        assert_eq!(b.get_cursor_position().unwrap(), Position::new(4, 2));
        b.flush().unwrap();
        assert_eq!(b.out, b"\x1b[3;5H");
    }
}

#[cfg(test)]
#[path = "ansi_frames_tests.rs"]
mod frames_tests;
