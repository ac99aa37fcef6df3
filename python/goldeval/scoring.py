"""Score types and bootstrap aggregation, a drop-in for ``rouge_score.scoring`` (0.1.2).

``BootstrapAggregator`` draws from numpy's global random generator exactly as rouge-score
does (``np.random.choice`` per resample), so after the same ``np.random.seed(s)`` both give
bit-identical intervals and leave numpy's generator in the same state. Pass ``seed=`` to use
a generator of its own instead (then numpy is not needed and its state is not touched).
"""

from __future__ import annotations

import abc
import collections
from typing import Any, Dict, List, Mapping, NamedTuple, Optional

from goldeval import _goldeval

__all__ = ["AggregateScore", "BaseScorer", "BootstrapAggregator", "Score", "fmeasure"]


class Score(NamedTuple):
    """Precision, recall and F-measure of one score type (rouge-score's ``Score``)."""

    precision: float
    recall: float
    fmeasure: float


class AggregateScore(NamedTuple):
    """A bootstrap interval: ``low`` and ``high`` bounds and ``mid``, the median of the
    resampled means (rouge-score's ``AggregateScore``)."""

    low: Any
    mid: Any
    high: Any


class BaseScorer(metaclass=abc.ABCMeta):
    """Base class of scorers (rouge-score's ``BaseScorer``)."""

    @abc.abstractmethod
    def score(self, target: str, prediction: str) -> Dict[str, Score]:
        """Scores ``prediction`` against ``target``; a dict from score type to ``Score``."""


def fmeasure(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall; 0.0 when both are 0."""
    if precision + recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


def _row(score: Any) -> List[float]:
    """The numbers of one score tuple, as ``np.vstack`` stacks them."""
    if isinstance(score, (int, float)) or not hasattr(score, "__len__"):
        raise TypeError(
            "goldeval's BootstrapAggregator takes score tuples such as Score, "
            f"not {type(score).__name__}: numpy sums a single column pairwise, "
            "which goldeval does not reproduce bit for bit"
        )
    return [float(v) for v in score]


class BootstrapAggregator:
    """Aggregates scores into bootstrap confidence intervals of their mean.

    Same arguments, same results as ``rouge_score.scoring.BootstrapAggregator``: for each
    score type (in the order they were first added) ``n_samples`` resamples with
    replacement, and the ``(1 - confidence_interval) / 2``, 50th and
    ``1 - (1 - confidence_interval) / 2`` percentiles of the resampled means.

    With ``seed=None`` (the default) the resamples come from numpy's global generator,
    as in rouge-score; ``seed=S`` uses a generator of its own seeded like
    ``np.random.seed(S)``.
    """

    def __init__(
        self,
        confidence_interval: float = 0.95,
        n_samples: int = 1000,
        *,
        seed: Optional[int] = None,
    ) -> None:
        if confidence_interval < 0 or confidence_interval > 1:
            raise ValueError("confidence_interval must be in range [0, 1]")
        if n_samples <= 0:
            raise ValueError("n_samples must be positive")
        if seed is not None and not 0 <= seed < 2**32:
            raise ValueError("seed must be between 0 and 2**32 - 1")
        self._n_samples = n_samples
        self._confidence_interval = confidence_interval
        self._seed = seed
        self._scores: Dict[str, List[Any]] = collections.defaultdict(list)

    def add_scores(self, scores: Mapping[str, Any]) -> None:
        """Adds one sample: a dict from score type to a score tuple."""
        for score_type, score in scores.items():
            self._scores[score_type].append(score)

    def aggregate(self) -> Dict[str, AggregateScore]:
        """A dict from score type to its ``AggregateScore`` (bounds are tuples of the class
        of the first score added, holding ``numpy.float64`` when numpy is installed)."""
        if not self._scores:
            return {}
        matrices = []
        for score_type, scores in self._scores.items():
            rows = [_row(s) for s in scores]
            width = len(rows[0])
            if width < 2 or any(len(r) != width for r in rows):
                raise ValueError(
                    f"scores of {score_type!r} must be tuples of one length, at least 2 "
                    f"(found lengths {sorted({len(r) for r in rows})})"
                )
            matrices.append(([v for r in rows for v in r], width))
        np = _numpy(required=self._seed is None)
        if self._seed is None:
            assert np is not None
            name, key, pos, has_gauss, cached = np.random.get_state()
            if name != "MT19937":
                raise ValueError(f"numpy's global generator is {name}, not MT19937")
            bounds, (key, pos) = _goldeval.bootstrap(
                matrices,
                self._n_samples,
                self._confidence_interval,
                state=(key.tolist(), int(pos)),
            )
            np.random.set_state(
                (name, np.array(key, dtype=np.uint32), pos, has_gauss, cached)
            )
        else:
            bounds, _ = _goldeval.bootstrap(
                matrices, self._n_samples, self._confidence_interval, seed=self._seed
            )
        number = np.float64 if np is not None else float
        result = {}
        for (score_type, scores), (low, mid, high) in zip(self._scores.items(), bounds):
            cls = scores[0].__class__
            result[score_type] = AggregateScore(
                low=cls(*map(number, low)),
                mid=cls(*map(number, mid)),
                high=cls(*map(number, high)),
            )
        return result


def _numpy(required: bool) -> Any:
    """numpy, or None when it is not installed and not required."""
    try:
        import numpy
    except ImportError:
        if required:
            raise ImportError(
                "BootstrapAggregator draws from numpy's global generator, as rouge-score "
                "does: install numpy, or pass seed=S for a generator of its own"
            ) from None
        return None
    return numpy
