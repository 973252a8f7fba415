//! Notes out of the reader: `annotty export` (grep-style lines, Markdown,
//! W3C Web Annotation JSON) and, in [`import`], `annotty import`.
//!
//! The pieces:
//! - finding articles and their sidecars from the command line's paths
//!   ([`find_articles`]) and loading them ([`load`]);
//! - [`export_to`]: the formats, for any articles whose bytes and
//!   annotations are in memory (also what a reader's `:export` command
//!   should call);
//! - [`run_export`]: the command as a whole (colour, `-o FILE` written
//!   atomically, broken pipes, exit status).
//!
//! Positions: annotations hold char offsets of the decoded, LF-normalised
//! text; grep and Markdown locations are 1-based line and 1-based *byte*
//! column of the raw file (`rg --vimgrep`, vim's `%l:%c`), found in one
//! forward pass over the article per export ([`text::Locator`]).

mod anki;
mod grep;
pub mod import;
pub(crate) mod json;
pub use json::file_uri;
mod markdown;

use crate::annotation::{Annotation, State};
use crate::encoding::Decoding;
use crate::notebook::{self, Places};
use crate::store::{self, SUFFIX};
use crate::tags::{Tag, TagColor};
use crate::{sanitize, source, text};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `ARTICLE:LINE:COL: [tag] quote — note`, one line per annotation
    /// (what `rg --vimgrep` prints: `vim -q`, `:cfile`, editors' quickfix).
    #[default]
    Grep,
    /// A section per article, a block quote per annotation (Obsidian).
    Markdown,
    /// W3C Web Annotation Data Model (JSON-LD).
    Json,
    /// Tab-separated quote, note, tags, source: Anki's import.
    Anki,
}

impl Format {
    /// The format named `name` (`grep`, `markdown` or `json`, any case).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "grep" => Some(Format::Grep),
            "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "anki" => Some(Format::Anki),
            _ => None,
        }
    }

    /// The file name extension of a file in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Grep => "txt",
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Anki => "tsv",
        }
    }
}

/// Where the reader's `:export FORMAT` writes without a file name: next to
/// the article, `ARTICLE.notes.txt` (grep), `.md` (markdown) or `.json`;
/// `None` for an unknown format.
pub fn beside(article: &Path, format: &str) -> Option<std::path::PathBuf> {
    let format = Format::from_name(format)?;
    let mut name = article.as_os_str().to_owned();
    name.push(format!(".notes.{}", format.extension()));
    Some(name.into())
}

/// Which annotations by their `state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orphans {
    /// All of them (the default).
    #[default]
    Include,
    /// All but orphans (`--no-orphans`).
    Exclude,
    /// Only orphans (`--orphans`).
    Only,
}

/// When to colour grep lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorWhen {
    /// When standard output is a terminal and `NO_COLOR` is unset or empty.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Whether to colour, given where the output goes and `NO_COLOR`.
    pub fn resolve(self, to_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => to_terminal && no_color.is_none_or(|v| v.is_empty()),
        }
    }
}

/// What to export and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only annotations with one of these tags (exact names); empty: all.
    pub tags: Vec<String>,
    pub orphans: Orphans,
    /// ANSI colours in the grep format (ignored by the others).
    pub color: bool,
    /// Tag colours (from the config) for coloured output.
    pub tag_colors: Vec<Tag>,
}

/// One article to export: where it is (as the user named or found it:
/// relative stays relative), its raw bytes, its annotations (any order;
/// tombstones are skipped), and its origin as its sidecar records it
/// (`[document] origin`), if it does.
#[derive(Debug, Clone, Copy)]
pub struct Article<'a> {
    pub path: &'a Path,
    pub bytes: &'a [u8],
    pub annotations: &'a [Annotation],
    pub origin: Option<&'a str>,
}

/// An annotation ready to be written: where it starts in the file.
pub(crate) struct Entry<'a> {
    pub a: &'a Annotation,
    pub state: State,
    /// 1-based line of the raw file.
    pub line: usize,
    /// 1-based byte column of the raw file.
    pub column: usize,
}

/// An article with the annotations that pass the filters, in text order.
pub(crate) struct Prepared<'a> {
    pub article: Article<'a>,
    pub entries: Vec<Entry<'a>>,
}

