"""goldeval.scoring.BootstrapAggregator against rouge-score 0.1.2's, bit for bit, from the
same numpy global generator state, and against the committed bootstrap fixture."""

import collections
import json

import pytest

from conftest import ROOT, jsonl, need
from goldeval import rouge_scorer, scoring

FIXTURE = json.loads((ROOT / "tests/fixtures/rouge/bootstrap.json").read_text())
PAIRS = jsonl(ROOT / "tests/fixtures/rouge/pairs.jsonl")
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def numpy():
    return need("numpy", "the drop-in draws from numpy's global generator")


def google_scoring():
    return need("rouge_score.scoring", "the parity tests compare with rouge-score 0.1.2")


def bits(result):
    """Every number of an aggregate with its type, so float64 and float differ."""
    return {
        t: [[(type(v).__name__, v) for v in bound] for bound in agg]
        for t, agg in result.items()
    }


def aggregate(module, scores, seed, **kwargs):
    np = numpy()
    np.random.seed(seed)
    aggregator = module.BootstrapAggregator(**kwargs)
    for s in scores:
        aggregator.add_scores(s)
    result = aggregator.aggregate()
    return result, np.random.random()


def scores_of(pairs, stem):
    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=stem)
    return [scorer.score(p["references"][0], p["prediction"]) for p in pairs]


@pytest.mark.parametrize("n", [1, 2, 5, 37, 300])
@pytest.mark.parametrize("seed", [0, 42, 12345])
def test_seeded_intervals_and_numpy_state_match_rouge_score(n, seed):
    google = google_scoring()
    scores = scores_of(PAIRS[60:60 + n], stem=True)
    ours, our_next = aggregate(scoring, scores, seed, n_samples=200)
    theirs, their_next = aggregate(google, scores, seed, n_samples=200)
    assert bits(ours) == bits(theirs)
    # numpy's generator is left where rouge-score leaves it.
    assert our_next == their_next


@pytest.mark.parametrize("level", [0.0, 0.5, 0.9, 1.0])
def test_confidence_levels_match_rouge_score(level):
    google = google_scoring()
    scores = scores_of(PAIRS[100:140], stem=False)
    ours, _ = aggregate(scoring, scores, 7, confidence_interval=level, n_samples=100)
    theirs, _ = aggregate(google, scores, 7, confidence_interval=level, n_samples=100)
    assert bits(ours) == bits(theirs)


Pair = collections.namedtuple("Pair", ["a", "b"])
Quad = collections.namedtuple("Quad", ["a", "b", "c", "d"])


@pytest.mark.parametrize("cls", [Pair, Quad], ids=["width-2", "width-4"])
def test_other_score_tuples_match_rouge_score(cls):
    google = google_scoring()
    np = numpy()
    rng = np.random.RandomState(3)
    scores = [{"x": cls(*rng.random_sample(len(cls._fields))),
               "y": cls(*rng.randint(0, 3, len(cls._fields)))} for _ in range(23)]
    ours, _ = aggregate(scoring, scores, 11, n_samples=50)
    theirs, _ = aggregate(google, scores, 11, n_samples=50)
    assert bits(ours) == bits(theirs)
    assert type(ours["x"].low) is cls


def test_types_added_at_different_times_resample_in_first_added_order():
    google = google_scoring()
    scores = [{"rouge1": scoring.Score(0.1, 0.2, 0.3)},
              {"rouge2": scoring.Score(0.5, 0.5, 0.5), "rouge1": scoring.Score(1, 0, 0.5)},
              {"rouge2": scoring.Score(0.25, 0.75, 0.375)}]
    ours, a = aggregate(scoring, scores, 5, n_samples=30)
    theirs, b = aggregate(google, scores, 5, n_samples=30)
    assert list(ours) == list(theirs) == ["rouge1", "rouge2"]
    assert bits(ours) == bits(theirs) and a == b


def test_seed_argument_equals_seeding_numpy_first_and_leaves_numpy_alone():
    np = numpy()
    scores = scores_of(PAIRS[200:260], stem=False)
    seeded, _ = aggregate(scoring, scores, 99, n_samples=100)
    np.random.seed(1)
    aggregator = scoring.BootstrapAggregator(n_samples=100, seed=99)
    for s in scores:
        aggregator.add_scores(s)
    assert bits(aggregator.aggregate()) == bits(seeded)
    after = np.random.random()
    np.random.seed(1)
    assert after == np.random.random()


def test_committed_fixture_intervals():
    np = numpy()
    compared = 0
    for case in FIXTURE["aggregate"]:
        np.random.seed(case["seed"])
        aggregator = scoring.BootstrapAggregator(n_samples=case["n_samples"])
        for row in case["scores"]:
            aggregator.add_scores({t: scoring.Score(*row[t]) for t in case["types"]})
        got = aggregator.aggregate()
        for t in case["types"]:
            for bound in ["low", "mid", "high"]:
                assert list(getattr(got[t], bound)) == case["result"][t][bound]
                compared += 3
    assert compared >= 1000


def test_nothing_added_aggregates_to_an_empty_dict():
    assert scoring.BootstrapAggregator().aggregate() == {}


@pytest.mark.parametrize("kwargs", [{"confidence_interval": 1.5}, {"confidence_interval": -0.1},
                                    {"n_samples": 0}, {"seed": -1}])
def test_invalid_settings_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        scoring.BootstrapAggregator(**kwargs)


def test_single_numbers_are_refused_with_the_reason():
    aggregator = scoring.BootstrapAggregator(seed=1)
    aggregator.add_scores({"x": 0.5})
    with pytest.raises(TypeError, match="pairwise"):
        aggregator.aggregate()
    aggregator = scoring.BootstrapAggregator(seed=1)
    aggregator.add_scores({"x": (0.5, 0.1)})
    aggregator.add_scores({"x": (0.5,)})
    with pytest.raises(ValueError, match="one length"):
        aggregator.aggregate()
