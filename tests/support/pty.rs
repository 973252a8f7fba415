//! Pseudo-terminal harness: runs a real program in a pty and parses all of
//! its output through a [`vt100::Parser`], so tests (and the pager benchmark)
//! can assert on what a terminal would show.
//!
//! This file is self-contained: integration tests include it through
//! `tests/support/mod.rs` (`pub mod pty;`), examples through
//! `#[path = "../tests/support/pty.rs"] mod pty;`. It only uses crates that
//! are dependencies or dev-dependencies of annotty (`portable-pty`, `vt100`,
//! `libc`, `tempfile`).
//!
//! # Quick tour
//!
//! ```ignore
//! let term = Term::builder("/bin/sh")
//!     .args(["-c", "printf '\\033[?1049hhello'; read x"])
//!     .cwd(dir.path())
//!     .env("HOME", home.path())
//!     .size(80, 24)
//!     .spawn();
//! term.wait_text("hello");               // panics with a screen dump after 10 s
//! assert!(term.alternate_screen());
//! term.send_str("x");
//! term.key_enter();
//! assert_eq!(term.wait_exit(Duration::from_secs(5)), Some(0));
//! ```
//!
//! # Model
//!
//! * A background thread reads the pty master, appends every byte to
//!   [`Term::raw_output`], feeds the parser, bumps a generation counter and
//!   notifies a condition variable. `wait_*` functions sleep on that
//!   condition variable, so a predicate is re-checked within microseconds of
//!   the bytes arriving (no polling sleeps).
//! * [`Term::wait_for`] returns the [`Instant`] at which the bytes that made
//!   the predicate true were read from the pty (useful for timing).
//! * Terminal queries that a real terminal answers are answered by default
//!   (cursor position report `CSI 6 n`, status `CSI 5 n`, primary device
//!   attributes `CSI c`), so programs (crossterm) that query do not stall.
//!   Disable with [`TermBuilder::answer_queries`].
//! * Events that do not change the screen (window title, icon name, OSC 52
//!   clipboard writes, bells, unhandled escape sequences) are recorded, see
//!   [`Events`].
//! * [`Term::wait_for`] sees the screen only between chunks of output; a
//!   state that exists only inside one chunk (leaving and re-entering the
//!   alternate screen in one write) is invisible to it. Switches of the
//!   alternate screen are therefore also logged in
//!   [`Events::alternate_screen_changes`].
//! * The child runs in its own session (it is a session leader with the pty
//!   as controlling terminal), so resizing delivers `SIGWINCH` and `Drop`
//!   kills its whole process group with `SIGKILL` and reaps it. Because its
//!   process group is orphaned, the kernel discards SIGTSTP (also when the
//!   program raises it itself after Ctrl-Z): for a real suspend/`fg` test,
//!   run the program under `sh -i` (see the `job_control` self-test), or
//!   stop it with SIGSTOP.
//!
//! All methods take `&self`; `Term` is `Send + Sync`.

#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::FromRawFd;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Timeout used by the `wait_text`-style convenience functions.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// What the screen shows where the program printed U+FFFD (see
/// `as_a_terminal_draws`): `⍰`, one column wide like U+FFFD in a real
/// terminal. Screen text holds this; the raw output holds U+FFFD.
#[allow(dead_code)]
pub const REPLACEMENT_SHOWN: char = '\u{2370}';

/// Byte sequences for keys, as xterm sends them (normal cursor-key mode).
/// The `Term::key_*` methods pick the application-mode variant of cursor
/// keys automatically when the program enabled DECCKM.
pub mod keys {
    pub const ENTER: &[u8] = b"\r";
    pub const ESC: &[u8] = b"\x1b";
    pub const TAB: &[u8] = b"\t";
    pub const BACKTAB: &[u8] = b"\x1b[Z";
    /// What xterm sends for the Backspace key (DEL).
    pub const BACKSPACE: &[u8] = b"\x7f";
    pub const UP: &[u8] = b"\x1b[A";
    pub const DOWN: &[u8] = b"\x1b[B";
    pub const RIGHT: &[u8] = b"\x1b[C";
    pub const LEFT: &[u8] = b"\x1b[D";
    pub const HOME: &[u8] = b"\x1b[H";
    pub const END: &[u8] = b"\x1b[F";
    pub const APP_UP: &[u8] = b"\x1bOA";
    pub const APP_DOWN: &[u8] = b"\x1bOB";
    pub const APP_RIGHT: &[u8] = b"\x1bOC";
    pub const APP_LEFT: &[u8] = b"\x1bOD";
    pub const APP_HOME: &[u8] = b"\x1bOH";
    pub const APP_END: &[u8] = b"\x1bOF";
    pub const INSERT: &[u8] = b"\x1b[2~";
    pub const DELETE: &[u8] = b"\x1b[3~";
    pub const PAGE_UP: &[u8] = b"\x1b[5~";
    pub const PAGE_DOWN: &[u8] = b"\x1b[6~";
    pub const BRACKETED_PASTE_START: &[u8] = b"\x1b[200~";
    pub const BRACKETED_PASTE_END: &[u8] = b"\x1b[201~";

    /// The byte sent for Ctrl+`c` (`c` is a letter or one of `@[\]^_ ?`).
    pub fn ctrl(c: char) -> u8 {
        match c {
            '?' => 0x7f,
            ' ' | '@' => 0,
            c => (c.to_ascii_uppercase() as u8) & 0x1f,
        }
    }

    /// The sequence for function key F`n` (1..=12).
    pub fn f(n: u8) -> Vec<u8> {
        let s: &str = match n {
            1 => "\x1bOP",
            2 => "\x1bOQ",
            3 => "\x1bOR",
            4 => "\x1bOS",
            5 => "\x1b[15~",
            6 => "\x1b[17~",
            7 => "\x1b[18~",
            8 => "\x1b[19~",
            9 => "\x1b[20~",
            10 => "\x1b[21~",
            11 => "\x1b[23~",
            12 => "\x1b[24~",
            _ => panic!("no function key F{n}"),
        };
        s.as_bytes().to_vec()
    }

