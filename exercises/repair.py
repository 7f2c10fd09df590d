"""Repair attempts and time-outs for flooding: session-wide, at any step.

*Repair attempts* (John Gottman, *The Relationship Cure*; Gottman & Silver,
*The Seven Principles for Making Marriage Work*): a bid to de-escalate or
reconnect during conflict. Either partner sends one at any moment (inside any
exercise or between exercises), picked from a checklist grouped by intent
(``data/repair_phrases.json``, after the Gottman Repair Checklist) or in their
own words; the other partner acknowledges it once: "Thank you, I'm with you"
or "I need a moment". The session counts the repair attempts each partner
made and received (``state["repair_counts"]``); only the last
:data:`RECENT_REPAIRS` stay in ``state["repairs"]``, the full record is the
event log.

*Time-out* (Gottman's research on physiological flooding: the body needs at
least 20 minutes to settle): either partner, or a facilitator, calls it; the
server stores an absolute deadline ``ends_at`` and the engine refuses every
command not registered with ``during_time_out=True`` (code
``time_out_active``) until both partners have come back after the deadline.
The running exercise is left untouched, so it continues exactly where it was.

Decisions:

- Repair attempts and their acknowledgements are allowed *during* a time-out:
  reaching back ("I'm not walking away from us") is what a repair attempt is
  for, and it changes nothing in the exercise.
- Everything here is allowed while a facilitator has paused the session: a
  pause stops the exercise, not the partners' ways to calm things down.
- A partner may have at most :data:`MAX_WAITING_REPAIRS` repair attempts
  waiting for an answer, so a flooded partner is not buried under bids.
- A time-out may be a long break, up to 24 hours, with an agreed return
  time: the partner who calls it proposes the return, either partner can
  move it (``time_out_return_set``) and the other agrees to it
  (``time_out_return_agree``). Either may ask to be reminded when it is time
  (``time_out_remind_me``) and leave the session meanwhile.
- Either partner can end the session during a time-out (``session_end`` is
  accepted then, in exercises/session_flow.py): after a hard fight, stopping
  for today is a legitimate choice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from exercises.engine import (
    FACILITATOR,
    PARTNER,
    Command,
    Event,
    InvalidChoice,
    PartnerId,
    RuleError,
    State,
    Step,
    clean_text,
    command,
    other_partner,
)

MAX_REPAIR_CHARS = 280
"""A repair attempt in one's own words (characters, after stripping)."""
RECENT_REPAIRS = 20
"""Repair attempts kept in the live state; counts are kept separately."""
MAX_WAITING_REPAIRS = 3
"""Unanswered repair attempts one partner may have waiting at once."""
ANSWERS = ("with_you", "need_a_moment")

TIME_OUT_DEFAULT_MINUTES = 20
TIME_OUT_MIN_MINUTES = 20
"""Never shorter: flooding takes at least 20 minutes to pass (Gottman)."""
TIME_OUT_MAX_MINUTES = 24 * 60
"""The longest break (24 hours): the most it may still have to run when called
or extended, and the latest return time after its start."""
TIME_OUT_EXTEND_MIN_MINUTES = 5

BOTH_ROLES = frozenset({PARTNER, FACILITATOR})


class RepairPhraseOrText(RuleError):
    code = "repair_phrase_or_text"


class UnknownRepairPhrase(RuleError):
    code = "unknown_repair_phrase"


class TooManyWaitingRepairs(RuleError):
    code = "too_many_waiting_repairs"


class RepairNotFound(RuleError):
    code = "repair_not_found"


class NotRepairRecipient(RuleError):
    code = "not_repair_recipient"


class RepairAlreadyAcknowledged(RuleError):
    code = "repair_already_acknowledged"


class PhraseNotAvailableNow(RuleError):
    code = "phrase_not_available_now"


class PhraseHidden(RuleError):
    code = "phrase_hidden"


class TimeOutTooShort(RuleError):
    code = "time_out_too_short"


class TimeOutTooLong(RuleError):
    code = "time_out_too_long"


class NoTimeOut(RuleError):
    code = "no_time_out"


class TimeOutNotOver(RuleError):
    code = "time_out_not_over"


class AlreadyReturned(RuleError):
    code = "already_returned"


class AlreadyAgreed(RuleError):
    code = "already_agreed"


# --- the checklist -------------------------------------------------------------


