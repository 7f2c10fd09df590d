"""The "a session started" e-mail (couples.services.nudges): sent after the
commit of practice_session_start to the other partner only, when they want
it now (on, outside quiet hours), with who started it and a link, never
anything anyone wrote."""

from __future__ import annotations

from datetime import UTC, datetime, time
from unittest import mock

import pytest
from django.core import mail

from couples.services.nudges import nudge_preferences_set
from couples.services.reflections import reflection_create
from couples.services.sessions import practice_session_start
from tests.factories import CoupleFactory, marker

pytestmark = pytest.mark.django_db


def partners_of(couple):
    alex, sam = (m.user for m in couple.memberships.select_related("user").order_by("pk"))
    alex.display_name, sam.display_name = "Alex", "Sam"
    alex.save()
    sam.save()
    return alex, sam


def start(couple, alex, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return practice_session_start(couple=couple, started_by=alex)


def test_the_partner_is_emailed_who_started_and_a_link(django_capture_on_commit_callbacks):
    couple = CoupleFactory()
    alex, sam = partners_of(couple)
    practice = start(couple, alex, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [sam.email]
    assert message.subject == "Alex started a practice session"
    assert f"/sessions/{practice.public_id}/" in message.body


def test_nothing_before_the_commit_and_nothing_for_a_session_already_open(
    django_capture_on_commit_callbacks,
):
    couple = CoupleFactory()
    alex, sam = partners_of(couple)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        practice_session_start(couple=couple, started_by=alex)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    start(couple, sam, django_capture_on_commit_callbacks)  # the open one is returned
    assert len(mail.outbox) == 1


def test_not_sent_when_turned_off(django_capture_on_commit_callbacks):
    couple = CoupleFactory()
    alex, sam = partners_of(couple)
    nudge_preferences_set(
        user=sam, email_session_started=False, quiet_start=None, quiet_end=None, time_zone="UTC"
    )
    start(couple, alex, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_not_sent_in_quiet_hours_across_midnight_in_their_time_zone(
    django_capture_on_commit_callbacks,
):
    couple = CoupleFactory()
    alex, sam = partners_of(couple)
    nudge_preferences_set(
        user=sam,
        email_session_started=True,
        quiet_start=time(22, 0),
        quiet_end=time(7, 0),
        time_zone="Europe/Paris",
    )
    # 22:30 UTC on a winter night is 23:30 in Paris: quiet.
    night = datetime(2026, 1, 10, 22, 30, tzinfo=UTC)
    with mock.patch("couples.services.nudges.timezone.now", return_value=night):
        start(couple, alex, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_sent_outside_quiet_hours(django_capture_on_commit_callbacks):
    couple = CoupleFactory()
    alex, sam = partners_of(couple)
    nudge_preferences_set(
        user=sam,
        email_session_started=True,
        quiet_start=time(22, 0),
        quiet_end=time(7, 0),
        time_zone="Europe/Paris",
    )
    # 06:30 UTC is 07:30 in Paris in winter: the quiet hours are over.
    morning = datetime(2026, 1, 10, 6, 30, tzinfo=UTC)
    with mock.patch("couples.services.nudges.timezone.now", return_value=morning):
        start(couple, alex, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[sam.email]]


def test_the_email_holds_no_private_text(django_capture_on_commit_callbacks):
    couple = CoupleFactory()
    alex, _sam = partners_of(couple)
    secret = marker("reflection")
    reflection_create(author=alex, text=secret)
    practice = start(couple, alex, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert secret not in message.subject + message.body
    url = f"http://127.0.0.1:8000/sessions/{practice.public_id}/"
    assert message.body == (
        "Alex started a practice session in Attune.\n\n"
        f"Join when you are ready: {url}\n\n"
        "You can turn these e-mails off or choose quiet hours on your account page."
    )
