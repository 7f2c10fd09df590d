"""I-statement rewriting in the engine: every rule, error code and
transition, and the privacy of drafts, with no database."""

from __future__ import annotations

import json

import pytest

from exercises import engine
from exercises.i_statements.exercise import (
    MAX_ANALYZE_CHARS,
    MAX_COMPLAINT_CHARS,
    MAX_NEED_CHARS,
    MAX_OFFER_CHARS,
    MAX_PARAPHRASE_CHARS,
    MAX_REWRITE_CHARS,
    Analysis,
    analyze,
    carried_over,
    compose_rewrite,
    draft_analyze,
)

A, B = "1", "2"
SECRET = "zebra-umbrella-7731"
"""A marker that must never leave its author's share of the session."""

PARTS = {
    "feeling": "lonely",
    "situation": "you look at your phone during dinner",
    "need": "connection",
    "request": "leave our phones in the hall while we eat",
}


def run(state, actor, command, **payload):
    return engine.apply(state, engine.Command(command, actor, payload, now=1000.0))


def rejected(state, actor, command, code, **payload):
    with pytest.raises(engine.RuleError) as caught:
        run(state, actor, command, **payload)
    assert caught.value.code == code
    return caught.value


def started(first=A, turns="one"):
    state = engine.new_session(partners=[A, B])
    state, _ = run(state, A, "exercise_start", exercise="i_statements", first_writer=first,
                   turns=turns)
    return state


def shared(state=None, writer=A, **parts):
    state, _ = run(state or started(), writer, "i_statement_share", **{**PARTS, **parts})
    return state


def heard(state=None, writer=A, listener=B):
    state, _ = run(state or shared(), listener, "i_statement_paraphrase",
                   text="You feel lonely when I'm on my phone at dinner")
    state, _ = run(state, writer, "i_statement_paraphrase_confirm")
    return state


def offered(state=None, writer=A, listener=B):
    state, _ = run(state or heard(), listener, "i_statement_offer",
                   text="I can leave my phone in the hall")
    return state


def closed(state, a="resolved", b="resolved"):
    state, first = run(state, A, "i_statement_close", outcome=a)
    state, second = run(state, B, "i_statement_close", outcome=b)
    return state, first + second


# --- starting ------------------------------------------------------------------


def test_starting_makes_the_chosen_partner_the_writer():
    ex = started(first=B)["exercise"]
    assert (ex["writer"], ex["listener"], ex["phase"], ex["turns"]) == (B, A, "drafting", "one")


def test_start_needs_a_partner_as_first_writer_and_a_known_turns_option():
    state = engine.new_session(partners=[A, B])
    base = {"exercise": "i_statements", "first_writer": A}
    rejected(state, A, "exercise_start", "invalid_choice", **{**base, "first_writer": "99"})
    rejected(state, A, "exercise_start", "invalid_choice", **{**base, "turns": "three"})


# --- drafts ----------------------------------------------------------------------


def test_the_writer_drafts_survive_in_their_own_view():
    state, _ = run(started(), A, "i_statement_draft_save", complaint="You never listen",
                   feeling="hurt", situation="at dinner")
    draft = engine.view(state, A)["exercise"]["my_draft"]
    assert draft == {"complaint": "You never listen", "feeling": "hurt", "situation": "at dinner"}


def test_saving_one_field_keeps_the_others_and_an_empty_string_clears_it():
    state, _ = run(started(), A, "i_statement_draft_save", complaint="You never listen",
                   need="rest")
    state, _ = run(state, A, "i_statement_draft_save", need="")
    assert engine.view(state, A)["exercise"]["my_draft"] == {"complaint": "You never listen"}


def test_a_draft_is_absent_from_the_other_partners_view_and_a_facilitators():
    state = started()
    state["facilitators"] = ["9"]
    state, events = run(state, A, "i_statement_draft_save", complaint=f"You never {SECRET}",
                        situation=SECRET, need=SECRET, request=SECRET, rewrite=SECRET)
    for viewer in (B, "9"):
        assert SECRET not in json.dumps(engine.view(state, viewer))
        assert engine.view(state, viewer)["exercise"]["my_draft"] == {}
    assert engine.visible_events([e.to_dict() for e in events], B) == []


