"""The practice-session engine: pure Python, no Django, no Channels.

A practice session is a plain, JSON-serialisable ``dict`` (the *state*). The
engine takes a state and a :class:`Command` and returns the next state and the
:class:`Event` list that explains the change, or raises a :class:`RuleError`
with a stable ``code``. Nothing else decides what may happen in a session:
the Django side only stores what the engine returns and the Channels side only
carries it (docs/architecture.md, real-time rule 1).

Exercises plug in by registering their commands with :func:`command` and their
exercise kind with :func:`exercise`. ``apply`` never mutates the state it is
given, so a rejected command leaves the caller's state exactly as it was.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, overload

PartnerId = str
"""A participant's stable id inside a session (the user's primary key as a string)."""

State = dict[str, Any]
Step = list["Event"]

PARTNER = "partner"
FACILITATOR = "facilitator"


@dataclass(frozen=True, slots=True)
class Command:
    """One request to change a session.

    ``type`` names a registered command (``"statement_make"``), ``actor`` is the
    participant sending it, ``payload`` holds its already schema-checked fields
    and ``now`` is the server clock in seconds since the epoch (timers are
    absolute deadlines, docs/architecture.md, real-time rule 5).
    """

    type: str
    actor: PartnerId
    payload: Mapping[str, Any] = field(default_factory=dict)
    now: float = 0.0


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, as stored in the event log and broadcast.

    ``data`` is JSON-serialisable. ``private_to`` names the only participant who
    may ever see the event (a draft, a line not yet revealed); ``None`` means
    every participant of the session may.
    """

    type: str
    data: dict[str, Any]
    private_to: PartnerId | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"type", "data", "private_to"}`` for storage."""
        return {"type": self.type, "data": self.data, "private_to": self.private_to}


class RuleError(Exception):
    """A command the rules do not allow. ``code`` is stable and documented in
    docs/protocol.md; ``message`` is a calm sentence a person can read."""

    code = "rule_violation"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class UnknownCommand(RuleError):
    code = "unknown_command"


class NotAParticipant(RuleError):
    code = "not_a_participant"


class NotAllowedForRole(RuleError):
    code = "not_allowed_for_role"


class SessionEnded(RuleError):
    code = "session_ended"


class SessionPaused(RuleError):
    code = "session_paused"


class ExerciseInProgress(RuleError):
    code = "exercise_in_progress"


class NoExercise(RuleError):
    code = "no_exercise"


class WrongExercise(RuleError):
    code = "wrong_exercise"


class UnknownExercise(RuleError):
    code = "unknown_exercise"


class OutOfTurn(RuleError):
    code = "out_of_turn"


class TextRequired(RuleError):
    code = "text_required"


class TextNotAllowed(RuleError):
    code = "text_not_allowed"


class TextTooLong(RuleError):
    code = "text_too_long"


class InvalidChoice(RuleError):
    code = "invalid_choice"


class NotListener(RuleError):
    """Only the listener may paraphrase (or answer) in a turn-taking exercise."""

    code = "not_listener"


class TimeOutActive(RuleError):
    code = "time_out_active"


Handler = Callable[[State, Command], Step]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """How a registered command may be used.

    ``exercise`` is the exercise kind that must be running (``None``: any or
    none); ``roles`` are the participant roles allowed to send it;
    ``during_time_out`` / ``while_paused`` say whether it is accepted while a
    time-out or a facilitator's pause holds the session. ``independent``:
    its meaning does not depend on what changed since the sender last looked
    (their own closing line or choice, an acknowledgement, a repair attempt,
    accepting a named revision), so it is applied to the session as it is
    now instead of being refused for a version race; the handler still
    refuses it if it no longer makes sense.
    """

    name: str
    handler: Handler
    exercise: str | None
    roles: frozenset[str]
    during_time_out: bool
    while_paused: bool
    after_end: bool
    independent: bool = False


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    """An exercise kind: how it starts, and what each participant may see of it.

    ``start(state, command) -> (exercise_state, events)`` validates the start
    options; ``view(exercise_state, viewer) -> dict`` returns the viewer's
    share of it (what is private to the other partner removed).
    """

    kind: str
    title: str
    start: Callable[[State, Command], tuple[dict[str, Any], Step]]
    view: Callable[[dict[str, Any], PartnerId], dict[str, Any]]


COMMANDS: dict[str, CommandSpec] = {}
EXERCISES: dict[str, ExerciseSpec] = {}
HOSTS: dict[str, set[str]] = {}
"""Exercise kind → the other kinds whose state can host its commands (the
State of the Union runs one issue through the active-listening commands)."""


PER_VIEWER_STATE: dict[str, Callable[[State, PartnerId], dict[str, Any]]] = {}
"""Session-level state keys that are *not* shared as they are: ``key →
view(state, viewer)``, whose result is merged into ``viewer``'s view instead
of the key (the couple's repair list: each partner's marks stay theirs, a
sender sees only the combined effect, exercises/repair_list.py)."""


def per_viewer_state(key: str) -> Callable[
    [Callable[[State, PartnerId], dict[str, Any]]], Callable[[State, PartnerId], dict[str, Any]]
]:
    """Register ``view(state, viewer) -> dict`` for state ``key`` (see
    :data:`PER_VIEWER_STATE`). Raises ValueError if ``key`` is taken."""

    def register(
        fn: Callable[[State, PartnerId], dict[str, Any]],
    ) -> Callable[[State, PartnerId], dict[str, Any]]:
        if key in PER_VIEWER_STATE:
            raise ValueError(f"state key {key!r} is registered twice")
        PER_VIEWER_STATE[key] = fn
        return fn

    return register


def exercise_host(*, guest: str, host: str) -> None:
    """Let the commands registered for exercise ``guest`` also be sent while
    exercise ``host`` runs; the guest's handlers find their part of the
    host's state themselves (and refuse when it is not open)."""
    HOSTS.setdefault(guest, set()).add(host)


