//! Background threads: the scan of an opened article (checkpoints, totals,
//! content hash) and searches, so the screen keeps redrawing and keys keep
//! working while they run.

use crate::document::Bytes;
use crate::scan::{self, Checkpoint, Summary};
use crate::search::{self, Found, Pattern};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::thread;
use std::time::{Duration, Instant};

/// A search shows its progress once it has run this long.
const PROGRESS_AFTER: Duration = Duration::from_millis(100);

/// Articles up to this many bytes are scanned on the spot, before the
/// first frame, so their remembered position and annotations are in it.
/// Larger ones are scanned after the first frame (hashing 1 MB costs about
/// 0.5 ms, which made the first screen of a 1 MB article 1.6× slower than
/// less's); their position and highlights follow a frame later.
pub const SCAN_INLINE: usize = 64 << 10;

pub enum ScanMsg {
    Checkpoint(Checkpoint),
    Done(Summary),
}

/// Make the calling thread yield to the reader's thread and to the
/// terminal: a background scan must never slow a frame down.
fn lower_priority() {
    // SAFETY: plain system calls on the calling thread; failure is harmless.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

/// A search's answer: its id and what it found.
type SearchAnswer = (u64, Option<Found>);

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

/// A search running in its thread.
struct RunningSearch {
    id: u64,
    rx: Receiver<SearchAnswer>,
    cancel: Arc<AtomicBool>,
    /// Bytes searched so far (of `total`).
    done: Arc<AtomicUsize>,
    total: usize,
    started: Instant,
}

/// The running background work.
pub struct Workers {
    /// A scan waiting for the first frame to be drawn: started earlier it
    /// would compete with that frame for the CPU and the page tables.
    pending_scan: Option<Arc<Bytes>>,
    scan: Option<(Receiver<ScanMsg>, Arc<AtomicBool>)>,
    search: Option<RunningSearch>,
    /// Search threads still running (a cancelled one until it notices).
    /// The scan pauses while there are any: both read the whole file, and
    /// the reader is waiting for the search (sharing the disk with the scan
    /// made a cold search of 1 GiB 1.5× as slow as `dd`).
    searches: Arc<AtomicUsize>,
}

impl Workers {
    pub fn new() -> Self {
        Workers {
            pending_scan: None,
            scan: None,
            search: None,
            searches: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// True while a search runs.
    pub fn searching(&self) -> bool {
        self.search.is_some()
    }

    /// True while a scan or a search runs or waits to run.
    pub fn busy(&self) -> bool {
        self.pending_scan.is_some() || self.scan.is_some() || self.search.is_some()
    }

    /// Scan `bytes` once the next frame is drawn (see
    /// [`Workers::start_pending`]), cancelling any earlier scan.
    pub fn scan(&mut self, bytes: Arc<Bytes>) {
        if let Some((_, cancel)) = self.scan.take() {
            cancel.store(true, Ordering::Relaxed);
        }
        self.pending_scan = Some(bytes);
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
        let Some(bytes) = self.pending_scan.take() else {
            return;
        };
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        let searches = self.searches.clone();
        thread::spawn(move || {
            lower_priority();
            let send = |m| {
                let _ = tx.send(m);
            };
            let checkpoint = |cp| {
                // Between windows, give way to any search.
                while searches.load(Ordering::SeqCst) > 0 && !flag.load(Ordering::Relaxed) {
                    thread::sleep(SCAN_PAUSE);
                }
                send(ScanMsg::Checkpoint(cp));
            };
            // A mapped article is read with pread, not through the mapping
            // (see `haystack`): no page of it stays resident afterwards.
            let summary = match &*bytes {
                Bytes::Mapped(m) => scan::scan_in(&m.reader(false), &flag, checkpoint),
                other => scan::scan_in(&**other, &flag, checkpoint),
            };
            if let Some(summary) = summary {
                send(ScanMsg::Done(summary));
            }
        });
        self.scan = Some((rx, cancel));
    }

    /// Messages from the scan that have arrived.
    pub fn scan_messages(&mut self) -> Vec<ScanMsg> {
        self.wait_scan(Duration::ZERO)
    }

    /// Messages from the scan, waiting up to `wait` for the first.
    pub fn wait_scan(&mut self, wait: Duration) -> Vec<ScanMsg> {
        self.start_pending();
        let mut out = Vec::new();
        let Some((rx, _)) = &self.scan else {
            return out;
        };
        if !wait.is_zero() {
            match rx.recv_timeout(wait) {
                Ok(m) => out.push(m),
                Err(_) => return out,
            }
        }
        loop {
            match rx.try_recv() {
                Ok(m) => out.push(m),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.scan = None;
                    break;
                }
            }
        }
        out
    }

    /// Start a search, cancelling the one before.
    pub fn search(
        &mut self,
        bytes: Arc<Bytes>,
        id: u64,
        pattern: Pattern,
        from: usize,
        backward: bool,
    ) {
        self.cancel_search();
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        let done = Arc::new(AtomicUsize::new(0));
        let counter = done.clone();
        let total = bytes.len();
        let running = Running::new(&self.searches);
        thread::spawn(move || {
            let _running = running;
            let searched = |n| {
                counter.fetch_add(n, Ordering::Relaxed);
            };
            let found = match &*bytes {
                Bytes::Mapped(m) => {
                    search::find_in(&m.reader(true), &pattern, from, backward, &flag, &searched)
                }
                other => search::find_in(&**other, &pattern, from, backward, &flag, &searched),
            };
            if !flag.load(Ordering::Relaxed) {
                let _ = tx.send((id, found));
            }
        });
        self.search = Some(RunningSearch {
            id,
            rx,
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

    /// The running search's result, waiting up to `wait` for it.
    pub fn wait_search(&mut self, wait: Duration) -> Option<SearchAnswer> {
        let rx = &self.search.as_ref()?.rx;
        match rx.recv_timeout(wait) {
            Ok(r) => {
                self.search = None;
                Some(r)
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => None,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                self.search = None;
                None
            }
        }
    }

    /// The search result, once it is there.
    pub fn search_results(&mut self) -> Vec<SearchAnswer> {
        let Some(s) = &self.search else {
            return Vec::new();
        };
        match s.rx.try_recv() {
            Ok(r) => {
                self.search = None;
                vec![r]
            }
            Err(TryRecvError::Empty) => Vec::new(),
            Err(TryRecvError::Disconnected) => {
                self.search = None;
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_waits_while_a_search_runs() {
        let mut w = Workers::new();
        let text = "a line of words\n".repeat(100_000);
        w.scan(Arc::new(Bytes::Owned(text.into_bytes())));
        let search = Running::new(&w.searches);
        w.start_pending();
        // Paused before its first checkpoint: nothing arrives.
        assert!(w.wait_scan(Duration::from_millis(300)).is_empty());
        drop(search);
        let mut done = false;
        for _ in 0..500 {
            if w.wait_scan(Duration::from_millis(20))
                .iter()
                .any(|m| matches!(m, ScanMsg::Done(_)))
            {
                done = true;
                break;
            }
        }
        assert!(done, "the scan went on once the search ended");
    }

    #[test]
    fn a_search_counts_as_running_until_its_thread_ends() {
        let mut w = Workers::new();
        let bytes = Arc::new(Bytes::Owned(b"one two three".to_vec()));
        w.search(bytes, 1, Pattern::new("three").unwrap(), 0, false);
        let (id, found) = w.wait_search(Duration::from_secs(10)).unwrap();
        assert_eq!((id, found.map(|f| f.range)), (1, Some(8..13)));
        for _ in 0..1000 {
            if w.searches.load(Ordering::SeqCst) == 0 {
                return;
            }
            thread::sleep(Duration::from_millis(1));
        }
        panic!("the search thread was still counted after it ended");
    }
}
