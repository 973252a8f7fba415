//! Background threads: the scan of an opened article (checkpoints, totals,
//! content hash) and searches, so the screen keeps redrawing and keys keep
//! working while they run.

use crate::document::Bytes;
use crate::scan::{self, Checkpoint, Summary};
use crate::search::{self, Found, Pattern};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::thread;
use std::time::Duration;

/// Articles up to this size are scanned on the spot instead.
pub const SCAN_INLINE: usize = 1 << 20;

pub enum ScanMsg {
    Checkpoint(Checkpoint),
    Done(Summary),
}

/// A search's answer: its id and what it found.
type SearchAnswer = (u64, Option<Found>);

/// The running background work.
pub struct Workers {
    scan: Option<(Receiver<ScanMsg>, Arc<AtomicBool>)>,
    search: Option<(Receiver<SearchAnswer>, Arc<AtomicBool>)>,
}

impl Workers {
    pub fn new() -> Self {
        Workers {
            scan: None,
            search: None,
        }
    }

    /// True while a scan or a search runs.
    pub fn busy(&self) -> bool {
        self.scan.is_some() || self.search.is_some()
    }

    /// Start scanning `bytes`, cancelling any earlier scan.
    pub fn scan(&mut self, bytes: Arc<Bytes>) {
        if let Some((_, cancel)) = self.scan.take() {
            cancel.store(true, Ordering::Relaxed);
        }
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        thread::spawn(move || {
            let send = |m| {
                let _ = tx.send(m);
            };
            if let Some(summary) = scan::scan(&bytes, &flag, |cp| send(ScanMsg::Checkpoint(cp))) {
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
        thread::spawn(move || {
            let found = search::find(&bytes, &pattern, from, backward, &flag);
            if !flag.load(Ordering::Relaxed) {
                let _ = tx.send((id, found));
            }
        });
        self.search = Some((rx, cancel));
    }

    pub fn cancel_search(&mut self) {
        if let Some((_, cancel)) = self.search.take() {
            cancel.store(true, Ordering::Relaxed);
        }
    }

    /// The search result, once it is there.
    pub fn search_results(&mut self) -> Vec<SearchAnswer> {
        let Some((rx, _)) = &self.search else {
            return Vec::new();
        };
        match rx.try_recv() {
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
