use super::chars::Chars;
use super::myers::{Column, Pattern, prefix_distance};
use super::*;
use crate::annotation::CONTEXT_CHARS;
use crate::annotation::State;
use proptest::prelude::*;

// ---------------------------------------------------------------- helpers

/// An annotation of chars `start..end` of `text`, with its quote and
/// context taken the way the reader takes them.
fn annotation_at(text: &str, start: usize, end: usize) -> Annotation {
    let chars: Vec<char> = text.chars().collect();
    let collect = |r: std::ops::Range<usize>| chars[r].iter().collect::<String>();
    Annotation {
        id: format!("a{start:06}-{end:06}"),
        start: CharPos(start as u64),
        end: CharPos(end as u64),
        quote: collect(start..end),
        prefix: collect(start.saturating_sub(CONTEXT_CHARS)..start),
        suffix: collect(end..(end + CONTEXT_CHARS).min(chars.len())),
        tag: "highlight".into(),
        note: String::new(),
        created: "2026-01-01T00:00:00.000Z".into(),
        updated: "2026-01-01T00:00:00.000Z".into(),
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: toml::Table::new(),
    }
}

/// `text` without the first `open`…`close` pair, and the char range it
/// marked.
fn unmark(text: &str, open: char, close: char) -> (String, usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let start = chars
        .iter()
        .position(|&c| c == open)
        .expect("a marked span");
    let end = chars
        .iter()
        .position(|&c| c == close)
        .expect("a marked span")
        - 1;
    let plain = chars.iter().filter(|&&c| c != open && c != close).collect();
    (plain, start, end)
}

/// `text` with chars `start..end` put between `open` and `close`.
fn mark(text: &str, start: CharPos, end: CharPos, open: char, close: char) -> String {
    let (start, end) = (start.0, end.0);
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i as u64 == start {
            out.push(open);
        }
        if i as u64 == end {
            out.push(close);
        }
        out.push(c);
    }
    if end as usize == text.chars().count() {
        out.push(close);
    }
    out
}

/// Highlight the `[span]` of `before`, change the text to `after`, and
/// show where the highlight lands: `[exact]`, `{fuzzy}` or `orphan`.
fn moved(before: &str, after: &str) -> String {
    assert!(!after.contains(['[', ']', '{', '}']), "markers in the text");
    let (plain, start, end) = unmark(before, '[', ']');
    let placed = reanchor(after, &[annotation_at(&plain, start, end)]);
    assert_eq!(placed.len(), 1);
    assert_context(after, &placed[0]);
    match placed[0].placement {
        Placement::Exact { start, end } => mark(after, start, end, '[', ']'),
        Placement::Fuzzy { start, end, score } => {
            assert!((FUZZY_THRESHOLD..=1.0).contains(&score), "score {score}");
            mark(after, start, end, '{', '}')
        }
        Placement::Orphan => "orphan".into(),
    }
}

/// The placed prefix and suffix are the new text's context.
fn assert_context(text: &str, placed: &Placed) {
    let Some((start, end)) = placed.placement.range() else {
        assert_eq!((placed.prefix.as_str(), placed.suffix.as_str()), ("", ""));
        return;
    };
    let a = annotation_at(text, start.0 as usize, end.0 as usize);
    assert_eq!((&placed.prefix, &placed.suffix), (&a.prefix, &a.suffix));
}

/// A small deterministic generator (SplitMix64) for articles and edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "a",
    "to",
    "in",
    "river",
    "stone",
    "light",
    "naïve",
    "café",
    "über",
    "漢字",
    "—",
    "“quoted”",
    "it’s",
    "👩\u{200d}💻",
    "Ελλάδα",
    "fox",
    "I",
    "was",
    "morning",
];
const PHRASES: &[&str] = &[
    "in the middle of the night",
    "as far as the eye could see",
    "the river and the stone",
    "the river and the light",
];

/// About `chars` chars of words, repeated phrases, lines and paragraphs.
fn article(rng: &mut Rng, chars: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    while n < chars {
        let piece = match rng.below(10) {
            0 => PHRASES[rng.below(PHRASES.len())],
            _ => WORDS[rng.below(WORDS.len())],
        };
        let gap = match rng.below(40) {
            0 => "\n\n",
            1 | 2 => "\n",
            3 | 4 => ", ",
            _ => " ",
        };
        out.push_str(piece);
        out.push_str(gap);
        n += piece.chars().count() + gap.chars().count();
    }
    out.chars().take(chars).collect()
}

