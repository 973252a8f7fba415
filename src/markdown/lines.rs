//! What one Markdown line is, judged on its own bytes (no terminator):
//! the block-level rules the layout needs to tell which line breaks are
//! shown. Pure predicates; a line is a byte slice.

/// How many bytes of a line are looked at; a longer line is running text
/// (a heading, a rule or a fence is never that long).
pub const LOOK: usize = 4096;

/// The block kind a line starts (or continues).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Blank,
    /// `#` to `######`: the level.
    Heading(u8),
    /// A code fence: its character, its length, whether an info string
    /// follows.
    Fence(u8, usize, bool),
    /// A thematic break (`***`, `---`, `___`); also a setext underline
    /// when it is dashes under a paragraph line.
    Rule,
    /// A setext underline of `=`.
    Equals,
    /// Starts with `>`.
    Quote,
    /// A list item: the marker's start and the text's start.
    Item,
    /// A table row that starts with `|`.
    Table,
    /// A table's delimiter row (`|---|:--:|`).
    Delimiter,
    /// An HTML block.
    Html,
    /// Indented by four columns or more (code, or a list's continuation).
    Indented,
    /// Running text.
    Text,
}

/// Leading spaces as columns (a tab counts to the next multiple of 4)
/// and the byte where the rest starts.
pub fn indent(line: &[u8]) -> (usize, usize) {
    let mut cols = 0;
    for (i, &b) in line.iter().enumerate() {
        match b {
            b' ' => cols += 1,
            b'\t' => cols += 4 - cols % 4,
            _ => return (cols, i),
        }
    }
    (cols, line.len())
}

/// How many bytes of `line`'s leading blanks take at most `cols` columns
/// (a tab that would reach past them is kept).
pub fn skip_cols(line: &[u8], cols: usize) -> usize {
    let mut col = 0;
    line.iter()
        .take_while(|&&b| {
            let next = match b {
                b' ' => col + 1,
                b'\t' => col + 4 - col % 4,
                _ => return false,
            };
            col = next;
            next <= cols
        })
        .count()
}

/// The kind of `line` inside the list items around it, whose text starts
/// at source column `content()` (asked only when it matters): a line
/// indented four columns or more that starts an item, a quote or a
/// heading less than four columns past that column is that (CommonMark
/// counts an item's indentation from its text), not code.
pub fn classify_in_items(line: &[u8], content: impl FnOnce() -> Option<usize>) -> Line {
    let kind = classify(line);
    if kind != Line::Indented {
        return kind;
    }
    let (cols, at) = indent(line);
    let inner = classify(&line[at..]);
    let starts_block = matches!(inner, Line::Item | Line::Quote | Line::Heading(_));
    if starts_block && content().is_some_and(|c| cols < c + 4) {
        inner
    } else {
        kind
    }
}

/// The kind of `line`.
pub fn classify(line: &[u8]) -> Line {
    let line = &line[..line.len().min(LOOK)];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let (cols, at) = indent(line);
    let rest = &line[at..];
    let Some(&first) = rest.first() else {
        return Line::Blank;
    };
    if cols >= 4 {
        return Line::Indented;
    }
    if is_delimiter(rest) {
        return Line::Delimiter;
    }
    match first {
        b'#' => {
            let n = rest.iter().take_while(|&&b| b == b'#').count();
            if n <= 6 && rest.get(n).is_none_or(|&b| b == b' ' || b == b'\t') {
                return Line::Heading(n as u8);
            }
        }
        b'`' | b'~' => {
            let n = rest.iter().take_while(|&&b| b == first).count();
            if n >= 3 {
                let info = &rest[n..];
                if first == b'`' && info.contains(&b'`') {
                    return Line::Text;
                }
                let has_info = info.iter().any(|b| !b.is_ascii_whitespace());
                return Line::Fence(first, n, has_info);
            }
        }
        b'>' => return Line::Quote,
        b'|' => return Line::Table,
        b'=' if rest.iter().all(|&b| b == b'=' || b == b' ' || b == b'\t') => {
            return Line::Equals;
        }
        b'<' if rest
            .get(1)
            .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'/' || b == b'!' || b == b'?') =>
        {
            return Line::Html;
        }
        _ => {}
    }
    if is_rule(rest) {
        return Line::Rule;
    }
    if item_marker(rest).is_some() {
        return Line::Item;
    }
    Line::Text
}

