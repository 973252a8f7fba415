//! Where a block longer than a wrap unit is cut.
//!
//! Rows are wrapped a unit at a time so that the rows around any byte can
//! be found without reading the whole file. A block (the text between two
//! hard breaks) of at most [`SEGMENT`] bytes is one unit wherever it lies.
//! A longer block is cut near every multiple of [`SEGMENT`] bytes of the
//! file inside it, and only there, by a rule that reads a bounded stretch
//! of bytes around that **segment point**:
//!
//! 1. The block holding the point is looked for at most [`SEGMENT`] bytes
//!    back and forward. When both of its ends are found and it is at most
//!    [`SEGMENT`] bytes long, there is no cut.
//! 2. Otherwise the cut is the first row start at or after the point when
//!    the block is wrapped at the layout's width from the unit before: the
//!    cut of the previous point, or the block's start when that is nearer.
//!    So the unit before ends with a row the whole block wrapped from its
//!    start would have, and the cut cannot be seen.
//! 3. That chain is broken every [`CHAIN`] points (an **anchor**), so that
//!    finding any cut wraps at most [`CHAIN`] segments. At an anchor whose
//!    block starts farther back than a segment, the text from [`PROBE`]
//!    bytes before the point is wrapped from two places; where both put a
//!    row start past the point (greedy wrapping started at different
//!    places often falls into step), the cut is there; otherwise it is
//!    after the first sentence end past the point, or at the first
//!    probe's row start. Only there may a row end early, once every
//!    [`CHAIN`] segments of a giant block.
//! 4. When no row starts within [`CUT_SEARCH`] bytes (a very long glyph or
//!    run of blanks), the cut is after the first blank past the point, or
//!    at the first character boundary.
//!
//! So a cut always lies in `[k·SEGMENT, k·SEGMENT + CUT_SEARCH)`, strictly
//! inside a block longer than [`SEGMENT`] bytes, never on a line
//! terminator.

use crate::layout::{is_terminator_at, terminator_start};
use crate::wrap;

/// Bytes between the segment points where a very long block may be cut.
pub const SEGMENT: usize = 16 * 1024;
/// How far past a segment point its cut may lie.
pub(super) const CUT_SEARCH: usize = 1024;
/// How much text before an anchor is wrapped to find its cut.
const PROBE: usize = 4096;
/// Every how many segment points the chain of cuts starts afresh.
pub(super) const CHAIN: usize = 4;
/// Bytes past the last possible cut the probe may read, so that the rows
/// ending there are decided as in the whole block.
const LOOKAHEAD: usize = 256;

/// The cut near segment point `k · SEGMENT` (k ≥ 1) for rows `width`
/// columns wide; `hard(nl)` tells whether the newline at byte `nl` is a
/// hard break, `before()` gives the cut of point `k − 1`. `None` when the
/// point lies between blocks, in a block of at most [`SEGMENT`] bytes, at
/// a block's start, or in its last row.
pub(super) fn cut(
    bytes: &[u8],
    k: usize,
    width: usize,
    hard: &dyn Fn(usize) -> bool,
    before: &dyn Fn() -> Option<usize>,
) -> Option<usize> {
    let s = k * SEGMENT;
    if k == 0 || s >= bytes.len() {
        return None;
    }
    let hard_at = |p: usize| match bytes[p] {
        b'\n' => hard(p),
        b'\r' => bytes.get(p + 1) == Some(&b'\n') && hard(p + 1),
        _ => false,
    };
    if hard_at(s) {
        return None;
    }
    let (start, end) = block_around(bytes, s, hard);
    if let (Some(a), Some(b)) = (start, end)
        && b - a <= SEGMENT
    {
        return None;
    }
    if start == Some(s) {
        return None; // a block starts here: no unit needs to
    }
    let end = end.unwrap_or(bytes.len());
    let usable = |c: usize| {
        c < end && start.is_none_or(|a| c > a) && c < s + CUT_SEARCH && !is_terminator_at(bytes, c)
    };
    let chained = if k.is_multiple_of(CHAIN) {
        None
    } else {
        match (before(), start) {
            (Some(c), a) if a.is_none_or(|a| c > a) => Some(c),
            (_, a) => a,
        }
    };
    let found = match (chained, start) {
        (Some(o), _) | (None, Some(o)) => probe(bytes, s, o, end, width),
        (None, None) => anchor(bytes, s, end, width),
    };
    match found {
        Probe::Row(c) if usable(c) => return Some(c),
        Probe::BlockEnds => return None,
        _ => {}
    }
    let after_blank = bytes[s..(s + CUT_SEARCH).min(end)]
        .iter()
        .position(|&b| b == b' ' || b == b'\n')
        .map(|i| s + i + 1)
        .filter(|&c| usable(c));
    let first_boundary = || {
        let mut c = crate::text::safe_cut(bytes, s);
        while c < end && is_terminator_at(bytes, c) {
            c += 1;
        }
        Some(c).filter(|&c| usable(c))
    };
    after_blank.or_else(first_boundary)
}

