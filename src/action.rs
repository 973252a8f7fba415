//! The named things a key can do. Actions are intents ("a page down"),
//! never precomputed positions; [`crate::app::App::update`] turns them into
//! state changes.

/// Every action a key can be bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    Percent,
    SearchForward,
    SearchBackward,
    NextMatch,
    PrevMatch,
    SetMark,
    JumpToMark,
    ToggleHelp,
    Quit,
    ForceQuit,
    Suspend,
    Open,
    Accept,
    Cancel,
    Backspace,
    ClearLine,
    StartSelect,
    HighlightSentence,
    HighlightParagraph,
    NextAnnotation,
    PrevAnnotation,
    EditNote,
    ChangeTag,
    Delete,
    Copy,
    ExternalEditor,
    Undo,
    Redo,
    NotesPanel,
    Unfocus,
    CaretLeft,
    CaretRight,
    CaretDown,
    CaretUp,
    WordForward,
    WordBack,
    WordEnd,
    BigWordForward,
    BigWordBack,
    BigWordEnd,
    SentenceForward,
    SentenceBack,
    ParagraphForward,
    ParagraphBack,
    RowStart,
    RowEnd,
    SwapEnds,
    Highlight,
    Annotate,
    Save,
    Filter,
    Import,
    Reattach,
    Command,
    ToggleReflow,
    CycleWrap,
    ToggleMarkdown,
    Reload,
    SaveQuit,
    OutlinePanel,
    NoteDown,
    NoteUp,
    Sort,
    NotesBrowser,
    AddArticle,
    ReviewKeep,
    ReviewLess,
    ReviewDone,
}

