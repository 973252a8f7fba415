//! Generates deterministic benchmark articles.
//!
//! ```text
//! cargo run --release --example gen_articles -- OUT_DIR [NAME...]
//! ```
//!
//! NAME is any of `5k`, `1m`, `100m`, `1g`, `line50m`, `notes100k`,
//! `cp1252`, `cp1252-1g` (default: all but `notes100k` and the `cp1252`
//! ones):
//!
//! | name      | file            | size                 | shape                          |
//! |-----------|-----------------|----------------------|--------------------------------|
//! | `5k`      | `para-5k.txt`   | 5 KiB (5120 B)       | one paragraph per line         |
//! | `1m`      | `para-1m.txt`   | 1 MiB                | one paragraph per line         |
//! | `100m`    | `para-100m.txt` | 100 MiB              | one paragraph per line         |
//! | `1g`      | `para-1g.txt`   | 1 GiB                | one paragraph per line         |
//! | `line50m` | `line-50m.txt`  | 50 MiB               | a single line (newline at end) |
//! | `8m`      | `para-8m.txt`   | 8 MiB                | one paragraph per line         |
//!
//! Paragraphs have 40–200 random lowercase words of 3–10 letters (the last
//! paragraph is sized to make the file exactly its nominal size). Every file
//! starts with the word `FIRSTWORD`, ends with `LASTWORD\n`, and contains
//! exactly one `NEEDLEWORD`, in the last paragraph, 10 words before the end.
//! Output is a pure function of the name (fixed seeds, own xorshift PRNG);
//! files that already exist with the right size are skipped.
//!
//! `notes100k` (needs `100m`) makes `notes-100m.txt`, a hard link to (or
//! copy of) `para-100m.txt`, and `notes-100m.txt.annotty.pristine`: a
//! sidecar with 100 000 annotations spread evenly over it (12 chars each,
//! tags cycling through highlight/important/idea, a two-line note on every
//! fourth), for the right content hash. The benchmark copies the pristine
//! sidecar to `notes-100m.txt.annotty.toml` before each run.
//!
//! `md5k` and `md100m` (need `5k`, `100m`) make `md-5k.md` and
//! `md-100m.md`: the paragraphs of `para-5k.txt` / `para-100m.txt` as
//! Markdown (an empty line between them; every 10th word `**strong**`,
//! every 13th `*emphasis*`, every 17th `` `code` ``, every 23rd a
//! `[link](https://example.org/N)`; every 40th paragraph after a `## `
//! heading, every 25th a list item, every 60th followed by a fenced code
//! block of three lines), with `FIRSTWORD`, `NEEDLEWORD` and `LASTWORD`
//! left plain; and a copy named `.txt` to open the same bytes as plain
//! text.
//!
//! `web1m` (needs `1m`) makes `web-1m.html`: the paragraphs of
//! `para-1m.txt` as a web page (a header with navigation, the article, an
//! aside and a footer; `<p>` paragraphs with the Markdown files' emphasis
//! and links as HTML, an `<h2>` every 40 paragraphs), about 1.1 MB.
//! `book5m` (needs `8m`) makes `book-5m.epub`: the paragraphs of
//! `para-8m.txt` as 40 chapters (XHTML, the same markup, each listed in
//! the navigation document), zipped like the test books
//! (`annotty::fuzzing::epub_archive`), about 5 MB. `annotty web-1m.html`
//! and `annotty book-5m.epub` convert and open them (see
//! docs/PERFORMANCE.md).
//!
//! `cp1252` (needs `100m`) makes `cp1252-100m.txt`: `para-100m.txt` with
//! every `q` turned into Windows-1252 `é` (0xe9) and every `x` into `’`
//! (0x92), byte for byte, so the file is the same size and shape but not
//! UTF-8: annotty decodes it (see `annotty::encoding`). `cp1252-1g` (needs
//! `1g`) makes `cp1252-1g.txt` from `para-1g.txt` the same way.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Spec {
    name: &'static str,
    file: &'static str,
    size: u64,
    single_line: bool,
    seed: u64,
}