def test_the_draft_event_is_private_to_the_writer_and_carries_no_text():
    _, events = run(started(), A, "i_statement_draft_save", complaint=SECRET)
    assert [(e.type, e.private_to) for e in events] == [("i_statement_draft_saved", A)]
    assert events[0].data == {"fields": ["complaint"]}
    assert SECRET not in json.dumps([e.to_dict() for e in events])


def test_only_the_writer_can_draft():
    rejected(started(), B, "i_statement_draft_save", "not_writer", complaint="Well, you…")


def test_a_draft_save_needs_at_least_one_field():
    rejected(started(), A, "i_statement_draft_save", "nothing_to_save")


def test_draft_fields_have_limits():
    state = started()
    rejected(state, A, "i_statement_draft_save", "text_too_long",
             complaint="x" * (MAX_COMPLAINT_CHARS + 1))
    rejected(state, A, "i_statement_draft_save", "text_too_long", need="x" * (MAX_NEED_CHARS + 1))


def test_a_draft_feeling_must_come_from_the_lexicon():
    error = rejected(started(), A, "i_statement_draft_save", "invalid_choice", feeling="ignored")
    assert error.details["field"] == "feeling"


def test_the_writer_cannot_draft_after_sharing():
    rejected(shared(), A, "i_statement_draft_save", "out_of_turn", complaint="more")


# --- sharing ---------------------------------------------------------------------


def test_sharing_composes_the_rewrite_from_the_builder():
    ex = shared()["exercise"]
    assert ex["shared"]["text"] == (
        "I feel lonely when you look at your phone during dinner, because I need connection. "
        "Would you be willing to leave our phones in the hall while we eat?"
    )
    assert ex["phase"] == "paraphrase"


def test_the_composed_rewrite_does_not_double_what_the_writer_typed():
    text = compose_rewrite(feeling="Sad", situation="When the dishes stay out.",
                           need="because I need rest", request="Would you be willing to help?")
    assert text == ("I feel sad when the dishes stay out, because I need rest. "
                    "Would you be willing to help?")


def test_a_part_ending_in_an_ellipsis_gets_no_second_stop():
    text = compose_rewrite(feeling="lonely", situation="we eat apart…",
                           need="closeness…", request="eat with me…")
    assert text == ("I feel lonely when we eat apart, because I need closeness. "
                    "Would you be willing to eat with me?")


def test_sharing_stores_the_analysis_of_the_shared_text_for_both():
    state, events = run(started(), A, "i_statement_share", **PARTS)
    stored = state["exercise"]["shared"]["analysis"]
    assert stored == analyze(state["exercise"]["shared"]["text"]).to_dict()
    assert events[0].private_to is None and events[0].data["analysis"] == stored
    assert engine.view(state, B)["exercise"]["shared"]["analysis"] == stored


def test_the_writers_own_final_wording_is_shared_even_with_issues():
    state = shared(text="I feel lonely when you always look at your phone.")
    ex = state["exercise"]
    assert ex["shared"]["text"] == "I feel lonely when you always look at your phone."
    assert "absolute" in ex["shared"]["analysis"]["issues"]
    assert ex["shared"]["analysis"]["is_i_statement"] is False


def test_sharing_discards_the_private_draft():
    state, _ = run(started(), A, "i_statement_draft_save", complaint=SECRET)
    state = shared(state)
    assert SECRET not in json.dumps(state)


def test_only_the_writer_can_share():
    rejected(started(), B, "i_statement_share", "not_writer", **PARTS)


def test_sharing_needs_every_part_of_the_builder():
    for field in PARTS:
        error = rejected(started(), A, "i_statement_share", "text_required",
                         **{**PARTS, field: "  "})
        assert error.details["field"] == field


COMPLETE = ("I feel lonely when we eat dinner in front of the TV, because I need time to "
            "talk with you. Could we keep weeknight dinners screen-free?")


