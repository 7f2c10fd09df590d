"""Coaching of the boundary builder and the solo rehearsal (exercises/boundaries.py)."""

from __future__ import annotations

from exercises.boundaries import boundary_coach, rehearsal_coach


def _codes(notes):
    return {code for note in notes for code in note["codes"]}


def test_a_calm_boundary_is_clear():
    result = boundary_coach(
        need="I need a quiet half hour after work before we talk about plans.",
        limit="Talking about money while I am still in my coat is too much for me.",
        action="I will say that I need a moment and come back to it after dinner.",
    )
    assert result["clear"], result["parts"]
    assert result["preview"].startswith("What I need: I need a quiet half hour")


def test_blame_and_absolutes_are_pointed_out():
    result = boundary_coach(
        need="You never let me breathe when I come home.",
        limit="It is too much.",
        action="I will go for a walk.",
    )
    assert not result["clear"]
    assert {"you_blame", "absolute"} & _codes(result["parts"]["need"])


def test_a_demand_on_the_partner_is_named():
    result = boundary_coach(
        need="I need some quiet.",
        limit="Shouting.",
        action="You must stop shouting or I leave.",
    )
    assert "demand" in _codes(result["parts"]["action"])


def test_an_action_that_is_not_mine_is_named():
    result = boundary_coach(need="Quiet evenings.", limit="Shouting.", action="The conversation ends.")
    assert "action_not_mine" in _codes(result["parts"]["action"])


def test_a_missing_part_is_not_clear_but_has_no_notes():
    result = boundary_coach(need="I need rest.", limit="", action="")
    assert not result["clear"]
    assert result["parts"]["limit"] == [] and result["parts"]["action"] == []


def test_rehearsal_coaching_praises_an_i_statement_and_flags_blame():
    good = rehearsal_coach(
        "I feel worried when the bills pile up on the table, because I need us to plan "
        "together. Could we sit down on Sunday and look at them?"
    )
    assert good["is_i_statement"], good["notes"]
    bad = rehearsal_coach("You always leave the bills everywhere, you are so lazy.")
    assert not bad["is_i_statement"]
    assert {"you_blame", "insult"} & _codes(bad["notes"])
