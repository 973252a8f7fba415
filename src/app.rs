//! All of the UI's state, changed only through [`App::key`],
//! [`App::update`], [`App::resize`] and the methods that take in results
//! of background work. No I/O happens here: what needs the outside world
//! is asked for as an [`Effect`], which the event loop carries out.

mod annotate;
mod browse;
mod command;
mod decoding;
mod library;
mod markdown;
mod notice;
mod options;
mod outline;
mod panels;
mod reader;
mod reflow;
mod select;
mod typeahead;

pub use annotate::Change;
pub use command::{COMMANDS, Command};
pub use notice::{Notice, Placed};
pub use outline::{CONTEXT_ROWS, OutlinePanel};
pub use panels::{NoteEditor, NotesPanel};
pub use reader::{Reader, Search, Selection, ShownAnnotation, ShownRow};

use crate::action::Action;
use crate::document::Document;
use crate::keymap::{Key, Keymap, Mode};
use crate::layout::{ParagraphStyle, RowId};
use crate::library::{EntrySource, Library};
use crate::scan::{Checkpoint, Summary};
use crate::search::{Found, Pattern};
use crate::text::{BytePos, CharPos};

/// Columns kept left of the text for note markers and highlight edges.
pub const GUTTER: u16 = 2;

/// Rows of text kept above a highlight that `]`, `[` or the notes panel
/// bring into view, so its context shows (vim's `scrolloff`): 3, or a
/// quarter of the `text_rows` when that is less.
pub fn scrolloff(text_rows: usize) -> usize {
    3.min(text_rows / 4)
}

/// Smallest terminal the reader draws in; smaller shows a message.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 3;

/// How paragraphs are read, as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reflow {
    /// Detect from samples of the article (see [`crate::style`]).
    #[default]
    Auto,
    /// Always treat the article as hard-wrapped and reflow it.
    Always,
    /// One paragraph per line, never reflow.
    Never,
}

/// Settings the app needs from the config.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Widest the text column gets, in columns.
    pub text_width: u16,
    pub reflow: Reflow,
    /// Whether the page breaks of hard-wrapped text are shown.
    pub page_breaks: crate::layout::PageBreaks,
    /// How rows are wrapped, hyphenated and justified.
    pub typeset: crate::wrap::Typeset,
    /// Whether Markdown articles are rendered or shown raw (key `M`).
    pub markdown: crate::markdown::Mode,
    /// Tags 1–9 in order.
    pub tags: Vec<crate::tags::Tag>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            text_width: 80,
            reflow: Reflow::Auto,
            page_breaks: crate::layout::PageBreaks::Show,
            typeset: crate::wrap::Typeset::BOOK,
            markdown: crate::markdown::Mode::Render,
            tags: crate::tags::defaults(),
        }
    }
}

/// Something only the event loop can do.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Search the open article in the background; answer with
    /// [`App::search_done`] and the same `id`.
    Search {
        id: u64,
        pattern: Pattern,
        from: usize,
        backward: bool,
        /// True when the open article is decoded only in part: then its
        /// file is searched, and `from` and the answer are input bytes of
        /// the file ([`crate::document::Rest::find`]).
        in_file: bool,
    },
    /// Open a library entry; answer with [`App::open`] or [`App::error`].
    Open(EntrySource),
    /// `A` in the library: make a snapshot of this URL or file as
    /// `annotty add` does, and open it.
    AddArticle(String),
    /// Read the details of these library entries (index into its entries,
    /// and where the article is) now, before the rest; answer with
    /// [`App::library_details`].
    ReadDetails(Vec<(usize, EntrySource)>),
    /// Remember that the article with content hash `hash` (`None`: not
    /// known yet, its scan still runs) was left at char offset `char`, and
    /// the reader's choice of style for it, if any (`reflow`: true for
    /// reflowed).
    RememberPosition {
        hash: Option<String>,
        char: CharPos,
        reflow: Option<bool>,
        /// How far it was read ([`App::percent_read`]).
        percent: Option<u8>,
    },
    /// Suspend to the shell.
    Suspend,
    /// Save the open article's annotations now; answer with
    /// [`App::saved`] or [`App::error`].
    Save,
    /// `:w`: save now, and say so once it is on disk (or why not).
    Write,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Open `text` (the note of annotation `id`, whose highlighted text
    /// is `quote`) in `$VISUAL`/`$EDITOR`, in the file format of
    /// [`crate::note_file`]; answer with [`App::edited_externally`] and
    /// the note read back.
    EditExternally {
        id: String,
        text: String,
        quote: String,
    },
    /// Bring the annotations of the sidecar at this path into the open
    /// article's (answer with [`App::saved`]).
    Import(std::path::PathBuf),
    /// `:export FORMAT [FILE]`: write the open article's annotations (to
    /// FILE, or next to the article).
    Export {
        format: String,
        path: Option<String>,
    },
    /// Read the open article's file again, keeping the place (answer
    /// with [`App::open`] and [`App::show_byte`], or [`App::error`]).
    Reload,
    /// Gather every note under these directories for the notes browser
    /// (answer with [`App::gathered`], batch by batch).
    GatherNotes(Vec<std::path::PathBuf>),
    /// Save this bookmark in the open article's sidecar (answer with
    /// [`App::load_bookmarks`] or [`App::error`]).
    SaveBookmark(crate::bookmark::Bookmark),
    /// In a review: note `id` was answered; record it in the schedule.
    Review {
        id: String,
        answer: crate::review::Answer,
    },
    /// In a review: the reader is done for today; record it in the
    /// schedule (no more review until tomorrow).
    ReviewDoneToday,
    /// The notes browser closed: stop gathering.
    StopGathering,
    /// Make this change to a note through the notebook of the sidecar at
    /// `sidecar`, on the note as it holds it then (the browser's edits;
    /// answer with [`App::note_saved`] or [`App::error`]).
    SaveNote {
        sidecar: std::path::PathBuf,
        change: crate::browser::Change,
    },
}

/// A search the event loop is carrying out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Searching {
    /// The id of its [`Effect::Search`].
    pub id: u64,
    /// How much of the article it has searched, in percent, once it has
    /// run long enough to be worth showing (`None` before).
    pub percent: Option<u8>,
    /// True when it runs backward (`?`, or `N` after `/`, or `n` after `?`).
    pub backward: bool,
    /// When it runs on the file of an article decoded only in part: where
    /// it started, an input byte of the file (to run it again on the whole
    /// text if that comes first).
    pub in_file: Option<usize>,
}

/// The prompt on the bottom row.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub backward: bool,
    /// A `:` command line rather than a search.
    pub command: bool,
    pub text: String,
    /// What went wrong with the text so far (bad pattern, no match).
    pub problem: Option<String>,
    /// The top row when the prompt opened.
    origin: RowId,
    /// When the article is decoded only in part: the input byte of the
    /// file `origin` starts at (a search's preview may show another part).
    origin_input: Option<usize>,
    previous: Option<Search>,
}