/// Name (as written in the config file) and description (as shown in the
/// help screen) of each action.
const TABLE: &[(Action, &str, &str)] = &[
    (
        Action::ScrollDown,
        "scroll_down",
        "one row down (a count moves that many)",
    ),
    (Action::ScrollUp, "scroll_up", "one row up"),
    (Action::PageDown, "page_down", "one page down"),
    (Action::PageUp, "page_up", "one page up"),
    (Action::HalfPageDown, "half_page_down", "half a page down"),
    (Action::HalfPageUp, "half_page_up", "half a page up"),
    (Action::Top, "top", "to the top (with a count: to line N)"),
    (
        Action::Bottom,
        "bottom",
        "to the end (with a count: to line N)",
    ),
    (
        Action::Percent,
        "percent",
        "to N percent of the article (count first: 50%)",
    ),
    (
        Action::SearchForward,
        "search_forward",
        "search forward (regex, smart case)",
    ),
    (Action::SearchBackward, "search_backward", "search backward"),
    (Action::NextMatch, "next_match", "next match"),
    (Action::PrevMatch, "prev_match", "previous match"),
    (Action::SetMark, "set_mark", "set mark: then a letter"),
    (
        Action::JumpToMark,
        "jump_to_mark",
        "go to mark: then a letter, or ' for the last jump",
    ),
    (Action::ToggleHelp, "help", "show or hide this help"),
    (
        Action::Quit,
        "quit",
        "quit (from an article opened in the library: back to it)",
    ),
    (Action::ForceQuit, "force_quit", "quit annotty"),
    (
        Action::Suspend,
        "suspend",
        "suspend to the shell (fg to return)",
    ),
    (Action::Open, "open", "open the selected article"),
    (Action::Accept, "accept", "accept"),
    (Action::Cancel, "cancel", "cancel"),
    (
        Action::Backspace,
        "backspace",
        "delete the character before the cursor",
    ),
    (Action::ClearLine, "clear_line", "clear the line"),
    (
        Action::StartSelect,
        "select",
        "select text from here (select mode)",
    ),
    (
        Action::HighlightSentence,
        "highlight_sentence",
        "highlight the sentence at the match or the top",
    ),
    (
        Action::HighlightParagraph,
        "highlight_paragraph",
        "highlight the paragraph at the match or the top",
    ),
    (
        Action::NextAnnotation,
        "next_annotation",
        "next annotation: focus it, shown a few rows below the top",
    ),
    (
        Action::PrevAnnotation,
        "prev_annotation",
        "previous annotation: focus it, shown a few rows below the top",
    ),
    (
        Action::EditNote,
        "edit_note",
        "write or edit the focused annotation's note",
    ),
    (
        Action::ChangeTag,
        "change_tag",
        "change the focused annotation's tag, then its digit",
    ),
    (
        Action::Delete,
        "delete",
        "delete the focused annotation (undo with U)",
    ),
    (
        Action::Copy,
        "copy",
        "copy the text to the clipboard (OSC 52)",
    ),
    (
        Action::ExternalEditor,
        "external_editor",
        "edit the note in $VISUAL / $EDITOR (the quote above it is not kept)",
    ),
    (Action::Undo, "undo", "undo the last annotation change"),
    (Action::Redo, "redo", "redo"),
    (
        Action::NotesPanel,
        "notes_panel",
        "list of this article's annotations",
    ),
    (
        Action::OutlinePanel,
        "outline",
        "outline: the article's headings (type to filter, Enter to go there, '' back)",
    ),
    (
        Action::Unfocus,
        "unfocus",
        "leave the focused annotation; clear the search colouring",
    ),
    (Action::CaretLeft, "caret_left", "caret one character left"),
    (
        Action::CaretRight,
        "caret_right",
        "caret one character right",
    ),
    (Action::CaretDown, "caret_down", "caret one row down"),
    (Action::CaretUp, "caret_up", "caret one row up"),
    (
        Action::WordForward,
        "word_forward",
        "caret to the next word",
    ),
    (Action::WordBack, "word_back", "caret back to a word start"),
    (Action::WordEnd, "word_end", "caret to a word end"),
    (
        Action::BigWordForward,
        "big_word_forward",
        "caret to the next WORD (non-blanks)",
    ),
    (
        Action::BigWordBack,
        "big_word_back",
        "caret back to a WORD start",
    ),
    (Action::BigWordEnd, "big_word_end", "caret to a WORD end"),
    (
        Action::SentenceForward,
        "sentence_forward",
        "caret to the next sentence",
    ),
    (
        Action::SentenceBack,
        "sentence_back",
        "caret back to a sentence start",
    ),
    (
        Action::ParagraphForward,
        "paragraph_forward",
        "caret to the next paragraph",
    ),
    (
        Action::ParagraphBack,
        "paragraph_back",
        "caret back to a paragraph start",
    ),
    (
        Action::RowStart,
        "row_start",
        "caret to the start of the row",
    ),
    (Action::RowEnd, "row_end", "caret to the end of the row"),
    (
        Action::SwapEnds,
        "swap_ends",
        "swap the ends of the selection",
    ),
    (
        Action::Highlight,
        "highlight",
        "highlight the selection (1-9: with tag N)",
    ),
    (
        Action::Annotate,
        "annotate",
        "highlight the selection and write a note",
    ),
    (
        Action::ToggleReflow,
        "toggle_reflow",
        "switch between reflowed lines and one paragraph per line",
    ),
    (
        Action::CycleWrap,
        "cycle_wrap",
        "set rows greedy, balanced, then balanced and justified (keeps the top words)",
    ),
    (
        Action::ToggleMarkdown,
        "toggle_markdown",
        "show a Markdown article rendered or as its source (same place)",
    ),
    (
        Action::Reload,
        "reload",
        "read the article's file again (changed on disk), keeping the place",
    ),
    (
        Action::Import,
        "import",
        "bring in the annotations found for this text at another path (offered when it opens; Esc dismisses the offer)",
    ),
    (
        Action::Command,
        "command",
        "a command line: the commands are listed below",
    ),
    (
        Action::SaveQuit,
        "save_quit",
        "then Z again: save and quit (like :wq)",
    ),
    (
        Action::Reattach,
        "reattach",
        "re-attach the orphan to the last selection",
    ),
    (
        Action::NoteDown,
        "note_down",
        "scroll the note under the text down (a longer note ends in …; a opens it whole)",
    ),
    (
        Action::NoteUp,
        "note_up",
        "scroll the note under the text up",
    ),
    (Action::Save, "save", "save"),
    (
        Action::Sort,
        "sort",
        "sort by newest, oldest or article order (the next one)",
    ),
    (
        Action::ReviewKeep,
        "review_keep",
        "in a review: keep showing this highlight (again tomorrow)",
    ),
    (
        Action::ReviewLess,
        "review_less",
        "in a review: show it less (again in 3, 7, 21, 60, 180 days)",
    ),
    (
        Action::ReviewDone,
        "review_done",
        "in a review: done for today",
    ),
    (
        Action::NotesBrowser,
        "notes_browser",
        "browse every note under this directory",
    ),
    (
        Action::Filter,
        "filter",
        "filter the list by quote, note or tag",
    ),
    (
        Action::AddArticle,
        "add_article",
        "add a web page, HTML file or EPUB book (its URL or path) as a snapshot, and open it",
    ),
];

impl Action {
    /// The name used in the config file, e.g. `scroll_down`.
    pub fn name(self) -> &'static str {
        TABLE.iter().find(|e| e.0 == self).map_or("?", |e| e.1)
    }

    /// One line for the help screen.
    pub fn description(self) -> &'static str {
        TABLE.iter().find(|e| e.0 == self).map_or("", |e| e.2)
    }

    /// The action with config name `name`.
    pub fn from_name(name: &str) -> Option<Action> {
        TABLE.iter().find(|e| e.1 == name).map(|e| e.0)
    }

    /// All actions, in help-screen order.
    pub fn all() -> impl Iterator<Item = Action> {
        TABLE.iter().map(|e| e.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Action::all() {
            assert_eq!(Action::from_name(a.name()), Some(a));
            assert!(!a.description().is_empty());
        }
    }
}
