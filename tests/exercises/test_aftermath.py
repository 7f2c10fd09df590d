"""The aftermath of a regrettable incident in the engine: the five steps in
turn, whose turn it is, validation of each perspective, and the summary."""

from __future__ import annotations

import copy

import pytest

from exercises import engine
from exercises.aftermath import (
    MAX_FEELINGS,
    MAX_NEXT_TIME_CHARS,
    MAX_PERSPECTIVE_CHARS,
    feeling_groups,
)

A, B = "1", "2"


def run(state, actor, command, **payload):
    return engine.apply(state, engine.Command(command, actor, payload, now=1000.0))


def rejected(state, actor, command, code, **payload):
    before = copy.deepcopy(state)
    with pytest.raises(engine.RuleError) as caught:
        run(state, actor, command, **payload)
    assert caught.value.code == code
    assert state == before
    return caught.value


def fresh(first=A, **options):
    state = engine.new_session(partners=[A, B])
    state, _ = run(state, A, "exercise_start", exercise="aftermath", first_speaker=first, **options)
    return state


def started(first=A, **options):
    """Started, and both partners said they are calm enough."""
    state = fresh(first, **options)
    state, _ = run(state, A, "aftermath_calm_answer", answer="calm")
    state, _ = run(state, B, "aftermath_calm_answer", answer="calm")
    return state


def words(n=2):
    return [w for g in feeling_groups() for w in g["words"]][:n]


def through_feelings(state, first=A, second=B):
    state, _ = run(state, first, "aftermath_feelings_name", feelings=words(2))
    state, _ = run(state, second, "aftermath_feelings_name", feelings=words(1))
    return state


def perspective(state, describer, validator):
    state, _ = run(state, describer, "aftermath_perspective_describe",
                   text=f"How it was for {describer}")
    state, _ = run(state, validator, "aftermath_perspective_validate",
                   text="It makes sense because…")
    state, _ = run(state, describer, "aftermath_perspective_confirm")
    return state


def through_perspectives(state):
    return perspective(perspective(state, A, B), B, A)


def test_the_chosen_partner_starts_with_feelings():
    state = started(first=B, topic="  The dinner at my parents' ")
    ex = state["exercise"]
    assert (ex["step"], ex["turn"], ex["order"], ex["incident"]) == (
        "feelings", B, [B, A], "The dinner at my parents'")
    assert engine.view(state, A)["exercise"]["waiting_for"] == B


def test_start_needs_a_partner_to_go_first():
    state = engine.new_session(partners=[A, B])
    rejected(state, A, "exercise_start", "invalid_choice", exercise="aftermath", first_speaker="7")
    rejected(state, A, "exercise_start", "invalid_choice", exercise="aftermath", first_speaker=A,
             mode="spoken")


def test_feeling_words_come_from_the_shared_lexicon_when_it_exists():
    lexicon = pytest.importorskip("exercises.lexicon")
    unmet = {w for g in lexicon.feeling_groups() if not g["needs_met"] for w in g["words"]}
    assert {w for g in feeling_groups() for w in g["words"]} == unmet


def test_only_the_partner_whose_turn_it_is_names_feelings():
    state = started()
    error = rejected(state, B, "aftermath_feelings_name", "not_your_turn", feelings=words(1))
    assert error.details["turn"] == A
    state, events = run(state, A, "aftermath_feelings_name", feelings=words(2))
    assert state["exercise"]["feelings"][A] == words(2) and state["exercise"]["turn"] == B
    assert [e.type for e in events] == ["aftermath_feelings_named", "aftermath_turn_passed"]


def test_feelings_must_be_chosen_from_the_list():
    state = started()
    rejected(state, A, "aftermath_feelings_name", "feelings_required", feelings=[])
    rejected(state, A, "aftermath_feelings_name", "feelings_required", feelings=["  "])
    error = rejected(state, A, "aftermath_feelings_name", "unknown_feeling",
                     feelings=[words(1)[0], "that you ignored me"])
    assert error.details["words"] == ["that you ignored me"]
    rejected(state, A, "aftermath_feelings_name", "too_many_feelings",
             feelings=words(MAX_FEELINGS + 1))


