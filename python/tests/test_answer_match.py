"""goldeval.answer_match: the verdict and its reason, as the CLI's answer_match metric."""

import datetime

import pytest

import goldeval


def test_quantities_match_across_surface_forms_with_the_reason():
    verdict = goldeval.answer_match("US$237bn", ["$237 billion"])
    assert verdict.matched and verdict
    assert verdict.matched_answer == 0
    assert "quantity" in verdict.explanation


def test_a_competing_value_does_not_match_and_says_why():
    verdict = goldeval.answer_match("between $200 billion and $237 billion", ["$237 billion"])
    assert not verdict and not verdict.abstained
    assert verdict.matched_answer is None
    assert verdict.explanation.startswith("no gold answer matches")


def test_unanswerable_questions_match_only_abstentions():
    assert goldeval.answer_match("The documents do not say.", []).matched
    assert goldeval.answer_match("", [], abstain=False).abstained
    assert not goldeval.answer_match("Moscow", []).matched
    assert goldeval.answer_match("Moscow", [], abstain=True).matched


def test_publication_dates_supply_missing_years():
    gold = ["May 7, 2025"]
    assert goldeval.answer_match("on 7 May", gold, "2025-05-09").matched
    assert goldeval.answer_match("on 7 May", gold, datetime.date(2025, 5, 9)).matched
    assert not goldeval.answer_match("on 7 May", gold, "2024-05-09").matched


def test_a_malformed_publication_date_is_a_value_error():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        goldeval.answer_match("x", ["x"], "9 May 2025")
