"""The boundary conversation in the engine (exercises/boundary_conversation.py):
a private, coached draft; the boundary stated in three parts; the listener's
paraphrase confirmed or corrected before they answer; one swap of roles."""

from __future__ import annotations

import copy

import pytest

from exercises import engine
from exercises.private_text import private_values

A, B = "1", "2"
NOW = 5_000.0
BOUNDARY = {"need": "I need an hour to myself after work",
            "limit": "I can't talk about money the moment I get home",
            "action": "I will say so and go for a walk, then come back to talk"}


def run(state, actor, command, **payload):
    return engine.apply(state, engine.Command(command, actor, payload, now=NOW))


def rejected(state, actor, command, code, **payload):
    before = copy.deepcopy(state)
    with pytest.raises(engine.RuleError) as caught:
        run(state, actor, command, **payload)
    assert caught.value.code == code
    assert state == before
    return caught.value


def started():
    state = engine.new_session(partners=[A, B])
    state, events = run(state, A, "exercise_start", exercise="boundary_conversation",
                        first_speaker=A)
    assert events[-1].data == {"speaker": A, "listener": B, "round": 1}
    return state


def understood(state):
    state, _ = run(state, A, "boundary_state", **BOUNDARY)
    state, _ = run(state, B, "boundary_paraphrase", text="You need an hour before we talk money")
    state, _ = run(state, A, "boundary_paraphrase_confirm")
    return state


def test_the_start_needs_someone_to_state_first():
    rejected(engine.new_session(partners=[A, B]), A, "exercise_start", "invalid_choice",
             exercise="boundary_conversation", first_speaker="someone else")


def test_the_draft_is_coached_for_its_author_only_and_never_shown_to_the_partner():
    state, events = run(started(), A, "boundary_draft", need="I need quiet",
                        limit="You always start on money", action="You must stop")
    (drafted,) = events
    assert drafted.private_to == A
    codes = {c for notes in drafted.data["coach"]["parts"].values() for n in notes
             for c in n["codes"]}
    assert {"demand", "action_not_mine"} <= codes
    assert engine.view(state, A)["exercise"]["drafts"][A]["need"] == "I need quiet"
    assert engine.view(state, B)["exercise"]["drafts"] == {}
    assert [(key, author) for key, author, _ in private_values(state)] == [("drafts", A)]


def test_coaching_never_blocks_sharing_and_sharing_drops_the_draft():
    state, _ = run(started(), A, "boundary_draft", **BOUNDARY)
    state, events = run(state, A, "boundary_state", need="I need quiet",
                        limit="You always start on money", action="You must stop")
    assert events[0].private_to is None
    assert events[0].data["limit"] == "You always start on money"
    assert state["exercise"]["drafts"] == {}
    assert state["exercise"]["phase"] == "paraphrase"


def test_only_the_stating_partner_drafts_or_states_and_all_three_parts_are_needed():
    state = started()
    rejected(state, B, "boundary_draft", "not_stating", need="x")
    rejected(state, B, "boundary_state", "not_stating", **BOUNDARY)
    error = rejected(state, A, "boundary_state", "text_required", **{**BOUNDARY, "action": " "})
    assert error.details["field"] == "action"
    rejected(state, A, "boundary_state", "text_too_long", **{**BOUNDARY, "need": "x" * 501})
    rejected(state, B, "boundary_paraphrase", "out_of_turn", text="too soon")


def test_the_listener_says_it_back_until_the_stating_partner_confirms():
    state, _ = run(started(), A, "boundary_state", **BOUNDARY)
    rejected(state, A, "boundary_paraphrase", "not_listener", text="me?")
    rejected(state, B, "boundary_respond", "out_of_turn", honour="Sure")
    state, _ = run(state, B, "boundary_paraphrase", text="You want me to never mention money")
    rejected(state, B, "boundary_paraphrase_confirm", "not_stating")
    state, events = run(state, A, "boundary_paraphrase_correct",
                        text="Not never: just not the moment I walk in")
    assert events[0].type == "boundary_paraphrase_corrected"
    assert state["exercise"]["phase"] == "paraphrase"
    state, _ = run(state, B, "boundary_paraphrase", text="Give you an hour first")
    state, _ = run(state, A, "boundary_paraphrase_confirm")
    assert state["exercise"]["phase"] == "respond"
    assert [a["correction"] for a in state["exercise"]["current"]["attempts"]] == [
        "Not never: just not the moment I walk in", None]


def test_the_listener_answers_what_they_can_honour_and_what_is_hard():
    state = understood(started())
    rejected(state, A, "boundary_respond", "not_listener", honour="I can")
    rejected(state, B, "boundary_respond", "text_required", hard="Only the hard part")
    rejected(state, A, "boundary_finish", "out_of_turn")
    state, events = run(state, B, "boundary_respond", honour="I can wait an hour",
                        hard="Some bills can't wait")
    assert events[0].data == {"listener": B, "honour": "I can wait an hour",
                              "hard": "Some bills can't wait"}
    assert state["exercise"]["phase"] == "responded"


def test_the_roles_swap_once_then_the_conversation_finishes_with_both_rounds():
    state, _ = run(understood(started()), B, "boundary_respond", honour="I can wait an hour")
    state, events = run(state, B, "boundary_swap")
    assert events[-1].data == {"speaker": B, "listener": A, "round": 2}
    state, _ = run(state, B, "boundary_state", **BOUNDARY)
    state, _ = run(state, A, "boundary_paraphrase", text="An hour")
    state, _ = run(state, B, "boundary_paraphrase_confirm")
    state, _ = run(state, A, "boundary_respond", honour="Yes")
    rejected(state, A, "boundary_swap", "already_swapped")
    state, events = run(state, A, "boundary_finish")
    assert state["exercise"] is None
    rounds = events[-1].data["summary"]["rounds"]
    assert [(r["speaker"], r["response"]["honour"]) for r in rounds] == [
        (A, "I can wait an hour"), (B, "Yes")]
