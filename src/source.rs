//! Getting articles from the outside world: files (read, or memory-mapped
//! when large), standard input, directories listed as a library, and the
//! bundled seeds; and the nameless file that holds the decoded text of a
//! large article in a legacy encoding ([`decode_rest`]). Every failure is a
//! one-line message naming the path.

use crate::document::{Bytes, Document, Rest};
use crate::encoding::{Decoding, StepMarks};
use crate::library::{Entry, EntrySource, Library};
use crate::sanitize;
use crate::seeds::SEEDS;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// Files at least this many bytes are memory-mapped instead of read:
/// reading (copying) a 12 MB file before the first frame made its first
/// screen 4.5× slower than less's; a mapping costs the same at any size.
const MAP_FROM: u64 = 1 << 20;

/// A path as it may be shown on screen or in an error.
pub fn shown(path: &Path) -> String {
    sanitize::line(&path.display().to_string())
}

/// A path as the status row shows it: relative to the current directory
/// when it lies under it, else with the home directory written `~`, else
/// as it is (see [`shorten`]).
pub fn short(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    shorten(path, cwd.as_deref(), home.as_deref())
}

/// `path` relative to `cwd` when under it, else `~/…` when under `home`
/// (neither when they are the root), shown as [`shown`] does.
pub fn shorten(path: &Path, cwd: Option<&Path>, home: Option<&Path>) -> String {
    let under = |base: Option<&Path>| {
        base.filter(|b| b.parent().is_some())
            .and_then(|b| path.strip_prefix(b).ok())
            .filter(|rest| !rest.as_os_str().is_empty())
    };
    if let Some(rest) = under(cwd) {
        return shown(rest);
    }
    match under(home) {
        Some(rest) => format!("~/{}", shown(rest)),
        None => shown(path),
    }
}

/// An I/O error as a short reason, without "(os error N)".
pub fn reason(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Open the article at `path`, detecting its encoding.
pub fn open_file(path: &Path) -> Result<Document, String> {
    open_file_as(path, &Decoding::default())
}

/// Open the article at `path`, read as `decoding` says: the one function
/// that turns an article's file into its text, so the reader, export and
/// import count offsets in the same decoded text.
pub fn open_file_as(path: &Path, decoding: &Decoding) -> Result<Document, String> {
    open_file_with(path, decoding, Document::decode)
}

/// [`open_file_as`] for the reader when it needs the whole text at once
/// (`FILE:LINE`, a reload): its encoding judged on samples first, as
/// [`open_to_read`] does ([`Document::decode_sampled`]).
pub fn open_whole_to_read(path: &Path, decoding: &Decoding) -> Result<Document, String> {
    open_file_with(path, decoding, Document::decode_sampled)
}

/// [`open_file_as`] for the reader: a large article in a single-byte
/// encoding is decoded in two steps ([`Document::decode_in_steps`]), the
/// second on the background scan's thread.
pub fn open_to_read(path: &Path, decoding: &Decoding) -> Result<Document, String> {
    open_file_with(path, decoding, Document::decode_in_steps)
}

fn open_file_with(
    path: &Path,
    decoding: &Decoding,
    decode: fn(String, Bytes, &Decoding) -> Document,
) -> Result<Document, String> {
    let fail = |why: String| format!("{}: {why}", shown(path));
    let meta = std::fs::metadata(path).map_err(|e| fail(reason(&e)))?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(fail("is a directory".into()));
    }
    if !kind.is_file() {
        use std::os::unix::fs::FileTypeExt;
        let what = if kind.is_fifo() {
            "is a FIFO (pipe it in instead: annotty < FIFO)"
        } else if kind.is_socket() {
            "is a socket"
        } else {
            "is not a regular file"
        };
        return Err(fail(what.into()));
    }
    let mut file = File::open(path).map_err(|e| fail(reason(&e)))?;
    let bytes = if meta.len() >= MAP_FROM {
        // A file truncated under us reads as zeros past its end instead of
        // killing us (see `mapped`); the event loop then reloads it.
        let map = crate::mapped::Mapped::map(file).map_err(|e| fail(reason(&e)))?;
        Bytes::Mapped(map)
    } else {
        let mut v = Vec::with_capacity(meta.len() as usize);
        file.read_to_end(&mut v).map_err(|e| fail(reason(&e)))?;
        Bytes::Owned(v)
    };
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(decode(name, bytes, decoding))
}

