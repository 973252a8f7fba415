//! `annotty import`: highlights and notes made elsewhere, into sidecars.
//!
//! One module owns each format and only parses it (bytes in, records out,
//! no file system): [`kindle`] (`My Clippings.txt`), [`koreader`] (its
//! exporter's JSON and Markdown), [`hypothesis`] (its API's and export's
//! JSON), [`readwise`] (its CSV export); the W3C Web Annotation JSON that
//! `annotty export -f json` writes is [`crate::export::import`]'s. Each
//! returns [`Imported`] records and a [`Parsed`] summary of what it could
//! not read; [`library`] matches their books to articles; [`place`] is the
//! one place where annotations meet an article (placed through the
//! notebook, duplicates skipped, counted, saved atomically per article);
//! [`run`] reads the file, ties them together and writes the report.
//!
//! Bytes become text in [`decode`]: a byte-order mark is dropped (UTF-16
//! ones decode the file as UTF-16), CRLF and CR read as LF, and a line
//! that is not UTF-8 is read as Windows-1252 (Latin-1's superset) and
//! counted, never a reason to stop.

pub mod hypothesis;
pub mod kindle;
pub mod koreader;
pub mod library;
pub mod place;
pub mod readwise;
pub mod run;

pub use place::{ArticleReport, Incoming};
pub use run::{Outcome, Request, run};

use crate::text::CharPos;

/// The formats `--from` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// W3C Web Annotation JSON (what `annotty export -f json` writes).
    W3c,
    /// Kindle's `My Clippings.txt`.
    Kindle,
    /// KOReader's exporter plugin: JSON or Markdown (told apart by the
    /// first character that is not a space: `{` or `[` is JSON).
    Koreader,
    /// Hypothesis: its API's search result (`rows`), its client's export
    /// (`annotations`), or a list of annotations.
    Hypothesis,
    /// Readwise's CSV export.
    Readwise,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::W3c => "w3c",
            Format::Kindle => "kindle",
            Format::Koreader => "koreader",
            Format::Hypothesis => "hypothesis",
            Format::Readwise => "readwise",
        }
    }

    /// The format's name as its program spells it, for messages.
    pub fn title(self) -> &'static str {
        match self {
            Format::W3c => "W3C",
            Format::Kindle => "Kindle",
            Format::Koreader => "KOReader",
            Format::Hypothesis => "Hypothesis",
            Format::Readwise => "Readwise",
        }
    }

    /// What a file of this format holds, in a few words (said when a file
    /// yields no highlight).
    pub fn expected(self) -> &'static str {
        match self {
            Format::W3c => crate::export::import::EXPECTED,
            Format::Kindle => kindle::EXPECTED,
            Format::Koreader => koreader::EXPECTED,
            Format::Hypothesis => hypothesis::EXPECTED,
            Format::Readwise => readwise::EXPECTED,
        }
    }
}

/// The book (or web page) an entry was made in, as the file names it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash, PartialOrd, Ord)]
pub struct Book {
    pub title: String,
    /// Empty when unknown.
    pub author: String,
    /// Hypothesis's `uri`: a `file://` one names the article.
    pub uri: Option<String>,
}

impl Book {
    /// `"Title" by Author`, for reports.
    pub fn shown(&self) -> String {
        let title = crate::sanitize::line(&self.title);
        match self.author.is_empty() {
            true => format!("\"{title}\""),
            false => format!("\"{title}\" by {}", crate::sanitize::line(&self.author)),
        }
    }
}

/// One highlight (with its note, if any) read from another program's file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    pub book: Book,
    /// The highlighted text.
    pub quote: String,
    /// The note written on it (empty: none).
    pub note: String,
    /// Tags, in the file's order; the first becomes the annotation's tag
    /// (default `highlight`), the others are added to the note as `#tag`.
    pub tags: Vec<String>,
    /// When it was made, RFC 3339 (UTC when the file gives no zone).
    pub created: Option<String>,
    /// When it was last changed, RFC 3339.
    pub modified: Option<String>,
    /// The program's own place for it (Kindle's location, a page, a
    /// chapter) as written: part of its id, never a position in our text.
    pub location: String,
    /// Char offsets in the text it was made on (Hypothesis's
    /// TextPositionSelector), half-open.
    pub position: Option<(CharPos, CharPos)>,
    /// Context before and after the quote, when the file has it.
    pub prefix: String,
    pub suffix: String,
    /// The file's own id for it, if it has one.
    pub id: Option<String>,
}

