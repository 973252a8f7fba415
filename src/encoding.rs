//! Which character encoding an article's bytes are in, and turning them
//! into the UTF-8 the rest of annotty reads.
//!
//! Everything downstream (layout, glyphs, search, char offsets, the content
//! hash, export's LINE:COL) works on UTF-8 bytes. So an article is read as
//! follows, once, when it is opened ([`plan`], then [`crate::document`]):
//! - a UTF-8 byte-order mark is dropped: it is not part of the text (char
//!   offsets do not count it, line 1's columns start after it);
//! - a UTF-16 byte-order mark means UTF-16, decoded to UTF-8;
//! - otherwise an article that is not valid UTF-8 but plausibly text in a
//!   single-byte legacy encoding (Windows-1252, ISO-8859-x, KOI8, …) is
//!   decoded from that encoding to UTF-8 (an owned copy);
//! - anything else is kept as it is, invalid bytes and all.
//!
//! The verdict on an article that is not valid UTF-8 is made on the
//! stretch around its first invalid byte ([`evidence`], [`judge`]). An
//! article read whole finds that byte at once ([`judge_whole`]); the
//! reader, which only samples a memory-mapped file before its first
//! screen, gets it from the background scan
//! ([`crate::scan::Summary::first_invalid`]) and judges again then
//! ([`redecide`]): the same rule on the same bytes, so a file has one
//! verdict however it is opened.
//!
//! Pure: no files, no terminal.

use crate::haystack::{Buffer, Haystack};
use encoding_rs::{Encoding, UTF_8};
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// How many leading bytes detection always looks at.
const HEAD: usize = 64 << 10;
/// Bytes of each further window a long article is sampled at.
const WINDOW: usize = 16 << 10;
/// How many further windows, spread evenly through a long article.
const WINDOWS: usize = 4;
/// The most bytes read around the first invalid byte of an article read
/// whole ([`evidence`]).
const EVIDENCE_BYTES: usize = 256 << 10;
/// The most bytes the statistical guess is fed: lines with a byte over
/// 0x7f only (the rest tells it nothing, and it reads about 10 MB/s, so
/// feeding all 128 KiB of a large article's samples took 12 ms of its
/// first screen, 16 KiB of such lines 1.8 ms, these 0.5 ms); a few hundred
/// bytes of them already tell encodings apart (see the tests).
const GUESS_BYTES: usize = 4 << 10;

/// What the user said about encodings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Decoding {
    /// `--encoding NAME`: read every article as this (a byte-order mark
    /// still wins). `Some(UTF_8)` turns legacy detection off.
    pub forced: Option<&'static Encoding>,
    /// The config's `encoding`: the encoding of an article that is not
    /// valid UTF-8, instead of guessing one.
    pub fallback: Option<&'static Encoding>,
}

/// The encoding named `label` (any WHATWG label, case-insensitive:
/// `latin1`, `cp1252`, `iso-8859-15`, `koi8-r`, `utf-8`, …).
pub fn by_name(label: &str) -> Result<&'static Encoding, String> {
    match Encoding::for_label_no_replacement(label.trim().as_bytes()) {
        Some(e) => Ok(e),
        None => Err(format!(
            "unknown encoding {label:?} (try utf-8, windows-1252, latin1, iso-8859-15, koi8-r)"
        )),
    }
}

/// How an encoding is written in a sidecar and shown: its canonical name
/// in lower case (`windows-1252`, `iso-8859-2`), itself a valid label.
pub fn name(encoding: &'static Encoding) -> String {
    encoding.name().to_ascii_lowercase()
}

/// What to do with an article's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Leading bytes that are a byte-order mark, not text.
    pub skip: usize,
    /// The encoding to decode `bytes[skip..]` from; `None`: they are read
    /// as UTF-8 as they are.
    pub decode: Option<&'static Encoding>,
}

/// How to read `bytes`. `whole`: detection may look at all of them (an
/// article read into memory); else it samples the start and a few windows
/// spread through them, so a memory-mapped gigabyte is not read before its
/// first screen.
pub fn plan(bytes: &[u8], decoding: &Decoding, whole: bool) -> Plan {
    if let Some((encoding, skip)) = Encoding::for_bom(bytes) {
        let decode = (encoding != UTF_8).then_some(encoding);
        return Plan { skip, decode };
    }
    let decode = match decoding.forced {
        Some(e) => Some(e),
        None => detect(bytes, whole, decoding.fallback),
    };
    Plan {
        skip: 0,
        decode: decode.filter(|&e| e != UTF_8),
    }
}

