//! `key_fact_recall`: the share of an item's key facts that the summary states.
//!
//! The rule (salient parts as in [`super::salient`]): a key fact is **stated** when one
//! window of the summary — one sentence, or two adjacent sentences — contains
//! 1. every quantity of the fact (found after normalization: `$237 billion` = `US$237bn`,
//!    a date inside a stated range counts), and
//! 2. at least [`NAME_SHARE`] of the fact's distinct name words, and
//! 3. at least [`CONTENT_SHARE`] of its distinct content words.
//!
//! A share with nothing to count (a fact without names) passes. Windows keep a fact from
//! being assembled out of words scattered over the whole summary. The thresholds were set on
//! `tests/fixtures/factuality/` (see docs/metrics.md for the agreement they reach). Per item, the
//! details list every fact with the parts that matched and the window that matched best.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::salient::{
    content_stem, content_stems, found, names, words_at, SentenceStart, SourceIndex,
};
use super::{
    details_json, shown, Column, Explanation, Gold, ItemScores, Metric, Prediction, Signature,
    Sources,
};
use crate::text::date::Date;
use crate::text::quantity::{self, Quantity};
use crate::text::sentence::sentence_spans;
use crate::text::words::prefix_stem;

/// Share of a fact's name words a window must contain.
pub const NAME_SHARE: f64 = 0.7;
/// Share of a fact's content words a window must contain.
pub const CONTENT_SHARE: f64 = 0.3;
/// Version of the rule; bumped whenever a score could change.
pub const KEY_FACT_VERSION: &str = "1";

/// One part of a fact and whether the window has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// The part, normalized (`USD 237000000000`, `putin`, `visit`).
    pub part: String,
    /// Whether the window contains it.
    pub found: bool,
}

/// The verdict on one key fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactMatch {
    /// The key fact.
    pub fact: String,
    /// Whether the summary states it.
    pub stated: bool,
    /// Its quantities.
    pub quantities: Vec<Part>,
    /// Its name words.
    pub names: Vec<Part>,
    /// Its content words.
    pub content: Vec<Part>,
    /// The summary window that matched best (empty for an empty summary).
    pub window: String,
}

impl FactMatch {
    /// The verdict and the fact, then each kind of part with whether it was found.
    fn explain(&self) -> Vec<String> {
        let verdict = if self.stated { "STATED " } else { "MISSING" };
        let mut lines = vec![format!("{verdict} {}", self.fact)];
        let kinds = [
            ("quantities", &self.quantities),
            ("names", &self.names),
            ("content", &self.content),
        ];
        let parts: Vec<String> = kinds
            .iter()
            .filter(|(_, parts)| !parts.is_empty())
            .map(|(kind, parts)| {
                let rendered: Vec<String> = parts
                    .iter()
                    .map(|p| format!("{} {}", p.part, if p.found { "found" } else { "absent" }))
                    .collect();
                format!("{kind}: {}", rendered.join(", "))
            })
            .collect();
        if !parts.is_empty() {
            lines.push(format!("        {}", parts.join("; ")));
        }
        lines
    }
}

/// What `key_fact_recall` records per item: every fact's verdict with its parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyFactDetails {
    /// How many of the facts the summary states.
    pub stated: usize,
    /// Every key fact of the item, in the item's order.
    pub facts: Vec<FactMatch>,
}

impl KeyFactDetails {
    /// The recall, then each fact: stated or missing, and which of its parts were found.
    pub fn explain(&self, recall: f64) -> Explanation {
        Explanation {
            headline: format!("key_fact_recall {recall:.4}"),
            lines: self.facts.iter().flat_map(FactMatch::explain).collect(),
        }
    }
}

/// A fact's salient parts.
struct Fact<'a> {
    text: &'a str,
    quantities: Vec<Quantity>,
    names: Vec<String>,
    content: Vec<String>,
}