const SPECS: &[Spec] = &[
    Spec {
        name: "5k",
        file: "para-5k.txt",
        size: 5 * 1024,
        single_line: false,
        seed: 0x5eed_0005,
    },
    Spec {
        name: "1m",
        file: "para-1m.txt",
        size: 1024 * 1024,
        single_line: false,
        seed: 0x5eed_0001,
    },
    Spec {
        name: "8m",
        file: "para-8m.txt",
        size: 8 * 1024 * 1024,
        single_line: false,
        seed: 0x5eed_0008,
    },
    Spec {
        name: "100m",
        file: "para-100m.txt",
        size: 100 * 1024 * 1024,
        single_line: false,
        seed: 0x5eed_0100,
    },
    Spec {
        name: "1g",
        file: "para-1g.txt",
        size: 1024 * 1024 * 1024,
        single_line: false,
        seed: 0x5eed_1000,
    },
    Spec {
        name: "line50m",
        file: "line-50m.txt",
        size: 50 * 1024 * 1024,
        single_line: true,
        seed: 0x5eed_0050,
    },
];

/// xorshift64* — tiny, fast, good enough for filler text.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform-ish in `lo..=hi` (tiny modulo bias is irrelevant here).
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + (self.next() >> 16) % (hi - lo + 1)
    }
}

const MIN_WORD: usize = 3;
const MAX_WORD: usize = 10;

fn push_word(rng: &mut Rng, len: usize, out: &mut Vec<u8>) {
    // 12 letters from one 64-bit draw (5 bits each, mapped onto 26).
    let mut left = 0;
    let mut bits = 0u64;
    for _ in 0..len {
        if left == 0 {
            bits = rng.next();
            left = 12;
        }
        out.push(b'a' + (((bits & 31) * 26) >> 5) as u8);
        bits >>= 5;
        left -= 1;
    }
}

fn random_word(rng: &mut Rng, out: &mut Vec<u8>) {
    let len = rng.range(MIN_WORD as u64, MAX_WORD as u64) as usize;
    push_word(rng, len, out);
}

/// Appends random words separated by single spaces, exactly `n` bytes long
/// (`n >= MIN_WORD`), with no leading or trailing space.
fn fill_exact(rng: &mut Rng, mut n: usize, out: &mut Vec<u8>) {
    assert!(n >= MIN_WORD);
    // Keep going while a word, a space and a final two-word tail still fit.
    while n > 2 * MAX_WORD + 1 {
        let len = rng.range(MIN_WORD as u64, MAX_WORD as u64) as usize;
        push_word(rng, len, out);
        out.push(b' ');
        n -= len + 1;
    }
    if n <= MAX_WORD {
        push_word(rng, n, out);
    } else {
        // 11..=21 bytes: two words of 5..=10 letters.
        let a = (n - 1) / 2;
        push_word(rng, a, out);
        out.push(b' ');
        push_word(rng, n - 1 - a, out);
    }
}

/// The last paragraph's tail: " NEEDLEWORD w w w w w w w w w LASTWORD\n".
fn tail(rng: &mut Rng) -> Vec<u8> {
    let mut t = b" NEEDLEWORD".to_vec();
    for _ in 0..9 {
        t.push(b' ');
        random_word(rng, &mut t);
    }
    t.extend_from_slice(b" LASTWORD\n");
    t
}

