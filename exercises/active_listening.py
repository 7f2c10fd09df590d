"""Active listening: the Speaker–Listener technique.

Markman, Stanley & Blumberg, *Fighting for Your Marriage* (PREP): one partner
holds the floor and speaks in short pieces about their own view; the other
paraphrases each piece without rebuttal, advice or problem-solving; the
speaker confirms ("that's it") or corrects; when the speaker feels heard they
pass the floor. The server enforces the turn-taking: only the floor holder
makes a statement, only the listener paraphrases, and there is no command for
a rebuttal at all.

Two modes. *Typed*: every piece is written. *Spoken*: people talk aloud (same
room or on a call) and the app only holds the floor and records the taps, so
spoken-mode commands carry no text.

Phases of the floor: ``statement`` (the speaker's turn to say a piece) →
``paraphrase`` (the listener restates it) → ``confirm`` (the speaker says
"that's it" or corrects; a correction goes back to ``paraphrase``) → back to
``statement``. Instead of paraphrasing, the listener may ask one short
clarifying question about the piece (``answer``: the speaker answers with a
short piece, then the listener paraphrases); it is a question, not a
rebuttal, and it does not count as a paraphrase. ``closing`` is the final
round where each partner writes one line of what they understood; the lines
stay private until both are written, so neither anchors on the other's.

Around the floor (:mod:`exercises.listening_time`): a practice length the
couple chooses (5 to 15 minutes; a gentle cue, never a cut-off), a short pause
of 1 to 5 minutes either partner can call when the talk drifts, and the
talk-time balance shown to both at the end.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

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
    TextNotAllowed,
    clean_text,
    command,
    exercise,
    other_partner,
)
from exercises.listening_time import (
    FLOOR_HOSTS,
    floor_clock_start,
    floor_clock_stop,
    floor_of,
    pause_settle,
    piece_count,
    practice_start,
    talk_time_new,
)
from exercises.session_flow import exercise_complete

KIND = "active_listening"
MODES = ("typed", "spoken")

MAX_TOPIC_CHARS = 120
MAX_STATEMENT_CHARS = 600
"""Hard limit of one statement (characters). The technique asks for short
pieces; the UI nudges past :data:`STATEMENT_NUDGE_CHARS` or three sentences."""
STATEMENT_NUDGE_CHARS = 280
MAX_PARAPHRASE_CHARS = 600
MAX_CORRECTION_CHARS = 600
MAX_QUESTION_CHARS = 200
"""One short clarifying question by the listener (characters, after stripping)."""
MAX_ANSWER_CHARS = 280
"""The speaker's short answer to a clarifying question (characters)."""
MAX_UNDERSTANDING_CHARS = 200
"""The closing line of what each partner understood: one line (characters)."""
RECENT_EXCHANGES = 12
"""Exchanges kept in the live state for display; the full transcript is the
session's event log."""


class NotSpeaker(RuleError):
    code = "not_speaker"


class NothingToParaphrase(RuleError):
    code = "nothing_to_paraphrase"


class NotHeardYet(RuleError):
    code = "not_heard_yet"


class QuestionAlreadyAsked(RuleError):
    code = "question_already_asked"


class NotAQuestion(RuleError):
    code = "not_a_question"


@cache
def starter_topics() -> tuple[str, ...]:
    """Return the starter topics (lighter to heavier), from data/starter_topics.json."""
    raw = resources.files("exercises").joinpath("data/starter_topics.json").read_text("utf-8")
    return tuple(json.loads(raw)["topics"])


