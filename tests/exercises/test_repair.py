"""Repair attempts and time-outs in the engine: sending, acknowledging,
counts, the shared break and its deadline, with no database."""

from __future__ import annotations

import copy

import pytest

from exercises import engine
from exercises.repair import (
    MAX_REPAIR_CHARS,
    MAX_WAITING_REPAIRS,
    RECENT_REPAIRS,
    acknowledgements,
    phrase_groups,
    time_out_guidance,
)
from exercises.repair_list import repair_lists_set, repair_marks_clean, repair_menu

A, B, T = "1", "2", "9"
NOW = 1_000_000.0


def run(state, actor, command, now=NOW, **payload):
    return engine.apply(state, engine.Command(command, actor, payload, now=now))


def rejected(state, actor, command, code, now=NOW, **payload):
    before = copy.deepcopy(state)
    with pytest.raises(engine.RuleError) as caught:
        run(state, actor, command, now=now, **payload)
    assert caught.value.code == code
    assert state == before
    return caught.value


def session(**extra):
    return engine.new_session(partners=[A, B], **extra)


def listening():
    state, _ = run(session(), A, "exercise_start", exercise="active_listening", topic="Chores",
                   mode="typed", first_speaker=A)
    return state


def a_phrase_id(intent="sorry"):
    return next(g for g in phrase_groups() if g["intent"] == intent)["phrases"][0]["id"]


# --- the checklist ---------------------------------------------------------------


def test_checklist_has_the_six_intents_with_unique_phrase_ids():
    groups = phrase_groups()
    assert [g["intent"] for g in groups] == [
        "i_feel", "sorry", "get_to_yes", "calm_down", "stop_reset", "appreciate"]
    ids = [p["id"] for g in groups for p in g["phrases"]]
    assert len(ids) == len(set(ids)) and all(len(g["phrases"]) >= 3 for g in groups)


def test_the_answers_and_time_out_guidance_are_worded():
    assert set(acknowledgements()) == {"with_you", "need_a_moment"}
    guidance = time_out_guidance()
    assert len(guidance["suggestions"]) >= 3 and guidance["reentry"]


# --- repair attempts ----------------------------------------------------------------


def test_a_phrase_from_the_checklist_reaches_the_other_partner():
    phrase_id = a_phrase_id("sorry")
    state, events = run(session(), A, "repair_send", phrase_id=phrase_id)
    repair = state["repairs"][-1]
    assert (repair["from"], repair["to"], repair["phrase_id"], repair["intent"]) == (
        A, B, phrase_id, "sorry")
    assert repair["text"] and repair["answer"] is None and repair["sent_at"] == NOW
    assert events[0].type == "repair_sent" and events[0].private_to is None


def test_a_repair_in_own_words_is_stripped_and_kept():
    state, _ = run(session(), B, "repair_send", text="  I miss you, even now. ")
    repair = state["repairs"][-1]
    assert (repair["text"], repair["intent"], repair["to"]) == (
        "I miss you, even now.", "own_words", A)


def test_a_repair_works_inside_an_exercise_and_leaves_it_as_it_was():
    state = listening()
    after, _ = run(state, B, "repair_send", text="Can we slow down?")
    assert after["exercise"] == state["exercise"] and len(after["repairs"]) == 1


def test_a_repair_needs_exactly_one_of_phrase_and_text():
    rejected(session(), A, "repair_send", "repair_phrase_or_text")
    rejected(session(), A, "repair_send", "repair_phrase_or_text",
             phrase_id=a_phrase_id(), text="hi")


def test_a_repair_must_be_a_known_phrase_or_fit_the_limit():
    rejected(session(), A, "repair_send", "unknown_repair_phrase", phrase_id="you_always")
    rejected(session(), A, "repair_send", "text_required", text="   ")
    rejected(session(), A, "repair_send", "text_too_long", text="x" * (MAX_REPAIR_CHARS + 1))


