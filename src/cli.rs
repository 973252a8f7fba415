//! The command line: what to open, and where the config is; the
//! subcommands that take notes out of the reader (`export`, `import`) and
//! describe the command (`completions`, `man`).
//!
//! A subcommand is recognised only as the first word that is not an
//! option, so every file can still be opened: `annotty ./export` (or
//! `annotty -- export`) opens a file named `export`, and
//! `annotty essay.txt man` is an article and a second target, not the
//! manual.

use crate::export::{self, ColorWhen, Format, Orphans};
use clap::{Args, CommandFactory, Parser, Subcommand};
use encoding_rs::Encoding;
use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  annotty                     the library of bundled articles
  annotty essay.txt           read an article
  annotty essay.txt:12:5      open at line 12, byte column 5 (as rg --vimgrep prints)
  annotty +12 essay.txt       open at line 12, like less +12
  annotty ~/articles          a library of the articles in a directory
  curl -s URL | annotty       read standard input (keys come from the terminal)
  annotty URL                 a web page as a Markdown snapshot in the library, opened
  annotty book.epub           a book (or page.html) converted the same way
  annotty add URL             save the snapshot and print its path (--open to read it)
  annotty export              every highlight and note under this directory
  annotty ./export            a file named like a subcommand (or: annotty -- export)";

const EXPORT_EXAMPLES: &str = "\
Examples:
  annotty export                          every note under the current directory, grep style
  annotty export essay.txt                one article's notes (its sidecar is found for it)
  vim -q <(annotty export ~/articles)     jump from note to note in vim (:cn, :cp)
  annotty export --tag question -o q.txt  only tag `question`, written to q.txt
  annotty export --orphans                the notes whose text was not found again
  annotty export -f markdown > notes.md   for Obsidian and other note tools
  annotty export -f json essay.txt > essay.json
                                          W3C Web Annotation JSON-LD

Output lines (grep format):
  ARTICLE:LINE:COL: [tag] quote — note
LINE is the 1-based line of the article file, COL the 1-based byte column
(as rg --vimgrep prints), counted in the text as annotty reads it: after a
byte-order mark, and in UTF-8 for a file in a legacy encoding (as vim does
when it decodes the file). Newlines in quotes and notes show as ⏎.

Exit status: 0 when something was exported, 1 when nothing was (no
annotation matched), 2 on an error.";

const IMPORT_EXAMPLES: &str = "\
Examples:
  annotty import essay.json                  W3C JSON into the sidecars of the articles it names
  annotty import essay.json --article copy/essay.txt
                                             all into the sidecar of another copy
  annotty export -f json a.txt | annotty import - --article b.txt
  annotty import --from kindle 'My Clippings.txt' --library ~/books
  annotty import --from readwise readwise.csv --dry-run

Books are matched to articles by title (the file name, or one of the first
40 lines, alone or after `Title:`), then author, among the articles in each
--library DIR (default: the current directory, then the library directory
of snapshots, config `library`); a book that matches none, or several, is
listed and not imported.

Annotations are placed as the reader places notes on a changed article:
where the quote and its context are found; a quote edited a little (or
wrapped differently) is placed approximately (fuzzy, confirm it in the
reader); one found nowhere is kept as an orphan. An annotation the sidecar
already has (the same id in the same or a later version, or the same quote
on the same range with the same note) is skipped as a duplicate: importing
twice adds nothing. Nothing is written until every article is placed; then
each sidecar changes in one atomic save.

Exit status: 0 imported, 1 the file holds no highlight, 2 an error
(nothing written), 3 some books matched no article (the others imported).";

const ADD_EXAMPLES: &str = "\
Examples:
  annotty add https://example.org/essay     fetch, extract the article, save it as Markdown
  annotty add --open page.html              convert a saved page and read it
  annotty add book.epub                     one Markdown article per book, a heading per chapter
  curl -s URL | annotty add -               HTML on standard input (links stay relative)

The snapshot goes to the library directory (config `library`; default
articles/ in the data directory), named from its title; its front matter
records title, author, site, published, saved, origin and converter.
Adding the same URL or file again refreshes the same snapshot; its notes
are kept and placed on the new text. Nothing is written when fetching or
converting fails (exit status 2, one line on standard error).";