/// The legacy encoding `bytes` are in, or `None` to read them as UTF-8:
/// when they are valid UTF-8, mostly valid multi-byte UTF-8 with a few bad
/// bytes (junk, a truncated end), or do not look like text (NUL bytes,
/// control characters). Otherwise `fallback`, or the single-byte encoding
/// the statistical detector guesses. `whole`: judged on the stretch
/// around the first invalid byte ([`judge_whole`]); else on samples.
pub fn detect(
    bytes: &[u8],
    whole: bool,
    fallback: Option<&'static Encoding>,
) -> Option<&'static Encoding> {
    if whole {
        return judge_whole(bytes, fallback);
    }
    let samples = samples(bytes);
    if samples.iter().all(|s| std::str::from_utf8(s).is_ok()) {
        return None;
    }
    judge(&samples, fallback)
}

/// [`detect`] on all of `hay`: valid UTF-8 (nearly every article) is known
/// after one fast pass, read a window at a time (a mapped file with
/// `pread`: none of its pages stay in memory); else the verdict on the
/// stretch around its first invalid byte ([`redecide`]).
pub fn judge_whole<H: Haystack + ?Sized>(
    hay: &H,
    fallback: Option<&'static Encoding>,
) -> Option<&'static Encoding> {
    redecide(hay, first_invalid(hay)?, fallback)
}

/// The verdict on `hay` whose first invalid UTF-8 is at byte `bad` (as
/// [`first_invalid`] or the background scan found it): [`judge`] on the
/// [`evidence`] around it.
pub fn redecide<H: Haystack + ?Sized>(
    hay: &H,
    bad: usize,
    fallback: Option<&'static Encoding>,
) -> Option<&'static Encoding> {
    let mut buf = Buffer::default();
    let window = hay.window(evidence(hay.len(), bad), &mut buf);
    judge(&[window], fallback)
}

/// The byte offset of the first invalid UTF-8 in `hay` (`None`: it is
/// valid UTF-8), each byte read once, a window at a time.
pub fn first_invalid<H: Haystack + ?Sized>(hay: &H) -> Option<usize> {
    const STEP: usize = 1 << 20;
    let (len, mut at, mut buf) = (hay.len(), 0, Buffer::default());
    while at < len {
        let end = (at + STEP).min(len);
        match std::str::from_utf8(hay.window(at..end, &mut buf)) {
            Ok(_) => at = end,
            // A sequence cut by the window's end: read again from it.
            Err(e) if e.error_len().is_none() && end < len => at += e.valid_up_to(),
            Err(e) => return Some(at + e.valid_up_to()),
        }
    }
    None
}

