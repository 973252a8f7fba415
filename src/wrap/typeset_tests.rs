//! Balanced, hyphenated and justified rows: pictures, raggedness, and the
//! properties every typeset keeps.

use super::*;
use proptest::prelude::*;

const GREEDY: Typeset = Typeset {
    wrap: Wrap::Greedy,
    hyphenate: false,
    justify: false,
};
const BALANCED: Typeset = Typeset::BOOK;
const HYPHENATED: Typeset = Typeset {
    hyphenate: true,
    ..Typeset::BOOK
};
const JUSTIFIED: Typeset = Typeset {
    justify: true,
    ..Typeset::BOOK
};
const HYPHENATED_JUSTIFIED: Typeset = Typeset {
    hyphenate: true,
    justify: true,
    ..Typeset::BOOK
};

/// The row ranges of `text` at `width`.
fn ranges(text: &str, width: usize, t: Typeset) -> Vec<std::ops::Range<usize>> {
    let starts = rows(text.as_bytes(), width, t);
    (0..starts.len())
        .map(|i| {
            let e = starts.get(i + 1).map_or(text.len(), |&e| e as usize);
            starts[i] as usize..e
        })
        .collect()
}

/// The paragraph drawn as the screen shows it: each row padded to the
/// width and ended by `|`, widened gaps and hyphens drawn, blanks hanging
/// past the edge left out.
fn picture(text: &str, width: usize, t: Typeset) -> String {
    let bytes = text.as_bytes();
    let mut out = String::new();
    for r in ranges(text, width, t) {
        let d = dress(bytes, r.clone(), width, r.end == bytes.len(), t);
        let mut line = String::new();
        for c in Cells::new(&bytes[r.clone()], d) {
            if c.col + c.width > width && c.glyph.is_blank() {
                break;
            }
            let s = &text[r.start + c.glyph.start..r.start + c.glyph.end];
            if c.glyph.is_blank() {
                line.push_str(&" ".repeat(c.width));
            } else {
                line.push_str(s);
            }
        }
        if d.hyphen {
            line.push('-');
        }
        let line = line.trim_end().to_string();
        let pad = width.saturating_sub(display_width(&line));
        out.push_str(&line);
        out.push_str(&" ".repeat(pad));
        out.push_str("|\n");
    }
    out
}

fn display_width(s: &str) -> usize {
    Glyphs::new(s.as_bytes())
        .scan(0, |col, g| {
            *col += g.width_at(*col);
            Some(*col)
        })
        .last()
        .unwrap_or(0)
}

/// Columns left after each row's last glyph, the last row left out.
fn trailing_gaps(text: &str, width: usize, t: Typeset) -> Vec<usize> {
    let rs = ranges(text, width, t);
    rs[..rs.len() - 1]
        .iter()
        .map(|r| width.saturating_sub(display_width(text[r.clone()].trim_end())))
        .collect()
}

const ENGLISH: &str = "The harbour master kept a ledger of every vessel that came past the \
breakwater, and on quiet evenings he read it aloud to whoever stayed behind in the \
office. Nobody remembered when the custom had started in the harbour; the newer \
clerks assumed it was an administrative regulation, and the older ones were content \
to let them believe it, because the readings were the only time anyone listened to \
the particulars of a tide.";

const CJK: &str = "港の灯台は夕方になると一番に明かりをともす。町の人々はその光を見て仕事を終え、\
家へ帰る支度を始める。灯台守は毎晩同じ時刻に階段を上り、窓を拭き、油の量を帳面に書きつける。";

const URL: &str = "The specification lives at \
https://example.org/standards/typesetting/2026/drafts/optimal-line-breaking-with-penalties-and-hyphenation.html \
and is worth reading before you tune the penalties.";

/// The paragraph greedy, balanced, hyphenated and justified at `width`.
fn four_ways(text: &str, width: usize) -> String {
    [
        ("greedy", GREEDY),
        ("balanced", BALANCED),
        ("hyphenated", HYPHENATED),
        ("justified", JUSTIFIED),
    ]
    .iter()
    .map(|(name, t)| format!("{name}:\n{}", picture(text, width, *t)))
    .collect()
}

