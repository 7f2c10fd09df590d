"""Ritual planning in the engine: proposing, editing, accepting, withdrawing,
revisions and validation codes, with no database."""

from __future__ import annotations

import pytest

from exercises import engine
from exercises.rituals import (
    MAX_DETAILS_CHARS,
    MAX_PROPOSALS,
    MAX_TITLE_CHARS,
    recurrence_rule,
    ritual_fields_clean,
    ritual_kinds,
)

A, B, THERAPIST = "1", "2", "9"

CHECK_IN = {
    "kind": "daily_check_in",
    "title": "Evening check-in",
    "details": "Ten minutes on the sofa, phones in the kitchen: how was your day, really?",
    "roles": "Whoever gets home last puts the kettle on; we each get five minutes.",
    "frequency": "daily",
    "time": "20:30",
    "duration_minutes": 10,
    "timezone": "Europe/Paris",
}


def run(state, actor, command, **payload):
    return engine.apply(state, engine.Command(command, actor, payload, now=1_700_000_000.0))


def rejected(state, actor, command, code, **payload):
    with pytest.raises(engine.RuleError) as caught:
        run(state, actor, command, **payload)
    assert caught.value.code == code
    return caught.value


def started():
    state = engine.new_session(partners=[A, B], facilitators=[THERAPIST])
    state, _ = run(state, A, "exercise_start", exercise="ritual_planning")
    return state


def proposed(state=None, actor=A, **changes):
    state, events = run(state or started(), actor, "ritual_propose", **{**CHECK_IN, **changes})
    return state, events[0].data["proposal"]


def proposal(state, proposal_id="r1"):
    return next(p for p in state["exercise"]["proposals"] if p["id"] == proposal_id)


def test_every_kind_of_ritual_has_our_own_explanation_and_a_valid_suggestion():
    ids = [kind["id"] for kind in ritual_kinds()]
    assert ids == [
        "daily_check_in", "goodbye_and_reunion", "stress_reducing_conversation", "meals_together",
        "bedtime", "weekly_date", "state_of_the_relationship", "celebrations",
        "monthly_outing", "anniversaries", "annual_review", "holiday_traditions",
    ]
    for kind in ritual_kinds():
        assert len(kind["explanation"]) > 60
        suggestion = {**CHECK_IN, "kind": kind["id"], **kind["suggested"]}
        assert ritual_fields_clean(suggestion)["frequency"] == kind["suggested"]["frequency"]


def test_proposing_counts_as_accepting_so_the_proposal_starts_accepted_by_its_proposer():
    state, made = proposed()
    assert made["id"] == "r1" and made["revision"] == 1
    assert made["status"] == "open" and made["accepted_by"] == [A]
    assert made["proposed_by"] == A and made["title"] == "Evening check-in"
    assert state["exercise"]["proposals"] == [made]


def test_a_weekly_proposal_keeps_its_days_monday_first_without_repeats():
    _, made = proposed(kind="weekly_date", frequency="weekly", weekdays=["SU", "FR", "SU"])
    assert made["weekdays"] == ["FR", "SU"]


