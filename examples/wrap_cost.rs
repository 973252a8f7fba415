//! What wrapping one unit costs, greedy against balanced (optimal fit),
//! by the unit's length: the figures behind `wrap::BALANCED_LIMIT`.
//!
//! ```text
//! nice cargo run --release --example wrap_cost [-- REPEATS]
//! ```
//!
//! Units are random lowercase words of 3–10 letters separated by single
//! spaces (as `gen_articles` writes them), from 1 KiB to 1 MiB, and the
//! bundled essay's English words in units of 1, 16 and 24 KiB, wrapped at
//! 80 and 200 columns. For each (length, width) the ways are timed in
//! turn, REPEATS times (default 15), and the medians printed as a Markdown
//! table with the ratio balanced/greedy and µs per KiB: greedy
//! (`wrap::rows`), balanced (optimal fit over the unit's pieces, no length
//! limit) and balanced with hyphenation (the same over the pieces with
//! hyphenation points, which are more: their count is printed too), and
//! first fit with hyphenation as `wrap::rows` does it (for a hyphenated
//! unit over `wrap::HYPHENATED_LIMIT`).

use annotty::wrap::{Typeset, Wrap, pieces, rows};
use std::hint::black_box;
use std::time::Instant;
use textwrap::wrap_algorithms::{Penalties, wrap_optimal_fit};

/// `len` bytes of words, deterministic.
fn words(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 16);
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    while out.len() < len {
        if !out.is_empty() {
            out.push(b' ');
        }
        let n = 3 + (next() % 8) as usize;
        out.extend((0..n).map(|_| b'a' + (next() % 26) as u8));
    }
    out.truncate(len);
    out
}

/// `len` bytes of the bundled essay's words (English prose, where
/// hyphenation finds the points it was made for), single spaces, repeated.
fn essay(len: usize) -> Vec<u8> {
    let text = include_str!("../seeds/essay.txt");
    let mut out = Vec::with_capacity(len + 32);
    for word in text.split_whitespace().cycle() {
        if out.len() >= len {
            break;
        }
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(word.as_bytes());
    }
    out.truncate(len);
    out
}

/// First fit over the hyphenated pieces: `wrap::rows` for a hyphenated
/// unit over `HYPHENATED_LIMIT`.
const FIRST_FIT_HYPHENATED: Typeset = Typeset {
    wrap: Wrap::Greedy,
    hyphenate: true,
    justify: false,
};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Optimal fit over the unit's pieces with no length limit: what
/// `wrap::rows` does for a balanced unit under `BALANCED_LIMIT`.
fn optimal(unit: &[u8], width: usize, hyphenate: bool) -> usize {
    let p = pieces(unit, width, hyphenate);
    let lines = wrap_optimal_fit(&p, &[width as f64], &Penalties::new()).unwrap();
    lines.len()
}

fn main() {
    let repeats: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(15);
    println!(
        "| text | unit | width | greedy µs | balanced µs | balanced/greedy | balanced µs per KiB \
         | pieces | hyphenated pieces | hyphenated µs | hyphenated/balanced \
         | hyphenated first fit µs |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let sizes = [1usize, 4, 16, 17, 32, 64, 128, 256, 1024];
    let texts = sizes
        .iter()
        .map(|&kib| {
            (
                "random",
                kib,
                words(kib * 1024, 0x9e37_79b9_7f4a_7c15 ^ kib as u64),
            )
        })
        .chain([1usize, 16, 24].map(|kib| ("essay", kib, essay(kib * 1024))));
    for (text, kib, unit) in texts {
        for width in [80usize, 200] {
            let (mut greedy, mut balanced) = (Vec::new(), Vec::new());
            let (mut hyphenated, mut split_first_fit) = (Vec::new(), Vec::new());
            for _ in 0..repeats {
                // In turn, so that a busy moment hits both alike.
                let t0 = Instant::now();
                black_box(rows(black_box(&unit), width, Typeset::default()));
                greedy.push(t0.elapsed().as_secs_f64() * 1e6);
                let t0 = Instant::now();
                black_box(optimal(black_box(&unit), width, false));
                balanced.push(t0.elapsed().as_secs_f64() * 1e6);
                let t0 = Instant::now();
                black_box(optimal(black_box(&unit), width, true));
                hyphenated.push(t0.elapsed().as_secs_f64() * 1e6);
                let t0 = Instant::now();
                black_box(rows(black_box(&unit), width, FIRST_FIT_HYPHENATED));
                split_first_fit.push(t0.elapsed().as_secs_f64() * 1e6);
            }
            let (g, b, h) = (median(greedy), median(balanced), median(hyphenated));
            let f = median(split_first_fit);
            let plain = pieces(&unit, width, false).len();
            let split = pieces(&unit, width, true).len();
            println!(
                "| {text} | {kib} KiB | {width} | {g:.1} | {b:.1} | {:.2}× | {:.2} | {plain} | {split} | {h:.1} | {:.2}× | {f:.1} |",
                b / g,
                b / kib as f64,
                h / b
            );
        }
    }
}
