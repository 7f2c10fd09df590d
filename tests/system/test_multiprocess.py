"""Across real server processes sharing Redis and the database: partners on
different workers, a server restart, a killed worker, a dropped database
connection."""

from __future__ import annotations

import uuid

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.db import connection

from tests.servers import SERVER_APPLICATION_NAME, Peer, Server, session_cookie

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.multiprocess]

if not settings.REDIS_URL:
    pytest.skip("needs REDIS_URL (make test sets it)", allow_module_level=True)


def cid() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def servers():
    started: list[Server] = []

    def start(port: int | None = None) -> Server:
        server = Server(port=port).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


async def peers_for(practice, partners, server_a, server_b):
    path = f"/ws/sessions/{practice.public_id}/"
    cookies = [await database_sync_to_async(session_cookie)(p) for p in partners]
    alex, sam = Peer(server_a, cookies[0], path), Peer(server_b, cookies[1], path)
    return alex, sam, await alex.connect(), await sam.connect()


async def exchange(alex, sam, a_id, start_version):
    v = start_version
    await alex.command("statement_make", v, cid(), text=f"piece at {v}")
    await sam.at_version(v + 1)
    await sam.command("paraphrase_submit", v + 1, cid(), text=f"you said piece at {v}")
    await alex.at_version(v + 2)
    await alex.command("paraphrase_confirm", v + 2, cid())
    return (await sam.at_version(v + 3))


async def test_partners_on_two_processes_complete_an_exchange(practice, partners, servers):
    one, two = servers(), servers()
    alex, sam, snap_a, _ = await peers_for(practice, partners, one, two)
    try:
        await alex.command("exercise_start", 0, cid(), exercise="active_listening", topic="Home",
                           mode="typed", first_speaker=snap_a["me"])
        await sam.at_version(1)
        done = await exchange(alex, sam, snap_a["me"], 1)
        assert done["view"]["exercise"]["exchange_count"] == 1
        assert done["view"]["exercise"]["recent"][0]["statement"] == "piece at 1"
    finally:
        await alex.close()
        await sam.close()


async def test_the_session_resumes_where_it_was_after_a_restart(practice, partners, servers):
    one = servers()
    alex, sam, snap_a, _ = await peers_for(practice, partners, one, one)
    await alex.command("exercise_start", 0, cid(), exercise="active_listening", topic="Home",
                       mode="typed", first_speaker=snap_a["me"])
    await alex.at_version(1)
    await alex.command("statement_make", 1, cid(), text="Before the restart")
    await sam.at_version(2)
    one.kill()
    again = servers(port=one.port)
    alex, sam, snap_a, snap_s = await peers_for(practice, partners, again, again)
    try:
        assert snap_s["version"] == 2
        assert snap_s["view"]["exercise"]["current"]["statement"] == "Before the restart"
        await sam.command("paraphrase_submit", 2, cid(), text="Said before the restart")
        assert (await alex.at_version(3))["view"]["exercise"]["phase"] == "confirm"
    finally:
        await alex.close()
        await sam.close()


async def test_a_command_retried_after_a_worker_dies_applies_once(practice, partners, servers):
    one, two = servers(), servers()
    alex, sam, snap_a, _ = await peers_for(practice, partners, one, two)
    await alex.command("exercise_start", 0, cid(), exercise="active_listening", topic="Home",
                       mode="typed", first_speaker=snap_a["me"])
    await alex.at_version(1)
    pending = cid()
    await alex.command("statement_make", 1, pending, text="Sent just before the crash")
    await sam.at_version(2)
    one.kill()  # alex's worker dies; alex never saw the ack
    path = f"/ws/sessions/{practice.public_id}/"
    alex = Peer(two, alex.cookie, path)
    snapshot = await alex.connect()
    await alex.command("statement_make", snapshot["version"] - 1, pending,
                       text="Sent just before the crash")
    ack = await alex.next("ack")
    try:
        assert ack["duplicate"] is True and ack["version"] == 2
    finally:
        await alex.close()
        await sam.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs it)")
async def test_a_database_connection_dropped_between_commands_does_not_break_the_next(
    practice, partners, servers
):
    one = servers()
    alex, sam, snap_a, _ = await peers_for(practice, partners, one, one)
    try:
        await alex.command("exercise_start", 0, cid(), exercise="active_listening", topic="Home",
                           mode="typed", first_speaker=snap_a["me"])
        await alex.at_version(1)
        killed = await database_sync_to_async(_terminate_other_connections)()
        assert killed >= 1  # the server's persistent connection was cut
        await alex.command("statement_make", 1, cid(), text="After the drop")
        assert (await alex.next("ack", "error"))["type"] == "ack"
        assert (await sam.at_version(2))["view"]["exercise"]["current"]["statement"] == "After the drop"
    finally:
        await alex.close()
        await sam.close()


def _terminate_other_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [SERVER_APPLICATION_NAME],
        )
        return cursor.fetchone()[0]
