//! Highlights and notes made in the real binary in a pseudo-terminal, and
//! the sidecar they leave on disk.

mod support;
use support::quit;

use std::path::{Path, PathBuf};
use std::time::Duration;
use support::annotty_bin;
use support::pty::Term;

const ESSAY: &str = include_str!("../seeds/essay.txt");

fn spawn(dir: &Path, args: &[&str]) -> Term {
    Term::builder(annotty_bin())
        .args(args)
        .home(dir)
        .size(90, 30)
        .spawn()
}

fn sidecar(dir: &Path) -> PathBuf {
    dir.join("essay.txt.annotty.toml")
}

/// The annotations in the sidecar as (start, end, quote, tag, note).
fn annotations(dir: &Path) -> Vec<(usize, usize, String, String, String)> {
    assert!(sidecar(dir).exists(), "the sidecar exists");
    support::live_annotations(&sidecar(dir))
        .expect("the sidecar parses")
        .iter()
        .map(|a| {
            let s = |k: &str| a.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
            let n = |k: &str| a.get(k).and_then(|v| v.as_integer()).unwrap() as usize;
            (n("start"), n("end"), s("quote"), s("tag"), s("note"))
        })
        .collect()
}

/// The article's chars `start..end` (char offsets).
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// True when the cells of the first occurrence of `needle` have a yellow
/// background (the default tag's colour).
fn drawn_yellow(s: &vt100::Screen, needle: &str) -> bool {
    support::pty::first_has_background(s, needle, vt100::Color::Idx(3))
}

/// Open the essay in `dir` and highlight "Marisol Okafor" (search, `vee`,
/// `Enter`).
fn highlight_marisol_okafor(dir: &Path) -> Term {
    std::fs::write(dir.join("essay.txt"), ESSAY).unwrap();
    let term = spawn(dir, &["essay.txt"]);
    term.wait_text("Keep the Library");
    term.send_str("/Marisol");
    term.key_enter();
    term.send_str("vee");
    term.wait_text("SELECT");
    term.key_enter();
    term
}

#[test]
fn search_select_highlight_quit_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let term = highlight_marisol_okafor(dir.path());
    // "Marisol" is still drawn as the current search match; the rest of
    // the highlight shows the tag's colour.
    term.wait_until("highlighted", |s| drawn_yellow(s, "Okafor"));
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    quit(&term);
    let list = annotations(dir.path());
    assert_eq!(list.len(), 1);
    let (start, end, quote, tag, note) = &list[0];
    assert_eq!(quote, "Marisol Okafor");
    assert_eq!(
        &slice(ESSAY, *start, *end),
        quote,
        "start..end of the text is the quote"
    );
    assert_eq!((tag.as_str(), note.as_str()), ("highlight", ""));
    let again = spawn(dir.path(), &["essay.txt"]);
    // Reopening resumes where the reader left, so the highlight is on
    // the first screen.
    again.wait_until("drawn again after reopening", |s| {
        drawn_yellow(s, "Marisol Okafor")
    });
    quit(&again);
}

#[test]
fn a_note_typed_in_the_editor_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let term = spawn(dir.path(), &["essay.txt"]);
    term.wait_text("Keep the Library");
    term.send_str("/tariff");
    term.key_enter();
    term.send_str("ve");
    term.send_str("a");
    term.wait_text("Ctrl-s save");
    term.send_str("Paper costs “18 %”");
    term.key_enter();
    term.send_str("second line");
    term.ctrl('s');
    term.wait_text("note saved");
    term.wait_until("the note under the text", |s| {
        support::pty::screen_contains(s, "second line")
    });
    quit(&term);
    let list = annotations(dir.path());
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].2, "tariff");
    assert_eq!(list[0].4, "Paper costs “18 %”\nsecond line");
    let text = std::fs::read_to_string(sidecar(dir.path())).unwrap();
    assert!(
        text.contains("note = \"\"\""),
        "a multi-line note is a multi-line string:\n{text}"
    );
}

