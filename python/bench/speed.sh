#!/usr/bin/env bash
# Times goldeval's Python ROUGE side by side with rouge-score-rs 0.2.1 and rouge-score 0.1.2
# (python/bench/speed.py) on the workloads of benches/workload.rs, after building the wheel
# in a fresh virtualenv. Prints the machine, the date and the load with the table.
#
# Usage: python/bench/speed.sh          (from anywhere; needs python3 and cargo)
# Env:   REPEATS (default 5), RS_LIMIT (pairs per workload for the slow rouge-score, 50)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/python-bench-venv
dir=target/python-bench
rm -rf "$venv" "$dir/wheels"
python3 -m venv "$venv"
pip=("$venv/bin/pip" install --quiet --disable-pip-version-check)
"${pip[@]}" maturin==1.16.0 rouge-score-rs==0.2.1
"$venv/bin/maturin" build --release --locked --quiet -m python/Cargo.toml \
  --interpreter "$venv/bin/python" --out "$dir/wheels"
wheel=$(ls "$dir"/wheels/goldeval-*.whl)
"${pip[@]}" "$wheel[test]"
cargo run --release --locked --quiet --example rouge_bench write "$dir"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
"$venv/bin/python" python/bench/speed.py "$dir" "${REPEATS:-5}" "${RS_LIMIT:-50}" || status=$?
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
