//! Word tokens: a lowercase alphanumeric tokenizer, an English stopword list, a light plural
//! folding, a prefix stem and word-set overlap.
//!
//! Deliberately simpler than the rouge-score tokenizer (ROUGE never uses it). Metrics do:
//! `answer_match` (folding, stopwords), `key_fact_recall` and `unsupported_*` (stopwords and
//! stems of salient parts), the extractiveness statistics (tokens), and through the
//! `extractive-qa` answerer `qa_coverage`; so do the baselines. Any change that can move a
//! word's tokens, folding, stem or stopword status bumps [`WORDS_VERSION`], which those
//! metrics put in their signatures (`words:N`). Invariants: tokens are non-empty, lowercase
//! and purely alphanumeric; [`content_terms`] never returns a stopword.

use std::collections::BTreeSet;

/// Version of these word tables and rules; in the signature of every metric that uses them.
pub const WORDS_VERSION: u32 = 1;

/// English function words, sorted so they can be binary-searched.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "among",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "least",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "s",
    "said",
    "same",
    "say",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
];

/// Lowercase alphanumeric runs of `text`, in order (`"China's $237.5bn"` gives `china`, `s`,
/// `237`, `5bn`).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `word` (lowercase) is an English function word.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// Folds a lowercase word's regular plural to its singular (`countries` → `country`,
/// `leaders` → `leader`), leaving words that only look plural (`news`, `class`, `analysis`,
/// `us`) alone. Numbers are returned unchanged.
pub fn fold(word: &str) -> String {
    let long = word.chars().count() > 3;
    if !long || word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    let keeps_s = ["ss", "us", "is", "ews", "ics"]
        .iter()
        .any(|end| word.ends_with(end));
    match word.strip_suffix('s') {
        Some(stem) if !keeps_s => stem.to_string(),
        _ => word.to_string(),
    }
}

/// Month abbreviations and the names they stand for.
const MONTH_ABBREVIATIONS: &[(&str, &str)] = &[
    ("jan", "january"),
    ("feb", "february"),
    ("apr", "april"),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "september"),
    ("sept", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
];

/// How many characters [`prefix_stem`] keeps.
pub const PREFIX_STEM_LENGTH: usize = 6;

/// A crude stem for matching: the folded word with month abbreviations spelled out, cut to
/// its first [`PREFIX_STEM_LENGTH`] characters (`reaffirmed` and `reaffirm` → `reaffi`,
/// `Feb` → `februa`, `Russian` and `Russia` → `russia`). Truncation stemming conflates a few
/// unrelated words (`minister`, `ministry`), which costs little in sentence retrieval.
pub fn prefix_stem(word: &str) -> String {
    let folded = fold(&word.to_lowercase());
    let full = MONTH_ABBREVIATIONS
        .iter()
        .find(|(short, _)| *short == folded)
        .map_or(folded.as_str(), |(_, long)| long);
    full.chars().take(PREFIX_STEM_LENGTH).collect()
}

/// The folded non-stopword words of `text`, in order, repeats kept.
pub fn content_terms(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|word| !is_stopword(word))
        .map(|word| fold(&word))
        .collect()
}

/// Jaccard overlap of two term sets: |A ∩ B| / |A ∪ B|, and 0 when both are empty.
pub fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{content_terms, fold, is_stopword, jaccard, prefix_stem, words, STOPWORDS};

    #[test]
    fn stopwords_are_sorted_and_unique() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn words_are_lowercase_alphanumeric_runs() {
        assert_eq!(
            words("China's $237.5 billion, U.S.-Russian talks!"),
            ["china", "s", "237", "5", "billion", "u", "s", "russian", "talks"]
        );
        assert!(words(" ... — ").is_empty());
        assert_eq!(words("Путин говорит"), ["путин", "говорит"]);
    }

    #[test]
    fn stopwords_are_recognized() {
        assert!(is_stopword("the"));
        assert!(is_stopword("which"));
        assert!(!is_stopword("kremlin"));
    }

    #[test]
    fn fold_strips_regular_plurals_only() {
        assert_eq!(fold("countries"), "country");
        assert_eq!(fold("leaders"), "leader");
        assert_eq!(fold("talks"), "talk");
        assert_eq!(fold("news"), "news");
        assert_eq!(fold("class"), "class");
        assert_eq!(fold("analysis"), "analysis");
        assert_eq!(fold("politics"), "politics");
        assert_eq!(fold("us"), "us");
        assert_eq!(fold("1990s"), "1990s");
    }

    #[test]
    fn prefix_stems_match_inflections_and_month_abbreviations() {
        assert_eq!(prefix_stem("reaffirmed"), prefix_stem("reaffirm"));
        assert_eq!(prefix_stem("Feb"), prefix_stem("february"));
        assert_eq!(prefix_stem("feb"), "februa");
        assert_eq!(prefix_stem("talks"), "talk");
        assert_eq!(prefix_stem("countries"), prefix_stem("country"));
        assert_ne!(prefix_stem("china"), prefix_stem("chinese"));
    }

    #[test]
    fn content_terms_drop_stopwords_and_fold() {
        assert_eq!(
            content_terms("How many countries did the leaders visit?"),
            ["country", "leader", "visit"]
        );
        assert!(content_terms("What was it?").is_empty());
    }

    #[test]
    fn jaccard_measures_set_overlap() {
        let set = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert!((jaccard(&set(&["a", "b"]), &set(&["b", "c"])) - 1.0 / 3.0).abs() < 1e-12);
        assert!(jaccard(&set(&[]), &set(&[])).abs() < 1e-12);
        assert!((jaccard(&set(&["x"]), &set(&["x"])) - 1.0).abs() < 1e-12);
    }
}
