//! `answer_match`: goldeval's own answer-equivalence metric (not a reference port).
//!
//! A prediction matches when it **abstains on an unanswerable item**, or when it does not
//! abstain and **any** gold answer is equivalent to it under the first rule that applies, in
//! this order:
//!
//! 1. **text**: SQuAD-normalized texts are equal and non-empty;
//! 2. **quantity** (the gold mentions amounts, ordinals, dates, ranges or weekdays, parsed by
//!    [`crate::text::quantity`]): the prediction states every gold quantity (same value, same
//!    unit or no unit on one side, units of time converted; dates equal; the same bound, see
//!    below) and states no competing value of the same sort (another amount in the same unit,
//!    another date, a weekday the stated date does not fall on) — "$237 billion" = "US$237bn" =
//!    "The deal was worth 237 billion dollars", "three days" = "72 hours", but not "between
//!    $200 billion and $237 billion";
//! 3. **words** (the gold has no quantity: entity-like answers): every content token of the
//!    gold (lowercased alphanumeric runs, articles dropped) appears in a short prediction (at
//!    most [`MAX_EXTRA_WORDS`] more tokens than the gold) — "President Xi Jinping" matches
//!    "Xi Jinping".
//!
//! **Bounds** ([`Bound`]): a gold "more than two dozen", "at least 155", "nearly 40" or "about
//! 300" is matched only by the same bound or a synonym ("over 24", "155 or more", "almost
//! 40", "around 300"), never by the bare number. A bare gold number is matched by the number
//! or a hedge on it ("about $237 billion" names the value), not by a one-sided bound ("more
//! than $237 billion", "nearly $237 billion" say the value is something else).
//!
//! **Several accepted answers** (conflict items, where sources disagree and every claim is an
//! accepted answer): a value that another accepted answer states never competes, so an answer
//! naming either claim or both ("October or September 2024") is correct, and one adding a
//! value no answer states ("October or May 2024") is not.
//!
//! **Dates without a year** (in the gold or the prediction) take the year the question names,
//! when it names exactly one ("in which month of 2024 …?": "October" is October 2024), and
//! otherwise the year of the item's publication date ([`quantity::year_basis`]).
//!
//! **Abstention** ([`abstention`]): an explicit flag, a prediction that SQuAD-normalizes to ""
//! (`""`, `"The."`, `"?!"`), or a short prediction saying so ("unanswerable", "not stated",
//! "the documents do not say", "cannot answer", "unknown", ...). An abstention never matches
//! an answerable item.
//!
//! The words rule ignores function words in the gold ("in Red Square" = "on Red Square") but
//! not negations ("no limits" ≠ "limits"), folds regular plurals ("costs" = "cost") and reads Roman numerals from II to IX as digits
//! ("Power of Siberia II" = "Power of Siberia 2"; not I, V or X, which are words too).
//!
//! Limits, by design: the words rule is a containment test, so "not Moscow" contains
//! "Moscow"; an ordinal equals the unitless cardinal of the same value ("11th" = "11", since gold
//! lists accept "11" for "which trip was it?"); units other than currencies, percent and
//! fixed units of time are content words ("300 people" = "300", ≠ "300 soldiers"; months and
//! years vary in length and are not converted); a competing value must be of the same sort to
//! block a match (a year next to a dollar amount does not); bounds are compared by kind, not
//! by arithmetic ("more than 24" ≠ "at least 25").
//!
//! Every [`Decision`] carries an explanation: which gold answer matched and by which rule, or
//! why each failed. [`alternatives_agree`] checks that a gold item's alternative answers all
//! match each other (a dataset sanity check), and [`support_in`] finds the span of a source
//! text that a gold answer matches (the dataset validator's evidence check).

use std::ops::Range;

use crate::text::date::Date;
use crate::text::quantity::{self, assign, Bound, Parsed, Quantity};
use crate::text::squad_normalize::normalize_answer;
use crate::text::words::{fold, is_stopword};

/// How many more tokens than the gold answer a prediction may have for the words rule.
pub const MAX_EXTRA_WORDS: usize = 10;

/// Version of the `answer_match` rules; bumped whenever a decision could change. 2 (issue
/// 14): bounds, units of time, the question's year, values of other accepted answers never
/// compete, names in a gold with a number, negations in the words rule.
pub const ANSWER_MATCH_VERSION: u32 = 2;

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