impl<'a> Fact<'a> {
    fn new(text: &'a str, publication: Option<Date>, index: &SourceIndex) -> Fact<'a> {
        let mut name_words = BTreeSet::new();
        let mut lower = BTreeSet::new();
        for name in names(text, index, SentenceStart::KnownNames) {
            for word in name.words {
                lower.insert(word.to_lowercase());
                name_words.insert(prefix_stem(&word));
            }
        }
        Fact {
            text,
            quantities: quantity::parse(text, publication).quantities,
            names: name_words.into_iter().collect(),
            content: content_stems(text, publication, &lower),
        }
    }

    fn check(&self, window: &Window) -> FactMatch {
        let parts = |words: &[String], stems: &BTreeSet<String>| -> Vec<Part> {
            words
                .iter()
                .map(|w| Part {
                    part: w.clone(),
                    found: stems.contains(w),
                })
                .collect()
        };
        let quantities: Vec<Part> = self
            .quantities
            .iter()
            .map(|q| Part {
                part: q.to_string(),
                found: found(q, &window.quantities),
            })
            .collect();
        let names = parts(&self.names, &window.stems);
        let content = parts(&self.content, &window.content);
        let stated = quantities.iter().all(|p| p.found)
            && share(&names) >= NAME_SHARE
            && share(&content) >= CONTENT_SHARE;
        FactMatch {
            fact: self.text.to_string(),
            stated,
            quantities,
            names,
            content,
            window: window.text.clone(),
        }
    }
}

/// Found share of `parts`; 1 when there are none.
fn share(parts: &[Part]) -> f64 {
    if parts.is_empty() {
        return 1.0;
    }
    parts.iter().filter(|p| p.found).count() as f64 / parts.len() as f64
}

/// How close a verdict came: stated first, then the share of all parts found.
fn closeness(m: &FactMatch) -> (bool, f64) {
    let all: Vec<Part> = [&m.quantities, &m.names, &m.content]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    (m.stated, share(&all))
}

/// One or two adjacent summary sentences, read for salient parts.
struct Window {
    text: String,
    quantities: Vec<Quantity>,
    /// Prefix stems of every word (for names).
    stems: BTreeSet<String>,
    /// Porter stems of every word (for content words).
    content: BTreeSet<String>,
}

impl Window {
    fn new(text: &str, publication: Option<Date>) -> Window {
        Window {
            text: text.to_string(),
            quantities: quantity::parse(text, publication).quantities,
            stems: words_at(text)
                .into_iter()
                .map(|(w, _)| prefix_stem(w))
                .collect(),
            content: words_at(text)
                .into_iter()
                .map(|(w, _)| content_stem(w))
                .collect(),
        }
    }
}

fn windows(summary: &str, publication: Option<Date>) -> Vec<Window> {
    let spans = sentence_spans(summary);
    let mut windows: Vec<Window> = spans
        .iter()
        .map(|s| Window::new(&summary[s.clone()], publication))
        .collect();
    for pair in spans.windows(2) {
        windows.push(Window::new(
            &summary[pair[0].start..pair[1].end],
            publication,
        ));
    }
    windows
}

/// Checks every key fact against the summary.
pub fn key_facts(summary: &str, facts: &[String], sources: &Sources<'_>) -> Vec<FactMatch> {
    let publication = sources.publication();
    let index = SourceIndex::new(sources);
    let windows = windows(summary, publication);
    let empty = Window::new("", publication);
    facts
        .iter()
        .map(|text| {
            let fact = Fact::new(text, publication, &index);
            let mut best = fact.check(&empty);
            for window in &windows {
                let verdict = fact.check(window);
                if closeness(&verdict) > closeness(&best) {
                    best = verdict;
                }
            }
            best
        })
        .collect()
}

/// `key_fact_recall` as a metric column.
pub struct KeyFactRecall {
    columns: Vec<Column>,
}

impl KeyFactRecall {
    /// The `key_fact_recall` column.
    pub fn new() -> Self {
        let signature = Signature::new("key_fact_recall")
            .with("v", KEY_FACT_VERSION)
            .with("names", NAME_SHARE)
            .with("content", CONTENT_SHARE)
            .with("window", "2sent")
            .with("words", crate::text::words::WORDS_VERSION)
            .with("qty", crate::text::quantity::QUANTITY_VERSION)
            .with("sent", crate::text::sentence::SENTENCE_VERSION)
            .with("agg", "mean");
        KeyFactRecall {
            columns: vec![Column::share("key_fact_recall", signature)],
        }
    }
}

impl Default for KeyFactRecall {
    fn default() -> Self {
        Self::new()
    }
}

impl Metric for KeyFactRecall {
    fn name(&self) -> &str {
        "key_fact_recall"
    }

    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn applies_to(&self, gold: &Gold<'_>) -> bool {
        matches!(gold, Gold::Summary { key_facts, .. } if !key_facts.is_empty())
    }

    fn score(&self, prediction: &Prediction<'_>, gold: &Gold<'_>) -> ItemScores {
        let Gold::Summary {
            key_facts: facts,
            sources,
            ..
        } = gold
        else {
            return ItemScores::default();
        };
        let verdicts = key_facts(prediction.text, facts, sources);
        let stated = verdicts.iter().filter(|v| v.stated).count();
        ItemScores {
            values: vec![stated as f64 / verdicts.len().max(1) as f64],
            details: details_json(&KeyFactDetails {
                stated,
                facts: verdicts,
            }),
        }
    }

