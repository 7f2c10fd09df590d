"""Time around the floor in active listening: practice length, short pauses,
talk-time balance.

The Speaker-Listener technique (Markman, Stanley & Blumberg, *Fighting for
Your Marriage*, PREP): practise in short sessions, and either partner may stop the
conversation for a moment when it drifts or heats up. Attune's reading of it:

* **Practice length.** At the start the couple picks 5 to 15 minutes
  (:data:`PRACTICE_MIN_MINUTES` to :data:`PRACTICE_MAX_MINUTES`, default
  :data:`PRACTICE_DEFAULT_MINUTES`). The state keeps an absolute ``cue_at``
  (seconds since the epoch); when the clock passes it the page shows a gentle
  "you could close soon" cue. Nothing is cut off.
* **Short pause** ("Let's stop for a minute, we're drifting"): either partner
  calls 1 to 5 minutes. It is not a time-out (no flooding, no 20-minute
  minimum, nobody has to "come back"): the server holds an absolute deadline
  ``ends_at``; until it passes, or until either partner ends it early, the
  steps of the exercise wait (``short_pause_active``). A pause that ran out is
  closed by the next command of the exercise (event ``listening_pause_ended``
  with ``early: false``). Repair attempts and time-outs stay available. A
  pause moves the practice cue later by its length.
* **Talk-time balance.** For each partner: how many pieces they said and how
  long they held the floor (seconds from taking the floor to passing it or
  closing, short pauses and time-outs left out), derived from the times of
  the floor events (no microphone). Shown to both at the closing round and
  kept in the summary, without any verdict.

This module does not import :mod:`exercises.active_listening` (which uses it);
its commands are registered for the same exercise kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from exercises.engine import (
    Command,
    Event,
    InvalidChoice,
    OutOfTurn,
    PartnerId,
    RuleError,
    State,
    Step,
    command,
    exercise_host,
)

LISTENING_KIND = "active_listening"

PRACTICE_DEFAULT_MINUTES = 10
PRACTICE_MIN_MINUTES = 5
PRACTICE_MAX_MINUTES = 15
PAUSE_DEFAULT_MINUTES = 2
PAUSE_MIN_MINUTES = 1
PAUSE_MAX_MINUTES = 5
PAUSABLE_PHASES = ("statement", "paraphrase", "confirm", "answer")
"""A pause can be called during the exchanges, not in the closing round."""


class PracticeLengthOutOfRange(RuleError):
    code = "practice_length_out_of_range"


class PauseLengthOutOfRange(RuleError):
    code = "pause_length_out_of_range"


class ShortPauseActive(RuleError):
    code = "short_pause_active"


class NoShortPause(RuleError):
    code = "no_short_pause"


FloorOf = Callable[[dict[str, Any]], dict[str, Any]]
CloseHook = Callable[[State, Command], Step]
FLOOR_HOSTS: dict[str, tuple[FloorOf, CloseHook]] = {}
"""Exercise kinds that run a Speaker-Listener floor inside their own state
(the State of the Union's issue step): kind → (``floor_of(exercise_state)``
returning the floor dict or raising a RuleError when none is open,
``close(state, cmd)`` run instead of the closing round)."""


def floor_host(kind: str, *, floor_of: FloorOf, close: CloseHook) -> None:
    """Let exercise ``kind`` host an active-listening floor: the
    active-listening commands then also run while ``kind`` runs, on the dict
    ``floor_of`` returns; ``listening_close`` hands over to ``close``."""
    FLOOR_HOSTS[kind] = (floor_of, close)
    exercise_host(guest=LISTENING_KIND, host=kind)


def floor_of(state: State) -> dict[str, Any]:
    """The floor the active-listening commands act on: the running exercise
    itself, or the floor inside a host exercise (which may raise a RuleError
    when its floor is not open)."""
    running = state["exercise"]
    if running["kind"] == LISTENING_KIND:
        return running
    return FLOOR_HOSTS[running["kind"]][0](running)


def _whole_minutes(payload: Mapping[str, Any], default: int) -> int:
    minutes = payload.get("minutes", default)
    if minutes is None:
        return default
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise InvalidChoice("Minutes must be a whole number.", field="minutes")
    return minutes


def practice_start(payload: Mapping[str, Any], now: float) -> dict[str, Any]:
    """The practice clock for a new exercise from the start option
    ``practice_minutes`` (whole minutes, 5 to 15, default 10).

    Returns ``{"minutes", "started_at", "cue_at"}`` (seconds since the epoch).
    Raises InvalidChoice (not a whole number), PracticeLengthOutOfRange.
    """
    minutes = payload.get("practice_minutes", PRACTICE_DEFAULT_MINUTES)
    if minutes is None:
        minutes = PRACTICE_DEFAULT_MINUTES
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise InvalidChoice("Minutes must be a whole number.", field="practice_minutes")
    if not PRACTICE_MIN_MINUTES <= minutes <= PRACTICE_MAX_MINUTES:
        raise PracticeLengthOutOfRange(
            f"Choose between {PRACTICE_MIN_MINUTES} and {PRACTICE_MAX_MINUTES} minutes.",
            field="practice_minutes",
            minimum=PRACTICE_MIN_MINUTES,
            maximum=PRACTICE_MAX_MINUTES,
        )
    return {"minutes": minutes, "started_at": now, "cue_at": now + minutes * 60}


# --- breaks and the floor clock ---------------------------------------------------


def _break_seconds(state: State, ex: dict[str, Any]) -> float:
    """Seconds of short pauses in this exercise plus time-outs in the session
    (``state["time_out_seconds"]``, kept by :mod:`exercises.repair`)."""
    return ex.get("pause_seconds", 0.0) + state.get("time_out_seconds", 0.0)


def talk_time_new(partners: list[PartnerId]) -> dict[PartnerId, dict[str, float]]:
    """``{partner: {"pieces": 0, "floor_seconds": 0}}`` for both partners."""
    return {pid: {"pieces": 0, "floor_seconds": 0} for pid in partners}


def floor_clock_start(state: State, ex: dict[str, Any], speaker: PartnerId, now: float) -> None:
    """``speaker`` takes the floor at ``now`` (seconds since the epoch)."""
    ex["floor_clock"] = {"speaker": speaker, "since": now, "breaks": _break_seconds(state, ex)}


def floor_clock_stop(state: State, ex: dict[str, Any], now: float) -> None:
    """The floor holder stops holding it at ``now``: add the seconds held, less
    the breaks taken meanwhile, to their ``floor_seconds`` (whole seconds)."""
    clock = ex.get("floor_clock")
    if not clock:
        return
    breaks = _break_seconds(state, ex) - clock["breaks"]
    held = max(0.0, now - clock["since"] - breaks)
    ex["talk_time"][clock["speaker"]]["floor_seconds"] += round(held)
    ex["floor_clock"] = None


def piece_count(ex: dict[str, Any], speaker: PartnerId) -> None:
    """One more piece said by ``speaker``."""
    ex["talk_time"][speaker]["pieces"] += 1


# --- the short pause -----------------------------------------------------------------


def _pause_close(ex: dict[str, Any], *, now: float, by: PartnerId | None) -> Event:
    pause = ex["pause"]
    ended_at = min(now, pause["ends_at"])
    seconds = max(0.0, ended_at - pause["started_at"])
    ex["pause_seconds"] = ex.get("pause_seconds", 0.0) + seconds
    if ex.get("practice"):
        ex["practice"]["cue_at"] += seconds
    ex["pause"] = None
    return Event(
        "listening_pause_ended",
        {"id": pause["id"], "by": by, "early": by is not None, "seconds": round(seconds)},
    )


def pause_settle(ex: dict[str, Any], now: float) -> Step:
    """Before any step of the exercise: refuse it while a short pause runs,
    close a pause whose deadline has passed (returns its ``listening_pause_ended``
    event), else return ``[]``. Raises ShortPauseActive (details: ``ends_at``,
    ``seconds_left``)."""
    pause = ex.get("pause")
    if not pause:
        return []
    if now < pause["ends_at"]:
        raise ShortPauseActive(
            "You are taking a short pause. It ends by itself, or either of you can end it.",
            ends_at=pause["ends_at"],
            seconds_left=round(pause["ends_at"] - now),
        )
    return [_pause_close(ex, now=now, by=None)]


@command("listening_pause_call", exercise=LISTENING_KIND)
def listening_pause_call(state: State, cmd: Command) -> Step:
    """Either partner stops the conversation for ``minutes`` (whole minutes,
    1 to 5, default 2): "Let's stop for a minute, we're drifting".

    Sets ``exercise.pause = {"id", "by", "minutes", "started_at", "ends_at"}``
    (seconds since the epoch). Raises ShortPauseActive (one runs already),
    OutOfTurn in the closing round, InvalidChoice (not a whole number),
    PauseLengthOutOfRange.
    """
    ex = floor_of(state)
    events = pause_settle(ex, cmd.now)
    if ex["phase"] not in PAUSABLE_PHASES:
        raise OutOfTurn("The closing round is short; finish it first.", phase=ex["phase"])
    minutes = _whole_minutes(cmd.payload, PAUSE_DEFAULT_MINUTES)
    if not PAUSE_MIN_MINUTES <= minutes <= PAUSE_MAX_MINUTES:
        raise PauseLengthOutOfRange(
            f"A short pause lasts {PAUSE_MIN_MINUTES} to {PAUSE_MAX_MINUTES} minutes. "
            "For longer, take a time-out.",
            field="minutes",
            minimum=PAUSE_MIN_MINUTES,
            maximum=PAUSE_MAX_MINUTES,
        )
    number = ex.get("pause_count", 0) + 1
    ex["pause_count"] = number
    ex["pause"] = {
        "id": f"p{number}",
        "by": cmd.actor,
        "minutes": minutes,
        "started_at": cmd.now,
        "ends_at": cmd.now + minutes * 60,
    }
    return [*events, Event("listening_pause_called", dict(ex["pause"]))]


@command("listening_pause_end", exercise=LISTENING_KIND)
def listening_pause_end(state: State, cmd: Command) -> Step:
    """Either partner ends the short pause early ("I'm ready"); the exchange
    continues where it was. Raises NoShortPause when none runs (or it already
    ran out)."""
    ex = floor_of(state)
    pause = ex.get("pause")
    if not pause or cmd.now >= pause["ends_at"]:
        events = pause_settle(ex, cmd.now) if pause else []
        if not events:
            raise NoShortPause("There is no pause to end.")
        return events
    return [_pause_close(ex, now=cmd.now, by=cmd.actor)]


def client_config() -> dict[str, Any]:
    """The limits the live page needs, in minutes: ``{"practice": {"default",
    "min", "max"}, "pause": {"default", "min", "max"}}``."""
    return {
        "practice": {
            "default": PRACTICE_DEFAULT_MINUTES,
            "min": PRACTICE_MIN_MINUTES,
            "max": PRACTICE_MAX_MINUTES,
        },
        "pause": {"default": PAUSE_DEFAULT_MINUTES, "min": PAUSE_MIN_MINUTES,
                  "max": PAUSE_MAX_MINUTES},
    }
