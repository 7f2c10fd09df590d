"""Presence writes: a socket connects, beats, closes.

Presence is read from heartbeats with a time-out (docs/architecture.md,
real-time rule 6), not from ``disconnect()`` alone, which can run late or not
at all. Each service returns the session's presence as
:func:`couples.selectors.presence.presence` computes it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from couples.models import (
    PresenceConnection,
)
from couples.selectors.presence import presence


def presence_connect(*, session_id: int, user_id: int, channel_name: str) -> dict[str, Any]:
    """Record a new socket of ``user_id``; return the session's presence
    (:func:`couples.selectors.presence`)."""
    now = timezone.now()
    PresenceConnection.objects.update_or_create(
        channel_name=channel_name,
        defaults={
            "session_id": session_id, "user_id": user_id, "last_seen": now, "closed_at": None
        },
    )
    # Rows of sockets that closed long ago only slow the presence query.
    PresenceConnection.objects.filter(
        session_id=session_id, last_seen__lt=now - timedelta(days=1)
    ).delete()
    return presence(session_id=session_id, now=now)


def presence_heartbeat(*, session_id: int, channel_name: str) -> dict[str, Any]:
    """Mark the socket as heard from now; return the session's presence."""
    now = timezone.now()
    PresenceConnection.objects.filter(channel_name=channel_name).update(last_seen=now)
    return presence(session_id=session_id, now=now)


def presence_disconnect(
    *, session_id: int, channel_name: str, left: bool = False
) -> dict[str, Any]:
    """Mark the socket closed; return the session's presence.

    ``left``: the person left on purpose (the client closed with
    ``CLOSE_CLIENT_LEFT``, or their sign-in ended): the socket's row is
    deleted, so it gives no "reconnecting" grace; with no other socket of
    theirs the person shows as away at once.

    ``last_seen`` is left as it was (the last connect or heartbeat): a
    client that vanished without a close frame is only noticed by the
    server's keep-alive (Daphne: ping every 20 s, 30 s to answer), up to
    50 s late, and counting the grace period from that late close showed
    the person as reconnecting for about 170 s instead of 120 s."""
    now = timezone.now()
    rows = PresenceConnection.objects.filter(channel_name=channel_name)
    if left:
        rows.delete()
    else:
        rows.update(closed_at=now)
    return presence(session_id=session_id, now=now)
