//! The real binary in a pseudo-terminal, read through a terminal emulator.

mod support;

use std::process::Command;
use std::time::Duration;
use support::pty::Term;
use support::{Home, annotty_bin};

const ESSAY: &str = include_str!("../seeds/essay.txt");
const EXIT: Duration = Duration::from_secs(10);

fn quit(term: &Term) {
    term.send_str("q");
    assert_eq!(term.wait_exit(EXIT), Some(0), "{}", term.dump());
    assert!(!term.alternate_screen(), "back on the main screen");
    assert!(term.cursor_visible(), "cursor shown again");
}

#[test]
fn open_scroll_search_and_quit() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], 80, 24);
    term.wait_text("Keep the Library Lights On After Nine");
    assert!(term.alternate_screen());
    term.wait_until("status row", |s| {
        let row = s.contents_between(23, 0, 23, 80);
        row.starts_with("essay.txt  ¶ ") && row.contains("/14  ")
    });
    term.send_str("G");
    term.wait_text("is only half a library.");
    term.wait_until("100%", |s| {
        s.contents_between(23, 0, 23, 80).contains("100%")
    });
    term.send_str("g");
    term.wait_text("Keep the Library Lights On After Nine");
    term.send_str("j");
    term.wait_no_text("Keep the Library Lights On After Nine");
    term.send_str("/tariff");
    term.wait_text("/tariff");
    term.key_enter();
    term.wait_until("the match is highlighted", |s| {
        support::pty::find_all(s, "tariff").iter().any(|&(r, c)| {
            s.cell(r, c)
                .is_some_and(|cell| cell.bgcolor() == vt100::Color::Idx(208))
        })
    });
    term.send_str("n");
    term.wait_text("search wrapped to the top");
    quit(&term);
}

#[test]
fn an_esc_and_a_key_sent_together_are_both_obeyed() {
    // A terminal sends Alt-j as Esc j: an Esc typed quickly before a key,
    // or both sent over a slow link, arrive together. Bound to nothing,
    // they are the Esc (closing the search prompt) and the key.
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], 80, 24);
    term.wait_text("Keep the Library Lights On After Nine");
    term.send_str("/tariff");
    term.wait_text("/tariff");
    term.send_str("\x1bj");
    term.wait_until("the prompt closed and one row down", |s| {
        let status = s.contents_between(23, 0, 23, 80);
        status.starts_with("essay.txt")
            && !support::pty::screen_contains(s, "Keep the Library Lights On After Nine")
    });
    quit(&term);
}

#[test]
fn resize_keeps_the_same_words_at_the_top() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], 80, 24);
    term.wait_text("Keep the Library");
    term.send_str("10j");
    term.wait_no_text("Keep the Library");
    let top = term.row(0);
    let first_word = top.split_whitespace().next().unwrap().to_string();
    term.resize(50, 20);
    // (The emulator keeps the old screen cut to the new size until
    // annotty draws: the status row on the new last row says it has.)
    term.wait_until("rewrapped at 50 columns", |s| {
        s.contents_between(19, 0, 19, 50).contains("NORMAL")
            && s.contents()
                .lines()
                .all(|l| l.trim_end().chars().count() <= 50)
    });
    term.wait_until("same words on top", |s| {
        s.contents_between(0, 0, 0, 50).contains(&first_word)
    });
    term.resize(10, 2);
    term.wait_text("too small");
    term.resize(80, 24);
    term.wait_until("text again", |s| {
        s.contents_between(0, 0, 0, 80).contains(&first_word)
    });
    quit(&term);
}