/// Matches `prediction` against `answers` (empty = unanswerable). Dates written without a
/// year take the year `question` names, when it names exactly one, and otherwise
/// `publication`'s ([`quantity::year_basis`]).
///
/// ```
/// use goldeval::answer_match;
///
/// let d = answer_match("US$237bn", &["$237 billion"], false, None, None);
/// assert!(d.matched, "{}", d.explanation);
/// let d = answer_match("$327 billion", &["$237 billion"], false, None, None);
/// assert!(!d.matched);
/// // A bound is part of the value.
/// assert!(!answer_match("24", &["more than two dozen"], false, None, None).matched);
/// // Either claim of a conflict, or both; a yearless month takes the question's year.
/// let claims = ["October 2024", "September 2024"];
/// let asked = Some("In which month of 2024 was Xi last in Russia?");
/// assert!(answer_match("October or September 2024", &claims, false, None, asked).matched);
/// assert!(answer_match("October", &claims, false, None, asked).matched);
/// // An abstention is the right answer only to a question with no answer.
/// assert!(answer_match("not stated", &[] as &[&str], false, None, None).matched);
/// assert!(answer_match("", &["Moscow"], true, None, None).abstained);
/// ```
pub fn answer_match<S: AsRef<str>>(
    prediction: &str,
    answers: &[S],
    abstain_flag: bool,
    publication: Option<Date>,
    question: Option<&str>,
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
    let mut golds = Golds::new(answers, publication, question);
    if !golds.year_note.is_empty() && !golds.yearless && !has_yearless_date(&lower) {
        golds.year_note.clear();
    }
    let pred = Prediction::new(lower, normalized, golds.basis);
    let mut reasons = Vec::new();
    for (i, gold) in answers.iter().enumerate() {
        let gold = gold.as_ref();
        match match_one(&pred, gold, &golds.parsed[i], &golds) {
            Ok(why) => {
                return Decision {
                    matched: true,
                    abstained: false,
                    matched_answer: Some(i),
                    explanation: format!("matches gold \"{gold}\": {why}{}", golds.year_note),
                }
            }
            Err(why) => reasons.push(format!("\"{gold}\": {why}")),
        }
    }
    Decision {
        matched: false,
        abstained: false,
        matched_answer: None,
        explanation: format!(
            "no gold answer matches ({}){}",
            reasons.join("; "),
            golds.year_note
        ),
    }
}

/// An item's gold answers read once: each answer's quantities, every value any answer
/// states (none of them competes), and the date that fills missing years.
struct Golds {
    parsed: Vec<Parsed>,
    accepted: Vec<Quantity>,
    basis: Option<Date>,
    /// Appended to explanations when the question's year replaced the publication year.
    year_note: String,
    /// Some answer has a date written without a year.
    yearless: bool,
}

/// Whether `text` has a date written without a year.
fn has_yearless_date(text: &str) -> bool {
    quantity::parse(text, None)
        .quantities
        .iter()
        .any(|q| match q {
            Quantity::Date(d) => d.year.is_none(),
            Quantity::DateRange { start, end } => start.year.is_none() || end.year.is_none(),
            _ => false,
        })
}

impl Golds {
    fn new<S: AsRef<str>>(
        answers: &[S],
        publication: Option<Date>,
        question: Option<&str>,
    ) -> Self {
        let basis = quantity::year_basis(question, publication);
        let year_note = match (basis.and_then(|d| d.year), publication.and_then(|d| d.year)) {
            (Some(asked), published) if published != Some(asked) => {
                format!(" [dates without a year read as {asked}, the year the question names]")
            }
            _ => String::new(),
        };
        let parsed: Vec<Parsed> = answers
            .iter()
            .map(|a| quantity::parse(a.as_ref(), basis))
            .collect();
        let accepted = parsed.iter().flat_map(|p| p.quantities.clone()).collect();
        let yearless =
            !year_note.is_empty() && answers.iter().any(|a| has_yearless_date(a.as_ref()));
        Golds {
            parsed,
            accepted,
            basis,
            year_note,
            yearless,
        }
    }
}

/// A prediction read once for all gold answers.
struct Prediction {
    normalized: String,
    parsed: Parsed,
    lower: String,
}

