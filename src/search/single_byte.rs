//! A search pattern made to match the bytes of a file in a single-byte
//! encoding, not yet decoded, where it matches their text: such an
//! encoding decodes each byte on its own to one char, so a regex over
//! chars becomes a regex over bytes by putting for each char the byte that
//! decodes to it. A literal char becomes its byte (none: that branch never
//! matches), a class of chars the class of the bytes that decode into it
//! (case folding is done by the parser already), line anchors and ASCII
//! word boundaries stay (a newline is ASCII; bytes over 0x7f are not ASCII
//! word bytes, as non-ASCII chars are not ASCII word chars). A Unicode word
//! boundary (`\b`) or a class of raw bytes (`(?-u:…)`) has no such
//! translation: the pattern is not translated then (`None`).

use encoding_rs::Encoding;
use regex_syntax::hir::{self, Class, ClassBytes, ClassBytesRange, Hir, HirKind, Look};

/// Each byte's char in `encoding` (U+FFFD where it decodes to none).
fn chars_of(encoding: &'static Encoding) -> [char; 256] {
    let mut chars = ['\u{fffd}'; 256];
    let mut out = Vec::new();
    for (b, c) in chars.iter_mut().enumerate() {
        out.clear();
        crate::encoding::decode_appending(&[b as u8], encoding, &mut out);
        *c = std::str::from_utf8(&out)
            .ok()
            .and_then(|s| s.chars().next())
            .unwrap_or('\u{fffd}');
    }
    chars
}

/// `source` (a regex, case folded when `ignore_case`, multi-line, as
/// [`super::Pattern`] compiles it) as a regex over the bytes of the
/// single-byte `encoding`, printed as a pattern with Unicode off where it
/// names bytes; `None` when it cannot be translated.
pub fn translate(source: &str, ignore_case: bool, encoding: &'static Encoding) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(ignore_case)
        .multi_line(true)
        .build()
        .parse(source)
        .ok()?;
    let chars = chars_of(encoding);
    Some(over_bytes(&hir, &chars)?.to_string())
}

/// `hir` over the bytes whose chars are `chars`.
fn over_bytes(hir: &Hir, chars: &[char; 256]) -> Option<Hir> {
    Some(match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(hir::Literal(bytes)) => {
            let text = std::str::from_utf8(bytes).ok()?;
            let mut out = Vec::with_capacity(text.len());
            for c in text.chars() {
                match chars.iter().position(|&d| d == c && c != '\u{fffd}') {
                    Some(b) => out.push(b as u8),
                    None => return Some(Hir::fail()),
                }
            }
            Hir::literal(out)
        }
        HirKind::Class(Class::Unicode(class)) => {
            let inside = |c: char| {
                class
                    .ranges()
                    .binary_search_by(|r| {
                        if r.end() < c {
                            std::cmp::Ordering::Less
                        } else if r.start() > c {
                            std::cmp::Ordering::Greater
                        } else {
                            std::cmp::Ordering::Equal
                        }
                    })
                    .is_ok()
            };
            let bytes = (0..=255u8)
                .filter(|&b| inside(chars[b as usize]))
                .map(|b| ClassBytesRange::new(b, b));
            Hir::class(Class::Bytes(ClassBytes::new(bytes)))
        }
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Look(look) => match look {
            Look::Start
            | Look::End
            | Look::StartLF
            | Look::EndLF
            | Look::StartCRLF
            | Look::EndCRLF
            | Look::WordAscii
            | Look::WordAsciiNegate
            | Look::WordStartAscii
            | Look::WordEndAscii
            | Look::WordStartHalfAscii
            | Look::WordEndHalfAscii => Hir::look(*look),
            _ => return None,
        },
        HirKind::Repetition(r) => Hir::repetition(hir::Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(over_bytes(&r.sub, chars)?),
        }),
        HirKind::Capture(c) => Hir::capture(hir::Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(over_bytes(&c.sub, chars)?),
        }),
        HirKind::Concat(subs) => Hir::concat(
            subs.iter()
                .map(|h| over_bytes(h, chars))
                .collect::<Option<_>>()?,
        ),
        HirKind::Alternation(subs) => Hir::alternation(
            subs.iter()
                .map(|h| over_bytes(h, chars))
                .collect::<Option<_>>()?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{KOI8_R, WINDOWS_1252};

    fn matches(pattern: &str, encoding: &'static Encoding, bytes: &[u8]) -> Vec<(usize, usize)> {
        let ignore_case = !pattern.chars().any(char::is_uppercase);
        let source = translate(pattern, ignore_case, encoding).expect("translated");
        let re = regex::bytes::Regex::new(&source).unwrap();
        re.find_iter(bytes).map(|m| (m.start(), m.end())).collect()
    }

    #[test]
    fn chars_become_the_bytes_that_decode_to_them() {
        // “Jane’s café — naïve” in Windows-1252.
        let text = b"\x93Jane\x92s caf\xe9 \x97 na\xefve\x94\nJANE\x92S CAF\xc9\n";
        assert_eq!(matches("Jane’s", WINDOWS_1252, text), vec![(1, 7)]);
        // Smart case: lower case ignores case, É folds to é.
        assert_eq!(matches("café", WINDOWS_1252, text), vec![(8, 12), (29, 33)]);
        assert_eq!(matches("CAFÉ", WINDOWS_1252, text), vec![(29, 33)]);
        // Classes, `.`, repetition, anchors, ASCII word boundaries.
        assert_eq!(matches("na.ve", WINDOWS_1252, text), vec![(15, 20)]);
        assert_eq!(
            matches(r"\w+’s", WINDOWS_1252, text),
            vec![(1, 7), (22, 28)]
        );
        assert_eq!(matches(r"^jane", WINDOWS_1252, text), vec![(22, 26)]);
        assert_eq!(
            matches(r"[à-ÿ]", WINDOWS_1252, text),
            vec![(11, 12), (17, 18), (32, 33)]
        );
        assert_eq!(
            matches(r"(?-u:\b)caf", WINDOWS_1252, text),
            vec![(8, 11), (29, 32)]
        );
        // A char no byte decodes to never matches; the rest still does.
        assert_eq!(matches("Ж|café", WINDOWS_1252, text), vec![(8, 12)]);
        assert_eq!(
            matches("Жизнь", KOI8_R, b"\xf6\xc9\xda\xce\xd8"),
            vec![(0, 5)]
        );
    }

    #[test]
    fn what_has_no_translation_is_not_translated() {
        assert_eq!(translate(r"\bcafé", true, WINDOWS_1252), None);
        assert_eq!(translate(r"(?-u:[\x80-\xff])", true, WINDOWS_1252), None);
        assert_eq!(translate("(unclosed", true, WINDOWS_1252), None);
    }
}
