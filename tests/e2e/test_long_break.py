"""Scenario: a longer break with an agreed return (issue #14, item 6). Alex
calls a three-hour time-out and suggests coming back at a time tomorrow; Sam
(on a phone) agrees, asks to be reminded and leaves the session page; the
couple page shows the break and, when the time comes, the reminder; Sam
comes back to the session, which waits exactly where it was, and is
reminded there too when the time comes."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import TIME_ZONE, expect
from tests.e2e.people import announcer, couple_joined, now

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_long_break_with_an_agreed_return_and_a_reminder(scenario):
    alex, sam = couple_joined(scenario)

    now(alex).get_by_text("Flooded? Call a time-out").click()
    now(alex).get_by_label("How long?").select_option(label="3 hours")
    now(alex).get_by_role("button", name="Call a time-out for both of us").click()
    for person in (alex, sam):
        expect(now(person).get_by_role("heading", name="Time-out: a break for both of you")
               ).to_be_visible()

    # Twenty hours from now, to the minute: within the 24 hours a break may last.
    local_now = datetime.now(ZoneInfo(TIME_ZONE))
    back = (local_now + timedelta(hours=20)).replace(second=0, microsecond=0)
    day = "tomorrow" if back.date() > local_now.date() else "today"
    when = f"{day} at {back:%H:%M}"
    now(alex).get_by_label("Suggest another time to come back").fill(back.strftime("%Y-%m-%dT%H:%M"))
    now(alex).get_by_role("button", name="Suggest this time").click()
    expect(now(alex).locator("#time-out-return-when")).to_have_text(
        f"You suggested coming back {when}. Waiting for Sam to agree.")
    expect(announcer(sam)).to_contain_text(f"Alex suggests coming back {when}.")
    scenario.step("return-time-suggested")

    now(sam).get_by_role("button", name=f"Agree: back {when}").click()
    for person in (alex, sam):
        expect(now(person).locator("#time-out-return-when")).to_have_text(
            f"You both agreed to come back {when}.")
    now(sam).get_by_label("Remind me when it is time").check()
    expect(now(sam).get_by_label("Remind me when it is time")).to_be_checked()
    scenario.step("return-time-agreed")

    # Sam leaves for now; the couple page keeps the break in view.
    sam.page.clock.install()
    now(sam).get_by_role("link", name="Leave for now").click()
    reminder = sam.page.locator("#time-out-reminder")
    expect(reminder).to_contain_text("You are on a break until")
    expect(reminder).to_contain_text("This page will remind you when it is time.")
    scenario.step("on-a-break", sam)
    sam.page.clock.fast_forward("20:01:00")
    expect(reminder).to_contain_text("It's time to come back.")
    scenario.step("time-to-come-back", sam)

    sam.page.get_by_role("link", name="Join the session").click()
    expect(now(sam).get_by_role("heading", name="Time-out: a break for both of you")).to_be_visible()
    expect(now(sam).locator("#time-out-return-when")).to_have_text(
        f"You both agreed to come back {when}.")

    # Still on the session page when the time comes: the reminder shows there too.
    sam.page.clock.fast_forward("20:01:00")
    expect(now(sam).locator("#time-out-reminder-now")).to_contain_text("It's time to come back.")
    expect(now(sam).get_by_role("button", name="I'm ready to come back")).to_be_enabled()
    scenario.step("reminder-on-the-session-page", sam)
