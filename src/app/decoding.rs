//! A large article in a single-byte encoding is opened with only its start
//! decoded ([`crate::document::Rest`]); the background scan decodes the
//! rest and hands it over ([`App::whole_text`]). Meanwhile `G`, `%`, a
//! line number and a search go there at once: a single-byte encoding
//! decodes each byte on its own, so a stretch of the file decoded alone
//! ([`Document::decoded_window`]) is exactly that stretch of the text, and
//! a search of the file decodes it a chunk at a time
//! ([`crate::search::find_in_file`]: its offsets are the file's bytes,
//! placed in the text shown by [`App::found_in_file`]). The reader reads
//! that *window* on its own ([`Reader::show_window`]), and scrolling
//! within it works (at its edge, or the decoded start's end, a new window
//! is made around the top row: `App::scroll_on_in_a_window`); offsets in
//! it are not those of the whole, so nothing is
//! recorded in them: no highlight is drawn, no paragraph counted, and the
//! reading position kept is where the first window was shown. When the
//! whole text comes, the same words (and the search's match) stay on top:
//! the decoding marks where its steps began, which places the window in it
//! ([`crate::document::Rest::text_offset`]); a search of the file still
//! running is run again on the text. `%` there counts the file's bytes
//! (each byte is a char). A key that needs the whole text — selecting,
//! marks, a scroll longer than half a window, and in a window any key but
//! a scroll, `G`, `g` (back
//! to the start), `%`, a line number, a search and quitting — says
//! `decoding the rest…` and is done when the rest comes; keys typed after
//! it wait behind it ([`App::holds_for_text`]).
//!
//! [`Document::decoded_window`]: crate::document::Document::decoded_window
//! [`Reader::show_window`]: super::Reader::show_window

use super::{App, Notice, Reader};
use crate::action::Action;
use crate::document::Bytes;
use crate::encoding::StepMarks;
use crate::keymap::Mode;
use crate::layout::RowId;
use crate::search::Found;
use crate::text::BytePos;
use std::sync::Arc;

/// The most bytes of the file a window decodes on its own while the rest
/// is not decoded: many screens, a few milliseconds.
const WINDOW: usize = 128 << 10;

impl App {
    /// True while the open article's text is decoded only in part (the
    /// reader shows its start, or a window: [`App::in_window`]).
    pub fn partly_decoded(&self) -> bool {
        self.reader.as_ref().is_some_and(|r| r.rest().is_some())
    }

    /// True while the reader shows a stretch of an article decoded only
    /// in part, decoded on its own.
    pub fn in_window(&self) -> bool {
        self.reader.as_ref().is_some_and(Reader::in_window)
    }

    /// When the open article is decoded only in part: do `action` (with
    /// `count`) here if it is `G`, `%` or a line number (in a window if it
    /// is past the decoded start), or `g` in a window (back to the start,
    /// done by the caller), and return true; or, when it needs the whole
    /// text, keep it for later, say so, and return true.
    pub(super) fn waits_for_text(&mut self, action: Action, count: Option<usize>) -> bool {
        let Some(source_len) = self
            .reader
            .as_ref()
            .and_then(|r| r.rest())
            .map(|r| r.source_len())
        else {
            return false;
        };
        let in_window = self.in_window();
        let needs_all = match (action, count) {
            (Action::Bottom, None) if self.reader.as_ref().is_some_and(Reader::window_at_end) => {
                if let Some(r) = &mut self.reader {
                    r.show_end();
                }
                self.drop_waiting();
                return true;
            }
            (Action::Bottom, None) => return self.go_or_wait(source_len, action, count),
            (Action::Top, None) => {
                if in_window {
                    self.drop_waiting();
                }
                if let Some(r) = &mut self.reader {
                    r.leave_window();
                }
                false
            }
            (Action::Percent, _) => {
                let percent = count.unwrap_or(0).min(100);
                let at = (source_len as u128 * percent as u128 / 100) as usize;
                return self.go_or_wait(at, action, count);
            }
            (Action::Bottom | Action::Top, Some(line)) => {
                let rest = self.reader.as_ref().and_then(|r| r.rest());
                let at = rest.map_or(0, |r| r.line_start(line));
                return self.go_or_wait(at, action, count);
            }
            _ if in_window && scroll_goes_up(action).is_some() => {
                // The reader moved on: a key that waited is not done.
                self.drop_waiting();
                false
            }
            // They read one more key first (see `waits_with_key`).
            (Action::SetMark | Action::JumpToMark | Action::ChangeTag, _) if in_window => false,
            _ if in_window => {
                !(goes_elsewhere(action)
                    || matches!(
                        action,
                        Action::ToggleHelp
                            | Action::Unfocus
                            | Action::Reload
                            | Action::NoteDown
                            | Action::NoteUp
                    ))
            }
            _ => false,
        };
        if needs_all {
            self.wait_for_text(action, count);
        }
        needs_all
    }

