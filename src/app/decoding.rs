//! A large article in a single-byte encoding is opened with only its start
//! decoded ([`crate::document::Rest`]); the background scan decodes the
//! rest and hands it over ([`App::whole_text`]). Meanwhile a key that
//! needs the whole text — `G`, a line number, `%`, a scroll that reaches
//! the end of what is decoded — says `decoding the rest…` and is done when
//! the rest comes. (Searches wait in the event loop: see
//! `tui::workers::Workers::hold_search`.)

use super::{App, Notice};
use crate::action::Action;
use crate::document::Bytes;
use crate::keymap::Mode;
use crate::layout::RowId;
use std::sync::Arc;

impl App {
    /// True while the open article's text is decoded only in part.
    pub fn partly_decoded(&self) -> bool {
        self.reader.as_ref().is_some_and(|r| r.doc.rest.is_some())
    }

    /// When the open article is decoded only in part and `action` (with
    /// `count`) needs the whole text: keep it for later, say so, and
    /// return true.
    pub(super) fn waits_for_text(&mut self, action: Action, count: Option<usize>) -> bool {
        let needs_all = match action {
            Action::Bottom | Action::Percent => true,
            Action::Top => count.is_some(),
            _ => false,
        };
        if !needs_all || !self.partly_decoded() {
            return false;
        }
        self.wait_for_text(action, count);
        true
    }

    /// After `action` (a scroll down) moved the view from `before` to the
    /// end of the part decoded so far, which is not the article's end: go
    /// back and do it when the rest is decoded.
    pub(super) fn scrolled_past_decoded(
        &mut self,
        action: Action,
        count: Option<usize>,
        before: Option<RowId>,
    ) {
        let down = matches!(
            action,
            Action::ScrollDown | Action::PageDown | Action::HalfPageDown
        );
        if !down || !self.partly_decoded() {
            return;
        }
        let (Some(r), Some(before)) = (&mut self.reader, before) else {
            return;
        };
        if r.at_end {
            r.show_row(before);
            self.wait_for_text(action, count);
        }
    }

    fn wait_for_text(&mut self, action: Action, count: Option<usize>) {
        self.waiting = Some((action, count));
        self.notify(Notice::Decoding);
    }

    /// The whole text of the open article, `bytes`, decoded in the
    /// background from the start it was opened with: read it from now on
    /// (the same words stay at the top), and do the key that waited for
    /// it, if the reader is still where it was pressed.
    pub fn whole_text(&mut self, bytes: Arc<Bytes>) {
        let Some(r) = &mut self.reader else { return };
        r.take_whole_text(bytes);
        self.withdraw(&Notice::Decoding);
        if let Some((action, count)) = self.waiting.take()
            && self.mode() == Mode::Normal
        {
            self.reader_action(action, count);
        }
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
    /// reading it with only its start decoded; the whole text.
    fn partly_decoded() -> (App, Vec<u8>) {
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
        let whole = rest.finish(doc.bytes(), &AtomicBool::new(false)).unwrap();
        assert_eq!(
            whole,
            text.as_bytes(),
            "the start and the rest are the text"
        );
        let mut app = App::new(Keymap::default(), Default::default(), (80, 24));
        app.open(doc);
        (app, whole)
    }

    fn top_row(app: &App) -> String {
        let r = app.reader.as_ref().unwrap();
        String::from_utf8_lossy(&r.doc.bytes()[r.rows[0].range.clone()]).into_owned()
    }

    #[test]
    fn keys_that_need_the_whole_text_wait_for_it_and_then_act() {
        let (mut app, whole) = partly_decoded();
        assert!(app.partly_decoded());
        assert!(
            app.reader.as_ref().unwrap().percent() < 1,
            "of the whole file"
        );
        press(&mut app, "G");
        assert_eq!(app.message.as_deref(), Some("decoding the rest…"));
        assert!(
            top_row(&app).starts_with("p0 "),
            "G waits: {}",
            top_row(&app)
        );
        app.whole_text(Arc::new(Bytes::Owned(whole.clone())));
        assert!(!app.partly_decoded());
        assert_eq!(app.message, None, "said no more");
        let r = app.reader.as_ref().unwrap();
        assert!(r.at_end);
        let text = std::str::from_utf8(&whole).unwrap();
        let last_line = text.trim_end().rsplit('\n').next().unwrap();
        assert!(
            r.rows
                .iter()
                .any(|row| &text[row.range.clone()] == last_line),
            "G reached the true end: {last_line}"
        );
    }

    #[test]
    fn a_scroll_past_the_decoded_start_waits_and_scrolls_on_afterwards() {
        let (mut app, whole) = partly_decoded();
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
        app.whole_text(Arc::new(Bytes::Owned(whole)));
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