fn generate(spec: &Spec, path: &Path) -> std::io::Result<()> {
    let mut rng = Rng::new(spec.seed);
    let tmp = path.with_extension("txt.partial");
    let mut w = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
    let target = usize::try_from(spec.size).expect("size fits usize");
    let mut written = 0usize;
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    // Room kept for the final paragraph.
    const RESERVE: usize = 600;

    buf.extend_from_slice(b"FIRSTWORD");
    if !spec.single_line {
        let mut words_in_para = 1u64;
        let mut para_len = rng.range(40, 200);
        loop {
            if words_in_para == para_len {
                buf.push(b'\n');
                if written + buf.len() + RESERVE > target {
                    // Drop this paragraph; the final one takes its place.
                    break;
                }
                w.write_all(&buf)?;
                written += buf.len();
                buf.clear();
                words_in_para = 0;
                para_len = rng.range(40, 200);
            } else {
                buf.push(b' ');
            }
            random_word(&mut rng, &mut buf);
            words_in_para += 1;
        }
        // Start the last paragraph afresh (keep FIRSTWORD if nothing was
        // written yet).
        buf.clear();
        if written == 0 {
            buf.extend_from_slice(b"FIRSTWORD ");
        }
    } else {
        buf.push(b' ');
    }
    let t = tail(&mut rng);
    let fill = target - written - buf.len() - t.len();
    w.write_all(&buf)?;
    written += buf.len();
    // Fill in chunks so that a 50 MiB line does not need 50 MiB of memory.
    const CHUNK: usize = 1 << 20;
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut left = fill;
    while left > 0 {
        chunk.clear();
        if left > CHUNK + 64 {
            fill_exact(&mut rng, CHUNK - 1, &mut chunk);
            chunk.push(b' ');
        } else {
            fill_exact(&mut rng, left, &mut chunk);
        }
        left -= chunk.len();
        w.write_all(&chunk)?;
        written += chunk.len();
    }
    w.write_all(&t)?;
    written += t.len();
    w.flush()?;
    drop(w);
    assert_eq!(written, target, "size bookkeeping");
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// `notes-100m.txt` and its pristine sidecar of `n` annotations.
fn generate_notes(out_dir: &Path, n: u64) -> std::io::Result<()> {
    use annotty::annotation::{Annotation, new_id};
    use annotty::store::{DocInfo, Store};
    let source = out_dir.join("para-100m.txt");
    let article = out_dir.join("notes-100m.txt");
    let pristine = out_dir.join("notes-100m.txt.annotty.pristine");
    if pristine.exists() && article.exists() {
        eprintln!("{}: exists, skipped", pristine.display());
        return Ok(());
    }
    let t0 = Instant::now();
    let _ = std::fs::remove_file(&article);
    if std::fs::hard_link(&source, &article).is_err() {
        std::fs::copy(&source, &article)?;
    }
    let bytes = std::fs::read(&article)?;
    let summary = annotty::scan::scan(&bytes, &Default::default(), |_| {}).expect("not cancelled");
    // The generated text is ASCII: char offsets are byte offsets.
    assert!(bytes.is_ascii());
    let chars = summary.chars;
    let text =
        |a: u64, b: u64| String::from_utf8_lossy(&bytes[a as usize..b as usize]).into_owned();
    let all: Vec<Annotation> = (0..n)
        .map(|i| {
            let start = i * (chars - 40) / n + 10;
            Annotation {
                id: new_id(1_764_000_000_000 + i, u128::from(i) * 7919),
                start: annotty::text::CharPos(start),
                end: annotty::text::CharPos(start + 12),
                quote: text(start, start + 12),
                prefix: text(start - 10, start),
                suffix: text(start + 12, start + 22),
                tag: ["highlight", "important", "idea"][i as usize % 3].into(),
                note: if i % 4 == 0 {
                    format!("note {i}\nsecond line")
                } else {
                    String::new()
                },
                created: "2026-11-28T00:00:00.000Z".into(),
                updated: "2026-11-28T00:00:00.000Z".into(),
                deleted: None,
                state: Default::default(),
                score: None,
                draft: None,
                extra: toml::Table::new(),
            }
        })
        .collect();
    let doc = DocInfo {
        file: "notes-100m.txt".into(),
        chars,
        hash: summary.hash,
        encoding: None,
        origin: None,
        about: Default::default(),
    };
    let tmp = out_dir.join("notes-100m.txt.annotty.toml");
    Store::at(&tmp)
        .save(&doc, &all)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    std::fs::rename(&tmp, &pristine)?;
    eprintln!(
        "{}: {n} annotations in {:.2} s",
        pristine.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `cp1252-100m.txt` (`cp1252-1g.txt`): `para-100m.txt` (`para-1g.txt`)
/// in Windows-1252 (see the top).
fn generate_cp1252(out_dir: &Path, src: &str, dst: &str) -> std::io::Result<()> {
    use std::io::Read;
    let source = out_dir.join(src);
    let path = out_dir.join(dst);
    let size = std::fs::metadata(&source)?.len();
    if std::fs::metadata(&path).is_ok_and(|m| m.len() == size) {
        eprintln!("{}: exists, skipped", path.display());
        return Ok(());
    }
    let t0 = Instant::now();
    let tmp = path.with_extension("txt.partial");
    let mut r = File::open(&source)?;
    let mut w = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        for b in &mut buf[..n] {
            *b = match *b {
                b'q' => 0xe9,
                b'x' => 0x92,
                other => other,
            };
        }
        w.write_all(&buf[..n])?;
    }
    w.flush()?;
    drop(w);
    std::fs::rename(&tmp, &path)?;
    eprintln!(
        "{}: {size} bytes in {:.2} s",
        path.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `OUT_DIR/DST.md` (and a copy `DST.txt`) from `OUT_DIR/SRC`: see the
/// module's doc.
fn generate_markdown(out_dir: &Path, src: &str, dst: &str) -> std::io::Result<()> {
    let text = std::fs::read(out_dir.join(src))?;
    let md = out_dir.join(format!("{dst}.md"));
    let mut out = BufWriter::new(File::create(&md)?);
    let mut n = 0usize;
    for (p, para) in text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        if p > 0 && p % 40 == 0 {
            writeln!(out, "## Section {}\n", p / 40)?;
        }
        if p > 0 && p % 25 == 0 {
            out.write_all(b"- ")?;
        }
        for (i, w) in para.split(|&b| b == b' ').enumerate() {
            if i > 0 {
                out.write_all(b" ")?;
            }
            n += 1;
            let plain = w.iter().any(|b| b.is_ascii_uppercase());
            match n {
                _ if plain => out.write_all(w)?,
                n if n % 10 == 0 => write!(out, "**{}**", String::from_utf8_lossy(w))?,
                n if n % 13 == 0 => write!(out, "*{}*", String::from_utf8_lossy(w))?,
                n if n % 17 == 0 => write!(out, "`{}`", String::from_utf8_lossy(w))?,
                n if n % 23 == 0 => write!(
                    out,
                    "[{}](https://example.org/{n})",
                    String::from_utf8_lossy(w)
                )?,
                _ => out.write_all(w)?,
            }
        }
        out.write_all(b"\n")?;
        if p > 0 && p % 60 == 0 {
            out.write_all(b"\n```rust\nfn main() {\n    println!(\"{}\");\n}\n```\n")?;
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    drop(out);
    std::fs::copy(&md, out_dir.join(format!("{dst}.txt")))?;
    eprintln!("{}: written, with a .txt copy", md.display());
    Ok(())
}

/// The paragraphs of `text` as HTML `<p>` elements (and an `<h2>` every
/// 40), with the Markdown files' emphasis and links (see the module doc).
fn html_paragraphs(text: &[u8], out: &mut impl Write) -> std::io::Result<()> {
    let mut n = 0usize;
    for (p, para) in text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        if p > 0 && p % 40 == 0 {
            writeln!(out, "<h2>Section {}</h2>", p / 40)?;
        }
        out.write_all(b"<p>")?;
        for (i, w) in para.split(|&b| b == b' ').enumerate() {
            if i > 0 {
                out.write_all(b" ")?;
            }
            n += 1;
            let w = String::from_utf8_lossy(w);
            let plain = w.bytes().any(|b| b.is_ascii_uppercase());
            match n {
                _ if plain => write!(out, "{w}")?,
                n if n % 10 == 0 => write!(out, "<strong>{w}</strong>")?,
                n if n % 13 == 0 => write!(out, "<em>{w}</em>")?,
                n if n % 23 == 0 => write!(out, "<a href=\"/notes/{n}.html\">{w}</a>")?,
                _ => write!(out, "{w}")?,
            }
        }
        out.write_all(b"</p>\n")?;
    }
    Ok(())
}

/// `OUT_DIR/web-1m.html` from `para-1m.txt`: see the module's doc.
fn generate_web(out_dir: &Path) -> std::io::Result<()> {
    let text = std::fs::read(out_dir.join("para-1m.txt"))?;
    let path = out_dir.join("web-1m.html");
    let mut out = BufWriter::new(File::create(&path)?);
    out.write_all(
        b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
<title>A Long Page of Random Words - Bench Site</title>\n\
<meta property=\"og:site_name\" content=\"Bench Site\">\n\
<script>var tracking = [];</script></head>\n<body>\n\
<header><a href=\"/\">Bench Site</a><nav><ul><li><a href=\"/\">Home</a></li>\
<li><a href=\"/archive\">Archive</a></li><li><a href=\"/about\">About</a></li></ul></nav></header>\n\
<main><article>\n<h1>A Long Page of Random Words</h1>\n",
    )?;
    html_paragraphs(&text, &mut out)?;
    out.write_all(
        b"</article>\n<aside><h3>Related</h3><ul><li><a href=\"/a\">Another page</a></li></ul></aside></main>\n\
<footer><p>Copyright Bench Site</p></footer>\n</body></html>\n",
    )?;
    out.flush()?;
    eprintln!("{}: written", path.display());
    Ok(())
}

/// `OUT_DIR/book-5m.epub` from `para-8m.txt`: see the module's doc.
fn generate_book(out_dir: &Path) -> std::io::Result<()> {
    const CHAPTERS: usize = 40;
    let text = std::fs::read(out_dir.join("para-8m.txt"))?;
    let paras: Vec<&[u8]> = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let per = paras.len().div_ceil(CHAPTERS);
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("mimetype".into(), b"application/epub+zip".to_vec()),
        (
            "META-INF/container.xml".into(),
            br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#.to_vec(),
        ),
    ];
    let (mut manifest, mut spine, mut nav) = (String::new(), String::new(), String::new());
    for (i, chunk) in paras.chunks(per).enumerate() {
        let mut body = Vec::new();
        html_paragraphs(&chunk.join(&b'\n'), &mut body)?;
        let mut page = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Chapter {n}</title></head><body>\n",
            n = i + 1
        )
        .into_bytes();
        page.extend_from_slice(&body);
        page.extend_from_slice(b"</body></html>\n");
        entries.push((format!("OEBPS/c{i}.xhtml"), page));
        manifest.push_str(&format!(
            "<item id=\"c{i}\" href=\"c{i}.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
        ));
        spine.push_str(&format!("<itemref idref=\"c{i}\"/>\n"));
        nav.push_str(&format!(
            "<li><a href=\"c{i}.xhtml\">Chapter {}</a></li>\n",
            i + 1
        ));
    }
    let opf = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\">\n\
<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:identifier id=\"uid\">urn:bench:book-5m</dc:identifier>\
<dc:title>A Long Book of Random Words</dc:title><dc:creator>gen_articles</dc:creator><dc:language>en</dc:language></metadata>\n\
<manifest>\n<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n{manifest}</manifest>\n<spine>\n{spine}</spine>\n</package>\n"
    );
    let nav = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"><head><title>Contents</title></head><body><nav epub:type=\"toc\"><ol>\n{nav}</ol></nav></body></html>\n"
    );
    entries.insert(2, ("OEBPS/content.opf".into(), opf.into_bytes()));
    entries.insert(3, ("OEBPS/nav.xhtml".into(), nav.into_bytes()));
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let path = out_dir.join("book-5m.epub");
    let zip = annotty::fuzzing::epub_archive(&refs);
    std::fs::write(&path, &zip)?;
    eprintln!("{}: {} bytes", path.display(), zip.len());
    Ok(())
}

