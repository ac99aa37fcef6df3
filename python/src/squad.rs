//! The native half of `goldeval.squad`: the official SQuAD v2 script's functions.

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyDict;

use crate::core::{normalize_answer, squad, squad_tokens, SquadRow};

/// The official `normalize_answer`.
#[pyfunction]
#[pyo3(name = "normalize_answer")]
pub fn py_normalize_answer(s: PyBackedStr) -> String {
    normalize_answer(&s)
}

/// The official `get_tokens`: `[]` for `""`, else the normalized text split.
#[pyfunction]
pub fn get_tokens(s: PyBackedStr) -> Vec<String> {
    squad_tokens(&s)
}

/// The official `compute_exact`: 1 when the normalized texts are equal, else 0.
#[pyfunction]
pub fn compute_exact(a_gold: PyBackedStr, a_pred: PyBackedStr) -> u8 {
    u8::from(squad::exact_match(&a_pred, &[&*a_gold]) > 0.0)
}

/// The official `compute_f1`, with its types: `int` 1 or 0 when either side has no tokens
/// (1 when both have none) or nothing is shared, else the `float` F1.
#[pyfunction]
pub fn compute_f1(py: Python<'_>, a_gold: PyBackedStr, a_pred: PyBackedStr) -> PyResult<Py<PyAny>> {
    let (gold, pred) = (squad_tokens(&a_gold), squad_tokens(&a_pred));
    if gold.is_empty() || pred.is_empty() {
        return Ok(u8::from(gold == pred)
            .into_pyobject(py)?
            .into_any()
            .unbind());
    }
    let f1 = squad::f1(&a_pred, &[&*a_gold]);
    if f1 == 0.0 {
        return Ok(0u8.into_pyobject(py)?.into_any().unbind());
    }
    Ok(f1.into_pyobject(py)?.into_any().unbind())
}

/// The official script's dict over `items` `(prediction, answers, no-answer probability)`
/// in dataset order; the best-threshold walk takes the items in `walk` order (indices into
/// `items`, the order of the script's probability dict). `None` for no items.
#[pyfunction]
pub fn squad_evaluate<'py>(
    py: Python<'py>,
    items: Vec<(PyBackedStr, Vec<PyBackedStr>, f64)>,
    walk: Vec<usize>,
    na_prob_thresh: f64,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    let rows: Vec<SquadRow> = items
        .iter()
        .map(|(prediction, answers, p)| SquadRow {
            score: squad::score(prediction, answers),
            no_answer_probability: *p,
            prediction_nonempty: !prediction.is_empty(),
        })
        .collect();
    let walked: Vec<SquadRow> = walk.iter().filter_map(|&i| rows.get(i).copied()).collect();
    let (Some(main), Some(best)) = (
        squad::aggregate(&rows, na_prob_thresh),
        squad::aggregate(&walked, na_prob_thresh),
    ) else {
        return Ok(None);
    };
    let out = PyDict::new(py);
    out.set_item("exact", main.exact)?;
    out.set_item("f1", main.f1)?;
    out.set_item("total", main.total)?;
    for (prefix, part) in [
        (
            "HasAns",
            (main.has_ans_exact, main.has_ans_f1, main.has_ans_total),
        ),
        (
            "NoAns",
            (main.no_ans_exact, main.no_ans_f1, main.no_ans_total),
        ),
    ] {
        if let (Some(exact), Some(f1), Some(total)) = part {
            out.set_item(format!("{prefix}_exact"), exact)?;
            out.set_item(format!("{prefix}_f1"), f1)?;
            out.set_item(format!("{prefix}_total"), total)?;
        }
    }
    out.set_item("best_exact", best.best_exact)?;
    out.set_item("best_exact_thresh", best.best_exact_thresh)?;
    out.set_item("best_f1", best.best_f1)?;
    out.set_item("best_f1_thresh", best.best_f1_thresh)?;
    Ok(Some(out))
}
