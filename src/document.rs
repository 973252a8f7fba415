//! An open article: its name, its bytes, and what is known about them.
//! Reading files is not done here (see [`crate::source`]); a document can be
//! built from any bytes. Its bytes are the article's text as UTF-8 (see
//! [`crate::encoding`]): a byte-order mark is left out, and an article in a
//! legacy encoding is decoded once, when it is opened.

use crate::encoding::{self, Decoding};
use crate::haystack::{Buffer, Haystack};
use crate::layout::ParagraphStyle;
use encoding_rs::{Encoding, UTF_8};
use std::ops::Deref;
use std::sync::Arc;

/// How many leading bytes decide whether an article looks binary.
const BINARY_SNIFF: usize = 1024;

/// The bytes of an article, wherever they live.
pub enum Bytes {
    Owned(Vec<u8>),
    Static(&'static [u8]),
    /// A memory-mapped file (see [`crate::mapped`]).
    Mapped(crate::mapped::Mapped),
}

impl Bytes {
    /// True when the bytes are a mapped file that shrank under us: parts
    /// of it read as zeros now, and it should be read again.
    pub fn damaged(&self) -> bool {
        matches!(self, Bytes::Mapped(m) if m.damaged())
    }
}

impl Bytes {
    /// These bytes as a long pass (scan, search, decoding, judging the
    /// encoding) reads them a window at a time ([`crate::haystack`]):
    /// borrowed from memory, or a mapped file read with `pread` (`eager`:
    /// see [`crate::mapped::Mapped::reader`]), so none of its pages stay
    /// resident afterwards.
    pub fn pass(&self, eager: bool) -> Pass<'_> {
        match self {
            Bytes::Mapped(m) => Pass::Read(m.reader(eager)),
            other => Pass::Memory(other),
        }
    }
}

/// See [`Bytes::pass`].
pub enum Pass<'a> {
    Memory(&'a [u8]),
    Read(crate::mapped::Reader<'a>),
}

impl Haystack for Pass<'_> {
    fn len(&self) -> usize {
        match self {
            Pass::Memory(b) => b.len(),
            Pass::Read(r) => r.len(),
        }
    }
    fn window<'a>(&'a self, range: std::ops::Range<usize>, buf: &'a mut Buffer) -> &'a [u8] {
        match self {
            Pass::Memory(b) => &b[range],
            Pass::Read(r) => r.window(range, buf),
        }
    }
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Static(s) => s,
            Bytes::Mapped(m) => m,
        }
    }
}

/// An article opened for reading.
#[derive(Clone)]
pub struct Document {
    /// Name shown in the status row (a file name, or "standard input").
    pub name: String,
    /// The text as (possibly invalid) UTF-8, shared with background
    /// scans: the file's bytes, without a byte-order mark, or decoded from
    /// [`encoding`](Document::encoding). Every offset counts in these.
    pub bytes: Arc<Bytes>,
    /// The encoding the file is in: UTF-8, or the legacy (or UTF-16)
    /// encoding its bytes were decoded from.
    pub encoding: &'static Encoding,
    /// False when the article is read as UTF-8 on the verdict of samples
    /// only (a memory-mapped file opened for reading, with no byte-order
    /// mark and no `--encoding`): once the background scan has found its
    /// first invalid byte, if any, the reader judges it again
    /// ([`encoding::redecide`]) and may reopen it in a legacy encoding.
    pub encoding_is_final: bool,
    /// True when the start of the article has NUL bytes.
    pub looks_binary: bool,
    /// Plain text or Markdown: by the name (`.md`, `.markdown`, …), or as
    /// `--format` says.
    pub kind: crate::outline::Kind,
    /// How its newlines are meant, as detected from samples of it
    /// ([`crate::style::detect`]).
    pub detected_style: ParagraphStyle,
    /// False when `detected_style` was judged on the start of a large
    /// article only (see [`JUDGED_WHOLE`]): [`Document::style_of_whole`]
    /// judges it on windows through all of it, once the background scan
    /// has read it.
    pub style_is_final: bool,
    /// Set while `bytes` are only the start of the text: a large article
    /// in a single-byte encoding opened for reading
    /// ([`Document::decode_in_steps`]), whose rest the background scan
    /// decodes ([`crate::source::decode_rest`]) before it scans the whole.
    pub rest: Option<Rest>,
}

