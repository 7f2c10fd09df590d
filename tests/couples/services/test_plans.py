"""The aftermath plan in the couple space: items stored from a finished
aftermath, shown on the couple page and the live page until both partners
mark them done or drop them; another couple's item answers 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from couples.models import PlanItem
from couples.services.plans import plan_items_persist
from couples.services.sessions import practice_session_start
from tests.factories import CoupleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(couple, partners):
    alex, sam = partners
    practice = practice_session_start(couple=couple, started_by=alex)
    plan = [{"kind": "do_differently", "owner": str(alex.pk), "asked_by": None,
             "text": "Say when I'm tired"},
            {"kind": "request", "owner": str(sam.pk), "asked_by": str(alex.pk),
             "text": "Ask a day before inviting guests"}]
    event = {"type": "exercise_completed",
             "data": {"kind": "aftermath", "finished": True, "summary": {"plan": plan}}}
    plan_items_persist(couple_id=couple.pk, session_id=practice.pk, events=[event])
    plan_items_persist(couple_id=couple.pk, session_id=practice.pk, events=[event])  # once
    return practice


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def mark(user, item, value):
    return client_of(user).post(reverse("plan_item_mark", args=[item.pk]),
                                {"mark": value, "next": "/"})


def test_the_plan_shows_on_the_couple_page_and_at_the_next_session(planned, partners):
    alex, sam = partners
    assert PlanItem.objects.count() == 2
    page = client_of(sam).get(reverse("home")).content.decode()
    assert "Our plan from the aftermath" in page and "Ask a day before inviting guests" in page
    live = client_of(alex).get(reverse("session", args=[planned.public_id])).content.decode()
    assert "Say when I&#x27;m tired" in live


def test_an_item_leaves_the_lists_only_when_both_mark_it_done(planned, partners):
    alex, sam = partners
    item = PlanItem.objects.get(kind="do_differently")
    assert mark(alex, item, "done").status_code == 302
    item.refresh_from_db()
    assert (item.status, item.marks) == ("open", {str(alex.pk): "done"})
    assert "Your partner marked it done." in client_of(sam).get(reverse("home")).content.decode()
    mark(sam, item, "done")
    item.refresh_from_db()
    assert item.status == "done" and item.settled_at is not None
    assert "Say when I" not in client_of(sam).get(reverse("home")).content.decode()


def test_both_can_drop_an_item(planned, partners):
    item = PlanItem.objects.get(kind="request")
    for partner in partners:
        mark(partner, item, "dropped")
    item.refresh_from_db()
    assert item.status == "dropped"


def test_a_bad_mark_changes_nothing_and_another_couple_gets_404(planned, partners):
    item = PlanItem.objects.get(kind="request")
    mark(partners[0], item, "finished")
    item.refresh_from_db()
    assert item.marks == {}
    stranger = CoupleFactory().memberships.first().user
    assert mark(stranger, item, "done").status_code == 404