def test_a_daily_proposal_has_no_weekdays():
    _, made = proposed(weekdays=["MO"])
    assert made["weekdays"] == []


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"kind": "spa_day"}, "invalid_choice", "kind"),
        ({"title": "   "}, "text_required", "title"),
        ({"title": "x" * (MAX_TITLE_CHARS + 1)}, "text_too_long", "title"),
        ({"details": ""}, "text_required", "details"),
        ({"details": "x" * (MAX_DETAILS_CHARS + 1)}, "text_too_long", "details"),
        ({"roles": None}, "text_required", "roles"),
        ({"frequency": "fortnightly"}, "invalid_choice", "frequency"),
        ({"frequency": "monthly"}, "invalid_month_day", "month_day"),
        ({"frequency": "monthly", "month_day": 29}, "invalid_month_day", "month_day"),
        ({"frequency": "monthly", "month_day": "1"}, "invalid_month_day", "month_day"),
        ({"frequency": "yearly", "month_day": 5}, "invalid_month", "month"),
        ({"frequency": "yearly", "month": 13, "month_day": 5}, "invalid_month", "month"),
        ({"frequency": "yearly", "month": 4, "month_day": 31}, "invalid_month_day", "month_day"),
        ({"frequency": "yearly", "month": 2, "month_day": 30}, "invalid_month_day", "month_day"),
        ({"frequency": "weekly"}, "invalid_weekdays", "weekdays"),
        ({"frequency": "weekly", "weekdays": []}, "invalid_weekdays", "weekdays"),
        ({"frequency": "weekly", "weekdays": ["MON"]}, "invalid_weekdays", "weekdays"),
        ({"time": "8pm"}, "invalid_time_of_day", "time"),
        ({"time": "24:00"}, "invalid_time_of_day", "time"),
        ({"duration_minutes": 0}, "invalid_duration", "duration_minutes"),
        ({"duration_minutes": 481}, "invalid_duration", "duration_minutes"),
        ({"duration_minutes": "10"}, "invalid_duration", "duration_minutes"),
        ({"timezone": "Mars/Olympus_Mons"}, "invalid_time_zone", "timezone"),
        ({"timezone": "CEST"}, "invalid_time_zone", "timezone"),
        ({"timezone": "../../etc/passwd"}, "invalid_time_zone", "timezone"),
        ({"timezone": None}, "invalid_time_zone", "timezone"),
    ],
)
def test_a_proposal_with_a_bad_field_is_refused_with_its_code_and_changes_nothing(
    changes, code, field
):
    state = started()
    error = rejected(state, A, "ritual_propose", code, **{**CHECK_IN, **changes})
    assert error.details["field"] == field
    assert state["exercise"]["proposals"] == [] and state["version"] == 1


def test_any_iana_time_zone_is_accepted():
    _, made = proposed(timezone="America/Argentina/Buenos_Aires")
    assert made["timezone"] == "America/Argentina/Buenos_Aires"


def test_the_other_partners_acceptance_agrees_a_proposal():
    state, _ = proposed()
    assert proposal(state)["status"] == "open" and proposal(state)["accepted_by"] == [A]
    state, events = run(state, B, "ritual_accept", proposal_id="r1", revision=1)
    assert [e.type for e in events] == ["ritual_accepted", "ritual_agreed"]
    agreed = events[1].data["proposal"]
    assert agreed["status"] == "agreed" and agreed["revision"] == 1
    assert sorted(agreed["accepted_by"]) == [A, B] and agreed["agreed_at"] == 1_700_000_000.0


def test_accepting_twice_is_refused_and_so_is_accepting_ones_own_proposal():
    state, _ = proposed()
    rejected(state, A, "ritual_accept", "already_accepted", proposal_id="r1", revision=1)
    state, _ = proposed(actor=B)
    rejected(state, B, "ritual_accept", "already_accepted", proposal_id="r1", revision=1)


def test_accepting_a_stale_revision_is_refused_with_the_current_one():
    state, _ = proposed()
    state, _ = run(state, B, "ritual_edit", proposal_id="r1", revision=1, time="21:00")
    error = rejected(state, A, "ritual_accept", "revision_stale", proposal_id="r1", revision=1)
    assert error.details == {"proposal_id": "r1", "revision": 2}
    assert proposal(state)["accepted_by"] == [B]


def test_either_partner_edits_and_the_revision_goes_up():
    state, _ = proposed(actor=A)
    state, events = run(state, B, "ritual_edit", proposal_id="r1", revision=1,
                        frequency="weekly", weekdays=["TU", "TH"], duration_minutes=15)
    edited = proposal(state)
    assert edited["revision"] == 2 and edited["edited_by"] == B
    assert (edited["frequency"], edited["weekdays"], edited["duration_minutes"]) == (
        "weekly", ["TU", "TH"], 15)
    assert edited["title"] == CHECK_IN["title"]  # fields not sent stay
    assert events[0].type == "ritual_edited"
    assert events[0].data["changed"] == ["frequency", "weekdays", "duration_minutes"]


