//! The bundled dataset's gold answers, checked with goldeval's own metrics.
//!
//! Issue 5's acceptance: for every gold item, the alternative surface forms in `answers` all
//! match each other under `answer_match`. Conflict items are the exception by design: their
//! answers are different claims from different sources ("October 2024" vs "September 2024"),
//! and a test checks that they really differ.

use goldeval::unstable::dataset::{Dataset, Kind};
use goldeval::unstable::metrics::answer_match::alternatives_agree;
use goldeval::unstable::text::date::Date;

use crate::util::bundled_dataset;

fn publication(dataset: &Dataset, ids: Option<&Vec<String>>) -> Option<Date> {
    let doc = match ids {
        Some(ids) => ids.first().and_then(|id| dataset.document(id)),
        None => dataset.documents.first(),
    };
    doc.and_then(|d| Date::parse_iso(&d.published))
}

#[test]
fn alternative_answers_of_every_gold_item_match_each_other() {
    let dataset = Dataset::load(bundled_dataset()).unwrap();
    let mut failures = Vec::new();
    for item in dataset.qa.iter().filter(|q| q.kind != Some(Kind::Conflict)) {
        let date = publication(&dataset, item.documents.as_ref());
        for (i, j, why) in alternatives_agree(&item.answers, date) {
            failures.push(format!(
                "{}: \"{}\" vs \"{}\": {why}",
                item.id, item.answers[i], item.answers[j]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_conflict_item_records_claims_that_really_differ() {
    let dataset = Dataset::load(bundled_dataset()).unwrap();
    let conflicts: Vec<_> = dataset
        .qa
        .iter()
        .filter(|q| q.kind == Some(Kind::Conflict))
        .collect();
    assert!(
        conflicts.len() >= 4,
        "issue 3 asks for at least 4 conflict items"
    );
    for item in conflicts {
        let date = publication(&dataset, item.documents.as_ref());
        assert!(
            !alternatives_agree(&item.answers, date).is_empty(),
            "{}: every answer matches every other, so the sources do not disagree",
            item.id
        );
        assert!(item.evidence.len() >= 2, "{}: cite each claim", item.id);
    }
}
