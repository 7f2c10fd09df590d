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
from django.utils.crypto import constant_time_compare

from couples.models import User


def signin_is_valid(*, session_key: str | None, user_id: int) -> bool:
    """True while the Django session ``session_key`` still signs in
    ``user_id``: it exists, has not expired, names that person, and carries
    the session hash of their current password (the check Django's own
    ``get_user`` makes on every request; a password change or "sign out
    everywhere" changes the hash).

    Cost: one read of the session store and one primary-key read of the
    user (two small queries with the default database sessions).
    """
    if not session_key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    data = store.load()  # {} when missing or expired
    if str(data.get(SESSION_KEY)) != str(user_id) or BACKEND_SESSION_KEY not in data:
        return False
    password = User.objects.filter(pk=user_id).values_list("password", flat=True).first()
    if password is None:
        return False
    user = User(pk=user_id, password=password)
    return constant_time_compare(data.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash())
