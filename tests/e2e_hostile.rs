//! Hostile text never drives the terminal: the real binary in a
//! pseudo-terminal reads an article, file names, a note and a tag name
//! full of control characters, escape sequences, terminal queries, bidi
//! controls and zero-width characters, and every byte it writes is parsed
//! by a VT parser (`vte`, the parser of Alacritty and of vt100) to check
//! that it holds only what the renderer itself sends.

mod support;
use support::quit;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use support::Home;
use support::pty::Term;

// ---------------------------------------------------------------------------
// The corpus

/// Bidi marks, embeddings, overrides and isolates.
const BIDI: &[char] = &[
    '\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// Zero-width characters.
const ZERO_WIDTH: &[char] = &['\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}'];

/// Hostile text that is valid UTF-8 (so it fits in a note, a TOML string,
/// a file name): one labelled line per kind. Every line starts with a
/// plain word so the screen can be searched for what follows it.
fn hostile_text() -> String {
    let mut lines: Vec<String> = Vec::new();
    let c0: String = (0u8..0x20)
        .filter(|&b| b != b'\n')
        .map(char::from)
        .collect();
    lines.push(format!("c0 [{c0}]"));
    lines.push("del [\u{7f}]".into());
    let c1: String = (0x80u32..0xa0).filter_map(char::from_u32).collect();
    lines.push(format!("c1utf8 [{c1}]"));
    lines.push("clear [\x1b[2J\x1b[H\x1b[3J\x1bc] moves [\x1b[5A\x1b[10B\x1b[3C\x1b[2D\x1b[5;5H\x1b7\x1b8\x1b[s\x1b[u]".into());
    lines.push("sgr [\x1b[31;1mred\x1b[0m \x1b[8mhidden\x1b[28m]".into());
    lines.push("title [\x1b]0;pwned0\x07 \x1b]2;pwned2\x1b\\ \x1b]1;icon\x07]".into());
    lines.push("clip [\x1b]52;c;cHduZWQ=\x07 \x1b]52;c;?\x07]".into());
    lines.push("link [\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\]".into());
    lines.push("dcs [\x1bPq#0;2;0;0;0#0~~\x1b\\] apc [\x1b_Gf=100;AAAA\x1b\\] pm [\x1b^private\x1b\\] sos [\x1bXstart\x1b\\]".into());
    lines.push("queries [\x1b[c \x1b[>c \x1b[5n \x1b[6n \x1b[21t \x1b[14t \x1bP$q\"p\x1b\\ \x1bP+q544e\x1b\\ \x1b]10;?\x07 \x1bZ]".into());
    lines.push("modes [\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?2004l\x1b[4h\x1b[?7l\x1b[20h]".into());
    lines.push("c1csi [\u{9b}31m\u{9d}0;x\u{9c}\u{90}q\u{9c}]".into());
    let bidi: String = BIDI.iter().map(|&c| format!("{c}x")).collect();
    lines.push(format!("bidi [{bidi}] evil\u{202e}txt.exe"));
    let zw: String = ZERO_WIDTH.iter().map(|&c| format!("a{c}b ")).collect();
    lines.push(format!("zw [{zw}]"));
    lines.push("unterminated [\x1b]0;open title to the end of the line".into());
    lines.join("\n")
}

/// The article: plain paragraphs around the hostile lines, raw 8-bit C1
/// bytes (invalid UTF-8), enough filler to need several pages, and an OSC
/// left open at the very end of the file.
fn hostile_article() -> Vec<u8> {
    let mut a = b"Hostile article\n\n".to_vec();
    a.extend_from_slice(hostile_text().as_bytes());
    a.extend_from_slice(b"\nraw8bit [");
    a.extend(0x80u8..0xa0);
    a.extend_from_slice(
        b"] csi8 [\x9b2J\x9b31m] osc8 [\x9d0;pwned\x07] dcs8 [\x90q\x9c] apc8 [\x9fx\x9c]\n",
    );
    for i in 0..60u32 {
        a.extend_from_slice(
            format!(
                "Filler paragraph {i} so that the article needs several pages to read through.\n"
            )
            .as_bytes(),
        );
        if i.is_multiple_of(20) {
            a.extend_from_slice(hostile_text().as_bytes());
            a.push(b'\n');
        }
    }
    a.extend_from_slice(b"last line \x1b]2;title never closed");
    a
}

// ---------------------------------------------------------------------------
// What the program wrote, parsed

/// Everything a VT parser saw in the program's output.
#[derive(Default, Debug)]
struct Seen {
    printed: Vec<char>,
    /// C0 and C1 controls executed (including raw 8-bit bytes 0x80–0x9f).
    executed: Vec<u8>,
    /// (private marker / intermediates, params, final byte)
    csi: Vec<(Vec<u8>, Vec<Vec<u16>>, char)>,
    /// (intermediates, final byte)
    esc: Vec<(Vec<u8>, u8)>,
    osc: Vec<Vec<Vec<u8>>>,
    dcs: Vec<(Vec<u8>, char)>,
}

impl vte::Perform for Seen {
    fn print(&mut self, c: char) {
        self.printed.push(c);
    }
    fn execute(&mut self, byte: u8) {
        self.executed.push(byte);
    }
    fn hook(&mut self, _: &vte::Params, intermediates: &[u8], _: bool, action: char) {
        self.dcs.push((intermediates.to_vec(), action));
    }
    fn osc_dispatch(&mut self, params: &[&[u8]], _: bool) {
        self.osc.push(params.iter().map(|p| p.to_vec()).collect());
    }
    fn csi_dispatch(&mut self, params: &vte::Params, intermediates: &[u8], _: bool, action: char) {
        let params = params.iter().map(|p| p.to_vec()).collect();
        self.csi.push((intermediates.to_vec(), params, action));
    }
    fn esc_dispatch(&mut self, intermediates: &[u8], _: bool, byte: u8) {
        self.esc.push((intermediates.to_vec(), byte));
    }
}

fn parse(raw: &[u8]) -> Seen {
    let mut seen = Seen::default();
    vte::Parser::new().advance(&mut seen, raw);
    seen
}

/// A CSI as text, e.g. `?1049h`, `38;5;11m`, `12;1H`.
fn csi_text((intermediates, params, action): &(Vec<u8>, Vec<Vec<u16>>, char)) -> String {
    let params: Vec<String> = params
        .iter()
        .map(|p| p.iter().map(u16::to_string).collect::<Vec<_>>().join(":"))
        .collect();
    format!(
        "{}{}{action}",
        String::from_utf8_lossy(intermediates),
        params.join(";")
    )
}

/// Whether this CSI is one the renderer (ratatui's crossterm backend and
/// `tui::term`) sends.
fn allowed_csi(csi: &(Vec<u8>, Vec<Vec<u16>>, char)) -> bool {
    let (intermediates, params, action) = csi;
    let flat: Vec<u16> = params.iter().flatten().copied().collect();
    match (intermediates.as_slice(), *action) {
        // Cursor position (crossterm MoveTo: `CSI row;col H`).
        (b"", 'H') => flat.len() <= 2,
        // SGR: colours and attributes of the cells drawn.
        (b"", 'm') => true,
        // Erase the display (ratatui clears the screen after a resize).
        (b"", 'J') => flat == [2] || flat == [0] || flat.is_empty(),
        // DEC private modes set (h) and reset (l), one per sequence:
        (b"?", 'h' | 'l') => matches!(
            flat.as_slice(),
            // the cursor shown/hidden;
            [25]
            // the alternate screen;
            | [1049]
            // mouse capture: button events, drags, any motion, and the
            // SGR / urxvt encodings (crossterm EnableMouseCapture);
            | [1000] | [1002] | [1003] | [1006] | [1015]
            // bracketed paste.
            | [2004]
        ),
        _ => false,
    }
}

/// Check everything the program wrote: no OSC / DCS / APC / PM / SOS
/// (except the `expected_osc52` clipboard writes, payloads given), only the
/// CSIs of [`allowed_csi`], no escape sequence of another kind, no control
/// character and no bidi control printed. Returns what was seen.
fn assert_clean(term: &Term, expected_osc52: &[&str]) -> Seen {
    let seen = check_output(&term.raw_output(), expected_osc52);
    assert_eq!(term.title(), None, "the title is unchanged");
    seen
}

/// The checks of [`assert_clean`] on the bytes `raw`.
fn check_output(raw: &[u8], expected_osc52: &[&str]) -> Seen {
    let seen = parse(raw);
    // vte drops SOS, PM and APC strings without a callback: look for
    // their introducers (and the other string introducers) in the bytes.
    for (intro, what) in [
        (&b"\x1bX"[..], "SOS"),
        (b"\x1b^", "PM"),
        (b"\x1b_", "APC"),
        (b"\x1bP", "DCS"),
    ] {
        assert!(
            !raw.windows(2).any(|w| w == intro),
            "{what} introducer in the output"
        );
    }
    assert!(seen.dcs.is_empty(), "DCS sequences: {:?}", seen.dcs);
    let osc52: Vec<String> = seen
        .osc
        .iter()
        .map(|p| {
            let text: Vec<String> = p
                .iter()
                .map(|x| String::from_utf8_lossy(x).into())
                .collect();
            assert!(
                text.len() == 3 && text[0] == "52" && text[1] == "c",
                "an OSC other than a clipboard write: {text:?}"
            );
            let payload = &text[2];
            assert!(
                !payload.is_empty()
                    && payload.len().is_multiple_of(4)
                    && payload
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'='),
                "OSC 52 payload is not base64: {payload:?}"
            );
            String::from_utf8(support::pty::base64_decode(payload.as_bytes())).unwrap()
        })
        .collect();
    assert_eq!(osc52, expected_osc52, "OSC 52 clipboard writes");
    let bad_csi: Vec<String> = seen
        .csi
        .iter()
        .filter(|c| !allowed_csi(c))
        .map(csi_text)
        .collect();
    assert!(
        bad_csi.is_empty(),
        "CSI sequences the renderer does not use: {bad_csi:?}"
    );
    // crossterm sends no plain ESC sequences (ESC 7, ESC c, ESC = …).
    assert!(seen.esc.is_empty(), "ESC sequences: {:?}", seen.esc);
    // Nor C0/C1 controls: every row is placed with a cursor position, so
    // not even CR/LF reach the terminal (BEL ends the OSC 52 and is not
    // executed).
    assert!(
        seen.executed.is_empty(),
        "controls executed: {:02x?}",
        seen.executed
    );
    // Zero-width joiners and non-joiners are kept inside a grapheme
    // cluster (emoji sequences, Persian, Indic scripts), where they only
    // shape the glyph; standing alone they are replaced.
    let lone_joiner = seen.printed.windows(2).any(|w| {
        matches!(w[1], '\u{200c}' | '\u{200d}') && (w[0].is_whitespace() || w[0] == '\u{fffd}')
    });
    assert!(!lone_joiner, "a joiner printed outside a cluster");
    let bad: Vec<String> = seen
        .printed
        .iter()
        .filter(|&&c| {
            c.is_control()
                || BIDI.contains(&c)
                || (ZERO_WIDTH.contains(&c) && !matches!(c, '\u{200c}' | '\u{200d}'))
        })
        .map(|c| format!("U+{:04X}", *c as u32))
        .collect();
    assert!(
        bad.is_empty(),
        "printed controls, bidi or zero-width chars: {bad:?}"
    );
    seen
}