/// The help overlay: lines generated from the live keymap (or, with
/// `:messages`, the last messages).
#[derive(Debug, Clone)]
pub struct Help {
    /// The box's title.
    pub title: &'static str,
    /// (keys, what they do); a line with no keys and no words is a gap.
    pub lines: Vec<(String, String)>,
    /// The first row shown (of [`Help::rows`]).
    pub scroll: usize,
    /// How its lines are wrapped: as the article is.
    pub wrap: crate::wrap::Wrap,
}

/// Widest the help box gets, in columns (borders included).
pub const HELP_WIDTH: u16 = 84;

impl Help {
    /// The width inside the help box on a terminal `cols` wide.
    pub fn inner_width(cols: u16) -> usize {
        cols.min(HELP_WIDTH).saturating_sub(2) as usize
    }

    /// The width of the keys column for an inner width `width`: the
    /// widest keys, but at most a third of the box.
    pub fn key_width(&self, width: usize) -> usize {
        use unicode_width::UnicodeWidthStr;
        self.lines
            .iter()
            .map(|(k, _)| k.width())
            .max()
            .unwrap_or(0)
            .min(width / 3)
    }

    /// The rows drawn at inner width `width`: (keys, words) of each
    /// line wrapped (with [`crate::editor::wrapped`], as the article is) in its own column,
    /// so a description's later rows hang under its first.
    pub fn rows(&self, width: usize) -> Vec<(String, String)> {
        let keys = self.key_width(width);
        let gap = if keys == 0 { 0 } else { 2 };
        let words = width.saturating_sub(keys + gap).max(1);
        let mut rows = Vec::new();
        for (k, w) in &self.lines {
            let k = crate::editor::wrapped(&crate::sanitize::line(k), keys.max(1), self.wrap);
            let w = crate::editor::wrapped(&crate::sanitize::line(w), words, self.wrap);
            for i in 0..k.len().max(w.len()) {
                rows.push((
                    k.get(i).cloned().unwrap_or_default(),
                    w.get(i).cloned().unwrap_or_default(),
                ));
            }
        }
        rows
    }
}

/// How many of the last messages `:messages` shows again.
pub const MESSAGES_KEPT: usize = 50;

/// Most rows a message takes at the bottom of the screen.
pub const MESSAGE_ROWS: usize = 3;

/// A key that waits for the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    None,
    SetMark,
    JumpToMark,
    ChangeTag,
    /// `Z`: a second `Z` saves and quits.
    SaveQuit,
    /// `g` in select mode: `x` copies the link under the caret.
    SelectG,
}

/// The whole UI state.
pub struct App {
    pub keymap: Keymap,
    pub settings: Settings,
    /// Terminal size in cells.
    pub size: (u16, u16),
    pub library: Option<Library>,
    /// The notes browser, when open (shown when no article is).
    pub browser: Option<crate::browser::Browser>,
    /// The note to focus once the article opened from the browser has
    /// its notes.
    focus_note: Option<String>,
    pub reader: Option<Reader>,
    pub help: Option<Help>,
    pub prompt: Option<Prompt>,
    /// A one-shot message for the status row, cleared by the next key.
    pub message: Option<String>,
    /// An offer that waits for a key (import): shown above the status row
    /// until it is answered or dismissed (`Esc`).
    pub standing: Option<String>,
    /// The last messages shown, oldest first (`:messages`).
    pub messages: std::collections::VecDeque<String>,
    /// Where the top was before a `g` (for `g<`).
    before_top: Option<RowId>,
    /// The note panel's scroll: the note it applies to and its first row.
    note_scroll: Option<(String, usize)>,
    /// A count typed before a command (`5j`, `50%`).
    pub count: Option<usize>,
    pending: Pending,
    quit: bool,
    effects: Vec<Effect>,
    search_id: u64,
    /// The search running in the background, if any (see
    /// [`App::search_progress`]).
    pub searching: Option<Searching>,
    /// The note editor, when open.
    pub editor: Option<NoteEditor>,
    /// The notes panel, when open.
    pub notes: Option<NotesPanel>,
    /// The outline panel, when open.
    pub outline: Option<OutlinePanel>,
    /// Why annotations cannot be changed (their file could not be read).
    pub annotations_readonly: Option<String>,
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// Milliseconds since the Unix epoch (from the event loop).
    clock: u64,
    rng: u64,
    /// True while a mouse drag selects text.
    dragging: bool,
    /// Where the mouse button went down on a highlight (and its id),
    /// until it is released (a click: focus it) or moved (a drag).
    pressed_on: Option<(BytePos, String)>,
    /// A sidecar found for this text elsewhere, offered with `i`.
    pub import_offer: Option<std::path::PathBuf>,
    /// A key that needs the whole text, pressed while only its start is
    /// decoded: done when the rest comes ([`App::whole_text`]).
    waiting: Option<(Action, Option<usize>)>,
    /// The key typed after a key that waited and reads one more (`m`,
    /// `'`, `c` in the end `G` shows): given to it when it is done.
    waiting_key: Option<char>,
    /// Keys typed while a search runs, from the first that starts from
    /// its match: taken when it answers (`app/typeahead`).
    held_keys: Vec<Key>,
}

