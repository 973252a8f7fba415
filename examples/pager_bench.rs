//! Side-by-side benchmark of annotty and less in a pseudo-terminal.
//!
//! ```text
//! pager_bench [--annotty PATH] [--less PATH] [--runs N] [--timeout SECS]
//!             [--size COLSxROWS] [--no-warm] [--verbose] [--scroll N]
//!             [--scroll-only] [--cold] [--notes FILE] [--edited] FILE...
//! ```
//!
//! At least one of `--annotty` / `--less` is required. Each pager runs as
//! `PAGER FILE` in a COLS×ROWS (default 80×24) pty with `TERM=xterm-256color`,
//! `LANG=C.UTF-8`, a fresh temporary `HOME` (and `XDG_*` dirs inside it), no
//! other environment except `PATH`; less also gets `LESSHISTFILE=-` (and no
//! `LESS`). For every file the pagers alternate (A B, B A, ...) for N runs
//! (default 5); the medians are printed as Markdown tables on stdout
//! (with an annotty/less ratio row when both pagers run), progress and
//! per-run figures go to stderr.
//!
//! Steps of one run. Each is timed from just before the keys are written
//! (for the first screen: just before the spawn) until (a) "visible": the pty
//! output that makes the condition true has been read, and (b) "ready": the
//! pager is idle again, i.e. the later of its last output byte and the moment
//! its main thread stopped running (`/proc/PID/stat` state not R/D, polled
//! every ms), followed by 30 ms of idleness. (b) catches work done after
//! drawing; less, e.g., draws the end of a big file at once after `G` and
//! then keeps computing for a while, which delays the next command.
//!
//! 1. first screen: spawn → `FIRSTWORD` visible;
//! 2. `G` → `LASTWORD` visible;
//! 3. `g` → `FIRSTWORD` visible again;
//! 4. `50%` (from the top) → the screen, not counting its last row, differs
//!    from before and `FIRSTWORD` is gone;
//! 5. search: time `/NEEDLEWORD` + Enter sent at once → `NEEDLEWORD` shown
//!    highlighted above the prompt row;
//! 6. memory: VmHWM, RssAnon, RssFile from `/proc/PID/status` right after
//!    the search (so after open, `G`, `g`, `50%` and the search);
//! 7. scrolling (files from 1 MiB, `--scroll N` presses, default 50): N ×
//!    `Space`, `b`, `j`, `k` from the top, then `50%`, one `j` and N ×
//!    `Space`; each press once the pager is idle, timed until the screen
//!    (text, colours or attributes, without its last row) changed; median
//!    and 95th percentile over all presses of all runs;
//! 8. annotty, files from 100 MiB: a search for `\w{11}` (matches nowhere)
//!    runs until its progress shows; Esc is timed until `search cancelled`.
//!
//! `--notes FILE` (annotty): FILE (made by `gen_articles notes100k`) opened
//! with a fresh copy of `FILE.annotty.pristine` (100 000 annotations) as its
//! sidecar: first screen, until `100000 notes` shows, N × `]` and N-1 × `[`,
//! and one `s` until the sidecar's mtime changed.
//!
//! `--edited` (annotty): a 10 MB article whose 10 000 lines each open with
//! a highlighted quote (`tests/support/notes.rs`), edited after its notes
//! were saved: (a) a line inserted at the top (every note moves), (b) that
//! and "the" misspelt everywhere (a third of the quotes changed). Once
//! "loading the annotations" shows, `j` (until the screen changed) and at
//! once `G` (until `LASTWORD`), then until the report of the placement
//! ("the article changed") shows, timed from the spawn; in between, `k`
//! and `j` in turn, each until the screen changed (median / p95 and the
//! longest wait). A run notes when the report came before a key was sent.
//!
//! `--cold`: each file is evicted from the page cache (posix_fadvise
//! DONTNEED; mincore tells what stayed) before the first screen and before
//! the search, and `dd if=FILE of=/dev/null bs=1M` is timed cold once per
//! run. `--scroll-only` runs only step 7 (for a second `--size`).
//!
//! Every step starts with the pager idle. A step that exceeds `--timeout` (default 60 s) counts as
//! `>timeout`; the run is then aborted and later runs skip that step.
//! Medians treat timeouts as infinite.

#[path = "../tests/support/pty.rs"]
mod pty;

#[path = "../tests/support/notes.rs"]
mod notes;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pty::{ProcMemory, Term, find_all, match_cells, screen_contains};

const FIRST: &str = "FIRSTWORD";
const LAST: &str = "LASTWORD";
const NEEDLE: &str = "NEEDLEWORD";
const QUIET: Duration = Duration::from_millis(30);
/// Idleness awaited between the key presses of a series.
const SERIES_QUIET: Duration = Duration::from_millis(10);
/// A search that matches nowhere in the generated articles (their words
/// have 3 to 10 letters) and has no literal to skip ahead with.
const NO_MATCH: &str = r"\w{11}";
/// Files at least this large get the scrolling steps (smaller ones end
/// within a few pages).
const SCROLL_FROM: u64 = 1 << 20;
/// Files at least this large get the search-cancel step.
const CANCEL_FROM: u64 = 100 << 20;
const STEPS: [&str; 5] = ["first screen", "G", "g", "50%", "search"];

#[derive(Clone, Debug)]
struct Pager {
    name: &'static str,
    path: PathBuf,
}

