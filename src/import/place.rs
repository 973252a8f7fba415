//! The one place where imported annotations meet an article: every
//! importer (W3C JSON, Kindle, KOReader, Hypothesis, Readwise) hands its
//! annotations here as [`Incoming`]s, grouped by article; [`plan`] places
//! them on the article's text through [`notebook::place_foreign`] (so
//! through [`crate::anchor`], the one anchoring), drops duplicates and
//! counts what happened; [`Plan::save`] writes the article's sidecar in one
//! atomic save ([`crate::store::Store::save`]: merge by id, lock, atomic
//! replace) — or, for a dry run, nothing.
//!
//! **Duplicates** (skipped, counted): an annotation whose id the sidecar
//! already has in a version changed at the same time or later (or
//! deleted); one the sidecar (or this import, earlier) already has with
//! the same quote on the same range and the same note — a highlight
//! imported from Kindle and again from Readwise, or made in annotty too;
//! and the same id twice in one file. So importing twice adds nothing.
//!
//! **Placement**: exact where its position says (keeping the state it came
//! with), exact elsewhere by quote and context, approximately
//! (`state = "fuzzy"`), or kept as an orphan (`state = "orphan"`) at its
//! old position — never dropped. A quote without a position (Kindle,
//! KOReader, Readwise) is expected at the text's start; when the text
//! holds it only with other whitespace (an article hard-wrapped where the
//! e-book was not), the position where it is found with whitespace runs
//! read as one space is given to the anchoring as the expected place, so
//! it is placed approximately there (and the reader asks to confirm).

use crate::annotation::{Annotation, State, rfc3339};
use crate::encoding::Decoding;
use crate::notebook::{self, Places};
use crate::store::{DocInfo, Store};
use crate::text::CharPos;
use crate::{sanitize, source, text};
use std::path::{Path, PathBuf};

/// One annotation as an importer read it, before it is placed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Incoming {
    /// The annotation id (`urn:uuid:` taken off); importers derive one
    /// from the contents when the file has none.
    pub id: String,
    /// The target's source, as written.
    pub source: Option<String>,
    /// The target's `annotty:path`: the article's path as named when it
    /// was exported (an IRI reference; older exports had it as the source).
    pub path: Option<String>,
    pub exact: Option<String>,
    pub prefix: String,
    pub suffix: String,
    /// Char offsets in the text the annotation was made on, half-open.
    pub start: Option<CharPos>,
    pub end: Option<CharPos>,
    pub tag: Option<String>,
    pub note: String,
    /// RFC 3339.
    pub created: Option<String>,
    pub modified: Option<String>,
    /// `annotty:state`.
    pub state: Option<String>,
}

/// What happened to one article's annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleReport {
    pub article: PathBuf,
    pub sidecar: PathBuf,
    /// Annotations written (new, or newer than the sidecar's):
    /// `placed + fuzzy + orphans`.
    pub imported: usize,
    /// Of those, placed exactly.
    pub placed: usize,
    /// Of the placed ones, found by their quote somewhere else than their
    /// position.
    pub moved: usize,
    /// Placed approximately (`state = "fuzzy"`).
    pub fuzzy: usize,
    /// Whose quote was not found (`state = "orphan"`).
    pub orphans: usize,
    /// Skipped: already in the sidecar (or twice in the file).
    pub duplicates: usize,
}

impl ArticleReport {
    /// One line for people: `ARTICLE: 3 imported (2 placed, 1 moved by
    /// quote, 0 fuzzy, 1 orphaned), 4 duplicates skipped; SIDECAR`.
    pub fn line(&self, dry_run: bool) -> String {
        format!(
            "{}: {} imported ({} placed, {} moved by quote, {} fuzzy, {} orphaned), \
             {} duplicates skipped; {}{}",
            source::shown(&self.article),
            self.imported,
            self.placed,
            self.moved,
            self.fuzzy,
            self.orphans,
            self.duplicates,
            source::shown(&self.sidecar),
            if dry_run {
                " (dry run: not written)"
            } else {
                ""
            }
        )
    }
}

/// One article's placed annotations, ready to be saved.
#[derive(Debug)]
pub struct Plan {
    pub report: ArticleReport,
    store: Store,
    doc: DocInfo,
    out: Vec<Annotation>,
}

impl Plan {
    /// Write the article's sidecar: one atomic save, or nothing when
    /// there is nothing new.
    pub fn save(&self) -> Result<(), String> {
        if self.out.is_empty() {
            return Ok(());
        }
        self.store
            .save(&self.doc, &self.out)
            .map(drop)
            .map_err(|e| sanitize::line(&e.to_string()))
    }
}

