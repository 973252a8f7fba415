//! What one line looks like, for the outline's heading rules. Pure
//! functions of a line's bytes (without its line ending); lengths are in
//! bytes.

/// A line longer than this is running text (a paragraph of
/// one-paragraph-per-line text), never a heading of plain text.
pub const LONG: usize = 120;

/// Longest title of a plain-text heading, in bytes.
pub const MAX_TITLE: usize = 100;

/// Longest title kept for any heading, in bytes (a Markdown heading may be
/// longer; the rest is cut at a char boundary).
pub const KEEP_TITLE: usize = 200;

/// The line without leading and trailing blanks (spaces, tabs, form
/// feeds, a stray carriage return).
pub fn trim(line: &[u8]) -> &[u8] {
    line.trim_ascii()
}

/// True when the line holds nothing but blanks (a lone form feed too).
pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// Columns of leading blanks (a tab counts 4, a form feed 0).
pub fn indent(line: &[u8]) -> usize {
    let mut n = 0;
    for &b in line {
        match b {
            b' ' => n += 1,
            b'\t' => n += 4,
            b'\x0c' => {}
            _ => break,
        }
    }
    n
}

/// The title text of `bytes`: lossily decoded, trimmed, at most
/// [`KEEP_TITLE`] bytes.
pub fn title(bytes: &[u8]) -> String {
    let t = String::from_utf8_lossy(trim(bytes));
    let mut end = t.len().min(KEEP_TITLE);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    t[..end].to_string()
}

/// True when the (untrimmed) line reads like a title: short, starting with
/// a capital letter or a digit (or a letter of a script without case), not
/// ending like a sentence or a clause, no columns laid out with runs of
/// spaces, at most 16 words.
pub fn title_like(line: &[u8]) -> bool {
    let t = trim(line);
    if t.is_empty() || t.len() > MAX_TITLE || t[0].is_ascii_lowercase() {
        return false;
    }
    if t.iter().any(|&b| b < 0x20) || t.windows(3).any(|w| w == b"   ") {
        return false;
    }
    let Ok(s) = std::str::from_utf8(t) else {
        return false;
    };
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !first.is_alphanumeric() || first.is_lowercase() {
        return false;
    }
    let last = s.chars().next_back().unwrap_or(first);
    if matches!(
        last,
        '.' | ',' | ';' | ':' | '"' | '\'' | '”' | '’' | '-' | '—' | '–'
    ) {
        return false;
    }
    s.split_whitespace().count() <= 16
}

/// The level of a Project Gutenberg style division line: `CHAPTER IV`,
/// `Chapter 4. The Return`, `BOOK II`, `PART ONE`, `STAVE I`, `ACT III`, or
/// a lone `PREFACE` / `EPILOGUE` / `CONTENTS`. Books, parts, volumes and
/// acts are level 2, chapters and the rest level 3 (the title is 1).
pub fn division(line: &[u8]) -> Option<u8> {
    let t = trim(line);
    if t.is_empty() || t.len() > MAX_TITLE || !t[0].is_ascii_uppercase() {
        return None;
    }
    let word_end = t
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(t.len());
    let word = &t[..word_end];
    // The word in capitals or with a capital first letter only.
    if !word[1..].iter().all(u8::is_ascii_uppercase)
        && !word[1..].iter().all(u8::is_ascii_lowercase)
    {
        return None;
    }
    let upper = word.to_ascii_uppercase();
    let rest = &t[word_end..];
    const LONE: [&[u8]; 10] = [
        b"PREFACE",
        b"PROLOGUE",
        b"EPILOGUE",
        b"INTRODUCTION",
        b"CONTENTS",
        b"FOREWORD",
        b"AFTERWORD",
        b"APPENDIX",
        b"CONCLUSION",
        b"POSTSCRIPT",
    ];
    if LONE.contains(&upper.as_slice()) && (rest.is_empty() || rest == b".") {
        return Some(3);
    }
    let level = match upper.as_slice() {
        b"BOOK" | b"PART" | b"VOLUME" | b"ACT" => 2,
        b"CHAPTER" | b"STAVE" | b"CANTO" | b"SCENE" | b"SECTION" | b"LETTER" => 3,
        _ => return None,
    };
    // One space (or more), then a number, then nothing or punctuation or a
    // space before a title.
    let rest = rest.strip_prefix(b" ")?.trim_ascii_start();
    let num_end = rest
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    if !is_number(&rest[..num_end]) {
        return None;
    }
    match rest.get(num_end) {
        None | Some(b'.' | b':' | b' ' | b',' | b'-' | b'\xe2') => Some(level),
        _ => None,
    }
}

