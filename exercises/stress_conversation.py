"""The stress-reducing conversation: a guided, live exercise.

John Gottman & Nan Silver, *The Seven Principles for Making Marriage Work*
(Principle 3, "Turn toward each other instead of away"): at the end of the
day each partner in turn talks about stress from *outside* the relationship
(work, family, friends) for a set time, while the other listens in the
technique's own ways: shows understanding, takes the speaker's side,
expresses "us against the world", shows affection. Unrequested advice is
held back; the speaker can invite it. Disagreements between the partners
wait for another conversation.

Turns: the partner chosen at the start speaks first for ``turn_minutes``
(5 to 20, default 10; ``turn_cue_at`` is a gentle cue, nothing is cut off),
then the other. The speaker ends their turn and may say what helped (moves
and/or a line in their own words). After the second turn the exercise
completes. Two modes as in active listening: *typed* (pieces are written)
and *spoken* (people talk aloud and tap; no text).

The moves, their examples and the advice markers are in
``data/stress_conversation.json`` (our wording, source noted there).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from exercises.engine import (
    Command,
    Event,
    ExerciseSpec,
    InvalidChoice,
    NotListener,
    PartnerId,
    RuleError,
    State,
    Step,
    TextNotAllowed,
    clean_text,
    command,
    exercise,
    other_partner,
)
from exercises.session_flow import exercise_complete

KIND = "stress_reducing"
TITLE = "Stress-reducing conversation"
MODES = ("typed", "spoken")
TURN_DEFAULT_MINUTES = 10
TURN_MIN_MINUTES = 5
TURN_MAX_MINUTES = 20
MAX_SHARE_CHARS = 600
MAX_MOVE_CHARS = 280
MAX_ADVICE_CHARS = 400
MAX_HELPED_CHARS = 280
RECENT_PIECES = 20
"""Pieces kept in the live state; the full record is the event log."""


class NotSpeaker(RuleError):
    code = "not_speaker"


class AdviceNotAsked(RuleError):
    code = "advice_not_asked"


class TurnLengthOutOfRange(RuleError):
    code = "turn_length_out_of_range"


class AdviceAlreadyInvited(RuleError):
    code = "advice_already_invited"


@cache
def _data() -> dict[str, Any]:
    raw = resources.files("exercises").joinpath("data/stress_conversation.json").read_text("utf-8")
    return json.loads(raw)


def listener_moves() -> list[dict[str, Any]]:
    """``[{"id", "label", "explanation", "examples": [str]}]``: the listener's
    moves, in the order offered (a fresh copy)."""
    return json.loads(json.dumps(_data()["moves"]))


def _move_ids() -> tuple[str, ...]:
    return tuple(m["id"] for m in _data()["moves"])


@cache
def _advice_pattern() -> re.Pattern[str]:
    markers = sorted(_data()["advice_markers"], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(m) for m in markers) + r")\b", re.IGNORECASE)


def sounds_like_advice(text: str) -> bool:
    """Whether ``text`` reads as advice ("you should…", "have you tried…"),
    by the markers in data/stress_conversation.json. Apostrophes may be
    curly."""
    return bool(_advice_pattern().search(text.replace("\u2019", "'")))


def _start(state: State, cmd: Command) -> tuple[dict[str, Any], Step]:
    """Options: ``first_speaker`` (a partner id), ``mode`` (typed|spoken,
    default typed), ``turn_minutes`` (whole minutes, 5 to 20, default 10).
    Raises InvalidChoice, TurnLengthOutOfRange."""
    first = cmd.payload.get("first_speaker")
    if not isinstance(first, str) or first not in state["partners"]:
        raise InvalidChoice("Choose which of you talks first.", field="first_speaker")
    mode = cmd.payload.get("mode", "typed")
    if mode not in MODES:
        raise InvalidChoice("Choose typed or spoken mode.", field="mode", choices=list(MODES))
    minutes = cmd.payload.get("turn_minutes", TURN_DEFAULT_MINUTES)
    if minutes is None:
        minutes = TURN_DEFAULT_MINUTES
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise InvalidChoice("Minutes must be a whole number.", field="turn_minutes")
    if not TURN_MIN_MINUTES <= minutes <= TURN_MAX_MINUTES:
        raise TurnLengthOutOfRange(
            f"Choose between {TURN_MIN_MINUTES} and {TURN_MAX_MINUTES} minutes a turn.",
            field="turn_minutes", minimum=TURN_MIN_MINUTES, maximum=TURN_MAX_MINUTES,
        )
    ex = {
        "kind": KIND,
        "mode": mode,
        "order": [first, other_partner(state, first)],
        "round": 1,
        "speaker": first,
        "listener": other_partner(state, first),
        "turn_minutes": minutes,
        "turn_started_at": cmd.now,
        "turn_cue_at": cmd.now + minutes * 60,
        "advice_invited": False,
        "recent": [],
        "helped": {},
    }
    return ex, [_turn_event(ex)]


def _turn_event(ex: dict[str, Any]) -> Event:
    return Event("stress_turn_started", {"speaker": ex["speaker"], "round": ex["round"],
                                         "cue_at": ex["turn_cue_at"]})


def _view(exercise_state: dict[str, Any], viewer: PartnerId) -> dict[str, Any]:
    """Everything is shared between the partners."""
    return dict(exercise_state)


exercise(ExerciseSpec(KIND, TITLE, _start, _view))


def _text(ex: dict[str, Any], cmd: Command, limit: int, *, required: bool) -> str | None:
    """Typed mode: ``text`` (required or not, ≤ ``limit`` characters); spoken:
    none allowed."""
    if ex["mode"] == "spoken":
        if cmd.payload.get("text"):
            raise TextNotAllowed("In spoken mode you say it aloud; just tap.")
        return None
    return clean_text(cmd.payload, "text", limit=limit, required=required)


def _keep(ex: dict[str, Any], piece: dict[str, Any]) -> None:
    ex["recent"] = [*ex["recent"], piece][-RECENT_PIECES:]


def _require_speaker(ex: dict[str, Any], actor: PartnerId) -> None:
    if actor != ex["speaker"]:
        raise NotSpeaker("It is your partner's turn to talk; yours comes.")


def _require_listener(ex: dict[str, Any], actor: PartnerId) -> None:
    if actor != ex["listener"]:
        raise NotListener("That is for the partner who listens this turn.")


@command("stress_share", exercise=KIND)
def stress_share(state: State, cmd: Command) -> Step:
    """The speaker shares a piece of what stresses them outside the
    relationship (typed: ``text`` ≤ MAX_SHARE_CHARS characters; spoken: a tap).

    Raises NotSpeaker, TextRequired, TextTooLong, TextNotAllowed.
    """
    ex = state["exercise"]
    _require_speaker(ex, cmd.actor)
    text = _text(ex, cmd, MAX_SHARE_CHARS, required=True)
    piece = {"by": cmd.actor, "type": "share", "move": None, "text": text}
    _keep(ex, piece)
    return [Event("stress_shared", piece)]


@command("stress_move", exercise=KIND)
def stress_move(state: State, cmd: Command) -> Step:
    """The listener responds with one of the technique's moves: ``move`` in
    ``understand`` | ``your_side`` | ``us_against`` | ``affection``, and in
    typed mode optionally ``text`` in their own words (≤ MAX_MOVE_CHARS
    characters).

    Unrequested advice is gently held back: own words that read as advice
    (:func:`sounds_like_advice`) are refused with ``advice_not_asked`` until
    the speaker invites it. Raises NotListener, InvalidChoice (unknown move),
    AdviceNotAsked, TextTooLong, TextNotAllowed.
    """
    ex = state["exercise"]
    _require_listener(ex, cmd.actor)
    move = cmd.payload.get("move")
    if move not in _move_ids():
        raise InvalidChoice("Choose one of the ways to respond.", field="move",
                            choices=list(_move_ids()))
    text = _text(ex, cmd, MAX_MOVE_CHARS, required=False)
    if text and not ex["advice_invited"] and sounds_like_advice(text):
        raise AdviceNotAsked(_data()["advice_nudge"], field="text")
    piece = {"by": cmd.actor, "type": "move", "move": move, "text": text}
    _keep(ex, piece)
    return [Event("stress_move_made", piece)]


@command("stress_advice_invite", exercise=KIND)
def stress_advice_invite(state: State, cmd: Command) -> Step:
    """The speaker asks for their partner's ideas ("What would you do?"):
    advice is welcome for the rest of this turn. Raises NotSpeaker,
    AdviceAlreadyInvited."""
    ex = state["exercise"]
    _require_speaker(ex, cmd.actor)
    if ex["advice_invited"]:
        raise AdviceAlreadyInvited("You have asked for ideas already.")
    ex["advice_invited"] = True
    return [Event("stress_advice_invited", {"by": cmd.actor})]


@command("stress_advice_give", exercise=KIND)
def stress_advice_give(state: State, cmd: Command) -> Step:
    """Once invited, the listener offers an idea (typed: ``text`` ≤
    MAX_ADVICE_CHARS characters; spoken: a tap). Raises NotListener,
    AdviceNotAsked (not invited this turn), TextRequired, TextTooLong,
    TextNotAllowed."""
    ex = state["exercise"]
    _require_listener(ex, cmd.actor)
    if not ex["advice_invited"]:
        raise AdviceNotAsked(_data()["advice_nudge"])
    text = _text(ex, cmd, MAX_ADVICE_CHARS, required=True)
    piece = {"by": cmd.actor, "type": "advice", "move": None, "text": text}
    _keep(ex, piece)
    return [Event("stress_advice_given", piece)]


@command("stress_turn_end", exercise=KIND)
def stress_turn_end(state: State, cmd: Command) -> Step:
    """The speaker ends their turn and may say what helped: ``helped`` (a list
    of move ids, optional) and ``text`` (≤ MAX_HELPED_CHARS characters,
    optional, in both modes). The other partner then talks; after the second
    turn the exercise completes with the summary ``{"order", "turn_minutes",
    "helped": {pid: {"moves": [id], "text"}}}``.

    Raises NotSpeaker, InvalidChoice (``helped`` not a list of move ids),
    TextTooLong.
    """
    ex = state["exercise"]
    _require_speaker(ex, cmd.actor)
    raw = cmd.payload.get("helped") or []
    if not isinstance(raw, list | tuple) or any(m not in _move_ids() for m in raw):
        raise InvalidChoice("Choose what helped from the list.", field="helped",
                            choices=list(_move_ids()))
    moves = [m for m in _move_ids() if m in raw]
    text = clean_text(cmd.payload, "text", limit=MAX_HELPED_CHARS, required=False)
    ex["helped"][cmd.actor] = {"moves": moves, "text": text}
    events = [Event("stress_turn_ended", {"by": cmd.actor, "helped": moves, "text": text})]
    if ex["round"] == 2:
        summary = {"order": list(ex["order"]), "turn_minutes": ex["turn_minutes"],
                   "helped": {pid: dict(h) for pid, h in ex["helped"].items()}}
        return [*events, exercise_complete(state, finished=True, summary=summary)]
    ex["round"] = 2
    ex["speaker"], ex["listener"] = ex["listener"], ex["speaker"]
    ex["advice_invited"] = False
    ex["turn_started_at"] = cmd.now
    ex["turn_cue_at"] = cmd.now + ex["turn_minutes"] * 60
    return [*events, _turn_event(ex)]


def client_config() -> dict[str, Any]:
    """What the live page needs: ``{"moves", "advice_nudge", "turn": {"default",
    "min", "max"} (minutes), "limits": {field: characters}}``."""
    return {
        "moves": listener_moves(),
        "advice_nudge": _data()["advice_nudge"],
        "turn": {"default": TURN_DEFAULT_MINUTES, "min": TURN_MIN_MINUTES,
                 "max": TURN_MAX_MINUTES},
        "limits": {"share": MAX_SHARE_CHARS, "move": MAX_MOVE_CHARS,
                   "advice": MAX_ADVICE_CHARS, "helped": MAX_HELPED_CHARS},
    }