const MERGE_DRIVER_HELP: &str = "\
git runs it as `annotty merge-driver %O %A %B %P` when both sides changed a
sidecar: the annotations of both are kept, by id; of one changed on both
sides the version changed last wins, and a deletion (a tombstone with its
time) wins over older versions. Fields this annotty does not know are kept.
The [document] table (the text the notes were placed on) is that of the
side with the newest change.
The ancestor is not read: every version carries its own time, so the
merge of the two sides is the same with or without it.

Exit status: 0 when merged (OURS holds the merge), 2 when a side is not a
sidecar annotty can read (git then shows the conflict as usual).";

const GIT_SETUP_HELP: &str = "\
By hand, the same is:
  echo '*.annotty.toml merge=annotty' >> .gitattributes
  git config merge.annotty.name 'annotty sidecars'
  git config merge.annotty.driver 'annotty merge-driver %O %A %B %P'
Running it again changes nothing.";

const COMPLETION_EXAMPLES: &str = "\
Examples:
  annotty completions bash > ~/.local/share/bash-completion/completions/annotty
  annotty completions zsh > ~/.zfunc/_annotty     (with fpath+=~/.zfunc before compinit)
  annotty completions fish > ~/.config/fish/completions/annotty.fish";

/// Read plain-text articles in the terminal, with the keys of less and vim.
#[derive(Debug, Parser)]
#[command(name = "annotty", version, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// ARTICLE, ARTICLE:LINE, ARTICLE:LINE:COL (a colon after it is fine), a directory, or - for
    /// standard input; +LINE before it opens at that line.
    #[arg(value_name = "TARGET", num_args = 0..=2)]
    pub targets: Vec<OsString>,

    /// Read the config from PATH instead of the default place.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Keep annotation sidecars in DIR instead of beside the articles.
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Read articles as encoded in NAME (windows-1252, latin1, koi8-r,
    /// utf-8, …) instead of detecting it; a byte-order mark still wins.
    #[arg(long, value_name = "NAME", value_parser = encoding_arg)]
    pub encoding: Option<&'static Encoding>,

    /// How newlines are read: always reflow hard-wrapped lines, never
    /// (one paragraph per line), or auto (detect; the default). Overrides
    /// the config's `reflow` and the choice remembered with the r key.
    #[arg(long, value_name = "WHEN", value_enum)]
    pub reflow: Option<ReflowArg>,

    /// Read the article as Markdown (rendered in place) or as plain text,
    /// whatever its name says (.md and .markdown are Markdown).
    #[arg(long, value_name = "FORMAT", value_enum)]
    pub format: Option<TextFormat>,
}

/// The values of the reader's `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextFormat {
    Markdown,
    Text,
}

impl From<TextFormat> for crate::outline::Kind {
    fn from(arg: TextFormat) -> Self {
        match arg {
            TextFormat::Markdown => crate::outline::Kind::Markdown,
            TextFormat::Text => crate::outline::Kind::Plain,
        }
    }
}

/// The values of `--reflow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReflowArg {
    Auto,
    Always,
    Never,
}

impl From<ReflowArg> for crate::app::Reflow {
    fn from(arg: ReflowArg) -> Self {
        match arg {
            ReflowArg::Auto => crate::app::Reflow::Auto,
            ReflowArg::Always => crate::app::Reflow::Always,
            ReflowArg::Never => crate::app::Reflow::Never,
        }
    }
}

/// An `--encoding` argument.
fn encoding_arg(name: &str) -> Result<&'static Encoding, String> {
    crate::encoding::by_name(name)
}

const NOTES_EXAMPLES: &str = "\
Examples:
  annotty notes                  browse every note under the current directory
  annotty notes ~/reading ~/papers
  annotty notes | grep idea      not a terminal: the notes as export writes them

In the browser: type to filter (fuzzy; tag:NAME, state:orphan, in:WORD narrow,
/REGEX for a regular expression), Enter opens the article at the note, Esc
gives the keys to the list: a edit, c tag, x delete, u undo, s sort, q close.";

const REVIEW_EXAMPLES: &str = "\
Examples:
  annotty review                 today's highlights under the current directory
  annotty review --print 3       three due highlights as grep-style lines (a shell greeting)

