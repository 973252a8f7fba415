//! The one rule that turns any text — article, file name, error message,
//! and later notes — into glyphs that are safe to send to a terminal.
//!
//! Every character that could make a terminal do something other than print
//! (C0 and C1 controls, DEL, bidi overrides and isolates, zero-width
//! characters) is replaced by one visible symbol. The mapping is one
//! character in, one glyph out, so char offsets stay true on screen.

/// The visible symbol for `c` when `c` must not reach the terminal as-is,
/// or `None` when `c` is safe to print. Newline and tab are *not* handled
/// here: callers lay them out (line breaks, tab stops) before drawing.
pub fn replacement(c: char) -> Option<char> {
    match c {
        // C0 controls: the Unicode "control pictures" block, e.g. ESC → ␛.
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'), // ␡
        // C1 controls, bidi marks/overrides/isolates, zero-width characters
        // and other invisible format characters.
        '\u{80}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// True when `c` joins graphemes and is harmless inside a cluster
/// (zero-width joiner and non-joiner inside emoji or Indic sequences).
/// Standing alone such a character is replaced like any other invisible one.
pub fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}')
}

/// Sanitise a whole string for one-line display (file names, messages):
/// newlines and tabs become spaces, everything else goes through
/// [`replacement`].
pub fn line(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => ' ',
            c => replacement(c).unwrap_or(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_becomes_control_picture() {
        assert_eq!(line("a\u{1b}[2Jb"), "a\u{241b}[2Jb");
    }

    #[test]
    fn c1_bidi_and_zero_width_are_replaced() {
        for c in [
            '\u{9b}', '\u{202e}', '\u{2066}', '\u{200b}', '\u{61c}', '\u{200e}',
        ] {
            assert_eq!(replacement(c), Some('\u{fffd}'), "{c:?}");
        }
        assert_eq!(replacement('\u{7f}'), Some('\u{2421}'));
    }

    #[test]
    fn ordinary_text_passes() {
        let s = "“Curly” — 漢字 👩‍💻 שלום";
        assert_eq!(line(s), s.replace('\u{200d}', "\u{fffd}"));
        assert_eq!(replacement('é'), None);
    }
}