def floor_open(state: State, cmd: Command) -> tuple[dict[str, Any], Step]:
    """A new floor from ``cmd.payload``: ``topic`` (1 to 120 characters),
    ``mode`` (typed|spoken), ``first_speaker`` (a partner id), optional
    ``practice_minutes`` (whole minutes, 5 to 15, default 10). Returns
    ``(floor, events)``; also used by exercises that host a floor (the State
    of the Union's issue step). Raises InvalidChoice, TextRequired,
    TextTooLong, PracticeLengthOutOfRange."""
    topic = clean_text(cmd.payload, "topic", limit=MAX_TOPIC_CHARS)
    mode = cmd.payload.get("mode", "typed")
    if mode not in MODES:
        raise InvalidChoice("Choose typed or spoken mode.", field="mode", choices=list(MODES))
    speaker = cmd.payload.get("first_speaker")
    if not isinstance(speaker, str) or speaker not in state["partners"]:
        raise InvalidChoice("Choose which partner takes the floor first.", field="first_speaker")
    exercise_state = {
        "kind": KIND,
        "topic": topic,
        "mode": mode,
        "speaker": speaker,
        "listener": other_partner(state, speaker),
        "phase": "statement",
        "turn": 1,
        "turn_exchanges": 0,
        "exchange_count": 0,
        "floor_holders": [speaker],
        "current": None,
        "recent": [],
        "understandings": {},
        "practice": practice_start(cmd.payload, cmd.now),
        "pause": None,
        "talk_time": talk_time_new(state["partners"]),
        "floor_clock": None,
    }
    floor_clock_start(state, exercise_state, speaker, cmd.now)
    return exercise_state, [Event("floor_taken", {"speaker": speaker, "turn": 1, "at": cmd.now})]


_start = floor_open


def _view(exercise_state: dict[str, Any], viewer: PartnerId) -> dict[str, Any]:
    """Everything is shared except the closing lines, which each partner sees
    only their own of until both have written theirs."""
    shown = dict(exercise_state)
    lines = exercise_state["understandings"]
    if len(lines) < 2:
        shown["understandings"] = {pid: text for pid, text in lines.items() if pid == viewer}
        shown["understandings_written"] = sorted(lines)
    return shown


exercise(ExerciseSpec(KIND, "Active listening", _start, _view))


def _spoken(ex: dict[str, Any]) -> bool:
    return ex["mode"] == "spoken"


def _piece(ex: dict[str, Any], cmd: Command, key: str, limit: int) -> str | None:
    """Typed mode: the text, required and within ``limit``. Spoken: no text."""
    if _spoken(ex):
        if cmd.payload.get("text"):
            raise TextNotAllowed("In spoken mode you say it aloud; just tap when done.")
        return None
    return clean_text(cmd.payload, "text", limit=limit)


def _require_speaker(ex: dict[str, Any], actor: PartnerId) -> None:
    if actor != ex["speaker"]:
        raise NotSpeaker("Only the partner who holds the floor can do that.")


def _require_listener(ex: dict[str, Any], actor: PartnerId) -> None:
    if actor != ex["listener"]:
        raise NotListener("Only the listener can paraphrase.")


def _exercise(state: State, cmd: Command) -> tuple[dict[str, Any], Step]:
    """The running exercise and the event that closes a short pause that ran
    out (if any). Raises ShortPauseActive while one runs."""
    ex = floor_of(state)
    return ex, pause_settle(ex, cmd.now)


def _require_phase(ex: dict[str, Any], *phases: str) -> None:
    if ex["phase"] not in phases:
        raise OutOfTurn("That is not the next step right now.", phase=ex["phase"])


@command("statement_make", exercise=KIND)
def statement_make(state: State, cmd: Command) -> Step:
    """The speaker says one short piece (``text``, ≤ MAX_STATEMENT_CHARS
    characters after stripping; no text in spoken mode).

    Raises NotSpeaker, OutOfTurn (a piece already awaits its paraphrase),
    TextRequired, TextTooLong, TextNotAllowed, ShortPauseActive.
    """
    ex, events = _exercise(state, cmd)
    _require_speaker(ex, cmd.actor)
    _require_phase(ex, "statement")
    text = _piece(ex, cmd, "text", MAX_STATEMENT_CHARS)
    ex["current"] = {
        "speaker": cmd.actor, "statement": text, "attempts": [], "turn": ex["turn"],
        "question": None,
    }
    ex["phase"] = "paraphrase"
    piece_count(ex, cmd.actor)
    return [*events, Event("statement_made", {"speaker": cmd.actor, "text": text,
                                              "turn": ex["turn"]})]


