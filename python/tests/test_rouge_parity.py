"""goldeval.rouge_scorer against rouge-score 0.1.2 itself, bit for bit (`==` and the same
number types), on the committed fixture pairs (tests/fixtures/rouge/pairs.jsonl): stemmer
off and on, single and multiple references, custom tokenizers and split_summaries."""

import pickle

import pytest

from conftest import ROOT, jsonl, need
from goldeval import rouge_scorer, tokenizers

TYPES = ["rouge1", "rouge2", "rouge3", "rouge4", "rougeL", "rougeLsum"]
PAIRS = jsonl(ROOT / "tests/fixtures/rouge/pairs.jsonl")


def reference():
    return need("rouge_score.rouge_scorer", "the parity tests compare with rouge-score 0.1.2")


def typed(score):
    """A score's fields with their types, so 0 and 0.0 differ."""
    return [(type(v).__name__, v) for v in score]


def same(got, want):
    assert list(got) == list(want)
    for key in want:
        assert typed(got[key]) == typed(want[key]), key


def run(scorer, pair):
    refs = pair["references"]
    if len(refs) == 1:
        return scorer.score(refs[0], pair["prediction"])
    return scorer.score_multi(refs, pair["prediction"])


def test_fixture_covers_single_and_multi_reference_pairs():
    multi = [p for p in PAIRS if len(p["references"]) > 1]
    assert len(PAIRS) > 2000 and len(multi) > 400


@pytest.mark.parametrize("stem", [False, True], ids=["nostem", "stem"])
def test_scores_match_rouge_score_0_1_2_on_every_fixture_pair(stem):
    google = reference()
    ours = rouge_scorer.RougeScorer(TYPES, use_stemmer=stem)
    theirs = google.RougeScorer(TYPES, use_stemmer=stem)
    for pair in PAIRS:
        same(run(ours, pair), run(theirs, pair))


@pytest.mark.parametrize("stem", [False, True], ids=["nostem", "stem"])
def test_scores_match_the_committed_rouge_score_values(stem):
    tag = "stem" if stem else "nostem"
    ours = rouge_scorer.RougeScorer(TYPES, use_stemmer=stem)
    for pair in PAIRS:
        got = run(ours, pair)
        for t in TYPES:
            assert typed(got[t]) == typed(pair[tag][t]), (pair["id"], t)
        for i, per_ref in enumerate(pair.get(f"{tag}_per_ref", [])):
            got = ours.score(pair["references"][i], pair["prediction"])
            for t in TYPES:
                assert typed(got[t]) == typed(per_ref[t]), (pair["id"], i, t)


@pytest.mark.parametrize("types", [["rougeLsum"], ["rouge2", "rougeL"], ["rougeL", "rouge1"]])
def test_type_subsets_and_order_match_rouge_score(types):
    google = reference()
    ours = rouge_scorer.RougeScorer(types, use_stemmer=True)
    theirs = google.RougeScorer(types, use_stemmer=True)
    for pair in PAIRS[:300]:
        same(run(ours, pair), run(theirs, pair))


class Whitespace:
    """A tokenizer goldeval does not have: split on whitespace, keep case."""

    def tokenize(self, text):
        return text.split()


class Hashes:
    """A tokenizer returning non-string tokens (as subword tokenizers' ids are)."""

    def tokenize(self, text):
        return [len(w) % 7 for w in text.split()]


class Lowering(tokenizers.DefaultTokenizer):
    """A subclass of a native tokenizer: must be called from Python, like any other."""

    def tokenize(self, text):
        return [t[:4] for t in super().tokenize(text)]


@pytest.mark.parametrize("tokenizer", [Whitespace(), Hashes(), Lowering()],
                         ids=["whitespace", "int-tokens", "subclass"])
def test_custom_tokenizers_match_rouge_score(tokenizer):
    google = reference()
    ours = rouge_scorer.RougeScorer(TYPES, tokenizer=tokenizer)
    theirs = google.RougeScorer(TYPES, tokenizer=tokenizer)
    for pair in PAIRS[:400]:
        same(run(ours, pair), run(theirs, pair))
    lsum_only = rouge_scorer.RougeScorer(["rougeLsum"], tokenizer=tokenizer)
    lsum_theirs = google.RougeScorer(["rougeLsum"], tokenizer=tokenizer)
    for pair in PAIRS[:100]:
        same(run(lsum_only, pair), run(lsum_theirs, pair))


