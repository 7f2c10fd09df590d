"""Presence, read: who is here, on how many devices, and who is reconnecting,
from the heartbeats of their sockets (docs/architecture.md, real-time rule 6).

Presence lives off the database (``couples/services/presence.py`` keeps it
in Redis, or in the worker's memory without Redis); this module turns the
stored socket records into what the screens show.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

SocketRecord = tuple[int, float, float | None]
"""One socket's presence: ``(user_id, last_seen, closed_at)``, times in
seconds since the epoch (``closed_at`` None while open)."""


def presence_of(records: Iterable[SocketRecord], now: float) -> dict[str, dict[str, Any]]:
    """Return ``{participant id: {"status", "devices"}}`` for connected people.

    ``status`` is ``connected`` (at least one open socket heard from within
    PRESENCE_TIMEOUT_SECONDS, 45 s), ``reconnecting`` (none, but one was
    heard from within PRESENCE_RECONNECT_GRACE_SECONDS, 120 s) or ``away``.
    "Heard from" is ``last_seen``: the socket's connect or last heartbeat; a
    close, which the server may notice long after the client vanished,
    never extends it. So a person whose devices all fell silent at time T
    is away from T + 120 s on, whether or not a close was seen.
    ``devices`` counts live sockets. A participant absent from the result
    is away (never connected, or quiet for longer than the grace period).
    ``now`` is in seconds since the epoch.
    """
    fresh_after = now - settings.PRESENCE_TIMEOUT_SECONDS
    grace_after = now - settings.PRESENCE_RECONNECT_GRACE_SECONDS
    result: dict[str, dict[str, Any]] = {}
    for user_id, last_seen, closed_at in records:
        if last_seen < grace_after:
            continue
        entry = result.setdefault(str(user_id), {"status": "reconnecting", "devices": 0})
        if closed_at is None and last_seen >= fresh_after:
            entry["devices"] += 1
            entry["status"] = "connected"
    return result
