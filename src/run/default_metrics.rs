//! The metric set `goldeval run` scores with: the metrics registry's defaults plus
//! `qa_coverage`, which needs a QA backend (the built-in `extractive-qa`), and, when asked
//! for with `--judge NAME`, the `judge` metric answered by a configured backend. Both are
//! composed here rather than in `metrics`, which knows no backends.

use std::sync::Arc;

use crate::backend::answerer::BackendAnswerer;
use crate::backend::Backend;
use crate::dataset::Document;
use crate::metrics::judge::Judge;
use crate::metrics::qa_coverage::{Answer, Answerer, QaCoverage};
use crate::metrics::registry;
use crate::metrics::Metric;

use crate::metrics::MetricSet;

/// Summary metrics: ROUGE, key facts, unsupported figures and names, extractiveness and
/// `qa_coverage` answered by `extractive-qa`.
pub fn summary_metrics() -> Vec<Box<dyn Metric>> {
    summary_metrics_judged(None)
}

/// [`summary_metrics`], plus the `judge` columns asked of `judge` when given (wrap it in
/// [`super::Reliable`] so its requests are cached and retried).
pub fn summary_metrics_judged(judge: Option<Arc<dyn Backend>>) -> Vec<Box<dyn Metric>> {
    summary_metrics_asking(judge.map(|b| Box::new(BackendAnswerer::new(b)) as Box<dyn Answerer>))
}

/// The summary metrics, with the `judge` columns answered by `judge` when given: ROUGE,
/// key facts, unsupported parts, then `qa_coverage` and the judge beside the other fact
/// metrics, before the extractiveness statistics.
fn summary_metrics_asking(judge: Option<Box<dyn Answerer>>) -> Vec<Box<dyn Metric>> {
    let mut metrics = registry::summary_metrics();
    let at = metrics
        .iter()
        .position(|m| m.name() == "extractive")
        .unwrap_or(metrics.len());
    metrics.insert(
        at,
        Box::new(QaCoverage::new(Box::new(BackendAnswerer::extractive()))),
    );
    if let Some(judge) = judge {
        metrics.insert(at + 1, Box::new(Judge::new(judge)));
    }
    metrics
}

/// The full default set: [`summary_metrics`] and the registry's QA metrics.
pub fn metric_set() -> MetricSet {
    metric_set_judged(None)
}

/// [`metric_set`] with the `judge` columns when `judge` is given.
pub fn metric_set_judged(judge: Option<Arc<dyn Backend>>) -> MetricSet {
    MetricSet::new(summary_metrics_judged(judge), registry::qa_metrics())
}

/// The metric set of a run whose items are all scored already (`goldeval merge`): the
/// `judge` columns, when the run had a judge, carry its name but never ask it.
pub fn metric_set_scored(judge: Option<&str>) -> MetricSet {
    let judge = judge.map(|name| Box::new(Absent(name.to_string())) as Box<dyn Answerer>);
    MetricSet::new(summary_metrics_asking(judge), registry::qa_metrics())
}

/// A judge known by name only: asking it is an error, recorded per fact.
struct Absent(String);

impl Answerer for Absent {
    fn name(&self) -> &str {
        &self.0
    }

    fn answer(&self, _: &str, _: &Document) -> Result<Answer, String> {
        Err(format!("the judge \"{}\" is not available here", self.0))
    }
}
