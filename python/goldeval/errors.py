"""goldeval's exceptions: the CLI's exit codes, raised.

=================  =========  ==================================================
exception          exit code  when
=================  =========  ==================================================
``GateFailed``     1          ``check`` found a quality gate failed
``UsageError``     2          bad arguments, configuration, unreadable files
``DatasetError``   2          a dataset (or other input file) has problems
``RunIncomplete``  3          a run finished, but some items errored
=================  =========  ==================================================
"""

from __future__ import annotations

from typing import Any, List, NamedTuple, Optional, Sequence

__all__ = [
    "DatasetError",
    "Diagnostic",
    "GateFailed",
    "GoldevalError",
    "RunIncomplete",
    "UsageError",
]


class GoldevalError(Exception):
    """Base class of goldeval's errors; ``exit_code`` is the CLI's for the same failure."""

    exit_code: int = 2


class UsageError(GoldevalError):
    """Bad arguments or configuration, or a file that cannot be read (exit code 2)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class Diagnostic(NamedTuple):
    """One problem in an input file: ``file:line: field: message``, and a hint."""

    file: str
    line: Optional[int]
    field: str
    message: str
    hint: Optional[str]

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.field}: {self.message}"
        return text if self.hint is None else f"{text}\n  hint: {self.hint}"


class DatasetError(GoldevalError):
    """A dataset (or another input file) has problems; every one is in ``diagnostics``,
    and ``file``, ``line`` and ``field`` are the first one's (exit code 2)."""

    def __init__(self, message: str, diagnostics: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.diagnostics: List[Diagnostic] = [Diagnostic(*d) for d in diagnostics]
        first = self.diagnostics[0] if self.diagnostics else None
        self.file: Optional[str] = first.file if first else None
        self.line: Optional[int] = first.line if first else None
        self.field: Optional[str] = first.field if first else None


class GateFailed(GoldevalError):
    """A quality gate of ``goldeval.check`` failed; the message is the gate table and
    ``result`` the full ``CheckResult`` (exit code 1)."""

    exit_code = 1

    def __init__(self, report: str, result: Any = None) -> None:
        super().__init__(report)
        self.report = report
        self.result = result


class RunIncomplete(GoldevalError):
    """A run finished but some items errored (their ``error`` field in items.jsonl says
    why); ``result`` is the ``RunResult`` (exit code 3)."""

    exit_code = 3

    def __init__(self, message: str, result: Any = None) -> None:
        super().__init__(message)
        self.result = result
