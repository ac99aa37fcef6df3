"""The official SQuAD v2.0 evaluation script's functions, computed by goldeval.

Same names, arguments and results as ``evaluate-v2.0.py`` (identical to
``transformers.data.metrics.squad_metrics``): ``normalize_answer``, ``get_tokens``,
``compute_exact(a_gold, a_pred)``, ``compute_f1(a_gold, a_pred)`` (gold first, as there)
and ``evaluate``, which returns the dict the script prints. Checked against the official
logic under CPython 3.11 bit for bit (``tests/fixtures/squad/``); Python 3.12's ``sum`` is
compensated, so the script's own totals can differ there in the last digits while
goldeval's stay those of the CLI.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Union

from goldeval import _goldeval

__all__ = ["compute_exact", "compute_f1", "evaluate", "get_tokens", "normalize_answer"]


def normalize_answer(s: str) -> str:
    """Lowercase, drop ASCII punctuation and the articles a/an/the, fold whitespace."""
    return _goldeval.normalize_answer(s)


def get_tokens(s: str) -> List[str]:
    """The tokens F1 counts: ``[]`` for ``""``, else the normalized text split."""
    return _goldeval.get_tokens(s)


def compute_exact(a_gold: str, a_pred: str) -> int:
    """1 when the normalized texts are equal, else 0."""
    return _goldeval.compute_exact(a_gold, a_pred)


def compute_f1(a_gold: str, a_pred: str) -> Union[int, float]:
    """Token-multiset F1; 1 when neither side has tokens, 0 when only one has (as ints,
    like the script, also for no shared token)."""
    return _goldeval.compute_f1(a_gold, a_pred)


def _articles(dataset: Any) -> List[Any]:
    if isinstance(dataset, Mapping):
        if "data" not in dataset:
            raise ValueError(
                "dataset: a dict must be the SQuAD JSON file with a \"data\" list; "
                "or pass the list of articles (dataset_json['data'])"
            )
        return dataset["data"]
    return list(dataset)


def evaluate(
    dataset: Any,
    predictions: Mapping[str, str],
    na_probs: Optional[Mapping[str, float]] = None,
    na_prob_thresh: float = 1.0,
) -> Dict[str, Any]:
    """The official script's result for ``dataset`` (the SQuAD JSON, or its ``data``
    list of articles) and ``predictions`` (question id to answer text; ``""`` abstains).

    ``na_probs`` (question id to no-answer probability) turns an answer whose probability
    is above ``na_prob_thresh`` into an abstention and, as the script does with
    ``--na-prob-file``, adds ``best_exact``, ``best_exact_thresh``, ``best_f1`` and
    ``best_f1_thresh``. Keys: ``exact``, ``f1``, ``total``, then ``HasAns_*`` and
    ``NoAns_*`` when there are such questions.

    Raises:
        KeyError: a question without a prediction (or without a probability); the script
            fails then too.
        ValueError: a question id given twice, or no questions.
    """
    items = []
    ids: Dict[str, int] = {}
    for article in _articles(dataset):
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                qid = qa["id"]
                if qid in ids:
                    raise ValueError(f"question id {qid!r} appears twice in the dataset")
                if qid not in predictions:
                    raise KeyError(f"missing prediction for question {qid!r}")
                if na_probs is not None and qid not in na_probs:
                    raise KeyError(f"missing no-answer probability for question {qid!r}")
                ids[qid] = len(items)
                p = 0.0 if na_probs is None else float(na_probs[qid])
                answers = [a["text"] for a in qa["answers"]]
                items.append((predictions[qid], answers, p))
    walk = list(range(len(items)))
    if na_probs is not None:
        walk = [ids[qid] for qid in na_probs if qid in ids]
    result = _goldeval.squad_evaluate(items, walk, float(na_prob_thresh))
    if result is None:
        raise ValueError("the dataset has no questions")
    if na_probs is None:
        for key in ("best_exact", "best_exact_thresh", "best_f1", "best_f1_thresh"):
            del result[key]
    return result