// ------------------------------------------------------------ golden tests

#[test]
fn insertion_before_the_span() {
    assert_eq!(
        moved(
            "The ferry left the pier at dawn. The captain said we would cross the bay and reach the [stone harbour] by noon.",
            "The ferry left the pier at dawn. After a long wait, with the engine coughing and the deck still wet from the night, the captain said we would cross the bay and reach the stone harbour by noon.",
        ),
        "The ferry left the pier at dawn. After a long wait, with the engine coughing and the deck still wet from the night, the captain said we would cross the bay and reach the [stone harbour] by noon.",
    );
}

#[test]
fn deletion_before_the_span() {
    assert_eq!(
        moved(
            "Chapter 1.\n\nA long preface nobody reads.\n\nThe morning was grey over the estuary, and the [gulls were already quarrelling].",
            "Chapter 1.\n\nThe morning was grey over the estuary, and the gulls were already quarrelling.",
        ),
        "Chapter 1.\n\nThe morning was grey over the estuary, and the [gulls were already quarrelling].",
    );
}

#[test]
fn edit_inside_the_span_is_fuzzy_on_the_edited_text() {
    assert_eq!(
        moved(
            "The tide was [high in the morning, it was low] in the evening, it was a calm week.",
            "Intro. The tide was high in the morning, it was slow in the evening, it was a calm week.",
        ),
        "Intro. The tide was {high in the morning, it was slow} in the evening, it was a calm week.",
    );
}

#[test]
fn deleted_passage_is_orphaned() {
    assert_eq!(
        moved(
            "First, about cats.\n\nSecond: [the quick brown fox jumps over the lazy dog].\n\nThird, about the birds.",
            "First, about cats.\n\nThird, about the birds.",
        ),
        "orphan",
    );
}

#[test]
fn repeated_phrase_goes_to_the_occurrence_with_its_context() {
    assert_eq!(
        moved(
            "Rule one: wash your hands before cooking. Rule two: [wash your hands] after gardening. Rule three: wash your hands before eating.",
            "Rules.\nRule zero: wash your hands often. Rule one: wash your hands before cooking. Rule two: wash your hands after gardening. Rule three: wash your hands before eating.",
        ),
        "Rules.\nRule zero: wash your hands often. Rule one: wash your hands before cooking. Rule two: [wash your hands] after gardening. Rule three: wash your hands before eating.",
    );
}

#[test]
fn quote_shifted_under_the_old_range_is_not_kept_without_its_context() {
    // The insertion puts the first "wash your hands" exactly where the
    // second one was: the quote matches there, its context does not.
    let before =
        "Rule one: wash your hands before cooking. Rule two: [wash your hands] after gardening.";
    let after = "Rule one (the one that everybody forgets to apply): wash your hands before cooking. Rule two: wash your hands after gardening.";
    let (_, start, end) = unmark(before, '[', ']');
    let under: String = after.chars().skip(start).take(end - start).collect();
    assert_eq!(under, "wash your hands");
    assert_eq!(
        moved(before, after),
        "Rule one (the one that everybody forgets to apply): wash your hands before cooking. Rule two: [wash your hands] after gardening.",
    );
}

#[test]
fn reflowed_paragraph() {
    let hard = "The committee met on Tuesday and, after a long\ndebate about the budget, agreed to postpone\nthe vote until spring. Members were tired.";
    let soft = hard.replace('\n', " ");
    // Newlines become spaces: a span across a line break is one edit off;
    // one with a line break only in its context is still exact.
    let across = "The committee met on Tuesday and, after a long\ndebate about the budget, [agreed to postpone\nthe vote] until spring. Members were tired.";
    assert_eq!(
        moved(across, &soft),
        "The committee met on Tuesday and, after a long debate about the budget, {agreed to postpone the vote} until spring. Members were tired.",
    );
    let beside = "The committee met on Tuesday and, after a long\n[debate about the budget], agreed to postpone\nthe vote until spring. Members were tired.";
    assert_eq!(
        moved(beside, &soft),
        "The committee met on Tuesday and, after a long [debate about the budget], agreed to postpone the vote until spring. Members were tired.",
    );
    // And back.
    let across = "The committee met on Tuesday and, after a long debate about the budget, [agreed to postpone the vote] until spring. Members were tired.";
    assert_eq!(
        moved(across, hard),
        "The committee met on Tuesday and, after a long\ndebate about the budget, {agreed to postpone\nthe vote} until spring. Members were tired.",
    );
}

