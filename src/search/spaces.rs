//! The reflowed form of a search pattern: in a hard-wrapped article a
//! phrase the source breaks over two lines is shown on one row, so each
//! space typed in the pattern also matches a line break.
//!
//! Only literal spaces change, found with the regex crate's own parser
//! (`regex-syntax`), never by scanning the string: a space inside a
//! character class (`[ ]`), an escaped one (`\ `, `\x20`), one in a
//! counted repetition's braces or in a verbose group (`(?x: a b)`) stays
//! what it was.

use regex_syntax::ast::{self, Ast, LiteralKind};

/// What a literal space becomes: a run of whitespace holding at most one
/// line break, so never an empty line (a paragraph break). `[^\S\n]` is
/// whitespace other than a newline; a CRLF's `\r` is part of it.
pub const SPACE_ACROSS_LINES: &str = r"(?:[^\S\n]*\n[^\S\n]*|[^\S\n]+)";

/// `pattern` with each literal space replaced by [`SPACE_ACROSS_LINES`];
/// `None` when it has none (or does not parse: compiling the pattern as
/// typed reports the error).
pub fn across_lines(pattern: &str) -> Option<String> {
    let parsed = ast::parse::Parser::new().parse(pattern).ok()?;
    let spans = ast::visit(&parsed, Spaces(Vec::new())).ok()?;
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(pattern.len() + spans.len() * SPACE_ACROSS_LINES.len());
    let mut at = 0;
    for span in spans {
        out.push_str(&pattern[at..span.start]);
        out.push_str(SPACE_ACROSS_LINES);
        at = span.end;
    }
    out.push_str(&pattern[at..]);
    Some(out)
}

/// Collects the byte ranges (half-open, in the pattern) of its literal
/// spaces written as themselves, in order.
struct Spaces(Vec<std::ops::Range<usize>>);

impl ast::Visitor for Spaces {
    type Output = Vec<std::ops::Range<usize>>;
    type Err = std::convert::Infallible;

    fn finish(self) -> Result<Self::Output, Self::Err> {
        Ok(self.0)
    }

    fn visit_pre(&mut self, node: &Ast) -> Result<(), Self::Err> {
        if let Ast::Literal(lit) = node
            && lit.c == ' '
            && lit.kind == LiteralKind::Verbatim
        {
            self.0.push(lit.span.start.offset..lit.span.end.offset);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(p: &str) -> String {
        across_lines(p).unwrap_or_else(|| p.to_string())
    }

    #[test]
    fn only_literal_spaces_change() {
        let s = SPACE_ACROSS_LINES;
        assert_eq!(rewritten("added to"), format!("added{s}to"));
        assert_eq!(rewritten("a +b"), format!("a{s}+b"));
        assert_eq!(rewritten("(a |b) c"), format!("(a{s}|b){s}c"));
        for unchanged in [
            "a[ ]b",
            r"a\ b",
            r"a\x20b",
            "a{2}",
            "a{2, 3}",
            "(?x: a b )",
            "(?x)a b",
            r"a\sb",
            "nospace",
        ] {
            assert_eq!(rewritten(unchanged), unchanged);
        }
        // A class with a space and a space after it: only the second.
        assert_eq!(rewritten("[ a] b"), format!("[ a]{s}b"));
        // Not parsed: left to the compiler to report.
        assert_eq!(across_lines("( a"), None);
    }
}
