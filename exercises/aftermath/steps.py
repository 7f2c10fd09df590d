"""The aftermath conversation's frame: start, view, whose move it is, the
calm check and steps 1 to 3 (feelings, perspectives, triggers).

See :mod:`exercises.aftermath` for the technique and the order of the steps;
steps 4 and 5 (own part and apology, next time and requests) are in
:mod:`exercises.aftermath.amends`.
"""

from __future__ import annotations

from typing import Any

from exercises.aftermath.plan import plan_items_from
from exercises.engine import (
    Command,
    Event,
    ExerciseSpec,
    InvalidChoice,
    PartnerId,
    RuleError,
    State,
    Step,
    clean_text,
    command,
    exercise,
    other_partner,
)
from exercises.repair import fallback_feeling_groups
from exercises.session_flow import exercise_complete

KIND = "aftermath"
TITLE = "Aftermath of a regrettable incident"
STEPS = ("calm_check", "feelings", "perspectives", "triggers", "ownership", "next_time")
FIRST_PHASE = {"perspectives": "describe", "ownership": "own", "next_time": "propose"}
"""The phase each step opens with (other steps have none)."""
ANSWERING_PHASES = {
    ("perspectives", "validate"),
    ("ownership", "apology_answer"),
    ("next_time", "request_answer"),
}
"""(step, phase) pairs in which the *other* partner answers the one whose turn it is."""
CALM_ANSWERS = ("calm", "not_yet")

MAX_INCIDENT_CHARS = 120
"""The optional short name of the incident (the start form's ``topic``)."""
MAX_FEELINGS = 6
"""Feeling words one partner may choose in step 1."""
MAX_PERSPECTIVE_CHARS = 600
MAX_VALIDATION_CHARS = 600
MAX_CLARIFICATION_CHARS = 600
MAX_TRIGGER_CHARS = 400
MAX_OWNERSHIP_CHARS = 400
MAX_NEXT_TIME_CHARS = 280
MAX_APOLOGY_CHARS = 400
MAX_STILL_NEED_CHARS = 400
MAX_REQUEST_CHARS = 280


class NotYourTurn(RuleError):
    code = "not_your_turn"


class WrongStep(RuleError):
    code = "wrong_step"


class FeelingsRequired(RuleError):
    code = "feelings_required"


class TooManyFeelings(RuleError):
    code = "too_many_feelings"


class UnknownFeeling(RuleError):
    code = "unknown_feeling"


class AlreadyAnswered(RuleError):
    code = "already_answered"


def feeling_groups() -> list[dict[str, Any]]:
    """The feeling words offered in step 1: ``[{"group": str, "words": [str]}]``.

    The needs-unmet groups of the I-statement lexicon (``exercises.lexicon``,
    data/feelings.json; NVC feelings list) when it can be loaded, else the
    small fallback list in data/repair_phrases.json.
    """
    try:
        from exercises import lexicon

        groups = [
            {"group": g["group"], "words": list(g["words"])}
            for g in lexicon.feeling_groups()
            if not g.get("needs_met")
        ]
    except (ImportError, OSError, KeyError, ValueError):
        groups = []
    return groups or fallback_feeling_groups()


def picker_groups() -> list[dict[str, Any]]:
    """The words offered by the step-1 picker: :func:`feeling_groups` without
    the comparatives, superlatives and near-duplicates of data/feelings.json
    ``picker_omit``; every word of :func:`feeling_groups` is still accepted.
    Same shape ``[{"group": str, "words": [str]}]``."""
    try:
        from exercises import lexicon

        omit = {w.lower() for w in lexicon.load("feelings.json")["picker_omit"]["words"]}
    except (ImportError, OSError, KeyError, ValueError):
        omit = set()
    return [
        {"group": g["group"], "words": [w for w in g["words"] if w.lower() not in omit]}
        for g in feeling_groups()
    ]


def _feeling_words() -> frozenset[str]:
    return frozenset(w.lower() for g in feeling_groups() for w in g["words"])


# --- start and view --------------------------------------------------------------


