"""Active listening (Speaker–Listener technique) in the engine: every rule,
error code and transition, with no database."""

from __future__ import annotations

import pytest

from exercises import engine
from exercises.active_listening import (
    MAX_STATEMENT_CHARS,
    MAX_UNDERSTANDING_CHARS,
    RECENT_EXCHANGES,
    starter_topics,
)

A, B = "1", "2"


def run(state, actor, command, **payload):
    return engine.apply(state, engine.Command(command, actor, payload, now=1000.0))


def started(mode="typed", first=A):
    state = engine.new_session(partners=[A, B])
    state, _ = run(state, A, "exercise_start", exercise="active_listening", topic="Chores",
                   mode=mode, first_speaker=first)
    return state


def one_exchange(state, speaker=A, listener=B):
    typed = state["exercise"]["mode"] == "typed"
    state, _ = run(state, speaker, "statement_make", **({"text": "I feel tired"} if typed else {}))
    state, _ = run(state, listener, "paraphrase_submit", **({"text": "You're tired"} if typed else {}))
    state, _ = run(state, speaker, "paraphrase_confirm")
    return state


def rejected(state, actor, command, code, **payload):
    with pytest.raises(engine.RuleError) as caught:
        run(state, actor, command, **payload)
    assert caught.value.code == code
    return caught.value


def test_starting_gives_the_chosen_partner_the_floor():
    state = started(first=B)
    ex = state["exercise"]
    assert (ex["speaker"], ex["listener"], ex["phase"]) == (B, A, "statement")
    assert state["version"] == 1


def test_start_needs_a_topic_a_known_mode_and_a_partner_as_first_speaker():
    state = engine.new_session(partners=[A, B])
    base = {"exercise": "active_listening", "topic": "x", "mode": "typed", "first_speaker": A}
    rejected(state, A, "exercise_start", "text_required", **{**base, "topic": "  "})
    rejected(state, A, "exercise_start", "text_too_long", **{**base, "topic": "x" * 121})
    rejected(state, A, "exercise_start", "invalid_choice", **{**base, "mode": "shouted"})
    rejected(state, A, "exercise_start", "invalid_choice", **{**base, "first_speaker": "99"})
    rejected(state, A, "exercise_start", "unknown_exercise", **{**base, "exercise": "chess"})


def test_a_second_exercise_cannot_start_while_one_runs():
    state = started()
    rejected(state, B, "exercise_start", "exercise_in_progress", exercise="active_listening",
             topic="x", mode="typed", first_speaker=A)


def test_only_the_floor_holder_can_make_a_statement():
    state = started()
    error = rejected(state, B, "statement_make", "not_speaker", text="Actually, you…")
    assert "floor" in error.message


def test_only_the_listener_can_paraphrase():
    state = started()
    state, _ = run(state, A, "statement_make", text="I feel tired")
    rejected(state, A, "paraphrase_submit", "not_listener", text="I said I'm tired")


def test_the_listener_cannot_paraphrase_before_a_statement():
    rejected(started(), B, "paraphrase_submit", "nothing_to_paraphrase", text="hm")


def test_a_second_statement_waits_for_the_paraphrase():
    state = started()
    state, _ = run(state, A, "statement_make", text="one")
    rejected(state, A, "statement_make", "out_of_turn", text="two")


def test_statement_text_is_required_stripped_and_limited():
    state = started()
    rejected(state, A, "statement_make", "text_required", text="   ")
    rejected(state, A, "statement_make", "text_too_long", text="x" * (MAX_STATEMENT_CHARS + 1))
    state, events = run(state, A, "statement_make", text="  I feel tired  ")
    assert state["exercise"]["current"]["statement"] == "I feel tired"
    assert events[0].type == "statement_made" and events[0].data["text"] == "I feel tired"


def test_confirming_completes_the_exchange_and_returns_to_the_speaker():
    state = one_exchange(started())
    ex = state["exercise"]
    assert ex["phase"] == "statement" and ex["speaker"] == A
    assert ex["exchange_count"] == 1
    assert ex["recent"][-1]["statement"] == "I feel tired"
    assert ex["recent"][-1]["attempts"] == [{"paraphrase": "You're tired", "correction": None}]


