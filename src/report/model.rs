//! The shape every file report renders: groups (a backend checked against its golden, a
//! pair of compared systems, or one backend of a run), each with metric rows, item rows and
//! failed gates. Built from a [`Comparison`], from [`BackendCheck`]s or from a [`RunDir`], so
//! each format is written once for the three commands.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::check::BackendCheck;
use crate::compare::Comparison;
use crate::dataset::Kind;
use crate::dataset::Task;
use crate::metrics::Direction;
use crate::record::golden::GoldenItem;
use crate::record::{ItemRecord, RunDir, ScoreMap};
use crate::report::references::References;

/// A report of `goldeval check` or `goldeval compare`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `run`, `check` or `compare`.
    pub command: &'static str,
    /// `true` when each group has two sides (check, compare); `false` for a run, whose rows
    /// have only the right side.
    pub paired: bool,
    /// Name of the left side of every comparison (`golden` or `A`).
    pub left: &'static str,
    /// Name of the right side (`run` or `B`).
    pub right: &'static str,
    /// `true` when every gate passed (always `true` for compare).
    pub passed: bool,
    /// The statistics' signature, for compare.
    pub signature: Option<String>,
    /// The groups.
    pub groups: Vec<Group>,
}

/// One backend against its golden, or one pair of systems.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// `lead` or `lead vs textrank`.
    pub name: String,
    /// What the left side is (a golden file, system A's label).
    pub left: String,
    /// What the right side is.
    pub right: String,
    /// Metric rows.
    pub metrics: Vec<MetricRow>,
    /// Item rows.
    pub items: Vec<ItemRow>,
    /// Failed gates: (gate, message).
    pub failures: Vec<(String, String)>,
    /// Notes.
    pub notes: Vec<String>,
}

/// One metric column of one task.
#[derive(Debug, Clone, Serialize)]
pub struct MetricRow {
    /// Task.
    pub task: Task,
    /// Column id.
    pub metric: String,
    /// Which way the column improves.
    pub direction: Direction,
    /// Left mean.
    pub left: Option<f64>,
    /// Right mean.
    pub right: Option<f64>,
    /// `right − left`.
    pub delta: Option<f64>,
    /// Paired permutation p-value; `None` for a run.
    pub p: Option<f64>,
    /// `false` when a gate failed on this column.
    pub ok: bool,
    /// The column's signature, when the report knows it (a run's summary.json).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// One item, both sides.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    /// Task.
    pub task: Task,
    /// Item id.
    pub id: String,
    /// The column of the scores.
    pub column: String,
    /// Left score.
    pub left_score: Option<f64>,
    /// Right score.
    pub right_score: Option<f64>,
    /// Left output.
    pub left_output: String,
    /// Right output.
    pub right_output: String,
    /// Why this item counts against a gate (or, in a run, why it errored), when it does.
    pub failure: Option<String>,
    /// The gold side: references or the question and its answers.
    pub reference: Option<String>,
    /// The right side's per-item details (explanations, matched facts, …).
    pub details: Option<serde_json::Value>,
    /// For QA items, the kind of question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// Every metric column's value on the left side (empty in a run, or when unknown).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub left_scores: BTreeMap<String, f64>,
    /// Every metric column's value on the right side (empty when the item errored).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub right_scores: BTreeMap<String, f64>,
}

/// Which side of a group's items a set of scores belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The golden, or system A.
    Left,
    /// The run, or system B.
    Right,
}

/// One recorded item's identity and scores, from a run's items.jsonl or a golden.
#[derive(Debug, Clone, Copy)]
pub struct Scored<'a> {
    /// Task.
    pub task: Task,
    /// Item id.
    pub id: &'a str,
    /// QA kind.
    pub kind: Option<Kind>,
    /// Every column's value.
    pub scores: &'a ScoreMap,
}

impl<'a> From<&'a ItemRecord> for Scored<'a> {
    fn from(r: &'a ItemRecord) -> Self {
        Scored {
            task: r.task,
            id: &r.id,
            kind: r.kind,
            scores: &r.scores,
        }
    }
}

