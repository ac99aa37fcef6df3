//! Per-item spread over `--repeat` runs, gathered from records that arrive in plan order
//! (the repeats of one job are next to each other), so nothing but one group is held.

use std::collections::BTreeMap;

use crate::record::{ItemRecord, RepeatedItem, Repeats, Spread, FORMAT_VERSION};

/// Groups consecutive records of one (task, item, backend) and summarizes each group.
#[derive(Debug, Default)]
pub(super) struct RepeatTally {
    current: Vec<ItemRecord>,
    items: Vec<RepeatedItem>,
}

impl RepeatTally {
    pub(super) fn add(&mut self, record: &ItemRecord) {
        let same = self.current.first().is_some_and(|r| {
            r.task == record.task && r.id == record.id && r.backend == record.backend
        });
        if !same {
            self.close();
        }
        self.current.push(record.clone());
    }

    fn close(&mut self) {
        let group = std::mem::take(&mut self.current);
        if let Some(first) = group.first() {
            self.items.push(summarize(first, &group));
        }
    }

    pub(super) fn finish(mut self, repeat: usize) -> Repeats {
        self.close();
        Repeats {
            format_version: FORMAT_VERSION,
            repeat,
            flipping: self.items.iter().filter(|i| !i.flips.is_empty()).count(),
            items: self.items,
        }
    }
}

fn summarize(first: &ItemRecord, group: &[ItemRecord]) -> RepeatedItem {
    let mut values: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for record in group.iter().filter(|r| r.error.is_none()) {
        for (column, value) in &record.scores.0 {
            values.entry(column.clone()).or_default().push(*value);
        }
    }
    let flips = values
        .iter()
        .filter(|(_, v)| {
            let bits = |x: &f64| x.to_bits();
            let binary = v
                .iter()
                .all(|x| bits(x) == bits(&0.0) || bits(x) == bits(&1.0));
            binary && v.iter().any(|x| bits(x) != bits(&v[0]))
        })
        .map(|(c, _)| c.clone())
        .collect();
    RepeatedItem {
        task: first.task,
        id: first.id.clone(),
        backend: first.backend.clone(),
        errors: group.iter().filter(|r| r.error.is_some()).count(),
        columns: values.iter().map(|(c, v)| (c.clone(), spread(v))).collect(),
        flips,
    }
}

#[allow(clippy::cast_precision_loss)] // counts of repeats are small
fn spread(values: &[f64]) -> Spread {
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let stdev = (n >= 2).then(|| {
        let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
        (ss / (n - 1) as f64).sqrt()
    });
    Spread {
        n,
        mean,
        stdev,
        min: values.iter().copied().fold(f64::INFINITY, f64::min),
        max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Task;
    use crate::record::ScoreMap;

    fn record(id: &str, repeat: u32, f1: f64, em: f64) -> ItemRecord {
        ItemRecord {
            output: Some(String::new()),
            scores: ScoreMap(vec![("f1".into(), f1), ("exact_match".into(), em)]),
            repeat,
            ..ItemRecord::new(id, Task::Answer, "b")
        }
    }

    #[test]
    fn groups_have_mean_spread_and_flips() {
        let mut tally = RepeatTally::default();
        for r in [
            record("a", 0, 0.5, 0.0),
            record("a", 1, 1.0, 1.0),
            record("a", 2, 0.0, 0.0),
            record("b", 0, 1.0, 1.0),
            record("b", 1, 1.0, 1.0),
            record("b", 2, 1.0, 1.0),
        ] {
            tally.add(&r);
        }
        let repeats = tally.finish(3);
        assert_eq!(repeats.flipping, 1);
        let a = &repeats.items[0];
        assert_eq!(
            a.flips,
            ["exact_match"],
            "f1 takes 0.5 too, so it is not a flip"
        );
        let f1 = a.columns["f1"];
        assert_eq!((f1.n, f1.mean, f1.min, f1.max), (3, 0.5, 0.0, 1.0));
        assert_eq!(f1.stdev, Some(0.5));
        assert!(repeats.items[1].flips.is_empty());
        assert_eq!(repeats.items[1].columns["f1"].stdev, Some(0.0));
    }
}