    /// What a search of the file of an article decoded only in part found
    /// (`found`, in input bytes of the file), in the text shown: in the
    /// part shown already, or else in a window around it now shown. `None`
    /// when there is no window to show there (no line break near it).
    pub(super) fn found_in_file(&mut self, found: Found) -> Option<Found> {
        let range = found.range.clone();
        let shown = self.reader.as_ref()?.text_of_input(range.clone());
        let range = match shown {
            Some(shown) => shown,
            None => {
                if !self.go_to_source(range.start) {
                    return None;
                }
                self.reader.as_ref()?.text_of_input(range)?
            }
        };
        Some(Found {
            range,
            wrapped: found.wrapped,
        })
    }

    /// [`App::go_to_source`], or when it cannot, keep `action` (with
    /// `count`) for when the whole text comes; true.
    fn go_or_wait(&mut self, at: usize, action: Action, count: Option<usize>) -> bool {
        if !self.go_to_source(at) {
            self.wait_for_text(action, count);
        }
        true
    }

    /// Show input byte `at` of the file of an article decoded only in
    /// part: in the start decoded already (a jump there), or else in a
    /// window around it decoded on its own (its end when `at` is the
    /// file's end); false when there is no window to show there (no line
    /// break near it). A key that waited for the whole text is dropped
    /// (this one came after it).
    pub(super) fn go_to_source(&mut self, at: usize) -> bool {
        let Some(r) = &mut self.reader else {
            return false;
        };
        let Some(rest) = r.rest() else { return false };
        if at < rest.decoded() {
            let text = rest.text_offset(at, &StepMarks::default());
            r.leave_window();
            r.jump_to(BytePos(text));
        } else if r.show_window(at, WINDOW).is_none() {
            return false;
        }
        self.drop_waiting();
        true
    }

    /// Forget the key that waited for the whole text (the reader moved
    /// on after it).
    fn drop_waiting(&mut self) {
        self.waiting = None;
        self.waiting_key = None;
    }

    /// True when `key` must wait behind a key that waits for the whole
    /// text (typed ahead, as after a search: `v e` in a window): any key
    /// after one held already, or one that does not move the view
    /// elsewhere (a scroll, `G`, `g`, `%`, a count, a search, quitting do,
    /// and drop the waiting key). `Esc` drops the waiting key and those
    /// held instead.
    pub(super) fn holds_for_text(&mut self, key: crate::keymap::Key) -> bool {
        if self.waiting.is_none() || self.prompt.is_some() || self.pending != super::Pending::None {
            return false;
        }
        if key == crate::keymap::Key::Esc {
            self.drop_waiting();
            self.drop_held_keys();
            self.withdraw(&Notice::Decoding);
            return false;
        }
        if !self.held_keys.is_empty() {
            return true;
        }
        let moves_on = self
            .keymap
            .action(Mode::Normal, key)
            .is_some_and(goes_elsewhere);
        !moves_on && !matches!(key, crate::keymap::Key::Char('0'..='9'))
    }

    /// In a window, the key `c` after `pending` (`m`, `'`, `c`): the two
    /// wait for the whole text together; true when they do.
    pub(super) fn waits_with_key(&mut self, pending: super::Pending, c: char) -> bool {
        use super::Pending;
        let action = match pending {
            Pending::SetMark => Action::SetMark,
            Pending::JumpToMark => Action::JumpToMark,
            Pending::ChangeTag => Action::ChangeTag,
            _ => return false,
        };
        if !self.in_window() {
            return false;
        }
        self.wait_for_text(action, None);
        self.waiting_key = Some(c);
        true
    }