impl<'a> From<&'a GoldenItem> for Scored<'a> {
    fn from(g: &'a GoldenItem) -> Self {
        Scored {
            task: g.task,
            id: &g.id,
            kind: g.kind,
            scores: &g.scores,
        }
    }
}

fn score_map(scores: &ScoreMap) -> BTreeMap<String, f64> {
    scores.0.iter().cloned().collect()
}

impl Report {
    /// The report of a comparison.
    pub fn from_comparison(c: &Comparison) -> Report {
        let groups = c
            .pairs
            .iter()
            .map(|pair| Group {
                name: format!("{} vs {}", pair.a, pair.b),
                left: pair.a.clone(),
                right: pair.b.clone(),
                metrics: pair
                    .tasks
                    .iter()
                    .flat_map(|t| {
                        t.metrics.iter().map(|m| MetricRow {
                            task: t.task,
                            metric: m.metric.clone(),
                            direction: m.direction,
                            left: m.a.map(|e| e.value),
                            right: m.b.map(|e| e.value),
                            delta: m.difference.map(|e| e.value),
                            p: Some(m.p_holm),
                            ok: true,
                            signature: None,
                        })
                    })
                    .collect(),
                items: pair
                    .tasks
                    .iter()
                    .flat_map(|t| {
                        t.items.iter().map(|d| ItemRow {
                            task: t.task,
                            id: d.id.clone(),
                            column: t.rank_by.clone(),
                            left_score: Some(d.a_score),
                            right_score: Some(d.b_score),
                            left_output: d.a_output.clone(),
                            right_output: d.b_output.clone(),
                            failure: None,
                            reference: None,
                            details: None,
                            kind: None,
                            left_scores: BTreeMap::new(),
                            right_scores: BTreeMap::new(),
                        })
                    })
                    .collect(),
                failures: Vec::new(),
                notes: Vec::new(),
            })
            .collect();
        Report {
            command: "compare",
            paired: true,
            left: "A",
            right: "B",
            passed: true,
            signature: Some(c.signature.clone()),
            groups,
        }
    }

    /// The report of a run: one group per backend, its means and its items.
    pub fn from_run(run: &RunDir) -> Report {
        let groups = run
            .manifest
            .backends
            .iter()
            .map(|backend| run_group(run, backend))
            .collect();
        Report {
            command: "run",
            paired: false,
            left: "",
            right: "run",
            passed: run.items.iter().all(|r| r.error.is_none()),
            signature: None,
            groups,
        }
    }

    /// Sets each item row's reference from `references`.
    pub fn attach_references(&mut self, references: &References) {
        for item in self.groups.iter_mut().flat_map(|g| &mut g.items) {
            item.reference = references.get(item.task, &item.id).map(str::to_string);
        }
    }

    /// Sets the details of the item rows of group `group` from the right side's records.
    pub fn attach_details<'a>(
        &mut self,
        group: usize,
        records: impl IntoIterator<Item = &'a ItemRecord>,
    ) {
        let Some(g) = self.groups.get_mut(group) else {
            return;
        };
        for r in records {
            if let Some(item) = g
                .items
                .iter_mut()
                .find(|i| i.task == r.task && i.id == r.id)
            {
                item.details.clone_from(&r.details);
            }
        }
    }

    /// Sets every column's score of one side of the item rows of group `group` (and the QA
    /// kind) from `records`, matched by task and id; records without a row are ignored.
    pub fn attach_scores<'a, S: Into<Scored<'a>>>(
        &mut self,
        group: usize,
        side: Side,
        records: impl IntoIterator<Item = S>,
    ) {
        let Some(g) = self.groups.get_mut(group) else {
            return;
        };
        for r in records {
            let r: Scored<'a> = r.into();
            if let Some(item) = g
                .items
                .iter_mut()
                .find(|i| i.task == r.task && i.id == r.id)
            {
                item.kind = item.kind.or(r.kind);
                let scores = score_map(r.scores);
                match side {
                    Side::Left => item.left_scores = scores,
                    Side::Right => item.right_scores = scores,
                }
            }
        }
    }

    /// The report of a check.
    pub fn from_checks(checks: &[BackendCheck]) -> Report {
        let groups = checks.iter().map(check_group).collect();
        Report {
            command: "check",
            paired: true,
            left: "golden",
            right: "run",
            passed: checks.iter().all(BackendCheck::passed),
            signature: None,
            groups,
        }
    }
}

