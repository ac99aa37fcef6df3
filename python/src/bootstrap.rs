//! The native half of `goldeval.scoring.BootstrapAggregator`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::core::{Bootstrap, Mt19937, STATE_WORDS};

/// Low, mid and high percentiles of one score type's columns.
type Bounds = [Vec<f64>; 3];

/// An MT19937 state as numpy gives it: the key words and the position.
type State = (Vec<u32>, usize);

/// rouge-score's bootstrap of each matrix in turn, from one MT19937 stream: numpy's global
/// generator state `(key, pos)` when given (the new state is returned, for
/// `np.random.set_state`), else `np.random.seed(seed)`'s. Each matrix is `(values, width)`,
/// rows one after another.
#[pyfunction]
#[pyo3(signature = (matrices, n_samples, confidence_interval, state=None, seed=None))]
pub fn bootstrap(
    py: Python<'_>,
    matrices: Vec<(Vec<f64>, usize)>,
    n_samples: usize,
    confidence_interval: f64,
    state: Option<State>,
    seed: Option<u32>,
) -> PyResult<(Vec<Bounds>, State)> {
    let settings = Bootstrap::new(n_samples, confidence_interval)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let mut rng = match (state, seed) {
        (Some((key, pos)), None) => {
            let key: [u32; STATE_WORDS] = key.try_into().map_err(|k: Vec<u32>| {
                PyValueError::new_err(format!(
                    "an MT19937 state has {STATE_WORDS} words, not {}",
                    k.len()
                ))
            })?;
            Mt19937::from_state(key, pos).ok_or_else(|| {
                PyValueError::new_err(format!("MT19937 position {pos} is above {STATE_WORDS}"))
            })?
        }
        (None, Some(seed)) => Mt19937::new(seed),
        _ => return Err(PyValueError::new_err("give exactly one of state and seed")),
    };
    let bounds = py.detach(|| {
        matrices
            .iter()
            .map(|(values, width)| {
                settings
                    .interval_matrix(values, *width, &mut rng)
                    .ok_or_else(|| format!("{} numbers are not rows of {width}", values.len()))
            })
            .collect::<Result<Vec<Bounds>, String>>()
    });
    let bounds = bounds.map_err(PyValueError::new_err)?;
    let (key, pos) = rng.state();
    Ok((bounds, (key.to_vec(), pos)))
}