    fn explain(
        &self,
        values: &[Option<f64>],
        details: &serde_json::Value,
    ) -> Result<Vec<Explanation>, serde_json::Error> {
        let details = KeyFactDetails::deserialize(details)?;
        Ok(vec![details.explain(shown(values, 0))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Document;

    fn doc() -> Vec<Document> {
        vec![Document {
            id: "d".into(),
            title: "Xi visits Moscow".into(),
            published: "2025-05-06".into(),
            outlet: "wire".into(),
            text: "The bilateral trade between China and Russia reached a record $237 billion in 2024. \
                   President Xi will watch the parade on May 9 with Putin."
                .into(),
        }]
    }

    fn recall(summary: &str, fact: &str) -> FactMatch {
        let docs = doc();
        let ids = ["d".to_string()];
        let sources = Sources {
            ids: &ids,
            documents: &docs,
        };
        key_facts(summary, &[fact.to_string()], &sources).remove(0)
    }

    #[test]
    fn paraphrase_with_normalized_money_is_stated() {
        let fact = "Bilateral trade reached a record $237 billion in 2024";
        let m = recall("Trade hit a record US$237bn last year (2024).", fact);
        assert!(m.stated, "{m:?}");
    }

    #[test]
    fn one_wrong_digit_is_not_stated() {
        let fact = "Bilateral trade reached a record $237 billion in 2024";
        let m = recall(
            "Bilateral trade reached a record $327 billion in 2024.",
            fact,
        );
        assert!(!m.stated);
        assert_eq!(m.quantities[0].part, "USD 237,000,000,000");
        assert!(!m.quantities[0].found);
    }

    #[test]
    fn wrong_person_is_not_stated() {
        let fact = "Xi will attend the Victory Day parade on May 9 alongside Putin";
        let right = recall(
            "On May 9 Xi attends the Victory Day parade with Putin.",
            fact,
        );
        let wrong = recall(
            "On May 9 Modi attends the Victory Day parade with Macron.",
            fact,
        );
        assert!(right.stated);
        assert!(!wrong.stated);
    }

    #[test]
    fn parts_scattered_over_distant_sentences_do_not_count() {
        let fact = "Xi will attend the Victory Day parade on May 9 alongside Putin";
        let summary = "Xi arrived.\nTrade grew.\nA parade is held on May 9.\nIt is Victory Day.\nPutin waits.";
        assert!(!recall(summary, fact).stated);
    }

    fn part(part: &str, found: bool) -> Part {
        Part {
            part: part.into(),
            found,
        }
    }

    #[test]
    fn details_round_trip_and_keep_their_json_shape() {
        let docs = doc();
        let ids = ["d".to_string()];
        let facts = [
            "Bilateral trade reached a record $237 billion in 2024".to_string(),
            "Xi will attend the Victory Day parade on May 9 alongside Putin".to_string(),
        ];
        let gold = Gold::Summary {
            references: &[],
            key_facts: &facts,
            sources: Sources {
                ids: &ids,
                documents: &docs,
            },
            questions: &[],
        };
        let prediction = Prediction {
            text: "Trade hit a record US$237bn in 2024.\nModi watched a parade.",
            abstained: false,
            no_answer_probability: None,
        };
        let value = KeyFactRecall::new()
            .score(&prediction, &gold)
            .details
            .unwrap();
        let details: KeyFactDetails = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(details.stated, 1);
        assert_eq!(details.facts.len(), 2);
        assert_eq!(serde_json::to_value(&details).unwrap(), value);
        let keys: Vec<&String> = value["facts"][0].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["content", "fact", "names", "quantities", "stated", "window"]
        );
        assert_eq!(
            value["facts"][0]["quantities"][0],
            serde_json::json!({"part": "USD 237,000,000,000", "found": true})
        );
    }

    #[test]
    fn the_explanation_lists_each_fact_with_its_parts() {
        let details = KeyFactDetails {
            stated: 1,
            facts: vec![
                FactMatch {
                    fact: "Trade hit $237 billion".into(),
                    stated: true,
                    quantities: vec![part("USD 237,000,000,000", true)],
                    names: Vec::new(),
                    content: vec![part("trade", true), part("hit", false)],
                    window: "Trade hit US$237bn.".into(),
                },
                FactMatch {
                    fact: "Putin attends".into(),
                    stated: false,
                    quantities: Vec::new(),
                    names: vec![part("putin", false)],
                    content: Vec::new(),
                    window: String::new(),
                },
                FactMatch {
                    fact: "Nothing to count".into(),
                    stated: true,
                    quantities: Vec::new(),
                    names: Vec::new(),
                    content: Vec::new(),
                    window: String::new(),
                },
            ],
        };
        let value = serde_json::to_value(&details).unwrap();
        let explained = KeyFactRecall::new().explain(&[Some(0.5)], &value).unwrap();
        assert_eq!(
            explained,
            [Explanation {
                headline: "key_fact_recall 0.5000".into(),
                lines: [
                    "STATED  Trade hit $237 billion",
                    "        quantities: USD 237,000,000,000 found; content: trade found, hit absent",
                    "MISSING Putin attends",
                    "        names: putin absent",
                    "STATED  Nothing to count",
                ]
                .map(String::from)
                .to_vec(),
            }]
        );
        let other = serde_json::json!({"fragments": []});
        assert!(KeyFactRecall::new().explain(&[Some(0.5)], &other).is_err());
    }
}
