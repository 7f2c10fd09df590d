"""Faults, run for real (docs/operations.md): Redis down at start and lost
mid-session (our own redis-server on a spare loopback port, real server
processes), a worker killed mid-command, and database errors inside a
command's transaction. Every wait is bounded; all traffic is on loopback."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import pytest
import websockets
from channels.db import database_sync_to_async
from django.db import DatabaseError, OperationalError, connection
from redis.exceptions import ConnectionError as RedisConnectionError

import couples.asgi  # noqa: F401 - sets up logging (dictConfig) before caplog attaches
from couples.live import consumers, protocol
from couples.models import PracticeSession, Ritual, SessionEvent
from couples.services import command_writer, commands
from couples.services.commands import session_command_apply
from tests.servers import ROOT, Peer, Server, free_port, session_cookie

pytestmark = [pytest.mark.django_db(transaction=True)]

WAIT = 15.0
"""Seconds any fault test waits for something to happen (recovery included)."""


def cid() -> str:
    return str(uuid.uuid4())


# --- our own Redis and servers -------------------------------------------------------


class OwnRedis:
    """A redis-server of this test only, on a spare loopback port, nothing
    saved to disk. ``stop()`` kills it (as a crash would); ``start()`` brings
    it back on the same port, empty."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = ROOT / "test-output" / f"redis-{self.port}.log"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> OwnRedis:
        self.log.parent.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
        )
        import redis

        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping():
                    return self
            except redis.RedisError:
                time.sleep(0.05)  # readiness poll of a starting process, bounded
        raise RuntimeError(f"redis-server did not answer on {self.url}; see {self.log}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class UnhealthyServer(Server):
    """A server that may start while a dependency is down: ready as soon as
    /healthz answers at all (200 or 503)."""

    def start(self) -> UnhealthyServer:
        self.log.parent.mkdir(exist_ok=True)
        import sys

        self.process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
             "couples.asgi:application"],
            cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early; see {self.log}")
            if health(self)[0] is not None:
                return self
            time.sleep(0.1)  # readiness poll of a starting process, bounded by the deadline
        self.stop()
        raise RuntimeError(f"server did not answer in 20s; see {self.log}")


def health(server: Server) -> tuple[int | None, dict]:
    """``(status, body)`` of GET /healthz; ``(None, {})`` if nothing answers."""
    try:
        with urllib.request.urlopen(server.url + "/healthz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())
    except OSError:
        return None, {}


async def health_becomes(server: Server, status: int) -> dict:
    """Poll /healthz (bounded by WAIT) until it answers ``status``."""
    deadline = time.monotonic() + WAIT
    while True:
        code, body = await asyncio.to_thread(health, server)
        if code == status:
            return body
        assert time.monotonic() < deadline, f"/healthz still {code} {body}"
        await asyncio.sleep(0.2)  # polling a real process, bounded by the deadline


needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="needs redis-server (apt-get install redis-server)"
)


@pytest.fixture
def own_redis():
    redis_server = OwnRedis()
    yield redis_server
    redis_server.stop()


@pytest.fixture
def servers():
    started: list[Server] = []

    def start(redis_url: str, port: int | None = None, cls=Server) -> Server:
        server = cls(port=port, env={"REDIS_URL": redis_url}).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


async def peers(practice, partners, server_a, server_b) -> tuple[Peer, Peer]:
    path = f"/ws/sessions/{practice.public_id}/"
    cookies = [await database_sync_to_async(session_cookie)(p) for p in partners]
    alex, sam = Peer(server_a, cookies[0], path), Peer(server_b, cookies[1], path)
    alex.snapshot = await alex.connect()
    sam.snapshot = await sam.connect()
    return alex, sam


async def stored(practice) -> tuple[int, dict]:
    row = await database_sync_to_async(PracticeSession.objects.get)(pk=practice.pk)
    return row.version, row.state


async def event_count(practice, **filters) -> int:
    return await database_sync_to_async(
        SessionEvent.objects.filter(session=practice, **filters).count
    )()


