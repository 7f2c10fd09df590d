"""The stress-reducing conversation in the engine (exercises/stress_conversation.py):
turns, the listener's moves, advice held back until invited, what helped."""

from __future__ import annotations

import copy

import pytest

from exercises import engine
from exercises.stress_conversation import listener_moves, sounds_like_advice

A, B = "1", "2"
NOW = 5_000.0


def run(state, actor, command, now=NOW, **payload):
    return engine.apply(state, engine.Command(command, actor, payload, now=now))


def rejected(state, actor, command, code, **payload):
    before = copy.deepcopy(state)
    with pytest.raises(engine.RuleError) as caught:
        run(state, actor, command, **payload)
    assert caught.value.code == code
    assert state == before
    return caught.value


def started(**options):
    state = engine.new_session(partners=[A, B])
    state, _ = run(state, A, "exercise_start", exercise="stress_reducing",
                   **{"first_speaker": A, **options})
    return state


def test_the_first_speaker_talks_for_a_set_time_with_a_gentle_cue():
    state = started(turn_minutes=15)
    ex = state["exercise"]
    assert (ex["speaker"], ex["listener"], ex["round"]) == (A, B, 1)
    assert ex["turn_cue_at"] == NOW + 15 * 60
    assert started()["exercise"]["turn_minutes"] == 10


def test_the_turn_length_is_five_to_twenty_minutes():
    state = engine.new_session(partners=[A, B])
    for minutes, code in ((4, "turn_length_out_of_range"), (21, "turn_length_out_of_range"),
                          ("ten", "invalid_choice")):
        rejected(state, A, "exercise_start", code, exercise="stress_reducing",
                 first_speaker=A, turn_minutes=minutes)


def test_the_listener_answers_with_the_techniques_own_moves():
    assert [m["id"] for m in listener_moves()] == [
        "understand", "your_side", "us_against", "affection"]
    state, _ = run(started(), A, "stress_share", text="My manager moved the deadline again")
    state, events = run(state, B, "stress_move", move="your_side",
                        text="That's not fair on you at all")
    assert events[0].data == {"by": B, "type": "move", "move": "your_side",
                              "text": "That's not fair on you at all"}
    rejected(state, B, "stress_move", "invalid_choice", move="devils_advocate")
    rejected(state, A, "stress_move", "not_listener", move="affection")
    rejected(state, B, "stress_share", "not_speaker", text="Me too")


def test_unsolicited_advice_is_gently_held_back_until_the_speaker_invites_it():
    state, _ = run(started(), A, "stress_share", text="My sister keeps calling at work")
    error = rejected(state, B, "stress_move", "advice_not_asked", move="understand",
                     text="You should just tell her to stop")
    assert "asks" in error.message
    rejected(state, B, "stress_advice_give", "advice_not_asked", text="Block her")
    state, _ = run(state, A, "stress_advice_invite")
    state, events = run(state, B, "stress_advice_give", text="Maybe a set time to call?")
    assert events[0].data["type"] == "advice"
    state, _ = run(state, B, "stress_move", move="understand", text="You should rest tonight")


def test_advice_markers_are_recognised():
    assert sounds_like_advice("Have you tried talking to HR?")
    assert sounds_like_advice("Why don\u2019t you quit")
    assert not sounds_like_advice("I'm so sorry, that sounds exhausting")


def test_the_speaker_says_what_helped_and_the_turn_passes():
    state, _ = run(started(), A, "stress_advice_invite")
    state, events = run(state, A, "stress_turn_end", now=NOW + 600,
                        helped=["affection", "your_side"], text="The hug")
    ex = state["exercise"]
    assert ex["helped"][A] == {"moves": ["your_side", "affection"], "text": "The hug"}
    assert (ex["speaker"], ex["round"], ex["advice_invited"]) == (B, 2, False)
    assert events[-1].data == {"speaker": B, "round": 2, "cue_at": NOW + 600 + 600}
    rejected(state, B, "stress_turn_end", "invalid_choice", helped=["advice"])


def test_after_both_turns_the_exercise_completes_with_what_helped():
    state, _ = run(started(), A, "stress_turn_end")
    state, events = run(state, B, "stress_turn_end", helped=["us_against"])
    assert events[-1].type == "exercise_completed"
    assert state["completed"][-1]["summary"]["helped"] == {
        A: {"moves": [], "text": None}, B: {"moves": ["us_against"], "text": None}}


def test_spoken_mode_is_taps_only():
    state = started(mode="spoken")
    rejected(state, A, "stress_share", "text_not_allowed", text="typed")
    state, _ = run(state, A, "stress_share")
    state, _ = run(state, B, "stress_move", move="affection")
    assert state["exercise"]["recent"][-1] == {"by": B, "type": "move", "move": "affection",
                                               "text": None}
