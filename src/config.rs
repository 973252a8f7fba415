//! The TOML configuration file: its options, their defaults, and where the
//! file lives. A file that cannot be read or parsed yields the defaults
//! plus a message naming the file, the line and the problem.

use crate::action::Action;
use crate::app::{Reflow, Settings};
use crate::encoding::Decoding;
use crate::keymap::{Key, Keymap, Mode};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    text_width: Option<u16>,
    reflow: Option<Reflow>,
    page_breaks: Option<crate::layout::PageBreaks>,
    wrap: Option<crate::wrap::Wrap>,
    hyphenate: Option<bool>,
    justify: Option<bool>,
    hyphenation_language: Option<toml::Spanned<String>>,
    markdown: Option<crate::markdown::Mode>,
    mouse: Option<bool>,
    encoding: Option<toml::Spanned<String>>,
    data_dir: Option<PathBuf>,
    library: Option<PathBuf>,
    fetch_max_mb: Option<u64>,
    review_per_day: Option<usize>,
    library_depth: Option<usize>,
    #[serde(default)]
    keys: BTreeMap<String, BTreeMap<String, toml::Spanned<String>>>,
    #[serde(default)]
    tags: BTreeMap<String, toml::Spanned<TagEntry>>,
}

/// One `[tags]` entry: `1 = { name = "highlight", color = "yellow" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TagEntry {
    name: String,
    color: String,
}

/// Everything the config decides.
#[derive(Debug, Clone)]
pub struct Config {
    pub settings: Settings,
    /// Capture the mouse (wheel scrolls); off lets the terminal select.
    pub mouse: bool,
    pub keymap: Keymap,
    /// How articles' bytes are decoded: the config sets the
    /// [`fallback`](Decoding::fallback), `--encoding` the forced one.
    pub decoding: Decoding,
    /// `data_dir`: where reading positions and the notes of articles in
    /// read-only folders are kept, instead of the platform's data
    /// directory (say, a folder Syncthing syncs). `~/` is the home
    /// directory. Locks and backups stay in the platform's one.
    pub data_dir: Option<PathBuf>,
    /// `library`: where `annotty add` saves snapshots of web pages and
    /// books (default: `articles/` in the data directory). `~/` is the
    /// home directory.
    pub library: Option<PathBuf>,
    /// `fetch_max_mb`: the largest page or book fetched or converted, in
    /// bytes (the config says megabytes; default 50).
    pub fetch_max_bytes: u64,
    /// `review_per_day`: how many highlights `annotty review` shows a day.
    pub review_per_day: usize,
    /// `library_depth`: how many levels of subdirectories `annotty DIR`
    /// lists (0: only the directory's own articles).
    pub library_depth: usize,
}

/// Levels of subdirectories the library lists unless the config says.
pub const LIBRARY_DEPTH: usize = 3;

/// Highlights `annotty review` shows a day unless the config says.
pub const REVIEW_PER_DAY: usize = 5;

impl Default for Config {
    fn default() -> Self {
        Config {
            settings: Settings::default(),
            mouse: true,
            keymap: Keymap::default(),
            decoding: Decoding::default(),
            data_dir: None,
            library: None,
            fetch_max_bytes: crate::fetch::DEFAULT_MAX_BYTES,
            review_per_day: REVIEW_PER_DAY,
            library_depth: LIBRARY_DEPTH,
        }
    }
}

/// serde's `unknown field `colour`, expected one of `a`, `b`` with the
/// closest of the expected names offered (`— did you mean "color"?`).
fn with_suggestion(message: &str) -> String {
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let Some(rest) = message.trim().strip_prefix("unknown field ") else {
        return message.trim().to_string();
    };
    let Some((field, expected)) = rest.split_once(", expected") else {
        return message.trim().to_string();
    };
    let (field, expected) = (quoted(field), quoted(expected));
    let hint = match field.first() {
        Some(f) => crate::suggest::did_you_mean(f, expected.iter().map(String::as_str)),
        None => String::new(),
    };
    format!("{}{hint}", message.trim())
}

/// `~/…` as a path in the home directory.
fn home(d: PathBuf) -> PathBuf {
    match d.strip_prefix("~") {
        Ok(rest) => std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(rest))
            .unwrap_or(d.clone()),
        Err(_) => d,
    }
}

/// 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