fn main() {
    let mut args = std::env::args_os().skip(1);
    let Some(out_dir) = args.next().map(PathBuf::from) else {
        eprintln!(
            "usage: gen_articles OUT_DIR [5k|1m|100m|1g|line50m|notes100k|cp1252|cp1252-1g ...]"
        );
        std::process::exit(2);
    };
    let names: Vec<String> = args.map(|a| a.to_string_lossy().into_owned()).collect();
    for n in &names {
        let extra = [
            "notes100k",
            "cp1252",
            "cp1252-1g",
            "md5k",
            "md100m",
            "web1m",
            "book5m",
        ];
        if !extra.contains(&n.as_str()) && !SPECS.iter().any(|s| s.name == n || s.file == n) {
            eprintln!("gen_articles: unknown name {n:?}");
            std::process::exit(2);
        }
    }
    std::fs::create_dir_all(&out_dir).expect("create output directory");
    for spec in SPECS {
        if !names.is_empty() && !names.iter().any(|n| n == spec.name || n == spec.file) {
            continue;
        }
        let path = out_dir.join(spec.file);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() == spec.size) {
            eprintln!("{}: exists, skipped", path.display());
            continue;
        }
        let t0 = Instant::now();
        generate(spec, &path).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        eprintln!(
            "{}: {} bytes in {:.2} s",
            path.display(),
            spec.size,
            t0.elapsed().as_secs_f64()
        );
    }
    if names.iter().any(|n| n == "notes100k") {
        generate_notes(&out_dir, 100_000)
            .unwrap_or_else(|e| panic!("writing the notes sidecar: {e}"));
    }
    for (name, src, dst) in [
        ("md5k", "para-5k.txt", "md-5k"),
        ("md100m", "para-100m.txt", "md-100m"),
    ] {
        if names.iter().any(|n| n == name) {
            generate_markdown(&out_dir, src, dst)
                .unwrap_or_else(|e| panic!("writing {dst}.md: {e}"));
        }
    }
    if names.iter().any(|n| n == "web1m") {
        generate_web(&out_dir).unwrap_or_else(|e| panic!("writing web-1m.html: {e}"));
    }
    if names.iter().any(|n| n == "book5m") {
        generate_book(&out_dir).unwrap_or_else(|e| panic!("writing book-5m.epub: {e}"));
    }
    for (name, src, dst) in [
        ("cp1252", "para-100m.txt", "cp1252-100m.txt"),
        ("cp1252-1g", "para-1g.txt", "cp1252-1g.txt"),
    ] {
        if names.iter().any(|n| n == name) {
            generate_cp1252(&out_dir, src, dst).unwrap_or_else(|e| panic!("writing {dst}: {e}"));
        }
    }
}