/// The part of an article not decoded yet: the file's bytes, where the
/// decoded start ends in them, and their encoding.
#[derive(Clone)]
pub struct Rest {
    source: Arc<Bytes>,
    /// Input bytes decoded into the document's `bytes` so far.
    from: usize,
    encoding: &'static Encoding,
}

impl Rest {
    /// The whole text: `start` (the document's bytes, decoded so far) and
    /// the rest decoded after it; `None` when `cancel` is set first. A
    /// mapped file is read with `pread`, as the scan reads it.
    pub fn finish(
        &self,
        start: &[u8],
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Option<(Vec<u8>, encoding::StepMarks)> {
        let source = self.source.pass(false);
        encoding::finish(start, &source, self.from, self.encoding, cancel)
    }

    /// [`Rest::finish`] written to `sink` ([`encoding::finish_into`]),
    /// where its steps began pushed to `marks`: `Ok(false)` when `cancel`
    /// is set first.
    pub fn finish_into(
        &self,
        start: &[u8],
        cancel: &std::sync::atomic::AtomicBool,
        sink: &mut dyn std::io::Write,
        marks: &mut encoding::StepMarks,
    ) -> std::io::Result<bool> {
        let source = self.source.pass(false);
        encoding::finish_into(
            start,
            &source,
            self.from,
            self.encoding,
            cancel,
            sink,
            marks,
        )
    }

    /// [`crate::search::find_in`] on the text the file decodes to, read
    /// from the file without decoding it all ([`crate::search::find_in_file`]):
    /// `from` and the range found are input bytes of the file.
    pub fn find(
        &self,
        pattern: &crate::search::Pattern,
        from: usize,
        backward: bool,
        cancel: &std::sync::atomic::AtomicBool,
        searched: &dyn Fn(usize),
    ) -> Option<crate::search::Found> {
        let file = self.source.pass(true);
        crate::search::find_in_file(
            &file,
            self.encoding,
            pattern,
            from,
            backward,
            cancel,
            searched,
        )
    }

    /// Where 1-based line `line` of the file starts (input bytes; clamped
    /// to the last line): a single-byte encoding keeps ASCII's line breaks,
    /// so its lines are those of the text.
    pub fn line_start(&self, line: usize) -> usize {
        crate::text::line_start(&self.source, line).0
    }

    /// The file's length in bytes.
    pub fn source_len(&self) -> usize {
        self.source.len()
    }

    /// Input bytes decoded so far.
    pub fn decoded(&self) -> usize {
        self.from
    }

    /// The UTF-8 byte offset in the whole text of input byte `at` of the
    /// file, given where the steps of its decoding began (`marks`, or none
    /// yet: then `at` must be in the start decoded already). A single-byte
    /// encoding decodes each byte on its own, so this decodes only the
    /// bytes since the step before `at`.
    pub fn text_offset(&self, at: usize, marks: &encoding::StepMarks) -> usize {
        let (input, text) = marks.before(at);
        text + self.decoded_len(input..at)
    }

    /// How many bytes of UTF-8 the file's bytes `range` decode to.
    pub fn decoded_len(&self, range: std::ops::Range<usize>) -> usize {
        let bytes = &self.source[range];
        encoding::to_utf8(bytes, self.encoding).map_or(bytes.len(), |t| t.len())
    }

    /// A stretch of the file around input byte `around` (at most `bytes`
    /// bytes, all the way to the start or end of the file when it is
    /// near), decoded on its own: a single-byte
    /// encoding decodes each byte on its own, so it is exactly that
    /// stretch of the whole text. It starts at a line start in its first
    /// half and at or before `around` (after an empty line if there is one
    /// there) and ends after a line break in its second half (after an
    /// empty line if there is one there), so its paragraphs are laid out
    /// as in the whole. Read through the mapping, as a UTF-8 article is
    /// read. `None` when there is no such line start or end, or `around`
    /// is past the file's end.
    pub fn window(&self, around: usize, bytes: usize) -> Option<DecodedWindow> {
        let source = &self.source[..];
        let len = source.len();
        if around > len {
            return None;
        }
        let lo = around
            .saturating_sub(bytes / 2)
            .min(len.saturating_sub(bytes));
        let hi = (lo + bytes).min(len);
        let mid = lo + (hi - lo) / 2;
        let first = &source[lo..around.min(mid).max(lo)];
        let start = match memchr::memmem::find(first, b"\n\n") {
            _ if lo == 0 => 0,
            Some(i) => lo + i + 2,
            None => match memchr::memmem::find(first, b"\n\r\n") {
                Some(i) => lo + i + 3,
                None => lo + memchr::memchr(b'\n', first)? + 1,
            },
        };
        let end = match hi == len {
            true => len,
            false => {
                let from = around.max(mid);
                let last = &source[from..hi];
                match memchr::memmem::rfind(last, b"\n\n") {
                    Some(i) => from + i + 2,
                    None => match memchr::memmem::rfind(last, b"\n\r\n") {
                        Some(i) => from + i + 3,
                        None => from + memchr::memrchr(b'\n', last)? + 1,
                    },
                }
            }
        };
        let stretch = &source[start..end];
        let text = encoding::to_utf8(stretch, self.encoding).unwrap_or_else(|| stretch.to_vec());
        Some(DecodedWindow {
            at: self.decoded_len(start..around),
            source: start..end,
            text,
        })
    }
}

/// A stretch of a partly decoded article's file decoded on its own
/// ([`Rest::window`]).
pub struct DecodedWindow {
    /// Where it lies in the file: input bytes, half-open.
    pub source: std::ops::Range<usize>,
    /// Its text, UTF-8.
    pub text: Vec<u8>,
    /// The byte offset in `text` of the input byte it was asked for.
    pub at: usize,
}

/// How [`Document::decode_with`] reads an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Decoded whole, its encoding judged on all of it (export, import).
    Whole,
    /// Decoded whole, its encoding judged on samples first (the reader).
    Sampled,
    /// The reader's: a large single-byte one decoded in two steps.
    InSteps,
}

