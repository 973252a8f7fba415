//! The event loop and the terminal: set-up and restore (also on panic and
//! signals), suspend, the background threads for scans and searches, and
//! the sidecar of the open article. The only module that talks to the
//! terminal.

pub mod ansi;
mod clusters;
mod inbox;
mod input;
mod library;
pub(crate) mod notes;
mod saver;

mod term;
mod watch;
mod workers;

use crate::app::{App, Effect, Notice};
use crate::config::Config;
use crate::document::Document;
use crate::encoding::StepMarks;
use crate::keymap::Key;
use crate::library::{EntrySource, Library};
use crate::notebook::{Article, Places};
use crate::scan::Summary;
use crate::text::{BytePos, CharPos};
use crate::{positions, source};
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use inbox::{Inbox, Msg, ScanMsg};
use notes::{Opened, Sidecar};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use workers::Workers;

/// What the loop starts with.
pub enum Start {
    Library(Library),
    /// The notes browser over these directories (titled `title`).
    Browser {
        title: String,
        dirs: Vec<PathBuf>,
    },
    /// A review of the notes `due` (ids, in order) under `dirs`.
    Review {
        dirs: Vec<PathBuf>,
        due: Vec<String>,
    },
    /// An article (from `path`, when it is a file), optionally at a byte
    /// offset (`FILE:LINE:COL`).
    Article {
        doc: Document,
        at: Option<BytePos>,
        path: Option<PathBuf>,
    },
}

/// How long a key waits for a running search before it is handled anyway.
const SEARCH_GRACE: Duration = Duration::from_millis(50);

/// How long the loop waits for more input after a terminal event before
/// drawing: the input thread sends the events of one read of the terminal
/// one after another, and a burst of keys should make one frame.
const DRAIN_WAIT: Duration = Duration::from_micros(100);

/// How often the loop wakes with nothing to do, to look whether the
/// article or its sidecar changed on disk.
const IDLE_WAKE: Duration = Duration::from_millis(250);

/// Longest a quit waits for a scan to finish so the position can be saved.
const QUIT_WAIT: Duration = Duration::from_secs(3);

/// Longest a quit waits for a scan to finish so that annotations made
/// before it did can be saved (their sidecar is named by its hash).
const UNSAVED_WAIT: Duration = Duration::from_secs(60);

/// The life of the open article's notes.
// Made once per opened article: the size of `Open` is moot.
#[allow(clippy::large_enum_variant)]
enum Notes {
    /// No article; its content hash not known yet (a large one's scan
    /// runs); or nowhere to keep its notes.
    None,
    /// A small article's, opened right after the first frame: choosing
    /// where its notes will go tries creating a file.
    Deferred { hash: String, chars: u64 },
    /// Read and placed on the text by a worker (the opening with this
    /// number); highlights made meanwhile are merged in when they come.
    Loading(u64),
    /// Loaded; every change is saved to it.
    Open(Sidecar),
}

/// What to do with the notes once a scan yields the content hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Then {
    /// Open them now.
    Open,
    /// Open them after the next frame.
    AfterFrame,
    /// Annotty is quitting: only when annotations made meanwhile need them.
    Quit { unsaved: bool },
}

/// What an article read again in its legacy encoding takes over from its
/// reading as UTF-8 ([`Session::switch_encoding`]).
struct Switched {
    /// Char offset of the top row when the reader had moved or resumed a
    /// position of the UTF-8 reading (else the decoded reading's own
    /// remembered position applies): the same words in both readings,
    /// since each invalid byte of the UTF-8 reading was one char (U+FFFD)
    /// and is one char of a single-byte encoding.
    top: Option<CharPos>,
    /// The reader's choice of style (`r`), if any.
    reflow: Option<bool>,
    /// Annotations made before the switch (the notes were not open yet),
    /// in char offsets, which mean the same text in both readings.
    carried: Vec<crate::annotation::Annotation>,
}

