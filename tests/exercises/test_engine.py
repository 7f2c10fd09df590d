"""The engine's shared rules: who may act, versions, immutability, views."""

from __future__ import annotations

import copy

import pytest

from exercises import engine

A, B = "1", "2"


def test_new_session_needs_two_different_partners():
    with pytest.raises(ValueError):
        engine.new_session(partners=[A])
    with pytest.raises(ValueError):
        engine.new_session(partners=[A, A])


def test_an_outsider_cannot_act():
    state = engine.new_session(partners=[A, B])
    with pytest.raises(engine.NotAParticipant):
        engine.apply(state, engine.Command("session_end", "3"))


def test_unknown_command_is_refused():
    state = engine.new_session(partners=[A, B])
    with pytest.raises(engine.UnknownCommand) as caught:
        engine.apply(state, engine.Command("rebuttal_make", A))
    assert caught.value.code == "unknown_command"


def test_an_accepted_command_raises_the_version_by_one_and_leaves_the_input_alone():
    state = engine.new_session(partners=[A, B])
    before = copy.deepcopy(state)
    after, _ = engine.apply(state, engine.Command("session_end", A))
    assert after["version"] == 1 and after["status"] == "ended"
    assert state == before


def test_a_rejected_command_leaves_the_input_alone():
    state = engine.new_session(partners=[A, B])
    before = copy.deepcopy(state)
    with pytest.raises(engine.RuleError):
        engine.apply(state, engine.Command("exercise_start", A, {"exercise": "nope"}))
    assert state == before


def test_nothing_happens_after_the_session_ended():
    state, _ = engine.apply(engine.new_session(partners=[A, B]), engine.Command("session_end", A))
    with pytest.raises(engine.SessionEnded):
        engine.apply(state, engine.Command("session_end", B))


def test_ending_the_session_stops_a_running_exercise():
    state = engine.new_session(partners=[A, B])
    state, _ = engine.apply(state, engine.Command("exercise_start", A, {
        "exercise": "active_listening", "topic": "t", "mode": "typed", "first_speaker": A}))
    state, events = engine.apply(state, engine.Command("session_end", B))
    assert state["exercise"] is None and state["completed"][-1]["finished"] is False
    assert [e.type for e in events] == ["exercise_completed", "session_ended"]


def test_stopping_an_exercise_records_it_unfinished():
    state = engine.new_session(partners=[A, B])
    with pytest.raises(engine.NoExercise):
        engine.apply(state, engine.Command("exercise_stop", A))
    state, _ = engine.apply(state, engine.Command("exercise_start", A, {
        "exercise": "active_listening", "topic": "t", "mode": "spoken", "first_speaker": B}))
    state, _ = engine.apply(state, engine.Command("exercise_stop", A))
    assert state["exercise"] is None and state["completed"][0]["summary"] == {"stopped_by": A}


def test_visible_events_hide_what_is_private_to_the_other_partner():
    events = [{"type": "x", "data": {}, "private_to": A}, {"type": "y", "data": {}, "private_to": None}]
    assert [e["type"] for e in engine.visible_events(events, A)] == ["x", "y"]
    assert [e["type"] for e in engine.visible_events(events, B)] == ["y"]


def test_a_send_from_an_older_view_counts_only_when_it_does_not_depend_on_that_view():
    # A repair attempt typed while the partner also acted is still heard; a
    # floor pass decided on an older screen is not; a version nobody was ever
    # sent is refused even for an independent command (docs/protocol.md).
    assert engine.accepts_base_version("repair_send", 7, 7)
    assert engine.accepts_base_version("repair_send", 5, 7)
    assert not engine.accepts_base_version("repair_send", 8, 7)
    assert engine.accepts_base_version("floor_pass", 7, 7)
    assert not engine.accepts_base_version("floor_pass", 6, 7)
    assert not engine.accepts_base_version("no_such_command", 6, 7)