struct Config {
    pagers: Vec<Pager>,
    runs: usize,
    timeout: Duration,
    cols: u16,
    rows: u16,
    warm: bool,
    verbose: bool,
    /// Key presses per scrolling series (0: no scrolling steps).
    scroll: usize,
    /// Only the scrolling steps (for a second terminal size).
    scroll_only: bool,
    /// Evict each file from the page cache before the first screen and
    /// the search (and time `dd` reading it cold).
    cold: bool,
    /// An article with a pristine sidecar `FILE.annotty.pristine` for the
    /// annotation steps (annotty only).
    notes: Option<PathBuf>,
    /// Measure opening an edited article with 10 000 notes.
    edited: bool,
    files: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Outcome {
    Ms(f64),
    Timeout,
    /// Not measured because an earlier step of the run failed.
    Skipped,
}

#[derive(Debug)]
struct RunResult {
    /// Time until the step's condition was visible.
    visible: [Outcome; 5],
    /// Time until the pager was idle again (see `Term::wait_idle`).
    ready: [Outcome; 5],
    memory: Option<ProcMemory>,
    alternate_screen: bool,
    notes: Vec<String>,
    /// Further measurements (ms), several per run for key series; +inf
    /// for a timeout.
    samples: BTreeMap<&'static str, Vec<f64>>,
}

fn usage() -> ! {
    eprintln!(
        "usage: pager_bench [--annotty PATH] [--less PATH] [--runs N] [--timeout SECS]\n\
         \x20                  [--size COLSxROWS] [--no-warm] [--verbose] [--scroll N]\n\
         \x20                  [--scroll-only] [--cold] [--notes FILE] [--edited] FILE..."
    );
    std::process::exit(2)
}

fn parse_args() -> Config {
    let mut cfg = Config {
        pagers: Vec::new(),
        runs: 5,
        timeout: Duration::from_secs(60),
        cols: 80,
        rows: 24,
        warm: true,
        verbose: false,
        scroll: 50,
        scroll_only: false,
        cold: false,
        notes: None,
        edited: false,
        files: Vec::new(),
    };
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        let mut value = |what: &str| {
            args.next().unwrap_or_else(|| {
                eprintln!("pager_bench: {what} needs a value");
                usage()
            })
        };
        match a.to_str() {
            Some("--annotty") => cfg.pagers.push(Pager {
                name: "annotty",
                path: value("--annotty").into(),
            }),
            Some("--less") => cfg.pagers.push(Pager {
                name: "less",
                path: value("--less").into(),
            }),
            Some("--runs") => {
                cfg.runs = value("--runs")
                    .to_str()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| usage());
            }
            Some("--timeout") => {
                let secs: f64 = value("--timeout")
                    .to_str()
                    .and_then(|v| v.parse().ok())
                    .filter(|&s: &f64| s > 0.0)
                    .unwrap_or_else(|| usage());
                cfg.timeout = Duration::from_secs_f64(secs);
            }
            Some("--size") => {
                let v = value("--size");
                let (c, r) = v
                    .to_str()
                    .and_then(|v| v.split_once('x'))
                    .and_then(|(c, r)| Some((c.parse().ok()?, r.parse().ok()?)))
                    .unwrap_or_else(|| usage());
                cfg.cols = c;
                cfg.rows = r;
            }
            Some("--no-warm") => cfg.warm = false,
            Some("--scroll") => {
                cfg.scroll = value("--scroll")
                    .to_str()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| usage());
            }
            Some("--scroll-only") => cfg.scroll_only = true,
            Some("--cold") => {
                cfg.cold = true;
                cfg.warm = false;
            }
            Some("--notes") => cfg.notes = Some(value("--notes").into()),
            Some("--edited") => cfg.edited = true,
            Some("--verbose") => cfg.verbose = true,
            Some("-h" | "--help") => usage(),
            Some(s) if s.starts_with("--") => {
                eprintln!("pager_bench: unknown option {s}");
                usage()
            }
            _ => cfg.files.push(a.into()),
        }
    }
    if cfg.pagers.is_empty() || (cfg.files.is_empty() && cfg.notes.is_none() && !cfg.edited) {
        usage();
    }
    if let Some(n) = &mut cfg.notes {
        match n.canonicalize() {
            Ok(abs) if abs.is_file() && pristine_notes(&abs).is_file() => *n = abs,
            _ => {
                eprintln!(
                    "pager_bench: --notes needs FILE and FILE.annotty.pristine (gen_articles notes100k)"
                );
                std::process::exit(2);
            }
        }
    }
    for p in &cfg.pagers {
        if !p.path.is_file() {
            eprintln!(
                "pager_bench: {} binary {} not found",
                p.name,
                p.path.display()
            );
            std::process::exit(2);
        }
    }
    for f in &mut cfg.files {
        match f.canonicalize() {
            Ok(abs) if abs.is_file() => *f = abs,
            _ => {
                eprintln!("pager_bench: {} is not a file", f.display());
                std::process::exit(2);
            }
        }
    }
    cfg
}

/// Reads the file once so that every run starts with a warm page cache.
fn warm_cache(path: &Path) {
    use std::io::Read;
    let mut f = std::fs::File::open(path).expect("open file");
    let mut buf = vec![0u8; 1 << 20];
    while f.read(&mut buf).expect("read file") > 0 {}
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Rows 0..rows-1 (the last row usually is the prompt / status line).
fn body(screen: &vt100::Screen) -> Vec<String> {
    let (rows, cols) = screen.size();
    screen
        .rows(0, cols)
        .take(usize::from(rows.saturating_sub(1)))
        .collect()
}

/// [`body`] with colours and attributes (a focus that moves only changes
/// those).
fn styled_body(screen: &vt100::Screen) -> Vec<Vec<u8>> {
    let (rows, cols) = screen.size();
    screen
        .rows_formatted(0, cols)
        .take(usize::from(rows.saturating_sub(1)))
        .collect()
}

/// Whether any cell of the occurrence of NEEDLE at `start` is drawn with a
/// highlight (reverse video, background colour, underline or bold).
fn highlighted(screen: &vt100::Screen, start: (u16, u16)) -> bool {
    match_cells(screen, start, NEEDLE)
        .into_iter()
        .any(|(row, col)| {
            screen.cell(row, col).is_some_and(|cell| {
                cell.inverse()
                    || cell.bgcolor() != vt100::Color::Default
                    || cell.underline()
                    || cell.bold()
            })
        })
}

struct Runner<'a> {
    cfg: &'a Config,
    term: Term,
    notes: Vec<String>,
    visible: [Outcome; 5],
    ready: [Outcome; 5],
    samples: BTreeMap<&'static str, Vec<f64>>,
}

