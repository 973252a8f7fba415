//! What the library view shows about each article, read from disk in the
//! background ([`crate::library::Details`]): its title (the first 16 KiB
//! of the file: a snapshot's front matter or its first line), its notes
//! (the sidecar beside it, only read, [`crate::store::Store::peek`]), how
//! far it is read and when it was last left (the reading positions,
//! [`crate::positions`], read once for the whole list).
//!
//! Positions are kept by content hash; the library knows files. A position
//! records its article's file since the library view exists, and a
//! position kept by the file's key names it too, so most are found by
//! path. Only when some position names no file (kept by an annotty from
//! before, or for a bundled article) is an article's content hash
//! computed, and only for one up to [`HASH_AT_MOST`] bytes (a bundled one
//! is in memory): the whole file is read for it. That hash also finds the
//! notes the data directory keeps by hash (bundled articles, articles in
//! read-only folders).

use crate::library::{Details, EntrySource, Progress};
use crate::positions::{self, Position};
use crate::store::Store;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Details are sent at least this often while they are read.
pub const BATCH_EVERY: Duration = Duration::from_millis(30);

/// Bytes of an article read for its title.
const HEAD_BYTES: u64 = 16 * 1024;

/// Largest file whose content hash is computed to find its position.
pub const HASH_AT_MOST: u64 = 1 << 20;

/// The positions, looked up by file and by hash.
struct Positions {
    by_key: BTreeMap<String, Position>,
    by_path: HashMap<String, Position>,
    /// Some position names no file: hashes are worth computing.
    unnamed: bool,
}

impl Positions {
    fn read(data_dir: Option<&Path>) -> Positions {
        let by_key = data_dir.map(positions::all).unwrap_or_default();
        let mut by_path: HashMap<String, Position> = HashMap::new();
        let mut unnamed = false;
        for (key, p) in &by_key {
            let path = p.path.as_deref().or_else(|| positions::path_of_key(key));
            match path {
                Some(path) => {
                    let newer = by_path
                        .get(path)
                        .is_none_or(|q| (p.set_at(), p.seen) > (q.set_at(), q.seen));
                    if newer {
                        by_path.insert(path.to_string(), p.clone());
                    }
                }
                None => unnamed = true,
            }
        }
        Positions {
            by_key,
            by_path,
            unnamed,
        }
    }
}

/// Read the details of `entries` (each with its index, which comes back
/// with its details), calling `send` with what was read since the last
/// call (at least every [`BATCH_EVERY`], and at the end). Returns when all
/// is read, or soon after `send` returns false or `stop` is set.
pub fn read(
    entries: &[(usize, EntrySource)],
    data_dir: Option<&Path>,
    stop: &AtomicBool,
    send: &dyn Fn(Vec<(usize, Details)>) -> bool,
) {
    let positions = Positions::read(data_dir);
    let mut batch = Vec::new();
    let mut since = Instant::now();
    for (i, source) in entries {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        batch.push((*i, details(source, &positions, data_dir)));
        if since.elapsed() >= BATCH_EVERY {
            if !send(std::mem::take(&mut batch)) {
                return;
            }
            since = Instant::now();
        }
    }
    if !batch.is_empty() {
        send(batch);
    }
}

/// One article's details.
fn details(source: &EntrySource, positions: &Positions, data_dir: Option<&Path>) -> Details {
    let (head, beside, by_path, hash) = match source {
        EntrySource::Seed(i) => {
            let text = crate::seeds::SEEDS.get(*i).map_or(&b""[..], |s| s.1);
            let head = &text[..text.len().min(HEAD_BYTES as usize)];
            (
                head.to_vec(),
                None,
                None,
                Some(crate::scan::content_hash(text)),
            )
        }
        EntrySource::File(path) => {
            let head = first_bytes(path).unwrap_or_default();
            let canonical = std::fs::canonicalize(path).ok();
            let by_path = canonical
                .as_deref()
                .and_then(|c| positions.by_path.get(c.to_string_lossy().as_ref()))
                .cloned();
            let hash = match by_path {
                None if positions.unnamed => hash_of(path),
                _ => None,
            };
            (head, Some(Store::beside(path)), by_path, hash)
        }
    };
    let position = by_path.or_else(|| {
        hash.as_deref()
            .and_then(|h| positions.by_key.get(h))
            .cloned()
    });
    let mut notes = beside.as_ref().map_or(0, count_notes);
    if notes == 0
        && let (Some(dir), Some(h)) = (data_dir, &hash)
    {
        notes = count_notes(&Store::for_hash(dir, h));
    }
    Details {
        title: crate::library::heading_of(&head),
        progress: Progress::of(position.as_ref()),
        notes,
        last_read: position.map(|p| p.seen),
    }
}

