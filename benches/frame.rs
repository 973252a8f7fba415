//! Micro-benchmarks of the hot paths: one keypress redrawn on a seed
//! article (update + render into a buffer + ratatui's diff), wrapping one
//! screen, and byte ↔ char conversion.

use annotty::app::{App, Settings};
use annotty::document::{Bytes, Document};
use annotty::keymap::{Key, Keymap};
use annotty::layout::{Layout, ParagraphStyle};
use annotty::seeds::SEEDS;
use annotty::text::CharIndex;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

fn essay() -> Document {
    let (name, text) = SEEDS.iter().find(|(n, _)| *n == "essay.txt").unwrap();
    Document::new(*name, Bytes::Static(text))
}

fn keypress(c: &mut Criterion) {
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let mut app = App::new(Keymap::default(), Settings::default(), (w, h));
        app.open(essay());
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut down = true;
        c.bench_function(&format!("keypress j/k + redraw, essay, {w}x{h}"), |b| {
            b.iter(|| {
                // Alternate so the view really moves every time.
                let bottom = app.reader.as_ref().is_some_and(|r| r.at_end);
                let top = app
                    .reader
                    .as_ref()
                    .is_some_and(|r| r.top.start == 0 && !r.top.gap);
                if bottom {
                    down = false;
                } else if top {
                    down = true;
                }
                app.key(if down { Key::Char('j') } else { Key::Char('k') });
                term.draw(|f| f.render_widget(&app, f.area())).unwrap();
            })
        });
    }
}

fn wrap_screen(c: &mut Criterion) {
    let doc = essay();
    c.bench_function("wrap one 80x24 screen from a cold cache", |b| {
        b.iter(|| {
            let mut layout = Layout::new(80, ParagraphStyle::OnePerLine);
            let mut row = Some(layout.first_row());
            for _ in 0..23 {
                let Some(r) = row else { break };
                black_box(layout.row_range(doc.bytes(), r));
                row = layout.next_row(doc.bytes(), r);
            }
        })
    });
}

fn offsets(c: &mut Criterion) {
    let text = "“Quoted” words — with 漢字 and plain ASCII prose. ".repeat(100_000);
    let bytes = text.as_bytes();
    let mut index = CharIndex::new();
    annotty::scan::scan(bytes, &Default::default(), |cp| {
        index.push(cp.byte, cp.chars)
    });
    let middle = text.char_indices().nth(text.chars().count() / 2).unwrap().0;
    c.bench_function("byte -> char offset, 5 MB text, with checkpoints", |b| {
        b.iter(|| black_box(index.char_of_byte(bytes, black_box(middle))))
    });
    c.bench_function("char -> byte offset, 5 MB text, with checkpoints", |b| {
        b.iter(|| black_box(index.byte_of_char(bytes, black_box(2_000_000))))
    });
}

criterion_group!(benches, keypress, wrap_screen, offsets);
criterion_main!(benches);