def test_a_facilitator_cannot_send_a_repair_attempt():
    rejected(session(facilitators=[T]), T, "repair_send", "not_allowed_for_role", text="Breathe")


def test_only_the_recipient_acknowledges_and_only_once():
    state, _ = run(session(), A, "repair_send", text="I'm sorry")
    repair_id = state["repairs"][-1]["id"]
    rejected(state, A, "repair_acknowledge", "not_repair_recipient",
             repair_id=repair_id, answer="with_you")
    state, events = run(state, B, "repair_acknowledge", repair_id=repair_id, answer="with_you")
    assert state["repairs"][-1]["answer"] == "with_you"
    assert events[0].type == "repair_acknowledged" and events[0].data["by"] == B
    rejected(state, B, "repair_acknowledge", "repair_already_acknowledged",
             repair_id=repair_id, answer="need_a_moment")


def test_acknowledging_needs_a_known_repair_and_one_of_the_two_answers():
    state, _ = run(session(), A, "repair_send", text="I'm sorry")
    repair_id = state["repairs"][-1]["id"]
    rejected(state, B, "repair_acknowledge", "repair_not_found", repair_id="r99", answer="with_you")
    rejected(state, B, "repair_acknowledge", "invalid_choice",
             repair_id=repair_id, answer="whatever")


def test_counts_of_repairs_made_and_received_per_partner():
    state, _ = run(session(), A, "repair_send", text="one")
    state, _ = run(state, A, "repair_send", text="two")
    state, _ = run(state, B, "repair_send", phrase_id=a_phrase_id("appreciate"))
    assert state["repair_counts"] == {A: {"made": 2, "received": 1}, B: {"made": 1, "received": 2}}


def test_too_many_unanswered_repairs_wait_for_an_answer_first():
    state = session()
    for n in range(MAX_WAITING_REPAIRS):
        state, _ = run(state, A, "repair_send", text=f"bid {n}")
    rejected(state, A, "repair_send", "too_many_waiting_repairs", text="one more")
    state, _ = run(state, B, "repair_acknowledge", repair_id=state["repairs"][0]["id"],
                   answer="need_a_moment")
    state, _ = run(state, A, "repair_send", text="one more")
    assert state["repairs"][-1]["text"] == "one more"


def test_only_the_last_repairs_stay_in_state_but_the_counts_keep_going():
    state = session()
    for n in range(RECENT_REPAIRS + 5):
        sender, receiver = (A, B) if n % 2 == 0 else (B, A)
        state, _ = run(state, sender, "repair_send", text=f"bid {n}")
        state, _ = run(state, receiver, "repair_acknowledge", repair_id=state["repairs"][-1]["id"],
                       answer="with_you")
    assert len(state["repairs"]) == RECENT_REPAIRS
    assert state["repairs"][-1]["text"] == f"bid {RECENT_REPAIRS + 4}"
    counts = state["repair_counts"]
    assert counts[A]["made"] + counts[B]["made"] == RECENT_REPAIRS + 5
    assert len({r["id"] for r in state["repairs"]}) == RECENT_REPAIRS


# --- time-out ----------------------------------------------------------------------------


def timed_out(state=None, actor=A, **payload):
    state, _ = run(state or listening(), actor, "time_out_call", **payload)
    return state


def test_a_time_out_lasts_twenty_minutes_by_default_with_a_server_deadline():
    state, events = run(listening(), B, "time_out_call")
    time_out = state["time_out"]
    assert (time_out["called_by"], time_out["minutes"]) == (B, 20)
    assert time_out["ends_at"] == NOW + 20 * 60
    assert time_out["returned"] == [] and events[0].type == "time_out_called"


