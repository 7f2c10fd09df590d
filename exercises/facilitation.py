"""Live facilitation by the couple's therapist.

A linked therapist joins a practice session as a *facilitator*: they see the
shared parts of both partners' screens (never anything private to one
partner), and can pause and resume the session, send a prompt both partners
see, call a time-out and move the session to the next exercise
(``exercise_stop`` / ``exercise_start`` accept facilitators). They cannot
speak for a partner: every exercise step stays with the partners.
"""

from __future__ import annotations

from exercises.engine import (
    FACILITATOR,
    Command,
    Event,
    OutOfTurn,
    PartnerId,
    State,
    Step,
    clean_text,
    command,
)

MAX_PROMPT_CHARS = 300
"""A facilitator's prompt to both partners (characters, after stripping)."""
RECENT_PROMPTS = 5
"""Prompts kept in the live state; every prompt is in the event log."""

ONLY_FACILITATORS = frozenset({FACILITATOR})


def facilitator_add(state: State, facilitator: PartnerId) -> tuple[State, Step]:
    """Add a linked therapist to the session's facilitators.

    Not a client command: the service layer calls it after checking the
    therapist link (active, both partners consented). Returns ``(next_state,
    events)`` with the version raised by one, or ``(state, [])`` unchanged
    when they already take part. Raises ValueError for one of the partners.
    """
    if facilitator in state["partners"]:
        raise ValueError("a partner cannot facilitate their own session")
    if facilitator in state["facilitators"]:
        return state, []
    next_state = {**state, "facilitators": [*state["facilitators"], facilitator]}
    next_state["version"] = state["version"] + 1
    return next_state, [Event("facilitator_joined", {"facilitator": facilitator})]


def facilitator_remove(state: State, facilitator: PartnerId) -> tuple[State, Step]:
    """The therapist hands the live session back to the couple: they leave
    the facilitators and the couple goes on alone. A pause they held is
    lifted (nobody would be left to resume it); a time-out runs on, since it
    belongs to the partners' own regulation (Gottman's 20-minute break).

    Not a client command: the service layer calls it for the therapist.
    Returns ``(next_state, events)`` with the version raised by one and the
    event ``facilitator_left`` ``{"facilitator", "resumed": bool}``, or
    ``(state, [])`` unchanged when they do not take part. Raises ValueError
    for one of the partners.
    """
    if facilitator in state["partners"]:
        raise ValueError("a partner is not a facilitator")
    if facilitator not in state["facilitators"]:
        return state, []
    remaining = [who for who in state["facilitators"] if who != facilitator]
    resumed = bool(state["paused"]) and not remaining
    next_state = {
        **state,
        "facilitators": remaining,
        "paused": False if resumed else state["paused"],
        "version": state["version"] + 1,
    }
    return next_state, [Event("facilitator_left", {"facilitator": facilitator, "resumed": resumed})]


@command("session_pause", roles=ONLY_FACILITATORS, during_time_out=True, while_paused=True)
def session_pause(state: State, cmd: Command) -> Step:
    """The facilitator holds the session: partners can do nothing but wait
    (and send repair attempts, which stay open). Raises OutOfTurn if paused."""
    if state["paused"]:
        raise OutOfTurn("The session is already paused.")
    state["paused"] = True
    return [Event("session_paused", {"by": cmd.actor})]


@command("session_resume", roles=ONLY_FACILITATORS, while_paused=True, during_time_out=True)
def session_resume(state: State, cmd: Command) -> Step:
    """The facilitator lets the session go on exactly where it was.
    Raises OutOfTurn if it is not paused."""
    if not state["paused"]:
        raise OutOfTurn("The session is not paused.")
    state["paused"] = False
    return [Event("session_resumed", {"by": cmd.actor})]


@command("facilitator_prompt", roles=ONLY_FACILITATORS, while_paused=True, during_time_out=True)
def facilitator_prompt(state: State, cmd: Command) -> Step:
    """A prompt (``text``, ≤ MAX_PROMPT_CHARS characters) both partners see
    prominently, e.g. "Slow down: one piece at a time". Raises TextRequired,
    TextTooLong."""
    text = clean_text(cmd.payload, "text", limit=MAX_PROMPT_CHARS)
    prompt = {"by": cmd.actor, "text": text, "at": cmd.now}
    state["prompts"] = [*state.get("prompts", []), prompt][-RECENT_PROMPTS:]
    return [Event("facilitator_prompted", prompt)]