    /// SGR (1006) mouse report. `button` is the raw Cb value (0 left,
    /// 1 middle, 2 right, +32 motion, 64/65 wheel up/down, +4 shift, +8
    /// alt, +16 ctrl); `col`/`row` are 1-based; `release` selects the final
    /// `m` instead of `M`.
    pub fn mouse_sgr(button: u16, col: u16, row: u16, release: bool) -> Vec<u8> {
        let fin = if release { 'm' } else { 'M' };
        format!("\x1b[<{button};{col};{row}{fin}").into_bytes()
    }
}

/// Something a program wrote to the clipboard with OSC 52.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClipboardWrite {
    /// Selection parameter, e.g. `"c"` (clipboard) or `"p"` (primary).
    pub selection: String,
    /// Decoded payload (the sequence carries base64).
    pub data: Vec<u8>,
}

/// Side-band events recorded from the parser callbacks.
#[derive(Clone, Debug, Default)]
pub struct Events {
    /// Every window title set (OSC 0 / OSC 2), in order.
    pub titles: Vec<String>,
    /// Every icon name set (OSC 0 / OSC 1), in order.
    pub icon_names: Vec<String>,
    /// Every OSC 52 clipboard write, in order.
    pub clipboard: Vec<ClipboardWrite>,
    /// Number of OSC 52 paste requests (`ESC ] 52 ; c ; ? BEL`).
    pub clipboard_paste_requests: usize,
    /// Number of BEL characters.
    pub bells: usize,
    /// Number of visual bells (`ESC g`).
    pub visual_bells: usize,
    /// Window resize requests (`CSI 8 ; rows ; cols t`) as (rows, cols).
    pub resize_requests: Vec<(u16, u16)>,
    /// Escape sequences vt100 does not implement, in readable form such as
    /// `CSI ?1004h`, `CSI >1u`, `CSI 22;0;0t`, `ESC (B`, `OSC 8;;http://x`,
    /// `C0 0x0e`. Parameters are as vte reports them: an omitted parameter
    /// shows as 0 (`ESC [ c` is recorded as `CSI 0c`). Queries the harness
    /// answered appear here too.
    pub unhandled: Vec<String>,
    /// Every switch of the alternate screen, in order: `true` = entered,
    /// `false` = left (seen even if both happen within one chunk of output).
    pub alternate_screen_changes: Vec<bool>,
    /// Queries answered by the harness (`CSI 6n` etc.), in order.
    pub answered_queries: Vec<String>,
}

/// Exit status of the child.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExitInfo {
    /// Exit code if the child exited normally.
    pub code: Option<i32>,
    /// Signal number if the child was killed by a signal.
    pub signal: Option<i32>,
}

impl ExitInfo {
    /// Shell convention: the exit code, or 128 + signal number.
    pub fn shell_code(&self) -> i32 {
        match (self.code, self.signal) {
            (Some(c), _) => c,
            (None, Some(s)) => 128 + s,
            (None, None) => -1,
        }
    }
}

/// Memory figures from `/proc/PID/status`, in kB (as the kernel reports).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProcMemory {
    /// Peak resident set size (VmHWM).
    pub vm_hwm_kb: u64,
    /// Current resident set size (VmRSS).
    pub vm_rss_kb: u64,
    /// Resident anonymous memory (RssAnon).
    pub rss_anon_kb: u64,
    /// Resident file-backed memory, e.g. mmapped files (RssFile).
    pub rss_file_kb: u64,
    /// Resident shared memory (RssShmem).
    pub rss_shmem_kb: u64,
    /// Peak virtual size (VmPeak).
    pub vm_peak_kb: u64,
    /// Virtual size (VmSize).
    pub vm_size_kb: u64,
    /// Number of threads.
    pub threads: u64,
}

/// Reads memory figures of any process from `/proc/PID/status` (`None` if
/// the process does not exist or is a zombie).
pub fn proc_memory(pid: u32) -> Option<ProcMemory> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let mut m = ProcMemory::default();
    // A zombie has no Vm*/Rss* lines: report nothing rather than zeros.
    if !text.contains("\nVmHWM:") {
        return None;
    }
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let num = value
            .split_whitespace()
            .next()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        match key {
            "VmHWM" => m.vm_hwm_kb = num,
            "VmRSS" => m.vm_rss_kb = num,
            "RssAnon" => m.rss_anon_kb = num,
            "RssFile" => m.rss_file_kb = num,
            "RssShmem" => m.rss_shmem_kb = num,
            "VmPeak" => m.vm_peak_kb = num,
            "VmSize" => m.vm_size_kb = num,
            "Threads" => m.threads = num,
            _ => {}
        }
    }
    Some(m)
}

/// Parser callbacks: record events and queue answers to terminal queries.
struct Recorder {
    events: Events,
    answer_queries: bool,
    replies: Vec<u8>,
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn format_csi(i1: Option<u8>, i2: Option<u8>, params: &[&[u16]], c: char) -> String {
    let mut s = String::from("CSI ");
    if let Some(i) = i1 {
        s.push(i as char);
    }
    let params: Vec<String> = params
        .iter()
        .map(|p| p.iter().map(u16::to_string).collect::<Vec<_>>().join(":"))
        .collect();
    s.push_str(&params.join(";"));
    if let Some(i) = i2 {
        s.push(i as char);
    }
    s.push(c);
    s
}

impl vt100::Callbacks for Recorder {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.events.bells += 1;
    }

    fn visual_bell(&mut self, _: &mut vt100::Screen) {
        self.events.visual_bells += 1;
    }

