//! The terminal rendering of a [`Comparison`]: per pair and task, a table of means,
//! differences and p-values, then the most improved and regressed items side by side.

use std::fmt::Write;

use crate::compare::{Comparison, ItemDelta, MetricComparison, Pair, TaskComparison};
use crate::metrics::Direction;
use crate::report::palette::Palette;
use crate::report::table::Table;
use crate::stats::Estimate;

/// Width of each column of the side-by-side outputs.
const SIDE_WIDTH: usize = 48;

/// Renders the whole comparison; with colours, a p-value below 0.05 is green when B is
/// better and red when B is worse (never for descriptive columns), warnings yellow.
pub fn render(c: &Comparison, palette: Palette) -> String {
    let mut out = String::new();
    let holm = c.pairs.len() > 1;
    for pair in &c.pairs {
        for task in &pair.tasks {
            render_task(&mut out, pair, task, (holm, palette), c.settings.level);
        }
    }
    for w in &c.warnings {
        let _ = writeln!(out, "{}", palette.yellow(&format!("warning: {w}")));
    }
    let _ = writeln!(
        out,
        "Δ = B − A, paired by item. CI: percentile bootstrap; p: paired sign-flip permutation \
         test (exact up to 16 non-zero differences); McNemar: exact binomial{}.\n\
         better: ↑ higher, ↓ lower (+/− count items B did better/worse), · descriptive (+/− count \
         rises/falls).",
        if holm {
            format!(
                "; p(Holm) adjusted over the {} pairs, per task and metric",
                c.pairs.len()
            )
        } else {
            String::new()
        }
    );
    let _ = writeln!(out, "Signature: {}", c.signature);
    out
}

fn render_task(
    out: &mut String,
    pair: &Pair,
    task: &TaskComparison,
    (holm, palette): (bool, Palette),
    level: f64,
) {
    let _ = writeln!(
        out,
        "{} (A) vs {} (B) · {} · {} aligned items",
        pair.a, pair.b, task.task, task.aligned
    );
    let ids = |v: &[String]| {
        let shown = v.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
        let more = if v.len() > 10 { ", …" } else { "" };
        format!(": {shown}{more}")
    };
    for (what, v) in [
        (format!("only in {}", pair.a), &task.only_a),
        (format!("only in {}", pair.b), &task.only_b),
        ("errored in either".to_string(), &task.errored),
    ] {
        if !v.is_empty() {
            let _ = writeln!(out, "  {} items {what}{}", v.len(), ids(v));
        }
    }
    out.push('\n');
    let pct = format!("{:.0}% CI", level * 100.0);
    let mut header = vec![
        "metric".to_string(),
        "better".to_string(),
        format!("A mean [{pct}]"),
        format!("B mean [{pct}]"),
        format!("Δ [{pct}]"),
        "p".to_string(),
    ];
    if holm {
        header.push("p(Holm)".into());
    }
    header.extend(["+/−/=".to_string(), "McNemar".to_string()]);
    let mut table = Table::new(header);
    for m in &task.metrics {
        table.row(metric_row(m, holm, palette));
    }
    out.push_str(&table.render());
    out.push('\n');
    items(
        out,
        "Most improved",
        pair,
        &task.rank_by,
        &task.most_improved,
    );
    items(
        out,
        "Most regressed",
        pair,
        &task.rank_by,
        &task.most_regressed,
    );
}

fn metric_row(m: &MetricComparison, holm: bool, palette: Palette) -> Vec<String> {
    let gain = m.difference.map_or(0.0, |d| match m.direction {
        Direction::Higher => d.value,
        Direction::Lower => -d.value,
        Direction::Descriptive => 0.0,
    });
    let paint = |p: f64| {
        let text = p_value(p);
        if p >= 0.05 || gain == 0.0 {
            text
        } else if gain > 0.0 {
            palette.green(&text)
        } else {
            palette.red(&text)
        }
    };
    let mut row = vec![
        m.metric.clone(),
        m.direction.marker().to_string(),
        estimate(m.a),
        estimate(m.b),
        estimate(m.difference),
        paint(m.permutation.p),
    ];
    if holm {
        row.push(paint(m.p_holm));
    }
    row.push(format!("{}/{}/{}", m.improved, m.regressed, m.unchanged));
    row.push(m.mcnemar.map_or("-".into(), |t| {
        format!("{}:{} p={}", t.only_a, t.only_b, p_value(t.p))
    }));
    row
}

/// `0.4377 [0.3800, 0.4900]`, or `-` when there is nothing to estimate.
pub fn estimate(e: Option<Estimate>) -> String {
    e.map_or("-".into(), |e| {
        format!("{:.4} [{:.4}, {:.4}]", e.value, e.low, e.high)
    })
}

/// A p-value with four decimals, `<0.0001` below that.
pub fn p_value(p: f64) -> String {
    if p < 0.0001 {
        "<0.0001".into()
    } else {
        format!("{p:.4}")
    }
}

fn items(out: &mut String, title: &str, pair: &Pair, column: &str, items: &[ItemDelta]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title} items by {column}:");
    for d in items {
        let _ = writeln!(
            out,
            "\n  {}  {column} {:.4} → {:.4} ({:+.4})",
            d.id,
            d.a_score,
            d.b_score,
            d.b_score - d.a_score
        );
        side_by_side(out, &pair.a, &d.a_output, &pair.b, &d.b_output);
    }
    out.push('\n');
}

fn side_by_side(out: &mut String, a_label: &str, a: &str, b_label: &str, b: &str) {
    let (la, lb) = (wrap(a, SIDE_WIDTH), wrap(b, SIDE_WIDTH));
    let w = SIDE_WIDTH;
    let _ = writeln!(
        out,
        "  {:<w$} | {}",
        clip(&format!("A: {a_label}"), w),
        clip(&format!("B: {b_label}"), w)
    );
    for i in 0..la.len().max(lb.len()) {
        let left = la.get(i).map_or("", String::as_str);
        let right = lb.get(i).map_or("", String::as_str);
        let line = format!("  {left:<w$} | {right}");
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut t: String = s.chars().take(width - 1).collect();
    t.push('…');
    t
}

/// Greedy word wrap at `width` characters; newlines in the text start new lines; a word
/// longer than the width is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let word = clip(word, width);
            let needed =
                line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
            if needed > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{p_value, wrap};

    #[test]
    fn wrap_breaks_at_words_and_keeps_line_breaks() {
        assert_eq!(wrap("aa bb cc\ndd", 5), vec!["aa bb", "cc", "dd"]);
        assert_eq!(wrap("abcdefgh", 4), vec!["abc…"]);
    }

    #[test]
    fn tiny_p_values_are_not_shown_as_zero() {
        assert_eq!(p_value(0.00001), "<0.0001");
        assert_eq!(p_value(0.3125), "0.3125");
    }
}