impl App {
    pub fn new(keymap: Keymap, settings: Settings, size: (u16, u16)) -> Self {
        App {
            keymap,
            settings,
            size,
            library: None,
            browser: None,
            focus_note: None,
            reader: None,
            help: None,
            prompt: None,
            message: None,
            standing: None,
            messages: std::collections::VecDeque::new(),
            before_top: None,
            note_scroll: None,
            count: None,
            pending: Pending::None,
            quit: false,
            effects: Vec::new(),
            search_id: 0,
            searching: None,
            editor: None,
            notes: None,
            outline: None,
            annotations_readonly: None,
            undo: Vec::new(),
            redo: Vec::new(),
            clock: 0,
            rng: 0,
            dragging: false,
            pressed_on: None,
            import_offer: None,
            waiting: None,
            waiting_key: None,
            held_keys: Vec::new(),
        }
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Effects asked for since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The mode keys are looked up in.
    pub fn mode(&self) -> Mode {
        let selecting = self.reader.as_ref().is_some_and(|r| r.selection.is_some());
        if self.prompt.is_some() {
            Mode::Prompt
        } else if self.help.is_some() {
            Mode::Help
        } else if self.editor.is_some() {
            Mode::Editor
        } else if self.notes.is_some() {
            Mode::Notes
        } else if self.outline.is_some() {
            Mode::Outline
        } else if selecting {
            Mode::Select
        } else if self.reader.is_some() {
            Mode::Normal
        } else if self.browser.is_some() {
            Mode::Browser
        } else {
            Mode::Library
        }
    }

    /// Width of the text column: at most `text_width`, leaving the gutter.
    pub fn text_width(&self) -> usize {
        let room = self.size.0.saturating_sub(GUTTER).max(1);
        self.settings.text_width.max(1).min(room) as usize
    }

    /// Screen column where the text column starts: centred, after the gutter.
    pub fn text_left(&self) -> u16 {
        let spare = self.size.0.saturating_sub(self.text_width() as u16);
        (spare / 2).max(GUTTER).min(spare)
    }

    /// Height of the note panel under the text (0 when none is shown).
    pub fn note_panel_rows(&self) -> u16 {
        match self.note_in_view() {
            Some(_) if self.editor.is_none() => {
                let lines = self.note_lines().len().max(1) as u16;
                (lines + 2)
                    .min(self.size.1 / 3)
                    .max(3)
                    .min(self.size.1.saturating_sub(2))
            }
            _ => 0,
        }
    }

    /// The note in view wrapped to the text column (with
    /// [`crate::editor::wrapped`], as the note editor and the article wrap).
    pub fn note_lines(&self) -> Vec<String> {
        self.note_in_view()
            .map(|n| crate::editor::wrapped(n, self.text_width(), self.settings.typeset.wrap))
            .unwrap_or_default()
    }

    /// The first row of the note in view that the note panel shows (`J`
    /// `K` scroll it; another note starts at its top).
    pub fn note_scroll(&self) -> usize {
        match (&self.note_scroll, self.note_in_view()) {
            (Some((note, n)), Some(now)) if note == now => *n,
            _ => 0,
        }
    }

    /// `J` / `K`: scroll the note panel by `rows`, no further than its
    /// last row at the panel's bottom.
    fn scroll_note(&mut self, rows: isize) {
        let Some(note) = self.note_in_view().map(str::to_string) else {
            return;
        };
        let shown = self.note_panel_rows().saturating_sub(1) as usize;
        let last = self.note_lines().len().saturating_sub(shown);
        let n = self.note_scroll().saturating_add_signed(rows).min(last);
        self.note_scroll = Some((note, n));
    }

    /// The note of the focused annotation, or of the one under the caret.
    pub fn note_in_view(&self) -> Option<&str> {
        let r = self.reader.as_ref()?;
        let id = match (&r.focus, r.selection) {
            (Some(id), _) => id.clone(),
            (None, Some(s)) => r
                .shown
                .iter()
                .filter(|a| a.bytes.contains(&s.caret))
                .min_by_key(|a| a.chars)?
                .id
                .clone(),
            _ => return None,
        };
        let a = r.annotations.get(&id)?;
        (!a.note.is_empty()).then_some(a.note.as_str())
    }

    /// Rows of text: everything but the rows at the bottom (status row and
    /// messages, see [`App::bottom_rows`]) and the note panel.
    fn text_rows(&self) -> usize {
        self.size
            .1
            .saturating_sub(self.bottom_rows() + self.note_panel_rows())
            .max(1) as usize
    }

    /// The message on the status row wrapped to the screen's width, when it
    /// needs more than one row (at most [`MESSAGE_ROWS`]; the last ends
    /// with `…` if even they are too few); empty otherwise.
    pub fn message_lines(&self) -> Vec<String> {
        let Some(m) = self.message.as_deref().filter(|_| self.prompt.is_none()) else {
            return Vec::new();
        };
        // Leave a row for the text.
        let most = MESSAGE_ROWS.min(self.size.1.saturating_sub(1).max(1) as usize);
        let lines = fit_rows(m, self.size.0 as usize, most);
        if lines.len() > 1 { lines } else { Vec::new() }
    }

    /// The standing offer wrapped to the screen's width (at most
    /// [`MESSAGE_ROWS`] rows), shown above the status row.
    pub fn standing_lines(&self) -> Vec<String> {
        match &self.standing {
            Some(s) if self.reader.is_some() => fit_rows(s, self.size.0 as usize, MESSAGE_ROWS),
            _ => Vec::new(),
        }
    }

    /// Rows at the bottom of the screen: the status row (or the rows of a
    /// longer message) and a standing offer's rows, leaving at least one
    /// row for the text.
    pub fn bottom_rows(&self) -> u16 {
        let rows = self.message_lines().len().max(1) + self.standing_lines().len();
        (rows as u16).min(self.size.1.saturating_sub(1)).max(1)
    }

    /// Keep the message shown now in the log `:messages` shows.
    fn log_message(&mut self) {
        if let Some(m) = &self.message
            && self.messages.back() != Some(m)
        {
            self.messages.push_back(m.clone());
            if self.messages.len() > MESSAGES_KEPT {
                self.messages.pop_front();
            }
        }
    }

    /// `:messages`, `g<`: the last messages, newest at the bottom.
    fn show_messages(&mut self) {
        self.log_message();
        let mut lines: Vec<(String, String)> = self
            .messages
            .iter()
            .map(|m| (String::new(), m.clone()))
            .collect();
        if lines.is_empty() {
            lines.push((String::new(), "no messages yet".into()));
        }
        let mut help = Help {
            title: " messages — q to close ",
            lines,
            scroll: 0,
            wrap: self.settings.typeset.wrap,
        };
        help.scroll = usize::MAX;
        self.help = Some(help);
        self.clamp_help();
    }

    /// Fit the text rows to the note panel; when they change, keep the
    /// focused annotation on screen.
    fn sync_rows(&mut self) {
        let (w, rows) = (self.text_width(), self.text_rows());
        let Some(r) = &mut self.reader else { return };
        if r.text_rows == rows {
            return;
        }
        r.resize(w, rows);
        let focus_at = r
            .focus
            .as_ref()
            .and_then(|id| r.annotations.get(id))
            .map(|a| a.start);
        if let Some(c) = focus_at {
            let p = r.byte_of_char(c);
            if !r.is_shown(p) {
                r.show(p);
            }
        }
    }

    /// True when the terminal is too small to read in.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// Open `doc` for reading (from the command line or the library).
    pub fn open(&mut self, doc: Document) {
        // Keys that waited for a search in the article before.
        self.drop_held_keys();
        let style = match self.settings.reflow {
            Reflow::Auto => doc.detected_style,
            Reflow::Always => ParagraphStyle::HardWrapped,
            Reflow::Never => ParagraphStyle::OnePerLine,
        };
        if doc.looks_binary {
            self.message = Some(format!(
                "{} looks binary: control bytes are shown as symbols",
                crate::sanitize::line(&doc.name)
            ));
        }
        let render = doc.kind == crate::outline::Kind::Markdown
            && self.settings.markdown == crate::markdown::Mode::Render;
        let mut layout = crate::layout::Layout::new(self.text_width(), style);
        layout.set_page_breaks(self.settings.page_breaks);
        layout.set_typeset(self.settings.typeset);
        layout.set_markdown(render);
        self.reader = Some(Reader::new(doc, layout, self.text_rows()));
    }

    /// Show an error in the status row.
    pub fn error(&mut self, message: impl Into<String>) {
        self.log_message();
        self.message = Some(message.into());
        self.sync_rows();
    }

    /// Report work done in the background in the status row; an offer
    /// that waits for a key stands until it is answered or dismissed.
    pub fn notify(&mut self, notice: Notice) {
        self.log_message();
        if notice.waits_for_key() {
            self.standing = Some(notice.to_string());
            self.messages.push_back(notice.to_string());
        } else {
            self.message = Some(notice.to_string());
        }
        self.sync_rows();
    }

    /// Take back a report that is still shown (the work it spoke of ended).
    pub fn withdraw(&mut self, notice: &Notice) {
        if self.message.as_deref() == Some(notice.to_string().as_str()) {
            self.message = None;
        }
    }

    /// The terminal was resized to `width` × `height` cells.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        let (w, rows) = (self.text_width(), self.text_rows());
        if let Some(r) = &mut self.reader {
            r.resize(w, rows);
        }
        let (w, h) = self.editor_size();
        if let Some(ed) = &mut self.editor {
            ed.area.scroll_to_cursor(w, h);
        }
    }