    fn resize(&mut self, _: &mut vt100::Screen, request: (u16, u16)) {
        self.events.resize_requests.push(request);
    }

    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, icon_name: &[u8]) {
        self.events.icon_names.push(lossy(icon_name));
    }

    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.events.titles.push(lossy(title));
    }

    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, ty: &[u8], data: &[u8]) {
        self.events.clipboard.push(ClipboardWrite {
            selection: lossy(ty),
            data: base64_decode(data),
        });
    }

    fn paste_from_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8]) {
        self.events.clipboard_paste_requests += 1;
    }

    fn unhandled_char(&mut self, _: &mut vt100::Screen, c: char) {
        self.events
            .unhandled
            .push(format!("CHAR U+{:04X}", c as u32));
    }

    fn unhandled_control(&mut self, _: &mut vt100::Screen, b: u8) {
        self.events.unhandled.push(format!("C0 0x{b:02x}"));
    }

    fn unhandled_escape(&mut self, _: &mut vt100::Screen, i1: Option<u8>, i2: Option<u8>, b: u8) {
        let mut s = String::from("ESC ");
        for i in [i1, i2].into_iter().flatten() {
            s.push(i as char);
        }
        s.push(b as char);
        self.events.unhandled.push(s);
    }

    fn unhandled_csi(
        &mut self,
        screen: &mut vt100::Screen,
        i1: Option<u8>,
        i2: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        let text = format_csi(i1, i2, params, c);
        self.events.unhandled.push(text.clone());
        if !self.answer_queries || i2.is_some() {
            return;
        }
        let first = params.first().and_then(|p| p.first()).copied();
        let reply = match (i1, c, first) {
            // Cursor position report (1-based).
            (None, 'n', Some(6)) => {
                let (row, col) = screen.cursor_position();
                Some(format!("\x1b[{};{}R", row + 1, col + 1))
            }
            // Device status: OK.
            (None, 'n', Some(5)) => Some("\x1b[0n".to_owned()),
            // Primary device attributes: VT220 with ANSI colour.
            (None, 'c', None | Some(0)) => Some("\x1b[?62;22c".to_owned()),
            _ => None,
        };
        if let Some(reply) = reply {
            self.replies.extend_from_slice(reply.as_bytes());
            self.events.answered_queries.push(text);
        }
    }

    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        // vt100 splits the OSC payload at every ';', so a title containing
        // ';' ends up here instead of in set_window_title.
        if params.len() > 2 {
            let rest = params[1..]
                .iter()
                .map(|p| lossy(p))
                .collect::<Vec<_>>()
                .join(";");
            match params[0] {
                b"0" => {
                    self.events.icon_names.push(rest.clone());
                    self.events.titles.push(rest);
                    return;
                }
                b"1" => {
                    self.events.icon_names.push(rest);
                    return;
                }
                b"2" => {
                    self.events.titles.push(rest);
                    return;
                }
                _ => {}
            }
        }
        let joined = params.iter().map(|p| lossy(p)).collect::<Vec<_>>();
        self.events
            .unhandled
            .push(format!("OSC {}", joined.join(";")));
    }
}

/// Standard base64 decoder (padding optional, invalid characters skipped).
pub fn base64_decode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in data {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

struct State {
    parser: vt100::Parser<Recorder>,
    raw: Vec<u8>,
    /// The start of a U+FFFD cut off at the end of the last chunk read,
    /// not yet given to the parser (see [`as_a_terminal_draws`]).
    carry: Vec<u8>,
    /// Incremented for every chunk of output processed (and on resize).
    generation: u64,
    /// When the last chunk was read from the pty.
    last_update: Instant,
    /// The reader reached end of file (every slave fd is closed).
    eof: bool,
    read_error: Option<String>,
}

struct Shared {
    state: Mutex<State>,
    cond: Condvar,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Options for spawning a program in a pty; create with [`Term::builder`].
#[derive(Clone, Debug)]
pub struct TermBuilder {
    program: OsString,
    args: Vec<OsString>,
    cwd: Option<PathBuf>,
    env: Vec<(OsString, OsString)>,
    cols: u16,
    rows: u16,
    answer_queries: bool,
    scrollback: usize,
}

impl TermBuilder {
    /// Appends one argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// Appends arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Working directory (default: the test process's current directory).
    pub fn cwd(mut self, dir: impl AsRef<Path>) -> Self {
        self.cwd = Some(dir.as_ref().to_owned());
        self
    }

    /// Runs in `dir`, with `HOME` set to it and the XDG config and data
    /// directories at `dir/config` and `dir/data`: a program that keeps
    /// files there leaves nothing outside `dir`.
    pub fn home(self, dir: impl AsRef<Path>) -> Self {
        let dir = dir.as_ref();
        self.cwd(dir)
            .env("HOME", dir)
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .env("XDG_DATA_HOME", dir.join("data"))
    }

    /// Sets an environment variable (overrides the defaults below).
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Terminal size in columns and rows (default 80×24).
    pub fn size(mut self, cols: u16, rows: u16) -> Self {
        self.cols = cols;
        self.rows = rows;
        self
    }

    /// Whether to answer `CSI 6n`, `CSI 5n` and `CSI c` (default true).
    pub fn answer_queries(mut self, yes: bool) -> Self {
        self.answer_queries = yes;
        self
    }

    /// Scrollback lines kept by the parser (default 0).
    pub fn scrollback(mut self, lines: usize) -> Self {
        self.scrollback = lines;
        self
    }

    /// Spawns the program; panics with a description on failure.
    pub fn spawn(self) -> Term {
        let what = format!("{:?} {:?}", self.program, self.args);
        self.try_spawn()
            .unwrap_or_else(|e| panic!("cannot spawn {what} in a pty: {e}"))
    }

    /// Spawns the program.
    ///
    /// The environment is cleared, then set to: `PATH` (inherited, or a
    /// default), `TERM=xterm-256color`, `LANG=C.UTF-8`, `SHELL=/bin/sh`,
    /// and `HOME` = a fresh temporary directory (deleted when the `Term`
    /// drops) unless the caller sets `HOME`; then the caller's variables are
    /// applied on top. `XDG_*` variables are only set if the caller sets
    /// them.
    pub fn try_spawn(self) -> io::Result<Term> {
        let cwd = match self.cwd {
            Some(d) => d,
            None => std::env::current_dir()?,
        };
        // portable-pty silently falls back to $HOME if cwd is not a dir.
        if !cwd.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("working directory {} is not a directory", cwd.display()),
            ));
        }
        let caller_sets_home = self.env.iter().any(|(k, _)| k == "HOME");
        let temp_home = if caller_sets_home {
            None
        } else {
            Some(tempfile::Builder::new().prefix("pty-home-").tempdir()?)
        };

        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: self.rows,
                cols: self.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .map_err(io::Error::other)?;

        let mut cmd = CommandBuilder::new(&self.program);
        cmd.args(&self.args);
        cmd.env_clear();
        let path = std::env::var_os("PATH")
            .unwrap_or_else(|| OsString::from("/usr/local/bin:/usr/bin:/bin"));
        cmd.env("PATH", path);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("SHELL", "/bin/sh");
        if let Some(home) = &temp_home {
            cmd.env("HOME", home.path());
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd.cwd(&cwd);

        let child = pair.slave.spawn_command(cmd).map_err(io::Error::other)?;
        // Close our copy of the slave so that the reader sees EOF once the
        // child (and anything it spawned) closed the terminal.
        drop(pair.slave);
        let pid = child
            .process_id()
            .ok_or_else(|| io::Error::other("child has no pid"))?;

        let reader = pair.master.try_clone_reader().map_err(io::Error::other)?;
        let writer = pair.master.take_writer().map_err(io::Error::other)?;
        // A private fd for answering queries from the reader thread, so the
        // reader never waits for the test thread's writer lock.
        let master_fd = pair
            .master
            .as_raw_fd()
            .ok_or_else(|| io::Error::other("master has no fd"))?;
        // SAFETY: dup of a valid open fd; the result is owned by `reply`.
        let reply_fd = unsafe { libc::fcntl(master_fd, libc::F_DUPFD_CLOEXEC, 3) };
        if reply_fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: reply_fd is a fresh fd nobody else owns.
        let reply = unsafe { File::from_raw_fd(reply_fd) };

        let parser = vt100::Parser::new_with_callbacks(
            self.rows,
            self.cols,
            self.scrollback,
            Recorder {
                events: Events::default(),
                answer_queries: self.answer_queries,
                replies: Vec::new(),
            },
        );
        let started = Instant::now();
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                parser,
                raw: Vec::new(),
                carry: Vec::new(),
                generation: 0,
                last_update: started,
                eof: false,
                read_error: None,
            }),
            cond: Condvar::new(),
        });
        let thread_shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name(format!("pty-reader-{pid}"))
            .spawn(move || reader_loop(reader, reply, thread_shared))?;

        Ok(Term {
            shared,
            writer: Mutex::new(writer),
            master: Mutex::new(pair.master),
            _child: Mutex::new(child),
            exit: Mutex::new(None),
            pid,
            started,
            _temp_home: temp_home,
            description: format!("{:?} {:?}", self.program, self.args),
        })
    }
}

