//! Char offsets to (line, byte column), for many offsets in one pass.

use super::{CharPos, byte_of_char, safe_cut};

/// Turns increasing char offsets into (line, byte column) of the raw file
/// in one forward pass (it starts over for an offset behind the last).
pub struct Locator<'b> {
    bytes: &'b [u8],
    byte: usize,
    char: CharPos,
    line: usize,
    line_start: usize,
}

impl<'b> Locator<'b> {
    pub fn new(bytes: &'b [u8]) -> Self {
        Locator {
            bytes,
            byte: 0,
            char: CharPos(0),
            line: 1,
            line_start: 0,
        }
    }

    /// 1-based (line, byte column) where char offset `char` starts; the
    /// end of the file for an offset past it.
    pub fn locate(&mut self, char: CharPos) -> (usize, usize) {
        if char < self.char {
            *self = Locator::new(self.bytes);
        }
        // `self.byte` is always where a char starts (or the end), a safe
        // place to cut the text (see [`safe_cut`]). A char takes at most
        // 4 bytes, so the slice handed to `byte_of_char` stops a few bytes
        // past the furthest the wanted one can start: it validates UTF-8 up
        // to the end of what it is given, and the rest of the file would
        // make every step cost the whole file.
        let step = char - self.char;
        let reach = usize::try_from(step)
            .ok()
            .and_then(|s| s.checked_mul(4))
            .and_then(|s| s.checked_add(self.byte + 4))
            .map_or(self.bytes.len(), |r| safe_cut(self.bytes, r));
        let to = self.byte + byte_of_char(&self.bytes[self.byte..reach], CharPos(step)).0;
        let skipped = &self.bytes[self.byte..to];
        if let Some(last) = memchr::memrchr(b'\n', skipped) {
            self.line += memchr::memchr_iter(b'\n', skipped).count();
            self.line_start = self.byte + last + 1;
        }
        self.byte = to;
        self.char = char;
        (self.line, to - self.line_start + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{count_chars, line_column_of};

    #[test]
    fn locator_counts_raw_lines_and_byte_columns() {
        // Chars: a ␊ “ b ” ␊(CRLF) 漢 \xff x
        let bytes = b"a\n\xe2\x80\x9cb\xe2\x80\x9d\r\n\xe6\xbc\xa2\xffx";
        let mut at = Locator::new(bytes);
        assert_eq!(at.locate(CharPos(0)), (1, 1));
        assert_eq!(at.locate(CharPos(2)), (2, 1));
        assert_eq!(at.locate(CharPos(3)), (2, 4));
        assert_eq!(
            at.locate(CharPos(5)),
            (2, 8),
            "the LF of a CRLF is at its CR"
        );
        assert_eq!(at.locate(CharPos(6)), (3, 1));
        assert_eq!(at.locate(CharPos(7)), (3, 4), "after a CJK char");
        assert_eq!(at.locate(CharPos(8)), (3, 5), "after an invalid byte");
        assert_eq!(at.locate(CharPos(1)), (1, 2), "going back starts over");
        assert_eq!(at.locate(CharPos(99)), (3, 6), "past the end: the end");
    }

    #[test]
    fn locator_agrees_with_the_text_module_everywhere() {
        let bytes = b"caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d\r\n\xff\xfe\xf0\x90\x80x\r\r\n\n\t\xf0\x9f\x93\x9a \xe6\xbc\xa2\r\nend\xc3";
        let total = count_chars(bytes);
        let mut forward = Locator::new(bytes);
        for c in 0..=total + 2 {
            let expected = line_column_of(bytes, byte_of_char(bytes, CharPos(c)));
            assert_eq!(
                forward.locate(CharPos(c)),
                expected,
                "char {c}, in one pass"
            );
            assert_eq!(
                Locator::new(bytes).locate(CharPos(c)),
                expected,
                "char {c}, alone"
            );
        }
        // Big steps and small ones.
        let mut at = Locator::new(bytes);
        for c in [0, 9, 10, total, 3, 4] {
            let expected = line_column_of(bytes, byte_of_char(bytes, CharPos(c)));
            assert_eq!(at.locate(CharPos(c)), expected, "char {c}");
        }
    }
}
