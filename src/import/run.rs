//! `annotty import [--from FORMAT] FILE`: read the file, find each book's
//! article, place and save, and say what happened.
//!
//! Nothing is written until every article's annotations are placed: an
//! article that cannot be read or whose sidecar cannot be read stops the
//! import before any save. Then each article's sidecar is saved in one
//! atomic save. Books that match no article (or several) are listed on
//! standard error and not imported; the others are.

use super::library::{self, Match};
use super::place::{self, Incoming};
use super::{Book, Format};
use crate::encoding::Decoding;
use crate::export::import::{group, parse_json};
use crate::notebook::Places;
use crate::{sanitize, source};
use std::io::{Read, Write};
use std::path::PathBuf;

/// What `annotty import` is asked to do (the command line's arguments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The file, or `-` for standard input.
    pub file: PathBuf,
    pub from: Format,
    /// `--article PATH`: everything into this article's sidecar.
    pub article: Option<PathBuf>,
    /// `--library DIR` (repeatable): where books are matched to articles;
    /// empty: the current directory, then `snapshots`.
    pub library: Vec<PathBuf>,
    /// The library directory where snapshots are saved (config `library`),
    /// searched after the current directory when no `--library` is given.
    pub snapshots: Option<PathBuf>,
    /// `--store DIR`.
    pub store: Option<PathBuf>,
    /// How articles are read (`--encoding`, the config's `encoding`).
    pub decoding: Decoding,
    /// `--dry-run`: place and report, write nothing.
    pub dry_run: bool,
}

/// How an import ended (besides an error: exit 2, nothing written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything in the file went to an article (exit 0).
    Imported,
    /// The file held no highlight (exit 1).
    Nothing,
    /// Some books matched no article, or several: they were listed and
    /// left out; the others were imported (exit 3).
    Unmatched,
}

impl Outcome {
    /// The exit status.
    pub fn code(self) -> i32 {
        match self {
            Outcome::Imported => 0,
            Outcome::Nothing => 1,
            Outcome::Unmatched => 3,
        }
    }
}

/// Run the import; the report goes to `out` (one line per article) and
/// what was left out to `err`.
pub fn run(
    req: &Request,
    mut places: Places,
    now_millis: u64,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, String> {
    let named = match req.file.as_os_str() == "-" {
        true => "standard input".to_string(),
        false => source::shown(&req.file),
    };
    let bytes = read(req)?;
    places.store_dir = req.store.clone();
    let mut say = |line: String| {
        let _ = writeln!(err, "annotty: {line}");
    };
    let (groups, unmatched) = if req.from == Format::W3c {
        let (text, _) = super::decode_owned(bytes);
        let incoming = parse_json(&text).map_err(|e| format!("{named}: {e}"))?;
        if incoming.is_empty() {
            say(nothing_found(&named, req.from, 0));
            return Ok(Outcome::Nothing);
        }
        (group(incoming, req.article.as_deref())?, Vec::new())
    } else {
        let parsed = super::parse(req.from, bytes).map_err(|e| format!("{named}: {e}"))?;
        if parsed.recoded_lines > 0 {
            say(format!(
                "{named}: {} not UTF-8, read as Windows-1252",
                plural(parsed.recoded_lines, "line")
            ));
        }
        const SHOWN: usize = 10;
        for why in parsed.left_out.iter().take(SHOWN) {
            say(format!("{named}: left out {why}"));
        }
        if parsed.left_out.len() > SHOWN {
            say(format!(
                "{named}: left out {} more entries",
                parsed.left_out.len() - SHOWN
            ));
        }
        if parsed.entries.is_empty() {
            say(nothing_found(&named, req.from, parsed.left_out.len()));
            return Ok(Outcome::Nothing);
        }
        by_article(req, parsed.entries)?
    };
    let reports = match place::import_all(groups, &places, &req.decoding, now_millis, req.dry_run) {
        Ok(reports) => reports,
        Err(stopped) => {
            // What was saved before the failing save is reported as usual.
            for r in &stopped.saved {
                let _ = writeln!(out, "{}", r.line(false));
            }
            return Err(match stopped.saved.len() {
                0 => stopped.error,
                n => format!(
                    "{} (stopped there: the {} before it saved, as reported; the rest not)",
                    stopped.error,
                    plural(n, "article")
                ),
            });
        }
    };
    for r in &reports {
        let _ = writeln!(out, "{}", r.line(req.dry_run));
    }
    if unmatched.is_empty() {
        return Ok(Outcome::Imported);
    }
    let dirs = library_dirs(req);
    let dirs: Vec<String> = dirs.iter().map(|d| source::shown(d)).collect();
    for (book, n, why) in &unmatched {
        say(format!(
            "not imported: {} ({}): {why}",
            book.shown(),
            plural(*n, "highlight")
        ));
    }
    say(format!(
        "{} not imported (library searched: {}); name the article with --article PATH",
        plural(unmatched.len(), "book"),
        dirs.join(", ")
    ));
    Ok(Outcome::Unmatched)
}

/// The line that says a file held no highlight of `format` (exit 1), with
/// what such a file holds or, when entries were `left_out` (said above
/// it), how many.
fn nothing_found(named: &str, format: Format, left_out: usize) -> String {
    let why = match left_out {
        0 => format!("expected {}", format.expected()),
        1 => "1 entry left out, above".to_string(),
        n => format!("{n} entries left out, above"),
    };
    let what = match format {
        Format::W3c => "annotations",
        _ => "highlights",
    };
    format!("{named}: no {} {what} found ({why})", format.title())
}

fn read(req: &Request) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    if req.file.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("standard input: {}", source::reason(&e)))?;
    } else {
        bytes = std::fs::read(&req.file)
            .map_err(|e| format!("{}: {}", source::shown(&req.file), source::reason(&e)))?;
    }
    Ok(bytes)
}

