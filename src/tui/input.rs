//! The input thread: reads the terminal's events and sends them to the
//! event loop. While the terminal is handed away (`Ctrl-z`, `$EDITOR`,
//! quitting) it is parked, so it never reads a key meant for another
//! program.
//!
//! A terminal that goes away (its window closed, the connection dropped)
//! without a SIGHUP reaching annotty is noticed too: crossterm then finds
//! the terminal readable but reads nothing, for ever, so the thread waits
//! for events at most [`WAIT`] at a time and then looks whether the
//! terminal was hung up; if so it reports an error, which ends the event
//! loop the way a signal does (notes saved, a draft kept).

use super::inbox::Msg;
use crossterm::event::{self, Event};
use std::fs::File;
use std::os::fd::AsRawFd;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

/// The longest the thread waits for an event before it looks whether it
/// is asked to park or the terminal is gone.
const WAIT: Duration = Duration::from_millis(200);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Reading,
    /// The loop asked the thread to stop reading.
    Stopping,
    /// The thread is not reading, until the state is `Reading` again.
    Parked,
    /// The terminal cannot be read any more: the thread ended.
    Gone,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

fn lock(s: &Shared) -> MutexGuard<'_, State> {
    s.0.lock().unwrap_or_else(|e| e.into_inner())
}

/// The input thread, once started.
pub struct Input {
    state: Shared,
    /// Where events go and the terminal to watch, until the thread is
    /// started with them ([`Input::start`]).
    waiting: Option<(Sender<Msg>, Option<File>)>,
}

impl Input {
    /// Get ready to read the terminal into `tx`; the thread starts with
    /// [`Input::start`], after the first frame (a thread costs a few
    /// hundred microseconds to create; keys typed meanwhile wait in the
    /// terminal).
    pub fn new(tx: Sender<Msg>) -> Result<Input, String> {
        // Set up crossterm's reader here, so its SIGWINCH handler (which
        // `pause` relies on) is in place before the thread can be paused.
        event::poll(std::time::Duration::ZERO).map_err(|e| format!("reading the terminal: {e}"))?;
        let state: Shared = Arc::new((Mutex::new(State::Reading), Condvar::new()));
        // The terminal crossterm reads (it opens /dev/tty too), to tell
        // when it was hung up.
        let tty = File::open("/dev/tty").ok();
        Ok(Input {
            state,
            waiting: Some((tx, tty)),
        })
    }

    /// Start the thread, if it is not running yet.
    pub fn start(&mut self) -> Result<(), String> {
        let Some((tx, tty)) = self.waiting.take() else {
            return Ok(());
        };
        let shared = self.state.clone();
        thread::Builder::new()
            .name("input".into())
            .spawn(move || read(&shared, &tx, tty.as_ref()))
            .map_err(|e| format!("cannot start reading the terminal: {e}"))?;
        Ok(())
    }

    /// Stop reading the terminal; returns once the thread is parked.
    ///
    /// The thread may be blocked in poll(2) on the terminal. crossterm's
    /// reader also polls the pipe its SIGWINCH handler writes to, so
    /// raising SIGWINCH wakes it (the resize it then reports is dropped;
    /// whoever takes the terminal back asks its size anyway).
    pub fn pause(&self) {
        if self.waiting.is_some() {
            // Not started: nothing reads the terminal.
            return;
        }
        let mut s = lock(&self.state);
        if *s != State::Reading {
            return;
        }
        *s = State::Stopping;
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGWINCH);
        while *s == State::Stopping {
            s = self.state.1.wait(s).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Read the terminal again after [`Input::pause`].
    pub fn resume(&self) {
        let mut s = lock(&self.state);
        if *s == State::Parked {
            *s = State::Reading;
            self.state.1.notify_all();
        }
    }
}

/// The thread's body.
fn read(state: &Shared, tx: &Sender<Msg>, tty: Option<&File>) {
    loop {
        {
            let mut s = lock(state);
            if *s == State::Stopping {
                *s = State::Parked;
                state.1.notify_all();
            }
            while *s == State::Parked {
                s = state.1.wait(s).unwrap_or_else(|e| e.into_inner());
            }
        }
        let Some(ev) = next_event(tty) else { continue };
        let stopping = *lock(state) == State::Stopping;
        // The wake-up of `pause`; keys read with it still count.
        if stopping && matches!(ev, Ok(Event::Resize(..))) {
            continue;
        }
        let failed = ev.is_err();
        if tx.send(Msg::Term(ev)).is_err() || failed {
            let mut s = lock(state);
            *s = State::Gone;
            state.1.notify_all();
            return;
        }
    }
}

/// The next event, if one comes within [`WAIT`]; an error when the terminal
/// cannot be read or was hung up.
fn next_event(tty: Option<&File>) -> Option<Result<Event, String>> {
    match event::poll(WAIT) {
        Ok(true) => Some(event::read().map_err(|e| format!("reading the terminal: {e}"))),
        Ok(false) if tty.is_some_and(hung_up) => Some(Err("the terminal was hung up".into())),
        Ok(false) => None,
        Err(e) => Some(Err(format!("reading the terminal: {e}"))),
    }
}

/// Whether `tty` was hung up (its window closed, its connection dropped).
fn hung_up(tty: &File) -> bool {
    let mut fd = libc::pollfd {
        fd: tty.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, for a descriptor `tty` keeps open; a zero
    // timeout, so it does not block.
    let ready = unsafe { libc::poll(&mut fd, 1, 0) };
    ready > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}