impl<'a> Runner<'a> {
    /// A runner for `term`, nothing measured yet.
    fn new(cfg: &'a Config, term: Term) -> Runner<'a> {
        Runner {
            cfg,
            term,
            notes: Vec::new(),
            visible: [Outcome::Skipped; 5],
            ready: [Outcome::Skipped; 5],
            samples: BTreeMap::new(),
        }
    }

    /// Untimed: wait until the pager is idle (see `Term::wait_idle`).
    fn settle(&self) {
        self.term.wait_idle(QUIET, self.cfg.timeout);
    }

    /// Waits for `pred` (the keys were sent at `t0`) and records step `i`:
    /// when the condition became visible, and when the pager was idle
    /// again afterwards. Returns whether the condition was met in time.
    fn measure(&mut self, i: usize, t0: Instant, pred: impl Fn(&vt100::Screen) -> bool) -> bool {
        let r = self.term.wait_for(STEPS[i], pred, self.cfg.timeout);
        match r {
            Ok(t) => {
                self.visible[i] = Outcome::Ms(ms(t.saturating_duration_since(t0)));
                let remaining = self.cfg.timeout.saturating_sub(t0.elapsed());
                self.ready[i] = match self.term.wait_idle(QUIET, remaining) {
                    Some(idle) => Outcome::Ms(ms(idle.saturating_duration_since(t0))),
                    None => Outcome::Timeout,
                };
                if self.cfg.verbose {
                    eprintln!("--- after {}:\n{}", STEPS[i], self.term.dump());
                }
                true
            }
            Err(e) => {
                if self.cfg.verbose {
                    eprintln!("{e}");
                }
                self.notes.push(e.lines().next().unwrap_or("").to_owned());
                self.visible[i] = Outcome::Timeout;
                self.ready[i] = Outcome::Timeout;
                false
            }
        }
    }

    /// Sends `keys` and measures step `i` until `pred` holds.
    fn step(&mut self, i: usize, keys: &[u8], pred: impl Fn(&vt100::Screen) -> bool) -> bool {
        if self.term.with_screen(&pred) {
            self.notes.push(format!(
                "{}: condition held before sending the keys",
                STEPS[i]
            ));
        }
        let t0 = Instant::now();
        self.term.send(keys);
        self.measure(i, t0, pred)
    }

    /// Untimed: go to the top and wait for FIRSTWORD.
    fn go_to_top(&mut self) -> bool {
        self.term.send(b"g");
        let ok = self
            .term
            .wait_for("top", |s| screen_contains(s, FIRST), self.cfg.timeout)
            .is_ok();
        self.settle();
        ok
    }

    /// Presses `key` `n` times, each once the pager is idle, timing each
    /// until the screen (without its last row; text, colours or attributes)
    /// changed. Stops at the first
    /// timeout, which it records as +inf; false then.
    fn series(&mut self, name: &'static str, key: &[u8], n: usize) -> bool {
        for _ in 0..n {
            let before = self.term.with_screen(styled_body);
            let t0 = Instant::now();
            self.term.send(key);
            let r = self
                .term
                .wait_for(name, move |s| styled_body(s) != before, self.cfg.timeout);
            let sample = match r {
                Ok(t) => ms(t.saturating_duration_since(t0)),
                Err(e) => {
                    if self.cfg.verbose {
                        eprintln!("{e}");
                    }
                    self.notes.push(e.lines().next().unwrap_or("").to_owned());
                    f64::INFINITY
                }
            };
            self.samples.entry(name).or_default().push(sample);
            if sample.is_infinite() {
                return false;
            }
            self.term.wait_idle(SERIES_QUIET, self.cfg.timeout);
        }
        true
    }

    /// Times `keys` until `pred` holds, as one sample of `name`.
    fn sample(
        &mut self,
        name: &'static str,
        keys: &[u8],
        pred: impl Fn(&vt100::Screen) -> bool,
    ) -> bool {
        let t0 = Instant::now();
        self.term.send(keys);
        let sample = match self.term.wait_for(name, pred, self.cfg.timeout) {
            Ok(t) => ms(t.saturating_duration_since(t0)),
            Err(e) => {
                self.notes.push(e.lines().next().unwrap_or("").to_owned());
                f64::INFINITY
            }
        };
        self.samples.entry(name).or_default().push(sample);
        self.settle();
        sample.is_finite()
    }

    /// In cold mode: evict `file` from the page cache, noting what stayed.
    fn evict(&mut self, file: &Path) {
        if self.cfg.cold {
            let left = evict(file);
            if left > 0.01 {
                self.notes.push(format!(
                    "{:.0}% of the file stayed cached after eviction",
                    left * 100.0
                ));
            }
        }
    }

    /// What was measured, and the pager's memory and screen now.
    fn result(self) -> RunResult {
        RunResult {
            memory: self.term.memory(),
            alternate_screen: self.term.alternate_screen(),
            visible: self.visible,
            ready: self.ready,
            notes: self.notes,
            samples: self.samples,
        }
    }

    fn skipped(&mut self, i: usize) {
        self.visible[i] = Outcome::Timeout;
        self.ready[i] = Outcome::Timeout;
    }
}

/// The pristine sidecar the notes steps start from.
fn pristine_notes(article: &Path) -> PathBuf {
    let mut p = article.as_os_str().to_owned();
    p.push(".annotty.pristine");
    PathBuf::from(p)
}

/// The sidecar annotty reads beside `article`.
fn sidecar_of(article: &Path) -> PathBuf {
    let mut p = article.as_os_str().to_owned();
    p.push(".annotty.toml");
    PathBuf::from(p)
}

/// Drops `path` from the page cache (posix_fadvise DONTNEED after
/// fdatasync; no privileges needed) and returns the fraction of its pages
/// still resident (mincore).
fn evict(path: &Path) -> f64 {
    use std::os::fd::AsRawFd;
    let Ok(f) = std::fs::File::open(path) else {
        return 1.0;
    };
    let _ = f.sync_data();
    // SAFETY: a valid open descriptor; the call only changes caching.
    unsafe {
        libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED);
    }
    resident(&f)
}

/// Fraction of the pages of `f` in the page cache (mincore on a mapping).
fn resident(f: &std::fs::File) -> f64 {
    use std::os::fd::AsRawFd;
    let len = f.metadata().map_or(0, |m| m.len()) as usize;
    if len == 0 {
        return 0.0;
    }
    const PAGE: usize = 4096;
    let pages = len.div_ceil(PAGE);
    let mut vec = vec![0u8; pages];
    // SAFETY: a read-only shared mapping of the whole file, only passed to
    // mincore (never read) and unmapped before returning.
    unsafe {
        let p = libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ,
            libc::MAP_SHARED,
            f.as_raw_fd(),
            0,
        );
        if p == libc::MAP_FAILED {
            return 1.0;
        }
        let ok = libc::mincore(p, len, vec.as_mut_ptr()) == 0;
        libc::munmap(p, len);
        if !ok {
            return 1.0;
        }
    }
    vec.iter().filter(|&&b| b & 1 == 1).count() as f64 / pages as f64
}

