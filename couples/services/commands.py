"""The one writer of a practice session's event log.

Every change to a session goes through here, in one transaction that locks
the session row: :func:`session_command_apply` (a participant's command) and
:func:`facilitator_join` (a linked therapist joining) and
:func:`repair_lists_apply` (the couple's repair list, server-issued) and
:func:`facilitator_leave` (handing the session back to the couple). All let the engine
decide (``exercises.engine``), append one :class:`~couples.models.SessionEvent`
with ``seq`` = the new version, store the projections
of what was decided (agreed rituals, aftermath plans, finished homework) in the same
transaction, and return the deliveries to make after the commit
(``couples.lib.relay``). Deleting text after the fact is here too:
:func:`author_private_text_delete` (an account deleted) and
:func:`session_text_let_go` (a session's words let go). The path of one
command, socket to screen, is drawn in docs/architecture.md. A participant's
command, the hot path, makes its three statements in plain SQL, prepared on
PostgreSQL (see "the hot path in plain SQL" below); the rest uses the ORM.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import orjson
import psycopg
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from couples.lib.errors import NoLongerTakingPart, SignInEnded, StaleVersion, TherapyError
from couples.lib.relay import (
    Delivery,
    caseload_deliveries,
    participant_group,
    update_deliveries,
)
from couples.lib.sealing import events_scrub, events_seal, state_open, state_seal
from couples.lib.transcript import events_text_let_go, text_let_go
from couples.models import (
    Membership,
    PracticeSession,
    SessionEvent,
)
from couples.selectors.repair_list import repair_lists_of
from couples.selectors.signins import (
    signin_columns,
    signin_is_valid,
    signin_matches,
    signins_in_database,
)
from couples.selectors.therapy import link_is_active
from couples.services.plans import plan_items_persist
from couples.services.rituals import rituals_persist_agreed
from couples.services.therapy import caseload_changed, homework_mark_done
from exercises import engine
from exercises.facilitation import facilitator_add, facilitator_remove
from exercises.private_text import private_drop
from exercises.repair_list import repair_lists_set


@dataclass(frozen=True, slots=True)
class CommandOutcome:
    """What became of an accepted command: the session ``version`` after it,
    whether it was a ``duplicate`` of one already applied (then nothing
    changed), and the ``deliveries`` to make after the commit."""

    version: int
    duplicate: bool
    deliveries: tuple[Delivery, ...] = field(default=())


def session_command_apply(
    *,
    session_id: int,
    user_id: int,
    command: str,
    payload: dict[str, Any],
    client_id: UUID,
    base_version: int,
    now: float,
    session_key: str | None = None,
    check_signin: bool = False,
) -> CommandOutcome:
    """Apply one participant's command to a practice session, exactly once.

    In one transaction: lock the session row, with ``check_signin`` check
    that the sign-in ``session_key`` (a Django session key) still signs in
    ``user_id`` (``couples.selectors.signins``: with database sessions its
    answer is two more columns of the locking statement), check the user
    still takes part,
    answer a repeated ``client_id`` with the version it produced (no change),
    refuse a ``base_version`` that is not the current one (unless the engine
    marks the command independent: ``engine.applies_on_current_version``),
    let the engine
    decide, store the :class:`SessionEvent` (``seq`` = new version) and the
    new state. ``now`` is the server clock in seconds since the epoch.

    Raises SignInEnded, NoLongerTakingPart, StaleVersion,
    PracticeSession.DoesNotExist, or the engine's RuleError; in each case
    nothing was written.
    """
    actor = str(user_id)
    signin: str | bool | None = False  # False: not checked here
    if check_signin:
        if signins_in_database():
            signin = session_key
        elif not signin_is_valid(session_key=session_key, user_id=user_id):
            raise SignInEnded()
    try:
        with transaction.atomic(durable=True):
            outcome = _command_apply_locked(
                session_id=session_id, user_id=user_id, actor=actor, command=command,
                payload=payload, client_id=client_id, base_version=base_version, now=now,
                signin=signin,
            )
    except IntegrityError as exc:
        # Unique (session, seq) or (session, client_id): a writer that raced
        # past the lock. Nothing of this command was kept.
        raise StaleVersion(base_version + 1) from exc
    return outcome


def _command_apply_locked(
    *,
    session_id: int,
    user_id: int,
    actor: str,
    command: str,
    payload: dict[str, Any],
    client_id: UUID,
    base_version: int,
    now: float,
    signin: str | bool | None,
) -> CommandOutcome:
    # One round trip locks the session row and answers the questions with
    # it: is the actor still a partner of this couple, was this client_id
    # already applied, and (``signin`` a session key or None: database
    # sessions) is the sign-in still valid? The lock serialises commands on
    # one session across processes; it is held for the engine call and two
    # writes.
    couple_id, version, sealed_state, actor_is_member, applied_seq, signed_in = _session_lock(
        session_id=session_id, user_id=user_id, client_id=client_id, signin=signin
    )
    if not signed_in:
        raise SignInEnded()
    role = engine.role_of(sealed_state, actor)
    if not (
        (role == engine.PARTNER and actor_is_member)
        or (
            role == engine.FACILITATOR
            and link_is_active(couple_id=couple_id, therapist_id=user_id)
        )
    ):
        raise NoLongerTakingPart()
    if applied_seq is not None:
        return CommandOutcome(version=applied_seq, duplicate=True)
    if not engine.accepts_base_version(command, base_version, version):
        # exercises/engine.py: older only for an independent command, never newer.
        raise StaleVersion(version)
    # Private text is sealed at rest (couples/lib/sealing.py); the engine
    # decides on plaintext.
    state, events = engine.apply(
        state_open(sealed_state), engine.Command(command, actor, payload, now)
    )
    # When an exercise ends (finished, stopped, or with the session) its
    # private events are deleted: what was revealed lives on in the shared
    # events, what was not is let go (docs/protocol.md §11). The engine has
    # already dropped the private values from the state.
    exercise_ended = any(event.type == "exercise_completed" for event in events)
    if exercise_ended:
        private_events_scrub(session_id=session_id)
    stored = [event.to_dict() for event in events]
    kept = events_scrub(stored)[0] if exercise_ended else events_seal(stored)
    _event_insert(
        session_id=session_id, seq=state["version"], user_id=user_id, command=command,
        client_id=client_id, events=kept,
    )
    # The projections stay ORM: each touches the database only when one of
    # the events asks for it, which is rare. Agreed rituals of connection
    # become the couple's Ritual rows (exercises/rituals.py decides;
    # couples/services/rituals.py stores), a finished aftermath leaves the
    # couple's plan (exercises/aftermath/plan.py), a finished exercise
    # completes the therapist's homework of that kind.
    rituals_persist_agreed(couple_id=couple_id, session_id=session_id, events=stored, now=now)
    plan_items_persist(couple_id=couple_id, session_id=session_id, events=stored)
    homework_done = homework_mark_done(couple_id=couple_id, session_id=session_id, events=stored)
    _session_update(
        session_id=session_id, state=state_seal(state), version=state["version"],
        status=state["status"],
    )
    deliveries = update_deliveries(
        session_id=session_id, couple_id=couple_id, state=state, events=stored,
        now=now, first=actor,
    )
    if homework_done or any(event["type"] in CASELOAD_EVENTS for event in stored):
        deliveries = (*deliveries, *caseload_changed(couple_id=couple_id))
    return CommandOutcome(version=state["version"], duplicate=False, deliveries=deliveries)


CASELOAD_EVENTS = frozenset({"session_ended", "time_out_called", "time_out_ended"})
"""Events that change a couple's row on their therapists' caseload (with
homework done by an exercise)."""

PROJECTION_EVENTS = frozenset({"ritual_agreed", "exercise_completed", *CASELOAD_EVENTS})
"""Events after which :func:`_command_apply_locked` does more than store the
event and the state: scrub the private events, store rituals, plans or
finished homework, tell the caseload (the calls above). A command whose events
include one of these goes through :func:`session_command_apply`, never the
batched writer (``couples/services/command_writer.py``)."""


# --- the hot path in plain SQL --------------------------------------------------------
#
# The three statements every command makes (lock and check, insert the event,
# update the state) are written out here instead of built by the ORM, which
# cost about a third of a worker's CPU per command (docs/benchmarks.md). On
# PostgreSQL they run as server-side prepared statements (psycopg 3,
# ``prepare=True``) on Django's own connection, inside Django's transaction;
# on SQLite (development, tests) the same SQL goes through Django's cursor.
# Table and column names come from the models, so a rename stays in one place.

_S = PracticeSession._meta.db_table
_E = SessionEvent._meta.db_table
_M = Membership._meta.db_table


@functools.cache
def _sql_lock(vendor: str, signin: bool) -> str:
    lock = " FOR UPDATE OF s" if vendor == "postgresql" else ""
    columns = (
        ", " + signin_columns(session_key="%s", user_id="%s", now="%s") if signin else ""
    )
    return (
        f"SELECT s.couple_id, s.version, s.state, "
        f"EXISTS (SELECT 1 FROM {_M} m WHERE m.couple_id = s.couple_id AND m.user_id = %s), "
        f"(SELECT e.seq FROM {_E} e WHERE e.session_id = s.id AND e.client_id = %s LIMIT 1)"
        f"{columns} FROM {_S} s WHERE s.id = %s{lock}"
    )


def _sql_insert(vendor: str) -> str:
    json = "%s::jsonb" if vendor == "postgresql" else "%s"
    return (
        f"INSERT INTO {_E} (session_id, seq, actor_id, actor_key, command, client_id, events, "
        f"created_at) VALUES (%s, %s, %s, %s, %s, %s, {json}, %s)"
    )


def _sql_update(vendor: str) -> str:
    json = "%s::jsonb" if vendor == "postgresql" else "%s"
    return (
        f"UPDATE {_S} SET state = {json}, version = %s, status = %s, updated_at = %s "
        "WHERE id = %s"
    )


def _execute(sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """Run one statement of the hot path on the current connection, inside
    the caller's transaction; return its first row (None when there is
    none). Database errors arrive as Django's (IntegrityError,
    OperationalError...), as from the ORM."""
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        # A server-binding cursor (Django's default one binds on the client
        # and cannot prepare); each statement is prepared once per connection.
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchone() if cursor.description else None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if cursor.description else None


def _session_lock(
    *, session_id: int, user_id: int, client_id: UUID, signin: str | bool | None = False
) -> tuple[int, int, dict[str, Any], bool, int | None, bool]:
    """Lock the session row (``SELECT … FOR UPDATE``; SQLite's IMMEDIATE
    transaction locks the whole database instead) and read, in one round
    trip: ``(couple_id, version, state as stored (sealed), whether user_id
    is a member of the couple, seq already stored for client_id or None,
    whether the sign-in is valid)``. ``signin``: False to not check it
    (then True is answered), else the Django session key (or None) whose
    database row and the user's password hash are read as two more columns
    (``couples.selectors.signins.signin_columns``). Raises
    PracticeSession.DoesNotExist."""
    client = _uuid_field.get_db_prep_value(client_id, connection)
    checked = signin is not False
    params: tuple[Any, ...] = (user_id, client)
    if checked:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        params = (*params, signin, now, user_id)
    row = _execute(_sql_lock(connection.vendor, checked), (*params, session_id))
    if row is None:
        raise PracticeSession.DoesNotExist(f"no practice session {session_id}")
    couple_id, version, state, member, applied = row[:5]
    if isinstance(state, (str, bytes)):
        state = orjson.loads(state)
    signed_in = signin_matches(row[5], row[6], user_id) if checked else True
    return couple_id, version, state, bool(member), applied, signed_in


def _event_insert(
    *, session_id: int, seq: int, user_id: int, command: str, client_id: UUID,
    events: list[dict[str, Any]],
) -> None:
    """INSERT the :class:`SessionEvent` of one accepted command (``events``
    as they are to be stored: sealed or scrubbed). The unique constraints on
    ``(session, seq)`` and ``(session, client_id)`` refuse a writer that
    raced past the lock (IntegrityError, handled by the caller)."""
    _execute(
        _sql_insert(connection.vendor),
        (
            session_id, seq, user_id, str(user_id), command,
            _uuid_field.get_db_prep_value(client_id, connection),
            orjson.dumps(events, option=orjson.OPT_NON_STR_KEYS).decode(),
            connection.ops.adapt_datetimefield_value(timezone.now()),
        ),
    )


def _session_update(
    *, session_id: int, state: dict[str, Any], version: int, status: str
) -> None:
    """UPDATE the locked session row's ``state`` (sealed), ``version``,
    ``status`` and ``updated_at``."""
    _execute(
        _sql_update(connection.vendor),
        (
            orjson.dumps(state, option=orjson.OPT_NON_STR_KEYS).decode(), version, status,
            connection.ops.adapt_datetimefield_value(timezone.now()), session_id,
        ),
    )


_uuid_field = SessionEvent._meta.get_field("client_id")


def facilitator_join(*, session_id: int, therapist_id: int) -> tuple[Delivery, ...]:
    """Add a linked therapist to a live session's facilitators (once).

    Returns the channel-layer deliveries to make after the commit (none
    when they already take part). Raises TherapyError if the link is not
    active or the session ended.
    """
    with transaction.atomic(durable=True):
        session = PracticeSession.objects.select_for_update().get(pk=session_id)
        if not link_is_active(couple_id=session.couple_id, therapist_id=therapist_id):
            raise TherapyError("Your link with this couple is not active.")
        if session.status == PracticeSession.Status.ENDED:
            raise TherapyError("This session has ended.")
        state, events = facilitator_add(state_open(session.state), str(therapist_id))
        if not events:
            return ()
        stored = _append_event(
            session_id=session_id, state=state, events=events, user_id=therapist_id,
            command="facilitator_join", client_id=None,
        )
        session.state = state_seal(state)
        session.version = state["version"]
        session.save(update_fields=["state", "version", "updated_at"])
    return update_deliveries(
        session_id=session_id, couple_id=session.couple_id, state=state, events=stored
    )


def repair_lists_apply(
    *, session_id: int, user_id: int, now: float
) -> tuple[Delivery, ...]:
    """Bring the couple's repair list (``couples.selectors.repair_list``) into
    an open practice session: the server-issued ``repair_lists_set``
    (``exercises.repair_list.repair_lists_set``; Gottman's Repair Checklist).

    Called when a session opens and when a partner saves their marks
    (``user_id``: the event's actor, the partner who saved or the person who
    opened the session). The
    lists are read *after* the session row is locked, so two partners saving
    at once both end up in the session. Runs in the caller's transaction if
    there is one. Returns the deliveries to make after the commit: none when
    the session has ended or the lists did not change (no event stored).
    ``now`` is seconds since the epoch.
    """
    with transaction.atomic():
        session = PracticeSession.objects.select_for_update().get(pk=session_id)
        if session.status != PracticeSession.Status.OPEN:
            return ()
        state, events = repair_lists_set(
            state_open(session.state), repair_lists_of(session.couple_id)
        )
        if not events:
            return ()
        stored = _append_event(
            session_id=session_id, state=state, events=events, user_id=user_id,
            command="repair_lists_set", client_id=None,
        )
        session.state = state_seal(state)
        session.version = state["version"]
        session.save(update_fields=["state", "version", "updated_at"])
    return update_deliveries(
        session_id=session_id, couple_id=session.couple_id, state=state, events=stored, now=now
    )


def facilitator_leave(*, session_id: int, therapist_id: int) -> tuple[Delivery, ...]:
    """The therapist hands the live session back to the couple when the
    appointment ends (``exercises.facilitation.facilitator_remove``): they
    leave the facilitators, the partners carry on alone, and the therapist's
    sockets in the session close (4410). The couple's link is unchanged; the
    therapist may join again while it is active.

    Returns the deliveries to make after the commit (none when they did not
    take part). Raises TherapyError if the session has ended.
    """
    with transaction.atomic(durable=True):
        session = PracticeSession.objects.select_for_update().get(pk=session_id)
        if session.status == PracticeSession.Status.ENDED:
            raise TherapyError("This session has ended.")
        state, events = facilitator_remove(state_open(session.state), str(therapist_id))
        if not events:
            return ()
        stored = _append_event(
            session_id=session_id, state=state, events=events, user_id=therapist_id,
            command="facilitator_leave", client_id=None,
        )
        session.state = state_seal(state)
        session.version = state["version"]
        session.save(update_fields=["state", "version", "updated_at"])
    return (
        *update_deliveries(
            session_id=session_id, couple_id=session.couple_id, state=state, events=stored
        ),
        Delivery(participant_group(session_id, str(therapist_id)), {"type": "session.revoked"}),
        *caseload_deliveries({therapist_id}),
    )



def _append_event(
    *,
    session_id: int,
    state: engine.State,
    events: list[engine.Event],
    user_id: int,
    command: str,
    client_id: UUID | None,
    scrub_private: bool = False,
) -> list[dict[str, Any]]:
    """Store the events of one accepted command as the session's next
    :class:`SessionEvent` (``seq`` = ``state["version"]``); return them as
    plain dicts (in plaintext, for the deliveries; the data of private events
    is stored sealed, couples/lib/sealing.py). Called with the session row
    locked; the unique constraints
    on ``(session, seq)`` and ``(session, client_id)`` refuse a writer that
    raced past the lock (IntegrityError, handled by the caller). With
    ``scrub_private`` the private events are stored without their data."""
    stored = [event.to_dict() for event in events]
    kept = events_scrub(stored)[0] if scrub_private else events_seal(stored)
    SessionEvent.objects.create(
        session_id=session_id,
        seq=state["version"],
        actor_id=user_id,
        actor_key=str(user_id),
        command=command,
        client_id=client_id,
        events=kept,
    )
    return stored


def author_private_text_delete(*, user_id: int, couple_id: int | None) -> int:
    """Delete every piece of private text participant ``user_id`` wrote in
    practice sessions: their draft, closing choice or unrevealed closing line
    in a running exercise's state, the data of the events private to
    them, and their repair-list marks in the session state. The other
    partner's own private text and everything shared stay.

    Covers the sessions of ``couple_id`` and any other session where they
    acted (an earlier couple). For account deletion
    (``couples/services/privacy.py``), inside its transaction; each session
    row is locked while it changes. Returns the number of sessions touched.
    """
    author = str(user_id)
    sessions = PracticeSession.objects.filter(
        Q(couple_id=couple_id) | Q(pk__in=SessionEvent.objects.filter(actor_id=user_id)
                                    .values("session_id"))
    )
    touched = 0
    with transaction.atomic():
        for session in sessions.select_for_update(of=("self",)).only("pk", "state"):
            opened = private_drop(state_open(session.state), author)
            if author in opened.get("repair_lists", {}):
                # Their repair-list marks leave the session too (RepairMarks
                # rows go with the account).
                lists = {k: v for k, v in opened["repair_lists"].items() if k != author}
                opened = {**opened, "repair_lists": lists}
            state = state_seal(opened)
            changed = state != session.state
            if changed:
                session.state = state
                session.save(update_fields=["state", "updated_at"])
            if private_events_scrub(session_id=session.pk, author=author) or changed:
                touched += 1
    return touched


def private_events_scrub(*, session_id: int, author: str | None = None) -> int:
    """Delete the data of the private events stored for the session (of
    participant ``author`` only, when given), keeping their type and
    recipient (``couples.lib.sealing.events_scrub``). Called inside the
    transaction that holds the session row. Returns the rows changed."""
    changed = []
    for row in SessionEvent.objects.filter(session_id=session_id).only("pk", "events"):
        row.events, was_changed = events_scrub(row.events, author=author)
        if was_changed:
            changed.append(row)
    SessionEvent.objects.bulk_update(changed, ["events"])
    return len(changed)


def session_text_let_go(*, session_id: int) -> int:
    """Delete the words of an ended session, for good: every string a person
    wrote in its event log and in its state (shared lines, exercise
    summaries, repair attempts, therapist prompts, and private data left
    over) is emptied by ``couples.lib.transcript.text_let_go``. Event types,
    ``seq``, actors, timestamps, counts and numbers stay, so the session
    still shows that it happened and how long it went on.

    For keep-or-let-go (``couples/services/sessions.py``), which decided
    that not both partners keep the text. Locks the session row, sets
    ``text_let_go_at`` (once; a second call changes nothing). Returns the
    number of event rows changed. Raises PracticeSession.DoesNotExist.
    """
    with transaction.atomic():
        session = PracticeSession.objects.select_for_update().get(pk=session_id)
        if session.text_let_go_at is not None:
            return 0
        session.state = state_seal(text_let_go(state_open(session.state)))
        session.text_let_go_at = timezone.now()
        session.save(update_fields=["state", "text_let_go_at", "updated_at"])
        changed = []
        for row in SessionEvent.objects.filter(session_id=session_id).only("pk", "events"):
            row.events, was_changed = events_text_let_go(row.events)
            if was_changed:
                changed.append(row)
        SessionEvent.objects.bulk_update(changed, ["events"])
    return len(changed)
