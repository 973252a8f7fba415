//! Reading an article's bytes a window at a time, for the long passes over
//! it (searches, the scan). Bytes in memory are borrowed; a memory-mapped
//! file is read with `pread` into a [`Buffer`] (see
//! [`crate::mapped::Reader`]), so the kernel reads ahead of the pass and
//! overlaps the disk with the work, and the pass leaves no page of the file
//! in the process's memory. Offsets are **byte** offsets into the article;
//! ranges are half-open.

use std::ops::Range;

/// Where a pass over an article reads its bytes from, a window at a time.
pub trait Haystack {
    /// The article's length in bytes.
    fn len(&self) -> usize;
    /// True for an empty article.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The bytes of `range` (half-open, inside `0..len()`), borrowed when
    /// they are in memory, else read into `buf`.
    fn window<'a>(&'a self, range: Range<usize>, buf: &'a mut Buffer) -> &'a [u8];
}

/// Bytes of an article read into memory for a pass, and which.
#[derive(Debug, Default)]
pub struct Buffer {
    /// The bytes; only the first `holds.len()` are meaningful.
    pub bytes: Vec<u8>,
    /// The article's byte range the buffer holds (half-open).
    pub holds: Range<usize>,
}

impl Buffer {
    /// Make the buffer hold `range` of the article, keeping what it has of
    /// the start of `range` (a forward pass asks for windows that overlap
    /// the end of the one before); returns how many bytes at the start are
    /// already there. The caller must fill the rest.
    pub fn reuse(&mut self, range: Range<usize>) -> usize {
        let kept = if self.holds.start <= range.start && range.start < self.holds.end {
            let from = range.start - self.holds.start;
            let upto = self.holds.end.min(range.end) - self.holds.start;
            self.bytes.copy_within(from..upto, 0);
            upto - from
        } else {
            0
        };
        if self.bytes.len() < range.len() {
            self.bytes.resize(range.len(), 0);
        }
        self.holds = range;
        kept
    }
}

impl Haystack for [u8] {
    fn len(&self) -> usize {
        <[u8]>::len(self)
    }
    fn window<'a>(&'a self, range: Range<usize>, _buf: &'a mut Buffer) -> &'a [u8] {
        &self[range]
    }
}

/// A haystack for tests that reads into the buffer as a mapped file does,
/// counting the bytes it copies and remembering the widest window.
#[cfg(test)]
pub(crate) struct Copied {
    pub bytes: Vec<u8>,
    pub widest: std::cell::Cell<usize>,
    pub copied: std::cell::Cell<usize>,
}

#[cfg(test)]
impl Copied {
    pub fn new(bytes: &[u8]) -> Copied {
        Copied {
            bytes: bytes.to_vec(),
            widest: std::cell::Cell::new(0),
            copied: std::cell::Cell::new(0),
        }
    }
}

#[cfg(test)]
impl Haystack for Copied {
    fn len(&self) -> usize {
        self.bytes.len()
    }
    fn window<'a>(&'a self, range: Range<usize>, buf: &'a mut Buffer) -> &'a [u8] {
        self.widest.set(self.widest.get().max(range.len()));
        let kept = buf.reuse(range.clone());
        let rest = range.start + kept..range.end;
        self.copied.set(self.copied.get() + rest.len());
        buf.bytes[kept..range.len()].copy_from_slice(&self.bytes[rest]);
        &buf.bytes[..range.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_keeps_what_it_holds_of_the_next_window() {
        let text: Vec<u8> = (0..100u8).collect();
        let hay = Copied::new(&text);
        let mut buf = Buffer::default();
        assert_eq!(hay.window(10..40, &mut buf), &text[10..40]);
        assert_eq!(hay.window(30..70, &mut buf), &text[30..70]);
        assert_eq!(hay.copied.get(), 30 + 30, "10 bytes were kept");
        // Not overlapping the start: read whole.
        assert_eq!(hay.window(5..20, &mut buf), &text[5..20]);
        assert_eq!(hay.copied.get(), 75);
        assert_eq!(hay.widest.get(), 40);
    }
}
