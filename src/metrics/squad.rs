//! SQuAD v2.0 exact match and F1, mirroring the official v2.0 evaluation script and
//! `transformers.data.metrics.squad_metrics` 4.57.6 (`reference/metrics-spec.md` §2.2–2.4).
//!
//! Per item ([`score`]):
//! - the gold list keeps the answers whose normalization is non-empty, or is `[""]` when none
//!   remain; `has_answer` is decided on the raw list (`answers: []` is unanswerable);
//! - EM is `normalize(gold) == normalize(prediction)` and F1 is the token-multiset F1, each
//!   maxed over the gold list; F1 is 1 when both token lists are empty and 0 when one is.
//!
//! Aggregation ([`aggregate`]) follows `squad_evaluate`: a no-answer probability above the
//! threshold (strict `>`, default 1.0) turns a score into `has_answer ? 0 : 1`; overall, HasAns
//! and NoAns are `100.0 * sum / total` with sums in input order (plain sequential addition,
//! as CPython 3.11's `sum`; 3.12 compensates); HasAns/NoAns are omitted when empty; the
//! best-threshold walk always runs (transformers' behaviour; the official script only runs it
//! with a na-prob file), with all-zero probabilities when none are given.
//!
//! Missing predictions: goldeval requires one prediction per item. The official v2 script
//! skips a missing one in the overall total and then raises `KeyError` in the HasAns/NoAns
//! breakdown, so there is no official number to match; an item whose backend produced nothing
//! is an errored item upstream, never a silent 0 here.

use serde::Serialize;

use crate::text::squad_normalize::normalize_answer;

/// One item's SQuAD v2 sufficient statistics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SquadScore {
    /// 1.0 when the prediction equals some gold answer after normalization, else 0.0.
    pub exact_match: f64,
    /// The best token F1 over the gold answers, in `[0, 1]`.
    pub f1: f64,
    /// False when the raw answer list is empty (an unanswerable question).
    pub has_answer: bool,
}

/// The gold answers v2 scores against: those that normalize to non-empty text, or `[""]`.
pub fn gold_answers<S: AsRef<str>>(answers: &[S]) -> Vec<&str> {
    let kept: Vec<&str> = answers
        .iter()
        .map(AsRef::as_ref)
        .filter(|a| !normalize_answer(a).is_empty())
        .collect();
    if kept.is_empty() {
        vec![""]
    } else {
        kept
    }
}

/// Exact match of `prediction` against `answers` (v2 gold filtering; 1.0 or 0.0).
pub fn exact_match<S: AsRef<str>>(prediction: &str, answers: &[S]) -> f64 {
    score(prediction, answers).exact_match
}

/// Token F1 of `prediction` against `answers` (v2 gold filtering and empty rules).
pub fn f1<S: AsRef<str>>(prediction: &str, answers: &[S]) -> f64 {
    score(prediction, answers).f1
}

/// Scores one prediction against its raw gold answers.
pub fn score<S: AsRef<str>>(prediction: &str, answers: &[S]) -> SquadScore {
    let pred_norm = normalize_answer(prediction);
    let mut pred_tokens = tokens_of(prediction, &pred_norm);
    pred_tokens.sort_unstable();
    let mut best_em = 0.0_f64;
    let mut best_f1 = 0.0_f64;
    // The v2 gold list, normalizing each answer once: those that normalize to non-empty
    // text, or `[""]` when none do.
    let mut golds: Vec<(&str, String)> = answers
        .iter()
        .map(|a| (a.as_ref(), normalize_answer(a.as_ref())))
        .filter(|(_, norm)| !norm.is_empty())
        .collect();
    if golds.is_empty() {
        golds.push(("", String::new()));
    }
    for (gold, gold_norm) in &golds {
        let em = if *gold_norm == pred_norm { 1.0 } else { 0.0 };
        let mut gold_tokens = tokens_of(gold, gold_norm);
        gold_tokens.sort_unstable();
        best_em = best_em.max(em);
        best_f1 = best_f1.max(token_f1(&gold_tokens, &pred_tokens));
    }
    SquadScore {
        exact_match: best_em,
        f1: best_f1,
        has_answer: !answers.is_empty(),
    }
}

/// `get_tokens`: no tokens for the raw empty string, else the normalized text split.
fn tokens_of<'a>(raw: &str, normalized: &'a str) -> Vec<&'a str> {
    if raw.is_empty() {
        return Vec::new();
    }
    normalized.split(' ').filter(|t| !t.is_empty()).collect()
}

/// `compute_f1` over sorted token lists.
fn token_f1(gold: &[&str], pred: &[&str]) -> f64 {
    if gold.is_empty() || pred.is_empty() {
        return if gold == pred { 1.0 } else { 0.0 };
    }
    let same = common_count(gold, pred);
    if same == 0 {
        return 0.0;
    }
    let precision = 1.0 * same as f64 / pred.len() as f64;
    let recall = 1.0 * same as f64 / gold.len() as f64;
    (2.0 * precision * recall) / (precision + recall)
}

