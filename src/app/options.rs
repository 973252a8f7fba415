//! `:set`: the reading options changed while reading, until annotty
//! ends (the config file is not written).

use super::{App, Reflow};
use crate::layout::{PageBreaks, ParagraphStyle};
use crate::wrap::{Typeset, Wrap};

/// The options `:set` knows, in the order `:set` lists them.
const OPTIONS: &[&str] = &[
    "text_width",
    "reflow",
    "page_breaks",
    "wrap",
    "hyphenate",
    "justify",
];

impl App {
    /// `:set` (list), `:set NAME` (show one), `:set NAME=VALUE` (change).
    pub(super) fn set_option(&mut self, option: Option<(String, Option<String>)>) {
        self.message = Some(match option {
            None => OPTIONS
                .iter()
                .map(|name| self.option_value(name).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("  "),
            Some((name, None)) => self.option_value(&name).unwrap_or_else(|| unknown(&name)),
            Some((name, Some(value))) => match self.change_option(&name, &value) {
                Ok(()) => self.option_value(&name).unwrap_or_default(),
                Err(e) => e,
            },
        });
    }

    /// `NAME=VALUE` of option `name` as it is now.
    fn option_value(&self, name: &str) -> Option<String> {
        let value = match name {
            "text_width" => self.settings.text_width.to_string(),
            "reflow" => {
                let setting = super::reflow::setting_name(self.settings.reflow);
                match self.style_in_force() {
                    Some(now) => format!("{setting} ({now})"),
                    None => setting.to_string(),
                }
            }
            "page_breaks" => match self.settings.page_breaks {
                PageBreaks::Show => "show".to_string(),
                PageBreaks::Hide => "hide".to_string(),
            },
            "wrap" => match self.settings.typeset.wrap {
                Wrap::Greedy => "greedy".to_string(),
                Wrap::Balanced => "balanced".to_string(),
            },
            "hyphenate" => self.settings.typeset.hyphenate.to_string(),
            "justify" => self.settings.typeset.justify.to_string(),
            _ => return None,
        };
        Some(format!("{name}={value}"))
    }

    fn change_option(&mut self, name: &str, value: &str) -> Result<(), String> {
        let bad = |what: &str| format!("{name} takes {what}, not {}", crate::sanitize::line(value));
        match name {
            "text_width" => {
                let w: u16 = value
                    .parse()
                    .ok()
                    .filter(|&w| w >= 1)
                    .ok_or_else(|| bad("a number of columns"))?;
                self.settings.text_width = w;
                let (cols, rows) = self.size;
                self.resize(cols, rows);
            }
            "reflow" => {
                let setting = match value {
                    "auto" => Reflow::Auto,
                    "always" => Reflow::Always,
                    "never" => Reflow::Never,
                    _ => return Err(bad("auto, always or never")),
                };
                self.settings.reflow = setting;
                if let Some(r) = &mut self.reader {
                    let style = match setting {
                        Reflow::Always => ParagraphStyle::HardWrapped,
                        Reflow::Never => ParagraphStyle::OnePerLine,
                        Reflow::Auto => r.chosen_style.unwrap_or(r.doc.detected_style),
                    };
                    r.set_style(style);
                }
            }
            "page_breaks" => {
                let pages = match value {
                    "show" => PageBreaks::Show,
                    "hide" => PageBreaks::Hide,
                    _ => return Err(bad("show or hide")),
                };
                self.settings.page_breaks = pages;
                if let Some(r) = &mut self.reader {
                    r.set_page_breaks(pages);
                }
            }
            "wrap" | "hyphenate" | "justify" => {
                let mut typeset = self.settings.typeset;
                let flag = || match value {
                    "true" | "on" => Ok(true),
                    "false" | "off" => Ok(false),
                    _ => Err(bad("true or false")),
                };
                match name {
                    "wrap" => {
                        typeset.wrap = match value {
                            "greedy" => Wrap::Greedy,
                            "balanced" => Wrap::Balanced,
                            _ => return Err(bad("greedy or balanced")),
                        }
                    }
                    "hyphenate" => typeset.hyphenate = flag()?,
                    _ => typeset.justify = flag()?,
                }
                self.set_typeset(typeset);
            }
            _ => return Err(unknown(name)),
        }
        Ok(())
    }

    /// `w`: rows greedy → balanced → balanced and justified, keeping the
    /// same words at the top, until annotty ends (rendered Markdown too:
    /// its paragraphs, list items and quotes).
    pub(super) fn cycle_wrap(&mut self) {
        let typeset = self.settings.typeset.cycled();
        self.set_typeset(typeset);
        self.message = Some(format!("rows {}", typeset.describe()));
    }

    /// Set rows as `typeset` says from now on, keeping the top words.
    fn set_typeset(&mut self, typeset: Typeset) {
        self.settings.typeset = typeset;
        if let Some(r) = &mut self.reader {
            r.set_typeset(typeset);
        }
        self.sync_rows();
    }
}

/// The words for an option `:set` does not know.
fn unknown(name: &str) -> String {
    format!(
        "no option {} (:set knows {})",
        crate::sanitize::line(name),
        OPTIONS.join(", ")
    )
}

#[cfg(test)]
mod typeset_tests;
