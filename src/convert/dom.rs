//! From a parsed HTML tree to tidy Markdown, for both converters: images
//! become `[image: ALT]`, links absolute, footnote references `[^ID]`,
//! then dom_query's Markdown serializer and [`tidy`](super::tidy).
//!
//! What the serializer must not escape goes through it as private-use
//! characters (U+E000–U+E003), which are first taken out of the page's own
//! text ([`clean_input`]).

use dom_query::{Document, NodeRef};

const IMAGE_OPEN: char = '\u{e000}';
const IMAGE_CLOSE: char = '\u{e001}';
const NOTE_OPEN: char = '\u{e002}';
const NOTE_CLOSE: char = '\u{e003}';

/// Elements never read: scripts, styles, forms' controls, navigation.
const SKIPPED: &[&str] = &[
    "script", "style", "meta", "head", "noscript", "template", "svg", "iframe", "button", "select",
    "nav", "object", "embed", "canvas",
];

/// `html` without the characters used as markers (each one becomes U+FFFD).
pub fn clean_input(html: &str) -> String {
    html.replace([IMAGE_OPEN, IMAGE_CLOSE, NOTE_OPEN, NOTE_CLOSE], "\u{fffd}")
}

/// Replace every `<img>` under the document by the marked text of its alt.
pub fn images_as_text(doc: &Document) {
    for img in doc.select("img").nodes() {
        let alt = img.attr("alt").map(|a| a.to_string()).unwrap_or_default();
        let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = doc
            .tree
            .new_text(format!(" {IMAGE_OPEN}{alt}{IMAGE_CLOSE} "));
        img.replace_with(&text);
    }
}

/// Make `href` and `src` attributes absolute against `base`.
pub fn absolute_links(doc: &Document, base: &str) {
    for (selector, attr) in [("a[href]", "href"), ("img[src]", "src")] {
        for node in doc.select(selector).nodes() {
            if let Some(v) = node.attr(attr) {
                let abs = super::links::absolute(base, &v);
                node.set_attr(attr, &abs);
            }
        }
    }
}

/// Replace `node` by the marked footnote reference `id`.
pub fn note_ref(doc: &Document, node: &NodeRef, id: &str) {
    let text = doc.tree.new_text(format!("{NOTE_OPEN}{id}{NOTE_CLOSE}"));
    node.replace_with(&text);
}

/// The Markdown of `node` and what is under it, tidied.
pub fn markdown(node: &NodeRef) -> String {
    let md = node.md(Some(SKIPPED));
    let mut out = String::with_capacity(md.len());
    for c in md.chars() {
        match c {
            IMAGE_OPEN => out.push_str("[image: "),
            IMAGE_CLOSE => {
                if out.ends_with("[image: ") {
                    out.truncate(out.len() - 2);
                }
                out.push(']');
            }
            NOTE_OPEN => out.push_str("[^"),
            NOTE_CLOSE => out.push(']'),
            c => out.push(c),
        }
    }
    super::tidy::tidy(&out)
}

/// A label usable as a Markdown footnote label: letters, digits, `-`, `_`.
pub fn note_label(id: &str) -> String {
    let label: String = id
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .take(40)
        .collect();
    if label.is_empty() {
        "note".into()
    } else {
        label
    }
}
