//! The sample articles bundled into the binary at build time, so that
//! `annotty` with no argument has something to open wherever it is
//! installed.

/// (file name, contents) of each bundled article, guide first,
/// multilingual last.
pub const SEEDS: &[(&str, &[u8])] = &[
    ("guide.txt", include_bytes!("../seeds/guide.txt")),
    ("essay.txt", include_bytes!("../seeds/essay.txt")),
    ("orchard.md", include_bytes!("../seeds/orchard.md")),
    // Snapshots of a web page and of a book (seeds/tide-tables.html and
    // seeds/the-lamp-room.epub, made from seeds/book/), as `annotty add`
    // makes them; tests/seed_snapshots.rs checks they are current.
    ("tide-tables.md", include_bytes!("../seeds/tide-tables.md")),
    (
        "the-lamp-room.md",
        include_bytes!("../seeds/the-lamp-room.md"),
    ),
    (
        "multilingual.txt",
        include_bytes!("../seeds/multilingual.txt"),
    ),
];