fn run_group(run: &RunDir, backend: &str) -> Group {
    let results = run.summary.results.iter().filter(|r| r.backend == backend);
    let metrics = results
        .flat_map(|r| {
            r.metrics.iter().map(|m| MetricRow {
                task: r.task,
                metric: m.metric.clone(),
                direction: m.direction,
                left: None,
                right: m.overall.mean,
                delta: None,
                p: None,
                ok: true,
                signature: Some(m.signature.to_string()),
            })
        })
        .collect();
    let items = run
        .backend_items(backend)
        .map(|r| {
            let columns: Vec<String> = r.scores.0.iter().map(|(k, _)| k.clone()).collect();
            let column = crate::compare::rank_column(r.task, &columns);
            ItemRow {
                task: r.task,
                id: r.id.clone(),
                right_score: r.scores.get(&column),
                column,
                left_score: None,
                left_output: String::new(),
                right_output: r.output.clone().unwrap_or_default(),
                failure: r.error.as_ref().map(|e| format!("error: {e}")),
                reference: None,
                details: r.details.clone(),
                kind: r.kind,
                left_scores: BTreeMap::new(),
                right_scores: score_map(&r.scores),
            }
        })
        .collect();
    Group {
        name: backend.to_string(),
        left: String::new(),
        right: backend.to_string(),
        metrics,
        items,
        failures: Vec::new(),
        notes: Vec::new(),
    }
}

