//! How long loading and saving a sidecar of 10 000 annotations takes. Not
//! run by default; for figures:
//! `cargo test --release --test store_timing -- --ignored --nocapture`

use annotty::annotation::{Annotation, new_id, rfc3339};
use annotty::store::{DocInfo, Sidecar, Store, parse, render};
use std::time::Instant;

const N: u64 = 10_000;

fn annotations() -> Vec<Annotation> {
    (0..N)
        .map(|i| {
            let t = rfc3339(1_795_000_000_000 + i * 1000);
            Annotation {
                id: new_id(1_795_000_000_000 + i * 1000, u128::from(i) * 0x9E37_79B9),
                start: annotty::text::CharPos(i * 500),
                end: annotty::text::CharPos(i * 500 + 80),
                quote: "The quick brown fox jumps over the lazy dog, \"again\", and again.".into(),
                prefix: "context before the highlighted text ".into(),
                suffix: " context after the highlighted text".into(),
                tag: if i % 3 == 0 { "important" } else { "highlight" }.into(),
                note: if i % 4 == 0 {
                    format!("Note {i}: first line\nsecond line with a \\ and a \"quote\"")
                } else {
                    String::new()
                },
                created: t.clone(),
                updated: t,
                deleted: None,
                state: Default::default(),
                score: None,
                draft: None,
                extra: Default::default(),
            }
        })
        .collect()
}

fn time<T>(what: &str, runs: u32, mut f: impl FnMut() -> T) -> T {
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        out = Some(f());
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    eprintln!("{what:<48} {best:8.2} ms (best of {runs})");
    out.unwrap()
}

#[test]
#[ignore]
fn load_and_save_ten_thousand_annotations() {
    let doc = DocInfo {
        file: "essay.txt".into(),
        chars: N * 500,
        hash: "ab".repeat(32),
        encoding: None,
        origin: None,
        about: Default::default(),
    };
    let list = annotations();
    let sidecar = Sidecar::new(doc.clone(), list.clone());
    let text = time("render", 5, || render(&sidecar));
    eprintln!("{:<48} {:8.2} MB", "file size", text.len() as f64 / 1e6);
    time("parse", 5, || parse(&text).unwrap());

    time(
        "annotation::merge, identical copy (save: not used)",
        5,
        || annotty::annotation::merge(&list, &list),
    );
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::beside(&tmp.path().join("essay.txt"));
    time("first save (new file)", 1, || {
        store.save(&doc, &list).unwrap()
    });
    let loaded = time("load", 5, || store.load().unwrap().unwrap());
    assert_eq!(loaded.annotations.len() as u64, N);
    time("save, nothing changed (no write)", 5, || {
        store.save(&doc, &list).unwrap()
    });
    let mut changed = list.clone();
    let mut k = 0;
    time("save, one annotation edited (write + backup)", 5, || {
        k += 1;
        changed[7].note = format!("edit {k}");
        changed[7].updated = rfc3339(1_900_000_000_000 + k);
        store.save(&doc, &changed).unwrap()
    });
    // Another process saved in between: the file must be parsed again.
    let other = Store::beside(&tmp.path().join("essay.txt"));
    let mut best = f64::MAX;
    for _ in 0..5 {
        k += 1;
        changed[9].updated = rfc3339(1_900_000_000_000 + k);
        other.save(&doc, &changed).unwrap();
        k += 1;
        changed[7].updated = rfc3339(1_900_000_000_000 + k);
        let t = Instant::now();
        store.save(&doc, &changed).unwrap();
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    eprintln!(
        "{:<48} {best:8.2} ms (best of 5)",
        "save after another process saved (parse again)"
    );
}
