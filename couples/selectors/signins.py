"""Sign-ins, read: is the sign-in a socket was opened with still valid?

A socket is authenticated once, on connect, with the session cookie. Signing
out, a password change and "sign out everywhere" end that authority
(docs/protocol.md, close code 4401): the sockets are told at once through
``couples.lib.relay.signin_group``, and, because the channel layer delivers
at most once, the consumer also asks :func:`signin_is_valid` before it acts
on a frame.
"""

from __future__ import annotations

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
    out, not built by the ORM: this runs before every command and heartbeat)
    that reads the unexpired session row and the user's password hash
    together; with another session engine, a read of its store and a
    primary-key read of the user.
    """
    if not session_key:
        return False
    engine = import_module(settings.SESSION_ENGINE)
    if settings.SESSION_ENGINE == _DB_SESSIONS:
        row = _session_and_password(session_key, user_id)
        if row is None:
            return False
        data, password = engine.SessionStore().decode(row[0]), row[1]
    else:
        data = engine.SessionStore(session_key).load()  # {} when missing or expired
        found = User.objects.filter(pk=user_id).values_list("password", flat=True).first()
        if found is None:
            return False
        password = found
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
