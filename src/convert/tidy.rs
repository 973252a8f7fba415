//! annotty's own tidy-up of converted Markdown, so a snapshot reads like
//! the bundled essay: one paragraph per line (a paragraph's line breaks —
//! hard breaks included — become spaces), one blank line between blocks
//! (headings always stand apart), blanks normalised (no-break and other
//! Unicode spaces and tabs read as one space, zero-width characters and
//! soft hyphens dropped, trailing blanks trimmed), and the text ending
//! with one newline. Fenced code blocks are kept exactly as they are.
//! Entities were decoded by the HTML parser already; literal text that
//! looks like an entity (`&amp;` in an article about HTML) is left alone.

/// `markdown` tidied as described above.
pub fn tidy(markdown: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    // Whether the last line pushed may take the next one (a paragraph's).
    let mut open = false;
    for raw in markdown.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(marker) = &fence {
            out.push(raw.to_string());
            if raw.trim_start().starts_with(marker.as_str()) && raw.trim().len() >= marker.len() {
                fence = None;
                out.push(String::new());
            }
            continue;
        }
        let line = plain_ampersands_in_links(normalise(raw));
        if line.is_empty() {
            push_blank(&mut out);
            open = false;
            continue;
        }
        let body = line.trim_start();
        if let Some(marker) = fence_marker(body) {
            push_blank(&mut out);
            out.push(line.clone());
            fence = Some(marker);
            open = false;
            continue;
        }
        if body.starts_with('#') && is_heading(body) {
            push_blank(&mut out);
            out.push(body.to_string());
            out.push(String::new());
            open = false;
            continue;
        }
        let quote_continues = body.starts_with('>')
            && out.last().is_some_and(|l| l.starts_with('>'))
            && open
            && !starts_block(body.trim_start_matches(['>', ' ']));
        if open && (quote_continues || !starts_block(body)) {
            let last = out.last_mut().expect("open means a line was pushed");
            let joined = if quote_continues {
                body.trim_start_matches('>').trim_start()
            } else {
                body
            };
            if !joined.is_empty() {
                let kept = last.trim_end_matches(['\\', ' ']).len();
                last.truncate(kept);
                last.push(' ');
                last.push_str(joined);
            }
            continue;
        }
        out.push(line);
        open = true;
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let start = out.iter().position(|l| !l.is_empty()).unwrap_or(out.len());
    let mut text = out[start..].join("\n");
    // Hard breaks at the end of a paragraph's line mean nothing.
    text = text
        .split('\n')
        .map(|l| {
            if l.ends_with("  ") || (l.ends_with('\\') && !l.ends_with("\\\\")) {
                l.trim_end_matches([' ', '\\'])
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// One blank line, never two, never at the start.
fn push_blank(out: &mut Vec<String>) {
    if out.last().is_some_and(|l| !l.is_empty()) {
        out.push(String::new());
    }
}

/// ```` ``` ```` or `~~~` (three or more) opening a fenced code block.
fn fence_marker(body: &str) -> Option<String> {
    for c in ['`', '~'] {
        let n = body.chars().take_while(|&x| x == c).count();
        if n >= 3 {
            return Some(c.to_string().repeat(n));
        }
    }
    None
}

/// An ATX heading: one to six `#` and a space (or nothing after).
fn is_heading(body: &str) -> bool {
    let n = body.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&n) && matches!(body.as_bytes().get(n), None | Some(b' '))
}

/// Whether a line starts a block of its own instead of continuing the
/// paragraph above: a list item, a quote, a table row, a rule, a heading.
fn starts_block(body: &str) -> bool {
    let b = body.as_bytes();
    match b.first() {
        None => true,
        Some(b'>' | b'|' | b'#') => true,
        Some(b'-' | b'*' | b'+') => matches!(b.get(1), Some(b' ') | None) || is_rule(body),
        Some(b'_') => is_rule(body),
        Some(c) if c.is_ascii_digit() => {
            let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
            n <= 9
                && matches!(b.get(n), Some(b'.' | b')'))
                && matches!(b.get(n + 1), Some(b' ') | None)
        }
        Some(b'[') => body.starts_with("[^") && body.contains("]:"),
        _ => false,
    }
}

/// `---`, `***`, `___` (spaces allowed between).
fn is_rule(body: &str) -> bool {
    let chars: Vec<char> = body.chars().filter(|c| *c != ' ').collect();
    chars.len() >= 3 && matches!(chars[0], '-' | '*' | '_') && chars.iter().all(|&c| c == chars[0])
}

/// `line` with `&amp;` written `&` in its link and image addresses
/// (`](…)`): the HTML-to-Markdown step escapes them there, where the
/// reader decodes them again, but an address copied from the file (in
/// `vim`, from `grep`) would keep the entity.
fn plain_ampersands_in_links(line: String) -> String {
    if !line.contains("&amp;") || !line.contains("](") {
        return line;
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line.as_str();
    while let Some(at) = rest.find("](") {
        let (before, from) = rest.split_at(at + 2);
        out.push_str(before);
        let end = from.find(')').unwrap_or(from.len());
        out.push_str(&from[..end].replace("&amp;", "&"));
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

/// A line's blanks normalised: leading indentation kept (as spaces), runs
/// of blanks inside it one space, invisible characters dropped, no
/// trailing blanks except a Markdown hard break (two spaces, kept for the
/// join to see).
fn normalise(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut leading = true;
    let mut blank = false;
    for c in raw.chars() {
        let c = match c {
            '\t' | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => ' ',
            '\u{200b}' | '\u{feff}' | '\u{ad}' | '\u{2060}' => continue,
            c if c.is_control() => continue,
            c => c,
        };
        if c == ' ' {
            if leading {
                out.push(' ');
            } else {
                blank = true;
            }
            continue;
        }
        if blank {
            out.push(' ');
            blank = false;
        }
        leading = false;
        out.push(c);
    }
    if leading {
        return String::new();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn paragraphs_become_one_line_each_with_a_blank_line_between() {
        let md = "First line\nof a paragraph  \nwith a hard break.\n\n\n\nSecond\u{a0}\u{a0}one\t here.   \n";
        assert_eq!(
            tidy(md),
            "First line of a paragraph with a hard break.\n\nSecond one here.\n"
        );
    }

    #[test]
    fn headings_stand_apart_and_lists_quotes_and_tables_keep_their_lines() {
        let md = "Intro\n## Part\nText\n- one\n- two\n  continued\n1. first\n> quoted\n> more\n| a | b |\n|---|---|\n";
        assert_eq!(
            tidy(md),
            "Intro\n\n## Part\n\nText\n- one\n- two continued\n1. first\n> quoted more\n| a | b |\n|---|---|\n"
        );
    }

    #[test]
    fn code_blocks_are_kept_as_they_are() {
        let md = "Before\n```\n  let  x = 1;\n\n\n  y\n```\nAfter\n";
        assert_eq!(
            tidy(md),
            "Before\n\n```\n  let  x = 1;\n\n\n  y\n```\n\nAfter\n"
        );
    }

    #[test]
    fn link_addresses_keep_a_plain_ampersand_and_text_keeps_its_entities() {
        let md = "See [the guide](https://x.org/g?a=1&amp;b=2) and ![map](/m?s=1&amp;t=2), not &amp; here.\n";
        assert_eq!(
            tidy(md),
            "See [the guide](https://x.org/g?a=1&b=2) and ![map](/m?s=1&t=2), not &amp; here.\n"
        );
    }

    #[test]
    fn invisible_characters_go_and_an_empty_text_stays_empty() {
        assert_eq!(tidy("soft\u{ad}hy\u{200b}phen\n"), "softhyphen\n");
        assert_eq!(tidy("\n \n\t\n"), "");
    }
}
