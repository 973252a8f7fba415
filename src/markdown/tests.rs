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
