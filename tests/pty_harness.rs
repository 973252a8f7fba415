//! Self-test of the pseudo-terminal harness in `tests/support/pty.rs`,
//! driving only standard tools (`/bin/sh`, `stty`, `od`, `sleep`).

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::pty::{Term, keys};

const T: Duration = Duration::from_secs(5);

fn sh(script: &str) -> Term {
    Term::builder("/bin/sh")
        .args(["-c", script])
        .cwd(std::env::temp_dir())
        .size(80, 24)
        .spawn()
}

#[test]
fn alternate_screen_input_and_exit_code() {
    let t = sh(r#"printf '\033[?1049hhello'; read x; printf '\033[?1049lgot:%s\n' "$x"; exit 3"#);
    t.wait_text("hello");
    assert!(t.alternate_screen());
    assert_eq!(t.find("hello"), Some((0, 0)));
    assert!(t.is_running());
    t.send_str("abc");
    t.key_enter();
    t.wait_text("got:abc");
    assert!(!t.alternate_screen(), "{}", t.dump());
    assert!(!t.contains("hello"));
    assert_eq!(t.wait_exit(T), Some(3));
    assert_eq!(t.events().alternate_screen_changes, [true, false]);
    let raw = t.raw_output();
    assert!(raw.windows(8).any(|w| w == b"\x1b[?1049h"));
    assert!(t.eof());
}

#[test]
fn spawn_signature_and_environment() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let home_s = home.to_str().unwrap();
    let t = Term::spawn(
        "sh",
        &[
            "-c",
            r#"echo "[$TERM|$LANG|$HOME|$XDG_CONFIG_HOME|$FOO|$(pwd)]""#,
        ],
        dir.path(),
        &[
            ("HOME", home_s),
            ("XDG_CONFIG_HOME", "/cfg"),
            ("FOO", "bar"),
        ],
        100,
        10,
    );
    let expected = format!(
        "[xterm-256color|C.UTF-8|{home_s}|/cfg|bar|{}]",
        dir.path().canonicalize().unwrap().display()
    );
    t.wait_text(&expected);
    assert_eq!(t.size(), (100, 10));
    assert_eq!(t.wait_exit(T), Some(0));
}