@command("clarify_ask", exercise=KIND)
def clarify_ask(state: State, cmd: Command) -> Step:
    """Instead of paraphrasing, the listener asks one short clarifying question
    about the piece ("Can you say more about …?"): typed, ``text`` ending in
    "?" (≤ MAX_QUESTION_CHARS characters); spoken, a tap.

    Speaker-Listener technique: the listener may ask to understand better, but
    not rebut; a question is not a paraphrase, so the piece still needs one.
    One question per piece. Phase → ``answer`` (the speaker answers).
    Raises NotListener (the speaker), NothingToParaphrase (no piece awaits a
    paraphrase), QuestionAlreadyAsked, NotAQuestion (typed text without a
    question mark at its end), TextRequired, TextTooLong, TextNotAllowed,
    ShortPauseActive.
    """
    ex, events = _exercise(state, cmd)
    if cmd.actor != ex["listener"]:
        raise NotListener("Only the listener can ask a clarifying question.")
    if ex["phase"] != "paraphrase":
        raise NothingToParaphrase("There is no piece to ask about right now.", phase=ex["phase"])
    if ex["current"].get("question") is not None:
        raise QuestionAlreadyAsked(
            "You have asked your question about this piece. Now say back what you heard."
        )
    text = _piece(ex, cmd, "text", MAX_QUESTION_CHARS)
    if text is not None and not text.endswith("?"):
        raise NotAQuestion(
            "Ask it as a question, such as \"Can you say more about…?\"", field="text"
        )
    ex["current"]["question"] = {"text": text, "answer": None}
    ex["phase"] = "answer"
    return [*events, Event("clarification_asked", {"listener": cmd.actor, "text": text})]


@command("clarify_answer", exercise=KIND)
def clarify_answer(state: State, cmd: Command) -> Step:
    """The speaker answers the clarifying question with a short piece (typed:
    ``text`` ≤ MAX_ANSWER_CHARS characters; spoken: a tap). Phase →
    ``paraphrase``: the listener now says back the piece and the answer.

    Raises NotSpeaker, OutOfTurn (no question awaits an answer), TextRequired,
    TextTooLong, TextNotAllowed, ShortPauseActive.
    """
    ex, events = _exercise(state, cmd)
    _require_speaker(ex, cmd.actor)
    _require_phase(ex, "answer")
    text = _piece(ex, cmd, "text", MAX_ANSWER_CHARS)
    ex["current"]["question"]["answer"] = text
    ex["phase"] = "paraphrase"
    return [*events, Event("clarification_answered", {"speaker": cmd.actor, "text": text})]


@command("paraphrase_submit", exercise=KIND)
def paraphrase_submit(state: State, cmd: Command) -> Step:
    """The listener restates the speaker's last piece in their own words.

    Speaker–Listener technique: the listener may not rebut or problem-solve,
    so no other reply exists. Raises NotListener if the actor is the speaker,
    NothingToParaphrase if no piece awaits one, TextRequired, TextTooLong past
    MAX_PARAPHRASE_CHARS (characters), TextNotAllowed in spoken mode,
    ShortPauseActive.
    """
    ex, events = _exercise(state, cmd)
    _require_listener(ex, cmd.actor)
    if ex["phase"] != "paraphrase":
        raise NothingToParaphrase("There is nothing to paraphrase yet.", phase=ex["phase"])
    text = _piece(ex, cmd, "text", MAX_PARAPHRASE_CHARS)
    ex["current"]["attempts"].append({"paraphrase": text, "correction": None})
    ex["phase"] = "confirm"
    return [*events, Event("paraphrase_given", {"listener": cmd.actor, "text": text})]


@command("paraphrase_confirm", exercise=KIND)
def paraphrase_confirm(state: State, cmd: Command) -> Step:
    """The speaker says "that's it": the exchange is complete.

    Raises NotSpeaker, OutOfTurn if no paraphrase awaits confirmation,
    ShortPauseActive.
    """
    ex, events = _exercise(state, cmd)
    _require_speaker(ex, cmd.actor)
    _require_phase(ex, "confirm")
    exchange = ex["current"]
    ex["recent"] = [*ex["recent"], exchange][-RECENT_EXCHANGES:]
    ex["current"] = None
    ex["phase"] = "statement"
    ex["exchange_count"] += 1
    ex["turn_exchanges"] += 1
    return [*events, Event("paraphrase_confirmed", {"speaker": cmd.actor, "exchange": exchange})]


