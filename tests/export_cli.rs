//! The export command as a program: exit statuses (0 written, 1 nothing
//! to export, 2 error with one line on standard error), a reader that goes
//! away (`| head -1`), `-o FILE` written atomically, colour on a terminal,
//! and the command line's help, completions and manual page.

mod export_common;

use export_common::*;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::Stdio;

fn export(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut c = annotty(dir);
    c.arg("export").args(args);
    run(c)
}

/// An article with `n` annotations, so that the export is larger than a
/// pipe's buffer.
fn many(dir: &Path, n: usize) {
    let text = "word ".repeat(n);
    let notes: Vec<_> = (0..n)
        .map(|i| {
            let mut a = annotation_on(
                &text,
                &format!("01900000-0000-7000-8000-{i:012}"),
                "word",
                "idea",
                "a note",
            );
            a.start = annotty::text::CharPos(i as u64 * 5);
            a.end = a.start + 4;
            a
        })
        .collect();
    write_article(dir, "many.txt", text.as_bytes(), &notes);
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    many(dir.path(), 20_000);

    // Read one line, close the pipe, and see annotty stop quietly.
    let mut child = annotty(dir.path())
        .arg("export")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "many.txt:1:1: [idea] word — a note\n");
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!((status.code(), err.as_str()), (Some(0), ""));

    // The same through a shell pipeline, checking annotty's own status.
    for format in ["grep", "markdown", "json"] {
        let out = std::process::Command::new("bash")
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .arg("-c")
            .arg(format!(
                "set -o pipefail; '{}' export -f {format} | head -1",
                env!("CARGO_BIN_EXE_annotty")
            ))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {out:?}");
        assert_eq!(out.stderr, b"", "{format}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    }
    // Completions and the manual page too.
    for sub in ["completions bash", "man"] {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "set -o pipefail; '{}' {sub} | head -c 10",
                env!("CARGO_BIN_EXE_annotty")
            ))
            .output()
            .unwrap();
        assert_eq!(
            (out.status.code(), out.stderr.as_slice()),
            (Some(0), &b""[..]),
            "{sub}"
        );
    }
}

#[test]
fn nothing_to_export_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(
        export(d, &[]),
        (1, String::new(), String::new()),
        "empty directory"
    );
    std::fs::write(d.join("plain.txt"), "no notes here").unwrap();
    assert_eq!(export(d, &["plain.txt"]), (1, String::new(), String::new()));
    golden(d);
    assert_eq!(export(d, &["--tag", "nope"]).0, 1);
    assert_eq!(
        export(d, &["-f", "json", "--tag", "nope"]),
        (
            1,
            String::new(),
            "annotty: no annotation has the tag \"nope\"\n".into()
        )
    );
    // -o FILE: left alone (here: not created).
    assert_eq!(export(d, &["--tag", "nope", "-o", "out.txt"]).0, 1);
    assert!(!d.join("out.txt").exists());
}