#[test]
fn english_at_40() {
    assert_eq!(
        four_ways(ENGLISH, 40),
        "\
greedy:
The harbour master kept a ledger of     |
every vessel that came past the         |
breakwater, and on quiet evenings he    |
read it aloud to whoever stayed behind  |
in the office. Nobody remembered when   |
the custom had started in the harbour;  |
the newer clerks assumed it was an      |
administrative regulation, and the older|
ones were content to let them believe   |
it, because the readings were the only  |
time anyone listened to the particulars |
of a tide.                              |
balanced:
The harbour master kept a ledger        |
of every vessel that came past the      |
breakwater, and on quiet evenings he    |
read it aloud to whoever stayed behind  |
in the office. Nobody remembered when   |
the custom had started in the harbour;  |
the newer clerks assumed it was an      |
administrative regulation, and the older|
ones were content to let them believe   |
it, because the readings were the only  |
time anyone listened to the particulars |
of a tide.                              |
hyphenated:
The harbour master kept a ledger of     |
every vessel that came past the break-  |
water, and on quiet evenings he read    |
it aloud to whoever stayed behind in    |
the office. Nobody remembered when the  |
custom had started in the harbour; the  |
newer clerks assumed it was an adminis- |
trative regulation, and the older ones  |
were content to let them believe it,    |
because the readings were the only time |
anyone listened to the particulars of   |
a tide.                                 |
justified:
The  harbour   master  kept   a   ledger|
of  every  vessel  that  came  past  the|
breakwater, and  on  quiet  evenings  he|
read it aloud  to whoever stayed  behind|
in the  office. Nobody  remembered  when|
the custom had  started in the  harbour;|
the  newer  clerks  assumed  it  was  an|
administrative regulation, and the older|
ones were  content to  let them  believe|
it, because the  readings were the  only|
time anyone listened to the  particulars|
of a tide.                              |
"
    );
}

#[test]
fn english_at_72() {
    assert_eq!(
        four_ways(ENGLISH, 72),
        "\
greedy:
The harbour master kept a ledger of every vessel that came past the     |
breakwater, and on quiet evenings he read it aloud to whoever stayed    |
behind in the office. Nobody remembered when the custom had started in  |
the harbour; the newer clerks assumed it was an administrative          |
regulation, and the older ones were content to let them believe it,     |
because the readings were the only time anyone listened to the          |
particulars of a tide.                                                  |
balanced:
The harbour master kept a ledger of every vessel that came past the     |
breakwater, and on quiet evenings he read it aloud to whoever stayed    |
behind in the office. Nobody remembered when the custom had started     |
in the harbour; the newer clerks assumed it was an administrative       |
regulation, and the older ones were content to let them believe         |
it, because the readings were the only time anyone listened to the      |
particulars of a tide.                                                  |
hyphenated:
The harbour master kept a ledger of every vessel that came past the     |
breakwater, and on quiet evenings he read it aloud to whoever stayed    |
behind in the office. Nobody remembered when the custom had started in  |
the harbour; the newer clerks assumed it was an administrative regula-  |
tion, and the older ones were content to let them believe it, because   |
the readings were the only time anyone listened to the particulars of   |
a tide.                                                                 |
justified:
The harbour master  kept a  ledger of every  vessel that  came past  the|
breakwater, and on  quiet evenings he  read it aloud  to whoever  stayed|
behind in  the office.  Nobody remembered  when the  custom had  started|
in the  harbour;  the newer  clerks  assumed it  was  an  administrative|
regulation, and  the  older  ones  were  content  to  let  them  believe|
it, because  the readings  were the  only time  anyone listened  to  the|
particulars of a tide.                                                  |
"
    );
}

#[test]
fn cjk_at_40() {
    // CJK rows have no spaces to widen nor words to hyphenate, and break
    // between ideographs: the same in every typeset.
    for t in [BALANCED, HYPHENATED, JUSTIFIED] {
        assert_eq!(picture(CJK, 40, t), picture(CJK, 40, GREEDY));
    }
    assert_eq!(
        picture(CJK, 40, GREEDY),
        "\
港の灯台は夕方になると一番に明かりをとも|
す。町の人々はその光を見て仕事を終え、家|
へ帰る支度を始める。灯台守は毎晩同じ時刻|
に階段を上り、窓を拭き、油の量を帳面に書|
きつける。                              |
"
    );
}

