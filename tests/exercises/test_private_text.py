"""The engine's list of where private text lives (exercises/private_text.py):
complete for every exercise, and covering every piece of private text an
exercise keeps in its state (docs/protocol.md §11)."""

from __future__ import annotations

import json

from exercises import engine
from exercises.private_text import PRIVATE_PER_AUTHOR, private_drop, private_map

A, B = "1", "2"
DRAFT = {
    "complaint": "complaint-c9f1",
    "feeling": "lonely",
    "situation": "situation-71a2",
    "need": "need-5be0",
    "request": "request-0d3e",
    "rewrite": "rewrite-8c44",
}


def run(state, actor, name, **payload):
    state, _events = engine.apply(state, engine.Command(name, actor, payload, 0.0))
    return state


def drafting():
    state = engine.new_session(partners=[A, B])
    state = run(state, A, "exercise_start", exercise="i_statements", first_writer=A)
    return run(state, A, "i_statement_draft_save", **DRAFT)


def closing_line_written():
    state = engine.new_session(partners=[A, B])
    state = run(state, A, "exercise_start", exercise="active_listening", topic="Chores",
                mode="typed", first_speaker=A)
    state = run(state, A, "statement_make", text="I felt alone.")
    state = run(state, B, "paraphrase_submit", text="You felt alone.")
    state = run(state, A, "paraphrase_confirm")
    state = run(state, B, "listening_close")
    return run(state, A, "understanding_share", text="line-3f9d")


def i_statement_closing_chosen():
    state = drafting()
    state = run(state, A, "i_statement_share", feeling="lonely", situation="on Sunday",
                need="closeness", request="a walk")
    state = run(state, B, "i_statement_paraphrase", text="You felt lonely.")
    state = run(state, A, "i_statement_paraphrase_confirm")
    state = run(state, B, "i_statement_offer", text="A walk tonight.")
    return run(state, A, "i_statement_close", outcome="carried_over")


def test_every_exercise_says_where_its_private_text_lives():
    assert set(PRIVATE_PER_AUTHOR) == set(engine.EXERCISES)


def test_every_draft_field_is_in_a_listed_place():
    hidden = json.dumps(private_map(drafting(), lambda _value: "hidden"))
    for value in DRAFT.values():
        assert value not in hidden


def test_an_unrevealed_closing_line_is_in_a_listed_place():
    state = closing_line_written()
    assert "line-3f9d" in json.dumps(state)
    assert "line-3f9d" not in json.dumps(private_map(state, lambda _value: "hidden"))


def test_an_unrevealed_closing_choice_is_in_a_listed_place():
    state = i_statement_closing_chosen()
    assert "carried_over" in json.dumps(state["exercise"])
    assert "carried_over" not in json.dumps(private_map(state, lambda _v: "hidden")["exercise"])


def test_mapping_private_values_leaves_the_state_unchanged():
    state = drafting()
    before = json.dumps(state, sort_keys=True)
    private_map(state, lambda _value: "hidden")
    assert json.dumps(state, sort_keys=True) == before


def test_dropping_an_authors_private_text_keeps_the_partners():
    state = closing_line_written()
    state["exercise"]["understandings"][B] = "partner-line-77"
    dropped = json.dumps(private_drop(state, A))
    assert "line-3f9d" not in dropped and "partner-line-77" in dropped


def test_stopping_an_exercise_drops_its_unrevealed_closing_line():
    state = run(closing_line_written(), B, "exercise_stop")
    assert "line-3f9d" not in json.dumps(state)


def test_ending_the_session_drops_an_unsaved_draft():
    state = run(drafting(), B, "session_end")
    dumped = json.dumps(state)
    assert not any(value in dumped for key, value in DRAFT.items() if key != "feeling")


def test_stopping_an_exercise_drops_an_unrevealed_closing_choice():
    state = run(i_statement_closing_chosen(), A, "exercise_stop")
    assert "carried_over" not in json.dumps(state)
