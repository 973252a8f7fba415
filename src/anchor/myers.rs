//! Bit-parallel edit distance (Myers 1999), in blocks of 64 pattern chars
//! (Hyyrö 2003) so that patterns of any length work the same way.
//!
//! The dynamic-programming matrix has a row per pattern char and a column
//! per text char; `D[i][j]` is the edit distance (unit cost insertions,
//! deletions, substitutions) between the first `i` pattern chars and some
//! text ending after text char `j`. A [`Column`] keeps one column as bit
//! vectors of the vertical differences (+1/−1 between neighbouring rows)
//! and the value of the last row, and moves one text char to the right in
//! `⌈m/64⌉` word operations.
//!
//! Chars are Unicode scalar values, the unit of every offset in annotty.

const WORD: usize = 64;

/// A pattern prepared for matching: for every char, a bit mask per block
/// of the pattern positions that hold it.
pub(super) struct Pattern {
    len: usize,
    blocks: usize,
    /// The bit of the pattern's last char in the last block.
    last_bit: u64,
    /// `ascii[c * blocks + b]`: positions of block `b` holding ASCII `c`.
    ascii: Vec<u64>,
    /// The pattern's other chars, sorted, and their masks (`blocks` each).
    others: Vec<char>,
    other_masks: Vec<u64>,
    /// The masks of a char that is not in the pattern.
    none: Vec<u64>,
}

impl Pattern {
    pub(super) fn new(chars: impl IntoIterator<Item = char>) -> Pattern {
        let chars: Vec<char> = chars.into_iter().collect();
        let len = chars.len();
        let blocks = len.div_ceil(WORD).max(1);
        let mut others: Vec<char> = chars.iter().copied().filter(|c| !c.is_ascii()).collect();
        others.sort_unstable();
        others.dedup();
        let mut ascii = vec![0; 128 * blocks];
        let mut other_masks = vec![0; others.len() * blocks];
        for (i, &c) in chars.iter().enumerate() {
            let (block, bit) = (i / WORD, 1u64 << (i % WORD));
            if c.is_ascii() {
                ascii[c as usize * blocks + block] |= bit;
            } else if let Ok(k) = others.binary_search(&c) {
                other_masks[k * blocks + block] |= bit;
            }
        }
        Pattern {
            len,
            blocks,
            last_bit: 1 << ((len.max(1) - 1) % WORD),
            ascii,
            others,
            other_masks,
            none: vec![0; blocks],
        }
    }

    /// Length in chars.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    fn masks(&self, c: char) -> &[u64] {
        if c.is_ascii() {
            return &self.ascii[c as usize * self.blocks..][..self.blocks];
        }
        match self.others.binary_search(&c) {
            Ok(k) => &self.other_masks[k * self.blocks..][..self.blocks],
            Err(_) => &self.none,
        }
    }
}

/// One column of the matrix of a pattern against a text read char by char.
pub(super) struct Column<'p> {
    pattern: &'p Pattern,
    /// Rows where the value grows (`pv`) or shrinks (`mv`) by one from the
    /// row above.
    pv: Vec<u64>,
    mv: Vec<u64>,
    /// `D[m][j]`: the last row's value.
    last: usize,
    /// Difference along row 0 from one column to the next: 0 when a match
    /// may start anywhere (`D[0][j] = 0`), 1 when it must start at the
    /// text's first char (`D[0][j] = j`).
    top: i32,
}

impl<'p> Column<'p> {
    /// Column 0 (`D[i][0] = i`). `anchored`: matches start at the text's
    /// first char (edit distance to a prefix of the text) rather than
    /// anywhere (approximate search).
    pub(super) fn new(pattern: &'p Pattern, anchored: bool) -> Column<'p> {
        Column {
            pattern,
            pv: vec![!0; pattern.blocks],
            mv: vec![0; pattern.blocks],
            last: pattern.len,
            top: i32::from(anchored),
        }
    }

    /// Read one more text char; returns the new `D[m][j]`.
    pub(super) fn step(&mut self, c: char) -> usize {
        let masks = self.pattern.masks(c);
        let last_block = self.pattern.blocks - 1;
        // Horizontal difference entering the block from the row above.
        let mut h_in = self.top;
        for (b, &mask) in masks.iter().enumerate() {
            let (pv, mv) = (self.pv[b], self.mv[b]);
            let mut eq = mask;
            let xv = eq | mv;
            if h_in < 0 {
                eq |= 1;
            }
            let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            let bottom = if b == last_block {
                self.pattern.last_bit
            } else {
                1 << (WORD - 1)
            };
            let h_out = i32::from(ph & bottom != 0) - i32::from(mh & bottom != 0);
            ph <<= 1;
            mh <<= 1;
            if h_in < 0 {
                mh |= 1;
            } else if h_in > 0 {
                ph |= 1;
            }
            self.pv[b] = mh | !(xv | ph);
            self.mv[b] = ph & xv;
            h_in = h_out;
        }
        self.last = self.last.wrapping_add_signed(h_in as isize);
        self.last
    }
}

/// The edit distance between `pattern` and the prefix of `text` closest to
/// it, reading at most `limit` chars: `(distance, chars of that prefix)`.
/// Among equally close prefixes the one whose length is nearest the
/// pattern's wins, then the shorter. A prefix longer than `len + d` chars
/// is at least `d + 1` away, so `limit = 2 * len` never misses the best.
pub(super) fn prefix_distance(
    pattern: &Pattern,
    text: impl Iterator<Item = char>,
    limit: usize,
) -> (usize, usize) {
    let m = pattern.len;
    let mut best = (m, 0);
    if m == 0 {
        return best;
    }
    let mut column = Column::new(pattern, true);
    for (j, c) in text.take(limit).enumerate() {
        let d = column.step(c);
        let n = j + 1;
        if d < best.0 || (d == best.0 && n.abs_diff(m) < best.1.abs_diff(m)) {
            best = (d, n);
        }
    }
    best
}