/// The annotations of `article` that `opts` lets through, in text order
/// (start, end, id), with their locations.
pub(crate) fn prepare<'a>(article: Article<'a>, opts: &Options) -> Prepared<'a> {
    let mut chosen: Vec<(&Annotation, State)> = article
        .annotations
        .iter()
        .filter(|a| a.is_live())
        .filter(|a| opts.tags.is_empty() || opts.tags.contains(&a.tag))
        .map(|a| (a, a.state()))
        .filter(|(_, s)| match opts.orphans {
            Orphans::Include => true,
            Orphans::Exclude => *s != State::Orphan,
            Orphans::Only => *s == State::Orphan,
        })
        .collect();
    chosen.sort_by(|(a, _), (b, _)| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
    let mut at = text::Locator::new(article.bytes);
    let entries = chosen
        .into_iter()
        .map(|(a, state)| {
            let (line, column) = at.locate(a.start);
            Entry {
                a,
                state,
                line,
                column,
            }
        })
        .collect();
    Prepared { article, entries }
}

/// Write the annotations of `articles` (in the order given) in `format`
/// to `out`; returns how many were written. Writes nothing at all when no
/// annotation passes the filters (so that a caller can treat 0 as
/// "nothing to export" and leave a file alone).
///
/// For a reader's `:export FORMAT FILE` on the open article:
///
/// ```no_run
/// # use annotty::export::{export_to, Article, Format, Options};
/// # use std::path::Path;
/// # let (path, bytes, annotations) = (Path::new("essay.txt"), &b""[..], &[][..]);
/// let article = Article { path, bytes, annotations, origin: None };
/// let mut out = Vec::new();
/// export_to(&mut out, Format::Markdown, &[article], &Options::default())?;
/// annotty::store::write_atomic(Path::new("notes.md"), &out)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn export_to(
    out: &mut dyn Write,
    format: Format,
    articles: &[Article<'_>],
    opts: &Options,
) -> io::Result<usize> {
    let prepared: Vec<Prepared> = articles
        .iter()
        .map(|a| prepare(*a, opts))
        .filter(|p| !p.entries.is_empty())
        .collect();
    write_prepared(out, format, &prepared, opts)
}

/// A reader's `:export FORMAT FILE`: the annotations `all` (tombstones
/// are skipped) of `article` (its `path` as shown, its `annotations`
/// ignored), written in `format` (`grep`, `markdown` or `json`) to `out`
/// atomically. Returns how many were written; with none, `out` is left
/// alone. Errors are one line, naming the file.
pub fn export_article(
    format: &str,
    article: Article<'_>,
    all: &[Annotation],
    out: &Path,
) -> Result<usize, String> {
    let format = Format::from_name(format).ok_or_else(|| {
        format!(
            "unknown format {} (grep, markdown or json)",
            sanitize::line(format)
        )
    })?;
    let article = Article {
        annotations: all,
        ..article
    };
    let prepared = prepare(article, &Options::default());
    if prepared.entries.is_empty() {
        return Ok(0);
    }
    write_file(out, |w| {
        write_prepared(
            w,
            format,
            std::slice::from_ref(&prepared),
            &Options::default(),
        )
    })
    .map_err(|e| format!("{}: {}", source::shown(out), source::reason(&e)))
}