#[test]
fn escape_sequences_in_an_article_never_reach_the_terminal() {
    let home = Home::new();
    let hostile = "Start\u{1b}[2J\u{1b}[H cleared?\n\
        title \u{1b}]0;pwned\u{7} and \u{1b}]2;pwned2\u{1b}\\ here\n\
        clip \u{1b}]52;c;cHduZWQ=\u{7} end\n\
        colour \u{1b}[31mred\u{1b}[0m dcs \u{1b}Pq#0;2;0;0;0\u{1b}\\ apc \u{1b}_x\u{1b}\\\n\
        query \u{1b}[c \u{1b}[21t c1 \u{9b}31m bidi \u{202e}evil\u{202c} zw a\u{200b}b\n\
        open osc \u{1b}]0;never closed";
    home.write("hostile.txt", hostile);
    let term = home.spawn(&["hostile.txt"], 100, 24);
    term.wait_text("Start␛[2J␛[H cleared?");
    term.wait_text("title ␛]0;pwned␇ and ␛]2;pwned2␛\\ here");
    term.wait_text("open osc ␛]0;never closed");
    term.wait_text("bidi");
    let raw = term.raw_output();
    let has = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    // Look for U+FFFD in the bytes (the screen shows a stand-in for it).
    assert!(has("\u{fffd}evil\u{fffd}".as_bytes()) && has("a\u{fffd}b".as_bytes()));
    assert_eq!(term.title(), None, "the title is unchanged");
    assert_eq!(term.clipboard(), None, "the clipboard is unchanged");
    assert!(!has(b"\x1b]"), "no OSC at all");
    assert!(!has(b"\x1bP") && !has(b"\x1b_"), "no DCS or APC");
    assert!(!has("\u{202e}".as_bytes()) && !has("\u{9b}".as_bytes()));
    quit(&term);
}

#[test]
fn multilingual_text_is_drawn_without_splitting_graphemes() {
    let home = Home::new();
    let term = home.spawn::<&str>(&[], 80, 24);
    term.wait_text("guide.txt");
    term.send_str("G");
    term.key_enter();
    // (The library lists the titles too: wait for the reader.)
    term.wait_text("NORMAL");
    term.wait_text("Reading across scripts");
    term.wait_until("no row wider than the column", |s| {
        s.contents()
            .lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80)
    });
    quit_to_library_then_exit(&term);
}

fn quit_to_library_then_exit(term: &Term) {
    term.send_str("q");
    term.wait_text("LIBRARY");
    term.wait_text("bundled articles");
    quit(term);
}

#[test]
fn library_of_bundled_articles_opens_and_returns() {
    let home = Home::new();
    let term = home.spawn::<&str>(&[], 80, 24);
    term.wait_text("guide.txt");
    term.wait_text("essay.txt");
    term.wait_text("multilingual.txt");
    term.key_enter();
    term.wait_text("NORMAL");
    term.wait_text("Welcome to annotty");
    quit_to_library_then_exit(&term);
}

#[test]
fn a_directory_is_a_library() {
    let home = Home::new();
    std::fs::create_dir(home.path().join("lib")).unwrap();
    std::fs::write(home.path().join("lib/one.txt"), "First article").unwrap();
    std::fs::write(home.path().join("lib/two.md"), "Second article").unwrap();
    let term = home.spawn(&["lib"], 80, 24);
    term.wait_text("one.txt");
    term.send_str("j");
    term.key_enter();
    term.wait_text("NORMAL");
    term.wait_text("Second article");
    term.send_str("q");
    term.wait_text("LIBRARY");
    term.wait_text("one.txt");
    quit(&term);
}

#[test]
fn reopening_returns_to_where_the_reader_left_off() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], 80, 24);
    term.wait_text("Keep the Library");
    term.send_str("50%");
    term.wait_no_text("Keep the Library");
    let top = term.row(0);
    quit(&term);
    let again = home.spawn(&["essay.txt"], 80, 24);
    again.wait_until("the same top row", |s| {
        s.contents_between(0, 0, 0, 80).trim_end() == top.trim_end()
    });
    quit(&again);
}

#[test]
fn file_line_column_opens_there() {
    let home = Home::new();
    let text: String = (1..=200).map(|i| format!("line number {i}\n")).collect();
    home.write("lines.txt", &text);
    let term = home.spawn(&["lines.txt:150:3"], 80, 24);
    term.wait_until("line 150 on top", |s| {
        s.contents_between(0, 0, 0, 80).trim() == "line number 150"
    });
    quit(&term);
    let term = home.spawn(&["+120", "lines.txt"], 80, 24);
    term.wait_until("line 120 on top", |s| {
        s.contents_between(0, 0, 0, 80).trim() == "line number 120"
    });
    quit(&term);
}

