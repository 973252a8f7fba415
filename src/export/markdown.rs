//! The Markdown format, for Obsidian and other note tools: a section per
//! article, a block per annotation.
//!
//! ```markdown
//! # The Night Library
//!
//! > “People think the library is about books,”
//!
//! #highlight
//!
//! A key witness
//! — and the best line
//!
//! `essay.txt:3:1`
//! ```
//!
//! The title is the article's first non-empty line (at most
//! [`TITLE_CHARS`] chars), or its file name. The quote is a block quote,
//! its Markdown characters escaped so that it reads as the text it is; the
//! tag is an Obsidian tag (`#name`) when it can be one, else code; the
//! note is written as it is (notes may be Markdown), with control
//! characters made visible and its line breaks kept (two spaces end a
//! line that another follows, as after `A key witness` above); the
//! location line is `ARTICLE:LINE:COL` as in the grep format.

use super::{Prepared, one_line, path_bytes, safe_text};
use std::io::{self, Write};

/// The longest title taken from an article's first line, in chars.
pub(super) const TITLE_CHARS: usize = 120;

pub(super) fn write(out: &mut dyn Write, articles: &[Prepared]) -> io::Result<()> {
    let mut block = String::with_capacity(1024);
    for (i, p) in articles.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        writeln!(out, "# {}", escape(&title(p.article.bytes, p.article.path)))?;
        let path = String::from_utf8_lossy(&path_bytes(p.article.path)).into_owned();
        let rendered = rendered_quotes(p);
        for (k, e) in p.entries.iter().enumerate() {
            block.clear();
            block.push('\n');
            let quote = match &rendered {
                Some(quotes) => quotes[k].exact.clone(),
                None => e.a.quote.clone(),
            };
            for line in one_line_breaks(&quote).split('\n') {
                if line.is_empty() {
                    block.push_str(">\n");
                } else {
                    block.push_str("> ");
                    block.push_str(&escape(line));
                    block.push('\n');
                }
            }
            block.push('\n');
            block.push_str(&tag(&e.a.tag));
            if let Some(word) = e.state.name() {
                if !e.a.tag.is_empty() {
                    block.push_str(" · ");
                }
                block.push('*');
                block.push_str(word);
                block.push('*');
            }
            block.push('\n');
            if !e.a.note.trim().is_empty() {
                block.push('\n');
                block.push_str(&hard_breaks(safe_text(&e.a.note).trim_end_matches('\n')));
                block.push('\n');
            }
            block.push('\n');
            block.push_str(&code(&format!("{path}:{}:{}", e.line, e.column)));
            block.push('\n');
            out.write_all(block.as_bytes())?;
        }
    }
    Ok(())
}