def test_the_couple_can_choose_a_longer_time_out_but_never_shorter_than_twenty_minutes():
    assert timed_out(minutes=45)["time_out"]["ends_at"] == NOW + 45 * 60
    rejected(listening(), A, "time_out_call", "time_out_too_short", minutes=10)
    assert timed_out(minutes=24 * 60)["time_out"]["ends_at"] == NOW + 24 * 3600
    rejected(listening(), A, "time_out_call", "time_out_too_long", minutes=24 * 60 + 1)
    rejected(listening(), A, "time_out_call", "invalid_choice", minutes="twenty")
    rejected(listening(), A, "time_out_call", "invalid_choice", minutes=True)


def test_a_facilitator_can_call_a_time_out():
    state = timed_out(session(facilitators=[T]), actor=T)
    assert state["time_out"]["called_by"] == T


def test_during_a_time_out_the_exercise_is_held_for_both_partners():
    state = timed_out()
    for actor in (A, B):
        error = rejected(state, actor, "statement_make", "time_out_active", text="But I…")
        assert error.details["ends_at"] == NOW + 20 * 60
    rejected(state, A, "exercise_stop", "time_out_active")
    rejected(state, B, "time_out_call", "time_out_active")


@pytest.mark.parametrize("actor", [A, B])
def test_either_partner_can_end_the_session_during_a_time_out_without_being_named(actor):
    state, events = run(timed_out(), actor, "session_end")
    assert state["status"] == "ended" and state["time_out"] is None
    assert [e.type for e in events] == ["exercise_completed", "session_ended"]
    assert all(actor not in repr(e.data) for e in events)  # nobody is named
    assert actor not in repr(state["completed"][-1])


def test_repair_attempts_still_work_during_a_time_out():
    state, _ = run(timed_out(), B, "repair_send", phrase_id=a_phrase_id("calm_down"))
    state, _ = run(state, A, "repair_acknowledge", repair_id=state["repairs"][-1]["id"],
                   answer="with_you")
    assert state["repairs"][-1]["answer"] == "with_you" and state["time_out"] is not None


def test_coming_back_before_the_deadline_is_refused():
    state = timed_out()
    error = rejected(state, A, "time_out_return", "time_out_not_over", now=NOW + 19 * 60)
    assert error.details["seconds_left"] == 60


def test_when_both_are_back_after_the_deadline_the_exercise_continues_where_it_was():
    before = listening()
    before, _ = run(before, A, "statement_make", text="I feel rushed")
    state = timed_out(before)
    later = NOW + 20 * 60
    state, events = run(state, A, "time_out_return", now=later)
    assert state["time_out"]["returned"] == [A]
    assert [e.type for e in events] == ["time_out_returned"]
    rejected(state, B, "paraphrase_submit", "time_out_active", now=later, text="Rushed")
    rejected(state, A, "time_out_return", "already_returned", now=later)
    state, events = run(state, B, "time_out_return", now=later + 5)
    assert [e.type for e in events] == ["time_out_returned", "time_out_ended"]
    assert events[1].data["exercise"] == "active_listening"
    assert state["time_out"] is None and state["exercise"] == before["exercise"]
    assert state["time_out_last"]["ended_at"] == later + 5
    state, _ = run(state, B, "paraphrase_submit", now=later + 10, text="Mornings feel rushed")
    assert state["exercise"]["phase"] == "confirm"


def test_returning_without_a_time_out_is_refused():
    rejected(listening(), A, "time_out_return", "no_time_out")
    rejected(listening(), A, "time_out_extend", "no_time_out", minutes=10)


def test_a_partner_can_ask_for_more_time_within_the_limit():
    state = timed_out()
    state, events = run(state, B, "time_out_extend", now=NOW + 60, minutes=10)
    assert state["time_out"]["ends_at"] == NOW + 30 * 60 and events[0].type == "time_out_extended"
    rejected(state, A, "time_out_return", "time_out_not_over", now=NOW + 25 * 60)
    rejected(state, A, "time_out_extend", "time_out_too_short", minutes=2)
    rejected(state, A, "time_out_extend", "time_out_too_long", now=NOW + 60, minutes=24 * 60)


