//! Front matter: a YAML (`---`) or TOML (`+++`) block at the very top of
//! a Markdown file, hidden behind a one-row summary.

/// How far the closing line is looked for.
const REACH: usize = 64 << 10;

/// The front matter at the top of `bytes`: the byte range from the top to
/// the end of its closing line's text (without the terminator).
pub fn find(bytes: &[u8]) -> Option<std::ops::Range<usize>> {
    let fence: &[u8] = if bytes.starts_with(b"---") {
        b"---"
    } else if bytes.starts_with(b"+++") {
        b"+++"
    } else {
        return None;
    };
    let first_end = memchr::memchr(b'\n', &bytes[..bytes.len().min(REACH)])?;
    if bytes[3..first_end].iter().any(|b| !b.is_ascii_whitespace()) {
        return None;
    }
    let mut at = first_end + 1;
    while at < bytes.len().min(REACH) {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |e| at + e);
        let line = &bytes[at..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let trimmed = trim_end(line);
        if trimmed == fence || (fence == b"---" && trimmed == b"...") {
            return Some(0..at + line.len());
        }
        at = end + 1;
    }
    None
}

fn trim_end(s: &[u8]) -> &[u8] {
    let n = s
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &s[..n]
}

/// The one-row summary of front matter `text`: its title, author and site
/// joined with ` · ` when it names them, else how many lines it has.
pub fn summary(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    let lines: Vec<&str> = text.lines().collect();
    let value = |key: &str| {
        lines.iter().find_map(|l| {
            let (k, v) = l.split_once([':', '='])?;
            if k.trim() != key {
                return None;
            }
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            (!v.is_empty()).then(|| v.to_string())
        })
    };
    let parts: Vec<String> = ["title", "author", "site"]
        .iter()
        .filter_map(|k| value(k))
        .collect();
    let inner = lines.len().saturating_sub(2);
    if parts.is_empty() {
        format!("⌄ front matter ({})", crate::words::count(inner, "line"))
    } else {
        format!("⌄ {}", parts.join(" · "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_front_matter() {
        let yaml = b"---\ntitle: \"Orchard\"\nauthor: Ann\nsite: example.org\n---\n# H";
        let r = find(yaml).unwrap();
        assert_eq!(&yaml[r.end - 3..r.end], b"---");
        assert_eq!(summary(&yaml[r]), "⌄ Orchard · Ann · example.org");
        let toml = b"+++\ndate = 2024\n+++\ntext";
        let r = find(toml).unwrap();
        assert_eq!(summary(&toml[r]), "⌄ front matter (1 line)");
        assert_eq!(find(b"---\nno end"), None);
        assert_eq!(find(b"--- x\n---\n"), None);
    }
}
