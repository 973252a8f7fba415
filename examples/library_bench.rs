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
//!
//! ```text
//! cargo run --release --example library_bench -- --files [FILES] [RUNS]
//! ```
//!
//! A directory of many small files instead (default 100 000, made once in
//! `$TMPDIR/annotty-files-FILES` by `make_many_files`: `.txt`, `.md`, text
//! and binaries without an extension, other kinds, 40% at the top and the
//! rest in 100 subdirectories, one article in a hundred with a sidecar):
//! per run, the time from spawning `annotty DIR` to its first screen (the
//! status row drawn) and to every article listed (the count of articles
//! in the status row, no `listing`), then from pressing `G` to the last
//! row shown with its details (`unread`), and from spawning `annotty notes DIR`
//! to its first screen (the filter line) and to every sidecar read.

#[path = "../tests/support/pty.rs"]
mod pty;

#[path = "../tests/support/library.rs"]
mod library;

use std::time::{Duration, Instant};

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.first().is_some_and(|a| a == "--files") {
        return many_files(&raw[1..]);
    }
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

/// `--files [FILES] [RUNS]`: the library and the notes browser on a
/// directory of many small files.
fn many_files(args: &[String]) {
    let files: usize = args.first().map_or(100_000, |s| s.parse().expect("FILES"));
    let runs: usize = args.get(1).map_or(5, |s| s.parse().expect("RUNS"));
    let dir = std::env::temp_dir().join(format!("annotty-files-{files}"));
    let stamp = dir.join(".made");
    let made = std::fs::read_to_string(&stamp).ok().and_then(|s| {
        let (a, b) = s.trim().split_once(' ')?;
        Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok()?))
    });
    let (articles, sidecars) = made.unwrap_or_else(|| {
        let t = Instant::now();
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let m = library::make_many_files(&dir, files);
        std::fs::write(&stamp, format!("{} {}", m.articles, m.sidecars)).unwrap();
        eprintln!("made {files} files in {:?}", t.elapsed());
        (m.articles, m.sidecars)
    });
    let bin = library::bench_bin();
    let listed = annotty::words::count(articles, "article");
    let ms = |a: Instant, b: Instant| a.saturating_duration_since(b).as_secs_f64() * 1000.0;
    let mut times: [Vec<f64>; 5] = Default::default();
    for run in 0..runs {
        let home = tempfile::tempdir().unwrap();
        let t0 = Instant::now();
        let term = pty::Term::builder(&bin)
            .arg(&dir)
            .home(home.path())
            .size(120, 40)
            .spawn();
        let first = term.wait_text_timeout("LIBRARY", Duration::from_secs(60));
        let all = term
            .wait_for(
                "every article listed",
                |s| {
                    let text = s.contents();
                    text.contains(&listed) && !text.contains("listing")
                },
                Duration::from_secs(60),
            )
            .unwrap();
        // `G` while the details are read: the rows at the end shown with
        // theirs (the row above the status row says how far it is read).
        let t_end = Instant::now();
        term.send_str("G");
        let end = term
            .wait_for(
                "the last row's details",
                |s| {
                    let rows = pty::screen_rows(s);
                    let rows: Vec<&str> = rows.lines().collect();
                    let status = rows.iter().rposition(|r| r.contains("LIBRARY"));
                    status.is_some_and(|i| i > 0 && rows[i - 1].contains("unread"))
                },
                Duration::from_secs(120),
            )
            .unwrap();
        term.send_str("q");
        term.wait_exit(Duration::from_secs(10));
        let t1 = Instant::now();
        let notes = pty::Term::builder(&bin)
            .arg("notes")
            .arg(&dir)
            .home(home.path())
            .size(120, 40)
            .spawn();
        let notes_first = notes.wait_text_timeout("filter: ", Duration::from_secs(60));
        let notes_all = notes.wait_no_text("reading sidecars");
        notes.send(&[0x1b]);
        notes.send_str("q");
        notes.wait_exit(Duration::from_secs(10));
        let got = [
            ms(first, t0),
            ms(all, t0),
            ms(end, t_end),
            ms(notes_first, t1),
            ms(notes_all, t1),
        ];
        for (v, t) in times.iter_mut().zip(got) {
            v.push(t);
        }
        eprintln!(
            "run {run}: library first screen {:.1} ms, all listed {:.0} ms, G to the last \
             row's details {:.1} ms; notes browser first screen {:.1} ms, all read {:.0} ms",
            got[0], got[1], got[2], got[3], got[4]
        );
    }
    let [a, b, g, c, d] = &mut times;
    println!(
        "{files} files ({listed}, {sidecars} sidecars), {runs} runs (median): library first \
         screen {:.1} ms, every article listed {:.0} ms, then G to the last row's details \
         {:.1} ms; notes browser first screen {:.1} ms, every sidecar read {:.0} ms",
        median(a),
        median(b),
        median(g),
        median(c),
        median(d)
    );
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
