//! The terminal rendering of `goldeval check`: per backend, a table of golden and run means
//! with the tolerance, then every failed gate in a sentence, and a verdict line.

use std::fmt::Write;

use crate::check::BackendCheck;
use crate::report::palette::Palette;
use crate::report::table::Table;

/// Renders every backend's check and the overall verdict; failures in red, passes in green
/// and notes in yellow when `palette` has colours.
pub fn render(checks: &[BackendCheck], palette: Palette) -> String {
    let mut out = String::new();
    for c in checks {
        let verdict = if c.passed() {
            palette.green("PASS")
        } else {
            palette.red("FAIL")
        };
        let _ = writeln!(out, "{verdict}  {} against {}", c.backend, c.golden);
        let compared: Vec<String> = c
            .compared
            .iter()
            .map(|(task, n)| format!("{n} {task} items"))
            .collect();
        let _ = writeln!(out, "compared: {}\n", compared.join(", "));
        let mut table = Table::new(
            [
                "metric", "better", "golden", "run", "Δ", "allowed", "p", "items", "status",
            ]
            .map(String::from)
            .to_vec(),
        );
        for col in &c.columns {
            let num = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v:.4}"));
            let delta = match (col.golden, col.run) {
                (Some(g), Some(r)) => format!("{:+.4}", r - g),
                _ => "-".into(),
            };
            table.row(vec![
                format!("{}/{}", col.task, col.metric),
                col.direction.marker().into(),
                num(col.golden),
                num(col.run),
                delta,
                col.tolerance.map_or("-".into(), |t| t.to_string()),
                format!("{:.4}", col.p),
                col.n.to_string(),
                if col.ok {
                    "ok".into()
                } else {
                    palette.red("FAIL")
                },
            ]);
        }
        out.push_str(&table.render());
        let _ = writeln!(
            out,
            "better: ↑ higher, ↓ lower, · descriptive (gated only by a --max-drop naming it)"
        );
        if !c.regressions.is_empty() {
            let _ = writeln!(
                out,
                "\n{} items scored worse than in the golden:",
                c.regressions.len()
            );
            for r in c.regressions.iter().take(10) {
                let _ = writeln!(out, "  {}/{}: {}", r.task, r.id, r.what);
            }
            if c.regressions.len() > 10 {
                let _ = writeln!(out, "  … and {} more", c.regressions.len() - 10);
            }
        }
        for n in &c.notes {
            let _ = writeln!(out, "{}", palette.yellow(&format!("note: {n}")));
        }
        for f in &c.failures {
            let line = format!("FAIL [{}] {}", f.gate, f.message);
            let _ = writeln!(out, "{}", palette.red(&line));
        }
        out.push('\n');
    }
    let failed = checks.iter().filter(|c| !c.passed()).count();
    if failed == 0 {
        let line = format!(
            "check passed: {} backends match their goldens",
            checks.len()
        );
        let _ = writeln!(out, "{}", palette.green(&line));
    } else {
        let line = format!(
            "check FAILED: {failed} of {} backends failed a gate (see FAIL lines above)",
            checks.len()
        );
        let _ = writeln!(out, "{}", palette.red(&line));
    }
    out
}
