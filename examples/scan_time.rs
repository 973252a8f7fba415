//! Time the background scan of an article (warm page cache), without and
//! with the outline's heading rules, the way the reader's scan thread
//! reads a mapped file (`pread` windows).
//!
//! ```sh
//! cargo run --release --example scan_time -- [--runs N] FILE...
//! ```
//!
//! Prints, per file, the median and the fastest of N runs (default 5) of
//! each, alternating, and their ratio, in CPU time of the scanning thread
//! (less disturbed than wall time on a shared machine; the file is in the
//! page cache, so the scan waits for nothing).

use annotty::mapped::Mapped;
use annotty::outline::{Collector, Kind};
use annotty::scan::scan_outline;
use std::fs::File;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

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
        "| file | size | scan, CPU ms (median / min) | scan + outline (median / min) | ratio of medians | headings |"
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
            "| {path} | {} MiB | {} / {} | {} / {} | {:.3} | {found} |",
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

/// CPU time the calling thread has used.
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a plain system call writing into `t`.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// One scan; its CPU time and the headings found.
fn time(mapped: &Mapped, mut outline: Collector) -> (Duration, usize) {
    let start = thread_cpu();
    let mut n = 0;
    scan_outline(
        &mapped.reader(false),
        &AtomicBool::new(false),
        &mut outline,
        |_, o| n += o.take().len(),
    )
    .expect("not cancelled");
    n += outline.take().len();
    (thread_cpu() - start, n)
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}