/// Milliseconds `dd` needs to read `path` after it was evicted.
fn dd_cold(path: &Path) -> f64 {
    evict(path);
    let t0 = Instant::now();
    let ok = std::process::Command::new("dd")
        .arg(format!("if={}", path.display()))
        .args(["of=/dev/null", "bs=1M", "status=none"])
        .status()
        .is_ok_and(|s| s.success());
    if ok { ms(t0.elapsed()) } else { f64::NAN }
}

/// A pager in a fresh home, on `file`, in the configured pty size.
fn spawn(cfg: &Config, pager: &Pager, file: &Path, home: &Path) -> Term {
    let h = home;
    let mut builder = Term::builder(&pager.path)
        .arg(file)
        .cwd(
            file.parent()
                .filter(|p| p.is_dir())
                .unwrap_or(Path::new("/")),
        )
        .size(cfg.cols, cfg.rows)
        .env("HOME", h)
        .env("XDG_CONFIG_HOME", h.join(".config"))
        .env("XDG_DATA_HOME", h.join(".local/share"))
        .env("XDG_STATE_HOME", h.join(".local/state"))
        .env("XDG_CACHE_HOME", h.join(".cache"));
    if pager.name == "less" {
        builder = builder.env("LESSHISTFILE", "-");
    }
    builder.spawn()
}

fn temp_home() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("pager-bench-home-")
        .tempdir()
        .expect("temporary home")
}

fn run_once(cfg: &Config, pager: &Pager, file: &Path, skip: &[bool; 5]) -> RunResult {
    let home = temp_home();
    let size = std::fs::metadata(file).map_or(0, |m| m.len());
    if cfg.scroll_only {
        return run_scroll_only(cfg, pager, file, &home);
    }
    if cfg.cold {
        evict(file);
    }
    let t0 = Instant::now();
    let term = spawn(cfg, pager, file, home.path());
    let mut r = Runner::new(cfg, term);

    // 1. first screen
    let mut ok = r.measure(0, t0, |s| screen_contains(s, FIRST));
    let alternate_screen = r.term.alternate_screen();

    // 2. G, 3. g (only meaningful after G)
    if ok && skip[1] {
        // G is known to time out; g after G cannot be measured.
        r.skipped(1);
    } else if ok {
        ok = r.step(1, b"G", |s| screen_contains(s, LAST));
        if ok && skip[2] {
            r.skipped(2);
        } else if ok {
            ok = r.step(2, b"g", |s| screen_contains(s, FIRST));
        }
    }
    // 4. 50% from the top
    if ok && skip[3] {
        r.skipped(3);
    } else if ok {
        ok = r.go_to_top();
        if ok {
            let before = r.term.with_screen(body);
            ok = r.step(3, b"50%", move |s| {
                body(s) != before && !screen_contains(s, FIRST)
            });
        }
    }
    // 5. search from the top
    if ok && skip[4] {
        r.skipped(4);
    } else if ok {
        ok = r.go_to_top();
        r.evict(file);
        if ok {
            // The whole search is timed, typing included: annotty searches
            // while the pattern is typed, less after Enter.
            let mut keys = b"/".to_vec();
            keys.extend_from_slice(NEEDLE.as_bytes());
            keys.push(b'\r');
            ok = r.step(4, &keys, |s| {
                let prompt_row = s.size().0.saturating_sub(1);
                find_all(s, NEEDLE)
                    .into_iter()
                    .any(|p| p.0 < prompt_row && highlighted(s, p))
            });
        }
    }

    // 6. memory (after open, G, g, 50% and the search), then more steps
    r.settle();
    let memory = r.term.memory();
    if ok && cfg.scroll > 0 && size >= SCROLL_FROM {
        ok = scroll_steps(&mut r);
    }
    if ok && pager.name == "annotty" && size >= CANCEL_FROM {
        ok = cancel_step(&mut r);
    }
    if ok {
        r.term.send(b"q");
        match r.term.wait_exit(Duration::from_secs(5)) {
            Some(0) => {}
            Some(code) => r.notes.push(format!("exit status {code} after q")),
            None => r.notes.push("did not exit after q".into()),
        }
    }
    // Dropping the Term kills the pager if it is still running.
    RunResult {
        visible: r.visible,
        ready: r.ready,
        memory,
        alternate_screen,
        notes: r.notes,
        samples: r.samples,
    }
}

/// Page and row scrolling from the top, then `j` and page down after
/// `50%`. False when a step timed out.
fn scroll_steps(r: &mut Runner) -> bool {
    let n = r.cfg.scroll;
    if !r.go_to_top() {
        return false;
    }
    for (name, key) in [("Space", b" "), ("b", b"b"), ("j", b"j"), ("k", b"k")] {
        if !r.series(name, key, n) {
            return false;
        }
    }
    if !r.go_to_top() {
        return false;
    }
    let before = r.term.with_screen(body);
    if !r.sample("50% (again)", b"50%", move |s| body(s) != before) {
        return false;
    }
    r.series("j after 50%", b"j", 1) && r.series("Space after 50%", b" ", n)
}

/// annotty: a search that runs long (no match, no literal) is cancelled
/// with Esc once its progress shows; timed from Esc until "search
/// cancelled" is shown.
fn cancel_step(r: &mut Runner) -> bool {
    if !r.go_to_top() {
        return false;
    }
    r.term.send(format!("/{NO_MATCH}\r").as_bytes());
    let shown = r.term.wait_for(
        "search progress",
        |s| screen_contains(s, "searching for"),
        r.cfg.timeout.min(Duration::from_secs(10)),
    );
    if shown.is_err() {
        r.notes
            .push("the search finished before its progress showed".into());
        r.settle();
        return true;
    }
    r.sample("Esc cancels search", b"\x1b", |s| {
        screen_contains(s, "search cancelled")
    })
}

