//! Faults injected into saves: the N-th call of each kind of file-system
//! step failing (once, or from then on), two faults in one save, and a
//! full disk. After every failed save the sidecar and its backup are byte
//! for byte what they were, no temporary file is left, the error names the
//! failure, and the next save writes the change that failed.

use super::*;
use std::cell::RefCell;

/// The kinds of calls a save makes through [`Fs`] ([`Fs::remove`] only
/// cleans up and is never failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    CreateDir,
    Resolve,
    Lock,
    Read,
    Create,
    Write,
    Sync,
    Link,
    Rename,
    SyncDir,
}

const KINDS: [Kind; 10] = [
    Kind::CreateDir,
    Kind::Resolve,
    Kind::Lock,
    Kind::Read,
    Kind::Create,
    Kind::Write,
    Kind::Sync,
    Kind::Link,
    Kind::Rename,
    Kind::SyncDir,
];

/// A call: its kind and its number among calls of that kind (from one).
type Call = (Kind, usize);

/// The `nth` call (from one) of `kind` fails; when `sticky`, every later
/// call of that kind fails too (a disk that stays broken).
#[derive(Debug, Clone, Copy)]
struct Fault {
    kind: Kind,
    nth: usize,
    sticky: bool,
}

/// The real file system with faults. A failing write writes half its
/// bytes first (a short write).
struct Faulty {
    faults: Vec<Fault>,
    calls: RefCell<Vec<Kind>>,
    /// The calls that failed: kind and number among calls of that kind.
    hits: RefCell<Vec<Call>>,
    /// Bytes the disk still takes (`None`: as many as written); a write
    /// that does not fit writes what fits and fails with ENOSPC.
    space: Cell<Option<usize>>,
    /// False: a file system without hard links (linking fails, uncounted).
    links: bool,
}

impl Faulty {
    fn new(faults: Vec<Fault>, links: bool) -> Faulty {
        Faulty {
            faults,
            calls: RefCell::new(Vec::new()),
            hits: RefCell::new(Vec::new()),
            space: Cell::new(None),
            links,
        }
    }

    fn full_disk(space: usize, links: bool) -> Faulty {
        let fs = Faulty::new(Vec::new(), links);
        fs.space.set(Some(space));
        fs
    }

    fn call(&self, kind: Kind) -> io::Result<()> {
        let n = {
            let mut calls = self.calls.borrow_mut();
            calls.push(kind);
            calls.iter().filter(|&&k| k == kind).count()
        };
        let fails = self
            .faults
            .iter()
            .any(|f| f.kind == kind && (n == f.nth || f.sticky && n > f.nth));
        if fails {
            self.hits.borrow_mut().push((kind, n));
            return Err(io::Error::other(format!(
                "injected failure of {kind:?} call {n}"
            )));
        }
        Ok(())
    }
}

impl Fs for Faulty {
    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        self.call(Kind::CreateDir)?;
        RealFs.create_dir_all(dir)
    }
    fn resolve(&self, path: &Path) -> io::Result<PathBuf> {
        self.call(Kind::Resolve)?;
        RealFs.resolve(path)
    }
    fn lock(&self, path: &Path) -> io::Result<File> {
        self.call(Kind::Lock)?;
        RealFs.lock(path)
    }
    fn read(&self, path: &Path) -> io::Result<Option<OldFile>> {
        self.call(Kind::Read)?;
        RealFs.read(path)
    }
    fn create(&self, path: &Path, like: Option<&FileMeta>) -> io::Result<File> {
        self.call(Kind::Create)?;
        RealFs.create(path, like)
    }
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        if let Err(e) = self.call(Kind::Write) {
            file.write_all(&bytes[..bytes.len() / 2])?;
            return Err(e);
        }
        if let Some(left) = self.space.get() {
            let fits = left.min(bytes.len());
            file.write_all(&bytes[..fits])?;
            self.space.set(Some(left - fits));
            if fits < bytes.len() {
                return Err(io::Error::from_raw_os_error(libc::ENOSPC));
            }
            return Ok(());
        }
        RealFs.write(file, bytes)
    }
    fn sync(&self, file: &File) -> io::Result<()> {
        self.call(Kind::Sync)?;
        RealFs.sync(file)
    }
    fn link(&self, from: &Path, to: &Path) -> io::Result<()> {
        if !self.links {
            return Err(io::ErrorKind::Unsupported.into());
        }
        self.call(Kind::Link)?;
        RealFs.link(from, to)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.call(Kind::Rename)?;
        RealFs.rename(from, to)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        self.call(Kind::SyncDir)?;
        RealFs.sync_dir(dir)
    }
    fn remove(&self, path: &Path) -> io::Result<()> {
        RealFs.remove(path)
    }
}

/// One save to fail: a store in a directory of its own (made by the save),
/// with or without a sidecar (annotations a and c, mode 0600) and its
/// backup (a only) already there. The save adds b.
struct Trial {
    d: Dir,
    store: Store,
    existing: bool,
    before: Option<Vec<u8>>,
    bak_before: Option<Vec<u8>>,
}

