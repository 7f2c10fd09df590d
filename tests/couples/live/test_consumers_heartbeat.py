"""Heartbeats without the database (couples/live/consumers.py,
``PracticeSessionConsumer._heartbeat``; docs/protocol.md §10): a heartbeat is
answered from Redis alone; the sign-in and membership are read again only
when the socket's re-check is due or Redis does not answer, and a socket
behind the session still gets a snapshot."""

from __future__ import annotations

import time
import uuid

import pytest
from asgiref.sync import SyncToAsync
from channels.db import database_sync_to_async
from django.contrib.sessions.models import Session
from django.db import close_old_connections
from django.db.backends.utils import CursorWrapper
from redis.exceptions import ConnectionError as RedisConnectionError

from couples.live import consumers, protocol
from couples.models import Membership
from couples.services.commands import session_command_apply

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def statements(monkeypatch):
    """The SQL statements run on any thread from here on (a list that grows)."""
    seen: list[str] = []
    execute = CursorWrapper.execute

    def counted(self, sql, params=None):
        seen.append(sql)
        return execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", counted)
    return seen


@pytest.fixture
def later(monkeypatch, settings):
    """``later()`` moves the consumer's clock past the re-check interval."""

    def move() -> None:
        at = time.monotonic() + settings.LIVE_RECHECK_SECONDS
        monkeypatch.setattr(consumers, "_clock", lambda: at)

    return move


def applied_elsewhere(practice, user) -> int:
    """A command applied by another worker: this process does not hear of it
    (its update is not relayed here). Returns the new version."""
    outcome = session_command_apply(
        session_id=practice.pk, user_id=user.pk, command="repair_send",
        payload={"text": "Can we start over?"}, client_id=uuid.uuid4(),
        base_version=practice.version, now=time.time(),
    )
    return outcome.version


async def test_a_heartbeat_reads_nothing_from_the_database(
    practice, partners, session_socket, statements, later
):
    alex = await session_socket(partners[0], practice)
    statements.clear()
    await alex.send({"type": "heartbeat"})
    assert (await alex.next("presence"))["presence"][alex.snapshot["me"]]["status"] == "connected"
    assert statements == []
    # Once the re-check is due, the same heartbeat reads the sign-in and membership.
    later()
    await alex.send({"type": "heartbeat"})
    await alex.next("presence")
    assert statements


async def test_a_heartbeat_and_an_update_make_no_thread_hop(
    practice, partners, session_socket, monkeypatch
):
    """Neither a heartbeat nor a relayed update waits for a worker thread (no
    database call, and not Channels' per-message ``close_old_connections``),
    so neither queues behind a command's database call."""
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    hops: list[object] = []
    call = SyncToAsync.__call__

    async def counted(self, *args, **kwargs):
        hops.append(self.func)
        return await call(self, *args, **kwargs)

    monkeypatch.setattr(SyncToAsync, "__call__", counted)
    await alex.send({"type": "heartbeat"})
    await alex.next("presence")
    assert hops == []
    await alex.command("repair_send", 0, str(uuid.uuid4()), text="Can we start over?")
    await alex.next("ack")
    assert (await sam.at_version(1))["version"] == 1
    # Only the command's own database call went to a thread.
    assert close_old_connections not in hops
    assert len(hops) <= 1


async def test_a_missed_sign_out_closes_the_socket_on_the_first_heartbeat_after_the_recheck(
    practice, partners, session_socket, later
):
    """The ``signin.ended`` message was lost: the heartbeat answers from what
    the socket knew until the re-check is due, then closes with 4401."""
    alex = await session_socket(partners[0], practice)
    await database_sync_to_async(Session.objects.all().delete)()
    await alex.send({"type": "heartbeat"})
    await alex.next("presence")
    later()
    await alex.send({"type": "heartbeat"})
    assert await alex.closed_with() == protocol.CLOSE_SIGNED_OUT


async def test_a_removed_partner_is_closed_at_once_when_the_message_arrives(
    practice, partners, session_socket
):
    """The common case: the ``session.revoked`` message (sent by the
    services that end a membership or link) closes the socket, heartbeat or not."""
    from couples.lib.relay import deliver, revoke_deliveries

    alex = await session_socket(partners[0], practice)

    def leave():
        Membership.objects.filter(user=partners[0]).delete()
        return revoke_deliveries(couple_id=practice.couple_id, user_id=partners[0].pk)

    await deliver(await database_sync_to_async(leave)())
    assert await alex.closed_with() == protocol.CLOSE_MEMBERSHIP_ENDED


async def test_a_socket_behind_this_workers_version_gets_a_snapshot(
    practice, partners, session_socket, monkeypatch, statements
):
    """The update of a command applied through this worker was not relayed
    (the layer failed after the commit): the partner's next heartbeat brings
    a snapshot, without a database read before it."""
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)

    async def layer_down(deliveries):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(consumers, "deliver", layer_down)
    await alex.command("repair_send", 0, str(uuid.uuid4()), text="Can we start over?")
    assert (await alex.next("ack"))["version"] == 1
    statements.clear()
    await sam.send({"type": "heartbeat"})
    caught_up = await sam.next("snapshot")
    assert caught_up["version"] == 1
    reads_before_snapshot = [s for s in statements if "couples_membership" in s]
    assert reads_before_snapshot == []


async def test_when_redis_does_not_answer_a_heartbeat_reads_the_stored_version(
    practice, partners, session_socket, monkeypatch
):
    """Redis is away (messages and updates may be lost with it): the
    heartbeat falls back to the database and a socket behind gets a snapshot."""
    sam = await session_socket(partners[1], practice)
    version = await database_sync_to_async(applied_elsewhere)(practice, partners[0])

    async def redis_down(**kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(consumers, "presence_heartbeat", redis_down)
    await sam.send({"type": "heartbeat"})
    assert (await sam.next("snapshot"))["version"] == version


async def test_a_due_recheck_finds_a_version_made_on_another_worker(
    practice, partners, session_socket, later
):
    """A command applied on another worker whose update never reached this
    one is caught by the re-check (at most LIVE_RECHECK_SECONDS late)."""
    sam = await session_socket(partners[1], practice)
    version = await database_sync_to_async(applied_elsewhere)(practice, partners[0])
    later()
    await sam.send({"type": "heartbeat"})
    assert (await sam.next("snapshot"))["version"] == version