#[test]
fn standard_input_is_read_and_keys_come_from_the_terminal() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = Term::builder("/bin/sh")
        .args([
            "-c",
            &format!("cat essay.txt | {}", annotty_bin().display()),
        ])
        .cwd(home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .spawn();
    term.wait_text("Keep the Library");
    term.wait_until("status row", |s| {
        s.contents_between(23, 0, 23, 80)
            .starts_with("standard input")
    });
    term.send_str("G");
    term.wait_text("is only half a library.");
    quit(&term);
}

#[test]
fn invalid_utf8_crlf_and_binary_open() {
    let home = Home::new();
    // Mostly valid multi-byte UTF-8 (“ ï ”) with bad bytes: shown as
    // UTF-8 (a file of Latin-1 letters would be decoded, see e2e_encoding).
    home.write(
        "bad.txt",
        b"\xe2\x80\x9cna\xc3\xafve\xe2\x80\x9d caf\xc3 au lait\r\nsecond\xff\xfe line\r\n",
    );
    let term = home.spawn(&["bad.txt"], 80, 24);
    term.wait_text("au lait");
    term.wait_text("second");
    let raw = term.raw_output();
    let has = |needle: &str| raw.windows(needle.len()).any(|w| w == needle.as_bytes());
    // One U+FFFD per maximal invalid sequence (in the bytes: the screen
    // shows a stand-in for it).
    assert!(has("caf\u{fffd}"), "{}", term.dump());
    assert!(has("second\u{fffd}\u{fffd}"), "{}", term.dump());
    quit(&term);
    home.write("blob", b"\x7fELF\x02\x01\x01\0\0\0\0binary stuff");
    let term = home.spawn(&["blob"], 80, 24);
    term.wait_text("looks binary");
    term.wait_text("␡ELF");
    quit(&term);
}

#[test]
fn bad_paths_fail_cleanly_without_touching_the_terminal() {
    let home = Home::new();
    let (code, out, err) = home.run(&["missing.txt"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err, "annotty: missing.txt: No such file or directory\n");
    home.write("file.txt", "x");
    let (code, _, err) = home.run(&["file.txt/inside"]);
    assert_eq!(code, 2);
    assert_eq!(err, "annotty: file.txt/inside: Not a directory\n");
    let fifo = home.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (code, out, err) = home.run(&["pipe"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("annotty: pipe: is a FIFO"), "{err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"));
    // A file that opens but cannot be read.
    let (code, out, err) = home.run(&["/proc/self/mem"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err, "annotty: /proc/self/mem: Input/output error\n");
}

#[test]
fn a_bad_config_is_reported_and_defaults_are_used() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    std::fs::create_dir_all(home.path().join("config/annotty")).unwrap();
    std::fs::write(
        home.path().join("config/annotty/config.toml"),
        "text_width = 60\nreflow = \"sideways\"\n",
    )
    .unwrap();
    let term = home.spawn(&["essay.txt"], 100, 24);
    term.wait_text("config ignored:");
    term.wait_text("config.toml:2:");
    term.wait_text("Keep the Library");
    quit(&term);
}

#[test]
fn signals_restore_the_terminal() {
    for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
        let home = Home::new();
        home.write("essay.txt", ESSAY);
        let term = home.spawn(&["essay.txt"], 80, 24);
        term.wait_text("Keep the Library");
        unsafe { libc::kill(term.pid() as i32, signal) };
        term.wait_exit(EXIT).expect("exits");
        assert!(
            !term.alternate_screen(),
            "signal {signal}: main screen back"
        );
        assert!(term.cursor_visible());
        assert_eq!(term.mouse_mode(), vt100::MouseProtocolMode::None);
    }
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_brings_the_screen_back() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = Term::builder("/bin/sh")
        .arg("-i")
        .cwd(home.path())
        .env("PS1", "$ ")
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .spawn();
    term.wait_text("$ ");
    term.send_str(&format!("{} essay.txt\r", annotty_bin().display()));
    term.wait_text("Keep the Library");
    term.ctrl('z');
    term.wait_text("Stopped");
    assert!(!term.alternate_screen(), "the shell gets the main screen");
    assert!(term.cursor_visible());
    term.send_str("fg\r");
    term.wait_until("alternate screen again", |s| s.alternate_screen());
    term.wait_text("Keep the Library");
    term.send_str("G");
    term.wait_text("is only half a library.");
    term.send_str("q");
    term.wait_until("back at the prompt", |s| !s.alternate_screen());
    term.send_str("echo status=$?\r");
    term.wait_text("status=0");
}