async def start_listening(first, second, version: int) -> int:
    await first.command("exercise_start", version, cid(), exercise="active_listening",
                        topic="Evenings", mode="typed", first_speaker=first.snapshot["me"])
    ack = await first.next("ack")
    await second.at_version(ack["version"])
    return ack["version"]


# --- Redis ---------------------------------------------------------------------------------


@pytest.mark.multiprocess
@needs_redis_server
async def test_redis_down_at_start_is_named_by_healthz_and_sockets_wait_for_it(
    practice, partners, own_redis, servers
):
    server = servers(own_redis.url, cls=UnhealthyServer)  # nothing listens on the port yet
    body = await health_becomes(server, 503)
    assert body["database"] == "ok" and body["channel_layer"].startswith("error")
    path = f"/ws/sessions/{practice.public_id}/"
    alex = Peer(server, await database_sync_to_async(session_cookie)(partners[0]), path)
    with pytest.raises(websockets.ConnectionClosed) as refused:
        await alex.connect()
    assert refused.value.rcvd.code == protocol.CLOSE_RELAY_UNAVAILABLE  # the client retries
    # Redis comes: the same process recovers by itself, nothing restarted.
    own_redis.start()
    await health_becomes(server, 200)
    alex, sam = await peers(practice, partners, server, server)
    try:
        assert alex.snapshot["version"] == 0
        version = await start_listening(alex, sam, 0)
        assert version == 1
    finally:
        await alex.close()
        await sam.close()


@pytest.mark.multiprocess
@needs_redis_server
async def test_redis_lost_mid_session_commands_still_apply_and_everyone_catches_up(
    practice, partners, own_redis, servers
):
    own_redis.start()
    one, two = servers(own_redis.url), servers(own_redis.url)
    alex, sam = await peers(practice, partners, one, two)
    try:
        version = await start_listening(alex, sam, 0)
        own_redis.stop()
        for server in (one, two):
            assert (await health_becomes(server, 503))["channel_layer"].startswith("error")

        # A command during the outage is applied (the database is fine) and
        # reported as applied; the sender is told the relay is interrupted.
        client_id = cid()
        await alex.command("statement_make", version, client_id, text="Said while Redis was away")
        ack = await alex.next("ack", "error")
        assert (ack["type"], ack["client_id"], ack["duplicate"]) == ("ack", client_id, False)
        notice = await alex.next("error")
        assert notice["code"] == protocol.ERROR_RELAY_INTERRUPTED
        assert notice["details"]["version"] == version + 1
        assert (await stored(practice))[0] == version + 1
        # The partner's live update is lost; their next heartbeat catches up.
        await sam.ws.send(json.dumps({"type": "heartbeat"}))
        caught_up = await sam.next("snapshot")
        assert caught_up["version"] == version + 1
        assert caught_up["view"]["exercise"]["current"]["statement"] == "Said while Redis was away"

        # Redis returns: both processes recover by themselves, live updates flow again.
        own_redis.start()
        for server in (one, two):
            await health_becomes(server, 200)
        await relay_works_again(one, alex, sam)
        await sam.command("paraphrase_submit", version + 1, cid(), text="You said it while away")
        live = await alex.at_version(version + 2)  # an update through Redis, no heartbeat
        assert live["type"] == "update" and live["view"]["exercise"]["phase"] == "confirm"
        assert (await stored(practice))[0] == version + 2
    finally:
        await alex.close()
        await sam.close()


async def relay_works_again(server: Server, someone: Peer, receiver: Peer) -> None:
    """Wait (bounded by WAIT) until the channel layer relays again between
    the processes: a second device of ``someone`` connects to ``server``,
    which broadcasts presence through Redis, until ``receiver`` hears it.
    (After an outage channels_redis subscribes again within about a second;
    a message published before that is lost, as the layer allows.)"""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        probe = Peer(server, someone.cookie, someone.path)
        await probe.connect()
        await probe.close()
        try:
            await receiver.next("presence", timeout=1.0)
            return
        except TimeoutError:
            continue
    raise AssertionError("the channel layer did not relay again after Redis came back")