@cache
def _data() -> dict[str, Any]:
    raw = resources.files("exercises").joinpath("data/repair_phrases.json").read_text("utf-8")
    return json.loads(raw)


def phrase_groups() -> list[dict[str, Any]]:
    """The repair checklist: ``[{"intent", "label", "phrases": [{"id", "text"}]}]``,
    from data/repair_phrases.json (a fresh copy each call)."""
    return json.loads(json.dumps(_data()["groups"]))


@cache
def _phrases_by_id() -> dict[str, dict[str, str | None]]:
    return {
        p["id"]: {"intent": g["intent"], "text": p["text"], "when": p.get("when"),
                  "offers": p.get("offers")}
        for g in _data()["groups"]
        for p in g["phrases"]
    }


def phrase_ids() -> frozenset[str]:
    """Every phrase id of the checklist."""
    return frozenset(_phrases_by_id())


def _available(state: State, actor: PartnerId, phrase: Mapping[str, Any]) -> bool:
    """Whether a phrase with a ``when`` condition may be sent now.
    ``"speaker_holds_floor"``: only by the speaker of a running active-listening
    exercise, during the exchanges (Speaker-Listener technique: the floor
    holder may finish their piece)."""
    if phrase.get("when") != "speaker_holds_floor":
        return True
    running = state["exercise"]
    return bool(
        running
        and running["kind"] == "active_listening"
        and running["speaker"] == actor
        and running["phase"] != "closing"
    )


def acknowledgements() -> dict[str, str]:
    """Answer code → the words shown for it (``{"with_you": "Thank you, I'm with you", ...}``)."""
    return dict(_data()["acknowledgements"])


def time_out_guidance() -> dict[str, Any]:
    """``{"suggestions": [str], "reentry": str, "source": str}``: self-soothing
    suggestions during a time-out and the gentle prompt shown on return."""
    return json.loads(json.dumps(_data()["time_out"]))


def fallback_feeling_groups() -> list[dict[str, Any]]:
    """``[{"group", "words"}]``: feeling words for the aftermath exercise when the
    I-statement lexicon is unavailable."""
    return json.loads(json.dumps(_data()["fallback_feelings"]["groups"]))


# --- repair attempts -----------------------------------------------------------


def _counts(state: State) -> dict[PartnerId, dict[str, int]]:
    """``state["repair_counts"]``, created on first use: ``{partner: {"made", "received"}}``."""
    return state.setdefault(
        "repair_counts", {pid: {"made": 0, "received": 0} for pid in state["partners"]}
    )


@command("repair_send", during_time_out=True, while_paused=True, independent=True)
def repair_send(state: State, cmd: Command) -> Step:
    """A partner sends a repair attempt to the other: exactly one of
    ``phrase_id`` (an id from the checklist) or ``text`` (own words, ≤
    MAX_REPAIR_CHARS characters after stripping).

    Gottman Repair Checklist. Allowed at any step, between exercises and during
    a time-out. Stored as ``{"id", "from", "to", "phrase_id", "intent", "text",
    "sent_at", "answer", "answered_at", "offers_time_out"}`` (``intent`` is
    ``"own_words"`` for text); ``sent_at`` is ``cmd.now`` (seconds since the
    epoch). ``offers_time_out`` is true for the flooding phrase: the page then
    offers ``time_out_call`` in one tap.

    Raises RepairPhraseOrText unless exactly one of the two is given,
    UnknownRepairPhrase, PhraseNotAvailableNow ("please let me finish" outside
    the speaker's turn in active listening), PhraseHidden (a phrase the
    recipient marked as irritating in the couple's repair list), TextRequired
    (blank text), TextTooLong, TooManyWaitingRepairs past MAX_WAITING_REPAIRS
    unanswered ones.
    """
    payload = cmd.payload
    has_phrase, has_text = payload.get("phrase_id") is not None, payload.get("text") is not None
    if has_phrase == has_text:
        raise RepairPhraseOrText("Choose a phrase from the list or write your own, not both.")
    if has_phrase:
        phrase_id = payload["phrase_id"]
        phrase = _phrases_by_id().get(phrase_id) if isinstance(phrase_id, str) else None
        if phrase is None:
            raise UnknownRepairPhrase("That phrase is not on the list.", phrase_id=phrase_id)
        if not _available(state, cmd.actor, phrase):
            raise PhraseNotAvailableNow(
                "That one is for the partner holding the floor, while they speak.",
                phrase_id=phrase_id,
            )
        recipient_marks = state.get("repair_lists", {}).get(other_partner(state, cmd.actor), {})
        if recipient_marks.get(phrase_id) == "irritating":
            raise PhraseHidden(
                "Your partner asked not to get that one. Choose another, or use your own words.",
                phrase_id=phrase_id,
            )
        intent, text = phrase["intent"], phrase["text"]
    else:
        text = clean_text(payload, "text", limit=MAX_REPAIR_CHARS)
        phrase_id, intent, phrase = None, "own_words", None
    recipient = other_partner(state, cmd.actor)
    waiting = [r for r in state["repairs"] if r["from"] == cmd.actor and r["answer"] is None]
    if len(waiting) >= MAX_WAITING_REPAIRS:
        raise TooManyWaitingRepairs(
            "Give your partner a moment to answer the ones you already sent.",
            waiting=len(waiting),
        )
    counts = _counts(state)
    counts[cmd.actor]["made"] += 1
    counts[recipient]["received"] += 1
    repair = {
        "id": f"r{sum(c['made'] for c in counts.values())}",
        "from": cmd.actor,
        "to": recipient,
        "phrase_id": phrase_id,
        "intent": intent,
        "text": text,
        "sent_at": cmd.now,
        "answer": None,
        "answered_at": None,
        "offers_time_out": phrase is not None and phrase["offers"] == "time_out",
    }
    state["repairs"] = [*state["repairs"], repair][-RECENT_REPAIRS:]
    return [Event("repair_sent", dict(repair))]


