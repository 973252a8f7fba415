//! Markdown in the reader: `M` switches between rendered and source, and
//! the link under the caret or the focused highlight (shown in the status
//! row, copied with `gx`, or Enter on a focused highlight).

use super::App;

impl App {
    /// `M`: render the open Markdown article, or show its source, at the
    /// same place.
    pub(super) fn toggle_markdown(&mut self) {
        let Some(r) = &mut self.reader else { return };
        if r.doc.kind != crate::outline::Kind::Markdown {
            self.message = Some("not Markdown: open a .md file or use --format markdown".into());
            return;
        }
        let on = !r.layout.markdown();
        r.set_markdown(on);
        self.message = Some(
            match on {
                true => "Markdown rendered (M: its source)",
                false => "Markdown source (M: rendered)",
            }
            .into(),
        );
    }

    /// The byte the link is looked for at: the caret in select mode, else
    /// the start of the focused highlight.
    fn link_byte(&self) -> Option<usize> {
        let r = self.reader.as_ref()?;
        if let Some(s) = r.selection {
            return Some(s.caret.0);
        }
        let id = r.focus.as_ref()?;
        let a = r.annotations.get(id)?;
        Some(r.byte_of_char(a.start).0)
    }

    /// The URL of the rendered link under the caret or the focused
    /// highlight.
    pub fn link_here(&self) -> Option<String> {
        let r = self.reader.as_ref()?;
        let p = self.link_byte()?;
        let view = r.layout.view_at(r.bytes(), p)?;
        view.links
            .iter()
            .find(|l| l.range.contains(&p))
            .map(|l| l.url.clone())
    }

    /// A highlight's quote as the reader shows it: when the open article
    /// is Markdown shown rendered, its range's text as rendered there (an
    /// orphan's stored quote rendered on its own), else the quote as stored.
    pub fn shown_quote(&self, a: &crate::annotation::Annotation) -> String {
        match &self.reader {
            Some(r) if r.layout.markdown() && a.state() == crate::annotation::State::Orphan => {
                crate::markdown::rendered(&a.quote)
            }
            Some(r) if r.layout.markdown() => {
                let range = r.byte_of_char(a.start).0..r.byte_of_char(a.end).0;
                r.layout.rendered_text(r.bytes(), range)
            }
            _ => a.quote.clone(),
        }
    }

    /// `gx`, or Enter on a focused highlight over a link: copy its URL
    /// (OSC 52). False when there is no link there.
    pub(super) fn copy_link(&mut self) -> bool {
        match self.link_here() {
            Some(url) => {
                self.copy(url);
                true
            }
            None => false,
        }
    }
}