def test_more_time_after_the_deadline_counts_from_now():
    state = timed_out()
    state, _ = run(state, A, "time_out_extend", now=NOW + 50 * 60, minutes=5)
    assert state["time_out"]["ends_at"] == NOW + 55 * 60


def test_a_second_time_out_gets_a_new_id():
    state = timed_out()
    for who in (A, B):
        state, _ = run(state, who, "time_out_return", now=NOW + 1200)
    state, _ = run(state, B, "time_out_call", now=NOW + 2000)
    assert state["time_out"]["id"] != state["time_out_last"]["id"]


# --- our own words, "please let me finish", the flooding phrase ---------------------


def test_no_phrase_stays_close_to_a_single_item_of_the_published_checklist():
    echoes = ("my part", "part of what you're saying", "defensive", "more gently",
              "be gentler", "let me try again", "take a break", "i need to finish")
    texts = [p["text"].lower() for g in phrase_groups() for p in g["phrases"]]
    assert [t for t in texts if any(echo in t for echo in echoes)] == []


def test_the_speaker_can_ask_to_finish_their_piece():
    state, _ = run(listening(), A, "statement_make", text="I was saying")
    state, events = run(state, A, "repair_send", phrase_id="reset_let_me_finish")
    assert "let me finish" in events[0].data["text"].lower()
    assert events[0].data["to"] == B


def test_please_let_me_finish_belongs_to_the_speaker_inside_a_turn():
    rejected(session(), A, "repair_send", "phrase_not_available_now",
             phrase_id="reset_let_me_finish")
    rejected(listening(), B, "repair_send", "phrase_not_available_now",
             phrase_id="reset_let_me_finish")


def test_the_flooding_phrase_offers_a_time_out_in_one_tap():
    state, events = run(session(), A, "repair_send", phrase_id="calm_flooded")
    assert events[0].data["offers_time_out"] is True
    state, _ = run(state, A, "time_out_call")
    assert state["time_out"]["minutes"] == 20
    _, events = run(session(), A, "repair_send", phrase_id=a_phrase_id("sorry"))
    assert events[0].data["offers_time_out"] is False


# --- our repair list ------------------------------------------------------------------


def with_lists(lists):
    state, events = repair_lists_set(session(), lists)
    return state, events


def test_a_phrase_the_recipient_finds_irritating_cannot_be_sent_to_them():
    state, events = with_lists({B: {"yes_point": "irritating"}})
    assert state["version"] == 1 and events[0].type == "repair_list_updated"
    error = rejected(state, A, "repair_send", "phrase_hidden", phrase_id="yes_point")
    assert error.details["phrase_id"] == "yes_point"
    state, _ = run(state, B, "repair_send", phrase_id="yes_point")


def test_setting_the_same_list_again_changes_nothing():
    state, _ = with_lists({A: {"yes_point": "welcome"}})
    assert repair_lists_set(state, {A: {"yes_point": "welcome"}}) == (state, [])


def test_the_phrases_both_welcome_come_first_and_irritating_ones_are_hidden():
    lists = {A: {"appreciate_love": "welcome", "yes_point": "welcome"},
             B: {"appreciate_love": "welcome", "calm_slow": "irritating",
                 "sorry_harsh": "welcome"}}
    menu = repair_menu(lists, sender=A, recipient=B)
    assert [p["id"] for p in menu["both_welcome"]] == ["appreciate_love"]
    rest = [p["id"] for g in menu["groups"] for p in g["phrases"]]
    assert "calm_slow" not in rest and "appreciate_love" not in rest and "sorry_harsh" in rest
    theirs = repair_menu(lists, sender=B, recipient=A)
    assert "calm_slow" in [p["id"] for g in theirs["groups"] for p in g["phrases"]]


