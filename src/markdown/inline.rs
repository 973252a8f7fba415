//! What pulldown-cmark makes of one wrap unit's text: the pieces shown
//! (with their looks), replacements (entities, escapes, task boxes, image
//! marks) and links. Everything else of the unit is markup, hidden.

use super::view::{Link, Look, Show, Span};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What an image's alt text is shown after, and the mark that stands for
/// it when the column is narrower than that ([`super::View::fit`]).
pub const IMAGE_MARK: &str = "[image: ";
pub const IMAGE_MARK_NARROW: &str = "[";

/// The extensions read: tables, footnotes, strikethrough, task lists.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// The shown pieces of `text` (whose first byte is document byte `base`),
/// and its links. Pieces may leave gaps: those bytes are hidden.
pub fn pieces(text: &str, base: usize) -> (Vec<Span>, Vec<Link>) {
    let mut out = Vec::new();
    let mut links = Vec::new();
    let mut look = Look::default();
    // Open links: where their text starts in `out`, and the URL.
    let mut open_links: Vec<(usize, String)> = Vec::new();
    // Open images: the index in `out` where their pieces start.
    let mut images: Vec<usize> = Vec::new();
    let mut depth: Vec<Look> = Vec::new();
    // Inside an HTML block.
    let mut in_html = false;
    let abs = |r: std::ops::Range<usize>| base + r.start..base + r.end;
    for (event, r) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                depth.push(look);
                match tag {
                    Tag::Emphasis => look.italic = true,
                    Tag::Strong => look.bold = true,
                    Tag::Strikethrough => look.strike = true,
                    Tag::Heading { level, .. } => look.heading = level as u8,
                    Tag::CodeBlock(_) => look.code = true,
                    Tag::HtmlBlock => {
                        look.dim = true;
                        in_html = true;
                    }
                    Tag::FootnoteDefinition(_) => {
                        // Its label stays, dimmed: `[^name]:`.
                        if let Some(i) = text[r.clone()].find("]:") {
                            let blank = text.as_bytes().get(r.start + i + 2) == Some(&b' ');
                            out.push(Span {
                                range: abs(r.start..r.start + i + 2 + usize::from(blank)),
                                show: Show::Text(Look { dim: true, ..look }),
                            });
                        }
                    }
                    Tag::Link { dest_url, .. } => {
                        look.link = true;
                        open_links.push((out.len(), dest_url.to_string()));
                    }
                    Tag::Image { .. } => {
                        images.push(out.len());
                        out.push(Span {
                            range: abs(r.start..(r.start + 2).min(r.end)),
                            show: Show::Replace(IMAGE_MARK.into(), Look { dim: true, ..look }),
                        });
                    }
                    _ => {}
                }
            }
            Event::End(tag) => {
                match tag {
                    TagEnd::HtmlBlock => in_html = false,
                    TagEnd::Link => {
                        if let Some((from, url)) = open_links.pop() {
                            let covered: Vec<_> =
                                out[from..].iter().map(|s: &Span| s.range.clone()).collect();
                            if let (Some(a), Some(b)) = (covered.first(), covered.last()) {
                                links.push(Link {
                                    range: a.start..b.end,
                                    url,
                                });
                            }
                        }
                    }
                    TagEnd::Image => {
                        let from = images.pop().unwrap_or(out.len());
                        let last = out[from..].last().map_or(base + r.start, |s| s.range.end);
                        // The `]` after the alt text, else a zero-width close.
                        let close = if text.as_bytes().get(last - base) == Some(&b']') {
                            last..last + 1
                        } else {
                            last..last
                        };
                        out.push(Span {
                            range: close,
                            show: Show::Replace("]".into(), Look { dim: true, ..look }),
                        });
                    }
                    _ => {}
                }
                look = depth.pop().unwrap_or_default();
            }
            // pulldown-cmark gives an indented HTML block's indentation
            // as a text event of its own: the indentation is not shown
            // (as before any other block), so it is left hidden.
            Event::Text(t) if in_html && t.bytes().all(|b| b == b' ' || b == b'\t') => {}
            Event::Text(t) => out.push(shown(text, r, &t, look, base)),
            Event::Code(t) => {
                let src = &text[r.clone()];
                let code = Look { code: true, ..look };
                match src.find(&*t) {
                    Some(i) if !t.is_empty() => out.push(Span {
                        range: abs(r.start + i..r.start + i + t.len()),
                        show: Show::Text(code),
                    }),
                    _ => match code_lines(src, &t) {
                        // Over several lines: each line's part shown as it
                        // is, so that the span wraps like text.
                        Some(parts) => out.extend(parts.into_iter().map(|(p, show)| Span {
                            range: abs(r.start + p.start..r.start + p.end),
                            show: match show {
                                Some(s) => Show::Replace(s.into(), code),
                                None => Show::Text(code),
                            },
                        })),
                        None => out.push(Span {
                            range: abs(r),
                            show: Show::Replace(t.to_string(), code),
                        }),
                    },
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                let end = if text[..r.end].ends_with('\n') {
                    r.end - 1
                } else {
                    r.end
                };
                out.push(Span {
                    range: abs(r.start..end.max(r.start)),
                    show: Show::Text(Look { dim: true, ..look }),
                })
            }
            Event::FootnoteReference(_) => out.push(Span {
                range: abs(r),
                show: Show::Text(Look { dim: true, ..look }),
            }),
            Event::SoftBreak | Event::HardBreak => out.push(Span {
                range: abs(r),
                show: Show::Replace(" ".into(), look),
            }),
            Event::TaskListMarker(done) => out.push(Span {
                range: abs(r),
                show: Show::Replace(if done { "☑ " } else { "☐ " }.into(), look),
            }),
            _ => {}
        }
    }
    (out, links)
}