/// `Ctrl-e` hands the terminal to `$VISUAL`: the keys typed while it
/// runs are the editor's, none is read by annotty meanwhile.
#[test]
fn keys_typed_into_the_external_editor_are_the_editor_s() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    // An editor that reads one line from the terminal into the file.
    let editor = dir.path().join("line-editor");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'line editor ready\\n'\nIFS= read -r line\nprintf '%s' \"$line\" > \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let term = Term::builder(annotty_bin())
        .args(["essay.txt"])
        .home(dir.path())
        .env("VISUAL", &editor)
        .size(90, 30)
        .spawn();
    term.wait_text("Keep the Library");
    term.send_str("/tariff");
    term.key_enter();
    term.send_str("vea");
    term.wait_text("Ctrl-s save");
    term.ctrl('e');
    term.wait_text("line editor ready");
    // One key at a time, as a person types.
    for c in "jjGq typed in the editor".chars() {
        term.send_str(&c.to_string());
        std::thread::sleep(Duration::from_millis(5));
    }
    term.key_enter();
    term.wait_until("back in the note editor", |s| {
        s.alternate_screen() && support::pty::screen_contains(s, "typed in the editor")
    });
    term.ctrl('s');
    term.wait_text("note saved");
    quit(&term);
    let list = annotations(dir.path());
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].4, "jjGq typed in the editor");
}

#[test]
fn a_mouse_drag_makes_a_highlight() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let term = spawn(dir.path(), &["essay.txt"]);
    term.wait_text("Keep the Library");
    // The title is on the first row; find where "Library" is drawn.
    let (row, col) = term.find("Library").unwrap();
    // 1-based cell coordinates for SGR mouse reports.
    term.mouse_sgr_press(col + 1, row + 1);
    term.mouse_sgr_drag(col + 4, row + 1);
    term.mouse_sgr_drag(col + 7, row + 1);
    term.mouse_sgr_release(col + 7, row + 1);
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    quit(&term);
    let list = annotations(dir.path());
    assert_eq!(list[0].2, "Library");
}

#[test]
fn y_copies_with_osc_52_and_nothing_else_sends_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let term = spawn(dir.path(), &["essay.txt"]);
    term.wait_text("Keep the Library");
    assert_eq!(term.clipboard(), None);
    term.send_str("veeey");
    term.wait_text("copied");
    assert_eq!(term.clipboard().as_deref(), Some("Keep the Library"));
    quit(&term);
}

#[test]
fn a_corrupt_sidecar_is_never_touched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let broken = "version = 1\n[[annotation]]\nid = \"x\"\nstart = \n";
    std::fs::write(sidecar(dir.path()), broken).unwrap();
    let term = spawn(dir.path(), &["essay.txt"]);
    term.wait_text("read-only");
    term.wait_text("essay.txt.annotty.toml:4:");
    // A highlight is refused, saying why.
    term.send_str("vee");
    term.wait_text("SELECT");
    term.key_enter();
    term.wait_text("annotations are read-only");
    quit(&term);
    assert_eq!(
        std::fs::read_to_string(sidecar(dir.path())).unwrap(),
        broken,
        "the file is unchanged"
    );
}

#[test]
fn standard_input_keeps_notes_in_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let term = Term::builder("/bin/sh")
        .args([
            "-c",
            &format!("cat essay.txt | {}", annotty_bin().display()),
        ])
        .cwd(dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .size(90, 30)
        .spawn();
    term.wait_text("Keep the Library");
    term.send_str("ve");
    term.key_enter();
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    quit(&term);
    let sidecars: Vec<_> = std::fs::read_dir(dir.path().join("data/annotty/sidecars"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".annotty.toml"))
        .collect();
    assert_eq!(sidecars.len(), 1, "one sidecar named by the content hash");
    assert!(!sidecar(dir.path()).exists());
}

#[test]
fn store_option_puts_sidecars_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    let term = spawn(dir.path(), &["--store", "notes", "essay.txt"]);
    term.wait_text("Keep the Library");
    term.send_str("ve");
    term.key_enter();
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    quit(&term);
    assert!(dir.path().join("notes/essay.txt.annotty.toml").exists());
    assert!(!sidecar(dir.path()).exists());
}

#[test]
fn another_process_s_annotations_appear() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let first = spawn(dir.path(), &["essay.txt"]);
    first.wait_text("Keep the Library");
    let second = spawn(dir.path(), &["essay.txt"]);
    second.wait_text("Keep the Library");
    first.send_str("ve");
    first.key_enter();
    support::after_highlight(&first);
    first.wait_text("1 highlight");
    second.send_str("/Alder");
    second.key_enter();
    second.send_str("ve");
    second.key_enter();
    support::after_highlight(&second);
    second.wait_text("2 highlights");
    first.wait_text_timeout("2 highlights", Duration::from_secs(10));
    quit(&first);
    quit(&second);
    assert_eq!(annotations(dir.path()).len(), 2, "both kept their work");
}

