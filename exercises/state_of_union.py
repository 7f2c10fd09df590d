"""The State of the Union: a weekly meeting as a live agenda.

After John Gottman's weekly "State of the Union" meeting (*The Science of
Trust*, Norton 2011; Gottman & Silver, *The Seven Principles for Making
Marriage Work*, "the magic six hours"), in Attune's words. Four steps:

1. ``appreciations``: each writes, privately, one to five things they
   appreciated in the other this week. Nothing is shown until both have
   written; then both lists are revealed together, so neither anchors on the
   other's (the lines live where drafts and unrevealed lines live: private
   events and the writer's own view).
2. ``went_well``: each says what went well for the two of them; shared at
   once, in any order.
3. ``issue``: one issue, through the Speaker-Listener exchange (Markman,
   Stanley & Blumberg): ``sotu_issue_choose`` opens a floor with a topic and
   a first speaker, and the active-listening commands (``statement_make``,
   ``paraphrase_submit``, ``clarify_ask``, ``floor_pass``, the short pause…)
   run on it; ``listening_close`` ends the step. ``sotu_issue_skip`` goes on
   when nothing needs raising this week.
4. ``loved``: "What would make you feel loved this week?" Each answers
   privately; both answers are revealed together and kept for the week
   (``loved_until``: seven days after the reveal, seconds since the epoch).
"""

from __future__ import annotations

from typing import Any

from exercises.active_listening import floor_open
from exercises.engine import (
    Command,
    Event,
    ExerciseSpec,
    OutOfTurn,
    PartnerId,
    RuleError,
    State,
    Step,
    TextRequired,
    TextTooLong,
    clean_text,
    command,
    exercise,
)
from exercises.listening_time import floor_host
from exercises.session_flow import exercise_complete

KIND = "state_of_union"
TITLE = "State of the Union"
STEPS = ("appreciations", "went_well", "issue", "loved")
MAX_APPRECIATIONS = 5
MAX_APPRECIATION_CHARS = 200
MAX_WENT_WELL_CHARS = 400
MAX_LOVED_CHARS = 280
KEPT_SECONDS = 7 * 24 * 3600
"""How long the "feel loved" answers stay on show after the reveal (seconds)."""


class WrongStep(RuleError):
    code = "wrong_step"


class AlreadyWritten(RuleError):
    code = "already_written"


class NoFloorOpen(RuleError):
    code = "no_floor_open"


def _start(state: State, cmd: Command) -> tuple[dict[str, Any], Step]:
    """No options: the meeting opens with appreciations."""
    ex: dict[str, Any] = {
        "kind": KIND,
        "step": STEPS[0],
        "appreciations": {},
        "went_well": {},
        "issue": None,
        "floor": None,
        "loved": {},
        "loved_until": None,
    }
    return ex, [Event("sotu_step_started", {"step": STEPS[0]})]


def _view(ex: dict[str, Any], viewer: PartnerId) -> dict[str, Any]:
    """Shared, except unrevealed lines: until both have written, each partner
    sees only their own appreciations and "feel loved" answer, plus who has
    written (``appreciations_written``, ``loved_written``)."""
    shown = dict(ex)
    for key in ("appreciations", "loved"):
        if len(ex[key]) < 2:
            shown[key] = {pid: v for pid, v in ex[key].items() if pid == viewer}
            shown[f"{key}_written"] = sorted(ex[key])
    return shown


exercise(ExerciseSpec(KIND, TITLE, _start, _view))


def _require_step(ex: dict[str, Any], step: str) -> None:
    if ex["step"] != step:
        raise WrongStep("That belongs to another part of the meeting.", step=ex["step"])


def _next_step(ex: dict[str, Any]) -> Event:
    ex["step"] = STEPS[STEPS.index(ex["step"]) + 1]
    return Event("sotu_step_started", {"step": ex["step"]})


# --- 1. appreciations, revealed together --------------------------------------------


