//! The mouse maps every cell to the byte drawn there: rendered Markdown
//! (hidden markup, decorations, replacements) and reflowed text with its
//! page breaks hidden, at several widths.

use super::*;
use crate::app::Settings;
use crate::document::Document;
use crate::keymap::Keymap;
use crate::layout::{PageBreaks, ParagraphStyle};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const MARKDOWN: &str = "# A *heading* here\n\n\
The old tree gives **very good** pears in a\nwarm year, and *few* in a `cold` one.\n\n\
- [a survey](https://example.org/pears) of the ~~orchard~~ trees &amp; hedges\n\
- [ ] a task with **bold** words\n\n\
> quoted _words_ and more words after them\n";

const PAGED: &str = "The pole stands at the upstream gate, where boats wait on either\n\
side of it, and the keeper lights the lanterns before the morning, when the\n\
\n\n\
Tinker & Mole                 Experimental                    [Page 1]\n\
\u{c}\n\
RFC 9990               Lantern Signals for Canals            April 2026\n\
\n\n\
keeper returns and lights the lower lantern again for the boats.\n";

/// Draw `app` and check that each cell showing a letter of the article
/// maps back (`App::byte_at_cell`) to a byte holding that letter, and
/// that on each row the bytes found only grow from left to right.
fn every_letter_maps_to_itself(app: &App) -> usize {
    let (w, h) = app.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::default();
    term.draw(|f| f.render_widget(Screen { app, theme }, f.area()))
        .unwrap();
    let buf = term.backend().buffer();
    let bytes = app.reader.as_ref().unwrap().doc.bytes();
    let mut checked = 0;
    for y in 0..app.reader.as_ref().unwrap().rows.len() as u16 {
        let mut before = 0;
        for x in app.text_left()..w {
            let symbol = buf[(x, y)].symbol();
            if !symbol.chars().all(char::is_alphanumeric) || symbol.is_empty() {
                continue;
            }
            let at = app.byte_at_cell(x, y).expect("a byte under a letter");
            let here = std::str::from_utf8(&bytes[at..]).unwrap();
            assert!(
                here.starts_with(symbol),
                "cell ({x}, {y}) shows {symbol:?} but maps to {:?}",
                &here[..here.len().min(12)]
            );
            assert!(at >= before, "cell ({x}, {y}) maps back before its left");
            before = at;
            checked += 1;
        }
    }
    checked
}

fn open(name: &str, text: &str, width: u16) -> App {
    let settings = Settings {
        text_width: width,
        ..Settings::default()
    };
    let mut app = App::new(Keymap::default(), settings, (width + 4, 24));
    app.open(Document::from_text(name, text));
    app
}

#[test]
fn in_rendered_markdown_a_cell_maps_to_the_byte_drawn_there() {
    for width in [24, 40, 80] {
        let app = open("pears.md", MARKDOWN, width);
        assert!(app.reader.as_ref().unwrap().layout.markdown());
        let checked = every_letter_maps_to_itself(&app);
        assert!(checked > 100, "{checked} letters at width {width}");
    }
}

#[test]
fn with_page_breaks_hidden_a_cell_maps_to_the_byte_drawn_there() {
    for width in [30, 50, 70] {
        let mut app = open("memo.txt", PAGED, width);
        let r = app.reader.as_mut().unwrap();
        r.set_style(ParagraphStyle::HardWrapped);
        r.set_page_breaks(PageBreaks::Hide);
        let drawn: Vec<String> = r
            .rows
            .iter()
            .map(|row| format!("{:?}", row.range))
            .collect();
        assert!(
            r.rows.iter().any(|row| {
                let s = &PAGED.as_bytes()[row.range.clone()];
                s.windows(4).any(|w| w == b"Page")
            }),
            "a row spans the hidden break at width {width}: {drawn:?}"
        );
        let checked = every_letter_maps_to_itself(&app);
        assert!(checked > 100, "{checked} letters at width {width}");
    }
}
