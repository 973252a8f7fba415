//! "Did you mean …?": the known name closest to a misspelt one, for the
//! config's messages (option, action, key and mode names).

/// Edit distance (insertions, deletions, substitutions, and swaps of two
/// neighbours) between `a` and `b`, in chars, ignoring ASCII case.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Three rows of the optimal-string-alignment table.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut prev, row);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, when one is close enough to be what
/// was meant: at most a third of its chars differ (at least one may). The
/// first of equally close candidates wins; `word` itself is never offered.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let most = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|&(d, _)| d > 0 && d <= most)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// ` — did you mean "NAME"?` for the closest candidate, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates)
        .map(|c| format!(" — did you mean {c:?}?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_edits_and_swaps() {
        assert_eq!(distance("highlight", "highlight"), 0);
        assert_eq!(distance("hightlight", "highlight"), 1);
        assert_eq!(distance("qiut", "quit"), 1, "a swap is one edit");
        assert_eq!(distance("PageDonw", "pagedown"), 1, "case is ignored");
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn the_closest_name_is_offered_only_when_close() {
        let actions = ["highlight", "quit", "scroll_down", "page_down"];
        assert_eq!(closest("hightlight", actions), Some("highlight"));
        assert_eq!(closest("scroll_dwon", actions), Some("scroll_down"));
        assert_eq!(closest("qit", actions), Some("quit"));
        assert_eq!(closest("fly", actions), None);
        assert_eq!(closest("quit", actions), None, "not itself");
        assert_eq!(
            did_you_mean("hightlight", actions),
            " — did you mean \"highlight\"?"
        );
        assert_eq!(did_you_mean("zzzzzz", actions), "");
    }
}
