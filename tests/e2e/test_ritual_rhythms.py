"""Scenario: monthly and yearly rituals of connection (issue #14, item 15).
Choosing "Anniversaries" in the live planner offers a month and a day (it
used to fall back to daily); the partners agree on it and it reaches the
couple space and the calendar file as a yearly event."""

from __future__ import annotations

import icalendar
import pytest

from tests.e2e.conftest import expect
from tests.e2e.people import (
    choose_exercise,
    couple_joined,
    expect_step,
    now,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_anniversary_is_planned_as_a_yearly_ritual(scenario):
    alex, sam = couple_joined(scenario)

    choice = choose_exercise(alex, "Rituals of connection")
    choice.get_by_role("button", name="Start planning rituals").click()
    expect_step(alex, "Propose a first ritual.")
    form = now(alex).locator("#ritual-new")
    form.get_by_label("Kind of ritual").select_option(label="Anniversaries")
    expect(form.get_by_label("Once a year")).to_be_checked()
    expect(form.get_by_label("Every day")).not_to_be_checked()
    expect(form.locator("#ritual-new-weekdays")).to_be_hidden()
    expect(form.get_by_label("Month", exact=True)).to_be_visible()
    form.get_by_label("Month", exact=True).select_option(label="September")
    form.get_by_label("Day of the month").fill("12")
    form.get_by_label("Name").fill("The day we met")
    form.get_by_label("What exactly happens").fill("A walk by the river, then dinner.")
    form.get_by_label("Who does what").fill("Alex books, Sam chooses the walk.")
    scenario.step("anniversary-form")
    form.get_by_role("button", name="Propose it").click()

    card = now(sam).locator("li.ritual-proposal").filter(has_text="The day we met")
    expect(card).to_contain_text("Every year on 12 September at 19:00")
    card.get_by_role("button", name="Accept this version").click()
    expect(now(sam)).to_contain_text("✓ Agreed by both of you.")
    expect(now(alex)).to_contain_text("✓ Agreed by both of you.")
    scenario.step("anniversary-agreed", sam)

    sam.page.goto("/rituals/")
    expect(sam.page.get_by_text("Every year on 12 September at 19:00, 3 hours")).to_be_visible()
    with sam.page.expect_download() as download:
        sam.page.get_by_role("link", name="Download the calendar file (.ics)").click()
    [event] = icalendar.Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")
    assert {name: list(value) for name, value in event["RRULE"].items()} == {
        "FREQ": ["YEARLY"], "BYMONTH": [9], "BYMONTHDAY": [12]}
    assert (event["DTSTART"].dt.month, event["DTSTART"].dt.day) == (9, 12)
