"""``goldeval.run``, ``check``, ``compare`` and ``bless``: the CLI's commands as functions,
over the same library (nothing is spawned), with the exit codes raised as exceptions."""

from __future__ import annotations

import dataclasses
import json
import os
import warnings
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from goldeval import _goldeval
from goldeval.errors import GateFailed, RunIncomplete

__all__ = ["CheckResult", "CompareResult", "RunResult", "bless", "check", "compare", "run"]

DEFAULT_DATASET = "datasets/xi-moscow-2025"
"""The bundled dataset (relative to the goldeval checkout), the CLI's default."""

PathLike = Union[str, "os.PathLike[str]"]


@dataclasses.dataclass(frozen=True)
class RunResult:
    """A finished run: its directory and the contents of its summary.json."""

    dir: Path
    """The run directory (run.json, items.jsonl, summary.json, plan.json)."""
    complete: bool
    """True when no item errored."""
    summary: Dict[str, Any]
    """summary.json: per backend and task, each metric's mean, interval and signature."""
    warnings: List[str]
    """The warnings of run.json (also issued with ``warnings.warn``)."""


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """The outcome of ``check``: whether every gate passed, the gate table the CLI
    prints, and per backend the columns, failures and item regressions."""

    passed: bool
    report: str
    backends: List[Dict[str, Any]]


@dataclasses.dataclass(frozen=True)
class CompareResult:
    """The outcome of ``compare``: the CLI's report and the paired statistics."""

    report: str
    comparison: Dict[str, Any]


def _path(p: Union[PathLike, RunResult]) -> str:
    return str(p.dir if isinstance(p, RunResult) else os.fspath(p))


def run(
    dataset: PathLike = DEFAULT_DATASET,
    backends: Sequence[str] = (),
    *,
    task: Optional[str] = None,
    out: Optional[PathLike] = None,
    limit: Optional[int] = None,
    config: Optional[PathLike] = None,
    jobs: int = 8,
    repeat: int = 1,
    cache_dir: Optional[PathLike] = None,
) -> RunResult:
    """Evaluates ``backends`` on ``dataset`` and writes a run directory, as
    ``goldeval run`` does.

    ``backends``: built-ins (``lead``, ``textrank``, ``oracle``, ``extractive-qa``),
    ``[[backend]]`` names of the configuration file, or ``replay:FILE`` (recorded
    outputs); empty means the configured backends, else every built-in. ``task``:
    ``"summarize"`` or ``"qa"`` (default both). ``out``: the directory (default
    ``runs/<timestamp>-<id>``). ``config``: goldeval.toml (default ``./goldeval.toml``
    when it exists). ``cache_dir``: cache ``openai`` responses there (default: no cache).

    Raises:
        DatasetError: the dataset has problems (every one in ``diagnostics``).
        UsageError: unknown backend, bad configuration, unwritable directory.
        RunIncomplete: some items errored; ``result`` holds the run.
    """
    dir_, complete, summary, notes = _goldeval.run(
        os.fspath(dataset),
        list(backends),
        task,
        None if out is None else os.fspath(out),
        limit,
        None if config is None else os.fspath(config),
        jobs,
        repeat,
        None if cache_dir is None else os.fspath(cache_dir),
    )
    for note in notes:
        warnings.warn(note, stacklevel=2)
    result = RunResult(Path(dir_), complete, json.loads(summary), list(notes))
    if not complete:
        raise RunIncomplete(
            f"some items errored; their `error` field in {dir_}/items.jsonl says why",
            result,
        )
    return result


def _gates(gates: Union[None, Mapping[str, float], Sequence[str]]) -> List[str]:
    if gates is None:
        return []
    if isinstance(gates, Mapping):
        return [f"{k}={v}" for k, v in gates.items()]
    return [str(g) for g in gates]


def check(
    run: Union[PathLike, RunResult],
    *,
    goldens: PathLike = "goldens",
    baseline: Optional[PathLike] = None,
    max_drop: Union[None, Mapping[str, float], Sequence[str]] = None,
    fail_under: Union[None, Mapping[str, float], Sequence[str]] = None,
    max_item_regressions: Optional[int] = None,
    max_error_rate: Optional[float] = None,
    significant_only: bool = False,
    alpha: float = 0.05,
    seed: int = _goldeval.DEFAULT_SEED,
    resamples: int = 1000,
    config: Optional[PathLike] = None,
    allow_partial: bool = False,
) -> CheckResult:
    """Checks a run against its goldens (``goldens/<dataset>/<backend>.jsonl``, or
    ``baseline`` for every backend), as ``goldeval check`` does.

    Gates: ``max_drop`` and ``fail_under`` map a selector (``"rougeLsum"``,
    ``"qa.f1"``, ``"*"``) to a value (or are ``"SELECTOR=VALUE"`` strings); the other
    arguments are the CLI's flags (``allow_partial``: a run and a golden that do not cover
    the same items pass the coverage gate). The ``[check]`` table of the configuration file
    gives defaults, as for the CLI.

    Raises:
        GateFailed: a gate failed; the message is the gate table.
        UsageError: no golden for a backend, unreadable run or golden, bad selector.
    """
    passed, report, checks = _goldeval.check_run(
        _path(run),
        os.fspath(goldens),
        None if baseline is None else os.fspath(baseline),
        _gates(max_drop),
        _gates(fail_under),
        max_item_regressions,
        max_error_rate,
        significant_only,
        alpha,
        seed,
        resamples,
        None if config is None else os.fspath(config),
        allow_partial,
    )
    result = CheckResult(passed, report, json.loads(checks))
    if not passed:
        raise GateFailed(report, result)
    return result


def compare(
    *runs: Union[PathLike, RunResult],
    seed: int = _goldeval.DEFAULT_SEED,
    resamples: int = 1000,
    level: float = 0.95,
    top: int = 3,
) -> CompareResult:
    """Paired statistics between the backends of run directories, as ``goldeval
    compare``: a directory contributes every backend it ran, ``"DIR:BACKEND"`` one.

    Raises:
        UsageError: unreadable runs, nothing to compare.
    """
    report, comparison = _goldeval.compare_runs(
        [_path(r) for r in runs], seed, resamples, level, top
    )
    return CompareResult(report, json.loads(comparison))


def bless(run: Union[PathLike, RunResult], goldens: PathLike = "goldens") -> Dict[str, bool]:
    """Writes each backend of the run as its new golden, as ``goldeval bless``; returns
    each golden's path and whether it changed.

    Raises:
        UsageError: when the CI environment variable is set (goldens change by a reviewed
            commit, not in CI), or the run cannot be read.
    """
    return dict(_goldeval.bless(_path(run), os.fspath(goldens)))
