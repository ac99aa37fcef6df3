//! `plan.json`: what a run set out to do, written before its first item, so an interrupted
//! run can be resumed (`goldeval run --resume DIR`).

use serde::{Deserialize, Serialize};

use super::DatasetRef;
use crate::dataset::Task;

/// The contents of `plan.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunPlan {
    /// [`super::FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The run's id.
    pub run_id: String,
    /// The dataset; a resumed run must load the same content (`hash`).
    pub dataset: DatasetRef,
    /// Backend names, in order.
    pub backends: Vec<String>,
    /// How each backend was selected (`--backend` values, resolved again by `--resume`),
    /// when any differs from its name (`replay:runs/a/items.jsonl` is named `replay:a`);
    /// absent when every selector is the name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selectors: Vec<String>,
    /// Tasks evaluated.
    pub tasks: Vec<Task>,
    /// `--limit`, if set.
    pub limit: Option<usize>,
    /// `--shard K/N`, if set: this run holds every N-th item, starting with the K-th.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// `--repeat N`: each job runs N times (1 when absent).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub repeat: usize,
    /// `--judge NAME`: the backend the `judge` metric asked, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judge: Option<String>,
    /// What the run planned to record, so that `goldeval merge` can tell a complete shard
    /// from one that lost records (absent in plans written before goldeval 0.1.0 had it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned: Option<Planned>,
}

/// The units a run planned: how many, and which tasks each backend runs. With the dataset
/// (by its content hash) and the plan's tasks, limit, shard and repeat, these determine
/// every planned (task, item, backend, repeat), in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planned {
    /// Records the run will write when complete (items × backends running their task ×
    /// repeats).
    pub units: usize,
    /// Per backend, in the order of the plan's `backends`, the tasks it runs.
    pub backend_tasks: Vec<Vec<Task>>,
}

fn one() -> usize {
    1
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_one(n: &usize) -> bool {
    *n == 1
}

/// One of `count` disjoint parts of a run (`--shard index/count`, 1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which part, 1 ≤ index ≤ count.
    pub index: usize,
    /// How many parts.
    pub count: usize,
}

impl Shard {
    /// Parses `K/N` (1 ≤ K ≤ N).
    ///
    /// # Errors
    /// A message saying what is wrong.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("expected K/N (like 2/4), not {text:?}"))?;
        let number = |s: &str| {
            s.trim()
                .parse::<usize>()
                .map_err(|_| format!("expected K/N with whole numbers, not {text:?}"))
        };
        let (index, count) = (number(k)?, number(n)?);
        if index == 0 || count == 0 || index > count {
            return Err(format!("expected 1 <= K <= N in K/N, not {text:?}"));
        }
        Ok(Shard { index, count })
    }

    /// Whether the `nth` item of the plan (0-based, over both tasks) belongs to this shard.
    pub fn holds(&self, nth: usize) -> bool {
        nth % self.count == self.index - 1
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::Shard;

    #[test]
    fn shards_parse_and_partition_items() {
        let s = Shard::parse("2/3").unwrap();
        assert_eq!((s.index, s.count, s.to_string()), (2, 3, "2/3".to_string()));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { index: k, count: 3 }).collect();
        for nth in 0..30 {
            assert_eq!(shards.iter().filter(|s| s.holds(nth)).count(), 1);
        }
    }
}
