#!/usr/bin/env python3
"""Writes N `goldeval score qa` input lines to stdout: benches/harness.sh times them.

Usage: python3 benches/gen_score_qa.py N > predictions.jsonl

A fixed mix (no randomness, so every run scores the same lines): numeric, date, entity and
unanswerable questions; one prediction in three wrong, one unanswerable in two abstained.
"""
import json
import sys

n = int(sys.argv[1])
shapes = [
    ("numeric", ["4,200", "4,200 lanterns"], ["4,200 lanterns", "about 4,000", "4200"]),
    ("date", ["Feb. 28", "February 28"], ["on February 28", "March 1", "28 February"]),
    ("entity", ["Mayor Ines Okafor", "Ines Okafor"], ["Ines Okafor", "the mayor", "Okafor"]),
    ("unanswerable", [], ["", "12 dollars", ""]),
]
out = sys.stdout
for i in range(n):
    kind, answers, predictions = shapes[i % len(shapes)]
    line = {"id": f"q-{i}", "prediction": predictions[(i // len(shapes)) % 3],
            "answers": answers, "kind": kind}
    if kind == "unanswerable" and i % 8 == 3:
        line["abstained"] = True
        line["prediction"] = ""
    out.write(json.dumps(line) + "\n")
