//! The sidecar store with several writers at once and with writers killed
//! in the middle of a save. Child processes are this test binary run again
//! (`--exact <test>`), told by `ANNOTTY_STORE_CHILD` what to do.

use annotty::annotation::{Annotation, new_id, rfc3339};
use annotty::store::{DocInfo, Store, parse_bytes};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier, mpsc};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const CHILD: &str = "ANNOTTY_STORE_CHILD";
const DIR: &str = "ANNOTTY_STORE_DIR";

/// xorshift64*: small, seeded, the same on every run.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

fn doc() -> DocInfo {
    DocInfo {
        file: "essay.txt".into(),
        chars: 1000,
        hash: "cd".repeat(32),
        encoding: None,
        origin: None,
        about: Default::default(),
    }
}

fn annotation(id: String, at: u64) -> Annotation {
    let now = rfc3339(now_ms());
    Annotation {
        id,
        start: annotty::text::CharPos(at),
        end: annotty::text::CharPos(at + 3),
        quote: "abc".into(),
        prefix: "before \"quoted\"\n".into(),
        suffix: "after".into(),
        tag: "highlight".into(),
        note: format!("note {at}\nwith a second line"),
        created: now.clone(),
        updated: now,
        deleted: None,
        state: Default::default(),
        score: None,
        draft: None,
        extra: Default::default(),
    }
}

/// The sidecar of `dir/essay.txt`, its lock and backup in `dir/data` (as
/// the reader keeps them in its data directory).
fn store_in(dir: &Path) -> Store {
    Store::beside(&dir.join("essay.txt")).keeping_files_in(Some(&dir.join("data")))
}

