//! The Markdown report: per group a metric table, failed gates and notes (for pull-request
//! comments and job summaries).

use std::fmt::Write;

use crate::report::escape::markdown_cell as cell;
use crate::report::model::Report;

/// Renders the report as GitHub-flavoured Markdown.
pub fn render(report: &Report) -> String {
    let mut out = format!("# goldeval {}\n\n", report.command);
    if report.command == "check" {
        let verdict = if report.passed {
            "passed"
        } else {
            "**FAILED**"
        };
        let _ = writeln!(out, "Check {verdict}.\n");
    }
    let num = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v:.4}"));
    for g in &report.groups {
        let _ = writeln!(out, "## {}\n", cell(&g.name));
        if !report.paired {
            let _ = writeln!(out, "| task | metric | better | mean |\n|---|---|---|---:|");
            for m in &g.metrics {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    m.task,
                    cell(&m.metric),
                    m.direction.marker(),
                    num(m.right)
                );
            }
            let errors: Vec<String> = g
                .items
                .iter()
                .filter_map(|i| Some(format!("{}/{}: {}", i.task, i.id, i.failure.as_ref()?)))
                .collect();
            for e in &errors {
                let _ = writeln!(out, "\n- {}", cell(e));
            }
            out.push('\n');
            continue;
        }
        let _ = writeln!(
            out,
            "{}: {} · {}: {}\n",
            report.left,
            cell(&g.left),
            report.right,
            cell(&g.right)
        );
        let _ = writeln!(
            out,
            "| task | metric | better | {} | {} | Δ | p | status |\n|---|---|---|---:|---:|---:|---:|---|",
            report.left, report.right
        );
        for m in &g.metrics {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                m.task,
                cell(&m.metric),
                m.direction.marker(),
                num(m.left),
                num(m.right),
                m.delta.map_or("-".into(), |d| format!("{d:+.4}")),
                num(m.p),
                if m.ok { "ok" } else { "**FAIL**" }
            );
        }
        out.push('\n');
        for (gate, message) in &g.failures {
            let _ = writeln!(out, "- **FAIL** `{}`: {}", cell(gate), cell(message));
        }
        for note in &g.notes {
            let _ = writeln!(out, "- note: {}", cell(note));
        }
        if !g.failures.is_empty() || !g.notes.is_empty() {
            out.push('\n');
        }
    }
    if let Some(s) = &report.signature {
        let _ = writeln!(out, "Signature: `{}`", s.replace('`', "'"));
    }
    out
}