    /// Whether `key` is an Esc and the next key read as one: a terminal
    /// sends Alt-x as Esc then x, so an Esc typed quickly before a key (or
    /// both sent over a slow link) arrives as Alt-key. Where that Alt-key
    /// is bound to nothing, it is read as the two keys, as vim reads it;
    /// the note editor keeps its own Alt keys.
    pub fn reads_as_esc_then_key(&self, key: Key) -> bool {
        let mode = self.mode();
        matches!(key, Key::Alt(_))
            && mode != Mode::Editor
            && self.keymap.action(mode, key).is_none()
    }

    /// A key was pressed.
    pub fn key(&mut self, key: Key) {
        // Keys held for a search that is no longer running (the article
        // was read again meanwhile) must not wait for ever.
        if self.searching.is_none() && self.waiting.is_none() {
            self.release_held_keys();
        }
        if self.holds_for_search(key) || self.holds_for_text(key) {
            self.held_keys.push(key);
            return;
        }
        self.log_message();
        self.take_key(key);
        self.sync_rows();
        self.want_library_details();
    }

    fn take_key(&mut self, key: Key) {
        let mode = self.mode();
        if mode != Mode::Prompt && mode != Mode::Editor {
            self.message = None;
        }
        // `g<` (the `g` went to the top): back where it was, and the
        // messages.
        let before_top = self.before_top.take();
        if mode == Mode::Normal
            && key == Key::Char('<')
            && let Some(row) = before_top
        {
            if let Some(r) = &mut self.reader {
                r.show_row(row);
            }
            return self.show_messages();
        }
        // `gx` (the `g` went to the top): back where it was, and the link
        // under the focused highlight copied.
        if mode == Mode::Normal
            && key == Key::Char('x')
            && let Some(row) = before_top
        {
            if let Some(r) = &mut self.reader {
                r.show_row(row);
            }
            if !self.copy_link() {
                self.message = Some("no link here: focus a highlight on one (] [)".into());
            }
            return;
        }
        // Enter on a focused highlight over a link copies the link.
        if mode == Mode::Normal
            && key == Key::Enter
            && self.keymap.action(mode, key) == Some(Action::ScrollDown)
            && self.copy_link()
        {
            return;
        }
        // `gx` in select mode: the link under the caret copied; after
        // `g`, any other key is itself.
        if self.pending == Pending::SelectG {
            self.pending = Pending::None;
            if key == Key::Char('x') {
                if !self.copy_link() {
                    self.message = Some("no link here: put the caret on one".into());
                }
                return;
            }
        }
        if self.pending != Pending::None {
            let pending = std::mem::replace(&mut self.pending, Pending::None);
            if let Key::Char(c) = key {
                if self.waits_with_key(pending, c) {
                    return;
                }
                match pending {
                    Pending::ChangeTag if mode == Mode::Browser => self.browser_tag(c),
                    Pending::ChangeTag => self.change_tag(c),
                    Pending::SaveQuit if c == 'Z' => self.run(Command::WriteQuit),
                    Pending::SaveQuit => {}
                    _ => self.mark_key(pending, c),
                }
            }
            return;
        }
        match mode {
            Mode::Editor => return self.editor_key(key),
            Mode::Browser => return self.browser_key(key),
            Mode::Library if self.library_typing() => return self.library_line_key(key),
            Mode::Outline => return self.outline_key(key),
            Mode::Notes
                if self.keymap.action(mode, key) != Some(Action::ToggleHelp)
                    || self.notes.as_ref().is_some_and(|n| n.filtering) =>
            {
                return self.notes_key(key);
            }
            Mode::Select => {
                if let Key::Char(c @ '1'..='9') = key {
                    return self.select_digit(c);
                }
                if key == Key::Char('g') && self.keymap.action(mode, key).is_none() {
                    self.pending = Pending::SelectG;
                    return;
                }
            }
            _ => {}
        }
        if mode == Mode::Normal
            && let Key::Char(c @ '0'..='9') = key
            && (c != '0' || self.count.is_some())
        {
            let digit = c as usize - '0' as usize;
            self.count = Some((self.count.unwrap_or(0) * 10 + digit).min(1_000_000_000));
            return;
        }
        if mode == Mode::Normal && key == Key::Enter && self.confirm_focused_fuzzy() {
            return;
        }
        match self.keymap.action(mode, key) {
            Some(action) => self.update(action),
            None => match (mode, key) {
                (Mode::Prompt, Key::Char(c)) => self.prompt_edit(|t| t.push(c)),
                _ => self.count = None,
            },
        }
    }

    /// The mouse wheel turned: `rows` down (positive) or up (negative).
    pub fn wheel(&mut self, rows: isize) {
        match (self.mode(), &mut self.reader, &mut self.library) {
            // As the keys scroll (a text decoded in part waits for its rest).
            (Mode::Normal, Some(_), _) => {
                let down = if rows > 0 {
                    Action::ScrollDown
                } else {
                    Action::ScrollUp
                };
                self.reader_action(down, Some(rows.unsigned_abs()));
            }
            (Mode::Library, _, Some(l)) => l.move_by(rows),
            (Mode::Notes, _, _) => self.notes_move_by(rows),
            _ => {}
        }
        self.want_library_details();
    }

    /// Do `action` in the current mode.
    pub fn update(&mut self, action: Action) {
        let count = self.count.take();
        match self.mode() {
            Mode::Prompt => self.prompt_action(action),
            Mode::Help => self.help_action(action),
            Mode::Library => self.library_action(action, count),
            Mode::Normal => self.reader_action(action, count),
            Mode::Select => self.select_action(action, count),
            Mode::Outline => self.outline_action(action),
            Mode::Browser => self.browser_action(action),
            Mode::Editor | Mode::Notes => self.common_action(action),
        }
        self.sync_rows();
    }

    fn common_action(&mut self, action: Action) {
        match action {
            Action::ForceQuit => self.quit = true,
            Action::Suspend => self.effects.push(Effect::Suspend),
            Action::ToggleHelp => self.open_help(),
            _ => {}
        }
    }