fn write_prepared(
    out: &mut dyn Write,
    format: Format,
    prepared: &[Prepared<'_>],
    opts: &Options,
) -> io::Result<usize> {
    let total = prepared.iter().map(|p| p.entries.len()).sum();
    if total == 0 {
        return Ok(0);
    }
    match format {
        Format::Grep => grep::write(out, prepared, opts)?,
        Format::Markdown => markdown::write(out, prepared)?,
        Format::Json => json::write(out, prepared)?,
        Format::Anki => anki::write(out, prepared)?,
    }
    Ok(total)
}

// ------------------------------------------------------------ one-line text

/// `text` on one line: CRLF and LF as `⏎`, everything else through the
/// sanitiser ([`sanitize::line`]: tabs as spaces, controls as symbols).
pub(crate) fn one_line(text: &str) -> String {
    if !text.contains('\n') {
        return sanitize::line(text);
    }
    sanitize::line(&text.replace("\r\n", "\n").replace('\n', "⏎"))
}

/// Multi-line text made safe: newlines and tabs kept (CRLF as LF), every
/// other control or invisible character through the sanitiser.
pub(crate) fn safe_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .split('\n')
        .map(|line| {
            line.chars()
                .map(|c| match c {
                    '\t' => '\t',
                    c => sanitize::replacement(c).unwrap_or(c),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The bytes of a path as written in grep and Markdown output: as they are
/// (so an editor opens the very file), unless the path holds control
/// characters, which would garble the terminal or split the line: then
/// sanitised.
pub(crate) fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    let raw = path.as_os_str().as_bytes();
    if raw.iter().any(|&b| b < 0x20 || b == 0x7f) || has_c1_or_bidi(raw) {
        std::borrow::Cow::Owned(source::shown(path).into_bytes())
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

fn has_c1_or_bidi(raw: &[u8]) -> bool {
    // Only UTF-8 text can hold those; checked char by char.
    raw.utf8_chunks().any(|c| {
        c.valid()
            .chars()
            .any(|ch| !ch.is_ascii() && sanitize::replacement(ch).is_some())
    })
}

/// The SGR colour code of a tag colour.
pub(crate) fn sgr(color: TagColor) -> &'static str {
    match color {
        TagColor::Yellow => "33",
        TagColor::Red => "31",
        TagColor::Blue => "34",
        TagColor::Green => "32",
        TagColor::Magenta => "35",
        TagColor::Cyan => "36",
        TagColor::Gray => "90",
    }
}

// --------------------------------------------------- finding and loading

/// An article named on the command line or found beside a sidecar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The article as shown (relative stays relative).
    pub article: PathBuf,
    /// The sidecar to read, when it was named or found; `None` for an
    /// article named directly (its sidecar is looked for by [`load`]).
    pub sidecar: Option<PathBuf>,
    /// Found by searching a directory: one that cannot be read (or whose
    /// article is gone) is skipped and named, the rest exported
    /// ([`load_all`]); a path named itself that cannot be read is an error.
    pub walked: bool,
}

/// The articles that the command line's paths name, in order: an article;
/// a sidecar `X.annotty.toml` (its article is `X` beside it); a directory,
/// searched recursively for sidecars as the notes browser searches
/// ([`crate::walk`]: `.gitignore`/`.ignore` honoured, hidden files left
/// out, links followed, a loop of them walked once), sorted by path. No
/// path means the current directory (its files shown without `./`). An
/// article named twice is exported once. Also returned: what the walk had
/// to skip, one line each (a subdirectory that cannot be read); a path
/// named that cannot be read is the error.
pub fn find_articles(paths: &[PathBuf]) -> Result<(Vec<Found>, Vec<String>), String> {
    let mut skipped = Vec::new();
    let mut out: Vec<Found> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let default = [PathBuf::new()];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    for path in paths {
        let is_default = path.as_os_str().is_empty();
        let meta = if is_default {
            std::fs::metadata(".")
        } else {
            std::fs::metadata(path)
        };
        let meta = meta.map_err(|e| format!("{}: {}", shown_or_dot(path), source::reason(&e)))?;
        let mut found = Vec::new();
        if meta.is_dir() {
            for s in walk(path, &mut skipped)? {
                found.push(Found {
                    article: strip_suffix(&s).unwrap_or_else(|| s.clone()),
                    sidecar: Some(s),
                    walked: true,
                });
            }
        } else if let Some(article) = strip_suffix(path) {
            found.push(Found {
                article,
                sidecar: Some(path.clone()),
                walked: false,
            });
        } else {
            found.push(Found {
                article: path.clone(),
                sidecar: None,
                walked: false,
            });
        }
        for f in found {
            let key = std::fs::canonicalize(&f.article).unwrap_or_else(|_| f.article.clone());
            if seen.insert(key) {
                out.push(f);
            }
        }
    }
    Ok((out, skipped))
}

fn shown_or_dot(path: &Path) -> String {
    if path.as_os_str().is_empty() {
        ".".into()
    } else {
        source::shown(path)
    }
}

/// `dir/x.txt.annotty.toml` → `dir/x.txt`; `None` for other names.
pub(crate) fn strip_suffix(path: &Path) -> Option<PathBuf> {
    let raw = path.as_os_str().as_bytes();
    let name = path.file_name()?.as_bytes();
    if name.len() <= SUFFIX.len() || !name.ends_with(SUFFIX.as_bytes()) {
        return None;
    }
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(
        &raw[..raw.len() - SUFFIX.len()],
    )))
}

/// Every sidecar under `dir` (`""` is the current directory, whose
/// entries come out without `./`), by the walk the notes browser uses
/// ([`crate::walk::sidecars`]), sorted by path; what the walk skipped, with
/// why, to `skipped`. `dir` itself failing to be read is the error.
fn walk(dir: &Path, skipped: &mut Vec<String>) -> Result<Vec<PathBuf>, String> {
    let read_at = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::fs::read_dir(read_at)
        .map_err(|e| format!("{}: {}", shown_or_dot(dir), source::reason(&e)))?;
    let mut out = Vec::new();
    crate::walk::sidecars(&[read_at.to_path_buf()], |walked| {
        match walked {
            crate::walk::Walked::Sidecar(p) if read_at != dir => {
                out.push(
                    p.strip_prefix(read_at)
                        .map_or_else(|_| p.clone(), Path::to_path_buf),
                );
            }
            crate::walk::Walked::Sidecar(p) => out.push(p),
            crate::walk::Walked::Skipped(why) => skipped.push(why),
        }
        true
    });
    out.sort();
    Ok(out)
}

/// An article in memory, ready for [`export_to`].
pub struct Loaded {
    pub path: PathBuf,
    pub bytes: crate::document::Document,
    pub annotations: Vec<Annotation>,
    /// The sidecar's `[document] origin`.
    pub origin: Option<String>,
    /// What reading the notes did that is worth saying on standard error
    /// (conflict copies merged in), one line each.
    pub said: Vec<String>,
}

impl Loaded {
    pub fn article(&self) -> Article<'_> {
        Article {
            path: &self.path,
            bytes: self.bytes.bytes(),
            annotations: &self.annotations,
            origin: self.origin.as_deref(),
        }
    }
}

/// Read an article and its notes as the reader would show them: through
/// [`notebook`] — a sidecar named or found (`X.annotty.toml`) as it is; for
/// an article named directly, the sidecar [`notebook::locate`] finds for it
/// (`--store DIR`, beside it, or by hash in the data directory) merged with
/// the others it found. Notes saved on an earlier version of the text are
/// placed on this one as the reader places them (nothing is written for
/// that). Conflict copies of the sidecar are merged in as the reader
/// merges them on opening: saved, then removed (kept, and the merge used
/// for this export only, when the sidecar cannot be written); `said` tells.
/// No sidecar: no annotations.
pub fn load(found: &Found, places: &Places, decoding: &Decoding) -> Result<Loaded, String> {
    let doc = match source::open_file_as(&found.article, decoding) {
        Ok(d) => d,
        Err(e) => {
            return Err(match &found.sidecar {
                Some(s) => format!("{e} (the article of {})", source::shown(s)),
                None => e,
            });
        }
    };
    let article = notebook::Article::of_document(&found.article, &doc);
    let located = match &found.sidecar {
        Some(s) => Some(notebook::Located::named(
            s,
            &article,
            places.files_dir.as_deref(),
        )),
        None => notebook::locate(&article, places),
    };
    let (annotations, origin, said) = match located {
        Some(located) => {
            let opened = notebook::read(located, doc.bytes(), crate::annotation::now_millis());
            if let Some(notebook::ReadOnly::Unreadable(e)) = opened.report.readonly {
                return Err(e);
            }
            let said = opened
                .report
                .came_in
                .as_ref()
                .map(|c| came_in(&opened.report.sidecar, c))
                .unwrap_or_default();
            (
                opened.annotations,
                opened.notebook.doc().origin.clone(),
                said,
            )
        }
        None => (Vec::new(), None, Vec::new()),
    };
    Ok(Loaded {
        path: found.article.clone(),
        bytes: doc,
        annotations,
        origin,
        said,
    })
}

/// What the conflict copies of `sidecar` brought, in lines for standard
/// error.
fn came_in(sidecar: &Path, c: &notebook::CameIn) -> Vec<String> {
    let at = source::shown(sidecar);
    let mut lines = Vec::new();
    if !c.copies.is_empty() {
        let notes = crate::words::count(c.count, "note");
        let from = match c.copies.len() {
            1 => "a sync conflict copy".to_string(),
            n => format!("{n} sync conflict copies"),
        };
        lines.push(match &c.unsaved {
            None => format!("{at}: {notes} came in from {from} (merged into it; removed)"),
            Some(why) => format!(
                "{at}: {notes} came in from {from}, merged for this export only (not saved: \
                 {why}); the copies are left in place"
            ),
        });
    }
    lines.extend(c.left.iter().map(|l| format!("{at}: {l}")));
    lines
}

/// Load every article, on all cores (reading and parsing sidecars is most
/// of the cost of an export), in the order of `found`. One found by
/// searching a directory ([`Found::walked`]) that cannot be loaded is
/// skipped: why, one line each, is returned too. Otherwise fails with the
/// first error in path order.
pub fn load_all(
    found: &[Found],
    places: &Places,
    decoding: &Decoding,
) -> Result<(Vec<Loaded>, Vec<String>), String> {
    let (mut loaded, mut skipped) = (Vec::new(), Vec::new());
    for (f, result) in found.iter().zip(load_each(found, places, decoding)?) {
        match result {
            Ok(l) => loaded.push(l),
            Err(why) if f.walked => skipped.push(why),
            Err(why) => return Err(why),
        }
    }
    Ok((loaded, skipped))
}

/// [`load`] of each of `found`, in its order, on all cores.
fn load_each(
    found: &[Found],
    places: &Places,
    decoding: &Decoding,
) -> Result<Vec<Result<Loaded, String>>, String> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(found.len())
        .max(1);
    if workers == 1 {
        return Ok(found.iter().map(|f| load(f, places, decoding)).collect());
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, Result<Loaded, String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(f) = found.get(i) else { break };
                        mine.push((i, load(f, places, decoding)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    if results.len() != found.len() {
        return Err("a worker thread failed".into());
    }
    Ok(results.into_iter().map(|(_, r)| r).collect())
}

// ------------------------------------------------------------- the command

/// What `annotty export` did: the exit status follows from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Something was written (exit 0); also when the reader of standard
    /// output went away (a broken pipe).
    Written(usize),
    /// No annotation passed the filters: nothing written (exit 1); why,
    /// in a few words (`no annotations`).
    Nothing(String),
}

/// What `annotty export` did, and what the user should hear about on
/// standard error whatever happened (a `--tag` no annotation has).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub outcome: Outcome,
    pub warnings: Vec<String>,
    /// What searching a directory had to skip, one line each: a
    /// subdirectory that cannot be read, a sidecar that cannot be read or
    /// whose article is gone (the rest is exported; exit 3).
    pub skipped: Vec<String>,
}

/// What `annotty export` is asked to do (the command line's arguments).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// Articles, sidecars or directories; none: the current directory.
    pub paths: Vec<PathBuf>,
    pub format: Format,
    /// Only annotations with one of these tags; empty: all.
    pub tags: Vec<String>,
    pub orphans: Orphans,
    pub color: ColorWhen,
    /// `-o FILE`; `None`: standard output.
    pub output: Option<PathBuf>,
    /// `--store DIR`.
    pub store: Option<PathBuf>,
}

