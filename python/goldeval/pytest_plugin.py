"""goldeval's pytest plugin (registered through the ``pytest11`` entry point).

A model's regression test in three lines::

    def test_my_model(goldeval_gate):
        run = goldeval_gate.run("datasets/my-data", backends=["replay:outputs.jsonl"])
        goldeval_gate.check(run, max_drop={"rougeLsum": 0.01})

``check`` fails the test with the gate table as its message when a gate fails (or when
there is no golden yet). ``pytest --goldeval-update`` writes the run as the new goldens
instead of checking (refused when the CI environment variable is set). Relative paths are
taken from pytest's root directory; goldens live in ``goldens/`` there unless the ini option
``goldeval_goldens`` says otherwise. Runs are written to the test's temporary directory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import pytest

import goldeval
from goldeval._runs import PathLike, RunResult
from goldeval.errors import GateFailed, GoldevalError

__all__ = ["Gate", "assert_gates"]

_UPDATE = "--goldeval-update"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("goldeval")
    group.addoption(
        _UPDATE,
        action="store_true",
        default=False,
        help="goldeval: write the runs of goldeval_gate.check as the new goldens instead "
        "of checking them (refused when CI is set)",
    )
    parser.addini(
        "goldeval_goldens",
        "goldeval: directory of goldens, relative to the root directory",
        default="goldens",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption(_UPDATE) and os.environ.get("CI"):
        raise pytest.UsageError(
            f"{_UPDATE} never writes goldens when CI is set: update them locally, review "
            "`git diff goldens/`, and commit them"
        )


def assert_gates(run: Union[PathLike, RunResult], **gates: Any) -> goldeval.CheckResult:
    """``goldeval.check(run, **gates)``, failing the current test with the gate table (or
    the reason there is nothing to check against) instead of raising."""
    try:
        return goldeval.check(run, **gates)
    except GateFailed as e:
        pytest.fail(f"goldeval check failed:\n{e.report}", pytrace=False)
    except GoldevalError as e:
        pytest.fail(f"goldeval check could not run: {e}", pytrace=False)


class Gate:
    """What the ``goldeval_gate`` fixture gives a test: ``run`` and ``check``."""

    def __init__(self, root: Path, goldens: Path, tmp: Path, update: bool) -> None:
        self.root = root
        self.goldens = goldens
        """The goldens directory."""
        self.update = update
        """True under ``--goldeval-update``: ``check`` writes goldens instead."""
        self._tmp = tmp
        self._runs = 0

    def _resolve(self, p: PathLike) -> Path:
        path = Path(os.fspath(p))
        return path if path.is_absolute() else self.root / path

    def run(
        self,
        dataset: PathLike,
        backends: Sequence[str] = (),
        **options: Any,
    ) -> RunResult:
        """``goldeval.run`` with relative paths taken from the root directory and the run
        written to the test's temporary directory (unless ``out=`` is given). Errored
        items fail the test."""
        self._runs += 1
        options.setdefault("out", self._tmp / f"goldeval-run-{self._runs}")
        for key in ("config", "cache_dir"):
            if options.get(key) is not None:
                options[key] = self._resolve(options[key])
        replays = [
            f"replay:{self._resolve(b[len('replay:'):])}" if b.startswith("replay:") else b
            for b in backends
        ]
        try:
            return goldeval.run(self._resolve(dataset), replays, **options)
        except GoldevalError as e:
            pytest.fail(f"goldeval run failed: {e}", pytrace=False)

    def check(
        self,
        run: Union[PathLike, RunResult],
        goldens: Optional[PathLike] = None,
        **gates: Any,
    ) -> Optional[goldeval.CheckResult]:
        """Checks the run against the goldens, failing the test with the gate table when a
        gate fails. Under ``--goldeval-update`` writes the run as the new goldens instead
        (and returns None)."""
        directory = self.goldens if goldens is None else self._resolve(goldens)
        if self.update:
            try:
                goldeval.bless(run, directory)
            except GoldevalError as e:
                pytest.fail(f"goldeval could not update the goldens: {e}", pytrace=False)
            return None
        if "baseline" in gates and gates["baseline"] is not None:
            gates["baseline"] = self._resolve(gates["baseline"])
        return assert_gates(run, goldens=directory, **gates)


@pytest.fixture
def goldeval_gate(request: pytest.FixtureRequest, tmp_path: Path) -> Gate:
    """Runs backends and checks them against the committed goldens (see the module)."""
    config = request.config
    root = Path(config.rootpath)
    goldens = root / str(config.getini("goldeval_goldens"))
    return Gate(root, goldens, tmp_path, bool(config.getoption(_UPDATE)))
