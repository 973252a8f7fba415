//! Every file-system step of a save, behind a small trait so that tests can
//! make any one of them fail.

use std::fs::{File, OpenOptions, Permissions};
use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::Stamp;

/// How long a save waits for another process's save to finish.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// Owner and permission bits of a file, to give its replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileMeta {
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
}

/// A file as read: its bytes, who may read it, and which version it was.
#[derive(Debug, Clone)]
pub struct OldFile {
    pub bytes: Vec<u8>,
    pub meta: FileMeta,
    pub stamp: Stamp,
}

/// The stamp of an open file.
pub fn stamp_of(file: &File) -> io::Result<Stamp> {
    let m = file.metadata()?;
    Ok(Stamp::of(&m))
}

/// The steps of a save. Each call is one step (tests count and fail them);
/// [`Fs::remove`] is the exception: it only cleans up after a failure.
pub trait Fs {
    fn create_dir_all(&self, dir: &Path) -> io::Result<()>;
    /// Follow symbolic links to the file that is really read and replaced
    /// (which need not exist yet).
    fn resolve(&self, path: &Path) -> io::Result<PathBuf>;
    /// Open (creating it if missing) and exclusively lock a lock file; the
    /// lock is released when the returned file is dropped.
    fn lock(&self, path: &Path) -> io::Result<File>;
    /// The file's bytes and metadata, `None` if it does not exist.
    fn read(&self, path: &Path) -> io::Result<Option<OldFile>>;
    /// Create a new file for writing (removing a stale one of that name
    /// first), with the owner and permission bits of `like` if given.
    fn create(&self, path: &Path, like: Option<&FileMeta>) -> io::Result<File>;
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()>;
    fn sync(&self, file: &File) -> io::Result<()>;
    /// Give the file `from` the new name `to` too (a hard link), replacing
    /// a stale `to`.
    fn link(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
    fn remove(&self, path: &Path) -> io::Result<()>;
}

/// The real file system.
pub struct RealFs;

impl Fs for RealFs {
    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)
    }

    fn resolve(&self, path: &Path) -> io::Result<PathBuf> {
        resolve(path)
    }

    fn lock(&self, path: &Path) -> io::Result<File> {
        let file = match OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o666)
            .open(path)
        {
            // A lock file we may not write (made by another user) can
            // still be locked.
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => File::open(path)?,
            other => other?,
        };
        let deadline = Instant::now() + LOCK_TIMEOUT;
        let mut pause = Duration::from_micros(200);
        loop {
            // SAFETY: flock on a file descriptor we own; no memory involved.
            let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
            if r == 0 {
                return Ok(file);
            }
            let e = io::Error::last_os_error();
            match e.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::EWOULDBLOCK) if Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(5));
                }
                Some(libc::EWOULDBLOCK) => {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        format!(
                            "another process has held the lock for {} s",
                            LOCK_TIMEOUT.as_secs()
                        ),
                    ));
                }
                _ => return Err(e),
            }
        }
    }

    fn read(&self, path: &Path) -> io::Result<Option<OldFile>> {
        let mut file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let m = file.metadata()?;
        let mut bytes = Vec::with_capacity(m.len() as usize);
        file.read_to_end(&mut bytes)?;
        Ok(Some(OldFile {
            bytes,
            meta: FileMeta {
                mode: m.mode() & 0o777,
                uid: m.uid(),
                gid: m.gid(),
            },
            stamp: Stamp::of(&m),
        }))
    }

    fn create(&self, path: &Path, like: Option<&FileMeta>) -> io::Result<File> {
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        // create_new and O_NOFOLLOW: never write through a link someone
        // put in our place.
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o666)
            .custom_flags(libc::O_NOFOLLOW)
            .open(path)?;
        if let Some(like) = like {
            let m = file.metadata()?;
            if (m.uid(), m.gid()) != (like.uid, like.gid) {
                // Best effort: only root may give a file away.
                let _ = std::os::unix::fs::fchown(&file, Some(like.uid), Some(like.gid));
            }
            file.set_permissions(Permissions::from_mode(like.mode))?;
        }
        Ok(file)
    }

    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }

    fn link(&self, from: &Path, to: &Path) -> io::Result<()> {
        match std::fs::remove_file(to) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        std::fs::hard_link(from, to)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        File::open(dir)?.sync_all()
    }

    fn remove(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_file(path)
    }
}

/// Follow symbolic links from `path` (the last component only, repeatedly)
/// to a path that is not a link; it need not exist.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::from_raw_os_error(libc::ELOOP))
}
