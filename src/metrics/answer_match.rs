//! `answer_match`: goldeval's own answer-equivalence metric (not a reference port).
//!
//! A prediction matches when it **abstains on an unanswerable item**, or when it does not
//! abstain and **any** gold answer is equivalent to it under the first rule that applies, in
//! this order:
//!
//! 1. **text**: SQuAD-normalized texts are equal and non-empty;
//! 2. **quantity** (the gold mentions amounts, ordinals, dates, ranges or weekdays, parsed by
//!    [`crate::text::quantity`]): the prediction states every gold quantity (same value, same
//!    unit or no unit on one side; dates equal, a missing year filled from the publication
//!    date) and states no competing value of the same sort (another amount in the same unit,
//!    another date) — "$237 billion" = "US$237bn" = "The deal was worth 237 billion dollars",
//!    but not "between $200 billion and $237 billion";
//! 3. **words** (the gold has no quantity: entity-like answers): every content token of the
//!    gold (lowercased alphanumeric runs, articles dropped) appears in a short prediction (at
//!    most [`MAX_EXTRA_WORDS`] more tokens than the gold) — "President Xi Jinping" matches
//!    "Xi Jinping".
//!
//! **Abstention** ([`abstention`]): an explicit flag, a prediction that SQuAD-normalizes to ""
//! (`""`, `"The."`, `"?!"`), or a short prediction saying so ("unanswerable", "not stated",
//! "the documents do not say", "cannot answer", "unknown", ...). An abstention never matches
//! an answerable item.
//!
//! The words rule ignores function words in the gold ("in Red Square" = "on Red Square") and
//! folds regular plurals ("costs" = "cost").
//!
//! Limits, by design: the words rule is a containment test, so "not Moscow" contains
//! "Moscow"; an ordinal equals the unitless cardinal of the same value ("11th" = "11", since gold
//! lists accept "11" for "which trip was it?"); units other than currencies
//! and percent are content words ("300 people" = "300", ≠ "300 soldiers"); a competing value
//! must be of the same sort to block a match (a year next to a dollar amount does not).
//!
//! Every [`Decision`] carries an explanation: which gold answer matched and by which rule, or
//! why each failed. [`alternatives_agree`] checks that a gold item's alternative answers all
//! match each other (a dataset sanity check).

use crate::text::date::Date;
use crate::text::quantity::{self, equivalent, Parsed, Quantity};
use crate::text::squad_normalize::normalize_answer;
use crate::text::words::{fold, is_stopword};

/// How many more tokens than the gold answer a prediction may have for the words rule.
pub const MAX_EXTRA_WORDS: usize = 10;

/// Version of the `answer_match` rules; bumped whenever a decision could change.
pub const ANSWER_MATCH_VERSION: u32 = 1;

/// Predictions longer than this many tokens are never read as abstentions by phrase.
const MAX_ABSTENTION_WORDS: usize = 30;

/// Phrases (in loose-token form) that mark an abstention anywhere in a short prediction.
const ABSTENTION_PHRASES: &[&str] = &[
    "unanswerable",
    "not answerable",
    "cannot be answered",
    "can t be answered",
    "cannot answer",
    "can t answer",
    "cannot be determined",
    "can t be determined",
    "not stated",
    "not mentioned",
    "not specified",
    "not provided",
    "not given",
    "not known",
    "do not say",
    "does not say",
    "don t say",
    "doesn t say",
    "do not state",
    "does not state",
    "do not mention",
    "does not mention",
    "do not know",
    "don t know",
    "no answer",
    "not enough information",
    "insufficient information",
    "no information",
];

/// Whole predictions (loose-token form) that are abstentions.
const ABSTENTION_WHOLE: &[&str] = &["unknown", "none", "n a", "idk", "no idea"];

/// The outcome of matching one prediction against an item's gold answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// True when the prediction counts as correct.
    pub matched: bool,
    /// True when the prediction was read as an abstention.
    pub abstained: bool,
    /// Index of the gold answer that matched, if any.
    pub matched_answer: Option<usize>,
    /// Why: which gold matched and by which rule, or why none did.
    pub explanation: String,
}

