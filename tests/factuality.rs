//! Agreement of the fact metrics with hand-written labels: `tests/fixtures/factuality/`
//! holds summaries of the bundled dataset's items written for this test (faithful
//! paraphrases, swapped digits, wrong dates, wrong or invented people, invented numbers),
//! each labelled with the key facts it states and the figures and names that are wrong.
//!
//! The floors below are the levels measured when the metrics were written (see docs/metrics.md,
//! "Fact metrics"); a change that lowers agreement fails here. Run with `--nocapture` to see
//! the measured table.

use goldeval::unstable::backend::answerer::BackendAnswerer;
use goldeval::unstable::dataset::{Dataset, SummaryItem};
use goldeval::unstable::metrics::key_facts::key_facts;
use goldeval::unstable::metrics::qa_coverage::{ask, questions_about};
use goldeval::unstable::metrics::unsupported::unsupported;
use goldeval::unstable::metrics::Sources;
use serde::Deserialize;

use crate::util::{bundled_dataset, repo};

/// One labelled summary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Labelled {
    id: String,
    item: String,
    kind: String,
    summary: String,
    /// Indices of the item's key facts the summary states correctly.
    states: Vec<usize>,
    /// Figures (numbers, dates, money) that are wrong or invented, as written.
    wrong_numbers: Vec<String>,
    /// Names that are wrong or invented, as written.
    wrong_names: Vec<String>,
}

