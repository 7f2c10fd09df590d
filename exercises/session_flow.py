"""Session-level commands: starting and stopping exercises, ending the session.

A practice session runs exercises one after another (docs/architecture.md,
"Domain terms": "practice session"). Either partner may start the next
exercise once none is running, stop the running one without finishing it, or
end the session.
"""

from __future__ import annotations

from typing import Any

from exercises.engine import (
    EXERCISES,
    FACILITATOR,
    PARTNER,
    Command,
    Event,
    ExerciseInProgress,
    NoExercise,
    State,
    Step,
    UnknownExercise,
    command,
)

BOTH = frozenset({PARTNER, FACILITATOR})


def exercise_complete(state: State, *, finished: bool, summary: dict[str, Any]) -> Event:
    """Close the running exercise, keep its ``summary`` in ``state["completed"]``.

    ``finished`` says whether the partners reached its natural end. Returns the
    public ``exercise_completed`` event. Raises NoExercise if none is running.
    """
    running = state["exercise"]
    if running is None:
        raise NoExercise("No exercise is running right now.")
    record = {
        "kind": running["kind"],
        "title": EXERCISES[running["kind"]].title,
        "finished": finished,
        "summary": summary,
    }
    state["completed"].append(record)
    state["exercise"] = None
    return Event("exercise_completed", record)


@command("exercise_start", roles=BOTH)
def exercise_start(state: State, cmd: Command) -> Step:
    """Start exercise ``payload["exercise"]`` with its own options.

    Raises ExerciseInProgress while another exercise runs, UnknownExercise for
    a kind that is not registered, and whatever the exercise's own ``start``
    raises for bad options.
    """
    if state["exercise"] is not None:
        raise ExerciseInProgress("Finish or stop the current exercise first.")
    kind = cmd.payload.get("exercise")
    spec = EXERCISES.get(kind) if isinstance(kind, str) else None
    if spec is None:
        raise UnknownExercise("Please choose one of the exercises.", choices=sorted(EXERCISES))
    exercise_state, events = spec.start(state, cmd)
    state["exercise"] = exercise_state
    started = Event("exercise_started", {"kind": kind, "title": spec.title, "by": cmd.actor})
    return [started, *events]


@command("exercise_stop", roles=BOTH)
def exercise_stop(state: State, cmd: Command) -> Step:
    """Stop the running exercise without finishing it (the couple moves on).

    Raises NoExercise if none is running.
    """
    return [exercise_complete(state, finished=False, summary={"stopped_by": cmd.actor})]


@command("session_end", roles=BOTH, during_time_out=True, while_paused=True)
def session_end(state: State, cmd: Command) -> Step:
    """End the practice session for both partners; a running exercise stops
    and a running time-out with it.

    Either partner may stop at any moment, during a time-out or a pause too
    (the Help page's promise): no one has to stay in a conversation. The
    event and the stored summary say only that it ended, never who ended
    it, so the other partner is not told who walked away.
    """
    events: Step = []
    if state.get("time_out"):
        state["time_out"] = None
    if state["exercise"] is not None:
        summary = {"ended_with_session": True}
        events.append(exercise_complete(state, finished=False, summary=summary))
    state["status"] = "ended"
    events.append(Event("session_ended", {}))
    return events