/// How many times `c` was printed.
fn count(seen: &Seen, c: char) -> usize {
    seen.printed.iter().filter(|&&p| p == c).count()
}

// ---------------------------------------------------------------------------
// Set-up

/// The status row's percentage (the bottom row of the screen).
fn percent(s: &vt100::Screen) -> Option<u32> {
    let (rows, cols) = s.size();
    s.contents_between(rows - 1, 0, rows - 1, cols)
        .split_whitespace()
        .find_map(|w| w.strip_suffix('%')?.parse().ok())
}

// ---------------------------------------------------------------------------
// Tests

#[test]
fn a_hostile_article_read_through_sends_nothing_but_the_renderer_s_sequences() {
    let home = Home::new();
    home.write("hostile.txt", hostile_article());
    let term = home.spawn(&[OsStr::new("hostile.txt")], 100, 30);
    term.wait_text("Hostile article");
    // Visible stand-ins where the controls were.
    term.wait_text("clear [␛[2J␛[H␛[3J␛c]");
    term.wait_text("title [␛]0;pwned0␇ ␛]2;pwned2␛\\ ␛]1;icon␇]");
    term.wait_text("c0 [␀␁␂␃␄␅␆␇␈");
    term.wait_text("␜␝␞␟]");
    term.wait_text("del [␡]");
    // Every page, then the end and back to the top.
    // A frame may reach the terminal in several reads: the page has
    // turned when the status row (drawn last) shows a larger percentage
    // (or one at all: a notice about the article stands there at first),
    // not as soon as the screen changes.
    let mut pages = 0;
    let mut shown = term.with_screen(percent);
    while shown != Some(100) && pages < 40 {
        term.send_str(" ");
        term.wait_until("the next page", |s| percent(s) > shown);
        shown = term.with_screen(percent);
        pages += 1;
    }
    assert!(pages >= 3, "the article takes several pages: {pages}");
    term.wait_text("last line ␛]2;title never closed");
    term.send_str("g");
    term.wait_text("Hostile article");
    term.send_str("G");
    term.wait_text("last line ␛]2;title never closed");
    term.send_str("b");
    term.wait_no_text("last line ␛]2;title never closed");
    // Hostile text pasted into the search prompt (a bad pattern, whose
    // error message quotes it) and into a `:` command whose message names
    // the file. (A paste drops control characters; bidi controls stay.)
    term.send_str("/");
    term.paste("(evil\u{202e}\x1b]0;pasted\x07\u{200b}[");
    term.wait_text("/(evil");
    term.wait_text("bad pattern");
    term.key_esc();
    term.wait_no_text("bad pattern");
    term.send_str(":");
    term.paste("export grep hostile.txt/\u{202e}\u{2066}x\u{9b}\x1b[2J.txt");
    term.key_enter();
    term.wait_until("the export's message", |s| {
        s.contents_between(29, 0, 29, 100)
            .starts_with("nothing to export: no annotations, so hostile.")
    });
    // A resize clears the screen and draws everything again.
    term.resize(50, 20);
    term.send_str("g");
    term.wait_text("del [␡]");
    quit(&term);
    let seen = assert_clean(&term, &[]);
    // The C1 controls (32 as UTF-8 and 32 raw bytes per copy), the bidi and
    // zero-width characters all became U+FFFD: count them in what was
    // printed (the harness's screen shows a stand-in for it).
    assert!(
        count(&seen, '\u{fffd}') >= 32 + 32 + BIDI.len(),
        "{}",
        count(&seen, '\u{fffd}')
    );
}

