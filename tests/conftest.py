"""Shared fixtures: people, couples, sessions, and WebSocket clients that
connect through the real ASGI application (Origin check, session cookie)."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from couples.services.sessions import practice_session_start
from tests.factories import CoupleFactory, UserFactory

TIMEOUT = 5  # seconds: the longest any test waits for a frame


KEPT_BY_FLUSH = ("django_content_type", "auth_permission")
"""Tables the flush between transactional tests leaves alone: rows that
``migrate`` derives from the models (Django's post_migrate signal, which runs
after every flush, would write the same rows again)."""


def pytest_configure(config) -> None:
    """The SQLite test database lives in test-output/ (see settings); on
    PostgreSQL, the flush between transactional tests deletes rows instead of
    truncating tables (see :func:`flush_by_delete`)."""
    (Path(__file__).resolve().parent.parent / "test-output").mkdir(exist_ok=True)
    channel_prefix_per_worker()
    flush_by_delete()


def channel_prefix_per_worker() -> None:
    """Under pytest-xdist (``make test`` runs two workers), give each worker a
    channel prefix of its own: ``CHANNEL_PREFIX`` plus ``-gw0``, ``-gw1``...

    Each worker has its own test database (pytest-django adds the same
    suffix), so two workers hold users, couples and sessions with the same
    ids; with one prefix they would hear each other's groups and share the
    rate-limit counters that live in Redis under that prefix
    (couples/lib/ratelimits.py). The settings were loaded before this hook
    runs, so they are changed here, before any channel layer or limiter is
    built, and in ``os.environ`` for the server processes that tests start
    (tests/servers.py copies it). Without xdist nothing changes.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    from django.conf import settings

    prefix = f"{settings.CHANNEL_PREFIX}-{worker}"
    os.environ["CHANNEL_PREFIX"] = prefix
    settings.CHANNEL_PREFIX = prefix
    for layer in settings.CHANNEL_LAYERS.values():
        if "prefix" in layer.get("CONFIG", {}):
            layer["CONFIG"]["prefix"] = prefix


def flush_by_delete() -> None:
    """Make Django's flush (what empties the test database after each
    ``django_db(transaction=True)`` test) use ``DELETE FROM`` on PostgreSQL.

    ``TRUNCATE`` of the project's 40 tables creates new files for every table
    and index and waits for them to reach the disk: 1.3–1.9 s per test on the
    shared CI machine, against 20–45 ms for ``DELETE`` of the few rows a test
    writes (measured with ``manage.py flush`` on a migrated database). Every
    foreign key Django creates is deferred, and the flush runs in one
    transaction, so the order of the deletes does not matter. Django's own
    rows for content types and permissions stay (:data:`KEPT_BY_FLUSH`), so
    the post_migrate signal that follows finds them and writes nothing. A
    flush that resets sequences or cascades keeps Django's ``TRUNCATE``.
    SQLite's flush already deletes. Only this test process is changed.
    """
    from django.db import connections

    ops_class = type(connections["default"].ops)
    if connections["default"].vendor != "postgresql" or getattr(ops_class, "flush_by_delete", False):
        return
    truncate = ops_class.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
            if table not in KEPT_BY_FLUSH
        ]

    ops_class.sql_flush = sql_flush
    ops_class.flush_by_delete = True


def pytest_sessionfinish(session) -> None:
    """Remove this run's SQLite test database and the WAL files that killed
    server processes leave behind."""
    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        for suffix in ("-wal", "-shm", "-journal"):  # pytest-django removes the file itself
            Path(f"{name}{suffix}").unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests hash passwords with a fast hasher; what is tested is the flow,
    not the strength of PBKDF2 (production keeps Django's default)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def command_writers_closed():
    """Each test's event loop gets its own batched command writer
    (couples/services/command_writer.py); its database connection is
    closed when the test ends, so none outlives the test database."""
    yield
    from couples.services.command_writer import writers_close_all

    writers_close_all()


@pytest.fixture
def couple(db):
    return CoupleFactory()


@pytest.fixture
def partners(couple):
    return [m.user for m in couple.memberships.select_related("user")]


@pytest.fixture
def practice(couple, partners):
    return practice_session_start(couple=couple, started_by=partners[0])


@pytest.fixture
def outsider(db):
    return UserFactory()


def cookie_headers(user, origin: str = "http://127.0.0.1") -> list[tuple[bytes, bytes]]:
    """Headers of a browser signed in as ``user`` (None: signed out)."""
    headers = [(b"origin", origin.encode()), (b"host", b"127.0.0.1")]
    if user is not None:
        client = Client()
        client.force_login(user)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return headers


class Socket:
    """A WebSocket client of the real ASGI app, with helpers that wait with a
    time-out (never a sleep) for the next frame of a given type."""

    def __init__(self, path: str, headers: list[tuple[bytes, bytes]]) -> None:
        from couples.asgi import application

        self.communicator = WebsocketCommunicator(application, path, headers=headers)
        self.seen: list[dict[str, Any]] = []

    async def connect(self) -> tuple[bool, int | None]:
        return await self.communicator.connect(timeout=TIMEOUT)

    async def next(self, *types: str) -> dict[str, Any]:
        """The next frame of one of ``types`` (all types when empty)."""
        while True:
            frame = await self.communicator.receive_from(timeout=TIMEOUT)
            message = json.loads(frame)
            self.seen.append(message)
            if not types or message["type"] in types:
                return message

    async def at_version(self, version: int) -> dict[str, Any]:
        """The update (or snapshot) that brings this client to ``version``."""
        while True:
            message = await self.next("update", "snapshot")
            if message["version"] >= version:
                return message

    async def closed_with(self) -> int:
        """Wait for the server to close the socket; return the close code."""
        while True:
            output = await self.communicator.receive_output(timeout=TIMEOUT)
            if output["type"] == "websocket.close":
                return output.get("code")

    async def send(self, frame: dict[str, Any] | str) -> None:
        await self.communicator.send_to(text_data=frame if isinstance(frame, str) else json.dumps(frame))

    async def command(self, name: str, version: int, client_id: str, **payload) -> None:
        await self.send({"type": "command", "command": name, "client_id": client_id,
                         "version": version, "payload": payload})

    async def nothing_more(self) -> bool:
        """True if no frame other than presence arrives within 0.3 s."""
        while not await self.communicator.receive_nothing(timeout=0.3):
            message = json.loads(await self.communicator.receive_from(timeout=TIMEOUT))
            self.seen.append(message)
            if message["type"] != "presence":
                return False
        return True

    async def close(self) -> None:
        await self.communicator.disconnect()


@pytest.fixture
async def session_socket():
    """``await session_socket(user, practice)`` → a connected Socket that has
    received its snapshot (``socket.snapshot``)."""
    opened: list[Socket] = []

    async def open_socket(user, practice, *, origin: str = "http://127.0.0.1", expect_snapshot=True):
        headers = await database_sync_to_async(cookie_headers)(user, origin)
        socket = Socket(f"/ws/sessions/{practice.public_id}/", headers)
        opened.append(socket)
        socket.accepted, socket.refusal_code = await socket.connect()
        if expect_snapshot:
            socket.snapshot = await socket.next("snapshot")
        return socket

    yield open_socket
    for socket in opened:
        with contextlib.suppress(Exception):
            await socket.close()
