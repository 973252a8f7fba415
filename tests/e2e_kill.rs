//! SIGKILL the real binary at random moments while it saves highlights:
//! the sidecar always parses and never loses what was on disk before.

mod support;

use std::time::Duration;
use support::annotty_bin;
use support::pty::Term;

/// Live annotation ids in the sidecar, or an empty list when there is none.
fn ids_on_disk(path: &std::path::Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let doc: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("torn sidecar: {e}\n{text}"));
    doc.get("annotation")
        .and_then(|a| a.as_array())
        .map(|list| {
            list.iter()
                .filter(|a| a.get("deleted").is_none())
                .map(|a| a["id"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn killed_while_saving_loses_nothing_that_was_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let article: String = (0..400)
        .map(|i| format!("Paragraph {i} has a few words to highlight here.\n"))
        .collect();
    std::fs::write(dir.path().join("a.txt"), &article).unwrap();
    let sidecar = dir.path().join("a.txt.annotty.toml");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let kills = 200;
    for round in 0..kills {
        let before = ids_on_disk(&sidecar);
        let term = Term::builder(annotty_bin())
            .arg("a.txt")
            .cwd(dir.path())
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .spawn();
        term.wait_text("NORMAL");
        // Highlights in a burst: each one is saved before the next key.
        term.send_str(&format!("{}g", round % 50 + 1));
        term.send_str(&"jve\r".repeat(8));
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % 8_000));
        term.kill(libc::SIGKILL);
        let _ = term.wait_exit(Duration::from_secs(5));
        let after = ids_on_disk(&sidecar);
        for id in &before {
            assert!(
                after.contains(id),
                "round {round}: {id} was on disk before and is gone"
            );
        }
    }
    assert!(
        ids_on_disk(&sidecar).len() > 50,
        "the kills did land during saves"
    );
}