fn check_group(c: &BackendCheck) -> Group {
    let item_gate_failed = c.failures.iter().any(|f| f.gate == "max-item-regressions");
    Group {
        name: c.backend.clone(),
        left: c.golden.clone(),
        right: c.backend.clone(),
        metrics: c
            .columns
            .iter()
            .map(|col| MetricRow {
                task: col.task,
                metric: col.metric.clone(),
                direction: col.direction,
                left: col.golden,
                right: col.run,
                delta: col.golden.zip(col.run).map(|(g, r)| r - g),
                p: Some(col.p),
                ok: col.ok,
                signature: None,
            })
            .collect(),
        items: c
            .items
            .iter()
            .map(|i| ItemRow {
                task: i.task,
                id: i.id.clone(),
                column: i.column.clone(),
                left_score: i.golden_score,
                right_score: i.run_score,
                left_output: i.golden_output.clone(),
                right_output: i.run_output.clone(),
                failure: c
                    .regressions
                    .iter()
                    .find(|r| r.task == i.task && r.id == i.id)
                    .filter(|_| item_gate_failed)
                    .map(|r| format!("max-item-regressions: {}", r.what)),
                reference: None,
                details: None,
                kind: None,
                left_scores: BTreeMap::new(),
                right_scores: BTreeMap::new(),
            })
            .collect(),
        failures: c
            .failures
            .iter()
            .map(|f| (f.gate.to_string(), f.message.clone()))
            .collect(),
        notes: c.notes.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{ColumnCheck, Failure, ItemPair, ItemRegression};
    use crate::compare::tests::{pair, settings};
    use crate::dataset::Dataset;
    use crate::metrics::registry::{qa_metrics, summary_metrics};
    use crate::metrics::MetricSet;
    use crate::run::{RunConfig, Silent};

    fn close(x: Option<f64>, y: f64) -> bool {
        x.is_some_and(|x| (x - y).abs() < 1e-12)
    }

    #[test]
    fn a_comparison_gives_one_group_per_pair_with_means_deltas_and_items() {
        let (a, b) = pair();
        let c = crate::compare::compare(&[a.clone(), b.clone()], settings()).unwrap();
        let mut report = Report::from_comparison(&c);
        assert_eq!(
            (report.command, report.paired, report.left, report.right),
            ("compare", true, "A", "B")
        );
        assert!(report.passed);
        assert_eq!(report.signature.as_deref(), Some(c.signature.as_str()));
        let g = &report.groups[0];
        assert_eq!(
            (g.name.as_str(), g.left.as_str(), g.right.as_str()),
            ("a vs b", "a", "b")
        );
        let em = &g.metrics[0];
        assert_eq!((em.task, em.metric.as_str()), (Task::Answer, "exact_match"));
        assert!(close(em.left, 1.0 / 3.0) && close(em.right, 1.0) && close(em.delta, 2.0 / 3.0));
        assert!(close(em.p, 0.5) && em.ok && em.signature.is_none());
        assert_eq!(g.metrics[1].direction, Direction::Lower);
        let rows: Vec<(&str, Option<f64>, Option<f64>)> = g
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.left_score, i.right_score))
            .collect();
        assert_eq!(
            rows,
            [
                ("q3", Some(0.0), Some(1.0)),
                ("q1", Some(0.0), Some(1.0)),
                ("q2", Some(1.0), Some(1.0))
            ]
        );
        assert_eq!(g.items[0].right_output, "output of q3");

        // Scores and details of records without a row (q4, q5, q6) are left out.
        report.attach_scores(0, Side::Left, &a.items);
        let mut b_items = b.items.clone();
        b_items[0].details = Some(serde_json::json!({"answer_match": {"explanation": "x"}}));
        report.attach_details(0, &b_items);
        let g = &report.groups[0];
        assert_eq!(g.items.len(), 3);
        assert_eq!(g.items[1].left_scores.get("wrong_figures"), Some(&2.0));
        assert!(g.items[1].right_scores.is_empty());
        assert!(g.items[1].details.is_some(), "q1 is b's first record");
        assert!(g.items[0].details.is_none());
    }

    fn column(metric: &str, golden: Option<f64>, run: Option<f64>, ok: bool) -> ColumnCheck {
        ColumnCheck {
            task: Task::Answer,
            metric: metric.into(),
            n: 2,
            golden,
            run,
            direction: Direction::Higher,
            tolerance: Some(0.01),
            p: 0.03,
            ok,
        }
    }

    fn item(id: &str, golden: f64, run: f64) -> ItemPair {
        ItemPair {
            task: Task::Answer,
            id: id.into(),
            column: "f1".into(),
            golden_score: Some(golden),
            run_score: Some(run),
            golden_output: format!("golden {id}"),
            run_output: format!("run {id}"),
        }
    }

    /// A check of `backend` with one regressed item (q2); `gates` are the failed gates.
    fn check(backend: &str, gates: &[&'static str]) -> BackendCheck {
        BackendCheck {
            backend: backend.into(),
            golden: format!("goldens/{backend}.jsonl"),
            columns: vec![
                column("f1", Some(0.75), Some(0.5), false),
                column("exact_match", Some(0.5), None, true),
            ],
            regressions: vec![ItemRegression {
                task: Task::Answer,
                id: "q2".into(),
                what: "f1: 1 → 0".into(),
            }],
            failures: gates
                .iter()
                .map(|&gate| Failure {
                    gate,
                    message: format!("{gate} failed"),
                })
                .collect(),
            notes: vec!["a note".into()],
            compared: vec![(Task::Answer, 2)],
            items: vec![item("q1", 1.0, 1.0), item("q2", 1.0, 0.0)],
        }
    }

    #[test]
    fn a_check_gives_one_group_per_backend_and_marks_the_items_of_a_failed_item_gate() {
        let failing = check("lead", &["max-drop", "max-item-regressions"]);
        let report = Report::from_checks(&[failing, check("textrank", &[])]);
        assert_eq!(
            (report.command, report.left, report.right),
            ("check", "golden", "run")
        );
        assert!(!report.passed);
        let g = &report.groups[0];
        assert_eq!(
            (g.name.as_str(), g.left.as_str()),
            ("lead", "goldens/lead.jsonl")
        );
        assert!(close(g.metrics[0].delta, -0.25) && !g.metrics[0].ok);
        assert!(close(g.metrics[0].p, 0.03));
        assert_eq!(g.metrics[1].delta, None, "no run mean, no delta");
        assert_eq!(g.items[0].failure, None);
        assert_eq!(
            g.items[1].failure.as_deref(),
            Some("max-item-regressions: f1: 1 → 0")
        );
        assert_eq!(g.items[1].left_output, "golden q2");
        assert_eq!(
            g.failures,
            [
                ("max-drop".to_string(), "max-drop failed".to_string()),
                (
                    "max-item-regressions".to_string(),
                    "max-item-regressions failed".to_string()
                )
            ]
        );
        assert_eq!(g.notes, ["a note"]);
        // Without a failed item gate, a regressed item is not marked.
        assert!(report.groups[1].items.iter().all(|i| i.failure.is_none()));
        assert!(Report::from_checks(&[check("textrank", &[])]).passed);
    }

    #[test]
    fn a_run_gives_one_group_per_backend_with_its_means_signatures_and_items() {
        let dataset = Dataset::load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/datasets/mini"
        ))
        .unwrap();
        let builtins = crate::backend::builtins();
        let pick = |name: &str| builtins.iter().find(|b| b.name() == name).cloned().unwrap();
        let config = RunConfig::of(vec![pick("lead"), pick("extractive-qa")]);
        let metrics = MetricSet::new(summary_metrics(), qa_metrics());
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("run");
        crate::run::execute(&dataset, &config, &metrics, &dir, "abc123", &Silent).unwrap();
        let mut run = RunDir::open(&dir).unwrap();
        let report = Report::from_run(&run);
        assert_eq!(
            (report.command, report.paired, report.right),
            ("run", false, "run")
        );
        assert!(report.passed);
        let names: Vec<&str> = report.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["lead", "extractive-qa"]);

        let lead = &report.groups[0];
        let columns: Vec<&str> = lead.metrics.iter().map(|m| m.metric.as_str()).collect();
        let expected: Vec<String> = metrics
            .columns(Task::Summarize)
            .iter()
            .map(|c| c.id.clone())
            .collect();
        assert_eq!(columns, expected);
        let rouge1 = &lead.metrics[0];
        assert_eq!(rouge1.left, None);
        assert_eq!(rouge1.right, run.summary.results[0].metrics[0].overall.mean);
        assert!(rouge1.signature.as_deref().unwrap().starts_with("rouge1|"));
        let row = &lead.items[0];
        let record = run.backend_items("lead").next().unwrap();
        assert_eq!(
            (row.id.as_str(), row.column.as_str()),
            ("ms-1", "rougeLsum")
        );
        assert_eq!(row.right_score, record.scores.get("rougeLsum"));
        assert_eq!(row.right_output, record.output.clone().unwrap());
        assert_eq!(row.right_scores.len(), record.scores.0.len());
        assert!(row.details.as_ref().unwrap().get("rouge").is_some());

        let qa = &report.groups[1];
        assert_eq!(qa.items.len(), 4);
        assert!(qa.items.iter().all(|i| i.column == "f1"));
        assert_eq!(qa.items[0].kind, Some(Kind::Numeric));

        let wire = r#"{"kind": "timeout", "message": "slow"}"#;
        run.items[1].error = Some(serde_json::from_str(wire).unwrap());
        let failed = Report::from_run(&run);
        assert!(!failed.passed);
        let row = &failed.groups[1].items[0];
        assert_eq!(row.failure.as_deref(), Some("error: timeout: slow"));
    }
}
