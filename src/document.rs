//! An open article: its name, its raw bytes, and what is known about them.
//! Reading files is not done here (see [`crate::source`]); a document can be
//! built from any bytes.

use crate::layout::ParagraphStyle;
use std::ops::Deref;
use std::sync::Arc;

/// How many leading bytes decide whether an article looks binary.
const BINARY_SNIFF: usize = 1024;

/// The raw bytes of an article, wherever they live.
pub enum Bytes {
    Owned(Vec<u8>),
    Static(&'static [u8]),
    /// A memory-mapped file (see [`crate::mapped`]).
    Mapped(crate::mapped::Mapped),
}

impl Bytes {
    /// True when the bytes are a mapped file that shrank under us: parts
    /// of it read as zeros now, and it should be read again.
    pub fn damaged(&self) -> bool {
        matches!(self, Bytes::Mapped(m) if m.damaged())
    }
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Static(s) => s,
            Bytes::Mapped(m) => m,
        }
    }
}

/// An article opened for reading.
#[derive(Clone)]
pub struct Document {
    /// Name shown in the status row (a file name, or "standard input").
    pub name: String,
    /// The raw bytes, shared with background scans.
    pub bytes: Arc<Bytes>,
    /// True when the start of the article has NUL bytes.
    pub looks_binary: bool,
    /// How its newlines are meant, as detected from samples of it
    /// ([`crate::style::detect`]).
    pub detected_style: ParagraphStyle,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("name", &self.name)
            .field("len", &self.len())
            .field("looks_binary", &self.looks_binary)
            .field("detected_style", &self.detected_style)
            .finish()
    }
}

impl Document {
    pub fn new(name: impl Into<String>, bytes: Bytes) -> Self {
        let looks_binary = memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some();
        if let Bytes::Mapped(m) = &bytes {
            // The style windows of a cold file: read at once, not in turn.
            m.will_need(&crate::style::spans(m.len()));
        }
        let detected_style = crate::style::detect(&bytes);
        Document {
            name: name.into(),
            bytes: Arc::new(bytes),
            looks_binary,
            detected_style,
        }
    }

    /// A document from text held in memory (tests, standard input).
    pub fn from_text(name: &str, text: &str) -> Self {
        Document::new(name, Bytes::Owned(text.as_bytes().to_vec()))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_bytes_at_the_start_mean_binary() {
        assert!(Document::new("x", Bytes::Owned(b"\x7fELF\0\0\x01".to_vec())).looks_binary);
        assert!(!Document::from_text("x", "plain “text”").looks_binary);
    }
}