def _start(state: State, cmd: Command) -> tuple[dict[str, Any], Step]:
    """Options: ``first_speaker`` (a partner id, who goes first in every step),
    optional ``topic`` (a short name for the incident, ≤ MAX_INCIDENT_CHARS
    characters), optional ``mode`` (only ``"typed"``).

    Raises InvalidChoice, TextTooLong.
    """
    first = cmd.payload.get("first_speaker")
    if not isinstance(first, str) or first not in state["partners"]:
        raise InvalidChoice("Choose which of you goes first.", field="first_speaker")
    if cmd.payload.get("mode", "typed") != "typed":
        raise InvalidChoice("This conversation is written.", field="mode", choices=["typed"])
    incident = clean_text(cmd.payload, "topic", limit=MAX_INCIDENT_CHARS, required=False)
    exercise_state: dict[str, Any] = {
        "kind": KIND,
        "incident": incident,
        "order": [first, other_partner(state, first)],
        "step": STEPS[0],
        "turn": None,
        "phase": None,
        "calm": {},
        "not_yet": None,
        "feelings": {},
        "perspectives": {},
        "triggers": {},
        "ownership": {},
        "next_time": {},
        "apologies": {},
        "requests": {},
    }
    return exercise_state, [Event("aftermath_step_started", {"step": STEPS[0], "turn": None})]


def waiting_for(ex: dict[str, Any]) -> PartnerId | None:
    """The partner whose move it is: ``None`` in the calm check (both answer,
    in any order); the other partner while they answer (validate a
    perspective, answer an apology or a request); otherwise the partner whose
    turn it is in the step."""
    if ex["step"] == "calm_check":
        return None
    if (ex["step"], ex["phase"]) in ANSWERING_PHASES:
        a, b = ex["order"]
        return b if ex["turn"] == a else a
    return ex["turn"]


def _view(exercise_state: dict[str, Any], viewer: PartnerId) -> dict[str, Any]:
    """Everything is shared; adds ``waiting_for`` (the partner who acts next)."""
    return {**exercise_state, "waiting_for": waiting_for(exercise_state)}


exercise(ExerciseSpec(KIND, TITLE, _start, _view))


# --- turn-taking -------------------------------------------------------------------


def require(ex: dict[str, Any], actor: PartnerId, step: str, phase: str | None = None) -> None:
    """Raise WrongStep unless ``step`` (and ``phase``) is open, NotYourTurn
    unless ``actor`` is the partner who acts next."""
    if ex["step"] != step or (phase is not None and ex["phase"] != phase):
        raise WrongStep(
            "That belongs to another step of the conversation.",
            step=ex["step"],
            phase=ex["phase"],
        )
    if waiting_for(ex) is not None and actor != waiting_for(ex):
        raise NotYourTurn("It is your partner's turn; yours comes next.", turn=waiting_for(ex))


def _done(ex: dict[str, Any], step: str, partner: PartnerId) -> bool:
    """Whether ``partner`` has finished their whole part of ``step`` (including
    the other's answer to their apology or request)."""
    if step == "perspectives":
        return bool(ex["perspectives"].get(partner, {}).get("confirmed"))
    if step in ("ownership", "next_time"):
        settled = ex["apologies" if step == "ownership" else "requests"]
        return partner in settled and (
            settled[partner] is None or settled[partner]["answer"] is not None
        )
    return partner in ex[step]


def advance(state: State, ex: dict[str, Any], actor: PartnerId) -> Step:
    """After ``actor`` finished their part of the current step: pass the turn,
    open the next step, or complete the exercise after the last one."""
    step = ex["step"]
    other = other_partner(state, actor)
    if not _done(ex, step, other):
        ex["turn"] = other
        ex["phase"] = FIRST_PHASE.get(step)
        return [Event("aftermath_turn_passed", {"step": step, "turn": other})]
    index = STEPS.index(step)
    if index + 1 < len(STEPS):
        ex["step"] = STEPS[index + 1]
        ex["turn"] = ex["order"][0]
        ex["phase"] = FIRST_PHASE.get(ex["step"])
        return [Event("aftermath_step_started", {"step": ex["step"], "turn": ex["turn"]})]
    return [exercise_complete(state, finished=True, summary=summary_of(ex))]


