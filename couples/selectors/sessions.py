"""Practice sessions, read: who takes part, snapshots, transcripts and the
statements carried over to the next session, as plain data for the doors.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any, TypedDict
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError

from couples.lib.relay import time_out_notice
from couples.lib.sealing import state_open
from couples.lib.transcript import LET_GO_NOTE, transcript_lines
from couples.models import (
    Couple,
    Membership,
    PracticeSession,
    SessionEvent,
    User,
)
from couples.selectors.therapy import link_is_active
from exercises import engine, i_statements, state_of_union


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
        "keeping": transcript_keeping(session, viewer_id=user_id),
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
    if session.text_let_go_at is not None:
        return [{"seq": 0, "at": session.text_let_go_at, "kind": "note", "who": "",
                 "label": "", "items": [], "text": LET_GO_NOTE}]
    rows = list(
        SessionEvent.objects.filter(session=session).values_list("seq", "created_at", "events")
    )
    names = {key: value["name"] for key, value in participants(session).items()}
    return transcript_lines(rows, names)


KEEP = "keep"
LET_GO = "let_go"
TRANSCRIPT_CHOICES = (KEEP, LET_GO)
"""What each partner chooses for the words of an ended session."""


def transcript_keeping(session: PracticeSession, *, viewer_id: int) -> dict[str, Any]:
    """Keep or let go, as ``viewer_id`` sees it: ``{"open": bool (the
    session is still running: nothing to choose yet), "outcome": "kept" |
    "waiting" | "let_go", "let_go_at": ISO 8601 | None, "can_choose": bool
    (a partner, the words still there), "mine": "keep" | "let_go" | None,
    "choices": [{"who": participant id, "name": str, "me": bool, "choice":
    "keep" | "let_go" | None, "text": "Sam chose to keep it."}], "summary":
    str}``.

    The rule (couples/services/sessions.py): the words stay until both
    partners have chosen; then, unless both keep them, they are deleted.
    """
    names = {key: value["name"] for key, value in participants(session).items()}
    choices = session.transcript_choices or {}
    me = str(viewer_id)
    partners = list(session.state.get("partners", []))
    rows = []
    for who in partners:
        choice = choices.get(who)
        name = "You" if who == me else names.get(who, "Former partner")
        if choice == KEEP:
            text = f"{name} chose to keep it."
        elif choice == LET_GO:
            text = f"{name} chose to let it go."
        else:
            text = f"{name} {'have' if who == me else 'has'} not chosen yet."
        rows.append({"who": who, "name": name, "me": who == me, "choice": choice, "text": text})
    if session.text_let_go_at is not None:
        outcome, summary = "let_go", LET_GO_NOTE
    elif partners and all(choices.get(who) == KEEP for who in partners):
        outcome, summary = "kept", "You both chose to keep the words of this session."
    else:
        outcome = "waiting"
        summary = ("The words of this session are kept until both of you have chosen. "
                   "Unless both of you keep them, they are then deleted; "
                   "that the session happened, and its counts, stay.")
    return {
        "open": session.status == PracticeSession.Status.OPEN,
        "outcome": outcome,
        "let_go_at": session.text_let_go_at.isoformat() if session.text_let_go_at else None,
        "can_choose": me in partners and session.text_let_go_at is None
        and session.status == PracticeSession.Status.ENDED and choices.get(me) != LET_GO,
        "mine": choices.get(me),
        "choices": rows,
        "summary": summary,
    }


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
            if not item.get("text"):
                continue  # the couple let that session's words go
            found.append({**item, "date": created_at.date().isoformat()})
    return found[:limit]


LOVED_LOOKBACK_SECONDS = state_of_union.KEPT_SECONDS
"""How far back the couple page looks for a State of the Union whose "feel
loved" answers are still on show (seconds; as long as they are kept)."""


def loved_answers_current(
    *, couple: Couple, viewer: User, now: float | None = None
) -> dict[str, Any] | None:
    """The answers to "What would make you feel loved this week?" of the
    couple's latest finished State of the Union (Gottman's weekly meeting),
    while they are kept (``now`` < ``loved_until``, seconds since the epoch;
    ``now`` defaults to the clock). For the couple's two partners only:
    None for anyone else (a therapist, an outsider) and when none is current.

    Returns ``{"until": datetime (UTC), "answers": [{"mine": bool, "who":
    display name, "text"}]}``, the viewer's own answer first.
    """
    if not Membership.objects.filter(couple=couple, user=viewer).exists():
        return None
    now = time.time() if now is None else now
    since = datetime.fromtimestamp(now - LOVED_LOOKBACK_SECONDS, tz=UTC)
    recent = (
        PracticeSession.objects.filter(couple=couple, updated_at__gte=since)
        .order_by("-updated_at")
        .values_list("state", flat=True)
    )
    for state in recent:
        for record in reversed(state.get("completed", [])):
            if record.get("kind") != state_of_union.KIND or not record.get("finished"):
                continue
            summary = record.get("summary") or {}
            until = summary.get("loved_until")
            if not isinstance(until, int | float) or until <= now:
                continue
            names = {
                str(m.user_id): m.user.display_name
                for m in Membership.objects.filter(couple=couple).select_related("user")
            }
            me = str(viewer.pk)
            answers = [
                {"mine": pid == me, "who": names.get(pid, "Former partner"), "text": text}
                for pid, text in (summary.get("loved") or {}).items()
            ]
            answers.sort(key=lambda a: not a["mine"])
            return {"until": datetime.fromtimestamp(until, tz=UTC), "answers": answers}
    return None

def time_out_for_couple_page(
    *, session: PracticeSession | None, user_id: int, now: float | None = None
) -> dict[str, Any] | None:
    """The running time-out of the couple's open ``session`` as the couple
    page shows it to ``user_id`` (a long break with an agreed return,
    ``exercises/repair.py``): ``{"ends_at": seconds since the epoch,
    "server_now": seconds, "due": bool (the return time has come),
    "remind": bool (they asked to be reminded), "agreed": bool (they agreed
    to the return time), "back": bool (they already came back)}``; None when
    no session is open or no time-out runs. ``now`` defaults to the clock."""
    if session is None:
        return None
    notice = time_out_notice(session.state)
    if notice is None:
        return None
    me = str(user_id)
    server_now = time.time() if now is None else now
    return {
        "ends_at": notice["ends_at"],
        "server_now": server_now,
        "due": notice["ends_at"] <= server_now,
        "remind": me in notice["remind"],
        "agreed": me in notice["agreed_by"],
        "back": me in notice["returned"],
    }
