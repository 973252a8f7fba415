//! Which encoding an HTML page's bytes are in, and the page as text: a
//! byte-order mark wins, then the charset the server sent
//! (`Content-Type: text/html; charset=…`), then a `<meta charset>` or
//! `<meta http-equiv content="…charset=…">` in the first 4 KiB, else
//! [`crate::encoding::detect`] (UTF-8 unless the bytes say otherwise).
//! Bytes that are not text at all (a NUL byte in the first 8 KiB: an
//! image or an archive behind an `.html` URL) are refused.

use encoding_rs::{Encoding, UTF_8};

/// How far the `<meta>` charset is looked for, in bytes.
const PRESCAN: usize = 4096;
/// How far a NUL byte is looked for, in bytes.
const SNIFF: usize = 8192;

/// The `charset` parameter of a `Content-Type` header value.
pub fn of_content_type(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// The charset a `<meta>` tag in the first 4 KiB of `bytes` names.
pub fn of_meta(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(PRESCAN)]).to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = head[from..].find("<meta") {
        let start = from + i;
        let end = head[start..].find('>').map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(c) = tag.find("charset") {
            let rest = tag[c + "charset".len()..].trim_start();
            if let Some(rest) = rest.strip_prefix('=') {
                let rest = rest.trim_start().trim_start_matches(['"', '\'']);
                let label: String = rest
                    .chars()
                    .take_while(|c| !matches!(c, '"' | '\'' | ';' | ' ' | '/' | '>'))
                    .collect();
                if !label.is_empty() {
                    return Some(label);
                }
            }
        }
        from = end;
    }
    None
}

/// `bytes` decoded as text by the rules above (`header`: the charset the
/// server named). Errors say why the bytes are not an HTML page.
pub fn decode(bytes: &[u8], header: Option<&str>) -> Result<String, String> {
    let (encoding, skip) = match Encoding::for_bom(bytes) {
        Some((e, n)) => (e, n),
        None => (choose(bytes, header), 0),
    };
    let is_utf16 = encoding.name().starts_with("UTF-16");
    if !is_utf16 && memchr::memchr(0, &bytes[..bytes.len().min(SNIFF)]).is_some() {
        return Err("not an HTML page (binary data)".into());
    }
    let (text, _) = encoding.decode_without_bom_handling(&bytes[skip..]);
    Ok(text.into_owned())
}

/// The encoding named by the header or `<meta>`, else detected.
fn choose(bytes: &[u8], header: Option<&str>) -> &'static Encoding {
    let named = header
        .map(str::to_string)
        .or_else(|| of_meta(bytes))
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    // A page that says UTF-16 in ASCII is not UTF-16 (the HTML standard).
    match named {
        Some(e) if e.name().starts_with("UTF-16") => UTF_8,
        Some(e) => e,
        None => crate::encoding::detect(bytes, true, None).unwrap_or(UTF_8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_wins_over_meta_and_meta_over_detection() {
        let page = b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>";
        assert!(decode(page, None).unwrap().contains("café"));
        let koi = b"<p>\xf0\xd2\xc9\xd7\xc5\xd4</p>";
        assert!(decode(koi, Some("koi8-r")).unwrap().contains("Привет"));
        assert_eq!(
            of_content_type("text/html; Charset=\"Windows-1251\""),
            Some("Windows-1251".into())
        );
        let equiv = b"<META HTTP-EQUIV=Content-Type CONTENT='text/html; charset=windows-1252'>";
        assert_eq!(of_meta(equiv), Some("windows-1252".into()));
    }

    #[test]
    fn utf8_by_default_and_binary_refused() {
        assert_eq!(
            decode("<p>naïve</p>".as_bytes(), None).unwrap(),
            "<p>naïve</p>"
        );
        let e = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None).unwrap_err();
        assert_eq!(e, "not an HTML page (binary data)");
    }
}
