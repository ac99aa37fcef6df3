//! The metric set `goldeval run` scores with: the metrics registry's defaults plus
//! `qa_coverage`, which needs a QA backend (the built-in `extractive-qa`) and so is composed
//! here rather than in `metrics`, which knows no backends.

use crate::backend::answerer::BackendAnswerer;
use crate::metrics::qa_coverage::QaCoverage;
use crate::metrics::registry;
use crate::metrics::Metric;

use super::MetricSet;

/// Summary metrics: ROUGE, key facts, unsupported figures and names, extractiveness and
/// `qa_coverage` answered by `extractive-qa`.
pub fn summary_metrics() -> Vec<Box<dyn Metric>> {
    let mut metrics = registry::summary_metrics();
    // Beside the other fact metrics, before the extractiveness statistics.
    let at = metrics
        .iter()
        .position(|m| m.name() == "extractive")
        .unwrap_or(metrics.len());
    metrics.insert(
        at,
        Box::new(QaCoverage::new(Box::new(BackendAnswerer::extractive()))),
    );
    metrics
}

/// The full default set: [`summary_metrics`] and the registry's QA metrics.
pub fn metric_set() -> MetricSet {
    MetricSet::new(summary_metrics(), registry::qa_metrics())
}
