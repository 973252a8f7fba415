//! Shared helpers for integration tests. Include with `mod support;`.

#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};

/// Path of the `annotty` binary built by cargo for integration tests.
pub fn annotty_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_annotty"))
}

/// The sidecar annotty writes beside `article`.
pub fn sidecar_of(article: &Path) -> PathBuf {
    let mut s = article.as_os_str().to_owned();
    s.push(".annotty.toml");
    PathBuf::from(s)
}

/// The live (not deleted) annotations of the sidecar at `path`, read with
/// a generic TOML reader, as tables; none when there is no file, an error
/// when it does not parse.
pub fn live_annotations(path: &Path) -> Result<Vec<toml::Table>, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(Vec::new());
    };
    let doc: toml::Table =
        toml::from_str(&text).map_err(|e| format!("the sidecar does not parse: {e}"))?;
    Ok(doc
        .get("annotation")
        .and_then(|a| a.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|a| a.as_table())
                .filter(|a| a.get("deleted").is_none())
                .cloned()
                .collect()
        })
        .unwrap_or_default())
}

/// The quotes of [`live_annotations`]; panics when the sidecar does not
/// parse.
pub fn live_quotes(path: &Path) -> Vec<String> {
    live_annotations(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .iter()
        .map(|a| a["quote"].as_str().unwrap().to_string())
        .collect()
}
