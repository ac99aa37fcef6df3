//! Word-level diff of two texts (longest common subsequence of whitespace-separated words),
//! for showing two outputs side by side.

/// One run of words in a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Words in both texts.
    Same(Vec<&'a str>),
    /// Words only in the left text.
    Removed(Vec<&'a str>),
    /// Words only in the right text.
    Added(Vec<&'a str>),
}

/// Texts longer than this many words are not diffed word by word (the table is quadratic).
const MAX_WORDS: usize = 2000;

/// The word diff of `left` → `right`. Over `MAX_WORDS` (2000) words on either side, the whole
/// left text is "removed" and the whole right text "added".
pub fn diff<'a>(left: &'a str, right: &'a str) -> Vec<Segment<'a>> {
    let a: Vec<&str> = left.split_whitespace().collect();
    let b: Vec<&str> = right.split_whitespace().collect();
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        return [Segment::Removed(a), Segment::Added(b)]
            .into_iter()
            .filter(|s| !matches!(s, Segment::Removed(w) | Segment::Added(w) if w.is_empty()))
            .collect();
    }
    // lcs[i][j]: LCS length of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out: Vec<Segment<'a>> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            push(&mut out, Segment::Same(vec![a[i]]));
            (i, j) = (i + 1, j + 1);
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            push(&mut out, Segment::Removed(vec![a[i]]));
            i += 1;
        } else {
            push(&mut out, Segment::Added(vec![b[j]]));
            j += 1;
        }
    }
    out
}

/// Appends, merging with the last segment when it is of the same kind.
fn push<'a>(out: &mut Vec<Segment<'a>>, seg: Segment<'a>) {
    match (out.last_mut(), seg) {
        (Some(Segment::Same(w)), Segment::Same(v))
        | (Some(Segment::Removed(w)), Segment::Removed(v))
        | (Some(Segment::Added(w)), Segment::Added(v)) => w.extend(v),
        (_, seg) => out.push(seg),
    }
}

#[cfg(test)]
mod tests {
    use super::{diff, Segment};

    #[test]
    fn a_changed_word_is_removed_then_added_and_runs_merge() {
        assert_eq!(
            diff("the cat sat down", "the dog sat down"),
            vec![
                Segment::Same(vec!["the"]),
                Segment::Removed(vec!["cat"]),
                Segment::Added(vec!["dog"]),
                Segment::Same(vec!["sat", "down"]),
            ]
        );
        assert_eq!(diff("", "new"), vec![Segment::Added(vec!["new"])]);
    }
}
