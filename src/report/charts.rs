//! The HTML report's charts, as inline SVG (no script, no external load): per (task, metric)
//! a histogram of the per-item scores of every backend or side; per QA metric the mean by kind
//! of question; for paired reports, per group and metric, a scatter of each item's left score
//! against its right score, coloured by whether the change is better given the column's
//! direction.
//!
//! Bounded columns (every value in [0, 1]) are drawn over [0, 1]; others (lengths, density)
//! over the [min, max] of the values in that chart. Every label and tooltip (backend names,
//! item ids) goes through [`crate::report::escape::markup`].

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::dataset::Kind;
use crate::dataset::Task;
use crate::metrics::Direction;
use crate::report::escape::markup as esc;
use crate::report::model::{ItemRow, Report};

/// Bins of a histogram.
const BINS: usize = 10;

/// Per group, the (left, right) colours of a pair; a run's backends use the right colour.
const PALETTE: [(&str, &str); 6] = [
    ("#9bd", "#369"),
    ("#eb9", "#c63"),
    ("#ad9", "#393"),
    ("#dad", "#939"),
    ("#dd9", "#886"),
    ("#9dd", "#399"),
];

/// The scores of one backend or one side: one colour in every chart.
struct Track<'a> {
    /// `lead` (a run) or `lead · golden` (a pair).
    label: String,
    colour: &'static str,
    /// Each item with the scores of this side.
    rows: Vec<(&'a ItemRow, &'a BTreeMap<String, f64>)>,
}

impl Track<'_> {
    fn values(&self, task: Task, metric: &str) -> Vec<f64> {
        self.rows
            .iter()
            .filter(|(i, _)| i.task == task)
            .filter_map(|(_, s)| s.get(metric).copied())
            .collect()
    }
}

/// One group: a run's backend (one track) or a pair (left and right tracks).
struct Lane<'a> {
    name: &'a str,
    tracks: Vec<Track<'a>>,
}

/// One row of a histogram: a lane and the values of each of its tracks.
type HistRow<'l, 'r> = (&'l Lane<'r>, Vec<(&'l Track<'r>, Vec<f64>)>);

/// One kind's bars: per track, the mean and the item count.
type Cluster<'l, 'r> = (Kind, Vec<(&'l Track<'r>, f64, usize)>);

fn lanes(report: &Report) -> Vec<Lane<'_>> {
    report
        .groups
        .iter()
        .enumerate()
        .map(|(n, g)| {
            let (light, dark) = PALETTE[n % PALETTE.len()];
            let track = |label: String, colour, left: bool| Track {
                label,
                colour,
                rows: g
                    .items
                    .iter()
                    .map(|i| {
                        (
                            i,
                            if left {
                                &i.left_scores
                            } else {
                                &i.right_scores
                            },
                        )
                    })
                    .collect(),
            };
            let tracks = if report.paired {
                vec![
                    track(format!("{} · {}", g.name, report.left), light, true),
                    track(format!("{} · {}", g.name, report.right), dark, false),
                ]
            } else {
                vec![track(g.name.clone(), dark, false)]
            };
            Lane {
                name: &g.name,
                tracks,
            }
        })
        .collect()
}

/// Every (task, metric) of the report's metric rows, in first-seen order, with its direction.
fn columns(report: &Report) -> Vec<(Task, String, Direction)> {
    let mut keys: Vec<(Task, String, Direction)> = Vec::new();
    for m in report.groups.iter().flat_map(|g| &g.metrics) {
        if !keys.iter().any(|(t, c, _)| *t == m.task && *c == m.metric) {
            keys.push((m.task, m.metric.clone(), m.direction));
        }
    }
    keys
}

/// [0, 1] when every value lies in it, else [min, max] (widened when all values are equal).
fn range(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .into_iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() || (lo >= 0.0 && hi <= 1.0) {
        (0.0, 1.0)
    } else if (hi - lo).abs() < f64::EPSILON {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    }
}

/// Counts of `values` in [`BINS`] equal bins over `[lo, hi]` (the last bin includes `hi`).
fn bin_counts(values: &[f64], (lo, hi): (f64, f64)) -> [usize; BINS] {
    let mut counts = [0; BINS];
    for v in values {
        let at = ((v - lo) / (hi - lo) * BINS as f64).floor();
        // Clamped in f64 first, so the cast sees a whole number in 0..BINS.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let bin = at.clamp(0.0, (BINS - 1) as f64) as usize;
        counts[bin] += 1;
    }
    counts
}

