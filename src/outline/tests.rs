use super::*;

/// A Project Gutenberg style novel: front matter, a contents list, books
/// and chapters (one with a subtitle under it), hard-wrapped prose.
pub const NOVEL: &str = "\
The Project Gutenberg eBook of The Lantern Keeper, by A. N. Author

This eBook is for the use of anyone anywhere in the United States and
most other parts of the world at no cost and with almost no restrictions
whatsoever.

*** START OF THE PROJECT GUTENBERG EBOOK THE LANTERN KEEPER ***

CONTENTS

 CHAPTER I. The Harbour
 CHAPTER II. The Storm

BOOK ONE

CHAPTER I.
The Harbour

The harbour was quiet that morning, and the keeper walked the length of
the pier twice before he noticed the boat. Chapter and verse, he thought,
Part of the trouble was the fog.

\"Who goes there?\" he called.

CHAPTER II.

The storm came in from the west. Book learning was no help to him now;
the lamp had to be lit, and the stairs climbed, one hundred and twelve of
them.

BOOK TWO

CHAPTER III. THE RESCUE

He found them at dawn.

*** END OF THE PROJECT GUTENBERG EBOOK THE LANTERN KEEPER ***
";

/// An RFC-style text: a title block, page footers and headers around a
/// form feed, a contents list, numbered sections with an unnumbered one,
/// and a drawing.
pub const RFC: &str = include_str!("../../tests/fixtures/outline-rfc.txt");

/// A Markdown article: front matter, ATX and setext headings, a fenced
/// block with `# not a heading`, a list and a thematic break.
pub const MARKDOWN: &str = "\
---
title: Notes on lanterns
tags: [a, b]
---

# Lanterns

Some text with a `# hash` in it.

## Kinds ##

- a list item
- another

```sh
# not a heading
echo hi
```

~~~
## not one either
~~~

Setext title
============

A paragraph.

Second level
------------

***

    # indented code, not a heading

###### Six
####### seven is a paragraph
#hashtag is a paragraph
";

/// One paragraph per line, as saved from the web: a title line, a
/// byline, paragraphs and a subheading.
pub const CLIPPED: &str = "\
Keep the Library Lights On After Nine
By a Reader
The library closes at six on weekdays, which is exactly when most of the people who would use it are only starting to be free. This paragraph is long enough to be a paragraph of running text, not a title, by a wide margin indeed.
What the numbers say
Visitors after six would be many, the survey says, and they would be the ones who have nowhere else to read in the evening, which is the whole point of a public library and its lamps.
Short line ending with a period.
Another paragraph that runs on long enough to be running text rather than a heading of any kind whatsoever, as anyone can see from its length alone here.
";

fn titles(kind: Kind, text: &str) -> Vec<(u8, String)> {
    headings(kind, text.as_bytes())
        .into_iter()
        .map(|h| (h.level, h.title))
        .collect()
}

fn owned(v: &[(u8, &str)]) -> Vec<(u8, String)> {
    v.iter().map(|&(l, t)| (l, t.to_string())).collect()
}

#[test]
fn gutenberg_novel() {
    assert_eq!(
        titles(Kind::Plain, NOVEL),
        owned(&[
            (
                1,
                "The Project Gutenberg eBook of The Lantern Keeper, by A. N. Author"
            ),
            (3, "CONTENTS"),
            (2, "BOOK ONE"),
            (3, "CHAPTER I. The Harbour"),
            (3, "CHAPTER II."),
            (2, "BOOK TWO"),
            (3, "CHAPTER III. THE RESCUE"),
        ])
    );
}

#[test]
fn rfc_style_text() {
    assert_eq!(
        titles(Kind::Plain, RFC),
        owned(&[
            (1, "The Lantern Transfer Protocol (LTP)"),
            (2, "Abstract"),
            (2, "Table of Contents"),
            (2, "1.  Introduction"),
            (2, "2.  Messages"),
            (3, "2.1.  Message Body"),
            (2, "3.  Security Considerations"),
            (2, "Author's Address"),
        ])
    );
}

