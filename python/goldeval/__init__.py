"""goldeval for Python: the goldeval crate's metrics, gates and runs, importable.

- ``goldeval.rouge_scorer`` / ``goldeval.scoring`` / ``goldeval.tokenizers``: drop-ins for
  rouge-score 0.1.2's modules (same names, same numbers), plus ``score_batch``;
- ``goldeval.squad``: the official SQuAD v2 script's ``normalize_answer``,
  ``compute_exact``, ``compute_f1`` and ``evaluate``;
- ``goldeval.answer_match``: goldeval's answer-equivalence verdict with its reason.
"""

from goldeval import rouge_scorer, scoring, squad, tokenizers
from goldeval._goldeval import __version__
from goldeval._answer import AnswerMatch, answer_match

__all__ = [
    "AnswerMatch",
    "__version__",
    "answer_match",
    "rouge_scorer",
    "scoring",
    "squad",
    "tokenizers",
]
