#!/usr/bin/env python3
"""Generates a dataset of N questions and N/100 summary items, and a replay file answering each.

Usage: python3 benches/gen_replay_dataset.py N DIR   (benches/scale.sh measures runs on it)

Shape (like a news QA + summarization set, at any size): max(1, N/100) short documents;
100 questions per document (qa.jsonl grouped by document, as datasets usually are); one
summary item per document, with two references and a key fact; replay.jsonl answers every
item in run order (summaries first, then questions; one answer in three wrong), and
replay-qa.jsonl the questions alone (for --task qa runs).
"""
import json
import os
import sys

n = int(sys.argv[1])
d = sys.argv[2]
os.makedirs(d, exist_ok=True)
docs = max(1, n // 100)
with open(f"{d}/dataset.toml", "w") as f:
    f.write(
        'name = "scale"\nversion = "0.1.0"\ndescription = "generated"\nlicense = "CC0-1.0"\n'
        'language = "en"\ncreated = "2026-11-23"\nsource_note = "generated"\n\n'
        '[files.documents]\npath = "documents.jsonl"\ndescription = "d"\n\n'
        '[files.qa]\npath = "qa.jsonl"\ndescription = "q"\n\n'
        '[files.summaries]\npath = "summaries.jsonl"\ndescription = "s"\n'
    )


def text(k):
    return (f"The town of Riverton {k} opened its lantern festival on Saturday, Feb. 28, "
            f"with 4,200 lanterns floating down the Alder River.")


with open(f"{d}/documents.jsonl", "w") as f:
    for k in range(docs):
        f.write(json.dumps({"id": f"d-{k}", "title": f"Festival {k}", "published": "2026-03-02",
                            "outlet": "paper", "text": text(k)}) + "\n")
with open(f"{d}/summaries.jsonl", "w") as s, open(f"{d}/replay.jsonl", "w") as rp:
    for k in range(docs):
        s.write(json.dumps({"id": f"s-{k}", "documents": [f"d-{k}"],
                            "references": [f"Riverton {k} opened its lantern festival.",
                                           "A festival opened with 4,200 lanterns."],
                            "key_facts": ["4,200 lanterns"]}) + "\n")
        rp.write(json.dumps({"id": f"s-{k}",
                             "output": f"Riverton {k} opened its lantern festival on Feb. 28.\n"
                                       "4,200 lanterns floated down the Alder River."}) + "\n")
    with open(f"{d}/qa.jsonl", "w") as qa, open(f"{d}/replay-qa.jsonl", "w") as rq:
        for i in range(n):
            k = min(i // 100, docs - 1)
            qa.write(json.dumps({"id": f"q-{i}", "question": f"How many lanterns floated, case {i}?",
                                 "answers": ["4,200"], "kind": "numeric", "documents": [f"d-{k}"],
                                 "evidence": [{"document": f"d-{k}", "quote": "4,200 lanterns"}]})
                     + "\n")
            answer = json.dumps({"id": f"q-{i}", "output": "4,200" if i % 3 else "about 4,000"})
            rp.write(answer + "\n")
            rq.write(answer + "\n")