#[test]
fn markdown_headings_skip_fences_and_front_matter() {
    assert_eq!(
        titles(Kind::Markdown, MARKDOWN),
        owned(&[
            (1, "Lanterns"),
            (2, "Kinds"),
            (1, "Setext title"),
            (2, "Second level"),
            (6, "Six"),
        ])
    );
}

#[test]
fn markdown_rules_do_not_apply_to_plain_text_and_back() {
    let plain = titles(Kind::Plain, MARKDOWN);
    assert!(plain.iter().all(|(_, t)| !t.starts_with('#')), "{plain:?}");
    let md = titles(Kind::Markdown, NOVEL);
    assert!(md.is_empty(), "{md:?}");
}

#[test]
fn one_paragraph_per_line_titles() {
    assert_eq!(
        titles(Kind::Plain, CLIPPED),
        owned(&[
            (1, "Keep the Library Lights On After Nine"),
            (2, "What the numbers say"),
        ])
    );
}

#[test]
fn underlined_plain_titles() {
    let text = "Notes\n=====\n\nA line of text.\n\nTools\n-----\n\nsome text\n----------------------------------------\n";
    assert_eq!(
        titles(Kind::Plain, text),
        owned(&[(2, "Notes"), (3, "Tools")])
    );
}

#[test]
fn an_unclosed_front_matter_was_none() {
    let mut text = String::from("---\n# Kept\n");
    text.push_str(&"line\n".repeat(300));
    text.push_str("# Later\n");
    assert_eq!(
        titles(Kind::Markdown, &text),
        owned(&[(1, "Kept"), (1, "Later")])
    );
}

#[test]
fn positions_are_line_starts() {
    let hs = headings(Kind::Markdown, MARKDOWN.as_bytes());
    for h in &hs {
        assert!(h.byte == 0 || MARKDOWN.as_bytes()[h.byte - 1] == b'\n');
    }
    let setext = hs.iter().find(|h| h.title == "Setext title").unwrap();
    assert!(MARKDOWN[setext.byte..].starts_with("Setext title\n"));
}

#[test]
fn chunks_cut_anywhere_find_what_the_whole_text_finds() {
    for (kind, text) in [
        (Kind::Plain, NOVEL),
        (Kind::Plain, RFC),
        (Kind::Markdown, MARKDOWN),
        (Kind::Plain, CLIPPED),
    ] {
        let text = text.replace('\n', "\r\n");
        let whole = headings(kind, text.as_bytes());
        for size in [1, 2, 3, 7, 64, 300] {
            let mut c = Collector::new(kind);
            let mut found = Vec::new();
            for chunk in text.as_bytes().chunks(size) {
                c.feed(chunk);
                found.extend(c.take());
            }
            c.finish();
            found.extend(c.take());
            assert_eq!(found, whole, "chunks of {size}");
        }
    }
}

#[test]
fn crlf_and_lf_give_the_same_titles() {
    let crlf = RFC.replace('\n', "\r\n");
    let a: Vec<_> = titles(Kind::Plain, RFC);
    assert_eq!(titles(Kind::Plain, &crlf), a);
}

#[test]
fn current_section_is_the_last_heading_at_or_before() {
    let mut o = Outline::default();
    o.extend(headings(Kind::Markdown, MARKDOWN.as_bytes()));
    let kinds = MARKDOWN.find("## Kinds").unwrap();
    // Read only as far as `## Kinds`: past it the section is not known
    // (before, the last heading found so far was taken for it).
    o.read = kinds;
    assert_eq!(o.current(kinds - 1), Some(0));
    assert_eq!(o.current(kinds), None);
    assert_eq!(o.current(usize::MAX), None);
    o.complete = true;
    assert_eq!(o.current(0), None);
    assert_eq!(o.current(kinds - 1), Some(0));
    assert_eq!(o.current(kinds), Some(1));
    assert_eq!(o.current(usize::MAX), Some(o.headings.len() - 1));
    let depths = o.depths();
    assert_eq!((depths[1], depths[2], depths[6]), (0, 1, 2));
    // Taking the same headings in again adds nothing.
    o.extend(headings(Kind::Markdown, MARKDOWN.as_bytes()));
    assert_eq!(o.headings.len(), 5);
}

