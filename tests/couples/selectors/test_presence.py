"""Presence with explicit times (couples/selectors/presence.py,
couples/services/presence.py): connected, then reconnecting, then away
exactly PRESENCE_RECONNECT_GRACE_SECONDS after a device was last heard from,
however late the server notices the close. Off the database: in the
worker's memory without Redis, in Redis (keys that expire) with it; both
are run here."""

from __future__ import annotations

import os
import uuid

import pytest

from couples.services import presence as presence_service
from couples.services.presence import (
    presence_connect,
    presence_disconnect,
    presence_heartbeat,
    presence_read,
)

T = 1_772_395_200.0  # 2026-03-01 20:00 UTC, seconds since the epoch
SESSION = 41


@pytest.fixture(params=["memory", "redis"])
def store(request, settings, monkeypatch):
    """Run each test with presence in memory and in Redis (when REDIS_URL is set)."""
    if request.param == "redis":
        url = os.environ.get("REDIS_URL")
        if not url:
            pytest.skip("set REDIS_URL to run presence on Redis")
        settings.REDIS_URL = url
        settings.CHANNEL_PREFIX = f"presence-test-{uuid.uuid4().hex[:8]}"
    else:
        settings.REDIS_URL = ""
        monkeypatch.setattr(presence_service, "_memory", {})
    return request.param


async def status(person: int, seconds: float) -> str:
    entry = (await presence_read(session_id=SESSION, now=T + seconds)).get(str(person))
    return entry["status"] if entry else "away"


async def test_a_device_that_vanishes_is_away_120_s_after_its_last_heartbeat(store):
    alex = 7
    await presence_connect(session_id=SESSION, user_id=alex, channel_name="alex-phone", now=T)
    await presence_heartbeat(session_id=SESSION, user_id=alex, channel_name="alex-phone",
                             now=T + 15)
    # The phone loses its network just after. The server's keep-alive ping
    # notices 50 s later and closes the socket without a close frame.
    await presence_disconnect(session_id=SESSION, channel_name="alex-phone", now=T + 65)

    assert await status(alex, 15 + 44) == "reconnecting"  # closed
    assert await status(alex, 15 + 119) == "reconnecting"
    assert await status(alex, 15 + 120) == "reconnecting"
    assert await status(alex, 15 + 121) == "away"  # not at 65 + 120


async def test_a_silent_socket_is_connected_for_45_s_then_reconnecting_then_away(store):
    alex = 7
    await presence_connect(session_id=SESSION, user_id=alex, channel_name="alex-laptop", now=T)
    assert await status(alex, 45) == "connected"
    assert await status(alex, 46) == "reconnecting"
    assert await status(alex, 121) == "away"


async def test_one_live_device_keeps_a_person_connected_and_devices_are_counted(store):
    alex, sam = 7, 8
    await presence_connect(session_id=SESSION, user_id=alex, channel_name="alex-phone", now=T)
    seen = await presence_connect(session_id=SESSION, user_id=alex, channel_name="alex-laptop",
                                  now=T)
    assert seen[str(alex)] == {"status": "connected", "devices": 2}
    await presence_connect(session_id=SESSION, user_id=sam, channel_name="sam-phone", now=T)
    await presence_heartbeat(session_id=SESSION, user_id=alex, channel_name="alex-laptop",
                             now=T + 100)
    await presence_disconnect(session_id=SESSION, channel_name="alex-phone", now=T + 100)
    assert (await presence_read(session_id=SESSION, now=T + 110)) == {
        str(alex): {"status": "connected", "devices": 1},
        str(sam): {"status": "reconnecting", "devices": 0},
    }


async def test_a_close_of_a_socket_never_seen_records_nothing(store):
    assert await presence_disconnect(session_id=SESSION, channel_name="ghost", now=T) == {}
    assert await presence_read(session_id=SESSION, now=T) == {}


async def test_a_heartbeat_after_the_record_expired_records_the_socket_again(store):
    alex = 7
    await presence_connect(session_id=SESSION, user_id=alex, channel_name="alex-phone", now=T)
    assert await status(alex, 500) == "away"
    seen = await presence_heartbeat(session_id=SESSION, user_id=alex, channel_name="alex-phone",
                                    now=T + 500)
    assert seen == {str(alex): {"status": "connected", "devices": 1}}


async def test_a_person_who_left_on_purpose_is_away_at_once(store):
    """Quick exit or signing out (close 4000, or the sign-in ended): no
    "reconnecting" that would suggest they are coming back."""
    alex = 7
    for tab in ("alex-tab-1", "alex-tab-2"):
        await presence_connect(session_id=SESSION, user_id=alex, channel_name=tab, now=T)
    await presence_disconnect(session_id=SESSION, channel_name="alex-tab-1", left=True, now=T + 5)
    assert await status(alex, 5) == "connected"  # the other tab is still open
    await presence_disconnect(session_id=SESSION, channel_name="alex-tab-2", left=True, now=T + 6)
    assert await status(alex, 6) == "away"


async def test_leaving_on_purpose_after_a_reload_is_away_at_once(store):
    """A reload a minute ago left a closed socket behind; Quick exit from the
    new one must not leave the person "reconnecting" because of it."""
    alex = 7
    await presence_connect(session_id=SESSION, user_id=alex, channel_name="before-reload", now=T)
    await presence_disconnect(session_id=SESSION, channel_name="before-reload", now=T + 1)
    await presence_connect(session_id=SESSION, user_id=alex, channel_name="after-reload", now=T + 2)
    await presence_disconnect(session_id=SESSION, channel_name="after-reload", left=True, now=T + 30)
    assert await status(alex, 31) == "away"