#[test]
fn a_tag_no_annotation_has_is_named_on_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    golden(d);
    let (code, out, err) = export(d, &["--tag", "idee"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "annotty: no annotation has the tag \"idee\" — did you mean \"idea\"?\n"
    );
    // With a tag that some have: written, and the other still named.
    let (code, out, err) = export(d, &["--tag", "idea", "--tag", "nope"]);
    assert_eq!(code, 0);
    assert!(out.contains("[idea]"), "{out}");
    assert_eq!(err, "annotty: no annotation has the tag \"nope\"\n");
    let (code, _, err) = export(d, &["--tag", "idea"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

/// `annotty export ARGS` in `dir` with a terminal as its standard output
/// and standard error read apart: (exit status, standard error).
fn stdout_on_terminal(dir: &Path, args: &[&str]) -> (i32, String) {
    use std::os::fd::{FromRawFd, OwnedFd};
    let (mut master, mut slave) = (-1, -1);
    // SAFETY: openpty writes two descriptors into the ints given; the
    // other arguments may be null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty");
    // SAFETY: both descriptors were just opened and are owned here only.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let mut c = annotty(dir);
    c.arg("export")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(slave))
        .stderr(Stdio::piped());
    let out = c.output().unwrap();
    drop(master);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn nothing_to_export_on_a_terminal_is_said_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("plain.txt"), "no notes here").unwrap();
    let (code, err) = stdout_on_terminal(d, &["plain.txt"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "annotty: nothing to export: the article has no annotations\n"
    );
    golden(d);
    let (code, err) = stdout_on_terminal(d, &["essay.txt", "--orphans", "--tag", "idea"]);
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("annotty: nothing to export: none of the "),
        "{err}"
    );
    // Into a pipe it stays silent, like grep.
    assert_eq!(export(d, &["plain.txt"]), (1, String::new(), String::new()));
}

#[test]
fn errors_exit_2_with_one_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    golden(d);
    let one_line_with = |want: i32, (code, out, err): (i32, String, String)| {
        assert_eq!(code, want, "{err}");
        assert_eq!(out, "");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("annotty: "), "{err}");
        err
    };
    let one_line = |run| one_line_with(2, run);
    // Found by searching a directory: skipped, named, exit 3 (the rest,
    // here nothing, exported).
    let skipped = |run| one_line_with(3, run).replacen("annotty: skipped ", "annotty: ", 1);

    // A corrupt sidecar: the file and the line.
    let sidecar = d.join("essay.txt.annotty.toml");
    let good = std::fs::read_to_string(&sidecar).unwrap();
    let bad = good.replacen("start = ", "start = \"oops\"\nx = ", 1);
    std::fs::write(&sidecar, &bad).unwrap();
    let line = 1 + bad[..bad.find("\"oops\"").unwrap()].matches('\n').count();
    for args in [&[][..], &["essay.txt"], &["essay.txt.annotty.toml"], &["."]] {
        let err = if matches!(args, [] | ["."]) {
            skipped(export(d, args))
        } else {
            one_line(export(d, args))
        };
        let path = if args == ["."] {
            "./essay.txt.annotty.toml"
        } else {
            "essay.txt.annotty.toml"
        };
        assert!(
            err.starts_with(&format!("annotty: {path}:{line}: ")),
            "{args:?}: {err}"
        );
        assert!(err.contains("`start` must be an integer"), "{err}");
    }
    // Nothing was written to -o either.
    skipped(export(d, &["-o", "out.txt"]));
    assert!(!d.join("out.txt").exists());
    assert_eq!(
        std::fs::read_to_string(&sidecar).unwrap(),
        bad,
        "left as it was"
    );

    // A sidecar that cannot be read.
    std::fs::remove_file(&sidecar).unwrap();
    std::fs::create_dir(&sidecar).unwrap();
    let err = one_line(export(d, &["essay.txt"]));
    assert_eq!(err, "annotty: essay.txt.annotty.toml: Is a directory\n");
    std::fs::remove_dir(&sidecar).unwrap();

    // A path that is not there; a sidecar without its article.
    let err = one_line(export(d, &["nope.txt"]));
    assert_eq!(err, "annotty: nope.txt: No such file or directory\n");
    std::fs::write(&sidecar, &good).unwrap();
    std::fs::rename(d.join("essay.txt"), d.join("moved.txt")).unwrap();
    let err = skipped(export(d, &[]));
    assert_eq!(
        err,
        "annotty: essay.txt: No such file or directory (the article of essay.txt.annotty.toml)\n"
    );
    // A file that cannot be written.
    std::fs::rename(d.join("moved.txt"), d.join("essay.txt")).unwrap();
    let err = one_line(export(d, &["-o", "no/such/dir/out.txt"]));
    assert!(err.starts_with("annotty: no/such/dir/out.txt: "), "{err}");
}

#[test]
fn output_file_is_replaced_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    golden(d);
    let (_, expected, _) = export(d, &[]);
    let out = d.join("notes.txt");
    std::fs::write(&out, "old contents").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    let before = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&out).unwrap());
    assert_eq!(
        export(d, &["-o", "notes.txt"]),
        (0, String::new(), String::new())
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
    let meta = std::fs::metadata(&out).unwrap();
    assert_ne!(
        std::os::unix::fs::MetadataExt::ino(&meta),
        before,
        "a new file renamed over it"
    );
    assert_eq!(meta.permissions().mode() & 0o777, 0o640, "permissions kept");
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(".data") && !n.starts_with(".config"))
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
    // `-o` is never coloured, even with --color auto on a terminal.
    assert!(!std::fs::read_to_string(&out).unwrap().contains('\x1b'));
}

