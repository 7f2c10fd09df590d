"""The one broadcast path: channel-layer group names and deliveries.

Services change state inside one transaction and return :class:`Delivery`
values; nothing is sent before the commit (docs/architecture.md, "Commit,
then broadcast"). An async caller awaits :func:`deliver`; a sync caller uses
:func:`deliver_on_commit`. Each participant gets their own view
(:func:`update_deliveries`): what is private to one partner never goes to
the other. The layer delivers at most once, so every update carries the
session version and a client that sees a gap asks for a snapshot.

Group names are made here and nowhere else.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import orjson
from asgiref.sync import async_to_sync
from channels.exceptions import ChannelFull
from channels.layers import get_channel_layer
from django.db import transaction
from redis.exceptions import RedisError

from couples.models import PracticeSession
from exercises import engine

LAYER_ERRORS = (OSError, RedisError, asyncio.TimeoutError, ChannelFull)
"""What a channel-layer call raises when Redis is down or unreachable
(redis-py's errors, socket errors, time-outs) or a layer is full."""


def frame_text(frame: dict[str, Any]) -> str:
    """``frame`` as the JSON text of one WebSocket frame, encoded with orjson
    (compact; dict keys that are not strings are written as strings, and
    values JSON does not know, such as UUIDs, as ``str(value)``)."""
    return orjson.dumps(frame, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


def participant_group(session_id: int, participant: str) -> str:
    """Group of one participant's sockets in one session (their private view)."""
    return f"ps.{session_id}.p.{participant}"


def session_group(session_id: int) -> str:
    """Group of every socket of a session (presence: shared by all)."""
    return f"ps.{session_id}"


def signin_group(user_id: int) -> str:
    """Group of every socket (session and couple page) of one person, on
    every device: told when a sign-in ends (docs/protocol.md, close 4401)."""
    return f"signin.{user_id}"


def signin_ended_deliveries(*, user_id: int, session_key: str | None = None) -> list[Delivery]:
    """The message that closes ``user_id``'s sockets with 4401: those of the
    sign-in ``session_key`` only (signing out on one device), or, with None,
    every socket of the person (a password change, "sign out everywhere")."""
    return [Delivery(signin_group(user_id), {"type": "signin.ended", "session_key": session_key})]


def couple_group(couple_id: int) -> str:
    """Group of the couple-space pages of both partners."""
    return f"couple.{couple_id}"


def couple_notice_deliveries(
    *, couple_id: int, to: list[int] | set[int], notice: dict[str, str]
) -> list[Delivery]:
    """One ``couple.notice`` to the couple pages of ``couple_id``, shown only
    to the people in ``to`` (user ids; the consumer filters): ``notice`` is
    ``{"kind", "text", "url", "action"}`` (``couples.selectors.nudges``), never any
    text anyone wrote. Send it with :func:`deliver_on_commit`."""
    if not to:
        return []
    return [
        Delivery(
            couple_group(couple_id), {"type": "couple.notice", "to": sorted(to), **notice}
        )
    ]


def caseload_group(therapist_id: int) -> str:
    """Group of one therapist's caseload pages, on every device: told when
    something on the caseload changed (``caseload.changed``)."""
    return f"caseload.{therapist_id}"


def caseload_deliveries(therapist_ids: list[int] | set[int]) -> list[Delivery]:
    """One ``caseload.changed`` per therapist in ``therapist_ids``: their
    caseload page fetches its rows again (which checks the link and logs the
    look). The message names nothing of the couple: only that something
    changed."""
    return [
        Delivery(caseload_group(pk), {"type": "caseload.changed"}) for pk in sorted(therapist_ids)
    ]


@dataclass(frozen=True, slots=True)
class Delivery:
    """One channel-layer message: ``group`` name and the ``message`` dict."""

    group: str
    message: dict[str, Any]


async def deliver(deliveries: tuple[Delivery, ...] | list[Delivery]) -> None:
    """Send ``deliveries`` through the channel layer (after the commit).

    The layer delivers at most once; every update carries its version so a
    client that misses one asks for a snapshot (docs/architecture.md, real-time rule 4).
    """
    layer = get_channel_layer()
    for item in deliveries:
        await layer.group_send(item.group, item.message)


def deliver_on_commit(deliveries: tuple[Delivery, ...] | list[Delivery]) -> None:
    """From sync code: send ``deliveries`` once the current transaction commits."""
    if deliveries:
        # robust: the change is committed whatever happens to the broadcast
        # (Redis down); the error is logged and clients catch up by snapshot.
        transaction.on_commit(lambda: async_to_sync(deliver)(deliveries), robust=True)


def update_deliveries(
    *,
    session_id: int,
    couple_id: int,
    state: engine.State,
    events: list[dict[str, Any]],
    now: float | None = None,
    first: str | None = None,
) -> tuple[Delivery, ...]:
    """One ``session.update`` per participant, each with only what that
    participant may see (docs/architecture.md, real-time rule 3), plus couple-page notices
    when the session ended and when a time-out starts, moves or ends
    (``couple.time_out``, :func:`time_out_notice`). Each view carries ``server_now``
    (``now``, else the server clock; seconds since the epoch) for clients to correct
    clock skew.

    Each participant's ``update`` frame is encoded here, once
    (:func:`frame_text`): the message is ``{"type": "session.update",
    "version": int, "frame": str}`` and every socket of that participant
    forwards ``frame`` as it is, on every worker."""
    server_now = time.time() if now is None else now
    everyone = [*state["partners"], *state.get("facilitators", [])]
    if first in everyone:
        # The actor's own update goes first, so the other partner's reply to
        # it can never reach the actor before it (no needless resync).
        everyone.remove(first)
        everyone.insert(0, first)
    deliveries = [
        Delivery(
            participant_group(session_id, who),
            {
                "type": "session.update",
                "version": state["version"],
                "frame": frame_text(
                    {
                        "type": "update",
                        "version": state["version"],
                        "events": engine.visible_events(events, who),
                        "view": {**engine.view(state, who), "server_now": server_now},
                    }
                ),
            },
        )
        for who in everyone
    ]
    if state["status"] == "ended" or any(e["type"].startswith("time_out_") for e in events):
        deliveries.append(
            Delivery(
                couple_group(couple_id),
                {
                    "type": "couple.time_out",
                    "time_out": time_out_notice(state),
                    "server_now": server_now,
                },
            )
        )
    if state["status"] == "ended":
        deliveries.append(
            Delivery(couple_group(couple_id), {"type": "couple.session", "status": "ended"})
        )
    return tuple(deliveries)


def keeping_deliveries(*, session_id: int, keeping: dict[str, dict[str, Any]]) -> list[Delivery]:
    """One ``session.keeping`` per participant of ``keeping`` (``{participant
    id: their keep-or-let-go view}``, ``couples.selectors.sessions.
    transcript_keeping``): a partner chose to keep or let go the words of
    an ended session. Sent after the commit (:func:`deliver_on_commit`)."""
    return [
        Delivery(participant_group(session_id, who), {"type": "session.keeping", "keeping": view})
        for who, view in keeping.items()
    ]

def time_out_notice(state: engine.State) -> dict[str, Any] | None:
    """What the couple page learns of a session's running time-out (a long
    break with an agreed return, docs/protocol.md §16 and §25): ``{"ends_at":
    seconds since the epoch, "agreed_by": [ids], "remind": [ids], "returned":
    [ids]}``, or None when none runs (or the session ended)."""
    time_out = state.get("time_out")
    if state["status"] == "ended" or not time_out:
        return None
    return {
        "ends_at": time_out["ends_at"],
        "agreed_by": list(time_out.get("agreed_by", [])),
        "remind": list(time_out.get("remind", [])),
        "returned": list(time_out.get("returned", [])),
    }


def revoke_deliveries(*, couple_id: int, user_id: int) -> list[Delivery]:
    """Messages that close ``user_id``'s sockets in the couple's open practice
    sessions: the consumer answers ``session.revoked`` with close code 4410
    (docs/protocol.md, "Close codes"). Used when a therapist link ends and
    when an account is deleted; send them with :func:`deliver_on_commit`,
    which is ``robust``: a channel layer that is down is logged and does not
    undo the change, and a socket that missed the message is closed on its
    next command, sync or heartbeat anyway."""
    open_sessions = PracticeSession.objects.filter(
        couple_id=couple_id, status=PracticeSession.Status.OPEN
    ).values_list("pk", flat=True)
    return [
        Delivery(participant_group(session_id, str(user_id)), {"type": "session.revoked"})
        for session_id in open_sessions
    ]
