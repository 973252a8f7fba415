//! The `:` commands: one table (names, arguments, what they do) that the
//! prompt parses with and the help screen lists, so they never disagree.

/// What a `:` command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `:w`: save now and say so once it is on disk.
    Write,
    /// `:q`, `:q!`: quit (annotations are saved as they change).
    Quit,
    /// `:wq`, `:x` (and `ZZ`): save and quit.
    WriteQuit,
    /// `:N`: go to line N (1-based) of the file.
    Line(usize),
    /// `:set`: list the reading options (`None`), show one (`Some((name,
    /// None))`) or set one (`Some((name, Some(value)))`).
    Set(Option<(String, Option<String>)>),
    /// `:noh`: clear the search colouring.
    NoHighlight,
    /// `:messages`: the last messages again.
    Messages,
    /// `:export FORMAT [FILE]`; without a file, next to the article.
    Export {
        format: String,
        path: Option<String>,
    },
}

/// Which command an entry of [`COMMANDS`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Write,
    Quit,
    WriteQuit,
    Line,
    Set,
    NoHighlight,
    Messages,
    Export,
}

/// One `:` command: the names it answers to, how it is written (for help)
/// and what it does.
pub struct Entry {
    names: &'static [&'static str],
    pub usage: &'static str,
    pub what: &'static str,
    kind: Kind,
}

/// Every `:` command, in help order.
pub const COMMANDS: &[Entry] = &[
    Entry {
        names: &["w", "write"],
        usage: ":w",
        what: "save the annotations now and say when they are on disk",
        kind: Kind::Write,
    },
    Entry {
        names: &["q", "quit", "q!", "quit!"],
        usage: ":q  :q!",
        what: "quit (annotations are saved as they change)",
        kind: Kind::Quit,
    },
    Entry {
        names: &["wq", "wq!", "x", "xit", "x!"],
        usage: ":wq  :x  ZZ",
        what: "save and quit",
        kind: Kind::WriteQuit,
    },
    Entry {
        names: &[],
        usage: ":N",
        what: "go to line N of the file",
        kind: Kind::Line,
    },
    Entry {
        names: &["set", "se"],
        usage: ":set [OPTION=VALUE]",
        what: "change a reading option (text_width, reflow, page_breaks) until annotty ends; \
               :set alone lists them, :set OPTION shows one",
        kind: Kind::Set,
    },
    Entry {
        names: &["noh", "nohlsearch"],
        usage: ":noh",
        what: "clear the search colouring (n still finds the next match)",
        kind: Kind::NoHighlight,
    },
    Entry {
        names: &["messages", "mes"],
        usage: ":messages  g<",
        what: "show the last messages again",
        kind: Kind::Messages,
    },
    Entry {
        names: &["export"],
        usage: ":export FORMAT [FILE]",
        what: "write the annotations as grep, markdown or json to FILE, \
               or next to the article (ARTICLE.notes.txt, .md, .json)",
        kind: Kind::Export,
    },
];

/// The help screen's lines for the commands: (usage, what).
pub fn help_lines() -> impl Iterator<Item = (&'static str, &'static str)> {
    COMMANDS.iter().map(|e| (e.usage, e.what))
}

/// Parse a `:` command line (without the `:`). `Ok(None)` for an empty
/// line; `Err` says what is wrong, in words for the status row.
pub fn parse(line: &str) -> Result<Option<Command>, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some((&first, args)) = words.split_first() else {
        return Ok(None);
    };
    if let Ok(n) = first.parse::<usize>()
        && args.is_empty()
    {
        return Ok(Some(Command::Line(n.max(1))));
    }
    let Some(entry) = COMMANDS.iter().find(|e| e.names.contains(&first)) else {
        return Err(format!(
            "unknown command :{} (h lists the commands)",
            crate::sanitize::line(first)
        ));
    };
    let usage = || format!("usage: {}", entry.usage);
    let command = match (entry.kind, args) {
        (Kind::Write, []) => Command::Write,
        (Kind::Quit, []) => Command::Quit,
        (Kind::WriteQuit, []) => Command::WriteQuit,
        (Kind::NoHighlight, []) => Command::NoHighlight,
        (Kind::Messages, []) => Command::Messages,
        (Kind::Set, []) => Command::Set(None),
        (Kind::Set, [option]) => Command::Set(Some(match option.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(value.to_string())),
            None => (option.trim_end_matches('?').to_string(), None),
        })),
        (Kind::Set, [name, value]) => {
            Command::Set(Some((name.to_string(), Some(value.to_string()))))
        }
        (Kind::Export, [format]) => Command::Export {
            format: format.to_string(),
            path: None,
        },
        (Kind::Export, [format, path]) => Command::Export {
            format: format.to_string(),
            path: Some(path.to_string()),
        },
        _ => return Err(usage()),
    };
    Ok(Some(command))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> Command {
        parse(line).unwrap().unwrap()
    }

    #[test]
    fn vim_habits_parse() {
        assert_eq!(ok("wq"), Command::WriteQuit);
        assert_eq!(ok("x"), Command::WriteQuit);
        assert_eq!(ok("q!"), Command::Quit);
        assert_eq!(ok("w"), Command::Write);
        assert_eq!(ok(" 120 "), Command::Line(120));
        assert_eq!(ok("0"), Command::Line(1));
        assert_eq!(ok("noh"), Command::NoHighlight);
        assert_eq!(ok("messages"), Command::Messages);
        assert_eq!(parse("  "), Ok(None));
    }

    #[test]
    fn set_lists_shows_and_sets() {
        assert_eq!(ok("set"), Command::Set(None));
        let set =
            |n: &str, v: Option<&str>| Command::Set(Some((n.to_string(), v.map(str::to_string))));
        assert_eq!(ok("set text_width=60"), set("text_width", Some("60")));
        assert_eq!(ok("set text_width 60"), set("text_width", Some("60")));
        assert_eq!(ok("set reflow?"), set("reflow", None));
    }

    #[test]
    fn export_takes_an_optional_file() {
        assert_eq!(
            ok("export md"),
            Command::Export {
                format: "md".into(),
                path: None
            }
        );
        assert_eq!(
            ok("export json out.json"),
            Command::Export {
                format: "json".into(),
                path: Some("out.json".into())
            }
        );
        assert_eq!(parse("export"), Err("usage: :export FORMAT [FILE]".into()));
    }

    #[test]
    fn unknown_commands_point_to_help() {
        assert_eq!(
            parse("frobnicate now"),
            Err("unknown command :frobnicate (h lists the commands)".into())
        );
        assert_eq!(parse("w extra"), Err("usage: :w".into()));
    }
}