def summary_of(ex: dict[str, Any]) -> dict[str, Any]:
    """The record kept in ``state["completed"]``: ``{"incident", "order",
    "feelings": {pid: [words]}, "perspectives": {pid: {"text", "validation"}},
    "triggers", "ownership", "next_time": {pid: text}, "apologies": {pid:
    {"text", "answer", "still_need"} | None}, "requests": {pid: {"text",
    "answer", "agreed"} | None}, "plan": [plan items]}`` (plan items as
    :func:`exercises.aftermath.plan.plan_items_from` makes them)."""

    return {
        "incident": ex["incident"],
        "order": list(ex["order"]),
        "feelings": {pid: list(words) for pid, words in ex["feelings"].items()},
        "perspectives": {
            pid: {"text": p["text"], "validation": p["validation"]}
            for pid, p in ex["perspectives"].items()
        },
        "triggers": dict(ex["triggers"]),
        "ownership": dict(ex["ownership"]),
        "next_time": dict(ex["next_time"]),
        "apologies": {pid: a and dict(a) for pid, a in ex["apologies"].items()},
        "requests": {pid: r and dict(r) for pid, r in ex["requests"].items()},
        "plan": plan_items_from(ex),
    }


# --- before step 1: are we both calm enough? ------------------------------------------


@command("aftermath_calm_answer", exercise=KIND, independent=True)
def aftermath_calm_answer(state: State, cmd: Command) -> Step:
    """Before step 1 each partner says whether they are calm enough to go back
    over the incident: ``answer`` is ``"calm"`` or ``"not_yet"``, in any order.

    Gottman's aftermath is processed only once both partners are calm; a
    flooded partner cannot take in the other's perspective. When both answer
    ``"calm"``, step 1 opens. A ``"not_yet"`` clears both answers and sets
    ``exercise.not_yet = {"by", "at"}`` (seconds since the epoch): the page
    offers a time-out (``time_out_call``) or stopping for now
    (``exercise_stop``); afterwards both answer again.

    Raises WrongStep after the check, InvalidChoice for another answer,
    AlreadyAnswered when the actor said "calm" already.
    """
    ex = state["exercise"]
    require(ex, cmd.actor, "calm_check")
    answer = cmd.payload.get("answer")
    if answer not in CALM_ANSWERS:
        raise InvalidChoice(
            "Say whether you are calm enough, or not yet.", field="answer",
            choices=list(CALM_ANSWERS),
        )
    if cmd.actor in ex["calm"]:
        raise AlreadyAnswered("You have answered; your partner's answer is awaited.")
    if answer == "not_yet":
        ex["calm"] = {}
        ex["not_yet"] = {"by": cmd.actor, "at": cmd.now}
        return [Event("aftermath_not_calm_yet", {"by": cmd.actor})]
    ex["calm"][cmd.actor] = answer
    ex["not_yet"] = None
    events = [Event("aftermath_calm_answered", {"by": cmd.actor, "answer": answer})]
    if len(ex["calm"]) < 2:
        return events
    ex["step"] = STEPS[1]
    ex["turn"] = ex["order"][0]
    ex["phase"] = FIRST_PHASE.get(ex["step"])
    return [*events, Event("aftermath_step_started", {"step": ex["step"], "turn": ex["turn"]})]


# --- step 1: feelings ----------------------------------------------------------------


@command("aftermath_feelings_name", exercise=KIND)
def aftermath_feelings_name(state: State, cmd: Command) -> Step:
    """Step 1: the partner whose turn it is names how they felt: ``feelings``,
    1 to MAX_FEELINGS words from :func:`feeling_groups` (case-insensitive,
    repeats counted once), without explaining them yet.

    Raises WrongStep, NotYourTurn, FeelingsRequired, TooManyFeelings,
    UnknownFeeling (details: ``words``).
    """
    ex = state["exercise"]
    require(ex, cmd.actor, "feelings")
    raw = cmd.payload.get("feelings")
    if not isinstance(raw, list | tuple) or not all(isinstance(w, str) for w in raw):
        raise FeelingsRequired("Choose at least one feeling word.")
    words = list(dict.fromkeys(w.strip().lower() for w in raw if w.strip()))
    if not words:
        raise FeelingsRequired("Choose at least one feeling word.")
    if len(words) > MAX_FEELINGS:
        raise TooManyFeelings(f"Choose up to {MAX_FEELINGS} words.", limit=MAX_FEELINGS)
    unknown = [w for w in words if w not in _feeling_words()]
    if unknown:
        raise UnknownFeeling("Please choose words from the list.", words=unknown)
    ex["feelings"][cmd.actor] = words
    return [
        Event("aftermath_feelings_named", {"by": cmd.actor, "feelings": words}),
        *advance(state, ex, cmd.actor),
    ]