    /// After `action` (a scroll) moved the view from `before`: when it
    /// reached the end of the part decoded so far, which is not the
    /// article's end, or the start or end of a window that the file goes
    /// on before or after, go back and do it again in a window around
    /// where it started, or when that is not enough, when the rest is
    /// decoded.
    pub(super) fn scrolled_past_decoded(
        &mut self,
        action: Action,
        count: Option<usize>,
        before: Option<RowId>,
    ) {
        let (Some(r), Some(before), Some(up)) = (&mut self.reader, before, scroll_goes_up(action))
        else {
            return;
        };
        let past = match (r.in_window(), up) {
            (true, true) => r.at_window_start(),
            (true, false) => r.at_window_end(),
            (false, up) => !up && r.doc.rest.is_some() && r.at_end,
        };
        if past {
            r.show_row(before);
            if !self.scroll_on_in_a_window(action, count) {
                self.wait_for_text(action, count);
            }
        }
    }

    /// A scroll (`action`, `count`) that reached the end of what is shown
    /// decoded (the start, or a window) went back to where it was: go on in
    /// a window around that place, decoded on its own, without moving the
    /// view or recording a jump. False when there is none, or the scroll
    /// reaches its end too (it went back there).
    fn scroll_on_in_a_window(&mut self, action: Action, count: Option<usize>) -> bool {
        let Some(r) = &mut self.reader else {
            return false;
        };
        let Some(at) = r.input_of_text(r.top.start) else {
            return false;
        };
        let (jump, gap) = (r.last_jump, r.top.gap);
        let Some(text) = r.show_window(at, WINDOW) else {
            return false;
        };
        if gap {
            // The blank row between paragraphs that was on top.
            r.show_row(RowId { start: text, gap });
        }
        r.last_jump = jump;
        let before = r.top;
        self.reader_action_now(action, count);
        let Some(r) = &mut self.reader else {
            return false;
        };
        let past = match scroll_goes_up(action) {
            Some(true) => r.at_window_start(),
            _ => r.at_window_end(),
        };
        if past {
            r.show_row(before);
        }
        !past
    }

    /// In a window (see [`App::in_window`]) a press of the mouse selects
    /// nothing: say why, and return true.
    pub(super) fn window_ignores_mouse(&mut self) -> bool {
        let window = self.in_window();
        if window {
            self.notify(Notice::Decoding);
        }
        window
    }

    fn wait_for_text(&mut self, action: Action, count: Option<usize>) {
        self.waiting = Some((action, count));
        self.notify(Notice::Decoding);
    }

    /// The whole text of the open article, `bytes`, decoded in the
    /// background from the start it was opened with (`marks`: where the
    /// steps of the decoding began): read it from now on (the same words
    /// stay at the top, also in a window), and do the key that waited for
    /// it, if the reader is still where it was pressed.
    pub fn whole_text(&mut self, bytes: Arc<Bytes>, marks: &StepMarks) {
        let Some(r) = &mut self.reader else { return };
        let Some(rest) = r.rest().cloned() else {
            return;
        };
        r.take_whole_text(bytes, marks);
        // Input bytes of the file kept meanwhile, as bytes of the text.
        if let Some(p) = &mut self.prompt
            && let Some(at) = p.origin_input.take()
        {
            p.origin = RowId::at(rest.text_offset(at, marks));
        }
        if let Some(s) = &self.searching
            && let Some(at) = s.in_file
            && let Some(search) = self.reader.as_ref().and_then(|r| r.search.as_ref())
        {
            // The search of the file is run again on the text (and the
            // answer of the first is dropped: it is overtaken).
            let (pattern, backward) = (search.pattern.clone(), s.backward);
            self.start_search_at(pattern, rest.text_offset(at, marks), None, backward);
        }
        self.withdraw(&Notice::Decoding);
        let key = self.waiting_key.take();
        if let Some((action, count)) = self.waiting.take()
            && self.mode() == Mode::Normal
        {
            self.reader_action(action, count);
            if let Some(c) = key
                && self.pending != super::Pending::None
            {
                self.key(crate::keymap::Key::Char(c));
            }
        }
        // The keys typed after it, in order.
        if self.searching.is_none() {
            self.release_held_keys();
        }
    }
}

/// True for a key that takes the reader elsewhere (a scroll, `G`, `g`,
/// `%`, a search) or out: while the text is decoded only in part it is
/// done at once, in a window too, and not held behind a key that waits
/// for the whole text ([`App::holds_for_text`]).
fn goes_elsewhere(action: Action) -> bool {
    scroll_goes_up(action).is_some()
        || matches!(
            action,
            Action::Top
                | Action::Bottom
                | Action::Percent
                | Action::SearchForward
                | Action::SearchBackward
                | Action::NextMatch
                | Action::PrevMatch
                | Action::Quit
                | Action::ForceQuit
                | Action::SaveQuit
                | Action::Suspend
        )
}