/// An import that stopped: why (one line), and the articles whose
/// sidecars were saved before it stopped (none when an article could not
/// be read or placed: nothing is written then).
#[derive(Debug)]
pub struct Stopped {
    pub error: String,
    pub saved: Vec<ArticleReport>,
}

impl From<String> for Stopped {
    fn from(error: String) -> Self {
        Stopped {
            error,
            saved: Vec::new(),
        }
    }
}

/// Place every group's annotations on its article, then save each
/// article's sidecar (unless `dry_run`): nothing is written unless every
/// article could be read and placed. A save that fails stops the import;
/// the articles saved before it are in [`Stopped::saved`].
pub fn import_all(
    groups: Vec<(PathBuf, Vec<Incoming>)>,
    places: &Places,
    decoding: &Decoding,
    now_millis: u64,
    dry_run: bool,
) -> Result<Vec<ArticleReport>, Stopped> {
    let plans = groups
        .into_iter()
        .map(|(path, list)| plan(&path, list, places, decoding, now_millis))
        .collect::<Result<Vec<Plan>, String>>()?;
    if !dry_run {
        for (i, p) in plans.iter().enumerate() {
            if let Err(error) = p.save() {
                let saved = plans.into_iter().take(i).map(|p| p.report).collect();
                return Err(Stopped { error, saved });
            }
        }
    }
    Ok(plans.into_iter().map(|p| p.report).collect())
}

/// Place `list` on the article at `path` (read with `decoding`) and say
/// what a save would do; touches no sidecar.
pub fn plan(
    path: &Path,
    list: Vec<Incoming>,
    places: &Places,
    decoding: &Decoding,
    now_millis: u64,
) -> Result<Plan, String> {
    let doc = source::open_file_as(path, decoding)?;
    let bytes = doc.bytes();
    let article = notebook::Article::of_document(path, &doc);
    let located = notebook::locate(&article, places).filter(|l| l.readonly.is_none());
    let Some(located) = located else {
        return Err(format!(
            "{}: its folder is read-only and there is no data directory (use --store DIR)",
            source::shown(path)
        ));
    };
    let store = located.store;
    let mut info = located.doc;
    info.origin = list
        .iter()
        .filter_map(|a| a.source.as_deref())
        .find(|s| {
            let file = s
                .trim()
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("file:"));
            crate::export::json::origin_uri(s).is_some() && !file
        })
        .map(|s| s.trim().to_string());
    let existing = store
        .load()
        .map_err(|e| notebook::unreadable(&e))?
        .map(|s| s.annotations)
        .unwrap_or_default();
    let text = text::decode(bytes, 0..bytes.len());
    let now = rfc3339(now_millis);
    let mut report = ArticleReport {
        article: path.to_path_buf(),
        sidecar: store.path().to_path_buf(),
        imported: 0,
        placed: 0,
        moved: 0,
        fuzzy: 0,
        orphans: 0,
        duplicates: 0,
    };
    let mut collapsed = None;
    // The position each quoted one came with, if any.
    let mut given: Vec<Option<CharPos>> = Vec::new();
    // Those with a quote are placed by it; those without by position.
    let (mut quoted, mut out): (Vec<Annotation>, Vec<Annotation>) = (Vec::new(), Vec::new());
    for inc in list {
        let old = existing.iter().find(|e| e.id == inc.id);
        let updated = inc.modified.clone().or_else(|| inc.created.clone());
        if let Some(old) = old {
            let last = match &old.deleted {
                Some(d) if *d > old.updated => d,
                _ => &old.updated,
            };
            if updated.as_ref().is_none_or(|u| u <= last) {
                report.duplicates += 1;
                continue;
            }
        }
        if quoted.iter().chain(&out).any(|a| a.id == inc.id) {
            report.duplicates += 1; // the same id twice in the file: the first wins
            continue;
        }
        let quote = inc.exact.as_deref().map(|q| q.replace("\r\n", "\n"));
        let start = match (inc.start, quote.as_deref()) {
            (Some(s), _) => s,
            (None, Some(q)) if !q.is_empty() && !text.contains(q) => {
                let c = collapsed.get_or_insert_with(|| Collapsed::new(&text));
                c.find(q).unwrap_or_default()
            }
            _ => CharPos::default(),
        };
        let quote_chars = quote.as_deref().map_or(0, |q| q.chars().count() as u64);
        let end = inc.end.filter(|_| inc.start.is_some());
        let end = end.unwrap_or(start + quote_chars);
        let extra = old.map(|o| o.extra.clone()).unwrap_or_default();
        let created = inc
            .created
            .clone()
            .or_else(|| inc.modified.clone())
            .unwrap_or_else(|| now.clone());
        let mut a = Annotation {
            id: inc.id,
            start,
            end,
            quote: quote.clone().unwrap_or_default(),
            prefix: inc.prefix,
            suffix: inc.suffix,
            tag: inc.tag.unwrap_or_else(|| "highlight".into()),
            note: inc.note,
            created: created.clone(),
            updated: updated.unwrap_or(created),
            deleted: None,
            state: inc
                .state
                .as_deref()
                .and_then(State::from_name)
                .unwrap_or_default(),
            score: None,
            draft: None,
            extra,
        };
        if quote.is_some_and(|q| !q.is_empty()) {
            given.push(inc.start);
            quoted.push(a);
            continue;
        }
        // No quote: the position is all there is; the quote is the text
        // there.
        let text_end = CharPos::default() + article.chars;
        if a.start > text_end {
            a.start = text_end;
            a.state = State::Orphan;
        }
        a.end = a.end.clamp(a.start, text_end);
        let at = |c: CharPos| text::byte_of_char(text.as_bytes(), c);
        let range = at(a.start)..at(a.end);
        a.quote = text[range.start.0..range.end.0].to_string();
        (a.prefix, a.suffix) = crate::annotation::context(text.as_bytes(), range);
        out.push(a);
    }
    notebook::place_foreign(&text, &mut quoted);
    // Placed exactly somewhere else than the position it came with (those
    // placed by position, first in `out`, were not moved).
    let moved: Vec<bool> = std::iter::repeat_n(false, out.len())
        .chain(
            quoted
                .iter()
                .zip(&given)
                .map(|(a, g)| a.state == State::Placed && g.is_some_and(|g| g != a.start)),
        )
        .collect();
    out.append(&mut quoted);
    // Duplicates by content: the same quote on the same range with the
    // same note as one the sidecar has, or one met earlier here.
    let key = |a: &Annotation| (a.start, a.end, a.quote.clone(), a.note.clone());
    let mut seen: std::collections::HashSet<_> = existing
        .iter()
        .filter(|e| e.is_live() && !out.iter().any(|a| a.id == e.id))
        .map(key)
        .collect();
    let mut i = 0;
    out.retain(|a| {
        let fresh = seen.insert(key(a));
        match (fresh, a.state) {
            (false, _) => report.duplicates += 1,
            (true, State::Orphan) => report.orphans += 1,
            (true, State::Fuzzy) => report.fuzzy += 1,
            (true, _) => {
                report.placed += 1;
                report.moved += usize::from(moved[i]);
            }
        }
        i += 1;
        fresh
    });
    report.imported = out.len();
    Ok(Plan {
        report,
        store,
        doc: info,
        out,
    })
}