# --- step 2: perspectives ----------------------------------------------------------------


@command("aftermath_perspective_describe", exercise=KIND)
def aftermath_perspective_describe(state: State, cmd: Command) -> Step:
    """Step 2: the partner whose turn it is describes their own experience of
    the incident (``text``, ≤ MAX_PERSPECTIVE_CHARS characters).

    Raises WrongStep, NotYourTurn, TextRequired, TextTooLong.
    """
    ex = state["exercise"]
    require(ex, cmd.actor, "perspectives", "describe")
    text = clean_text(cmd.payload, "text", limit=MAX_PERSPECTIVE_CHARS)
    ex["perspectives"][cmd.actor] = {
        "text": text, "validation": None, "clarification": None, "rounds": 0, "confirmed": False,
    }
    ex["phase"] = "validate"
    return [Event("aftermath_perspective_described", {"by": cmd.actor, "text": text})]


@command("aftermath_perspective_validate", exercise=KIND)
def aftermath_perspective_validate(state: State, cmd: Command) -> Step:
    """Step 2: the other partner summarises the perspective and says what
    makes sense in it (``text``, ≤ MAX_VALIDATION_CHARS characters), without
    arguing about facts.

    Raises WrongStep, NotYourTurn (the describer), TextRequired, TextTooLong.
    """
    ex = state["exercise"]
    require(ex, cmd.actor, "perspectives", "validate")
    text = clean_text(cmd.payload, "text", limit=MAX_VALIDATION_CHARS)
    perspective = ex["perspectives"][ex["turn"]]
    perspective["validation"] = text
    perspective["rounds"] += 1
    ex["phase"] = "confirm"
    return [Event("aftermath_perspective_validated", {"by": cmd.actor, "for": ex["turn"],
                                                      "text": text})]


@command("aftermath_perspective_confirm", exercise=KIND)
def aftermath_perspective_confirm(state: State, cmd: Command) -> Step:
    """Step 2: the describer says "yes, you understand how it was for me".

    Raises WrongStep (nothing awaits confirmation), NotYourTurn.
    """
    ex = state["exercise"]
    require(ex, cmd.actor, "perspectives", "confirm")
    ex["perspectives"][cmd.actor]["confirmed"] = True
    return [
        Event("aftermath_perspective_confirmed", {"by": cmd.actor}),
        *advance(state, ex, cmd.actor),
    ]


@command("aftermath_perspective_clarify", exercise=KIND)
def aftermath_perspective_clarify(state: State, cmd: Command) -> Step:
    """Step 2: the describer says what was missed (``text``, ≤
    MAX_CLARIFICATION_CHARS characters); the other validates again.

    Raises WrongStep, NotYourTurn, TextRequired, TextTooLong.
    """
    ex = state["exercise"]
    require(ex, cmd.actor, "perspectives", "confirm")
    text = clean_text(cmd.payload, "text", limit=MAX_CLARIFICATION_CHARS)
    ex["perspectives"][cmd.actor]["clarification"] = text
    ex["phase"] = "validate"
    return [Event("aftermath_perspective_clarified", {"by": cmd.actor, "text": text})]


# --- step 3: triggers (steps 4 and 5 are in amends.py) -----------------------------------


def share(
    state: State, cmd: Command, step: str, limit: int, event_type: str, phase: str | None = None
) -> Step:
    """The partner whose turn it is writes their line of ``step`` (``text``, ≤
    ``limit`` characters); then the turn or step moves on. Raises WrongStep,
    NotYourTurn, TextRequired, TextTooLong."""
    ex = state["exercise"]
    require(ex, cmd.actor, step, phase)
    text = clean_text(cmd.payload, "text", limit=limit)
    ex[step][cmd.actor] = text
    return [Event(event_type, {"by": cmd.actor, "text": text}), *advance(state, ex, cmd.actor)]


@command("aftermath_trigger_name", exercise=KIND)
def aftermath_trigger_name(state: State, cmd: Command) -> Step:
    """Step 3: what set me off (``text``, ≤ MAX_TRIGGER_CHARS characters),
    perhaps an old sore spot the moment touched.

    Raises WrongStep, NotYourTurn, TextRequired, TextTooLong.
    """
    return share(state, cmd, "triggers", MAX_TRIGGER_CHARS, "aftermath_trigger_named")