    fn open_help(&mut self) {
        let mode = self.mode();
        let mut lines: Vec<(String, String)> = self
            .keymap
            .describe(mode)
            .into_iter()
            .map(|(k, d)| (k, d.to_string()))
            .collect();
        let tags = self.tag_digits().join(" ");
        if mode == Mode::Select {
            lines.push((
                format!("1-{}", self.settings.tags.len()),
                format!("highlight at once with that tag: {tags}"),
            ));
        }
        if mode == Mode::Outline {
            lines.push(("letters".into(), "filter the headings".into()));
        }
        if mode == Mode::Normal {
            let change = Action::ChangeTag.description();
            if let Some(line) = lines.iter_mut().find(|(_, d)| d == change) {
                line.1 = format!("{change}: {tags}");
            }
            lines.push((
                "1-9".into(),
                "count prefix: 5j five rows down, 50% the middle".into(),
            ));
            lines.push((
                "Enter".into(),
                "on a focused highlight marked ≈ (placed approximately after an edit): confirm it"
                    .into(),
            ));
            lines.push((
                "mouse".into(),
                "drag across text to select it (then select mode); the wheel scrolls".into(),
            ));
            let toggle = Action::ToggleReflow.description();
            if let (Some(line), Some(now)) = (
                lines.iter_mut().find(|(_, d)| d == toggle),
                self.style_in_force(),
            ) {
                line.1 = format!("{toggle}; {now}");
            }
        }
        lines.extend(
            extra_help(mode)
                .iter()
                .map(|&(k, d)| (k.to_string(), d.to_string())),
        );
        if mode == Mode::Normal && !self.keymap.keys_for(mode, Action::Command).is_empty() {
            lines.push((String::new(), String::new()));
            lines.extend(command::help_lines().map(|(k, d)| (k.to_string(), d.to_string())));
        }
        self.help = Some(Help {
            title: " keys — q to close ",
            lines,
            scroll: 0,
            wrap: self.settings.typeset.wrap,
        });
    }

    /// (rows of the help at the screen's width, rows the box shows).
    fn help_rows(&self) -> (usize, usize) {
        let Some(help) = &self.help else {
            return (0, 0);
        };
        let rows = help.rows(Help::inner_width(self.size.0)).len();
        // The box: over everything but the status row, borders included.
        let shown = (self.size.1.saturating_sub(1) as usize)
            .min(rows + 2)
            .saturating_sub(2);
        (rows, shown)
    }

    /// Keep the help's last row at the bottom of its box at most, never
    /// an empty box past it.
    fn clamp_help(&mut self) {
        let (rows, shown) = self.help_rows();
        if let Some(help) = &mut self.help {
            help.scroll = help.scroll.min(rows.saturating_sub(shown));
        }
    }

    fn help_action(&mut self, action: Action) {
        let page = self.help_rows().1.max(1);
        let Some(help) = &mut self.help else { return };
        help.scroll = match action {
            Action::ScrollDown => help.scroll + 1,
            Action::ScrollUp => help.scroll.saturating_sub(1),
            Action::PageDown => help.scroll + page,
            Action::PageUp => help.scroll.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => usize::MAX,
            Action::ToggleHelp | Action::Quit | Action::Cancel => {
                self.help = None;
                return;
            }
            other => {
                self.common_action(other);
                return;
            }
        };
        self.clamp_help();
    }

    fn reader_action(&mut self, action: Action, count: Option<usize>) {
        if self.waits_for_text(action, count) {
            return;
        }
        let before = self.reader.as_ref().map(|r| r.top);
        self.reader_action_now(action, count);
        self.scrolled_past_decoded(action, count, before);
    }

    fn reader_action_now(&mut self, action: Action, count: Option<usize>) {
        let rows = self.text_rows();
        let Some(r) = &mut self.reader else { return };
        let n = count.unwrap_or(1);
        match action {
            Action::ScrollDown => r.scroll_down(n),
            Action::ScrollUp => r.scroll_up(n),
            Action::PageDown => r.scroll_down(rows * n),
            Action::PageUp => r.scroll_up(rows * n),
            Action::HalfPageDown => r.scroll_down((rows / 2).max(1) * n),
            Action::HalfPageUp => r.scroll_up((rows / 2).max(1) * n),
            Action::Top => match count {
                Some(line) => r.jump_to(crate::text::line_start(r.doc.bytes(), line)),
                None => {
                    self.before_top = Some(r.top);
                    r.to_top();
                }
            },
            Action::Bottom => match count {
                Some(line) => r.jump_to(crate::text::line_start(r.doc.bytes(), line)),
                None => r.to_end(),
            },
            Action::Percent => r.to_percent(count.unwrap_or(0)),
            Action::SearchForward | Action::SearchBackward => {
                let origin = r.top;
                self.prompt = Some(Prompt {
                    backward: action == Action::SearchBackward,
                    command: false,
                    text: String::new(),
                    problem: None,
                    origin,
                    origin_input: r.input_of_text(origin.start),
                    previous: r.search.clone(),
                });
            }
            Action::NextMatch | Action::PrevMatch => {
                self.repeat_search(action == Action::PrevMatch)
            }
            Action::SetMark => self.pending = Pending::SetMark,
            Action::JumpToMark => self.pending = Pending::JumpToMark,
            Action::Quit => self.close_reader(),
            Action::StartSelect => self.start_select(),
            Action::HighlightSentence => self.quick_highlight(false),
            Action::HighlightParagraph => self.quick_highlight(true),
            Action::NextAnnotation => self.step_annotation(true),
            Action::PrevAnnotation => self.step_annotation(false),
            Action::EditNote => {
                if let Some(id) = self.focused() {
                    self.open_editor(id);
                }
            }
            Action::ExternalEditor => {
                if let Some(id) = self.focused() {
                    let text = self
                        .reader
                        .as_ref()
                        .and_then(|r| r.annotations.get(&id))
                        .map(|a| a.note.clone());
                    self.edit_externally(id, text.unwrap_or_default());
                }
            }
            Action::ChangeTag => self.start_change_tag(),
            Action::Delete => {
                if let Some(id) = self.focused() {
                    self.delete(&id);
                }
            }
            Action::Copy => {
                if let Some(id) = self.focused() {
                    let quote = self
                        .reader
                        .as_ref()
                        .and_then(|r| r.annotations.get(&id))
                        .map(|a| a.quote.clone());
                    self.copy(quote.unwrap_or_default());
                }
            }
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::NotesPanel => self.open_notes_panel(),
            Action::OutlinePanel => self.open_outline(),
            Action::Command => {
                let origin = r.top;
                let previous = r.search.clone();
                self.prompt = Some(Prompt {
                    backward: false,
                    command: true,
                    text: String::new(),
                    problem: None,
                    origin,
                    origin_input: None,
                    previous,
                });
            }
            Action::Import => {
                self.standing = None;
                match self.import_offer.take() {
                    Some(path) => self.effects.push(Effect::Import(path)),
                    None => self.message = Some("nothing to import".into()),
                }
            }
            Action::Unfocus if self.standing.is_some() => {
                self.standing = None;
                self.import_offer = None;
                self.message = Some("not imported (:messages shows where they were)".into());
            }
            Action::Unfocus => {
                r.focus = None;
                r.hide_matches();
                r.refresh();
            }
            Action::SaveQuit => self.pending = Pending::SaveQuit,
            Action::NoteDown => self.scroll_note(count.unwrap_or(1) as isize),
            Action::NoteUp => self.scroll_note(-(count.unwrap_or(1) as isize)),
            Action::ToggleReflow => self.toggle_reflow(),
            Action::CycleWrap => self.cycle_wrap(),
            Action::ToggleMarkdown => self.toggle_markdown(),
            Action::Reload => self.effects.push(Effect::Reload),
            other => self.common_action(other),
        }
    }