/// The whole text of a large article in a single-byte encoding opened
/// with only its start decoded (`start`, the document's bytes; see
/// [`Rest`]): decoded into a file in `dir` that has no name (`O_TMPFILE`,
/// else created and unlinked at once, so it is gone however annotty ends),
/// written a step at a time with plain writes, then mapped read-only.
/// The text then costs page cache that the kernel can drop, as a mapped
/// UTF-8 article does, instead of its size in anonymous memory. Decoded
/// into memory instead when there is no `dir`, or it cannot be created or
/// written (read-only, full), or it has less room free than the text needs
/// ([`room_needed`]). With it, where the steps of the decoding began (see
/// [`Rest::text_offset`]). `None` when `cancel` is set before it is done.
pub fn decode_rest(
    rest: &Rest,
    start: &[u8],
    dir: Option<&Path>,
    cancel: &AtomicBool,
) -> Option<(Bytes, StepMarks)> {
    if let Some(dir) = dir {
        let mut marks = StepMarks::default();
        match decode_rest_to_file(rest, start, dir, cancel, &mut marks) {
            Ok(Some(mapped)) => return Some((Bytes::Mapped(mapped), marks)),
            Ok(None) => return None,
            // The file is gone with its space: decode into memory.
            Err(_) => {}
        }
    }
    let (text, marks) = rest.finish(start, cancel)?;
    Some((Bytes::Owned(text), marks))
}

/// The least free space (bytes) the decoded text of `rest` after `start`
/// is written to a file with: every input byte is at least one byte of
/// UTF-8, and an eighth more for the few that are two or three.
pub fn room_needed(rest: &Rest, start: &[u8]) -> u64 {
    let left = rest.source_len().saturating_sub(rest.decoded()) as u64;
    start.len() as u64 + left + left / 8
}

/// [`decode_rest`] into a nameless file in `dir`: `Ok(None)` when
/// cancelled, an error when it cannot be made, is short of room, or a
/// write fails.
fn decode_rest_to_file(
    rest: &Rest,
    start: &[u8],
    dir: &Path,
    cancel: &AtomicBool,
    marks: &mut StepMarks,
) -> io::Result<Option<crate::mapped::Mapped>> {
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::tempfile_in(dir)?;
    if free_space(&file)? < room_needed(rest, start) {
        return Err(io::ErrorKind::StorageFull.into());
    }
    if !rest.finish_into(start, cancel, &mut file, marks)? {
        return Ok(None);
    }
    crate::mapped::Mapped::map(file).map(Some)
}

/// Bytes free to an unprivileged user on the file system holding `file`.
fn free_space(file: &File) -> io::Result<u64> {
    use std::os::fd::AsRawFd;
    // SAFETY: a plain-data struct, zeroed, then filled by fstatvfs from a
    // valid open descriptor.
    let (st, ok) = unsafe {
        let mut st: libc::statvfs = std::mem::zeroed();
        let ok = libc::fstatvfs(file.as_raw_fd(), &mut st) == 0;
        (st, ok)
    };
    if !ok {
        return Err(io::Error::last_os_error());
    }
    Ok(st.f_bavail.saturating_mul(st.f_frsize))
}

/// Read all of standard input as an article.
pub fn read_stdin(decoding: &Decoding) -> Result<Document, String> {
    let mut v = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut v)
        .map_err(|e| format!("standard input: {}", reason(&e)))?;
    Ok(Document::decode(
        "standard input",
        Bytes::Owned(v),
        decoding,
    ))
}

/// The article behind a library entry, to read ([`open_to_read`]).
pub fn open_entry(source: &EntrySource, decoding: &Decoding) -> Result<Document, String> {
    match source {
        EntrySource::File(p) => open_to_read(p, decoding),
        EntrySource::Seed(i) => {
            let (name, text) = SEEDS.get(*i).ok_or("no such bundled article")?;
            Ok(Document::new(*name, Bytes::Static(text)))
        }
    }
}

