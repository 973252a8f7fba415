//! Justified and hyphenated rows in the real binary: what is drawn, and
//! that selections made over widened gaps (with `v` and motions, and with
//! the mouse) quote exactly the article's words.

mod support;
use support::quit;

use support::Home;
use support::pty::Term;

const ESSAY: &str = include_str!("../seeds/essay.txt");

/// The essay open in a 60×30 terminal with a `width`-column text column
/// and `extra` config lines.
fn essay(width: usize, extra: &str) -> (Home, Term) {
    let home = Home::new();
    home.write("essay.txt", ESSAY);
    home.write("config.toml", format!("text_width = {width}\n{extra}"));
    let term = home.spawn(&["essay.txt"], 60, 30);
    term.wait_text("Keep the Library");
    (home, term)
}

fn rows(term: &Term) -> Vec<String> {
    term.screen_text()
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// The quotes of the article's highlights.
fn quotes(home: &Home) -> Vec<String> {
    support::live_quotes(&home.path().join("essay.txt.annotty.toml"))
}

/// The first row (index, text) with a widened gap between two words that
/// ends flush with the 40-column text column (which starts at column 10),
/// of ASCII only (so that a byte is a column).
fn justified_row(term: &Term) -> (usize, String) {
    let r = rows(term);
    r.iter()
        .enumerate()
        .find(|(_, l)| l.is_ascii() && l.len() == 50 && l[10..].trim().contains("  "))
        .map(|(i, l)| (i, l.clone()))
        .unwrap_or_else(|| panic!("no justified row:\n{}", term.dump()))
}

#[test]
fn justified_rows_end_flush_and_v_with_motions_quotes_the_words() {
    let (home, term) = essay(40, "justify = true\n");
    let (_, row) = justified_row(&term);
    // The two words around the first widened gap.
    let text = row[10..].to_string();
    let gap = text.find("  ").unwrap();
    let before = text[..gap].rsplit(' ').next().unwrap().to_string();
    let after = text[gap..]
        .trim_start()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    // Search for the first word as the article has it, select it and the next.
    let phrase = format!("{before} {after}");
    assert!(ESSAY.contains(&phrase), "{phrase:?} is in the article");
    term.send_str(&format!("/{}", regex_escape(&phrase)));
    term.key_enter();
    term.send_str("vEE");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    quit(&term);
    assert_eq!(quotes(&home), [phrase]);
}

#[test]
fn a_mouse_drag_across_a_widened_gap_quotes_the_words_with_one_space() {
    let (home, term) = essay(40, "justify = true\n");
    let (y, row) = justified_row(&term);
    let gap = row[10..].find("  ").unwrap() + 10;
    let start = row[..gap].rfind(' ').map_or(10, |i| i + 1);
    let end_word = gap + row[gap..].find(|c: char| c != ' ').unwrap();
    let end = end_word + row[end_word..].find(' ').unwrap_or(row.len() - end_word) - 1;
    let phrase = format!("{} {}", &row[start..gap], row[end_word..=end].trim());
    // 1-based cells: press on the first word's first letter, drag over the
    // widened gap, release on the second word's last letter.
    let y = y as u16 + 1;
    term.mouse_sgr_press(start as u16 + 1, y);
    term.mouse_sgr_drag(gap as u16 + 2, y);
    term.mouse_sgr_drag(end as u16 + 1, y);
    term.mouse_sgr_release(end as u16 + 1, y);
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    quit(&term);
    assert_eq!(quotes(&home), [phrase]);
}

#[test]
fn w_cycles_greedy_balanced_and_justified_keeping_the_top_words() {
    let (_home, term) = essay(40, "wrap = \"greedy\"\n");
    term.send_str("5j");
    term.wait_no_text("Keep the Library");
    let top = rows(&term)[0].trim().to_string();
    let first_word = top.split(' ').next().unwrap().to_string();
    for (message, flush) in [
        ("rows balanced", false),
        ("rows justified", true),
        ("rows greedy", false),
    ] {
        term.send_str("w");
        term.wait_text(message);
        let now = rows(&term);
        assert!(
            now[0].trim().starts_with(&first_word),
            "{first_word:?} still on top:\n{}",
            term.dump()
        );
        let justified = now[..28]
            .iter()
            .any(|l| l.len() == 50 && l[10..].trim().contains("  "));
        assert_eq!(justified, flush, "{}", term.dump());
    }
    quit(&term);
}

/// A word of the screen split over two rows by a drawn hyphen (the
/// article has it whole).
fn hyphenated_word(term: &Term) -> String {
    let r = rows(term);
    // A row ending in a drawn hyphen: the word goes on at the next row's
    // start, and the article has it whole.
    let split = (0..r.len() - 1).find_map(|y| {
        let head = r[y].strip_suffix('-')?.rsplit(' ').next()?.to_string();
        let tail: String = r[y + 1]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let word = format!("{head}{tail}");
        let whole = head.chars().all(char::is_alphabetic)
            && !tail.is_empty()
            && ESSAY.contains(&format!(" {word}"))
            && !ESSAY.contains(&format!("{head}-{tail}"));
        whole.then_some(word)
    });
    split.unwrap_or_else(|| panic!("a hyphenated row:\n{}", term.dump()))
}

/// A word split by a drawn hyphen ([`hyphenated_word`]), selected: search
/// finds it whole, and `v` to its end selects it whole.
fn select_hyphenated_word(term: &Term) -> String {
    let word = hyphenated_word(term);
    term.send_str(&format!("/\\b{word}\\b"));
    term.key_enter();
    term.send_str("ve");
    term.wait_text("SELECT");
    word
}

#[test]
fn hyphens_are_drawn_but_search_and_quotes_never_see_them() {
    let (home, term) = essay(24, "hyphenate = true\n");
    let word = select_hyphenated_word(&term);
    term.key_enter();
    support::after_highlight(&term);
    quit(&term);
    // (Smart case: a word in lower case may be found capitalised first.)
    let quoted: Vec<String> = quotes(&home).iter().map(|q| q.to_lowercase()).collect();
    assert_eq!(quoted, [word.to_lowercase()]);
}

#[test]
fn a_hyphenated_word_is_copied_whole() {
    let (_home, term) = essay(24, "hyphenate = true\n");
    let word = select_hyphenated_word(&term);
    term.send_str("y");
    term.wait_text("copied");
    // (Smart case: a word in lower case may be found capitalised first.)
    let copied = term.clipboard().unwrap_or_default().to_lowercase();
    assert_eq!(copied, word.to_lowercase());
    quit(&term);
}

/// `text` with the regular expression's special characters escaped.
fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

/// A Markdown paragraph with bold words, justified at 40 columns.
const BOLD_MD: &str = "The keeper wrote down **every single vessel** that came past the \
breakwater, and on quiet evenings he read the ledger aloud to whoever stayed \
behind in the office.\n";

#[test]
fn rendered_markdown_is_justified_and_v_across_bold_words_quotes_the_source() {
    let home = Home::new();
    home.write("log.md", BOLD_MD);
    home.write("config.toml", "text_width = 40\njustify = true\n");
    let term = home.spawn(&["log.md"], 60, 30);
    term.wait_text("keeper");
    // The first row is widened to the column's edge, markup hidden.
    let first = rows(&term)[0].clone();
    assert!(
        first.len() == 50 && first[10..].contains("  ") && !first.contains('*'),
        "{}",
        term.dump()
    );
    term.send_str("/down");
    term.key_enter();
    term.send_str("vEEEE");
    term.wait_text("SELECT");
    term.key_enter();
    support::after_highlight(&term);
    quit(&term);
    let quoted = support::live_quotes(&home.path().join("log.md.annotty.toml"));
    assert_eq!(quoted, ["down **every single vessel"]);
}