/// For a scroll, whether it goes up; `None` for any other action.
fn scroll_goes_up(action: Action) -> Option<bool> {
    match action {
        Action::ScrollUp | Action::PageUp | Action::HalfPageUp => Some(true),
        Action::ScrollDown | Action::PageDown | Action::HalfPageDown => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::encoding::{Decoding, FIRST_STEP, IN_STEPS_FROM};
    use crate::keymap::Keymap;
    use crate::test_support::press;
    use std::sync::atomic::AtomicBool;

    /// Windows-1252 lines "p{i} café’s …", about 3 MiB, and the app
    /// reading it with only its start decoded; the whole text, and where
    /// the steps of its decoding began.
    fn partly_decoded() -> (App, Vec<u8>, StepMarks) {
        let mut bytes = Vec::new();
        let mut i = 0;
        while bytes.len() < IN_STEPS_FROM + (1 << 20) {
            bytes.extend_from_slice(format!("p{i} caf\u{e9}\u{2019}s words\n").as_bytes());
            i += 1;
        }
        // As Windows-1252: é is 0xe9, ’ 0x92.
        let text = String::from_utf8(bytes).unwrap();
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        let doc = Document::decode_in_steps(
            "old.txt",
            Bytes::Owned(bytes.into_owned()),
            &Decoding::default(),
        );
        let rest = doc.rest.clone().expect("decoded in two steps");
        assert_eq!(rest.decoded(), FIRST_STEP);
        assert!(doc.bytes().starts_with("p0 café’s words\np1 ".as_bytes()));
        assert!(!doc.style_is_final, "judged on the start only");
        let (whole, marks) = rest.finish(doc.bytes(), &AtomicBool::new(false)).unwrap();
        assert_eq!(
            whole,
            text.as_bytes(),
            "the start and the rest are the text"
        );
        let mut app = App::new(Keymap::default(), Default::default(), (80, 24));
        app.open(doc);
        (app, whole, marks)
    }

    /// The whole text comes to `app`, as the background decoding hands
    /// it over.
    fn text_comes(app: &mut App, whole: &[u8], marks: &StepMarks) {
        app.whole_text(Arc::new(Bytes::Owned(whole.to_vec())), marks);
    }

    fn top_row(app: &App) -> String {
        let r = app.reader.as_ref().unwrap();
        String::from_utf8_lossy(&r.doc.bytes()[r.rows[0].range.clone()]).into_owned()
    }

    #[test]
    fn a_line_number_or_percent_goes_there_at_once_and_stays_there() {
        let (mut app, whole, marks) = partly_decoded();
        assert!(app.partly_decoded());
        assert!(
            app.reader.as_ref().unwrap().percent() < 1,
            "of the whole file"
        );
        // Line 100 000, far past the start decoded: shown at once.
        press(&mut app, "1 0 0 0 0 0 G");
        assert_eq!(app.message, None, "no waiting");
        assert!(app.in_window());
        assert!(
            top_row(&app).starts_with("p99999 "),
            "the line: {}",
            top_row(&app)
        );
        // Line 100 000 starts at 72.6% of the file's bytes.
        let percent = app.reader.as_ref().unwrap().percent();
        assert!((72..=73).contains(&percent), "{percent}% of the file");
        // Down and up within it.
        press(&mut app, "4 j 2 k");
        assert!(top_row(&app).starts_with("p100000 "), "{}", top_row(&app));
        text_comes(&mut app, &whole, &marks);
        assert!(!app.partly_decoded() && !app.in_window());
        assert_eq!(app.message, None, "said nothing");
        assert!(top_row(&app).starts_with("p100000 "), "{}", top_row(&app));
        // `50%` then, with `''` back, and a line in the start decoded.
        let (mut app, _, _) = partly_decoded();
        press(&mut app, "5 0 %");
        assert_eq!(app.message, None, "no waiting");
        let r = app.reader.as_ref().unwrap();
        assert!((49..=51).contains(&r.percent()), "{}%", r.percent());
        let fifty = top_row(&app);
        press(&mut app, "1 2 G");
        assert!(!app.in_window(), "line 12 is decoded already");
        assert!(top_row(&app).starts_with("p11 "), "{}", top_row(&app));
        // `''` goes back to where the reader was in the decoded start
        // (a window is not kept to go back to).
        press(&mut app, "' '");
        assert!(top_row(&app).starts_with("p0 "), "{}", top_row(&app));
        press(&mut app, "5 0 %");
        assert_eq!(top_row(&app), fifty, "the same window again");
        press(&mut app, "1 0 0 %");
        assert_eq!(app.reader.as_ref().unwrap().percent(), 100);
    }

    /// The text of the search's current match.
    fn current_match(app: &App) -> String {
        let r = app.reader.as_ref().unwrap();
        let m = r.search.as_ref().unwrap().current.clone().expect("a match");
        String::from_utf8_lossy(&r.doc.bytes()[m]).into_owned()
    }

    #[test]
    fn a_search_goes_into_the_file_at_once_and_stays_when_the_text_comes() {
        let (mut app, whole, marks) = partly_decoded();
        press(&mut app, "/ p 1 2 0 0 0 0 \\ s c a f é ’ Enter");
        assert_eq!(app.message, None, "no waiting");
        assert!(app.in_window());
        assert_eq!(current_match(&app), "p120000 café’");
        assert!(top_row(&app).starts_with("p120000 "), "{}", top_row(&app));
        // `n` from there finds the next one, `N` it again; in the start
        // decoded too, wrapping.
        press(&mut app, "/ 9 9 \\ s Enter");
        assert_eq!(current_match(&app), "99 ");
        assert!(top_row(&app).starts_with("p120099 "), "{}", top_row(&app));
        press(&mut app, "n");
        assert!(top_row(&app).starts_with("p120199 "), "{}", top_row(&app));
        press(&mut app, "N N");
        assert!(top_row(&app).starts_with("p120000 ") || top_row(&app).starts_with("p119999 "));
        press(&mut app, "/ ^ p 1 2 \\ s Enter");
        assert!(!app.in_window(), "wrapped to the start decoded");
        assert!(top_row(&app).starts_with("p12 "), "{}", top_row(&app));
        press(&mut app, "/ p 1 3 0 0 0 0 \\ s Enter");
        assert_eq!(current_match(&app), "p130000 ");
        text_comes(&mut app, &whole, &marks);
        assert!(top_row(&app).starts_with("p130000 "), "{}", top_row(&app));
        assert_eq!(current_match(&app), "p130000 ", "the match kept");
        // Not found, and Esc in the prompt goes back where it opened.
        let (mut app, _, _) = partly_decoded();
        press(&mut app, "5 0 % / n o w h e r e Enter");
        assert_eq!(app.message.as_deref(), Some("not found"));
        let top = top_row(&app);
        press(&mut app, "/ p 1 0 Esc");
        assert_eq!(top_row(&app), top, "back after the preview moved");
    }

    #[test]
    fn a_search_of_the_file_running_when_the_text_comes_runs_again_on_it() {
        let (mut app, whole, marks) = partly_decoded();
        for k in "/ p 1 2 0 0 0 0 \\ s Enter".split(' ') {
            app.key(crate::keymap::Key::parse(k).unwrap());
        }
        // The whole text comes before the search of the file answers.
        text_comes(&mut app, &whole, &marks);
        crate::test_support::run_searches(&mut app);
        assert!(!app.in_window());
        assert_eq!(current_match(&app), "p120000 ");
        assert!(top_row(&app).starts_with("p120000 "), "{}", top_row(&app));
    }

    #[test]
    fn paging_on_past_what_is_decoded_goes_on_in_windows() {
        let (mut app, whole, marks) = partly_decoded();
        let (mut want, _, _) = partly_decoded();
        text_comes(&mut want, &whole, &marks);
        // About 16 000 rows down, past the start decoded (6 000 lines, a
        // row and a blank row each), and twice a window's edge.
        let keys = "C-f ".repeat(700);
        press(&mut app, &keys);
        press(&mut want, &keys);
        assert_eq!(app.message, None, "no waiting");
        assert!(app.in_window());
        assert_eq!(top_row(&app), top_row(&want));
        assert!(top_row(&app).starts_with("p80"), "{}", top_row(&app));
        // Back up past where the windows began, and `''` is still the start.
        let keys = "C-b ".repeat(300);
        press(&mut app, &keys);
        press(&mut want, &keys);
        assert_eq!(app.message, None, "no waiting");
        assert_eq!(top_row(&app), top_row(&want));
        // From the end, up.
        press(&mut app, "G");
        press(&mut want, "G");
        let keys = "C-u ".repeat(900);
        press(&mut app, &keys);
        press(&mut want, &keys);
        assert_eq!(app.message, None, "no waiting");
        assert_eq!(top_row(&app), top_row(&want));
        text_comes(&mut app, &whole, &marks);
        assert_eq!(top_row(&app), top_row(&want), "the same words on top");
    }

    #[test]
    fn a_window_in_the_middle_waits_at_its_ends() {
        let (mut app, whole, marks) = partly_decoded();
        press(&mut app, "5 0 %");
        let top = top_row(&app);
        press(&mut app, "1 0 0 0 0 0 j");
        assert_eq!(app.message.as_deref(), Some("decoding the rest…"));
        assert!(app.in_window());
        assert_eq!(top_row(&app), top, "went back");
        press(&mut app, "C-f");
        assert_eq!(app.message, None, "within the window");
        assert!(app.reader.as_ref().unwrap().percent() < 100, "not the end");
        press(&mut app, "G");
        assert_eq!(app.message, None, "G dropped the waiting key");
        assert!(app.reader.as_ref().unwrap().window_at_end());
        press(&mut app, "5 0 % 1 0 0 0 0 0 k");
        assert_eq!(app.message.as_deref(), Some("decoding the rest…"));
        let start = top_row(&app);
        text_comes(&mut app, &whole, &marks);
        // Scrolled on from the window's start when the rest came.
        let (mut want, whole, marks) = partly_decoded();
        text_comes(&mut want, &whole, &marks);
        // 50% of the file is line 69 022 (of the text, 68 869: `%` counts
        // the file's bytes while it is decoded only in part).
        assert!(top.starts_with("p69021 "), "{top}");
        press(&mut want, "6 9 0 2 2 G");
        assert_eq!(top_row(&want), top, "the same place in the whole");
        assert_ne!(top_row(&app), start);
        assert_eq!(app.message, None);
    }

    /// The last line of `whole` (without its newline), and where it
    /// starts, in bytes.
    fn last_line(whole: &[u8]) -> (&str, usize) {
        let text = std::str::from_utf8(whole).unwrap().trim_end();
        let at = text.rfind('\n').map_or(0, |i| i + 1);
        (&text[at..], at)
    }

    /// The text rows on screen.
    fn shown(app: &App) -> Vec<String> {
        let r = app.reader.as_ref().unwrap();
        r.rows
            .iter()
            .map(|row| String::from_utf8_lossy(&r.doc.bytes()[row.range.clone()]).into_owned())
            .collect()
    }

    #[test]
    fn g_shows_the_end_at_once_and_scrolls_within_it() {
        let (mut app, whole, _) = partly_decoded();
        let (last, _) = last_line(&whole);
        press(&mut app, "G");
        assert_eq!(app.message, None, "no waiting");
        assert!(
            shown(&app).iter().any(|row| row == last),
            "{:?}",
            shown(&app)
        );
        assert!(last.contains("café’s"), "decoded: {last}");
        let r = app.reader.as_ref().unwrap();
        assert!(r.at_end);
        assert_eq!(r.percent(), 100);
        // Paragraphs before the end are not counted yet: the status row
        // says `¶ …`, not a count from the tail's start.
        assert_eq!(r.paragraph(), (None, None));
        // Up and down within the end: each line is a row and a blank row.
        let n: usize = last[1..last.find(' ').unwrap()].parse().unwrap();
        let bottom = shown(&app).len();
        press(&mut app, "1 0 k");
        assert_eq!(app.message, None);
        let rows = shown(&app);
        assert!(!rows.iter().any(|row| row == last), "scrolled up: {rows:?}");
        let want = format!("p{} ", n + 1 - (bottom + 10) / 2);
        assert!(
            rows.iter().any(|row| row.starts_with(&want)),
            "{want}: {rows:?}"
        );
        press(&mut app, "C-d C-u j");
        assert_eq!(app.message, None);
        press(&mut app, "G");
        assert!(shown(&app).iter().any(|row| row == last));
        assert!(app.partly_decoded(), "the rest is still to come");
    }

    #[test]
    fn when_the_whole_text_comes_the_same_words_stay_on_top() {
        let (mut app, whole, marks) = partly_decoded();
        press(&mut app, "G 2 5 k");
        let rows = shown(&app);
        let words = rows.iter().find(|row| !row.is_empty()).unwrap().clone();
        assert!(!words.starts_with("p0 "), "in the end: {words}");
        text_comes(&mut app, &whole, &marks);
        assert!(!app.partly_decoded());
        assert_eq!(shown(&app), rows, "the same words on top");
        let r = app.reader.as_ref().unwrap();
        assert!(!r.at_end);
        // Its position is right in the whole text.
        let text = std::str::from_utf8(&whole).unwrap();
        let at = text.find(&format!("\n{words}\n")).unwrap() + 1;
        let row = r.rows.iter().find(|row| !row.range.is_empty()).unwrap();
        assert_eq!(row.range.start, at);
        let (char, _) = app.top_to_remember().unwrap();
        assert_eq!(char.0, text[..r.top.start].chars().count() as u64);
        // `''` goes back to where `G` was pressed: the start.
        press(&mut app, "' '");
        assert!(top_row(&app).starts_with("p0 "), "{}", top_row(&app));
    }

    #[test]
    fn nothing_is_drawn_or_kept_in_the_tails_offsets() {
        let (mut app, whole, marks) = partly_decoded();
        let text = std::str::from_utf8(&whole).unwrap().to_string();
        let (last, at) = last_line(&whole);
        let last = last.to_string();
        // A highlight on the last line, in chars of the whole text.
        let start = text[..at].chars().count() as u64;
        let end = start + last.chars().count() as u64;
        let a = crate::test_support::annotation("a", &text, start, end);
        app.load_annotations(vec![a], None);
        press(&mut app, "j j j");
        let before = app.top_to_remember().unwrap();
        assert!(before.0.0 > 0);
        press(&mut app, "G");
        assert!(shown(&app).contains(&last));
        let r = app.reader.as_ref().unwrap();
        assert!(r.shown.is_empty(), "not drawn in the tail: {:?}", r.shown);
        assert_eq!(
            app.top_to_remember(),
            Some(before),
            "no position in the tail's offsets: where G was pressed"
        );
        text_comes(&mut app, &whole, &marks);
        let r = app.reader.as_ref().unwrap();
        assert_eq!(r.shown.len(), 1, "drawn once the offsets are true");
        assert_eq!(r.shown[0].bytes.start.0, at);
        assert!(app.top_to_remember().is_some());
    }

    #[test]
    fn in_the_end_a_key_that_needs_the_whole_text_waits_and_then_acts() {
        let (mut app, whole, marks) = partly_decoded();
        press(&mut app, "G");
        let top = top_row(&app);
        // The mouse selects nothing either.
        app.mouse_down(4, 2);
        app.mouse_drag(9, 2);
        app.mouse_up();
        assert_eq!(app.mode(), Mode::Normal);
        assert_eq!(app.message.as_deref(), Some("decoding the rest…"));
        press(&mut app, "v");
        assert_eq!(app.message.as_deref(), Some("decoding the rest…"));
        assert_eq!(app.mode(), Mode::Normal, "waits");
        assert_eq!(top_row(&app), top);
        text_comes(&mut app, &whole, &marks);
        assert_eq!(app.mode(), Mode::Select, "done");
        let r = app.reader.as_ref().unwrap();
        let caret = r.selection.unwrap().caret.0;
        assert_eq!(caret, r.top.start, "at the top of the screen");
        assert_eq!(top_row(&app), top);
    }

    #[test]
    fn a_scroll_up_past_the_end_decoded_waits_and_scrolls_on_afterwards() {
        let (mut app, whole, marks) = partly_decoded();
        // The same keys in the whole text.
        let (mut want, _, _) = partly_decoded();
        text_comes(&mut want, &whole, &marks);
        press(&mut want, "G 1 0 0 0 0 0 k");
        press(&mut app, "G");
        let end = top_row(&app);
        // The wheel too.
        app.wheel(-100_000);
        assert_eq!(app.message.as_deref(), Some("decoding the rest…"));
        assert_eq!(top_row(&app), end, "went back");
        press(&mut app, "1 0 0 0 0 0 k");
        assert_eq!(app.message.as_deref(), Some("decoding the rest…"));
        assert_eq!(top_row(&app), end, "went back");
        text_comes(&mut app, &whole, &marks);
        assert_eq!(top_row(&app), top_row(&want));
        assert!(!top_row(&app).starts_with("p0 "));
    }

    #[test]
    fn keys_typed_after_a_waiting_key_wait_behind_it() {
        let (mut app, whole, marks) = partly_decoded();
        press(&mut app, "G");
        let top = top_row(&app);
        // `v e`: select to the end of the word, typed before the text came.
        press(&mut app, "v e");
        assert_eq!(app.mode(), Mode::Normal, "both wait");
        text_comes(&mut app, &whole, &marks);
        assert_eq!(app.mode(), Mode::Select);
        let r = app.reader.as_ref().unwrap();
        let s = r.selection.unwrap();
        let word = &r.doc.bytes()[s.anchor.0..s.caret.0];
        assert!(word.starts_with(b"p") && word.len() > 2, "{:?}", word);
        assert_eq!(top_row(&app), top);
        // Esc drops the waiting key and those typed after it.
        let (mut app, whole, marks) = partly_decoded();
        press(&mut app, "G v e Esc");
        assert_eq!(app.message, None);
        text_comes(&mut app, &whole, &marks);
        assert_eq!(app.mode(), Mode::Normal, "nothing was done");
    }

    #[test]
    fn in_the_end_a_mark_and_its_letter_wait_together() {
        let (mut app, whole, marks) = partly_decoded();
        press(&mut app, "G");
        let top = top_row(&app);
        // `m` then `v`: the letter names the mark, it does not select.
        press(&mut app, "m v");
        assert_eq!(app.mode(), Mode::Normal, "v was the mark's letter");
        assert_eq!(app.message.as_deref(), Some("decoding the rest…"));
        text_comes(&mut app, &whole, &marks);
        assert_eq!(app.mode(), Mode::Normal, "v was not pressed on its own");
        assert_eq!(top_row(&app), top);
        let r = app.reader.as_ref().unwrap();
        assert_eq!(r.marks.get(&'v'), Some(&r.top), "set where it was pressed");
        press(&mut app, "g \' v");
        assert_eq!(top_row(&app), top, "and jumped to");
    }

    #[test]
    fn in_the_end_a_scroll_after_a_waiting_key_drops_it() {
        let (mut app, whole, marks) = partly_decoded();
        press(&mut app, "G v");
        assert_eq!(app.message.as_deref(), Some("decoding the rest…"));
        press(&mut app, "k");
        let top = top_row(&app);
        text_comes(&mut app, &whole, &marks);
        assert_eq!(app.mode(), Mode::Normal, "v is not done after k");
        assert_eq!(top_row(&app), top);
    }

    #[test]
    fn gg_in_the_end_goes_back_to_the_start() {
        let (mut app, whole, marks) = partly_decoded();
        let (last, _) = last_line(&whole);
        press(&mut app, "j j G");
        assert!(shown(&app).iter().any(|row| row == last), "at the end");
        press(&mut app, "k g");
        assert_eq!(app.message, None);
        assert!(top_row(&app).starts_with("p0 "), "{}", top_row(&app));
        assert!(app.top_to_remember().is_some());
        press(&mut app, "G");
        text_comes(&mut app, &whole, &marks);
        press(&mut app, "g");
        assert!(top_row(&app).starts_with("p0 "), "{}", top_row(&app));
    }

    #[test]
    fn a_scroll_past_the_decoded_start_waits_and_scrolls_on_afterwards() {
        let (mut app, whole, marks) = partly_decoded();
        let lines_decoded = app
            .reader
            .as_ref()
            .unwrap()
            .doc
            .bytes()
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        // Each line is a paragraph: a row and a blank row.
        let count = 2 * (lines_decoded + 100);
        let keys: Vec<String> = count.to_string().chars().map(String::from).collect();
        press(&mut app, &format!("{} j", keys.join(" ")));
        assert_eq!(app.message.as_deref(), Some("decoding the rest…"));
        assert!(top_row(&app).starts_with("p0 "), "{}", top_row(&app));
        assert!(!app.reader.as_ref().unwrap().at_end);
        text_comes(&mut app, &whole, &marks);
        let want = format!("p{} ", lines_decoded + 100);
        assert!(
            top_row(&app).starts_with(&want),
            "{} not {want}",
            top_row(&app)
        );
        // `50%` of the whole text, not of its start.
        press(&mut app, "g 5 0 %");
        let r = app.reader.as_ref().unwrap();
        assert!(r.top.start > r.doc.len() / 3, "{}", r.top.start);
    }
}