/// A short axis number: fewer decimals for larger values.
fn tick(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// `text` cut to its last `max - 1` characters after an ellipsis when longer (the end of a
/// label, `…/after:lead · B`, is the part that tells series apart).
pub fn fit(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_string();
    }
    let tail: String = text.chars().skip(n + 1 - max).collect();
    format!("…{tail}")
}

fn heading(task: Task, metric: &str, direction: Direction) -> String {
    format!("{task}/{metric} {}", direction.marker())
}

/// Opens an `<svg>` at least `width` wide, wider when its bold title needs it.
fn svg_open(out: &mut String, class: &str, width: f64, height: f64, title: &str) {
    let width = width.max(8.0 * title.chars().count() as f64);
    let _ = write!(
        out,
        "<svg class=\"{class}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" \
         height=\"{height}\" role=\"img\" aria-label=\"{}\"><text x=\"0\" y=\"13\" \
         font-weight=\"bold\" font-size=\"13\">{}</text>",
        esc(title),
        esc(title)
    );
}

/// The "Score distributions" section: one histogram per (task, metric), one row per group
/// (a pair's two sides side by side in each bin), each side's mean as a tick.
pub fn distributions(out: &mut String, report: &Report) {
    let lanes = lanes(report);
    let mut charts = String::new();
    for (task, metric, direction) in columns(report) {
        let rows: Vec<HistRow> = lanes
            .iter()
            .map(|l| {
                let tracks = l.tracks.iter().map(|t| (t, t.values(task, &metric)));
                (l, tracks.filter(|(_, v)| !v.is_empty()).collect::<Vec<_>>())
            })
            .filter(|(_, tracks)| !tracks.is_empty())
            .collect();
        if rows.is_empty() {
            continue;
        }
        let all = rows.iter().flat_map(|(_, t)| t.iter().flat_map(|(_, v)| v));
        let span = range(all.copied());
        histogram(&mut charts, &heading(task, &metric, direction), &rows, span);
    }
    if !charts.is_empty() {
        let sides = if report.paired {
            format!(
                " Light bars: {}, dark bars: {}.",
                esc(report.left),
                esc(report.right)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<h2>Score distributions</h2>\n<p class=\"hint\">Items per tenth of each column's \
             range; the tick above each row is the mean.{sides} Hover a bar for its count.</p>\n\
             <div class=\"charts\">",
        );
        out.push_str(&charts);
        out.push_str("</div>\n");
    }
}

fn histogram(out: &mut String, title: &str, rows: &[HistRow], (lo, hi): (f64, f64)) {
    let (label_w, plot_w, row_h, top) = (110.0, 200.0, 34.0, 22.0);
    let height = top + row_h * rows.len() as f64 + 14.0;
    svg_open(out, "hist", label_w + plot_w + 10.0, height, title);
    let bin_w = plot_w / BINS as f64;
    for (r, (lane, tracks)) in rows.iter().enumerate() {
        let base = top + row_h * (r as f64 + 1.0) - 4.0;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\" font-size=\"11\"><title>{}</title>{}</text>\
             <line x1=\"{label_w}\" x2=\"{}\" y1=\"{base}\" y2=\"{base}\" stroke=\"#999\"/>",
            base - 8.0,
            esc(lane.name),
            esc(&fit(lane.name, 16)),
            label_w + plot_w
        );
        let counts: Vec<[usize; BINS]> = tracks
            .iter()
            .map(|(_, v)| bin_counts(v, (lo, hi)))
            .collect();
        let most = counts.iter().flatten().copied().max().unwrap_or(1).max(1);
        let bar_w = (bin_w - 2.0) / tracks.len() as f64;
        for (t, ((track, values), counts)) in tracks.iter().zip(&counts).enumerate() {
            for (b, &count) in counts.iter().enumerate().filter(|(_, c)| **c > 0) {
                let h = (row_h - 10.0) * count as f64 / most as f64;
                let from = lo + (hi - lo) * b as f64 / BINS as f64;
                let to = lo + (hi - lo) * (b + 1) as f64 / BINS as f64;
                let _ = write!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" \
                     fill=\"{}\"><title>{}: {count} in [{}, {}{}</title></rect>",
                    label_w + bin_w * b as f64 + 1.0 + bar_w * t as f64,
                    base - h,
                    track.colour,
                    esc(&track.label),
                    tick(from),
                    tick(to),
                    if b + 1 == BINS { "]" } else { ")" }
                );
            }
            if let Some(m) = mean(values) {
                let x = label_w + plot_w * ((m - lo) / (hi - lo)).clamp(0.0, 1.0);
                let _ = write!(
                    out,
                    "<path d=\"M{x:.1} {} l-3 -5 h6 z\" fill=\"{}\" stroke=\"#333\" \
                     stroke-width=\".5\"><title>{}: mean {m:.4} over {} items</title></path>",
                    base - row_h + 10.0,
                    track.colour,
                    esc(&track.label),
                    values.len()
                );
            }
        }
    }
    let axis = top + row_h * rows.len() as f64 + 10.0;
    let _ = writeln!(
        out,
        "<text x=\"{label_w}\" y=\"{axis}\" font-size=\"10\">{}</text><text x=\"{}\" y=\"{axis}\" \
         font-size=\"10\" text-anchor=\"end\">{}</text></svg>",
        tick(lo),
        label_w + plot_w,
        tick(hi)
    );
}

