"""Self-soothing practice (exercises/self_soothing.py): the breathing pace
rule and the practice length. No database."""

from __future__ import annotations

import pytest

from exercises.engine import RuleError
from exercises.self_soothing import breath_at, client_config, paces, practice_minutes_clean


def test_every_pace_breathes_out_longer_than_in():
    for pace in paces():
        seconds = {p["phase"]: p["seconds"] for p in pace["phases"]}
        assert seconds["out"] > seconds["in"] > 0


def test_the_calm_pace_breathes_in_for_four_and_out_for_six_seconds():
    assert breath_at("calm", 0) == {"phase": "in", "seconds_left": 4, "breath": 1}
    assert breath_at("calm", 5) == {"phase": "out", "seconds_left": 5, "breath": 1}
    assert breath_at("calm", 10) == {"phase": "in", "seconds_left": 4, "breath": 2}
    assert breath_at("calm", -3)["breath"] == 1


def test_the_steady_pace_holds_between_in_and_out():
    assert breath_at("steady", 4.5) == {"phase": "hold", "seconds_left": 1.5, "breath": 1}
    assert breath_at("steady", 12 * 5 + 7)["breath"] == 6


def test_an_unknown_pace_or_length_is_refused():
    with pytest.raises(RuleError) as caught:
        breath_at("panting", 1)
    assert caught.value.code == "invalid_choice"
    for minutes in (0, 21, "5", True):
        with pytest.raises(RuleError):
            practice_minutes_clean(minutes)
    assert practice_minutes_clean(None) == 5


def test_the_page_gets_words_for_each_phase_and_body_soothing_steps():
    config = client_config()
    assert set(config["words"]) == {"in", "hold", "out"}
    assert len(config["body"]) >= 3 and "Gottman" in config["source"]
