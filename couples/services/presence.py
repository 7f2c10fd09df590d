"""Presence writes: a socket connects, beats, closes. Off the database.

Presence is read from heartbeats with a time-out (docs/architecture.md,
real-time rule 6), not from ``disconnect()`` alone, which can run late or not
at all. Each socket's record ``(user_id, last_seen, closed_at)`` is kept in
Redis when ``REDIS_URL`` is set (one hash per session, field = the socket's
channel name, the whole key expiring PRESENCE_RECONNECT_GRACE_SECONDS after
its last write: by then everyone in it is away), else in this process's
memory (``make run``: one process, the in-memory channel layer). A
heartbeat is one Redis round trip on the event loop, no thread and no
PostgreSQL. Each call returns the session's presence as
:func:`couples.selectors.presence.presence_of` computes it.
"""

from __future__ import annotations

import asyncio
import json
import time
import weakref
from typing import Any

from django.conf import settings

from couples.selectors.presence import SocketRecord, presence_of

_memory: dict[int, dict[str, SocketRecord]] = {}
"""Without Redis: session id -> {channel name: record}."""

_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()


def _client() -> Any:
    """The asyncio Redis client of the running event loop (a client is bound
    to the loop it was made on)."""
    import redis.asyncio

    loop = asyncio.get_running_loop()
    client = _clients.get(loop)
    if client is None:
        client = redis.asyncio.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        _clients[loop] = client
    return client


def _key(session_id: int) -> str:
    return f"{settings.CHANNEL_PREFIX}:presence:{session_id}"


async def _write(
    session_id: int, channel_name: str, change: Any, now: float
) -> dict[str, dict[str, Any]]:
    """Apply ``change(old record or None) -> new record or None`` to one
    socket's record and return the session's presence at ``now``."""
    if not settings.REDIS_URL:
        sockets = _memory.setdefault(session_id, {})
        record = change(sockets.get(channel_name))
        if record is not None:
            sockets[channel_name] = record
        grace_after = now - settings.PRESENCE_RECONNECT_GRACE_SECONDS
        for name in [n for n, r in sockets.items() if r[1] < grace_after]:
            del sockets[name]  # long gone: only slows the count
        return presence_of(sockets.values(), now)
    client, key = _client(), _key(session_id)
    record = change(None) if change.needs_old is False else None
    if record is None:
        old = await client.hget(key, channel_name)
        record = change(_decode(old) if old is not None else None)
        if record is None:
            return await presence_read(session_id=session_id, now=now)
    async with client.pipeline(transaction=False) as pipe:
        pipe.hset(key, channel_name, json.dumps(record))
        pipe.expire(key, settings.PRESENCE_RECONNECT_GRACE_SECONDS + 1)
        pipe.hgetall(key)
        *_, fields = await pipe.execute()
    return await _presence_from_fields(client, key, fields, now)


async def _presence_from_fields(
    client: Any, key: str, fields: dict[bytes, bytes], now: float
) -> dict[str, dict[str, Any]]:
    records = {name: _decode(value) for name, value in fields.items()}
    grace_after = now - settings.PRESENCE_RECONNECT_GRACE_SECONDS
    stale = [name for name, r in records.items() if r[1] < grace_after]
    if stale:
        await client.hdel(key, *stale)  # long gone: only slows the count
    return presence_of(records.values(), now)


def _decode(value: bytes) -> SocketRecord:
    user_id, last_seen, closed_at = json.loads(value)
    return int(user_id), float(last_seen), closed_at


class _Set:
    """A change that writes a whole record (no need to read the old one)."""

    needs_old = False

    def __init__(self, record: SocketRecord) -> None:
        self.record = record

    def __call__(self, old: SocketRecord | None) -> SocketRecord:
        return self.record


class _Close:
    """Mark an existing record closed at ``now`` (none: nothing is written)."""

    needs_old = True

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self, old: SocketRecord | None) -> SocketRecord | None:
        if old is None:
            return None
        user_id, last_seen, _closed_at = old
        return (user_id, last_seen, self.now)


async def presence_connect(
    *, session_id: int, user_id: int, channel_name: str, now: float | None = None
) -> dict[str, dict[str, Any]]:
    """Record a new socket of ``user_id``, heard from at ``now`` (seconds
    since the epoch; default the clock); return the session's presence.
    Raises redis-py's errors when Redis is set but does not answer."""
    now = time.time() if now is None else now
    return await _write(session_id, channel_name, _Set((user_id, now, None)), now)


async def presence_heartbeat(
    *, session_id: int, user_id: int, channel_name: str, now: float | None = None
) -> dict[str, dict[str, Any]]:
    """Mark the socket of ``user_id`` as heard from at ``now`` (one Redis
    round trip); return the session's presence. A socket whose record
    expired (a long pause, Redis restarted) is recorded again."""
    now = time.time() if now is None else now
    return await _write(session_id, channel_name, _Set((user_id, now, None)), now)


async def presence_disconnect(
    *, session_id: int, channel_name: str, left: bool = False, now: float | None = None
) -> dict[str, dict[str, Any]]:
    """Mark the socket closed at ``now``; return the session's presence.

    ``left``: the person left on purpose (the client closed with
    ``CLOSE_CLIENT_LEFT``, or their sign-in ended): the socket's record is
    deleted, so it gives no "reconnecting" grace; with no other socket of
    theirs the person shows as away at once.

    ``last_seen`` is left as it was (the last connect or heartbeat): a
    client that vanished without a close frame is only noticed by the
    server's keep-alive (Daphne: ping every 20 s, 30 s to answer), up to
    50 s late, and counting the grace period from that late close showed
    the person as reconnecting for about 170 s instead of 120 s."""
    now = time.time() if now is None else now
    if left:
        return await _forget(session_id, channel_name, now)
    return await _write(session_id, channel_name, _Close(now), now)


async def _forget(session_id: int, channel_name: str, now: float) -> dict[str, dict[str, Any]]:
    """The person left on purpose: delete this socket's record and the
    records of their sockets that had already closed (a reload a minute ago
    must not keep them "reconnecting"); their sockets still open stay.
    Returns the session's presence at ``now``."""
    if not settings.REDIS_URL:
        sockets = _memory.get(session_id, {})
        record = sockets.get(channel_name)
        if record is not None:
            gone = [n for n, r in sockets.items()
                    if n == channel_name or (r[0] == record[0] and r[2] is not None)]
            for name in gone:
                del sockets[name]
        return await presence_read(session_id=session_id, now=now)
    client, key = _client(), _key(session_id)
    fields = {name: _decode(value) for name, value in (await client.hgetall(key)).items()}
    mine = fields.get(channel_name.encode())
    if mine is not None:
        gone = [n for n, r in fields.items()
                if n == channel_name.encode() or (r[0] == mine[0] and r[2] is not None)]
        await client.hdel(key, *gone)
    return await presence_read(session_id=session_id, now=now)


async def presence_read(*, session_id: int, now: float | None = None) -> dict[str, dict[str, Any]]:
    """The session's presence at ``now`` (seconds since the epoch)."""
    now = time.time() if now is None else now
    if not settings.REDIS_URL:
        return presence_of(_memory.get(session_id, {}).values(), now)
    client, key = _client(), _key(session_id)
    return await _presence_from_fields(client, key, await client.hgetall(key), now)