#[test]
fn line_breaks_converted_to_lf() {
    // CRLF → LF: both decode to the same text, so nothing moves.
    let old = crate::text::decode(b"One line.\r\nTwo lines.\r\n", 0..23);
    assert_eq!(old, "One line.\nTwo lines.\n");
    let new = crate::text::decode(b"One line.\nTwo lines.\n", 0..21);
    assert_eq!(
        moved("One line.\n[Two lines].\n", &new),
        "One line.\n[Two lines].\n"
    );
    // Old Mac line breaks (a lone CR is not normalised) → LF: each one in
    // the span is an edit; in the context only, the span stays exact.
    let after = "Dear Sir,\nI write about the fence\nbetween our gardens.\nYours, Ann";
    assert_eq!(
        moved(
            "Dear Sir,\r[I write about the fence\rbetween our gardens].\rYours, Ann",
            after
        ),
        "Dear Sir,\n{I write about the fence\nbetween our gardens}.\nYours, Ann",
    );
    assert_eq!(
        moved(
            "Dear Sir,\rI write about [the fence]\rbetween our gardens.\rYours, Ann",
            after
        ),
        "Dear Sir,\nI write about [the fence]\nbetween our gardens.\nYours, Ann",
    );
}

#[test]
fn curly_quotes_turned_straight() {
    assert_eq!(
        moved(
            "She said, [“It’s not the size of the dog in the fight.”] Then she left the room.",
            "She said, \"It's not the size of the dog in the fight.\" Then she left the room.",
        ),
        "She said, {\"It's not the size of the dog in the fight.\"} Then she left the room.",
    );
    // Only the context changed: still exact.
    assert_eq!(
        moved(
            "He wrote “the [end of the affair]” and stopped.",
            "He wrote \"the end of the affair\" and stopped.",
        ),
        "He wrote \"the [end of the affair]\" and stopped.",
    );
}

#[test]
fn long_quote_with_edits_is_fuzzy() {
    // Longer than 64 chars: the blocked search finds it whole.
    let sentence = "Whenever I find myself growing grim about the mouth, whenever it is a damp drizzly November in my soul, I account it high time to get to sea.";
    let before = format!("Intro. [{sentence}] Outro.");
    let edited = sentence
        .replace("damp", "cold")
        .replace("November", "December");
    let after = format!("Longer intro here. {edited} Outro.");
    assert_eq!(
        moved(&before, &after),
        format!("Longer intro here. {{{edited}}} Outro.")
    );
}

#[test]
fn paragraph_moved_far_away_is_found_in_the_whole_text() {
    let filler = article(&mut Rng(7), 100_000);
    let paragraph = "Owls. They say the [sentence about owls] is somewhere in this paragraph.";
    let before = format!("Start.\n\n{paragraph}\n\n{filler}");
    let after = format!(
        "Start.\n\n{filler}\n\n{}",
        paragraph.replace(['[', ']'], "")
    );
    let placed = moved(&before, &after);
    assert!(
        placed.ends_with(
            "\n\nOwls. They say the [sentence about owls] is somewhere in this paragraph."
        )
    );
}

#[test]
fn same_text_keeps_every_annotation_in_place() {
    let text = article(&mut Rng(1), 5_000);
    let all: Vec<Annotation> = (0..500)
        .map(|i| annotation_at(&text, i * 9, i * 9 + 7))
        .collect();
    for (a, p) in all.iter().zip(reanchor(&text, &all)) {
        assert_eq!(
            p.placement,
            Placement::Exact {
                start: a.start,
                end: a.end
            }
        );
        assert_eq!((&p.prefix, &p.suffix), (&a.prefix, &a.suffix));
    }
}

