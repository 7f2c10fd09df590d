"""The State of the Union meeting in the engine (exercises/state_of_union.py):
appreciations revealed together, what went well, one issue through the
Speaker-Listener exchange, and "feel loved" answers kept for the week."""

from __future__ import annotations

import copy

import pytest

from exercises import engine

A, B = "1", "2"
NOW = 50_000.0


def run(state, actor, command, now=NOW, **payload):
    return engine.apply(state, engine.Command(command, actor, payload, now=now))


def rejected(state, actor, command, code, **payload):
    before = copy.deepcopy(state)
    with pytest.raises(engine.RuleError) as caught:
        run(state, actor, command, **payload)
    assert caught.value.code == code
    assert state == before
    return caught.value


def started():
    state = engine.new_session(partners=[A, B])
    state, _ = run(state, A, "exercise_start", exercise="state_of_union")
    return state


def at(step):
    state = started()
    if step == "appreciations":
        return state
    state, _ = run(state, A, "sotu_appreciations_write", items=["Dinner on Tuesday"])
    state, _ = run(state, B, "sotu_appreciations_write", items=["The note in my bag"])
    if step == "went_well":
        return state
    state, _ = run(state, A, "sotu_went_well_share", text="We laughed a lot")
    state, _ = run(state, B, "sotu_went_well_share", text="Sunday walk")
    if step == "issue":
        return state
    state, _ = run(state, A, "sotu_issue_skip")
    return state


def test_appreciations_stay_private_until_both_have_written():
    state, events = run(started(), A, "sotu_appreciations_write",
                        items=["  You made coffee every morning ", "", "You listened on Friday"])
    assert events[0].private_to == A
    assert engine.view(state, A)["exercise"]["appreciations"] == {
        A: ["You made coffee every morning", "You listened on Friday"]}
    assert engine.view(state, B)["exercise"]["appreciations"] == {}
    assert engine.view(state, B)["exercise"]["appreciations_written"] == [A]
    rejected(state, A, "sotu_appreciations_write", "already_written", items=["more"])


def test_both_lists_are_revealed_together_and_the_meeting_moves_on():
    state, _ = run(started(), A, "sotu_appreciations_write", items=["a"])
    state, events = run(state, B, "sotu_appreciations_write", items=["b"])
    assert [e.type for e in events] == [
        "sotu_appreciations_written", "sotu_appreciations_revealed", "sotu_step_started"]
    assert events[1].private_to is None and events[1].data["appreciations"] == {A: ["a"], B: ["b"]}
    assert engine.view(state, A)["exercise"]["appreciations"] == {A: ["a"], B: ["b"]}
    assert state["exercise"]["step"] == "went_well"


def test_appreciations_are_one_to_five_short_lines():
    state = started()
    rejected(state, A, "sotu_appreciations_write", "text_required", items=["  "])
    rejected(state, A, "sotu_appreciations_write", "text_required", items="one")
    rejected(state, A, "sotu_appreciations_write", "text_too_long", items=["x"] * 6)
    rejected(state, A, "sotu_appreciations_write", "text_too_long", items=["x" * 201])


def test_what_went_well_is_shared_at_once_then_the_issue_step_opens():
    state = at("went_well")
    rejected(state, A, "sotu_appreciations_write", "wrong_step", items=["late"])
    state, events = run(state, B, "sotu_went_well_share", text="Sunday walk")
    assert events[0].private_to is None
    state, events = run(state, A, "sotu_went_well_share", text="We laughed")
    assert events[-1].data == {"step": "issue"}


def test_one_issue_runs_through_the_speaker_listener_exchange():
    state = at("issue")
    rejected(state, A, "statement_make", "no_floor_open", text="too soon")
    state, _ = run(state, B, "sotu_issue_choose", topic="Weekend plans", first_speaker=B)
    floor = state["exercise"]["floor"]
    assert (floor["speaker"], floor["listener"], floor["topic"]) == (B, A, "Weekend plans")
    rejected(state, A, "statement_make", "not_speaker", text="me first")
    state, _ = run(state, B, "statement_make", text="I'd like one free Saturday")
    state, _ = run(state, A, "clarify_ask", text="Free from what?")
    state, _ = run(state, B, "clarify_answer", text="From plans with others")
    state, _ = run(state, A, "paraphrase_submit", text="A Saturday just for us")
    state, _ = run(state, B, "paraphrase_confirm", now=NOW + 120)
    state, events = run(state, A, "listening_close", now=NOW + 120)
    assert state["exercise"]["step"] == "loved" and state["exercise"]["floor"] is None
    issue = state["exercise"]["issue"]
    assert (issue["topic"], issue["exchanges"]) == ("Weekend plans", 1)
    assert issue["talk_time"][B] == {"pieces": 1, "floor_seconds": 120}
    assert events[-1].type == "sotu_step_started"


def test_the_issue_can_be_skipped_but_not_once_the_floor_is_open():
    state, _ = run(at("issue"), A, "sotu_issue_choose", topic="Money", first_speaker=A)
    rejected(state, B, "sotu_issue_skip", "out_of_turn")
    rejected(state, B, "sotu_issue_choose", "out_of_turn", topic="Other", first_speaker=B)
    state, _ = run(at("issue"), B, "sotu_issue_skip")
    assert state["exercise"]["step"] == "loved"


def test_feel_loved_answers_are_revealed_together_and_kept_for_the_week():
    state, events = run(at("loved"), A, "sotu_loved_write", text="A long hug after work")
    assert events[0].private_to == A
    assert engine.view(state, B)["exercise"]["loved"] == {}
    state, events = run(state, B, "sotu_loved_write", text="Coffee in bed on Sunday")
    assert [e.type for e in events] == [
        "sotu_loved_written", "sotu_loved_revealed", "exercise_completed"]
    summary = state["completed"][-1]["summary"]
    assert summary["loved"] == {A: "A long hug after work", B: "Coffee in bed on Sunday"}
    assert summary["loved_until"] == NOW + 7 * 24 * 3600
    assert summary["appreciations"] == {A: ["Dinner on Tuesday"], B: ["The note in my bag"]}


def test_listening_commands_are_refused_outside_the_meeting_floor():
    state = at("appreciations")
    rejected(state, A, "listening_pause_call", "no_floor_open")
    rejected(state, A, "understanding_share", "no_floor_open", text="x")