fn labelled() -> Vec<Labelled> {
    let path = repo().join("tests/fixtures/factuality/summaries.jsonl");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn sources<'a>(dataset: &'a Dataset, item: &'a SummaryItem) -> Sources<'a> {
    Sources {
        ids: &item.documents,
        documents: &dataset.documents,
    }
}

/// Precision and recall of flagged spans against labelled spans; a flag and a label match
/// when one contains the other (case-insensitive).
#[derive(Debug, Default)]
struct SpanAgreement {
    flagged: usize,
    flagged_right: usize,
    labelled: usize,
    labelled_caught: usize,
}

impl SpanAgreement {
    fn add(&mut self, flagged: &[String], labelled: &[String]) {
        let overlap = |a: &str, b: &str| {
            let (a, b) = (a.to_lowercase(), b.to_lowercase());
            a.contains(&b) || b.contains(&a)
        };
        self.flagged += flagged.len();
        self.flagged_right += flagged
            .iter()
            .filter(|f| labelled.iter().any(|l| overlap(f, l)))
            .count();
        self.labelled += labelled.len();
        self.labelled_caught += labelled
            .iter()
            .filter(|l| flagged.iter().any(|f| overlap(f, l)))
            .count();
    }

    fn precision(&self) -> f64 {
        self.flagged_right as f64 / self.flagged.max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.labelled_caught as f64 / self.labelled.max(1) as f64
    }
}

/// Floor for qa_coverage's correlation with the labels (measured value rounded down).
const QA_COVERAGE_R_FLOOR: f64 = 0.51;

fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let cov: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let vx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

/// Everything the test measures.
#[derive(Debug, Default)]
struct Measured {
    summaries: usize,
    facts: usize,
    fact_agree: usize,
    fact_tp: usize,
    fact_predicted: usize,
    fact_labelled: usize,
    predicted_recall: Vec<f64>,
    labelled_share: Vec<f64>,
    /// qa_coverage of each summary (extractive-qa answering from the summary alone).
    qa_coverage: Vec<f64>,
    numbers: SpanAgreement,
    names: SpanAgreement,
}

#[allow(clippy::print_stdout)] // the disagreements, shown with --nocapture
fn measure() -> Measured {
    let dataset = Dataset::load(bundled_dataset()).unwrap();
    let mut m = Measured::default();
    let answerer = BackendAnswerer::extractive();
    for l in labelled() {
        let item = dataset.summaries.iter().find(|s| s.id == l.item).unwrap();
        let sources = sources(&dataset, item);
        let verdicts = key_facts(&l.summary, &item.key_facts, &sources);
        for (i, v) in verdicts.iter().enumerate() {
            let labelled = l.states.contains(&i);
            m.facts += 1;
            m.fact_agree += usize::from(v.stated == labelled);
            m.fact_tp += usize::from(v.stated && labelled);
            m.fact_predicted += usize::from(v.stated);
            m.fact_labelled += usize::from(labelled);
            if v.stated != labelled {
                println!(
                    "{} ({}): fact {i} stated={} labelled={labelled}",
                    l.id, l.kind, v.stated
                );
            }
        }
        let stated = verdicts.iter().filter(|v| v.stated).count();
        m.predicted_recall
            .push(stated as f64 / verdicts.len() as f64);
        m.labelled_share
            .push(l.states.len() as f64 / item.key_facts.len() as f64);
        let asked = ask(
            &answerer,
            &l.summary,
            &questions_about(&dataset.qa, &sources),
            &sources,
        );
        let correct = asked.iter().filter(|a| a.correct).count();
        m.qa_coverage
            .push(correct as f64 / asked.len().max(1) as f64);
        let u = unsupported(&l.summary, &sources);
        if u.unsupported_numbers != l.wrong_numbers || u.unsupported_entities != l.wrong_names {
            println!(
                "{} ({}): numbers {:?} vs {:?}; names {:?} vs {:?}",
                l.id,
                l.kind,
                u.unsupported_numbers,
                l.wrong_numbers,
                u.unsupported_entities,
                l.wrong_names
            );
        }
        m.numbers.add(&u.unsupported_numbers, &l.wrong_numbers);
        m.names.add(&u.unsupported_entities, &l.wrong_names);
        m.summaries += 1;
    }
    m
}

#[test]
fn fact_metrics_agree_with_hand_labels_at_the_measured_level() {
    let m = measure();
    let accuracy = m.fact_agree as f64 / m.facts as f64;
    let precision = m.fact_tp as f64 / m.fact_predicted.max(1) as f64;
    let recall = m.fact_tp as f64 / m.fact_labelled.max(1) as f64;
    let r = pearson(&m.predicted_recall, &m.labelled_share);
    println!("summaries: {}, key facts judged: {}", m.summaries, m.facts);
    println!("exact: accuracy {accuracy} precision {precision} recall {recall} r {r}");
    println!(
        "key_fact_recall: fact accuracy {accuracy:.3}, precision {precision:.3}, recall {recall:.3}, Pearson r {r:.3}"
    );
    let qa_r = pearson(&m.qa_coverage, &m.labelled_share);
    println!("qa_coverage: Pearson r {qa_r:.3} with the labelled share of key facts stated");
    println!(
        "unsupported_numbers: precision {:.3} ({}/{}), recall {:.3} ({}/{})",
        m.numbers.precision(),
        m.numbers.flagged_right,
        m.numbers.flagged,
        m.numbers.recall(),
        m.numbers.labelled_caught,
        m.numbers.labelled
    );
    println!(
        "unsupported_entities: precision {:.3} ({}/{}), recall {:.3} ({}/{})",
        m.names.precision(),
        m.names.flagged_right,
        m.names.flagged,
        m.names.recall(),
        m.names.labelled_caught,
        m.names.labelled
    );
    // Floors: the measured values (docs/metrics.md, "Fact metrics") rounded down to two decimals.
    assert!(m.summaries >= 40);
    assert!(accuracy >= 0.97, "key-fact accuracy fell to {accuracy}");
    assert!(precision >= 0.98, "key-fact precision fell to {precision}");
    assert!(recall >= 0.92, "key-fact recall fell to {recall}");
    assert!(r >= 0.90, "key_fact_recall correlation fell to {r}");
    assert!(
        qa_r >= QA_COVERAGE_R_FLOOR,
        "qa_coverage correlation fell to {qa_r}"
    );
    assert!(m.numbers.precision() >= 1.0, "{:?}", m.numbers);
    assert!(m.numbers.recall() >= 1.0, "{:?}", m.numbers);
    assert!(m.names.precision() >= 0.77, "{:?}", m.names);
    assert!(m.names.recall() >= 0.87, "{:?}", m.names);
}
