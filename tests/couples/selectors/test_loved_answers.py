"""The "feel loved this week" answers of a State of the Union on the couple
page: both partners see them until ``loved_until``, nobody else ever does."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from couples.selectors.sessions import loved_answers_current
from tests.factories import CoupleFactory

pytestmark = pytest.mark.django_db


def finish_meeting(practice, partners, *, until: float) -> None:
    a, s = (str(p.pk) for p in partners)
    practice.state["completed"].append({
        "kind": "state_of_union", "title": "State of the Union", "finished": True,
        "summary": {"appreciations": {a: ["Coffee"], s: ["The note"]},
                    "went_well": {a: "Walk", s: "Dinner"}, "issue": None,
                    "loved": {a: "Breakfast in bed", s: "A call at lunch"},
                    "loved_until": until},
    })
    practice.save()


def test_both_partners_see_both_answers_their_own_first(practice, partners):
    finish_meeting(practice, partners, until=time.time() + 3600)
    for me, other in ((partners[0], partners[1]), (partners[1], partners[0])):
        shown = loved_answers_current(couple=practice.couple, viewer=me)
        assert [a["mine"] for a in shown["answers"]] == [True, False]
        assert shown["answers"][1]["who"] == other.display_name
    assert {a["text"] for a in shown["answers"]} == {"Breakfast in bed", "A call at lunch"}


def test_gone_after_the_week_and_never_shown_to_another_couple(practice, partners):
    until = time.time() + 60
    finish_meeting(practice, partners, until=until)
    assert loved_answers_current(couple=practice.couple, viewer=partners[0], now=until + 1) is None
    stranger = CoupleFactory().memberships.first().user
    assert loved_answers_current(couple=practice.couple, viewer=stranger) is None


def test_the_couple_page_shows_them_until_then(client, practice, partners):
    finish_meeting(practice, partners, until=time.time() + 3600)
    client.force_login(partners[1])
    page = client.get(reverse("home")).content.decode()
    assert "What would make each of you feel loved this week" in page
    assert "Breakfast in bed" in page and "A call at lunch" in page