/// Only the scrolling steps (a second terminal size).
fn run_scroll_only(
    cfg: &Config,
    pager: &Pager,
    file: &Path,
    home: &tempfile::TempDir,
) -> RunResult {
    let term = spawn(cfg, pager, file, home.path());
    let mut r = Runner::new(cfg, term);
    let ok = r
        .term
        .wait_for("first screen", |s| screen_contains(s, FIRST), cfg.timeout)
        .is_ok()
        && scroll_steps(&mut r);
    r.settle();
    if ok {
        r.term.send(b"q");
        let _ = r.term.wait_exit(Duration::from_secs(5));
    }
    RunResult {
        visible: r.visible,
        ready: r.ready,
        memory: None,
        alternate_screen: r.term.alternate_screen(),
        notes: r.notes,
        samples: r.samples,
    }
}

/// annotty on the article with 100 000 annotations: first screen, until
/// the annotations are loaded ("100000 notes" in the status row), `]` and
/// `[` series, and one highlight (`s`) until the sidecar was rewritten.
fn run_notes(cfg: &Config, pager: &Pager, article: &Path) -> RunResult {
    let home = temp_home();
    let sidecar = sidecar_of(article);
    std::fs::copy(pristine_notes(article), &sidecar).expect("copy the pristine sidecar");
    let t0 = Instant::now();
    let term = spawn(cfg, pager, article, home.path());
    let mut r = Runner::new(cfg, term);
    let record = |r: &mut Runner, name: &'static str, res: Result<Instant, String>| {
        let v = match res {
            Ok(t) => ms(t.saturating_duration_since(t0)),
            Err(e) => {
                r.notes.push(e.lines().next().unwrap_or("").to_owned());
                f64::INFINITY
            }
        };
        r.samples.entry(name).or_default().push(v);
        v.is_finite()
    };
    let res = r
        .term
        .wait_for("first screen", |s| screen_contains(s, FIRST), cfg.timeout);
    let mut ok = record(&mut r, "notes: first screen", res);
    if ok {
        let res = r.term.wait_for(
            "annotations loaded",
            |s| screen_contains(s, "100000 notes"),
            cfg.timeout,
        );
        ok = record(&mut r, "notes: loaded", res);
    }
    r.settle();
    // n × `]` from the top focuses the first n annotations; n - 1 × `[`
    // goes back to the first.
    let n = cfg.scroll.max(2);
    ok = ok && r.series("]", b"]", n) && r.series("[", b"[", n - 1);
    if ok {
        // Unfocus, then highlight a sentence: the sidecar is saved.
        r.term.send(b"\x1b");
        r.settle();
        let stamp = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let before = stamp(&sidecar);
        let t = Instant::now();
        r.term.send(b"s");
        let saved = loop {
            if stamp(&sidecar) != before {
                break Some(ms(t.elapsed()));
            }
            if t.elapsed() > cfg.timeout {
                break None;
            }
            std::thread::sleep(Duration::from_micros(200));
        };
        r.samples
            .entry("notes: save")
            .or_default()
            .push(saved.unwrap_or(f64::INFINITY));
        ok = saved.is_some();
        r.settle();
    }
    if ok {
        r.term.send(b"q");
        let _ = r.term.wait_exit(Duration::from_secs(10));
    }
    let _ = std::fs::remove_file(&sidecar);
    r.result()
}

/// An edited article with a sidecar of notes saved before the edit.
struct EditedCase {
    name: &'static str,
    /// The directory holding the article `big.txt` (kept while it lives).
    dir: tempfile::TempDir,
    /// The sidecar as saved before the edit.
    sidecar: String,
}