def _appreciation_items(raw: Any) -> list[str]:
    """1 to MAX_APPRECIATIONS non-blank lines, each ≤ MAX_APPRECIATION_CHARS
    characters after stripping. Raises TextRequired, TextTooLong."""
    if not isinstance(raw, list | tuple) or not all(isinstance(i, str) for i in raw):
        raise TextRequired("Write at least one thing you appreciated.", field="items")
    items = [i.strip() for i in raw if i.strip()]
    if not items:
        raise TextRequired("Write at least one thing you appreciated.", field="items")
    if len(items) > MAX_APPRECIATIONS:
        raise TextTooLong(f"Up to {MAX_APPRECIATIONS} things, please.", field="items",
                          limit=MAX_APPRECIATIONS, length=len(items))
    for item in items:
        if len(item) > MAX_APPRECIATION_CHARS:
            raise TextTooLong(f"Please keep each under {MAX_APPRECIATION_CHARS} characters.",
                              field="items", limit=MAX_APPRECIATION_CHARS, length=len(item))
    return items


@command("sotu_appreciations_write", exercise=KIND)
def sotu_appreciations_write(state: State, cmd: Command) -> Step:
    """Step 1: a partner writes ``items``, 1 to MAX_APPRECIATIONS things they
    appreciated this week (each ≤ MAX_APPRECIATION_CHARS characters). The
    event is private to the writer; after the second list both are revealed
    together (``sotu_appreciations_revealed``) and step 2 opens.

    Raises WrongStep, AlreadyWritten, TextRequired, TextTooLong.
    """
    ex = state["exercise"]
    _require_step(ex, "appreciations")
    if cmd.actor in ex["appreciations"]:
        raise AlreadyWritten("You have written yours; your partner's are awaited.")
    items = _appreciation_items(cmd.payload.get("items"))
    ex["appreciations"][cmd.actor] = items
    events = [Event("sotu_appreciations_written", {"by": cmd.actor, "items": items},
                    private_to=cmd.actor)]
    if len(ex["appreciations"]) == 2:
        revealed = {pid: list(v) for pid, v in ex["appreciations"].items()}
        events += [Event("sotu_appreciations_revealed", {"appreciations": revealed}),
                   _next_step(ex)]
    return events


# --- 2. what went well -----------------------------------------------------------------


@command("sotu_went_well_share", exercise=KIND)
def sotu_went_well_share(state: State, cmd: Command) -> Step:
    """Step 2: what went well for us this week (``text``, ≤ MAX_WENT_WELL_CHARS
    characters), shared at once; after both, step 3 opens.

    Raises WrongStep, AlreadyWritten, TextRequired, TextTooLong.
    """
    ex = state["exercise"]
    _require_step(ex, "went_well")
    if cmd.actor in ex["went_well"]:
        raise AlreadyWritten("You have shared yours.")
    text = clean_text(cmd.payload, "text", limit=MAX_WENT_WELL_CHARS)
    ex["went_well"][cmd.actor] = text
    events = [Event("sotu_went_well_shared", {"by": cmd.actor, "text": text})]
    if len(ex["went_well"]) == 2:
        events.append(_next_step(ex))
    return events


# --- 3. one issue through the Speaker-Listener exchange ----------------------------------


@command("sotu_issue_choose", exercise=KIND)
def sotu_issue_choose(state: State, cmd: Command) -> Step:
    """Step 3: either partner names the issue and opens the floor: ``topic``
    (1 to 120 characters), ``first_speaker``, optional ``mode`` and
    ``practice_minutes`` as for active listening. The active-listening
    commands then run on ``exercise.floor``.

    Raises WrongStep, OutOfTurn (a floor is open already), and what
    :func:`exercises.active_listening.floor_open` raises.
    """
    ex = state["exercise"]
    _require_step(ex, "issue")
    if ex["floor"] is not None:
        raise OutOfTurn("The issue is being talked through already.")
    floor, events = floor_open(state, cmd)
    ex["floor"] = floor
    ex["issue"] = {"topic": floor["topic"], "by": cmd.actor}
    return [Event("sotu_issue_chosen", {"by": cmd.actor, "topic": floor["topic"]}), *events]