In the review (the notes browser over today's highlights): K keep showing it
(again tomorrow), L show it less (again in 3, 7, 21, 60, 180 days), Enter open
it in the article, D done for today. review_per_day in the config (default 5).";

/// `annotty review`.
#[derive(Debug, Clone, Args)]
pub struct ReviewArgs {
    /// Directories whose notes are reviewed [default: the current directory].
    #[arg(value_name = "DIR")]
    pub paths: Vec<PathBuf>,

    /// Print N due highlights as grep-style lines and change nothing.
    #[arg(long, value_name = "N")]
    pub print: Option<usize>,

    /// Read the config (review_per_day, tags) from PATH.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

/// Subcommand names (and aliases): an argument spelled like one goes to clap.
const SUBCOMMANDS: &[&str] = &[
    "add",
    "export",
    "notes",
    "review",
    "import",
    "merge-driver",
    "git-setup",
    "completions",
    "man",
    "help",
];

impl Cli {
    /// The command line of this process. The common case — nothing, or one
    /// plain argument (a file, a directory, `-`) — does not need clap's
    /// parser, which costs about 80 µs of start-up; everything else goes
    /// through clap.
    pub fn from_env() -> Cli {
        let args: Vec<OsString> = std::env::args_os().skip(1).collect();
        Cli::simple(&args).unwrap_or_else(Cli::parse)
    }

    /// `args` (without the program name) when they need no parsing.
    fn simple(args: &[OsString]) -> Option<Cli> {
        let targets = match args {
            [] => Vec::new(),
            [one] => {
                let text = one.to_string_lossy();
                let plain = text == "-" || !(text.starts_with('-') || text.starts_with('+'));
                if !plain || SUBCOMMANDS.contains(&text.as_ref()) {
                    return None;
                }
                vec![one.clone()]
            }
            _ => return None,
        };
        Some(Cli {
            command: None,
            targets,
            config: None,
            store: None,
            encoding: None,
            reflow: None,
            format: None,
        })
    }
}

/// What to do instead of opening the reader.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Save a web page (URL), an HTML file, an EPUB book or standard input
    /// as a Markdown snapshot in the library, and print its path.
    #[command(after_help = ADD_EXAMPLES)]
    Add(AddArgs),
    /// Write highlights and notes out: grep-style lines, Markdown, or W3C JSON.
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// Browse every note under the directories (default: the current one):
    /// filter, open, edit. When standard output is not a terminal, the
    /// same as export (so `annotty notes | grep` works).
    #[command(after_help = NOTES_EXAMPLES)]
    Notes(ExportArgs),
    /// Show a few highlights again each day, chosen by a spaced-repetition
    /// (Leitner) schedule kept in the data directory.
    #[command(after_help = REVIEW_EXAMPLES)]
    Review(ReviewArgs),
    /// Bring highlights and notes into sidecars: W3C JSON (as written by
    /// export -f json), Kindle, KOReader, Hypothesis, Readwise.
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArgs),
    /// Merge two versions of a sidecar into OURS (git's merge driver for
    /// *.annotty.toml; see git-setup).
    #[command(name = "merge-driver", after_help = MERGE_DRIVER_HELP)]
    MergeDriver(MergeDriverArgs),
    /// Make git merge sidecars with annotty: adds `*.annotty.toml
    /// merge=annotty` to .gitattributes and the driver to .git/config.
    #[command(name = "git-setup", after_help = GIT_SETUP_HELP)]
    GitSetup {
        /// A directory in the repository [default: the current directory].
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print a shell completion script.
    #[command(after_help = COMPLETION_EXAMPLES)]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Example:\n  annotty man | man -l -")]
    Man,
}

/// `annotty add`.
#[derive(Debug, Clone, Args)]
pub struct AddArgs {
    /// An http:// or https:// address, an .html or .epub file, or - for
    /// HTML on standard input.
    #[arg(value_name = "URL|FILE|-")]
    pub what: String,

    /// Open the snapshot in the reader once it is saved.
    #[arg(long)]
    pub open: bool,

    /// Read the config (library, fetch_max_mb; with --open, the reader's
    /// settings too) from PATH.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

/// `annotty export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Articles, sidecars (ARTICLE.annotty.toml) or directories searched
    /// recursively for sidecars [default: the current directory].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The output format.
    #[arg(short, long, value_enum, default_value_t = FormatArg::Grep)]
    pub format: FormatArg,

    /// Only annotations with this tag (repeat for several).
    #[arg(short, long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Only orphans: annotations whose text was not found again.
    #[arg(long, conflicts_with = "no_orphans")]
    pub orphans: bool,

    /// Leave orphans out (they are included by default).
    #[arg(long)]
    pub no_orphans: bool,

    /// Colour the grep format: auto is when writing to a terminal and
    /// NO_COLOR is not set.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Write to FILE (atomically: a temporary file renamed over it)
    /// instead of standard output. Nothing to export leaves FILE alone.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Sidecars of the articles named as PATHs are in DIR (as with
    /// annotty --store DIR).
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Read the config (tag colours, encoding) from PATH.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Read the articles as encoded in NAME (as with annotty --encoding),
    /// so that LINE:COL and quotes are those of the text as read then.
    #[arg(long, value_name = "NAME", value_parser = encoding_arg)]
    pub encoding: Option<&'static Encoding>,
}

/// `--format`: the export formats as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// `ARTICLE:LINE:COL: [tag] quote — note`, one line per annotation
    /// (what `rg --vimgrep` prints: `vim -q`, `:cfile`, editors' quickfix).
    Grep,
    /// A section per article, a block quote per annotation (Obsidian).
    Markdown,
    /// W3C Web Annotation Data Model (JSON-LD).
    Json,
    /// Tab-separated quote, note, tags, source, for Anki's File ▸ Import.
    Anki,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorArg {
    /// When standard output is a terminal and `NO_COLOR` is unset or empty.
    Auto,
    Always,
    Never,
}

impl ExportArgs {
    /// What the arguments ask `annotty export` to do (`store`: the
    /// `--store` given before the subcommand, if this one has none).
    pub fn request(&self, store: Option<&Path>) -> export::Request {
        export::Request {
            paths: self.paths.clone(),
            format: match self.format {
                FormatArg::Grep => Format::Grep,
                FormatArg::Markdown => Format::Markdown,
                FormatArg::Json => Format::Json,
                FormatArg::Anki => Format::Anki,
            },
            tags: self.tags.clone(),
            orphans: if self.orphans {
                Orphans::Only
            } else if self.no_orphans {
                Orphans::Exclude
            } else {
                Orphans::Include
            },
            color: match self.color {
                ColorArg::Auto => ColorWhen::Auto,
                ColorArg::Always => ColorWhen::Always,
                ColorArg::Never => ColorWhen::Never,
            },
            output: self.output.clone(),
            store: self.store.clone().or_else(|| store.map(Path::to_path_buf)),
        }
    }
}

impl ImportArgs {
    /// What the arguments ask `annotty import` to do (`store` as for
    /// [`ExportArgs::request`]).
    pub fn request(&self, store: Option<&Path>) -> crate::import::Request {
        use crate::import::Format;
        crate::import::Request {
            file: self.file.clone(),
            from: match self.from {
                FromArg::W3c => Format::W3c,
                FromArg::Kindle => Format::Kindle,
                FromArg::Koreader => Format::Koreader,
                FromArg::Hypothesis => Format::Hypothesis,
                FromArg::Readwise => Format::Readwise,
            },
            article: self.article.clone(),
            library: self.library.clone(),
            snapshots: None,
            store: self.store.clone().or_else(|| store.map(Path::to_path_buf)),
            decoding: crate::encoding::Decoding {
                forced: self.encoding,
                fallback: None,
            },
            dry_run: self.dry_run,
        }
    }
}

/// `annotty merge-driver %O %A %B %P`.
#[derive(Debug, Clone, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor (%O); not needed, see the help below.
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Our version (%A): the merge is written here.
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Their version (%B).
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
    /// The sidecar's path in the repository (%P), for messages.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

/// `annotty import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The file to read, or - for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The file's format [default: w3c, the JSON `export -f json` writes].
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = FromArg::W3c, hide_default_value = true)]
    pub from: FromArg,

    /// Put everything into the sidecar of this article, whatever book or
    /// article the file names.
    #[arg(long, value_name = "PATH")]
    pub article: Option<PathBuf>,

    /// Match books (by title, then author) against the articles in DIR
    /// (repeat for several) [default: the current directory, then the
    /// library directory of snapshots (config `library`)].
    #[arg(long, value_name = "DIR")]
    pub library: Vec<PathBuf>,

    /// Place everything and report, but write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Write the sidecars into DIR instead of beside the articles.
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Read the articles as encoded in NAME (as with annotty --encoding).
    #[arg(long, value_name = "NAME", value_parser = encoding_arg)]
    pub encoding: Option<&'static Encoding>,
}