#[test]
fn thousands_of_annotations_follow_an_insertion_in_input_order() {
    // More than one chunk, so the threads' results must be put back in
    // the input order.
    let text = article(&mut Rng(2), 60_000);
    let mut all: Vec<Annotation> = (0..3 * CHUNK)
        .map(|i| annotation_at(&text, 100 + i * 19, 100 + i * 19 + 12))
        .collect();
    all.reverse();
    let inserted = "A new opening paragraph, with some words.\n\n";
    let after = format!("{inserted}{text}");
    let shift = inserted.chars().count() as u64;
    let placed = reanchor(&after, &all);
    assert_eq!(placed.len(), all.len());
    for (a, p) in all.iter().zip(&placed) {
        assert_eq!(
            p.placement,
            Placement::Exact {
                start: a.start + shift,
                end: a.end + shift
            }
        );
    }
}

#[test]
fn empty_quote_is_orphaned() {
    let mut a = annotation_at("abc", 1, 1);
    a.quote.clear();
    assert_eq!(reanchor("abc", &[a])[0].placement, Placement::Orphan);
}

// ------------------------------------------------------------------ apply

#[test]
fn apply_writes_ranges_states_and_scores() {
    let text = "one two three four five six seven";
    let mut all = vec![
        annotation_at(text, 4, 7),
        annotation_at(text, 8, 13),
        annotation_at(text, 14, 18),
    ];
    all[0].state = State::Fuzzy;
    all[0].score = Some(0.8);
    all[0]
        .extra
        .insert("color".into(), toml::Value::String("kept".into()));
    let placed = vec![
        Placed {
            placement: Placement::Exact {
                start: CharPos(10),
                end: CharPos(13),
            },
            prefix: "p".into(),
            suffix: "s".into(),
        },
        Placed {
            placement: Placement::Fuzzy {
                start: CharPos(20),
                end: CharPos(24),
                score: 0.87654,
            },
            prefix: "q".into(),
            suffix: "t".into(),
        },
        Placed {
            placement: Placement::Orphan,
            prefix: String::new(),
            suffix: String::new(),
        },
    ];
    let before = all.clone();
    let summary = apply(&mut all, &placed);
    assert_eq!(
        summary,
        Summary {
            moved: 1,
            fuzzy: 1,
            orphaned: 1
        }
    );

    let range_and_context =
        |a: &Annotation| (a.start.0, a.end.0, a.prefix.clone(), a.suffix.clone());
    assert_eq!(range_and_context(&all[0]), (10, 13, "p".into(), "s".into()));
    assert_eq!(all[0].state(), State::Placed);
    assert_eq!(all[0].score, None);
    assert_eq!(all[0].extra["color"].as_str(), Some("kept"));

    assert_eq!(range_and_context(&all[1]), (20, 24, "q".into(), "t".into()));
    assert_eq!(all[1].state(), State::Fuzzy);
    assert_eq!(all[1].score, Some(0.88));
    assert_eq!(
        all[1].quote, before[1].quote,
        "the quote is what was highlighted"
    );

    assert_eq!(all[2].state(), State::Orphan);
    assert_eq!(
        (all[2].start, all[2].end, &all[2].prefix),
        (before[2].start, before[2].end, &before[2].prefix)
    );
    assert_eq!(all[2].updated, before[2].updated);

    // The sidecar keeps the states after the known fields.
    let doc = crate::store::DocInfo {
        file: "t.txt".into(),
        chars: 33,
        hash: "0".repeat(64),
        encoding: None,
        origin: None,
        about: Default::default(),
    };
    let rendered = crate::store::render(&crate::store::Sidecar::new(doc, all.clone()));
    assert!(
        rendered
            .contains("updated = \"2026-01-01T00:00:00.000Z\"\nscore = 0.88\nstate = \"fuzzy\"\n"),
        "{rendered}"
    );
    let parsed = crate::store::parse(&rendered).unwrap();
    assert_eq!(parsed.annotations, all);

    // Placed exactly where it already is: not moved.
    let again = apply(&mut all[..1], &placed[..1]);
    assert_eq!(again, Summary::default());
}

