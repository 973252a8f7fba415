//! Paragraph-style detection, which runs before the first screen: up to
//! eight 16 KiB windows of the article, whatever its size.

#[path = "../tests/support/texts.rs"]
#[allow(dead_code)]
mod texts;

use annotty::style;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn detect(c: &mut Criterion) {
    let book = texts::book(120, true, 1);
    let prose = texts::one_per_line(200_000, false, 2);
    for (name, text) in [
        ("hard-wrapped book, 1 MB", &book),
        ("one paragraph per line, 100 MB", &prose),
    ] {
        c.bench_function(&format!("detect style, {name}"), |b| {
            b.iter(|| style::detect(black_box(text.as_bytes())))
        });
    }
    c.bench_function("judge the first 64 KiB alone, book", |b| {
        b.iter(|| style::detect_style(black_box(&book.as_bytes()[..64 * 1024])))
    });
}

criterion_group!(benches, detect);
criterion_main!(benches);
