"""``goldeval.answer_match``: goldeval's answer-equivalence verdict and its reason."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Optional, Sequence, Union

from goldeval import _goldeval

__all__ = ["AnswerMatch", "answer_match"]


@dataclasses.dataclass(frozen=True)
class AnswerMatch:
    """The verdict of ``answer_match``; true in a boolean context when it matched."""

    matched: bool
    """True when the prediction counts as correct."""
    abstained: bool
    """True when the prediction was read as an abstention."""
    matched_answer: Optional[int]
    """The index of the gold answer that matched, if any."""
    explanation: str
    """Which gold answer matched and by which rule, or why none did."""

    def __bool__(self) -> bool:
        return self.matched


def answer_match(
    prediction: str,
    answers: Sequence[str],
    publication_date: Union[None, str, datetime.date] = None,
    *,
    abstain: bool = False,
) -> AnswerMatch:
    """Whether ``prediction`` matches any of the gold ``answers`` (``[]``: the question is
    unanswerable and only an abstention matches), by goldeval's rules: equal SQuAD-normalized
    text, the same quantities ("$237 billion" = "US$237bn"), or every content word of the
    gold in a short prediction ("President Xi Jinping" matches "Xi Jinping").

    ``publication_date`` (``YYYY-MM-DD`` or a ``date``) gives the year of dates written
    without one; ``abstain=True`` marks the prediction as an explicit abstention.

    Raises:
        ValueError: a publication date that is not ``YYYY-MM-DD``.
    """
    if isinstance(publication_date, datetime.date):
        publication_date = publication_date.strftime("%Y-%m-%d")
    matched, abstained, index, explanation = _goldeval.match_answer(
        prediction, list(answers), publication_date, abstain
    )
    return AnswerMatch(matched, abstained, index, explanation)
