//! Fuzz target `sidecar`: bytes → sidecar parse → render, merge.

use crate::annotation::{self, Annotation};
use crate::store::{DocInfo, Sidecar};

/// A valid sidecar the fuzzed one is merged with: a plain highlight, one
/// with a note and unknown fields, and a tombstone.
pub const VALID_SIDECAR: &str = r#"# annotty annotations for essay.txt
version = 1
future = "kept"

[document]
file = "essay.txt"
chars = 5000
hash = "0000000000000000000000000000000000000000000000000000000000000000"

[[annotation]]
id = "0190f0c2-7a00-7000-8000-000000000001"
start = 10
end = 20
quote = "the budget"
prefix = "names "
suffix = " memo"
tag = "highlight"
note = ""
created = "2026-01-01T00:00:00.000Z"
updated = "2026-01-01T00:00:00.000Z"

[[annotation]]
id = "0190f0c2-7a00-7000-8000-000000000002"
start = 30
end = 45
quote = "“a place” — 漢字"
prefix = ""
suffix = ""
tag = "important"
note = """two
lines"""
created = "2026-01-01T00:00:00.000Z"
updated = "2026-02-01T00:00:00.000Z"
state = "fuzzy"
score = 0.8

[[annotation]]
id = "0190f0c2-7a00-7000-8000-000000000003"
start = 50
end = 51
quote = "x"
prefix = ""
suffix = ""
tag = "highlight"
note = ""
created = "2026-01-01T00:00:00.000Z"
updated = "2026-01-01T00:00:00.000Z"
deleted = "2026-01-02T00:00:00.000Z"
"#;

/// Bytes → sidecar parse → (when it parses) render → parse → render, and a
/// merge with [`VALID_SIDECAR`].
///
/// Checks: a parse error names a line of the input; what was parsed
/// renders to text that parses back to the same sidecar and renders to the
/// same bytes (a fixed point); the merge is commutative and idempotent,
/// the save path's fast merge agrees with [`annotation::merge`], and the
/// merged sidecar renders to a fixed point too.
pub fn sidecar_round_trip(data: &[u8]) {
    let parsed = match crate::store::parse_bytes(data) {
        Ok(s) => s,
        Err(e) => {
            let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
            assert!(
                (1..=lines).contains(&e.line),
                "error at line {} of {lines}: {}",
                e.line,
                e.message
            );
            return;
        }
    };
    let text = fixed_point(&parsed);
    let valid = crate::store::parse(VALID_SIDECAR).expect("VALID_SIDECAR parses");
    let (ours, theirs) = (&parsed.annotations, &valid.annotations);
    let merged = annotation::merge(ours, theirs);
    let shown = |l: &[Annotation]| format!("{l:?}");
    assert_eq!(shown(&merged), shown(&annotation::merge(theirs, ours)));
    assert_eq!(shown(&merged), shown(&annotation::merge(&merged, &merged)));
    assert_eq!(shown(&merged), shown(&annotation::merge(&merged, ours)));
    assert_eq!(
        shown(&merged),
        shown(&crate::store::merge(ours, theirs)),
        "the save path's merge differs"
    );
    let mut both = parsed.clone();
    both.annotations = merged;
    fixed_point(&both);
    // The fuzzed file as the newer side of an ordinary save.
    let again = crate::store::parse(&text).expect("rendered text parses");
    fixed_point(&Sidecar::new(DocInfo::default(), again.annotations));
}

/// Render `s`, parse it back, render again: the same bytes and the same
/// sidecar. Returns the text.
pub(super) fn fixed_point(s: &Sidecar) -> String {
    let text = crate::store::render(s);
    let back = match crate::store::parse(&text) {
        Ok(back) => back,
        Err(e) => panic!("rendered sidecar does not parse: {e}\n{text}"),
    };
    let again = crate::store::render(&back);
    assert_eq!(text, again, "render → parse → render is not a fixed point");
    text
}
