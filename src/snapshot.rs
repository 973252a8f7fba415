//! `annotty add`: a web page, an HTML file, an EPUB book or standard input
//! made into a Markdown snapshot in the library directory.
//!
//! The snapshot is named from its title (a safe file name: letters,
//! digits and `-`, at most 80 bytes, `.md`), never over another file: a
//! taken name gets `-2`, `-3`, …. A snapshot whose front matter records
//! the same origin (the same URL, or the same file) is the one refreshed
//! instead: its text replaced atomically, its sidecar left alone, so the
//! notes are placed on the new text as on any changed article. Nothing is
//! written when fetching or converting fails.

use crate::convert::{self, Snapshot, front_matter::Meta};
use crate::fetch;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What to make a snapshot of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Url(String),
    File(PathBuf),
    Stdin,
}

impl Input {
    /// `URL`, `-` or a path, as given on the command line.
    pub fn of_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else if fetch::is_url(arg) {
            Input::Url(arg.to_string())
        } else {
            Input::File(PathBuf::from(arg))
        }
    }
}

/// Whether a path names a page or a book by its extension (`.html`,
/// `.htm`, `.xhtml`, `.epub`): opening one converts it.
pub fn is_convertible(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["html", "htm", "xhtml", "epub"].contains(&e.to_ascii_lowercase().as_str())
    })
}

/// Where snapshots go and how pages are fetched.
#[derive(Debug, Clone)]
pub struct Options {
    pub library: PathBuf,
    pub fetch: fetch::Options,
}

/// A snapshot saved.
#[derive(Debug, Clone)]
pub struct Added {
    pub path: PathBuf,
    /// An existing snapshot of the same origin was refreshed.
    pub refreshed: bool,
    /// What the conversion wants said (the whole page kept).
    pub notice: Option<String>,
}

/// What kind of document some bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Html,
    Epub,
}

/// Make and save the snapshot of `input`. `now_millis`: the time saved.
pub fn add(input: &Input, options: &Options, now_millis: u64) -> Result<Added, String> {
    let saved = crate::annotation::rfc3339(now_millis);
    let max = options.fetch.max_bytes;
    // What the one line of an error names first, as fetch errors do.
    let named = match input {
        Input::Url(url) => crate::sanitize::line(url),
        Input::File(path) => crate::source::shown(path),
        Input::Stdin => "standard input".to_string(),
    };
    let (bytes, kind, origin, header_charset) = match input {
        Input::Url(url) => {
            let got = fetch::get(url, &options.fetch)?;
            let ct = got
                .content_type
                .as_deref()
                .unwrap_or("")
                .to_ascii_lowercase();
            let kind = kind_of(&got.body, Some(&ct), &got.url)
                .ok_or_else(|| format!("{url}: not a web page or a book ({ct})"))?;
            let charset = got
                .content_type
                .as_deref()
                .and_then(convert::charset::of_content_type);
            (got.body, kind, Some(got.url), charset)
        }
        Input::File(path) => {
            let shown = crate::source::shown(path);
            let meta = std::fs::metadata(path)
                .map_err(|e| format!("{shown}: {}", crate::source::reason(&e)))?;
            if meta.len() > max {
                return Err(format!(
                    "{shown}: larger than the limit of {} (config fetch_max_mb)",
                    crate::library::human_size(max)
                ));
            }
            let bytes = std::fs::read(path)
                .map_err(|e| format!("{shown}: {}", crate::source::reason(&e)))?;
            let name = path.to_string_lossy();
            let kind = kind_of(&bytes, None, &name)
                .ok_or_else(|| format!("{shown}: not a web page or a book"))?;
            // The file's own path (no `..`, no symbolic link), so the same
            // file added by another path refreshes the same snapshot.
            let origin =
                crate::export::file_uri(&std::fs::canonicalize(path).unwrap_or(path.into()));
            (bytes, kind, origin, None)
        }
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(max + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("standard input: {}", crate::source::reason(&e)))?;
            if bytes.len() as u64 > max {
                return Err(format!(
                    "standard input: larger than the limit of {} (config fetch_max_mb)",
                    crate::library::human_size(max)
                ));
            }
            let kind = kind_of(&bytes, None, "")
                .ok_or_else(|| "standard input: not a web page or a book".to_string())?;
            (bytes, kind, None, None)
        }
    };
    let snapshot = convert_bytes(bytes, kind, origin, header_charset, saved)
        .map_err(|e| format!("{named}: {e}"))?;
    let notice = snapshot.notice.clone();
    let (path, refreshed) = save(&options.library, &snapshot)?;
    Ok(Added {
        path,
        refreshed,
        notice,
    })
}

