//! Web pages and books as Markdown snapshot articles (issue 15). Pure:
//! bytes in, text out — fetching is [`crate::fetch`], saving
//! [`crate::snapshot`].
//!
//! - [`charset`]: which encoding an HTML page is in.
//! - [`html`]: reader-mode extraction (dom_smoothie) → Markdown.
//! - [`epub`]: an EPUB book, read from memory within limits, chapter by
//!   chapter in spine order → one Markdown article.
//! - [`dom`]: the HTML tree → Markdown step both share; [`tidy`]: the
//!   tidy-up after it; [`links`]: relative links made absolute.
//! - [`front_matter`]: the YAML block at the top of a snapshot.
//!
//! Deeply nested markup makes the HTML libraries recurse deeply, so the
//! converters run on a thread with a large stack ([`on_big_stack`]).

pub mod charset;
pub mod dom;
pub mod epub;
pub mod front_matter;
pub mod html;
pub mod links;
pub mod nesting;
pub mod tidy;

use front_matter::Meta;

/// A converted page or book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub meta: Meta,
    /// The Markdown text, tidied, ending with a newline (or empty).
    pub body: String,
    /// Something the person should be told (the whole page was kept).
    pub notice: Option<String>,
}

impl Snapshot {
    /// The article's text: front matter, a blank line, the body.
    pub fn text(&self) -> String {
        format!("{}\n{}", self.meta.render(), self.body)
    }
}

/// The stack the converters run on, in bytes.
const STACK: usize = 256 * 1024 * 1024;

/// Run `f` on a thread with a 256 MiB stack (reserved, not touched unless
/// used), so markup nested a hundred thousand deep does not overflow it.
/// A panic in `f` becomes an error.
pub fn on_big_stack<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    std::thread::Builder::new()
        .name("convert".into())
        .stack_size(STACK)
        .spawn(f)
        .map_err(|e| format!("cannot start the converter: {e}"))?
        .join()
        .map_err(|_| "the converter failed on this input".to_string())
}