#[test]
fn reanchor_then_apply_counts() {
    let before = "Alpha beta gamma. Delta epsilon zeta. Eta theta iota.";
    let after = "New start. Alpha beta gamma. Delta epsilon zeta.";
    let mut all = vec![
        annotation_at(before, 0, 5),   // "Alpha": moves
        annotation_at(before, 47, 53), // " iota.": gone
        annotation_at(before, 24, 36), // "epsilon zeta": moves
    ];
    let placed = reanchor(after, &all);
    let summary = apply(&mut all, &placed);
    assert_eq!(
        summary,
        Summary {
            moved: 2,
            fuzzy: 0,
            orphaned: 1
        }
    );
    assert_eq!(all[2].state(), State::Placed);
    assert_eq!(all[1].state(), State::Orphan);
}

// -------------------------------------------------------------- internals

/// `D[m][j]` for every column, by the textbook recurrence.
fn naive_last_row(pattern: &[char], text: &[char], anchored: bool) -> Vec<usize> {
    let mut row: Vec<usize> = (0..=pattern.len()).collect();
    let mut out = Vec::new();
    for (j, &t) in text.iter().enumerate() {
        let mut next = vec![if anchored { j + 1 } else { 0 }];
        for (i, &p) in pattern.iter().enumerate() {
            let v = (row[i] + usize::from(p != t))
                .min(row[i + 1] + 1)
                .min(next[i] + 1);
            next.push(v);
        }
        out.push(next[pattern.len()]);
        row = next;
    }
    out
}

proptest! {
    #[test]
    fn myers_agrees_with_the_recurrence(
        pattern in proptest::collection::vec(prop::sample::select(vec!['a', 'b', 'c', '漢', 'é']), 1..200),
        text in proptest::collection::vec(prop::sample::select(vec!['a', 'b', 'c', '漢', 'x']), 0..250),
        anchored in any::<bool>(),
    ) {
        let prepared = Pattern::new(pattern.iter().copied());
        let mut column = Column::new(&prepared, anchored);
        let fast: Vec<usize> = text.iter().map(|&c| column.step(c)).collect();
        let slow = naive_last_row(&pattern, &text, anchored);
        prop_assert_eq!(&fast, &slow);
        let from_start = naive_last_row(&pattern, &text, true);
        let best = (0..=text.len())
            .map(|n| if n == 0 { pattern.len() } else { from_start[n - 1] })
            .min()
            .unwrap();
        prop_assert_eq!(prefix_distance(&prepared, text.iter().copied(), text.len()).0, best);
    }

    #[test]
    fn char_index_converts_both_ways(seed in any::<u64>(), size in 0usize..6_000) {
        let text = article(&mut Rng(seed), size);
        let chars = Chars::new(&text);
        prop_assert_eq!(chars.total(), text.chars().count() as u64);
        for (n, (byte, _)) in text.char_indices().enumerate() {
            prop_assert_eq!(chars.byte(n as u64), byte);
            prop_assert_eq!(chars.char(byte), n as u64);
        }
        prop_assert_eq!(chars.byte(chars.total()), text.len());
        prop_assert_eq!(chars.char(text.len()), chars.total());
    }
}

// ------------------------------------------------------------- properties