/// The text with every run of whitespace read as one space, and where
/// each of its chars was in the text: for quotes that a hard-wrapped
/// article holds with line breaks where the e-book had spaces.
struct Collapsed {
    text: String,
    /// The char offset in the original text of each char of `text`.
    origin: Vec<u64>,
}

impl Collapsed {
    fn new(original: &str) -> Collapsed {
        let (text, origin) = collapse(original);
        Collapsed { text, origin }
    }

    /// Where `quote` (whitespace runs read as one space) starts in the
    /// original text, as a char offset: the first occurrence.
    fn find(&self, quote: &str) -> Option<CharPos> {
        let (q, _) = collapse(quote.trim());
        if q.is_empty() {
            return None;
        }
        let at = memchr::memmem::find(self.text.as_bytes(), q.as_bytes())?;
        let chars = self.text[..at].chars().count();
        self.origin.get(chars).map(|&c| CharPos(c))
    }
}

fn collapse(s: &str) -> (String, Vec<u64>) {
    let mut text = String::with_capacity(s.len());
    let mut origin = Vec::new();
    let mut space = false;
    for (i, ch) in s.chars().enumerate() {
        if ch.is_whitespace() {
            if !space {
                text.push(' ');
                origin.push(i as u64);
            }
            space = true;
        } else {
            text.push(ch);
            origin.push(i as u64);
            space = false;
        }
    }
    (text, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_with_other_whitespace_is_expected_where_it_is() {
        let c = Collapsed::new("Ab cd\nef  gh\n\nij kl");
        assert_eq!(c.find("ef gh ij"), Some(CharPos(6)));
        assert_eq!(c.find("cd  ef"), Some(CharPos(3)));
        assert_eq!(c.find("zz"), None);
        assert_eq!(c.find("   "), None);
    }
}
