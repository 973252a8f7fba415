//! A quick estimate of how deeply an HTML page's tags nest, read from the
//! text before it is parsed: the HTML parser's time grows with the square
//! of the nesting (50 000 levels: seconds; a 50 MB page of it: hours), so
//! a page nested far deeper than any real one is refused up front.
//!
//! Start tags push; an end tag pops up to the element it names, and an
//! end tag that names no open element is ignored, as the parser ignores
//! it (so `<div></i>` repeated nests as deep as `<div>` repeated); void
//! elements (`<br>`, `<img>`, …), self-closing tags and the elements whose
//! end tag pages usually leave out (`<p>`, `<li>`, `<td>`, …) do not count;
//! comments, and the text of `<script>` and `<style>`, are skipped. The
//! estimate errs low on pages that leave end tags out, never high for
//! well-formed ones.

use std::collections::HashMap;

/// The deepest nesting of tags a page, or a book's chapter, may have:
/// deeper markup is refused before it is parsed.
pub const MAX_NESTING: usize = 4096;

/// Tags that never hold others, or whose end tag is usually left out.
const UNCOUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "tbody", "thead", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body", "!doctype",
];

/// The deepest the counted tags of `html` nest, up to `cap` (the count
/// stops there).
pub fn depth(html: &str, cap: usize) -> usize {
    let b = html.as_bytes();
    let (mut i, mut deepest) = (0usize, 0usize);
    // The open elements, innermost last, and how many of each name are open.
    let mut open: Vec<String> = Vec::new();
    let mut open_of: HashMap<String, usize> = HashMap::new();
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let name_len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'!' || **c == b'-')
            .count();
        if name_len == 0 {
            continue;
        }
        let name = html[start..start + name_len].to_ascii_lowercase();
        let end = memchr::memchr(b'>', &b[start..]).map_or(b.len(), |e| start + e);
        let self_closing = end > 0 && b.get(end - 1) == Some(&b'/');
        i = (end + 1).min(b.len());
        if UNCOUNTED.contains(&name.as_str()) {
            continue;
        }
        if closing {
            if open_of.get(&name).is_some_and(|&n| n > 0) {
                // Each element is popped once: linear over the page.
                while let Some(top) = open.pop() {
                    // Every open name has its count.
                    if let Some(n) = open_of.get_mut(&top) {
                        *n -= 1;
                    }
                    if top == name {
                        break;
                    }
                }
            }
        } else if !self_closing {
            if name == "script" || name == "style" {
                let close = format!("</{name}");
                i = find_ci(html, i, &close).unwrap_or(b.len());
                continue;
            }
            match open_of.get_mut(&name) {
                Some(n) => *n += 1,
                None => {
                    open_of.insert(name.clone(), 1);
                }
            }
            open.push(name);
            deepest = deepest.max(open.len());
            if deepest >= cap {
                return cap;
            }
        }
    }
    deepest
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&hay[from..], needle).map(|p| from + p)
}

/// `needle` (ASCII, lower case) in `hay` from `from`, ignoring case.
fn find_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let b = hay.as_bytes();
    let n = needle.as_bytes();
    let mut i = from;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let at = i + off;
        if b.len() - at >= n.len() && b[at..at + n.len()].eq_ignore_ascii_case(n) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::depth;

    #[test]
    fn nesting_is_estimated_from_the_tags() {
        assert_eq!(depth("<div><span>a</span><b>b</b></div>", 100), 2);
        assert_eq!(depth(&"<div>".repeat(5000), 100), 100);
        // Left-out end tags and void elements do not add up.
        assert_eq!(depth(&"<p>x<br><img src=a>".repeat(5000), 100), 0);
        assert_eq!(depth(&"<li>x".repeat(5000), 100), 0);
        // Nor does what scripts and comments hold.
        let script = format!(
            "<script>{}</SCRIPT><!-- {} -->",
            "<div>".repeat(500),
            "<div>".repeat(500)
        );
        assert_eq!(depth(&script, 100), 0);
        assert_eq!(depth("<a/><x-y/>< not a tag", 100), 0);
    }

    #[test]
    fn an_end_tag_that_names_no_open_element_closes_nothing() {
        // The parser ignores `</i>` with no `<i>` open: the divs nest.
        assert_eq!(depth(&"<div></i>".repeat(5000), 100), 100);
        // An end tag closes the elements left open inside its own.
        assert_eq!(depth(&"<div><span><b>x</div>".repeat(5000), 100), 3);
        assert_eq!(depth("<div><section><div>x</section></div>", 100), 3);
    }
}