/// Articles up to this many bytes are judged on windows spread through
/// all of them when opened. A larger one is judged on its first
/// [`OPEN_SAMPLE`] bytes (pages the first screen reads anyway: windows
/// through a cold 1 GiB file cost a first screen about 45 ms of disk
/// seeks), then again on the whole after its scan.
pub const JUDGED_WHOLE: usize = 1 << 20;
/// What the style of a large article is judged on when it is opened.
pub const OPEN_SAMPLE: usize = 64 * 1024;

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("name", &self.name)
            .field("len", &self.len())
            .field("encoding", &self.encoding.name())
            .field("looks_binary", &self.looks_binary)
            .field("detected_style", &self.detected_style)
            .finish()
    }
}

impl Document {
    /// A document of `bytes` in UTF-8 or an encoding detected from them.
    pub fn new(name: impl Into<String>, bytes: Bytes) -> Self {
        Document::decode(name, bytes, &Decoding::default())
    }

    /// A document of the article whose file holds `bytes`, read as
    /// `decoding` and detection say ([`encoding::plan`]). A memory-mapped
    /// file is sampled, not read, unless it has to be decoded.
    pub fn decode(name: impl Into<String>, bytes: Bytes, decoding: &Decoding) -> Self {
        Document::decode_with(name, bytes, decoding, Reading::Whole)
    }

    /// [`Document::decode`] for the reader when it needs the whole text at
    /// once (a line to start at, a reload): decoded whole, but its
    /// encoding judged as the reader judges it (samples, then the scan:
    /// [`Document::encoding_is_final`]), so a huge file is not read first.
    pub fn decode_sampled(name: impl Into<String>, bytes: Bytes, decoding: &Decoding) -> Self {
        Document::decode_with(name, bytes, decoding, Reading::Sampled)
    }

