//! The HTML report: one self-contained file (no network: a Content-Security-Policy forbids
//! every external load). A summary table per group, one inline-SVG bar chart per metric, and
//! a per-item table with a filter box and sortable columns (inline JS that only moves and
//! hides rows, never parses markup; `#q=TEXT` and `#sort=COLUMN` or `#sort=-COLUMN` in the
//! URL preset them); each item opens to both outputs side by side with a
//! word-level diff. Every piece of report text goes through [`crate::report::escape::markup`].

use std::fmt::Write;

use crate::report::escape::markup as esc;
use crate::report::model::{ItemRow, Report};
use crate::report::word_diff::{diff, Segment};

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;\
text-align:left;vertical-align:top}th{background:#f3f3f3;cursor:pointer}td.n{text-align:right;\
font-variant-numeric:tabular-nums}.fail{color:#b00020;font-weight:bold}.side{display:grid;\
grid-template-columns:repeat(auto-fit,minmax(16em,1fr));gap:1em;max-width:1600px}\
pre.details{max-height:24em;overflow:auto;background:#f8f8f8;padding:.5em;font-size:12px;\
white-space:pre-wrap;overflow-wrap:anywhere}.side div{white-space:pre-wrap;overflow-wrap:anywhere}\
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}\
svg{margin:0 1em 1em 0}";

