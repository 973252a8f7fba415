//! `annotty review` with an injected clock (`ANNOTTY_NOW`): the day's
//! highlights shown in the notes browser and scheduled with K (keep
//! showing) and L (show less), the schedule in the data directory (the
//! sidecars untouched), `--print N` as grep-style lines; and
//! `annotty export -f anki`.

mod support;

use support::library::{article_text, note, write_article};
use support::pty::Term;
use support::{Home, annotty_bin, data_dir};

const TODAY: &str = "2026-12-05T12:00:00.000Z";
const TOMORROW: &str = "2026-12-06T12:00:00.000Z";

/// Two articles in `home/shelf`, three notes each (made in January 2026,
/// the first ones first).
fn shelf(home: &Home) -> std::path::PathBuf {
    let dir = home.path().join("shelf");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..2 {
        let text = article_text(i, 3);
        let mut at = 0;
        let notes = (0..3)
            .map(|n| {
                let start = at + text[at..].find("a lamp").unwrap();
                at = start + 1;
                note(&text, i, n * 2 + i, start, start + 16)
            })
            .collect();
        write_article(&dir, &format!("article-{i}.txt"), &text, notes);
    }
    dir
}

/// `annotty ARGS` at time `now` in `home` (its `config.toml`), without a
/// terminal.
fn run(home: &Home, now: &str, args: &[&str]) -> (i32, String, String) {
    let config = home.path().join("config.toml");
    home.run_with(
        args,
        &[
            ("ANNOTTY_NOW", now.as_ref()),
            ("ANNOTTY_CONFIG", config.as_os_str()),
        ],
    )
}

/// `annotty review shelf` today in a terminal, in `home` (its
/// `config.toml`).
fn review_shelf_today(home: &Home) -> Term {
    Term::builder(annotty_bin())
        .args(["review", "shelf"])
        .home(home.path())
        .env("ANNOTTY_NOW", TODAY)
        .env("ANNOTTY_CONFIG", home.path().join("config.toml"))
        .size(110, 30)
        .spawn()
}

#[test]
fn the_days_highlights_are_shown_and_scheduled() {
    let home = Home::new();
    home.write("config.toml", "review_per_day = 2\n");
    let dir = shelf(&home);
    let sidecars_before: Vec<String> = ["article-0.txt", "article-1.txt"]
        .iter()
        .map(|a| std::fs::read_to_string(dir.join(format!("{a}.annotty.toml"))).unwrap())
        .collect();
    let term = review_shelf_today(&home);
    term.wait_text("review: 2 highlights for today");
    term.wait_text("2 of 6 notes");
    // The oldest first: note 0 of article 0.
    term.wait_text("note 0 of article 0");
    term.send_str("K");
    term.wait_text("again tomorrow");
    term.wait_text("1 of 6 notes");
    term.send_str("L");
    term.wait_text("done for today");
    term.send_str("D");
    assert_eq!(term.wait_exit(std::time::Duration::from_secs(10)), Some(0));

    let schedule = std::fs::read_to_string(data_dir(home.path()).join("review.toml")).unwrap();
    assert_eq!(schedule.matches("[card.").count(), 2, "{schedule}");
    assert!(
        schedule.contains("level = 0\ndue = \"2026-12-06T00:00:00.000Z\""),
        "{schedule}"
    );
    assert!(
        schedule.contains("level = 1\ndue = \"2026-12-08T00:00:00.000Z\""),
        "{schedule}"
    );
    for (i, a) in ["article-0.txt", "article-1.txt"].iter().enumerate() {
        let now = std::fs::read_to_string(dir.join(format!("{a}.annotty.toml"))).unwrap();
        assert_eq!(now, sidecars_before[i], "reviewing never writes a sidecar");
    }

    // The same day: the day's two are done.
    let (code, _, err) = run(&home, TODAY, &["review", "shelf"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nothing to review today"), "{err}");
    // Tomorrow: the one kept comes back first, then the next new one.
    let (code, out, err) = run(&home, TOMORROW, &["review", "--print", "2", "shelf"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines.iter().all(|l| l.starts_with("shelf/article-")),
        "{out}"
    );
    assert!(
        out.contains(": [highlight] a lamp, a harbor — note 0 of article 0"),
        "{out}"
    );
}

#[test]
fn anki_export_is_tab_separated_with_headers() {
    let home = Home::new();
    shelf(&home);
    let (code, out, err) = run(&home, TODAY, &["export", "-f", "anki", "shelf"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("#separator:tab"));
    assert_eq!(lines.next(), Some("#html:false"));
    assert_eq!(lines.next(), Some("#columns:Quote\tNote\tTags\tSource"));
    assert_eq!(lines.next(), Some("#tags column:3"));
    let first: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(first.len(), 4, "{out}");
    assert_eq!(first[0], "a lamp, a harbor");
    assert_eq!(first[1], "note 0 of article 0: think about this");
    assert_eq!(first[2], "highlight");
    assert!(first[3].starts_with("shelf/article-0.txt:3:"), "{out}");
    assert_eq!(out.lines().count(), 4 + 6);
}

#[test]
fn done_for_today_ends_the_days_review_and_unknown_articles_are_left_out() {
    let home = Home::new();
    home.write("config.toml", "review_per_day = 3\n");
    shelf(&home);
    // The oldest note of all is kept by content hash in the data directory
    // (an article read from standard input): it has no article to show it
    // in, so it is never picked.
    let elsewhere = home.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let text = article_text(9, 3);
    let start = text.find("a lamp").unwrap();
    let mut oldest = note(&text, 9, 0, start, start + 6);
    oldest.created = "2025-12-31T00:00:00.000Z".into();
    oldest.updated = oldest.created.clone();
    write_article(&elsewhere, "piped.txt", &text, vec![oldest]);
    let kept = data_dir(home.path()).join("sidecars");
    std::fs::create_dir_all(&kept).unwrap();
    std::fs::rename(
        elsewhere.join("piped.txt.annotty.toml"),
        kept.join("0123abcd.annotty.toml"),
    )
    .unwrap();
    let (code, out, err) = run(&home, TODAY, &["review", "--print", "1", "shelf"]);
    assert_eq!((code, out.lines().count()), (0, 1), "{out}{err}");
    assert!(out.starts_with("shelf/article-0.txt:"), "{out}");

    // One answered, then D: nothing more today, the rest tomorrow.
    let term = review_shelf_today(&home);
    term.wait_text("review: 3 highlights for today");
    // (The rows arrive as the sidecars are read; the total counts the
    // note kept by hash.)
    term.wait_text("3 of 7 notes");
    term.send_str("K");
    term.wait_text("again tomorrow");
    term.send_str("D");
    assert_eq!(term.wait_exit(std::time::Duration::from_secs(10)), Some(0));
    let (code, _, err) = run(&home, TODAY, &["review", "shelf"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nothing to review today"), "{err}");
    let schedule = std::fs::read_to_string(data_dir(home.path()).join("review.toml")).unwrap();
    assert!(
        schedule.contains("done = \"2026-12-05T12:00:00.000Z\""),
        "{schedule}"
    );
    let (code, out, err) = run(&home, TOMORROW, &["review", "--print", "3", "shelf"]);
    assert_eq!((code, out.lines().count()), (0, 3), "{out}{err}");
}