@command("paraphrase_correct", exercise=KIND)
def paraphrase_correct(state: State, cmd: Command) -> Step:
    """The speaker says what was missed (``text`` in typed mode, a tap in
    spoken mode); the listener paraphrases again.

    Raises NotSpeaker, OutOfTurn, TextRequired, TextTooLong, TextNotAllowed,
    ShortPauseActive.
    """
    ex, events = _exercise(state, cmd)
    _require_speaker(ex, cmd.actor)
    _require_phase(ex, "confirm")
    text = _piece(ex, cmd, "text", MAX_CORRECTION_CHARS)
    ex["current"]["attempts"][-1]["correction"] = text
    ex["phase"] = "paraphrase"
    return [*events, Event("paraphrase_corrected", {"speaker": cmd.actor, "text": text})]


@command("floor_pass", exercise=KIND)
def floor_pass(state: State, cmd: Command) -> Step:
    """The speaker feels heard and passes the floor; roles swap. The floor
    clock (:mod:`exercises.listening_time`) credits the seconds held.

    Raises NotSpeaker, OutOfTurn in the middle of an exchange, NotHeardYet
    before at least one confirmed exchange in this turn, ShortPauseActive.
    """
    ex, events = _exercise(state, cmd)
    _require_speaker(ex, cmd.actor)
    _require_phase(ex, "statement")
    if ex["turn_exchanges"] == 0:
        raise NotHeardYet("Share at least one piece and have it paraphrased first.")
    floor_clock_stop(state, ex, cmd.now)
    ex["speaker"], ex["listener"] = ex["listener"], ex["speaker"]
    ex["turn"] += 1
    ex["turn_exchanges"] = 0
    if ex["speaker"] not in ex["floor_holders"]:
        ex["floor_holders"].append(ex["speaker"])
    floor_clock_start(state, ex, ex["speaker"], cmd.now)
    passed = {"from": cmd.actor, "speaker": ex["speaker"], "turn": ex["turn"], "at": cmd.now}
    return [*events, Event("floor_passed", passed)]


@command("listening_close", exercise=KIND)
def listening_close(state: State, cmd: Command) -> Step:
    """Either partner moves to the closing round (each writes one line of what
    they understood). Allowed between exchanges once at least one exchange is
    complete. The talk-time balance is settled here and shown to both:
    ``exercise.talk_time = {partner: {"pieces", "floor_seconds"}}``.

    Raises OutOfTurn mid-exchange or when already closing, NotHeardYet before
    any exchange, ShortPauseActive.
    """
    ex, events = _exercise(state, cmd)
    _require_phase(ex, "statement")
    if ex["exchange_count"] == 0:
        raise NotHeardYet("Complete at least one exchange before closing.")
    floor_clock_stop(state, ex, cmd.now)
    host = state["exercise"]["kind"]
    if host != KIND:
        return [*events, *FLOOR_HOSTS[host][1](state, cmd)]
    ex["phase"] = "closing"
    talk_time = {pid: dict(counts) for pid, counts in ex["talk_time"].items()}
    return [*events, Event("closing_started", {"by": cmd.actor, "talk_time": talk_time})]


@command("understanding_share", exercise=KIND, independent=True)
def understanding_share(state: State, cmd: Command) -> Step:
    """A partner writes one line (``text``, ≤ MAX_UNDERSTANDING_CHARS
    characters) of what they understood. It stays private until both have
    written theirs; then both lines are revealed and the exercise completes.

    Raises OutOfTurn outside the closing round or when already written,
    TextRequired, TextTooLong.
    """
    ex = floor_of(state)
    _require_phase(ex, "closing")
    if cmd.actor in ex["understandings"]:
        raise OutOfTurn("You have already written your line.")
    text = clean_text(cmd.payload, "text", limit=MAX_UNDERSTANDING_CHARS)
    ex["understandings"][cmd.actor] = text
    events = [Event("understanding_written", {"by": cmd.actor, "text": text}, private_to=cmd.actor)]
    if len(ex["understandings"]) == 2:
        summary = {
            "topic": ex["topic"],
            "mode": ex["mode"],
            "exchanges": ex["exchange_count"],
            "turns": ex["turn"],
            "understandings": dict(ex["understandings"]),
            "talk_time": {pid: dict(counts) for pid, counts in ex["talk_time"].items()},
        }
        revealed = {"understandings": summary["understandings"]}
        events.append(Event("understandings_revealed", revealed))
        events.append(exercise_complete(state, finished=True, summary=summary))
    return events