#[test]
fn a_panic_restores_the_terminal_before_the_message() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = Term::builder(annotty_bin())
        .args(["essay.txt"])
        .cwd(home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("ANNOTTY_DEBUG_PANIC", "1")
        .spawn();
    term.wait_text("Keep the Library");
    term.send_str("\u{7}"); // Ctrl-G: the debug build's panic key
    term.wait_exit(EXIT).expect("exits");
    assert!(!term.alternate_screen());
    term.wait_text("debug panic requested");
}

#[test]
fn keys_arriving_together_are_drawn_once_and_an_idle_screen_is_not_redrawn() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], 80, 24);
    term.wait_text("Keep the Library Lights On After Nine");
    term.wait_idle(Duration::from_millis(300), EXIT);
    let idle = term.raw_len();
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(
        term.raw_len(),
        idle,
        "nothing is drawn while nothing changes"
    );
    // One row down redraws nearly every cell: the size of one frame.
    term.send_str("j");
    term.wait_idle(Duration::from_millis(300), EXIT);
    let one = term.output_since(idle).len();
    let before = term.raw_len();
    term.send_str(&"j".repeat(200));
    term.wait_text("is only half a library.");
    term.wait_idle(Duration::from_millis(300), EXIT);
    let all = term.output_since(before).len();
    assert!(
        one > 1000 && all <= 5 * one,
        "200 keys in one write wrote {all} bytes, one frame is {one}"
    );
    // Keys that change nothing write nothing: not even a cursor hide.
    term.send_str("gg");
    term.wait_text("Keep the Library Lights On After Nine");
    term.wait_idle(Duration::from_millis(300), EXIT);
    let top = term.raw_len();
    term.send_str("k");
    term.send_str("g");
    term.send_str("0");
    term.wait_idle(Duration::from_millis(300), EXIT);
    assert_eq!(
        String::from_utf8_lossy(&term.output_since(top)),
        "",
        "k, g and 0 at the top redrew the screen"
    );
    quit(&term);
}

/// True when every cell of the first `needle` on screen has the current
/// search match's colour.
fn coloured_as_current(s: &vt100::Screen, needle: &str) -> bool {
    support::pty::first_has_background(s, needle, vt100::Color::Idx(208))
}

