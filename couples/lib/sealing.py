"""Private session text sealed at rest: the storage boundary of the engine.

The engine decides on plaintext (``exercises/engine.py``). Before a session
state or its events reach the database, every value the engine marks private
is replaced by ``{"$sealed": <Fernet token>}`` (``couples/lib/crypto.py``,
the rotating ``REFLECTION_KEYS``): the per-author values listed in
``exercises/private_text.py`` and the ``data`` of every event with
``private_to`` set. After loading, the same values are opened again. Shared
text stays plain (both partners and a linked therapist read it in the
transcript); a database dump or a backup shows no private text.

Only the private parts are touched, so the cost on the hot path of every
command is a few Fernet operations on short strings (tens of µs each). A
value already sealed is left as it is; a plain value (written before
migration 0005) is opened as it is, so the code reads old rows too.

The rule and the reasons are in docs/architecture.md ("Private session text
at rest").
"""

from __future__ import annotations

from typing import Any

from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from exercises.engine import State
from exercises.private_text import private_map

SEALED = "$sealed"
"""The key of a sealed value: ``{"$sealed": token}``."""

SCRUBBED = "scrubbed"
"""Set to True on a stored private event whose data was deleted (its
exercise ended; docs/protocol.md §11)."""


def is_sealed(value: Any) -> bool:
    """True for ``{"$sealed": token}``."""
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get(SEALED), str)


@sensitive_variables()
def value_seal(value: Any) -> Any:
    """``value`` sealed (an already sealed value is returned unchanged)."""
    return value if is_sealed(value) else {SEALED: crypto.seal(value)}


@sensitive_variables()
def value_open(value: Any) -> Any:
    """The plaintext of a sealed value; a plain value as it is. Raises
    ``crypto.Unreadable`` when no configured key opens it."""
    return crypto.unseal(value[SEALED]) if is_sealed(value) else value


def value_reseal(value: Any) -> Any:
    """A sealed value re-encrypted with the first key; a plain one sealed.
    Raises ``crypto.Unreadable``."""
    return {SEALED: crypto.reseal(value[SEALED])} if is_sealed(value) else value_seal(value)


def state_seal(state: State) -> State:
    """A copy of ``state`` with every private value sealed (for saving)."""
    return private_map(state, value_seal)


def state_open(state: State) -> State:
    """A copy of ``state`` with every private value opened (after loading).
    Raises ``crypto.Unreadable``."""
    return private_map(state, value_open)


def events_seal(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored events (``Event.to_dict`` shapes) with the ``data`` of every
    private event sealed; shared events unchanged."""
    return [
        {**event, "data": value_seal(event["data"])} if event.get("private_to") is not None
        else event
        for event in events
    ]


def events_open(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The inverse of :func:`events_seal`. Raises ``crypto.Unreadable``."""
    return [
        {**event, "data": value_open(event["data"])} if event.get("private_to") is not None
        else event
        for event in events
    ]


def events_scrub(
    events: list[dict[str, Any]], *, author: str | None = None
) -> tuple[list[dict[str, Any]], bool]:
    """Delete the data of private events (of ``author`` only, when given):
    ``{"type", "data": {}, "private_to", "scrubbed": True}``; type and
    recipient stay so counts still add up. Returns ``(events, changed)``."""
    changed = False
    kept = []
    for event in events:
        owner = event.get("private_to")
        if owner is not None and not event.get(SCRUBBED) and author in (None, owner):
            event = {"type": event["type"], "data": {}, "private_to": owner, SCRUBBED: True}
            changed = True
        kept.append(event)
    return kept, changed
