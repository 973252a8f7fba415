//! Saving the open article's notes on a thread of its own, so a large
//! save never holds up a key. Saves are serialized (one writer, in order)
//! and coalesced: a save asked for while one runs waits, and a newer one
//! replaces it (each holds the whole state, so the latest wins and no
//! change is lost). [`Saver::flush`] waits until everything asked for is
//! on disk, which quitting does, and so does dropping the saver (leaving
//! the article).

use crate::annotation::Annotation;
use crate::notebook::Notebook;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;

/// What a save answers: the number [`Saver::save`] gave it, and the
/// sidecar's annotations after it when they differ from what was saved
/// (another process added or changed some; `None`: exactly what was
/// saved), or why it failed.
pub type SaveDone = (u64, Result<Option<Vec<Annotation>>, String>);

#[derive(Default)]
struct Slot {
    /// The newest state asked to be saved, not yet taken by the thread,
    /// and its number.
    next: Option<(u64, Vec<Annotation>)>,
    /// How many saves were asked for.
    asked: u64,
    /// True while the thread writes.
    writing: bool,
    /// The owner is gone: the thread saves what is left and ends.
    closed: bool,
}

type Shared = Arc<(Mutex<Slot>, Condvar)>;

fn lock(s: &Shared) -> MutexGuard<'_, Slot> {
    s.0.lock().unwrap_or_else(|e| e.into_inner())
}

/// Tells the owner of a [`Saver`] how a save went.
type Done = Arc<dyn Fn(SaveDone) + Send + Sync>;

/// The saving thread of one sidecar.
pub struct Saver {
    slot: Shared,
    /// Where saves happen at once when no thread could be started.
    inline: Option<(Arc<Notebook>, Done)>,
}

/// The thread's body: take the newest state, write it, tell; until closed.
fn run(shared: &Shared, notebook: &Notebook, done: &Done) {
    loop {
        let (number, all) = {
            let mut s = lock(shared);
            loop {
                if let Some(next) = s.next.take() {
                    s.writing = true;
                    break next;
                }
                if s.closed {
                    return;
                }
                s = shared.1.wait(s).unwrap_or_else(|e| e.into_inner());
            }
        };
        // Compared here, not on the reader's thread.
        let result = save(notebook, &all);
        // Told before `flush` returns: its answer is there by then.
        done((number, result));
        lock(shared).writing = false;
        shared.1.notify_all();
    }
}

/// Save `all` through `notebook` (which also notes the sidecar in the
/// index of sidecars): what the sidecar holds after it when that differs
/// from `all` (compared here, not on the reader's thread), or why it failed.
fn save(notebook: &Notebook, all: &[Annotation]) -> Result<Option<Vec<Annotation>>, String> {
    notebook
        .save(all)
        .map(|on_disk| on_disk.filter(|d| d != all))
        .map_err(|e| e.to_string())
}

impl Saver {
    /// Start the thread that saves through `notebook`; `done` hears of
    /// every save.
    pub fn start(
        notebook: Arc<Notebook>,
        done: impl Fn(SaveDone) + Send + Sync + 'static,
    ) -> Saver {
        let slot: Shared = Arc::default();
        let shared = slot.clone();
        let done: Done = Arc::new(done);
        let spawned = thread::Builder::new().name("save".into()).spawn({
            let (notebook, done) = (notebook.clone(), done.clone());
            move || run(&shared, &notebook, &done)
        });
        // Without a thread, saves happen on the caller's.
        let inline = spawned.is_err().then_some((notebook, done));
        Saver { slot, inline }
    }

    /// Save `all` (the whole state) once the save running, if any, is
    /// done; returns the number its answer (or a later one's, which holds
    /// it too) carries.
    pub fn save(&self, all: Vec<Annotation>) -> u64 {
        let mut s = lock(&self.slot);
        s.asked += 1;
        let number = s.asked;
        if let Some((notebook, done)) = &self.inline {
            drop(s);
            done((number, save(notebook, &all)));
            return number;
        }
        s.next = Some((number, all));
        self.slot.1.notify_all();
        number
    }

    /// True while a save runs or waits.
    pub fn busy(&self) -> bool {
        let s = lock(&self.slot);
        s.writing || s.next.is_some()
    }

    /// Wait until every save asked for is done.
    pub fn flush(&self) {
        let mut s = lock(&self.slot);
        while s.writing || s.next.is_some() {
            s = self.slot.1.wait(s).unwrap_or_else(|e| e.into_inner());
        }
    }
}

impl Drop for Saver {
    /// Waits until what was asked for is saved (so a sidecar opened next,
    /// maybe the same file, never has two writers), then lets the thread end.
    fn drop(&mut self) {
        self.flush();
        lock(&self.slot).closed = true;
        self.slot.1.notify_all();
    }
}