/// The world `annotty export` runs in, passed in by `main`.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// How articles are read (`--encoding`, the config's `encoding`).
    pub decoding: Decoding,
    pub tag_colors: Vec<Tag>,
    pub data_dir: Option<PathBuf>,
    /// This machine's directory for locks and backups (see
    /// [`Places::files_dir`]).
    pub files_dir: Option<PathBuf>,
    pub stdout_is_terminal: bool,
    pub no_color: Option<std::ffi::OsString>,
}

/// `annotty export`: find, load, filter, write (to standard output or,
/// atomically, to `-o FILE`).
pub fn run_export(args: &Request, env: &Env) -> Result<Report, String> {
    let (found, mut skipped) = find_articles(&args.paths)?;
    let places = Places {
        store_dir: args.store.clone(),
        data_dir: env.data_dir.clone(),
        // For the save that merges conflict copies in.
        files_dir: env.files_dir.clone(),
    };
    let (loaded, bad) = load_all(&found, &places, &env.decoding)?;
    skipped.extend(bad);
    let to_terminal = args.output.is_none() && env.stdout_is_terminal;
    let opts = Options {
        tags: args.tags.clone(),
        orphans: args.orphans,
        color: args.color.resolve(to_terminal, env.no_color.as_deref()),
        tag_colors: env.tag_colors.clone(),
    };
    let prepared: Vec<Prepared> = loaded
        .iter()
        .map(|l| prepare(l.article(), &opts))
        .filter(|p| !p.entries.is_empty())
        .collect();
    let mut warnings: Vec<String> = loaded.iter().flat_map(|l| l.said.iter().cloned()).collect();
    warnings.extend(unknown_tags(&loaded, &args.tags));
    let report = |outcome| Report {
        outcome,
        warnings: warnings.clone(),
        skipped: skipped.clone(),
    };
    if prepared.is_empty() {
        return Ok(report(Outcome::Nothing(nothing_why(&loaded))));
    }
    let format = args.format;
    match &args.output {
        Some(file) => {
            let n = write_file(file, |w| write_prepared(w, format, &prepared, &opts))
                .map_err(|e| format!("{}: {}", source::shown(file), source::reason(&e)))?;
            Ok(report(Outcome::Written(n)))
        }
        None => {
            let stdout = io::stdout();
            let mut w = io::BufWriter::with_capacity(1 << 16, stdout.lock());
            let written = write_prepared(&mut w, format, &prepared, &opts).and_then(|n| {
                w.flush()?;
                Ok(n)
            });
            match written {
                Ok(n) => Ok(report(Outcome::Written(n))),
                // The reader has what it wanted (`| head -1`): stop quietly.
                // (Rust ignores SIGPIPE, so the write fails instead.)
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(report(Outcome::Written(0))),
                Err(e) => Err(format!("standard output: {}", source::reason(&e))),
            }
        }
    }
}