/// Why a prediction counts as an abstention, or `None` when it answers.
pub fn abstention(prediction: &str, flagged: bool) -> Option<String> {
    abstention_of(
        &prediction.to_lowercase(),
        &normalize_answer(prediction),
        flagged,
    )
}

/// [`abstention`] given the prediction lowercased and SQuAD-normalized.
fn abstention_of(lower: &str, normalized: &str, flagged: bool) -> Option<String> {
    if flagged {
        return Some("abstain flag set".into());
    }
    if normalized.is_empty() {
        return Some("prediction is empty after normalization".into());
    }
    let tokens = loose_tokens(lower, false);
    if let Some(whole) = ABSTENTION_WHOLE
        .iter()
        .find(|p| p.split(' ').eq(tokens.iter().copied()))
    {
        return Some(format!("prediction is \"{whole}\""));
    }
    if tokens.len() > MAX_ABSTENTION_WORDS {
        return None;
    }
    (0..tokens.len())
        .filter(|&i| starts_a_phrase(tokens[i]))
        .find_map(|i| {
            ABSTENTION_PHRASES
                .iter()
                .find(|p| starts_with_phrase(&tokens[i..], p))
        })
        .map(|p| format!("prediction says \"{p}\""))
}

/// True when `word` is the first word of some abstention phrase (a cheap filter).
fn starts_a_phrase(word: &str) -> bool {
    matches!(
        word,
        "unanswerable"
            | "not"
            | "cannot"
            | "can"
            | "do"
            | "does"
            | "don"
            | "doesn"
            | "no"
            | "insufficient"
    )
}

/// True when `tokens` begins with the space-separated words of `phrase`.
fn starts_with_phrase(tokens: &[&str], phrase: &str) -> bool {
    let mut words = phrase.split(' ');
    let mut rest = tokens.iter();
    words.all(|w| rest.next() == Some(&w))
}

/// Alphanumeric runs of already-lowercased text; with `drop_articles`, without `a`, `an`,
/// `the`.
fn loose_tokens(lower: &str, drop_articles: bool) -> Vec<&str> {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .filter(|t| !drop_articles || !matches!(*t, "a" | "an" | "the"))
        .collect()
}

/// Matches `prediction` against `answers` (empty = unanswerable).
pub fn answer_match<S: AsRef<str>>(
    prediction: &str,
    answers: &[S],
    abstain_flag: bool,
    publication: Option<Date>,
) -> Decision {
    let normalized = normalize_answer(prediction);
    let lower = prediction.to_lowercase();
    let abstained = abstention_of(&lower, &normalized, abstain_flag);
    if answers.is_empty() {
        let (matched, explanation) = match &abstained {
            Some(why) => (true, format!("unanswerable question; abstained ({why})")),
            None => (
                false,
                "unanswerable question, but the prediction answers it".into(),
            ),
        };
        return Decision {
            matched,
            abstained: abstained.is_some(),
            matched_answer: None,
            explanation,
        };
    }
    if let Some(why) = abstained {
        return Decision {
            matched: false,
            abstained: true,
            matched_answer: None,
            explanation: format!("abstained ({why}) on an answerable question"),
        };
    }
    let pred = Prediction::new(lower, normalized, publication);
    let mut reasons = Vec::new();
    for (i, gold) in answers.iter().enumerate() {
        let gold = gold.as_ref();
        match match_one(&pred, gold, publication) {
            Ok(why) => {
                return Decision {
                    matched: true,
                    abstained: false,
                    matched_answer: Some(i),
                    explanation: format!("matches gold \"{gold}\": {why}"),
                }
            }
            Err(why) => reasons.push(format!("\"{gold}\": {why}")),
        }
    }
    Decision {
        matched: false,
        abstained: false,
        matched_answer: None,
        explanation: format!("no gold answer matches ({})", reasons.join("; ")),
    }
}

/// A prediction read once for all gold answers.
struct Prediction {
    normalized: String,
    parsed: Parsed,
    lower: String,
}

