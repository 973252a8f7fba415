//! The notes browser on a large library: how soon its first screen shows
//! and how soon every note is in, in a real pseudo-terminal.
//!
//! ```text
//! cargo run --release --example notes_bench -- [DIR] [ARTICLES] [NOTES_PER_ARTICLE] [RUNS]
//! ```
//!
//! Defaults: `$TMPDIR/annotty-notes-lib` (not under `target/`, which
//! cargo's own `.gitignore` hides from the browser's walk), 1 000 articles, 100 notes each
//! (100 000 notes), 5 runs. The library is made once (kept when it exists
//! with the right number of articles). The binary measured is
//! `target/release/annotty` (build it first: `cargo build --release`).
//! Reports, per run: the time from spawning `annotty notes DIR` to the
//! browser's first screen (its filter line drawn), to every note listed
//! (`100000 of 100000 notes`), and to the list filtered after typing a
//! word, with the medians.

#[path = "../tests/support/pty.rs"]
mod pty;

#[path = "../tests/support/library.rs"]
mod library;

use std::time::{Duration, Instant};

fn main() {
    let library::BenchArgs {
        dir,
        articles,
        per,
        runs,
        bin,
    } = library::bench_args();
    let total = articles * per;
    let all = format!("{total} of {}", annotty::words::count(total, "note"));
    let (mut first, mut whole, mut filtered) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        let home = tempfile::tempdir().unwrap();
        let t0 = Instant::now();
        let term = pty::Term::builder(&bin)
            .arg("notes")
            .arg(&dir)
            .home(home.path())
            .size(120, 40)
            .spawn();
        let shown = term.wait_text_timeout("filter: ", Duration::from_secs(30));
        let all_in = term.wait_text_timeout(&all, Duration::from_secs(120));
        term.wait_no_text("reading sidecars");
        let t1 = Instant::now();
        term.send_str("harbor 0042");
        term.wait_text_timeout("filter: harbor 0042", Duration::from_secs(30));
        let typed = Instant::now();
        let ms = |a: Instant, b: Instant| a.saturating_duration_since(b).as_secs_f64() * 1000.0;
        first.push(ms(shown, t0));
        whole.push(ms(all_in, t0));
        filtered.push(ms(typed, t1));
        eprintln!(
            "run {run}: first screen {:.1} ms, all {total} notes {:.0} ms, filter typed {:.0} ms",
            first[run], whole[run], filtered[run]
        );
        term.send(&[0x1b]);
        term.send_str("q");
        term.wait_exit(Duration::from_secs(10));
    }
    println!(
        "{articles} articles, {total} notes, {runs} runs (median): first screen {:.1} ms, \
         all notes listed {:.0} ms, typing an 11-char filter until shown {:.0} ms",
        median(&mut first),
        median(&mut whole),
        median(&mut filtered)
    );
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