#[test]
fn hostile_file_and_directory_names_are_shown_as_symbols() {
    let home = Home::new();
    // A directory and files whose names hold escape sequences, bidi
    // controls and raw C1 bytes (anything but '/' and NUL).
    let dir_name = OsStr::from_bytes(b"lib\x1b]0;dirtitle\x07\x1b[2J\xe2\x80\xae\x9b31m");
    let dir = home.path().join(dir_name);
    std::fs::create_dir(&dir).unwrap();
    let names: [&[u8]; 3] = [
        b"a evil\x1b]0;pwned\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07\xe2\x80\xaegpj.txt",
        b"b \x1bP$q\"p\x1b\\\x1b[c\x1b[21t\x1b_apc\x1b\\\xe2\x80\x8b.txt",
        b"c raw\x9b31m\x9d0;t\x07\x90x\x9c\x7f\x01.txt",
    ];
    for name in names {
        std::fs::write(dir.join(OsStr::from_bytes(name)), "plain text\n").unwrap();
    }
    let term = home.spawn(&[dir.as_os_str()], 100, 20);
    term.wait_text("a evil␛]0;pwned␇␛[2J␛]52;c;cHduZWQ=␇");
    term.wait_text("b ␛P$q\"p␛\\␛[c␛[21t␛_apc␛\\");
    term.wait_text("c raw");
    term.wait_text("lib␛]0;dirtitle␇␛[2J");
    // Open each one: its name is in the status row.
    for (i, shown) in ["a evil␛]0;pwned␇", "b ␛P$q\"p␛\\", "c raw"]
        .iter()
        .enumerate()
    {
        term.send_str(if i == 0 { "g" } else { "j" });
        term.key_enter();
        term.wait_text("plain text");
        term.wait_until("the name in the status row", |s| {
            s.contents_between(19, 0, 19, 100).starts_with(shown)
        });
        term.send_str("q");
        // Back in the library (whose rows show each title, "plain text").
        term.wait_until("the library", |s| {
            s.contents_between(19, 0, 19, 100).contains("LIBRARY")
        });
    }
    quit(&term);
    // The article named on the command line directly.
    let file = dir.join(OsStr::from_bytes(names[0]));
    let direct = home.spawn(&[file.as_os_str()], 100, 20);
    direct.wait_text("plain text");
    direct.wait_text("a evil␛]0;pwned␇␛[2J");
    quit(&direct);
    for term in [&term, &direct] {
        let seen = assert_clean(term, &[]);
        assert!(
            count(&seen, '\u{fffd}') >= 1,
            "the bidi override shows as U+FFFD"
        );
    }
}

