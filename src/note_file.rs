//! The file a note is written in with `$EDITOR`: the highlighted text
//! first, as a block of comment lines (each starting with [`MARK`]), then
//! a blank line and the note. Reading the file back removes that leading
//! block (and the one blank line after it), so only the note is kept.

/// What starts each comment line of the leading block.
pub const MARK: &str = "#>";

/// The file's text for a note `note` on the highlighted text `quote`.
pub fn render(quote: &str, note: &str) -> String {
    let mut out =
        format!("{MARK} The highlighted text (these {MARK} lines are not kept):\n{MARK}\n");
    for line in quote.lines() {
        if line.trim().is_empty() {
            out.push_str(MARK);
        } else {
            out.push_str(&format!("{MARK}   {line}"));
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(note);
    out
}

/// The note in a file's `text`: without the leading block of comment
/// lines and the blank line after it. Lines starting with [`MARK`] later
/// on are the note's own and stay.
pub fn parse(text: &str) -> String {
    let mut rest = text;
    let mut had_block = false;
    while rest.starts_with(MARK) {
        had_block = true;
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
    if had_block {
        rest = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix('\n'))
            .unwrap_or(rest);
    }
    rest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quote_comes_first_as_comment_lines() {
        let file = render("slow reading is a skill,\nand like\n\nany skill", "my note");
        assert_eq!(
            file,
            "#> The highlighted text (these #> lines are not kept):\n#>\n\
             #>   slow reading is a skill,\n#>   and like\n#>\n#>   any skill\n\nmy note"
        );
    }

    #[test]
    fn reading_back_keeps_only_the_note() {
        for note in ["", "my note", "two\nlines\n", "#> a line of my own\nlater"] {
            let file = render("the quote", note);
            assert_eq!(parse(&file), note, "{file:?}");
        }
        // What an editor leaves: a note typed after the blank line, and a
        // final newline.
        let file = format!("{}written here\n", render("q", ""));
        assert_eq!(parse(&file), "written here\n");
    }

    #[test]
    fn a_file_whose_block_was_removed_is_all_note() {
        assert_eq!(parse("just the note\n"), "just the note\n");
        assert_eq!(parse("\nblank first"), "\nblank first");
        assert_eq!(parse("text\n#> later stays"), "text\n#> later stays");
        // The block deleted down to its last line: still removed.
        assert_eq!(parse("#>   the quote\nnote"), "note");
        assert_eq!(parse("#> only"), "");
    }
}
