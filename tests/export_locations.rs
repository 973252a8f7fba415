//! The grep format's `ARTICLE:LINE:COL:` read back the way editors read it:
//! at that line and byte column of the article *file* is the first
//! character of the highlight — after CRLF lines, multibyte text (CJK,
//! emoji, curly quotes), invalid UTF-8 and tabs; and real `vim -q` puts
//! its cursor there.

mod export_common;

use export_common::*;
use std::path::Path;
use std::process::Command;

/// A second article: CRLF lines, invalid UTF-8, a tab, an emoji, and no
/// newline at the end.
const ROUGH: &[u8] =
    b"caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xe6\xbc\xa2\xe5\xad\x97 word\r\n\
bad \xff\xfe bytes then\xc3 text\r\n\
\ttabbed line \xf0\x9f\x93\x9a emoji \xe2\x80\x94 dash\n\
\r\n\
last line without newline";

/// Annotations on every word of `bytes` (and one starting at a line
/// break, one spanning lines), ids in text order.
fn every_word(bytes: &[u8]) -> Vec<annotty::annotation::Annotation> {
    let text = decoded(bytes);
    let mut out = words(&text);
    // From a line break (the LF of a CRLF) into the next line, and a
    // quote across lines.
    let nl = text.find("\nbad").unwrap();
    out.push(quote_at(&text, nl..nl + 4, out.len()));
    let from = text.find("then").unwrap();
    out.push(quote_at(&text, from..text.find("line").unwrap(), out.len()));
    out
}

