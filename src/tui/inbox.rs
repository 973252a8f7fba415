//! The one channel the event loop waits on: terminal events (from the
//! input thread), signals, and the answers of background work (scan,
//! search, opening the notes, saving them). Whoever has something for the
//! loop sends a [`Msg`]; the loop sleeps until one comes.

use super::notes::{Opened, SaveDone};
use crate::outline::Heading;
use crate::scan::{Checkpoint, Summary};
use crate::search::Found;
use crossterm::event::Event;
use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// Something for the event loop.
pub enum Msg {
    /// What the terminal sent (a key, the mouse, a paste, a resize), or
    /// why it cannot be read any more.
    Term(Result<Event, String>),
    /// SIGTERM, SIGHUP or SIGINT arrived.
    Signal,
    /// From the scan started as number `.0` (see [`super::workers`]).
    Scan(u64, ScanMsg),
    /// A search's id and what it found.
    Search(u64, Option<Found>),
    /// The notes opened as number `.0`, read and placed on the text; `None`
    /// when the thread that opened them failed.
    Notes(u64, Option<Box<Opened>>),
    /// A save of the notes opened as number `.0` is done.
    Saved(u64, SaveDone),
    /// Notes gathered for the browser by the gathering number `.0`.
    Gathered(u64, crate::browser::Batch),
    /// Articles the listing of the library shown as number `.0` found;
    /// `.2`: the listing is over.
    Listed(u64, Vec<crate::library::Entry>, bool),
    /// Details of the library's entries (indices into its list) read for
    /// the library shown as number `.0`.
    Catalog(u64, Vec<(usize, crate::library::Details)>),
    /// `A` in the library: the snapshot saved, or why not.
    Added(Result<crate::snapshot::Added, String>),
}

/// What a scan sends.
pub enum ScanMsg {
    /// Checkpoints found since the last ones sent (at most every
    /// [`super::workers::CHECKPOINTS_EVERY`], so a scan of a large file
    /// wakes the loop a few times a second, not once per 64 KiB), and the
    /// headings of the outline found meanwhile (the last ones come just
    /// before `Done`).
    Checkpoints(Vec<Checkpoint>, Vec<Heading>),
    /// The whole text of an article opened with only its start decoded
    /// (see [`crate::document::Rest`]), and where the steps of its
    /// decoding began; checkpoints and the summary that follow are of this
    /// text.
    Decoded(
        std::sync::Arc<crate::document::Bytes>,
        crate::encoding::StepMarks,
    ),
    Done(Summary),
    /// Its thread is gone (after `Done`, or without it when cancelled).
    Ended,
}

/// The receiving end, with the messages set aside while the loop waited
/// for a particular one (they come first, in order, afterwards).
pub struct Inbox {
    rx: Receiver<Msg>,
    tx: Sender<Msg>,
    set_aside: VecDeque<Msg>,
}

impl Inbox {
    pub fn new() -> Inbox {
        let (tx, rx) = channel();
        Inbox {
            rx,
            tx,
            set_aside: VecDeque::new(),
        }
    }

    /// A sender for a thread that reports to the loop.
    pub fn sender(&self) -> Sender<Msg> {
        self.tx.clone()
    }

    /// The next message, waiting up to `wait` (forever with `None`).
    pub fn next(&mut self, wait: Option<Duration>) -> Option<Msg> {
        if let Some(m) = self.set_aside.pop_front() {
            return Some(m);
        }
        match wait {
            // The inbox holds a sender itself, so it never disconnects.
            None => self.rx.recv().ok(),
            Some(w) => self.rx.recv_timeout(w).ok(),
        }
    }

    /// The next message if one is there already.
    pub fn try_next(&mut self) -> Option<Msg> {
        self.next(Some(Duration::ZERO))
    }

    /// Wait up to `wait` (forever with `None`) for the first message
    /// `wanted` picks; the others that come meanwhile are kept for
    /// [`Inbox::next`], in order.
    pub fn wait_for(
        &mut self,
        wait: Option<Duration>,
        wanted: impl Fn(&Msg) -> bool,
    ) -> Option<Msg> {
        if let Some(i) = self.set_aside.iter().position(&wanted) {
            return self.set_aside.remove(i);
        }
        let until = wait.map(|w| Instant::now() + w);
        loop {
            let m = match until {
                None => self.rx.recv().ok()?,
                Some(t) => match self
                    .rx
                    .recv_timeout(t.saturating_duration_since(Instant::now()))
                {
                    Ok(m) => m,
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                        return None;
                    }
                },
            };
            if wanted(&m) {
                return Some(m);
            }
            self.set_aside.push_back(m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_for_one_message_keeps_the_others_in_order() {
        let mut inbox = Inbox::new();
        let tx = inbox.sender();
        tx.send(Msg::Signal).unwrap();
        tx.send(Msg::Search(1, None)).unwrap();
        tx.send(Msg::Search(2, None)).unwrap();
        let got = inbox.wait_for(Some(Duration::from_secs(5)), |m| {
            matches!(m, Msg::Search(2, _))
        });
        assert!(matches!(got, Some(Msg::Search(2, _))));
        assert!(matches!(inbox.try_next(), Some(Msg::Signal)));
        assert!(matches!(inbox.try_next(), Some(Msg::Search(1, _))));
        assert!(inbox.try_next().is_none());
        // Nothing wanted comes: the wait ends, and keeps what came.
        tx.send(Msg::Signal).unwrap();
        let none = inbox.wait_for(Some(Duration::from_millis(20)), |m| {
            matches!(m, Msg::Search(..))
        });
        assert!(none.is_none());
        assert!(matches!(inbox.next(None), Some(Msg::Signal)));
    }
}
