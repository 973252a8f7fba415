//! Where fenced code blocks are, without reading the whole file: the
//! fence-like lines of each 64 KiB chunk are found once (cached), and the
//! state at a line (inside a fence or not) is recovered by replaying the
//! fences from the start of the chunk before the line's chunk — the
//! nearest checkpoint — taken to be outside any fence. So the answer for
//! a line depends on at most 128 KiB before it, and is the same whichever
//! way the reader came (a block of code longer than 64 KiB may be read as
//! text after its first 64 KiB).

use super::lines::{Line, classify};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Bytes per checkpoint.
pub const CHUNK: usize = 64 << 10;
/// Chunks of fences kept before the cache is emptied.
const KEEP: usize = 1024;

/// A fence-like line: where it starts, its character, its length and
/// whether an info string follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fence {
    start: usize,
    ch: u8,
    len: usize,
    info: bool,
}

/// Where a line stands with regard to fenced code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Not in a fenced block.
    Outside,
    /// The line opens one (its info string, if any, is on it).
    Opens,
    /// A line of code.
    Inside,
    /// The line closes one.
    Closes,
}

/// The fences of each chunk, found as asked for.
#[derive(Debug, Default)]
pub struct Fences {
    chunks: RefCell<HashMap<usize, Rc<[Fence]>>>,
}

impl Fences {
    fn chunk(&self, bytes: &[u8], c: usize) -> Rc<[Fence]> {
        if let Some(f) = self.chunks.borrow().get(&c) {
            return f.clone();
        }
        let found: Rc<[Fence]> = find(bytes, c * CHUNK, ((c + 1) * CHUNK).min(bytes.len())).into();
        let mut chunks = self.chunks.borrow_mut();
        if chunks.len() >= KEEP {
            chunks.clear();
        }
        chunks.insert(c, found.clone());
        found
    }

    /// The state of the line that starts at byte `line` (a line start).
    pub fn at(&self, bytes: &[u8], line: usize) -> Code {
        let c = line / CHUNK;
        let from = c.saturating_sub(1);
        let mut open: Option<Fence> = None;
        for k in from..=c {
            for f in self.chunk(bytes, k).iter() {
                if f.start > line {
                    break;
                }
                let here = f.start == line;
                match open {
                    None => {
                        if here {
                            return Code::Opens;
                        }
                        open = Some(*f);
                    }
                    Some(o) if f.ch == o.ch && f.len >= o.len && !f.info => {
                        if here {
                            return Code::Closes;
                        }
                        open = None;
                    }
                    Some(_) if here => return Code::Inside,
                    Some(_) => {}
                }
            }
        }
        if open.is_some() {
            Code::Inside
        } else {
            Code::Outside
        }
    }
}

/// The fence-like lines that start in `[from, to)`.
fn find(bytes: &[u8], from: usize, to: usize) -> Vec<Fence> {
    let mut out = Vec::new();
    for pat in [&b"```"[..], &b"~~~"[..]] {
        let finder = memchr::memmem::Finder::new(pat);
        let hay = &bytes[from..to];
        let mut at = 0;
        while let Some(i) = finder.find(&hay[at..]) {
            let p = from + at + i;
            // The start of the line holding p, within 3 blanks.
            let mut s = p;
            while s > 0 && p - s < 4 && matches!(bytes[s - 1], b' ') {
                s -= 1;
            }
            if s == 0 || bytes[s - 1] == b'\n' {
                let end = memchr::memchr(b'\n', &bytes[p..]).map_or(bytes.len(), |e| p + e);
                if let Line::Fence(ch, len, info) = classify(&bytes[s..end]) {
                    out.push(Fence {
                        start: s,
                        ch,
                        len,
                        info,
                    });
                }
                at = end.min(to) - from;
                if at >= hay.len() {
                    break;
                }
            } else {
                at += i + pat.len();
            }
        }
    }
    out.sort_by_key(|f| f.start);
    out.dedup_by_key(|f| f.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_inside_a_fence_are_code() {
        let text = b"a\n```rust\nlet x;\n```\nb\n~~~\nopen";
        let f = Fences::default();
        assert_eq!(f.at(text, 0), Code::Outside);
        assert_eq!(f.at(text, 2), Code::Opens);
        assert_eq!(f.at(text, 10), Code::Inside);
        assert_eq!(f.at(text, 17), Code::Closes);
        assert_eq!(f.at(text, 21), Code::Outside);
        assert_eq!(f.at(text, 23), Code::Opens);
        assert_eq!(f.at(text, 27), Code::Inside);
    }

    #[test]
    fn a_fence_with_an_info_string_does_not_close() {
        let text = b"```\n```js\n```\nafter";
        let f = Fences::default();
        assert_eq!(f.at(text, 4), Code::Inside);
        assert_eq!(f.at(text, 10), Code::Closes);
        assert_eq!(f.at(text, 14), Code::Outside);
    }
}