    /// The open article's annotations were saved; `on_disk` is what the
    /// sidecar holds now (with what other processes added).
    pub fn saved(&mut self, on_disk: Vec<crate::annotation::Annotation>) {
        if let Some(r) = &mut self.reader {
            r.annotations = crate::annotation::Annotations::from_all(on_disk);
            if r.focus
                .as_ref()
                .is_some_and(|id| r.annotations.get(id).is_none())
            {
                r.focus = None;
            }
            r.refresh();
        }
    }

    /// `Enter` on a focused annotation that re-anchoring placed
    /// approximately: the reader confirms it is on the right text.
    fn confirm_focused_fuzzy(&mut self) -> bool {
        let fuzzy = self.reader.as_ref().and_then(|r| {
            let a = r.annotations.get(r.focus.as_ref()?)?;
            (a.state() == crate::annotation::State::Fuzzy).then(|| a.id.clone())
        });
        let Some(id) = fuzzy else { return false };
        self.modify(&id, crate::annotation::Annotation::set_placed);
        self.message = Some("confirmed: the highlight is on the right text".into());
        true
    }

    /// Annotations loaded for the open article; `readonly` says why they
    /// must not be changed (a sidecar that could not be read), if so.
    pub fn load_annotations(
        &mut self,
        all: Vec<crate::annotation::Annotation>,
        readonly: Option<String>,
    ) {
        if let Some(why) = &readonly {
            self.message = Some(format!("annotations are read-only: {why}"));
        }
        let drafts = all
            .iter()
            .filter(|a| a.is_live() && a.draft().is_some())
            .count();
        if drafts > 0 && readonly.is_none() {
            self.message = Some(format!(
                "{} kept from last time: focus the highlight (] [ or Tab) and press a",
                crate::words::count(drafts, "unsaved note draft")
            ));
        }
        self.annotations_readonly = readonly;
        self.undo.clear();
        self.redo.clear();
        self.saved(all);
    }

    /// The open article's bookmarks as its sidecar holds them.
    pub fn load_bookmarks(&mut self, bookmarks: Vec<crate::bookmark::Bookmark>) {
        if let Some(r) = &mut self.reader {
            r.bookmarks = bookmarks;
        }
    }

    /// The reading position to remember for the open article, when its
    /// content hash is known: the hash, the char offset of the top row
    /// and the reader's choice of style (true: reflowed), if any.
    pub fn position_to_remember(&self) -> Option<(String, CharPos, Option<bool>)> {
        // The hash first: the top's char offset may cost a count of
        // chars from the last checkpoint while the scan runs.
        let hash = self.content_hash()?;
        let (char, reflow) = self.top_to_remember()?;
        Some((hash, char, reflow))
    }

    /// The open article's content hash, once its scan has it.
    pub fn content_hash(&self) -> Option<String> {
        Some(self.reader.as_ref()?.summary.as_ref()?.hash.clone())
    }

    /// The char offset of the open article's top row and the reader's
    /// choice of style (see [`App::position_to_remember`]), also before
    /// the content hash is known.
    pub fn top_to_remember(&self) -> Option<(CharPos, Option<bool>)> {
        let r = self.reader.as_ref()?;
        let reflow = r.chosen_style.map(|s| s == ParagraphStyle::HardWrapped);
        Some((r.top_char(), reflow))
    }

    /// How far the open article is read, as the status row says: percent
    /// of its bytes up to the bottom of the screen (100: the end shows).
    pub fn percent_read(&self) -> Option<u8> {
        Some(self.reader.as_ref()?.percent().min(100) as u8)
    }

    /// `q` in an article: back to the library it came from, or quit.
    fn close_reader(&mut self) {
        if self.library.is_none() && self.browser.is_none() {
            self.quit = true;
            return;
        }
        if let Some((char, reflow)) = self.top_to_remember() {
            let hash = self.content_hash();
            let percent = self.percent_read();
            self.effects.push(Effect::RememberPosition {
                hash,
                char,
                reflow,
                percent,
            });
        }
        self.reader = None;
    }

    fn mark_key(&mut self, pending: Pending, c: char) {
        let now = crate::annotation::rfc3339(self.clock);
        let Some(r) = &mut self.reader else { return };
        match pending {
            Pending::SetMark if crate::bookmark::lasts(c) => {
                let b = r.bookmark_here(c, now);
                r.bookmarks.retain(|m| m.name != c);
                r.bookmarks.push(b.clone());
                self.effects.push(Effect::SaveBookmark(b));
                self.message = Some(format!("bookmark {c} set (kept in the sidecar)"));
            }
            Pending::JumpToMark if crate::bookmark::lasts(c) => {
                match r.bookmarks.iter().find(|b| b.name == c).map(|b| b.at) {
                    Some(at) => {
                        let p = r.byte_of_char(at);
                        r.jump_to(p);
                    }
                    None => self.message = Some(format!("bookmark {c} is not set")),
                }
            }
            Pending::SetMark if c.is_ascii_alphabetic() => {
                r.marks.insert(c, r.top);
                self.message = Some(format!("mark {c} set"));
            }
            Pending::JumpToMark if c == '\'' => match r.last_jump {
                Some(p) => r.jump_to_row(p),
                None => self.message = Some("no jump to go back to yet".into()),
            },
            Pending::JumpToMark => match r.marks.get(&c) {
                Some(&p) => r.jump_to_row(p),
                None => {
                    self.message = Some(format!(
                        "mark {} is not set",
                        crate::sanitize::line(&c.to_string())
                    ))
                }
            },
            _ => {}
        }
    }

    fn prompt_action(&mut self, action: Action) {
        match action {
            Action::Accept => {
                let Some(prompt) = self.prompt.take() else {
                    return;
                };
                if prompt.command {
                    self.run_command(&prompt.text);
                    return;
                }
                if prompt.text.is_empty() {
                    self.restore_search(prompt);
                    return;
                }
                if let Some(problem) = prompt.problem {
                    self.message = Some(problem);
                }
                if let Some(r) = &mut self.reader
                    && prompt.origin_input.is_none()
                {
                    r.last_jump = Some(prompt.origin);
                }
            }
            Action::Cancel => {
                if let Some(prompt) = self.prompt.take() {
                    self.restore_search(prompt);
                }
            }
            Action::Backspace => {
                if self.prompt.as_ref().is_some_and(|p| p.text.is_empty()) {
                    self.update(Action::Cancel);
                } else {
                    self.prompt_edit(|t| {
                        t.pop();
                    });
                }
            }
            Action::ClearLine => self.prompt_edit(String::clear),
            other => self.common_action(other),
        }
    }