@command("repair_acknowledge", during_time_out=True, while_paused=True, independent=True)
def repair_acknowledge(state: State, cmd: Command) -> Step:
    """The recipient answers a repair attempt once: ``repair_id`` and
    ``answer`` (``"with_you"``: "Thank you, I'm with you"; ``"need_a_moment"``).

    Raises RepairNotFound (unknown, or no longer among the last
    RECENT_REPAIRS), NotRepairRecipient (the sender or anyone else),
    RepairAlreadyAcknowledged, InvalidChoice for another answer.
    """
    repair_id = cmd.payload.get("repair_id")
    repair = next((r for r in state["repairs"] if r["id"] == repair_id), None)
    if repair is None:
        raise RepairNotFound("That repair attempt is no longer here.", repair_id=repair_id)
    if repair["to"] != cmd.actor:
        raise NotRepairRecipient("Only the partner it was sent to can answer it.")
    if repair["answer"] is not None:
        raise RepairAlreadyAcknowledged("You have already answered this one.")
    answer = cmd.payload.get("answer")
    if answer not in ANSWERS:
        raise InvalidChoice("Choose one of the two answers.", field="answer", choices=list(ANSWERS))
    repair["answer"] = answer
    repair["answered_at"] = cmd.now
    return [Event("repair_acknowledged", {"id": repair_id, "by": cmd.actor, "answer": answer})]


# --- time-out ------------------------------------------------------------------


