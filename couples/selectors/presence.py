"""Presence, read: who is here, on how many devices, and who is reconnecting,
from the heartbeats of their sockets (docs/architecture.md, real-time rule 6).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from couples.models import (
    PresenceConnection,
)


def presence(*, session_id: int, now: datetime | None = None) -> dict[str, dict[str, Any]]:
    """Return ``{participant id: {"status", "devices"}}`` for connected people.

    ``status`` is ``connected`` (at least one socket heard from within
    PRESENCE_TIMEOUT_SECONDS), ``reconnecting`` (their last socket closed or
    went quiet within PRESENCE_RECONNECT_GRACE_SECONDS) or ``away``;
    ``devices`` counts live sockets. A participant absent from the result
    is away (never connected, or quiet for longer than the grace period).
    """
    now = now or timezone.now()
    fresh_after = now - timedelta(seconds=settings.PRESENCE_TIMEOUT_SECONDS)
    grace_after = now - timedelta(seconds=settings.PRESENCE_RECONNECT_GRACE_SECONDS)
    result: dict[str, dict[str, Any]] = {}
    rows = PresenceConnection.objects.filter(session_id=session_id, last_seen__gte=grace_after)
    for user_id, last_seen, closed_at in rows.values_list("user_id", "last_seen", "closed_at"):
        entry = result.setdefault(str(user_id), {"status": "reconnecting", "devices": 0})
        if closed_at is None and last_seen >= fresh_after:
            entry["devices"] += 1
            entry["status"] = "connected"
    return result