/// Roman numerals, digits, or an English number word up to twenty
/// (cardinal or ordinal), in any case.
fn is_number(word: &[u8]) -> bool {
    if word.is_empty() || word.len() > 12 {
        return false;
    }
    if word.iter().all(u8::is_ascii_digit) {
        return true;
    }
    let roman = |b: &u8| b"IVXLCDM".contains(b);
    if word.iter().all(roman)
        || word
            .iter()
            .all(|b| roman(&b.to_ascii_uppercase()) && b.is_ascii_lowercase())
    {
        return true;
    }
    const WORDS: [&str; 40] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    let lower = word.to_ascii_lowercase();
    WORDS.iter().any(|w| w.as_bytes() == lower.as_slice())
}

/// An RFC-style numbered section at the start of the line: `4.`, `4.2`,
/// `4.2.` then blanks and a title-like text. Returns the level (a top
/// section is 2, one level down 3, …, at most 6) and where the title
/// starts.
pub fn numbered(line: &[u8]) -> Option<(u8, usize)> {
    let mut i = 0;
    let mut parts = 0u8;
    let mut dotted = false;
    loop {
        let digits = line[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        i += digits;
        parts += 1;
        if line.get(i) == Some(&b'.') {
            dotted = true;
            i += 1;
            if line.get(i).is_some_and(u8::is_ascii_digit) {
                continue;
            }
        }
        break;
    }
    let blanks = line[i..].iter().take_while(|&&b| b == b' ').count();
    if !dotted || blanks == 0 || !title_like(&line[i..]) {
        return None;
    }
    Some(((parts + 1).min(6), i + blanks))
}

/// A line of only `=` (level 2) or only `-` (level 3), at least 3 long,
/// under a plain-text title of about its length.
pub fn underline(line: &[u8]) -> Option<(u8, usize)> {
    let t = trim(line);
    let level = match t.first()? {
        b'=' => 2,
        b'-' => 3,
        _ => return None,
    };
    (t.len() >= 3 && t.iter().all(|&b| b == t[0])).then_some((level, t.len()))
}

/// A Markdown ATX heading (`## Title ##`, at most 3 spaces in): its level
/// and title bytes.
pub fn atx(line: &[u8]) -> Option<(u8, &[u8])> {
    let spaces = line.iter().take_while(|&&b| b == b' ').count();
    if spaces > 3 {
        return None;
    }
    let rest = &line[spaces..];
    let hashes = rest.iter().take_while(|&&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &rest[hashes..];
    if !rest.is_empty() && rest[0] != b' ' && rest[0] != b'\t' {
        return None;
    }
    let mut text = rest.trim_ascii();
    // A closing run of `#` counts only after a blank (or as the whole text).
    let closing = text.iter().rev().take_while(|&&b| b == b'#').count();
    if closing == text.len() {
        text = &[];
    } else if closing > 0 && matches!(text[text.len() - closing - 1], b' ' | b'\t') {
        text = text[..text.len() - closing].trim_ascii_end();
    }
    Some((hashes as u8, text))
}

/// A Markdown setext underline (`===` level 1, `---` level 2, at most 3
/// spaces in).
pub fn setext(line: &[u8]) -> Option<u8> {
    let spaces = line.iter().take_while(|&&b| b == b' ').count();
    let t = line[spaces..].trim_ascii_end();
    if spaces > 3 || t.is_empty() || !t.iter().all(|&b| b == t[0]) {
        return None;
    }
    match t[0] {
        b'=' => Some(1),
        b'-' => Some(2),
        _ => None,
    }
}

/// The opening of a Markdown fenced code block: its character (`` ` `` or
/// `~`) and length (at least 3).
pub fn fence_open(line: &[u8]) -> Option<(u8, usize)> {
    let t = line.trim_ascii_start();
    let c = *t.first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = t.iter().take_while(|&&b| b == c).count();
    if n < 3 || (c == b'`' && t[n..].contains(&b'`')) {
        return None;
    }
    Some((c, n))
}

/// True when `line` closes a fence opened with `n` of `c`.
pub fn fence_close(line: &[u8], c: u8, n: usize) -> bool {
    let t = line.trim_ascii();
    t.len() >= n && t.iter().all(|&b| b == c)
}

/// True when a Markdown line cannot be the text of a setext heading
/// (a list item, a block quote, an HTML block, a thematic break).
pub fn md_not_paragraph(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    let rule = t.iter().all(|b| b" \t-*_".contains(b))
        && t.iter().filter(|&&b| b != b' ' && b != b'\t').count() >= 3;
    if rule {
        return true;
    }
    match t {
        [b'>' | b'<', ..] => true,
        [b'-' | b'*' | b'+', b' ' | b'\t', ..] | [b'-' | b'*' | b'+'] => true,
        _ => {
            let digits = t.iter().take_while(|b| b.is_ascii_digit()).count();
            (1..=9).contains(&digits)
                && matches!(t.get(digits), Some(b'.' | b')'))
                && matches!(t.get(digits + 1), None | Some(b' ' | b'\t'))
        }
    }
}