/// The snapshot of `bytes` (on a thread with a large stack).
fn convert_bytes(
    bytes: Vec<u8>,
    kind: Kind,
    origin: Option<String>,
    charset: Option<String>,
    saved: String,
) -> Result<Snapshot, String> {
    convert::on_big_stack(move || match kind {
        Kind::Html => {
            let html = convert::charset::decode(&bytes, charset.as_deref())?;
            let source = convert::html::Source {
                url: origin.as_deref(),
                saved: &saved,
            };
            convert::html::convert(&html, &source)
        }
        Kind::Epub => convert::epub::convert(&bytes, origin.as_deref(), &saved),
    })?
}

/// HTML or EPUB, from the content type, the name and the first bytes;
/// `None` for anything else (an image, a PDF, plain text).
fn kind_of(bytes: &[u8], content_type: Option<&str>, name: &str) -> Option<Kind> {
    let lower = name.to_ascii_lowercase();
    let zip = bytes.starts_with(b"PK\x03\x04");
    // Named a book: read as one (a broken book is an EPUB error, not a page).
    if lower.ends_with(".epub")
        || content_type.is_some_and(|c| c.contains("epub"))
        || bytes.get(30..58) == Some(b"mimetypeapplication/epub+zip")
    {
        return Some(Kind::Epub);
    }
    if zip {
        return None;
    }
    match content_type.filter(|ct| !ct.is_empty()) {
        Some(ct) if ct.contains("html") || ct.contains("xml") => Some(Kind::Html),
        Some(ct) if !ct.starts_with("text/") => None,
        // Plain text (or nothing said): a page only by its name or when it
        // starts with markup.
        _ => (named_html(&lower) || starts_with_markup(bytes)).then_some(Kind::Html),
    }
}

/// Whether a file name or URL (lowercase) ends in a web page's extension.
fn named_html(lower: &str) -> bool {
    let path = lower.split(['?', '#']).next().unwrap_or(lower);
    [".html", ".htm", ".xhtml", ".xht", ".shtml"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// Whether `bytes` start (after a byte-order mark and blanks) with a tag,
/// a doctype, a comment or an XML declaration.
fn starts_with_markup(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut rest = bytes.iter().skip_while(|b| b.is_ascii_whitespace());
    rest.next() == Some(&b'<')
        && rest
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'!' | b'?'))
}

/// Save `snapshot` in `dir` (made if missing): the file of the same
/// origin refreshed, or a new file named from the title. Returns the path
/// and whether it was a refresh.
pub fn save(dir: &Path, snapshot: &Snapshot) -> Result<(PathBuf, bool), String> {
    let shown = crate::source::shown(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("{shown}: {}", crate::source::reason(&e)))?;
    let text = snapshot.text();
    if let Some(origin) = &snapshot.meta.origin
        && let Some(existing) = find_origin(dir, origin)
    {
        crate::store::write_atomic(&existing, text.as_bytes()).map_err(|e| {
            format!(
                "{}: {}",
                crate::source::shown(&existing),
                crate::source::reason(&e)
            )
        })?;
        return Ok((existing, true));
    }
    let stem = file_stem(snapshot.meta.title.as_deref().unwrap_or(""));
    for n in 1..10_000 {
        let name = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                use std::io::Write;
                let written = f.write_all(text.as_bytes()).and_then(|()| f.sync_all());
                if let Err(e) = written {
                    let _ = std::fs::remove_file(&path);
                    return Err(format!(
                        "{}: {}",
                        crate::source::shown(&path),
                        crate::source::reason(&e)
                    ));
                }
                return Ok((path, false));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(format!(
                    "{}: {}",
                    crate::source::shown(&path),
                    crate::source::reason(&e)
                ));
            }
        }
    }
    Err(format!("{shown}: no free file name for {stem}.md"))
}