def test_repeated_or_capitalised_feelings_count_once():
    word = words(1)[0]
    state, _ = run(started(), A, "aftermath_feelings_name", feelings=[word.upper(), word])
    assert state["exercise"]["feelings"][A] == [word]


def test_after_both_name_feelings_the_first_partner_describes_their_perspective():
    state = through_feelings(started())
    ex = state["exercise"]
    assert (ex["step"], ex["phase"], ex["turn"]) == ("perspectives", "describe", A)
    rejected(state, A, "aftermath_feelings_name", "wrong_step", feelings=words(1))


def test_the_other_partner_validates_and_the_describer_confirms():
    state = through_feelings(started())
    rejected(state, B, "aftermath_perspective_describe", "not_your_turn", text="My side")
    state, _ = run(state, A, "aftermath_perspective_describe", text="I felt left out at dinner")
    rejected(state, A, "aftermath_perspective_validate", "not_your_turn", text="I agree with me")
    rejected(state, B, "aftermath_perspective_confirm", "wrong_step")
    state, _ = run(state, B, "aftermath_perspective_validate",
                   text="It makes sense you felt left out, because I talked to my sister all night")
    assert engine.view(state, B)["exercise"]["waiting_for"] == A
    rejected(state, B, "aftermath_perspective_confirm", "not_your_turn")
    state, events = run(state, A, "aftermath_perspective_confirm")
    ex = state["exercise"]
    assert ex["perspectives"][A]["confirmed"] and (ex["turn"], ex["phase"]) == (B, "describe")
    assert events[0].type == "aftermath_perspective_confirmed"


def test_a_clarification_sends_the_validation_back_for_another_try():
    state = through_feelings(started())
    state, _ = run(state, A, "aftermath_perspective_describe", text="I felt left out")
    state, _ = run(state, B, "aftermath_perspective_validate", text="You were bored")
    state, _ = run(state, A, "aftermath_perspective_clarify", text="Not bored: alone")
    ex = state["exercise"]
    assert (ex["phase"], ex["perspectives"][A]["clarification"]) == ("validate", "Not bored: alone")
    state, _ = run(state, B, "aftermath_perspective_validate",
                   text="You felt alone, that makes sense")
    assert state["exercise"]["perspectives"][A]["rounds"] == 2


def test_perspective_texts_have_limits():
    state = through_feelings(started())
    rejected(state, A, "aftermath_perspective_describe", "text_required", text=" ")
    rejected(state, A, "aftermath_perspective_describe", "text_too_long",
             text="x" * (MAX_PERSPECTIVE_CHARS + 1))


def test_triggers_ownership_and_next_time_follow_in_turn():
    state = through_perspectives(through_feelings(started()))
    assert state["exercise"]["step"] == "triggers"
    rejected(state, A, "aftermath_part_own", "wrong_step", text="I was short")
    rejected(state, B, "aftermath_trigger_name", "not_your_turn", text="Being ignored")
    state, _ = run(state, A, "aftermath_trigger_name", text="Feeling like an outsider")
    state, events = run(state, B, "aftermath_trigger_name", text="Being rushed")
    assert events[-1].type == "aftermath_step_started"
    assert events[-1].data == {"step": "ownership", "turn": A}
    state, _ = run(state, A, "aftermath_part_own", text="I went quiet instead of saying so")
    state, _ = run(state, A, "aftermath_apology_skip")
    state, _ = run(state, B, "aftermath_part_own", text="I ignored you most of the evening")
    state, _ = run(state, B, "aftermath_apology_skip")
    assert state["exercise"]["step"] == "next_time"
    rejected(state, A, "aftermath_next_time_propose", "text_too_long",
             text="x" * (MAX_NEXT_TIME_CHARS + 1))


