//! Articles that are not plain UTF-8, read in the real binary in a
//! pseudo-terminal: a byte-order mark is not drawn or counted, a
//! Windows-1252 article is shown decoded and its highlights count chars of
//! the decoded text, `--encoding` and the config override detection, and
//! invalid UTF-8 that is not legacy text is shown as before, and `G` shows
//! the end of a large Windows-1252 article before the rest is decoded.

mod support;
use support::quit;

use std::path::Path;
use support::Home;
use support::pty::Term;

/// A Windows-1252 article: ’ is 0x92, é 0xe9, — 0x97, “ ” 0x93 0x94.
const CP1252: &[u8] = b"Jane\x92s caf\xe9 \x97 a \x93quiet\x94 place to read.\n\n\
Second paragraph, in plain words.\n";
/// [`CP1252`] as it must be shown.
const CP1252_SHOWN: &str = "Jane’s café — a “quiet” place to read.";

/// Everything the reader printed, as text: replacement characters are
/// looked for here (the harness's screen shows U+FFFD as a stand-in).
fn printed(term: &Term) -> String {
    String::from_utf8_lossy(&term.raw_output()).into_owned()
}

/// The live annotations of `article`'s sidecar as (start, end, quote).
fn saved(article: &Path) -> Vec<(i64, i64, String)> {
    support::live_annotations(&support::sidecar_of(article))
        .expect("the sidecar parses")
        .iter()
        .map(|a| {
            let n = |k: &str| a[k].as_integer().unwrap();
            (
                n("start"),
                n("end"),
                a["quote"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The `[document]` table of `article`'s sidecar.
fn document(article: &Path) -> toml::Table {
    let text = std::fs::read_to_string(support::sidecar_of(article)).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    doc["document"].as_table().unwrap().clone()
}

/// True when every char of `needle` (its first occurrence) is drawn on
/// the default tag's colour (yellow).
fn highlighted(s: &vt100::Screen, needle: &str) -> bool {
    let yellow =
        |&(r, c): &(u16, u16)| s.cell(r, c).map(vt100::Cell::bgcolor) == Some(vt100::Color::Idx(3));
    let start = support::pty::find_all(s, needle).first().copied();
    start.is_some_and(|at| support::pty::match_cells(s, at, needle).iter().all(yellow))
}

#[test]
fn a_byte_order_mark_is_neither_drawn_nor_selected_nor_counted() {
    let home = Home::new();
    let article = home.write(
        "bom.txt",
        b"\xef\xbb\xbfFirst words of the article.\n\nA second paragraph.\n",
    );
    let term = home.spawn(&["bom.txt"], 60, 12);
    term.wait_text("First words");
    let (row, col) = term.find("First words").unwrap();
    assert!(!printed(&term).contains('\u{fffd}'), "{}", term.dump());
    assert!(
        term.row(row)[..col as usize].trim().is_empty(),
        "nothing before the first word: {:?}",
        term.row(row)
    );
    // `v` starts at the first character of the top row; `e` goes to the
    // end of its word: the first word, not a mark before it.
    term.send_str("ve");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    term.wait_until("highlighted", |s| highlighted(s, "First"));
    // A search for the mark finds nothing: it is not part of the text.
    term.send_str("/\\x{feff}\r");
    term.wait_text("not found");
    quit(&term);
    assert_eq!(saved(&article), [(0, 5, "First".to_string())]);
    // Export puts the highlight at line 1, column 1 (vim hides the mark
    // too).
    let (code, out, err) = home.run(&["export", "bom.txt"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("bom.txt:1:1: [highlight] First"), "{out}");
}

#[test]
fn a_windows_1252_article_is_shown_decoded_and_highlighted_in_decoded_chars() {
    let home = Home::new();
    let article = home.write("jane.txt", CP1252);
    let term = home.spawn(&["jane.txt"], 60, 12);
    term.wait_text(CP1252_SHOWN);
    assert!(!printed(&term).contains('\u{fffd}'), "{}", term.dump());
    term.send_str("/café");
    term.key_enter();
    term.send_str("ve");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    quit(&term);
    // "Jane’s " is 7 chars of the decoded text (7 bytes of the file, 9 of
    // its UTF-8).
    assert_eq!(saved(&article), [(7, 11, "café".to_string())]);
    let doc = document(&article);
    assert_eq!(doc["encoding"].as_str(), Some("windows-1252"));
    assert_eq!(doc["chars"].as_integer(), Some(74));

    let again = home.spawn(&["jane.txt"], 60, 12);
    again.wait_text("1 highlight");
    again.wait_until("drawn again after reopening", |s| {
        highlighted(s, "café") && support::pty::screen_contains(s, CP1252_SHOWN)
    });
    quit(&again);
    assert_eq!(saved(&article), [(7, 11, "café".to_string())]);
    let (code, out, err) = home.run(&["export", "jane.txt"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "jane.txt:1:10: [highlight] café\n");
}

#[test]
fn the_command_line_and_the_config_override_detection() {
    let home = Home::new();
    home.write("jane.txt", CP1252);
    // KOI8-R reads 0xe9 as И, 0x97 as ≈ (a box-drawing and maths page).
    let term = home.spawn(&["--encoding", "koi8-r", "jane.txt"], 60, 12);
    term.wait_text("cafИ");
    quit(&term);
    // utf-8: no decoding, invalid bytes shown as they were before.
    let term = home.spawn(&["--encoding", "utf-8", "jane.txt"], 60, 12);
    term.wait_text("place to read.");
    let shown = printed(&term);
    assert!(
        shown.contains("Jane\u{fffd}s") && shown.contains("caf\u{fffd}"),
        "{shown:?}"
    );
    quit(&term);
    home.write("config.toml", "encoding = \"koi8-r\"\n");
    let term = home.spawn(&["jane.txt"], 60, 12);
    term.wait_text("cafИ");
    quit(&term);
    let (code, _, err) = home.run(&["--encoding", "klingon", "jane.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown encoding"), "{err}");
}

#[test]
fn invalid_utf8_that_is_not_legacy_text_is_shown_as_before() {
    let home = Home::new();
    // Mostly valid multi-byte UTF-8 with junk bytes and a cut end.
    let mut bytes = "naïve café “quoted” text\n".repeat(3).into_bytes();
    bytes.extend_from_slice(b"junk \xff\xfe here, cut \xe2\x80");
    home.write("junk.txt", &bytes);
    let term = home.spawn(&["junk.txt"], 60, 12);
    term.wait_text("naïve café “quoted” text");
    term.wait_text("here, cut");
    let shown = printed(&term);
    assert!(shown.contains("\u{fffd}\u{fffd}"), "{shown:?}");
    quit(&term);
    // Control characters among high bytes: binary, not Latin-1.
    home.write(
        "bin.txt",
        b"data \x01\x02\x03\xc8\xd9\x04\x05\x06\xfa end\n",
    );
    let term = home.spawn(&["bin.txt"], 60, 12);
    term.wait_text("data \u{2401}\u{2402}\u{2403}");
    let shown = printed(&term);
    assert!(shown.contains("\u{2403}\u{fffd}"), "{shown:?}");
    quit(&term);
}

/// A Windows-1252 article of about 6 MiB (opened with only its first
/// 512 KiB decoded, the rest decoded in the background): numbered lines,
/// one `NEEDLEWORD` line two thirds in, `LASTWORD` on the last line.
fn large_cp1252() -> Vec<u8> {
    let mut out = Vec::with_capacity(6 << 20);
    let mut i = 0;
    while out.len() < 6 << 20 {
        if i == 100_000 {
            out.extend_from_slice(b"The NEEDLEWORD caf\xe9 line.\n");
        }
        out.extend_from_slice(format!("Line {i}: Jane").as_bytes());
        out.extend_from_slice(b"\x92s caf\xe9 \x97 a \x93quiet\x94 place.\n");
        i += 1;
    }
    out.extend_from_slice(b"LASTWORD of Jane\x92s book.\n");
    out
}

#[test]
fn a_large_windows_1252_article_opens_decoded_and_g_reaches_its_true_end() {
    let home = Home::new();
    home.write("big.txt", large_cp1252());
    let term = home.spawn(&["big.txt"], 70, 12);
    term.wait_text("Line 0: Jane’s café — a “quiet” place.");
    term.send_str("G");
    term.wait_text("LASTWORD of Jane’s book.");
    term.send_str("g/NEEDLEWORD\r");
    term.wait_text("The NEEDLEWORD café line.");
    assert!(!printed(&term).contains('\u{fffd}'), "{}", term.dump());
    quit(&term);
}

/// A Windows-1252 article of about 5 MiB, many of its bytes above 0x7f
/// (so its UTF-8 is longer): numbered paragraphs and a last line of its
/// own.
fn large_cp1252_paragraphs() -> Vec<u8> {
    let mut out = Vec::with_capacity(5 << 20);
    let mut i = 0;
    while out.len() < 5 << 20 {
        out.extend_from_slice(format!("Paragraph {i}: ").as_bytes());
        out.extend_from_slice(b"\x93Jane\x92s caf\xe9 \x97 na\xefve \xe0 la cr\xe8me\x94.\n\n");
        i += 1;
    }
    out.extend_from_slice(b"The end: caf\xe9 \xe0 la cr\xe8me, at last.\n");
    out
}

/// An English e-text of about 2.2 MiB in Windows-1252 whose only legacy
/// bytes are on one line at 1.5 MiB, where none of the samples that
/// detection takes of a large file looks (`The needle: Jane’s café table.`).
fn legacy_past_the_samples() -> Vec<u8> {
    let mut out = Vec::with_capacity(2_300_000);
    let mut i = 0;
    while out.len() < 2_250_000 {
        if i == 40_000 {
            assert!(out.len() > 1_400_000 && out.len() < 1_600_000);
            out.extend_from_slice(b"The needle: Jane\x92s caf\xe9 table.\n");
        }
        out.extend_from_slice(format!("Line {i} of a plain English e-text.\n").as_bytes());
        i += 1;
    }
    out
}

/// The reader on `large_cp1252_paragraphs` (as `big.txt`) in 70×12, its
/// first screen shown: long before the rest is decoded.
fn open_large_cp1252(home: &Home) -> Term {
    home.write("big.txt", large_cp1252_paragraphs());
    let term = home.spawn(&["big.txt"], 70, 12);
    term.wait_text("Paragraph 0: “Jane’s café — naïve à la crème”.");
    term
}

/// Wait until the top row starts with `words` (after the margin).
fn wait_top(term: &Term, what: &str, words: &str) {
    term.wait_until(what, |s| {
        s.rows(0, 70)
            .next()
            .is_some_and(|r| r.trim_start().starts_with(words))
    });
}

/// `decoding the rest…` was never shown, and no character was decoded
/// wrong: the keys sent went where they go at once.
fn assert_never_waited(term: &Term, keys: &str) {
    assert!(
        !ever_shown(&term.raw_output(), (70, 12), "decoding the rest"),
        "{keys} did not wait: {}",
        term.dump()
    );
    assert!(!printed(term).contains('\u{fffd}'), "{}", term.dump());
}

#[test]
fn g_shows_the_end_of_a_large_windows_1252_article_without_waiting_for_the_rest() {
    let home = Home::new();
    let term = open_large_cp1252(&home);
    term.send_str("G");
    term.wait_text("The end: café à la crème, at last.");
    // Up within the end shows the paragraphs before it.
    term.send_str("k");
    term.wait_until("scrolled up", |s| {
        !support::pty::screen_contains(s, "at last.")
            && support::pty::screen_contains(s, "naïve à la crème”.")
    });
    assert_never_waited(&term, "G and k");
    quit(&term);
}

#[test]
fn percent_and_a_line_number_go_into_a_large_windows_1252_article_without_waiting() {
    let home = Home::new();
    let term = open_large_cp1252(&home);
    // The paragraph holding the file's middle byte.
    let bytes = large_cp1252_paragraphs();
    let middle = bytes[..bytes.len() / 2]
        .windows(2)
        .filter(|w| w == b"\n\n")
        .count();
    term.send_str("50%");
    wait_top(
        &term,
        "50% shown",
        &format!("Paragraph {middle}: “Jane’s café"),
    );
    // Line 12 345 is paragraph 6 172's (a blank line after each).
    term.send_str("12345G");
    let top = "Paragraph 6172: “Jane’s café";
    wait_top(&term, "line 12 345 shown", top);
    assert_never_waited(&term, "% and G");
    // Once the whole text is read (paragraphs counted, the last row's
    // shown), the same words are on top.
    term.wait_text("¶ 6178/101020");
    assert!(term.row(0).trim_start().starts_with(top), "{}", term.dump());
    quit(&term);
}

#[test]
fn a_search_finds_text_far_into_a_large_windows_1252_article_without_waiting() {
    let home = Home::new();
    let term = open_large_cp1252(&home);
    term.send_str("/Paragraph 77777: .Jane’s café\r");
    wait_top(&term, "the match on top", "Paragraph 77777: “Jane’s café");
    assert_never_waited(&term, "the search");
    // `n` finds the only match again, wrapping.
    term.send_str("n");
    term.wait_text("search wrapped to the top");
    quit(&term);
}

/// True when `needle` was on the last row of a `size` (columns, rows)
/// screen at any moment of `output` (a message shown for one frame only
/// too: `printed` may see it cut by cursor moves).
fn ever_shown(output: &[u8], size: (u16, u16), needle: &str) -> bool {
    let mut parser = vt100::Parser::new(size.1, size.0, 0);
    output.iter().any(|&b| {
        parser.process(&[b]);
        parser
            .screen()
            .rows(0, size.0)
            .nth(size.1 as usize - 1)
            .is_some_and(|row| row.contains(needle))
    })
}

#[test]
fn legacy_bytes_that_no_sample_saw_are_decoded_once_the_scan_has_read_them() {
    let home = Home::new();
    let article = home.write("etext.txt", legacy_past_the_samples());
    let term = home.spawn(&["etext.txt"], 70, 12);
    term.wait_text("Line 0 of a plain");
    // The scan reads the whole file and judges it again.
    term.wait_text("read as windows-1252");
    term.send_str("/needle\r");
    term.wait_text("The needle: Jane’s café table.");
    assert!(!printed(&term).contains('\u{fffd}'), "{}", term.dump());
    term.send_str("/café\r");
    term.send_str("ve");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    quit(&term);
    let doc = document(&article);
    assert_eq!(doc["encoding"].as_str(), Some("windows-1252"));
    assert_eq!(saved(&article)[0].2, "café");
    // Export reads the file as the reader ended up reading it.
    let (code, out, err) = home.run(&["export", "etext.txt"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "etext.txt:40001:22: [highlight] café\n");
    // Opened again: read decoded at once (the encoding found is kept with
    // the positions, under the file's key), back where it was left, its
    // highlight in place.
    let again = home.spawn(&["etext.txt"], 70, 12);
    again.wait_text("1 highlight");
    again.wait_text("The needle: Jane’s café table.");
    again.wait_until("the highlight drawn", |s| highlighted(s, "café"));
    let shown = printed(&again);
    assert!(
        !shown.contains("read as") && !shown.contains('\u{fffd}'),
        "{shown:?}"
    );
    quit(&again);
}

#[test]
fn a_highlight_made_before_the_encoding_is_found_is_kept_on_the_decoded_text() {
    let home = Home::new();
    // 48 MiB, its only legacy line at about 200 KB, between the samples:
    // the debug build's scan takes long enough to highlight before it ends.
    let mut text = Vec::with_capacity(48 << 20);
    let mut i = 0;
    while text.len() < 48 << 20 {
        if i == 5_500 {
            text.extend_from_slice(b"The needle: Jane\x92s caf\xe9 table.\n");
        }
        text.extend_from_slice(format!("Line {i} of a plain English e-text.\n").as_bytes());
        i += 1;
    }
    let article = home.write("long.txt", text);
    let term = home.spawn(&["long.txt"], 70, 12);
    term.wait_text("Line 0 of a plain");
    term.send_str("/needle\r");
    term.wait_text("The needle: Jane");
    term.send_str("ve");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    assert!(
        !printed(&term).contains("read as"),
        "the scan ended before the highlight: {}",
        term.dump()
    );
    term.wait_text("read as windows-1252");
    term.wait_text("The needle: Jane’s café table.");
    term.wait_until("the highlight drawn", |s| highlighted(s, "needle"));
    // Said until the next key.
    term.key_f(12);
    term.wait_text("1 highlight");
    quit(&term);
    let saved = saved(&article);
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(saved[0].2, "needle");
    let (code, out, err) = home.run(&["export", "long.txt"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "long.txt:5501:5: [highlight] needle\n");
}

#[test]
fn notes_saved_on_the_undecoded_reading_are_placed_on_the_decoded_text() {
    let home = Home::new();
    let article = home.write("etext.txt", legacy_past_the_samples());
    // Read as UTF-8 (as before the encoding could be found): a highlight
    // over the bad bytes.
    let term = home.spawn(&["--encoding", "utf-8", "etext.txt"], 70, 12);
    term.wait_text("Line 0 of a plain");
    term.send_str("/needle\r");
    term.wait_text("The needle: Jane");
    term.send_str("v$");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    quit(&term);
    let before = saved(&article);
    assert_eq!(before.len(), 1);
    assert!(before[0].2.contains("Jane\u{fffd}s"), "{before:?}");
    // Opened as detection says: read again decoded, the note placed on it
    // at the same chars.
    let term = home.spawn(&["etext.txt"], 70, 12);
    term.wait_text("read as windows-1252");
    term.wait_text("1 approximate");
    // Back where the undecoded reading was left.
    term.wait_text("The needle: Jane’s café table.");
    term.wait_until("the highlight drawn", |s| {
        highlighted(s, "needle: Jane’s café")
    });
    quit(&term);
    let after = saved(&article);
    assert_eq!((after[0].0, after[0].1), (before[0].0, before[0].1));
    assert_eq!(
        document(&article)["encoding"].as_str(),
        Some("windows-1252")
    );
    let (code, out, err) = home.run(&["export", "etext.txt"]);
    assert_eq!(code, 0, "{err}");
    // Placed approximately, at the same chars, its quote kept as it was
    // saved until the reader confirms it (as on any changed text).
    assert!(
        out.starts_with("etext.txt:40001:5: [highlight, fuzzy] needle: Jane"),
        "{out}"
    );
}