/// A note's text with its line breaks kept when rendered: two spaces (a
/// Markdown hard break, invisible where it is not one) end each line that
/// another line of the same paragraph follows, outside fenced code.
fn hard_breaks(note: &str) -> String {
    let lines: Vec<&str> = note.split('\n').collect();
    let mut out = String::with_capacity(note.len() + 2 * lines.len());
    let mut fenced = false;
    for (i, line) in lines.iter().enumerate() {
        let fence = line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        fenced ^= fence;
        out.push_str(line);
        let next_is_text = lines.get(i + 1).is_some_and(|n| !n.trim().is_empty());
        if !fenced && !fence && !line.trim().is_empty() && next_is_text && !line.ends_with("  ") {
            out.push_str("  ");
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

/// Quote text with its lines kept (CRLF as LF) and everything else made
/// safe for one line each.
fn one_line_breaks(text: &str) -> String {
    text.replace("\r\n", "\n")
        .split('\n')
        .map(one_line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A quote and its context as they read rendered.
pub(super) struct Rendered {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// A Markdown article's quotes as they read rendered (markup left out),
/// with the context on each side (the rendering of the source chars the
/// sidecar's `prefix` and `suffix` cover, so a little shorter where they
/// hold markup), in the order of its entries; `None` for other articles.
/// An orphan's are its recorded quote and context, rendered on their own.
pub(super) fn rendered_quotes(p: &Prepared) -> Option<Vec<Rendered>> {
    use crate::text::{BytePos, CharPos};
    let name = p.article.path.to_string_lossy();
    if crate::outline::Kind::of_name(&name) != crate::outline::Kind::Markdown {
        return None;
    }
    let bytes = p.article.bytes;
    let chars = |s: &str| s.chars().count() as u64;
    // Where each entry's context starts and ends, in chars (half-open).
    let around = |e: &super::Entry| {
        let before = CharPos(e.a.start.0.saturating_sub(chars(&e.a.prefix)));
        let after = CharPos(e.a.end.0.saturating_add(chars(&e.a.suffix)));
        (before, after)
    };
    let mut targets: Vec<CharPos> = p
        .entries
        .iter()
        .flat_map(|e| {
            let (before, after) = around(e);
            [before, e.a.start, e.a.end, after]
        })
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let found = crate::text::bytes_of_chars(bytes, BytePos(0), CharPos(0), &targets);
    let byte_of = |c: CharPos| found[targets.partition_point(|&t| t < c)].0;
    let mut layout =
        crate::layout::Layout::new(1 << 12, crate::layout::ParagraphStyle::HardWrapped);
    layout.set_markdown(true);
    let text = |from: CharPos, to: CharPos| layout.rendered_text(bytes, byte_of(from)..byte_of(to));
    let quotes = p
        .entries
        .iter()
        .map(|e| match e.state {
            crate::annotation::State::Orphan => Rendered {
                exact: crate::markdown::rendered(&e.a.quote),
                prefix: crate::markdown::rendered(&e.a.prefix),
                suffix: crate::markdown::rendered(&e.a.suffix),
            },
            _ => {
                let (before, after) = around(e);
                Rendered {
                    exact: text(e.a.start, e.a.end),
                    prefix: text(before, e.a.start),
                    suffix: text(e.a.end, after),
                }
            }
        })
        .collect();
    Some(quotes)
}

/// The article's title: a snapshot's front matter `title`, else its
/// first non-empty line, else its file name.
pub(super) fn title(bytes: &[u8], path: &std::path::Path) -> String {
    let snapshot = crate::convert::front_matter::Meta::read(bytes).and_then(|m| m.title);
    let first = bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .find(|l| !l.iter().all(u8::is_ascii_whitespace));
    let text = match first {
        _ if snapshot.is_some() => snapshot.unwrap_or_default(),
        Some(l) => String::from_utf8_lossy(&l[..l.len().min(TITLE_CHARS * 4 + 4)]).into_owned(),
        None => path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
    };
    let text = one_line(text.trim());
    if text.chars().count() > TITLE_CHARS {
        let cut: String = text.chars().take(TITLE_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        text
    }
}

/// Backslash-escape what Markdown (and Obsidian: `==`, `%%`, `$`, `#tag`,
/// `[[link]]`) would read as markup, so the text shows as written.
pub(super) fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let trimmed = line.trim_start_matches(' ');
    // Indentation as no-break spaces: it shows, and four spaces in a
    // block quote would make it a code block.
    out.extend(std::iter::repeat_n('\u{a0}', line.len() - trimmed.len()));
    // At the start of a line: list items, headings, rules.
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let rest = if digits > 0 && matches!(trimmed.as_bytes().get(digits), Some(b'.' | b')')) {
        out.push_str(&trimmed[..digits]);
        out.push('\\');
        &trimmed[digits..]
    } else {
        if matches!(trimmed.as_bytes().first(), Some(b'-' | b'+')) {
            out.push('\\');
        }
        trimmed
    };
    for c in rest.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '|'
                | '~'
                | '='
                | '$'
                | '%'
                | '!'
                | '^'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `#tag` when Obsidian reads it as a tag (letters, digits, `_`, `-`, `/`,
/// not only digits), else the name as code.
fn tag(name: &str) -> String {
    if name.is_empty() {
        return String::new();
    }
    let ok = name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))
        && !name.chars().all(|c| c.is_ascii_digit());
    if ok {
        format!("#{name}")
    } else {
        code(&one_line(name))
    }
}

/// Inline code that holds `text` whatever backticks it contains.
fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn escapes_markup_but_not_prose() {
        assert_eq!(escape("“Curly” — 漢字 plain."), "“Curly” — 漢字 plain.");
        assert_eq!(escape("*a* _b_ [c] #d"), "\\*a\\* \\_b\\_ \\[c\\] \\#d");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("12. item"), "12\\. item");
        assert_eq!(escape("==mark== %%c%%"), "\\=\\=mark\\=\\= \\%\\%c\\%\\%");
    }

    #[test]
    fn indentation_is_kept_as_no_break_spaces() {
        assert_eq!(escape("    code? no"), "\u{a0}\u{a0}\u{a0}\u{a0}code? no");
        assert_eq!(escape("  - item"), "\u{a0}\u{a0}\\- item");
    }

    #[test]
    fn a_notes_lines_end_in_hard_breaks_within_paragraphs_and_outside_code() {
        assert_eq!(hard_breaks("one\ntwo"), "one  \ntwo");
        assert_eq!(hard_breaks("one\n\ntwo"), "one\n\ntwo");
        assert_eq!(hard_breaks("one  \ntwo"), "one  \ntwo");
        assert_eq!(
            hard_breaks("a\n```\nx\ny\n```\nb"),
            "a  \n```\nx\ny\n```\nb"
        );
    }

    #[test]
    fn titles() {
        let p = Path::new("dir/essay.txt");
        assert_eq!(title(b"\n  \r\n  The Title \r\nbody", p), "The Title");
        assert_eq!(title(b"\n\n", p), "essay.txt");
        let long = "word ".repeat(100);
        let t = title(long.as_bytes(), p);
        assert_eq!(t.chars().count(), TITLE_CHARS);
        assert!(t.ends_with("word…"));
    }

    #[test]
    fn tags_and_code() {
        assert_eq!(tag("highlight"), "#highlight");
        assert_eq!(tag("a/b-c_d"), "#a/b-c_d");
        assert_eq!(tag("two words"), "`two words`");
        assert_eq!(tag("2026"), "`2026`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
    }
}