/// The library of bundled articles.
pub fn seeds_library() -> Library {
    let entries = SEEDS
        .iter()
        .enumerate()
        .map(|(i, (name, text))| Entry::new(*name, text.len() as u64, EntrySource::Seed(i)))
        .collect();
    Library::new("bundled articles", entries)
}

/// True for a name the library may list: `.txt`, `.md`, or no extension
/// (whose content then decides: [`is_article`]).
fn named_article(path: &Path) -> bool {
    path.extension()
        .is_none_or(|ext| ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("md"))
}

/// True for files the library lists: `.txt`, `.md`, and files without an
/// extension whose first KiB has no NUL byte.
fn is_article(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) => ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("md"),
        None => {
            let mut head = [0u8; 1024];
            File::open(path)
                .and_then(|mut f| f.read(&mut head))
                .is_ok_and(|n| memchr::memchr(0, &head[..n]).is_none())
        }
    }
}

/// The library of directory `dir`, empty until its articles are listed
/// (see [`list_dir_in_batches`]; [`Library::listing`] says how deep).
/// The one error: `dir` itself cannot be read.
pub fn dir_library(dir: &Path, depth: usize) -> Result<Library, String> {
    std::fs::read_dir(dir).map_err(|e| format!("{}: {}", shown(dir), reason(&e)))?;
    let mut library = Library::new(shown(dir), Vec::new());
    library.dir = Some(dir.to_path_buf());
    library.listing = Some(depth);
    Ok(library)
}

/// How many articles the first batch of a listing holds: a screen's worth
/// and more, so that the library's first screen is drawn at once however
/// many files the directory holds.
pub const FIRST_BATCH: usize = 200;

/// How long a listing gathers articles after its first batch before
/// handing them over.
pub const BATCH_EVERY: std::time::Duration = std::time::Duration::from_millis(50);

/// List the articles in directory `dir` and in its subdirectories down to
/// `depth` levels (0: only its own), each named by its path relative to
/// `dir`, calling `send` with them in batches (the first of
/// [`FIRST_BATCH`] articles, then what was found every [`BATCH_EVERY`],
/// and the rest at the end; it stops early when `send` returns false).
/// The order is the walk's: each directory's entries by name, a
/// subdirectory's articles where its name comes. The walk is ripgrep's
/// ([`crate::walk`]): hidden files and what `.gitignore`/`.ignore`
/// exclude are left out, links are followed and a loop of them is
/// noticed and skipped, a directory that cannot be read is skipped.
pub fn list_dir_in_batches(dir: &Path, depth: usize, send: &mut dyn FnMut(Vec<Entry>) -> bool) {
    let mut builder = crate::walk::builder(dir);
    builder
        .max_depth(Some(depth.saturating_add(1)))
        .sort_by_file_name(|a, b| a.cmp(b));
    let (mut batch, mut sent, mut since) = (Vec::new(), 0usize, std::time::Instant::now());
    // Unreadable directories and link loops come as errors: skipped.
    for e in builder.build().filter_map(Result::ok) {
        let path = e.path();
        let name = e.file_name().to_string_lossy();
        // The name first: a file that is not listed costs no system call.
        if name.starts_with('.') || name.ends_with(".annotty.toml") || !named_article(path) {
            continue;
        }
        let Ok(meta) = std::fs::metadata(path) else {
            continue;
        };
        if !meta.is_file() || !is_article(path) {
            continue;
        }
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().into_owned();
        batch.push(Entry::new(
            rel,
            meta.len(),
            EntrySource::File(path.to_path_buf()),
        ));
        let due = match sent {
            0 => batch.len() >= FIRST_BATCH,
            _ => since.elapsed() >= BATCH_EVERY,
        };
        if due {
            sent += batch.len();
            since = std::time::Instant::now();
            if !send(std::mem::take(&mut batch)) {
                return;
            }
        }
    }
    if !batch.is_empty() {
        send(batch);
    }
}