impl Prediction {
    fn new(lower: String, normalized: String, publication: Option<Date>) -> Self {
        Prediction {
            normalized,
            parsed: quantity::parse_lowercase(&lower, publication),
            lower,
        }
    }
}

fn list(quantities: &[Quantity]) -> String {
    let items: Vec<String> = quantities.iter().map(ToString::to_string).collect();
    items.join(", ")
}

/// One gold answer against the prediction: `Ok(rule and reason)` or `Err(why not)`.
fn match_one(pred: &Prediction, gold: &str, publication: Option<Date>) -> Result<String, String> {
    let gold_norm = normalize_answer(gold);
    if !gold_norm.is_empty() && gold_norm == pred.normalized {
        return Ok("text: equal after SQuAD normalization".into());
    }
    let gold_parsed = quantity::parse(gold, publication);
    if !gold_parsed.quantities.is_empty() {
        return match_quantities(pred, &gold_parsed);
    }
    match_words(pred, gold)
}

fn match_quantities(pred: &Prediction, gold: &Parsed) -> Result<String, String> {
    let want = list(&gold.quantities);
    if equivalent(&pred.parsed, gold) {
        return Ok(format!("quantity: both state {want}"));
    }
    let stated = &pred.parsed.quantities;
    let mut used = vec![false; stated.len()];
    for g in &gold.quantities {
        let found = (0..stated.len()).find(|&j| !used[j] && stated[j].same_as(g));
        match found {
            Some(j) => used[j] = true,
            None if stated.is_empty() => {
                return Err(format!(
                    "quantity: gold states {want}; prediction states none"
                ))
            }
            None => {
                return Err(format!(
                    "quantity: gold states {want}; prediction states {}",
                    list(stated)
                ))
            }
        }
    }
    let competing: Vec<Quantity> = stated
        .iter()
        .zip(&used)
        .filter(|(q, used)| !**used && gold.quantities.iter().any(|g| q.competes_with(g)))
        .map(|(q, _)| *q)
        .collect();
    if competing.is_empty() {
        Ok(format!("quantity: prediction states {want}"))
    } else {
        Err(format!(
            "quantity: prediction states {want} but also {}",
            list(&competing)
        ))
    }
}

fn match_words(pred: &Prediction, gold: &str) -> Result<String, String> {
    let gold_lower = gold.to_lowercase();
    let gold_tokens = content_words(&gold_lower);
    if gold_tokens.is_empty() {
        return Err("words: gold has no content words".into());
    }
    let pred_tokens: Vec<String> = loose_tokens(&pred.lower, true)
        .into_iter()
        .map(fold)
        .collect();
    let missing: Vec<&str> = gold_tokens
        .iter()
        .filter(|t| !pred_tokens.contains(t))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(format!("words: prediction lacks {}", missing.join(" ")));
    }
    let limit = gold_tokens.len() + MAX_EXTRA_WORDS;
    if pred_tokens.len() > limit {
        return Err(format!(
            "words: all gold words present but the prediction has {} words (limit {limit})",
            pred_tokens.len()
        ));
    }
    Ok("words: every gold word appears in a short prediction".into())
}

/// The gold's words that must appear: function words ("in", "on", "of") are dropped unless
/// nothing else is left, and regular plurals are folded ("costs" = "cost").
fn content_words(gold_lower: &str) -> Vec<String> {
    let tokens = loose_tokens(gold_lower, true);
    let content: Vec<&str> = tokens.iter().copied().filter(|t| !is_stopword(t)).collect();
    let kept = if content.is_empty() { tokens } else { content };
    kept.into_iter().map(fold).collect()
}