/// The "By kind of question" section: per metric of the items that have a kind (QA), the mean
/// per kind for every backend or side, with the item count in each bar's tooltip.
pub fn by_kind(out: &mut String, report: &Report) {
    let lanes = lanes(report);
    let tracks: Vec<&Track> = lanes.iter().flat_map(|l| &l.tracks).collect();
    let mut charts = String::new();
    for (task, metric, direction) in columns(report) {
        // Per kind, per track: (mean, n) of the items of that kind.
        let mut clusters: Vec<Cluster> = Vec::new();
        for kind in Kind::ALL {
            let bars: Vec<(&Track, f64, usize)> = tracks
                .iter()
                .filter_map(|t| {
                    let v: Vec<f64> = t
                        .rows
                        .iter()
                        .filter(|(i, _)| i.task == task && i.kind == Some(kind))
                        .filter_map(|(_, s)| s.get(&metric).copied())
                        .collect();
                    Some((*t, mean(&v)?, v.len()))
                })
                .collect();
            if !bars.is_empty() {
                clusters.push((kind, bars));
            }
        }
        if !clusters.is_empty() {
            kind_bars(&mut charts, &heading(task, &metric, direction), &clusters);
        }
    }
    if !charts.is_empty() {
        out.push_str(
            "<h2>By kind of question</h2>\n<p class=\"hint\">Mean per kind of question; hover a \
             bar for the item count.</p>\n<div class=\"charts\">\n",
        );
        out.push_str(&charts);
        out.push_str("</div>\n");
    }
}

fn kind_bars(out: &mut String, title: &str, clusters: &[Cluster]) {
    let bars = clusters.iter().map(|(_, b)| b.len()).max().unwrap_or(1);
    let (bar_w, gap, plot_h, top, left) = (12.0, 14.0, 110.0, 24.0, 28.0);
    // Wide enough for the kind's name under the cluster (names alternate between two lines).
    let cluster_w = (bar_w * bars as f64 + gap).max(40.0);
    let scale = clusters
        .iter()
        .flat_map(|(_, b)| b.iter().map(|(_, m, _)| *m))
        .fold(1.0_f64, f64::max);
    // Room on the right for the last kind's name.
    let width = left + cluster_w * clusters.len() as f64 + 36.0;
    let base = top + plot_h;
    svg_open(out, "kinds", width.max(240.0), base + 34.0, title);
    let _ = write!(
        out,
        "<line x1=\"{left}\" x2=\"{}\" y1=\"{base}\" y2=\"{base}\" stroke=\"#999\"/>\
         <text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{}</text>\
         <text x=\"{}\" y=\"{base}\" font-size=\"10\" text-anchor=\"end\">0</text>",
        width - 36.0,
        left - 3.0,
        top + 8.0,
        tick(scale),
        left - 3.0
    );
    for (c, (kind, bars)) in clusters.iter().enumerate() {
        let x0 = left + cluster_w * c as f64 + gap / 2.0;
        let x0 = x0 + (cluster_w - gap - bar_w * bars.len() as f64) / 2.0;
        for (b, (track, m, n)) in bars.iter().enumerate() {
            let h = plot_h * (m / scale).clamp(0.0, 1.0);
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\">\
                 <title>{} · {kind}: mean {m:.4} over {n} items</title></rect>",
                x0 + bar_w * b as f64,
                base - h,
                bar_w - 1.0,
                track.colour,
                esc(&track.label)
            );
        }
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            x0 + bar_w * bars.len() as f64 / 2.0,
            base + 12.0 + 10.0 * (c % 2) as f64,
            esc(kind.as_str())
        );
    }
    out.push_str("</svg>\n");
}

