"""score_batch and the Unicode tokenizer (goldeval's own additions to the rouge-score API)."""

import builtins

import pytest

from conftest import ROOT, jsonl
from goldeval import rouge_scorer, tokenizers

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
PAIRS = jsonl(ROOT / "tests/fixtures/rouge/pairs.jsonl")[:500]


def targets_and_predictions():
    targets = [p["references"][0] if len(p["references"]) == 1 else p["references"]
               for p in PAIRS]
    return targets, [p["prediction"] for p in PAIRS]


def rows_of(scorer, targets, predictions):
    return [
        scorer.score(t, p) if isinstance(t, str) else scorer.score_multi(t, p)
        for t, p in zip(targets, predictions)
    ]


@pytest.mark.parametrize("threads", [None, 1, 3])
@pytest.mark.parametrize("stem", [False, True], ids=["nostem", "stem"])
def test_score_batch_rows_equal_score_and_score_multi(threads, stem):
    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=stem)
    targets, predictions = targets_and_predictions()
    columns = scorer.score_batch(targets, predictions, threads=threads)
    assert list(columns) == TYPES
    for i, row in enumerate(rows_of(scorer, targets, predictions)):
        for t in TYPES:
            assert [float(c[i]) for c in columns[t]] == [float(v) for v in row[t]], (i, t)


def test_score_batch_with_a_python_tokenizer_scores_one_pair_at_a_time():
    class Split:
        def tokenize(self, text):
            return text.lower().split()

    scorer = rouge_scorer.RougeScorer(TYPES, tokenizer=Split())
    targets, predictions = targets_and_predictions()
    columns = scorer.score_batch(targets[:50], predictions[:50])
    rows = rows_of(scorer, targets[:50], predictions[:50])
    assert [float(x) for x in columns["rougeLsum"].fmeasure] == [
        float(r["rougeLsum"].fmeasure) for r in rows]


def test_score_batch_returns_numpy_arrays_or_lists_without_numpy(monkeypatch):
    scorer = rouge_scorer.RougeScorer(["rouge1"])
    with_numpy = scorer.score_batch(["a b", "c"], ["a", "c"])["rouge1"]
    assert type(with_numpy.recall).__name__ == "ndarray"
    real_import = builtins.__import__

    def no_numpy(name, *args, **kwargs):
        if name == "numpy":
            raise ImportError("numpy hidden by the test")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_numpy)
    plain = scorer.score_batch(["a b", "c"], ["a", "c"])["rouge1"]
    assert plain.recall == [0.5, 1.0] and plain.precision == [1.0, 1.0]


def test_score_batch_rejects_mismatched_and_empty_inputs():
    scorer = rouge_scorer.RougeScorer(["rouge1"])
    with pytest.raises(ValueError, match="differ in length"):
        scorer.score_batch(["a"], ["a", "b"])
    with pytest.raises(ValueError, match=r"targets\[1\] is an empty list"):
        scorer.score_batch(["a", []], ["a", "b"])
    with pytest.raises(ValueError, match="threads"):
        scorer.score_batch(["a"], ["a"], threads=0)
    with pytest.raises(ValueError, match="Invalid rouge type"):
        rouge_scorer.RougeScorer(["rougeX"]).score_batch(["a"], ["a"])


def test_unicode_tokenizer_keeps_every_script_and_splits_cjk():
    tok = tokenizers.UnicodeTokenizer()
    assert tok.tokenize("Владимир Путин 習近平 café") == ["владимир", "путин", "習", "近", "平",
                                                          "café"]
    assert tokenizers.DefaultTokenizer().tokenize("Владимир café") == ["caf"]


def test_unicode_tokenizer_scores_natively_as_through_python():
    class ViaPython(tokenizers.UnicodeTokenizer):
        """A subclass is called from Python: the same tokens, scored as pre-tokenized."""

    texts = ["Путин встретился с Си в Москве", "Си и Путин в Москве\nвстреча", "習近平 訪問 莫斯科",
             "習近平到訪莫斯科"]
    native = rouge_scorer.RougeScorer(TYPES, tokenizer=tokenizers.UnicodeTokenizer(True))
    python = rouge_scorer.RougeScorer(TYPES, tokenizer=ViaPython(True))
    for target in texts:
        for prediction in texts:
            assert native.score(target, prediction) == python.score(target, prediction)
    # 習近平訪問莫斯科 and 習近平到訪莫斯科: 7 of 8 characters shared.
    assert native.score(texts[2], texts[3])["rouge1"].recall == 7 / 8
