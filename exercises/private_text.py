"""Where a session state holds private text: the engine's own list.

What one partner writes for themselves — an I-statement draft, a closing
choice or a closing line not yet revealed — lives in the running exercise's
state under a key that maps each author's participant id to their value
(docs/protocol.md §11, "Per-recipient views: what is private"). The engine
sees and decides on plaintext; this module names those places so that the
storage side (``couples/lib/sealing.py``) can encrypt exactly them, and so
that an author's private text can be dropped when their account goes.

Every registered exercise kind must appear in :data:`PRIVATE_PER_AUTHOR`,
even with no private key (``()``): ``tests/exercises/test_private_text.py``
fails for a kind that is missing, so a new exercise cannot store private
text unnoticed. Events with ``private_to`` set are private as a whole.

The rule for an exercise that ends (finished, ``exercise_stop`` or
``session_end``): its private text goes with it. The engine keeps nothing of
the running exercise but its summary (``session_flow.exercise_complete``
sets ``state["exercise"]`` to None), and the storage side deletes the data
of its private events in the same transaction (``couples/services/commands.py``).

Pure Python: no Django, no cryptography (the caller passes the function).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from exercises.engine import PartnerId, State

PRIVATE_PER_AUTHOR: Mapping[str, tuple[str, ...]] = {
    # exercises/active_listening.py: the closing lines, until both are written.
    "active_listening": ("understandings",),
    # exercises/i_statements/exercise.py: the writer's draft (every builder
    # field) and each partner's closing choice until both have chosen.
    "i_statements": ("drafts", "closing"),
    # exercises/state_of_union.py: each partner's appreciations and "feel
    # loved" answer, until both have written (then revealed together).
    "state_of_union": ("appreciations", "loved"),
    # exercises/boundary_conversation.py: the stating partner's draft, until
    # they share it.
    "boundary_conversation": ("drafts",),
    # exercises/aftermath/, exercises/rituals.py and
    # exercises/stress_conversation.py: everything is shared.
    "aftermath": (),
    "ritual_planning": (),
    "stress_reducing": (),
}
"""Exercise kind → keys of its running state of the shape
``{author participant id: private value}``."""


def private_keys(state: State) -> tuple[str, ...]:
    """The keys of the running exercise (``state["exercise"]``) that hold
    private text per author; ``()`` when no exercise runs. Raises KeyError
    for an exercise kind missing from :data:`PRIVATE_PER_AUTHOR`."""
    running = state.get("exercise")
    if not running:
        return ()
    return PRIVATE_PER_AUTHOR[running["kind"]]


def private_values(state: State) -> Iterator[tuple[str, PartnerId, Any]]:
    """Yield ``(key, author, value)`` for every private value in ``state``."""
    running = state.get("exercise") or {}
    for key in private_keys(state):
        for author, value in (running.get(key) or {}).items():
            yield key, author, value


def private_map(state: State, change: Callable[[Any], Any]) -> State:
    """Return a copy of ``state`` with every private value replaced by
    ``change(value)``. Only the dicts on the way are copied (cheap on the hot
    path); ``state`` itself is not changed."""
    keys = private_keys(state)
    if not keys:
        return state
    running = dict(state["exercise"])
    for key in keys:
        running[key] = {author: change(value) for author, value in (running.get(key) or {}).items()}
    return {**state, "exercise": running}


def private_drop(state: State, author: PartnerId) -> State:
    """Return a copy of ``state`` without ``author``'s private values (their
    draft, closing choice or unrevealed closing line); the other partner's
    are kept. ``state`` itself is not changed."""
    keys = private_keys(state)
    if not keys:
        return state
    running = dict(state["exercise"])
    for key in keys:
        running[key] = {pid: v for pid, v in (running.get(key) or {}).items() if pid != author}
    return {**state, "exercise": running}
