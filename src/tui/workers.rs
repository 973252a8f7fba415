//! Background threads: the scan of an opened article (checkpoints, totals,
//! content hash), searches, and reading and placing its notes, so the
//! screen keeps redrawing and keys keep working while they run. They
//! answer through the event loop's inbox.

use super::inbox::{Msg, ScanMsg};
use super::notes::Opening;
use crate::document::{Bytes, Rest};
use crate::outline::{Collector, Kind};
use crate::scan;
use crate::search::{self, Pattern};
use crate::source;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::thread;
use std::time::{Duration, Instant};

/// A search shows its progress once it has run this long.
pub const PROGRESS_AFTER: Duration = Duration::from_millis(100);

/// Articles up to this many bytes are scanned on the spot, before the
/// first frame, so their remembered position and annotations are in it.
/// Larger ones are scanned after the first frame (hashing 1 MB costs about
/// 0.5 ms, which made the first screen of a 1 MB article 1.6× slower than
/// less's); their position and highlights follow a frame later.
pub const SCAN_INLINE: usize = 64 << 10;

/// Make the calling thread yield to the reader's thread and to the
/// terminal: a background scan must never slow a frame down.
pub fn lower_priority() {
    // SAFETY: plain system calls on the calling thread; failure is harmless.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

/// How often a scan sends the checkpoints it found (each message wakes
/// the event loop; one per 64 KiB kept it running through a whole scan).
pub const CHECKPOINTS_EVERY: Duration = Duration::from_millis(50);

/// How long a paused scan sleeps before it looks again whether the
/// searches it waits for are over.
const SCAN_PAUSE: Duration = Duration::from_millis(2);

/// Counts a search thread as running while it lives (also when it ends by
/// a panic), so the scan can give way to it.
struct Running(Arc<AtomicUsize>);

impl Running {
    fn new(count: &Arc<AtomicUsize>) -> Running {
        count.fetch_add(1, Ordering::SeqCst);
        Running(count.clone())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Tells the loop that a scan's thread is gone, also when it ends by a
/// panic.
struct ScanEnds {
    tx: Sender<Msg>,
    number: u64,
}

impl Drop for ScanEnds {
    fn drop(&mut self) {
        let _ = self.tx.send(Msg::Scan(self.number, ScanMsg::Ended));
    }
}

/// A search running in its thread.
struct RunningSearch {
    id: u64,
    cancel: Arc<AtomicBool>,
    /// Bytes searched so far (of `total`).
    done: Arc<AtomicUsize>,
    total: usize,
    started: Instant,
}

/// The running background work; its answers go to the loop's inbox.
pub struct Workers {
    tx: Sender<Msg>,
    /// A scan waiting for the first frame to be drawn: started earlier it
    /// would compete with that frame for the CPU and the page tables.
    pending_scan: Option<(Arc<Bytes>, Kind, Option<Rest>)>,
    /// The running scan's number and cancel flag.
    scan: Option<(u64, Arc<AtomicBool>)>,
    /// Numbers scans (their messages carry it): one cancelled may still send.
    scans: u64,
    search: Option<RunningSearch>,
    /// Search threads still running (a cancelled one until it notices).
    /// The scan pauses while there are any: both read the whole file, and
    /// the reader is waiting for the search (sharing the disk with the scan
    /// made a cold search of 1 GiB 1.5× as slow as `dd`).
    searches: Arc<AtomicUsize>,
    /// A search asked for while the open article is only partly decoded
    /// Where the decoded text of a large legacy article is kept, in a
    /// nameless file ([`crate::source::decode_rest`]): the cache directory;
    /// `None`: in memory.
    decode_dir: Option<std::path::PathBuf>,
}

impl Workers {
    pub fn new(tx: Sender<Msg>) -> Self {
        Workers {
            tx,
            pending_scan: None,
            scan: None,
            scans: 0,
            search: None,
            searches: Arc::new(AtomicUsize::new(0)),
            decode_dir: crate::config::cache_dir(),
        }
    }

    /// True while a search runs.
    pub fn searching(&self) -> bool {
        self.search.is_some()
    }

    /// True while a scan runs or waits to run.
    pub fn scanning(&self) -> bool {
        self.pending_scan.is_some() || self.scan.is_some()
    }

    /// Scan `bytes` once the next frame is drawn (see
    /// [`Workers::start_pending`]), cancelling any earlier scan. With a
    /// `rest`, `bytes` are the start of the text only: the scan first
    /// decodes the rest (into a mapped file where it can:
    /// [`source::decode_rest`]), sends the whole text
    /// ([`ScanMsg::Decoded`]) and scans that (a mapped one with `pread`).
    pub fn scan(&mut self, bytes: Arc<Bytes>, kind: Kind, rest: Option<Rest>) {
        self.cancel_scan();
        self.pending_scan = Some((bytes, kind, rest));
    }

    /// Stop the scan (running or waiting), if any: its messages are dropped.
    pub fn cancel_scan(&mut self) {
        self.pending_scan = None;
        if let Some((_, cancel)) = self.scan.take() {
            cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Start the scan asked for, if any.
    pub fn start_pending(&mut self) {
        let Some((bytes, kind, rest)) = self.pending_scan.take() else {
            return;
        };
        self.scans += 1;
        let number = self.scans;
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        let searches = self.searches.clone();
        let tx = self.tx.clone();
        let dir = self.decode_dir.clone();
        thread::spawn(move || {
            let ends = ScanEnds {
                tx: tx.clone(),
                number,
            };
            lower_priority();
            let send = |m| {
                let _ = tx.send(Msg::Scan(number, m));
            };
            let bytes = match rest {
                Some(rest) => match source::decode_rest(&rest, &bytes, dir.as_deref(), &flag) {
                    Some((whole, marks)) => {
                        let whole = Arc::new(whole);
                        send(ScanMsg::Decoded(whole.clone(), marks));
                        whole
                    }
                    None => return,
                },
                None => bytes,
            };
            let mut batch = Vec::new();
            let mut headings = Vec::new();
            let mut sent = Instant::now();
            let mut outline = Collector::new(kind);
            let checkpoint = |cp, outline: &mut Collector| {
                // Between windows, give way to any search.
                while searches.load(Ordering::SeqCst) > 0 && !flag.load(Ordering::Relaxed) {
                    thread::sleep(SCAN_PAUSE);
                }
                batch.push(cp);
                headings.extend(outline.take());
                if sent.elapsed() >= CHECKPOINTS_EVERY {
                    let cps = std::mem::take(&mut batch);
                    send(ScanMsg::Checkpoints(cps, std::mem::take(&mut headings)));
                    sent = Instant::now();
                }
            };
            // A mapped article is read with pread, not through the mapping
            // (see `haystack`): no page of it stays resident afterwards.
            let summary = scan::scan_outline(&bytes.pass(false), &flag, &mut outline, checkpoint);
            headings.extend(outline.take());
            if !batch.is_empty() || !headings.is_empty() {
                send(ScanMsg::Checkpoints(batch, headings));
            }
            if let Some(summary) = summary {
                send(ScanMsg::Done(summary));
            }
            drop(ends);
        });
        self.scan = Some((number, cancel));
    }

    /// A message from scan number `number`, if it is the running one's:
    /// what to act on (`None` for a cancelled scan's).
    pub fn scan_message(&mut self, number: u64, msg: ScanMsg) -> Option<ScanMsg> {
        if self.scan.as_ref().is_none_or(|(n, _)| *n != number) {
            return None;
        }
        if matches!(msg, ScanMsg::Ended) {
            self.scan = None;
        }
        Some(msg)
    }

    /// Start a search, cancelling the one before; it answers with
    /// [`Msg::Search`].
    pub fn search(
        &mut self,
        bytes: Arc<Bytes>,
        id: u64,
        pattern: Pattern,
        from: usize,
        backward: bool,
    ) {
        let total = bytes.len();
        self.search_with(id, total, move |cancel, searched| {
            let hay = bytes.pass(true);
            search::find_in(&hay, &pattern, from, backward, cancel, searched)
        });
    }

    /// Start a search of the file of an article decoded only in part
    /// ([`Rest::find`]: `from` and the answer are input bytes of the
    /// file), cancelling the one before; it answers with [`Msg::Search`].
    pub fn search_file(
        &mut self,
        rest: Rest,
        id: u64,
        pattern: Pattern,
        from: usize,
        backward: bool,
    ) {
        let total = rest.source_len();
        self.search_with(id, total, move |cancel, searched| {
            rest.find(&pattern, from, backward, cancel, searched)
        });
    }

    /// Run `find` (given the cancel flag and what to tell of each chunk
    /// searched) on a thread as search `id` of `total` bytes.
    fn search_with(
        &mut self,
        id: u64,
        total: usize,
        find: impl FnOnce(&AtomicBool, &dyn Fn(usize)) -> Option<search::Found> + Send + 'static,
    ) {
        self.cancel_search();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        let done = Arc::new(AtomicUsize::new(0));
        let counter = done.clone();
        let running = Running::new(&self.searches);
        let tx = self.tx.clone();
        thread::spawn(move || {
            let _running = running;
            let searched = |n| {
                counter.fetch_add(n, Ordering::Relaxed);
            };
            let found = find(&flag, &searched);
            if !flag.load(Ordering::Relaxed) {
                let _ = tx.send(Msg::Search(id, found));
            }
        });
        self.search = Some(RunningSearch {
            id,
            cancel,
            done,
            total,
            started: Instant::now(),
        });
    }

    /// Stop the running search; true when there was one.
    pub fn cancel_search(&mut self) -> bool {
        match self.search.take() {
            Some(s) => {
                s.cancel.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    /// The running search's id.
    pub fn search_id(&self) -> Option<u64> {
        self.search.as_ref().map(|s| s.id)
    }

    /// Read and place the open article's notes (opening number `number`)
    /// on a thread of lower priority, so keys are answered meanwhile; it
    /// answers with [`Msg::Notes`], also when it fails.
    pub fn open_notes(&self, number: u64, opening: Opening) {
        let tx = self.tx.clone();
        let answer = tx.clone();
        let spawned = thread::Builder::new().name("notes".into()).spawn(move || {
            lower_priority();
            let opened = std::panic::catch_unwind(AssertUnwindSafe(|| opening.read()));
            let _ = tx.send(Msg::Notes(number, opened.ok().map(Box::new)));
        });
        if spawned.is_err() {
            let _ = answer.send(Msg::Notes(number, None));
        }
    }

    /// Search `id` answered.
    pub fn search_answered(&mut self, id: u64) {
        if self.search.as_ref().is_some_and(|s| s.id == id) {
            self.search = None;
        }
    }

    /// The running search's id and how far it got (percent of the
    /// article), once it has run long enough to be worth showing.
    pub fn search_progress(&self) -> Option<(u64, u8)> {
        let s = self.search.as_ref()?;
        if s.started.elapsed() < PROGRESS_AFTER {
            return None;
        }
        let done = s.done.load(Ordering::Relaxed).min(s.total);
        let percent = (done as u128 * 100 / s.total.max(1) as u128) as u8;
        Some((s.id, percent))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::inbox::Inbox;

    /// Whether a `Done` of the running scan arrives within `wait`.
    fn scan_done(w: &mut Workers, inbox: &mut Inbox, wait: Duration) -> bool {
        let until = Instant::now() + wait;
        while let Some(m) = inbox.next(Some(until.saturating_duration_since(Instant::now()))) {
            if let Msg::Scan(n, m) = m
                && let Some(ScanMsg::Done(_)) = w.scan_message(n, m)
            {
                return true;
            }
        }
        false
    }

    #[test]
    fn the_scan_waits_while_a_search_runs() {
        let mut inbox = Inbox::new();
        let mut w = Workers::new(inbox.sender());
        let text = "a line of words\n".repeat(100_000);
        w.scan(Arc::new(Bytes::Owned(text.into_bytes())), Kind::Plain, None);
        let search = Running::new(&w.searches);
        w.start_pending();
        // Paused before its first checkpoint: nothing arrives.
        assert!(inbox.next(Some(Duration::from_millis(300))).is_none());
        drop(search);
        assert!(
            scan_done(&mut w, &mut inbox, Duration::from_secs(10)),
            "the scan went on once the search ended"
        );
        assert!(w.scanning(), "until its thread says it ended");
        while w.scanning() {
            let Some(Msg::Scan(n, m)) = inbox.next(Some(Duration::from_secs(10))) else {
                panic!("the scan's thread never said it ended");
            };
            w.scan_message(n, m);
        }
    }

    #[test]
    fn the_scan_sends_the_headings_it_finds_before_it_is_done() {
        let mut inbox = Inbox::new();
        let mut w = Workers::new(inbox.sender());
        let mut text = String::new();
        for i in 1..=30 {
            text.push_str(&format!("# Part {i}\n\n"));
            text.push_str(&"a line of words\n".repeat(5_000));
        }
        let whole = crate::outline::headings(Kind::Markdown, text.as_bytes());
        w.scan(
            Arc::new(Bytes::Owned(text.into_bytes())),
            Kind::Markdown,
            None,
        );
        w.start_pending();
        let mut found = Vec::new();
        loop {
            let Some(Msg::Scan(n, m)) = inbox.next(Some(Duration::from_secs(10))) else {
                panic!("the scan never ended");
            };
            match w.scan_message(n, m) {
                Some(ScanMsg::Checkpoints(_, hs)) => found.extend(hs),
                Some(ScanMsg::Done(_)) => break,
                _ => {}
            }
        }
        assert_eq!(whole.len(), 30);
        assert_eq!(found, whole);
    }

    #[test]
    fn a_cancelled_scan_is_not_heard_of() {
        let mut inbox = Inbox::new();
        let mut w = Workers::new(inbox.sender());
        let text = "a line of words\n".repeat(100_000);
        w.scan(
            Arc::new(Bytes::Owned(text.clone().into_bytes())),
            Kind::Plain,
            None,
        );
        w.start_pending();
        w.scan(
            Arc::new(Bytes::Owned(b"short\n".to_vec())),
            Kind::Plain,
            None,
        );
        w.start_pending();
        let mut totals = Vec::new();
        while w.scanning() {
            let Some(Msg::Scan(n, m)) = inbox.next(Some(Duration::from_secs(10))) else {
                panic!("the scan never ended");
            };
            if let Some(ScanMsg::Done(s)) = w.scan_message(n, m) {
                totals.push(s.chars);
            }
        }
        assert_eq!(totals, [6], "only the second scan's totals");
    }

    /// The whole text the scan of a partly decoded article hands over,
    /// with its cache dir `dir`, and the chars the scan counted in it.
    fn handed_over(dir: Option<std::path::PathBuf>) -> (Arc<Bytes>, Vec<u8>, u64) {
        let (doc, whole) = crate::source::tests::partly_decoded_cp1252();
        let mut inbox = Inbox::new();
        let mut w = Workers::new(inbox.sender());
        w.decode_dir = dir;
        w.scan(doc.bytes.clone(), Kind::Plain, doc.rest.clone());
        w.start_pending();
        let mut decoded = None;
        loop {
            let Some(Msg::Scan(n, m)) = inbox.next(Some(Duration::from_secs(30))) else {
                panic!("the scan never ended");
            };
            match w.scan_message(n, m) {
                Some(ScanMsg::Decoded(text, _)) => decoded = Some(text),
                Some(ScanMsg::Done(s)) => return (decoded.unwrap(), whole, s.chars),
                _ => {}
            }
        }
    }

    #[test]
    fn a_large_legacy_article_is_handed_over_as_a_mapped_file() {
        let dir = tempfile::tempdir().unwrap();
        let (text, whole, chars) = handed_over(Some(dir.path().to_path_buf()));
        assert!(matches!(*text, Bytes::Mapped(_)), "not anonymous memory");
        assert!(**text == *whole);
        let want = std::str::from_utf8(&whole).unwrap().chars().count() as u64;
        assert_eq!(chars, want, "the scan read all of it");
        // A cache dir that cannot be made: the same text, in memory.
        let file = dir.path().join("a-file");
        std::fs::write(&file, "x").unwrap();
        let (text, whole, _) = handed_over(Some(file.join("cache")));
        assert!(matches!(*text, Bytes::Owned(_)));
        assert!(**text == *whole);
    }

    #[test]
    fn a_search_answers_through_the_inbox_and_counts_as_running_until_its_thread_ends() {
        let mut inbox = Inbox::new();
        let mut w = Workers::new(inbox.sender());
        let bytes = Arc::new(Bytes::Owned(b"one two three".to_vec()));
        w.search(bytes, 1, Pattern::new("three").unwrap(), 0, false);
        assert!(w.searching());
        let Some(Msg::Search(id, found)) = inbox.next(Some(Duration::from_secs(10))) else {
            panic!("no answer");
        };
        assert_eq!((id, found.map(|f| f.range)), (1, Some(8..13)));
        w.search_answered(id);
        assert!(!w.searching());
        for _ in 0..1000 {
            if w.searches.load(Ordering::SeqCst) == 0 {
                return;
            }
            thread::sleep(Duration::from_millis(1));
        }
        panic!("the search thread was still counted after it ended");
    }
}
