"""The boundary conversation: a guided, live exercise.

One partner states a boundary in the three parts of the boundary builder
(:mod:`exercises.boundaries`): what I need, where my limit is, what I will
do if it is crossed. Boundary work in couples therapy treats a boundary as a
statement about oneself — a need and one's own action — rather than a rule
imposed on the partner (Cloud & Townsend, *Boundaries in Marriage*;
docs/self_assessments.md, "Boundaries in a live conversation"); it is heard
best when the other partner first shows they understood it and only then
says where they stand.

So the listening follows the Speaker–Listener technique (Markman, Stanley &
Blumberg, *Fighting for Your Marriage*, PREP), as in
:mod:`exercises.active_listening`: the listener says the boundary back in
their own words, the stating partner confirms ("that's it") or corrects, and
the loop repeats until it is confirmed. Only then does the listener answer:
what they can honour, and (optionally) what they find hard. Then the couple
may swap roles once, or finish.

Phases: ``stating`` (the stating partner may save a private, coached draft
and then shares it) → ``paraphrase`` → ``confirm`` (confirm → ``respond``;
correct → ``paraphrase``) → ``respond`` → ``responded`` (swap → ``stating``
in round 2, or finish).

Private text: the stating partner's draft (``drafts``, per author) until it
is shared; its coaching notes reach them only (a ``private_to`` event) and
never block sharing. Everything shared is seen by both partners.
"""

from __future__ import annotations

from typing import Any

from exercises.boundaries import MAX_PART_CHARS, PARTS, boundary_coach
from exercises.engine import (
    Command,
    Event,
    ExerciseSpec,
    InvalidChoice,
    NotListener,
    OutOfTurn,
    PartnerId,
    RuleError,
    State,
    Step,
    clean_text,
    command,
    exercise,
    other_partner,
)
from exercises.session_flow import exercise_complete

KIND = "boundary_conversation"
TITLE = "Boundary conversation"
MAX_PARAPHRASE_CHARS = 600
"""The listener's paraphrase of the boundary (characters, after stripping)."""
MAX_CORRECTION_CHARS = 600
"""The stating partner's correction of a paraphrase (characters)."""
MAX_RESPONSE_CHARS = 600
"""What the listener can honour, and what they find hard (characters, each)."""
MAX_ROUNDS = 2
"""One boundary each at most: the roles swap once."""


class NotStating(RuleError):
    """Only the partner stating the boundary may do this step."""

    code = "not_stating"


class AlreadySwapped(RuleError):
    """The roles have swapped once already; the conversation can only finish."""

    code = "already_swapped"


def _start(state: State, cmd: Command) -> tuple[dict[str, Any], Step]:
    """Options: ``first_speaker`` (a partner id: who states a boundary first).
    Raises InvalidChoice."""
    first = cmd.payload.get("first_speaker")
    if not isinstance(first, str) or first not in state["partners"]:
        raise InvalidChoice("Choose which of you states a boundary first.", field="first_speaker")
    ex = {
        "kind": KIND,
        "round": 1,
        "speaker": first,
        "listener": other_partner(state, first),
        "phase": "stating",
        "drafts": {},
        "current": None,
        "rounds": [],
    }
    return ex, [_round_event(ex)]


def _round_event(ex: dict[str, Any]) -> Event:
    return Event("boundary_round_started", {"speaker": ex["speaker"], "listener": ex["listener"],
                                            "round": ex["round"]})


def _view(exercise_state: dict[str, Any], viewer: PartnerId) -> dict[str, Any]:
    """Everything but the drafts is shared; a viewer sees only their own
    draft (``drafts`` holds at most ``{viewer: {...}}``)."""
    shown = dict(exercise_state)
    shown["drafts"] = {pid: d for pid, d in exercise_state["drafts"].items() if pid == viewer}
    return shown


exercise(ExerciseSpec(KIND, TITLE, _start, _view))


