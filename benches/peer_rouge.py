"""A whole-process peer of `goldeval score rouge`: reads the same JSON Lines file, scores each
line with a Python ROUGE package and writes the same JSON Lines output. Used by
benches/peers.py.

Usage: peer_rouge.py rouge-score-rs|rouge-score INPUT OUTPUT [--stemmer]
"""

import json
import sys

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def main():
    peer, source, target = sys.argv[1], sys.argv[2], sys.argv[3]
    stem = "--stemmer" in sys.argv[4:]
    if peer == "rouge-score-rs":
        from rouge_score_rs import rouge_scorer
    elif peer == "rouge-score":
        from rouge_score import rouge_scorer
    else:
        raise SystemExit(f"unknown peer {peer}")
    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=stem)
    with open(source, encoding="utf-8") as f, open(target, "w", encoding="utf-8") as out:
        for line in f:
            item = json.loads(line)
            refs = item.get("references") or [item["reference"]]
            prediction = item["prediction"]
            if len(refs) == 1:
                scores = scorer.score(refs[0], prediction)
            else:
                scores = scorer.score_multi(refs, prediction)
            row = {"id": item["id"]}
            for t in TYPES:
                s = scores[t]
                row[t] = {"precision": s.precision, "recall": s.recall, "fmeasure": s.fmeasure}
            out.write(json.dumps(row, separators=(",", ":")))
            out.write("\n")


if __name__ == "__main__":
    main()
