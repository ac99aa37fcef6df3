//! `run.json`: what was run, on what, by which build, and how long it took.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dataset::Task;
use crate::metrics::Signature;

/// Identity of the dataset a run used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetRef {
    /// `name` from dataset.toml.
    pub name: String,
    /// `version` from dataset.toml.
    pub version: String,
    /// The directory it was loaded from, as given.
    pub path: String,
    /// `sha256:` content hash of the manifest and data files.
    pub hash: String,
}

/// Wall-clock timings of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    /// Start time, UTC, RFC 3339.
    pub started: String,
    /// End time, UTC, RFC 3339.
    pub finished: String,
    /// Total wall-clock seconds.
    pub wall_seconds: f64,
}

/// The contents of `run.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunManifest {
    /// [`super::FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// goldeval version that wrote the run.
    pub goldeval_version: String,
    /// The run's id (the directory name's suffix).
    pub run_id: String,
    /// The dataset.
    pub dataset: DatasetRef,
    /// Backends, in the order they ran.
    pub backends: Vec<String>,
    /// Tasks evaluated.
    pub tasks: Vec<Task>,
    /// `--limit`: at most this many items per task, if set.
    pub limit: Option<usize>,
    /// Signature of every metric column, keyed `task/column`.
    pub signatures: BTreeMap<String, Signature>,
    /// Items recorded and items that errored.
    pub counts: Counts,
    /// Timings.
    pub timings: Timings,
    /// Tokens used (and cost) by the requests this run made (cache hits excluded), when any
    /// backend reported usage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<super::Usage>,
    /// `--shard K/N` of this run, if it is one shard (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<super::Shard>,
    /// What the user should know about the run (recorded outputs that are not items, items
    /// that errored, repeats that flip), as `warning:` lines print them; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<crate::warning::Warning>,
    /// `--repeat N`: each job ran N times (absent when 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<usize>,
    /// `sha256:` digest of the records' keys in `items.jsonl` order, one
    /// `task<TAB>id<TAB>backend<TAB>repeat<LF>` each: a merged run's equals the unsharded
    /// run's, and `goldeval merge` checks each shard's against the units it expects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_digest: Option<String>,
}

/// Builds [`RunManifest::records_digest`] from the records' keys, in order.
#[derive(Debug, Clone, Default)]
pub struct RecordsDigest {
    hasher: sha2::Sha256,
}

impl RecordsDigest {
    /// Adds one record's key.
    pub fn add(&mut self, task: Task, id: &str, backend: &str, repeat: u32) {
        use sha2::Digest;
        let line = format!("{task}\t{id}\t{backend}\t{repeat}\n");
        self.hasher.update(line.as_bytes());
    }

    /// `sha256:` and the hex digest.
    pub fn finish(self) -> String {
        use sha2::Digest;
        let digest = self.hasher.finalize();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }
}

/// Item counts of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    /// Item records written.
    pub items: usize,
    /// Records whose backend errored.
    pub errors: usize,
    /// Retries made in the whole run (each one a repeated request).
    #[serde(default)]
    pub retries: u64,
    /// Items whose output came from the response cache.
    #[serde(default)]
    pub cache_hits: u64,
    /// Items whose requests waited for a rate budget (requests or tokens per minute).
    #[serde(default)]
    pub rate_limited: u64,
    /// Total milliseconds waited for rate budgets.
    #[serde(default)]
    pub rate_limit_wait_ms: u64,
}