/// Feeds the parser in pieces that each start at an ESC, so that switches
/// of the alternate screen are seen even when a program leaves and
/// re-enters it within one chunk of output.
fn process_tracking_modes(parser: &mut vt100::Parser<Recorder>, bytes: &[u8]) {
    let mut alt = parser.screen().alternate_screen();
    let mut rest = bytes;
    while !rest.is_empty() {
        let cut = rest[1..]
            .iter()
            .position(|&b| b == 0x1b)
            .map_or(rest.len(), |p| p + 1);
        parser.process(&rest[..cut]);
        let now = parser.screen().alternate_screen();
        if now != alt {
            alt = now;
            parser
                .callbacks_mut()
                .events
                .alternate_screen_changes
                .push(now);
        }
        rest = &rest[cut..];
    }
}

/// U+FFFD in UTF-8.
const REPLACEMENT: &[u8] = "\u{fffd}".as_bytes();

/// What vt100 is given to draw `bytes`, the chunk after `carry`: every
/// U+FFFD becomes [`REPLACEMENT_SHOWN`]. vt100 0.16 drops U+FFFD as a
/// character it cannot print, where every real terminal draws it in one
/// cell; without a stand-in the rest of its row lands a column to the left
/// of where the program put it, and the screen stops matching what the
/// program believes it shows. The start of a U+FFFD cut off at the end of
/// the chunk is kept in `carry` for the next one.
fn as_a_terminal_draws(carry: &mut Vec<u8>, bytes: &[u8]) -> Vec<u8> {
    let mut all = std::mem::take(carry);
    all.extend_from_slice(bytes);
    let cut = (1..REPLACEMENT.len())
        .rev()
        .find(|&n| all.ends_with(&REPLACEMENT[..n]))
        .unwrap_or(0);
    *carry = all.split_off(all.len() - cut);
    let mut out = Vec::with_capacity(all.len());
    let mut rest = all.as_slice();
    while let Some(at) = rest.windows(3).position(|w| w == REPLACEMENT) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(REPLACEMENT_SHOWN.encode_utf8(&mut [0; 4]).as_bytes());
        rest = &rest[at + 3..];
    }
    out.extend_from_slice(rest);
    out
}

fn reader_loop(mut reader: Box<dyn Read + Send>, mut reply: File, shared: Arc<Shared>) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                let now = Instant::now();
                let replies = {
                    let mut st = lock(&shared.state);
                    st.raw.extend_from_slice(&buf[..n]);
                    let shown = as_a_terminal_draws(&mut st.carry, &buf[..n]);
                    process_tracking_modes(&mut st.parser, &shown);
                    st.generation += 1;
                    st.last_update = now;
                    std::mem::take(&mut st.parser.callbacks_mut().replies)
                };
                shared.cond.notify_all();
                if !replies.is_empty() {
                    let _ = reply.write_all(&replies);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                lock(&shared.state).read_error = Some(e.to_string());
                break;
            }
        }
    }
    lock(&shared.state).eof = true;
    shared.cond.notify_all();
}

/// A program running in a pseudo-terminal. Dropping it kills the program's
/// process group (SIGKILL) and reaps it.
pub struct Term {
    shared: Arc<Shared>,
    writer: Mutex<Box<dyn Write + Send>>,
    master: Mutex<Box<dyn MasterPty + Send>>,
    // Only kept alive; the exit status is collected with waitpid.
    _child: Mutex<Box<dyn portable_pty::Child + Send + Sync>>,
    exit: Mutex<Option<ExitInfo>>,
    pid: u32,
    started: Instant,
    _temp_home: Option<tempfile::TempDir>,
    description: String,
}

/// Text of the screen with every row padded to the full width and rows
/// concatenated without separators, plus the (row, col) of every byte, so
/// matches can be located in cell coordinates (wide characters count once).
fn flat_cells(screen: &vt100::Screen) -> (String, Vec<(u16, u16)>) {
    let (rows, cols) = screen.size();
    let mut text = String::new();
    let mut pos_of = Vec::new();
    for row in 0..rows {
        for col in 0..cols {
            let Some(cell) = screen.cell(row, col) else {
                continue;
            };
            if cell.is_wide_continuation() {
                continue;
            }
            let s = if cell.has_contents() {
                cell.contents()
            } else {
                " "
            };
            text.push_str(s);
            pos_of.extend(std::iter::repeat_n((row, col), s.len()));
        }
    }
    (text, pos_of)
}