/// This test binary, run again for test `name` in role `role`.
fn child(name: &str, role: &str, dir: &Path) -> Command {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args(["--exact", name, "--nocapture", "--test-threads=1", "-q"])
        .env(CHILD, role)
        .env(DIR, dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    c
}

fn child_dir() -> PathBuf {
    PathBuf::from(std::env::var_os(DIR).expect("child without a directory"))
}

// ------------------------------------------------------------ two writers

/// One writer: 50 changes, each an add (or, one time in three, the deletion
/// of a live annotation, its own or one adopted from the other writer),
/// each saved at once, adopting what the save returns. Says what it did,
/// one line per change that was saved.
fn write_fifty(dir: &Path, me: u64, say: &mut dyn FnMut(String)) {
    let store = store_in(dir);
    let mut rng = Rng::new(me + 1);
    let mut list: Vec<Annotation> = Vec::new();
    for step in 0..50 {
        let live: Vec<usize> = (0..list.len()).filter(|&i| list[i].is_live()).collect();
        let line = if !live.is_empty() && rng.below(3) == 0 {
            let a = &mut list[live[rng.below(live.len() as u64) as usize]];
            a.deleted = Some(rfc3339(now_ms()));
            format!("deleted {}", a.id)
        } else {
            let id = new_id(now_ms(), (u128::from(rng.next()) << 8) | u128::from(me));
            list.push(annotation(id.clone(), me * 1000 + step));
            format!("added {id}")
        };
        list = store
            .save(&doc(), &list)
            .unwrap_or_else(|e| panic!("writer {me}: {e}"));
        say(line);
        // A pause, so that the two writers' saves interleave.
        std::thread::sleep(Duration::from_micros(rng.below(1000)));
    }
    let others = list
        .iter()
        .filter(|a| !a.id.ends_with(&format!("{me:02x}")))
        .count();
    say(format!("adopted {others}"));
}

/// Every add not deleted by either writer is live in the file, every
/// deleted one is a tombstone, and there is nothing else.
fn check_union(dir: &Path, lines: &[String]) {
    let mut added = BTreeSet::new();
    let mut deleted = BTreeSet::new();
    for l in lines {
        if let Some(id) = l.strip_prefix("added ") {
            added.insert(id.to_string());
        } else if let Some(id) = l.strip_prefix("deleted ") {
            deleted.insert(id.to_string());
        }
    }
    assert_eq!(lines.iter().filter(|l| l.starts_with("adopted")).count(), 2);
    // Both may delete the same one: count lines, not ids.
    assert_eq!(lines.len(), 2 * 51, "{lines:?}");
    assert!(deleted.is_subset(&added));
    let on_disk = store_in(dir).load().unwrap().unwrap().annotations;
    let ids: BTreeSet<String> = on_disk.iter().map(|a| a.id.clone()).collect();
    assert_eq!(ids, added, "the file holds every annotation added");
    for a in &on_disk {
        assert_eq!(
            a.deleted.is_some(),
            deleted.contains(&a.id),
            "{} should be {}",
            a.id,
            if deleted.contains(&a.id) {
                "deleted"
            } else {
                "live"
            }
        );
    }
}

#[test]
fn two_processes_saving_at_once_keep_every_change() {
    const NAME: &str = "two_processes_saving_at_once_keep_every_change";
    if let Ok(role) = std::env::var(CHILD) {
        let me: u64 = role.trim_start_matches("writer").parse().unwrap();
        let dir = child_dir();
        std::fs::write(dir.join(format!("ready{me}")), "").unwrap();
        while !dir.join("go").exists() {
            std::thread::sleep(Duration::from_millis(1));
        }
        let mut out = std::io::stdout().lock();
        write_fifty(&dir, me, &mut |line| {
            writeln!(out, "{line}").unwrap();
            out.flush().unwrap();
        });
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let writers: Vec<_> = (0..2)
        .map(|n| {
            child(NAME, &format!("writer{n}"), tmp.path())
                .spawn()
                .unwrap()
        })
        .collect();
    // Both start at once, when both are up.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !(0..2).all(|n| tmp.path().join(format!("ready{n}")).exists()) {
        assert!(Instant::now() < deadline, "the writers never got ready");
        std::thread::sleep(Duration::from_millis(1));
    }
    std::fs::write(tmp.path().join("go"), "").unwrap();
    let mut lines = Vec::new();
    for w in writers {
        let out = w.wait_with_output().unwrap();
        assert!(out.status.success(), "a writer failed: {:?}", out.status);
        let text = String::from_utf8(out.stdout).unwrap();
        lines.extend(
            text.lines()
                .filter(|l| {
                    ["added ", "deleted ", "adopted "]
                        .iter()
                        .any(|p| l.starts_with(p))
                })
                .map(String::from),
        );
    }
    eprintln!(
        "{:?}",
        lines
            .iter()
            .filter(|l| l.starts_with("adopted"))
            .collect::<Vec<_>>()
    );
    check_union(tmp.path(), &lines);
}

#[test]
fn two_threads_saving_at_once_keep_every_change() {
    let tmp = tempfile::tempdir().unwrap();
    let barrier = Arc::new(Barrier::new(2));
    let threads: Vec<_> = (0..2)
        .map(|me| {
            let dir = tmp.path().to_path_buf();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut lines = Vec::new();
                barrier.wait();
                write_fifty(&dir, me, &mut |l| lines.push(l));
                lines
            })
        })
        .collect();
    let lines: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    check_union(tmp.path(), &lines);
}

// ------------------------------------------------------------ kill -9

/// Rounds of the crash test (`ANNOTTY_KILLS` overrides it: `bench/kill.sh`
/// runs 1 000); a fresh sidecar every `FRESH` rounds keeps the files small
/// (and tests the first save too).
const ROUNDS: usize = 250;
const FRESH: usize = 25;