#[test]
fn a_phrase_the_source_breaks_over_two_lines_is_found_and_coloured() {
    // A hard-wrapped article; the phrase is broken after `added` twice,
    // far enough down that the search must move the view.
    let home = Home::new();
    home.write("config.toml", "reflow = \"always\"\n");
    let mut text = String::new();
    for i in 0..12 {
        text.push_str(&format!(
            "Paragraph {i} of filler text runs on\nover three short source lines and\nthen it stops right here.\n\n"
        ));
    }
    text.push_str("Salt was finally added\nto their soup.\n\n");
    text.push_str("After that, some honey was added\nto their bread.\n");
    home.write("wrapped.txt", &text);
    let term = home.spawn(&["wrapped.txt"], 40, 12);
    term.wait_text("Paragraph 0 of filler text runs on");
    term.send_str("/added to their");
    term.key_enter();
    term.wait_until("the view moved to the match and coloured it", |s| {
        support::pty::screen_contains(s, "Salt was finally added to their soup.")
            && !support::pty::screen_contains(s, "Paragraph 0 ")
            && coloured_as_current(s, "added to their")
    });
    // The next match: the text column (38 wide) wraps it after `to`, so
    // it spans two rows, and both parts are coloured.
    term.send_str("n");
    term.wait_until("the match spanning two rows is coloured", |s| {
        let current = |r: u16, c: u16| {
            s.cell(r, c)
                .is_some_and(|cell| cell.bgcolor() == vt100::Color::Idx(208))
        };
        let first = support::pty::find_all(s, "some honey was added to");
        let second = support::pty::find_all(s, "their bread.");
        match (first.first(), second.first()) {
            (Some(&(r, c)), Some(&(r2, c2))) => {
                r2 == r + 1
                    && (c + 15..c + 23).all(|c| current(r, c))
                    && !current(r, c + 14)
                    && (c2..c2 + 5).all(|c| current(r2, c))
                    && !current(r2, c2 + 6)
            }
            _ => false,
        }
    });
    quit(&term);
}

/// The cells of the first `needle` on screen: (background, inverse,
/// underlined) of each.
fn cells_of(s: &vt100::Screen, needle: &str) -> Vec<(vt100::Color, bool, bool)> {
    let Some(&(r, c)) = support::pty::find_all(s, needle).first() else {
        return Vec::new();
    };
    (c..c + needle.chars().count() as u16)
        .filter_map(|c| s.cell(r, c))
        .map(|cell| (cell.bgcolor(), cell.inverse(), cell.underline()))
        .collect()
}

#[test]
fn escape_and_noh_clear_the_search_colouring_and_a_match_on_a_highlight_shows_both() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt"], 100, 30);
    term.wait_text("Keep the Library");
    // Highlight "tariff", then search for it: the match lies on the highlight.
    term.send_str("/tariff\rve\r");
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    term.send_str("/tariff\r");
    term.wait_until("the match over the highlight shows both", |s| {
        let cells = cells_of(s, "tariff");
        !cells.is_empty()
            && cells
                .iter()
                .all(|&(bg, inverse, _)| bg == vt100::Color::Idx(3) && inverse)
    });
    term.send_str("/library\r");
    let coloured = |s: &vt100::Screen| {
        support::pty::find_all(s, "library").iter().any(|&(r, c)| {
            s.cell(r, c).is_some_and(|cell| {
                matches!(
                    cell.bgcolor(),
                    vt100::Color::Idx(208) | vt100::Color::Idx(240)
                )
            })
        })
    };
    term.wait_until("matches coloured", coloured);
    term.key_esc();
    term.wait_until("Esc cleared the colouring", |s| !coloured(s));
    term.send_str("n");
    term.wait_until("n colours again", coloured);
    term.send_str(":noh\r");
    term.wait_until(":noh cleared the colouring", |s| !coloured(s));
    quit(&term);
}

#[test]
fn without_colour_matches_are_reversed_and_highlights_underlined() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = Term::builder(annotty_bin())
        .args(["essay.txt"])
        .home(home.path())
        .env("NO_COLOR", "1")
        .size(100, 30)
        .spawn();
    term.wait_text("Keep the Library");
    term.send_str("/federal\rve\r");
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    term.send_str("/tariff\r");
    term.wait_until("match reversed, highlight underlined, never alike", |s| {
        let hl = cells_of(s, "federal");
        let m = cells_of(s, "tariff");
        !hl.is_empty()
            && !m.is_empty()
            && hl.iter().all(|&(_, inverse, under)| under && !inverse)
            && m.iter().all(|&(_, inverse, under)| inverse && !under)
    });
    quit(&term);
}

#[test]
fn a_location_with_the_colon_of_a_grep_line_opens_there() {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    let term = home.spawn(&["essay.txt:7:1:"], 100, 30);
    term.wait_until("line 7 at the top", |s| {
        s.contents_between(0, 0, 0, 100)
            .contains("There is also a cost argument")
    });
    quit(&term);
}
