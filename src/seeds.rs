//! The sample articles bundled into the binary at build time, so that
//! `annotty` with no argument has something to open wherever it is
//! installed.

/// (file name, contents) of each bundled article, guide first.
pub const SEEDS: &[(&str, &[u8])] = &[
    ("guide.txt", include_bytes!("../seeds/guide.txt")),
    ("essay.txt", include_bytes!("../seeds/essay.txt")),
    ("orchard.md", include_bytes!("../seeds/orchard.md")),
    (
        "multilingual.txt",
        include_bytes!("../seeds/multilingual.txt"),
    ),
];
