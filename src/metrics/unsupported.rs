//! `unsupported_numbers` and `unsupported_entities`: quantities and names in a summary that
//! the source documents do not contain after normalization (see [`super::salient`]).
//!
//! - A summary quantity (number, money, percentage, ordinal, date, range, weekday) is
//!   unsupported when it is not found among the sources' quantities: `$327 billion` is
//!   flagged when the sources say `$237 billion`; `US$237bn` is not.
//! - A summary name (`Sergei Lavrov`) is unsupported when one of its words does not occur
//!   in the sources (by prefix stem, case-insensitive).
//!
//! Each column is the **count** of flagged spans (lower is better: 0 is a summary whose
//! every figure and name can be traced to the sources); the details hold the rate (flagged /
//! found, `null` when the summary has none) and the offending spans as written.

use serde::{Deserialize, Serialize};

use super::salient::{found, names, SentenceStart, SourceIndex};
use super::{
    details_json, Bounds, Column, Direction, Explanation, Gold, ItemScores, Metric, Prediction,
    Signature, Sources,
};
use crate::text::quantity::located;

/// Version of the rules; bumped whenever a count could change.
pub const UNSUPPORTED_VERSION: &str = "1";

/// What a summary states that its sources do not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unsupported {
    /// Quantities in the summary.
    pub numbers: usize,
    /// The unsupported ones, as written.
    pub unsupported_numbers: Vec<String>,
    /// Names in the summary.
    pub entities: usize,
    /// The unsupported ones, as written.
    pub unsupported_entities: Vec<String>,
}

impl Unsupported {
    /// Flagged share of the quantities; `None` when there are none.
    pub fn number_rate(&self) -> Option<f64> {
        rate(self.unsupported_numbers.len(), self.numbers)
    }

    /// Flagged share of the names; `None` when there are none.
    pub fn entity_rate(&self) -> Option<f64> {
        rate(self.unsupported_entities.len(), self.entities)
    }
}

/// What the two columns record per item, one [`Flagged`] each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnsupportedDetails {
    /// The quantities.
    pub unsupported_numbers: Flagged,
    /// The names.
    pub unsupported_entities: Flagged,
}

/// The flagged spans of one kind of part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flagged {
    /// How many were flagged (the column's value).
    pub count: usize,
    /// How many the summary has.
    pub of: usize,
    /// `count / of`; `null` when the summary has none.
    pub rate: Option<f64>,
    /// The flagged spans, as written in the summary.
    pub spans: Vec<String>,
}

impl Flagged {
    fn new(spans: Vec<String>, of: usize) -> Flagged {
        Flagged {
            count: spans.len(),
            of,
            rate: rate(spans.len(), of),
            spans,
        }
    }
}

impl From<Unsupported> for UnsupportedDetails {
    fn from(u: Unsupported) -> Self {
        UnsupportedDetails {
            unsupported_numbers: Flagged::new(u.unsupported_numbers, u.numbers),
            unsupported_entities: Flagged::new(u.unsupported_entities, u.entities),
        }
    }
}

impl UnsupportedDetails {
    /// One headline per column: the count, out of how many, and the flagged spans.
    pub fn explain(&self) -> Vec<Explanation> {
        [
            ("unsupported_numbers", &self.unsupported_numbers),
            ("unsupported_entities", &self.unsupported_entities),
        ]
        .into_iter()
        .map(|(column, f)| {
            let listed = if f.spans.is_empty() {
                String::new()
            } else {
                format!(": {}", f.spans.join(", "))
            };
            Explanation::headline(format!("{column} {} of {}{listed}", f.count, f.of))
        })
        .collect()
    }
}

fn rate(flagged: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| flagged as f64 / total as f64)
}

/// Checks every quantity and name of `summary` against `sources`.
pub fn unsupported(summary: &str, sources: &Sources<'_>) -> Unsupported {
    let index = SourceIndex::new(sources);
    let quantities = located(summary, sources.publication());
    let unsupported_numbers = quantities
        .iter()
        .filter(|l| !found(&l.quantity, &index.quantities))
        .map(|l| summary[l.span.clone()].to_string())
        .collect();
    let names = names(summary, &index, SentenceStart::AndUnknownWords);
    let unsupported_entities = names
        .iter()
        .filter(|n| !n.words.iter().all(|w| index.has_word(w)))
        .map(|n| summary[n.span.clone()].to_string())
        .collect();
    Unsupported {
        numbers: quantities.len(),
        unsupported_numbers,
        entities: names.len(),
        unsupported_entities,
    }
}

/// The two counts as metric columns.
pub struct UnsupportedMetric {
    columns: Vec<Column>,
}

