//! SIGTERM, SIGHUP, SIGINT and `Ctrl-z` + `fg` while reading, selecting
//! and typing a note: the terminal's settings (`stty -g`) are the same
//! before and after, the main screen is back with the cursor shown and
//! mouse reporting off; a note being typed is kept as a draft. A terminal
//! hung up with no SIGHUP for annotty ends it too, the draft kept.

mod support;

use std::path::Path;
use std::time::Duration;
use support::annotty_bin;
use support::pty::Term;

const ESSAY: &str = include_str!("../seeds/essay.txt");
const EXIT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy)]
enum Doing {
    Reading,
    Selecting,
    Typing,
}

const DOINGS: [Doing; 3] = [Doing::Reading, Doing::Selecting, Doing::Typing];

/// What is typed into the note editor.
const TYPED: &str = "half a thought";

/// Put annotty (already showing the essay) in the state `doing`.
fn get_to(term: &Term, doing: Doing) {
    match doing {
        Doing::Reading => {}
        Doing::Selecting => {
            term.send_str("v");
            term.wait_text("SELECT");
        }
        Doing::Typing => {
            term.send_str("/Marisol\r");
            term.send_str("vea");
            term.wait_text("Ctrl-s save");
            term.send_str(TYPED);
            term.wait_text(TYPED);
        }
    }
}

/// The pid of a child of `parent` (annotty under the shell).
fn child_of(parent: u32) -> Option<u32> {
    for entry in std::fs::read_dir("/proc").ok()? {
        let name = entry.ok()?.file_name();
        let Ok(pid) = name.to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid …; comm may hold spaces and parentheses.
        let after = &stat[stat.rfind(')')? + 2..];
        let ppid: u32 = after.split(' ').nth(1)?.parse().ok()?;
        if ppid == parent {
            return Some(pid);
        }
    }
    None
}

/// The draft kept in the sidecar, if any.
fn draft(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("essay.txt.annotty.toml")).ok()?;
    let doc: toml::Table = toml::from_str(&text).expect("the sidecar parses");
    doc.get("annotation")?
        .as_array()?
        .iter()
        .find_map(|a| a.get("draft").and_then(|d| d.as_str()).map(str::to_string))
}

fn assert_restored(term: &Term, dir: &Path, what: &str) {
    let before = std::fs::read_to_string(dir.join("before")).unwrap();
    let after = std::fs::read_to_string(dir.join("after"))
        .unwrap_or_else(|e| panic!("{what}: no stty after: {e}\n{}", term.dump()));
    assert!(before.contains(':'), "{what}: stty -g printed {before:?}");
    assert_eq!(before, after, "{what}: stty settings differ");
    assert!(!term.alternate_screen(), "{what}: main screen back");
    assert!(term.cursor_visible(), "{what}: cursor shown");
    assert_eq!(
        term.mouse_mode(),
        vt100::MouseProtocolMode::None,
        "{what}: mouse reporting off"
    );
    assert!(!term.bracketed_paste(), "{what}: bracketed paste off");
}

#[test]
fn signals_in_every_mode_restore_the_terminal_and_keep_the_draft() {
    for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
        for doing in DOINGS {
            let what = format!("signal {signal} while {doing:?}");
            let dir = tempfile::tempdir().unwrap();
            let d = dir.path();
            std::fs::write(d.join("essay.txt"), ESSAY).unwrap();
            let term = Term::builder("/bin/sh")
                .arg("-c")
                .arg("stty -g > before; \"$0\" essay.txt; stty -g > after")
                .arg(annotty_bin())
                .home(d)
                .size(90, 30)
                .spawn();
            term.wait_text("Keep the Library");
            get_to(&term, doing);
            let pid = child_of(term.pid()).expect("annotty runs under the shell");
            // SAFETY: kill(2) to a process we started.
            unsafe { libc::kill(pid as i32, signal) };
            assert_eq!(term.wait_exit(EXIT), Some(0), "{what}");
            assert_restored(&term, d, &what);
            match doing {
                Doing::Typing => assert_eq!(draft(d).as_deref(), Some(TYPED), "{what}"),
                _ => assert_eq!(draft(d), None, "{what}"),
            }
        }
    }
}

#[test]
fn ctrl_z_and_fg_in_every_mode_restore_the_terminal() {
    for doing in DOINGS {
        let what = format!("Ctrl-z while {doing:?}");
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("essay.txt"), ESSAY).unwrap();
        let term = Term::builder("/bin/sh")
            .arg("-i")
            .home(d)
            .env("PS1", "$ ")
            .size(90, 30)
            .spawn();
        term.wait_text("$ ");
        // The echo prints what the typed line does not show.
        term.send_str("stty -g > before; echo before-$((1+1))\r");
        term.wait_text("before-2");
        term.send_str(&format!("{} essay.txt\r", annotty_bin().display()));
        term.wait_text("Keep the Library");
        get_to(&term, doing);
        term.ctrl('z');
        term.wait_text("Stopped");
        // At the shell, while annotty is stopped: the shell's terminal.
        term.send_str("stty -g > during; echo during-$((1+1))\r");
        term.wait_text("during-2");
        assert_eq!(
            std::fs::read_to_string(d.join("during")).unwrap(),
            std::fs::read_to_string(d.join("before")).unwrap(),
            "{what}: stty while stopped"
        );
        assert!(!term.alternate_screen(), "{what}");
        assert!(term.cursor_visible(), "{what}");
        assert_eq!(term.mouse_mode(), vt100::MouseProtocolMode::None, "{what}");
        term.send_str("fg\r");
        term.wait_until("alternate screen again", |s| s.alternate_screen());
        // Still in the same mode after fg.
        match doing {
            Doing::Reading => {
                term.wait_text("Keep the Library");
                term.send_str("q");
            }
            Doing::Selecting => {
                term.wait_text("SELECT");
                term.key_esc();
                term.wait_text("NORMAL");
                term.send_str("q");
            }
            Doing::Typing => {
                term.wait_text(TYPED);
                term.send_str(" more\x13"); // Ctrl-s saves the note
                term.wait_text("note saved");
                term.send_str("q");
            }
        }
        term.wait_until("back at the prompt", |s| !s.alternate_screen());
        term.send_str("stty -g > after; echo status=$?\r");
        term.wait_text("status=0");
        term.send_str("exit\r");
        let _ = term.wait_exit(EXIT);
        assert_restored(&term, d, &what);
    }
}