/// How many kills to make: `ANNOTTY_KILLS`, else `default`.
fn kills(default: usize) -> usize {
    std::env::var("ANNOTTY_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The child: load, say "ready", then add one annotation and save, again
/// and again, saying "saved ID" after each save, until killed.
fn save_until_killed(dir: &Path, round: &str) -> ! {
    let store = store_in(dir);
    let mut list = store
        .load()
        .unwrap()
        .map(|s| s.annotations)
        .unwrap_or_default();
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready").unwrap();
    out.flush().unwrap();
    for n in 0u64.. {
        let id = format!("{round}-{n:06}");
        list.push(annotation(id.clone(), n));
        list = store.save(&doc(), &list).unwrap();
        writeln!(out, "saved {id}").unwrap();
        out.flush().unwrap();
    }
    unreachable!()
}

#[test]
fn killed_saves_never_lose_what_was_on_disk() {
    const NAME: &str = "killed_saves_never_lose_what_was_on_disk";
    if let Ok(role) = std::env::var(CHILD) {
        save_until_killed(&child_dir(), &role);
    }
    let started = Instant::now();
    let rounds = kills(ROUNDS);
    let mut rng = Rng::new(2026);
    let mut tmp = tempfile::tempdir().unwrap();
    let mut on_disk: BTreeSet<String> = BTreeSet::new();
    let (mut saves, mut cut_short, mut no_save) = (0, 0, 0);
    // What must stay 0: sidecars or backups that do not parse, and
    // annotations acknowledged (on disk before, or reported saved) that
    // are gone.
    let (mut torn, mut lost) = (0, 0);
    for round in 0..rounds {
        if round % FRESH == 0 {
            tmp = tempfile::tempdir().unwrap();
            on_disk.clear();
        }
        let dir = tmp.path();
        let mut c = child(NAME, &format!("r{round:04}"), dir)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = c.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        loop {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(l) if l == "ready" => break,
                Ok(_) => {}
                Err(e) => panic!("round {round}: the child never got ready: {e}"),
            }
        }
        std::thread::sleep(Duration::from_micros(rng.below(12_000)));
        c.kill().unwrap(); // SIGKILL
        c.wait().unwrap();
        reader.join().unwrap();
        let saved: Vec<String> = rx
            .try_iter()
            .filter_map(|l| l.strip_prefix("saved ").map(String::from))
            .collect();

        let store = store_in(dir);
        let loaded = match store.load() {
            Ok(l) => l,
            Err(e) => {
                eprintln!("round {round}: the sidecar does not parse: {e}");
                torn += 1;
                tmp = tempfile::tempdir().unwrap();
                on_disk.clear();
                continue;
            }
        };
        let now: BTreeSet<String> = loaded
            .map(|s| s.annotations.into_iter().map(|a| a.id).collect())
            .unwrap_or_default();
        let missing: Vec<&String> = on_disk
            .iter()
            .chain(&saved)
            .filter(|id| !now.contains(*id))
            .collect();
        if !missing.is_empty() {
            eprintln!("round {round}: lost {missing:?}");
            lost += missing.len();
        }
        // Beyond that, at most the save that was cut short after its rename.
        let extra: Vec<&String> = now
            .iter()
            .filter(|id| !on_disk.contains(*id) && !saved.contains(id))
            .collect();
        assert!(extra.len() <= 1, "round {round}: unexpected {extra:?}");
        if let Ok(bytes) = std::fs::read(store.backup_path())
            && let Err(e) = parse_bytes(&bytes)
        {
            eprintln!("round {round}: the backup does not parse: {e}");
            torn += 1;
        }
        cut_short += extra.len();
        no_save += usize::from(saved.is_empty() && extra.is_empty());
        saves += saved.len();
        on_disk = now;

        // Temporary files do not pile up: a killed save's are reused.
        let temporaries = std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().ends_with(".tmp")
            })
            .count();
        assert!(
            temporaries <= 2,
            "round {round}: {temporaries} temporary files"
        );
    }
    eprintln!(
        "{rounds} kills in {:.1} s: {saves} saves completed, {cut_short} kills between rename and \
         report, {no_save} before any save finished; torn sidecars: {torn}, acknowledged \
         annotations lost: {lost}",
        started.elapsed().as_secs_f64()
    );
    assert_eq!((torn, lost), (0, 0), "torn sidecars, lost annotations");
    // How many saves finish depends on the machine; the checks above hold
    // whatever it is, but they test nothing if no save ever finished.
    assert!(saves > 0, "no child ever finished a save");
}
