#!/usr/bin/env python3
# /// script
# requires-python = ">=3.9"
# dependencies = []
# ///
"""How wide a 95% confidence interval is for an accuracy measured on n items of this dataset.

For each kind of question in qa.jsonl (and for 6 items, the summary task, and all QA items)
it prints the 95% interval around a score of k/n for a few k, two ways: Wilson's score
interval and the exact Clopper-Pearson interval (the binomial tails inverted by bisection).
Both treat items as independent draws, which questions written from five articles are not,
so the real uncertainty is larger. Standard library only.

    python3 datasets/xi-moscow-2025/tools/intervals.py
"""

import json
from collections import Counter
from math import comb, sqrt
from pathlib import Path

Z = 1.959963984540054  # the 0.975 quantile of the standard normal
DATASET = Path(__file__).resolve().parent.parent


def wilson(k, n):
    p = k / n
    d = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / d
    half = Z * sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / d
    return max(0.0, centre - half), min(1.0, centre + half)


def binomial_cdf(k, n, p):
    return sum(comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))


def clopper_pearson(k, n, alpha=0.05):
    def bisect(inside):
        lo, hi = 0.0, 1.0
        for _ in range(200):
            mid = (lo + hi) / 2
            if inside(mid):
                lo = mid
            else:
                hi = mid
        return lo

    lower = 0.0 if k == 0 else bisect(lambda p: 1 - binomial_cdf(k - 1, n, p) < alpha / 2)
    upper = 1.0 if k == n else bisect(lambda p: binomial_cdf(k, n, p) > alpha / 2)
    return lower, upper


def main():
    kinds = Counter()
    with open(DATASET / "qa.jsonl", encoding="utf-8") as f:
        for line in f:
            kinds[json.loads(line).get("kind", "unspecified")] += 1
    sizes = [(f"{kind} ({n} item{'s' if n != 1 else ''})", n) for kind, n in sorted(kinds.items())]
    sizes += [("6 items (the summary task)", 6), (f"all QA ({sum(kinds.values())} items)",
                                                  sum(kinds.values()))]
    print("| items | score | Wilson 95% | width | Clopper-Pearson 95% | width |")
    print("|---|---:|---|---:|---|---:|")
    for label, n in sizes:
        for k in sorted({n, (n + 1) // 2, n - 1} - {-1}):
            w, c = wilson(k, n), clopper_pearson(k, n)
            print(f"| {label} | {k}/{n} = {k / n:.2f} | [{w[0]:.2f}, {w[1]:.2f}] | "
                  f"{w[1] - w[0]:.2f} | [{c[0]:.2f}, {c[1]:.2f}] | {c[1] - c[0]:.2f} |")


if __name__ == "__main__":
    main()
