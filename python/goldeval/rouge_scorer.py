"""ROUGE scores, a drop-in for ``rouge_score.rouge_scorer`` (0.1.2).

Change ``from rouge_score import rouge_scorer`` to ``from goldeval import rouge_scorer`` and
every number stays the same (the parity tests compare with ``==``). goldeval's ROUGE engine
does the work natively; ``score_batch`` is new: it scores many pairs on every core without
the GIL and returns columns.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, Hashable, List, Optional, Sequence, Union

from goldeval import _goldeval, scoring, tokenizers

__all__ = ["RougeScorer"]

_NATIVE_TOKENIZERS = (tokenizers.DefaultTokenizer, tokenizers.UnicodeTokenizer)


def _canonical(rouge_type: Any) -> str:
    """rouge-score's validation of one type name (it raises when scoring, with these
    messages)."""
    if rouge_type in ("rougeL", "rougeLsum"):
        return str(rouge_type)
    if isinstance(rouge_type, str) and re.match(r"rouge[0-9]$", rouge_type):
        n = int(rouge_type[5:])
        if n <= 0:
            raise ValueError("rougen requires positive n: %s" % rouge_type)
        return "rouge%d" % n
    raise ValueError("Invalid rouge type: %s" % rouge_type)


class RougeScorer(scoring.BaseScorer):
    """Calculates ROUGE scores between two texts, as ``rouge_score``'s ``RougeScorer``.

    Args:
        rouge_types: the types to compute: ``rouge1`` … ``rouge9``, ``rougeL`` (LCS over
            the whole texts) and ``rougeLsum`` (union LCS over newline-separated
            sentences). An invalid name raises ``ValueError`` when scoring, as in
            rouge-score.
        use_stemmer: Porter stemming of tokens longer than 3 characters (used by the
            default tokenizer only).
        split_summaries: for ``rougeLsum``, split sentences with ``nltk.sent_tokenize``
            (needs nltk and its punkt data, as rouge-score does) instead of on newlines.
        tokenizer: an object with ``tokenize(text)``; ``tokenizers.DefaultTokenizer`` and
            ``tokenizers.UnicodeTokenizer`` run natively, any other is called from Python.

    Sample usage::

        scorer = RougeScorer(["rouge1", "rougeL"], use_stemmer=True)
        scores = scorer.score("The quick brown fox jumps over the lazy dog",
                              "The quick brown dog jumps on the log.")
    """

    def __init__(
        self,
        rouge_types: Sequence[str],
        use_stemmer: bool = False,
        split_summaries: bool = False,
        tokenizer: Optional[Any] = None,
    ) -> None:
        self.rouge_types = rouge_types
        if tokenizer:
            self._tokenizer = tokenizer
        else:
            self._tokenizer = tokenizers.DefaultTokenizer(use_stemmer)
        self._split_summaries = split_summaries
        self._setup()

    def _setup(self) -> None:
        """Builds the native scorer and picks the path each method takes."""
        self._error: Optional[ValueError] = None
        self._core: Optional[Any] = None
        keys: Dict[Any, str] = {}
        try:
            for t in self.rouge_types:
                keys.setdefault(t, _canonical(t))
        except ValueError as e:
            self._error = e
        native = type(self._tokenizer) in _NATIVE_TOKENIZERS
        if keys and self._error is None:
            tok = self._tokenizer if native else tokenizers.DefaultTokenizer()
            self._core = _goldeval.RougeCore(
                list(keys.values()),
                list(keys),
                tok.use_stemmer,
                tok.name,
                scoring.Score,
            )
        self._native = native and not self._split_summaries and self._core is not None
        self._score: Callable[[str, str], Dict[str, scoring.Score]] = (
            self._core.score if self._native else self._score_python  # type: ignore[union-attr]
        )

    def __getstate__(self) -> Dict[str, Any]:
        return {
            "rouge_types": self.rouge_types,
            "_tokenizer": self._tokenizer,
            "_split_summaries": self._split_summaries,
        }

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._setup()

    def score(self, target: str, prediction: str) -> Dict[str, scoring.Score]:
        """Scores ``prediction`` against ``target`` (target first, as rouge-score).

        Returns a dict from each rouge type to a ``Score(precision, recall, fmeasure)``.

        Raises:
            ValueError: an invalid rouge type.
        """
        return self._score(target, prediction)

    def score_multi(
        self, targets: Sequence[str], prediction: str
    ) -> Dict[str, scoring.Score]:
        """Scores ``prediction`` against each of ``targets`` and keeps, per rouge type, the
        score of the target with the highest F-measure (the first on ties).

        Raises:
            ValueError: an invalid rouge type, or no targets.
        """
        if self._native and type(self).score is RougeScorer.score:
            return self._core.score_multi(list(targets), prediction)  # type: ignore[union-attr]
        score_dicts = [self.score(t, prediction) for t in targets]
        best = {}
        for k in self.rouge_types:
            if not score_dicts:
                raise ValueError("attempt to get argmax of an empty sequence")
            index = 0
            for i, s in enumerate(score_dicts):
                if s[k].fmeasure > score_dicts[index][k].fmeasure:
                    index = i
            best[k] = score_dicts[index][k]
        return best

    def score_batch(
        self,
        targets: Sequence[Union[str, Sequence[str]]],
        predictions: Sequence[str],
        threads: Optional[int] = None,
    ) -> Dict[str, scoring.Score]:
        """Scores many pairs at once: ``targets[i]`` (a text, or a list of texts scored as
        ``score_multi`` does) against ``predictions[i]``.

        Returns a dict from each rouge type to a ``Score`` of columns: ``numpy.ndarray``
        of float64 when numpy is installed, else lists of floats; row ``i`` equals
        ``score(targets[i], predictions[i])`` (with zeros as floats). With a native
        tokenizer and ``split_summaries=False`` the pairs are scored on ``threads`` threads
        (default: all cores) without holding the GIL; otherwise one by one.
        """
        predictions = list(predictions)
        targets = list(targets)
        if self._error is not None:
            raise self._error
        if self._core is None:
            return {}
        if self._native and type(self).score is RougeScorer.score:
            columns = self._core.score_batch(targets, predictions, threads)
            return self._columns(columns)
        if len(targets) != len(predictions):
            raise ValueError(
                "targets and predictions differ in length: "
                f"{len(targets)} != {len(predictions)}"
            )
        rows = [
            self.score(t, p) if isinstance(t, str) else self.score_multi(t, p)
            for t, p in zip(targets, predictions)
        ]
        keys = dict.fromkeys(self.rouge_types)
        columns = [
            tuple(
                _floats([float(r[k][field]) for r in rows]) for field in range(3)
            )
            for k in keys
        ]
        return dict(zip(keys, (scoring.Score(*c) for c in columns)))

    def _columns(self, columns: List[Any]) -> Dict[str, scoring.Score]:
        keys = dict.fromkeys(self.rouge_types)
        return {
            k: scoring.Score(*(_from_bytes(b) for b in c)) for k, c in zip(keys, columns)
        }

    def _score_python(self, target: str, prediction: str) -> Dict[str, scoring.Score]:
        """rouge-score's own path: the tokenizer is called from Python (whole texts for
        rouge-N and rougeL, each sentence for rougeLsum) and the tokens scored natively."""
        if self._error is not None:
            raise self._error
        if self._core is None:
            return {}
        tokenize = self._tokenizer.tokenize
        types = list(self.rouge_types)
        if types == ["rougeLsum"]:
            target_tokens: List[Hashable] = []
            prediction_tokens: List[Hashable] = []
        else:
            target_tokens = tokenize(target)
            prediction_tokens = tokenize(prediction)
        if "rougeLsum" in types:
            target_sents = [tokenize(s) for s in self._sentences(target)]
            prediction_sents = [tokenize(s) for s in self._sentences(prediction)]
        else:
            target_sents, prediction_sents = [], []
        # Tokens may be any hashable objects: equal tokens get equal ids.
        ids: Dict[Hashable, int] = {}

        def encode(tokens: List[Hashable]) -> List[int]:
            return [ids.setdefault(t, len(ids)) for t in tokens]

        return self._core.score_pretokenized(
            (encode(target_tokens), [encode(s) for s in target_sents]),
            (encode(prediction_tokens), [encode(s) for s in prediction_sents]),
        )

    def _sentences(self, text: str) -> List[str]:
        """rougeLsum's sentences: ``nltk.sent_tokenize`` with ``split_summaries``, else
        the lines; empty ones dropped."""
        if self._split_summaries:
            try:
                import nltk
            except ImportError:
                raise ImportError(
                    "split_summaries=True splits sentences with nltk.sent_tokenize, as "
                    "rouge-score does: pip install nltk and download its punkt data, or "
                    "put one sentence per line and leave split_summaries off"
                ) from None
            sents = nltk.sent_tokenize(text)
        else:
            sents = text.split("\n")
        return [s for s in sents if len(s)]


def _from_bytes(data: bytearray) -> Any:
    """A float64 column from native bytes: a numpy array, or a list without numpy."""
    try:
        import numpy
    except ImportError:
        import array

        return array.array("d", bytes(data)).tolist()
    return numpy.frombuffer(data, dtype=numpy.float64)


def _floats(values: List[float]) -> Any:
    """A float64 column from Python floats, in the same type as ``_from_bytes``."""
    try:
        import numpy
    except ImportError:
        return values
    return numpy.array(values, dtype=numpy.float64)
