//! The `annotty` command: parse the command line, then either open what it
//! names in the reader or run a subcommand, and turn the result into an
//! exit status: 0 ok, 1 nothing to export (like grep), 2 error (one line
//! on standard error).
//!
//! The entry point is the C `main`, not Rust's: Rust's start-up code reads
//! `/proc/self/maps` and sets up a stack-overflow handler before `main`,
//! about 40 µs of the 2 ms a first screen takes (see docs/PERFORMANCE.md).
//! What annotty needs of it is done here: SIGPIPE ignored (a closed pipe
//! is an `EPIPE` error, reported or ignored where written), standard output
//! flushed at the end, and a panic turned into exit status 101 after the
//! panic hook (which restores the terminal) has printed it.
#![no_main]

use annotty::cli::{self, Cli, Command, Target};
use annotty::config::Config;
use annotty::encoding::Decoding;
use annotty::export::{self, Outcome};
use annotty::notebook::Places;
use annotty::tui::{self, Start};
use annotty::{source, text};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// The process's entry point, called by the C library.
#[unsafe(no_mangle)]
extern "C" fn main(_argc: libc::c_int, _argv: *const *const libc::c_char) -> libc::c_int {
    // SAFETY: setting a signal's disposition to "ignore" before any other
    // thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let code = std::panic::catch_unwind(annotty_main).unwrap_or(101);
    let _ = io::stdout().flush();
    code
}

/// Exit status: 0 ok, 1 nothing to export or import, 2 error, 3 an import
/// left books out (no article matched them).
fn annotty_main() -> libc::c_int {
    let cli = Cli::from_env();
    let result = match &cli.command {
        None => run(&cli).map(|()| 0),
        Some(command) => subcommand(&cli, command),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("annotty: {e}");
            2
        }
    }
}

/// The exit status: 0 done, 1 nothing to do; an import's own (see
/// `import::Outcome`).
fn subcommand(cli: &Cli, command: &Command) -> Result<libc::c_int, String> {
    match command {
        Command::Add(args) => {
            // `--config` after `add` wins over one before it, for the
            // snapshot and for the reader that opens it.
            let (mut config, config_error) =
                Config::load(args.config.as_deref().or(cli.config.as_deref()));
            config.decoding.forced = cli.encoding;
            let added = add(&config, &annotty::snapshot::Input::of_arg(&args.what))?;
            if args.open {
                open_snapshot(cli, config, config_error, added)?;
            } else {
                print_with(|w| writeln!(w, "{}", added.display()))?;
            }
            Ok(0)
        }
        Command::Notes(args) if io::stdout().is_terminal() => {
            let (mut config, config_error) =
                Config::load(args.config.as_deref().or(cli.config.as_deref()));
            config.decoding.forced = args.encoding.or(cli.encoding);
            let dirs = match args.paths.as_slice() {
                [] => vec![PathBuf::from(".")],
                paths => paths.to_vec(),
            };
            let shown: Vec<String> = dirs.iter().map(|d| source::shown(d)).collect();
            let start = tui::Start::Browser {
                title: format!("notes under {}", shown.join(", ")),
                dirs,
            };
            let places = places(&config, args.store.clone().or(cli.store.clone()));
            tui::run(start, config, config_error, places).map(|()| 0)
        }
        Command::Review(args) => review(cli, args),
        Command::Export(args) | Command::Notes(args) => {
            let request = args.request(cli.store.as_deref());
            let config = args.config.as_deref().or(cli.config.as_deref());
            let (config, _) = Config::load(config);
            let decoding = Decoding {
                forced: args.encoding.or(cli.encoding),
                ..config.decoding
            };
            let env = export::Env {
                decoding,
                data_dir: config.data_dir(),
                files_dir: annotty::config::data_dir(),
                tag_colors: config.settings.tags,
                stdout_is_terminal: io::stdout().is_terminal(),
                no_color: std::env::var_os("NO_COLOR"),
            };
            let report = export::run_export(&request, &env)?;
            for why in &report.skipped {
                eprintln!("annotty: skipped {why}");
            }
            for w in &report.warnings {
                eprintln!("annotty: {w}");
            }
            match report.outcome {
                // What could be read was exported, not everything.
                _ if !report.skipped.is_empty() => Ok(3),
                Outcome::Written(_) => Ok(0),
                // Silent in a pipeline (like grep); said to a person.
                Outcome::Nothing(why) => {
                    if env.stdout_is_terminal {
                        eprintln!("annotty: nothing to export: {why}");
                    }
                    Ok(1)
                }
            }
        }
        Command::Import(args) => {
            let mut request = args.request(cli.store.as_deref());
            let (config, _) = Config::load(cli.config.as_deref());
            request.decoding = Decoding {
                forced: args.encoding.or(cli.encoding),
                ..config.decoding
            };
            request.snapshots = config.library_dir();
            let now = annotty::annotation::now_millis();
            let outcome = annotty::import::run(
                &request,
                places(&config, None),
                now,
                &mut io::stdout().lock(),
                &mut io::stderr().lock(),
            )?;
            Ok(outcome.code())
        }
        Command::MergeDriver(a) => {
            let shown = a.path.as_deref().unwrap_or(&a.ours);
            annotty::git::merge_driver(&a.base, &a.ours, &a.theirs, shown).map(|()| 0)
        }
        Command::GitSetup { dir } => {
            let dir = dir.as_deref().unwrap_or(Path::new("."));
            let said = annotty::git::setup(dir)?;
            print_with(|w| said.iter().try_for_each(|l| writeln!(w, "{l}")))
        }
        Command::Completions { shell } => print_with(|w| cli::completions(*shell, w)),
        Command::Man => print_with(cli::man_page),
    }
}