/// The size of the multiset intersection of two sorted lists.
fn common_count(a: &[&str], b: &[&str]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// What aggregation needs of one item besides its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SquadRow {
    /// The raw (un-thresholded) per-item score.
    pub score: SquadScore,
    /// The system's no-answer probability; 0.0 when it gave none (transformers' default).
    pub no_answer_probability: f64,
    /// True when the raw prediction string is non-empty (the best-threshold walk charges −1
    /// for any non-empty prediction on an unanswerable item, even one that normalizes to "").
    pub prediction_nonempty: bool,
}

/// The official v2 aggregate, in the official key order; percentages in `[0, 100]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SquadAggregate {
    /// Exact match over all items, after the no-answer threshold.
    pub exact: f64,
    /// F1 over all items, after the no-answer threshold.
    pub f1: f64,
    /// Number of items.
    pub total: usize,
    /// Exact match over answerable items (absent when there are none).
    #[serde(rename = "HasAns_exact", skip_serializing_if = "Option::is_none")]
    pub has_ans_exact: Option<f64>,
    /// F1 over answerable items.
    #[serde(rename = "HasAns_f1", skip_serializing_if = "Option::is_none")]
    pub has_ans_f1: Option<f64>,
    /// Number of answerable items.
    #[serde(rename = "HasAns_total", skip_serializing_if = "Option::is_none")]
    pub has_ans_total: Option<usize>,
    /// Exact match over unanswerable items (absent when there are none).
    #[serde(rename = "NoAns_exact", skip_serializing_if = "Option::is_none")]
    pub no_ans_exact: Option<f64>,
    /// F1 over unanswerable items.
    #[serde(rename = "NoAns_f1", skip_serializing_if = "Option::is_none")]
    pub no_ans_f1: Option<f64>,
    /// Number of unanswerable items.
    #[serde(rename = "NoAns_total", skip_serializing_if = "Option::is_none")]
    pub no_ans_total: Option<usize>,
    /// Best exact match reachable by one no-answer threshold (official walk and quirks).
    pub best_exact: f64,
    /// The probability at which `best_exact` was reached.
    pub best_exact_thresh: f64,
    /// Best F1 reachable by one no-answer threshold.
    pub best_f1: f64,
    /// The probability at which `best_f1` was reached.
    pub best_f1_thresh: f64,
}

impl SquadAggregate {
    /// The aggregate as named values in the official key order; the HasAns/NoAns entries are
    /// left out when that part is empty, as the official output leaves them out.
    pub fn named_values(&self) -> super::aggregate::NamedValues {
        let mut values = vec![
            ("exact".to_string(), Some(self.exact)),
            ("f1".to_string(), Some(self.f1)),
            ("total".to_string(), Some(self.total as f64)),
        ];
        let parts = [
            (
                "HasAns",
                self.has_ans_exact,
                self.has_ans_f1,
                self.has_ans_total,
            ),
            (
                "NoAns",
                self.no_ans_exact,
                self.no_ans_f1,
                self.no_ans_total,
            ),
        ];
        for (part, exact, f1, total) in parts {
            if let (Some(exact), Some(f1), Some(total)) = (exact, f1, total) {
                values.push((format!("{part}_exact"), Some(exact)));
                values.push((format!("{part}_f1"), Some(f1)));
                values.push((format!("{part}_total"), Some(total as f64)));
            }
        }
        values.extend([
            ("best_exact".to_string(), Some(self.best_exact)),
            (
                "best_exact_thresh".to_string(),
                Some(self.best_exact_thresh),
            ),
            ("best_f1".to_string(), Some(self.best_f1)),
            ("best_f1_thresh".to_string(), Some(self.best_f1_thresh)),
        ]);
        super::aggregate::NamedValues::from_pairs(values)
    }
}

/// The default no-answer probability threshold of the official script (never fires for p ≤ 1).
pub const DEFAULT_NA_PROB_THRESHOLD: f64 = 1.0;

