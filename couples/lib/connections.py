"""Database calls on the live command path: one thread hop, no per-use
health check, a dropped connection still recovered.

``channels.db.database_sync_to_async`` wraps every call in
``close_old_connections()``, which with ``CONN_HEALTH_CHECKS`` makes one
extra round trip (``SELECT 1``) before the connection's next use. On the
command path that check cost about a tenth of a worker's CPU per command
(docs/benchmarks.md). :func:`hot_sync_to_async` runs a sync function in a
worker thread without that check and recovers the way the check would have:
a connection past ``CONN_MAX_AGE`` is closed before use, and when the call
fails because the connection broke (the server restarted, a backend was
terminated, the network dropped) the connection is closed and the call is
run once more on a new one. That retry is safe only for calls that are
idempotent by themselves, as a command is through its ``client_id``
(``couples/services/commands.py`` answers a repeat with the version it
made).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.db import DatabaseError, connection

P = ParamSpec("P")
R = TypeVar("R")


def connection_broken() -> bool:
    """True when the current thread's database connection can no longer be
    used: psycopg says it is closed or broken, or Django already closed it
    (as ``transaction.atomic`` does when the rollback after a failure
    fails). Makes no round trip."""
    raw = connection.connection
    if raw is None:
        return True
    if connection.vendor == "postgresql":
        return bool(raw.closed or getattr(raw, "broken", False))
    return False


_CONNECTION_LOST_STATES = ("08", "57P01", "57P02", "57P03")
"""SQLSTATE classes and codes that say the server ended the connection:
connection exceptions, and the operator's shutdown, crash or restart."""


def _connection_lost(exc: DatabaseError) -> bool:
    """True when ``exc`` (Django's wrapper, the driver's error as its cause)
    says the server ended this connection, e.g. ``57P01 terminating
    connection due to administrator command``. psycopg can report such a
    connection as still open until its next use, so
    :func:`connection_broken` alone misses it when the failed statement
    ran inside a transaction."""
    state = getattr(exc.__cause__, "sqlstate", None) or ""
    return state.startswith(_CONNECTION_LOST_STATES)


def _close_if_obsolete() -> None:
    """Close the connection when it is past ``CONN_MAX_AGE`` (as
    ``close_old_connections`` would), without a health check."""
    close_at = connection.close_at
    if connection.connection is not None and close_at is not None and time.monotonic() >= close_at:
        connection.close()


def run_recovering(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Call ``func`` on this thread's connection, skipping Django's per-use
    health check; if it raises a DatabaseError and the connection is broken
    (:func:`connection_broken`, or the error says the server ended it),
    close it and call ``func`` once more on a fresh connection. Any other
    error (or a second failure) propagates. ``func`` must be safe to repeat
    (see the module docstring)."""
    _close_if_obsolete()
    # The check close_old_connections() would arm; this path checks after a
    # failure instead of before every use.
    connection.health_check_done = True  # type: ignore[attr-defined]  # Django's, unstubbed
    try:
        return func(*args, **kwargs)
    except DatabaseError as exc:
        if not (connection_broken() or _connection_lost(exc)):
            raise
        connection.close()
    connection.health_check_done = True  # type: ignore[attr-defined]  # Django's, unstubbed
    return func(*args, **kwargs)


def hot_sync_to_async(func: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """``func`` as a coroutine function run by :func:`run_recovering` in a
    worker thread (``thread_sensitive=False``: calls on different sessions
    run on several threads, each with its own connection)."""

    @functools.wraps(func)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        return run_recovering(func, *args, **kwargs)

    return sync_to_async(call, thread_sensitive=False)
