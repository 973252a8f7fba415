//! Placeholder.

use super::Parsed;

pub fn parse(_text: &str) -> Result<Parsed, String> {
    Err("not supported yet".into())
}
