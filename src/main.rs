//! The `annotty` command: parse the command line, open what it names, run
//! the reader, and turn errors into exit codes (0 ok, 2 error).

use annotty::cli::{self, Cli, Target};
use annotty::config::Config;
use annotty::tui::{self, Placement, Start};
use annotty::{source, text};
use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("annotty: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<(), String> {
    let (config, config_error) = Config::load(cli.config.as_deref());
    let target = cli::target(cli, std::io::stdin().is_terminal())?;
    let start = match target {
        Target::Seeds => Start::Library(source::seeds_library()),
        Target::Dir(dir) => Start::Library(source::list_dir(&dir)?),
        Target::File { path, line, column } => {
            let doc = source::open_file(&path)?;
            let at = line.map(|l| text::line_column(doc.bytes(), l, column.unwrap_or(1)));
            Start::Article {
                doc,
                at,
                path: Some(path),
            }
        }
        Target::Stdin { line } => {
            let doc = source::read_stdin()?;
            let at = line.map(|l| text::line_start(doc.bytes(), l));
            Start::Article {
                doc,
                at,
                path: None,
            }
        }
    };
    let place = Placement {
        store_dir: cli.store.clone(),
        data_dir: annotty::config::data_dir(),
    };
    tui::run(start, config, config_error, place)
}
