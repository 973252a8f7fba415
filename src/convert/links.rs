//! Relative links made absolute against the page's URL (RFC 3986's
//! reference resolution, for the links pages have: `//host/x`, `/x`,
//! `x`, `../x`, `?q`, `#f`).

/// `href` resolved against `base`, or `href` itself when it has a scheme
/// already or `base` has none.
pub fn absolute(base: &str, href: &str) -> String {
    let href = href.trim();
    if has_scheme(href) || !has_scheme(base) {
        return href.to_string();
    }
    let (scheme, rest) = base.split_once(':').expect("has a scheme");
    let rest_no_fragment = rest.split('#').next().unwrap_or(rest);
    if let Some(h) = href.strip_prefix("//") {
        return format!("{scheme}://{h}");
    }
    // The authority (`//host`) and the path of the base.
    let (authority, path_query) = match rest_no_fragment.strip_prefix("//") {
        Some(r) => {
            let end = r.find(['/', '?']).unwrap_or(r.len());
            (format!("//{}", &r[..end]), &r[end..])
        }
        None => (String::new(), rest_no_fragment),
    };
    let path = path_query.split('?').next().unwrap_or("");
    if href.is_empty() {
        return format!("{scheme}:{authority}{path_query}");
    }
    if href.starts_with('#') {
        return format!("{scheme}:{authority}{path_query}{href}");
    }
    if href.starts_with('?') {
        return format!("{scheme}:{authority}{path}{href}");
    }
    let merged = if href.starts_with('/') {
        href.to_string()
    } else {
        let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
        let dir = if dir.is_empty() { "/" } else { dir };
        format!("{dir}{href}")
    };
    format!("{scheme}:{authority}{}", remove_dots(&merged))
}

/// `scheme:` at the start (a letter, then letters, digits, `+-.`).
fn has_scheme(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// `.` and `..` segments of a path removed (the query and fragment kept).
fn remove_dots(path: &str) -> String {
    let split = path.find(['?', '#']).unwrap_or(path.len());
    let (p, tail) = path.split_at(split);
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = p.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("{}{tail}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::absolute;

    #[test]
    fn relative_links_resolve_against_the_page() {
        let base = "https://example.org/a/b/page.html?x=1#top";
        for (href, want) in [
            ("https://other.net/x", "https://other.net/x"),
            ("mailto:a@b.c", "mailto:a@b.c"),
            ("//cdn.example.org/i.png", "https://cdn.example.org/i.png"),
            ("/root.html", "https://example.org/root.html"),
            ("next.html", "https://example.org/a/b/next.html"),
            ("../up.html#s", "https://example.org/a/up.html#s"),
            ("../../../too-far", "https://example.org/too-far"),
            ("./same", "https://example.org/a/b/same"),
            ("?q=2", "https://example.org/a/b/page.html?q=2"),
            ("#note-1", "https://example.org/a/b/page.html?x=1#note-1"),
        ] {
            assert_eq!(absolute(base, href), want, "{href}");
        }
        assert_eq!(
            absolute("https://example.org", "x"),
            "https://example.org/x"
        );
        assert_eq!(
            absolute("file:///home/ann/page.html", "img/a.png"),
            "file:///home/ann/img/a.png"
        );
        assert_eq!(absolute("not a url", "x.html"), "x.html");
    }
}