/// The verdict on `samples` of an article, some of them not valid UTF-8:
/// `None` (read as UTF-8) when they are mostly valid multi-byte UTF-8
/// with a few bad bytes or do not look like text; else `fallback`, or
/// the single-byte encoding the statistical detector guesses.
pub fn judge(samples: &[&[u8]], fallback: Option<&'static Encoding>) -> Option<&'static Encoding> {
    let stats = Stats::of(samples);
    if stats.invalid == 0 || stats.multibyte >= stats.invalid || !stats.looks_like_text() {
        return None;
    }
    if fallback.is_some() {
        return fallback;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let mut fed = 0;
    let lines = samples
        .iter()
        .flat_map(|s| s.split_inclusive(|&b| b == b'\n'));
    for line in lines.filter(|l| !l.is_ascii()) {
        let line = &line[..line.len().min(GUESS_BYTES - fed)];
        detector.feed(line, false);
        fed += line.len();
        if fed == GUESS_BYTES {
            break;
        }
    }
    detector.feed(b"", true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    guess.is_single_byte().then_some(guess)
}

/// The stretch of an article of `len` bytes whose encoding is judged when
/// all of it has been read and its first invalid UTF-8 is at byte `bad`:
/// from a little before `bad`, at most [`EVIDENCE_BYTES`] (half-open byte
/// range).
pub fn evidence(len: usize, bad: usize) -> std::ops::Range<usize> {
    let start = bad.saturating_sub(HEAD).min(len);
    start..len.min(start + EVIDENCE_BYTES)
}

/// The start of `bytes` and [`WINDOWS`] windows spread through the rest,
/// each cut at ASCII bytes so no UTF-8 sequence is split at its edges.
fn samples(bytes: &[u8]) -> Vec<&[u8]> {
    let head = &bytes[..bytes.len().min(HEAD)];
    let mut out = vec![trim_end(head, head.len() < bytes.len())];
    if bytes.len() > HEAD + WINDOW {
        let span = bytes.len() - HEAD - WINDOW;
        for i in 1..=WINDOWS {
            let start = HEAD + span * i / WINDOWS;
            let w = &bytes[start..(start + WINDOW).min(bytes.len())];
            let first_ascii = w.iter().position(|&b| b < 0x80).unwrap_or(w.len());
            out.push(trim_end(&w[first_ascii..], start + WINDOW < bytes.len()));
        }
    }
    out
}

/// `w` up to and including its last ASCII byte when `cut` (the bytes go on
/// after it), else all of it.
fn trim_end(w: &[u8], cut: bool) -> &[u8] {
    if !cut {
        return w;
    }
    let end = w.iter().rposition(|&b| b < 0x80).map_or(0, |i| i + 1);
    &w[..end]
}

/// What the samples hold, counted as UTF-8.
#[derive(Debug, Default)]
struct Stats {
    bytes: usize,
    /// Valid characters of two to four bytes.
    multibyte: usize,
    /// Maximal invalid sequences.
    invalid: usize,
    nul: usize,
    /// C0 controls other than tab, LF, FF, CR and ESC, and DEL.
    controls: usize,
}

impl Stats {
    fn of(samples: &[&[u8]]) -> Stats {
        let mut s = Stats::default();
        for sample in samples {
            s.bytes += sample.len();
            for chunk in sample.utf8_chunks() {
                let valid = chunk.valid();
                s.multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
                s.invalid += usize::from(!chunk.invalid().is_empty());
            }
            for &b in *sample {
                match b {
                    0 => s.nul += 1,
                    b'\t' | b'\n' | 0x0c | b'\r' | 0x1b => {}
                    0x01..=0x1f | 0x7f => s.controls += 1,
                    _ => {}
                }
            }
        }
        s
    }

    /// No NUL byte, and at most one stray control character per KiB: what
    /// text in any single-byte encoding looks like, and binary data not.
    fn looks_like_text(&self) -> bool {
        self.nul == 0 && self.controls * 1024 <= self.bytes
    }
}

/// `bytes` (without a byte-order mark) decoded from `encoding` as UTF-8;
/// `None` when that is `bytes` themselves (ASCII). Malformed sequences
/// become U+FFFD. The output grows as needed from a little over the input's
/// size (what a legacy text mostly needs), instead of reserving the three
/// bytes per byte the worst case takes: decoding a 100 MiB Windows-1252
/// file peaked at 400 MB that way.
pub fn to_utf8(bytes: &[u8], encoding: &'static Encoding) -> Option<Vec<u8>> {
    if Encoding::ascii_valid_up_to(bytes) == bytes.len() && encoding.is_ascii_compatible() {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() + room(bytes.len()));
    decode_appending(bytes, encoding, &mut out);
    out.shrink_to_fit();
    Some(out)
}

/// `bytes` (without a byte-order mark) decoded from `encoding` to UTF-8
/// and appended to `out`, which grows as needed. A single-byte encoding
/// decodes each byte on its own, so pieces decoded one after another are
/// the text of the whole.
pub fn decode_appending(bytes: &[u8], encoding: &'static Encoding, out: &mut Vec<u8>) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    decode_onto(&mut decoder, bytes, true, out);
}

/// How many chars (Unicode scalar values, a CR of a CRLF too) valid UTF-8
/// `text` holds: in text decoded from a single-byte encoding, how many
/// input bytes it was decoded from.
pub fn chars_in(text: &[u8]) -> usize {
    // Every byte but a continuation byte (0b10xx_xxxx) starts a char.
    text.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// How much more than its input a legacy text's UTF-8 is given room for
/// at first (and again each time it runs out).
fn room(input: usize) -> usize {
    input / 8 + 64
}

/// `input` decoded by `decoder` (`last`: nothing follows it) and appended
/// to `out`, which grows as needed.
fn decode_onto(
    decoder: &mut encoding_rs::Decoder,
    mut input: &[u8],
    last: bool,
    out: &mut Vec<u8>,
) {
    loop {
        let written = out.len();
        out.resize(written + input.len() + room(input.len()), 0);
        let (result, read, wrote, _) = decoder.decode_to_utf8(input, &mut out[written..], last);
        out.truncate(written + wrote);
        input = &input[read..];
        if result == encoding_rs::CoderResult::InputEmpty {
            return;
        }
    }
}

/// Input bytes of a large article in a single-byte encoding decoded before
/// its first screen ([`crate::document::Document::decode_in_steps`]); the
/// rest is decoded in the background ([`finish`]).
pub const FIRST_STEP: usize = 128 << 10;
/// From how many bytes an article in a single-byte encoding is decoded in
/// two steps.
pub const IN_STEPS_FROM: usize = 2 << 20;
/// Input bytes decoded at a time by [`finish`] (between looks at its
/// cancel flag).
const STEP: usize = 256 << 10;

/// Where the steps of [`finish_into`] began, in order: for each, an input
/// byte offset of the file and the byte offset of the whole UTF-8 text it
/// was decoded to. A single-byte encoding decodes each byte on its own, so
/// the text offset of any input byte is that of the step before it plus
/// the length of what the bytes between decode to
/// ([`crate::document::Rest::text_offset`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepMarks(Vec<(usize, usize)>);

impl StepMarks {
    /// The last step that began at or before input byte `at`, as (input
    /// byte, text byte); the file's start when none did.
    pub fn before(&self, at: usize) -> (usize, usize) {
        let i = self.0.partition_point(|&(input, _)| input <= at);
        i.checked_sub(1).map_or((0, 0), |i| self.0[i])
    }
}

/// The whole text of an article whose first `from` bytes of `source` (in
/// the single-byte `encoding`) were decoded to `start`, in memory: what
/// [`finish_into`] writes, and where its steps began. `None` when `cancel`
/// is set before it is done.
pub fn finish<H: Haystack + ?Sized>(
    start: &[u8],
    source: &H,
    from: usize,
    encoding: &'static Encoding,
    cancel: &AtomicBool,
) -> Option<(Vec<u8>, StepMarks)> {
    let rest = source.len().saturating_sub(from);
    let mut out = Vec::with_capacity(start.len() + rest + room(rest));
    let mut marks = StepMarks::default();
    // Writing to a Vec never fails.
    let done = finish_into(start, source, from, encoding, cancel, &mut out, &mut marks).ok()?;
    out.shrink_to_fit();
    done.then_some((out, marks))
}

/// Writes to `sink` the whole text of an article whose first `from` bytes
/// of `source` (in the single-byte `encoding`) were decoded to `start`:
/// `start`, then the rest decoded, read from `source` a window of
/// [`STEP`] bytes at a time (a mapped file with `pread`, so none of its
/// pages stay in memory) and written a decoded window at a time (a little
/// over [`STEP`] bytes of UTF-8). `Ok(false)` when `cancel` is set before
/// it is done (what was written is then a prefix of the text); an error of
/// `sink` ends it. A single-byte encoding decodes each byte on its own, so
/// `start` is exactly the first part of the whole. Where each step began
/// is pushed to `marks`.
pub fn finish_into<H: Haystack + ?Sized, W: Write + ?Sized>(
    start: &[u8],
    source: &H,
    from: usize,
    encoding: &'static Encoding,
    cancel: &AtomicBool,
    sink: &mut W,
    marks: &mut StepMarks,
) -> io::Result<bool> {
    sink.write_all(start)?;
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut buf = Buffer::default();
    let mut chunk = Vec::new();
    let mut at = from;
    let mut written = start.len();
    while at < source.len() {
        if cancel.load(Ordering::Relaxed) {
            return Ok(false);
        }
        marks.0.push((at, written));
        let end = (at + STEP).min(source.len());
        chunk.clear();
        decode_onto(
            &mut decoder,
            source.window(at..end, &mut buf),
            false,
            &mut chunk,
        );
        sink.write_all(&chunk)?;
        written += chunk.len();
        at = end;
    }
    chunk.clear();
    decode_onto(&mut decoder, b"", true, &mut chunk);
    sink.write_all(&chunk)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{UTF_16LE, WINDOWS_1251, WINDOWS_1252};

    /// Windows-1252 bytes of a short English text with curly quotes, an
    /// acute accent and an em dash, repeated `n` times.
    fn cp1252(n: usize) -> Vec<u8> {
        let line: &[u8] = b"Jane\x92s caf\xe9 \x97 \x93quoted\x94 text, and more words here.\n";
        line.repeat(n)
    }

    fn auto(bytes: &[u8]) -> Plan {
        plan(bytes, &Decoding::default(), true)
    }

    #[test]
    fn utf8_with_or_without_a_bom_is_read_as_it_is() {
        let text = "“plain” text — é".as_bytes();
        assert_eq!(
            auto(text),
            Plan {
                skip: 0,
                decode: None
            }
        );
        let bom = [b"\xef\xbb\xbf", text].concat();
        assert_eq!(
            auto(&bom),
            Plan {
                skip: 3,
                decode: None
            }
        );
        let forced = Decoding {
            forced: Some(WINDOWS_1252),
            fallback: None,
        };
        assert_eq!(plan(&bom, &forced, true).skip, 3, "the BOM wins");
        assert_eq!(plan(&bom, &forced, true).decode, None);
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let bytes = b"\xff\xfeh\0i\0";
        assert_eq!(
            auto(bytes),
            Plan {
                skip: 2,
                decode: Some(UTF_16LE)
            }
        );
        assert_eq!(to_utf8(&bytes[2..], UTF_16LE).unwrap(), b"hi");
    }

    #[test]
    fn windows_1252_text_is_detected_and_decoded() {
        let bytes = cp1252(20);
        assert_eq!(auto(&bytes).decode, Some(WINDOWS_1252));
        let text = String::from_utf8(to_utf8(&bytes, WINDOWS_1252).unwrap()).unwrap();
        assert!(text.starts_with("Jane’s café — “quoted” text"), "{text}");
        // Latin-1 is read as Windows-1252 (its superset on the Web and here).
        assert_eq!(by_name("latin1"), Ok(WINDOWS_1252));
        assert_eq!(name(WINDOWS_1252), "windows-1252");
    }

    #[test]
    fn cyrillic_is_guessed_as_a_cyrillic_encoding() {
        let (bytes, _, _) = WINDOWS_1251
            .encode("Мороз и солнце; день чудесный! Ещё ты дремлешь, друг прелестный — пора, красавица, проснись.\n");
        let guess = auto(&bytes.repeat(10)).decode.unwrap();
        assert!(guess.is_single_byte());
        let text = String::from_utf8(to_utf8(&bytes, guess).unwrap()).unwrap();
        assert!(text.contains("солнце"), "{} gave {text}", guess.name());
    }

    /// The guess is fed only lines with bytes over 0x7f, at most
    /// [`GUESS_BYTES`]: a large article of English lines with Russian
    /// ones among them (KOI8-R), or French ones (Windows-1252), is still
    /// guessed right from its samples.
    #[test]
    fn the_guess_reads_the_lines_that_are_not_ascii() {
        let english = b"A plain line of English words, as in an old e-text.\n".repeat(400);
        for (line, want) in [
            (
                "Мороз и солнце; день чудесный! Ещё ты дремлешь, друг прелестный.\n",
                "солнце",
            ),
            (
                "L’été, la forêt était déjà très belle à voir, près du château.\n",
                "forêt",
            ),
        ] {
            let mut bytes = Vec::new();
            let encoded = match want {
                "солнце" => encoding_rs::KOI8_R.encode(line).0.into_owned(),
                _ => WINDOWS_1252.encode(line).0.into_owned(),
            };
            while bytes.len() < 3 << 20 {
                bytes.extend_from_slice(&english);
                bytes.extend_from_slice(&encoded.repeat(3));
            }
            let guess = auto(&bytes).decode.expect("legacy");
            let text = String::from_utf8(to_utf8(&encoded, guess).unwrap()).unwrap();
            assert!(text.contains(want), "{} gave {text}", guess.name());
        }
    }

    /// [`GUESS_BYTES`] of lines are enough to tell apart the encodings of
    /// a few languages whose letters lie at different bytes in each.
    #[test]
    fn a_few_kib_of_lines_tell_the_encodings_apart() {
        use encoding_rs::{ISO_8859_2, KOI8_R, WINDOWS_1250, WINDOWS_1253};
        let russian = "Вчера вечером мы гуляли по парку и говорили о книгах.\n\
            Река медленно текла под старым каменным мостом.\n\
            Дети смеялись, а собака бегала за мячом по траве.\n";
        let polish = "Wczoraj wieczorem pojechaliśmy nad jezioro, gdzie pływały łabędzie.\n\
            Książka leżała na stole obok świeżego chleba i żółtego sera.\n\
            Dziewczęta śpiewały piosenkę o złotej jesieni i źródle w lesie.\n";
        let czech = "Včera večer jsme šli do kina a potom se procházeli po náměstí.\n\
            Řeka tekla pomalu pod starým kamenným mostem u kostela.\n\
            Děti se smály, když pes běžel přes zahradu za míčem.\n";
        let greek = "Χθες το βράδυ περπατήσαμε στην παραλία και είδαμε τα αστέρια.\n\
            Το βιβλίο ήταν πάνω στο τραπέζι δίπλα στο ανοιχτό παράθυρο.\n\
            Τα παιδιά γελούσαν ενώ ο σκύλος έτρεχε στον κήπο.\n";
        let french = "L’été, la forêt était déjà très belle à voir, près du château.\n\
            Où es-tu allé hier soir ? Chez ma sœur, à côté de l’église.\n";
        for (text, encoding) in [
            (russian, WINDOWS_1251),
            (russian, KOI8_R),
            (polish, ISO_8859_2),
            (czech, WINDOWS_1250),
            (greek, WINDOWS_1253),
            (french, WINDOWS_1252),
        ] {
            let bytes = encoding.encode(text).0.repeat(200);
            let guess = auto(&bytes).decode.expect("legacy");
            let got = to_utf8(&bytes, guess).unwrap();
            assert!(
                got.starts_with(text.as_bytes()),
                "{} read as {}: {}",
                encoding.name(),
                guess.name(),
                String::from_utf8_lossy(&got[..200])
            );
        }
    }

    #[test]
    fn mostly_valid_utf8_with_junk_or_a_cut_end_stays_utf8() {
        let mut truncated = "naïve café “quoted” ".repeat(50).into_bytes();
        truncated.extend_from_slice(b"\xe2\x80"); // cut in the middle of a char
        assert_eq!(auto(&truncated).decode, None);
        let mut junk = "éèà ".repeat(20).into_bytes();
        junk.extend_from_slice(b"\xff\xfe\xfa plain");
        assert_eq!(auto(&junk).decode, None);
    }

    #[test]
    fn binary_data_is_not_taken_for_legacy_text() {
        let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(auto(&binary).decode, None);
        let mut controls = cp1252(5);
        controls.extend(std::iter::repeat_n(0x01, 50));
        assert_eq!(auto(&controls).decode, None);
    }

    #[test]
    fn overrides_replace_the_guess() {
        let bytes = cp1252(5);
        let koi8 = by_name("KOI8-R").unwrap();
        let fallback = Decoding {
            forced: None,
            fallback: Some(koi8),
        };
        assert_eq!(plan(&bytes, &fallback, true).decode, Some(koi8));
        assert_eq!(
            plan(b"valid", &fallback, true).decode,
            None,
            "only for articles that are not UTF-8"
        );
        let forced = Decoding {
            forced: Some(koi8),
            fallback: None,
        };
        assert_eq!(plan("é".as_bytes(), &forced, true).decode, Some(koi8));
        let utf8 = Decoding {
            forced: Some(UTF_8),
            fallback: None,
        };
        assert_eq!(plan(&bytes, &utf8, true).decode, None);
        assert!(
            by_name("no-such-thing")
                .unwrap_err()
                .contains("unknown encoding")
        );
        assert!(by_name("iso-2022-kr").is_err(), "the replacement encoding");
        assert_eq!(to_utf8(b"ascii only", WINDOWS_1252), None, "kept as it is");
        // Every byte three bytes long in UTF-8 (€): the output grows.
        let euros = String::from_utf8(to_utf8(&[0x80; 1000], WINDOWS_1252).unwrap()).unwrap();
        assert_eq!(euros, "€".repeat(1000));
    }

    #[test]
    fn decoding_in_two_steps_gives_the_whole_text() {
        let bytes = cp1252(3000);
        let whole = to_utf8(&bytes, WINDOWS_1252).unwrap();
        let copied = crate::haystack::Copied::new(&bytes);
        let never = AtomicBool::new(false);
        for from in [0, 1, 61, 70_000, bytes.len() - 1, bytes.len()] {
            // ASCII is kept as it is (`None`), as `Document` does.
            let start =
                to_utf8(&bytes[..from], WINDOWS_1252).unwrap_or_else(|| bytes[..from].to_vec());
            assert!(whole.starts_with(&start), "a prefix decodes exactly");
            let (got, marks) = finish(&start, &copied, from, WINDOWS_1252, &never).unwrap();
            assert!(got == whole, "from {from}");
            // Each step's mark is where its input's text starts.
            for &(input, text) in &marks.0 {
                let before = to_utf8(&bytes[..input], WINDOWS_1252).map_or(input, |v| v.len());
                assert_eq!(text, before, "from {from}");
            }
        }
        assert_eq!(
            finish(b"", &copied, 0, WINDOWS_1252, &AtomicBool::new(true)),
            None
        );
    }

    /// A sink that sets `cancel` after its first write, and fails every
    /// write once it holds `fail_after` bytes.
    struct Sink<'a> {
        got: Vec<u8>,
        cancel: Option<&'a AtomicBool>,
        fail_after: usize,
    }

    impl Write for Sink<'_> {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            if self.got.len() >= self.fail_after {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
            }
            self.got.extend_from_slice(b);
            if let Some(c) = self.cancel {
                c.store(true, Ordering::Relaxed);
            }
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_rest_is_written_to_a_sink_cancelled_or_failing_early() {
        // Over four steps of input, so the rest is written in pieces.
        let bytes = cp1252(4 * STEP / 50);
        let whole = to_utf8(&bytes, WINDOWS_1252).unwrap();
        let copied = crate::haystack::Copied::new(&bytes);
        let never = AtomicBool::new(false);
        let from = 1000;
        let start = to_utf8(&bytes[..from], WINDOWS_1252).unwrap();
        let run = |cancel: &AtomicBool, sink: &mut Sink| {
            let mut marks = StepMarks::default();
            let done = finish_into(
                &start,
                &copied,
                from,
                WINDOWS_1252,
                cancel,
                sink,
                &mut marks,
            );
            (done, marks)
        };
        let mut sink = Sink {
            got: Vec::new(),
            cancel: None,
            fail_after: usize::MAX,
        };
        let (done, marks) = run(&never, &mut sink);
        assert!(done.unwrap());
        assert!(sink.got == whole, "the sink holds the whole text");
        // A mark where the rest began, then one a step further each time.
        assert_eq!(marks.0.len(), (bytes.len() - from).div_ceil(STEP));
        assert_eq!(marks.before(from), (from, start.len()));
        assert_eq!(marks.before(from - 1), (0, 0), "the file's start");
        let (input, text) = marks.before(from + 2 * STEP + 7);
        assert_eq!(input, from + 2 * STEP);
        assert_eq!(text, to_utf8(&bytes[..input], WINDOWS_1252).unwrap().len());
        // Cancelled after the start is written: it stops, a prefix written.
        let cancel = AtomicBool::new(false);
        let mut sink = Sink {
            got: Vec::new(),
            cancel: Some(&cancel),
            fail_after: usize::MAX,
        };
        let (done, _) = run(&cancel, &mut sink);
        assert!(!done.unwrap());
        assert!(sink.got.len() < whole.len() && whole.starts_with(&sink.got));
        // A sink that fails (a full disk) is an error, not a panic.
        let mut sink = Sink {
            got: Vec::new(),
            cancel: None,
            fail_after: 2 * STEP,
        };
        let (failed, _) = run(&never, &mut sink);
        assert_eq!(failed.unwrap_err().kind(), io::ErrorKind::StorageFull);
    }

    /// About 2.2 MiB of ASCII lines with `line` (of another encoding, or
    /// with a bad byte) at 1.5 MiB, where none of the samples looks; the
    /// byte offset of `line`.
    fn past_the_samples(line: &[u8]) -> (Vec<u8>, usize) {
        let mut bytes = b"A plain line of English words, as in an old e-text.\n".repeat(45_000);
        let at = 3 << 19;
        let at = at + bytes[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
        bytes.splice(at..at, line.iter().copied());
        assert!(bytes.len() > 2 << 20);
        let sampled = samples(&bytes);
        assert!(sampled.iter().all(|s| std::str::from_utf8(s).is_ok()));
        (bytes, at)
    }

    /// The background scan's verdict on `bytes` (the reader's, after the
    /// first screen): [`redecide`] at the first invalid byte it found.
    fn after_the_scan(bytes: &[u8]) -> (Option<u64>, Option<&'static Encoding>) {
        let copied = crate::haystack::Copied::new(bytes);
        let summary = crate::scan::scan_in(&copied, &AtomicBool::new(false), |_| {}).unwrap();
        assert_eq!(copied.copied.get(), bytes.len(), "one pass, each byte once");
        let bad = summary.first_invalid;
        (bad, bad.and_then(|b| redecide(bytes, b as usize, None)))
    }

    #[test]
    fn legacy_text_past_the_samples_is_found_by_the_whole() {
        let (bytes, at) = past_the_samples(b"The needle: caf\xe9\x92s \x93best\x94 table.\n");
        let sampled = plan(&bytes, &Decoding::default(), false);
        assert_eq!(sampled.decode, None, "the samples see only ASCII");
        let (bad, verdict) = after_the_scan(&bytes);
        assert_eq!(bad, Some(at as u64 + 15), "the é");
        assert_eq!(verdict, Some(WINDOWS_1252));
        // Judged whole (export, import): the same verdict.
        assert_eq!(judge_whole(&bytes[..], None), Some(WINDOWS_1252));
        assert_eq!(
            plan(&bytes, &Decoding::default(), true).decode,
            Some(WINDOWS_1252)
        );
        // The config's encoding is what a non-UTF-8 article is in.
        let koi8 = by_name("koi8-r").unwrap();
        assert_eq!(redecide(&bytes[..], at + 15, Some(koi8)), Some(koi8));
    }

    #[test]
    fn a_stray_bad_byte_in_utf8_past_the_samples_stays_utf8() {
        let line = "Café’s “best” table, naïve: ".repeat(4);
        let mut bad = line.clone().into_bytes();
        bad.extend_from_slice(b"\xff");
        bad.extend_from_slice(line.as_bytes());
        bad.push(b'\n');
        let mut text = Vec::new();
        for _ in 0..200 {
            text.extend_from_slice(line.as_bytes());
            text.push(b'\n');
        }
        text.extend_from_slice(&bad);
        let (bytes, _) = past_the_samples(&text);
        let (found, verdict) = after_the_scan(&bytes);
        assert!(found.is_some());
        assert_eq!(verdict, None, "mostly valid UTF-8 with a bad byte");
        assert_eq!(judge_whole(&bytes[..], None), None);
    }

    #[test]
    fn valid_utf8_needs_no_verdict_and_no_other_pass() {
        let (bytes, _) = past_the_samples("Café’s “best” table.\n".as_bytes());
        assert_eq!(after_the_scan(&bytes), (None, None));
        assert_eq!(first_invalid(&bytes[..]), None);
        // A sequence cut by a window's end of `first_invalid` is not bad.
        let mut cut = vec![b'a'; (1 << 20) - 1];
        cut.extend_from_slice("é and more".as_bytes());
        assert_eq!(first_invalid(&cut[..]), None);
        cut.push(0xe2);
        assert_eq!(
            first_invalid(&cut[..]),
            Some(cut.len() - 1),
            "cut at the end"
        );
    }

    #[test]
    fn a_long_article_is_sampled_not_read() {
        // Legacy bytes in the middle only: the sample window there finds them.
        let mut bytes = b"plain ascii line\n".repeat(40_000);
        let mid = bytes.len() / 2;
        bytes.splice(mid..mid, cp1252(2000));
        assert_eq!(
            plan(&bytes, &Decoding::default(), false).decode,
            Some(WINDOWS_1252)
        );
        // Windows that start or end inside a UTF-8 sequence are not invalid.
        let utf8 = "ééééééé漢字\n".repeat(100_000).into_bytes();
        assert_eq!(plan(&utf8, &Decoding::default(), false).decode, None);
    }
}