/// Start positions (row, col), 0-based, of every occurrence of `needle` on
/// the screen. An occurrence may continue from the end of a row to the start
/// of the next one, as a wrapping terminal shows a long line (so a match is
/// also found across two full rows that were not logically wrapped).
pub fn find_all(screen: &vt100::Screen, needle: &str) -> Vec<(u16, u16)> {
    if needle.is_empty() {
        return Vec::new();
    }
    let (text, pos_of) = flat_cells(screen);
    text.match_indices(needle).map(|(i, _)| pos_of[i]).collect()
}

/// Cells (row, col) covered by an occurrence of `needle` starting at
/// `start`, following it onto the next row if it wraps.
pub fn match_cells(screen: &vt100::Screen, start: (u16, u16), needle: &str) -> Vec<(u16, u16)> {
    let (text, pos_of) = flat_cells(screen);
    let Some(i) = pos_of.iter().position(|&p| p == start) else {
        return Vec::new();
    };
    let end = (i + needle.len()).min(text.len());
    let mut cells: Vec<(u16, u16)> = pos_of[i..end].to_vec();
    cells.dedup();
    cells
}

/// True when every cell of the first occurrence of `needle` on the screen
/// (see [`find_all`]) has background `bg`; false when it is not there.
pub fn first_has_background(screen: &vt100::Screen, needle: &str, bg: vt100::Color) -> bool {
    find_all(screen, needle).first().is_some_and(|&start| {
        match_cells(screen, start, needle)
            .iter()
            .all(|&(r, c)| screen.cell(r, c).is_some_and(|cell| cell.bgcolor() == bg))
    })
}

/// Whether `needle` is visible, possibly continued from the end of a row to
/// the start of the next (see [`find_all`]).
pub fn screen_contains(screen: &vt100::Screen, needle: &str) -> bool {
    needle.is_empty() || flat_cells(screen).0.contains(needle)
}

/// Rows of the screen joined with `\n` (trailing spaces trimmed per row).
pub fn screen_rows(screen: &vt100::Screen) -> String {
    let (_, cols) = screen.size();
    screen.rows(0, cols).collect::<Vec<_>>().join("\n")
}

/// Human-readable dump of the screen for failure messages.
fn dump(st: &State, description: &str, exit: Option<ExitInfo>) -> String {
    let screen = st.parser.screen();
    let (rows, cols) = screen.size();
    let (cr, cc) = screen.cursor_position();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "--- screen of {description} ({cols}x{rows}, cursor {cr},{cc}{}{}, {} bytes read{}{}) ---",
        if screen.alternate_screen() {
            ", alternate screen"
        } else {
            ""
        },
        if screen.hide_cursor() {
            ", cursor hidden"
        } else {
            ""
        },
        st.raw.len(),
        if st.eof { ", EOF" } else { "" },
        match exit {
            Some(e) => format!(", exited {e:?}"),
            None => String::new(),
        },
    );
    for (i, row) in screen.rows(0, cols).enumerate() {
        let _ = writeln!(s, "{i:2}|{row}");
    }
    let tail_start = st.raw.len().saturating_sub(400);
    let _ = writeln!(
        s,
        "--- last output bytes: {}",
        st.raw[tail_start..].escape_ascii()
    );
    s
}

/// Attributes of one cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellAttrs {
    pub contents: String,
    pub fg: vt100::Color,
    pub bg: vt100::Color,
    pub bold: bool,
    pub dim: bool,
    pub italic: bool,
    pub underline: bool,
    pub inverse: bool,
}

impl Term {
    /// Starts building a spawn (see [`TermBuilder`]).
    pub fn builder(program: impl AsRef<OsStr>) -> TermBuilder {
        TermBuilder {
            program: program.as_ref().to_owned(),
            args: Vec::new(),
            cwd: None,
            env: Vec::new(),
            cols: 80,
            rows: 24,
            answer_queries: true,
            scrollback: 0,
        }
    }

