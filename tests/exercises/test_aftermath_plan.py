"""The aftermath plan (exercises/aftermath/plan.py): an item stays until both
partners mark it done, or both drop it. Pure rules, no database."""

from __future__ import annotations

import pytest

from exercises.aftermath.plan import plan_item_mark, plan_items_open
from exercises.engine import RuleError

A, B = "1", "2"
ITEM = {"kind": "do_differently", "owner": A, "asked_by": None, "text": "Say it early",
        "marks": {}, "status": "open"}


def mark(item, partner, value):
    return plan_item_mark(item, partner=partner, partners=[A, B], mark=value)


def test_an_item_is_done_only_when_both_mark_it_done():
    once = mark(ITEM, A, "done")
    assert (once["status"], once["marks"]) == ("open", {A: "done"})
    assert ITEM["marks"] == {}
    assert mark(once, B, "done")["status"] == "done"


def test_an_item_is_dropped_only_when_both_drop_it():
    assert mark(mark(ITEM, A, "dropped"), B, "dropped")["status"] == "dropped"


def test_different_marks_keep_the_item_showing_both():
    item = mark(mark(ITEM, A, "done"), B, "dropped")
    assert item["status"] == "open" and item["marks"] == {A: "done", B: "dropped"}
    assert plan_items_open([item]) == [item]


def test_a_mark_can_be_changed_or_taken_back():
    item = mark(mark(ITEM, A, "done"), A, "open")
    assert item["marks"] == {}
    assert mark(mark(item, A, "dropped"), A, "done")["marks"] == {A: "done"}


def test_marks_are_checked():
    for partner, value, code in ((A, "finished", "invalid_choice"),
                                 ("9", "done", "not_a_participant")):
        with pytest.raises(RuleError) as caught:
            mark(ITEM, partner, value)
        assert caught.value.code == code
    settled = mark(mark(ITEM, A, "done"), B, "done")
    with pytest.raises(RuleError) as caught:
        mark(settled, A, "open")
    assert caught.value.code == "plan_item_settled"
    assert plan_items_open([settled]) == []
