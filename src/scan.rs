//! One pass over an article, meant for a background thread: checkpoints
//! for char offsets and paragraph numbers, paragraph totals, and the
//! content hash (SHA-256 of the decoded, LF-normalised text).

use crate::text::{CHECKPOINT_BYTES, count_chars, paragraphs_ending, safe_cut};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicBool, Ordering};

/// Where the scan has got to: at safe cut `byte`, `chars` decoded chars
/// and `paragraphs` (one-per-line, hard-wrapped) paragraphs lie before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    pub byte: u64,
    pub chars: u64,
    pub paragraphs: (u64, u64),
}

/// The result of a finished scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Hex SHA-256 of the decoded, LF-normalised text.
    pub hash: String,
    pub chars: u64,
    pub paragraphs: (u64, u64),
}

/// Scan `bytes`, reporting a checkpoint every [`CHECKPOINT_BYTES`].
/// Returns `None` if `cancel` was set.
pub fn scan(
    bytes: &[u8],
    cancel: &AtomicBool,
    on_checkpoint: impl FnMut(Checkpoint),
) -> Option<Summary> {
    scan_releasing(bytes, cancel, on_checkpoint, |_| {})
}

/// [`scan`], calling `release` with each byte range once it has been read
/// (so memory-mapped pages can be given back).
pub fn scan_releasing(
    bytes: &[u8],
    cancel: &AtomicBool,
    mut on_checkpoint: impl FnMut(Checkpoint),
    mut release: impl FnMut(std::ops::Range<usize>),
) -> Option<Summary> {
    let mut hasher = Sha256::new();
    let mut at = 0;
    let mut cp = Checkpoint {
        byte: 0,
        chars: 0,
        paragraphs: (0, 0),
    };
    while at < bytes.len() {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let end = safe_cut(bytes, at + CHECKPOINT_BYTES);
        let chunk = &bytes[at..end];
        hash_decoded(&mut hasher, chunk);
        cp.chars += count_chars(chunk);
        let (a, b) = paragraphs_ending(bytes, at, end);
        cp.paragraphs.0 += a;
        cp.paragraphs.1 += b;
        cp.byte = end as u64;
        release(at..end);
        at = end;
        if at < bytes.len() {
            on_checkpoint(cp);
        }
    }
    Some(Summary {
        hash: hex(&hasher.finalize()),
        chars: cp.chars,
        paragraphs: cp.paragraphs,
    })
}

/// Feed the decoded, LF-normalised form of `chunk` (cut at safe cuts) to
/// the hasher without building it whole when it is clean already.
fn hash_decoded(hasher: &mut Sha256, chunk: &[u8]) {
    let has_cr = memchr::memchr(b'\r', chunk).is_some();
    match std::str::from_utf8(chunk) {
        Ok(_) if !has_cr => hasher.update(chunk),
        _ => {
            let text = String::from_utf8_lossy(chunk);
            hasher.update(text.replace("\r\n", "\n").as_bytes());
        }
    }
}

/// The content hash of a text in memory (used for small articles and tests).
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hash_decoded(&mut hasher, bytes);
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_of_decoded_lf_text() {
        assert_eq!(content_hash(b"a\r\nb"), content_hash(b"a\nb"));
        assert_eq!(
            content_hash(b"a\xffb"),
            content_hash("a\u{fffd}b".as_bytes())
        );
        assert_eq!(
            content_hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn scan_matches_whole_text_counts() {
        let text = "é漢 line\r\n\nnext “para”\n".repeat(100_000);
        let mut cps = Vec::new();
        let s = scan(text.as_bytes(), &AtomicBool::new(false), |c| cps.push(c)).unwrap();
        assert!(cps.len() >= 2);
        assert_eq!(s.hash, content_hash(text.as_bytes()));
        assert_eq!(s.chars, count_chars(text.as_bytes()));
        assert_eq!(s.paragraphs, (200_000, 100_001));
        for c in cps {
            assert_eq!(c.chars, count_chars(&text.as_bytes()[..c.byte as usize]));
        }
    }
}
