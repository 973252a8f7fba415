//! Counting things in words: the one plural rule for every message, so
//! "1 annotation" and "2 annotations" are right everywhere.

/// `n` and the noun, in the plural unless `n` is 1: `count(1, "note")` is
/// "1 note", `count(0, "note")` "0 notes". The nouns annotty counts all
/// take an `s`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        assert_eq!(count(0, "annotation"), "0 annotations");
        assert_eq!(count(1, "annotation"), "1 annotation");
        assert_eq!(count(2, "annotation"), "2 annotations");
        assert_eq!(count(12, "article"), "12 articles");
    }
}