def test_an_edit_counts_as_the_editors_acceptance_and_asks_the_other_again():
    state, _ = proposed()
    state, events = run(state, B, "ritual_edit", proposal_id="r1", revision=1,
                        details="Fifteen minutes, on the balcony when it is warm.")
    assert [e.type for e in events] == ["ritual_edited"]  # not agreed: A saw revision 1 only
    assert proposal(state)["accepted_by"] == [B]
    assert events[0].data["acceptances_cleared"] == [A]
    rejected(state, B, "ritual_accept", "already_accepted", proposal_id="r1", revision=2)
    state, events = run(state, A, "ritual_accept", proposal_id="r1", revision=2)
    assert events[-1].type == "ritual_agreed"
    details = events[-1].data["proposal"]["details"]
    assert details == "Fifteen minutes, on the balcony when it is warm."


def test_an_edit_that_changes_nothing_is_refused_and_keeps_acceptances():
    state, _ = proposed()
    rejected(state, B, "ritual_edit", "nothing_changed", proposal_id="r1", revision=1,
             title="  Evening check-in ")
    assert proposal(state)["accepted_by"] == [A]


def test_an_edit_of_a_stale_revision_is_refused():
    state, _ = proposed()
    state, _ = run(state, A, "ritual_edit", proposal_id="r1", revision=1, time="21:00")
    rejected(state, B, "ritual_edit", "revision_stale", proposal_id="r1", revision=1, time="19:00")
    assert proposal(state)["time"] == "21:00"


def test_an_invalid_edit_changes_nothing():
    state, _ = proposed()
    rejected(state, B, "ritual_edit", "invalid_weekdays", proposal_id="r1", revision=1,
             frequency="weekly")
    assert proposal(state)["revision"] == 1 and proposal(state)["frequency"] == "daily"


def test_an_agreed_ritual_is_settled_in_the_session():
    state, _ = proposed()
    state, _ = run(state, B, "ritual_accept", proposal_id="r1", revision=1)
    rejected(state, A, "ritual_edit", "ritual_already_agreed", proposal_id="r1", revision=1,
             time="07:00")
    rejected(state, A, "ritual_withdraw", "ritual_already_agreed", proposal_id="r1")
    rejected(state, A, "ritual_accept", "ritual_already_agreed", proposal_id="r1", revision=1)


def test_the_proposer_can_withdraw_an_open_proposal():
    state, _ = proposed(actor=B)
    state, events = run(state, B, "ritual_withdraw", proposal_id="r1")
    assert proposal(state)["status"] == "withdrawn"
    assert events[0].type == "ritual_withdrawn" and events[0].data["title"] == "Evening check-in"
    rejected(state, A, "ritual_accept", "proposal_withdrawn", proposal_id="r1", revision=1)
    rejected(state, A, "ritual_edit", "proposal_withdrawn", proposal_id="r1", revision=1,
             time="07:00")


def test_only_the_proposer_can_withdraw():
    state, _ = proposed(actor=A)
    rejected(state, B, "ritual_withdraw", "not_proposer", proposal_id="r1")


def test_an_unknown_proposal_is_refused():
    state, _ = proposed()
    rejected(state, A, "ritual_accept", "unknown_proposal", proposal_id="r7", revision=1)


def test_only_partners_take_part_in_ritual_planning():
    state, _ = proposed()
    rejected(state, THERAPIST, "ritual_accept", "not_allowed_for_role", proposal_id="r1",
             revision=1)
    rejected(state, THERAPIST, "ritual_propose", "not_allowed_for_role", **CHECK_IN)
    rejected(state, "42", "ritual_accept", "not_a_participant", proposal_id="r1", revision=1)