/// Run `annotty export` with a terminal as its standard output and
/// return what it wrote.
fn on_terminal(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_annotty"));
    cmd.cwd(dir);
    cmd.env("HOME", dir);
    cmd.env("XDG_CONFIG_HOME", dir.join(".config"));
    cmd.env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.arg("export");
    cmd.args(args);
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success());
    drop(pty.master);
    let mut out = Vec::new();
    let _ = reader.read_to_end(&mut out); // ends with EIO once drained
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    let dir = tempfile::tempdir().unwrap();
    golden(dir.path());
    let coloured = on_terminal(dir.path(), &[], &[]);
    assert!(
        coloured.contains("\x1b[35messay.txt\x1b[0m:\x1b[32m3\x1b[0m:48: \x1b[33m[highlight]\x1b[0m Marisol Okafor"),
        "{coloured:?}"
    );
    let plain = on_terminal(dir.path(), &[("NO_COLOR", "1")], &[]);
    assert!(!plain.contains('\x1b'), "{plain:?}");
    assert!(plain.contains("essay.txt:3:48: [highlight] Marisol Okafor"));
    let never = on_terminal(dir.path(), &[], &["--color", "never"]);
    assert!(!never.contains('\x1b'), "{never:?}");
}

#[test]
fn help_version_completions_and_manual() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = |args: &[&str]| {
        let mut c = annotty(d);
        c.args(args);
        let (code, out, err) = run(c);
        assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
        out
    };
    assert_eq!(
        out(&["--version"]),
        format!("annotty {}\n", env!("CARGO_PKG_VERSION"))
    );
    let help = out(&["--help"]);
    for word in [
        "export",
        "import",
        "completions",
        "man",
        "Examples:",
        "annotty ./export",
    ] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
    let help = out(&["export", "--help"]);
    for word in [
        "--format <FORMAT>",
        "--tag <TAG>",
        "--orphans",
        "--no-orphans",
        "--color <WHEN>",
        "--output <FILE>",
        "Examples:",
        "vim -q <(annotty export",
        "Exit status",
    ] {
        assert!(help.contains(word), "export --help lacks {word}:\n{help}");
    }
    for sub in ["import", "completions", "man"] {
        assert!(out(&[sub, "--help"]).contains("Example"), "{sub} --help");
    }
    for shell in ["bash", "zsh", "fish"] {
        let script = out(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}");
        assert!(script.contains("export"), "{shell}");
        assert!(script.contains("no-orphans"), "{shell}");
    }
    let man = out(&["man"]);
    assert!(
        man.starts_with(".ie") || man.starts_with(".TH"),
        "{}",
        &man[..80]
    );
    assert!(man.contains(".TH annotty 1"));
    for word in [
        "ANNOTTY EXPORT",
        "ANNOTTY IMPORT",
        "no\\-orphans",
        "annotty export",
    ] {
        assert!(man.contains(word), "man lacks {word}");
    }
}

/// `annotty notes DIR | cat` (an export) with a sidecar that does not
/// parse and one whose article was deleted: the rest is printed, each
/// bad one named on standard error in one line, exit 3. A bad sidecar
/// named on the command line itself is still an error (exit 2).
#[test]
fn a_directory_with_bad_sidecars_exports_the_rest_and_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (text, notes) = (ONE_LINE, one_note());
    write_article(d, "good.txt", text.as_bytes(), &notes);
    write_article(d, "gone.txt", text.as_bytes(), &notes);
    std::fs::remove_file(d.join("gone.txt")).unwrap();
    std::fs::write(d.join("bad.txt"), text).unwrap();
    std::fs::write(d.join("bad.txt.annotty.toml"), "[document\nbroken").unwrap();
    for command in ["export", "notes"] {
        let mut c = annotty(d);
        c.args([command, "."]);
        let (code, out, err) = run(c);
        assert_eq!(code, 3, "{command}: {err}");
        assert_eq!(out, "./good.txt:1:5: [idea] two\n", "{command}");
        let said: Vec<&str> = err.lines().collect();
        assert_eq!(said.len(), 2, "{command}: {err}");
        assert!(
            said[0].starts_with("annotty: skipped ./bad.txt.annotty.toml:1:"),
            "{err}"
        );
        assert!(
            said[1].starts_with("annotty: skipped ./gone.txt")
                && said[1].contains("gone.txt.annotty.toml"),
            "{err}"
        );
    }
    let (code, out, err) = export(d, &["bad.txt.annotty.toml"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
}
