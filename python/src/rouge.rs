//! The native half of `goldeval.rouge_scorer`: scores texts with goldeval's ROUGE engine
//! and builds rouge-score's result dicts.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyByteArray, PyDict, PyList, PyString, PyTuple};

use crate::core::{Counts, Pretokenized, Rouge, RougeType, Tokenizer};

/// A configured ROUGE scorer: types, stemmer and tokenizer, the caller's names for the
/// types and the `Score` class to build.
#[pyclass(frozen, module = "goldeval._goldeval")]
pub struct RougeCore {
    rouge: Rouge,
    keys: Vec<Py<PyString>>,
    score_class: Py<PyAny>,
    /// `tuple.__new__`, which builds a namedtuple without running its Python `__new__`
    /// (as the namedtuple's own `_make` does), about twice as fast.
    tuple_new: Py<PyAny>,
}

/// A target (one text or several) of `score_batch`.
enum Targets {
    One(PyBackedStr),
    Many(Vec<PyBackedStr>),
}

impl Targets {
    fn extract(item: &Bound<'_, PyAny>) -> PyResult<Self> {
        match item.extract::<PyBackedStr>() {
            Ok(one) => Ok(Targets::One(one)),
            Err(_) => Ok(Targets::Many(item.extract()?)),
        }
    }

    fn texts(&self) -> Vec<&str> {
        match self {
            Targets::One(t) => vec![&**t],
            Targets::Many(ts) => ts.iter().map(|t| &**t).collect(),
        }
    }
}

pub(crate) fn tokenizer_named(name: &str) -> PyResult<Tokenizer> {
    name.parse().map_err(PyValueError::new_err)
}

#[pymethods]
impl RougeCore {
    /// `types` are canonical names (`rouge1`…`rouge9`, `rougeL`, `rougeLsum`), without
    /// repeats; `keys` the caller's names for them, in the same order.
    #[new]
    fn new(
        py: Python<'_>,
        types: Vec<String>,
        keys: Vec<Py<PyString>>,
        use_stemmer: bool,
        tokenizer: &str,
        score_class: Py<PyAny>,
    ) -> PyResult<Self> {
        let parsed = types
            .iter()
            .map(|t| t.parse::<RougeType>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        if keys.len() != parsed.len() {
            return Err(PyValueError::new_err("one key per rouge type"));
        }
        let rouge = Rouge::builder()
            .types(parsed)
            .stemmer(use_stemmer)
            .tokenizer(tokenizer_named(tokenizer)?)
            .build()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(RougeCore {
            rouge,
            keys,
            score_class,
            tuple_new: py.get_type::<PyTuple>().getattr("__new__")?.unbind(),
        })
    }

    /// rouge-score's `score(target, prediction)`.
    fn score<'py>(
        &self,
        py: Python<'py>,
        target: PyBackedStr,
        prediction: PyBackedStr,
    ) -> PyResult<Bound<'py, PyDict>> {
        let counts = self.rouge.counts(&prediction, &[&*target]);
        self.result(py, &counts)
    }

    /// rouge-score's `score_multi(targets, prediction)`: per type, the target with the
    /// highest F (the first on ties).
    fn score_multi<'py>(
        &self,
        py: Python<'py>,
        targets: Vec<PyBackedStr>,
        prediction: PyBackedStr,
    ) -> PyResult<Bound<'py, PyDict>> {
        if targets.is_empty() {
            return Err(PyValueError::new_err(
                "attempt to get argmax of an empty sequence",
            ));
        }
        let refs: Vec<&str> = targets.iter().map(|t| &**t).collect();
        let counts = self.rouge.counts(&prediction, &refs);
        self.result(py, &counts)
    }

    /// `score` of texts already tokenized into ids: `(tokens, sentences)` of each side.
    fn score_pretokenized<'py>(
        &self,
        py: Python<'py>,
        target: (Vec<u32>, Vec<Vec<u32>>),
        prediction: (Vec<u32>, Vec<Vec<u32>>),
    ) -> PyResult<Bound<'py, PyDict>> {
        let side = |(tokens, sentences)| Pretokenized { tokens, sentences };
        let counts = self
            .rouge
            .counts_pretokenized(&side(prediction), &[side(target)]);
        self.result(py, &counts)
    }

    /// Scores every pair on `threads` threads (all cores when `None`) without the GIL.
    /// Each target is a text or a list of texts (`score_multi`). Returns, per type, the
    /// precision, recall and F columns as native-endian `float64` bytes.
    #[pyo3(signature = (targets, predictions, threads=None))]
    fn score_batch<'py>(
        &self,
        py: Python<'py>,
        targets: &Bound<'py, PyAny>,
        predictions: Vec<PyBackedStr>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let targets: Vec<Targets> = targets
            .try_iter()?
            .map(|item| Targets::extract(&item?))
            .collect::<PyResult<_>>()?;
        if targets.len() != predictions.len() {
            return Err(PyValueError::new_err(format!(
                "targets and predictions differ in length: {} != {}",
                targets.len(),
                predictions.len()
            )));
        }
        if let Some(i) = targets.iter().position(|t| t.texts().is_empty()) {
            return Err(PyValueError::new_err(format!(
                "targets[{i}] is an empty list: score_multi needs at least one target"
            )));
        }
        let pool = match threads {
            Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
            Some(n) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| PyValueError::new_err(e.to_string()))?,
            ),
            None => None,
        };
        let items: Vec<(&str, Vec<&str>)> = predictions
            .iter()
            .zip(&targets)
            .map(|(p, t)| (&**p, t.texts()))
            .collect();
        let scores = py.detach(|| match &pool {
            Some(pool) => pool.install(|| self.rouge.score_batch(&items)),
            None => self.rouge.score_batch(&items),
        });
        let columns = PyList::empty(py);
        for k in 0..self.rouge.types().len() {
            let mut bytes: [Vec<u8>; 3] =
                std::array::from_fn(|_| Vec::with_capacity(scores.len() * 8));
            for s in &scores {
                bytes[0].extend_from_slice(&s[k].precision.to_ne_bytes());
                bytes[1].extend_from_slice(&s[k].recall.to_ne_bytes());
                bytes[2].extend_from_slice(&s[k].fmeasure.to_ne_bytes());
            }
            let [p, r, f] = bytes.map(|b| PyByteArray::new(py, &b));
            columns.append((p, r, f))?;
        }
        Ok(columns)
    }
}

