//! `goldeval._goldeval`: the native module behind the `goldeval` Python package.
//!
//! The Python package (`python/goldeval/`) holds the public API, rouge-score's and the
//! SQuAD script's names and types; this module does the work with the goldeval crate.

use pyo3::prelude::*;

mod answer;
mod bootstrap;
mod core;
mod rouge;
mod runs;
mod squad;

/// The native module.
#[pymodule]
fn _goldeval(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<rouge::RougeCore>()?;
    m.add_function(wrap_pyfunction!(rouge::tokenize, m)?)?;
    m.add_function(wrap_pyfunction!(bootstrap::bootstrap, m)?)?;
    m.add_function(wrap_pyfunction!(squad::py_normalize_answer, m)?)?;
    m.add_function(wrap_pyfunction!(squad::get_tokens, m)?)?;
    m.add_function(wrap_pyfunction!(squad::compute_exact, m)?)?;
    m.add_function(wrap_pyfunction!(squad::compute_f1, m)?)?;
    m.add_function(wrap_pyfunction!(squad::squad_evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(answer::match_answer, m)?)?;
    m.add_function(wrap_pyfunction!(runs::run, m)?)?;
    m.add_function(wrap_pyfunction!(runs::check_run, m)?)?;
    m.add_function(wrap_pyfunction!(runs::compare_runs, m)?)?;
    m.add_function(wrap_pyfunction!(runs::bless, m)?)?;
    m.add("DEFAULT_SEED", core::DEFAULT_SEED)?;
    Ok(())
}
