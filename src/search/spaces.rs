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

/// `pattern` with each literal space replaced by [`SPACE_ACROSS_LINES`]:
/// a run of them (`in.  Morning`) or a repeated one (` +`, ` *`) as one,
/// so that no pattern crosses an empty line by spaces; `None` when it has
/// none (or does not parse: compiling the pattern as typed reports the
/// error).
pub fn across_lines(pattern: &str) -> Option<String> {
    let parsed = ast::parse::Parser::new().parse(pattern).ok()?;
    let spaces = ast::visit(&parsed, Spaces::default()).ok()?;
    if spaces.is_empty() {
        return None;
    }
    // Spaces next to each other in the pattern are one run.
    let mut runs: Vec<Space> = Vec::new();
    for space in spaces {
        match runs.last_mut() {
            Some(run) if run.range.end == space.range.start => {
                run.range.end = space.range.end;
                run.optional &= space.optional;
            }
            _ => runs.push(space),
        }
    }
    let mut out =
        String::with_capacity(pattern.len() + runs.len() * (SPACE_ACROSS_LINES.len() + 5));
    let mut at = 0;
    for run in runs {
        out.push_str(&pattern[at..run.range.start]);
        if run.optional {
            out.push_str(&format!("(?:{SPACE_ACROSS_LINES})?"));
        } else {
            out.push_str(SPACE_ACROSS_LINES);
        }
        at = run.range.end;
    }
    out.push_str(&pattern[at..]);
    Some(out)
}

/// A literal space of the pattern written as itself, or one repeated: its
/// byte range (half-open, in the pattern, the repetition's operator
/// included) and whether it may be absent (` *`, ` ?`).
#[derive(Debug)]
struct Space {
    range: std::ops::Range<usize>,
    optional: bool,
}

/// Collects the pattern's [`Space`]s, in order.
#[derive(Default)]
struct Spaces {
    found: Vec<Space>,
    /// The offset of the space a repetition just took as its own.
    taken: Option<usize>,
}

/// Whether `node` is a literal space written as itself.
fn is_space(node: &Ast) -> bool {
    matches!(node, Ast::Literal(lit) if lit.c == ' ' && lit.kind == LiteralKind::Verbatim)
}

impl ast::Visitor for Spaces {
    type Output = Vec<Space>;
    type Err = std::convert::Infallible;

    fn finish(self) -> Result<Self::Output, Self::Err> {
        Ok(self.found)
    }

    fn visit_pre(&mut self, node: &Ast) -> Result<(), Self::Err> {
        match node {
            Ast::Repetition(rep) if is_space(&rep.ast) => {
                use ast::{RepetitionKind as K, RepetitionRange as R};
                let optional = matches!(
                    rep.op.kind,
                    K::ZeroOrOne
                        | K::ZeroOrMore
                        | K::Range(R::Exactly(0) | R::AtLeast(0) | R::Bounded(0, _))
                );
                self.taken = Some(rep.ast.span().start.offset);
                self.found.push(Space {
                    range: rep.span.start.offset..rep.span.end.offset,
                    optional,
                });
            }
            Ast::Literal(lit) if is_space(node) && self.taken != Some(lit.span.start.offset) => {
                self.found.push(Space {
                    range: lit.span.start.offset..lit.span.end.offset,
                    optional: false,
                });
            }
            _ => {}
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
        // A run of spaces, or a repeated one, is one: never two line
        // breaks (an empty line) by spaces.
        assert_eq!(rewritten("in.  Morning"), format!("in.{s}Morning"));
        assert_eq!(rewritten("a +b"), format!("a{s}b"));
        assert_eq!(rewritten("a  +b"), format!("a{s}b"));
        assert_eq!(rewritten("a *b"), format!("a(?:{s})?b"));
        assert_eq!(rewritten("a +?b"), format!("a{s}b"));
        for pattern in ["in.  Morning", "in. +Morning", "in. *Morning"] {
            let re = regex::Regex::new(&rewritten(pattern)).unwrap();
            assert!(re.is_match("came in.\nMorning"), "{pattern}");
            assert!(re.is_match("came in.   Morning"), "{pattern}");
            assert!(!re.is_match("came in.\n\nMorning"), "{pattern}");
            assert!(!re.is_match("came in. \n \n Morning"), "{pattern}");
        }
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