def test_marks_are_checked_and_kept_in_checklist_order():
    assert list(repair_marks_clean({"appreciate_love": "welcome", "feel_overwhelmed":
                                    "irritating"})) == ["feel_overwhelmed", "appreciate_love"]
    for bad, code in (({"nope": "welcome"}, "unknown_repair_phrase"),
                      ({"yes_point": "love"}, "invalid_choice"),
                      (["yes_point"], "invalid_choice")):
        with pytest.raises(engine.RuleError) as caught:
            repair_marks_clean(bad)
        assert caught.value.code == code


# --- longer breaks with an agreed return ------------------------------------------------


def test_a_long_break_has_a_return_time_both_agree_to():
    state = timed_out(minutes=180)
    assert state["time_out"]["agreed_by"] == [A]
    state, events = run(state, B, "time_out_return_agree")
    assert state["time_out"]["agreed_by"] == [A, B]
    assert events[0].data["ends_at"] == NOW + 180 * 60
    rejected(state, B, "time_out_return_agree", "already_agreed")


def test_either_partner_can_move_the_return_time_and_the_other_agrees_again():
    state = timed_out(minutes=60)
    tomorrow = NOW + 20 * 3600
    state, events = run(state, B, "time_out_return_set", now=NOW + 300, return_at=tomorrow)
    assert (state["time_out"]["ends_at"], state["time_out"]["agreed_by"]) == (tomorrow, [B])
    assert events[0].type == "time_out_return_set"
    state, _ = run(state, A, "time_out_return_agree", now=NOW + 400)
    rejected(state, A, "time_out_return", "time_out_not_over", now=NOW + 3 * 3600)


def test_the_return_time_is_twenty_minutes_to_twenty_four_hours_after_the_start():
    state = timed_out()
    error = rejected(state, A, "time_out_return_set", "time_out_too_short", return_at=NOW + 600)
    assert error.details["earliest"] == NOW + 1200
    rejected(state, A, "time_out_return_set", "time_out_too_long", return_at=NOW + 86_401)
    rejected(state, A, "time_out_return_set", "invalid_choice", return_at="tomorrow")
    rejected(session(), A, "time_out_return_set", "no_time_out", return_at=NOW + 3600)


def test_a_partner_can_ask_to_be_reminded_and_leave():
    state, _ = run(timed_out(), B, "time_out_remind_me")
    assert state["time_out"]["remind"] == [B]
    state, _ = run(state, B, "time_out_remind_me", remind=False)
    assert state["time_out"]["remind"] == []
    rejected(state, B, "time_out_remind_me", "invalid_choice", remind="yes")


def test_either_partner_can_end_the_session_during_a_time_out():
    state, events = run(timed_out(), B, "session_end")
    assert state["status"] == "ended" and state["time_out"] is None
    assert [e.type for e in events] == ["exercise_completed", "session_ended"]


def test_a_view_shows_the_combined_effect_never_the_partners_marks():
    lists = {A: {"appreciate_love": "welcome"},
             B: {"appreciate_love": "welcome", "calm_slow": "irritating"}}
    state, _ = repair_lists_set(session(facilitators=[T]), lists)
    mine = engine.view(state, A)
    assert "repair_lists" not in mine
    assert [p["id"] for p in mine["repair_menu"]["both_welcome"]] == ["appreciate_love"]
    offered = [p["id"] for g in mine["repair_menu"]["groups"] for p in g["phrases"]]
    assert "calm_slow" not in offered
    theirs = engine.view(state, B)
    assert "calm_slow" in [p["id"] for g in theirs["repair_menu"]["groups"] for p in g["phrases"]]
    therapist = engine.view(state, T)
    assert "repair_lists" not in therapist and "repair_menu" not in therapist


def test_a_per_viewer_state_key_is_registered_once():
    with pytest.raises(ValueError, match="repair_lists"):
        engine.per_viewer_state("repair_lists")(lambda state, viewer: {})