    /// Spawns `program args...` in a `cols`×`rows` pty, in `cwd`, with the
    /// environment described in [`TermBuilder::try_spawn`] plus `env`.
    /// Panics if the program cannot be started.
    ///
    /// With no arguments, write `&[] as &[&str]`.
    pub fn spawn<S: AsRef<OsStr>>(
        program: impl AsRef<OsStr>,
        args: &[S],
        cwd: &Path,
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Term {
        let mut b = Term::builder(program).args(args).cwd(cwd).size(cols, rows);
        for (k, v) in env {
            b = b.env(k, v);
        }
        b.spawn()
    }

    /// Process id of the spawned program.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// When the program was spawned.
    pub fn started(&self) -> Instant {
        self.started
    }

    // ----- input -----------------------------------------------------------

    /// Writes bytes to the terminal (the program's stdin). Panics on error.
    pub fn send(&self, bytes: &[u8]) {
        if let Err(e) = self.try_send(bytes) {
            panic!("writing to the pty of {} failed: {e}", self.description);
        }
    }

    /// Writes bytes to the terminal.
    pub fn try_send(&self, bytes: &[u8]) -> io::Result<()> {
        let mut w = lock(&self.writer);
        w.write_all(bytes)?;
        w.flush()
    }

    pub fn send_str(&self, s: &str) {
        self.send(s.as_bytes());
    }

    /// Types text; inside bracketed-paste mode this is still plain typing.
    pub fn type_str(&self, s: &str) {
        self.send(s.as_bytes());
    }

    /// Pastes text as a terminal would: wrapped in `ESC[200~ … ESC[201~` if
    /// the program enabled bracketed paste, raw otherwise.
    pub fn paste(&self, s: &str) {
        let mut bytes = Vec::new();
        let bracketed = self.with_screen(|sc| sc.bracketed_paste());
        if bracketed {
            bytes.extend_from_slice(keys::BRACKETED_PASTE_START);
        }
        bytes.extend_from_slice(s.as_bytes());
        if bracketed {
            bytes.extend_from_slice(keys::BRACKETED_PASTE_END);
        }
        self.send(&bytes);
    }

    pub fn key_enter(&self) {
        self.send(keys::ENTER);
    }

    /// Note: crossterm tells a lone Esc from an Alt-sequence by timing, so
    /// wait for the Esc to take effect before sending the next key.
    pub fn key_esc(&self) {
        self.send(keys::ESC);
    }

    pub fn key_tab(&self) {
        self.send(keys::TAB);
    }

    pub fn key_backtab(&self) {
        self.send(keys::BACKTAB);
    }

    pub fn key_backspace(&self) {
        self.send(keys::BACKSPACE);
    }

    /// Sends Ctrl+`c`, e.g. `ctrl('c')` sends 0x03.
    pub fn ctrl(&self, c: char) {
        self.send(&[keys::ctrl(c)]);
    }

    /// Sends Alt+`c` (ESC prefix).
    pub fn alt(&self, c: char) {
        let mut b = vec![0x1b];
        let mut buf = [0u8; 4];
        b.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        self.send(&b);
    }

    fn cursor_key(&self, normal: &[u8], app: &[u8]) {
        if self.with_screen(|s| s.application_cursor()) {
            self.send(app);
        } else {
            self.send(normal);
        }
    }

    pub fn key_up(&self) {
        self.cursor_key(keys::UP, keys::APP_UP);
    }

    pub fn key_down(&self) {
        self.cursor_key(keys::DOWN, keys::APP_DOWN);
    }

    pub fn key_right(&self) {
        self.cursor_key(keys::RIGHT, keys::APP_RIGHT);
    }

    pub fn key_left(&self) {
        self.cursor_key(keys::LEFT, keys::APP_LEFT);
    }

    pub fn key_home(&self) {
        self.cursor_key(keys::HOME, keys::APP_HOME);
    }

    pub fn key_end(&self) {
        self.cursor_key(keys::END, keys::APP_END);
    }

    pub fn key_page_up(&self) {
        self.send(keys::PAGE_UP);
    }

    pub fn key_page_down(&self) {
        self.send(keys::PAGE_DOWN);
    }

    pub fn key_insert(&self) {
        self.send(keys::INSERT);
    }

    pub fn key_delete(&self) {
        self.send(keys::DELETE);
    }

    pub fn key_f(&self, n: u8) {
        self.send(&keys::f(n));
    }

    /// Raw SGR mouse report, see [`keys::mouse_sgr`]. 1-based coordinates.
    pub fn mouse_sgr(&self, button: u16, col: u16, row: u16, release: bool) {
        self.send(&keys::mouse_sgr(button, col, row, release));
    }

    /// Left button press at 1-based (col, row): `ESC[<0;col;rowM`.
    pub fn mouse_sgr_press(&self, col: u16, row: u16) {
        self.mouse_sgr(0, col, row, false);
    }

    /// Motion with the left button held: `ESC[<32;col;rowM`.
    pub fn mouse_sgr_drag(&self, col: u16, row: u16) {
        self.mouse_sgr(32, col, row, false);
    }

    /// Left button release: `ESC[<0;col;rowm`.
    pub fn mouse_sgr_release(&self, col: u16, row: u16) {
        self.mouse_sgr(0, col, row, true);
    }

    /// Wheel up: `ESC[<64;col;rowM`.
    pub fn mouse_wheel_up(&self, col: u16, row: u16) {
        self.mouse_sgr(64, col, row, false);
    }

    /// Wheel down: `ESC[<65;col;rowM`.
    pub fn mouse_wheel_down(&self, col: u16, row: u16) {
        self.mouse_sgr(65, col, row, false);
    }

    /// Press, drag through `path`, release at the last point (1-based).
    pub fn mouse_sgr_drag_path(&self, from: (u16, u16), path: &[(u16, u16)]) {
        let mut bytes = keys::mouse_sgr(0, from.0, from.1, false);
        let mut last = from;
        for &(c, r) in path {
            bytes.extend(keys::mouse_sgr(32, c, r, false));
            last = (c, r);
        }
        bytes.extend(keys::mouse_sgr(0, last.0, last.1, true));
        self.send(&bytes);
    }

    // ----- terminal size ---------------------------------------------------

    /// Resizes the pty (the child gets SIGWINCH) and the parser.
    pub fn resize(&self, cols: u16, rows: u16) {
        {
            let mut st = lock(&self.shared.state);
            st.parser.screen_mut().set_size(rows, cols);
            st.generation += 1;
        }
        lock(&self.master)
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resizing the pty failed");
    }

    /// (cols, rows) of the parser.
    pub fn size(&self) -> (u16, u16) {
        let (rows, cols) = self.with_screen(|s| s.size());
        (cols, rows)
    }

    // ----- screen inspection -----------------------------------------------

    /// Runs `f` on the current screen (the reader is paused meanwhile, so
    /// keep it short).
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        let st = lock(&self.shared.state);
        f(st.parser.screen())
    }

    /// Rows joined with `\n`; trailing spaces of each row are trimmed.
    pub fn screen_text(&self) -> String {
        self.with_screen(screen_rows)
    }

    /// vt100's `contents()`: rows that the terminal wrapped are joined
    /// without a newline, trailing blank rows omitted.
    pub fn contents(&self) -> String {
        self.with_screen(|s| s.contents())
    }

    /// Text of row `n` (0-based), trailing spaces trimmed.
    pub fn row(&self, n: u16) -> String {
        self.with_screen(|s| {
            let (_, cols) = s.size();
            s.rows(0, cols).nth(usize::from(n)).unwrap_or_default()
        })
    }

    /// Whether `needle` is visible (see [`screen_contains`]).
    pub fn contains(&self, needle: &str) -> bool {
        self.with_screen(|s| screen_contains(s, needle))
    }

    /// First position (row, col), 0-based, where `needle` is shown.
    pub fn find(&self, needle: &str) -> Option<(u16, u16)> {
        self.find_all(needle).into_iter().next()
    }

    /// Every position (row, col), 0-based, where `needle` is shown.
    pub fn find_all(&self, needle: &str) -> Vec<(u16, u16)> {
        self.with_screen(|s| find_all(s, needle))
    }

    /// Attributes of the cell at 0-based (row, col).
    pub fn cell(&self, row: u16, col: u16) -> Option<CellAttrs> {
        self.with_screen(|s| {
            s.cell(row, col).map(|c| CellAttrs {
                contents: c.contents().to_owned(),
                fg: c.fgcolor(),
                bg: c.bgcolor(),
                bold: c.bold(),
                dim: c.dim(),
                italic: c.italic(),
                underline: c.underline(),
                inverse: c.inverse(),
            })
        })
    }

