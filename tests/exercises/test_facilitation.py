"""Therapist facilitation in the engine: joining, pause and resume, prompts,
and what a facilitator may and may not do."""

from __future__ import annotations

import pytest

from exercises import engine
from exercises.facilitation import MAX_PROMPT_CHARS, facilitator_add, facilitator_remove

A, B, T = "1", "2", "9"


def run(state, actor, name, **payload):
    return engine.apply(state, engine.Command(name, actor, payload, now=100.0))


def code_of(state, actor, name, **payload):
    with pytest.raises(engine.RuleError) as caught:
        run(state, actor, name, **payload)
    return caught.value.code


@pytest.fixture
def facilitated():
    state, events = facilitator_add(engine.new_session(partners=[A, B]), T)
    assert events[0].type == "facilitator_joined" and state["version"] == 1
    return state


def test_joining_twice_changes_nothing(facilitated):
    again, events = facilitator_add(facilitated, T)
    assert again is facilitated and events == []


def test_a_partner_cannot_be_a_facilitator():
    with pytest.raises(ValueError):
        facilitator_add(engine.new_session(partners=[A, B]), A)


def test_a_pause_holds_the_partners_until_resumed(facilitated):
    paused, _ = run(facilitated, T, "session_pause")
    assert code_of(paused, A, "exercise_start", exercise="active_listening", topic="t",
                   mode="typed", first_speaker=A) == "session_paused"
    assert code_of(paused, T, "session_pause") == "out_of_turn"
    resumed, _ = run(paused, T, "session_resume")
    started, _ = run(resumed, A, "exercise_start", exercise="active_listening", topic="t",
                     mode="typed", first_speaker=A)
    assert started["exercise"]["speaker"] == A


def test_the_facilitator_can_move_on_while_paused(facilitated):
    state, _ = run(facilitated, A, "exercise_start", exercise="active_listening", topic="t",
                   mode="typed", first_speaker=A)
    state, _ = run(state, T, "session_pause")
    state, events = run(state, T, "exercise_stop")
    assert state["exercise"] is None and events[0].type == "exercise_completed"


def test_only_the_facilitator_pauses_resumes_and_prompts(facilitated):
    assert code_of(facilitated, A, "session_pause") == "not_allowed_for_role"
    assert code_of(facilitated, B, "facilitator_prompt", text="hi") == "not_allowed_for_role"


def test_the_facilitator_cannot_speak_for_a_partner(facilitated):
    state, _ = run(facilitated, A, "exercise_start", exercise="active_listening", topic="t",
                   mode="typed", first_speaker=A)
    error = code_of(state, T, "statement_make", text="on their behalf")
    assert error == "not_allowed_for_role"


def test_a_prompt_is_kept_for_both_and_limited(facilitated):
    state, events = run(facilitated, T, "facilitator_prompt", text="  Slow down, one piece.  ")
    assert state["prompts"][-1]["text"] == "Slow down, one piece."
    assert events[0].private_to is None
    assert engine.view(state, A)["prompts"] == engine.view(state, B)["prompts"]
    assert code_of(facilitated, T, "facilitator_prompt", text="x" * (MAX_PROMPT_CHARS + 1)) == "text_too_long"
    assert code_of(facilitated, T, "facilitator_prompt", text="  ") == "text_required"


def test_handing_back_leaves_the_partners_alone_and_lifts_the_pause(facilitated):
    paused, _ = run(facilitated, T, "session_pause")
    state, events = facilitator_remove(paused, T)
    assert state["facilitators"] == [] and state["paused"] is False
    assert state["version"] == paused["version"] + 1
    assert events[0].type == "facilitator_left" and events[0].data == {"facilitator": T, "resumed": True}
    # the therapist can no longer steer; the couple goes on
    assert code_of(state, T, "session_pause") == "not_a_participant"
    started, _ = run(state, A, "exercise_start", exercise="active_listening", topic="t",
                     mode="typed", first_speaker=A)
    assert started["exercise"]["kind"] == "active_listening"


def test_handing_back_keeps_a_running_time_out(facilitated):
    state, _ = run(facilitated, A, "time_out_call")
    after, _ = facilitator_remove(state, T)
    assert after["time_out"] == state["time_out"]


def test_handing_back_when_not_taking_part_changes_nothing(facilitated):
    state, _ = facilitator_remove(facilitated, T)
    again, events = facilitator_remove(state, T)
    assert again is state and events == []
    with pytest.raises(ValueError):
        facilitator_remove(state, A)
