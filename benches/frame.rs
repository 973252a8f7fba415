//! Micro-benchmarks of the hot paths: one keypress redrawn on a seed
//! article (update + render into a buffer + ratatui's diff + the escape
//! sequences written by annotty's own backend, `tui::ansi`, counted and dropped), wrapping one
//! screen, and byte ↔ char conversion.

use annotty::app::{App, Settings};
use annotty::document::{Bytes, Document};
use annotty::keymap::{Key, Keymap};
use annotty::layout::{Layout, ParagraphStyle};
use annotty::seeds::SEEDS;
use annotty::text::{BytePos, CharIndex, CharPos};
use annotty::tui::ansi::Ansi;
use annotty::ui::{Screen, Theme};
use annotty::wrap::{Typeset, Wrap};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::layout::Size;
use std::hint::black_box;

/// Draw a frame of `app` in the default theme.
fn draw<B: ratatui::backend::Backend>(term: &mut Terminal<B>, app: &App)
where
    B::Error: std::fmt::Debug,
{
    term.draw(|f| {
        f.render_widget(
            Screen {
                app,
                theme: Theme::default(),
            },
            f.area(),
        )
    })
    .unwrap();
}

fn essay() -> Document {
    let (name, text) = SEEDS.iter().find(|(n, _)| *n == "essay.txt").unwrap();
    Document::new(*name, Bytes::Static(text))
}

/// Where the frames go: every byte is counted (through `black_box`, so the
/// escape sequences are really produced) and dropped.
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += black_box(buf).len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A terminal like annotty's (its own backend) whose output is counted
/// and dropped: a frame costs the diff and the writing of its escape
/// sequences.
fn memory_terminal(w: u16, h: u16) -> Terminal<Ansi<Counted>> {
    Terminal::new(Ansi::new(Counted(0), Size::new(w, h))).unwrap()
}

/// The three settings of `w`, by name.
const TYPESETS: [(&str, Typeset); 3] = [
    (
        "greedy",
        Typeset {
            wrap: Wrap::Greedy,
            hyphenate: false,
            justify: false,
        },
    ),
    ("balanced", Typeset::BOOK),
    (
        "justified",
        Typeset {
            justify: true,
            ..Typeset::BOOK
        },
    ),
];

fn keypress(c: &mut Criterion) {
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        for (name, typeset) in TYPESETS {
            let settings = Settings {
                typeset,
                ..Settings::default()
            };
            let mut app = App::new(Keymap::default(), settings, (w, h));
            app.open(essay());
            let mut term = memory_terminal(w, h);
            let mut down = true;
            c.bench_function(
                &format!("keypress j/k + frame written, essay, {w}x{h}, {name}"),
                |b| {
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
                        draw(&mut term, &app);
                    })
                },
            );
        }
    }
}

fn wrap_screen(c: &mut Criterion) {
    let doc = essay();
    let hyphenated = Typeset {
        hyphenate: true,
        ..Typeset::BOOK
    };
    for (name, typeset) in TYPESETS.into_iter().chain([("hyphenated", hyphenated)]) {
        c.bench_function(
            &format!("wrap one 80x24 screen from a cold cache, {name}"),
            |b| {
                b.iter(|| {
                    let mut layout = Layout::new(80, ParagraphStyle::OnePerLine);
                    layout.set_typeset(typeset);
                    let mut row = Some(layout.first_row());
                    for _ in 0..23 {
                        let Some(r) = row else { break };
                        let range = layout.row_range(doc.bytes(), r);
                        black_box(layout.dress(doc.bytes(), range, None));
                        row = layout.next_row(doc.bytes(), r);
                    }
                })
            },
        );
    }
}

fn offsets(c: &mut Criterion) {
    let text = "“Quoted” words — with 漢字 and plain ASCII prose. ".repeat(100_000);
    let bytes = text.as_bytes();
    let mut index = CharIndex::new();
    annotty::scan::scan(bytes, &Default::default(), |cp| {
        index.push(BytePos(cp.byte as usize), CharPos(cp.chars))
    });
    let middle = text.char_indices().nth(text.chars().count() / 2).unwrap().0;
    c.bench_function("byte -> char offset, 5 MB text, with checkpoints", |b| {
        b.iter(|| black_box(index.char_of_byte(bytes, black_box(BytePos(middle)))))
    });
    c.bench_function("char -> byte offset, 5 MB text, with checkpoints", |b| {
        b.iter(|| black_box(index.byte_of_char(bytes, black_box(CharPos(2_000_000)))))
    });
}

/// `n` annotations, one every few words of `text` (char offsets).
fn many_annotations(text: &str, n: usize) -> Vec<annotty::annotation::Annotation> {
    let chars = text.chars().count() as u64;
    (0..n as u64)
        .map(|i| {
            let start = i * (chars - 20) / n as u64;
            annotty::annotation::Annotation {
                id: annotty::annotation::new_id(1_764_000_000_000 + i, u128::from(i)),
                start: CharPos(start),
                end: CharPos(start + 12),
                quote: text.chars().skip(start as usize).take(12).collect(),
                prefix: "before".into(),
                suffix: "after".into(),
                tag: ["highlight", "important", "idea"][i as usize % 3].into(),
                note: if i % 4 == 0 {
                    format!("note {i}\nsecond line")
                } else {
                    String::new()
                },
                created: "2026-11-28T00:00:00.000Z".into(),
                updated: "2026-11-28T00:00:00.000Z".into(),
                deleted: None,
                state: Default::default(),
                score: None,
                draft: None,
                extra: toml::Table::new(),
            }
        })
        .collect()
}

fn annotations(c: &mut Criterion) {
    // 10 000 annotations on a 1 MB article, a screen of them drawn.
    let text = "Readers mark the “best” lines — and argue in the margins. ".repeat(17_000);
    let all = many_annotations(&text, 10_000);
    let mut app = App::new(Keymap::default(), Settings::default(), (80, 24));
    app.open(Document::new(
        "big.txt",
        Bytes::Owned(text.clone().into_bytes()),
    ));
    let bytes = app.reader.as_ref().unwrap().doc.bytes.clone();
    annotty::scan::scan(&bytes, &Default::default(), |cp| app.scan_checkpoint(cp));
    app.load_annotations(all.clone(), None);
    app.key(Key::Char('5'));
    app.key(Key::Char('0'));
    app.key(Key::Char('%'));
    let mut term = memory_terminal(80, 24);
    let mut down = true;
    c.bench_function("keypress + frame written, 10 000 annotations, 80x24", |b| {
        b.iter(|| {
            app.key(if down { Key::Char('j') } else { Key::Char('k') });
            down = !down;
            draw(&mut term, &app);
        })
    });
    let dir = std::env::temp_dir().join(format!("annotty-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = annotty::store::Store::in_dir(&dir, "big.txt");
    let doc = annotty::store::DocInfo {
        file: "big.txt".into(),
        chars: text.chars().count() as u64,
        hash: "0".repeat(64),
        encoding: None,
        origin: None,
        about: Default::default(),
    };
    c.bench_function("sidecar save, 10 000 annotations", |b| {
        b.iter(|| store.save(&doc, &all).unwrap())
    });
    c.bench_function("sidecar load, 10 000 annotations", |b| {
        b.iter(|| black_box(store.load().unwrap()))
    });
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, keypress, wrap_screen, offsets, annotations);
criterion_main!(benches);