/// One random edit of the old text: replace chars `at..at + delete` by
/// something.
#[derive(Debug, Clone)]
struct Edit {
    at: f64,
    delete: usize,
    /// 0: nothing, 1: random words, 2: a copy of the first quote,
    /// 3: a copy of the first quote with its context.
    insert: u8,
    seed: u64,
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    (0.0..=1.0f64, 0usize..40, 0u8..4, any::<u64>()).prop_map(|(at, delete, insert, seed)| Edit {
        at,
        delete,
        insert,
        seed,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    /// Random articles (multibyte, repeated phrases, 1 to 50 000 chars,
    /// mostly small), one to three highlights, up to four edits; with
    /// `keep_away` the edits avoid the first highlight and its context.
    #[test]
    fn reanchoring_properties(
        seed in any::<u64>(),
        size in prop_oneof![12 => 1usize..1_500, 2 => 1_500usize..10_000, 1 => 10_000usize..=50_000],
        spans in proptest::collection::vec((0.0..1.0f64, 1usize..150), 1..4),
        edits in proptest::collection::vec(arb_edit(), 0..5),
        keep_away in any::<bool>(),
    ) {
        let old_text = article(&mut Rng(seed), size);
        let old: Vec<char> = old_text.chars().collect();
        let n = old.len();
        let annotations: Vec<Annotation> = spans
            .iter()
            .map(|&(at, len)| {
                let start = ((at * n as f64) as usize).min(n - 1);
                annotation_at(&old_text, start, (start + len).min(n))
            })
            .collect();
        let zones: Vec<(usize, usize)> = annotations
            .iter()
            .map(|a| (a.start.0 as usize - a.prefix.chars().count(), a.end.0 as usize + a.suffix.chars().count()))
            .collect();

        // Edits as sorted, non-overlapping char ranges of the old text.
        let mut ranges: Vec<(usize, usize, String)> = edits
            .iter()
            .map(|e| {
                let mut at = ((e.at * n as f64) as usize).min(n);
                let (z0, z1) = zones[0];
                if keep_away && at + e.delete > z0 && at < z1 {
                    at = if e.seed % 2 == 0 { z0.saturating_sub(e.delete) } else { z1 };
                }
                let end = (at + e.delete).min(if keep_away && at < z0 { z0 } else { n });
                let mut rng = Rng(e.seed);
                let a = &annotations[0];
                let insert = match e.insert {
                    0 => String::new(),
                    1 => {
                        let len = 1 + rng.below(60);
                        article(&mut rng, len)
                    }
                    2 => format!(" {} ", a.quote),
                    _ => format!("{}{}{}", a.prefix, a.quote, a.suffix),
                };
                (at, end, insert)
            })
            .collect();
        ranges.sort_by_key(|r| (r.0, r.1));
        let mut kept: Vec<(usize, usize, String)> = Vec::new();
        for r in ranges {
            if kept.last().is_none_or(|k| r.0 >= k.1) {
                kept.push(r);
            }
        }
        let mut new_text = String::new();
        let mut from = 0;
        for (a, b, insert) in &kept {
            new_text.extend(&old[from..*a]);
            new_text.push_str(insert);
            from = *b;
        }
        new_text.extend(&old[from..]);
        let new: Vec<char> = new_text.chars().collect();

        let placed = reanchor(&new_text, &annotations);
        prop_assert_eq!(placed.len(), annotations.len());
        for ((a, p), &(z0, z1)) in annotations.iter().zip(&placed).zip(&zones) {
            assert_context(&new_text, p);
            match p.placement {
                Placement::Exact { start, end } => {
                    let (start, end) = (start.0, end.0);
                    prop_assert!(end as usize <= new.len());
                    let on: String = new[start as usize..end as usize].iter().collect();
                    prop_assert_eq!(&on, &a.quote);
                }
                Placement::Fuzzy { start, end, score } => {
                    prop_assert!(score > 0.0 && score <= 1.0, "score {}", score);
                    prop_assert!(start < end && end.0 as usize <= new.len());
                }
                Placement::Orphan => {}
            }
            let untouched = kept.iter().all(|(ea, eb, _)| *eb <= z0 || *ea >= z1);
            if untouched {
                let shift: i64 = kept
                    .iter()
                    .filter(|(_, eb, _)| *eb <= z0)
                    .map(|(ea, eb, ins)| ins.chars().count() as i64 - (eb - ea) as i64)
                    .sum();
                let mapped = (a.start.0 as i64 + shift) as u64;
                let Placement::Exact { start, end } = p.placement else {
                    return Err(TestCaseError::fail(format!("{a:?} untouched but {p:?}")));
                };
                let (start, end) = (start.0, end.0);
                // Its own text, or text that the stored quote and context
                // cannot tell apart from it.
                let same_context = || {
                    let before: String = new[..start as usize].iter().collect();
                    let after: String = new[end as usize..].iter().collect();
                    before.ends_with(&a.prefix) && after.starts_with(&a.suffix)
                };
                prop_assert!(start == mapped || same_context(), "{:?} at {} not {}", a, start, mapped);
            }
        }
    }
}