impl Trial {
    fn new(existing: bool) -> Trial {
        let d = Dir::new();
        // Lock and backup in a directory of their own, as the reader keeps
        // them (the data directory).
        let store = Store::in_dir(&d.path().join("notes"), "essay.txt")
            .keeping_files_in(Some(&d.path().join("data")));
        if existing {
            store.save(&doc(), &[ann("a", 1)]).unwrap();
            store.save(&doc(), &[ann("a", 1), ann("c", 3)]).unwrap();
            for p in [store.path().to_path_buf(), store.backup_path()] {
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600)).unwrap();
            }
        }
        let before = std::fs::read(store.path()).ok();
        let bak_before = std::fs::read(store.backup_path()).ok();
        Trial {
            d,
            store,
            existing,
            before,
            bak_before,
        }
    }

    /// What the app holds: its annotations plus the new one, b.
    fn ours(&self) -> Vec<Annotation> {
        if self.existing {
            vec![ann("a", 1), ann("b", 2), ann("c", 3)]
        } else {
            vec![ann("b", 2)]
        }
    }

    fn expected(&self) -> &'static [&'static str] {
        if self.existing {
            &["a", "b", "c"]
        } else {
            &["b"]
        }
    }

    fn save(&self, fs: &Faulty) -> Result<Vec<Annotation>, SaveError> {
        self.store
            .save_with(fs, &doc(), &self.ours(), &toml::Table::new())
    }

    /// Temporary files beside the sidecar and among the backups.
    fn temporaries(&self) -> Vec<String> {
        ["notes", "data/backups"]
            .iter()
            .filter_map(|d| std::fs::read_dir(self.d.path().join(d)).ok())
            .flatten()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    fn mode(&self, path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    /// The checks after a save that met a fault (`what` names it), then
    /// the next save, on the real file system, which must write b.
    fn check(&self, result: Result<Vec<Annotation>, SaveError>, what: &str, message: &str) {
        let now = std::fs::read(self.store.path()).ok();
        let bak = std::fs::read(self.store.backup_path()).ok();
        match result {
            Err(e) => {
                let SaveError::Io { path, .. } = &e else {
                    panic!("{what}: {e}")
                };
                assert!(path.starts_with(self.d.path()), "{what}: {e}");
                assert!(e.to_string().contains(message), "{what}: {e}");
                assert_eq!(now, self.before, "{what}: the sidecar changed ({e})");
                assert_eq!(bak, self.bak_before, "{what}: the backup changed ({e})");
                if self.existing {
                    assert_eq!(self.mode(self.store.path()), 0o600, "{what}");
                }
            }
            Ok(merged) => {
                // Only a backup step may fail without failing the save.
                assert_eq!(ids(&merged), self.expected(), "{what}");
                assert!(
                    bak == self.bak_before || bak == self.before,
                    "{what}: the backup is neither the old one nor the old sidecar"
                );
                if self.existing {
                    assert_eq!(self.mode(self.store.path()), 0o600, "{what}");
                    assert_eq!(self.mode(&self.store.backup_path()), 0o600, "{what}");
                }
            }
        }
        assert_eq!(self.temporaries(), Vec::<String>::new(), "{what}");
        self.recovers(what);
    }

    /// The next save on the real file system, of what the app still holds
    /// (a failed save changes nothing in memory either), writes b.
    fn recovers(&self, what: &str) {
        let merged = self
            .store
            .save(&doc(), &self.ours())
            .unwrap_or_else(|e| panic!("{what}: the next save failed: {e}"));
        assert_eq!(ids(&merged), self.expected(), "{what}");
        assert_eq!(
            ids(&self.store.load().unwrap().unwrap().annotations),
            self.expected(),
            "{what}"
        );
    }
}

/// Fail the N-th call of every kind, N = 1, 2, … until a save never makes
/// an N-th call of that kind; once, and from then on. Returns the calls
/// that failed without failing the save (backup steps) and those that
/// failed it.
fn matrix(existing: bool, links: bool) -> (Vec<Call>, Vec<Call>) {
    let (mut harmless, mut failing) = (Vec::new(), Vec::new());
    for kind in KINDS {
        for sticky in [false, true] {
            for nth in 1.. {
                let t = Trial::new(existing);
                let fs = Faulty::new(vec![Fault { kind, nth, sticky }], links);
                let result = t.save(&fs);
                let hits = fs.hits.borrow().clone();
                if hits.is_empty() {
                    let merged = result.unwrap_or_else(|e| panic!("no fault, yet {e}"));
                    assert_eq!(ids(&merged), t.expected());
                    break;
                }
                let what = format!(
                    "{kind:?} call {nth}{} (existing {existing}, links {links})",
                    if sticky { " and later" } else { "" }
                );
                let list = if result.is_ok() {
                    &mut harmless
                } else {
                    &mut failing
                };
                if !sticky {
                    list.push((kind, nth));
                }
                t.check(result, &what, "injected failure");
            }
        }
    }
    (harmless, failing)
}

#[test]
fn every_call_of_a_first_save_may_fail() {
    use Kind::*;
    let (harmless, failing) = matrix(false, true);
    assert_eq!(harmless, []);
    // CreateDir 2: the directory of locks.
    assert_eq!(
        failing,
        [
            (CreateDir, 1),
            (CreateDir, 2),
            (Resolve, 1),
            (Lock, 1),
            (Read, 1),
            (Create, 1),
            (Write, 1),
            (Sync, 1),
            (Rename, 1),
            (SyncDir, 1),
        ]
    );
}

#[test]
fn every_call_of_a_save_over_a_sidecar_may_fail() {
    use Kind::*;
    let (harmless, failing) = matrix(true, true);
    // Linking the backup falls back to a copy; not making the directory
    // of backups leaves the older backup, and so does a failed rename into
    // it (after which it is copied, as across file systems).
    assert_eq!(harmless, [(CreateDir, 3), (Link, 1), (Rename, 2)]);
    assert_eq!(
        failing,
        [
            (CreateDir, 1),
            (CreateDir, 2),
            (Resolve, 1),
            (Lock, 1),
            (Read, 1),
            (Create, 1),
            (Write, 1),
            (Sync, 1),
            (Rename, 1),
            (SyncDir, 1),
        ]
    );
}

#[test]
fn every_call_of_a_save_without_hard_links_may_fail() {
    use Kind::*;
    let (harmless, failing) = matrix(true, false);
    assert_eq!(harmless, [(CreateDir, 3), (Rename, 2)]);
    // The backup is a copy: a second create, write and sync.
    assert_eq!(
        failing,
        [
            (CreateDir, 1),
            (CreateDir, 2),
            (Resolve, 1),
            (Lock, 1),
            (Read, 1),
            (Create, 1),
            (Create, 2),
            (Write, 1),
            (Write, 2),
            (Sync, 1),
            (Sync, 2),
            (Rename, 1),
            (SyncDir, 1),
        ]
    );
}

/// The directory sync fails after the new file is in place, and then a
/// step of putting the old one back fails too: the error says so, and the
/// sidecar is one whole version or the other, never a mix.
#[test]
fn a_failure_while_undoing_a_failed_save_still_tears_nothing() {
    let mut double = 0;
    for existing in [false, true] {
        for kind in [Kind::Rename, Kind::SyncDir] {
            for nth in 1..5 {
                let t = Trial::new(existing);
                let first = Fault {
                    kind: Kind::SyncDir,
                    nth: 1,
                    sticky: false,
                };
                let second = Fault {
                    kind,
                    nth,
                    sticky: false,
                };
                let fs = Faulty::new(vec![first, second], true);
                let result = t.save(&fs);
                let hits = fs.hits.borrow().clone();
                let what =
                    format!("SyncDir call 1, then {kind:?} call {nth} (existing {existing})");
                if hits.len() < 2 {
                    continue;
                }
                double += 1;
                let e = result.expect_err(&what);
                assert!(e.to_string().contains("failed too"), "{what}: {e}");
                let now = std::fs::read(t.store.path()).ok();
                if now != t.before {
                    let s = parse_bytes(now.as_deref().unwrap()).expect("whole");
                    assert_eq!(ids(&s.annotations), t.expected(), "{what}");
                }
                // The previous version is kept as the backup.
                let bak = std::fs::read(t.store.backup_path()).ok();
                assert!(bak == t.bak_before || bak == t.before, "{what}");
                t.recovers(&what);
                assert_eq!(t.temporaries(), Vec::<String>::new(), "{what}");
            }
        }
    }
    // Rename 2 (putting the old file back) and SyncDir 2 over a sidecar;
    // SyncDir 2 after removing a first save's file.
    assert_eq!(double, 3);
}

/// A full disk: writes fit up to a number of bytes, then fail with
/// ENOSPC after writing what fits.
#[test]
fn a_full_disk_changes_nothing() {
    let old = Trial::new(true).before.unwrap().len();
    for links in [true, false] {
        for existing in [false, true] {
            let rendered = render(&Sidecar::new(doc(), Trial::new(existing).ours())).len();
            let mut spaces = vec![0, 1, 10, rendered / 2, rendered - 1];
            if existing && !links {
                // Room for the new file but not for the backup's copy.
                spaces.extend([rendered, rendered + old / 2, rendered + old - 1]);
            }
            for space in spaces {
                let t = Trial::new(existing);
                let what = format!("{space} bytes free (existing {existing}, links {links})");
                let result = t.save(&Faulty::full_disk(space, links));
                assert!(result.is_err(), "{what}");
                t.check(result, &what, "No space left on device");
            }
            // With room enough it works.
            let t = Trial::new(existing);
            let room = rendered + old;
            let merged = t.save(&Faulty::full_disk(room, links)).unwrap();
            assert_eq!(ids(&merged), t.expected());
        }
    }
}
