//! Key bindings as data: for each mode, which key does which action. The
//! defaults follow `less` and `vim`; the config file can rebind any key per
//! mode, and the help screen is generated from the live map.

use crate::action::Action;
use std::fmt;

/// The input modes that have their own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Reading an article.
    Normal,
    /// Typing in the prompt on the bottom row (search).
    Prompt,
    /// The help overlay.
    Help,
    /// The list of articles.
    Library,
    /// Selecting text with a caret.
    Select,
    /// Writing a note.
    Editor,
    /// The list of the article's annotations.
    Notes,
    /// The outline of the article's headings.
    Outline,
    /// The notes browser: every note under some directories.
    Browser,
}

impl Mode {
    pub const ALL: [Mode; 9] = [
        Mode::Normal,
        Mode::Prompt,
        Mode::Help,
        Mode::Library,
        Mode::Select,
        Mode::Editor,
        Mode::Notes,
        Mode::Outline,
        Mode::Browser,
    ];

    /// Name in the config file (`[keys.normal]`) and the status row.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Prompt => "prompt",
            Mode::Help => "help",
            Mode::Library => "library",
            Mode::Select => "select",
            Mode::Editor => "editor",
            Mode::Notes => "notes",
            Mode::Outline => "outline",
            Mode::Browser => "browser",
        }
    }
}

/// A key press, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// A printable character (shift is part of the character: `G`).
    Char(char),
    /// Control plus a lowercase letter: `C-d`.
    Ctrl(char),
    /// Alt (Meta) plus a character: `M-b`.
    Alt(char),
    /// Control plus the left or right arrow (word motions in text fields).
    CtrlLeft,
    CtrlRight,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    F(u8),
}

const NAMED: &[(Key, &str)] = &[
    (Key::Up, "Up"),
    (Key::Down, "Down"),
    (Key::Left, "Left"),
    (Key::Right, "Right"),
    (Key::PageUp, "PageUp"),
    (Key::PageDown, "PageDown"),
    (Key::Home, "Home"),
    (Key::End, "End"),
    (Key::Enter, "Enter"),
    (Key::Esc, "Esc"),
    (Key::Tab, "Tab"),
    (Key::BackTab, "BackTab"),
    (Key::Backspace, "Backspace"),
    (Key::Delete, "Delete"),
    (Key::Char(' '), "Space"),
    (Key::CtrlLeft, "C-Left"),
    (Key::CtrlRight, "C-Right"),
];

impl Key {
    /// Parse `j`, `G`, `C-d`, `Space`, `PageDown`, `F1`…
    pub fn parse(s: &str) -> Result<Key, String> {
        if let Some(&(k, _)) = NAMED.iter().find(|(_, n)| n.eq_ignore_ascii_case(s)) {
            return Ok(k);
        }
        let mut chars = s.chars();
        match (chars.next(), chars.next(), chars.next(), chars.next()) {
            (Some(c), None, _, _) => Ok(Key::Char(c)),
            (Some('C' | 'c'), Some('-'), Some(c), None) if c.is_ascii_alphabetic() => {
                Ok(Key::Ctrl(c.to_ascii_lowercase()))
            }
            (Some('M' | 'm'), Some('-'), Some(c), None) => Ok(Key::Alt(c)),
            (Some('F' | 'f'), Some(_), _, _) => match s[1..].parse::<u8>() {
                Ok(n) if (1..=12).contains(&n) => Ok(Key::F(n)),
                _ => Err(format!("unknown key {s:?}")),
            },
            _ => match crate::suggest::closest(s, NAMED.iter().map(|&(_, n)| n)) {
                Some(name) => Err(format!("unknown key {s:?} — did you mean {name:?}?")),
                None => Err(format!(
                    "unknown key {s:?} (write a character, C-x for Control, or a name such as PageDown)"
                )),
            },
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if let Some((_, name)) = NAMED.iter().find(|(k, _)| k == self) {
            return f.write_str(name);
        }
        match self {
            Key::Char(c) => write!(f, "{c}"),
            Key::Ctrl(c) => write!(f, "C-{c}"),
            Key::Alt(c) => write!(f, "M-{c}"),
            Key::F(n) => write!(f, "F{n}"),
            _ => write!(f, "{self:?}"),
        }
    }
}

/// Bindings of keys to actions, per mode, in the order they were made; a
/// (mode, key) pair appears at most once. A few hundred entries at most,
/// so a key is looked up by a linear scan (well under a microsecond).
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Mode, Key, Action)>,
}

