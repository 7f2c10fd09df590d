"""Practice sessions, read: who takes part, snapshots, transcripts and the
statements carried over to the next session, as plain data for the doors.
"""

from __future__ import annotations

import time
from typing import Any, TypedDict
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError

from couples.lib.sealing import state_open
from couples.lib.transcript import transcript_lines
from couples.models import (
    Couple,
    Membership,
    PracticeSession,
    SessionEvent,
    User,
)
from couples.selectors.therapy import link_is_active
from exercises import engine, i_statements


def version_if_taking_part(session_id: int, user_id: int) -> int | None:
    """The session's stored version if ``user_id`` still takes part in it
    (membership or therapist link still there), else None."""
    session = PracticeSession.objects.only("couple_id", "state", "version").get(pk=session_id)
    if participant_role(session=session, user_id=user_id) is None:
        return None
    return session.version


def applied_version(session_id: int, client_id: UUID) -> int | None:
    """The version the command ``client_id`` produced, if it is stored."""
    return (
        SessionEvent.objects.filter(session_id=session_id, client_id=client_id)
        .values_list("seq", flat=True)
        .first()
    )


def open_session_of(couple: Couple) -> PracticeSession | None:
    """Return the couple's open practice session, if one is running."""
    return couple.practice_sessions.filter(status=PracticeSession.Status.OPEN).first()


def past_sessions_of(couple: Couple, *, limit: int = 20) -> list[PracticeSession]:
    """The couple's ended practice sessions, at most ``limit``, in the model's order."""
    return list(couple.practice_sessions.filter(status=PracticeSession.Status.ENDED)[:limit])


def session_of_couple(*, couple: Couple, public_id: UUID | str) -> PracticeSession | None:
    """The couple's session with ``public_id``, or None (also for another
    couple's session: the same answer, so ids cannot be probed)."""
    return PracticeSession.objects.filter(couple=couple, public_id=public_id).first()


def couples_with_open_session(couples: list[Couple]) -> set[int]:
    """Primary keys of those of ``couples`` that have a practice session open now."""
    return set(
        PracticeSession.objects.filter(
            couple__in=couples, status=PracticeSession.Status.OPEN
        ).values_list("couple_id", flat=True)
    )


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
    if user.is_therapist and link_is_active(
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
    if role == engine.FACILITATOR and link_is_active(
        couple_id=session.couple_id, therapist_id=user_id
    ):
        return role
    return None


class Participant(TypedDict):
    """One person in a session's ``participants``."""

    name: str
    role: str | None  # "partner" or "facilitator" (everyone listed has a role)


def participants(session: PracticeSession) -> dict[str, Participant]:
    """Return ``{participant id: {"name", "role"}}`` for everyone in the
    session's state; a partner who deleted their account shows as "Former partner"."""
    keys = [*session.state["partners"], *session.state.get("facilitators", [])]
    people = User.objects.filter(pk__in=[int(k) for k in keys])
    names = dict(people.values_list("pk", "display_name"))
    return {
        key: {
            "name": names.get(int(key), "Former partner"),
            "role": engine.role_of(session.state, key),
        }
        for key in keys
    }


def session_snapshot(*, session_id: int, user_id: int) -> dict[str, Any]:
    """Return the ``snapshot`` frame for ``user_id``: their view of the
    session at its current version and who takes part; ``presence`` is
    left empty for the caller to fill (``couples.services.presence.presence_read``,
    kept in Redis or the worker's memory, not in the database).

    Private text is stored sealed and opened here for the view, which
    holds only ``user_id``'s own (couples/lib/sealing.py). The view carries
    ``server_now`` (the server clock, seconds since the
    epoch) so a client can correct its own clock for deadlines (time-out).
    """
    session = PracticeSession.objects.get(pk=session_id)
    key = str(user_id)
    return {
        "type": "snapshot",
        "session": str(session.public_id),
        "version": session.version,
        "me": key,
        "view": {**engine.view(state_open(session.state), key), "server_now": time.time()},
        "participants": participants(session),
        "presence": {},  # filled by the caller: presence is off the database
        "heartbeat_seconds": settings.PRESENCE_HEARTBEAT_SECONDS,
    }


def session_transcript(session: PracticeSession) -> list[dict[str, Any]]:
    """Return the shared transcript: :func:`couples.lib.transcript.transcript_lines`
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
