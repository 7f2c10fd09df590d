"""Field encryption for what only its author may read: reflections and safety
check-ins (docs/architecture.md, "Privacy and safety": encrypted at rest).

Values are sealed with Fernet (AES-128-CBC with HMAC-SHA256, from the
``cryptography`` package) through a ``MultiFernet`` built from the
``REFLECTION_KEYS`` setting: the first key seals, every key opens, so keys can
be rotated without downtime (add the new key first, run
``manage.py rotate_reflection_keys``, then drop the old key). A database dump
therefore holds only tokens; without a key nothing in it can be read.

Nothing here logs: a plaintext value must never reach a log line. Every
function that holds plaintext is marked ``sensitive_variables()``, so an
error report (``DEBUG`` off) shows none of its local variables, nor those of
anything it calls.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables


class Unreadable(Exception):
    """A sealed value that none of the configured keys can open (a key was
    dropped before ``rotate_reflection_keys`` ran, or the value is damaged)."""


def keys_check(keys: list[str] | tuple[str, ...]) -> None:
    """Raise ImproperlyConfigured unless ``keys`` is a non-empty list of
    valid Fernet keys (32 url-safe base64-encoded bytes each)."""
    if not keys:
        raise ImproperlyConfigured(
            "REFLECTION_KEYS is empty: set it to one or more Fernet keys, comma-separated."
        )
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(
                f"REFLECTION_KEYS: key number {position} is not a valid Fernet key."
            ) from exc


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    keys_check(keys)
    return MultiFernet([Fernet(key) for key in keys])


def _fernet() -> MultiFernet:
    # Keyed on the current setting, so a changed setting (tests, rotation)
    # takes effect at once.
    return _fernet_for(tuple(settings.REFLECTION_KEYS))


@sensitive_variables()
def seal(value: Any) -> str:
    """Return ``value`` (anything JSON-serialisable) encrypted with the first
    key, as an ASCII Fernet token. Raises ImproperlyConfigured without keys."""
    plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return _fernet().encrypt(plain).decode("ascii")


@sensitive_variables()
def unseal(token: str) -> Any:
    """Return the value that :func:`seal` encrypted into ``token``.

    Raises Unreadable when no configured key opens it.
    """
    try:
        return json.loads(_fernet().decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError, UnicodeError):
        raise Unreadable("this value cannot be opened with the configured keys") from None


@sensitive_variables()
def reseal(token: str) -> str:
    """Return ``token`` re-encrypted with the first key (same value, new
    token). Raises Unreadable when no configured key opens it."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, ValueError, UnicodeError):
        raise Unreadable("this value cannot be opened with the configured keys") from None