/// A text event: its source bytes when they are what it says, else the
/// text it decodes to (entities, escapes).
fn shown(text: &str, r: std::ops::Range<usize>, t: &str, look: Look, base: usize) -> Span {
    let src = &text[r.clone()];
    let range = base + r.start..base + r.end;
    if src == t {
        return Span {
            range,
            show: Show::Text(look),
        };
    }
    // A code block's line keeps its newline in the event; show the rest.
    if let Some(stripped) = t.strip_suffix('\n')
        && src.starts_with(stripped)
    {
        return Span {
            range: range.start..range.start + stripped.len(),
            show: Show::Text(look),
        };
    }
    Span {
        range,
        show: Show::Replace(t.to_string(), look),
    }
}

/// The parts of a code span `src` (with its backticks) that runs over
/// several lines, when they spell its text `t`: each line's code as it is
/// (`None`) and each line break as a space (`Some(" ")`), ranges relative
/// to `src`; the rest (backticks, a line's leading blanks and quote
/// markers) hidden. `None` when they do not spell `t`.
fn code_lines(src: &str, t: &str) -> Option<Vec<(std::ops::Range<usize>, Option<&'static str>)>> {
    let b = src.as_bytes();
    let ticks = b.iter().take_while(|&&c| c == b'`').count();
    let end = b.len().checked_sub(ticks).filter(|&e| e > ticks)?;
    let mut parts = Vec::new();
    let mut spelt = String::new();
    let mut at = ticks;
    let mut first = true;
    while at < end {
        let nl = memchr::memchr(b'\n', &b[at..end]).map_or(end, |i| at + i);
        let mut from = at;
        if !first {
            while from < nl && matches!(b[from], b' ' | b'\t' | b'>') {
                from += 1;
            }
        }
        let to = if nl < end && b[..nl].ends_with(b"\r") {
            nl - 1
        } else {
            nl
        };
        if from < to {
            parts.push((from..to, None));
            spelt.push_str(&src[from..to]);
        }
        if nl < end {
            parts.push((nl..nl + 1, Some(" ")));
            spelt.push(' ');
        }
        first = false;
        at = nl + 1;
    }
    // CommonMark strips one blank each side when both are there.
    let stripped = spelt
        .strip_prefix(' ')
        .and_then(|x| x.strip_suffix(' '))
        .unwrap_or(&spelt);
    if spelt != t && stripped != t {
        return None;
    }
    if stripped == t && spelt != t {
        // Hide the stripped blanks (a break shown as a space is kept).
        let strip = |part: &mut (std::ops::Range<usize>, Option<&'static str>), front: bool| {
            if part.1.is_some() {
                part.1 = Some("");
            } else if front {
                part.0.start += 1;
            } else {
                part.0.end -= 1;
            }
        };
        if let Some(p) = parts.first_mut() {
            strip(p, true);
        }
        if let Some(p) = parts.last_mut() {
            strip(p, false);
        }
    }
    Some(parts)
}
