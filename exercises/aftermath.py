"""Aftermath of a regrettable incident: going back over a fight, calmly, in turns.

After the structure of Gottman's "Aftermath of a Fight or Regrettable
Incident" (John Gottman & Julie Schwartz Gottman, Gottman Institute
materials): once both partners are calm, they process, rather than re-fight,
what happened. Both accounts can be valid at once; nobody argues about the
facts. Five steps, each partner in turn (the partner chosen at the start
goes first in every step):

1. ``feelings``: each names how they felt, by choosing feeling words (no
   explanation yet). The words come from the I-statement lexicon
   (:func:`exercises.lexicon.feeling_groups`, the needs-unmet groups) when
   it is available, else from ``data/repair_phrases.json``.
2. ``perspectives``: each describes their own experience (phase
   ``describe``); the other summarises and validates it ("it makes sense to
   me that… because…", phase ``validate``) without disputing it; the
   describer confirms (phase ``confirm``) or clarifies (back to
   ``validate``).
3. ``triggers``: each names what set them off.
4. ``ownership``: each owns one part of their own contribution.
5. ``next_time``: each proposes one thing to do differently next time.

Then the exercise completes with a summary both partners see. Everything is
shared between the partners; nothing here is private. The server enforces
whose turn it is (``not_your_turn``) and which step is open (``wrong_step``).
"""

from __future__ import annotations

from typing import Any

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
STEPS = ("feelings", "perspectives", "triggers", "ownership", "next_time")

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
        "turn": first,
        "phase": None,
        "feelings": {},
        "perspectives": {},
        "triggers": {},
        "ownership": {},
        "next_time": {},
    }
    return exercise_state, [Event("aftermath_step_started", {"step": STEPS[0], "turn": first})]


def waiting_for(ex: dict[str, Any]) -> PartnerId:
    """The partner whose move it is: the validator while a perspective awaits
    validation, otherwise the partner whose turn it is in the step."""
    if ex["step"] == "perspectives" and ex["phase"] == "validate":
        a, b = ex["order"]
        return b if ex["turn"] == a else a
    return ex["turn"]


def _view(exercise_state: dict[str, Any], viewer: PartnerId) -> dict[str, Any]:
    """Everything is shared; adds ``waiting_for`` (the partner who acts next)."""
    return {**exercise_state, "waiting_for": waiting_for(exercise_state)}


exercise(ExerciseSpec(KIND, TITLE, _start, _view))


# --- turn-taking -------------------------------------------------------------------


def _require(ex: dict[str, Any], actor: PartnerId, step: str, phase: str | None = None) -> None:
    """Raise WrongStep unless ``step`` (and ``phase``) is open, NotYourTurn
    unless ``actor`` is the partner who acts next."""
    if ex["step"] != step or (phase is not None and ex["phase"] != phase):
        raise WrongStep(
            "That belongs to another step of the conversation.",
            step=ex["step"],
            phase=ex["phase"],
        )
    if actor != waiting_for(ex):
        raise NotYourTurn("It is your partner's turn; yours comes next.", turn=waiting_for(ex))


def _done(ex: dict[str, Any], step: str, partner: PartnerId) -> bool:
    if step == "perspectives":
        return bool(ex["perspectives"].get(partner, {}).get("confirmed"))
    return partner in ex[step]


def _advance(state: State, ex: dict[str, Any], actor: PartnerId) -> Step:
    """After ``actor`` finished their part of the current step: pass the turn,
    open the next step, or complete the exercise after the last one."""
    step = ex["step"]
    other = other_partner(state, actor)
    if not _done(ex, step, other):
        ex["turn"] = other
        ex["phase"] = "describe" if step == "perspectives" else None
        return [Event("aftermath_turn_passed", {"step": step, "turn": other})]
    index = STEPS.index(step)
    if index + 1 < len(STEPS):
        ex["step"] = STEPS[index + 1]
        ex["turn"] = ex["order"][0]
        ex["phase"] = "describe" if ex["step"] == "perspectives" else None
        return [Event("aftermath_step_started", {"step": ex["step"], "turn": ex["turn"]})]
    return [exercise_complete(state, finished=True, summary=summary_of(ex))]


def summary_of(ex: dict[str, Any]) -> dict[str, Any]:
    """The record kept in ``state["completed"]``: ``{"incident", "order",
    "feelings": {pid: [words]}, "perspectives": {pid: {"text", "validation"}},
    "triggers", "ownership", "next_time": {pid: text}}``."""
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
    }


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
    _require(ex, cmd.actor, "feelings")
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
        *_advance(state, ex, cmd.actor),
    ]


