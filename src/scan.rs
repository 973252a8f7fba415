//! One pass over an article, meant for a background thread: checkpoints
//! for char offsets and paragraph numbers, paragraph totals, the content
//! hash (SHA-256 of the decoded, LF-normalised text), and the headings of
//! its outline (see [`crate::outline`]).

use crate::haystack::{Buffer, Haystack};
use crate::outline::Collector;
use crate::text::{CHECKPOINT_BYTES, Paragraphs, count_chars, safe_cut};
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
    /// Byte offset of the first invalid UTF-8 in the text (`None`: it is
    /// valid UTF-8), as `std::str::from_utf8` of the whole would say: the
    /// evidence for [`crate::encoding::redecide`], found by the hash's own
    /// UTF-8 check of each window (no pass of its own).
    pub first_invalid: Option<u64>,
}

/// Bytes before a chunk that its paragraph count looks at (whether the
/// line ending at the chunk's first newline is empty: up to a CRLF back).
const LOOK_BACK: usize = 2;
/// Bytes past a chunk's nominal end that finding a safe cut (at most 4)
/// and the paragraph count (whether the next line is empty: up to a CRLF)
/// look at.
const LOOK_AHEAD: usize = 8;

/// Scan `bytes`, reporting a checkpoint every [`CHECKPOINT_BYTES`].
/// Returns `None` if `cancel` was set.
pub fn scan(
    bytes: &[u8],
    cancel: &AtomicBool,
    on_checkpoint: impl FnMut(Checkpoint),
) -> Option<Summary> {
    scan_in(bytes, cancel, on_checkpoint)
}

/// [`scan`] any [`Haystack`], a window of about [`CHECKPOINT_BYTES`] at a
/// time, each read once and in order.
pub fn scan_in<H: Haystack + ?Sized>(
    hay: &H,
    cancel: &AtomicBool,
    mut on_checkpoint: impl FnMut(Checkpoint),
) -> Option<Summary> {
    scan_outline(hay, cancel, &mut Collector::off(), |cp, _| {
        on_checkpoint(cp)
    })
}

/// [`scan_in`] that also finds the article's headings with `outline`:
/// each window is fed to it, `on_checkpoint` may take what it found so
/// far, and at the end it is finished (what it found last is left in it).
pub fn scan_outline<H: Haystack + ?Sized>(
    hay: &H,
    cancel: &AtomicBool,
    outline: &mut Collector,
    mut on_checkpoint: impl FnMut(Checkpoint, &mut Collector),
) -> Option<Summary> {
    let len = hay.len();
    let mut hasher = Sha256::new();
    let mut buf = Buffer::default();
    let mut at = 0;
    let mut first_invalid = None;
    let mut cp = Checkpoint {
        byte: 0,
        chars: 0,
        paragraphs: (0, 0),
    };
    while at < len {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        // A window ending before the article does ends past everything the
        // chunk's cut and counts look at, so they see what they would in
        // the whole text; one ending with it is the text's own end.
        let lo = at.saturating_sub(LOOK_BACK);
        let hi = (at + CHECKPOINT_BYTES + LOOK_AHEAD).min(len);
        let window = hay.window(lo..hi, &mut buf);
        let end = safe_cut(window, at + CHECKPOINT_BYTES - lo);
        let chunk = &window[at - lo..end];
        let bad = hash_decoded(&mut hasher, chunk);
        if first_invalid.is_none() {
            first_invalid = bad.map(|b| (at + b) as u64);
        }
        // One pass finds the newlines for the outline and the counts.
        let (mut count, from) = (Paragraphs::default(), at - lo);
        outline.feed_counting(chunk, |nl| count.newline(window, from + nl));
        count.stop(window, end);
        cp.chars += count_chars(chunk);
        cp.paragraphs.0 += count.per_line;
        cp.paragraphs.1 += count.blocks;
        at = lo + end;
        cp.byte = at as u64;
        if at < len {
            on_checkpoint(cp, outline);
        }
    }
    outline.finish();
    Some(Summary {
        hash: hex(&hasher.finalize()),
        chars: cp.chars,
        paragraphs: cp.paragraphs,
        first_invalid,
    })
}

