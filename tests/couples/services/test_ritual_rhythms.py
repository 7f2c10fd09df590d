"""Monthly and yearly rituals of connection (anniversaries, an annual review,
holiday traditions) on the Django side: agreed live through the real ASGI
app, stored with their month and day, edited in the couple space, read in
words and exported as RFC 5545 recurrences parsed back with icalendar."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from icalendar import Calendar

from couples.models import Ritual
from tests.couples.services.test_rituals import (
    CHECK_IN,
    acked,
    agree,
    cid,
    signed_in,
    start_planning,
    stored_rituals,
)

ANNIVERSARY = {
    **CHECK_IN,
    "kind": "anniversaries",
    "title": "Our wedding day",
    "details": "Dinner where we first met.",
    "roles": "We take turns booking.",
    "frequency": "yearly",
    "month": 6,
    "month_day": 14,
    "time": "19:00",
    "duration_minutes": 180,
}
OUTING = {
    **CHECK_IN,
    "kind": "monthly_outing",
    "title": "First-Saturday outing",
    "frequency": "monthly",
    "month_day": 3,
    "time": "10:00",
    "duration_minutes": 180,
}


def rule(event) -> dict[str, list]:
    """The RRULE parsed back, its parts in any order."""
    return {name: list(value) for name, value in event["RRULE"].items()}


def events_of(client) -> dict[str, object]:
    body = client.get(reverse("ritual_calendar")).content
    return {str(e["SUMMARY"]): e for e in Calendar.from_ical(body).walk("VEVENT")}


@pytest.mark.django_db(transaction=True)
async def test_an_anniversary_agreed_live_is_stored_as_yearly_with_its_day(
    couple, practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await start_planning(alex)
    version = await acked(alex, "ritual_propose", version, **ANNIVERSARY)
    seen = await sam.at_version(version)
    [proposal] = seen["view"]["exercise"]["proposals"]
    assert (proposal["frequency"], proposal["month"], proposal["month_day"]) == ("yearly", 6, 14)
    version = await acked(sam, "ritual_accept", version, proposal_id="r1", revision=1)
    [ritual] = await stored_rituals(couple)
    assert (ritual.frequency, ritual.month, ritual.month_day) == ("yearly", 6, 14)


@pytest.mark.django_db(transaction=True)
async def test_a_monthly_day_past_the_28th_is_refused_with_its_own_code(
    couple, practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    version = await start_planning(alex)
    await alex.command("ritual_propose", version, cid(), **{**OUTING, "month_day": 31})
    error = await alex.next("ack", "error")
    assert (error["type"], error["code"]) == ("error", "invalid_month_day")
    assert error["details"]["maximum"] == 28


def test_monthly_and_yearly_rituals_read_in_words(couple, partners):
    agree(couple, **ANNIVERSARY)
    agree(couple, proposal_id="r2", **OUTING)
    page = signed_in(partners[0]).get(reverse("ritual_list")).content.decode()
    assert "Every year on 14 June at 19:00, 3 hours" in page
    assert "Every month on the 3rd at 10:00, 3 hours" in page


def test_the_calendar_repeats_monthly_and_yearly_rituals(couple, partners):
    agree(couple, **ANNIVERSARY)
    agree(couple, proposal_id="r2", **OUTING)
    events = events_of(signed_in(partners[0]))

    yearly = events["Our wedding day"]
    assert rule(yearly) == {"FREQ": ["YEARLY"], "BYMONTH": [6], "BYMONTHDAY": [14]}
    # Agreed on 1 January 2025: the first occurrence is that year's 14 June.
    assert yearly["DTSTART"].dt.date() == date(2025, 6, 14)
    assert yearly["DTSTART"].params["TZID"] == "Europe/Paris"

    monthly = events["First-Saturday outing"]
    assert rule(monthly) == {"FREQ": ["MONTHLY"], "BYMONTHDAY": [3]}
    assert monthly["DTSTART"].dt.date() == date(2025, 1, 3)


def test_a_leap_day_anniversary_starts_in_the_next_leap_year(couple, partners):
    agree(couple, **{**ANNIVERSARY, "month": 2, "month_day": 29})
    event = events_of(signed_in(partners[0]))["Our wedding day"]
    assert rule(event) == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [29]}
    assert event["DTSTART"].dt.date() == date(2028, 2, 29)


def test_a_partner_turns_a_daily_ritual_into_a_yearly_one_in_the_couple_space(couple, partners):
    ritual = agree(couple, **CHECK_IN)
    form = {**CHECK_IN, "frequency": "yearly", "month": "12", "month_day": "24", "sequence": 0}
    response = signed_in(partners[1]).post(reverse("ritual_edit", args=[ritual.public_id]), form)
    assert response.status_code == 302
    ritual.refresh_from_db()
    assert (ritual.frequency, ritual.month, ritual.month_day) == ("yearly", 12, 24)
    event = events_of(signed_in(partners[0]))["Evening check-in"]
    assert rule(event) == {"FREQ": ["YEARLY"], "BYMONTH": [12], "BYMONTHDAY": [24]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"frequency": "yearly", "month": "", "month_day": "24"}, "Choose the month it falls in."),
        ({"frequency": "yearly", "month": "4", "month_day": "31"},
         "Choose a day of the month from 1 to 30."),
        ({"frequency": "monthly", "month_day": "30"}, "Choose a day of the month from 1 to 28."),
    ],
)
def test_an_impossible_date_is_refused_in_the_couple_space(couple, partners, change, message):
    ritual = agree(couple, **CHECK_IN)
    response = signed_in(partners[0]).post(
        reverse("ritual_edit", args=[ritual.public_id]), {**CHECK_IN, **change, "sequence": 0}
    )
    assert response.status_code == 200 and message in response.content.decode()
    ritual.refresh_from_db()
    assert (ritual.frequency, ritual.sequence) == (Ritual.Frequency.DAILY, 0)


def test_the_edit_form_shows_a_yearly_rituals_month_and_day(couple, partners):
    ritual = agree(couple, **ANNIVERSARY)
    page = signed_in(partners[0]).get(reverse("ritual_edit", args=[ritual.public_id]))
    form = page.context["form"]
    assert (form["frequency"].value(), form["month"].value(), form["month_day"].value()) == (
        "yearly", 6, 14)
