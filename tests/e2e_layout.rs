//! How the real binary lays out hard-wrapped text, read off a terminal
//! emulator: paragraphs across the 16 KiB points of the file, and an
//! RFC-like memo with a title block, a drawing, a table and page breaks.

mod support;
use support::quit;

use support::Home;
use support::pty::Term;

const MEMO: &str = include_str!("fixtures/rfc_like.txt");
/// A memo in the shape of a real RFC: its body indented 3 spaces.
const RFC: &str = include_str!("fixtures/rfc_memo.txt");

/// Words joined by single spaces, wrapped balanced at `width` columns
/// (by the library: the paragraph is one wrap unit).
fn balanced(words: &[&str], width: usize) -> Vec<String> {
    let text = words.join(" ");
    let starts = annotty::wrap::rows(text.as_bytes(), width, annotty::wrap::Typeset::BOOK);
    (0..starts.len())
        .map(|i| {
            let end = starts.get(i + 1).map_or(text.len(), |&e| e as usize);
            text[starts[i] as usize..end].trim().to_string()
        })
        .collect()
}

/// Words joined by single spaces, wrapped greedily at `width` columns.
fn greedy(words: &[&str], width: usize) -> Vec<String> {
    let mut rows = vec![String::new()];
    for w in words {
        let row = rows.last_mut().unwrap();
        if row.is_empty() {
            row.push_str(w);
        } else if row.len() + 1 + w.len() <= width {
            row.push(' ');
            row.push_str(w);
        } else {
            rows.push(w.to_string());
        }
    }
    rows
}

#[test]
fn a_paragraph_across_a_16_kib_point_is_wrapped_as_a_whole() {
    const VOCABULARY: [&str; 12] = [
        "the", "keeper", "lantern", "boats", "waited", "at", "a", "lock", "of", "grey", "water",
        "slowly",
    ];
    let mut x = 0x2545_f491_u64;
    let mut word = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        VOCABULARY[x as usize % VOCABULARY.len()]
    };
    // Paragraphs of 8–12 lines at 70 columns; the one that crosses byte
    // 16 384 starts a few hundred bytes before it.
    let mut book = String::new();
    let mut crossing = None;
    while book.len() < 40_000 {
        let n = if book.len() > 15_600 && crossing.is_none() {
            250
        } else {
            100
        };
        let words: Vec<&str> = (0..n).map(|_| word()).collect();
        let start = book.len();
        let mut col = 0;
        for w in &words {
            if col > 0 && col + 1 + w.len() > 70 {
                book.push('\n');
                col = 0;
            } else if col > 0 {
                book.push(' ');
                col += 1;
            }
            book.push_str(w);
            col += w.len();
        }
        if start < 16_384 && book.len() > 16_384 {
            crossing = Some((start, words));
        }
        book.push_str("\n\n");
    }
    let (start, words) = crossing.unwrap();
    assert!(16_384 - start < 900, "the point is on the first screen");
    let line = book[..start].matches('\n').count() + 1;
    let home = Home::new();
    home.write("book.txt", &book);
    for (width, wrap) in [
        (60, "greedy"),
        (47, "greedy"),
        (53, "greedy"),
        (60, "balanced"),
        (47, "balanced"),
    ] {
        home.write(
            "config.toml",
            format!("reflow = \"always\"\ntext_width = {width}\nwrap = \"{wrap}\"\n"),
        );
        let term = home.spawn(&[format!("book.txt:{line}")], 80, 40);
        let expected = match wrap {
            "greedy" => greedy(&words, width),
            _ => balanced(&words, width),
        };
        assert!(expected.len() < 39, "the whole paragraph is on the screen");
        let shown = |s: &vt100::Screen| -> Vec<String> {
            s.rows(0, 80)
                .take(expected.len())
                .map(|r| r.trim().to_string())
                .collect()
        };
        term.wait_until("the paragraph wrapped as a whole", |s| shown(s) == expected);
        quit(&term);
    }
}

/// Wait until the text rows of the screen (trimmed) satisfy `pred`.
fn wait_rows(term: &Term, what: &str, pred: impl Fn(&[String]) -> bool) {
    term.wait_until(what, |s| {
        let (rows, cols) = s.size();
        let text: Vec<String> = s
            .rows(0, cols)
            .take(usize::from(rows) - 1)
            .map(|r| r.trim().to_string())
            .collect();
        pred(&text)
    });
}

