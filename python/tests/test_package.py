"""The package's promises: docstrings on every public name, a stub for every native name,
py.typed shipped, the pytest11 entry point registered."""

import ast
import inspect
import pathlib
from importlib import metadata

import pytest

import goldeval
from goldeval import (_goldeval, errors, pytest_plugin, rouge_scorer, scoring, squad,
                      tokenizers)

PACKAGE = pathlib.Path(goldeval.__file__).parent
MODULES = [goldeval, rouge_scorer, scoring, tokenizers, squad, errors, pytest_plugin]


def public(module):
    return [(name, getattr(module, name)) for name in module.__all__]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_public_name_and_method_has_a_docstring(module):
    assert inspect.getdoc(module)
    for name, obj in public(module):
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        assert inspect.getdoc(obj), f"{module.__name__}.{name}"
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if inspect.isfunction(member) and not attr.startswith("_"):
                    assert inspect.getdoc(member), f"{module.__name__}.{name}.{attr}"


def test_the_native_stub_declares_every_native_name():
    stub = ast.parse((PACKAGE / "_goldeval.pyi").read_text())
    declared = {n.name for n in stub.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    declared |= {n.target.id for n in stub.body if isinstance(n, ast.AnnAssign)}
    native = {n for n in dir(_goldeval) if not n.startswith("__") or n == "__version__"}
    assert native == declared


def test_py_typed_ships_and_the_plugin_is_registered():
    assert (PACKAGE / "py.typed").is_file()
    entry = [e for e in metadata.entry_points(group="pytest11") if e.name == "goldeval"]
    assert [e.value for e in entry] == ["goldeval.pytest_plugin"]
