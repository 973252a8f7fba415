//! Benchmark: exporting 100 articles with 100 000 annotations in total
//! must take under a second. Ignored by default (it wants a release
//! build); run it with
//!
//! ```sh
//! cargo test --release --test export_speed -- --ignored --nocapture
//! ```
//!
//! It generates the articles (about 100 KB each, CRLF lines, curly quotes,
//! CJK) and their sidecars in a temporary directory, then times the real
//! binary, `annotty export -f FORMAT DIR` into a pipe the test reads, best
//! of three, per format.

mod export_common;

use annotty::annotation::Annotation;
use export_common::*;
use std::process::Stdio;
use std::time::{Duration, Instant};

const ARTICLES: usize = 100;
const PER_ARTICLE: usize = 1000;

fn generate(dir: &std::path::Path) {
    let paragraph = "“People think the library is about books,” Marisol Okafor told me — \
        she has worked the evening desk at the 図書館 for eleven years.\r\n";
    let text = paragraph.repeat(PER_ARTICLE);
    let decoded = decoded(text.as_bytes());
    let per = decoded.chars().count() / PER_ARTICLE;
    let template = annotation_on(&decoded, "x", "Marisol Okafor told me", "highlight", "");
    for n in 0..ARTICLES {
        let sub = dir.join(format!("shelf{}", n % 10));
        std::fs::create_dir_all(&sub).unwrap();
        let notes: Vec<Annotation> = (0..PER_ARTICLE)
            .map(|i| {
                let mut a = template.clone();
                a.id = format!("01900000-0000-7000-8000-{:06}{i:06}", n);
                a.start += (i * per) as u64;
                a.end += (i * per) as u64;
                a.tag = ["highlight", "idea", "question"][i % 3].into();
                if i % 2 == 0 {
                    a.note = format!("note {i}: a thought\nover two lines");
                }
                a
            })
            .collect();
        write_article(&sub, &format!("article{n:03}.txt"), text.as_bytes(), &notes);
    }
}

#[test]
#[ignore = "a benchmark: run with --release -- --ignored --nocapture"]
fn export_100_articles_with_100_000_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    generate(dir.path());
    if let Some(keep) = std::env::var_os("ANNOTTY_BENCH_KEEP") {
        // For profiling: leave a copy of the data set behind.
        let _ = std::process::Command::new("cp")
            .arg("-r")
            .arg(dir.path())
            .arg(keep)
            .status();
    }
    println!(
        "generated {ARTICLES} articles, {} annotations in {:.2?}",
        ARTICLES * PER_ARTICLE,
        t.elapsed()
    );
    let mut worst = Duration::ZERO;
    for format in ["grep", "markdown", "json"] {
        let mut best = Duration::MAX;
        let mut lines = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let out = annotty(dir.path())
                .args(["export", "-f", format, "."])
                .stdout(Stdio::piped())
                .output()
                .unwrap();
            let took = t.elapsed();
            assert!(out.status.success(), "{out:?}");
            best = best.min(took);
            lines = out.stdout.iter().filter(|&&b| b == b'\n').count();
        }
        println!(
            "annotty export -f {format}: {:.0} ms ({lines} lines of output)",
            best.as_secs_f64() * 1000.0
        );
        if format == "grep" {
            assert_eq!(lines, ARTICLES * PER_ARTICLE);
        }
        worst = worst.max(best);
    }
    if !cfg!(debug_assertions) {
        assert!(
            worst < Duration::from_secs(1),
            "export took {worst:?}, more than a second"
        );
    }
}