    /// [`Document::decode`] for the reader: an article in a single-byte
    /// encoding of [`encoding::IN_STEPS_FROM`] bytes or more is decoded in
    /// two steps, so its first screen does not wait for all of it. Only
    /// its first [`encoding::FIRST_STEP`] bytes are decoded here (a
    /// single-byte encoding maps each byte on its own, so they are exactly
    /// the start of the text); [`Document::rest`] decodes the others.
    pub fn decode_in_steps(name: impl Into<String>, bytes: Bytes, decoding: &Decoding) -> Self {
        Document::decode_with(name, bytes, decoding, Reading::InSteps)
    }

    fn decode_with(
        name: impl Into<String>,
        bytes: Bytes,
        decoding: &Decoding,
        reading: Reading,
    ) -> Self {
        let steps = reading == Reading::InSteps;
        let whole = !matches!(bytes, Bytes::Mapped(_));
        let mut plan = encoding::plan(&bytes, decoding, whole);
        // Read as UTF-8 on samples only, where a byte-order mark or
        // `--encoding` did not decide.
        let sampled =
            !whole && plan.skip == 0 && plan.decode.is_none() && decoding.forced.is_none();
        if sampled && reading == Reading::Whole {
            // Not for the reader: judged on the whole file now, as the
            // reader judges it after its scan (export, import and the
            // reader count offsets in the same text).
            plan.decode = encoding::judge_whole(&bytes.pass(false), decoding.fallback);
        }
        if let Some(e) = plan.decode.filter(|e| e.is_single_byte())
            && steps
            && bytes.len() >= encoding::IN_STEPS_FROM
        {
            let from = encoding::FIRST_STEP;
            let start = &bytes[..from];
            let start = encoding::to_utf8(start, e).unwrap_or_else(|| start.to_vec());
            let rest = Rest {
                source: Arc::new(bytes),
                from,
                encoding: e,
            };
            let mut doc = Document::of_utf8(name, Bytes::Owned(start), e, Some(rest));
            doc.encoding_is_final = true;
            return doc;
        }
        let decoded = plan
            .decode
            .and_then(|e| encoding::to_utf8(&bytes[plan.skip..], e));
        let bytes = match (decoded, bytes) {
            (Some(v), _) => Bytes::Owned(v),
            (None, bytes) if plan.skip == 0 => bytes,
            (None, Bytes::Owned(mut v)) => {
                v.drain(..plan.skip);
                Bytes::Owned(v)
            }
            (None, Bytes::Static(s)) => Bytes::Static(&s[plan.skip..]),
            (None, Bytes::Mapped(m)) => Bytes::Mapped(m.skip(plan.skip)),
        };
        let mut doc = Document::of_utf8(name, bytes, plan.decode.unwrap_or(UTF_8), None);
        doc.encoding_is_final = !(sampled && reading != Reading::Whole);
        doc
    }

    /// A document of `bytes` that are already the article's UTF-8 text
    /// (its start only, when there is a `rest`).
    fn of_utf8(
        name: impl Into<String>,
        bytes: Bytes,
        encoding: &'static Encoding,
        rest: Option<Rest>,
    ) -> Self {
        let looks_binary = memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some();
        let style_is_final = bytes.len() <= JUDGED_WHOLE && rest.is_none();
        let sample = match style_is_final {
            true => &bytes[..],
            // Whole lines only: the last one may not end in the sample.
            false => {
                let sample = &bytes[..bytes.len().min(OPEN_SAMPLE)];
                &sample[..memchr::memrchr(b'\n', sample).map_or(0, |i| i + 1)]
            }
        };
        let detected_style = crate::style::detect(sample);
        let name: String = name.into();
        Document {
            kind: crate::outline::Kind::of_name(&name),
            name,
            bytes: Arc::new(bytes),
            encoding,
            encoding_is_final: true,
            looks_binary,
            detected_style,
            style_is_final,
            rest,
        }
    }

