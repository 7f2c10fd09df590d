"""Time around the floor in active listening (exercises/listening_time.py):
the practice length and its gentle cue, the short pause, and the talk-time
balance shown at the end. No database; clocks are the commands' ``now``."""

from __future__ import annotations

import pytest

from exercises import engine

A, B = "1", "2"
T0 = 10_000.0


def run(state, actor, command, now, **payload):
    return engine.apply(state, engine.Command(command, actor, payload, now=now))


def rejected(state, actor, command, code, now, **payload):
    with pytest.raises(engine.RuleError) as caught:
        run(state, actor, command, now, **payload)
    assert caught.value.code == code
    return caught.value


def started(**options):
    state = engine.new_session(partners=[A, B])
    state, _ = run(state, A, "exercise_start", T0, exercise="active_listening", topic="Chores",
                   mode="typed", first_speaker=A, **options)
    return state


def exchange(state, now, speaker=A, listener=B):
    state, _ = run(state, speaker, "statement_make", now, text="a piece")
    state, _ = run(state, listener, "paraphrase_submit", now, text="what I hear")
    state, _ = run(state, speaker, "paraphrase_confirm", now)
    return state


# --- practice length ------------------------------------------------------------------


def test_the_practice_lasts_ten_minutes_unless_the_couple_chooses():
    assert started()["exercise"]["practice"] == {
        "minutes": 10, "started_at": T0, "cue_at": T0 + 600}
    assert started(practice_minutes=15)["exercise"]["practice"]["cue_at"] == T0 + 900


def test_the_practice_length_is_five_to_fifteen_whole_minutes():
    state = engine.new_session(partners=[A, B])
    base = {"exercise": "active_listening", "topic": "x", "first_speaker": A}
    rejected(state, A, "exercise_start", "practice_length_out_of_range", T0,
             **base, practice_minutes=4)
    rejected(state, A, "exercise_start", "practice_length_out_of_range", T0,
             **base, practice_minutes=16)
    rejected(state, A, "exercise_start", "invalid_choice", T0, **base, practice_minutes="10")


def test_the_practice_cue_is_a_cue_not_a_cut_off():
    state = started(practice_minutes=5)
    state = exchange(state, T0 + 20 * 60)
    assert state["exercise"]["exchange_count"] == 1


# --- the short pause --------------------------------------------------------------------


def test_either_partner_can_call_a_short_pause_with_a_server_deadline():
    state, events = run(started(), B, "listening_pause_call", T0 + 30, minutes=3)
    pause = state["exercise"]["pause"]
    assert pause == {"id": "p1", "by": B, "minutes": 3, "started_at": T0 + 30,
                     "ends_at": T0 + 30 + 180}
    assert events[0].type == "listening_pause_called"
    assert state["time_out"] is None


def test_a_short_pause_lasts_one_to_five_minutes():
    state = started()
    rejected(state, A, "listening_pause_call", "pause_length_out_of_range", T0, minutes=0)
    rejected(state, A, "listening_pause_call", "pause_length_out_of_range", T0, minutes=6)
    rejected(state, A, "listening_pause_call", "invalid_choice", T0, minutes=2.5)
    state, _ = run(state, A, "listening_pause_call", T0)
    assert state["exercise"]["pause"]["minutes"] == 2


def test_during_a_short_pause_the_exchange_waits_but_repairs_still_work():
    state, _ = run(started(), A, "listening_pause_call", T0, minutes=2)
    error = rejected(state, A, "statement_make", "short_pause_active", T0 + 60, text="hm")
    assert error.details == {"ends_at": T0 + 120, "seconds_left": 60}
    rejected(state, B, "listening_pause_call", "short_pause_active", T0 + 60)
    state, _ = run(state, B, "repair_send", T0 + 60, text="Thanks for stopping us")
    assert state["repairs"][-1]["from"] == B


def test_the_pause_ends_by_itself_at_the_deadline():
    state, _ = run(started(), A, "listening_pause_call", T0, minutes=2)
    state, events = run(state, A, "statement_make", T0 + 121, text="Where were we")
    assert [e.type for e in events] == ["listening_pause_ended", "statement_made"]
    assert events[0].data == {"id": "p1", "by": None, "early": False, "seconds": 120}
    assert state["exercise"]["pause"] is None


def test_either_partner_can_end_the_pause_early():
    state, _ = run(started(), A, "listening_pause_call", T0, minutes=5)
    state, events = run(state, B, "listening_pause_end", T0 + 40)
    assert events[0].data == {"id": "p1", "by": B, "early": True, "seconds": 40}
    state, _ = run(state, A, "statement_make", T0 + 41, text="go on")
    rejected(state, B, "listening_pause_end", "no_short_pause", T0 + 42)


def test_a_pause_moves_the_practice_cue_later_by_its_length():
    state, _ = run(started(), A, "listening_pause_call", T0, minutes=1)
    state, _ = run(state, A, "listening_pause_end", T0 + 30)
    assert state["exercise"]["practice"]["cue_at"] == T0 + 600 + 30


def test_a_short_pause_is_not_offered_in_the_closing_round():
    state = exchange(started(), T0)
    state, _ = run(state, A, "listening_close", T0)
    rejected(state, A, "listening_pause_call", "out_of_turn", T0)


# --- talk-time balance ------------------------------------------------------------------


def test_the_talk_time_balance_counts_pieces_and_seconds_on_the_floor():
    state = exchange(started(), T0 + 10)
    state = exchange(state, T0 + 20)
    state, _ = run(state, A, "floor_pass", T0 + 120)
    state = exchange(state, T0 + 150, speaker=B, listener=A)
    state, events = run(state, A, "listening_close", T0 + 180)
    balance = {A: {"pieces": 2, "floor_seconds": 120}, B: {"pieces": 1, "floor_seconds": 60}}
    assert state["exercise"]["talk_time"] == balance
    assert events[-1].type == "closing_started" and events[-1].data["talk_time"] == balance


def test_pauses_and_time_outs_do_not_count_as_floor_time():
    state, _ = run(started(), B, "listening_pause_call", T0 + 10, minutes=1)
    state = exchange(state, T0 + 70)  # the pause ran out at T0 + 70
    state, _ = run(state, B, "time_out_call", T0 + 100)
    state, _ = run(state, A, "time_out_return", T0 + 100 + 1200)
    state, _ = run(state, B, "time_out_return", T0 + 100 + 1300)
    state, _ = run(state, A, "listening_close", T0 + 1500)
    assert state["exercise"]["talk_time"][A]["floor_seconds"] == 1500 - 60 - 1300


def test_both_partners_see_the_balance_in_the_summary():
    state = exchange(started(), T0)
    state, _ = run(state, B, "listening_close", T0 + 90)
    state, _ = run(state, A, "understanding_share", T0 + 100, text="a")
    state, _ = run(state, B, "understanding_share", T0 + 110, text="b")
    summary = state["completed"][-1]["summary"]
    assert summary["talk_time"] == {A: {"pieces": 1, "floor_seconds": 90},
                                    B: {"pieces": 0, "floor_seconds": 0}}
    assert engine.view(state, B)["completed"][-1]["summary"]["talk_time"] == summary["talk_time"]
