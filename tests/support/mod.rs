//! Shared helpers for integration tests. Include with `mod support;`.

#![allow(dead_code)]

pub mod pty;

use std::path::PathBuf;

/// Path of the `annotty` binary built by cargo for integration tests.
pub fn annotty_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_annotty"))
}
