"""Scenario: repair attempts as issue #14 wants them (items 5 and 8). Alex
on a desktop, Sam on a phone: the checklist speaks in our own words; the
speaker asks to finish their piece in one tap (the listener is not offered
it); choosing the flooding phrase offers a time-out that starts in one tap."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Person, expect
from tests.e2e.people import (
    announcer,
    choose_exercise,
    couple_joined,
    expect_step,
    now,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FLOODED = "I'm flooded: my heart is racing and I can't take much more in. Can we stop for a while?"


def button(person: Person, name: str) -> object:
    return now(person).get_by_role("button", name=name, exact=True)


def test_let_me_finish_and_a_time_out_offered_by_the_flooding_phrase(scenario):
    alex, sam = couple_joined(scenario)

    choice = choose_exercise(alex, "Active listening")
    choice.get_by_label("Spoken: you talk aloud").check()
    choice.get_by_label("I will").check()
    choice.get_by_role("button", name="Start active listening").click()
    expect_step(alex, "Say one short piece aloud, then tap.")
    expect(button(sam, "Please let me finish")).to_have_count(0)
    button(alex, "Please let me finish").click()
    incoming = now(sam).get_by_role("region", name="Alex reaches out")
    expect(incoming.locator("blockquote")).to_contain_text("Please let me finish")
    scenario.step("let-me-finish")
    incoming.get_by_role("button", name="Thank you, I'm with you").click()

    now(sam).get_by_text("Reach out: send a repair attempt").click()
    checklist = now(sam).locator("details.repair-send")
    expect(checklist).not_to_contain_text("my part")
    expect(checklist).not_to_contain_text("Please let me finish")
    checklist.get_by_role("button", name=FLOODED).click()
    offer = now(sam).get_by_role("region", name="Take a break now?")
    expect(offer).to_be_visible()
    expect(now(alex).get_by_role("region", name="Take a break now?")).to_have_count(0)
    scenario.step("time-out-offered")
    offer.get_by_role("button", name="Start a time-out now").click()
    for person in (alex, sam):
        expect(now(person).get_by_role("heading", name="Time-out: a break for both of you")
               ).to_be_visible()
    expect(announcer(alex)).to_contain_text("A time-out has started: 20 minutes.")
    scenario.step("time-out-started")