#[test]
fn division_lines() {
    use rules::division;
    assert_eq!(division(b"CHAPTER IV"), Some(3));
    assert_eq!(division(b"Chapter 4. The Return"), Some(3));
    assert_eq!(division(b"PART ONE"), Some(2));
    assert_eq!(division(b"  BOOK II.  "), Some(2));
    assert_eq!(division(b"Stave Third: The Last of the Spirits"), Some(3));
    assert_eq!(division(b"PREFACE"), Some(3));
    assert_eq!(division(b"Part of the trouble was the fog."), None);
    assert_eq!(division(b"Chapter and verse"), None);
    assert_eq!(division(b"CHAPTERS"), None);
    assert_eq!(division(b"chapter 4"), None);
}

#[test]
fn numbered_sections() {
    use rules::numbered;
    assert_eq!(numbered(b"4.2.  Message Body"), Some((3, 6)));
    assert_eq!(numbered(b"4.  Introduction"), Some((2, 4)));
    assert_eq!(numbered(b"10.1 Caching"), Some((3, 5)));
    assert_eq!(numbered(b"2026 was a year."), None);
    assert_eq!(numbered(b"4.2.  message body"), None);
    assert_eq!(numbered(b"1.  The first point is this."), None);
}

#[test]
fn atx_headings() {
    use rules::atx;
    assert_eq!(atx(b"# Title"), Some((1, &b"Title"[..])));
    assert_eq!(atx(b"### Title ###"), Some((3, &b"Title"[..])));
    assert_eq!(atx(b"## C# ##"), Some((2, &b"C#"[..])));
    assert_eq!(atx(b"#"), Some((1, &b""[..])));
    assert_eq!(atx(b"#hashtag"), None);
    assert_eq!(atx(b"    # code"), None);
    assert_eq!(atx(b"####### seven"), None);
}

#[test]
fn the_layout_tests_memo_has_its_title_and_numbered_sections() {
    let memo = include_str!("../../tests/fixtures/rfc_like.txt");
    let found = titles(Kind::Plain, memo);
    assert_eq!(found[0], (1, "Lantern Signals for Canal Locks".to_string()));
    let numbered: Vec<_> = found.iter().filter(|(l, _)| *l > 1).collect();
    assert!(
        numbered
            .iter()
            .any(|(l, t)| *l == 2 && t == "1.  Introduction"),
        "{found:?}"
    );
    assert!(
        numbered
            .iter()
            .any(|(l, t)| *l == 2 && t == "2.  Security Considerations"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|(_, t)| !t.contains("[Page") && !t.contains("Meaning")),
        "{found:?}"
    );
}

#[test]
fn the_quiet_way_through_running_text_finds_what_every_rule_finds() {
    let underlined = "Notes\n=====\n\nA line of text.\nTools\n-----\n\nsome text\n---\n";
    for (kind, text) in [
        (Kind::Plain, NOVEL),
        (Kind::Plain, RFC),
        (Kind::Markdown, MARKDOWN),
        (Kind::Plain, CLIPPED),
        (Kind::Plain, underlined),
        (Kind::Markdown, underlined),
        (Kind::Markdown, NOVEL),
    ] {
        let mut slow = Collector::new(kind);
        slow.slow = true;
        slow.feed(text.as_bytes());
        slow.finish();
        assert_eq!(slow.take(), headings(kind, text.as_bytes()), "{text}");
    }
}
