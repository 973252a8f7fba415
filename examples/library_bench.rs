//! The library view on a directory of many articles with notes: how soon
//! its first screen shows and how soon every row's details (title,
//! progress, notes) are in, in a real pseudo-terminal.
//!
//! ```text
//! cargo run --release --example library_bench -- [DIR] [ARTICLES] [NOTES_PER_ARTICLE] [RUNS]
//! ```
//!
//! Defaults: `$TMPDIR/annotty-notes-lib` (the notes bench's library: made
//! once, kept when it exists with the right number of articles), 1 000
//! articles in directories of 100, 100 notes each, 5 runs. The binary
//! measured is `target/release/annotty` (or `ANNOTTY_BIN`). Reports, per
//! run: the time from spawning `annotty DIR` to the library's first
//! screen (its status row drawn) and to every row's details read (the
//! status row's `reading N/M` gone), with the medians.

#[path = "../tests/support/pty.rs"]
mod pty;

#[path = "../tests/support/library.rs"]
mod library;

use std::time::{Duration, Instant};

fn main() {
    let args = library::bench_args();
    let (dir, articles, per, runs, bin) = (args.dir, args.articles, args.per, args.runs, args.bin);
    let count = annotty::words::count(articles, "article");
    let (mut first, mut details) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let home = tempfile::tempdir().unwrap();
        let t0 = Instant::now();
        let term = pty::Term::builder(&bin)
            .arg(&dir)
            .home(home.path())
            .size(120, 40)
            .spawn();
        let shown = term.wait_text_timeout(&count, Duration::from_secs(30));
        term.wait_text_timeout("LIBRARY", Duration::from_secs(30));
        let all = term.wait_no_text("reading ");
        let ms = |a: Instant| a.saturating_duration_since(t0).as_secs_f64() * 1000.0;
        first.push(ms(shown));
        details.push(ms(all));
        eprintln!(
            "run {run}: first screen {:.1} ms, every row's details {:.0} ms",
            first[run], details[run]
        );
        term.send_str("q");
        term.wait_exit(Duration::from_secs(10));
    }
    println!(
        "{count}, {} notes, {runs} runs (median): first screen {:.1} ms, every row's details {:.0} ms",
        articles * per,
        median(&mut first),
        median(&mut details)
    );
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
