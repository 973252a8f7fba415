//! Generated texts of known shapes for tests of paragraph-style detection:
//! a hard-wrapped book laid out like a Project Gutenberg e-text (a licence
//! header, chapter headings, dialogue, paragraphs wrapped at 70 columns),
//! a list-heavy hard-wrapped how-to, prose with one paragraph per line, and
//! short notes. Every text is a pure function of its arguments (a fixed
//! xorshift generator) and plain ASCII, so a length in bytes is one in
//! chars.
//!
//! Shared by the unit tests (`#[path]`-included by `src/style.rs`) and the
//! integration tests (`mod support;`).

/// The header line of [`book`] that is far longer than the wrap width:
/// 159 chars, as in the e-text that made one-line-per-paragraph win.
pub const LONG_LINE: &str = "This electronic edition may be read, copied, printed and shared by anyone anywhere, at no cost; the few conditions attached to it are set out at the end of it.";

/// Columns the book's and the how-to's paragraphs are wrapped at.
pub const WRAP: usize = 70;

const WORDS: &[&str] = &[
    "the",
    "keeper",
    "wrote",
    "in",
    "his",
    "ledger",
    "every",
    "night",
    "and",
    "morning",
    "of",
    "a",
    "storm",
    "that",
    "came",
    "over",
    "harbour",
    "lamp",
    "was",
    "trimmed",
    "before",
    "ships",
    "passed",
    "rocks",
    "beyond",
    "point",
    "with",
    "their",
    "sails",
    "torn",
    "by",
    "wind",
    "she",
    "said",
    "nothing",
    "about",
    "letters",
    "from",
    "town",
    "which",
    "arrived",
    "late",
    "when",
    "tide",
    "turned",
    "oil",
    "for",
    "winter",
    "cost",
    "more",
    "than",
    "year",
    "before",
    "extraordinary",
    "conversation",
    "neighbours",
    "lighthouse",
    "afterwards",
    "to",
    "at",
    "on",
    "it",
    "as",
    "but",
    "not",
    "quietly",
    "remembered",
    "window",
    "stairs",
];

const NAMES: &[&str] = &["Martha", "the keeper", "Tobias", "the pilot", "Mrs. Hale"];

/// A small deterministic generator (xorshift64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.between(0, WORDS.len() - 1)]
    }
}

/// A sentence of `lo..=hi` random words, capitalised, ending in a full
/// stop.
fn sentence(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.between(lo, hi);
    let words: Vec<&str> = (0..n).map(|_| rng.word()).collect();
    let mut s = words.join(" ");
    s[..1].make_ascii_uppercase();
    s.push('.');
    s
}

/// Sentences of 5–16 words making up at least `chars` chars.
fn prose(rng: &mut Rng, chars: usize) -> String {
    let mut s = sentence(rng, 5, 16);
    while s.len() < chars {
        s.push(' ');
        s.push_str(&sentence(rng, 5, 16));
    }
    s
}

/// Greedy word wrap of `text` (ASCII, single spaces) at `width` columns.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