/// The cut at an anchor `s` inside a block that starts more than a
/// segment back and ends at `end` (see the module's rule 3).
fn anchor(bytes: &[u8], s: usize, end: usize, width: usize) -> Probe {
    let origin = |back: usize| {
        // Just after a blank, where a row of the whole block may start.
        let base = s - back;
        memchr::memchr2(b' ', b'\n', &bytes[base..s])
            .map_or_else(|| crate::text::safe_cut(bytes, base), |i| base + i + 1)
    };
    let far = probe(bytes, s, origin(PROBE), end, width);
    let near = probe(bytes, s, origin(PROBE / 3), end, width);
    if let (Probe::Row(a), Probe::Row(b)) = (&far, &near)
        && a != b
    {
        let text = &bytes[s..(s + CUT_SEARCH).min(end)];
        let sentence_end = text
            .windows(2)
            .position(|w| matches!(w[0], b'.' | b'!' | b'?') && matches!(w[1], b' ' | b'\n'));
        if let Some(i) = sentence_end {
            return Probe::Row(s + i + 2);
        }
    }
    far
}

/// The block holding content byte `s`, as far as it is found within
/// [`SEGMENT`] bytes each way: its start (just after a hard break, or 0)
/// and its end (where the terminator of that hard break starts, or the end
/// of the document); `None` for an end farther away.
fn block_around(
    bytes: &[u8],
    s: usize,
    hard: &dyn Fn(usize) -> bool,
) -> (Option<usize>, Option<usize>) {
    let floor = s.saturating_sub(SEGMENT + 1);
    let mut start = (floor == 0).then_some(0);
    let mut hay_end = s;
    while let Some(i) = memchr::memrchr(b'\n', &bytes[floor..hay_end]) {
        let nl = floor + i;
        if hard(nl) {
            start = Some(nl + 1);
            break;
        }
        hay_end = nl;
    }
    let ceiling = (s + SEGMENT + 2).min(bytes.len());
    let mut end = (ceiling == bytes.len()).then_some(bytes.len());
    let mut from = s;
    while let Some(i) = memchr::memchr(b'\n', &bytes[from..ceiling]) {
        let nl = from + i;
        if hard(nl) {
            end = Some(terminator_start(bytes, nl));
            break;
        }
        from = nl + 1;
    }
    (start, end)
}

/// What wrapping the text before a segment point finds.
enum Probe {
    /// The first row start at or after the point.
    Row(usize),
    /// The block ends in the row that holds the point: nothing to cut.
    BlockEnds,
    /// No row starts before the probe's end.
    Unknown,
}

/// Wrap the block that ends at `end` from `from` at `width` up to the
/// first row start at or after `s`.
fn probe(bytes: &[u8], s: usize, from: usize, end: usize, width: usize) -> Probe {
    let limit = end.min(s + CUT_SEARCH + LOOKAHEAD);
    let text = &bytes[from..limit];
    let mut row = 0;
    while from + row < s {
        let next = wrap::row_end(text, row, width);
        if next >= text.len() && limit == end {
            return Probe::BlockEnds;
        }
        if next <= row || next >= text.len() {
            return Probe::Unknown;
        }
        row = next;
    }
    Probe::Row(from + row)
}
