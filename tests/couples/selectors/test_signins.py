"""Is the sign-in a socket was opened with still valid
(couples/selectors/signins.py)? Checked before every command and heartbeat,
with the database sessions in one written-out statement, and with any other
session engine through its store."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from couples.selectors.signins import signin_is_valid

pytestmark = pytest.mark.django_db


def signed_in(user) -> str:
    client = Client()
    client.force_login(user)
    return client.session.session_key


def test_a_live_sign_in_is_valid_for_its_person_only(partners):
    key = signed_in(partners[0])
    assert signin_is_valid(session_key=key, user_id=partners[0].pk) is True
    assert signin_is_valid(session_key=key, user_id=partners[1].pk) is False
    assert signin_is_valid(session_key=None, user_id=partners[0].pk) is False
    assert signin_is_valid(session_key="no-such-session", user_id=partners[0].pk) is False


def test_an_expired_or_deleted_sign_in_is_not_valid(partners):
    key = signed_in(partners[0])
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert signin_is_valid(session_key=key, user_id=partners[0].pk) is False
    other = signed_in(partners[0])
    Session.objects.filter(session_key=other).delete()
    assert signin_is_valid(session_key=other, user_id=partners[0].pk) is False


def test_a_password_change_ends_the_sign_in(partners):
    key = signed_in(partners[0])
    partners[0].set_password("a different one, long enough")
    partners[0].save()
    assert signin_is_valid(session_key=key, user_id=partners[0].pk) is False


def test_another_session_engine_gives_the_same_answers(partners, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    key = signed_in(partners[0])
    assert signin_is_valid(session_key=key, user_id=partners[0].pk) is True
    assert signin_is_valid(session_key=key, user_id=partners[1].pk) is False
    partners[0].set_password("a different one, long enough")
    partners[0].save()
    assert signin_is_valid(session_key=key, user_id=partners[0].pk) is False