def command(
    name: str,
    *,
    exercise: str | None = None,
    roles: frozenset[str] = frozenset({PARTNER}),
    during_time_out: bool = False,
    while_paused: bool = False,
    after_end: bool = False,
    independent: bool = False,
) -> Callable[[Handler], Handler]:
    """Register ``handler(state, command) -> events`` as command ``name``
    (the options are described on :class:`CommandSpec`).

    The handler receives a private copy of the state that it may change in
    place; it raises a :class:`RuleError` to reject the command.
    Raises ValueError at import time if ``name`` is registered twice.
    """

    def register(handler: Handler) -> Handler:
        if name in COMMANDS:
            raise ValueError(f"command {name!r} is registered twice")
        COMMANDS[name] = CommandSpec(
            name, handler, exercise, roles, during_time_out, while_paused, after_end,
            independent,
        )
        return handler

    return register


def applies_on_current_version(name: str) -> bool:
    """True if command ``name`` is applied to the session's current version
    even when its sender acted on an older one (:attr:`CommandSpec.independent`):
    two partners who tap at the same moment are both heard. False for an
    unknown command (the engine refuses it anyway)."""
    spec = COMMANDS.get(name)
    return spec is not None and spec.independent


def accepts_base_version(name: str, base_version: int, version: int) -> bool:
    """Whether command ``name``, sent by a client that last saw session version
    ``base_version``, may be applied to the stored session at ``version``.

    * the same version: yes;
    * an older one: only for an independent command (one's own line, an
      acknowledgement: :func:`applies_on_current_version`), which is applied
      to the session as it is now; a command whose meaning depends on what
      the sender saw is refused;
    * a newer one: never, even for an independent command. No client was
      ever sent that version: it is a client bug or a forged frame.

    The callers answer False with ``stale_version`` (docs/protocol.md).
    """
    if base_version == version:
        return True
    return base_version < version and applies_on_current_version(name)


def exercise(spec: ExerciseSpec) -> ExerciseSpec:
    """Register an exercise kind. Raises ValueError if its kind is taken."""
    if spec.kind in EXERCISES:
        raise ValueError(f"exercise {spec.kind!r} is registered twice")
    EXERCISES[spec.kind] = spec
    return spec


def new_session(
    *, partners: list[PartnerId], facilitators: Sequence[PartnerId] = ()
) -> State:
    """Return the state of a practice session that has just been opened.

    ``partners`` are exactly the couple's two partner ids. Raises ValueError
    otherwise (a couple has exactly two partners, docs/architecture.md).
    """
    if len(partners) != 2 or partners[0] == partners[1]:
        raise ValueError("a practice session needs exactly two different partners")
    return {
        "version": 0,
        "status": "open",
        "partners": list(partners),
        "facilitators": list(facilitators),
        "paused": False,
        "exercise": None,
        "completed": [],
        "time_out": None,
        "repairs": [],
        "prompts": [],
    }


def role_of(state: State, actor: PartnerId) -> str | None:
    """Return ``"partner"``, ``"facilitator"`` or ``None`` for ``actor``."""
    if actor in state["partners"]:
        return PARTNER
    if actor in state.get("facilitators", ()):
        return FACILITATOR
    return None


def other_partner(state: State, partner: PartnerId) -> PartnerId:
    """Return the partner who is not ``partner``. Raises NotAParticipant."""
    a, b = state["partners"]
    if partner == a:
        return b
    if partner == b:
        return a
    raise NotAParticipant("Only the two partners take part in this step.")


