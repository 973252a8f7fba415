//! SIGKILL the real binary at random moments while it saves highlights:
//! the sidecar always parses and never loses what was on disk before.

mod support;

use std::time::Duration;
use support::annotty_bin;
use support::pty::Term;

/// Live annotation ids in the sidecar, or an empty list when there is
/// none; an error when it does not parse (a torn sidecar).
fn ids_on_disk(path: &std::path::Path) -> Result<Vec<String>, String> {
    Ok(support::live_annotations(path)?
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect())
}

/// How many kills to make: `ANNOTTY_KILLS` (`bench/kill.sh` runs 1 000),
/// else `default`.
fn kills(default: usize) -> usize {
    std::env::var("ANNOTTY_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Lines of the article; with 9 spans per line, 1 000 kills (`bench/kill.sh`)
/// never highlight the same span twice.
const LINES: usize = 1000;

#[test]
fn killed_while_saving_loses_nothing_that_was_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let article: String = (0..LINES)
        .map(|i| format!("Paragraph {i} has a few words to highlight here.\n"))
        .collect();
    std::fs::write(dir.path().join("a.txt"), &article).unwrap();
    let sidecar = dir.path().join("a.txt.annotty.toml");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let started = std::time::Instant::now();
    let kills = kills(200);
    // What must stay 0: sidecars that do not parse after a kill, and
    // annotations that were on disk before a round and are gone after it.
    let (mut torn, mut lost) = (0, 0);
    let spawn = || {
        let term = Term::builder(annotty_bin())
            .arg("a.txt")
            .home(dir.path())
            .spawn();
        term.wait_text("NORMAL");
        term
    };
    // Highlights in a burst: each one is handed to the saving thread before the next key (saves asked for while one runs are coalesced). Burst
    // `n` highlights the first words of lines, no span twice (highlighting
    // a highlighted span again saves nothing): highlight `h` covers the
    // first `h / LINES % 9 + 1` words of line `h % LINES + 1`.
    let burst = |term: &Term, n: usize| {
        let keys: String = (n * 8..n * 8 + 8)
            .map(|h| format!("{}gv{}\r", h % LINES + 1, "e".repeat(h / LINES % 9 + 1)))
            .collect();
        term.send_str(&keys);
    };
    // How long a burst of saves takes here (fsync times vary a lot from
    // one machine to another; the median of three bursts): the kills land
    // at random within its first half, so that most rounds are cut during
    // a save, on any machine.
    let window = {
        let mut took: Vec<u64> = (0..3)
            .map(|n| {
                let term = spawn();
                let t0 = std::time::Instant::now();
                burst(&term, n);
                let want = 8 * (n + 1);
                support::after_highlight(&term);
                term.wait_text(&format!("{want} notes"));
                // Saved off the reader's thread: until it is on disk.
                support::eventually(&format!("{want} annotations saved"), || {
                    ids_on_disk(&sidecar).is_ok_and(|ids| ids.len() == want)
                });
                let took = t0.elapsed().as_micros() as u64;
                term.kill(libc::SIGKILL);
                let _ = term.wait_exit(Duration::from_secs(5));
                took
            })
            .collect();
        took.sort();
        (took[1] / 2).max(2_000)
    };
    let mut before = ids_on_disk(&sidecar).expect("the first burst's sidecar parses");
    for round in 1..=kills {
        let term = spawn();
        // Bursts 0–2 measured the window.
        burst(&term, round + 2);
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % window));
        term.kill(libc::SIGKILL);
        let _ = term.wait_exit(Duration::from_secs(5));
        let after = match ids_on_disk(&sidecar) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("round {round}: {e}");
                torn += 1;
                // Start again from nothing so that the count goes on.
                let _ = std::fs::remove_file(&sidecar);
                before.clear();
                continue;
            }
        };
        for id in &before {
            if !after.contains(id) {
                eprintln!("round {round}: {id} was on disk before and is gone");
                lost += 1;
            }
        }
        before = after;
    }
    eprintln!(
        "{kills} kills of annotty in {:.1} s (at random within {:.1} ms of the keys): {} \
         annotations on disk at the end; torn sidecars: {torn}, acknowledged annotations lost: \
         {lost}",
        started.elapsed().as_secs_f64(),
        window as f64 / 1000.0,
        before.len()
    );
    assert_eq!((torn, lost), (0, 0), "torn sidecars, lost annotations");
    assert!(
        before.len() > 24 + kills.min(200) / 8,
        "the kills did land during saves"
    );
}
