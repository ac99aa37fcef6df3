//! "Did you mean …?": the closest of some known names to a misspelt one.
//!
//! Names compare case-insensitively with `_` and `-` ignored, by Levenshtein distance; a
//! suggestion is made only when the distance is at most a third of the longer name (at
//! least 1), so `F1` suggests `f1` and `rouge_1` suggests `rouge1`, but `bogus` suggests
//! nothing.

/// The known name closest to `name`, if one is close enough.
pub fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let key = fold(name);
    known
        .into_iter()
        .map(|k| (distance(&key, &fold(k)), k))
        .filter(|&(d, k)| d <= (key.len().max(k.chars().count()) / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

fn fold(name: &str) -> Vec<char> {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn near_misses_are_suggested_and_strangers_are_not() {
        let known = ["f1", "exact_match", "rouge1", "rougeLsum", "answer_match"];
        assert_eq!(closest("F1", known), Some("f1"));
        assert_eq!(closest("rouge_1", known), Some("rouge1"));
        assert_eq!(closest("rougelsum", known), Some("rougeLsum"));
        assert_eq!(closest("exact-mtch", known), Some("exact_match"));
        assert_eq!(closest("bogus", known), None);
        assert_eq!(closest("x", known), None);
    }
}
