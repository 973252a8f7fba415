//! Memory-mapped articles that survive their file shrinking under them.
//!
//! Reading a page of a shared file mapping that lies past the file's
//! current end raises `SIGBUS`, which kills the process by default. That
//! happens when another program truncates (or rewrites in place) an
//! article annotty has mapped. A `SIGBUS` handler, installed once, looks up
//! the faulting address among the live mappings: inside one, it maps an
//! anonymous zero page over the faulting page, marks the mapping as
//! damaged and returns, so the access is retried and reads zeros; the
//! event loop sees [`Mapped::damaged`] and reloads the article. A fault
//! anywhere else goes to the handler that was there before (Rust's own, or
//! the default action, which ends the process as it would have).
//!
//! Long passes over the whole file (the scan, searches) do not read through
//! the mapping but with `pread` ([`Reader`]), so only what the screen shows
//! is ever mapped in.

use crate::haystack::{Buffer, Haystack};
use std::fs::File;
use std::io;
use std::ops::{Deref, Range};
use std::os::unix::fs::FileExt;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// How many mappings can be guarded at once (an article, and the previous
/// one while background threads still read it).
const SLOTS: usize = 8;

/// One guarded address range. `len` is 0 when the slot is free; a slot is
/// claimed by setting `claimed`, filled (`start`, then `len`), and freed in
/// the opposite order, so the handler never sees a half-written range.
struct Slot {
    claimed: AtomicBool,
    start: AtomicUsize,
    len: AtomicUsize,
    damaged: AtomicBool,
}

#[allow(clippy::declare_interior_mutable_const)]
const FREE: Slot = Slot {
    claimed: AtomicBool::new(false),
    start: AtomicUsize::new(0),
    len: AtomicUsize::new(0),
    damaged: AtomicBool::new(false),
};

static SLOTS_TABLE: [Slot; SLOTS] = [FREE; SLOTS];
static PAGE: AtomicUsize = AtomicUsize::new(4096);
static INSTALL: Once = Once::new();
/// The `SIGBUS` action before ours, for faults that are not ours. Written
/// once, before the handler is installed.
static mut PREVIOUS: Option<libc::sigaction> = None;

/// A read-only file mapping whose faults past the file's end are survived.
pub struct Mapped {
    /// Dropped first: the range is forgotten before it is unmapped.
    slot: Option<usize>,
    map: memmap2::Mmap,
    /// The file mapped, for reads that should not fault in the mapping.
    file: File,
    /// Leading bytes of the file that are not part of the article (a
    /// byte-order mark): offsets into a `Mapped` start after them.
    skip: usize,
}

impl Mapped {
    /// Map all of `file` read-only (and keep it open).
    pub fn map(file: File) -> io::Result<Mapped> {
        // SAFETY: the mapping is read-only and only read as bytes. If the
        // file shrinks, reads past its new end fault; the handler below
        // turns those into zeros and marks the mapping damaged.
        let map = unsafe { memmap2::Mmap::map(&file) }?;
        install();
        let slot = (!map.is_empty())
            .then(|| claim(map.as_ptr() as usize, map.len()))
            .flatten();
        Ok(Mapped {
            slot,
            map,
            file,
            skip: 0,
        })
    }

    /// The same mapping without the file's first `n` bytes (a byte-order
    /// mark): the slice, [`Reader`] and lengths all start after them.
    pub fn skip(mut self, n: usize) -> Mapped {
        self.skip = n.min(self.map.len());
        self
    }

    /// A reader for one long sequential pass over the file: see
    /// [`Reader`]. `eager` asks the kernel for its largest read-ahead, for
    /// a pass the reader waits for (a search); a background pass (the
    /// scan) keeps the normal one, so a page the screen needs meanwhile
    /// (a cold `G`) waits behind less of its disk traffic.
    pub fn reader(&self, eager: bool) -> Reader<'_> {
        use std::os::fd::AsRawFd;
        // Its own open file description, so its read-ahead state is its
        // own: asking for sequential read-ahead on the mapping's would also
        // widen every page fault's read-around (a cold `G` would wait for
        // twice as much disk).
        let own = File::open(format!("/proc/self/fd/{}", self.file.as_raw_fd())).ok();
        if let Some(f) = own.as_ref().filter(|_| eager) {
            // SAFETY: a valid open descriptor; the call only changes how
            // the kernel reads ahead for it.
            unsafe {
                libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_SEQUENTIAL);
            }
        }
        Reader { mapped: self, own }
    }

    /// True once a read faulted because the file shrank: the bytes now
    /// hold zeros where the file ended, and the article should be reloaded.
    pub fn damaged(&self) -> bool {
        self.slot
            .is_some_and(|i| SLOTS_TABLE[i].damaged.load(Ordering::SeqCst))
    }
}

