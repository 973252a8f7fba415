//! The Anki format (`annotty export -f anki`): a tab-separated file that
//! Anki's File ▸ Import reads as notes of a Basic note type, one per
//! highlight, with the file's headers telling Anki how:
//!
//! ```text
//! #separator:tab
//! #html:false
//! #columns:Quote→Note→Tags→Source
//! #tags column:3
//! Marisol Okafor→A key witness→highlight→essay.txt:3:5
//! ```
//!
//! (→ is a tab.)
//!
//! Quote and note are the text as it is (control characters made
//! visible); a field holding a tab, a line break or a `"` is quoted as in
//! CSV (`"…"`, with `""` for a quote), which Anki reads, keeping the line
//! breaks of a note. Tags are the tag's name with spaces as `_` (Anki
//! splits tags at spaces) and `orphan` or `fuzzy` for notes re-anchoring
//! left so. The source is `ARTICLE:LINE:COL` as in the grep format.

use super::{Prepared, path_bytes, safe_text};
use std::io::{self, Write};

pub(super) fn write(out: &mut dyn Write, articles: &[Prepared]) -> io::Result<()> {
    out.write_all(
        b"#separator:tab\n#html:false\n#columns:Quote\tNote\tTags\tSource\n#tags column:3\n",
    )?;
    for p in articles {
        let path = String::from_utf8_lossy(&path_bytes(p.article.path)).into_owned();
        for e in &p.entries {
            let mut tags = vec![e.a.tag.split_whitespace().collect::<Vec<_>>().join("_")];
            tags.extend(e.state.name().map(str::to_string));
            let source = format!("{path}:{}:{}", e.line, e.column);
            let fields = [
                field(&e.a.quote),
                field(&e.a.note),
                field(&tags.join(" ")),
                field(&source),
            ];
            writeln!(out, "{}", fields.join("\t"))?;
        }
    }
    Ok(())
}

/// One field: safe text, quoted when it holds a tab, a line break or `"`.
fn field(text: &str) -> String {
    let text = safe_text(text);
    if text.contains(['\t', '\n', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("a\tb"), "\"a\tb\"");
    }
}
