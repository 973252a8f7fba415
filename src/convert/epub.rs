//! An EPUB book → one Markdown snapshot: its chapters in spine order, each
//! under its title as a heading (from the table of contents; a chapter
//! that starts with a heading of its own keeps that), footnotes as
//! Markdown footnotes (`[^ID]` and `[^ID]: text`; an id two notes of the
//! book share gets `-2`, `-3`… on the later one), images as
//! `[image: ALT]`, links inside the book as their text.
//!
//! The book is read from memory, never unpacked: entry names (`../x`,
//! `/etc/x`) only name entries of the archive. Before rbook reads it, the
//! archive is checked against [`Limits`] by reading every entry through
//! (zip bombs: the entries' real sizes count, not what the directory
//! claims). A chapter that cannot be read is left out and said; a book
//! without a spine has its documents read in the manifest's order (and
//! says so); a book without any chapter with text is an error.

use super::front_matter::Meta;
use super::nesting::MAX_NESTING;
use super::{Snapshot, dom};
use dom_query::{Document, NodeRef};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// What made the snapshot, for its front matter.
pub const CONVERTER: &str = concat!("annotty ", env!("CARGO_PKG_VERSION"), " (rbook 0.7)");

/// The entry that names the book's package document.
const CONTAINER: &str = "META-INF/container.xml";

/// The most an EPUB may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub entries: usize,
    /// Bytes of one entry, uncompressed.
    pub entry_bytes: u64,
    /// Bytes of all entries, uncompressed.
    pub total_bytes: u64,
}

/// 10 000 entries, 64 MiB each, 256 MiB in all.
pub const LIMITS: Limits = Limits {
    entries: 10_000,
    entry_bytes: 64 << 20,
    total_bytes: 256 << 20,
};

/// The snapshot of the EPUB `bytes` (`origin`: where it came from;
/// `saved`: the time, RFC 3339).
pub fn convert(bytes: &[u8], origin: Option<&str>, saved: &str) -> Result<Snapshot, String> {
    convert_within(bytes, origin, saved, LIMITS)
}

/// [`convert`] with other limits (the tests use small ones).
pub fn convert_within(
    bytes: &[u8],
    origin: Option<&str>,
    saved: &str,
    limits: Limits,
) -> Result<Snapshot, String> {
    check(bytes, limits)?;
    let epub = rbook::Epub::read(Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("not a readable EPUB: {}", first_line(&e.to_string())))?;
    let md = epub.metadata();
    let mut meta = Meta {
        title: md.title().map(|t| t.value().to_string()),
        author: Some(
            md.creators()
                .map(|c| c.value().trim().to_string())
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
        )
        .filter(|a| !a.is_empty()),
        site: md.publishers().next().map(|p| p.value().to_string()),
        // As the book gives it (`2025`, `2025-03-14`), not reparsed.
        published: md
            .published_entry()
            .map(|d| d.value().trim().to_string())
            .filter(|d| !d.is_empty()),
        saved: Some(saved.to_string()),
        origin: origin.map(str::to_string),
        converter: Some(CONVERTER.into()),
    };
    meta.title = meta.title.filter(|t| !t.trim().is_empty());

    let labels = toc_labels(&epub);
    let mut note_labels = NoteLabels::default();
    let mut body = String::new();
    let mut unread = 0usize;
    let mut chapters = 0usize;
    let mut too_deep = 0usize;
    let mut add = |href: &str, xhtml: &str| {
        // The parser's time grows with the square of the nesting.
        if super::nesting::depth(xhtml, MAX_NESTING) >= MAX_NESTING {
            too_deep += 1;
            return;
        }
        let label = labels.get(path_of(href)).map(String::as_str);
        let chapter = chapter_markdown(xhtml, label, file_of(href), &mut note_labels);
        if chapter.trim().is_empty() {
            return;
        }
        chapters += 1;
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(&chapter);
    };
    let spineless = epub.spine().is_empty();
    if spineless {
        // Best effort: the book's documents in the manifest's order.
        for entry in epub.manifest().readable_content() {
            if entry.properties().has_property("nav") {
                continue;
            }
            match entry.read_str() {
                Ok(xhtml) => add(entry.href().as_str(), &xhtml),
                Err(_) => unread += 1,
            }
        }
    } else {
        let mut reader = epub.reader();
        while let Some(item) = reader.read_next() {
            match item {
                Ok(content) => add(content.manifest_entry().href().as_str(), content.content()),
                Err(_) => unread += 1,
            }
        }
    }
    if chapters == 0 {
        return Err(match (unread, spineless) {
            _ if too_deep > 0 => {
                format!("not converted: the book's tags nest more than {MAX_NESTING} deep")
            }
            (0, true) => "not a readable EPUB: it has no spine and no chapters".into(),
            (0, false) => "not a readable EPUB: its chapters have no text".into(),
            _ => "not a readable EPUB: no chapter could be read".into(),
        });
    }
    let mut notes = Vec::new();
    if spineless {
        notes.push("the book has no spine: its documents are in the manifest's order".to_string());
    }
    if unread > 0 {
        notes.push(format!(
            "{} left out: it could not be read",
            crate::words::count(unread, "chapter")
        ));
    }
    if too_deep > 0 {
        notes.push(format!(
            "{} left out: nested more than {MAX_NESTING} deep",
            crate::words::count(too_deep, "chapter")
        ));
    }
    let notice = (!notes.is_empty()).then(|| notes.join("; "));
    Ok(Snapshot { meta, body, notice })
}