def test_a_complete_i_statement_can_be_shared_as_written_without_the_builder():
    state, events = run(started(), A, "i_statement_share", text=COMPLETE)
    shared_event = events[0].data
    assert shared_event["text"] == COMPLETE
    assert shared_event["analysis"]["is_i_statement"] is True
    assert shared_event["parts"]["feeling"] == "lonely"
    assert state["exercise"]["phase"] == "paraphrase"


def test_a_statement_that_is_not_yet_complete_still_needs_the_builder():
    error = rejected(started(), A, "i_statement_share", "text_required",
                     text="You never put your phone down at dinner.")
    assert error.details["field"] == "feeling"


def test_the_shared_feeling_must_come_from_the_lexicon():
    rejected(started(), A, "i_statement_share", "invalid_choice", **{**PARTS, "feeling": "ignored"})


def test_the_shared_wording_has_a_limit():
    rejected(started(), A, "i_statement_share", "text_too_long",
             **PARTS, text="x" * (MAX_REWRITE_CHARS + 1))


def test_a_statement_is_shared_once():
    rejected(shared(), A, "i_statement_share", "out_of_turn", **PARTS)


# --- paraphrase, confirmation, offer -----------------------------------------------


def test_only_the_listener_can_paraphrase():
    rejected(shared(), A, "i_statement_paraphrase", "not_listener", text="I said…")


def test_the_listener_cannot_paraphrase_before_the_rewrite_is_shared():
    rejected(started(), B, "i_statement_paraphrase", "out_of_turn", text="You feel…")


def test_a_paraphrase_has_a_limit():
    rejected(shared(), B, "i_statement_paraphrase", "text_too_long",
             text="x" * (MAX_PARAPHRASE_CHARS + 1))
    rejected(shared(), B, "i_statement_paraphrase", "text_required", text=" ")


def test_only_the_writer_confirms_or_corrects_the_paraphrase():
    state, _ = run(shared(), B, "i_statement_paraphrase", text="You feel lonely")
    rejected(state, B, "i_statement_paraphrase_confirm", "not_writer")
    rejected(state, B, "i_statement_paraphrase_correct", "not_writer", text="no")


def test_a_correction_sends_the_listener_back_to_paraphrasing():
    state, _ = run(shared(), B, "i_statement_paraphrase", text="You are angry")
    state, _ = run(state, A, "i_statement_paraphrase_correct", text="Lonely, not angry")
    ex = state["exercise"]
    assert ex["phase"] == "paraphrase"
    assert ex["shared"]["attempts"] == [{"paraphrase": "You are angry",
                                         "correction": "Lonely, not angry"}]
    rejected(state, B, "i_statement_offer", "out_of_turn", text="Sure")


def test_a_correction_needs_text():
    state, _ = run(shared(), B, "i_statement_paraphrase", text="You are angry")
    rejected(state, A, "i_statement_paraphrase_correct", "text_required")


def test_the_listener_offers_only_after_the_writer_confirmed():
    state, _ = run(shared(), B, "i_statement_paraphrase", text="You feel lonely")
    rejected(state, B, "i_statement_offer", "out_of_turn", text="I can try")
    rejected(heard(), A, "i_statement_offer", "not_listener", text="I'll offer myself")


def test_an_offer_has_a_limit_and_leads_to_closing():
    rejected(heard(), B, "i_statement_offer", "text_too_long", text="x" * (MAX_OFFER_CHARS + 1))
    assert offered()["exercise"]["phase"] == "closing"


def test_the_confirmation_cannot_come_before_a_paraphrase():
    rejected(shared(), A, "i_statement_paraphrase_confirm", "out_of_turn")


# --- closing -----------------------------------------------------------------------


def test_closing_comes_only_after_the_offer():
    rejected(heard(), A, "i_statement_close", "out_of_turn", outcome="resolved")


def test_closing_needs_a_known_outcome():
    rejected(offered(), A, "i_statement_close", "invalid_choice", outcome="forgotten")