impl Prediction {
    fn new(lower: String, normalized: String, basis: Option<Date>) -> Self {
        Prediction {
            normalized,
            parsed: quantity::parse_lowercase(&lower, basis),
            lower,
        }
    }
}

fn list(quantities: &[Quantity]) -> String {
    let items: Vec<String> = quantities.iter().map(ToString::to_string).collect();
    items.join(", ")
}

/// One gold answer against the prediction: `Ok(rule and reason)` or `Err(why not)`.
fn match_one(
    pred: &Prediction,
    gold: &str,
    gold_parsed: &Parsed,
    golds: &Golds,
) -> Result<String, String> {
    let gold_norm = normalize_answer(gold);
    if !gold_norm.is_empty() && gold_norm == pred.normalized {
        return Ok("text: equal after SQuAD normalization".into());
    }
    if !gold_parsed.quantities.is_empty() {
        let found = match_quantities(pred, gold_parsed, &golds.accepted)?;
        return match_names(pred, gold, golds.basis).map(|()| found);
    }
    match_words(pred, gold)
}

/// The quantity rule: every gold quantity answered by a distinct stated one
/// ([`Quantity::answers`]: same value and bound), and no other stated value that competes
/// with a gold one unless some accepted answer states it (`accepted`).
fn match_quantities(
    pred: &Prediction,
    gold: &Parsed,
    accepted: &[Quantity],
) -> Result<String, String> {
    let want = list(&gold.quantities);
    let stated = &pred.parsed.quantities;
    if stated.is_empty() {
        return Err(format!(
            "quantity: gold states {want}; prediction states none"
        ));
    }
    let Some(chosen) = assign(&gold.quantities, stated, Quantity::answers) else {
        return Err(format!(
            "quantity: gold states {want}; prediction states {}{}",
            list(stated),
            bound_note(&gold.quantities, stated)
        ));
    };
    let competing: Vec<Quantity> = stated
        .iter()
        .enumerate()
        .filter(|(j, q)| {
            !chosen.contains(j)
                && gold.quantities.iter().any(|g| q.competes_with(g))
                && !accepted.iter().any(|a| q.answers(a))
        })
        .map(|(_, q)| *q)
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

/// The quantity rule's second half: the capitalized words of the gold outside its quantities
/// (the name in "Power of Siberia 2") must appear in the prediction, so a bare "2" does not
/// answer it.
fn match_names(pred: &Prediction, gold: &str, basis: Option<Date>) -> Result<(), String> {
    let spans: Vec<Range<usize>> = quantity::located(gold, basis)
        .into_iter()
        .map(|l| l.span)
        .collect();
    let pred_tokens: Vec<String> = loose_tokens(&pred.lower, true)
        .into_iter()
        .map(fold_word)
        .collect();
    let missing: Vec<String> = word_spans(gold)
        .into_iter()
        .filter(|w| !spans.iter().any(|q| q.start <= w.start && w.end <= q.end))
        .flat_map(|w| {
            let lower = gold[w.clone()].to_lowercase();
            let capitalized = gold[w].starts_with(char::is_uppercase);
            loose_tokens(&lower, false)
                .into_iter()
                .filter(move |_| capitalized)
                .map(fold_word)
                .collect::<Vec<_>>()
        })
        .filter(|name| !pred_tokens.contains(name))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "quantity: the prediction states the value but lacks the name words {}",
            missing.join(" ")
        ))
    }
}

/// When a stated value equals a gold value but its bound differs, says so.
fn bound_note(gold: &[Quantity], stated: &[Quantity]) -> String {
    let exact = |q: &Quantity| match *q {
        Quantity::Amount { value, unit, .. } => Quantity::Amount {
            value,
            unit,
            bound: Bound::Exact,
        },
        other => other,
    };
    gold.iter()
        .find_map(|g| {
            let s = stated
                .iter()
                .find(|s| !s.answers(g) && exact(s).answers(&exact(g)))?;
            Some(format!(
                " (\"{s}\" does not answer \"{g}\": the bound is part of the value)"
            ))
        })
        .unwrap_or_default()
}