#[rustfmt::skip]
const DEFAULTS: &[(Mode, &str, Action)] = {
    use Action::*;
    use Mode::*;
    &[
        (Normal, "j", ScrollDown), (Normal, "Down", ScrollDown), (Normal, "Enter", ScrollDown),
        (Normal, "C-e", ScrollDown), (Normal, "C-n", ScrollDown),
        (Normal, "k", ScrollUp), (Normal, "Up", ScrollUp), (Normal, "C-y", ScrollUp), (Normal, "C-p", ScrollUp),
        (Normal, "Space", PageDown), (Normal, "f", PageDown), (Normal, "PageDown", PageDown), (Normal, "C-f", PageDown),
        (Normal, "b", PageUp), (Normal, "PageUp", PageUp), (Normal, "C-b", PageUp),
        (Normal, "d", HalfPageDown), (Normal, "C-d", HalfPageDown),
        (Normal, "u", HalfPageUp), (Normal, "C-u", HalfPageUp),
        (Normal, "g", Top), (Normal, "Home", Top), (Normal, "<", Top),
        (Normal, "G", Bottom), (Normal, "End", Bottom), (Normal, ">", Bottom),
        (Normal, "%", Percent), (Normal, "p", Percent),
        (Normal, "/", SearchForward), (Normal, "?", SearchBackward),
        (Normal, "n", NextMatch), (Normal, "N", PrevMatch),
        (Normal, "m", SetMark), (Normal, "'", JumpToMark),
        (Normal, "v", StartSelect), (Normal, "s", HighlightSentence), (Normal, "S", HighlightParagraph),
        (Normal, "]", NextAnnotation), (Normal, "[", PrevAnnotation),
        (Normal, "a", EditNote), (Normal, "c", ChangeTag), (Normal, "x", Delete), (Normal, "y", Copy),
        (Normal, "E", ExternalEditor), (Normal, "U", Undo), (Normal, "C-r", Redo),
        (Normal, "Tab", NotesPanel), (Normal, "Esc", Unfocus), (Normal, "i", Import), (Normal, ":", Command), (Normal, "Z", SaveQuit),
        (Normal, "r", ToggleReflow), (Normal, "w", CycleWrap), (Normal, "M", ToggleMarkdown), (Normal, "R", Reload), (Normal, "t", OutlinePanel), (Normal, "J", NoteDown), (Normal, "K", NoteUp),
        (Normal, "h", ToggleHelp), (Normal, "F1", ToggleHelp),
        (Normal, "q", Quit), (Normal, "C-c", ForceQuit), (Normal, "C-z", Suspend),
        (Select, "h", CaretLeft), (Select, "Left", CaretLeft), (Select, "l", CaretRight), (Select, "Right", CaretRight),
        (Select, "j", CaretDown), (Select, "Down", CaretDown), (Select, "k", CaretUp), (Select, "Up", CaretUp),
        (Select, "w", WordForward), (Select, "b", WordBack), (Select, "e", WordEnd),
        (Select, "W", BigWordForward), (Select, "B", BigWordBack), (Select, "E", BigWordEnd),
        (Select, ")", SentenceForward), (Select, "(", SentenceBack),
        (Select, "}", ParagraphForward), (Select, "{", ParagraphBack),
        (Select, "0", RowStart), (Select, "Home", RowStart), (Select, "$", RowEnd), (Select, "End", RowEnd),
        (Select, "/", SearchForward), (Select, "?", SearchBackward), (Select, "n", NextMatch), (Select, "N", PrevMatch),
        (Select, "o", SwapEnds), (Select, "Enter", Highlight), (Select, "a", Annotate), (Select, "y", Copy),
        (Select, "Esc", Cancel), (Select, "v", Cancel), (Select, "C-c", Cancel),
        (Select, "F1", ToggleHelp), (Select, "C-z", Suspend),
        (Prompt, "Enter", Accept), (Prompt, "Esc", Cancel), (Prompt, "C-c", Cancel),
        (Prompt, "Backspace", Backspace), (Prompt, "C-h", Backspace), (Prompt, "C-u", ClearLine),
        (Editor, "C-s", Save), (Editor, "Esc", Cancel), (Editor, "C-e", ExternalEditor), (Editor, "C-z", Suspend),
        (Notes, "j", ScrollDown), (Notes, "Down", ScrollDown), (Notes, "C-n", ScrollDown),
        (Notes, "k", ScrollUp), (Notes, "Up", ScrollUp), (Notes, "C-p", ScrollUp),
        (Notes, "Enter", Open), (Notes, "x", Delete), (Notes, "/", Filter), (Notes, "r", Reattach),
        (Notes, "Tab", Cancel), (Notes, "Esc", Cancel), (Notes, "q", Cancel),
        (Notes, "h", ToggleHelp), (Notes, "F1", ToggleHelp), (Notes, "C-c", ForceQuit), (Notes, "C-z", Suspend),
        (Outline, "Down", ScrollDown), (Outline, "C-n", ScrollDown),
        (Outline, "Up", ScrollUp), (Outline, "C-p", ScrollUp),
        (Outline, "PageDown", PageDown), (Outline, "PageUp", PageUp),
        (Outline, "Home", Top), (Outline, "End", Bottom),
        (Outline, "Enter", Open), (Outline, "Esc", Cancel),
        (Outline, "Backspace", Backspace), (Outline, "C-h", Backspace), (Outline, "C-u", ClearLine),
        (Outline, "F1", ToggleHelp), (Outline, "C-c", ForceQuit), (Outline, "C-z", Suspend),
        (Help, "j", ScrollDown), (Help, "Down", ScrollDown), (Help, "Enter", ScrollDown),
        (Help, "k", ScrollUp), (Help, "Up", ScrollUp),
        (Help, "Space", PageDown), (Help, "f", PageDown), (Help, "PageDown", PageDown),
        (Help, "b", PageUp), (Help, "PageUp", PageUp),
        (Help, "g", Top), (Help, "G", Bottom),
        (Help, "q", ToggleHelp), (Help, "Esc", ToggleHelp), (Help, "h", ToggleHelp), (Help, "F1", ToggleHelp),
        (Help, "C-c", ForceQuit), (Help, "C-z", Suspend),
        (Library, "j", ScrollDown), (Library, "Down", ScrollDown),
        (Library, "k", ScrollUp), (Library, "Up", ScrollUp),
        (Library, "Space", PageDown), (Library, "PageDown", PageDown),
        (Library, "b", PageUp), (Library, "PageUp", PageUp),
        (Library, "g", Top), (Library, "Home", Top), (Library, "G", Bottom), (Library, "End", Bottom),
        (Library, "Enter", Open), (Library, "l", Open), (Library, "Right", Open),
        (Library, "h", ToggleHelp), (Library, "F1", ToggleHelp),
        (Library, "q", Quit), (Library, "C-c", ForceQuit), (Library, "C-z", Suspend),
        (Library, "n", NotesBrowser), (Library, "s", Sort), (Library, "/", Filter), (Library, "A", AddArticle),
        (Browser, "j", ScrollDown), (Browser, "Down", ScrollDown), (Browser, "C-n", ScrollDown),
        (Browser, "k", ScrollUp), (Browser, "Up", ScrollUp), (Browser, "C-p", ScrollUp),
        (Browser, "Space", PageDown), (Browser, "PageDown", PageDown),
        (Browser, "b", PageUp), (Browser, "PageUp", PageUp),
        (Browser, "g", Top), (Browser, "Home", Top), (Browser, "G", Bottom), (Browser, "End", Bottom),
        (Browser, "Enter", Open), (Browser, "f", Filter), (Browser, "/", SearchForward), (Browser, "s", Sort),
        (Browser, "K", ReviewKeep), (Browser, "L", ReviewLess), (Browser, "D", ReviewDone),
        (Browser, "a", EditNote), (Browser, "c", ChangeTag), (Browser, "x", Delete), (Browser, "u", Undo),
        (Browser, "h", ToggleHelp), (Browser, "F1", ToggleHelp),
        (Browser, "q", Quit), (Browser, "Esc", Cancel), (Browser, "C-c", ForceQuit), (Browser, "C-z", Suspend),
    ]
};

