#!/usr/bin/env python3
# /// script
# requires-python = ">=3.9"
# dependencies = []
# ///
"""For each reference sentence and key fact of the summary items, list the document sentences
that support it.

A statement is split into units: numbers (digits, number words and ordinals, as values),
month and weekday names, capitalized words (names), and the remaining content words (crudely
stemmed). Among the sentences of the item's documents, the script picks greedily the sentence
that covers most of the statement's still uncovered units, until no sentence adds one, and
prints the chosen sentences with the units each covers. Units no document sentence covers are
printed last: a number or a name there is a figure or a person the documents do not state
(or state in other words), and needs a human look.

The script only reads: it changes no file. Standard library only.

    python3 datasets/xi-moscow-2025/tools/support.py            # every summary item
    python3 datasets/xi-moscow-2025/tools/support.py sum-all    # one item
    python3 datasets/xi-moscow-2025/tools/support.py --flagged  # only statements with an
                                                                # uncovered number or name

With --as-predictions it prints instead every reference as a prediction line for
`goldeval score summaries`, which measures how many of its item's key facts each reference
states (key_fact_recall):

    python3 datasets/xi-moscow-2025/tools/support.py --as-predictions > /tmp/refs.jsonl
    goldeval score summaries --input /tmp/refs.jsonl --explain
"""

import argparse
import json
import re
import sys
from pathlib import Path

DATASET = Path(__file__).resolve().parent.parent

STOPWORDS = set(
    """a about above after again against all also although am an and any are as at be because
    been before being below between both but by can could did do does doing down during each
    either even ever every few for from further had has have having he her here hers him his
    how i if in into is it its itself just may me might more most much must my no nor not now
    of off on once only or other our out over own same she should so some such than that the
    their them then there these they this those through to too under until up upon very was we
    were what when where which while who whom whose why will with within without would yet you
    your said says say told""".split()
)

ONES = """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen""".split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
ORDINALS = """zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh
twelfth""".split()
MONTHS = """january february march april may june july august september october november
december""".split()
MONTH_ABBREVIATIONS = {m[:3]: m for m in MONTHS} | {"sept": "september"}
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                 "dec", "u.s", "mr", "mrs", "dr", "st"}


def sentences(text):
    """Sentences of a document: paragraphs split at `.`, `!` or `?` (with an optional closing
    quote) followed by a space and a capital or a quote, except after an abbreviation."""
    out = []
    for paragraph in re.split(r"\n\s*\n", text):
        start = 0
        for m in re.finditer(r"[.!?][\"”’]?\s+(?=[A-Z\"“])", paragraph):
            before = paragraph[start:m.start()].split()
            last = before[-1].lower().rstrip(".") if before else ""
            if last in ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
                continue
            out.append(paragraph[start:m.end()].strip())
            start = m.end()
        if paragraph[start:].strip():
            out.append(paragraph[start:].strip())
    return out


def number_value(word):
    """The value of a number written in digits, as a word or as an ordinal, else None."""
    w = word.lower().replace(",", "")
    m = re.fullmatch(r"\$?(\d+(?:\.\d+)?)(st|nd|rd|th|bn)?", w)
    if m:
        return m.group(1)
    if w in ONES:
        return str(ONES.index(w))
    if w in TENS:
        return str(20 + 10 * TENS.index(w))
    if w in ORDINALS:
        return str(ORDINALS.index(w))
    if w.endswith("ieth") and w[:-4] + "y" in TENS:
        return str(20 + 10 * TENS.index(w[:-4] + "y"))
    if w.endswith("th") and w[:-2] in ONES:
        return str(ONES.index(w[:-2]))
    if w == "dozen":
        return "12"
    return None


def stem(word):
    """A crude stem: lowercase, a regular plural or -ed/-ing dropped, cut to six letters."""
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    return w[:6]


# Lowercased words written capitalized inside some sentence of the documents (proper names);
# a statement's first word is a name only when it is one of these.
PROPER = set()


def learn_names(sentence):
    for word in re.findall(r"[\w’']+", sentence)[1:]:
        if word[:1].isupper():
            PROPER.add(re.sub(r"[’']s$", "", word).lower())


