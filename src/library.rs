//! The library view's model: a list of articles to choose from. Listing a
//! directory is done by [`crate::source`]; this is only the state.

use std::path::PathBuf;

/// Where a library entry's article comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntrySource {
    /// A file on disk.
    File(PathBuf),
    /// One of the articles bundled in the binary, by index into
    /// [`crate::seeds::SEEDS`].
    Seed(usize),
}

/// One article in the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// File name shown in the list.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    pub source: EntrySource,
}

/// A list of articles with a selection.
#[derive(Debug, Clone)]
pub struct Library {
    /// Shown in the status row: the directory, or "bundled articles".
    pub title: String,
    pub entries: Vec<Entry>,
    /// Index of the selected entry.
    pub selected: usize,
    /// The directory listed (`None`: the bundled articles).
    pub dir: Option<PathBuf>,
}

impl Library {
    pub fn new(title: impl Into<String>, entries: Vec<Entry>) -> Self {
        Library {
            title: title.into(),
            entries,
            selected: 0,
            dir: None,
        }
    }

    /// Move the selection by `delta` entries, staying inside the list.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.entries.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.entries.get(self.selected)
    }
}

/// Longest title kept, in chars.
pub const TITLE_CHARS: usize = 120;

/// An article's title from its first bytes: its first line that is not
/// blank, trimmed, at most [`TITLE_CHARS`] chars (`None`: no such line,
/// or not text). Invalid UTF-8 reads as U+FFFD.
pub fn title_of(start: &[u8]) -> Option<String> {
    if start.contains(&0) {
        return None;
    }
    let text = String::from_utf8_lossy(start);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = line.trim_start_matches('#').trim();
    Some(crate::sanitize::line(
        &line.chars().take(TITLE_CHARS).collect::<String>(),
    ))
    .filter(|l| !l.is_empty())
}

/// A size in bytes written for people: `5.2 KB`, `1.0 GB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit < UNITS.len() - 1 {
        size /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_first_lines() {
        assert_eq!(
            title_of(b"\n\n  # Walden  \nbody").as_deref(),
            Some("Walden")
        );
        assert_eq!(title_of(b"\xef\xbb\xbfA\r\nB").as_deref(), Some("A"));
        assert_eq!(title_of(b"  \n"), None);
        assert_eq!(title_of(b"bin\0ary"), None);
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(5290), "5.3 KB");
        assert_eq!(human_size(1_073_741_824), "1.1 GB");
    }

    #[test]
    fn selection_stays_in_the_list() {
        let e = |n: &str| Entry {
            name: n.into(),
            size: 1,
            source: EntrySource::Seed(0),
        };
        let mut lib = Library::new("t", vec![e("a"), e("b")]);
        lib.move_by(-3);
        assert_eq!(lib.selected, 0);
        lib.move_by(10);
        assert_eq!(lib.selected, 1);
    }
}