/// True for a thematic break: three or more of one of `*`, `-`, `_` with
/// only blanks between.
pub fn is_rule(rest: &[u8]) -> bool {
    let Some(&c) = rest.first() else { return false };
    if !matches!(c, b'*' | b'-' | b'_') {
        return false;
    }
    let mut n = 0;
    for &b in rest {
        if b == c {
            n += 1;
        } else if b != b' ' && b != b'\t' {
            return false;
        }
    }
    n >= 3
}

/// A list marker at the start of `rest`: the bytes it takes (with the
/// blank after it), and whether it is ordered.
pub fn item_marker(rest: &[u8]) -> Option<(usize, bool)> {
    let blank_or_end = |i: usize| rest.get(i).is_none_or(|&b| b == b' ' || b == b'\t');
    match rest.first()? {
        b'-' | b'*' | b'+' if blank_or_end(1) => Some(((2).min(rest.len()), false)),
        b'0'..=b'9' => {
            let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            let ok = n <= 9 && matches!(rest.get(n), Some(b'.' | b')')) && blank_or_end(n + 1);
            ok.then_some(((n + 2).min(rest.len()), true))
        }
        _ => None,
    }
}

/// True for a table's delimiter row: cells of dashes with optional colons,
/// with at least one `|` or colon and one dash.
pub fn is_delimiter(rest: &[u8]) -> bool {
    let allowed = rest
        .iter()
        .all(|&b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'));
    allowed && rest.contains(&b'-') && rest.contains(&b'|')
}

/// The depth of the block quote markers at the start of `line` and where
/// its content starts (after each `>` and one blank).
pub fn quote_depth(line: &[u8]) -> (usize, usize) {
    let mut depth = 0;
    let mut at = 0;
    loop {
        let (cols, i) = indent(&line[at..]);
        if cols < 4 && line.get(at + i) == Some(&b'>') {
            depth += 1;
            at += i + 1;
            if matches!(line.get(at), Some(b' ' | b'\t')) {
                at += 1;
            }
        } else {
            return (depth, at);
        }
    }
}

/// True when a line ends with a hard line break (two spaces or a
/// backslash).
pub fn ends_hard(line: &[u8]) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line.ends_with(b"  ") || ends_in_backslash(line)
}

/// True when `line` (no terminator) ends with a backslash that is not
/// itself escaped (an odd number of them).
pub fn ends_in_backslash(line: &[u8]) -> bool {
    line.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(classify(b"## Title"), Line::Heading(2));
        assert_eq!(classify(b"#hashtag"), Line::Text);
        assert_eq!(classify(b"```rust"), Line::Fence(b'`', 3, true));
        assert_eq!(classify(b"~~~~"), Line::Fence(b'~', 4, false));
        assert_eq!(classify(b"* * *"), Line::Rule);
        assert_eq!(classify(b"- item"), Line::Item);
        assert_eq!(classify(b"12) item"), Line::Item);
        assert_eq!(classify(b"> quote"), Line::Quote);
        assert_eq!(classify(b"| a | b |"), Line::Table);
        assert_eq!(classify(b"|---|:-:|"), Line::Delimiter);
        assert_eq!(classify(b"<div>"), Line::Html);
        assert_eq!(classify(b"    code"), Line::Indented);
        assert_eq!(classify(b"  "), Line::Blank);
        assert_eq!(classify(b"==="), Line::Equals);
        assert_eq!(classify(b"plain words"), Line::Text);
        assert_eq!(quote_depth(b"> > x"), (2, 4));
        assert!(ends_hard(b"end  "));
        assert!(ends_hard(b"end\\"));
        assert!(!ends_hard(b"end\\\\"), "an escaped backslash");
    }

    #[test]
    fn an_indented_item_nests_in_the_item_above() {
        let nested = classify_in_items(b"    - c", || Some(4));
        assert_eq!(nested, Line::Item);
        assert_eq!(classify_in_items(b"      - c", || Some(2)), Line::Indented);
        assert_eq!(classify_in_items(b"    - c", || None), Line::Indented);
        assert_eq!(classify_in_items(b"    text", || Some(4)), Line::Indented);
        assert_eq!(skip_cols(b"      code", 4), 4);
        assert_eq!(skip_cols(b"  \tcode", 4), 3);
        assert_eq!(skip_cols(b"  \tcode", 3), 2);
        assert_eq!(skip_cols(b" x", 4), 1);
    }
}