def apply(state: State, cmd: Command) -> tuple[State, Step]:
    """Apply ``cmd`` to ``state`` and return ``(next_state, events)``.

    ``next_state["version"]`` is ``state["version"] + 1``; ``state`` itself is
    never changed. Raises a :class:`RuleError` subclass (see docs/protocol.md
    for the codes) when the rules refuse the command; then nothing changed.
    """
    spec = COMMANDS.get(cmd.type)
    if spec is None:
        raise UnknownCommand(f"There is no command called {cmd.type!r}.")
    role = role_of(state, cmd.actor)
    if role is None:
        raise NotAParticipant("You are not part of this practice session.")
    if role not in spec.roles:
        message = (
            "That step is for the partners themselves."
            if role == FACILITATOR
            else "That step is for the therapist facilitating the session."
        )
        raise NotAllowedForRole(message, role=role)
    if state["status"] == "ended" and not spec.after_end:
        raise SessionEnded("This practice session has ended.")
    # A facilitator's pause holds the partners; the facilitator can still
    # steer (move to the next exercise, end the session) while it lasts.
    if state.get("paused") and not spec.while_paused and role == PARTNER:
        raise SessionPaused("Your therapist has paused the session for a moment.")
    if state.get("time_out") and not spec.during_time_out:
        raise _time_out_error(state)
    if spec.exercise is not None:
        running = state["exercise"]
        if running is None:
            raise NoExercise("No exercise is running right now.")
        if running["kind"] != spec.exercise and running["kind"] not in HOSTS.get(
            spec.exercise, ()
        ):
            raise WrongExercise(
                "That step belongs to another exercise.", running=running["kind"]
            )
    next_state = copy.deepcopy(state)
    events = spec.handler(next_state, cmd)
    next_state["version"] = state["version"] + 1
    return next_state, events


def _time_out_error(state: State) -> RuleError:
    return TimeOutActive(
        "You are on a time-out. The session waits until you both come back.",
        ends_at=state["time_out"]["ends_at"],
    )


def view(state: State, viewer: PartnerId) -> dict[str, Any]:
    """Return ``viewer``'s share of the session as a JSON-serialisable dict.

    Everything in the state is shared except what an exercise marks private to
    one partner (drafts, lines not yet revealed), which only that partner's
    view contains, and the session-level keys of :data:`PER_VIEWER_STATE`,
    which each viewer sees through their own view (the repair list).
    Facilitators see both partners' shared parts, never their private ones.
    """
    running = state["exercise"]
    shown = {
        key: value
        for key, value in state.items()
        if key != "exercise" and key not in PER_VIEWER_STATE
    }
    for key, per_viewer in PER_VIEWER_STATE.items():
        if key in state:
            shown.update(per_viewer(state, viewer))
    shown["exercise"] = None if running is None else EXERCISES[running["kind"]].view(
        running, viewer
    )
    shown["role"] = role_of(state, viewer)
    return shown


def visible_events(events: list[dict[str, Any]], viewer: PartnerId) -> list[dict[str, Any]]:
    """Return the stored events (``Event.to_dict`` shapes) ``viewer`` may see."""
    return [e for e in events if e.get("private_to") in (None, viewer)]


BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
"""``str.translate`` table removing U+202A-U+202E (embeddings, pop, overrides) and
U+2066-U+2069 (isolates) from a text (see :func:`clean_text`)."""


@overload
def clean_text(
    payload: Mapping[str, Any], key: str, *, limit: int, required: Literal[True] = ...
) -> str: ...
@overload
def clean_text(
    payload: Mapping[str, Any], key: str, *, limit: int, required: bool
) -> str | None: ...
def clean_text(
    payload: Mapping[str, Any], key: str, *, limit: int, required: bool = True
) -> str | None:
    """Return ``payload[key]`` stripped, checked against ``limit`` characters.

    Explicit direction controls (embeddings, overrides and isolates,
    :data:`BIDI_CONTROLS`) are taken out first: the partner's screen sets each
    text's direction from its own words (``dir="auto"``), and an unclosed
    right-to-left override would show the partner words in an order other than
    the one typed, read and coached (the "Trojan Source" reordering, Unicode
    UAX #9). The marks U+200E and U+200F, which reorder nothing, stay.

    Raises TextRequired if it is required and empty, TextTooLong past
    ``limit`` characters (counted after stripping).
    """
    raw = payload.get(key)
    text = (raw or "").translate(BIDI_CONTROLS).strip() if isinstance(raw, str) else ""
    if not text:
        if required:
            raise TextRequired("Please write something first.", field=key)
        return None
    if len(text) > limit:
        raise TextTooLong(
            f"Please keep it under {limit} characters.", field=key, limit=limit, length=len(text)
        )
    return text
