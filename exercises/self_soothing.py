"""Self-soothing, practised when calm: paced breathing and body soothing.

The same guidance the time-out screen offers (exercises/repair.py), available
any time from the couple space, so that it is familiar before it is needed
(John Gottman's research on physiological flooding; sources and wording in
data/self_soothing.json). Nothing here is stored or shared: practice is
private, and the timer runs in the browser from the pace given here.

:func:`breath_at` is the pacing rule, in one place: given a pace and the
seconds since the practice started, which phase (in, hold, out) is running,
how long it still runs and which breath this is.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from exercises.engine import InvalidChoice

PRACTICE_MIN_MINUTES = 1
PRACTICE_MAX_MINUTES = 20
PRACTICE_DEFAULT_MINUTES = 5


@cache
def _data() -> dict[str, Any]:
    raw = resources.files("exercises").joinpath("data/self_soothing.json").read_text("utf-8")
    return json.loads(raw)


def paces() -> list[dict[str, Any]]:
    """``[{"id", "label", "phases": [{"phase": "in"|"hold"|"out", "seconds"}]}]``
    (a fresh copy; seconds are whole seconds)."""
    return json.loads(json.dumps(_data()["paces"]))


def pace(pace_id: Any) -> dict[str, Any]:
    """The pace called ``pace_id``. Raises InvalidChoice for an unknown one."""
    for candidate in paces():
        if candidate["id"] == pace_id:
            return candidate
    raise InvalidChoice("Choose one of the paces.", field="pace",
                        choices=[p["id"] for p in paces()])


def breath_at(pace_id: Any, elapsed: float) -> dict[str, Any]:
    """Where a paced-breathing practice is ``elapsed`` seconds after it began:
    ``{"phase": "in"|"hold"|"out", "seconds_left": float, "breath": int}``
    (``breath`` counts from 1). A negative ``elapsed`` counts as 0.
    Raises InvalidChoice for an unknown pace."""
    phases = pace(pace_id)["phases"]
    cycle = sum(p["seconds"] for p in phases)
    elapsed = max(0.0, float(elapsed))
    breath, into = divmod(elapsed, cycle)
    for step in phases:
        if into < step["seconds"]:
            return {"phase": step["phase"], "seconds_left": step["seconds"] - into,
                    "breath": int(breath) + 1}
        into -= step["seconds"]
    raise AssertionError("unreachable: into < cycle")  # pragma: no cover


def practice_minutes_clean(minutes: Any) -> int:
    """A practice length in whole minutes, 1 to 20 (default 5 when ``None``).
    Raises InvalidChoice."""
    if minutes is None:
        return PRACTICE_DEFAULT_MINUTES
    if (isinstance(minutes, bool) or not isinstance(minutes, int)
            or not PRACTICE_MIN_MINUTES <= minutes <= PRACTICE_MAX_MINUTES):
        raise InvalidChoice(
            f"Choose {PRACTICE_MIN_MINUTES} to {PRACTICE_MAX_MINUTES} minutes.", field="minutes",
            minimum=PRACTICE_MIN_MINUTES, maximum=PRACTICE_MAX_MINUTES,
        )
    return minutes


def client_config() -> dict[str, Any]:
    """What the self-soothing page needs: ``{"paces", "words", "body",
    "source", "minutes": {"default", "min", "max"}}``."""
    data = _data()
    return {
        "paces": paces(),
        "words": dict(data["words"]),
        "body": list(data["body"]),
        "source": data["source"],
        "minutes": {"default": PRACTICE_DEFAULT_MINUTES, "min": PRACTICE_MIN_MINUTES,
                    "max": PRACTICE_MAX_MINUTES},
    }