/// `annotty review`: the day's due highlights under the directories, by
/// the schedule in the data directory; `--print N` writes N of them as
/// grep-style lines and changes nothing.
fn review(cli: &Cli, args: &cli::ReviewArgs) -> Result<libc::c_int, String> {
    use annotty::review;
    let (config, config_error) = Config::load(args.config.as_deref().or(cli.config.as_deref()));
    let data_dir = config
        .data_dir()
        .ok_or("no data directory to keep the review schedule in")?;
    let dirs = match args.paths.as_slice() {
        [] => vec![PathBuf::from(".")],
        paths => paths.to_vec(),
    };
    let schedule = review::load(&data_dir)?;
    let now = review::now();
    let (rows, unreadable) = review::gather_notes(&dirs, Some(&data_dir));
    for why in &unreadable {
        eprintln!("annotty: skipped {why}");
    }
    // Only notes whose article is known can be shown in it (or printed
    // with its line and column).
    let notes = rows
        .iter()
        .filter(|r| r.source.article.is_some())
        .map(|r| (r.note.id.as_str(), r.note.created.as_str()));
    let Some(n) = args.print else {
        let room = schedule.room_today(now, config.review_per_day);
        let due = schedule.due(notes, now, room);
        if due.is_empty() {
            eprintln!("annotty: nothing to review today");
            return Ok(1);
        }
        let start = tui::Start::Review { dirs, due };
        let places = places(&config, cli.store.clone());
        return tui::run(start, config, config_error, places).map(|()| 0);
    };
    let due = schedule.due(notes, now, n);
    let mut written = 0;
    print_with(|w| {
        written = review::print_due(w, &rows, &due, &config.decoding)?;
        Ok(())
    })?;
    Ok(if written == 0 { 1 } else { 0 })
}

/// Write to standard output; a reader that went away (`| head`) is fine.
fn print_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<libc::c_int, String> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(format!("standard output: {}", source::reason(&e)))
        }
        _ => Ok(0),
    }
}

fn run(cli: &Cli) -> Result<(), String> {
    let (mut config, config_error) = Config::load(cli.config.as_deref());
    config.decoding.forced = cli.encoding;
    let decoding = config.decoding;
    if let Some(reflow) = cli.reflow {
        config.settings.reflow = reflow.into();
    }
    let target = cli::target(cli, std::io::stdin().is_terminal())?;
    let kind = |mut doc: annotty::document::Document| {
        if let Some(f) = cli.format {
            doc.kind = f.into();
        }
        doc
    };
    let start = match target {
        Target::Seeds => Start::Library(source::seeds_library()),
        Target::Dir(dir) => Start::Library(source::dir_library(&dir, config.library_depth)?),
        Target::File { path, line, column } => {
            // A line to start at is looked for in the whole text.
            let doc = match line {
                Some(_) => source::open_whole_to_read(&path, &decoding)?,
                None => source::open_to_read(&path, &decoding)?,
            };
            let at = line.map(|l| text::line_column(doc.bytes(), l, column.unwrap_or(1)));
            Start::Article {
                doc: kind(doc),
                at,
                path: Some(path),
            }
        }
        Target::Convert(input) => {
            let path = add(&config, &input)?;
            let doc = source::open_to_read(&path, &decoding)?;
            Start::Article {
                doc,
                at: None,
                path: Some(path),
            }
        }
        Target::Stdin { line } => {
            let doc = source::read_stdin(&decoding)?;
            let at = line.map(|l| text::line_start(doc.bytes(), l));
            Start::Article {
                doc: kind(doc),
                at,
                path: None,
            }
        }
    };
    let places = places(&config, cli.store.clone());
    tui::run(start, config, config_error, places)
}

/// Make and save the snapshot of `input` in the library; say what the
/// conversion wants said, and whether an earlier snapshot was refreshed.
fn add(config: &Config, input: &annotty::snapshot::Input) -> Result<PathBuf, String> {
    let options = config.snapshot_options()?;
    let now = annotty::annotation::now_millis();
    let added = annotty::snapshot::add(input, &options, now)?;
    if let Some(notice) = &added.notice {
        eprintln!("annotty: {notice}");
    }
    if added.refreshed {
        eprintln!(
            "annotty: refreshed the earlier snapshot (its notes are kept): {}",
            source::shown(&added.path)
        );
    }
    Ok(added.path)
}

/// Open a snapshot just saved in the reader (`annotty add --open`), with
/// the config it was saved with.
fn open_snapshot(
    cli: &Cli,
    config: Config,
    config_error: Option<String>,
    path: PathBuf,
) -> Result<(), String> {
    let doc = source::open_to_read(&path, &config.decoding)?;
    let start = Start::Article {
        doc,
        at: None,
        path: Some(path),
    };
    let places = places(&config, cli.store.clone());
    tui::run(start, config, config_error, places)
}

/// Where sidecars go: `store_dir` (`--store DIR`), else beside articles or
/// in the data directory (the config's `data_dir`, maybe a synced folder);
/// locks and backups in this machine's own data directory.
fn places(config: &Config, store_dir: Option<PathBuf>) -> Places {
    Places {
        store_dir,
        data_dir: config.data_dir(),
        files_dir: annotty::config::data_dir(),
    }
}
