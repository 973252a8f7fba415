//! Placing notes on a text, always through [`crate::anchor`].

use crate::anchor::{self, Placement, Summary};
use crate::annotation::{Annotation, rfc3339};

/// The article changed since `all` were saved: place the live ones on
/// `text` (its decoded, LF-normalised text) again. One that lands
/// elsewhere (or approximately, or nowhere) is changed like any other
/// change: its `updated` becomes `now_millis` (never earlier than it was),
/// so it wins when the sidecar on disk, with the old places, is merged in.
pub fn place_again(text: &str, all: &mut [Annotation], now_millis: u64) -> Summary {
    let live: Vec<usize> = (0..all.len()).filter(|&i| all[i].is_live()).collect();
    let mut subset: Vec<Annotation> = live.iter().map(|&i| all[i].clone()).collect();
    let placed = anchor::reanchor(text, &subset);
    let summary = anchor::apply(&mut subset, &placed);
    let now = rfc3339(now_millis);
    for (&i, mut a) in live.iter().zip(subset) {
        if a != all[i] {
            a.updated = now.clone().max(a.updated.clone());
        }
        all[i] = a;
    }
    summary
}

/// Notes made on another copy of the article (`annotty import`), placed on
/// `text` as the reader places notes on a changed article: exact where
/// they were, exact elsewhere by quote and context, approximately
/// (`state = "fuzzy"`), or kept at their old range as orphans. One found
/// exactly where it says it is keeps the state it came with (the reader
/// does not place again notes on the text they were made on); every
/// placed one gets its context from `text`. Times are left as they came.
pub fn place_foreign(text: &str, list: &mut [Annotation]) -> Summary {
    let placed = anchor::reanchor(text, list);
    let mut summary = Summary::default();
    for (a, p) in list.iter_mut().zip(&placed) {
        if matches!(p.placement, Placement::Exact { start, end } if (start, end) == (a.start, a.end))
        {
            a.prefix.clone_from(&p.prefix);
            a.suffix.clone_from(&p.suffix);
            continue;
        }
        let one = anchor::apply(std::slice::from_mut(a), std::slice::from_ref(p));
        summary.moved += one.moved;
        summary.fuzzy += one.fuzzy;
        summary.orphaned += one.orphaned;
    }
    summary
}