    /// The document with its whole text, `bytes` (what
    /// [`crate::source::decode_rest`] made of its start: a mapped nameless
    /// file, or in memory): nothing is left to decode.
    pub fn with_whole_text(&self, bytes: Arc<Bytes>) -> Document {
        Document {
            bytes,
            rest: None,
            ..self.clone()
        }
    }

    /// For a document whose text is decoded only in part: a stretch of
    /// its text around input byte `around` of the file decoded on its own
    /// ([`Rest::window`], at most `bytes` bytes of the file), as a document
    /// of its own (its offsets count from its start); where it lies in the
    /// file (input bytes, half-open) and the byte offset in it of
    /// `around`.
    pub fn decoded_window(
        &self,
        around: usize,
        bytes: usize,
    ) -> Option<(Document, std::ops::Range<usize>, usize)> {
        let window = self.rest.as_ref()?.window(around, bytes)?;
        let doc = Document {
            bytes: Arc::new(Bytes::Owned(window.text)),
            rest: None,
            ..self.clone()
        };
        Some((doc, window.source, window.at))
    }

    /// The style judged on windows spread through the whole article (for
    /// a large one, after its scan read it: its pages are cached then).
    pub fn style_of_whole(&self) -> ParagraphStyle {
        crate::style::detect(&self.bytes)
    }

    /// A document from text held in memory (tests).
    pub fn from_text(name: &str, text: &str) -> Self {
        Document::new(name, Bytes::Owned(text.as_bytes().to_vec()))
    }

    /// True when the article's file is not UTF-8 (it was decoded).
    pub fn decoded(&self) -> bool {
        self.encoding != UTF_8
    }

