//! The HTML report: one self-contained file (no network: a Content-Security-Policy forbids
//! every external load). A run's summary is one matrix per task (a row per backend, a column
//! per metric headed with its direction, the signature as tooltip); a paired report (check,
//! compare) has a table per group with both sides, Δ coloured by direction, p and status.
//! Then the inline-SVG charts of [`crate::report::charts`] (score distributions, means by
//! kind of question, A-vs-B scatters), and a per-item table with a filter box and sortable
//! columns (inline JS that only moves and hides rows, never parses markup; `#q=TEXT` and
//! `#sort=COLUMN` or `#sort=-COLUMN` in the URL preset them); each item opens to the
//! reference and outputs side by side with a word-level diff. Every piece of report text goes
//! through [`crate::report::escape::markup`].

use std::fmt::Write;

use crate::dataset::Task;
use crate::metrics::Direction;
use crate::report::charts;
use crate::report::escape::markup as esc;
use crate::report::model::{Group, ItemRow, MetricRow, Report};
use crate::report::word_diff::{diff, Segment};

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;\
text-align:left;vertical-align:top}th{background:#f3f3f3}#items th{cursor:pointer}\
td.n{text-align:right;font-variant-numeric:tabular-nums}.fail{color:#b00020;font-weight:bold}.side{display:grid;\
grid-template-columns:repeat(auto-fit,minmax(16em,1fr));gap:1em;max-width:1600px}\
pre.details{max-height:24em;overflow:auto;background:#f8f8f8;padding:.5em;font-size:12px;\
white-space:pre-wrap;overflow-wrap:anywhere}.side div{white-space:pre-wrap;overflow-wrap:anywhere}\
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}\
svg{margin:0 1em 1em 0}.wide{overflow-x:auto;max-width:100%}table.matrix th{min-width:3.5em}\
.best{font-weight:bold}.better{color:#080}.worse{color:#b00020}.changed{color:#247}\
.charts{display:flex;flex-wrap:wrap;align-items:flex-start}.hint{color:#555;font-size:12px}\
.groups{display:flex;flex-wrap:wrap;column-gap:2em}.group{flex:0 0 auto;max-width:100%}\
table.summary{font-size:13px}table.summary td,table.summary th{padding:2px 6px}";

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
    if report.paired {
        summary(&mut out, report);
    } else {
        matrices(&mut out, report);
    }
    charts::distributions(&mut out, report);
    charts::by_kind(&mut out, report);
    charts::scatters(&mut out, report);
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

/// A paired report's summary: per group, one row per metric column with both sides, Δ
/// (coloured by the column's direction), p and the gate status.
fn summary(out: &mut String, report: &Report) {
    // Groups side by side where the window allows (a check of four backends is four tables).
    out.push_str("<div class=\"groups\">\n");
    for g in &report.groups {
        let _ = writeln!(
            out,
            "<section class=\"group\"><h2>{}</h2>\n<p>{}: {} · {}: {}</p>",
            esc(&g.name),
            esc(report.left),
            esc(&g.left),
            esc(report.right),
            esc(&g.right)
        );
        let _ = writeln!(
            out,
            "<div class=\"wide\"><table class=\"summary\"><tr><th>task</th><th>metric</th>\
             <th title=\"↑ higher is better, ↓ lower is better, · descriptive\">better</th>\
             <th>{}</th><th>{}</th><th>Δ</th><th>p</th><th>status</th></tr>",
            esc(report.left),
            esc(report.right)
        );
        for m in &g.metrics {
            let status = if m.ok {
                "<td>ok</td>"
            } else {
                "<td class=\"fail\">FAIL</td>"
            };
            let class = m
                .left
                .zip(m.right)
                .map_or("", |(l, r)| change_class(m.direction, l, r));
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td title=\"{}\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n {class}\">{}</td><td class=\"n\">{}</td>\
                 {status}</tr>",
                esc(m.task.as_str()),
                esc(&m.metric),
                esc(m.direction.as_str()),
                esc(m.direction.marker()),
                num(m.left),
                num(m.right),
                m.delta.map_or("-".into(), |d| format!("{d:+.4}")),
                num(m.p)
            );
        }
        out.push_str("</table></div>\n");
        failures_and_notes(out, g);
        out.push_str("</section>\n");
    }
    out.push_str("</div>\n");
}

/// `better`, `worse`, `changed` (a descriptive column) or nothing (no change).
fn change_class(direction: Direction, left: f64, right: f64) -> &'static str {
    match direction.worsening(left, right) {
        Some(w) if w < 0.0 => "better",
        Some(w) if w > 0.0 => "worse",
        None if left.partial_cmp(&right) != Some(std::cmp::Ordering::Equal) => "changed",
        _ => "",
    }
}

