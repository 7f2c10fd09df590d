"""iCalendar (RFC 5545) events for agreed rituals of connection, with the
``icalendar`` library: stable UIDs, the first occurrence and the recurrence
rule of a ritual's schedule.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Event as CalendarEvent

from couples.models import Ritual
from exercises import rituals as ritual_rules

CALENDAR_REFRESH = timedelta(hours=12)
"""How often calendar apps are asked to fetch a subscription again."""


UID_DOMAIN = "rituals.attune"


def first_occurrence(ritual: Ritual) -> date:
    """The first day on or after ``starts_on`` that the schedule includes, so
    DTSTART is synchronised with the RRULE (RFC 5545, 3.8.5.3)."""
    day = ritual.starts_on
    if ritual.frequency == Ritual.Frequency.WEEKLY and ritual.weekdays:
        while ritual_rules.WEEKDAYS[day.weekday()] not in ritual.weekdays:
            day += timedelta(days=1)
    return day


def ritual_uid(ritual: Ritual) -> str:
    """A UID that stays the same across downloads and edits, so calendar
    apps update the event instead of adding a new one."""
    return f"ritual-{ritual.public_id}@{UID_DOMAIN}"


def _calendar_event(ritual: Ritual, now: datetime) -> CalendarEvent:
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
    rule: dict[str, Any] = {"freq": ritual.frequency}
    if ritual.frequency == Ritual.Frequency.WEEKLY:
        rule["byday"] = list(ritual.weekdays)
    event.add("rrule", rule)
    event.add("categories", [ritual_rules.ritual_kind_title(ritual.kind)])
    event.add(
        "description",
        f"{ritual.details}\n\nWho does what: {ritual.roles}\n\n"
        f"{ritual_rules.ritual_kind_title(ritual.kind)}: a ritual of connection you "
        "agreed on together in Attune.",
    )
    event.add("transp", "OPAQUE")
    return event
