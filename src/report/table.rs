//! Aligned plain-text tables for the terminal: one table per task, backends × metric means,
//! with the signatures of the numbers underneath.

use std::fmt::Write;

use crate::dataset::Task;
use crate::record::{BackendSummary, Summary};
use crate::report::palette::visible_width;

/// A table of left-aligned text columns and right-aligned numeric columns.
#[derive(Debug, Clone, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    all_left: bool,
}

impl Table {
    /// A table with these column headings; the first column is left-aligned, the rest right.
    pub fn new(header: Vec<String>) -> Self {
        Table {
            header,
            rows: Vec::new(),
            all_left: false,
        }
    }

    /// A table whose columns are all left-aligned (for listings of text).
    pub fn text(header: Vec<String>) -> Self {
        Table {
            all_left: true,
            ..Table::new(header)
        }
    }

    /// Adds a row (missing cells render empty).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Renders with two spaces between columns and a rule under the header.
    pub fn render(&self) -> String {
        let widths: Vec<usize> = (0..self.header.len())
            .map(|i| {
                std::iter::once(&self.header)
                    .chain(&self.rows)
                    .map(|r| r.get(i).map_or(0, |c| visible_width(c)))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        let line = |cells: &Vec<String>, out: &mut String| {
            let parts: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(i, &w)| {
                    let cell = cells.get(i).map_or("", String::as_str);
                    // Padding by visible width, so coloured cells align too.
                    let pad = " ".repeat(w.saturating_sub(visible_width(cell)));
                    if i == 0 || self.all_left {
                        format!("{cell}{pad}")
                    } else {
                        format!("{pad}{cell}")
                    }
                })
                .collect();
            let _ = writeln!(out, "{}", parts.join("  ").trim_end());
        };
        line(&self.header, &mut out);
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        let _ = writeln!(out, "{}", rule.join("  "));
        for row in &self.rows {
            line(row, &mut out);
        }
        out
    }
}

/// Formats a mean for display: 4 decimals, or `-` when undefined.
pub fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"))
}

/// The terminal report of a run: per task, a backend × metric table of means, then the
/// signature of every column.
pub fn summary_tables(summary: &Summary) -> String {
    results_tables(&summary.results)
}

/// The terminal report of a `score` command: how many items, the table of means (or "no
/// items"), the metrics' own statistics (the official SQuAD v2 aggregate, abstention rates)
/// and the signatures.
pub fn score_text(result: &BackendSummary) -> String {
    if result.items == 0 {
        return "no items: nothing to aggregate (every mean is undefined)\n".to_string();
    }
    let mut out = results_tables(std::slice::from_ref(result));
    for statistics in &result.statistics {
        let _ = writeln!(out, "\n{} ({})", statistics.metric, statistics.signature);
        let mut table = Table::new(vec!["statistic".into(), "value".into()]);
        for (name, value) in &statistics.values.0 {
            table.row(vec![name.clone(), number(*value)]);
        }
        out.push_str(&table.render());
    }
    out
}

/// Per task, a backend × metric table of means, then every column's signature.
pub fn results_tables(all: &[BackendSummary]) -> String {
    let mut out = String::new();
    for task in Task::ALL {
        let results: Vec<&BackendSummary> = all.iter().filter(|r| r.task == task).collect();
        let Some(first) = results.first() else {
            continue;
        };
        let title = match task {
            Task::Summarize => "Summarization",
            Task::Answer => "Question answering",
        };
        let _ = writeln!(out, "{title} ({} items)\n", first.items);
        let columns: Vec<(String, Vec<String>)> = first
            .metrics
            .iter()
            .enumerate()
            .map(|(k, m)| {
                let cells = results
                    .iter()
                    .map(|r| number(r.metrics.get(k).and_then(|m| m.overall.mean)))
                    .collect();
                (m.metric.clone(), cells)
            })
            .chain(std::iter::once((
                "errors".to_string(),
                results.iter().map(|r| r.errors.to_string()).collect(),
            )))
            .collect();
        for (i, group) in fit_width(&columns, MAX_WIDTH).iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let mut header = vec!["backend".to_string()];
            header.extend(group.iter().map(|&c| columns[c].0.clone()));
            let mut table = Table::new(header);
            for (b, r) in results.iter().enumerate() {
                let mut row = vec![r.backend.clone()];
                row.extend(group.iter().map(|&c| columns[c].1[b].clone()));
                table.row(row);
            }
            out.push_str(&table.render());
        }
        out.push('\n');
        if let Some(by_kind) = kind_table(&results) {
            out.push_str(&by_kind);
            out.push('\n');
        }
    }
    let mut signatures: Vec<String> = Vec::new();
    for r in all {
        for m in &r.metrics {
            let s = m.signature.to_string();
            if !signatures.contains(&s) {
                signatures.push(s);
            }
        }
    }
    if !signatures.is_empty() {
        out.push_str("Signatures:\n");
        for s in signatures {
            let _ = writeln!(out, "  {s}");
        }
    }
    out
}