impl UnsupportedMetric {
    /// `unsupported_numbers` and `unsupported_entities`.
    pub fn new() -> Self {
        let column = |id: &str, parts: &str| Column {
            id: id.into(),
            signature: Signature::new(id)
                .with("v", UNSUPPORTED_VERSION)
                .with("parts", parts)
                .with("against", "sources")
                .with("words", crate::text::words::WORDS_VERSION)
                .with("qty", crate::text::quantity::QUANTITY_VERSION)
                .with("sent", crate::text::sentence::SENTENCE_VERSION)
                .with("agg", "mean"),
            direction: Direction::Lower,
            bounds: Bounds::NonNegative,
        };
        UnsupportedMetric {
            columns: vec![
                column("unsupported_numbers", "quantity"),
                column("unsupported_entities", "capitalized"),
            ],
        }
    }
}

impl Default for UnsupportedMetric {
    fn default() -> Self {
        Self::new()
    }
}

impl Metric for UnsupportedMetric {
    fn name(&self) -> &str {
        "unsupported"
    }

    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn applies_to(&self, gold: &Gold<'_>) -> bool {
        matches!(gold, Gold::Summary { sources, .. } if !sources.is_empty())
    }

    fn score(&self, prediction: &Prediction<'_>, gold: &Gold<'_>) -> ItemScores {
        let Gold::Summary { sources, .. } = gold else {
            return ItemScores::default();
        };
        let u = unsupported(prediction.text, sources);
        ItemScores {
            values: vec![
                u.unsupported_numbers.len() as f64,
                u.unsupported_entities.len() as f64,
            ],
            details: details_json(&UnsupportedDetails::from(u)),
        }
    }

    fn explain(
        &self,
        _values: &[Option<f64>],
        details: &serde_json::Value,
    ) -> Result<Vec<Explanation>, serde_json::Error> {
        Ok(UnsupportedDetails::deserialize(details)?.explain())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Document;

    fn check(summary: &str) -> Unsupported {
        let docs = vec![Document {
            id: "d".into(),
            title: "Xi visits Moscow".into(),
            published: "2025-05-06".into(),
            outlet: "wire".into(),
            text: "Trade between China and Russia reached a record $237 billion in 2024. \
                   Xi Jinping will watch the parade on May 9 with Vladimir Putin."
                .into(),
        }];
        let ids = ["d".to_string()];
        unsupported(
            summary,
            &Sources {
                ids: &ids,
                documents: &docs,
            },
        )
    }

    #[test]
    fn swapped_digits_are_flagged_with_their_span() {
        let u = check("Xi and Putin saw trade reach US$327bn in 2024.");
        assert_eq!(u.unsupported_numbers, ["US$327bn"]);
        assert_eq!(u.numbers, 2);
        assert_eq!(u.number_rate(), Some(0.5));
    }

    #[test]
    fn normalized_figures_and_known_names_pass() {
        let u = check("Trade hit 237 billion dollars in 2024; Putin hosts Xi on 9 May.");
        assert!(u.unsupported_numbers.is_empty(), "{u:?}");
        assert!(u.unsupported_entities.is_empty(), "{u:?}");
    }

    #[test]
    fn invented_people_are_flagged() {
        let u = check("Putin and Sergei Lavrov met Xi.");
        assert_eq!(u.unsupported_entities, ["Sergei Lavrov"]);
        assert_eq!(u.entities, 3);
        assert_eq!(u.number_rate(), None);
    }

    #[test]
    fn details_round_trip_and_keep_their_json_shape() {
        let details = UnsupportedDetails::from(check("Putin and Sergei Lavrov met Xi."));
        let value = serde_json::to_value(&details).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "unsupported_numbers": {"count": 0, "of": 0, "rate": null, "spans": []},
                "unsupported_entities": {
                    "count": 1, "of": 3, "rate": 1.0 / 3.0, "spans": ["Sergei Lavrov"]
                },
            })
        );
        let back: UnsupportedDetails = serde_json::from_value(value).unwrap();
        assert_eq!(back, details);
    }

    #[test]
    fn the_explanation_counts_each_kind_and_lists_the_spans() {
        let details = UnsupportedDetails {
            unsupported_numbers: Flagged::new(vec!["US$327bn".into(), "May 8".into()], 3),
            unsupported_entities: Flagged::new(Vec::new(), 2),
        };
        let value = serde_json::to_value(&details).unwrap();
        let explained = UnsupportedMetric::new()
            .explain(&[Some(2.0), Some(0.0)], &value)
            .unwrap();
        assert_eq!(
            explained,
            [
                Explanation::headline("unsupported_numbers 2 of 3: US$327bn, May 8"),
                Explanation::headline("unsupported_entities 0 of 2"),
            ]
        );
    }
}