/// The "A vs B" section of a paired report: per group and (task, metric) one point per item
/// (x = left score, y = right score) with the diagonal; green where the right side is better,
/// red where worse (by the column's direction), blue for a descriptive change, grey when equal.
pub fn scatters(out: &mut String, report: &Report) {
    if !report.paired {
        return;
    }
    let mut any = false;
    for g in &report.groups {
        let mut charts = String::new();
        for (task, metric, direction) in columns(report) {
            let points: Vec<(&str, f64, f64)> = g
                .items
                .iter()
                .filter(|i| i.task == task)
                .filter_map(|i| {
                    let l = i.left_scores.get(&metric)?;
                    let r = i.right_scores.get(&metric)?;
                    Some((i.id.as_str(), *l, *r))
                })
                .collect();
            if !points.is_empty() {
                scatter(&mut charts, report, (task, &metric, direction), &points);
            }
        }
        if charts.is_empty() {
            continue;
        }
        if !any {
            let _ = write!(
                out,
                "<h2>{} vs {}</h2>\n<p class=\"hint\">One point per item: x = {}, y = {}. \
                 <span class=\"better\">Better</span>, <span class=\"worse\">worse</span> \
                 (by the column's direction), <span class=\"changed\">changed</span> \
                 (descriptive column) or the same. Hover a point for its item.</p>\n",
                esc(report.left),
                esc(report.right),
                esc(report.left),
                esc(report.right)
            );
            any = true;
        }
        let _ = write!(
            out,
            "<h3>{}</h3>\n<div class=\"charts\">\n{charts}</div>\n",
            esc(&g.name)
        );
    }
}

/// Colour and word of a point's change from `l` to `r`.
fn change(direction: Direction, l: f64, r: f64) -> (&'static str, &'static str) {
    match direction.worsening(l, r) {
        _ if l.partial_cmp(&r) == Some(std::cmp::Ordering::Equal) => ("#999", "same"),
        None => ("#47c", "changed"),
        Some(w) if w < 0.0 => ("#2a2", "better"),
        Some(_) => ("#c33", "worse"),
    }
}

fn scatter(
    out: &mut String,
    report: &Report,
    (task, metric, direction): (Task, &str, Direction),
    points: &[(&str, f64, f64)],
) {
    let (lo, hi) = range(points.iter().flat_map(|(_, l, r)| [*l, *r]));
    let (size, left, top) = (150.0, 34.0, 22.0);
    let at = |v: f64| (v - lo) / (hi - lo) * size;
    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, l, r) in points {
        *tally.entry(change(direction, *l, *r).1).or_default() += 1;
    }
    let counts: Vec<String> = tally.iter().map(|(k, n)| format!("{n} {k}")).collect();
    svg_open(
        out,
        "scatter",
        left + size + 12.0,
        top + size + 44.0,
        &heading(task, metric, direction),
    );
    let (x1, y1) = (left, top + size);
    let _ = write!(
        out,
        "<rect x=\"{x1}\" y=\"{top}\" width=\"{size}\" height=\"{size}\" fill=\"none\" \
         stroke=\"#ccc\"/><line x1=\"{x1}\" y1=\"{y1}\" x2=\"{}\" y2=\"{top}\" stroke=\"#bbb\" \
         stroke-dasharray=\"3 3\"/><text x=\"{x1}\" y=\"{}\" font-size=\"10\">{}</text>\
         <text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{}</text>\
         <text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{}</text>\
         <text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{}</text>\
         <text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{} →</text>\
         <text x=\"{x1}\" y=\"{}\" font-size=\"10\">{}</text>",
        left + size,
        y1 + 11.0,
        tick(lo),
        left + size,
        y1 + 11.0,
        tick(hi),
        left - 3.0,
        top + 8.0,
        tick(hi),
        left - 3.0,
        top + size / 2.0,
        esc(&format!("{} ↑", report.right)),
        left + size / 2.0,
        y1 + 22.0,
        esc(report.left),
        y1 + 36.0,
        esc(&counts.join(", "))
    );
    for (id, l, r) in points {
        let (colour, word) = change(direction, *l, *r);
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\" fill-opacity=\".7\">\
             <title>{}: {} {l:.4} → {} {r:.4} ({word})</title></circle>",
            x1 + at(*l),
            y1 - at(*r),
            esc(id),
            esc(report.left),
            esc(report.right)
        );
    }
    out.push_str("</svg>\n");
}