/// Widest a metric table is allowed to grow before its columns continue in another table.
const MAX_WIDTH: usize = 100;

/// Splits columns, in order, into groups whose tables (with a leading backend column of
/// `width` 16) stay within `max` characters; every group has at least one column.
fn fit_width(columns: &[(String, Vec<String>)], max: usize) -> Vec<Vec<usize>> {
    let width = |(header, cells): &(String, Vec<String>)| {
        cells
            .iter()
            .map(String::len)
            .chain([header.len()])
            .max()
            .unwrap_or(0)
            + 2
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut used = 0;
    for (i, column) in columns.iter().enumerate() {
        let w = width(column);
        match groups.last_mut() {
            Some(group) if used + w <= max => group.push(i),
            _ => {
                groups.push(vec![i]);
                used = 16;
            }
        }
        used += w;
    }
    groups
}

/// Per-kind means of the first QA column that has a breakdown (`answer_match` when present).
fn kind_table(results: &[&BackendSummary]) -> Option<String> {
    let first = results.first()?;
    let metric = first
        .metrics
        .iter()
        .find(|m| m.metric == "answer_match")
        .or_else(|| first.metrics.iter().find(|m| !m.by_kind.is_empty()))?;
    if metric.by_kind.is_empty() {
        return None;
    }
    let kinds: Vec<_> = metric.by_kind.keys().copied().collect();
    let mut header = vec!["backend".to_string()];
    header.extend(
        kinds
            .iter()
            .map(|k| format!("{k} ({})", metric.by_kind[k].n)),
    );
    let mut table = Table::new(header);
    for r in results {
        let Some(m) = r.metrics.iter().find(|m| m.metric == metric.metric) else {
            continue;
        };
        let mut row = vec![r.backend.clone()];
        row.extend(
            kinds
                .iter()
                .map(|k| number(m.by_kind.get(k).and_then(|a| a.mean))),
        );
        table.row(row);
    }
    Some(format!(
        "{} by kind of question (items)\n\n{}",
        metric.metric,
        table.render()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_columns() {
        let mut t = Table::new(vec!["backend".into(), "rouge1".into()]);
        t.row(vec!["lead".into(), "0.5000".into()]);
        t.row(vec!["textrank".into(), "0.25".into()]);
        assert_eq!(
            t.render(),
            "backend   rouge1\n--------  ------\nlead      0.5000\ntextrank    0.25\n"
        );
    }

    #[test]
    fn wide_tables_continue_in_groups_that_fit() {
        let column = |name: &str| (name.to_string(), vec!["0.1234".to_string()]);
        let columns: Vec<_> = ["aaaaaaaaaaaaaaaaaaa", "b", "cccccccccccccccccc", "d"]
            .map(column)
            .to_vec();
        // backend 16 + 21 + 8 = 45 fits in 50; + 20 does not; 16 + 20 + 8 = 44 fits.
        assert_eq!(fit_width(&columns, 50), [vec![0, 1], vec![2, 3]]);
        // A column wider than the limit still gets a table of its own.
        assert_eq!(
            fit_width(&columns, 10),
            [vec![0], vec![1], vec![2], vec![3]]
        );
        assert_eq!(fit_width(&columns, 200), [vec![0, 1, 2, 3]]);
    }

    #[test]
    fn undefined_numbers_render_as_dash() {
        assert_eq!(number(None), "-");
        assert_eq!(number(Some(0.123_456)), "0.1235");
    }
}
