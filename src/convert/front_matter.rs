//! A snapshot's YAML front matter: what it was made from and when. Written
//! by the converters, read back by the library view (title · site · date),
//! by `annotty add` (the snapshot of a URL already saved) and by the
//! notebook (the sidecar's `[document] origin`).
//!
//! ```yaml
//! ---
//! title: "The Night Library"
//! author: "Ann Example"
//! site: "example.org"
//! published: "2026-11-02"
//! saved: "2026-12-05T08:00:00.000Z"
//! origin: "https://example.org/night-library"
//! converter: "annotty 0.1.0 (dom_smoothie 0.19)"
//! ---
//! ```
//!
//! Every value is one double-quoted YAML string (JSON escapes, which YAML
//! reads the same), so a title with `:` or `#` or quotes cannot break it;
//! keys without a value are left out. Reading accepts plain and
//! single-quoted values too (someone may edit the file by hand).

/// How far into an article its front matter is looked for, in bytes.
const HEAD: usize = 16 * 1024;

/// What a snapshot records about itself. Each field is one line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    /// The byline, or the book's creators joined with `, `.
    pub author: Option<String>,
    /// The site's name (or host) of a web page; a book's publisher.
    pub site: Option<String>,
    /// The publication date as the page or book gives it.
    pub published: Option<String>,
    /// When the snapshot was made (RFC 3339, UTC).
    pub saved: Option<String>,
    /// The URL fetched, or the `file://` URI of the file converted.
    pub origin: Option<String>,
    /// `annotty VERSION (LIBRARY VERSION)`.
    pub converter: Option<String>,
}

impl Meta {
    fn fields(&self) -> [(&'static str, &Option<String>); 7] {
        [
            ("title", &self.title),
            ("author", &self.author),
            ("site", &self.site),
            ("published", &self.published),
            ("saved", &self.saved),
            ("origin", &self.origin),
            ("converter", &self.converter),
        ]
    }

    /// The front matter block, `---` lines included, ending with a newline.
    pub fn render(&self) -> String {
        let mut out = String::from("---\n");
        for (key, value) in self.fields() {
            if let Some(v) = value.as_deref().map(one_line).filter(|v| !v.is_empty()) {
                let quoted = serde_json::to_string(&v).unwrap_or_default();
                out.push_str(&format!("{key}: {quoted}\n"));
            }
        }
        out.push_str("---\n");
        out
    }

    /// The front matter at the start of `bytes` (within its first 16 KiB),
    /// or `None` when the article has none. Unknown keys are ignored.
    pub fn read(bytes: &[u8]) -> Option<Meta> {
        let head = &bytes[..bytes.len().min(HEAD)];
        let head = match std::str::from_utf8(head) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        };
        let head = head.strip_prefix('\u{feff}').unwrap_or(head);
        let mut lines = head.lines();
        if lines.next()?.trim_end() != "---" {
            return None;
        }
        let mut meta = Meta::default();
        for line in lines {
            if matches!(line.trim_end(), "---" | "...") {
                return Some(meta);
            }
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = unquote(value.trim());
            let slot = match key.trim() {
                "title" => &mut meta.title,
                "author" => &mut meta.author,
                "site" => &mut meta.site,
                "published" => &mut meta.published,
                "saved" => &mut meta.saved,
                "origin" => &mut meta.origin,
                "converter" => &mut meta.converter,
                _ => continue,
            };
            if !value.is_empty() {
                *slot = Some(value);
            }
        }
        None
    }

    /// What the sidecar's `[document]` table records of this besides the
    /// origin.
    pub fn about(&self) -> crate::store::About {
        crate::store::About {
            title: self.title.clone(),
            author: self.author.clone(),
            site: self.site.clone(),
            published: self.published.clone(),
            saved: self.saved.clone(),
            converter: self.converter.clone(),
        }
    }

    /// What the library view shows for a snapshot: `title · site · date`
    /// (the parts it has; the date is the published one, else the day it
    /// was saved). `None` without a title.
    pub fn display(&self) -> Option<String> {
        let title = self
            .title
            .as_deref()
            .map(one_line)
            .filter(|t| !t.is_empty())?;
        let date = self
            .published
            .as_deref()
            .or(self.saved.as_deref())
            .map(|d| d.get(..10).unwrap_or(d).to_string());
        let parts: Vec<String> = [Some(title), self.site.as_deref().map(one_line), date]
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .collect();
        Some(parts.join(" · "))
    }
}

/// `s` on one line: line breaks and runs of blanks become one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A YAML scalar as written: double-quoted (JSON escapes), single-quoted
/// (`''` for a quote) or plain.
fn unquote(v: &str) -> String {
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        if let Ok(s) = serde_json::from_str::<String>(v) {
            return s;
        }
        return v[1..v.len() - 1].to_string();
    }
    if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        return v[1..v.len() - 1].replace("''", "'");
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            title: Some("A \"quoted\": title # not a comment".into()),
            author: Some("Ann\nExample".into()),
            site: Some("example.org".into()),
            published: Some("2026-11-02T10:00:00Z".into()),
            saved: Some("2026-12-05T08:00:00.000Z".into()),
            origin: Some("https://example.org/a?b=1#c".into()),
            converter: Some("annotty 0.1.0".into()),
        }
    }

    #[test]
    fn front_matter_reads_back_what_was_written() {
        let text = meta().render();
        assert!(text.starts_with("---\ntitle: \"A \\\"quoted\\\": title # not a comment\"\n"));
        assert!(
            text.contains("author: \"Ann Example\"\n"),
            "one line: {text}"
        );
        assert!(text.ends_with("---\n"));
        let back = Meta::read(format!("{text}\nBody.\n").as_bytes()).unwrap();
        assert_eq!(back.title, meta().title);
        assert_eq!(back.author.as_deref(), Some("Ann Example"));
        assert_eq!(back.origin, meta().origin);
    }

    #[test]
    fn missing_values_are_left_out_and_plain_values_read() {
        let m = Meta {
            title: Some("T".into()),
            ..Meta::default()
        };
        assert_eq!(m.render(), "---\ntitle: \"T\"\n---\n");
        let m = Meta::read(b"---\ntitle: Plain: value\nsite: 'it''s'\n---\n").unwrap();
        assert_eq!(m.title.as_deref(), Some("Plain: value"));
        assert_eq!(m.site.as_deref(), Some("it's"));
        assert_eq!(Meta::read(b"no front matter\n"), None);
        assert_eq!(Meta::read(b"---\ntitle: never closed\n"), None);
    }

    #[test]
    fn the_library_shows_title_site_and_date() {
        assert_eq!(
            meta().display().unwrap(),
            "A \"quoted\": title # not a comment · example.org · 2026-11-02"
        );
        let m = Meta {
            title: Some("Book".into()),
            saved: Some("2026-12-05T08:00:00.000Z".into()),
            ..Meta::default()
        };
        assert_eq!(m.display().unwrap(), "Book · 2026-12-05");
        assert_eq!(Meta::default().display(), None);
    }
}