impl Default for Keymap {
    fn default() -> Self {
        // DEFAULTS has no pair twice (a test checks), so no need to bind
        // one by one.
        let bindings = DEFAULTS
            .iter()
            .map(|&(mode, key, action)| {
                (mode, Key::parse(key).expect("default keys parse"), action)
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// Bind `key` to `action` in `mode`, replacing what it did before.
    pub fn bind(&mut self, mode: Mode, key: Key, action: Action) {
        self.unbind(mode, key);
        self.bindings.push((mode, key, action));
    }

    /// Remove whatever `key` does in `mode`.
    pub fn unbind(&mut self, mode: Mode, key: Key) {
        self.bindings.retain(|&(m, k, _)| !(m == mode && k == key));
    }

    /// The action `key` does in `mode`.
    pub fn action(&self, mode: Mode, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|&&(m, k, _)| m == mode && k == key)
            .map(|&(_, _, a)| a)
    }

    /// The keys bound to `action` in `mode`, in binding order.
    pub fn keys_for(&self, mode: Mode, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|&&(m, _, a)| m == mode && a == action)
            .map(|&(_, k, _)| k)
            .collect()
    }

    /// Help lines for `mode`: every bound action with its keys.
    pub fn describe(&self, mode: Mode) -> Vec<(String, &'static str)> {
        Action::all()
            .filter_map(|a| {
                let keys = self.keys_for(mode, a);
                (!keys.is_empty()).then(|| {
                    let names: Vec<String> = keys.iter().map(Key::to_string).collect();
                    (names.join(" "), describe_in(mode, a))
                })
            })
            .collect()
    }
}

/// What an action does in a mode where it means more than its general
/// description says.
const IN_MODE: &[(Mode, Action, &str)] = &[
    (
        Mode::Library,
        Action::Sort,
        "sort by path, last read, title, progress or number of notes (the next one)",
    ),
    (
        Mode::Library,
        Action::Filter,
        "filter by title or path (fuzzy, as you type; Enter keeps it, Esc clears it)",
    ),
];

/// The help line of `action` in `mode`.
pub fn describe_in(mode: Mode, action: Action) -> &'static str {
    IN_MODE
        .iter()
        .find(|&&(m, a, _)| m == mode && a == action)
        .map_or_else(|| action.description(), |&(_, _, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_print() {
        for s in [
            "j", "G", "C-d", "M-b", "C-Left", "Space", "PageDown", "F1", "Enter", "<", "'", "%",
        ] {
            let k = Key::parse(s).unwrap();
            assert_eq!(k.to_string(), s);
        }
        assert_eq!(Key::parse("c-D"), Ok(Key::Ctrl('d')));
        assert!(Key::parse("Hyper-x").unwrap_err().contains("unknown key"));
    }

    #[test]
    fn no_default_binds_a_key_twice_in_one_mode() {
        let map = Keymap::default();
        for (i, &(mode, key, _)) in map.bindings.iter().enumerate() {
            let again = map.bindings[i + 1..]
                .iter()
                .any(|&(m, k, _)| m == mode && k == key);
            assert!(!again, "{key} is bound twice in {mode:?}");
        }
    }

    #[test]
    fn rebinding_replaces_the_old_binding() {
        let mut map = Keymap::default();
        map.bind(Mode::Normal, Key::Char('j'), Action::PageDown);
        assert_eq!(
            map.action(Mode::Normal, Key::Char('j')),
            Some(Action::PageDown)
        );
        assert!(
            !map.keys_for(Mode::Normal, Action::ScrollDown)
                .contains(&Key::Char('j'))
        );
        map.unbind(Mode::Normal, Key::Char('j'));
        assert_eq!(map.action(Mode::Normal, Key::Char('j')), None);
    }

    #[test]
    fn defaults_follow_less_and_vim() {
        let map = Keymap::default();
        assert_eq!(
            map.action(Mode::Normal, Key::Char('j')),
            Some(Action::ScrollDown)
        );
        assert_eq!(
            map.action(Mode::Normal, Key::Ctrl('d')),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            map.action(Mode::Normal, Key::Char('G')),
            Some(Action::Bottom)
        );
        assert_eq!(
            map.action(Mode::Normal, Key::F(1)),
            Some(Action::ToggleHelp)
        );
    }

    #[test]
    fn rebinding_shows_in_help() {
        let mut map = Keymap::default();
        map.bind(Mode::Normal, Key::Char('x'), Action::Quit);
        let help = map.describe(Mode::Normal);
        let quit = help
            .iter()
            .find(|(_, d)| *d == Action::Quit.description())
            .unwrap();
        assert_eq!(quit.0, "q x");
    }
}
