//! Where fenced code blocks are, without reading the whole file: the
//! fence-like lines of each 64 KiB chunk are found once (cached), and the
//! state at a line (inside a fence or not) is recovered by replaying the
//! fences of its chunk from the state at the chunk's start. That state is
//! found once per chunk (cached) by replaying from an earlier checkpoint
//! under both guesses about it: outside any block, and inside one. Where
//! the two replays come to the same state at the chunk's start (a block
//! opened with an info string and closed, say), it is certain; otherwise
//! the checkpoint moves back (1, 2, 4 … 32 chunks), and at the file's start
//! the answer is exact. Past 2 MiB without such a sign (no fence, or none
//! with an info string) the state is taken to be outside at the furthest
//! checkpoint. The answer depends only on the bytes before the line, never
//! on the way the reader came.

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
    /// The state at the start of each chunk asked for.
    starts: RefCell<HashMap<usize, State>>,
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

    /// The state of the line that starts at byte `line` (a line start):
    /// its chunk's fences replayed from the chunk's start.
    pub fn at(&self, bytes: &[u8], line: usize) -> Code {
        self.at_with_fence(bytes, line).0
    }

    /// [`Fences::at`], and where the fence that opens the line's block
    /// starts (the line itself when it opens one); `None` outside a block,
    /// or when the block opened before the checkpoint its state was
    /// recovered from.
    pub fn at_with_fence(&self, bytes: &[u8], line: usize) -> (Code, Option<usize>) {
        let c = line / CHUNK;
        let (state, fence) = self.replay(bytes, c, line, self.state_at_chunk(bytes, c));
        let opener = match (state, fence) {
            (State::Outside, Some(f)) => Some(f.start),
            (State::Open(f), _) => Some(f.start),
            _ => None,
        };
        (code(state, fence), opener)
    }

    /// The state at the start of chunk `c` (byte `c * CHUNK`), found once:
    /// the fences from an earlier chunk's start replayed under both
    /// guesses about that start (outside a block, inside one), moving it
    /// back (1, 2, 4 … [`MAX_BACK`] chunks) until the two agree; from the
    /// file's start the replay is exact, and past [`MAX_BACK`] chunks the
    /// "outside" guess is taken.
    fn state_at_chunk(&self, bytes: &[u8], c: usize) -> State {
        if c == 0 {
            return State::Outside;
        }
        if let Some(&state) = self.starts.borrow().get(&c) {
            return state;
        }
        let at = c * CHUNK;
        let mut back = 1;
        let state = loop {
            let from = c.saturating_sub(back);
            let (outside, _) = self.replay(bytes, from, at, State::Outside);
            if from == 0 || back >= MAX_BACK {
                break outside;
            }
            let (open, _) = self.replay(bytes, from, at, State::OpenUnknown);
            if open == outside {
                break outside;
            }
            back *= 2;
        };
        let mut starts = self.starts.borrow_mut();
        if starts.len() >= KEEP {
            starts.clear();
        }
        starts.insert(c, state);
        state
    }

    /// The state just before the line at byte `line`, replaying the fences
    /// from the start of chunk `from` in state `start`, and the fence that
    /// starts the line, if one does.
    fn replay(
        &self,
        bytes: &[u8],
        from: usize,
        line: usize,
        start: State,
    ) -> (State, Option<Fence>) {
        let mut state = start;
        for k in from..=line / CHUNK {
            for f in self.chunk(bytes, k).iter() {
                if f.start > line {
                    break;
                }
                if f.start == line {
                    return (state, Some(*f));
                }
                state = state.after(f);
            }
        }
        (state, None)
    }
}

/// Chunks looked back at most for a checkpoint where the state is certain.
const MAX_BACK: usize = 32;

/// The fenced-code state between lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Outside,
    /// In the block that `Fence` opened.
    Open(Fence),
    /// In a block opened before the replay began: the first fence without
    /// an info string closes it (most blocks close as they opened).
    OpenUnknown,
}

impl State {
    /// The state after the fence-like line `f`.
    fn after(self, f: &Fence) -> State {
        match self {
            State::Outside => State::Open(*f),
            State::Open(o) if closes(&o, f) => State::Outside,
            State::OpenUnknown if !f.info => State::Outside,
            other => other,
        }
    }
}

