"""Times a Python ROUGE implementation's `score`/`score_multi` in a loop on goldeval's
benchmark workloads and checks its scores against goldeval's. Used by benches/peers.sh."""

import json
import sys
import time

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def main():
    peer, bench_dir, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    if peer == "rouge-score-rs":
        from rouge_score_rs import rouge_scorer
    else:
        from rouge_score import rouge_scorer
    for name in ["short", "long", "multi"]:
        with open(f"{bench_dir}/{name}.jsonl", encoding="utf-8") as f:
            pairs = [json.loads(line) for line in f]
        if limit:
            pairs = pairs[:limit]
        for stem in [False, True]:
            tag = "stem" if stem else "nostem"
            scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=stem)
            best = float("inf")
            for _ in range(repeats):
                start = time.perf_counter()
                out = []
                for p in pairs:
                    refs = p["references"]
                    if len(refs) == 1:
                        out.append(scorer.score(refs[0], p["prediction"]))
                    else:
                        out.append(scorer.score_multi(refs, p["prediction"]))
                best = min(best, time.perf_counter() - start)
            with open(f"{bench_dir}/{name}.{tag}.goldeval.jsonl", encoding="utf-8") as f:
                ours = [json.loads(line) for line in f]
            diffs = 0
            for got, want in zip(out, ours):
                for t, w in zip(TYPES, want):
                    s = got[t]
                    if [float(s.precision), float(s.recall), float(s.fmeasure)] != w:
                        diffs += 1
            # Time per pair, so a peer timed on a subset is comparable.
            print(f"{name} {tag} {best / len(pairs):.9e} {len(pairs)} {diffs}")


if __name__ == "__main__":
    main()