def test_a_correction_sends_the_listener_back_to_paraphrase():
    state = started()
    state, _ = run(state, A, "statement_make", text="I feel tired")
    state, _ = run(state, B, "paraphrase_submit", text="You're angry")
    state, events = run(state, A, "paraphrase_correct", text="Tired, not angry")
    assert state["exercise"]["phase"] == "paraphrase"
    assert events[0].type == "paraphrase_corrected"
    state, _ = run(state, B, "paraphrase_submit", text="You're tired, not angry")
    state, _ = run(state, A, "paraphrase_confirm")
    attempts = state["exercise"]["recent"][-1]["attempts"]
    assert [a["correction"] for a in attempts] == ["Tired, not angry", None]


def test_only_the_speaker_confirms_or_corrects():
    state = started()
    state, _ = run(state, A, "statement_make", text="I feel tired")
    state, _ = run(state, B, "paraphrase_submit", text="You're tired")
    rejected(state, B, "paraphrase_confirm", "not_speaker")
    rejected(state, B, "paraphrase_correct", "not_speaker", text="no")


def test_confirming_without_a_paraphrase_is_out_of_turn():
    state = started()
    state, _ = run(state, A, "statement_make", text="I feel tired")
    rejected(state, A, "paraphrase_confirm", "out_of_turn")


def test_the_floor_passes_only_after_the_speaker_was_heard():
    state = started()
    rejected(state, A, "floor_pass", "not_heard_yet")
    state = one_exchange(state)
    state, events = run(state, A, "floor_pass")
    ex = state["exercise"]
    assert (ex["speaker"], ex["listener"], ex["turn"]) == (B, A, 2)
    assert events[0].type == "floor_passed"
    rejected(state, B, "floor_pass", "not_heard_yet")


def test_the_listener_cannot_pass_the_floor():
    rejected(one_exchange(started()), B, "floor_pass", "not_speaker")


def test_the_floor_cannot_pass_mid_exchange():
    state = one_exchange(started())
    state, _ = run(state, A, "statement_make", text="more")
    rejected(state, A, "floor_pass", "out_of_turn")


def test_spoken_mode_records_taps_and_refuses_text():
    state = started(mode="spoken")
    rejected(state, A, "statement_make", "text_not_allowed", text="typed anyway")
    state, events = run(state, A, "statement_make")
    assert events[0].data["text"] is None
    state, _ = run(state, B, "paraphrase_submit")
    state, _ = run(state, A, "paraphrase_correct")
    state, _ = run(state, B, "paraphrase_submit")
    state, _ = run(state, A, "paraphrase_confirm")
    state, _ = run(state, A, "floor_pass")
    assert state["exercise"]["speaker"] == B and state["exercise"]["exchange_count"] == 1


def test_closing_needs_one_exchange_and_happens_between_exchanges():
    state = started()
    rejected(state, A, "listening_close", "not_heard_yet")
    state = one_exchange(state)
    state, _ = run(state, A, "statement_make", text="more")
    rejected(state, B, "listening_close", "out_of_turn")


def test_understanding_lines_stay_private_until_both_are_written():
    state = one_exchange(started())
    state, _ = run(state, B, "listening_close")
    rejected(state, A, "statement_make", "out_of_turn", text="late")
    state, events = run(state, A, "understanding_share", text="Sam is worn out by mornings")
    assert events[0].private_to == A
    assert engine.view(state, A)["exercise"]["understandings"] == {A: "Sam is worn out by mornings"}
    assert engine.view(state, B)["exercise"]["understandings"] == {}
    assert engine.view(state, B)["exercise"]["understandings_written"] == [A]
    rejected(state, A, "understanding_share", "out_of_turn", text="again")


def test_the_exercise_completes_when_both_lines_are_in_and_both_see_them():
    state = one_exchange(started())
    state, _ = run(state, A, "listening_close")
    state, _ = run(state, A, "understanding_share", text="line a")
    state, events = run(state, B, "understanding_share", text="line b")
    assert state["exercise"] is None
    record = state["completed"][-1]
    assert record["finished"] and record["summary"]["understandings"] == {A: "line a", B: "line b"}
    assert [e.type for e in events] == [
        "understanding_written", "understandings_revealed", "exercise_completed"]
    assert all(e.private_to is None for e in events[1:])


def test_understanding_line_is_one_line_long_at_most():
    state = one_exchange(started())
    state, _ = run(state, A, "listening_close")
    rejected(state, A, "understanding_share", "text_too_long", text="x" * (MAX_UNDERSTANDING_CHARS + 1))