/// Whether `f` closes the block that `open` opened.
fn closes(open: &Fence, f: &Fence) -> bool {
    f.ch == open.ch && f.len >= open.len && !f.info
}

/// The code of a line in `state`, started by `fence` if any.
fn code(state: State, fence: Option<Fence>) -> Code {
    match (state, fence) {
        (State::Outside, None) => Code::Outside,
        (State::Outside, Some(_)) => Code::Opens,
        (state, Some(f)) if state.after(&f) == State::Outside => Code::Closes,
        _ => Code::Inside,
    }
}

/// The fence-like lines that start in `[from, to)` (byte offsets; a
/// fence may run past `to`).
fn find(bytes: &[u8], from: usize, to: usize) -> Vec<Fence> {
    let mut out = Vec::new();
    // A line that starts before `to` may hold its fence a few blanks and
    // bytes past it.
    let hay = &bytes[from..(to + 8).min(bytes.len())];
    for pat in [&b"```"[..], &b"~~~"[..]] {
        let finder = memchr::memmem::Finder::new(pat);
        let mut at = 0;
        while let Some(i) = finder.find(&hay[at..]) {
            let p = from + at + i;
            // The start of the line holding p, within 3 blanks.
            let mut s = p;
            while s > 0 && p - s < 4 && matches!(bytes[s - 1], b' ') {
                s -= 1;
            }
            if s >= to {
                break;
            }
            if s >= from && (s == 0 || bytes[s - 1] == b'\n') {
                let end = memchr::memchr(b'\n', &bytes[p..]).map_or(bytes.len(), |e| p + e);
                if let Line::Fence(ch, len, info) = classify(&bytes[s..end]) {
                    out.push(Fence {
                        start: s,
                        ch,
                        len,
                        info,
                    });
                }
                at = end - from;
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
        assert_eq!(f.at_with_fence(text, 10), (Code::Inside, Some(2)));
        assert_eq!(f.at_with_fence(text, 17), (Code::Closes, Some(2)));
        assert_eq!(f.at_with_fence(text, 23), (Code::Opens, Some(23)));
        assert_eq!(f.at_with_fence(text, 21), (Code::Outside, None));
    }

    /// A document of prose and short code blocks (some with an info
    /// string, some without), one of them open across the start of the
    /// second chunk, and its line starts.
    fn blocks_across_chunks() -> (Vec<u8>, Vec<usize>) {
        let mut text = Vec::new();
        let mut n = 0;
        while text.len() < 5 * CHUNK {
            if n % 7 == 0 {
                let info = if n % 3 == 0 { "rust" } else { "" };
                text.extend_from_slice(format!("```{info}\nlet x = {n};\ny();\n```\n").as_bytes());
            } else {
                text.extend_from_slice(
                    format!("Paragraph {n} of plain prose, long enough to fill a line or two.\n\n")
                        .as_bytes(),
                );
            }
            // A block of no info string open across 2 × CHUNK.
            if text.len() > 2 * CHUNK - 200 && text.len() < 2 * CHUNK {
                text.extend_from_slice(b"```\n");
                while text.len() < 2 * CHUNK + 300 {
                    text.extend_from_slice(b"    code across the checkpoint\n");
                }
                text.extend_from_slice(b"```\n");
            }
            n += 1;
        }
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', &text).map(|i| i + 1))
            .filter(|&i| i < text.len())
            .collect();
        (text, starts)
    }

    #[test]
    fn a_block_open_across_a_checkpoint_does_not_turn_the_next_chunk_inside_out() {
        let (text, starts) = blocks_across_chunks();
        // Every line as a replay of every fence from the file's start says.
        let all = find(&text, 0, text.len());
        let exact = |line: usize| {
            let before = all
                .iter()
                .take_while(|f| f.start < line)
                .fold(State::Outside, |s, f| s.after(f));
            code(before, all.iter().find(|f| f.start == line).copied())
        };
        // Asked in any order (here: from the end), the same answers.
        let f = Fences::default();
        for &line in starts.iter().rev() {
            assert_eq!(f.at(&text, line), exact(line), "line at byte {line}");
        }
        let prose = starts
            .iter()
            .copied()
            .find(|&l| l > 3 * CHUNK + 10 && text[l..].starts_with(b"Paragraph"))
            .unwrap();
        assert_eq!(f.at(&text, prose), Code::Outside);
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