/// The snapshot in `dir` whose front matter records `origin`.
fn find_origin(dir: &Path, origin: &str) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && p.is_file())
        .filter(|p| {
            let mut head = vec![0u8; 16 * 1024];
            let n = std::fs::File::open(p)
                .and_then(|mut f| f.read(&mut head))
                .unwrap_or(0);
            Meta::read(&head[..n]).and_then(|m| m.origin).as_deref() == Some(origin)
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// A safe file name (without `.md`) from a title: letters and digits
/// kept (lower case), everything else one `-`, at most 80 bytes,
/// `snapshot` when nothing is left.
pub fn file_stem(title: &str) -> String {
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                if stem.len() + l.len_utf8() > 80 {
                    break;
                }
                stem.push(l);
            }
        } else if !stem.is_empty() && !stem.ends_with('-') && stem.len() < 80 {
            stem.push('-');
        }
        if stem.len() >= 80 {
            break;
        }
    }
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        "snapshot".into()
    } else {
        stem.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_and_books_are_converted() {
        let page = b"\xef\xbb\xbf\n  <!DOCTYPE html><html><p>Hi</p></html>";
        let words = b"Just some words, not a page.\n";
        let kind = |bytes: &[u8], ct: Option<&str>, name: &str| kind_of(bytes, ct, name);
        assert_eq!(kind(page, None, ""), Some(Kind::Html));
        assert_eq!(kind(b"<div>a fragment</div>", None, "-"), Some(Kind::Html));
        assert_eq!(kind(words, None, "page.HTML"), Some(Kind::Html), "by name");
        assert_eq!(kind(words, None, "notes.txt"), None);
        assert_eq!(kind(words, None, "/etc/hostname"), None);
        assert_eq!(kind(b"< 3 is less", None, ""), None);
        assert_eq!(kind(words, Some("text/plain"), "http://h/a.txt"), None);
        assert_eq!(
            kind(words, Some("text/plain"), "http://h/a.html?x=1"),
            Some(Kind::Html),
            "a misconfigured server's page"
        );
        assert_eq!(
            kind(page, Some("text/plain"), "http://h/a"),
            Some(Kind::Html)
        );
        assert_eq!(
            kind(words, Some("text/html; charset=utf-8"), "http://h/"),
            Some(Kind::Html)
        );
        assert_eq!(
            kind(words, Some("application/pdf"), "http://h/a.html"),
            None
        );
        assert_eq!(kind(b"PK\x03\x04rest", None, "a.zip"), None);
    }

    #[test]
    fn file_names_are_safe_and_short() {
        assert_eq!(
            file_stem("The Night Library: a story"),
            "the-night-library-a-story"
        );
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("   "), "snapshot");
        assert_eq!(file_stem(".hidden"), "hidden");
        assert_eq!(file_stem("Zürich — Ωmega"), "zürich-ωmega");
        assert!(file_stem(&"é".repeat(100)).len() <= 80);
    }

    fn snap(title: &str, origin: &str, body: &str) -> Snapshot {
        Snapshot {
            meta: Meta {
                title: Some(title.into()),
                origin: Some(origin.into()),
                ..Meta::default()
            },
            body: body.into(),
            notice: None,
        }
    }

    #[test]
    fn a_taken_name_is_never_clobbered_and_the_same_origin_is_refreshed() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("title.md");
        std::fs::write(&other, "someone else's file\n").unwrap();
        let (first, refreshed) = save(dir.path(), &snap("Title", "https://a/1", "one\n")).unwrap();
        assert_eq!(first, dir.path().join("title-2.md"));
        assert!(!refreshed);
        assert_eq!(
            std::fs::read_to_string(&other).unwrap(),
            "someone else's file\n"
        );
        let (again, refreshed) =
            save(dir.path(), &snap("Renamed", "https://a/1", "two\n")).unwrap();
        assert_eq!(again, first);
        assert!(refreshed);
        assert!(std::fs::read_to_string(&first).unwrap().ends_with("two\n"));
        let (third, _) = save(dir.path(), &snap("Title", "https://a/2", "three\n")).unwrap();
        assert_eq!(third, dir.path().join("title-3.md"));
    }
}