def _minutes(payload: Mapping[str, Any], *, default: int | None, low: int) -> int:
    """``payload["minutes"]`` as a whole number of minutes. Raises InvalidChoice
    if it is not an integer, TimeOutTooShort below ``low``."""
    minutes = payload.get("minutes", default)
    if minutes is None:
        raise InvalidChoice("Say how many minutes.", field="minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise InvalidChoice("Minutes must be a whole number.", field="minutes")
    if minutes < low:
        raise TimeOutTooShort(f"A break needs at least {low} minutes.", minimum=low)
    return minutes


@command("time_out_call", roles=BOTH_ROLES, while_paused=True)
def time_out_call(state: State, cmd: Command) -> Step:
    """Call a time-out for flooding: a shared break of ``minutes`` (default
    TIME_OUT_DEFAULT_MINUTES, at least TIME_OUT_MIN_MINUTES, at most
    TIME_OUT_MAX_MINUTES) with the absolute deadline
    ``ends_at = cmd.now + minutes * 60`` (seconds since the epoch).

    Gottman: a flooded body needs at least 20 minutes to calm down. Sets
    ``state["time_out"] = {"id", "called_by", "started_at", "minutes",
    "ends_at", "returned": [], "agreed_by": [the caller if a partner],
    "remind": []}``; ``ends_at`` is the proposed return time. Calling one
    while one runs is refused by the engine with ``time_out_active``.
    Raises InvalidChoice (not an integer), TimeOutTooShort, TimeOutTooLong.
    """
    minutes = _minutes(cmd.payload, default=TIME_OUT_DEFAULT_MINUTES, low=TIME_OUT_MIN_MINUTES)
    if minutes > TIME_OUT_MAX_MINUTES:
        raise TimeOutTooLong(
            f"A break can be at most {TIME_OUT_MAX_MINUTES} minutes.", maximum=TIME_OUT_MAX_MINUTES
        )
    number = state.get("time_out_count", 0) + 1
    state["time_out_count"] = number
    state["time_out"] = {
        "id": f"t{number}",
        "called_by": cmd.actor,
        "started_at": cmd.now,
        "minutes": minutes,
        "ends_at": cmd.now + minutes * 60,
        "returned": [],
        "agreed_by": [cmd.actor] if cmd.actor in state["partners"] else [],
        "remind": [],
    }
    return [Event("time_out_called", {"id": f"t{number}", "by": cmd.actor, "minutes": minutes,
                                      "ends_at": state["time_out"]["ends_at"]})]


def _running_time_out(state: State) -> dict[str, Any]:
    if not state.get("time_out"):
        raise NoTimeOut("There is no time-out right now.")
    return state["time_out"]


@command("time_out_extend", roles=BOTH_ROLES, during_time_out=True, while_paused=True)
def time_out_extend(state: State, cmd: Command) -> Step:
    """Either partner (or a facilitator) asks for more time: the deadline moves
    to ``max(ends_at, cmd.now) + minutes * 60``. ``minutes`` is at least
    TIME_OUT_EXTEND_MIN_MINUTES, and the break may then have at most
    TIME_OUT_MAX_MINUTES still to run. Partners who already came back stay back.

    Raises NoTimeOut, InvalidChoice (not an integer), TimeOutTooShort,
    TimeOutTooLong.
    """
    time_out = _running_time_out(state)
    minutes = _minutes(cmd.payload, default=None, low=TIME_OUT_EXTEND_MIN_MINUTES)
    ends_at = max(time_out["ends_at"], cmd.now) + minutes * 60
    if ends_at - cmd.now > TIME_OUT_MAX_MINUTES * 60:
        raise TimeOutTooLong(
            f"A break can have at most {TIME_OUT_MAX_MINUTES} minutes still to run.",
            maximum=TIME_OUT_MAX_MINUTES,
        )
    time_out["ends_at"] = ends_at
    time_out["minutes"] += minutes
    time_out["agreed_by"] = [cmd.actor] if cmd.actor in state["partners"] else []
    return [Event("time_out_extended", {"id": time_out["id"], "by": cmd.actor,
                                        "minutes": minutes, "ends_at": ends_at})]


@command("time_out_return_set", during_time_out=True, while_paused=True)
def time_out_return_set(state: State, cmd: Command) -> Step:
    """A partner moves the return time of the running time-out to
    ``return_at`` (seconds since the epoch): not before ``started_at`` + 20
    minutes nor before now, not after ``started_at`` + 24 hours. The
    return now counts as agreed by the mover only; the other partner agrees
    with ``time_out_return_agree`` (or moves it again).

    Raises NoTimeOut, InvalidChoice (not a number), TimeOutTooShort
    (details: ``earliest``), TimeOutTooLong (details: ``latest``).
    """
    time_out = _running_time_out(state)
    return_at = cmd.payload.get("return_at")
    if isinstance(return_at, bool) or not isinstance(return_at, int | float):
        raise InvalidChoice("Choose when you will come back.", field="return_at")
    earliest = max(cmd.now, time_out["started_at"] + TIME_OUT_MIN_MINUTES * 60)
    latest = time_out["started_at"] + TIME_OUT_MAX_MINUTES * 60
    if return_at < earliest:
        raise TimeOutTooShort(
            f"A break needs at least {TIME_OUT_MIN_MINUTES} minutes, and the time must be ahead.",
            earliest=earliest,
        )
    if return_at > latest:
        raise TimeOutTooLong("A break can last at most 24 hours.", latest=latest)
    time_out["ends_at"] = float(return_at)
    time_out["minutes"] = round((return_at - time_out["started_at"]) / 60)
    time_out["agreed_by"] = [cmd.actor]
    return [Event("time_out_return_set", {"id": time_out["id"], "by": cmd.actor,
                                          "ends_at": time_out["ends_at"]})]


@command("time_out_return_agree", during_time_out=True, while_paused=True, independent=True)
def time_out_return_agree(state: State, cmd: Command) -> Step:
    """A partner agrees to the proposed return time (``ends_at``). Raises
    NoTimeOut, AlreadyAgreed."""
    time_out = _running_time_out(state)
    if cmd.actor in time_out["agreed_by"]:
        raise AlreadyAgreed("You have agreed to this return time already.")
    time_out["agreed_by"].append(cmd.actor)
    return [Event("time_out_return_agreed", {"id": time_out["id"], "by": cmd.actor,
                                             "ends_at": time_out["ends_at"]})]


@command("time_out_remind_me", during_time_out=True, while_paused=True, independent=True)
def time_out_remind_me(state: State, cmd: Command) -> Step:
    """A partner who leaves during a long break asks to be reminded at the
    return time (``remind``: true, the default) or no longer (false). The
    couple page shows the reminder once ``ends_at`` has passed. Raises
    NoTimeOut, InvalidChoice (not a boolean)."""
    time_out = _running_time_out(state)
    remind = cmd.payload.get("remind", True)
    if not isinstance(remind, bool):
        raise InvalidChoice("Say yes or no.", field="remind")
    time_out["remind"] = sorted({*time_out["remind"], cmd.actor} if remind
                                else set(time_out["remind"]) - {cmd.actor})
    return [Event("time_out_reminder_set", {"id": time_out["id"], "by": cmd.actor,
                                            "remind": remind})]


@command("time_out_return", during_time_out=True, while_paused=True, independent=True)
def time_out_return(state: State, cmd: Command) -> Step:
    """A partner taps "I'm ready to come back" after the deadline. When both
    partners are back the time-out clears, ``state["time_out_last"]`` keeps
    ``{"id", "called_by", "started_at", "ended_at", "minutes"}`` (for the
    one-time re-entry prompt) and the running exercise continues as it was.

    Raises NoTimeOut, TimeOutNotOver before ``ends_at`` (details: ``ends_at``,
    ``seconds_left``), AlreadyReturned.
    """
    time_out = _running_time_out(state)
    if cmd.now < time_out["ends_at"]:
        raise TimeOutNotOver(
            "The break is not over yet. Take the time; it helps.",
            ends_at=time_out["ends_at"],
            seconds_left=round(time_out["ends_at"] - cmd.now),
        )
    if cmd.actor in time_out["returned"]:
        raise AlreadyReturned("You are back already; waiting for your partner.")
    time_out["returned"].append(cmd.actor)
    events = [Event("time_out_returned", {"id": time_out["id"], "by": cmd.actor})]
    if set(time_out["returned"]) >= set(state["partners"]):
        state["time_out"] = None
        # Seconds spent on time-outs in this session: the floor clock of
        # active listening leaves them out (exercises/listening_time.py).
        state["time_out_seconds"] = state.get("time_out_seconds", 0) + max(
            0, round(cmd.now - time_out["started_at"])
        )
        state["time_out_last"] = {
            "id": time_out["id"],
            "called_by": time_out["called_by"],
            "started_at": time_out["started_at"],
            "ended_at": cmd.now,
            "minutes": time_out["minutes"],
        }
        running = state["exercise"]
        events.append(Event("time_out_ended", {
            "id": time_out["id"],
            "exercise": running["kind"] if running else None,
        }))
    return events



def client_config() -> dict[str, Any]:
    """What the live page needs (``config.repair`` in static/js/repair.js):
    ``{"groups", "answers", "limits": {"text", "waiting"}, "time_out":
    {"default", "min", "max", "extend_min", "suggestions", "reentry", "source"}}``
    (minutes for the time-out numbers, characters for ``text``)."""
    guidance = time_out_guidance()
    return {
        "groups": phrase_groups(),
        "answers": acknowledgements(),
        "limits": {"text": MAX_REPAIR_CHARS, "waiting": MAX_WAITING_REPAIRS},
        "time_out": {
            "default": TIME_OUT_DEFAULT_MINUTES,
            "min": TIME_OUT_MIN_MINUTES,
            "max": TIME_OUT_MAX_MINUTES,
            "extend_min": TIME_OUT_EXTEND_MIN_MINUTES,
            **guidance,
        },
    }