#[test]
fn a_draft_kept_by_sigterm_comes_back_in_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("essay.txt"), ESSAY).unwrap();
    let spawn = || {
        Term::builder(annotty_bin())
            .arg("essay.txt")
            .home(d)
            .size(90, 30)
            .spawn()
    };
    let term = spawn();
    term.wait_text("Keep the Library");
    get_to(&term, Doing::Typing);
    term.kill(libc::SIGTERM);
    assert_eq!(term.wait_exit(EXIT), Some(0));
    assert_eq!(draft(d).as_deref(), Some(TYPED));

    let again = spawn();
    again.wait_text("1 unsaved note draft kept from last time");
    again.send_str("]a");
    again.wait_text("this is the draft kept when annotty was ended");
    assert!(again.contains(TYPED), "{}", again.dump());
    again.send_str("!\x13");
    again.wait_text("note saved");
    again.send_str("q");
    assert_eq!(again.wait_exit(EXIT), Some(0));
    let text = std::fs::read_to_string(d.join("essay.txt.annotty.toml")).unwrap();
    assert!(text.contains(&format!("note = \"{TYPED}!\"")), "{text}");
    assert_eq!(draft(d), None, "the draft is gone once saved");
}

/// A terminal hung up while a note is typed, with no SIGHUP for annotty
/// (its shell is the session leader and ignores it, so the kernel signals
/// only the shell): annotty notices that its terminal is gone, ends within
/// seconds instead of spinning for ever, and keeps the note as a draft.
/// Run on a pseudo-terminal of its own, whose master this test closes.
#[test]
fn a_hung_up_terminal_ends_annotty_and_keeps_the_draft() {
    use std::io::{Read, Write};
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::process::CommandExt;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("essay.txt"), ESSAY).unwrap();
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize {
        ws_row: 30,
        ws_col: 90,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty fills two descriptors, owned from here on.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(opened, 0, "openpty");
    for fd in [master, slave] {
        // SAFETY: fcntl on descriptors just opened. The shell and annotty
        // must not inherit the master: the hang-up is its last close.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    // SAFETY: fresh descriptors from openpty, each owned once.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let slave_fd = slave.as_raw_fd();
    let mut command = std::process::Command::new("/bin/sh");
    command
        .arg("-c")
        .arg("trap '' HUP; \"$0\" essay.txt; echo $? > status")
        .arg(annotty_bin())
        .current_dir(d)
        .env("HOME", d)
        .env("XDG_DATA_HOME", d.join("data"))
        .env("XDG_CONFIG_HOME", d.join("config"))
        .env("TERM", "xterm-256color")
        .stdin(std::fs::File::from(slave.try_clone().unwrap()))
        .stdout(std::fs::File::from(slave.try_clone().unwrap()))
        .stderr(std::fs::File::from(slave.try_clone().unwrap()));
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(move || {
            if libc::setsid() < 0 || libc::ioctl(slave_fd, libc::TIOCSCTTY as _, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut shell = command.spawn().unwrap();
    drop(slave);
    // Whatever happens, the shell's process group (annotty in it) ends
    // with the test.
    struct KillGroup(i32);
    impl Drop for KillGroup {
        fn drop(&mut self) {
            // SAFETY: kill(2) to the process group of the shell we started.
            unsafe { libc::kill(-self.0, libc::SIGKILL) };
        }
    }
    let _group = KillGroup(shell.id() as i32);

    // Everything annotty writes, read until the test hangs up.
    let output = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (output, stop) = (output.clone(), stop.clone());
        let mut file = std::fs::File::from(master.try_clone().unwrap());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while !stop.load(Ordering::Relaxed) {
                let mut fd = libc::pollfd {
                    fd: file.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd.
                if unsafe { libc::poll(&mut fd, 1, 20) } <= 0 {
                    continue;
                }
                match file.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => output.lock().unwrap().extend_from_slice(&buf[..n]),
                }
            }
        })
    };
    let wait_for = |text: &str| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !String::from_utf8_lossy(&output.lock().unwrap()).contains(text) {
            assert!(
                Instant::now() < deadline,
                "{text:?} never shown in {:?}",
                String::from_utf8_lossy(&output.lock().unwrap())
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    let mut keys = std::fs::File::from(master.try_clone().unwrap());
    // Words are drawn one by one (cursor moves between them).
    wait_for("Library");
    keys.write_all(b"/Marisol\r").unwrap();
    keys.write_all(b"vea").unwrap();
    wait_for("Ctrl-s");
    keys.write_all(TYPED.as_bytes()).unwrap();
    wait_for("thought");

    // Hang up: every descriptor of the master closed.
    stop.store(true, Ordering::Relaxed);
    reader.join().unwrap();
    drop(keys);
    drop(master);
    let deadline = Instant::now() + EXIT;
    let ended = loop {
        if let Some(status) = shell.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() >= deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(ended.is_some(), "annotty still runs 10 s after the hang-up");
    assert!(d.join("status").exists(), "the shell saw annotty end");
    assert_eq!(
        draft(d).as_deref(),
        Some(TYPED),
        "the note typed is a draft"
    );
}