def test_rouge_score_tokenizer_objects_are_accepted():
    google = reference()
    theirs_tok = need("rouge_score.tokenizers", "rouge-score's own tokenizer object")
    ours = rouge_scorer.RougeScorer(TYPES, tokenizer=theirs_tok.DefaultTokenizer(True))
    theirs = google.RougeScorer(TYPES, use_stemmer=True)
    for pair in PAIRS[:200]:
        same(run(ours, pair), run(theirs, pair))


def sentences_on_full_stops(text):
    """A deterministic stand-in for punkt, which this machine cannot download: it returns
    empty and newline-holding sentences too, which rougeLsum must handle as rouge-score."""
    return [s + "." for s in text.split(".")]


@pytest.mark.parametrize("stem", [False, True], ids=["nostem", "stem"])
def test_split_summaries_uses_nltk_sent_tokenize_as_rouge_score(monkeypatch, stem):
    google = reference()
    nltk = need("nltk", "split_summaries calls nltk.sent_tokenize")
    monkeypatch.setattr(nltk, "sent_tokenize", sentences_on_full_stops)
    types = ["rouge1", "rougeLsum"]
    ours = rouge_scorer.RougeScorer(types, use_stemmer=stem, split_summaries=True)
    theirs = google.RougeScorer(types, use_stemmer=stem, split_summaries=True)
    for pair in PAIRS[:400]:
        same(run(ours, pair), run(theirs, pair))


def test_split_summaries_without_punkt_data_fails_as_rouge_score_does(monkeypatch):
    google = reference()
    nltk = need("nltk", "split_summaries calls nltk.sent_tokenize")
    monkeypatch.setattr(nltk.data, "path", [])
    monkeypatch.setenv("NLTK_DATA", "/nonexistent")
    with pytest.raises(LookupError):
        google.RougeScorer(["rougeLsum"], split_summaries=True).score("A b. C d.", "A b.")
    with pytest.raises(LookupError):
        rouge_scorer.RougeScorer(["rougeLsum"], split_summaries=True).score("A b. C d.", "A b.")


@pytest.mark.parametrize("types", [[], ["rouge1", "rouge1"], ["rougeL", "rouge2", "rougeL"]])
def test_empty_and_repeated_type_lists_match_rouge_score(types):
    google = reference()
    pair = PAIRS[100]
    same(run(rouge_scorer.RougeScorer(types), pair), run(google.RougeScorer(types), pair))


@pytest.mark.parametrize("bad", ["rougen", "rouge0", "rouge10", "ROUGE1", "rougel"])
def test_invalid_types_raise_when_scoring_with_rouge_score_messages(bad):
    google = reference()
    ours = rouge_scorer.RougeScorer(["rouge1", bad])
    theirs = google.RougeScorer(["rouge1", bad])
    with pytest.raises(ValueError) as want:
        theirs.score("a b", "a")
    with pytest.raises(ValueError) as got:
        ours.score("a b", "a")
    assert str(got.value) == str(want.value)


def test_score_multi_without_targets_raises_like_numpy_argmax():
    google = reference()
    with pytest.raises(ValueError) as want:
        google.RougeScorer(["rouge1"]).score_multi([], "a")
    with pytest.raises(ValueError) as got:
        rouge_scorer.RougeScorer(["rouge1"]).score_multi([], "a")
    assert str(got.value) == str(want.value)
    assert rouge_scorer.RougeScorer([]).score_multi([], "a") == {}


def test_a_subclass_overriding_score_is_used_by_score_multi():
    class Halved(rouge_scorer.RougeScorer):
        def score(self, target, prediction):
            return {k: s._replace(fmeasure=s.fmeasure / 2)
                    for k, s in super().score(target, prediction).items()}

    got = Halved(["rouge1"]).score_multi(["a b", "a"], "a")
    assert got["rouge1"].fmeasure == 0.5


def test_scorers_pickle_and_score_the_same_after():
    pair = PAIRS[200]
    for scorer in [rouge_scorer.RougeScorer(TYPES, use_stemmer=True),
                   rouge_scorer.RougeScorer(TYPES, tokenizer=Whitespace())]:
        again = pickle.loads(pickle.dumps(scorer))
        same(run(again, pair), run(scorer, pair))
