"""Sign-ins, read: is the sign-in a socket was opened with still valid?

A socket is authenticated once, on connect, with the session cookie. Signing
out, a password change and "sign out everywhere" end that authority
(docs/protocol.md, close code 4401): the sockets are told at once through
``couples.lib.relay.signin_group``, and, because the channel layer delivers
at most once, the consumer also asks :func:`signin_is_valid` before it acts
on a frame.
"""

from __future__ import annotations

import functools
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from couples.models import User


def signin_is_valid(*, session_key: str | None, user_id: int) -> bool:
    """True while the Django session ``session_key`` still signs in
    ``user_id``: it exists, has not expired, names that person, and carries
    the session hash of their current password (the check Django's own
    ``get_user`` makes on every request; a password change or "sign out
    everywhere" changes the hash).

    Cost: with the default database sessions, one SQL statement (written
    out, not built by the ORM: this runs before every heartbeat) that reads
    the unexpired session row and the user's password hash together; with
    another session engine, a read of its store and a primary-key read of
    the user. A command does not call this with database sessions: the same
    two reads are columns of its locking statement (:func:`signin_columns`,
    ``couples/services/commands.py``).
    """
    if not session_key:
        return False
    if signins_in_database():
        row = _session_and_password(session_key, user_id)
        if row is None:
            return False
        return signin_matches(row[0], row[1], user_id)
    engine = import_module(settings.SESSION_ENGINE)
    data = engine.SessionStore(session_key).load()  # {} when missing or expired
    found = User.objects.filter(pk=user_id).values_list("password", flat=True).first()
    if found is None:
        return False
    return _data_signs_in(data, found, user_id)


def signins_in_database() -> bool:
    """True when sign-ins are Django sessions stored in the database (the
    default ``SESSION_ENGINE``): then their validity can be read in SQL, as
    columns of another statement (:func:`signin_columns`)."""
    return settings.SESSION_ENGINE == _DB_SESSIONS


def signin_columns(*, session_key: str, user_id: str, now: str) -> str:
    """Two SQL select-list columns, ``session_data`` of the unexpired
    Django session and the ``password`` hash of the user (each NULL when
    there is none), for :func:`signin_matches`. The arguments are SQL
    expressions (a placeholder ``%s`` or a column) for the session key, the
    user id and the current time. Only with :func:`signins_in_database`."""
    from django.contrib.sessions.models import Session

    return (
        f"(SELECT ds.session_data FROM {Session._meta.db_table} ds "
        f"WHERE ds.session_key = {session_key} AND ds.expire_date > {now}), "
        f"(SELECT su.password FROM {User._meta.db_table} su WHERE su.id = {user_id})"
    )


def signin_matches(session_data: str | None, password: str | None, user_id: int) -> bool:
    """Whether an unexpired Django session's stored ``session_data`` (None:
    missing or expired) still signs in ``user_id`` whose ``password`` hash is
    given (None: no such user), by the rules of :func:`signin_is_valid`.
    Decoding and hashing are remembered per distinct input (they are pure
    functions of it and of ``SECRET_KEY``), so a command pays a dictionary
    look-up, not an HMAC."""
    if session_data is None or password is None:
        return False
    return _signin_matches(session_data, password, user_id, settings.SECRET_KEY)


@functools.lru_cache(maxsize=4096)
def _signin_matches(session_data: str, password: str, user_id: int, secret_key: str) -> bool:
    engine = import_module(_DB_SESSIONS)
    return _data_signs_in(engine.SessionStore().decode(session_data), password, user_id)


def _data_signs_in(data: dict, password: str, user_id: int) -> bool:
    if str(data.get(SESSION_KEY)) != str(user_id) or BACKEND_SESSION_KEY not in data:
        return False
    user = User(pk=user_id, password=password)
    return constant_time_compare(data.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash())


_DB_SESSIONS = "django.contrib.sessions.backends.db"


def _session_and_password(session_key: str, user_id: int) -> tuple[str, str] | None:
    """``(session_data, password hash)`` when the session ``session_key``
    exists and has not expired and the user ``user_id`` exists; else None.
    One statement on Django's own cursor."""
    from django.contrib.sessions.models import Session

    sql = (
        f"SELECT s.session_data, u.password FROM {Session._meta.db_table} s, "
        f"{User._meta.db_table} u WHERE s.session_key = %s AND s.expire_date > %s AND u.id = %s"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [session_key, now, user_id])
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None