    /// The name of the encoding it was decoded from (what a sidecar
    /// records), `None` for UTF-8.
    pub fn encoding_name(&self) -> Option<String> {
        self.decoded().then(|| encoding::name(self.encoding))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_bytes_at_the_start_mean_binary() {
        assert!(Document::new("x", Bytes::Owned(b"\x7fELF\0\0\x01".to_vec())).looks_binary);
        assert!(!Document::from_text("x", "plain “text”").looks_binary);
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        let owned = Document::new("x", Bytes::Owned(b"\xef\xbb\xbfFirst".to_vec()));
        assert_eq!(owned.bytes(), b"First");
        assert!(!owned.decoded());
        let fixed = Document::new("x", Bytes::Static(b"\xef\xbb\xbfFirst"));
        assert_eq!(fixed.bytes(), b"First");
    }

    /// Windows-1252, CRLF line ends, a blank line every third line: the
    /// file and its whole text.
    fn crlf_cp1252() -> (Vec<u8>, Vec<u8>) {
        let mut bytes = Vec::new();
        for i in 0..150_000 {
            bytes.extend_from_slice(format!("line {i} caf").as_bytes());
            bytes.extend_from_slice(if i % 3 == 2 {
                b"\xe9\r\n\r\n"
            } else {
                b"\xe9\r\n"
            });
        }
        let whole = encoding::to_utf8(&bytes, encoding_rs::WINDOWS_1252).unwrap();
        (bytes, whole)
    }

    #[test]
    fn the_tail_of_a_partly_decoded_article_is_the_end_of_its_text() {
        let (bytes, whole) = crlf_cp1252();
        let doc = Document::decode_in_steps("x", Bytes::Owned(bytes.clone()), &Decoding::default());
        assert!(doc.rest.is_some());
        let (tail, source, at) = doc.decoded_window(bytes.len(), 64 << 10).unwrap();
        assert_eq!(source.end, bytes.len());
        assert!(source.len() <= 64 << 10 && source.len() > 32 << 10);
        assert!(
            bytes[..source.start].ends_with(b"\r\n\r\n"),
            "after a blank line"
        );
        assert!(whole.ends_with(tail.bytes()), "exactly the end");
        assert_eq!(at, tail.len(), "the file's end is the tail's");
        assert!(tail.rest.is_none() && tail.encoding == doc.encoding);
        // No line break in the first half of the window: no tail.
        let mut one_line = b"caf\xe9 ".repeat(600_000);
        one_line.extend_from_slice(b"\nend\n");
        let doc =
            Document::decode_in_steps("x", Bytes::Owned(one_line.clone()), &Decoding::default());
        assert!(doc.rest.is_some());
        assert!(doc.decoded_window(one_line.len(), 64 << 10).is_none());
    }

    #[test]
    fn a_window_in_the_middle_is_that_stretch_of_the_text_in_whole_paragraphs() {
        let (bytes, whole) = crlf_cp1252();
        let doc = Document::decode_in_steps("x", Bytes::Owned(bytes.clone()), &Decoding::default());
        let rest = doc.rest.clone().unwrap();
        let (_, marks) = rest.finish(doc.bytes(), &Default::default()).unwrap();
        for around in [bytes.len() / 2, bytes.len() / 2 + 5, rest.decoded() + 3] {
            let (window, source, at) = doc.decoded_window(around, 64 << 10).unwrap();
            assert!(source.start <= around && around < source.end && source.len() <= 64 << 10);
            assert!(bytes[..source.start].ends_with(b"\r\n\r\n"));
            assert!(
                bytes[..source.end].ends_with(b"\r\n\r\n"),
                "whole paragraphs"
            );
            // Where it lies in the whole text, found from the step marks.
            let from = rest.text_offset(source.start, &marks);
            assert!(whole[from..].starts_with(window.bytes()), "around {around}");
            assert_eq!(from + at, rest.text_offset(around, &marks));
            let before = encoding::to_utf8(&bytes[..around], encoding_rs::WINDOWS_1252).unwrap();
            assert_eq!(from + at, before.len());
        }
        // Near the file's start: from its start.
        let (window, source, at) = doc.decoded_window(10, 64 << 10).unwrap();
        assert_eq!((source.start, at), (0, 10));
        assert!(whole.starts_with(window.bytes()));
        // In the start, offsets are found without marks.
        let none = encoding::StepMarks::default();
        let start = encoding::to_utf8(&bytes[..1000], encoding_rs::WINDOWS_1252).unwrap();
        assert_eq!(rest.text_offset(1000, &none), start.len());
    }

    #[test]
    fn a_mapped_file_is_judged_whole_except_by_the_reader_which_judges_again_later() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.txt");
        let mut bytes = b"plain words of an old e-text\n".repeat(80_000);
        let at = 1_500_000;
        bytes.splice(at..at, b"\ncaf\xe9\x92s table\n".iter().copied());
        std::fs::write(&path, &bytes).unwrap();
        let map = || {
            Bytes::Mapped(crate::mapped::Mapped::map(std::fs::File::open(&path).unwrap()).unwrap())
        };
        let auto = Decoding::default();
        let reader = Document::decode_in_steps("old.txt", map(), &auto);
        assert_eq!(reader.encoding, UTF_8, "its samples are ASCII");
        assert!(!reader.encoding_is_final, "judged again after the scan");
        let export = Document::decode("old.txt", map(), &auto);
        assert_eq!(export.encoding, encoding_rs::WINDOWS_1252);
        assert!(export.encoding_is_final);
        let forced = Decoding {
            forced: Some(UTF_8),
            fallback: None,
        };
        assert!(Document::decode_in_steps("old.txt", map(), &forced).encoding_is_final);
        let reload = Document::decode_sampled("old.txt", map(), &auto);
        assert!(!reload.encoding_is_final && reload.rest.is_none());
    }

    #[test]
    fn a_legacy_article_is_decoded_and_a_forced_encoding_wins() {
        let doc = Document::new("x", Bytes::Owned(b"Jane\x92s caf\xe9 \x97 done".to_vec()));
        assert_eq!(doc.bytes(), "Jane’s café — done".as_bytes());
        assert_eq!(doc.encoding, encoding_rs::WINDOWS_1252);
        let koi8 = Decoding {
            forced: Some(encoding_rs::KOI8_R),
            fallback: None,
        };
        let doc = Document::decode("x", Bytes::Owned(b"caf\xe9".to_vec()), &koi8);
        assert_eq!(doc.bytes(), "cafИ".as_bytes());
        assert_eq!(doc.encoding, encoding_rs::KOI8_R);
    }
}
