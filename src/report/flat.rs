//! The machine-readable reports: `.json` (the whole report), `.jsonl` (one line per item)
//! and `.csv` (one row per metric column).

use serde::Serialize;

use crate::error::{Error, Result};
use crate::report::escape;
use crate::report::model::{ItemRow, Report};

fn to_json(value: &impl Serialize, pretty: bool) -> Result<String> {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    text.map_err(|source| Error::Serialize {
        what: "report".into(),
        source,
    })
}

/// The whole report as pretty JSON.
///
/// # Errors
/// [`Error::Serialize`] (a bug: reports are plain data).
pub fn json(report: &Report) -> Result<String> {
    Ok(to_json(report, true)? + "\n")
}

#[derive(Serialize)]
struct Line<'a> {
    command: &'static str,
    group: &'a str,
    #[serde(flatten)]
    item: &'a ItemRow,
}

/// One JSON line per item row, with its group.
///
/// # Errors
/// [`Error::Serialize`].
pub fn jsonl(report: &Report) -> Result<String> {
    let mut out = String::new();
    for g in &report.groups {
        for item in &g.items {
            let line = Line {
                command: report.command,
                group: &g.name,
                item,
            };
            out.push_str(&to_json(&line, false)?);
            out.push('\n');
        }
    }
    Ok(out)
}

/// One CSV row per metric column: group, task, metric, direction, left, right, delta, p,
/// status; a run (unpaired) has group, task, metric, direction and mean.
pub fn csv(report: &Report) -> String {
    let mut out = if report.paired {
        format!(
            "group,task,metric,better,{},{},delta,p,status\n",
            report.left, report.right
        )
    } else {
        "backend,task,metric,better,mean\n".to_string()
    };
    let num = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    for g in &report.groups {
        for m in &g.metrics {
            let mut cells = vec![
                escape::csv(&g.name),
                m.task.to_string(),
                escape::csv(&m.metric),
                m.direction.as_str().to_string(),
            ];
            if report.paired {
                cells.extend([
                    num(m.left),
                    num(m.right),
                    num(m.delta),
                    num(m.p),
                    if m.ok { "ok" } else { "fail" }.to_string(),
                ]);
            } else {
                cells.push(num(m.right));
            }
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    }
    out
}