fn match_words(pred: &Prediction, gold: &str) -> Result<String, String> {
    let gold_lower = gold.to_lowercase();
    let gold_tokens = content_words(&gold_lower);
    if gold_tokens.is_empty() {
        return Err("words: gold has no content words".into());
    }
    let pred_tokens: Vec<String> = loose_tokens(&pred.lower, true)
        .into_iter()
        .map(fold_word)
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
/// nothing else is left, negations are kept ("no limits" needs the "no"), and regular plurals
/// are folded ("costs" = "cost").
fn content_words(gold_lower: &str) -> Vec<String> {
    let tokens = loose_tokens(gold_lower, true);
    let negation = |t: &str| matches!(t, "no" | "not" | "never" | "without");
    let content: Vec<&str> = tokens
        .iter()
        .copied()
        .filter(|t| negation(t) || !is_stopword(t))
        .collect();
    let kept = if content.is_empty() { tokens } else { content };
    kept.into_iter().map(fold_word).collect()
}

/// [`fold`], and Roman numerals II–IX as digits ("Power of Siberia II" = "… 2"); I, V and X
/// are left alone because they are also words and letters.
fn fold_word(word: &str) -> String {
    const ROMAN: [&str; 8] = ["ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    match ROMAN.iter().position(|r| *r == word) {
        Some(i) if word != "v" => (i + 2).to_string(),
        _ => fold(word),
    }
}

/// Checks that every pair of alternative gold answers matches in at least one direction
/// (`answer_match(a, [b])` or `answer_match(b, [a])`); returns every pair that does not, with
/// the explanation, as `(i, j, explanation)`.
pub fn alternatives_agree<S: AsRef<str>>(
    answers: &[S],
    publication: Option<Date>,
    question: Option<&str>,
) -> Vec<(usize, usize, String)> {
    let mut problems = Vec::new();
    for i in 0..answers.len() {
        for j in i + 1..answers.len() {
            let (a, b) = (answers[i].as_ref(), answers[j].as_ref());
            let forward = answer_match(a, &[b], false, publication, question);
            if forward.matched || answer_match(b, &[a], false, publication, question).matched {
                continue;
            }
            problems.push((i, j, forward.explanation));
        }
    }
    problems
}

/// Where a source text states a gold answer: the span that `answer_match` accepts as a
/// prediction for that gold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Support {
    /// Byte range in the source.
    pub span: Range<usize>,
    /// `answer_match`'s explanation for the span.
    pub explanation: String,
}

/// Finds a span of `source` that [`answer_match`] matches against `gold` alone (same
/// `publication` and `question`), trying the rules in `answer_match`'s order: a span equal to
/// the gold after SQuAD normalization; the shortest run of the source's quantities that
/// states the gold's (`"Jan. 21"` for `"January 21"`); for a gold without quantities, the
/// shortest run of words that contains the gold's content words. A span never cuts through a
/// quantity of the source (`"two dozen"` is not a span of `"more than two dozen"`). `None`
/// when no span matches.
pub fn support_in(
    gold: &str,
    source: &str,
    publication: Option<Date>,
    question: Option<&str>,
) -> Option<Support> {
    let basis = quantity::year_basis(question, publication);
    let found = quantity::located(source, basis);
    let accepts = |span: &Range<usize>| {
        let cuts = |q: &Range<usize>| {
            q.start < span.end
                && span.start < q.end
                && !(span.start <= q.start && q.end <= span.end)
        };
        if found.iter().any(|l| cuts(&l.span)) {
            return None;
        }
        let d = answer_match(&source[span.clone()], &[gold], false, publication, question);
        d.matched.then(|| Support {
            span: span.clone(),
            explanation: d.explanation,
        })
    };
    let words = word_spans(source);
    let gold_words = normalize_answer(gold).split(' ').count();
    let text = windows(&words, gold_words + 4)
        .filter(|span| normalize_answer(&source[span.clone()]) == normalize_answer(gold))
        .find_map(|span| accepts(&trim_punctuation(source, span)));
    if text.is_some() {
        return text;
    }
    let wanted = quantity::parse(gold, basis).quantities;
    let useful = |l: &quantity::Located| wanted.iter().any(|w| l.quantity.answers(w));
    let by_quantities = (0..found.len())
        .filter(|&i| useful(&found[i]))
        .find_map(|first| {
            let mut pool = Vec::new();
            found[first..].iter().find_map(|l| {
                pool.push(l.quantity);
                assign(&wanted, &pool, Quantity::answers)?;
                accepts(&(found[first].span.start..l.span.end))
            })
        });
    if by_quantities.is_some() {
        return by_quantities;
    }
    let content = content_words(&gold.to_lowercase());
    let limit = normalize_answer(gold).split(' ').count() + MAX_EXTRA_WORDS;
    let found = windows(&words, limit)
        .filter(|span| {
            let lower = source[span.clone()].to_lowercase();
            let first = loose_tokens(&lower, true).first().map(|w| fold_word(w));
            first.is_some_and(|w| content.contains(&w))
                || found.iter().any(|l| l.span.start == span.start)
        })
        .find_map(|span| accepts(&trim_punctuation(source, span)));
    found
}