def test_the_exercise_completes_with_a_summary_both_see():
    state = through_perspectives(through_feelings(started(topic="Dinner")))
    state, _ = run(state, A, "aftermath_trigger_name", text="triggers of A")
    state, _ = run(state, B, "aftermath_trigger_name", text="triggers of B")
    for who in (A, B):
        state, _ = run(state, who, "aftermath_part_own", text=f"ownership of {who}")
        state, _ = run(state, who, "aftermath_apology_skip")
    state, _ = run(state, A, "aftermath_next_time_propose", text="Say it early")
    state, events = run(state, B, "aftermath_next_time_propose", text="Check in with you")
    assert state["exercise"] is None and events[-1].type == "exercise_completed"
    record = state["completed"][-1]
    assert (record["kind"], record["finished"]) == ("aftermath", True)
    summary = record["summary"]
    assert summary["incident"] == "Dinner" and summary["feelings"][A] == words(2)
    assert summary["perspectives"][B]["validation"] == "It makes sense because…"
    assert summary["next_time"] == {A: "Say it early", B: "Check in with you"}
    assert engine.view(state, A)["completed"] == engine.view(state, B)["completed"]


def test_the_aftermath_waits_out_a_time_out_and_resumes_at_the_same_turn():
    state = through_feelings(started())
    paused, _ = run(state, B, "time_out_call")
    rejected(paused, A, "aftermath_perspective_describe", "time_out_active", text="My side")
    for who in (A, B):
        back = engine.Command("time_out_return", who, {}, now=1000.0 + 1200)
        paused, _ = engine.apply(paused, back)
    assert paused["exercise"] == state["exercise"]


# --- before step 1: are we both calm enough? ------------------------------------------


def test_the_conversation_opens_with_a_calm_check_both_answer_in_any_order():
    state = fresh()
    ex = state["exercise"]
    assert (ex["step"], ex["turn"]) == ("calm_check", None)
    assert engine.view(state, A)["exercise"]["waiting_for"] is None
    rejected(state, A, "aftermath_feelings_name", "wrong_step", feelings=words(1))
    state, _ = run(state, B, "aftermath_calm_answer", answer="calm")
    assert state["exercise"]["step"] == "calm_check"
    rejected(state, B, "aftermath_calm_answer", "already_answered", answer="calm")
    state, events = run(state, A, "aftermath_calm_answer", answer="calm")
    assert events[-1].data == {"step": "feelings", "turn": A}


def test_either_partner_can_say_not_yet_and_both_answer_again_later():
    state, _ = run(fresh(), A, "aftermath_calm_answer", answer="calm")
    state, events = run(state, B, "aftermath_calm_answer", answer="not_yet")
    ex = state["exercise"]
    assert (ex["step"], ex["calm"], ex["not_yet"]) == ("calm_check", {}, {"by": B, "at": 1000.0})
    assert events[0].type == "aftermath_not_calm_yet"
    rejected(state, A, "aftermath_calm_answer", "invalid_choice", answer="maybe")
    state, _ = run(state, B, "time_out_call")
    for who in (A, B):
        state, _ = engine.apply(state, engine.Command("time_out_return", who, {}, now=1000 + 1200))
    state, _ = run(state, A, "aftermath_calm_answer", answer="calm")
    state, _ = run(state, B, "aftermath_calm_answer", answer="calm")
    assert state["exercise"]["step"] == "feelings" and state["exercise"]["not_yet"] is None


# --- step 4: my part and an optional apology -----------------------------------------------


def at_ownership():
    state = through_perspectives(through_feelings(started()))
    state, _ = run(state, A, "aftermath_trigger_name", text="t")
    state, _ = run(state, B, "aftermath_trigger_name", text="t")
    return state


def test_after_my_part_i_may_apologise_and_my_partner_accepts():
    state, _ = run(at_ownership(), A, "aftermath_part_own", text="I raised my voice")
    assert state["exercise"]["phase"] == "apology"
    rejected(state, B, "aftermath_apology_offer", "not_your_turn", text="Sorry")
    state, _ = run(state, A, "aftermath_apology_offer", text="I'm sorry I shouted at you")
    assert engine.view(state, A)["exercise"]["waiting_for"] == B
    rejected(state, A, "aftermath_apology_answer", "not_your_turn", answer="accept")
    rejected(state, B, "aftermath_apology_answer", "text_not_allowed", answer="accept", text="ok")
    state, events = run(state, B, "aftermath_apology_answer", answer="accept")
    assert events[0].data == {"by": B, "to": A, "answer": "accept", "text": None}
    ex = state["exercise"]
    assert ex["apologies"][A]["answer"] == "accept"
    assert (ex["step"], ex["turn"], ex["phase"]) == ("ownership", B, "own")


