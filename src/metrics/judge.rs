//! `judge`: a model asked, for each key fact, whether a summary states it, contradicts it or
//! leaves it out.
//!
//! The judge is any [`Answerer`] (in practice a configured chat backend wrapped by
//! `backend::answerer::BackendAnswerer`): the summary is the only document and the question
//! is [`question`]. Its reply is parsed strictly by [`Verdict::parse`]: one of the words
//! `stated`, `contradicted` or `absent` (case and surrounding quotes, spaces and a final
//! full stop aside; `not stated` is read as `absent`), or a JSON object `{"verdict": word}`.
//! Anything else is a failure, recorded with the reply and counted in `judge_failures`,
//! never guessed. Requests go through the backend, so its cache and retries apply.
//!
//! Columns: `judge_stated` (share of the judged facts stated), `judge_contradicted` (share
//! contradicted; lower is better) and `judge_failures` (facts without a usable verdict).

use serde::{Deserialize, Serialize};

use super::qa_coverage::{summary_document, Answerer};
use super::{
    details_json, shown, Bounds, Column, Direction, Explanation, Gold, ItemScores, Metric,
    Prediction, Signature, Sources,
};

/// Version of the prompt and parsing rules; bumped whenever a verdict could change.
pub const JUDGE_VERSION: &str = "1";

/// The judge's columns and whether higher is better, in column order.
pub const COLUMNS: [(&str, Direction, Bounds); 3] = [
    ("judge_stated", Direction::Higher, Bounds::Unit),
    ("judge_contradicted", Direction::Lower, Bounds::Unit),
    ("judge_failures", Direction::Lower, Bounds::NonNegative),
];

/// What the judge said about one fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The summary states the fact.
    Stated,
    /// The summary says something incompatible with the fact.
    Contradicted,
    /// The summary does not mention the fact.
    Absent,
}

impl Verdict {
    /// Parses a judge's reply strictly (see the module documentation).
    ///
    /// # Errors
    /// A message quoting the reply when it is not one of the accepted forms.
    pub fn parse(reply: &str) -> Result<Verdict, String> {
        let trimmed = reply.trim();
        if trimmed.starts_with('{') {
            let value: serde_json::Value = serde_json::from_str(trimmed)
                .map_err(|e| format!("reply is not valid JSON ({e}): {}", quote(reply)))?;
            let word = value
                .get("verdict")
                .and_then(serde_json::Value::as_str)
                .ok_or_else(|| format!("JSON reply has no string \"verdict\": {}", quote(reply)))?;
            return Self::word(word).ok_or_else(|| unknown(reply));
        }
        let word = trimmed
            .trim_matches(|c| c == '"' || c == '\'' || c == '`' || c == '*')
            .trim_end_matches('.')
            .trim();
        Self::word(word).ok_or_else(|| unknown(reply))
    }

    /// The verdict's word, as replies and details spell it (`stated`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Stated => "stated",
            Verdict::Contradicted => "contradicted",
            Verdict::Absent => "absent",
        }
    }

    fn word(word: &str) -> Option<Verdict> {
        match word.to_lowercase().as_str() {
            "stated" => Some(Verdict::Stated),
            "contradicted" => Some(Verdict::Contradicted),
            "absent" | "not stated" => Some(Verdict::Absent),
            _ => None,
        }
    }
}

fn quote(reply: &str) -> String {
    const MAX: usize = 200;
    match reply.char_indices().nth(MAX) {
        Some((cut, _)) => format!("\"{}…\"", &reply[..cut]),
        None => format!("\"{reply}\""),
    }
}

fn unknown(reply: &str) -> String {
    format!(
        "expected one word, stated, contradicted or absent; got {}",
        quote(reply)
    )
}

/// The question put to the judge about one fact.
pub fn question(fact: &str) -> String {
    format!(
        "Judge the text above (a summary) against this fact: \"{fact}\". Reply with exactly one \
         word: stated (the summary says this), contradicted (the summary says something \
         incompatible with it, such as another number, date or person) or absent (the \
         summary does not say it)."
    )
}

/// The outcome for one fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judged {
    /// The key fact.
    pub fact: String,
    /// The verdict, when the reply could be parsed.
    pub verdict: Option<Verdict>,
    /// The judge's reply as received (`null` when the request failed).
    pub reply: Option<String>,
    /// Why there is no verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What the judge records per item: how many facts got a verdict, and each fact's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgeDetails {
    /// Facts with a verdict.
    pub judged: usize,
    /// Facts without one (the request failed or the reply could not be parsed).
    pub failures: usize,
    /// Every key fact of the item, in the item's order.
    pub facts: Vec<Judged>,
}

