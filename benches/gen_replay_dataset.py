#!/usr/bin/env python3
"""Generates a QA dataset of N items over one document, and a replay file answering each.

Usage: python3 benches/gen_replay_dataset.py N DIR   (memory measurement in README, "Runner performance")
"""
import json, os, sys
n = int(sys.argv[1]); d = sys.argv[2]
os.makedirs(d, exist_ok=True)
open(f"{d}/dataset.toml", "w").write('name = "mem"\nversion = "0.1.0"\ndescription = "generated"\nlicense = "CC0-1.0"\nlanguage = "en"\ncreated = "2026-11-23"\nsource_note = "generated"\n\n[files.documents]\npath = "documents.jsonl"\ndescription = "d"\n\n[files.qa]\npath = "qa.jsonl"\ndescription = "q"\n\n[files.summaries]\npath = "summaries.jsonl"\ndescription = "s"\n')
doc = "The town of Riverton opened its lantern festival on Saturday, Feb. 28, with 4,200 lanterns floating down the Alder River."
open(f"{d}/documents.jsonl", "w").write(json.dumps({"id": "d-1", "title": "Festival", "published": "2026-03-02", "outlet": "paper", "text": doc}) + "\n")
open(f"{d}/summaries.jsonl", "w").write(json.dumps({"id": "s-1", "documents": ["d-1"], "references": ["Riverton opened its lantern festival.", "A festival opened."], "key_facts": ["4,200 lanterns"]}) + "\n")
with open(f"{d}/qa.jsonl", "w") as qa, open(f"{d}/replay.jsonl", "w") as rp:
    for i in range(n):
        qa.write(json.dumps({"id": f"q-{i}", "question": f"How many lanterns floated, case {i}?", "answers": ["4,200"], "kind": "numeric", "documents": ["d-1"], "evidence": [{"document": "d-1", "quote": "4,200 lanterns"}]}) + "\n")
        rp.write(json.dumps({"id": f"q-{i}", "output": "4,200" if i % 3 else "about 4,000"}) + "\n")