const SCRIPT: &str = r#"(function () {
  var input = document.getElementById('filter');
  var body = document.querySelector('#items tbody');
  var count = document.getElementById('count');
  // Each item is a row of cells (class "item") and a full-width row of outputs under it.
  function pairs() {
    var out = [];
    Array.prototype.forEach.call(body.rows, function (row) {
      if (row.className === 'item') { out.push([row, row.nextElementSibling]); }
    });
    return out;
  }
  function apply() {
    var q = input.value.toLowerCase(), shown = 0, all = pairs();
    all.forEach(function (p) {
      var text = (p[0].textContent + ' ' + p[1].textContent).toLowerCase();
      var show = text.indexOf(q) >= 0;
      p[0].hidden = !show;
      p[1].hidden = !show;
      if (show) { shown++; }
    });
    count.textContent = shown + ' of ' + all.length + ' items';
  }
  input.addEventListener('input', apply);
  var m = /[#&]q=([^&]*)/.exec(location.hash);
  if (m) { input.value = decodeURIComponent(m[1]); }
  apply();
  Array.prototype.forEach.call(document.querySelectorAll('#items th'), function (th, col) {
    th.addEventListener('click', function () {
      var asc = th.getAttribute('data-dir') !== 'asc';
      th.setAttribute('data-dir', asc ? 'asc' : 'desc');
      var all = pairs();
      all.sort(function (a, b) {
        var x = a[0].cells[col].getAttribute('data-v') || a[0].cells[col].textContent;
        var y = b[0].cells[col].getAttribute('data-v') || b[0].cells[col].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return asc ? c : -c;
      });
      all.forEach(function (p) { body.appendChild(p[0]); body.appendChild(p[1]); });
    });
  });
  // #sort=id sorts ascending by the column headed "id", #sort=-id descending.
  var s = /[#&]sort=(-?)([^&]*)/.exec(location.hash);
  if (s) {
    Array.prototype.forEach.call(document.querySelectorAll('#items th'), function (th) {
      if (th.textContent === decodeURIComponent(s[2])) {
        th.click();
        if (s[1] === '-') { th.click(); }
      }
    });
  }
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
        let _ = writeln!(out, "<h2>{}</h2>", esc(&g.name));
        if report.paired {
            let _ = writeln!(
                out,
                "<p>{}: {} · {}: {}</p>",
                esc(report.left),
                esc(&g.left),
                esc(report.right),
                esc(&g.right)
            );
        }
        out.push_str("<table class=\"summary\"><tr><th>task</th><th>metric</th><th>better</th>");
        if report.paired {
            let _ = write!(
                out,
                "<th>{}</th><th>{}</th><th>Δ</th><th>p</th><th>status</th>",
                esc(report.left),
                esc(report.right)
            );
        } else {
            out.push_str("<th>mean</th>");
        }
        out.push_str("</tr>\n");
        for m in &g.metrics {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td title=\"{}\">{}</td>",
                esc(m.task.as_str()),
                esc(&m.metric),
                esc(m.direction.as_str()),
                esc(m.direction.marker())
            );
            if report.paired {
                let status = if m.ok {
                    "<td>ok</td>"
                } else {
                    "<td class=\"fail\">FAIL</td>"
                };
                let _ = write!(
                    out,
                    "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                     <td class=\"n\">{}</td>{status}",
                    num(m.left),
                    num(m.right),
                    m.delta.map_or("-".into(), |d| format!("{d:+.4}")),
                    num(m.p)
                );
            } else {
                let _ = write!(out, "<td class=\"n\">{}</td>", num(m.right));
            }
            out.push_str("</tr>\n");
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

/// One SVG per (task, metric): for every group a bar for each side (one bar in a run), on a
/// 0–1 scale, or 0–max for columns with larger values (lengths, density).
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
            // Only the groups that have this column (no empty QA rows in a ROUGE chart).
            .filter(|g| {
                g.metrics
                    .iter()
                    .any(|m| m.task.as_str() == task && m.metric == metric)
            })
            .flat_map(|g| {
                let m = g
                    .metrics
                    .iter()
                    .find(|m| m.task.as_str() == task && m.metric == metric);
                let right = if report.paired {
                    format!("{} · {}", g.name, report.right)
                } else {
                    g.name.clone()
                };
                let left = (
                    format!("{} · {}", g.name, report.left),
                    m.and_then(|m| m.left),
                );
                report
                    .paired
                    .then_some(left)
                    .into_iter()
                    .chain([(right, m.and_then(|m| m.right))])
            })
            .collect();
        let scale = bars.iter().filter_map(|(_, v)| *v).fold(1.0_f64, f64::max);
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
            let w = (value.unwrap_or(0.0) / scale).clamp(0.0, 1.0) * bar_w;
            let fill = if report.paired && i % 2 == 0 {
                "#9bb"
            } else {
                "#369"
            };
            let _ = writeln!(
                out,
                "<text x=\"0\" y=\"{}\" font-size=\"12\"><title>{}</title>{}</text><rect x=\"{label_w}\" y=\"{}\" \
                 width=\"{w:.1}\" height=\"{}\" fill=\"{fill}\"/><text x=\"{}\" y=\"{}\" \
                 font-size=\"12\">{}</text>",
                y + 12.0,
                esc(label),
                esc(&fit(label, 40)),
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

/// `text` cut to its last `max - 1` characters after an ellipsis when longer (the end of a
/// label, `…/after:lead · B`, is the part that tells bars apart).
fn fit(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_string();
    }
    let tail: String = text.chars().skip(n + 1 - max).collect();
    format!("…{tail}")
}

fn items(out: &mut String, report: &Report) {
    let total: usize = report.groups.iter().map(|g| g.items.len()).sum();
    let _ = write!(
        out,
        "<h2>Items</h2>\n<p><label>Filter <input id=\"filter\" type=\"search\" \
         placeholder=\"id, text, FAIL…\"></label> <span id=\"count\">{total} items</span> \
         (click a heading to sort)</p>\n<table id=\"items\"><thead><tr><th>group</th><th>task</th>\
         <th>id</th><th>column</th>"
    );
    if report.paired {
        let _ = write!(
            out,
            "<th>{}</th><th>{}</th><th>Δ</th>",
            esc(report.left),
            esc(report.right)
        );
    } else {
        out.push_str("<th>score</th>");
    }
    out.push_str("<th>status</th></tr></thead><tbody>\n");
    for g in &report.groups {
        for item in &g.items {
            item_row(out, report, &g.name, item);
        }
    }
    out.push_str("</tbody></table>\n");
}

fn item_row(out: &mut String, report: &Report, group: &str, i: &ItemRow) {
    let _ = write!(
        out,
        "<tr class=\"item\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        esc(group),
        esc(i.task.as_str()),
        esc(&i.id),
        esc(&i.column)
    );
    if report.paired {
        let delta = i.left_score.zip(i.right_score).map(|(l, r)| r - l);
        let _ = write!(
            out,
            "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\" data-v=\"{}\">{}</td>",
            num(i.left_score),
            num(i.right_score),
            delta.map_or(String::new(), |d| d.to_string()),
            delta.map_or("-".into(), |d| format!("{d:+.4}"))
        );
    } else {
        let _ = write!(out, "<td class=\"n\">{}</td>", num(i.right_score));
    }
    match &i.failure {
        Some(f) => {
            let _ = write!(out, "<td class=\"fail\">FAIL: {}</td>", esc(f));
        }
        None => out.push_str("<td>ok</td>"),
    }
    let columns = if report.paired { 8 } else { 6 };
    let _ = write!(
        out,
        "</tr>\n<tr class=\"more\"><td colspan=\"{columns}\"><details><summary>{} outputs</summary>\
         <div class=\"side\">",
        esc(&i.id)
    );
    let reference = i.reference.as_deref();
    let mut panel = |title: &str, body: String| {
        let _ = write!(out, "<div><b>{}</b>\n{body}</div>", esc(title));
    };
    panel("reference", reference.map_or("(not available)".into(), esc));
    if report.paired {
        panel(report.left, esc(&i.left_output));
        panel(report.right, esc(&i.right_output));
        panel(
            &format!("word diff {} → {}", report.left, report.right),
            word_diff(&i.left_output, &i.right_output),
        );
    } else {
        panel("output", esc(&i.right_output));
        panel(
            "word diff reference → output",
            reference.map_or("-".into(), |r| word_diff(r, &i.right_output)),
        );
    }
    out.push_str("</div>");
    if let Some(details) = &i.details {
        let text = serde_json::to_string_pretty(details).unwrap_or_default();
        let _ = write!(
            out,
            "<p><b>details ({})</b></p><pre class=\"details\">{}</pre>",
            esc(report.right),
            esc(&text)
        );
    }
    out.push_str("</details></td></tr>\n");
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

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn long_labels_keep_their_end() {
        assert_eq!(fit("lead · A", 40), "lead · A");
        assert_eq!(fit("abcdefgh", 5), "…efgh");
        assert_eq!(fit("abcdefgh", 5).chars().count(), 5);
    }
}