#[test]
fn cjk_rows_with_spaces_and_punctuation_are_never_justified() {
    // Words set apart by spaces (as some writers do), with CJK and ASCII
    // punctuation: still CJK-only rows, never widened.
    for text in [
        "港の灯台は 夕方になると 一番に明かりを ともす。町の 人々は その光を 見て 仕事を 終え、家へ 帰る。",
        "등대지기는 매일 밤 같은 시각에 계단을 오르고, 창을 닦고, 기름의 양을 장부에 적는다. 그리고 내려온다.",
    ] {
        let bytes = text.as_bytes();
        for r in ranges(text, 30, JUSTIFIED) {
            let d = dress(bytes, r.clone(), 30, r.end == bytes.len(), JUSTIFIED);
            assert_eq!(d.extra, 0, "{:?}", &text[r]);
        }
    }
    // A row with a Latin word in it is justified.
    let mixed = "The harbour light 灯台 is lit at dusk, and the keeper writes down the oil.";
    let rows = ranges(mixed, 30, JUSTIFIED);
    let first = rows[0].clone();
    assert!(dress(mixed.as_bytes(), first, 30, false, JUSTIFIED).extra > 0);
}

#[test]
fn cjk_at_72() {
    // CJK rows have no spaces to widen nor words to hyphenate, and break
    // between ideographs: the same in every typeset.
    for t in [BALANCED, HYPHENATED, JUSTIFIED] {
        assert_eq!(picture(CJK, 72, t), picture(CJK, 72, GREEDY));
    }
    assert_eq!(
        picture(CJK, 72, GREEDY),
        "\
港の灯台は夕方になると一番に明かりをともす。町の人々はその光を見て仕事を|
終え、家へ帰る支度を始める。灯台守は毎晩同じ時刻に階段を上り、窓を拭き、|
油の量を帳面に書きつける。                                              |
"
    );
}

#[test]
fn a_long_url_at_40() {
    assert_eq!(
        four_ways(URL, 40),
        "\
greedy:
The specification lives at              |
https://example.org/standards/typesettin|
g/2026/drafts/optimal-line-breaking-with|
-penalties-and-hyphenation.html and is  |
worth reading before you tune the       |
penalties.                              |
balanced:
The specification lives at              |
https://example.org/standards/typesettin|
g/2026/drafts/optimal-line-breaking-with|
-penalties-and-hyphenation.html and     |
is worth reading before you tune        |
the penalties.                          |
hyphenated:
The specification lives at              |
https://example.org/standards/typesettin|
g/2026/drafts/optimal-line-breaking-with|
-penalties-and-hyphenation.html and is  |
worth reading before you tune the pen-  |
alties.                                 |
justified:
The specification lives at              |
https://example.org/standards/typesettin|
g/2026/drafts/optimal-line-breaking-with|
-penalties-and-hyphenation.html and     |
is  worth   reading  before   you   tune|
the penalties.                          |
"
    );
}

#[test]
fn a_long_url_at_72() {
    assert_eq!(
        four_ways(URL, 72),
        "\
greedy:
The specification lives at                                              |
https://example.org/standards/typesetting/2026/drafts/optimal-line-break|
ing-with-penalties-and-hyphenation.html and is worth reading before you |
tune the penalties.                                                     |
balanced:
The specification lives at                                              |
https://example.org/standards/typesetting/2026/drafts/optimal-line-break|
ing-with-penalties-and-hyphenation.html and is worth reading before you |
tune the penalties.                                                     |
hyphenated:
The specification lives at                                              |
https://example.org/standards/typesetting/2026/drafts/optimal-line-break|
ing-with-penalties-and-hyphenation.html and is worth reading before you |
tune the penalties.                                                     |
justified:
The specification lives at                                              |
https://example.org/standards/typesetting/2026/drafts/optimal-line-break|
ing-with-penalties-and-hyphenation.html and is worth reading before  you|
tune the penalties.                                                     |
"
    );
}

