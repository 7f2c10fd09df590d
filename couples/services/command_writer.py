"""Group commit: the participants' commands of one worker process, written
together, on the event loop.

:func:`session_command_apply` (``couples/services/commands.py``) takes one
command per transaction, on a database thread. Here a per-process writer
takes every command waiting on its queue and, in ONE transaction on its own
psycopg 3 ``AsyncConnection`` (no thread hop):

1. locks the batch's sessions in one statement (``ORDER BY id FOR UPDATE``:
   two writers lock in the same order, so they cannot deadlock), which also
   answers, per command, membership, the ``client_id`` already applied and
   the sign-in's validity (``couples.selectors.signins.signin_columns``);
2. applies the engine to each command in arrival order, in Python, with the
   same rules and refusals as the one-command path (a refusal writes nothing
   for that command only; a ``client_id`` repeated in the batch is answered
   as a duplicate of the first);
3. inserts every accepted command's event in one statement and updates every
   changed session in one statement, commits, and only then answers each
   command (commit before broadcast).

Round trips per batch are constant, whatever the number of commands: two
(psycopg's pipeline mode: begin with the lock, then insert, update and
commit together). While one batch is in the database the
next one gathers, so under load each transaction carries many commands.

Some commands still take the one-command path, after the batch's commit and
in arrival order for their session: a therapist's (the link is checked by
``selectors/therapy.py``), and any whose events need the ORM projections
(``commands.PROJECTION_EVENTS``); after one of those every later command of
the same session in the batch too. An unexpected database error rolls the
batch back and sends each of its commands through the one-command path
(exactly once holds either way: the ``client_id``). A broken connection is
dropped and the next batch opens a new one.

``settings.COMMAND_WRITER`` chooses: ``"batched"`` uses this writer on
PostgreSQL with database sessions; ``"direct"`` (the default: see
docs/benchmarks.md for why), SQLite, or another session engine use the
one-command path. docs/architecture.md, "The path of
one command"; measured in docs/benchmarks.md, "Group commit".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import orjson
import psycopg
from django.conf import settings
from django.db import connection
from django.utils import timezone

from couples.lib.errors import NoLongerTakingPart, SignInEnded, StaleVersion
from couples.lib.relay import update_deliveries
from couples.lib.sealing import events_seal, state_open, state_seal
from couples.models import Membership, PracticeSession, SessionEvent
from couples.selectors.signins import signin_columns, signin_matches, signins_in_database
from couples.services.commands import PROJECTION_EVENTS, CommandOutcome
from exercises import engine

logger = logging.getLogger("attune.realtime")

MAX_BATCH = 128
"""Most commands one transaction takes; the rest wait for the next one."""

DirectPath = Callable[..., Awaitable[CommandOutcome]]
"""The one-command path: called with the keyword arguments of
:func:`command_write` (without ``direct``), returns a CommandOutcome or raises
as ``session_command_apply`` does."""


def batched_writer_enabled() -> bool:
    """True when commands go through the batched writer:
    ``settings.COMMAND_WRITER == "batched"``, PostgreSQL, database sessions."""
    return (
        getattr(settings, "COMMAND_WRITER", "direct") == "batched"
        and connection.vendor == "postgresql"
        and signins_in_database()
    )


async def command_write(
    *,
    direct: DirectPath,
    session_key: str | None,
    session_id: int,
    user_id: int,
    command: str,
    payload: dict[str, Any],
    client_id: UUID,
    base_version: int,
    now: float,
) -> CommandOutcome:
    """Apply one participant's command exactly once, after checking that the
    sign-in ``session_key`` still signs in ``user_id``: through this
    process's batched writer when :func:`batched_writer_enabled`, else (or
    when the writer hands it back) through ``direct``, the one-command path.
    Arguments and errors as ``commands.session_command_apply`` (plus
    SignInEnded); returns once the command's transaction has committed."""
    request = _Request(
        direct=direct, session_key=session_key, session_id=session_id, user_id=user_id,
        command=command, payload=payload, client_id=client_id, base_version=base_version,
        now=now,
    )
    if batched_writer_enabled():
        return await _writer().submit(request)
    return await request.go_direct()