fn roman(mut n: usize) -> String {
    let table = [
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Push a paragraph wrapped at `width` and an empty line after it.
fn paragraph(out: &mut String, text: &str, width: usize) {
    for line in wrap(text, width) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push('\n');
}

/// A hard-wrapped book of `chapters` chapters (about 9 KiB each), laid
/// out like a Project Gutenberg e-text: a header whose second paragraph
/// starts with [`LONG_LINE`] (when `long_line`), title fields, an indented
/// table of contents, chapter headings, one-line dialogue paragraphs and
/// paragraphs wrapped at [`WRAP`] columns, and a closing notice.
pub fn book(chapters: usize, long_line: bool, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out =
        String::from("The Harbour Press edition of The Keeper's Ledger, by Ada Marlow\n\n");
    if long_line {
        out.push_str(LONG_LINE);
        out.push('\n');
    }
    out.push_str(
        "Further terms travel with every copy of this file; read them before\nyou pass it on to anyone else.\n\n",
    );
    out.push_str("Title: The Keeper's Ledger\n\nAuthor: Ada Marlow\n\nRelease date: March 3, 2009\n\nLanguage: English\n\n");
    out.push_str("*** START OF THE HARBOUR PRESS EDITION ***\n\n\n\n");
    out.push_str("THE KEEPER'S LEDGER\n\nby Ada Marlow\n\n\nCONTENTS\n\n");
    for c in 1..=chapters {
        out.push_str(&format!(
            " CHAPTER {}.  {}\n",
            roman(c),
            sentence(&mut rng, 2, 5)
        ));
    }
    out.push('\n');
    for c in 1..=chapters {
        out.push_str(&format!("\n\nCHAPTER {}.\n\n", roman(c)));
        paragraph(&mut out, &sentence(&mut rng, 2, 6), WRAP);
        let start = out.len();
        while out.len() - start < 9000 {
            if rng.between(0, 9) < 3 {
                let name = NAMES[rng.between(0, NAMES.len() - 1)];
                let said = format!("\"{}\" said {name}.", sentence(&mut rng, 2, 7));
                paragraph(&mut out, &said, WRAP);
            } else {
                let chars = rng.between(100, 900);
                paragraph(&mut out, &prose(&mut rng, chars), WRAP);
            }
        }
    }
    out.push_str("*** END OF THE HARBOUR PRESS EDITION ***\n\n");
    paragraph(&mut out, &prose(&mut rng, 1200), WRAP);
    out
}

/// A list-heavy how-to, hard-wrapped at [`WRAP`] columns: `sections`
/// sections, each a heading, a short paragraph, a numbered list whose
/// long items wrap onto indented continuation lines, a bullet list of
/// short items, and a closing paragraph.
pub fn how_to(sections: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::from("Trimming and Tending the Harbour Lamp\n\n");
    paragraph(&mut out, &prose(&mut rng, 300), WRAP);
    for s in 1..=sections {
        out.push_str(&format!("## Step {s}: {}\n\n", sentence(&mut rng, 2, 4)));
        let chars = rng.between(80, 400);
        paragraph(&mut out, &prose(&mut rng, chars), WRAP);
        for i in 1..=rng.between(3, 7) {
            let item = format!("{i}. {}", sentence(&mut rng, 3, 30));
            for (n, line) in wrap(&item, WRAP).iter().enumerate() {
                let indent = if n == 0 { "" } else { "   " };
                out.push_str(&format!("{indent}{line}\n"));
            }
        }
        out.push('\n');
        for _ in 0..rng.between(2, 6) {
            out.push_str(&format!("- {}\n", sentence(&mut rng, 1, 4)));
        }
        out.push('\n');
        paragraph(&mut out, &prose(&mut rng, 120), WRAP);
    }
    out
}

/// A how-to that is nearly all lists, hard-wrapped at [`WRAP`] columns:
/// a title underlined with `=`, one short paragraph, then `sections`
/// sections, each a title underlined with `-` and an empty line, a
/// numbered list and a bullet list whose items (no empty lines between
/// them) wrap onto continuation lines with a hanging indent (under the
/// item's text), and an empty line after each list.
pub fn list_how_to(sections: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let title = "Setting Up the Harbour Lamp for Winter";
    let mut out = format!("{title}\n{}\n\n", "=".repeat(title.len()));
    paragraph(&mut out, &prose(&mut rng, 100), WRAP);
    for s in 1..=sections {
        let heading = format!("Part {s}: {}", sentence(&mut rng, 2, 4));
        out.push_str(&format!("{heading}\n{}\n\n", "-".repeat(heading.len())));
        let count = rng.between(3, 7);
        hanging_list(&mut out, &mut rng, &|i| format!("{i}. "), count);
        let count = rng.between(2, 5);
        hanging_list(&mut out, &mut rng, &|_| "- ".to_string(), count);
    }
    out
}

/// Push a list of `n` items (`marker(i)` before item `i`) wrapped at
/// [`WRAP`] columns with hanging indents, and an empty line after it.
fn hanging_list(out: &mut String, rng: &mut Rng, marker: &dyn Fn(usize) -> String, n: usize) {
    for i in 1..=n {
        let mark = marker(i);
        let text = sentence(rng, 6, 28);
        let hang = " ".repeat(mark.len());
        for (k, line) in wrap(&text, WRAP - mark.len()).iter().enumerate() {
            let lead = if k == 0 { mark.as_str() } else { hang.as_str() };
            out.push_str(&format!("{lead}{line}\n"));
        }
    }
    out.push('\n');
}

/// Prose with one paragraph per line (100–900 chars each): `paragraphs`
/// of them after a title, separated by empty lines when `blank_lines`.
pub fn one_per_line(paragraphs: usize, blank_lines: bool, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::from("Notes from the Harbour Meeting\n\n");
    for _ in 0..paragraphs {
        let chars = rng.between(100, 900);
        out.push_str(&prose(&mut rng, chars));
        out.push('\n');
        if blank_lines {
            out.push('\n');
        }
    }
    out
}

/// Short notes of a few words a line, in small groups.
pub fn notes(lines: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    for i in 0..lines {
        out.push_str(&sentence(&mut rng, 1, 5));
        out.push('\n');
        if i % 4 == 3 {
            out.push('\n');
        }
    }
    out
}

/// One hard-wrapped paragraph (wrapped at [`WRAP`] columns) of at least
/// `chars` chars, with no empty line in it, and an empty line after it.
pub fn long_paragraph(chars: usize, seed: u64) -> String {
    let mut out = String::new();
    paragraph(&mut out, &prose(&mut Rng::new(seed), chars), WRAP);
    out
}

/// Lines in one page of [`rfc`]'s body, between its header and footer.
pub const RFC_PAGE: usize = 54;

/// A memo laid out as RFCs are: a title block in two columns, the title
/// centred, unindented section headings (`3.  Title`), paragraphs wrapped
/// at 72 columns with an indent of 3 spaces, a drawing and a table; then
/// cut into pages of [`RFC_PAGE`] lines, each followed by two empty
/// lines, a footer (`[Page n]`), a form feed on a line of its own, a
/// header and two empty lines. `sections` sections of 2–5 paragraphs.
pub fn rfc(sections: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut body: Vec<String> = [
        "Harbour Lamp Working Group                                  A. Marlow",
        "Request for Comments: 9991                             Harbour Press",
        "Category: Informational                                    T. Pilot",
        "                                                         March 2026",
        "",
        "",
        "               Trimming Harbour Lamps in Winter Weather",
        "",
    ]
    .iter()
    .map(|l| l.to_string())
    .collect();
    for s in 1..=sections {
        body.push(String::new());
        body.push(format!("{s}.  {}", sentence(&mut rng, 2, 4)));
        body.push(String::new());
        for _ in 0..rng.between(2, 5) {
            let chars = rng.between(150, 700);
            body.extend(
                wrap(&prose(&mut rng, chars), WRAP - 1)
                    .iter()
                    .map(|l| format!("   {l}")),
            );
            body.push(String::new());
        }
        if s % 3 == 1 {
            body.extend(
                [
                    "      +--------+        +--------+",
                    "      | ledger | -----> | keeper |",
                    "      +--------+        +--------+",
                    "",
                    "   Lamp        Wick        Hours",
                    "   storm       long        twelve",
                    "   harbour     short       six",
                    "",
                ]
                .iter()
                .map(|l| l.to_string()),
            );
        }
    }
    let mut out = String::new();
    for (page, lines) in body.chunks(RFC_PAGE).enumerate() {
        for line in lines {
            out.push_str(line);
            out.push('\n');
        }
        let n = page + 1;
        out.push_str(&format!(
            "\n\nMarlow & Pilot                Informational                   [Page {n}]\n\x0c\nRFC 9991                   Harbour Lamps in Winter                March 2026\n\n\n"
        ));
    }
    out
}