/// The live notes of a sidecar (none when it is missing or unreadable).
fn count_notes(store: &Store) -> usize {
    match store.peek() {
        Ok(Some(s)) => s.annotations.iter().filter(|a| a.is_live()).count(),
        _ => 0,
    }
}

/// The content hash of the article in a file of at most [`HASH_AT_MOST`]
/// bytes, decoded as the reader decodes it.
fn hash_of(path: &Path) -> Option<String> {
    let len = std::fs::metadata(path).ok()?.len();
    if len > HASH_AT_MOST {
        return None;
    }
    let doc = crate::source::open_file(path).ok()?;
    Some(crate::scan::content_hash(doc.bytes()))
}

fn first_bytes(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(HEAD_BYTES)
        .read_to_end(&mut buf)
        .ok()?;
    Some(buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::positions::Left;
    use crate::text::CharPos;
    use std::sync::Mutex;

    fn read_all(entries: &[(usize, EntrySource)], data: &Path) -> Vec<(usize, Details)> {
        let got = Mutex::new(Vec::new());
        read(entries, Some(data), &AtomicBool::new(false), &|b| {
            got.lock().unwrap().extend(b);
            true
        });
        let mut got = got.into_inner().unwrap();
        got.sort_by_key(|(i, _)| *i);
        got
    }

    #[test]
    fn titles_notes_and_positions_by_path_or_by_hash() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let data = d.join("data");
        let text = "First Light\n\nbody of the first\n";
        let a = d.join("a.txt");
        std::fs::write(&a, text).unwrap();
        std::fs::write(
            d.join("a.txt.annotty.toml"),
            crate::gather::tests::sidecar("a.txt", "First"),
        )
        .unwrap();
        let b = d.join("b.md");
        std::fs::write(
            &b,
            "---\ntitle: \"Snap\"\nsite: \"example.org\"\nsaved: \"2026-12-05T08:00:00Z\"\n---\n\nText\n",
        )
        .unwrap();
        let c = d.join("c.txt");
        std::fs::write(&c, "Third\n").unwrap();
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap().display().to_string();
        // a: by path, read to 42 %; c: by hash only (an older position).
        let left_a = Left {
            percent: Some(42),
            path: Some(canonical(&a)),
            ..Left::at(CharPos(5), None)
        };
        positions::remember(&data, "whatever", &left_a, 1000).unwrap();
        let hash_c = crate::scan::content_hash(b"Third\n");
        positions::remember(&data, &hash_c, &Left::at(CharPos(0), None), 2000).unwrap();
        let entries: Vec<(usize, EntrySource)> = [a, b, c]
            .into_iter()
            .enumerate()
            .map(|(i, p)| (i, EntrySource::File(p)))
            .collect();
        let got = read_all(&entries, &data);
        assert_eq!(got.len(), 3);
        let d0 = &got[0].1;
        assert_eq!(d0.title.as_deref(), Some("First Light"));
        assert_eq!((d0.progress, d0.notes), (Progress::Read(42), 1));
        assert_eq!(d0.last_read, Some(1000));
        let d1 = &got[1].1;
        assert_eq!(d1.title.as_deref(), Some("Snap · example.org · 2026-12-05"));
        assert_eq!(
            (d1.progress, d1.notes, d1.last_read),
            (Progress::Unread, 0, None)
        );
        let d2 = &got[2].1;
        assert_eq!((d2.progress, d2.last_read), (Progress::Started, Some(2000)));
    }
}