/// The library of directory `dir` with every article listed (as
/// [`list_dir_in_batches`] lists them), for a caller that needs them all
/// at once.
pub fn list_dir(dir: &Path, depth: usize) -> Result<Library, String> {
    let mut library = dir_library(dir, depth)?;
    let mut all = Vec::new();
    list_dir_in_batches(dir, depth, &mut |batch| {
        all.extend(batch);
        true
    });
    library.add_listed(all, true);
    Ok(library)
}

#[cfg(test)]
pub(crate) mod tests {
    #[test]
    fn paths_are_shortened_to_the_current_directory_or_home() {
        use super::shorten;
        let p = Path::new("/home/ann/texts/reading-slowly.txt.annotty.toml");
        let (home, cwd) = (Path::new("/home/ann"), Path::new("/home/ann/texts"));
        assert_eq!(
            shorten(p, Some(cwd), Some(home)),
            "reading-slowly.txt.annotty.toml"
        );
        assert_eq!(
            shorten(p, Some(Path::new("/tmp")), Some(home)),
            "~/texts/reading-slowly.txt.annotty.toml"
        );
        assert_eq!(
            shorten(p, Some(Path::new("/")), None),
            "/home/ann/texts/reading-slowly.txt.annotty.toml"
        );
    }

    use super::*;

