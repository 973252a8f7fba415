//! annotty: read plain-text articles in the terminal and annotate them.
pub mod action;
pub mod anchor;
pub mod annotation;
pub mod app;
pub mod cli;
pub mod config;
pub mod document;
pub mod editor;
pub mod encoding;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod glyph;
pub mod haystack;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod mapped;
pub mod motion;
pub mod notebook;
pub mod positions;
pub mod sanitize;
pub mod scan;
pub mod search;
pub mod seeds;
pub mod sidecar_index;
pub mod source;
pub mod store;
pub mod style;
pub mod tags;
#[cfg(test)]
mod test_support;
pub mod text;
pub mod tui;
pub mod ui;
pub mod words;
pub mod wrap;