def test_a_closing_choice_is_hidden_from_the_other_until_both_chose():
    state, events = run(offered(), A, "i_statement_close", outcome="carried_over")
    assert [(e.type, e.private_to) for e in events] == [("i_statement_close_chosen", A)]
    other = engine.view(state, B)["exercise"]
    assert other["closing"] == {} and other["closing_chosen"] == [A]
    assert engine.view(state, A)["exercise"]["closing"] == {A: "carried_over"}


def test_a_partner_chooses_once():
    state, _ = run(offered(), A, "i_statement_close", outcome="resolved")
    rejected(state, A, "i_statement_close", "out_of_turn", outcome="carried_over")


def test_both_choosing_resolved_completes_with_a_summary_of_the_shared_parts():
    state, _ = run(started(), A, "i_statement_draft_save", complaint=SECRET)
    state, events = closed(offered(heard(shared(state))))
    assert state["exercise"] is None
    record = state["completed"][-1]
    assert (record["kind"], record["finished"]) == ("i_statements", True)
    statement = record["summary"]["statements"][0]
    assert statement["outcome"] == "resolved"
    assert statement["paraphrase"] == "You feel lonely when I'm on my phone at dinner"
    assert statement["offer"] == "I can leave my phone in the hall"
    assert statement["text"].startswith("I feel lonely when")
    assert SECRET not in json.dumps(record)
    assert [e.type for e in events][-2:] == ["i_statement_closed", "exercise_completed"]


def test_either_partner_carrying_it_over_carries_it_over():
    state, events = closed(offered(), a="resolved", b="carried_over")
    assert state["completed"][-1]["summary"]["statements"][0]["outcome"] == "carried_over"
    closing = next(e for e in events if e.type == "i_statement_closed")
    assert closing.data["choices"] == {A: "resolved", B: "carried_over"}


def test_carried_over_statements_are_listed_for_a_later_session():
    state, _ = closed(offered(), a="carried_over", b="carried_over")
    text = state["completed"][-1]["summary"]["statements"][0]["text"]
    assert carried_over(state["completed"]) == [
        {"writer": A, "text": text, "offer": "I can leave my phone in the hall"}
    ]


def test_resolved_statements_are_not_carried_over():
    state, _ = closed(offered())
    assert carried_over(state["completed"]) == []


def test_with_both_turns_the_partners_swap_roles_after_the_first_statement():
    state, events = closed(offered(heard(shared(started(turns="both")))))
    ex = state["exercise"]
    assert (ex["round"], ex["writer"], ex["listener"], ex["phase"]) == (2, B, A, "drafting")
    assert ex["shared"] is None and ex["closing"] == {}
    assert events[-1].type == "i_statement_round_started"
    rejected(state, A, "i_statement_draft_save", "not_writer", complaint="my turn?")


def test_with_both_turns_the_exercise_completes_after_the_second_statement():
    state, _ = closed(offered(heard(shared(started(turns="both")))))
    state = offered(heard(shared(state, writer=B), writer=B, listener=A), writer=B, listener=A)
    state, _ = closed(state)
    statements = state["completed"][-1]["summary"]["statements"]
    assert [s["writer"] for s in statements] == [A, B]
    assert state["exercise"] is None


def test_steps_of_another_exercise_are_refused():
    state = engine.new_session(partners=[A, B])
    state, _ = run(state, A, "exercise_start", exercise="active_listening", topic="Chores",
                   mode="typed", first_speaker=A)
    rejected(state, A, "i_statement_share", "wrong_exercise", **PARTS)


# --- live coaching -------------------------------------------------------------------


def test_live_coaching_returns_the_analyzers_answer():
    result = draft_analyze("You never listen")
    assert result == analyze("You never listen").to_dict()
    assert "absolute" in result["issues"]
    assert isinstance(analyze("x"), Analysis)


def test_live_coaching_refuses_text_past_its_limit():
    with pytest.raises(engine.RuleError) as caught:
        draft_analyze("x" * (MAX_ANALYZE_CHARS + 1))
    assert caught.value.code == "text_too_long"