impl Config {
    /// Parse config text; `origin` names the file in messages.
    pub fn parse(text: &str, origin: &str) -> Result<Config, String> {
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| format!(":{}", line_of(text, s.start)))
                .unwrap_or_default();
            format!("{origin}{line}: {}", with_suggestion(e.message()))
        })?;
        let mut config = Config::default();
        if let Some(w) = file.text_width {
            if w < 10 {
                return Err(format!("{origin}: text_width must be at least 10, not {w}"));
            }
            config.settings.text_width = w;
        }
        if let Some(r) = file.reflow {
            config.settings.reflow = r;
        }
        if let Some(m) = file.markdown {
            config.settings.markdown = m;
        }
        if let Some(p) = file.page_breaks {
            config.settings.page_breaks = p;
        }
        let typeset = &mut config.settings.typeset;
        typeset.wrap = file.wrap.unwrap_or(typeset.wrap);
        typeset.hyphenate = file.hyphenate.unwrap_or(typeset.hyphenate);
        typeset.justify = file.justify.unwrap_or(typeset.justify);
        if let Some(lang) = &file.hyphenation_language
            && !crate::wrap::LANGUAGES.contains(&lang.get_ref().as_str())
        {
            return Err(format!(
                "{origin}:{}: hyphenation_language {:?} is not built in (annotty has: {})",
                line_of(text, lang.span().start),
                lang.get_ref(),
                crate::wrap::LANGUAGES.join(", ")
            ));
        }
        if let Some(m) = file.mouse {
            config.mouse = m;
        }
        config.review_per_day = file.review_per_day.unwrap_or(REVIEW_PER_DAY);
        config.library_depth = file.library_depth.unwrap_or(LIBRARY_DEPTH);
        config.data_dir = file.data_dir.map(home);
        config.library = file.library.map(home);
        if let Some(mb) = file.fetch_max_mb {
            if mb == 0 {
                return Err(format!("{origin}: fetch_max_mb must be at least 1"));
            }
            config.fetch_max_bytes = mb.saturating_mul(1000 * 1000);
        }
        if let Some(e) = &file.encoding
            && e.get_ref() != "auto"
        {
            let fallback = crate::encoding::by_name(e.get_ref())
                .map_err(|why| format!("{origin}:{}: {why}", line_of(text, e.span().start)))?;
            config.decoding.fallback = Some(fallback);
        }
        for (number, entry) in &file.tags {
            let at = |msg: String| format!("{origin}:{}: {msg}", line_of(text, entry.span().start));
            let n: usize = match number.parse() {
                Ok(n @ 1..=9) => n,
                _ => return Err(at(format!("tags are numbered 1 to 9, not {number:?}"))),
            };
            let TagEntry { name, color } = entry.get_ref();
            let color = crate::tags::TagColor::parse(color).ok_or_else(|| {
                at(format!(
                    "unknown colour {color:?} (yellow, red, blue, green, magenta, cyan, gray)"
                ))
            })?;
            if name.trim().is_empty() {
                return Err(at("a tag needs a name".into()));
            }
            let tags = &mut config.settings.tags;
            while tags.len() < n {
                tags.push(crate::tags::Tag {
                    name: format!("tag{}", tags.len() + 1),
                    color: crate::tags::TagColor::Gray,
                });
            }
            tags[n - 1] = crate::tags::Tag {
                name: name.clone(),
                color,
            };
        }
        for (mode_name, keys) in &file.keys {
            let Some(mode) = Mode::ALL.into_iter().find(|m| m.name() == mode_name) else {
                let names = Mode::ALL.map(Mode::name);
                return Err(format!(
                    "{origin}: [keys.{mode_name}]: no such mode{} (the modes: {})",
                    crate::suggest::did_you_mean(mode_name, names),
                    names.join(", ")
                ));
            };
            for (key_text, action) in keys {
                let at =
                    |msg: String| format!("{origin}:{}: {msg}", line_of(text, action.span().start));
                let key = Key::parse(key_text).map_err(at)?;
                match action.get_ref().as_str() {
                    "none" => config.keymap.unbind(mode, key),
                    name => {
                        let action = Action::from_name(name).ok_or_else(|| {
                            let hint = crate::suggest::did_you_mean(
                                name,
                                Action::all().map(Action::name).chain(["none"]),
                            );
                            at(format!("unknown action {name:?}{hint}"))
                        })?;
                        config.keymap.bind(mode, key, action);
                    }
                }
            }
        }
        Ok(config)
    }

    /// Load the config from `path` if given, else from `ANNOTTY_CONFIG`,
    /// else from the platform's config directory. A missing default file is
    /// not an error; anything else wrong gives the defaults and a message.
    pub fn load(path: Option<&Path>) -> (Config, Option<String>) {
        let env = std::env::var_os("ANNOTTY_CONFIG").map(PathBuf::from);
        let (path, must_exist) = match path.map(Path::to_path_buf).or(env) {
            Some(p) => (p, true),
            None => match default_path() {
                Some(p) => (p, false),
                None => return (Config::default(), None),
            },
        };
        let shown = crate::sanitize::line(&path.display().to_string());
        match std::fs::read_to_string(&path) {
            Ok(text) => match Config::parse(&text, &shown) {
                Ok(c) => (c, None),
                Err(e) => (Config::default(), Some(format!("config ignored: {e}"))),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
                (Config::default(), None)
            }
            Err(e) => (
                Config::default(),
                Some(format!("config ignored: {shown}: {e}")),
            ),
        }
    }
}

