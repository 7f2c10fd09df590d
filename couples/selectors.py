"""Reads: couples, practice sessions, snapshots and presence, as plain data.

Everything returned to a consumer is a plain dict (consumers hold no ORM
objects, STYLE.md). Nothing here writes.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from couples import therapy
from couples.transcript import transcript_lines
from couples.models import Couple, Membership, PracticeSession, PresenceConnection, SessionEvent, User
from exercises import engine, i_statements


def couple_of(user: User) -> Couple | None:
    """Return the couple ``user`` is a partner in, or None."""
    membership = Membership.objects.select_related("couple").filter(user=user).first()
    return membership.couple if membership else None


def couple_partners(couple: Couple) -> list[User]:
    """Return the couple's partners, earliest member first (0–2 users)."""
    return [m.user for m in couple.memberships.select_related("user")]


def open_session_of(couple: Couple) -> PracticeSession | None:
    """Return the couple's open practice session, if one is running."""
    return couple.practice_sessions.filter(status=PracticeSession.Status.OPEN).first()


def session_for_participant(*, public_id: UUID | str, user: User) -> PracticeSession | None:
    """Return the session with ``public_id`` if ``user`` takes part in it.

    A session that does not exist and one of another couple give the same
    answer (None), so ids cannot be probed.
    """
    if not user.is_authenticated:
        return None
    try:
        session = PracticeSession.objects.get(public_id=public_id)
    except (PracticeSession.DoesNotExist, ValidationError, ValueError, TypeError):
        return None
    if participant_role(session=session, user_id=user.pk):
        return session
    if user.is_therapist and therapy.link_is_active(
        couple_id=session.couple_id, therapist_id=user.pk
    ):
        return session  # a linked therapist who has not joined yet
    return None


def participant_role(*, session: PracticeSession, user_id: int) -> str | None:
    """Return the engine role of ``user_id`` in ``session`` (``"partner"``,
    ``"facilitator"``) while they still belong: a partner still a member of
    the couple, a facilitator whose therapist link is still active. Else None."""
    key = str(user_id)
    role = engine.role_of(session.state, key)
    if role == engine.PARTNER and Membership.objects.filter(
        couple_id=session.couple_id, user_id=user_id
    ).exists():
        return role
    if role == engine.FACILITATOR and therapy.link_is_active(
        couple_id=session.couple_id, therapist_id=user_id
    ):
        return role
    return None


def participants(session: PracticeSession) -> dict[str, dict[str, str]]:
    """Return ``{participant id: {"name", "role"}}`` for everyone in the
    session's state; a partner who deleted their account shows as "Former partner"."""
    keys = [*session.state["partners"], *session.state.get("facilitators", [])]
    names = dict(User.objects.filter(pk__in=[int(k) for k in keys]).values_list("pk", "display_name"))
    return {
        key: {
            "name": names.get(int(key), "Former partner"),
            "role": engine.role_of(session.state, key),
        }
        for key in keys
    }


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


def session_snapshot(*, session_id: int, user_id: int) -> dict[str, Any]:
    """Return the ``snapshot`` frame for ``user_id``: their view of the
    session at its current version, who takes part, and presence.

    The view carries ``server_now`` (the server clock, seconds since the
    epoch) so a client can correct its own clock for deadlines (time-out).
    """
    session = PracticeSession.objects.get(pk=session_id)
    key = str(user_id)
    return {
        "type": "snapshot",
        "session": str(session.public_id),
        "version": session.version,
        "me": key,
        "view": {**engine.view(session.state, key), "server_now": time.time()},
        "participants": participants(session),
        "presence": presence(session_id=session_id),
        "heartbeat_seconds": settings.PRESENCE_HEARTBEAT_SECONDS,
    }


def session_transcript(session: PracticeSession) -> list[dict[str, Any]]:
    """Return the shared transcript: :func:`couples.transcript.transcript_lines`
    over the session's event log. Events private to one partner are never
    part of it."""
    rows = list(
        SessionEvent.objects.filter(session=session).values_list("seq", "created_at", "events")
    )
    names = {key: value["name"] for key, value in participants(session).items()}
    return transcript_lines(rows, names)


def carried_over_statements(
    session: PracticeSession, *, sessions: int = 10, limit: int = 5
) -> list[dict[str, Any]]:
    """I-statements the couple carried over in its earlier practice sessions
    (the last ``sessions`` before ``session``), newest first, at most
    ``limit``: ``[{"writer", "text", "offer", "date"}]`` (``date`` ISO
    8601). Shared parts only (exercise summaries); never a draft."""
    earlier = (
        PracticeSession.objects.filter(
            couple_id=session.couple_id, created_at__lt=session.created_at
        )
        .order_by("-created_at")
        .values_list("state", "created_at")[:sessions]
    )
    found: list[dict[str, Any]] = []
    for state, created_at in earlier:
        for item in reversed(i_statements.carried_over(state.get("completed", []))):
            found.append({**item, "date": created_at.date().isoformat()})
    return found[:limit]