def _require_stating(ex: dict[str, Any], actor: PartnerId) -> None:
    if actor != ex["speaker"]:
        raise NotStating("That step is for the partner stating the boundary.")


def _require_listener(ex: dict[str, Any], actor: PartnerId) -> None:
    if actor != ex["listener"]:
        raise NotListener("That step is for the partner who listens this round.")


def _require_phase(ex: dict[str, Any], *phases: str) -> None:
    if ex["phase"] not in phases:
        raise OutOfTurn("That is not the next step right now.", phase=ex["phase"])


def _parts(cmd: Command, *, required: bool) -> dict[str, str | None]:
    return {key: clean_text(cmd.payload, key, limit=MAX_PART_CHARS, required=required)
            for key in PARTS}


@command("boundary_draft", exercise=KIND)
def boundary_draft(state: State, cmd: Command) -> Step:
    """The stating partner keeps a private draft and gets it coached: any of
    ``need``, ``limit``, ``action`` (each ≤ MAX_PART_CHARS characters; a
    missing or blank part is kept empty). Nothing is shared.

    Returns one event private to the author, ``boundary_drafted``
    ``{"draft": {part: str}, "coach": exercises.boundaries.boundary_coach(...)}``
    (notes on blame, absolutes, demands on the partner, an action that is not
    one's own; advice only, sharing is never blocked); the draft and its
    coaching are kept as ``drafts[author]`` = ``{"need", "limit", "action",
    "coach"}`` for a reload. Raises NotStating,
    OutOfTurn (the boundary is shared already), TextTooLong.
    """
    ex = state["exercise"]
    _require_stating(ex, cmd.actor)
    _require_phase(ex, "stating")
    draft = {k: v or "" for k, v in _parts(cmd, required=False).items()}
    coach = boundary_coach(**draft)
    ex["drafts"][cmd.actor] = {**draft, "coach": coach}
    return [Event("boundary_drafted", {"draft": dict(draft), "coach": coach},
                  private_to=cmd.actor)]


@command("boundary_state", exercise=KIND)
def boundary_state(state: State, cmd: Command) -> Step:
    """The stating partner shares their boundary: ``need``, ``limit`` and
    ``action`` (all three required, each ≤ MAX_PART_CHARS characters). The
    private draft goes; phase → ``paraphrase``.

    Event ``boundary_stated`` ``{"speaker", "round", "need", "limit",
    "action"}`` to both. Raises NotStating, OutOfTurn, TextRequired
    (``details.field`` names the part), TextTooLong.
    """
    ex = state["exercise"]
    _require_stating(ex, cmd.actor)
    _require_phase(ex, "stating")
    parts = _parts(cmd, required=True)
    ex["drafts"].pop(cmd.actor, None)
    ex["current"] = {"speaker": cmd.actor, "listener": ex["listener"], "round": ex["round"],
                     "boundary": parts, "attempts": [], "response": None}
    ex["phase"] = "paraphrase"
    return [Event("boundary_stated", {"speaker": cmd.actor, "round": ex["round"], **parts})]


@command("boundary_paraphrase", exercise=KIND)
def boundary_paraphrase(state: State, cmd: Command) -> Step:
    """The listener says the boundary back in their own words (``text`` ≤
    MAX_PARAPHRASE_CHARS characters). Speaker–Listener technique: understanding
    comes before any answer. Phase → ``confirm``.

    Raises NotListener, OutOfTurn, TextRequired, TextTooLong.
    """
    ex = state["exercise"]
    _require_listener(ex, cmd.actor)
    _require_phase(ex, "paraphrase")
    text = clean_text(cmd.payload, "text", limit=MAX_PARAPHRASE_CHARS)
    ex["current"]["attempts"].append({"paraphrase": text, "correction": None})
    ex["phase"] = "confirm"
    return [Event("boundary_paraphrased", {"listener": cmd.actor, "text": text})]


