"""Times goldeval's Python ROUGE against rouge-score-rs 0.2.1 and rouge-score 0.1.2, side by
side in one process, on goldeval's benchmark workloads (benches/workload.rs, written by
`cargo run --release --example rouge_bench write DIR`), and checks that every score is
identical. Run by python/bench/speed.sh, which installs everything in a fresh virtualenv.

Cells: workload (short, long, multi) x stemmer (off, on), types rouge1, rouge2, rougeL and
rougeLsum. Columns, each the best of REPEATS runs, as time per pair:
- goldeval `score` (`score_multi` for several references) in a Python loop;
- rouge-score-rs the same loop, and the ratio (target: at least 1.5x);
- goldeval `score_batch` on every core, and its ratio to rouge-score-rs's loop (target: at
  least 3x);
- rouge-score-rs `score_batch` (single-reference workloads only; it has no multi-reference
  batch), for reference;
- rouge-score's loop on the first RS_LIMIT pairs, and its ratio to goldeval's loop.

Usage: python speed.py WORKLOAD_DIR [REPEATS] [RS_LIMIT]
Exits 1 when any score differs or a cell misses its target.
"""

import json
import os
import sys
import time

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
LOOP_TARGET = 1.5
BATCH_TARGET = 3.0


def loop(scorer, pairs):
    out = []
    for p in pairs:
        refs = p["references"]
        if len(refs) == 1:
            out.append(scorer.score(refs[0], p["prediction"]))
        else:
            out.append(scorer.score_multi(refs, p["prediction"]))
    return out


def best_of(repeats, fn):
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def rows(results):
    return [[tuple(r[t]) for t in TYPES] for r in results]


def batch_rows(columns, n):
    return [[tuple(float(columns[t][f][i]) for f in range(3)) for t in TYPES] for i in range(n)]


def main():
    bench_dir = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rs_limit = int(sys.argv[3]) if len(sys.argv) > 3 else 50

    from goldeval import rouge_scorer as ours
    from rouge_score import rouge_scorer as google
    from rouge_score_rs import rouge_scorer as rsrs

    header = (
        f"{'workload':8} {'stem':4} {'pairs':>5} {'goldeval':>10} {'rs-rs':>10} {'ratio':>6}"
        f" {'batch':>10} {'ratio':>6} {'rs-rs batch':>11} {'rouge-score':>12} {'ratio':>7}"
        "  identical"
    )
    print(f"types {','.join(TYPES)}; best of {repeats}; time per pair; "
          f"rouge-score on the first {rs_limit} pairs; {os.cpu_count()} cores")
    print(header)
    failed = False
    for name in ["short", "long", "multi"]:
        with open(os.path.join(bench_dir, f"{name}.jsonl"), encoding="utf-8") as f:
            pairs = [json.loads(line) for line in f]
        n = len(pairs)
        targets = [p["references"][0] if len(p["references"]) == 1 else p["references"]
                   for p in pairs]
        predictions = [p["prediction"] for p in pairs]
        single = all(isinstance(t, str) for t in targets)
        for stem in [False, True]:
            g = ours.RougeScorer(TYPES, use_stemmer=stem)
            r = rsrs.RougeScorer(TYPES, use_stemmer=stem)
            slow = google.RougeScorer(TYPES, use_stemmer=stem)
            t_ours, got = best_of(repeats, lambda: loop(g, pairs))
            t_rsrs, peer = best_of(repeats, lambda: loop(r, pairs))
            t_batch, columns = best_of(repeats, lambda: g.score_batch(targets, predictions))
            t_rsrs_batch = None
            if single:
                t_rsrs_batch, _ = best_of(
                    repeats, lambda: r.score_batch(targets, predictions))
            t_slow, reference = best_of(1, lambda: loop(slow, pairs[:rs_limit]))
            same = (rows(got) == rows(peer)
                    and rows(got[:rs_limit]) == rows(reference)
                    and batch_rows(columns, n) == [[tuple(map(float, s)) for s in row]
                                                   for row in rows(got)])
            per = [t / n for t in (t_ours, t_rsrs, t_batch)]
            slow_per = t_slow / min(n, rs_limit)
            loop_ratio, batch_ratio = per[1] / per[0], per[1] / per[2]
            ok = same and loop_ratio >= LOOP_TARGET and batch_ratio >= BATCH_TARGET
            failed |= not ok
            rsb = f"{t_rsrs_batch / n * 1e6:9.1f}us" if t_rsrs_batch else f"{'-':>11}"
            print(
                f"{name:8} {'on' if stem else 'off':4} {n:5d} {per[0] * 1e6:8.1f}us"
                f" {per[1] * 1e6:8.1f}us {loop_ratio:5.2f}x {per[2] * 1e6:8.1f}us"
                f" {batch_ratio:5.2f}x {rsb} {slow_per * 1e3:10.2f}ms"
                f" {slow_per / per[0]:6.0f}x  {'yes' if same else 'NO'}"
                + ("" if ok else "  BELOW TARGET" if same else "")
            )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
