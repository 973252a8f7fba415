//! Which article a book's highlights go to, when `--article` does not say.
//!
//! The library is the articles `annotty DIR` lists in each `--library DIR`
//! (default: the current directory): `.txt`, `.md` and text files without
//! an extension, not in subdirectories. A book matches an article when its
//! title, as words (lower case, letters and digits; its subtitle after
//! `:`, ` - `, `(` or `[` may be left out), is
//! - the article's file name without its extension (`-`, `_` and `.` read
//!   as spaces: `pride-and-prejudice.txt`), or
//! - one of the first 40 lines of the article, alone or after `Title:`
//!   (a Project Gutenberg header, a Markdown `# Heading`).
//!
//! When several articles match, those whose first 40 lines name the
//! author (a word of three letters or more of it) are kept; a book that
//! still matches several, or none, is not imported and is listed.

use super::Book;
use std::path::{Path, PathBuf};

/// An article of the library: its path and its first lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    /// Its first lines (at most 40, from the first 8 KiB), as words.
    pub lines: Vec<Vec<String>>,
    /// Its file name without the extension, as words.
    pub stem: Vec<String>,
}

impl Candidate {
    /// The article at `path`, whose file starts with `head`.
    pub fn new(path: &Path, head: &[u8]) -> Candidate {
        let (text, _) = super::decode(head);
        let lines = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(40)
            .map(words)
            .collect();
        let name = path.file_name().map(|n| n.to_string_lossy());
        let name = name.as_deref().unwrap_or("");
        let stem = name
            .rsplit_once('.')
            .filter(|(s, _)| !s.is_empty())
            .map_or(name, |(s, _)| s);
        Candidate {
            path: path.to_path_buf(),
            lines,
            stem: words(stem),
        }
    }
}

/// The result of matching one book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    One(PathBuf),
    Nothing,
    Several(Vec<PathBuf>),
}

/// Lower-case words of letters and digits.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The article `book` matches among `library`.
pub fn find(book: &Book, library: &[Candidate]) -> Match {
    let full = words(&book.title);
    let cut = book
        .title
        .find([':', '(', '['])
        .into_iter()
        .chain(book.title.find(" - "))
        .min()
        .map(|i| words(&book.title[..i]))
        .filter(|w| !w.is_empty());
    if full.is_empty() {
        return Match::Nothing;
    }
    let keys: Vec<&Vec<String>> = std::iter::once(&full).chain(cut.as_ref()).collect();
    let is_key = |w: &[String]| keys.iter().any(|k| k.as_slice() == w);
    let matching: Vec<&Candidate> = library
        .iter()
        .filter(|c| {
            is_key(&c.stem)
                || c.lines.iter().any(|l| {
                    is_key(l) || (l.first().is_some_and(|w| w == "title") && is_key(&l[1..]))
                })
        })
        .collect();
    let author: Vec<String> = words(&book.author)
        .into_iter()
        .filter(|w| w.chars().count() >= 3)
        .collect();
    let by_author: Vec<&Candidate> = matching
        .iter()
        .copied()
        .filter(|c| c.lines.iter().flatten().any(|w| author.contains(w)))
        .collect();
    let chosen = match (matching.len(), by_author.len()) {
        (1, _) => matching,
        (_, 0) => matching,
        _ => by_author,
    };
    match chosen[..] {
        [] => Match::Nothing,
        [one] => Match::One(one.path.clone()),
        _ => Match::Several(chosen.iter().map(|c| c.path.clone()).collect()),
    }
}

/// The library's articles in `dirs`, each with its first 8 KiB read.
pub fn scan(dirs: &[PathBuf]) -> Result<Vec<Candidate>, String> {
    use std::io::Read;
    let mut out = Vec::new();
    for dir in dirs {
        let lib = crate::source::list_dir(dir, 0)?;
        for e in lib.entries {
            let crate::library::EntrySource::File(path) = e.source else {
                continue;
            };
            let mut head = Vec::new();
            if let Ok(f) = std::fs::File::open(&path) {
                let _ = f.take(8 << 10).read_to_end(&mut head);
            }
            out.push(Candidate::new(&path, &head));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(title: &str, author: &str) -> Book {
        Book {
            title: title.into(),
            author: author.into(),
            uri: None,
        }
    }

    #[test]
    fn by_file_name_or_title_line_and_then_author() {
        let lib = [
            Candidate::new(Path::new("a/pride-and-prejudice.txt"), b"whatever"),
            Candidate::new(
                Path::new("a/pg1342.txt"),
                b"The Project Gutenberg eBook\n\nTitle: Emma\n\nAuthor: Jane Austen\n",
            ),
            Candidate::new(
                Path::new("b/emma.md"),
                b"# Emma\n\nA film script by Someone Else\n",
            ),
        ];
        assert_eq!(
            find(&book("Pride and Prejudice: A Novel", ""), &lib),
            Match::One("a/pride-and-prejudice.txt".into())
        );
        assert_eq!(
            find(&book("Emma", "Austen, Jane"), &lib),
            Match::One("a/pg1342.txt".into())
        );
        assert_eq!(
            find(&book("Emma", ""), &lib),
            Match::Several(vec!["a/pg1342.txt".into(), "b/emma.md".into()])
        );
        assert_eq!(find(&book("Walden", "Thoreau"), &lib), Match::Nothing);
    }
}
