//! The grep format: one line per annotation, in the shape `rg --vimgrep`
//! prints, so that `vim -q`, `:cfile`, Emacs' grep mode and editors'
//! "open FILE:LINE:COL" read it:
//!
//! ```text
//! essay.txt:3:5: [highlight] Marisol Okafor — A key witness⏎— and the best line
//! essay.txt:9:1: [question, orphan] the budget memo
//! ```
//!
//! The path is written as found (relative stays relative); LINE is the
//! 1-based line of the article file where the highlight starts and COL the
//! 1-based byte column there. Quote and note are on one line: newlines as
//! `⏎`, tabs as spaces, control characters as visible symbols. ` — note`
//! is left out when there is no note. With colour: the path magenta and
//! the line number green, as rg prints them, and the tag in its colour.

use super::{Options, Prepared, one_line, path_bytes, sgr};
use crate::tags;
use std::io::{self, Write};

const RESET: &str = "\x1b[0m";

pub(super) fn write(out: &mut dyn Write, articles: &[Prepared], opts: &Options) -> io::Result<()> {
    let mut line = Vec::with_capacity(256);
    for p in articles {
        let path = path_bytes(p.article.path);
        for e in &p.entries {
            line.clear();
            if opts.color {
                line.extend_from_slice(b"\x1b[35m");
                line.extend_from_slice(&path);
                write!(line, "{RESET}:\x1b[32m{}{RESET}:{}:", e.line, e.column)?;
            } else {
                line.extend_from_slice(&path);
                write!(line, ":{}:{}:", e.line, e.column)?;
            }
            let label = label(&e.a.tag, e.state.name());
            if !label.is_empty() {
                if opts.color {
                    let color = sgr(tags::color_of(&opts.tag_colors, &e.a.tag));
                    write!(line, " \x1b[{color}m[{label}]{RESET}")?;
                } else {
                    write!(line, " [{label}]")?;
                }
            }
            line.push(b' ');
            line.extend_from_slice(one_line(&e.a.quote).as_bytes());
            if !e.a.note.is_empty() {
                line.extend_from_slice(" — ".as_bytes());
                line.extend_from_slice(one_line(&e.a.note).as_bytes());
            }
            line.push(b'\n');
            out.write_all(&line)?;
        }
    }
    Ok(())
}

/// `highlight`, `highlight, orphan`, or just `orphan` for an untagged one.
fn label(tag: &str, state: Option<&str>) -> String {
    let tag = one_line(tag);
    match (tag.is_empty(), state) {
        (_, None) => tag,
        (true, Some(s)) => s.to_string(),
        (false, Some(s)) => format!("{tag}, {s}"),
    }
}