#[test]
fn an_rfc_like_memo_keeps_its_layout_and_hides_page_breaks_on_request() {
    let home = Home::new();
    home.write("memo.txt", MEMO);
    let lines: Vec<&str> = MEMO.lines().collect();
    let pole = lines
        .iter()
        .position(|l| l.starts_with("The pole stands"))
        .unwrap()
        + 1;
    let row = |text: &str, shown: &[String]| shown.iter().any(|r| r == text);

    home.write("config.toml", "text_width = 80\n");
    let term = home.spawn(&["memo.txt"], 100, 40);
    let title: Vec<String> = lines[..4].iter().map(|l| l.trim().to_string()).collect();
    wait_rows(
        &term,
        "the title block and the drawing in rows of their own",
        |shown| {
            shown[..4] == title[..]
                && row(
                    "+-----------+        +-----------+        +-----------+",
                    shown,
                )
                && row(
                    "| upstream  | -----> |   lock    | -----> | downstream|",
                    shown,
                )
        },
    );
    quit(&term);

    let term = home.spawn(&[format!("memo.txt:{pole}")], 100, 40);
    wait_rows(
        &term,
        "footer, form feed, header and table in rows of their own",
        |shown| {
            let Some(footer) = shown.iter().position(|r| r.ends_with("[Page 1]")) else {
                return false;
            };
            shown[footer].starts_with("Tinker & Mole")
                && shown
                    .get(footer + 2)
                    .is_some_and(|r| r.starts_with("RFC 9990"))
                && row("red         green       the lock is filling", shown)
        },
    );
    quit(&term);

    home.write("config.toml", "text_width = 80\npage_breaks = \"hide\"\n");
    let term = home.spawn(&[format!("memo.txt:{pole}")], 100, 40);
    wait_rows(
        &term,
        "the paragraph joined across the hidden page break",
        |shown| {
            // The row before the break is filled with the words after it.
            let Some(at) = shown
                .iter()
                .position(|r| r == "when the keeper returns and lights the lower lantern again.")
            else {
                return false;
            };
            at > 0
                && shown[at - 1].ends_with("before the morning,")
                && row("red         green       the lock is filling", shown)
                && !shown
                    .iter()
                    .any(|r| r.contains("[Page 1]") || r.starts_with("RFC 9990"))
        },
    );
    quit(&term);
}

#[test]
fn an_rfc_with_an_indented_body_is_read_hard_wrapped_without_being_told() {
    // Before: its indented body was no evidence of hard wrapping, so it
    // read one paragraph per line: `as-is`, an empty row after each line.
    let home = Home::new();
    home.write("rfc.txt", RFC);
    home.write("config.toml", "text_width = 80\n");
    let lines: Vec<String> = RFC.lines().map(|l| l.trim().to_string()).collect();
    let abstract_at = lines.iter().position(|l| l == "Abstract").unwrap();
    let body = &lines[abstract_at + 2..abstract_at + 6];
    let term = home.spawn(&["rfc.txt"], 100, 40);
    wait_rows(&term, "the body's lines in consecutive rows", |shown| {
        shown.windows(body.len()).any(|rows| rows == body)
    });
    term.wait_text("reflowed");
    quit(&term);

    // Hidden page breaks: the lines on both sides of the break meet.
    home.write("config.toml", "text_width = 80\npage_breaks = \"hide\"\n");
    let footer = lines.iter().position(|l| l.ends_with("[Page 1]")).unwrap();
    let (before, after) = (&lines[footer - 3], &lines[footer + 5]);
    assert!(before.ends_with("down to the") && after.starts_with("quay,"));
    let term = home.spawn(&[format!("rfc.txt:{}", footer - 8)], 100, 40);
    wait_rows(&term, "the lines around the hidden page break", |shown| {
        shown
            .windows(2)
            .any(|rows| rows[0] == *before && rows[1] == *after)
            && !shown
                .iter()
                .any(|r| r.contains("[Page 1]") || r == "\u{240c}")
    });
    quit(&term);
}