/// Checks that every pair of alternative gold answers matches in at least one direction
/// (`answer_match(a, [b])` or `answer_match(b, [a])`); returns every pair that does not, with
/// the explanation, as `(i, j, explanation)`.
pub fn alternatives_agree<S: AsRef<str>>(
    answers: &[S],
    publication: Option<Date>,
) -> Vec<(usize, usize, String)> {
    let mut problems = Vec::new();
    for i in 0..answers.len() {
        for j in i + 1..answers.len() {
            let (a, b) = (answers[i].as_ref(), answers[j].as_ref());
            let forward = answer_match(a, &[b], false, publication);
            if forward.matched || answer_match(b, &[a], false, publication).matched {
                continue;
            }
            problems.push((i, j, forward.explanation));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pred: &str, answers: &[&str]) -> Decision {
        answer_match(pred, answers, false, None)
    }

    #[test]
    fn the_issue_examples_match() {
        assert!(m("$237 billion", &["237 billion dollars"]).matched);
        assert!(m("US$237bn", &["$237 billion"]).matched);
        assert!(m("May 7-10, 2025", &["7 to 10 May 2025"]).matched);
        assert!(m("11th", &["eleventh"]).matched);
    }

    #[test]
    fn quantity_inside_a_sentence_and_competing_values() {
        let d = m(
            "The deal was worth 237 billion dollars in 2025.",
            &["US$237bn"],
        );
        assert!(d.matched, "{}", d.explanation);
        assert!(d
            .explanation
            .contains("quantity: prediction states USD 237,000,000,000"));
        let d = m("between $200 billion and $237 billion", &["$237 billion"]);
        assert!(!d.matched);
        assert!(
            d.explanation.contains("but also USD 200,000,000,000"),
            "{}",
            d.explanation
        );
        let d = m("$237 million", &["$237 billion"]);
        assert!(!d.matched);
        assert!(
            d.explanation.contains("prediction states USD 237,000,000"),
            "{}",
            d.explanation
        );
    }

    #[test]
    fn dates_use_the_publication_year() {
        let pubdate = Date::parse_iso("2025-05-09");
        assert!(answer_match("May 7", &["7 May 2025"], false, pubdate).matched);
        assert!(!answer_match("May 7", &["7 May 2024"], false, pubdate).matched);
        assert!(answer_match("on Wednesday, 7 May", &["May 7, 2025"], false, pubdate).matched);
    }

    #[test]
    fn words_rule_for_entities() {
        let d = m("President Xi Jinping", &["Xi Jinping"]);
        assert!(
            d.matched && d.explanation.contains("words:"),
            "{}",
            d.explanation
        );
        let d = m("Xi", &["Xi Jinping"]);
        assert!(
            !d.matched && d.explanation.contains("lacks jinping"),
            "{}",
            d.explanation
        );
        let long = format!("Xi Jinping {}", "and more ".repeat(10));
        assert!(!m(&long, &["Xi Jinping"]).matched);
        let d = m("the Kremlin", &["Moscow", "Kremlin"]);
        assert_eq!(d.matched_answer, Some(1));
        assert!(d.explanation.starts_with("matches gold \"Kremlin\": text"));
    }

    #[test]
    fn the_phrase_filter_knows_every_first_word() {
        for phrase in ABSTENTION_PHRASES {
            let first = phrase.split(' ').next().unwrap();
            assert!(starts_a_phrase(first), "{phrase}");
        }
    }

    #[test]
    fn abstentions() {
        for text in [
            "",
            "The.",
            "Unanswerable",
            "This is not stated in the documents.",
            "The documents do not say.",
            "I cannot answer that.",
            "Unknown",
            "N/A",
            "The documents don’t say",
        ] {
            assert!(abstention(text, false).is_some(), "{text}");
        }
        assert!(abstention("Moscow", false).is_none());
        assert!(abstention("Moscow", true).is_some());
        let d = m("not stated", &[]);
        assert!(d.matched && d.abstained, "{}", d.explanation);
        let d = m("Moscow", &[]);
        assert!(!d.matched && !d.abstained);
        let d = m("not stated", &["Moscow"]);
        assert!(!d.matched && d.abstained);
        assert!(d.explanation.contains("answerable question"));
    }

    #[test]
    fn alternatives_check_reports_disagreeing_pairs() {
        assert!(
            alternatives_agree(&["$237 billion", "US$237bn", "237 billion dollars"], None)
                .is_empty()
        );
        let problems = alternatives_agree(&["May 7", "May 8"], None);
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].0, problems[0].1), (0, 1));
    }
}
