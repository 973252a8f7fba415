use super::*;

/// The shown text of each unit of `text` (split at hard breaks), with
/// decorations, one unit per line.
fn units(text: &str, width: usize) -> Vec<String> {
    let md = Markdown::default();
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i <= b.len() {
        if i == b.len() || (b[i] == b'\n' && md.is_hard_break(b, i)) {
            let v = md.view(b, start..i, width);
            let mut s = v.first.clone();
            if v.rule {
                s.push_str("───");
            }
            s.push_str(&v.text_of(b, &(start..i)));
            out.push(s);
            start = i + 1;
        }
        i += 1;
    }
    out
}

#[test]
fn a_quote_is_rendered_without_its_markup() {
    assert_eq!(rendered("**very** good"), "very good");
    assert_eq!(
        rendered("a [link](http://x)\nand `code`"),
        "a link and code"
    );
    assert_eq!(rendered("# Head\n\n- one\n- two"), "Head\none\ntwo");
}

#[test]
fn inline_markup_is_hidden() {
    assert_eq!(
        units(
            "Some **very** good *and* ~~bad~~ `code` [link](http://x) text",
            80
        ),
        ["Some very good and bad code link text"]
    );
}

#[test]
fn soft_breaks_join_a_paragraph() {
    assert_eq!(
        units("one\ntwo\n\n# Head\nnext\n- a\n- b\n  more\n> q\n> r", 80),
        ["one two", "", "§ Head", "next", "• a", "• b more", "│ q r"]
    );
}

#[test]
fn fenced_code_keeps_its_lines() {
    assert_eq!(
        units("```rust\nlet a;\nlet b;\n```\ntext", 80),
        ["╭─ rust", "│ let a;", "│ let b;", "╰─", "text"]
    );
}

/// The first and last `n` rows of `text` rendered at `width`, walked with
/// the layout (as the first screen and `G` do), with their views.
fn ends(text: &[u8], width: usize, n: usize) -> (Vec<String>, Vec<String>) {
    use crate::layout::{Layout, ParagraphStyle};
    let mut layout = Layout::new(width, ParagraphStyle::HardWrapped);
    layout.set_markdown(true);
    let shown = |layout: &mut Layout, r| {
        let range = layout.row_range(text, r);
        layout.rendered_text(text, range)
    };
    let mut top = Vec::new();
    let mut row = Some(layout.first_row());
    while let Some(r) = row.filter(|_| top.len() < n) {
        top.push(shown(&mut layout, r));
        row = layout.next_row(text, r);
    }
    let mut bottom = Vec::new();
    let mut row = Some(layout.last_row(text));
    while let Some(r) = row.filter(|_| bottom.len() < n) {
        bottom.push(shown(&mut layout, r));
        row = layout.prev_row(text, r);
    }
    (top, bottom)
}

#[test]
fn hostile_markdown_is_drawn_without_hanging() {
    // 10 000 nested block quotes, and as many list levels.
    let quotes = format!("{} deep\n\nafter", ">".repeat(10_000));
    let (top, bottom) = ends(quotes.as_bytes(), 40, 5);
    assert!(
        !top.is_empty() && bottom[0] == "after",
        "{top:?} {bottom:?}"
    );
    let lists: String = (0..10_000)
        .map(|i| format!("{}- level {i}\n", " ".repeat(i)))
        .collect();
    let (top, bottom) = ends(lists.as_bytes(), 40, 5);
    assert_eq!(top[0], "level 0");
    assert!(bottom[0].contains("level 9999"), "{bottom:?}");
    // An unclosed fence: the rest is code, shown as it is.
    let (top, _) = ends(b"text\n```\n**not bold**\n# not a heading", 40, 5);
    assert_eq!(top, ["text", "", "**not bold**", "# not a heading"]);
    // Script and style blocks are shown, never run; controls in a link's
    // text reach the screen only through the glyph rules.
    let (top, _) = ends(
        b"<script>alert(1)</script>\n\n[a\x1bb\x07](http://x)",
        40,
        5,
    );
    assert_eq!(top, ["<script>alert(1)</script>", "", "a\u{1b}b\u{7}"]);
}

#[test]
fn a_fifty_megabyte_table_row_shows_its_ends() {
    let mut row = b"| a | b |\n|---|---|\n| ".to_vec();
    row.resize(row.len() + (50 << 20), b'x');
    row.extend_from_slice(b" | end |\n");
    let (top, bottom) = ends(&row, 40, 3);
    assert_eq!(top.len(), 3);
    assert!(bottom[0].ends_with("end |"), "{:?}", &bottom[0]);
}

#[test]
fn inline_code_over_two_lines_wraps_like_text() {
    let text = "a `one two\nthree four` b";
    assert_eq!(units(text, 80), ["a one two three four b"]);
    let md = Markdown::default();
    let v = md.view(text.as_bytes(), 0..text.len(), 8);
    // Cut between its words, not drawn as one 18-column piece.
    assert_eq!(
        v.row_starts(text.as_bytes(), 8, crate::wrap::Typeset::default())
            .len(),
        4
    );
    assert_eq!(rendered("x `` a\nb `` y"), "x a b y");
}

#[test]
fn a_replacement_is_never_cut_between_rows() {
    // `XXXX` is shown as `1 2 3 4`: the wrap would cut before `4`.
    let text = b"aa XXXX bb";
    let v = View::from_spans(
        0..text.len(),
        vec![
            Span {
                range: 0..3,
                show: Show::Text(Look::default()),
            },
            Span {
                range: 3..7,
                show: Show::Replace("1 2 3 4".into(), Look::default()),
            },
            Span {
                range: 7..10,
                show: Show::Text(Look::default()),
            },
        ],
    );
    assert_eq!(
        v.row_starts(text, 8, crate::wrap::Typeset::default()),
        [0, 3, 8]
    );
}

#[test]
fn an_indented_html_block_shows_without_its_indentation() {
    // Found by the fuzzer: the indentation came back as a shown blank, so
    // ` </style>` took 9 columns at a width of 8.
    assert_eq!(units(" </style>", 8), ["</style>"]);
    assert_eq!(
        units("  <div>\n  text\n  </div>", 8),
        ["<div>", "text", "</div>"]
    );
}
