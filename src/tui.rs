//! The event loop and the terminal: set-up and restore (also on panic and
//! signals), suspend, the background threads for scans and searches, and
//! the sidecar of the open article. The only module that talks to the
//! terminal.

pub mod ansi;
pub(crate) mod notes;
mod term;
mod watch;
mod workers;

use crate::notebook::Places;

use crate::app::{App, Effect};
use crate::config::{self, Config};
use crate::document::Document;
use crate::keymap::Key;
use crate::library::{EntrySource, Library};
use crate::{positions, source};
use crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use notes::Sidecar;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use workers::{ScanMsg, Workers};

/// What the loop starts with.
pub enum Start {
    Library(Library),
    /// An article (from `path`, when it is a file), optionally at a byte
    /// offset (`FILE:LINE:COL`).
    Article {
        doc: Document,
        at: Option<usize>,
        path: Option<PathBuf>,
    },
}

/// How long a key waits for a running search before it is handled anyway.
const SEARCH_GRACE: Duration = Duration::from_millis(50);

/// How long the loop looks for more pending input before drawing. Not
/// zero: crossterm 0.29's tty source answers a zero-timeout poll without
/// looking at the keys it has already read and parsed, so with
/// `Duration::ZERO` every key of a burst got its own frame. Below 1 ms the
/// poll(2) underneath does not block; only the (parsed-ahead) check spins.
const DRAIN_POLL: Duration = Duration::from_micros(20);

/// Longest a quit waits for a scan to finish so the position can be saved.
const QUIT_WAIT: Duration = Duration::from_secs(3);

/// Longest a quit waits for a scan to finish so that annotations made
/// before it did can be saved (their sidecar is named by its hash).
const UNSAVED_WAIT: Duration = Duration::from_secs(60);

/// Everything the loop works with.
struct Session {
    app: App,
    term: term::Term,
    workers: Workers,
    place: Places,
    /// The open article's file, if it is one.
    path: Option<PathBuf>,
    sidecar: Option<Sidecar>,
    /// The open article's sidecar while a background thread reads it.
    loading: Option<notes::Loading>,
    /// A small article's content hash and length in chars, when its sidecar
    /// is to be opened right after the next frame.
    sidecar_after_frame: Option<(String, u64)>,
    /// The open article's file, to notice it deleted or changed.
    watch: Option<watch::ArticleWatch>,
    /// `FILE:LINE:COL`: the byte whose annotation gets the focus once the
    /// annotations are loaded.
    focus_at: Option<usize>,
    /// How articles opened from the library or reloaded are read.
    decoding: crate::encoding::Decoding,
    dirty: bool,
}

/// Run the reader until the user quits. Errors come back as one line.
pub fn run(
    start: Start,
    config: Config,
    config_error: Option<String>,
    place: Places,
) -> Result<(), String> {
    let signals = Signals::register()?;
    let term = term::Term::enter(config.mouse)?;
    let (w, h) = term.size();
    let mut app = App::new(config.keymap.clone(), config.settings.clone(), (w, h));
    app.theme.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut s = Session {
        app,
        term,
        workers: Workers::new(),
        place,
        path: None,
        sidecar: None,
        loading: None,
        sidecar_after_frame: None,
        watch: None,
        focus_at: None,
        decoding: config.decoding,
        dirty: true,
    };
    match start {
        Start::Library(lib) => s.app.set_library(lib),
        Start::Article { doc, at, path } => s.open(doc, at, path),
    }
    if let Some(e) = config_error {
        s.app.error(e);
    }
    let result = s.event_loop(&signals);
    // A note being typed when annotty ends is kept as a draft.
    if s.app.keep_draft() {
        let _ = s.effects();
    }
    s.finish_reading();
    s.term.leave();
    result
}

impl Session {
    fn event_loop(&mut self, signals: &Signals) -> Result<(), String> {
        loop {
            if signals.caught() {
                return Ok(());
            }
            self.background();
            self.effects()?;
            if self.app.should_quit() {
                return Ok(());
            }
            if self.dirty {
                self.term.draw(&self.app)?;
                self.dirty = false;
            }
            if let Some((hash, chars)) = self.sidecar_after_frame.take() {
                self.open_sidecar(&hash, chars);
                self.dirty = true;
                continue;
            }
            self.workers.start_pending();
            // A search's answer cannot wake the terminal poll: look often
            // while one runs; a scan's totals can wait a little.
            let timeout = if self.workers.searching() {
                Duration::from_millis(1)
            } else if self.workers.busy() {
                Duration::from_millis(20)
            } else {
                Duration::from_millis(250)
            };
            if !event::poll(timeout).map_err(|e| format!("reading the terminal: {e}"))? {
                continue;
            }
            // Take every pending event before drawing again.
            loop {
                let ev = event::read().map_err(|e| format!("reading the terminal: {e}"))?;
                self.tick();
                self.dirty |= self.handle(ev);
                // Save before the next key is read.
                self.effects()?;
                if !event::poll(DRAIN_POLL).unwrap_or(false) {
                    break;
                }
            }
        }
    }