impl RougeCore {
    /// The result dict: per type, the best reference's score (rouge-score's `int` zeros
    /// where it returns them).
    fn result<'py>(&self, py: Python<'py>, counts: &[Vec<Counts>]) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        let class = self.score_class.bind(py);
        let new = self.tuple_new.bind(py);
        for ((t, per_ref), key) in self.rouge.types().iter().zip(counts).zip(&self.keys) {
            let best = Rouge::best_reference(per_ref).and_then(|i| per_ref.get(i));
            let score = match best {
                Some(c) if lcs_of_an_empty_side(*t, c) => new.call1((class, (0, 0, 0)))?,
                Some(c) => {
                    let s = c.score();
                    new.call1((class, (s.precision, s.recall, s.fmeasure)))?
                }
                None => new.call1((class, (0.0, 0.0, 0.0)))?,
            };
            dict.set_item(key.bind(py), score)?;
        }
        Ok(dict)
    }
}

/// rouge-score returns `Score(0, 0, 0)` with integers for ROUGE-L and ROUGE-Lsum when either
/// side has no tokens (its ROUGE-N divides, giving floats).
fn lcs_of_an_empty_side(t: RougeType, c: &Counts) -> bool {
    matches!(t, RougeType::L | RougeType::Lsum) && (c.prediction == 0 || c.reference == 0)
}

/// The ROUGE tokens of `text` (`tokenizer` is `rouge-score` or `unicode`).
#[pyfunction]
pub fn tokenize(text: PyBackedStr, use_stemmer: bool, tokenizer: &str) -> PyResult<Vec<String>> {
    Ok(tokenizer_named(tokenizer)?.tokenize(&text, use_stemmer))
}
