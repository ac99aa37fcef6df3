//! The HTML report: one self-contained file (no network: a Content-Security-Policy forbids
//! every external load). A summary table per group, one inline-SVG bar chart per metric, and
//! a per-item table with a filter box and sortable columns (inline JS that only moves and
//! hides rows, never parses markup); each item opens to both outputs side by side with a
//! word-level diff. Every piece of report text goes through [`crate::report::escape::markup`].

use std::fmt::Write;

use crate::report::escape::markup as esc;
use crate::report::model::{ItemRow, Report};
use crate::report::word_diff::{diff, Segment};

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;\
text-align:left;vertical-align:top}th{background:#f3f3f3;cursor:pointer}td.n{text-align:right;\
font-variant-numeric:tabular-nums}.fail{color:#b00020;font-weight:bold}.side{display:grid;\
grid-template-columns:1fr 1fr 1fr;gap:1em;max-width:1400px}.side div{white-space:pre-wrap}\
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}\
svg{margin:0 1em 1em 0}";

const SCRIPT: &str = r#"(function () {
  var input = document.getElementById('filter');
  var body = document.querySelector('#items tbody');
  var count = document.getElementById('count');
  function apply() {
    var q = input.value.toLowerCase(), shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var show = row.textContent.toLowerCase().indexOf(q) >= 0;
      row.hidden = !show;
      if (show) { shown++; }
    });
    count.textContent = shown + ' of ' + body.rows.length + ' items';
  }
  input.addEventListener('input', apply);
  var m = /[#&]q=([^&]*)/.exec(location.hash);
  if (m) { input.value = decodeURIComponent(m[1]); }
  apply();
  Array.prototype.forEach.call(document.querySelectorAll('#items th'), function (th, col) {
    th.addEventListener('click', function () {
      var asc = th.getAttribute('data-dir') !== 'asc';
      th.setAttribute('data-dir', asc ? 'asc' : 'desc');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-v') || a.cells[col].textContent;
        var y = b.cells[col].getAttribute('data-v') || b.cells[col].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return asc ? c : -c;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();"#;

/// Renders the report as one HTML page.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let title = format!("goldeval {}", report.command);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n",
        esc(&title),
        esc(&title)
    );
    if report.command == "check" {
        let (class, text) = if report.passed {
            ("", "Every gate passed.")
        } else {
            ("fail", "A gate failed.")
        };
        let _ = writeln!(out, "<p class=\"{class}\" id=\"verdict\">{}</p>", esc(text));
    }
    summary(&mut out, report);
    charts(&mut out, report);
    items(&mut out, report);
    if let Some(s) = &report.signature {
        let _ = writeln!(out, "<p>Signature: <code>{}</code></p>", esc(s));
    }
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body></html>\n");
    out
}

fn num(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.4}"))
}

fn summary(out: &mut String, report: &Report) {
    for g in &report.groups {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<p>{}: {} · {}: {}</p>",
            esc(&g.name),
            esc(report.left),
            esc(&g.left),
            esc(report.right),
            esc(&g.right)
        );
        let _ = writeln!(
            out,
            "<table class=\"summary\"><tr><th>task</th><th>metric</th><th>better</th><th>{}</th><th>{}</th>\
             <th>Δ</th><th>p</th><th>status</th></tr>",
            esc(report.left),
            esc(report.right)
        );
        for m in &g.metrics {
            let status = if m.ok {
                "<td>ok</td>"
            } else {
                "<td class=\"fail\">FAIL</td>"
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{:.4}</td>{status}</tr>",
                esc(m.task.as_str()),
                esc(&m.metric),
                esc(m.direction.marker()),
                num(m.left),
                num(m.right),
                m.delta.map_or("-".into(), |d| format!("{d:+.4}")),
                m.p
            );
        }
        out.push_str("</table>\n");
        if !g.failures.is_empty() || !g.notes.is_empty() {
            out.push_str("<ul>\n");
            for (gate, message) in &g.failures {
                let _ = writeln!(
                    out,
                    "<li class=\"fail\">FAIL [{}] {}</li>",
                    esc(gate),
                    esc(message)
                );
            }
            for note in &g.notes {
                let _ = writeln!(out, "<li>note: {}</li>", esc(note));
            }
            out.push_str("</ul>\n");
        }
    }
}

/// One SVG per (task, metric): for every group a bar for each side, on a 0–1 scale.
fn charts(out: &mut String, report: &Report) {
    let mut keys: Vec<(String, String)> = Vec::new();
    for g in &report.groups {
        for m in &g.metrics {
            let key = (m.task.to_string(), m.metric.clone());
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    if keys.is_empty() {
        return;
    }
    out.push_str("<h2>Charts</h2>\n<div class=\"charts\">\n");
    for (task, metric) in keys {
        let bars: Vec<(String, Option<f64>)> = report
            .groups
            .iter()
            .flat_map(|g| {
                let m = g
                    .metrics
                    .iter()
                    .find(|m| m.task.as_str() == task && m.metric == metric);
                [
                    (
                        format!("{} · {}", g.name, report.left),
                        m.and_then(|m| m.left),
                    ),
                    (
                        format!("{} · {}", g.name, report.right),
                        m.and_then(|m| m.right),
                    ),
                ]
            })
            .collect();
        let (row, label_w, bar_w) = (18.0, 260.0, 200.0);
        let height = row * bars.len() as f64 + 24.0;
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\" \
             aria-label=\"{}\"><text x=\"0\" y=\"14\" font-weight=\"bold\">{}</text>",
            label_w + bar_w + 60.0,
            esc(&format!("{task}/{metric}")),
            esc(&format!("{task}/{metric}"))
        );
        for (i, (label, value)) in bars.iter().enumerate() {
            let y = 24.0 + row * i as f64;
            let w = value.unwrap_or(0.0).clamp(0.0, 1.0) * bar_w;
            let fill = if i % 2 == 0 { "#9bb" } else { "#369" };
            let _ = writeln!(
                out,
                "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"{label_w}\" y=\"{}\" \
                 width=\"{w:.1}\" height=\"{}\" fill=\"{fill}\"/><text x=\"{}\" y=\"{}\" \
                 font-size=\"12\">{}</text>",
                y + 12.0,
                esc(label),
                y + 2.0,
                row - 4.0,
                label_w + w + 4.0,
                y + 12.0,
                num(*value)
            );
        }
        out.push_str("</svg>\n");
    }
    out.push_str("</div>\n");
}

fn items(out: &mut String, report: &Report) {
    let total: usize = report.groups.iter().map(|g| g.items.len()).sum();
    let _ = writeln!(
        out,
        "<h2>Items</h2>\n<p><label>Filter <input id=\"filter\" type=\"search\" \
         placeholder=\"id, text, FAIL…\"></label> <span id=\"count\">{total} items</span></p>\n\
         <table id=\"items\"><thead><tr><th>group</th><th>task</th><th>id</th><th>column</th>\
         <th>{}</th><th>{}</th><th>Δ</th><th>status</th><th>outputs</th></tr></thead><tbody>",
        esc(report.left),
        esc(report.right)
    );
    for g in &report.groups {
        for item in &g.items {
            item_row(out, report, &g.name, item);
        }
    }
    out.push_str("</tbody></table>\n");
}

fn item_row(out: &mut String, report: &Report, group: &str, i: &ItemRow) {
    let delta = i.left_score.zip(i.right_score).map(|(l, r)| r - l);
    let status = match &i.failure {
        Some(f) => format!("<td class=\"fail\">FAIL: {}</td>", esc(f)),
        None => "<td>ok</td>".into(),
    };
    let _ = write!(
        out,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>\
         <td class=\"n\">{}</td><td class=\"n\" data-v=\"{}\">{}</td>{status}<td><details>\
         <summary>show</summary><div class=\"side\"><div><b>{}</b>\n{}</div><div><b>{}</b>\n{}</div>\
         <div><b>word diff</b>\n{}</div></div></details></td></tr>\n",
        esc(group),
        esc(i.task.as_str()),
        esc(&i.id),
        esc(&i.column),
        num(i.left_score),
        num(i.right_score),
        delta.map_or(String::new(), |d| d.to_string()),
        delta.map_or("-".into(), |d| format!("{d:+.4}")),
        esc(report.left),
        esc(&i.left_output),
        esc(report.right),
        esc(&i.right_output),
        word_diff(&i.left_output, &i.right_output)
    );
}

fn word_diff(left: &str, right: &str) -> String {
    let parts: Vec<String> = diff(left, right)
        .into_iter()
        .map(|seg| match seg {
            Segment::Same(w) => esc(&w.join(" ")),
            Segment::Removed(w) => format!("<del>{}</del>", esc(&w.join(" "))),
            Segment::Added(w) => format!("<ins>{}</ins>", esc(&w.join(" "))),
        })
        .collect();
    parts.join(" ")
}