/// Annotations on every word of `text` (decoded), ids in text order.
fn words(text: &str) -> Vec<annotty::annotation::Annotation> {
    let mut out = Vec::new();
    let mut word_start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(from) = word_start.take() {
                out.push(quote_at(text, from..i, out.len()));
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(from) = word_start {
        out.push(quote_at(text, from..text.len(), out.len()));
    }
    out
}

/// Annotation number `n` on `text[range]` (byte offsets of the decoded
/// text).
fn quote_at(
    text: &str,
    range: std::ops::Range<usize>,
    n: usize,
) -> annotty::annotation::Annotation {
    let quote = &text[range.clone()];
    let mut a = annotation_on(text, "x", quote, "highlight", "");
    a.start = annotty::text::CharPos(text[..range.start].chars().count() as u64);
    a.end = a.start + quote.chars().count() as u64;
    a.id = format!("01900000-0000-7000-8000-{n:012}");
    a
}

/// The two articles, with their annotations, in `dir`; returns each
/// article's (name, bytes, annotations).
fn articles(dir: &Path) -> Vec<(String, Vec<u8>, Vec<annotty::annotation::Annotation>)> {
    golden(dir);
    let rough = every_word(ROUGH);
    write_article(dir, "rough.txt", ROUGH, &rough);
    let live = annotations().into_iter().filter(|a| a.is_live()).collect();
    vec![
        ("essay.txt".into(), ARTICLE.as_bytes().to_vec(), live),
        ("rough.txt".into(), ROUGH.to_vec(), rough),
    ]
}

/// `file:line:col:rest` → (file, line, col), the rule editors use.
fn location(line: &str) -> (String, usize, usize) {
    let mut parts = line.splitn(4, ':');
    let file = parts.next().unwrap().to_string();
    let l = parts.next().unwrap().parse().unwrap();
    let c = parts.next().unwrap().parse().unwrap();
    assert!(parts.next().is_some(), "no text after the location: {line}");
    (file, l, c)
}

/// The raw bytes of 1-based `line` of `bytes` from 1-based byte `col` on.
fn at(bytes: &[u8], line: usize, col: usize) -> &[u8] {
    let start = bytes
        .split_inclusive(|&b| b == b'\n')
        .take(line - 1)
        .map(<[u8]>::len)
        .sum::<usize>();
    let line_bytes = bytes[start..].split(|&b| b == b'\n').next().unwrap();
    assert!(
        col >= 1 && col - 1 <= line_bytes.len(),
        "column {col} past line {line}"
    );
    &line_bytes[col - 1..]
}

/// True when raw bytes `here` start with the first char of `quote` (as
/// decoded: invalid bytes read as U+FFFD, the LF of a CRLF found at its
/// CR).
fn starts_with_first_char(here: &[u8], quote: &str) -> bool {
    let first = quote.chars().next().unwrap();
    if first == '\n' {
        return here == b"\r" || here.is_empty();
    }
    String::from_utf8_lossy(here).starts_with(first)
}

#[test]
fn every_location_points_at_the_first_char_of_its_quote() {
    let dir = tempfile::tempdir().unwrap();
    let arts = articles(dir.path());
    let mut c = annotty(dir.path());
    c.args(["export", "essay.txt", "rough.txt"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let expected: usize = arts.iter().map(|(_, _, a)| a.len()).sum();
    assert_eq!(lines.len(), expected);
    assert!(expected > 20, "{expected} annotations");

    let mut i = 0;
    for (name, bytes, anns) in &arts {
        let mut sorted = anns.clone();
        sorted.sort_by_key(|a| (a.start, a.end, a.id.clone()));
        for a in &sorted {
            let (file, line, col) = location(lines[i]);
            assert_eq!(&file, name);
            let here = at(bytes, line, col);
            assert!(
                starts_with_first_char(here, &a.quote),
                "{}: {:?} is not where {:?} starts",
                lines[i],
                String::from_utf8_lossy(here),
                a.quote
            );
            i += 1;
        }
    }
    // The cases the test is about are there.
    assert!(
        out.contains("rough.txt:2:1: [highlight] bad"),
        "after a CRLF line"
    );
    assert!(
        out.contains("rough.txt:2:5: [highlight] ��"),
        "invalid UTF-8"
    );
    assert!(
        out.contains("rough.txt:2:8: [highlight] bytes"),
        "after invalid UTF-8"
    );
    assert!(
        out.contains("rough.txt:1:27: [highlight] word"),
        "after CJK"
    );
    assert!(
        out.contains("rough.txt:3:19: [highlight] emoji"),
        "after an emoji"
    );
    assert!(
        out.contains("rough.txt:1:31: [highlight] ⏎bad"),
        "a quote from a CRLF"
    );
    assert!(
        out.contains("rough.txt:5:1: [highlight] last"),
        "after an empty CRLF line"
    );
}

/// Run `vim -q errors.txt` in `dir` non-interactively with
/// 'fileencodings' set to `fencs`, run the `commands` with their messages
/// redirected, and return what they printed. vim must be installed (CI
/// installs it): a missing vim fails the test.
fn vim_q(dir: &Path, fencs: &str, commands: &[&str]) -> Vec<u8> {
    let mut vim = Command::new("vim");
    vim.current_dir(dir)
        .env("HOME", dir)
        .env("LC_ALL", "C")
        .args(["-u", "NONE", "-i", "NONE", "-n", "-N", "-es"])
        .args([
            "--cmd",
            &format!("set encoding=utf-8 fileencodings={fencs}"),
        ])
        .args(["-q", "errors.txt"])
        .args(["-c", "redir! > vim-out.txt"]);
    for c in commands {
        vim.args(["-c", c]);
    }
    let done = vim
        .args(["-c", "redir END", "-c", "qa!"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run vim ({e}): install it (`apt-get install vim`; .ci/run does)")
        });
    assert!(done.status.success(), "vim failed: {done:?}");
    std::fs::read(dir.join("vim-out.txt")).unwrap()
}

/// Real vim: `vim -q` on the export, `:cc N` for every entry, and the text
/// under the cursor must start with the highlight's first char. vim must be
/// installed (CI installs it): a missing vim fails the test.
#[test]
fn vim_lands_on_every_highlight() {
    let dir = tempfile::tempdir().unwrap();
    let arts = articles(dir.path());
    let mut c = annotty(dir.path());
    c.args(["export", "essay.txt", "rough.txt", "-o", "errors.txt"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let n = arts.iter().map(|(_, _, a)| a.len()).sum::<usize>();

    // Plain `vim -q` as a user runs it (vim's default errorformat, which
    // reads `FILE:LINE:COL:TEXT`), non-interactive. encoding=utf-8 and no
    // file-encoding guessing, so that vim keeps the file's bytes as they
    // are, as byte columns mean them.
    let script = "for i in range(1, len(getqflist())) \
        | exe 'cc ' . i \
        | echo 'AT ' . i . ':' . line('.') . ':' . col('.') . ':' . (line2byte(line('.')) + col('.') - 2) \
        | endfor";
    let out = vim_q(
        dir.path(),
        "",
        &["echo 'COUNT ' . len(getqflist())", script],
    );
    let rows: Vec<&[u8]> = out
        .split(|&b| b == b'\n')
        .filter(|r| r.starts_with(b"AT ") || r.starts_with(b"COUNT "))
        .collect();
    assert_eq!(
        String::from_utf8_lossy(rows[0]),
        format!("COUNT {n}"),
        "vim read every line as an entry"
    );

    let errors = std::fs::read_to_string(dir.path().join("errors.txt")).unwrap();
    let entries: Vec<&str> = errors.lines().collect();
    let mut quotes = Vec::new();
    for (_, _, anns) in &arts {
        let mut sorted = anns.clone();
        sorted.sort_by_key(|a| (a.start, a.end, a.id.clone()));
        quotes.extend(sorted.into_iter().map(|a| a.quote));
    }
    assert_eq!(rows.len() - 1, n);
    for (i, row) in rows[1..].iter().enumerate() {
        // AT i:line:col:byte offset of the cursor in the buffer (0-based;
        // the buffer holds the file's bytes, so it is the file offset)
        let row = String::from_utf8_lossy(&row[3..]).into_owned();
        let numbers: Vec<usize> = row.split(':').map(|x| x.parse().unwrap()).collect();
        let [k, line, col, offset] = numbers[..] else {
            panic!("{row}")
        };
        assert_eq!(k, i + 1);
        let (file, l, c) = location(entries[i]);
        assert_eq!((line, col), (l, c), "vim's cursor for {}", entries[i]);
        let bytes = std::fs::read(dir.path().join(&file)).unwrap();
        let here = &bytes[offset..];
        let here = &here[..here.iter().position(|&b| b == b'\n').unwrap_or(here.len())];
        assert!(
            starts_with_first_char(here, &quotes[i]),
            "vim is on {:?}, not on the start of {:?} ({})",
            String::from_utf8_lossy(here),
            quotes[i],
            entries[i]
        );
    }
}

/// An article with a UTF-8 byte-order mark, and one in Windows-1252 (curly
/// quotes 0x92–0x94, é, an em dash 0x97), each with its text as annotty
/// reads it: without the mark, decoded to UTF-8.
const NOT_PLAIN: [(&str, &[u8], &str); 2] = [
    (
        "bom.txt",
        b"\xef\xbb\xbfCaf\xc3\xa9 \xe2\x80\x9cfirst\xe2\x80\x9d line\nsecond line\n",
        "Café “first” line\nsecond line\n",
    ),
    (
        "cp1252.txt",
        b"Jane\x92s caf\xe9 \x97 a \x93quiet\x94 place\nnext line, plain\n",
        "Jane’s café — a “quiet” place\nnext line, plain\n",
    ),
];

/// [`NOT_PLAIN`] in `dir`, with every word highlighted (char offsets of the
/// decoded text); the grep export of both.
fn not_plain(dir: &Path) -> String {
    for (name, raw, text) in NOT_PLAIN {
        let path = dir.join(name);
        std::fs::write(&path, raw).unwrap();
        annotty::store::Store::beside(&path)
            .save(&doc_info(name, text.as_bytes()), &words(text))
            .unwrap();
    }
    let mut c = annotty(dir);
    c.args(["export", "bom.txt", "cp1252.txt", "-o", "errors.txt"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    std::fs::read_to_string(dir.join("errors.txt")).unwrap()
}

/// LINE:COL of a file with a byte-order mark or in a legacy encoding are
/// those of its text as annotty reads it: line 1 starts after the mark,
/// and columns count the bytes of the text decoded to UTF-8.
#[test]
fn locations_count_in_the_decoded_text_without_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let out = not_plain(dir.path());
    for (name, _, text) in NOT_PLAIN {
        let anns = words(text);
        let lines: Vec<&str> = out.lines().filter(|l| l.starts_with(name)).collect();
        assert_eq!(lines.len(), anns.len(), "{out}");
        for (line, a) in lines.iter().zip(&anns) {
            let (_, l, c) = location(line);
            let here = at(text.as_bytes(), l, c);
            assert!(here.starts_with(a.quote.as_bytes()), "{line}: {a:?}");
        }
    }
    assert!(out.contains("bom.txt:1:1: [highlight] Café"), "{out}");
    assert!(out.contains("bom.txt:1:7: [highlight] “first”"), "{out}");
    assert!(out.contains("cp1252.txt:1:10: [highlight] café"), "{out}");
    assert!(
        out.contains("cp1252.txt:1:22: [highlight] “quiet”"),
        "{out}"
    );
}

/// Real vim on those locations. vim hides a byte-order mark (`ucs-bom`,
/// first in its default 'fileencodings') and converts a legacy file to
/// UTF-8 in its buffer, whose byte columns `vim -q` uses; it reads a file
/// as Windows-1252 when 'fileencodings' names cp1252 (its default ends in
/// latin1, which reads 0x80–0x9F as control characters: curly quotes and
/// dashes would shift the columns after them on their line).
#[test]
fn vim_lands_on_highlights_after_a_byte_order_mark_and_in_windows_1252() {
    let dir = tempfile::tempdir().unwrap();
    let out = not_plain(dir.path());
    let script = "for i in range(1, len(getqflist())) \
        | exe 'cc ' . i \
        | echo 'AT ' . i . ':' . &fileencoding . ':' . strpart(getline('.'), col('.') - 1) \
        | endfor";
    let seen = vim_q(dir.path(), "ucs-bom,utf-8,cp1252", &[script]);
    let seen = String::from_utf8(seen).unwrap();
    let rows: Vec<&str> = seen.lines().filter(|r| r.starts_with("AT ")).collect();
    let entries: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), entries.len(), "{seen}");
    for (row, entry) in rows.iter().zip(&entries) {
        // AT i:fileencoding:the line from the cursor on
        let mut parts = row[3..].splitn(3, ':');
        let (_, encoding, here) = (parts.next(), parts.next().unwrap(), parts.next().unwrap());
        let expected = if entry.starts_with("bom") {
            "utf-8"
        } else {
            "cp1252"
        };
        assert_eq!(encoding, expected, "{row}");
        let quote = entry.split("[highlight] ").nth(1).unwrap();
        assert!(
            here.starts_with(quote),
            "vim is on {here:?}, not on {quote:?} ({entry})"
        );
    }
}
