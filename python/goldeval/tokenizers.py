"""Tokenizers for ROUGE, a drop-in for ``rouge_score.tokenizers`` (0.1.2) plus goldeval's
Unicode tokenizer.

``DefaultTokenizer`` and ``UnicodeTokenizer`` run natively: a ``RougeScorer`` given either
never calls back into Python. Any other object with a ``tokenize(text)`` method works too
(``RougeScorer(tokenizer=...)``), called from Python as rouge-score calls it.
"""

from __future__ import annotations

import abc
from typing import List

from goldeval import _goldeval

__all__ = ["DefaultTokenizer", "Tokenizer", "UnicodeTokenizer"]


class Tokenizer(abc.ABC):
    """Base class of tokenizers: subclasses implement ``tokenize``."""

    @abc.abstractmethod
    def tokenize(self, text: str) -> List[str]:
        """The tokens of ``text``."""
        raise NotImplementedError("Tokenizer must override tokenize() method")


class DefaultTokenizer(Tokenizer):
    """rouge-score's tokenizer, exactly: lowercase, keep ASCII ``[a-z0-9]`` runs, and with
    ``use_stemmer`` the Porter stemmer (NLTK's extensions) on tokens longer than 3
    characters."""

    name = "rouge-score"

    def __init__(self, use_stemmer: bool = False) -> None:
        self.use_stemmer = bool(use_stemmer)

    def tokenize(self, text: str) -> List[str]:
        """The tokens of ``text``."""
        return _goldeval.tokenize(text, self.use_stemmer, self.name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(use_stemmer={self.use_stemmer})"


class UnicodeTokenizer(DefaultTokenizer):
    """goldeval's tokenizer for any script: letters and digits of every script (with their
    combining marks), lowercased; each CJK ideograph or kana character is a token of its
    own. ``use_stemmer`` stems ASCII tokens as ``DefaultTokenizer`` does. Its scores are
    goldeval's own (``tok:unicode`` in the CLI's signatures), not rouge-score's."""

    name = "unicode"
