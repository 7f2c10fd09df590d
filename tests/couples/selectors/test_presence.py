"""Presence with explicit times (couples/selectors/presence.py): connected,
then reconnecting, then away exactly PRESENCE_RECONNECT_GRACE_SECONDS after
a device was last heard from, however late the server notices the close."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from couples.selectors.presence import presence
from couples.services.presence import (
    presence_connect,
    presence_disconnect,
    presence_heartbeat,
)

T = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)


def at(seconds: float):
    """Run the presence services as if the clock read T + ``seconds``."""
    return mock.patch(
        "couples.services.presence.timezone.now", return_value=T + timedelta(seconds=seconds)
    )


def status(practice, person, seconds: float) -> str:
    entry = presence(session_id=practice.pk, now=T + timedelta(seconds=seconds)).get(str(person.pk))
    return entry["status"] if entry else "away"


@pytest.mark.django_db
def test_a_device_that_vanishes_is_away_120_s_after_its_last_heartbeat(practice, partners):
    alex = partners[0]
    with at(0):
        presence_connect(session_id=practice.pk, user_id=alex.pk, channel_name="alex-phone")
    with at(15):
        presence_heartbeat(session_id=practice.pk, channel_name="alex-phone")
    # The phone loses its network just after. The server's keep-alive ping
    # notices 50 s later and closes the socket without a close frame.
    with at(65):
        presence_disconnect(session_id=practice.pk, channel_name="alex-phone")

    assert status(practice, alex, 15 + 44) == "reconnecting"  # closed
    assert status(practice, alex, 15 + 119) == "reconnecting"
    assert status(practice, alex, 15 + 120) == "reconnecting"
    assert status(practice, alex, 15 + 121) == "away"  # not at 65 + 120


@pytest.mark.django_db
def test_a_silent_socket_is_connected_for_45_s_then_reconnecting_then_away(practice, partners):
    alex = partners[0]
    with at(0):
        presence_connect(session_id=practice.pk, user_id=alex.pk, channel_name="alex-laptop")
    assert status(practice, alex, 45) == "connected"
    assert status(practice, alex, 46) == "reconnecting"
    assert status(practice, alex, 121) == "away"


@pytest.mark.django_db
def test_one_live_device_keeps_a_person_connected(practice, partners):
    alex = partners[0]
    with at(0):
        presence_connect(session_id=practice.pk, user_id=alex.pk, channel_name="alex-phone")
        presence_connect(session_id=practice.pk, user_id=alex.pk, channel_name="alex-laptop")
    with at(100):
        presence_heartbeat(session_id=practice.pk, channel_name="alex-laptop")
        presence_disconnect(session_id=practice.pk, channel_name="alex-phone")
    assert presence(session_id=practice.pk, now=T + timedelta(seconds=130))[str(alex.pk)] == {
        "status": "connected", "devices": 1
    }


@pytest.mark.django_db
def test_a_person_who_left_on_purpose_is_away_at_once(practice, partners):
    """Quick exit or signing out (close 4000, or the sign-in ended): no
    "reconnecting" that would suggest they are coming back."""
    alex = partners[0]
    with at(0):
        presence_connect(session_id=practice.pk, user_id=alex.pk, channel_name="alex-tab-1")
        presence_connect(session_id=practice.pk, user_id=alex.pk, channel_name="alex-tab-2")
    with at(5):
        presence_disconnect(session_id=practice.pk, channel_name="alex-tab-1", left=True)
    assert status(practice, alex, 5) == "connected"  # the other tab is still open
    with at(6):
        presence_disconnect(session_id=practice.pk, channel_name="alex-tab-2", left=True)
    assert status(practice, alex, 6) == "away"