/// Aggregates rows in input order; `None` when there are no rows (the official code divides
/// by zero).
pub fn aggregate(rows: &[SquadRow], na_prob_threshold: f64) -> Option<SquadAggregate> {
    if rows.is_empty() {
        return None;
    }
    let thresholded = |row: &SquadRow, raw: f64| {
        if row.no_answer_probability > na_prob_threshold {
            if row.score.has_answer {
                0.0
            } else {
                1.0
            }
        } else {
            raw
        }
    };
    let em: Vec<f64> = rows
        .iter()
        .map(|r| thresholded(r, r.score.exact_match))
        .collect();
    let f1: Vec<f64> = rows.iter().map(|r| thresholded(r, r.score.f1)).collect();
    let part = |want: bool| {
        let (e, f, n) = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.score.has_answer == want)
            .fold((0.0, 0.0, 0usize), |(e, f, n), (i, _)| {
                (e + em[i], f + f1[i], n + 1)
            });
        (n > 0).then(|| (percent(e, n), percent(f, n), n))
    };
    let has = part(true);
    let no = part(false);
    let (best_exact, best_exact_thresh) = best_threshold(rows, |s| s.exact_match);
    let (best_f1, best_f1_thresh) = best_threshold(rows, |s| s.f1);
    Some(SquadAggregate {
        exact: percent(em.iter().fold(0.0, |a, b| a + b), rows.len()),
        f1: percent(f1.iter().fold(0.0, |a, b| a + b), rows.len()),
        total: rows.len(),
        has_ans_exact: has.map(|h| h.0),
        has_ans_f1: has.map(|h| h.1),
        has_ans_total: has.map(|h| h.2),
        no_ans_exact: no.map(|h| h.0),
        no_ans_f1: no.map(|h| h.1),
        no_ans_total: no.map(|h| h.2),
        best_exact,
        best_exact_thresh,
        best_f1,
        best_f1_thresh,
    })
}

fn percent(sum: f64, n: usize) -> f64 {
    100.0 * sum / n as f64
}

/// The official `find_best_thresh` walk over raw scores: items by ascending no-answer
/// probability (stable), running total starting at the number of unanswerable items; a new
/// best only when strictly greater, so ties are not grouped.
fn best_threshold(rows: &[SquadRow], metric: impl Fn(&SquadScore) -> f64) -> (f64, f64) {
    let mut order: Vec<&SquadRow> = rows.iter().collect();
    order.sort_by(|a, b| {
        a.no_answer_probability
            .partial_cmp(&b.no_answer_probability)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let no_answer = rows.iter().filter(|r| !r.score.has_answer).count();
    let mut current = no_answer as f64;
    let mut best = current;
    let mut best_thresh = 0.0;
    for row in order {
        let diff = if row.score.has_answer {
            metric(&row.score)
        } else if row.prediction_nonempty {
            -1.0
        } else {
            0.0
        };
        current += diff;
        if current > best {
            best = current;
            best_thresh = row.no_answer_probability;
        }
    }
    (percent(best, rows.len()), best_thresh)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pred: &str, answers: &[&str], p: f64) -> SquadRow {
        SquadRow {
            score: score(pred, answers),
            no_answer_probability: p,
            prediction_nonempty: !pred.is_empty(),
        }
    }

    #[test]
    fn v2_gold_filtering_and_empty_rules() {
        assert_eq!(score("", &[] as &[&str]).f1.to_bits(), 1.0_f64.to_bits());
        assert_eq!(
            score("The.", &[] as &[&str]).exact_match.to_bits(),
            1.0_f64.to_bits()
        );
        assert_eq!(
            score("", &["", "Moscow"]).exact_match.to_bits(),
            0.0_f64.to_bits()
        );
        assert!(score("the", &["The"]).has_answer);
        assert_eq!(
            f1("Putin Putin Putin", &["Putin"]).to_bits(),
            0.5_f64.to_bits()
        );
        assert_eq!(
            exact_match("Jinping Xi", &["Xi Jinping"]).to_bits(),
            0.0_f64.to_bits()
        );
        assert_eq!(
            f1("Jinping Xi", &["Xi Jinping"]).to_bits(),
            1.0_f64.to_bits()
        );
    }

    #[test]
    fn gold_list_keeps_non_empty_normalizations_or_is_the_empty_string() {
        assert_eq!(gold_answers(&["The", "Moscow", "?!"]), ["Moscow"]);
        assert_eq!(gold_answers(&["", "an"]), [""]);
        assert_eq!(gold_answers(&[] as &[&str]), [""]);
    }

    #[test]
    fn worked_example_of_the_spec() {
        let rows = [
            row("the Kremlin", &["Kremlin"], 0.1),
            row("Xi", &["Putin"], 0.8),
            row("", &[], 0.9),
            row("Moscow", &[], 0.3),
        ];
        let agg = aggregate(&rows, DEFAULT_NA_PROB_THRESHOLD).unwrap();
        assert_eq!(agg.exact.to_bits(), 50.0_f64.to_bits());
        assert_eq!(agg.has_ans_total, Some(2));
        assert_eq!(agg.best_exact.to_bits(), 75.0_f64.to_bits());
        assert_eq!(agg.best_exact_thresh.to_bits(), 0.1_f64.to_bits());
    }

    #[test]
    fn breakdown_is_omitted_when_empty_and_nothing_aggregates_to_none() {
        let agg = aggregate(&[row("Xi", &["Xi"], 0.0)], 1.0).unwrap();
        assert!(agg.no_ans_exact.is_none());
        let json = serde_json::to_string(&agg).unwrap();
        assert!(!json.contains("NoAns"), "{json}");
        assert!(json.starts_with("{\"exact\":100.0,\"f1\":100.0,\"total\":1,\"HasAns_exact\""));
        assert!(aggregate(&[], 1.0).is_none());
    }
}