#[test]
fn default_home_is_a_private_temporary_directory() {
    let t = sh(r#"test -d "$HOME" && test "$HOME" != "/root" && echo "home-ok:$HOME""#);
    t.wait_text("home-ok:");
    assert_eq!(t.wait_exit(T), Some(0));
    let text = t.screen_text();
    let home = text
        .lines()
        .find_map(|l| l.strip_prefix("home-ok:"))
        .unwrap()
        .to_owned();
    assert!(Path::new(&home).is_dir());
    drop(t);
    assert!(!Path::new(&home).exists(), "temporary HOME not removed");
}

#[test]
fn resize_reaches_child_and_parser() {
    let t = sh(
        r#"trap 'echo "winch:$(stty size)"' WINCH; stty size; echo ready; while :; do sleep 0.02; done"#,
    );
    t.wait_text("ready");
    assert!(t.contains("24 80"));
    t.resize(100, 30);
    t.wait_text("winch:30 100");
    assert_eq!(t.with_screen(|s| s.size()), (30, 100));
    t.kill(libc::SIGTERM);
    assert_eq!(t.wait_exit(T), Some(128 + libc::SIGTERM));
}

#[test]
fn title_clipboard_and_unhandled_sequences() {
    let t = sh(concat!(
        r"printf '\033]0;First\007\033]2;Second;with semicolon\007';",
        r"printf '\033]52;c;aGVsbG8gd29ybGQ=\007';",
        r"printf '\033[?1004h\007done'; sleep 5"
    ));
    t.wait_text("done");
    assert_eq!(t.title().as_deref(), Some("Second;with semicolon"));
    assert_eq!(t.icon_name().as_deref(), Some("First"));
    assert_eq!(t.clipboard().as_deref(), Some("hello world"));
    let ev = t.events();
    assert_eq!(ev.titles, ["First", "Second;with semicolon"]);
    assert_eq!(ev.clipboard[0].selection, "c");
    assert_eq!(ev.bells, 1);
    assert!(t.unhandled().iter().any(|u| u == "CSI ?1004h"), "{ev:?}");
}

#[test]
fn keys_and_mouse_bytes_reach_the_child() {
    // Raw mode so that control characters arrive unchanged; print as hex.
    let t = sh(concat!(
        "stty raw -echo; echo ready; ",
        "x=$(head -c 18 | od -An -tx1 | tr -d '\\n'); ",
        "stty sane; echo; echo \"got:$x\"",
    ));
    t.wait_text("ready");
    t.mouse_sgr_press(3, 4); // 9 bytes
    t.ctrl('c'); // 1 byte
    t.key_up(); // 3 bytes
    t.key_page_down(); // 4 bytes
    t.key_esc(); // 1 byte
    t.wait_text("got:");
    let text = t.contents();
    let got = text.split("got:").nth(1).unwrap().split_whitespace();
    let got: Vec<&str> = got.collect();
    let mut expected = keys::mouse_sgr(0, 3, 4, false);
    expected.push(3);
    expected.extend_from_slice(b"\x1b[A\x1b[6~\x1b");
    let expected: Vec<String> = expected.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(got, expected, "{}", t.dump());
    assert_eq!(t.wait_exit(T), Some(0));
}

#[test]
fn cursor_position_query_is_answered() {
    let t = sh(concat!(
        "printf ab; stty raw -echo; printf '\\033[6n'; ",
        "x=$(head -c 6 | od -An -tx1 | tr -d '\\n'); ",
        "stty sane; echo; echo \"cpr:$x\"",
    ));
    t.wait_text("cpr:");
    // ESC [ 1 ; 3 R : row 1, column 3 (after "ab").
    assert!(t.contains("cpr: 1b 5b 31 3b 33 52"), "{}", t.dump());
    assert_eq!(t.events().answered_queries, ["CSI 6n"]);
}

#[test]
fn device_attributes_query_is_answered_and_kitty_query_is_not() {
    // crossterm's keyboard-enhancement probe sends `CSI ? u` then `CSI c`
    // and waits for either answer; a terminal without the kitty protocol
    // answers only the second one.
    let t = sh(concat!(
        "stty raw -echo; printf '\\033[?u\\033[c'; ",
        "x=$(head -c 9 | od -An -c | tr -s ' '); ",
        "stty sane; echo; echo \"da:$x\"",
    ));
    t.wait_text("da:");
    assert!(t.contains("da: 033 [ ? 6 2 ; 2 2 c"), "{}", t.dump());
    assert_eq!(t.events().answered_queries, ["CSI 0c"]);
    assert!(t.unhandled().iter().any(|u| u == "CSI ?0u"));
}

#[test]
fn wait_for_reports_screen_on_timeout_and_drop_kills() {
    let t = sh("echo visible-line; exec sleep 30");
    t.wait_text("visible-line");
    let start = Instant::now();
    let err = t
        .wait_for(
            "something that never shows",
            |_| false,
            Duration::from_millis(50),
        )
        .unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(2));
    assert!(err.contains("something that never shows"), "{err}");
    assert!(err.contains(" 0|visible-line"), "{err}");
    // Memory figures of the live process.
    let mem = t.memory().expect("/proc status");
    assert!(mem.vm_hwm_kb > 0 && mem.vm_rss_kb > 0, "{mem:?}");
    assert!(t.peak_memory_kb().unwrap() >= mem.vm_hwm_kb);
    assert!(matches!(t.proc_state(), Some('S' | 'R')));
    let pid = t.pid();
    assert!(Path::new(&format!("/proc/{pid}")).exists());
    drop(t);
    assert!(
        !Path::new(&format!("/proc/{pid}")).exists(),
        "child survived drop"
    );
}