/// The most a [`Reader`] asks of the kernel in one `pread`. Smaller
/// requests keep the kernel's read-ahead going where cached pages (parts of
/// the article already on screen) interrupt it: reading 100 MiB cold with
/// three cached islands took 39 ms in 1 MiB reads, 33.5 ms in 256 KiB
/// ones (`dd`: 35 ms).
const READ_PIECE: usize = 256 << 10;

/// Reads a mapped file with `pread` into a buffer instead of through the
/// mapping, for a long sequential pass. Faulting the mapping in waited for
/// the disk one read-around window at a time (a cold search of 100 MiB
/// took 1.6× as long as `dd`); with reads the kernel reads ahead of the
/// pass and overlaps the disk with the work, and no page of the file joins
/// the process's resident memory.
pub struct Reader<'a> {
    mapped: &'a Mapped,
    /// The file opened again (through `/proc/self/fd`), with its own
    /// read-ahead state (sequential when asked for); `None` when that
    /// failed: the mapping's own file is read, with its normal read-ahead.
    own: Option<File>,
}

impl Reader<'_> {
    /// The bytes of `range` (half-open byte offsets inside the mapping),
    /// read into `buf`; what `buf` already holds of the start of `range` is
    /// kept, not read again (overlapping reads made the kernel think the
    /// pass was not sequential, and stop reading ahead). Bytes the file no
    /// longer has (it shrank) come from the mapping, which reads them as
    /// zeros and is marked damaged, as if they had been read there.
    pub fn read_into<'b>(&self, range: Range<usize>, buf: &'b mut Buffer) -> &'b [u8] {
        let file = self.own.as_ref().unwrap_or(&self.mapped.file);
        let want = range.len();
        let mut got = buf.reuse(range.clone());
        while got < want {
            let upto = want.min(got + READ_PIECE);
            let at = self.mapped.skip + range.start + got;
            match file.read_at(&mut buf.bytes[got..upto], at as u64) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        if got < want {
            buf.bytes[got..want].copy_from_slice(&self.mapped[range.start + got..range.end]);
        }
        &buf.bytes[..want]
    }
}

impl Haystack for Reader<'_> {
    fn len(&self) -> usize {
        self.mapped.len()
    }
    fn window<'a>(&'a self, range: Range<usize>, buf: &'a mut Buffer) -> &'a [u8] {
        self.read_into(range, buf)
    }
}

impl Deref for Mapped {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.map[self.skip..]
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        if let Some(i) = self.slot.take() {
            let s = &SLOTS_TABLE[i];
            s.len.store(0, Ordering::SeqCst);
            s.start.store(0, Ordering::SeqCst);
            s.damaged.store(false, Ordering::SeqCst);
            s.claimed.store(false, Ordering::SeqCst);
        }
        // `map` is unmapped after this, zero pages included.
    }
}

/// Record `start..start+len` in a free slot; `None` when all are taken
/// (the mapping then works, unguarded, as before).
fn claim(start: usize, len: usize) -> Option<usize> {
    let i = SLOTS_TABLE.iter().position(|s| {
        s.claimed
            .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    })?;
    let s = &SLOTS_TABLE[i];
    s.damaged.store(false, Ordering::SeqCst);
    s.start.store(start, Ordering::SeqCst);
    s.len.store(len, Ordering::SeqCst);
    Some(i)
}

/// Install the handler (once per process).
fn install() {
    INSTALL.call_once(|| {
        // SAFETY: sysconf, sigemptyset and sigaction are called with valid
        // pointers to local structs; PREVIOUS is written here only, before
        // the handler that reads it is installed, and never again.
        unsafe {
            let page = libc::sysconf(libc::_SC_PAGESIZE);
            if page > 0 {
                PAGE.store(page as usize, Ordering::SeqCst);
            }
            let mut old: libc::sigaction = std::mem::zeroed();
            let mut new: libc::sigaction = std::mem::zeroed();
            new.sa_sigaction = on_sigbus as *const () as usize;
            new.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut new.sa_mask);
            if libc::sigaction(libc::SIGBUS, std::ptr::null(), &mut old) == 0 {
                PREVIOUS = Some(old);
                libc::sigaction(libc::SIGBUS, &new, std::ptr::null_mut());
            }
        }
    });
}

