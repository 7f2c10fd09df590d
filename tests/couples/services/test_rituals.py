"""Agreed rituals on the Django side: agreeing through the real ASGI app
(two partners, racing commands), the couple-space page, the calendar export
parsed back with icalendar, subscription links and authorization."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, datetime, timedelta

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from couples.models import Membership, Ritual, SessionEvent
from couples.services.rituals import ritual_status_change, rituals_persist_agreed
from couples.services.sessions import practice_session_start
from exercises.rituals import ritual_fields_clean
from tests.factories import CoupleFactory

CHECK_IN = {
    "kind": "daily_check_in",
    "title": "Evening check-in",
    "details": "Ten minutes on the sofa, phones in the kitchen.",
    "roles": "Whoever gets home last makes tea; five minutes each.",
    "frequency": "daily",
    "time": "20:30",
    "duration_minutes": 10,
    "timezone": "Europe/Paris",
}
DATE_NIGHT = {
    **CHECK_IN,
    "kind": "weekly_date",
    "title": "Date night",
    "details": "Out of the house, no talk about chores.",
    "roles": "We take turns choosing the place.",
    "frequency": "weekly",
    "weekdays": ["SA", "TH"],
    "time": "19:30",
    "duration_minutes": 120,
    "timezone": "America/New_York",
}
AGREED_AT = 1_735_689_600.0  # 2025-01-01 00:00 UTC (a Wednesday)


def cid() -> str:
    return str(uuid.uuid4())


def agree(couple, proposal_id="r1", **fields) -> Ritual:
    """Store a ritual as the session hook does when both partners accepted."""
    practice = practice_session_start(
        couple=couple, started_by=couple.memberships.first().user
    )
    cleaned = ritual_fields_clean({"weekdays": [], **fields})  # as the engine agreed it
    proposal = {**cleaned, "id": proposal_id, "revision": 1, "agreed_at": AGREED_AT}
    [ritual] = rituals_persist_agreed(
        couple_id=couple.pk,
        session_id=practice.pk,
        events=[{"type": "ritual_agreed", "data": {"proposal": proposal}, "private_to": None}],
        now=AGREED_AT,
    )
    return ritual


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def parsed(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


# --- through the consumer ---------------------------------------------------------------


async def start_planning(alex) -> int:
    version = alex.snapshot["version"]
    await alex.command("exercise_start", version, cid(), exercise="ritual_planning")
    return (await alex.next("ack"))["version"]


async def acked(socket, name, version, **payload) -> int:
    await socket.command(name, version, cid(), **payload)
    answer = await socket.next("ack", "error")
    assert answer["type"] == "ack", answer
    return answer["version"]


async def stored_rituals(couple) -> list[Ritual]:
    return await database_sync_to_async(lambda: list(Ritual.objects.filter(couple=couple)))()


@pytest.mark.django_db(transaction=True)
async def test_two_partners_edit_and_agree_a_ritual_that_is_stored_for_the_couple(
    couple, practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await start_planning(alex)
    version = await acked(alex, "ritual_propose", version, **CHECK_IN)
    seen = await sam.at_version(version)
    [proposal] = seen["view"]["exercise"]["proposals"]
    assert (proposal["title"], proposal["revision"]) == ("Evening check-in", 1)

    version = await acked(sam, "ritual_edit", version, proposal_id="r1", revision=1, time="21:00")
    assert (await alex.at_version(version))["view"]["exercise"]["proposals"][0]["revision"] == 2
    # Sam's edit counts as Sam accepting revision 2: nothing is agreed until Alex accepts it.
    assert await stored_rituals(couple) == []
    version = await acked(alex, "ritual_accept", version, proposal_id="r1", revision=2)

    update = await alex.at_version(version)
    assert [e["type"] for e in update["events"]] == ["ritual_accepted", "ritual_agreed"]
    [ritual] = await stored_rituals(couple)
    assert (ritual.title, ritual.time_of_day.strftime("%H:%M"), ritual.agreed_revision) == (
        "Evening check-in", "21:00", 2)
    assert ritual.status == Ritual.Status.ACTIVE and ritual.time_zone == "Europe/Paris"


@pytest.mark.django_db(transaction=True)
async def test_accepting_an_outdated_revision_through_the_socket_is_refused_clearly(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await start_planning(alex)
    version = await acked(alex, "ritual_propose", version, **CHECK_IN)
    version = await acked(alex, "ritual_edit", version, proposal_id="r1", revision=1, time="07:30")
    await sam.at_version(version)
    await alex.at_version(version)
    client_id = cid()
    await sam.command("ritual_accept", version, client_id, proposal_id="r1", revision=1)
    error = await sam.next("error")
    assert (error["code"], error["client_id"]) == ("revision_stale", client_id)
    assert error["details"]["revision"] == 2
    assert await alex.nothing_more()


@pytest.mark.django_db(transaction=True)
async def test_a_payload_of_the_wrong_shape_is_refused_before_the_engine(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    version = await start_planning(alex)
    await alex.command("ritual_accept", version, cid(), proposal_id="r1", revision="1")
    assert (await alex.next("error"))["code"] == "invalid_message"


@pytest.mark.django_db(transaction=True)
async def test_finishing_lists_the_agreed_rituals_and_stores_each_only_once(
    couple, practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await start_planning(alex)
    version = await acked(alex, "ritual_propose", version, **CHECK_IN)
    version = await acked(sam, "ritual_accept", version, proposal_id="r1", revision=1)
    version = await acked(sam, "ritual_planning_finish", version)
    update = await alex.at_version(version)
    completed = update["events"][-1]
    assert completed["type"] == "exercise_completed"
    assert [r["title"] for r in completed["data"]["summary"]["agreed"]] == ["Evening check-in"]
    assert len(await stored_rituals(couple)) == 1


async def view_at(socket, version: int) -> dict:
    """The view ``socket`` received at ``version`` (already seen, or awaited)."""
    for frame in reversed(socket.seen):
        if frame["type"] in ("update", "snapshot") and frame["version"] == version:
            return frame["view"]
    return (await socket.at_version(version))["view"]


@pytest.mark.django_db(transaction=True)
async def test_racing_edits_and_accepts_never_agree_a_version_one_partner_did_not_accept(
    couple, practice, partners, session_socket, settings
):
    """Each round, Alex edits while Sam accepts, both against the same session
    version. The row lock and version check let exactly one through. The
    loser retries naively with the fresh session version and its old intent:
    the revision check refuses it. The event log must never show an agreement
    on a revision that both partners did not accept."""
    # Up to 24 commands a socket in a few seconds: past the default allowance
    # (20 per 4 s) on a fast run, and rate limits are not what this is about.
    settings.WS_RATE_LIMIT_COMMANDS = "200/4 seconds"
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    a_id, s_id = alex.snapshot["me"], sam.snapshot["me"]
    version = await start_planning(alex)
    version = await acked(alex, "ritual_propose", version, **CHECK_IN)
    races = 0
    for round_ in range(12):
        proposal = (await view_at(alex, version))["exercise"]["proposals"][0]
        if proposal["status"] == "agreed":
            break
        revision = proposal["revision"]
        if a_id not in proposal["accepted_by"]:
            version = await acked(alex, "ritual_accept", version, proposal_id="r1",
                                  revision=revision)
            continue
        edit = {"proposal_id": "r1", "revision": revision, "duration_minutes": 11 + round_}
        accept = {"proposal_id": "r1", "revision": revision}
        racing = [
            alex.command("ritual_edit", version, cid(), **edit),
            sam.command("ritual_accept", version, cid(), **accept),
        ]
        races += 1
        if races > 3:  # let the accept go first too, so both outcomes are exercised
            racing.reverse()
        await asyncio.gather(*racing)
        answers = {"alex": await alex.next("ack", "error"), "sam": await sam.next("ack", "error")}
        winner = next(who for who, a in answers.items() if a["type"] == "ack")
        loser = "sam" if winner == "alex" else "alex"
        # An edit that lost the race is refused for the version; an accept is
        # applied to the session as it is now (it names its revision), so it
        # is refused for the revision the edit replaced.
        expected = {"alex": "stale_version", "sam": "revision_stale"}[loser]
        assert answers[loser]["code"] == expected
        version = answers[winner]["version"]
        if loser == "sam":
            await sam.command("ritual_accept", version, cid(), **accept)
            assert (await sam.next("ack", "error"))["code"] == "revision_stale"
        else:
            await alex.command("ritual_edit", version, cid(), **edit)
            assert (await alex.next("ack", "error"))["code"] == "ritual_already_agreed"

    logs = await database_sync_to_async(
        lambda: list(SessionEvent.objects.filter(session=practice).values_list("events", flat=True))
    )()
    revision, accepted, agreed = 1, set(), None
    for events in logs:
        for event in events:
            data = event["data"]
            if event["type"] in ("ritual_proposed", "ritual_edited"):
                # Proposing or editing counts as the author's acceptance.
                revision, accepted = data["proposal"]["revision"], {data["by"]}
            elif event["type"] == "ritual_accepted":
                assert data["revision"] == revision
                accepted.add(data["by"])
            elif event["type"] == "ritual_agreed":
                assert accepted == {a_id, s_id} and data["proposal"]["revision"] == revision
                agreed = data["proposal"]
    stored = await stored_rituals(couple)
    if agreed is None:
        assert stored == []
    else:
        [ritual] = stored
        assert (ritual.agreed_revision, ritual.duration_minutes) == (
            agreed["revision"], agreed["duration_minutes"])


# --- the couple space ------------------------------------------------------------------------


def test_the_couple_space_links_to_the_rituals_page(partners):
    page = signed_in(partners[0]).get(reverse("home"))
    assert reverse("ritual_list").encode() in page.content


def test_both_partners_see_their_agreed_rituals(couple, partners):
    agree(couple, **CHECK_IN)
    page = signed_in(partners[1]).get(reverse("ritual_list"))
    assert page.status_code == 200
    assert b"Evening check-in" in page.content and b"Every day at 20:30, 10 minutes" in page.content


def test_a_partner_edits_the_schedule_and_text(couple, partners):
    ritual = agree(couple, **CHECK_IN)
    form = {**CHECK_IN, "frequency": "weekly", "weekdays": ["MO", "TH"], "time": "18:15",
            "title": "Check-in after work", "sequence": ritual.sequence}
    response = signed_in(partners[1]).post(reverse("ritual_edit", args=[ritual.public_id]), form)
    assert response.status_code == 302
    ritual.refresh_from_db()
    assert (ritual.title, ritual.weekdays, ritual.time_of_day.strftime("%H:%M")) == (
        "Check-in after work", ["MO", "TH"], "18:15")
    assert ritual.sequence == 1 and ritual.updated_by == partners[1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timezone": "Moon/Base"}, b"That is not a time zone we know."),
        ({"frequency": "weekly"}, b"Choose at least one day of the week."),
        ({"time": "25:00"}, b"Please give a time of day such as 19:30."),
        ({"duration_minutes": "0"}, b"greater than or equal to 1"),
    ],
)
def test_an_invalid_edit_shows_a_clear_message_and_saves_nothing(couple, partners, change, message):
    ritual = agree(couple, **CHECK_IN)
    form = {**CHECK_IN, **change, "sequence": ritual.sequence}
    response = signed_in(partners[0]).post(reverse("ritual_edit", args=[ritual.public_id]), form)
    assert response.status_code == 200 and message in response.content
    ritual.refresh_from_db()
    assert ritual.sequence == 0 and ritual.time_zone == "Europe/Paris"


def test_an_edit_made_on_an_outdated_form_does_not_overwrite_the_partners_change(couple, partners):
    ritual = agree(couple, **CHECK_IN)
    url = reverse("ritual_edit", args=[ritual.public_id])
    signed_in(partners[0]).post(url, {**CHECK_IN, "time": "19:00", "sequence": 0})
    response = signed_in(partners[1]).post(
        url, {**CHECK_IN, "time": "22:00", "sequence": 0}, follow=True
    )
    assert b"was changed while you were editing" in response.content
    assert response.context["form"]["time"].value() == "19:00"  # the latest version to edit
    ritual.refresh_from_db()
    assert ritual.time_of_day.strftime("%H:%M") == "19:00"


def test_a_ritual_is_paused_resumed_and_retired_by_either_partner(couple, partners):
    ritual = agree(couple, **CHECK_IN)
    url = reverse("ritual_status", args=[ritual.public_id])
    signed_in(partners[0]).post(url, {"action": "pause"})
    ritual.refresh_from_db()
    assert ritual.status == Ritual.Status.PAUSED
    signed_in(partners[1]).post(url, {"action": "resume"})
    ritual.refresh_from_db()
    assert ritual.status == Ritual.Status.ACTIVE
    signed_in(partners[1]).post(url, {"action": "retire"})
    ritual.refresh_from_db()
    assert ritual.status == Ritual.Status.RETIRED


def test_pausing_a_paused_ritual_says_so(couple, partners):
    ritual = agree(couple, **CHECK_IN)
    client = signed_in(partners[0])
    url = reverse("ritual_status", args=[ritual.public_id])
    client.post(url, {"action": "pause"})
    page = client.post(url, {"action": "pause"}, follow=True)
    assert b"This ritual is paused already." in page.content


def test_another_couples_ritual_is_not_found(couple, partners):
    other = CoupleFactory()
    theirs = agree(other, **CHECK_IN)
    client = signed_in(partners[0])
    form = {**CHECK_IN, "title": "Taken over", "sequence": 0}
    assert client.get(reverse("ritual_edit", args=[theirs.public_id])).status_code == 404
    assert client.post(reverse("ritual_edit", args=[theirs.public_id]), form).status_code == 404
    assert client.post(reverse("ritual_status", args=[theirs.public_id]),
                       {"action": "retire"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status) == ("Evening check-in", Ritual.Status.ACTIVE)


def test_changing_a_ritual_needs_the_csrf_token(couple, partners):
    ritual = agree(couple, **CHECK_IN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(partners[0])
    response = client.post(reverse("ritual_status", args=[ritual.public_id]), {"action": "retire"})
    assert response.status_code == 403


# --- the calendar -------------------------------------------------------------------------------


def test_the_calendar_has_each_active_ritual_as_a_recurring_event(couple, partners):
    agree(couple, **CHECK_IN)
    agree(couple, proposal_id="r2", **DATE_NIGHT)
    response = signed_in(partners[0]).get(reverse("ritual_calendar"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT12H"  # calendar apps refresh twice a day
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}

    daily = events["Evening check-in"]
    assert daily["RRULE"].to_ical() == b"FREQ=DAILY"
    assert daily["DTSTART"].params["TZID"] == "Europe/Paris"
    assert daily["DTSTART"].dt == datetime(2025, 1, 1, 20, 30, tzinfo=daily["DTSTART"].dt.tzinfo)
    assert daily.decoded("DURATION") == timedelta(minutes=10)

    weekly = events["Date night"]
    assert weekly["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TH,SA"
    assert weekly["DTSTART"].params["TZID"] == "America/New_York"
    # Agreed on Tuesday 31 December in New York: DTSTART is the next Thursday.
    assert weekly["DTSTART"].dt.date() == date(2025, 1, 2)
    assert "We take turns choosing the place." in str(weekly["DESCRIPTION"])
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {
        "Europe/Paris", "America/New_York"}


def test_a_ritual_keeps_its_uid_when_it_is_edited(couple, partners):
    ritual = agree(couple, **CHECK_IN)
    client = signed_in(partners[0])
    [before] = parsed(client.get(reverse("ritual_calendar")).content)
    client.post(reverse("ritual_edit", args=[ritual.public_id]),
                {**CHECK_IN, "time": "21:00", "sequence": 0})
    [after] = parsed(client.get(reverse("ritual_calendar")).content)
    assert str(before["UID"]) == str(after["UID"])
    assert (after["SEQUENCE"], after["DTSTART"].dt.hour) == (1, 21)


def test_paused_and_retired_rituals_leave_the_calendar(couple, partners):
    agree(couple, **CHECK_IN)
    paused = agree(couple, proposal_id="r2", **DATE_NIGHT)
    retired = agree(couple, proposal_id="r3", **{**CHECK_IN, "title": "Old habit"})
    ritual_status_change(ritual_id=paused.pk, user=partners[0], action="pause")
    ritual_status_change(ritual_id=retired.pk, user=partners[0], action="retire")
    events = parsed(signed_in(partners[0]).get(reverse("ritual_calendar")).content)
    assert [str(e["SUMMARY"]) for e in events] == ["Evening check-in"]


def test_the_calendar_download_needs_a_signed_in_partner(couple, outsider):
    agree(couple, **CHECK_IN)
    assert Client().get(reverse("ritual_calendar")).status_code == 302
    assert signed_in(outsider).get(reverse("ritual_calendar")).status_code == 404


def make_feed_link(client) -> str:
    page = client.post(reverse("calendar_feed_create"), follow=True)
    url = page.context["feed_url"]
    assert url is not None
    return url.removeprefix("http://testserver")


def test_a_subscription_link_serves_the_calendar_without_signing_in(couple, partners):
    agree(couple, **CHECK_IN)
    path = make_feed_link(signed_in(partners[0]))
    response = Client().get(path)
    assert response.status_code == 200
    assert [str(e["SUMMARY"]) for e in parsed(response.content)] == ["Evening check-in"]


def test_the_subscription_link_is_shown_only_once(couple, partners):
    client = signed_in(partners[0])
    path = make_feed_link(client)
    assert path.encode() not in client.get(reverse("ritual_list")).content


def test_a_revoked_subscription_link_is_not_found_and_a_new_one_works(couple, partners):
    client = signed_in(partners[0])
    old = make_feed_link(client)
    client.post(reverse("calendar_feed_revoke"))
    assert Client().get(old).status_code == 404
    new = make_feed_link(client)
    assert new != old and Client().get(new).status_code == 200


def test_making_a_new_link_turns_off_the_old_one(couple, partners):
    client = signed_in(partners[0])
    old = make_feed_link(client)
    new = make_feed_link(client)
    assert Client().get(old).status_code == 404 and Client().get(new).status_code == 200


def test_a_guessed_link_is_not_found(couple):
    assert Client().get(reverse("calendar_feed", args=["not-a-real-token"])).status_code == 404


def test_a_link_stops_working_when_its_maker_leaves_the_couple(couple, partners):
    path = make_feed_link(signed_in(partners[0]))
    Membership.objects.filter(user=partners[0]).delete()
    assert Client().get(path).status_code == 404