/// A line for each of `wanted` (`--tag`) that no live annotation of the
/// articles has, offering the closest tag they do have.
fn unknown_tags(loaded: &[Loaded], wanted: &[String]) -> Vec<String> {
    let mut have: Vec<&str> = loaded
        .iter()
        .flat_map(|l| l.annotations.iter().filter(|a| a.is_live()))
        .map(|a| a.tag.as_str())
        .collect();
    have.sort_unstable();
    have.dedup();
    wanted
        .iter()
        .filter(|t| !have.contains(&t.as_str()))
        .map(|t| {
            format!(
                "no annotation has the tag \"{}\"{}",
                sanitize::line(t),
                crate::suggest::did_you_mean(t, have.iter().copied())
            )
        })
        .collect()
}

/// Why nothing was exported: no annotations at all, or none that passes
/// the filters.
fn nothing_why(loaded: &[Loaded]) -> String {
    let live = loaded
        .iter()
        .flat_map(|l| &l.annotations)
        .filter(|a| a.is_live())
        .count();
    match (live, loaded.len()) {
        (0, 1) => "the article has no annotations".to_string(),
        (0, 0) => "no articles with annotations here".to_string(),
        (0, n) => format!("none of the {n} articles has annotations"),
        (1, _) => "its one annotation does not pass --tag / --orphans".to_string(),
        (n, _) => format!("none of the {n} annotations passes --tag / --orphans"),
    }
}