/// Where books are looked for: `--library`, else the current directory
/// and then the snapshots' directory when it exists and is another one.
fn library_dirs(req: &Request) -> Vec<PathBuf> {
    if !req.library.is_empty() {
        return req.library.clone();
    }
    let here = PathBuf::from(".");
    let elsewhere = |d: &&PathBuf| match (d.canonicalize(), here.canonicalize()) {
        (Ok(d), Ok(here)) => d.is_dir() && d != here,
        _ => false,
    };
    let snapshots = req.snapshots.as_ref().filter(elsewhere).cloned();
    std::iter::once(here.clone()).chain(snapshots).collect()
}

/// A book left out, how many highlights it had, and why.
type Unmatched = (Book, usize, String);

/// The entries grouped by article: `--article`, else each book matched
/// against the library (a `file://` URI names its file).
#[allow(clippy::type_complexity)]
fn by_article(
    req: &Request,
    entries: Vec<super::Imported>,
) -> Result<(Vec<(PathBuf, Vec<Incoming>)>, Vec<Unmatched>), String> {
    let mut books: Vec<(Book, Vec<super::Imported>)> = Vec::new();
    let mut index: std::collections::HashMap<Book, usize> = std::collections::HashMap::new();
    for e in entries {
        match index.get(&e.book) {
            Some(&i) => books[i].1.push(e),
            None => {
                index.insert(e.book.clone(), books.len());
                books.push((e.book.clone(), vec![e]));
            }
        }
    }
    let library = match req.article {
        Some(_) => Vec::new(),
        None => library::scan(&library_dirs(req))?,
    };
    let mut groups: Vec<(PathBuf, Vec<Incoming>)> = Vec::new();
    let mut unmatched = Vec::new();
    for (book, list) in books {
        let file = book
            .uri
            .as_deref()
            .filter(|u| u.starts_with("file:"))
            .map(crate::export::json::path_of_iri)
            .filter(|p| p.is_file());
        let found = match (&req.article, file) {
            (Some(p), _) => Match::One(p.clone()),
            (None, Some(p)) => Match::One(p),
            (None, None) => library::find(&book, &library),
        };
        let path = match found {
            Match::One(p) => p,
            Match::Nothing => {
                unmatched.push((book, list.len(), "no article in the library".into()));
                continue;
            }
            Match::Several(paths) => {
                let names: Vec<String> = paths.iter().map(|p| source::shown(p)).collect();
                let why = format!("matches several articles: {}", names.join(", "));
                unmatched.push((book, list.len(), sanitize::line(&why)));
                continue;
            }
        };
        let incoming = list.iter().map(|e| e.incoming(req.from));
        match groups.iter_mut().find(|(p, _)| *p == path) {
            Some((_, g)) => g.extend(incoming),
            None => groups.push((path, incoming.collect())),
        }
    }
    Ok((groups, unmatched))
}

/// `1 book`, `2 books`.
fn plural(n: usize, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        _ => format!("{n} {word}s"),
    }
}