/// The bundled essay's paragraphs (blocks between empty lines, reflowed).
fn essay_paragraphs() -> Vec<String> {
    let text = std::str::from_utf8(crate::seeds::SEEDS[1].1).unwrap();
    text.lines()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Sum of squared trailing gaps over the essay at 60 columns, last rows
/// of paragraphs left out; and the largest gap.
fn raggedness(t: Typeset) -> (usize, usize) {
    let mut sum = 0;
    let mut max = 0;
    for p in essay_paragraphs() {
        for g in trailing_gaps(&p, 60, t) {
            sum += g * g;
            max = max.max(g);
        }
    }
    (sum, max)
}

#[test]
fn balanced_rows_are_less_ragged_over_the_essay() {
    let (greedy, greedy_max) = raggedness(GREEDY);
    let (balanced, balanced_max) = raggedness(BALANCED);
    eprintln!(
        "essay at 60 columns: sum of squared trailing gaps greedy {greedy} (largest \
         {greedy_max}), balanced {balanced} (largest {balanced_max})"
    );
    assert!(balanced < greedy, "balanced {balanced} vs greedy {greedy}");
    assert!(balanced_max <= greedy_max);
}

#[test]
fn balanced_last_rows_are_not_a_lone_short_word_where_greedy_ones_are() {
    let lone = |t: Typeset| {
        essay_paragraphs()
            .iter()
            .filter(|p| {
                let rs = ranges(p, 60, t);
                let last = &p[rs[rs.len() - 1].clone()];
                rs.len() > 1 && !last.trim().contains(' ') && display_width(last) < 20
            })
            .count()
    };
    let (greedy, balanced) = (lone(GREEDY), lone(BALANCED));
    eprintln!("paragraphs ending in a lone short word: greedy {greedy}, balanced {balanced}");
    assert!(greedy > 0);
    assert_eq!(balanced, 0);
}

fn article_text() -> impl Strategy<Value = String> {
    super::tests::article_text_with(&[
        "well-known",
        "hyphenation",
        "」",
        "\n",
        ".",
        " !",
        "\"",
        "’",
    ])
}

fn any_typeset() -> impl Strategy<Value = Typeset> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(b, h, j)| Typeset {
        wrap: if b { Wrap::Balanced } else { Wrap::Greedy },
        hyphenate: h,
        justify: j,
    })
}

