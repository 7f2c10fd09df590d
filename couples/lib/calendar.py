"""iCalendar (RFC 5545) events for agreed rituals of connection and for a
therapist's homework, with the ``icalendar`` library: stable UIDs, the first
occurrence and the recurrence rule of a ritual's schedule, one all-day event
per homework occurrence on its due date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Event as CalendarEvent

from couples.models import Homework, Ritual
from exercises import engine
from exercises import rituals as ritual_rules

CALENDAR_REFRESH = timedelta(hours=12)
"""How often calendar apps are asked to fetch a subscription again."""


UID_DOMAIN = "rituals.attune"
HOMEWORK_UID_DOMAIN = "homework.attune"


def _on_schedule(ritual: Ritual, day: date) -> bool:
    """Whether ``day`` is one of the ritual's days (time of day aside)."""
    if ritual.frequency == Ritual.Frequency.WEEKLY and ritual.weekdays:
        return ritual_rules.WEEKDAYS[day.weekday()] in ritual.weekdays
    if ritual.frequency == Ritual.Frequency.MONTHLY and ritual.month_day:
        return day.day == ritual.month_day
    if ritual.frequency == Ritual.Frequency.YEARLY and ritual.month and ritual.month_day:
        return (day.month, day.day) == (ritual.month, ritual.month_day)
    return True


FIRST_OCCURRENCE_HORIZON = timedelta(days=366 * 8)
"""How far ahead the first occurrence is looked for: a yearly ritual on
29 February waits at most eight years (1896 → 1904)."""


def first_occurrence(ritual: Ritual) -> date:
    """The first day on or after ``starts_on`` that the schedule includes, so
    DTSTART is synchronised with the RRULE (RFC 5545, 3.8.5.3): the next
    chosen weekday, the next ``month_day`` of a month, the next ``month_day``
    of ``month`` (a leap year's for 29 February)."""
    day = ritual.starts_on
    last = day + FIRST_OCCURRENCE_HORIZON
    while not _on_schedule(ritual, day) and day < last:
        day += timedelta(days=1)
    return day


def ritual_uid(ritual: Ritual) -> str:
    """A UID that stays the same across downloads and edits, so calendar
    apps update the event instead of adding a new one."""
    return f"ritual-{ritual.public_id}@{UID_DOMAIN}"


def calendar_event(ritual: Ritual, now: datetime) -> CalendarEvent:
    """One VEVENT for ``ritual``: a stable UID, DTSTAMP ``now`` (UTC), its first
    occurrence and duration in its own time zone, and the RRULE of its
    schedule (RFC 5545; ``exercises.rituals.recurrence_rule``: DAILY,
    WEEKLY;BYDAY, MONTHLY;BYMONTHDAY or YEARLY;BYMONTH;BYMONTHDAY)."""
    event = CalendarEvent()
    event.add("uid", ritual_uid(ritual))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("created", ritual.created_at.astimezone(UTC))
    event.add("last-modified", ritual.updated_at.astimezone(UTC))
    event.add("sequence", ritual.sequence)
    event.add("summary", ritual.title)
    event.add(
        "dtstart",
        datetime.combine(first_occurrence(ritual), ritual.time_of_day, ZoneInfo(ritual.time_zone)),
    )
    event.add("duration", timedelta(minutes=ritual.duration_minutes))
    event.add(
        "rrule",
        ritual_rules.recurrence_rule(
            {
                "frequency": ritual.frequency,
                "weekdays": ritual.weekdays,
                "month": ritual.month,
                "month_day": ritual.month_day,
            }
        ),
    )
    event.add("categories", [ritual_rules.ritual_kind_title(ritual.kind)])
    event.add(
        "description",
        f"{ritual.details}\n\nWho does what: {ritual.roles}\n\n"
        f"{ritual_rules.ritual_kind_title(ritual.kind)}: a ritual of connection you "
        "agreed on together in Attune.",
    )
    event.add("transp", "OPAQUE")
    return event


def homework_uid(homework: Homework) -> str:
    """A UID that stays the same across downloads (the row's id), so a
    calendar app updates the occurrence (done, say) instead of adding one."""
    return f"homework-{homework.pk}@{HOMEWORK_UID_DOMAIN}"


def homework_event(homework: Homework, now: datetime) -> CalendarEvent:
    """One all-day VEVENT on ``homework.due_on`` (``DTSTART;VALUE=DATE``,
    one day long, RFC 5545 3.6.1): a stable UID, DTSTAMP ``now`` (UTC),
    SUMMARY with the exercise's title ("Done: …" once it is done, with
    SEQUENCE 1 so calendar apps take the change), the therapist's note in
    DESCRIPTION, and TRANSP:TRANSPARENT (it blocks no time)."""
    spec = engine.EXERCISES.get(homework.exercise)
    title = spec.title if spec is not None else homework.exercise
    done = homework.completed_at is not None
    event = CalendarEvent()
    event.add("uid", homework_uid(homework))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("created", homework.assigned_at.astimezone(UTC))
    event.add("sequence", 1 if done else 0)
    event.add("summary", f"{'Done: ' if done else 'Homework: '}{title}")
    event.add("dtstart", homework.due_on)
    event.add("dtend", homework.due_on + timedelta(days=1))
    event.add("categories", ["Homework"])
    event.add(
        "description",
        "\n\n".join(
            part
            for part in (
                homework.note,
                "Practice from your therapist. It is done when you finish this exercise "
                "together in an Attune practice session.",
            )
            if part
        ),
    )
    event.add("transp", "TRANSPARENT")
    return event
