#!/usr/bin/env bash
# Compares goldeval's ROUGE speed with rouge-score-rs 0.2.1 (the fastest peer) and Google's
# rouge-score 0.1.2 on the workloads of benches/workload.rs, single-threaded, and checks
# that every score is identical. Installs what it needs in target/peers-venv.
#
# Usage: benches/peers.sh            (from the repository root; needs python3 and cargo)
# Env:   REPEATS (default 5), RS_LIMIT (pairs per workload for the slow rouge-score, 200)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${REPEATS:-5}"
rs_limit="${RS_LIMIT:-200}"
venv=target/peers-venv
dir=target/peers-bench
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet rouge-score-rs==0.2.1 rouge-score==0.1.2 nltk==3.9.1
fi
cargo build --quiet --release --example rouge_bench
./target/release/examples/rouge_bench write "$dir"
./target/release/examples/rouge_bench time "$dir" > "$dir/goldeval.txt"
"$venv/bin/python" benches/peers.py rouge-score-rs "$dir" "$repeats" > "$dir/rsrs.txt"
"$venv/bin/python" benches/peers.py rouge-score "$dir" 1 "$rs_limit" > "$dir/rs.txt"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "types rouge1,rouge2,rougeL,rougeLsum; one thread; best of $repeats; time per pair"
printf '%-6s %-6s %12s %16s %10s %16s %10s %s\n' workload stem goldeval rouge-score-rs ratio rouge-score ratio identical
fail=0
while read -r name stem secs; do
  pairs=$(wc -l < "$dir/$name.jsonl")
  ours=$(awk -v s="$secs" -v n="$pairs" 'BEGIN{printf "%.3e", s/n}')
  read -r _ _ peer _ diffs < <(grep "^$name $stem " "$dir/rsrs.txt")
  read -r _ _ slow _ diffs2 < <(grep "^$name $stem " "$dir/rs.txt")
  ratio=$(awk -v a="$peer" -v b="$ours" 'BEGIN{printf "%.2f", a/b}')
  ratio2=$(awk -v a="$slow" -v b="$ours" 'BEGIN{printf "%.1f", a/b}')
  same=yes
  if [ "$diffs" != 0 ] || [ "$diffs2" != 0 ]; then same="NO ($diffs / $diffs2 scores differ)"; fail=1; fi
  printf '%-6s %-6s %10ss %14ss %9sx %14ss %9sx %s\n' "$name" "$stem" "$ours" "$peer" "$ratio" "$slow" "$ratio2" "$same"
done < "$dir/goldeval.txt"
exit "$fail"