@dataclass(slots=True)
class _Request:
    direct: DirectPath
    session_key: str | None
    session_id: int
    user_id: int
    command: str
    payload: dict[str, Any]
    client_id: UUID
    base_version: int
    now: float

    async def go_direct(self) -> CommandOutcome:
        """This command through the one-command path."""
        return await self.direct(
            session_key=self.session_key, session_id=self.session_id, user_id=self.user_id,
            command=self.command, payload=self.payload, client_id=self.client_id,
            base_version=self.base_version, now=self.now,
        )


_HANDED_BACK = None
"""A command's answer when the writer hands it to the one-command path."""


class CommandWriter:
    """One event loop's batched writer (see the module docstring). Not
    thread-safe: used from its loop only."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.waiting: list[tuple[_Request, asyncio.Future[Any]]] = []
        self.task: asyncio.Task[None] | None = None
        self.conn: psycopg.AsyncConnection[Any] | None = None
        self.batches = 0  # transactions committed, for the tests and the bench
        self.handed_back: set[asyncio.Task[None]] = set()  # running, kept referenced

    async def submit(self, request: _Request) -> CommandOutcome:
        """Queue ``request``; return its outcome once committed (by the batch
        or by the one-command path), or raise its refusal."""
        future: asyncio.Future[Any] = self.loop.create_future()
        self.waiting.append((request, future))
        if self.task is None:
            self.task = self.loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self.waiting:
                batch, self.waiting = self.waiting[:MAX_BATCH], self.waiting[MAX_BATCH:]
                await self._run(batch)
        finally:
            self.task = None

    async def _run(self, batch: list[tuple[_Request, asyncio.Future[Any]]]) -> None:
        try:
            answers = await self._write([request for request, _ in batch])
        except Exception as exc:  # the batch rolled back; each command goes alone
            logger.warning(
                "command batch of %d rolled back (%s); each command goes alone",
                len(batch), type(exc).__name__,
            )
            await self._drop_connection_if_broken()
            answers = [_HANDED_BACK] * len(batch)
        by_session: dict[int, list[tuple[_Request, asyncio.Future[Any]]]] = {}
        for (request, future), answer in zip(batch, answers, strict=True):
            if answer is _HANDED_BACK:
                by_session.setdefault(request.session_id, []).append((request, future))
            else:
                _settle(future, answer)
        for handed in by_session.values():
            task = self.loop.create_task(_one_by_one(handed))
            self.handed_back.add(task)
            task.add_done_callback(self.handed_back.discard)

    async def close(self) -> None:
        """Close the connection (the next batch opens a new one)."""
        conn, self.conn = self.conn, None
        if conn is not None:
            await conn.close()

    async def _drop_connection_if_broken(self) -> None:
        conn = self.conn
        if conn is not None and (conn.closed or conn.broken):
            self.conn = None
            await conn.close()

    async def _connection(self) -> psycopg.AsyncConnection[Any]:
        if self.conn is None or self.conn.closed:
            self.conn = await psycopg.AsyncConnection.connect(**_connection_params())
        return self.conn

    async def _write(self, requests: list[_Request]) -> list[CommandOutcome | BaseException | None]:
        """One transaction for ``requests``: each one's outcome, refusal, or
        None (handed back). Raises on a database error (rolled back)."""
        conn = await self._connection()
        firsts: set[int] = set()
        first_of_session = []
        for request in requests:
            first_of_session.append(request.session_id not in firsts)
            firsts.add(request.session_id)
        now_db = timezone.now()
        # Pipeline mode: BEGIN goes with the locking statement (one round
        # trip, its rows are needed to decide), the writes with COMMIT (one
        # more); an error in any of them raises at the latest when the
        # pipeline ends, before anyone is answered.
        async with conn.pipeline(), conn.transaction():
            cursor = await conn.execute(
                _SQL_LOCK,
                (
                    list(range(len(requests))),
                    [r.session_id for r in requests],
                    [r.user_id for r in requests],
                    [r.client_id for r in requests],
                    [r.session_key for r in requests],
                    first_of_session,
                    now_db,
                ),
                prepare=True,
            )
            rows = await cursor.fetchall()
            batch = _Batch(requests, rows)
            answers = batch.decide()
            if batch.inserts:
                await conn.execute(_SQL_INSERT, (now_db, *_columns(batch.inserts)), prepare=True)
                changed = batch.changed_sessions()
                await conn.execute(_SQL_UPDATE, (now_db, *_columns(changed)), prepare=True)
        self.batches += 1
        return answers


async def _one_by_one(handed: list[tuple[_Request, asyncio.Future[Any]]]) -> None:
    """The handed-back commands of one session through the one-command path,
    one after the other in arrival order (other sessions' run meanwhile)."""
    for request, future in handed:
        try:
            outcome: CommandOutcome | BaseException = await request.go_direct()
        except Exception as exc:  # the command's refusal or failure is its sender's answer
            outcome = exc
        _settle(future, outcome)


def _settle(future: asyncio.Future[Any], answer: CommandOutcome | BaseException) -> None:
    if future.done():  # the socket went away meanwhile; committed all the same
        return
    if isinstance(answer, BaseException):
        future.set_exception(answer)
    else:
        future.set_result(answer)


class _Batch:
    """The decisions of one batch, in Python, under the locks: the rules of
    ``commands._command_apply_locked`` for each command in arrival order."""

    def __init__(self, requests: list[_Request], rows: list[tuple[Any, ...]]) -> None:
        self.requests = requests
        self.rows = {row[0]: row for row in rows}
        # Per session: couple_id, version, state (opened once), whether it
        # changed, whether its later commands are handed back.
        self.sessions: dict[int, dict[str, Any]] = {}
        self.applied: dict[tuple[int, UUID], int] = {}
        self.inserts: list[tuple[Any, ...]] = []

    def decide(self) -> list[CommandOutcome | BaseException | None]:
        answers: list[CommandOutcome | BaseException | None] = []
        for index, request in enumerate(self.requests):
            try:
                answers.append(self._decide(index, request))
            except (engine.RuleError, SignInEnded, NoLongerTakingPart, StaleVersion) as exc:
                answers.append(exc)
            except PracticeSession.DoesNotExist as exc:
                answers.append(exc)
        return answers

    def _decide(self, index: int, request: _Request) -> CommandOutcome | None:
        _, couple_id, version, state_text, member, applied_seq, data, password = self.rows[index]
        if couple_id is None:
            raise PracticeSession.DoesNotExist(f"no practice session {request.session_id}")
        session = self.sessions.get(request.session_id)
        if session is None:  # the first command of this session carries its state
            session = self.sessions[request.session_id] = {
                "couple_id": couple_id, "version": version,
                "state": state_open(orjson.loads(state_text)),
                "changed": False, "handed_back": False,
            }
        if session["handed_back"]:
            return _HANDED_BACK  # keeps its place after the one handed back before it
        if not signin_matches(data, password, request.user_id):
            raise SignInEnded()
        actor = str(request.user_id)
        state = session["state"]
        role = engine.role_of(state, actor)
        if role == engine.FACILITATOR:
            session["handed_back"] = True  # the therapist link is read by the ORM
            return _HANDED_BACK
        if not (role == engine.PARTNER and member):
            raise NoLongerTakingPart()
        seq = self.applied.get((request.session_id, request.client_id), applied_seq)
        if seq is not None:
            return CommandOutcome(version=seq, duplicate=True)
        if not engine.accepts_base_version(
            request.command, request.base_version, session["version"]
        ):
            raise StaleVersion(session["version"])
        new_state, events = engine.apply(
            state, engine.Command(request.command, actor, request.payload, request.now)
        )
        if any(event.type in PROJECTION_EVENTS for event in events):
            session["handed_back"] = True
            return _HANDED_BACK
        stored = [event.to_dict() for event in events]
        new_version = new_state["version"]
        self.inserts.append((
            request.session_id, new_version, request.user_id, actor, request.command,
            request.client_id,
            orjson.dumps(events_seal(stored), option=orjson.OPT_NON_STR_KEYS).decode(),
        ))
        self.applied[(request.session_id, request.client_id)] = new_version
        session.update(state=new_state, version=new_version, changed=True)
        return CommandOutcome(
            version=new_version, duplicate=False,
            deliveries=update_deliveries(
                session_id=request.session_id, couple_id=couple_id, state=new_state,
                events=stored, now=request.now, first=actor,
            ),
        )

    def changed_sessions(self) -> list[tuple[int, str, int, str]]:
        """``(id, sealed state as JSON text, version, status)`` of every
        session a command of the batch changed."""
        return [
            (
                session_id,
                orjson.dumps(state_seal(s["state"]), option=orjson.OPT_NON_STR_KEYS).decode(),
                s["version"], s["state"]["status"],
            )
            for session_id, s in self.sessions.items()
            if s["changed"]
        ]


_S = PracticeSession._meta.db_table
_E = SessionEvent._meta.db_table
_M = Membership._meta.db_table

_SQL_LOCK = (
    "WITH c AS (SELECT * FROM unnest(%s::int[], %s::bigint[], %s::bigint[], %s::uuid[], "
    "%s::text[], %s::bool[]) AS c(i, session_id, user_id, client_id, session_key, first)), "
    f"locked AS MATERIALIZED (SELECT s.id, s.couple_id, s.version, s.state FROM {_S} s "
    "WHERE s.id IN (SELECT session_id FROM c) ORDER BY s.id FOR UPDATE) "
    "SELECT c.i, l.couple_id, l.version, CASE WHEN c.first THEN l.state::text END, "
    f"EXISTS (SELECT 1 FROM {_M} m WHERE m.couple_id = l.couple_id AND m.user_id = c.user_id), "
    f"(SELECT e.seq FROM {_E} e WHERE e.session_id = c.session_id AND e.client_id = c.client_id "
    "LIMIT 1), "
    + signin_columns(session_key="c.session_key", user_id="c.user_id", now="%s")
    + " FROM c LEFT JOIN locked l ON l.id = c.session_id ORDER BY c.i"
)
"""Lock the batch's sessions in id order; per command (``c.i``, arrival
order): couple, version, the stored state on the first command of each
session, membership, the seq a repeated client_id produced, the sign-in's
session data and password hash. Note: the subqueries see the statement's
snapshot, taken before a lock wait; a client_id committed meanwhile by
another process is then caught by the unique constraint on insert, which
rolls the batch back to the one-command path."""

_SQL_INSERT = (
    f"INSERT INTO {_E} (session_id, seq, actor_id, actor_key, command, client_id, events, "
    "created_at) SELECT v.session_id, v.seq, v.actor_id, v.actor_key, v.command, v.client_id, "
    "v.events::jsonb, %s FROM unnest(%s::bigint[], %s::int[], %s::bigint[], %s::text[], "
    "%s::text[], %s::uuid[], %s::text[]) "
    "AS v(session_id, seq, actor_id, actor_key, command, client_id, events)"
)

_SQL_UPDATE = (
    f"UPDATE {_S} s SET state = v.state::jsonb, version = v.version, status = v.status, "
    "updated_at = %s FROM unnest(%s::bigint[], %s::text[], %s::int[], %s::text[]) "
    "AS v(id, state, version, status) WHERE s.id = v.id"
)


def _columns(rows: list[tuple[Any, ...]]) -> list[list[Any]]:
    """Rows as one list per column (arrays for ``unnest``)."""
    return [list(column) for column in zip(*rows, strict=True)]


def _connection_params() -> dict[str, Any]:
    """psycopg connection arguments from Django's ``default`` database
    settings (so the tests' runs use the test database)."""
    settings_dict = connection.settings_dict
    params = {
        "dbname": settings_dict["NAME"], "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"), "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
    }
    options = {
        key: value for key, value in settings_dict.get("OPTIONS", {}).items()
        if key not in {"isolation_level", "server_side_binding", "assume_role", "pool",
                       "cursor_factory", "context"}
    }
    return {**{k: v for k, v in params.items() if v}, **options, "autocommit": False}


_writers: dict[asyncio.AbstractEventLoop, CommandWriter] = {}
"""One writer per event loop: one in a server process; one per test."""


def _writer() -> CommandWriter:
    loop = asyncio.get_running_loop()
    writer = _writers.get(loop)
    if writer is None:
        writer = _writers[loop] = CommandWriter(loop)
    return writer


def writers_close_all() -> None:
    """Close every writer's connection now, from outside their loops (the
    tests' database teardown; a closed loop's writer cannot be awaited)."""
    for writer in list(_writers.values()):
        conn, writer.conn = writer.conn, None
        if conn is not None and not conn.closed:
            conn.pgconn.finish()
    _writers.clear()