impl Imported {
    /// The annotation to place. Its id is the file's (as a UUID made from
    /// it) or one made from the format, book, location and quote — not the
    /// note, so a note edited elsewhere and imported again replaces the
    /// old one when it is newer.
    pub fn incoming(&self, format: Format) -> Incoming {
        let seed = match &self.id {
            Some(id) => format!("annotty import\0{}\0{id}", format.name()),
            None => format!(
                "annotty import\0{}\0{}\0{}\0{}\0{}",
                format.name(),
                self.book.title,
                self.book.author,
                self.location,
                self.quote
            ),
        };
        let mut tags = self
            .tags
            .iter()
            .map(|t| tag_name(t))
            .filter(|t| !t.is_empty());
        let tag = tags.next();
        let rest: Vec<String> = tags.map(|t| format!("#{t}")).collect();
        let mut note = self.note.trim().to_string();
        if !rest.is_empty() {
            if !note.is_empty() {
                note.push_str("\n\n");
            }
            note.push_str(&rest.join(" "));
        }
        Incoming {
            id: crate::export::json::uuid8(&seed),
            source: self.book.uri.clone(),
            path: None,
            exact: Some(self.quote.clone()),
            prefix: self.prefix.clone(),
            suffix: self.suffix.clone(),
            start: self.position.map(|p| p.0),
            end: self.position.map(|p| p.1),
            tag,
            note,
            created: self.created.clone(),
            modified: self.modified.clone(),
            state: None,
        }
    }
}

/// A tag as annotty names tags: lower case, spaces as `-`.
fn tag_name(t: &str) -> String {
    let t = t.trim().trim_start_matches('#').to_lowercase();
    t.split_whitespace().collect::<Vec<_>>().join("-")
}

/// What a parser read, and what it could not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub entries: Vec<Imported>,
    /// Entries left out, each with why (a bookmark, a note that follows no
    /// highlight, an entry cut off at the end, one with no text).
    pub left_out: Vec<String>,
    /// Lines that were not UTF-8 and were read as Windows-1252.
    pub recoded_lines: usize,
}

/// Parse `bytes` as `format` (not [`Format::W3c`], which
/// [`crate::export::import`] reads).
pub fn parse(format: Format, bytes: Vec<u8>) -> Result<Parsed, String> {
    let (text, recoded_lines) = decode_owned(bytes);
    let mut parsed = match format {
        Format::Kindle => kindle::parse(&text),
        Format::Koreader => koreader::parse(&text)?,
        Format::Hypothesis => hypothesis::parse(&text)?,
        Format::Readwise => readwise::parse(&text)?,
        Format::W3c => return Err("W3C JSON is read by export::import".into()),
    };
    parsed.recoded_lines = recoded_lines;
    Ok(parsed)
}

/// `bytes` as text: a byte-order mark dropped (a UTF-16 one decodes the
/// whole as UTF-16), every line ending read as LF, a U+FEFF at a line's
/// start dropped (Kindle writes one before some titles), and each line
/// that is not UTF-8 read as Windows-1252. Returns the text and how many
/// lines were read as Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, usize) {
    decode_owned(bytes.to_vec())
}

/// [`decode`] of a buffer it may reuse: a UTF-8 file with LF line ends is
/// not copied, one with CRLF is copied once, so a large file costs about
/// twice its size at most.
pub fn decode_owned(mut bytes: Vec<u8>) -> (String, usize) {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(&bytes)
        && enc != encoding_rs::UTF_8
    {
        let (text, _, _) = enc.decode(&bytes);
        return (normalise(text.into_owned()), 0);
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return (normalise(text), 0),
        Err(e) => e.into_bytes(),
    };
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut recoded = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(s) => text.push_str(s),
            Err(_) => {
                recoded += 1;
                text.push_str(
                    &encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(line)
                        .0,
                );
            }
        }
    }
    drop(bytes);
    (normalise(text), recoded)
}

/// CRLF and CR as LF, U+FEFF at the start and at line starts dropped; in
/// one pass, and none when there is nothing to change.
fn normalise(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    };
    if !text.contains(['\r', '\u{feff}']) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut line_start = true;
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
                line_start = true;
                continue;
            }
            '\u{feff}' if line_start => continue,
            _ => out.push(c),
        }
        line_start = c == '\n';
    }
    out
}