    /// Cursor (row, col), 0-based.
    pub fn cursor_position(&self) -> (u16, u16) {
        self.with_screen(|s| s.cursor_position())
    }

    pub fn cursor_visible(&self) -> bool {
        self.with_screen(|s| !s.hide_cursor())
    }

    pub fn alternate_screen(&self) -> bool {
        self.with_screen(|s| s.alternate_screen())
    }

    pub fn bracketed_paste(&self) -> bool {
        self.with_screen(|s| s.bracketed_paste())
    }

    pub fn application_cursor(&self) -> bool {
        self.with_screen(|s| s.application_cursor())
    }

    pub fn mouse_mode(&self) -> vt100::MouseProtocolMode {
        self.with_screen(|s| s.mouse_protocol_mode())
    }

    pub fn mouse_encoding(&self) -> vt100::MouseProtocolEncoding {
        self.with_screen(|s| s.mouse_protocol_encoding())
    }

    /// Copy of all recorded side-band events.
    pub fn events(&self) -> Events {
        lock(&self.shared.state).parser.callbacks().events.clone()
    }

    /// Last window title set, if any.
    pub fn title(&self) -> Option<String> {
        lock(&self.shared.state)
            .parser
            .callbacks()
            .events
            .titles
            .last()
            .cloned()
    }

    /// Last icon name set, if any.
    pub fn icon_name(&self) -> Option<String> {
        lock(&self.shared.state)
            .parser
            .callbacks()
            .events
            .icon_names
            .last()
            .cloned()
    }

    /// Last OSC 52 clipboard write, decoded as (lossy) UTF-8.
    pub fn clipboard(&self) -> Option<String> {
        lock(&self.shared.state)
            .parser
            .callbacks()
            .events
            .clipboard
            .last()
            .map(|c| lossy(&c.data))
    }

    /// Unhandled escape sequences seen so far (see [`Events::unhandled`]).
    pub fn unhandled(&self) -> Vec<String> {
        lock(&self.shared.state)
            .parser
            .callbacks()
            .events
            .unhandled
            .clone()
    }

    /// Number of BEL characters received.
    pub fn bells(&self) -> usize {
        lock(&self.shared.state).parser.callbacks().events.bells
    }

    /// Every byte the program wrote so far.
    pub fn raw_output(&self) -> Vec<u8> {
        lock(&self.shared.state).raw.clone()
    }

    /// Number of bytes the program wrote so far.
    pub fn raw_len(&self) -> usize {
        lock(&self.shared.state).raw.len()
    }

    /// Bytes written since `offset` (a previous [`Term::raw_len`]).
    pub fn output_since(&self, offset: usize) -> Vec<u8> {
        let st = lock(&self.shared.state);
        st.raw[offset.min(st.raw.len())..].to_vec()
    }

    /// When the last chunk of output was read (spawn time if none yet).
    pub fn last_output_at(&self) -> Instant {
        lock(&self.shared.state).last_update
    }

    /// Counter bumped for every chunk of output (and every resize).
    pub fn generation(&self) -> u64 {
        lock(&self.shared.state).generation
    }

    /// Whether the pty reached EOF (all holders of the slave side closed).
    pub fn eof(&self) -> bool {
        lock(&self.shared.state).eof
    }

    /// Screen dump as used in failure messages.
    pub fn dump(&self) -> String {
        let exit = *lock(&self.exit);
        dump(&lock(&self.shared.state), &self.description, exit)
    }

    // ----- waiting ---------------------------------------------------------