/// `write` into memory, then the bytes to `path` atomically
/// ([`store::write_atomic`]); returns what `write` returned.
fn write_file<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<T>,
) -> io::Result<T> {
    let mut bytes = Vec::new();
    let out = write(&mut bytes)?;
    store::write_atomic(path, &bytes)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_exports_go_next_to_the_article() {
        let p = Path::new("/t/essay.txt");
        assert_eq!(
            beside(p, "grep"),
            Some(PathBuf::from("/t/essay.txt.notes.txt"))
        );
        assert_eq!(
            beside(p, "Markdown"),
            Some(PathBuf::from("/t/essay.txt.notes.md"))
        );
        assert_eq!(
            beside(p, "json"),
            Some(PathBuf::from("/t/essay.txt.notes.json"))
        );
        assert_eq!(beside(p, "pdf"), None);
    }

    #[test]
    fn one_line_marks_newlines_and_sanitises() {
        assert_eq!(one_line("a\nb\r\nc\td\u{1b}e\u{7}"), "a⏎b⏎c d␛e␇");
        assert_eq!(safe_text("a\r\n\tb\u{1b}"), "a\n\tb␛");
    }

    #[test]
    fn sidecar_names_lead_to_articles() {
        assert_eq!(
            strip_suffix(Path::new("d/x.txt.annotty.toml")),
            Some(PathBuf::from("d/x.txt"))
        );
        assert_eq!(strip_suffix(Path::new("d/.annotty.toml")), None);
        assert_eq!(strip_suffix(Path::new("d/x.txt")), None);
    }

    #[test]
    fn colour_choice() {
        use std::ffi::OsStr;
        assert!(ColorWhen::Auto.resolve(true, None));
        assert!(ColorWhen::Auto.resolve(true, Some(OsStr::new(""))));
        assert!(!ColorWhen::Auto.resolve(true, Some(OsStr::new("1"))));
        assert!(!ColorWhen::Auto.resolve(false, None));
        assert!(ColorWhen::Always.resolve(false, Some(OsStr::new("1"))));
        assert!(!ColorWhen::Never.resolve(true, None));
    }
}