#[cfg(test)]
mod tests {
    use super::{bin_counts, by_kind, change, fit, range, scatters};
    use crate::dataset::Kind;
    use crate::dataset::Task;
    use crate::metrics::Direction;
    use crate::report::model::{Group, ItemRow, MetricRow, Report};

    fn item(id: &str, kind: Kind, left: f64, right: f64) -> ItemRow {
        ItemRow {
            task: Task::Answer,
            id: id.to_string(),
            column: "f1".into(),
            left_score: Some(left),
            right_score: Some(right),
            left_output: String::new(),
            right_output: String::new(),
            failure: None,
            reference: None,
            details: None,
            kind: Some(kind),
            left_scores: [("f1".to_string(), left)].into(),
            right_scores: [("f1".to_string(), right)].into(),
        }
    }

    fn pair() -> Report {
        Report {
            command: "compare",
            paired: true,
            left: "A",
            right: "B",
            passed: true,
            signature: None,
            groups: vec![Group {
                name: "x vs <y>".into(),
                left: "x".into(),
                right: "<y>".into(),
                metrics: vec![MetricRow {
                    task: Task::Answer,
                    metric: "f1".into(),
                    direction: Direction::Higher,
                    left: None,
                    right: None,
                    delta: None,
                    p: None,
                    ok: true,
                    signature: None,
                }],
                items: vec![
                    item("q1", Kind::Numeric, 0.0, 1.0),
                    item("q2", Kind::Numeric, 1.0, 0.0),
                    item("q3", Kind::Date, 0.5, 0.5),
                ],
                failures: Vec::new(),
                notes: Vec::new(),
            }],
        }
    }

    #[test]
    fn kind_bars_hold_each_sides_mean_per_kind() {
        let mut out = String::new();
        by_kind(&mut out, &pair());
        assert_eq!(out.matches("<svg class=\"kinds\"").count(), 1);
        assert!(out.contains("<title>x vs &lt;y&gt; · A · numeric: mean 0.5000 over 2 items"));
        assert!(out.contains("<title>x vs &lt;y&gt; · B · date: mean 0.5000 over 1 items"));
        assert!(!out.contains("entity"), "kinds without items are left out");
    }

    #[test]
    fn scatter_points_are_coloured_by_direction() {
        let mut out = String::new();
        scatters(&mut out, &pair());
        assert!(out.contains("<title>q1: A 0.0000 → B 1.0000 (better)</title>"));
        assert!(out.contains("<title>q2: A 1.0000 → B 0.0000 (worse)</title>"));
        assert!(out.contains("<title>q3: A 0.5000 → B 0.5000 (same)</title>"));
        assert!(out.contains(">1 better, 1 same, 1 worse</text>"));
        assert!(out.contains("<h3>x vs &lt;y&gt;</h3>"));
    }

    #[test]
    fn long_labels_keep_their_end() {
        assert_eq!(fit("lead · A", 40), "lead · A");
        assert_eq!(fit("abcdefgh", 5), "…efgh");
        assert_eq!(fit("abcdefgh", 5).chars().count(), 5);
    }

    #[test]
    fn bounded_columns_use_the_unit_range_and_others_their_own() {
        assert_eq!(range([0.0, 0.5, 1.0]), (0.0, 1.0));
        assert_eq!(range([3.0, 80.5]), (3.0, 80.5));
        assert_eq!(range([7.0, 7.0]), (6.5, 7.5));
        assert_eq!(range([]), (0.0, 1.0));
    }

    #[test]
    fn the_top_of_the_range_falls_in_the_last_bin() {
        let counts = bin_counts(&[0.0, 0.05, 0.1, 0.95, 1.0], (0.0, 1.0));
        assert_eq!(counts, [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
        assert_eq!(bin_counts(&[3.0, 80.5], (3.0, 80.5))[9], 1);
    }

    #[test]
    fn a_change_is_better_or_worse_by_the_columns_direction() {
        assert_eq!(change(Direction::Higher, 0.2, 0.4).1, "better");
        assert_eq!(change(Direction::Lower, 0.2, 0.4).1, "worse");
        assert_eq!(change(Direction::Descriptive, 0.2, 0.4).1, "changed");
        assert_eq!(change(Direction::Higher, 0.4, 0.4).1, "same");
    }
}
