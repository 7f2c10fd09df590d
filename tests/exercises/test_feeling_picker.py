"""The feeling pickers are curated (issue #12 item 11): no comparatives or
superlatives, no near-duplicates, still grouped; the analyzer and the checks
of a chosen word keep recognising every word."""

from __future__ import annotations

from exercises import lexicon
from exercises.aftermath import client_config as aftermath_config
from exercises.aftermath import feeling_groups as aftermath_groups
from exercises.i_statements import analyze
from exercises.i_statements.builder import feeling_words
from exercises.i_statements.exercise import client_config as i_statement_config

COMPARATIVES = {"angrier", "sadder", "lonelier", "happier", "calmer", "closer", "safer"}


def words(groups) -> list[str]:
    return [w for g in groups for w in g["words"]]


def test_the_builder_offers_fewer_distinct_words_in_the_same_groups():
    offered = words(i_statement_config()["feelings"])
    everything = words(lexicon.feeling_groups())
    assert len(offered) <= 180 < len(everything)
    assert len(offered) == len(set(offered))
    assert not COMPARATIVES & set(offered)
    assert not {"burned out", "centered", "irate"} & set(offered)
    assert {"burnt out", "centred", "furious", "lonely"} <= set(offered)
    assert [g["group"] for g in i_statement_config()["feelings"]] == [
        g["group"] for g in lexicon.feeling_groups()]


def test_the_aftermath_picker_is_curated_too_but_accepts_every_word():
    offered = set(words(aftermath_config()["feelings"]))
    assert not COMPARATIVES & offered and "lonely" in offered
    assert "angrier" in set(words(aftermath_groups()))


def test_a_word_left_out_of_the_picker_is_still_recognised():
    assert "angrier" in feeling_words()
    assert analyze("I feel angrier when the dishes pile up, because I need help.").feeling == (
        "angrier")