fn wait_state(t: &Term, want: char) {
    let deadline = Instant::now() + T;
    while t.proc_state() != Some(want) {
        assert!(
            Instant::now() < deadline,
            "state {:?}, want {want}",
            t.proc_state()
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn stop_continue_and_signal_exit() {
    let t = sh("echo ready; exec sleep 30");
    t.wait_text("ready");
    t.kill(libc::SIGSTOP);
    wait_state(&t, 'T');
    t.kill(libc::SIGCONT);
    wait_state(&t, 'S');
    t.kill(libc::SIGHUP);
    let status = t.wait_status(T).expect("exit after SIGHUP");
    assert_eq!(status.signal, Some(libc::SIGHUP));
    assert_eq!(status.code, None);
    assert_eq!(status.shell_code(), 128 + libc::SIGHUP);
}

#[test]
fn job_control_under_an_interactive_shell() {
    let t = Term::builder("/bin/sh").arg("-i").env("PS1", "$ ").spawn();
    t.wait_text("$ ");
    assert_eq!(t.foreground_pgid(), Some(t.pid()));
    t.send_str("exec 2>&1; sleep 30\r");
    let deadline = Instant::now() + T;
    while t.foreground_pgid() == Some(t.pid()) {
        assert!(
            Instant::now() < deadline,
            "sleep never became the foreground job"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let job = t.foreground_pgid().unwrap();
    t.ctrl('z');
    t.wait_text("Stopped");
    assert_eq!(t.foreground_pgid(), Some(t.pid()));
    let stat = std::fs::read_to_string(format!("/proc/{job}/stat")).unwrap();
    assert!(
        stat.rsplit(')')
            .next()
            .unwrap()
            .trim_start()
            .starts_with('T')
    );
    t.send_str("fg\r");
    let deadline = Instant::now() + T;
    while t.foreground_pgid() != Some(job) {
        assert!(Instant::now() < deadline, "fg did not resume the job");
        std::thread::sleep(Duration::from_millis(2));
    }
    t.ctrl('c');
    t.wait_text("^C");
    t.send_str("echo status=$?\r");
    t.wait_text("status=130");
}

#[test]
fn wait_for_returns_the_arrival_instant() {
    let before = Instant::now();
    let t = sh("sleep 0.05; echo late");
    let seen = t.wait_text("late");
    assert!(seen >= before + Duration::from_millis(50));
    assert!(seen <= Instant::now());
    assert!(t.wait_quiet(Duration::from_millis(20), T));
}

#[test]
fn text_is_found_across_a_wrapped_row() {
    let t = sh(r"printf '%078dNEEDLE\n'  0; printf 'x\033[7mREV\033[m'; sleep 5");
    t.wait_text("REV");
    assert_eq!(t.find("NEEDLE"), Some((0, 78)));
    assert_eq!(t.row(1), "EDLE");
    let rev = t.find("REV").unwrap();
    assert_eq!(rev, (2, 1));
    assert!(t.cell(2, 1).unwrap().inverse);
    assert!(!t.cell(2, 0).unwrap().inverse);
    assert_eq!(
        t.with_screen(|s| support::pty::match_cells(s, (0, 78), "NEEDLE")),
        [(0, 78), (0, 79), (1, 0), (1, 1), (1, 2), (1, 3)]
    );
}

#[test]
fn term_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Term>();
}

#[test]
fn a_brief_switch_off_the_alternate_screen_is_recorded() {
    // Leaving and re-entering within one write: the final screen state alone
    // cannot show it, the event log does.
    let t = sh(r"printf '\033[?1049hA\033[?1049lB\033[?1049hC'; sleep 5");
    t.wait_text("C");
    assert!(t.alternate_screen());
    assert_eq!(t.events().alternate_screen_changes, [true, false, true]);
}

#[test]
fn a_replacement_character_takes_one_column_as_in_a_real_terminal() {
    // The second U+FFFD is written in two pieces, as a pty read may cut it.
    let t = sh(
        r#"printf 'a\357\277\275b\n'; printf 'c\357'; sleep 0.2; printf '\277\275d\n'; sleep 5"#,
    );
    t.wait_text("d");
    let shown = support::pty::REPLACEMENT_SHOWN;
    assert_eq!(t.find(&format!("a{shown}b")), Some((0, 0)), "{}", t.dump());
    assert_eq!(t.find(&format!("c{shown}d")), Some((1, 0)), "{}", t.dump());
    // What the program wrote is kept as it was.
    let raw = t.raw_output();
    assert!(raw.windows(5).any(|w| w == "a\u{fffd}b".as_bytes()));
}
