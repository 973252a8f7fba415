//! The event loop and the terminal: set-up and restore (also on panic and
//! signals), suspend, and the background threads for scans and searches.
//! The only module that talks to the terminal.

mod term;
mod workers;

use crate::app::{App, Effect};
use crate::config::{self, Config};
use crate::document::Document;
use crate::keymap::Key;
use crate::library::Library;
use crate::{positions, source};
use crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use workers::{ScanMsg, Workers};

/// What the loop starts with.
pub enum Start {
    Library(Library),
    /// An article, optionally at a byte offset (`FILE:LINE:COL`).
    Article {
        doc: Document,
        at: Option<usize>,
    },
}

/// Longest a quit waits for a scan to finish so the position can be saved.
const QUIT_WAIT: Duration = Duration::from_secs(3);

/// Run the reader until the user quits. Errors come back as one line.
pub fn run(start: Start, config: Config, config_error: Option<String>) -> Result<(), String> {
    let signals = Signals::register()?;
    let mut term = term::Term::enter(config.mouse)?;
    let (w, h) = term.size();
    let mut app = App::new(config.keymap.clone(), config.settings.clone(), (w, h));
    app.theme.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut workers = Workers::new();
    match start {
        Start::Library(lib) => app.set_library(lib),
        Start::Article { doc, at } => open(&mut app, &mut workers, doc, at),
    }
    if let Some(e) = config_error {
        app.error(e);
    }
    let result = event_loop(&mut app, &mut term, &mut workers, &signals);
    finish_reading(&mut app, &mut workers);
    term.leave();
    result
}

fn event_loop(
    app: &mut App,
    term: &mut term::Term,
    workers: &mut Workers,
    signals: &Signals,
) -> Result<(), String> {
    let mut dirty = true;
    loop {
        if signals.caught() {
            return Ok(());
        }
        for msg in workers.scan_messages() {
            match msg {
                // Checkpoints change nothing on screen until the totals come.
                ScanMsg::Checkpoint(cp) => app.scan_checkpoint(cp),
                ScanMsg::Done(summary) => {
                    dirty = true;
                    let hash = summary.hash.clone();
                    app.scan_done(summary);
                    resume(app, &hash);
                }
            }
        }
        for (id, found) in workers.search_results() {
            dirty = true;
            app.search_done(id, found);
        }
        for effect in app.take_effects() {
            dirty = true;
            match effect {
                Effect::Search {
                    id,
                    pattern,
                    from,
                    backward,
                } => {
                    if let Some(r) = &app.reader {
                        workers.search(r.doc.bytes.clone(), id, pattern, from, backward);
                    }
                }
                Effect::Open(entry) => match source::open_entry(&entry) {
                    Ok(doc) => open(app, workers, doc, None),
                    Err(e) => app.error(e),
                },
                Effect::RememberPosition { hash, char } => remember(&hash, char),
                Effect::Suspend => term.suspend()?,
            }
        }
        if app.should_quit() {
            return Ok(());
        }
        if dirty {
            term.draw(app)?;
            dirty = false;
        }
        workers.start_pending();
        let timeout = if workers.busy() {
            Duration::from_millis(20)
        } else {
            Duration::from_millis(200)
        };
        if !event::poll(timeout).map_err(|e| format!("reading the terminal: {e}"))? {
            continue;
        }
        // Take every pending event before drawing again.
        loop {
            let ev = event::read().map_err(|e| format!("reading the terminal: {e}"))?;
            dirty |= handle(app, workers, ev);
            if !event::poll(Duration::ZERO).unwrap_or(false) {
                break;
            }
        }
    }
}

/// Apply one terminal event; true when the screen may have changed.
fn handle(app: &mut App, workers: &mut Workers, ev: Event) -> bool {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            if let Some(key) = convert(k) {
                #[cfg(debug_assertions)]
                if key == Key::Ctrl('g') && std::env::var_os("ANNOTTY_DEBUG_PANIC").is_some() {
                    panic!("debug panic requested");
                }
                if key == Key::Ctrl('c') || key == Key::Esc {
                    workers.cancel_search();
                }
                app.key(key);
            }
            true
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => {
                app.wheel(3);
                true
            }
            MouseEventKind::ScrollUp => {
                app.wheel(-3);
                true
            }
            _ => false,
        },
        Event::Resize(w, h) => {
            app.resize(w, h);
            true
        }
        Event::Paste(text) => {
            if app.prompt.is_some() {
                for c in text.chars().filter(|c| !c.is_control()) {
                    app.key(Key::Char(c));
                }
            }
            true
        }
        _ => false,
    }
}

/// A crossterm key as a keymap key.
fn convert(k: KeyEvent) -> Option<Key> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    Some(match k.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) if alt => Key::Alt(c),
        KeyCode::Left if ctrl => Key::CtrlLeft,
        KeyCode::Right if ctrl => Key::CtrlRight,
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::F(n) => Key::F(n),
        _ => return None,
    })
}

/// Open `doc` in the app and start scanning it. Small articles are scanned
/// at once, so a remembered position applies before the first frame.
fn open(app: &mut App, workers: &mut Workers, doc: Document, at: Option<usize>) {
    let bytes = doc.bytes.clone();
    app.open(doc);
    if let Some(p) = at {
        app.show_byte(p);
    }
    if bytes.len() <= workers::SCAN_INLINE {
        if let Some(summary) = crate::scan::scan(&bytes, &AtomicBool::new(false), |cp| {
            app.scan_checkpoint(cp)
        }) {
            let hash = summary.hash.clone();
            app.scan_done(summary);
            resume(app, &hash);
        }
    } else {
        workers.scan(bytes);
    }
}

/// Go back to where the reader left this article last time.
fn resume(app: &mut App, hash: &str) {
    if let Some(at) = config::data_dir().and_then(|d| positions::lookup(&d, hash)) {
        app.resume_at(at);
    }
}

fn remember(hash: &str, char: u64) {
    if let Some(dir) = config::data_dir() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        // Losing a reading position is not worth interrupting the reader.
        let _ = positions::remember(&dir, hash, char, now);
    }
}

/// Save the reading position of the open article, waiting briefly for its
/// scan (which yields the content hash) if it is still running.
fn finish_reading(app: &mut App, workers: &mut Workers) {
    let deadline = Instant::now() + QUIT_WAIT;
    while app.reader.is_some()
        && app.position_to_remember().is_none()
        && workers.busy()
        && Instant::now() < deadline
    {
        for msg in workers.wait_scan(Duration::from_millis(50)) {
            match msg {
                ScanMsg::Checkpoint(cp) => app.scan_checkpoint(cp),
                ScanMsg::Done(s) => app.scan_done(s),
            }
        }
    }
    if let Some((hash, char)) = app.position_to_remember() {
        remember(&hash, char);
    }
}

/// SIGTERM, SIGHUP and SIGINT end the loop so the terminal is restored.
struct Signals {
    flag: Arc<AtomicBool>,
}

impl Signals {
    fn register() -> Result<Signals, String> {
        let flag = Arc::new(AtomicBool::new(false));
        for sig in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            signal_hook::flag::register(sig, flag.clone())
                .map_err(|e| format!("cannot watch signals: {e}"))?;
        }
        Ok(Signals { flag })
    }

    fn caught(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }
}