    /// Give the app the time and some randomness for new ids.
    fn tick(&mut self) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let seed = {
            use std::hash::{BuildHasher, RandomState};
            RandomState::new().hash_one(now.as_nanos())
        };
        self.app.tick(now.as_millis() as u64, seed);
    }

    /// Results of background work, and changes other processes made.
    fn background(&mut self) {
        for msg in self.workers.scan_messages() {
            match msg {
                // Checkpoints change nothing on screen until the totals come.
                ScanMsg::Checkpoint(cp) => self.app.scan_checkpoint(cp),
                ScanMsg::Done(summary) => {
                    self.dirty = true;
                    let hash = summary.hash.clone();
                    let chars = summary.chars;
                    self.app.scan_done(summary);
                    self.resume(&hash);
                    self.open_sidecar(&hash, chars);
                }
            }
        }
        for (id, found) in self.workers.search_results() {
            self.dirty = true;
            self.app.search_done(id, found);
        }
        if let Some((id, percent)) = self.workers.search_progress()
            && self
                .app
                .searching
                .is_some_and(|s| s.percent != Some(percent))
        {
            self.app.search_progress(id, percent);
            self.dirty = true;
        }
        if let Some(loading) = self.loading.take() {
            match loading.poll(&mut self.app) {
                Ok(sc) => {
                    self.sidecar = Some(sc);
                    self.sidecar_arrived();
                    self.dirty = true;
                }
                Err(loading) => self.loading = Some(loading),
            }
        }
        if let Some(sc) = &mut self.sidecar {
            self.dirty |= sc.recheck(&mut self.app);
        }
        self.recheck_article();
    }

    /// Notice the open article's file changing on disk (looked at twice a
    /// second, and at once when a read of a mapped article faulted because
    /// the file shrank). An article in memory is kept and the reader told;
    /// a memory-mapped one is reloaded.
    fn recheck_article(&mut self) {
        let Some(watch) = &mut self.watch else { return };
        let Some(r) = &self.app.reader else { return };
        let damaged = r.doc.bytes.damaged();
        let Some(fate) = watch
            .recheck(damaged)
            .or(damaged.then_some(watch::Fate::Shorter))
        else {
            return;
        };
        self.dirty = true;
        // A deleted file's mapping stays readable until it is unmapped.
        if !watch.mapped() || fate == watch::Fate::Gone {
            let name = crate::sanitize::line(&r.doc.name);
            self.app.error(watch::message(fate, &name));
            return;
        }
        let why = fate.word();
        self.watch = None;
        let Some(path) = self.path.clone() else {
            return;
        };
        let top = self.app.reader.as_ref().map_or(0, |r| r.top.start);
        match source::open_file_as(&path, &self.decoding) {
            Ok(doc) => {
                self.workers.cancel_search();
                self.app.searching = None;
                let last = doc.len().saturating_sub(1);
                self.open(doc, None, Some(path));
                self.app.show_byte(top.min(last));
                self.app
                    .error(format!("the article changed on disk ({why}): reloaded"));
            }
            Err(e) => self.app.error(format!(
                "the article changed on disk ({why}) and cannot be read again: {e}"
            )),
        }
    }

    /// Carry out what the app asked for.
    fn effects(&mut self) -> Result<(), String> {
        for effect in self.app.take_effects() {
            self.dirty = true;
            match effect {
                Effect::Search {
                    id,
                    pattern,
                    from,
                    backward,
                } => {
                    if let Some(r) = &self.app.reader {
                        self.workers
                            .search(r.doc.bytes.clone(), id, pattern, from, backward);
                    }
                }
                Effect::Open(entry) => match source::open_entry(&entry, &self.decoding) {
                    Ok(doc) => {
                        let path = match entry {
                            EntrySource::File(p) => Some(p),
                            EntrySource::Seed(_) => None,
                        };
                        self.open(doc, None, path);
                    }
                    Err(e) => self.app.error(e),
                },
                Effect::RememberPosition { hash, char, reflow } => {
                    remember(&hash, char, reflow);
                    self.sidecar = None;
                    self.loading = None;
                    self.sidecar_after_frame = None;
                    self.watch = None;
                }
                Effect::Suspend => self.term.suspend()?,
                Effect::Save => {
                    if let Some(sc) = &mut self.sidecar {
                        sc.save(&mut self.app);
                    }
                }
                Effect::Copy(text) => self.term.copy(&text),
                Effect::Export { format, path } => self.export(&format, &path),
                Effect::Import(path) => {
                    if let Some(sc) = &mut self.sidecar {
                        sc.import(&mut self.app, &path);
                    }
                }
                Effect::EditExternally { id, text } => match self.term.edit_externally(&text) {
                    Ok(Some(edited)) => self.app.edited_externally(&id, edited),
                    Ok(None) => {}
                    Err(e) => self.app.error(e),
                },
            }
        }
        Ok(())
    }

    /// Apply one terminal event; true when the screen may have changed.
    fn handle(&mut self, ev: Event) -> bool {
        let app = &mut self.app;
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                if let Some(key) = convert(k) {
                    #[cfg(debug_assertions)]
                    if key == Key::Ctrl('g') && std::env::var_os("ANNOTTY_DEBUG_PANIC").is_some() {
                        panic!("debug panic requested");
                    }
                    if (key == Key::Ctrl('c') || key == Key::Esc) && self.workers.cancel_search() {
                        // The key stops the search; in the prompt it also
                        // cancels the prompt, elsewhere it does nothing else
                        // (Ctrl-c must not quit, Esc not unfocus).
                        let in_prompt = app.prompt.is_some();
                        app.search_cancelled();
                        if in_prompt {
                            app.key(key);
                        }
                        return true;
                    } else if app.prompt.is_none()
                        && let Some((id, found)) = self.workers.wait_search(SEARCH_GRACE)
                    {
                        // Keys typed right after a search act on its result
                        // when it comes quickly (always, for small articles);
                        // keys typed into the prompt never wait.
                        app.search_done(id, found);
                    }
                    app.key(key);
                }
                true
            }
            Event::Mouse(m) => {
                match m.kind {
                    MouseEventKind::ScrollDown => app.wheel(3),
                    MouseEventKind::ScrollUp => app.wheel(-3),
                    MouseEventKind::Down(MouseButton::Left) => app.mouse_down(m.column, m.row),
                    MouseEventKind::Drag(MouseButton::Left) => app.mouse_drag(m.column, m.row),
                    MouseEventKind::Up(MouseButton::Left) => app.mouse_up(),
                    _ => return false,
                }
                true
            }
            Event::Resize(w, h) => {
                self.term.resized(w, h);
                app.resize(w, h);
                true
            }
            Event::Paste(text) => {
                app.paste(&text);
                true
            }
            _ => false,
        }
    }

    /// `:export FORMAT FILE`: the open article's annotations, written with
    /// the same writers as `annotty export`.
    fn export(&mut self, format: &str, path: &str) {
        let Some(r) = &self.app.reader else { return };
        let name = self
            .path
            .as_ref()
            .map_or_else(|| r.doc.name.clone(), |p| p.display().to_string());
        let all = r.annotations.all();
        let result = crate::export::export_article(
            format,
            &name,
            r.doc.bytes(),
            &all,
            std::path::Path::new(path),
        );
        match result {
            // Like `annotty export`, nothing to export writes no file.
            Ok(0) => self.app.error(format!(
                "nothing to export: no annotations, so {} was not written",
                crate::sanitize::line(path)
            )),
            Ok(n) => self.app.error(format!(
                "exported {n} annotation{} to {}",
                if n == 1 { "" } else { "s" },
                crate::sanitize::line(path)
            )),
            Err(e) => self.app.error(format!("export failed: {e}")),
        }
    }

    /// Open `doc` in the app and start scanning it. Articles up to
    /// [`workers::SCAN_INLINE`] are scanned at once, so a remembered
    /// position and the annotations apply before the first frame; larger
    /// ones get them when the background scan has the content hash.
    fn open(&mut self, doc: Document, at: Option<usize>, path: Option<PathBuf>) {
        let bytes = doc.bytes.clone();
        self.sidecar = None;
        self.loading = None;
        self.sidecar_after_frame = None;
        let mapped = matches!(&*bytes, crate::document::Bytes::Mapped(_));
        self.watch = path.as_deref().map(|p| watch::ArticleWatch::new(p, mapped));
        self.path = path;
        self.app.open(doc);
        if let Some(p) = at {
            self.app.show_byte(p);
        }
        self.focus_at = at;
        if bytes.len() <= workers::SCAN_INLINE {
            // The scan of the article before must not report on this one.
            self.workers.cancel_scan();
            let app = &mut self.app;
            if let Some(summary) = crate::scan::scan(&bytes, &AtomicBool::new(false), |cp| {
                app.scan_checkpoint(cp)
            }) {
                let (hash, chars) = (summary.hash.clone(), summary.chars);
                self.app.scan_done(summary);
                self.resume(&hash);
                // With no sidecar beside the article there is nothing to
                // draw yet; choosing where its notes will go (which tries
                // creating a file) waits until the first frame is out.
                let beside = self
                    .path
                    .as_deref()
                    .is_some_and(|p| crate::store::Store::beside(p).path().exists());
                if beside || self.place.store_dir.is_some() {
                    self.open_sidecar(&hash, chars);
                } else {
                    self.sidecar_after_frame = Some((hash, chars));
                }
            }
        } else {
            self.workers.scan(bytes);
        }
    }

    /// Load the open article's annotations once its content hash is known
    /// (a large sidecar file in the background: see [`notes::Loading`]).
    fn open_sidecar(&mut self, hash: &str, chars: u64) {
        let Some(r) = &self.app.reader else { return };
        let name = r.doc.name.clone();
        let opening = Sidecar::start(
            &mut self.app,
            self.path.as_deref(),
            &name,
            hash,
            chars,
            &self.place,
        );
        match opening {
            Some(notes::Opening::Ready(sc)) => self.sidecar = Some(sc),
            Some(notes::Opening::Loading(loading)) => {
                self.loading = Some(loading);
                return;
            }
            None => {
                let made = notes::made_before(&self.app);
                self.app.load_annotations(
                    made,
                    Some("there is no data directory to keep notes in".into()),
                );
            }
        }
        self.sidecar_arrived();
    }

    /// The annotations are loaded: focus the one `FILE:LINE:COL` named.
    fn sidecar_arrived(&mut self) {
        if let Some(p) = self.focus_at.take() {
            self.app.focus_at_byte(p);
        }
    }

    /// Go back to where the reader left this article last time.
    fn resume(&mut self, hash: &str) {
        if let Some(p) = config::data_dir().and_then(|d| positions::lookup(&d, hash)) {
            if let Some(reflow) = p.reflow {
                self.app.remembered_reflow(reflow);
            }
            self.app.resume_at(p.at);
        }
    }

    /// Save the reading position of the open article, waiting briefly for
    /// its scan (which yields the content hash) if it is still running;
    /// longer when annotations made meanwhile wait for it to be saved.
    fn finish_reading(&mut self) {
        // A search still running would only hold the scan up (it gives way
        // to searches).
        self.workers.cancel_search();
        let started = Instant::now();
        while self.app.reader.is_some()
            && self.app.position_to_remember().is_none()
            && self.workers.busy()
        {
            let unsaved = self.sidecar.is_none()
                && self
                    .app
                    .reader
                    .as_ref()
                    .is_some_and(|r| !r.annotations.is_empty());
            if started.elapsed() >= if unsaved { UNSAVED_WAIT } else { QUIT_WAIT } {
                break;
            }
            for msg in self.workers.wait_scan(Duration::from_millis(50)) {
                match msg {
                    ScanMsg::Checkpoint(cp) => self.app.scan_checkpoint(cp),
                    ScanMsg::Done(s) => {
                        let (hash, chars) = (s.hash.clone(), s.chars);
                        self.app.scan_done(s);
                        if unsaved {
                            // Loads the sidecar, merges and saves.
                            self.open_sidecar(&hash, chars);
                        }
                    }
                }
            }
        }
        // Annotations made while a large sidecar was being read are saved
        // with it: wait for it.
        if let Some(loading) = self.loading.take()
            && self
                .app
                .reader
                .as_ref()
                .is_some_and(|r| !r.annotations.is_empty())
        {
            self.sidecar = Some(loading.wait(&mut self.app));
        }
        if let Some((hash, char, reflow)) = self.app.position_to_remember() {
            remember(&hash, char, reflow);
        }
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

fn remember(hash: &str, char: u64, reflow: Option<bool>) {
    if let Some(dir) = config::data_dir() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        // Losing a reading position is not worth interrupting the reader.
        let _ = positions::remember(&dir, hash, char, reflow, now);
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
