#!/usr/bin/env bash
# Builds the goldeval wheel in a fresh virtualenv (maturin from PyPI), installs it with its
# pinned test dependencies (the `test` extra of python/pyproject.toml) and runs
# `pytest python/tests`.
# Called by .ci/run after `cargo test`; runnable alone from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/python-ci-venv
wheels=target/python-ci-wheels
rm -rf "$venv" "$wheels"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check maturin==1.16.0
"$venv/bin/maturin" build --release --locked --quiet -m python/Cargo.toml \
  --interpreter "$venv/bin/python" --out "$wheels"
wheel=$(ls "$wheels"/goldeval-*.whl)
"$venv/bin/pip" install --quiet --disable-pip-version-check "$wheel[test]"
"$venv/bin/python" -m pytest python/tests -p no:cacheprovider -q