/// A TOML basic string holding `s`, every character outside printable
/// ASCII escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An annotation of `text`'s chars `start..end`.
fn annotation(
    text: &str,
    id: &str,
    start: u64,
    end: u64,
    tag: &str,
    note: &str,
) -> annotty::annotation::Annotation {
    let chars: Vec<char> = text.chars().collect();
    let slice = |a: u64, b: u64| chars[a as usize..b as usize].iter().collect::<String>();
    annotty::annotation::Annotation {
        id: id.into(),
        start: annotty::text::CharPos(start),
        end: annotty::text::CharPos(end),
        quote: slice(start, end),
        prefix: slice(start.saturating_sub(32), start),
        suffix: slice(end, (end + 32).min(chars.len() as u64)),
        tag: tag.into(),
        note: note.into(),
        created: "2026-01-01T00:00:00.000Z".into(),
        updated: "2026-01-01T00:00:00.000Z".into(),
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: toml::Table::new(),
    }
}

#[test]
fn hostile_notes_quotes_and_tag_names_are_shown_as_symbols() {
    let home = Home::new();
    let hostile = hostile_text();
    // Tag 2 has a hostile name (from the config).
    let tag = format!(
        "tag\x1b]0;tagtitle\x07\x1b[2J\u{202e}\u{9b}31m\u{200b}{}",
        "\x1bP$q\"p\x1b\\"
    );
    home.write(
        "config.toml",
        format!(
            "[tags]\n2 = {{ name = {}, color = \"red\" }}\n",
            toml_string(&tag)
        ),
    );
    let text: String = (0..30)
        .map(|i| format!("Paragraph {i} with alpha beta gamma words.\n"))
        .collect();
    let article = home.write("notes.txt", &text);
    // The sidecar, written by annotty's own store: a note with the hostile
    // text on "alpha", tagged with the hostile tag; and an orphan whose
    // quote and context are hostile.
    let mut orphan = annotation(
        &text,
        "01a00000-0000-7000-8000-000000000002",
        0,
        5,
        "quote",
        &hostile,
    );
    orphan.quote = format!("gone {hostile}");
    orphan.note = String::new();
    orphan.prefix = format!("before \x1b]0;prefix\x07 {}", '\u{202e}');
    orphan.state = annotty::annotation::State::Orphan;
    let annotations = vec![
        annotation(
            &text,
            "01a00000-0000-7000-8000-000000000001",
            12,
            17,
            &tag,
            &hostile,
        ),
        orphan,
    ];
    let doc = annotty::store::DocInfo {
        file: "notes.txt".into(),
        chars: text.chars().count() as u64,
        hash: annotty::scan::content_hash(text.as_bytes()),
        encoding: None,
        origin: None,
        about: Default::default(),
    };
    annotty::store::Store::beside(&article)
        .save(&doc, &annotations)
        .unwrap();

    let term = home.spawn(&[OsStr::new("notes.txt")], 100, 40);
    term.wait_text("Paragraph 0 with alpha");
    // The note panel under the text.
    term.send_str("]");
    term.wait_text("clear [␛[2J␛[H␛[3J␛c]");
    term.wait_text("c0 [␀␁␂");
    // The help over it.
    term.send_str("h");
    term.wait_text("keys — q to close");
    term.send_str("q");
    term.wait_no_text("keys — q to close");
    // The notes panel: the hostile tag, the orphan's quote and context.
    term.key_tab();
    term.wait_text("[tag␛]0;tagtitle␇␛[2J");
    term.wait_text("orphan] “gone c0 [␀␁");
    term.wait_text("was after “…before ␛]0;prefix␇");
    term.key_tab();
    term.wait_no_text("orphan]");
    // The note editor holding the note, with more hostile text pasted in.
    term.send_str("a");
    term.wait_text("note — Ctrl-s save");
    term.wait_text("c0 [␀␁");
    term.paste(&hostile);
    term.ctrl('s');
    term.wait_no_text("note — Ctrl-s save");
    // A highlight with the hostile tag made from the keyboard.
    term.key_esc();
    term.send_str("jjjjve2");
    support::after_highlight(&term);
    term.wait_until("a third annotation", |s| {
        s.contents().contains("3 highlights")
    });
    term.key_tab();
    term.wait_text("[tag␛]0;tagtitle␇␛[2J");
    term.key_tab();
    quit(&term);
    let seen = assert_clean(&term, &[]);
    assert!(
        count(&seen, '\u{fffd}') >= 32,
        "C1 controls of the note as U+FFFD"
    );
    // On disk the tag name is kept exactly: only the screen shows
    // stand-ins. (The editor reads a lone CR of the note as a line break,
    // and a paste drops control characters, so the note is not compared
    // byte for byte.)
    let saved: toml::Table = std::fs::read_to_string(home.path().join("notes.txt.annotty.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let all = saved["annotation"].as_array().unwrap();
    let with_tag = all
        .iter()
        .filter(|a| a.get("tag").and_then(|t| t.as_str()) == Some(tag.as_str()))
        .count();
    assert_eq!(with_tag, 2, "{all:?}");
    assert!(
        all.iter().any(|a| a
            .get("note")
            .and_then(|n| n.as_str())
            .is_some_and(|n| n.starts_with("c0 [") && n.matches("unterminated [").count() == 2)),
        "the pasted text was appended to the note: {all:?}"
    );
}

#[test]
fn the_only_osc_is_the_clipboard_write_the_reader_asked_for() {
    let home = Home::new();
    home.write("hostile.txt", hostile_article());
    let term = home.spawn(&[OsStr::new("hostile.txt")], 100, 30);
    term.wait_text("Hostile article");
    // Copy "Hostile article", then a WORD that holds a BEL.
    term.send_str("/Hostile\r");
    term.send_str("veey");
    term.wait_text("copied 15 characters");
    term.send_str("/pwned0\r");
    term.send_str("vEy");
    term.wait_text("copied 7 characters");
    quit(&term);
    assert_clean(&term, &["Hostile article", "pwned0\x07"]);
}

/// The checks themselves fail on each kind of leak (so the tests above
/// cannot pass by checking nothing).
#[test]
fn the_output_checks_catch_every_kind_of_leak() {
    let frame = b"\x1b[?1049h\x1b[?25l\x1b[1;1H\x1b[7mok\x1b[0m\x1b[?1049l".to_vec();
    check_output(&frame, &[]);
    check_output(b"\x1b]52;c;aGk=\x07", &["hi"]);
    let leaks: [&[u8]; 14] = [
        b"\x1b]0;title\x07",
        b"\x1b]8;;http://x\x1b\\",
        b"\x1b]52;c;aGk=\x07",
        b"\x1bPq\x1b\\",
        b"\x1b_apc\x1b\\",
        b"\x1b^pm\x1b\\",
        b"\x1bXsos\x1b\\",
        b"\x1b[c",
        b"\x1b[21t",
        b"\x1b[2;5r",
        b"\x1b7",
        b"\x07",
        b"\x9b",
        "a\u{202e}b".as_bytes(),
    ];
    for leak in leaks {
        let mut out = frame.clone();
        out.extend_from_slice(leak);
        let caught = std::panic::catch_unwind(|| check_output(&out, &[])).is_err();
        assert!(caught, "not caught: {:?}", String::from_utf8_lossy(leak));
    }
    for leak in ["\u{85}", "\u{200b}", " \u{200d}"] {
        let caught = std::panic::catch_unwind(|| check_output(leak.as_bytes(), &[])).is_err();
        assert!(caught, "not caught: {leak:?}");
    }
}