    #[test]
    fn a_directory_is_listed_in_batches_the_first_a_screen_and_more() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        for i in 0..FIRST_BATCH + 50 {
            std::fs::write(dir.path().join(format!("a-{i:04}.txt")), "words\n").unwrap();
        }
        std::fs::write(sub.join("inner.md"), "# inner\n").unwrap();
        std::fs::write(dir.path().join("notes"), "text without an extension\n").unwrap();
        std::fs::write(dir.path().join("program"), b"\x7fELF\0\x01").unwrap();
        std::fs::write(dir.path().join("picture.png"), b"\x89PNG").unwrap();
        std::fs::write(dir.path().join("a-0000.txt.annotty.toml"), "").unwrap();
        let mut batches: Vec<Vec<String>> = Vec::new();
        list_dir_in_batches(dir.path(), 1, &mut |b| {
            batches.push(b.into_iter().map(|e| e.name).collect());
            true
        });
        assert_eq!(
            batches[0].len(),
            FIRST_BATCH,
            "the first screen comes first"
        );
        let all: Vec<String> = batches.concat();
        assert_eq!(all.len(), FIRST_BATCH + 50 + 2);
        assert_eq!(all[0], "a-0000.txt");
        assert_eq!(&all[FIRST_BATCH + 50..], ["notes", "sub/inner.md"]);
        // A caller that stops the listing gets no more.
        let mut calls = 0;
        list_dir_in_batches(dir.path(), 1, &mut |_| {
            calls += 1;
            false
        });
        assert_eq!(calls, 1);
        // `list_dir` is the same listing at once.
        let lib = list_dir(dir.path(), 1).unwrap();
        let names: Vec<String> = lib.entries.into_iter().map(|e| e.name).collect();
        assert_eq!(names, all);
        assert_eq!(lib.listing, None);
        // Depth 0: only the directory's own.
        assert!(
            !list_dir(dir.path(), 0)
                .unwrap()
                .entries
                .iter()
                .any(|e| e.name.contains('/'))
        );
    }

    #[test]
    fn errors_name_the_path_and_reason() {
        let e = open_file(Path::new("/no/such/file.txt")).unwrap_err();
        assert_eq!(e, "/no/such/file.txt: No such file or directory");
        let e = open_file(Path::new("/")).unwrap_err();
        assert_eq!(e, "/: is a directory");
    }

    #[test]
    fn library_lists_text_files_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "b").unwrap();
        std::fs::write(dir.path().join("a.md"), "a").unwrap();
        std::fs::write(dir.path().join("notes"), "plain").unwrap();
        std::fs::write(dir.path().join("blob"), b"\0\x01").unwrap();
        std::fs::write(dir.path().join("pic.png"), "x").unwrap();
        std::fs::write(dir.path().join("b.txt.annotty.toml"), "x").unwrap();
        let lib = list_dir(dir.path(), 3).unwrap();
        let names: Vec<_> = lib.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a.md", "b.txt", "notes"]);
    }

    /// Subdirectories down to the depth asked for, a loop of links walked
    /// once, an unreadable directory skipped.
    #[test]
    fn a_directory_is_listed_to_its_depth_safely() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("one/two/three/four")).unwrap();
        std::fs::write(d.join("top.txt"), "t").unwrap();
        std::fs::write(d.join("one/a.txt"), "a").unwrap();
        std::fs::write(d.join("one/two/b.txt"), "b").unwrap();
        std::fs::write(d.join("one/two/three/c.txt"), "c").unwrap();
        std::fs::write(d.join("one/two/three/four/d.txt"), "d").unwrap();
        std::os::unix::fs::symlink(d, d.join("one/loop")).unwrap();
        std::fs::create_dir(d.join("locked")).unwrap();
        std::fs::write(d.join("locked/secret.txt"), "s").unwrap();
        std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
        // Run as root, the locked directory is readable after all.
        let root = std::fs::read_dir(d.join("locked")).is_ok();
        let names = |depth| {
            let lib = list_dir(d, depth).unwrap();
            lib.entries
                .iter()
                .map(|e| e.name.clone())
                .filter(|n| !(root && n == "locked/secret.txt"))
                .collect::<Vec<_>>()
        };
        let (zero, one, three) = (names(0), names(1), names(3));
        std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(zero, ["top.txt"]);
        assert_eq!(one, ["one/a.txt", "top.txt"]);
        assert_eq!(
            three,
            [
                "one/a.txt",
                "one/two/b.txt",
                "one/two/three/c.txt",
                "top.txt"
            ]
        );
    }

    /// A Windows-1252 article of about 3 MiB opened as the reader opens it
    /// (its start decoded, the rest to do), and its whole text decoded.
    pub(crate) fn partly_decoded_cp1252() -> (Document, Vec<u8>) {
        let line: &[u8] = b"Jane\x92s caf\xe9 \x97 \x93quoted\x94 text, and more words here.\n";
        let bytes = line.repeat((3 << 20) / line.len());
        let whole = crate::encoding::to_utf8(&bytes, encoding_rs::WINDOWS_1252).unwrap();
        let doc = Document::decode_in_steps("cp.txt", Bytes::Owned(bytes), &Decoding::default());
        assert!(doc.rest.is_some(), "decoded in two steps");
        (doc, whole)
    }

    #[test]
    fn a_decoded_legacy_article_is_kept_in_a_nameless_mapped_file() {
        let (doc, whole) = partly_decoded_cp1252();
        let rest = doc.rest.clone().unwrap();
        let never = AtomicBool::new(false);
        let dir = tempfile::tempdir().unwrap();
        let (got, _) = decode_rest(&rest, doc.bytes(), Some(dir.path()), &never).unwrap();
        assert!(matches!(got, Bytes::Mapped(_)), "a file-backed mapping");
        assert!(*got == *whole, "holding the decoded text");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the file has no name: it goes when annotty does"
        );
        let cancelled = AtomicBool::new(true);
        assert!(decode_rest(&rest, doc.bytes(), Some(dir.path()), &cancelled).is_none());
    }

    #[test]
    fn a_cache_dir_that_cannot_be_written_falls_back_to_memory() {
        let (doc, whole) = partly_decoded_cp1252();
        let rest = doc.rest.clone().unwrap();
        let never = AtomicBool::new(false);
        let dir = tempfile::tempdir().unwrap();
        // Under a file: no directory can be made there (even by root).
        let file = dir.path().join("a-file");
        std::fs::write(&file, "x").unwrap();
        for bad in [Some(file.join("cache").as_path()), None] {
            let (got, _) = decode_rest(&rest, doc.bytes(), bad, &never).unwrap();
            assert!(matches!(got, Bytes::Owned(_)), "in memory");
            assert!(*got == *whole, "the same text");
        }
        assert!(decode_rest(&rest, doc.bytes(), None, &AtomicBool::new(true)).is_none());
    }

    #[test]
    fn seeds_are_bundled() {
        let lib = seeds_library();
        assert!(lib.entries.len() >= 3);
        let doc = open_entry(&lib.entries[0].source, &Decoding::default()).unwrap();
        assert!(doc.len() > 1000);
    }
}
