#!/usr/bin/env python3
"""A complete goldeval `command` backend, standard library only.

Per-item mode (default): read one JSON request on stdin, write one JSON response on stdout.
Stream mode (--stream): read JSON lines on stdin until EOF, write one JSON line per request,
each carrying the request's "id".

Request:  {"id": "...", "task": "summarize" | "answer", "question": "..." | null,
           "documents": [{"id", "title", "published", "outlet", "text"}]}
Response: {"id": "...", "output": "...", "abstained": false}  or  {"id": "...", "error": "..."}

The method is deliberately simple: a summary is the first sentence of each document; an
answer is the sentence sharing the most words with the question (abstaining when none does).
"""
import json
import re
import sys

WORD = re.compile(r"[A-Za-z0-9]+")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
STOP = {"the", "a", "an", "of", "in", "on", "to", "and", "what", "which", "who", "how",
        "did", "does", "was", "were", "is", "are", "for", "by", "with", "at", "many", "much"}


def sentences(text):
    return [s.strip() for s in SENTENCE.split(text.replace("\n", " ")) if s.strip()]


def words(text):
    return {w.lower() for w in WORD.findall(text)} - STOP


def summarize(documents):
    firsts = [sentences(d["text"])[:1] for d in documents]
    return "\n".join(s[0] for s in firsts if s)


def answer(question, documents):
    wanted = words(question)
    best, best_overlap = None, 0
    for document in documents:
        for sentence in sentences(document["text"]):
            overlap = len(wanted & words(sentence))
            if overlap > best_overlap:
                best, best_overlap = sentence, overlap
    return best


def respond(request):
    response = {"id": request.get("id")}
    if request.get("task") == "summarize":
        response["output"] = summarize(request["documents"])
    elif request.get("task") == "answer":
        found = answer(request.get("question") or "", request["documents"])
        if found is None:
            response["output"], response["abstained"] = "", True
        else:
            response["output"] = found
    else:
        response["error"] = "unknown task %r" % request.get("task")
    return response


def main():
    if "--stream" in sys.argv[1:]:
        for line in sys.stdin:
            if line.strip():
                sys.stdout.write(json.dumps(respond(json.loads(line))) + "\n")
                sys.stdout.flush()
    else:
        json.dump(respond(json.load(sys.stdin)), sys.stdout)


if __name__ == "__main__":
    main()
