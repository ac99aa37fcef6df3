"""rouge-score 0.1.2's published unit-test expectations (rouge_scorer_test.py,
scoring_test.py, tokenize_test.py, tokenizers_test.py), run against goldeval's drop-in.

The cases and expected values are rouge-score's; the code is ours. Cases that read
rouge-score's testdata/ files (texts of another project, not in its sdist) are left out;
the fixture pairs of test_rouge_parity.py cover that ground against rouge-score itself.
Internal helpers (`_lcs_table`, `_union_lcs`, `_summary_level_lcs`) are tested through the
public API with a tokenizer that returns their integer sequences."""

import pytest

from goldeval import rouge_scorer, scoring, tokenizers


@pytest.mark.parametrize("rouge_type", ["rougen", "rouge0", "rouge10"])
def test_invalid_rouge_types(rouge_type):
    with pytest.raises(ValueError):
        scorer = rouge_scorer.RougeScorer([rouge_type])
        scorer.score("testing one two", "testing")


@pytest.mark.parametrize("rouge_type", ["rouge1", "rouge9", "rougeL", "rougeLsum"])
def test_valid_rouge_types(rouge_type):
    result = rouge_scorer.RougeScorer([rouge_type]).score("testing one two", "testing")
    assert sorted(result) == [rouge_type]


def assert_prf(score, p, r, f):
    assert score.precision == pytest.approx(p)
    assert score.recall == pytest.approx(r)
    assert score.fmeasure == pytest.approx(f)


def test_rouge1():
    result = rouge_scorer.RougeScorer(["rouge1"]).score("testing one two", "testing")
    assert_prf(result["rouge1"], 1, 1 / 3, 1 / 2)


def test_rouge1_multi():
    result = rouge_scorer.RougeScorer(["rouge1"]).score_multi(["testing one two"], "testing")
    assert_prf(result["rouge1"], 1, 1 / 3, 1 / 2)


def test_rouge_all_multi():
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"])
    result = scorer.score_multi(["first text", "first something"], "text first")
    assert result["rouge1"].fmeasure == pytest.approx(1)
    assert result["rouge2"].fmeasure == pytest.approx(0)
    assert result["rougeL"].fmeasure == pytest.approx(0.5)


@pytest.mark.parametrize("rouge_type", ["rouge1", "rouge2", "rougeL", "rougeLsum"])
def test_rouge_empty(rouge_type):
    result = rouge_scorer.RougeScorer([rouge_type]).score("testing one two", "")
    assert_prf(result[rouge_type], 0, 0, 0)


def test_rouge2():
    result = rouge_scorer.RougeScorer(["rouge2"]).score("testing one two", "testing one")
    assert_prf(result["rouge2"], 1, 1 / 2, 2 / 3)


def test_rouge_l_consecutive():
    result = rouge_scorer.RougeScorer(["rougeL"]).score("testing one two", "testing one")
    assert_prf(result["rougeL"], 1, 2 / 3, 4 / 5)


def test_rouge_l_non_consecutive():
    result = rouge_scorer.RougeScorer(["rougeL"]).score("testing one two", "testing two")
    assert_prf(result["rougeL"], 1, 2 / 3, 4 / 5)


def test_multiple_rouge_types():
    scorer = rouge_scorer.RougeScorer(["rouge1", "rougeL"])
    result = scorer.score("testing one two", "testing one")
    assert sorted(result) == ["rouge1", "rougeL"]
    assert_prf(result["rouge1"], 1, 2 / 3, 4 / 5)
    assert_prf(result["rougeL"], 1, 2 / 3, 4 / 5)


def test_rouge_lsum_sentence_splitting_on_newlines():
    scorer = rouge_scorer.RougeScorer(["rougeLsum"], use_stemmer=True)
    target = "First sentence.\nSecond Sentence."
    prediction = "Second sentence.\nFirst Sentence."
    assert scorer.score(target, prediction)["rougeLsum"].fmeasure == pytest.approx(1.0)
    scorer = rouge_scorer.RougeScorer(["rougeLsum"], use_stemmer=True, split_summaries=False)
    # Without newlines, summaries are treated as single sentences.
    target, prediction = target.replace("\n", " "), prediction.replace("\n", " ")
    assert scorer.score(target, prediction)["rougeLsum"].fmeasure == pytest.approx(0.5)


class Ints:
    """Tokenizes "1 2 3" into [1, 2, 3], so integer sequences can be scored."""

    def tokenize(self, text):
        return [int(t) for t in text.split()]


def test_lcs_table_and_backtrack_through_rouge_l():
    scorer = rouge_scorer.RougeScorer(["rougeL"], tokenizer=Ints())
    # rouge-score: LCS of [1, 2, 3, 4, 5] and [2, 5, 3, 4] is 3 ([2, 3, 4]).
    assert_prf(scorer.score("1 2 3 4 5", "2 5 3 4")["rougeL"], 3 / 4, 3 / 5, 2 / 3)
    # No common subsequence.
    assert_prf(scorer.score("1 2 3 4 5", "8 9")["rougeL"], 0, 0, 0)