def units(text):
    """The units of a statement: ('number', value), ('date', name), ('name', word) and
    ('word', stem). Hyphenated words are split ("four-day" is `4` and `day`); "May" and
    "March" are months only next to a number."""
    found = []
    words = re.findall(r"\$?[\w’']+(?:[.,]\d+)*", text.replace("-", " "))
    for i, raw in enumerate(words):
        word = raw.strip("’'")
        lower = word.lower().rstrip(".")
        if lower.endswith("’s") or lower.endswith("'s"):
            lower = lower[:-2]
            word = word[:-2]
        near_number = any(
            0 <= j < len(words) and number_value(words[j]) is not None for j in (i - 1, i + 1)
        )
        value = number_value(word)
        if value is not None:
            found.append(("number", value))
        elif lower in ("may", "march") and not near_number:
            found.append(("word", stem(lower)))
        elif lower in MONTHS or lower in MONTH_ABBREVIATIONS:
            found.append(("date", MONTH_ABBREVIATIONS.get(lower, lower)))
        elif lower in WEEKDAYS:
            found.append(("date", lower))
        elif lower in STOPWORDS or not lower:
            continue
        elif word[:1].isupper() and (i > 0 or lower in PROPER):
            found.append(("name", lower))
        else:
            found.append(("word", stem(lower)))
    return list(dict.fromkeys(found))


def support(statement, doc_sentences):
    """Greedy cover of the statement's units by document sentences: a list of
    (doc id, sentence, covered units), and the units left uncovered."""
    wanted = units(statement)
    index = [(doc, s, set(units(s))) for doc, s in doc_sentences]
    # A name unit is also covered by the same word written lowercase, and the reverse.
    def covers(unit, have):
        kind, value = unit
        if unit in have:
            return True
        if kind in ("name", "word"):
            return ("name", value) in have or ("word", stem(value)) in have or (
                "word", value) in have
        return False

    left = list(wanted)
    chosen = []
    while left:
        best = max(index, key=lambda x: sum(covers(u, x[2]) for u in left), default=None)
        if best is None:
            break
        gained = [u for u in left if covers(u, best[2])]
        if not gained:
            break
        chosen.append((best[0], best[1], gained))
        left = [u for u in left if u not in gained]
    return chosen, left


def show(units_list):
    return ", ".join(value for _, value in units_list)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("items", nargs="*", help="summary item ids (default: all)")
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument("--flagged", action="store_true",
                        help="print only statements with an uncovered number, date or name")
    parser.add_argument("--as-predictions", action="store_true",
                        help="print the references as `goldeval score summaries` input")
    args = parser.parse_args()
    documents = {}
    with open(args.dataset / "documents.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            documents[d["id"]] = sentences(d["text"])
            for sentence in documents[d["id"]]:
                learn_names(sentence)
    items = []
    with open(args.dataset / "summaries.jsonl", encoding="utf-8") as f:
        for line in f:
            items.append(json.loads(line))
    if args.as_predictions:
        for item in items:
            if args.items and item["id"] not in args.items:
                continue
            for r, ref in enumerate(item["references"]):
                line = {"id": f"{item['id']}/ref{r + 1}", "item": item["id"], "prediction": ref}
                print(json.dumps(line, ensure_ascii=False))
        return
    flagged = total = 0
    for item in items:
        if args.items and item["id"] not in args.items:
            continue
        doc_sentences = [(d, s) for d in item["documents"] for s in documents[d]]
        statements = [
            (f"reference {r + 1}, sentence {i + 1}", sentence)
            for r, ref in enumerate(item["references"])
            for i, sentence in enumerate(ref.split("\n"))
        ] + [(f"key fact {k}", fact) for k, fact in enumerate(item["key_facts"])]
        for label, statement in statements:
            total += 1
            chosen, left = support(statement, doc_sentences)
            hard = [u for u in left if u[0] in ("number", "date", "name")]
            flagged += bool(hard)
            if args.flagged and not hard:
                continue
            print(f"{item['id']} {label}: {statement}")
            for doc, sentence, gained in chosen:
                print(f"    {doc}: {sentence}")
                print(f"        covers: {show(gained)}")
            if left:
                mark = "UNCOVERED (check)" if hard else "uncovered words"
                print(f"    {mark}: {show(left)}")
            print()
    print(f"{total} statements; {flagged} with an uncovered number, date or name",
          file=sys.stderr)


if __name__ == "__main__":
    main()
