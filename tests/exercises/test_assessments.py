"""Scoring and descriptions of the self-assessments (exercises/assessments.py)."""

from __future__ import annotations

import re

import pytest

from exercises import assessments as A


def _all(kind: str, value: int) -> dict[str, int]:
    return {item.id: value for item in A.items(kind)}


@pytest.mark.parametrize("kind", A.KINDS)
def test_every_item_counts_towards_a_known_dimension_and_every_dimension_has_items(kind):
    dims = A.dimensions(kind)
    used = {item.dimension for item in A.items(kind)}
    assert used == set(dims)
    assert len({item.id for item in A.items(kind)}) == len(A.items(kind))


@pytest.mark.parametrize("kind", A.KINDS)
def test_every_practice_a_result_points_to_exists(kind):
    for dim in A.spec(kind)["dimensions"].values():
        assert dim["helps"]
        assert set(dim["helps"]) <= set(A.practices())


def test_reverse_items_count_the_other_way():
    answers = {}
    for item in A.items("patterns"):
        answers[item.id] = 1 if item.reverse else 5
    scores = A.score("patterns", answers)
    assert scores == {"closeness_worry": 5.0, "closeness_distance": 5.0}


def test_score_is_the_mean_of_the_dimension_rounded_to_one_decimal():
    answers = _all("regulation", 3)
    answers["r1"] = 5  # noticing: (5 + (6-3)) / 2 = 4.0
    answers["r3"] = 4  # naming: (4 + 3) / 2 = 3.5
    scores = A.score("regulation", answers)
    assert scores["noticing"] == 4.0
    assert scores["naming"] == 3.5
    assert scores["soothing"] == 3.0


def test_string_answers_from_a_form_are_accepted_and_unknown_keys_dropped():
    answers = {k: str(v) for k, v in _all("relationship_now", 2).items()}
    answers["zz"] = "9"
    assert A.answers_clean("relationship_now", answers) == _all("relationship_now", 2)


def test_a_missing_answer_names_the_items_left_out():
    answers = _all("patterns", 3)
    del answers["p2"], answers["p7"]
    with pytest.raises(A.AnswerMissing) as info:
        A.score("patterns", answers)
    assert info.value.details["items"] == ["p2", "p7"]
    assert info.value.code == "assessment_answer_missing"


@pytest.mark.parametrize("bad", [0, 6, "x", "3.5", -1])
def test_an_answer_off_the_scale_is_refused(bad):
    answers = _all("patterns", 3)
    answers["p1"] = bad
    with pytest.raises(A.AnswerOutOfRange):
        A.score("patterns", answers)


def test_an_unknown_assessment_is_refused():
    with pytest.raises(A.UnknownAssessment):
        A.score("iq", {})


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.0, "less"), (2.4, "less"), (2.5, "some"), (3.4, "some"), (3.5, "more"), (5.0, "more")],
)
def test_bands(value, expected):
    assert A.band(value) == expected


_LABELS = re.compile(
    r"\b(anxious|avoidant|disorder|diagnos\w*|insecure|secure|score|grade|fail\w*|normal|"
    r"abnormal|patholog\w*|attachment style)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("kind", A.KINDS)
@pytest.mark.parametrize("value", [1, 3, 5])
def test_descriptions_are_gentle_words_never_a_label_or_grade(kind, value):
    described = A.describe(kind, A.score(kind, _all(kind, value)))
    assert [d["dimension"] for d in described] == list(A.dimensions(kind))
    for entry in described:
        assert entry["text"]
        assert not _LABELS.search(entry["text"]), entry["text"]
        assert entry["helps"] and all(h["title"] for h in entry["helps"])


def test_more_worry_reads_differently_from_less():
    low = A.describe("patterns", {"closeness_worry": 1.5})[0]
    high = A.describe("patterns", {"closeness_worry": 4.5})[0]
    assert low["band"] == "less" and high["band"] == "more"
    assert low["text"] != high["text"]
    assert "self_soothing" in [h["key"] for h in high["helps"]]