def test_recent_exchanges_are_capped_but_counted():
    state = started()
    for _ in range(RECENT_EXCHANGES + 3):
        state = one_exchange(state)
    ex = state["exercise"]
    assert len(ex["recent"]) == RECENT_EXCHANGES and ex["exchange_count"] == RECENT_EXCHANGES + 3


def test_listening_commands_need_the_exercise_running():
    state = engine.new_session(partners=[A, B])
    rejected(state, A, "statement_make", "no_exercise", text="hi")


def test_starter_topics_are_available():
    assert len(starter_topics()) >= 5


# --- the clarifying question ------------------------------------------------------


def stated(mode="typed"):
    state = started(mode=mode)
    state, _ = run(state, A, "statement_make", **({"text": "Mornings wear me out"}
                                                 if mode == "typed" else {}))
    return state


def test_the_listener_can_ask_one_clarifying_question_instead_of_paraphrasing():
    state, events = run(stated(), B, "clarify_ask", text="  Can you say more about mornings?  ")
    ex = state["exercise"]
    assert ex["phase"] == "answer"
    assert ex["current"]["question"] == {"text": "Can you say more about mornings?", "answer": None}
    assert events[0].type == "clarification_asked"


def test_the_speaker_answers_and_the_listener_then_paraphrases():
    state, _ = run(stated(), B, "clarify_ask", text="Which part of the morning?")
    rejected(state, B, "paraphrase_submit", "nothing_to_paraphrase", text="too early")
    state, events = run(state, A, "clarify_answer", text="Getting the kids out")
    assert state["exercise"]["phase"] == "paraphrase"
    assert events[0].data == {"speaker": A, "text": "Getting the kids out"}
    state, _ = run(state, B, "paraphrase_submit", text="Getting the kids out drains you")
    state, _ = run(state, A, "paraphrase_confirm")
    exchange = state["exercise"]["recent"][-1]
    assert exchange["question"]["answer"] == "Getting the kids out"


def test_a_question_does_not_count_as_a_paraphrase():
    state, _ = run(stated(), B, "clarify_ask", text="Which part?")
    state, _ = run(state, A, "clarify_answer", text="All of it")
    assert state["exercise"]["current"]["attempts"] == []
    rejected(state, A, "paraphrase_confirm", "out_of_turn")
    rejected(state, A, "floor_pass", "out_of_turn")


def test_only_the_listener_asks_and_only_one_question_per_piece():
    state = stated()
    rejected(state, A, "clarify_ask", "not_listener", text="Do you see?")
    state, _ = run(state, B, "clarify_ask", text="Which part?")
    state, _ = run(state, A, "clarify_answer", text="All of it")
    rejected(state, B, "clarify_ask", "question_already_asked", text="And?")


def test_a_question_needs_a_piece_and_must_be_a_question():
    rejected(started(), B, "clarify_ask", "nothing_to_paraphrase", text="What?")
    state = stated()
    error = rejected(state, B, "clarify_ask", "not_a_question", text="You are exaggerating.")
    assert "question" in error.message
    rejected(state, B, "clarify_ask", "text_too_long", text="x" * 200 + "?")


def test_only_the_speaker_answers_and_only_when_asked():
    state = stated()
    rejected(state, A, "clarify_answer", "out_of_turn", text="more")
    state, _ = run(state, B, "clarify_ask", text="Which part?")
    rejected(state, B, "clarify_answer", "not_speaker", text="I think")
    rejected(state, A, "clarify_answer", "text_too_long", text="x" * 281)


def test_in_spoken_mode_the_question_and_answer_are_taps():
    state = stated(mode="spoken")
    rejected(state, B, "clarify_ask", "text_not_allowed", text="What?")
    state, _ = run(state, B, "clarify_ask")
    state, _ = run(state, A, "clarify_answer")
    assert state["exercise"]["phase"] == "paraphrase"


def test_hidden_direction_controls_cannot_reorder_what_the_partner_sees():
    # A paraphrase with an unclosed right-to-left override showed the partner
    # its words backwards (a couple's trial); the controls are taken out, the words stay.
    state = started()
    state, _ = run(state, A, "statement_make", text="I feel tired")
    state, _ = run(state, B, "paraphrase_submit", text="What I hear is \u202eyou feel tired")
    assert state["exercise"]["current"]["attempts"][-1]["paraphrase"] == (
        "What I hear is you feel tired")
    rejected(started(), A, "statement_make", "text_required", text="\u202e\u2066 \u2069")