/// Milliseconds since the Unix epoch of a civil time in UTC, if it is one.
pub(crate) fn civil_millis(date: [u32; 3], time: [u32; 3], millis: u32) -> Option<u64> {
    let [y, mo, d] = date;
    let [h, mi, s] = time;
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    if h > 23 || mi > 59 || s > 60 || millis > 999 {
        return None;
    }
    // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
    let (y, mo, d) = (
        i64::from(y) - i64::from(mo <= 2),
        i64::from(mo),
        i64::from(d),
    );
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if mo > 2 { mo - 3 } else { mo + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + i64::from(h * 3600 + mi * 60 + s);
    u64::try_from(secs * 1000 + i64::from(millis)).ok()
}

/// An ISO 8601 time as the files write it — `2026-12-05 10:14:03`,
/// `2026-12-05T10:14:03Z`, `2026-12-05T10:14:03.123456+01:00`, or a date
/// alone — as annotty's RFC 3339 (UTC, milliseconds). No zone: UTC.
pub(crate) fn iso_time(s: &str) -> Option<String> {
    let s = s.trim();
    let num = |t: &str| t.parse::<u32>().ok();
    let (date, rest) = s.split_at(s.len().min(10));
    let mut d = date.split('-').map(num);
    let date = [d.next()??, d.next()??, d.next()??];
    let rest = rest.trim_start_matches(['T', ' ']);
    let (clock, zone) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let (clock, frac) = clock.split_once('.').unwrap_or((clock, ""));
    let mut c = clock.split(':').map(num);
    let time = match clock.trim() {
        "" => [0, 0, 0],
        _ => [c.next()??, c.next()??, c.next().unwrap_or(Some(0))?],
    };
    let millis = frac
        .get(..frac.len().min(3))
        .and_then(|f| num(&format!("{f:0<3}")))
        .unwrap_or(0);
    let mut at = civil_millis(date, time, millis)? as i64;
    if let Some(sign) = zone.chars().next().filter(|c| matches!(c, '+' | '-')) {
        let z = zone[1..].replace(':', "");
        let (h, m) = (num(z.get(..2)?)?, num(z.get(2..4).unwrap_or("0"))?);
        let offset = i64::from(h * 60 + m) * 60_000;
        at -= if sign == '+' { offset } else { -offset };
    }
    Some(crate::annotation::rfc3339(u64::try_from(at).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_become_text_whatever_the_encoding_of_a_line() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\r\n"), ("a\nb\n".into(), 0));
        assert_eq!(
            decode(b"caf\xC3\xA9\ncaf\xE9\n"),
            ("café\ncafé\n".into(), 1)
        );
        assert_eq!(
            decode("x\n\u{feff}Title\n".as_bytes()),
            ("x\nTitle\n".into(), 0)
        );
        assert_eq!(decode(b"\xFF\xFEa\x00\n\x00"), ("a\n".into(), 0));
    }

    #[test]
    fn times_become_rfc3339_in_utc() {
        assert_eq!(
            iso_time("2026-12-05 10:14:03").as_deref(),
            Some("2026-12-05T10:14:03.000Z")
        );
        assert_eq!(
            iso_time("2026-12-05T10:14:03.123456+01:30").as_deref(),
            Some("2026-12-05T08:44:03.123Z")
        );
        assert_eq!(
            iso_time("2024-02-29").as_deref(),
            Some("2024-02-29T00:00:00.000Z")
        );
        assert_eq!(iso_time("yesterday"), None);
        assert_eq!(iso_time("2026-13-01"), None);
    }

    #[test]
    fn the_id_does_not_depend_on_the_note_and_extra_tags_join_it() {
        let mut a = Imported {
            quote: "q".into(),
            tags: vec!["Big Idea".into(), "#two".into()],
            ..Imported::default()
        };
        let one = a.incoming(Format::Kindle);
        assert_eq!(one.tag.as_deref(), Some("big-idea"));
        assert_eq!(one.note, "#two");
        a.note = "changed".into();
        assert_eq!(a.incoming(Format::Kindle).id, one.id);
        assert_ne!(a.incoming(Format::Readwise).id, one.id);
    }
}
