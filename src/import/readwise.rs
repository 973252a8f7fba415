//! Readwise's CSV export (format notes: docs/IMPORT-FORMATS.md): a header
//! row naming the columns — `Highlight`, `Book Title`, `Book Author`,
//! `Note`, `Tags` (comma-separated), `Location`, `Highlighted at` — found
//! by name in any order (other columns are ignored), then one highlight
//! per record; fields may be quoted, with `""` for a quote and newlines
//! inside (read with the `csv` crate). A row with no highlight is left
//! out and said; a row with a different number of fields is an error.

use super::{Book, Imported, Parsed, iso_time};

/// What a Readwise export holds, for the message about one that holds none.
pub const EXPECTED: &str = "a header row with a `Highlight` column, then a row per highlight";

/// Every highlight in a Readwise CSV export (already decoded to text).
pub fn parse(text: &str) -> Result<Parsed, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("the header row: {e}"))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let Some(highlight) = column("Highlight") else {
        return Err(format!(
            "not a Readwise export: no `Highlight` column (the header row is: {})",
            crate::sanitize::line(&headers.iter().collect::<Vec<_>>().join(","))
        ));
    };
    let [title, author, note, tags, location, at] = [
        "Book Title",
        "Book Author",
        "Note",
        "Tags",
        "Location",
        "Highlighted at",
    ]
    .map(column);
    let mut parsed = Parsed::default();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => format!("line {}: {e}", p.line()),
            None => e.to_string(),
        })?;
        let field = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").trim();
        let quote = field(Some(highlight));
        if quote.is_empty() {
            parsed.left_out.push(format!("row {}: no highlight", i + 2));
            continue;
        }
        parsed.entries.push(Imported {
            book: Book {
                title: field(title).to_string(),
                author: field(author).to_string(),
                uri: None,
            },
            quote: quote.to_string(),
            note: field(note).to_string(),
            tags: field(tags)
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            created: iso_time(field(at)),
            location: field(location).to_string(),
            ..Imported::default()
        });
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_newlines_inside_fields() {
        let csv = "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags\n\
            \"She said \"\"no\"\",\nand left.\",\"Essays, Vol. 1\",Ann Writer,,\"a note\non two lines\",yellow,\"idea, Big Thing\",location,120,2026-12-01 09:30:00,\n\
            ,Essays,Ann Writer,,,,,,,,\n";
        let p = parse(csv).unwrap();
        assert_eq!(p.entries.len(), 1);
        let e = &p.entries[0];
        assert_eq!(e.quote, "She said \"no\",\nand left.");
        assert_eq!(e.book.title, "Essays, Vol. 1");
        assert_eq!(e.note, "a note\non two lines");
        assert_eq!(e.tags, ["idea", "Big Thing"]);
        assert_eq!(e.created.as_deref(), Some("2026-12-01T09:30:00.000Z"));
        assert_eq!(p.left_out, ["row 3: no highlight"]);
        assert!(
            parse("Title,Author\nx,y\n")
                .unwrap_err()
                .contains("no `Highlight` column")
        );
        let short = parse("Highlight,Book Title\n\"a\",b,c\n").unwrap_err();
        assert!(short.starts_with("line 2:"), "{short}");
    }
}