    /// A `:` command line (see [`command`]).
    fn run_command(&mut self, line: &str) {
        match command::parse(line) {
            Ok(Some(c)) => self.run(c),
            Ok(None) => {}
            Err(e) => self.message = Some(e),
        }
    }

    /// Carry out a `:` command.
    fn run(&mut self, c: Command) {
        match c {
            Command::Write => self.effects.push(Effect::Write),
            Command::Quit => self.close_reader(),
            Command::WriteQuit => {
                // Quitting waits until every save asked for is on disk.
                self.effects.push(Effect::Save);
                self.close_reader();
            }
            Command::Line(n) => {
                if let Some(r) = &mut self.reader {
                    r.jump_to(crate::text::line_start(r.doc.bytes(), n));
                }
            }
            Command::Set(option) => self.set_option(option),
            Command::NoHighlight => {
                if let Some(r) = &mut self.reader {
                    r.hide_matches();
                }
            }
            Command::Messages => self.show_messages(),
            Command::Export { format, path } => self.effects.push(Effect::Export { format, path }),
        }
    }

    /// Put the view and the search back as they were before the prompt.
    fn restore_search(&mut self, prompt: Prompt) {
        if let Some(r) = &mut self.reader {
            r.search = prompt.previous;
        }
        self.show_origin(prompt.origin, prompt.origin_input);
    }

    /// Show again the top row `origin` from when the prompt opened
    /// (`origin_input`: the input byte it starts at, when the article is
    /// decoded only in part: the part shown may have changed since).
    fn show_origin(&mut self, origin: RowId, origin_input: Option<usize>) {
        let Some(r) = &mut self.reader else { return };
        match origin_input {
            Some(at) if r.rest().is_some() => match r.text_of_input(at..at) {
                Some(shown) => r.show_row(RowId::at(shown.start)),
                None => {
                    self.go_to_source(at);
                }
            },
            _ => r.show_row(origin),
        }
    }

