"""goldeval.squad against the official SQuAD v2.0 logic's outputs committed in
tests/fixtures/squad/ (transformers 4.57.6's squad_metrics under CPython 3.11.7)."""

import json

import pytest

from conftest import ROOT, jsonl
from goldeval import squad

CASES = jsonl(ROOT / "tests/fixtures/squad/cases.jsonl")
AGGREGATES = json.loads((ROOT / "tests/fixtures/squad/aggregates.json").read_text())
BY_ID = {c["id"]: c for c in CASES}
BEST = ("best_exact", "best_exact_thresh", "best_f1", "best_f1_thresh")


def test_normalize_answer_matches_the_official_script_on_every_case():
    assert len(CASES) > 3000
    for c in CASES:
        assert squad.normalize_answer(c["prediction"]) == c["normalized_prediction"], c["id"]
        assert [squad.normalize_answer(a) for a in c["answers"]] == c["normalized_answers"]


def raw_scores(case):
    """The official get_raw_scores for one question, from compute_exact/compute_f1."""
    golds = [a for a in case["answers"] if squad.normalize_answer(a)] or [""]
    exact = max(squad.compute_exact(a, case["prediction"]) for a in golds)
    f1 = max(squad.compute_f1(a, case["prediction"]) for a in golds)
    return exact, f1


def test_compute_exact_and_f1_match_the_official_raw_scores():
    for c in CASES:
        exact, f1 = raw_scores(c)
        assert type(exact) is int and exact == c["exact"], c["id"]
        assert float(f1) == c["f1"], c["id"]


def test_result_types_are_the_official_scripts():
    assert squad.compute_f1("", "") == 1 and type(squad.compute_f1("", "")) is int
    assert type(squad.compute_f1("the", "Moscow")) is int
    assert type(squad.compute_f1("Red Square", "Moscow")) is int
    assert type(squad.compute_f1("Red Square", "red square")) is float
    assert squad.get_tokens("") == [] and squad.get_tokens("The  Cat.") == ["cat"]


def dataset(ids):
    """The official JSON shape: articles, paragraphs, questions."""
    qas = [{"id": i, "question": "?", "answers": [{"text": a, "answer_start": 0}
                                                  for a in BY_ID[i]["answers"]]}
           for i in ids]
    return {"version": "v2.0", "data": [{"title": "t", "paragraphs": [{"context": "c",
                                                                       "qas": qas}]}]}


@pytest.mark.parametrize("case", AGGREGATES["aggregates"],
                         ids=lambda c: f"{c['subset']}-{c['with_probs']}-{c['thresh']}")
def test_evaluate_returns_the_official_dict(case):
    ids = AGGREGATES["subsets"][case["subset"]]
    preds = {i: BY_ID[i]["prediction"] for i in ids}
    want = case["expected"]
    if case["with_probs"]:
        probs = {i: BY_ID[i]["no_answer_probability"] for i in ids}
        got = squad.evaluate(dataset(ids), preds, probs, case["thresh"])
        assert list(got.items()) == list(want.items())
    else:
        # The script adds best_* only with --na-prob-file; transformers always does, with
        # probability 0.0 for every question.
        got = squad.evaluate(dataset(ids)["data"], preds)
        assert list(got.items()) == [(k, v) for k, v in want.items() if k not in BEST]
        zeros = squad.evaluate(dataset(ids), preds, {i: 0.0 for i in ids})
        assert list(zeros.items()) == list(want.items())


def test_the_best_threshold_walk_takes_ties_in_probability_dict_order():
    # The script walks sorted(na_probs, key=na_probs.get): ties in the dict's order, and a
    # new best after each question. Right first, a wrong answer to the unanswerable
    # question second: the running total peaks at 2 of 2; the other way round it never
    # passes its start (1, the unanswerable count).
    ds = {"data": [{"paragraphs": [{"qas": [
        {"id": "right", "answers": [{"text": "Moscow"}]},
        {"id": "no", "answers": []},
    ]}]}]}
    preds = {"right": "Moscow", "no": "Paris"}
    forward = squad.evaluate(ds, preds, {"right": 0.5, "no": 0.5})
    backward = squad.evaluate(ds, preds, {"no": 0.5, "right": 0.5})
    assert (forward["best_exact"], forward["best_exact_thresh"]) == (100.0, 0.5)
    assert (backward["best_exact"], backward["best_exact_thresh"]) == (50.0, 0.0)
    assert forward["exact"] == backward["exact"] == 50.0


def test_missing_predictions_and_probabilities_raise_key_error():
    ids = AGGREGATES["subsets"]["tricky"][:3]
    with pytest.raises(KeyError, match="missing prediction"):
        squad.evaluate(dataset(ids), {ids[0]: "x"})
    preds = {i: "x" for i in ids}
    with pytest.raises(KeyError, match="no-answer probability"):
        squad.evaluate(dataset(ids), preds, {ids[0]: 0.5})


def test_duplicate_ids_and_empty_datasets_raise_value_error():
    ids = AGGREGATES["subsets"]["tricky"][:2]
    with pytest.raises(ValueError, match="twice"):
        squad.evaluate(dataset([ids[0], ids[0]]), {ids[0]: "x"})
    with pytest.raises(ValueError, match="no questions"):
        squad.evaluate({"data": []}, {})
    with pytest.raises(ValueError, match="data"):
        squad.evaluate({"articles": []}, {})
