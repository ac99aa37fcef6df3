//! The JUnit XML report: one `<testsuite>` per backend (or pair), one `<testcase>` per metric
//! column and per item; a failure's text names the gate that failed.

use std::fmt::Write;

use crate::report::escape::markup as esc;
use crate::report::model::Report;

/// Renders the report as JUnit XML.
pub fn render(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"goldeval {}\">", report.command);
    for g in &report.groups {
        // Gates that are not about one column (coverage, signature, …) get one testcase.
        let other: Vec<String> = g
            .failures
            .iter()
            .filter(|(gate, _)| gate != "max-drop")
            .map(|(gate, msg)| format!("{gate}: {msg}"))
            .collect();
        let cases = g.metrics.len() + g.items.len() + 1;
        let failed = g.metrics.iter().filter(|m| !m.ok).count()
            + g.items.iter().filter(|i| i.failure.is_some()).count()
            + usize::from(!other.is_empty());
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{cases}\" failures=\"{failed}\">",
            esc(&g.name)
        );
        for m in &g.metrics {
            let name = format!("{}/{}", m.task, m.metric);
            let failure = (!m.ok).then(|| {
                g.failures
                    .iter()
                    .filter(|(_, msg)| msg.starts_with(&format!("{name} ")))
                    .map(|(gate, msg)| format!("{gate}: {msg}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            case(&mut out, "aggregate", &name, failure.as_deref());
        }
        for i in &g.items {
            let name = format!("{}/{}", i.task, i.id);
            case(&mut out, "item", &name, i.failure.as_deref());
        }
        let text = other.join("\n");
        case(
            &mut out,
            "gates",
            "other gates",
            (!text.is_empty()).then_some(text.as_str()),
        );
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn case(out: &mut String, class: &str, name: &str, failure: Option<&str>) {
    match failure {
        None => {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{class}\" name=\"{}\"/>",
                esc(name)
            );
        }
        Some(text) => {
            let first = text.lines().next().unwrap_or_default();
            let _ = writeln!(
                out,
                "    <testcase classname=\"{class}\" name=\"{}\">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                esc(name),
                esc(first),
                esc(text)
            );
        }
    }
}
