//! Tags: the kinds of highlight, numbered 1–9, each with a name (saved in
//! the sidecar) and a colour (used on screen).

/// A colour a tag can have, by name in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagColor {
    Yellow,
    Red,
    Blue,
    Green,
    Magenta,
    Cyan,
    Gray,
}

impl TagColor {
    pub fn parse(name: &str) -> Option<TagColor> {
        Some(match name.to_ascii_lowercase().as_str() {
            "yellow" => TagColor::Yellow,
            "red" => TagColor::Red,
            "blue" => TagColor::Blue,
            "green" => TagColor::Green,
            "magenta" | "purple" => TagColor::Magenta,
            "cyan" => TagColor::Cyan,
            "gray" | "grey" => TagColor::Gray,
            _ => return None,
        })
    }
}

/// One tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub color: TagColor,
}

/// The default tags, 1 to 5.
pub fn defaults() -> Vec<Tag> {
    [
        ("highlight", TagColor::Yellow),
        ("important", TagColor::Red),
        ("question", TagColor::Blue),
        ("idea", TagColor::Green),
        ("quote", TagColor::Magenta),
    ]
    .into_iter()
    .map(|(n, c)| Tag {
        name: n.into(),
        color: c,
    })
    .collect()
}

/// The colour of the tag named `name`, or gray for a tag the config does
/// not know (one written by another config).
pub fn color_of(tags: &[Tag], name: &str) -> TagColor {
    tags.iter()
        .find(|t| t.name == name)
        .map_or(TagColor::Gray, |t| t.color)
}