@command("sotu_issue_skip", exercise=KIND)
def sotu_issue_skip(state: State, cmd: Command) -> Step:
    """Step 3: nothing needs raising this week; step 4 opens. Raises
    WrongStep, OutOfTurn once a floor is open (close it instead)."""
    ex = state["exercise"]
    _require_step(ex, "issue")
    if ex["floor"] is not None:
        raise OutOfTurn("Close the conversation on the issue first.")
    return [Event("sotu_issue_skipped", {"by": cmd.actor}), _next_step(ex)]


def _floor_of(ex: dict[str, Any]) -> dict[str, Any]:
    if ex["step"] != "issue" or ex["floor"] is None:
        raise NoFloorOpen("No issue is being talked through right now.", step=ex["step"])
    return ex["floor"]


def _close_issue(state: State, cmd: Command) -> Step:
    """``listening_close`` during the issue step: keep what was said (topic,
    exchanges, talk time), close the floor and open step 4."""
    ex = state["exercise"]
    floor = ex["floor"]
    ex["issue"] = {
        **ex["issue"],
        "exchanges": floor["exchange_count"],
        "talk_time": {pid: dict(v) for pid, v in floor["talk_time"].items()},
    }
    ex["floor"] = None
    return [Event("sotu_issue_closed", {"by": cmd.actor, "issue": dict(ex["issue"])}),
            _next_step(ex)]


floor_host(KIND, floor_of=_floor_of, close=_close_issue)


# --- 4. what would make you feel loved this week? -------------------------------------------


@command("sotu_loved_write", exercise=KIND)
def sotu_loved_write(state: State, cmd: Command) -> Step:
    """Step 4: "What would make you feel loved this week?" (``text``, ≤
    MAX_LOVED_CHARS characters), private to the writer until both have
    answered; then both are revealed together, kept until ``loved_until``
    (``cmd.now`` + KEPT_SECONDS), and the meeting completes with the summary
    ``{"appreciations", "went_well", "issue", "loved", "loved_until"}``.

    Raises WrongStep, AlreadyWritten, TextRequired, TextTooLong.
    """
    ex = state["exercise"]
    _require_step(ex, "loved")
    if cmd.actor in ex["loved"]:
        raise AlreadyWritten("You have answered; your partner's answer is awaited.")
    text = clean_text(cmd.payload, "text", limit=MAX_LOVED_CHARS)
    ex["loved"][cmd.actor] = text
    events = [Event("sotu_loved_written", {"by": cmd.actor, "text": text}, private_to=cmd.actor)]
    if len(ex["loved"]) < 2:
        return events
    ex["loved_until"] = cmd.now + KEPT_SECONDS
    loved = dict(ex["loved"])
    summary = {
        "appreciations": {pid: list(v) for pid, v in ex["appreciations"].items()},
        "went_well": dict(ex["went_well"]),
        "issue": ex["issue"] and dict(ex["issue"]),
        "loved": loved,
        "loved_until": ex["loved_until"],
    }
    return [*events,
            Event("sotu_loved_revealed", {"loved": loved, "loved_until": ex["loved_until"]}),
            exercise_complete(state, finished=True, summary=summary)]


def client_config() -> dict[str, Any]:
    """Limits the live page needs: ``{"max_appreciations", "limits": {field:
    characters}, "kept_days"}``."""
    return {
        "max_appreciations": MAX_APPRECIATIONS,
        "limits": {"appreciation": MAX_APPRECIATION_CHARS, "went_well": MAX_WENT_WELL_CHARS,
                   "loved": MAX_LOVED_CHARS},
        "kept_days": KEPT_SECONDS // 86400,
    }
