//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`), kept in the
//! library so that `cargo fuzz` and `cargo test` (`tests/fuzz_replay.rs`,
//! which replays saved crashes and a slice of the corpus) run the same code.
//!
//! Each function takes arbitrary bytes, decodes them deterministically
//! (the first bytes choose sizes and options, the rest is content or a
//! script of events) and panics when an invariant breaks. None touches the
//! terminal or the file system: drawing goes to ratatui's `TestBackend`.
//! Not part of annotty's interface.

mod app;
#[cfg(test)]
pub(crate) use app::search_now;
mod convert;
mod markdown;
mod render;
mod sidecar;

pub use app::drive_app;
pub use convert::{convert_epub, convert_html, epub_archive};
pub use markdown::render_markdown;
pub use render::render_article;
pub use sidecar::{VALID_SIDECAR, sidecar_round_trip};

use crate::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Reads the fuzz input front to back; past the end every byte is 0.
struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    /// Up to `n` bytes.
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.data.split_at(n.min(self.data.len()));
        self.data = rest;
        head
    }

    fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

fn terminal(width: u16, height: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).expect("a TestBackend never fails")
}

/// Draw `app` as the event loop does and check what reached the screen.
fn draw_and_check(term: &mut Terminal<TestBackend>, app: &App, theme: crate::ui::Theme) {
    let mut cursor = None;
    term.draw(|f| {
        f.render_widget(crate::ui::Screen { app, theme }, f.area());
        cursor = crate::ui::cursor(app, f.area());
        if let Some(at) = cursor {
            f.set_cursor_position(at);
        }
    })
    .expect("a TestBackend never fails");
    let buf = term.backend().buffer();
    if let Some((x, y)) = cursor {
        assert!(
            x < buf.area.width && y < buf.area.height,
            "cursor ({x}, {y}) outside {:?}",
            buf.area
        );
    }
    for cell in &buf.content {
        let symbol = cell.symbol();
        let lone = symbol.chars().count() == 1;
        for c in symbol.chars() {
            // A joiner is kept inside a cluster, never alone.
            let safe = crate::sanitize::replacement(c).is_none()
                || (crate::sanitize::is_joiner(c) && !lone);
            assert!(safe, "unsafe character {c:?} drawn in {symbol:?}");
        }
    }
}