/// The platform's directories for annotty, found once (it reads the
/// environment and the password database).
fn project_dirs() -> Option<&'static directories::ProjectDirs> {
    static DIRS: std::sync::OnceLock<Option<directories::ProjectDirs>> = std::sync::OnceLock::new();
    DIRS.get_or_init(|| directories::ProjectDirs::from("", "", "annotty"))
        .as_ref()
}

/// Where the config file is looked for by default.
pub fn default_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Where annotty keeps its own data on this machine (reading positions,
/// locks, backups), whatever the config says.
pub fn data_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.data_dir().to_path_buf())
}

/// Where annotty keeps files it can do without, on this machine's disk
/// (`~/.cache/annotty` on Linux, `$XDG_CACHE_HOME/annotty` when set): the
/// nameless file that holds the decoded text of a large article in a
/// legacy encoding ([`crate::source::decode_rest`]).
pub fn cache_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.cache_dir().to_path_buf())
}

impl Config {
    /// The data directory in use: the config's `data_dir`, else
    /// [`data_dir`].
    pub fn data_dir(&self) -> Option<PathBuf> {
        self.data_dir.clone().or_else(data_dir)
    }

    /// Where snapshots are saved: the config's `library`, else
    /// `articles/` in the data directory in use.
    pub fn library_dir(&self) -> Option<PathBuf> {
        self.library
            .clone()
            .or_else(|| self.data_dir().map(|d| d.join("articles")))
    }

