#!/usr/bin/env bash
# Compares `goldeval score rouge` with rouge-score-rs 0.2.1 (the fastest peer we know) and
# Google's rouge-score 0.1.2 as whole processes: each reads the same JSON Lines file, scores
# rouge1, rouge2, rougeL and rougeLsum on one thread and writes JSON Lines; process start is
# subtracted; every score must be identical. Then times goldeval's --threads 2 against
# --threads 1. Workloads: benches/workload.rs (news-like and licence-text pairs), written by
# examples/rouge_bench.rs. Installs the peers in target/peers-venv. See benches/README.md.
#
# Usage: benches/peers.sh            (from anywhere; needs python3 and cargo; ~15 minutes)
# Env:   REPEATS (runs per cell, median taken; default 5)
#        RS_LIMIT (pairs per workload for the slow rouge-score; default 50)
#        DIVISOR (divide every workload's size by this for a quick look; default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${REPEATS:-5}"
rs_limit="${RS_LIMIT:-50}"
divisor="${DIVISOR:-1}"
venv=target/peers-venv
dir=target/peers-bench
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet rouge-score-rs==0.2.1 rouge-score==0.1.2 nltk==3.9.1
fi
cargo build --quiet --release --bin goldeval --example rouge_bench
echo "inputs (workload, pairs, sha256):"
./target/release/examples/rouge_bench write "$dir" "$divisor" | sed 's/^/  /'
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "goldeval $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load before: $(uptime)"
echo "one thread; median of $repeats runs per cell, process start subtracted; ratio = peer time / goldeval time"
status=0
"$venv/bin/python" benches/peers.py ./target/release/goldeval "$venv/bin/python" "$dir" \
  "$repeats" "$rs_limit" || status=$?
echo "load after: $(uptime)"
exit "$status"
