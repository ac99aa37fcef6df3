"""goldeval for Python: the goldeval crate's metrics, gates and runs, importable.

- ``goldeval.rouge_scorer`` / ``goldeval.scoring`` / ``goldeval.tokenizers``: drop-ins for
  rouge-score 0.1.2's modules (same names, same numbers), plus ``score_batch``;
- ``goldeval.squad``: the official SQuAD v2 script's ``normalize_answer``,
  ``compute_exact``, ``compute_f1`` and ``evaluate``;
- ``goldeval.answer_match``: goldeval's answer-equivalence verdict with its reason;
- ``goldeval.run``, ``check``, ``compare``, ``bless``: the CLI's commands as functions,
  raising ``goldeval.errors`` exceptions where the CLI exits non-zero;
- a pytest plugin (``goldeval_gate`` fixture, ``--goldeval-update``).
"""

from goldeval import rouge_scorer, scoring, squad, tokenizers
from goldeval._goldeval import __version__
from goldeval._answer import AnswerMatch, answer_match
from goldeval._runs import CheckResult, CompareResult, RunResult, bless, check, compare, run
from goldeval.errors import DatasetError, GateFailed, GoldevalError, RunIncomplete, UsageError

__all__ = [
    "AnswerMatch",
    "CheckResult",
    "CompareResult",
    "DatasetError",
    "GateFailed",
    "GoldevalError",
    "RunIncomplete",
    "RunResult",
    "UsageError",
    "__version__",
    "answer_match",
    "bless",
    "check",
    "compare",
    "run",
    "rouge_scorer",
    "scoring",
    "squad",
    "tokenizers",
]
