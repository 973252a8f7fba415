//! Switching how the open article's newlines are read while reading
//! (key `r`), and the choice remembered for it from last time.
//!
//! Which style is in force: a `reflow` setting of `always` or `never`
//! (config file or `--reflow`) first; then the reader's choice for this
//! article (made with `r`, now or last time); then detection. A choice
//! made while a setting is in force applies until the article is closed
//! and is remembered for when the setting is `auto` again.

use super::{App, Reflow};
use crate::layout::ParagraphStyle;
use crate::style::describe;

impl App {
    /// `r`: read the open article the other way, keeping the same words
    /// at the top, and remember the choice for it.
    ///
    /// In a Markdown article shown rendered, newlines are read as
    /// Markdown reads them: `r` says so and changes nothing.
    pub(super) fn toggle_reflow(&mut self) {
        if self.reader.as_ref().is_some_and(|r| r.layout.markdown()) {
            self.message = Some(
                "rendered Markdown: its line breaks are read as Markdown reads them \
                 (M: its source, where r switches)"
                    .into(),
            );
            return;
        }
        let setting = self.settings.reflow;
        let Some(r) = &mut self.reader else { return };
        let style = match r.layout.style() {
            ParagraphStyle::HardWrapped => ParagraphStyle::OnePerLine,
            ParagraphStyle::OnePerLine => ParagraphStyle::HardWrapped,
        };
        r.set_style(style);
        r.chosen_style = Some(style);
        let lasting = match setting {
            Reflow::Auto => "remembered for this article".to_string(),
            _ => format!("until closed: reflow = {} is set", setting_name(setting)),
        };
        self.message = Some(format!("{} ({lasting})", describe(style)));
    }

    /// The reader chose last time to read the open article reflowed
    /// (`reflow`) or one paragraph per line (as the positions file keeps
    /// it): read it so now, unless a `reflow` setting says otherwise or a
    /// choice was made since it was opened.
    pub fn remembered_reflow(&mut self, reflow: bool) {
        let style = match reflow {
            true => ParagraphStyle::HardWrapped,
            false => ParagraphStyle::OnePerLine,
        };
        let auto = self.settings.reflow == Reflow::Auto;
        let Some(r) = &mut self.reader else { return };
        if r.chosen_style.is_some() {
            return;
        }
        r.chosen_style = Some(style);
        if auto && r.layout.style() != style {
            r.set_style(style);
            self.message.get_or_insert_with(|| {
                format!("{}, as chosen last time (r switches)", describe(style))
            });
        }
    }

    /// The open article is large and its style was judged on its start
    /// only: judge it on windows through the whole now (its scan has read
    /// it), and read it so if that differs — unless a `reflow` setting or
    /// a choice (`r`, or remembered: call this after the resume) says how.
    /// The same words stay at the top.
    pub fn settle_style(&mut self) {
        let auto = self.settings.reflow == Reflow::Auto;
        let Some(r) = &mut self.reader else { return };
        if std::mem::replace(&mut r.style_settled, true) || !auto || r.chosen_style.is_some() {
            return;
        }
        let style = r.doc.style_of_whole();
        if style != r.layout.style() {
            r.set_style(style);
            self.message.get_or_insert_with(|| {
                format!(
                    "{}, judged on the whole article (r switches)",
                    describe(style)
                )
            });
        }
    }

    /// Which style is in force and why, for the help screen.
    pub(super) fn style_in_force(&self) -> Option<String> {
        let r = self.reader.as_ref()?;
        let style = r.layout.style();
        let why = match (self.settings.reflow, r.chosen_style) {
            (Reflow::Auto, Some(_)) => "chosen with r".to_string(),
            (Reflow::Auto, None) => "detected".to_string(),
            (setting, Some(chosen)) if chosen == style => {
                format!("chosen with r; reflow = {} is set", setting_name(setting))
            }
            (setting, _) => format!("reflow = {} is set", setting_name(setting)),
        };
        Some(format!("now: {} ({why})", describe(style)))
    }
}

/// The `reflow` setting as written in the config file.
pub(super) fn setting_name(setting: Reflow) -> &'static str {
    match setting {
        Reflow::Auto => "auto",
        Reflow::Always => "always",
        Reflow::Never => "never",
    }
}

#[cfg(test)]
mod tests;