# --- step 2: perspectives ----------------------------------------------------------------


@command("aftermath_perspective_describe", exercise=KIND)
def aftermath_perspective_describe(state: State, cmd: Command) -> Step:
    """Step 2: the partner whose turn it is describes their own experience of
    the incident (``text``, ≤ MAX_PERSPECTIVE_CHARS characters).

    Raises WrongStep, NotYourTurn, TextRequired, TextTooLong.
    """
    ex = state["exercise"]
    _require(ex, cmd.actor, "perspectives", "describe")
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
    _require(ex, cmd.actor, "perspectives", "validate")
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
    _require(ex, cmd.actor, "perspectives", "confirm")
    ex["perspectives"][cmd.actor]["confirmed"] = True
    return [
        Event("aftermath_perspective_confirmed", {"by": cmd.actor}),
        *_advance(state, ex, cmd.actor),
    ]


@command("aftermath_perspective_clarify", exercise=KIND)
def aftermath_perspective_clarify(state: State, cmd: Command) -> Step:
    """Step 2: the describer says what was missed (``text``, ≤
    MAX_CLARIFICATION_CHARS characters); the other validates again.

    Raises WrongStep, NotYourTurn, TextRequired, TextTooLong.
    """
    ex = state["exercise"]
    _require(ex, cmd.actor, "perspectives", "confirm")
    text = clean_text(cmd.payload, "text", limit=MAX_CLARIFICATION_CHARS)
    ex["perspectives"][cmd.actor]["clarification"] = text
    ex["phase"] = "validate"
    return [Event("aftermath_perspective_clarified", {"by": cmd.actor, "text": text})]


# --- steps 3 to 5: one line each, in turn ------------------------------------------------


def _share(state: State, cmd: Command, step: str, limit: int, event_type: str) -> Step:
    ex = state["exercise"]
    _require(ex, cmd.actor, step)
    text = clean_text(cmd.payload, "text", limit=limit)
    ex[step][cmd.actor] = text
    return [Event(event_type, {"by": cmd.actor, "text": text}), *_advance(state, ex, cmd.actor)]


@command("aftermath_trigger_name", exercise=KIND)
def aftermath_trigger_name(state: State, cmd: Command) -> Step:
    """Step 3: what set me off (``text``, ≤ MAX_TRIGGER_CHARS characters),
    perhaps an old sore spot the moment touched.

    Raises WrongStep, NotYourTurn, TextRequired, TextTooLong.
    """
    return _share(state, cmd, "triggers", MAX_TRIGGER_CHARS, "aftermath_trigger_named")


@command("aftermath_part_own", exercise=KIND)
def aftermath_part_own(state: State, cmd: Command) -> Step:
    """Step 4: one part I played in it (``text``, ≤ MAX_OWNERSHIP_CHARS
    characters), owned without excuse.

    Raises WrongStep, NotYourTurn, TextRequired, TextTooLong.
    """
    return _share(state, cmd, "ownership", MAX_OWNERSHIP_CHARS, "aftermath_part_owned")


@command("aftermath_next_time_propose", exercise=KIND)
def aftermath_next_time_propose(state: State, cmd: Command) -> Step:
    """Step 5: one thing I will do differently next time (``text``, ≤
    MAX_NEXT_TIME_CHARS characters). After the second partner's, the exercise
    completes with :func:`summary_of`.

    Raises WrongStep, NotYourTurn, TextRequired, TextTooLong.
    """
    return _share(state, cmd, "next_time", MAX_NEXT_TIME_CHARS, "aftermath_next_time_proposed")


def client_config() -> dict[str, Any]:
    """What the live page needs (``config.aftermath`` in
    static/js/exercises/aftermath.js): ``{"feelings": feeling_groups(),
    "max_feelings", "limits": {field: characters}}``."""
    return {
        "feelings": feeling_groups(),
        "max_feelings": MAX_FEELINGS,
        "limits": {
            "incident": MAX_INCIDENT_CHARS,
            "perspective": MAX_PERSPECTIVE_CHARS,
            "validation": MAX_VALIDATION_CHARS,
            "clarification": MAX_CLARIFICATION_CHARS,
            "trigger": MAX_TRIGGER_CHARS,
            "ownership": MAX_OWNERSHIP_CHARS,
            "next_time": MAX_NEXT_TIME_CHARS,
        },
    }
