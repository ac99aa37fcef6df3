//! The native half of `goldeval.answer_match`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;

use crate::core::{answer_match, Date};

/// goldeval's `answer_match`: `(matched, abstained, matched_answer, explanation)`.
#[pyfunction]
#[pyo3(signature = (prediction, answers, publication_date=None, abstain=false))]
pub fn match_answer(
    prediction: PyBackedStr,
    answers: Vec<PyBackedStr>,
    publication_date: Option<PyBackedStr>,
    abstain: bool,
) -> PyResult<(bool, bool, Option<usize>, String)> {
    let publication = match &publication_date {
        Some(text) => Some(Date::parse_iso(text).ok_or_else(|| {
            PyValueError::new_err(format!(
                "publication_date: \"{}\" is not a YYYY-MM-DD date",
                &**text
            ))
        })?),
        None => None,
    };
    let d = answer_match(&prediction, &answers, abstain, publication);
    Ok((d.matched, d.abstained, d.matched_answer, d.explanation))
}
