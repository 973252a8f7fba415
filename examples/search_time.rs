//! Time a search for text that is not there (a whole pass) over an article
//! as the reader searches it right after opening it: a UTF-8 file through
//! `pread` windows, a large single-byte legacy file while its rest is not
//! decoded yet: its file, with the pattern made to match its bytes
//! (`Rest::find`).
//!
//! ```sh
//! cargo run --release --example search_time -- [--runs N] FILE...
//! ```
//!
//! Prints, per file, the median and the fastest of N runs (default 5), in
//! wall time with the file in the page cache, and the rate.

use annotty::document::{Bytes, Document};
use annotty::encoding::Decoding;
use annotty::mapped::Mapped;
use annotty::search::{self, Pattern};
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
    let pattern = Pattern::new("zzzz not there").expect("pattern");
    let never = AtomicBool::new(false);
    println!("| file | size | read as | search ms (median / min) | MB/s (median) |");
    println!("|---|---|---|---|---|");
    for path in files {
        let mapped = Mapped::map(File::open(&path).expect("open")).expect("map");
        let len = mapped.len();
        let doc = Document::decode_in_steps(&path, Bytes::Mapped(mapped), &Decoding::default());
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let found = match &doc.rest {
                    Some(rest) => rest.find(&pattern, 0, false, &never, &|_| {}),
                    None => {
                        let hay = doc.bytes.pass(true);
                        search::find_in(&hay, &pattern, 0, false, &never, &|_| {})
                    }
                };
                assert!(found.is_none());
                start.elapsed()
            })
            .collect();
        times.sort();
        let median = times[times.len() / 2];
        let how = match doc.rest {
            Some(_) => format!("{} file, not decoded", doc.encoding.name()),
            None => "UTF-8 text".to_string(),
        };
        println!(
            "| {path} | {len} | {how} | {:.1} / {:.1} | {:.0} |",
            median.as_secs_f64() * 1e3,
            times[0].as_secs_f64() * 1e3,
            len as f64 / median.as_secs_f64() / 1e6
        );
    }
}