proptest! {
    #[test]
    fn hyphenating_only_the_words_that_overflow_is_first_fit_over_all_pieces(
        text in article_text(), width in 1usize..40
    ) {
        let bytes = text.as_bytes();
        let ps = pieces(bytes, width, true);
        let lines = wrap_first_fit(&ps, &[width as f64]);
        let mut starts: Vec<u32> = lines.iter().filter_map(|l| l.first().map(|p| p.start)).collect();
        if starts.first() != Some(&0) {
            starts.insert(0, 0);
        }
        prop_assert_eq!(starts, first_fit_hyphenating(bytes, width));
    }

    #[test]
    fn first_fit_over_the_pieces_is_the_greedy_rule(text in article_text(), width in 1usize..40) {
        let bytes = text.as_bytes();
        let ps = pieces(bytes, width, false);
        let lines = wrap_first_fit(&ps, &[width as f64]);
        let mut starts: Vec<u32> = lines.iter().filter_map(|l| l.first().map(|p| p.start)).collect();
        if starts.first() != Some(&0) {
            starts.insert(0, 0);
        }
        prop_assert_eq!(starts, row_starts(bytes, width));
    }

    #[test]
    fn no_row_is_wider_than_the_column(text in article_text(), width in 2usize..40, t in any_typeset()) {
        let bytes = text.as_bytes();
        for r in ranges(&text, width, t) {
            prop_assert!(!r.is_empty() || text.is_empty(), "empty row");
            let d = dress(bytes, r.clone(), width, r.end == bytes.len(), t);
            let row = &text[r.clone()];
            let drawn = display_width(row.trim_end_matches([' ', '\n'])) + d.extra as usize + usize::from(d.hyphen);
            let lone_wide = display_width(row.trim_end()) == 2 && width < 2;
            prop_assert!(drawn <= width || lone_wide, "row {:?} drawn {} wide at {}: {:?}", row, drawn, width, d);
            if t.justify && d.gaps > 0 {
                prop_assert_eq!(drawn, width, "a justified row ends flush");
            }
        }
    }

    #[test]
    fn rows_join_back_at_glyph_starts(text in article_text(), width in 1usize..40, t in any_typeset()) {
        let starts = rows(text.as_bytes(), width, t);
        prop_assert_eq!(starts[0], 0);
        prop_assert!(starts.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(starts.last().is_none_or(|&s| (s as usize) < text.len() || text.is_empty()));
        let glyph_starts: Vec<usize> = Glyphs::new(text.as_bytes()).map(|g| g.start).collect();
        for &s in &starts[1..] {
            prop_assert!(glyph_starts.contains(&(s as usize)));
        }
    }

    #[test]
    fn the_wrapping_and_the_drawing_agree_on_hyphens(
        words in proptest::collection::vec(
            proptest::sample::select(vec!["hyphenation", "a/", "/", "漢", " ", "well-known", "x"]),
            0..20,
        ),
        width in 4usize..30,
    ) {
        let text = words.concat();
        prop_assert_eq!(hyphens_disagreeing(&text, width), Vec::<String>::new());
    }

    #[test]
    fn a_row_drawn_in_pieces_is_widened_as_the_whole_row(
        text in article_text(), width in 2usize..40, cuts in proptest::collection::vec(0usize..100, 0..6)
    ) {
        // Rendered Markdown draws a row span by span, each with its share
        // of the row's dress: the cells come out where the whole row's do.
        let bytes = text.as_bytes();
        for r in ranges(&text, width, HYPHENATED_JUSTIFIED) {
            let d = dress(bytes, r.clone(), width, r.end == bytes.len(), HYPHENATED_JUSTIFIED);
            let row = &bytes[r.clone()];
            let starts: Vec<usize> = Glyphs::new(row).map(|g| g.start).collect();
            if starts.is_empty() {
                continue;
            }
            let mut at: Vec<usize> = cuts.iter().map(|c| starts[c * starts.len() / 100]).collect();
            at.extend([0, row.len()]);
            at.sort_unstable();
            at.dedup();
            let pieces: Vec<&[u8]> = at.windows(2).map(|w| &row[w[0]..w[1]]).collect();
            let whole: Vec<(usize, usize, usize)> = Cells::new(row, d)
                .map(|c| (c.glyph.start, c.col, c.width))
                .collect();
            let mut parts = Vec::new();
            let mut col = 0;
            for ((piece, pd), from) in pieces.iter().zip(split_dress(d, &pieces)).zip(&at) {
                for c in Cells::new(piece, pd) {
                    parts.push((from + c.glyph.start, col + c.col, c.width));
                }
                col += Cells::new(piece, pd).map(|c| c.width).sum::<usize>();
                prop_assert_eq!(pd.hyphen, d.hyphen && *from == at[at.len() - 2]);
            }
            prop_assert_eq!(parts, whole);
        }
    }

    #[test]
    fn widened_cells_map_to_the_same_bytes(text in article_text(), width in 2usize..40) {
        // Justification only widens blanks: the glyphs, in order, are the
        // row's glyphs, each at a column no smaller than without it.
        let bytes = text.as_bytes();
        for r in ranges(&text, width, JUSTIFIED) {
            let d = dress(bytes, r.clone(), width, r.end == bytes.len(), JUSTIFIED);
            let plain: Vec<_> = Cells::new(&bytes[r.clone()], Dress::default()).collect();
            let wide: Vec<_> = Cells::new(&bytes[r.clone()], d).collect();
            prop_assert_eq!(plain.len(), wide.len());
            let mut added = 0;
            for (p, w) in plain.iter().zip(&wide) {
                prop_assert_eq!(p.glyph, w.glyph);
                prop_assert_eq!(w.col, p.col + added);
                prop_assert!(w.width == p.width || w.glyph.is_blank());
                added += w.width - p.width;
            }
            prop_assert_eq!(added, d.extra as usize * usize::from(d.gaps > 0));
        }
    }
}

#[test]
fn a_unit_over_the_balanced_limit_is_wrapped_first_fit() {
    // Rows of exactly 40 columns (the same either way), then a paragraph
    // that greedy and balanced rows break differently at 40.
    let unit = |blocks: usize| format!("{}{ENGLISH}", "abcdefghi ".repeat(blocks));
    let n = (BALANCED_LIMIT - ENGLISH.len()) / 10;
    let (under, over) = (unit(n), unit(n + 1));
    assert!(under.len() <= BALANCED_LIMIT && over.len() > BALANCED_LIMIT);
    assert_ne!(
        rows(under.as_bytes(), 40, BALANCED),
        row_starts(under.as_bytes(), 40),
        "balanced up to the limit"
    );
    assert_eq!(
        rows(over.as_bytes(), 40, BALANCED),
        row_starts(over.as_bytes(), 40),
        "first fit past it"
    );
}

#[test]
fn a_hyphenated_unit_over_its_lower_limit_is_wrapped_first_fit() {
    // As above, at the hyphenated limit: balancing hyphenated pieces costs
    // about three times as much, so the limit is lower. (At 30 columns
    // the paragraph breaks differently balanced and first fit, hyphenated.)
    let unit = |blocks: usize| format!("{}{ENGLISH}", "abcdefghi ".repeat(blocks));
    let n = (HYPHENATED_LIMIT - ENGLISH.len()) / 10;
    let (under, over) = (unit(n), unit(n + 1));
    assert!(under.len() <= HYPHENATED_LIMIT && over.len() > HYPHENATED_LIMIT);
    let first_fit = Typeset {
        wrap: Wrap::Greedy,
        ..HYPHENATED
    };
    assert_ne!(
        rows(under.as_bytes(), 30, HYPHENATED),
        rows(under.as_bytes(), 30, first_fit),
        "balanced up to the limit"
    );
    assert_eq!(
        rows(over.as_bytes(), 30, HYPHENATED),
        rows(over.as_bytes(), 30, first_fit),
        "first fit past it"
    );
    assert!(over.len() < BALANCED_LIMIT, "still balanced unhyphenated");
    assert_ne!(
        rows(over.as_bytes(), 30, BALANCED),
        row_starts(over.as_bytes(), 30)
    );
}

/// The multilingual seed's paragraphs (one a line).
fn multilingual_paragraphs() -> Vec<&'static str> {
    let text = std::str::from_utf8(crate::seeds::SEEDS.last().unwrap().1).unwrap();
    text.lines().filter(|p| !p.trim().is_empty()).collect()
}

