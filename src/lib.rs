//! annotty: read plain-text articles in the terminal and annotate them.
pub mod glyph;
pub mod layout;
pub mod sanitize;
pub mod text;
pub mod wrap;
pub mod action;
pub mod document;
pub mod keymap;
pub mod scan;
pub mod search;
pub mod app;
pub mod library;
pub mod seeds;
pub mod ui;