/// Refuse an archive past `limits`, reading every entry through.
fn check(bytes: &[u8], limits: Limits) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable EPUB: {}", first_line(&e.to_string())))?;
    if zip.len() > limits.entries {
        return Err(format!(
            "EPUB refused: {} entries (at most {})",
            zip.len(),
            limits.entries
        ));
    }
    if zip.index_for_name(CONTAINER).is_none() {
        return Err(format!("not a readable EPUB: {CONTAINER} is missing"));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("not a readable EPUB: {}", first_line(&e.to_string())))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let read = std::io::copy(
            &mut (&mut entry).take(limits.entry_bytes + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| {
            format!(
                "not a readable EPUB: {name}: {}",
                first_line(&e.to_string())
            )
        })?;
        if read > limits.entry_bytes {
            return Err(format!(
                "EPUB refused: entry {name} is larger than {} uncompressed (a zip bomb?)",
                crate::library::human_size(limits.entry_bytes)
            ));
        }
        total += read;
        if total > limits.total_bytes {
            return Err(format!(
                "EPUB refused: more than {} uncompressed in all (a zip bomb?)",
                crate::library::human_size(limits.total_bytes)
            ));
        }
    }
    Ok(())
}

/// The table of contents' first label for each chapter file (path without
/// fragment).
fn toc_labels(epub: &rbook::Epub) -> HashMap<String, String> {
    let mut labels = HashMap::new();
    if let Some(root) = epub.toc().contents() {
        for entry in root.flatten() {
            let Some(href) = entry.href() else { continue };
            let label = entry
                .label()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !label.is_empty() {
                labels
                    .entry(path_of(href.as_str()).to_string())
                    .or_insert(label);
            }
        }
    }
    labels
}

/// An href without its fragment.
fn path_of(href: &str) -> &str {
    href.split('#').next().unwrap_or(href)
}

/// The file name an href (without its fragment) ends in: `""` for a
/// fragment alone.
fn file_of(href: &str) -> &str {
    let path = path_of(href);
    path.rsplit('/').next().unwrap_or(path)
}

/// The footnote labels of a whole book: one per note (the file name of the
/// chapter that holds it, and its id), the id itself where no other note
/// of the book has it, and otherwise the id with `-2`, `-3`… — books often
/// number their notes `fn1`, `fn2`… again in every chapter, and a label
/// said twice would send every reference to the first note.
#[derive(Default)]
struct NoteLabels {
    by_note: HashMap<(String, String), String>,
    used: std::collections::HashSet<String>,
}

impl NoteLabels {
    /// The label of note `id` of the chapter file `file`.
    fn of(&mut self, file: &str, id: &str) -> String {
        let key = (file.to_string(), id.to_string());
        if let Some(label) = self.by_note.get(&key) {
            return label.clone();
        }
        let base = dom::note_label(id);
        let mut label = base.clone();
        for n in 2.. {
            if self.used.insert(label.clone()) {
                break;
            }
            label = format!("{base}-{n}");
        }
        self.by_note.insert(key, label.clone());
        label
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or_default()
}

/// Whether an element's `epub:type` or `role` names one of `kinds`.
fn is_a(node: &NodeRef, kinds: &[&str]) -> bool {
    let types = node
        .attr("epub:type")
        .map(|t| t.to_string())
        .unwrap_or_default();
    let role = node.attr("role").map(|t| t.to_string()).unwrap_or_default();
    types.split_whitespace().any(|t| kinds.contains(&t))
        || role
            .split_whitespace()
            .any(|r| r.strip_prefix("doc-").is_some_and(|r| kinds.contains(&r)))
}

/// One chapter's Markdown: its heading, its text, its footnotes (labelled
/// by `notes`; `file` is the chapter's file name, which the references
/// of other chapters name).
fn chapter_markdown(
    xhtml: &str,
    label: Option<&str>,
    file: &str,
    notes_of: &mut NoteLabels,
) -> String {
    let xhtml = dom::clean_input(xhtml);
    let doc = Document::from(xhtml.as_str());
    let title = doc.select("title").text().to_string();
    // Footnotes: taken out of the text, written after it.
    let mut notes: Vec<(String, String)> = Vec::new();
    for node in doc.select("*").nodes() {
        if is_a(node, &["footnote", "endnote", "rearnote"])
            && let Some(id) = node.attr("id")
        {
            for back in node.descendants() {
                if back.node_name().as_deref() == Some("a") && is_a(&back, &["backlink"]) {
                    back.remove_from_parent();
                }
            }
            let text = dom::markdown(node);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            notes.push((notes_of.of(file, &id), text));
            node.remove_from_parent();
        }
    }
    for a in doc.select("a").nodes() {
        let href = a.attr("href").map(|h| h.to_string()).unwrap_or_default();
        if is_a(a, &["noteref"]) {
            let id = href.rsplit('#').next().unwrap_or(&href);
            let target = match file_of(&href) {
                "" => file,
                other => other,
            };
            dom::note_ref(&doc, a, &notes_of.of(target, id));
        } else if !href.contains("://") && !href.starts_with("mailto:") {
            // A link inside the book means nothing in one article.
            match a.first_child() {
                Some(child) => child.unwrap_node(),
                None => a.remove_from_parent(),
            }
        }
    }
    dom::images_as_text(&doc);
    let body = doc.select("body");
    let mut text = match body.nodes().first() {
        Some(node) => dom::markdown(node),
        None => dom::markdown(&doc.root()),
    };
    let starts_with_heading = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.starts_with('#'));
    let heading = label
        .map(str::to_string)
        .or_else(|| Some(title.split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|h| !h.is_empty());
    if !starts_with_heading && let Some(h) = heading {
        text = if text.is_empty() {
            format!("# {h}\n")
        } else {
            format!("# {h}\n\n{text}")
        };
    }
    if !notes.is_empty() {
        text.push('\n');
        for (label, note) in notes {
            text.push_str(&format!("[^{label}]: {note}\n"));
        }
    }
    text
}