#[test]
fn a_grep_hit_opens_at_its_highlight_and_focuses_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let term = spawn(dir.path(), &["essay.txt"]);
    term.wait_text("Keep the Library");
    term.send_str("/tariff\rvea");
    term.wait_text("Ctrl-s save");
    term.send_str("why paper got dear");
    term.ctrl('s');
    term.wait_text("note saved");
    quit(&term);
    let out = std::process::Command::new(annotty_bin())
        .args(["export", "essay.txt"])
        .current_dir(dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let line = String::from_utf8(out.stdout).unwrap();
    assert!(
        line.contains("[highlight] tariff — why paper got dear"),
        "{line}"
    );
    let location: Vec<&str> = line.splitn(4, ':').take(3).collect();
    let again = spawn(dir.path(), &[&location.join(":")]);
    again.wait_text("why paper got dear");
    let top = again.with_screen(|s| s.contents_between(0, 0, 0, 90));
    assert!(
        top.contains("tariff"),
        "opened at the highlight's line: {top}"
    );
    quit(&again);
}

#[test]
fn export_from_the_reader_with_nothing_to_export_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let term = spawn(dir.path(), &["essay.txt"]);
    term.wait_text("Keep the Library");
    term.send_str(":export grep notes.txt");
    term.key_enter();
    term.wait_text("nothing to export: no annotations, so notes.txt was not written");
    assert!(!dir.path().join("notes.txt").exists());
    // With a highlight, the same command writes it.
    term.send_str("s");
    term.send_str(":export grep notes.txt");
    term.key_enter();
    term.wait_text("exported 1 annotation to notes.txt");
    let written = std::fs::read_to_string(dir.path().join("notes.txt")).unwrap();
    assert!(written.starts_with("essay.txt:"), "{written}");
    quit(&term);
}

#[test]
fn the_reader_keeps_a_recorded_origin_and_exports_it_as_the_source() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("essay.txt"), ESSAY).unwrap();
    let term = spawn(dir.path(), &["essay.txt"]);
    term.wait_text("Keep the Library");
    term.send_str("s");
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    quit(&term);
    // Where the article came from, recorded by hand.
    let origin = "https://example.org/essays/keep-the-library.txt";
    let text = std::fs::read_to_string(sidecar(dir.path())).unwrap();
    let text = text.replace(
        "[document]\n",
        &format!("[document]\norigin = \"{origin}\"\n"),
    );
    std::fs::write(sidecar(dir.path()), text).unwrap();

    // Another highlight, saved; then `:export json`.
    let term = spawn(dir.path(), &["essay.txt"]);
    term.wait_text("1 highlight");
    term.send_str("/tariff\rs");
    support::after_highlight(&term);
    term.wait_text("2 highlights");
    term.send_str(":export json notes.json");
    term.key_enter();
    term.wait_text("exported 2 annotations to notes.json");
    quit(&term);
    let json = std::fs::read_to_string(dir.path().join("notes.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for item in v["first"]["items"].as_array().unwrap() {
        assert_eq!(item["target"]["source"], origin, "{json}");
        assert_eq!(item["target"]["annotty:path"], "essay.txt");
    }
    // The reader's saves kept it.
    let saved = std::fs::read_to_string(sidecar(dir.path())).unwrap();
    assert!(
        saved.contains(&format!("origin = \"{origin}\"\n")),
        "{saved}"
    );
    assert_eq!(annotations(dir.path()).len(), 2);
}

#[test]
fn highlighting_the_same_span_twice_focuses_the_first_highlight() {
    let dir = tempfile::tempdir().unwrap();
    let term = highlight_marisol_okafor(dir.path());
    support::after_highlight(&term);
    term.wait_text("1 highlight");
    // Exactly the same span, saved with Enter and then with tag digit 2.
    for save in ["\r", "2"] {
        term.send_str("gg/Marisol");
        term.key_enter();
        term.send_str("vee");
        term.wait_text("SELECT");
        term.send_str(save);
        term.wait_text("already highlighted (highlight): focused that highlight");
        term.send_str("j");
        term.wait_until("still one note", |s| {
            support::pty::screen_contains(s, "1 highlight")
                && !support::pty::screen_contains(s, "already highlighted")
        });
    }
    quit(&term);
    let list = annotations(dir.path());
    assert_eq!(list.len(), 1, "one annotation on disk: {list:?}");
    assert_eq!(
        (list[0].2.as_str(), list[0].3.as_str()),
        ("Marisol Okafor", "highlight")
    );
}
