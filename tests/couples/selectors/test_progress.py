"""My practice record (couples/selectors/progress.py): counted from the
session event log and one's own rows, per week, for its owner only."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from couples.models import DailyCheckIn
from couples.selectors.progress import WEEKS, practice_record
from couples.services.checkins import checkin_create
from couples.services.commands import session_command_apply
from tests.factories import complete_an_exercise

pytestmark = pytest.mark.django_db


def send(practice, user, command: str, payload: dict, now: float = 0.0) -> None:
    practice.refresh_from_db()
    session_command_apply(
        session_id=practice.pk, user_id=user.pk, command=command, payload=payload,
        client_id=uuid.uuid4(), base_version=practice.version, now=now,
    )


def test_repairs_time_outs_and_exercises_come_from_the_event_log(practice, partners):
    a, b = partners
    complete_an_exercise(practice, partners)
    send(practice, a, "repair_send", {"text": "Can we slow down a little?"})
    send(practice, a, "repair_send", {"text": "I hear you."})
    send(practice, b, "repair_send", {"text": "Thank you."})
    send(practice, a, "time_out_call", {"minutes": 20})
    send(practice, a, "time_out_return", {}, now=10_000_000_000.0)

    mine = practice_record(a)["weeks"][0]["counts"]
    assert mine["exercises"] == 1
    assert (mine["repairs_sent"], mine["repairs_received"]) == (2, 1)
    assert mine["time_outs_returned"] == 1

    theirs = practice_record(b)["weeks"][0]["counts"]
    assert (theirs["repairs_sent"], theirs["repairs_received"]) == (1, 2)
    assert theirs["time_outs_returned"] == 0


def test_weeks_are_counted_apart_and_a_quiet_week_is_just_zeros(partners):
    a, _ = partners
    checkin_create(author=a, feeling="calm", mood=3)
    old = checkin_create(author=a, feeling="tired", mood=2)
    DailyCheckIn.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(weeks=2))
    record = practice_record(a)
    assert len(record["weeks"]) == WEEKS
    assert [w["counts"]["checkins"] for w in record["weeks"][:3]] == [1, 0, 1]
    assert record["weeks"][1]["any"] is False
    assert record["totals"]["checkins"] == 2


def test_someone_elses_practice_is_not_counted(partners, outsider):
    checkin_create(author=partners[0], feeling="calm", mood=3)
    assert practice_record(outsider)["totals"]["checkins"] == 0
    assert practice_record(partners[1])["totals"]["checkins"] == 0