fn failures_and_notes(out: &mut String, g: &Group) {
    if g.failures.is_empty() && g.notes.is_empty() {
        return;
    }
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

/// A run's summary: per task one matrix, a row per backend and a column per metric (headed
/// with its direction; the signature as tooltip), the best value of a quality column in bold.
fn matrices(out: &mut String, report: &Report) {
    out.push_str("<h2>Summary</h2>\n");
    for task in Task::ALL {
        let groups: Vec<&Group> = report
            .groups
            .iter()
            .filter(|g| g.metrics.iter().any(|m| m.task == task))
            .collect();
        let mut columns: Vec<&MetricRow> = Vec::new();
        for m in groups.iter().flat_map(|g| &g.metrics) {
            if m.task == task && !columns.iter().any(|c| c.metric == m.metric) {
                columns.push(m);
            }
        }
        if columns.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<h3>{}</h3>\n<div class=\"wide\"><table class=\"matrix\" data-task=\"{}\"><tr>\
             <th>backend</th>",
            esc(task.as_str()),
            esc(task.as_str())
        );
        for c in &columns {
            let _ = write!(
                out,
                "<th title=\"{}\">{} <span title=\"{}\">{}</span></th>",
                esc(c.signature.as_deref().unwrap_or(c.direction.as_str())),
                // Long ids (unsupported_entities) may break after an underscore.
                esc(&c.metric).replace('_', "_<wbr>"),
                esc(c.direction.as_str()),
                esc(c.direction.marker())
            );
        }
        out.push_str("</tr>\n");
        for g in &groups {
            let _ = write!(out, "<tr><td>{}</td>", esc(&g.name));
            for c in &columns {
                let value = g
                    .metrics
                    .iter()
                    .find(|m| m.task == task && m.metric == c.metric)
                    .and_then(|m| m.right);
                let best = groups.len() > 1 && value.is_some() && value == best_of(&groups, c);
                let class = if best { "n best" } else { "n" };
                let _ = write!(out, "<td class=\"{class}\">{}</td>", num(value));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table></div>\n");
    }
    for g in &report.groups {
        failures_and_notes(out, g);
    }
}

/// The best mean of column `c` over `groups` by its direction; `None` for a descriptive one.
fn best_of(groups: &[&Group], c: &MetricRow) -> Option<f64> {
    let values = groups.iter().filter_map(|g| {
        g.metrics
            .iter()
            .find(|m| m.task == c.task && m.metric == c.metric)?
            .right
    });
    match c.direction {
        Direction::Higher => values.reduce(f64::max),
        Direction::Lower => values.reduce(f64::min),
        Direction::Descriptive => None,
    }
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
    use super::change_class;
    use crate::metrics::Direction;

    #[test]
    fn a_delta_is_coloured_by_the_columns_direction() {
        assert_eq!(change_class(Direction::Higher, 0.2, 0.3), "better");
        assert_eq!(change_class(Direction::Lower, 0.2, 0.3), "worse");
        assert_eq!(change_class(Direction::Lower, 2.0, 1.0), "better");
        assert_eq!(change_class(Direction::Descriptive, 2.0, 1.0), "changed");
        assert_eq!(change_class(Direction::Higher, 0.5, 0.5), "");
        assert_eq!(change_class(Direction::Descriptive, 0.5, 0.5), "");
    }
}