@command("boundary_paraphrase_confirm", exercise=KIND)
def boundary_paraphrase_confirm(state: State, cmd: Command) -> Step:
    """The stating partner says "that's it"; phase → ``respond``.
    Raises NotStating, OutOfTurn."""
    ex = state["exercise"]
    _require_stating(ex, cmd.actor)
    _require_phase(ex, "confirm")
    ex["phase"] = "respond"
    return [Event("boundary_paraphrase_confirmed", {"speaker": cmd.actor})]


@command("boundary_paraphrase_correct", exercise=KIND)
def boundary_paraphrase_correct(state: State, cmd: Command) -> Step:
    """The stating partner says what was missed (``text`` ≤
    MAX_CORRECTION_CHARS characters); the listener paraphrases again.
    Raises NotStating, OutOfTurn, TextRequired, TextTooLong."""
    ex = state["exercise"]
    _require_stating(ex, cmd.actor)
    _require_phase(ex, "confirm")
    text = clean_text(cmd.payload, "text", limit=MAX_CORRECTION_CHARS)
    ex["current"]["attempts"][-1]["correction"] = text
    ex["phase"] = "paraphrase"
    return [Event("boundary_paraphrase_corrected", {"speaker": cmd.actor, "text": text})]


@command("boundary_respond", exercise=KIND)
def boundary_respond(state: State, cmd: Command) -> Step:
    """Once understood, the listener answers: ``honour`` (what I can honour,
    required) and ``hard`` (what I find hard, optional), each ≤
    MAX_RESPONSE_CHARS characters. Phase → ``responded``.

    Event ``boundary_responded`` ``{"listener", "honour", "hard"}``. Raises
    NotListener, OutOfTurn (not yet confirmed), TextRequired, TextTooLong.
    """
    ex = state["exercise"]
    _require_listener(ex, cmd.actor)
    _require_phase(ex, "respond")
    honour = clean_text(cmd.payload, "honour", limit=MAX_RESPONSE_CHARS)
    hard = clean_text(cmd.payload, "hard", limit=MAX_RESPONSE_CHARS, required=False)
    ex["current"]["response"] = {"honour": honour, "hard": hard}
    ex["rounds"].append(ex["current"])
    ex["current"] = None
    ex["phase"] = "responded"
    return [Event("boundary_responded", {"listener": cmd.actor, "honour": honour, "hard": hard})]


@command("boundary_swap", exercise=KIND)
def boundary_swap(state: State, cmd: Command) -> Step:
    """Either partner: the other now states a boundary (once). Phase →
    ``stating`` of round 2. Raises OutOfTurn (the round is not answered
    yet), AlreadySwapped."""
    ex = state["exercise"]
    _require_phase(ex, "responded")
    if ex["round"] >= MAX_ROUNDS:
        raise AlreadySwapped("You have each stated a boundary; you can finish now.")
    ex["round"] += 1
    ex["speaker"], ex["listener"] = ex["listener"], ex["speaker"]
    ex["phase"] = "stating"
    return [Event("boundary_roles_swapped", {"by": cmd.actor}), _round_event(ex)]


@command("boundary_finish", exercise=KIND)
def boundary_finish(state: State, cmd: Command) -> Step:
    """Either partner ends the conversation after a round is answered; the
    exercise completes with the summary ``{"rounds": [{"speaker",
    "listener", "round", "boundary": {part: str}, "attempts": [{"paraphrase",
    "correction"}], "response": {"honour", "hard"}}]}``. Raises OutOfTurn."""
    ex = state["exercise"]
    _require_phase(ex, "responded")
    return [exercise_complete(state, finished=True, summary={"rounds": list(ex["rounds"])})]


def client_config() -> dict[str, Any]:
    """What the live page needs: ``{"parts": {part: title}, "limits": {field:
    characters}}``."""
    return {
        "parts": dict(PARTS),
        "limits": {"part": MAX_PART_CHARS, "paraphrase": MAX_PARAPHRASE_CHARS,
                   "correction": MAX_CORRECTION_CHARS, "response": MAX_RESPONSE_CHARS},
    }
