#!/usr/bin/env python3
"""Rebuilds tests/fuzz/seeds/ and tests/fuzz/fixtures/run/ from the repository's own valid files.

Run from the repository root after `cargo build`:

    python3 tests/fuzz/make_seeds.py

It makes a small run (`lead` and `extractive-qa` on the test dataset tests/fixtures/datasets/mini)
with target/debug/goldeval, keeps its run.json and summary.json as the fixed files of the
`run_dir` target, and writes each target's seeds from that run, the goldens in goldens/, the
bundled dataset and the test dataset, and the goldeval.toml examples of docs/backends.md.
Multi-file seeds join files with the byte 0x1E (see tests/fuzz/src/lib.rs). Nothing here is
random: the same repository gives the same seeds (but for the run's timings and ids).
"""

import json
import pathlib
import shutil
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
FUZZ = ROOT / "tests" / "fuzz"
SEEDS = FUZZ / "seeds"
SEP = b"\x1e"
MINI = ROOT / "tests" / "fixtures" / "datasets" / "mini"
BUNDLED = ROOT / "datasets" / "xi-moscow-2025"
GOLDENS = ROOT / "goldens" / "xi-moscow-2025"


def read(path):
    return pathlib.Path(path).read_bytes()


def lines(data, n=None):
    """The first n lines of a JSON Lines file, each with its newline."""
    kept = data.splitlines(keepends=True)
    return b"".join(kept if n is None else kept[:n])


def make_run(tmp):
    out = tmp / "run"
    subprocess.run(
        [str(ROOT / "target" / "debug" / "goldeval"), "run", "--quiet", "--dataset", "tests/fixtures/datasets/mini",
         "--backend", "lead", "--backend", "extractive-qa", "--out", str(out)],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )
    return out


def goldens_of(run, backends):
    """The goldens `goldeval bless` writes for a run, by backend."""
    with tempfile.TemporaryDirectory() as goldens:
        subprocess.run(
            [str(ROOT / "target" / "debug" / "goldeval"), "bless", str(run), "--goldens", goldens],
            check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        return {b: read(pathlib.Path(goldens) / "mini" / f"{b}.jsonl") for b in backends}


def score_qa_lines(qa, golden, documents):
    """`score qa` input lines: the bundled dataset's questions with a golden's outputs."""
    outputs = {}
    for line in golden.splitlines()[1:]:
        item = json.loads(line)
        if item["task"] == "answer":
            outputs[item["id"]] = item
    published = {json.loads(d)["id"]: json.loads(d)["published"] for d in documents.splitlines()}
    out = []
    for line in qa.splitlines():
        q = json.loads(line)
        got = outputs.get(q["id"])
        if got is None:
            continue
        row = {"id": q["id"], "question": q["question"], "prediction": got["output"] or "",
               "abstained": got["abstained"], "answers": q["answers"]}
        if "kind" in q:
            row["kind"] = q["kind"]
        docs = q.get("documents") or []
        if docs and docs[0] in published:
            row["publication_date"] = published[docs[0]]
        out.append(json.dumps(row, ensure_ascii=False).encode() + b"\n")
    return out


def toml_blocks(markdown):
    """Every ```toml block of a Markdown file: a goldeval.toml or a dataset.toml."""
    blocks, current = [], None
    for line in markdown.decode().splitlines(keepends=True):
        if current is None and line.strip() == "```toml":
            current = []
        elif current is not None and line.strip() == "```":
            blocks.append("".join(current).encode())
            current = None
        elif current is not None:
            current.append(line)
    keys = [b"[[backend]]", b"[check]", b"[files.documents]"]
    return [b for b in blocks if any(k in b for k in keys)]


def main():
    if SEEDS.exists():
        shutil.rmtree(SEEDS)
    seeds = {}

    def seed(target, name, data):
        seeds.setdefault(target, {})[name] = data

    with tempfile.TemporaryDirectory() as tmp:
        run = make_run(pathlib.Path(tmp))
        fixed = FUZZ / "fixtures" / "run"
        fixed.mkdir(parents=True, exist_ok=True)
        for name in ["run.json", "summary.json"]:
            shutil.copy(run / name, fixed / name)
        items = read(run / "items.jsonl")
        mini_goldens = goldens_of(run, ["lead", "extractive-qa"])

    manifest, summary = read(fixed / "run.json"), read(fixed / "summary.json")
    seed("run_dir", "items.jsonl", items)
    seed("run_dir", "items-first-3.jsonl", lines(items, 3))
    seed("run_dir", "summary-items", summary + SEP + items)
    seed("run_dir", "run-summary-items", manifest + SEP + summary + SEP + items)

    for backend, golden in mini_goldens.items():
        seed("golden", f"mini-{backend}.jsonl", golden)
    for path in sorted(GOLDENS.glob("*.jsonl")):
        seed("golden", path.name, read(path))

    seed("dataset", "mini-qa.jsonl", read(MINI / "qa.jsonl"))
    seed("dataset", "mini-documents-qa",
         read(MINI / "documents.jsonl") + SEP + read(MINI / "qa.jsonl"))
    seed("dataset", "mini-all", SEP.join(read(MINI / f) for f in
                                         ["documents.jsonl", "qa.jsonl", "summaries.jsonl"]))
    seed("dataset", "bundled-all", SEP.join(read(BUNDLED / f) for f in
                                            ["documents.jsonl", "qa.jsonl", "summaries.jsonl"]))

    seed("toml", "mini-dataset.toml", read(MINI / "dataset.toml"))
    seed("toml", "bundled-dataset.toml", read(BUNDLED / "dataset.toml"))
    for doc in ["backends.md", "ci.md", "datasets.md"]:
        for i, block in enumerate(toml_blocks(read(ROOT / "docs" / doc))):
            # this build speaks plain http (https is a cargo feature the fuzz build leaves
            # off), so an https:// example would only be refused for that
            block = block.replace(b"https://", b"http://")
            seed("toml", f"{doc[:-3]}-{i + 1}.toml", block)

    for name, data in [("items.jsonl", items), ("documents.jsonl", read(BUNDLED / "documents.jsonl")),
                       ("qa.jsonl", read(MINI / "qa.jsonl")),
                       ("summaries.jsonl", read(MINI / "summaries.jsonl")),
                       ("golden.jsonl", mini_goldens["extractive-qa"])]:
        seed("jsonl", name, data)

    qa_lines = score_qa_lines(read(BUNDLED / "qa.jsonl"), read(GOLDENS / "extractive-qa.jsonl"),
                              read(BUNDLED / "documents.jsonl"))
    for i in range(0, len(qa_lines), 8):
        seed("score_qa", f"extractive-qa-{i // 8 + 1}.jsonl", b"".join(qa_lines[i:i + 8]))

    for target, files in seeds.items():
        (SEEDS / target).mkdir(parents=True)
        for name, data in files.items():
            (SEEDS / target / name).write_bytes(data)
        print(f"{target}: {len(files)} seeds, {sum(map(len, files.values()))} bytes")


if __name__ == "__main__":
    main()