def test_the_partner_can_say_what_they_still_need_instead():
    state, _ = run(at_ownership(), A, "aftermath_part_own", text="I raised my voice")
    state, _ = run(state, A, "aftermath_apology_offer", text="I'm sorry")
    rejected(state, B, "aftermath_apology_answer", "text_required", answer="still_need")
    rejected(state, B, "aftermath_apology_answer", "invalid_choice", answer="reject")
    state, _ = run(state, B, "aftermath_apology_answer", answer="still_need",
                   text="To hear that you know why it scared me")
    still_need = state["exercise"]["apologies"][A]["still_need"]
    assert still_need == "To hear that you know why it scared me"


def test_an_apology_is_optional_and_never_before_my_part():
    state = at_ownership()
    rejected(state, A, "aftermath_apology_offer", "wrong_step", text="Sorry")
    state, _ = run(state, A, "aftermath_part_own", text="I raised my voice")
    state, events = run(state, A, "aftermath_apology_skip")
    assert [e.type for e in events] == ["aftermath_apology_skipped", "aftermath_turn_passed"]
    state, _ = run(state, B, "aftermath_part_own", text="I walked off")
    state, _ = run(state, B, "aftermath_apology_offer", text="Sorry for walking off")
    state, events = run(state, A, "aftermath_apology_answer", answer="accept")
    assert events[-1].data == {"step": "next_time", "turn": A}


# --- step 5: one thing I'll do differently, one thing I ask -----------------------------------


def at_next_time():
    state = at_ownership()
    for who in (A, B):
        state, _ = run(state, who, "aftermath_part_own", text="my part")
        state, _ = run(state, who, "aftermath_apology_skip")
    return state


def test_i_can_ask_one_thing_of_my_partner_who_accepts_it():
    state, events = run(at_next_time(), A, "aftermath_next_time_propose",
                        text="Say when I'm overwhelmed", request="Ask before inviting family")
    assert events[0].data["request"] == "Ask before inviting family"
    assert state["exercise"]["phase"] == "request_answer"
    rejected(state, A, "aftermath_request_answer", "not_your_turn", answer="accept")
    state, events = run(state, B, "aftermath_request_answer", answer="accept")
    assert events[0].data["agreed"] == "Ask before inviting family"
    assert (state["exercise"]["turn"], state["exercise"]["phase"]) == (B, "propose")


def test_my_partner_can_adjust_the_request_to_what_they_can_promise():
    state, _ = run(at_next_time(), A, "aftermath_next_time_propose",
                   text="Say when I'm overwhelmed", request="Never invite family without asking")
    rejected(state, B, "aftermath_request_answer", "text_required", answer="adjust")
    rejected(state, B, "aftermath_request_answer", "text_too_long", answer="adjust",
             text="x" * 281)
    state, _ = run(state, B, "aftermath_request_answer", answer="adjust",
                   text="Ask you a day before inviting family")
    state, events = run(state, B, "aftermath_next_time_propose", text="Check in at dinner")
    assert events[-1].type == "exercise_completed"
    plan = state["completed"][-1]["summary"]["plan"]
    assert plan == [
        {"kind": "do_differently", "owner": A, "asked_by": None,
         "text": "Say when I'm overwhelmed", "marks": {}, "status": "open"},
        {"kind": "request", "owner": B, "asked_by": A,
         "text": "Ask you a day before inviting family", "marks": {}, "status": "open"},
        {"kind": "do_differently", "owner": B, "asked_by": None,
         "text": "Check in at dinner", "marks": {}, "status": "open"},
    ]
    summary = state["completed"][-1]["summary"]
    assert summary["requests"][A]["answer"] == "adjust" and summary["requests"][B] is None


def test_a_request_has_a_limit_and_a_blank_one_is_no_request():
    state = at_next_time()
    rejected(state, A, "aftermath_next_time_propose", "text_too_long", text="ok",
             request="x" * 281)
    state, events = run(state, A, "aftermath_next_time_propose", text="ok", request="   ")
    assert state["exercise"]["turn"] == B and events[-1].type == "aftermath_turn_passed"
