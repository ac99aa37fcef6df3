"""Times `goldeval score rouge` against whole Python processes that score the same files with
rouge-score-rs (and, on a subset, Google's rouge-score), and `--threads 2` against
`--threads 1`. Used by benches/peers.sh, which prepares the files and the virtualenv.

Usage: peers.py GOLDEVAL PYTHON BENCH_DIR REPEATS RS_LIMIT

Every cell is timed REPEATS times, goldeval and the peer interleaved so that a change of load
hits both; a run is the wall time of the whole process (read the JSON Lines file, score,
write JSON Lines). Process start is subtracted: the same command on the workload's first line
only, timed as often. The ratio is median(peer) / median(goldeval) after the subtraction.
CPU time (user + sys of the child) is reported beside it, because the machine may be shared.
Scores are compared number by number (ids and all of P/R/F of every type).
"""

import json
import os
import statistics
import subprocess
import sys
import time

WORKLOADS = ["short", "long", "multi", "lic-short", "lic-long", "lic-multi"]
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, env=None):
    """Wall seconds and child CPU seconds (user + sys) of one run; fails on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def read_scores(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            out.append((row["id"], [row[t][k] for t in TYPES for k in ("precision", "recall", "fmeasure")]))
    return out


def differences(a, b):
    """Number of (id or score) values that differ between two outputs, or -1 on length."""
    a, b = read_scores(a), read_scores(b)
    if len(a) != len(b):
        return -1
    diffs = 0
    for (ida, sa), (idb, sb) in zip(a, b):
        diffs += ida != idb
        diffs += sum(x != y for x, y in zip(sa, sb))
    return diffs


def lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def main():
    goldeval, python, bench, repeats, rs_limit = sys.argv[1:6]
    repeats, rs_limit = int(repeats), int(rs_limit)
    peer = os.path.join(HERE, "peer_rouge.py")
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    out_ours = os.path.join(bench, "out.goldeval.jsonl")
    out_peer = os.path.join(bench, "out.peer.jsonl")
    out_one = os.path.join(bench, "out.one.jsonl")

    def ours(inp, stem, threads=1, out=out_ours):
        cmd = [goldeval, "score", "rouge", "--input", inp, "--threads", str(threads), "--output", out]
        return cmd + (["--stemmer"] if stem else [])

    def theirs(name, inp, stem, out=out_peer):
        return [python, peer, name, inp, out] + (["--stemmer"] if stem else [])

    def net(full, one):
        """Median of the full runs minus the median of the one-line runs, per component."""
        return tuple(statistics.median(f[k] for f in full) - statistics.median(o[k] for o in one) for k in (0, 1))

    print(f"{'workload':<10} {'stem':<5} {'pairs':>6} {'goldeval/pair':>14} {'rs-rs/pair':>11} "
          f"{'ratio':>7} {'cpu ratio':>9} {'rouge-score/pair':>17} {'ratio':>8} identical")
    threads_rows = []
    failed = False
    for name in WORKLOADS:
        full = os.path.join(bench, f"{name}.jsonl")
        one = os.path.join(bench, f"{name}.one.jsonl")
        subset = os.path.join(bench, f"{name}.subset.jsonl")
        pairs = lines(full)
        with open(full, "rb") as f, open(subset, "wb") as s:
            for i, line in enumerate(f):
                if i >= rs_limit:
                    break
                s.write(line)
        for stem in (False, True):
            g_full, p_full, g_one, p_one = [], [], [], []
            for _ in range(repeats):
                g_full.append(run(ours(full, stem)))
                p_full.append(run(theirs("rouge-score-rs", full, stem), env))
                g_one.append(run(ours(one, stem, out=out_one)))
                p_one.append(run(theirs("rouge-score-rs", one, stem, out=out_one), env))
            diffs = differences(out_ours, out_peer)
            g, p = net(g_full, g_one), net(p_full, p_one)
            # Google's rouge-score: once on the subset (it is ~100-1000x slower), and the
            # identity check against goldeval on the same pairs.
            sub_ours = os.path.join(bench, "out.goldeval.subset.jsonl")
            run(ours(subset, stem, out=sub_ours))
            r_full = run(theirs("rouge-score", subset, stem))
            r_one = run(theirs("rouge-score", one, stem, out=out_one))
            diffs_rs = differences(sub_ours, out_peer)
            sub_pairs = min(pairs, rs_limit)
            r_pair = (r_full[0] - r_one[0]) / sub_pairs
            same = "yes" if diffs == 0 and diffs_rs == 0 else f"NO ({diffs} / {diffs_rs} values differ)"
            failed |= same != "yes"
            print(f"{name:<10} {'on' if stem else 'off':<5} {pairs:>6} {g[0] / pairs * 1e6:>11.2f} us "
                  f"{p[0] / pairs * 1e6:>8.2f} us {p[0] / g[0]:>6.2f}x {p[1] / g[1]:>8.2f}x "
                  f"{r_pair * 1e6:>14.0f} us {r_pair / (g[0] / pairs):>7.0f}x {same}", flush=True)
            t1, t2 = [], []
            for _ in range(repeats):
                t1.append(run(ours(full, stem, 1)))
                t2.append(run(ours(full, stem, 2)))
            one1 = [run(ours(one, stem, 1, out_one)) for _ in range(repeats)]
            one2 = [run(ours(one, stem, 2, out_one)) for _ in range(repeats)]
            threads_rows.append((name, stem, pairs, net(t1, one1)[0], net(t2, one2)[0]))
    print()
    print(f"{'workload':<10} {'stem':<5} {'pairs':>6} {'--threads 1':>12} {'--threads 2':>12} {'speed-up':>9}")
    for name, stem, pairs, one_thread, two_threads in threads_rows:
        print(f"{name:<10} {'on' if stem else 'off':<5} {pairs:>6} {one_thread:>11.3f}s "
              f"{two_threads:>11.3f}s {one_thread / two_threads:>8.2f}x")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