/// Everything the loop works with.
struct Session {
    app: App,
    /// Colours or not (`NO_COLOR`).
    theme: crate::ui::Theme,
    term: term::Term,
    inbox: Inbox,
    input: input::Input,
    workers: Workers,
    place: Places,
    /// The open article's file, if it is one.
    path: Option<PathBuf>,
    /// The key its reading position is kept under while its content hash
    /// is not known (see [`positions::file_key`]), if it is a file.
    file_key: Option<String>,
    notes: Notes,
    /// Numbers the openings of notes, so answers about earlier ones (of
    /// another article, or one opened again) are told apart.
    openings: u64,
    /// The open article's file, to notice it deleted or changed.
    watch: Option<watch::ArticleWatch>,
    /// `FILE:LINE:COL`: the byte whose annotation gets the focus once the
    /// annotations are loaded.
    focus_at: Option<BytePos>,
    /// The reading position resumed (content hash, top, style choice):
    /// leaving it there writes nothing, so a position set meanwhile on
    /// another machine (a synced data directory) is not overridden.
    resumed: Option<(String, CharPos, Option<bool>)>,
    /// How articles opened from the library or reloaded are read.
    decoding: crate::encoding::Decoding,
    /// The legacy encoding the open article's whole text turned out to be
    /// in, after it was opened as UTF-8 on samples, and whether the status
    /// row says so (not for one remembered): it is read again in it as
    /// soon as no key is under way ([`Session::switch_encoding`]).
    switch: Option<(&'static encoding_rs::Encoding, bool)>,
    /// Set when an article read as UTF-8 on samples is opened: after the
    /// first frame, [`Session::recall_encoding`] looks whether its file's
    /// encoding is remembered.
    recall: bool,
    /// What carries over to the article read again in its encoding, once
    /// its own scan is done ([`Session::scanned`]).
    switched: Option<Switched>,
    /// The legacy encoding the open article's file was found in by a scan
    /// (now or, remembered under its [`file_key`], at an earlier opening):
    /// kept with a position saved under the file's key.
    found: Option<String>,
    dirty: bool,
    /// The gathering of notes for the browser: its number (answers of
    /// earlier ones are dropped) and the flag that stops it.
    gathering: (u64, Option<Arc<AtomicBool>>),
    /// Numbers the libraries shown, so details read for another are
    /// dropped.
    library_number: u64,
    /// The library entry the open article was opened from.
    from_library: Option<EntrySource>,
    /// How `A` in the library saves snapshots (or why it cannot).
    add_options: Result<crate::snapshot::Options, String>,
}

/// Run the reader until the user quits. Errors come back as one line.
pub fn run(
    start: Start,
    config: Config,
    config_error: Option<String>,
    place: Places,
) -> Result<(), String> {
    let inbox = Inbox::new();
    let mut signals = Signals::register(inbox.sender())?;
    let term = term::Term::enter(config.mouse)?;
    let input = match input::Input::new(inbox.sender()) {
        Ok(i) => i,
        Err(e) => {
            term.leave();
            return Err(e);
        }
    };
    let (w, h) = term.size();
    let app = App::new(config.keymap.clone(), config.settings.clone(), (w, h));
    let theme = crate::ui::Theme {
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let mut s = Session {
        app,
        theme,
        term,
        workers: Workers::new(inbox.sender()),
        inbox,
        input,
        place,
        path: None,
        file_key: None,
        notes: Notes::None,
        openings: 0,
        watch: None,
        focus_at: None,
        resumed: None,
        decoding: config.decoding,
        switch: None,
        recall: false,
        switched: None,
        found: None,
        dirty: true,
        gathering: (0, None),
        library_number: 0,
        from_library: None,
        add_options: config.snapshot_options(),
    };
    // The time, for what is drawn before the first key (ages of notes).
    s.tick();
    match start {
        Start::Library(lib) => s.show_library(lib),
        Start::Browser { title, dirs } => s.app.open_browser(title, dirs),
        Start::Review { dirs, due } => s.app.open_review(dirs, due),
        Start::Article { doc, at, path } => s.open(doc, at, path),
    }
    if let Some(e) = config_error {
        s.app.error(e);
    }
    let result = s.event_loop(&mut signals);
    // Keys typed from now on are for the shell.
    s.input.pause();
    // A note being typed when annotty ends is kept as a draft.
    if s.app.keep_draft() {
        let _ = s.effects();
    }
    s.finish_reading();
    s.remember_library();
    s.term.leave();
    result
}

impl Session {
    /// Draw, then sleep until a message comes (or a timer is due), take it
    /// and every other one already there, and so on until the user quits.
    fn event_loop(&mut self, signals: &mut Signals) -> Result<(), String> {
        loop {
            if signals.caught() {
                return Ok(());
            }
            self.effects()?;
            if self.app.should_quit() {
                return Ok(());
            }
            if self.dirty {
                self.app.before_frame();
                self.term.draw(&self.app, self.theme)?;
                self.dirty = false;
            }
            // The first frame is out: now the threads that wait for keys
            // and signals (nothing of theirs is lost meanwhile).
            self.input.start()?;
            signals.watch()?;
            if let Notes::Deferred { hash, chars } = &self.notes {
                let (hash, chars) = (hash.clone(), *chars);
                self.open_notes(&hash, chars);
                self.dirty = true;
                continue;
            }
            self.recall_encoding();
            self.workers.start_pending();
            // A search's progress is shown as it goes; everything else
            // wakes the loop itself.
            let wait = if self.workers.searching() {
                workers::PROGRESS_AFTER
            } else {
                IDLE_WAKE
            };
            let mut next = self.inbox.next(Some(wait));
            // Take everything already there before drawing again.
            while let Some(msg) = next {
                let term_event = matches!(msg, Msg::Term(_));
                self.take(msg)?;
                if signals.caught() || self.app.should_quit() {
                    break;
                }
                next = match self.inbox.try_next() {
                    None if term_event => self.inbox.next(Some(DRAIN_WAIT)),
                    other => other,
                };
            }
            self.timers();
        }
    }

    /// Act on one message.
    fn take(&mut self, msg: Msg) -> Result<(), String> {
        match msg {
            Msg::Term(ev) => {
                let ev = ev?;
                self.tick();
                self.dirty |= self.handle(ev);
                // Changes are handed to the saver before the next key.
                self.effects()?;
            }
            // The flag is set: the loop ends.
            Msg::Signal => {}
            Msg::Scan(number, msg) => match self.workers.scan_message(number, msg) {
                Some(ScanMsg::Checkpoints(cps, headings)) => {
                    self.dirty |= self.app.scan_progress(cps, headings);
                }
                Some(ScanMsg::Decoded(whole, marks)) => {
                    self.dirty = true;
                    self.whole_text(whole, &marks);
                }
                Some(ScanMsg::Done(summary)) => {
                    self.dirty = true;
                    self.scanned(summary, Then::Open);
                }
                Some(ScanMsg::Ended) | None => {}
            },
            Msg::Search(id, found) => {
                self.workers.search_answered(id);
                self.dirty = true;
                self.app.search_done(id, found);
            }
            Msg::Notes(number, opened) => {
                if matches!(self.notes, Notes::Loading(n) if n == number) {
                    self.dirty = true;
                    self.notes_came(opened.map(|o| *o));
                }
            }
            Msg::Listed(number, batch, done) => {
                self.dirty = true;
                self.listed(number, batch, done);
            }
            Msg::Catalog(number, batch) => {
                self.dirty = true;
                self.catalog_came(number, batch);
            }
            Msg::Added(added) => {
                self.dirty = true;
                self.added(added);
            }
            Msg::Gathered(number, batch) => {
                if number == self.gathering.0 {
                    self.dirty = true;
                    self.app.gathered(batch);
                }
            }
            Msg::Saved(number, done) => {
                if let Notes::Open(sc) = &mut self.notes
                    && number == self.openings
                {
                    self.dirty = true;
                    sc.saved(&mut self.app, done);
                }
            }
        }
        Ok(())
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

    /// What is looked at from time to time: a search's progress, and
    /// changes other processes made to the sidecar and the article.
    fn timers(&mut self) {
        if let Some((id, percent)) = self.workers.search_progress()
            && self
                .app
                .searching
                .is_some_and(|s| s.percent != Some(percent))
        {
            self.app.search_progress(id, percent);
            self.dirty = true;
        }
        if let Notes::Open(sc) = &mut self.notes {
            self.dirty |= sc.recheck(&mut self.app);
        }
        self.recheck_article();
        self.switch_encoding();
    }

    /// The open article's verdict after its scan, when it was read as
    /// UTF-8 on samples only: the legacy encoding the whole says it is in
    /// ([`crate::encoding::redecide`] on the stretch around the first
    /// invalid byte the scan found), if it is not UTF-8 after all.
    fn verdict(&self, summary: &Summary) -> Option<&'static encoding_rs::Encoding> {
        let r = self.app.reader.as_ref()?;
        if r.doc.encoding_is_final || self.path.is_none() {
            return None;
        }
        let bad = usize::try_from(summary.first_invalid?).ok()?;
        let fallback = self.decoding.fallback;
        crate::encoding::redecide(&r.doc.bytes.pass(false), bad, fallback)
    }

    /// Read the open article again in the encoding its whole text is in
    /// ([`Session::switch`]), as `annotty --encoding NAME FILE` reads it,
    /// once no key is under way (a prompt, a selection, a search: they
    /// finish on the text they began on). The top row keeps its char
    /// offset, the style chosen and the annotations made meanwhile carry
    /// over ([`Switched`]), and its notes are opened on the new text
    /// (notes saved on the UTF-8 reading are placed again, as on any
    /// changed text).
    fn switch_encoding(&mut self) {
        let Some((encoding, say)) = self.switch else {
            return;
        };
        if self.app.mode() != crate::keymap::Mode::Normal || self.workers.searching() {
            return;
        }
        self.switch = None;
        let (Some(path), Some(r)) = (self.path.clone(), &self.app.reader) else {
            return;
        };
        // Moved, or resumed where this reading was left last time.
        let hash = r.summary.as_ref().map(|s| &s.hash);
        let resumed = matches!((&self.resumed, hash), (Some((h, ..)), Some(now)) if h == now);
        let (kind, moved) = (r.doc.kind, r.moved || resumed);
        let Some((top, reflow)) = self.app.top_to_remember() else {
            return;
        };
        let carried = notes::made_before(&self.app);
        let decoding = crate::encoding::Decoding {
            forced: Some(encoding),
            fallback: None,
        };
        match source::open_to_read(&path, &decoding) {
            Ok(mut doc) => {
                doc.kind = kind;
                self.dirty = true;
                self.app.searching = None;
                // The start is decoded at once: the top shows now when it
                // lies in it (a byte is a char), else after the scan.
                let shown_now = doc.rest.is_none() || top.0 < crate::encoding::FIRST_STEP as u64;
                self.open(doc, None, Some(path));
                if let Some(reflow) = reflow {
                    self.app.remembered_reflow(reflow);
                }
                if shown_now && moved {
                    self.app.resume_at(top);
                }
                self.switched = Some(Switched {
                    top: moved.then_some(top),
                    reflow,
                    carried,
                });
                // Kept with the position: the next opening of this
                // version of the file reads it in its encoding at once.
                self.found = Some(crate::encoding::name(encoding));
                if say {
                    self.app
                        .notify(Notice::ReadAs(crate::encoding::name(encoding)));
                }
            }
            Err(e) => self.app.error(format!(
                "the article cannot be read again as {}: {e}",
                crate::encoding::name(encoding)
            )),
        }
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
            if let Some(r) = &mut self.app.reader {
                r.changed_on_disk = Some(fate.word());
            }
            return;
        }
        // Not looked at again if it cannot be read (a damaged mapping
        // would ask at every wake).
        self.watch = None;
        self.reload(Some(fate.word()), false);
    }

    /// Read the open article's file again (it changed on disk: `why`, a
    /// word for the message), keeping the top of the screen where it was:
    /// at the same line and column when `by_line` (`R`: text before it
    /// may have changed length), else at the same byte (a memory-mapped
    /// article reloaded by itself, which may be huge).
    fn reload(&mut self, why: Option<&'static str>, by_line: bool) {
        let Some(path) = self.path.clone() else {
            self.app
                .error("nothing to reload: the article is not a file");
            return;
        };
        let Some(r) = &self.app.reader else { return };
        let top = BytePos(r.top.start);
        let (line, column) = crate::text::line_column_of(r.bytes(), top);
        match source::open_whole_to_read(&path, &self.decoding) {
            Ok(doc) => {
                self.workers.cancel_search();
                self.app.searching = None;
                let at = match by_line {
                    true => crate::text::line_column(doc.bytes(), line, column),
                    false => BytePos(top.0.min(doc.len().saturating_sub(1))),
                };
                self.open(doc, None, Some(path));
                self.app.show_byte(at);
                self.app.notify(Notice::Reloaded { why });
            }
            Err(e) => self.app.error(format!(
                "the article cannot be read again ({}): {e}",
                why.unwrap_or("reload")
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
                    in_file,
                } => {
                    let Some(r) = &self.app.reader else { continue };
                    match r.rest().filter(|_| in_file) {
                        Some(rest) => {
                            let rest = rest.clone();
                            self.workers.search_file(rest, id, pattern, from, backward);
                        }
                        None => {
                            let bytes = r.doc.bytes.clone();
                            self.workers.search(bytes, id, pattern, from, backward);
                        }
                    }
                }
                Effect::Open(entry) => match source::open_entry(&entry, &self.decoding) {
                    Ok(doc) => {
                        self.remember_library();
                        self.from_library = Some(entry.clone());
                        let path = match entry {
                            EntrySource::File(p) => Some(p),
                            EntrySource::Seed(_) => None,
                        };
                        self.open(doc, None, path);
                    }
                    Err(e) => self.app.error(e),
                },
                Effect::AddArticle(what) => self.add_article(what),
                Effect::ReadDetails(entries) => self.read_catalog(entries),
                Effect::RememberPosition {
                    hash,
                    char,
                    reflow,
                    percent,
                } => {
                    self.remember(hash, char, reflow, percent);
                    if let Some(left) = self.from_library.take() {
                        // Its notes as they are on disk.
                        if let Notes::Open(sc) = &self.notes {
                            sc.flush();
                        }
                        self.reread_entry(&left);
                    }
                    self.file_key = None;
                    self.notes = Notes::None;
                    self.watch = None;
                }
                Effect::Suspend => {
                    // Keys typed at the shell are the shell's.
                    self.input.pause();
                    let back = self.term.suspend();
                    self.input.resume();
                    back?;
                }
                Effect::Save => {
                    if let Notes::Open(sc) = &mut self.notes {
                        sc.save(&self.app);
                    }
                }
                Effect::Write => match &mut self.notes {
                    Notes::Open(sc) => sc.write(&mut self.app),
                    Notes::None if self.app.annotations_readonly.is_some() => {
                        self.app.error("not saved: the annotations are read-only")
                    }
                    _ => self
                        .app
                        .error("not saved: the annotations are not loaded yet"),
                },
                Effect::Copy(text) => self.term.copy(&text),
                Effect::Export { format, path } => self.export(&format, path.as_deref()),
                Effect::Reload => self.reload(None, true),
                Effect::GatherNotes(dirs) => self.gather(dirs),
                Effect::Review { id, answer } => {
                    self.update_review(|s, now| s.answer(&id, answer, now));
                }
                Effect::ReviewDoneToday => self.update_review(|s, now| s.done_today(now)),
                Effect::SaveBookmark(b) => match &mut self.notes {
                    Notes::Open(sc) => sc.save_bookmark(&mut self.app, b),
                    _ => self
                        .app
                        .error("bookmark kept for this session only: the notes are not loaded"),
                },
                Effect::StopGathering => self.stop_gathering(),
                Effect::SaveNote { sidecar, change } => {
                    let saved =
                        crate::notebook::at_sidecar(&sidecar, &self.place).and_then(|(nb, _)| {
                            nb.change_note(&change.id, |current| change.apply(current))
                                .map_err(|e| e.to_string())
                        });
                    match saved {
                        Ok(Some(on_disk)) => {
                            self.app.note_saved(&sidecar, on_disk);
                            // The library the browser came from counts its
                            // notes again.
                            if let Some(article) = crate::export::strip_suffix(&sidecar) {
                                self.reread_entry(&EntrySource::File(article));
                            }
                        }
                        Ok(None) => self.app.error("not saved: the notes are read-only"),
                        Err(e) => self.app.error(format!("not saved: {e}")),
                    }
                }
                Effect::Import(path) => {
                    if let Notes::Open(sc) = &mut self.notes {
                        sc.import(&mut self.app, &path);
                    }
                }
                Effect::EditExternally { id, text, quote } => {
                    // Keys typed into the editor are the editor's.
                    self.input.pause();
                    let edited = self.term.edit_externally(&quote, &text);
                    self.input.resume();
                    match edited {
                        Ok(Some(edited)) => self.app.edited_externally(&id, edited),
                        Ok(None) => {}
                        Err(e) => self.app.error(e),
                    }
                }
            }
        }
        Ok(())
    }

    /// Change the review schedule in the data directory with `change`
    /// (given the time now) and save it; a failure is said.
    fn update_review(&mut self, change: impl FnOnce(&mut crate::review::Schedule, u64)) {
        let Some(dir) = self.place.data_dir.clone() else {
            return;
        };
        let now = crate::review::now();
        let saved = crate::review::load(&dir).and_then(|mut s| {
            change(&mut s, now);
            crate::review::save(&dir, &s)
        });
        if let Err(e) = saved {
            self.app.error(format!("the review is not saved: {e}"));
        }
    }

    /// Apply one terminal event; true when the screen may have changed.
    fn handle(&mut self, ev: Event) -> bool {
        if let Event::Key(k) = ev
            && k.kind != KeyEventKind::Release
            && let Some(Key::Alt(c)) = convert(k)
            && self.app.reads_as_esc_then_key(Key::Alt(c))
        {
            let esc = self.handle(Event::Key(KeyCode::Esc.into()));
            let then = self.handle(Event::Key(KeyCode::Char(c).into()));
            return esc || then;
        }
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
                        && let Some(running) = self.workers.search_id()
                        && let Some(Msg::Search(id, found)) = self.inbox.wait_for(
                            Some(SEARCH_GRACE),
                            |m| matches!(m, Msg::Search(id, _) if *id == running),
                        )
                    {
                        // Keys typed right after a search act on its result
                        // when it comes quickly (always, for small articles);
                        // keys typed into the prompt never wait. Past the
                        // grace, the app holds the keys that need the match
                        // (`app/typeahead`).
                        self.workers.search_answered(id);
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

    /// `:export FORMAT [FILE]`: the open article's annotations, written
    /// with the same writers as `annotty export`; without a file, next to
    /// the article (`ARTICLE.notes.txt`, `.md`, `.json`).
    fn export(&mut self, format: &str, path: Option<&str>) {
        let Some(r) = &self.app.reader else { return };
        let name = self
            .path
            .as_ref()
            .map_or_else(|| r.doc.name.clone(), |p| p.display().to_string());
        let out = match path {
            Some(p) => PathBuf::from(p),
            None => match &self.path {
                Some(article) => match crate::export::beside(article, format) {
                    Some(out) => out,
                    None => {
                        let shown = crate::sanitize::line(format);
                        return self.app.error(format!(
                            "export failed: unknown format {shown} (grep, markdown or json)"
                        ));
                    }
                },
                None => {
                    return self.app.error(
                        "export: this article has no file to write next to: :export FORMAT FILE",
                    );
                }
            },
        };
        let all = r.annotations.all();
        let origin = match &self.notes {
            Notes::Open(sc) => sc.origin(),
            _ => None,
        };
        let article = crate::export::Article {
            path: std::path::Path::new(&name),
            bytes: r.doc.bytes(),
            annotations: &[],
            origin,
        };
        let result = crate::export::export_article(format, article, &all, &out);
        match result {
            // Like `annotty export`, nothing to export writes no file.
            Ok(count) => self.app.notify(Notice::Exported {
                count,
                path: crate::source::short(&out),
            }),
            Err(e) => self.app.error(format!("export failed: {e}")),
        }
    }

    /// Open `doc` in the app and start scanning it. Articles up to
    /// [`workers::SCAN_INLINE`] are scanned at once, so a remembered
    /// position and the annotations apply before the first frame; larger
    /// ones get them when the background scan has the content hash.
    fn open(&mut self, doc: Document, at: Option<BytePos>, path: Option<PathBuf>) {
        let bytes = doc.bytes.clone();
        let rest = doc.rest.clone();
        let kind = doc.kind;
        self.notes = Notes::None;
        self.switch = None;
        self.switched = None;
        self.found = None;
        self.recall = !doc.encoding_is_final && path.is_some();
        let mapped = matches!(&*bytes, crate::document::Bytes::Mapped(_));
        self.watch = path.as_deref().map(|p| watch::ArticleWatch::new(p, mapped));
        self.file_key = path.as_deref().and_then(file_key);
        self.path = path;
        self.app.open(doc);
        if let Some(p) = at {
            self.app.show_byte(p);
        }
        self.focus_at = at;
        if bytes.len() <= workers::SCAN_INLINE && rest.is_none() {
            // The scan of the article before must not report on this one.
            self.workers.cancel_scan();
            let app = &mut self.app;
            let mut outline = crate::outline::Collector::new(kind);
            let summary = crate::scan::scan_outline(
                &**bytes,
                &AtomicBool::new(false),
                &mut outline,
                |cp, _| app.scan_checkpoint(cp),
            );
            app.scan_progress(Vec::new(), outline.take());
            if let Some(summary) = summary {
                // With no sidecar beside the article there is nothing to
                // draw yet; choosing where its notes will go (which tries
                // creating a file) waits until the first frame is out.
                let beside = self
                    .path
                    .as_deref()
                    .is_some_and(|p| crate::store::Store::beside(p).path().exists());
                let then = if beside || self.place.store_dir.is_some() {
                    Then::Open
                } else {
                    Then::AfterFrame
                };
                self.scanned(summary, then);
            }
        } else {
            self.workers.scan(bytes, kind, rest);
        }
    }

    /// After the first frame of an article read as UTF-8 on samples: if a
    /// scan found this version of its file in a legacy encoding before
    /// (kept in the positions under its [`file_key`]), read it in it now,
    /// without waiting for its scan (and without a word: it is how it was
    /// read last time). Not before the first frame: reading the positions
    /// would delay it.
    fn recall_encoding(&mut self) {
        if !std::mem::take(&mut self.recall) {
            return;
        }
        let (Some(dir), Some(key)) = (self.place.data_dir.as_deref(), &self.file_key) else {
            return;
        };
        let Some(encoding) =
            positions::encoding_of(dir, key).and_then(|name| crate::encoding::by_name(&name).ok())
        else {
            return;
        };
        self.switch = Some((encoding, false));
        self.switch_encoding();
    }

    /// The whole text of the open article, decoded in the background: the
    /// app reads it from now on, and a search asked for meanwhile runs.
    fn whole_text(&mut self, whole: Arc<crate::document::Bytes>, marks: &StepMarks) {
        self.app.whole_text(whole, marks);
    }

    /// The open article's scan is done: take in its totals, go back to
    /// where the reader left it last time (and read it as it was read
    /// then, or as its whole text says: [`App::settle_style`]), and open
    /// its notes (`then`).
    /// The one place all three happen, for every way an article is opened.
    /// An article read as UTF-8 on samples whose whole text is in a
    /// legacy encoding is read again in it instead ([`Session::verdict`],
    /// [`Session::switch_encoding`]): its notes and position wait for that
    /// reading's scan.
    fn scanned(&mut self, summary: Summary, then: Then) {
        let verdict = match then {
            Then::Quit { .. } => None,
            _ => self.verdict(&summary),
        };
        let (hash, chars) = (summary.hash.clone(), summary.chars);
        self.app.scan_done(summary);
        if let Some(encoding) = verdict {
            // Where this reading was left last time (notes and positions
            // saved before the encoding was found) carries over too.
            self.resume(&hash);
            self.switch = Some((encoding, true));
            return self.switch_encoding();
        }
        match then {
            Then::Open | Then::AfterFrame => {
                self.resume(&hash);
                self.carry_over();
                self.app.settle_style();
            }
            // The annotations carried over are saved with the notes.
            Then::Quit { .. } => self.carry_over(),
        }
        match then {
            Then::Open | Then::Quit { unsaved: true } => self.open_notes(&hash, chars),
            Then::AfterFrame => self.notes = Notes::Deferred { hash, chars },
            Then::Quit { unsaved: false } => {}
        }
    }

    /// After the scan of an article read again in its legacy encoding: the
    /// top row and the annotations of its UTF-8 reading ([`Switched`]),
    /// the annotations quoting the decoded text now.
    fn carry_over(&mut self) {
        let Some(s) = self.switched.take() else {
            return;
        };
        if let Some(reflow) = s.reflow {
            self.app.remembered_reflow(reflow);
        }
        if let Some(top) = s.top {
            self.app.resume_at(top);
        }
        let Some(r) = &mut self.app.reader else {
            return;
        };
        for mut a in s.carried {
            let (start, end) = (r.byte_of_char(a.start), r.byte_of_char(a.end));
            let bytes = r.doc.bytes();
            a.quote = crate::text::decode(bytes, start.0..end.0);
            (a.prefix, a.suffix) = crate::annotation::context(bytes, start..end);
            r.annotations.put(a);
        }
    }

    /// Open the open article's notes once its content hash is known: at
    /// once when that is quick, else on a worker (a large sidecar, or a
    /// large article on which they may need placing again), answered with
    /// [`Msg::Notes`].
    fn open_notes(&mut self, hash: &str, chars: u64) {
        let Some(r) = &self.app.reader else { return };
        self.openings += 1;
        let article = Article {
            path: self.path.clone(),
            name: r.doc.name.clone(),
            hash: hash.to_string(),
            chars,
            encoding: r.doc.encoding_name(),
        };
        let opening = Sidecar::start(&article, r.doc.bytes.clone(), &self.place);
        match opening {
            Some(o) if o.slow() => {
                // Nothing to say while there are no notes to load.
                if o.has_file() {
                    self.app.notify(Notice::Loading);
                }
                self.workers.open_notes(self.openings, o);
                self.notes = Notes::Loading(self.openings);
            }
            Some(o) => self.notes_came(Some(o.read())),
            None => {
                self.notes = Notes::None;
                let made = notes::made_before(&self.app);
                self.app.load_annotations(
                    made,
                    Some("there is no data directory to keep notes in".into()),
                );
                self.notes_arrived();
            }
        }
    }

    /// The notes are read and placed (`None`: the thread doing it failed):
    /// load them into the app.
    fn notes_came(&mut self, opened: Option<Opened>) {
        let Some(opened) = opened else {
            self.notes = Notes::None;
            let made = notes::made_before(&self.app);
            self.app
                .load_annotations(made, Some("reading them failed unexpectedly".into()));
            return self.notes_arrived();
        };
        let tx = self.inbox.sender();
        let number = self.openings;
        let sc = opened.finish(&mut self.app, move |done| {
            let _ = tx.send(Msg::Saved(number, done));
        });
        self.notes = Notes::Open(sc);
        self.notes_arrived();
    }

    /// The annotations are loaded: focus the one `FILE:LINE:COL` named,
    /// or the one Enter was pressed on in the notes browser.
    fn notes_arrived(&mut self) {
        if let Some(p) = self.focus_at.take() {
            self.app.focus_at_byte(p);
        }
        self.app.focus_waiting_note();
    }

    /// Start gathering the notes under `dirs` (and the data directory's)
    /// for the browser, in the background; a gathering before is stopped.
    fn gather(&mut self, dirs: Vec<PathBuf>) {
        self.stop_gathering();
        let stop = Arc::new(AtomicBool::new(false));
        self.gathering.0 += 1;
        self.gathering.1 = Some(stop.clone());
        let (number, tx) = (self.gathering.0, self.inbox.sender());
        let places = self.place.clone();
        let spawned = std::thread::Builder::new()
            .name("gather".into())
            .spawn(move || {
                workers::lower_priority();
                let data_dir = places.data_dir.as_deref();
                crate::gather::gather(&dirs, data_dir, Some(&places), &stop, &|batch| {
                    tx.send(Msg::Gathered(number, batch)).is_ok()
                });
            });
        if let Err(e) = spawned {
            self.app.error(format!("the notes cannot be gathered: {e}"));
        }
    }

    fn stop_gathering(&mut self) {
        if let Some(stop) = self.gathering.1.take() {
            stop.store(true, Ordering::Relaxed);
        }
    }

    /// Go back to where the reader left this article last time.
    fn resume(&mut self, hash: &str) {
        let dir = self.place.data_dir.as_deref();
        let mut keys = vec![hash];
        keys.extend(self.file_key.as_deref());
        if let Some(p) = dir.and_then(|d| positions::lookup_newest(d, &keys)) {
            if let Some(reflow) = p.reflow {
                self.app.remembered_reflow(reflow);
            }
            self.app.resume_at(p.at);
            self.resumed = Some((hash.to_string(), p.at, p.reflow));
        }
    }

    /// True when the open article has annotations (also those waiting to
    /// be carried over to its reading in a legacy encoding).
    fn has_annotations(&self) -> bool {
        self.app
            .reader
            .as_ref()
            .is_some_and(|r| !r.annotations.is_empty())
            || self
                .switched
                .as_ref()
                .is_some_and(|s| !s.carried.is_empty())
    }

    /// Before quitting: save the reading position of the open article,
    /// waiting briefly for its scan (which yields the content hash) if it
    /// is still running, longer when annotations made meanwhile wait for it
    /// to be saved; and wait until the notes are on disk.
    fn finish_reading(&mut self) {
        // A search still running would only hold the scan up (it gives way
        // to searches).
        self.workers.cancel_search();
        // A switch to a legacy encoding still waiting: the annotations made
        // on the UTF-8 reading are saved with its notes (placed on the
        // decoded text at the next opening).
        if self.switch.take().is_some()
            && self.has_annotations()
            && let Some(s) = self.app.reader.as_ref().and_then(|r| r.summary.as_ref())
        {
            let (hash, chars) = (s.hash.clone(), s.chars);
            self.open_notes(&hash, chars);
        }
        if let Notes::Deferred { hash, chars } = &self.notes
            && self.has_annotations()
        {
            let (hash, chars) = (hash.clone(), *chars);
            self.open_notes(&hash, chars);
        }
        let started = Instant::now();
        while self.app.reader.is_some()
            && self.app.position_to_remember().is_none()
            && self.workers.scanning()
        {
            let unsaved = matches!(self.notes, Notes::None) && self.has_annotations();
            let limit = if unsaved { UNSAVED_WAIT } else { QUIT_WAIT };
            let Some(left) = limit.checked_sub(started.elapsed()) else {
                break;
            };
            self.workers.start_pending();
            let Some(Msg::Scan(number, msg)) = self
                .inbox
                .wait_for(Some(left), |m| matches!(m, Msg::Scan(..)))
            else {
                break;
            };
            match self.workers.scan_message(number, msg) {
                Some(ScanMsg::Checkpoints(cps, headings)) => {
                    self.app.scan_progress(cps, headings);
                }
                Some(ScanMsg::Decoded(whole, marks)) => self.whole_text(whole, &marks),
                Some(ScanMsg::Done(s)) => self.scanned(s, Then::Quit { unsaved }),
                Some(ScanMsg::Ended) | None => {}
            }
        }
        // Annotations made while the notes were being read are saved with
        // them: wait for them.
        if let Notes::Loading(number) = self.notes
            && self.has_annotations()
            && let Some(Msg::Notes(_, opened)) = self
                .inbox
                .wait_for(None, |m| matches!(m, Msg::Notes(n, _) if *n == number))
        {
            self.notes_came(opened.map(|o| *o));
        }
        // Quitting waits for the last save.
        if let Notes::Open(sc) = &self.notes {
            sc.flush();
        }
        // Without the hash (a scan that did not finish in time), the
        // position is kept under the file's key.
        if let Some((char, reflow)) = self.app.top_to_remember() {
            let hash = self.app.content_hash();
            let percent = self.app.percent_read();
            self.remember(hash, char, reflow, percent);
        }
    }

    /// Keep the reading position under the content hash, or without it
    /// under the file's key (an article that is no file has none: its
    /// position is lost), unless it is the one resumed.
    fn remember(
        &mut self,
        hash: Option<String>,
        char: CharPos,
        reflow: Option<bool>,
        percent: Option<u8>,
    ) {
        let Some(key) = hash.or_else(|| self.file_key.clone()) else {
            return;
        };
        let here = (key, char, reflow);
        if self.resumed.take().as_ref() != Some(&here) {
            let path = self
                .path
                .as_deref()
                .and_then(|p| std::fs::canonicalize(p).ok())
                .map(|p| p.to_string_lossy().into_owned());
            let by_file = Some(&here.0) == self.file_key.as_ref();
            let left = positions::Left {
                at: char,
                reflow,
                percent,
                path,
                encoding: self.found.clone().filter(|_| by_file),
            };
            let dir = self.place.data_dir.as_deref();
            remember(dir, &here.0, &left);
            // The encoding found is kept under the file's key too (the
            // next opening looks for it before the hash is known).
            if let (false, Some(found), Some(key)) = (by_file, &self.found, &self.file_key) {
                let left = positions::Left {
                    encoding: Some(found.clone()),
                    ..left
                };
                remember(dir, key, &left);
            }
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

/// The key of the position of the article read from `path` while its
/// content hash is not known: [`positions::file_key`] of its absolute path,
/// length and modification time as it is opened.
fn file_key(path: &std::path::Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    let path = std::fs::canonicalize(path).ok()?;
    let mtime_ns = i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec());
    Some(positions::file_key(&path, m.len(), mtime_ns))
}

/// Keep the reading position in `dir`, the data directory.
fn remember(dir: Option<&std::path::Path>, hash: &str, left: &positions::Left) {
    if let Some(dir) = dir {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        // Losing a reading position is not worth interrupting the reader.
        let _ = positions::remember(dir, hash, left, now);
    }
}

/// SIGTERM, SIGHUP and SIGINT end the loop so the terminal is restored:
/// they set a flag, and a thread wakes the loop with [`Msg::Signal`]
/// (started with [`Signals::watch`] after the first frame; a signal
/// caught before is in the flag, and its wake-up waits in the pipe).
struct Signals {
    flag: Arc<AtomicBool>,
    /// The pipe the handlers write to and the loop's inbox, until the
    /// thread is started.
    waiting: Option<(signal_hook::iterator::Signals, std::sync::mpsc::Sender<Msg>)>,
}

impl Signals {
    fn register(tx: std::sync::mpsc::Sender<Msg>) -> Result<Signals, String> {
        let fail = |e: std::io::Error| format!("cannot watch signals: {e}");
        let flag = Arc::new(AtomicBool::new(false));
        let caught = [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ];
        for sig in caught {
            signal_hook::flag::register(sig, flag.clone()).map_err(fail)?;
        }
        let wake = signal_hook::iterator::Signals::new(caught).map_err(fail)?;
        Ok(Signals {
            flag,
            waiting: Some((wake, tx)),
        })
    }

    /// Start the thread that wakes the loop, if it is not running yet.
    fn watch(&mut self) -> Result<(), String> {
        let Some((mut wake, tx)) = self.waiting.take() else {
            return Ok(());
        };
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for _ in wake.forever() {
                    if tx.send(Msg::Signal).is_err() {
                        return;
                    }
                }
            })
            .map_err(|e| format!("cannot watch signals: {e}"))?;
        Ok(())
    }

    fn caught(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }
}
