//! Grapheme clusters that a terminal draws in pieces.
//!
//! ratatui keeps a grapheme cluster in one cell and treats the cells its
//! width covers as hidden. Most terminals do not join clusters: they draw
//! each character that has a width in its own cells. For a cluster like
//! Devanagari `क्‍ष`, Thai `ก้ำ`, Tamil `நி` or a flag `🇫🇷` (two characters
//! one column wide each, two columns in all) the screen then holds two
//! glyphs where ratatui believes it holds one: when a later frame puts a
//! narrow glyph where the cluster began, ratatui does not rewrite the
//! hidden cell (it thinks a wide glyph's second half clears itself) and the
//! second piece stays on screen. Putting each piece in its own cell makes
//! ratatui's picture and the terminal's agree.
//!
//! Clusters whose pieces add up to a different width than the cluster's
//! (an emoji ZWJ sequence, an emoji with U+FE0F) are left alone: terminals
//! disagree about those, and ratatui has its own handling for them.

use ratatui::buffer::{Buffer, CellWidth};
use unicode_width::UnicodeWidthChar;

/// Split every cell of `buf` that holds a cluster a terminal draws as
/// several narrow pieces into one cell per piece (same style).
pub fn split(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &buf[(x, y)];
            let symbol = cell.symbol();
            // Runs for every cell of every frame: one ASCII byte or one
            // character is never a cluster, and is not measured.
            if symbol.chars().nth(1).is_none() {
                x = x.saturating_add(if symbol.len() > 1 {
                    symbol.cell_width().max(1)
                } else {
                    1
                });
                continue;
            }
            let width = symbol.cell_width().max(1);
            if let Some(pieces) = pieces(symbol, width) {
                let style = cell.style();
                for (px, piece) in (x..area.right()).zip(pieces) {
                    buf[(px, y)].set_symbol(&piece).set_style(style);
                }
            }
            x = x.saturating_add(width);
        }
    }
}

/// The one-column pieces a terminal draws `cluster` as: each character
/// with a width, followed by the zero-width characters after it; `None`
/// unless there are several pieces, each one column wide, adding up to
/// `width` columns.
fn pieces(cluster: &str, width: u16) -> Option<Vec<String>> {
    let mut pieces: Vec<String> = Vec::new();
    for c in cluster.chars() {
        match c.width() {
            Some(0) | None => match pieces.last_mut() {
                Some(last) => last.push(c),
                None => pieces.push(c.to_string()),
            },
            Some(1) => pieces.push(c.to_string()),
            Some(_) => return None,
        }
    }
    (pieces.len() > 1 && pieces.len() == usize::from(width)).then_some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    fn row(buf: &Buffer) -> Vec<String> {
        (0..buf.area.width)
            .map(|x| buf[(x, 0)].symbol().to_string())
            .collect()
    }

    #[test]
    fn narrow_pieces_of_a_cluster_get_a_cell_each() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        let red = Style::new().bg(Color::Red);
        buf.set_string(0, 0, "क\u{94d}\u{200d}ष ก\u{e49}ำ 🇫🇷 x", red);
        split(&mut buf);
        assert_eq!(
            row(&buf),
            [
                "क\u{94d}\u{200d}",
                "ष",
                " ",
                "ก\u{e49}",
                "ำ",
                " ",
                "🇫",
                "🇷",
                " ",
                "x",
                " ",
                " "
            ]
        );
        // The second piece keeps the cluster's style (a highlight).
        assert_eq!(buf[(1, 0)].bg, Color::Red);
        assert_eq!(buf[(4, 0)].bg, Color::Red);
    }

    #[test]
    fn wide_glyphs_and_emoji_sequences_stay_whole() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, "漢👩\u{200d}💻e\u{301}❤\u{fe0f}", Style::new());
        let before = buf.clone();
        split(&mut buf);
        assert_eq!(buf, before);
    }
}
