//! Merging two 10 000-note sidecars, as `annotty merge-driver` does after a
//! `git pull` and as opening an article does with a Syncthing conflict
//! copy: both sides share 9 800 notes (100 of them edited on each side,
//! 50 deleted on one), and each has 200 of its own.
//!
//! `cargo bench --bench merge`; the sizes are printed once before the
//! timings.

use annotty::annotation::{Annotation, new_id, rfc3339};
use annotty::store::{DocInfo, Sidecar, merge_sidecars, merge_texts, parse, render};
use annotty::text::CharPos;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const NOTES: usize = 10_000;
const OWN: usize = 200;

fn note(i: usize, millis: u64) -> Annotation {
    let start = (i as u64) * 97;
    Annotation {
        id: new_id(millis, i as u128 * 0x9e37_79b9),
        start: CharPos(start),
        end: CharPos(start + 40),
        quote: format!("quoted passage number {i} of the article, forty"),
        prefix: "the thirty-two chars before it, ".into(),
        suffix: " and the thirty-two after it...".into(),
        tag: "highlight".into(),
        note: if i.is_multiple_of(3) {
            format!("a note on passage {i}")
        } else {
            String::new()
        },
        created: rfc3339(millis),
        updated: rfc3339(millis),
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: toml::Table::new(),
    }
}

fn sides() -> (Sidecar, Sidecar) {
    let t0 = 1_764_000_000_000;
    let shared: Vec<Annotation> = (0..NOTES - OWN).map(|i| note(i, t0 + i as u64)).collect();
    let doc = DocInfo {
        file: "book.txt".into(),
        chars: 2_000_000,
        hash: "ab".repeat(32),
        encoding: None,
        origin: None,
        about: Default::default(),
    };
    let side = |offset: usize, edit_at: u64| {
        let mut list = shared.clone();
        for (k, a) in list
            .iter_mut()
            .enumerate()
            .skip(offset)
            .step_by(97)
            .take(100)
        {
            a.note = format!("edited on side {offset}, {k}");
            a.updated = rfc3339(edit_at);
        }
        if offset == 0 {
            for a in list.iter_mut().skip(5).step_by(101).take(50) {
                a.deleted = Some(rfc3339(edit_at + 1));
            }
        }
        list.extend((0..OWN).map(|i| note(NOTES * (offset + 1) + i, edit_at + 10 + i as u64)));
        Sidecar::new(doc.clone(), list)
    };
    (side(0, t0 + 50_000), side(1, t0 + 60_000))
}

fn merge(c: &mut Criterion) {
    let (a, b) = sides();
    let (ta, tb) = (render(&a), render(&b));
    let merged = merge_texts(ta.as_bytes(), tb.as_bytes()).unwrap();
    let m = parse(&merged).unwrap();
    println!(
        "sides {} and {} notes ({} and {} bytes); merged {} notes, {} live ({} bytes)",
        a.annotations.len(),
        b.annotations.len(),
        ta.len(),
        tb.len(),
        m.annotations.len(),
        m.annotations.iter().filter(|x| x.is_live()).count(),
        merged.len()
    );
    c.bench_function(
        "merge-driver: parse both, merge, render (10 000 + 10 000)",
        |bench| bench.iter(|| merge_texts(black_box(ta.as_bytes()), black_box(tb.as_bytes()))),
    );
    c.bench_function("merge two parsed sidecars (10 000 + 10 000)", |bench| {
        bench.iter(|| merge_sidecars(black_box(&a), black_box(&b)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = merge
}
criterion_main!(benches);