/// Feed the decoded, LF-normalised form of `chunk` (cut at safe cuts) to
/// the hasher without building it whole when it is clean already; the
/// offset in `chunk` of its first invalid UTF-8, if any.
fn hash_decoded(hasher: &mut Sha256, chunk: &[u8]) -> Option<usize> {
    let has_cr = memchr::memchr(b'\r', chunk).is_some();
    let checked = std::str::from_utf8(chunk);
    match checked {
        Ok(_) if !has_cr => hasher.update(chunk),
        _ => {
            let text = String::from_utf8_lossy(chunk);
            hasher.update(text.replace("\r\n", "\n").as_bytes());
        }
    }
    checked.err().map(|e| e.valid_up_to())
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
    use crate::outline::Kind;
    use crate::text::paragraphs_ending;

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

    /// The scan's answers for `text`, checked against whole-text counts.
    fn check_scan(hay: &(impl Haystack + ?Sized), text: &[u8]) {
        for outline in [
            Collector::off(),
            Collector::new(Kind::Plain),
            Collector::new(Kind::Markdown),
        ] {
            check_scan_with(hay, text, outline);
        }
    }

    /// [`check_scan`] with the outline's collector `outline` sharing the
    /// pass that finds newlines.
    fn check_scan_with(hay: &(impl Haystack + ?Sized), text: &[u8], mut outline: Collector) {
        let mut cps = Vec::new();
        let cancel = AtomicBool::new(false);
        let s = scan_outline(hay, &cancel, &mut outline, |c, _| cps.push(c)).unwrap();
        assert_eq!(s.hash, content_hash(text));
        assert_eq!(s.chars, count_chars(text));
        assert_eq!(s.paragraphs, paragraphs_ending(text, 0, text.len()));
        let bad = std::str::from_utf8(text)
            .err()
            .map(|e| e.valid_up_to() as u64);
        assert_eq!(s.first_invalid, bad, "as a check of the whole text says");
        for c in cps {
            let before = &text[..c.byte as usize];
            assert_eq!(c.chars, count_chars(before));
            assert_eq!(c.paragraphs, paragraphs_ending(text, 0, c.byte as usize));
        }
    }

    #[test]
    fn windows_cut_anywhere_count_like_the_whole_text() {
        // A CRLF, a multi-byte or invalid sequence, or an empty line right
        // at (or a few bytes around) the end of a scan window.
        let pieces: [&[u8]; 7] = [
            b"\r\n",
            "é".as_bytes(),
            "漢".as_bytes(),
            b"\n\n",
            b"\r\n\r\n",
            b"\xff\xfe",
            "👩".as_bytes(),
        ];
        for d in 0..10 {
            for piece in pieces {
                let mut text = vec![b'x'; CHECKPOINT_BYTES - d];
                text.extend_from_slice(piece);
                text.extend_from_slice(b"tail\n");
                text.extend(std::iter::repeat_n(b'y', CHECKPOINT_BYTES - 3));
                text.extend_from_slice(piece);
                text.extend_from_slice(piece);
                check_scan(&text[..], &text);
                let copied = crate::haystack::Copied::new(&text);
                check_scan(&copied, &text);
                let scans = 3; // the outline off, plain, Markdown
                assert_eq!(
                    copied.copied.get(),
                    scans * text.len(),
                    "each byte read once"
                );
            }
        }
    }

    #[test]
    fn the_scan_finds_the_outline_of_the_whole_text() {
        use crate::outline::headings;
        // Headings on both sides of window ends, one cut by an end.
        let mut text = Vec::new();
        for i in 0..40 {
            text.extend_from_slice(format!("\n\nCHAPTER {}\n\n", i + 1).as_bytes());
            text.extend(std::iter::repeat_n(b'x', CHECKPOINT_BYTES / 7 - 3));
        }
        let whole = headings(Kind::Plain, &text);
        assert_eq!(whole.len(), 40);
        let mut outline = Collector::new(Kind::Plain);
        let mut found = Vec::new();
        let copied = crate::haystack::Copied::new(&text);
        scan_outline(&copied, &AtomicBool::new(false), &mut outline, |_, o| {
            found.extend(o.take())
        })
        .unwrap();
        assert!(!found.is_empty(), "some are known before the end");
        found.extend(outline.take());
        assert_eq!(found, whole);
        check_scan(&text[..], &text);
    }

    /// Short lines, hard-wrapped paragraphs, CRLF and lines cut by window
    /// ends: the counts found on the outline's pass are the whole text's.
    #[test]
    fn the_outline_s_pass_counts_paragraphs_like_the_whole_text() {
        let mut text = String::from("# Title\n\n");
        for i in 0..30_000 {
            text.push_str(match i % 7 {
                0 => "\n",
                3 => "a line ended by CRLF\r\n",
                5 => "\r\n",
                _ => "a short line of running text\n",
            });
        }
        text.push_str("the last line, with no newline");
        check_scan(text.as_bytes(), text.as_bytes());
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