def test_union_lcs_and_summary_level_lcs_through_rouge_lsum():
    # ref [1..5], candidates [1 2 6 7 8] (lcs 1 2) and [1 3 8 9 5] (lcs 1 3 5):
    # the union is [1, 2, 3, 5], so recall 4/5 and precision 4/10.
    scorer = rouge_scorer.RougeScorer(["rougeLsum"], tokenizer=Ints())
    result = scorer.score("1 2 3 4 5", "1 2 6 7 8\n1 3 8 9 5")["rougeLsum"]
    assert result.recall == 0.8
    assert result.precision == 0.4
    assert result.fmeasure == pytest.approx(0.5333, abs=1e-3)


def test_summary_level_lcs_with_an_empty_candidate():
    # Tokenizer may drop all tokens, resulting in an empty candidate list.
    scorer = rouge_scorer.RougeScorer(["rougeLsum"], tokenizer=tokenizers.DefaultTokenizer())
    assert scorer.score("reference", "/")["rougeLsum"].recall == 0.0


def test_rouge_lsum():
    scorer = rouge_scorer.RougeScorer(["rougeLsum"])
    result = scorer.score("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5")
    assert result["rougeLsum"].recall == pytest.approx(0.8)
    assert result["rougeLsum"].precision == pytest.approx(0.4)
    assert result["rougeLsum"].fmeasure == pytest.approx(0.5333, abs=1e-3)
    # Empty cases, and a summary of non-word characters only.
    for target, prediction in [("w1 w2 w3 w4 w5", ""), ("", "w1"), ("w1 w2 w3 w4 w5", "/")]:
        assert_prf(scorer.score(target, prediction)["rougeLsum"], 0, 0, 0)


def test_rouge_tokenizer_init():
    scorer = rouge_scorer.RougeScorer(["rouge1"], tokenizer=tokenizers.DefaultTokenizer())
    result = scorer.score("this is a test", "this is a test")
    assert result["rouge1"].fmeasure == 1.0


def three_scores():
    aggregator_scores = [
        scoring.Score(precision=1, recall=1 / 3, fmeasure=1 / 2),
        scoring.Score(precision=0, recall=0, fmeasure=0),
        scoring.Score(precision=1, recall=1, fmeasure=1),
    ]
    return [{"rouge1": s} for s in aggregator_scores]


def assert_similar_aggregates(precision, recall, fmeasure, aggregate, delta):
    for want, bound in zip(precision, [aggregate.low, aggregate.mid, aggregate.high]):
        assert bound.precision == pytest.approx(want, abs=delta)
    for want, bound in zip(recall, [aggregate.low, aggregate.mid, aggregate.high]):
        assert bound.recall == pytest.approx(want, abs=delta)
    for want, bound in zip(fmeasure, [aggregate.low, aggregate.mid, aggregate.high]):
        assert bound.fmeasure == pytest.approx(want, abs=delta)


@pytest.mark.parametrize("level, precision, recall, fmeasure", [
    # testConsistentPercentiles
    (0.9, (1 / 3, 2 / 3, 3 / 3), (1 / 9, 4 / 9, 7 / 9), (1 / 6, 3 / 6, 5 / 6)),
    # testLargeConfidence
    (0.0, (2 / 3, 2 / 3, 2 / 3), (4 / 9, 4 / 9, 4 / 9), (3 / 6, 3 / 6, 3 / 6)),
])
def test_percentiles_of_three_scores(level, precision, recall, fmeasure):
    # rouge-score seeds numpy with 123 in setUp; seed=123 draws the same stream.
    aggregator = scoring.BootstrapAggregator(confidence_interval=level, seed=123)
    for scores in three_scores():
        aggregator.add_scores(scores)
    result = aggregator.aggregate()
    assert_similar_aggregates(precision, recall, fmeasure, result["rouge1"], delta=1e-8)


def test_multiple_rouge_types_aggregate():
    scorer = rouge_scorer.RougeScorer(["rouge1", "rougeL"], use_stemmer=False)
    aggregator = scoring.BootstrapAggregator(seed=123)
    for target, prediction in [("a b c", "a b"), ("d e", "d f"), ("g h i", "i h g")]:
        aggregator.add_scores(scorer.score(target, prediction))
    assert sorted(aggregator.aggregate()) == ["rouge1", "rougeL"]


def test_tokenize():
    tok = tokenizers.DefaultTokenizer()
    assert tok.tokenize("one Two three") == ["one", "two", "three"]
    assert tok.tokenize("one\n Two \nthree") == ["one", "two", "three"]


def test_default_tokenizer_no_stemmer_init():
    tokenizer = tokenizers.DefaultTokenizer(use_stemmer=False)
    assert isinstance(tokenizer, tokenizers.Tokenizer)
    assert tokenizer.tokenize("this is a test") == ["this", "is", "a", "test"]


def test_default_tokenizer_with_stemmer_init():
    tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)
    assert isinstance(tokenizer, tokenizers.Tokenizer)
    assert tokenizer.tokenize("the friends had a meeting") == ["the", "friend", "had", "a", "meet"]