# --- a worker killed mid-session --------------------------------------------------------


@pytest.mark.multiprocess
async def test_a_command_sent_as_its_worker_dies_applies_at_most_once_after_reconnecting(
    practice, partners, servers
):
    """The sender's worker is killed right as a command leaves: the client
    has no ack, so it cannot know whether it was applied. It reconnects to
    another worker, gets a snapshot at the current version, and resends with
    the same client id: the command then stands exactly once."""
    from django.conf import settings

    one, two = servers(settings.REDIS_URL), servers(settings.REDIS_URL)
    alex, sam = await peers(practice, partners, one, two)
    try:
        version = await start_listening(alex, sam, 0)
        pending = cid()
        await alex.command("statement_make", version, pending, text="Sent as the worker died")
        one.kill()
        alex = Peer(two, alex.cookie, alex.path)
        snapshot = await alex.connect()
        assert snapshot["version"] == (await stored(practice))[0]  # resumes where it is
        await alex.command("statement_make", version, pending, text="Sent as the worker died")
        ack = await alex.next("ack")
        assert ack["version"] == version + 1
        assert await event_count(practice, client_id=pending) == 1
        assert (await stored(practice))[0] == version + 1
        update = await sam.at_version(version + 1)
        assert update["view"]["exercise"]["current"]["statement"] == "Sent as the worker died"
    finally:
        await alex.close()
        await sam.close()


@pytest.mark.multiprocess
async def test_a_command_sent_to_a_dead_worker_is_reported_not_sent_and_nothing_changes(
    practice, partners, servers
):
    from django.conf import settings

    one, two = servers(settings.REDIS_URL), servers(settings.REDIS_URL)
    alex, sam = await peers(practice, partners, one, two)
    try:
        version = await start_listening(alex, sam, 0)
        one.kill()
        # The client learns the socket is gone: no ack will ever come, the
        # command is still pending on its side (session.js resends it).
        # the send may still succeed; the ack never comes: both steps belong in the block
        with pytest.raises(websockets.ConnectionClosed):  # noqa: PT012
            await alex.command("statement_make", version, cid(), text="Into the void")
            await alex.next("ack", timeout=WAIT)
        assert (await stored(practice))[0] == version
        assert await event_count(practice, command="statement_make") == 0
    finally:
        await alex.close()
        await sam.close()


# --- database errors during a command (in-process, through the real ASGI app) ------------


@pytest.fixture(params=["direct", "batched"])
def command_path(request, settings, monkeypatch):
    """The faults below on both command paths: one transaction per command
    (``COMMAND_WRITER=direct``), and the batched writer
    (couples/services/command_writer.py) whose batch meets a database error
    too, so that each command goes alone through the one-command path, where
    the test's own fault waits."""
    settings.COMMAND_WRITER = request.param
    if request.param == "batched" and connection.vendor == "postgresql":
        monkeypatch.setattr(command_writer, "_SQL_UPDATE",
                            "UPDATE no_such_table SET a = %s, b = %s, c = %s, d = %s, e = %s")
    return request.param


async def listening(session_socket, practice, partners):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await start_listening(alex, sam, 0)
    await alex.at_version(version)
    return alex, sam, version