#[test]
fn no_row_starts_with_closing_punctuation() {
    // Found in the multilingual seed: after Hangul (which may break after
    // any syllable) balanced rows started with the `.` that ends a
    // sentence, at 9 of the widths 20 to 50. UAX #14 never breaks before
    // closing punctuation (CL, CP, EX, IS), nor before a quote that closes.
    let closers = [
        '.', ',', ';', ':', '!', '?', ')', ']', '}', '”', '’', '"', '\'',
    ];
    let mut bad = Vec::new();
    for t in [GREEDY, BALANCED, HYPHENATED] {
        for width in 20..=50 {
            for p in multilingual_paragraphs() {
                for r in ranges(p, width, t).iter().skip(1) {
                    let row = &p[r.clone()];
                    if row.starts_with(closers) {
                        bad.push(format!("{} at {width}: {row:?}", t.describe()));
                    }
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "rows starting with a closer:\n{}",
        bad.join("\n")
    );
}

#[test]
fn korean_sentences_keep_their_full_stops() {
    let text = "Korean Hangul syllables are wide too: 안녕하세요. 저는 책 읽기를 좋아합니다. Each \
                syllable block is one grapheme, even though it spells out two or three letters.";
    for t in [GREEDY, BALANCED] {
        assert!(
            !picture(text, 40, t).contains("\n. "),
            "{t:?}:\n{}",
            picture(text, 40, t)
        );
    }
}

/// Pieces of `text` (hyphenated, at `width`) whose end the wrapping and
/// the drawing read differently: split with a hyphen where none is drawn,
/// or drawn with one where the wrapping saw no hyphenation point.
fn hyphens_disagreeing(text: &str, width: usize) -> Vec<String> {
    let bytes = text.as_bytes();
    pieces(bytes, width, true)
        .iter()
        .filter(|p| p.blank == 0 && (p.end as usize) < bytes.len())
        .filter(|p| p.hyphen != hyphen_at(bytes, p.end as usize))
        .map(|p| {
            format!(
                "{:?} (hyphen {})",
                &text[p.start as usize..p.end as usize],
                p.hyphen
            )
        })
        .collect()
}

#[test]
fn a_word_in_a_path_is_split_only_where_the_hyphen_is_drawn() {
    // Found by hand: `a/漢hy` over `phenation`, no hyphen drawn. The piece
    // after the ideograph held no `/` so it was hyphenated, while the
    // drawing saw the whole run between blanks, which holds one.
    let text = "The path a/漢hyphenation is odd and b/漢hyphenation too and \
                c/漢internationalization ok.";
    for width in 8..30 {
        assert_eq!(hyphens_disagreeing(text, width), Vec::<String>::new());
    }
    // A word of a path is cut only where it is longer than the row.
    assert_eq!(
        picture(text, 10, HYPHENATED),
        "\
The path  |
a/漢      |
hyphenatio|
n is odd  |
and b/漢  |
hyphenatio|
n too     |
and c/漢  |
internatio|
nalization|
ok.       |
"
    );
}

#[test]
fn a_leading_blank_never_pushes_a_row_past_the_column() {
    // Proptest found it: a row of the blank and a word as wide as the
    // column was one column too wide, the optimal fit's overflow costing
    // less than a row holding only the blank.
    let text = "\nwordaaaaaaaaaaaaaaaaaaaaaaaaawell-known";
    for t in [BALANCED, HYPHENATED, JUSTIFIED, HYPHENATED_JUSTIFIED] {
        for r in ranges(text, 39, t) {
            let row = &text[r];
            assert!(display_width(row.trim_end()) <= 39, "{t:?}: {row:?}");
        }
    }
}