/// The two `--edited` cases: the article edited near the start, and a
/// third of its quotes changed.
fn edited_cases() -> Vec<EditedCase> {
    let original = notes::article(3);
    let sidecar = notes::sidecar("big.txt", &original, 3);
    type Edit = fn(&str) -> String;
    let edits: [(&'static str, Edit); 2] = [
        ("edit near the start", notes::edit_top),
        ("a third of the quotes changed", notes::edit_quotes),
    ];
    edits
        .into_iter()
        .map(|(name, edit)| {
            let dir = tempfile::Builder::new()
                .prefix("pager-bench-edited-")
                .tempdir()
                .expect("temporary directory");
            std::fs::write(dir.path().join("big.txt"), edit(&original)).expect("write article");
            EditedCase {
                name,
                dir,
                sidecar: sidecar.clone(),
            }
        })
        .collect()
}

/// annotty on an edited article with 10 000 notes: first screen, `j` and
/// `G` at once, and the time until the report of where the notes went.
fn run_edited(cfg: &Config, pager: &Pager, case: &EditedCase) -> RunResult {
    let home = temp_home();
    let article = case.dir.path().join("big.txt");
    std::fs::write(sidecar_of(&article), &case.sidecar).expect("write the sidecar");
    let report = |s: &vt100::Screen| screen_contains(s, "the article changed");
    let t0 = Instant::now();
    let term = spawn(cfg, pager, &article, home.path());
    let mut r = Runner::new(cfg, term);
    let res = r
        .term
        .wait_for("first screen", |s| screen_contains(s, FIRST), cfg.timeout);
    let mut reported = None;
    let mut ok = res.is_ok();
    if let Ok(t) = res {
        r.samples
            .entry("edited: first screen")
            .or_default()
            .push(ms(t.saturating_duration_since(t0)));
        // Untimed: until the notes are being read and placed.
        let loading = |s: &vt100::Screen| screen_contains(s, "loading the annotations");
        ok = r.term.wait_for("loading", loading, cfg.timeout).is_ok();
        // `j`, then `G` at once (no waiting for the pager to be idle: the
        // placement may keep it busy).
        let before = r.term.with_screen(styled_body);
        type Answered = Box<dyn Fn(&vt100::Screen) -> bool>;
        let keys: [(&'static str, &[u8], Answered); 2] = [
            (
                "edited: j",
                b"j",
                Box::new(move |s| styled_body(s) != before),
            ),
            ("edited: G", b"G", Box::new(|s| screen_contains(s, LAST))),
        ];
        for (name, key, answered) in keys {
            if !ok {
                break;
            }
            if r.term.with_screen(report) {
                r.notes.push(format!("the report came before {name}"));
            }
            let t = Instant::now();
            r.term.send(key);
            let res = r.term.wait_for(name, answered, cfg.timeout);
            ok = res.is_ok();
            r.samples
                .entry(name)
                .or_default()
                .push(res.map_or(f64::INFINITY, |at| ms(at.saturating_duration_since(t))));
        }
        // Then `k` (from the end, so each one moves the view), each once
        // the one before was answered, until the notes are placed (the
        // report, or once a key cleared it the notes' count, shows). Not
        // `k` and `j` in turn: when a frame was caught half drawn, the two
        // keys were read together and cancelled out, and the screen did
        // not change until the report came.
        let placed = |s: &vt100::Screen| report(s) || screen_contains(s, "10000 notes");
        while ok && !r.term.with_screen(placed) {
            let before = r.term.with_screen(styled_body);
            let t = Instant::now();
            r.term.send(b"k");
            let res = r
                .term
                .wait_for("key", move |s| styled_body(s) != before, cfg.timeout);
            ok = res.is_ok();
            r.samples
                .entry("edited: keys")
                .or_default()
                .push(res.map_or(f64::INFINITY, |at| ms(at.saturating_duration_since(t))));
        }
        if r.term.with_screen(placed) {
            reported = Some(t0.elapsed());
        }
    }
    if ok && reported.is_none() {
        reported = r
            .term
            .wait_for("report", report, cfg.timeout)
            .ok()
            .map(|t| t.saturating_duration_since(t0));
    }
    r.samples
        .entry("edited: report")
        .or_default()
        .push(reported.map_or(f64::INFINITY, ms));
    r.settle();
    r.term.send(b"q");
    let _ = r.term.wait_exit(cfg.timeout);
    let _ = std::fs::remove_file(sidecar_of(&article));
    r.result()
}

/// Median with timeouts/skips as +infinity.
fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// 95th percentile (nearest rank), +inf counting as slowest.
fn p95(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = (v.len() * 95).div_ceil(100).max(1);
    v[rank - 1]
}

fn outcome_value(o: Outcome) -> f64 {
    match o {
        Outcome::Ms(v) => v,
        Outcome::Timeout | Outcome::Skipped => f64::INFINITY,
    }
}

fn fmt_ms(v: f64, any_timeout: bool) -> String {
    if v.is_finite() {
        if v < 100.0 {
            format!("{v:.2}")
        } else {
            format!("{v:.1}")
        }
    } else if v.is_nan() {
        "n/a".into()
    } else if any_timeout {
        ">timeout".into()
    } else {
        "skipped".into()
    }
}

/// Samples of one run: one value, or median/p95/count of a series.
fn fmt_samples(v: &[f64]) -> String {
    match v {
        [one] => fmt_ms(*one, true),
        _ => format!(
            "med {} p95 {} (n={})",
            fmt_ms(median(v), true),
            fmt_ms(p95(v), true),
            v.len()
        ),
    }
}

fn fmt_outcome(o: Outcome) -> String {
    match o {
        Outcome::Ms(v) => format!("{v:.2}"),
        Outcome::Timeout => "timeout".into(),
        Outcome::Skipped => "-".into(),
    }
}

struct Summary {
    visible: [f64; 5],
    ready: [f64; 5],
    timeouts: [bool; 5],
    memory: [f64; 3],
    alternate_screen: bool,
    /// Median and 95th percentile of every further measurement, over all
    /// samples of all runs.
    samples: BTreeMap<&'static str, (f64, f64)>,
    /// The largest sample of every further measurement.
    max: BTreeMap<&'static str, f64>,
}

fn summarize(results: &[RunResult]) -> Summary {
    let mut sum = Summary {
        visible: [0.0; 5],
        ready: [0.0; 5],
        timeouts: [false; 5],
        memory: [0.0; 3],
        alternate_screen: results.iter().all(|r| r.alternate_screen),
        samples: BTreeMap::new(),
        max: BTreeMap::new(),
    };
    let mut pooled: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    for r in results {
        for (k, v) in &r.samples {
            pooled.entry(k).or_default().extend(v);
        }
    }
    for (k, v) in pooled {
        sum.samples.insert(k, (median(&v), p95(&v)));
        sum.max
            .insert(k, v.iter().copied().fold(f64::NAN, f64::max));
    }
    for i in 0..5 {
        let v: Vec<f64> = results
            .iter()
            .map(|r| outcome_value(r.visible[i]))
            .collect();
        sum.visible[i] = median(&v);
        let v: Vec<f64> = results.iter().map(|r| outcome_value(r.ready[i])).collect();
        sum.ready[i] = median(&v);
        sum.timeouts[i] = results.iter().any(|r| r.visible[i] == Outcome::Timeout);
    }
    let fields: [fn(&ProcMemory) -> u64; 3] =
        [|m| m.vm_hwm_kb, |m| m.rss_anon_kb, |m| m.rss_file_kb];
    for (i, f) in fields.iter().enumerate() {
        let v: Vec<f64> = results
            .iter()
            .filter_map(|r| r.memory.as_ref())
            .map(|m| f(m) as f64 / 1024.0)
            .collect();
        sum.memory[i] = median(&v);
    }
    sum
}

fn ratio(a: f64, b: f64) -> String {
    if a.is_finite() && b.is_finite() && b > 0.0 {
        format!("{:.2}×", a / b)
    } else if a.is_finite() && b.is_infinite() {
        "less timed out".into()
    } else if a.is_infinite() && b.is_finite() {
        "annotty timed out".into()
    } else {
        "n/a".into()
    }
}

fn less_version(path: &Path) -> String {
    std::process::Command::new(path)
        .arg("--version")
        .env("LESSHISTFILE", "-")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// One Markdown table: a row per (file, pager) plus an annotty/less row.
fn markdown_table(
    cfg: &Config,
    table: &[(String, Vec<Summary>)],
    headers: &[&str],
    cells: impl Fn(&Summary) -> Vec<(f64, String)>,
) -> String {
    let mut out = format!("| file | pager | {} |\n|---|---|", headers.join(" | "));
    out.push_str(&"---:|".repeat(headers.len()));
    out.push('\n');
    let ai = cfg.pagers.iter().position(|p| p.name == "annotty");
    let li = cfg.pagers.iter().position(|p| p.name == "less");
    for (name, sums) in table {
        for (p, s) in cfg.pagers.iter().zip(sums) {
            let row: Vec<String> = cells(s).into_iter().map(|(_, text)| text).collect();
            out.push_str(&format!("| {name} | {} | {} |\n", p.name, row.join(" | ")));
        }
        if let (Some(ai), Some(li)) = (ai, li) {
            let row: Vec<String> = cells(&sums[ai])
                .into_iter()
                .zip(cells(&sums[li]))
                .map(|((a, _), (l, _))| ratio(a, l))
                .collect();
            out.push_str(&format!(
                "| {name} | annotty/less | {} |\n",
                row.join(" | ")
            ));
        }
    }
    out
}

fn main() {
    let cfg = parse_args();
    let mut table = Vec::new();
    let mut dd_table: Vec<(String, f64, f64)> = Vec::new();
    let file_name = |f: &Path| {
        f.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| f.display().to_string())
    };

    for file in &cfg.files {
        if cfg.warm {
            warm_cache(file);
        }
        let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        let mut results: Vec<Vec<RunResult>> = cfg.pagers.iter().map(|_| Vec::new()).collect();
        let mut skip = vec![[false; 5]; cfg.pagers.len()];
        let mut dd_runs = Vec::new();
        for run in 0..cfg.runs {
            let mut order: Vec<usize> = (0..cfg.pagers.len()).collect();
            if run % 2 == 1 {
                order.reverse();
            }
            for &pi in &order {
                let pager = &cfg.pagers[pi];
                let r = run_once(&cfg, pager, file, &skip[pi]);
                for (i, o) in r.visible.iter().enumerate() {
                    if *o == Outcome::Timeout {
                        skip[pi][i] = true;
                    }
                }
                let steps: Vec<String> = (0..5)
                    .map(|i| {
                        format!(
                            "{} {}/{}",
                            STEPS[i],
                            fmt_outcome(r.visible[i]),
                            fmt_outcome(r.ready[i])
                        )
                    })
                    .collect();
                let extra: Vec<String> = r
                    .samples
                    .iter()
                    .map(|(k, v)| format!("{k} {}", fmt_samples(v)))
                    .collect();
                eprintln!(
                    "{} ({} B) {} run {}/{} (visible/ready ms): {}{}{}{}",
                    file_name(file),
                    size,
                    pager.name,
                    run + 1,
                    cfg.runs,
                    steps.join(", "),
                    if extra.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", extra.join(", "))
                    },
                    match &r.memory {
                        Some(m) => format!(
                            "; VmHWM {} kB, RssAnon {} kB, RssFile {} kB",
                            m.vm_hwm_kb, m.rss_anon_kb, m.rss_file_kb
                        ),
                        None => String::new(),
                    },
                    if r.notes.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", r.notes.join("; "))
                    }
                );
                results[pi].push(r);
            }
            if cfg.cold {
                // Right after the pagers' runs, so a disk whose speed
                // drifts is compared with itself.
                dd_runs.push(dd_cold(file));
            }
        }
        let sums: Vec<Summary> = results.iter().map(|r| summarize(r)).collect();
        table.push((file_name(file), sums));
        if cfg.cold {
            eprintln!("{}: dd cold (ms): {dd_runs:.1?}", file_name(file));
            // Each run's annotty search over the dd of the same run.
            let ai = cfg.pagers.iter().position(|p| p.name == "annotty");
            let ratios: Vec<f64> = ai
                .map(|i| {
                    results[i]
                        .iter()
                        .zip(&dd_runs)
                        .map(|(r, dd)| match r.visible[4] {
                            Outcome::Ms(ms) => ms / dd,
                            _ => f64::INFINITY,
                        })
                        .collect()
                })
                .unwrap_or_default();
            eprintln!("{}: search/dd per run: {ratios:.2?}", file_name(file));
            dd_table.push((file_name(file), median(&dd_runs), median(&ratios)));
        }
    }
    let mut notes_table = Vec::new();
    if let (Some(article), Some(pager)) =
        (&cfg.notes, cfg.pagers.iter().find(|p| p.name == "annotty"))
    {
        let mut results = Vec::new();
        for run in 0..cfg.runs {
            let r = run_notes(&cfg, pager, article);
            eprintln!(
                "{} annotty notes run {}/{}: {}{}",
                file_name(article),
                run + 1,
                cfg.runs,
                r.samples
                    .iter()
                    .map(|(k, v)| format!("{k} {}", fmt_samples(v)))
                    .collect::<Vec<_>>()
                    .join(", "),
                if r.notes.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", r.notes.join("; "))
                }
            );
            results.push(r);
        }
        notes_table.push((file_name(article), summarize(&results)));
    }
    let mut edited_table = Vec::new();
    if let (true, Some(pager)) = (cfg.edited, cfg.pagers.iter().find(|p| p.name == "annotty")) {
        for case in edited_cases() {
            let results: Vec<RunResult> = (0..cfg.runs)
                .map(|run| {
                    let r = run_edited(&cfg, pager, &case);
                    eprintln!(
                        "{}: annotty run {}/{}: {:?} {:?}",
                        case.name,
                        run + 1,
                        cfg.runs,
                        r.samples,
                        r.notes
                    );
                    r
                })
                .collect();
            edited_table.push((case.name, summarize(&results)));
        }
    }

    let mut out = String::new();
    out.push_str(&format!(
        "Pager benchmark: medians of {} runs per pager and file, {}×{} pty, \
         step timeout {:.0} s, {} ({} CPUs).\n\n",
        cfg.runs,
        cfg.cols,
        cfg.rows,
        cfg.timeout.as_secs_f64(),
        cpu_model(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    ));
    for p in &cfg.pagers {
        let version = if p.name == "less" {
            format!(" ({})", less_version(&p.path))
        } else {
            String::new()
        };
        out.push_str(&format!("- {}: `{}`{version}\n", p.name, p.path.display()));
    }
    if cfg.cold {
        out.push_str(
            "\nCold page cache: each file was evicted (posix_fadvise DONTNEED, \
             checked with mincore) before the first screen and before the search.\n",
        );
    }
    let series_cell = |s: &Summary, key: &str| -> (f64, String) {
        match s.samples.get(key) {
            Some(&(m, p)) => (m, format!("{} / {}", fmt_ms(m, true), fmt_ms(p, true))),
            None => (f64::NAN, "n/a".into()),
        }
    };
    let scroll_keys = ["Space", "b", "j", "k"];
    let scroll_table = markdown_table(&cfg, &table, &scroll_keys, |s| {
        scroll_keys.iter().map(|k| series_cell(s, k)).collect()
    });
    let mid_keys = [
        "50% (again)",
        "j after 50%",
        "Space after 50%",
        "Esc cancels search",
    ];
    let mid_table = markdown_table(&cfg, &table, &mid_keys, |s| {
        mid_keys.iter().map(|k| series_cell(s, k)).collect()
    });
    let scroll_text = format!(
        "\n### Scrolling, {}×{} (ms until the screen changed: median / p95)\n\n\
         {} presses per key and run, from the top (`Space` = page down, `b` = \
         page up, then `j`, `k`), each once the pager is idle; files from 1 MiB.\n\n{}\n\
         ### After `50%` (ms: median / p95)\n\n\
         `50%` from the top again, then one `j`, then {} × `Space`. \
         Esc cancels search (annotty, files from 100 MiB): a search for `/{}` \
         (matches nowhere) is started, and once its progress shows, Esc is \
         timed until `search cancelled` is shown.\n\n{}",
        cfg.cols, cfg.rows, cfg.scroll, scroll_table, cfg.scroll, NO_MATCH, mid_table
    );
    if cfg.scroll_only {
        out.push_str(&scroll_text);
        print!("{out}");
        return;
    }
    let ms_cells = |values: [f64; 5], timeouts: [bool; 5]| -> Vec<(f64, String)> {
        (0..5)
            .map(|i| (values[i], fmt_ms(values[i], timeouts[i])))
            .collect()
    };
    out.push_str(
        "\n### Time until the target is visible (ms)\n\n\
         first screen: spawn → `FIRSTWORD` shown; G → `LASTWORD`; g → `FIRSTWORD`; \
         50% → screen changed and `FIRSTWORD` gone; search: Enter after \
         `/NEEDLEWORD` → match shown.\n\n",
    );
    out.push_str(&markdown_table(&cfg, &table, &STEPS, |s| {
        ms_cells(s.visible, s.timeouts)
    }));
    out.push_str(&format!(
        "\n### Time until the pager is idle again (ms)\n\n\
         Same steps, until the later of the last output byte and the moment the \
         pager's main thread stopped running, followed by {} ms of idleness \
         (includes work done after drawing, which delays the next key).\n\n",
        QUIET.as_millis()
    ));
    out.push_str(&markdown_table(&cfg, &table, &STEPS, |s| {
        ms_cells(s.ready, s.timeouts)
    }));
    out.push_str("\n### Memory (MiB, /proc/PID/status just before `q`)\n\n");
    out.push_str(&markdown_table(
        &cfg,
        &table,
        &["VmHWM", "RssAnon", "RssFile"],
        |s| {
            s.memory
                .iter()
                .map(|&m| {
                    let text = if m.is_finite() {
                        format!("{m:.1}")
                    } else {
                        "n/a".into()
                    };
                    (m, text)
                })
                .collect()
        },
    ));
    if cfg.scroll > 0 {
        out.push_str(&scroll_text);
    }
    if !dd_table.is_empty() {
        out.push_str(
            "\n### Cold reads (ms)\n\n`dd if=FILE of=/dev/null bs=1M` after evicting \
             FILE, timed once after each run; medians, and the median of each \
             run's annotty search over that run's `dd`.\n\n\
             | file | dd cold | annotty search (cold) | search/dd (per run) |\n\
             |---|---:|---:|---:|\n",
        );
        let ai = cfg.pagers.iter().position(|p| p.name == "annotty");
        for ((name, dd, ratio), (_, sums)) in dd_table.iter().zip(&table) {
            let search = ai.map_or(f64::NAN, |i| sums[i].visible[4]);
            out.push_str(&format!(
                "| {name} | {} | {} | {} |\n",
                fmt_ms(*dd, true),
                fmt_ms(search, true),
                if ratio.is_finite() {
                    format!("{ratio:.2}×")
                } else {
                    "n/a".into()
                }
            ));
        }
    }
    for (name, sum) in &notes_table {
        out.push_str(&format!(
            "\n### 100 000 annotations ({name}, annotty, ms: median / p95)\n\n\
             first screen: spawn → `FIRSTWORD`; loaded: spawn → `100000 notes` in \
             the status row; `]`: {} presses from the top, then `[` back to the first, each until the screen (text, colours or attributes) changed; \
             save: one `s` (highlight a sentence) until the sidecar's mtime changed.\n\n\
             | first screen | loaded | `]` | `[` | save | VmHWM MiB |\n\
             |---:|---:|---:|---:|---:|---:|\n| {} | {} | {} | {} | {} | {} |\n",
            cfg.scroll.max(2),
            series_cell(sum, "notes: first screen").1,
            series_cell(sum, "notes: loaded").1,
            series_cell(sum, "]").1,
            series_cell(sum, "[").1,
            series_cell(sum, "notes: save").1,
            fmt_ms(sum.memory[0], true),
        ));
    }
    if !edited_table.is_empty() {
        out.push_str(
            "\n### 10 MB article with 10 000 annotations, edited (annotty, ms: median / p95)\n\n\
             first screen: spawn → `FIRSTWORD`; `j` once `loading the annotations` shows, until \
             the screen changed; then at once `G` until `LASTWORD`; keys: then `k` again and again (from the end), each \
             until the screen changed, until the notes are placed; report: spawn → `the article changed` \
             (where the notes went) in the status row.\n\n\
             | edit | first screen | `j` | `G` | keys (max) | report |\n|---|---:|---:|---:|---:|---:|\n",
        );
        for (name, sum) in &edited_table {
            out.push_str(&format!(
                "| {name} | {} | {} | {} | {} ({}) | {} |\n",
                series_cell(sum, "edited: first screen").1,
                series_cell(sum, "edited: j").1,
                series_cell(sum, "edited: G").1,
                series_cell(sum, "edited: keys").1,
                fmt_ms(
                    sum.max.get("edited: keys").copied().unwrap_or(f64::NAN),
                    true
                ),
                series_cell(sum, "edited: report").1,
            ));
        }
    }
    out.push('\n');
    for p in &cfg.pagers {
        let alt: Vec<&str> = table
            .iter()
            .map(|(_, sums)| {
                let i = cfg.pagers.iter().position(|q| q.name == p.name).unwrap();
                if sums[i].alternate_screen {
                    "yes"
                } else {
                    "no"
                }
            })
            .collect();
        out.push_str(&format!(
            "{} used the alternate screen: {}\n",
            p.name,
            if alt.iter().all(|a| *a == "yes") {
                "yes"
            } else {
                "not always"
            }
        ));
    }
    print!("{out}");
}