async def test_a_database_error_in_a_command_is_reported_not_applied_and_changes_nothing(
    practice, partners, session_socket, monkeypatch, command_path, caplog
):
    alex, sam, version = await listening(session_socket, practice, partners)
    before = await stored(practice)

    def database_fails(**fields):
        raise OperationalError("database is locked")

    # The insert of the event (plain SQL on the command path).
    monkeypatch.setattr(commands, "_event_insert", database_fails)
    client_id = cid()
    await alex.command("statement_make", version, client_id, text="PRIVATE-WORDS-3121")
    error = await alex.next("error", "ack")
    assert (error["type"], error["code"], error["client_id"]) == (
        "error", protocol.ERROR_NOT_APPLIED, client_id)
    assert await stored(practice) == before
    assert await event_count(practice) == version
    assert await sam.nothing_more()
    assert "not applied: OperationalError" in caplog.text
    assert "PRIVATE-WORDS-3121" not in caplog.text
    # The database is back: the same command, retried, applies once.
    monkeypatch.undo()
    await alex.command("statement_make", version, client_id, text="PRIVATE-WORDS-3121")
    ack = await alex.next("ack")
    assert (ack["version"], ack["duplicate"]) == (version + 1, False)
    assert (await sam.at_version(version + 1))["version"] == version + 1


async def test_a_failure_after_the_event_is_written_leaves_nothing_half_written(
    practice, partners, session_socket, monkeypatch, command_path
):
    """The event row and the agreed rituals are written before the homework
    check; a failure there rolls all of them back with the state."""
    alex, sam, version = await listening(session_socket, practice, partners)
    before = await stored(practice)
    rituals_before = await database_sync_to_async(Ritual.objects.count)()

    def fails_late(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(commands, "homework_mark_done", fails_late)
    await alex.command("statement_make", version, cid(), text="Half of this must not stay")
    assert (await alex.next("error"))["code"] == protocol.ERROR_NOT_APPLIED
    assert await stored(practice) == before
    assert await event_count(practice) == version
    assert await database_sync_to_async(Ritual.objects.count)() == rituals_before
    assert await sam.nothing_more()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs it)")
async def test_a_statement_timeout_in_a_command_is_reported_not_applied(
    practice, partners, session_socket, monkeypatch, command_path
):
    alex, sam, version = await listening(session_socket, practice, partners)
    before = await stored(practice)

    def slow_query(**kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(2)")  # cancelled by PostgreSQL after 50 ms

    monkeypatch.setattr(commands, "homework_mark_done", slow_query)
    await alex.command("statement_make", version, cid(), text="Too slow to keep")
    assert (await alex.next("error"))["code"] == protocol.ERROR_NOT_APPLIED
    assert await stored(practice) == before
    assert await sam.nothing_more()


async def test_a_failure_after_the_commit_is_never_reported_as_not_applied(
    practice, partners, session_socket, monkeypatch, command_path
):
    """The commit went through but its answer was lost (the connection
    dropped right after COMMIT): the command is reported applied."""
    alex, sam, version = await listening(session_socket, practice, partners)
    apply = session_command_apply

    def committed_then_lost(**kwargs):
        apply(**kwargs)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(consumers, "session_command_apply", committed_then_lost)
    client_id = cid()
    await alex.command("statement_make", version, client_id, text="Committed all the same")
    ack = await alex.next("ack", "error")
    assert (ack["type"], ack["client_id"], ack["version"]) == ("ack", client_id, version + 1)
    assert (await alex.next("snapshot"))["version"] == version + 1
    assert (await stored(practice))[0] == version + 1
    # The partner missed the update; the next heartbeat brings them up to date.
    await sam.send({"type": "heartbeat"})
    assert (await sam.next("snapshot"))["version"] == version + 1


async def test_a_relay_failure_after_the_commit_reports_the_command_applied(
    practice, partners, session_socket, monkeypatch
):
    alex, sam, version = await listening(session_socket, practice, partners)

    async def layer_down(deliveries):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(consumers, "deliver", layer_down)
    await alex.command("statement_make", version, cid(), text="Saved without a relay")
    assert (await alex.next("ack", "error"))["type"] == "ack"
    notice = await alex.next("error")
    assert (notice["code"], notice["client_id"]) == (protocol.ERROR_RELAY_INTERRUPTED, None)
    assert (await stored(practice))[0] == version + 1
    await sam.send({"type": "heartbeat"})
    assert (await sam.next("snapshot"))["version"] == version + 1
