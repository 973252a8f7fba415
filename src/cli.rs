//! The command line: what to open, and where the config is.

use clap::Parser;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  annotty                     the library of bundled articles
  annotty essay.txt           read an article
  annotty essay.txt:12:5      open at line 12, byte column 5 (as rg --vimgrep prints)
  annotty +12 essay.txt       open at line 12, like less +12
  annotty ~/articles          a library of the articles in a directory
  curl -s URL | annotty       read standard input (keys come from the terminal)";

/// Read plain-text articles in the terminal, with the keys of less and vim.
#[derive(Debug, Parser)]
#[command(name = "annotty", version, after_help = EXAMPLES)]
pub struct Cli {
    /// ARTICLE, ARTICLE:LINE, ARTICLE:LINE:COL, a directory, or - for
    /// standard input; +LINE before it opens at that line.
    #[arg(value_name = "TARGET", num_args = 0..=2)]
    pub targets: Vec<OsString>,

    /// Read the config from PATH instead of the default place.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Keep annotation sidecars in DIR instead of beside the articles.
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
}

/// What to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The bundled articles.
    Seeds,
    /// A directory as a library.
    Dir(PathBuf),
    /// An article, optionally at a 1-based line and byte column.
    File {
        path: PathBuf,
        line: Option<usize>,
        column: Option<usize>,
    },
    /// Standard input, optionally at a line.
    Stdin { line: Option<usize> },
}

/// Turn the command line into a [`Target`]. `stdin_is_terminal` decides
/// whether no argument means the seeds or piped text.
pub fn target(cli: &Cli, stdin_is_terminal: bool) -> Result<Target, String> {
    let mut plus_line = None;
    let mut path = None;
    for arg in &cli.targets {
        let text = arg.to_string_lossy();
        if let Some(n) = text
            .strip_prefix('+')
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            plus_line = Some(
                n.parse::<usize>()
                    .map_err(|_| format!("line number too large: {text}"))?,
            );
        } else if path.is_some() {
            return Err("one article at a time, please".into());
        } else {
            path = Some(PathBuf::from(arg));
        }
    }
    let Some(path) = path else {
        return Ok(if stdin_is_terminal {
            Target::Seeds
        } else {
            Target::Stdin { line: plus_line }
        });
    };
    if path.as_os_str() == "-" {
        return Ok(Target::Stdin { line: plus_line });
    }
    if path.is_dir() {
        return Ok(Target::Dir(path));
    }
    if !path.exists()
        && let Some((file, line, column)) = split_location(&path)
    {
        return Ok(Target::File {
            path: file,
            line: Some(line),
            column,
        });
    }
    Ok(Target::File {
        path,
        line: plus_line,
        column: None,
    })
}

/// `essay.txt:12:5` → (`essay.txt`, 12, Some(5)); `essay.txt:12` → (…, 12, None).
fn split_location(path: &Path) -> Option<(PathBuf, usize, Option<usize>)> {
    let text = path.to_str()?;
    let number = |s: &str| s.parse::<usize>().ok().filter(|&n| n > 0);
    let (head, last) = text.rsplit_once(':')?;
    let last = number(last)?;
    if let Some((file, line)) = head.rsplit_once(':')
        && let Some(line) = number(line)
        && Path::new(file).exists()
    {
        return Some((PathBuf::from(file), line, Some(last)));
    }
    Some((PathBuf::from(head), last, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Target, String> {
        let cli =
            Cli::try_parse_from(std::iter::once("annotty").chain(args.iter().copied())).unwrap();
        target(&cli, true)
    }

    #[test]
    fn targets() {
        assert_eq!(parse(&[]), Ok(Target::Seeds));
        assert_eq!(parse(&["-"]), Ok(Target::Stdin { line: None }));
        assert_eq!(parse(&["/"]), Ok(Target::Dir("/".into())));
        assert_eq!(
            parse(&["+12", "a.txt"]),
            Ok(Target::File {
                path: "a.txt".into(),
                line: Some(12),
                column: None
            })
        );
    }

    #[test]
    fn vimgrep_locations() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("e.txt");
        std::fs::write(&file, "x").unwrap();
        let f = file.to_str().unwrap();
        assert_eq!(
            parse(&[&format!("{f}:12:5")]),
            Ok(Target::File {
                path: file.clone(),
                line: Some(12),
                column: Some(5)
            })
        );
        assert_eq!(
            parse(&[&format!("{f}:3")]),
            Ok(Target::File {
                path: file.clone(),
                line: Some(3),
                column: None
            })
        );
        assert_eq!(
            parse(&[f]),
            Ok(Target::File {
                path: file,
                line: None,
                column: None
            })
        );
    }
}
