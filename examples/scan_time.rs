//! Time the background scan of an article (warm page cache), without and
//! with the outline's heading rules, the way the reader's scan thread
//! reads a mapped file (`pread` windows).
//!
//! ```sh
//! cargo run --release --example scan_time -- [--runs N] FILE...
//! ```
//!
//! Prints, per file, the median and the fastest of N runs (default 5) of
//! each, alternating, and their ratio.

use annotty::mapped::Mapped;
use annotty::outline::{Collector, Kind};
use annotty::scan::scan_outline;
use std::fs::File;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let mut runs = 5;
    let mut files = Vec::new();
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N");
        } else {
            files.push(a);
        }
    }
    println!(
        "| file | size | scan (median / min) | scan + outline (median / min) | ratio of medians | headings |"
    );
    println!("|---|---|---|---|---|---|");
    for path in files {
        let mapped = Mapped::map(File::open(&path).expect("open")).expect("map");
        let kind = Kind::of_name(&path);
        let mut plain = Vec::new();
        let mut outlined = Vec::new();
        let mut found = 0;
        // One untimed pass warms the page cache.
        time(&mapped, Collector::off());
        for _ in 0..runs {
            plain.push(time(&mapped, Collector::off()).0);
            let (t, n) = time(&mapped, Collector::new(kind));
            outlined.push(t);
            found = n;
        }
        let (a, b) = (median(&mut plain), median(&mut outlined));
        println!(
            "| {path} | {} MiB | {} / {} ms | {} / {} ms | {:.3} | {found} |",
            mapped_len(&mapped) >> 20,
            a.as_millis(),
            plain[0].as_millis(),
            b.as_millis(),
            outlined[0].as_millis(),
            b.as_secs_f64() / a.as_secs_f64(),
        );
    }
}

fn mapped_len(m: &Mapped) -> usize {
    m.len()
}

/// One scan; its time and the headings found.
fn time(mapped: &Mapped, mut outline: Collector) -> (Duration, usize) {
    let start = Instant::now();
    let mut n = 0;
    scan_outline(
        &mapped.reader(false),
        &AtomicBool::new(false),
        &mut outline,
        |_, o| n += o.take().len(),
    )
    .expect("not cancelled");
    n += outline.take().len();
    (start.elapsed(), n)
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}