impl JudgeDetails {
    /// The three columns, then each fact with its verdict (or why it has none).
    /// `values` are the item's `judge_stated`, `judge_contradicted` and `judge_failures`.
    pub fn explain(&self, values: &[Option<f64>]) -> Explanation {
        let lines = self
            .facts
            .iter()
            .map(|fact| {
                let verdict = match fact.verdict {
                    Some(v) => v.as_str().to_uppercase(),
                    None => format!("FAILED ({})", fact.error.as_deref().unwrap_or_default()),
                };
                format!("{verdict} {}", fact.fact)
            })
            .collect();
        Explanation {
            headline: format!(
                "judge_stated {:.4}, judge_contradicted {:.4}, judge_failures {}",
                shown(values, 0),
                shown(values, 1),
                shown(values, 2)
            ),
            lines,
        }
    }
}

/// Asks `judge` about every fact with `summary` as the only context.
pub fn judge_facts(
    judge: &dyn Answerer,
    summary: &str,
    facts: &[String],
    sources: &Sources<'_>,
) -> Vec<Judged> {
    let context = summary_document(summary, sources);
    facts
        .iter()
        .map(|fact| match judge.answer(&question(fact), &context) {
            // A QA backend may flag its `not stated` as an abstention: that reply is a verdict.
            Ok(answer) if answer.abstained && answer.text.trim().is_empty() => Judged {
                fact: fact.clone(),
                verdict: None,
                reply: Some(answer.text),
                error: Some("the judge abstained without a reply".into()),
            },
            Ok(answer) => match Verdict::parse(&answer.text) {
                Ok(verdict) => Judged {
                    fact: fact.clone(),
                    verdict: Some(verdict),
                    reply: Some(answer.text),
                    error: None,
                },
                Err(e) => Judged {
                    fact: fact.clone(),
                    verdict: None,
                    reply: Some(answer.text),
                    error: Some(e),
                },
            },
            Err(e) => Judged {
                fact: fact.clone(),
                verdict: None,
                reply: None,
                error: Some(format!("the judge failed: {e}")),
            },
        })
        .collect()
}

/// The `judge_*` columns, asking one judge.
pub struct Judge {
    judge: Box<dyn Answerer>,
    columns: Vec<Column>,
}

impl Judge {
    /// The judge metric, asking `judge`.
    pub fn new(judge: Box<dyn Answerer>) -> Self {
        let column = |id: &str, direction: Direction, bounds: Bounds| Column {
            id: id.into(),
            signature: Signature::new(id)
                .with("v", JUDGE_VERSION)
                .with("judge", judge.name())
                .with("parse", "strict")
                .with("agg", "mean"),
            direction,
            bounds,
        };
        let columns = COLUMNS
            .iter()
            .map(|&(id, direction, bounds)| column(id, direction, bounds))
            .collect();
        Judge { judge, columns }
    }
}

impl Metric for Judge {
    fn name(&self) -> &str {
        "judge"
    }

    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn applies_to(&self, gold: &Gold<'_>) -> bool {
        matches!(gold, Gold::Summary { key_facts, .. } if !key_facts.is_empty())
    }

    fn score(&self, prediction: &Prediction<'_>, gold: &Gold<'_>) -> ItemScores {
        let Gold::Summary {
            key_facts, sources, ..
        } = gold
        else {
            return ItemScores::default();
        };
        let judged = judge_facts(self.judge.as_ref(), prediction.text, key_facts, sources);
        let count = |v: Verdict| judged.iter().filter(|j| j.verdict == Some(v)).count();
        let verdicts = judged.iter().filter(|j| j.verdict.is_some()).count();
        let failures = judged.len() - verdicts;
        let share = |n: usize| n as f64 / verdicts.max(1) as f64;
        ItemScores {
            values: vec![
                share(count(Verdict::Stated)),
                share(count(Verdict::Contradicted)),
                failures as f64,
            ],
            details: details_json(&JudgeDetails {
                judged: verdicts,
                failures,
                facts: judged,
            }),
        }
    }

