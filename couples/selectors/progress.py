"""My practice record over weeks, derived, never stored: exercises done,
repairs sent and received, time-outs returned from (from the session event
log), rituals the couple marked "we did it" (at most one a ritual a day),
and the solo practice kept (check-ins, reflections, self-assessments,
boundaries, rehearsals).

No streaks, no badges, no reminders: a week without practice is simply a
row of zeros, never a broken chain (the "progress without nagging" of
docs/self_assessments.md; self-determination theory warns that controlling
rewards undermine the motivation they aim at, Deci, Koestner & Ryan 1999).
Reads only; a person sees their own record alone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from couples.models import (
    AssessmentResult,
    Boundary,
    DailyCheckIn,
    Reflection,
    Rehearsal,
    RitualKept,
    SessionEvent,
    User,
)
from couples.selectors.space import couple_of

WEEKS = 8
"""How many weeks the record shows (the current one included)."""

COLUMNS = {
    "exercises": "Exercises done together",
    "repairs_sent": "Repairs I sent",
    "repairs_received": "Repairs I received",
    "time_outs_returned": "Time-outs I came back from",
    "rituals_kept": "Rituals we kept",
    "checkins": "Daily check-ins",
    "reflections": "Reflections",
    "solo": "Assessments, boundaries and rehearsals",
}
"""The record's columns, in order, with their headings."""


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def practice_record(user: User, *, weeks: int = WEEKS, today: date | None = None) -> dict[str, Any]:
    """``user``'s practice, one row per week (Monday to Sunday, local time),
    newest first: ``{"columns": COLUMNS, "weeks": [{"week_of": date,
    "counts": {column: int}, "any": bool}], "totals": {column: int}}``.

    Session counts come from the event log of the sessions of ``user``'s
    current couple: ``exercise_completed`` events, ``repair_sent`` events
    from or to them, ``time_out_returned`` events by them. Solo counts come
    from the rows they own (nothing sealed is opened).
    """
    today = today or timezone.localdate()
    first = _week_start(today) - timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    starts = [_week_start(today) - timedelta(weeks=i) for i in range(weeks)]
    rows = {start: dict.fromkeys(COLUMNS, 0) for start in starts}

    def add(when: datetime, column: str) -> None:
        start = _week_start(timezone.localtime(when).date())
        if start in rows:
            rows[start][column] += 1

    me = str(user.pk)
    couple = couple_of(user)
    if couple is not None:
        events = SessionEvent.objects.filter(
            session__couple=couple, created_at__gte=since
        ).only("events", "created_at")
        for stored in events.iterator():
            _count_events(stored.events, stored.created_at, me, add)
        for day in RitualKept.objects.filter(ritual__couple=couple, on__gte=first).values_list(
            "on", flat=True
        ):
            start = _week_start(day)
            if start in rows:
                rows[start]["rituals_kept"] += 1
    for model, column in (
        (DailyCheckIn, "checkins"),
        (Reflection, "reflections"),
        (AssessmentResult, "solo"),
        (Boundary, "solo"),
        (Rehearsal, "solo"),
    ):
        for when in model.objects.filter(author=user, created_at__gte=since).values_list(
            "created_at", flat=True
        ):
            add(when, column)
    listed: list[dict[str, Any]] = [
        {"week_of": s, "counts": rows[s], "any": any(rows[s].values())} for s in starts
    ]
    totals = {c: sum(r["counts"][c] for r in listed) for c in COLUMNS}
    return {"columns": COLUMNS, "weeks": listed, "totals": totals}


def _count_events(events: list[dict[str, Any]], when: datetime, me: str, add: Any) -> None:
    for event in events:
        if event.get("private_to") is not None:
            continue  # private events are sealed; none of the counted ones is private
        data = event.get("data") or {}
        kind = event.get("type")
        if kind == "exercise_completed":
            add(when, "exercises")
        elif kind == "repair_sent":
            if data.get("from") == me:
                add(when, "repairs_sent")
            elif data.get("to") == me:
                add(when, "repairs_received")
        elif kind == "time_out_returned" and data.get("by") == me:
            add(when, "time_outs_returned")