/// The `SIGBUS` handler. Only async-signal-safe work: atomic loads and
/// stores, `mmap` and `sigaction` (plain system calls).
extern "C" fn on_sigbus(sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo_t for SA_SIGINFO handlers.
    let addr = unsafe { (*info).si_addr() } as usize;
    let page = PAGE.load(Ordering::SeqCst);
    for s in &SLOTS_TABLE {
        let len = s.len.load(Ordering::SeqCst);
        let start = s.start.load(Ordering::SeqCst);
        if len == 0 || addr < start || addr >= start + len {
            continue;
        }
        let at = addr & !(page - 1);
        // SAFETY: `at` is the page-aligned start of a page inside a live
        // read-only mapping we own (registered until it is unmapped);
        // replacing that one page by zeros changes no memory Rust code
        // holds a mutable reference to. MAP_FIXED over our own mapping is
        // exactly what it is for.
        let p = unsafe {
            libc::mmap(
                at as *mut libc::c_void,
                page,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                -1,
                0,
            )
        };
        if p != libc::MAP_FAILED {
            s.damaged.store(true, Ordering::SeqCst);
            return; // the read is retried and now sees zeros
        }
        break;
    }
    // Not ours (or the page could not be replaced): give the signal to the
    // previous action. Putting it back and returning retries the access,
    // which faults again and reaches it; a SIGBUS sent with kill(2) is
    // raised again once this handler returns.
    // SAFETY: PREVIOUS was written before this handler was installed;
    // sigaction and raise are async-signal-safe.
    unsafe {
        let previous = *std::ptr::addr_of!(PREVIOUS);
        match previous {
            Some(old) => libc::sigaction(sig, &old, std::ptr::null_mut()),
            None => libc::signal(sig, libc::SIG_DFL) as libc::c_int,
        };
        if (*info).si_code <= 0 {
            libc::raise(sig);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reading_past_a_truncated_end_gives_zeros_and_marks_the_mapping() {
        let page = PAGE.load(Ordering::SeqCst).max(4096);
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(&vec![b'x'; 4 * page]).unwrap();
        let m = Mapped::map(f.try_clone().unwrap()).unwrap();
        assert_eq!(m[3 * page], b'x');
        assert!(!m.damaged());
        f.set_len(page as u64).unwrap();
        // Without the handler this read kills the test process.
        let tail = std::hint::black_box(&m[2 * page..2 * page + 10]).to_vec();
        assert_eq!(tail, vec![0u8; 10]);
        assert_eq!(m[0], b'x', "the part still in the file is intact");
        assert!(m.damaged());
        drop(m);
        // A slot is reused, undamaged, by the next mapping.
        let again = Mapped::map(f).unwrap();
        assert!(!again.damaged());
    }

    #[test]
    fn reads_into_a_buffer_match_the_mapping_and_survive_truncation() {
        let page = PAGE.load(Ordering::SeqCst).max(4096);
        let text: Vec<u8> = (0..4 * page).map(|i| b'a' + (i % 26) as u8).collect();
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(&text).unwrap();
        let m = Mapped::map(f.try_clone().unwrap()).unwrap();
        let mut buf = Buffer::default();
        let reader = m.reader(true);
        assert!(reader.own.is_some(), "the file is opened again");
        let range = page - 3..3 * page + 5;
        assert_eq!(reader.read_into(range.clone(), &mut buf), &text[range]);
        // A window overlapping the end of the one before keeps that part.
        let next = 3 * page - 7..4 * page;
        assert_eq!(reader.read_into(next.clone(), &mut buf), &text[next]);
        // Nothing of the mapping was touched by the read.
        assert!(!m.damaged());
        f.set_len(2 * page as u64).unwrap();
        let mut fresh = Buffer::default();
        let got = reader
            .read_into(2 * page - 2..2 * page + 2, &mut fresh)
            .to_vec();
        assert_eq!(got, [&text[2 * page - 2..2 * page], &[0, 0][..]].concat());
        assert!(
            m.damaged(),
            "the bytes past the end were taken from the mapping"
        );
    }

    #[test]
    fn a_skipped_prefix_is_left_out_of_the_slice_and_the_reads() {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(b"\xef\xbb\xbfone two three").unwrap();
        let m = Mapped::map(f).unwrap().skip(3);
        assert_eq!(&m[..], b"one two three");
        let reader = m.reader(false);
        assert_eq!(reader.len(), 13);
        assert_eq!(reader.read_into(4..7, &mut Buffer::default()), b"two");
    }
}