    /// How `annotty add` (and `A` in the library) saves and fetches.
    pub fn snapshot_options(&self) -> Result<crate::snapshot::Options, String> {
        let library = self
            .library_dir()
            .ok_or("no library directory: set `library` in the config")?;
        Ok(crate::snapshot::Options {
            library,
            fetch: crate::fetch::Options {
                max_bytes: self.fetch_max_bytes,
                ..crate::fetch::Options::default()
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_example_parses_and_matches_the_defaults() {
        let text = include_str!("../config.example.toml");
        let config = Config::parse(text, "config.example.toml").unwrap();
        assert_eq!(config.settings.text_width, Settings::default().text_width);
        assert_eq!(config.settings.reflow, Reflow::Auto);
        assert_eq!(config.settings.page_breaks, crate::layout::PageBreaks::Show);
        assert!(config.mouse);
        assert_eq!(config.settings.tags, crate::tags::defaults());
        assert_eq!(config.decoding, Decoding::default());
        assert_eq!(config.settings.typeset, crate::wrap::Typeset::BOOK);
        assert_eq!(config.library_depth, LIBRARY_DEPTH);
        let c = Config::parse("library_depth = 0\n", "t").unwrap();
        assert_eq!(c.library_depth, 0);
    }

    #[test]
    fn wrapping_hyphenation_and_justification_can_be_set() {
        use crate::wrap::{Typeset, Wrap};
        let c =
            Config::parse("wrap = \"greedy\"\nhyphenate = true\njustify = true\n", "t").unwrap();
        let want = Typeset {
            wrap: Wrap::Greedy,
            hyphenate: true,
            justify: true,
        };
        assert_eq!(c.settings.typeset, want);
        let e = Config::parse("wrap = \"ragged\"\n", "t").unwrap_err();
        assert!(e.contains("ragged") && e.contains("balanced"), "{e}");
        let e =
            Config::parse("hyphenate = true\nhyphenation_language = \"de\"\n", "t").unwrap_err();
        assert!(
            e.starts_with("t:2: hyphenation_language \"de\" is not built in"),
            "{e}"
        );
        assert!(Config::parse("hyphenation_language = \"en-us\"\n", "t").is_ok());
    }

    #[test]
    fn the_encoding_of_articles_that_are_not_utf8_can_be_set() {
        let c = Config::parse("encoding = \"latin1\"\n", "t").unwrap();
        assert_eq!(c.decoding.fallback, Some(encoding_rs::WINDOWS_1252));
        assert_eq!(c.decoding.forced, None);
        let e = Config::parse("mouse = true\nencoding = \"klingon\"\n", "t").unwrap_err();
        assert!(e.starts_with("t:2: unknown encoding"), "{e}");
    }

    #[test]
    fn tags_can_be_renamed_and_added() {
        let c = Config::parse("[tags]\n2 = { name = \"wrong\", color = \"cyan\" }\n7 = { name = \"todo\", color = \"green\" }\n", "t").unwrap();
        assert_eq!(c.settings.tags[0].name, "highlight");
        assert_eq!(c.settings.tags[1].name, "wrong");
        assert_eq!(c.settings.tags[6].name, "todo");
        let e =
            Config::parse("[tags]\n1 = { name = \"x\", color = \"plaid\" }\n", "t").unwrap_err();
        assert!(e.contains("t:2") && e.contains("plaid"), "{e}");
    }

    #[test]
    fn keys_can_be_rebound_and_unbound() {
        let c = Config::parse("[keys.normal]\nx = \"quit\"\nq = \"none\"\n", "t").unwrap();
        assert_eq!(
            c.keymap.action(Mode::Normal, Key::Char('x')),
            Some(Action::Quit)
        );
        assert_eq!(c.keymap.action(Mode::Normal, Key::Char('q')), None);
    }

    #[test]
    fn the_data_directory_can_be_moved() {
        let c = Config::parse("data_dir = \"/sync/annotty\"\n", "t").unwrap();
        assert_eq!(c.data_dir(), Some(PathBuf::from("/sync/annotty")));
        let c = Config::parse("data_dir = \"~/Sync/annotty\"\n", "t").unwrap();
        let home = PathBuf::from(std::env::var_os("HOME").unwrap());
        assert_eq!(c.data_dir, Some(home.join("Sync/annotty")));
        assert_eq!(Config::default().data_dir(), data_dir());
    }

    #[test]
    fn markdown_renders_or_stays_raw() {
        assert_eq!(
            Config::default().settings.markdown,
            crate::markdown::Mode::Render
        );
        let c = Config::parse("markdown = \"raw\"\n", "t").unwrap();
        assert_eq!(c.settings.markdown, crate::markdown::Mode::Raw);
        assert!(Config::parse("markdown = \"html\"\n", "t").is_err());
    }

    #[test]
    fn page_breaks_can_be_hidden() {
        let c = Config::parse("page_breaks = \"hide\"\n", "t").unwrap();
        assert_eq!(c.settings.page_breaks, crate::layout::PageBreaks::Hide);
        let e = Config::parse("page_breaks = \"fold\"\n", "t").unwrap_err();
        assert!(e.contains("t:1") && e.contains("fold"), "{e}");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let e = Config::parse("text_width = 80\nreflow = \"sideways\"\n", "my.toml").unwrap_err();
        assert!(e.starts_with("my.toml:2:"), "{e}");
        let e = Config::parse("[keys.normal]\nj = \"fly\"\n", "my.toml").unwrap_err();
        assert!(e.starts_with("my.toml:2:") && e.contains("fly"), "{e}");
        let e = Config::parse("colour = 1\n", "my.toml").unwrap_err();
        assert!(e.contains("my.toml:1") && e.contains("colour"), "{e}");
    }

    #[test]
    fn misspelt_names_get_the_closest_one_offered() {
        let e = Config::parse("[keys.normal]\nx = \"hightlight\"\n", "t").unwrap_err();
        assert_eq!(
            e,
            "t:2: unknown action \"hightlight\" — did you mean \"highlight\"?"
        );
        let e = Config::parse("[keys.normal]\nx = \"fly\"\n", "t").unwrap_err();
        assert_eq!(e, "t:2: unknown action \"fly\"", "nothing close: no guess");
        let e = Config::parse("text_widht = 70\n", "t").unwrap_err();
        assert!(e.ends_with(" — did you mean \"text_width\"?"), "{e}");
        let e = Config::parse("[tags]\n1 = { name = \"x\", colour = \"red\" }\n", "t").unwrap_err();
        assert!(e.ends_with(" — did you mean \"color\"?"), "{e}");
        let e = Config::parse("[keys.normal]\nPageDonw = \"quit\"\n", "t").unwrap_err();
        assert!(e.contains("did you mean \"PageDown\"?"), "{e}");
        let e = Config::parse("[keys.slect]\nx = \"quit\"\n", "t").unwrap_err();
        assert!(e.contains("no such mode — did you mean \"select\"?"), "{e}");
        assert!(
            e.contains("normal, prompt, help, library, select, editor, notes"),
            "{e}"
        );
    }
}
