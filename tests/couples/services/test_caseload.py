"""The therapist's side between sessions (issue 16): the caseload page and
its live socket, homework on a rhythm (and in the calendar feed), ending a
link from the therapist's side, handing a live session back to the couple;
with authorization (another therapist's couple answers 404) and privacy (a
marker in every private field never reaches a therapist page or frame)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from couples.lib.errors import TherapyError
from couples.lib.relay import deliver
from couples.live import protocol
from couples.models import Homework, HomeworkPlan, Invitation, TherapistAccess
from couples.selectors.rituals import rituals_calendar
from couples.selectors.therapy import caseload
from couples.services.commands import facilitator_join, facilitator_leave, session_command_apply
from couples.services.reflections import reflection_share
from couples.services.safety import safety_check_record
from couples.services.sessions import practice_session_start
from couples.services.space import invitation_create
from couples.services.therapy import (
    consent_give,
    homework_due_dates,
    homework_plan_assign,
    link_create,
    link_end,
    link_end_by_therapist,
)
from tests.conftest import Socket, cookie_headers
from tests.factories import CoupleFactory, UserFactory, link_therapist, marker, write

SUNDAY = 6


def finish_active_listening(practice, partners, *, line: str = "We listened.") -> list:
    """Run one active-listening exercise to its end through the real service
    (the only way homework is done); return the deliveries the socket would
    have made after each command."""
    a = str(partners[0].pk)
    steps = [
        (partners[0], "exercise_start", {"exercise": "active_listening", "topic": "Us",
                                         "mode": "spoken", "first_speaker": a}),
        (partners[0], "statement_make", {}), (partners[1], "paraphrase_submit", {}),
        (partners[0], "paraphrase_confirm", {}), (partners[1], "listening_close", {}),
        (partners[0], "understanding_share", {"text": line}),
        (partners[1], "understanding_share", {"text": line}),
    ]
    deliveries = []
    for user, name, payload in steps:
        practice.refresh_from_db()
        outcome = session_command_apply(
            session_id=practice.pk, user_id=user.pk, command=name, payload=payload,
            client_id=uuid.uuid4(), base_version=practice.version, now=0.0,
        )
        deliveries.extend(outcome.deliveries)
    practice.refresh_from_db()
    return deliveries


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def next_sunday(after: date) -> date:
    return after + timedelta(days=(SUNDAY - after.weekday()) % 7)


@pytest.fixture
def link(couple, partners):
    return link_therapist(couple, partners, name="Dr. Okafor")


@pytest.fixture
def therapist(link):
    return link.therapist


# --- rhythms ----------------------------------------------------------------------------


def test_every_sunday_for_four_weeks_is_four_sundays_a_week_apart():
    wednesday = date(2026, 12, 2)
    dates = homework_due_dates(rhythm="weekly", starts_on=wednesday, count=4, weekday=SUNDAY)
    assert dates == [date(2026, 12, 6), date(2026, 12, 13), date(2026, 12, 20), date(2026, 12, 27)]


def test_every_three_days_counts_from_the_first_date():
    dates = homework_due_dates(rhythm="every_n_days", starts_on=date(2026, 12, 2), count=3,
                               interval_days=3)
    assert dates == [date(2026, 12, 2), date(2026, 12, 5), date(2026, 12, 8)]


@pytest.mark.parametrize("kwargs", [
    {"rhythm": "weekly", "count": 4},  # no weekday
    {"rhythm": "weekly", "count": 0, "weekday": 1},
    {"rhythm": "weekly", "count": 27, "weekday": 1},
    {"rhythm": "every_n_days", "count": 2, "interval_days": 0},
    {"rhythm": "monthly", "count": 2},
])
def test_a_rhythm_that_makes_no_sense_is_refused(kwargs):
    with pytest.raises(TherapyError):
        homework_due_dates(starts_on=date(2026, 12, 2), **kwargs)


@pytest.mark.django_db
def test_recurring_homework_makes_one_occurrence_per_week(couple, therapist):
    today = timezone.localdate()
    plan = homework_plan_assign(therapist=therapist, couple=couple, exercise="state_of_union",
                                starts_on=today, rhythm="weekly", weekday=SUNDAY, count=4,
                                note="Sunday evening, after dinner.")
    occurrences = list(plan.occurrences.order_by("due_on"))
    assert [hw.due_on for hw in occurrences] == [
        next_sunday(today) + timedelta(weeks=n) for n in range(4)
    ]
    # each opens the day after the previous one was due
    assert occurrences[0].opens_on == today
    assert occurrences[1].opens_on == occurrences[0].due_on + timedelta(days=1)


@pytest.mark.django_db
def test_the_therapist_assigns_a_rhythm_through_the_couple_page(couple, therapist):
    page = reverse("therapist_couple", kwargs={"couple_id": couple.public_id})
    response = signed_in(therapist).post(page, {
        "exercise": "active_listening", "rhythm": "every_n_days", "interval_days": "2",
        "count": "3", "due_on": timezone.localdate().isoformat(),
    })
    assert response.status_code == 302
    assert HomeworkPlan.objects.get(couple=couple).occurrences.count() == 3


@pytest.mark.django_db
def test_one_finished_exercise_counts_for_this_weeks_occurrence_only(couple, partners, therapist,
                                                                     practice):
    homework_plan_assign(therapist=therapist, couple=couple, exercise="active_listening",
                         starts_on=timezone.localdate(), rhythm="weekly",
                         weekday=timezone.localdate().weekday(), count=2)
    finish_active_listening(practice, partners)
    finish_active_listening(practice, partners)  # again the same day: next week's is not open
    done = Homework.objects.exclude(completed_at=None)
    assert done.count() == 1
    assert done.get().due_on == timezone.localdate()


@pytest.mark.django_db
def test_the_couple_has_no_box_to_tick_homework_done(couple, partners, therapist):
    homework_plan_assign(therapist=therapist, couple=couple, exercise="active_listening",
                         starts_on=timezone.localdate())
    page = signed_in(partners[0]).get("/").content.decode()
    assert 'type="checkbox"' not in page
    assert not Homework.objects.exclude(completed_at=None).exists()


# --- the calendar feed ------------------------------------------------------------------


@pytest.mark.django_db
def test_homework_due_dates_are_in_the_calendar_with_stable_uids(couple, partners, therapist,
                                                                 practice):
    today = timezone.localdate()
    homework_plan_assign(therapist=therapist, couple=couple, exercise="active_listening",
                         starts_on=today, rhythm="every_n_days", interval_days=7, count=2)

    def events():
        calendar = Calendar.from_ical(rituals_calendar(couple=couple))
        return {str(e["uid"]): e for e in calendar.walk("VEVENT")}

    first = events()
    assert len(first) == 2
    by_date = {e.decoded("dtstart"): e for e in first.values()}
    assert set(by_date) == {today, today + timedelta(days=7)}
    assert str(by_date[today]["summary"]) == "Homework: Active listening"
    finish_active_listening(practice, partners)
    second = events()
    assert set(second) == set(first)  # same UIDs: the calendar app updates, never duplicates
    done = next(e for e in second.values() if e.decoded("dtstart") == today)
    assert str(done["summary"]).startswith("Done: ") and int(done["sequence"]) == 1


# --- the caseload -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_caseload_counts_homework_and_new_shares_and_logs_the_look(couple, partners, therapist):
    today = timezone.localdate()
    homework_plan_assign(therapist=therapist, couple=couple, exercise="active_listening",
                         starts_on=today + timedelta(days=2))
    Homework.objects.create(couple=couple, therapist=therapist, exercise="repair",
                            due_on=today - timedelta(days=1))
    entry = write(partners[0], "Shared with the therapist.")
    reflection_share(reflection=entry, audience="therapist")
    (row,) = caseload(therapist)
    assert row["homework"]["due"] == 1 and row["homework"]["overdue"] == 1
    assert row["homework"]["done"] == 0 and row["new_shares"] == 1
    page = signed_in(therapist).get(reverse("therapist_dashboard")).content.decode()
    assert couple.name in page and "1 newly shared with you" in page and "1 overdue" in page
    assert TherapistAccess.objects.filter(couple=couple, what="Viewed the caseload").exists()
    # Once the therapist opens the couple, what was shared is no longer new.
    signed_in(therapist).get(reverse("therapist_couple", kwargs={"couple_id": couple.public_id}))
    assert caseload(therapist)[0]["new_shares"] == 0


@pytest.mark.django_db
def test_the_caseload_shows_a_time_out_running_now(couple, partners, therapist, practice):
    session_command_apply(session_id=practice.pk, user_id=partners[0].pk, command="time_out_call",
                          payload={}, client_id=uuid.uuid4(), base_version=practice.version,
                          now=timezone.now().timestamp())
    (row,) = caseload(therapist)
    assert row["open_session"] == practice.public_id and row["time_out_until"] is not None
    page = signed_in(therapist).get(reverse("therapist_dashboard")).content.decode()
    assert "time-out running until" in page


@pytest.mark.django_db
def test_a_therapist_with_no_couples_gets_a_page_saying_how_to_be_linked(db):
    page = signed_in(UserFactory(is_therapist=True)).get(reverse("therapist_dashboard"))
    assert "No couple has linked you yet" in page.content.decode()
    assert "therapist invitation" in page.content.decode()


@pytest.mark.django_db
def test_a_therapist_sees_several_couples_each_only_while_linked(couple, partners, therapist):
    other = CoupleFactory(name="The Lindqvists")
    other_partners = [m.user for m in other.memberships.all()]
    second = link_create(couple=other, therapist=therapist, invited_by=other_partners[0])
    assert [r["couple"] for r in caseload(therapist)] == [couple]  # one consent: not yet
    page = signed_in(therapist).get(reverse("therapist_dashboard")).content.decode()
    assert "The Lindqvists: waiting for both partners to consent" in page
    consent_give(link_id=second.pk, partner=other_partners[1])
    assert {r["couple"] for r in caseload(therapist)} == {couple, other}


@pytest.mark.django_db
def test_one_therapist_invitation_per_couple(couple, partners):
    first, _ = invitation_create(couple=couple, created_by=partners[0], role="therapist")
    invitation_create(couple=couple, created_by=partners[1], role="therapist")
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert Invitation.objects.filter(couple=couple, role="therapist", revoked_at=None).count() == 1


@pytest.mark.django_db
def test_the_therapist_ends_their_link_and_the_couple_leaves_the_caseload(couple, partners,
                                                                          therapist, link):
    client = signed_in(therapist)
    assert client.post(reverse("therapist_link_end", args=[link.pk])).status_code == 302
    assert caseload(therapist) == []
    assert client.get(reverse("therapist_couple", kwargs={"couple_id": couple.public_id})
                      ).status_code == 404
    with pytest.raises(TherapyError):  # ending it again: no such open link
        link_end_by_therapist(link_id=link.pk, therapist=therapist)


# --- authorization: another therapist's couple is unreachable ----------------------------


@pytest.mark.django_db
def test_another_therapists_couple_answers_404_everywhere(couple, partners, therapist, link,
                                                          practice):
    theirs = CoupleFactory()
    stranger = link_therapist(theirs, [m.user for m in theirs.memberships.all()]).therapist
    client = signed_in(stranger)
    cid = couple.public_id
    assert client.post(reverse("therapist_link_end", args=[link.pk])).status_code == 404
    assert client.post(reverse("therapist_hand_back", args=[cid, practice.public_id])
                       ).status_code == 404
    assert client.post(reverse("therapist_session_start", args=[cid])).status_code == 404
    assert client.post(reverse("therapist_couple", args=[cid]),
                       {"exercise": "repair", "due_on": timezone.localdate().isoformat()}
                       ).status_code == 404
    rows = client.get(reverse("caseload_rows")).content.decode()
    assert couple.name not in rows
    assert not Homework.objects.filter(couple=couple).exists()
    link.refresh_from_db()
    assert link.ended_at is None


@pytest.mark.django_db
def test_a_partner_cannot_open_the_caseload(partners):
    client = signed_in(partners[0])
    assert client.get(reverse("therapist_dashboard")).status_code == 404
    assert client.get(reverse("caseload_rows")).status_code == 404


# --- privacy: no private text on any therapist page --------------------------------------


@pytest.mark.django_db
def test_no_private_text_reaches_the_caseload_or_the_couple_overview(couple, partners, therapist,
                                                                     practice):
    secrets = {
        "private reflection": marker("reflection"),
        "shared with the partner only": marker("partner-only"),
        "shared with another therapist": marker("other-therapist"),
        "draft": marker("draft"),
    }
    write(partners[0], secrets["private reflection"])
    reflection_share(reflection=write(partners[1], secrets["shared with the partner only"]),
                     audience="partner")
    other_link = link_therapist(couple, partners, name="Dr. Other")
    reflection_share(reflection=write(partners[0], secrets["shared with another therapist"]),
                     audience="therapist", therapist_link_id=other_link.pk)
    safety_check_record(author=partners[0], answers={"afraid": "yes"}, result="concern")
    practice.refresh_from_db()
    session_command_apply(session_id=practice.pk, user_id=partners[0].pk,
                          command="exercise_start",
                          payload={"exercise": "i_statements", "first_writer": str(partners[0].pk)},
                          client_id=uuid.uuid4(), base_version=practice.version, now=0.0)
    practice.refresh_from_db()
    session_command_apply(session_id=practice.pk, user_id=partners[0].pk,
                          command="i_statement_draft_save",
                          payload={"complaint": secrets["draft"], "feeling": "lonely"},
                          client_id=uuid.uuid4(), base_version=practice.version, now=0.0)
    client = signed_in(therapist)
    pages = [
        client.get(reverse("therapist_dashboard")),
        client.get(reverse("caseload_rows")),
        client.get(reverse("therapist_couple", args=[couple.public_id])),
    ]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode()
        for what, secret in secrets.items():
            assert secret not in text, what
        assert "concern" not in text  # nothing of a safety check-in


# --- live: the caseload socket ------------------------------------------------------------


async def caseload_socket(user) -> Socket:
    socket = Socket("/ws/therapist/caseload/", await database_sync_to_async(cookie_headers)(user))
    socket.accepted, socket.refusal_code = await socket.connect()
    return socket


@pytest.mark.django_db(transaction=True)
async def test_a_partner_cannot_open_the_caseload_socket(partners):
    socket = await caseload_socket(partners[0])
    assert await socket.closed_with() == protocol.CLOSE_FORBIDDEN


@pytest.mark.django_db(transaction=True)
async def test_the_caseload_hears_a_session_start_homework_done_and_a_link_ending(
    couple, partners, therapist, link
):
    socket = await caseload_socket(therapist)
    other_therapist = await database_sync_to_async(
        lambda: link_therapist(theirs := CoupleFactory(),
                               [m.user for m in theirs.memberships.all()]).therapist
    )()
    bystander = await caseload_socket(other_therapist)
    await database_sync_to_async(homework_plan_assign)(
        therapist=therapist, couple=couple, exercise="active_listening",
        starts_on=timezone.localdate())
    assert (await socket.next())["type"] == "caseload_changed"
    practice = await database_sync_to_async(practice_session_start)(couple=couple,
                                                                    started_by=partners[0])
    assert (await socket.next())["type"] == "caseload_changed"
    # the consumer sends what a command's outcome carries
    await deliver(await database_sync_to_async(finish_active_listening)(practice, partners))
    assert (await socket.next())["type"] == "caseload_changed"  # homework done
    await database_sync_to_async(link_end)(link_id=link.pk, partner=partners[1])
    assert (await socket.next())["type"] == "caseload_changed"
    assert await database_sync_to_async(caseload)(therapist) == []
    # the frames name nothing of the couple, and another therapist hears none of it
    assert all(frame == {"type": "caseload_changed"} for frame in socket.seen)
    assert await bystander.nothing_more()
    await socket.close()
    await bystander.close()


# --- handing a live session back ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_handing_back_leaves_the_couple_alone_in_their_session(
    couple, partners, therapist, link, session_socket
):
    practice = await database_sync_to_async(practice_session_start)(couple=couple,
                                                                    started_by=therapist)
    alex = await session_socket(partners[0], practice)
    doc = await session_socket(therapist, practice)
    client = await database_sync_to_async(signed_in)(therapist)
    url = reverse("therapist_hand_back", args=[couple.public_id, practice.public_id])
    response = await database_sync_to_async(client.post)(url)
    assert response.status_code == 302
    assert await doc.closed_with() == protocol.CLOSE_MEMBERSHIP_ENDED
    update = await alex.next("update")
    assert [e["type"] for e in update["events"]] == ["facilitator_left"]
    await database_sync_to_async(practice.refresh_from_db)()
    assert practice.status == "open" and practice.state["facilitators"] == []
    # the couple carries on alone
    await alex.command("exercise_start", practice.version, str(uuid.uuid4()),
                       exercise="active_listening", topic="Us", mode="typed",
                       first_speaker=str(partners[0].pk))
    assert (await alex.next("ack", "error"))["type"] == "ack"


@pytest.mark.django_db
def test_handing_back_twice_changes_nothing_and_an_ended_session_is_refused(couple, partners,
                                                                           therapist, practice):
    facilitator_join(session_id=practice.pk, therapist_id=therapist.pk)
    assert facilitator_leave(session_id=practice.pk, therapist_id=therapist.pk)
    practice.refresh_from_db()
    version = practice.version
    assert facilitator_leave(session_id=practice.pk, therapist_id=therapist.pk) == ()
    practice.refresh_from_db()
    assert practice.version == version
    session_command_apply(session_id=practice.pk, user_id=partners[0].pk, command="session_end",
                          payload={}, client_id=uuid.uuid4(), base_version=version, now=0.0)
    with pytest.raises(TherapyError):
        facilitator_leave(session_id=practice.pk, therapist_id=therapist.pk)
