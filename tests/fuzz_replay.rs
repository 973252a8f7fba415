//! Replays what the fuzz targets (`fuzz/`, run by `fuzz/run.sh`) found and
//! kept, through the same library functions (`annotty::fuzzing`), on the
//! stable toolchain: every saved crash input in `fuzz/regressions/TARGET/`,
//! the hand-written seeds in `fuzz/seeds/TARGET/`, and a fixed slice of the
//! minimised corpus in `fuzz/corpus/TARGET/`. A failure names the file.

use std::path::{Path, PathBuf};

/// Corpus files replayed per target (the first ones in name order), so that
/// the test stays within a few seconds in a debug build.
const CORPUS_SLICE: usize = 200;

/// The files of `fuzz/DIR/TARGET`, sorted by name; none when it is absent.
fn inputs(dir: &str, target: &str) -> Vec<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(dir)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&path) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Run `body` on every regression and seed input of `target` and on the
/// corpus slice; returns how many inputs ran.
fn replay(target: &str, body: fn(&[u8])) -> usize {
    let mut files = inputs("regressions", target);
    files.extend(inputs("seeds", target));
    files.extend(inputs("corpus", target).into_iter().take(CORPUS_SLICE));
    for file in &files {
        let data = std::fs::read(file).unwrap();
        if std::panic::catch_unwind(|| body(&data)).is_err() {
            panic!("fuzz input {} fails", file.display());
        }
    }
    files.len()
}

#[test]
fn render_inputs_replay() {
    assert!(replay("render", annotty::fuzzing::render_article) > 0);
}

#[test]
fn markdown_inputs_replay() {
    assert!(replay("markdown", annotty::fuzzing::render_markdown) > 0);
}

#[test]
fn sidecar_inputs_replay() {
    assert!(replay("sidecar", annotty::fuzzing::sidecar_round_trip) > 0);
}

#[test]
fn app_inputs_replay() {
    assert!(replay("app", annotty::fuzzing::drive_app) > 0);
}

#[test]
fn html_inputs_replay() {
    assert!(replay("html", annotty::fuzzing::convert_html) > 0);
}

#[test]
fn epub_inputs_replay() {
    assert!(replay("epub", annotty::fuzzing::convert_epub) > 0);
}
