//! An HTML page → a Markdown snapshot: reader-mode extraction of the main
//! content with dom_smoothie (a port of Mozilla's Readability), its title,
//! byline, site and date; then [`dom::markdown`](super::dom::markdown).
//! A page where no main content is found is kept whole (its body, without
//! scripts, styles and navigation), and [`Snapshot::notice`] says so.

use super::front_matter::Meta;
use super::nesting::MAX_NESTING;
use super::{Snapshot, dom};
use dom_query::Document;
use dom_smoothie::{Config, Readability};

/// What made the snapshot, for its front matter.
pub const CONVERTER: &str = concat!(
    "annotty ",
    env!("CARGO_PKG_VERSION"),
    " (dom_smoothie 0.19)"
);

/// Elements nested deeper than this skip reader mode.
const MAX_DEPTH: usize = 512;

/// How deep the document's elements nest (counted without recursion).
fn depth(doc: &Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, d)) = stack.pop() {
        deepest = deepest.max(d);
        if d > MAX_DEPTH {
            break;
        }
        let mut child = node.first_child();
        while let Some(c) = child {
            stack.push((c, d + 1));
            child = c.next_sibling();
        }
    }
    deepest
}

/// Where the page came from and when it was saved.
#[derive(Debug, Clone, Default)]
pub struct Source<'a> {
    /// The page's URL (`https://…` or `file://…`): links are made absolute
    /// against it, and it is the snapshot's origin.
    pub url: Option<&'a str>,
    /// The time of saving, RFC 3339.
    pub saved: &'a str,
}

/// The snapshot of the page `html` (already decoded, see
/// [`super::charset`]). A page without text gives a snapshot whose notice
/// says so; the one error is markup nested deeper than [`MAX_NESTING`].
pub fn convert(html: &str, source: &Source) -> Result<Snapshot, String> {
    if super::nesting::depth(html, MAX_NESTING) >= MAX_NESTING {
        return Err(format!(
            "not converted: the page's tags nest more than {MAX_NESTING} deep"
        ));
    }
    let html = dom::clean_input(html);
    let url = source.url.filter(|u| u.contains("://"));
    let cfg = Config {
        // The whole page is read: the size cap is on the bytes fetched.
        max_elements_to_parse: 0,
        ..Config::default()
    };
    // Reader mode costs time in proportion to the nodes times their depth:
    // a page nested deeper than any real one is kept whole instead.
    let parsed = Document::from(html.as_str());
    let too_deep = depth(&parsed) > MAX_DEPTH;
    let extracted = if too_deep {
        None
    } else {
        Readability::with_document(parsed, url, Some(cfg))
            .ok()
            .filter(Readability::is_probably_readable)
            .and_then(|mut r| r.parse().ok())
    };
    let mut meta = Meta {
        saved: Some(source.saved.to_string()),
        origin: source.url.map(str::to_string),
        converter: Some(CONVERTER.into()),
        ..Meta::default()
    };
    let (body, notice) = match extracted.filter(|a| !a.text_content.trim().is_empty()) {
        Some(article) => {
            meta.title = Some(article.title.to_string()).filter(|t| !t.trim().is_empty());
            meta.author = article.byline.filter(|b| !b.trim().is_empty());
            meta.site = article.site_name.filter(|s| !s.trim().is_empty());
            meta.published = article.published_time.filter(|p| !p.trim().is_empty());
            let doc = Document::from(article.content.as_ref());
            (body_markdown(&doc, url), None)
        }
        None => {
            let doc = Document::from(html.as_str());
            meta.title = Some(doc.select("title").text().to_string())
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|t| !t.is_empty());
            let body = body_markdown(&doc, url);
            let notice = if body.trim().is_empty() {
                "the page has no text"
            } else if too_deep {
                "the page is nested too deeply for reader mode: the whole page is kept"
            } else {
                "no main content found: the whole page is kept"
            };
            (body, Some(notice.to_string()))
        }
    };
    if meta.site.is_none() {
        meta.site = url.and_then(host).map(str::to_string);
    }
    let body = with_title(body, meta.title.as_deref());
    Ok(Snapshot { meta, body, notice })
}

/// The Markdown of the document's body (or of all of it).
fn body_markdown(doc: &Document, url: Option<&str>) -> String {
    dom::images_as_text(doc);
    if let Some(base) = url {
        dom::absolute_links(doc, base);
    }
    let body = doc.select("body");
    match body.nodes().first() {
        Some(node) => dom::markdown(node),
        None => dom::markdown(&doc.root()),
    }
}

/// `# TITLE` before `body` unless its first heading says it already.
fn with_title(body: String, title: Option<&str>) -> String {
    let Some(title) = title else { return body };
    let first_heading = body
        .lines()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| l.strip_prefix('#'))
        .map(|l| l.trim_start_matches('#').trim());
    if first_heading.is_some_and(|h| h.eq_ignore_ascii_case(title.trim())) {
        return body;
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if body.is_empty() {
        format!("# {title}\n")
    } else {
        format!("# {title}\n\n{body}")
    }
}

/// The host of an `http(s)://` URL, without `www.`.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then(|| host.strip_prefix("www.").unwrap_or(host))
}
