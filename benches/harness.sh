#!/usr/bin/env bash
# Harness throughput and memory, whole process, release build:
#
#   benches/harness.sh                       # sizes 10000 100000 1000000
#   SIZES="10000 100000" benches/harness.sh
#
# 1. `goldeval run` through an `openai` backend (max_concurrency = 64, --jobs 64, no response
#    cache) against an OpenAI-compatible server on 127.0.0.1 that answers at once
#    (examples/instant_server.rs, a separate process sharing the machine), on generated
#    datasets (benches/gen_replay_dataset.py: N questions and N/100 summary items):
#    `--task qa` (N items) and both tasks (N + N/100 items, qa_coverage included).
# 2. `goldeval score qa` on 100,000 generated predictions (benches/gen_score_qa.py).
#
# Prints one Markdown table: items, wall seconds, items/s (items / whole-process wall,
# dataset loading and validation included) and max RSS (GNU time's %M), and the load
# average. Data and runs go under target/harness-bench/ (override with WORK=DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="${SIZES:-10000 100000 1000000}"
WORK="${WORK:-target/harness-bench}"
mkdir -p "$WORK"

cargo build --release --quiet --bin goldeval --example instant_server
GOLDEVAL=target/release/goldeval

target/release/examples/instant_server >"$WORK/server.url" &
server=$!
trap 'kill "$server" 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$WORK/server.url" ] && break; sleep 0.1; done
url=$(head -n 1 "$WORK/server.url")

cat >"$WORK/goldeval.toml" <<TOML
[[backend]]
name = "instant"
kind = "openai"
base_url = "$url"
model = "m"
max_concurrency = 64
TOML

# measure LABEL ITEMS COMMAND...: one table row.
measure() {
    local label=$1 items=$2
    shift 2
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || {
        echo "failed: $*" >&2
        cat "$WORK/stderr" >&2
        exit 1
    }
    local wall rss
    read -r wall rss <"$WORK/time"
    awk -v l="$label" -v n="$items" -v w="$wall" -v r="$rss" 'BEGIN {
        rate = (w > 0) ? sprintf("%.0f", n / w) : "-";
        printf "| %s | %d | %.2f | %s | %.1f MB |\n", l, n, w, rate, r / 1024 }'
}

echo "| workload | items | wall (s) | items/s | max RSS |"
echo "|---|---|---|---|---|"
for n in $SIZES; do
    data="$WORK/data-$n"
    [ -e "$data/qa.jsonl" ] || python3 benches/gen_replay_dataset.py "$n" "$data"
    for task in qa both; do
        out="$WORK/run-$task-$n"
        rm -rf "$out"
        flags=(--task qa)
        items=$n
        if [ "$task" = both ]; then
            flags=()
            items=$((n + (n / 100 > 0 ? n / 100 : 1)))
        fi
        measure "run openai ${task/qa/--task qa}" "$items" \
            "$GOLDEVAL" run --quiet --no-cache --config "$WORK/goldeval.toml" --backend instant \
            --jobs 64 --dataset "$data" "${flags[@]}" --out "$out"
        done_items=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['counts']['items'])" "$out/run.json")
        [ "$done_items" = "$items" ] || { echo "run $out holds $done_items items, not $items" >&2; exit 1; }
        rm -rf "$out"
    done
done

qa_input="$WORK/score-qa-100000.jsonl"
[ -e "$qa_input" ] || python3 benches/gen_score_qa.py 100000 >"$qa_input"
for _ in 1 2 3; do
    measure "score qa" 100000 "$GOLDEVAL" score qa --input "$qa_input" --output "$WORK/score-qa.out"
done

echo
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores), $(date -u +%Y-%m-%d)"