/// `--from`: the formats `annotty import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FromArg {
    /// W3C Web Annotation JSON (what `annotty export -f json` writes).
    W3c,
    /// Kindle's `My Clippings.txt`.
    Kindle,
    /// KOReader's exporter: its JSON or its Markdown.
    Koreader,
    /// Hypothesis: its API's JSON (`rows`) or an export (a list).
    Hypothesis,
    /// Readwise's CSV export.
    Readwise,
}

/// Write the completion script for `shell`. It is made in memory first:
/// clap_complete panics when a write fails, and a reader that goes away
/// (`| head`) makes one fail.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> io::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "annotty", &mut script);
    out.write_all(&script)
}

/// Write the manual page (roff): the command, then a section per
/// subcommand with its synopsis, options and examples.
pub fn man_page(out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut page)?;
    let mut page = String::from_utf8_lossy(&page).replace(".SH EXTRA", ".SH EXAMPLES");
    for sub in cmd.get_subcommands() {
        // The subcommands are sections of this page, not pages of their own.
        let name = sub.get_name();
        page = page.replace(&format!("annotty\\-{name}(1)"), &format!("annotty {name}"));
    }
    let mut subs = String::new();
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let man = clap_mangen::Man::new(sub.clone());
        let mut b = Vec::new();
        man.render_synopsis_section(&mut b)?;
        man.render_description_section(&mut b)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut b)?;
        }
        if sub.get_after_help().is_some() {
            man.render_extra_section(&mut b)?;
        }
        subs.push_str(&format!(
            ".SH \"ANNOTTY {}\"\n",
            sub.get_name().to_uppercase()
        ));
        for line in String::from_utf8_lossy(&b).lines() {
            if line.starts_with(".ie ") || line.starts_with(".el ") {
                continue; // the preamble, already at the top of the page
            }
            match line.strip_prefix(".SH ") {
                Some("EXTRA") => subs.push_str(".SS Examples\n"),
                Some(h) => {
                    let mut title = h.to_lowercase();
                    title[..1].make_ascii_uppercase();
                    subs.push_str(&format!(".SS {title}\n"));
                }
                None => {
                    subs.push_str(line);
                    subs.push('\n');
                }
            }
        }
    }
    let at = page.find(".SH VERSION").unwrap_or(page.len());
    out.write_all(&page.as_bytes()[..at])?;
    out.write_all(subs.as_bytes())?;
    out.write_all(&page.as_bytes()[at..])
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
    /// A web page or a book to convert into a snapshot, then open.
    Convert(crate::snapshot::Input),
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
    if let Some(url) = path.to_str().filter(|p| crate::fetch::is_url(p)) {
        return Ok(Target::Convert(crate::snapshot::Input::Url(
            url.to_string(),
        )));
    }
    if crate::snapshot::is_convertible(&path) && path.is_file() {
        return Ok(Target::Convert(crate::snapshot::Input::File(path)));
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

/// `essay.txt:12:5` → (`essay.txt`, 12, Some(5)); `essay.txt:12` → (…, 12,
/// None); one colon after them (`essay.txt:12:5:`, copied from a grep
/// line) is left out.
fn split_location(path: &Path) -> Option<(PathBuf, usize, Option<usize>)> {
    let text = path.to_str()?;
    let text = text.strip_suffix(':').unwrap_or(text);
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
    fn the_quick_path_agrees_with_clap() {
        for args in [
            &[][..],
            &["essay.txt"],
            &["-"],
            &["dir/"],
            &["a:3:4"],
            &["./export"],
        ] {
            let os: Vec<OsString> = args.iter().map(OsString::from).collect();
            let quick = Cli::simple(&os).expect("simple");
            let full = Cli::try_parse_from(std::iter::once("annotty").chain(args.iter().copied()))
                .unwrap();
            assert_eq!(format!("{quick:?}"), format!("{full:?}"), "{args:?}");
        }
        for args in [&["export"][..], &["--help"], &["+3"], &["a", "b"], &["man"]] {
            let os: Vec<OsString> = args.iter().map(OsString::from).collect();
            assert!(Cli::simple(&os).is_none(), "{args:?} goes to clap");
        }
    }

    #[test]
    fn targets() {
        assert_eq!(parse(&[]), Ok(Target::Seeds));
        assert_eq!(parse(&["-"]), Ok(Target::Stdin { line: None }));
        assert_eq!(parse(&["/"]), Ok(Target::Dir("/".into())));
        let cli = |args: &[&str]| {
            Cli::try_parse_from(std::iter::once("annotty").chain(args.iter().copied()))
        };
        let latin1 = cli(&["--encoding", "latin1", "a.txt"]).unwrap();
        assert_eq!(latin1.encoding, Some(encoding_rs::WINDOWS_1252));
        let wrong = cli(&["--encoding", "klingon", "a.txt"]).unwrap_err();
        assert!(wrong.to_string().contains("unknown encoding"), "{wrong}");
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
    fn a_location_copied_from_a_grep_line_keeps_its_colon() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("essay.txt");
        std::fs::write(&article, "one\ntwo\n").unwrap();
        let at = |s: &str| split_location(Path::new(&format!("{}{s}", article.display())));
        assert_eq!(at(":2:3:"), Some((article.clone(), 2, Some(3))));
        assert_eq!(at(":2:3"), Some((article.clone(), 2, Some(3))));
        assert_eq!(at(":2:"), Some((article.clone(), 2, None)));
        assert_eq!(at(":"), None);
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn format_reads_any_file_as_markdown_or_text() {
        let parse = |args: &[&str]| {
            Cli::try_parse_from(std::iter::once("annotty").chain(args.iter().copied()))
        };
        let cli = parse(&["--format", "markdown", "notes.txt"]).unwrap();
        assert_eq!(cli.format, Some(TextFormat::Markdown));
        assert_eq!(
            crate::outline::Kind::from(TextFormat::Text),
            crate::outline::Kind::Plain
        );
        assert!(parse(&["--format", "html", "a"]).is_err());
    }

    #[test]
    fn reflow_is_auto_always_or_never() {
        let parse = |args: &[&str]| {
            Cli::try_parse_from(std::iter::once("annotty").chain(args.iter().copied()))
        };
        let cli = parse(&["--reflow", "never", "book.txt"]).unwrap();
        assert_eq!(cli.reflow, Some(ReflowArg::Never));
        assert_eq!(
            crate::app::Reflow::from(ReflowArg::Never),
            crate::app::Reflow::Never
        );
        assert_eq!(parse(&["book.txt"]).unwrap().reflow, None);
        let e = parse(&["--reflow", "sideways", "book.txt"]).unwrap_err();
        assert!(e.to_string().contains("always"), "{e}");
    }

    #[test]
    fn subcommands_only_as_the_first_word() {
        let cli = |args: &[&str]| {
            Cli::try_parse_from(std::iter::once("annotty").chain(args.iter().copied())).unwrap()
        };
        assert!(matches!(cli(&["export"]).command, Some(Command::Export(_))));
        assert!(matches!(cli(&["notes"]).command, Some(Command::Notes(_))));
        assert!(matches!(
            cli(&["--store", "d", "import", "x.json"]).command,
            Some(Command::Import(_))
        ));
        // A file named like a subcommand still opens.
        for args in [&["./export"][..], &["--", "export"], &["+3", "man"]] {
            let c = cli(args);
            assert!(c.command.is_none(), "{args:?}");
            let Ok(Target::File { path, .. }) = target(&c, true) else {
                panic!("{args:?}")
            };
            assert!(path.ends_with(args[args.len() - 1]), "{args:?}");
        }
        let Some(Command::Export(e)) =
            cli(&["export", "-f", "json", "-t", "a", "--tag", "b", "x"]).command
        else {
            panic!()
        };
        let r = e.request(None);
        assert_eq!(
            (r.format, r.tags, r.paths),
            (
                Format::Json,
                vec!["a".into(), "b".into()],
                vec![PathBuf::from("x")]
            )
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
