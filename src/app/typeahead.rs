//! Keys typed ahead of a search's answer. A search runs in the
//! background, so keys typed right after `/pattern Enter` can come before
//! its match. `v`, `s`, `S`, `n` and `N` start from the match: such a key,
//! and every key after it, waits until the search answers and is then
//! taken in order, as if the search had answered at once. Cancelling the
//! search (`Esc`, `Ctrl-c`) drops them. Keys before the first such one
//! (scrolling, say) are taken at once, as they do not read the match.

use super::{App, Pending};
use crate::action::Action;
use crate::keymap::{Key, Mode};

impl App {
    /// True when `key` must wait for the running search: one that starts
    /// from its match, or any key after one that waits.
    pub(super) fn holds_for_search(&self, key: Key) -> bool {
        if self.searching.is_none() || self.prompt.is_some() {
            return false;
        }
        if !self.held_keys.is_empty() {
            return true;
        }
        self.mode() == Mode::Normal
            && self.pending == Pending::None
            && matches!(
                self.keymap.action(Mode::Normal, key),
                Some(
                    Action::StartSelect
                        | Action::HighlightSentence
                        | Action::HighlightParagraph
                        | Action::NextMatch
                        | Action::PrevMatch
                )
            )
    }

    /// Take the keys that waited for the search, which has answered. A
    /// key among them that starts another search (`n`) makes the rest
    /// wait for that one.
    pub(super) fn release_held_keys(&mut self) {
        for key in std::mem::take(&mut self.held_keys) {
            self.key(key);
        }
    }

    /// Forget the keys that waited for a search that will not answer;
    /// how many there were.
    pub(super) fn drop_held_keys(&mut self) -> usize {
        std::mem::take(&mut self.held_keys).len()
    }
}