    /// Change the prompt's text and search for it at once (live preview).
    fn prompt_edit(&mut self, edit: impl FnOnce(&mut String)) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        edit(&mut prompt.text);
        if prompt.command {
            return;
        }
        let (origin, origin_input, backward) =
            (prompt.origin, prompt.origin_input, prompt.backward);
        if prompt.text.is_empty() {
            prompt.problem = None;
            // A search still running for the erased text must not apply.
            self.search_id += 1;
            self.searching = None;
            let previous = prompt.previous.clone();
            if let Some(r) = &mut self.reader {
                r.search = previous;
            }
            self.show_origin(origin, origin_input);
            return;
        }
        match Pattern::new(&prompt.text) {
            Ok(pattern) => {
                prompt.problem = None;
                if let Some(r) = &mut self.reader {
                    r.search = Some(Search {
                        pattern: pattern.clone(),
                        backward,
                        current: None,
                        hidden: false,
                    });
                }
                let input = origin_input.filter(|_| self.partly_decoded());
                self.start_search_at(pattern, origin.start, input, backward);
            }
            Err(e) => prompt.problem = Some(format!("bad pattern: {e}")),
        }
    }

    /// `n` / `N`: the next match in the search's direction, or against it.
    fn repeat_search(&mut self, reverse: bool) {
        let Some(r) = &mut self.reader else { return };
        let Some(search) = &r.search else {
            self.message = Some("no search yet: / to search".into());
            return;
        };
        let backward = search.backward != reverse;
        let from = match (&search.current, backward) {
            (Some(m), false) => m.start + 1,
            (Some(m), true) => m.start,
            (None, _) => r.top.start,
        };
        let pattern = search.pattern.clone();
        self.start_search(pattern, from, backward);
    }

    /// Ask the event loop for a search, overtaking any running one. The
    /// pattern's spaces cross line breaks when the article is reflowed or
    /// rendered Markdown.
    fn start_search(&mut self, pattern: Pattern, from: usize, backward: bool) {
        let input = self.reader.as_ref().and_then(|r| r.input_of_text(from));
        self.start_search_at(pattern, from, input, backward);
    }

    /// [`App::start_search`] from byte `from` of the text shown, or when
    /// the article is decoded only in part, from `input`, that byte's
    /// input byte of the file, which is searched then.
    pub(super) fn start_search_at(
        &mut self,
        mut pattern: Pattern,
        from: usize,
        input: Option<usize>,
        backward: bool,
    ) {
        if let Some(r) = &self.reader {
            pattern.set_reflowed(r.spaces_cross_line_breaks());
        }
        self.search_id += 1;
        self.searching = Some(Searching {
            id: self.search_id,
            percent: None,
            backward,
            in_file: input,
        });
        self.effects.push(Effect::Search {
            id: self.search_id,
            pattern,
            from: input.unwrap_or(from),
            backward,
            in_file: input.is_some(),
        });
    }

    /// Search number `id` has gone through `percent` % of the article (the
    /// event loop reports this only for searches that take a while).
    pub fn search_progress(&mut self, id: u64, percent: u8) {
        if let Some(s) = &mut self.searching
            && s.id == id
        {
            s.percent = Some(percent.min(100));
        }
    }

    /// The running search was stopped (`Esc` / `Ctrl-c`): its answer, if
    /// it still comes, is ignored. True when a search was running.
    pub fn search_cancelled(&mut self) -> bool {
        if self.searching.take().is_none() {
            return false;
        }
        self.search_id += 1;
        let dropped = self.drop_held_keys();
        if self.prompt.is_none() {
            if let Some(s) = self.reader.as_mut().and_then(|r| r.search.as_mut()) {
                s.current = None;
            }
            self.message = Some(match dropped {
                0 => "search cancelled".into(),
                n => format!(
                    "search cancelled (and the {} typed after it)",
                    crate::words::count(n, "key")
                ),
            });
        }
        true
    }

    /// The answer to [`Effect::Search`] number `id`; then the keys that
    /// waited for it are taken.
    pub fn search_done(&mut self, id: u64, found: Option<Found>) {
        if id != self.search_id {
            return; // an older search, overtaken by typing
        }
        let in_file = self.searching.as_ref().is_some_and(|s| s.in_file.is_some());
        let found = match in_file {
            true => found.and_then(|f| self.found_in_file(f)),
            false => found,
        };
        self.take_search_answer(found);
        self.release_held_keys();
    }

    /// Show the answer of the running search.
    fn take_search_answer(&mut self, found: Option<Found>) {
        // Which way this search ran (an `N` runs against the search's own
        // direction), for the wrap message.
        let ran_backward = self.searching.take().map(|s| s.backward);
        let previewing = self.prompt.is_some();
        let Some(r) = &mut self.reader else { return };
        let Some(search) = &mut r.search else { return };
        match found {
            Some(found) => {
                let backward = ran_backward.unwrap_or(search.backward);
                search.current = Some(found.range.clone());
                search.hidden = false;
                let (first, last) = (found.range.start, found.range.end.saturating_sub(1));
                if !r.is_shown(BytePos(first)) || !r.is_shown(BytePos(last)) {
                    if previewing {
                        r.show(BytePos(first));
                    } else {
                        r.jump_to(BytePos(first));
                    }
                } else {
                    r.refresh();
                }
                if let Some(p) = &mut self.prompt {
                    p.problem = None;
                } else if found.wrapped {
                    self.message = Some(
                        if backward {
                            "search wrapped to the end"
                        } else {
                            "search wrapped to the top"
                        }
                        .into(),
                    );
                }
            }
            None => {
                search.current = None;
                let text = crate::sanitize::line(&search.pattern.text);
                match &mut self.prompt {
                    Some(p) => {
                        p.problem = Some("not found".into());
                        let (origin, origin_input) = (p.origin, p.origin_input);
                        self.show_origin(origin, origin_input);
                    }
                    None => self.message = Some(format!("not found: {text}")),
                }
            }
        }
    }

    /// A checkpoint from the background scan of the open article.
    pub fn scan_checkpoint(&mut self, cp: Checkpoint) {
        if let Some(r) = &mut self.reader {
            r.add_checkpoint(cp);
            r.outline.read = cp.byte as usize;
        }
    }

    /// The background scan of the open article finished.
    pub fn scan_done(&mut self, summary: Summary) {
        if let Some(r) = &mut self.reader {
            r.summary = Some(summary);
            r.outline.complete = true;
            r.outline.read = r.bytes().len();
        }
    }

    /// Return to a remembered reading position (char offset), unless the
    /// reader has already moved.
    pub fn resume_at(&mut self, char: CharPos) {
        if let Some(r) = &mut self.reader
            && !r.moved
        {
            let p = r.byte_of_char(char);
            r.show(p);
        }
    }

    /// Show byte offset `p` of the open article at the top (for
    /// `FILE:LINE:COL`).
    pub fn show_byte(&mut self, p: BytePos) {
        if let Some(r) = &mut self.reader {
            r.show(p);
            r.moved = true;
        }
    }

    /// Focus the annotation that starts at (or covers) byte offset `p` of
    /// the open article: `annotty ARTICLE:LINE:COL` from a grep hit.
    pub fn focus_at_byte(&mut self, p: BytePos) {
        let Some(r) = &mut self.reader else { return };
        let c = r.index.char_of_byte(r.doc.bytes(), p);
        let hit = r
            .annotations
            .first_from(c)
            .filter(|a| a.start == c)
            .or_else(|| r.annotations.overlapping(c, c + 1).last())
            .map(|a| a.id.clone());
        if let Some(id) = hit {
            r.focus = Some(id);
            r.refresh();
            self.sync_rows();
        }
    }

    /// Hints of the most useful keys in the current mode, from the keymap.
    pub fn hints(&self) -> Vec<(Action, String)> {
        let mode = self.mode();
        let wanted: &[(Action, &str)] = match mode {
            Mode::Normal => &[
                (Action::SearchForward, "search"),
                (Action::ToggleHelp, "help"),
                (Action::Quit, "quit"),
            ],
            Mode::Prompt => &[(Action::Accept, "done"), (Action::Cancel, "cancel")],
            Mode::Help => &[(Action::ToggleHelp, "close")],
            Mode::Library => &[
                (Action::Open, "open"),
                (Action::Filter, "filter"),
                (Action::Sort, "sort"),
                (Action::ToggleHelp, "help"),
                (Action::Quit, "quit"),
            ],
            Mode::Select => &[
                (Action::Highlight, "highlight"),
                (Action::Annotate, "note"),
                (Action::Cancel, "cancel"),
            ],
            Mode::Editor => &[
                (Action::Save, "save"),
                (Action::Cancel, "cancel"),
                (Action::ExternalEditor, "$EDITOR"),
            ],
            Mode::Notes => &[
                (Action::Open, "go"),
                (Action::Filter, "filter"),
                (Action::Delete, "delete"),
                (Action::Cancel, "close"),
            ],
            Mode::Outline => &[(Action::Open, "go"), (Action::Cancel, "close")],
            Mode::Browser => &[
                (Action::Open, "open"),
                (Action::EditNote, "edit"),
                (Action::Filter, "filter"),
                (Action::ToggleHelp, "help"),
                (Action::Quit, "close"),
            ],
        };
        wanted
            .iter()
            .filter_map(|&(a, label)| {
                self.keymap
                    .keys_for(mode, a)
                    .first()
                    .map(|k| (a, format!("{k} {label}")))
            })
            .collect()
    }
}

/// Keys of `mode` the key map does not hold (typed text, the mouse), for
/// the help screen.
fn extra_help(mode: Mode) -> &'static [(&'static str, &'static str)] {
    match mode {
        Mode::Editor => &[
            ("arrows Home End", "move the cursor"),
            ("C-Left C-Right M-b M-f", "a word left / right"),
            (
                "Backspace Delete C-w",
                "delete a character back / forward, a word back",
            ),
            ("Enter", "a new line"),
        ],
        Mode::Browser => &[
            (
                "typing",
                "after f (or at first): filter; Esc gives the keys back to the list",
            ),
            (
                "tag:NAME",
                "only notes with that tag (repeat for any of several)",
            ),
            ("state:orphan", "only orphans (or fuzzy, placed)"),
            (
                "in:WORD",
                "only notes of articles whose title or file name holds WORD",
            ),
            (
                "/REGEX",
                "the rest of the filter is a regular expression (smart case)",
            ),
            (
                "other words",
                "fuzzy: each must match the quote, note, tag or title",
            ),
            ("C-s Esc", "while editing a note: save, cancel"),
        ],
        Mode::Notes => &[(
            "mouse",
            "click a row to select it, click it again to go there; the wheel scrolls",
        )],
        Mode::Prompt => &[(
            "typing",
            "the pattern or command; it is searched as you type",
        )],
        _ => &[],
    }
}

/// `text` wrapped at `width` columns in at most `most` rows; when it
/// needs more, the last row shown ends with `…`. First fit whatever the
/// article's `wrap`: a message is cut to a few rows, and first fit puts
/// the most words in them.
fn fit_rows(text: &str, width: usize, most: usize) -> Vec<String> {
    let text = crate::sanitize::line(text);
    let mut rows = crate::editor::wrapped(&text, width.max(1), crate::wrap::Wrap::Greedy);
    if rows.len() > most {
        rows.truncate(most);
        if let Some(last) = rows.last_mut() {
            while unicode_width::UnicodeWidthStr::width(last.as_str()) + 1 > width
                && last.pop().is_some()
            {}
            last.push('…');
        }
    }
    rows
}

#[cfg(test)]
mod tests;