/// The byte ranges of the whitespace-separated words of `text`.
fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                spans.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push(s..text.len());
    }
    spans
}

/// Every run of 1 to `longest` consecutive words: all runs of one word, left to right, then
/// all runs of two, and so on (so the first match is a shortest one).
fn windows(words: &[Range<usize>], longest: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    (1..=longest.min(words.len())).flat_map(move |n| {
        words
            .windows(n)
            .map(|run| run[0].start..run[run.len() - 1].end)
    })
}

/// `span` without the quotes and punctuation at its edges (`"dear friend."` → `dear friend`).
fn trim_punctuation(text: &str, span: Range<usize>) -> Range<usize> {
    let edge = |c: char| !c.is_alphanumeric() && !matches!(c, '$' | '€' | '£' | '¥' | '₽' | '%');
    let inner = &text[span.clone()];
    let start = span.start + (inner.len() - inner.trim_start_matches(edge).len());
    let end = span.end - (inner.len() - inner.trim_end_matches(edge).len());
    if start < end {
        start..end
    } else {
        span
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pred: &str, answers: &[&str]) -> Decision {
        answer_match(pred, answers, false, None, None)
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
        let dated = |pred: &str, gold: &str| answer_match(pred, &[gold], false, pubdate, None);
        assert!(dated("May 7", "7 May 2025").matched);
        assert!(!dated("May 7", "7 May 2024").matched);
        assert!(dated("on Wednesday, 7 May", "May 7, 2025").matched);
        let d = dated("on Thursday, 7 May", "May 7, 2025");
        assert!(
            !d.matched && d.explanation.contains("but also thursday"),
            "May 7, 2025 is a Wednesday: {}",
            d.explanation
        );
        assert!(dated("Thursday, May 8", "Thursday").matched);
        assert!(!dated("Thursday, May 9", "Thursday").matched);
    }

    // Issue 14: the year to fill in comes from the question when it names one.
    #[test]
    fn dates_use_the_year_the_question_names() {
        let pubdate = Date::parse_iso("2025-05-06");
        let asked = Some("In which month of 2024 was Xi last in Russia?");
        let d = answer_match("October", &["October 2024"], false, pubdate, asked);
        assert!(d.matched, "{}", d.explanation);
        assert!(
            d.explanation
                .ends_with("[dates without a year read as 2024, the year the question names]"),
            "{}",
            d.explanation
        );
        assert!(!answer_match("October", &["October 2024"], false, pubdate, None).matched);
        let two_years = Some("Between March 2023 and May 2025, when?");
        assert!(!answer_match("October", &["October 2024"], false, pubdate, two_years).matched);
        let d = answer_match("October 2025", &["October 2024"], false, pubdate, asked);
        assert!(!d.matched, "a year written in the prediction stays");
    }

    // Issue 14: a bounded gold is matched only by the same bound (or a synonym).
    #[test]
    fn bounds_in_the_gold_must_be_stated() {
        let gold = ["more than two dozen"];
        for pred in [
            "more than two dozen",
            "over 24",
            "more than 24 world leaders",
        ] {
            let d = m(pred, &gold);
            assert!(d.matched, "{pred}: {}", d.explanation);
        }
        for pred in ["24", "two dozen", "at least 24", "about two dozen", "25"] {
            let d = m(pred, &gold);
            assert!(!d.matched, "{pred}: {}", d.explanation);
        }
        let d = m("24", &gold);
        assert!(
            d.explanation.contains(
                "\"24\" does not answer \"more than 24\": the bound is part of the value"
            ),
            "{}",
            d.explanation
        );
        assert!(m("155 or more", &["at least 155"]).matched);
        assert!(!m("155", &["at least 155"]).matched);
        assert!(!m("40", &["nearly 40"]).matched);
        assert!(m("almost forty", &["nearly 40"]).matched);
        assert!(!m("300", &["about 300"]).matched);
        assert!(m("around 300", &["about 300"]).matched);
        // A bare gold: a hedge names the value, a one-sided bound does not.
        assert!(m("about $237 billion", &["$237 billion"]).matched);
        assert!(!m("more than $237 billion", &["$237 billion"]).matched);
        assert!(!m("nearly $237 billion", &["$237 billion"]).matched);
    }

    // Issue 14: an answer naming either claim of a conflict is correct, and so is one naming
    // both; a value no accepted answer states still competes.
    #[test]
    fn either_or_both_claims_of_a_conflict_match() {
        let pubdate = Date::parse_iso("2025-05-06");
        let asked = Some("According to the reports, in which month of 2024 was Xi last in Russia?");
        let claims = ["October 2024", "September 2024"];
        let check = |pred: &str| answer_match(pred, &claims, false, pubdate, asked);
        for pred in [
            "October 2024",
            "September 2024",
            "October or September 2024",
            "October 2024 or September 2024",
            "October",
            "in September",
            "Reports differ: October 2024 (Kazan) or September 2024.",
        ] {
            let d = check(pred);
            assert!(d.matched, "{pred}: {}", d.explanation);
        }
        for pred in ["May 2024", "October or May 2024", "October 2025", "2024"] {
            let d = check(pred);
            assert!(!d.matched, "{pred}: {}", d.explanation);
        }
        let d = check("October or May 2024");
        assert!(
            d.explanation.contains("but also May 2024"),
            "{}",
            d.explanation
        );
    }

    // Issue 14: common forms of qa-010, qa-036 and qa-049.
    #[test]
    fn units_of_time_and_numbered_names() {
        assert!(m("72 hours", &["three days"]).matched);
        assert!(m("a three-day ceasefire", &["72 hours"]).matched);
        assert!(!m("three hours", &["three days"]).matched);
        assert!(m("the next day", &["one day"]).matched);
        assert!(m("a day later", &["one day"]).matched);
        assert!(m("Power of Siberia 2", &["Power of Siberia II"]).matched);
        assert!(!m("Power of Siberia 3", &["Power of Siberia II"]).matched);
        assert!(m("the Power of Siberia-2 pipeline", &["Power of Siberia 2"]).matched);
        let d = m("2", &["Power of Siberia 2"]);
        assert!(
            !d.matched && d.explanation.contains("lacks the name words power siberia"),
            "{}",
            d.explanation
        );
        assert!(
            m("2", &["two soldiers"]).matched,
            "lowercase words are not names"
        );
        assert!(m("Xi", &["Xi"]).matched);
        assert!(m("a no-limits partnership", &["no limits"]).matched);
        assert!(
            !m("limits", &["no limits"]).matched,
            "a negation is content"
        );
    }

    #[test]
    fn support_points_at_the_span_answer_match_accepts() {
        let pubdate = Date::parse_iso("2025-05-06");
        let text = "They spoke by video call on Jan. 21, one day after Trump's return. \
                    More than two dozen leaders and \"dear friends\" came.";
        let span =
            |gold: &str| support_in(gold, text, pubdate, None).map(|s| text[s.span].to_string());
        assert_eq!(span("January 21").as_deref(), Some("Jan. 21"));
        assert_eq!(span("January 21, 2025").as_deref(), Some("Jan. 21"));
        assert_eq!(span("the next day").as_deref(), Some("one day"));
        assert_eq!(
            span("over two dozen").as_deref(),
            Some("More than two dozen")
        );
        assert_eq!(span("two dozen"), None, "the text says more than two dozen");
        assert_eq!(span("dear friend").as_deref(), Some("dear friends"));
        assert_eq!(span("Video call").as_deref(), Some("video call"));
        assert_eq!(span("January 22"), None);
        assert_eq!(span("Lavrov"), None);
        let s = support_in("January 21", text, pubdate, None).unwrap();
        assert!(s.explanation.contains("quantity"), "{}", s.explanation);
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
        assert!(alternatives_agree(
            &["$237 billion", "US$237bn", "237 billion dollars"],
            None,
            None
        )
        .is_empty());
        let problems = alternatives_agree(&["May 7", "May 8"], None, None);
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].0, problems[0].1), (0, 1));
    }
}
