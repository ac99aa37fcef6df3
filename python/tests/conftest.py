"""Shared helpers of goldeval's Python tests."""

import importlib
import json
import os
import pathlib
from typing import Any, List

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
"""The repository root (fixtures live in tests/fixtures/)."""

pytest_plugins = ["pytester"]


def need(module: str, why: str) -> Any:
    """Imports `module`; a test that needs a missing one prints `SKIP:` with the reason, and
    fails instead under CI=true (the project's scripts install everything)."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        message = f"SKIP: {module} is not installed ({why}): {e}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI=true installs it (.ci/run)", pytrace=False)
        print(message)
        pytest.skip(message)


def jsonl(path: pathlib.Path) -> List[Any]:
    """The records of a JSON-lines file."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