    fn explain(
        &self,
        values: &[Option<f64>],
        details: &serde_json::Value,
    ) -> Result<Vec<Explanation>, serde_json::Error> {
        Ok(vec![JudgeDetails::deserialize(details)?.explain(values)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Document;
    use crate::metrics::qa_coverage::Answer;

    #[test]
    fn replies_are_parsed_strictly() {
        for (reply, verdict) in [
            ("stated", Verdict::Stated),
            ("  Contradicted.\n", Verdict::Contradicted),
            ("\"absent\"", Verdict::Absent),
            ("**Stated**", Verdict::Stated),
            ("Not stated.", Verdict::Absent),
            ("{\"verdict\": \"contradicted\"}", Verdict::Contradicted),
        ] {
            assert_eq!(Verdict::parse(reply), Ok(verdict), "{reply}");
        }
        for reply in [
            "",
            "yes",
            "stated, mostly",
            "The summary states it.",
            "stated contradicted",
            "{\"verdict\": 1}",
            "{\"answer\": \"stated\"}",
            "{not json",
        ] {
            let err = Verdict::parse(reply).unwrap_err();
            assert!(err.contains(reply.trim()), "{err}");
        }
    }

    /// Replies from a fixed script, in order of the facts' first words.
    struct Scripted;

    impl Answerer for Scripted {
        fn name(&self) -> &str {
            "scripted"
        }
        fn answer(&self, question: &str, context: &Document) -> Result<Answer, String> {
            assert_eq!(context.text, "The summary.");
            let reply = |text: &str| {
                Ok(Answer {
                    text: text.into(),
                    abstained: false,
                })
            };
            if question.contains("\"Trade") {
                reply("contradicted")
            } else if question.contains("\"Visit") {
                reply("Stated.")
            } else if question.contains("\"Parade") {
                reply("I think so")
            } else if question.contains("\"Call") {
                Err("connection refused".into())
            } else if question.contains("\"Quiet") {
                Ok(Answer {
                    text: "Not stated.".into(),
                    abstained: true,
                })
            } else if question.contains("\"Silent") {
                Ok(Answer {
                    text: String::new(),
                    abstained: true,
                })
            } else {
                reply("absent")
            }
        }
    }

    #[test]
    fn shares_are_over_judged_facts_and_failures_are_counted_with_reasons() {
        let facts: Vec<String> = [
            "Trade was $237bn",
            "Visit lasted 4 days",
            "Parade",
            "Call",
            "Other",
            "Quiet",
            "Silent",
        ]
        .map(String::from)
        .to_vec();
        let metric = Judge::new(Box::new(Scripted));
        let gold = Gold::Summary {
            references: &[],
            key_facts: &facts,
            sources: Sources {
                ids: &[],
                documents: &[],
            },
            questions: &[],
        };
        assert!(metric.applies_to(&gold));
        let prediction = Prediction {
            text: "The summary.",
            abstained: false,
            no_answer_probability: None,
        };
        let scores = metric.score(&prediction, &gold);
        assert_eq!(scores.values, [0.25, 0.25, 3.0]);
        let details = scores.details.unwrap();
        assert_eq!(details["judged"], 4);
        assert_eq!(details["facts"][5]["verdict"], "absent");
        assert_eq!(
            details["facts"][6]["error"],
            "the judge abstained without a reply"
        );
        assert_eq!(details["facts"][0]["verdict"], "contradicted");
        assert_eq!(details["facts"][2]["verdict"], serde_json::Value::Null);
        assert_eq!(details["facts"][2]["reply"], "I think so");
        assert!(details["facts"][3]["error"]
            .as_str()
            .unwrap()
            .contains("connection refused"));
        let signature = metric.columns()[0].signature.to_string();
        assert!(signature.starts_with("judge_stated|v:1|judge:scripted|parse:strict"));
        assert_eq!(metric.columns()[1].direction, Direction::Lower);
    }

    fn judged(fact: &str, verdict: Option<Verdict>, error: Option<&str>) -> Judged {
        Judged {
            fact: fact.into(),
            verdict,
            reply: verdict.map(|v| v.as_str().to_string()),
            error: error.map(String::from),
        }
    }

    #[test]
    fn details_round_trip_and_leave_out_an_absent_error() {
        let details = JudgeDetails {
            judged: 1,
            failures: 1,
            facts: vec![
                judged("Trade was $237bn", Some(Verdict::Contradicted), None),
                judged("Call", None, Some("the judge failed: refused")),
            ],
        };
        let value = serde_json::to_value(&details).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"judged": 1, "failures": 1, "facts": [
                {"fact": "Trade was $237bn", "verdict": "contradicted", "reply": "contradicted"},
                {"fact": "Call", "verdict": null, "reply": null,
                 "error": "the judge failed: refused"},
            ]})
        );
        let back: JudgeDetails = serde_json::from_value(value).unwrap();
        assert_eq!(back, details);
    }

    #[test]
    fn the_explanation_gives_each_verdict_or_why_there_is_none() {
        let details = JudgeDetails {
            judged: 2,
            failures: 1,
            facts: vec![
                judged("Trade was $237bn", Some(Verdict::Contradicted), None),
                judged("Visit lasted 4 days", Some(Verdict::Stated), None),
                judged("Parade", None, Some("expected one word")),
            ],
        };
        let metric = Judge::new(Box::new(Scripted));
        let value = serde_json::to_value(&details).unwrap();
        let explained = metric
            .explain(&[Some(0.5), Some(0.5), Some(1.0)], &value)
            .unwrap();
        assert_eq!(
            explained,
            [Explanation {
                headline: "judge_stated 0.5000, judge_contradicted 0.5000, judge_failures 1".into(),
                lines: [
                    "CONTRADICTED Trade was $237bn",
                    "STATED Visit lasted 4 days",
                    "FAILED (expected one word) Parade",
                ]
                .map(String::from)
                .to_vec(),
            }]
        );
    }
}