    /// Waits until `pred(screen)` holds. Returns the instant at which the
    /// output that satisfied it was read (or the last output's instant if it
    /// held already). On timeout, or if the pty closes first, returns an
    /// error naming `what` with a dump of the screen.
    pub fn wait_for(
        &self,
        what: &str,
        pred: impl Fn(&vt100::Screen) -> bool,
        timeout: Duration,
    ) -> Result<Instant, String> {
        let start = Instant::now();
        let deadline = start + timeout;
        let mut st = lock(&self.shared.state);
        loop {
            if pred(st.parser.screen()) {
                return Ok(st.last_update);
            }
            let now = Instant::now();
            let why = if st.eof {
                Some("the program closed the terminal".to_owned())
            } else if now >= deadline {
                Some(format!("timed out after {:?}", now - start))
            } else {
                None
            };
            if let Some(why) = why {
                drop(st);
                return Err(format!("waiting for {what}: {why}\n{}", self.dump()));
            }
            // The cap only guards against lost wake-ups; normally the reader
            // thread's notify wakes us as soon as bytes are processed.
            let wait = (deadline - now).min(Duration::from_millis(100));
            st = self
                .shared
                .cond
                .wait_timeout(st, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Waits until `needle` is visible; panics with a screen dump after
    /// [`DEFAULT_TIMEOUT`].
    pub fn wait_text(&self, needle: &str) -> Instant {
        self.wait_text_timeout(needle, DEFAULT_TIMEOUT)
    }

    pub fn wait_text_timeout(&self, needle: &str, timeout: Duration) -> Instant {
        self.wait_for(
            &format!("text {needle:?}"),
            |s| screen_contains(s, needle),
            timeout,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Waits until `needle` is no longer visible; panics with a screen dump
    /// after [`DEFAULT_TIMEOUT`].
    pub fn wait_no_text(&self, needle: &str) -> Instant {
        self.wait_for(
            &format!("text {needle:?} to disappear"),
            |s| !screen_contains(s, needle),
            DEFAULT_TIMEOUT,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Waits until the screen satisfies `pred`; panics with a dump after
    /// [`DEFAULT_TIMEOUT`].
    pub fn wait_until(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) -> Instant {
        self.wait_for(what, pred, DEFAULT_TIMEOUT)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Waits until no output arrived for `quiet` (at most `timeout`).
    /// Returns false on timeout. Handy before asserting that something did
    /// *not* happen.
    pub fn wait_quiet(&self, quiet: Duration, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut st = lock(&self.shared.state);
        loop {
            let now = Instant::now();
            let idle_until = st.last_update.max(self.started) + quiet;
            if now >= idle_until || st.eof {
                return true;
            }
            if now >= deadline {
                return false;
            }
            let wait = idle_until.min(deadline) - now;
            st = self
                .shared
                .cond
                .wait_timeout(st, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Waits until the program is idle: its main thread is not running
    /// (state not `R`/`D` in `/proc/PID/stat`, polled every millisecond) and
    /// no output arrived, both for `quiet`. Returns when it became idle (the
    /// later of the last output and the moment the main thread last stopped
    /// running), or `None` on timeout. Unlike [`Term::wait_quiet`] this also
    /// covers work a program does after it has finished drawing.
    pub fn wait_idle(&self, quiet: Duration, timeout: Duration) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        let mut idle_since: Option<Instant> = None;
        loop {
            let now = Instant::now();
            let busy = matches!(self.proc_state(), Some('R' | 'D'));
            if busy {
                idle_since = None;
            } else if idle_since.is_none() {
                idle_since = Some(now);
            }
            if let Some(since) = idle_since {
                let since = since.max(self.last_output_at());
                if now.saturating_duration_since(since) >= quiet {
                    return Some(since);
                }
            }
            if now >= deadline {
                return None;
            }
            let st = lock(&self.shared.state);
            drop(
                self.shared
                    .cond
                    .wait_timeout(st, Duration::from_millis(1))
                    .unwrap_or_else(|e| e.into_inner()),
            );
        }
    }

    /// Waits until the pty reports EOF; false on timeout.
    pub fn wait_eof(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut st = lock(&self.shared.state);
        while !st.eof {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            st = self
                .shared
                .cond
                .wait_timeout(st, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        true
    }

    // ----- process ---------------------------------------------------------

    /// Non-blocking: the exit status if the program has exited.
    pub fn try_exit(&self) -> Option<ExitInfo> {
        let mut exit = lock(&self.exit);
        if exit.is_none() {
            let mut status: libc::c_int = 0;
            // SAFETY: plain waitpid on our own child.
            let r = unsafe { libc::waitpid(self.pid as libc::pid_t, &mut status, libc::WNOHANG) };
            if r == self.pid as libc::pid_t {
                *exit = Some(if libc::WIFEXITED(status) {
                    ExitInfo {
                        code: Some(libc::WEXITSTATUS(status)),
                        signal: None,
                    }
                } else {
                    ExitInfo {
                        code: None,
                        signal: Some(libc::WTERMSIG(status)),
                    }
                });
            } else if r < 0 {
                // Already reaped elsewhere (should not happen): report -1.
                *exit = Some(ExitInfo {
                    code: Some(-1),
                    signal: None,
                });
            }
        }
        *exit
    }

    /// Whether the program is still running (not yet exited).
    pub fn is_running(&self) -> bool {
        self.try_exit().is_none()
    }

    /// Waits for the program to exit. Then also waits (briefly) for the
    /// remaining output to be parsed.
    pub fn wait_status(&self, timeout: Duration) -> Option<ExitInfo> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(e) = self.try_exit() {
                let rest = deadline.saturating_duration_since(Instant::now());
                self.wait_eof(rest.min(Duration::from_millis(500)));
                return Some(e);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Waits for the program to exit; returns its exit code, or 128+signal
    /// if a signal killed it; `None` on timeout.
    pub fn wait_exit(&self, timeout: Duration) -> Option<i32> {
        self.wait_status(timeout).map(|e| e.shell_code())
    }

    /// Sends a signal (e.g. `libc::SIGTERM`) to the program's pid. Does
    /// nothing once the program has been reaped.
    ///
    /// The program is a session leader whose parent (the test) is in
    /// another session, so its process group is *orphaned*: the kernel
    /// discards SIGTSTP/SIGTTIN/SIGTTOU whose action is the default (stop).
    /// Use SIGSTOP to stop it, or run it under an interactive shell
    /// (`sh -i`, type the command, `ctrl('z')`, `fg`) for real job control.
    pub fn kill(&self, signal: i32) {
        if self.try_exit().is_none() {
            // SAFETY: signalling our own, not yet reaped, child.
            unsafe {
                libc::kill(self.pid as libc::pid_t, signal);
            }
        }
    }

    /// Process group currently in the foreground of the terminal
    /// (`tcgetpgrp`). Under an interactive shell this is the job it runs.
    pub fn foreground_pgid(&self) -> Option<u32> {
        lock(&self.master)
            .process_group_leader()
            .and_then(|p| u32::try_from(p).ok())
    }

    /// Sends a signal to the terminal's foreground process group, as the
    /// line discipline does for ^C / ^Z / ^\\.
    pub fn kill_foreground(&self, signal: i32) {
        if let Some(pgid) = self.foreground_pgid() {
            // SAFETY: plain kill(2) to a process group on our terminal.
            unsafe {
                libc::kill(-(pgid as libc::pid_t), signal);
            }
        }
    }

    /// Sends a signal to the program's whole process group.
    pub fn kill_group(&self, signal: i32) {
        // SAFETY: the child is a session and group leader; pgid == pid.
        unsafe {
            libc::kill(-(self.pid as libc::pid_t), signal);
        }
    }

    /// `/proc/PID/status` memory figures while the program lives.
    pub fn memory(&self) -> Option<ProcMemory> {
        proc_memory(self.pid)
    }

    /// Peak resident set size (VmHWM) in kB.
    pub fn peak_memory_kb(&self) -> Option<u64> {
        self.memory().map(|m| m.vm_hwm_kb)
    }

    /// Process state letter from `/proc/PID/stat` (R, S, T = stopped, Z...).
    pub fn proc_state(&self) -> Option<char> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid)).ok()?;
        // The command name is in parentheses and may contain spaces.
        let after = &stat[stat.rfind(')')? + 1..];
        after.split_whitespace().next()?.chars().next()
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if self.try_exit().is_none() {
            self.kill_group(libc::SIGKILL);
            self.kill(libc::SIGKILL);
            let mut status = 0;
            // SAFETY: reaping our own child after SIGKILL.
            unsafe {
                libc::waitpid(self.pid as libc::pid_t, &mut status, 0);
            }
        } else {
            // Kill leftovers of the group (e.g. background jobs of a shell).
            self.kill_group(libc::SIGKILL);
        }
    }
}