def test_ritual_commands_need_the_ritual_exercise_running():
    state = engine.new_session(partners=[A, B])
    rejected(state, A, "ritual_propose", "no_exercise", **CHECK_IN)
    state, _ = run(state, A, "exercise_start", exercise="active_listening", topic="Chores",
                   mode="typed", first_speaker=A)
    rejected(state, A, "ritual_propose", "wrong_exercise", **CHECK_IN)


def test_proposals_are_capped():
    state = started()
    for _ in range(MAX_PROPOSALS):
        state, _ = proposed(state)
    rejected(state, A, "ritual_propose", "too_many_proposals", **CHECK_IN)


def test_finishing_needs_an_agreed_ritual():
    state, _ = proposed()
    rejected(state, A, "ritual_planning_finish", "no_ritual_agreed")


def test_finishing_completes_the_exercise_with_the_agreed_rituals_in_its_summary():
    state, _ = proposed()
    state, _ = proposed(state, actor=B, kind="weekly_date", title="Friday date",
                        frequency="weekly", weekdays=["FR"])
    state, _ = run(state, B, "ritual_accept", proposal_id="r1", revision=1)
    state, events = run(state, B, "ritual_planning_finish")
    assert events[-1].type == "exercise_completed"
    record = state["completed"][-1]
    assert record["kind"] == "ritual_planning" and record["finished"] is True
    assert [r["title"] for r in record["summary"]["agreed"]] == ["Evening check-in"]
    assert record["summary"]["not_agreed"] == 1
    assert state["exercise"] is None


def test_both_partners_see_every_proposal():
    state, _ = proposed(actor=A)
    assert engine.view(state, B)["exercise"]["proposals"] == state["exercise"]["proposals"]



# --- monthly and yearly rhythms ----------------------------------------------------------


def test_a_yearly_anniversary_falls_on_its_day_of_its_month():
    _, made = proposed(kind="anniversaries", title="Our wedding day", frequency="yearly",
                       month=6, month_day=14, weekdays=["MO"])
    assert (made["frequency"], made["month"], made["month_day"], made["weekdays"]) == (
        "yearly", 6, 14, [])
    assert recurrence_rule(made) == {"freq": "YEARLY", "bymonth": [6], "bymonthday": [14]}


def test_a_monthly_ritual_falls_on_a_day_every_month_has():
    _, made = proposed(frequency="monthly", month_day=28, month=3)
    assert (made["month"], made["month_day"]) == (None, 28)
    assert recurrence_rule(made) == {"freq": "MONTHLY", "bymonthday": [28]}


def test_the_29th_of_february_is_a_yearly_day():
    _, made = proposed(frequency="yearly", month=2, month_day=29)
    assert made["month_day"] == 29


def test_daily_and_weekly_rituals_have_no_month_or_day():
    _, made = proposed(month=5, month_day=3)
    assert (made["month"], made["month_day"]) == (None, None)
    assert recurrence_rule(made) == {"freq": "DAILY"}
    _, weekly = proposed(frequency="weekly", weekdays=["FR"])
    assert recurrence_rule(weekly) == {"freq": "WEEKLY", "byday": ["FR"]}


def test_a_daily_ritual_can_become_yearly_by_an_edit():
    state, made = proposed()
    state, events = run(state, B, "ritual_edit", proposal_id=made["id"], revision=1,
                        frequency="yearly", month=12, month_day=24)
    assert events[0].data["changed"] == ["frequency", "month", "month_day"]


def test_there_are_kinds_for_anniversaries_an_annual_review_and_holiday_traditions():
    rhythms = {k["id"]: k["suggested"]["frequency"] for k in ritual_kinds()}
    assert rhythms["anniversaries"] == rhythms["annual_review"] == "yearly"
    assert rhythms["holiday_traditions"] == "yearly" and "monthly" in rhythms.values()
